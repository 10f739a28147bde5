//! The compiler: a parsed chunk (`ast`) to the VM's code (`proto`). One pass per
//! function, names resolved as lparser.c resolves them (innermost local, then the
//! enclosing functions' locals as upvalues, then globals). A local that a nested
//! function may capture lives in a cell (`CellNew` when its declaration runs): the
//! compiler decides by name, before compiling a function, from the names its nested
//! functions use — a safe over-approximation (a cell behaves as a local does).
//!
//! Evaluation order is Lua 5.1's: in `i, a[i] = i + 1, 20` the targets' tables and keys
//! are evaluated before the values and the assignments run last to first; a table
//! constructor stores its positional values in batches of 50 (LFIELDS_PER_FLUSH) and
//! its sizes are the constructor's counts rounded as OP_NEWTABLE encodes them, so the
//! tables it builds have Lua's layout (`#t` with holes, `pairs` order).

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use crate::ast::{
    AssignTarget, BinOp, Block, Chunk, Expr, ExprKind, Function, LastStat, Name, Stat, StatKind, SuffixKind,
    TableField, UnOp,
};
use crate::proto::{Arith, Capture, Op, Origin, Proto, MULTI};
use crate::table::int2fb;
use crate::value::{LuaStr, Value};

/// LFIELDS_PER_FLUSH of lopcodes.h.
const FIELDS_PER_FLUSH: usize = 50;

/// Compiles a parsed chunk into its main function.
pub fn compile(chunk: &Chunk) -> Rc<Proto> {
    let source: Rc<str> = Rc::from(chunk_display_name(&chunk.source).as_str());
    let mut c = Compiler {
        funcs: Vec::new(),
        source,
        library: false,
    };
    c.function(&chunk.main, &[])
}

/// Compiles a library written in Lua (its errors carry no position, as a C
/// function's do).
pub fn compile_library(chunk: &Chunk) -> Rc<Proto> {
    let source: Rc<str> = Rc::from(chunk_display_name(&chunk.source).as_str());
    let mut c = Compiler {
        funcs: Vec::new(),
        source,
        library: true,
    };
    c.function(&chunk.main, &[])
}

/// How Lua shows a chunk name in messages (luaO_chunkid): `@name` as `name`, `=name`
/// as `name`, a source string as `[string "first line..."]`.
pub fn chunk_display_name(source: &[u8]) -> String {
    let text = String::from_utf8_lossy(source);
    if let Some(rest) = text.strip_prefix('@').or_else(|| text.strip_prefix('=')) {
        return rest.to_string();
    }
    // [string "..."]: the first line, cut to fit LUA_IDSIZE (60) with "...".
    let first = text.split(['\n', '\r']).next().unwrap_or("");
    let max = 60 - "[string \"...\"]".len() - 1;
    if first.len() < text.len() || first.len() > max {
        let mut cut = first.len().min(max);
        while !first.is_char_boundary(cut) {
            cut -= 1;
        }
        format!("[string \"{}...\"]", &first[..cut])
    } else {
        format!("[string \"{first}\"]")
    }
}

struct Local {
    name: Name,
    slot: u16,
    cell: bool,
}

struct FuncState {
    proto: Proto,
    /// Active locals, innermost last.
    locals: Vec<Local>,
    /// Scope starts (indexes into `locals`).
    scopes: Vec<usize>,
    next_slot: u16,
    /// Upvalues by name: (name, index).
    upvals: Vec<Name>,
    /// Names used inside nested functions: locals with these names are cells.
    captured: HashSet<Name>,
    /// Pending `break` jumps of each enclosing loop.
    breaks: Vec<Vec<usize>>,
    consts: HashMap<ConstKey, u32>,
    line: u32,
}

#[derive(Hash, PartialEq, Eq)]
enum ConstKey {
    Num(u64),
    Str(Vec<u8>),
}

/// Where a name lives.
enum Var {
    Local(u16, bool),
    Upval(u16),
    Global(u32),
}

struct Compiler {
    funcs: Vec<FuncState>,
    source: Rc<str>,
    library: bool,
}

/// Names used inside nested function bodies of `block` (at any depth): one walk of
/// the tree, collecting names only once it is inside a function.
fn nested_names(block: &Block, out: &mut HashSet<Name>) {
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

impl Compiler {
    fn fs(&mut self) -> &mut FuncState {
        self.funcs.last_mut().expect("a function is being compiled")
    }

    fn emit(&mut self, op: Op) -> usize {
        let fs = self.fs();
        let line = fs.line;
        fs.proto.code.push(op);
        fs.proto.lines.push(line);
        fs.proto.code.len() - 1
    }

    /// Records what the operands of the op just emitted were.
    fn origins(&mut self, at: usize, origins: Vec<Origin>) {
        if origins.iter().any(|o| *o != Origin::None) {
            self.fs().proto.origins.push((at as u32, origins));
        }
    }

    fn here(&mut self) -> usize {
        self.fs().proto.code.len()
    }

    /// Points the jump at `at` to `target`.
    fn patch(&mut self, at: usize, target: usize) {
        let offset = target as i32 - (at as i32 + 1);
        let op = &mut self.fs().proto.code[at];
        *op = match *op {
            Op::Jump(_) => Op::Jump(offset),
            Op::JumpIfFalse(_) => Op::JumpIfFalse(offset),
            Op::And(_) => Op::And(offset),
            Op::Or(_) => Op::Or(offset),
            Op::ForPrep { slot, .. } => Op::ForPrep { slot, to_loop: offset },
            Op::ForLoop { slot, .. } => Op::ForLoop { slot, body: offset },
            Op::TForTest { slot, n, .. } => Op::TForTest { slot, n, exit: offset },
            other => other,
        };
    }

    fn constant(&mut self, v: Value) -> u32 {
        let key = match &v {
            // 0 and -0 are one constant, whichever came first (Lua 5.1 finds constants
            // in a table, where they are one key): `local z = -0 return 1/0` is -inf.
            Value::Num(n) if *n == 0.0 => ConstKey::Num(0),
            Value::Num(n) => ConstKey::Num(n.to_bits()),
            Value::Str(s) => ConstKey::Str(s.bytes().to_vec()),
            _ => unreachable!("constants are numbers and strings"),
        };
        let fs = self.fs();
        if let Some(&k) = fs.consts.get(&key) {
            return k;
        }
        fs.proto.consts.push(v);
        let k = (fs.proto.consts.len() - 1) as u32;
        fs.consts.insert(key, k);
        k
    }

    fn string_const(&mut self, s: &[u8]) -> u32 {
        self.constant(Value::Str(LuaStr::new(s)))
    }

    // ---- scopes --------------------------------------------------------------------

    fn open_scope(&mut self) {
        let fs = self.fs();
        let at = fs.locals.len();
        fs.scopes.push(at);
    }

    fn close_scope(&mut self) {
        let fs = self.fs();
        let at = fs.scopes.pop().expect("scopes are balanced");
        fs.locals.truncate(at);
        // Slots above the innermost live local are free again (a loop's hidden
        // counters are released with the loop's own scope).
        fs.next_slot = fs.locals.last().map_or(0, |l| l.slot + 1);
    }

    /// A slot for a local or a temporary.
    fn slot(&mut self) -> u16 {
        let fs = self.fs();
        let s = fs.next_slot;
        fs.next_slot += 1;
        fs.proto.slots = fs.proto.slots.max(fs.next_slot);
        s
    }

    /// Declares a local in a new slot; true when it must be a cell.
    fn declare(&mut self, name: &Name) -> (u16, bool) {
        let slot = self.slot();
        let fs = self.fs();
        let cell = fs.captured.contains(name);
        fs.locals.push(Local {
            name: name.clone(),
            slot,
            cell,
        });
        (slot, cell)
    }

    /// Pops the top value into a just-declared local.
    fn store_new_local(&mut self, slot: u16, cell: bool) {
        self.emit(if cell { Op::CellNew(slot) } else { Op::SetLocal(slot) });
    }

    /// Resolves a name in function `level` (an index into `funcs`).
    fn resolve_in(&mut self, level: usize, name: &Name) -> Option<Var> {
        if let Some(l) = self.funcs[level].locals.iter().rev().find(|l| &l.name == name) {
            return Some(Var::Local(l.slot, l.cell));
        }
        if let Some(i) = self.funcs[level].upvals.iter().position(|u| u == name) {
            return Some(Var::Upval(i as u16));
        }
        if level == 0 {
            return None;
        }
        let capture = match self.resolve_in(level - 1, name)? {
            Var::Local(slot, _) => Capture::Local(slot),
            Var::Upval(i) => Capture::Upval(i),
            Var::Global(_) => return None,
        };
        let fs = &mut self.funcs[level];
        fs.upvals.push(name.clone());
        fs.proto.captures.push(capture);
        Some(Var::Upval((fs.upvals.len() - 1) as u16))
    }

    fn resolve(&mut self, name: &Name) -> Var {
        let level = self.funcs.len() - 1;
        match self.resolve_in(level, name) {
            Some(v) => v,
            None => Var::Global(self.string_const(name)),
        }
    }

    fn describe_name(&mut self, name: &Name) -> Origin {
        let text = String::from_utf8_lossy(name).into_owned();
        match self.resolve(name) {
            Var::Local(..) => Origin::Local(text),
            Var::Upval(_) => Origin::Upvalue(text),
            Var::Global(_) => Origin::Global(text),
        }
    }

    /// What an expression's value was, for error messages (getobjname).
    fn describe(&mut self, e: &Expr) -> Origin {
        match &e.kind {
            ExprKind::Name(n) => self.describe_name(n),
            ExprKind::Suffixed { suffixes, .. } => match suffixes.last().map(|s| &s.kind) {
                Some(SuffixKind::Index(Expr {
                    kind: ExprKind::String(s),
                    ..
                })) => Origin::Field(String::from_utf8_lossy(s).into_owned()),
                _ => Origin::None,
            },
            _ => Origin::None,
        }
    }

    // ---- functions ------------------------------------------------------------------

    fn function(&mut self, f: &Function, _self_name: &[Name]) -> Rc<Proto> {
        let mut captured = HashSet::new();
        nested_names(&f.body, &mut captured);
        self.funcs.push(FuncState {
            proto: Proto {
                source: self.source.clone(),
                line_defined: f.line,
                params: f.params.len() as u16,
                vararg: f.is_vararg,
                library: self.library,
                ..Proto::default()
            },
            locals: Vec::new(),
            scopes: vec![0],
            next_slot: 0,
            upvals: Vec::new(),
            captured,
            breaks: Vec::new(),
            consts: HashMap::new(),
            line: f.line,
        });
        for p in &f.params {
            let (slot, cell) = self.declare(p);
            if cell {
                self.emit(Op::Local(slot));
                self.emit(Op::CellNew(slot));
            }
        }
        if f.compat_arg {
            let (slot, cell) = self.declare(&b"arg".to_vec());
            if f.uses_vararg {
                self.emit(Op::Nil(1));
            } else {
                self.emit(Op::VarargTable);
            }
            self.store_new_local(slot, cell);
        }
        self.block(&f.body);
        self.fs().line = f.end_line.max(f.line);
        self.emit(Op::Return { n: 0, multi: false });
        let fs = self.funcs.pop().expect("pushed above");
        let mut proto = fs.proto;
        proto.origins.sort_by_key(|(at, _)| *at);
        Rc::new(proto)
    }

    // ---- statements -----------------------------------------------------------------

    fn block(&mut self, b: &Block) {
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

    fn closure(&mut self, f: &Function) {
        let proto = self.function(f, &[]);
        let fs = self.fs();
        fs.proto.protos.push(proto);
        let k = (fs.proto.protos.len() - 1) as u32;
        self.emit(Op::Closure(k));
    }

    // ---- expressions ----------------------------------------------------------------

    /// Pushes `exprs` adjusted to exactly `n` values (all evaluated).
    fn explist_adjusted(&mut self, exprs: &[Expr], n: usize) {
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
    fn explist_open(&mut self, exprs: &[Expr]) -> (u16, bool) {
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
    fn call_parts(&mut self, e: &Expr) -> (u16, bool) {
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

    fn name_value(&mut self, name: &Name) {
        match self.resolve(name) {
            Var::Local(slot, false) => self.emit(Op::Local(slot)),
            Var::Local(slot, true) => self.emit(Op::CellGet(slot)),
            Var::Upval(i) => self.emit(Op::Upval(i)),
            Var::Global(k) => self.emit(Op::Global(k)),
        };
    }

    /// Pushes exactly one value.
    fn expr(&mut self, e: &Expr) {
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
