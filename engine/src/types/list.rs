//! A list's elements: a deque of bounded chunks, as Redis's quicklist is a linked list
//! of bounded listpacks (quicklist.c).
//!
//! Why not one `VecDeque`: a list only grows at its ends, but a single buffer grows by
//! doubling, and each doubling copies every element into memory the kernel has to
//! fault in and zero first. A list of a few million elements paid that in bursts of
//! hundreds of milliseconds (`perf`: `clear_page_erms` under `finish_grow` was a third
//! of a pipelined LPUSH's samples, and LPUSH spent 1.12× redis-server's CPU per
//! request). Chunks of at most `CHUNK` elements never move once full: a push touches
//! one chunk, and a new chunk is one allocation of fixed size.
//!
//! Layout: `chunks` holds `VecDeque<SmallBytes>`s, each non-empty and at most `CHUNK`
//! long. A list that fits one chunk is exactly the `VecDeque` it used to be (growing by
//! doubling from a few elements, so a short list costs what it did); a chunk started
//! beside a full one is allocated at `CHUNK` at once. An element is found by walking
//! chunk lengths from the nearer end (O(n / CHUNK), as quicklist's index walks its
//! nodes); an insertion into a full chunk splits it in two (`_quicklistSplitNode`), a
//! removal that empties a chunk drops it.

use std::collections::vec_deque;
use std::collections::VecDeque;
use std::ops::{Bound, Index, IndexMut, RangeBounds};

use crate::small_bytes::SmallBytes;

/// Elements per chunk: 256 slots of 24 bytes, 6 KB (quicklist's default node is a
/// listpack of up to 8 KB).
pub const CHUNK: usize = 256;

type Chunk = VecDeque<SmallBytes>;

#[derive(Clone, Debug, Default)]
pub struct List {
    chunks: VecDeque<Chunk>,
    len: usize,
}

impl List {
    pub fn new() -> List {
        List::default()
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn push_front(&mut self, e: SmallBytes) {
        match self.chunks.front_mut() {
            Some(c) if c.len() < CHUNK => c.push_front(e),
            _ => {
                let mut c = self.new_chunk();
                c.push_front(e);
                self.chunks.push_front(c);
            }
        }
        self.len += 1;
    }

    pub fn push_back(&mut self, e: SmallBytes) {
        match self.chunks.back_mut() {
            Some(c) if c.len() < CHUNK => c.push_back(e),
            _ => {
                let mut c = self.new_chunk();
                c.push_back(e);
                self.chunks.push_back(c);
            }
        }
        self.len += 1;
    }

    /// The first chunk grows as a `VecDeque` does; one beside a full chunk is full-sized.
    fn new_chunk(&self) -> Chunk {
        if self.chunks.is_empty() {
            Chunk::new()
        } else {
            Chunk::with_capacity(CHUNK)
        }
    }

    pub fn pop_front(&mut self) -> Option<SmallBytes> {
        let c = self.chunks.front_mut()?;
        let e = c.pop_front();
        if c.is_empty() {
            self.chunks.pop_front();
        }
        self.len -= 1;
        e
    }

    pub fn pop_back(&mut self) -> Option<SmallBytes> {
        let c = self.chunks.back_mut()?;
        let e = c.pop_back();
        if c.is_empty() {
            self.chunks.pop_back();
        }
        self.len -= 1;
        e
    }

    /// The chunk holding element `i` and its offset there, walking from the nearer end;
    /// `i` must be below `len`.
    fn locate(&self, i: usize) -> (usize, usize) {
        debug_assert!(i < self.len);
        if i < self.len / 2 {
            let mut i = i;
            for (ci, c) in self.chunks.iter().enumerate() {
                if i < c.len() {
                    return (ci, i);
                }
                i -= c.len();
            }
        } else {
            // Counted from the end: element `i` is `back` elements before the last one.
            let mut back = self.len - 1 - i;
            for (ci, c) in self.chunks.iter().enumerate().rev() {
                if back < c.len() {
                    return (ci, c.len() - 1 - back);
                }
                back -= c.len();
            }
        }
        unreachable!("list length out of step with its chunks")
    }

    pub fn get(&self, i: usize) -> Option<&SmallBytes> {
        if i >= self.len {
            return None;
        }
        let (c, o) = self.locate(i);
        self.chunks[c].get(o)
    }

    pub fn get_mut(&mut self, i: usize) -> Option<&mut SmallBytes> {
        if i >= self.len {
            return None;
        }
        let (c, o) = self.locate(i);
        self.chunks[c].get_mut(o)
    }

    /// Inserts `e` so that it becomes element `i` (`i` ≤ `len`, as `VecDeque::insert`).
    pub fn insert(&mut self, i: usize, e: SmallBytes) {
        assert!(i <= self.len, "insertion index out of bounds");
        if i == self.len {
            return self.push_back(e);
        }
        if i == 0 {
            return self.push_front(e);
        }
        let (mut c, mut o) = self.locate(i);
        if self.chunks[c].len() >= CHUNK {
            let tail = self.chunks[c].split_off(CHUNK / 2);
            self.chunks.insert(c + 1, tail);
            if o >= CHUNK / 2 {
                c += 1;
                o -= CHUNK / 2;
            }
        }
        self.chunks[c].insert(o, e);
        self.len += 1;
    }

    pub fn remove(&mut self, i: usize) -> Option<SmallBytes> {
        if i >= self.len {
            return None;
        }
        let (c, o) = self.locate(i);
        let e = self.chunks[c].remove(o);
        if self.chunks[c].is_empty() {
            self.chunks.remove(c);
        }
        self.len -= 1;
        e
    }

    /// LREM's walk: removes up to `limit` elements equal to `target`, from the front or
    /// from the back; returns how many. Chunk by chunk, so no element is looked up by
    /// its index.
    pub fn remove_matching(&mut self, target: &[u8], limit: usize, from_back: bool) -> usize {
        let mut removed = 0;
        let n = self.chunks.len();
        for k in 0..n {
            if removed == limit {
                break;
            }
            let c = &mut self.chunks[if from_back { n - 1 - k } else { k }];
            if from_back {
                let mut i = c.len();
                while i > 0 && removed < limit {
                    i -= 1;
                    if c[i] == *target {
                        c.remove(i);
                        removed += 1;
                    }
                }
            } else {
                let mut i = 0;
                while i < c.len() && removed < limit {
                    if c[i] == *target {
                        c.remove(i);
                        removed += 1;
                    } else {
                        i += 1;
                    }
                }
            }
        }
        if removed > 0 {
            self.chunks.retain(|c| !c.is_empty());
            self.len -= removed;
        }
        removed
    }

    /// Drops the first `n` elements (fewer when the list is shorter): LTRIM's left side.
    pub fn drop_front(&mut self, n: usize) {
        let mut n = n.min(self.len);
        self.len -= n;
        while n > 0 {
            let c = self.chunks.front_mut().expect("length counted elements that exist");
            if c.len() <= n {
                n -= c.len();
                self.chunks.pop_front();
            } else {
                c.drain(..n);
                n = 0;
            }
        }
    }

    /// Keeps the first `n` elements: LTRIM's right side.
    pub fn truncate(&mut self, n: usize) {
        let mut drop = self.len.saturating_sub(n);
        self.len -= drop;
        while drop > 0 {
            let c = self.chunks.back_mut().expect("length counted elements that exist");
            if c.len() <= drop {
                drop -= c.len();
                self.chunks.pop_back();
            } else {
                c.truncate(c.len() - drop);
                drop = 0;
            }
        }
    }

    pub fn iter(&self) -> Iter<'_> {
        let mut chunks = self.chunks.iter();
        let front = chunks.next().map_or_else(Part::default, |c| Part::of(c, 0, c.len()));
        let back = chunks
            .next_back()
            .map_or_else(Part::default, |c| Part::of(c, 0, c.len()));
        Iter {
            chunks,
            front,
            back,
            len: self.len,
        }
    }

    /// The elements in `range` of positions, which must lie within the list (as
    /// `VecDeque::range`); the first is found by one walk, not element by element.
    pub fn range(&self, range: impl RangeBounds<usize>) -> Iter<'_> {
        let start = match range.start_bound() {
            Bound::Included(&s) => s,
            Bound::Excluded(&s) => s + 1,
            Bound::Unbounded => 0,
        };
        let end = match range.end_bound() {
            Bound::Included(&e) => e + 1,
            Bound::Excluded(&e) => e,
            Bound::Unbounded => self.len,
        };
        assert!(start <= end && end <= self.len, "range out of bounds");
        if start == end {
            return Iter::default();
        }
        let (first, from) = self.locate(start);
        let (last, to) = self.locate(end - 1);
        let len = end - start;
        if first == last {
            let front = Part::of(&self.chunks[first], from, to + 1);
            return Iter {
                chunks: Default::default(),
                front,
                back: Part::default(),
                len,
            };
        }
        Iter {
            chunks: self.chunks.range(first + 1..last),
            front: Part::of(&self.chunks[first], from, self.chunks[first].len()),
            back: Part::of(&self.chunks[last], 0, to + 1),
            len,
        }
    }
}

impl Index<usize> for List {
    type Output = SmallBytes;

    fn index(&self, i: usize) -> &SmallBytes {
        self.get(i).expect("list index out of bounds")
    }
}

impl IndexMut<usize> for List {
    fn index_mut(&mut self, i: usize) -> &mut SmallBytes {
        self.get_mut(i).expect("list index out of bounds")
    }
}

impl FromIterator<SmallBytes> for List {
    fn from_iter<I: IntoIterator<Item = SmallBytes>>(iter: I) -> List {
        let mut list = List::new();
        list.extend(iter);
        list
    }
}

impl Extend<SmallBytes> for List {
    fn extend<I: IntoIterator<Item = SmallBytes>>(&mut self, iter: I) {
        for e in iter {
            self.push_back(e);
        }
    }
}

/// Positions `from..to` of one chunk, as the two slices a `VecDeque` keeps them in.
#[derive(Clone, Default)]
struct Part<'a>(&'a [SmallBytes], &'a [SmallBytes]);

impl<'a> Part<'a> {
    fn of(c: &'a Chunk, from: usize, to: usize) -> Part<'a> {
        let (a, b) = c.as_slices();
        if from >= a.len() {
            Part(&b[from - a.len()..to - a.len()], &[])
        } else if to <= a.len() {
            Part(&a[from..to], &[])
        } else {
            Part(&a[from..], &b[..to - a.len()])
        }
    }

    fn next(&mut self) -> Option<&'a SmallBytes> {
        if let Some((e, rest)) = self.0.split_first() {
            self.0 = rest;
            Some(e)
        } else if let Some((e, rest)) = self.1.split_first() {
            self.1 = rest;
            Some(e)
        } else {
            None
        }
    }

    fn next_back(&mut self) -> Option<&'a SmallBytes> {
        if let Some((e, rest)) = self.1.split_last() {
            self.1 = rest;
            Some(e)
        } else if let Some((e, rest)) = self.0.split_last() {
            self.0 = rest;
            Some(e)
        } else {
            None
        }
    }
}

impl<'a> Iter<'a> {
    /// What is left, as the slices it lies in, in order: for a caller that builds from
    /// each slice at once (`Vec::extend` over a slice writes each element in place).
    pub fn slices(self) -> impl Iterator<Item = &'a [SmallBytes]> {
        let middle = self.chunks.flat_map(|c| {
            let (a, b) = c.as_slices();
            [a, b]
        });
        [self.front.0, self.front.1]
            .into_iter()
            .chain(middle)
            .chain([self.back.0, self.back.1])
    }
}

/// Elements front to back (or back to front with `rev`), with an exact length.
#[derive(Clone, Default)]
pub struct Iter<'a> {
    chunks: vec_deque::Iter<'a, Chunk>,
    front: Part<'a>,
    back: Part<'a>,
    len: usize,
}

impl<'a> Iterator for Iter<'a> {
    type Item = &'a SmallBytes;

    fn next(&mut self) -> Option<&'a SmallBytes> {
        if self.len == 0 {
            return None;
        }
        loop {
            if let Some(e) = self.front.next() {
                self.len -= 1;
                return Some(e);
            }
            match self.chunks.next() {
                Some(c) => self.front = Part::of(c, 0, c.len()),
                None => {
                    let e = self.back.next();
                    self.len -= 1;
                    return e;
                }
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.len, Some(self.len))
    }

    /// Over the chunks' slices with one call site of `f` (so that it is inlined, as in a
    /// `VecDeque`'s own fold): `for_each` and `sum` do not pay `next`'s test of which
    /// chunk comes next per element.
    #[inline]
    fn fold<B, F: FnMut(B, &'a SmallBytes) -> B>(self, init: B, mut f: F) -> B {
        let mut acc = init;
        for slice in self.slices() {
            for e in slice {
                acc = f(acc, e);
            }
        }
        acc
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.len == 0 {
            return None;
        }
        loop {
            if let Some(e) = self.back.next_back() {
                self.len -= 1;
                return Some(e);
            }
            match self.chunks.next_back() {
                Some(c) => self.back = Part::of(c, 0, c.len()),
                None => {
                    let e = self.front.next_back();
                    self.len -= 1;
                    return e;
                }
            }
        }
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl std::iter::FusedIterator for Iter<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(n: usize) -> SmallBytes {
        SmallBytes::from(n.to_string().into_bytes())
    }

    /// Every operation against a `VecDeque` doing the same, across chunk boundaries,
    /// with the chunks' invariants checked after each step.
    #[test]
    fn behaves_as_a_deque() {
        let mut list = List::new();
        let mut model: VecDeque<SmallBytes> = VecDeque::new();
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |m: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % m as u64) as usize
        };
        for step in 0..40_000 {
            let len = model.len();
            match next(12) {
                0..=2 => {
                    list.push_front(e(step));
                    model.push_front(e(step));
                }
                3..=5 => {
                    list.push_back(e(step));
                    model.push_back(e(step));
                }
                6 => assert_eq!(list.pop_front(), model.pop_front()),
                7 => assert_eq!(list.pop_back(), model.pop_back()),
                8 => {
                    let i = next(len + 1);
                    list.insert(i, e(step));
                    model.insert(i, e(step));
                }
                9 if len > 0 => {
                    let i = next(len);
                    assert_eq!(list.remove(i), model.remove(i));
                }
                10 if len > 0 => {
                    let i = next(len);
                    list[i] = e(step);
                    model[i] = e(step);
                }
                11 if step % 97 == 0 => {
                    let (l, r) = (next(len / 8 + 1), next(len / 8 + 1));
                    list.drop_front(l);
                    model.drain(..l.min(len));
                    let keep = model.len().saturating_sub(r);
                    list.truncate(keep);
                    model.truncate(keep);
                }
                _ => {}
            }
            assert_eq!(list.len(), model.len());
            assert!(list.chunks.iter().all(|c| !c.is_empty() && c.len() <= CHUNK));
            assert_eq!(list.chunks.iter().map(|c| c.len()).sum::<usize>(), list.len());
            if step % 251 == 0 && !model.is_empty() {
                assert!(list.iter().eq(model.iter()));
                let mut folded = Vec::new();
                list.iter().for_each(|e| folded.push(e.clone()));
                assert!(folded.iter().eq(model.iter()), "fold visits every element in order");
                assert!(list.iter().rev().eq(model.iter().rev()));
                let (a, b) = (next(model.len()), next(model.len()));
                let (a, b) = (a.min(b), a.max(b));
                assert!(list.range(a..=b).eq(model.range(a..=b)));
                assert!(list.range(a..=b).rev().eq(model.range(a..=b).rev()));
                assert_eq!(list.range(a..b).len(), b - a);
                let mut folded = Vec::new();
                let mut partial = list.range(a..=b);
                let (first, last) = (partial.next(), partial.next_back());
                partial.for_each(|e| folded.push(e.clone()));
                let sliced: Vec<&SmallBytes> = list.range(a..=b).slices().flatten().collect();
                assert!(sliced.into_iter().eq(model.range(a..=b)));
                assert!(first.into_iter().chain(&folded).chain(last).eq(model.range(a..=b)));
                let i = next(model.len());
                assert_eq!(list.get(i), model.get(i));
                assert_eq!(list.get(0), model.front());
                assert_eq!(list.get(list.len() - 1), model.back());
            }
        }
        assert!(list.chunks.len() > 3, "the walk crossed chunk boundaries");
    }

    #[test]
    fn a_value_stays_small() {
        // The keyspace's slots hold a `Value` inline: a list must not widen it.
        assert!(
            std::mem::size_of::<crate::value::Value>() <= 40,
            "{}",
            std::mem::size_of::<crate::value::Value>()
        );
    }

    #[test]
    fn full_chunks_are_not_reallocated_by_pushes() {
        let mut list = List::new();
        for i in 0..CHUNK * 3 {
            list.push_front(e(i));
        }
        let first_full = list.chunks.back().map(|c| c.as_slices().0.as_ptr());
        for i in 0..CHUNK * 10 {
            list.push_front(e(i));
            list.push_back(e(i));
        }
        let after = list.chunks.iter().nth(10 + 3 - 1).map(|c| c.as_slices().0.as_ptr());
        assert_eq!(list.len(), CHUNK * 23);
        // The chunk that was last before is still where it was: only new chunks were made.
        assert_eq!(first_full, after);
    }
}
