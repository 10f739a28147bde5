//! Streams in RDB (`RDB_TYPE_STREAM_LISTPACKS_2`, and reading the version 1 form): the
//! radix tree's listpacks as Redis lays them out (master entry, then each entry as
//! flags, ID deltas, fields or the master's, values, and its element count), the
//! stream's IDs and counters, and the consumer groups with their PELs and consumers.

use std::collections::BTreeSet;

use super::io::{In, Out, Res};
use super::listpack::{self, Elem, Writer};
use crate::types::stream::{Consumer, Group, Nack, NodeView, Stream, StreamId, INVALID_ENTRIES_READ};

const FLAG_DELETED: i64 = 1;
const FLAG_SAMEFIELDS: i64 = 2;

fn bad<T>(message: &str) -> Res<T> {
    Err(super::io::Fail::Bad(message.into()))
}

/// A node's listpack, byte for byte as `streamAppendItem` and deletions leave it.
pub fn node_listpack(node: &NodeView) -> Vec<u8> {
    let mut lp = Writer::new();
    lp.push_int(node.live as i64);
    lp.push_int(node.deleted as i64);
    lp.push_int(node.master_fields.len() as i64);
    for f in node.master_fields {
        lp.push(f);
    }
    lp.push_int(0);
    for (id, gone, fields) in &node.entries {
        let same =
            fields.len() == node.master_fields.len() && fields.iter().zip(node.master_fields).all(|((f, _), m)| f == m);
        let mut flags = if same { FLAG_SAMEFIELDS } else { 0 };
        if *gone {
            flags |= FLAG_DELETED;
        }
        lp.push_int(flags);
        lp.push_int(id.ms.wrapping_sub(node.master.ms) as i64);
        lp.push_int(id.seq.wrapping_sub(node.master.seq) as i64);
        let n = fields.len() as i64;
        if same {
            for (_, v) in fields.iter() {
                lp.push(v);
            }
            lp.push_int(n + 3);
        } else {
            lp.push_int(n);
            for (f, v) in fields.iter() {
                lp.push(f);
                lp.push(v);
            }
            lp.push_int(2 * n + 4);
        }
    }
    lp.finish()
}

/// `rdbSaveObject` for a stream.
pub fn write(out: &mut Out, s: &Stream) {
    let nodes = s.nodes();
    out.len(nodes.len() as u64);
    for node in &nodes {
        out.string(&node.master.encode());
        out.string(&node_listpack(node));
    }
    out.len(s.len() as u64);
    for id in [s.last_id, s.first_id, s.max_deleted_entry_id] {
        out.len(id.ms);
        out.len(id.seq);
    }
    out.len(s.entries_added);
    out.len(s.groups.len() as u64);
    for (name, group) in &s.groups {
        out.string(name);
        out.len(group.last_id.ms);
        out.len(group.last_id.seq);
        out.len(group.entries_read as u64);
        out.len(group.pel.len() as u64);
        for (id, nack) in &group.pel {
            out.buf.extend_from_slice(&id.encode());
            out.millis(nack.delivery_time);
            out.len(nack.delivery_count);
        }
        out.len(group.consumers.len() as u64);
        for (cname, consumer) in &group.consumers {
            out.string(cname);
            out.millis(consumer.seen_time);
            out.len(consumer.pel.len() as u64);
            for id in &consumer.pel {
                out.buf.extend_from_slice(&id.encode());
            }
        }
    }
}

fn decode_id(raw: &[u8]) -> StreamId {
    let mut ms = [0u8; 8];
    let mut seq = [0u8; 8];
    ms.copy_from_slice(&raw[..8]);
    seq.copy_from_slice(&raw[8..16]);
    StreamId::new(u64::from_be_bytes(ms), u64::from_be_bytes(seq))
}

/// One node's listpack, checked as `streamValidateListpackIntegrity` checks it deeply,
/// into the stream.
fn read_node(s: &mut Stream, master: StreamId, lp: &[u8]) -> Res<()> {
    let corrupt = "Stream listpack integrity check failed.";
    let elems = listpack::parse(lp).map_or_else(|| bad(corrupt), Ok)?;
    if elems.is_empty() {
        return bad("Empty listpack inside stream");
    }
    let mut it = elems.into_iter();
    let int = |it: &mut std::vec::IntoIter<Elem>| it.next().and_then(Elem::as_int).map_or_else(|| bad(corrupt), Ok);
    let live = int(&mut it)?;
    let deleted = int(&mut it)?;
    let nfields = int(&mut it)?;
    if nfields < 0 || live < 0 || deleted < 0 || nfields as usize > it.len() {
        return bad(corrupt);
    }
    let master_fields: Vec<Vec<u8>> = it.by_ref().take(nfields as usize).map(Elem::to_vec).collect();
    if master_fields.len() != nfields as usize || int(&mut it)? != 0 {
        return bad(corrupt);
    }
    let total = live.checked_add(deleted).map_or_else(|| bad(corrupt), Ok)?;
    if total as usize > it.len() {
        return bad(corrupt);
    }
    let mut entries = Vec::with_capacity(total as usize);
    for _ in 0..total {
        let flags = int(&mut it)?;
        let ms = int(&mut it)?;
        let seq = int(&mut it)?;
        let id = StreamId::new(master.ms.wrapping_add(ms as u64), master.seq.wrapping_add(seq as u64));
        let same = flags & FLAG_SAMEFIELDS != 0;
        let n = if same { nfields } else { int(&mut it)? };
        if n < 0 || (n as usize).saturating_mul(if same { 1 } else { 2 }) > it.len() {
            return bad(corrupt);
        }
        let mut fields = Vec::with_capacity(n as usize);
        for j in 0..n as usize {
            let field = if same {
                master_fields[j].clone()
            } else {
                it.next().map_or_else(|| bad(corrupt), Ok)?.to_vec()
            };
            let value = it.next().map_or_else(|| bad(corrupt), Ok)?.to_vec();
            fields.push((field, value));
        }
        let extra = if same { 3 } else { 3 + n + 1 };
        if int(&mut it)? != n + extra {
            return bad(corrupt);
        }
        entries.push((id, flags & FLAG_DELETED != 0, fields));
    }
    if it.next().is_some() {
        return bad(corrupt);
    }
    // The node's counters must agree with its entries' flags (Redis trusts them; the
    // engine's bookkeeping relies on them).
    let gone = entries.iter().filter(|(_, g, _)| *g).count() as i64;
    if gone != deleted {
        return bad(corrupt);
    }
    if !s.push_node(master, master_fields, lp.len(), entries) {
        return bad("Listpack re-added with existing key");
    }
    Ok(())
}

/// `rdbLoadObject` for a stream (`v2`: RDB_TYPE_STREAM_LISTPACKS_2).
pub fn read(input: &mut In, v2: bool) -> Res<Stream> {
    let mut s = Stream::new();
    let nodes = input.count()?;
    for _ in 0..nodes {
        let key = input.string()?;
        if key.len() != 16 {
            return bad("Stream node key entry is not the size of a stream ID");
        }
        let lp = input.string()?;
        read_node(&mut s, decode_id(&key), &lp)?;
    }
    let length = input.len()?;
    s.last_id = StreamId::new(input.len()?, input.len()?);
    if v2 {
        s.first_id = StreamId::new(input.len()?, input.len()?);
        s.max_deleted_entry_id = StreamId::new(input.len()?, input.len()?);
        s.entries_added = input.len()?;
    } else {
        s.max_deleted_entry_id = StreamId::MIN;
        s.entries_added = length;
        s.first_id = s.first_entry().map_or(StreamId::MAX, |(id, _)| *id);
    }
    if length != s.len() as u64 {
        return bad("Stream length inconsistent with rax entries");
    }
    let groups = input.count()?;
    for _ in 0..groups {
        let name = input.string()?;
        let last_id = StreamId::new(input.len()?, input.len()?);
        let entries_read = if v2 {
            input.len()? as i64
        } else {
            s.estimate_distance(last_id)
        };
        if s.groups.contains_key(&name) {
            return bad(&format!(
                "Duplicated consumer group name {}",
                String::from_utf8_lossy(&name)
            ));
        }
        let mut group = Group::new(last_id, entries_read.max(INVALID_ENTRIES_READ));
        let pel = input.count()?;
        for _ in 0..pel {
            let id = decode_id(input.take(16)?);
            let delivery_time = input.millis()?;
            let delivery_count = input.len()?;
            let nack = Nack {
                delivery_time,
                delivery_count,
                consumer: Vec::new(),
            };
            if group.pel.insert(id, nack).is_some() {
                return bad("Duplicated global PEL entry loading stream consumer group");
            }
        }
        let mut owned_ids: BTreeSet<StreamId> = BTreeSet::new();
        let consumers = input.count()?;
        for _ in 0..consumers {
            let cname = input.string()?;
            if group.consumers.contains_key(&cname) {
                return bad("Duplicate stream consumer detected.");
            }
            let mut consumer = Consumer::new(input.millis()?);
            let owned = input.count()?;
            for _ in 0..owned {
                let id = decode_id(input.take(16)?);
                let Some(nack) = group.pel.get_mut(&id) else {
                    return bad("Consumer entry not found in group global PEL");
                };
                if !owned_ids.insert(id) || !consumer.pel.insert(id) {
                    return bad("Duplicated consumer PEL entry  loading a stream consumer group");
                }
                nack.consumer = cname.clone();
            }
            group.consumers.insert(cname, consumer);
        }
        if owned_ids.len() != group.pel.len() {
            return bad("Stream CG PEL entry without consumer");
        }
        s.groups.insert(name, group);
    }
    Ok(s)
}
