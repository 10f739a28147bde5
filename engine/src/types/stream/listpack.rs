//! The sizes Redis's stream nodes would have: a stream keeps its entries in listpacks
//! (one per radix-tree node) and starts a new node when the tail one is full by
//! `stream-node-max-bytes` or `stream-node-max-entries`. Where a node ends decides what
//! an approximate trim (`MAXLEN ~`) removes and what XINFO STREAM reports, so the
//! engine keeps the byte count each listpack would have (listpack.c's encodings) and
//! counts the radix tree's nodes (rax.c) from the node keys.

/// Bytes of a listpack element holding an integer, with its back-length byte
/// (`lpEncodeIntegerGetType`).
pub fn int_size(v: i64) -> usize {
    let encoded = if (0..=127).contains(&v) {
        1
    } else if (-4096..=4095).contains(&v) {
        2
    } else if (-32768..=32767).contains(&v) {
        3
    } else if (-8_388_608..=8_388_607).contains(&v) {
        4
    } else if (-2_147_483_648..=2_147_483_647).contains(&v) {
        5
    } else {
        9
    };
    encoded + backlen_size(encoded)
}

/// Bytes of a listpack element holding `s`: as an integer when it is one in canonical
/// form (`lpStringToInt64`), else as a string with its length header.
pub fn str_size(s: &[u8]) -> usize {
    if let Some(v) = crate::num::parse_i64(s) {
        return int_size(v);
    }
    let len = s.len();
    let encoded = if len < 64 {
        1 + len
    } else if len < 4096 {
        2 + len
    } else {
        5 + len
    };
    encoded + backlen_size(encoded)
}

fn backlen_size(l: usize) -> usize {
    if l <= 127 {
        1
    } else if l < 16383 {
        2
    } else if l < 2_097_151 {
        3
    } else if l < 268_435_455 {
        4
    } else {
        5
    }
}

/// The listpack header (total bytes, element count) and its end byte.
pub const LISTPACK_OVERHEAD: usize = 6 + 1;

/// How many nodes a rax holding these 16-byte keys has (`rax->numnodes`): compressed
/// runs of single-child bytes are one node, each branching point one node, each key
/// end one node; an empty tree is its root alone.
pub fn rax_nodes(keys: &[[u8; 16]]) -> u64 {
    if keys.is_empty() {
        return 1;
    }
    count_nodes(keys, 0)
}

/// Nodes under a node at `depth` whose keys (sorted, distinct) are `keys`.
fn count_nodes(keys: &[[u8; 16]], depth: usize) -> u64 {
    if depth == 16 {
        return 1;
    }
    let (first, last) = (&keys[0], &keys[keys.len() - 1]);
    let mut common = 0;
    while depth + common < 16 && first[depth + common] == last[depth + common] {
        common += 1;
    }
    if common > 0 {
        return 1 + count_nodes(keys, depth + common);
    }
    let mut nodes = 1;
    let mut start = 0;
    while start < keys.len() {
        let byte = keys[start][depth];
        let mut end = start + 1;
        while end < keys.len() && keys[end][depth] == byte {
            end += 1;
        }
        nodes += count_nodes(&keys[start..end], depth + 1);
        start = end;
    }
    nodes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn element_sizes_follow_listpack_encodings() {
        assert_eq!(int_size(0), 2);
        assert_eq!(int_size(127), 2);
        assert_eq!(int_size(128), 3);
        assert_eq!(int_size(-1), 3);
        assert_eq!(int_size(40000), 5);
        assert_eq!(int_size(i64::MAX), 10);
        assert_eq!(str_size(b"abc"), 5);
        assert_eq!(str_size(b"12"), 2);
        assert_eq!(str_size(b"012"), 5);
        assert_eq!(str_size(&[b'x'; 100]), 103);
    }

    #[test]
    fn rax_node_counts() {
        let key = |ms: u64, seq: u64| {
            let mut k = [0u8; 16];
            k[..8].copy_from_slice(&ms.to_be_bytes());
            k[8..].copy_from_slice(&seq.to_be_bytes());
            k
        };
        assert_eq!(rax_nodes(&[]), 1);
        assert_eq!(rax_nodes(&[key(1, 0)]), 2);
        // Branching at the last byte: compressed prefix, branch, two leaves.
        assert_eq!(rax_nodes(&[key(1, 1), key(1, 2)]), 4);
    }
}
