//! Hashes (Redis's t_hash.c).

use crate::dict::Dict;
use crate::table::CommandSpec;

pub static COMMANDS: &[CommandSpec] = &[];

/// A hash: small ones keep insertion order (Redis's listpack), large ones are a table.
#[derive(Clone, Debug)]
pub enum Hash {
    Listpack(Vec<(Vec<u8>, Vec<u8>)>),
    Table(Dict<Vec<u8>>),
}

impl std::fmt::Debug for Dict<Vec<u8>> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Dict({} entries)", self.len())
    }
}

impl Hash {
    pub fn len(&self) -> usize {
        match self {
            Hash::Listpack(v) => v.len(),
            Hash::Table(d) => d.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn encoding(&self) -> &'static str {
        match self {
            Hash::Listpack(_) => "listpack",
            Hash::Table(_) => "hashtable",
        }
    }

    pub fn approx_bytes(&self) -> usize {
        match self {
            Hash::Listpack(v) => v.iter().map(|(f, x)| f.len() + x.len() + 4).sum::<usize>() + 16,
            Hash::Table(d) => d.overhead_bytes() + d.iter().map(|(f, x)| f.len() + x.len()).sum::<usize>(),
        }
    }
}
