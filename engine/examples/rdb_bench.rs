//! Times `rdb::save` and `rdb::load` of a keyspace of N keys (default 1,000,000; the
//! keys and values of `DEBUG POPULATE`: `key:<i>` -> `value:<i>`), to set beside
//! redis-server's SAVE and its start-up load of the same file.
//!
//! `cargo run --release -p keyspace-engine --example rdb_bench [N] [file-to-write]`

use std::time::Instant;

use keyspace_engine::{rdb, Engine};

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1_000_000);
    let out = args.next();
    let now = 1_700_000_000_000;
    let mut engine = Engine::new(1, now);
    let c = engine.connect(now);
    let started = Instant::now();
    for i in 0..n {
        let argv = vec![
            b"SET".to_vec(),
            format!("key:{i}").into_bytes(),
            format!("value:{i}").into_bytes(),
        ];
        engine.execute(c, argv, now);
        engine.take_replies(c);
    }
    println!("populate {n} keys: {:.3} s", started.elapsed().as_secs_f64());
    let mut save_times = Vec::new();
    let mut bytes = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        bytes = rdb::save(&engine, now);
        save_times.push(t.elapsed().as_secs_f64());
    }
    let mut load_times = Vec::new();
    for round in 0..3 {
        let mut fresh = Engine::new(2 + round, now);
        let t = Instant::now();
        let report = rdb::load(&mut fresh, &bytes, now).expect("loads");
        load_times.push(t.elapsed().as_secs_f64());
        assert_eq!(report.keys_loaded as usize, n);
    }
    let best = |v: &[f64]| v.iter().cloned().fold(f64::MAX, f64::min);
    println!(
        "rdb::save: {:.3} s (best of 3), {} bytes; rdb::load: {:.3} s (best of 3)",
        best(&save_times),
        bytes.len(),
        best(&load_times)
    );
    if let Some(path) = out {
        std::fs::write(&path, &bytes).expect("write the file");
        println!("wrote {path}");
    }
}
