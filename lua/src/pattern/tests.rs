//! The pattern tests: the helpers that run a case at every slice size, and the cases
//! about slices, limits, positions and error words. The captured Redis cases are in
//! `as_redis` and `random_cases`, apart because they are long tables.

use super::*;

/// Fuel per slice each case is run with: the results must not depend on it.
const FUELS: &[u64] = &[1, 7, 1000, u64::MAX];

/// find's cases: subject, pattern, init, plain, what Redis gave.
type FindCase = (&'static [u8], &'static [u8], i64, bool, &'static str);
/// gsub's cases: subject, pattern, replacement, n, what Redis gave.
type GsubCase = (&'static [u8], &'static [u8], &'static [u8], Option<i64>, &'static str);

/// Bytes as the oracle's Lua printed them: printable ASCII as is (but `"` and `\`),
/// anything else as `\ddd`, in double quotes.
fn quote(bytes: &[u8]) -> String {
    let mut out = String::from("\"");
    for &b in bytes {
        if (32..127).contains(&b) && b != b'"' && b != b'\\' {
            out.push(b as char);
        } else {
            out.push_str(&format!("\\{b:03}"));
        }
    }
    out.push('"');
    out
}

fn ser_captures(subject: &[u8], captures: &[Capture]) -> Vec<String> {
    captures
        .iter()
        .map(|c| match *c {
            Capture::Str { start, end } => quote(&subject[start..end]),
            Capture::Position(n) => n.to_string(),
        })
        .collect()
}

/// Runs `step` in slices of `slice` fuel until it is not Pending; checks that
/// Pending comes only with the fuel spent.
fn slices<R>(slice: u64, mut step: impl FnMut(&mut u64) -> Option<R>) -> R {
    for _ in 0..100_000_000u64 {
        let mut fuel = slice;
        if let Some(r) = step(&mut fuel) {
            return r;
        }
        assert_eq!(fuel, 0, "Pending with fuel left");
    }
    panic!("never finished")
}

fn find(kind: Kind, s: &[u8], p: &[u8], init: i64, plain: bool, slice: u64) -> String {
    let mut f = Find::new(kind, s, p, init, plain);
    slices(slice, |fuel| match f.run(fuel) {
        Poll::Pending => None,
        Poll::Error(e) => Some(format!("E:{e}")),
        Poll::Done(None) => Some("nil".to_string()),
        Poll::Done(Some(found)) => {
            let mut parts = Vec::new();
            if kind == Kind::Find {
                parts.push((found.start + 1).to_string());
                parts.push(found.end.to_string());
            }
            parts.extend(ser_captures(s, &found.captures));
            Some(parts.join(","))
        }
    })
}

fn gmatch(s: &[u8], p: &[u8], slice: u64) -> String {
    let mut g = Gmatch::new(s, p);
    let mut items = Vec::new();
    // The oracle's loop stops after 50 iterations.
    for _ in 0..50 {
        let item = slices(slice, |fuel| match g.run(fuel) {
            Poll::Pending => None,
            Poll::Error(e) => Some(Err(format!("E:{e}"))),
            Poll::Done(None) => Some(Ok(None)),
            Poll::Done(Some(caps)) => Some(Ok(Some(ser_captures(s, &caps).join(",")))),
        });
        match item {
            Err(e) => return e,
            Ok(None) => break,
            Ok(Some(item)) => items.push(item),
        }
    }
    items.join(";")
}

/// gsub with a replacement table or function played by `callback`.
fn gsub_with(
    s: &[u8],
    p: &[u8],
    repl: Repl<&[u8]>,
    n: Option<i64>,
    slice: u64,
    callback: &mut dyn FnMut(&[Capture]) -> Replacement<'static>,
) -> String {
    let mut g = Gsub::new(s, p, repl, n);
    slices(slice, |fuel| match g.run(fuel) {
        GsubPoll::Pending => None,
        GsubPoll::Error(e) => Some(format!("E:{e}")),
        GsubPoll::Done { output, count } => Some(format!("{},{count}", quote(&output))),
        GsubPoll::Replace(caps) => {
            let value = callback(&caps);
            g.replace(value);
            // The answer is taken; running on from here must not ask again.
            *fuel = 0;
            None
        }
    })
}

fn gsub(s: &[u8], p: &[u8], r: &[u8], n: Option<i64>, slice: u64) -> String {
    gsub_with(s, p, Repl::Str(r), n, slice, &mut |_| {
        panic!("a string replacement asks nothing")
    })
}

/// Every case at every slice size gives what Redis gave.
fn check_all<C: std::fmt::Debug>(cases: &[C], expected: impl Fn(&C) -> &str, run: impl Fn(&C, u64) -> String) {
    for case in cases {
        for &slice in FUELS {
            assert_eq!(run(case, slice), expected(case), "{case:?} at fuel {slice}");
        }
    }
}

mod as_redis;
mod random_cases;

/// Exponential backtracking runs in slices and gives Redis's answer:
/// `string.match(string.rep('a', 10), string.rep('a*', 10) .. 'b')` is nil.
#[test]
fn backtracking_runs_in_slices() {
    let s = [b'a'; 10];
    let p = [&b"a*".repeat(10)[..], b"b"].concat();
    let mut total = 0u64;
    let mut count = 0;
    let mut m = Find::new(Kind::Match, &s[..], &p[..], 1, false);
    let result = loop {
        let mut fuel = 10_000;
        let r = m.run(&mut fuel);
        total += 10_000 - fuel;
        count += 1;
        if r != Poll::Pending {
            break r;
        }
    };
    assert_eq!(result, Poll::Done(None));
    assert!(count > 100, "it took {count} slices of 10,000 ({total} fuel)");
    // The same, all at once, costs the same fuel.
    let mut fuel = u64::MAX;
    let mut m = Find::new(Kind::Match, &s[..], &p[..], 1, false);
    assert_eq!(m.run(&mut fuel), Poll::Done(None));
    assert_eq!(u64::MAX - fuel, total);
    // Finished: asked again, the same answer for nothing.
    let mut fuel = 5;
    assert_eq!(m.run(&mut fuel), Poll::Done(None));
    assert_eq!(fuel, 5);
}

/// Nothing recurses: a pattern of 100,000 optional items (Lua 5.1 recurses once
/// for each; `#string.match(string.rep('a', 10000), string.rep('a?', 10000))` is
/// 10000 in redis-server 7.0.15) matches the same way at ten times that.
#[test]
fn long_patterns_do_not_overflow() {
    let s = vec![b'a'; 100_000];
    let p = b"a?".repeat(100_000);
    for slice in [1000, u64::MAX] {
        let mut f = Find::new(Kind::Match, &s[..], &p[..], 1, false);
        assert_eq!(
            slices(slice, |fuel| match f.run(fuel) {
                Poll::Pending => None,
                other => Some(other),
            }),
            Poll::Done(Some(Found {
                start: 0,
                end: 100_000,
                captures: vec![Capture::Str { start: 0, end: 100_000 }]
            }))
        );
    }
    // And 10,000 `(`: too many captures, not a crash.
    let p = b"(".repeat(10_000);
    let mut fuel = u64::MAX;
    assert_eq!(
        Find::new(Kind::Match, &b"x"[..], &p[..], 1, false).run(&mut fuel),
        Poll::Error(Error::TooManyCaptures)
    );
}

/// A megabyte through gsub in slices: `string.gsub(string.rep('ab', 500000), 'b',
/// 'cc')` in redis-server 7.0.15 is 1,500,000 bytes ("accacca"..."cacc") and 500000.
#[test]
fn gsub_a_megabyte_in_slices() {
    let s = b"ab".repeat(500_000);
    let expected = b"acc".repeat(500_000);
    for slice in [1000, u64::MAX] {
        let mut g = Gsub::new(&s[..], &b"b"[..], Repl::Str(&b"cc"[..]), None);
        let mut pendings = 0;
        let (output, count) = slices(slice, |fuel| match g.run(fuel) {
            GsubPoll::Pending => {
                pendings += 1;
                None
            }
            GsubPoll::Done { output, count } => Some((output, count)),
            other => panic!("{other:?}"),
        });
        assert_eq!(output.len(), 1_500_000);
        assert!(output == expected, "output differs");
        assert_eq!(count, 500_000);
        assert_eq!(pendings > 0, slice == 1000);
    }
}

/// A plain search through a megabyte, in slices:
/// `string.find(string.rep('a', 1000000) .. 'b', string.rep('a', 1000) .. 'b', 1,
/// true)` is 999001, 1000001.
#[test]
fn plain_find_in_slices() {
    let s = [vec![b'a'; 1_000_000], vec![b'b']].concat();
    let p = [vec![b'a'; 1000], vec![b'b']].concat();
    for slice in [1, 1000, u64::MAX] {
        assert_eq!(find(Kind::Find, &s, &p, 1, true, slice), "999001,1000001");
    }
}

/// `%b` through a long subject in slices: `string.match(string.rep('(', 1000) ..
/// string.rep(')', 999), '%b()')` is 999 of each (from the second byte).
#[test]
fn balance_in_slices() {
    let s = [vec![b'('; 1000], vec![b')'; 999]].concat();
    for slice in [1, 7, u64::MAX] {
        let mut f = Find::new(Kind::Match, &s[..], &b"%b()"[..], 1, false);
        let found = slices(slice, |fuel| match f.run(fuel) {
            Poll::Pending => None,
            Poll::Done(Some(found)) => Some(found),
            other => panic!("{other:?}"),
        });
        assert_eq!((found.start, found.end), (1, 1999));
    }
    // string.find(string.rep('x', 100) .. 'y', '(x-)y') is 1, 101 and the x's.
    let s = [vec![b'x'; 100], vec![b'y']].concat();
    let xs = quote(&s[..100]);
    for slice in FUELS {
        assert_eq!(find(Kind::Find, &s, b"(x-)y", 1, false, *slice), format!("1,101,{xs}"));
    }
}

#[test]
fn gsub_answers_and_limits() {
    // Asked again while waiting: the same question; an answer when none is awaited
    // is ignored.
    let mut g = Gsub::new(&b"ab"[..], &b"b"[..], Repl::Function, None);
    g.replace(Replacement::Bytes(b"ignored"));
    let mut fuel = u64::MAX;
    let ask = GsubPoll::Replace(vec![Capture::Str { start: 1, end: 2 }]);
    assert_eq!(g.run(&mut fuel), ask);
    assert_eq!(g.run(&mut fuel), ask);
    g.replace(Replacement::Bytes(b"B"));
    g.replace(Replacement::Bytes(b"again"));
    assert_eq!(
        g.run(&mut fuel),
        GsubPoll::Done {
            output: b"aB".to_vec(),
            count: 1
        }
    );
    // A limit on the output: "not enough memory" instead of a runaway string.
    let mut g = Gsub::new(&b"aaaa"[..], &b""[..], Repl::Str(&b"xyz"[..]), None);
    g.set_max_len(10);
    assert_eq!(g.run(&mut u64::MAX.clone()), GsubPoll::Error(Error::NotEnoughMemory));
    // A replacement of many `%0` stops as soon as it would pass the limit.
    let long = vec![b'x'; 1 << 20];
    let many = b"%0".repeat(1 << 12);
    let mut g = Gsub::new(&long[..], &b".+"[..], Repl::Str(&many[..]), None);
    g.set_max_len(3 << 20);
    assert_eq!(g.run(&mut u64::MAX.clone()), GsubPoll::Error(Error::NotEnoughMemory));
    assert!(g.output_len() <= 3 << 20);
    let mut g = Gsub::new(&b"aaaa"[..], &b"a"[..], Repl::Function, None);
    g.set_max_len(5);
    let mut fuel = u64::MAX;
    let mut answers = 0;
    let result = loop {
        match g.run(&mut fuel) {
            GsubPoll::Replace(_) => {
                answers += 1;
                g.replace(Replacement::Bytes(b"xx"));
            }
            other => break other,
        }
    };
    assert_eq!((result, answers), (GsubPoll::Error(Error::NotEnoughMemory), 3));
    assert!(g.output_len() <= 6);
    // Fuel runs out: Pending, and nothing is lost.
    let mut g = Gsub::new(&b"hello"[..], &b"l"[..], Repl::Str(&b"L"[..]), None);
    let mut fuel = 0;
    assert_eq!(g.run(&mut fuel), GsubPoll::Pending);
    assert_eq!(
        g.run(&mut u64::MAX.clone()),
        GsubPoll::Done {
            output: b"heLLo".to_vec(),
            count: 2
        }
    );
}

#[test]
fn matcher_and_gmatch_positions() {
    // gmatch's position after each match (gmatch_aux's upvalue): past an empty
    // match it moves one on.
    let mut g = Gmatch::new(&b"ab"[..], &b"a*"[..]);
    let mut fuel = u64::MAX;
    assert_eq!(
        g.run(&mut fuel),
        Poll::Done(Some(vec![Capture::Str { start: 0, end: 1 }]))
    );
    assert_eq!(g.position(), 1);
    assert_eq!(
        g.run(&mut fuel),
        Poll::Done(Some(vec![Capture::Str { start: 1, end: 1 }]))
    );
    assert_eq!(g.position(), 2);
    assert_eq!(
        g.run(&mut fuel),
        Poll::Done(Some(vec![Capture::Str { start: 2, end: 2 }]))
    );
    assert_eq!(g.position(), 3);
    assert_eq!(g.run(&mut fuel), Poll::Done(None));
    assert_eq!(g.run(&mut fuel), Poll::Done(None));
    // Recreated at a kept position, it goes on from there.
    let mut g = Gmatch::at_position(&b"a1b2"[..], &b"%d"[..], 2);
    assert_eq!(
        g.run(&mut fuel),
        Poll::Done(Some(vec![Capture::Str { start: 3, end: 4 }]))
    );
    // The matcher: a `^` anchors only when asked to.
    let mut m = Matcher::new(&b"x^a"[..], &b"^a"[..], 0, true);
    assert_eq!(m.run(&mut fuel), Poll::Done(None));
    let mut m = Matcher::new(&b"x^a"[..], &b"^a"[..], 0, false);
    let found = match m.run(&mut fuel) {
        Poll::Done(Some(found)) => found,
        other => panic!("{other:?}"),
    };
    assert_eq!((found.start, found.end), (1, 3));
    assert_eq!(found.captures(), Ok(vec![Capture::Str { start: 1, end: 3 }]));
    assert_eq!(found.find_captures(), Ok(vec![]));
    assert_eq!(found.capture(0), Ok(Capture::Str { start: 1, end: 3 }));
    assert_eq!(found.capture(1), Err(Error::InvalidCaptureIndex));
    let mut m = Matcher::new(&b"hello"[..], &b"(h)(x*)()"[..], 0, true);
    let found = match m.run(&mut fuel) {
        Poll::Done(Some(found)) => found,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        found.captures(),
        Ok(vec![
            Capture::Str { start: 0, end: 1 },
            Capture::Str { start: 1, end: 1 },
            Capture::Position(2)
        ])
    );
    assert_eq!(found.capture(2).map(|c| c.bytes(b"hello")), Ok(None));
    assert_eq!(found.capture(0).map(|c| c.bytes(b"hello")), Ok(Some(&b"h"[..])));
    // No fuel, no progress.
    let mut m = Matcher::new(&b"hello"[..], &b"l"[..], 0, true);
    assert_eq!(m.run(&mut 0), Poll::Pending);
    assert!(matches!(m.run(&mut 1_000), Poll::Done(Some(_))));
}

#[test]
fn init_positions_as_lua_5_1() {
    // posrelat, then clamped to 0..=len (5.1 clamps where 5.2 fails past the end).
    assert_eq!(start_index(1, 5), 0);
    assert_eq!(start_index(0, 5), 0);
    assert_eq!(start_index(-1, 5), 4);
    assert_eq!(start_index(-5, 5), 0);
    assert_eq!(start_index(-6, 5), 0);
    assert_eq!(start_index(6, 5), 5);
    assert_eq!(start_index(100, 5), 5);
    assert_eq!(start_index(i64::MIN, 5), 0);
    assert_eq!(start_index(i64::MAX, 5), 5);
    assert_eq!(start_index(1, 0), 0);
}

#[test]
fn error_messages_in_lua_5_1_words() {
    for (e, text) in [
        (Error::EndsWithPercent, "malformed pattern (ends with '%')"),
        (Error::MissingBracket, "malformed pattern (missing ']')"),
        (Error::MissingFrontierSet, "missing '[' after '%f' in pattern"),
        (Error::InvalidCaptureIndex, "invalid capture index"),
        (Error::InvalidPatternCapture, "invalid pattern capture"),
        (Error::UnfinishedCapture, "unfinished capture"),
        (Error::TooManyCaptures, "too many captures"),
        (Error::UnbalancedPattern, "unbalanced pattern"),
        (Error::InvalidReplacement("nil"), "invalid replacement value (a nil)"),
        (Error::NotEnoughMemory, "not enough memory"),
    ] {
        assert_eq!(e.to_string(), text);
    }
}
