//! Lua 5.1's values, as the VM holds them: nil, booleans, numbers (C doubles: Lua 5.1
//! has no integer subtype), strings (immutable bytes with 5.1's hash, shared), and
//! references to tables and functions in the script's heap (`heap::Heap`). References are
//! indexes into the heap's arenas, not pointers: the heap owns every table and function,
//! a cycle of tables is no leak, and dropping the heap frees everything at once.

use std::rc::Rc;

/// A heap table: an index into `Heap`'s table arena.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TableRef(pub u32);

/// A heap function (a Lua closure or a native function): an index into its arena.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FuncRef(pub u32);

/// An immutable Lua string: bytes (not UTF-8) with the hash Lua 5.1 gives them
/// (`lstring.c` luaS_newlstr), which decides where a string key sits in a table and so
/// the order `pairs` visits it.
#[derive(Clone)]
pub struct LuaStr(Rc<StrInner>);

struct StrInner {
    hash: u32,
    bytes: Box<[u8]>,
}

impl LuaStr {
    pub fn new(bytes: &[u8]) -> LuaStr {
        LuaStr(Rc::new(StrInner {
            hash: hash(bytes),
            bytes: bytes.into(),
        }))
    }

    pub fn bytes(&self) -> &[u8] {
        &self.0.bytes
    }

    /// Lua 5.1's hash of the bytes.
    pub fn hash(&self) -> u32 {
        self.0.hash
    }
}

impl PartialEq for LuaStr {
    fn eq(&self, other: &LuaStr) -> bool {
        Rc::ptr_eq(&self.0, &other.0) || (self.0.hash == other.0.hash && self.0.bytes == other.0.bytes)
    }
}

impl Eq for LuaStr {}

impl std::fmt::Debug for LuaStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", String::from_utf8_lossy(self.bytes()))
    }
}

impl From<&str> for LuaStr {
    fn from(s: &str) -> LuaStr {
        LuaStr::new(s.as_bytes())
    }
}

/// lstring.c's hash: seeded with the length, at most 32 of the bytes mixed in (every
/// `step`-th from the end), so hashing a long string costs no more than a short one.
pub fn hash(bytes: &[u8]) -> u32 {
    let len = bytes.len();
    let mut h = len as u32;
    let step = (len >> 5) + 1;
    let mut l1 = len;
    while l1 >= step {
        h ^= (h << 5).wrapping_add(h >> 2).wrapping_add(u32::from(bytes[l1 - 1]));
        l1 -= step;
    }
    h
}

/// A Lua value.
#[derive(Clone, Debug, Default)]
pub enum Value {
    #[default]
    Nil,
    Bool(bool),
    Num(f64),
    Str(LuaStr),
    Table(TableRef),
    Func(FuncRef),
}

impl Value {
    pub fn is_nil(&self) -> bool {
        matches!(self, Value::Nil)
    }

    /// `nil` and `false` are false; everything else, 0 and "" included, is true.
    pub fn truthy(&self) -> bool {
        !matches!(self, Value::Nil | Value::Bool(false))
    }

    /// The name `type()` gives.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Nil => "nil",
            Value::Bool(_) => "boolean",
            Value::Num(_) => "number",
            Value::Str(_) => "string",
            Value::Table(_) => "table",
            Value::Func(_) => "function",
        }
    }

    pub fn str(s: &str) -> Value {
        Value::Str(LuaStr::from(s))
    }

    /// Raw equality (`rawequal`, table keys): numbers by value (so 0 == -0 and NaN is
    /// unequal to itself), strings by content, tables and functions by identity.
    pub fn raw_eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Nil, Value::Nil) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Num(a), Value::Num(b)) => a == b,
            (Value::Str(a), Value::Str(b)) => a == b,
            (Value::Table(a), Value::Table(b)) => a == b,
            (Value::Func(a), Value::Func(b)) => a == b,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_hash_as_lua_5_1_does() {
        // h = len; for each 1-in-step byte from the end: h ^= (h << 5) + (h >> 2) + byte.
        let mut h: u32 = 1;
        h ^= (h << 5) + (h >> 2) + u32::from(b'a');
        assert_eq!(hash(b"a"), h);
        assert_eq!(hash(b""), 0);
        // Past 32 bytes only every step-th byte counts: these two differ in a skipped one.
        let long_a = vec![b'x'; 64];
        let mut long_b = long_a.clone();
        long_b[62] = b'y';
        assert_eq!(hash(&long_a), hash(&long_b), "byte 62 of 64 is skipped with step 3");
        long_b[63] = b'y';
        assert_ne!(hash(&long_a), hash(&long_b), "the last byte counts");
    }

    #[test]
    fn raw_equality_and_truth() {
        assert!(Value::Num(0.0).raw_eq(&Value::Num(-0.0)));
        assert!(!Value::Num(f64::NAN).raw_eq(&Value::Num(f64::NAN)));
        assert!(Value::str("ab").raw_eq(&Value::Str(LuaStr::new(b"ab"))));
        assert!(!Value::str("1").raw_eq(&Value::Num(1.0)));
        assert!(Value::Num(0.0).truthy() && Value::str("").truthy());
        assert!(!Value::Nil.truthy() && !Value::Bool(false).truthy());
        assert_eq!(Value::Table(TableRef(3)).type_name(), "table");
    }
}
