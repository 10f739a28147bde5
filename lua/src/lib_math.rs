//! Lua 5.1's math library (lmathlib.c), with Redis's `random` and `randomseed`: Redis
//! replaces them with its own 48-bit generator (rand.c `redisLrand48`, the drand48
//! recurrence) so a script's random numbers do not depend on the C library; the state
//! starts as drand48's and carries over from one script to the next, as in Redis 7.0.

use crate::lib_base::{arg_error, check_int32, check_number};
use crate::table::Table;
use crate::value::Value;
use crate::vm::{NativeFn, Ret, Vm};

/// rand.c's state: X = (a X + c) mod 2^48, a = 0x5DEECE66D, c = 0xB; drand48's seed.
#[derive(Clone, Copy, Debug)]
pub struct Lrand48(u64);

const MASK48: u64 = (1 << 48) - 1;
/// REDIS_LRAND48_MAX
const LRAND48_MAX: i64 = i32::MAX as i64;

impl Default for Lrand48 {
    fn default() -> Self {
        Lrand48(0x1234_ABCD_330E)
    }
}

impl Lrand48 {
    pub fn draw(&mut self) -> i64 {
        self.0 = (self.0.wrapping_mul(0x5_DEEC_E66D).wrapping_add(0xB)) & MASK48;
        (self.0 >> 17) as i64
    }

    /// redisSrand48: SEED(X0, LOW(seed), HIGH(seed)).
    pub fn seed(&mut self, seed: i32) {
        let s = seed as u32 as u64;
        self.0 = ((s >> 16) << 32) | ((s & 0xFFFF) << 16) | 0x330E;
    }
}

fn math1(vm: &mut Vm, args: &[Value], name: &str, f: fn(f64) -> f64) -> Result<Ret, Value> {
    let x = check_number(vm, args, 1, name)?;
    Ok(Ret::Values(vec![Value::Num(f(x))]))
}

macro_rules! unary {
    ($($fn_name:ident => $lua:literal, $f:expr;)*) => {$(
        fn $fn_name(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
            math1(vm, args, $lua, $f)
        }
    )*};
}

unary! {
    abs => "abs", f64::abs;
    ceil => "ceil", f64::ceil;
    floor => "floor", f64::floor;
    sqrt => "sqrt", f64::sqrt;
    sin => "sin", f64::sin;
    cos => "cos", f64::cos;
    tan => "tan", f64::tan;
    asin => "asin", f64::asin;
    acos => "acos", f64::acos;
    atan => "atan", f64::atan;
    exp => "exp", f64::exp;
    log => "log", f64::ln;
    log10 => "log10", f64::log10;
    sinh => "sinh", f64::sinh;
    cosh => "cosh", f64::cosh;
    tanh => "tanh", f64::tanh;
    deg => "deg", |x| x * (180.0 / std::f64::consts::PI);
    rad => "rad", |x| x * (std::f64::consts::PI / 180.0);
}

fn atan2(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let y = check_number(vm, args, 1, "atan2")?;
    let x = check_number(vm, args, 2, "atan2")?;
    Ok(Ret::Values(vec![Value::Num(y.atan2(x))]))
}

fn pow(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let x = check_number(vm, args, 1, "pow")?;
    let y = check_number(vm, args, 2, "pow")?;
    Ok(Ret::Values(vec![Value::Num(x.powf(y))]))
}

fn fmod(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let x = check_number(vm, args, 1, "fmod")?;
    let y = check_number(vm, args, 2, "fmod")?;
    // C's fmod: the sign of x (Rust's % on floats is fmod).
    Ok(Ret::Values(vec![Value::Num(x % y)]))
}

fn modf(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let x = check_number(vm, args, 1, "modf")?;
    let int = x.trunc();
    let frac = if x.is_infinite() { 0.0f64.copysign(x) } else { x - int };
    Ok(Ret::Values(vec![Value::Num(int), Value::Num(frac)]))
}

fn frexp(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let x = check_number(vm, args, 1, "frexp")?;
    if x == 0.0 || !x.is_finite() {
        return Ok(Ret::Values(vec![Value::Num(x), Value::Num(0.0)]));
    }
    let mut e = x.abs().log2().floor() as i32 + 1;
    let mut m = x / 2f64.powi(e);
    // Rounding of log2 near powers of two: keep 0.5 <= |m| < 1.
    if m.abs() >= 1.0 {
        m /= 2.0;
        e += 1;
    } else if m.abs() < 0.5 {
        m *= 2.0;
        e -= 1;
    }
    Ok(Ret::Values(vec![Value::Num(m), Value::Num(f64::from(e))]))
}

fn ldexp(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let m = check_number(vm, args, 1, "ldexp")?;
    let e = check_int32(vm, args, 2, "ldexp")?;
    Ok(Ret::Values(vec![Value::Num(m * 2f64.powi(e as i32))]))
}

fn min(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let mut best = check_number(vm, args, 1, "min")?;
    for i in 2..=args.len() {
        let x = check_number(vm, args, i, "min")?;
        if x < best {
            best = x;
        }
    }
    Ok(Ret::Values(vec![Value::Num(best)]))
}

fn max(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let mut best = check_number(vm, args, 1, "max")?;
    for i in 2..=args.len() {
        let x = check_number(vm, args, i, "max")?;
        if x > best {
            best = x;
        }
    }
    Ok(Ret::Values(vec![Value::Num(best)]))
}

/// redis_math_random (script_lua.c).
fn random(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let r = (vm.random.draw() % LRAND48_MAX) as f64 / LRAND48_MAX as f64;
    let v = match args.len() {
        0 => r,
        1 => {
            let u = check_int32(vm, args, 1, "random")?;
            if u < 1 {
                return Err(arg_error(vm, 1, "random", "interval is empty"));
            }
            (r * u as f64).floor() + 1.0
        }
        2 => {
            let l = check_int32(vm, args, 1, "random")?;
            let u = check_int32(vm, args, 2, "random")?;
            if l > u {
                return Err(arg_error(vm, 2, "random", "interval is empty"));
            }
            (r * (u - l + 1) as f64).floor() + l as f64
        }
        _ => return Err(vm.lib_error("wrong number of arguments")),
    };
    Ok(Ret::Values(vec![Value::Num(v)]))
}

fn randomseed(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let seed = check_int32(vm, args, 1, "randomseed")?;
    vm.random.seed(seed as i32);
    Ok(Ret::Values(vec![]))
}

/// Opens `math`.
pub fn open(vm: &mut Vm) {
    let lib = vm.table(Table::default());
    let Value::Table(lib_ref) = lib else {
        unreachable!("a table")
    };
    let fns: Vec<(&'static str, NativeFn)> = vec![
        ("abs", abs),
        ("ceil", ceil),
        ("floor", floor),
        ("sqrt", sqrt),
        ("sin", sin),
        ("cos", cos),
        ("tan", tan),
        ("asin", asin),
        ("acos", acos),
        ("atan", atan),
        ("atan2", atan2),
        ("exp", exp),
        ("log", log),
        ("log10", log10),
        ("sinh", sinh),
        ("cosh", cosh),
        ("tanh", tanh),
        ("deg", deg),
        ("rad", rad),
        ("pow", pow),
        ("fmod", fmod),
        ("modf", modf),
        ("frexp", frexp),
        ("ldexp", ldexp),
        ("min", min),
        ("max", max),
        ("random", random),
        ("randomseed", randomseed),
    ];
    for (name, f) in fns {
        let v = vm.native(name, f);
        vm.raw_set(lib_ref, Value::str(name), v);
    }
    vm.raw_set(lib_ref, Value::str("pi"), Value::Num(std::f64::consts::PI));
    vm.raw_set(lib_ref, Value::str("huge"), Value::Num(f64::INFINITY));
    vm.set_global("math", lib);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generator_gives_redis_first_numbers() {
        // EVAL "return tostring(math.random())" 0, then again, on a fresh redis-server 7.0.15.
        let mut g = Lrand48::default();
        let r1 = (g.draw() % LRAND48_MAX) as f64 / LRAND48_MAX as f64;
        let r2 = (g.draw() % LRAND48_MAX) as f64 / LRAND48_MAX as f64;
        assert_eq!(crate::number::fmt(r1), b"0.39646477363839");
        assert_eq!(crate::number::fmt(r2), b"0.84048536971234");
        // math.randomseed(42) then math.random()
        g.seed(42);
        let r = (g.draw() % LRAND48_MAX) as f64 / LRAND48_MAX as f64;
        assert_eq!(crate::number::fmt(r), b"0.74452500033403");
    }
}
