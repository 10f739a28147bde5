//! The interpreter loop: `step` runs one operation of the innermost Lua frame, with
//! the small helpers it uses (jumps, captured locals, returns). Apart because it is
//! the VM's hot path and most of its length.

use super::*;

fn num(n: f64) -> Value {
    Value::Num(n)
}

impl Vm {
    // ---- the interpreter loop -------------------------------------------------------

    fn pop(&mut self) -> Value {
        self.stack.pop().unwrap_or_default()
    }

    /// Runs one operation of the innermost Lua frame.
    pub(super) fn step(&mut self) -> Result<(), Value> {
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
