//! Redis's CRC-64 (crc64.c): the Jones polynomial, reflected, initial value 0, no final
//! xor; RDB files and DUMP payloads end with it, little-endian. Slice-by-8 tables, as
//! Redis's crcspeed.c computes them: at compile time natively, at first use in
//! WebAssembly (16 KB of tables that do not compress would otherwise be 16 KB more of
//! the download of every page embedding a widget).

/// The Jones polynomial 0xad93d23594c935a9, bit-reversed for the reflected algorithm.
const POLY_REFLECTED: u64 = 0x95ac_9329_ac4b_c9b5;

const fn tables() -> [[u64; 256]; 8] {
    let mut t = [[0u64; 256]; 8];
    let mut n = 0;
    while n < 256 {
        let mut crc = n as u64;
        let mut k = 0;
        while k < 8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ POLY_REFLECTED
            } else {
                crc >> 1
            };
            k += 1;
        }
        t[0][n] = crc;
        n += 1;
    }
    let mut n = 0;
    while n < 256 {
        let mut crc = t[0][n];
        let mut k = 1;
        while k < 8 {
            crc = t[0][(crc & 0xff) as usize] ^ (crc >> 8);
            t[k][n] = crc;
            k += 1;
        }
        n += 1;
    }
    t
}

#[cfg(not(target_arch = "wasm32"))]
static TABLES: [[u64; 256]; 8] = tables();

#[cfg(not(target_arch = "wasm32"))]
fn tables_ref() -> &'static [[u64; 256]; 8] {
    &TABLES
}

#[cfg(target_arch = "wasm32")]
fn tables_ref() -> &'static [[u64; 256]; 8] {
    static TABLES: std::sync::OnceLock<Box<[[u64; 256]; 8]>> = std::sync::OnceLock::new();
    TABLES.get_or_init(|| Box::new(tables()))
}

/// Continues a CRC over `data` (start with 0).
pub fn update(mut crc: u64, data: &[u8]) -> u64 {
    let t = tables_ref();
    let mut chunks = data.chunks_exact(8);
    for c in &mut chunks {
        let word = crc ^ u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        crc = t[7][(word & 0xff) as usize]
            ^ t[6][((word >> 8) & 0xff) as usize]
            ^ t[5][((word >> 16) & 0xff) as usize]
            ^ t[4][((word >> 24) & 0xff) as usize]
            ^ t[3][((word >> 32) & 0xff) as usize]
            ^ t[2][((word >> 40) & 0xff) as usize]
            ^ t[1][((word >> 48) & 0xff) as usize]
            ^ t[0][(word >> 56) as usize];
    }
    for &b in chunks.remainder() {
        crc = t[0][((crc ^ u64::from(b)) & 0xff) as usize] ^ (crc >> 8);
    }
    crc
}

/// The CRC of `data`.
pub fn crc64(data: &[u8]) -> u64 {
    update(0, data)
}

#[cfg(test)]
mod tests {
    #[test]
    fn redis_test_vectors() {
        // crc64.c's own test: "123456789" and its long text.
        assert_eq!(super::crc64(b"123456789"), 0xe9c6d914c4b8d9ca);
        let li = b"Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt mollit anim id est laborum.";
        // Redis hashes the C array, its terminating NUL included.
        let li = [&li[..], b"\0"].concat();
        assert_eq!(super::crc64(&li), 0xc7794709e69683b3);
        let (a, b) = li.split_at(77);
        assert_eq!(super::update(super::crc64(a), b), 0xc7794709e69683b3);
    }
}
