//! The syntax tree of a Lua 5.1 chunk, as [`crate::parse`] builds it for the compiler.
//!
//! What it keeps: everything lparser.c hands to its code generator — each
//! statement's and operation's line (the line Lua 5.1 would attach to the
//! instruction, see the `line` fields), `local function f` apart from
//! `local f = function`, method calls apart from calls, `function a.b:m()` with its
//! implicit `self`, whether a function is vararg and whether its body uses `...`
//! (Lua 5.1's `LUA_COMPAT_VARARG` gives such functions a hidden local `arg`), and
//! the places where an expression yields all its values (see [`Expr::is_multi`]):
//! the last expression of an argument list, a return list, a table constructor,
//! an assignment's or `local`'s right side, a generic `for`'s expression list.
//!
//! How: names are plain bytes (scopes are resolved by the compiler); the things
//! lparser.c reads with a loop rather than by recursion are vectors here — a
//! chain of binary operators at one precedence level ([`ExprKind::Binary`]), a
//! chain of `.x`/`[k]`/`(args)`/`:m(args)` suffixes ([`ExprKind::Suffixed`]), the
//! statements of a block, the `elseif`s — so every nesting of this tree is one of
//! Lua's syntax levels, of which a chunk has at most 200 ("chunk has too many
//! syntax levels"): walking it recursively is safe.
//!
//! Left out: comments, spacing and columns (Lua 5.1 reports lines only), and any
//! constant folding (the compiler folds as lcode.c does).

/// A name (identifier), as bytes.
pub type Name = Vec<u8>;

/// A whole chunk: the main function (vararg, no parameters, line 0).
#[derive(Debug, Clone, PartialEq)]
pub struct Chunk {
    /// The raw chunk name given to the parser (`@user_script`), as Lua keeps it in
    /// the prototype's `source`.
    pub source: Vec<u8>,
    /// The main function.
    pub main: Function,
}

/// A function body: `function (params) block end`, or the main chunk.
#[derive(Debug, Clone, PartialEq)]
pub struct Function {
    /// `linedefined`: 0 for the main chunk; for `function` statements the line of
    /// `function`; for function expressions and `local function` the line of `(`
    /// (as lparser.c records it; it shows in "function at line N has more than 60
    /// upvalues").
    pub line: u32,
    /// `lastlinedefined`: the line of the closing `end` (0 for the main chunk).
    pub end_line: u32,
    /// The named parameters in order; for a method (`function a:m()`) the first is
    /// `self`.
    pub params: Vec<Name>,
    /// Whether the parameter list ends with `...` (the main chunk is vararg).
    pub is_vararg: bool,
    /// Whether `...` occurs in this function's own body (not counting nested
    /// functions).
    pub uses_vararg: bool,
    /// Lua 5.1's `LUA_COMPAT_VARARG`: a vararg function other than the main chunk
    /// has one more local after its parameters, named `arg`, holding a table of the
    /// extra arguments with a field `n` when the body does not use `...`
    /// (`uses_vararg` false), and nil when it does. It counts towards the 200
    /// locals and can be an upvalue of nested functions.
    pub compat_arg: bool,
    /// The body.
    pub body: Block,
}

/// A block: statements, then at most one `return` or `break`, which Lua 5.1
/// allows only as a block's last statement.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Block {
    /// The statements before the last one.
    pub stats: Vec<Stat>,
    /// A final `return` or `break`.
    pub last: Option<LastStat>,
}

/// A block's final statement.
#[derive(Debug, Clone, PartialEq)]
pub enum LastStat {
    /// `return e1, e2, ...` (possibly no expressions; the last may be multi-valued).
    Return {
        /// The values.
        exprs: Vec<Expr>,
        /// The line of `return`.
        line: u32,
    },
    /// `break` (a loop encloses it in the same function: the parser checked).
    Break {
        /// The line of `break`.
        line: u32,
    },
}

/// A statement, with the line where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Stat {
    /// The line of the statement's first token.
    pub line: u32,
    /// What it is.
    pub kind: StatKind,
}

/// The statements of Lua 5.1, but `return` and `break` ([`LastStat`]).
#[derive(Debug, Clone, PartialEq)]
pub enum StatKind {
    /// `local n1, n2 = e1, e2` (`exprs` may be empty; the names become visible
    /// after the expressions).
    Local {
        /// The new locals.
        names: Vec<Name>,
        /// The values (the last may be multi-valued).
        exprs: Vec<Expr>,
    },
    /// `local function name() end`: the local is visible inside the function.
    LocalFunction {
        /// The new local.
        name: Name,
        /// The function.
        func: Box<Function>,
    },
    /// `function a.b.c:m() end`.
    Function {
        /// `a.b.c:m`.
        name: FuncName,
        /// The function (with `self` first in `params` for a method).
        func: Box<Function>,
    },
    /// `t1, t2 = e1, e2` (at least one target; the last expression may be
    /// multi-valued).
    Assign {
        /// The targets, left to right.
        targets: Vec<AssignTarget>,
        /// The values.
        exprs: Vec<Expr>,
    },
    /// A call used as a statement: an [`ExprKind::Suffixed`] whose last suffix is
    /// a call or method call (its results are discarded).
    Call(Expr),
    /// `do block end`.
    Do(Block),
    /// `while cond do block end`.
    While {
        /// The condition.
        cond: Expr,
        /// The loop body.
        body: Block,
    },
    /// `repeat block until cond`: `cond` sees the block's locals.
    Repeat {
        /// The loop body.
        body: Block,
        /// The condition, in the body's scope.
        cond: Expr,
    },
    /// `if c1 then b1 elseif c2 then b2 else b3 end`.
    If {
        /// `(condition, block)` for the `if` and each `elseif` (at least one).
        clauses: Vec<(Expr, Block)>,
        /// The `else` block.
        else_block: Option<Block>,
    },
    /// `for var = start, limit, step do block end`.
    NumericFor {
        /// The loop variable (a fresh local per iteration).
        var: Name,
        /// Initial value.
        start: Expr,
        /// Limit.
        limit: Expr,
        /// Step (1 when absent).
        step: Option<Expr>,
        /// The loop body.
        body: Block,
    },
    /// `for n1, n2 in e1, e2 do block end`.
    GenericFor {
        /// The loop variables (at least one).
        names: Vec<Name>,
        /// The expressions (adjusted to three values: generator, state, control).
        exprs: Vec<Expr>,
        /// The line of the first token after `in`: Lua 5.1 gives it to the loop's
        /// call of the generator (`TFORLOOP`), so errors calling it report it.
        exprs_line: u32,
        /// The loop body.
        body: Block,
    },
}

/// The name of a `function` statement: `name.fields[0].fields[1]:method`.
#[derive(Debug, Clone, PartialEq)]
pub struct FuncName {
    /// The first name (a local, upvalue or global).
    pub name: Name,
    /// The line of the first name.
    pub line: u32,
    /// The `.field` names after it.
    pub fields: Vec<Name>,
    /// The `:method` name, if any (then the function has `self`).
    pub method: Option<Name>,
}

/// A target of an assignment.
#[derive(Debug, Clone, PartialEq)]
pub enum AssignTarget {
    /// A variable: local, upvalue or global (the compiler resolves it).
    Name {
        /// The name.
        name: Name,
        /// The line of the name.
        line: u32,
    },
    /// `object[key]` or `object.key` (then `key` is a string constant).
    Index {
        /// The table expression (a name, a parenthesized expression or a suffixed
        /// expression).
        object: Expr,
        /// The key.
        key: Expr,
        /// The line of the `]` or of the field name.
        line: u32,
    },
}

/// An expression, with a line (see [`ExprKind`] for which).
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// The line of the expression's first token, except: a function's is its
    /// `linedefined`; a unary operation's is where Lua emits it (the line of the
    /// operand's last token).
    pub line: u32,
    /// What it is.
    pub kind: ExprKind,
}

/// Expressions.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// `nil`
    Nil,
    /// `true`
    True,
    /// `false`
    False,
    /// A numeral's value.
    Number(f64),
    /// A string literal's bytes.
    String(Vec<u8>),
    /// `...` (only in vararg functions: the parser checked).
    Vararg,
    /// `function (...) ... end`.
    Function(Box<Function>),
    /// `{ ... }`.
    Table(Vec<TableField>),
    /// A variable: local, upvalue or global (the compiler resolves it).
    Name(Name),
    /// `( expr )`: one value only, and never an assignment target.
    Paren(Box<Expr>),
    /// A prefix expression (a name or parenthesized expression) followed by
    /// indexings and calls, applied left to right (lparser.c `primaryexp`).
    Suffixed {
        /// The name or parenthesized expression it starts with.
        base: Box<Expr>,
        /// At least one suffix.
        suffixes: Vec<Suffix>,
    },
    /// `op operand`.
    Unary {
        /// The operator.
        op: UnOp,
        /// The operand.
        operand: Box<Expr>,
    },
    /// `lhs op1 rhs1 op2 rhs2 ...`, folded to the left: `((lhs op1 rhs1) op2
    /// rhs2)...`, the way lparser.c's `subexpr` loop combines them (each `rhs`
    /// already holds the operators binding tighter than the one before it, and
    /// the right-associative `..` and `^` nest in their `rhs`). So `a + b * c - d`
    /// is `a` then `+ (b * c)` then `- d`.
    Binary {
        /// The first operand.
        lhs: Box<Expr>,
        /// The operations, at least one.
        ops: Vec<BinaryStep>,
    },
}

/// One step of an [`ExprKind::Binary`] chain.
#[derive(Debug, Clone, PartialEq)]
pub struct BinaryStep {
    /// The operator.
    pub op: BinOp,
    /// Its right operand.
    pub rhs: Expr,
    /// Where Lua emits the operation: the line of the right operand's last token.
    pub line: u32,
}

/// One suffix of an [`ExprKind::Suffixed`] expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Suffix {
    /// For an index, the line of its `]` or field name; for a call, the line of
    /// the `(`, string or `{` that opens its arguments (Lua gives the call that
    /// line).
    pub line: u32,
    /// What it is.
    pub kind: SuffixKind,
}

/// Indexing and calls.
#[derive(Debug, Clone, PartialEq)]
pub enum SuffixKind {
    /// `[key]`, or `.name` (then `key` is a string constant).
    Index(Expr),
    /// `(args)`, `"string"` or `{table}`; the last argument may be multi-valued.
    Call(Vec<Expr>),
    /// `:name(args)`: calls `object.name(object, args...)`, evaluating the object
    /// once.
    Method(Name, Vec<Expr>),
}

/// A table constructor's field.
#[derive(Debug, Clone, PartialEq)]
pub enum TableField {
    /// `expr`: the next array slot; the last field may be multi-valued.
    Positional(Expr),
    /// `name = expr`.
    Named(Name, Expr),
    /// `[key] = expr`.
    Keyed(Expr, Expr),
}

/// Binary operators (lparser.c `BinOpr`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Mod,
    /// `^`
    Pow,
    /// `..`
    Concat,
    /// `==`
    Eq,
    /// `~=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `and`
    And,
    /// `or`
    Or,
}

impl BinOp {
    /// lparser.c `priority`: (left, right) binding powers. An operator continues
    /// an expression whose limit is below its left power and reads its right
    /// operand with its right power as the limit; `..` and `^` are right
    /// associative (right power below left).
    pub fn priority(self) -> (u8, u8) {
        match self {
            BinOp::Add | BinOp::Sub => (6, 6),
            BinOp::Mul | BinOp::Div | BinOp::Mod => (7, 7),
            BinOp::Pow => (10, 9),
            BinOp::Concat => (5, 4),
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => (3, 3),
            BinOp::And => (2, 2),
            BinOp::Or => (1, 1),
        }
    }

    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Mod => "%",
            BinOp::Pow => "^",
            BinOp::Concat => "..",
            BinOp::Eq => "==",
            BinOp::Ne => "~=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::And => "and",
            BinOp::Or => "or",
        }
    }
}

/// lparser.c `UNARY_PRIORITY`: unary operators bind tighter than every binary
/// operator but `^` (so `-2^2` is `-(2^2)`).
pub const UNARY_PRIORITY: u8 = 8;

/// Unary operators (lparser.c `UnOpr`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnOp {
    /// `-`
    Neg,
    /// `not`
    Not,
    /// `#`
    Len,
}

impl UnOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            UnOp::Neg => "-",
            UnOp::Not => "not",
            UnOp::Len => "#",
        }
    }
}

impl Expr {
    /// Whether the expression can yield several values (lparser.c `hasmultret`):
    /// a call, a method call or `...` — not when parenthesized. It yields them all
    /// only in the last position of a list (arguments, return, table constructor,
    /// assignment or `local` right side, generic `for`); elsewhere just the first.
    pub fn is_multi(&self) -> bool {
        match &self.kind {
            ExprKind::Vararg => true,
            ExprKind::Suffixed { suffixes, .. } => matches!(
                suffixes.last().map(|s| &s.kind),
                Some(SuffixKind::Call(_) | SuffixKind::Method(..))
            ),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(kind: ExprKind) -> Expr {
        Expr { line: 1, kind }
    }

    #[test]
    fn multi_values() {
        let call = e(ExprKind::Suffixed {
            base: Box::new(e(ExprKind::Name(b"f".to_vec()))),
            suffixes: vec![Suffix {
                line: 1,
                kind: SuffixKind::Call(vec![]),
            }],
        });
        assert!(call.is_multi());
        assert!(e(ExprKind::Vararg).is_multi());
        assert!(!e(ExprKind::Paren(Box::new(call.clone()))).is_multi());
        assert!(!e(ExprKind::Paren(Box::new(e(ExprKind::Vararg)))).is_multi());
        let index = e(ExprKind::Suffixed {
            base: Box::new(call),
            suffixes: vec![Suffix {
                line: 1,
                kind: SuffixKind::Index(e(ExprKind::Number(1.0))),
            }],
        });
        assert!(!index.is_multi());
        assert!(!e(ExprKind::Name(b"f".to_vec())).is_multi());
    }

    #[test]
    fn priorities() {
        // 5.1's table: or < and < comparison < .. < + - < * / % < unary < ^
        let order = [BinOp::Or, BinOp::And, BinOp::Lt, BinOp::Concat, BinOp::Add, BinOp::Mul];
        for w in order.windows(2) {
            assert!(w[0].priority().0 < w[1].priority().0);
        }
        assert!(BinOp::Mul.priority().0 < UNARY_PRIORITY);
        assert!(UNARY_PRIORITY < BinOp::Pow.priority().0);
        assert!(BinOp::Pow.priority().1 < BinOp::Pow.priority().0);
        assert!(BinOp::Concat.priority().1 < BinOp::Concat.priority().0);
        assert_eq!(BinOp::Ne.symbol(), "~=");
        assert_eq!(UnOp::Len.symbol(), "#");
    }
}
