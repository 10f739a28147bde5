//! The append-only file, in Redis's own format, sans I/O: hosts store the bytes.
//!
//! - `AofWriter` turns propagated writes into RESP arrays, inserting `SELECT` whenever
//!   the database changes, exactly as Redis's `feedAppendOnlyFile` does.
//! - `load` replays an AOF into an engine, following Redis's rules: a truncated last
//!   command is dropped (`aof-load-truncated yes`) and reported; anything else that is
//!   not RESP stops the load with Redis's message and changes nothing stored; a MULTI
//!   left open at the end is discarded.
//! - `rewrite` writes the base of Redis 7's multi-part AOF: with `aof-use-rdb-preamble
//!   yes` (the default) an RDB file marked `aof-base 1`, else (`rewrite_commands`) the
//!   commands that recreate the keyspace, with the same 64 elements per command Redis
//!   uses. `load` and `parse` read a file that starts with `REDIS` as Redis's
//!   `loadSingleAppendOnlyFile` does: the RDB preamble, then commands after it.
//! - `manifest` writes Redis 7's `appendonly.aof.manifest` for a base and an increment
//!   (`base_filename`: `.base.rdb` when the base is an RDB file).

use crate::engine::{Engine, Propagated};
use crate::num::int_bytes;
use crate::resp::encode_command;
use crate::value::Value;

/// `appendfsync`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fsync {
    Always,
    EverySec,
    No,
}

impl Fsync {
    pub fn parse(text: &str) -> Option<Fsync> {
        match text {
            "always" => Some(Fsync::Always),
            "everysec" => Some(Fsync::EverySec),
            "no" => Some(Fsync::No),
            _ => None,
        }
    }

    /// The engine's `appendfsync` (CONFIG SET validates it; everysec otherwise).
    pub fn of(engine: &Engine) -> Fsync {
        engine
            .config()
            .get("appendfsync")
            .and_then(Fsync::parse)
            .unwrap_or(Fsync::EverySec)
    }

    pub fn name(self) -> &'static str {
        match self {
            Fsync::Always => "always",
            Fsync::EverySec => "everysec",
            Fsync::No => "no",
        }
    }

    /// The longest a write may wait for its commit (`no` leaves it to "the OS": we use
    /// Linux's default dirty-page writeback of 30 s).
    pub fn max_delay_ms(self) -> i64 {
        match self {
            Fsync::Always => 0,
            Fsync::EverySec => 1_000,
            Fsync::No => 30_000,
        }
    }
}

/// Elements per command in a rewrite (Redis's AOF_REWRITE_ITEMS_PER_CMD).
const ITEMS_PER_COMMAND: usize = 64;

#[derive(Default, Debug, Clone)]
pub struct AofWriter {
    selected: Option<usize>,
}

impl AofWriter {
    pub fn new() -> AofWriter {
        AofWriter::default()
    }

    /// Starts a new file: the next record selects its database again.
    pub fn reset(&mut self) {
        self.selected = None;
    }

    /// Appends the RESP of `records` to `out`; returns how many commands it wrote.
    pub fn feed(&mut self, records: &[Propagated], out: &mut Vec<u8>) -> usize {
        let mut commands = records.len();
        for r in records {
            if let Some(select) = self.select_for(r.db) {
                encode_command(&select, out);
                commands += 1;
            }
            encode_command(&r.argv, out);
        }
        commands
    }

    /// The SELECT the file needs before a record in `db`, if any (and the file is then
    /// in `db`).
    pub fn select_for(&mut self, db: usize) -> Option<[Vec<u8>; 2]> {
        if self.selected == Some(db) {
            return None;
        }
        self.selected = Some(db);
        Some([b"SELECT".to_vec(), db.to_string().into_bytes()])
    }
}

/// How a load went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadReport {
    /// The RDB preamble's report, when the file starts with one.
    pub preamble: Option<crate::rdb::LoadReport>,
    /// Commands replayed (after the preamble).
    pub commands: usize,
    /// Bytes of an incomplete last command that were left out.
    pub truncated_bytes: usize,
    /// Commands of a MULTI left open at the end, left out.
    pub discarded_multi: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// Redis's wording.
    pub message: String,
    /// Where the bad bytes start; everything before it is a valid prefix.
    pub offset: usize,
    pub commands_before: usize,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} (at byte {}, after {} commands)",
            self.message, self.offset, self.commands_before
        )
    }
}

/// Whether an AOF (or a base file) starts with an RDB preamble ("REDIS", as
/// `loadSingleAppendOnlyFile` checks).
pub fn has_preamble(bytes: &[u8]) -> bool {
    bytes.starts_with(b"REDIS")
}

fn preamble_error(e: crate::rdb::RdbError) -> LoadError {
    LoadError {
        message: format!(
            "Error reading the RDB preamble of the AOF file, AOF loading aborted: {}",
            e.message
        ),
        offset: e.offset,
        commands_before: 0,
    }
}

/// Checks an RDB preamble without keeping what it holds: where the commands start.
fn check_preamble(bytes: &[u8]) -> Result<usize, LoadError> {
    let mut scratch = Engine::new(0, 0);
    let options = crate::rdb::LoadOptions { aof_preamble: true };
    crate::rdb::load_with(&mut scratch, bytes, 0, &options)
        .map(|r| r.bytes_read)
        .map_err(preamble_error)
}

/// Splits an AOF into its commands without running them (those after an RDB
/// preamble, which is checked whole). Err on corruption.
pub fn parse(bytes: &[u8]) -> Result<(Vec<Vec<Vec<u8>>>, usize), LoadError> {
    let start = if has_preamble(bytes) { check_preamble(bytes)? } else { 0 };
    parse_from(bytes, start)
}

fn parse_from(bytes: &[u8], start: usize) -> Result<(Vec<Vec<Vec<u8>>>, usize), LoadError> {
    let mut commands = Vec::new();
    let mut pos = start;
    while pos < bytes.len() {
        if bytes[pos] != b'*' {
            return Err(LoadError {
                message: "Bad file format reading the append only file".into(),
                offset: pos,
                commands_before: commands.len(),
            });
        }
        match crate::resp::parse_request(&bytes[pos..], u64::MAX) {
            None => return Ok((commands, bytes.len() - pos)),
            Some(crate::resp::Request::Command(argv, used)) => {
                pos += used;
                if argv.is_empty() {
                    return Err(LoadError {
                        message: "Bad file format reading the append only file".into(),
                        offset: pos - used,
                        commands_before: commands.len(),
                    });
                }
                commands.push(argv);
            }
            Some(crate::resp::Request::ProtocolError(_)) => {
                return Err(LoadError {
                    message: "Bad file format reading the append only file".into(),
                    offset: pos,
                    commands_before: commands.len(),
                });
            }
        }
    }
    Ok((commands, 0))
}

/// Replays an AOF into `engine` at time `now` (keys whose absolute expiry has passed end
/// up gone, as after a Redis restart). Commands run as they are read, as in Redis, so a
/// corrupt file leaves the commands before the damage applied: callers that must change
/// nothing on corruption check with `parse` first.
pub fn load(engine: &mut Engine, bytes: &[u8], now: i64) -> Result<LoadReport, LoadError> {
    let propagating = engine.propagated.is_some();
    engine.record_propagation(false);
    // Observers are told nothing of a load (they read the keyspace after it).
    let observing = engine.events.is_some();
    engine.observe_keyspace(false);
    let loader = engine.connect_internal(now);
    engine.loading = true;
    let outcome = if has_preamble(bytes) {
        // The keyspace becomes the preamble's (only if it is whole), then the commands.
        let options = crate::rdb::LoadOptions { aof_preamble: true };
        match crate::rdb::load_with(engine, bytes, now, &options) {
            Ok(preamble) => replay(engine, loader, bytes, preamble.bytes_read, now).map(|mut report| {
                report.preamble = Some(preamble);
                report
            }),
            Err(e) => Err(preamble_error(e)),
        }
    } else {
        replay(engine, loader, bytes, 0, now)
    };
    engine.loading = false;
    engine.disconnect(loader);
    engine.record_propagation(propagating);
    engine.observe_keyspace(observing);
    outcome
}

fn replay(
    engine: &mut Engine,
    loader: crate::client::ClientId,
    bytes: &[u8],
    start: usize,
    now: i64,
) -> Result<LoadReport, LoadError> {
    let bad = |offset, commands_before| LoadError {
        message: "Bad file format reading the append only file".into(),
        offset,
        commands_before,
    };
    let mut pos = start;
    let mut commands = 0;
    // A transaction runs once its EXEC is read; one left open at the end is discarded.
    let mut transaction: Option<Vec<Vec<Vec<u8>>>> = None;
    let run = |engine: &mut Engine, argv: Vec<Vec<u8>>| {
        engine.execute(loader, argv, now);
        engine.take_replies(loader);
    };
    while pos < bytes.len() {
        if bytes[pos] != b'*' {
            return Err(bad(pos, commands));
        }
        let argv = match crate::resp::parse_request(&bytes[pos..], u64::MAX) {
            None => break,
            Some(crate::resp::Request::ProtocolError(_)) => return Err(bad(pos, commands)),
            Some(crate::resp::Request::Command(argv, _)) if argv.is_empty() => return Err(bad(pos, commands)),
            Some(crate::resp::Request::Command(argv, used)) => {
                pos += used;
                argv
            }
        };
        commands += 1;
        if argv[0].eq_ignore_ascii_case(b"multi") {
            transaction = Some(vec![argv]);
        } else if let Some(queued) = transaction.as_mut() {
            let exec = argv[0].eq_ignore_ascii_case(b"exec");
            queued.push(argv);
            if exec {
                for argv in transaction.take().unwrap_or_default() {
                    run(engine, argv);
                }
            }
        } else {
            run(engine, argv);
        }
    }
    let discarded_multi = transaction.map_or(0, |t| t.len());
    Ok(LoadReport {
        preamble: None,
        commands: commands - discarded_multi,
        truncated_bytes: bytes.len() - pos,
        discarded_multi,
    })
}

fn push_batched(out: &mut Vec<u8>, head: &[&[u8]], items: Vec<Vec<u8>>) {
    for chunk in items.chunks(ITEMS_PER_COMMAND) {
        let mut argv: Vec<Vec<u8>> = head.iter().map(|h| h.to_vec()).collect();
        argv.extend(chunk.iter().cloned());
        encode_command(&argv, out);
    }
}

/// The commands that recreate a stream (Redis's `rewriteStreamObject`): its entries,
/// its last ID and counters, its groups with their consumers and pending entries.
fn rewrite_stream(out: &mut Vec<u8>, key: &[u8], s: &crate::types::stream::Stream) {
    let b = |s: &str| s.as_bytes().to_vec();
    if s.is_empty() {
        // An empty stream still has a last ID and groups: add an entry, trimmed at once.
        encode_command(
            &[b("XADD"), key.to_vec(), b("MAXLEN"), b("0"), b("0-1"), b("x"), b("y")],
            out,
        );
    }
    for (id, fields) in s.entries() {
        let mut argv = vec![b("XADD"), key.to_vec(), id.to_bytes()];
        for (f, v) in fields {
            argv.push(f.clone());
            argv.push(v.clone());
        }
        encode_command(&argv, out);
    }
    encode_command(
        &[
            b("XSETID"),
            key.to_vec(),
            s.last_id.to_bytes(),
            b("ENTRIESADDED"),
            int_bytes(s.entries_added as i64),
            b("MAXDELETEDID"),
            s.max_deleted_entry_id.to_bytes(),
        ],
        out,
    );
    for (name, group) in &s.groups {
        encode_command(
            &[
                b("XGROUP"),
                b("CREATE"),
                key.to_vec(),
                name.clone(),
                group.last_id.to_bytes(),
                b("ENTRIESREAD"),
                int_bytes(group.entries_read),
            ],
            out,
        );
        for (consumer, c) in &group.consumers {
            if c.pel.is_empty() {
                encode_command(
                    &[
                        b("XGROUP"),
                        b("CREATECONSUMER"),
                        key.to_vec(),
                        name.clone(),
                        consumer.clone(),
                    ],
                    out,
                );
                continue;
            }
            for id in &c.pel {
                let Some(nack) = group.pel.get(id) else { continue };
                encode_command(
                    &[
                        b("XCLAIM"),
                        key.to_vec(),
                        name.clone(),
                        consumer.clone(),
                        b("0"),
                        id.to_bytes(),
                        b("TIME"),
                        int_bytes(nack.delivery_time),
                        b("RETRYCOUNT"),
                        int_bytes(nack.delivery_count as i64),
                        b("JUSTID"),
                        b("FORCE"),
                    ],
                    out,
                );
            }
        }
    }
}

/// A rewrite's base file: an RDB file marked as an AOF base when the engine's
/// `aof-use-rdb-preamble` is yes (Redis's default), else `rewrite_commands`.
pub fn rewrite(engine: &Engine, now: i64) -> Vec<u8> {
    if engine.config().bool("aof-use-rdb-preamble") {
        let mut options = crate::rdb::SaveOptions::of(engine);
        options.aof_base = true;
        crate::rdb::save_with(engine, now, &options)
    } else {
        rewrite_commands(engine, now)
    }
}

/// The commands that recreate the engine's keyspace (a base file without preamble).
pub fn rewrite_commands(engine: &Engine, now: i64) -> Vec<u8> {
    let mut out = Vec::new();
    // Function libraries first, as FUNCTION LOAD (aof.c rewriteFunctions).
    for code in engine.function_codes() {
        encode_command(&[b"FUNCTION".to_vec(), b"LOAD".to_vec(), code], &mut out);
    }
    for (index, db) in engine.dbs.iter().enumerate() {
        if db.is_empty() {
            continue;
        }
        encode_command(&[b"SELECT".to_vec(), index.to_string().into_bytes()], &mut out);
        let mut keys: Vec<&[u8]> = db.keys.keys().collect();
        keys.sort();
        for key in keys {
            let expire = db.expire_at(key);
            if expire.is_some_and(|at| at <= now) {
                continue;
            }
            let Some(obj) = db.keys.get(key) else { continue };
            match &obj.value {
                Value::String(s) => encode_command(&[b"SET".to_vec(), key.to_vec(), s.bytes.to_vec()], &mut out),
                Value::List(l) => push_batched(&mut out, &[b"RPUSH", key], l.iter().map(|e| e.to_vec()).collect()),
                Value::Set(s) => push_batched(&mut out, &[b"SADD", key], s.members()),
                Value::Hash(h) => {
                    let flat = h.entries().into_iter().flat_map(|(f, v)| [f, v]).collect::<Vec<_>>();
                    for chunk in flat.chunks(ITEMS_PER_COMMAND * 2) {
                        let mut argv = vec![b"HMSET".to_vec(), key.to_vec()];
                        argv.extend(chunk.iter().cloned());
                        encode_command(&argv, &mut out);
                    }
                }
                Value::Stream(s) => rewrite_stream(&mut out, key, s),
                Value::ZSet(z) => {
                    let flat = z
                        .entries()
                        .into_iter()
                        .flat_map(|(m, s)| [crate::num::fmt_double(s).into_bytes(), m])
                        .collect::<Vec<_>>();
                    for chunk in flat.chunks(ITEMS_PER_COMMAND * 2) {
                        let mut argv = vec![b"ZADD".to_vec(), key.to_vec()];
                        argv.extend(chunk.iter().cloned());
                        encode_command(&argv, &mut out);
                    }
                }
            }
            if let Some(at) = expire {
                encode_command(&[b"PEXPIREAT".to_vec(), key.to_vec(), int_bytes(at)], &mut out);
            }
        }
    }
    out
}

/// Redis 7's manifest for a base AOF file and one increment (sequence `seq`).
pub fn manifest(filename: &str, seq: u64) -> String {
    manifest_for(&base_filename(filename, seq, false), filename, seq)
}

/// `aofGetBaseFilename`'s rule: `appendonly.aof.N.base.rdb` for an RDB base,
/// `appendonly.aof.N.base.aof` for commands.
pub fn base_filename(filename: &str, seq: u64, rdb: bool) -> String {
    format!("{filename}.{seq}.base.{}", if rdb { "rdb" } else { "aof" })
}

/// The manifest naming `base` and increment `seq`.
pub fn manifest_for(base: &str, filename: &str, seq: u64) -> String {
    format!("file {base} seq {seq} type b\nfile {filename}.{seq}.incr.aof seq {seq} type i\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(engine: &mut Engine, client: u64, line: &str, now: i64) {
        engine.execute(client, crate::sds::split_args(line.as_bytes()).unwrap(), now);
        engine.take_replies(client);
    }

    fn digest(engine: &mut Engine, now: i64) -> Vec<crate::Reply> {
        let c = engine.connect_internal(now);
        let mut out = Vec::new();
        for db in 0..3 {
            for line in [
                format!("SELECT {db}"),
                "KEYS *".into(),
                "GET s".into(),
                "LRANGE l 0 -1".into(),
                "HGETALL h".into(),
                "SMEMBERS st".into(),
                "ZRANGE z 0 -1 WITHSCORES".into(),
                "PEXPIRETIME s".into(),
                "PFCOUNT hll".into(),
            ] {
                for reply in engine.call(c, crate::sds::split_args(line.as_bytes()).unwrap(), now) {
                    // KEYS answers in hash-table order, which differs between two builds.
                    out.push(match reply {
                        crate::Reply::Array(mut keys) if line == "KEYS *" => {
                            keys.sort_by_key(|k| format!("{k:?}"));
                            crate::Reply::Array(keys)
                        }
                        other => other,
                    });
                }
            }
        }
        out
    }

    fn sample(now: i64) -> (Engine, Vec<u8>) {
        let mut e = Engine::new(1, now);
        e.record_propagation(true);
        let c = e.connect(now);
        for line in [
            "SET s hello EX 100",
            "RPUSH l a b c",
            "HSET h f1 v1 f2 v2",
            "SADD st 1 2 3",
            "ZADD z 1.5 a 2 b",
            "INCRBYFLOAT f 0.1",
            "PFADD hll x y z",
            "SELECT 2",
            "SET other v",
            "MULTI",
            "INCR counter",
            "LPUSH l2 x",
            "EXEC",
            "SET gone v PX 10",
        ] {
            run(&mut e, c, line, now);
        }
        let mut w = AofWriter::new();
        let mut bytes = Vec::new();
        w.feed(&e.take_propagated(), &mut bytes);
        (e, bytes)
    }

    #[test]
    fn replaying_the_log_recreates_the_keyspace() {
        let now = 1_000_000;
        let (mut original, bytes) = sample(now);
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.starts_with("*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n"));
        assert!(text.contains("PXAT"), "relative expiry is written as absolute");
        assert!(text.contains("*1\r\n$5\r\nMULTI\r\n"));
        let mut restored = Engine::new(2, now);
        let report = load(&mut restored, &bytes, now).unwrap();
        assert_eq!(report.truncated_bytes, 0);
        assert_eq!(digest(&mut original, now), digest(&mut restored, now));
        // Later, keys past their absolute time are gone after a load.
        let mut later = Engine::new(3, now + 20);
        load(&mut later, &bytes, now + 20).unwrap();
        let c = later.connect(now + 20);
        let keys = later.call(c, crate::sds::split_args(b"KEYS *").unwrap(), now + 20);
        let crate::Reply::Array(keys) = &keys[0] else { panic!() };
        assert!(keys.contains(&crate::Reply::bulk("s")));
        later.call(c, vec![b"SELECT".to_vec(), b"2".to_vec()], now + 20);
        let keys = later.call(
            c,
            crate::sds::split_args(b"EXISTS other counter l2 gone").unwrap(),
            now + 20,
        );
        assert_eq!(keys, vec![crate::Reply::Int(3)], "gone had expired");
    }

    #[test]
    fn a_truncated_tail_is_dropped_and_reported() {
        let (_, bytes) = sample(1_000);
        let cut = &bytes[..bytes.len() - 7];
        let mut e = Engine::new(2, 1_000);
        let report = load(&mut e, cut, 1_000).unwrap();
        assert!(report.truncated_bytes > 0);
        assert!(e.key_counts()[0] > 0);
    }

    #[test]
    fn corruption_in_the_middle_stops_the_load_where_parse_refuses_the_file() {
        let (_, mut bytes) = sample(1_000);
        let middle = bytes.len() / 2;
        let at = middle + bytes[middle..].iter().position(|&b| b == b'*').unwrap();
        bytes[at] = b'?';
        let checked = parse(&bytes).unwrap_err();
        assert_eq!(checked.message, "Bad file format reading the append only file");
        assert_eq!(checked.offset, at);
        let mut e = Engine::new(2, 1_000);
        let err = load(&mut e, &bytes, 1_000).unwrap_err();
        assert_eq!(err, checked, "the same place, the same count of good commands");
        assert!(
            e.key_counts().iter().sum::<usize>() > 0,
            "what came before ran, as in Redis"
        );
    }

    #[test]
    fn an_open_multi_at_the_end_is_discarded() {
        let mut bytes = Vec::new();
        for argv in [vec!["SET", "a", "1"], vec!["MULTI"], vec!["SET", "b", "2"]] {
            encode_command(
                &argv.iter().map(|s| s.as_bytes().to_vec()).collect::<Vec<_>>(),
                &mut bytes,
            );
        }
        let mut e = Engine::new(1, 1_000);
        let report = load(&mut e, &bytes, 1_000).unwrap();
        assert_eq!(report.discarded_multi, 2);
        assert_eq!(e.key_counts()[0], 1);
    }

    #[test]
    fn a_rewrite_recreates_the_same_keyspace_compactly() {
        let now = 1_000_000;
        let (mut original, log) = sample(now);
        let base = rewrite(&original, now);
        assert!(base.len() < log.len() * 2);
        let mut restored = Engine::new(9, now);
        load(&mut restored, &base, now).unwrap();
        assert_eq!(digest(&mut original, now), digest(&mut restored, now));
        assert_eq!(
            manifest("appendonly.aof", 1),
            "file appendonly.aof.1.base.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n"
        );
    }
}
