//! Redis's `struct` library (Redis 7.0.15's deps/lua/src/lua_struct.c: Roberto
//! Ierusalimschy's struct 1.7 with Redis's security fixes): `struct.pack(fmt, ...)`,
//! `struct.unpack(fmt, data [, pos])` and `struct.size(fmt)`, binary data as C lays it
//! out on x86-64 Linux.
//!
//! Format characters: `>` big endian, `<` little endian (the default: the machine's),
//! `![n]` alignment n (a power of 2; 8 without n), `x` one byte of padding, `b`/`B`
//! signed/unsigned char, `h`/`H` short (2), `l`/`L` long (8), `T` size_t (8),
//! `i[n]`/`I[n]` an integer of n bytes (4 without n, at most 32, any n), `c[n]` n chars
//! (`c0`: the whole string when packing, the previous number's worth when unpacking),
//! `s` a zero-terminated string, `f` float, `d` double, ` ` ignored. The format ends at
//! its first zero byte (it is a C string there).
//!
//! The C code's machine-dependent corners are reproduced as the oracle (Redis 7.0.15 on
//! x86-64 Linux) shows them:
//! - an integer is packed from the number cast to `long` when negative, else to
//!   `unsigned long`, as x86-64 casts: truncation, and for what does not fit the
//!   "integer indefinite" 2^63 (`pack('<l', -1e30)`, NaN) or, past 2^64, 0;
//! - integers wider than 8 bytes carry only 64 bits (`pack('<i16', -1)` is eight 0xff
//!   then eight zeros; unpacking keeps the 8 bytes read last), and the sign of an
//!   unpacked one is taken at bit `(8n - 1) mod 64`, the shift x86 does (`i12`: bit 31);
//! - a sized integer that is not a power of 2 (`i3`) aligns by C's formula all the same;
//! - `pack` finds a nil past its last argument (it pushes a nil there as a mark):
//!   `struct.pack('b')` says "number expected, got nil";
//! - `unpack`'s position goes through `size_t`: 0 is refused ("offset must be 1 or
//!   greater") but a negative one wraps to a huge one ("data string too short"); it
//!   fails with "stack overflow (too many results)" as `luaL_checkstack` does when its
//!   arguments, its results and 2 more would pass LUAI_MAXCSTACK (8000).
//!
//! Left out: nothing of the library; a packed string longer than
//! `lib_string::MAX_STRING` is refused with "not enough memory" (C Redis would build it).

use crate::lib_base::{arg_error, check_bytes, check_number, opt_int};
use crate::lib_string::MAX_STRING;
// lua_struct.c's casts to `long` and `unsigned long`, as gcc compiles them for x86-64:
// the same as string.format's for `%d` and `%u`.
use crate::number::{to_integer as to_long, to_uint64 as to_ulong};
use crate::table::Table;
use crate::value::Value;
use crate::vm::{NativeFn, Ret, Vm};

/// MAXINTSIZE: the widest `i`/`I`.
const MAX_INT_SIZE: usize = 32;
/// MAXALIGN on x86-64: max(offsetof(struct {char; double}, d), sizeof(int)).
const MAX_ALIGN: usize = 8;
/// LUAI_MAXCSTACK: the most values a C function may have on its stack.
const MAX_C_STACK: usize = 8000;

/// Byte order (Header.endian).
#[derive(Clone, Copy, PartialEq, Debug)]
enum Endian {
    Big,
    Little,
}

/// Header: the byte order and alignment in force.
struct Header {
    endian: Endian,
    align: usize,
}

impl Header {
    /// defaultoptions: the machine's order (little endian), no alignment.
    fn new() -> Header {
        Header {
            endian: Endian::Little,
            align: 1,
        }
    }
}

/// A format string being read, as the C code walks its `const char *`.
struct Format<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Format<'_> {
    /// The format as C sees it: up to its first zero byte.
    fn new(bytes: &[u8]) -> Format<'_> {
        let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
        Format {
            bytes: &bytes[..end],
            at: 0,
        }
    }

    fn next_opt(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(b)
    }

    /// getnum: a decimal number at this point of the format, or `default`; past
    /// INT_MAX, "integral size overflow".
    fn number(&mut self, vm: &Vm, default: usize) -> Result<usize, Value> {
        let mut digits = false;
        let mut a: i32 = 0;
        while let Some(&d) = self.bytes.get(self.at).filter(|b| b.is_ascii_digit()) {
            let d = i32::from(d - b'0');
            a = a
                .checked_mul(10)
                .and_then(|a| a.checked_add(d))
                .ok_or_else(|| vm.lib_error("integral size overflow"))?;
            self.at += 1;
            digits = true;
        }
        Ok(if digits { a as usize } else { default })
    }
}

/// optsize: the size of option `opt` (reading its number, if it takes one); 0 for the
/// ones that take no room (and for unknown ones: `controloptions` refuses those).
fn opt_size(vm: &Vm, opt: u8, fmt: &mut Format) -> Result<usize, Value> {
    Ok(match opt {
        b'B' | b'b' => 1,
        b'H' | b'h' => 2,
        b'L' | b'l' | b'T' | b'd' => 8,
        b'f' => 4,
        b'x' => 1,
        b'c' => fmt.number(vm, 1)?,
        b'i' | b'I' => {
            let size = fmt.number(vm, 4)?;
            if size > MAX_INT_SIZE {
                return Err(vm.lib_error(&format!("integral size {size} is larger than limit of {MAX_INT_SIZE}")));
            }
            size
        }
        _ => 0,
    })
}

/// gettoalign: the padding before an item of `size` bytes at offset `len` (sizes past
/// the alignment in force align to it; `c` never aligns). C's formula, kept for sizes
/// that are not powers of 2 too.
fn to_align(len: usize, h: &Header, opt: u8, size: usize) -> usize {
    if size == 0 || opt == b'c' {
        return 0;
    }
    let size = size.min(h.align);
    (size.wrapping_sub(len & (size - 1))) & (size - 1)
}

/// controloptions: ` `, `>`, `<`, `![n]`; anything else is "invalid format option".
fn control(vm: &Vm, opt: u8, fmt: &mut Format, h: &mut Header, f: &str) -> Result<(), Value> {
    match opt {
        b' ' => {}
        b'>' => h.endian = Endian::Big,
        b'<' => h.endian = Endian::Little,
        b'!' => {
            let a = fmt.number(vm, MAX_ALIGN)?;
            if !a.is_power_of_two() {
                return Err(vm.lib_error(&format!("alignment {a} is not a power of 2")));
            }
            h.align = a;
        }
        _ => return Err(invalid_option(vm, opt, f)),
    }
    Ok(())
}

/// "bad argument #1 to 'pack' (invalid format option 'z')", the option as the byte it is
/// (lua_pushfstring's %c), which may not be UTF-8.
fn invalid_option(vm: &Vm, opt: u8, f: &str) -> Value {
    if opt.is_ascii() {
        return arg_error(vm, 1, f, &format!("invalid format option '{}'", char::from(opt)));
    }
    // arg_error words the message (a &str); the byte goes where the marker is.
    const MARK: &[u8] = b"\x01?\x01";
    let e = arg_error(vm, 1, f, "invalid format option '\u{1}?\u{1}'");
    let Value::Str(s) = &e else { return e };
    let text = s.bytes();
    match text.windows(MARK.len()).position(|w| w == MARK) {
        Some(at) => {
            let mut out = text[..at].to_vec();
            out.push(opt);
            out.extend_from_slice(&text[at + MARK.len()..]);
            Value::Str(crate::value::LuaStr::new(&out))
        }
        None => e,
    }
}

/// putinteger: `n` as a `size`-byte integer: negative numbers through `long`, others
/// through `unsigned long`; bytes past the 8th are 0.
fn put_integer(out: &mut Vec<u8>, n: f64, endian: Endian, size: usize) {
    let mut value = if n < 0.0 { to_long(n) as u64 } else { to_ulong(n) };
    let mut bytes = vec![0u8; size];
    for b in bytes.iter_mut().take(8) {
        *b = value as u8;
        value >>= 8;
    }
    if endian == Endian::Big {
        bytes.reverse();
    }
    out.extend_from_slice(&bytes);
}

/// getinteger: `size` bytes as an integer (the last 8 read count), sign-extended from
/// bit `(8 size - 1) mod 64` for the signed options.
fn get_integer(bytes: &[u8], endian: Endian, signed: bool) -> f64 {
    let mut l: u64 = 0;
    let mut add = |b: u8| l = (l << 8) | u64::from(b);
    match endian {
        Endian::Big => bytes.iter().for_each(|&b| add(b)),
        Endian::Little => bytes.iter().rev().for_each(|&b| add(b)),
    }
    if !signed {
        return l as f64;
    }
    // `~0UL << (size*8 - 1)`: x86 takes the count modulo 64 (size 0: 63).
    let shift = ((bytes.len() as i64) * 8 - 1).rem_euclid(64) as u32;
    let mask = u64::MAX << shift;
    if l & mask != 0 {
        l |= mask;
    }
    l as i64 as f64
}

/// The bytes of a float or double in the order asked (correctbytes: reversed when that
/// is not the machine's little endian).
fn ordered<const N: usize>(mut bytes: [u8; N], endian: Endian) -> [u8; N] {
    if endian == Endian::Big {
        bytes.reverse();
    }
    bytes
}

/// b_pack: the values after the format packed as it says.
fn pack(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let fmt_bytes = check_bytes(vm, args, 1, "pack")?;
    // The C function pushes a nil above its arguments (a mark before its buffer): an
    // option past the last argument reads that nil.
    let mut args = args.to_vec();
    args.push(Value::Nil);
    let args = &args[..];
    let mut fmt = Format::new(&fmt_bytes);
    let mut h = Header::new();
    let mut arg = 2;
    let mut out: Vec<u8> = Vec::new();
    vm.charge(fmt.bytes.len() as u64);
    while let Some(opt) = fmt.next_opt() {
        let size = opt_size(vm, opt, &mut fmt)?;
        let pad = to_align(out.len(), &h, opt, size);
        out.resize(out.len() + pad, 0);
        match opt {
            b'b' | b'B' | b'h' | b'H' | b'l' | b'L' | b'T' | b'i' | b'I' => {
                let n = check_number(vm, args, arg, "pack")?;
                arg += 1;
                put_integer(&mut out, n, h.endian, size);
            }
            b'x' => out.push(0),
            b'f' => {
                let n = check_number(vm, args, arg, "pack")?;
                arg += 1;
                out.extend_from_slice(&ordered((n as f32).to_le_bytes(), h.endian));
            }
            b'd' => {
                let n = check_number(vm, args, arg, "pack")?;
                arg += 1;
                out.extend_from_slice(&ordered(n.to_le_bytes(), h.endian));
            }
            b'c' | b's' => {
                let s = check_bytes(vm, args, arg, "pack")?;
                arg += 1;
                let size = if size == 0 { s.len() } else { size };
                if s.len() < size {
                    // luaL_argcheck after arg++: the number is the next argument's.
                    return Err(arg_error(vm, arg, "pack", "string too short"));
                }
                if out.len().saturating_add(size) > MAX_STRING {
                    return Err(vm.lib_error("not enough memory"));
                }
                out.extend_from_slice(&s[..size]);
                if opt == b's' {
                    out.push(0);
                }
            }
            _ => control(vm, opt, &mut fmt, &mut h, "pack")?,
        }
        if out.len() > MAX_STRING {
            return Err(vm.lib_error("not enough memory"));
        }
    }
    vm.charge(out.len() as u64 / 16);
    Ok(Ret::Values(vec![vm.string(&out)]))
}

/// `(size_t)d` for c0's length, as gcc casts a double to an unsigned 64-bit integer.
fn to_size(d: f64) -> usize {
    to_ulong(d) as usize
}

/// b_unpack: the values `data` holds from `pos` (1 when not given) as the format says,
/// then the position after them.
fn unpack(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let fmt_bytes = check_bytes(vm, args, 1, "unpack")?;
    let data = check_bytes(vm, args, 2, "unpack")?;
    let ld = data.len();
    // luaL_optinteger, then kept in a size_t: a negative position wraps around.
    let pos = opt_int(vm, args, 3, "unpack", 1)? as u64 as usize;
    if pos == 0 {
        return Err(arg_error(vm, 3, "unpack", "offset must be 1 or greater"));
    }
    let mut pos = pos - 1;
    let mut fmt = Format::new(&fmt_bytes);
    let mut h = Header::new();
    let mut results: Vec<Value> = Vec::new();
    vm.charge(fmt.bytes.len() as u64);
    while let Some(opt) = fmt.next_opt() {
        let mut size = opt_size(vm, opt, &mut fmt)?;
        pos = pos.wrapping_add(to_align(pos, &h, opt, size));
        if !(size <= ld && pos <= ld - size) {
            return Err(arg_error(vm, 2, "unpack", "data string too short"));
        }
        // luaL_checkstack(L, 2): the arguments, the results so far and 2 more.
        if args.len() + results.len() + 2 > MAX_C_STACK {
            return Err(vm.lib_error("stack overflow (too many results)"));
        }
        match opt {
            b'b' | b'B' | b'h' | b'H' | b'l' | b'L' | b'T' | b'i' | b'I' => {
                let signed = opt.is_ascii_lowercase();
                results.push(Value::Num(get_integer(&data[pos..pos + size], h.endian, signed)));
            }
            b'x' => {}
            b'f' => {
                let mut bytes = [0u8; 4];
                bytes.copy_from_slice(&data[pos..pos + 4]);
                let f = f32::from_le_bytes(ordered(bytes, h.endian));
                results.push(Value::Num(f64::from(f)));
            }
            b'd' => {
                let mut bytes = [0u8; 8];
                bytes.copy_from_slice(&data[pos..pos + 8]);
                results.push(Value::Num(f64::from_le_bytes(ordered(bytes, h.endian))));
            }
            b'c' => {
                if size == 0 {
                    // The length is the last result, if it is a number (or a string
                    // that converts); it is taken off the results.
                    let Some(n) = results.last().and_then(Vm::to_number) else {
                        return Err(vm.lib_error("format 'c0' needs a previous size"));
                    };
                    size = to_size(n);
                    results.pop();
                    if !(size <= ld && pos <= ld - size) {
                        return Err(arg_error(vm, 2, "unpack", "data string too short"));
                    }
                }
                vm.charge(size as u64 / 16);
                let s = vm.string(&data[pos..pos + size]);
                results.push(s);
            }
            b's' => {
                let Some(len) = data[pos..].iter().position(|&b| b == 0) else {
                    return Err(vm.lib_error("unfinished string in data"));
                };
                size = len + 1;
                vm.charge(size as u64 / 16);
                let s = vm.string(&data[pos..pos + len]);
                results.push(s);
            }
            _ => control(vm, opt, &mut fmt, &mut h, "unpack")?,
        }
        pos += size;
    }
    results.push(Value::Num((pos as u64).wrapping_add(1) as i64 as f64));
    vm.charge(results.len() as u64);
    Ok(Ret::Values(results))
}

/// b_size: how many bytes `pack` makes of the format (refused for `s` and `c0`, which
/// have no fixed size). Unknown letters and digits count as 0 here, unlike in `pack`
/// (`size` hands only non-alphanumeric options to controloptions).
fn size(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let fmt_bytes = check_bytes(vm, args, 1, "size")?;
    let mut fmt = Format::new(&fmt_bytes);
    let mut h = Header::new();
    let mut pos: usize = 0;
    vm.charge(fmt.bytes.len() as u64);
    while let Some(opt) = fmt.next_opt() {
        let size = opt_size(vm, opt, &mut fmt)?;
        pos = pos.wrapping_add(to_align(pos, &h, opt, size));
        if opt == b's' {
            return Err(arg_error(vm, 1, "size", "option 's' has no fixed size"));
        }
        if opt == b'c' && size == 0 {
            return Err(arg_error(vm, 1, "size", "option 'c0' has no fixed size"));
        }
        if !opt.is_ascii_alphanumeric() {
            control(vm, opt, &mut fmt, &mut h, "size")?;
        }
        pos = pos.wrapping_add(size);
    }
    // lua_pushinteger of a size_t.
    Ok(Ret::Values(vec![Value::Num(pos as u64 as i64 as f64)]))
}

/// Opens the library: the global table `struct` (luaopen_struct).
pub fn open(vm: &mut Vm) {
    let lib_ref = vm.heap.new_table(Table::default());
    let fns: [(&'static str, NativeFn); 3] = [("pack", pack), ("unpack", unpack), ("size", size)];
    for (name, f) in fns {
        let v = vm.native(name, f);
        vm.raw_set(lib_ref, Value::str(name), v);
    }
    vm.set_global("struct", Value::Table(lib_ref));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(f: NativeFn, args: &[Value]) -> Result<Vec<Value>, Vec<u8>> {
        let mut vm = Vm::new();
        match f(&mut vm, args, &[]) {
            Ok(Ret::Values(v)) => Ok(v),
            Ok(_) => Err(b"not values".to_vec()),
            Err(e) => Err(crate::lib_base::to_display(&e)),
        }
    }

    fn s(b: &[u8]) -> Value {
        Value::Str(crate::value::LuaStr::new(b))
    }

    fn n(x: f64) -> Value {
        Value::Num(x)
    }

    fn packed(args: &[Value]) -> Vec<u8> {
        match call(pack, args).as_deref() {
            Ok([Value::Str(out)]) => out.bytes().to_vec(),
            other => panic!("{other:?}"),
        }
    }

    fn err(f: NativeFn, args: &[Value]) -> String {
        String::from_utf8_lossy(&call(f, args).expect_err("an error")).into_owned()
    }

    /// unpack's results shown as tostring shows them.
    fn unpacked(args: &[Value]) -> Vec<String> {
        call(unpack, args)
            .expect("values")
            .iter()
            .map(|v| String::from_utf8_lossy(&crate::lib_base::to_display(v)).into_owned())
            .collect()
    }

    #[test]
    fn integers_are_packed_in_either_order() {
        assert_eq!(packed(&[s(b"<i"), n(1.0)]), [1, 0, 0, 0]);
        assert_eq!(packed(&[s(b">i"), n(1.0)]), [0, 0, 0, 1]);
        assert_eq!(packed(&[s(b"h"), n(-2.0)]), [0xfe, 0xff]);
        assert_eq!(packed(&[s(b">i3"), n(66051.0)]), [1, 2, 3]);
        assert_eq!(packed(&[s(b"b"), n(300.0)]), [0x2c]);
        assert_eq!(packed(&[s(b"i0"), n(5.0)]), [0u8; 0]);
        // Past 8 bytes: zeros, whatever the sign.
        let mut want = vec![0xff; 8];
        want.extend([0; 8]);
        assert_eq!(packed(&[s(b"<i16"), n(-1.0)]), want);
        assert_eq!(packed(&[s(b">i12"), n(-2.0)])[..5], [0, 0, 0, 0, 0xff]);
    }

    #[test]
    fn out_of_range_numbers_pack_as_x86_casts_them() {
        let top = 0x8000_0000_0000_0000u64.to_le_bytes();
        assert_eq!(packed(&[s(b"<L"), n(f64::NAN)]), top);
        assert_eq!(packed(&[s(b"<L"), n(2f64.powi(63))]), top);
        assert_eq!(packed(&[s(b"<L"), n(2f64.powi(64))]), [0; 8]);
        assert_eq!(packed(&[s(b"<L"), n(1e30)]), [0; 8]);
        assert_eq!(packed(&[s(b"<l"), n(-1e30)]), top);
        assert_eq!(packed(&[s(b"<l"), n(f64::NEG_INFINITY)]), top);
        assert_eq!(packed(&[s(b"<l"), n(f64::INFINITY)]), [0; 8]);
        assert_eq!(
            packed(&[s(b"<L"), n(1.5e19)]),
            15_000_000_000_000_000_000u64.to_le_bytes()
        );
        assert_eq!(to_ulong(-1.0), u64::MAX);
        assert_eq!(to_ulong(2.9), 2);
    }

    #[test]
    fn floats_doubles_and_strings() {
        assert_eq!(packed(&[s(b"f"), n(1.0)]), [0, 0, 0x80, 0x3f]);
        assert_eq!(packed(&[s(b">f"), n(1.0)]), [0x3f, 0x80, 0, 0]);
        assert_eq!(packed(&[s(b">d"), n(1.0)]), [0x3f, 0xf0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(packed(&[s(b"f"), n(1e40)]), [0, 0, 0x80, 0x7f]);
        assert_eq!(packed(&[s(b"c2"), s(b"abc")]), b"ab");
        assert_eq!(packed(&[s(b"c0"), s(b"abc")]), b"abc");
        assert_eq!(packed(&[s(b"s"), s(b"a\0b")]), b"a\0b\0");
        assert_eq!(packed(&[s(b"c0"), n(1234.5)]), b"1234.5");
        assert_eq!(packed(&[s(b"xxbx"), n(7.0)]), [0, 0, 7, 0]);
        // The format ends at its first zero byte.
        assert_eq!(packed(&[s(b"b\0b"), n(1.0), n(2.0)]), [1]);
    }

    #[test]
    fn alignment_follows_cs_formula() {
        assert_eq!(packed(&[s(b"!bi"), n(1.0), n(2.0)]), [1, 0, 0, 0, 2, 0, 0, 0]);
        assert_eq!(packed(&[s(b"!2bi"), n(1.0), n(2.0)]), [1, 0, 2, 0, 0, 0]);
        assert_eq!(packed(&[s(b"bi"), n(1.0), n(2.0)]), [1, 2, 0, 0, 0]);
        assert_eq!(packed(&[s(b"!bc3i"), n(1.0), s(b"abc"), n(2.0)]), b"\x01abc\x02\0\0\0");
        // Sizes that are not powers of 2 (struct.size('!8bi3bi5') is 12, '!8bi6' 12).
        let h = Header {
            endian: Endian::Little,
            align: 8,
        };
        assert_eq!(to_align(1, &h, b'i', 3), 2);
        assert_eq!(to_align(7, &h, b'i', 5), 0);
        assert_eq!(to_align(1, &h, b'i', 6), 5);
        assert_eq!(to_align(3, &h, b'c', 8), 0);
        assert_eq!(to_align(3, &h, b'x', 0), 0);
        let size_of = |f: &[u8]| match call(size, &[s(f)]).as_deref() {
            Ok([Value::Num(x)]) => *x,
            other => panic!("{other:?}"),
        };
        assert_eq!(size_of(b"!8bi3bi5"), 12.0);
        assert_eq!(size_of(b"!8bi6"), 12.0);
        assert_eq!(size_of(b"!2bd"), 10.0);
        assert_eq!(size_of(b"bBhHlLTiIfdx"), 51.0);
        // Unknown letters and digits count for nothing in size (not in pack).
        assert_eq!(size_of(b"bzi"), 5.0);
        assert_eq!(size_of(b"5"), 0.0);
        assert_eq!(
            size_of(b"c2147483647c2147483647c2147483647c2147483647c2147483647"),
            10_737_418_235.0
        );
    }

    #[test]
    fn unpack_reads_what_pack_wrote_and_says_where_it_stopped() {
        let data = packed(&[s(b">i2s<d"), n(-5.0), s(b"hello"), n(3.25)]);
        assert_eq!(unpacked(&[s(b">i2s<d"), s(&data)]), ["-5", "hello", "3.25", "17"]);
        assert_eq!(unpacked(&[s(b"b"), s(b"abc"), n(2.9)]), ["98", "3"]);
        assert_eq!(unpacked(&[s(b"<"), s(b"abc"), n(4.0)]), ["4"]);
        assert_eq!(unpacked(&[s(b"b"), s(b"abc"), Value::Nil]), ["97", "2"]);
        // Wide integers: the last 8 bytes read, the sign from bit (8n - 1) mod 64.
        let mut d = vec![0u8; 12];
        d[3] = 0x80;
        assert_eq!(unpacked(&[s(b"<i12"), s(&d)]), ["-2147483648", "13"]);
        assert_eq!(unpacked(&[s(b"<i5"), s(b"\0\0\0\0\x80")]), ["-549755813888", "6"]);
        assert_eq!(unpacked(&[s(b"<i0"), s(b"")]), ["0", "1"]);
        assert_eq!(unpacked(&[s(b"<L"), s(&[0xff; 8])]), ["1.844674407371e+19", "9"]);
        // c0 takes its length from the previous result, a number or a numeric string.
        assert_eq!(unpacked(&[s(b"bc0"), s(b"\x03abcdef")]), ["abc", "5"]);
        assert_eq!(unpacked(&[s(b"c2c0"), s(b"1 abc")]), ["a", "4"]);
        assert_eq!(unpacked(&[s(b"bc0b"), s(b"\0\x07")]), ["", "7", "3"]);
        assert_eq!(unpacked(&[s(b"ss"), s(b"a\0\0b\0")]), ["a", "", "4"]);
        assert_eq!(unpacked(&[s(b"f"), s(&[0xff; 4])]), ["-nan", "5"]);
    }

    #[test]
    fn errors_are_luas() {
        assert_eq!(
            err(pack, &[s(b"z")]),
            "bad argument #1 to '?' (invalid format option 'z')"
        );
        assert_eq!(err(pack, &[s(b"i33")]), "integral size 33 is larger than limit of 32");
        assert_eq!(err(pack, &[s(b"c99999999999")]), "integral size overflow");
        assert_eq!(err(pack, &[s(b"!3")]), "alignment 3 is not a power of 2");
        assert_eq!(err(pack, &[s(b"!0")]), "alignment 0 is not a power of 2");
        assert_eq!(
            err(pack, &[s(b"bc5"), n(1.0), s(b"ab")]),
            "bad argument #4 to '?' (string too short)"
        );
        assert_eq!(
            err(pack, &[s(b"bb"), n(1.0)]),
            "bad argument #3 to '?' (number expected, got nil)"
        );
        assert_eq!(err(pack, &[]), "bad argument #1 to '?' (string expected, got no value)");
        assert_eq!(
            err(unpack, &[s(b"b"), s(b"abc"), n(0.0)]),
            "bad argument #3 to '?' (offset must be 1 or greater)"
        );
        for pos in [-1.0, 1e30, f64::NAN, 5.0] {
            assert_eq!(
                err(unpack, &[s(b"<"), s(b"abc"), n(pos)]),
                "bad argument #2 to '?' (data string too short)"
            );
        }
        assert_eq!(err(unpack, &[s(b"c0"), s(b"abc")]), "format 'c0' needs a previous size");
        assert_eq!(
            err(unpack, &[s(b"c1c0"), s(b"xabc")]),
            "format 'c0' needs a previous size"
        );
        assert_eq!(
            err(unpack, &[s(b"bc0"), s(b"\xffabc")]),
            "bad argument #2 to '?' (data string too short)"
        );
        assert_eq!(err(unpack, &[s(b"bs"), s(b"\x01")]), "unfinished string in data");
        assert_eq!(
            err(size, &[s(b"s")]),
            "bad argument #1 to '?' (option 's' has no fixed size)"
        );
        assert_eq!(
            err(size, &[s(b"c0")]),
            "bad argument #1 to '?' (option 'c0' has no fixed size)"
        );
        assert_eq!(
            err(size, &[s(b"?")]),
            "bad argument #1 to '?' (invalid format option '?')"
        );
        // The option byte as it is, not UTF-8.
        assert_eq!(
            call(pack, &[s(b"\xc8")]).expect_err("an error"),
            b"bad argument #1 to '?' (invalid format option '\xc8')"
        );
    }

    #[test]
    fn unpack_stops_where_lua_checkstack_would() {
        let data = vec![b'a'; 8000];
        let ok = call(unpack, &[s(&vec![b'b'; 7997]), s(&data)]).expect("fits");
        assert_eq!(ok.len(), 7998);
        assert_eq!(
            err(unpack, &[s(&vec![b'b'; 7998]), s(&data)]),
            "stack overflow (too many results)"
        );
        assert_eq!(
            err(unpack, &[s(&vec![b'b'; 7997]), s(&data), n(1.0)]),
            "stack overflow (too many results)"
        );
        // Padding pushes nothing.
        assert_eq!(
            call(unpack, &[s(&vec![b'x'; 9000]), s(&[b'a'; 9000])])
                .expect("fits")
                .len(),
            1
        );
    }

    #[test]
    fn a_packed_string_past_the_limit_is_refused() {
        let half = vec![b'a'; MAX_STRING / 2 + 1];
        assert_eq!(err(pack, &[s(b"c0c0"), s(&half), s(&half)]), "not enough memory");
    }

    #[test]
    fn no_format_or_data_makes_it_panic() {
        // A fixed pseudo-random walk over formats, data and positions.
        let alphabet = b"<>!xbBhHlLTiIcsfd 0123456789z\0\xc8";
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move |m: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % m as u64) as usize
        };
        for _ in 0..4000 {
            let fmt: Vec<u8> = (0..next(12)).map(|_| alphabet[next(alphabet.len())]).collect();
            let data: Vec<u8> = (0..next(40)).map(|_| next(256) as u8).collect();
            let values = [n(-1.5), s(b"xyz"), n(1e300), n(f64::NAN), s(b"3"), Value::Nil, n(2.0)];
            let mut args = vec![s(&fmt)];
            for _ in 0..next(6) {
                args.push(values[next(values.len())].clone());
            }
            let _ = call(pack, &args);
            let _ = call(size, &args[..1]);
            let pos = [1.0, 0.0, -3.0, 2.0, 7.5, 1e19, 41.0][next(7)];
            let _ = call(unpack, &[s(&fmt), s(&data), n(pos)]);
            // What pack makes, unpack reads back to the same length.
            if let Ok(v) = call(pack, &args) {
                if let [Value::Str(out)] = v.as_slice() {
                    if !fmt.contains(&b's') && !fmt.contains(&b'c') {
                        if let Ok(back) = call(unpack, &[s(&fmt), s(out.bytes())]) {
                            let end = back.last().cloned();
                            assert!(matches!(end, Some(Value::Num(x)) if x == out.bytes().len() as f64 + 1.0));
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn open_makes_the_global_table() {
        let mut vm = Vm::new();
        open(&mut vm);
        let Value::Table(t) = vm.get_global("struct") else {
            panic!("no struct table")
        };
        for name in ["pack", "unpack", "size"] {
            assert!(
                matches!(vm.heap.table(t).get(&Value::str(name)), Value::Func(_)),
                "{name}"
            );
        }
    }
}
