//! The skip list's own tests: order, ranks and every span after inserts, removals and
//! score updates.

use super::*;
use crate::types::zset_range::LexBound;

#[test]
fn a_node_is_one_cache_line() {
    assert_eq!(std::mem::size_of::<Node>(), 64);
    assert_eq!(std::mem::align_of::<Node>(), 64);
}

fn build(n: usize) -> SkipList {
    let mut rng = Rng::new(7);
    let mut sl = SkipList::new();
    for i in 0..n {
        sl.insert(((i * 7919) % n) as f64, format!("m{i}").into_bytes(), &mut rng);
    }
    sl
}

#[test]
fn keeps_order_and_ranks() {
    let sl = build(1000);
    let scores: Vec<f64> = sl.iter().map(|(_, s)| s).collect();
    assert!(scores.windows(2).all(|w| w[0] <= w[1]));
    for (i, (m, s)) in sl.iter().enumerate() {
        assert_eq!(sl.rank(s, m), i as u64 + 1);
    }
    assert_eq!(sl.range_by_rank(10, 12, false).len(), 3);
    let rev = sl.range_by_rank(0, 0, true);
    assert_eq!(rev[0].1, 999.0);
}

#[test]
fn removal_keeps_spans_right() {
    let mut sl = build(500);
    let all: Vec<(Vec<u8>, f64)> = sl.iter().map(|(m, s)| (m.to_vec(), s)).collect();
    for (m, s) in all.iter().step_by(3) {
        assert!(sl.remove(*s, m));
    }
    assert!(!sl.remove(0.5, b"nope"));
    assert_eq!(sl.len(), 500 - all.iter().step_by(3).count());
    for (i, (m, s)) in sl.iter().enumerate() {
        assert_eq!(sl.rank(s, m), i as u64 + 1);
    }
}

#[test]
fn score_updates_in_place_or_by_moving_keep_order_ranks_and_the_tail() {
    let mut rng = Rng::new(11);
    let mut sl = build(300);
    let mut model: std::collections::BTreeMap<Vec<u8>, f64> = sl.iter().map(|(m, s)| (m.to_vec(), s)).collect();
    for step in 0..3000u64 {
        let member = format!("m{}", rng.below(300)).into_bytes();
        let old = model[&member];
        // Small nudges stay between the neighbours (in place); big jumps move the
        // node; equal neighbours' scores force a move (Redis compares strictly).
        let new = match step % 3 {
            0 => old + 0.001,
            1 => (rng.below(600) as f64) - 150.0,
            _ => old.floor(),
        };
        assert!(sl.update_score(old, &member, new, &mut rng));
        model.insert(member, new);
        if step % 100 == 0 {
            let mut expected: Vec<(f64, Vec<u8>)> = model.iter().map(|(m, s)| (*s, m.clone())).collect();
            expected.sort_by(|a, b| cmp_entry(a.0, &a.1, b.0, &b.1));
            let got: Vec<(f64, Vec<u8>)> = sl.iter().map(|(m, s)| (s, m.to_vec())).collect();
            assert_eq!(got, expected, "after {step} updates");
            for (i, (s, m)) in expected.iter().enumerate() {
                assert_eq!(sl.rank(*s, m), i as u64 + 1);
            }
            let last = expected.last().map(|(s, m)| (m.clone(), *s));
            assert_eq!(sl.range_by_rank(0, 0, true).first().cloned(), last, "the tail");
        }
    }
    assert!(
        !sl.update_score(12345.0, b"m1", 1.0, &mut rng),
        "absent (score, member)"
    );
    assert_eq!(sl.len(), 300);
}

/// Every link on every level skips exactly the nodes between its ends (a link to
/// nothing: the nodes after its start), backward links mirror level 0, the tail is
/// the last node, and the order is (score, member).
fn check_structure(sl: &SkipList) {
    let mut rank_of = std::collections::HashMap::new();
    rank_of.insert(HEADER, 0u64);
    let (mut x, mut r, mut prev) = (sl.link(HEADER, 0).forward, 0u64, NIL);
    while x != NIL {
        r += 1;
        rank_of.insert(x, r);
        assert_eq!(sl.node(x).backward, prev, "backward link of rank {r}");
        if prev != NIL {
            let (p, n) = (sl.node(prev), sl.node(x));
            assert_eq!(cmp_entry(p.score, &p.member, n.score, &n.member), Ordering::Less);
        }
        prev = x;
        x = sl.link(x, 0).forward;
    }
    assert_eq!(r as usize, sl.len());
    assert_eq!(sl.tail, prev, "the tail");
    for i in 0..sl.level {
        let mut x = HEADER;
        loop {
            let link = sl.link(x, i);
            let expected = match link.forward {
                NIL => sl.len() as u64 - rank_of[&x],
                f => rank_of[&f] - rank_of[&x],
            };
            assert_eq!(
                u64::from(link.span),
                expected,
                "span on level {i} from rank {}",
                rank_of[&x]
            );
            if link.forward == NIL {
                break;
            }
            x = link.forward;
        }
    }
}

#[test]
fn score_updates_keep_every_span_in_small_and_large_lists() {
    // Small lists make the moved node often the last one before its new place on
    // some level (`update_score` walks again then); large ones, ranks that shift.
    let mut rng = Rng::new(5);
    for size in [1usize, 2, 3, 5, 8, 13, 40, 200] {
        let mut sl = SkipList::new();
        let mut scores = Vec::new();
        for i in 0..size {
            let s = rng.below(size as u64 * 2) as f64;
            sl.insert(s, format!("m{i}").into_bytes(), &mut rng);
            scores.push(s);
        }
        for _ in 0..600 {
            let i = rng.below(size as u64) as usize;
            let new = match rng.below(4) {
                0 => scores[i] + 0.5,
                1 => scores[i] - 0.5,
                _ => rng.below(size as u64 * 2) as f64,
            };
            assert!(sl.update_score(scores[i], format!("m{i}").as_bytes(), new, &mut rng));
            scores[i] = new;
            check_structure(&sl);
        }
    }
}

#[test]
fn score_and_lex_ranges() {
    let sl = build(100);
    let r = ScoreRange {
        min: 10.0,
        max: 20.0,
        min_ex: true,
        max_ex: false,
    };
    let got = sl.range_by_score(&r, false, 0, -1);
    assert_eq!(got.len(), 10);
    assert_eq!(sl.count_in_score(&r), 10);
    assert_eq!(
        sl.range_by_score(&r, true, 2, 3)
            .iter()
            .map(|e| e.1)
            .collect::<Vec<_>>(),
        vec![18.0, 17.0, 16.0]
    );
    let mut rng = Rng::new(1);
    let mut lex = SkipList::new();
    for m in ["a", "b", "c", "d"] {
        lex.insert(0.0, m.as_bytes().to_vec(), &mut rng);
    }
    let r = LexRange {
        min: LexBound::Exclusive(b"a".to_vec()),
        max: LexBound::Inclusive(b"c".to_vec()),
    };
    assert_eq!(lex.count_in_lex(&r), 2);
    assert_eq!(lex.range_by_lex(&r, true, 0, -1)[0].0, b"c".to_vec());
}
