//! The value stored under a key; each data type's representation lives in `types/`.

use std::collections::VecDeque;

use crate::types::hash::Hash;
use crate::types::set::Set;
use crate::types::stream::Stream;
use crate::types::zset::ZSet;

#[derive(Clone, Debug)]
pub enum Value {
    String(StrValue),
    List(VecDeque<Vec<u8>>),
    Hash(Hash),
    Set(Set),
    ZSet(ZSet),
    /// Boxed: a stream's bookkeeping is larger than the other kinds.
    Stream(Box<Stream>),
}

/// A string value. `raw` remembers an in-place modification (APPEND, SETRANGE,
/// SETBIT), after which Redis reports the `raw` encoding whatever the length.
#[derive(Clone, Debug, Default)]
pub struct StrValue {
    pub bytes: Vec<u8>,
    pub raw: bool,
}

impl StrValue {
    pub fn new(bytes: Vec<u8>) -> Self {
        StrValue { bytes, raw: false }
    }
}

/// The type a command expects, with its name as TYPE and SCAN TYPE spell it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    String,
    List,
    Hash,
    Set,
    ZSet,
    Stream,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::String => "string",
            Kind::List => "list",
            Kind::Hash => "hash",
            Kind::Set => "set",
            Kind::ZSet => "zset",
            Kind::Stream => "stream",
        }
    }

    pub fn from_name(name: &[u8]) -> Option<Kind> {
        Some(match name.to_ascii_lowercase().as_slice() {
            b"string" => Kind::String,
            b"list" => Kind::List,
            b"hash" => Kind::Hash,
            b"set" => Kind::Set,
            b"zset" => Kind::ZSet,
            b"stream" => Kind::Stream,
            _ => return None,
        })
    }
}

impl Value {
    pub fn string_mut(&mut self) -> Option<&mut StrValue> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn list_mut(&mut self) -> Option<&mut VecDeque<Vec<u8>>> {
        match self {
            Value::List(l) => Some(l),
            _ => None,
        }
    }

    pub fn hash_mut(&mut self) -> Option<&mut Hash> {
        match self {
            Value::Hash(h) => Some(h),
            _ => None,
        }
    }

    pub fn set_mut(&mut self) -> Option<&mut Set> {
        match self {
            Value::Set(s) => Some(s),
            _ => None,
        }
    }

    pub fn zset_mut(&mut self) -> Option<&mut ZSet> {
        match self {
            Value::ZSet(z) => Some(z),
            _ => None,
        }
    }

    pub fn stream_mut(&mut self) -> Option<&mut Stream> {
        match self {
            Value::Stream(s) => Some(s),
            _ => None,
        }
    }

    pub fn string(bytes: impl Into<Vec<u8>>) -> Value {
        Value::String(StrValue::new(bytes.into()))
    }

    pub fn kind(&self) -> Kind {
        match self {
            Value::String(_) => Kind::String,
            Value::List(_) => Kind::List,
            Value::Hash(_) => Kind::Hash,
            Value::Set(_) => Kind::Set,
            Value::ZSet(_) => Kind::ZSet,
            Value::Stream(_) => Kind::Stream,
        }
    }

    /// Length or cardinality, as the inspector shows it.
    pub fn size(&self) -> usize {
        match self {
            Value::String(s) => s.bytes.len(),
            Value::List(l) => l.len(),
            Value::Hash(h) => h.len(),
            Value::Set(s) => s.len(),
            Value::ZSet(z) => z.len(),
            Value::Stream(s) => s.len(),
        }
    }

    /// OBJECT ENCODING, by Redis 7.0's rules and default thresholds.
    pub fn encoding(&self) -> &'static str {
        match self {
            Value::String(s) => {
                if !s.raw && crate::num::parse_i64(&s.bytes).is_some() {
                    "int"
                } else if !s.raw && s.bytes.len() <= 44 {
                    "embstr"
                } else {
                    "raw"
                }
            }
            Value::List(_) => "quicklist",
            Value::Hash(h) => h.encoding(),
            Value::Set(s) => s.encoding(),
            Value::ZSet(z) => z.encoding(),
            Value::Stream(_) => "stream",
        }
    }

    /// A rough count of heap bytes, for INFO memory, MEMORY USAGE and maxmemory.
    pub fn approx_bytes(&self) -> usize {
        const ENTRY: usize = 16;
        match self {
            Value::String(s) => s.bytes.capacity() + ENTRY,
            Value::List(l) => l.iter().map(|e| e.len() + ENTRY).sum::<usize>() + ENTRY,
            Value::Hash(h) => h.approx_bytes(),
            Value::Set(s) => s.approx_bytes(),
            Value::ZSet(z) => z.approx_bytes(),
            Value::Stream(s) => s.approx_bytes(),
        }
    }
}
