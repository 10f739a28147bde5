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

mod captures;
mod expr;
mod stat;

use captures::nested_names;

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
}
