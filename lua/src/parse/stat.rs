//! The parser's statements (lparser.c `chunk`, `block`, `statement` and the
//! statements it dispatches to) and function bodies (`body`): everything that reads
//! a block, apart from the expressions in `expr.rs`.

use super::*;

impl Parser<'_> {
    // ---- statements ----

    /// lparser.c `chunk`: `{ stat [';'] }`.
    pub(super) fn chunk(&mut self) -> Result<Block, SyntaxError> {
        self.enter_level()?;
        let mut block = Block::default();
        while block.last.is_none() && !block_follow(&self.tok) {
            match self.statement() {
                Ok(Statement::Stat(s)) => block.stats.push(s),
                Ok(Statement::Last(l)) => block.last = Some(l),
                Err(e) => return Err(e),
            }
            self.test_next(&Token::Char(b';'))?;
        }
        self.leave_level();
        Ok(block)
    }

    /// lparser.c `block`: a chunk in its own scope.
    fn block(&mut self) -> Result<Block, SyntaxError> {
        self.enter_block(false);
        let b = self.chunk()?;
        self.leave_block();
        Ok(b)
    }

    /// lparser.c `statement`. (Each kind is read by a function of its own and
    /// returned as is, so that this frame, on every recursive path, stays small
    /// even in unoptimized builds.)
    fn statement(&mut self) -> Result<Statement, SyntaxError> {
        let line = self.lex.line();
        match self.tok {
            Token::If => self.if_stat(line),
            Token::While => self.while_stat(line),
            Token::Do => self.do_stat(line),
            Token::For => self.for_stat(line),
            Token::Repeat => self.repeat_stat(line),
            Token::Function => self.func_stat(line),
            Token::Local => self.local(line),
            Token::Return => self.return_stat(line),
            Token::Break => self.break_stat(line),
            _ => self.expr_stat(line),
        }
    }

    /// `do block end`.
    fn do_stat(&mut self, line: u32) -> Result<Statement, SyntaxError> {
        self.next()?;
        let b = self.block()?;
        self.check_match(&Token::End, &Token::Do, line)?;
        Ok(stat(line, StatKind::Do(b)))
    }

    /// `local function` or `local`.
    fn local(&mut self, line: u32) -> Result<Statement, SyntaxError> {
        self.next()?;
        if self.test_next(&Token::Function)? {
            self.local_func(line)
        } else {
            self.local_stat(line)
        }
    }

    /// lparser.c `retstat`.
    fn return_stat(&mut self, line: u32) -> Result<Statement, SyntaxError> {
        self.next()?;
        let exprs = if block_follow(&self.tok) || self.is_char(b';') {
            Vec::new()
        } else {
            self.explist1()?
        };
        Ok(Statement::Last(LastStat::Return { exprs, line }))
    }

    /// lparser.c `breakstat`: a loop must enclose it in this function.
    fn break_stat(&mut self, line: u32) -> Result<Statement, SyntaxError> {
        self.next()?;
        let in_loop = self.fs().blocks.iter().any(|&(_, is_loop)| is_loop);
        if !in_loop {
            return Err(self.syntax_error(b"no loop to break"));
        }
        Ok(Statement::Last(LastStat::Break { line }))
    }

    /// lparser.c `ifstat` / `test_then_block`.
    fn if_stat(&mut self, line: u32) -> Result<Statement, SyntaxError> {
        let mut clauses = Vec::new();
        loop {
            self.next()?; // skip IF or ELSEIF
            let cond = self.expr()?;
            self.check_next(&Token::Then)?;
            let b = self.block()?;
            clauses.push((cond, b));
            if !self.is(&Token::Elseif) {
                break;
            }
        }
        let else_block = if self.is(&Token::Else) {
            self.next()?;
            Some(self.block()?)
        } else {
            None
        };
        self.check_match(&Token::End, &Token::If, line)?;
        Ok(stat(line, StatKind::If { clauses, else_block }))
    }

    /// lparser.c `whilestat`.
    fn while_stat(&mut self, line: u32) -> Result<Statement, SyntaxError> {
        self.next()?;
        let cond = self.expr()?;
        self.enter_block(true);
        self.check_next(&Token::Do)?;
        let body = self.block()?;
        self.check_match(&Token::End, &Token::While, line)?;
        self.leave_block();
        Ok(stat(line, StatKind::While { cond, body }))
    }

    /// lparser.c `repeatstat`: the condition is read inside the body's scope.
    fn repeat_stat(&mut self, line: u32) -> Result<Statement, SyntaxError> {
        self.enter_block(true); // loop block
        self.enter_block(false); // scope block
        self.next()?;
        let body = self.chunk()?;
        self.check_match(&Token::Until, &Token::Repeat, line)?;
        let cond = self.expr()?;
        self.leave_block();
        self.leave_block();
        Ok(stat(line, StatKind::Repeat { body, cond }))
    }

    /// lparser.c `forstat`.
    fn for_stat(&mut self, line: u32) -> Result<Statement, SyntaxError> {
        self.enter_block(true);
        self.next()?;
        let var = self.check_name()?;
        let kind = match self.tok {
            Token::Char(b'=') => self.for_num(var)?,
            Token::Char(b',') | Token::In => self.for_list(var)?,
            _ => return Err(self.syntax_error(b"'=' or 'in' expected")),
        };
        self.check_match(&Token::End, &Token::For, line)?;
        self.leave_block();
        Ok(stat(line, kind))
    }

    /// lparser.c `forbody`: three control locals, then the declared ones in a
    /// scope of their own.
    fn for_body(&mut self, nvars: usize) -> Result<Block, SyntaxError> {
        self.adjust_localvars(3);
        self.check_next(&Token::Do)?;
        self.enter_block(false);
        self.adjust_localvars(nvars);
        let b = self.block()?;
        self.leave_block();
        Ok(b)
    }

    /// lparser.c `fornum`.
    fn for_num(&mut self, var: Name) -> Result<StatKind, SyntaxError> {
        self.new_localvar(b"(for index)".to_vec(), 0)?;
        self.new_localvar(b"(for limit)".to_vec(), 1)?;
        self.new_localvar(b"(for step)".to_vec(), 2)?;
        self.new_localvar(var.clone(), 3)?;
        self.check_next(&Token::Char(b'='))?;
        let start = self.expr()?;
        self.check_next(&Token::Char(b','))?;
        let limit = self.expr()?;
        let step = if self.test_next(&Token::Char(b','))? {
            Some(self.expr()?)
        } else {
            None
        };
        let body = self.for_body(1)?;
        Ok(StatKind::NumericFor {
            var,
            start,
            limit,
            step,
            body,
        })
    }

    /// lparser.c `forlist`.
    fn for_list(&mut self, first: Name) -> Result<StatKind, SyntaxError> {
        self.new_localvar(b"(for generator)".to_vec(), 0)?;
        self.new_localvar(b"(for state)".to_vec(), 1)?;
        self.new_localvar(b"(for control)".to_vec(), 2)?;
        self.new_localvar(first.clone(), 3)?;
        let mut names = vec![first];
        while self.test_next(&Token::Char(b','))? {
            let name = self.check_name()?;
            self.new_localvar(name.clone(), names.len() + 3)?;
            names.push(name);
        }
        self.check_next(&Token::In)?;
        let exprs_line = self.lex.line();
        let exprs = self.explist1()?;
        let body = self.for_body(names.len())?;
        Ok(StatKind::GenericFor {
            names,
            exprs,
            exprs_line,
            body,
        })
    }

    /// lparser.c `funcstat` / `funcname`.
    fn func_stat(&mut self, line: u32) -> Result<Statement, SyntaxError> {
        self.next()?; // skip FUNCTION
        let name_line = self.lex.line();
        let first = self.check_name()?;
        self.resolve(&first)?;
        let mut name = FuncName {
            name: first,
            line: name_line,
            fields: Vec::new(),
            method: None,
        };
        while self.is_char(b'.') {
            self.next()?;
            name.fields.push(self.check_name()?);
        }
        if self.is_char(b':') {
            self.next()?;
            name.method = Some(self.check_name()?);
        }
        let needself = name.method.is_some();
        let func = self.body(needself, line)?;
        Ok(stat(line, StatKind::Function { name, func }))
    }

    /// lparser.c `localfunc`: the local is in scope before the body.
    fn local_func(&mut self, stat_line: u32) -> Result<Statement, SyntaxError> {
        let name = self.check_name()?;
        self.new_localvar(name.clone(), 0)?;
        self.adjust_localvars(1);
        let line = self.lex.line();
        let func = self.body(false, line)?;
        Ok(stat(stat_line, StatKind::LocalFunction { name, func }))
    }

    /// lparser.c `localstat`: the locals come into scope after the expressions.
    fn local_stat(&mut self, line: u32) -> Result<Statement, SyntaxError> {
        let mut names = Vec::new();
        loop {
            let name = self.check_name()?;
            self.new_localvar(name.clone(), names.len())?;
            names.push(name);
            if !self.test_next(&Token::Char(b','))? {
                break;
            }
        }
        let exprs = if self.test_next(&Token::Char(b'='))? {
            self.explist1()?
        } else {
            Vec::new()
        };
        self.adjust_localvars(names.len());
        Ok(stat(line, StatKind::Local { names, exprs }))
    }

    /// lparser.c `exprstat` and `assignment` (its recursion over the targets is a
    /// loop here; the target limit is the same).
    fn expr_stat(&mut self, line: u32) -> Result<Statement, SyntaxError> {
        let first = self.primary_exp()?;
        if first.is_multi() {
            return Ok(stat(line, StatKind::Call(first))); // only calls: `...` is no primaryexp
        }
        let mut targets = Vec::new();
        let mut target = first;
        loop {
            match into_target(target) {
                Some(t) => targets.push(t),
                None => return Err(self.syntax_error(b"syntax error")),
            }
            if !self.test_next(&Token::Char(b','))? {
                break;
            }
            target = self.primary_exp()?;
            let limit = MAX_LEVELS.saturating_sub(self.level) as usize;
            if targets.len() > limit {
                return Err(self.error_limit(limit, "variables in assignment"));
            }
        }
        self.check_next(&Token::Char(b'='))?;
        let exprs = self.explist1()?;
        Ok(stat(line, StatKind::Assign { targets, exprs }))
    }

    // ---- functions ----

    /// lparser.c `body`: `(parlist) chunk end`.
    pub(super) fn body(&mut self, needself: bool, line: u32) -> Result<Box<Function>, SyntaxError> {
        self.open_func(line);
        self.check_next(&OPEN_PAREN)?;
        let mut params = Vec::new();
        if needself {
            self.new_localvar(b"self".to_vec(), 0)?;
            self.adjust_localvars(1);
            params.push(b"self".to_vec());
        }
        // lparser.c parlist
        let mut is_vararg = false;
        let mut declared = 0;
        if !self.is(&CLOSE_PAREN) {
            loop {
                match self.tok {
                    Token::Name(_) => {
                        let name = self.check_name()?;
                        self.new_localvar(name.clone(), declared)?;
                        declared += 1;
                        params.push(name);
                    }
                    Token::Dots => {
                        self.next()?;
                        // LUA_COMPAT_VARARG: a local named `arg`
                        self.new_localvar(b"arg".to_vec(), declared)?;
                        declared += 1;
                        is_vararg = true;
                    }
                    _ => return Err(self.syntax_error(b"<name> or '...' expected")),
                }
                if is_vararg || !self.test_next(&Token::Char(b','))? {
                    break;
                }
            }
        }
        self.adjust_localvars(declared);
        self.fs().is_vararg = is_vararg;
        self.check_next(&CLOSE_PAREN)?;
        let body = self.chunk()?;
        let end_line = self.lex.line();
        self.check_match(&Token::End, &Token::Function, line)?;
        let fs = self.funcs.pop().unwrap_or_default();
        Ok(Box::new(Function {
            line,
            end_line,
            params,
            is_vararg,
            uses_vararg: fs.uses_vararg,
            compat_arg: is_vararg,
            body,
        }))
    }
}

/// An expression as an assignment target (lparser.c `assignment`'s check that it
/// is `VLOCAL`..`VINDEXED`): a name or an indexing; `None` for anything else.
fn into_target(e: Expr) -> Option<AssignTarget> {
    match e.kind {
        ExprKind::Name(name) => Some(AssignTarget::Name { name, line: e.line }),
        ExprKind::Suffixed { base, mut suffixes } => {
            let last = suffixes.pop()?;
            let SuffixKind::Index(key) = last.kind else {
                return None;
            };
            let object = if suffixes.is_empty() {
                *base
            } else {
                Expr {
                    line: e.line,
                    kind: ExprKind::Suffixed { base, suffixes },
                }
            };
            Some(AssignTarget::Index {
                object,
                key,
                line: last.line,
            })
        }
        _ => None,
    }
}
