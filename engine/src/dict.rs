//! A chained hash table keyed by byte strings, with Redis's SCAN cursor.
//!
//! Why not `HashMap`: SCAN must return every element present for the whole iteration,
//! even when the table grows or shrinks between calls. Redis gets that by visiting
//! buckets in reverse-binary order of the cursor (`dictScan`); that needs a table whose
//! bucket layout we own.
//!
//! Layout, for a lookup that touches as little memory as Redis's or less: `buckets`
//! holds each chain's first slot index; every entry lives in one arena (`slots`),
//! chained by index, and a slot carries its full hash, its chain link, its key and its
//! value together. A key of up to 22 bytes (most keys: `user:1000:session`,
//! `key:000000012345`) is kept inline in the slot, a longer one in its own allocation.
//! So finding a short key reads the bucket, then one slot: two cache misses, where
//! Redis's dictFind reads the bucket, the dictEntry and the key's sds (and lookupKey
//! the robj). There is no allocation per entry beyond a long key.

use crate::small_bytes::SmallBytes as Key;

const NIL: u32 = u32::MAX;
const MIN_BUCKETS: usize = 4;

// In this order (`repr(C)`): a lookup reads the hash, then the key, from the slot's
// first bytes; a layout that put the hash after the value cost a second cache miss
// per hit (a slot spans more than one cache line).
#[derive(Clone)]
#[repr(C)]
struct Slot<V> {
    /// The key's full hash: compared before the key, and used to re-bucket on resize.
    hash: u64,
    /// The next slot in this bucket's chain (`NIL` at its end).
    next: u32,
    key: Key,
    value: V,
}

#[derive(Clone)]
pub struct Dict<V> {
    buckets: Vec<u32>,
    /// Entries; `None` for a slot on the free list. Every slot reachable from a bucket
    /// is `Some`.
    slots: Vec<Option<Slot<V>>>,
    free: Vec<u32>,
    len: usize,
    /// Redis rehashes a grown table incrementally, one bucket of the old table per
    /// operation, and counts both tables meanwhile (MEMORY USAGE): the old table's size
    /// and about how many operations Redis still needs (its non-empty buckets, 1 - 1/e
    /// of them when it grew full).
    rehash_old: u32,
    /// Operations Redis would still need (0: no rehash in progress).
    rehash_left: u32,
}

impl<V> Default for Dict<V> {
    fn default() -> Self {
        Self::new()
    }
}

/// A fast keyed hash (multiply-mix over 8-byte words, murmur3's finaliser).
pub fn hash_bytes(data: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h: u64 = 0x2545_F491_4F6C_DD1D ^ (data.len() as u64).wrapping_mul(K);
    let mut chunks = data.chunks_exact(8);
    for chunk in &mut chunks {
        let word = u64::from_le_bytes([
            chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7],
        ]);
        h = (h ^ word).wrapping_mul(K).rotate_left(29);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut buf = [0u8; 8];
        buf[..rest.len()].copy_from_slice(rest);
        h = (h ^ u64::from_le_bytes(buf)).wrapping_mul(K).rotate_left(29);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

impl<V> Dict<V> {
    pub fn new() -> Self {
        Dict {
            buckets: vec![NIL; MIN_BUCKETS],
            slots: Vec::new(),
            free: Vec::new(),
            len: 0,
            rehash_old: 0,
            rehash_left: 0,
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The number of buckets.
    pub fn table_size(&self) -> usize {
        self.buckets.len()
    }

    /// Redis's `dictSlots`: the buckets of both tables while Redis would still be
    /// rehashing after the last growth (estimated from the operations since).
    pub fn slots(&self) -> usize {
        self.buckets.len()
            + if self.rehash_left > 0 {
                self.rehash_old as usize
            } else {
                0
            }
    }

    /// A table Redis sizes up front (`dictExpand` before a conversion fills it): no
    /// rehash is left over from filling it.
    pub fn finish_rehash(&mut self) {
        self.rehash_left = 0;
    }

    /// A lookup Redis makes before adding (HSET and ZADD look a field up, then add it):
    /// one more step of its incremental rehash.
    pub fn lookup_step(&mut self) {
        self.rehash_step();
    }

    /// One operation of Redis's incremental rehash (`_dictRehashStep`).
    fn rehash_step(&mut self) {
        self.rehash_left = self.rehash_left.saturating_sub(1);
    }

    fn mask(&self) -> u64 {
        self.buckets.len() as u64 - 1
    }

    fn find_hashed(&self, key: &[u8], hash: u64) -> Option<u32> {
        let mut at = self.buckets[(hash & self.mask()) as usize];
        while let Some(slot) = self.live(at) {
            if slot.hash == hash && *slot.key == *key {
                return Some(at);
            }
            at = slot.next;
        }
        None
    }

    /// The live slot at `at` (`None` for `NIL`).
    fn live(&self, at: u32) -> Option<&Slot<V>> {
        self.slots.get(at as usize).and_then(Option::as_ref)
    }

    fn find(&self, key: &[u8]) -> Option<u32> {
        // An empty table (a database's expires, most of the time) costs no hashing.
        if self.len == 0 {
            return None;
        }
        self.find_hashed(key, hash_bytes(key))
    }

    pub fn contains_key(&self, key: &[u8]) -> bool {
        self.find(key).is_some()
    }

    pub fn get(&self, key: &[u8]) -> Option<&V> {
        self.find(key)
            .and_then(|i| self.slots[i as usize].as_ref())
            .map(|s| &s.value)
    }

    pub fn get_mut(&mut self, key: &[u8]) -> Option<&mut V> {
        let i = self.find(key)?;
        self.slots[i as usize].as_mut().map(|s| &mut s.value)
    }

    /// `dictExpand` before `additional` additions (a loader that knows how many keys
    /// follow: RDB's RESIZEDB): the table takes its size at once, so nothing grows or
    /// rehashes while they are added.
    pub fn reserve(&mut self, additional: usize) {
        let wanted = self.len.saturating_add(additional).max(MIN_BUCKETS);
        let Some(wanted) = wanted.checked_next_power_of_two() else {
            return;
        };
        if wanted > self.buckets.len() {
            self.resize(wanted);
            self.rehash_left = 0;
        }
        self.slots.reserve(additional);
    }

    /// Adds a key that must be new: one lookup where `contains_key` then `insert` make
    /// two. Gives the key and value back when the key is already there.
    pub fn insert_new(&mut self, key: Vec<u8>, value: V) -> Result<(), (Vec<u8>, V)> {
        let hash = hash_bytes(&key);
        if self.len > 0 && self.find_hashed(&key, hash).is_some() {
            return Err((key, value));
        }
        self.rehash_step();
        self.add_hashed(Key::new(key), hash, value);
        Ok(())
    }

    /// Inserts or replaces; returns the previous value.
    pub fn insert(&mut self, key: Vec<u8>, value: V) -> Option<V> {
        let hash = hash_bytes(&key);
        match self.replace(&key, hash, value) {
            Ok(old) => Some(old),
            Err(value) => {
                self.add_hashed(Key::new(key), hash, value);
                None
            }
        }
    }

    /// `insert` of borrowed bytes: copied only when the key is new (and then inline
    /// when short), where `insert(key.to_vec(), ..)` allocates a copy every time.
    pub fn insert_slice(&mut self, key: &[u8], value: V) -> Option<V> {
        let hash = hash_bytes(key);
        match self.replace(key, hash, value) {
            Ok(old) => Some(old),
            Err(value) => {
                self.add_hashed(Key::from_slice(key), hash, value);
                None
            }
        }
    }

    /// An insert's first half (with its rehash step): the value of a key already there
    /// replaced (the old one returned), or the value given back to add.
    fn replace(&mut self, key: &[u8], hash: u64, value: V) -> Result<V, V> {
        self.rehash_step();
        match self
            .find_hashed(key, hash)
            .and_then(|i| self.slots[i as usize].as_mut())
        {
            Some(slot) => Ok(std::mem::replace(&mut slot.value, value)),
            None => Err(value),
        }
    }

    /// Links a key known to be absent.
    fn add_hashed(&mut self, key: Key, hash: u64, value: V) {
        if self.len >= self.buckets.len() {
            let old = self.buckets.len();
            self.resize(old * 2);
            let nonempty = (old as f64 * (1.0 - (-1.0f64).exp())).round() as u32;
            self.rehash_old = old.min(u32::MAX as usize) as u32;
            self.rehash_left = nonempty.max(1);
        }
        let bucket = (hash & self.mask()) as usize;
        let slot = Slot {
            hash,
            next: self.buckets[bucket],
            key,
            value,
        };
        let index = match self.free.pop() {
            Some(i) => {
                self.slots[i as usize] = Some(slot);
                i
            }
            None => {
                self.slots.push(Some(slot));
                (self.slots.len() - 1) as u32
            }
        };
        self.buckets[bucket] = index;
        self.len += 1;
    }

    /// Removes a key; returns its stored key and value.
    pub fn remove_entry(&mut self, key: &[u8]) -> Option<(Vec<u8>, V)> {
        // dictGenericDelete returns before its rehash step when the table is empty.
        if self.len == 0 {
            return None;
        }
        self.rehash_step();
        let hash = hash_bytes(key);
        let bucket = (hash & self.mask()) as usize;
        let mut prev = NIL;
        let mut at = self.buckets[bucket];
        while let Some(slot) = self.live(at) {
            let next = slot.next;
            if slot.hash == hash && *slot.key == *key {
                match self.slots.get_mut(prev as usize).and_then(Option::as_mut) {
                    Some(before) => before.next = next,
                    None => self.buckets[bucket] = next,
                }
                let removed = self.slots[at as usize].take()?;
                self.free.push(at);
                self.len -= 1;
                self.maybe_shrink();
                return Some((removed.key.into_vec(), removed.value));
            }
            prev = at;
            at = next;
        }
        None
    }

    pub fn remove(&mut self, key: &[u8]) -> Option<V> {
        self.remove_entry(key).map(|(_, v)| v)
    }

    fn maybe_shrink(&mut self) {
        // Like Redis, shrink when the table is under 1/8 full (and compact the arena).
        if self.buckets.len() > MIN_BUCKETS && self.len * 8 < self.buckets.len() {
            let target = (self.len.max(1)).next_power_of_two().max(MIN_BUCKETS);
            self.resize(target);
            self.rehash_left = 0;
        }
    }

    fn resize(&mut self, buckets: usize) {
        self.slots.retain(Option::is_some);
        self.free.clear();
        self.buckets = vec![NIL; buckets];
        let mask = self.mask();
        for (i, slot) in self.slots.iter_mut().enumerate() {
            if let Some(slot) = slot {
                let bucket = (slot.hash & mask) as usize;
                slot.next = self.buckets[bucket];
                self.buckets[bucket] = i as u32;
            }
        }
    }

    pub fn clear(&mut self) {
        *self = Dict::new();
    }

    pub fn iter(&self) -> impl Iterator<Item = (&[u8], &V)> {
        self.slots
            .iter()
            .filter_map(|s| s.as_ref().map(|s| (&*s.key, &s.value)))
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&[u8], &mut V)> {
        self.slots
            .iter_mut()
            .filter_map(|s| s.as_mut().map(|s| (&*s.key, &mut s.value)))
    }

    pub fn keys(&self) -> impl Iterator<Item = &[u8]> {
        self.iter().map(|(k, _)| k)
    }

    /// Visits one bucket at `cursor` and returns the next cursor (0 when done), with
    /// Redis's reverse-binary increment: elements present from start to end of a full
    /// scan are visited at least once even if the table is resized in between.
    pub fn scan(&self, cursor: u64, mut visit: impl FnMut(&[u8], &V)) -> u64 {
        let mask = self.mask();
        let mut at = self.buckets[(cursor & mask) as usize];
        while let Some(slot) = self.live(at) {
            visit(&*slot.key, &slot.value);
            at = slot.next;
        }
        let mut v = cursor | !mask;
        v = v.reverse_bits();
        v = v.wrapping_add(1);
        v.reverse_bits()
    }

    /// A uniformly chosen bucket's random entry, as `dictGetRandomKey` does.
    pub fn random_entry(&self, rng: &mut crate::rng::Rng) -> Option<(&[u8], &V)> {
        if self.len == 0 {
            return None;
        }
        loop {
            let bucket = (rng.next_u64() & self.mask()) as usize;
            let head = self.buckets[bucket];
            if head == NIL {
                continue;
            }
            let mut chain = Vec::new();
            let mut at = head;
            while let Some(slot) = self.live(at) {
                chain.push(slot);
                at = slot.next;
            }
            let pick = chain.get(rng.below(chain.len() as u64) as usize)?;
            return Some((&*pick.key, &pick.value));
        }
    }

    /// Approximate heap bytes, for INFO memory and maxmemory.
    pub fn overhead_bytes(&self) -> usize {
        self.buckets.len() * 4 + self.slots.capacity() * std::mem::size_of::<Option<Slot<V>>>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn insert_get_remove() {
        let mut d = Dict::new();
        for i in 0..1000 {
            assert_eq!(d.insert(format!("k{i}").into_bytes(), i), None);
        }
        assert_eq!(d.len(), 1000);
        assert_eq!(d.insert(b"k5".to_vec(), 55), Some(5));
        assert_eq!(d.get(b"k5"), Some(&55));
        for i in 0..990 {
            assert!(d.remove(format!("k{i}").as_bytes()).is_some());
        }
        assert_eq!(d.len(), 10);
        assert!(d.buckets.len() <= 16, "shrank after deletions");
        assert_eq!(d.get(b"k995"), Some(&995));
        assert_eq!(d.remove(b"missing"), None);
    }

    #[test]
    fn a_slot_starts_with_what_a_lookup_reads() {
        assert_eq!(std::mem::offset_of!(Slot<crate::object::Object>, hash), 0);
        assert!(std::mem::offset_of!(Slot<crate::object::Object>, key) <= 16);
    }

    #[test]
    fn short_keys_inline_and_long_keys_boxed_behave_alike() {
        let mut d = Dict::new();
        // Lengths either side of the inline limit, the empty key and keys that share
        // a prefix (an inline key must not match a longer one that starts like it).
        let keys: Vec<Vec<u8>> = (0..=48usize)
            .flat_map(|n| [vec![b'k'; n], (0..n).map(|i| i as u8).collect::<Vec<u8>>()])
            .collect();
        for (i, key) in keys.iter().enumerate() {
            d.insert(key.clone(), i);
        }
        for (i, key) in keys.iter().enumerate().skip(2) {
            assert_eq!(d.get(key), Some(&i), "key of {} bytes", key.len());
        }
        let mut listed: Vec<Vec<u8>> = d.keys().map(<[u8]>::to_vec).collect();
        listed.sort();
        let mut expected = keys.clone();
        expected.sort();
        expected.dedup();
        assert_eq!(listed, expected);
        for key in &expected {
            let (stored, _) = d.remove_entry(key).expect("present");
            assert_eq!(&stored, key);
            assert!(!d.contains_key(key));
        }
        assert!(d.is_empty());
    }

    fn full_scan<V>(d: &Dict<V>) -> Vec<Vec<u8>> {
        let mut seen = Vec::new();
        let mut cursor = 0;
        loop {
            cursor = d.scan(cursor, |k, _| seen.push(k.to_vec()));
            if cursor == 0 {
                return seen;
            }
        }
    }

    #[test]
    fn scan_visits_everything_once_on_a_stable_table() {
        let mut d = Dict::new();
        for i in 0..777 {
            d.insert(format!("{i}").into_bytes(), ());
        }
        let seen = full_scan(&d);
        assert_eq!(seen.len(), 777);
        assert_eq!(seen.iter().collect::<HashSet<_>>().len(), 777);
    }

    #[test]
    fn scan_survives_growth_and_shrinking_between_calls() {
        let mut d = Dict::new();
        for i in 0..100 {
            d.insert(format!("stay{i}").into_bytes(), ());
        }
        let mut seen = HashSet::new();
        let mut cursor = 0;
        let mut step = 0;
        loop {
            cursor = d.scan(cursor, |k, _| {
                seen.insert(k.to_vec());
            });
            step += 1;
            if step == 5 {
                for i in 0..5000 {
                    d.insert(format!("grow{i}").into_bytes(), ());
                }
            }
            if step == 40 {
                for i in 0..5000 {
                    d.remove(format!("grow{i}").as_bytes());
                }
            }
            if cursor == 0 {
                break;
            }
        }
        for i in 0..100 {
            assert!(seen.contains(format!("stay{i}").as_bytes()), "stay{i} missed");
        }
    }
}
