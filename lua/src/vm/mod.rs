//! The virtual machine: runs compiled functions (`proto`) in slices under fuel, and
//! stops whenever the host must act (`redis.call`). Nothing of a running script lives
//! on the Rust stack: call frames are data (`Frame`), a call into Lua from a library
//! function (pcall, a metamethod, `table.sort`'s comparator) is a frame with a note of
//! what to do with its results (`Then`), so a script can be paused between any two
//! operations and resumed later, or dropped (SCRIPT KILL). `run(fuel)` returns when the
//! script ends, fails, runs out of fuel (`Poll::Pending`: call `run` again) or waits for
//! the host (`Poll::Host`: answer with `host_reply`).
//!
//! Errors are Lua values; the ones the VM raises are strings with the position Lua 5.1
//! gives them (`user_script:3: attempt to index global 'x' (a nil value)`), library
//! functions' with the position of the Lua code that called them (luaL_error's level 1).

use std::rc::Rc;

use crate::heap::{CellRef, Function, Heap};
use crate::proto::{Arith, Capture, Op, Origin, Proto, MULTI};
use crate::table::Table;
use crate::value::{FuncRef, LuaStr, TableRef, Value};

mod call;
mod ops;
mod run;
mod step;

/// A library function: gets the VM and its arguments (and the values it closes over),
/// says what to do next.
pub type NativeFn = fn(&mut Vm, &[Value], &[Value]) -> Result<Ret, Value>;

/// A library function's continuation: called with its saved state and the results of
/// the call it asked for (none after `Ret::Again`), it says what to do next, as the
/// function itself would.
pub type Cont = fn(&mut Vm, Box<dyn std::any::Any>, Vec<Value>) -> Result<Ret, Value>;

/// What a library function asks of the VM.
pub enum Ret {
    /// These are its results.
    Values(Vec<Value>),
    /// Call `f(args)`: its results are this function's (a metamethod, `tostring`'s
    /// `__tostring`, `pcall`'s body run unprotected).
    Call { f: Value, args: Vec<Value> },
    /// `pcall`: call `f(args)` protected: `true, results...` or `false, error`.
    Protected { f: Value, args: Vec<Value> },
    /// The host must answer (`redis.call`): `run` returns `Poll::Host`.
    Host(Vec<Vec<u8>>),
    /// Call `f(args)`, then `then(state, results)` (gsub's replacement function): the
    /// library function goes on after a Lua call, which may pause the script. `keep`
    /// are values the state needs alive (the collector cannot see into it).
    CallThen {
        f: Value,
        args: Vec<Value>,
        state: Box<dyn std::any::Any>,
        then: Cont,
        keep: Vec<Value>,
    },
    /// Not done: run `then(state, [])` at the next operation (a long pattern match
    /// spread over slices, so that fuel is counted and the host gets its turns).
    Again {
        state: Box<dyn std::any::Any>,
        then: Cont,
        keep: Vec<Value>,
    },
}

/// Where a run stands.
#[derive(Debug)]
pub enum Poll {
    /// The script returned these values.
    Done(Vec<Value>),
    /// Out of fuel: call `run` again to go on.
    Pending,
    /// The script waits for the host with this request (`redis.call`'s arguments):
    /// answer with `host_reply`, then `run` again.
    Host(Vec<Vec<u8>>),
    /// The script failed with this error value.
    Error(Value),
}

/// What happens to a finished call's results.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Then {
    /// Pushed on the caller's stack where the callee was, adjusted to `results`.
    Push,
    /// `true` pushed first; an error caught here pushes `false, error` instead.
    Protected,
    /// The first result as a boolean (a comparison's metamethod); `negate` for `__le`
    /// computed as `not __lt(b, a)`.
    Truth { negate: bool },
    /// A concatenation's metamethod: its result replaces the two operands, and the
    /// concatenation goes on with `left` operands.
    Concat { left: u16 },
    /// The end of the script: `run` returns the results.
    Finish,
    /// The results go to the library function's continuation in the frame below.
    Cont,
}

struct Frame {
    /// None: a library function waiting for the host.
    func: Option<FuncRef>,
    proto: Option<Rc<Proto>>,
    pc: usize,
    /// Stack index of local slot 0.
    base: usize,
    /// Stack index where the callee was: results go there.
    ret_at: usize,
    results: u16,
    then: Then,
    varargs: Vec<Value>,
    /// The cells of captured locals, by slot.
    cells: Vec<Option<CellRef>>,
    /// A library function waiting to go on (`Ret::CallThen` / `Ret::Again`), with the
    /// values its state needs alive, and whether it runs at the next step (`Again`)
    /// rather than when a call returns.
    cont: Option<(Cont, Box<dyn std::any::Any>)>,
    keep: Vec<Value>,
    again: bool,
}

/// A script's interpreter state: its heap, globals, stack and frames.
pub struct Vm {
    pub heap: Heap,
    pub globals: TableRef,
    /// The table of strings' methods (`("x"):upper()`), if the string library is open.
    pub string_meta: Option<TableRef>,
    /// Values the host keeps alive (the registry: loaded scripts, library tables).
    pub roots: Vec<Value>,
    /// Frames Lua allows before "stack overflow" (LUAI_MAXCALLS).
    pub max_frames: usize,
    stack: Vec<Value>,
    frames: Vec<Frame>,
    /// How many values the last MULTI producer left on the stack.
    multi: usize,
    /// Fuel library functions charged for work beyond one operation.
    debt: u64,
    pending_error: Option<Value>,
    finished: Option<Vec<Value>>,
    waiting: Option<Vec<Vec<u8>>>,
    /// Operations since the last look at the heap's size.
    since_gc_check: u32,
    /// `math.random`'s generator (Redis's, carried from one script to the next).
    pub random: crate::lib_math::Lrand48,
    /// Free for the host's library functions (Redis's `redis.setresp` keeps the
    /// protocol its calls' replies are read in).
    pub host_flags: u32,
    /// How the next library function is called: by Lua code, under this name (as
    /// getfuncname finds it: the global, local, field or method the call read) and
    /// whether as a method. Taken by `call_value`.
    call_site: Option<(Option<String>, bool)>,
    /// The line of the Lua code running when the last error was raised.
    error_line: Option<u32>,
    /// The running library function's call site (None: called by another library
    /// function, such as pcall: then its errors have no position and its name is '?').
    pub native_site: Option<(Option<String>, bool)>,
}

/// LUAI_MAXCALLS of luaconf.h.
const MAX_FRAMES: usize = 20_000;
/// MAXTAGLOOP of lvm.c: `__index` / `__newindex` chains longer than this fail.
const MAX_TAG_LOOP: usize = 100;

impl Vm {
    pub fn new() -> Vm {
        let mut heap = Heap::default();
        let globals = heap.new_table(Table::default());
        Vm {
            heap,
            globals,
            string_meta: None,
            roots: Vec::new(),
            max_frames: MAX_FRAMES,
            stack: Vec::new(),
            frames: Vec::new(),
            multi: 0,
            debt: 0,
            pending_error: None,
            finished: None,
            waiting: None,
            since_gc_check: 0,
            random: crate::lib_math::Lrand48::default(),
            host_flags: 0,
            call_site: None,
            error_line: None,
            native_site: None,
        }
    }

    /// An error raised by a library function (luaL_error): with the position of the
    /// Lua code that called it, or none when another library function did.
    pub fn lib_error(&self, message: &str) -> Value {
        if self.native_site.is_some() {
            self.error(message)
        } else {
            Value::str(message)
        }
    }

    // ---- values --------------------------------------------------------------------

    /// A string value (accounted in the heap's bytes).
    pub fn string(&mut self, bytes: &[u8]) -> Value {
        self.heap.grew(bytes.len() + 32);
        Value::Str(LuaStr::new(bytes))
    }

    /// A new table value.
    pub fn table(&mut self, t: Table) -> Value {
        Value::Table(self.heap.new_table(t))
    }

    /// A library function value.
    pub fn native(&mut self, name: &'static str, f: NativeFn) -> Value {
        self.native_with(name, f, Vec::new())
    }

    /// A library function closing over `upvals`.
    pub fn native_with(&mut self, name: &'static str, f: NativeFn, upvals: Vec<Value>) -> Value {
        Value::Func(self.heap.new_function(Function::Native { name, f, upvals }))
    }

    /// Makes a table and every table it holds read-only (Redis's
    /// `luaSetTableProtectionRecursively`: the globals and library tables a script sees).
    pub fn protect_recursively(&mut self, t: TableRef) {
        let mut todo = vec![t];
        while let Some(t) = todo.pop() {
            if self.heap.table(t).readonly {
                continue;
            }
            self.heap.table_mut(t).readonly = true;
            let mut k = Value::Nil;
            while let Ok(Some((key, v))) = self.heap.table(t).next(&k) {
                if let Value::Table(inner) = v {
                    todo.push(inner);
                }
                k = key;
            }
        }
    }

    /// A Lua function made from a compiled chunk (no upvalues).
    pub fn closure(&mut self, proto: Rc<Proto>) -> Value {
        Value::Func(self.heap.new_function(Function::Lua {
            proto,
            upvals: Vec::new(),
        }))
    }

    pub fn set_global(&mut self, name: &str, v: Value) {
        self.raw_set(self.globals, Value::str(name), v);
    }

    pub fn get_global(&self, name: &str) -> Value {
        self.heap.table(self.globals).get(&Value::str(name))
    }

    /// A failed table write as Lua raises it: from the VM's own operations with the
    /// position; a readonly table's refusal from a library function (rawset,
    /// table.insert) without one, as Redis's patched luaG_runerror gives it.
    pub fn table_error(&self, e: crate::table::KeyError) -> Value {
        match e {
            crate::table::KeyError::ReadOnly => Value::str(e.message()),
            _ => self.lib_error(e.message()),
        }
    }

    /// Raw `t[k] = v` (library set-up, rawset); a nil or NaN key is refused.
    pub fn raw_set(&mut self, t: TableRef, k: Value, v: Value) {
        let before = self.heap.table(t).approximate_bytes();
        let _ = self.heap.table_mut(t).set(k, v);
        let after = self.heap.table(t).approximate_bytes();
        self.heap.grew(after.saturating_sub(before));
    }

    /// The metatable of a value, if it has one.
    pub fn metatable(&self, v: &Value) -> Option<TableRef> {
        match v {
            Value::Table(t) => self.heap.table(*t).metatable,
            Value::Str(_) => self.string_meta,
            _ => None,
        }
    }

    /// A metamethod of `v` (`__index`...), or nil.
    pub fn metamethod(&self, v: &Value, event: &str) -> Value {
        match self.metatable(v) {
            Some(mt) => self.heap.table(mt).get(&Value::str(event)),
            None => Value::Nil,
        }
    }

    /// A number as Lua 5.1 reads one: a number, or a string that converts.
    pub fn to_number(v: &Value) -> Option<f64> {
        match v {
            Value::Num(n) => Some(*n),
            Value::Str(s) => crate::number::parse(s.bytes()),
            _ => None,
        }
    }

    /// A string as concatenation sees one: a string, or a number printed with %.14g.
    pub fn to_str_bytes(v: &Value) -> Option<Vec<u8>> {
        match v {
            Value::Str(s) => Some(s.bytes().to_vec()),
            Value::Num(n) => Some(crate::number::fmt(*n)),
            _ => None,
        }
    }

    /// Charges `units` of fuel for work a library function did (bytes copied, elements
    /// sorted), taken from the slice being run.
    pub fn charge(&mut self, units: u64) {
        self.debt = self.debt.saturating_add(units);
    }

    // ---- errors --------------------------------------------------------------------

    /// The position of the running Lua code (`user_script:3:`), if any.
    pub fn position(&self) -> Option<String> {
        let frame = self.frames.iter().rev().find(|f| f.proto.is_some())?;
        let proto = frame.proto.as_ref()?;
        // A library function written in Lua is a C function to the script: luaL_where
        // gives no position for it.
        if proto.library {
            return None;
        }
        let pc = frame.pc.saturating_sub(1);
        let line = proto.lines.get(pc).copied().unwrap_or(proto.line_defined);
        Some(format!("{}:{line}:", proto.source))
    }

    /// The position of the Lua function `level` calls out (1: the innermost), if it
    /// is one (luaL_where).
    pub fn position_at(&self, level: usize) -> Option<String> {
        let frame = self
            .frames
            .iter()
            .rev()
            .filter(|f| f.func.is_some())
            .nth(level.checked_sub(1)?)?;
        let proto = frame.proto.as_ref()?;
        if proto.library {
            return None;
        }
        let line = proto
            .lines
            .get(frame.pc.saturating_sub(1))
            .copied()
            .unwrap_or(proto.line_defined);
        Some(format!("{}:{line}:", proto.source))
    }

    /// An error message with the current position, as luaG_runerror and luaL_error
    /// (level 1) make it.
    pub fn error(&self, message: &str) -> Value {
        match self.position() {
            Some(at) => Value::str(&format!("{at} {message}")),
            None => Value::str(message),
        }
    }

    /// What operand `i` of the op being run was, for messages.
    fn origin(&self, i: usize) -> Option<String> {
        let frame = self.frames.last()?;
        let proto = frame.proto.as_ref()?;
        proto
            .origins_at(frame.pc.checked_sub(1)?)
            .get(i)
            .and_then(Origin::describe)
    }

    fn type_error(&self, operand: usize, what: &str, v: &Value) -> Value {
        let message = match self.origin(operand) {
            Some(name) => format!("attempt to {what} {name} (a {} value)", v.type_name()),
            None => format!("attempt to {what} a {} value", v.type_name()),
        };
        self.error(&message)
    }
}

impl Default for Vm {
    fn default() -> Self {
        Vm::new()
    }
}

#[cfg(test)]
mod tests;
