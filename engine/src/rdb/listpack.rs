//! Listpacks (listpack.c) as Redis lays them out: a writer producing Redis's own bytes
//! (elements that read as integers stored as integers, `lpStringToInt64`) and a reader
//! that checks every entry as `lpValidateIntegrity` does in its deep mode.

use crate::num::parse_i64;

/// Header (total bytes, element count) size.
const HDR: usize = 6;
const EOF: u8 = 0xFF;
/// `LP_HDR_NUMELE_UNKNOWN`: the count no longer fits the header.
const NUMELE_UNKNOWN: usize = 65535;

/// One element as read back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Elem<'a> {
    Int(i64),
    Str(&'a [u8]),
}

impl Elem<'_> {
    /// The element's bytes (an integer as its decimal text).
    pub fn to_vec(self) -> Vec<u8> {
        match self {
            Elem::Int(v) => crate::num::int_bytes(v),
            Elem::Str(s) => s.to_vec(),
        }
    }

    /// `lpGetIntegerIfValid`: an integer, or a string that reads as one.
    pub fn as_int(self) -> Option<i64> {
        match self {
            Elem::Int(v) => Some(v),
            Elem::Str(s) => parse_i64(s),
        }
    }
}

/// `lpEncodeBacklen`'s size for an entry of `l` bytes.
fn backlen_size(l: usize) -> usize {
    match l {
        0..=127 => 1,
        128..=16382 => 2,
        16383..=2097150 => 3,
        2097151..=268435454 => 4,
        _ => 5,
    }
}

fn push_backlen(out: &mut Vec<u8>, l: usize) {
    let l = l as u64;
    match backlen_size(l as usize) {
        1 => out.push(l as u8),
        2 => out.extend_from_slice(&[(l >> 7) as u8, ((l & 127) | 128) as u8]),
        3 => out.extend_from_slice(&[(l >> 14) as u8, (((l >> 7) & 127) | 128) as u8, ((l & 127) | 128) as u8]),
        4 => out.extend_from_slice(&[
            (l >> 21) as u8,
            (((l >> 14) & 127) | 128) as u8,
            (((l >> 7) & 127) | 128) as u8,
            ((l & 127) | 128) as u8,
        ]),
        _ => out.extend_from_slice(&[
            (l >> 28) as u8,
            (((l >> 21) & 127) | 128) as u8,
            (((l >> 14) & 127) | 128) as u8,
            (((l >> 7) & 127) | 128) as u8,
            ((l & 127) | 128) as u8,
        ]),
    }
}

/// Builds a listpack element by element (`lpAppend`, `lpAppendInteger`).
pub struct Writer {
    buf: Vec<u8>,
    count: usize,
}

impl Default for Writer {
    fn default() -> Self {
        Writer::new()
    }
}

impl Writer {
    pub fn new() -> Writer {
        let mut buf = Vec::with_capacity(64);
        buf.extend_from_slice(&[0; HDR]);
        Writer { buf, count: 0 }
    }

    /// Bytes so far, with the end byte to come (`lpBytes` once finished).
    pub fn bytes(&self) -> usize {
        self.buf.len() + 1
    }

    pub fn len(&self) -> usize {
        self.count
    }

    /// `lpAppend`: as an integer when the text is one (`lpStringToInt64`).
    pub fn push(&mut self, s: &[u8]) {
        match parse_i64(s) {
            Some(v) => self.push_int(v),
            None => self.push_str(s),
        }
    }

    /// A string element, never converted.
    pub fn push_str(&mut self, s: &[u8]) {
        let start = self.buf.len();
        let len = s.len();
        if len < 64 {
            self.buf.push(0x80 | len as u8);
        } else if len < 4096 {
            self.buf.extend_from_slice(&[0xE0 | (len >> 8) as u8, len as u8]);
        } else {
            self.buf.push(0xF0);
            self.buf.extend_from_slice(&(len as u32).to_le_bytes());
        }
        self.buf.extend_from_slice(s);
        let entry = self.buf.len() - start;
        push_backlen(&mut self.buf, entry);
        self.count += 1;
    }

    /// `lpAppendInteger` (`lpEncodeIntegerGetType`).
    pub fn push_int(&mut self, v: i64) {
        let start = self.buf.len();
        if (0..=127).contains(&v) {
            self.buf.push(v as u8);
        } else if (-4096..=4095).contains(&v) {
            let u = if v < 0 { (1 << 13) + v } else { v } as u64;
            self.buf.extend_from_slice(&[((u >> 8) as u8) | 0xC0, u as u8]);
        } else if (-32768..=32767).contains(&v) {
            self.buf.push(0xF1);
            self.buf.extend_from_slice(&(v as i16).to_le_bytes());
        } else if (-8_388_608..=8_388_607).contains(&v) {
            self.buf.push(0xF2);
            self.buf.extend_from_slice(&(v as i32).to_le_bytes()[..3]);
        } else if (-2_147_483_648..=2_147_483_647).contains(&v) {
            self.buf.push(0xF3);
            self.buf.extend_from_slice(&(v as i32).to_le_bytes());
        } else {
            self.buf.push(0xF4);
            self.buf.extend_from_slice(&v.to_le_bytes());
        }
        let entry = self.buf.len() - start;
        push_backlen(&mut self.buf, entry);
        self.count += 1;
    }

    pub fn finish(mut self) -> Vec<u8> {
        self.buf.push(EOF);
        let total = self.buf.len() as u32;
        self.buf[..4].copy_from_slice(&total.to_le_bytes());
        let n = self.count.min(NUMELE_UNKNOWN) as u16;
        self.buf[4..6].copy_from_slice(&n.to_le_bytes());
        self.buf
    }
}

/// One entry at `p` (which must not be the end byte): the element and the offset of
/// the next entry, checked as `lpValidateNext` does.
fn entry(lp: &[u8], p: usize) -> Option<(Elem<'_>, usize)> {
    let last = lp.len() - 1; // the end byte
    let b = lp[p];
    let (header, data_len): (usize, usize) = match b {
        0x00..=0x7F => (1, 0),
        0x80..=0xBF => (1, usize::from(b & 0x3F)),
        0xC0..=0xDF => (2, 0),
        0xE0..=0xEF => {
            if p + 1 > last {
                return None;
            }
            (2, (usize::from(b & 0x0F) << 8) | usize::from(lp[p + 1]))
        }
        0xF0 => {
            if p + 5 > last {
                return None;
            }
            let n = u32::from_le_bytes([lp[p + 1], lp[p + 2], lp[p + 3], lp[p + 4]]);
            (5, n as usize)
        }
        0xF1 => (3, 0),
        0xF2 => (4, 0),
        0xF3 => (5, 0),
        0xF4 => (9, 0),
        _ => return None,
    };
    let encoded = header.checked_add(data_len)?;
    let backlen = backlen_size(encoded);
    let total = encoded + backlen;
    // The entry must end before the end byte.
    if p.checked_add(total)? > last {
        return None;
    }
    // The back-length at the end must describe the entry.
    let mut val: u64 = 0;
    let mut shift = 0;
    let mut q = p + total - 1;
    loop {
        val |= u64::from(lp[q] & 127) << shift;
        if lp[q] & 128 == 0 {
            break;
        }
        shift += 7;
        if shift > 28 || q == 0 {
            return None;
        }
        q -= 1;
    }
    if val as usize + backlen != total {
        return None;
    }
    let int = |bytes: &[u8], bits: u32| -> i64 {
        let mut u: u64 = 0;
        for (i, &x) in bytes.iter().enumerate() {
            u |= u64::from(x) << (8 * i);
        }
        // Sign-extend from `bits`.
        ((u << (64 - bits)) as i64) >> (64 - bits)
    };
    let elem = match b {
        0x00..=0x7F => Elem::Int(i64::from(b)),
        0x80..=0xBF => Elem::Str(&lp[p + 1..p + 1 + data_len]),
        0xC0..=0xDF => {
            let u = (u64::from(b & 0x1F) << 8) | u64::from(lp[p + 1]);
            Elem::Int(((u << 51) as i64) >> 51)
        }
        0xE0..=0xEF => Elem::Str(&lp[p + 2..p + 2 + data_len]),
        0xF0 => Elem::Str(&lp[p + 5..p + 5 + data_len]),
        0xF1 => Elem::Int(int(&lp[p + 1..p + 3], 16)),
        0xF2 => Elem::Int(int(&lp[p + 1..p + 4], 24)),
        0xF3 => Elem::Int(int(&lp[p + 1..p + 5], 32)),
        _ => Elem::Int(int(&lp[p + 1..p + 9], 64)),
    };
    Some((elem, p + total))
}

/// The header checks alone (`lpValidateIntegrity` shallow): size, total, end byte.
pub fn header_ok(lp: &[u8]) -> bool {
    lp.len() > HDR && u32::from_le_bytes([lp[0], lp[1], lp[2], lp[3]]) as usize == lp.len() && lp[lp.len() - 1] == EOF
}

/// Every element of a listpack, validated deeply; None when it is damaged.
pub fn parse(lp: &[u8]) -> Option<Vec<Elem<'_>>> {
    if !header_ok(lp) {
        return None;
    }
    let numele = usize::from(u16::from_le_bytes([lp[4], lp[5]]));
    let mut out = Vec::with_capacity(numele.min(lp.len() / 2));
    let mut p = HDR;
    while lp[p] != EOF {
        let (elem, next) = entry(lp, p)?;
        out.push(elem);
        p = next;
    }
    if p != lp.len() - 1 {
        return None;
    }
    if numele != NUMELE_UNKNOWN && numele != out.len() {
        return None;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_redis_layout_and_reads_it_back() {
        // RPUSH l a b c 1 2 in Redis 7.0.15: one quicklist node holding this listpack.
        let mut w = Writer::new();
        for e in [&b"a"[..], b"b", b"c", b"1", b"2"] {
            w.push(e);
        }
        let lp = w.finish();
        assert_eq!(
            lp,
            [0x14, 0, 0, 0, 5, 0, 0x81, 0x61, 2, 0x81, 0x62, 2, 0x81, 0x63, 2, 1, 1, 2, 1, 0xff]
        );
        assert_eq!(
            parse(&lp).unwrap(),
            vec![
                Elem::Str(b"a"),
                Elem::Str(b"b"),
                Elem::Str(b"c"),
                Elem::Int(1),
                Elem::Int(2)
            ]
        );
    }

    #[test]
    fn every_integer_width_round_trips() {
        let values = [
            0,
            127,
            128,
            -1,
            -4096,
            4095,
            4096,
            -32768,
            32767,
            -8_388_608,
            8_388_607,
            i32::MIN as i64,
            i32::MAX as i64,
            i64::MIN,
            i64::MAX,
        ];
        let mut w = Writer::new();
        for v in values {
            w.push_int(v);
        }
        let long = vec![b'x'; 5000];
        let mid = vec![b'y'; 100];
        w.push_str(&long);
        w.push_str(&mid);
        let lp = w.finish();
        let back = parse(&lp).unwrap();
        for (v, e) in values.iter().zip(&back) {
            assert_eq!(*e, Elem::Int(*v));
        }
        assert_eq!(back[values.len()], Elem::Str(&long));
        assert_eq!(back[values.len() + 1], Elem::Str(&mid));
    }

    #[test]
    fn damage_is_refused() {
        let mut w = Writer::new();
        w.push(b"hello");
        w.push(b"12345");
        let lp = w.finish();
        for i in 0..lp.len() {
            for flip in [1u8, 0x80, 0xff] {
                let mut bad = lp.clone();
                bad[i] ^= flip;
                let _ = parse(&bad); // never panics
            }
            assert!(parse(&lp[..i]).is_none());
        }
    }
}
