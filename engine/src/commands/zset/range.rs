//! ZRANGE and its family (by rank, score or lex, reversed, stored): Redis's
//! `zrangeGenericCommand`.

use super::*;

#[derive(Clone, Copy, PartialEq)]
pub(super) enum RangeKind {
    Auto,
    Rank,
    Score,
    Lex,
}

/// `zrangeGenericCommand`: parses from `at` (the source key), returns the entries and
/// whether scores were asked for.
pub(super) fn zrange_generic(
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

pub(super) fn range_reply(ctx: &mut Ctx, kind: RangeKind, reverse: Option<bool>) -> CmdResult {
    let (entries, with_scores) = zrange_generic(ctx, 1, false, kind, reverse)?;
    Ok(with_scores_reply(ctx, entries, with_scores))
}

pub(super) fn zrange(ctx: &mut Ctx) -> CmdResult {
    range_reply(ctx, RangeKind::Auto, None)
}

pub(super) fn zrevrange(ctx: &mut Ctx) -> CmdResult {
    range_reply(ctx, RangeKind::Rank, Some(true))
}

pub(super) fn zrangebyscore(ctx: &mut Ctx) -> CmdResult {
    range_reply(ctx, RangeKind::Score, Some(false))
}

pub(super) fn zrevrangebyscore(ctx: &mut Ctx) -> CmdResult {
    range_reply(ctx, RangeKind::Score, Some(true))
}

pub(super) fn zrangebylex(ctx: &mut Ctx) -> CmdResult {
    range_reply(ctx, RangeKind::Lex, Some(false))
}

pub(super) fn zrevrangebylex(ctx: &mut Ctx) -> CmdResult {
    range_reply(ctx, RangeKind::Lex, Some(true))
}

/// Stores result entries as a sorted set at `dst` (deleting it when empty).
pub(super) fn store_zset(ctx: &mut Ctx, dst: &[u8], entries: Vec<(Vec<u8>, f64)>, event: &'static str) -> CmdResult {
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
    ctx.set_key(dst, Value::ZSet(Box::new(z)), false);
    ctx.notify(notify::ZSET, event, dst);
    ctx.dirty(1);
    Ok(Reply::Int(count as i64))
}

pub(super) fn zrangestore(ctx: &mut Ctx) -> CmdResult {
    let (entries, _) = zrange_generic(ctx, 2, true, RangeKind::Auto, None)?;
    store_zset(ctx, ctx.arg(1), entries, "zrangestore")
}
