//! Calls and returns: a call becomes a frame (Lua) or runs now (library functions),
//! and a finished call's results go where its `Then` says; errors unwind to the
//! nearest pcall. Apart from the loop: the loop, the host's replies and library
//! functions' requests (`Ret`) all end here.

use super::*;

fn prepend_true(mut values: Vec<Value>) -> Vec<Value> {
    values.insert(0, Value::Bool(true));
    values
}

impl Vm {
    // ---- calls -------------------------------------------------------------------------

    /// Calls the value at `stack[at]` with the `nargs` values above it. A Lua function
    /// gets a frame (run by `step`); a library function runs now and its results are
    /// delivered (or it asks for a call, or for the host).
    pub(super) fn call_value(&mut self, at: usize, nargs: usize, results: u16, then: Then) -> Result<(), Value> {
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
    pub(super) fn resume_native(&mut self, values: Vec<Value>) -> Result<(), Value> {
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
    pub(super) fn deliver(&mut self, at: usize, results: u16, then: Then, mut values: Vec<Value>) -> Result<(), Value> {
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
    pub(super) fn unwind(&mut self, e: Value) -> Result<(), Value> {
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
    pub(super) fn call_meta(&mut self, mm: Value, args: Vec<Value>, results: u16, then: Then) -> Result<(), Value> {
        let at = self.stack.len();
        self.stack.push(mm);
        let n = args.len();
        self.stack.extend(args);
        self.call_value(at, n, results, then)
    }
}
