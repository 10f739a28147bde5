//! What Redis 7.0 (64-bit, jemalloc 5.3) would say a key costs: MEMORY USAGE's
//! `objectComputeSize`, from the sizes its allocator reports (jemalloc's size classes)
//! for the object, its encoding's structures (sds strings, listpacks, intsets,
//! quicklist nodes, dict tables and entries, skiplist nodes) and the key's entry in
//! the keyspace; aggregates in a table are sampled, as Redis samples them.
//!
//! Exact where Redis's layout follows from the value: strings of every encoding
//! (including the spare room `sdsMakeRoomFor` leaves after APPEND and SETRANGE, and the
//! query buffer a big argument keeps), listpack hashes and sorted sets, intsets, lists
//! (a quicklist as pushes at the tail fill it), and tables of equal-sized elements.
//! Approximate where Redis's own figure depends on its randomness or history: which
//! elements its per-process hash seed puts first in a sample (tables of unequal
//! elements), the random levels of skiplist nodes, whether its incremental rehash of a
//! grown table has ended (both tables count until then: estimated here from the
//! operations since the growth, see `Dict::slots`), an intset whose members once needed
//! a wider integer, and a list pushed at the head (its first node is the partial one).

pub use crate::sds::{jemalloc_size, sds_new_alloc, sds_size, sds_usable};
use crate::sds::{sds_header, sds_size_for_alloc};

use crate::object::Object;
use crate::types::hash::Hash;
use crate::types::set::Set;
use crate::types::stream::{listpack::rax_nodes, NodeLimits, Stream, StreamId};
use crate::types::zset::ZSet;
use crate::value::{StrValue, Value};

/// `sizeof(robj)`.
pub const ROBJ: usize = 16;
/// `sizeof(dictEntry)` (no metadata outside cluster mode).
pub const DICT_ENTRY: usize = 24;
/// `sizeof(dict)` in 7.0 (type, two tables, two counts, rehash index, pause, exponents).
pub const DICT: usize = 56;
/// `sizeof(quicklist)`.
pub const QUICKLIST: usize = 40;
/// `sizeof(quicklistNode)`.
pub const QUICKLIST_NODE: usize = 40;
/// `sizeof(zset)` (dict and skiplist pointers) and `sizeof(zskiplist)`.
pub const ZSET: usize = 16;
pub const ZSKIPLIST: usize = 32;
/// A skiplist node without levels: member pointer, score, backward pointer.
pub const ZSKIPLIST_NODE: usize = 24;
/// Each level of a skiplist node: forward pointer and span.
pub const ZSKIPLIST_LEVEL: usize = 16;
/// Redis's `ZSKIPLIST_MAXLEVEL`: the header node has every level.
pub const ZSKIPLIST_MAXLEVEL: usize = 32;
/// MEMORY USAGE's default number of sampled elements.
pub const DEFAULT_SAMPLES: usize = 5;
/// Longest list the quicklist is rebuilt for; longer ones extrapolate from this prefix.
const LIST_SIMULATION_LIMIT: usize = 100_000;

/// Bytes of a listpack entry holding `ele` (encoding, data and back-length), with
/// Redis's rule that a canonical integer of at most 20 characters is stored as one.
pub fn listpack_entry(ele: &[u8]) -> usize {
    let encoded = match crate::num::parse_i64(ele) {
        Some(v) => listpack_int(v),
        None if ele.len() < 64 => 1 + ele.len(),
        None if ele.len() < 4096 => 2 + ele.len(),
        None => 5 + ele.len(),
    };
    encoded + listpack_backlen(encoded)
}

fn listpack_int(v: i64) -> usize {
    match v {
        0..=127 => 1,
        -4096..=4095 => 2,
        -32768..=32767 => 3,
        -8_388_608..=8_388_607 => 4,
        -2_147_483_648..=2_147_483_647 => 5,
        _ => 9,
    }
}

fn listpack_backlen(len: usize) -> usize {
    match len {
        0..=127 => 1,
        128..=16382 => 2,
        16383..=2_097_150 => 3,
        2_097_151..=268_435_454 => 4,
        _ => 5,
    }
}

/// Header (total bytes and element count) and end marker of a listpack.
const LISTPACK_OVERHEAD: usize = 6 + 1;

/// `lpBytes` of a listpack holding `elements`.
pub fn listpack_bytes<'a>(elements: impl IntoIterator<Item = &'a [u8]>) -> usize {
    LISTPACK_OVERHEAD + elements.into_iter().map(listpack_entry).sum::<usize>()
}

/// Redis's `double2ll`: the score as an integer when it is one and within half of
/// `long long`'s range (-0 included).
fn score_as_int(score: f64) -> Option<i64> {
    let half = (i64::MAX / 2) as f64;
    if !(-half..=half).contains(&score) {
        return None;
    }
    let n = score as i64;
    (n as f64 == score).then_some(n)
}

/// Bytes of a sorted set's score in its listpack (`zzlInsertAt`): an integer entry,
/// else the text of `d2string` (`%.17g`, `inf`, `-inf`).
pub fn listpack_score_entry(score: f64) -> usize {
    match score_as_int(score) {
        Some(n) => {
            let encoded = listpack_int(n);
            encoded + listpack_backlen(encoded)
        }
        None => listpack_entry(crate::num::fmt_double(score).as_bytes()),
    }
}

/// `objectComputeSize` plus the key's sds and dict entry: MEMORY USAGE's reply.
/// `samples` is Redis's SAMPLES (0 samples everything); `list_fill` is
/// `list-max-listpack-size`.
pub fn usage(key: &[u8], obj: &Object, samples: usize, list_fill: i64, stream_limits: NodeLimits) -> u64 {
    let samples = if samples == 0 { usize::MAX } else { samples };
    let value = match &obj.value {
        Value::String(s) => string_size(s),
        Value::List(l) => list_size(l.iter().map(|e| &e[..]), l.len(), samples, list_fill),
        Value::Hash(h) => hash_size(h, samples),
        Value::Set(s) => set_size(s, samples),
        Value::ZSet(z) => zset_size(z, samples),
        Value::Stream(st) => stream_size(st, samples, stream_limits),
    };
    (value + sds_size(key.len()) + DICT_ENTRY) as u64
}

/// A string: the object alone when `int`, one allocation when `embstr`, object and
/// sds when `raw`.
pub fn string_size(s: &StrValue) -> usize {
    if s.as_int().is_some() {
        return ROBJ;
    }
    let len = s.bytes.len();
    if !s.raw && len <= 44 {
        // createEmbeddedStringObject: robj, sdshdr8 and the text in one allocation.
        return jemalloc_size(ROBJ + 3 + len + 1);
    }
    let sds_alloc = s.sds_alloc as usize;
    let sds = if s.raw && sds_alloc >= len && sds_alloc > 0 {
        sds_size_for_alloc(sds_alloc)
    } else if !s.raw && len >= PROTO_MBULK_BIG_ARG {
        big_argument_size(len)
    } else {
        sds_size(len)
    };
    ROBJ + sds
}

/// Redis's `PROTO_MBULK_BIG_ARG`: an argument this long becomes the object as read.
const PROTO_MBULK_BIG_ARG: usize = 32 * 1024;

/// A value that arrived as a big argument keeps the query buffer it was read into
/// (sized for the bulk and its CRLF), trimmed by `tryObjectEncoding` only when the
/// spare room (capped by the sds type's largest length) exceeds a tenth of it.
fn big_argument_size(len: usize) -> usize {
    let (header, max) = sds_header(len + 2, false);
    let buffer = jemalloc_size(header + len + 2 + 1);
    let alloc = (buffer - header - 1).min(max);
    if alloc - len > len / 10 {
        jemalloc_size(header + len + 1)
    } else {
        buffer
    }
}

/// Adds an average over sampled elements times the element count, in a double and
/// truncated, as Redis's `asize += (double)elesize/samples*count`.
fn add_average(base: usize, sampled_bytes: usize, sampled: usize, count: usize) -> usize {
    if sampled == 0 {
        return base;
    }
    (base as f64 + sampled_bytes as f64 / sampled as f64 * count as f64) as usize
}

/// Whether a quicklist node of `node_bytes` (listpack) and `count` entries takes an
/// element of `len` bytes (`_quicklistNodeAllowInsert` with the fill clamped as
/// `quicklistSetFill` does).
fn node_allows(node_bytes: usize, count: usize, fill: i64, len: usize) -> bool {
    const OPTIMIZATION_LEVEL: [usize; 5] = [4096, 8192, 16384, 32768, 65536];
    const SIZE_SAFETY_LIMIT: usize = 8192;
    const SIZE_ESTIMATE_OVERHEAD: usize = 8;
    const PACKED_THRESHOLD: usize = 1 << 30;
    if len >= PACKED_THRESHOLD {
        return false;
    }
    let new_size = node_bytes + len + SIZE_ESTIMATE_OVERHEAD;
    if fill < 0 {
        let level = OPTIMIZATION_LEVEL[((-fill) as usize - 1).min(4)];
        if new_size <= level {
            return true;
        }
    }
    if new_size > SIZE_SAFETY_LIMIT {
        return false;
    }
    fill >= 0 && (count as i64) < fill
}

/// A list: the quicklist as pushes at one end build it, each node's listpack sized;
/// the first `samples` nodes averaged and multiplied by the number of nodes.
pub fn list_size<'a>(elements: impl Iterator<Item = &'a [u8]>, len: usize, samples: usize, fill: i64) -> usize {
    let fill = fill.clamp(-5, 32767);
    let mut sampled_bytes = 0;
    let mut sampled = 0;
    let mut nodes = 0usize;
    let mut node: Option<(usize, usize)> = None; // (listpack bytes, entries)
    let mut seen = 0usize;
    let mut close = |bytes: usize, nodes: &mut usize| {
        *nodes += 1;
        if sampled < samples {
            sampled_bytes += QUICKLIST_NODE + jemalloc_size(bytes);
            sampled += 1;
        }
    };
    for ele in elements.take(LIST_SIMULATION_LIMIT) {
        seen += 1;
        let entry = listpack_entry(ele);
        node = match node {
            Some((bytes, count)) if node_allows(bytes, count, fill, ele.len()) => Some((bytes + entry, count + 1)),
            Some((bytes, _)) => {
                close(bytes, &mut nodes);
                Some((LISTPACK_OVERHEAD + entry, 1))
            }
            None => Some((LISTPACK_OVERHEAD + entry, 1)),
        };
    }
    if let Some((bytes, _)) = node {
        close(bytes, &mut nodes);
    }
    if seen < len && seen > 0 {
        nodes = (nodes as f64 * len as f64 / seen as f64).ceil() as usize;
    }
    add_average(ROBJ + QUICKLIST, sampled_bytes, sampled, nodes)
}

/// The fixed part of an object held in a dict: robj, dict and its bucket array.
fn table_base(slots: usize) -> usize {
    ROBJ + DICT + 8 * slots
}

pub fn hash_size(h: &Hash, samples: usize) -> usize {
    match h {
        Hash::Listpack(pairs) => {
            let bytes = listpack_bytes(pairs.iter().flat_map(|(f, v)| [f.as_slice(), v.as_slice()]));
            ROBJ + jemalloc_size(bytes)
        }
        Hash::Table(d) => {
            let (bytes, n) = d.iter().take(samples).fold((0, 0), |(b, n), (f, v)| {
                (b + sds_size(f.len()) + sds_size(v.len()) + DICT_ENTRY, n + 1)
            });
            add_average(table_base(d.slots()), bytes, n, d.len())
        }
    }
}

pub fn set_size(s: &Set, samples: usize) -> usize {
    match s {
        Set::IntSet(v) => {
            let width = match (v.first(), v.last()) {
                (Some(&lo), Some(&hi)) if lo < i64::from(i32::MIN) || hi > i64::from(i32::MAX) => 8,
                (Some(&lo), Some(&hi)) if lo < i64::from(i16::MIN) || hi > i64::from(i16::MAX) => 4,
                _ => 2,
            };
            ROBJ + jemalloc_size(8 + v.len() * width)
        }
        Set::Table(d) => {
            let (bytes, n) = d
                .keys()
                .take(samples)
                .fold((0, 0), |(b, n), m| (b + DICT_ENTRY + sds_size(m.len()), n + 1));
            add_average(table_base(d.slots()), bytes, n, d.len())
        }
    }
}

pub fn zset_size(z: &ZSet, samples: usize) -> usize {
    if z.listpack {
        let bytes = LISTPACK_OVERHEAD
            + z.index
                .iter()
                .map(|(m, score)| listpack_entry(m) + listpack_score_entry(score))
                .sum::<usize>();
        return ROBJ + jemalloc_size(bytes);
    }
    let header = jemalloc_size(ZSKIPLIST_NODE + ZSKIPLIST_LEVEL * ZSKIPLIST_MAXLEVEL);
    let base = ROBJ + ZSET + ZSKIPLIST + DICT + 8 * z.scores.slots() + header;
    let (bytes, n) = z.index.iter_levels().take(samples).fold((0, 0), |(b, n), (m, level)| {
        let node = jemalloc_size(ZSKIPLIST_NODE + ZSKIPLIST_LEVEL * level);
        (b + sds_size(m.len()) + DICT_ENTRY + node, n + 1)
    });
    add_average(base, bytes, n, z.len())
}

/// `sizeof(stream)`: rax pointer, length, three IDs, entries added, groups pointer.
const STREAM: usize = 80;
/// `sizeof(streamCG)`, `sizeof(streamConsumer)`, `sizeof(streamNACK)`.
const STREAM_CG: usize = 40;
const STREAM_CONSUMER: usize = 24;
const STREAM_NACK: usize = 24;
/// `STREAM_LISTPACK_MAX_PRE_ALLOCATE`: a new node's listpack is allocated this big.
const STREAM_PREALLOC: usize = 4096;

/// `streamRadixTreeMemoryUsage`: 16 bytes per ID, `sizeof(raxNode)` (4) and 30 longs
/// per node (and, as in Redis, not the rax structure itself).
fn stream_rax(ids: impl Iterator<Item = StreamId>) -> usize {
    let keys: Vec<[u8; 16]> = ids.map(StreamId::encode).collect();
    keys.len() * 16 + rax_nodes(&keys) as usize * (4 + 8 * 30)
}

/// A stream: the structure, its radix tree, the listpacks' allocations (the first
/// `samples` averaged over all but the last, which counts as it is), and each group's
/// PEL and consumers. A node's listpack is allocated at `STREAM_PREALLOC` (or
/// `stream-node-max-bytes` when smaller) and grows past it; `streamAppendItem` shrinks
/// it to fit when it closes the node (t_stream.c, `lpShrinkToFit`).
pub fn stream_size(s: &Stream, samples: usize, limits: NodeLimits) -> usize {
    let nodes = s.nodes();
    let prealloc = match limits.max_bytes as usize {
        n if n > 0 && n < STREAM_PREALLOC => n,
        _ => STREAM_PREALLOC,
    };
    let last = nodes.len().saturating_sub(1);
    let allocated = |i: usize| {
        let bytes = nodes[i].bytes;
        if i < last {
            jemalloc_size(bytes)
        } else {
            jemalloc_size(bytes.max(prealloc))
        }
    };
    let mut size = ROBJ + STREAM + stream_rax(nodes.iter().map(|n| n.master));
    let sampled = nodes.len().min(samples);
    let lp_size: usize = (0..sampled).map(allocated).sum();
    if nodes.len() <= sampled {
        size += lp_size;
    } else if sampled > 0 {
        size += lp_size / sampled * (nodes.len() - 1) + allocated(last);
    }
    for group in s.groups.values() {
        size += STREAM_CG + stream_rax(group.pel.keys().copied()) + STREAM_NACK * group.pel.len();
        for (name, consumer) in &group.consumers {
            size += STREAM_CONSUMER + name.len() + stream_rax(consumer.pel.iter().copied());
        }
    }
    size
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jemalloc_size_classes() {
        let cases = [
            (1, 8),
            (8, 8),
            (9, 16),
            (17, 32),
            (33, 48),
            (128, 128),
            (129, 160),
            (161, 192),
            (257, 320),
            (1006, 1024),
            (1025, 1280),
            (14336, 14336),
            (14337, 16384),
            (16385, 20480),
            (40006, 40960),
            (40961, 49152),
        ];
        for (n, class) in cases {
            assert_eq!(jemalloc_size(n), class, "{n}");
        }
    }

    #[test]
    fn listpack_entries() {
        assert_eq!(listpack_entry(b"a"), 3);
        assert_eq!(listpack_entry(b"1"), 2);
        assert_eq!(listpack_entry(b"300"), 3);
        assert_eq!(listpack_entry(b"-4097"), 4);
        assert_eq!(listpack_entry(b"007"), 5);
        assert_eq!(listpack_entry(b"2.5"), 5);
        assert_eq!(listpack_bytes([b"f".as_slice(), b"v"]), 13);
    }

    #[test]
    fn score_entries() {
        assert_eq!(listpack_score_entry(1.0), 2);
        assert_eq!(listpack_score_entry(-0.0), 2);
        assert_eq!(listpack_score_entry(2.5), 5);
        assert_eq!(listpack_score_entry(0.1), 21);
        assert_eq!(listpack_score_entry(1e100), 8);
        assert_eq!(listpack_score_entry(1.5e18), 10);
        assert_eq!(listpack_score_entry(5e18), 7);
        assert_eq!(listpack_score_entry(f64::NEG_INFINITY), 6);
    }

    /// Figures read off Debian's redis-server 7.0.15 (jemalloc 5.3.0).
    #[test]
    fn matches_redis_for_small_values() {
        let obj = |v: Value| Object::new(v, 0, false);
        assert_eq!(usage(b"a", &obj(Value::string("1")), 5, -2, NodeLimits::default()), 48);
        assert_eq!(
            usage(b"b", &obj(Value::string("hello")), 5, -2, NodeLimits::default()),
            64
        );
        assert_eq!(
            usage(
                b"s100",
                &obj(Value::string(vec![b'x'; 100])),
                5,
                -2,
                NodeLimits::default()
            ),
            160
        );
        assert_eq!(
            usage(
                b"s1000",
                &obj(Value::string(vec![b'x'; 1000])),
                5,
                -2,
                NodeLimits::default()
            ),
            1072
        );
        let list: crate::types::list::List = ["a", "b", "c", "1", "2", "300"]
            .iter()
            .map(|s| s.as_bytes().into())
            .collect();
        assert_eq!(
            usage(b"l2", &obj(Value::List(Box::new(list))), 5, -2, NodeLimits::default()),
            160
        );
    }
}
