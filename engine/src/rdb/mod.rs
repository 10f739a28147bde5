//! Redis 7.0's RDB format (version 10), sans I/O: a whole file from the keyspace and
//! back (`save`, `load`), and one value as DUMP and RESTORE carry it (`dump_value`,
//! `restore_value`). Bytes in, bytes out; the time is a parameter.
//!
//! - `save` writes what `rdbSaveRio` writes: the magic `REDIS0010`, the AUX fields
//!   (redis-ver, redis-bits, ctime, used-mem, aof-base), then per non-empty database
//!   SELECTDB and RESIZEDB, each key with its expiry (and IDLE or FREQ under an LRU or
//!   LFU `maxmemory-policy`), EOF and the CRC-64 (0 with `rdbchecksum no`). Each value
//!   goes in the encoding Redis would choose for the engine's encoding (OBJECT
//!   ENCODING): listpacks, intsets and quicklist nodes in Redis's own bytes, strings
//!   as integers when they are and LZF-compressed as `rdbcompression` would. A hash
//!   table's order is the engine's (Redis's depends on its hash seed).
//! - `load` reads every type Redis 7.0 reads, older encodings included (ziplists,
//!   zipmaps, quicklists of ziplists, text scores, version 1 streams), into a fresh
//!   keyspace that replaces the engine's only when the whole file is good: a damaged or
//!   truncated file changes nothing, with Redis's wording for what is wrong. Keys
//!   already expired are dropped as a master drops them (kept for an AOF preamble);
//!   encodings are converted after loading as Redis converts them.
//! - Module values and module AUX data are refused as a Redis without the module
//!   refuses them; function libraries (FUNCTION2) are loaded with the data and saved
//!   before it; the 7.0 release candidates' FUNCTION form is skipped and named.
//! - Every structure is validated deeply (as `sanitize-dump-payload yes` would): a
//!   payload Redis's default shallow check lets through and would crash on later is
//!   refused here.

mod crc64;
mod decode;
mod encode;
mod file;
mod io;
mod legacy;
mod listpack;
mod lzf;
mod stream;

pub use crc64::crc64;
pub use file::{load, load_with, save, save_with, Loader};

use crate::engine::Engine;
use crate::value::Value;

/// `RDB_VERSION`.
pub const RDB_VERSION: u16 = 10;

/// How a file or payload is written; `SaveOptions::of(engine)` reads the engine's
/// configuration (`rdbcompression`, `rdbchecksum`, `list-max-listpack-size`,
/// `list-compress-depth`, `maxmemory-policy`, `lfu-decay-time`).
#[derive(Clone, Debug)]
pub struct SaveOptions {
    /// `rdbcompression`: strings over 20 bytes LZF-compressed when that saves bytes.
    pub compression: bool,
    /// `rdbchecksum`: the file ends with its CRC-64 (else 8 zero bytes).
    pub checksum: bool,
    /// `list-max-listpack-size`: where quicklist nodes end.
    pub list_fill: i64,
    /// `list-compress-depth`: nodes this far from both ends are kept plain, the
    /// others stored LZF-compressed as Redis keeps them.
    pub list_compress_depth: i64,
    /// The `aof-base` AUX field: 1 when the file is an AOF's RDB preamble.
    pub aof_base: bool,
    /// Write each key's idle time (an LRU policy) or access counter (an LFU policy).
    pub lru: bool,
    pub lfu: bool,
    /// `lfu-decay-time`, for the counter written.
    pub lfu_decay_time: i64,
}

impl SaveOptions {
    pub fn of(engine: &Engine) -> SaveOptions {
        let config = engine.config();
        let policy = config.maxmemory_policy();
        SaveOptions {
            compression: config.bool("rdbcompression"),
            checksum: config.bool("rdbchecksum"),
            list_fill: config.int("list-max-listpack-size"),
            list_compress_depth: config.int("list-compress-depth"),
            aof_base: false,
            lru: policy.ends_with("-lru"),
            lfu: policy.ends_with("-lfu"),
            lfu_decay_time: config.int("lfu-decay-time"),
        }
    }
}

/// How a file is read.
#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// The file is an AOF's preamble (`RDBFLAGS_AOF_PREAMBLE`): keys already expired
    /// are kept, since the commands after it were written against them.
    pub aof_preamble: bool,
}

/// What a load found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadReport {
    /// The file's RDB version (1..=10).
    pub version: u16,
    pub keys_loaded: u64,
    /// Keys whose time had passed, left out.
    pub keys_expired: u64,
    /// Empty collections a buggy old Redis could write, left out as Redis leaves them.
    pub empty_keys_skipped: u64,
    /// The AUX fields, in file order (redis-ver, ctime, used-mem, aof-base...).
    pub aux: Vec<(Vec<u8>, Vec<u8>)>,
    /// The function libraries in the file (their code, `#!lua name=...` first), loaded
    /// with the data.
    pub functions: Vec<Vec<u8>>,
    /// Function libraries not loaded: the 7.0 release candidates' form, or code that
    /// does not load here (their names).
    pub functions_skipped: Vec<String>,
    /// Whether the CRC-64 was checked (false: a file written with `rdbchecksum no`,
    /// a version before 5, or `rdbchecksum no` here).
    pub checksum_verified: bool,
    /// Bytes the RDB part took, CRC included: an AOF with an RDB preamble continues
    /// with commands from here.
    pub bytes_read: usize,
}

/// Why a file or payload was refused: Redis's own words for it (the reason
/// `rdbReportError` logs, or the message `rdbLoad` logs before giving up), and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RdbError {
    pub message: String,
    /// How far reading had got when the problem showed.
    pub offset: usize,
}

impl std::fmt::Display for RdbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (at byte {})", self.message, self.offset)
    }
}

impl std::error::Error for RdbError {}

/// DUMP's payload (`createDumpPayload`): the value's RDB type and serialization, the
/// RDB version (2 bytes, little-endian) and the CRC-64 of everything before it.
pub fn dump_value(value: &Value, options: &SaveOptions) -> Vec<u8> {
    let mut out = io::Out::new(options);
    out.value_with_type(value);
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(&RDB_VERSION.to_le_bytes());
    let crc = crc64(&bytes);
    bytes.extend_from_slice(&crc.to_le_bytes());
    bytes
}

/// RESTORE's checks and decoding: `verifyDumpPayload` (Err(None): "DUMP payload
/// version or checksum are wrong"), then the value (Err(Some(_)): "Bad data format",
/// with the reason Redis would log). Encodings follow the engine's configuration.
pub fn restore_value(engine: &mut Engine, payload: &[u8]) -> Result<Value, Option<RdbError>> {
    if !verify_dump_payload(payload) {
        return Err(None);
    }
    let limits = decode::Limits::of(engine.config());
    let mut ctx = decode::Ctx {
        rng: &mut engine.rng,
        limits,
    };
    ctx.value_with_type(payload).map_err(Some)
}

/// FUNCTION DUMP's payload (`functionDumpCommand`): each library as its RDB record
/// (FUNCTION2 and the code), then DUMP's footer (version and CRC-64).
pub fn dump_functions(codes: &[Vec<u8>], options: &SaveOptions) -> Vec<u8> {
    let mut out = io::Out::new(options);
    for code in codes {
        out.byte(245);
        out.string(code);
    }
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(&RDB_VERSION.to_le_bytes());
    let crc = crc64(&bytes);
    bytes.extend_from_slice(&crc.to_le_bytes());
    bytes
}

/// FUNCTION RESTORE's reading: the libraries' code, or None when the footer is wrong
/// or a record is not a library ("payload version or checksum are wrong").
pub fn restore_functions(payload: &[u8]) -> Option<Vec<Vec<u8>>> {
    if !verify_dump_payload(payload) {
        return None;
    }
    let body = &payload[..payload.len() - 10];
    let mut input = io::In::new(body);
    let mut codes = Vec::new();
    while input.pos < body.len() {
        if input.byte().ok()? != 245 {
            return None;
        }
        codes.push(input.string().ok()?);
    }
    Some(codes)
}

/// `verifyDumpPayload`: at least the footer, a version this Redis reads, the CRC.
pub fn verify_dump_payload(payload: &[u8]) -> bool {
    if payload.len() < 10 {
        return false;
    }
    let footer = &payload[payload.len() - 10..];
    let version = u16::from_le_bytes([footer[0], footer[1]]);
    if version > RDB_VERSION {
        return false;
    }
    let crc = crc64(&payload[..payload.len() - 8]);
    crc.to_le_bytes() == footer[2..]
}
