//! `cargo xtask bench`: redis-benchmark against keyspace-server and Debian's
//! redis-server in the same run, alternating so that machine noise hits both alike. For
//! each command it reports what cannot hide behind a busy client on a two-core machine:
//! each server's own CPU time per request (user + system, from /proc), and beside it the
//! requests per second of the same runs (which depend on the machine and the client more
//! than on the server). Medians of rounds; ratios are keyspace-server / redis-server.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::{run, step};

/// What is measured: redis-benchmark's own tests, and two reads of a 100-element
/// collection the benchmark prepares (`bench:list`, `bench:zset`).
const CPU_TESTS: &[(&str, &[&str])] = &[
    ("SET", &["-t", "set"]),
    ("GET", &["-t", "get"]),
    ("INCR", &["-t", "incr"]),
    ("LPUSH", &["-t", "lpush"]),
    ("ZADD", &["-t", "zadd"]),
    ("HSET", &["-t", "hset"]),
    ("SADD", &["-t", "sadd"]),
    ("ZRANGE", &["ZRANGE", "bench:zset", "0", "99"]),
    ("LRANGE_100", &["LRANGE", "bench:list", "0", "99"]),
    ("MSET", &["-t", "mset"]),
];

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

/// A process's CPU time so far (user + system), in nanoseconds: the sum over its threads
/// of /proc/PID/task/TID/schedstat's first field (time on a CPU, counted in ns by the
/// scheduler). /proc/PID/stat's utime + stime say the same in clock ticks (10 ms: a
/// 500,000-request run is only 30 of them, ±3%); they are the fallback.
fn cpu_ns(pid: u32) -> Result<f64, String> {
    if let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) {
        let mut total = 0u64;
        let mut read = 0;
        for task in tasks.flatten() {
            let text = std::fs::read_to_string(task.path().join("schedstat")).unwrap_or_default();
            if let Some(ns) = text.split_whitespace().next().and_then(|f| f.parse::<u64>().ok()) {
                total += ns;
                read += 1;
            }
        }
        if read > 0 {
            return Ok(total as f64);
        }
    }
    Ok(cpu_ticks(pid)? as f64 / clock_ticks_per_second() * 1e9)
}

/// A process's CPU time so far (user + system), in clock ticks: fields 14 and 15 of
/// /proc/PID/stat, counted after the command name (which may hold spaces).
fn cpu_ticks(pid: u32) -> Result<u64, String> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).map_err(|e| format!("/proc/{pid}/stat: {e}"))?;
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // After the name: state is field 3, so utime (14) and stime (15) are at 11 and 12.
    let field = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .ok_or("malformed /proc stat")
    };
    Ok(field(11)? + field(12)?)
}

fn clock_ticks_per_second() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
        .unwrap_or(100.0)
}

/// One redis-benchmark run of one test: (requests per second, the server's CPU
/// nanoseconds per request).
fn measure(port: u16, pid: u32, test: &[&str], requests: u32, pipeline: u32) -> Result<(f64, f64), String> {
    let before = cpu_ns(pid)?;
    let out = Command::new("redis-benchmark")
        .args(["-p", &port.to_string(), "-q", "--csv", "-r", "100000"])
        .args(["-n", &requests.to_string(), "-P", &pipeline.to_string()])
        .args(test)
        .stderr(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run redis-benchmark: {e}"))?;
    let after = cpu_ns(pid)?;
    let text = String::from_utf8_lossy(&out.stdout);
    let rps = text
        .lines()
        .skip(1)
        .find_map(|line| {
            line.split(',')
                .nth(1)
                .and_then(|r| r.trim_matches('"').parse::<f64>().ok())
        })
        .ok_or_else(|| format!("redis-benchmark printed no figure: {text}"))?;
    let ns = (after - before) / requests as f64;
    Ok((rps, ns))
}

/// Sends commands over RESP and reads one reply each (to prepare the data).
fn send(port: u16, commands: &[Vec<String>]) -> Result<(), String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for argv in commands {
        out.extend(format!("*{}\r\n", argv.len()).into_bytes());
        for a in argv {
            out.extend(format!("${}\r\n{a}\r\n", a.len()).into_bytes());
        }
    }
    stream.write_all(&out).map_err(|e| e.to_string())?;
    let mut replies = 0;
    let mut buf = [0u8; 4096];
    while replies < commands.len() {
        let n = stream.read(&mut buf).map_err(|e| e.to_string())?;
        if n == 0 {
            return Err("the server closed the connection".into());
        }
        replies += buf[..n].iter().filter(|&&b| b == b'\n').count();
    }
    Ok(())
}

/// `bench:list` and `bench:zset`, 100 elements each, for the range reads.
fn prepare(port: u16) -> Result<(), String> {
    let mut list = vec!["RPUSH".to_string(), "bench:list".to_string()];
    let mut zset = vec!["ZADD".to_string(), "bench:zset".to_string()];
    for i in 0..100 {
        list.push(format!("element:{i}"));
        zset.push(i.to_string());
        zset.push(format!("member:{i}"));
    }
    send(port, &[list, zset])
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
    // `--server PATH`: measure another build of keyspace-server (a before/after).
    let server = args
        .iter()
        .position(|a| a == "--server")
        .and_then(|i| args.get(i + 1))
        .map_or_else(|| root.join("target/release/keyspace-server"), std::path::PathBuf::from);
    let ks_port = free_port()?;
    let redis_port = free_port()?;
    let dir = std::env::temp_dir().join(format!("keyspace-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let ks = Guard(
        // As redis-server below: no save points (keyspace-server saves dump.rdb at
        // shutdown when there are, as Redis does) and its own directory.
        Command::new(&server)
            .args(["--port", &ks_port.to_string(), "--save", ""])
            .arg("--dir")
            .arg(&dir)
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", server.display()))?,
    );
    let redis = Guard(
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
    prepare(ks_port)?;
    prepare(redis_port)?;
    let (ks_pid, redis_pid) = (ks.0.id(), redis.0.id());
    println!(
        "\nserver CPU per request and requests/s: redis-benchmark -r 100000, one run per command, \
         {rounds} rounds alternating which server goes first, medians ({})",
        server.display()
    );
    for (pipeline, requests) in [(16u32, 500_000u32), (1, 100_000)] {
        // Per command: (rps, ns) samples of each server.
        let mut ks_runs: BTreeMap<&str, Vec<(f64, f64)>> = BTreeMap::new();
        let mut rd_runs: BTreeMap<&str, Vec<(f64, f64)>> = BTreeMap::new();
        for round in 0..rounds {
            for &(name, test) in CPU_TESTS {
                let order = if round % 2 == 0 { [true, false] } else { [false, true] };
                for ours in order {
                    let (port, pid, runs) = if ours {
                        (ks_port, ks_pid, &mut ks_runs)
                    } else {
                        (redis_port, redis_pid, &mut rd_runs)
                    };
                    runs.entry(name)
                        .or_default()
                        .push(measure(port, pid, test, requests, pipeline)?);
                }
            }
        }
        println!("\n| -P {pipeline}, {requests} requests | redis-server ns/request | keyspace-server ns/request | CPU ratio | redis-server req/s | keyspace-server req/s |");
        println!("|---|---:|---:|---:|---:|---:|");
        for &(name, _) in CPU_TESTS {
            let pick = |runs: &BTreeMap<&str, Vec<(f64, f64)>>, f: fn(&(f64, f64)) -> f64| {
                median(&mut runs[name].iter().map(f).collect::<Vec<f64>>())
            };
            let (ks_ns, rd_ns) = (pick(&ks_runs, |r| r.1), pick(&rd_runs, |r| r.1));
            let (ks_rps, rd_rps) = (pick(&ks_runs, |r| r.0), pick(&rd_runs, |r| r.0));
            println!(
                "| {name} | {rd_ns:.0} | {ks_ns:.0} | {:.2} | {rd_rps:.0} | {ks_rps:.0} |",
                ks_ns / rd_ns
            );
        }
    }
    drop((ks, redis));
    let _ = std::fs::remove_dir_all(&dir);
    if args.iter().any(|a| a == "--server-only") {
        return Ok(());
    }
    aof_load(root, rounds)?;
    long_commands(root, false)?;
    if !args.iter().any(|a| a == "--no-ui") {
        crate::tools::ensure_web_build_tools(root)?;
        crate::tools::ensure_browser()?;
        crate::release_build(root)?;
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
        crate::release_build(root)?;
        run(Command::new("node")
            .arg("tests/e2e/bench-long-commands.mjs")
            .env("CHROMIUM", crate::tools::CHROMIUM))?;
    }
    Ok(())
}

/// The value of `const NAME = '...';` in `dist/embed.js`, if it has that line.
pub fn embed_constant(dist: &Path, constant: &str) -> Result<Option<String>, String> {
    let embed =
        std::fs::read_to_string(dist.join("embed.js")).map_err(|e| format!("cannot read dist/embed.js: {e}"))?;
    Ok(embed
        .lines()
        .find(|l| l.starts_with(&format!("const {constant} = ")))
        .and_then(|l| l.split('\'').nth(1))
        .map(str::to_string))
}

/// The files `dist/embed.js` names for a page to download besides itself: the widget
/// module's glue, its (first) wasm module and the CSS (its `GLUE`, `WASM` and `CSS` constants).
pub fn embed_files(dist: &Path) -> Result<[String; 3], String> {
    let named = |constant: &str| -> Result<String, String> {
        embed_constant(dist, constant)?.ok_or(format!("dist/embed.js names no {constant}"))
    };
    Ok([named("GLUE")?, named("WASM")?, named("CSS")?])
}

/// The size of a file compressed with `gzip -9`.
pub fn gzipped(path: &Path) -> Result<usize, String> {
    let out = Command::new("gzip")
        .args(["-9", "-c"])
        .arg(path)
        .output()
        .map_err(|e| format!("cannot run gzip: {e}"))?;
    Ok(out.stdout.len())
}

/// What a page embedding the widget downloads, raw and gzipped (gzip -9), against
/// the 250 KB budget: embed.js and the files it names (glue, the first wasm module, CSS);
/// then the second module (`REST`), which a page fetches only once a reader reaches into
/// a widget, or before a lesson, persisted or rare-command widget mounts.
fn embed_size(root: &Path) -> Result<(), String> {
    let dist = root.join("dist");
    let [glue, wasm, css] = embed_files(&dist)?;
    let files = ["embed.js".to_string(), glue, wasm, css];
    println!("\nembed download (dist/), gzip -9:\n\n| file | bytes | gzipped |\n|---|---:|---:|");
    let size = |file: &str| -> Result<(usize, usize), String> {
        let path = dist.join(file);
        let raw = std::fs::metadata(&path)
            .map_err(|e| format!("{}: {e}", path.display()))?
            .len() as usize;
        Ok((raw, gzipped(&path)?))
    };
    let (mut raw_total, mut gz_total) = (0usize, 0usize);
    for file in &files {
        let (raw, gz) = size(file)?;
        println!("| {file} | {raw} | {gz} |");
        raw_total += raw;
        gz_total += gz;
    }
    println!(
        "| what a page embedding a widget downloads | {raw_total} | {gz_total} ({:.0} KB; budget 250 KB) |",
        gz_total as f64 / 1024.0
    );
    match embed_constant(&dist, "REST")?.filter(|name| !name.is_empty()) {
        Some(rest) => {
            let (raw, gz) = size(&rest)?;
            println!("| {rest}: the second module, once a reader reaches into a widget | {raw} | {gz} |");
            println!("| all of it | {} | {} |", raw_total + raw, gz_total + gz);
        }
        None => println!("(one module: this dist/ was not split; `cargo xtask build` splits it)"),
    }
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

/// Whether the server on `port` answers PING with PONG (not -LOADING).
fn ping(port: u16) -> bool {
    let Ok(mut conn) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let mut reply = [0u8; 64];
    let answered = conn
        .write_all(b"PING\r\n")
        .and_then(|_| conn.read(&mut reply))
        .unwrap_or(0);
    reply[..answered].starts_with(b"+PONG")
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
        if ping(port) {
            return Ok(started.elapsed().as_secs_f64() * 1000.0);
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    Err(format!("{name} did not load the AOF in 120 s"))
}

/// Native AOF load: keyspace-server and redis-server start from the same AOF directory,
/// in both of Redis 7's layouts: a base of commands (`aof-use-rdb-preamble no`), and the
/// default, an RDB base that redis-server itself writes (BGREWRITEAOF) from the same
/// commands.
fn aof_load(root: &Path, rounds: usize) -> Result<(), String> {
    let dir = std::env::temp_dir().join(format!("keyspace-aof-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let size = write_aof_dir(&dir)?;
    let commands = time_both(root, &dir, rounds)?;
    let base = rewrite_with_redis(&dir)?;
    let rdb = time_both(root, &dir, rounds)?;
    let _ = std::fs::remove_dir_all(&dir);
    println!("\nAOF load at start ({AOF_COMMANDS} commands; spawn to first PONG, median of {rounds}):");
    println!(
        "\n| AOF directory | keyspace-server ms | redis-server ms | ratio (lower is better) |\n|---|---:|---:|---:|"
    );
    println!(
        "| base of commands ({:.1} MB) | {:.0} | {:.0} | {:.2} |",
        size as f64 / 1048576.0,
        commands.0,
        commands.1,
        commands.0 / commands.1
    );
    println!(
        "| RDB base written by redis-server's BGREWRITEAOF ({:.1} MB) | {:.0} | {:.0} | {:.2} |",
        base as f64 / 1048576.0,
        rdb.0,
        rdb.1,
        rdb.0 / rdb.1
    );
    Ok(())
}

/// Medians of (keyspace-server, redis-server) start times on `dir`, alternating.
fn time_both(root: &Path, dir: &Path, rounds: usize) -> Result<(f64, f64), String> {
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        let order = if round % 2 == 0 { [true, false] } else { [false, true] };
        for keyspace in order {
            let port = free_port()?;
            if keyspace {
                let mut c = Command::new(root.join("target/release/keyspace-server"));
                c.args([
                    "--port",
                    &port.to_string(),
                    "--save",
                    "",
                    "--appendonly",
                    "yes",
                    "--dir",
                ])
                .arg(dir);
                ours.push(time_to_ready(c, port, "keyspace-server")?);
            } else {
                theirs.push(time_to_ready(redis_on(dir, port), port, "redis-server")?);
            }
        }
    }
    Ok((median(&mut ours), median(&mut theirs)))
}

fn redis_on(dir: &Path, port: u16) -> Command {
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
    .arg(dir)
    .stdout(Stdio::null());
    c
}

/// Has redis-server load `dir`'s AOF and rewrite it (`aof-use-rdb-preamble yes`, its
/// default): the directory then holds Redis's own RDB base. Returns the base's size.
fn rewrite_with_redis(dir: &Path) -> Result<u64, String> {
    let port = free_port()?;
    let server = Guard(
        redis_on(dir, port)
            .spawn()
            .map_err(|e| format!("cannot start redis-server: {e}"))?,
    );
    // It listens while it loads (answering -LOADING): wait for PONG.
    let started = std::time::Instant::now();
    while !ping(port) {
        if started.elapsed().as_secs() > 120 {
            return Err("redis-server did not load the AOF in 120 s".into());
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    send(port, &[vec!["BGREWRITEAOF".to_string()]])?;
    let aof_dir = dir.join("appendonlydir");
    let base = || {
        std::fs::read_dir(&aof_dir).ok().and_then(|entries| {
            entries
                .filter_map(Result::ok)
                .find(|e| e.file_name().to_string_lossy().ends_with(".base.rdb"))
                .and_then(|e| e.metadata().ok())
                .map(|m| m.len())
        })
    };
    let started = std::time::Instant::now();
    while base().is_none() {
        if started.elapsed().as_secs() > 120 {
            return Err("redis-server wrote no RDB base within 2 minutes".into());
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    // The manifest names the new base once the rewrite is done: a clean shutdown after.
    std::thread::sleep(std::time::Duration::from_millis(500));
    let _ = send(port, &[vec!["SHUTDOWN".to_string(), "NOSAVE".to_string()]]);
    drop(server);
    base().ok_or_else(|| "the RDB base went away".to_string())
}
