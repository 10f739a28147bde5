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
