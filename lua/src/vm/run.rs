//! The host's side of a running script: start it, run it in slices under fuel, answer
//! its `redis.call` (`host_reply`), drop it (SCRIPT KILL), collect garbage. Apart from
//! the interpreter because this is the VM's interface, not its workings.

use super::*;

impl Vm {
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
}
