//! A hash: small ones keep insertion order as a listpack does (learners see HGETALL
//! order); past the listpack limits, a table with Redis's SCAN cursor.

use crate::dict::Dict;

/// A hash: small ones keep insertion order (Redis's listpack), large ones are a table.
#[derive(Clone)]
pub enum Hash {
    Listpack(Vec<(Vec<u8>, Vec<u8>)>),
    Table(Dict<Vec<u8>>),
}

impl std::fmt::Debug for Hash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Hash({} fields, {})", self.len(), self.encoding())
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

    pub fn get(&self, field: &[u8]) -> Option<&Vec<u8>> {
        match self {
            Hash::Listpack(v) => v.iter().find(|(f, _)| f == field).map(|(_, x)| x),
            Hash::Table(d) => d.get(field),
        }
    }

    /// Sets a field; true when it is new.
    pub fn set(&mut self, field: &[u8], value: Vec<u8>) -> bool {
        match self {
            Hash::Listpack(v) => match v.iter_mut().find(|(f, _)| f == field) {
                Some(slot) => {
                    slot.1 = value;
                    false
                }
                None => {
                    v.push((field.to_vec(), value));
                    true
                }
            },
            Hash::Table(d) => {
                // `hashTypeSet`: dictFind, then dictAdd for a new field.
                let new = d.insert_slice(field, value).is_none();
                if new {
                    d.lookup_step();
                }
                new
            }
        }
    }

    pub fn remove(&mut self, field: &[u8]) -> bool {
        match self {
            Hash::Listpack(v) => match v.iter().position(|(f, _)| f == field) {
                Some(i) => {
                    v.remove(i);
                    true
                }
                None => false,
            },
            Hash::Table(d) => d.remove(field).is_some(),
        }
    }

    /// Fields and values in the order Redis iterates them.
    pub fn entries(&self) -> Vec<(Vec<u8>, Vec<u8>)> {
        match self {
            Hash::Listpack(v) => v.clone(),
            Hash::Table(d) => d.iter().map(|(f, x)| (f.to_vec(), x.clone())).collect(),
        }
    }

    /// `hashTypeConvert` when a limit is crossed (never back).
    pub(crate) fn convert_if_needed(&mut self, max_entries: usize, max_value: usize) {
        if let Hash::Listpack(v) = self {
            let too_long = v.iter().any(|(f, x)| f.len() > max_value || x.len() > max_value);
            if too_long || v.len() > max_entries {
                let mut d = Dict::new();
                for (f, x) in v.drain(..) {
                    d.insert(f, x);
                }
                // `hashTypeConvertListpack` sizes the table for the fields first.
                d.finish_rehash();
                *self = Hash::Table(d);
            }
        }
    }
}
