//! (being written)

use crate::vm::Vm;

/// Opens the library (being written).
pub fn open(_vm: &mut Vm) {}
