//! The ordered index of a sorted set: a skiplist with spans, as Redis's `zskiplist`,
//! so that insertion, deletion, rank and element-at-rank are all O(log n).
//!
//! Nodes live in an arena (`nodes`) and link by index; index 0 is the header. Order is
//! (score, member bytes), exactly Redis's.

use std::cmp::Ordering;

use crate::rng::Rng;
use crate::small_bytes::SmallBytes;
use crate::types::zset_range::{LexRange, ScoreRange};

const NIL: u32 = u32::MAX;
const HEADER: u32 = 0;
pub const MAX_LEVEL: usize = 32;

#[derive(Clone, Copy, Debug)]
struct Link {
    forward: u32,
    /// How many nodes this link skips (rank distance). 32 bits (Redis keeps an
    /// `unsigned long`): a link is then 8 bytes, and three of them fit in a 64-byte
    /// node beside its score and member; a sorted set of 2^32 members would need
    /// hundreds of gigabytes first.
    span: u32,
}

/// Levels kept inside the node: with Redis's p = 1/4, 98.4% of nodes have at most 3.
/// Three make the node one 64-byte cache line (below); with four it was 80 bytes, and a
/// pipelined ZADD's walk 3% slower (server CPU per request).
const INLINE_LEVELS: usize = 3;

/// A node's `shape` at or above this names its upper links in `SkipList::tall`
/// (`shape - TALL`); below it, the shape is the node's level (0 for a free node).
const TALL: u32 = INLINE_LEVELS as u32 + 1;

const NO_LINK: Link = Link { forward: NIL, span: 0 };

/// The upper links of a node taller than `INLINE_LEVELS` (1.6% of nodes, and the header).
#[derive(Clone, Debug)]
struct Tall {
    level: u8,
    links: [Link; MAX_LEVEL - INLINE_LEVELS],
}

/// One cache line, aligned to one (`repr(C, align(64))`, with a test): a step along a
/// level reads the next node's score, then its link, then its member on a tie of
/// scores, all from the line the score brought in. Redis's `zskiplistNode` ends with its
/// `level[]` array for the same reason. Rust's own field order once put the score and
/// the links 40 bytes apart, and a 72-byte node straddled two lines three times in
/// eight: each a second miss on the walk.
#[derive(Clone, Debug)]
#[repr(C, align(64))]
struct Node {
    score: f64,
    /// The lowest `INLINE_LEVELS` links (unused above the node's level).
    low: [Link; INLINE_LEVELS],
    /// The node's level, or where its upper links are (see `TALL`).
    shape: u32,
    backward: u32,
    /// Inline when short: a tie on the score compares members without a pointer chase.
    member: SmallBytes,
}

/// What `walk_pair` found.
struct WalkPair {
    update_a: [u32; MAX_LEVEL],
    rank_a0: u64,
    update_b: [u32; MAX_LEVEL],
    rank_b: [u64; MAX_LEVEL],
}

#[derive(Clone, Debug)]
pub struct SkipList {
    nodes: Vec<Node>,
    free: Vec<u32>,
    /// Upper links of the tall nodes, the header's first; `tall_free` lists unused ones.
    tall: Vec<Tall>,
    tall_free: Vec<u32>,
    tail: u32,
    len: usize,
    level: usize,
}

impl Default for SkipList {
    fn default() -> Self {
        Self::new()
    }
}

/// (score, member) order.
pub fn cmp_entry(a_score: f64, a_member: &[u8], b_score: f64, b_member: &[u8]) -> Ordering {
    a_score
        .partial_cmp(&b_score)
        .unwrap_or(Ordering::Equal)
        .then_with(|| a_member.cmp(b_member))
}

/// Puts `item` in an arena: in a slot `free` lists (the last one freed), or at the end;
/// returns its index. Nodes and tall nodes' upper links are kept this way.
fn place<T>(slots: &mut Vec<T>, free: &mut Vec<u32>, item: T) -> u32 {
    match free.pop() {
        Some(i) => {
            slots[i as usize] = item;
            i
        }
        None => {
            slots.push(item);
            (slots.len() - 1) as u32
        }
    }
}

impl SkipList {
    pub fn new() -> SkipList {
        let header = Node {
            score: 0.0,
            low: [NO_LINK; INLINE_LEVELS],
            shape: TALL,
            backward: NIL,
            member: SmallBytes::default(),
        };
        SkipList {
            nodes: vec![header],
            free: Vec::new(),
            tall: vec![Tall {
                level: MAX_LEVEL as u8,
                links: [NO_LINK; MAX_LEVEL - INLINE_LEVELS],
            }],
            tall_free: Vec::new(),
            tail: NIL,
            len: 0,
            level: 1,
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn random_level(rng: &mut Rng) -> usize {
        // Each level with probability 1/4, as Redis's ZSKIPLIST_P.
        let mut level = 1;
        while level < MAX_LEVEL && rng.next_u64() & 3 == 0 {
            level += 1;
        }
        level
    }

    fn node(&self, i: u32) -> &Node {
        &self.nodes[i as usize]
    }

    /// Node `x`'s link on level `i` (a level it has).
    #[inline]
    fn link(&self, x: u32, i: usize) -> Link {
        let n = self.node(x);
        if i < INLINE_LEVELS {
            n.low[i]
        } else {
            self.tall[(n.shape - TALL) as usize].links[i - INLINE_LEVELS]
        }
    }

    #[inline]
    fn link_mut(&mut self, x: u32, i: usize) -> &mut Link {
        let n = &mut self.nodes[x as usize];
        if i < INLINE_LEVELS {
            &mut n.low[i]
        } else {
            &mut self.tall[(n.shape - TALL) as usize].links[i - INLINE_LEVELS]
        }
    }

    fn level_of(&self, n: &Node) -> usize {
        if n.shape < TALL {
            n.shape as usize
        } else {
            usize::from(self.tall[(n.shape - TALL) as usize].level)
        }
    }

    /// The shape of a new node of `level`: its upper links taken from `tall` if it
    /// needs them.
    fn shape_for(&mut self, level: usize) -> u32 {
        if level <= INLINE_LEVELS {
            return level as u32;
        }
        let tall = Tall {
            level: level as u8,
            links: [NO_LINK; MAX_LEVEL - INLINE_LEVELS],
        };
        TALL + place(&mut self.tall, &mut self.tall_free, tall)
    }

    /// Starts reading the first node on level `i - 1` after `x` while the walk compares
    /// on level `i`: where the walk goes down, its next comparison then finds that node
    /// in cache, its miss overlapped with the one before instead of following it. A walk
    /// is a chain of cache misses (one a step); this takes one link of the chain per
    /// level. The load's value is unused (`black_box` keeps it).
    #[inline]
    fn read_ahead(&self, x: u32, i: usize) {
        if i > 0 {
            let below = self.link(x, i - 1).forward;
            if below != NIL {
                std::hint::black_box(self.node(below).score);
            }
        }
    }

    /// Whether node `i` orders before (score, member); its member is read only when the
    /// scores tie (`zslInsert`'s test, in the same order).
    fn before(&self, i: u32, score: f64, member: &[u8]) -> bool {
        self.before_at(i, self.node(i).score, score, member)
    }

    /// `before` with node `i`'s score already read (`walk_pair` reads both walks' next
    /// scores before comparing either).
    #[inline]
    fn before_at(&self, i: u32, i_score: f64, score: f64, member: &[u8]) -> bool {
        i_score < score || (i_score == score && *self.node(i).member < *member)
    }

    /// Inserts a member that is not present (the caller keeps the member→score map).
    pub fn insert(&mut self, score: f64, member: Vec<u8>, rng: &mut Rng) {
        self.insert_small(score, SmallBytes::new(member), rng);
    }

    /// `insert` with the member already in the node's form (a short one copied from the
    /// request, or the bytes of a node being moved, with no allocation in between).
    pub fn insert_small(&mut self, score: f64, member: SmallBytes, rng: &mut Rng) {
        let mut update = [HEADER; MAX_LEVEL];
        let mut rank = [0u64; MAX_LEVEL];
        let mut x = HEADER;
        for i in (0..self.level).rev() {
            rank[i] = if i == self.level - 1 { 0 } else { rank[i + 1] };
            loop {
                let next = self.link(x, i).forward;
                self.read_ahead(x, i);
                if next != NIL && self.before(next, score, &member) {
                    rank[i] += u64::from(self.link(x, i).span);
                    x = next;
                } else {
                    break;
                }
            }
            update[i] = x;
        }
        self.link_in(score, member, rng, &update, rank);
    }

    /// The second half of `zslInsert`: a new node of a random level after `update[i]`
    /// on each level `i`, whose ranks are `rank[i]` (the walk's results, for this list).
    fn link_in(
        &mut self,
        score: f64,
        member: SmallBytes,
        rng: &mut Rng,
        update: &[u32; MAX_LEVEL],
        mut rank: [u64; MAX_LEVEL],
    ) {
        let mut update = *update;
        let level = Self::random_level(rng);
        if level > self.level {
            for i in self.level..level {
                rank[i] = 0;
                update[i] = HEADER;
                self.link_mut(HEADER, i).span = self.len as u32;
            }
            self.level = level;
        }
        let node = Node {
            score,
            low: [NO_LINK; INLINE_LEVELS],
            shape: self.shape_for(level),
            backward: NIL,
            member,
        };
        let idx = place(&mut self.nodes, &mut self.free, node);
        for i in 0..level {
            let prev = update[i];
            let prev_link = self.link(prev, i);
            *self.link_mut(idx, i) = Link {
                forward: prev_link.forward,
                span: prev_link.span - (rank[0] - rank[i]) as u32,
            };
            *self.link_mut(prev, i) = Link {
                forward: idx,
                span: (rank[0] - rank[i]) as u32 + 1,
            };
        }
        // Levels above the new node's: one more node now lies under their links.
        for (i, &u) in update.iter().enumerate().take(self.level).skip(level) {
            self.link_mut(u, i).span += 1;
        }
        let back = if update[0] == HEADER { NIL } else { update[0] };
        self.nodes[idx as usize].backward = back;
        let next = self.link(idx, 0).forward;
        if next != NIL {
            self.nodes[next as usize].backward = idx;
        } else {
            self.tail = idx;
        }
        self.len += 1;
    }

    /// Removes (score, member); true when it was there.
    pub fn remove(&mut self, score: f64, member: &[u8]) -> bool {
        let Some((target, update)) = self.find(score, member) else {
            return false;
        };
        self.unlink(target, &update);
        true
    }

    /// The node holding (score, member), and the last node before it on each level.
    fn find(&self, score: f64, member: &[u8]) -> Option<(u32, [u32; MAX_LEVEL])> {
        let mut update = [HEADER; MAX_LEVEL];
        let mut x = HEADER;
        for i in (0..self.level).rev() {
            loop {
                let next = self.link(x, i).forward;
                self.read_ahead(x, i);
                if next != NIL && self.before(next, score, member) {
                    x = next;
                } else {
                    break;
                }
            }
            update[i] = x;
        }
        let target = self.link(x, 0).forward;
        (target != NIL && self.node(target).score == score && *self.node(target).member == *member)
            .then_some((target, update))
    }

    /// `zslUpdateScore`: gives a member a new score. The node stays where it is when its
    /// neighbours still order it (strictly, as Redis checks); otherwise it is taken out
    /// and the member inserted again, its bytes reused. False when (old, member) is not
    /// in the list.
    ///
    /// Redis walks twice, one walk after the other: to the node, then (after taking it
    /// out) to its new place. Both walks are chains of cache misses, one a step, and the
    /// second does not depend on the first: here they run together, a step of each in
    /// turn (`walk_pair`), so the CPU waits for the two misses at once. The second walk
    /// then ran on the list with the node still in it; its results are adjusted for the
    /// list without it (below), or, in the rare case that the node was itself the last
    /// one before the new place on some level, walked again. When the node stays in
    /// place the second walk was for nothing, but its misses were the first walk's
    /// company, not added after it.
    pub fn update_score(&mut self, old: f64, member: &[u8], new: f64, rng: &mut Rng) -> bool {
        let walks = self.walk_pair((old, member), (new, member));
        let update = walks.update_a;
        let target = self.link(update[0], 0).forward;
        if target == NIL || self.node(target).score != old || *self.node(target).member != *member {
            return false;
        }
        let node = self.node(target);
        let back = node.backward;
        let next = node.low[0].forward;
        if (back == NIL || self.node(back).score < new) && (next == NIL || self.node(next).score > new) {
            self.nodes[target as usize].score = new;
            return true;
        }
        let levels = self.level;
        let member = self.unlink(target, &update);
        if walks.update_b[..levels].contains(&target) {
            self.insert_small(new, member, rng);
            return true;
        }
        // Every node after the one taken out moved one rank down.
        let target_rank = walks.rank_a0 + 1;
        let mut rank = walks.rank_b;
        for r in rank.iter_mut().take(levels) {
            if *r > target_rank {
                *r -= 1;
            }
        }
        self.link_in(new, member, rng, &walks.update_b, rank);
        true
    }

    /// Two walks at once (see `update_score`): for `a`, the last node before it on each
    /// level and that node's rank on level 0; for `b`, `insert_small`'s `update` and
    /// `rank`. Each turn reads the next node of both walks before comparing either, so
    /// the two loads are in flight together. The two halves of the loop are mirror
    /// images written out: a `Walk` type stepping either measured 5% slower per ZADD.
    fn walk_pair(&self, a: (f64, &[u8]), b: (f64, &[u8])) -> WalkPair {
        let top = self.level - 1;
        let mut w = WalkPair {
            update_a: [HEADER; MAX_LEVEL],
            rank_a0: 0,
            update_b: [HEADER; MAX_LEVEL],
            rank_b: [0; MAX_LEVEL],
        };
        let (mut xa, mut ia, mut done_a) = (HEADER, top, false);
        let (mut xb, mut ib, mut done_b) = (HEADER, top, false);
        let mut rank_a = 0u64;
        let mut rank_b = 0u64;
        while !(done_a && done_b) {
            let la = self.link(xa, ia);
            let lb = self.link(xb, ib);
            let score_a = if la.forward != NIL {
                self.node(la.forward).score
            } else {
                0.0
            };
            let score_b = if lb.forward != NIL {
                self.node(lb.forward).score
            } else {
                0.0
            };
            self.read_ahead(xa, ia);
            self.read_ahead(xb, ib);
            if !done_a {
                if la.forward != NIL && self.before_at(la.forward, score_a, a.0, a.1) {
                    rank_a += u64::from(la.span);
                    xa = la.forward;
                } else {
                    w.update_a[ia] = xa;
                    if ia == 0 {
                        w.rank_a0 = rank_a;
                        done_a = true;
                    } else {
                        ia -= 1;
                    }
                }
            }
            if !done_b {
                if lb.forward != NIL && self.before_at(lb.forward, score_b, b.0, b.1) {
                    rank_b += u64::from(lb.span);
                    xb = lb.forward;
                } else {
                    w.update_b[ib] = xb;
                    w.rank_b[ib] = rank_b;
                    if ib == 0 {
                        done_b = true;
                    } else {
                        ib -= 1;
                    }
                }
            }
        }
        w
    }

    /// Takes a node out of every level; returns its member.
    fn unlink(&mut self, target: u32, update: &[u32; MAX_LEVEL]) -> SmallBytes {
        for (i, &u) in update.iter().enumerate().take(self.level) {
            let link = self.link(u, i);
            if link.forward == target {
                let t = self.link(target, i);
                *self.link_mut(u, i) = Link {
                    forward: t.forward,
                    span: link.span + t.span - 1,
                };
            } else {
                self.link_mut(u, i).span -= 1;
            }
        }
        let next = self.link(target, 0).forward;
        let back = self.nodes[target as usize].backward;
        if next != NIL {
            self.nodes[next as usize].backward = back;
        } else {
            self.tail = back;
        }
        while self.level > 1 && self.link(HEADER, self.level - 1).forward == NIL {
            self.level -= 1;
        }
        let shape = std::mem::take(&mut self.nodes[target as usize].shape);
        if shape >= TALL {
            self.tall_free.push(shape - TALL);
        }
        self.nodes[target as usize].low = [NO_LINK; INLINE_LEVELS];
        self.free.push(target);
        self.len -= 1;
        std::mem::take(&mut self.nodes[target as usize].member)
    }

    /// 1-based rank of (score, member), or 0 when absent.
    pub fn rank(&self, score: f64, member: &[u8]) -> u64 {
        let mut rank = 0;
        let mut x = HEADER;
        for i in (0..self.level).rev() {
            loop {
                let next = self.link(x, i).forward;
                if next == NIL {
                    break;
                }
                let n = self.node(next);
                if n.score < score || (n.score == score && *n.member <= *member) {
                    rank += u64::from(self.link(x, i).span);
                    x = next;
                } else {
                    break;
                }
            }
            if x != HEADER && *self.node(x).member == *member {
                return rank;
            }
        }
        0
    }

    /// The node at 1-based `rank`.
    fn at_rank(&self, rank: u64) -> u32 {
        let mut traversed = 0;
        let mut x = HEADER;
        for i in (0..self.level).rev() {
            loop {
                let link = self.link(x, i);
                if link.forward != NIL && traversed + u64::from(link.span) <= rank {
                    traversed += u64::from(link.span);
                    x = link.forward;
                } else {
                    break;
                }
            }
            if traversed == rank {
                return x;
            }
        }
        NIL
    }

    /// The first node inside a range given by its two predicates (`zslFirstInRange`
    /// for scores, `zslFirstInLexRange` for members): skip what is below the minimum.
    fn first_in(&self, empty: bool, above_min: impl Fn(&Node) -> bool, below_max: impl Fn(&Node) -> bool) -> u32 {
        if empty {
            return NIL;
        }
        let mut x = HEADER;
        for i in (0..self.level).rev() {
            loop {
                let next = self.link(x, i).forward;
                if next != NIL && !above_min(self.node(next)) {
                    x = next;
                } else {
                    break;
                }
            }
        }
        let x = self.link(x, 0).forward;
        if x != NIL && below_max(self.node(x)) {
            x
        } else {
            NIL
        }
    }

    /// The last node inside a range: go as far as the maximum allows.
    fn last_in(&self, empty: bool, above_min: impl Fn(&Node) -> bool, below_max: impl Fn(&Node) -> bool) -> u32 {
        if empty {
            return NIL;
        }
        let mut x = HEADER;
        for i in (0..self.level).rev() {
            loop {
                let next = self.link(x, i).forward;
                if next != NIL && below_max(self.node(next)) {
                    x = next;
                } else {
                    break;
                }
            }
        }
        if x != HEADER && above_min(self.node(x)) {
            x
        } else {
            NIL
        }
    }

    fn first_in_score(&self, r: &ScoreRange) -> u32 {
        self.first_in(r.is_empty(), |n| r.above_min(n.score), |n| r.below_max(n.score))
    }

    fn last_in_score(&self, r: &ScoreRange) -> u32 {
        self.last_in(r.is_empty(), |n| r.above_min(n.score), |n| r.below_max(n.score))
    }

    fn first_in_lex(&self, r: &LexRange) -> u32 {
        self.first_in(r.is_empty(), |n| r.above_min(&n.member), |n| r.below_max(&n.member))
    }

    fn last_in_lex(&self, r: &LexRange) -> u32 {
        self.last_in(r.is_empty(), |n| r.above_min(&n.member), |n| r.below_max(&n.member))
    }

    /// How many nodes lie between two boundary nodes (inclusive), by rank arithmetic.
    fn count_between(&self, first: u32, last: u32) -> usize {
        if first == NIL || last == NIL {
            return 0;
        }
        let (f, l) = (self.node(first), self.node(last));
        (self.rank(l.score, &l.member) - self.rank(f.score, &f.member) + 1) as usize
    }

    fn entry(&self, i: u32) -> (Vec<u8>, f64) {
        let n = self.node(i);
        (n.member.to_vec(), n.score)
    }

    fn step(&self, i: u32, reverse: bool) -> u32 {
        if reverse {
            self.node(i).backward
        } else {
            self.link(i, 0).forward
        }
    }

    /// Elements at 0-based ranks start..=end (already clamped), in either direction.
    pub fn range_by_rank(&self, start: usize, end: usize, reverse: bool) -> Vec<(Vec<u8>, f64)> {
        let count = end + 1 - start;
        let first_rank = if reverse { self.len - start } else { start + 1 };
        let mut x = self.at_rank(first_rank as u64);
        let mut out = Vec::with_capacity(count);
        while x != NIL && out.len() < count {
            out.push(self.entry(x));
            x = self.step(x, reverse);
        }
        out
    }

    /// Elements with a score in range, after skipping `offset`, at most `limit` (<0: all).
    pub fn range_by_score(&self, r: &ScoreRange, reverse: bool, offset: i64, limit: i64) -> Vec<(Vec<u8>, f64)> {
        let mut x = if reverse {
            self.last_in_score(r)
        } else {
            self.first_in_score(r)
        };
        self.collect(&mut x, reverse, offset, limit, |sl, i| r.contains(sl.node(i).score))
    }

    pub fn range_by_lex(&self, r: &LexRange, reverse: bool, offset: i64, limit: i64) -> Vec<(Vec<u8>, f64)> {
        let mut x = if reverse {
            self.last_in_lex(r)
        } else {
            self.first_in_lex(r)
        };
        self.collect(&mut x, reverse, offset, limit, |sl, i| r.contains(&sl.node(i).member))
    }

    fn collect(
        &self,
        x: &mut u32,
        reverse: bool,
        offset: i64,
        limit: i64,
        in_range: impl Fn(&SkipList, u32) -> bool,
    ) -> Vec<(Vec<u8>, f64)> {
        if offset < 0 {
            return Vec::new();
        }
        let mut skip = offset;
        while *x != NIL && skip > 0 && in_range(self, *x) {
            *x = self.step(*x, reverse);
            skip -= 1;
        }
        let mut out = Vec::new();
        while *x != NIL && in_range(self, *x) && (limit < 0 || (out.len() as i64) < limit) {
            out.push(self.entry(*x));
            *x = self.step(*x, reverse);
        }
        out
    }

    /// How many elements have a score in range (O(log n)).
    pub fn count_in_score(&self, r: &ScoreRange) -> usize {
        self.count_between(self.first_in_score(r), self.last_in_score(r))
    }

    pub fn count_in_lex(&self, r: &LexRange) -> usize {
        self.count_between(self.first_in_lex(r), self.last_in_lex(r))
    }

    /// Elements with a score in range, lowest first, without copying them (the walk
    /// GEOSEARCH does over each of its cells).
    pub fn iter_score_range<'s>(&'s self, r: &ScoreRange) -> impl Iterator<Item = (&'s [u8], f64)> + 's {
        let r = *r;
        self.nodes_from(self.first_in_score(&r))
            .take_while(move |n| r.below_max(n.score))
            .map(|n| (&*n.member, n.score))
    }

    /// Every element in order.
    pub fn iter(&self) -> impl Iterator<Item = (&[u8], f64)> + '_ {
        self.nodes_from(self.link(HEADER, 0).forward)
            .map(|n| (&*n.member, n.score))
    }

    /// The nodes from `first` to the end, along level 0.
    fn nodes_from(&self, first: u32) -> impl Iterator<Item = &Node> + '_ {
        let mut x = first;
        std::iter::from_fn(move || {
            if x == NIL {
                return None;
            }
            let n = self.node(x);
            x = n.low[0].forward;
            Some(n)
        })
    }

    /// Every element in order with its node's level (MEMORY USAGE sizes the nodes).
    pub fn iter_levels(&self) -> impl Iterator<Item = (&[u8], usize)> + '_ {
        self.nodes_from(self.link(HEADER, 0).forward)
            .map(|n| (&*n.member, self.level_of(n)))
    }
}

#[cfg(test)]
mod tests;
