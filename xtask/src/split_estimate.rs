//! `cargo xtask bench --split-estimate`: how small the widget's first download would be
//! if code a page does not use were loaded on first use (issue 17's 250 KB), measured
//! before building such a split.
//!
//! How: the built widget module (dist/) is copied and instrumented, every function
//! announcing itself to a JS import at entry (`cov.hit(index)`, the first half of
//! binaryen's `wasm-split --instrument`); `tests/e2e/bench-split.mjs` plays a few pages in
//! headless Chromium with it and records which functions ran. For each page, the original
//! module with every other function's body replaced by `unreachable` stands for the first
//! module of a split: same imports, exports, tables and data, only the code that page ran.
//! It is gzipped as it is and after `wasm-opt -Oz`. A real split also carries a small
//! placeholder per function left out (a call that loads the rest), not counted here.

use std::collections::HashSet;
use std::path::Path;
use std::process::Command;

use walrus::ir::{Call, Const, Instr, Unreachable, Value};
use walrus::{FunctionId, FunctionKind, Module, ValType};

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

/// The module keeping only the bodies of `used`; the count kept.
fn keep_only(wasm: &Path, used: &HashSet<usize>, out: &Path) -> Result<usize, String> {
    let mut module = Module::from_file(wasm).map_err(|e| format!("{}: {e}", wasm.display()))?;
    let mut kept = 0;
    for id in local_functions(&module) {
        if used.contains(&id.index()) {
            kept += 1;
            continue;
        }
        if let FunctionKind::Local(f) = &mut module.funcs.get_mut(id).kind {
            let entry = f.entry_block();
            let body = f.block_mut(entry);
            body.instrs.clear();
            body.instrs
                .push((Instr::Unreachable(Unreachable {}), Default::default()));
        }
    }
    module.emit_wasm_file(out).map_err(|e| e.to_string())?;
    Ok(kept)
}

fn gzipped(path: &Path) -> Result<usize, String> {
    let out = Command::new("gzip")
        .args(["-9", "-c"])
        .arg(path)
        .output()
        .map_err(|e| format!("cannot run gzip: {e}"))?;
    Ok(out.stdout.len())
}

pub fn run_estimate(root: &Path) -> Result<(), String> {
    let dist = root.join("dist");
    let embed =
        std::fs::read_to_string(dist.join("embed.js")).map_err(|e| format!("cannot read dist/embed.js: {e}"))?;
    let named = |constant: &str| -> Result<String, String> {
        embed
            .lines()
            .find(|l| l.starts_with(&format!("const {constant} = ")))
            .and_then(|l| l.split('\'').nth(1))
            .map(str::to_string)
            .ok_or(format!("dist/embed.js names no {constant}"))
    };
    let (glue, wasm, css) = (named("GLUE")?, named("WASM")?, named("CSS")?);
    let work = std::env::temp_dir().join(format!("keyspace-split-{}", std::process::id()));
    let copy = work.join("dist");
    step("instrumenting a copy of the widget module (dist/)");
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    run(Command::new("cp").arg("-r").arg(&dist).arg(&copy))?;
    instrument(&dist.join(&wasm), &copy.join(&wasm))?;
    // The glue's import object gets the `cov` module the instrumented code calls.
    let glue_path = copy.join(&glue);
    let text = std::fs::read_to_string(&glue_path).map_err(|e| e.to_string())?;
    let marker = "_bg.js\": import0,";
    if !text.contains(marker) {
        return Err(format!("{glue}: no import object ending in {marker}"));
    }
    let text = text.replacen(
        marker,
        &format!("{marker} \"cov\": {{ hit: (i) => {{ (globalThis.__cov ??= new Set()).add(i); }} }},"),
        1,
    );
    std::fs::write(&glue_path, text).map_err(|e| e.to_string())?;
    run(Command::new("node")
        .arg("tests/e2e/bench-split.mjs")
        .arg(&copy)
        .arg(&work)
        .env("CHROMIUM", crate::tools::CHROMIUM))?;
    let others = ["embed.js", glue.as_str(), css.as_str()]
        .iter()
        .map(|f| gzipped(&dist.join(f)))
        .sum::<Result<usize, String>>()?;
    let whole = gzipped(&dist.join(&wasm))?;
    let total_functions = local_functions(&Module::from_file(dist.join(&wasm)).map_err(|e| e.to_string())?).len();
    println!(
        "\nthe widget's first download if only the code a page ran came first (gzip -9; embed.js, glue and CSS {others} bytes):\n"
    );
    println!("| page | functions run | first module | after wasm-opt -Oz | with embed.js, glue, CSS | page |");
    println!("|---|---:|---:|---:|---:|---|");
    for (page, what) in PAGES {
        let hits = std::fs::read_to_string(work.join(format!("hits-{page}.txt"))).map_err(|e| e.to_string())?;
        let used: HashSet<usize> = hits.lines().filter_map(|l| l.trim().parse().ok()).collect();
        let first = work.join(format!("first-{page}.wasm"));
        let kept = keep_only(&dist.join(&wasm), &used, &first)?;
        let optimised = work.join(format!("first-{page}-opt.wasm"));
        run(Command::new("wasm-opt")
            .env("PATH", crate::tools::path_with_node_bin(root))
            .args(["-Oz", "--all-features"])
            .arg(&first)
            .arg("-o")
            .arg(&optimised))?;
        let (gz, gz_opt) = (gzipped(&first)?, gzipped(&optimised)?);
        println!(
            "| {page} | {kept} of {total_functions} | {gz} | {gz_opt} | {} | {what} |",
            gz_opt + others
        );
    }
    println!(
        "| (the whole module today) | {total_functions} | {whole} | | {} | |",
        whole + others
    );
    let _ = std::fs::remove_dir_all(&work);
    Ok(())
}
