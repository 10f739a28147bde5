//! Sorted sets (Redis's t_zset.c): a member→score table plus the skiplist index,
//! so ranks and ranges are O(log n) (ZRANK on a million members is not a scan).

use crate::budget::{CostInput, Estimate};
use crate::commands::generic::{parse_scan, scan_dict};
use crate::dict::Dict;
use crate::exec::{CmdResult, Ctx};
use crate::notify;
use crate::num::{fmt_double, int_bytes, parse_f64, parse_i64};
use crate::reply::Reply;
use crate::table::flags::*;
use crate::table::{CommandSpec, KeyPos, NO_KEYS};
use crate::types::skiplist::{LexBound, LexRange, ScoreRange};
use crate::types::zset::ZSet;
use crate::value::{Kind, Value};

#[rustfmt::skip]
pub static COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        name: "zadd", arity: -4, flags: WRITE | DENYOOM | FAST, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        group: "sorted_set", since: "1.2.0", handler: zadd,
        summary: "Adds one or more members to a sorted set, or updates their scores. Creates the key if it doesn't exist.",
        syntax: "key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zincrby", arity: 4, flags: WRITE | DENYOOM | FAST, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        group: "sorted_set", since: "1.2.0", handler: zincrby,
        summary: "Increments the score of a member in a sorted set.",
        syntax: "key increment member",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zscore", arity: 3, flags: READONLY | FAST, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        group: "sorted_set", since: "1.2.0", handler: zscore,
        summary: "Returns the score of a member in a sorted set.",
        syntax: "key member",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zmscore", arity: -3, flags: READONLY | FAST, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        group: "sorted_set", since: "6.2.0", handler: zmscore,
        summary: "Returns the score of one or more members in a sorted set.",
        syntax: "key member [member ...]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zcard", arity: 2, flags: READONLY | FAST, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        group: "sorted_set", since: "1.2.0", handler: zcard,
        summary: "Returns the number of members in a sorted set.",
        syntax: "key",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zcount", arity: 4, flags: READONLY | FAST, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        group: "sorted_set", since: "2.0.0", handler: zcount,
        summary: "Returns the count of members in a sorted set that have scores within a range.",
        syntax: "key min max",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zlexcount", arity: 4, flags: READONLY | FAST, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        group: "sorted_set", since: "2.8.9", handler: zlexcount,
        summary: "Returns the number of members in a sorted set within a lexicographical range.",
        syntax: "key min max",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zrank", arity: 3, flags: READONLY | FAST, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        group: "sorted_set", since: "2.0.0", handler: zrank,
        summary: "Returns the index of a member in a sorted set ordered by ascending scores.",
        syntax: "key member",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zrevrank", arity: 3, flags: READONLY | FAST, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        group: "sorted_set", since: "2.0.0", handler: zrevrank,
        summary: "Returns the index of a member in a sorted set ordered by descending scores.",
        syntax: "key member",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zrange", arity: -4, flags: READONLY, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        group: "sorted_set", since: "1.2.0", handler: zrange,
        summary: "Returns members in a sorted set within a range of indexes.",
        syntax: "key start stop [BYSCORE|BYLEX] [REV] [LIMIT offset count] [WITHSCORES]",
        cost: Some(crate::commands::rank_range_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zrangestore", arity: -5, flags: WRITE | DENYOOM, acl: "@sortedset", keys: KeyPos::range(1, 2, 1),
        group: "sorted_set", since: "6.2.0", handler: zrangestore,
        summary: "Stores a range of members from sorted set in a key.",
        syntax: "dst src min max [BYSCORE|BYLEX] [REV] [LIMIT offset count]",
        cost: Some(crate::commands::copy_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zrevrange", arity: -4, flags: READONLY, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        group: "sorted_set", since: "1.2.0", handler: zrevrange,
        summary: "Returns members in a sorted set within a range of indexes in reverse order.",
        syntax: "key start stop [WITHSCORES]",
        cost: Some(crate::commands::rank_range_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zrangebyscore", arity: -4, flags: READONLY, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        group: "sorted_set", since: "1.0.5", handler: zrangebyscore,
        summary: "Returns members in a sorted set within a range of scores.",
        syntax: "key min max [WITHSCORES] [LIMIT offset count]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zrevrangebyscore", arity: -4, flags: READONLY, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        group: "sorted_set", since: "2.2.0", handler: zrevrangebyscore,
        summary: "Returns members in a sorted set within a range of scores in reverse order.",
        syntax: "key max min [WITHSCORES] [LIMIT offset count]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zrangebylex", arity: -4, flags: READONLY, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        group: "sorted_set", since: "2.8.9", handler: zrangebylex,
        summary: "Returns members in a sorted set within a lexicographical range.",
        syntax: "key min max [LIMIT offset count]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zrevrangebylex", arity: -4, flags: READONLY, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        group: "sorted_set", since: "2.8.9", handler: zrevrangebylex,
        summary: "Returns members in a sorted set within a lexicographical range in reverse order.",
        syntax: "key max min [LIMIT offset count]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zrem", arity: -3, flags: WRITE | FAST, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        group: "sorted_set", since: "1.2.0", handler: zrem,
        summary: "Removes one or more members from a sorted set. Deletes the sorted set if all members were removed.",
        syntax: "key member [member ...]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zremrangebyrank", arity: 4, flags: WRITE, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        group: "sorted_set", since: "2.0.0", handler: zremrangebyrank,
        summary: "Removes members in a sorted set within a range of indexes. Deletes the sorted set if all members were removed.",
        syntax: "key start stop",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zremrangebyscore", arity: 4, flags: WRITE, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        group: "sorted_set", since: "1.2.0", handler: zremrangebyscore,
        summary: "Removes members in a sorted set within a range of scores. Deletes the sorted set if all members were removed.",
        syntax: "key min max",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zremrangebylex", arity: 4, flags: WRITE, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        group: "sorted_set", since: "2.8.9", handler: zremrangebylex,
        summary: "Removes members in a sorted set within a lexicographical range. Deletes the sorted set if all members were removed.",
        syntax: "key min max",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zpopmin", arity: -2, flags: WRITE | FAST, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        group: "sorted_set", since: "5.0.0", handler: zpopmin,
        summary: "Returns the lowest-scoring members from a sorted set after removing them. Deletes the sorted set if the last member was popped.",
        syntax: "key [count]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zpopmax", arity: -2, flags: WRITE | FAST, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        group: "sorted_set", since: "5.0.0", handler: zpopmax,
        summary: "Returns the highest-scoring members from a sorted set after removing them. Deletes the sorted set if the last member was popped.",
        syntax: "key [count]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "bzpopmin", arity: -3, flags: WRITE | NOSCRIPT | FAST | BLOCKING, acl: "@sortedset", keys: KeyPos::range(1, -2, 1),
        group: "sorted_set", since: "5.0.0", handler: bzpopmin,
        summary: "Removes and returns the member with the lowest score from one or more sorted sets. Blocks until a member is available otherwise. Deletes the sorted set if the last element was popped.",
        syntax: "key [key ...] timeout",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "bzpopmax", arity: -3, flags: WRITE | NOSCRIPT | FAST | BLOCKING, acl: "@sortedset", keys: KeyPos::range(1, -2, 1),
        group: "sorted_set", since: "5.0.0", handler: bzpopmax,
        summary: "Removes and returns the member with the highest score from one or more sorted sets. Blocks until a member available otherwise.  Deletes the sorted set if the last element was popped.",
        syntax: "key [key ...] timeout",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zmpop", arity: -4, flags: WRITE | MOVABLEKEYS, acl: "@sortedset", keys: NO_KEYS,
        group: "sorted_set", since: "7.0.0", handler: zmpop,
        summary: "Returns the highest- or lowest-scoring members from one or more sorted sets after removing them. Deletes the sorted set if the last member was popped.",
        syntax: "numkeys key [key ...] MIN|MAX [COUNT count]",
        getkeys: Some(crate::commands::numkeys_first),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "bzmpop", arity: -5, flags: WRITE | BLOCKING | MOVABLEKEYS, acl: "@sortedset", keys: NO_KEYS,
        group: "sorted_set", since: "7.0.0", handler: bzmpop,
        summary: "Removes and returns a member by score from one or more sorted sets. Blocks until a member is available otherwise. Deletes the sorted set if the last element was popped.",
        syntax: "timeout numkeys key [key ...] MIN|MAX [COUNT count]",
        getkeys: Some(crate::commands::numkeys_second),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zrandmember", arity: -2, flags: READONLY, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        group: "sorted_set", since: "6.2.0", handler: zrandmember,
        summary: "Returns one or more random members from a sorted set.",
        syntax: "key [count [WITHSCORES]]",
        cost: Some(crate::commands::random_count_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zunion", arity: -3, flags: READONLY | MOVABLEKEYS, acl: "@sortedset", keys: NO_KEYS,
        group: "sorted_set", since: "6.2.0", handler: zunion,
        summary: "Returns the union of multiple sorted sets.",
        syntax: "numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]",
        getkeys: Some(crate::commands::numkeys_first), cost: Some(algebra_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zunionstore", arity: -4, flags: WRITE | DENYOOM | MOVABLEKEYS, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        group: "sorted_set", since: "2.0.0", handler: zunionstore,
        summary: "Stores the union of multiple sorted sets in a key.",
        syntax: "destination numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM|MIN|MAX]",
        getkeys: Some(crate::commands::destination_then_numkeys), cost: Some(algebra_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zinter", arity: -3, flags: READONLY | MOVABLEKEYS, acl: "@sortedset", keys: NO_KEYS,
        group: "sorted_set", since: "6.2.0", handler: zinter,
        summary: "Returns the intersect of multiple sorted sets.",
        syntax: "numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]",
        getkeys: Some(crate::commands::numkeys_first), cost: Some(algebra_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zinterstore", arity: -4, flags: WRITE | DENYOOM | MOVABLEKEYS, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        group: "sorted_set", since: "2.0.0", handler: zinterstore,
        summary: "Stores the intersect of multiple sorted sets in a key.",
        syntax: "destination numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM|MIN|MAX]",
        getkeys: Some(crate::commands::destination_then_numkeys), cost: Some(algebra_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zintercard", arity: -3, flags: READONLY | MOVABLEKEYS, acl: "@sortedset", keys: NO_KEYS,
        group: "sorted_set", since: "7.0.0", handler: zintercard,
        summary: "Returns the number of members of the intersect of multiple sorted sets.",
        syntax: "numkeys key [key ...] [LIMIT limit]",
        getkeys: Some(crate::commands::numkeys_first), cost: Some(algebra_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zdiff", arity: -3, flags: READONLY | MOVABLEKEYS, acl: "@sortedset", keys: NO_KEYS,
        group: "sorted_set", since: "6.2.0", handler: zdiff,
        summary: "Returns the difference between multiple sorted sets.",
        syntax: "numkeys key [key ...] [WITHSCORES]",
        getkeys: Some(crate::commands::numkeys_first), cost: Some(algebra_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zdiffstore", arity: -4, flags: WRITE | DENYOOM | MOVABLEKEYS, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        group: "sorted_set", since: "6.2.0", handler: zdiffstore,
        summary: "Stores the difference of multiple sorted sets in a key.",
        syntax: "destination numkeys key [key ...]",
        getkeys: Some(crate::commands::destination_then_numkeys), cost: Some(algebra_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zscan", arity: -3, flags: READONLY, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        group: "sorted_set", since: "2.8.0", handler: zscan,
        summary: "Iterates over members and scores of a sorted set.",
        syntax: "key cursor [MATCH pattern] [COUNT count]",
        cost: Some(crate::commands::scan_members_cost),
        ..CommandSpec::DEFAULT
    },
];

fn zset_ref<'c>(ctx: &'c mut Ctx, key: &[u8]) -> Result<Option<&'c ZSet>, Reply> {
    match ctx.read_kind(key, Kind::ZSet)? {
        Some(Value::ZSet(z)) => Ok(Some(z)),
        _ => Ok(None),
    }
}

fn zset_mut<'c>(ctx: &'c mut Ctx, key: &[u8]) -> Result<Option<&'c mut ZSet>, Reply> {
    match ctx.write_kind(key, Kind::ZSet)? {
        Some(Value::ZSet(z)) => Ok(Some(z)),
        _ => Ok(None),
    }
}

fn limits(ctx: &Ctx) -> (usize, usize) {
    (
        ctx.eng.config.zset_max_listpack_entries(),
        ctx.eng.config.zset_max_listpack_value(),
    )
}

/// Members with scores as a reply: flat in RESP2, [member, score] pairs in RESP3.
fn with_scores_reply(ctx: &Ctx, entries: Vec<(Vec<u8>, f64)>, with_scores: bool) -> Reply {
    let resp3 = ctx.resp() >= 3;
    let mut out = Vec::with_capacity(entries.len() * if with_scores { 2 } else { 1 });
    for (m, s) in entries {
        match (with_scores, resp3) {
            (true, true) => out.push(Reply::Array(vec![Reply::Bulk(m), Reply::double(s)])),
            (true, false) => {
                out.push(Reply::Bulk(m));
                out.push(Reply::double(s));
            }
            _ => out.push(Reply::Bulk(m)),
        }
    }
    Reply::Array(out)
}

#[derive(Default)]
struct AddFlags {
    nx: bool,
    xx: bool,
    gt: bool,
    lt: bool,
    ch: bool,
    incr: bool,
}

/// `zaddGenericCommand`.
fn zadd_generic(ctx: &mut Ctx, mut f: AddFlags) -> CmdResult {
    let key = ctx.arg(1);
    let mut at = 2;
    while at < ctx.argc() {
        if ctx.is(at, "nx") {
            f.nx = true;
        } else if ctx.is(at, "xx") {
            f.xx = true;
        } else if ctx.is(at, "ch") {
            f.ch = true;
        } else if ctx.is(at, "incr") {
            f.incr = true;
        } else if ctx.is(at, "gt") {
            f.gt = true;
        } else if ctx.is(at, "lt") {
            f.lt = true;
        } else {
            break;
        }
        at += 1;
    }
    let rest = ctx.argc() - at;
    if rest % 2 == 1 || rest == 0 {
        return Err(Reply::syntax_error());
    }
    let pairs = rest / 2;
    if f.nx && f.xx {
        return Err(Reply::err("ERR XX and NX options at the same time are not compatible"));
    }
    if (f.gt && f.nx) || (f.lt && f.nx) || (f.gt && f.lt) {
        return Err(Reply::err(
            "ERR GT, LT, and/or NX options at the same time are not compatible",
        ));
    }
    if f.incr && pairs > 1 {
        return Err(Reply::err("ERR INCR option supports a single increment-element pair"));
    }
    let mut scores = Vec::with_capacity(pairs);
    for j in 0..pairs {
        scores.push(ctx.float_arg(at + j * 2)?);
    }
    let (max_entries, max_value) = limits(ctx);
    let exists = zset_mut(ctx, key)?.is_some();
    let (mut added, mut updated, mut processed) = (0, 0, 0);
    let mut last_score = 0.0;
    let mut failure = None;
    if exists || !f.xx {
        if !exists {
            let first_len = ctx.arg(at + 1).len();
            ctx.add_key(
                key,
                Value::ZSet(ZSet::new(pairs <= max_entries && first_len <= max_value)),
            );
        }
        for (j, &score) in scores.iter().enumerate() {
            let member = ctx.arg(at + 1 + j * 2);
            let eng = &mut *ctx.eng;
            let Some(Value::ZSet(z)) = eng.dbs[ctx.db].keys.get_mut(key).map(|o| &mut o.value) else {
                break;
            };
            match z.score(member) {
                Some(current) => {
                    if f.nx {
                        continue;
                    }
                    let mut new = score;
                    if f.incr {
                        new += current;
                        if new.is_nan() {
                            failure = Some(Reply::err("ERR resulting score is not a number (NaN)"));
                            break;
                        }
                    }
                    if (f.lt && new >= current) || (f.gt && new <= current) {
                        continue;
                    }
                    processed += 1;
                    last_score = new;
                    if new != current {
                        z.set(member, new, &mut eng.rng);
                        updated += 1;
                    }
                }
                None => {
                    if f.xx {
                        continue;
                    }
                    z.set(member, score, &mut eng.rng);
                    z.check_limits(max_entries, max_value, member.len());
                    added += 1;
                    processed += 1;
                    last_score = score;
                }
            }
        }
        ctx.dirty(added + updated);
    }
    if added + updated > 0 {
        ctx.modified(key);
        ctx.notify(notify::ZSET, if f.incr { "zincr" } else { "zadd" }, key);
    }
    if let Some(e) = failure {
        return Err(e);
    }
    Ok(if f.incr {
        if processed > 0 {
            Reply::double(last_score)
        } else {
            Reply::Null
        }
    } else {
        Reply::Int(if f.ch { added + updated } else { added } as i64)
    })
}

fn zadd(ctx: &mut Ctx) -> CmdResult {
    zadd_generic(ctx, AddFlags::default())
}

fn zincrby(ctx: &mut Ctx) -> CmdResult {
    zadd_generic(
        ctx,
        AddFlags {
            incr: true,
            ..Default::default()
        },
    )
}

fn zscore(ctx: &mut Ctx) -> CmdResult {
    let member = ctx.arg(2);
    Ok(zset_ref(ctx, ctx.arg(1))?
        .and_then(|z| z.score(member))
        .map_or(Reply::Null, Reply::double))
}

fn zmscore(ctx: &mut Ctx) -> CmdResult {
    let members = &ctx.argv[2..];
    let z = zset_ref(ctx, ctx.arg(1))?;
    Ok(Reply::Array(
        members
            .iter()
            .map(|m| z.and_then(|z| z.score(m)).map_or(Reply::Null, Reply::double))
            .collect(),
    ))
}

fn zcard(ctx: &mut Ctx) -> CmdResult {
    Ok(Reply::Int(zset_ref(ctx, ctx.arg(1))?.map_or(0, |z| z.len() as i64)))
}

/// `strtod` over the whole text: leading blanks skipped, nothing after the number.
fn strtod_full(text: &[u8]) -> Option<f64> {
    if text.is_empty() {
        return Some(0.0);
    }
    let start = text.iter().position(|b| !b.is_ascii_whitespace())?;
    let v = crate::num::parse_float_loose(&text[start..])?;
    Some(v)
}

/// `zslParseRange`: `(` excludes; the value is strtod'd; NaN refused.
fn parse_score_range(min: &[u8], max: &[u8]) -> Result<ScoreRange, Reply> {
    let bound = |t: &[u8]| -> Option<(f64, bool)> {
        match t.first() {
            Some(b'(') => strtod_full(&t[1..]).map(|v| (v, true)),
            _ => strtod_full(t).map(|v| (v, false)),
        }
    };
    match (bound(min), bound(max)) {
        (Some((lo, lo_ex)), Some((hi, hi_ex))) => Ok(ScoreRange {
            min: lo,
            max: hi,
            min_ex: lo_ex,
            max_ex: hi_ex,
        }),
        _ => Err(Reply::err("ERR min or max is not a float")),
    }
}

fn parse_lex_bound(t: &[u8]) -> Option<LexBound> {
    match t.first() {
        Some(b'+') if t.len() == 1 => Some(LexBound::PosInf),
        Some(b'-') if t.len() == 1 => Some(LexBound::NegInf),
        Some(b'(') => Some(LexBound::Exclusive(t[1..].to_vec())),
        Some(b'[') => Some(LexBound::Inclusive(t[1..].to_vec())),
        _ => None,
    }
}

fn parse_lex_range(min: &[u8], max: &[u8]) -> Result<LexRange, Reply> {
    match (parse_lex_bound(min), parse_lex_bound(max)) {
        (Some(min), Some(max)) => Ok(LexRange { min, max }),
        _ => Err(Reply::err("ERR min or max not valid string range item")),
    }
}

fn zcount(ctx: &mut Ctx) -> CmdResult {
    let range = parse_score_range(ctx.arg(2), ctx.arg(3))?;
    Ok(Reply::Int(
        zset_ref(ctx, ctx.arg(1))?.map_or(0, |z| z.index.count_in_score(&range) as i64),
    ))
}

fn zlexcount(ctx: &mut Ctx) -> CmdResult {
    let range = parse_lex_range(ctx.arg(2), ctx.arg(3))?;
    Ok(Reply::Int(
        zset_ref(ctx, ctx.arg(1))?.map_or(0, |z| z.index.count_in_lex(&range) as i64),
    ))
}

fn rank_generic(ctx: &mut Ctx, reverse: bool) -> CmdResult {
    let member = ctx.arg(2);
    Ok(zset_ref(ctx, ctx.arg(1))?
        .and_then(|z| z.rank(member, reverse))
        .map_or(Reply::Null, |r| Reply::Int(r as i64)))
}

fn zrank(ctx: &mut Ctx) -> CmdResult {
    rank_generic(ctx, false)
}

fn zrevrank(ctx: &mut Ctx) -> CmdResult {
    rank_generic(ctx, true)
}

#[derive(Clone, Copy, PartialEq)]
enum RangeKind {
    Auto,
    Rank,
    Score,
    Lex,
}

/// `zrangeGenericCommand`: parses from `at` (the source key), returns the entries and
/// whether scores were asked for.
fn zrange_generic(
    ctx: &mut Ctx,
    at: usize,
    store: bool,
    mut kind: RangeKind,
    mut reverse: Option<bool>,
) -> Result<(Vec<(Vec<u8>, f64)>, bool), Reply> {
    let key = ctx.arg(at);
    let (mut min_at, mut max_at) = (at + 1, at + 2);
    let mut with_scores = false;
    let (mut offset, mut limit) = (0i64, -1i64);
    let mut j = at + 3;
    while j < ctx.argc() {
        let left = ctx.argc() - j - 1;
        if !store && ctx.is(j, "withscores") {
            with_scores = true;
        } else if ctx.is(j, "limit") && left >= 2 {
            offset = ctx.int_arg(j + 1)?;
            limit = ctx.int_arg(j + 2)?;
            j += 2;
        } else if reverse.is_none() && ctx.is(j, "rev") {
            reverse = Some(true);
        } else if kind == RangeKind::Auto && ctx.is(j, "bylex") {
            kind = RangeKind::Lex;
        } else if kind == RangeKind::Auto && ctx.is(j, "byscore") {
            kind = RangeKind::Score;
        } else {
            return Err(Reply::syntax_error());
        }
        j += 1;
    }
    let reverse = reverse.unwrap_or(false);
    if kind == RangeKind::Auto {
        kind = RangeKind::Rank;
    }
    if limit != -1 && kind == RangeKind::Rank {
        return Err(Reply::err(
            "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX",
        ));
    }
    if with_scores && kind == RangeKind::Lex {
        return Err(Reply::err(
            "ERR syntax error, WITHSCORES not supported in combination with BYLEX",
        ));
    }
    if reverse && kind != RangeKind::Rank {
        std::mem::swap(&mut min_at, &mut max_at);
    }
    enum Parsed {
        Rank(i64, i64),
        Score(ScoreRange),
        Lex(LexRange),
    }
    let parsed = match kind {
        RangeKind::Score => Parsed::Score(parse_score_range(ctx.arg(min_at), ctx.arg(max_at))?),
        RangeKind::Lex => Parsed::Lex(parse_lex_range(ctx.arg(min_at), ctx.arg(max_at))?),
        _ => Parsed::Rank(ctx.int_arg(min_at)?, ctx.int_arg(max_at)?),
    };
    let Some(z) = zset_ref(ctx, key)? else {
        return Ok((Vec::new(), with_scores));
    };
    let entries = match parsed {
        Parsed::Rank(start, end) => {
            let len = z.len() as i64;
            let mut start = if start < 0 { len + start } else { start };
            let mut end = if end < 0 { len + end } else { end };
            if start < 0 {
                start = 0;
            }
            if start > end || start >= len {
                Vec::new()
            } else {
                if end >= len {
                    end = len - 1;
                }
                z.index.range_by_rank(start as usize, end as usize, reverse)
            }
        }
        Parsed::Score(r) => z.index.range_by_score(&r, reverse, offset, limit),
        Parsed::Lex(r) => z.index.range_by_lex(&r, reverse, offset, limit),
    };
    Ok((entries, with_scores))
}

fn range_reply(ctx: &mut Ctx, kind: RangeKind, reverse: Option<bool>) -> CmdResult {
    let (entries, with_scores) = zrange_generic(ctx, 1, false, kind, reverse)?;
    Ok(with_scores_reply(ctx, entries, with_scores))
}

fn zrange(ctx: &mut Ctx) -> CmdResult {
    range_reply(ctx, RangeKind::Auto, None)
}

fn zrevrange(ctx: &mut Ctx) -> CmdResult {
    range_reply(ctx, RangeKind::Rank, Some(true))
}

fn zrangebyscore(ctx: &mut Ctx) -> CmdResult {
    range_reply(ctx, RangeKind::Score, Some(false))
}

fn zrevrangebyscore(ctx: &mut Ctx) -> CmdResult {
    range_reply(ctx, RangeKind::Score, Some(true))
}

fn zrangebylex(ctx: &mut Ctx) -> CmdResult {
    range_reply(ctx, RangeKind::Lex, Some(false))
}

fn zrevrangebylex(ctx: &mut Ctx) -> CmdResult {
    range_reply(ctx, RangeKind::Lex, Some(true))
}

/// Stores result entries as a sorted set at `dst` (deleting it when empty).
fn store_zset(ctx: &mut Ctx, dst: &[u8], entries: Vec<(Vec<u8>, f64)>, event: &'static str) -> CmdResult {
    let count = entries.len();
    if count == 0 {
        if ctx.delete_key(dst) {
            ctx.notify(notify::GENERIC, "del", dst);
            ctx.dirty(1);
        }
        return Ok(Reply::Int(0));
    }
    let (max_entries, max_value) = limits(ctx);
    let z = ZSet::from_entries(entries, max_entries, max_value, &mut ctx.eng.rng);
    ctx.set_key(dst, Value::ZSet(z), false);
    ctx.notify(notify::ZSET, event, dst);
    ctx.dirty(1);
    Ok(Reply::Int(count as i64))
}

fn zrangestore(ctx: &mut Ctx) -> CmdResult {
    let (entries, _) = zrange_generic(ctx, 2, true, RangeKind::Auto, None)?;
    store_zset(ctx, ctx.arg(1), entries, "zrangestore")
}

fn zrem(ctx: &mut Ctx) -> CmdResult {
    let (key, members) = (ctx.arg(1), &ctx.argv[2..]);
    let Some(z) = zset_mut(ctx, key)? else {
        return Ok(Reply::Int(0));
    };
    let mut removed = 0;
    for m in members {
        if z.remove(m) {
            removed += 1;
            if z.is_empty() {
                break;
            }
        }
    }
    if removed > 0 {
        ctx.changed(key, notify::ZSET, "zrem", removed);
        ctx.delete_if_empty(key);
    }
    Ok(Reply::Int(removed as i64))
}

fn remove_entries(ctx: &mut Ctx, key: &[u8], entries: Vec<(Vec<u8>, f64)>, event: &'static str) -> CmdResult {
    let n = entries.len();
    if n > 0 {
        if let Some(z) = zset_mut(ctx, key)? {
            for (m, _) in &entries {
                z.remove(m);
            }
        }
        ctx.changed(key, notify::ZSET, event, n as u64);
        ctx.delete_if_empty(key);
    }
    Ok(Reply::Int(n as i64))
}

fn zremrangebyrank(ctx: &mut Ctx) -> CmdResult {
    let (start, end) = (ctx.int_arg(2)?, ctx.int_arg(3)?);
    let key = ctx.arg(1);
    let Some(z) = zset_ref(ctx, key)? else {
        return Ok(Reply::Int(0));
    };
    let len = z.len() as i64;
    let mut s = if start < 0 { len + start } else { start };
    let mut e = if end < 0 { len + end } else { end };
    if s < 0 {
        s = 0;
    }
    if s > e || s >= len {
        return Ok(Reply::Int(0));
    }
    if e >= len {
        e = len - 1;
    }
    let entries = z.index.range_by_rank(s as usize, e as usize, false);
    remove_entries(ctx, key, entries, "zremrangebyrank")
}

fn zremrangebyscore(ctx: &mut Ctx) -> CmdResult {
    let range = parse_score_range(ctx.arg(2), ctx.arg(3))?;
    let key = ctx.arg(1);
    let Some(z) = zset_ref(ctx, key)? else {
        return Ok(Reply::Int(0));
    };
    let entries = z.index.range_by_score(&range, false, 0, -1);
    remove_entries(ctx, key, entries, "zremrangebyscore")
}

fn zremrangebylex(ctx: &mut Ctx) -> CmdResult {
    let range = parse_lex_range(ctx.arg(2), ctx.arg(3))?;
    let key = ctx.arg(1);
    let Some(z) = zset_ref(ctx, key)? else {
        return Ok(Reply::Int(0));
    };
    let entries = z.index.range_by_lex(&range, false, 0, -1);
    remove_entries(ctx, key, entries, "zremrangebylex")
}

/// Pops up to `count` from one end of the sorted set at `key` (which exists).
fn pop_entries(ctx: &mut Ctx, key: &[u8], max: bool, count: usize) -> Vec<(Vec<u8>, f64)> {
    let Ok(Some(z)) = zset_mut(ctx, key) else {
        return Vec::new();
    };
    let n = count.min(z.len());
    let entries = if n == 0 {
        Vec::new()
    } else {
        z.index.range_by_rank(0, n - 1, max)
    };
    for (m, _) in &entries {
        z.remove(m);
    }
    ctx.changed(
        key,
        notify::ZSET,
        if max { "zpopmax" } else { "zpopmin" },
        entries.len() as u64,
    );
    ctx.delete_if_empty(key);
    let word = if max { b"ZPOPMAX".to_vec() } else { b"ZPOPMIN".to_vec() };
    ctx.propagate(vec![word, key.to_vec(), int_bytes(entries.len() as i64)]);
    entries
}

fn zpop_generic(ctx: &mut Ctx, max: bool) -> CmdResult {
    if ctx.argc() > 3 {
        return Err(ctx.arity_error());
    }
    let count = if ctx.argc() == 3 {
        match parse_i64(ctx.arg(2)) {
            Some(n) if n >= 0 => Some(n as usize),
            _ => return Err(Reply::err("ERR value is out of range, must be positive")),
        }
    } else {
        None
    };
    let key = ctx.arg(1);
    if zset_mut(ctx, key)?.is_none() || count == Some(0) {
        return Ok(Reply::Array(vec![]));
    }
    let entries = pop_entries(ctx, key, max, count.unwrap_or(1));
    let nested = ctx.resp() >= 3 && count.is_some();
    Ok(with_scores_reply_nested(entries, nested))
}

fn with_scores_reply_nested(entries: Vec<(Vec<u8>, f64)>, nested: bool) -> Reply {
    let mut out = Vec::new();
    for (m, s) in entries {
        if nested {
            out.push(Reply::Array(vec![Reply::Bulk(m), Reply::double(s)]));
        } else {
            out.push(Reply::Bulk(m));
            out.push(Reply::double(s));
        }
    }
    Reply::Array(out)
}

fn zpopmin(ctx: &mut Ctx) -> CmdResult {
    zpop_generic(ctx, false)
}

fn zpopmax(ctx: &mut Ctx) -> CmdResult {
    zpop_generic(ctx, true)
}

fn bzpop_generic(ctx: &mut Ctx, max: bool) -> CmdResult {
    let deadline = ctx.timeout_arg(ctx.argc() - 1)?;
    let keys = ctx.argv[1..ctx.argc() - 1].to_vec();
    for key in &keys {
        if zset_mut(ctx, key)?.is_none() {
            continue;
        }
        let Some((m, s)) = pop_entries(ctx, key, max, 1).pop() else {
            continue;
        };
        return Ok(Reply::Array(vec![
            Reply::bulk(key.clone()),
            Reply::Bulk(m),
            Reply::double(s),
        ]));
    }
    ctx.block(keys, deadline, Reply::NullArray)
}

fn bzpopmin(ctx: &mut Ctx) -> CmdResult {
    bzpop_generic(ctx, false)
}

fn bzpopmax(ctx: &mut Ctx) -> CmdResult {
    bzpop_generic(ctx, true)
}

/// `numkeys key... MIN|MAX [COUNT n]` from `at`.
fn parse_mpop(ctx: &Ctx, at: usize) -> Result<(Vec<Vec<u8>>, bool, usize), Reply> {
    let numkeys = match parse_i64(ctx.arg(at)) {
        Some(n) if n > 0 => n as usize,
        _ => return Err(Reply::err("ERR numkeys should be greater than 0")),
    };
    let where_at = at
        .checked_add(numkeys)
        .and_then(|n| n.checked_add(1))
        .filter(|&w| w < ctx.argc())
        .ok_or_else(Reply::syntax_error)?;
    let max = if ctx.is(where_at, "min") {
        false
    } else if ctx.is(where_at, "max") {
        true
    } else {
        return Err(Reply::syntax_error());
    };
    let mut count = None;
    let mut j = where_at + 1;
    while j < ctx.argc() {
        if count.is_none() && ctx.is(j, "count") && j + 1 < ctx.argc() {
            match parse_i64(ctx.arg(j + 1)) {
                Some(n) if n > 0 => count = Some(n as usize),
                _ => return Err(Reply::err("ERR count should be greater than 0")),
            }
            j += 2;
        } else {
            return Err(Reply::syntax_error());
        }
    }
    Ok((ctx.argv[at + 1..where_at].to_vec(), max, count.unwrap_or(1)))
}

fn mpop_first(ctx: &mut Ctx, keys: &[Vec<u8>], max: bool, count: usize) -> Result<Option<Reply>, Reply> {
    for key in keys {
        if zset_mut(ctx, key)?.is_none() {
            continue;
        }
        let entries = pop_entries(ctx, key, max, count);
        return Ok(Some(Reply::Array(vec![
            Reply::bulk(key.clone()),
            with_scores_reply_nested(entries, true),
        ])));
    }
    Ok(None)
}

fn zmpop(ctx: &mut Ctx) -> CmdResult {
    let (keys, max, count) = parse_mpop(ctx, 1)?;
    Ok(mpop_first(ctx, &keys, max, count)?.unwrap_or(Reply::NullArray))
}

fn bzmpop(ctx: &mut Ctx) -> CmdResult {
    let deadline = ctx.timeout_arg(1)?;
    let (keys, max, count) = parse_mpop(ctx, 2)?;
    match mpop_first(ctx, &keys, max, count)? {
        Some(reply) => Ok(reply),
        None => ctx.block(keys, deadline, Reply::NullArray),
    }
}

fn zrandmember(ctx: &mut Ctx) -> CmdResult {
    if ctx.argc() < 3 {
        let Some(z) = zset_ref(ctx, ctx.arg(1))? else {
            return Ok(Reply::Null);
        };
        let entries = z.entries();
        let i = ctx.rng().below(entries.len() as u64) as usize;
        return Ok(Reply::Bulk(entries[i].0.clone()));
    }
    let count = ctx.int_arg(2)?;
    if count == i64::MIN {
        return Err(Reply::err(
            "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807",
        ));
    }
    let with_scores = match ctx.argc() {
        3 => false,
        4 if ctx.is(3, "withscores") => true,
        _ => return Err(Reply::syntax_error()),
    };
    if with_scores && !(-(i64::MAX / 2)..=i64::MAX / 2).contains(&count) {
        return Err(Reply::err("ERR value is out of range"));
    }
    let Some(z) = zset_ref(ctx, ctx.arg(1))? else {
        return Ok(Reply::Array(vec![]));
    };
    let mut entries = z.entries();
    if count >= 0 && count as usize >= entries.len() {
        // The whole set, as Redis's zset iterator walks it: from the highest score.
        entries.reverse();
    }
    let picks = crate::commands::random_picks(ctx.rng(), entries.len(), count);
    let chosen = picks.into_iter().map(|i| entries[i].clone()).collect();
    Ok(with_scores_reply(ctx, chosen, with_scores))
}

#[derive(Clone, Copy, PartialEq)]
enum SetOp {
    Union,
    Inter,
    Diff,
}

#[derive(Clone, Copy)]
enum Aggregate {
    Sum,
    Min,
    Max,
}

fn aggregate(a: f64, b: f64, how: Aggregate) -> f64 {
    match how {
        Aggregate::Sum => {
            let v = a + b;
            if v.is_nan() {
                0.0
            } else {
                v
            }
        }
        Aggregate::Min => a.min(b),
        Aggregate::Max => a.max(b),
    }
}

/// A source of ZUNION & co.: a sorted set, or a plain set whose members score 1.
fn load_source(ctx: &mut Ctx, key: &[u8]) -> Result<Option<Vec<(Vec<u8>, f64)>>, Reply> {
    Ok(match ctx.lookup_read(key) {
        None => None,
        Some(Value::ZSet(z)) => Some(z.entries()),
        Some(Value::Set(s)) => Some(s.members().into_iter().map(|m| (m, 1.0)).collect()),
        Some(_) => return Err(Reply::wrongtype()),
    })
}

struct SetOpResult {
    entries: Vec<(Vec<u8>, f64)>,
    with_scores: bool,
}

/// `zunionInterDiffGenericCommand`: parses from `numkeys_at`.
fn zset_op(ctx: &mut Ctx, numkeys_at: usize, op: SetOp, store: bool, card_only: bool) -> Result<SetOpResult, Reply> {
    let setnum = ctx.int_arg(numkeys_at)?;
    if setnum < 1 {
        return Err(Reply::err(&format!(
            "ERR at least 1 input key is needed for '{}' command",
            ctx.full_name
        )));
    }
    if setnum as usize > ctx.argc() - (numkeys_at + 1) {
        return Err(Reply::syntax_error());
    }
    let setnum = setnum as usize;
    let mut sources = Vec::with_capacity(setnum);
    for i in 0..setnum {
        sources.push(load_source(ctx, ctx.arg(numkeys_at + 1 + i))?);
    }
    let mut weights = vec![1.0; setnum];
    let mut how = Aggregate::Sum;
    let mut with_scores = false;
    let mut limit = 0usize;
    let mut j = numkeys_at + 1 + setnum;
    while j < ctx.argc() {
        let remaining = ctx.argc() - j;
        if op != SetOp::Diff && !card_only && remaining > setnum && ctx.is(j, "weights") {
            j += 1;
            for w in weights.iter_mut() {
                *w = parse_f64(ctx.arg(j)).ok_or_else(|| Reply::err("ERR weight value is not a float"))?;
                j += 1;
            }
        } else if op != SetOp::Diff && !card_only && remaining >= 2 && ctx.is(j, "aggregate") {
            how = if ctx.is(j + 1, "sum") {
                Aggregate::Sum
            } else if ctx.is(j + 1, "min") {
                Aggregate::Min
            } else if ctx.is(j + 1, "max") {
                Aggregate::Max
            } else {
                return Err(Reply::syntax_error());
            };
            j += 2;
        } else if !store && !card_only && ctx.is(j, "withscores") {
            with_scores = true;
            j += 1;
        } else if card_only && remaining >= 2 && ctx.is(j, "limit") {
            match parse_i64(ctx.arg(j + 1)) {
                Some(n) if n >= 0 => limit = n as usize,
                _ => return Err(Reply::err("ERR LIMIT can't be negative")),
            }
            j += 2;
        } else {
            return Err(Reply::syntax_error());
        }
    }
    let weighted = |s: f64, w: f64| {
        let v = s * w;
        if v.is_nan() {
            0.0
        } else {
            v
        }
    };
    let mut result: Vec<(Vec<u8>, f64)> = Vec::new();
    match op {
        SetOp::Union => {
            let mut acc: Dict<f64> = Dict::new();
            let mut order: Vec<Vec<u8>> = Vec::new();
            for (i, src) in sources.iter().enumerate() {
                for (m, s) in src.iter().flatten() {
                    let v = weighted(*s, weights[i]);
                    match acc.get_mut(m) {
                        Some(cur) => *cur = aggregate(*cur, v, how),
                        None => {
                            acc.insert(m.clone(), v);
                            order.push(m.clone());
                        }
                    }
                }
            }
            result = order.into_iter().filter_map(|m| acc.get(&m).map(|&s| (m, s))).collect();
        }
        SetOp::Inter => {
            if sources.iter().all(Option::is_some) {
                let mut idx: Vec<usize> = (0..setnum).collect();
                idx.sort_by_key(|&i| sources[i].as_ref().map_or(0, Vec::len));
                let lookups: Vec<Dict<f64>> = sources
                    .iter()
                    .map(|s| {
                        let mut d = Dict::new();
                        for (m, sc) in s.iter().flatten() {
                            d.insert(m.clone(), *sc);
                        }
                        d
                    })
                    .collect();
                let first = idx[0];
                for (m, s) in sources[first].iter().flatten() {
                    let mut score = weighted(*s, weights[first]);
                    let mut all = true;
                    for &other in &idx[1..] {
                        match lookups[other].get(m) {
                            Some(os) => score = aggregate(score, weighted(*os, weights[other]), how),
                            None => {
                                all = false;
                                break;
                            }
                        }
                    }
                    if all {
                        result.push((m.clone(), score));
                        if card_only && limit != 0 && result.len() >= limit {
                            break;
                        }
                    }
                }
            }
        }
        SetOp::Diff => {
            if let Some(first) = &sources[0] {
                let others: Vec<Dict<f64>> = sources[1..]
                    .iter()
                    .map(|s| {
                        let mut d = Dict::new();
                        for (m, sc) in s.iter().flatten() {
                            d.insert(m.clone(), *sc);
                        }
                        d
                    })
                    .collect();
                for (m, s) in first {
                    if !others.iter().any(|d| d.contains_key(m)) {
                        result.push((m.clone(), *s));
                    }
                }
            }
        }
    }
    // Results are sorted sets: ordered by (score, member).
    result.sort_by(|a, b| crate::types::skiplist::cmp_entry(a.1, &a.0, b.1, &b.0));
    Ok(SetOpResult {
        entries: result,
        with_scores,
    })
}

/// Sorted-set algebra goes through every member of every input, and sorts the result.
fn algebra_cost(c: &CostInput) -> Option<Estimate> {
    Estimate::new(c.sum_of_keys(), 6000, "elements")
}

fn zunion(ctx: &mut Ctx) -> CmdResult {
    let r = zset_op(ctx, 1, SetOp::Union, false, false)?;
    Ok(with_scores_reply(ctx, r.entries, r.with_scores))
}

fn zinter(ctx: &mut Ctx) -> CmdResult {
    let r = zset_op(ctx, 1, SetOp::Inter, false, false)?;
    Ok(with_scores_reply(ctx, r.entries, r.with_scores))
}

fn zdiff(ctx: &mut Ctx) -> CmdResult {
    let r = zset_op(ctx, 1, SetOp::Diff, false, false)?;
    Ok(with_scores_reply(ctx, r.entries, r.with_scores))
}

fn zintercard(ctx: &mut Ctx) -> CmdResult {
    let r = zset_op(ctx, 1, SetOp::Inter, false, true)?;
    Ok(Reply::Int(r.entries.len() as i64))
}

fn zunionstore(ctx: &mut Ctx) -> CmdResult {
    let r = zset_op(ctx, 2, SetOp::Union, true, false)?;
    store_zset(ctx, ctx.arg(1), r.entries, "zunionstore")
}

fn zinterstore(ctx: &mut Ctx) -> CmdResult {
    let r = zset_op(ctx, 2, SetOp::Inter, true, false)?;
    store_zset(ctx, ctx.arg(1), r.entries, "zinterstore")
}

fn zdiffstore(ctx: &mut Ctx) -> CmdResult {
    let r = zset_op(ctx, 2, SetOp::Diff, true, false)?;
    store_zset(ctx, ctx.arg(1), r.entries, "zdiffstore")
}

fn zscan(ctx: &mut Ctx) -> CmdResult {
    let opts = parse_scan(ctx, 2, false)?;
    let Some(z) = zset_ref(ctx, ctx.arg(1))? else {
        return Ok(Reply::Array(vec![Reply::bulk("0"), Reply::Array(vec![])]));
    };
    let mut found = Vec::new();
    let next = if z.listpack {
        found = z.entries();
        0
    } else {
        scan_dict(&z.scores, &opts, |m, s| found.push((m.clone(), *s)))
    };
    let mut out = Vec::new();
    for (m, s) in found {
        if opts.pattern.as_ref().is_none_or(|p| crate::glob::matches(p, &m, false)) {
            out.push(Reply::Bulk(m));
            out.push(Reply::Bulk(fmt_double(s).into_bytes()));
        }
    }
    Ok(Reply::Array(vec![
        Reply::Bulk(next.to_string().into_bytes()),
        Reply::Array(out),
    ]))
}
