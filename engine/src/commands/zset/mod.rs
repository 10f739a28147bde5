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
use crate::table::{CommandSpec, KeyPos, KeySpec, NO_KEYS};
use crate::types::zset::ZSet;
use crate::types::zset_range::{LexBound, LexRange, ScoreRange};
use crate::value::{Kind, Value};

mod algebra;
mod pop;
mod range;

use algebra::*;
use pop::*;
use range::*;

#[rustfmt::skip]
pub static COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        name: "zadd", arity: -4, flags: WRITE | DENYOOM | FAST, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW UPDATE")],
        group: "sorted-set", since: "1.2.0", handler: zadd,
        summary: "Add one or more members to a sorted set, or update its score if it already exists",
        syntax: "key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zincrby", arity: 4, flags: WRITE | DENYOOM | FAST, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW ACCESS UPDATE")],
        group: "sorted-set", since: "1.2.0", handler: zincrby,
        summary: "Increment the score of a member in a sorted set",
        syntax: "key increment member",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zscore", arity: 3, flags: READONLY | FAST, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "sorted-set", since: "1.2.0", handler: zscore,
        summary: "Get the score associated with the given member in a sorted set",
        syntax: "key member",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zmscore", arity: -3, flags: READONLY | FAST, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "sorted-set", since: "6.2.0", handler: zmscore,
        summary: "Get the score associated with the given members in a sorted set",
        syntax: "key member [member ...]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zcard", arity: 2, flags: READONLY | FAST, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RO")],
        group: "sorted-set", since: "1.2.0", handler: zcard,
        summary: "Get the number of members in a sorted set",
        syntax: "key",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zcount", arity: 4, flags: READONLY | FAST, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "sorted-set", since: "2.0.0", handler: zcount,
        summary: "Count the members in a sorted set with scores within the given values",
        syntax: "key min max",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zlexcount", arity: 4, flags: READONLY | FAST, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "sorted-set", since: "2.8.9", handler: zlexcount,
        summary: "Count the number of members in a sorted set between a given lexicographical range",
        syntax: "key min max",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zrank", arity: 3, flags: READONLY | FAST, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "sorted-set", since: "2.0.0", handler: zrank,
        summary: "Determine the index of a member in a sorted set",
        syntax: "key member",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zrevrank", arity: 3, flags: READONLY | FAST, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "sorted-set", since: "2.0.0", handler: zrevrank,
        summary: "Determine the index of a member in a sorted set, with scores ordered from high to low",
        syntax: "key member",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zrange", arity: -4, flags: READONLY, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "sorted-set", since: "1.2.0", handler: zrange,
        summary: "Return a range of members in a sorted set",
        syntax: "key start stop [BYSCORE|BYLEX] [REV] [LIMIT offset count] [WITHSCORES]",
        cost: Some(crate::commands::rank_range_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zrangestore", arity: -5, flags: WRITE | DENYOOM, acl: "@sortedset", keys: KeyPos::range(1, 2, 1),
        key_specs: &[KeySpec::at(1, "OW UPDATE"), KeySpec::at(2, "RO ACCESS")],
        group: "sorted-set", since: "6.2.0", handler: zrangestore,
        summary: "Store a range of members from sorted set into another key",
        syntax: "dst src min max [BYSCORE|BYLEX] [REV] [LIMIT offset count]",
        cost: Some(crate::commands::copy_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zrevrange", arity: -4, flags: READONLY, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "sorted-set", since: "1.2.0", handler: zrevrange,
        summary: "Return a range of members in a sorted set, by index, with scores ordered from high to low",
        syntax: "key start stop [WITHSCORES]",
        cost: Some(crate::commands::rank_range_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zrangebyscore", arity: -4, flags: READONLY, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "sorted-set", since: "1.0.5", handler: zrangebyscore,
        summary: "Return a range of members in a sorted set, by score",
        syntax: "key min max [WITHSCORES] [LIMIT offset count]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zrevrangebyscore", arity: -4, flags: READONLY, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "sorted-set", since: "2.2.0", handler: zrevrangebyscore,
        summary: "Return a range of members in a sorted set, by score, with scores ordered from high to low",
        syntax: "key max min [WITHSCORES] [LIMIT offset count]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zrangebylex", arity: -4, flags: READONLY, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "sorted-set", since: "2.8.9", handler: zrangebylex,
        summary: "Return a range of members in a sorted set, by lexicographical range",
        syntax: "key min max [LIMIT offset count]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zrevrangebylex", arity: -4, flags: READONLY, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "sorted-set", since: "2.8.9", handler: zrevrangebylex,
        summary: "Return a range of members in a sorted set, by lexicographical range, ordered from higher to lower strings.",
        syntax: "key max min [LIMIT offset count]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zrem", arity: -3, flags: WRITE | FAST, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW DELETE")],
        group: "sorted-set", since: "1.2.0", handler: zrem,
        summary: "Remove one or more members from a sorted set",
        syntax: "key member [member ...]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zremrangebyrank", arity: 4, flags: WRITE, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW DELETE")],
        group: "sorted-set", since: "2.0.0", handler: zremrangebyrank,
        summary: "Remove all members in a sorted set within the given indexes",
        syntax: "key start stop",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zremrangebyscore", arity: 4, flags: WRITE, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW DELETE")],
        group: "sorted-set", since: "1.2.0", handler: zremrangebyscore,
        summary: "Remove all members in a sorted set within the given scores",
        syntax: "key min max",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zremrangebylex", arity: 4, flags: WRITE, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW DELETE")],
        group: "sorted-set", since: "2.8.9", handler: zremrangebylex,
        summary: "Remove all members in a sorted set between the given lexicographical range",
        syntax: "key min max",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zpopmin", arity: -2, flags: WRITE | FAST, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW ACCESS DELETE")],
        group: "sorted-set", since: "5.0.0", handler: zpopmin,
        summary: "Remove and return members with the lowest scores in a sorted set",
        syntax: "key [count]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zpopmax", arity: -2, flags: WRITE | FAST, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW ACCESS DELETE")],
        group: "sorted-set", since: "5.0.0", handler: zpopmax,
        summary: "Remove and return members with the highest scores in a sorted set",
        syntax: "key [count]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "bzpopmin", arity: -3, flags: WRITE | NOSCRIPT | FAST | BLOCKING, acl: "@sortedset", keys: KeyPos::range(1, -2, 1),
        key_specs: &[KeySpec::range(1, -2, 1, 0, "RW ACCESS DELETE")],
        group: "sorted-set", since: "5.0.0", handler: bzpopmin,
        summary: "Remove and return the member with the lowest score from one or more sorted sets, or block until one is available",
        syntax: "key [key ...] timeout",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "bzpopmax", arity: -3, flags: WRITE | NOSCRIPT | FAST | BLOCKING, acl: "@sortedset", keys: KeyPos::range(1, -2, 1),
        key_specs: &[KeySpec::range(1, -2, 1, 0, "RW ACCESS DELETE")],
        group: "sorted-set", since: "5.0.0", handler: bzpopmax,
        summary: "Remove and return the member with the highest score from one or more sorted sets, or block until one is available",
        syntax: "key [key ...] timeout",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zmpop", arity: -4, flags: WRITE | MOVABLEKEYS, acl: "@sortedset", keys: NO_KEYS,
        key_specs: &[KeySpec::keynum(1, 0, 1, 1, "RW ACCESS DELETE")],
        group: "sorted-set", since: "7.0.0", handler: zmpop,
        summary: "Remove and return members with scores in a sorted set",
        syntax: "numkeys key [key ...] MIN|MAX [COUNT count]",
        getkeys: Some(crate::commands::numkeys_first),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "bzmpop", arity: -5, flags: WRITE | BLOCKING | MOVABLEKEYS, acl: "@sortedset", keys: NO_KEYS,
        key_specs: &[KeySpec::keynum(2, 0, 1, 1, "RW ACCESS DELETE")],
        group: "sorted-set", since: "7.0.0", handler: bzmpop,
        summary: "Remove and return members with scores in a sorted set or block until one is available",
        syntax: "timeout numkeys key [key ...] MIN|MAX [COUNT count]",
        getkeys: Some(crate::commands::numkeys_second),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zrandmember", arity: -2, flags: READONLY, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        tips: "nondeterministic_output",
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "sorted-set", since: "6.2.0", handler: zrandmember,
        summary: "Get one or multiple random elements from a sorted set",
        syntax: "key [count [WITHSCORES]]",
        cost: Some(crate::commands::random_count_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zunion", arity: -3, flags: READONLY | MOVABLEKEYS, acl: "@sortedset", keys: NO_KEYS,
        key_specs: &[KeySpec::keynum(1, 0, 1, 1, "RO ACCESS")],
        group: "sorted-set", since: "6.2.0", handler: zunion,
        summary: "Add multiple sorted sets",
        syntax: "numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]",
        getkeys: Some(crate::commands::numkeys_first), cost: Some(algebra_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zunionstore", arity: -4, flags: WRITE | DENYOOM | MOVABLEKEYS, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "OW UPDATE"), KeySpec::keynum(2, 0, 1, 1, "RO ACCESS")],
        group: "sorted-set", since: "2.0.0", handler: zunionstore,
        summary: "Add multiple sorted sets and store the resulting sorted set in a new key",
        syntax: "destination numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM|MIN|MAX]",
        getkeys: Some(crate::commands::destination_then_numkeys), cost: Some(algebra_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zinter", arity: -3, flags: READONLY | MOVABLEKEYS, acl: "@sortedset", keys: NO_KEYS,
        key_specs: &[KeySpec::keynum(1, 0, 1, 1, "RO ACCESS")],
        group: "sorted-set", since: "6.2.0", handler: zinter,
        summary: "Intersect multiple sorted sets",
        syntax: "numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]",
        getkeys: Some(crate::commands::numkeys_first), cost: Some(algebra_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zinterstore", arity: -4, flags: WRITE | DENYOOM | MOVABLEKEYS, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "OW UPDATE"), KeySpec::keynum(2, 0, 1, 1, "RO ACCESS")],
        group: "sorted-set", since: "2.0.0", handler: zinterstore,
        summary: "Intersect multiple sorted sets and store the resulting sorted set in a new key",
        syntax: "destination numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM|MIN|MAX]",
        getkeys: Some(crate::commands::destination_then_numkeys), cost: Some(algebra_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zintercard", arity: -3, flags: READONLY | MOVABLEKEYS, acl: "@sortedset", keys: NO_KEYS,
        key_specs: &[KeySpec::keynum(1, 0, 1, 1, "RO ACCESS")],
        group: "sorted-set", since: "7.0.0", handler: zintercard,
        summary: "Intersect multiple sorted sets and return the cardinality of the result",
        syntax: "numkeys key [key ...] [LIMIT limit]",
        getkeys: Some(crate::commands::numkeys_first), cost: Some(algebra_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zdiff", arity: -3, flags: READONLY | MOVABLEKEYS, acl: "@sortedset", keys: NO_KEYS,
        key_specs: &[KeySpec::keynum(1, 0, 1, 1, "RO ACCESS")],
        group: "sorted-set", since: "6.2.0", handler: zdiff,
        summary: "Subtract multiple sorted sets",
        syntax: "numkeys key [key ...] [WITHSCORES]",
        getkeys: Some(crate::commands::numkeys_first), cost: Some(algebra_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zdiffstore", arity: -4, flags: WRITE | DENYOOM | MOVABLEKEYS, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "OW UPDATE"), KeySpec::keynum(2, 0, 1, 1, "RO ACCESS")],
        group: "sorted-set", since: "6.2.0", handler: zdiffstore,
        summary: "Subtract multiple sorted sets and store the resulting sorted set in a new key",
        syntax: "destination numkeys key [key ...]",
        getkeys: Some(crate::commands::destination_then_numkeys), cost: Some(algebra_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "zscan", arity: -3, flags: READONLY, acl: "@sortedset", keys: KeyPos::range(1, 1, 1),
        tips: "nondeterministic_output",
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "sorted-set", since: "2.8.0", handler: zscan,
        summary: "Incrementally iterate sorted sets elements and associated scores",
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
    if !with_scores {
        // Collected, so that each reply is written in place in the array (one built and
        // then pushed is copied through the stack: a store-forwarding stall per member).
        return Reply::Array(entries.into_iter().map(|(m, _)| Reply::Bulk(m)).collect());
    }
    if ctx.resp() >= 3 {
        return Reply::Array(
            entries
                .into_iter()
                .map(|(m, s)| Reply::Array(vec![Reply::Bulk(m), Reply::double(s)]))
                .collect(),
        );
    }
    let mut out = Vec::with_capacity(entries.len() * 2);
    for (m, s) in entries {
        out.push(Reply::Bulk(m));
        out.push(Reply::double(s));
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

/// `zaddGenericCommand` over `args` (the client's arguments, or those GEOADD makes).
fn zadd_generic(ctx: &mut Ctx, args: &[Vec<u8>], mut f: AddFlags) -> CmdResult {
    let is = |i: usize, word: &str| args[i].eq_ignore_ascii_case(word.as_bytes());
    let key = &args[1][..];
    let mut at = 2;
    while at < args.len() {
        if is(at, "nx") {
            f.nx = true;
        } else if is(at, "xx") {
            f.xx = true;
        } else if is(at, "ch") {
            f.ch = true;
        } else if is(at, "incr") {
            f.incr = true;
        } else if is(at, "gt") {
            f.gt = true;
        } else if is(at, "lt") {
            f.lt = true;
        } else {
            break;
        }
        at += 1;
    }
    let rest = args.len() - at;
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
        scores.push(crate::num::parse_f64(&args[at + j * 2]).ok_or_else(|| Reply::err(crate::reply::NOT_FLOAT))?);
    }
    let (max_entries, max_value) = limits(ctx);
    let exists = zset_mut(ctx, key)?.is_some();
    let (mut added, mut updated, mut processed) = (0, 0, 0);
    let mut last_score = 0.0;
    let mut failure = None;
    if exists || !f.xx {
        if !exists {
            let first_len = args[at + 1].len();
            ctx.add_key(
                key,
                Value::ZSet(Box::new(ZSet::new(pairs <= max_entries && first_len <= max_value))),
            );
        }
        for (j, &score) in scores.iter().enumerate() {
            let member = &args[at + 1 + j * 2][..];
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
    let args = ctx.argv;
    zadd_generic(ctx, args, AddFlags::default())
}

/// ZADD with arguments other than the client's: GEOADD rewrites itself into one.
pub(crate) fn zadd_with_args(ctx: &mut Ctx, args: &[Vec<u8>]) -> CmdResult {
    zadd_generic(ctx, args, AddFlags::default())
}

fn zincrby(ctx: &mut Ctx) -> CmdResult {
    let args = ctx.argv;
    zadd_generic(
        ctx,
        args,
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
        scan_dict(&z.scores, &opts, |m, s| found.push((m.to_vec(), *s)))
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
