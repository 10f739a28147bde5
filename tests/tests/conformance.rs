//! Every script of tests/conformance against real Redis and the in-process engine,
//! and the redis-cli formatting scripts against the real redis-cli.

use keyspace_tests::{corpus, redis::Server, run_corpus, run_through_cli, EngineSubject, Subject};

#[test]
fn conformance_corpus_matches_real_redis() {
    let server = Server::start().expect("the oracle redis-server must start");
    let (summary, failures) = run_corpus(server.port, || {
        Ok(Box::new(EngineSubject::default()) as Box<dyn Subject>)
    });
    eprintln!("conformance (engine): {summary}");
    assert!(failures.is_empty(), "{summary}:\n\n{}", failures.join("\n\n"));
}

#[test]
fn redis_cli_prints_what_the_engine_prints() {
    let server = Server::start().expect("the oracle redis-server must start");
    let scripts: Vec<_> = corpus().into_iter().filter(|s| s.check_cli).collect();
    assert!(!scripts.is_empty(), "no `#! cli` scripts in the corpus");
    for script in scripts {
        let (expected, actual) = run_through_cli(&script, server.port).expect("redis-cli runs");
        assert_eq!(expected, actual, "{}: redis-cli printed differently", script.name);
    }
}
