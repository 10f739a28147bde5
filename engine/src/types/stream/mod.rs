//! A stream (Redis's t_stream.c and stream.h): entries ordered by ID, each a list of
//! field-value pairs; the last generated ID, the counters XINFO shows, and the consumer
//! groups.
//!
//! Redis keeps entries in a radix tree of listpacks ("nodes"). The engine keeps the
//! live entries in an ordered map and, beside it, what of the node layout a client can
//! observe: which entries (and deleted entries, "tombstones", which stay in their node
//! until the whole node goes) each node holds and how many bytes its listpack has. That
//! decides where `stream-node-max-entries`/`-bytes` start a new node, what an
//! approximate trim removes (whole nodes only), XINFO's `radix-tree-keys` and
//! `radix-tree-nodes`, and the first ID an approximate trim propagates.

pub mod group;
pub mod listpack;

use std::collections::BTreeMap;

pub use group::{Consumer, Group, Nack, INVALID_ENTRIES_READ};
use listpack::{int_size, str_size, LISTPACK_OVERHEAD};

/// An entry ID: milliseconds and a sequence number, ordered as Redis compares them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StreamId {
    pub ms: u64,
    pub seq: u64,
}

impl StreamId {
    pub const MIN: StreamId = StreamId { ms: 0, seq: 0 };
    pub const MAX: StreamId = StreamId {
        ms: u64::MAX,
        seq: u64::MAX,
    };

    pub const fn new(ms: u64, seq: u64) -> StreamId {
        StreamId { ms, seq }
    }

    /// The next ID (`streamIncrID`); None past the last possible one.
    pub fn incr(self) -> Option<StreamId> {
        if self.seq < u64::MAX {
            Some(StreamId::new(self.ms, self.seq + 1))
        } else if self.ms < u64::MAX {
            Some(StreamId::new(self.ms + 1, 0))
        } else {
            None
        }
    }

    /// The previous ID (`streamDecrID`); None before 0-0.
    pub fn decr(self) -> Option<StreamId> {
        if self.seq > 0 {
            Some(StreamId::new(self.ms, self.seq - 1))
        } else if self.ms > 0 {
            Some(StreamId::new(self.ms - 1, u64::MAX))
        } else {
            None
        }
    }

    pub fn is_zero(self) -> bool {
        self == StreamId::MIN
    }

    /// The 16 big-endian bytes Redis uses as the radix-tree key.
    pub fn encode(self) -> [u8; 16] {
        let mut k = [0u8; 16];
        k[..8].copy_from_slice(&self.ms.to_be_bytes());
        k[8..].copy_from_slice(&self.seq.to_be_bytes());
        k
    }

    /// `ms-seq` as bytes (replies build one per entry: no formatter on this path).
    pub fn to_bytes(self) -> Vec<u8> {
        let mut out = Vec::with_capacity(24);
        push_u64(&mut out, self.ms);
        out.push(b'-');
        push_u64(&mut out, self.seq);
        out
    }
}

fn push_u64(out: &mut Vec<u8>, mut v: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

impl std::fmt::Display for StreamId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.ms, self.seq)
    }
}

/// An entry's field-value pairs, in the order they were added.
pub type Fields = Vec<(Vec<u8>, Vec<u8>)>;

/// `STREAM_LISTPACK_MAX_SIZE`: the node byte limit's ceiling.
const LISTPACK_MAX_SIZE: usize = 1 << 30;

/// One radix-tree node: a listpack headed by its master entry.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Node {
    master_fields: Vec<Vec<u8>>,
    /// Live entries (the listpack's first integer).
    live: u64,
    /// Deleted entries still in the listpack (its second integer).
    deleted: u64,
    /// Bytes of every element but those two counters.
    body: usize,
    /// Every entry the listpack holds, in order, with its deleted flag.
    ids: Vec<(StreamId, bool)>,
}

impl Node {
    fn bytes(&self) -> usize {
        LISTPACK_OVERHEAD + int_size(self.live as i64) + int_size(self.deleted as i64) + self.body
    }

    fn last_physical(&self) -> Option<StreamId> {
        self.ids.last().map(|(id, _)| *id)
    }
}

/// One node as `Stream::nodes` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeView<'a> {
    pub master: StreamId,
    pub master_fields: &'a [Vec<u8>],
    pub live: u64,
    pub deleted: u64,
    /// The listpack's size in bytes (`lpBytes`).
    pub bytes: usize,
    /// Every entry in the listpack, in order: ID, deleted flag, fields and values.
    pub entries: Vec<(StreamId, bool, &'a Fields)>,
}

/// The node size limits (`stream-node-max-bytes`, `stream-node-max-entries`).
#[derive(Clone, Copy, Debug)]
pub struct NodeLimits {
    pub max_bytes: u64,
    pub max_entries: i64,
}

impl Default for NodeLimits {
    fn default() -> Self {
        NodeLimits {
            max_bytes: 4096,
            max_entries: 100,
        }
    }
}

/// What a trim keeps: at most `MaxLen` entries, or the entries from `MinId` on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrimTo {
    MaxLen(u64),
    MinId(StreamId),
}

/// A trim as XADD and XTRIM ask for it (`streamAddTrimArgs`).
#[derive(Clone, Copy, Debug)]
pub struct Trim {
    pub to: TrimTo,
    /// `~`: whole nodes only.
    pub approx: bool,
    /// Entries removed at most (0: no limit).
    pub limit: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stream {
    entries: BTreeMap<StreamId, Fields>,
    /// Deleted entries still in their node's listpack, with their fields.
    tombstones: BTreeMap<StreamId, Fields>,
    /// Nodes by master ID (the radix tree's keys).
    nodes: BTreeMap<StreamId, Node>,
    pub last_id: StreamId,
    /// The first live entry's ID when the stream last changed at its head (0-0 empty).
    pub first_id: StreamId,
    pub max_deleted_entry_id: StreamId,
    /// Entries ever added.
    pub entries_added: u64,
    /// By name, in rax order (bytewise).
    pub groups: BTreeMap<Vec<u8>, Group>,
}

impl Stream {
    pub fn new() -> Stream {
        Stream::default()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn get(&self, id: StreamId) -> Option<&Fields> {
        self.entries.get(&id)
    }

    pub fn contains(&self, id: StreamId) -> bool {
        self.entries.contains_key(&id)
    }

    /// Live entries from `start` to `end` inclusive, in ID order (reverse with `.rev()`).
    pub fn range(&self, start: StreamId, end: StreamId) -> std::collections::btree_map::Range<'_, StreamId, Fields> {
        if start > end {
            self.entries.range(StreamId::MAX..StreamId::MAX)
        } else {
            self.entries.range(start..=end)
        }
    }

    pub fn entries(&self) -> impl DoubleEndedIterator<Item = (&StreamId, &Fields)> {
        self.entries.iter()
    }

    pub fn first_entry(&self) -> Option<(&StreamId, &Fields)> {
        self.entries.iter().next()
    }

    pub fn last_entry(&self) -> Option<(&StreamId, &Fields)> {
        self.entries.iter().next_back()
    }

    /// The last live entry's ID (`streamLastValidID`), 0-0 when empty.
    pub fn last_valid_id(&self) -> StreamId {
        self.entries.keys().next_back().copied().unwrap_or_default()
    }

    /// The first entry the nodes hold, deleted or not (`streamGetEdgeID(s,1,0)`);
    /// the largest ID when there is none, as Redis answers.
    pub fn first_physical_id(&self) -> StreamId {
        self.nodes
            .values()
            .next()
            .and_then(|n| n.ids.first())
            .map_or(StreamId::MAX, |(id, _)| *id)
    }

    /// Radix-tree keys: the number of nodes (XINFO's `radix-tree-keys`).
    pub fn rax_keys(&self) -> usize {
        self.nodes.len()
    }

    /// XINFO's `radix-tree-nodes`.
    pub fn rax_nodes(&self) -> u64 {
        let keys: Vec<[u8; 16]> = self.nodes.keys().map(|id| id.encode()).collect();
        listpack::rax_nodes(&keys)
    }

    /// Appends an entry whose ID the caller checked is above `last_id`
    /// (`streamAppendItem` after its ID rules).
    pub fn append(&mut self, id: StreamId, fields: Fields, limits: NodeLimits) {
        let total: usize = fields.iter().map(|(f, v)| f.len() + v.len()).sum();
        let max_bytes = match limits.max_bytes as usize {
            0 => LISTPACK_MAX_SIZE,
            n => n.min(LISTPACK_MAX_SIZE),
        };
        let tail_full = self.nodes.values().next_back().is_none_or(|node| {
            node.bytes() + total >= max_bytes
                || (limits.max_entries != 0 && (node.live + node.deleted) as i64 >= limits.max_entries)
        });
        if tail_full {
            let master_fields: Vec<Vec<u8>> = fields.iter().map(|(f, _)| f.clone()).collect();
            let body = int_size(master_fields.len() as i64)
                + master_fields.iter().map(|f| str_size(f)).sum::<usize>()
                + int_size(0);
            self.nodes.insert(
                id,
                Node {
                    master_fields,
                    live: 0,
                    deleted: 0,
                    body,
                    ids: Vec::new(),
                },
            );
        }
        if let Some((master, node)) = self.nodes.iter_mut().next_back() {
            let same = node.master_fields.len() == fields.len()
                && node.master_fields.iter().zip(&fields).all(|(m, (f, _))| m == f);
            let n = fields.len() as i64;
            let flags = if same { 2 } else { 0 };
            let mut entry = int_size(flags)
                + int_size(id.ms.wrapping_sub(master.ms) as i64)
                + int_size(id.seq.wrapping_sub(master.seq) as i64);
            if !same {
                entry += int_size(n) + fields.iter().map(|(f, _)| str_size(f)).sum::<usize>();
            }
            entry += fields.iter().map(|(_, v)| str_size(v)).sum::<usize>();
            let lp_count = if same { n + 3 } else { n + 3 + n + 1 };
            entry += int_size(lp_count);
            node.body += entry;
            node.live += 1;
            node.ids.push((id, false));
        }
        self.entries.insert(id, fields);
        self.entries_added += 1;
        self.last_id = id;
        if self.entries.len() == 1 {
            self.first_id = id;
        }
    }

    /// Marks an entry deleted (`streamDeleteItem`); its node goes when nothing in it
    /// is live any more. Does not touch `first_id` or `max_deleted_entry_id`.
    pub fn delete(&mut self, id: StreamId) -> bool {
        let Some(fields) = self.entries.remove(&id) else {
            return false;
        };
        let Some((&master, node)) = self.nodes.range_mut(..=id).next_back() else {
            return true;
        };
        if node.live <= 1 {
            self.remove_node(master);
        } else {
            if let Ok(i) = node.ids.binary_search_by(|(x, _)| x.cmp(&id)) {
                node.ids[i].1 = true;
            }
            node.live -= 1;
            node.deleted += 1;
            self.tombstones.insert(id, fields);
        }
        true
    }

    /// Drops a node with what it holds, live entries and tombstones.
    fn remove_node(&mut self, master: StreamId) {
        if let Some(node) = self.nodes.remove(&master) {
            for (id, gone) in node.ids {
                if gone {
                    self.tombstones.remove(&id);
                } else {
                    self.entries.remove(&id);
                }
            }
        }
    }

    /// Each node as Redis's listpack holds it, for a writer of Redis's formats (RDB,
    /// DUMP): the master ID and fields, then every entry with its deleted flag and its
    /// fields (a deleted entry keeps them until its node goes).
    pub fn nodes(&self) -> Vec<NodeView<'_>> {
        self.nodes
            .iter()
            .map(|(master, node)| NodeView {
                master: *master,
                master_fields: &node.master_fields,
                live: node.live,
                deleted: node.deleted,
                bytes: node.bytes(),
                entries: node
                    .ids
                    .iter()
                    .filter_map(|(id, gone)| {
                        let fields = if *gone {
                            self.tombstones.get(id)
                        } else {
                            self.entries.get(id)
                        }?;
                        Some((*id, *gone, fields))
                    })
                    .collect(),
            })
            .collect()
    }

    /// Rebuilds a node as an RDB file or a DUMP payload holds it (the loaders): its
    /// master ID and fields, its listpack's size in bytes, and every entry with its
    /// deleted flag and fields. False (nothing added) when the IDs are not in order
    /// after the nodes already there, or an entry sits before its master ID.
    pub(crate) fn push_node(
        &mut self,
        master: StreamId,
        master_fields: Vec<Vec<u8>>,
        bytes: usize,
        entries: Vec<(StreamId, bool, Fields)>,
    ) -> bool {
        let mut floor = self
            .nodes
            .iter()
            .next_back()
            .map(|(m, n)| n.last_physical().unwrap_or(*m).max(*m));
        if floor.is_some_and(|f| master <= f) {
            return false;
        }
        for (id, _, _) in &entries {
            if *id < master || floor.is_some_and(|f| *id <= f) {
                return false;
            }
            floor = Some(*id);
        }
        let deleted = entries.iter().filter(|(_, gone, _)| *gone).count() as u64;
        let live = entries.len() as u64 - deleted;
        let counters = LISTPACK_OVERHEAD + int_size(live as i64) + int_size(deleted as i64);
        let ids = entries.iter().map(|(id, gone, _)| (*id, *gone)).collect();
        for (id, gone, fields) in entries {
            if gone {
                self.tombstones.insert(id, fields);
            } else {
                self.entries.insert(id, fields);
            }
        }
        self.nodes.insert(
            master,
            Node {
                master_fields,
                live,
                deleted,
                body: bytes.saturating_sub(counters),
                ids,
            },
        );
        true
    }

    /// XDEL's bookkeeping after deleting: the first ID and the largest deleted ID.
    pub fn note_deleted(&mut self, ids: &[StreamId]) {
        if ids.is_empty() {
            return;
        }
        let mut first = false;
        for &id in ids {
            if id == self.first_id {
                first = true;
            }
            if id > self.max_deleted_entry_id {
                self.max_deleted_entry_id = id;
            }
        }
        if self.is_empty() {
            self.first_id = StreamId::MIN;
        } else if first {
            self.first_id = self.first_entry().map_or(StreamId::MIN, |(id, _)| *id);
        }
    }

    /// `streamTrim`: removes entries from the head; how many.
    pub fn trim(&mut self, trim: &Trim) -> u64 {
        let mut deleted = 0u64;
        let masters: Vec<StreamId> = self.nodes.keys().copied().collect();
        for master in masters {
            if let TrimTo::MaxLen(max) = trim.to {
                if self.len() as u64 <= max {
                    break;
                }
            }
            let Some(node) = self.nodes.get(&master) else { continue };
            let live = node.live;
            if trim.limit != 0 && deleted + live > trim.limit {
                break;
            }
            let remove_node = match trim.to {
                TrimTo::MaxLen(max) => self.len() as u64 - live >= max,
                TrimTo::MinId(min) => node.last_physical().is_some_and(|last| last < min),
            };
            if remove_node {
                self.remove_node(master);
                deleted += live;
                continue;
            }
            if trim.approx {
                break;
            }
            let Some(node) = self.nodes.get_mut(&master) else { break };
            for (id, gone) in node.ids.iter_mut() {
                let stop = match trim.to {
                    TrimTo::MaxLen(max) => self.entries.len() as u64 <= max,
                    TrimTo::MinId(min) => *id >= min,
                };
                if stop {
                    break;
                }
                if !*gone {
                    *gone = true;
                    if let Some(fields) = self.entries.remove(id) {
                        self.tombstones.insert(*id, fields);
                    }
                    node.live -= 1;
                    node.deleted += 1;
                    deleted += 1;
                }
            }
            break;
        }
        if self.is_empty() {
            self.first_id = StreamId::MIN;
        } else if deleted > 0 {
            self.first_id = self.first_entry().map_or(StreamId::MIN, |(id, _)| *id);
        }
        deleted
    }

    /// `streamRangeHasTombstones`: whether a deleted entry may lie in `start..`.
    pub fn range_has_tombstones(&self, start: StreamId) -> bool {
        if self.is_empty() || self.max_deleted_entry_id.is_zero() {
            return false;
        }
        if self.first_id > self.max_deleted_entry_id {
            return false;
        }
        start <= self.max_deleted_entry_id
    }

    /// `streamEstimateDistanceFromFirstEverEntry`: the logical read counter of `id`,
    /// or `INVALID_ENTRIES_READ` when it cannot be known.
    pub fn estimate_distance(&self, id: StreamId) -> i64 {
        let added = self.entries_added as i64;
        if self.entries_added == 0 {
            return 0;
        }
        if self.is_empty() && id <= self.last_id {
            return added;
        }
        if id == self.last_id {
            return added;
        } else if id > self.last_id {
            return INVALID_ENTRIES_READ;
        }
        if self.max_deleted_entry_id.is_zero() || self.max_deleted_entry_id < self.first_id {
            if id < self.first_id {
                return added - self.len() as i64;
            } else if id == self.first_id {
                return added - self.len() as i64 + 1;
            }
        }
        INVALID_ENTRIES_READ
    }

    /// A group's lag (`streamReplyWithCGLag`); None when it cannot be known.
    pub fn lag(&self, group: &Group) -> Option<i64> {
        let added = self.entries_added as i64;
        if self.entries_added == 0 {
            return Some(0);
        }
        if group.entries_read != INVALID_ENTRIES_READ && !self.range_has_tombstones(group.last_id) {
            return Some(added - group.entries_read);
        }
        match self.estimate_distance(group.last_id) {
            INVALID_ENTRIES_READ => None,
            read => Some(added - read),
        }
    }

    /// A rough count of heap bytes (the nodes' listpacks and the groups).
    pub fn approx_bytes(&self) -> usize {
        let nodes: usize = self.nodes.values().map(|n| n.bytes() + 32).sum();
        let groups: usize = self
            .groups
            .iter()
            .map(|(name, g)| {
                name.len()
                    + 64
                    + g.pel.len() * 48
                    + g.consumers
                        .iter()
                        .map(|(c, k)| c.len() + 48 + k.pel.len() * 16)
                        .sum::<usize>()
            })
            .sum();
        nodes + groups + 64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(n: usize) -> Fields {
        (0..n).map(|i| (format!("f{i}").into_bytes(), b"v".to_vec())).collect()
    }

    #[test]
    fn nodes_fill_up_to_max_entries() {
        let mut s = Stream::new();
        for i in 1..=250 {
            s.append(StreamId::new(i, 0), fields(1), NodeLimits::default());
        }
        assert_eq!(s.rax_keys(), 3);
        let trimmed = s.trim(&Trim {
            to: TrimTo::MaxLen(120),
            approx: true,
            limit: 10_000,
        });
        assert_eq!(trimmed, 100);
        assert_eq!(s.len(), 150);
        assert_eq!(s.first_id, StreamId::new(101, 0));
    }

    #[test]
    fn exact_trims_leave_tombstones_in_the_first_node() {
        let mut s = Stream::new();
        for i in 1..=10 {
            s.append(StreamId::new(i, 0), fields(1), NodeLimits::default());
        }
        assert_eq!(
            s.trim(&Trim {
                to: TrimTo::MaxLen(7),
                approx: false,
                limit: 0
            }),
            3
        );
        assert_eq!(s.first_physical_id(), StreamId::new(1, 0));
        assert_eq!(s.first_id, StreamId::new(4, 0));
        assert!(s.delete(StreamId::new(5, 0)));
        assert!(!s.delete(StreamId::new(5, 0)));
        let nodes = s.nodes();
        assert_eq!((nodes[0].live, nodes[0].deleted), (6, 4));
        assert_eq!(nodes[0].entries.len(), 10, "tombstones stay in the listpack");
        assert_eq!(nodes[0].entries[4], (StreamId::new(5, 0), true, &fields(1)));
        for i in 1..=10 {
            s.delete(StreamId::new(i, 0));
        }
        assert!(s.nodes().is_empty() && s.tombstones.is_empty());
    }
}
