//! A set: small all-integer sets are a sorted array, as Redis's intset (so they come
//! back sorted); anything else is a table.

use crate::dict::Dict;
use crate::num::int_bytes;
use crate::num::parse_i64;

#[derive(Clone)]
pub enum Set {
    IntSet(Vec<i64>),
    Table(Dict<()>),
}

impl std::fmt::Debug for Set {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Set({} members, {})", self.len(), self.encoding())
    }
}

impl Set {
    pub fn new() -> Set {
        Set::IntSet(Vec::new())
    }

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
            Set::Table(d) => d.overhead_bytes() + d.keys().map(<[u8]>::len).sum::<usize>(),
        }
    }

    pub fn contains(&self, member: &[u8]) -> bool {
        match self {
            Set::IntSet(v) => parse_i64(member).is_some_and(|n| v.binary_search(&n).is_ok()),
            Set::Table(d) => d.contains_key(member),
        }
    }

    fn to_table(&mut self) {
        if let Set::IntSet(v) = self {
            let mut d = Dict::new();
            for n in v.iter() {
                d.insert(int_bytes(*n), ());
            }
            // `setTypeConvert` sizes the table for the members first.
            d.finish_rehash();
            *self = Set::Table(d);
        }
    }

    /// `setTypeAdd`: true when the member is new.
    pub fn add(&mut self, member: &[u8], max_intset: usize) -> bool {
        if let Set::IntSet(v) = self {
            if let Some(n) = parse_i64(member) {
                return match v.binary_search(&n) {
                    Ok(_) => false,
                    Err(pos) => {
                        v.insert(pos, n);
                        if v.len() > max_intset {
                            self.to_table();
                        }
                        true
                    }
                };
            }
            self.to_table();
        }
        match self {
            Set::Table(d) => d.insert_slice(member, ()).is_none(),
            Set::IntSet(_) => unreachable!("converted above"),
        }
    }

    pub fn remove(&mut self, member: &[u8]) -> bool {
        match self {
            Set::IntSet(v) => match parse_i64(member).map(|n| v.binary_search(&n)) {
                Some(Ok(pos)) => {
                    v.remove(pos);
                    true
                }
                _ => false,
            },
            Set::Table(d) => d.remove(member).is_some(),
        }
    }

    /// Members in Redis's iteration order (sorted for an intset).
    pub fn members(&self) -> Vec<Vec<u8>> {
        match self {
            Set::IntSet(v) => v.iter().map(|n| int_bytes(*n)).collect(),
            Set::Table(d) => d.keys().map(<[u8]>::to_vec).collect(),
        }
    }

    /// A set built the way Redis builds results: intset first, converting as needed.
    pub fn from_members<'a>(members: impl IntoIterator<Item = &'a Vec<u8>>, max_intset: usize) -> Set {
        let mut s = Set::new();
        for m in members {
            s.add(m, max_intset);
        }
        s
    }
}

impl Default for Set {
    fn default() -> Self {
        Set::new()
    }
}
