//! Connections under a fake clock: CLIENT REPLY and pushes, CLIENT PAUSE timed by the
//! engine's clock, tracking invalidations, ACL users, internal clients.

use keyspace_engine::{Engine, Reply};

fn argv(line: &str) -> Vec<Vec<u8>> {
    keyspace_engine::sds::split_args(line.as_bytes()).expect("balanced test line")
}

const T0: i64 = 1_000_000;

fn keys(items: &[&str]) -> Reply {
    Reply::Array(items.iter().map(|s| Reply::bulk(s.as_bytes().to_vec())).collect())
}

fn push(items: &[&str]) -> Reply {
    Reply::Push(items.iter().map(|s| Reply::bulk(s.as_bytes().to_vec())).collect())
}

/// The defect: after CLIENT REPLY OFF a subscriber heard neither its confirmation nor,
/// in a terminal waiting for that confirmation, its messages. Redis sends pub/sub
/// pushes whatever CLIENT REPLY says (networking.c: CLIENT_PUSHING).
#[test]
fn client_reply_off_does_not_silence_pubsub_pushes() {
    let mut e = Engine::new(1, T0);
    let sub = e.connect(T0);
    let publisher = e.connect(T0);
    assert_eq!(e.call(sub, argv("CLIENT REPLY OFF"), T0), vec![]);
    let confirmation = e.call(sub, argv("SUBSCRIBE news"), T0);
    assert_eq!(
        confirmation,
        vec![Reply::Push(vec![
            Reply::bulk("subscribe"),
            Reply::bulk("news"),
            Reply::Int(1)
        ])]
    );
    assert_eq!(e.call(publisher, argv("PUBLISH news hello"), T0), vec![Reply::Int(1)]);
    assert_eq!(e.take_replies(sub), vec![push(&["message", "news", "hello"])]);
    // Ordinary replies stay silent; the unsubscribe confirmation is a push too.
    assert_eq!(e.call(sub, argv("PING"), T0), vec![]);
    assert_eq!(
        e.call(sub, argv("UNSUBSCRIBE"), T0),
        vec![Reply::Push(vec![
            Reply::bulk("unsubscribe"),
            Reply::bulk("news"),
            Reply::Int(0)
        ])]
    );

    // RESP3: subscribed first, then CLIENT REPLY OFF.
    let sub3 = e.connect(T0);
    e.call(sub3, argv("HELLO 3"), T0);
    e.call(sub3, argv("SUBSCRIBE news"), T0);
    assert_eq!(e.call(sub3, argv("CLIENT REPLY OFF"), T0), vec![]);
    e.call(publisher, argv("PUBLISH news again"), T0);
    assert_eq!(e.take_replies(sub3), vec![push(&["message", "news", "again"])]);
    // SKIP as well.
    let skip = e.connect(T0);
    e.call(skip, argv("CLIENT REPLY SKIP"), T0);
    assert_eq!(e.call(skip, argv("SSUBSCRIBE shard"), T0).len(), 1);
    e.call(publisher, argv("SPUBLISH shard m"), T0);
    assert_eq!(e.take_replies(skip), vec![push(&["smessage", "shard", "m"])]);
}

#[test]
fn a_pause_ends_on_the_engines_clock_and_paused_commands_run_in_order() {
    let mut e = Engine::new(1, T0);
    let admin = e.connect(T0);
    let writer = e.connect(T0);
    let reader = e.connect(T0);
    assert_eq!(e.call(admin, argv("CLIENT PAUSE 500 WRITE"), T0), vec![Reply::ok()]);
    assert_eq!(e.next_deadline(), Some(T0 + 501));
    assert_eq!(e.next_block_deadline(), Some(T0 + 501));
    assert_eq!(e.call(writer, argv("SET k 1"), T0 + 10), vec![]);
    assert_eq!(e.call(writer, argv("INCR k"), T0 + 20), vec![]);
    // Reads go on; the writer is shown blocked.
    assert_eq!(e.call(reader, argv("GET k"), T0 + 30), vec![Reply::Null]);
    let info = e.call(reader, argv(&format!("CLIENT LIST ID {writer}")), T0 + 30);
    assert!(matches!(&info[0], Reply::Verbatim(_, t) if String::from_utf8_lossy(t).contains("flags=b")));
    e.tick(T0 + 500);
    assert_eq!(e.take_replies(writer), vec![]);
    e.tick(T0 + 501);
    assert_eq!(e.take_replies(writer), vec![Reply::ok(), Reply::Int(2)]);
    assert_eq!(e.next_block_deadline(), None);

    // Under ALL even UNPAUSE waits; under WRITE it answers, then the paused client runs.
    e.call(admin, argv("CLIENT PAUSE 1000"), T0 + 600);
    assert_eq!(e.call(writer, argv("GET k"), T0 + 610), vec![]);
    assert_eq!(e.call(reader, argv("CLIENT UNPAUSE"), T0 + 620), vec![]);
    e.tick(T0 + 1601);
    assert_eq!(e.take_replies(writer), vec![Reply::bulk("2")]);
    assert_eq!(e.take_replies(reader), vec![Reply::ok()]);
    e.call(admin, argv("CLIENT PAUSE 100000 WRITE"), T0 + 2000);
    assert_eq!(e.call(writer, argv("SET k 3"), T0 + 2010), vec![]);
    assert_eq!(e.call(reader, argv("CLIENT UNPAUSE"), T0 + 2020), vec![Reply::ok()]);
    assert_eq!(e.take_replies(writer), vec![Reply::ok()]);
}

#[test]
fn tracking_invalidates_after_the_reply_and_in_bcast() {
    let mut e = Engine::new(1, T0);
    let c = e.connect(T0);
    let other = e.connect(T0);
    e.call(c, argv("HELLO 3"), T0);
    e.call(c, argv("CLIENT TRACKING on"), T0);
    e.call(c, argv("GET k"), T0);
    // Its own write: the reply first, then the invalidation.
    assert_eq!(
        e.call(c, argv("SET k 1"), T0),
        vec![Reply::ok(), Reply::Push(vec![Reply::bulk("invalidate"), keys(&["k"])])]
    );
    e.call(c, argv("GET k"), T0);
    e.call(other, argv("DEL k"), T0);
    assert_eq!(
        e.take_replies(c),
        vec![Reply::Push(vec![Reply::bulk("invalidate"), keys(&["k"])])]
    );
    // Expiry counts as a change.
    e.call(other, argv("SET t v PX 10"), T0);
    e.call(c, argv("GET t"), T0);
    e.tick(T0 + 100);
    assert_eq!(
        e.take_replies(c),
        vec![Reply::Push(vec![Reply::bulk("invalidate"), keys(&["t"])])]
    );
    e.call(c, argv("CLIENT TRACKING off"), T0);
    e.call(c, argv("CLIENT TRACKING on BCAST PREFIX a PREFIX b"), T0);
    e.call(other, argv("MSET a1 x b1 y c1 z a2 w"), T0);
    assert_eq!(
        e.take_replies(c),
        vec![
            Reply::Push(vec![Reply::bulk("invalidate"), keys(&["a1", "a2"])]),
            Reply::Push(vec![Reply::bulk("invalidate"), keys(&["b1"])]),
        ]
    );
}

#[test]
fn users_and_internal_clients() {
    let mut e = Engine::new(1, T0);
    let admin = e.connect(T0);
    e.call(admin, argv("ACL SETUSER app on >pw ~app:* +get"), T0);
    e.call(admin, argv("CONFIG SET requirepass secret"), T0);
    // The admin connected before the password: still authenticated, as in Redis.
    assert_eq!(e.call(admin, argv("PING"), T0), vec![Reply::status("PONG")]);
    let learner = e.connect(T0);
    assert_eq!(
        e.call(learner, argv("GET app:1"), T0),
        vec![Reply::err("NOAUTH Authentication required.")]
    );
    assert_eq!(e.call(learner, argv("AUTH app pw"), T0), vec![Reply::ok()]);
    assert_eq!(e.call(learner, argv("GET app:1"), T0), vec![Reply::Null]);
    assert_eq!(
        e.call(learner, argv("SET app:1 v"), T0),
        vec![Reply::err(
            "NOPERM this user has no permissions to run the 'set' command"
        )]
    );
    // Lesson checks and panels (internal clients) are never refused.
    let internal = e.connect_internal(T0);
    assert_eq!(e.call(internal, argv("SET any v"), T0), vec![Reply::ok()]);
    assert_eq!(e.call(internal, argv("ACL WHOAMI"), T0), vec![Reply::Null]);
    // ACL DELUSER closes the user's connections.
    e.call(admin, argv("ACL DELUSER app"), T0);
    assert!(e.should_close(learner));
    assert_eq!(e.call(learner, argv("PING"), T0), vec![]);
}
