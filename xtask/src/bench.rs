//! `cargo xtask bench`: redis-benchmark against keyspace-server and Debian's
//! redis-server in the same run, alternating so that machine noise hits both alike,
//! and the median ratio per command.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::{run, step};

const TESTS: &str = "set,get,incr,lpush,zadd";

struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> Result<u16, String> {
    let l = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(l.local_addr().map_err(|e| e.to_string())?.port())
}

fn wait_for(port: u16, what: &str) -> Result<(), String> {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(5) {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Err(format!("{what} did not start on port {port}"))
}

/// One redis-benchmark run: requests per second by test name.
fn benchmark(port: u16, requests: u32, pipeline: u32) -> Result<BTreeMap<String, f64>, String> {
    let out = Command::new("redis-benchmark")
        .args([
            "-p",
            &port.to_string(),
            "-q",
            "--csv",
            "-n",
            &requests.to_string(),
            "-t",
            TESTS,
        ])
        .args(["-P", &pipeline.to_string()])
        .stderr(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run redis-benchmark: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    let mut rates = BTreeMap::new();
    for line in text.lines().skip(1) {
        let fields: Vec<&str> = line.split(',').map(|f| f.trim_matches('"')).collect();
        if let (Some(name), Some(rps)) = (fields.first(), fields.get(1).and_then(|r| r.parse::<f64>().ok())) {
            rates.insert(name.to_string(), rps);
        }
    }
    if rates.is_empty() {
        return Err(format!("redis-benchmark printed no figures: {text}"));
    }
    Ok(rates)
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    v[v.len() / 2]
}

pub fn bench(root: &Path, args: &[String]) -> Result<(), String> {
    let rounds: usize = args
        .iter()
        .position(|a| a == "--rounds")
        .and_then(|i| args.get(i + 1))
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    if args.iter().any(|a| a == "--size-only") {
        return embed_size(root);
    }
    crate::tools::ensure_oracle()?;
    step("building keyspace-server (release)");
    run(Command::new("cargo").args(["build", "--release", "-p", "keyspace-server"]))?;
    if args.iter().any(|a| a == "--aof-only") {
        return aof_load(root, rounds);
    }
    if args.iter().any(|a| a == "--long-only") {
        return long_commands(root, !args.iter().any(|a| a == "--no-ui"));
    }
    let ks_port = free_port()?;
    let redis_port = free_port()?;
    let dir = std::env::temp_dir().join(format!("keyspace-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let _ks = Guard(
        Command::new(root.join("target/release/keyspace-server"))
            .args(["--port", &ks_port.to_string()])
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start keyspace-server: {e}"))?,
    );
    let _redis = Guard(
        Command::new("redis-server")
            .args([
                "--port",
                &redis_port.to_string(),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ])
            .arg("--dir")
            .arg(&dir)
            .stdout(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start redis-server: {e}"))?,
    );
    wait_for(ks_port, "keyspace-server")?;
    wait_for(redis_port, "redis-server")?;
    println!("\nredis-benchmark -q -n 200000 -t {TESTS} -P 16 (and -P 1), {rounds} alternating rounds, medians:");
    for pipeline in [16u32, 1] {
        let requests = if pipeline == 1 { 100_000 } else { 200_000 };
        let mut ks: BTreeMap<String, Vec<f64>> = BTreeMap::new();
        let mut rd: BTreeMap<String, Vec<f64>> = BTreeMap::new();
        for round in 0..rounds {
            // Alternate who goes first, so warm-up and noise do not favour one side.
            let order = if round % 2 == 0 { [true, false] } else { [false, true] };
            for ours in order {
                let port = if ours { ks_port } else { redis_port };
                let rates = benchmark(port, requests, pipeline)?;
                let target = if ours { &mut ks } else { &mut rd };
                for (name, rps) in rates {
                    target.entry(name).or_default().push(rps);
                }
            }
        }
        println!("\n| -P {pipeline} | keyspace-server ops/s | redis-server ops/s | ratio |");
        println!("|---|---:|---:|---:|");
        for name in ["SET", "GET", "INCR", "LPUSH", "ZADD"] {
            let key = rd.keys().find(|k| k.starts_with(name)).cloned();
            let (Some(key), Some(ours)) = (key.clone(), key.and_then(|k| ks.get(&k).cloned())) else {
                continue;
            };
            let ours = median(&mut ours.clone());
            let theirs = median(&mut rd[&key].clone());
            println!("| {key} | {ours:.0} | {theirs:.0} | {:.2} |", ours / theirs);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    drop((_ks, _redis));
    aof_load(root, rounds)?;
    long_commands(root, false)?;
    if !args.iter().any(|a| a == "--no-ui") {
        crate::tools::ensure_web_build_tools(root)?;
        crate::tools::ensure_browser()?;
        step("release build of the app for the browser benchmarks");
        run(crate::tools::trunk(root).args(["build", "--release", "--offline"]))?;
        embed_size(root)?;
        for script in [
            "tests/e2e/bench-inspector.mjs",
            "tests/e2e/bench-persistence.mjs",
            "tests/e2e/bench-long-commands.mjs",
        ] {
            run(Command::new("node").arg(script).env("CHROMIUM", crate::tools::CHROMIUM))?;
        }
    }
    Ok(())
}

/// The long command kinds at the browser's work limit, natively (and in the browser
/// when `browser`, which needs the web build tools).
fn long_commands(root: &Path, browser: bool) -> Result<(), String> {
    step("long commands at the browser work limit (engine example long_commands)");
    run(Command::new("cargo").args([
        "run",
        "--release",
        "-q",
        "-p",
        "keyspace-engine",
        "--example",
        "long_commands",
    ]))?;
    if browser {
        crate::tools::ensure_web_build_tools(root)?;
        crate::tools::ensure_browser()?;
        step("release build of the app");
        run(crate::tools::trunk(root).args(["build", "--release", "--offline"]))?;
        run(Command::new("node")
            .arg("tests/e2e/bench-long-commands.mjs")
            .env("CHROMIUM", crate::tools::CHROMIUM))?;
    }
    Ok(())
}

/// What a page embedding the widget downloads, raw and gzipped (gzip -9), against
/// the 250 KB budget: embed.js and the files it names (glue, wasm, CSS).
fn embed_size(root: &Path) -> Result<(), String> {
    let dist = root.join("dist");
    let embed =
        std::fs::read_to_string(dist.join("embed.js")).map_err(|e| format!("cannot read dist/embed.js: {e}"))?;
    let named = |constant: &str| -> Option<String> {
        let line = embed.lines().find(|l| l.starts_with(&format!("const {constant} = ")))?;
        Some(line.split('\'').nth(1)?.to_string())
    };
    let mut files = vec!["embed.js".to_string()];
    for constant in ["GLUE", "WASM", "CSS"] {
        files.push(named(constant).ok_or(format!("dist/embed.js names no {constant}"))?);
    }
    println!("\nembed download (dist/), gzip -9:\n\n| file | bytes | gzipped |\n|---|---:|---:|");
    let (mut raw_total, mut gz_total) = (0usize, 0usize);
    for file in &files {
        let path = dist.join(file);
        let raw = std::fs::metadata(&path)
            .map_err(|e| format!("{}: {e}", path.display()))?
            .len() as usize;
        let gz = Command::new("gzip")
            .args(["-9", "-c"])
            .arg(&path)
            .output()
            .map_err(|e| format!("cannot run gzip: {e}"))?
            .stdout
            .len();
        println!("| {file} | {raw} | {gz} |");
        raw_total += raw;
        gz_total += gz;
    }
    println!(
        "| total | {raw_total} | {gz_total} ({:.0} KB; budget 250 KB) |",
        gz_total as f64 / 1024.0
    );
    Ok(())
}

/// Commands in the AOF both servers load.
const AOF_COMMANDS: u64 = 1_000_000;

/// A Redis 7 AOF directory (manifest, base, empty increment) of SETs, INCRs, RPUSHes
/// and ZADDs, as both servers read it.
fn write_aof_dir(dir: &Path) -> Result<u64, String> {
    let aof_dir = dir.join("appendonlydir");
    std::fs::create_dir_all(&aof_dir).map_err(|e| e.to_string())?;
    let mut base = Vec::new();
    let mut push = |argv: &[&[u8]]| {
        base.extend_from_slice(format!("*{}\r\n", argv.len()).as_bytes());
        for arg in argv {
            base.extend_from_slice(format!("${}\r\n", arg.len()).as_bytes());
            base.extend_from_slice(arg);
            base.extend_from_slice(b"\r\n");
        }
    };
    push(&[b"SELECT", b"0"]);
    for i in 0..AOF_COMMANDS - 1 {
        let key = format!("key:{}", i % 250_000);
        match i % 4 {
            0 => push(&[b"SET", key.as_bytes(), format!("value:{i}").as_bytes()]),
            1 => push(&[b"INCR", format!("counter:{}", i % 1000).as_bytes()]),
            2 => push(&[b"RPUSH", format!("list:{}", i % 1000).as_bytes(), key.as_bytes()]),
            _ => push(&[
                b"ZADD",
                format!("zset:{}", i % 1000).as_bytes(),
                (i % 977).to_string().as_bytes(),
                key.as_bytes(),
            ]),
        }
    }
    let size = base.len() as u64;
    let write = |name: &str, bytes: &[u8]| std::fs::write(aof_dir.join(name), bytes).map_err(|e| e.to_string());
    write("appendonly.aof.1.base.aof", &base)?;
    write("appendonly.aof.1.incr.aof", b"")?;
    write(
        "appendonly.aof.manifest",
        b"file appendonly.aof.1.base.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n",
    )?;
    Ok(size)
}

/// Milliseconds from spawning a server on `dir`'s AOF to its first PONG.
fn time_to_ready(mut command: Command, port: u16, name: &str) -> Result<f64, String> {
    let started = std::time::Instant::now();
    let _server = Guard(
        command
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {name}: {e}"))?,
    );
    // Both listen while loading (Redis answers -LOADING): ready means PONG.
    while started.elapsed() < Duration::from_secs(120) {
        if let Ok(mut conn) = TcpStream::connect(("127.0.0.1", port)) {
            let mut reply = [0u8; 64];
            let answered = conn
                .write_all(b"PING\r\n")
                .and_then(|_| conn.read(&mut reply))
                .unwrap_or(0);
            if reply[..answered].starts_with(b"+PONG") {
                return Ok(started.elapsed().as_secs_f64() * 1000.0);
            }
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    Err(format!("{name} did not load the AOF in 120 s"))
}

/// Native AOF load: keyspace-server and redis-server start from the same AOF.
fn aof_load(root: &Path, rounds: usize) -> Result<(), String> {
    let dir = std::env::temp_dir().join(format!("keyspace-aof-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let size = write_aof_dir(&dir)?;
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        let order = if round % 2 == 0 { [true, false] } else { [false, true] };
        for keyspace in order {
            let port = free_port()?;
            if keyspace {
                let mut c = Command::new(root.join("target/release/keyspace-server"));
                c.args(["--port", &port.to_string(), "--appendonly", "yes", "--dir"])
                    .arg(&dir);
                ours.push(time_to_ready(c, port, "keyspace-server")?);
            } else {
                let mut c = Command::new("redis-server");
                c.args([
                    "--port",
                    &port.to_string(),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "yes",
                    "--dir",
                ])
                .arg(&dir);
                theirs.push(time_to_ready(c, port, "redis-server")?);
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    let (ours, theirs) = (median(&mut ours), median(&mut theirs));
    println!(
        "\nAOF load at start ({AOF_COMMANDS} commands, {:.1} MB; spawn to first PONG, median of {rounds}):",
        size as f64 / 1048576.0
    );
    println!("\n| keyspace-server ms | redis-server ms | ratio (lower is better) |\n|---:|---:|---:|");
    println!("| {ours:.0} | {theirs:.0} | {:.2} |", ours / theirs);
    Ok(())
}
