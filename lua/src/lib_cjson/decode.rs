//! Decoding: `cjson.decode` (lua_cjson.c's json_next_token, json_process_value and
//! json_decode). Apart from encoding: a tokenizer, glibc's `strtod` extent and the
//! parser's error messages are its own.

use super::{load, upvals, MAX_C_STACK, MAX_DECODED};
use crate::lib_base::{arg_error, check_bytes};
use crate::table::Table;
use crate::value::{TableRef, Value};
use crate::vm::{Ret, Vm};

/// A token (json_token_t): its kind and where it starts (0-based), or for an error
/// where the error is.
#[derive(Debug)]
struct Token {
    kind: Kind,
    index: usize,
}

#[derive(Debug)]
enum Kind {
    ObjBegin,
    ObjEnd,
    ArrBegin,
    ArrEnd,
    Str(Vec<u8>),
    Num(f64),
    Bool(bool),
    Null,
    Colon,
    Comma,
    End,
    Error(&'static str),
}

impl Kind {
    /// json_token_type_name, or an error token's message.
    fn name(&self) -> &'static str {
        match self {
            Kind::ObjBegin => "T_OBJ_BEGIN",
            Kind::ObjEnd => "T_OBJ_END",
            Kind::ArrBegin => "T_ARR_BEGIN",
            Kind::ArrEnd => "T_ARR_END",
            Kind::Str(_) => "T_STRING",
            Kind::Num(_) => "T_NUMBER",
            Kind::Bool(_) => "T_BOOLEAN",
            Kind::Null => "T_NULL",
            Kind::Colon => "T_COLON",
            Kind::Comma => "T_COMMA",
            Kind::End => "T_END",
            Kind::Error(m) => m,
        }
    }
}

/// Why a decoding stopped.
pub(super) enum DecodeError {
    /// luaL_error's message.
    Message(String),
    /// The decoded values would pass MAX_DECODED.
    Memory,
}

/// json_throw_parse_error.
fn parse_error(expected: &str, token: &Token) -> DecodeError {
    DecodeError::Message(format!(
        "Expected {expected} but found {} at character {}",
        token.kind.name(),
        token.index + 1
    ))
}

/// json_parse_t: the text (a C string: past its end is a zero byte) and the position.
pub(super) struct Parser<'a> {
    pub(super) data: &'a [u8],
    pub(super) pos: usize,
    pub(super) invalid_numbers: bool,
    pub(super) tokens: u64,
}

fn hex_digit(b: u8) -> Option<u32> {
    (b as char).to_digit(16)
}

/// codepoint_to_utf8 (every code point a `\u` escape gives fits in four bytes).
fn push_utf8(out: &mut Vec<u8>, cp: u32) {
    if cp <= 0x7f {
        out.push(cp as u8);
    } else if cp <= 0x7ff {
        out.extend_from_slice(&[(cp >> 6) as u8 | 0xc0, (cp & 0x3f) as u8 | 0x80]);
    } else if cp <= 0xffff {
        out.extend_from_slice(&[
            (cp >> 12) as u8 | 0xe0,
            ((cp >> 6) & 0x3f) as u8 | 0x80,
            (cp & 0x3f) as u8 | 0x80,
        ]);
    } else {
        out.extend_from_slice(&[
            (cp >> 18) as u8 | 0xf0,
            ((cp >> 12) & 0x3f) as u8 | 0x80,
            ((cp >> 6) & 0x3f) as u8 | 0x80,
            (cp & 0x3f) as u8 | 0x80,
        ]);
    }
}

/// How many bytes glibc's `strtod` reads at `s[i..]` (0: none): a sign, then `inf` or
/// `infinity`, `nan` or `nan(chars)`, a hexadecimal float with at least one digit and an
/// optional complete `p` exponent, or a decimal one with an optional complete `e`
/// exponent (the C standard's "longest initial subsequence of the expected form").
pub(super) fn strtod_len(s: &[u8], start: usize) -> usize {
    let at = |i: usize| s.get(i).copied().unwrap_or(0);
    let ci = |i: usize, word: &[u8]| s.get(i..i + word.len()).is_some_and(|w| w.eq_ignore_ascii_case(word));
    let digits = |mut i: usize, hex: bool| {
        while if hex {
            at(i).is_ascii_hexdigit()
        } else {
            at(i).is_ascii_digit()
        } {
            i += 1;
        }
        i
    };
    // A complete exponent after `i` (marked by `mark`), or nothing.
    let exponent = |i: usize, mark: u8| {
        if at(i) | 0x20 != mark {
            return i;
        }
        let mut j = i + 1;
        if matches!(at(j), b'+' | b'-') {
            j += 1;
        }
        let end = digits(j, false);
        if end > j {
            end
        } else {
            i
        }
    };
    let mut i = start;
    if matches!(at(i), b'+' | b'-') {
        i += 1;
    }
    if ci(i, b"inf") {
        let len = if ci(i, b"infinity") { 8 } else { 3 };
        return i + len - start;
    }
    if ci(i, b"nan") {
        let mut end = i + 3;
        if at(end) == b'(' {
            let mut j = end + 1;
            while at(j).is_ascii_alphanumeric() || at(j) == b'_' {
                j += 1;
            }
            if at(j) == b')' {
                end = j + 1;
            }
        }
        return end - start;
    }
    if at(i) == b'0' && at(i + 1) | 0x20 == b'x' {
        let int_end = digits(i + 2, true);
        let mut end = int_end;
        let mut any = int_end > i + 2;
        if at(end) == b'.' {
            let frac_end = digits(end + 1, true);
            any |= frac_end > end + 1;
            end = frac_end;
        }
        if any {
            return exponent(end, b'p') - start;
        }
    }
    let int_end = digits(i, false);
    let mut end = int_end;
    let mut any = int_end > i;
    if at(end) == b'.' {
        let frac_end = digits(end + 1, false);
        any |= frac_end > end + 1;
        end = frac_end;
    }
    if !any {
        return 0;
    }
    exponent(end, b'e') - start
}

impl Parser<'_> {
    fn at(&self, i: usize) -> u8 {
        self.data.get(i).copied().unwrap_or(0)
    }

    fn error(&self, message: &'static str) -> Token {
        Token {
            kind: Kind::Error(message),
            index: self.pos,
        }
    }

    /// json_is_invalid_number: a "number" strict JSON does not allow (a leading `+`,
    /// hexadecimal, leading zeros, inf, nan).
    fn is_invalid_number(&self) -> bool {
        let mut p = self.pos;
        if self.at(p) == b'+' {
            return true;
        }
        if self.at(p) == b'-' {
            p += 1;
        }
        let c = self.at(p);
        if c == b'0' {
            let c2 = self.at(p + 1);
            return c2 | 0x20 == b'x' || c2.is_ascii_digit();
        }
        if c <= b'9' {
            return false;
        }
        let rest = self.data.get(p..).unwrap_or(&[]);
        let ci = |w: &[u8]| rest.get(..3).is_some_and(|r| r.eq_ignore_ascii_case(w));
        ci(b"inf") || ci(b"nan")
    }

    /// json_next_number_token: what `strtod` reads.
    fn number(&mut self) -> Token {
        let len = strtod_len(self.data, self.pos);
        let value = self
            .data
            .get(self.pos..self.pos + len)
            .filter(|t| !t.is_empty())
            .and_then(crate::number::parse);
        match value {
            Some(n) => {
                let index = self.pos;
                self.pos += len;
                Token {
                    kind: Kind::Num(n),
                    index,
                }
            }
            None => self.error("invalid number"),
        }
    }

    /// json_append_unicode_escape: `\uXXXX` (a surrogate pair: two of them) at `pos`,
    /// appended as UTF-8; false when invalid.
    fn unicode_escape(&mut self, out: &mut Vec<u8>) -> bool {
        let hex4 = |p: &Parser, i: usize| -> Option<u32> {
            (0..4).try_fold(0u32, |acc, k| Some(acc * 16 + hex_digit(p.at(i + k))?))
        };
        let Some(mut cp) = hex4(self, self.pos + 2) else {
            return false;
        };
        let mut len = 6;
        if cp & 0xf800 == 0xd800 {
            // A high surrogate, followed by a `\u` low one.
            if cp & 0x400 != 0 || self.at(self.pos + 6) != b'\\' || self.at(self.pos + 7) != b'u' {
                return false;
            }
            let Some(low) = hex4(self, self.pos + 8) else {
                return false;
            };
            if low & 0xfc00 != 0xdc00 {
                return false;
            }
            cp = (((cp & 0x3ff) << 10) | (low & 0x3ff)) + 0x10000;
            len = 12;
        }
        push_utf8(out, cp);
        self.pos += len;
        true
    }

    /// json_next_string_token: the string at `pos` (a `"`), escapes decoded.
    fn string(&mut self) -> Token {
        let index = self.pos;
        self.pos += 1;
        let mut out = Vec::new();
        loop {
            let c = self.at(self.pos);
            match c {
                b'"' => break,
                0 => return self.error("unexpected end of string"),
                b'\\' => {
                    let e = self.at(self.pos + 1);
                    let ch = match e {
                        b'"' | b'\\' | b'/' => e,
                        b'b' => 0x08,
                        b't' => b'\t',
                        b'n' => b'\n',
                        b'f' => 0x0c,
                        b'r' => b'\r',
                        b'u' => {
                            if self.unicode_escape(&mut out) {
                                continue;
                            }
                            return self.error("invalid unicode escape code");
                        }
                        _ => return self.error("invalid escape code"),
                    };
                    out.push(ch);
                    self.pos += 2;
                }
                _ => {
                    // A run of plain bytes at once.
                    let rest = self.data.get(self.pos..).unwrap_or(&[]);
                    let run = rest
                        .iter()
                        .position(|&b| matches!(b, b'"' | b'\\' | 0))
                        .unwrap_or(rest.len());
                    out.extend_from_slice(&rest[..run]);
                    self.pos += run.max(1);
                }
            }
        }
        self.pos += 1;
        Token {
            kind: Kind::Str(out),
            index,
        }
    }

    /// json_next_token.
    fn next_token(&mut self) -> Token {
        self.tokens += 1;
        while matches!(self.at(self.pos), b' ' | b'\t' | b'\n' | b'\r') {
            self.pos += 1;
        }
        let index = self.pos;
        let c = self.at(self.pos);
        let single = match c {
            b'{' => Some(Kind::ObjBegin),
            b'}' => Some(Kind::ObjEnd),
            b'[' => Some(Kind::ArrBegin),
            b']' => Some(Kind::ArrEnd),
            b',' => Some(Kind::Comma),
            b':' => Some(Kind::Colon),
            0 => return Token { kind: Kind::End, index },
            _ => None,
        };
        if let Some(kind) = single {
            self.pos += 1;
            return Token { kind, index };
        }
        let rest = self.data.get(self.pos..).unwrap_or(&[]);
        if c == b'"' {
            self.string()
        } else if c == b'-' || c.is_ascii_digit() {
            if !self.invalid_numbers && self.is_invalid_number() {
                return self.error("invalid number");
            }
            self.number()
        } else if !matches!(c, b'f' | b'i' | b'I' | b'n' | b'N' | b't' | b'+') {
            self.error("invalid token")
        } else if rest.starts_with(b"true") {
            self.pos += 4;
            Token {
                kind: Kind::Bool(true),
                index,
            }
        } else if rest.starts_with(b"false") {
            self.pos += 5;
            Token {
                kind: Kind::Bool(false),
                index,
            }
        } else if rest.starts_with(b"null") {
            self.pos += 4;
            Token {
                kind: Kind::Null,
                index,
            }
        } else if self.invalid_numbers && self.is_invalid_number() {
            self.number()
        } else {
            self.error("invalid token")
        }
    }
}

/// A table being read: an array with its next index, or an object with the key its
/// next value goes under.
enum Reading {
    Array { t: TableRef, next: f64 },
    Object { t: TableRef, key: Value },
}

pub(super) struct Decoder<'a> {
    pub(super) p: Parser<'a>,
    pub(super) depth: i64,
    pub(super) max_depth: i64,
    /// Lua stack slots the C code would hold: the argument, each open array's table,
    /// each open object's table and key.
    pub(super) height: usize,
    pub(super) heap_at_start: usize,
    /// The most bytes the decoded values may add to the heap (MAX_DECODED).
    pub(super) limit: usize,
}

impl Decoder<'_> {
    /// json_decode_descend: one level deeper, if the limit and Lua's C stack allow.
    fn descend(&mut self, slots: usize) -> Result<(), DecodeError> {
        self.depth += 1;
        if self.depth <= self.max_depth && self.height + slots <= MAX_C_STACK {
            return Ok(());
        }
        Err(DecodeError::Message(format!(
            "Found too many nested data structures ({}) at character {}",
            self.depth, self.p.pos
        )))
    }

    fn check_memory(&self, vm: &Vm) -> Result<(), DecodeError> {
        if vm.heap.bytes.saturating_sub(self.heap_at_start) > self.limit {
            return Err(DecodeError::Memory);
        }
        Ok(())
    }

    fn string(&self, vm: &mut Vm, bytes: &[u8]) -> Result<Value, DecodeError> {
        let s = vm.string(bytes);
        self.check_memory(vm)?;
        Ok(s)
    }

    fn table(&self, vm: &mut Vm) -> Result<TableRef, DecodeError> {
        let t = vm.heap.new_table(Table::default());
        self.check_memory(vm)?;
        Ok(t)
    }

    /// An object's key and its colon (`token` is where the key should be).
    fn key(&mut self, vm: &mut Vm, token: Token) -> Result<Value, DecodeError> {
        let Kind::Str(bytes) = &token.kind else {
            return Err(parse_error("object key string", &token));
        };
        let key = self.string(vm, bytes)?;
        let colon = self.p.next_token();
        if !matches!(colon.kind, Kind::Colon) {
            return Err(parse_error("colon", &colon));
        }
        Ok(key)
    }

    /// json_decode's work: json_process_value and the array and object contexts, with
    /// the open tables in a vector.
    pub(super) fn decode(&mut self, vm: &mut Vm, null: &Value) -> Result<Value, DecodeError> {
        let mut open: Vec<Reading> = Vec::new();
        let mut token = self.p.next_token();
        loop {
            // json_process_value
            let mut value = match token.kind {
                Kind::Str(ref bytes) => self.string(vm, bytes)?,
                Kind::Num(n) => Value::Num(n),
                Kind::Bool(b) => Value::Bool(b),
                Kind::Null => null.clone(),
                Kind::ObjBegin => {
                    self.descend(3)?;
                    let t = self.table(vm)?;
                    token = self.p.next_token();
                    if matches!(token.kind, Kind::ObjEnd) {
                        self.depth -= 1;
                        Value::Table(t)
                    } else {
                        let key = self.key(vm, token)?;
                        open.push(Reading::Object { t, key });
                        self.height += 2;
                        token = self.p.next_token();
                        continue;
                    }
                }
                Kind::ArrBegin => {
                    self.descend(2)?;
                    let t = self.table(vm)?;
                    token = self.p.next_token();
                    if matches!(token.kind, Kind::ArrEnd) {
                        self.depth -= 1;
                        Value::Table(t)
                    } else {
                        open.push(Reading::Array { t, next: 1.0 });
                        self.height += 1;
                        continue;
                    }
                }
                _ => return Err(parse_error("value", &token)),
            };
            // The value goes into the innermost open table, which may then close.
            loop {
                match open.last_mut() {
                    None => {
                        let end = self.p.next_token();
                        if !matches!(end.kind, Kind::End) {
                            return Err(parse_error("the end", &end));
                        }
                        return Ok(value);
                    }
                    Some(Reading::Array { t, next }) => {
                        let t = *t;
                        vm.raw_set(t, Value::Num(*next), value);
                        *next += 1.0;
                        self.check_memory(vm)?;
                        token = self.p.next_token();
                        if matches!(token.kind, Kind::ArrEnd) {
                            self.depth -= 1;
                            self.height -= 1;
                            open.pop();
                            value = Value::Table(t);
                            continue;
                        }
                        if !matches!(token.kind, Kind::Comma) {
                            return Err(parse_error("comma or array end", &token));
                        }
                        token = self.p.next_token();
                        break;
                    }
                    Some(Reading::Object { t, key }) => {
                        let t = *t;
                        let k = std::mem::take(key);
                        vm.raw_set(t, k, value);
                        self.check_memory(vm)?;
                        token = self.p.next_token();
                        if matches!(token.kind, Kind::ObjEnd) {
                            self.depth -= 1;
                            self.height -= 2;
                            open.pop();
                            value = Value::Table(t);
                            continue;
                        }
                        if !matches!(token.kind, Kind::Comma) {
                            return Err(parse_error("comma or object end", &token));
                        }
                        let next = self.p.next_token();
                        let k = self.key(vm, next)?;
                        if let Some(Reading::Object { key, .. }) = open.last_mut() {
                            *key = k;
                        }
                        token = self.p.next_token();
                        break;
                    }
                }
            }
        }
    }
}

/// json_decode: `cjson.decode(s)`.
pub(super) fn decode(vm: &mut Vm, args: &[Value], up: &[Value]) -> Result<Ret, Value> {
    if args.len() != 1 {
        return Err(arg_error(vm, 1, "decode", "expected 1 argument"));
    }
    let u = upvals(vm, up)?;
    let cfg = load(vm, u.config);
    let data = check_bytes(vm, args, 1, "decode")?;
    if data.len() >= 2 && (data[0] == 0 || data[1] == 0) {
        return Err(vm.lib_error("JSON parser does not support UTF-16 or UTF-32"));
    }
    let mut d = Decoder {
        p: Parser {
            data: &data,
            pos: 0,
            invalid_numbers: cfg.decode_invalid_numbers != 0,
            tokens: 0,
        },
        depth: 0,
        max_depth: i64::from(cfg.decode_max_depth),
        height: 1,
        heap_at_start: vm.heap.bytes,
        limit: MAX_DECODED,
    };
    let outcome = d.decode(vm, &u.null);
    vm.charge(d.p.tokens + d.p.pos as u64 / 16);
    match outcome {
        Ok(v) => Ok(Ret::Values(vec![v])),
        Err(DecodeError::Message(m)) => Err(vm.lib_error(&m)),
        Err(DecodeError::Memory) => Err(vm.lib_error("not enough memory")),
    }
}
