//! Several tabs of one playground: one leads and runs every command, the others follow
//! live (their typed lines run on the leader, its writes stream to them) and one of them
//! takes over when the leader goes. The BroadcastChannel is a Vec here.

use keyspace_engine::Reply;
use keyspace_playground::playground::{Playground, StoreOp};
use keyspace_playground::Role;

const T0: i64 = 1_000_000;

/// Delivers every tab's posted messages to every other tab until all is quiet.
fn deliver(tabs: &mut [&mut Playground], now: i64) {
    loop {
        let mut posted = Vec::new();
        for (i, tab) in tabs.iter_mut().enumerate() {
            for m in tab.take_outbox() {
                posted.push((i, m));
            }
        }
        if posted.is_empty() {
            return;
        }
        for (from, m) in posted {
            for (i, tab) in tabs.iter_mut().enumerate() {
                if i != from {
                    tab.receive(&m, now);
                }
            }
        }
    }
}

fn get(p: &mut Playground, key: &str) -> Reply {
    p.call_internal(vec![b"GET".to_vec(), key.as_bytes().to_vec()], T0)
}

fn texts(p: &Playground, tab: usize) -> Vec<String> {
    p.sessions[tab].lines.iter().map(|l| l.text.clone()).collect()
}

fn pair() -> (Playground, Playground) {
    let mut leader = Playground::new(1, T0);
    leader.lead(T0);
    leader.submit(0, "SET before-follower 1", T0);
    let mut follower = Playground::new(2, T0);
    follower.follow(22);
    assert!(!follower.synced());
    deliver(&mut [&mut leader, &mut follower], T0);
    assert!(follower.synced());
    (leader, follower)
}

#[test]
fn a_follower_gets_the_keyspace_and_every_write_runs_once_on_the_leader() {
    let (mut leader, mut follower) = pair();
    assert_eq!(get(&mut follower, "before-follower"), Reply::bulk("1"));
    follower.submit(0, "INCR clicks", T0);
    assert!(follower.sessions[0].waiting(), "until the leader answers");
    deliver(&mut [&mut leader, &mut follower], T0);
    assert_eq!(texts(&follower, 0), ["127.0.0.1:6379> INCR clicks", "(integer) 1"]);
    assert!(!follower.sessions[0].waiting());
    assert_eq!(get(&mut leader, "clicks"), Reply::bulk("1"), "ran once, on the leader");
    assert_eq!(get(&mut follower, "clicks"), Reply::bulk("1"), "streamed back");
    assert!(
        follower.keys.contains_key(b"clicks".as_slice()),
        "the follower's inspector shows it"
    );
    assert!(
        !texts(&leader, 0).iter().any(|l| l.contains("clicks")),
        "the leader's own terminal shows nothing of it"
    );
    leader.submit(0, "SELECT 3", T0);
    leader.submit(0, "HSET h f v", T0);
    deliver(&mut [&mut leader, &mut follower], T0);
    assert_eq!(follower.engine.key_counts()[3], 1);
}

#[test]
fn a_follower_session_keeps_its_own_state_and_receives_messages() {
    let (mut leader, mut follower) = pair();
    follower.submit(0, "SELECT 2", T0);
    deliver(&mut [&mut leader, &mut follower], T0);
    assert_eq!(follower.prompt(0), "127.0.0.1:6379[2]> ");
    assert_eq!(
        leader.prompt(0),
        "127.0.0.1:6379> ",
        "the leader's own session is apart"
    );
    follower.submit(0, "SUBSCRIBE news", T0);
    deliver(&mut [&mut leader, &mut follower], T0);
    assert!(follower.sessions[0].subscribed(&follower.engine));
    leader.submit(0, "PUBLISH news hello", T0);
    deliver(&mut [&mut leader, &mut follower], T0);
    assert_eq!(texts(&leader, 0).last().unwrap(), "(integer) 1");
    assert_eq!(texts(&follower, 0).last().unwrap(), "3) \"hello\"");
    follower.interrupt(0, T0);
    deliver(&mut [&mut leader, &mut follower], T0);
    assert!(!follower.sessions[0].subscribed(&follower.engine));
    follower.submit(0, "CLEAR", T0);
    deliver(&mut [&mut leader, &mut follower], T0);
    assert!(texts(&follower, 0).is_empty());
}

#[test]
fn when_the_leader_goes_a_follower_takes_over_with_everything() {
    let (mut leader, mut first) = pair();
    let mut second = Playground::new(3, T0);
    second.follow(33);
    deliver(&mut [&mut leader, &mut first, &mut second], T0);
    first.submit(0, "RPUSH q a", T0);
    second.submit(0, "RPUSH q b", T0);
    deliver(&mut [&mut leader, &mut first, &mut second], T0);
    drop(leader);
    first.lead(T0);
    assert_eq!(first.role(), Role::Leader);
    deliver(&mut [&mut first, &mut second], T0);
    assert!(texts(&first, 0).last().unwrap().contains("this tab keeps it now"));
    assert!(texts(&second, 0).last().unwrap().contains("starts over in db 0"));
    second.submit(0, "RPUSH q c", T0);
    deliver(&mut [&mut first, &mut second], T0);
    let c = first.sessions[0].repl.client;
    let all = first
        .engine
        .call(c, vec![b"LRANGE".into(), b"q".into(), b"0".into(), b"-1".into()], T0);
    assert_eq!(all, vec![Reply::bulks(["a", "b", "c"])]);
    assert_eq!(get(&mut second, "before-follower"), Reply::bulk("1"));
}

#[test]
fn under_appendfsync_always_a_follower_sees_its_reply_after_the_leaders_commit() {
    let (mut leader, mut follower) = pair();
    leader.enable_aof(0, 0);
    leader.submit(0, "CONFIG SET appendfsync always", T0);
    follower.submit(0, "SET k v", T0);
    deliver(&mut [&mut leader, &mut follower], T0);
    assert!(follower.sessions[0].waiting(), "held until stored");
    let Some(StoreOp::Append(_)) = leader.next_store_op(T0, false) else {
        panic!("a commit is due")
    };
    leader.store_done(Ok(()), T0);
    deliver(&mut [&mut leader, &mut follower], T0);
    assert_eq!(texts(&follower, 0).last().unwrap(), "OK");
    assert!(!follower.sessions[0].waiting());
}

#[test]
fn a_lesson_in_a_following_page_sees_what_its_terminal_ran_and_every_page_reads_one_clock() {
    use keyspace_playground::playground::Activity;
    let (mut leader, mut follower) = pair();
    follower.watch_activity(true);
    follower.submit(0, "ZADD vote 4 a", T0);
    follower.submit(0, "ZSCORE vote", T0);
    deliver(&mut [&mut leader, &mut follower], T0);
    let ran: Vec<(String, bool)> = follower
        .take_activity()
        .into_iter()
        .filter_map(|a| match a {
            Activity::Ran { session: 0, ran } => Some((ran.reply, ran.error)),
            _ => None,
        })
        .collect();
    assert_eq!(
        ran,
        [
            ("(integer) 1".to_string(), false),
            (
                "(error) ERR wrong number of arguments for 'zscore' command".to_string(),
                true
            )
        ]
    );
    // The clock changed in the following page is the leader's too, and a new page's.
    let mut clock = follower.clock;
    clock.jump(T0, 60_000);
    follower.set_clock(clock, T0);
    deliver(&mut [&mut leader, &mut follower], T0);
    assert_eq!(leader.now(T0), T0 + 60_000);
    let mut late = Playground::new(3, T0);
    late.follow(33);
    deliver(&mut [&mut leader, &mut follower, &mut late], T0);
    assert_eq!(late.now(T0 + 1_000), T0 + 61_000);
}
