//! The other packed encodings an RDB file holds: intsets (written and read), and what
//! older Redis versions wrote, read only: ziplists (lists, hashes and sorted sets before
//! Redis 7.0) and zipmaps (hashes before Redis 2.6). Each reader checks the structure as
//! Redis's deep validation does (`ziplistValidateIntegrity`, `zipmapValidateIntegrity`,
//! `intsetValidateIntegrity`).

use super::listpack::Elem;

/// An intset's bytes (`intset.c`): encoding, length, then the members sorted, each in
/// the narrowest width that holds them all. Redis never narrows an intset when its
/// wide members are removed; the engine does not remember that, so it writes the
/// width the members need.
pub fn intset_blob(values: &[i64]) -> Vec<u8> {
    let width: usize = if values.iter().all(|&v| i16::try_from(v).is_ok()) {
        2
    } else if values.iter().all(|&v| i32::try_from(v).is_ok()) {
        4
    } else {
        8
    };
    let mut out = Vec::with_capacity(8 + values.len() * width);
    out.extend_from_slice(&(width as u32).to_le_bytes());
    out.extend_from_slice(&(values.len() as u32).to_le_bytes());
    for &v in values {
        out.extend_from_slice(&v.to_le_bytes()[..width]);
    }
    out
}

/// An intset's members, when its header, size and order are right.
pub fn intset_values(blob: &[u8]) -> Option<Vec<i64>> {
    if blob.len() < 8 {
        return None;
    }
    let width = u32::from_le_bytes([blob[0], blob[1], blob[2], blob[3]]) as usize;
    if !matches!(width, 2 | 4 | 8) {
        return None;
    }
    let count = u32::from_le_bytes([blob[4], blob[5], blob[6], blob[7]]) as usize;
    if count == 0 || count.checked_mul(width)?.checked_add(8)? != blob.len() {
        return None;
    }
    let mut out: Vec<i64> = Vec::with_capacity(count);
    for chunk in blob[8..].chunks_exact(width) {
        let v = match width {
            2 => i64::from(i16::from_le_bytes([chunk[0], chunk[1]])),
            4 => i64::from(i32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]])),
            _ => i64::from_le_bytes([
                chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7],
            ]),
        };
        if out.last().is_some_and(|&prev| v <= prev) {
            return None;
        }
        out.push(v);
    }
    Some(out)
}

/// A ziplist's elements (`ziplist.c`), every entry checked: headers inside the buffer,
/// each entry's record of the previous one's size, the tail offset and the count.
pub fn ziplist_entries(zl: &[u8]) -> Option<Vec<Elem<'_>>> {
    const HEADER: usize = 10;
    let size = zl.len();
    if size < HEADER + 1 {
        return None;
    }
    if u32::from_le_bytes([zl[0], zl[1], zl[2], zl[3]]) as usize != size || zl[size - 1] != 0xFF {
        return None;
    }
    let tail = u32::from_le_bytes([zl[4], zl[5], zl[6], zl[7]]) as usize;
    if tail > size - 1 {
        return None;
    }
    let header_count = u16::from_le_bytes([zl[8], zl[9]]);
    let last = size - 1; // the end byte
    let mut out = Vec::new();
    let mut p = HEADER;
    let mut prev: Option<usize> = None;
    let mut prev_size = 0usize;
    while zl[p] != 0xFF {
        // Previous entry's length: one byte, or 0xFE and four bytes.
        let (prevlen, prevlen_size) = if zl[p] < 0xFE {
            (usize::from(zl[p]), 1)
        } else {
            if p + 5 > last {
                return None;
            }
            (
                u32::from_le_bytes([zl[p + 1], zl[p + 2], zl[p + 3], zl[p + 4]]) as usize,
                5,
            )
        };
        let e = p + prevlen_size;
        if e > last {
            return None;
        }
        let enc = zl[e];
        let (len_size, data_len): (usize, usize) = match enc >> 6 {
            0 => (1, usize::from(enc & 0x3F)),
            1 => {
                if e + 1 > last {
                    return None;
                }
                (2, (usize::from(enc & 0x3F) << 8) | usize::from(zl[e + 1]))
            }
            2 => {
                if enc != 0x80 || e + 4 > last {
                    return None;
                }
                (
                    5,
                    u32::from_be_bytes([zl[e + 1], zl[e + 2], zl[e + 3], zl[e + 4]]) as usize,
                )
            }
            _ => match enc {
                0xC0 => (1, 2),
                0xD0 => (1, 4),
                0xE0 => (1, 8),
                0xF0 => (1, 3),
                0xFE => (1, 1),
                0xF1..=0xFD => (1, 0),
                _ => return None,
            },
        };
        let header = prevlen_size + len_size;
        let end = p.checked_add(header)?.checked_add(data_len)?;
        if end > last || prevlen != prev_size || prevlen > p - HEADER {
            return None;
        }
        let d = &zl[p + header..end];
        let elem = match enc {
            0xC0 => Elem::Int(i64::from(i16::from_le_bytes([d[0], d[1]]))),
            0xD0 => Elem::Int(i64::from(i32::from_le_bytes([d[0], d[1], d[2], d[3]]))),
            0xE0 => Elem::Int(i64::from_le_bytes([d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]])),
            0xF0 => Elem::Int(i64::from(i32::from_le_bytes([0, d[0], d[1], d[2]]) >> 8)),
            0xFE => Elem::Int(i64::from(d[0] as i8)),
            0xF1..=0xFD => Elem::Int(i64::from(enc & 0x0F) - 1),
            _ => Elem::Str(d),
        };
        out.push(elem);
        prev_size = end - p;
        prev = Some(p);
        p = end;
    }
    if p != last {
        return None;
    }
    if prev.is_some_and(|q| q != tail) {
        return None;
    }
    if header_count != u16::MAX && usize::from(header_count) != out.len() {
        return None;
    }
    Some(out)
}

/// A zipmap's field-value pairs (`zipmap.c`); None when damaged or empty.
pub fn zipmap_pairs(zm: &[u8]) -> Option<Vec<(&[u8], &[u8])>> {
    let size = zm.len();
    if size < 2 || zm[size - 1] != 0xFF {
        return None;
    }
    let last = size - 1;
    let length = |p: usize| -> Option<(usize, usize)> {
        if zm[p] < 254 {
            Some((usize::from(zm[p]), 1))
        } else {
            if p + 4 > last {
                return None;
            }
            Some((
                u32::from_le_bytes([zm[p + 1], zm[p + 2], zm[p + 3], zm[p + 4]]) as usize,
                5,
            ))
        }
    };
    let mut out = Vec::new();
    let mut p = 1;
    while zm[p] != 0xFF {
        let (flen, s) = length(p)?;
        let field_start = p + s;
        let field_end = field_start.checked_add(flen)?;
        if field_end > last {
            return None;
        }
        let (vlen, s) = length(field_end)?;
        let free_at = field_end + s;
        if free_at > last {
            return None;
        }
        let free = usize::from(zm[free_at]);
        let value_start = free_at + 1;
        let value_end = value_start.checked_add(vlen)?;
        let next = value_end.checked_add(free)?;
        if next > last {
            return None;
        }
        out.push((&zm[field_start..field_end], &zm[value_start..value_end]));
        p = next;
    }
    if out.is_empty() || (zm[0] != 254 && usize::from(zm[0]) != out.len()) {
        return None;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intsets_round_trip_in_the_narrowest_width() {
        let blob = intset_blob(&[1, 2, 300]);
        assert_eq!(blob, [2, 0, 0, 0, 3, 0, 0, 0, 1, 0, 2, 0, 44, 1]);
        assert_eq!(intset_values(&blob).unwrap(), vec![1, 2, 300]);
        let wide = intset_blob(&[-1, 1 << 40]);
        assert_eq!(wide[0], 8);
        assert_eq!(intset_values(&wide).unwrap(), vec![-1, 1 << 40]);
        assert!(intset_values(&intset_blob(&[])).is_none(), "an empty intset is damage");
        assert!(
            intset_values(&[2, 0, 0, 0, 2, 0, 0, 0, 5, 0, 5, 0]).is_none(),
            "duplicates"
        );
    }

    #[test]
    fn a_redis_6_ziplist_reads() {
        // RPUSH l a 1 -2 300 in Redis 6: a string, an immediate, an int8, an int16.
        let zl = [
            23, 0, 0, 0, 18, 0, 0, 0, 4, 0, 0x00, 0x01, b'a', 0x03, 0xF2, 0x02, 0xFE, 0xFE, 0x03, 0xC0, 0x2C, 0x01,
            0xFF,
        ];
        assert_eq!(
            ziplist_entries(&zl).unwrap(),
            vec![Elem::Str(b"a"), Elem::Int(1), Elem::Int(-2), Elem::Int(300)]
        );
        for i in 0..zl.len() {
            assert!(ziplist_entries(&zl[..i]).is_none());
        }
    }

    #[test]
    fn zipmaps_read() {
        // {"foo" => "bar"} with one free byte, as Redis 2.4 left it.
        let zm = [1, 3, b'f', b'o', b'o', 3, 1, b'b', b'a', b'r', b'!', 0xff];
        assert_eq!(zipmap_pairs(&zm).unwrap(), vec![(&b"foo"[..], &b"bar"[..])]);
        assert!(zipmap_pairs(&zm[..6]).is_none());
        assert!(zipmap_pairs(&[0, 0xff]).is_none());
    }
}
