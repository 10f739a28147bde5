//! keyspace-server: the keyspace engine behind a RESP2/RESP3 socket, for real Redis
//! clients (redis-cli, redis-benchmark, client libraries).
//!
//! One thread, one event loop, as Redis itself: epoll tells which sockets can be read;
//! every complete request read is executed at once; replies (and messages the engine
//! pushed to other clients) are written straight away, the rest when the socket can
//! take more. The loop wakes at least `hz` times a second to tick the engine (active
//! expiry, blocking time-outs) and to notice SIGINT/SIGTERM.

use std::collections::HashMap;
use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::os::fd::AsRawFd;
use std::time::{SystemTime, UNIX_EPOCH};

use keyspace_engine::engine::HostInfo;
use keyspace_engine::resp::{parse_request, Request};
use keyspace_engine::{ClientId, Engine, Reply};

mod aof_file;

/// Every heap byte is counted, as Redis's zmalloc does: INFO used_memory and maxmemory.
#[global_allocator]
static ALLOC: keyspace_engine::alloc_count::CountingAlloc<std::alloc::System> =
    keyspace_engine::alloc_count::CountingAlloc(std::alloc::System);
mod poll;
mod signals;

use aof_file::{AofFile, Fsync};

use poll::{Event, Poller, ERROR, HANGUP, PEER_CLOSED, READABLE, WRITABLE};

const LISTENER: u64 = u64::MAX;
const READ_CHUNK: usize = 64 * 1024;

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

struct Conn {
    stream: TcpStream,
    input: Vec<u8>,
    output: Vec<u8>,
    /// Bytes of `output` already written.
    written: usize,
    /// Registered for WRITABLE (output is waiting for room).
    want_write: bool,
    /// Close once `output` is written (QUIT, CLIENT KILL, protocol error).
    closing: bool,
}

struct Server {
    engine: Engine,
    poller: Poller,
    conns: HashMap<ClientId, Conn>,
    scratch: Vec<u8>,
    aof: Option<AofFile>,
    /// Where `CONFIG SET appendonly yes` starts an AOF.
    dir: std::path::PathBuf,
    last_fsync: i64,
}

impl Server {
    fn accept(&mut self, listener: &TcpListener) {
        loop {
            match listener.accept() {
                Ok((stream, peer)) => {
                    let _ = stream.set_nodelay(true);
                    if stream.set_nonblocking(true).is_err() {
                        continue;
                    }
                    let local = stream.local_addr().map(|a| a.to_string()).unwrap_or_default();
                    let id = self.engine.connect_from(now_ms(), &peer.to_string(), &local);
                    if self.poller.add(stream.as_raw_fd(), READABLE | PEER_CLOSED, id).is_err() {
                        self.engine.disconnect(id);
                        continue;
                    }
                    let conn = Conn {
                        stream,
                        input: Vec::new(),
                        output: Vec::new(),
                        written: 0,
                        want_write: false,
                        closing: false,
                    };
                    self.conns.insert(id, conn);
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => return,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => {
                    eprintln!("keyspace-server: accept failed: {e}");
                    return;
                }
            }
        }
    }

    /// Reads what the socket has, executes every complete request.
    fn read(&mut self, id: ClientId) {
        let Some(conn) = self.conns.get_mut(&id) else { return };
        let mut closed = false;
        loop {
            self.scratch.resize(READ_CHUNK, 0);
            match conn.stream.read(&mut self.scratch) {
                Ok(0) => {
                    closed = true;
                    break;
                }
                Ok(n) => {
                    conn.input.extend_from_slice(&self.scratch[..n]);
                    if n < READ_CHUNK {
                        break;
                    }
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(_) => {
                    closed = true;
                    break;
                }
            }
        }
        let max_bulk = self.engine.config().proto_max_bulk_len();
        let mut requests = Vec::new();
        let mut protocol_error = None;
        let mut used = 0;
        while used < conn.input.len() && !conn.closing {
            match parse_request(&conn.input[used..], max_bulk) {
                None => break,
                Some(Request::Command(argv, len)) => {
                    used += len;
                    if !argv.is_empty() {
                        requests.push(argv);
                    }
                }
                Some(Request::ProtocolError(message)) => {
                    protocol_error = Some(message);
                    break;
                }
            }
        }
        conn.input.drain(..used);
        let now = now_ms();
        for argv in requests {
            self.engine.execute(id, argv, now);
        }
        if let Some(message) = protocol_error {
            // What the engine answered first, then the error, then close.
            self.route_output();
            let resp = self.engine.client_resp(id);
            if let Some(conn) = self.conns.get_mut(&id) {
                conn.output.extend_from_slice(&Reply::err(message).to_resp(resp));
                conn.closing = true;
            }
            self.write(id);
        }
        self.route_output();
        if closed {
            self.close(id);
        }
    }

    /// `CONFIG SET appendonly yes|no` takes effect at once, as in Redis.
    fn follow_appendonly(&mut self) {
        let wanted = self.engine.config().get("appendonly") == Some("yes");
        if wanted == self.aof.is_some() {
            return;
        }
        if let Some(aof) = self.aof.take() {
            if let Err(e) = aof.stop(&mut self.engine) {
                eprintln!("keyspace-server: could not flush the append only file: {e}");
            }
            return;
        }
        let policy = Fsync::of(&self.engine);
        match AofFile::start(&self.dir, policy, &mut self.engine, now_ms()) {
            Ok(aof) => self.aof = Some(aof),
            Err(e) => {
                eprintln!("keyspace-server: could not start the append only file: {e}");
                self.engine.config_mut().set_raw("appendonly", "no");
            }
        }
    }

    /// Moves every client's pending replies into its connection's output and writes.
    /// Writes reach the AOF first: with appendfsync always, no reply leaves before its
    /// write is on disk.
    fn route_output(&mut self) {
        self.follow_appendonly();
        if let Some(aof) = self.aof.as_mut() {
            // CONFIG SET appendfsync takes effect at once.
            aof.policy = Fsync::of(&self.engine);
            if let Err(e) = aof.append(&mut self.engine) {
                eprintln!("keyspace-server: error writing the append only file: {e}");
            }
            if self.engine.take_aof_rewrite() {
                match aof.rewrite(&mut self.engine, now_ms()) {
                    Ok(()) => eprintln!("keyspace-server: Background AOF rewrite finished successfully"),
                    Err(e) => eprintln!("keyspace-server: Background AOF rewrite failed: {e}"),
                }
            }
        } else {
            // No AOF to rewrite: the request is answered and dropped.
            self.engine.take_aof_rewrite();
        }
        let ready = self.engine.take_clients_with_output();
        for &id in &ready {
            let resp = self.engine.client_resp(id);
            let replies = self.engine.take_replies(id);
            let closing = self.engine.should_close(id);
            let Some(conn) = self.conns.get_mut(&id) else { continue };
            for reply in replies {
                reply.encode(resp, &mut conn.output);
            }
            conn.closing |= closing;
        }
        for id in ready {
            self.write(id);
        }
    }

    /// Writes as much output as the socket takes; waits for WRITABLE for the rest.
    fn write(&mut self, id: ClientId) {
        let Some(conn) = self.conns.get_mut(&id) else { return };
        while conn.written < conn.output.len() {
            match conn.stream.write(&conn.output[conn.written..]) {
                Ok(0) => break,
                Ok(n) => conn.written += n,
                Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(_) => {
                    self.close(id);
                    return;
                }
            }
        }
        if conn.written == conn.output.len() {
            conn.output.clear();
            conn.written = 0;
            if conn.closing {
                self.close(id);
                return;
            }
        }
        let need = conn.written < conn.output.len() || !conn.output.is_empty();
        if need != conn.want_write {
            conn.want_write = need;
            let interest = READABLE | PEER_CLOSED | if need { WRITABLE } else { 0 };
            let _ = self.poller.modify(conn.stream.as_raw_fd(), interest, id);
        }
    }

    fn close(&mut self, id: ClientId) {
        if let Some(conn) = self.conns.remove(&id) {
            let _ = self.poller.remove(conn.stream.as_raw_fd());
            let _ = conn.stream.shutdown(Shutdown::Both);
        }
        self.engine.disconnect(id);
        // A disconnect can unblock or notify others.
        self.route_output();
    }

    fn run(&mut self, listener: &TcpListener) -> std::io::Result<()> {
        let mut events = vec![Event { events: 0, token: 0 }; 256];
        let mut next_tick = now_ms();
        loop {
            let now = now_ms();
            if now >= next_tick {
                self.engine.tick(now);
                self.route_output();
                next_tick = now + 100;
                if now - self.last_fsync >= 1000 {
                    self.last_fsync = now;
                    if let Some(aof) = self.aof.as_mut().filter(|a| a.policy == Fsync::EverySec) {
                        if let Err(e) = aof.sync() {
                            eprintln!("keyspace-server: fsync of the append only file failed: {e}");
                        }
                    }
                }
            }
            if signals::shutdown_requested() || self.engine.shutdown_requested {
                return Ok(());
            }
            let deadline = self
                .engine
                .next_block_deadline()
                .map_or(next_tick, |d| d.min(next_tick));
            let timeout = (deadline - now_ms()).clamp(0, 100) as i32;
            let n = self.poller.wait(&mut events, timeout)?;
            for ev in &events[..n] {
                let (token, flags) = (ev.token, ev.events);
                if token == LISTENER {
                    self.accept(listener);
                    continue;
                }
                if flags & (READABLE | ERROR | HANGUP | PEER_CLOSED) != 0 {
                    self.read(token);
                }
                if flags & WRITABLE != 0 {
                    self.write(token);
                }
            }
            // Blocking time-outs due now.
            if self.engine.next_block_deadline().is_some_and(|d| d <= now_ms()) {
                self.engine.tick(now_ms());
                self.route_output();
            }
        }
    }
}

struct Options {
    port: u16,
    bind: String,
    appendonly: bool,
    dir: std::path::PathBuf,
    appendfsync: Fsync,
}

fn parse_options() -> Result<Options, String> {
    let mut opts = Options {
        port: 6390,
        bind: "127.0.0.1".into(),
        appendonly: false,
        dir: std::path::PathBuf::from("."),
        appendfsync: Fsync::EverySec,
    };
    let mut args = std::env::args().skip(1);
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
            "--appendfsync" => {
                opts.appendfsync = Fsync::parse(&value("--appendfsync")?)
                    .ok_or_else(|| "--appendfsync takes always, everysec or no".to_string())?
            }
            "-h" | "--help" => {
                println!("usage: keyspace-server [--port 6390] [--bind 127.0.0.1] [--appendonly yes --dir DIR [--appendfsync always|everysec|no]]");
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

fn main() {
    let opts = parse_options().unwrap_or_else(|e| {
        eprintln!("keyspace-server: {e}");
        std::process::exit(2);
    });
    let fail = |what: &str, e: std::io::Error| -> ! {
        eprintln!("keyspace-server: {what}: {e}");
        std::process::exit(1);
    };
    let listener = TcpListener::bind((opts.bind.as_str(), opts.port))
        .unwrap_or_else(|e| fail(&format!("cannot listen on {}:{}", opts.bind, opts.port), e));
    listener
        .set_nonblocking(true)
        .unwrap_or_else(|e| fail("set_nonblocking", e));
    let poller = Poller::new().unwrap_or_else(|e| fail("epoll_create1", e));
    poller
        .add(listener.as_raw_fd(), READABLE, LISTENER)
        .unwrap_or_else(|e| fail("epoll_ctl", e));
    let seed = now_ms() as u64 ^ (u64::from(std::process::id()) << 32);
    let mut engine = Engine::new(seed, now_ms());
    engine.set_memory_probe(keyspace_engine::alloc_count::live_bytes);
    engine.set_host_info(HostInfo {
        name: std::env::current_exe()
            .map(|p| p.display().to_string())
            .unwrap_or_default(),
        port: opts.port,
        os: std::env::consts::OS.to_string(),
        process_id: std::process::id(),
    });
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
    signals::install();
    let mut server = Server {
        engine,
        poller,
        conns: HashMap::new(),
        scratch: Vec::new(),
        aof,
        dir: opts.dir.clone(),
        last_fsync: now_ms(),
    };
    eprintln!(
        "keyspace-server ({}) ready on {}:{}",
        keyspace_engine::version_string(),
        opts.bind,
        opts.port
    );
    if let Err(e) = server.run(&listener) {
        fail("event loop", e);
    }
    // Clean shutdown: flush what we can, close every connection.
    let ids: Vec<ClientId> = server.conns.keys().copied().collect();
    for id in ids {
        server.write(id);
        server.close(id);
    }
    if let Some(aof) = server.aof.as_mut() {
        if let Err(e) = aof.append(&mut server.engine).and_then(|_| aof.sync()) {
            eprintln!("keyspace-server: could not flush the append only file: {e}");
        }
    }
    eprintln!("keyspace-server: shut down cleanly");
}
