//! The RDB stream's primitives, both ways: the value types, lengths, strings (integer
//! encodings, LZF), times and doubles, as `rdbSaveLen`/`rdbLoadLen` and their kin
//! write and read them.

use super::lzf::{self, Lzf};
use super::SaveOptions;
use crate::small_bytes::StrBytes;

pub const TYPE_STRING: u8 = 0;
pub const TYPE_LIST: u8 = 1;
pub const TYPE_SET: u8 = 2;
pub const TYPE_ZSET: u8 = 3;
pub const TYPE_HASH: u8 = 4;
pub const TYPE_ZSET_2: u8 = 5;
pub const TYPE_MODULE: u8 = 6;
pub const TYPE_MODULE_2: u8 = 7;
pub const TYPE_HASH_ZIPMAP: u8 = 9;
pub const TYPE_LIST_ZIPLIST: u8 = 10;
pub const TYPE_SET_INTSET: u8 = 11;
pub const TYPE_ZSET_ZIPLIST: u8 = 12;
pub const TYPE_HASH_ZIPLIST: u8 = 13;
pub const TYPE_LIST_QUICKLIST: u8 = 14;
pub const TYPE_STREAM_LISTPACKS: u8 = 15;
pub const TYPE_HASH_LISTPACK: u8 = 16;
pub const TYPE_ZSET_LISTPACK: u8 = 17;
pub const TYPE_LIST_QUICKLIST_2: u8 = 18;
pub const TYPE_STREAM_LISTPACKS_2: u8 = 19;

/// `QUICKLIST_NODE_CONTAINER_PLAIN` / `_PACKED`.
pub const CONTAINER_PLAIN: u64 = 1;
pub const CONTAINER_PACKED: u64 = 2;

/// An RDB stream being written.
pub struct Out {
    pub buf: Vec<u8>,
    /// LZF's hash table, made at the first string worth compressing (it is 512 KB to
    /// zero: a DUMP of a short value must not pay for it).
    pub lzf: Option<Lzf>,
    pub options: SaveOptions,
}

impl Out {
    pub fn new(options: &SaveOptions) -> Out {
        Out {
            buf: Vec::new(),
            lzf: None,
            options: options.clone(),
        }
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.buf
    }

    pub fn byte(&mut self, b: u8) {
        self.buf.push(b);
    }

    /// `rdbSaveLen`.
    pub fn len(&mut self, len: u64) {
        if len < 1 << 6 {
            self.buf.push(len as u8);
        } else if len < 1 << 14 {
            self.buf.extend_from_slice(&[((len >> 8) as u8) | 0x40, len as u8]);
        } else if len <= u64::from(u32::MAX) {
            self.buf.push(0x80);
            self.buf.extend_from_slice(&(len as u32).to_be_bytes());
        } else {
            self.buf.push(0x81);
            self.buf.extend_from_slice(&len.to_be_bytes());
        }
    }

    /// `rdbSaveMillisecondTime`.
    pub fn millis(&mut self, t: i64) {
        self.buf.extend_from_slice(&t.to_le_bytes());
    }

    /// `rdbEncodeInteger`: true when the value fits 8, 16 or 32 bits and was written.
    pub fn encoded_int(&mut self, v: i64) -> bool {
        if let Ok(v) = i8::try_from(v) {
            self.buf.extend_from_slice(&[0xC0, v as u8]);
        } else if let Ok(v) = i16::try_from(v) {
            self.buf.push(0xC1);
            self.buf.extend_from_slice(&v.to_le_bytes());
        } else if let Ok(v) = i32::try_from(v) {
            self.buf.push(0xC2);
            self.buf.extend_from_slice(&v.to_le_bytes());
        } else {
            return false;
        }
        true
    }

    /// `rdbSaveLzfBlob`.
    pub fn lzf_blob(&mut self, compressed: &[u8], original_len: usize) {
        self.buf.push(0xC3);
        self.len(compressed.len() as u64);
        self.len(original_len as u64);
        self.buf.extend_from_slice(compressed);
    }

    /// `rdbSaveRawString`: an integer when short text reads as one, LZF when
    /// compression is on, the text is over 20 bytes and it saves 4 bytes, else verbatim.
    pub fn string(&mut self, s: &[u8]) {
        if s.len() <= 11 {
            if let Some(v) = crate::num::parse_i64(s) {
                if self.encoded_int(v) {
                    return;
                }
            }
        }
        if self.options.compression && s.len() > 20 {
            if let Some(packed) = self.lzf.get_or_insert_with(Lzf::new).compress(s, s.len() - 4) {
                self.lzf_blob(&packed, s.len());
                return;
            }
        }
        self.len(s.len() as u64);
        self.buf.extend_from_slice(s);
    }

    /// `rdbSaveLongLongAsStringObject`.
    pub fn int_string(&mut self, v: i64) {
        if !self.encoded_int(v) {
            let text = crate::num::int_bytes(v);
            self.len(text.len() as u64);
            self.buf.extend_from_slice(&text);
        }
    }
}

/// `rdbReportReadError("Unexpected EOF reading RDB file")`.
pub const EOF: &str = "Unexpected EOF reading RDB file";

/// Why a value was not loaded.
#[derive(Debug)]
pub enum Fail {
    /// An empty collection (`RDB_LOAD_ERR_EMPTY_KEY`): skipped, not an error, in a file.
    Empty,
    /// Damage, in Redis's words.
    Bad(String),
}

pub type Res<T> = Result<T, Fail>;

pub fn bad<T>(message: impl Into<String>) -> Res<T> {
    Err(Fail::Bad(message.into()))
}

/// A string as the RDB holds it: bytes in the input, an integer, or LZF unpacked.
enum RdbString<'a> {
    Plain(&'a [u8]),
    Int(i64),
    Unpacked(Vec<u8>),
}

/// A cursor over the bytes being read.
pub struct In<'a> {
    pub buf: &'a [u8],
    pub pos: usize,
}

impl<'a> In<'a> {
    pub fn new(buf: &'a [u8]) -> In<'a> {
        In { buf, pos: 0 }
    }

    pub fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }

    pub fn take(&mut self, n: usize) -> Res<&'a [u8]> {
        if n > self.remaining() {
            return bad(EOF);
        }
        let out = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(out)
    }

    pub fn byte(&mut self) -> Res<u8> {
        Ok(self.take(1)?[0])
    }

    /// `rdbLoadLenByRef`: the length, and whether it is a special encoding instead.
    pub fn len_enc(&mut self) -> Res<(u64, bool)> {
        let b = self.byte()?;
        match b >> 6 {
            3 => Ok((u64::from(b & 0x3F), true)),
            0 => Ok((u64::from(b & 0x3F), false)),
            1 => Ok(((u64::from(b & 0x3F) << 8) | u64::from(self.byte()?), false)),
            _ if b == 0x80 => {
                let t = self.take(4)?;
                Ok((u64::from(u32::from_be_bytes([t[0], t[1], t[2], t[3]])), false))
            }
            _ if b == 0x81 => {
                let t = self.take(8)?;
                Ok((
                    u64::from_be_bytes([t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7]]),
                    false,
                ))
            }
            t => bad(format!("Unknown length encoding {t} in rdbLoadLen()")),
        }
    }

    /// `rdbLoadLen` (an encoding byte reads as its number).
    pub fn len(&mut self) -> Res<u64> {
        Ok(self.len_enc()?.0)
    }

    /// A length that counts things still to be read, at least one byte each: a larger
    /// one can only be damage (Redis would fail reading them, or allocating them).
    pub fn count(&mut self) -> Res<usize> {
        let n = self.len()?;
        if n > self.remaining() as u64 {
            return bad(EOF);
        }
        Ok(n as usize)
    }

    /// `rdbLoadMillisecondTime`.
    pub fn millis(&mut self) -> Res<i64> {
        let t = self.take(8)?;
        Ok(i64::from_le_bytes([t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7]]))
    }

    /// `rdbGenericLoadStringObject`: integers as their text, LZF decompressed.
    pub fn string(&mut self) -> Res<Vec<u8>> {
        Ok(match self.string_parts()? {
            RdbString::Plain(bytes) => bytes.to_vec(),
            RdbString::Int(v) => crate::num::int_bytes(v),
            RdbString::Unpacked(bytes) => bytes,
        })
    }

    /// `string` for a string value: a short one is copied from the input straight into
    /// its inline bytes, with no Vec made and freed in between (an RDB of a million
    /// short strings loads a million allocations faster).
    pub fn str_bytes(&mut self) -> Res<StrBytes> {
        Ok(match self.string_parts()? {
            RdbString::Plain(bytes) => StrBytes::from_slice(bytes),
            RdbString::Int(v) => StrBytes::from_slice(crate::num::int_text(v, &mut [0; 20])),
            RdbString::Unpacked(bytes) => bytes.into(),
        })
    }

    fn string_parts(&mut self) -> Res<RdbString<'a>> {
        let (len, encoded) = self.len_enc()?;
        if !encoded {
            if len > self.remaining() as u64 {
                return bad(EOF);
            }
            return Ok(RdbString::Plain(self.take(len as usize)?));
        }
        let v = match len {
            0 => i64::from(self.byte()? as i8),
            1 => {
                let t = self.take(2)?;
                i64::from(i16::from_le_bytes([t[0], t[1]]))
            }
            2 => {
                let t = self.take(4)?;
                i64::from(i32::from_le_bytes([t[0], t[1], t[2], t[3]]))
            }
            3 => {
                let clen = self.len()?;
                let ulen = self.len()?;
                if clen > self.remaining() as u64 {
                    return bad(EOF);
                }
                let packed = self.take(clen as usize)?;
                // A back-reference of 3 bytes gives at most 264: anything longer is damage.
                if ulen > clen.saturating_mul(88) {
                    return bad("Invalid LZF compressed string");
                }
                if ulen == 0 {
                    return Ok(RdbString::Unpacked(Vec::new()));
                }
                return lzf::decompress(packed, ulen as usize)
                    .map_or_else(|| bad("Invalid LZF compressed string"), |b| Ok(RdbString::Unpacked(b)));
            }
            other => return bad(format!("Unknown RDB string encoding type {other}")),
        };
        Ok(RdbString::Int(v))
    }

    /// `rdbLoadBinaryDoubleValue`.
    pub fn binary_double(&mut self) -> Res<f64> {
        let t = self.take(8)?;
        Ok(f64::from_le_bytes([t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7]]))
    }

    /// `rdbLoadDoubleValue`: a length byte (253 NaN, 254 +inf, 255 -inf), then text.
    pub fn text_double(&mut self) -> Res<f64> {
        match self.byte()? {
            255 => Ok(f64::NEG_INFINITY),
            254 => Ok(f64::INFINITY),
            253 => Ok(f64::NAN),
            n => {
                let text = self.take(usize::from(n))?;
                strtod(text).map_or_else(|| bad(EOF), Ok)
            }
        }
    }
}

/// `strtod` over a score's text (leading spaces skipped, trailing bytes ignored).
pub fn strtod(text: &[u8]) -> Option<f64> {
    let text = std::str::from_utf8(text).ok()?.trim_start();
    (1..=text.len())
        .rev()
        .filter(|&end| text.is_char_boundary(end))
        .find_map(|end| crate::num::parse_float_loose(text[..end].as_bytes()))
}
