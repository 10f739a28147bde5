//! The parser's limits (locals, upvalues, assignment targets, syntax levels, the
//! depth `loadstring` starts at) and large or adversarial input: apart from the
//! other tests because they generate their scripts instead of listing them.

use super::*;

// ---- limits ----

fn locals(n: usize) -> String {
    (0..n).map(|i| format!("local a{i} = {i}\n")).collect()
}

fn names(prefix: &str, n: usize) -> String {
    (0..n).map(|i| format!("{prefix}{i}")).collect::<Vec<_>>().join(",")
}

#[test]
fn local_variable_limit() {
    // all as Redis 7.0.15's SCRIPT LOAD answers
    assert!(parse(locals(200).as_bytes(), REDIS_CHUNK_NAME).is_ok());
    assert_eq!(
        err(locals(201).as_bytes()),
        "user_script:201: main function has more than 200 local variables"
    );
    assert!(parse(format!("local {}", names("a", 200)).as_bytes(), REDIS_CHUNK_NAME).is_ok());
    assert_eq!(
        err(format!("local {}", names("a", 201)).as_bytes()),
        "user_script:1: main function has more than 200 local variables"
    );
    let f = |params: String| format!("local f = function({params}) end");
    assert!(parse(f(names("a", 200)).as_bytes(), REDIS_CHUNK_NAME).is_ok());
    assert!(parse(f(names("a", 199) + ", ...").as_bytes(), REDIS_CHUNK_NAME).is_ok());
    // `arg` (LUA_COMPAT_VARARG) and `self` count
    assert_eq!(
        err(f(names("a", 200) + ", ...").as_bytes()),
        "user_script:1: function at line 1 has more than 200 local variables"
    );
    assert_eq!(
        err(f(names("a", 201)).as_bytes()),
        "user_script:1: function at line 1 has more than 200 local variables"
    );
    let m = |params: String| format!("local t = {{}} function t:m({params}) end");
    assert!(parse(m(names("a", 199)).as_bytes(), REDIS_CHUNK_NAME).is_ok());
    assert_eq!(
        err(m(names("a", 199) + ", ...").as_bytes()),
        "user_script:1: function at line 1 has more than 200 local variables"
    );
    // a numeric for declares 4 locals, a generic one 3 + its names
    assert!(parse((locals(196) + "for i = 1, 2 do end").as_bytes(), REDIS_CHUNK_NAME).is_ok());
    assert_eq!(
        err((locals(197) + "for i = 1, 2 do end").as_bytes()),
        "user_script:198: main function has more than 200 local variables"
    );
    assert!(parse(
        (locals(195) + "for k, v in pairs({}) do end").as_bytes(),
        REDIS_CHUNK_NAME
    )
    .is_ok());
    assert_eq!(
        err((locals(196) + "for k, v in pairs({}) do end").as_bytes()),
        "user_script:197: main function has more than 200 local variables"
    );
    assert_eq!(
        err(format!("local x\n\nlocal f = function()\n{} end", locals(201)).as_bytes()),
        "user_script:204: function at line 3 has more than 200 local variables"
    );
    // scopes end: 300 locals in blocks are fine
    let blocks: String = (0..300).map(|i| format!("do local b{i} end\n")).collect();
    assert!(parse((locals(199) + &blocks).as_bytes(), REDIS_CHUNK_NAME).is_ok());
}

#[test]
fn declared_locals_limit() {
    // registerlocalvar's SHRT_MAX over a whole function (SCRIPT LOAD: 32767 fine)
    assert!(parse("do local a end\n".repeat(32767).as_bytes(), REDIS_CHUNK_NAME).is_ok());
    assert_eq!(
        err("do local a end\n".repeat(32768).as_bytes()),
        "too many local variables"
    );
    let v = |n: usize| format!("local f = function(...) {} end", "do local a end\n".repeat(n));
    assert!(parse(v(32766).as_bytes(), REDIS_CHUNK_NAME).is_ok());
    assert_eq!(err(v(32767).as_bytes()), "too many local variables");
    assert!(parse("for i=1,2 do end\n".repeat(8191).as_bytes(), REDIS_CHUNK_NAME).is_ok());
    assert_eq!(
        err("for i=1,2 do end\n".repeat(8192).as_bytes()),
        "too many local variables"
    );
}

#[test]
fn upvalue_limit() {
    let ups: String = (0..70).map(|i| format!("local u{i} = {i}\n")).collect();
    let sum = |n: usize| (0..n).map(|i| format!("u{}", i % 60)).collect::<Vec<_>>().join("+");
    let f = |n: usize| {
        format!(
            "{ups}local function f()\n return {} end",
            names("u", n).replace(',', "+")
        )
    };
    assert!(parse(f(60).as_bytes(), REDIS_CHUNK_NAME).is_ok());
    assert_eq!(
        err(f(61).as_bytes()),
        "user_script:72: function at line 71 has more than 60 upvalues"
    );
    // the same upvalue twice is one upvalue
    let twice = format!("{ups}local function f()\n return {} end", sum(120));
    assert!(parse(twice.as_bytes(), REDIS_CHUNK_NAME).is_ok());
    // the outer function runs out first
    let nested = format!(
        "{ups}local function f()\n local function g()\n return {} end end",
        names("u", 61)
    );
    assert_eq!(
        err(nested.as_bytes()),
        "user_script:73: function at line 71 has more than 60 upvalues"
    );
    // `arg` and `self` are locals that can be captured
    let arg = |n: usize| {
        format!(
            "{ups}local function f(...)\n local function g() return arg, {} end end",
            names("u", n)
        )
    };
    assert!(parse(arg(59).as_bytes(), REDIS_CHUNK_NAME).is_ok());
    assert_eq!(
        err(arg(60).as_bytes()),
        "user_script:72: function at line 72 has more than 60 upvalues"
    );
    let slf = format!(
        "{ups}local t = {{}}\nfunction t:f()\n local function g() return self, {} end end",
        names("u", 60)
    );
    assert_eq!(
        err(slf.as_bytes()),
        "user_script:73: function at line 73 has more than 60 upvalues"
    );
    // shadowed locals: the last one is the upvalue
    let shadow: String = (0..61).map(|i| format!("local u = {i}\n")).collect();
    assert!(parse(
        (shadow + "local function f()\n return u end").as_bytes(),
        REDIS_CHUNK_NAME
    )
    .is_ok());
    // globals are no upvalues
    let globals = format!("local function f() return {} end", names("g", 100));
    assert!(parse(globals.as_bytes(), REDIS_CHUNK_NAME).is_ok());
}

#[test]
fn assignment_target_limit() {
    let assign = |n: usize| format!("{} = 1", names("a", n));
    assert!(parse(assign(200).as_bytes(), REDIS_CHUNK_NAME).is_ok());
    assert_eq!(
        err(assign(201).as_bytes()),
        "user_script:1: main function has more than 199 variables in assignment"
    );
    // deeper blocks leave fewer (200 minus the syntax levels in use)
    assert!(parse(format!("do {} end", assign(199)).as_bytes(), REDIS_CHUNK_NAME).is_ok());
    assert_eq!(
        err(format!("do {} end", assign(200)).as_bytes()),
        "user_script:1: main function has more than 198 variables in assignment"
    );
    assert!(parse(format!("do do {} end end", assign(198)).as_bytes(), REDIS_CHUNK_NAME).is_ok());
    assert_eq!(
        err(format!("do do {} end end", assign(199)).as_bytes()),
        "user_script:1: main function has more than 197 variables in assignment"
    );
    assert_eq!(
        err(format!("local a = 1\n{}a = 1", "a, ".repeat(250)).as_bytes()),
        "user_script:2: main function has more than 199 variables in assignment"
    );
}

#[test]
fn syntax_level_limit() {
    let levels = "user_script:1: chunk has too many syntax levels";
    let ok = |s: String| assert!(parse(s.as_bytes(), REDIS_CHUNK_NAME).is_ok(), "{s}");
    let bad = |s: String| assert_eq!(err(s.as_bytes()), levels, "{s}");
    let parens = |n: usize| format!("return {}1{}", "(".repeat(n), ")".repeat(n));
    ok(parens(198));
    bad(parens(199));
    ok(format!("return {}1", "- ".repeat(198)));
    bad(format!("return {}1", "- ".repeat(199)));
    ok(format!("return {}1", "not ".repeat(198)));
    bad(format!("return {}1", "not ".repeat(199)));
    ok(format!("{}{}", "do ".repeat(199), " end".repeat(199)));
    bad(format!("{}{}", "do ".repeat(200), " end".repeat(200)));
    let concat = |n: usize| format!("return {}", vec!["1"; n].join(" .. "));
    ok(concat(199));
    bad(concat(200));
    let pow = |n: usize| format!("return {}", vec!["1"; n].join(" ^ "));
    ok(pow(199));
    bad(pow(200));
    // left-associative chains do not nest
    ok(format!("return {}", vec!["1"; 5000].join(" + ")));
    let tables = |n: usize| format!("local t = {}{}", "{".repeat(n), "}".repeat(n));
    ok(tables(199));
    bad(tables(200));
    let funcs = |n: usize| format!("local t = {}1{}", "function() return ".repeat(n), " end".repeat(n));
    ok(funcs(99));
    bad(funcs(100));
    let calls = |n: usize| format!("{}{}", "f(".repeat(n), ")".repeat(n));
    ok(calls(200));
    bad(calls(201));
    let ifs = |n: usize| format!("{}{}", "if x then ".repeat(n), " end".repeat(n));
    ok(ifs(199));
    bad(ifs(200));
    let loops = |n: usize| format!("{}{}", "while x do repeat ".repeat(n), " until x end".repeat(n));
    ok(loops(99));
    bad(loops(100));
}

#[test]
fn loadstring_depth_and_names() {
    // a script calling loadstring parses at depth 1, through pcall at 2
    // (EVAL "return select(2, loadstring('return ' .. string.rep('(', 198) ..."))
    let src = |n: usize| format!("return {}1{}", "(".repeat(n), ")".repeat(n));
    let at = |n: usize, depth: u32| {
        let s = src(n);
        parse_at_depth(s.as_bytes(), s.as_bytes(), depth)
            .map(|_| ())
            .map_err(|e| e.to_string())
    };
    assert!(at(197, 1).is_ok());
    let want = format!(
        "[string \"return {}...\"]:1: chunk has too many syntax levels",
        "(".repeat(56)
    );
    assert_eq!(at(198, 1), Err(want.clone()));
    assert!(at(196, 2).is_ok());
    assert_eq!(at(197, 2), Err(want));
    // chunk names as loadstring shows them
    let e = parse(b"x = ", b"x = ").unwrap_err().to_string();
    assert_eq!(e, "[string \"x = \"]:1: unexpected symbol near '<eof>'");
    let e = parse(b"local a\nx = ", b"local a\nx = ").unwrap_err().to_string();
    assert_eq!(e, "[string \"local a...\"]:2: unexpected symbol near '<eof>'");
    // the message keeps the newline (Redis's reply would show a space)
    let src = b"x = 1 [[a\nb]]";
    let e = parse(src, src).unwrap_err().to_string();
    assert_eq!(e, "[string \"x = 1 [[a...\"]:2: unexpected symbol near '[[a\nb]]'");
    let e = parse(b"x = ", b"=foo").unwrap_err().to_string();
    assert_eq!(e, "foo:1: unexpected symbol near '<eof>'");
    let e = parse(b"x = \0", b"x = \0").unwrap_err().to_string();
    assert_eq!(e, "[string \"x = \"]:1: unexpected symbol");
}

// ---- large and adversarial input ----

/// A 2,000-line script using every construct (also accepted by Redis 7.0.15's
/// SCRIPT LOAD).
fn big_script() -> String {
    let mut s = String::from("local acc, M = {}, {}\nlocal n = 0\n");
    for i in 0..200 {
        s += &format!(
            "function M.f{i}(a, b, ...)\n\
                 \x20 local t = {{a, b, x = {i}, [\"k{i}\"] = ..., ...}}\n\
                 \x20 for j = 1, #t, 2 do n = n + j * {i} ^ 2 % 7 end\n\
                 \x20 for k, v in pairs(t) do acc[k] = tostring(v) .. 'x' end\n\
                 \x20 if a and not b then return a elseif b then return b, -a else n = n - 1 end\n\
                 \x20 while n > 100 do n = n / 2 if n < 3 then break end end\n\
                 \x20 repeat local r = n - 1; n = r until r <= {i} or n ~= n\n\
                 \x20 do local s = string.format('%d', {i}):rep(2) acc[#acc + 1] = s end\n\
                 \x20 return M.f{i}, (...)\n\
                 end\n"
        );
    }
    s
}

#[test]
fn big_program() {
    let src = big_script();
    assert_eq!(src.lines().count(), 2002);
    let c = chunk(&src);
    assert_eq!(c.main.body.stats.len(), 202);
    let StatKind::Function { func, name } = &c.main.body.stats[201].kind else {
        panic!()
    };
    assert_eq!(
        (name.name.as_slice(), name.fields.as_slice()),
        (&b"M"[..], &[b"f199".to_vec()][..])
    );
    assert_eq!((func.line, func.end_line), (1993, 2002));
    assert_eq!(func.body.stats.len(), 7);
    assert!(func.uses_vararg);
}

/// Runs `f` on a thread with a bounded stack: the parser's recursion is
/// bounded by the 200 syntax levels (the deepest inputs need about 1 MiB
/// unoptimized, 350 KiB optimized), so no input may overflow it.
fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    let size = if cfg!(debug_assertions) { 2 << 20 } else { 1 << 19 };
    std::thread::Builder::new()
        .stack_size(size)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn adversarial_nesting_fails_cleanly() {
    on_small_stack(|| {
        let levels = "user_script:1: chunk has too many syntax levels";
        let deep = [
            "(".repeat(10_000),
            format!("x = {}", "(".repeat(10_000)),
            format!("x = {}1", "not ".repeat(10_000)),
            format!("x = {}1", "- ".repeat(10_000)),
            format!("x = {}", "{".repeat(10_000)),
            format!("x = {}", "function() return ".repeat(10_000)),
            "do ".repeat(10_000),
            "f(".repeat(10_000),
            format!("x = a{}", "[a".repeat(10_000)),
            format!("x = {}", vec!["a"; 10_000].join(" .. ")),
            format!("x = {}", vec!["a"; 10_000].join("^")),
            "if x then ".repeat(10_000),
            "while x do ".repeat(10_000),
            "repeat ".repeat(10_000),
            "local function f() ".repeat(10_000),
            format!("x = {}", "f(function() return ".repeat(10_000)),
        ];
        for src in deep {
            assert_eq!(err(src.as_bytes()), levels, "{}", &src[..30]);
        }
        // nested numeric loops run out of locals first (4 each), as in Redis
        let fors = "for i = 1, 2 do ".repeat(10_000);
        assert_eq!(
            err(fors.as_bytes()),
            "user_script:1: main function has more than 200 local variables"
        );
        // the deepest accepted nestings of each kind
        let ok = [
            format!("return {}1{}", "(".repeat(198), ")".repeat(198)),
            format!("local t = {}1{}", "function() return ".repeat(99), " end".repeat(99)),
            format!("{}{}", "f(".repeat(200), ")".repeat(200)),
            format!("return a{}{}", "[a".repeat(198), "]".repeat(198)),
            format!("{}{}", "do ".repeat(199), " end".repeat(199)),
            format!("local t = {}{}", "{".repeat(199), "}".repeat(199)),
            format!("{}{}", "while x do repeat ".repeat(99), " until x end".repeat(99)),
        ];
        for src in ok {
            assert!(parse(src.as_bytes(), REDIS_CHUNK_NAME).is_ok());
        }
    });
}

#[test]
fn long_flat_chains() {
    on_small_stack(|| {
        let n = 100_000;
        let fields = format!("local a = {{}} return a{}", ".b".repeat(n));
        let c = chunk(&fields);
        let Some(LastStat::Return { exprs, .. }) = &c.main.body.last else {
            panic!()
        };
        let ExprKind::Suffixed { suffixes, .. } = &exprs[0].kind else {
            panic!()
        };
        assert_eq!(suffixes.len(), n);
        drop(c); // dropping is as shallow as the tree
        let sum = format!("return {}", vec!["1"; n].join("+"));
        let c = chunk(&sum);
        let Some(LastStat::Return { exprs, .. }) = &c.main.body.last else {
            panic!()
        };
        let ExprKind::Binary { ops, .. } = &exprs[0].kind else {
            panic!()
        };
        assert_eq!(ops.len(), n - 1);
        assert!(chunk(&format!("return f{}", "(1)".repeat(n))).main.body.last.is_some());
        assert!(chunk(&"x = 1\n".repeat(n)).main.body.stats.len() == n);
        let elseifs = format!("if a then {} end", "elseif a then ".repeat(n));
        assert!(parse(elseifs.as_bytes(), REDIS_CHUNK_NAME).is_ok());
        let table = format!("return {{{}}}", "1,".repeat(n));
        assert!(parse(table.as_bytes(), REDIS_CHUNK_NAME).is_ok());
    });
}

#[test]
fn arbitrary_bytes_never_panic() {
    // a deterministic walk over short byte strings made of Lua's punctuation
    let alphabet: &[u8] = b"()[]{}=.,;:'\"\\-+*^#<>~ \n0x1ea_fn\x00\xff";
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..20_000 {
        let mut src = Vec::new();
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let len = (state % 24) as usize;
        for k in 0..len {
            let r = state.rotate_left(k as u32 * 5);
            src.push(alphabet[(r as usize) % alphabet.len()]);
        }
        let _ = parse(&src, REDIS_CHUNK_NAME);
    }
}
