//! Redis 7 functions (functions.c, function_lua.c): libraries of Lua functions loaded
//! with FUNCTION LOAD (`#!lua name=<library>` then code that calls
//! `redis.register_function`), called with FCALL / FCALL_RO, listed, deleted, flushed,
//! and FUNCTION STATS / KILL. They live in a Lua state of their own, as in Redis; a
//! function runs like a script (`scripting`: in slices, BUSY, KILL), getting its keys and
//! arguments as two tables. Left out for now: FUNCTION DUMP / RESTORE and functions in
//! dump.rdb (the AOF keeps them: FUNCTION LOAD is propagated as it was typed).

use keyspace_lua::table::Table;
use keyspace_lua::value::Value;
use keyspace_lua::vm::{Poll, Ret, Vm};

use super::script_lua::{error_table, new_lua};
use super::scripting::{Running, SLICE_FUEL};
use crate::client::ClientId;
use crate::engine::Engine;
use crate::reply::Reply;

/// A registered function.
pub(crate) struct Function {
    pub name: String,
    pub callback: Value,
    pub flags: Vec<String>,
    pub description: Option<String>,
}

/// A library: its name, code and functions, in registration order.
pub(crate) struct Library {
    pub name: String,
    pub code: Vec<u8>,
    pub functions: Vec<Function>,
}

impl Library {
    /// A copy (the callbacks are values of the same Lua state).
    fn clone_shallow(&self) -> Library {
        Library {
            name: self.name.clone(),
            code: self.code.clone(),
            functions: self
                .functions
                .iter()
                .map(|f| Function {
                    name: f.name.clone(),
                    callback: f.callback.clone(),
                    flags: f.flags.clone(),
                    description: f.description.clone(),
                })
                .collect(),
        }
    }
}

#[derive(Default)]
pub(crate) struct Functions {
    pub lua: Option<Box<Vm>>,
    pub libraries: Vec<Library>,
}

/// The flags a function may declare (script.c `scripts_flags_def`).
const FLAGS: &[&str] = &[
    "no-writes",
    "allow-oom",
    "allow-stale",
    "no-cluster",
    "allow-cross-slot-keys",
];

fn valid_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// `redis.register_function(name, callback)` or `redis.register_function{...}`, during
/// a library's load: appended to the collector table (its upvalue).
fn register_function(vm: &mut Vm, args: &[Value], upvals: &[Value]) -> Result<Ret, Value> {
    let (name, callback, flags, description) = match args {
        [Value::Str(name), Value::Func(f)] => (name.clone(), Value::Func(*f), Value::Nil, Value::Nil),
        [Value::Table(t)] => {
            let table = vm.heap.table(*t);
            let mut k = Value::Nil;
            while let Ok(Some((key, _))) = table.next(&k) {
                let known = matches!(&key, Value::Str(s) if [&b"function_name"[..], b"callback", b"flags", b"description"].contains(&s.bytes()));
                if !known {
                    return Err(error_table(vm, "unknown argument given to redis.register_function"));
                }
                k = key;
            }
            let get = |n: &str| table.get(&Value::str(n));
            let Value::Str(name) = get("function_name") else {
                return Err(error_table(
                    vm,
                    "redis.register_function must get a function name argument",
                ));
            };
            let Value::Func(f) = get("callback") else {
                return Err(error_table(vm, "redis.register_function must get a callback argument"));
            };
            (name, Value::Func(f), get("flags"), get("description"))
        }
        [_, _] => return Err(error_table(vm, "wrong argument given to redis.register_function")),
        _ => return Err(error_table(vm, "wrong number of arguments to redis.register_function")),
    };
    let name_text = String::from_utf8_lossy(name.bytes()).into_owned();
    if !valid_name(&name_text) {
        // Redis 7.0's own words (it reuses the library names' message).
        return Err(error_table(
            vm,
            "Library names can only contain letters, numbers, or underscores(_) and must be at least one character long",
        ));
    }
    let mut flag_list = Vec::new();
    match &flags {
        Value::Nil => {}
        Value::Table(t) => {
            let n = vm.heap.table(*t).len();
            for i in 1..=n {
                match vm.heap.table(*t).get_int(i as i64) {
                    Value::Str(s) if FLAGS.contains(&String::from_utf8_lossy(s.bytes()).as_ref()) => {
                        flag_list.push(String::from_utf8_lossy(s.bytes()).into_owned())
                    }
                    _ => return Err(error_table(vm, "unknown flag given")),
                }
            }
        }
        _ => {
            return Err(error_table(
                vm,
                "flags argument to redis.register_function must be a table representing function flags",
            ))
        }
    }
    let description = match &description {
        Value::Nil => None,
        Value::Str(s) => Some(String::from_utf8_lossy(s.bytes()).into_owned()),
        _ => return Err(error_table(vm, "description must be a string")),
    };
    let Value::Table(collector) = upvals[0] else {
        unreachable!("the collector is a table")
    };
    // Each registration: {name, callback, flags..., description} as a small table.
    let entry = vm.table(Table::default());
    let Value::Table(e) = entry else {
        unreachable!("a table")
    };
    vm.raw_set(e, Value::str("name"), Value::Str(name));
    vm.raw_set(e, Value::str("callback"), callback);
    let flags_value = vm.string(flag_list.join(",").as_bytes());
    vm.raw_set(e, Value::str("flags"), flags_value);
    if let Some(d) = description {
        let d = vm.string(d.as_bytes());
        vm.raw_set(e, Value::str("description"), d);
    }
    let n = vm.heap.table(collector).len();
    vm.raw_set(collector, Value::Num((n + 1) as f64), entry);
    Ok(Ret::Values(vec![]))
}

/// Parses `#!lua name=<lib> ...` (functionExtractLibMetaData).
fn library_name(code: &[u8]) -> Result<String, Reply> {
    let text = String::from_utf8_lossy(code);
    let Some(first) = text.lines().next().filter(|l| l.starts_with("#!")) else {
        return Err(Reply::err("ERR Missing library metadata"));
    };
    let mut parts = first[2..].split(' ').filter(|p| !p.is_empty());
    let engine = parts.next().unwrap_or("");
    if !engine.eq_ignore_ascii_case("lua") {
        return Err(Reply::err(format!("ERR Engine '{engine}' not found")));
    }
    let mut name = None;
    for part in parts {
        match part.split_once('=') {
            Some(("name", v)) => name = Some(v.to_string()),
            _ => return Err(Reply::err(format!("ERR Invalid metadata value given: {part}"))),
        }
    }
    let name = name.ok_or_else(|| Reply::err("ERR Library name was not given"))?;
    if !valid_name(&name) {
        return Err(Reply::err(
            "ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long",
        ));
    }
    Ok(name)
}

fn err_text(vm: &Vm, e: &Value) -> String {
    match e {
        Value::Table(t) => match vm.heap.table(*t).get(&Value::str("err")) {
            Value::Str(s) => String::from_utf8_lossy(s.bytes()).into_owned(),
            _ => "ERR unknown error".into(),
        },
        other => {
            let text = String::from_utf8_lossy(&keyspace_lua::lib_base::to_display(other)).into_owned();
            if text
                .split(' ')
                .next()
                .is_some_and(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_uppercase()))
            {
                text
            } else {
                format!("ERR {text}")
            }
        }
    }
}

impl Engine {
    /// FUNCTION LOAD [REPLACE] code: the library's name.
    pub(crate) fn function_load(&mut self, code: &[u8], replace: bool) -> Reply {
        let name = match library_name(code) {
            Ok(n) => n,
            Err(e) => return e,
        };
        let existing = self.scripting.functions.libraries.iter().position(|l| l.name == name);
        if existing.is_some() && !replace {
            return Reply::err(format!("ERR Library '{name}' already exists"));
        }
        let mut vm = self.scripting.functions.lua.take().unwrap_or_else(new_lua);
        let outcome = load_library(&mut vm, code);
        let functions = match outcome {
            Ok(f) => f,
            Err(e) => {
                self.scripting.functions.lua = Some(vm);
                return e;
            }
        };
        // A function name is unique across libraries (the replaced one aside).
        for f in &functions {
            let clash = self
                .scripting
                .functions
                .libraries
                .iter()
                .filter(|l| l.name != name)
                .any(|l| l.functions.iter().any(|g| g.name == f.name));
            if clash {
                self.scripting.functions.lua = Some(vm);
                return Reply::err(format!("ERR Function {} already exists", f.name));
            }
        }
        for f in &functions {
            vm.roots.push(f.callback.clone());
        }
        self.scripting.functions.lua = Some(vm);
        let library = Library {
            name: name.clone(),
            code: code.to_vec(),
            functions,
        };
        match existing {
            Some(i) => self.scripting.functions.libraries[i] = library,
            None => self.scripting.functions.libraries.push(library),
        }
        Reply::Bulk(name.into_bytes())
    }

    /// The libraries' code, for RDB files and AOF rewrites.
    pub fn function_codes(&self) -> Vec<Vec<u8>> {
        self.scripting
            .functions
            .libraries
            .iter()
            .map(|l| l.code.clone())
            .collect()
    }

    /// Replaces the libraries with these (an RDB load); names of those that fail go to
    /// `failed`.
    pub(crate) fn replace_functions(&mut self, codes: &[Vec<u8>], failed: &mut Vec<String>) {
        self.scripting.functions = Functions::default();
        for code in codes {
            if let Reply::Error(_) = self.function_load(code, true) {
                failed.push(library_name(code).unwrap_or_default());
            }
        }
    }

    /// FUNCTION RESTORE's libraries, all or nothing: FLUSH drops the others first,
    /// APPEND refuses a library that exists, REPLACE replaces it.
    pub(crate) fn function_restore(&mut self, codes: &[Vec<u8>], policy: &[u8]) -> Reply {
        let before_libraries = std::mem::take(&mut self.scripting.functions.libraries);
        if policy != b"FLUSH" {
            self.scripting.functions.libraries = before_libraries.iter().map(Library::clone_shallow).collect();
        }
        for code in codes {
            let name = library_name(code).unwrap_or_default();
            let exists = self.scripting.functions.libraries.iter().any(|l| l.name == name);
            if exists && policy == b"APPEND" {
                self.scripting.functions.libraries = before_libraries;
                return Reply::err(format!("ERR Library {name} already exists"));
            }
            if let Reply::Error(e) = self.function_load(code, policy == b"REPLACE") {
                self.scripting.functions.libraries = before_libraries;
                return Reply::Error(e);
            }
        }
        Reply::ok()
    }

    /// FUNCTION DELETE.
    pub(crate) fn function_delete(&mut self, name: &[u8]) -> Reply {
        let name = String::from_utf8_lossy(name);
        match self.scripting.functions.libraries.iter().position(|l| l.name == name) {
            Some(i) => {
                self.scripting.functions.libraries.remove(i);
                Reply::ok()
            }
            None => Reply::err("ERR Library not found"),
        }
    }

    /// FUNCTION FLUSH.
    pub(crate) fn function_flush(&mut self) {
        self.scripting.functions = Functions::default();
    }

    /// FUNCTION LIST [LIBRARYNAME pattern] [WITHCODE].
    pub(crate) fn function_list(&self, pattern: Option<&[u8]>, with_code: bool) -> Reply {
        let libraries = self
            .scripting
            .functions
            .libraries
            .iter()
            .filter(|l| pattern.is_none_or(|p| crate::glob::matches(p, l.name.as_bytes(), false)))
            .map(|l| {
                let functions = l
                    .functions
                    .iter()
                    .map(|f| {
                        Reply::Map(vec![
                            (Reply::Bulk(b"name".to_vec()), Reply::Bulk(f.name.clone().into_bytes())),
                            (
                                Reply::Bulk(b"description".to_vec()),
                                f.description
                                    .clone()
                                    .map_or(Reply::Null, |d| Reply::Bulk(d.into_bytes())),
                            ),
                            (
                                Reply::Bulk(b"flags".to_vec()),
                                Reply::Set(f.flags.iter().map(|x| Reply::Status(x.clone().into())).collect()),
                            ),
                        ])
                    })
                    .collect();
                let mut fields = vec![
                    (
                        Reply::Bulk(b"library_name".to_vec()),
                        Reply::Bulk(l.name.clone().into_bytes()),
                    ),
                    (Reply::Bulk(b"engine".to_vec()), Reply::Bulk(b"LUA".to_vec())),
                    (Reply::Bulk(b"functions".to_vec()), Reply::Array(functions)),
                ];
                if with_code {
                    fields.push((Reply::Bulk(b"library_code".to_vec()), Reply::Bulk(l.code.clone())));
                }
                Reply::Map(fields)
            })
            .collect();
        Reply::Array(libraries)
    }

    /// FUNCTION STATS.
    pub(crate) fn function_stats(&self) -> Reply {
        let running = match self.scripting.running.as_ref().filter(|r| r.function) {
            None => Reply::Null,
            Some(r) => Reply::Map(vec![
                (Reply::Bulk(b"name".to_vec()), Reply::Bulk(r.sha.clone().into_bytes())),
                (Reply::Bulk(b"command".to_vec()), Reply::Array(vec![])),
                (Reply::Bulk(b"duration_ms".to_vec()), Reply::Int(0)),
            ]),
        };
        let libs = &self.scripting.functions.libraries;
        let count: usize = libs.iter().map(|l| l.functions.len()).sum();
        Reply::Map(vec![
            (Reply::Bulk(b"running_script".to_vec()), running),
            (
                Reply::Bulk(b"engines".to_vec()),
                Reply::Map(vec![(
                    Reply::Bulk(b"LUA".to_vec()),
                    Reply::Map(vec![
                        (Reply::Bulk(b"libraries_count".to_vec()), Reply::Int(libs.len() as i64)),
                        (Reply::Bulk(b"functions_count".to_vec()), Reply::Int(count as i64)),
                    ]),
                )]),
            ),
        ])
    }

    /// FCALL / FCALL_RO: None when the reply comes later (the function goes on in
    /// slices).
    pub(crate) fn fcall(
        &mut self,
        id: ClientId,
        name: &[u8],
        keys: &[Vec<u8>],
        args: &[Vec<u8>],
        read_only: bool,
    ) -> Option<Reply> {
        let name = String::from_utf8_lossy(name).into_owned();
        let found = self
            .scripting
            .functions
            .libraries
            .iter()
            .flat_map(|l| l.functions.iter())
            .find(|f| f.name == name)
            .map(|f| {
                (
                    f.callback.clone(),
                    f.flags.iter().any(|x| x == "no-writes"),
                    f.flags.clone(),
                )
            });
        let Some((callback, no_writes, flags)) = found else {
            return Some(Reply::err("ERR Function not found"));
        };
        let allow_oom = flags.iter().any(|f| f == "allow-oom");
        // A function that may write without `allow-oom` is refused over maxmemory
        // (fcallGetCommandFlags), as a write command is.
        if !no_writes && !allow_oom && self.script_oom_at_start() {
            return Some(Reply::err("OOM command not allowed when used memory > 'maxmemory'."));
        }
        if read_only && !no_writes {
            return Some(Reply::err(
                "ERR Can not execute a script with write flag using *_ro command.",
            ));
        }
        let oom_at_start = self.script_oom_at_start();
        let mut vm = self.scripting.functions.lua.take()?;
        let make = |vm: &mut Vm, items: &[Vec<u8>]| {
            let t = vm.table(Table::new(items.len(), 0));
            if let Value::Table(r) = t {
                for (i, item) in items.iter().enumerate() {
                    let v = vm.string(item);
                    vm.raw_set(r, Value::Num((i + 1) as f64), v);
                }
            }
            t
        };
        let (k, a) = (make(&mut vm, keys), make(&mut vm, args));
        vm.host_flags = 2;
        vm.start(callback, vec![k, a]);
        self.scripting.functions.lua = Some(vm);
        let first_record = self.propagated.as_ref().map_or(0, Vec::len);
        let db_before = self.clients.get(&id).map_or(0, |c| c.db);
        self.scripting.running = Some(Running {
            client: id,
            sha: name,
            started: self.intro.clock().unwrap_or(self.now.max(0) as u64 * 1000),
            wrote: false,
            read_only: read_only || no_writes,
            allow_oom,
            oom_at_start,
            first_record,
            db_before,
            function: true,
        });
        self.continue_script(SLICE_FUEL)
    }
}

/// Runs a library's code with `redis.register_function` available: the functions it
/// registered, or FUNCTION LOAD's error.
fn load_library(vm: &mut Vm, code: &[u8]) -> Result<Vec<Function>, Reply> {
    // The first line (the shebang) is a comment to Lua: it is kept for line numbers.
    let body: Vec<u8> = match code.iter().position(|&b| b == b'\n') {
        Some(i) => [b"--".as_slice(), &code[..i], &code[i..]].concat(),
        None => Vec::new(),
    };
    let chunk = keyspace_lua::parse::parse(&body, b"@user_function")
        .map_err(|e| Reply::err(format!("ERR Error compiling function: {e}")))?;
    let proto = keyspace_lua::compile::compile(&chunk);
    let main = vm.closure(proto);
    let collector = vm.table(Table::default());
    let register = vm.native_with("register_function", register_function, vec![collector.clone()]);
    // The load-time `redis` table (luaRegisterFunctionLoadApi): register_function,
    // log and its levels, setresp; anything else is missing, with the error a missing
    // global gives.
    let redis = vm.get_global("redis");
    let Value::Table(full) = redis else {
        return Err(Reply::err("ERR no redis table"));
    };
    let load = vm.table(Table::default());
    let Value::Table(l) = load else { unreachable!("a table") };
    for name in [
        "log",
        "setresp",
        "LOG_DEBUG",
        "LOG_VERBOSE",
        "LOG_NOTICE",
        "LOG_WARNING",
    ] {
        let v = vm.heap.table(full).get(&Value::str(name));
        vm.raw_set(l, Value::str(name), v);
    }
    vm.raw_set(l, Value::str("register_function"), register);
    let meta = vm.table(Table::default());
    let Value::Table(m) = meta else { unreachable!("a table") };
    let index = vm.native("__index", super::script_lua::missing_global);
    vm.raw_set(m, Value::str("__index"), index);
    vm.heap.table_mut(l).metatable = Some(m);
    let globals = vm.globals;
    vm.heap.table_mut(globals).readonly = false;
    vm.set_global("redis", load);
    vm.heap.table_mut(globals).readonly = true;
    vm.start(main, vec![]);
    // Loading runs to completion under a bound: a library's top level should only
    // register functions.
    let mut fuel = 50 * SLICE_FUEL;
    let result = match vm.run(&mut fuel) {
        Poll::Done(_) => Ok(()),
        Poll::Error(e) => Err(Reply::err(format!(
            "ERR Error registering functions: {}",
            err_text(vm, &e)
        ))),
        Poll::Pending => Err(Reply::err("ERR FUNCTION LOAD timeout")),
        Poll::Host(_) => Err(Reply::err(
            "ERR Error registering functions: redis.call is not available while loading",
        )),
    };
    vm.abandon();
    vm.heap.table_mut(globals).readonly = false;
    vm.set_global("redis", Value::Table(full));
    vm.heap.table_mut(globals).readonly = true;
    result?;
    let Value::Table(c) = collector else {
        unreachable!("a table")
    };
    let n = vm.heap.table(c).len();
    if n == 0 {
        return Err(Reply::err("ERR No functions registered"));
    }
    let mut functions: Vec<Function> = Vec::new();
    for i in 1..=n {
        let Value::Table(e) = vm.heap.table(c).get_int(i as i64) else {
            continue;
        };
        let t = vm.heap.table(e);
        let text = |v: Value| match v {
            Value::Str(s) => Some(String::from_utf8_lossy(s.bytes()).into_owned()),
            _ => None,
        };
        let name = text(t.get(&Value::str("name"))).unwrap_or_default();
        if functions.iter().any(|f| f.name == name) {
            return Err(Reply::err(
                "ERR Error registering functions: ERR Function already exists in the library",
            ));
        }
        functions.push(Function {
            name,
            callback: t.get(&Value::str("callback")),
            flags: text(t.get(&Value::str("flags")))
                .map(|f| f.split(',').filter(|x| !x.is_empty()).map(String::from).collect())
                .unwrap_or_default(),
            description: text(t.get(&Value::str("description"))),
        });
    }
    Ok(functions)
}
