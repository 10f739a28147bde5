//! Compiles in every lesson of `lessons/` (their file names order them), so adding a
//! lesson is adding its file: `OUT_DIR/lessons.rs` is a list of `include_str!`s.

use std::path::Path;

fn main() {
    // Read when the script runs, not when it was compiled: a build script compiled for
    // another checkout of the same sources (a shared target directory) is reused.
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&manifest).join("lessons");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("web/lessons exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    let list: String = files
        .iter()
        .map(|p| format!("    include_str!({:?}),\n", p.display().to_string()))
        .collect();
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("lessons.rs");
    std::fs::write(out, format!("&[\n{list}]\n")).expect("OUT_DIR is writable");
}
