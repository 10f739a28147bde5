//! The index of the lessons of `lessons/` (their file names order them): for each, its
//! file name, id and title, read from its front matter. The lessons themselves are not
//! compiled in: trunk copies `lessons/` beside the app (`index.html`'s `copy-dir`) and
//! the app or a widget fetches a lesson's Markdown when it opens it
//! (`services/lessons.rs`). Adding a lesson is adding its file:
//! `OUT_DIR/lessons.rs` is a list of `Entry`s.

use std::path::Path;

/// `key: value` of the front matter (between the first two `---` lines).
fn front_matter<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    let mut lines = text.lines();
    if lines.next()?.trim() != "---" {
        return None;
    }
    lines
        .take_while(|l| l.trim() != "---")
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':').map(str::trim))
}

fn main() {
    // The widget's module keeps each static in a data segment of its own (wasm-ld merges
    // them into one by default), so that the release build's split (xtask/src/split.rs)
    // can tell which data only the code of its second module reads, and move it there.
    if std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "wasm32") {
        println!("cargo:rustc-link-arg-bin=keyspace-widget=--no-merge-data-segments");
    }
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
    let mut list = String::new();
    // The translations' titles, by language directory (`lessons/<code>/<same file>`).
    let langs: Vec<String> = {
        let mut langs: Vec<String> = std::fs::read_dir(&dir)
            .expect("web/lessons exists")
            .filter_map(|e| e.ok())
            .filter(|e| e.path().is_dir())
            .filter_map(|e| e.file_name().into_string().ok())
            .collect();
        langs.sort();
        langs
    };
    for lang in &langs {
        println!("cargo:rerun-if-changed={}", dir.join(lang).display());
    }
    for path in &files {
        // Each file, so that editing a lesson's title re-runs the script.
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(path).expect("a lesson is UTF-8");
        let name = path.file_name().and_then(|n| n.to_str()).expect("a UTF-8 file name");
        // A file without an id is left out here; the lesson test says what is wrong.
        let (Some(id), Some(title)) = (front_matter(&text, "id"), front_matter(&text, "title")) else {
            println!("cargo:warning=lessons/{name}: no id or title in its front matter");
            continue;
        };
        let mut titles = String::new();
        for lang in &langs {
            let translated = dir.join(lang).join(name);
            println!("cargo:rerun-if-changed={}", translated.display());
            let Ok(text) = std::fs::read_to_string(&translated) else {
                continue;
            };
            if let Some(title) = front_matter(&text, "title") {
                titles.push_str(&format!("({lang:?}, {title:?}), "));
            }
        }
        list.push_str(&format!(
            "    Entry {{ file: {name:?}, id: {id:?}, title: {title:?}, titles: &[{titles}] }},\n"
        ));
    }
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("lessons.rs");
    std::fs::write(out, format!("&[\n{list}]\n")).expect("OUT_DIR is writable");
}
