//! The value stored under a key; each data type's representation lives in `types/`.

use crate::small_bytes::StrBytes;
use crate::types::hash::Hash;
use crate::types::list::List;
use crate::types::set::Set;
use crate::types::stream::Stream;
use crate::types::zset::ZSet;

#[derive(Clone, Debug)]
pub enum Value {
    String(StrValue),
    List(Box<List>),
    // Collections are boxed, as Redis's robj points at its dict or skiplist: a value
    // stays small (40 bytes), so the keyspace's slots do too, and a string or list key
    // does not pay for the largest kind.
    Hash(Box<Hash>),
    Set(Box<Set>),
    ZSet(Box<ZSet>),
    Stream(Box<Stream>),
}

/// A string value, with what its bytes alone do not say about Redis's object: how it
/// was made decides its encoding, whether it is a shared integer, and its allocation.
#[derive(Clone, Debug, Default)]
pub struct StrValue {
    /// Inline when short (see `StrBytes`), so a short value lives in the slot.
    pub bytes: StrBytes,
    /// Modified in place (APPEND, SETRANGE, SETBIT...) or built raw (BITOP, PFADD):
    /// Redis reports the `raw` encoding whatever the length.
    pub raw: bool,
    /// Stored as text whatever it looks like: INCRBYFLOAT's result is an `embstr` even
    /// when it reads as an integer (it skips `tryObjectEncoding`).
    pub text: bool,
    /// An integer Redis did not share: stored while `maxmemory` was set with an LRU or
    /// LFU policy (`MAXMEMORY_FLAG_NO_SHARED_INTEGERS`), or a COPY's duplicate.
    pub unshared: bool,
    /// The sds allocation (bytes for the text, Redis's `sdsalloc`) when the string grew
    /// in place by `sdsMakeRoomFor`'s greedy rule; 0 when it is exact (a new string).
    /// 32 bits keep a value 40 bytes (`Value`'s size is tested); a string over 4 GB is
    /// counted as exact.
    pub sds_alloc: u32,
}

/// An allocation size as `StrValue::sds_alloc` keeps it.
pub fn alloc_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(0)
}

impl StrValue {
    pub fn new(bytes: Vec<u8>) -> Self {
        StrValue {
            bytes: bytes.into(),
            ..StrValue::default()
        }
    }

    /// A string built raw (`createObject(OBJ_STRING, sds)`): BITOP, SETRANGE and SETBIT
    /// on a new key, PFADD.
    pub fn raw(bytes: Vec<u8>) -> Self {
        StrValue {
            bytes: bytes.into(),
            raw: true,
            ..StrValue::default()
        }
    }

    /// The integer Redis would store in an `int`-encoded object, if it would.
    pub fn as_int(&self) -> Option<i64> {
        if self.raw || self.text {
            return None;
        }
        crate::num::parse_i64(&self.bytes)
    }

    /// Whether Redis would hold this value as one of its shared integers (0..9999,
    /// OBJECT REFCOUNT 2147483647).
    pub fn is_shared_integer(&self) -> bool {
        !self.unshared && self.as_int().is_some_and(|n| (0..10_000).contains(&n))
    }

    /// Grows the string in place to `len` bytes as `sdsMakeRoomFor` does (APPEND,
    /// SETRANGE, SETBIT on an existing string): when the allocation is too small it
    /// doubles the needed length under 1 MB, adds 1 MB above. Redis first turns an
    /// `int` or `embstr` object into an exact raw copy (`dbUnshareStringValue`).
    pub fn grow_to(&mut self, len: usize) {
        let current = self.bytes.len();
        let sds_alloc = self.sds_alloc as usize;
        let alloc = if self.raw && sds_alloc >= current && sds_alloc > 0 {
            sds_alloc
        } else if !self.raw && current > 44 {
            // SET's raw string, trimmed when its spare room was over a tenth of it.
            let fresh = crate::sds::sds_new_alloc(current);
            if fresh - current > current / 10 {
                current
            } else {
                fresh
            }
        } else {
            crate::sds::sds_new_alloc(current)
        };
        self.raw = true;
        self.text = false;
        if len <= alloc {
            // A fresh copy keeps its exact size (a short one is a type 5 sds).
            let fresh = crate::sds::sds_new_alloc(current);
            self.sds_alloc = if alloc == fresh { 0 } else { alloc_u32(alloc) };
            return;
        }
        const SDS_MAX_PREALLOC: usize = 1024 * 1024;
        let wanted = if len < SDS_MAX_PREALLOC {
            len * 2
        } else {
            len + SDS_MAX_PREALLOC
        };
        self.sds_alloc = alloc_u32(crate::sds::sds_usable(wanted));
    }
}

/// The type a command expects, with its name as TYPE and SCAN TYPE spell it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    String,
    List,
    Hash,
    Set,
    ZSet,
    Stream,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::String => "string",
            Kind::List => "list",
            Kind::Hash => "hash",
            Kind::Set => "set",
            Kind::ZSet => "zset",
            Kind::Stream => "stream",
        }
    }

    pub fn from_name(name: &[u8]) -> Option<Kind> {
        Some(match name.to_ascii_lowercase().as_slice() {
            b"string" => Kind::String,
            b"list" => Kind::List,
            b"hash" => Kind::Hash,
            b"set" => Kind::Set,
            b"zset" => Kind::ZSet,
            b"stream" => Kind::Stream,
            _ => return None,
        })
    }
}

impl Value {
    pub fn string_mut(&mut self) -> Option<&mut StrValue> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn list_mut(&mut self) -> Option<&mut List> {
        match self {
            Value::List(l) => Some(l),
            _ => None,
        }
    }

    pub fn hash_mut(&mut self) -> Option<&mut Hash> {
        match self {
            Value::Hash(h) => Some(h),
            _ => None,
        }
    }

    pub fn set_mut(&mut self) -> Option<&mut Set> {
        match self {
            Value::Set(s) => Some(s),
            _ => None,
        }
    }

    pub fn zset_mut(&mut self) -> Option<&mut ZSet> {
        match self {
            Value::ZSet(z) => Some(z),
            _ => None,
        }
    }

    pub fn stream_mut(&mut self) -> Option<&mut Stream> {
        match self {
            Value::Stream(s) => Some(s),
            _ => None,
        }
    }

    pub fn string(bytes: impl Into<Vec<u8>>) -> Value {
        Value::String(StrValue::new(bytes.into()))
    }

    pub fn kind(&self) -> Kind {
        match self {
            Value::String(_) => Kind::String,
            Value::List(_) => Kind::List,
            Value::Hash(_) => Kind::Hash,
            Value::Set(_) => Kind::Set,
            Value::ZSet(_) => Kind::ZSet,
            Value::Stream(_) => Kind::Stream,
        }
    }

    /// Length or cardinality, as the inspector shows it.
    pub fn size(&self) -> usize {
        match self {
            Value::String(s) => s.bytes.len(),
            Value::List(l) => l.len(),
            Value::Hash(h) => h.len(),
            Value::Set(s) => s.len(),
            Value::ZSet(z) => z.len(),
            Value::Stream(s) => s.len(),
        }
    }

    /// OBJECT ENCODING, by Redis 7.0's rules and default thresholds.
    pub fn encoding(&self) -> &'static str {
        match self {
            Value::String(s) => {
                if s.as_int().is_some() {
                    "int"
                } else if !s.raw && s.bytes.len() <= 44 {
                    "embstr"
                } else {
                    "raw"
                }
            }
            Value::List(_) => "quicklist",
            Value::Hash(h) => h.encoding(),
            Value::Set(s) => s.encoding(),
            Value::ZSet(z) => z.encoding(),
            Value::Stream(_) => "stream",
        }
    }

    /// A copy as Redis's COPY makes it: tables sized up front, no rehash left over.
    pub(crate) fn finish_rehash(&mut self) {
        match self {
            Value::Hash(h) => {
                if let Hash::Table(d) = &mut **h {
                    d.finish_rehash();
                }
            }
            Value::Set(s) => {
                if let Set::Table(d) = &mut **s {
                    d.finish_rehash();
                }
            }
            Value::ZSet(z) => z.scores.finish_rehash(),
            _ => {}
        }
    }

    /// A rough count of heap bytes, for INFO memory and maxmemory.
    pub fn approx_bytes(&self) -> usize {
        const ENTRY: usize = 16;
        match self {
            Value::String(s) => s.bytes.capacity() + ENTRY,
            Value::List(l) => l.iter().map(|e| e.len() + ENTRY).sum::<usize>() + ENTRY,
            Value::Hash(h) => h.approx_bytes(),
            Value::Set(s) => s.approx_bytes(),
            Value::ZSet(z) => z.approx_bytes(),
            Value::Stream(s) => s.approx_bytes(),
        }
    }
}
