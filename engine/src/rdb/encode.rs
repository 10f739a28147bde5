//! Writing values as `rdbSaveObject` writes them: lengths, strings (integers, LZF),
//! quicklist nodes, intsets, listpacks, tables, skiplists (highest score first).

use super::io::*;
use super::legacy::intset_blob;
use super::listpack::Writer as Listpack;
use crate::types::hash::Hash;
use crate::types::set::Set;
use crate::value::{StrValue, Value};

/// quicklist.c's limits: node sizes for negative fills, the safety limit for counts,
/// the estimate added per element, elements stored alone, compression thresholds.
const OPTIMIZATION_LEVEL: [usize; 5] = [4096, 8192, 16384, 32768, 65536];
const SIZE_SAFETY_LIMIT: usize = 8192;
const SIZE_ESTIMATE_OVERHEAD: usize = 8;
const PACKED_THRESHOLD: usize = 1 << 30;
const MIN_COMPRESS_BYTES: usize = 48;
const MIN_COMPRESS_IMPROVE: usize = 8;

impl Out {
    /// `rdbSaveStringObject`: an `int`-encoded object as an integer, others as text.
    pub fn string_value(&mut self, s: &StrValue) {
        match s.as_int() {
            Some(v) => self.int_string(v),
            None => self.string(&s.bytes),
        }
    }

    /// `rdbSaveObjectType` then `rdbSaveObject`.
    pub fn value_with_type(&mut self, value: &Value) {
        self.byte(value_type(value));
        self.value(value);
    }

    /// `rdbSaveObject`.
    pub fn value(&mut self, value: &Value) {
        match value {
            Value::String(s) => self.string_value(s),
            Value::List(items) => self.quicklist(items.iter().map(|e| &e[..])),
            Value::Set(set) => match &**set {
                Set::IntSet(members) => self.string(&intset_blob(members)),
                Set::Table(d) => {
                    self.len(d.len() as u64);
                    for member in d.keys() {
                        self.string(member);
                    }
                }
            },
            Value::ZSet(z) if z.encoding() == "listpack" => {
                let mut lp = Listpack::new();
                for (member, score) in z.index.iter() {
                    lp.push(member);
                    lp.push(&d2string(score));
                }
                self.string(&lp.finish());
            }
            Value::ZSet(z) => {
                self.len(z.len() as u64);
                for (member, score) in z.index.iter().collect::<Vec<_>>().into_iter().rev() {
                    self.string(member);
                    self.buf.extend_from_slice(&score.to_le_bytes());
                }
            }
            Value::Hash(hash) => match &**hash {
                Hash::Listpack(pairs) => {
                    let mut lp = Listpack::new();
                    for (field, value) in pairs {
                        lp.push(field);
                        lp.push(value);
                    }
                    self.string(&lp.finish());
                }
                Hash::Table(d) => {
                    self.len(d.len() as u64);
                    for (field, value) in d.iter() {
                        self.string(field);
                        self.string(value);
                    }
                }
            },
            Value::Stream(s) => super::stream::write(self, s),
        }
    }

    /// A list as the quicklist `RPUSH` would have built: listpack nodes filled by
    /// `_quicklistNodeAllowInsert` under `list-max-listpack-size`, elements of 1 GB or
    /// more alone in plain nodes, inner nodes compressed under `list-compress-depth`.
    fn quicklist<'a>(&mut self, items: impl Iterator<Item = &'a [u8]>) {
        enum Node<'a> {
            Packed(Listpack),
            Plain(&'a [u8]),
        }
        let fill = self.options.list_fill;
        let mut nodes: Vec<Node> = Vec::new();
        for item in items {
            let sz = item.len();
            if sz >= PACKED_THRESHOLD {
                nodes.push(Node::Plain(item));
                continue;
            }
            let fits = match nodes.last() {
                Some(Node::Packed(lp)) => allow_insert(lp.bytes(), lp.len(), fill, sz),
                _ => false,
            };
            if !fits {
                nodes.push(Node::Packed(Listpack::new()));
            }
            if let Some(Node::Packed(lp)) = nodes.last_mut() {
                lp.push(item);
            }
        }
        let depth = self.options.list_compress_depth.max(0) as usize;
        let count = nodes.len();
        self.len(count as u64);
        for (i, node) in nodes.into_iter().enumerate() {
            match node {
                Node::Plain(item) => {
                    self.len(CONTAINER_PLAIN);
                    self.string(item);
                }
                Node::Packed(lp) => {
                    self.len(CONTAINER_PACKED);
                    let bytes = lp.finish();
                    let inner = depth > 0 && i >= depth && i + depth < count;
                    if inner && bytes.len() >= MIN_COMPRESS_BYTES {
                        if let Some(packed) = self
                            .lzf
                            .get_or_insert_with(super::lzf::Lzf::new)
                            .compress(&bytes, bytes.len())
                        {
                            if packed.len() + MIN_COMPRESS_IMPROVE < bytes.len() {
                                self.lzf_blob(&packed, bytes.len());
                                continue;
                            }
                        }
                    }
                    self.string(&bytes);
                }
            }
        }
    }
}

/// `_quicklistNodeAllowInsert` for the tail node (`node_sz` bytes, `count` elements).
fn allow_insert(node_sz: usize, count: usize, fill: i64, sz: usize) -> bool {
    let new_sz = node_sz + sz + SIZE_ESTIMATE_OVERHEAD;
    if fill < 0 {
        let offset = (-fill - 1) as usize;
        if offset < OPTIMIZATION_LEVEL.len() && new_sz <= OPTIMIZATION_LEVEL[offset] {
            return true;
        }
    }
    if new_sz > SIZE_SAFETY_LIMIT {
        return false;
    }
    (count as i64) < fill
}

/// `rdbSaveObjectType`.
pub fn value_type(value: &Value) -> u8 {
    match value {
        Value::String(_) => TYPE_STRING,
        Value::List(_) => TYPE_LIST_QUICKLIST_2,
        Value::Set(set) => match **set {
            Set::IntSet(_) => TYPE_SET_INTSET,
            Set::Table(_) => TYPE_SET,
        },
        Value::ZSet(z) if z.encoding() == "listpack" => TYPE_ZSET_LISTPACK,
        Value::ZSet(_) => TYPE_ZSET_2,
        Value::Hash(hash) => match **hash {
            Hash::Listpack(_) => TYPE_HASH_LISTPACK,
            Hash::Table(_) => TYPE_HASH,
        },
        Value::Stream(_) => TYPE_STREAM_LISTPACKS_2,
    }
}

/// `d2string`: how a listpack sorted set stores a score.
pub fn d2string(score: f64) -> Vec<u8> {
    if score.is_nan() {
        return b"nan".to_vec();
    }
    if score.is_infinite() {
        return if score < 0.0 { b"-inf".to_vec() } else { b"inf".to_vec() };
    }
    if score == 0.0 {
        return if score.is_sign_negative() {
            b"-0".to_vec()
        } else {
            b"0".to_vec()
        };
    }
    // `double2ll`: exact integers in ±LLONG_MAX/2 print as integers.
    let half = (i64::MAX / 2) as f64;
    if score >= -half && score <= half && (score as i64) as f64 == score {
        return crate::num::int_bytes(score as i64);
    }
    crate::num::fmt_g(score, 17).into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rdb::SaveOptions;

    #[test]
    fn lengths_and_strings_as_redis_writes_them() {
        let mut out = Out::new(&SaveOptions {
            compression: true,
            checksum: true,
            list_fill: -2,
            list_compress_depth: 0,
            aof_base: false,
            lru: false,
            lfu: false,
            lfu_decay_time: 1,
        });
        out.len(63);
        out.len(64);
        out.len(16384);
        out.len(1 << 32);
        assert_eq!(
            out.buf,
            [63, 0x40, 64, 0x80, 0, 0, 0x40, 0, 0x81, 0, 0, 0, 1, 0, 0, 0, 0]
        );
        out.buf.clear();
        out.string(b"-5");
        out.string(b"300");
        out.string(b"70000");
        out.string(b"12345678901");
        out.string(b"007");
        assert_eq!(
            out.buf,
            [
                0xC0, 0xFB, 0xC1, 0x2C, 0x01, 0xC2, 0x70, 0x11, 0x01, 0x00, 11, b'1', b'2', b'3', b'4', b'5', b'6',
                b'7', b'8', b'9', b'0', b'1', 3, b'0', b'0', b'7'
            ]
        );
        out.buf.clear();
        out.string(&[b'x'; 100]);
        assert_eq!(
            out.buf,
            [0xC3, 0x09, 0x40, 0x64, 0x01, 0x78, 0x78, 0xE0, 0x57, 0x00, 0x01, 0x78, 0x78]
        );
    }

    #[test]
    fn scores_as_d2string_prints_them() {
        assert_eq!(d2string(1.0), b"1");
        assert_eq!(d2string(-0.0), b"-0");
        assert_eq!(d2string(1.5), b"1.5");
        assert_eq!(d2string(0.1), b"0.10000000000000001");
        assert_eq!(d2string(f64::INFINITY), b"inf");
        assert_eq!(d2string(1e300), b"1.0000000000000001e+300");
    }

    #[test]
    fn quicklist_nodes_split_as_redis_splits_them() {
        assert!(allow_insert(11, 1, -2, 10));
        assert!(!allow_insert(8180, 500, -2, 10));
        assert!(allow_insert(100, 4, 5, 1));
        assert!(!allow_insert(100, 5, 5, 1));
    }
}
