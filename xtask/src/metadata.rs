//! `cargo xtask gen-command-metadata`: asks Debian's redis-server 7.0.15 (the oracle) for
//! its COMMAND DOCS and COMMAND INFO, in RESP3, and writes the replies as they came to
//! `engine/data/redis-7.0.15-commands.resp`, which the engine answers COMMAND DOCS and
//! COMMAND INFO from (and checks its own table against). Run it again after a change of
//! the oracle's version; the file is checked in, so building needs no Redis.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::step;

fn command(argv: &[&str]) -> Vec<u8> {
    let mut out = format!("*{}\r\n", argv.len()).into_bytes();
    for a in argv {
        out.extend(format!("${}\r\n{a}\r\n", a.len()).into_bytes());
    }
    out
}

/// Reads until the stream has been quiet for a moment after `min` bytes.
fn read_reply(stream: &mut TcpStream, min: usize) -> Result<Vec<u8>, String> {
    let mut data = Vec::new();
    let mut buf = [0u8; 65536];
    stream
        .set_read_timeout(Some(Duration::from_millis(300)))
        .map_err(|e| e.to_string())?;
    let start = Instant::now();
    loop {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => data.extend_from_slice(&buf[..n]),
            Err(_) if data.len() >= min => break,
            Err(_) if start.elapsed() > Duration::from_secs(10) => return Err("the oracle did not answer".into()),
            Err(_) => {}
        }
    }
    Ok(data)
}

pub fn generate(root: &Path) -> Result<(), String> {
    crate::tools::ensure_oracle()?;
    step("asking redis-server for COMMAND DOCS and COMMAND INFO");
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
        l.local_addr().map_err(|e| e.to_string())?.port()
    };
    let mut server = Command::new("redis-server")
        .args([
            "--port",
            &port.to_string(),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ])
        .stdout(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start redis-server: {e}"))?;
    let result = (|| {
        let start = Instant::now();
        let mut stream = loop {
            match TcpStream::connect(("127.0.0.1", port)) {
                Ok(s) => break s,
                Err(_) if start.elapsed() < Duration::from_secs(5) => std::thread::sleep(Duration::from_millis(20)),
                Err(e) => return Err(format!("redis-server did not start: {e}")),
            }
        };
        stream.write_all(&command(&["HELLO", "3"])).map_err(|e| e.to_string())?;
        let hello = read_reply(&mut stream, 1)?;
        if !hello.starts_with(b"%") {
            return Err("HELLO 3 did not answer a map".into());
        }
        let mut out = Vec::new();
        for which in ["DOCS", "INFO"] {
            stream
                .write_all(&command(&["COMMAND", which]))
                .map_err(|e| e.to_string())?;
            out.extend(read_reply(&mut stream, 1000)?);
        }
        let path = root.join("engine/data/redis-7.0.15-commands.resp");
        std::fs::write(&path, &out).map_err(|e| format!("{}: {e}", path.display()))?;
        println!("wrote {} ({} bytes)", path.display(), out.len());
        Ok(())
    })();
    let _ = server.kill();
    let _ = server.wait();
    result
}
