//! The compiler's expressions: value lists adjusted to a count or left open, calls
//! and suffixes, names, operators (`and`/`or` as jumps) and table constructors;
//! apart from the statements in `stat.rs`.

use super::*;

impl Compiler {
    // ---- expressions ----------------------------------------------------------------

    /// Pushes `exprs` adjusted to exactly `n` values (all evaluated).
    pub(super) fn explist_adjusted(&mut self, exprs: &[Expr], n: usize) {
        if exprs.is_empty() {
            if n > 0 {
                self.emit(Op::Nil(n as u16));
            }
            return;
        }
        let last = exprs.len() - 1;
        for (i, e) in exprs.iter().enumerate() {
            if i < last {
                self.expr(e);
                continue;
            }
            if e.is_multi() {
                let want = n.saturating_sub(last);
                self.multi_expr(e, want as u16);
            } else {
                self.expr(e);
                if n > exprs.len() {
                    self.emit(Op::Nil((n - exprs.len()) as u16));
                }
            }
        }
        if exprs.len() > n {
            // Extra values evaluated for their effects, then dropped (a multi last
            // one was asked for none).
            let extra = exprs.len() - n - usize::from(exprs[last].is_multi());
            if extra > 0 {
                self.emit(Op::Pop(extra as u16));
            }
        }
    }

    /// Pushes `exprs` with the last one open (all its values): (fixed count, open).
    pub(super) fn explist_open(&mut self, exprs: &[Expr]) -> (u16, bool) {
        let Some((last, init)) = exprs.split_last() else {
            return (0, false);
        };
        for e in init {
            self.expr(e);
        }
        if last.is_multi() {
            self.multi_expr(last, MULTI);
            (init.len() as u16, true)
        } else {
            self.expr(last);
            (exprs.len() as u16, false)
        }
    }

    /// A call or `...` with `results` values (MULTI: all).
    fn multi_expr(&mut self, e: &Expr, results: u16) {
        match &e.kind {
            ExprKind::Vararg => {
                self.fs().line = e.line;
                self.emit(Op::Vararg(results));
            }
            _ => {
                let (args, multi) = self.call_parts(e);
                self.emit(Op::Call { args, multi, results });
            }
        }
    }

    /// Pushes a call expression's function and arguments (all but the final `Call`
    /// op, which the caller emits with its results), recording the callee's origin
    /// on the op that will follow.
    pub(super) fn call_parts(&mut self, e: &Expr) -> (u16, bool) {
        let ExprKind::Suffixed { base, suffixes } = &e.kind else {
            unreachable!("a call is a suffixed expression");
        };
        let (last, init) = suffixes.split_last().expect("at least one suffix");
        let mut origin = self.describe(base);
        self.expr(base);
        for s in init {
            origin = self.suffix(s, origin);
        }
        self.fs().line = last.line;
        let (args, multi, callee) = match &last.kind {
            SuffixKind::Call(args) => {
                let (n, multi) = self.explist_open(args);
                (n, multi, origin)
            }
            SuffixKind::Method(name, args) => {
                let k = self.string_const(name);
                self.emit(Op::Dup);
                let at = self.emit(Op::Field(k));
                self.origins(at, vec![origin]);
                self.emit(Op::Swap);
                let (n, multi) = self.explist_open(args);
                (n + 1, multi, Origin::Method(String::from_utf8_lossy(name).into_owned()))
            }
            SuffixKind::Index(_) => unreachable!("the last suffix of a call is a call"),
        };
        self.fs().line = last.line;
        // The Call op comes next: its operand 0 is the callee.
        let next = self.here();
        self.origins(next, vec![callee]);
        (args, multi)
    }

    /// Applies one suffix to the value on the stack; the origin of its result.
    fn suffix(&mut self, s: &crate::ast::Suffix, origin: Origin) -> Origin {
        self.fs().line = s.line;
        match &s.kind {
            SuffixKind::Index(key) => {
                let result = match &key.kind {
                    ExprKind::String(name) => {
                        let k = self.string_const(name);
                        self.fs().line = s.line;
                        let at = self.emit(Op::Field(k));
                        self.origins(at, vec![origin]);
                        Origin::Field(String::from_utf8_lossy(name).into_owned())
                    }
                    _ => {
                        self.expr(key);
                        self.fs().line = s.line;
                        let at = self.emit(Op::Index);
                        self.origins(at, vec![origin]);
                        Origin::None
                    }
                };
                result
            }
            SuffixKind::Call(args) => {
                let (n, multi) = self.explist_open(args);
                self.fs().line = s.line;
                let at = self.emit(Op::Call {
                    args: n,
                    multi,
                    results: 1,
                });
                self.origins(at, vec![origin]);
                Origin::None
            }
            SuffixKind::Method(name, args) => {
                let k = self.string_const(name);
                self.emit(Op::Dup);
                let at = self.emit(Op::Field(k));
                self.origins(at, vec![origin]);
                self.emit(Op::Swap);
                let (n, multi) = self.explist_open(args);
                self.fs().line = s.line;
                let at = self.emit(Op::Call {
                    args: n + 1,
                    multi,
                    results: 1,
                });
                self.origins(at, vec![Origin::Method(String::from_utf8_lossy(name).into_owned())]);
                Origin::None
            }
        }
    }

    pub(super) fn name_value(&mut self, name: &Name) {
        match self.resolve(name) {
            Var::Local(slot, false) => self.emit(Op::Local(slot)),
            Var::Local(slot, true) => self.emit(Op::CellGet(slot)),
            Var::Upval(i) => self.emit(Op::Upval(i)),
            Var::Global(k) => self.emit(Op::Global(k)),
        };
    }

    /// Pushes exactly one value.
    pub(super) fn expr(&mut self, e: &Expr) {
        self.fs().line = e.line;
        match &e.kind {
            ExprKind::Nil => {
                self.emit(Op::Nil(1));
            }
            ExprKind::True => {
                self.emit(Op::Bool(true));
            }
            ExprKind::False => {
                self.emit(Op::Bool(false));
            }
            ExprKind::Number(n) => {
                let k = self.constant(Value::Num(*n));
                self.emit(Op::Const(k));
            }
            ExprKind::String(s) => {
                let k = self.string_const(s);
                self.emit(Op::Const(k));
            }
            ExprKind::Vararg => {
                self.emit(Op::Vararg(1));
            }
            ExprKind::Function(f) => self.closure(f),
            ExprKind::Table(fields) => self.table(fields, e.line),
            ExprKind::Name(n) => self.name_value(n),
            ExprKind::Paren(inner) => {
                if inner.is_multi() {
                    self.multi_expr(inner, 1);
                } else {
                    self.expr(inner);
                }
            }
            ExprKind::Suffixed { base, suffixes } => {
                let mut origin = self.describe(base);
                self.expr(base);
                for s in suffixes {
                    origin = self.suffix(s, origin);
                }
            }
            // lcode.c folds a negated numeral into a constant (so `-0` is the constant
            // -0, which shares its slot with 0, as Lua's constant table has them).
            ExprKind::Unary { op: UnOp::Neg, operand } if matches!(operand.kind, ExprKind::Number(_)) => {
                let ExprKind::Number(n) = operand.kind else {
                    unreachable!("matched above")
                };
                let k = self.constant(Value::Num(-n));
                self.emit(Op::Const(k));
            }
            ExprKind::Unary { op, operand } => {
                let origin = self.describe(operand);
                self.expr(operand);
                self.fs().line = e.line;
                let at = self.emit(match op {
                    UnOp::Neg => Op::Unm,
                    UnOp::Not => Op::Not,
                    UnOp::Len => Op::Len,
                });
                self.origins(at, vec![origin]);
            }
            ExprKind::Binary { lhs, ops } => self.binary(lhs, ops),
        }
    }

    fn binary(&mut self, lhs: &Expr, ops: &[crate::ast::BinaryStep]) {
        let mut origin = self.describe(lhs);
        self.expr(lhs);
        let mut i = 0;
        while i < ops.len() {
            let step = &ops[i];
            match step.op {
                BinOp::And | BinOp::Or => {
                    let jump = self.emit(if step.op == BinOp::And { Op::And(0) } else { Op::Or(0) });
                    self.expr(&step.rhs);
                    let end = self.here();
                    self.patch(jump, end);
                    origin = Origin::None;
                }
                BinOp::Concat => {
                    // a .. b .. c: one Concat over every operand (the chain nests
                    // to the right in the tree).
                    let mut origins = vec![origin];
                    let mut n = 1;
                    let mut rhs = &step.rhs;
                    loop {
                        match &rhs.kind {
                            ExprKind::Binary {
                                lhs: inner,
                                ops: inner_ops,
                            } if inner_ops.len() == 1 && inner_ops[0].op == BinOp::Concat => {
                                origins.push(self.describe(inner));
                                self.expr(inner);
                                n += 1;
                                rhs = &inner_ops[0].rhs;
                            }
                            _ => {
                                origins.push(self.describe(rhs));
                                self.expr(rhs);
                                n += 1;
                                break;
                            }
                        }
                    }
                    self.fs().line = step.line;
                    let at = self.emit(Op::Concat(n));
                    self.origins(at, origins);
                    origin = Origin::None;
                }
                op => {
                    let rhs_origin = self.describe(&step.rhs);
                    self.expr(&step.rhs);
                    self.fs().line = step.line;
                    let at = match op {
                        BinOp::Add => self.emit(Op::Arith(Arith::Add)),
                        BinOp::Sub => self.emit(Op::Arith(Arith::Sub)),
                        BinOp::Mul => self.emit(Op::Arith(Arith::Mul)),
                        BinOp::Div => self.emit(Op::Arith(Arith::Div)),
                        BinOp::Mod => self.emit(Op::Arith(Arith::Mod)),
                        BinOp::Pow => self.emit(Op::Arith(Arith::Pow)),
                        BinOp::Eq => self.emit(Op::Eq),
                        BinOp::Ne => {
                            self.emit(Op::Eq);
                            self.emit(Op::Not)
                        }
                        BinOp::Lt => self.emit(Op::Lt),
                        BinOp::Le => self.emit(Op::Le),
                        BinOp::Gt => {
                            self.emit(Op::Swap);
                            self.emit(Op::Lt)
                        }
                        BinOp::Ge => {
                            self.emit(Op::Swap);
                            self.emit(Op::Le)
                        }
                        BinOp::And | BinOp::Or | BinOp::Concat => unreachable!("handled above"),
                    };
                    self.origins(at, vec![origin, rhs_origin]);
                    origin = Origin::None;
                }
            }
            i += 1;
        }
    }

    fn table(&mut self, fields: &[TableField], line: u32) {
        let positional = fields.iter().filter(|f| matches!(f, TableField::Positional(_))).count();
        let last_multi = matches!(fields.last(), Some(TableField::Positional(e)) if e.is_multi());
        let narray = positional - usize::from(last_multi);
        let nhash = fields.len() - positional;
        self.fs().line = line;
        self.emit(Op::NewTable(int2fb(narray), int2fb(nhash)));
        let mut pending = 0usize;
        let mut stored = 0usize;
        for (i, field) in fields.iter().enumerate() {
            match field {
                TableField::Positional(e) => {
                    if i == fields.len() - 1 && e.is_multi() {
                        self.multi_expr(e, MULTI);
                        self.fs().line = line;
                        self.emit(Op::SetList {
                            first: (stored + 1) as u32,
                            n: pending as u16,
                            multi: true,
                        });
                        return;
                    }
                    self.expr(e);
                    pending += 1;
                    if pending == FIELDS_PER_FLUSH {
                        self.emit(Op::SetList {
                            first: (stored + 1) as u32,
                            n: pending as u16,
                            multi: false,
                        });
                        stored += pending;
                        pending = 0;
                    }
                }
                TableField::Named(name, v) => {
                    let k = self.string_const(name);
                    self.emit(Op::Const(k));
                    self.expr(v);
                    self.emit(Op::SetTableAt { depth: pending as u16 });
                }
                TableField::Keyed(k, v) => {
                    self.expr(k);
                    self.expr(v);
                    self.emit(Op::SetTableAt { depth: pending as u16 });
                }
            }
        }
        if pending > 0 {
            self.fs().line = line;
            self.emit(Op::SetList {
                first: (stored + 1) as u32,
                n: pending as u16,
                multi: false,
            });
        }
    }
}
