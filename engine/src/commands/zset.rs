//! Sorted sets (Redis's t_zset.c).

use crate::dict::Dict;
use crate::table::CommandSpec;

pub static COMMANDS: &[CommandSpec] = &[];

#[derive(Clone)]
pub struct ZSet {
    pub scores: Dict<f64>,
}

impl std::fmt::Debug for ZSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ZSet({} members)", self.len())
    }
}

impl ZSet {
    pub fn len(&self) -> usize {
        self.scores.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn encoding(&self) -> &'static str {
        "skiplist"
    }

    pub fn approx_bytes(&self) -> usize {
        self.scores.overhead_bytes()
    }
}
