//! Every script of tests/conformance against real Redis and the engine.

use std::path::Path;

use keyspace_tests::{parse_script, redis::Server, run_script, run_through_cli};

#[test]
fn conformance_corpus_matches_real_redis() {
    let server = Server::start().expect("the oracle redis-server must start");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("conformance");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/conformance exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "redis"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no scripts in {}", dir.display());
    let only = std::env::var("CONFORMANCE_ONLY").ok();
    let mut failures = Vec::new();
    let mut commands = 0;
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if only.as_ref().is_some_and(|o| !name.contains(o.as_str())) {
            continue;
        }
        let source = std::fs::read_to_string(path).unwrap();
        let script = parse_script(&name, &source).unwrap_or_else(|e| panic!("{e}"));
        commands += script.lines.len();
        match run_script(&script, server.port) {
            Ok(mismatches) => failures.extend(mismatches.iter().map(|m| m.to_string())),
            Err(e) => failures.push(format!("{name}: {e}")),
        }
        if script.check_cli {
            match run_through_cli(&script, server.port) {
                Ok((expected, actual)) if expected != actual => failures.push(format!(
                    "{name}: redis-cli printed differently\n--- redis-cli\n{expected}--- engine\n{actual}"
                )),
                Ok(_) => {}
                Err(e) => failures.push(format!("{name}: {e}")),
            }
        }
    }
    eprintln!(
        "conformance: {} scripts, {commands} steps, {} differences",
        files.len(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} differences from real Redis:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
