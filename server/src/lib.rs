//! keyspace-server: the keyspace engine behind a RESP2/RESP3 socket, for real Redis
//! clients (redis-cli, redis-benchmark, client libraries). The binary is `run` with the
//! command line; the event loop is `event_loop.rs`, the append-only file on disk
//! `aof_file.rs`, the RDB file (dump.rdb and the engine's snapshots) `rdb_file.rs`. It
//! depends on the engine alone (no playground model).

mod aof_file;
mod event_loop;
mod rdb_file;

use keyspace_engine::engine::HostInfo;
use keyspace_engine::Engine;

use aof_file::{AofFile, Fsync};
use event_loop::{now_ms, Server};

struct Options {
    port: u16,
    bind: String,
    appendonly: bool,
    dir: std::path::PathBuf,
    appendfsync: Fsync,
    dbfilename: String,
    /// `--save "3600 1 300 100"`; None keeps the engine's default.
    save: Option<String>,
}

fn parse_options(args: impl IntoIterator<Item = String>) -> Result<Options, String> {
    let mut opts = Options {
        port: 6390,
        bind: "127.0.0.1".into(),
        appendonly: false,
        dir: std::path::PathBuf::from("."),
        appendfsync: Fsync::EverySec,
        dbfilename: "dump.rdb".into(),
        save: None,
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--port" => {
                opts.port = value("--port")?
                    .parse()
                    .map_err(|_| "--port must be a number".to_string())?
            }
            "--bind" => opts.bind = value("--bind")?,
            "--appendonly" => {
                opts.appendonly = match value("--appendonly")?.as_str() {
                    "yes" => true,
                    "no" => false,
                    _ => return Err("--appendonly takes yes or no".into()),
                }
            }
            "--dir" => opts.dir = value("--dir")?.into(),
            "--dbfilename" => {
                let name = value("--dbfilename")?;
                if name.contains('/') {
                    return Err("dbfilename can't be a path, just a filename".into());
                }
                opts.dbfilename = name;
            }
            "--save" => opts.save = Some(value("--save")?),
            "--appendfsync" => {
                opts.appendfsync = Fsync::parse(&value("--appendfsync")?)
                    .ok_or_else(|| "--appendfsync takes always, everysec or no".to_string())?
            }
            "-h" | "--help" => {
                println!("usage: keyspace-server [--port 6390] [--bind 127.0.0.1] [--dir DIR] [--dbfilename dump.rdb] [--save \"3600 1 300 100 60 10000\"] [--appendonly yes [--appendfsync always|everysec|no]]");
                std::process::exit(0);
            }
            "--version" => {
                println!("{}", keyspace_engine::version_string());
                std::process::exit(0);
            }
            other => return Err(format!("unknown option {other} (try --help)")),
        }
    }
    Ok(opts)
}

/// Microseconds on the system's monotonic clock: how long commands take (SLOWLOG,
/// LATENCY, INFO commandstats). Read twice per command, as Redis's `call()` does, so it
/// is `clock_gettime(CLOCK_MONOTONIC)` itself (Redis's `getMonotonicUs`): through
/// `Instant::elapsed` the subtraction and its checks cost as much again as the read
/// (perf, a pipelined LPUSH: 2% of the server's samples).
fn monotonic_us() -> u64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid timespec to write; CLOCK_MONOTONIC cannot fail on Linux.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
    (ts.tv_sec as u64)
        .wrapping_mul(1_000_000)
        .wrapping_add(ts.tv_nsec as u64 / 1000)
}

/// Runs keyspace-server with `args` (the command line after the program's name) until
/// SIGINT, SIGTERM or SHUTDOWN; exits the process on a bad option or a failed start.
pub fn run(args: impl IntoIterator<Item = String>) {
    let opts = parse_options(args).unwrap_or_else(|e| {
        eprintln!("keyspace-server: {e}");
        std::process::exit(2);
    });
    let fail = |what: &str, e: std::io::Error| -> ! {
        eprintln!("keyspace-server: {what}: {e}");
        std::process::exit(1);
    };
    let listener = std::net::TcpListener::bind((opts.bind.as_str(), opts.port))
        .unwrap_or_else(|e| fail(&format!("cannot listen on {}:{}", opts.bind, opts.port), e));
    listener
        .set_nonblocking(true)
        .unwrap_or_else(|e| fail("set_nonblocking", e));
    let listener = mio::net::TcpListener::from_std(listener);
    let seed = now_ms() as u64 ^ (u64::from(std::process::id()) << 32);
    // COMMAND DOCS and COMMAND INFO as Redis 7.0.15 answers them (redis-cli's hints).
    if let Err(e) = keyspace_engine::metadata::install(include_bytes!("../../engine/data/redis-7.0.15-commands.resp")) {
        eprintln!("keyspace-server: command metadata: {e}");
    }
    let mut engine = Engine::new(seed, now_ms());
    engine.set_memory_probe(keyspace_engine::alloc_count::live_bytes);
    engine.set_monotonic_clock(monotonic_us);
    engine.set_host_info(HostInfo {
        name: std::env::current_exe()
            .map(|p| p.display().to_string())
            .unwrap_or_default(),
        port: opts.port,
        os: std::env::consts::OS.to_string(),
        process_id: std::process::id(),
    });
    // Redis works in `dir` (it chdirs there): CONFIG GET dir answers its full path.
    if let Err(e) = std::fs::create_dir_all(&opts.dir) {
        fail(&format!("cannot create {}", opts.dir.display()), e);
    }
    let dir = std::fs::canonicalize(&opts.dir).unwrap_or_else(|e| fail("dir", e));
    engine.config_mut().set_raw("dir", &dir.display().to_string());
    engine.config_mut().set_raw("dbfilename", &opts.dbfilename);
    if let Some(save) = &opts.save {
        // The configuration file's form: `save ""` is no save points.
        let points = if save.trim().is_empty() { "" } else { save.as_str() };
        let normalized = keyspace_engine::snapshot::normalize_save(points).unwrap_or_else(|e| {
            eprintln!("keyspace-server: --save: {e}");
            std::process::exit(2);
        });
        engine.config_mut().set_raw("save", &normalized);
    }
    engine.enable_snapshots(true);
    // loadDataFromDisk: with appendonly yes the AOF is the data set, whatever dump.rdb
    // holds; else dump.rdb, if there is one.
    if !opts.appendonly {
        if let Err(e) = rdb_file::load_at_start(&mut engine, now_ms()) {
            eprintln!("keyspace-server: {e}");
            std::process::exit(1);
        }
    }
    let aof = if opts.appendonly {
        Some(
            AofFile::open(&opts.dir, opts.appendfsync, &mut engine, now_ms()).unwrap_or_else(|e| {
                eprintln!("keyspace-server: {e}");
                std::process::exit(1);
            }),
        )
    } else {
        None
    };
    let mut server = Server::new(engine, aof, dir.clone()).unwrap_or_else(|e| fail("event loop", e));
    eprintln!(
        "keyspace-server ({}) ready on {}:{}",
        keyspace_engine::version_string(),
        opts.bind,
        opts.port
    );
    if let Err(e) = server.run(listener) {
        fail("event loop", e);
    }
    // Clean shutdown: flush what we can, close every connection.
    for id in server.ids() {
        server.write(id);
        server.close(id);
    }
    if let Some(aof) = server.aof.as_mut() {
        if let Err(e) = aof.append(&mut server.engine).and_then(|_| aof.sync()) {
            eprintln!("keyspace-server: could not flush the append only file: {e}");
        }
    }
    eprintln!("keyspace-server: Redis is now ready to exit, bye bye...");
}
