//! The lexer's tests: tokens, numerals, strings, comments and line counting, and its
//! error messages word for word; apart so that the lexer reads without them.

use super::*;

fn lex_all(src: &[u8]) -> Result<Vec<Token>, SyntaxError> {
    let mut lx = Lexer::new(src, b"@user_script");
    let mut out = Vec::new();
    loop {
        let t = lx.next_token()?;
        if t == Token::Eof {
            return Ok(out);
        }
        out.push(t);
    }
}

fn lex_err(src: &[u8]) -> String {
    match lex_all(src) {
        Ok(t) => panic!("expected an error, got {t:?}"),
        Err(e) => e.to_string(),
    }
}

fn s(x: &str) -> Token {
    Token::String(x.as_bytes().to_vec())
}

fn n(x: &str) -> Token {
    Token::Name(x.as_bytes().to_vec())
}

#[test]
fn reserved_words_and_names() {
    let words = "and break do else elseif end false for function if in local nil not \
                     or repeat return then true until while";
    let toks = lex_all(words.as_bytes()).unwrap();
    assert_eq!(toks.len(), 21);
    for (t, (w, r)) in toks.iter().zip(RESERVED.iter()) {
        assert_eq!(t, r);
        assert_eq!(t.describe(), w.to_vec());
    }
    assert_eq!(
        lex_all(b"And _x x1 endx _ nil_").unwrap(),
        vec![n("And"), n("_x"), n("x1"), n("endx"), n("_"), n("nil_")]
    );
}

#[test]
fn symbols() {
    let toks = lex_all(b"+ - * / % ^ # == ~= <= >= < > = ( ) { } [ ] ; : , . .. ...").unwrap();
    let want = vec![
        Token::Char(b'+'),
        Token::Char(b'-'),
        Token::Char(b'*'),
        Token::Char(b'/'),
        Token::Char(b'%'),
        Token::Char(b'^'),
        Token::Char(b'#'),
        Token::Eq,
        Token::Ne,
        Token::Le,
        Token::Ge,
        Token::Char(b'<'),
        Token::Char(b'>'),
        Token::Char(b'='),
        Token::Char(b'('),
        Token::Char(b')'),
        Token::Char(b'{'),
        Token::Char(b'}'),
        Token::Char(b'['),
        Token::Char(b']'),
        Token::Char(b';'),
        Token::Char(b':'),
        Token::Char(b','),
        Token::Char(b'.'),
        Token::Concat,
        Token::Dots,
    ];
    assert_eq!(toks, want);
    // `....` is `...` then `.`; `~` alone and `!` are single bytes
    assert_eq!(
        lex_all(b"....~!").unwrap(),
        vec![Token::Dots, Token::Char(b'.'), Token::Char(b'~'), Token::Char(b'!')]
    );
    assert_eq!(lex_all(b"a==b").unwrap()[1], Token::Eq);
    assert_eq!(lex_all(b"===").unwrap(), vec![Token::Eq, Token::Char(b'=')]);
}

#[test]
fn describe_control_and_high_bytes() {
    assert_eq!(Token::Char(1).describe(), b"char(1)".to_vec());
    assert_eq!(Token::Char(127).describe(), b"char(127)".to_vec());
    assert_eq!(Token::Char(0xc3).describe(), vec![0xc3]);
    assert_eq!(Token::Eof.describe(), b"<eof>".to_vec());
    assert_eq!(Token::Name(b"x".to_vec()).describe(), b"<name>".to_vec());
}

#[test]
fn numbers() {
    let cases: &[(&str, f64)] = &[
        ("3", 3.0),
        ("3.0", 3.0),
        ("2.5", 2.5),
        ("250e-2", 2.5),
        ("0.25E1", 2.5),
        ("0xff", 255.0),
        ("0x56", 86.0),
        ("0XA", 10.0),
        (".5", 0.5),
        ("1.", 1.0),
        ("1.e1", 10.0),
        ("08", 8.0),
        ("0x1p4", 16.0), // glibc strtod reads hex floats: EVAL "return 0x1p4" is 16
        ("0xe", 14.0),
        ("1e400", f64::INFINITY),
        ("0x10000000000000000", 18446744073709551616.0),
    ];
    for (src, want) in cases {
        assert_eq!(lex_all(src.as_bytes()).unwrap(), vec![Token::Number(*want)], "{src}");
    }
    // `0xe+1` is 0xe, +, 1 (EVAL "return 0xe+1" is 15)
    assert_eq!(
        lex_all(b"0xe+1").unwrap(),
        vec![Token::Number(14.0), Token::Char(b'+'), Token::Number(1.0)]
    );
    // `1e+5` keeps its sign; `a.5` is a name then a number
    assert_eq!(lex_all(b"1e+5").unwrap(), vec![Token::Number(1e5)]);
    assert_eq!(lex_all(b"a.5").unwrap(), vec![n("a"), Token::Number(0.5)]);
    // `0x1.8` is 0x1 then .8 (the greedy loop after `0x` takes no dot)
    assert_eq!(lex_all(b"0x1.8").unwrap(), vec![Token::Number(1.0), Token::Number(0.8)]);
}

#[test]
fn hex_rounding() {
    // 2^53 + 1 rounds to even (2^53), 2^53 + 3 rounds up
    assert_eq!(str2number(b"0x20000000000001"), Some(9007199254740992.0));
    assert_eq!(str2number(b"0x20000000000003"), Some(9007199254740996.0));
    // a dropped nonzero digit breaks the tie upwards
    assert_eq!(
        str2number(b"0x200000000000010000001"),
        Some(9007199254740994.0 * 2f64.powi(28))
    );
    assert_eq!(str2number(b"0xfffffffffffffffff"), Some(295147905179352825856.0));
    assert_eq!(str2number(b"0x1p99999999999"), Some(f64::INFINITY));
    assert_eq!(str2number(b"0x0p99999"), Some(0.0));
}

#[test]
fn malformed_numbers() {
    // each checked with redis-cli EVAL "return <numeral>" 0
    for bad in [
        "3x", "0x", "1e", "1..2", "0x1P", "1e+", "1_000", "0xg", "3.4.5", "1ee1", "0x1p1x",
    ] {
        let src = format!("return {bad}");
        let mut lx = Lexer::new(src.as_bytes(), b"@user_script");
        assert_eq!(lx.next_token().unwrap(), Token::Return);
        let e = lx.next_token().unwrap_err().to_string();
        assert_eq!(e, format!("user_script:1: malformed number near '{bad}'"));
    }
}

#[test]
fn short_strings_and_escapes() {
    assert_eq!(
        lex_all(br#""a\tb" 'c\'d' "\"""#).unwrap(),
        vec![s("a\tb"), s("c'd"), s("\"")]
    );
    assert_eq!(
        lex_all(br#""\a\b\f\n\r\t\v\\""#).unwrap(),
        vec![s("\x07\x08\x0c\n\r\t\x0b\\")]
    );
    // \ddd is decimal, at most three digits: '\0499' is "19" (EVAL)
    assert_eq!(
        lex_all(br#"'\0499' '\65\066' '\0'"#).unwrap(),
        vec![s("19"), s("AB"), s("\0")]
    );
    assert_eq!(
        lex_all(br#"'\255\1234'"#).unwrap(),
        vec![Token::String(vec![255, 123, b'4'])]
    );
    // no \x, \z, \u in 5.1: the byte stands for itself (EVAL "return '\x41'" is x41)
    assert_eq!(
        lex_all(br#"'\x41' '\z' '\u{41}'"#).unwrap(),
        vec![s("x41"), s("z"), s("u{41}")]
    );
    // a backslash-newline is a newline, and \r\n counts once
    assert_eq!(lex_all(b"'a\\\r\nb'").unwrap(), vec![s("a\nb")]);
    assert_eq!(lex_all(b"'a\\\rb'").unwrap(), vec![s("a\nb")]);
    // bytes are bytes
    assert_eq!(lex_all(b"'\xff\x00'").unwrap(), vec![Token::String(vec![0xff, 0])]);
}

#[test]
fn string_errors() {
    assert_eq!(lex_err(b"'abc"), "user_script:1: unfinished string near '<eof>'");
    assert_eq!(lex_err(b"x\n'a\\tb\n"), "user_script:2: unfinished string near ''a\tb'");
    // %s stops at the zero byte (EVAL "x = 'a\0b\n")
    assert_eq!(lex_err(b"'a\0b\n"), "user_script:1: unfinished string near ''a'");
    assert_eq!(lex_err(b"'\\256'"), "user_script:1: escape sequence too large near '''");
    assert_eq!(
        lex_err(b"'ab\\999'"),
        "user_script:1: escape sequence too large near ''ab'"
    );
    assert_eq!(lex_err(b"'\\"), "user_script:1: unfinished string near '<eof>'");
    assert_eq!(lex_err(b"'a\r'"), "user_script:1: unfinished string near ''a'");
}

#[test]
fn long_strings() {
    assert_eq!(lex_all(b"[[abc]]").unwrap(), vec![s("abc")]);
    // the first newline is skipped, only the first
    assert_eq!(lex_all(b"[[\n\na]]").unwrap(), vec![s("\na")]);
    assert_eq!(lex_all(b"[[\r\na]]").unwrap(), vec![s("a")]);
    // newlines inside become \n
    assert_eq!(lex_all(b"[[a\r\nb\rc\n\rd]]").unwrap(), vec![s("a\nb\nc\nd")]);
    assert_eq!(lex_all(b"[==[a]]b]=]c]==]").unwrap(), vec![s("a]]b]=]c")]);
    // no escapes, and [[ nests nothing in this Redis (EVAL "return [[a[[b]]" is a[[b)
    assert_eq!(lex_all(b"[[a\\n[[b]]").unwrap(), vec![s("a\\n[[b")]);
    assert_eq!(lex_all(b"[==[ [==[ ]==]").unwrap(), vec![s(" [==[ ")]);
    assert_eq!(lex_all(b"[=[]]=]").unwrap(), vec![s("]")]);
    assert_eq!(lex_all(b"[[]=]]").unwrap(), vec![s("]=")]); // EVAL "return [[]=]]"
}

#[test]
fn long_string_errors() {
    assert_eq!(lex_err(b"[[abc"), "user_script:1: unfinished long string near '<eof>'");
    assert_eq!(
        lex_err(b"[==[a\n]=]\n"),
        "user_script:3: unfinished long string near '<eof>'"
    );
    assert_eq!(
        lex_err(b"[=x"),
        "user_script:1: invalid long string delimiter near '[='"
    );
    assert_eq!(
        lex_err(b"[=="),
        "user_script:1: invalid long string delimiter near '[=='"
    );
    assert_eq!(
        lex_err(b"--[[abc\n"),
        "user_script:2: unfinished long comment near '<eof>'"
    );
    // `[` alone and `[ [` are brackets
    assert_eq!(lex_all(b"[ [").unwrap(), vec![Token::Char(b'['), Token::Char(b'[')]);
}

#[test]
fn comments() {
    assert_eq!(lex_all(b"a -- b\nc").unwrap(), vec![n("a"), n("c")]);
    assert_eq!(lex_all(b"a --[[ b\n ]] c").unwrap(), vec![n("a"), n("c")]);
    assert_eq!(lex_all(b"a --[==[ ]] ]==] c").unwrap(), vec![n("a"), n("c")]);
    // `--[=x` and `--[` are short comments
    assert_eq!(lex_all(b"a --[=x b\nc").unwrap(), vec![n("a"), n("c")]);
    assert_eq!(lex_all(b"a --[\nc").unwrap(), vec![n("a"), n("c")]);
    assert_eq!(lex_all(b"a --").unwrap(), vec![n("a")]);
    assert_eq!(
        lex_all(b"a - -b").unwrap(),
        vec![n("a"), Token::Char(b'-'), Token::Char(b'-'), n("b")]
    );
}

#[test]
fn line_counting() {
    fn line_after(src: &[u8]) -> u32 {
        let mut lx = Lexer::new(src, b"=x");
        while lx.next_token().unwrap() != Token::Eof {}
        lx.line()
    }
    assert_eq!(line_after(b"a\nb\nc"), 3);
    assert_eq!(line_after(b"a\r\nb\r\nc"), 3);
    assert_eq!(line_after(b"a\n\rb\n\rc"), 3);
    assert_eq!(line_after(b"a\r\rb"), 3);
    assert_eq!(line_after(b"a\n\n\r\rb"), 4); // \n, \n\r, \r
    assert_eq!(line_after(b"[[\n\n\n]]"), 4);
    assert_eq!(line_after(b"--[[\r\n\r\n]]"), 3);
    assert_eq!(line_after(b"'a\\\n\\\nb'"), 3);
    // \f \v \t are spaces, not lines
    assert_eq!(line_after(b"a\x0c\x0b\tb"), 1);
}

#[test]
fn chunk_ids() {
    assert_eq!(chunk_id(b"@user_script", MAXSRC), b"user_script".to_vec());
    assert_eq!(chunk_id(b"=foo", MAXSRC), b"foo".to_vec());
    assert_eq!(chunk_id(b"x = ", MAXSRC), b"[string \"x = \"]".to_vec());
    assert_eq!(chunk_id(b"local a\nx = ", MAXSRC), b"[string \"local a...\"]".to_vec());
    assert_eq!(chunk_id(b"", MAXSRC), b"[string \"\"]".to_vec());
    assert_eq!(chunk_id(b"@", MAXSRC), b"".to_vec());
    assert_eq!(chunk_id(b"\n", MAXSRC), b"[string \"...\"]".to_vec());
    assert_eq!(chunk_id(b"a\0b", MAXSRC), b"[string \"a\"]".to_vec());
    // lengths as EVAL "return select(2, loadstring('x = ', '@' .. string.rep('a', 73)))" shows
    let long = [b"@".to_vec(), vec![b'a'; 72]].concat();
    assert_eq!(chunk_id(&long, MAXSRC), vec![b'a'; 72]);
    let longer = [b"@".to_vec(), vec![b'a'; 73]].concat();
    assert_eq!(chunk_id(&longer, MAXSRC), [b"...".to_vec(), vec![b'a'; 72]].concat());
    let eq = [b"=".to_vec(), vec![b'b'; 100]].concat();
    assert_eq!(chunk_id(&eq, MAXSRC), vec![b'b'; 79]);
    let text = vec![b' '; 63];
    assert_eq!(chunk_id(&text, MAXSRC).len(), 63 + 11);
    let text = vec![b' '; 64];
    assert_eq!(
        chunk_id(&text, MAXSRC),
        [b"[string \"".to_vec(), vec![b' '; 63], b"...\"]".to_vec()].concat()
    );
    // run-time messages use LUA_IDSIZE
    assert_eq!(chunk_id(&longer, LUA_IDSIZE).len(), 3 + 52);
}

#[test]
fn error_near_texts() {
    let mut lx = Lexer::new(b"'abc' 12 name", b"@user_script");
    let t = lx.next_token().unwrap();
    assert_eq!(lx.error_near(b"x", &t).to_string(), "user_script:1: x near ''abc''");
    let t = lx.next_token().unwrap();
    assert_eq!(lx.error_near(b"x", &t).to_string(), "user_script:1: x near '12'");
    let t = lx.next_token().unwrap();
    assert_eq!(lx.error_near(b"x", &t).to_string(), "user_script:1: x near 'name'");
    assert_eq!(lx.error_near(b"x", &Token::Char(0)).to_string(), "user_script:1: x");
    assert_eq!(
        lx.error_near(b"x", &Token::End).to_string(),
        "user_script:1: x near 'end'"
    );
    let mut lx = Lexer::new(b"[==[a\nb]==]", b"@user_script");
    let t = lx.next_token().unwrap();
    assert_eq!(
        lx.error_near(b"x", &t).to_string(),
        "user_script:2: x near '[==[a\nb]==]'"
    );
}
