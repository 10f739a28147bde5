//! The compiler's statements: blocks, `return`, each statement kind, `break`
//! patching, assignments and closures; apart from the expressions in `expr.rs`
//! and the registers, constants, jumps and scopes in `mod.rs`.

use super::*;

impl Compiler {
    // ---- statements -----------------------------------------------------------------

    pub(super) fn block(&mut self, b: &Block) {
        self.open_scope();
        self.block_body(b);
        self.close_scope();
    }

    fn block_body(&mut self, b: &Block) {
        for s in &b.stats {
            self.stat(s);
        }
        match &b.last {
            Some(LastStat::Return { exprs, line }) => {
                self.fs().line = *line;
                self.ret(exprs);
            }
            Some(LastStat::Break { line }) => {
                self.fs().line = *line;
                let at = self.emit(Op::Jump(0));
                if let Some(breaks) = self.fs().breaks.last_mut() {
                    breaks.push(at);
                }
            }
            None => {}
        }
    }

    fn ret(&mut self, exprs: &[Expr]) {
        // `return f(x)`: a tail call (lparser.c retstat).
        if let [e] = exprs {
            if let ExprKind::Suffixed { .. } = e.kind {
                if e.is_multi() {
                    let (args, multi) = self.call_parts(e);
                    self.emit(Op::TailCall { args, multi });
                    // Reached when the callee was a library function (see the VM).
                    self.emit(Op::Return { n: 0, multi: true });
                    return;
                }
            }
        }
        let (n, multi) = self.explist_open(exprs);
        self.emit(Op::Return { n, multi });
    }

    fn stat(&mut self, s: &Stat) {
        self.fs().line = s.line;
        let base_slot = self.fs().next_slot;
        match &s.kind {
            StatKind::Local { names, exprs } => {
                self.explist_adjusted(exprs, names.len());
                let declared: Vec<(u16, bool)> = names.iter().map(|n| self.declare(n)).collect();
                for &(slot, cell) in declared.iter().rev() {
                    self.store_new_local(slot, cell);
                }
                return;
            }
            StatKind::LocalFunction { name, func } => {
                let (slot, cell) = self.declare(name);
                if cell {
                    self.emit(Op::Nil(1));
                    self.emit(Op::CellNew(slot));
                }
                self.closure(func);
                self.emit(if cell { Op::CellSet(slot) } else { Op::SetLocal(slot) });
                return;
            }
            StatKind::Function { name, func } => {
                if name.fields.is_empty() && name.method.is_none() {
                    self.closure(func);
                    self.assign_name(&name.name);
                } else {
                    self.fs().line = name.line;
                    self.name_value(&name.name);
                    let mut rest: Vec<&Name> = name.fields.iter().collect();
                    if let Some(m) = &name.method {
                        rest.push(m);
                    }
                    let last = rest.pop().expect("a field or a method");
                    for field in rest {
                        let k = self.string_const(field);
                        self.emit(Op::Field(k));
                    }
                    self.closure(func);
                    let k = self.string_const(last);
                    self.fs().line = s.line;
                    self.emit(Op::SetField(k));
                }
            }
            StatKind::Assign { targets, exprs } => self.assign(targets, exprs),
            StatKind::Call(e) => {
                let (args, multi) = self.call_parts(e);
                self.emit(Op::Call {
                    args,
                    multi,
                    results: 0,
                });
            }
            StatKind::Do(b) => self.block(b),
            StatKind::While { cond, body } => {
                let top = self.here();
                self.expr(cond);
                let exit = self.emit(Op::JumpIfFalse(0));
                self.fs().breaks.push(Vec::new());
                self.block(body);
                let back = self.emit(Op::Jump(0));
                self.patch(back, top);
                let end = self.here();
                self.patch(exit, end);
                self.patch_breaks(end);
            }
            StatKind::Repeat { body, cond } => {
                let top = self.here();
                self.fs().breaks.push(Vec::new());
                self.open_scope();
                self.block_body(body);
                self.expr(cond);
                let back = self.emit(Op::JumpIfFalse(0));
                self.patch(back, top);
                self.close_scope();
                let end = self.here();
                self.patch_breaks(end);
            }
            StatKind::If { clauses, else_block } => {
                let mut to_end = Vec::new();
                for (cond, block) in clauses {
                    self.expr(cond);
                    let skip = self.emit(Op::JumpIfFalse(0));
                    self.block(block);
                    to_end.push(self.emit(Op::Jump(0)));
                    let next = self.here();
                    self.patch(skip, next);
                }
                if let Some(b) = else_block {
                    self.block(b);
                }
                let end = self.here();
                for j in to_end {
                    self.patch(j, end);
                }
            }
            StatKind::NumericFor {
                var,
                start,
                limit,
                step,
                body,
            } => {
                self.open_scope();
                let hidden = self.slot();
                self.slot();
                self.slot();
                self.expr(start);
                self.expr(limit);
                match step {
                    Some(step) => self.expr(step),
                    None => {
                        let k = self.constant(Value::Num(1.0));
                        self.emit(Op::Const(k));
                    }
                }
                self.fs().line = s.line;
                let prep = self.emit(Op::ForPrep {
                    slot: hidden,
                    to_loop: 0,
                });
                let body_start = self.here();
                self.fs().breaks.push(Vec::new());
                self.open_scope();
                let (slot, cell) = self.declare(var);
                self.store_new_local(slot, cell);
                self.block(body);
                self.close_scope();
                self.fs().line = s.line;
                let lp = self.emit(Op::ForLoop { slot: hidden, body: 0 });
                self.patch(prep, lp);
                self.patch(lp, body_start);
                self.close_scope();
                let end = self.here();
                self.patch_breaks(end);
            }
            StatKind::GenericFor {
                names,
                exprs,
                exprs_line,
                body,
            } => {
                self.open_scope();
                let hidden = self.slot();
                self.slot();
                self.slot();
                self.explist_adjusted(exprs, 3);
                for i in (0..3).rev() {
                    self.emit(Op::SetLocal(hidden + i));
                }
                let top = self.here();
                self.fs().line = *exprs_line;
                for i in 0..3 {
                    self.emit(Op::Local(hidden + i));
                }
                let n = names.len() as u16;
                self.emit(Op::Call {
                    args: 2,
                    multi: false,
                    results: n,
                });
                let test = self.emit(Op::TForTest {
                    slot: hidden,
                    n,
                    exit: 0,
                });
                self.fs().breaks.push(Vec::new());
                self.open_scope();
                let declared: Vec<(u16, bool)> = names.iter().map(|nm| self.declare(nm)).collect();
                for &(slot, cell) in declared.iter().rev() {
                    self.store_new_local(slot, cell);
                }
                self.block(body);
                self.close_scope();
                let back = self.emit(Op::Jump(0));
                self.patch(back, top);
                self.close_scope();
                let end = self.here();
                self.patch(test, end);
                self.patch_breaks(end);
            }
        }
        // Temporaries of the statement are free again.
        let fs = self.fs();
        fs.next_slot = base_slot.max(fs.locals.last().map_or(0, |l| l.slot + 1));
    }

    fn patch_breaks(&mut self, target: usize) {
        let breaks = self.fs().breaks.pop().unwrap_or_default();
        for b in breaks {
            self.patch(b, target);
        }
    }

    /// Pops the top value into a variable.
    fn assign_name(&mut self, name: &Name) {
        match self.resolve(name) {
            Var::Local(slot, false) => self.emit(Op::SetLocal(slot)),
            Var::Local(slot, true) => self.emit(Op::CellSet(slot)),
            Var::Upval(i) => self.emit(Op::SetUpval(i)),
            Var::Global(k) => self.emit(Op::SetGlobal(k)),
        };
    }

    fn assign(&mut self, targets: &[AssignTarget], exprs: &[Expr]) {
        // The common single assignments, without temporaries.
        if let ([target], [_]) = (targets, exprs) {
            match target {
                AssignTarget::Name { name, .. } => {
                    self.explist_adjusted(exprs, 1);
                    self.assign_name(name);
                }
                AssignTarget::Index { object, key, line } => {
                    let origin = self.describe(object);
                    self.expr(object);
                    self.expr(key);
                    self.explist_adjusted(exprs, 1);
                    self.fs().line = *line;
                    let at = self.emit(Op::SetIndex);
                    self.origins(at, vec![origin]);
                }
            }
            return;
        }
        // Tables and keys first, into temporaries; then the values; then the
        // assignments, last target first.
        let mut places = Vec::new();
        for t in targets {
            match t {
                AssignTarget::Name { .. } => places.push(None),
                AssignTarget::Index { object, key, line } => {
                    let origin = self.describe(object);
                    self.expr(object);
                    let ts = self.slot();
                    self.emit(Op::SetLocal(ts));
                    self.expr(key);
                    let ks = self.slot();
                    self.emit(Op::SetLocal(ks));
                    places.push(Some((ts, ks, *line, origin)));
                }
            }
        }
        self.explist_adjusted(exprs, targets.len());
        let value_slot = self.slot();
        for (t, place) in targets.iter().zip(places).rev() {
            match (t, place) {
                (AssignTarget::Name { name, .. }, _) => self.assign_name(name),
                (_, Some((ts, ks, line, origin))) => {
                    self.emit(Op::SetLocal(value_slot));
                    self.emit(Op::Local(ts));
                    self.emit(Op::Local(ks));
                    self.emit(Op::Local(value_slot));
                    self.fs().line = line;
                    let at = self.emit(Op::SetIndex);
                    self.origins(at, vec![origin]);
                }
                _ => {}
            }
        }
    }

    pub(super) fn closure(&mut self, f: &Function) {
        let proto = self.function(f, &[]);
        let fs = self.fs();
        fs.proto.protos.push(proto);
        let k = (fs.proto.protos.len() - 1) as u32;
        self.emit(Op::Closure(k));
    }
}
