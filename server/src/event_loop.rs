//! The event loop: one thread, as Redis's own. mio (epoll on Linux, edge-triggered)
//! says which sockets can be read; every complete request read is executed at once;
//! replies (and messages the engine pushed to other clients) are written straight away,
//! the rest when the socket can take more. The loop wakes at least ten times a second to
//! tick the engine (active expiry, blocking time-outs) and to notice SIGINT/SIGTERM.
//!
//! Edge-triggered readiness needs every reading, writing and accepting loop to go until
//! the socket has nothing more (a short read, WouldBlock): each does.

use std::collections::HashMap;
use std::io::{ErrorKind, Read, Write};
use std::net::Shutdown;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use keyspace_engine::resp::{parse_request, Request};
use keyspace_engine::{ClientId, Engine, Reply};
use mio::net::{TcpListener, TcpStream};
use mio::{Events, Interest, Poll, Token};

use crate::aof_file::{AofFile, Fsync};

const LISTENER: Token = Token(usize::MAX);
const READ_CHUNK: usize = 64 * 1024;

pub(crate) fn now_ms() -> i64 {
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

pub(crate) struct Server {
    pub(crate) engine: Engine,
    poll: Poll,
    conns: HashMap<ClientId, Conn>,
    scratch: Vec<u8>,
    pub(crate) aof: Option<AofFile>,
    /// Where `CONFIG SET appendonly yes` starts an AOF.
    dir: std::path::PathBuf,
    last_fsync: i64,
    /// Set by SIGINT/SIGTERM (signal-hook): the loop ends at its next turn.
    signalled: Arc<AtomicBool>,
}

fn token(id: ClientId) -> Token {
    Token(id as usize)
}

impl Server {
    pub(crate) fn new(engine: Engine, aof: Option<AofFile>, dir: std::path::PathBuf) -> std::io::Result<Server> {
        let signalled = Arc::new(AtomicBool::new(false));
        for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
            signal_hook::flag::register(signal, signalled.clone())?;
        }
        Ok(Server {
            engine,
            poll: Poll::new()?,
            conns: HashMap::new(),
            scratch: Vec::new(),
            aof,
            dir,
            last_fsync: now_ms(),
            signalled,
        })
    }

    fn accept(&mut self, listener: &TcpListener) {
        loop {
            match listener.accept() {
                Ok((mut stream, peer)) => {
                    let _ = stream.set_nodelay(true);
                    let local = stream.local_addr().map(|a| a.to_string()).unwrap_or_default();
                    let id = self.engine.connect_from(now_ms(), &peer.to_string(), &local);
                    if self
                        .poll
                        .registry()
                        .register(&mut stream, token(id), Interest::READABLE)
                        .is_err()
                    {
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

    /// Reads what the socket has, executes every complete request. The replies go out
    /// from `run` once every ready socket was read (`route_output`).
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
            // SAVE's file is on disk before the next command runs (Redis's SAVE
            // blocks the server), and before any reply after it goes out.
            self.store_snapshots();
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
        if closed {
            self.route_output();
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
        self.store_snapshots();
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
            let closing = self.engine.should_close(id);
            match self.conns.get_mut(&id) {
                Some(conn) => {
                    self.engine.encode_replies(id, &mut conn.output);
                    conn.closing |= closing;
                }
                None => drop(self.engine.take_replies(id)),
            }
        }
        for id in ready {
            self.write(id);
        }
    }

    /// Stores the snapshots the engine made (SAVE, BGSAVE, save points, FLUSHALL,
    /// SHUTDOWN) as `DIR/DBFILENAME`, in order. A background save is stored here too,
    /// before the loop goes on: the engine's copy was taken when the command ran.
    fn store_snapshots(&mut self) {
        while let Some(snapshot) = self.engine.take_snapshot() {
            crate::rdb_file::store(&mut self.engine, snapshot);
        }
    }

    /// SIGINT or SIGTERM: the final save Redis makes when save points are set. False
    /// when it failed: Redis then stays up.
    fn final_save(&mut self) -> bool {
        match self.engine.final_snapshot(now_ms()) {
            Some(snapshot) => crate::rdb_file::store(&mut self.engine, snapshot),
            None => true,
        }
    }

    /// Writes as much output as the socket takes; waits for WRITABLE for the rest.
    pub(crate) fn write(&mut self, id: ClientId) {
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
            let interest = if need {
                Interest::READABLE | Interest::WRITABLE
            } else {
                Interest::READABLE
            };
            let _ = self.poll.registry().reregister(&mut conn.stream, token(id), interest);
        }
    }

    pub(crate) fn close(&mut self, id: ClientId) {
        if let Some(mut conn) = self.conns.remove(&id) {
            let _ = self.poll.registry().deregister(&mut conn.stream);
            let _ = conn.stream.shutdown(Shutdown::Both);
        }
        self.engine.disconnect(id);
        // A disconnect can unblock or notify others.
        self.route_output();
    }

    pub(crate) fn ids(&self) -> Vec<ClientId> {
        self.conns.keys().copied().collect()
    }

    pub(crate) fn run(&mut self, mut listener: TcpListener) -> std::io::Result<()> {
        self.poll
            .registry()
            .register(&mut listener, LISTENER, Interest::READABLE)?;
        let mut events = Events::with_capacity(256);
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
            if self.engine.shutdown_requested {
                return Ok(());
            }
            if self.signalled.swap(false, Ordering::SeqCst) {
                eprintln!("keyspace-server: Received SIGTERM scheduling shutdown...");
                if self.final_save() {
                    return Ok(());
                }
                eprintln!("keyspace-server: SIGTERM received but errors trying to shut down the server, check the logs for more information");
            }
            let deadline = self
                .engine
                .next_block_deadline()
                .map_or(next_tick, |d| d.min(next_tick));
            // A running script goes on between looks at the sockets: no waiting then.
            let timeout = if self.engine.script_running() {
                0
            } else {
                (deadline - now_ms()).clamp(0, 100) as u64
            };
            match self.poll.poll(&mut events, Some(Duration::from_millis(timeout))) {
                Ok(()) => {}
                // A signal: the flag is seen at the top of the loop.
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
            for ev in events.iter() {
                if ev.token() == LISTENER {
                    self.accept(&listener);
                    continue;
                }
                let id = ev.token().0 as ClientId;
                if ev.is_readable() || ev.is_error() || ev.is_read_closed() {
                    self.read(id);
                }
                if ev.is_writable() {
                    self.write(id);
                }
            }
            // Replies go out once every ready socket has been read, as Redis's
            // beforeSleep (flushAppendOnlyFile, then handleClientsWithPendingWrites):
            // a client with many connections (redis-benchmark) then wakes once to a
            // burst of replies instead of once per connection, and the wake-ups were
            // what a slower pipelined command cost most in the kernel.
            self.route_output();
            if self.engine.script_running() {
                self.engine.run_script_slice(now_ms());
                self.route_output();
            }
            // Blocking time-outs due now.
            if self.engine.next_block_deadline().is_some_and(|d| d <= now_ms()) {
                self.engine.tick(now_ms());
                self.route_output();
            }
        }
    }
}
