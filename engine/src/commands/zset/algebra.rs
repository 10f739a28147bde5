//! ZUNION, ZINTER, ZDIFF (and their STORE and CARD forms): Redis's
//! `zunionInterDiffGenericCommand`.

use super::*;

#[derive(Clone, Copy, PartialEq)]
pub(super) enum SetOp {
    Union,
    Inter,
    Diff,
}

#[derive(Clone, Copy)]
pub(super) enum Aggregate {
    Sum,
    Min,
    Max,
}

pub(super) fn aggregate(a: f64, b: f64, how: Aggregate) -> f64 {
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
pub(super) fn load_source(ctx: &mut Ctx, key: &[u8]) -> Result<Option<Vec<(Vec<u8>, f64)>>, Reply> {
    Ok(match ctx.lookup_read(key) {
        None => None,
        Some(Value::ZSet(z)) => Some(z.entries()),
        Some(Value::Set(s)) => Some(s.members().into_iter().map(|m| (m, 1.0)).collect()),
        Some(_) => return Err(Reply::wrongtype()),
    })
}

pub(super) struct SetOpResult {
    entries: Vec<(Vec<u8>, f64)>,
    with_scores: bool,
}

/// `zunionInterDiffGenericCommand`: parses from `numkeys_at`.
pub(super) fn zset_op(
    ctx: &mut Ctx,
    numkeys_at: usize,
    op: SetOp,
    store: bool,
    card_only: bool,
) -> Result<SetOpResult, Reply> {
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
pub(super) fn algebra_cost(c: &CostInput) -> Option<Estimate> {
    Estimate::new(c.sum_of_keys(), 6000, "elements")
}

pub(super) fn zunion(ctx: &mut Ctx) -> CmdResult {
    let r = zset_op(ctx, 1, SetOp::Union, false, false)?;
    Ok(with_scores_reply(ctx, r.entries, r.with_scores))
}

pub(super) fn zinter(ctx: &mut Ctx) -> CmdResult {
    let r = zset_op(ctx, 1, SetOp::Inter, false, false)?;
    Ok(with_scores_reply(ctx, r.entries, r.with_scores))
}

pub(super) fn zdiff(ctx: &mut Ctx) -> CmdResult {
    let r = zset_op(ctx, 1, SetOp::Diff, false, false)?;
    Ok(with_scores_reply(ctx, r.entries, r.with_scores))
}

pub(super) fn zintercard(ctx: &mut Ctx) -> CmdResult {
    let r = zset_op(ctx, 1, SetOp::Inter, false, true)?;
    Ok(Reply::Int(r.entries.len() as i64))
}

pub(super) fn zunionstore(ctx: &mut Ctx) -> CmdResult {
    let r = zset_op(ctx, 2, SetOp::Union, true, false)?;
    store_zset(ctx, ctx.arg(1), r.entries, "zunionstore")
}

pub(super) fn zinterstore(ctx: &mut Ctx) -> CmdResult {
    let r = zset_op(ctx, 2, SetOp::Inter, true, false)?;
    store_zset(ctx, ctx.arg(1), r.entries, "zinterstore")
}

pub(super) fn zdiffstore(ctx: &mut Ctx) -> CmdResult {
    let r = zset_op(ctx, 2, SetOp::Diff, true, false)?;
    store_zset(ctx, ctx.arg(1), r.entries, "zdiffstore")
}
