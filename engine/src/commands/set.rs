//! Sets (Redis's t_set.c).

use crate::dict::Dict;
use crate::table::CommandSpec;

pub static COMMANDS: &[CommandSpec] = &[];

/// A set: small all-integer sets are a sorted array (Redis's intset), others a table.
#[derive(Clone)]
pub enum Set {
    IntSet(Vec<i64>),
    Table(Dict<()>),
}

impl std::fmt::Debug for Set {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Set({} members)", self.len())
    }
}

impl Set {
    pub fn len(&self) -> usize {
        match self {
            Set::IntSet(v) => v.len(),
            Set::Table(d) => d.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn encoding(&self) -> &'static str {
        match self {
            Set::IntSet(_) => "intset",
            Set::Table(_) => "hashtable",
        }
    }

    pub fn approx_bytes(&self) -> usize {
        match self {
            Set::IntSet(v) => v.len() * 8 + 16,
            Set::Table(d) => d.overhead_bytes() + d.keys().map(Vec::len).sum::<usize>(),
        }
    }
}
