//! The release build's last step (`cargo xtask build`, which `test` and `bench` run): the
//! widget's module split in two, so that a page embedding a widget downloads the code a
//! widget usually runs and not the rest (issue 17's 250 KB).
//!
//! How, on `dist/` as trunk left it:
//! 1. **Profile.** A copy of the widget module is instrumented, every function announcing
//!    itself to a JS import at entry (`cov.hit(index)`, the first half of binaryen's
//!    `wasm-split --instrument`), and `tests/e2e/split-profile.mjs` plays the profile pages
//!    with it in headless Chromium (a widget running its commands at load; a widget with
//!    the inspector into which a first tutorial is typed, with completion and history):
//!    the functions that ran are the first module's. Lesson widgets are not profiled:
//!    `embed.js` fetches the second module before it mounts one.
//! 2. **Split** ([`split`]). The **first module** keeps those functions; every other one
//!    becomes a placeholder: if the `__split_loaded` global is 0, call the widget's
//!    `loadSecondModule` import (`web/src/services/split.rs`; `embed.js` answers it), then
//!    call the real function through function-table slots added after the module's own.
//!    It exports, under `__split_*` names, everything the second module needs: its memory,
//!    tables, mutable globals and imported functions. The **second module** is the
//!    original with all of those imported from the first (so every copy of a function
//!    sees the same heap, stack pointer and wasm-bindgen externref table), without data,
//!    start or exports, and with one element segment putting its real functions in the
//!    slots. wasm-opt then keeps in it what those functions reach.
//! 3. Both through `wasm-opt -Oz` with trunk's features; the first replaces the widget
//!    module under a new content hash, the second is written beside it, and `embed.js`'s
//!    `WASM` and `REST` are filled in, and `WARM`: the names of the commands the profile
//!    ran (a widget whose preloaded commands include another gets the second module
//!    before it mounts).
//!
//! A function the profile did not reach still works: its placeholder loads the second
//! module first (`embed.js` fetches it in the background as soon as a reader reaches into
//! a widget, or synchronously if a placeholder runs before). `tests/e2e/split.test.mjs`
//! plays the built split.

use std::collections::HashSet;
use std::path::Path;
use std::process::Command;

use walrus::ir::{UnaryOp, Value};
use walrus::{
    ConstExpr, ElementItems, ElementKind, ExportItem, FunctionId, FunctionKind, GlobalKind, ImportKind, Module,
    RefType, ValType,
};

use crate::bench::{embed_constant, embed_files, gzipped};
use crate::{run, step};

/// The name (before its hash) of the widget's import that placeholders call.
const LOAD_IMPORT: &str = "__wbg_loadSecondModule_";

fn local_functions(module: &Module) -> Vec<FunctionId> {
    module
        .funcs
        .iter()
        .filter(|f| matches!(f.kind, FunctionKind::Local(_)))
        .map(|f| f.id())
        .collect()
}

fn read(wasm: &Path) -> Result<Module, String> {
    Module::from_file(wasm).map_err(|e| format!("{}: {e}", wasm.display()))
}

/// The module with `cov.hit(i32)` called first thing in every function (`i`: the
/// function's index among the module's functions as walrus reads them, the same in
/// every read of the same file).
fn instrument(wasm: &Path, out: &Path) -> Result<(), String> {
    let mut module = read(wasm)?;
    let ty = module.types.add(&[ValType::I32], &[]);
    let (hit, _) = module.add_import_func("cov", "hit", ty);
    for id in local_functions(&module) {
        let index = id.index() as i32;
        if let FunctionKind::Local(f) = &mut module.funcs.get_mut(id).kind {
            f.builder_mut()
                .func_body()
                .call_at(0, hit)
                .const_at(0, Value::I32(index));
        }
    }
    module.emit_wasm_file(out).map_err(|e| e.to_string())
}

/// The function table (the one of `funcref`s).
fn function_table(module: &Module) -> Result<walrus::TableId, String> {
    module
        .tables
        .iter()
        .find(|t| t.element_ty == RefType::Funcref)
        .map(|t| t.id())
        .ok_or("the module has no function table".to_string())
}

/// How far from a data object an address in code may point and still count as a use
/// of it (LLVM folds `&TABLE[i - 1]` into a constant just before the table).
const CODE_SLACK: u32 = 64;

/// A static of the program: one data segment of the unoptimized module, which the widget
/// links with `--no-merge-data-segments` (web/build.rs). wasm-opt keeps every byte where
/// it was but cuts segments at runs of zeros, so only the unoptimized module says where
/// each static begins and ends.
pub struct Object {
    start: u32,
    bytes: Vec<u8>,
    read_only: bool,
}

impl Object {
    fn end(&self) -> u32 {
        self.start + self.bytes.len() as u32
    }
}

/// The statics of an unoptimized module, by address; read-only ones are named `.rodata*`.
pub fn objects(module: &Module) -> Vec<Object> {
    let mut objects: Vec<Object> = module
        .data
        .iter()
        .filter_map(|d| match &d.kind {
            walrus::DataKind::Active {
                offset: ConstExpr::Value(Value::I32(start)),
                ..
            } => Some(Object {
                start: *start as u32,
                bytes: d.value.clone(),
                read_only: d.name.as_deref().is_some_and(|n| n.starts_with(".rodata")),
            }),
            _ => None,
        })
        .collect();
    objects.sort_by_key(|o| o.start);
    objects
}

/// The data segments of `module` (the optimized module) holding only read-only statics
/// that no function of `used` can reach: no address in such a function's code (a
/// constant, or a load's or store's offset) points into them, or into a static those
/// reach through a pointer stored in it (any aligned 4-byte word whose value is an
/// address inside a static, followed transitively). Only code of the second module reads
/// them, so they can travel with it: its instantiation writes them where they always were,
/// before any of its code runs. Mutable statics stay in the first module whoever uses them.
fn cold_data(module: &Module, used: &HashSet<usize>, objects: &[Object]) -> Result<HashSet<walrus::DataId>, String> {
    struct Addresses(Vec<u32>);
    impl<'a> walrus::ir::Visitor<'a> for Addresses {
        fn visit_const(&mut self, c: &walrus::ir::Const) {
            if let Value::I32(v) = c.value {
                self.0.push(v as u32);
            }
        }
        fn visit_load(&mut self, l: &walrus::ir::Load) {
            self.0.push(l.arg.offset);
        }
        fn visit_store(&mut self, s: &walrus::ir::Store) {
            self.0.push(s.arg.offset);
        }
    }
    let mut addresses = Addresses(Vec::new());
    for f in module.funcs.iter() {
        if let FunctionKind::Local(local) = &f.kind {
            if used.contains(&f.id().index()) {
                walrus::ir::dfs_in_order(&mut addresses, local, local.entry_block());
            }
        }
    }
    for g in module.globals.iter() {
        if let GlobalKind::Local(ConstExpr::Value(Value::I32(v))) = g.kind {
            addresses.0.push(v as u32);
        }
    }
    let mut reached = vec![false; objects.len()];
    let mut todo: Vec<usize> = Vec::new();
    // Marks every static within `slack` bytes of `address` (they do not overlap: walk
    // back from the last one starting at or before `address + slack`).
    let reach = |address: u32, slack: u32, reached: &mut Vec<bool>, todo: &mut Vec<usize>| {
        let mut i = objects.partition_point(|o| o.start <= address.saturating_add(slack));
        while i > 0 && objects[i - 1].end().saturating_add(slack) >= address {
            i -= 1;
            if !reached[i] {
                reached[i] = true;
                todo.push(i);
            }
        }
    };
    for a in addresses.0.into_iter().filter(|&a| a >= 1024) {
        reach(a, CODE_SLACK, &mut reached, &mut todo);
    }
    while let Some(i) = todo.pop() {
        let o = &objects[i];
        let first_aligned = ((4 - o.start % 4) % 4) as usize;
        for at in (first_aligned..o.bytes.len().saturating_sub(3)).step_by(4) {
            let word = u32::from_le_bytes([o.bytes[at], o.bytes[at + 1], o.bytes[at + 2], o.bytes[at + 3]]);
            if word >= 1024 {
                reach(word, 0, &mut reached, &mut todo);
            }
        }
    }
    // Each segment of the optimized module: the static it lies in, if it lies in one.
    let mut cold = HashSet::new();
    for d in module.data.iter() {
        let walrus::DataKind::Active {
            offset: ConstExpr::Value(Value::I32(start)),
            ..
        } = &d.kind
        else {
            continue;
        };
        let (start, end) = (*start as u32, *start as u32 + d.value.len() as u32);
        let i = objects.partition_point(|o| o.start <= start);
        let Some(o) = i.checked_sub(1).map(|i| &objects[i]).filter(|o| end <= o.end()) else {
            continue; // across statics (or outside any): stays
        };
        let at = (start - o.start) as usize;
        if o.bytes[at..at + d.value.len()] != d.value[..] {
            return Err(format!(
                "data at {start}: wasm-opt changed it; the split cannot tell statics apart"
            ));
        }
        if o.read_only && !reached[i - 1] {
            cold.insert(d.id());
        }
    }
    Ok(cold)
}

/// Joins the active data segments that follow each other with at most `max_gap` bytes
/// between them (filled with zeros), so that the statics kept apart for [`cold_data`]
/// do not each pay for a segment header. A gap may only be filled where nothing else is
/// written: in the first module (instantiated first, on zeroed memory, the second
/// module's data written over it later), not in the second (`max_gap` 0 there).
fn merge_segments(module: &mut Module, max_gap: u32) {
    let mut active: Vec<(walrus::MemoryId, u32, Vec<u8>)> = Vec::new();
    let ids: Vec<_> = module.data.iter().map(|d| d.id()).collect();
    for id in ids {
        if let walrus::DataKind::Active {
            memory,
            offset: ConstExpr::Value(Value::I32(start)),
        } = module.data.get(id).kind
        {
            let value = std::mem::take(&mut module.data.get_mut(id).value);
            active.push((memory, start as u32, value));
            module.data.delete(id);
            module.memories.get_mut(memory).data_segments.remove(&id);
        }
    }
    active.sort_by_key(|(_, start, _)| *start);
    let mut merged: Vec<(walrus::MemoryId, u32, Vec<u8>)> = Vec::new();
    for (memory, start, value) in active {
        match merged.last_mut() {
            Some((m, s, v))
                if *m == memory && start >= *s + v.len() as u32 && start - (*s + v.len() as u32) <= max_gap =>
            {
                v.resize((start - *s) as usize, 0);
                v.extend_from_slice(&value);
            }
            _ => merged.push((memory, start, value)),
        }
    }
    for (memory, start, value) in merged {
        let id = module.data.add(
            walrus::DataKind::Active {
                memory,
                offset: ConstExpr::Value(Value::I32(start as i32)),
            },
            value,
        );
        module.memories.get_mut(memory).data_segments.insert(id);
    }
}

/// Splits `wasm` into `first` and `second` (the module comment's step 2), keeping the
/// bodies of `used` in the first; returns how many functions the module has, and how many
/// functions and bytes of data were left out of the first.
pub fn split(
    wasm: &Path,
    used: &HashSet<usize>,
    objects: &[Object],
    first: &Path,
    second: &Path,
) -> Result<(usize, usize, usize), String> {
    let mut module = read(wasm)?;
    if module
        .imports
        .iter()
        .any(|i| !matches!(i.kind, ImportKind::Function(_)))
    {
        return Err(format!(
            "{}: imports other than functions, which the split does not share",
            wasm.display()
        ));
    }
    let load = module
        .imports
        .iter()
        .find(|i| i.name.starts_with(LOAD_IMPORT))
        .and_then(|i| match i.kind {
            ImportKind::Function(f) => Some(f),
            _ => None,
        })
        .ok_or(format!(
            "{}: no {LOAD_IMPORT}* import (web/src/services/split.rs)",
            wasm.display()
        ))?;
    let load_ty = module.types.get(module.funcs.get(load).ty());
    if !load_ty.params().is_empty() || !load_ty.results().is_empty() {
        return Err(format!("{LOAD_IMPORT}*: expected no parameters and no results"));
    }
    let left_out: Vec<FunctionId> = local_functions(&module)
        .into_iter()
        .filter(|id| !used.contains(&id.index()))
        .collect();
    // The read-only data only the left-out functions read goes with them, by position
    // (the same in both reads of the file).
    let cold = cold_data(&module, used, objects)?;
    let cold_positions: HashSet<usize> = module
        .data
        .iter()
        .enumerate()
        .filter(|(_, d)| cold.contains(&d.id()))
        .map(|(i, _)| i)
        .collect();
    for id in &cold {
        module.data.delete(*id);
    }
    for m in module.memories.iter_mut() {
        m.data_segments.retain(|d| !cold.contains(d));
    }

    // What the second module imports, exported under `__split_*` names.
    let table = function_table(&module)?;
    let base = module.tables.get(table).initial;
    let grown = module.tables.get_mut(table);
    grown.initial += left_out.len() as u64;
    grown.maximum = grown.maximum.map(|max| max.max(grown.initial));
    let mut shared: Vec<(String, ExportItem)> = Vec::new();
    for (i, t) in module.tables.iter().enumerate() {
        shared.push((format!("t{i}"), ExportItem::Table(t.id())));
    }
    for (i, g) in module.globals.iter().filter(|g| g.mutable).enumerate() {
        shared.push((format!("g{i}"), ExportItem::Global(g.id())));
    }
    for (i, import) in module.imports.iter().enumerate() {
        if let ImportKind::Function(f) = import.kind {
            shared.push((format!("f{i}"), ExportItem::Function(f)));
        }
    }
    for m in module.memories.iter() {
        shared.push(("memory".into(), ExportItem::Memory(m.id())));
    }
    let loaded = module
        .globals
        .add_local(ValType::I32, true, false, ConstExpr::Value(Value::I32(0)));
    shared.push(("loaded".into(), ExportItem::Global(loaded)));
    for (name, item) in shared {
        module.exports.add(&format!("__split_{name}"), item);
    }

    // Placeholders: `if !loaded { load() }; call_indirect(args..., slot)`.
    for (k, id) in left_out.iter().enumerate() {
        let ty = module.funcs.get(*id).ty();
        if let FunctionKind::Local(f) = &mut module.funcs.get_mut(*id).kind {
            let args = f.args.clone();
            let entry = f.entry_block();
            f.block_mut(entry).instrs.clear();
            let mut body = f.builder_mut().func_body();
            body.global_get(loaded).unop(UnaryOp::I32Eqz).if_else(
                None,
                |then| {
                    then.call(load);
                },
                |_| {},
            );
            for local in args {
                body.local_get(local);
            }
            body.i32_const((base as usize + k) as i32).call_indirect(ty, table);
        }
    }
    merge_segments(&mut module, 16);
    module.emit_wasm_file(first).map_err(|e| e.to_string())?;

    let mut rest = read(wasm)?;
    let data: HashSet<_> = rest
        .data
        .iter()
        .enumerate()
        .filter(|(i, _)| !cold_positions.contains(i))
        .map(|(_, d)| d.id())
        .collect();
    for d in &data {
        rest.data.delete(*d);
    }
    let memories: Vec<_> = rest.memories.iter().map(|m| m.id()).collect();
    for memory in memories {
        let import = rest.imports.add("split", "memory", ImportKind::Memory(memory));
        let m = rest.memories.get_mut(memory);
        m.import = Some(import);
        m.maximum = None;
        m.data_segments.retain(|d| !data.contains(d));
    }
    let elements: Vec<_> = rest.elements.iter().map(|e| e.id()).collect();
    for e in elements {
        rest.elements.delete(e);
    }
    let tables: Vec<_> = rest.tables.iter().map(|t| t.id()).collect();
    for (i, t) in tables.iter().enumerate() {
        let import = rest.imports.add("split", &format!("t{i}"), ImportKind::Table(*t));
        let t = rest.tables.get_mut(*t);
        t.elem_segments.clear();
        t.import = Some(import);
        t.maximum = None;
    }
    let globals: Vec<_> = rest.globals.iter().filter(|g| g.mutable).map(|g| g.id()).collect();
    for (i, g) in globals.iter().enumerate() {
        let import = rest.imports.add("split", &format!("g{i}"), ImportKind::Global(*g));
        rest.globals.get_mut(*g).kind = GlobalKind::Import(import);
    }
    // The imported functions, renamed to the first module's exports of them (the same
    // order: both are reads of the same file).
    let functions: Vec<_> = rest
        .imports
        .iter()
        .enumerate()
        .filter(|(_, i)| matches!(i.kind, ImportKind::Function(_)) && i.module != "split")
        .map(|(i, import)| (i, import.id()))
        .collect();
    for (i, id) in functions {
        let import = rest.imports.get_mut(id);
        import.module = "split".into();
        import.name = format!("f{i}");
    }
    rest.start = None;
    let exports: Vec<_> = rest.exports.iter().map(|e| e.id()).collect();
    for e in exports {
        rest.exports.delete(e);
    }
    let table = function_table(&rest)?;
    let real: Vec<FunctionId> = local_functions(&rest)
        .into_iter()
        .filter(|id| !used.contains(&id.index()))
        .collect();
    rest.elements.add(
        ElementKind::Active {
            table,
            offset: ConstExpr::Value(Value::I32(base as i32)),
        },
        ElementItems::Functions(real),
    );
    merge_segments(&mut rest, 0);
    rest.emit_wasm_file(second).map_err(|e| e.to_string())?;
    let cold_bytes = rest.data.iter().map(|d| d.value.len()).sum();
    Ok((local_functions(&rest).len(), left_out.len(), cold_bytes))
}

/// wasm-opt as trunk runs it on the widget (its default features, no others: with
/// `--all-features` it writes compact imports, which Chromium refuses).
/// `KEYSPACE_SPLIT_NAMES=1` keeps the function names (`--debuginfo`), for reading a
/// placeholder's stack trace when a page loads the second module unexpectedly.
fn wasm_opt(root: &Path, input: &Path, output: &Path) -> Result<(), String> {
    let names = std::env::var_os("KEYSPACE_SPLIT_NAMES").is_some_and(|v| v == "1");
    run(Command::new("wasm-opt")
        .env("PATH", crate::tools::path_with_node_bin(root))
        .args(names.then_some("--debuginfo"))
        .args([
            "-Oz",
            "--enable-bulk-memory",
            "--enable-reference-types",
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
            "--enable-mutable-globals",
            "--enable-multivalue",
        ])
        .arg(input)
        .arg("-o")
        .arg(output))
}

/// The instrumented copy's glue gets the `cov` import the instrumented code calls: added
/// to its import object, whose shape (wasm-bindgen 0.2.130's `--target web` glue) is checked.
fn add_cov_import(glue: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(glue).map_err(|e| e.to_string())?;
    let marker = "_bg.js\": import0,";
    if !text.contains(marker) {
        return Err(format!(
            "{}: not the glue this was written for (no {marker})",
            glue.display()
        ));
    }
    let cov = "\"cov\": { hit: (i) => { (globalThis.__cov ??= new Set()).add(i); } },";
    std::fs::write(glue, text.replacen(marker, &format!("{marker} {cov}"), 1)).map_err(|e| e.to_string())
}

/// The first 16 hex digits of a file's SHA-256, as the build hook names files.
fn content_hash(path: &Path) -> Result<String, String> {
    let out = Command::new("sha256sum")
        .arg(path)
        .output()
        .map_err(|e| format!("cannot run sha256sum: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    match text.get(..16) {
        Some(hex) if out.status.success() => Ok(hex.to_string()),
        _ => Err(format!(
            "sha256sum {}: {}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        )),
    }
}

/// `const NAME = '...';` in embed.js set to `value`.
fn set_constant(embed: &str, name: &str, value: &str) -> Result<String, String> {
    let prefix = format!("const {name} = '");
    let line = embed
        .lines()
        .find(|l| l.starts_with(&prefix))
        .ok_or(format!("dist/embed.js has no {prefix}"))?;
    Ok(embed.replacen(line, &format!("{prefix}{value}';"), 1))
}

/// Splits `dist/`'s widget module in two (the module comment), in place, after
/// `trunk build --release`.
pub fn split_widget(root: &Path) -> Result<(), String> {
    let dist = root.join("dist");
    let embed_path = dist.join("embed.js");
    let embed = std::fs::read_to_string(&embed_path).map_err(|e| format!("cannot read dist/embed.js: {e}"))?;
    if embed_constant(&dist, "REST")?.as_deref() != Some("") {
        return Err("dist/embed.js is split already (its REST is set): build with trunk first".into());
    }
    let [glue, wasm, _] = embed_files(&dist)?;
    let work = root.join("target/split");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    // trunk leaves the widget module unoptimized (index.html): its statics are told apart
    // there, then it is optimized whole, as trunk would, and that is what is split.
    let objects = objects(&read(&dist.join(&wasm))?);
    let whole = work.join("whole.wasm");
    wasm_opt(root, &dist.join(&wasm), &whole)?;

    step("widget split 1/3: playing the profile pages with an instrumented copy of the widget module");
    let copy = work.join("profile-dist");
    run(Command::new("cp").arg("-r").arg(&dist).arg(&copy))?;
    instrument(&whole, &copy.join(&wasm))?;
    add_cov_import(&copy.join(&glue))?;
    let (hits, commands) = (work.join("hits.txt"), work.join("commands.txt"));
    run(Command::new("node")
        .arg("tests/e2e/split-profile.mjs")
        .arg(&copy)
        .arg(&hits)
        .arg(&commands)
        .env("CHROMIUM", crate::tools::CHROMIUM))?;
    let commands = std::fs::read_to_string(&commands).map_err(|e| e.to_string())?;
    if commands.is_empty() || !commands.bytes().all(|b| b.is_ascii_graphic() || b == b' ') || commands.contains('\'') {
        return Err(format!("split-profile.mjs: not a list of command names: {commands:?}"));
    }
    let used: HashSet<usize> = std::fs::read_to_string(&hits)
        .map_err(|e| e.to_string())?
        .lines()
        .filter_map(|l| l.trim().parse().ok())
        .collect();

    step("widget split 2/3: the first module (what ran) and the second (the rest)");
    let (first, second) = (work.join("first.wasm"), work.join("second.wasm"));
    let (total, left_out, cold) = split(&whole, &used, &objects, &first, &second)?;
    let (first_opt, second_opt) = (work.join("first-opt.wasm"), work.join("second-opt.wasm"));
    wasm_opt(root, &first, &first_opt)?;
    wasm_opt(root, &second, &second_opt)?;

    step("widget split 3/3: both modules into dist/, embed.js told their names");
    let first_name = format!("keyspace-widget-{}_bg.wasm", content_hash(&first_opt)?);
    let second_name = format!("keyspace-widget-{}_rest.wasm", content_hash(&second_opt)?);
    std::fs::remove_file(dist.join(&wasm)).map_err(|e| e.to_string())?;
    for (from, to) in [(&first_opt, &first_name), (&second_opt, &second_name)] {
        std::fs::copy(from, dist.join(to)).map_err(|e| e.to_string())?;
    }
    let embed = set_constant(&embed, "WASM", &first_name)?;
    let embed = set_constant(&set_constant(&embed, "REST", &second_name)?, "WARM", &commands)?;
    std::fs::write(&embed_path, embed).map_err(|e| e.to_string())?;
    println!(
        "the widget module split: {} of {total} functions ran in the profile, {cold} bytes of read-only data only the others read; first module {} bytes gzipped, second {}",
        total - left_out,
        gzipped(&dist.join(&first_name))?,
        gzipped(&dist.join(&second_name))?,
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module with one memory, data segments `(address, bytes, name)`, and one
    /// function per address in `code` that uses the address as a constant.
    fn module(data: &[(u32, &[u8], &str)], code: &[u32]) -> Module {
        let mut m = Module::default();
        let memory = m.memories.add_local(false, false, 1, None, None);
        for (at, bytes, name) in data {
            let id = m.data.add(
                walrus::DataKind::Active {
                    memory,
                    offset: ConstExpr::Value(Value::I32(*at as i32)),
                },
                bytes.to_vec(),
            );
            m.data.get_mut(id).name = Some(name.to_string());
            m.memories.get_mut(memory).data_segments.insert(id);
        }
        for address in code {
            let mut f = walrus::FunctionBuilder::new(&mut m.types, &[], &[]);
            f.func_body().i32_const(*address as i32).drop();
            f.finish(vec![], &mut m.funcs);
        }
        m
    }

    fn cold_addresses(m: &Module, used: &[usize]) -> Vec<i32> {
        let used: HashSet<usize> = used.iter().copied().collect();
        let mut cold: Vec<i32> = cold_data(m, &used, &objects(m))
            .unwrap()
            .into_iter()
            .map(|id| match m.data.get(id).kind {
                walrus::DataKind::Active {
                    offset: ConstExpr::Value(Value::I32(at)),
                    ..
                } => at,
                _ => unreachable!(),
            })
            .collect();
        cold.sort();
        cold
    }

    #[test]
    fn data_reached_from_used_code_or_through_its_pointers_stays() {
        let a_points_to_b = 3000u32.to_le_bytes();
        let m = module(
            &[
                (2000, &a_points_to_b, ".rodata.a"),
                (3000, b"bbbb", ".rodata.b"),
                (4000, b"cccc", ".rodata.c"),
                (5000, b"dddd", ".data.d"),
                (6000, b"eeee", ".rodata.e"),
            ],
            // Function 0 uses a; function 1 (unused) uses c; function 2 points just
            // before e, as LLVM's `&TABLE[i - 1]`.
            &[2000, 4000, 5992],
        );
        let (f0, f1, f2) = (0, 1, 2);
        assert_eq!(
            cold_addresses(&m, &[f0]),
            vec![4000, 6000],
            "b through a's pointer stays; mutable d stays"
        );
        assert_eq!(cold_addresses(&m, &[f0, f1]), vec![6000]);
        assert_eq!(
            cold_addresses(&m, &[f0, f2]),
            vec![4000],
            "an address just before a static reaches it"
        );
        assert_eq!(cold_addresses(&m, &[]), vec![2000, 3000, 4000, 6000]);
    }

    #[test]
    fn segments_join_across_small_gaps_only_where_allowed() {
        let segments = |gap: u32| {
            let mut m = module(
                &[
                    (100, b"ab", ".rodata.1"),
                    (104, b"cd", ".rodata.2"),
                    (300, b"ef", ".rodata.3"),
                ],
                &[],
            );
            merge_segments(&mut m, gap);
            let mut all: Vec<(i32, Vec<u8>)> = m
                .data
                .iter()
                .map(|d| match d.kind {
                    walrus::DataKind::Active {
                        offset: ConstExpr::Value(Value::I32(at)),
                        ..
                    } => (at, d.value.clone()),
                    _ => unreachable!(),
                })
                .collect();
            all.sort();
            assert_eq!(m.memories.iter().next().unwrap().data_segments.len(), all.len());
            all
        };
        assert_eq!(segments(16), vec![(100, b"ab\0\0cd".to_vec()), (300, b"ef".to_vec())]);
        assert_eq!(
            segments(0),
            vec![(100, b"ab".to_vec()), (104, b"cd".to_vec()), (300, b"ef".to_vec())]
        );
    }
}
