//! Operations on values that may need a metamethod: indexing, arithmetic, comparison,
//! equality and concatenation (lvm.c's luaV_gettable, Arith, lessthan, luaV_concat).
//! Apart from the loop, which calls them for every operand that is not a plain case.

use super::*;

/// lvm.c's arithmetic on two numbers (luai_nummod is a - floor(a/b)*b).
fn arith(op: Arith, a: f64, b: f64) -> f64 {
    match op {
        Arith::Add => a + b,
        Arith::Sub => a - b,
        Arith::Mul => a * b,
        Arith::Div => a / b,
        Arith::Mod => a - (a / b).floor() * b,
        Arith::Pow => a.powf(b),
    }
}

impl Vm {
    // ---- operations on values ---------------------------------------------------------

    /// Pushes `t[k]`, following `__index` (a function's result arrives when it returns).
    pub(super) fn index(&mut self, t: Value, k: Value, operand: usize) -> Result<(), Value> {
        let mut t = t;
        for _ in 0..MAX_TAG_LOOP {
            let mm = match &t {
                Value::Table(r) => {
                    let v = self.heap.table(*r).get(&k);
                    if !v.is_nil() {
                        self.stack.push(v);
                        return Ok(());
                    }
                    let mm = self.metamethod(&t, "__index");
                    if mm.is_nil() {
                        self.stack.push(Value::Nil);
                        return Ok(());
                    }
                    mm
                }
                _ => {
                    let mm = self.metamethod(&t, "__index");
                    if mm.is_nil() {
                        return Err(self.type_error(operand, "index", &t));
                    }
                    mm
                }
            };
            if let Value::Func(_) = mm {
                return self.call_meta(mm, vec![t, k], 1, Then::Push);
            }
            t = mm;
        }
        Err(self.error("loop in gettable"))
    }

    /// `t[k] = v`, following `__newindex`.
    pub(super) fn set_index(&mut self, t: Value, k: Value, v: Value, operand: usize) -> Result<(), Value> {
        let mut t = t;
        for _ in 0..MAX_TAG_LOOP {
            let mm = match &t {
                Value::Table(r) => {
                    let present = !self.heap.table(*r).get(&k).is_nil();
                    let mm = if present {
                        Value::Nil
                    } else {
                        self.metamethod(&t, "__newindex")
                    };
                    if mm.is_nil() {
                        let r = *r;
                        let before = self.heap.table(r).approximate_bytes();
                        if let Err(e) = self.heap.table_mut(r).set(k, v) {
                            return Err(self.error(e.message()));
                        }
                        let after = self.heap.table(r).approximate_bytes();
                        self.heap.grew(after.saturating_sub(before));
                        return Ok(());
                    }
                    mm
                }
                _ => {
                    let mm = self.metamethod(&t, "__newindex");
                    if mm.is_nil() {
                        return Err(self.type_error(operand, "index", &t));
                    }
                    mm
                }
            };
            if let Value::Func(_) = mm {
                return self.call_meta(mm, vec![t, k, v], 0, Then::Push);
            }
            t = mm;
        }
        Err(self.error("loop in settable"))
    }

    /// The binary metamethod of `a` or else `b` for `event`.
    fn binary_meta(&self, a: &Value, b: &Value, event: &str) -> Value {
        let mm = self.metamethod(a, event);
        if mm.is_nil() {
            self.metamethod(b, event)
        } else {
            mm
        }
    }

    pub(super) fn arith(&mut self, op: Arith, a: Value, b: Value) -> Result<(), Value> {
        if let (Some(x), Some(y)) = (Vm::to_number(&a), Vm::to_number(&b)) {
            self.stack.push(Value::Num(arith(op, x, y)));
            return Ok(());
        }
        let mm = self.binary_meta(&a, &b, op.event());
        if mm.is_nil() {
            // luaG_aritherror: the first operand that is not a number.
            let (i, bad) = if Vm::to_number(&a).is_none() { (0, &a) } else { (1, &b) };
            return Err(self.type_error(i, "perform arithmetic on", bad));
        }
        self.call_meta(mm, vec![a, b], 1, Then::Push)
    }

    /// luaG_ordererror's words.
    fn order_error(&self, a: &Value, b: &Value) -> Value {
        let (t1, t2) = (a.type_name(), b.type_name());
        if t1 == t2 {
            self.error(&format!("attempt to compare two {t1} values"))
        } else {
            self.error(&format!("attempt to compare {t1} with {t2}"))
        }
    }

    /// `a < b` (or `a <= b`), pushing a boolean (a metamethod's arrives later).
    pub(super) fn compare(&mut self, a: Value, b: Value, or_equal: bool) -> Result<(), Value> {
        let result = match (&a, &b) {
            (Value::Num(x), Value::Num(y)) => Some(if or_equal { x <= y } else { x < y }),
            // l_strcmp in the C locale: byte order (strcoll), segment by segment.
            (Value::Str(x), Value::Str(y)) => Some(if or_equal {
                x.bytes() <= y.bytes()
            } else {
                x.bytes() < y.bytes()
            }),
            _ => None,
        };
        if let Some(r) = result {
            self.stack.push(Value::Bool(r));
            return Ok(());
        }
        // 5.1's get_compTM: both operands must have the same metamethod.
        let event = if or_equal { "__le" } else { "__lt" };
        if std::mem::discriminant(&a) == std::mem::discriminant(&b) {
            let (m1, m2) = (self.metamethod(&a, event), self.metamethod(&b, event));
            if !m1.is_nil() && m1.raw_eq(&m2) {
                return self.call_meta(m1, vec![a, b], 1, Then::Truth { negate: false });
            }
            if or_equal {
                // a <= b as not (b < a)
                let (m1, m2) = (self.metamethod(&a, "__lt"), self.metamethod(&b, "__lt"));
                if !m1.is_nil() && m1.raw_eq(&m2) {
                    return self.call_meta(m1, vec![b, a], 1, Then::Truth { negate: true });
                }
            }
        }
        Err(self.order_error(&a, &b))
    }

    pub(super) fn equals(&mut self, a: Value, b: Value) -> Result<(), Value> {
        if a.raw_eq(&b) {
            self.stack.push(Value::Bool(true));
            return Ok(());
        }
        if let (Value::Table(_), Value::Table(_)) = (&a, &b) {
            let (m1, m2) = (self.metamethod(&a, "__eq"), self.metamethod(&b, "__eq"));
            if !m1.is_nil() && m1.raw_eq(&m2) {
                return self.call_meta(m1, vec![a, b], 1, Then::Truth { negate: false });
            }
        }
        self.stack.push(Value::Bool(false));
        Ok(())
    }

    /// Concatenates the top `n` values, right to left, as luaV_concat: runs of strings
    /// and numbers at once, `__concat` for the rest.
    pub(super) fn concat(&mut self, mut n: usize) -> Result<(), Value> {
        while n > 1 {
            let len = self.stack.len();
            let convertible = |v: &Value| matches!(v, Value::Str(_) | Value::Num(_));
            if convertible(&self.stack[len - 1]) && convertible(&self.stack[len - 2]) {
                let mut k = 2;
                while k < n && convertible(&self.stack[len - k - 1]) {
                    k += 1;
                }
                let parts: Vec<Value> = self.stack.split_off(len - k);
                let mut out = Vec::new();
                for p in &parts {
                    out.extend(Vm::to_str_bytes(p).unwrap_or_default());
                }
                self.charge(out.len() as u64 / 16);
                let s = self.string(&out);
                self.stack.push(s);
                n -= k - 1;
                continue;
            }
            let b = self.stack.pop().unwrap_or_default();
            let a = self.stack.pop().unwrap_or_default();
            let mm = self.binary_meta(&a, &b, "__concat");
            if mm.is_nil() {
                // luaG_concaterror: blame the operand that is not a string or number.
                let (i, bad) = if convertible(&a) { (n - 1, &b) } else { (n - 2, &a) };
                return Err(self.type_error(i, "concatenate", bad));
            }
            return self.call_meta(mm, vec![a, b], 1, Then::Concat { left: (n - 1) as u16 });
        }
        Ok(())
    }
}
