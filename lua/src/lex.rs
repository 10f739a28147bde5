//! Lua 5.1's lexer (llex.c), over bytes.
//!
//! What it reproduces: the token set of Lua 5.1 (`llex` and `luaX_tokens`), numerals
//! read the way 5.1 reads them (greedily, then converted as `luaO_str2d` does with
//! glibc's `strtod`, so `0x1p4` is 16 but `0x1P-2` is "malformed number near
//! '0x1P'"), short strings with 5.1's escapes only, long strings and comments of any
//! level, line counting (`\n`, `\r`, `\r\n` and `\n\r` each end one line), and its
//! error messages word for word, including what follows "near": the lexer's buffer
//! for names, strings and numbers (the string as read so far, escapes already
//! decoded, cut at the first zero byte as C's `%s` cuts it), `char(N)` for control
//! characters, and nothing at all for a zero byte (`luaX_lexerror` reads token 0 as
//! "no token").
//!
//! How: a pull lexer ([`Lexer::next_token`]) that keeps, as llex.c does, the current
//! line number and a buffer holding the text of the last token it read; the parser
//! asks for tokens in the order lparser.c does, so the same error wins when a script
//! has several.
//!
//! Left out, on purpose:
//! - "nesting of [[...]] is deprecated": Lua 5.1.5 built with `LUA_COMPAT_LSTR 1`
//!   raises it for `[[` inside `[[...]]`, but the Redis 7.0 we compare with does not
//!   (`redis-cli EVAL "return [[a[[b]]" 0` replies `a[[b`), so neither do we.
//! - the locale's decimal point (`trydecpoint`): Redis runs Lua in the "C" locale.
//! - "lexical element too long" (a token over `MAX_SIZET/2` bytes cannot exist here).

use std::fmt;

/// `LUA_IDSIZE` (luaconf.h): how much of a chunk's name debug information and
/// run-time error messages show (`luaO_chunkid`'s `bufflen` for them).
pub const LUA_IDSIZE: usize = 60;

/// `MAXSRC` (llex.c): how much of a chunk's name a syntax error shows.
pub const MAXSRC: usize = 80;

/// `MAX_INT` (llimits.h): a chunk may have fewer lines than this.
const MAX_INT: u32 = i32::MAX as u32 - 2;

/// A syntax (or compile-limit) error, worded exactly as Lua 5.1 words it, e.g.
/// `user_script:1: '=' expected near 'end'`.
///
/// The message is bytes, not UTF-8: Lua copies bytes of the script into it
/// (`unexpected symbol near '\xC3'`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// The whole message, as `lua_tostring` of the error value would give it.
    pub message: Vec<u8>,
}

impl SyntaxError {
    /// An error whose message is `message`, as is.
    pub fn new(message: impl Into<Vec<u8>>) -> Self {
        SyntaxError {
            message: message.into(),
        }
    }
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&String::from_utf8_lossy(&self.message))
    }
}

impl std::error::Error for SyntaxError {}

/// One token of Lua 5.1 (llex.h's `RESERVED` plus single bytes).
#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    /// `and`
    And,
    /// `break`
    Break,
    /// `do`
    Do,
    /// `else`
    Else,
    /// `elseif`
    Elseif,
    /// `end`
    End,
    /// `false`
    False,
    /// `for`
    For,
    /// `function`
    Function,
    /// `if`
    If,
    /// `in`
    In,
    /// `local`
    Local,
    /// `nil`
    Nil,
    /// `not`
    Not,
    /// `or`
    Or,
    /// `repeat`
    Repeat,
    /// `return`
    Return,
    /// `then`
    Then,
    /// `true`
    True,
    /// `until`
    Until,
    /// `while`
    While,
    /// `..`
    Concat,
    /// `...`
    Dots,
    /// `==`
    Eq,
    /// `>=`
    Ge,
    /// `<=`
    Le,
    /// `~=`
    Ne,
    /// A numeral, already converted.
    Number(f64),
    /// A name that is not a reserved word.
    Name(Vec<u8>),
    /// A string literal's value (escapes decoded, long-string newline skipped).
    String(Vec<u8>),
    /// End of the source.
    Eof,
    /// Any other single byte: `+ - * / % ^ # < > = ( ) { } [ ] ; : , .` and also
    /// bytes Lua has no use for (`~`, `!`, `@`, `\x01`, `\xC3`...), which the parser
    /// then rejects.
    Char(u8),
}

/// The reserved words, in llex.c's order (`luaX_tokens`).
const RESERVED: [(&[u8], Token); 21] = [
    (b"and", Token::And),
    (b"break", Token::Break),
    (b"do", Token::Do),
    (b"else", Token::Else),
    (b"elseif", Token::Elseif),
    (b"end", Token::End),
    (b"false", Token::False),
    (b"for", Token::For),
    (b"function", Token::Function),
    (b"if", Token::If),
    (b"in", Token::In),
    (b"local", Token::Local),
    (b"nil", Token::Nil),
    (b"not", Token::Not),
    (b"or", Token::Or),
    (b"repeat", Token::Repeat),
    (b"return", Token::Return),
    (b"then", Token::Then),
    (b"true", Token::True),
    (b"until", Token::Until),
    (b"while", Token::While),
];

impl Token {
    /// How Lua names this kind of token in messages (`luaX_token2str`): the word or
    /// symbol itself, `<name>`, `<string>`, `<number>`, `<eof>`, `char(N)` for a
    /// control byte, or the byte itself.
    pub fn describe(&self) -> Vec<u8> {
        let s: &[u8] = match self {
            Token::And => b"and",
            Token::Break => b"break",
            Token::Do => b"do",
            Token::Else => b"else",
            Token::Elseif => b"elseif",
            Token::End => b"end",
            Token::False => b"false",
            Token::For => b"for",
            Token::Function => b"function",
            Token::If => b"if",
            Token::In => b"in",
            Token::Local => b"local",
            Token::Nil => b"nil",
            Token::Not => b"not",
            Token::Or => b"or",
            Token::Repeat => b"repeat",
            Token::Return => b"return",
            Token::Then => b"then",
            Token::True => b"true",
            Token::Until => b"until",
            Token::While => b"while",
            Token::Concat => b"..",
            Token::Dots => b"...",
            Token::Eq => b"==",
            Token::Ge => b">=",
            Token::Le => b"<=",
            Token::Ne => b"~=",
            Token::Number(_) => b"<number>",
            Token::Name(_) => b"<name>",
            Token::String(_) => b"<string>",
            Token::Eof => b"<eof>",
            Token::Char(c) => {
                // llex.c luaX_token2str: iscntrl() in the "C" locale.
                if *c < 0x20 || *c == 0x7f {
                    return format!("char({c})").into_bytes();
                }
                return vec![*c];
            }
        };
        s.to_vec()
    }

    /// Whether this token is the same kind as `other` (payloads ignored).
    pub fn same_kind(&self, other: &Token) -> bool {
        match (self, other) {
            (Token::Char(a), Token::Char(b)) => a == b,
            _ => std::mem::discriminant(self) == std::mem::discriminant(other),
        }
    }
}

/// What a lexer error quotes after "near" (`luaX_lexerror`'s `token` argument).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Near {
    /// `<eof>`
    Eof,
    /// The lexer's buffer (a name, string or numeral as read so far).
    Buffer,
}

/// llex.c's `LexState`, minus the parser's part: the source, the position, the line
/// number and the buffer of the token being (or last) read.
#[derive(Debug)]
pub struct Lexer<'a> {
    src: &'a [u8],
    pos: usize,
    line: u32,
    buffer: Vec<u8>,
    chunk_id: Vec<u8>,
}

/// `isalnum` in the "C" locale, plus `_` (what may continue a name).
fn is_name_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// `isspace` in the "C" locale.
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

impl<'a> Lexer<'a> {
    /// A lexer over `src`; `chunk_name` is the raw chunk name as given to
    /// `lua_load` (`@user_script`, `=stdin`, or the source itself for
    /// `loadstring`), shown in errors as [`chunk_id`] shows it (`luaX_setinput`).
    pub fn new(src: &'a [u8], chunk_name: &[u8]) -> Self {
        Lexer {
            src,
            pos: 0,
            line: 1,
            buffer: Vec::new(),
            chunk_id: chunk_id(chunk_name, MAXSRC),
        }
    }

    /// The current line (`ls->linenumber`): the line the lexer is on, i.e. where
    /// the last token read ends.
    pub fn line(&self) -> u32 {
        self.line
    }

    fn current(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn advance(&mut self) {
        if self.pos < self.src.len() {
            self.pos += 1;
        }
    }

    fn save_and_next(&mut self) {
        if let Some(c) = self.current() {
            self.buffer.push(c);
        }
        self.advance();
    }

    fn current_is_newline(&self) -> bool {
        matches!(self.current(), Some(b'\n' | b'\r'))
    }

    /// llex.c `check_next`: consume the current byte if it is in `set`, saving it.
    fn check_next(&mut self, set: &[u8]) -> bool {
        match self.current() {
            Some(c) if set.contains(&c) => {
                self.save_and_next();
                true
            }
            _ => false,
        }
    }

    /// The error `msg` at the current line, with no "near" part
    /// (`luaX_lexerror(ls, msg, 0)`).
    pub fn error_plain(&self, msg: &[u8]) -> SyntaxError {
        let mut m = self.chunk_id.clone();
        m.extend_from_slice(format!(":{}: ", self.line).as_bytes());
        m.extend_from_slice(msg);
        SyntaxError::new(m)
    }

    /// The error `msg` "near" `token` (`luaX_lexerror(ls, msg, token)`), where the
    /// parser's current token is `token`: names, strings and numbers are quoted
    /// from the lexer's buffer (`txtToken`), and a zero byte quotes nothing.
    pub fn error_near(&self, msg: &[u8], token: &Token) -> SyntaxError {
        match token {
            Token::Char(0) => self.error_plain(msg),
            Token::Name(_) | Token::String(_) | Token::Number(_) => self.error_with(msg, Near::Buffer),
            other => self.error_text(msg, &other.describe()),
        }
    }

    fn error_with(&self, msg: &[u8], near: Near) -> SyntaxError {
        match near {
            Near::Eof => self.error_text(msg, b"<eof>"),
            Near::Buffer => {
                // txtToken saves a '\0' and `%s` stops at the first zero byte.
                let end = self.buffer.iter().position(|&b| b == 0).unwrap_or(self.buffer.len());
                self.error_text(msg, &self.buffer[..end])
            }
        }
    }

    fn error_text(&self, msg: &[u8], near: &[u8]) -> SyntaxError {
        let mut m = self.error_plain(msg).message;
        m.extend_from_slice(b" near '");
        m.extend_from_slice(near);
        m.push(b'\'');
        SyntaxError::new(m)
    }

    /// llex.c `inclinenumber`: skip `\n`, `\r`, `\r\n` or `\n\r`, count one line.
    fn inc_line(&mut self) -> Result<(), SyntaxError> {
        let old = self.current();
        self.advance();
        if self.current_is_newline() && self.current() != old {
            self.advance();
        }
        self.line += 1;
        if self.line >= MAX_INT {
            // Lua quotes the parser's token here; two billion lines do not fit in
            // anything Redis would accept, so the exact "near" does not matter.
            return Err(self.error_plain(b"chunk has too many lines"));
        }
        Ok(())
    }

    /// llex.c `skip_sep`: at `[` or `]`, read it and the `=` signs after it (saving
    /// them); the level if the same bracket follows, otherwise `-(level) - 1`.
    fn skip_sep(&mut self) -> i64 {
        let s = self.current();
        self.save_and_next();
        let mut count: i64 = 0;
        while self.current() == Some(b'=') {
            self.save_and_next();
            count += 1;
        }
        if self.current() == s {
            count
        } else {
            -count - 1
        }
    }

    /// llex.c `read_long_string`: the body of `[==[ ... ]==]`, for a string
    /// (`keep`) or a comment. The opening `[=*` has been read; the current byte is
    /// the second `[`.
    fn read_long_string(&mut self, keep: bool, sep: i64) -> Result<Option<Vec<u8>>, SyntaxError> {
        self.save_and_next(); // the second '['
        if self.current_is_newline() {
            self.inc_line()?; // a first newline is skipped
        }
        loop {
            match self.current() {
                None => {
                    let msg: &[u8] = if keep {
                        b"unfinished long string"
                    } else {
                        b"unfinished long comment"
                    };
                    return Err(self.error_with(msg, Near::Eof));
                }
                Some(b']') => {
                    if self.skip_sep() == sep {
                        self.save_and_next(); // the second ']'
                        break;
                    }
                }
                Some(b'\n' | b'\r') => {
                    self.buffer.push(b'\n');
                    self.inc_line()?;
                    if !keep {
                        self.buffer.clear();
                    }
                }
                Some(_) => {
                    if keep {
                        self.save_and_next();
                    } else {
                        self.advance();
                    }
                }
            }
        }
        if !keep {
            return Ok(None);
        }
        // The buffer is `[==[` body `]==]`.
        let delim = (2 + sep) as usize;
        let len = self.buffer.len();
        Ok(Some(self.buffer[delim..len - delim].to_vec()))
    }

    /// llex.c `read_string`: a short string delimited by `del`.
    fn read_string(&mut self, del: u8) -> Result<Vec<u8>, SyntaxError> {
        self.save_and_next(); // the opening delimiter
        loop {
            match self.current() {
                Some(c) if c == del => break,
                None => return Err(self.error_with(b"unfinished string", Near::Eof)),
                Some(b'\n' | b'\r') => return Err(self.error_with(b"unfinished string", Near::Buffer)),
                Some(b'\\') => {
                    self.advance(); // the '\' is not saved
                    let c = match self.current() {
                        Some(b'a') => 0x07,
                        Some(b'b') => 0x08,
                        Some(b'f') => 0x0c,
                        Some(b'n') => b'\n',
                        Some(b'r') => b'\r',
                        Some(b't') => b'\t',
                        Some(b'v') => 0x0b,
                        Some(b'\n' | b'\r') => {
                            self.buffer.push(b'\n');
                            self.inc_line()?;
                            continue;
                        }
                        None => continue, // "unfinished string" on the next turn
                        Some(d) if d.is_ascii_digit() => {
                            // \ddd: up to three decimal digits
                            let mut value: u32 = 0;
                            let mut i = 0;
                            while i < 3 {
                                match self.current() {
                                    Some(d) if d.is_ascii_digit() => {
                                        value = value * 10 + u32::from(d - b'0');
                                        self.advance();
                                        i += 1;
                                    }
                                    _ => break,
                                }
                            }
                            if value > 255 {
                                return Err(self.error_with(b"escape sequence too large", Near::Buffer));
                            }
                            self.buffer.push(value as u8);
                            continue;
                        }
                        Some(_) => {
                            // \\, \", \', and any other byte stands for itself
                            self.save_and_next();
                            continue;
                        }
                    };
                    self.buffer.push(c);
                    self.advance();
                }
                Some(_) => self.save_and_next(),
            }
        }
        self.save_and_next(); // the closing delimiter
        let len = self.buffer.len();
        Ok(self.buffer[1..len - 1].to_vec())
    }

    /// llex.c `read_numeral`: read greedily (digits and dots, an exponent sign
    /// after `e`/`E`, then any letters, digits and `_`), then convert.
    fn read_numeral(&mut self) -> Result<f64, SyntaxError> {
        while matches!(self.current(), Some(c) if c.is_ascii_digit() || c == b'.') {
            self.save_and_next();
        }
        if self.check_next(b"Ee") {
            self.check_next(b"+-");
        }
        while matches!(self.current(), Some(c) if is_name_char(c)) {
            self.save_and_next();
        }
        match str2number(&self.buffer) {
            Some(n) => Ok(n),
            None => Err(self.error_with(b"malformed number", Near::Buffer)),
        }
    }

    /// The next token (llex.c `llex`).
    pub fn next_token(&mut self) -> Result<Token, SyntaxError> {
        self.buffer.clear();
        loop {
            let Some(c) = self.current() else {
                return Ok(Token::Eof);
            };
            match c {
                b'\n' | b'\r' => self.inc_line()?,
                b'-' => {
                    self.advance();
                    if self.current() != Some(b'-') {
                        return Ok(Token::Char(b'-'));
                    }
                    self.advance();
                    if self.current() == Some(b'[') {
                        let sep = self.skip_sep();
                        self.buffer.clear();
                        if sep >= 0 {
                            self.read_long_string(false, sep)?;
                            self.buffer.clear();
                            continue;
                        }
                    }
                    while !self.current_is_newline() && self.current().is_some() {
                        self.advance();
                    }
                }
                b'[' => {
                    let sep = self.skip_sep();
                    if sep >= 0 {
                        let s = self.read_long_string(true, sep)?.unwrap_or_default();
                        return Ok(Token::String(s));
                    } else if sep == -1 {
                        return Ok(Token::Char(b'['));
                    }
                    return Err(self.error_with(b"invalid long string delimiter", Near::Buffer));
                }
                b'=' | b'<' | b'>' | b'~' => {
                    self.advance();
                    if self.current() != Some(b'=') {
                        return Ok(Token::Char(c));
                    }
                    self.advance();
                    return Ok(match c {
                        b'=' => Token::Eq,
                        b'<' => Token::Le,
                        b'>' => Token::Ge,
                        _ => Token::Ne,
                    });
                }
                b'"' | b'\'' => return Ok(Token::String(self.read_string(c)?)),
                b'.' => {
                    self.save_and_next();
                    if self.check_next(b".") {
                        if self.check_next(b".") {
                            return Ok(Token::Dots);
                        }
                        return Ok(Token::Concat);
                    }
                    if !matches!(self.current(), Some(d) if d.is_ascii_digit()) {
                        return Ok(Token::Char(b'.'));
                    }
                    return Ok(Token::Number(self.read_numeral()?));
                }
                _ if is_space(c) => self.advance(),
                _ if c.is_ascii_digit() => return Ok(Token::Number(self.read_numeral()?)),
                _ if c.is_ascii_alphabetic() || c == b'_' => {
                    while matches!(self.current(), Some(c) if is_name_char(c)) {
                        self.save_and_next();
                    }
                    for (word, token) in RESERVED.iter() {
                        if *word == self.buffer.as_slice() {
                            return Ok(token.clone());
                        }
                    }
                    return Ok(Token::Name(self.buffer.clone()));
                }
                _ => {
                    self.advance();
                    return Ok(Token::Char(c));
                }
            }
        }
    }
}

/// A numeral as the lexer read it, converted as `luaO_str2d` converts it with
/// glibc's `strtod` (the whole text must be one decimal or hexadecimal number;
/// trailing spaces cannot occur in a numeral). `None` is "malformed number".
///
/// Decimal: digits with at most one `.`, at least one digit, then an optional
/// exponent `e`/`E`, sign, digits; correctly rounded, overflow to infinity.
/// Hexadecimal (glibc `strtod`): `0x`/`0X`, hex digits, an optional binary
/// exponent `p`/`P` and digits (no sign can reach here: the lexer stops at `+`/`-`
/// unless they follow `e`, which is a hex digit).
pub fn str2number(s: &[u8]) -> Option<f64> {
    if s.len() >= 2 && s[0] == b'0' && (s[1] == b'x' || s[1] == b'X') {
        return hex_to_number(&s[2..]);
    }
    let mut i = 0;
    let mut digits = 0;
    while i < s.len() && s[i].is_ascii_digit() {
        i += 1;
        digits += 1;
    }
    if i < s.len() && s[i] == b'.' {
        i += 1;
        while i < s.len() && s[i].is_ascii_digit() {
            i += 1;
            digits += 1;
        }
    }
    if digits == 0 {
        return None;
    }
    if i < s.len() && (s[i] == b'e' || s[i] == b'E') {
        i += 1;
        if i < s.len() && (s[i] == b'+' || s[i] == b'-') {
            i += 1;
        }
        let start = i;
        while i < s.len() && s[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return None;
        }
    }
    if i != s.len() {
        return None;
    }
    // Only ASCII digits, '.', 'e', 'E', '+', '-' here: valid UTF-8, and a form
    // Rust's (correctly rounding) parser accepts.
    std::str::from_utf8(s).ok()?.parse::<f64>().ok()
}

/// The part after `0x` of a hexadecimal numeral (glibc `strtod`, round to nearest
/// even): hex digits, then optionally `p` and decimal digits.
fn hex_to_number(s: &[u8]) -> Option<f64> {
    let mut i = 0;
    let mut mantissa: u64 = 0;
    let mut exp: i64 = 0; // binary exponent from dropped digits and `p`
    let mut sticky = false; // a nonzero digit was dropped
    while i < s.len() {
        let Some(d) = (s[i] as char).to_digit(16) else {
            break;
        };
        if mantissa >> 60 == 0 {
            mantissa = (mantissa << 4) | u64::from(d);
        } else {
            exp += 4;
            sticky |= d != 0;
        }
        i += 1;
    }
    if i == 0 {
        return None;
    }
    if i < s.len() && (s[i] == b'p' || s[i] == b'P') {
        i += 1;
        let start = i;
        let mut e: i64 = 0;
        while i < s.len() && s[i].is_ascii_digit() {
            e = (e * 10 + i64::from(s[i] - b'0')).min(1 << 20);
            i += 1;
        }
        if i == start {
            return None;
        }
        exp += e;
    }
    if i != s.len() {
        return None;
    }
    if mantissa == 0 {
        return Some(0.0);
    }
    // Round the mantissa to 53 bits, half to even (dropped digits are sticky).
    let bits = 64 - mantissa.leading_zeros() as i64;
    if bits > 53 {
        let shift = (bits - 53) as u32;
        let rest = mantissa & ((1u64 << shift) - 1);
        let half = 1u64 << (shift - 1);
        mantissa >>= shift;
        exp += i64::from(shift);
        let above = rest > half || (rest == half && sticky);
        if above || (rest == half && !sticky && mantissa & 1 == 1) {
            mantissa += 1;
        }
    }
    let mut value = mantissa as f64; // exact: at most 2^53
    while exp > 0 && value.is_finite() {
        let step = exp.min(1000) as i32;
        value *= 2f64.powi(step);
        exp -= i64::from(step);
    }
    Some(value)
}

/// lobject.c `luaO_chunkid`: how a chunk named `source` is shown in messages, in
/// at most `size - 1` bytes ([`MAXSRC`] for syntax errors, [`LUA_IDSIZE`] for
/// run-time ones): `=name` shows `name`, `@file` shows `file` (keeping its end
/// when too long), anything else is source text and shows as `[string "first
/// line..."]`. As C strings do, the name ends at its first zero byte.
pub fn chunk_id(source: &[u8], size: usize) -> Vec<u8> {
    let end = source.iter().position(|&b| b == 0).unwrap_or(source.len());
    let source = &source[..end];
    match source.first() {
        Some(b'=') => {
            let rest = &source[1..];
            rest[..rest.len().min(size.saturating_sub(1))].to_vec()
        }
        Some(b'@') => {
            let rest = &source[1..];
            let room = size.saturating_sub(" '...' ".len() + 1);
            if rest.len() > room {
                let mut out = b"...".to_vec();
                out.extend_from_slice(&rest[rest.len() - room..]);
                out
            } else {
                rest.to_vec()
            }
        }
        _ => {
            let first_line = source
                .iter()
                .position(|&b| b == b'\n' || b == b'\r')
                .unwrap_or(source.len());
            let room = size.saturating_sub(" [string \"...\"] ".len() + 1);
            let len = first_line.min(room);
            let mut out = b"[string \"".to_vec();
            out.extend_from_slice(&source[..len]);
            if len < source.len() {
                out.extend_from_slice(b"...");
            }
            out.extend_from_slice(b"\"]");
            out
        }
    }
}

#[cfg(test)]
mod tests {
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
}
