//! The oracle: a real `redis-server` started on a free loopback port, and a minimal
//! RESP client for it.

use std::io::{ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use keyspace_engine::resp::{encode_command, parse_reply};
use keyspace_engine::Reply;

/// A redis-server child process; shut down when dropped.
pub struct Server {
    pub port: u16,
    child: Child,
    _dir: TempDir,
}

/// A temporary directory removed on drop.
pub struct TempDir(pub std::path::PathBuf);

impl TempDir {
    pub fn new(prefix: &str) -> std::io::Result<TempDir> {
        // Unique within the process too: two servers started in the same millisecond by
        // parallel tests must not share (and delete) one directory.
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("{prefix}-{}-{}-{n}", std::process::id(), crate::now_ms()));
        std::fs::create_dir_all(&path)?;
        Ok(TempDir(path))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A redis-server command on a loopback port, RDB snapshots off, working in `dir`;
/// callers add what their test needs (`--appendonly yes`, ...).
pub fn redis_server_command(port: u16, dir: &std::path::Path) -> Command {
    let binary = std::env::var("REDIS_SERVER").unwrap_or_else(|_| "redis-server".into());
    let mut cmd = Command::new(binary);
    cmd.args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--save", ""])
        .arg("--dir")
        .arg(dir);
    cmd
}

/// A server process (redis-server or keyspace-server) on `port`, killed when dropped.
pub struct Proc {
    child: Child,
    pub port: u16,
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Proc {
    /// The process id (to send it a signal).
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    pub fn conn(&self) -> Connection {
        Connection::open(self.port).expect("connect")
    }

    /// Waits for the process to exit by itself (SHUTDOWN, SIGTERM).
    pub fn wait_exit(&mut self) {
        let start = Instant::now();
        while self.child.try_wait().expect("try_wait").is_none() {
            assert!(start.elapsed() < Duration::from_secs(10), "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// Debian's redis-server working in `dir` (save points off unless `extra` sets them),
/// once it has loaded what is there.
pub fn spawn_redis(dir: &std::path::Path, extra: &[&str]) -> Proc {
    let port = free_port().expect("a free port");
    let child = redis_server_command(port, dir)
        .args(extra)
        .stdout(Stdio::null())
        .spawn()
        .expect("redis-server starts");
    wait_loaded(child, port)
}

/// Waits until the server on `port` answers INFO with `loading:0` (both servers listen
/// while they load); fails if the process exits or 20 s pass.
pub fn wait_loaded(mut child: Child, port: u16) -> Proc {
    let start = Instant::now();
    loop {
        if let Ok(mut c) = Connection::open(port) {
            let info = c.command(&[b"INFO".to_vec(), b"persistence".to_vec()]);
            if let Ok(Reply::Bulk(info) | Reply::Verbatim(_, info)) = info {
                if String::from_utf8_lossy(&info).contains("loading:0") {
                    return Proc { child, port };
                }
            }
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("the server exited: {status}");
        }
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("the server on {port} did not start");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

pub fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

impl Server {
    /// Starts Debian's redis-server with persistence off. Fails clearly when it is
    /// missing or does not answer: the differential tests must never pass vacuously.
    pub fn start() -> Result<Server, String> {
        let binary = std::env::var("REDIS_SERVER").unwrap_or_else(|_| "redis-server".into());
        let dir = TempDir::new("keyspace-oracle").map_err(|e| e.to_string())?;
        for _ in 0..5 {
            let port = free_port().map_err(|e| e.to_string())?;
            let mut child = redis_server_command(port, &dir.0)
                .args(["--appendonly", "no"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .map_err(|e| format!("cannot start {binary} (install redis-server, or run `cargo xtask test`): {e}"))?;
            let started = Instant::now();
            while started.elapsed() < Duration::from_secs(5) {
                if let Some(verdict) = Self::identify(port) {
                    return match verdict {
                        Ok(()) => Ok(Server { port, child, _dir: dir }),
                        Err(e) => {
                            let _ = child.kill();
                            Err(e)
                        }
                    };
                }
                if let Ok(Some(_)) = child.try_wait() {
                    break; // exited: the port was taken meanwhile, try another
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        Err("redis-server did not start".into())
    }

    /// None while nothing answers; then whether the answer is the Redis 7.0 we started.
    fn identify(port: u16) -> Option<Result<(), String>> {
        let mut c = Connection::open(port).ok()?;
        if c.command(&[b"PING".to_vec()]).ok()? != Reply::status("PONG") {
            return None;
        }
        let info = match c.command(&[b"INFO".to_vec(), b"server".to_vec()]).ok()? {
            Reply::Bulk(b) | Reply::Verbatim(_, b) => String::from_utf8_lossy(&b).into_owned(),
            _ => return None,
        };
        if info.contains("redis_version:7.0.") && info.contains(&format!("tcp_port:{port}")) {
            Some(Ok(()))
        } else {
            Some(Err(format!(
                "the server on port {port} is not the Redis 7.0 started here"
            )))
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(mut c) = Connection::open(self.port) {
            let _ = c.send(&[b"SHUTDOWN".to_vec(), b"NOSAVE".to_vec()]);
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct Connection {
    stream: TcpStream,
    buf: Vec<u8>,
}

impl Connection {
    pub fn open(port: u16) -> Result<Connection, String> {
        let stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| format!("connect {port}: {e}"))?;
        stream.set_nodelay(true).ok();
        Ok(Connection {
            stream,
            buf: Vec::new(),
        })
    }

    pub fn send(&mut self, argv: &[Vec<u8>]) -> Result<(), String> {
        let mut out = Vec::new();
        encode_command(argv, &mut out);
        self.stream.write_all(&out).map_err(|e| e.to_string())
    }

    /// The next reply, or None if nothing complete arrives within `timeout`.
    pub fn read(&mut self, timeout: Duration) -> Result<Option<Reply>, String> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some((reply, used)) = parse_reply(&self.buf)? {
                self.buf.drain(..used);
                return Ok(Some(reply));
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Ok(None);
            }
            self.stream.set_read_timeout(Some(left)).map_err(|e| e.to_string())?;
            let mut chunk = [0u8; 65536];
            match self.stream.read(&mut chunk) {
                Ok(0) => return Err("connection closed by redis".into()),
                Ok(n) => self.buf.extend_from_slice(&chunk[..n]),
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => return Ok(None),
                Err(e) => return Err(e.to_string()),
            }
        }
    }

    pub fn command(&mut self, argv: &[Vec<u8>]) -> Result<Reply, String> {
        self.send(argv)?;
        self.read(Duration::from_secs(5))?.ok_or_else(|| "no reply".into())
    }
}

/// Runs the real redis-cli with `input` on stdin; returns what it printed.
pub fn redis_cli(port: u16, input: &str) -> Result<String, String> {
    let mut child = Command::new("redis-cli")
        .args(["-p", &port.to_string(), "--no-raw"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run redis-cli: {e}"))?;
    child
        .stdin
        .take()
        .ok_or("no stdin")?
        .write_all(input.as_bytes())
        .map_err(|e| e.to_string())?;
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}
