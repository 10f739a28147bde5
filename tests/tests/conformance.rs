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

/// Lists long enough to span many of the engine's chunks (256 elements each): every
/// command that finds an element by position or by value, both directions, against real
/// Redis. Generated, as the corpus's scripts are written by hand.
#[test]
fn long_lists_across_chunks_match_real_redis() {
    let server = Server::start().expect("the oracle redis-server must start");
    let words = |from: usize, to: usize| (from..to).map(|i| format!("v{}", i % 7)).collect::<Vec<_>>().join(" ");
    let mut src = vec![
        "FLUSHALL".to_string(),
        format!("RPUSH l {}", words(0, 1200)),
        format!("LPUSH l {}", words(1200, 1900)),
        format!("RPUSH l {}", words(0, 300)),
    ];
    for i in [0, 1, 255, 256, 257, 699, 700, 1000, 1899, 2199, -1, -257, -2200, 2200] {
        src.push(format!("LINDEX l {i}"));
    }
    for args in [
        "",
        "RANK 3",
        "RANK -3",
        "RANK 500",
        "RANK -500",
        "COUNT 0",
        "COUNT 40 RANK -2",
        "COUNT 0 MAXLEN 600",
        "RANK -1 MAXLEN 900",
    ] {
        src.push(format!("LPOS l v3 {args}"));
    }
    src.extend(
        [
            "LRANGE l 250 270",
            "LRANGE l 1000 1030",
            "LRANGE l -300 -250",
            "LSET l 777 changed",
            "LINDEX l 777",
            "LINSERT l BEFORE changed before",
            "LINSERT l AFTER changed after",
            "LRANGE l 770 785",
            "LREM l 150 v2",
            "LREM l -120 v5",
            "LLEN l",
            "LRANGE l 0 40",
            "LRANGE l -40 -1",
            "LREM l 0 v4",
            "LLEN l",
            "LTRIM l 300 -301",
            "LLEN l",
            "LPOS l v6 COUNT 0",
        ]
        .map(str::to_string),
    );
    for i in 0..600 {
        src.push(format!(
            "LINSERT l {} v{} new{i}",
            if i % 2 == 0 { "BEFORE" } else { "AFTER" },
            i % 7
        ));
    }
    src.extend(["LLEN l", "LRANGE l 0 -1", "LPOS l new599", "LRANGE l -1000 -700"].map(str::to_string));
    let script = keyspace_tests::parse_script("long lists", &src.join("\n")).expect("the generated script parses");
    let mismatches = keyspace_tests::run_script(&script, server.port).expect("both sides run the script");
    let shown: Vec<String> = mismatches.iter().take(3).map(|m| m.to_string()).collect();
    assert!(
        mismatches.is_empty(),
        "{} differences:\n\n{}",
        mismatches.len(),
        shown.join("\n\n")
    );
}
