//! Cases captured from redis-server 7.0.15 for find, match, gmatch, gsub (string,
//! table and function replacements) and the classes: long tables, apart from the
//! other tests so that those stay readable.

use super::*;

/// `string.find(s, p, init, plain)` in redis-server 7.0.15, each run by EVAL in a
/// pcall and its results printed by a Lua function as `quote` and `ser_captures`
/// print them, comma-separated (an error as "E:" and its message, position cut).
#[test]
fn find_as_redis() {
    #[rustfmt::skip]
    const CASES: &[FindCase] = &[
    (b"hello world", b"o w", 1, false, r#"5,7"#),
    (b"hello", b"l", 1, false, r#"3,3"#),
    (b"hello", b"xyz", 1, false, r#"nil"#),
    (b"hello", b"", 1, false, r#"1,0"#),
    (b"", b"", 1, false, r#"1,0"#),
    (b"", b"a", 1, false, r#"nil"#),
    (b"hello", b"l", 4, false, r#"4,4"#),
    (b"hello", b"l", -2, false, r#"4,4"#),
    (b"hello", b"l", -100, false, r#"3,3"#),
    (b"hello", b"", 10, false, r#"6,5"#),
    (b"hello", b"", 6, false, r#"6,5"#),
    (b"hello", b"", 5, false, r#"5,4"#),
    (b"hello", b"h", 0, false, r#"1,1"#),
    (b"hello", b"o", -1, false, r#"5,5"#),
    (b"hello", b"xx", -100, false, r#"nil"#),
    (b"a.b", b".", 1, true, r#"2,2"#),
    (b"a.b", b".", 1, false, r#"1,1"#),
    (b"a+b", b"+", 1, true, r#"2,2"#),
    (b"a%b", b"%", 1, true, r#"2,2"#),
    (b"a%b", b"%", 1, false, r#"E:malformed pattern (ends with '%')"#),
    (b"a.b", b"b", 10, true, r#"nil"#),
    (b"abc", b"", 10, true, r#"4,3"#),
    (b"aaab", b"aab", 1, true, r#"2,4"#),
    (b"abc", b"abcd", 1, true, r#"nil"#),
    (b"a\x00b", b"\x00b", 1, false, r#"2,3"#),
    (b"x\x00%", b"\x00%", 1, false, r#"2,3"#),
    (b"a\x00b", b"\x00%", 1, false, r#"nil"#),
    (b"a\x00.b", b"\x00.", 1, false, r#"2,3"#),
    (b"a.b", b".\x00x", 1, false, r#"1,1"#),
    (b"a\x00b", b"\x00b", 1, true, r#"2,3"#),
    (b"a]b", b"]", 1, false, r#"2,2"#),
    (b"a)b", b")", 1, false, r#"2,2"#),
    (b"hello", b"^h", 1, false, r#"1,1"#),
    (b"hello", b"^e", 1, false, r#"nil"#),
    (b"hello", b"^e", 2, false, r#"2,2"#),
    (b"hello", b"o$", 1, false, r#"5,5"#),
    (b"hello", b"l$", 1, false, r#"nil"#),
    (b"a$b", b"$b", 1, false, r#"2,3"#),
    (b"a^b", b"a^b", 1, false, r#"1,3"#),
    (b"hello", b"^", 1, false, r#"1,0"#),
    (b"hello", b"$", 1, false, r#"6,5"#),
    (b"hello", b"^$", 1, false, r#"nil"#),
    (b"", b"^$", 1, false, r#"1,0"#),
    (b"^x", b"^^", 1, false, r#"1,1"#),
    (b"x^", b"^x^", 1, false, r#"1,2"#),
    (b"hello world", b"(o)(r)", 1, false, r#"8,9,"o","r""#),
    (b"hello", b"()ll()", 1, false, r#"3,4,3,5"#),
    (b"hello", b"(h)(e)(l)", 1, false, r#"1,3,"h","e","l""#),
    (b"key=val", b"(%w+)=(%w+)", 1, false, r#"1,7,"key","val""#),
    (b"hello", b"(l+)", 1, false, r#"3,4,"ll""#),
    (b"hello", b"()", 1, false, r#"1,0,1"#),
    (b"abc", b"(a", 1, false, r#"E:unfinished capture"#),
    (b"abc", b")", 1, false, r#"nil"#),
    (b"abc", b"%", 1, false, r#"E:malformed pattern (ends with '%')"#),
    (b"abc", b"[a", 1, false, r#"E:malformed pattern (missing ']')"#),
    (b"abc", b"[]", 1, false, r#"E:malformed pattern (missing ']')"#),
    (b"abc", b"[^]", 1, false, r#"E:malformed pattern (missing ']')"#),
    (b"abc", b"%f", 1, false, r#"E:missing '[' after '%f' in pattern"#),
    (b"abc", b"%fa", 1, false, r#"E:missing '[' after '%f' in pattern"#),
    (b"abc", b"%b", 1, false, r#"E:unbalanced pattern"#),
    (b"abc", b"%ba", 1, false, r#"E:unbalanced pattern"#),
    (b"abc", b"%1", 1, false, r#"E:invalid capture index"#),
    (b"abc", b"(a)%2", 1, false, r#"E:invalid capture index"#),
    (b"abc", b"%0", 1, false, r#"E:invalid capture index"#),
    (b"abc", b"(a%1)", 1, false, r#"E:invalid capture index"#),
    (b"a", b"()()()()()()()()()()()()()()()()()()()()()()()()()()()()()()()()()", 1, false, r#"E:too many captures"#),
    (b"a", b"()()()()()()()()()()()()()()()()()()()()()()()()()()()()()()()()", 1, false, r#"1,0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1"#),
    (b"a", b"(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)", 1, false, r#"nil"#),
    (b"", b"(((((((((((((((((((((((((((((((((", 1, false, r#"E:too many captures"#),
    (b"b", b"a[", 1, false, r#"nil"#),
    (b"a", b"a[", 1, false, r#"E:malformed pattern (missing ']')"#),
    (b"b", b"a%", 1, false, r#"nil"#),
    (b"ab", b"b)", 1, false, r#"nil"#),
    (b"ab", b"x)", 1, false, r#"nil"#),
    (b"abc", b"[%", 1, false, r#"E:malformed pattern (missing ']')"#),
    (b"abc", b"[a%", 1, false, r#"E:malformed pattern (missing ']')"#),
    (b"abc", b"[%]", 1, false, r#"E:malformed pattern (missing ']')"#),
    (b"a", b"a%f", 1, false, r#"E:missing '[' after '%f' in pattern"#),
    (b"b", b"a%f", 1, false, r#"nil"#),
    (b"x", b"%f[a", 1, false, r#"E:malformed pattern (missing ']')"#),
    (b"abc", b"a(b", 1, false, r#"E:unfinished capture"#),
    (b"a", b"(()", 1, false, r#"E:unfinished capture"#),
    ];
    check_all(
        CASES,
        |c| c.4,
        |&(s, p, init, plain, _), slice| find(Kind::Find, s, p, init, plain, slice),
    );
}

/// `string.match(s, p, init)` in redis-server 7.0.15 (as `find_as_redis`).
#[test]
fn match_as_redis() {
    #[rustfmt::skip]
    const CASES: &[(&[u8], &[u8], i64, &str)] = &[
    (b"abc]d", b"[]]", 1, r#""]""#),
    (b"a-b", b"[a-]+", 1, r#""a-""#),
    (b"a-b", b"[-a]+", 1, r#""a-""#),
    (b"x-z", b"[a%-z]+", 1, r#""-z""#),
    (b"hello", b"[^l]+", 1, r#""he""#),
    (b"^x", b"[%^x]+", 1, r#""^x""#),
    (b"abc", b"[a-c]+", 1, r#""abc""#),
    (b"ABCabc", b"[A-Z]+", 1, r#""ABC""#),
    (b"z-a", b"[z-a]", 1, r#"nil"#),
    (b"[", b"[[]", 1, r#""[""#),
    (b"a]b", b"[^]]+", 1, r#""a""#),
    (b"%", b"[%%]", 1, r#""%""#),
    (b"a-z", b"[%a-z]+", 1, r#""a-z""#),
    (b"-", b"[%a-z]", 1, r#""-""#),
    (b"b", b"[a-]", 1, r#"nil"#),
    (b"-", b"[a-]", 1, r#""-""#),
    (b"ab-", b"[^-a]", 1, r#""b""#),
    (b"x]", b"[]x]+", 1, r#""x]""#),
    (b"x^", b"[x^]+", 1, r#""x^""#),
    (b"^", b"[^^]", 1, r#"nil"#),
    (b"a^", b"[^^]", 1, r#""a""#),
    (b"5", b"[1-9-]", 1, r#""5""#),
    (b"abc", b"[b-]", 1, r#""b""#),
    (b"aaab", b"a*", 1, r#""aaa""#),
    (b"aaab", b"a-b", 1, r#""aaab""#),
    (b"aaab", b"a+", 1, r#""aaa""#),
    (b"b", b"a+", 1, r#"nil"#),
    (b"aaab", b"a?a?b", 1, r#""aab""#),
    (b"<a><b>", b"<.->", 1, r#""<a>""#),
    (b"<a><b>", b"<.*>", 1, r#""<a><b>""#),
    (b"abc", b".-$", 1, r#""abc""#),
    (b"abc", b"a*?", 1, r#"nil"#),
    (b"a?", b"a*?", 1, r#""a?""#),
    (b"ab", b"a**", 1, r#"nil"#),
    (b"a*", b"a**", 1, r#""a*""#),
    (b"a+b", b"a+b", 1, r#"nil"#),
    (b"a++", b"a%+%+", 1, r#""a++""#),
    (b"aaa", b"a-", 1, r#""""#),
    (b"aaa", b"a-$", 1, r#""aaa""#),
    (b"", b"a*", 1, r#""""#),
    (b"", b"a?", 1, r#""""#),
    (b"", b"a-", 1, r#""""#),
    (b"", b"a+", 1, r#"nil"#),
    (b"xyz", b".?.?.?.?", 1, r#""xyz""#),
    (b"aaaa", b"(a*)(a+)", 1, r#""aaa","a""#),
    (b"aaaa", b"(a-)(a+)", 1, r#""","aaaa""#),
    (b"aaaa", b"(a?)(a?)(a*)", 1, r#""a","a","aa""#),
    (b"ab", b"a?-", 1, r#"nil"#),
    (b"a-", b"a?-", 1, r#""a-""#),
    (b"hello", b"(l)%1", 1, r#""l""#),
    (b"abab", b"(ab)%1", 1, r#""ab""#),
    (b"\"x\" and 'y'", b"([\"'])(.-)%1", 1, r#""\034","x""#),
    (b"aa", b"()a%1", 1, r#"nil"#),
    (b"abcabc", b"(a(b)c)%2", 1, r#"nil"#),
    (b"abcb", b"(a(b)c)%2", 1, r#""abc","b""#),
    (b"aa", b"(a)%1%1", 1, r#"nil"#),
    (b"xx", b"(x*)%1", 1, r#""x""#),
    (b"f(a(b)c)d", b"%b()", 1, r#""(a(b)c)""#),
    (b"f(a(b c", b"%b()", 1, r#"nil"#),
    (b"xaay", b"%baa", 1, r#""aa""#),
    (b"[[x]]", b"%b[]", 1, r#""[[x]]""#),
    (b"abc", b"%bxy", 1, r#"nil"#),
    (b"x(", b"%b(", 1, r#"E:unbalanced pattern"#),
    (b"((a)", b"%b()", 1, r#""(a)""#),
    (b"a(b)(c)", b"%b()%b()", 1, r#""(b)(c)""#),
    (b"(())", b"^%b()$", 1, r#""(())""#),
    (b"x", b"x%b()", 1, r#"nil"#),
    (b"THE (quick) fox", b"%f[%a]%a+", 1, r#""THE""#),
    (b"hello world", b"%f[%w]%w+", 2, r#""world""#),
    (b"abc", b"%f[%z]", 1, r#""""#),
    (b"abc", b"%f[%Z]", 1, r#""""#),
    (b"abc", b"()%f[%z]", 1, r#"4"#),
    (b"hello", b"%f[%l]", 1, r#""""#),
    (b"the end", b"%f[%s]", 1, r#""""#),
    (b"x", b"%f[^%z]", 1, r#""""#),
    (b"a b", b"%f[%S].", 1, r#""b""#),
    (b"ab", b"%f[a]", 1, r#""""#),
    (b"ba", b"()%f[a]", 1, r#"2"#),
    (b"aaa", b"%f[a]a+", 1, r#""aaa""#),
    (b"hello", b"l+", 4, r#""l""#),
    (b"hello", b"^l", 3, r#""l""#),
    (b"hello", b"^l", 4, r#""l""#),
    (b"hello", b"l+", -2, r#""l""#),
    (b"hello", b".", 100, r#"nil"#),
    (b"hello", b"()", 100, r#"6"#),
    (b"hello", b"()", -100, r#"1"#),
    (b"hello", b"$", -1, r#""""#),
    (b"abc", b"b\x00c", 1, r#""b""#),
    (b"a\x00b", b"%z", 1, r#""\000""#),
    (b"a\x00b", b"[%z]", 1, r#""\000""#),
    (b"a\x00b", b"%Z+", 1, r#""a""#),
    (b"a\x00b", b".+", 1, r#""a\000b""#),
    (b"a\x00b", b"[^%z]+$", 1, r#""b""#),
    (b"\x00", b"%z$", 1, r#""\000""#),
    (b"a\x00", b"^a%Z", 1, r#"nil"#),
    (b"hello", b"()", 1, r#"1"#),
    (b"hello", b"l()", 1, r#"4"#),
    (b"hello world", b"((h)(e)(llo))", 1, r#""hello","h","e","llo""#),
    (b"abc", b"(a(b(c)))", 1, r#""abc","bc","c""#),
    (b"abc", b"()(b)()", 1, r#"2,"b",3"#),
    (b"abc", b"(", 1, r#"E:unfinished capture"#),
    (b"abc", b"(a)(", 1, r#"E:unfinished capture"#),
    (b"abc", b")", 1, r#"E:invalid pattern capture"#),
    (b"abc", b"a)", 1, r#"E:invalid pattern capture"#),
    (b"abc", b"(a))", 1, r#"E:invalid pattern capture"#),
    (b"abc", b"(()", 1, r#"E:unfinished capture"#),
    (b"abc", b"x)", 1, r#"nil"#),
    (b"a.b", b"%.", 1, r#"".""#),
    (b"a.b", b"a%.b", 1, r#""a.b""#),
    (b"a$", b"a%$", 1, r#""a$""#),
    (b"x%y", b"%%", 1, r#""%""#),
    (b"\x80", b"%\x80", 1, r#""\128""#),
    (b"\x80\x81", b"[\x80-\x81]+", 1, r#""\128\129""#),
    (b"\xff", b".", 1, r#""\255""#),
    (b"a$b", b"a$b", 1, r#""a$b""#),
    (b"a$", b"a$$", 1, r#""a$""#),
    (b"a", b"a$$", 1, r#"nil"#),
    (b"a^b", b"a^b", 1, r#""a^b""#),
    (b"x", b"%x", 1, r#"nil"#),
    (b"g", b"%x", 1, r#"nil"#),
    (b"_", b"%_", 1, r#""_""#),
    (b"(", b"%(", 1, r#""(""#),
    (b"%", b"%%%", 1, r#"E:malformed pattern (ends with '%')"#),
    (b"  \x09\x0a\x0b\x0c\x0d x", b"%s+", 1, r#""  \009\010\011\012\013 ""#),
    (b"\x0b", b"%s", 1, r#""\011""#),
    (b"abc123", b"%d+", 1, r#""123""#),
    (b"Hello", b"%u%l+", 1, r#""Hello""#),
    (b"a_b", b"%w+", 1, r#""a""#),
    (b"a_b", b"[%w_]+", 1, r#""a_b""#),
    (b"!?", b"%p+", 1, r#""!?""#),
    (b"\x01\x02a", b"%c+", 1, r#""\001\002""#),
    (b"W", b"%c", 1, r#"nil"#),
    (b"beef!", b"%x+", 1, r#""beef""#),
    (b"\x80", b"%W", 1, r#""\128""#),
    (b"\x80", b"%P", 1, r#""\128""#),
    (b"\x80", b"%C", 1, r#""\128""#),
    (b"\x80", b"%S", 1, r#""\128""#),
    (b"x", b"%Q", 1, r#"nil"#),
    (b"Q", b"%Q", 1, r#""Q""#),
    (b"abc", b"abc", 1, r#""abc""#),
    (b"abc", b"", 4, r#""""#),
    (b"abc", b"", 5, r#""""#),
    (b"aXb", b"a(.)b", 1, r#""X""#),
    (b"x=1, y=2", b"(%w+)=(%w+)", 1, r#""x","1""#),
    (b"  trim  ", b"^%s*(.-)%s*$", 1, r#""trim""#),
    (b"2024-01-15", b"(%d+)-(%d+)-(%d+)", 1, r#""2024","01","15""#),
    ];
    check_all(
        CASES,
        |c| c.3,
        |&(s, p, init, _), slice| find(Kind::Match, s, p, init, false, slice),
    );
}

/// `for ... in string.gmatch(s, p)` in redis-server 7.0.15: each iteration's values
/// joined by ";" (at most 50 iterations).
#[test]
fn gmatch_as_redis() {
    #[rustfmt::skip]
    const CASES: &[(&[u8], &[u8], &str)] = &[
    (b"hello world from lua", b"%a+", r#""hello";"world";"from";"lua""#),
    (b"k1=v1, k2=v2", b"(%w+)=(%w+)", r#""k1","v1";"k2","v2""#),
    (b"abc", b"", r#""";"";"";"""#),
    (b"abc", b"%a*", r#""abc";"""#),
    (b"^a^b", b"^%a", r#""^a";"^b""#),
    (b"aaa", b"^a", r#""#),
    (b"abc", b"()", r#"1;2;3;4"#),
    (b"a,b,,c", b"([^,]*)", r#""a";"";"b";"";"";"c";"""#),
    (b"hello", b"l*", r#""";"";"ll";"";"""#),
    (b"", b"", r#""""#),
    (b"", b"a", r#""#),
    (b"abc", b"(a", r#"E:unfinished capture"#),
    (b"abc", b"x(", r#""#),
    (b"abc", b"%", r#"E:malformed pattern (ends with '%')"#),
    (b"bbb", b"%", r#"E:malformed pattern (ends with '%')"#),
    (b"one two", b"%f[%w]%w+", r#""one";"two""#),
    (b"abcabc", b"b()", r#"3;6"#),
    (b"a1b22c333", b"%d+", r#""1";"22";"333""#),
    (b"xyz", b".-", r#""";"";"";"""#),
    (b"x y", b"%s*", r#""";" ";"";"""#),
    (b"a\x00b\x00", b"%Z+", r#""a";"b""#),
    (b"a\x00b", b"\x00", r#""";"";"";"""#),
    (b"ab", b"a\x00x", r#""a""#),
    (b"(a)(b)", b"%b()", r#""(a)";"(b)""#),
    (b"abab", b"(a)(b)", r#""a","b";"a","b""#),
    (b"aaa", b"a-", r#""";"";"";"""#),
    (b"aXbXc", b"[^X]+", r#""a";"b";"c""#),
    ];
    check_all(CASES, |c| c.2, |&(s, p, _), slice| gmatch(s, p, slice));
}

/// `string.gsub(s, p, repl, n)` with a string replacement in redis-server 7.0.15.
#[test]
fn gsub_as_redis() {
    #[rustfmt::skip]
    const CASES: &[GsubCase] = &[
    (b"hello world", b"o", b"0", None, r#""hell0 w0rld",2"#),
    (b"hello world", b"(o)", b"[%1]", None, r#""hell[o] w[o]rld",2"#),
    (b"hello", b"", b"-", None, r#""-h-e-l-l-o-",6"#),
    (b"abc", b"%a*", b"-", None, r#""--",2"#),
    (b"abc", b"b*", b"-", None, r#""-a--c-",4"#),
    (b"hello", b"l", b"L", Some(1), r#""heLlo",1"#),
    (b"hello", b"l", b"L", Some(-1), r#""hello",0"#),
    (b"hello", b"l", b"L", Some(0), r#""hello",0"#),
    (b"hello", b"l", b"L", Some(100), r#""heLLo",2"#),
    (b"hello", b"", b"-", Some(2), r#""-h-ello",2"#),
    // n is a C int: 2^32 + 1, 2^31 and -2^32 + 2 as Lua passes them.
    (b"aaa", b"a", b"b", Some(4294967297), r#""baa",1"#),
    (b"aaa", b"a", b"b", Some(2147483648), r#""aaa",0"#),
    (b"aaa", b"a", b"b", Some(-4294967294), r#""bba",2"#),
    (b"aaa", b"^a", b"-", None, r#""-aa",1"#),
    (b"abc", b"^", b"-", None, r#""-abc",1"#),
    (b"abc", b"$", b"-", None, r#""abc-",1"#),
    (b"abc", b"^$", b"-", None, r#""abc",0"#),
    (b"", b"^$", b"x", None, r#""x",1"#),
    (b"", b"", b"x", None, r#""x",1"#),
    (b"^a^", b"%^", b"-", None, r#""-a-",2"#),
    (b"aaa", b"^a*", b"-", None, r#""-",1"#),
    (b"baa", b"^a", b"-", None, r#""baa",0"#),
    (b"abc", b"^", b"-", Some(0), r#""abc",0"#),
    (b"abc", b"%w", b"%0%0", None, r#""aabbcc",3"#),
    (b"abc", b"%w", b"%1", None, r#""abc",3"#),
    (b"abc", b"%w", b"%2", None, r#"E:invalid capture index"#),
    (b"abc", b"(%w)", b"%2", None, r#"E:invalid capture index"#),
    (b"abc", b"%w", b"%x", None, r#""xxx",3"#),
    (b"abc", b"%w", b"%%", None, r#""%%%",3"#),
    (b"a", b"a", b"%", None, r#""\000",1"#),
    (b"abc", b"()", b"%1", None, r#""1a2b3c4",4"#),
    (b"abc", b"(b)()", b"%2%1", None, r#""a3bc",1"#),
    (b"abc", b"(a", b"x", None, r#""xbc",1"#),
    (b"abc", b"(a", b"%1", None, r#"E:unfinished capture"#),
    (b"abc", b"b", b"%0%", None, r#""ab\000c",1"#),
    (b"abc", b"(b)", b"%9", None, r#"E:invalid capture index"#),
    (b"abc", b"(b)", b"%0", None, r#""abc",1"#),
    (b"abc", b"x", b"%9", None, r#""abc",0"#),
    (b"abc", b"b", b"%\x00", None, r#""a\000c",1"#),
    (b"abc", b"(b)", b"%1%2", None, r#"E:invalid capture index"#),
    (b"abc", b"[", b"x", None, r#"E:malformed pattern (missing ']')"#),
    (b"abc", b"%", b"x", None, r#"E:malformed pattern (ends with '%')"#),
    (b"", b"%", b"x", None, r#"E:malformed pattern (ends with '%')"#),
    (b"abc", b"c%", b"x", None, r#"E:malformed pattern (ends with '%')"#),
    (b"abc", b")", b"x", None, r#"E:invalid pattern capture"#),
    (b"abc", b"%f", b"x", None, r#"E:missing '[' after '%f' in pattern"#),
    (b"hello world", b"(%w+) (%w+)", b"%2 %1", None, r#""world hello",1"#),
    (b"$name", b"%$(%w+)", b"<%1>", None, r#""<name>",1"#),
    (b"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", b"x", b"yy", None, r#""yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy",100"#),
    (b"abc", b"b", b"x\x00y", None, r#""ax\000yc",1"#),
    (b"a\x00b", b"%z", b"0", None, r#""a0b",1"#),
    (b"abc", b".-", b"-", None, r#""-a-b-c-",4"#),
    (b"abc", b".", b"%0", Some(2), r#""abc",2"#),
    (b"a.b.c", b"%.", b"/", None, r#""a/b/c",2"#),
    (b"hello", b"l+", b"", None, r#""heo",1"#),
    (b"  x  ", b"^%s+", b"", None, r#""x  ",1"#),
    (b"x", b"x", b"a%1b", None, r#""axb",1"#),
    (b"abc", b"b\x00z", b"-", None, r#""a-c",1"#),
    (b"abab", b"(a)(b)", b"%2%1", None, r#""baba",2"#),
    (b"hello", b"(l)(l)", b"%2%1%0", None, r#""hellllo",1"#),
    (b"a", b"()", b"%1%1", None, r#""11a22",2"#),
    ];
    check_all(CASES, |c| c.4, |&(s, p, r, n, _), slice| gsub(s, p, r, n, slice));
}

/// The classes in the C locale: `string.gsub(all, '%A', '')` (all 256 bytes) in
/// redis-server 7.0.15 leaves exactly these; `%a`, `[%a]` and `[^%A]` remove them
/// (the oracle's outputs were checked to be these sets' complements).
#[test]
fn classes_as_redis() {
    const MEMBERS: &[(u8, &[u8])] = &[
        (b'a', b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"),
        (b'c', b"\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f"),
        (b'd', b"0123456789"),
        (b'l', b"abcdefghijklmnopqrstuvwxyz"),
        (b'p', b"!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"),
        (b's', b"\t\n\x0b\x0c\r "),
        (b'u', b"ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
        (b'w', b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"),
        (b'x', b"0123456789ABCDEFabcdef"),
        (b'z', b"\x00"),
    ];
    let all: Vec<u8> = (0..=255).collect();
    let run = |p: Vec<u8>| {
        let mut g = Gsub::new(&all[..], &p[..], Repl::Str(&b""[..]), None);
        match g.run(&mut u64::MAX.clone()) {
            GsubPoll::Done { output, .. } => output,
            other => panic!("{other:?}"),
        }
    };
    for &(class, members) in MEMBERS {
        let others: Vec<u8> = all.iter().copied().filter(|b| !members.contains(b)).collect();
        let upper = class.to_ascii_uppercase();
        for (p, left) in [
            (vec![b'%', class], &others[..]),
            (vec![b'[', b'%', class, b']'], &others[..]),
            (vec![b'[', b'^', b'%', upper, b']'], &others[..]),
            (vec![b'%', upper], members),
            (vec![b'[', b'%', upper, b']'], members),
            (vec![b'[', b'^', b'%', class, b']'], members),
        ] {
            assert_eq!(run(p.clone()), left, "{}", String::from_utf8_lossy(&p));
        }
    }
}

/// A replacement table or function, played by a callback: values from
/// redis-server 7.0.15 (the EVAL in each comment).
#[test]
fn gsub_callbacks_as_redis() {
    let s: &[u8] = b"abc";
    let table = |s: &'static [u8], entries: &'static [(&'static [u8], Replacement<'static>)]| {
        move |caps: &[Capture]| -> Replacement<'static> {
            assert_eq!(caps.len(), 1, "a table is indexed by one capture");
            let Capture::Str { start, end } = caps[0] else {
                panic!("a string key expected")
            };
            let key = &s[start..end];
            entries
                .iter()
                .find(|(k, _)| *k == key)
                .map_or(Replacement::Keep, |&(_, v)| v)
        }
    };
    for &slice in FUELS {
        // string.gsub('abc', '%w', {a=1, b=true}): the number converts, `true` fails.
        let mut t = table(
            s,
            &[
                (b"a", Replacement::Bytes(b"1")),
                (b"b", Replacement::Invalid("boolean")),
            ],
        );
        assert_eq!(
            gsub_with(s, b"%w", Repl::Table, None, slice, &mut t),
            "E:invalid replacement value (a boolean)"
        );
        // string.gsub('abc', '%w', {a={}})
        let mut t = table(s, &[(b"a", Replacement::Invalid("table"))]);
        assert_eq!(
            gsub_with(s, b"%w", Repl::Table, None, slice, &mut t),
            "E:invalid replacement value (a table)"
        );
        // string.gsub('abc', '%w', {}) is "abc", 3: nil keeps the match.
        let mut t = table(s, &[]);
        assert_eq!(gsub_with(s, b"%w", Repl::Table, None, slice, &mut t), r#""abc",3"#);
        // string.gsub('abc', 'b', {b='%1'}) is "a%1c", 1: a table's value is not
        // a template.
        let mut t = table(s, &[(b"b", Replacement::Bytes(b"%1"))]);
        assert_eq!(gsub_with(s, b"b", Repl::Table, None, slice, &mut t), r#""a%1c",1"#);
        // string.gsub('xy', '(x)(y)', {x='1', y='2'}) is "1", 1: the first capture.
        let mut t = table(
            b"xy",
            &[(b"x", Replacement::Bytes(b"1")), (b"y", Replacement::Bytes(b"2"))],
        );
        assert_eq!(
            gsub_with(b"xy", b"(x)(y)", Repl::Table, None, slice, &mut t),
            r#""1",1"#
        );
        // string.gsub('abc', '(b)(c', {b='X'}) is "aX", 1: the unfinished second
        // capture is never pushed.
        let mut t = table(s, &[(b"b", Replacement::Bytes(b"X"))]);
        assert_eq!(gsub_with(s, b"(b)(c", Repl::Table, None, slice, &mut t), r#""aX",1"#);
        // string.gsub('abc', '^%w', {a='A'}) is "Abc", 1.
        let mut t = table(s, &[(b"a", Replacement::Bytes(b"A"))]);
        assert_eq!(gsub_with(s, b"^%w", Repl::Table, None, slice, &mut t), r#""Abc",1"#);
        // string.gsub('abc', '()', {[1]='x'}) is "xabc", 4: position keys are numbers.
        let mut positions = |caps: &[Capture]| match caps {
            [Capture::Position(1)] => Replacement::Bytes(b"x"),
            [Capture::Position(_)] => Replacement::Keep,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            gsub_with(s, b"()", Repl::Table, None, slice, &mut positions),
            r#""xabc",4"#
        );

        // string.gsub('abc', '%w', function(c) if c=='b' then return false end
        // return c:upper() end) is "AbC", 3.
        let mut upper = |caps: &[Capture]| match caps {
            [Capture::Str { start: 1, end: 2 }] => Replacement::Keep,
            [Capture::Str { start: 0, end: 1 }] => Replacement::Bytes(b"A"),
            [Capture::Str { start: 2, end: 3 }] => Replacement::Bytes(b"C"),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            gsub_with(s, b"%w", Repl::Function, None, slice, &mut upper),
            r#""AbC",3"#
        );
        // string.gsub('abc', '(b)(c', function(...) return 'X' end): unfinished.
        let mut never = |_: &[Capture]| -> Replacement<'static> { panic!("not called") };
        assert_eq!(
            gsub_with(s, b"(b)(c", Repl::Function, None, slice, &mut never),
            "E:unfinished capture"
        );
        // string.gsub('a b', '(%w)()', function(a, p) return a..p end) is "a2 b4", 2.
        let mut both = |caps: &[Capture]| match caps {
            [Capture::Str { start: 0, end: 1 }, Capture::Position(2)] => Replacement::Bytes(b"a2"),
            [Capture::Str { start: 2, end: 3 }, Capture::Position(4)] => Replacement::Bytes(b"b4"),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            gsub_with(b"a b", b"(%w)()", Repl::Function, None, slice, &mut both),
            r#""a2 b4",2"#
        );
        // string.gsub('abc', '', function() return 'x' end) is "xaxbxcx", 4.
        let mut calls = 0;
        let mut x = |caps: &[Capture]| {
            assert_eq!(
                caps,
                [Capture::Str {
                    start: calls,
                    end: calls
                }]
            );
            calls += 1;
            Replacement::Bytes(b"x")
        };
        assert_eq!(gsub_with(s, b"", Repl::Function, None, slice, &mut x), r#""xaxbxcx",4"#);
        // string.gsub('aaa', 'a', function(a) return a..'!' end, 2) is "a!a!a", 2.
        let mut bang = |_: &[Capture]| Replacement::Bytes(b"a!");
        assert_eq!(
            gsub_with(b"aaa", b"a", Repl::Function, Some(2), slice, &mut bang),
            r#""a!a!a",2"#
        );
        // string.gsub('abc', '%w', function() return {} end)
        let mut bad = |_: &[Capture]| Replacement::Invalid("table");
        assert_eq!(
            gsub_with(s, b"%w", Repl::Function, None, slice, &mut bad),
            "E:invalid replacement value (a table)"
        );
    }
}
