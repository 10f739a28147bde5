//! Finding and installing the tools the build and the tests need, at pinned versions.
//!
//! Pins (see ../shared/TOOLCHAIN.md for why): trunk 0.21.14 (0.22 needs a newer rustc),
//! wasm-bindgen-cli equal to Cargo.lock's wasm-bindgen, wasm-opt from npm's binaryen
//! (Debian's is too old), Debian's chromium/chromedriver and redis-server.

use std::env;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{run, step};

pub const TRUNK_VERSION: &str = "0.21.14";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The output of `program args`, or None when it cannot run.
fn output_of(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn cargo_bin(name: &str) -> PathBuf {
    let home = env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from("/root/.cargo"));
    home.join("bin").join(name)
}

/// PATH with the project's node_modules/.bin first (npm's wasm-opt) and cargo's bin.
pub fn path_with_node_bin(root: &Path) -> OsString {
    let mut paths = vec![root.join("node_modules/.bin")];
    if let Some(parent) = cargo_bin("trunk").parent() {
        paths.push(parent.to_path_buf());
    }
    if let Some(existing) = env::var_os("PATH") {
        paths.extend(env::split_paths(&existing));
    }
    env::join_paths(paths).unwrap_or_default()
}

/// A trunk command that never downloads anything and uses our pinned tools.
///
/// The browser build's standard library is rebuilt for size with the nightly toolchain
/// (`-Zbuild-std`, the web profile's `opt-level = "z"` applied to std too, std's
/// `optimize_for_size` feature, and no panic locations: `-Zlocation-detail=none`); the
/// panic hook and crash screen stay (`panic = "abort"`, not `immediate-abort`, which
/// would drop the panic message with the hook). About 43 KB less gzipped than stable's
/// prebuilt std (README, Embed). Native builds and the wasm tests stay on stable.
pub fn trunk(root: &Path) -> Command {
    let mut cmd = Command::new(cargo_bin("trunk"));
    cmd.env("PATH", path_with_node_bin(root))
        .env("TRUNK_SKIP_VERSION_CHECK", "true")
        .env("TRUNK_OFFLINE", "true")
        .env("RUSTUP_TOOLCHAIN", "nightly")
        .env("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort")
        .env("CARGO_UNSTABLE_BUILD_STD_FEATURES", "optimize_for_size")
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
            "-Zlocation-detail=none",
        );
    cmd
}

/// The nightly toolchain with the standard library's source (`rust-src`) and its
/// dependencies fetched, for the browser build's `-Zbuild-std` (see `trunk`).
fn ensure_nightly_std_source() -> Result<(), String> {
    if output_of("cargo", &["+nightly", "--version"]).is_none() {
        step("installing the nightly toolchain (rustup, minimal profile)");
        run(Command::new("rustup").args(["toolchain", "install", "nightly", "--profile", "minimal"]))?;
    }
    let components = output_of(
        "rustup",
        &["component", "list", "--toolchain", "nightly", "--installed"],
    )
    .unwrap_or_default();
    if !components.lines().any(|c| c.starts_with("rust-src")) {
        step("installing nightly's rust-src (rustup), for the browser build's -Zbuild-std");
        run(Command::new("rustup").args(["component", "add", "rust-src", "--toolchain", "nightly"]))?;
    }
    let sysroot = output_of("rustc", &["+nightly", "--print", "sysroot"]).ok_or("rustc +nightly does not run")?;
    let library = Path::new(&sysroot).join("lib/rustlib/src/rust/library/Cargo.toml");
    // The standard library's own dependencies, so that trunk's --offline build finds them.
    run(Command::new("cargo")
        .args(["+nightly", "fetch", "--quiet", "--manifest-path"])
        .arg(&library))
}

/// The wasm-bindgen version Cargo.lock resolved; the CLI must equal it.
pub fn locked_wasm_bindgen_version(root: &Path) -> Result<String, String> {
    let lock = fs::read_to_string(root.join("Cargo.lock")).map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(version) = lines.next().and_then(|l| l.trim().strip_prefix("version = ")) {
                return Ok(version.trim_matches('"').to_string());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen entry".into())
}

fn check_trunk_toml_pin(root: &Path, wasm_bindgen: &str) -> Result<(), String> {
    let trunk_toml = fs::read_to_string(root.join("Trunk.toml")).map_err(|e| format!("cannot read Trunk.toml: {e}"))?;
    let pin = format!("wasm_bindgen = \"{wasm_bindgen}\"");
    if trunk_toml.contains(&pin) {
        Ok(())
    } else {
        Err(format!("Trunk.toml must pin `{pin}` under [tools] to match Cargo.lock"))
    }
}

pub fn ensure_web_build_tools(root: &Path) -> Result<(), String> {
    step("checking the wasm toolchain (rustup target, trunk, wasm-bindgen-cli, npm packages)");
    let targets = output_of("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if !targets.lines().any(|t| t == "wasm32-unknown-unknown") {
        step("installing the wasm32-unknown-unknown target (rustup, about 30 s)");
        run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    ensure_nightly_std_source()?;

    let trunk_path = cargo_bin("trunk");
    let trunk_version = output_of(&trunk_path.to_string_lossy(), &["--version"]).unwrap_or_default();
    if trunk_version != format!("trunk {TRUNK_VERSION}") {
        step(&format!(
            "installing trunk {TRUNK_VERSION} with cargo install (found: {}; takes about 8 minutes on 2 cores)",
            if trunk_version.is_empty() {
                "none"
            } else {
                &trunk_version
            }
        ));
        run(Command::new("cargo").args(["install", "--locked", "trunk", "--version", TRUNK_VERSION]))?;
    }

    let wanted = locked_wasm_bindgen_version(root)?;
    check_trunk_toml_pin(root, &wanted)?;
    let bindgen = output_of(&cargo_bin("wasm-bindgen").to_string_lossy(), &["--version"]).unwrap_or_default();
    if bindgen != format!("wasm-bindgen {wanted}") {
        step(&format!(
            "installing wasm-bindgen-cli {wanted} with cargo install (about 3 minutes)"
        ));
        // Not --locked: its lockfile pins a crate version the registry here does not serve.
        run(Command::new("cargo").args(["install", "wasm-bindgen-cli", "--version", &wanted]))?;
    }

    ensure_npm_packages(root)
}

/// `npm ci` when node_modules does not match package-lock.json.
fn ensure_npm_packages(root: &Path) -> Result<(), String> {
    if output_of("npm", &["--version"]).is_none() {
        return Err("npm is missing: install Node.js 20 and npm (apt-get install nodejs npm)".into());
    }
    let lock = fs::read(root.join("package-lock.json")).map_err(|e| format!("cannot read package-lock.json: {e}"))?;
    let installed = fs::read(root.join("node_modules/.keyspace-lock")).unwrap_or_default();
    if lock != installed || !root.join("node_modules/.bin/wasm-opt").exists() {
        step("installing npm packages (playwright-core, binaryen's wasm-opt, axe-core) with npm ci");
        run(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]))?;
        fs::write(root.join("node_modules/.keyspace-lock"), lock).map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn is_root() -> bool {
    output_of("id", &["-u"]).as_deref() == Some("0")
}

/// Installs Debian packages whose files are missing; names them when it cannot.
fn ensure_debian_packages(needed: &[(&str, &str)]) -> Result<(), String> {
    let missing: Vec<&str> = needed
        .iter()
        .filter(|(file, _)| !Path::new(file).exists())
        .map(|(_, package)| *package)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let list = missing.join(" ");
    if !is_root() {
        return Err(format!(
            "missing Debian packages: {list}. Install them with: sudo apt-get install -y {list}"
        ));
    }
    step(&format!("installing Debian packages: {list} (apt-get, about a minute)"));
    run(Command::new("apt-get").args(["update", "-qq"]))?;
    run(Command::new("apt-get")
        .args(["install", "-y", "-qq"])
        .args(&missing)
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

pub fn ensure_browser() -> Result<(), String> {
    step("checking Debian chromium, chromedriver and CJK fonts");
    // The lessons in Chinese and Korean need glyphs for the e2e screenshots and layout
    // checks to mean anything (a bare machine has none): WenQuanYi Micro Hei (Chinese,
    // 1.6 MB) and Nanum (Korean, 10 MB), far smaller than Noto CJK's 56 MB.
    ensure_debian_packages(&[
        (CHROMIUM, "chromium"),
        (CHROMEDRIVER, "chromium-driver"),
        ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "fonts-wqy-microhei"),
        ("/usr/share/fonts/truetype/nanum/NanumGothic.ttf", "fonts-nanum"),
    ])
}

/// Debian's redis-server is the oracle of the conformance tests.
pub fn ensure_oracle() -> Result<(), String> {
    step("checking Debian redis-server and redis-tools (the conformance oracle)");
    ensure_debian_packages(&[
        ("/usr/bin/redis-server", "redis-server"),
        ("/usr/bin/redis-cli", "redis-tools"),
    ])
}

/// Every `*.test.mjs` under tests/e2e, sorted.
pub fn e2e_test_files(root: &Path) -> Result<Vec<PathBuf>, String> {
    let dir = root.join("tests/e2e");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("no *.test.mjs files in {}", dir.display()));
    }
    Ok(files)
}

pub const CARGO_FUZZ_VERSION: &str = "0.13.2";

/// cargo-fuzz and the nightly toolchain it needs (libFuzzer's instrumentation).
pub fn ensure_fuzz_tools() -> Result<(), String> {
    step("checking the fuzzing tools (nightly toolchain, cargo-fuzz)");
    if output_of("cargo", &["+nightly", "--version"]).is_none() {
        step("installing the nightly toolchain (rustup, minimal profile)");
        run(Command::new("rustup").args(["toolchain", "install", "nightly", "--profile", "minimal"]))
            .map_err(|e| format!("{e}; cargo fuzz needs a nightly toolchain"))?;
    }
    let found = output_of(&cargo_bin("cargo-fuzz").to_string_lossy(), &["--version"]).unwrap_or_default();
    if found != format!("cargo-fuzz {CARGO_FUZZ_VERSION}") {
        step(&format!(
            "installing cargo-fuzz {CARGO_FUZZ_VERSION} with cargo install (about a minute)"
        ));
        run(Command::new("cargo").args(["install", "--locked", "cargo-fuzz", "--version", CARGO_FUZZ_VERSION]))?;
    }
    Ok(())
}
