//! A sorted set: a member→score table plus the skiplist index, so ranks and ranges are
//! O(log n).

use crate::dict::Dict;
use crate::rng::Rng;
use crate::small_bytes::SmallBytes;
use crate::types::skiplist::SkipList;

/// A sorted set. `listpack` only records which encoding Redis would report: the
/// structure is the same at every size.
#[derive(Clone)]
pub struct ZSet {
    pub scores: Dict<f64>,
    pub index: SkipList,
    pub(crate) listpack: bool,
}

impl std::fmt::Debug for ZSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ZSet({} members, {})", self.len(), self.encoding())
    }
}

impl ZSet {
    /// `zsetTypeCreate`: listpack when the first batch fits the limits.
    pub fn new(listpack: bool) -> ZSet {
        ZSet {
            scores: Dict::new(),
            index: SkipList::new(),
            listpack,
        }
    }

    pub fn len(&self) -> usize {
        self.scores.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn encoding(&self) -> &'static str {
        if self.listpack {
            "listpack"
        } else {
            "skiplist"
        }
    }

    pub fn approx_bytes(&self) -> usize {
        self.scores.overhead_bytes() + self.scores.keys().map(|k| k.len() * 2 + 48).sum::<usize>()
    }

    pub fn score(&self, member: &[u8]) -> Option<f64> {
        self.scores.get(member).copied()
    }

    /// Sets a member's score (adding it if new); true when it is new.
    pub fn set(&mut self, member: &[u8], score: f64, rng: &mut Rng) -> bool {
        // `zsetAdd`: one dictFind (one rehash step), then zslUpdateScore, or dictAdd.
        self.scores.lookup_step();
        if let Some(stored) = self.scores.get_mut(member) {
            let old = *stored;
            if old != score {
                *stored = score;
                self.index.update_score(old, member, score, rng);
            }
            return false;
        }
        self.scores.insert_slice(member, score);
        self.index.insert_small(score, SmallBytes::from_slice(member), rng);
        true
    }

    pub fn remove(&mut self, member: &[u8]) -> bool {
        match self.scores.remove(member) {
            Some(score) => {
                self.index.remove(score, member);
                true
            }
            None => false,
        }
    }

    /// Converts the reported encoding once a limit is crossed (never back).
    pub fn check_limits(&mut self, max_entries: usize, max_value: usize, member_len: usize) {
        if self.listpack && (self.len() > max_entries || member_len > max_value) {
            self.listpack = false;
        }
    }

    /// 0-based rank, ascending or descending.
    pub fn rank(&self, member: &[u8], reverse: bool) -> Option<usize> {
        let score = self.score(member)?;
        let r = self.index.rank(score, member) as usize;
        Some(if reverse { self.len() - r } else { r - 1 })
    }

    pub fn entries(&self) -> Vec<(Vec<u8>, f64)> {
        self.index.iter().map(|(m, s)| (m.to_vec(), s)).collect()
    }

    /// A sorted set of results, with the encoding Redis gives a new result set.
    pub fn from_entries(entries: Vec<(Vec<u8>, f64)>, max_entries: usize, max_value: usize, rng: &mut Rng) -> ZSet {
        let longest = entries.iter().map(|(m, _)| m.len()).max().unwrap_or(0);
        let mut z = ZSet::new(entries.len() <= max_entries && longest <= max_value);
        for (m, s) in entries {
            z.set(&m, s, rng);
        }
        z
    }
}
