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
mod tests;
