//! Developer commands for Keyspace Playground.
//!
//! `cargo xtask serve`  installs what is missing, then serves the app on http://127.0.0.1:8080
//! `cargo xtask test`   installs what is missing, then runs every test (native, wasm, e2e, conformance)
//! `cargo xtask build`  the release build in dist/ (trunk, then the widget module split in two)
//! `cargo xtask bench`  prints the benchmark figures reported in the README
//! `cargo xtask fuzz`   runs the cargo-fuzz targets (the campaign; `test` runs a smoke run)
//!
//! Every install step is idempotent: when the tool is already there at the pinned version,
//! the step costs one version check.

use std::env;
use std::path::{Path, PathBuf};
use std::process::{exit, Command};
use std::time::Instant;

mod bench;
mod fuzz;
mod metadata;
mod split;
mod tools;

const USAGE: &str = "usage: cargo xtask <serve|test|build|bench|fuzz|gen-command-metadata> [args]

  serve          install what is missing, then serve the app on http://127.0.0.1:8080
  test           install what is missing, then run every test
  test --quick   native cargo tests only (no browser, no wasm build)
  build          the release build, in dist/ (what to deploy): trunk build --release, then
                 the widget's module split in two by a profile played in headless Chromium
  bench          run the benchmarks and print their figures
                 [--rounds N] [--no-ui: no browser] [--aof-only: native AOF load only]
                 [--long-only: long commands at the browser work limit only]
                 [--size-only: the embed's download size, from an existing dist/]
  fuzz           fuzz the engine with cargo-fuzz [--runs N (default 10000000)] [target...]
  gen-command-metadata
                 ask the oracle (Debian's redis-server 7.0) for COMMAND DOCS and COMMAND INFO
                 and write engine/data/redis-7.0.15-commands.resp";

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    let root = project_root();
    env::set_current_dir(&root).unwrap_or_else(|e| fail(&format!("cannot enter {}: {e}", root.display())));
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve(&root, &args[1..]),
        Some("test") => test(&root, &args[1..]),
        Some("build") => tools::ensure_web_build_tools(&root)
            .and_then(|()| tools::ensure_browser())
            .and_then(|()| release_build(&root)),
        Some("bench") => bench(&root, &args[1..]),
        Some("fuzz") => fuzz::fuzz(&root, &args[1..]),
        Some("gen-command-metadata") => metadata::generate(&root),
        _ => {
            eprintln!("{USAGE}");
            exit(2);
        }
    };
    if let Err(message) = result {
        fail(&message);
    }
}

fn fail(message: &str) -> ! {
    eprintln!("\nxtask: error: {message}");
    exit(1);
}

fn project_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().map(Path::to_path_buf).unwrap_or(manifest_dir)
}

/// Announces a step, so that a long one never looks hung.
pub fn step(what: &str) {
    println!("\n==> {what}");
}

/// Runs a command with inherited output; an error names the command.
pub fn run(cmd: &mut Command) -> Result<(), String> {
    let shown = format!("{cmd:?}");
    let status = cmd.status().map_err(|e| format!("cannot start {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed ({status})"))
    }
}

fn serve(root: &Path, args: &[String]) -> Result<(), String> {
    tools::ensure_web_build_tools(root)?;
    step("cargo fetch (so that trunk can build offline)");
    run(Command::new("cargo").arg("fetch"))?;
    step("trunk serve on http://127.0.0.1:8080 (Ctrl+C stops it)");
    run(tools::trunk(root).arg("serve").arg("--offline").args(args))
}

fn test(root: &Path, args: &[String]) -> Result<(), String> {
    let quick = args.iter().any(|a| a == "--quick");
    let started = Instant::now();
    tools::ensure_oracle()?;
    if !quick {
        tools::ensure_web_build_tools(root)?;
        tools::ensure_browser()?;
        step("cargo fetch");
        run(Command::new("cargo").arg("fetch"))?;
    }

    step("native tests: cargo test (engine, server, conformance against real redis-server)");
    run(Command::new("cargo").args(["test", "--workspace", "--exclude", "keyspace-web"]))?;
    if quick {
        println!("\nquick tests passed in {:.0?}", started.elapsed());
        return Ok(());
    }

    step(&format!(
        "fuzz smoke runs: {} executions of each cargo-fuzz target",
        fuzz::SMOKE_RUNS
    ));
    fuzz::smoke(root)?;

    step("wasm tests in headless Chromium: cargo test --target wasm32-unknown-unknown -p keyspace-web");
    run(Command::new("cargo")
        .args(["test", "--target", "wasm32-unknown-unknown", "-p", "keyspace-web"])
        .env("CHROMEDRIVER", tools::CHROMEDRIVER)
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120")
        .env("PATH", tools::path_with_node_bin(root)))?;

    release_build(root)?;

    step("browser end-to-end tests (Playwright + Debian chromium)");
    run(Command::new("node")
        .arg("--test")
        .arg("--test-concurrency=1")
        .args(tools::e2e_test_files(root)?)
        .env("CHROMIUM", tools::CHROMIUM))?;

    println!("\nall tests passed in {:.0?}", started.elapsed());
    Ok(())
}

/// The release build in dist/: trunk, then the widget's module split in two (split.rs).
/// Needs the web build tools and the browser (the split's profile runs in it).
pub fn release_build(root: &Path) -> Result<(), String> {
    step("release build of the app: trunk build --release --offline");
    run(tools::trunk(root).args(["build", "--release", "--offline"]))?;
    split::split_widget(root)
}

fn bench(root: &Path, args: &[String]) -> Result<(), String> {
    bench::bench(root, args)
}
