//! Redis's `bit` library: LuaBitOp 1.0.2 (Redis's deps/lua/src/lua_bit.c), 32-bit
//! operations on Lua's doubles: `bit.tobit`, `tohex`, `bnot`, `band`, `bor`, `bxor`,
//! `lshift`, `rshift`, `arshift`, `rol`, `ror`, `bswap`.
//!
//! How: every argument becomes 32 bits the way `barg` does it — the number plus 2^52 +
//! 2^51, whose double keeps the integer part (rounded to nearest, ties to even) in its
//! low 32 bits, so 2^32 + 5 is 5, 2.5 is 2, 3.5 is 4 and NaN or ±inf are 0; a value that
//! is not a number (nor a string that converts) is "number expected" — and every result
//! goes back as the signed 32-bit value (`BRET`), so `bit.tobit(2^31)` is -2147483648.
//! Shift counts are taken modulo 32. `tohex(x, n)` gives the low |n| hex digits (at
//! most 8), upper-case when n is negative; n = -2^31 counts as -(2^31 - 1), as the fix
//! for CVE-2024-31449 made it (the oracle, Debian's 7.0.15, has that fix: `bit.tohex(255,
//! -2147483648)` is `000000FF`).
//!
//! Left out: `luaopen_bit`'s self-test (it checks the C compiler's doubles and shifts;
//! Rust's are the ones it wants by definition).

use crate::lib_base::type_error;
use crate::table::Table;
use crate::value::Value;
use crate::vm::{NativeFn, Ret, Vm};

/// 2^52 + 2^51: added to a double, it leaves the number's integer part in the low bits
/// of the result's mantissa (lua_bit.c barg, LUA_NUMBER_DOUBLE).
const MAGIC: f64 = 6_755_399_441_055_744.0;

/// lua_bit.c barg: argument `n` (1-based) as 32 bits; "number expected" when it is not a
/// number or a string that converts to one (a missing argument says "got no value").
fn barg(vm: &Vm, args: &[Value], n: usize, name: &str) -> Result<u32, Value> {
    match args.get(n - 1).and_then(Vm::to_number) {
        Some(x) => Ok(to_bits32(x)),
        None => Err(type_error(vm, args, n, name, "number")),
    }
}

/// The low 32 bits of `x + 2^52 + 2^51` as a double: `x` rounded to an integer, modulo
/// 2^32 (what barg computes through its union of a double and a 64-bit integer).
pub fn to_bits32(x: f64) -> u32 {
    (x + MAGIC).to_bits() as u32
}

/// BRET: the result as Lua sees it, a signed 32-bit number.
fn bret(b: u32) -> Result<Ret, Value> {
    Ok(Ret::Values(vec![Value::Num(f64::from(b as i32))]))
}

/// bit_tobit: the argument normalised to a signed 32-bit number.
fn tobit(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    bret(barg(vm, args, 1, "tobit")?)
}

/// bit_bnot.
fn bnot(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    bret(!barg(vm, args, 1, "bnot")?)
}

/// BIT_OP: the first argument, then the others from the last down to the second (so a
/// bad argument among several is reported from the right), folded with `op`.
fn fold(vm: &mut Vm, args: &[Value], name: &str, op: fn(u32, u32) -> u32) -> Result<Ret, Value> {
    let mut b = barg(vm, args, 1, name)?;
    vm.charge(args.len() as u64 / 4);
    for i in (2..=args.len()).rev() {
        b = op(b, barg(vm, args, i, name)?);
    }
    bret(b)
}

/// bit_band.
fn band(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    fold(vm, args, "band", |a, b| a & b)
}

/// bit_bor.
fn bor(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    fold(vm, args, "bor", |a, b| a | b)
}

/// bit_bxor.
fn bxor(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    fold(vm, args, "bxor", |a, b| a ^ b)
}

/// BIT_SH: `op(b, n & 31)` for the first two arguments.
fn shift(vm: &mut Vm, args: &[Value], name: &str, op: fn(u32, u32) -> u32) -> Result<Ret, Value> {
    let b = barg(vm, args, 1, name)?;
    let n = barg(vm, args, 2, name)? & 31;
    bret(op(b, n))
}

/// bit_lshift.
fn lshift(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    shift(vm, args, "lshift", |b, n| b << n)
}

/// bit_rshift: logical (zeros come in).
fn rshift(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    shift(vm, args, "rshift", |b, n| b >> n)
}

/// bit_arshift: arithmetic (the sign bit comes in).
fn arshift(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    shift(vm, args, "arshift", |b, n| ((b as i32) >> n) as u32)
}

/// bit_rol. (C's `b >> (32 - 0)` is a shift by 32, which x86 takes as 0: rol(b, 0) is b,
/// as a rotation by 0 is.)
fn rol(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    shift(vm, args, "rol", u32::rotate_left)
}

/// bit_ror.
fn ror(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    shift(vm, args, "ror", u32::rotate_right)
}

/// bit_bswap: the four bytes reversed.
fn bswap(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    bret(barg(vm, args, 1, "bswap")?.swap_bytes())
}

/// bit_tohex: the low |n| hex digits of the first argument (n: the second, 8 when there
/// is none; at most 8; upper-case when negative).
fn tohex(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let mut b = barg(vm, args, 1, "tohex")?;
    // lua_isnone: only a missing argument defaults; nil is "number expected, got nil".
    let mut n = if args.len() < 2 {
        8
    } else {
        barg(vm, args, 2, "tohex")? as i32
    };
    let digits: &[u8; 16] = if n < 0 {
        // CVE-2024-31449's fix: -(-2^31) would overflow.
        n = n.checked_neg().unwrap_or(i32::MAX);
        b"0123456789ABCDEF"
    } else {
        b"0123456789abcdef"
    };
    let n = n.min(8) as usize;
    let mut out = vec![0u8; n];
    for slot in out.iter_mut().rev() {
        *slot = digits[(b & 15) as usize];
        b >>= 4;
    }
    Ok(Ret::Values(vec![vm.string(&out)]))
}

/// Opens the library: the global table `bit` (luaopen_bit).
pub fn open(vm: &mut Vm) {
    let lib_ref = vm.heap.new_table(Table::default());
    let fns: [(&'static str, NativeFn); 12] = [
        ("tobit", tobit),
        ("bnot", bnot),
        ("band", band),
        ("bor", bor),
        ("bxor", bxor),
        ("lshift", lshift),
        ("rshift", rshift),
        ("arshift", arshift),
        ("rol", rol),
        ("ror", ror),
        ("bswap", bswap),
        ("tohex", tohex),
    ];
    for (name, f) in fns {
        let v = vm.native(name, f);
        vm.raw_set(lib_ref, Value::str(name), v);
    }
    vm.set_global("bit", Value::Table(lib_ref));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(f: NativeFn, args: &[Value]) -> Result<Vec<Value>, String> {
        let mut vm = Vm::new();
        match f(&mut vm, args, &[]) {
            Ok(Ret::Values(v)) => Ok(v),
            Ok(_) => Err("not values".into()),
            Err(e) => Err(String::from_utf8_lossy(&crate::lib_base::to_display(&e)).into_owned()),
        }
    }

    fn num(f: NativeFn, args: &[f64]) -> f64 {
        let args: Vec<Value> = args.iter().map(|&x| Value::Num(x)).collect();
        match call(f, &args).as_deref() {
            Ok([Value::Num(n)]) => *n,
            other => panic!("{other:?}"),
        }
    }

    fn hex(args: &[Value]) -> String {
        match call(tohex, args).as_deref() {
            Ok([Value::Str(s)]) => String::from_utf8_lossy(s.bytes()).into_owned(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn numbers_become_32_bits_as_barg_makes_them() {
        // Rounding to nearest, ties to even (bit.tobit(2.5) is 2, 3.5 is 4, -1.5 is -2).
        assert_eq!(to_bits32(2.5), 2);
        assert_eq!(to_bits32(3.5), 4);
        assert_eq!(to_bits32(-1.5) as i32, -2);
        assert_eq!(to_bits32(1.6), 2);
        // Modulo 2^32, and past 2^52 the low bits of the double.
        assert_eq!(to_bits32(4_294_967_301.0), 5);
        assert_eq!(to_bits32(2f64.powi(52)), 0);
        assert_eq!(to_bits32(2f64.powi(53) + 2.0), 1);
        // 1e20 and -1e20 alike (bit.tobit: 2025163840), 1e300: -2013235812.
        assert_eq!(to_bits32(1e20) as i32, 2_025_163_840);
        assert_eq!(to_bits32(-1e20) as i32, 2_025_163_840);
        assert_eq!(to_bits32(1e300) as i32, -2_013_235_812);
        for x in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 0.0, -0.0, 5e-324] {
            assert_eq!(to_bits32(x), 0, "{x}");
        }
    }

    #[test]
    fn results_are_signed() {
        assert_eq!(num(tobit, &[2_147_483_648.0]), -2_147_483_648.0);
        assert_eq!(num(tobit, &[4_294_967_295.0]), -1.0);
        assert_eq!(num(bnot, &[0.0]), -1.0);
        assert_eq!(num(bnot, &[-2_147_483_648.0]), 2_147_483_647.0);
        assert_eq!(num(bswap, &[305_419_896.0]), 2_018_915_346.0);
        assert_eq!(num(bswap, &[128.0]), -2_147_483_648.0);
    }

    #[test]
    fn logic_folds_over_every_argument() {
        assert_eq!(num(band, &[240.0, 60.0, 24.0]), 16.0);
        assert_eq!(num(bor, &[1.0, 2.0, 4.0, 8.0, 16.0]), 31.0);
        assert_eq!(num(bxor, &[1.0, 1.0, 1.0]), 1.0);
        assert_eq!(num(band, &[7.0]), 7.0);
        let many: Vec<f64> = (1..=16).map(f64::from).collect();
        assert_eq!(num(bor, &many), 31.0);
        assert_eq!(num(band, &many), 0.0);
    }

    #[test]
    fn shifts_take_the_count_modulo_32() {
        assert_eq!(num(lshift, &[1.0, 31.0]), -2_147_483_648.0);
        assert_eq!(num(lshift, &[1.0, 32.0]), 1.0);
        assert_eq!(num(lshift, &[1.0, -1.0]), -2_147_483_648.0);
        assert_eq!(num(rshift, &[-1.0, 28.0]), 15.0);
        assert_eq!(num(rshift, &[256.0, -24.0]), 1.0);
        assert_eq!(num(arshift, &[-256.0, 4.0]), -16.0);
        assert_eq!(num(arshift, &[-8.0, 34.0]), -2.0);
        assert_eq!(num(rol, &[305_419_896.0, 4.0]), 591_751_041.0);
        assert_eq!(num(rol, &[305_419_896.0, 0.0]), 305_419_896.0);
        assert_eq!(num(ror, &[305_419_896.0, 36.0]), -2_128_394_905.0);
        assert_eq!(num(ror, &[2.0, -1.0]), 4.0);
    }

    #[test]
    fn tohex_gives_the_low_digits_upper_case_for_a_negative_count() {
        let n = |x: f64| Value::Num(x);
        assert_eq!(hex(&[n(-1.0)]), "ffffffff");
        assert_eq!(hex(&[n(11_259_375.0), n(4.0)]), "cdef");
        assert_eq!(hex(&[n(11_259_375.0), n(-4.0)]), "CDEF");
        assert_eq!(hex(&[n(255.0), n(0.0)]), "");
        assert_eq!(hex(&[n(255.0), n(100.0)]), "000000ff");
        assert_eq!(hex(&[n(255.0), n(-100.0)]), "000000FF");
        // -2^31 (and 2^31, which barg makes -2^31): 8 upper-case digits, no overflow.
        assert_eq!(hex(&[n(255.0), n(-2_147_483_648.0)]), "000000FF");
        assert_eq!(hex(&[n(255.0), n(2_147_483_648.0)]), "000000FF");
        // 2^32 - 1 is -1: one upper-case digit.
        assert_eq!(hex(&[n(255.0), n(4_294_967_295.0)]), "F");
        assert_eq!(hex(&[Value::str("0x1f")]), "0000001f");
        assert_eq!(hex(&[n(1.0), n(2.0), n(3.0)]), "01");
    }

    #[test]
    fn arguments_that_are_not_numbers_are_refused_in_luas_words() {
        assert_eq!(
            call(tobit, &[]).err().as_deref(),
            Some("bad argument #1 to '?' (number expected, got no value)")
        );
        assert_eq!(
            call(tobit, &[Value::str("")]).err().as_deref(),
            Some("bad argument #1 to '?' (number expected, got string)")
        );
        // '0' converts (barg's check only looks again when the bits are 0).
        assert!(call(tobit, &[Value::str("0")]).is_ok());
        // tohex: nil is not a missing argument.
        assert_eq!(
            call(tohex, &[Value::Num(1.0), Value::Nil]).err().as_deref(),
            Some("bad argument #2 to '?' (number expected, got nil)")
        );
        // band checks the first argument, then the others from the last down.
        let bad = [Value::Num(1.0), Value::str("b"), Value::Bool(true)];
        assert_eq!(
            call(band, &bad).err().as_deref(),
            Some("bad argument #3 to '?' (number expected, got boolean)")
        );
        let bad = [Value::str("a"), Value::str("b"), Value::Bool(true)];
        assert_eq!(
            call(bor, &bad).err().as_deref(),
            Some("bad argument #1 to '?' (number expected, got string)")
        );
        assert_eq!(
            call(lshift, &[Value::Num(1.0)]).err().as_deref(),
            Some("bad argument #2 to '?' (number expected, got no value)")
        );
    }

    #[test]
    fn open_makes_the_global_table_of_twelve() {
        let mut vm = Vm::new();
        open(&mut vm);
        let Value::Table(t) = vm.get_global("bit") else {
            panic!("no bit table")
        };
        for name in [
            "tobit", "bnot", "band", "bor", "bxor", "lshift", "rshift", "arshift", "rol", "ror", "bswap", "tohex",
        ] {
            assert!(
                matches!(vm.heap.table(t).get(&Value::str(name)), Value::Func(_)),
                "{name}"
            );
        }
        let mut n = 0;
        let mut k = Value::Nil;
        while let Ok(Some((next, _))) = vm.heap.table(t).next(&k) {
            n += 1;
            k = next;
        }
        assert_eq!(n, 12);
    }
}
