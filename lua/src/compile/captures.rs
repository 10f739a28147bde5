//! Which locals nested functions may capture: the names used inside a function's
//! nested function bodies, found by one walk of the tree before the function is
//! compiled (a local with such a name lives in a cell). Apart because it reads
//! the tree without emitting code.

use super::*;

/// Names used inside nested function bodies of `block` (at any depth): one walk of
/// the tree, collecting names only once it is inside a function.
pub(super) fn nested_names(block: &Block, out: &mut HashSet<Name>) {
    Walk { inside: false, out }.block(block);
}

struct Walk<'a> {
    /// Inside a nested function: names count.
    inside: bool,
    out: &'a mut HashSet<Name>,
}

impl Walk<'_> {
    fn name(&mut self, n: &Name) {
        if self.inside {
            self.out.insert(n.clone());
        }
    }

    fn function(&mut self, f: &Function) {
        let outer = std::mem::replace(&mut self.inside, true);
        self.out.extend(f.params.iter().cloned());
        self.block(&f.body);
        self.inside = outer;
    }

    fn block(&mut self, b: &Block) {
        for s in &b.stats {
            self.stat(s);
        }
        if let Some(LastStat::Return { exprs, .. }) = &b.last {
            exprs.iter().for_each(|e| self.expr(e));
        }
    }

    fn stat(&mut self, s: &Stat) {
        match &s.kind {
            StatKind::Local { exprs, .. } => exprs.iter().for_each(|e| self.expr(e)),
            StatKind::LocalFunction { func, .. } => self.function(func),
            StatKind::Function { name, func } => {
                self.name(&name.name);
                self.function(func);
            }
            StatKind::Assign { targets, exprs } => {
                for t in targets {
                    match t {
                        AssignTarget::Name { name, .. } => self.name(name),
                        AssignTarget::Index { object, key, .. } => {
                            self.expr(object);
                            self.expr(key);
                        }
                    }
                }
                exprs.iter().for_each(|e| self.expr(e));
            }
            StatKind::Call(e) => self.expr(e),
            StatKind::Do(b) => self.block(b),
            StatKind::While { cond, body } | StatKind::Repeat { body, cond } => {
                self.expr(cond);
                self.block(body);
            }
            StatKind::If { clauses, else_block } => {
                for (c, b) in clauses {
                    self.expr(c);
                    self.block(b);
                }
                if let Some(b) = else_block {
                    self.block(b);
                }
            }
            StatKind::NumericFor {
                start,
                limit,
                step,
                body,
                ..
            } => {
                self.expr(start);
                self.expr(limit);
                if let Some(s) = step {
                    self.expr(s);
                }
                self.block(body);
            }
            StatKind::GenericFor { exprs, body, .. } => {
                exprs.iter().for_each(|e| self.expr(e));
                self.block(body);
            }
        }
    }

    fn expr(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Name(n) => self.name(n),
            ExprKind::Function(f) => self.function(f),
            ExprKind::Table(fields) => {
                for f in fields {
                    match f {
                        TableField::Positional(v) | TableField::Named(_, v) => self.expr(v),
                        TableField::Keyed(k, v) => {
                            self.expr(k);
                            self.expr(v);
                        }
                    }
                }
            }
            ExprKind::Paren(inner) => self.expr(inner),
            ExprKind::Suffixed { base, suffixes } => {
                self.expr(base);
                for s in suffixes {
                    match &s.kind {
                        SuffixKind::Index(k) => self.expr(k),
                        SuffixKind::Call(args) | SuffixKind::Method(_, args) => args.iter().for_each(|a| self.expr(a)),
                    }
                }
            }
            ExprKind::Unary { operand, .. } => self.expr(operand),
            ExprKind::Binary { lhs, ops } => {
                self.expr(lhs);
                ops.iter().for_each(|s| self.expr(&s.rhs));
            }
            _ => {}
        }
    }
}
