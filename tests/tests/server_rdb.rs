//! keyspace-server's RDB file against real Redis, both ways: what one SAVEs the other
//! boots from, to the same keys, values, expiries and encodings (read through
//! commands); an AOF whose base is an RDB file (Redis's default) loads across; with
//! appendonly yes the AOF wins over dump.rdb in both; save points, SHUTDOWN and
//! SIGTERM save.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use keyspace_engine::Reply;
use keyspace_tests::digest::{argv, first_difference, redis_digest, workload};
use keyspace_tests::redis::{free_port, spawn_redis, wait_loaded, Connection, Proc, TempDir};

fn redis(dir: &Path, extra: &[&str]) -> Proc {
    spawn_redis(dir, extra)
}

/// keyspace-server working in `dir`, with `extra` options.
fn keyspace(dir: &Path, extra: &[&str]) -> Proc {
    let port = free_port().unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_keyspace-server-under-test"))
        .args(["--port", &port.to_string()])
        .arg("--dir")
        .arg(dir)
        .args(extra)
        .stderr(Stdio::null())
        .spawn()
        .expect("keyspace-server starts");
    wait_loaded(child, port)
}

fn run(c: &mut Connection, line: &str) -> Reply {
    let reply = c.command(&argv(line)).expect("a reply");
    assert!(!matches!(reply, Reply::Error(_)), "{line}: {reply:?}");
    reply
}

fn info_field(c: &mut Connection, section: &str, field: &str) -> String {
    let (Reply::Bulk(text) | Reply::Verbatim(_, text)) = run(c, &format!("INFO {section}")) else {
        panic!("INFO")
    };
    let text = String::from_utf8_lossy(&text).into_owned();
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{field}:")).map(str::to_string))
        .unwrap_or_else(|| panic!("no {field}"))
}

fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < Duration::from_secs(15), "{what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn digest_of(p: &Proc) -> Vec<String> {
    redis_digest(p.port)
}

#[test]
fn keyspace_server_saves_and_redis_boots_from_its_dump_rdb() {
    let dir = TempDir::new("keyspace-server-rdb-a").unwrap();
    let ours = keyspace(&dir.0, &["--save", ""]);
    let mut c = ours.conn();
    for line in workload() {
        run(&mut c, &line);
    }
    assert_ne!(info_field(&mut c, "persistence", "rdb_changes_since_last_save"), "0");
    assert_eq!(run(&mut c, "SAVE"), Reply::ok());
    assert_eq!(info_field(&mut c, "persistence", "rdb_changes_since_last_save"), "0");
    assert_eq!(info_field(&mut c, "persistence", "rdb_saves"), "1");
    let names: Vec<String> = std::fs::read_dir(&dir.0)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["dump.rdb".to_string()], "the temp file was renamed");
    let check = Command::new("redis-check-rdb")
        .arg(dir.0.join("dump.rdb"))
        .output()
        .expect("redis-check-rdb runs");
    assert!(
        String::from_utf8_lossy(&check.stdout).contains("RDB looks OK"),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    let live = digest_of(&ours);
    drop(ours);
    // Redis boots from it, and so does keyspace-server, to the same keyspace (a load's
    // encodings: a string PFADD made raw comes back embstr, in both).
    let theirs = redis(&dir.0, &[]);
    let theirs_digest = digest_of(&theirs);
    drop(theirs);
    assert!(live.len() > 30, "{} keys", live.len());
    assert_eq!(live.len(), theirs_digest.len());
    let again = keyspace(&dir.0, &["--save", ""]);
    let again_digest = digest_of(&again);
    assert!(
        again_digest == theirs_digest,
        "{}",
        first_difference(&again_digest, &theirs_digest)
    );
    let mut c = again.conn();
    assert_eq!(
        info_field(&mut c, "persistence", "rdb_last_load_keys_loaded"),
        live.len().to_string()
    );
}

#[test]
fn redis_saves_and_keyspace_server_boots_from_its_dump_rdb() {
    let dir = TempDir::new("keyspace-server-rdb-b").unwrap();
    let theirs = redis(&dir.0, &[]);
    let mut c = theirs.conn();
    for line in workload() {
        run(&mut c, &line);
    }
    // A key already expired when the file is read is left out, in both.
    run(&mut c, "SET soon v PX 300");
    assert_eq!(run(&mut c, "SAVE"), Reply::ok());
    drop(theirs);
    std::thread::sleep(Duration::from_millis(400));
    let theirs = redis(&dir.0, &[]);
    let theirs_digest = digest_of(&theirs);
    let mut tc = theirs.conn();
    let their_loaded = info_field(&mut tc, "persistence", "rdb_last_load_keys_loaded");
    let their_expired = info_field(&mut tc, "persistence", "rdb_last_load_keys_expired");
    drop(theirs);
    let ours = keyspace(&dir.0, &["--save", ""]);
    let ours_digest = digest_of(&ours);
    assert!(ours_digest.len() > 30);
    assert!(
        ours_digest == theirs_digest,
        "{}",
        first_difference(&ours_digest, &theirs_digest)
    );
    let mut oc = ours.conn();
    assert_eq!(
        info_field(&mut oc, "persistence", "rdb_last_load_keys_loaded"),
        their_loaded
    );
    assert_eq!(
        info_field(&mut oc, "persistence", "rdb_last_load_keys_expired"),
        their_expired
    );
    assert_eq!(their_expired, "1");
}

#[test]
fn an_aof_with_an_rdb_base_loads_across_both_ways() {
    // Redis writes an AOF whose base is RDB (aof-use-rdb-preamble yes, its default)...
    let dir = TempDir::new("keyspace-server-aof-rdb").unwrap();
    let theirs = redis(&dir.0, &["--appendonly", "yes", "--appendfsync", "always"]);
    let mut c = theirs.conn();
    for line in workload() {
        run(&mut c, &line);
    }
    run(&mut c, "BGREWRITEAOF");
    wait_for("Redis's rewrite", || {
        info_field(&mut c, "persistence", "aof_rewrite_in_progress") == "0"
            && info_field(&mut c, "persistence", "aof_rewrite_scheduled") == "0"
    });
    let manifest = std::fs::read_to_string(dir.0.join("appendonlydir/appendonly.aof.manifest")).unwrap();
    assert!(manifest.contains(".base.rdb"), "{manifest}");
    for line in [
        "SET after 1",
        "INCR i16",
        "SELECT 4",
        "RPUSH later a b",
        "EXPIRE later 5000",
        "SELECT 0",
        "DEL s",
    ] {
        run(&mut c, line);
    }
    drop(theirs);
    // What Redis itself has after loading it (encodings are a load's).
    let theirs = redis(&dir.0, &["--appendonly", "yes"]);
    let theirs_digest = digest_of(&theirs);
    drop(theirs);
    // ... which keyspace-server loads (the base's keys, then the commands after it).
    let ours = keyspace(
        &dir.0,
        &["--appendonly", "yes", "--appendfsync", "always", "--save", ""],
    );
    let ours_digest = digest_of(&ours);
    assert!(
        ours_digest == theirs_digest,
        "{}",
        first_difference(&ours_digest, &theirs_digest)
    );
    // keyspace-server's own rewrite writes an RDB base, Redis loads it with what follows.
    let mut c = ours.conn();
    run(&mut c, "BGREWRITEAOF");
    run(&mut c, "SET ours-after 1");
    run(&mut c, "HSET h extra field");
    let manifest = std::fs::read_to_string(dir.0.join("appendonlydir/appendonly.aof.manifest")).unwrap();
    assert!(
        manifest.starts_with("file appendonly.aof.3.base.rdb seq 3 type b\n"),
        "{manifest}"
    );
    let base = std::fs::read(dir.0.join("appendonlydir/appendonly.aof.3.base.rdb")).unwrap();
    assert!(base.starts_with(b"REDIS0010"));
    drop(ours);
    let ours = keyspace(&dir.0, &["--appendonly", "yes", "--save", ""]);
    let ours_digest = digest_of(&ours);
    drop(ours);
    let theirs = redis(&dir.0, &["--appendonly", "yes"]);
    let theirs_digest = digest_of(&theirs);
    assert!(
        theirs_digest == ours_digest,
        "{}",
        first_difference(&theirs_digest, &ours_digest)
    );
}

#[test]
fn with_appendonly_yes_the_aof_wins_over_dump_rdb_in_both() {
    let dir = TempDir::new("keyspace-server-aof-wins").unwrap();
    // An AOF holding `from-aof`...
    let ours = keyspace(
        &dir.0,
        &["--appendonly", "yes", "--appendfsync", "always", "--save", ""],
    );
    run(&mut ours.conn(), "SET from-aof 1");
    drop(ours);
    // ... and a dump.rdb beside it holding `from-rdb`.
    let elsewhere = TempDir::new("keyspace-server-aof-wins-rdb").unwrap();
    let r = redis(&elsewhere.0, &[]);
    run(&mut r.conn(), "SET from-rdb 1");
    run(&mut r.conn(), "SAVE");
    drop(r);
    std::fs::copy(elsewhere.0.join("dump.rdb"), dir.0.join("dump.rdb")).unwrap();
    let keys = |p: &Proc| run(&mut p.conn(), "KEYS *");
    let only = |k: &str| Reply::Array(vec![Reply::bulk(k)]);
    for appendonly in ["yes", "no"] {
        let expected = if appendonly == "yes" {
            only("from-aof")
        } else {
            only("from-rdb")
        };
        let ours = keyspace(&dir.0, &["--appendonly", appendonly, "--save", ""]);
        assert_eq!(keys(&ours), expected, "keyspace-server, appendonly {appendonly}");
        drop(ours);
        let theirs = redis(&dir.0, &["--appendonly", appendonly]);
        assert_eq!(keys(&theirs), expected, "redis-server, appendonly {appendonly}");
        drop(theirs);
    }
}

#[test]
fn save_points_bgsave_shutdown_and_sigterm_write_dump_rdb() {
    let dir = TempDir::new("keyspace-server-save-points").unwrap();
    let mut ours = keyspace(&dir.0, &["--save", "1 2"]);
    let mut c = ours.conn();
    assert_eq!(
        run(&mut c, "CONFIG GET save"),
        Reply::Array(vec![Reply::bulk("save"), Reply::bulk("1 2")])
    );
    run(&mut c, "SET a 1");
    std::thread::sleep(Duration::from_millis(2_200));
    assert!(!dir.0.join("dump.rdb").exists(), "one change is not enough");
    run(&mut c, "SET b 2");
    wait_for("the save point", || dir.0.join("dump.rdb").exists());
    wait_for("the changes counted", || {
        info_field(&mut c, "persistence", "rdb_changes_since_last_save") == "0"
    });
    assert_eq!(info_field(&mut c, "persistence", "rdb_saves"), "1");
    assert_eq!(info_field(&mut c, "stats", "total_forks"), "1");
    assert_eq!(run(&mut c, "BGSAVE"), Reply::status("Background saving started"));
    wait_for("the BGSAVE", || info_field(&mut c, "persistence", "rdb_saves") == "2");
    assert_eq!(info_field(&mut c, "persistence", "rdb_last_bgsave_status"), "ok");
    // SHUTDOWN saves (save points are set), then the server exits.
    run(&mut c, "SET c 3");
    c.send(&argv("SHUTDOWN")).unwrap();
    ours.wait_exit();
    let again = keyspace(&dir.0, &["--save", "1 2"]);
    assert_eq!(run(&mut again.conn(), "DBSIZE"), Reply::Int(3));
    // SIGTERM saves too.
    run(&mut again.conn(), "SET d 4");
    let mut again = again;
    Command::new("kill")
        .args(["-TERM", &again.id().to_string()])
        .status()
        .unwrap();
    again.wait_exit();
    let last = keyspace(&dir.0, &["--save", ""]);
    assert_eq!(run(&mut last.conn(), "DBSIZE"), Reply::Int(4));
    // SHUTDOWN NOSAVE does not.
    run(&mut last.conn(), "SET e 5");
    let mut last = last;
    last.conn().send(&argv("SHUTDOWN NOSAVE")).unwrap();
    last.wait_exit();
    let after = keyspace(&dir.0, &["--save", ""]);
    assert_eq!(run(&mut after.conn(), "DBSIZE"), Reply::Int(4));
}
