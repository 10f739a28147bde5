//! Lua 5.1's parser (lparser.c): source bytes to a [`Chunk`], or the syntax
//! error Lua 5.1 would raise, word for word.
//!
//! What it reproduces: the whole 5.1 grammar with lparser.c's recursive descent —
//! same order of reading tokens, so the same error wins — and its messages:
//! "unexpected symbol near 'x'", "'=' expected near 'end'", "'end' expected (to
//! close 'function' at line 1) near '\<eof>'" (the "to close" part only when the
//! opener is on another line), "ambiguous syntax (function call x new statement)"
//! (a `(` on a new line after an expression, checked against the line of the token
//! before it, so `{f\n(1)}` passes as in 5.1), "no loop to break", "cannot use
//! '...' outside a vararg function", "function arguments expected", "syntax error"
//! (assigning to a call or a parenthesized expression), "'\<eof>' expected". And
//! its limits (luaconf.h), checked at the same tokens as in 5.1:
//! - `LUAI_MAXCCALLS` 200 syntax levels ("chunk has too many syntax levels"),
//!   counted from the caller's depth (0 for EVAL; a script calling `loadstring`
//!   is at 1, through `pcall` at 2: see [`parse_at_depth`]);
//! - `LUAI_MAXVARS` 200 active locals per function ("main function has more than
//!   200 local variables", "function at line N has more than ..."), hidden locals
//!   included (three per `for`, `self`, the compat `arg`);
//! - `LUAI_MAXUPVALUES` 60 upvalues per function (so names are resolved here,
//!   to count them; the tree still holds plain names);
//! - at most `200 - depth` targets in one assignment ("variables in assignment");
//! - 32767 locals declared in one function over its whole body ("too many local
//!   variables", `SHRT_MAX` in `registerlocalvar`, a run-time error without
//!   position, as Redis shows it).
//!
//! How: a recursive descent that is bounded — every recursive path passes through
//! `chunk` or `subexpr`, which count syntax levels and fail past 200, and
//! assignments' target lists are read by a loop — so no input can exhaust the Rust
//! stack (the deepest accepted nestings need about 1 MiB of it unoptimized and
//! 350 KiB optimized; the functions on recursive paths are split so that their
//! frames stay small); what 5.1 reads with loops (operator chains, suffix chains)
//! is kept flat in the tree.
//!
//! Left out: errors lcode.c raises while generating code — "function or expression
//! too complex" (more than 250 registers), "constant table overflow", "control
//! structure too long" — which need the compiler's register and constant
//! allocation; the compiler reports them (after any syntax error later in the
//! source, where 5.1 would report the first one met).

use crate::ast::{
    AssignTarget, BinOp, BinaryStep, Block, Chunk, Expr, ExprKind, FuncName, Function, LastStat, Name, Stat, StatKind,
    Suffix, SuffixKind, TableField, UnOp, UNARY_PRIORITY,
};
use crate::lex::{Lexer, Token};

pub use crate::lex::SyntaxError;

mod expr;
mod stat;

/// The chunk name Redis gives scripts (`luaL_loadbuffer(lua, body, len,
/// "@user_script")`), shown as `user_script` in messages.
pub const REDIS_CHUNK_NAME: &[u8] = b"@user_script";

/// `LUAI_MAXCCALLS`: nested syntax levels (and C calls).
pub const MAX_LEVELS: u32 = 200;
/// `LUAI_MAXVARS`: active locals per function.
pub const MAX_VARS: usize = 200;
/// `LUAI_MAXUPVALUES`: upvalues per function.
pub const MAX_UPVALUES: usize = 60;
/// `SHRT_MAX`, the bound `registerlocalvar` gives a function's declared locals.
const MAX_LOCVARS: u32 = 32767;

/// Parses `source` as a Lua 5.1 chunk named `chunk_name`, the raw name `lua_load`
/// takes ([`REDIS_CHUNK_NAME`] for a script; `loadstring(s)` passes `s` itself),
/// at depth 0 as Redis's EVAL does.
///
/// ```
/// use keyspace_lua::parse::{parse, REDIS_CHUNK_NAME};
/// let err = parse(b"x = ", REDIS_CHUNK_NAME).unwrap_err();
/// assert_eq!(err.to_string(), "user_script:1: unexpected symbol near '<eof>'");
/// ```
pub fn parse(source: &[u8], chunk_name: &[u8]) -> Result<Chunk, SyntaxError> {
    parse_at_depth(source, chunk_name, 0)
}

/// [`parse`] for a caller already `c_calls` C calls deep (`L->nCcalls`), which
/// the 200-level limit counts too: 1 for `loadstring` called by a script, 2 for
/// `pcall(loadstring, ...)`.
pub fn parse_at_depth(source: &[u8], chunk_name: &[u8], c_calls: u32) -> Result<Chunk, SyntaxError> {
    let mut p = Parser {
        lex: Lexer::new(source, chunk_name),
        tok: Token::Eof,
        ahead: None,
        lastline: 1,
        level: c_calls,
        funcs: Vec::new(),
    };
    // lparser.c luaY_parser
    p.open_func(0);
    p.fs().is_vararg = true; // the main function is always vararg
    p.next()?;
    let body = p.chunk()?;
    p.check(&Token::Eof)?;
    let fs = p.funcs.pop().unwrap_or_default();
    Ok(Chunk {
        source: chunk_name.to_vec(),
        main: Function {
            line: 0,
            end_line: 0,
            params: Vec::new(),
            is_vararg: true,
            uses_vararg: fs.uses_vararg,
            compat_arg: false,
            body,
        },
    })
}

/// How a name resolves (lparser.c `expkind` VLOCAL / VUPVAL): what an upvalue
/// refers to in the enclosing function, which identifies it (`indexupvalue`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum VarRef {
    Local(usize),
    Upvalue(usize),
}

/// lparser.h `FuncState`, the parts the parser's checks need.
#[derive(Debug, Default)]
struct FuncState {
    /// `linedefined` (0: the main function).
    linedefined: u32,
    is_vararg: bool,
    uses_vararg: bool,
    /// Declared locals' names; the first `nactvar` are active, the rest are
    /// declared by the statement being read and not yet in scope.
    vars: Vec<Name>,
    nactvar: usize,
    /// Locals registered over the whole function (`nlocvars`).
    nlocvars: u32,
    /// The upvalues (what each refers to one level up).
    upvalues: Vec<VarRef>,
    /// Open blocks: (`nactvar` at entry, is a loop).
    blocks: Vec<(usize, bool)>,
}

/// What `statement` read.
enum Statement {
    Stat(Stat),
    Last(LastStat),
}

/// lparser.c's `LexState` plus its `FuncState` chain.
struct Parser<'a> {
    lex: Lexer<'a>,
    /// The current token (`ls->t`).
    tok: Token,
    /// The look-ahead token (`ls->lookahead`), read only in table constructors.
    ahead: Option<Token>,
    /// The line of the last token consumed (`ls->lastline`).
    lastline: u32,
    /// Syntax levels plus the caller's C calls (`L->nCcalls`).
    level: u32,
    /// The functions being parsed, innermost last.
    funcs: Vec<FuncState>,
}

fn stat(line: u32, kind: StatKind) -> Statement {
    Statement::Stat(Stat { line, kind })
}

fn block_follow(t: &Token) -> bool {
    matches!(t, Token::Else | Token::Elseif | Token::End | Token::Until | Token::Eof)
}

fn unary_op(t: &Token) -> Option<UnOp> {
    match t {
        Token::Not => Some(UnOp::Not),
        Token::Char(b'-') => Some(UnOp::Neg),
        Token::Char(b'#') => Some(UnOp::Len),
        _ => None,
    }
}

fn binary_op(t: &Token) -> Option<BinOp> {
    Some(match t {
        Token::Char(b'+') => BinOp::Add,
        Token::Char(b'-') => BinOp::Sub,
        Token::Char(b'*') => BinOp::Mul,
        Token::Char(b'/') => BinOp::Div,
        Token::Char(b'%') => BinOp::Mod,
        Token::Char(b'^') => BinOp::Pow,
        Token::Concat => BinOp::Concat,
        Token::Ne => BinOp::Ne,
        Token::Eq => BinOp::Eq,
        Token::Char(b'<') => BinOp::Lt,
        Token::Le => BinOp::Le,
        Token::Char(b'>') => BinOp::Gt,
        Token::Ge => BinOp::Ge,
        Token::And => BinOp::And,
        Token::Or => BinOp::Or,
        _ => return None,
    })
}

const OPEN_PAREN: Token = Token::Char(b'(');
const CLOSE_PAREN: Token = Token::Char(b')');

impl Parser<'_> {
    // ---- tokens (llex.c luaX_next / luaX_lookahead, lparser.c helpers) ----

    fn next(&mut self) -> Result<(), SyntaxError> {
        self.lastline = self.lex.line();
        self.tok = match self.ahead.take() {
            Some(t) => t,
            None => self.lex.next_token()?,
        };
        Ok(())
    }

    fn lookahead(&mut self) -> Result<&Token, SyntaxError> {
        let t = self.lex.next_token()?;
        Ok(self.ahead.insert(t))
    }

    /// The current token, replaced by a placeholder (to move its payload out
    /// before `next`).
    fn take_tok(&mut self) -> Token {
        std::mem::replace(&mut self.tok, Token::Eof)
    }

    fn is(&self, t: &Token) -> bool {
        self.tok.same_kind(t)
    }

    fn is_char(&self, c: u8) -> bool {
        self.tok == Token::Char(c)
    }

    /// lparser.c `testnext`.
    fn test_next(&mut self, t: &Token) -> Result<bool, SyntaxError> {
        if self.is(t) {
            self.next()?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// lparser.c `check`.
    fn check(&self, t: &Token) -> Result<(), SyntaxError> {
        if self.is(t) {
            Ok(())
        } else {
            Err(self.error_expected(t))
        }
    }

    /// lparser.c `checknext`.
    fn check_next(&mut self, t: &Token) -> Result<(), SyntaxError> {
        self.check(t)?;
        self.next()
    }

    /// lparser.c `check_match`: `what` closes `who` opened at line `line`.
    fn check_match(&mut self, what: &Token, who: &Token, line: u32) -> Result<(), SyntaxError> {
        if self.test_next(what)? {
            return Ok(());
        }
        if line == self.lex.line() {
            return Err(self.error_expected(what));
        }
        let mut msg = b"'".to_vec();
        msg.extend_from_slice(&what.describe());
        msg.extend_from_slice(b"' expected (to close '");
        msg.extend_from_slice(&who.describe());
        msg.extend_from_slice(format!("' at line {line})").as_bytes());
        Err(self.syntax_error(&msg))
    }

    /// lparser.c `str_checkname`.
    fn check_name(&mut self) -> Result<Name, SyntaxError> {
        self.check(&Token::Name(Vec::new()))?;
        let Token::Name(name) = self.take_tok() else {
            return Err(self.syntax_error(b"'<name>' expected"));
        };
        self.next()?;
        Ok(name)
    }

    // ---- errors ----

    /// llex.c `luaX_syntaxerror`: `msg` near the current token.
    fn syntax_error(&self, msg: &[u8]) -> SyntaxError {
        self.lex.error_near(msg, &self.tok)
    }

    /// lparser.c `error_expected`.
    fn error_expected(&self, t: &Token) -> SyntaxError {
        let mut msg = b"'".to_vec();
        msg.extend_from_slice(&t.describe());
        msg.extend_from_slice(b"' expected");
        self.syntax_error(&msg)
    }

    /// lparser.c `errorlimit`, for the innermost function.
    fn error_limit(&self, limit: usize, what: &str) -> SyntaxError {
        let linedefined = self.funcs.last().map_or(0, |f| f.linedefined);
        self.error_limit_at(linedefined, limit, what)
    }

    fn error_limit_at(&self, linedefined: u32, limit: usize, what: &str) -> SyntaxError {
        let msg = if linedefined == 0 {
            format!("main function has more than {limit} {what}")
        } else {
            format!("function at line {linedefined} has more than {limit} {what}")
        };
        self.lex.error_plain(msg.as_bytes())
    }

    /// lparser.c `enterlevel`.
    fn enter_level(&mut self) -> Result<(), SyntaxError> {
        self.level = self.level.saturating_add(1);
        if self.level > MAX_LEVELS {
            return Err(self.lex.error_plain(b"chunk has too many syntax levels"));
        }
        Ok(())
    }

    /// lparser.c `leavelevel`.
    fn leave_level(&mut self) {
        self.level = self.level.saturating_sub(1);
    }

    // ---- functions, blocks and locals ----

    fn fs(&mut self) -> &mut FuncState {
        if self.funcs.is_empty() {
            self.funcs.push(FuncState::default());
        }
        let last = self.funcs.len() - 1;
        &mut self.funcs[last]
    }

    /// lparser.c `open_func`.
    fn open_func(&mut self, linedefined: u32) {
        self.funcs.push(FuncState {
            linedefined,
            ..FuncState::default()
        });
    }

    /// lparser.c `new_localvar` (with `registerlocalvar`): declare the `n`-th new
    /// local of the statement being read.
    fn new_localvar(&mut self, name: Name, n: usize) -> Result<(), SyntaxError> {
        let fs = self.fs();
        if fs.nactvar + n + 1 > MAX_VARS {
            return Err(self.error_limit(MAX_VARS, "local variables"));
        }
        if fs.nlocvars >= MAX_LOCVARS {
            // lmem.c luaM_growaux_: luaG_runerror, outside any Lua function.
            return Err(SyntaxError::new(&b"too many local variables"[..]));
        }
        fs.nlocvars += 1;
        let at = fs.nactvar + n;
        fs.vars.truncate(at);
        fs.vars.push(name);
        Ok(())
    }

    /// lparser.c `adjustlocalvars`: the next `n` declared locals come into scope.
    fn adjust_localvars(&mut self, n: usize) {
        let fs = self.fs();
        fs.nactvar = (fs.nactvar + n).min(fs.vars.len());
    }

    /// lparser.c `enterblock`.
    fn enter_block(&mut self, is_loop: bool) {
        let fs = self.fs();
        let n = fs.nactvar;
        fs.blocks.push((n, is_loop));
    }

    /// lparser.c `leaveblock` (`removevars`).
    fn leave_block(&mut self) {
        let fs = self.fs();
        if let Some((n, _)) = fs.blocks.pop() {
            fs.nactvar = n;
            fs.vars.truncate(n);
        }
    }

    /// lparser.c `singlevar` / `singlevaraux` / `indexupvalue`: resolve `name`
    /// from the innermost function outwards, adding upvalues on the way (from the
    /// outermost function that needs one inwards, as the C recursion unwinds), to
    /// enforce the upvalue limit.
    fn resolve(&mut self, name: &[u8]) -> Result<(), SyntaxError> {
        let mut found = None;
        for (level, fs) in self.funcs.iter().enumerate().rev() {
            if let Some(i) = fs.vars[..fs.nactvar].iter().rposition(|v| v == name) {
                found = Some((level, VarRef::Local(i)));
                break;
            }
        }
        let Some((level, mut var)) = found else {
            return Ok(()); // a global
        };
        for inner in level + 1..self.funcs.len() {
            let existing = self.funcs[inner].upvalues.iter().position(|u| *u == var);
            let index = match existing {
                Some(i) => i,
                None => {
                    if self.funcs[inner].upvalues.len() + 1 > MAX_UPVALUES {
                        let line = self.funcs[inner].linedefined;
                        return Err(self.error_limit_at(line, MAX_UPVALUES, "upvalues"));
                    }
                    self.funcs[inner].upvalues.push(var);
                    self.funcs[inner].upvalues.len() - 1
                }
            };
            var = VarRef::Upvalue(index);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
