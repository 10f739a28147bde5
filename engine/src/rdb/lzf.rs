//! LZF, byte for byte as Redis's lzf_c.c (HLOG 16, VERY_FAST, not ULTRA_FAST) and
//! lzf_d.c: RDB strings longer than 20 bytes are stored compressed when that saves at
//! least 4 bytes, and compressed quicklist nodes are stored as they are.
//!
//! Redis's hash table is not cleared between calls (INIT_HTAB 0): a slot left by an
//! earlier call can only ever offer a match inside the current input, which a fresh
//! table would not have offered. This one starts empty every time (a generation number
//! marks the slots of earlier calls), so its output is the reproducible one.

const HLOG: u32 = 16;
const HSIZE: usize = 1 << HLOG;
const MAX_LIT: usize = 1 << 5;
const MAX_OFF: usize = 1 << 13;
const MAX_REF: usize = (1 << 8) + (1 << 3);

/// A compressor whose hash table is kept between calls (saving a keyspace compresses
/// many strings: clearing 64K slots for each would dominate).
pub struct Lzf {
    /// Generation in the high half, position + 1 in the low half.
    table: Vec<u64>,
    generation: u64,
}

impl Default for Lzf {
    fn default() -> Self {
        Lzf::new()
    }
}

fn first(input: &[u8], ip: usize) -> u32 {
    (u32::from(input[ip]) << 8) | u32::from(input[ip + 1])
}

fn next(v: u32, input: &[u8], ip: usize) -> u32 {
    (v << 8) | u32::from(input[ip + 2])
}

fn idx(h: u32) -> usize {
    ((h >> (3 * 8 - HLOG)).wrapping_sub(h.wrapping_mul(5)) as usize) & (HSIZE - 1)
}

impl Lzf {
    pub fn new() -> Lzf {
        Lzf {
            table: vec![0; HSIZE],
            generation: 0,
        }
    }

    fn get(&self, slot: usize) -> Option<usize> {
        let v = self.table[slot];
        if v >> 32 == self.generation && v & 0xffff_ffff != 0 {
            Some((v & 0xffff_ffff) as usize - 1)
        } else {
            None
        }
    }

    fn set(&mut self, slot: usize, pos: usize) {
        self.table[slot] = (self.generation << 32) | (pos as u64 + 1);
    }

    /// `lzf_compress(input, out_len)`: the compressed bytes, or None when they would
    /// not fit in `out_len` bytes (or the input is empty). Inputs over 4 GB are not
    /// compressed.
    pub fn compress(&mut self, input: &[u8], out_len: usize) -> Option<Vec<u8>> {
        let in_len = input.len();
        if in_len == 0 || out_len == 0 || in_len >= u32::MAX as usize {
            return None;
        }
        self.generation += 1;
        if self.generation >= 1 << 32 {
            self.table.iter_mut().for_each(|s| *s = 0);
            self.generation = 1;
        }
        // Slack past `out_len` so the stores Redis makes before its checks stay in bounds.
        let mut out = vec![0u8; out_len + 8];
        let mut op = 1usize; // start run
        let mut lit = 0usize;
        let mut ip = 0usize;
        let mut hval = if in_len >= 2 { first(input, 0) } else { 0 };
        while in_len >= 3 && ip < in_len - 2 {
            hval = next(hval, input, ip);
            let slot = idx(hval);
            let reference = self.get(slot);
            self.set(slot, ip);
            let found = reference.filter(|&r| {
                r < ip
                    && ip - r - 1 < MAX_OFF
                    && r > 0
                    && input[r + 2] == input[ip + 2]
                    && input[r] == input[ip]
                    && input[r + 1] == input[ip + 1]
            });
            if let Some(r) = found {
                let off = ip - r - 1;
                let mut len = 2usize;
                let maxlen = (in_len - ip - len).min(MAX_REF);
                if op + 3 + 1 >= out_len && op - usize::from(lit == 0) + 3 + 1 >= out_len {
                    return None;
                }
                out[op - lit - 1] = (lit as u8).wrapping_sub(1); // stop run
                op -= usize::from(lit == 0); // undo run if length is zero
                'scan: {
                    if maxlen > 16 {
                        for _ in 0..16 {
                            len += 1;
                            if input[r + len] != input[ip + len] {
                                break 'scan;
                            }
                        }
                    }
                    loop {
                        len += 1;
                        if !(len < maxlen && input[r + len] == input[ip + len]) {
                            break;
                        }
                    }
                }
                len -= 2; // len is now #octets - 1
                ip += 1;
                if len < 7 {
                    out[op] = ((off >> 8) + (len << 5)) as u8;
                    op += 1;
                } else {
                    out[op] = ((off >> 8) + (7 << 5)) as u8;
                    out[op + 1] = (len - 7) as u8;
                    op += 2;
                }
                out[op] = off as u8;
                op += 1;
                lit = 0;
                op += 1; // start run
                ip += len + 1;
                if ip >= in_len - 2 {
                    break;
                }
                ip -= 2;
                hval = first(input, ip);
                hval = next(hval, input, ip);
                self.set(idx(hval), ip);
                ip += 1;
                hval = next(hval, input, ip);
                self.set(idx(hval), ip);
                ip += 1;
            } else {
                if op >= out_len {
                    return None;
                }
                lit += 1;
                out[op] = input[ip];
                op += 1;
                ip += 1;
                if lit == MAX_LIT {
                    out[op - lit - 1] = (lit - 1) as u8;
                    lit = 0;
                    op += 1;
                }
            }
        }
        if op + 3 > out_len {
            return None;
        }
        while ip < in_len {
            lit += 1;
            out[op] = input[ip];
            op += 1;
            ip += 1;
            if lit == MAX_LIT {
                out[op - lit - 1] = (lit - 1) as u8;
                lit = 0;
                op += 1;
            }
        }
        out[op - lit - 1] = (lit as u8).wrapping_sub(1); // end run
        op -= usize::from(lit == 0);
        out.truncate(op);
        Some(out)
    }
}

/// `lzf_decompress`: the output when it is exactly `out_len` bytes, else None (bad
/// back-references, overruns, or a different length: Redis's "Invalid LZF compressed
/// string").
pub fn decompress(input: &[u8], out_len: usize) -> Option<Vec<u8>> {
    let mut out: Vec<u8> = Vec::with_capacity(out_len);
    let mut ip = 0usize;
    while ip < input.len() {
        let ctrl = usize::from(input[ip]);
        ip += 1;
        if ctrl < 32 {
            let run = ctrl + 1;
            if out.len() + run > out_len || ip + run > input.len() {
                return None;
            }
            out.extend_from_slice(&input[ip..ip + run]);
            ip += run;
        } else {
            let mut len = ctrl >> 5;
            let back = (ctrl & 0x1f) << 8;
            if ip >= input.len() {
                return None;
            }
            if len == 7 {
                len += usize::from(input[ip]);
                ip += 1;
                if ip >= input.len() {
                    return None;
                }
            }
            let back = back + 1 + usize::from(input[ip]);
            ip += 1;
            if out.len() + len + 2 > out_len || back > out.len() {
                return None;
            }
            let start = out.len() - back;
            for i in 0..len + 2 {
                let b = out[start + i];
                out.push(b);
            }
        }
    }
    (out.len() == out_len).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_what_does_not_shrink() {
        let mut lzf = Lzf::new();
        let text = b"hello hello hello hello hello hello world".repeat(3);
        let packed = lzf.compress(&text, text.len() - 4).unwrap();
        assert!(packed.len() < text.len() / 2);
        assert_eq!(decompress(&packed, text.len()).unwrap(), text);
        assert!(decompress(&packed, text.len() + 1).is_none());
        let noise: Vec<u8> = (0..200u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
        assert!(lzf.compress(&noise, noise.len() - 4).is_none());
        // The same input gives the same bytes whatever came before.
        let again = Lzf::new().compress(&text, text.len() - 4).unwrap();
        assert_eq!(lzf.compress(&text, text.len() - 4).unwrap(), again);
    }

    #[test]
    fn matches_redis_for_a_run_of_one_byte() {
        // DUMP of SET k <100 x> in Redis 7.0.15: c3 09 40 64 01 78 78 e0 57 00 01 78 78.
        let packed = Lzf::new().compress(&[b'x'; 100], 96).unwrap();
        assert_eq!(packed, [0x01, 0x78, 0x78, 0xe0, 0x57, 0x00, 0x01, 0x78, 0x78]);
    }

    #[test]
    fn bad_input_is_refused_not_a_panic() {
        for bad in [&[0x20u8][..], &[0xe0, 0x01], &[0x05, 1, 2], &[0x00, 1, 0x20, 0x05]] {
            assert!(decompress(bad, 10).is_none());
        }
    }
}
