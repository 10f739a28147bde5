//! Adding, reading by range, deleting and trimming entries: XADD, XRANGE, XREVRANGE,
//! XLEN, XDEL, XTRIM, XSETID.

use super::*;
use crate::notify;
use crate::types::stream::{Trim, TrimTo};

/// What `streamParseAddOrTrimArgsOrReply` finds.
struct AddTrimArgs {
    id: StreamId,
    id_given: bool,
    seq_given: bool,
    no_mkstream: bool,
    trim: Option<Trim>,
    /// Position of the threshold argument (rewritten after an approximate trim).
    trim_arg: usize,
    /// Position of the ID (XADD).
    idpos: usize,
}

fn parse_add_trim(ctx: &Ctx, xadd: bool) -> Result<AddTrimArgs, Reply> {
    let argc = ctx.argc();
    let mut out = AddTrimArgs {
        id: StreamId::MIN,
        id_given: false,
        seq_given: true,
        no_mkstream: false,
        trim: None,
        trim_arg: 0,
        idpos: 0,
    };
    let mut to: Option<TrimTo> = None;
    let mut approx = false;
    let mut limit: i64 = 0;
    let mut limit_given = false;
    let mut i = 2;
    while i < argc {
        let more = argc - 1 - i;
        let opt = ctx.arg(i);
        if xadd && opt == b"*" {
            break;
        } else if (ctx.is(i, "maxlen") || ctx.is(i, "minid")) && more > 0 {
            if to.is_some() {
                return Err(Reply::err(
                    "ERR syntax error, MAXLEN and MINID options at the same time are not compatible",
                ));
            }
            let maxlen = ctx.is(i, "maxlen");
            approx = false;
            if more >= 2 && ctx.arg(i + 1) == b"~" {
                approx = true;
                i += 1;
            } else if more >= 2 && ctx.arg(i + 1) == b"=" {
                i += 1;
            }
            if maxlen {
                let n = ll_arg(ctx, i + 1, None)?;
                if n < 0 {
                    return Err(Reply::err("ERR The MAXLEN argument must be >= 0."));
                }
                to = Some(TrimTo::MaxLen(n as u64));
            } else {
                to = Some(TrimTo::MinId(parse_strict_id(ctx.arg(i + 1))?));
            }
            i += 1;
            out.trim_arg = i;
        } else if ctx.is(i, "limit") && more > 0 {
            limit = ll_arg(ctx, i + 1, None)?;
            if limit < 0 {
                return Err(Reply::err("ERR The LIMIT argument must be >= 0."));
            }
            limit_given = true;
            i += 1;
        } else if xadd && ctx.is(i, "nomkstream") {
            out.no_mkstream = true;
        } else if xadd {
            let (id, seq_given) = parse_id_full(opt, 0, true, true)?;
            out.id = id;
            out.seq_given = seq_given;
            out.id_given = true;
            break;
        } else {
            return Err(Reply::syntax_error());
        }
        i += 1;
    }
    if limit != 0 && to.is_none() {
        return Err(Reply::err(
            "ERR syntax error, LIMIT cannot be used without specifying a trimming strategy",
        ));
    }
    if !xadd && to.is_none() {
        return Err(Reply::err(
            "ERR syntax error, XTRIM must be called with a trimming strategy",
        ));
    }
    if ctx.eng.loading {
        // mustObeyClient: what the AOF says is done in full.
        limit = 0;
    } else if limit_given {
        if !approx {
            return Err(Reply::err(
                "ERR syntax error, LIMIT cannot be used without the special ~ option",
            ));
        }
    } else if approx {
        limit = ctx.eng.config.int("stream-node-max-entries").wrapping_mul(100);
        if limit <= 0 {
            limit = 10_000;
        }
        limit = limit.min(1_000_000);
    } else {
        limit = 0;
    }
    out.trim = to.map(|to| Trim {
        to,
        approx,
        limit: limit as u64,
    });
    out.idpos = i;
    Ok(out)
}

/// After an approximate trim Redis propagates the exact result: `=` and the length
/// (MAXLEN) or the first ID left (MINID).
fn rewrite_trim(argv: &mut [Vec<u8>], args: &AddTrimArgs, s: &Stream) {
    if let Some(trim) = args.trim.filter(|t| t.approx) {
        argv[args.trim_arg - 1] = b"=".to_vec();
        argv[args.trim_arg] = match trim.to {
            TrimTo::MaxLen(_) => crate::num::int_bytes(s.len() as i64),
            TrimTo::MinId(_) => s.first_physical_id().to_bytes(),
        };
    }
}

pub(super) fn xadd(ctx: &mut Ctx) -> CmdResult {
    let args = parse_add_trim(ctx, true)?;
    let field_pos = args.idpos + 1;
    let nargs = ctx.argc() as i64 - field_pos as i64;
    if nargs < 2 || nargs % 2 == 1 {
        return Err(ctx.arity_error());
    }
    if args.id_given && args.seq_given && args.id.is_zero() {
        return Err(Reply::err("ERR The ID specified in XADD must be greater than 0-0"));
    }
    let argv_all = ctx.argv;
    let key = ctx.arg(1);
    if write_stream(ctx, key)?.is_none() {
        if args.no_mkstream {
            return Ok(Reply::Null);
        }
        ctx.add_key(key, Value::Stream(Box::default()));
    }
    let limits = node_limits(ctx);
    let now = ctx.now.max(0) as u64;
    let s = peek_stream_mut(ctx, key)?;
    if s.last_id == StreamId::MAX {
        return Err(Reply::err(
            "ERR The stream has exhausted the last possible ID, unable to add more items",
        ));
    }
    let smaller = || Reply::err("ERR The ID specified in XADD is equal or smaller than the target stream top item");
    let id = if !args.id_given {
        // streamNextID: the clock, or the last ID's time when the clock went back.
        if now > s.last_id.ms {
            StreamId::new(now, 0)
        } else {
            s.last_id.incr().unwrap_or(StreamId::MIN)
        }
    } else if args.seq_given || s.last_id.ms != args.id.ms {
        args.id
    } else {
        // The sequence is exhausted: Redis fails without setting errno, so the reply
        // is the other message its caller picks.
        s.last_id
            .incr()
            .filter(|n| n.ms == args.id.ms)
            .ok_or_else(|| Reply::err("ERR Elements are too large to be stored"))?
    };
    if id <= s.last_id {
        return Err(smaller());
    }
    let fields: Fields = argv_all[field_pos..]
        .chunks(2)
        .map(|p| (p[0].clone(), p[1].clone()))
        .collect();
    s.append(id, fields, limits);
    ctx.changed(key, notify::STREAM, "xadd", 1);
    let mut argv = ctx.argv.to_vec();
    if let Some(trim) = args.trim {
        let s = peek_stream_mut(ctx, key)?;
        let deleted = s.trim(&trim);
        rewrite_trim(&mut argv, &args, s);
        if deleted > 0 {
            ctx.notify(notify::STREAM, "xtrim", key);
        }
    }
    if !args.id_given || !args.seq_given {
        argv[args.idpos] = id.to_bytes();
    }
    ctx.propagate(argv);
    let db = ctx.db;
    ctx.eng.signal_ready(db, key);
    Ok(id_reply(id))
}

pub(super) fn xtrim(ctx: &mut Ctx) -> CmdResult {
    let args = parse_add_trim(ctx, false)?;
    let key = ctx.arg(1);
    let mut argv = ctx.argv.to_vec();
    let Some(s) = write_stream(ctx, key)? else {
        return Ok(Reply::Int(0));
    };
    let Some(trim) = args.trim else {
        return Ok(Reply::Int(0));
    };
    let deleted = s.trim(&trim);
    if deleted > 0 {
        rewrite_trim(&mut argv, &args, s);
        ctx.notify(notify::STREAM, "xtrim", key);
        ctx.modified(key);
        ctx.dirty(deleted);
        ctx.propagate(argv);
    }
    Ok(Reply::Int(deleted as i64))
}

pub(super) fn xdel(ctx: &mut Ctx) -> CmdResult {
    let key = ctx.arg(1);
    if write_stream(ctx, key)?.is_none() {
        return Ok(Reply::Int(0));
    }
    let ids = ctx.argv[2..]
        .iter()
        .map(|a| parse_strict_id(a))
        .collect::<Result<Vec<_>, _>>()?;
    let s = peek_stream_mut(ctx, key)?;
    let deleted: Vec<StreamId> = ids.into_iter().filter(|&id| s.delete(id)).collect();
    s.note_deleted(&deleted);
    if !deleted.is_empty() {
        ctx.changed(key, notify::STREAM, "xdel", deleted.len() as u64);
    }
    Ok(Reply::Int(deleted.len() as i64))
}

pub(super) fn xlen(ctx: &mut Ctx) -> CmdResult {
    let key = ctx.arg(1);
    Ok(Reply::Int(read_stream(ctx, key)?.map_or(0, |s| s.len() as i64)))
}

fn range_generic(ctx: &mut Ctx, rev: bool) -> CmdResult {
    let (start_arg, end_arg) = if rev { (3, 2) } else { (2, 3) };
    let start = parse_interval(ctx.arg(start_arg), 0, true)?;
    let end = parse_interval(ctx.arg(end_arg), u64::MAX, false)?;
    let mut count: i64 = -1;
    let mut j = 4;
    while j < ctx.argc() {
        if ctx.is(j, "count") && ctx.argc() - j > 1 {
            count = ll_arg(ctx, j + 1, None)?.max(0);
            j += 1;
        } else {
            return Err(Reply::syntax_error());
        }
        j += 1;
    }
    let key = ctx.arg(1);
    let Some(s) = read_stream(ctx, key)? else {
        return Ok(Reply::Array(vec![]));
    };
    if count == 0 {
        return Ok(Reply::NullArray);
    }
    let limit = if count < 0 { usize::MAX } else { count as usize };
    let range = s.range(start, end);
    let items: Vec<Reply> = if rev {
        range.rev().take(limit).map(|(id, f)| entry_reply(*id, f)).collect()
    } else {
        range.take(limit).map(|(id, f)| entry_reply(*id, f)).collect()
    };
    Ok(Reply::Array(items))
}

pub(super) fn xrange(ctx: &mut Ctx) -> CmdResult {
    range_generic(ctx, false)
}

pub(super) fn xrevrange(ctx: &mut Ctx) -> CmdResult {
    range_generic(ctx, true)
}

pub(super) fn xsetid(ctx: &mut Ctx) -> CmdResult {
    let id = parse_strict_id(ctx.arg(2))?;
    let mut entries_added: i64 = -1;
    let mut max_deleted = StreamId::MIN;
    let mut i = 3;
    while i < ctx.argc() {
        let more = ctx.argc() - 1 - i;
        if ctx.is(i, "entriesadded") && more > 0 {
            entries_added = ll_arg(ctx, i + 1, None)?;
            if entries_added < 0 {
                return Err(Reply::err("ERR entries_added must be positive"));
            }
        } else if ctx.is(i, "maxdeletedid") && more > 0 {
            max_deleted = parse_strict_id(ctx.arg(i + 1))?;
            if id < max_deleted {
                return Err(Reply::err(
                    "ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id",
                ));
            }
        } else {
            return Err(Reply::syntax_error());
        }
        i += 2;
    }
    let key = ctx.arg(1);
    let s = write_stream(ctx, key)?.ok_or_else(crate::exec::no_such_key)?;
    if !s.is_empty() {
        if id < s.last_valid_id() {
            return Err(Reply::err(
                "ERR The ID specified in XSETID is smaller than the target stream top item",
            ));
        }
        if entries_added != -1 && s.len() as i64 > entries_added {
            return Err(Reply::err(
                "ERR The entries_added specified in XSETID is smaller than the target stream length",
            ));
        }
    }
    s.last_id = id;
    if entries_added != -1 {
        s.entries_added = entries_added as u64;
    }
    if !max_deleted.is_zero() {
        s.max_deleted_entry_id = max_deleted;
    }
    ctx.dirty(1);
    ctx.notify(notify::STREAM, "xsetid", key);
    ok()
}
