//! keyspace-server's AOF on disk: nothing acknowledged is lost to `kill -9` with
//! appendfsync always, and a real redis-server boots from the same directory.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use keyspace_engine::Reply;
use keyspace_tests::redis::{free_port, redis_server_command, Connection, TempDir};

fn wait_ready(port: u16) -> Connection {
    let start = Instant::now();
    loop {
        if let Ok(mut c) = Connection::open(port) {
            if c.command(&[b"PING".to_vec()]).ok() == Some(Reply::status("PONG")) {
                return c;
            }
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "server on {port} did not start"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Kills its process when dropped, so a failing assertion leaves nothing running.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start(dir: &std::path::Path, port: u16) -> Guard {
    Guard(
        Command::new(env!("CARGO_BIN_EXE_keyspace-server-under-test"))
            .args([
                "--port",
                &port.to_string(),
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--dir",
            ])
            .arg(dir)
            .stderr(Stdio::null())
            .spawn()
            .expect("keyspace-server starts"),
    )
}

fn cmd(c: &mut Connection, line: &str) -> Reply {
    c.command(&keyspace_engine::sds::split_args(line.as_bytes()).unwrap())
        .unwrap()
}

#[test]
fn acknowledged_writes_survive_kill_9_and_real_redis_reads_the_files() {
    let dir = TempDir::new("keyspace-server-aof").unwrap();
    let port = free_port().unwrap();
    let mut server = start(&dir.0, port);
    let mut c = wait_ready(port);
    assert_eq!(cmd(&mut c, "SET greeting hello"), Reply::ok());
    for _ in 0..3 {
        cmd(&mut c, "INCR clicks");
    }
    cmd(&mut c, "RPUSH queue a b");
    cmd(&mut c, "SET session token EX 100");
    cmd(&mut c, "SELECT 5");
    assert_eq!(cmd(&mut c, "ZADD vote 2 b 1 a"), Reply::Int(2));
    server.0.kill().unwrap(); // SIGKILL: no chance to flush anything
    server.0.wait().unwrap();

    let port = free_port().unwrap();
    let mut server = start(&dir.0, port);
    let mut c = wait_ready(port);
    assert_eq!(cmd(&mut c, "GET greeting"), Reply::bulk("hello"));
    assert_eq!(cmd(&mut c, "GET clicks"), Reply::bulk("3"));
    assert_eq!(cmd(&mut c, "LRANGE queue 0 -1"), Reply::bulks(["a", "b"]));
    let Reply::Int(ttl) = cmd(&mut c, "TTL session") else {
        panic!()
    };
    assert!((90..=100).contains(&ttl), "absolute expiry kept: {ttl}");
    cmd(&mut c, "SELECT 5");
    assert_eq!(cmd(&mut c, "ZSCORE vote b"), Reply::bulk("2"));
    let (Reply::Verbatim(_, info) | Reply::Bulk(info)) = cmd(&mut c, "INFO persistence") else {
        panic!("INFO is a bulk string")
    };
    let info = String::from_utf8(info).unwrap();
    assert!(
        info.contains("aof_enabled:1\r\n") && info.contains("aof_last_write_status:ok\r\n"),
        "{info}"
    );
    let size: u64 = info
        .split("aof_current_size:")
        .nth(1)
        .and_then(|s| s.split('\r').next())
        .unwrap()
        .parse()
        .unwrap();
    assert!(size > 100, "the AOF's real size: {size}");
    // SHUTDOWN saves dump.rdb first (the default save points) and answers nothing.
    c.send(&keyspace_engine::sds::split_args(b"SHUTDOWN").unwrap()).unwrap();
    let _ = server.0.wait();
    assert!(dir.0.join("dump.rdb").exists(), "SHUTDOWN's final save");

    // The same directory boots real Redis 7 to the same keyspace.
    let port = free_port().unwrap();
    let _redis = Guard(
        redis_server_command(port, &dir.0)
            .args(["--appendonly", "yes"])
            .stdout(Stdio::null())
            .spawn()
            .expect("redis-server starts"),
    );
    let mut r = wait_ready(port);
    assert_eq!(cmd(&mut r, "GET clicks"), Reply::bulk("3"));
    cmd(&mut r, "SELECT 5");
    assert_eq!(cmd(&mut r, "ZRANGE vote 0 -1"), Reply::bulks(["a", "b"]));
}

fn info_field(c: &mut Connection, field: &str) -> String {
    let (Reply::Verbatim(_, info) | Reply::Bulk(info)) = cmd(c, "INFO persistence") else {
        panic!("INFO is a bulk string")
    };
    let info = String::from_utf8(info).unwrap();
    info.split(&format!("\n{field}:"))
        .nth(1)
        .and_then(|s| s.split('\r').next())
        .unwrap_or_else(|| panic!("no {field} in {info}"))
        .to_string()
}

fn manifest(dir: &std::path::Path) -> String {
    std::fs::read_to_string(dir.join("appendonlydir/appendonly.aof.manifest")).unwrap()
}

#[test]
fn bgrewriteaof_and_config_set_appendonly_switch_files_atomically() {
    let dir = TempDir::new("keyspace-server-rewrite").unwrap();
    let port = free_port().unwrap();
    let mut server = start(&dir.0, port);
    let mut c = wait_ready(port);
    for _ in 0..200 {
        cmd(&mut c, "INCR clicks");
    }
    let before: u64 = info_field(&mut c, "aof_current_size").parse().unwrap();
    assert_eq!(
        cmd(&mut c, "BGREWRITEAOF"),
        Reply::status("Background append only file rewriting started")
    );
    let start_wait = Instant::now();
    while info_field(&mut c, "aof_rewrites") != "1" {
        assert!(
            start_wait.elapsed() < Duration::from_secs(5),
            "the rewrite never finished"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let after: u64 = info_field(&mut c, "aof_current_size").parse().unwrap();
    assert!(
        after * 20 < before,
        "200 INCRs compact into one SET: {before} -> {after} bytes"
    );
    assert_eq!(info_field(&mut c, "aof_base_size"), after.to_string());
    assert!(
        manifest(&dir.0).contains("appendonly.aof.2.base.rdb"),
        "{}",
        manifest(&dir.0)
    );
    assert!(
        !dir.0.join("appendonlydir/appendonly.aof.1.incr.aof").exists(),
        "old files removed"
    );
    cmd(&mut c, "SET after-rewrite yes");

    // Off at run time: writes stop reaching the AOF; on again: a new base of everything.
    assert_eq!(cmd(&mut c, "CONFIG SET appendonly no"), Reply::ok());
    assert_eq!(info_field(&mut c, "aof_enabled"), "0");
    cmd(&mut c, "SET while-off 1");
    assert_eq!(cmd(&mut c, "CONFIG SET appendonly yes"), Reply::ok());
    assert_eq!(info_field(&mut c, "aof_rewrites"), "2");
    assert!(manifest(&dir.0).contains("appendonly.aof.3.base.rdb"));
    cmd(&mut c, "SET last 1");
    server.0.kill().unwrap();
    server.0.wait().unwrap();

    let port = free_port().unwrap();
    let _server = start(&dir.0, port);
    let mut c = wait_ready(port);
    for (key, value) in [
        ("clicks", "200"),
        ("after-rewrite", "yes"),
        ("while-off", "1"),
        ("last", "1"),
    ] {
        assert_eq!(cmd(&mut c, &format!("GET {key}")), Reply::bulk(value), "{key}");
    }
}
