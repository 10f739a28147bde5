//! `cargo xtask bench --split-estimate`: how small the widget's first download would be
//! if code a page does not use were loaded on first use (issue 17's 250 KB), measured on a
//! prototype of that split before it is part of the build.
//!
//! How: the built widget module (dist/) is copied and instrumented, every function
//! announcing itself to a JS import at entry (`cov.hit(index)`, the first half of
//! binaryen's `wasm-split --instrument`); `tests/e2e/bench-split.mjs` plays a few pages in
//! headless Chromium with it and records which functions ran. For each page the module is
//! then split in two (`split`): a first module where every function that did not run is a
//! placeholder (load the second module, then call the real function through the table),
//! and a second module, the original with its memory, tables and mutable globals imported
//! from the first, so every copy of a function sees the same state. Both go through
//! `wasm-opt -Oz` and gzip. Last, one split is played in the browser: commands the
//! profile never ran (XADD, EVAL, GEOADD, PFADD) must load the second module and answer.

use std::collections::HashSet;
use std::path::Path;
use std::process::Command;

use walrus::ir::{Call, CallIndirect, Const, Instr, LocalGet, Value};
use walrus::{
    ConstExpr, ElementItems, ElementKind, ExportItem, FunctionId, FunctionKind, GlobalKind, ImportKind, Module,
    RefType, ValType,
};

use crate::bench::gzipped;
use crate::{run, step};

/// The pages played (by `bench-split.mjs`), and what each is.
const PAGES: &[(&str, &str)] = &[
    ("load", "one widget that runs two commands at load (autorun), nothing typed"),
    (
        "tutorial",
        "a widget with the inspector, 31 commands of a first Redis tutorial typed (strings, expiry, lists, hashes, sets, sorted sets, MULTI/EXEC, SCAN, HELP)",
    ),
    ("lesson", "the tutorial page plus a lesson widget (`lesson=\"first-keys\"`)"),
];

fn local_functions(module: &Module) -> Vec<FunctionId> {
    module
        .funcs
        .iter()
        .filter(|f| matches!(f.kind, FunctionKind::Local(_)))
        .map(|f| f.id())
        .collect()
}

/// The module with `cov.hit(i32)` called first thing in every function (`i`: the
/// function's index among the module's functions as walrus reads them, the same in
/// every read of the same file).
fn instrument(wasm: &Path, out: &Path) -> Result<(), String> {
    let mut module = Module::from_file(wasm).map_err(|e| format!("{}: {e}", wasm.display()))?;
    let ty = module.types.add(&[ValType::I32], &[]);
    let (hit, _) = module.add_import_func("cov", "hit", ty);
    for id in local_functions(&module) {
        let index = id.index() as i32;
        if let FunctionKind::Local(f) = &mut module.funcs.get_mut(id).kind {
            let entry = f.entry_block();
            let mut body = f.builder_mut().instr_seq(entry);
            body.instr_at(0, Call { func: hit });
            body.instr_at(
                0,
                Const {
                    value: Value::I32(index),
                },
            );
        }
    }
    module.emit_wasm_file(out).map_err(|e| e.to_string())
}

/// Splits `wasm` into a first module keeping the bodies of `used` (the others become
/// placeholders that call the imported `split.load` once, then the real function through
/// table slots added after the module's own) and a second module holding the real
/// functions; returns how many functions were left out. The first exports its tables and
/// mutable globals as `__split_t<i>` / `__split_g<i>`; the second imports them with the
/// memory from `split`, has no data, start or exports, and fills the slots with an element
/// segment.
fn split(wasm: &Path, used: &HashSet<usize>, first: &Path, second: &Path) -> Result<usize, String> {
    let read = || Module::from_file(wasm).map_err(|e| format!("{}: {e}", wasm.display()));
    let mut module = read()?;
    let left_out: Vec<FunctionId> = local_functions(&module)
        .into_iter()
        .filter(|id| !used.contains(&id.index()))
        .collect();
    let functions_table = |m: &Module| {
        m.tables
            .iter()
            .find(|t| t.element_ty == RefType::Funcref)
            .map(|t| t.id())
            .ok_or("the module has no function table".to_string())
    };
    let table = functions_table(&module)?;
    let base = module.tables.get(table).initial;
    let grown = module.tables.get_mut(table);
    grown.initial += left_out.len() as u64;
    grown.maximum = grown.maximum.map(|max| max.max(grown.initial));
    let tables: Vec<_> = module.tables.iter().map(|t| t.id()).collect();
    for (i, t) in tables.iter().enumerate() {
        module.exports.add(&format!("__split_t{i}"), ExportItem::Table(*t));
    }
    let globals: Vec<_> = module.globals.iter().filter(|g| g.mutable).map(|g| g.id()).collect();
    for (i, g) in globals.iter().enumerate() {
        module.exports.add(&format!("__split_g{i}"), ExportItem::Global(*g));
    }
    let ty = module.types.add(&[], &[]);
    let (load, _) = module.add_import_func("split", "load", ty);
    for (k, id) in left_out.iter().enumerate() {
        let ty = module.funcs.get(*id).ty();
        if let FunctionKind::Local(f) = &mut module.funcs.get_mut(*id).kind {
            let args = f.args.clone();
            let entry = f.entry_block();
            let body = f.block_mut(entry);
            body.instrs.clear();
            body.instrs.push((Instr::Call(Call { func: load }), Default::default()));
            for local in args {
                body.instrs
                    .push((Instr::LocalGet(LocalGet { local }), Default::default()));
            }
            let slot = Value::I32((base as usize + k) as i32);
            body.instrs
                .push((Instr::Const(Const { value: slot }), Default::default()));
            body.instrs
                .push((Instr::CallIndirect(CallIndirect { ty, table }), Default::default()));
        }
    }
    module.emit_wasm_file(first).map_err(|e| e.to_string())?;

    let mut rest = read()?;
    let memories: Vec<_> = rest.memories.iter().map(|m| m.id()).collect();
    for memory in memories {
        let import = rest.imports.add("split", "memory", ImportKind::Memory(memory));
        let m = rest.memories.get_mut(memory);
        m.import = Some(import);
        m.maximum = None;
        m.data_segments.clear();
    }
    let data: Vec<_> = rest.data.iter().map(|d| d.id()).collect();
    for d in data {
        rest.data.delete(d);
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
    rest.start = None;
    let exports: Vec<_> = rest.exports.iter().map(|e| e.id()).collect();
    for e in exports {
        rest.exports.delete(e);
    }
    let table = functions_table(&rest)?;
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
    rest.emit_wasm_file(second).map_err(|e| e.to_string())?;
    Ok(left_out.len())
}

/// The loader the glue gets for `split.load`: the second module fetched and instantiated
/// synchronously (a placeholder runs in the middle of a call), once.
const LOADER: &str = r#"
let splitInstance;
function splitLoad() {
    if (splitInstance) return;
    const started = performance.now();
    const xhr = new XMLHttpRequest();
    xhr.open('GET', new URL('SECOND', import.meta.url).href, false);
    xhr.overrideMimeType('text/plain; charset=x-user-defined');
    xhr.send();
    const text = xhr.responseText;
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
    const imports = __wbg_get_imports();
    imports.split = { memory: wasm.memory };
    for (const [name, value] of Object.entries(wasm)) {
        const found = /^__split_([tg]\d+)$/.exec(name);
        if (found) imports.split[found[1]] = value;
    }
    splitInstance = new WebAssembly.Instance(new WebAssembly.Module(bytes), imports);
    globalThis.__splitLoadedMs = performance.now() - started;
}
"#;

/// wasm-opt as trunk runs it on the widget (its default features, no others).
fn wasm_opt(root: &Path, input: &Path, output: &Path) -> Result<(), String> {
    run(Command::new("wasm-opt")
        .env("PATH", crate::tools::path_with_node_bin(root))
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

/// Adds `entry` to the glue's import object and `code` after its `let wasm` line.
fn patch_glue(path: &Path, entry: &str, code: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let (marker, state) = ("_bg.js\": import0,", "let wasmModule, wasmInstance, wasm;");
    if !text.contains(marker) || !text.contains(state) {
        return Err(format!(
            "{}: not the glue this was written for ({marker}, {state})",
            path.display()
        ));
    }
    let text = text
        .replacen(marker, &format!("{marker} {entry}"), 1)
        .replacen(state, &format!("{state}\n{code}"), 1);
    std::fs::write(path, text).map_err(|e| e.to_string())
}

pub fn run_estimate(root: &Path) -> Result<(), String> {
    let dist = root.join("dist");
    let [glue, wasm, css] = crate::bench::embed_files(&dist)?;
    let work = std::env::temp_dir().join(format!("keyspace-split-{}", std::process::id()));
    let copy = work.join("dist");
    step("instrumenting a copy of the widget module (dist/)");
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    run(Command::new("cp").arg("-r").arg(&dist).arg(&copy))?;
    instrument(&dist.join(&wasm), &copy.join(&wasm))?;
    // The glue's import object gets the `cov` module the instrumented code calls.
    patch_glue(
        &copy.join(&glue),
        "\"cov\": { hit: (i) => { (globalThis.__cov ??= new Set()).add(i); } },",
        "",
    )?;
    run(Command::new("node")
        .arg("tests/e2e/bench-split.mjs")
        .arg("profile")
        .arg(&copy)
        .arg(&work)
        .env("CHROMIUM", crate::tools::CHROMIUM))?;
    let others = ["embed.js", glue.as_str(), css.as_str()]
        .iter()
        .map(|f| gzipped(&dist.join(f)))
        .sum::<Result<usize, String>>()?;
    let whole = gzipped(&dist.join(&wasm))?;
    let total_functions = local_functions(&Module::from_file(dist.join(&wasm)).map_err(|e| e.to_string())?).len();
    let mut report = vec![
        format!("\nthe widget split in two by what a page ran (gzip -9; embed.js, glue and CSS {others} bytes):\n"),
        "| page | functions run | first module (placeholders for the rest) | with embed.js, glue, CSS | second module, on first use | page |".into(),
        "|---|---:|---:|---:|---:|---|".into(),
    ];
    for (page, what) in PAGES {
        let hits = std::fs::read_to_string(work.join(format!("hits-{page}.txt"))).map_err(|e| e.to_string())?;
        let used: HashSet<usize> = hits.lines().filter_map(|l| l.trim().parse().ok()).collect();
        let (first, second) = (
            work.join(format!("first-{page}.wasm")),
            work.join(format!("second-{page}.wasm")),
        );
        let left_out = split(&dist.join(&wasm), &used, &first, &second)?;
        let (first_opt, second_opt) = (
            work.join(format!("first-{page}-opt.wasm")),
            work.join(format!("second-{page}-opt.wasm")),
        );
        wasm_opt(root, &first, &first_opt)?;
        wasm_opt(root, &second, &second_opt)?;
        let (gz_first, gz_second) = (gzipped(&first_opt)?, gzipped(&second_opt)?);
        report.push(format!(
            "| {page} | {} of {total_functions} | {gz_first} | {} | {gz_second} | {what} |",
            total_functions - left_out,
            gz_first + others
        ));
        if *page == "tutorial" {
            // This split, played: a copy of dist/ with the first module in place of the
            // widget's and the second beside it.
            let played = work.join("split-dist");
            run(Command::new("cp").arg("-r").arg(&dist).arg(&played))?;
            std::fs::copy(&first_opt, played.join(&wasm)).map_err(|e| e.to_string())?;
            std::fs::copy(&second_opt, played.join("second.wasm")).map_err(|e| e.to_string())?;
            patch_glue(
                &played.join(&glue),
                "\"split\": { load: () => splitLoad() },",
                &LOADER.replace("SECOND", "second.wasm"),
            )?;
            step("playing the tutorial page's split: commands it never ran must load the second module");
            run(Command::new("node")
                .arg("tests/e2e/bench-split.mjs")
                .arg("check")
                .arg(&played)
                .arg(&work)
                .env("CHROMIUM", crate::tools::CHROMIUM))?;
        }
    }
    report.push(format!(
        "| (the whole module today) | {total_functions} | {whole} | {} | | |",
        whole + others
    ));
    println!("{}", report.join("\n"));
    let _ = std::fs::remove_dir_all(&work);
    Ok(())
}
