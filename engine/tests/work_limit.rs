//! The browser's work limit: a command that would freeze the page is refused up front
//! with a clear error and changes nothing; without a limit (keyspace-server, the
//! conformance tests) the engine is Redis; AOF replay and internal clients never meet it.

use keyspace_engine::budget::BROWSER_WORK_LIMIT;
use keyspace_engine::{aof, Engine, Reply};

const T0: i64 = 1_700_000_000_000;

fn words(line: &str) -> Vec<Vec<u8>> {
    line.split(' ').map(|w| w.as_bytes().to_vec()).collect()
}

/// An engine holding `n` keys and a list and two sets of `n` elements.
fn big_engine(n: u32, limit: Option<u64>) -> (Engine, u64) {
    let mut e = Engine::new(7, T0);
    e.set_work_limit(limit);
    let c = e.connect(T0);
    let mut mset = vec![b"MSET".to_vec()];
    for i in 0..n {
        mset.push(format!("key:{i}").into_bytes());
        mset.push(b"v".to_vec());
    }
    assert_eq!(e.call(c, mset, T0), vec![Reply::ok()]);
    for key in ["list", "s1", "s2"] {
        let verb = if key == "list" { "RPUSH" } else { "SADD" };
        let mut argv = words(&format!("{verb} {key}"));
        argv.extend((0..n).map(|i| format!("{key}{i}").into_bytes()));
        assert_eq!(e.call(c, argv, T0), vec![Reply::Int(i64::from(n))]);
    }
    (e, c)
}

fn error_text(replies: Vec<Reply>) -> String {
    match replies.as_slice() {
        [Reply::Error(text)] => text.clone(),
        other => panic!("expected one error, got {other:?}"),
    }
}

#[test]
fn long_commands_are_refused_with_a_clear_error_and_change_nothing() {
    let (mut e, c) = big_engine(500_000, Some(BROWSER_WORK_LIMIT));
    let keys = error_text(e.call(c, words("KEYS *"), T0));
    assert!(
        keys.starts_with("ERR command too big for the browser playground: KEYS would go through 500003 keys"),
        "{keys}"
    );
    assert!(keys.contains("allows about 400000"), "{keys}");
    let sort = error_text(e.call(c, words("SORT list ALPHA STORE sorted"), T0));
    assert!(sort.contains("SORT would go through 500000 elements"), "{sort}");
    let union = error_text(e.call(c, words("SUNIONSTORE u s1 s2"), T0));
    assert!(
        union.contains("SUNIONSTORE would go through 1000000 elements"),
        "{union}"
    );
    assert_eq!(
        e.call(c, words("EXISTS sorted u"), T0),
        vec![Reply::Int(0)],
        "nothing was written"
    );
    let huge = error_text(e.call(c, words("SRANDMEMBER s1 -100000000"), T0));
    assert!(huge.contains("100000000 elements"), "{huge}");
    let grow = error_text(e.call(c, words("SETRANGE big 100000000 x"), T0));
    assert!(grow.contains("100000001 bytes"), "{grow}");

    // Bounded forms of the same work still run.
    assert_eq!(e.call(c, words("DBSIZE"), T0), vec![Reply::Int(500_003)]);
    assert!(matches!(&e.call(c, words("SCAN 0 COUNT 1000"), T0)[0], Reply::Array(_)));
    assert!(
        matches!(&e.call(c, words("KEYS key:1234*"), T0)[0], Reply::Error(_)),
        "KEYS goes through every key whatever its pattern"
    );
    assert_eq!(e.call(c, words("SRANDMEMBER s1 -3"), T0).len(), 1);
    assert!(matches!(
        &e.call(c, words("SETRANGE small 1000 x"), T0)[0],
        Reply::Int(1001)
    ));
    assert_eq!(
        e.call(c, words("DEL list s1 s2"), T0),
        vec![Reply::Int(3)],
        "freeing is never refused"
    );
    assert_eq!(e.call(c, words("FLUSHALL"), T0), vec![Reply::ok()]);
}

#[test]
fn inside_a_transaction_only_the_long_command_fails() {
    let (mut e, c) = big_engine(100_000, Some(BROWSER_WORK_LIMIT));
    e.call(c, words("MULTI"), T0);
    e.call(c, words("SET a 1"), T0);
    e.call(c, words("SORT list"), T0);
    e.call(c, words("INCR a"), T0);
    let replies = e.call(c, words("EXEC"), T0);
    let Reply::Array(items) = &replies[0] else {
        panic!("{replies:?}")
    };
    assert_eq!(items[0], Reply::ok());
    assert!(matches!(&items[1], Reply::Error(t) if t.contains("SORT would go through 100000")));
    assert_eq!(items[2], Reply::Int(2));
}

#[test]
fn without_a_limit_the_engine_runs_them_like_redis() {
    let (mut e, c) = big_engine(100_000, None);
    match &e.call(c, words("KEYS *"), T0)[0] {
        Reply::Array(keys) => assert_eq!(keys.len(), 100_003),
        other => panic!("{other:?}"),
    }
    assert_eq!(e.call(c, words("SUNIONSTORE u s1 s2"), T0), vec![Reply::Int(200_000)]);
}

#[test]
fn replay_and_internal_clients_are_never_limited() {
    // An AOF written by a server without a limit loads into a limited playground.
    let (mut e, c) = big_engine(150_000, None);
    e.call(c, words("SUNIONSTORE u s1 s2"), T0);
    let mut log = aof::rewrite(&e, T0);
    keyspace_engine::resp::encode_command(&words("SUNIONSTORE u2 s1 s2"), &mut log);
    // The browser's engine: the limit set, the log loaded, an internal client asking.
    let mut limited = Engine::new(1, T0);
    limited.set_work_limit(Some(BROWSER_WORK_LIMIT));
    aof::load(&mut limited, &log, T0).expect("the log loads");
    let internal = limited.connect_internal(T0);
    assert_eq!(limited.call(internal, words("SCARD u2"), T0), vec![Reply::Int(300_000)]);
    assert_eq!(
        limited.call(internal, words("SORT list ALPHA LIMIT 0 1"), T0),
        vec![Reply::Array(vec![Reply::Bulk(b"list0".to_vec())])]
    );
}

#[test]
fn a_small_range_of_a_big_collection_is_not_refused() {
    let (mut e, c) = big_engine(500_000, Some(BROWSER_WORK_LIMIT));
    for (line, len) in [
        ("LRANGE list 0 9", 10),
        ("LRANGE list -5 -1", 5),
        ("LRANGE list 499990 9999999", 10),
    ] {
        match &e.call(c, words(line), T0)[0] {
            Reply::Array(items) => assert_eq!(items.len(), len, "{line}"),
            other => panic!("{line}: {other:?}"),
        }
    }
    let whole = error_text(e.call(c, words("LRANGE list 0 -1"), T0));
    assert!(whole.contains("LRANGE would go through 500000 elements"), "{whole}");
    let members = error_text(e.call(c, words("SMEMBERS s1"), T0));
    assert!(
        members.contains("SMEMBERS would go through 500000 elements"),
        "{members}"
    );
}

#[test]
fn a_big_string_under_a_collection_command_gets_wrongtype_not_a_refusal() {
    let mut e = Engine::new(7, T0);
    e.set_work_limit(Some(BROWSER_WORK_LIMIT));
    let c = e.connect(T0);
    e.call(c, words("SETRANGE big 30000000 x"), T0);
    for line in ["SUNION big", "SORT big", "LRANGE big 0 -1", "SMEMBERS big"] {
        let text = error_text(e.call(c, words(line), T0));
        assert!(text.starts_with("WRONGTYPE"), "{line}: {text}");
    }
    // Growing it further is measured from its current length.
    assert_eq!(
        e.call(c, words("SETRANGE big 30000010 y"), T0),
        vec![Reply::Int(30_000_011)]
    );
}

/// A geo search is estimated by the members in the nine cells it would walk (counted
/// in the sorted set's index before it runs): the whole world is refused on a big geo
/// set, a neighbourhood of it is not. BITFIELD grows a string like SETBIT.
#[test]
fn geo_searches_are_estimated_by_the_cells_they_walk() {
    let mut e = Engine::new(7, T0);
    e.set_work_limit(Some(BROWSER_WORK_LIMIT));
    let c = e.connect(T0);
    let mut added = 0;
    for chunk in 0..20 {
        let mut argv = words("GEOADD world");
        for j in 0..5_000u64 {
            let i = chunk * 5_000 + j;
            argv.push(format!("{}", (i * 7919 % 36_000) as f64 / 100.0 - 180.0).into_bytes());
            argv.push(format!("{}", (i * 104_729 % 17_000) as f64 / 100.0 - 85.0).into_bytes());
            argv.push(format!("m{i}").into_bytes());
        }
        if let [Reply::Int(n)] = e.call(c, argv, T0).as_slice() {
            added += n;
        }
    }
    assert_eq!(added, 100_000);
    let world = error_text(e.call(c, words("GEOSEARCH world FROMLONLAT 0 0 BYRADIUS 21000 km"), T0));
    assert!(world.contains("GEOSEARCH would go through 100000 members"), "{world}");
    let stored = error_text(e.call(c, words("GEORADIUS world 0 0 21000 km STORE all"), T0));
    assert!(stored.contains("GEORADIUS would go through"), "{stored}");
    match &e.call(c, words("GEOSEARCH world FROMLONLAT 15 37 BYRADIUS 100 km ASC"), T0)[..] {
        [Reply::Array(found)] => assert!(found.len() < 100, "{} found", found.len()),
        other => panic!("{other:?}"),
    }
    let far = error_text(e.call(c, words("BITFIELD bits SET u8 4000000000 1"), T0));
    assert!(far.contains("BITFIELD would go through 500000001 bytes"), "{far}");
    assert_eq!(
        e.call(c, words("BITFIELD bits SET u8 80 1 GET u8 80"), T0),
        vec![Reply::Array(vec![Reply::Int(0), Reply::Int(1)])]
    );
}

/// Stream commands that go through entries (or pending entries) are estimated: the
/// whole range, every stream read, XINFO STREAM FULL, XPENDING's count, XAUTOCLAIM's
/// scan; a COUNT small enough gets through.
#[test]
fn stream_reads_are_estimated_by_the_entries_they_go_through() {
    let mut e = Engine::new(7, T0);
    e.set_work_limit(Some(15_000));
    let c = e.connect(T0);
    for i in 1..=2_000 {
        e.call(c, words(&format!("XADD s {i}-1 f v")), T0);
    }
    e.call(c, words("XGROUP CREATE s g 0"), T0);
    let refused = |e: &mut Engine, line: &str| {
        let text = error_text(e.call(c, words(line), T0));
        assert!(
            text.starts_with("ERR command too big for the browser playground"),
            "{line}: {text}"
        );
    };
    refused(&mut e, "XRANGE s - +");
    refused(&mut e, "XREVRANGE s + -");
    refused(&mut e, "XREAD STREAMS s 0");
    refused(&mut e, "XREADGROUP GROUP g c STREAMS s >");
    refused(&mut e, "XINFO STREAM s FULL COUNT 0");
    assert_eq!(e.call(c, words("XRANGE s - + COUNT 10"), T0).len(), 1);
    refused(&mut e, "XREADGROUP GROUP g c COUNT 1500 STREAMS s >");
    let Reply::Array(read) = &e.call(c, words("XREADGROUP GROUP g c COUNT 500 STREAMS s >"), T0)[0] else {
        panic!("an array of streams")
    };
    assert_eq!(read.len(), 1);
    for _ in 0..3 {
        e.call(c, words("XREADGROUP GROUP g c COUNT 500 STREAMS s >"), T0);
    }
    refused(&mut e, "XPENDING s g - + 2000");
    refused(&mut e, "XAUTOCLAIM s g d 0 0");
    assert!(!e.call(c, words("XPENDING s g - + 100"), T0)[0].is_error());
    assert!(!e.call(c, words("XAUTOCLAIM s g d 0 0 COUNT 10"), T0)[0].is_error());
}

#[test]
fn pfselftest_is_over_the_browser_limit_whatever_the_data() {
    let mut e = Engine::new(7, T0);
    e.set_work_limit(Some(BROWSER_WORK_LIMIT));
    let c = e.connect(T0);
    let refused = error_text(e.call(c, words("PFSELFTEST"), T0));
    assert!(
        refused.starts_with(
            "ERR command too big for the browser playground: PFSELFTEST would go through 10000000 elements"
        ),
        "{refused}"
    );
    // PFDEBUG works on one HLL, bounded by its 16384 registers: never refused.
    assert_eq!(e.call(c, words("PFADD h a b c"), T0), vec![Reply::Int(1)]);
    assert_eq!(e.call(c, words("PFDEBUG TODENSE h"), T0), vec![Reply::Int(1)]);
}
