//! MEMORY USAGE, STATS, DOCTOR, MALLOC-STATS, PURGE and HELP (object.c's
//! `memoryCommand`), from the engine's figures: the key estimates of `crate::memory`,
//! used memory from the host's probe (or the keyspace estimate), the tracked peak, and
//! the keyspace's tables.

use crate::budget::{CostInput, Estimate};
use crate::engine::Engine;
use crate::exec::{CmdResult, Ctx};
use crate::memory::{DICT_ENTRY, ROBJ};
use crate::reply::Reply;

pub(super) fn help(_ctx: &mut Ctx) -> CmdResult {
    Ok(crate::commands::server::help_lines(
        "MEMORY",
        &[
            "DOCTOR",
            "    Return memory problems reports.",
            "MALLOC-STATS",
            "    Return internal statistics report from the memory allocator.",
            "PURGE",
            "    Attempt to purge dirty pages for reclamation by the allocator.",
            "STATS",
            "    Return information about the memory usage of the server.",
            "USAGE <key> [SAMPLES <count>]",
            "    Return memory in bytes used by <key> and its value. Nested values are",
            "    sampled up to <count> times (default: 5, 0 means sample all).",
        ],
    ))
}

/// The SAMPLES option (checked before the key is looked up, as Redis does).
fn samples_arg(argv: &[Vec<u8>]) -> Result<usize, Reply> {
    let mut samples = crate::memory::DEFAULT_SAMPLES;
    let mut j = 3;
    while j < argv.len() {
        if argv[j].eq_ignore_ascii_case(b"samples") && j + 1 < argv.len() {
            let n = crate::num::parse_i64(&argv[j + 1]).ok_or_else(|| Reply::err(crate::reply::NOT_INTEGER))?;
            if n < 0 {
                return Err(Reply::syntax_error());
            }
            samples = n as usize;
            j += 2;
        } else {
            return Err(Reply::syntax_error());
        }
    }
    Ok(samples)
}

/// MEMORY USAGE goes through the sampled elements (all of them with SAMPLES 0) and
/// rebuilds a list's quicklist.
pub(super) fn usage_cost(c: &CostInput) -> Option<Estimate> {
    let samples = samples_arg(c.argv).ok()?;
    let size = c.size(2);
    let list = c
        .argv
        .get(2)
        .and_then(|k| c.db.keys.get(k))
        .is_some_and(|o| o.value.kind() == crate::value::Kind::List);
    let count = if list || samples == 0 {
        size.min(100_000)
    } else {
        size.min(samples as u64)
    };
    Estimate::new(count, 1000, "elements")
}

pub(super) fn usage(ctx: &mut Ctx) -> CmdResult {
    let samples = samples_arg(ctx.argv)?;
    let key = ctx.arg(2);
    // `dictFind` on the keyspace: no expiry check, no access time.
    let fill = ctx.eng.config.int("list-max-listpack-size");
    match ctx.db_ref().keys.get(key) {
        Some(obj) => {
            let limits = crate::commands::stream::node_limits(ctx);
            Ok(Reply::Int(crate::memory::usage(key, obj, samples, fill, limits) as i64))
        }
        None => Ok(Reply::Null),
    }
}

/// Redis's `redisMemOverhead`, from the engine's figures.
struct Overhead {
    peak: u64,
    total: u64,
    startup: u64,
    functions: u64,
    dbs: Vec<(usize, u64, u64)>,
    overhead_total: u64,
    keys: u64,
    bytes_per_key: u64,
    dataset: u64,
    dataset_perc: f32,
    peak_perc: f32,
}

/// What an empty function library costs Redis (MEMORY STATS `functions.caches`).
const FUNCTIONS_CACHES: u64 = 200;

fn overhead(eng: &mut Engine) -> Overhead {
    let total = eng.used_memory();
    eng.note_memory_peak(total);
    let startup = eng.startup_memory().min(total);
    let mut overhead_total = startup + FUNCTIONS_CACHES;
    let mut dbs = Vec::new();
    let mut keys = 0;
    for (i, db) in eng.dbs.iter().enumerate() {
        if db.is_empty() {
            continue;
        }
        let n = db.len() as u64;
        keys += n;
        let main = n * DICT_ENTRY as u64 + db.keys.table_size() as u64 * 8 + n * ROBJ as u64;
        let expires = db.expires.len() as u64 * DICT_ENTRY as u64
            + if db.expires.is_empty() {
                0
            } else {
                db.expires.table_size() as u64 * 8
            };
        overhead_total += main + expires;
        dbs.push((i, main, expires));
    }
    let net = if total > startup { total - startup } else { 1 };
    let dataset = total.saturating_sub(overhead_total);
    Overhead {
        peak: eng.intro.peak_memory,
        total,
        startup,
        functions: FUNCTIONS_CACHES,
        dbs,
        overhead_total,
        keys,
        bytes_per_key: net.checked_div(keys).unwrap_or(0),
        dataset,
        dataset_perc: dataset as f32 * 100.0 / net as f32,
        peak_perc: total as f32 * 100.0 / eng.intro.peak_memory.max(1) as f32,
    }
}

/// A float field as `addReplyDouble` prints a C float.
fn float(value: f32) -> Reply {
    Reply::double(f64::from(value))
}

pub(super) fn stats(ctx: &mut Ctx) -> CmdResult {
    let mh = overhead(ctx.eng);
    let int = |n: u64| Reply::Int(n as i64);
    let field = |name: &str, value: Reply| (Reply::bulk(name), value);
    let mut fields = vec![
        field("peak.allocated", int(mh.peak)),
        field("total.allocated", int(mh.total)),
        field("startup.allocated", int(mh.startup)),
        field("replication.backlog", int(0)),
        field("clients.slaves", int(0)),
        field("clients.normal", int(0)),
        field("cluster.links", int(0)),
        field("aof.buffer", int(0)),
        field("lua.caches", int(0)),
        field("functions.caches", int(mh.functions)),
    ];
    for (db, main, expires) in &mh.dbs {
        fields.push(field(
            &format!("db.{db}"),
            Reply::Map(vec![
                field("overhead.hashtable.main", int(*main)),
                field("overhead.hashtable.expires", int(*expires)),
                field("overhead.hashtable.slot-to-keys", int(0)),
            ]),
        ));
    }
    // The engine has no allocator statistics or resident set of its own: the allocator
    // and the process hold what is used, so every ratio is 1 and every excess 0.
    fields.extend([
        field("overhead.total", int(mh.overhead_total)),
        field("keys.count", int(mh.keys)),
        field("keys.bytes-per-key", int(mh.bytes_per_key)),
        field("dataset.bytes", int(mh.dataset)),
        field("dataset.percentage", float(mh.dataset_perc)),
        field("peak.percentage", float(mh.peak_perc)),
        field("allocator.allocated", int(mh.total)),
        field("allocator.active", int(mh.total)),
        field("allocator.resident", int(mh.total)),
        field("allocator-fragmentation.ratio", float(1.0)),
        field("allocator-fragmentation.bytes", int(0)),
        field("allocator-rss.ratio", float(1.0)),
        field("allocator-rss.bytes", int(0)),
        field("rss-overhead.ratio", float(1.0)),
        field("rss-overhead.bytes", int(0)),
        field("fragmentation", float(1.0)),
        field("fragmentation.bytes", int(0)),
    ]);
    Ok(Reply::Map(fields))
}

/// `getMemoryDoctorReport`, with the checks the engine has figures for: an (almost)
/// empty instance, and a peak far above the memory in use. Fragmentation, RSS,
/// client and replica buffers and cached scripts never raise a report here.
pub(super) fn doctor(ctx: &mut Ctx) -> CmdResult {
    let mh = overhead(ctx.eng);
    let text = if mh.total < 5 * 1024 * 1024 {
        "Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used in these conditions. Please, leave for your mission on Earth and fill it with some data. The new Sam and I will be back to our programming as soon as I finished rebooting.\n".to_string()
    } else if mh.peak as f32 / mh.total as f32 > 1.5 {
        "Sam, I detected a few issues in this Redis instance memory implants:\n\n * Peak memory: In the past this instance used more than 150% the memory that is currently using. The allocator is normally not able to release memory after a peak, so you can expect to see a big fragmentation ratio, however this is actually harmless and is only due to the memory peak, and if the Redis instance Resident Set Size (RSS) is currently bigger than expected, the memory will be used as soon as you fill the Redis instance with more data. If the memory peak was only occasional and you want to try to reclaim memory, please try the MEMORY PURGE command, otherwise the only other option is to shutdown and restart the instance.\n\nI'm here to keep you safe, Sam. I want to help you.\n".to_string()
    } else {
        "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base.\n"
            .to_string()
    };
    Ok(Reply::Verbatim("txt", text.into_bytes()))
}

/// The engine's allocator is not jemalloc: Redis's answer for such a build.
pub(super) fn malloc_stats(_ctx: &mut Ctx) -> CmdResult {
    Ok(Reply::bulk("Stats not supported for the current allocator"))
}

/// Nothing to purge (Redis without jemalloc answers OK as well).
pub(super) fn purge(_ctx: &mut Ctx) -> CmdResult {
    Ok(Reply::ok())
}
