//! Exploring a dump.rdb the learner opens: what is in the file (`RdbReport`) and a
//! sandbox to look around in (`Exploration`), a playground of its own loaded from the
//! file as a redis-server booted from it would be. The sandbox is never persisted and
//! never shared with other pages (it records no AOF and streams nothing), and it never
//! touches the learner's own playground: it is a second engine.
//!
//! A damaged or truncated file is refused with Redis's words for what is wrong
//! (`keyspace_engine::rdb::RdbError`) and nothing is made.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use keyspace_engine::engine::{Engine, DB_COUNT};
use keyspace_engine::rdb::{self, RdbError, SaveOptions};
use keyspace_engine::value::Kind;

use crate::playground::Playground;

/// Files larger than this are refused before reading: the page has one thread and a
/// tab's memory is limited.
pub const MAX_FILE_BYTES: usize = 256 * 1024 * 1024;

/// How many of the biggest keys the report lists.
pub const BIGGEST_KEPT: usize = 10;

/// What a loaded dump.rdb holds, for a learner.
#[derive(Clone, Debug, PartialEq)]
pub struct RdbReport {
    pub file_name: String,
    pub file_size: usize,
    /// The RDB version in the magic (`REDIS0010` is 10).
    pub version: u16,
    /// The AUX fields a learner cares about, when the file has them.
    pub redis_ver: Option<String>,
    /// `ctime`: when the file was written, in seconds since the epoch.
    pub ctime: Option<i64>,
    /// `used-mem`: the memory the writing server used, in bytes.
    pub used_mem: Option<u64>,
    /// `aof-base`: the file is an AOF's RDB preamble.
    pub aof_base: Option<bool>,
    /// Every AUX field, in file order, as text (redis-cli's escaping for binary).
    pub aux: Vec<(String, String)>,
    pub keys_loaded: u64,
    /// Keys per database (only the databases with keys), with how many have a TTL.
    pub databases: Vec<DbCount>,
    /// Keys per type, most first, each with its encodings (OBJECT ENCODING after the
    /// load, as Redis converts them), most first.
    pub types: Vec<TypeCount>,
    /// The biggest keys by serialized size (DUMP's length), biggest first.
    pub biggest: Vec<BigKey>,
    /// Keys per time left to live, in `ExpiryBucket::ALL`'s order; the "already past"
    /// ones were in the file and left out, as a master leaves them out.
    pub expiry: Vec<(ExpiryBucket, u64)>,
    /// The file's function libraries, loaded with it (their names).
    pub functions: Vec<String>,
    /// Function libraries in the file not loaded (the 7.0 release candidates' form, or
    /// code that does not load here).
    pub functions_skipped: Vec<String>,
    /// Whether the file's CRC-64 was checked (false: written with `rdbchecksum no`, or
    /// a version before 5).
    pub checksum_verified: bool,
    /// Empty collections an old Redis could write, left out as Redis leaves them out.
    pub empty_keys_skipped: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DbCount {
    pub db: usize,
    pub keys: u64,
    pub with_ttl: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeCount {
    pub kind: Kind,
    pub keys: u64,
    pub encodings: Vec<(&'static str, u64)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BigKey {
    pub db: usize,
    pub key: Vec<u8>,
    pub kind: Kind,
    pub encoding: &'static str,
    /// Elements (a collection's length or cardinality; a string's length in bytes).
    pub elements: usize,
    /// DUMP's payload length for the value: its serialization in the file's format.
    pub bytes: usize,
}

/// How long a key has left to live when the file is opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExpiryBucket {
    NoTtl,
    AlreadyPast,
    UnderMinute,
    UnderHour,
    UnderDay,
    UnderWeek,
    Later,
}

impl ExpiryBucket {
    pub const ALL: [ExpiryBucket; 7] = [
        ExpiryBucket::NoTtl,
        ExpiryBucket::AlreadyPast,
        ExpiryBucket::UnderMinute,
        ExpiryBucket::UnderHour,
        ExpiryBucket::UnderDay,
        ExpiryBucket::UnderWeek,
        ExpiryBucket::Later,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ExpiryBucket::NoTtl => "no TTL",
            ExpiryBucket::AlreadyPast => "already past (left out)",
            ExpiryBucket::UnderMinute => "< 1 min",
            ExpiryBucket::UnderHour => "< 1 hour",
            ExpiryBucket::UnderDay => "< 1 day",
            ExpiryBucket::UnderWeek => "< 1 week",
            ExpiryBucket::Later => "later",
        }
    }

    /// The bucket of a key with `ttl_ms` left (None: no TTL).
    pub fn of(ttl_ms: Option<i64>) -> ExpiryBucket {
        const MINUTE: i64 = 60_000;
        match ttl_ms {
            None => ExpiryBucket::NoTtl,
            Some(t) if t <= 0 => ExpiryBucket::AlreadyPast,
            Some(t) if t < MINUTE => ExpiryBucket::UnderMinute,
            Some(t) if t < 60 * MINUTE => ExpiryBucket::UnderHour,
            Some(t) if t < 24 * 60 * MINUTE => ExpiryBucket::UnderDay,
            Some(t) if t < 7 * 24 * 60 * MINUTE => ExpiryBucket::UnderWeek,
            Some(_) => ExpiryBucket::Later,
        }
    }
}

/// Why a file was not opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpenError {
    /// Over `MAX_FILE_BYTES`.
    TooLarge { size: usize },
    /// The loader refused it: Redis's words and where.
    Rdb(RdbError),
}

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OpenError::TooLarge { size } => write!(
                f,
                "the file is {}, over the {} this page opens",
                size_text(*size as u64),
                size_text(MAX_FILE_BYTES as u64)
            ),
            OpenError::Rdb(e) => write!(f, "{e}"),
        }
    }
}

/// A dump.rdb opened in a sandbox: a playground of its own, loaded from the file.
pub struct Exploration {
    pub playground: Playground,
    pub report: RdbReport,
}

impl Exploration {
    /// Loads `bytes` (a file named `file_name`) into a fresh playground at real time
    /// `now`, as a redis-server started with that dump.rdb: keys whose time has passed
    /// are left out, `appendonly no`. Nothing it does is recorded or sent to other pages.
    pub fn open(file_name: &str, bytes: &[u8], seed: u64, now: i64) -> Result<Exploration, OpenError> {
        Ok(Exploration::load(file_name, bytes, seed, now)?.finish())
    }

    /// `open`'s first half, the load, so a host can say how it went (and let the page
    /// breathe) before the report goes through every key.
    pub fn load(file_name: &str, bytes: &[u8], seed: u64, now: i64) -> Result<Loaded, OpenError> {
        Exploration::opening(file_name, bytes, seed, now)?.loaded()
    }

    /// `load` a slice of keys at a time (`Opening::step`), so a host on a page's only
    /// thread can yield between slices and say how far it has got.
    pub fn opening<'a>(file_name: &str, bytes: &'a [u8], seed: u64, now: i64) -> Result<Opening<'a>, OpenError> {
        if bytes.len() > MAX_FILE_BYTES {
            return Err(OpenError::TooLarge { size: bytes.len() });
        }
        let mut playground = Playground::new(seed, now);
        // Never persisted, never shared: its writes go nowhere.
        playground.engine.record_propagation(false);
        let engine_now = playground.now(now);
        let loader = rdb::Loader::new(&playground.engine, bytes, engine_now, &rdb::LoadOptions::default())
            .map_err(OpenError::Rdb)?;
        Ok(Opening {
            playground,
            loader,
            file_name: file_name.to_string(),
            real_now: now,
            engine_now,
        })
    }
}

/// A file being loaded into its sandbox.
pub struct Opening<'a> {
    playground: Playground,
    loader: rdb::Loader<'a>,
    file_name: String,
    real_now: i64,
    engine_now: i64,
}

impl Opening<'_> {
    /// Reads up to `keys` more keys; true once the whole file is read and checked.
    pub fn step(&mut self, keys: usize) -> Result<bool, OpenError> {
        self.loader.step(keys).map_err(OpenError::Rdb)
    }

    /// Bytes read so far, and the file's size.
    pub fn progress(&self) -> (usize, usize) {
        self.loader.progress()
    }

    /// The sandbox with the file's keyspace (what is left is read first).
    pub fn loaded(self) -> Result<Loaded, OpenError> {
        let Opening {
            mut playground,
            loader,
            file_name,
            real_now,
            engine_now,
        } = self;
        let file_size = loader.progress().1;
        let load = loader.finish(&mut playground.engine).map_err(OpenError::Rdb)?;
        Ok(Loaded {
            playground,
            load,
            file_name,
            file_size,
            real_now,
            engine_now,
        })
    }
}

/// A file loaded into its sandbox, its report not made yet.
pub struct Loaded {
    playground: Playground,
    load: rdb::LoadReport,
    file_name: String,
    file_size: usize,
    real_now: i64,
    engine_now: i64,
}

impl Loaded {
    pub fn keys(&self) -> u64 {
        self.load.keys_loaded
    }

    /// The report (a pass over every key), the inspector's first read, and a note in
    /// the terminal saying what it is.
    pub fn finish(self) -> Exploration {
        let Loaded {
            mut playground,
            load,
            file_name,
            file_size,
            real_now,
            engine_now,
        } = self;
        let report = RdbReport::of(&file_name, file_size, &load, &playground.engine, engine_now);
        playground.inspect_db(0, real_now);
        let keys = report.keys_loaded;
        playground.sessions[0].note(&format!(
            "{file_name}: {keys} key{} loaded, as a redis-server started with this file has them. Nothing typed here is saved.",
            if keys == 1 { "" } else { "s" }
        ));
        Exploration { playground, report }
    }
}

impl RdbReport {
    /// The report of a file of `file_size` bytes just loaded into `engine` at `now`.
    pub fn of(file_name: &str, file_size: usize, loaded: &rdb::LoadReport, engine: &Engine, now: i64) -> RdbReport {
        let text = |v: &[u8]| String::from_utf8_lossy(v).into_owned();
        let aux_value = |name: &[u8]| loaded.aux.iter().rev().find(|(k, _)| k == name).map(|(_, v)| text(v));
        let options = SaveOptions::of(engine);
        let mut databases = Vec::new();
        let mut types: Vec<TypeCount> = Vec::new();
        let mut expiry = [0u64; 7];
        expiry[1] = loaded.keys_expired;
        // The smallest of the biggest on top, to be pushed out.
        let mut heap: BinaryHeap<Reverse<(usize, usize, Vec<u8>)>> = BinaryHeap::new();
        for db in 0..DB_COUNT {
            let Some(database) = engine.db(db) else { continue };
            if database.is_empty() {
                continue;
            }
            let mut with_ttl = 0;
            for (key, obj) in database.keys.iter() {
                let value = &obj.value;
                let kind = value.kind();
                let encoding = value.encoding();
                match types.iter_mut().find(|t| t.kind == kind) {
                    Some(t) => {
                        t.keys += 1;
                        match t.encodings.iter_mut().find(|(e, _)| *e == encoding) {
                            Some((_, n)) => *n += 1,
                            None => t.encodings.push((encoding, 1)),
                        }
                    }
                    None => types.push(TypeCount {
                        kind,
                        keys: 1,
                        encodings: vec![(encoding, 1)],
                    }),
                }
                let ttl = database.expire_at(key).map(|at| at - now);
                with_ttl += u64::from(ttl.is_some());
                let bucket = ExpiryBucket::of(ttl);
                expiry[ExpiryBucket::ALL.iter().position(|b| *b == bucket).unwrap_or(0)] += 1;
                let bytes = rdb::dump_value(value, &options).len();
                if heap.len() < BIGGEST_KEPT {
                    heap.push(Reverse((bytes, db, key.to_vec())));
                } else if heap.peek().is_some_and(|Reverse((least, _, _))| bytes > *least) {
                    heap.pop();
                    heap.push(Reverse((bytes, db, key.to_vec())));
                }
            }
            databases.push(DbCount {
                db,
                keys: database.len() as u64,
                with_ttl,
            });
        }
        types.sort_by(|a, b| b.keys.cmp(&a.keys).then(a.kind.name().cmp(b.kind.name())));
        for t in &mut types {
            t.encodings.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        }
        let mut biggest: Vec<BigKey> = heap
            .into_iter()
            .filter_map(|Reverse((bytes, db, key))| {
                let obj = engine.db(db)?.keys.get(&key)?;
                Some(BigKey {
                    db,
                    kind: obj.value.kind(),
                    encoding: obj.value.encoding(),
                    elements: obj.value.size(),
                    bytes,
                    key,
                })
            })
            .collect();
        biggest.sort_by(|a, b| b.bytes.cmp(&a.bytes).then(a.db.cmp(&b.db)).then(a.key.cmp(&b.key)));
        RdbReport {
            file_name: file_name.to_string(),
            file_size,
            version: loaded.version,
            redis_ver: aux_value(b"redis-ver"),
            ctime: aux_value(b"ctime").and_then(|v| v.trim().parse().ok()),
            used_mem: aux_value(b"used-mem").and_then(|v| v.trim().parse().ok()),
            aof_base: aux_value(b"aof-base").map(|v| v.trim() != "0"),
            aux: loaded.aux.iter().map(|(k, v)| (printable(k), printable(v))).collect(),
            keys_loaded: loaded.keys_loaded,
            databases,
            types,
            biggest,
            expiry: ExpiryBucket::ALL.iter().copied().zip(expiry).collect(),
            functions: loaded.functions.iter().map(|code| library_name(code)).collect(),
            functions_skipped: loaded.functions_skipped.clone(),
            checksum_verified: loaded.checksum_verified,
            empty_keys_skipped: loaded.empty_keys_skipped,
        }
    }
}

/// Bytes as text: printable ASCII as is, anything else as redis-cli's `\xNN`.
pub fn printable(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) if !s.chars().any(char::is_control) => s.to_string(),
        _ => {
            let mut quoted = String::new();
            keyspace_engine::sds::quote(bytes, &mut quoted);
            quoted
        }
    }
}

/// A size as a learner reads it: 512 B, 1.5 KB, 3.2 MB.
pub fn size_text(bytes: u64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{:.1} KB", b as f64 / 1024.0),
        b if b < 1024 * 1024 * 1024 => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
        b => format!("{:.1} GB", b as f64 / (1024.0 * 1024.0 * 1024.0)),
    }
}

/// Seconds since the epoch as a UTC date and time: `2026-11-30 14:33:03 UTC`.
pub fn date_text(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let in_day = seconds.rem_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} UTC",
        in_day / 3_600,
        in_day % 3_600 / 60,
        in_day % 60
    )
}

/// A library's name, from its `#!lua name=...` first line.
fn library_name(code: &[u8]) -> String {
    let first = code.split(|&b| b == b'\n').next().unwrap_or_default();
    String::from_utf8_lossy(first)
        .split_whitespace()
        .find_map(|w| w.strip_prefix("name=").map(String::from))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use keyspace_engine::sds;

    const NOW: i64 = 1_780_000_000_000;

    fn engine_with(lines: &[&str]) -> Engine {
        let mut engine = Engine::new(3, NOW);
        let c = engine.connect_internal(NOW);
        for line in lines {
            let argv = sds::split_args(line.as_bytes()).unwrap();
            let reply = engine.call(c, argv, NOW).remove(0);
            assert!(!matches!(reply, keyspace_engine::Reply::Error(_)), "{line}: {reply:?}");
        }
        engine.disconnect(c);
        engine
    }

    fn file_of(lines: &[&str]) -> Vec<u8> {
        rdb::save(&engine_with(lines), NOW)
    }

    #[test]
    fn dates_are_utc() {
        assert_eq!(date_text(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(date_text(951_782_400), "2000-02-29 00:00:00 UTC");
        assert_eq!(date_text(1_796_049_183), "2026-11-30 14:33:03 UTC");
        assert_eq!(date_text(-1), "1969-12-31 23:59:59 UTC");
    }

    #[test]
    fn expiry_buckets() {
        assert_eq!(ExpiryBucket::of(None), ExpiryBucket::NoTtl);
        assert_eq!(ExpiryBucket::of(Some(0)), ExpiryBucket::AlreadyPast);
        assert_eq!(ExpiryBucket::of(Some(59_999)), ExpiryBucket::UnderMinute);
        assert_eq!(ExpiryBucket::of(Some(60_000)), ExpiryBucket::UnderHour);
        assert_eq!(ExpiryBucket::of(Some(3_600_000)), ExpiryBucket::UnderDay);
        assert_eq!(ExpiryBucket::of(Some(86_400_000)), ExpiryBucket::UnderWeek);
        assert_eq!(ExpiryBucket::of(Some(7 * 86_400_000)), ExpiryBucket::Later);
    }

    #[test]
    fn the_report_counts_databases_types_encodings_ttls_and_the_biggest_keys() {
        let mut lines: Vec<String> = [
            "SET s hello",
            "SET n 12345",
            "SET soon v PX 30000",
            "SET hour v EX 1800",
            "SET day v EX 7200",
            "SET week v EX 200000",
            "SET year v EX 31536000",
            "RPUSH l a b c",
            "HSET h f v",
            "SADD ints 1 2 3",
            "SADD words a b",
            "ZADD z 1 a",
            "XADD st 1-1 f v",
            "PFADD hll a b",
            "SELECT 5",
            "SET other v",
            "EXPIRE other 100",
            "SELECT 0",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Twelve keys bigger than everything above, of known order.
        // (Text LZF cannot shrink, so that their order is their length's.)
        let noise = |n: usize| -> String {
            (0..n as u64)
                .map(|i| char::from(b'a' + ((i.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 60) as u8)))
                .collect()
        };
        for i in 0..12 {
            lines.push(format!("SET big{i:02} {}", noise(100 + i * 10)));
        }
        lines.push(format!(
            "RPUSH biglist {}",
            (0..400).map(|i| format!("element-{i}")).collect::<Vec<_>>().join(" ")
        ));
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let bytes = rdb::save(&engine_with(&refs), NOW);
        let mut e = Exploration::open("dump.rdb", &bytes, 1, NOW + 60_000).expect("the file opens");
        let r = &e.report;
        assert_eq!(r.file_name, "dump.rdb");
        assert_eq!(r.file_size, bytes.len());
        assert_eq!(r.version, 10);
        assert_eq!(r.redis_ver.as_deref(), Some(keyspace_engine::REDIS_VERSION));
        assert_eq!(r.ctime, Some(NOW / 1000));
        assert!(r.used_mem.is_some_and(|m| m > 0));
        assert_eq!(r.aof_base, Some(false));
        assert!(r.checksum_verified);
        // "soon" (30 s) had passed a minute later: left out as a master leaves it out.
        assert_eq!(r.keys_loaded, 28 - 1);
        assert_eq!(
            r.databases,
            vec![
                DbCount {
                    db: 0,
                    keys: 26,
                    with_ttl: 4
                },
                DbCount {
                    db: 5,
                    keys: 1,
                    with_ttl: 1
                }
            ]
        );
        let counts: Vec<(&str, u64)> = r.types.iter().map(|t| (t.kind.name(), t.keys)).collect();
        assert_eq!(
            counts,
            vec![
                ("string", 20),
                ("list", 2),
                ("set", 2),
                ("hash", 1),
                ("stream", 1),
                ("zset", 1)
            ]
        );
        let strings = &r.types[0].encodings;
        // A small HLL loads as embstr, as Redis loads it (`createStringObject`).
        assert_eq!(strings, &vec![("raw", 12), ("embstr", 7), ("int", 1)]);
        let sets = &r.types.iter().find(|t| t.kind == Kind::Set).unwrap().encodings;
        // Redis 7.0 has no listpack sets: a small set of words is a hash table.
        assert_eq!(sets, &vec![("hashtable", 1), ("intset", 1)]);
        let buckets: Vec<u64> = r.expiry.iter().map(|(_, n)| *n).collect();
        // no TTL, past ("soon"), < 1 min ("other": 40 s left), < 1 h ("hour": 29 min),
        // < 1 day, < 1 week, later.
        assert_eq!(buckets, vec![22, 1, 1, 1, 1, 1, 1]);
        assert_eq!(r.biggest.len(), BIGGEST_KEPT);
        assert_eq!(r.biggest[0].key, b"biglist");
        assert_eq!(r.biggest[0].kind, Kind::List);
        assert_eq!(r.biggest[0].elements, 400);
        let names: Vec<String> = r.biggest[1..].iter().map(|b| printable(&b.key)).collect();
        assert_eq!(
            names,
            vec!["big11", "big10", "big09", "big08", "big07", "big06", "big05", "big04", "big03"]
        );
        // DUMP's length: what DUMP answers for the key, byte for byte.
        assert_eq!(r.biggest[1].elements, 210);
        assert!(r.functions_skipped.is_empty());
        // DUMP's length: what DUMP answers for each key, byte for byte.
        let biggest = r.biggest.clone();
        for big in biggest {
            let dump = e.playground.call_internal(vec![b"DUMP".to_vec(), big.key.clone()], NOW);
            let keyspace_engine::Reply::Bulk(payload) = dump else {
                panic!("{dump:?}")
            };
            assert_eq!(big.bytes, payload.len(), "{}", printable(&big.key));
        }
    }

    #[test]
    fn the_sandbox_is_a_playground_of_its_own_that_records_nothing() {
        let bytes = file_of(&["SET a 1", "RPUSH l x y", "SELECT 2", "SET b 2"]);
        let mut e = Exploration::open("mine.rdb", &bytes, 1, NOW).unwrap();
        let p = &mut e.playground;
        assert_eq!(
            p.sessions[0].lines.last().unwrap().text,
            "mine.rdb: 3 keys loaded, as a redis-server started with this file has them. Nothing typed here is saved."
        );
        assert_eq!(p.keys.len(), 2, "the inspector shows db 0's keys");
        assert_eq!(p.engine.key_counts()[2], 1);
        p.submit(0, "INCR a", NOW);
        assert_eq!(p.sessions[0].lines.last().unwrap().text, "(integer) 2");
        // Even with the AOF turned on by hand, writes are not recorded nor held.
        p.submit(0, "CONFIG SET appendonly yes", NOW);
        p.submit(0, "CONFIG SET appendfsync always", NOW);
        p.submit(0, "SET c 3", NOW);
        assert_eq!(p.sessions[0].lines.last().unwrap().text, "OK");
        assert_eq!(p.aof.pending_bytes(), 0, "nothing recorded");
        assert!(p.take_outbox().is_empty(), "nothing for other pages");
        assert_eq!(p.keys.len(), 3);
    }

    #[test]
    fn a_damaged_file_is_refused_in_redis_words() {
        let bytes = file_of(&["SET a 1", "SET b hello"]);
        let mut flipped = bytes.clone();
        let at = flipped.len() - 12;
        flipped[at] ^= 0x55;
        let Err(OpenError::Rdb(e)) = Exploration::open("dump.rdb", &flipped, 1, NOW) else {
            panic!("a damaged file opened")
        };
        assert!(!e.message.is_empty());
        let Err(OpenError::Rdb(e)) = Exploration::open("x", b"*2\r\n$3\r\nGET\r\n", 1, NOW) else {
            panic!("an AOF opened")
        };
        assert_eq!(e.message, "Wrong signature trying to load DB from file");
        let Err(OpenError::Rdb(e)) = Exploration::open("x", &bytes[..bytes.len() - 3], 1, NOW) else {
            panic!("a truncated file opened")
        };
        assert_eq!(e.message, "Unexpected EOF reading RDB file");
        let huge = vec![0u8; MAX_FILE_BYTES + 1];
        let refused = Exploration::open("huge.rdb", &huge, 1, NOW).err().unwrap();
        assert_eq!(
            refused,
            OpenError::TooLarge {
                size: MAX_FILE_BYTES + 1
            }
        );
        assert_eq!(
            refused.to_string(),
            "the file is 256.0 MB, over the 256.0 MB this page opens"
        );
    }

    #[test]
    fn binary_names_print_as_redis_cli_prints_them() {
        assert_eq!(printable(b"plain key"), "plain key");
        assert_eq!(printable(b"a\x00b"), "\"a\\x00b\"");
    }
}
