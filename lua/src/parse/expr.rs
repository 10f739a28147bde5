//! The parser's expressions (lparser.c `expr`, `subexpr`, `simpleexp`,
//! `primaryexp` and the suffixes, call arguments and table constructors), apart
//! from the statements in `stat.rs`.

use super::*;

impl Parser<'_> {
    // ---- expressions ----

    /// lparser.c `explist1`: `expr { ',' expr }`.
    pub(super) fn explist1(&mut self) -> Result<Vec<Expr>, SyntaxError> {
        let mut list = Vec::new();
        loop {
            match self.expr() {
                Ok(e) => list.push(e),
                Err(e) => return Err(e),
            }
            if !self.test_next(&Token::Char(b','))? {
                return Ok(list);
            }
        }
    }

    /// lparser.c `expr`.
    pub(super) fn expr(&mut self) -> Result<Expr, SyntaxError> {
        self.subexpr(0).map(|(e, _)| e)
    }

    /// lparser.c `subexpr`: `(simpleexp | unop subexpr) { binop subexpr }` where
    /// each binop binds tighter than `limit`; also returns the first operator
    /// left unread.
    fn subexpr(&mut self, limit: u8) -> Result<(Expr, Option<BinOp>), SyntaxError> {
        self.enter_level()?;
        let lhs = match unary_op(&self.tok) {
            Some(op) => self.unary_exp(op),
            None => self.simple_exp(),
        };
        let result = match lhs {
            Ok(lhs) => self.binary_rest(lhs, limit),
            Err(e) => return Err(e),
        };
        self.leave_level();
        result
    }

    /// `unop subexpr`.
    fn unary_exp(&mut self, op: UnOp) -> Result<Expr, SyntaxError> {
        self.next()?;
        let operand = self.subexpr(UNARY_PRIORITY)?.0;
        Ok(Expr {
            line: self.lastline,
            kind: ExprKind::Unary {
                op,
                operand: Box::new(operand),
            },
        })
    }

    /// `subexpr`'s loop: `{ binop subexpr }` after `lhs`.
    fn binary_rest(&mut self, lhs: Expr, limit: u8) -> Result<(Expr, Option<BinOp>), SyntaxError> {
        let mut ops = Vec::new();
        let mut op = binary_op(&self.tok);
        while let Some(o) = op {
            let (left, right) = o.priority();
            if left <= limit {
                break;
            }
            self.next()?;
            let (rhs, next_op) = self.subexpr(right)?;
            ops.push(BinaryStep {
                op: o,
                rhs,
                line: self.lastline,
            });
            op = next_op;
        }
        if ops.is_empty() {
            return Ok((lhs, op));
        }
        let line = lhs.line;
        let e = Expr {
            line,
            kind: ExprKind::Binary {
                lhs: Box::new(lhs),
                ops,
            },
        };
        Ok((e, op))
    }

    /// lparser.c `simpleexp`.
    fn simple_exp(&mut self) -> Result<Expr, SyntaxError> {
        let line = self.lex.line();
        let kind = match self.tok {
            Token::Number(n) => ExprKind::Number(n),
            Token::String(_) => match self.take_tok() {
                Token::String(s) => ExprKind::String(s),
                _ => ExprKind::Nil,
            },
            Token::Nil => ExprKind::Nil,
            Token::True => ExprKind::True,
            Token::False => ExprKind::False,
            Token::Dots => {
                let fs = self.fs();
                if !fs.is_vararg {
                    return Err(self.syntax_error(b"cannot use '...' outside a vararg function"));
                }
                fs.uses_vararg = true;
                ExprKind::Vararg
            }
            Token::Char(b'{') => return self.constructor(),
            Token::Function => return self.function_exp(),
            _ => return self.primary_exp(),
        };
        self.next()?;
        Ok(Expr { line, kind })
    }

    /// `function body` in an expression.
    fn function_exp(&mut self) -> Result<Expr, SyntaxError> {
        self.next()?;
        let line = self.lex.line();
        self.body(false, line).map(|f| Expr {
            line,
            kind: ExprKind::Function(f),
        })
    }

    /// lparser.c `prefixexp`: a name or a parenthesized expression.
    fn prefix_exp(&mut self) -> Result<Expr, SyntaxError> {
        match self.tok {
            Token::Char(b'(') => self.paren_exp(),
            Token::Name(_) => {
                let line = self.lex.line();
                let name = self.check_name()?;
                self.resolve(&name)?;
                Ok(Expr {
                    line,
                    kind: ExprKind::Name(name),
                })
            }
            _ => Err(self.syntax_error(b"unexpected symbol")),
        }
    }

    /// `( expr )`.
    fn paren_exp(&mut self) -> Result<Expr, SyntaxError> {
        let line = self.lex.line();
        self.next()?;
        let inner = self.expr()?;
        self.check_match(&CLOSE_PAREN, &OPEN_PAREN, line)?;
        Ok(Expr {
            line,
            kind: ExprKind::Paren(Box::new(inner)),
        })
    }

    /// lparser.c `primaryexp`: a prefix expression and its `.name`, `[exp]`,
    /// `:name args` and `args` suffixes.
    pub(super) fn primary_exp(&mut self) -> Result<Expr, SyntaxError> {
        let base = self.prefix_exp()?;
        let mut suffixes = Vec::new();
        loop {
            match self.suffix() {
                Ok(Some(suffix)) => suffixes.push(suffix),
                Ok(None) => break,
                Err(e) => return Err(e),
            }
        }
        if suffixes.is_empty() {
            return Ok(base);
        }
        Ok(Expr {
            line: base.line,
            kind: ExprKind::Suffixed {
                base: Box::new(base),
                suffixes,
            },
        })
    }

    /// One turn of `primaryexp`'s loop: the next suffix, if any.
    fn suffix(&mut self) -> Result<Option<Suffix>, SyntaxError> {
        match self.tok {
            Token::Char(b'.') => self.field_suffix(),
            Token::Char(b'[') => self.index_suffix(),
            Token::Char(b':') => self.method_suffix(),
            Token::Char(b'(' | b'{') | Token::String(_) => self.call_suffix(),
            _ => Ok(None),
        }
    }

    /// `.name` (lparser.c `field`).
    fn field_suffix(&mut self) -> Result<Option<Suffix>, SyntaxError> {
        self.next()?;
        let key_line = self.lex.line();
        let name = self.check_name()?;
        let key = Expr {
            line: key_line,
            kind: ExprKind::String(name),
        };
        Ok(Some(Suffix {
            line: self.lastline,
            kind: SuffixKind::Index(key),
        }))
    }

    /// `[exp]`.
    fn index_suffix(&mut self) -> Result<Option<Suffix>, SyntaxError> {
        let key = self.yindex()?;
        Ok(Some(Suffix {
            line: self.lastline,
            kind: SuffixKind::Index(key),
        }))
    }

    /// `:name args`.
    fn method_suffix(&mut self) -> Result<Option<Suffix>, SyntaxError> {
        self.next()?;
        let name = self.check_name()?;
        let line = self.lex.line();
        self.func_args().map(|args| {
            Some(Suffix {
                line,
                kind: SuffixKind::Method(name, args),
            })
        })
    }

    /// `args`.
    fn call_suffix(&mut self) -> Result<Option<Suffix>, SyntaxError> {
        let line = self.lex.line();
        self.func_args().map(|args| {
            Some(Suffix {
                line,
                kind: SuffixKind::Call(args),
            })
        })
    }

    /// lparser.c `yindex`: `[ expr ]`.
    fn yindex(&mut self) -> Result<Expr, SyntaxError> {
        self.next()?;
        let e = self.expr()?;
        self.check_next(&Token::Char(b']'))?;
        Ok(e)
    }

    /// lparser.c `funcargs`: `( [explist1] )`, a constructor or a string (the
    /// call's line is that of this first token).
    fn func_args(&mut self) -> Result<Vec<Expr>, SyntaxError> {
        let line = self.lex.line();
        match self.tok {
            Token::Char(b'(') => {
                if line != self.lastline {
                    return Err(self.syntax_error(b"ambiguous syntax (function call x new statement)"));
                }
                self.next()?;
                let args = if self.is(&CLOSE_PAREN) {
                    Ok(Vec::new())
                } else {
                    self.explist1()
                };
                match args {
                    Ok(args) => self.check_match(&CLOSE_PAREN, &OPEN_PAREN, line).map(|()| args),
                    Err(e) => Err(e),
                }
            }
            Token::Char(b'{') => self.constructor().map(|t| vec![t]),
            Token::String(_) => {
                let Token::String(s) = self.take_tok() else {
                    return Err(self.syntax_error(b"function arguments expected"));
                };
                self.next()?;
                Ok(vec![Expr {
                    line,
                    kind: ExprKind::String(s),
                }])
            }
            _ => Err(self.syntax_error(b"function arguments expected")),
        }
    }

    /// lparser.c `constructor`.
    fn constructor(&mut self) -> Result<Expr, SyntaxError> {
        let line = self.lex.line();
        self.check_next(&Token::Char(b'{'))?;
        let mut fields = Vec::new();
        loop {
            if self.is_char(b'}') {
                break;
            }
            match self.field() {
                Ok(f) => fields.push(f),
                Err(e) => return Err(e),
            }
            if !(self.test_next(&Token::Char(b','))? || self.test_next(&Token::Char(b';'))?) {
                break;
            }
        }
        self.check_match(&Token::Char(b'}'), &Token::Char(b'{'), line)?;
        Ok(Expr {
            line,
            kind: ExprKind::Table(fields),
        })
    }

    /// One field of a constructor (lparser.c `recfield` / `listfield`): a name
    /// followed by `=` (one token of look-ahead), `[k] = v`, or an expression.
    fn field(&mut self) -> Result<TableField, SyntaxError> {
        match self.tok {
            Token::Name(_) => {
                if *self.lookahead()? != Token::Char(b'=') {
                    return self.expr().map(TableField::Positional);
                }
                let name = self.check_name()?;
                self.check_next(&Token::Char(b'='))?;
                self.expr().map(|v| TableField::Named(name, v))
            }
            Token::Char(b'[') => {
                let key = self.yindex()?;
                self.check_next(&Token::Char(b'='))?;
                self.expr().map(|v| TableField::Keyed(key, v))
            }
            _ => self.expr().map(TableField::Positional),
        }
    }
}
