//! Compiled functions: a stack machine's code. Each call gets a frame whose slots hold
//! the function's locals (parameters first); operands are pushed above them and ops pop
//! what they use. A local that a closure captures lives in a cell (`CellNew` when its
//! declaration runs, so every loop iteration has its own, as Lua 5.1's upvalues do).
//! `MULTI` as a count means "all the values the previous call or `...` left": the VM
//! remembers how many that was.

use std::rc::Rc;

use crate::value::Value;

/// A count meaning "as many as there are" (a call's results, `...`).
pub const MULTI: u16 = u16::MAX;

/// Arithmetic, each with Lua 5.1's metamethod name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arith {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
}

impl Arith {
    pub fn event(self) -> &'static str {
        match self {
            Arith::Add => "__add",
            Arith::Sub => "__sub",
            Arith::Mul => "__mul",
            Arith::Div => "__div",
            Arith::Mod => "__mod",
            Arith::Pow => "__pow",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Op {
    /// Push `n` nils.
    Nil(u16),
    Bool(bool),
    Const(u32),
    /// Push / pop into a local slot.
    Local(u16),
    SetLocal(u16),
    /// Pop into a new cell kept in the slot (a captured local's declaration).
    CellNew(u16),
    CellGet(u16),
    CellSet(u16),
    Upval(u16),
    SetUpval(u16),
    /// The constant is the name.
    Global(u32),
    SetGlobal(u32),
    /// `[t k] -> [t[k]]`
    Index,
    /// `[t k v] -> []`
    SetIndex,
    /// `[t] -> [t.name]` (the constant is the name)
    Field(u32),
    /// `[t v] -> []`
    SetField(u32),
    /// `[a] -> [a a]`
    Dup,
    /// A table constructor's keyed field while positional values wait above the
    /// table: `[t v1..v_depth k v] -> [t v1..v_depth]`, t[k] = v.
    SetTableAt {
        depth: u16,
    },
    /// Push a table of the varargs with `n` (Lua 5.1's compat `arg`).
    VarargTable,
    /// `[a b] -> [b a]` (a method call: `obj; Dup; Field(name); Swap` is `[f obj]`)
    Swap,
    /// Sizes as a constructor counts them (rounded as OP_NEWTABLE's bytes are).
    NewTable(u32, u32),
    /// `[t v1..vn] -> [t]`: t[first + i - 1] = vi; `multi`: plus the values the last
    /// call or `...` left.
    SetList {
        first: u32,
        n: u16,
        multi: bool,
    },
    Arith(Arith),
    Unm,
    Not,
    Len,
    /// `[a1..an] -> [a1 .. ... .. an]` (right to left, as Lua concatenates)
    Concat(u16),
    Eq,
    Lt,
    Le,
    /// Relative to the next op.
    Jump(i32),
    /// Pop; jump when false (nil or false).
    JumpIfFalse(i32),
    /// `and`: if the top is false, keep it and jump; else pop it.
    And(i32),
    /// `or`: if the top is true, keep it and jump; else pop it.
    Or(i32),
    /// `[f a1..an] -> [r1..rm]`: `args` fixed arguments (`multi`: and the values the
    /// last call or `...` left); `results` may be MULTI.
    Call {
        args: u16,
        multi: bool,
        results: u16,
    },
    TailCall {
        args: u16,
        multi: bool,
    },
    /// Return the top `n` values (`multi`: and those the last call or `...` left).
    Return {
        n: u16,
        multi: bool,
    },
    /// Push `n` of the varargs (MULTI: all).
    Vararg(u16),
    Closure(u32),
    Pop(u16),
    /// Numeric for: `[init limit step]` popped into slots `slot..slot+3` (the counter
    /// starting at init - step, as lvm.c's OP_FORPREP does), then a jump to `ForLoop`.
    ForPrep {
        slot: u16,
        to_loop: i32,
    },
    /// Counter += step; while in range, push it and jump back to the body.
    ForLoop {
        slot: u16,
        body: i32,
    },
    /// Generic for, after calling the iterator for `n` values: if the first is nil, pop
    /// them and jump; else it becomes the control value (slot `slot + 2`).
    TForTest {
        slot: u16,
        n: u16,
        exit: i32,
    },
}

/// Where a closure's upvalue comes from when `Closure` makes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Capture {
    /// A cell in the enclosing function's local slot.
    Local(u16),
    /// The enclosing function's own upvalue.
    Upval(u16),
}

/// What a value an op works on was, for Lua's error messages ("attempt to index
/// global 'x' (a nil value)").
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Global(String),
    Local(String),
    Field(String),
    Upvalue(String),
    Method(String),
    /// A constant string: "attempt to call a string value"... nothing to name.
    None,
}

impl Origin {
    /// `global 'x'`, `local 'x'`... or nothing.
    pub fn describe(&self) -> Option<String> {
        match self {
            Origin::Global(n) => Some(format!("global '{n}'")),
            Origin::Local(n) => Some(format!("local '{n}'")),
            Origin::Field(n) => Some(format!("field '{n}'")),
            Origin::Upvalue(n) => Some(format!("upvalue '{n}'")),
            Origin::Method(n) => Some(format!("method '{n}'")),
            Origin::None => None,
        }
    }
}

/// A compiled function.
#[derive(Debug, Default)]
pub struct Proto {
    pub code: Vec<Op>,
    /// The source line of each op.
    pub lines: Vec<u32>,
    pub consts: Vec<Value>,
    pub protos: Vec<Rc<Proto>>,
    pub captures: Vec<Capture>,
    /// What the operands of an op were (by op index; only ops that can fail).
    pub origins: Vec<(u32, Vec<Origin>)>,
    pub params: u16,
    pub vararg: bool,
    pub slots: u16,
    pub line_defined: u32,
    /// The chunk's name (`user_script`), for error positions.
    pub source: Rc<str>,
    /// Part of a library written in Lua (`table.sort`): it runs as a C function of
    /// Lua's would, so errors raised in it carry no position.
    pub library: bool,
}

impl Proto {
    /// The origins recorded for op `pc`.
    pub fn origins_at(&self, pc: usize) -> &[Origin] {
        match self.origins.binary_search_by_key(&(pc as u32), |(at, _)| *at) {
            Ok(i) => &self.origins[i].1,
            Err(_) => &[],
        }
    }
}
