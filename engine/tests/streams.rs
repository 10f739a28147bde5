//! Stream behaviour that depends on the engine's clock and what it propagates, which
//! the conformance corpus (driven by the wall clock) cannot pin down.

use keyspace_engine::{Engine, Reply};

fn argv(line: &str) -> Vec<Vec<u8>> {
    keyspace_engine::sds::split_args(line.as_bytes()).expect("balanced line")
}

fn one(engine: &mut Engine, client: u64, line: &str, now: i64) -> Reply {
    engine.call(client, argv(line), now).pop().expect("a reply")
}

fn propagated(engine: &mut Engine) -> Vec<String> {
    engine
        .take_propagated()
        .into_iter()
        .map(|p| {
            p.argv
                .iter()
                .map(|a| String::from_utf8_lossy(a).into_owned())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

#[test]
fn generated_ids_follow_the_engine_clock_and_never_go_back() {
    let mut e = Engine::new(1, 1_000);
    let c = e.connect(1_000);
    assert_eq!(one(&mut e, c, "XADD s * a 1", 1_000), Reply::bulk("1000-0"));
    assert_eq!(one(&mut e, c, "XADD s * a 2", 1_000), Reply::bulk("1000-1"));
    assert_eq!(one(&mut e, c, "XADD s * a 3", 1_500), Reply::bulk("1500-0"));
    // The clock went back: the last ID's time is kept, its sequence moves on.
    assert_eq!(one(&mut e, c, "XADD s * a 4", 900), Reply::bulk("1500-1"));
    assert_eq!(one(&mut e, c, "XADD s 1500-* a 5", 900), Reply::bulk("1500-2"));
    assert_eq!(one(&mut e, c, "XADD s 2000-* a 6", 900), Reply::bulk("2000-0"));
    assert_eq!(one(&mut e, c, "XADD s * a 7", 2_000), Reply::bulk("2000-1"));
}

#[test]
fn xadd_propagates_the_id_it_generated_and_the_exact_trim() {
    let mut e = Engine::new(1, 5_000);
    e.record_propagation(true);
    let c = e.connect(5_000);
    one(&mut e, c, "CONFIG SET stream-node-max-entries 2", 5_000);
    for _ in 0..5 {
        one(&mut e, c, "XADD s * a 1", 5_000);
    }
    // Nodes [5000-0 5000-1] [5000-2 5000-3] [5000-4 6000-0]: `~` removes two whole
    // nodes, and Redis writes the length it left.
    one(&mut e, c, "XADD s MAXLEN ~ 2 * a 1", 6_000);
    one(&mut e, c, "XADD s 7000-* a 1", 6_000);
    // MINID ~ removes the node ending at 6000-0 and writes the first ID left.
    assert_eq!(one(&mut e, c, "XTRIM s MINID ~ 7000-0", 7_000), Reply::Int(2));
    assert_eq!(one(&mut e, c, "XTRIM s MINID ~ 7000-0", 7_000), Reply::Int(0));
    let records = propagated(&mut e);
    assert_eq!(
        records[records.len() - 4..],
        [
            "XADD s 5000-4 a 1",
            "XADD s MAXLEN = 2 6000-0 a 1",
            "XADD s 7000-0 a 1",
            "XTRIM s MINID = 7000-0",
        ]
    );
}

#[test]
fn a_group_read_propagates_its_claims_in_a_transaction() {
    let mut e = Engine::new(1, 7_000);
    e.record_propagation(true);
    let c = e.connect(7_000);
    one(&mut e, c, "XADD s 1-1 a 1", 7_000);
    one(&mut e, c, "XADD s 2-1 a 2", 7_000);
    one(&mut e, c, "XGROUP CREATE s g 0", 7_000);
    propagated(&mut e);
    one(&mut e, c, "XREADGROUP GROUP g alice STREAMS s >", 7_000);
    assert_eq!(
        propagated(&mut e),
        [
            "MULTI",
            "XCLAIM s g alice 0 1-1 TIME 7000 RETRYCOUNT 1 FORCE JUSTID LASTID 1-1",
            "XCLAIM s g alice 0 2-1 TIME 7000 RETRYCOUNT 1 FORCE JUSTID LASTID 2-1",
            "EXEC",
        ]
    );
    // A history read changes delivery counts but propagates nothing.
    one(&mut e, c, "XREADGROUP GROUP g alice STREAMS s 0", 7_500);
    assert!(propagated(&mut e).is_empty());
    // A blocked reader of `$` waits for what comes after the last ID when it blocked.
    let r = e.connect(8_000);
    e.execute(r, argv("XREAD BLOCK 0 STREAMS s $"), 8_000);
    assert!(e.take_replies(r).is_empty(), "blocked");
    one(&mut e, c, "XADD s 3-1 a 3", 8_000);
    assert_eq!(
        e.take_replies(r),
        vec![Reply::Array(vec![Reply::Array(vec![
            Reply::bulk("s"),
            Reply::Array(vec![Reply::Array(vec![
                Reply::bulk("3-1"),
                Reply::Array(vec![Reply::bulk("a"), Reply::bulk("3")])
            ])])
        ])])]
    );
}
