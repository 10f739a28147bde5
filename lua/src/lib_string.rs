//! Lua 5.1's string library as Redis loads it (lstrlib.c), over bytes: `len`, `sub`,
//! `upper`, `lower`, `rep`, `reverse`, `byte`, `char`, `format` (`number::format`), and
//! the pattern functions `find`, `match`, `gmatch`, `gsub` (`pattern`). Strings get a
//! metatable whose `__index` is this table, so `("x"):rep(3)` works.
//!
//! Work is charged as fuel by the bytes made, and a string longer than the script's
//! memory allows is refused with Lua's "not enough memory" where Lua would try to build
//! it (`string.rep('x', 1e10)` builds 1.4 GB in Redis).

use crate::lib_base::{arg_error, check_bytes, check_int, check_int32, opt_int, type_error};
use crate::number::FormatArg;
use crate::table::Table;
use crate::value::Value;
use crate::vm::{NativeFn, Ret, Vm};

/// The longest string a library function builds (the page's memory is the limit that
/// matters; one string past this is surely a runaway script).
pub const MAX_STRING: usize = 64 * 1024 * 1024;

/// posrelat: a negative position counts back from the end; below that, 0.
fn posrelat(pos: i64, len: usize) -> i64 {
    let pos = if pos < 0 { pos + len as i64 + 1 } else { pos };
    pos.max(0)
}

fn one(v: Value) -> Result<Ret, Value> {
    Ok(Ret::Values(vec![v]))
}

fn made(vm: &mut Vm, bytes: &[u8]) -> Result<Ret, Value> {
    vm.charge(bytes.len() as u64 / 16);
    let s = vm.string(bytes);
    one(s)
}

fn len(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let s = check_bytes(vm, args, 1, "len")?;
    one(Value::Num(s.len() as f64))
}

fn sub(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let s = check_bytes(vm, args, 1, "sub")?;
    let l = s.len();
    let start = posrelat(check_int(vm, args, 2, "sub")?, l).max(1);
    let end = posrelat(opt_int(vm, args, 3, "sub", -1)?, l).min(l as i64);
    if start <= end {
        made(vm, &s[start as usize - 1..end as usize])
    } else {
        made(vm, b"")
    }
}

fn upper(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let s = check_bytes(vm, args, 1, "upper")?;
    made(vm, &s.to_ascii_uppercase())
}

fn lower(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let s = check_bytes(vm, args, 1, "lower")?;
    made(vm, &s.to_ascii_lowercase())
}

fn rep(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let s = check_bytes(vm, args, 1, "rep")?;
    let n = check_int32(vm, args, 2, "rep")?;
    if n <= 0 || s.is_empty() {
        return made(vm, b"");
    }
    let total = (s.len() as u128) * (n as u128);
    if total > MAX_STRING as u128 {
        return Err(vm.lib_error("not enough memory"));
    }
    made(vm, &s.repeat(n as usize))
}

fn reverse(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let mut s = check_bytes(vm, args, 1, "reverse")?;
    s.reverse();
    made(vm, &s)
}

fn byte(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let s = check_bytes(vm, args, 1, "byte")?;
    let l = s.len();
    let i = opt_int(vm, args, 2, "byte", 1)?;
    let posi = posrelat(i, l).max(1);
    let pose = posrelat(opt_int(vm, args, 3, "byte", i)?, l).min(l as i64);
    if posi > pose {
        return Ok(Ret::Values(vec![]));
    }
    let n = pose - posi + 1;
    // luaL_checkstack's limit.
    if n >= 8000 {
        return Err(vm.lib_error("string slice too long"));
    }
    vm.charge(n as u64);
    Ok(Ret::Values(
        s[posi as usize - 1..pose as usize]
            .iter()
            .map(|&b| Value::Num(f64::from(b)))
            .collect(),
    ))
}

fn char(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let mut out = Vec::with_capacity(args.len());
    for i in 1..=args.len() {
        let c = check_int32(vm, args, i, "char")?;
        if !(0..=255).contains(&c) {
            return Err(arg_error(vm, i, "char", "invalid value"));
        }
        out.push(c as u8);
    }
    made(vm, &out)
}

fn format(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let fmt = check_bytes(vm, args, 1, "format")?;
    let values: Vec<FormatArg> = args[1..]
        .iter()
        .map(|v| match v {
            Value::Num(n) => FormatArg::Num(*n),
            Value::Str(s) => FormatArg::Str(s.bytes()),
            other => FormatArg::Other(other.type_name()),
        })
        .collect();
    match crate::number::format(&fmt, &values) {
        Ok(out) => {
            if out.len() > MAX_STRING {
                return Err(vm.lib_error("not enough memory"));
            }
            made(vm, &out)
        }
        // "bad argument #N to 'format' (why)": named as the caller called it.
        Err(message) => match message
            .strip_prefix("bad argument #")
            .and_then(|rest| rest.split_once(" to 'format' ("))
            .and_then(|(n, why)| Some((n.parse::<usize>().ok()?, why.strip_suffix(')')?)))
        {
            Some((n, why)) => Err(arg_error(vm, n, "format", why)),
            None => Err(vm.lib_error(&message)),
        },
    }
}

fn dump(vm: &mut Vm, _: &[Value], _: &[Value]) -> Result<Ret, Value> {
    Err(vm.lib_error("unable to dump given function"))
}

/// The string library's functions, for `open` and for the pattern functions' module.
pub fn functions() -> Vec<(&'static str, NativeFn)> {
    vec![
        ("len", len),
        ("sub", sub),
        ("upper", upper),
        ("lower", lower),
        ("rep", rep),
        ("reverse", reverse),
        ("byte", byte),
        ("char", char),
        ("format", format),
        ("dump", dump),
        ("find", find),
        ("match", match_),
        ("gmatch", gmatch),
        ("gsub", gsub),
    ]
}

/// Opens `string` and gives strings their metatable.
pub fn open(vm: &mut Vm) {
    let lib = vm.table(Table::default());
    let Value::Table(lib_ref) = lib else {
        unreachable!("a table")
    };
    for (name, f) in functions() {
        let v = vm.native(name, f);
        vm.raw_set(lib_ref, Value::str(name), v);
    }
    vm.set_global("string", lib.clone());
    let meta = vm.table(Table::default());
    let Value::Table(meta_ref) = meta else {
        unreachable!("a table")
    };
    vm.raw_set(meta_ref, Value::str("__index"), lib);
    vm.string_meta = Some(meta_ref);
    let _ = type_error;
}

// ---- the pattern functions: find, match, gmatch, gsub -------------------------------

/// Matcher steps one library call runs before it lets the VM count its fuel and the host
/// have its turn (`Ret::Again`).
const PATTERN_SLICE: u64 = 20_000;

type Bytes = std::rc::Rc<[u8]>;

fn capture_value(vm: &mut Vm, subject: &[u8], c: &crate::pattern::Capture) -> Value {
    match c.bytes(subject) {
        Some(b) => vm.string(b),
        None => match c {
            crate::pattern::Capture::Position(p) => Value::Num(*p as f64),
            crate::pattern::Capture::Str { .. } => Value::Nil,
        },
    }
}

struct FindState {
    find: crate::pattern::Find<Bytes>,
    subject: Bytes,
    kind: crate::pattern::Kind,
}

fn find_step(vm: &mut Vm, state: Box<dyn std::any::Any>, _: Vec<Value>) -> Result<Ret, Value> {
    let mut st = state
        .downcast::<FindState>()
        .map_err(|_| vm.lib_error("bad pattern state"))?;
    let mut fuel = PATTERN_SLICE;
    let poll = st.find.run(&mut fuel);
    vm.charge(PATTERN_SLICE - fuel);
    match poll {
        crate::pattern::Poll::Pending => Ok(Ret::Again {
            state: st,
            then: find_step,
            keep: Vec::new(),
        }),
        crate::pattern::Poll::Error(e) => Err(vm.lib_error(&e.to_string())),
        crate::pattern::Poll::Done(None) => Ok(Ret::Values(vec![Value::Nil])),
        crate::pattern::Poll::Done(Some(found)) => {
            let subject = st.subject.clone();
            let mut out = Vec::new();
            if st.kind == crate::pattern::Kind::Find {
                out.push(Value::Num((found.start + 1) as f64));
                out.push(Value::Num(found.end as f64));
            }
            for c in &found.captures {
                out.push(capture_value(vm, &subject, c));
            }
            Ok(Ret::Values(out))
        }
    }
}

fn find_or_match(vm: &mut Vm, args: &[Value], kind: crate::pattern::Kind, name: &str) -> Result<Ret, Value> {
    let s = check_bytes(vm, args, 1, name)?;
    let p = check_bytes(vm, args, 2, name)?;
    let init = opt_int(vm, args, 3, name, 1)?;
    let plain = args.get(3).is_some_and(Value::truthy);
    let subject: Bytes = s.into();
    let find = crate::pattern::Find::new(kind, subject.clone(), p.into(), init, plain);
    find_step(vm, Box::new(FindState { find, subject, kind }), Vec::new())
}

fn find(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    find_or_match(vm, args, crate::pattern::Kind::Find, "find")
}

fn match_(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    find_or_match(vm, args, crate::pattern::Kind::Match, "match")
}

struct GmatchState {
    gmatch: crate::pattern::Gmatch<Bytes>,
    subject: Bytes,
    /// The iterator's table holding its position (`pos`).
    position: crate::value::TableRef,
}

fn gmatch_step(vm: &mut Vm, state: Box<dyn std::any::Any>, _: Vec<Value>) -> Result<Ret, Value> {
    let mut st = state
        .downcast::<GmatchState>()
        .map_err(|_| vm.lib_error("bad pattern state"))?;
    let mut fuel = PATTERN_SLICE;
    let poll = st.gmatch.run(&mut fuel);
    vm.charge(PATTERN_SLICE - fuel);
    match poll {
        crate::pattern::Poll::Pending => {
            let keep = vec![Value::Table(st.position)];
            Ok(Ret::Again {
                state: st,
                then: gmatch_step,
                keep,
            })
        }
        crate::pattern::Poll::Error(e) => Err(vm.lib_error(&e.to_string())),
        crate::pattern::Poll::Done(None) => {
            vm.raw_set(st.position, Value::str("pos"), Value::Num(st.gmatch.position() as f64));
            Ok(Ret::Values(vec![Value::Nil]))
        }
        crate::pattern::Poll::Done(Some(caps)) => {
            vm.raw_set(st.position, Value::str("pos"), Value::Num(st.gmatch.position() as f64));
            let subject = st.subject.clone();
            Ok(Ret::Values(
                caps.iter().map(|c| capture_value(vm, &subject, c)).collect(),
            ))
        }
    }
}

/// The iterator gmatch returns: upvalues are the subject, the pattern and a table
/// keeping its position.
fn gmatch_next(vm: &mut Vm, _: &[Value], upvals: &[Value]) -> Result<Ret, Value> {
    let (Value::Str(s), Value::Str(p), Value::Table(t)) = (&upvals[0], &upvals[1], &upvals[2]) else {
        return Err(vm.lib_error("bad gmatch state"));
    };
    let pos = match vm.heap.table(*t).get(&Value::str("pos")) {
        Value::Num(n) => n as usize,
        _ => 0,
    };
    let subject: Bytes = s.bytes().into();
    let gmatch = crate::pattern::Gmatch::at_position(subject.clone(), p.bytes().into(), pos);
    gmatch_step(
        vm,
        Box::new(GmatchState {
            gmatch,
            subject,
            position: *t,
        }),
        Vec::new(),
    )
}

fn gmatch(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let s = check_bytes(vm, args, 1, "gmatch")?;
    let p = check_bytes(vm, args, 2, "gmatch")?;
    let (s, p) = (vm.string(&s), vm.string(&p));
    let position = vm.table(Table::default());
    let f = vm.native_with("gmatch_iterator", gmatch_next, vec![s, p, position]);
    Ok(Ret::Values(vec![f]))
}

struct GsubState {
    gsub: crate::pattern::Gsub<Bytes>,
    subject: Bytes,
    repl: Value,
}

fn gsub_step(vm: &mut Vm, state: Box<dyn std::any::Any>, results: Vec<Value>) -> Result<Ret, Value> {
    let mut st = state
        .downcast::<GsubState>()
        .map_err(|_| vm.lib_error("bad pattern state"))?;
    // The answer of a replacement function, if one was called (Gsub ignores an
    // answer it is not waiting for: the first call, a resumption).
    if matches!(st.repl, Value::Func(_)) {
        answer(&mut st, results.into_iter().next().unwrap_or_default());
    }
    let mut fuel = PATTERN_SLICE;
    loop {
        let poll = st.gsub.run(&mut fuel);
        vm.charge(PATTERN_SLICE.saturating_sub(fuel));
        match poll {
            crate::pattern::GsubPoll::Pending => {
                let keep = vec![st.repl.clone()];
                return Ok(Ret::Again {
                    state: st,
                    then: gsub_step,
                    keep,
                });
            }
            crate::pattern::GsubPoll::Error(e) => return Err(vm.lib_error(&e.to_string())),
            crate::pattern::GsubPoll::Done { output, count } => {
                let s = vm.string(&output);
                return Ok(Ret::Values(vec![s, Value::Num(count as f64)]));
            }
            crate::pattern::GsubPoll::Replace(caps) => {
                let subject = st.subject.clone();
                let args: Vec<Value> = caps.iter().map(|c| capture_value(vm, &subject, c)).collect();
                match st.repl.clone() {
                    Value::Table(t) => {
                        let v = vm.heap.table(t).get(args.first().unwrap_or(&Value::Nil));
                        answer(&mut st, v);
                    }
                    f @ Value::Func(_) => {
                        let keep = vec![f.clone()];
                        return Ok(Ret::CallThen {
                            f,
                            args,
                            state: st,
                            then: gsub_step,
                            keep,
                        });
                    }
                    _ => return Err(vm.lib_error("bad gsub state")),
                }
            }
        }
    }
}

/// add_value: what a table or function gave for a match.
fn answer(st: &mut GsubState, v: Value) {
    use crate::pattern::Replacement;
    match &v {
        Value::Nil | Value::Bool(false) => st.gsub.replace(Replacement::Keep),
        Value::Str(s) => st.gsub.replace(Replacement::Bytes(s.bytes())),
        Value::Num(n) => st.gsub.replace(Replacement::Bytes(&crate::number::fmt(*n))),
        other => st.gsub.replace(Replacement::Invalid(other.type_name())),
    }
}

fn gsub(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let s = check_bytes(vm, args, 1, "gsub")?;
    let p = check_bytes(vm, args, 2, "gsub")?;
    let (repl, repl_value) = match args.get(2) {
        Some(Value::Num(n)) => (crate::pattern::Repl::Str(crate::number::fmt(*n).into()), Value::Nil),
        Some(Value::Str(r)) => (crate::pattern::Repl::Str(r.bytes().into()), Value::Nil),
        Some(t @ Value::Table(_)) => (crate::pattern::Repl::Table, t.clone()),
        Some(f @ Value::Func(_)) => (crate::pattern::Repl::Function, f.clone()),
        _ => return Err(arg_error(vm, 3, "gsub", "string/function/table expected")),
    };
    let max_n = match args.get(3) {
        None | Some(Value::Nil) => None,
        // luaL_optint: a C int (2^32 + 1 replaces once).
        Some(_) => Some(check_int32(vm, args, 4, "gsub")?),
    };
    let subject: Bytes = s.into();
    let mut g = crate::pattern::Gsub::new(subject.clone(), p.into(), repl, max_n);
    g.set_max_len(MAX_STRING);
    gsub_step(
        vm,
        Box::new(GsubState {
            gsub: g,
            subject,
            repl: repl_value,
        }),
        Vec::new(),
    )
}
