//! Times a playground's start from an AOF whose base is an RDB file of N keys (the
//! browser's start after a rewrite): the engine's load alone, then the whole
//! `Playground::restore`, which also builds the inspector's list of every key.
//!
//! `cargo run --release -p keyspace-playground --example start_bench [N]`
//! (the browser's figure: `node tests/e2e/bench-persistence.mjs`, see the README).

use std::time::Instant;

use keyspace_engine::{aof, Engine};
use keyspace_playground::playground::Playground;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let now = 1_700_000_000_000;
    let mut engine = Engine::new(1, now);
    let c = engine.connect(now);
    for i in 0..n {
        let argv = vec![
            b"SET".to_vec(),
            format!("key:{i}").into_bytes(),
            format!("value:{i}").into_bytes(),
        ];
        engine.execute(c, argv, now);
        engine.take_replies(c);
    }
    let base = aof::rewrite(&engine, now);
    for round in 0..3 {
        let started = Instant::now();
        let mut alone = Engine::new(1, now);
        if let Err(e) = aof::load(&mut alone, &base, now) {
            panic!("the base does not load: {e:?}");
        }
        let load = started.elapsed().as_secs_f64();
        let mut playground = Playground::new(1, now);
        let started = Instant::now();
        if let Err(e) = playground.restore(&base, now) {
            panic!("the base does not load: {e:?}");
        }
        let total = started.elapsed().as_secs_f64();
        println!(
            "round {round}: aof::load {load:.3} s; Playground::restore {total:.3} s (the inspector lists {} keys)",
            playground.keys.len()
        );
    }
}
