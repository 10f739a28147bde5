//! The script heap: every table, function and captured-local cell, in arenas indexed by
//! `TableRef`, `FuncRef` and `CellRef`, collected by mark and sweep from the roots the
//! VM names (its stack, its frames, the globals and the registry). Indexes instead of
//! `Rc`s: cycles (a table holding itself, a closure in the table it captures) are
//! collected like anything else, and nothing here needs `unsafe`.
//!
//! Collection runs between slices of work, when the heap has grown by as much as it
//! held after the last collection (Lua 5.1's default `setpause` of 200%), so a script
//! that makes garbage in a loop runs in bounded memory; `bytes` is what the memory
//! limit is checked against.

use std::rc::Rc;

use crate::proto::Proto;
use crate::table::Table;
use crate::value::{FuncRef, TableRef, Value};
use crate::vm::NativeFn;

/// A captured local: an index into the heap's cells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CellRef(pub u32);

/// A function value.
#[derive(Clone)]
pub enum Function {
    Lua {
        proto: Rc<Proto>,
        upvals: Vec<CellRef>,
    },
    /// A library function; `upvals` are values it closes over (e.g. gmatch's state).
    Native {
        name: &'static str,
        f: NativeFn,
        upvals: Vec<Value>,
    },
}

impl std::fmt::Debug for Function {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Function::Lua { proto, .. } => write!(f, "function <{}:{}>", proto.source, proto.line_defined),
            Function::Native { name, .. } => write!(f, "builtin {name}"),
        }
    }
}

struct Arena<T> {
    slots: Vec<Option<T>>,
    free: Vec<u32>,
    marks: Vec<bool>,
}

impl<T> Default for Arena<T> {
    fn default() -> Self {
        Arena {
            slots: Vec::new(),
            free: Vec::new(),
            marks: Vec::new(),
        }
    }
}

impl<T> Arena<T> {
    fn alloc(&mut self, value: T) -> u32 {
        match self.free.pop() {
            Some(i) => {
                self.slots[i as usize] = Some(value);
                i
            }
            None => {
                self.slots.push(Some(value));
                self.marks.push(false);
                (self.slots.len() - 1) as u32
            }
        }
    }

    fn get(&self, i: u32) -> &T {
        self.slots[i as usize]
            .as_ref()
            .expect("a live reference points at a live object")
    }

    fn get_mut(&mut self, i: u32) -> &mut T {
        self.slots[i as usize]
            .as_mut()
            .expect("a live reference points at a live object")
    }

    /// Marks `i`; true if it was not marked yet.
    fn mark(&mut self, i: u32) -> bool {
        !std::mem::replace(&mut self.marks[i as usize], true)
    }

    /// Frees what is not marked, clears the marks; the objects freed.
    fn sweep(&mut self) -> Vec<T> {
        let mut freed = Vec::new();
        for (i, slot) in self.slots.iter_mut().enumerate() {
            if std::mem::replace(&mut self.marks[i], false) {
                continue;
            }
            if let Some(object) = slot.take() {
                freed.push(object);
                self.free.push(i as u32);
            }
        }
        freed
    }

    fn live(&self) -> usize {
        self.slots.len() - self.free.len()
    }
}

/// What one object costs besides its contents, roughly (for `bytes`).
const OBJECT_BYTES: usize = 48;

#[derive(Default)]
pub struct Heap {
    tables: Arena<Table>,
    funcs: Arena<Function>,
    cells: Arena<Value>,
    /// About the bytes the heap holds (tables' parts, strings made, objects).
    pub bytes: usize,
    /// `bytes` after the last collection.
    pub bytes_after_collect: usize,
}

impl Heap {
    pub fn new_table(&mut self, table: Table) -> TableRef {
        self.bytes += table.approximate_bytes();
        TableRef(self.tables.alloc(table))
    }

    pub fn table(&self, t: TableRef) -> &Table {
        self.tables.get(t.0)
    }

    /// A table to change; `grew` afterwards accounts for its new size.
    pub fn table_mut(&mut self, t: TableRef) -> &mut Table {
        self.tables.get_mut(t.0)
    }

    /// Counts bytes a change added (a table grown, a string made).
    pub fn grew(&mut self, bytes: usize) {
        self.bytes += bytes;
    }

    pub fn new_function(&mut self, f: Function) -> FuncRef {
        self.bytes += OBJECT_BYTES;
        FuncRef(self.funcs.alloc(f))
    }

    pub fn function(&self, f: FuncRef) -> &Function {
        self.funcs.get(f.0)
    }

    pub fn new_cell(&mut self, v: Value) -> CellRef {
        self.bytes += OBJECT_BYTES;
        CellRef(self.cells.alloc(v))
    }

    pub fn cell(&self, c: CellRef) -> &Value {
        self.cells.get(c.0)
    }

    pub fn set_cell(&mut self, c: CellRef, v: Value) {
        *self.cells.get_mut(c.0) = v;
    }

    /// Whether the heap has grown enough since the last collection to collect again.
    pub fn should_collect(&self) -> bool {
        self.bytes > 2 * self.bytes_after_collect.max(64 * 1024)
    }

    /// Live objects: (tables, functions, cells).
    pub fn live(&self) -> (usize, usize, usize) {
        (self.tables.live(), self.funcs.live(), self.cells.live())
    }

    /// Mark and sweep: everything reachable from `roots` and `root_cells` stays.
    pub fn collect<'a>(&mut self, roots: impl IntoIterator<Item = &'a Value>, root_cells: &[CellRef]) {
        let mut values: Vec<Value> = roots.into_iter().cloned().collect();
        let mut cells: Vec<CellRef> = root_cells.to_vec();
        loop {
            if let Some(c) = cells.pop() {
                if self.cells.mark(c.0) {
                    values.push(self.cells.get(c.0).clone());
                }
                continue;
            }
            let Some(v) = values.pop() else { break };
            match v {
                Value::Table(t) => {
                    if self.tables.mark(t.0) {
                        let table = self.tables.get(t.0);
                        values.extend(
                            table
                                .references()
                                .filter(|v| matches!(v, Value::Table(_) | Value::Func(_)))
                                .cloned(),
                        );
                        if let Some(meta) = table.metatable {
                            values.push(Value::Table(meta));
                        }
                    }
                }
                Value::Func(f) => {
                    if self.funcs.mark(f.0) {
                        match self.funcs.get(f.0) {
                            Function::Lua { proto, upvals } => {
                                cells.extend(upvals.iter().copied());
                                mark_constants(proto, &mut values);
                            }
                            Function::Native { upvals, .. } => values.extend(upvals.iter().cloned()),
                        }
                    }
                }
                _ => {}
            }
        }
        let mut freed = 0;
        for t in self.tables.sweep() {
            freed += t.approximate_bytes();
        }
        freed += self.funcs.sweep().len() * OBJECT_BYTES;
        freed += self.cells.sweep().len() * OBJECT_BYTES;
        self.bytes = self.bytes.saturating_sub(freed);
        self.bytes_after_collect = self.bytes;
    }
}

/// A prototype's constants hold no heap references today (strings and numbers only),
/// but nested prototypes are walked so that a later constant kind cannot be missed.
fn mark_constants(proto: &Proto, values: &mut Vec<Value>) {
    for k in &proto.consts {
        if matches!(k, Value::Table(_) | Value::Func(_)) {
            values.push(k.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreachable_tables_cycles_included_are_collected_and_reachable_ones_stay() {
        let mut heap = Heap::default();
        let root = heap.new_table(Table::default());
        let child = heap.new_table(Table::default());
        heap.table_mut(root)
            .set(Value::str("child"), Value::Table(child))
            .unwrap();
        // A cycle nothing reaches.
        let a = heap.new_table(Table::default());
        let b = heap.new_table(Table::default());
        heap.table_mut(a).set(Value::str("b"), Value::Table(b)).unwrap();
        heap.table_mut(b).set(Value::str("a"), Value::Table(a)).unwrap();
        // A cell reached only through a captured closure... here through a root cell.
        let cell = heap.new_cell(Value::Table(a));
        heap.collect([&Value::Table(root)], &[]);
        assert_eq!(heap.live().0, 2, "root and child stay, the a-b cycle goes");
        assert!(heap.table(root).get(&Value::str("child")).raw_eq(&Value::Table(child)));
        // Freed slots are reused.
        let again = heap.new_table(Table::default());
        assert!(again == a || again == b);
        let _ = cell;
        let c2 = heap.new_cell(Value::Table(again));
        heap.collect([&Value::Table(root)], &[c2]);
        assert_eq!(heap.live().0, 3, "a table reached through a root cell stays");
        assert_eq!(heap.live().2, 1, "the other cell is gone");
    }
}
