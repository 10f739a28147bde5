//! Lua 5.1's base library as Redis loads it (lbaselib.c): `assert`, `error`, `pcall`,
//! `type`, `tostring`, `tonumber`, `pairs`/`ipairs`/`next`, `select`, `unpack`, the raw
//! accessors, metatables, `collectgarbage`; and the argument checks every library uses
//! (luaL_argerror's "bad argument #1 to 'insert' (table expected, got nil)").
//!
//! `loadstring` compiles a chunk named by its text (`[string "..."]`), as Redis 7.0
//! allows it. Left out, as Redis leaves them out or as nothing here can do them:
//! `dofile`, `loadfile` (no files), `getfenv`/`setfenv` (kept out: Redis 7 scripts
//! cannot reach other environments), `newproxy`, `coroutine` (not yet).

use crate::value::Value;
use crate::vm::{Ret, Vm};

/// luaL_argerror: "bad argument #n to 'f' (why)". The name is the one the calling
/// Lua code used (`local r = string.rep; r()` says 'r'), '?' when a library function
/// called it (pcall); a method call counts `self` out ("calling 'rep' on bad self").
pub fn arg_error(vm: &Vm, n: usize, _f: &str, why: &str) -> Value {
    match &vm.native_site {
        Some((name, true)) => {
            let name = name.as_deref().unwrap_or("?");
            if n == 1 {
                vm.lib_error(&format!("calling '{name}' on bad self ({why})"))
            } else {
                vm.lib_error(&format!("bad argument #{} to '{name}' ({why})", n - 1))
            }
        }
        Some((name, false)) => {
            let name = name.as_deref().unwrap_or("?");
            vm.lib_error(&format!("bad argument #{n} to '{name}' ({why})"))
        }
        None => vm.lib_error(&format!("bad argument #{n} to '?' ({why})")),
    }
}

/// luaL_typerror: "bad argument #n to 'f' (table expected, got nil)" ("no value" when
/// the argument is missing).
pub fn type_error(vm: &Vm, args: &[Value], n: usize, f: &str, expected: &str) -> Value {
    let got = args.get(n - 1).map_or("no value", Value::type_name);
    arg_error(vm, n, f, &format!("{expected} expected, got {got}"))
}

pub fn check_table(vm: &Vm, args: &[Value], n: usize, f: &str) -> Result<crate::value::TableRef, Value> {
    match args.get(n - 1) {
        Some(Value::Table(t)) => Ok(*t),
        _ => Err(type_error(vm, args, n, f, "table")),
    }
}

/// luaL_checknumber: a number, or a string that converts.
pub fn check_number(vm: &Vm, args: &[Value], n: usize, f: &str) -> Result<f64, Value> {
    args.get(n - 1)
        .and_then(Vm::to_number)
        .ok_or_else(|| type_error(vm, args, n, f, "number"))
}

/// luaL_optnumber.
pub fn opt_number(vm: &Vm, args: &[Value], n: usize, f: &str, default: f64) -> Result<f64, Value> {
    match args.get(n - 1) {
        None | Some(Value::Nil) => Ok(default),
        Some(_) => check_number(vm, args, n, f),
    }
}

/// luaL_checkinteger: the number truncated toward zero, as lua_tointeger does (a
/// 64-bit lua_Integer on x86-64 Linux).
pub fn check_int(vm: &Vm, args: &[Value], n: usize, f: &str) -> Result<i64, Value> {
    check_number(vm, args, n, f).map(crate::number::to_integer)
}

/// luaL_checkint: the same, then cast to a C int (`string.rep('x', 1e10)` repeats
/// 1410065408 times in Lua 5.1, as 1e10 modulo 2^32).
pub fn check_int32(vm: &Vm, args: &[Value], n: usize, f: &str) -> Result<i64, Value> {
    check_number(vm, args, n, f).map(|x| i64::from(crate::number::int_arg(x)))
}

pub fn opt_int32(vm: &Vm, args: &[Value], n: usize, f: &str, default: i64) -> Result<i64, Value> {
    match args.get(n - 1) {
        None | Some(Value::Nil) => Ok(default),
        Some(_) => check_int32(vm, args, n, f),
    }
}

pub fn opt_int(vm: &Vm, args: &[Value], n: usize, f: &str, default: i64) -> Result<i64, Value> {
    match args.get(n - 1) {
        None | Some(Value::Nil) => Ok(default),
        Some(_) => check_int(vm, args, n, f),
    }
}

/// luaL_checklstring: a string, or a number converted to one.
pub fn check_bytes(vm: &Vm, args: &[Value], n: usize, f: &str) -> Result<Vec<u8>, Value> {
    args.get(n - 1)
        .and_then(Vm::to_str_bytes)
        .ok_or_else(|| type_error(vm, args, n, f, "string"))
}

/// luaL_checkany: "bad argument #1 to 'type' (value expected)".
pub fn check_any(vm: &Vm, args: &[Value], n: usize, f: &str) -> Result<(), Value> {
    if args.len() < n {
        return Err(arg_error(vm, n, f, "value expected"));
    }
    Ok(())
}

/// What `tostring` shows without metamethods (luaL_tolstring's default cases). Tables
/// and functions show their heap index where Lua shows an address.
pub fn to_display(v: &Value) -> Vec<u8> {
    match v {
        Value::Nil => b"nil".to_vec(),
        Value::Bool(b) => {
            if *b {
                b"true".to_vec()
            } else {
                b"false".to_vec()
            }
        }
        Value::Num(n) => crate::number::fmt(*n),
        Value::Str(s) => s.bytes().to_vec(),
        Value::Table(t) => format!("table: 0x{:08x}", 0x0100_0000 + t.0 as u64 * 0x40).into_bytes(),
        Value::Func(f) => format!("function: 0x{:08x}", 0x0200_0000 + f.0 as u64 * 0x40).into_bytes(),
    }
}

fn assert(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    check_any(vm, args, 1, "assert")?;
    if args[0].truthy() {
        return Ok(Ret::Values(args.to_vec()));
    }
    match args.get(1) {
        // luaL_error("%s", msg): the message as given, with the position.
        Some(v) if !v.is_nil() => {
            let m = Vm::to_str_bytes(v).ok_or_else(|| type_error(vm, args, 2, "assert", "string"))?;
            Err(vm.lib_error(&String::from_utf8_lossy(&m)))
        }
        _ => Err(vm.lib_error("assertion failed!")),
    }
}

fn error(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let message = args.first().cloned().unwrap_or_default();
    let level = opt_int(vm, args, 2, "error", 1)?;
    // A string message gets the position of the function at `level` (1: the code that
    // called error; none when that was a library function such as pcall).
    if let Value::Str(s) = &message {
        let at = match level {
            1 if vm.native_site.is_some() => vm.position(),
            2.. => vm.position_at(level as usize - usize::from(vm.native_site.is_none())),
            _ => None,
        };
        if let Some(at) = at {
            let mut text = format!("{at} ").into_bytes();
            text.extend_from_slice(s.bytes());
            return Err(vm.string(&text));
        }
    }
    Err(message)
}

fn pcall(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    check_any(vm, args, 1, "pcall")?;
    Ok(Ret::Protected {
        f: args[0].clone(),
        args: args[1..].to_vec(),
    })
}

fn type_(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    check_any(vm, args, 1, "type")?;
    let name = args[0].type_name();
    Ok(Ret::Values(vec![Value::str(name)]))
}

fn tostring(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    check_any(vm, args, 1, "tostring")?;
    let mm = vm.metamethod(&args[0], "__tostring");
    if !mm.is_nil() {
        return Ok(Ret::Call {
            f: mm,
            args: vec![args[0].clone()],
        });
    }
    let text = to_display(&args[0]);
    Ok(Ret::Values(vec![vm.string(&text)]))
}

fn tonumber(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let base = opt_int(vm, args, 2, "tonumber", 10)?;
    if base == 10 {
        check_any(vm, args, 1, "tonumber")?;
        return Ok(Ret::Values(
            vec![Vm::to_number(&args[0]).map_or(Value::Nil, Value::Num)],
        ));
    }
    let s = check_bytes(vm, args, 1, "tonumber")?;
    if !(2..=36).contains(&base) {
        return Err(arg_error(vm, 2, "tonumber", "base out of range"));
    }
    Ok(Ret::Values(vec![
        crate::number::parse_base(&s, base as u32).map_or(Value::Nil, Value::Num)
    ]))
}

fn next(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let t = check_table(vm, args, 1, "next")?;
    let key = args.get(1).cloned().unwrap_or_default();
    match vm.heap.table(t).next(&key) {
        Ok(Some((k, v))) => Ok(Ret::Values(vec![k, v])),
        Ok(None) => Ok(Ret::Values(vec![Value::Nil])),
        Err(_) => Err(vm.lib_error("invalid key to 'next'")),
    }
}

fn pairs(vm: &mut Vm, args: &[Value], upvals: &[Value]) -> Result<Ret, Value> {
    check_table(vm, args, 1, "pairs")?;
    Ok(Ret::Values(vec![upvals[0].clone(), args[0].clone(), Value::Nil]))
}

fn ipairs_step(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let t = check_table(vm, args, 1, "ipairs")?;
    let i = check_int(vm, args, 2, "ipairs")? + 1;
    let v = vm.heap.table(t).get_int(i);
    if v.is_nil() {
        return Ok(Ret::Values(vec![]));
    }
    Ok(Ret::Values(vec![Value::Num(i as f64), v]))
}

fn ipairs(vm: &mut Vm, args: &[Value], upvals: &[Value]) -> Result<Ret, Value> {
    check_table(vm, args, 1, "ipairs")?;
    Ok(Ret::Values(vec![upvals[0].clone(), args[0].clone(), Value::Num(0.0)]))
}

fn select(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    // luaB_select: n counts the selector too; select(i, ...) returns the last n - i.
    let n = args.len() as i64;
    if let Some(Value::Str(s)) = args.first() {
        if s.bytes().first() == Some(&b'#') {
            return Ok(Ret::Values(vec![Value::Num((n - 1) as f64)]));
        }
    }
    let mut i = check_int(vm, args, 1, "select")?;
    if i < 0 {
        i += n;
    } else if i > n {
        i = n;
    }
    if i < 1 {
        return Err(arg_error(vm, 1, "select", "index out of range"));
    }
    Ok(Ret::Values(args[i as usize..].to_vec()))
}

fn unpack(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let t = check_table(vm, args, 1, "unpack")?;
    let i = opt_int(vm, args, 2, "unpack", 1)?;
    let e = match args.get(2) {
        None | Some(Value::Nil) => vm.heap.table(t).len() as i64,
        Some(_) => check_int(vm, args, 3, "unpack")?,
    };
    if i > e {
        return Ok(Ret::Values(vec![]));
    }
    // lua_checkstack's limit (LUAI_MAXCSTACK).
    let n = e - i + 1;
    if n <= 0 || n >= 8000 {
        return Err(vm.lib_error("too many results to unpack"));
    }
    vm.charge(n as u64);
    let table = vm.heap.table(t);
    Ok(Ret::Values((i..=e).map(|k| table.get_int(k)).collect()))
}

fn rawequal(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    check_any(vm, args, 1, "rawequal")?;
    check_any(vm, args, 2, "rawequal")?;
    Ok(Ret::Values(vec![Value::Bool(args[0].raw_eq(&args[1]))]))
}

fn rawget(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let t = check_table(vm, args, 1, "rawget")?;
    check_any(vm, args, 2, "rawget")?;
    Ok(Ret::Values(vec![vm.heap.table(t).get(&args[1])]))
}

fn rawset(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let t = check_table(vm, args, 1, "rawset")?;
    check_any(vm, args, 2, "rawset")?;
    check_any(vm, args, 3, "rawset")?;
    if let Err(e) = vm.heap.table_mut(t).set(args[1].clone(), args[2].clone()) {
        return Err(vm.table_error(e));
    }
    Ok(Ret::Values(vec![args[0].clone()]))
}

fn getmetatable(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    check_any(vm, args, 1, "getmetatable")?;
    let Some(mt) = vm.metatable(&args[0]) else {
        return Ok(Ret::Values(vec![Value::Nil]));
    };
    let protected = vm.heap.table(mt).get(&Value::str("__metatable"));
    Ok(Ret::Values(vec![if protected.is_nil() {
        Value::Table(mt)
    } else {
        protected
    }]))
}

fn setmetatable(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let t = check_table(vm, args, 1, "setmetatable")?;
    let mt = match args.get(1) {
        Some(Value::Nil) => None,
        Some(Value::Table(m)) => Some(*m),
        _ => return Err(arg_error(vm, 2, "setmetatable", "nil or table expected")),
    };
    if vm.heap.table(t).readonly {
        return Err(Value::str("Attempt to modify a readonly table"));
    }
    if let Some(old) = vm.heap.table(t).metatable {
        if !vm.heap.table(old).get(&Value::str("__metatable")).is_nil() {
            return Err(vm.lib_error("cannot change a protected metatable"));
        }
    }
    vm.heap.table_mut(t).metatable = mt;
    Ok(Ret::Values(vec![args[0].clone()]))
}

fn collectgarbage(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let option = match args.first() {
        None | Some(Value::Nil) => b"collect".to_vec(),
        Some(_) => check_bytes(vm, args, 1, "collectgarbage")?,
    };
    match option.as_slice() {
        b"collect" => {
            vm.collect_garbage();
            Ok(Ret::Values(vec![Value::Num(0.0)]))
        }
        b"count" => Ok(Ret::Values(vec![Value::Num(vm.heap.bytes as f64 / 1024.0)])),
        b"stop" | b"restart" | b"step" | b"setpause" | b"setstepmul" => Ok(Ret::Values(vec![Value::Num(0.0)])),
        other => {
            let why = format!("invalid option '{}'", String::from_utf8_lossy(other));
            Err(arg_error(vm, 1, "collectgarbage", &why))
        }
    }
}

/// loadstring(s [, chunkname]): the compiled function, or nil and the syntax error (the
/// chunk named by its text, `[string "..."]`, as luaL_loadbuffer names it).
fn loadstring(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let source = check_bytes(vm, args, 1, "loadstring")?;
    let name = match args.get(1) {
        None | Some(Value::Nil) => source.clone(),
        Some(_) => check_bytes(vm, args, 2, "loadstring")?,
    };
    vm.charge(source.len() as u64 / 4);
    // One C call deep (loadstring itself), as 5.1 counts syntax levels.
    match crate::parse::parse_at_depth(&source, &name, 1) {
        Ok(chunk) => {
            let proto = crate::compile::compile(&chunk);
            Ok(Ret::Values(vec![vm.closure(proto)]))
        }
        Err(e) => {
            let message = vm.string(&e.message);
            Ok(Ret::Values(vec![Value::Nil, message]))
        }
    }
}

fn gcinfo(vm: &mut Vm, _: &[Value], _: &[Value]) -> Result<Ret, Value> {
    Ok(Ret::Values(vec![Value::Num((vm.heap.bytes / 1024) as f64)]))
}

/// Opens the base library in the VM's globals.
pub fn open(vm: &mut Vm) {
    let next_fn = vm.native("next", next);
    let ipairs_fn = vm.native("ipairs", ipairs_step);
    let fns: [(&'static str, crate::vm::NativeFn); 16] = [
        ("assert", assert),
        ("error", error),
        ("pcall", pcall),
        ("type", type_),
        ("tostring", tostring),
        ("tonumber", tonumber),
        ("select", select),
        ("unpack", unpack),
        ("rawequal", rawequal),
        ("rawget", rawget),
        ("rawset", rawset),
        ("getmetatable", getmetatable),
        ("setmetatable", setmetatable),
        ("collectgarbage", collectgarbage),
        ("gcinfo", gcinfo),
        ("loadstring", loadstring),
    ];
    for (name, f) in fns {
        let v = vm.native(name, f);
        vm.set_global(name, v);
    }
    vm.set_global("next", next_fn.clone());
    let pairs_fn = vm.native_with("pairs", pairs, vec![next_fn]);
    vm.set_global("pairs", pairs_fn);
    let ipairs_fn = vm.native_with("ipairs", ipairs, vec![ipairs_fn]);
    vm.set_global("ipairs", ipairs_fn);
    vm.set_global("_G", Value::Table(vm.globals));
    vm.set_global("_VERSION", Value::str("Lua 5.1"));
}
