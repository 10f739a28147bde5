//! A chained hash table keyed by byte strings, with Redis's SCAN cursor.
//!
//! Why not `HashMap`: SCAN must return every element present for the whole iteration,
//! even when the table grows or shrinks between calls. Redis gets that by visiting
//! buckets in reverse-binary order of the cursor (`dictScan`); that needs a table whose
//! bucket layout we own. Entries live in one arena (`slots`) chained per bucket by index,
//! so there is no allocation per entry beyond the key itself.

const NIL: u32 = u32::MAX;
const MIN_BUCKETS: usize = 4;

#[derive(Clone)]
struct Slot<V> {
    key: Vec<u8>,
    value: V,
}

/// A slot's hash and chain link, kept apart from the (much larger) slots so walking a
/// chain touches only this compact array until the hash matches.
#[derive(Clone, Copy)]
struct Link {
    hash: u64,
    next: u32,
}

#[derive(Clone)]
pub struct Dict<V> {
    buckets: Vec<u32>,
    slots: Vec<Option<Slot<V>>>,
    links: Vec<Link>,
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
            links: Vec::new(),
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
        while at != NIL {
            let link = self.links[at as usize];
            if link.hash == hash && self.slots[at as usize].as_ref().is_some_and(|s| s.key == key) {
                return Some(at);
            }
            at = link.next;
        }
        None
    }

    fn find(&self, key: &[u8]) -> Option<u32> {
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

    /// Inserts or replaces; returns the previous value.
    pub fn insert(&mut self, key: Vec<u8>, value: V) -> Option<V> {
        self.rehash_step();
        let hash = hash_bytes(&key);
        if let Some(i) = self.find_hashed(&key, hash) {
            let slot = self.slots[i as usize].as_mut().expect("found slot is live");
            return Some(std::mem::replace(&mut slot.value, value));
        }
        if self.len >= self.buckets.len() {
            let old = self.buckets.len();
            self.resize(old * 2);
            let nonempty = (old as f64 * (1.0 - (-1.0f64).exp())).round() as u32;
            self.rehash_old = old.min(u32::MAX as usize) as u32;
            self.rehash_left = nonempty.max(1);
        }
        let bucket = (hash & self.mask()) as usize;
        let link = Link {
            hash,
            next: self.buckets[bucket],
        };
        let index = match self.free.pop() {
            Some(i) => {
                self.slots[i as usize] = Some(Slot { key, value });
                self.links[i as usize] = link;
                i
            }
            None => {
                self.slots.push(Some(Slot { key, value }));
                self.links.push(link);
                (self.slots.len() - 1) as u32
            }
        };
        self.buckets[bucket] = index;
        self.len += 1;
        None
    }

    /// Removes a key; returns its stored key and value.
    pub fn remove_entry(&mut self, key: &[u8]) -> Option<(Vec<u8>, V)> {
        self.rehash_step();
        let hash = hash_bytes(key);
        let bucket = (hash & self.mask()) as usize;
        let mut prev = NIL;
        let mut at = self.buckets[bucket];
        while at != NIL {
            let link = self.links[at as usize];
            if link.hash == hash && self.slots[at as usize].as_ref().is_some_and(|s| s.key == key) {
                if prev == NIL {
                    self.buckets[bucket] = link.next;
                } else {
                    self.links[prev as usize].next = link.next;
                }
                let removed = self.slots[at as usize].take().expect("slot is live");
                self.free.push(at);
                self.len -= 1;
                self.maybe_shrink();
                return Some((removed.key, removed.value));
            }
            prev = at;
            at = link.next;
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
        let (slots, links): (Vec<Option<Slot<V>>>, Vec<Link>) = std::mem::take(&mut self.slots)
            .into_iter()
            .zip(std::mem::take(&mut self.links))
            .filter(|(slot, _)| slot.is_some())
            .unzip();
        self.slots = slots;
        self.links = links;
        self.free.clear();
        self.buckets = vec![NIL; buckets];
        let mask = self.mask();
        for (i, link) in self.links.iter_mut().enumerate() {
            let bucket = (link.hash & mask) as usize;
            link.next = self.buckets[bucket];
            self.buckets[bucket] = i as u32;
        }
    }

    pub fn clear(&mut self) {
        *self = Dict::new();
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Vec<u8>, &V)> {
        self.slots.iter().filter_map(|s| s.as_ref().map(|s| (&s.key, &s.value)))
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&Vec<u8>, &mut V)> {
        self.slots
            .iter_mut()
            .filter_map(|s| s.as_mut().map(|s| (&s.key, &mut s.value)))
    }

    pub fn keys(&self) -> impl Iterator<Item = &Vec<u8>> {
        self.iter().map(|(k, _)| k)
    }

    /// Visits one bucket at `cursor` and returns the next cursor (0 when done), with
    /// Redis's reverse-binary increment: elements present from start to end of a full
    /// scan are visited at least once even if the table is resized in between.
    pub fn scan(&self, cursor: u64, mut visit: impl FnMut(&Vec<u8>, &V)) -> u64 {
        let mask = self.mask();
        let mut at = self.buckets[(cursor & mask) as usize];
        while at != NIL {
            if let Some(slot) = self.slots[at as usize].as_ref() {
                visit(&slot.key, &slot.value);
            }
            at = self.links[at as usize].next;
        }
        let mut v = cursor | !mask;
        v = v.reverse_bits();
        v = v.wrapping_add(1);
        v.reverse_bits()
    }

    /// A uniformly chosen bucket's random entry, as `dictGetRandomKey` does.
    pub fn random_entry(&self, rng: &mut crate::rng::Rng) -> Option<(&Vec<u8>, &V)> {
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
            while at != NIL {
                chain.push(at);
                at = self.links[at as usize].next;
            }
            let pick = chain[rng.below(chain.len() as u64) as usize];
            return self.slots[pick as usize].as_ref().map(|s| (&s.key, &s.value));
        }
    }

    /// Approximate heap bytes, for INFO memory and maxmemory.
    pub fn overhead_bytes(&self) -> usize {
        self.buckets.len() * 4
            + self.slots.capacity() * std::mem::size_of::<Option<Slot<V>>>()
            + self.links.capacity() * std::mem::size_of::<Link>()
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

    fn full_scan<V>(d: &Dict<V>) -> Vec<Vec<u8>> {
        let mut seen = Vec::new();
        let mut cursor = 0;
        loop {
            cursor = d.scan(cursor, |k, _| seen.push(k.clone()));
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
                seen.insert(k.clone());
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
