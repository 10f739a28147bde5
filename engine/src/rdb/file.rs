//! Whole files: `rdbSaveRio` and `rdbLoadRio`.

use super::decode::{is_object_type, Ctx, Limits};
use super::io::{Fail, In, Out, EOF};
use super::{crc64, LoadOptions, LoadReport, RdbError, SaveOptions, RDB_VERSION};
use crate::db::Db;
use crate::engine::{Engine, DB_COUNT};
use crate::object::{lfu_minutes, lru_clock, Object, LRU_CLOCK_MAX};

const OPCODE_FUNCTION2: u8 = 245;
const OPCODE_FUNCTION: u8 = 246;
const OPCODE_MODULE_AUX: u8 = 247;
const OPCODE_IDLE: u8 = 248;
const OPCODE_FREQ: u8 = 249;
const OPCODE_AUX: u8 = 250;
const OPCODE_RESIZEDB: u8 = 251;
const OPCODE_EXPIRETIME_MS: u8 = 252;
const OPCODE_EXPIRETIME: u8 = 253;
const OPCODE_SELECTDB: u8 = 254;
const OPCODE_EOF: u8 = 255;

/// The engine's keyspace as Redis 7.0.15's SAVE writes it, with the engine's
/// configuration (`SaveOptions::of`), at `now` (ms).
pub fn save(engine: &Engine, now: i64) -> Vec<u8> {
    save_with(engine, now, &SaveOptions::of(engine))
}

pub fn save_with(engine: &Engine, now: i64, options: &SaveOptions) -> Vec<u8> {
    let mut out = Out::new(options);
    out.buf.extend_from_slice(format!("REDIS{RDB_VERSION:04}").as_bytes());
    let used = engine.used_memory().to_string();
    let ctime = now.div_euclid(1000).to_string();
    let aof_base = if options.aof_base { "1" } else { "0" };
    for (key, value) in [
        ("redis-ver", crate::REDIS_VERSION),
        ("redis-bits", "64"),
        ("ctime", &ctime),
        ("used-mem", &used),
        ("aof-base", aof_base),
    ] {
        out.byte(OPCODE_AUX);
        out.string(key.as_bytes());
        out.string(value.as_bytes());
    }
    // Function libraries, before the data (rdbSaveFunctions).
    for code in engine.function_codes() {
        out.byte(OPCODE_FUNCTION2);
        out.string(&code);
    }
    let decay = options.lfu_decay_time;
    for (index, db) in engine.dbs.iter().enumerate() {
        if db.is_empty() {
            continue;
        }
        out.byte(OPCODE_SELECTDB);
        out.len(index as u64);
        out.byte(OPCODE_RESIZEDB);
        out.len(db.keys.len() as u64);
        out.len(db.expires.len() as u64);
        for (key, obj) in db.keys.iter() {
            if let Some(at) = db.expire_at(key) {
                out.byte(OPCODE_EXPIRETIME_MS);
                out.millis(at);
            }
            if options.lru {
                out.byte(OPCODE_IDLE);
                out.len((obj.idle_ms(now) / 1000) as u64);
            }
            if options.lfu {
                out.byte(OPCODE_FREQ);
                out.byte(obj.lfu_counter(now, decay) as u8);
            }
            out.byte(super::encode::value_type(&obj.value));
            out.string(key);
            out.value(&obj.value);
        }
    }
    out.byte(OPCODE_EOF);
    let checksum = options.checksum;
    let mut bytes = out.into_bytes();
    let crc = if checksum { crc64(&bytes) } else { 0 };
    bytes.extend_from_slice(&crc.to_le_bytes());
    bytes
}

/// Reads an RDB file into a fresh keyspace which replaces the engine's when the whole
/// file is good (all databases: a host loads at start-up, as Redis does). Keys whose
/// time has passed at `now` are left out.
pub fn load(engine: &mut Engine, bytes: &[u8], now: i64) -> Result<LoadReport, RdbError> {
    load_with(engine, bytes, now, &LoadOptions::default())
}

pub fn load_with(engine: &mut Engine, bytes: &[u8], now: i64, options: &LoadOptions) -> Result<LoadReport, RdbError> {
    Loader::new(engine, bytes, now, options)?.finish(engine)
}

/// A file read some keys at a time, for a host that must stay responsive (the
/// browser's page has one thread): `step` reads the next keys, the host yields in
/// between and may show `progress`; `finish` hands the keyspace to the engine. As with
/// `load`, nothing reaches the engine before the whole file has been read and checked.
pub struct Loader<'a> {
    input: In<'a>,
    dbs: Vec<Db>,
    limits: Limits,
    /// The engine's generator, cloned (skip-list levels), given back by `finish`.
    rng: crate::rng::Rng,
    report: LoadReport,
    /// The database SELECTDB last named.
    db: usize,
    now: i64,
    lfu: bool,
    verify: bool,
    options: LoadOptions,
    done: bool,
}

impl<'a> Loader<'a> {
    /// Reads the file's signature and version; the engine's configuration decides the
    /// encodings and the checksum check, as `load` reads them.
    pub fn new(engine: &Engine, bytes: &'a [u8], now: i64, options: &LoadOptions) -> Result<Loader<'a>, RdbError> {
        let mut input = In::new(bytes);
        let report = read_header(&mut input).map_err(|message| RdbError {
            message,
            offset: input.pos,
        })?;
        Ok(Loader {
            input,
            dbs: (0..DB_COUNT).map(|_| Db::default()).collect(),
            limits: Limits::of(engine.config()),
            rng: engine.rng.clone(),
            report,
            db: 0,
            now,
            lfu: engine.config().lfu_policy(),
            verify: engine.config().bool("rdbchecksum"),
            options: options.clone(),
            done: false,
        })
    }

    /// Reads up to `keys` more keys (with the opcodes before them); true once the file
    /// has been read to its end and its checksum checked.
    pub fn step(&mut self, keys: usize) -> Result<bool, RdbError> {
        if self.done {
            return Ok(true);
        }
        let mut ctx = Ctx {
            rng: &mut self.rng,
            limits: self.limits.clone(),
        };
        let Loader {
            input,
            dbs,
            report,
            db,
            now,
            lfu,
            verify,
            options,
            ..
        } = self;
        let read = read_entries(&mut ctx, input, dbs, db, report, *now, *lfu, options, keys).and_then(|end| {
            if end {
                read_trailer(input, report, *verify)?;
            }
            Ok(end)
        });
        self.done = read.map_err(|message| RdbError {
            message,
            offset: self.input.pos,
        })?;
        Ok(self.done)
    }

    /// Bytes read so far, and the file's size.
    pub fn progress(&self) -> (usize, usize) {
        (self.input.pos, self.input.buf.len())
    }

    /// Reads what is left, then replaces the engine's keyspace with the file's.
    pub fn finish(mut self, engine: &mut Engine) -> Result<LoadReport, RdbError> {
        self.step(usize::MAX)?;
        engine.dbs = self.dbs;
        engine.rng = self.rng;
        // The file's function libraries replace the engine's (a library that does not
        // load is named among the skipped).
        engine.replace_functions(&self.report.functions, &mut self.report.functions_skipped);
        engine.note_rdb_load(&self.report);
        Ok(self.report)
    }
}

/// C's `atoi` over the version digits.
fn atoi(text: &[u8]) -> i64 {
    let text = match text.iter().position(|b| !b.is_ascii_whitespace()) {
        Some(start) => &text[start..],
        None => return 0,
    };
    let (negative, digits) = match text.first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let mut v: i64 = 0;
    for &d in digits.iter().take_while(|d| d.is_ascii_digit()) {
        v = v * 10 + i64::from(d - b'0');
    }
    if negative {
        -v
    } else {
        v
    }
}

/// The signature and version (`REDIS0010`).
fn read_header(input: &mut In) -> Result<LoadReport, String> {
    let eof = |_| EOF.to_string();
    let magic = input.take(9).map_err(eof)?;
    if &magic[..5] != b"REDIS" {
        return Err("Wrong signature trying to load DB from file".into());
    }
    let version = atoi(&magic[5..]);
    if !(1..=i64::from(RDB_VERSION)).contains(&version) {
        return Err(format!("Can't handle RDB format version {version}"));
    }
    Ok(LoadReport {
        version: version as u16,
        ..LoadReport::default()
    })
}

/// Opcodes and keys up to `keys` keys read (true: the EOF opcode was reached).
#[allow(clippy::too_many_arguments)]
fn read_entries(
    ctx: &mut Ctx,
    input: &mut In,
    dbs: &mut [Db],
    db: &mut usize,
    report: &mut LoadReport,
    now: i64,
    lfu: bool,
    options: &LoadOptions,
    max_keys: usize,
) -> Result<bool, String> {
    let text = |f: Fail| match f {
        Fail::Bad(m) => m,
        Fail::Empty => EOF.to_string(),
    };
    let mut read = 0usize;
    let (mut expire, mut freq, mut idle): (Option<i64>, Option<u8>, Option<u64>) = (None, None, None);
    loop {
        let t = input.byte().map_err(text)?;
        match t {
            OPCODE_EXPIRETIME => {
                let s = input.take(4).map_err(text)?;
                expire = Some(i64::from(i32::from_le_bytes([s[0], s[1], s[2], s[3]])) * 1000);
                continue;
            }
            OPCODE_EXPIRETIME_MS => {
                expire = Some(input.millis().map_err(text)?);
                continue;
            }
            OPCODE_FREQ => {
                freq = Some(input.byte().map_err(text)?);
                continue;
            }
            OPCODE_IDLE => {
                idle = Some(input.len().map_err(text)?);
                continue;
            }
            OPCODE_EOF => return Ok(true),
            OPCODE_SELECTDB => {
                let id = input.len().map_err(text)?;
                if id >= dbs.len() as u64 {
                    return Err(format!(
                        "FATAL: Data file was created with a Redis server configured to handle more than {} databases. Exiting",
                        dbs.len()
                    ));
                }
                *db = id as usize;
                continue;
            }
            OPCODE_RESIZEDB => {
                // rdbLoadRio's dictExpand of both tables; never more than the rest of
                // the file could hold (a key takes at least three bytes), so a damaged
                // size cannot ask for memory the file does not justify.
                let most = (input.remaining() / 3) as u64;
                let keys = input.len().map_err(text)?.min(most) as usize;
                let expires = input.len().map_err(text)?.min(most) as usize;
                dbs[*db].keys.reserve(keys);
                dbs[*db].expires.reserve(expires);
                continue;
            }
            OPCODE_AUX => {
                let key = input.string().map_err(text)?;
                let value = input.string().map_err(text)?;
                report.aux.push((key, value));
                continue;
            }
            OPCODE_MODULE_AUX => {
                let id = input.len().map_err(text)?;
                let when_opcode = input.len().map_err(text)?;
                input.len().map_err(text)?;
                if when_opcode != 2 {
                    return Err("bad when_opcode".into());
                }
                return Err(format!(
                    "The RDB file contains AUX module data I can't load: no matching module '{}'",
                    super::decode::module_type_name(id)
                ));
            }
            OPCODE_FUNCTION2 => {
                let code = input
                    .string()
                    .map_err(|_| "Failed loading library, Failed loading library payload".to_string())?;
                report.functions.push(code);
                continue;
            }
            // The 7.0 release candidates' form: named, not loaded.
            OPCODE_FUNCTION => {
                let name = read_function(input, t).map_err(|m| format!("Failed loading library, {m}"))?;
                report.functions_skipped.push(name);
                continue;
            }
            _ => {}
        }
        let key = input.string().map_err(text)?;
        if !is_object_type(t) {
            return Err(format!("Unknown RDB encoding type {t}"));
        }
        let value = match ctx.value(input, t) {
            Ok(v) => Some(v),
            Err(Fail::Empty) => {
                report.empty_keys_skipped += 1;
                None
            }
            Err(Fail::Bad(m)) => return Err(m),
        };
        if let Some(value) = value {
            if !options.aof_preamble && expire.is_some_and(|at| at < now) {
                report.keys_expired += 1;
            } else {
                let mut obj = Object::new(value, now, lfu);
                set_lru_or_lfu(&mut obj, lfu, freq, idle, now);
                let target = &mut dbs[*db];
                if let Some(at) = expire {
                    target.set_expire(&key, at);
                }
                if let Err((key, _)) = target.keys.insert_new(key, obj) {
                    return Err(format!(
                        "RDB has duplicated key '{}' in DB {db}",
                        String::from_utf8_lossy(&key)
                    ));
                }
                report.keys_loaded += 1;
            }
        }
        expire = None;
        freq = None;
        idle = None;
        read += 1;
        if read >= max_keys {
            return Ok(false);
        }
    }
}

/// After EOF: the CRC-64 of everything before it (version 5 on), checked unless it is 0
/// or `rdbchecksum no`.
fn read_trailer(input: &mut In, report: &mut LoadReport, verify: bool) -> Result<(), String> {
    let text = |f: Fail| match f {
        Fail::Bad(m) => m,
        Fail::Empty => EOF.to_string(),
    };
    if report.version >= 5 {
        let stored = input.take(8).map_err(text)?;
        let stored = u64::from_le_bytes([
            stored[0], stored[1], stored[2], stored[3], stored[4], stored[5], stored[6], stored[7],
        ]);
        if verify && stored != 0 {
            let expected = crc64(&input.buf[..input.pos - 8]);
            if expected != stored {
                return Err("RDB CRC error".into());
            }
            report.checksum_verified = true;
        }
    }
    report.bytes_read = input.pos;
    Ok(())
}

/// `objectSetLRUOrLFU` with what the IDLE or FREQ opcode said.
fn set_lru_or_lfu(obj: &mut Object, lfu: bool, freq: Option<u8>, idle: Option<u64>, now: i64) {
    if lfu {
        if let Some(f) = freq {
            obj.lru = (lfu_minutes(now) << 8) | u32::from(f);
        }
    } else if let Some(idle) = idle.filter(|&i| i as i64 >= 0) {
        let mut abs = i64::from(lru_clock(now)).wrapping_sub(idle as i64);
        if abs < 0 {
            abs = abs.wrapping_add(i64::from(LRU_CLOCK_MAX));
        }
        obj.lru = (abs as u64 & u64::from(LRU_CLOCK_MAX)) as u32;
    }
}

/// `rdbFunctionLoad` without creating the library: its name, from the `#!engine
/// name=...` first line (the 7.0 release candidates' form names it directly).
fn read_function(input: &mut In, t: u8) -> Result<String, String> {
    let name_of = |code: &[u8]| -> String {
        let first = code.split(|&b| b == b'\n').next().unwrap_or_default();
        String::from_utf8_lossy(first)
            .split_whitespace()
            .find_map(|w| w.strip_prefix("name=").map(String::from))
            .unwrap_or_default()
    };
    if t == OPCODE_FUNCTION2 {
        let code = input
            .string()
            .map_err(|_| "Failed loading library payload".to_string())?;
        return Ok(name_of(&code));
    }
    let name = input.string().map_err(|_| "Failed loading library name".to_string())?;
    input.string().map_err(|_| "Failed loading engine name".to_string())?;
    let has_desc = input
        .len()
        .map_err(|_| "Failed loading library description indicator".to_string())?;
    if has_desc != 0 {
        input
            .string()
            .map_err(|_| "Failed loading library description".to_string())?;
    }
    input.string().map_err(|_| "Failed loading library blob".to_string())?;
    Ok(String::from_utf8_lossy(&name).into_owned())
}
