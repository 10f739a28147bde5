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

fn num(n: f64) -> Value {
    Value::Num(n)
}

fn prepend_true(mut values: Vec<Value>) -> Vec<Value> {
    values.insert(0, Value::Bool(true));
    values
}

/// lvm.c's arithmetic on two numbers (luai_nummod is a - floor(a/b)*b).
fn arith(op: Arith, a: f64, b: f64) -> f64 {
    match op {
        Arith::Add => a + b,
        Arith::Sub => a - b,
        Arith::Mul => a * b,
        Arith::Div => a / b,
        Arith::Mod => a - (a / b).floor() * b,
        Arith::Pow => a.powf(b),
    }
}

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

    // ---- running ---------------------------------------------------------------------

    /// Starts `f(args)` as the script's main call (what `run` then runs).
    pub fn start(&mut self, f: Value, args: Vec<Value>) {
        self.abandon();
        self.stack.push(f);
        let nargs = args.len();
        self.stack.extend(args);
        if let Err(e) = self.call_value(0, nargs, MULTI, Then::Finish) {
            self.pending_error = Some(e);
        }
    }

    /// Drops the running script (SCRIPT KILL): frames and stack go, the heap stays.
    pub fn abandon(&mut self) {
        self.stack.clear();
        self.frames.clear();
        self.pending_error = None;
        self.finished = None;
        self.waiting = None;
        self.debt = 0;
    }

    /// Whether a script is started and not yet over.
    pub fn running(&self) -> bool {
        !self.frames.is_empty() || self.finished.is_some() || self.pending_error.is_some()
    }

    /// The host's answer to `Poll::Host`: the values `redis.call` returns, or the error
    /// it raises (at the script's position).
    pub fn host_reply(&mut self, reply: Result<Vec<Value>, Value>) {
        let Some(frame) = self.frames.pop() else { return };
        match reply {
            Ok(values) => {
                let (at, results, then) = (frame.ret_at, frame.results, frame.then);
                if let Err(e) = self.deliver(at, results, then, values) {
                    self.pending_error = Some(e);
                }
            }
            Err(e) => {
                // Raised from the library function's frame: a pcall around it catches it.
                self.frames.push(frame);
                self.error_line = self.current_line();
                self.pending_error = Some(e);
            }
        }
    }

    /// Runs until the script ends, fails, waits for the host, or `fuel` runs out (one
    /// unit per operation; library functions charge more for bigger work).
    pub fn run(&mut self, fuel: &mut u64) -> Poll {
        loop {
            if let Some(e) = self.pending_error.take() {
                if let Err(e) = self.unwind(e) {
                    return Poll::Error(e);
                }
            }
            if let Some(done) = self.finished.take() {
                return Poll::Done(done);
            }
            if let Some(request) = self.waiting.take() {
                return Poll::Host(request);
            }
            if self.debt > 0 {
                let paid = self.debt.min(*fuel);
                *fuel -= paid;
                self.debt -= paid;
            }
            if *fuel == 0 {
                return Poll::Pending;
            }
            *fuel -= 1;
            self.since_gc_check += 1;
            if self.since_gc_check >= 1024 {
                self.since_gc_check = 0;
                if self.heap.should_collect() {
                    self.collect_garbage();
                }
            }
            if let Err(e) = self.step() {
                self.error_line = self.current_line();
                self.pending_error = Some(e);
            }
        }
    }

    /// The line the innermost Lua function (not a library's) is at.
    fn current_line(&self) -> Option<u32> {
        let frame = self
            .frames
            .iter()
            .rev()
            .find(|f| f.proto.as_ref().is_some_and(|p| !p.library))?;
        let proto = frame.proto.as_ref()?;
        proto.lines.get(frame.pc.saturating_sub(1)).copied()
    }

    /// The line the script was at when it raised its error (Redis names it in EVAL's
    /// error reply: `on @user_script:3.`).
    pub fn error_line(&self) -> Option<u32> {
        self.error_line
    }

    /// Collects what no root reaches: the globals, the string methods, the host's
    /// roots, the stack, and every frame's function, varargs and cells.
    pub fn collect_garbage(&mut self) {
        let mut roots: Vec<Value> = vec![Value::Table(self.globals)];
        roots.extend(self.string_meta.map(Value::Table));
        roots.extend(self.roots.iter().cloned());
        roots.extend(self.stack.iter().cloned());
        let mut cells = Vec::new();
        for f in &self.frames {
            roots.extend(f.func.map(Value::Func));
            roots.extend(f.varargs.iter().cloned());
            roots.extend(f.keep.iter().cloned());
            cells.extend(f.cells.iter().flatten().copied());
        }
        if let Some(done) = &self.finished {
            roots.extend(done.iter().cloned());
        }
        if let Some(e) = &self.pending_error {
            roots.push(e.clone());
        }
        self.heap.collect(roots.iter(), &cells);
    }

    // ---- calls -------------------------------------------------------------------------

    /// Calls the value at `stack[at]` with the `nargs` values above it. A Lua function
    /// gets a frame (run by `step`); a library function runs now and its results are
    /// delivered (or it asks for a call, or for the host).
    fn call_value(&mut self, at: usize, nargs: usize, results: u16, then: Then) -> Result<(), Value> {
        let mut nargs = nargs;
        for _ in 0..MAX_TAG_LOOP {
            let f = self.stack[at].clone();
            let Value::Func(fref) = f else {
                let mm = self.metamethod(&f, "__call");
                if mm.is_nil() {
                    return Err(self.type_error(0, "call", &f));
                }
                // __call(f, args...)
                self.stack.insert(at, mm);
                nargs += 1;
                continue;
            };
            match self.heap.function(fref).clone() {
                Function::Lua { proto, .. } => {
                    if self.frames.len() >= self.max_frames {
                        return Err(self.error("stack overflow"));
                    }
                    let base = at + 1;
                    let params = usize::from(proto.params);
                    let mut varargs = Vec::new();
                    if nargs > params {
                        let extra = self.stack.split_off(base + params);
                        if proto.vararg {
                            varargs = extra;
                        }
                    }
                    let slots = usize::from(proto.slots).max(params);
                    self.stack.resize(base + slots, Value::Nil);
                    self.frames.push(Frame {
                        func: Some(fref),
                        proto: Some(proto),
                        pc: 0,
                        base,
                        ret_at: at,
                        results,
                        then,
                        varargs,
                        cells: vec![None; slots],
                        cont: None,
                        keep: Vec::new(),
                        again: false,
                    });
                    return Ok(());
                }
                Function::Native { f, upvals, .. } => {
                    let args: Vec<Value> = self.stack.split_off(at + 1);
                    self.stack.truncate(at);
                    let outer = std::mem::replace(&mut self.native_site, self.call_site.take());
                    let outcome = f(self, &args, &upvals);
                    self.native_site = outer;
                    return self.native_outcome(at, results, then, outcome);
                }
            }
        }
        Err(self.error("'__call' chain too long; possible loop"))
    }

    /// What a library function's answer means for the call at `at`.
    fn native_outcome(
        &mut self,
        at: usize,
        results: u16,
        then: Then,
        outcome: Result<Ret, Value>,
    ) -> Result<(), Value> {
        let frame = |cont: Option<(Cont, Box<dyn std::any::Any>)>, keep: Vec<Value>, again: bool| Frame {
            func: None,
            proto: None,
            pc: 0,
            base: at,
            ret_at: at,
            results,
            then,
            varargs: Vec::new(),
            cells: Vec::new(),
            cont,
            keep,
            again,
        };
        match outcome {
            Ok(Ret::Values(values)) => self.deliver(at, results, then, values),
            Ok(Ret::Call { f, args }) => {
                self.stack.truncate(at);
                self.stack.push(f);
                let n = args.len();
                self.stack.extend(args);
                self.call_value(at, n, results, then)
            }
            Ok(Ret::Protected { f, args }) => {
                self.stack.truncate(at);
                self.stack.push(f);
                let n = args.len();
                self.stack.extend(args);
                self.call_value(at, n, results, Then::Protected)
            }
            Ok(Ret::Host(request)) => {
                self.stack.truncate(at);
                self.frames.push(frame(None, Vec::new(), false));
                self.waiting = Some(request);
                Ok(())
            }
            Ok(Ret::CallThen {
                f,
                args,
                state,
                then: k,
                keep,
            }) => {
                self.stack.truncate(at);
                self.frames.push(frame(Some((k, state)), keep, false));
                self.stack.push(f);
                let n = args.len();
                self.stack.extend(args);
                self.call_value(at, n, MULTI, Then::Cont)
            }
            Ok(Ret::Again { state, then: k, keep }) => {
                self.stack.truncate(at);
                self.frames.push(frame(Some((k, state)), keep, true));
                Ok(())
            }
            Err(e) if then == Then::Protected => self.deliver(at, results, Then::Push, vec![Value::Bool(false), e]),
            Err(e) => Err(e),
        }
    }

    /// Goes on with the library function waiting in the top frame.
    fn resume_native(&mut self, values: Vec<Value>) -> Result<(), Value> {
        let Some(mut frame) = self.frames.pop() else {
            return Ok(());
        };
        let Some((k, state)) = frame.cont.take() else {
            return Ok(());
        };
        let outcome = k(self, state, values);
        self.native_outcome(frame.ret_at, frame.results, frame.then, outcome)
    }

    /// What a finished call's results become, by its `then`.
    fn deliver(&mut self, at: usize, results: u16, then: Then, mut values: Vec<Value>) -> Result<(), Value> {
        match then {
            Then::Finish => {
                self.stack.truncate(at);
                self.frames.clear();
                self.finished = Some(values);
                Ok(())
            }
            Then::Cont => {
                self.stack.truncate(at);
                self.resume_native(values)
            }
            Then::Push | Then::Protected => {
                if then == Then::Protected {
                    values = prepend_true(values);
                }
                self.stack.truncate(at);
                if results == MULTI {
                    self.multi = values.len();
                } else {
                    values.resize(usize::from(results), Value::Nil);
                }
                self.stack.extend(values);
                Ok(())
            }
            Then::Truth { negate } => {
                self.stack.truncate(at);
                let truth = values.first().is_some_and(Value::truthy);
                self.stack.push(Value::Bool(truth != negate));
                Ok(())
            }
            Then::Concat { left } => {
                self.stack.truncate(at);
                self.stack.push(values.into_iter().next().unwrap_or_default());
                if left > 1 {
                    self.concat(usize::from(left))
                } else {
                    Ok(())
                }
            }
        }
    }

    /// An error travels down the frames to the nearest `pcall`, which then returns
    /// `false, error`; with none, the script fails.
    fn unwind(&mut self, e: Value) -> Result<(), Value> {
        while let Some(frame) = self.frames.pop() {
            if frame.then == Then::Protected {
                return self.deliver(frame.ret_at, frame.results, Then::Push, vec![Value::Bool(false), e]);
            }
        }
        self.stack.clear();
        Err(e)
    }

    /// Calls metamethod `mm` with `args`; its results go by `then` (one value pushed
    /// for `Push`).
    fn call_meta(&mut self, mm: Value, args: Vec<Value>, results: u16, then: Then) -> Result<(), Value> {
        let at = self.stack.len();
        self.stack.push(mm);
        let n = args.len();
        self.stack.extend(args);
        self.call_value(at, n, results, then)
    }

    // ---- operations on values ---------------------------------------------------------

    /// Pushes `t[k]`, following `__index` (a function's result arrives when it returns).
    fn index(&mut self, t: Value, k: Value, operand: usize) -> Result<(), Value> {
        let mut t = t;
        for _ in 0..MAX_TAG_LOOP {
            let mm = match &t {
                Value::Table(r) => {
                    let v = self.heap.table(*r).get(&k);
                    if !v.is_nil() {
                        self.stack.push(v);
                        return Ok(());
                    }
                    let mm = self.metamethod(&t, "__index");
                    if mm.is_nil() {
                        self.stack.push(Value::Nil);
                        return Ok(());
                    }
                    mm
                }
                _ => {
                    let mm = self.metamethod(&t, "__index");
                    if mm.is_nil() {
                        return Err(self.type_error(operand, "index", &t));
                    }
                    mm
                }
            };
            if let Value::Func(_) = mm {
                return self.call_meta(mm, vec![t, k], 1, Then::Push);
            }
            t = mm;
        }
        Err(self.error("loop in gettable"))
    }

    /// `t[k] = v`, following `__newindex`.
    fn set_index(&mut self, t: Value, k: Value, v: Value, operand: usize) -> Result<(), Value> {
        let mut t = t;
        for _ in 0..MAX_TAG_LOOP {
            let mm = match &t {
                Value::Table(r) => {
                    let present = !self.heap.table(*r).get(&k).is_nil();
                    let mm = if present {
                        Value::Nil
                    } else {
                        self.metamethod(&t, "__newindex")
                    };
                    if mm.is_nil() {
                        let r = *r;
                        let before = self.heap.table(r).approximate_bytes();
                        if let Err(e) = self.heap.table_mut(r).set(k, v) {
                            return Err(self.error(e.message()));
                        }
                        let after = self.heap.table(r).approximate_bytes();
                        self.heap.grew(after.saturating_sub(before));
                        return Ok(());
                    }
                    mm
                }
                _ => {
                    let mm = self.metamethod(&t, "__newindex");
                    if mm.is_nil() {
                        return Err(self.type_error(operand, "index", &t));
                    }
                    mm
                }
            };
            if let Value::Func(_) = mm {
                return self.call_meta(mm, vec![t, k, v], 0, Then::Push);
            }
            t = mm;
        }
        Err(self.error("loop in settable"))
    }

    /// The binary metamethod of `a` or else `b` for `event`.
    fn binary_meta(&self, a: &Value, b: &Value, event: &str) -> Value {
        let mm = self.metamethod(a, event);
        if mm.is_nil() {
            self.metamethod(b, event)
        } else {
            mm
        }
    }

    fn arith(&mut self, op: Arith, a: Value, b: Value) -> Result<(), Value> {
        if let (Some(x), Some(y)) = (Vm::to_number(&a), Vm::to_number(&b)) {
            self.stack.push(Value::Num(arith(op, x, y)));
            return Ok(());
        }
        let mm = self.binary_meta(&a, &b, op.event());
        if mm.is_nil() {
            // luaG_aritherror: the first operand that is not a number.
            let (i, bad) = if Vm::to_number(&a).is_none() { (0, &a) } else { (1, &b) };
            return Err(self.type_error(i, "perform arithmetic on", bad));
        }
        self.call_meta(mm, vec![a, b], 1, Then::Push)
    }

    /// luaG_ordererror's words.
    fn order_error(&self, a: &Value, b: &Value) -> Value {
        let (t1, t2) = (a.type_name(), b.type_name());
        if t1 == t2 {
            self.error(&format!("attempt to compare two {t1} values"))
        } else {
            self.error(&format!("attempt to compare {t1} with {t2}"))
        }
    }

    /// `a < b` (or `a <= b`), pushing a boolean (a metamethod's arrives later).
    fn compare(&mut self, a: Value, b: Value, or_equal: bool) -> Result<(), Value> {
        let result = match (&a, &b) {
            (Value::Num(x), Value::Num(y)) => Some(if or_equal { x <= y } else { x < y }),
            // l_strcmp in the C locale: byte order (strcoll), segment by segment.
            (Value::Str(x), Value::Str(y)) => Some(if or_equal {
                x.bytes() <= y.bytes()
            } else {
                x.bytes() < y.bytes()
            }),
            _ => None,
        };
        if let Some(r) = result {
            self.stack.push(Value::Bool(r));
            return Ok(());
        }
        // 5.1's get_compTM: both operands must have the same metamethod.
        let event = if or_equal { "__le" } else { "__lt" };
        if std::mem::discriminant(&a) == std::mem::discriminant(&b) {
            let (m1, m2) = (self.metamethod(&a, event), self.metamethod(&b, event));
            if !m1.is_nil() && m1.raw_eq(&m2) {
                return self.call_meta(m1, vec![a, b], 1, Then::Truth { negate: false });
            }
            if or_equal {
                // a <= b as not (b < a)
                let (m1, m2) = (self.metamethod(&a, "__lt"), self.metamethod(&b, "__lt"));
                if !m1.is_nil() && m1.raw_eq(&m2) {
                    return self.call_meta(m1, vec![b, a], 1, Then::Truth { negate: true });
                }
            }
        }
        Err(self.order_error(&a, &b))
    }

    fn equals(&mut self, a: Value, b: Value) -> Result<(), Value> {
        if a.raw_eq(&b) {
            self.stack.push(Value::Bool(true));
            return Ok(());
        }
        if let (Value::Table(_), Value::Table(_)) = (&a, &b) {
            let (m1, m2) = (self.metamethod(&a, "__eq"), self.metamethod(&b, "__eq"));
            if !m1.is_nil() && m1.raw_eq(&m2) {
                return self.call_meta(m1, vec![a, b], 1, Then::Truth { negate: false });
            }
        }
        self.stack.push(Value::Bool(false));
        Ok(())
    }

    /// Concatenates the top `n` values, right to left, as luaV_concat: runs of strings
    /// and numbers at once, `__concat` for the rest.
    fn concat(&mut self, mut n: usize) -> Result<(), Value> {
        while n > 1 {
            let len = self.stack.len();
            let convertible = |v: &Value| matches!(v, Value::Str(_) | Value::Num(_));
            if convertible(&self.stack[len - 1]) && convertible(&self.stack[len - 2]) {
                let mut k = 2;
                while k < n && convertible(&self.stack[len - k - 1]) {
                    k += 1;
                }
                let parts: Vec<Value> = self.stack.split_off(len - k);
                let mut out = Vec::new();
                for p in &parts {
                    out.extend(Vm::to_str_bytes(p).unwrap_or_default());
                }
                self.charge(out.len() as u64 / 16);
                let s = self.string(&out);
                self.stack.push(s);
                n -= k - 1;
                continue;
            }
            let b = self.stack.pop().unwrap_or_default();
            let a = self.stack.pop().unwrap_or_default();
            let mm = self.binary_meta(&a, &b, "__concat");
            if mm.is_nil() {
                // luaG_concaterror: blame the operand that is not a string or number.
                let (i, bad) = if convertible(&a) { (n - 1, &b) } else { (n - 2, &a) };
                return Err(self.type_error(i, "concatenate", bad));
            }
            return self.call_meta(mm, vec![a, b], 1, Then::Concat { left: (n - 1) as u16 });
        }
        Ok(())
    }

    // ---- the interpreter loop -------------------------------------------------------

    fn pop(&mut self) -> Value {
        self.stack.pop().unwrap_or_default()
    }

    /// Runs one operation of the innermost Lua frame.
    fn step(&mut self) -> Result<(), Value> {
        let Some(frame) = self.frames.last_mut() else {
            return Ok(());
        };
        let Some(proto) = frame.proto.clone() else {
            // A library function to go on with (`Ret::Again`); one waiting for the host
            // is never run: `run` returns before this.
            if frame.again {
                return self.resume_native(Vec::new());
            }
            return Ok(());
        };
        let Some(&op) = proto.code.get(frame.pc) else {
            // Falling off the end: `return` with no values.
            return self.do_return(0);
        };
        frame.pc += 1;
        let base = frame.base;
        match op {
            Op::Nil(n) => self.stack.extend(std::iter::repeat_n(Value::Nil, usize::from(n))),
            Op::Bool(b) => self.stack.push(Value::Bool(b)),
            Op::Const(k) => self.stack.push(proto.consts[k as usize].clone()),
            Op::Local(i) => self.stack.push(self.stack[base + usize::from(i)].clone()),
            Op::SetLocal(i) => {
                let v = self.pop();
                self.stack[base + usize::from(i)] = v;
            }
            Op::CellNew(i) => {
                let v = self.pop();
                let cell = self.heap.new_cell(v);
                if let Some(frame) = self.frames.last_mut() {
                    frame.cells[usize::from(i)] = Some(cell);
                }
            }
            Op::CellGet(i) => {
                let cell = self.cell(i);
                self.stack.push(self.heap.cell(cell).clone());
            }
            Op::CellSet(i) => {
                let v = self.pop();
                let cell = self.cell(i);
                self.heap.set_cell(cell, v);
            }
            Op::Upval(i) => {
                let cell = self.upval(i);
                self.stack.push(self.heap.cell(cell).clone());
            }
            Op::SetUpval(i) => {
                let v = self.pop();
                let cell = self.upval(i);
                self.heap.set_cell(cell, v);
            }
            Op::Global(k) => {
                let name = proto.consts[k as usize].clone();
                self.index(Value::Table(self.globals), name, 0)?;
            }
            Op::SetGlobal(k) => {
                let v = self.pop();
                let name = proto.consts[k as usize].clone();
                self.set_index(Value::Table(self.globals), name, v, 0)?;
            }
            Op::Index => {
                let k = self.pop();
                let t = self.pop();
                self.index(t, k, 0)?;
            }
            Op::SetIndex => {
                let v = self.pop();
                let k = self.pop();
                let t = self.pop();
                self.set_index(t, k, v, 0)?;
            }
            Op::Field(k) => {
                let t = self.pop();
                self.index(t, proto.consts[k as usize].clone(), 0)?;
            }
            Op::SetField(k) => {
                let v = self.pop();
                let t = self.pop();
                self.set_index(t, proto.consts[k as usize].clone(), v, 0)?;
            }
            Op::Dup => {
                let v = self.stack.last().cloned().unwrap_or_default();
                self.stack.push(v);
            }
            Op::SetTableAt { depth } => {
                let v = self.pop();
                let k = self.pop();
                let t = self.stack[self.stack.len() - usize::from(depth) - 1].clone();
                self.set_index(t, k, v, 0)?;
            }
            Op::VarargTable => {
                let varargs = self.frames.last().map(|f| f.varargs.clone()).unwrap_or_default();
                let n = varargs.len();
                let t = self.heap.new_table(Table::new(n, 1));
                for (i, v) in varargs.into_iter().enumerate() {
                    self.raw_set(t, Value::Num((i + 1) as f64), v);
                }
                self.raw_set(t, Value::str("n"), Value::Num(n as f64));
                self.stack.push(Value::Table(t));
            }
            Op::Swap => {
                let len = self.stack.len();
                self.stack.swap(len - 1, len - 2);
            }
            Op::NewTable(narray, nhash) => {
                let t = Table::new(crate::table::fb2int(narray), crate::table::fb2int(nhash));
                let t = self.table(t);
                self.stack.push(t);
            }
            Op::SetList { first, n, multi } => {
                let count = usize::from(n) + if multi { self.multi } else { 0 };
                let values = self.stack.split_off(self.stack.len() - count);
                if let Some(Value::Table(t)) = self.stack.last().cloned() {
                    let last = first as usize + count - 1;
                    if multi && last > self.heap.table(t).sizes().0 {
                        self.heap.table_mut(t).resize_array(last);
                    }
                    for (i, v) in values.into_iter().enumerate() {
                        self.raw_set(t, Value::Num((first as usize + i) as f64), v);
                    }
                }
            }
            Op::Arith(a) => {
                let y = self.pop();
                let x = self.pop();
                self.arith(a, x, y)?;
            }
            Op::Unm => {
                let x = self.pop();
                match Vm::to_number(&x) {
                    Some(n) => self.stack.push(Value::Num(-n)),
                    None => {
                        let mm = self.metamethod(&x, "__unm");
                        if mm.is_nil() {
                            return Err(self.type_error(0, "perform arithmetic on", &x));
                        }
                        self.call_meta(mm, vec![x.clone(), x], 1, Then::Push)?;
                    }
                }
            }
            Op::Not => {
                let x = self.pop();
                self.stack.push(Value::Bool(!x.truthy()));
            }
            Op::Len => {
                let x = self.pop();
                match &x {
                    Value::Str(s) => self.stack.push(Value::Num(s.bytes().len() as f64)),
                    Value::Table(t) => {
                        let n = self.heap.table(*t).len();
                        self.charge((usize::BITS - n.leading_zeros()) as u64);
                        self.stack.push(Value::Num(n as f64));
                    }
                    _ => {
                        let mm = self.metamethod(&x, "__len");
                        if mm.is_nil() {
                            return Err(self.type_error(0, "get length of", &x));
                        }
                        self.call_meta(mm, vec![x], 1, Then::Push)?;
                    }
                }
            }
            Op::Concat(n) => self.concat(usize::from(n))?,
            Op::Eq => {
                let y = self.pop();
                let x = self.pop();
                self.equals(x, y)?;
            }
            Op::Lt => {
                let y = self.pop();
                let x = self.pop();
                self.compare(x, y, false)?;
            }
            Op::Le => {
                let y = self.pop();
                let x = self.pop();
                self.compare(x, y, true)?;
            }
            Op::Jump(o) => self.jump(o),
            Op::JumpIfFalse(o) => {
                if !self.pop().truthy() {
                    self.jump(o);
                }
            }
            Op::And(o) => {
                if self.stack.last().is_some_and(|v| !v.truthy()) {
                    self.jump(o);
                } else {
                    self.pop();
                }
            }
            Op::Or(o) => {
                if self.stack.last().is_some_and(Value::truthy) {
                    self.jump(o);
                } else {
                    self.pop();
                }
            }
            Op::Call { args, multi, results } => {
                let n = usize::from(args) + if multi { self.multi } else { 0 };
                let at = self.stack.len() - n - 1;
                self.call_site = Some(self.call_name());
                self.call_value(at, n, results, Then::Push)?;
            }
            Op::TailCall { args, multi } => {
                let n = usize::from(args) + if multi { self.multi } else { 0 };
                let from = self.stack.len() - n - 1;
                if !matches!(self.stack[from], Value::Func(_)) && self.metamethod(&self.stack[from], "__call").is_nil()
                {
                    let f = self.stack[from].clone();
                    return Err(self.type_error(0, "call", &f));
                }
                let site = self.call_name();
                // A library function is called from this frame, which stays (as Lua
                // 5.1 runs a C function in a tail call): its errors carry this line, and
                // the `Return` the compiler puts after the tail call returns its values.
                let native = match &self.stack[from] {
                    Value::Func(f) => matches!(self.heap.function(*f), Function::Native { .. }),
                    _ => false,
                };
                if native {
                    self.call_site = Some(site);
                    self.call_value(from, n, MULTI, Then::Push)?;
                    return Ok(());
                }
                let frame = self.frames.pop().expect("a Lua frame is running");
                self.call_site = Some(site);
                let callee: Vec<Value> = self.stack.split_off(from);
                self.stack.truncate(frame.ret_at);
                self.stack.extend(callee);
                self.call_value(frame.ret_at, n, frame.results, frame.then)?;
            }
            Op::Return { n, multi } => {
                let count = usize::from(n) + if multi { self.multi } else { 0 };
                self.do_return(count)?;
            }
            Op::Vararg(n) => {
                let varargs = self.frames.last().map(|f| f.varargs.clone()).unwrap_or_default();
                if n == MULTI {
                    self.multi = varargs.len();
                    self.stack.extend(varargs);
                } else {
                    let mut v = varargs;
                    v.resize(usize::from(n), Value::Nil);
                    self.stack.extend(v);
                }
            }
            Op::Closure(k) => {
                let child = proto.protos[k as usize].clone();
                let mut upvals = Vec::with_capacity(child.captures.len());
                for capture in &child.captures {
                    upvals.push(match *capture {
                        Capture::Local(slot) => self.cell(slot),
                        Capture::Upval(i) => self.upval(i),
                    });
                }
                let f = self.heap.new_function(Function::Lua { proto: child, upvals });
                self.stack.push(Value::Func(f));
            }
            Op::Pop(n) => {
                let len = self.stack.len();
                self.stack.truncate(len - usize::from(n));
            }
            Op::ForPrep { slot, to_loop } => {
                let step = self.pop();
                let limit = self.pop();
                let init = self.pop();
                let Some(init) = Vm::to_number(&init) else {
                    return Err(self.error("'for' initial value must be a number"));
                };
                let Some(limit) = Vm::to_number(&limit) else {
                    return Err(self.error("'for' limit must be a number"));
                };
                let Some(step) = Vm::to_number(&step) else {
                    return Err(self.error("'for' step must be a number"));
                };
                let s = base + usize::from(slot);
                self.stack[s] = num(init - step);
                self.stack[s + 1] = num(limit);
                self.stack[s + 2] = num(step);
                self.jump(to_loop);
            }
            Op::ForLoop { slot, body } => {
                let s = base + usize::from(slot);
                let (Value::Num(idx), Value::Num(limit), Value::Num(step)) =
                    (&self.stack[s], &self.stack[s + 1], &self.stack[s + 2])
                else {
                    return Ok(());
                };
                let idx = idx + step;
                let go_on = if *step > 0.0 { idx <= *limit } else { *limit <= idx };
                if go_on {
                    self.stack[s] = num(idx);
                    self.stack.push(num(idx));
                    self.jump(body);
                }
            }
            Op::TForTest { slot, n, exit } => {
                let n = usize::from(n);
                let first = self.stack[self.stack.len() - n].clone();
                if first.is_nil() {
                    let len = self.stack.len();
                    self.stack.truncate(len - n);
                    self.jump(exit);
                } else {
                    self.stack[base + usize::from(slot) + 2] = first;
                }
            }
        }
        Ok(())
    }

    /// The name the running call op calls its function by (getfuncname), and whether
    /// it is a method call.
    fn call_name(&self) -> (Option<String>, bool) {
        let Some(frame) = self.frames.last() else {
            return (None, false);
        };
        let Some(proto) = frame.proto.as_ref() else {
            return (None, false);
        };
        match frame.pc.checked_sub(1).and_then(|pc| proto.origins_at(pc).first()) {
            Some(Origin::Global(n) | Origin::Local(n) | Origin::Field(n) | Origin::Upvalue(n)) => {
                (Some(n.clone()), false)
            }
            Some(Origin::Method(n)) => (Some(n.clone()), true),
            _ => (None, false),
        }
    }

    fn jump(&mut self, offset: i32) {
        if let Some(frame) = self.frames.last_mut() {
            frame.pc = (frame.pc as i64 + i64::from(offset)) as usize;
        }
    }

    fn cell(&mut self, slot: u16) -> CellRef {
        let frame = self.frames.last_mut().expect("a Lua frame is running");
        match frame.cells[usize::from(slot)] {
            Some(c) => c,
            None => {
                // A captured local read before its declaration ran (cannot happen in
                // compiled code; a nil cell keeps the VM whole if it did).
                let c = self.heap.new_cell(Value::Nil);
                if let Some(frame) = self.frames.last_mut() {
                    frame.cells[usize::from(slot)] = Some(c);
                }
                c
            }
        }
    }

    fn upval(&self, i: u16) -> CellRef {
        let frame = self.frames.last().expect("a Lua frame is running");
        match frame.func.map(|f| self.heap.function(f)) {
            Some(Function::Lua { upvals, .. }) => upvals[usize::from(i)],
            _ => unreachable!("upvalues are read by Lua functions"),
        }
    }

    /// Returns the top `count` values from the running Lua frame.
    fn do_return(&mut self, count: usize) -> Result<(), Value> {
        let values = self.stack.split_off(self.stack.len() - count);
        let frame = self.frames.pop().expect("a Lua frame is running");
        self.deliver(frame.ret_at, frame.results, frame.then, values)
    }
}

impl Default for Vm {
    fn default() -> Self {
        Vm::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A function from hand-written code (the compiler's job, until it exists).
    fn proto(code: Vec<Op>, consts: Vec<Value>, slots: u16) -> Rc<Proto> {
        let lines = vec![1; code.len()];
        Rc::new(Proto {
            code,
            lines,
            consts,
            slots,
            source: Rc::from("user_script"),
            ..Proto::default()
        })
    }

    fn run_all(vm: &mut Vm, fuel_per_slice: u64) -> (Poll, usize) {
        let mut slices = 0;
        loop {
            let mut fuel = fuel_per_slice;
            slices += 1;
            match vm.run(&mut fuel) {
                Poll::Pending => continue,
                other => return (other, slices),
            }
        }
    }

    fn nums(values: &[Value]) -> Vec<f64> {
        values
            .iter()
            .map(|v| match v {
                Value::Num(n) => *n,
                other => panic!("not a number: {other:?}"),
            })
            .collect()
    }

    /// `local s = 0; for i = 1, 10 do s = s + i end; return s`
    fn sum_to_ten() -> Rc<Proto> {
        proto(
            vec![
                Op::Const(0),                        // 0
                Op::SetLocal(0),                     // s = 0
                Op::Const(1),                        // init 1
                Op::Const(2),                        // limit 10
                Op::Const(1),                        // step 1
                Op::ForPrep { slot: 1, to_loop: 5 }, // -> ForLoop
                Op::SetLocal(4),                     // i
                Op::Local(0),
                Op::Local(4),
                Op::Arith(Arith::Add),
                Op::SetLocal(0),                   // s = s + i
                Op::ForLoop { slot: 1, body: -6 }, // back to SetLocal(4)
                Op::Local(0),
                Op::Return { n: 1, multi: false },
            ],
            vec![Value::Num(0.0), Value::Num(1.0), Value::Num(10.0)],
            5,
        )
    }

    #[test]
    fn a_loop_gives_the_same_result_whatever_the_slices() {
        for fuel in [1, 3, 7, 1000] {
            let mut vm = Vm::new();
            let f = vm.closure(sum_to_ten());
            vm.start(f, vec![]);
            let (poll, slices) = run_all(&mut vm, fuel);
            match poll {
                Poll::Done(values) => assert_eq!(nums(&values), [55.0]),
                other => panic!("{other:?}"),
            }
            if fuel == 1 {
                assert!(slices > 50, "one op per slice: {slices} slices");
            }
        }
    }

    #[test]
    fn an_endless_loop_only_ever_runs_out_of_fuel_and_can_be_dropped() {
        let mut vm = Vm::new();
        let f = vm.closure(proto(vec![Op::Jump(-1)], vec![], 0));
        vm.start(f, vec![]);
        for _ in 0..100 {
            let mut fuel = 10_000;
            assert!(matches!(vm.run(&mut fuel), Poll::Pending));
            assert_eq!(fuel, 0);
        }
        vm.abandon();
        assert!(!vm.running());
    }

    #[test]
    fn errors_carry_the_position_and_name_what_failed() {
        let mut vm = Vm::new();
        // return x.y  (x a nil global)
        let mut p = Proto {
            code: vec![Op::Global(0), Op::Field(1), Op::Return { n: 1, multi: false }],
            lines: vec![3, 3, 3],
            consts: vec![Value::str("x"), Value::str("y")],
            source: Rc::from("user_script"),
            ..Proto::default()
        };
        p.origins = vec![(1, vec![Origin::Global("x".into())])];
        let f = vm.closure(Rc::new(p));
        vm.start(f, vec![]);
        match run_all(&mut vm, 100).0 {
            Poll::Error(Value::Str(s)) => assert_eq!(
                String::from_utf8_lossy(s.bytes()),
                "user_script:3: attempt to index global 'x' (a nil value)"
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn pcall_catches_errors_from_lua_and_from_library_functions() {
        let mut vm = Vm::new();
        crate::lib_base::open(&mut vm);
        // return pcall(error, "boom")  -> false, "user_script:1: boom"
        let p = proto(
            vec![
                Op::Global(0),
                Op::Global(1),
                Op::Const(2),
                Op::Call {
                    args: 2,
                    multi: false,
                    results: MULTI,
                },
                Op::Return { n: 0, multi: true },
            ],
            vec![Value::str("pcall"), Value::str("error"), Value::str("boom")],
            0,
        );
        let f = vm.closure(p);
        vm.start(f, vec![]);
        match run_all(&mut vm, 100).0 {
            Poll::Done(v) => {
                assert!(matches!(v[0], Value::Bool(false)));
                // error called by pcall, not by Lua code: no position (as Redis's Lua).
                assert_eq!(String::from_utf8_lossy(&crate::lib_base::to_display(&v[1])), "boom");
            }
            other => panic!("{other:?}"),
        }
        // pcall(f) where f is a Lua function indexing nil: caught, and the caller goes on.
        let bad = proto(
            vec![Op::Nil(1), Op::Field(0), Op::Return { n: 1, multi: false }],
            vec![Value::str("k")],
            0,
        );
        let mut main = Proto {
            code: vec![
                Op::Global(0),
                Op::Closure(0),
                Op::Call {
                    args: 1,
                    multi: false,
                    results: 2,
                },
                Op::Return { n: 2, multi: false },
            ],
            lines: vec![1; 4],
            consts: vec![Value::str("pcall")],
            source: Rc::from("user_script"),
            ..Proto::default()
        };
        main.protos.push(bad);
        let f = vm.closure(Rc::new(main));
        vm.start(f, vec![]);
        match run_all(&mut vm, 3).0 {
            Poll::Done(v) => {
                assert!(matches!(v[0], Value::Bool(false)), "{v:?}");
                assert_eq!(
                    String::from_utf8_lossy(&crate::lib_base::to_display(&v[1])),
                    "user_script:1: attempt to index a nil value"
                );
            }
            other => panic!("{other:?}"),
        }
    }

    fn host_call(_: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
        Ok(Ret::Host(args.iter().map(|a| crate::lib_base::to_display(a)).collect()))
    }

    #[test]
    fn the_host_answers_in_the_middle_of_a_script() {
        let mut vm = Vm::new();
        let call = vm.native("call", host_call);
        vm.set_global("call", call);
        // return call("GET", "k") .. "!"
        let p = proto(
            vec![
                Op::Global(0),
                Op::Const(1),
                Op::Const(2),
                Op::Call {
                    args: 2,
                    multi: false,
                    results: 1,
                },
                Op::Const(3),
                Op::Concat(2),
                Op::Return { n: 1, multi: false },
            ],
            vec![Value::str("call"), Value::str("GET"), Value::str("k"), Value::str("!")],
            0,
        );
        let f = vm.closure(p);
        vm.start(f, vec![]);
        let mut fuel = 100;
        match vm.run(&mut fuel) {
            Poll::Host(request) => assert_eq!(request, [b"GET".to_vec(), b"k".to_vec()]),
            other => panic!("{other:?}"),
        }
        vm.host_reply(Ok(vec![Value::str("v")]));
        match vm.run(&mut fuel) {
            Poll::Done(v) => assert_eq!(crate::lib_base::to_display(&v[0]), b"v!"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn garbage_made_in_a_loop_is_collected() {
        let mut vm = Vm::new();
        // while true do local t = {} end  (run for a while, then look at the heap)
        let p = proto(vec![Op::NewTable(0, 0), Op::SetLocal(0), Op::Jump(-3)], vec![], 1);
        let f = vm.closure(p);
        vm.start(f, vec![]);
        for _ in 0..200 {
            let mut fuel = 10_000;
            let _ = vm.run(&mut fuel);
        }
        let (tables, _, _) = vm.heap.live();
        assert!(tables < 20_000, "{tables} tables live after making 666,000");
    }
}
