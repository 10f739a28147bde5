//! The parser's tests: the tree's shapes (printed back as text), the lines it
//! records, and the helpers the other test files share; Redis's messages for
//! scripts are in `oracle.rs`, the limits and adversarial inputs in `limits.rs`.

use super::*;

fn err(src: &[u8]) -> String {
    match parse(src, REDIS_CHUNK_NAME) {
        Ok(c) => panic!("expected an error for {:?}, got {c:?}", String::from_utf8_lossy(src)),
        Err(e) => e.to_string(),
    }
}

mod limits;
mod oracle;

// ---- a printer for the tree, to assert shapes ----

fn name(n: &[u8]) -> String {
    String::from_utf8_lossy(n).into_owned()
}

fn list(es: &[Expr]) -> String {
    es.iter().map(show_expr).collect::<Vec<_>>().join(", ")
}

fn show_func(f: &Function) -> String {
    let mut params: Vec<String> = f.params.iter().map(|p| name(p)).collect();
    if f.is_vararg {
        params.push("...".into());
    }
    format!("function({}) {} end", params.join(", "), show_block(&f.body))
}

fn show_expr(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Nil => "nil".into(),
        ExprKind::True => "true".into(),
        ExprKind::False => "false".into(),
        ExprKind::Number(n) => format!("{n}"),
        ExprKind::String(s) => format!("{:?}", name(s)),
        ExprKind::Vararg => "...".into(),
        ExprKind::Function(f) => show_func(f),
        ExprKind::Table(fields) => {
            let fs: Vec<String> = fields
                .iter()
                .map(|f| match f {
                    TableField::Positional(v) => show_expr(v),
                    TableField::Named(k, v) => format!("{} = {}", name(k), show_expr(v)),
                    TableField::Keyed(k, v) => format!("[{}] = {}", show_expr(k), show_expr(v)),
                })
                .collect();
            format!("{{{}}}", fs.join(", "))
        }
        ExprKind::Name(n) => name(n),
        ExprKind::Paren(inner) => format!("({})", show_expr(inner)),
        ExprKind::Suffixed { base, suffixes } => {
            let mut out = show_expr(base);
            for s in suffixes {
                match &s.kind {
                    SuffixKind::Index(k) => out += &format!("[{}]", show_expr(k)),
                    SuffixKind::Call(args) => out += &format!("({})", list(args)),
                    SuffixKind::Method(m, args) => out += &format!(":{}({})", name(m), list(args)),
                }
            }
            out
        }
        ExprKind::Unary { op, operand } => format!("({} {})", op.symbol(), show_expr(operand)),
        ExprKind::Binary { lhs, ops } => {
            let mut acc = show_expr(lhs);
            for step in ops {
                acc = format!("({} {} {})", acc, step.op.symbol(), show_expr(&step.rhs));
            }
            acc
        }
    }
}

fn show_target(t: &AssignTarget) -> String {
    match t {
        AssignTarget::Name { name: n, .. } => name(n),
        AssignTarget::Index { object, key, .. } => format!("{}[{}]", show_expr(object), show_expr(key)),
    }
}

fn show_block(b: &Block) -> String {
    let mut parts: Vec<String> = b.stats.iter().map(show_stat).collect();
    match &b.last {
        Some(LastStat::Return { exprs, .. }) if exprs.is_empty() => parts.push("return".into()),
        Some(LastStat::Return { exprs, .. }) => parts.push(format!("return {}", list(exprs))),
        Some(LastStat::Break { .. }) => parts.push("break".into()),
        None => {}
    }
    parts.join("; ")
}

fn show_stat(s: &Stat) -> String {
    match &s.kind {
        StatKind::Local { names, exprs } => {
            let ns: Vec<String> = names.iter().map(|n| name(n)).collect();
            if exprs.is_empty() {
                format!("local {}", ns.join(", "))
            } else {
                format!("local {} = {}", ns.join(", "), list(exprs))
            }
        }
        StatKind::LocalFunction { name: n, func } => format!("local {} = {}", name(n), show_func(func)),
        StatKind::Function { name: fname, func } => {
            let mut n = name(&fname.name);
            for f in &fname.fields {
                n += &format!(".{}", name(f));
            }
            if let Some(m) = &fname.method {
                n += &format!(":{}", name(m));
            }
            format!("{} := {}", n, show_func(func))
        }
        StatKind::Assign { targets, exprs } => {
            let ts: Vec<String> = targets.iter().map(show_target).collect();
            format!("{} = {}", ts.join(", "), list(exprs))
        }
        StatKind::Call(e) => show_expr(e),
        StatKind::Do(b) => format!("do {} end", show_block(b)),
        StatKind::While { cond, body } => format!("while {} do {} end", show_expr(cond), show_block(body)),
        StatKind::Repeat { body, cond } => format!("repeat {} until {}", show_block(body), show_expr(cond)),
        StatKind::If { clauses, else_block } => {
            let mut out = String::new();
            for (i, (c, b)) in clauses.iter().enumerate() {
                out += if i == 0 { "if " } else { " elseif " };
                out += &format!("{} then {}", show_expr(c), show_block(b));
            }
            if let Some(b) = else_block {
                out += &format!(" else {}", show_block(b));
            }
            out + " end"
        }
        StatKind::NumericFor {
            var,
            start,
            limit,
            step,
            body,
        } => {
            let step = step.as_ref().map(|s| format!(", {}", show_expr(s))).unwrap_or_default();
            format!(
                "for {} = {}, {}{} do {} end",
                name(var),
                show_expr(start),
                show_expr(limit),
                step,
                show_block(body)
            )
        }
        StatKind::GenericFor { names, exprs, body, .. } => {
            let ns: Vec<String> = names.iter().map(|n| name(n)).collect();
            format!("for {} in {} do {} end", ns.join(", "), list(exprs), show_block(body))
        }
    }
}

fn chunk(src: &str) -> Chunk {
    match parse(src.as_bytes(), REDIS_CHUNK_NAME) {
        Ok(c) => c,
        Err(e) => panic!("{src:?}: {e}"),
    }
}

fn show(src: &str) -> String {
    show_block(&chunk(src).main.body)
}

// ---- shapes ----

#[test]
fn precedence_table() {
    let cases = [
        ("return 1 + 2 * 3", "return (1 + (2 * 3))"),
        ("return 1 * 2 + 3", "return ((1 * 2) + 3)"),
        ("return 1 - 2 - 3", "return ((1 - 2) - 3)"),
        ("return 1 / 2 % 3 * 4", "return (((1 / 2) % 3) * 4)"),
        ("return 2 ^ 3 ^ 2", "return (2 ^ (3 ^ 2))"),
        ("return -2 ^ 2", "return (- (2 ^ 2))"),
        ("return 2 ^ -2", "return (2 ^ (- 2))"),
        ("return -x ^ -y ^ z", "return (- (x ^ (- (y ^ z))))"),
        ("return not a == b", "return ((not a) == b)"),
        ("return not (a == b)", "return (not ((a == b)))"),
        ("return #t + 1", "return ((# t) + 1)"),
        ("return - - - 1", "return (- (- (- 1)))"),
        ("return a .. b .. c", "return (a .. (b .. c))"),
        ("return a + b .. c + d", "return ((a + b) .. (c + d))"),
        ("return a .. b == c", "return ((a .. b) == c)"),
        ("return a < b == c > d", "return (((a < b) == c) > d)"),
        ("return a <= b ~= c >= d", "return (((a <= b) ~= c) >= d)"),
        ("return a and b or c", "return ((a and b) or c)"),
        ("return a or b and c", "return (a or (b and c))"),
        ("return a or b or c", "return ((a or b) or c)"),
        ("return a == b and c < d", "return ((a == b) and (c < d))"),
        ("return 1 + 2 .. 3 * 4 ^ 5", "return ((1 + 2) .. (3 * (4 ^ 5)))"),
        ("return a * b ^ c * d", "return ((a * (b ^ c)) * d)"),
        ("return not a and not b", "return ((not a) and (not b))"),
        ("return -a .. b", "return ((- a) .. b)"),
        (
            "return 1 + 2 * 3 ^ 4 ^ 5 .. 6 .. 7 == 8 and 9 or 10",
            "return (((((1 + (2 * (3 ^ (4 ^ 5)))) .. (6 .. 7)) == 8) and 9) or 10)",
        ),
    ];
    for (src, want) in cases {
        assert_eq!(show(src), want, "{src}");
    }
}

#[test]
fn binary_chain_is_flat_left_fold() {
    let c = chunk("return a * b + c - d");
    let Some(LastStat::Return { exprs, .. }) = &c.main.body.last else {
        panic!()
    };
    let ExprKind::Binary { lhs, ops } = &exprs[0].kind else {
        panic!()
    };
    assert_eq!(show_expr(lhs), "a");
    let got: Vec<(BinOp, String)> = ops.iter().map(|s| (s.op, show_expr(&s.rhs))).collect();
    assert_eq!(
        got,
        vec![
            (BinOp::Mul, "b".into()),
            (BinOp::Add, "c".into()),
            (BinOp::Sub, "d".into())
        ]
    );
}

#[test]
fn expressions() {
    let cases = [
        (
            "return nil, true, false, 1, 0x10, 'a', [[b]], ...",
            "return nil, true, false, 1, 16, \"a\", \"b\", ...",
        ),
        ("return function(a, b) end", "return function(a, b)  end"),
        (
            "return function(...) return ... end",
            "return function(...) return ... end",
        ),
        ("return function(a, ...) end", "return function(a, ...)  end"),
        ("return {}", "return {}"),
        ("return {1, 2; 3,}", "return {1, 2, 3}"),
        (
            "return {x = 1, ['y'] = 2, [3] = 4, f()}",
            "return {x = 1, [\"y\"] = 2, [3] = 4, f()}",
        ),
        ("return {x}", "return {x}"),
        ("return {x == 1}", "return {(x == 1)}"),
        ("return a.b.c", "return a[\"b\"][\"c\"]"),
        ("return a[b][c + 1]", "return a[b][(c + 1)]"),
        ("return a.b:c(1)(2)", "return a[\"b\"]:c(1)(2)"),
        (
            "return f'str', f[[long]], f{1}, f(), f(1, 2)",
            "return f(\"str\"), f(\"long\"), f({1}), f(), f(1, 2)",
        ),
        ("return o:m'x', o:m{}, o:m()", "return o:m(\"x\"), o:m({}), o:m()"),
        ("return (f())", "return (f())"),
        ("return (a).b, (a)[1], (f)(1)", "return (a)[\"b\"], (a)[1], (f)(1)"),
        ("return ('x'):rep(3)", "return (\"x\"):rep(3)"),
    ];
    for (src, want) in cases {
        assert_eq!(show(src), want, "{src}");
    }
}

#[test]
fn statements() {
    let cases = [
        ("local a", "local a"),
        ("local a, b = 1", "local a, b = 1"),
        ("local a, b = f()", "local a, b = f()"),
        ("local function f() end", "local f = function()  end"),
        ("local f = function() end", "local f = function()  end"),
        ("function f() end", "f := function()  end"),
        ("function a.b.c() end", "a.b.c := function()  end"),
        ("function a.b:m(x) end", "a.b:m := function(self, x)  end"),
        ("a = 1", "a = 1"),
        ("a, b.c, d[1] = 1, 2, 3", "a, b[\"c\"], d[1] = 1, 2, 3"),
        ("a.b.c = 1", "a[\"b\"][\"c\"] = 1"),
        ("f().x = 1", "f()[\"x\"] = 1"),
        ("(a).x = 1", "(a)[\"x\"] = 1"),
        ("a:b().c = 1", "a:b()[\"c\"] = 1"),
        ("f()", "f()"),
        ("a.b:c 'x'", "a[\"b\"]:c(\"x\")"),
        ("f{} {}", "f({})({})"),
        ("do end", "do  end"),
        ("do local x end", "do local x end"),
        ("while x do f() end", "while x do f() end"),
        ("repeat local y = 1 until y", "repeat local y = 1 until y"),
        ("if a then b() end", "if a then b() end"),
        (
            "if a then elseif b then c() elseif d then else e() end",
            "if a then  elseif b then c() elseif d then  else e() end",
        ),
        ("for i = 1, 10 do end", "for i = 1, 10 do  end"),
        ("for i = 10, 1, -1 do f(i) end", "for i = 10, 1, (- 1) do f(i) end"),
        ("for k, v in pairs(t) do end", "for k, v in pairs(t) do  end"),
        ("for a, b, c in f, s, 0 do end", "for a, b, c in f, s, 0 do  end"),
        ("return", "return"),
        ("return;", "return"),
        ("return 1, 2", "return 1, 2"),
        ("while true do break end", "while true do break end"),
        ("a = 1; b = 2;", "a = 1; b = 2"),
        ("do return end", "do return end"),
        ("", ""),
    ];
    for (src, want) in cases {
        assert_eq!(show(src), want, "{src}");
    }
}

#[test]
fn function_flags() {
    let c = chunk("local function f(a, ...) return ... end\nlocal function g(...) return arg end\nlocal t = {}\nfunction t:m() end");
    assert!(c.main.is_vararg);
    assert!(!c.main.compat_arg);
    assert!(!c.main.uses_vararg);
    let funcs: Vec<&Function> = c
        .main
        .body
        .stats
        .iter()
        .filter_map(|s| match &s.kind {
            StatKind::LocalFunction { func, .. } | StatKind::Function { func, .. } => Some(&**func),
            _ => None,
        })
        .collect();
    let (f, g, m) = (funcs[0], funcs[1], funcs[2]);
    assert!(f.is_vararg && f.uses_vararg && f.compat_arg);
    assert_eq!(f.params, vec![b"a".to_vec()]);
    assert!(g.is_vararg && !g.uses_vararg && g.compat_arg);
    assert!(!m.is_vararg && !m.compat_arg);
    assert_eq!(m.params, vec![b"self".to_vec()]);
    // `...` in a nested function is that function's
    let c = chunk("local function f(...) return function(...) return ... end end return ...");
    assert!(c.main.uses_vararg);
    let StatKind::LocalFunction { func, .. } = &c.main.body.stats[0].kind else {
        panic!()
    };
    assert!(!func.uses_vararg);
    // a `local function` and `local x = function` differ
    let c = chunk("local function f() end local g = function() end");
    assert!(matches!(c.main.body.stats[0].kind, StatKind::LocalFunction { .. }));
    assert!(matches!(c.main.body.stats[1].kind, StatKind::Local { .. }));
    assert_eq!(c.source, REDIS_CHUNK_NAME.to_vec());
}

#[test]
fn multi_value_positions() {
    let c = chunk("return f(), (f()), ..., (...), f():g(), t.x");
    let Some(LastStat::Return { exprs, .. }) = &c.main.body.last else {
        panic!()
    };
    let multi: Vec<bool> = exprs.iter().map(Expr::is_multi).collect();
    assert_eq!(multi, vec![true, false, true, false, true, false]);
}

#[test]
fn strings_are_bytes() {
    let c = parse(b"return '\xff\\0', [[\x80]]", REDIS_CHUNK_NAME).unwrap();
    let Some(LastStat::Return { exprs, .. }) = &c.main.body.last else {
        panic!()
    };
    assert_eq!(exprs[0].kind, ExprKind::String(vec![0xff, 0]));
    assert_eq!(exprs[1].kind, ExprKind::String(vec![0x80]));
}

// ---- lines ----

/// The lines Lua gives operations, as run-time errors in Redis show them:
/// `EVAL "local a, b\nlocal x = a +\n\n b" 0` fails at line 4 (the right
/// operand's), `local f\nlocal x = f\n{\n}` at 3 (the `{`), `local t\nt\n.x = 1`
/// at 3 (the field name), `local t = {}\nfor k in\n\nt do end` at 4 (after
/// `in`), `local a\nlocal x = -\n\na` at 4 (the operand's).
#[test]
fn lines() {
    let src = "local a = 1\n\
                   local function f\n(\n)\nend\n\
                   x = a +\n  b\n\
                   g\n{\n}\n\
                   t.k\n.j = 1\n\
                   for k in\npairs(t) do end\n\
                   function h() end\n\
                   return -\n a";
    let c = chunk(src);
    let stats = &c.main.body.stats;
    let lines: Vec<u32> = stats.iter().map(|s| s.line).collect();
    assert_eq!(lines, vec![1, 2, 6, 8, 11, 13, 15]);
    // local function: linedefined is the line of `(`, end_line that of `end`
    let StatKind::LocalFunction { func, .. } = &stats[1].kind else {
        panic!()
    };
    assert_eq!((func.line, func.end_line), (3, 5));
    // a binary operation's line is that of its right operand's end
    let StatKind::Assign { exprs, .. } = &stats[2].kind else {
        panic!()
    };
    let ExprKind::Binary { ops, .. } = &exprs[0].kind else {
        panic!()
    };
    assert_eq!((exprs[0].line, ops[0].line), (6, 7));
    // a call's line is that of its arguments' opener
    let StatKind::Call(call) = &stats[3].kind else { panic!() };
    let ExprKind::Suffixed { suffixes, .. } = &call.kind else {
        panic!()
    };
    assert_eq!((call.line, suffixes[0].line), (8, 9));
    // an index target's line is that of the field name
    let StatKind::Assign { targets, .. } = &stats[4].kind else {
        panic!()
    };
    let AssignTarget::Index { line, object, .. } = &targets[0] else {
        panic!()
    };
    assert_eq!(*line, 12);
    assert_eq!(object.line, 11);
    let StatKind::GenericFor { exprs_line, .. } = &stats[5].kind else {
        panic!()
    };
    assert_eq!(*exprs_line, 14);
    // a `function` statement's linedefined is the line of `function`
    let StatKind::Function { func, name } = &stats[6].kind else {
        panic!()
    };
    assert_eq!((func.line, name.line), (15, 15));
    let Some(LastStat::Return { exprs, line }) = &c.main.body.last else {
        panic!()
    };
    assert_eq!((*line, exprs[0].line), (16, 17));
}
