//! Lua 5.1's table library (ltablib.c): `concat`, `insert`, `remove`, `maxn`, `getn`,
//! `setn` (obsolete), `foreach`, `foreachi`, and `sort`. `sort` is ltablib.c's
//! quicksort written in Lua (`SORT`), run by the VM like any script: a comparator is an
//! ordinary call, a long sort is paused between slices like any loop, and — the same
//! algorithm, the same comparisons in the same order — an inconsistent comparator gives
//! the order Lua 5.1 gives, or its "invalid order function for sorting".

use std::rc::Rc;

use crate::lib_base::{arg_error, check_table, opt_int32, type_error};
use crate::proto::Proto;
use crate::table::Table;
use crate::value::{TableRef, Value};
use crate::vm::{Ret, Vm};

/// ltablib.c's auxsort, line for line (set2 is the two assignments after each test).
const SORT: &str = r#"
local rawget, rawset, error, floor = ...
local function lt_default(a, b) return a < b end
local function auxsort(t, l, u, lt)
  while l < u do
    if lt(rawget(t, u), rawget(t, l)) then
      local a, b = rawget(t, l), rawget(t, u)
      rawset(t, l, b) rawset(t, u, a)
    end
    if u - l == 1 then break end
    local i = floor((l + u) / 2)
    if lt(rawget(t, i), rawget(t, l)) then
      local a, b = rawget(t, i), rawget(t, l)
      rawset(t, i, b) rawset(t, l, a)
    elseif lt(rawget(t, u), rawget(t, i)) then
      local a, b = rawget(t, i), rawget(t, u)
      rawset(t, i, b) rawset(t, u, a)
    end
    if u - l == 2 then break end
    local p = rawget(t, i)
    rawset(t, i, rawget(t, u - 1)) rawset(t, u - 1, p)
    local j
    i, j = l, u - 1
    while true do
      i = i + 1
      while lt(rawget(t, i), p) do
        if i > u then error("invalid order function for sorting", 0) end
        i = i + 1
      end
      j = j - 1
      while lt(p, rawget(t, j)) do
        if j < l then error("invalid order function for sorting", 0) end
        j = j - 1
      end
      if j < i then break end
      local a, b = rawget(t, i), rawget(t, j)
      rawset(t, i, b) rawset(t, j, a)
    end
    local a, b = rawget(t, u - 1), rawget(t, i)
    rawset(t, u - 1, b) rawset(t, i, a)
    if i - l < u - i then
      j = l; i = i - 1; l = i + 2
    else
      j = i + 1; i = u; u = j - 2
    end
    auxsort(t, j, i, lt)
  end
end
return function(t, n, lt) auxsort(t, 1, n, lt or lt_default) end
"#;

fn len_of(vm: &Vm, t: TableRef) -> i64 {
    vm.heap.table(t).len() as i64
}

fn concat(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let sep = match args.get(1) {
        None | Some(Value::Nil) => Vec::new(),
        Some(_) => crate::lib_base::check_bytes(vm, args, 2, "concat")?,
    };
    let t = check_table(vm, args, 1, "concat")?;
    let first = opt_int32(vm, args, 3, "concat", 1)?;
    let last = match args.get(3) {
        None | Some(Value::Nil) => len_of(vm, t),
        Some(_) => crate::lib_base::check_int32(vm, args, 4, "concat")?,
    };
    let mut out = Vec::new();
    let mut i = first;
    while i <= last {
        let v = vm.heap.table(t).get_int(i);
        match Vm::to_str_bytes(&v) {
            Some(b) => out.extend_from_slice(&b),
            None => {
                let why = format!("invalid value ({}) at index {i} in table for 'concat'", v.type_name());
                return Err(vm.lib_error(&why));
            }
        }
        if i < last {
            out.extend_from_slice(&sep);
        }
        if out.len() > crate::lib_string::MAX_STRING {
            return Err(vm.lib_error("not enough memory"));
        }
        i += 1;
    }
    vm.charge(out.len() as u64 / 16 + (last - first).max(0) as u64);
    let s = vm.string(&out);
    Ok(Ret::Values(vec![s]))
}

fn insert(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let t = check_table(vm, args, 1, "insert")?;
    if vm.heap.table(t).readonly {
        return Err(vm.table_error(crate::table::KeyError::ReadOnly));
    }
    let mut e = len_of(vm, t) + 1;
    let pos = match args.len() {
        2 => e,
        3 => {
            let pos = crate::lib_base::check_int32(vm, args, 2, "insert")?;
            if pos > e {
                e = pos;
            }
            vm.charge((e - pos).max(0) as u64);
            let mut i = e;
            while i > pos {
                let v = vm.heap.table(t).get_int(i - 1);
                vm.raw_set(t, Value::Num(i as f64), v);
                i -= 1;
            }
            pos
        }
        _ => return Err(vm.lib_error("wrong number of arguments to 'insert'")),
    };
    let v = args.last().cloned().unwrap_or_default();
    if let Err(err) = vm.heap.table_mut(t).set(Value::Num(pos as f64), v) {
        return Err(vm.table_error(err));
    }
    Ok(Ret::Values(vec![]))
}

fn remove(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let t = check_table(vm, args, 1, "remove")?;
    if vm.heap.table(t).readonly {
        return Err(vm.table_error(crate::table::KeyError::ReadOnly));
    }
    let e = len_of(vm, t);
    let mut pos = opt_int32(vm, args, 2, "remove", e)?;
    if !(1 <= pos && pos <= e) {
        return Ok(Ret::Values(vec![]));
    }
    let result = vm.heap.table(t).get_int(pos);
    vm.charge((e - pos) as u64);
    while pos < e {
        let v = vm.heap.table(t).get_int(pos + 1);
        vm.raw_set(t, Value::Num(pos as f64), v);
        pos += 1;
    }
    vm.raw_set(t, Value::Num(e as f64), Value::Nil);
    Ok(Ret::Values(vec![result]))
}

fn maxn(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let t = check_table(vm, args, 1, "maxn")?;
    let mut max = 0.0f64;
    let mut k = Value::Nil;
    let mut n = 0u64;
    while let Ok(Some((key, _))) = vm.heap.table(t).next(&k) {
        if let Value::Num(x) = key {
            if x > max {
                max = x;
            }
        }
        k = key;
        n += 1;
    }
    vm.charge(n);
    Ok(Ret::Values(vec![Value::Num(max)]))
}

fn getn(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let t = check_table(vm, args, 1, "getn")?;
    Ok(Ret::Values(vec![Value::Num(len_of(vm, t) as f64)]))
}

fn setn(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    check_table(vm, args, 1, "setn")?;
    Err(vm.lib_error("'setn' is obsolete"))
}

fn sort(vm: &mut Vm, args: &[Value], upvals: &[Value]) -> Result<Ret, Value> {
    let t = check_table(vm, args, 1, "sort")?;
    let n = len_of(vm, t);
    let comparator = match args.get(1) {
        None | Some(Value::Nil) => Value::Nil,
        Some(f @ Value::Func(_)) => f.clone(),
        Some(_) => return Err(type_error(vm, args, 2, "sort", "function")),
    };
    Ok(Ret::Call {
        f: upvals[0].clone(),
        args: vec![args[0].clone(), Value::Num(n as f64), comparator],
    })
}

/// Opens `table`. `sort`'s Lua half is compiled here and started once to make the
/// function (`start` needs an idle VM: open libraries before running scripts).
pub fn open(vm: &mut Vm) {
    let lib = vm.table(Table::default());
    let Value::Table(lib_ref) = lib else {
        unreachable!("a table")
    };
    let fns: [(&'static str, crate::vm::NativeFn); 6] = [
        ("concat", concat),
        ("insert", insert),
        ("remove", remove),
        ("maxn", maxn),
        ("getn", getn),
        ("setn", setn),
    ];
    for (name, f) in fns {
        let v = vm.native(name, f);
        vm.raw_set(lib_ref, Value::str(name), v);
    }
    let auxsort = sort_function(vm);
    let sort_fn = vm.native_with("sort", sort, vec![auxsort]);
    vm.raw_set(lib_ref, Value::str("sort"), sort_fn);
    vm.set_global("table", lib);
    let _ = arg_error;
}

/// Runs the SORT chunk with the raw functions it needs, giving the sort function.
fn sort_function(vm: &mut Vm) -> Value {
    let chunk = crate::parse::parse(SORT.as_bytes(), b"=[C]").expect("the sort chunk parses");
    let proto: Rc<Proto> = crate::compile::compile_library(&chunk);
    let main = vm.closure(proto);
    let rawget = vm.get_global("rawget");
    let rawset = vm.get_global("rawset");
    let error = vm.get_global("error");
    let floor = vm.native("floor", floor);
    vm.start(main, vec![rawget, rawset, error, floor]);
    let mut fuel = u64::MAX;
    match vm.run(&mut fuel) {
        crate::vm::Poll::Done(values) => values.into_iter().next().unwrap_or_default(),
        other => panic!("the sort chunk runs: {other:?}"),
    }
}

fn floor(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let x = crate::lib_base::check_number(vm, args, 1, "floor")?;
    Ok(Ret::Values(vec![Value::Num(x.floor())]))
}
