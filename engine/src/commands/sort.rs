//! SORT and SORT_RO (Redis's sort.c): sort a list, set or sorted set numerically or
//! lexically, by external keys (BY pattern), fetching external values (GET pattern),
//! with LIMIT and STORE.

use crate::budget::{CostInput, Estimate};
use crate::exec::{CmdResult, Ctx};
use crate::notify;
use crate::reply::Reply;
use crate::small_bytes::SmallBytes;
use crate::value::Value;

/// Looks up `pattern` with its first `*` replaced by `subst`; `->field` reads a hash
/// field; `#` alone means the element itself.
fn lookup_pattern(ctx: &mut Ctx, pattern: &[u8], subst: &[u8]) -> Option<Vec<u8>> {
    if pattern == b"#" {
        return Some(subst.to_vec());
    }
    let star = pattern.iter().position(|&b| b == b'*')?;
    let (key_pattern, field) = match pattern.windows(2).rposition(|w| w == b"->") {
        Some(arrow) if arrow > star && arrow + 2 < pattern.len() => (&pattern[..arrow], Some(&pattern[arrow + 2..])),
        _ => (pattern, None),
    };
    let mut key = key_pattern[..star].to_vec();
    key.extend_from_slice(subst);
    key.extend_from_slice(&key_pattern[star + 1..]);
    match (ctx.lookup_read(&key), field) {
        (Some(Value::String(s)), None) => Some(s.bytes.to_vec()),
        (Some(Value::Hash(h)), Some(f)) => h.get(f).cloned(),
        _ => None,
    }
}

fn sort_generic(ctx: &mut Ctx, read_only: bool) -> CmdResult {
    let key = ctx.arg(1);
    let mut desc = false;
    let mut alpha = false;
    let (mut offset, mut count) = (0i64, -1i64);
    let mut by: Option<Vec<u8>> = None;
    let mut dont_sort = false;
    let mut gets: Vec<Vec<u8>> = Vec::new();
    let mut store: Option<Vec<u8>> = None;
    let mut j = 2;
    while j < ctx.argc() {
        let left = ctx.argc() - j - 1;
        if ctx.is(j, "asc") {
            desc = false;
        } else if ctx.is(j, "desc") {
            desc = true;
        } else if ctx.is(j, "alpha") {
            alpha = true;
        } else if ctx.is(j, "limit") && left >= 2 {
            offset = ctx.int_arg(j + 1)?;
            count = ctx.int_arg(j + 2)?;
            j += 2;
        } else if !read_only && ctx.is(j, "store") && left >= 1 {
            store = Some(ctx.arg(j + 1).to_vec());
            j += 1;
        } else if ctx.is(j, "by") && left >= 1 {
            let pattern = ctx.arg(j + 1).to_vec();
            // A BY pattern without '*' means "don't sort".
            if !pattern.contains(&b'*') {
                dont_sort = true;
            }
            by = Some(pattern);
            j += 1;
        } else if ctx.is(j, "get") && left >= 1 {
            gets.push(ctx.arg(j + 1).to_vec());
            j += 1;
        } else {
            return Err(Reply::syntax_error());
        }
        j += 1;
    }
    let elements: Vec<Vec<u8>> = match ctx.lookup_read(key) {
        None => Vec::new(),
        Some(Value::List(l)) => l.iter().map(|e| e.to_vec()).collect(),
        Some(Value::Set(s)) => s.members(),
        Some(Value::ZSet(z)) => z.entries().into_iter().map(|(m, _)| m).collect(),
        Some(_) => return Err(Reply::wrongtype()),
    };
    let is_zset = matches!(ctx.lookup_read(key), Some(Value::ZSet(_)));
    // Sorting a set without BY would be random order: Redis sorts it anyway.
    let mut items: Vec<(Vec<u8>, Option<Vec<u8>>, f64)> = Vec::with_capacity(elements.len());
    for e in elements {
        let weight = match &by {
            Some(p) if !dont_sort => lookup_pattern(ctx, p, &e),
            _ => Some(e.clone()),
        };
        let score = if alpha || dont_sort {
            0.0
        } else {
            match &weight {
                Some(w) => match crate::num::parse_float_loose(w).filter(|v| !v.is_nan()) {
                    Some(v) if !w.is_empty() && !w[0].is_ascii_whitespace() => v,
                    _ => return Err(Reply::err("ERR One or more scores can't be converted into double")),
                },
                None => 0.0,
            }
        };
        items.push((e, weight, score));
    }
    if !dont_sort || is_zset {
        if !dont_sort {
            items.sort_by(|a, b| {
                let ord = if alpha {
                    match (&a.1, &b.1) {
                        (Some(x), Some(y)) => x.cmp(y),
                        (None, Some(_)) => std::cmp::Ordering::Less,
                        (Some(_), None) => std::cmp::Ordering::Greater,
                        (None, None) => std::cmp::Ordering::Equal,
                    }
                } else {
                    a.2.partial_cmp(&b.2).unwrap_or(std::cmp::Ordering::Equal)
                };
                // Ties fall back to the element itself, as Redis's compare does.
                let ord = ord.then_with(|| a.0.cmp(&b.0));
                if desc {
                    ord.reverse()
                } else {
                    ord
                }
            });
        } else if desc {
            items.reverse();
        }
    }
    let len = items.len() as i64;
    let mut start = offset.max(0);
    let mut n = if count < 0 { len } else { count };
    if start >= len {
        start = len;
        n = 0;
    }
    if start + n > len {
        n = len - start;
    }
    let chosen = &items[start as usize..(start + n) as usize];
    let mut out: Vec<Option<Vec<u8>>> = Vec::new();
    for (e, _, _) in chosen {
        if gets.is_empty() {
            out.push(Some(e.clone()));
        }
        for g in &gets {
            out.push(lookup_pattern(ctx, g, e));
        }
    }
    match store {
        None => Ok(Reply::Array(out.into_iter().map(Reply::optional_bulk).collect())),
        Some(dst) => {
            let stored = out.len();
            if stored == 0 {
                if ctx.delete_key(&dst) {
                    ctx.notify(notify::GENERIC, "del", &dst);
                    ctx.dirty(1);
                }
            } else {
                let list: crate::types::list::List = out
                    .into_iter()
                    .map(|v| SmallBytes::new(v.unwrap_or_default()))
                    .collect();
                ctx.set_key(&dst, Value::List(Box::new(list)), false);
                ctx.notify(notify::LIST, "sortstore", &dst);
                ctx.dirty(stored as u64);
            }
            Ok(Reply::Int(stored as i64))
        }
    }
}

/// SORT compares every element of the collection.
pub fn sort_cost(c: &CostInput) -> Option<Estimate> {
    Estimate::new(c.size(1), 5000, "elements")
}

pub fn sort(ctx: &mut Ctx) -> CmdResult {
    sort_generic(ctx, false)
}

pub fn sort_ro(ctx: &mut Ctx) -> CmdResult {
    sort_generic(ctx, true)
}

/// Redis's `sortGetKeys`: the sorted key, and the last STORE destination (options of
/// one or two arguments are skipped as SORT skips them).
pub fn sort_key_flags(argv: &[Vec<u8>]) -> Vec<(usize, &'static str)> {
    let mut keys = vec![(1, "RO ACCESS")];
    let mut store = None;
    let mut i = 2;
    while i < argv.len() {
        let arg = &argv[i];
        if arg.eq_ignore_ascii_case(b"limit") {
            i += 2;
        } else if arg.eq_ignore_ascii_case(b"store") && i + 1 < argv.len() {
            store = Some(i + 1);
        } else if arg.eq_ignore_ascii_case(b"get") || arg.eq_ignore_ascii_case(b"by") {
            i += 1;
        }
        i += 1;
    }
    keys.extend(store.map(|at| (at, "OW UPDATE")));
    keys
}

/// Redis's `sortROGetKeys`: only the sorted key.
pub fn sort_ro_key_flags(_argv: &[Vec<u8>]) -> Vec<(usize, &'static str)> {
    vec![(1, "RO ACCESS")]
}
