//! The whole conformance corpus through keyspace-server over TCP, against real Redis:
//! proves the RESP layer, pipelining, blocking and pub/sub across real connections.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use keyspace_tests::redis::{free_port, Connection, Server, TempDir};
use keyspace_tests::{run_corpus, Subject, TcpSubject};

/// The server and its working directory (dump.rdb goes there, as the oracle's).
struct KeyspaceServer(Child, #[allow(dead_code)] TempDir);

impl Drop for KeyspaceServer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_keyspace_server() -> (KeyspaceServer, u16) {
    let port = free_port().expect("a free port");
    let dir = TempDir::new("keyspace-server-conformance").expect("a temp dir");
    // As the oracle runs: no save points, its own directory.
    let child = Command::new(env!("CARGO_BIN_EXE_keyspace-server-under-test"))
        .args(["--port", &port.to_string(), "--save", ""])
        .arg("--dir")
        .arg(&dir.0)
        .stderr(Stdio::null())
        .spawn()
        .expect("keyspace-server starts");
    let server = KeyspaceServer(child, dir);
    let start = Instant::now();
    loop {
        if let Ok(mut c) = Connection::open(port) {
            // Make sure it is our server answering, not a stale one.
            if let Ok(keyspace_engine::Reply::Verbatim(_, info) | keyspace_engine::Reply::Bulk(info)) =
                c.command(&[b"INFO".to_vec(), b"server".to_vec()])
            {
                let info = String::from_utf8_lossy(&info);
                assert!(
                    info.contains(&format!("tcp_port:{port}")),
                    "another server answers on {port}"
                );
                assert!(
                    info.contains("keyspace-server"),
                    "not keyspace-server on {port}: {info}"
                );
                return (server, port);
            }
        }
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "keyspace-server did not start"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn conformance_corpus_through_keyspace_server() {
    let oracle = Server::start().expect("the oracle redis-server must start");
    let (_server, port) = start_keyspace_server();
    let (summary, failures) = run_corpus(oracle.port, || {
        TcpSubject::new(port).map(|s| Box::new(s) as Box<dyn Subject>)
    });
    eprintln!("conformance (keyspace-server over TCP): {summary}");
    assert!(failures.is_empty(), "{summary}:\n\n{}", failures.join("\n\n"));
}
