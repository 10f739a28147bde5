//! The structure ARCHITECTURE.md describes, checked (as rust-analyzer's tidy tests check
//! theirs): files stay small, modules do not import each other in circles outside the
//! engine's dispatch core, command handlers cannot panic, a command's facts live in its
//! table entry, keyspace-server stays apart from the playground model and declares no C
//! function, and the web crate changes the playground through one path.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo test sets CARGO_MANIFEST_DIR")).join("..")
}

/// Every `.rs` file under `dir`, recursively.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// A file's code without its `#[cfg(test)] mod tests` (tests may unwrap).
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

const SOURCES: &[&str] = &[
    "engine/src",
    "lua/src",
    "playground/src",
    "server/src",
    "web/src",
    "xtask/src",
    "tests/src",
];

#[test]
fn no_file_is_over_800_lines() {
    let mut long = Vec::new();
    for dir in SOURCES {
        for file in rust_files(&root().join(dir)) {
            let lines = std::fs::read_to_string(&file).unwrap().lines().count();
            if lines > 800 {
                long.push(format!("{} has {lines} lines", file.display()));
            }
        }
    }
    assert!(long.is_empty(), "split these by concern:\n{}", long.join("\n"));
}

/// The module a file is (`commands::zset::range`), from its path under `src`.
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts.join("::")
}

/// The crate's modules, each with the modules of the crate it names (`crate::a::b`,
/// `use crate::{a, b}`, and `super::x` from a nested module).
fn import_graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let files = rust_files(src);
    let modules: BTreeSet<String> = files.iter().map(|f| module_of(src, f)).collect();
    // The longest module path that `path` (a::b::c...) starts with.
    let resolve = |path: &[&str]| -> Option<String> {
        (1..=path.len())
            .rev()
            .map(|n| path[..n].join("::"))
            .find(|m| modules.contains(m))
    };
    let mut graph = BTreeMap::new();
    for file in &files {
        let me = module_of(src, file);
        let text = code(file);
        let mut deps = BTreeSet::new();
        let mut add = |path: Vec<&str>| {
            if let Some(m) = resolve(&path) {
                if m != me && !me.starts_with(&format!("{m}::")) {
                    deps.insert(m);
                }
            }
        };
        for (i, _) in text.match_indices("crate::") {
            let rest = &text[i + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let inner = &group[..group.find('}').unwrap_or(group.len())];
                for item in inner.split(',') {
                    add(item.trim().split("::").collect());
                }
                continue;
            }
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(rest.len());
            add(rest[..end].split("::").filter(|s| !s.is_empty()).collect());
        }
        if let Some((parent, _)) = me.rsplit_once("::") {
            for (i, _) in text.match_indices("super::") {
                let rest = &text[i + "super::".len()..];
                let end = rest
                    .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .unwrap_or(rest.len());
                let mut path: Vec<&str> = parent.split("::").collect();
                path.push(&rest[..end]);
                add(path);
            }
        }
        graph.insert(me, deps);
    }
    graph
}

/// Strongly connected components of more than one module (Tarjan).
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct State<'a> {
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in s.graph.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !s.graph.contains_key(w) {
                continue;
            }
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if s.on_stack.contains(w) {
                let iw = s.index[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.out.push(component);
            }
        }
    }
    let mut s = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in graph.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.out
}

#[test]
fn modules_import_each_other_in_circles_only_inside_the_dispatch_core() {
    // Redis's server.c, the command table and the handlers refer to each other by
    // design (a handler gets a Ctx; the table names the handlers): the core.
    let core = |m: &str| {
        ["table", "engine", "exec", "commands"]
            .iter()
            .any(|c| m == *c || m.starts_with(&format!("{c}::")))
    };
    let mut wrong = Vec::new();
    for crate_src in ["engine/src", "playground/src", "web/src", "server/src"] {
        for cycle in cycles(&import_graph(&root().join(crate_src))) {
            let outside: Vec<&String> = cycle.iter().filter(|m| crate_src != "engine/src" || !core(m)).collect();
            if !outside.is_empty() {
                wrong.push(format!("{crate_src}: {cycle:?}"));
            }
        }
    }
    assert!(wrong.is_empty(), "import cycles:\n{}", wrong.join("\n"));
}

#[test]
fn the_cycle_check_finds_a_cycle() {
    let mut g = BTreeMap::new();
    g.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
    g.insert("b".to_string(), BTreeSet::from(["a".to_string()]));
    g.insert("c".to_string(), BTreeSet::from(["a".to_string()]));
    assert_eq!(cycles(&g), vec![vec!["a".to_string(), "b".to_string()]]);
}

#[test]
fn command_handlers_cannot_panic() {
    let mut found = Vec::new();
    for file in rust_files(&root().join("engine/src/commands")) {
        for (n, line) in code(&file).lines().enumerate() {
            if [
                "unreachable!",
                ".expect(",
                ".unwrap()",
                "panic!(",
                "unimplemented!",
                "todo!(",
            ]
            .iter()
            .any(|p| line.contains(p))
            {
                found.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "a handler must answer an error reply instead:\n{}",
        found.join("\n")
    );
}

#[test]
fn a_commands_facts_live_in_its_table_entry() {
    // A `match` on a command's name outside the table is a second table (costs, key
    // rules...) that the entry should hold instead.
    let mut found = Vec::new();
    for file in rust_files(&root().join("engine/src")) {
        if file.ends_with("table.rs") {
            continue;
        }
        let text = code(&file);
        for pattern in [
            "match spec.name",
            "match top.name",
            "match ctx.spec.name",
            "match full_name",
        ] {
            if text.contains(pattern) {
                found.push(format!("{}: {pattern}", file.display()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "name-matched per-command tables:\n{}",
        found.join("\n")
    );
}

#[test]
fn keyspace_server_stands_on_the_engine_alone_and_declares_no_c_function() {
    let manifest = std::fs::read_to_string(root().join("server/Cargo.toml")).unwrap();
    assert!(
        !manifest.contains("keyspace-playground"),
        "the server must not build the playground model"
    );
    assert!(
        !manifest.contains("[dev-dependencies]"),
        "its cross-crate tests live in tests/"
    );
    for file in rust_files(&root().join("server/src")) {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            !text.contains("extern \"C\""),
            "{}: declares C functions by hand",
            file.display()
        );
    }
}

#[test]
fn the_web_crate_changes_the_playground_through_one_path() {
    for file in rust_files(&root().join("web/src")) {
        let text = std::fs::read_to_string(&file).unwrap();
        let name = file.display();
        assert!(
            !text.contains("on_change.emit"),
            "{name}: change it with PlaygroundHandle::update"
        );
        assert!(
            !text.contains("Reflect::"),
            "{name}: values cross to JavaScript through serde-wasm-bindgen"
        );
    }
}
