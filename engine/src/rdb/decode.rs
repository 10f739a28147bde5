//! Reading values as `rdbLoadObject` reads them, every type Redis 7.0 reads, with the
//! conversions it makes after loading (a listpack over the limits becomes a table, a
//! sorted set small enough becomes a listpack...). Nothing here trusts a length: every
//! read is bounds-checked and no allocation is sized from the input alone.

use crate::small_bytes::{SmallBytes, StrBytes};
use std::collections::BTreeSet;

use super::io::*;
use super::legacy::{intset_values, ziplist_entries, zipmap_pairs};
use super::listpack::{self, Elem};
use crate::config::Config;
use crate::dict::Dict;
use crate::rng::Rng;
use crate::types::hash::Hash;
use crate::types::set::Set;
use crate::types::zset::ZSet;
use crate::value::{StrValue, Value};

/// The encoding limits in force while loading (Redis reads its `server.*` settings).
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub hash_entries: usize,
    pub hash_value: usize,
    pub intset_entries: usize,
    pub zset_entries: usize,
    pub zset_value: usize,
    /// Integers 0..9999 are shared objects (no maxmemory with an LRU/LFU policy).
    pub shared_integers: bool,
}

impl Limits {
    pub fn of(config: &Config) -> Limits {
        Limits {
            hash_entries: config.hash_max_listpack_entries(),
            hash_value: config.hash_max_listpack_value(),
            intset_entries: config.set_max_intset_entries().min(1 << 30),
            zset_entries: config.zset_max_listpack_entries(),
            zset_value: config.zset_max_listpack_value(),
            shared_integers: config.shares_integers(),
        }
    }
}

/// What loading a value needs: the limits and the generator skiplists draw from.
pub struct Ctx<'r> {
    pub rng: &'r mut Rng,
    pub limits: Limits,
}

/// Whether `t` is a value type (`rdbIsObjectType`).
pub fn is_object_type(t: u8) -> bool {
    t <= 7 || (9..=19).contains(&t)
}

impl Ctx<'_> {
    /// RESTORE's reading of a payload: the type, then the value (the footer is not
    /// looked at again: bytes between the value and it are ignored, as in Redis).
    pub fn value_with_type(&mut self, payload: &[u8]) -> Result<Value, super::RdbError> {
        let mut input = In::new(payload);
        let fail = |input: &In, message: String| super::RdbError {
            message,
            offset: input.pos,
        };
        let t = match input.byte() {
            Ok(t) if is_object_type(t) => t,
            _ => return Err(fail(&input, "Bad data format".into())),
        };
        match self.value(&mut input, t) {
            Ok(v) => Ok(v),
            Err(Fail::Empty) => Err(fail(&input, "Empty keys are not allowed".into())),
            Err(Fail::Bad(m)) => Err(fail(&input, m)),
        }
    }

    fn string_value(&self, bytes: StrBytes) -> Value {
        Value::String(StrValue {
            bytes,
            unshared: !self.limits.shared_integers,
            ..StrValue::default()
        })
    }

    /// `rdbLoadObject`.
    pub fn value(&mut self, input: &mut In, t: u8) -> Res<Value> {
        match t {
            TYPE_STRING => Ok(self.string_value(input.str_bytes()?)),
            TYPE_LIST => {
                let n = input.count()?;
                if n == 0 {
                    return Err(Fail::Empty);
                }
                let mut list = crate::types::list::List::new();
                for _ in 0..n {
                    list.push_back(SmallBytes::new(input.string()?));
                }
                Ok(Value::List(Box::new(list)))
            }
            TYPE_SET => self.set(input),
            TYPE_ZSET | TYPE_ZSET_2 => self.zset(input, t == TYPE_ZSET_2),
            TYPE_HASH => self.hash(input),
            TYPE_LIST_QUICKLIST | TYPE_LIST_QUICKLIST_2 => self.quicklist(input, t == TYPE_LIST_QUICKLIST_2),
            TYPE_HASH_ZIPMAP | TYPE_LIST_ZIPLIST | TYPE_SET_INTSET | TYPE_ZSET_ZIPLIST | TYPE_ZSET_LISTPACK
            | TYPE_HASH_ZIPLIST | TYPE_HASH_LISTPACK => {
                let blob = input.string()?;
                self.packed(&blob, t)
            }
            TYPE_STREAM_LISTPACKS | TYPE_STREAM_LISTPACKS_2 => {
                super::stream::read(input, t == TYPE_STREAM_LISTPACKS_2).map(|s| Value::Stream(Box::new(s)))
            }
            TYPE_MODULE | TYPE_MODULE_2 => {
                let id = input.len()?;
                bad(format!(
                    "The RDB file contains module data I can't load: no matching module type '{}'",
                    module_type_name(id)
                ))
            }
            other => bad(format!("Unknown RDB encoding type {other}")),
        }
    }

    fn set(&mut self, input: &mut In) -> Res<Value> {
        let n = input.count()?;
        if n == 0 {
            return Err(Fail::Empty);
        }
        let dup = || bad("Duplicate set members detected");
        let mut ints: Option<BTreeSet<i64>> = (n <= self.limits.intset_entries).then(BTreeSet::new);
        let mut table: Dict<()> = Dict::new();
        for _ in 0..n {
            let member = input.string()?;
            if let Some(set) = ints.as_mut() {
                match crate::num::parse_i64(&member) {
                    Some(v) => {
                        if !set.insert(v) {
                            return dup();
                        }
                        continue;
                    }
                    None => {
                        for v in std::mem::take(set) {
                            table.insert(crate::num::int_bytes(v), ());
                        }
                        ints = None;
                    }
                }
            }
            if table.insert(member, ()).is_some() {
                return dup();
            }
        }
        Ok(Value::Set(Box::new(match ints {
            Some(set) => Set::IntSet(set.into_iter().collect()),
            None => {
                table.finish_rehash();
                Set::Table(table)
            }
        })))
    }

    fn zset(&mut self, input: &mut In, binary: bool) -> Res<Value> {
        let n = input.count()?;
        if n == 0 {
            return Err(Fail::Empty);
        }
        let mut entries = Vec::with_capacity(n);
        for _ in 0..n {
            let member = input.string()?;
            let score = if binary {
                input.binary_double()?
            } else {
                input.text_double()?
            };
            if score.is_nan() {
                return bad("Zset with NAN score detected");
            }
            entries.push((member, score));
        }
        let longest = entries.iter().map(|(m, _)| m.len()).max().unwrap_or(0);
        let listpack = n <= self.limits.zset_entries && longest <= self.limits.zset_value;
        self.build_zset(entries, listpack, "Duplicate zset fields detected")
    }

    fn build_zset(&mut self, entries: Vec<(Vec<u8>, f64)>, listpack: bool, dup: &str) -> Res<Value> {
        let mut z = ZSet::new(listpack);
        for (member, score) in entries {
            if !z.set(&member, score, self.rng) {
                return bad(dup);
            }
        }
        z.scores.finish_rehash();
        Ok(Value::ZSet(Box::new(z)))
    }

    fn hash(&mut self, input: &mut In) -> Res<Value> {
        let n = input.count()?;
        if n == 0 {
            return Err(Fail::Empty);
        }
        let limits = self.limits;
        let mut pairs: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
        let mut fields: BTreeSet<Vec<u8>> = BTreeSet::new();
        let mut table: Option<Dict<Vec<u8>>> = (n > limits.hash_entries).then(Dict::new);
        for _ in 0..n {
            let field = input.string()?;
            let value = input.string()?;
            if table.is_none() {
                if !fields.insert(field.clone()) {
                    return bad("Hash with dup elements");
                }
                if field.len() <= limits.hash_value && value.len() <= limits.hash_value {
                    pairs.push((field, value));
                    continue;
                }
                let mut d = Dict::new();
                for (f, v) in pairs.drain(..) {
                    d.insert(f, v);
                }
                table = Some(d);
            }
            if let Some(d) = table.as_mut() {
                if d.insert(field, value).is_some() {
                    return bad("Duplicate hash fields detected");
                }
            }
        }
        Ok(Value::Hash(Box::new(match table {
            Some(mut d) => {
                d.finish_rehash();
                Hash::Table(d)
            }
            None => Hash::Listpack(pairs),
        })))
    }

    fn quicklist(&mut self, input: &mut In, v2: bool) -> Res<Value> {
        let nodes = input.count()?;
        if nodes == 0 {
            return Err(Fail::Empty);
        }
        let mut list = crate::types::list::List::new();
        for _ in 0..nodes {
            let container = if v2 { input.len()? } else { CONTAINER_PACKED };
            if container != CONTAINER_PACKED && container != CONTAINER_PLAIN {
                return bad("Quicklist integrity check failed.");
            }
            let data = input.string()?;
            if data.is_empty() {
                return bad(EOF);
            }
            if container == CONTAINER_PLAIN {
                list.push_back(SmallBytes::new(data));
                continue;
            }
            let elems = if v2 {
                listpack::parse(&data).map_or_else(|| bad("Listpack integrity check failed."), Ok)?
            } else {
                ziplist_entries(&data).map_or_else(|| bad("Ziplist integrity check failed."), Ok)?
            };
            list.extend(elems.into_iter().map(|e| SmallBytes::new(e.to_vec())));
        }
        if list.is_empty() {
            return Err(Fail::Empty);
        }
        Ok(Value::List(Box::new(list)))
    }

    /// The types stored as one blob: zipmap, ziplist, intset, listpack.
    fn packed(&mut self, blob: &[u8], t: u8) -> Res<Value> {
        let limits = self.limits;
        match t {
            TYPE_HASH_ZIPMAP => {
                let pairs = zipmap_pairs(blob).map_or_else(|| bad("Zipmap integrity check failed."), Ok)?;
                let mut seen = BTreeSet::new();
                let mut maxlen = 0;
                for (f, v) in &pairs {
                    if !seen.insert(*f) {
                        return bad(format!("Hash zipmap with dup elements, or big length ({})", f.len()));
                    }
                    maxlen = maxlen.max(f.len()).max(v.len());
                }
                let mut h = Hash::Listpack(pairs.into_iter().map(|(f, v)| (f.to_vec(), v.to_vec())).collect());
                if h.len() > limits.hash_entries || maxlen > limits.hash_value {
                    h.convert_if_needed(0, 0);
                }
                Ok(Value::Hash(Box::new(h)))
            }
            TYPE_LIST_ZIPLIST => {
                let elems = ziplist_entries(blob).map_or_else(|| bad("List ziplist integrity check failed."), Ok)?;
                if elems.is_empty() {
                    return Err(Fail::Empty);
                }
                Ok(Value::List(Box::new(
                    elems.into_iter().map(|e| SmallBytes::new(e.to_vec())).collect(),
                )))
            }
            TYPE_SET_INTSET => {
                let values = intset_values(blob).map_or_else(|| bad("Intset integrity check failed."), Ok)?;
                let mut set = Set::IntSet(values);
                if set.len() > limits.intset_entries {
                    set = Set::from_members(&set.members(), 0);
                }
                Ok(Value::Set(Box::new(set)))
            }
            TYPE_ZSET_ZIPLIST | TYPE_ZSET_LISTPACK => {
                let (elems, what) = if t == TYPE_ZSET_ZIPLIST {
                    (ziplist_entries(blob), "Zset ziplist integrity check failed.")
                } else {
                    (listpack::parse(blob), "Zset listpack integrity check failed.")
                };
                let elems = pairs_checked(elems).map_or_else(|| bad(what), Ok)?;
                if elems.is_empty() {
                    return Err(Fail::Empty);
                }
                let mut entries = Vec::with_capacity(elems.len() / 2);
                for pair in elems.chunks_exact(2) {
                    let score = match pair[1] {
                        Elem::Int(v) => v as f64,
                        Elem::Str(s) => strtod(s).unwrap_or(0.0),
                    };
                    if score.is_nan() {
                        return bad(what);
                    }
                    entries.push((pair[0].to_vec(), score));
                }
                let listpack = entries.len() <= limits.zset_entries;
                self.build_zset(entries, listpack, what)
            }
            _ => {
                let (elems, what) = if t == TYPE_HASH_ZIPLIST {
                    (ziplist_entries(blob), "Hash ziplist integrity check failed.")
                } else {
                    (listpack::parse(blob), "Hash listpack integrity check failed.")
                };
                let elems = pairs_checked(elems).map_or_else(|| bad(what), Ok)?;
                if elems.is_empty() {
                    return Err(Fail::Empty);
                }
                let pairs: Vec<(Vec<u8>, Vec<u8>)> =
                    elems.chunks_exact(2).map(|p| (p[0].to_vec(), p[1].to_vec())).collect();
                let mut h = Hash::Listpack(pairs);
                if h.len() > limits.hash_entries {
                    h.convert_if_needed(0, 0);
                }
                Ok(Value::Hash(Box::new(h)))
            }
        }
    }
}

/// `lpPairsValidateIntegrityAndDups` / `ziplistPairsConvertAndValidateIntegrity`: an
/// even number of elements and no field twice.
fn pairs_checked(elems: Option<Vec<Elem<'_>>>) -> Option<Vec<Elem<'_>>> {
    let elems = elems?;
    if elems.len() % 2 != 0 {
        return None;
    }
    let mut seen = BTreeSet::new();
    for pair in elems.chunks_exact(2) {
        if !seen.insert(pair[0].to_vec()) {
            return None;
        }
    }
    Some(elems)
}

/// `moduleTypeNameByID`: the nine-character name inside a module type ID.
pub fn module_type_name(id: u64) -> String {
    const CHARSET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut id = id >> 10;
    let mut name = [0u8; 9];
    for slot in name.iter_mut().rev() {
        *slot = CHARSET[(id & 63) as usize];
        id >>= 6;
    }
    String::from_utf8_lossy(&name).into_owned()
}
