//! Times `rdb::save` and `rdb::load` of a keyspace of N keys (default 1,000,000; the
//! keys and values of `DEBUG POPULATE`: `key:<i>` -> `value:<i>`), to set beside
//! redis-server's SAVE and its start-up load of the same file.
//!
//! Then the AOF both ways: `aof::load` of a preamble AOF (`aof::rewrite` with
//! `aof-use-rdb-preamble yes`: an RDB base) against replaying the N SET commands that
//! made the keyspace (the AOF without a rewrite, SELECT first, as the writer feeds it).
//!
//! `cargo run --release -p keyspace-engine --example rdb_bench [N] [file-to-write] [aof-dir-to-write]`
//! (the AOF directory gets Redis 7's layout: a manifest naming the preamble base, for
//! timing redis-server's start-up load of the same keyspace).

use std::time::Instant;

use keyspace_engine::{aof, rdb, Engine};

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1_000_000);
    let out = args.next();
    let aof_dir = args.next();
    let now = 1_700_000_000_000;
    let mut engine = Engine::new(1, now);
    engine.record_propagation(true);
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
    let mut commands = Vec::new();
    aof::AofWriter::new().feed(&engine.take_propagated(), &mut commands);
    engine.record_propagation(false);
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
    let preamble = aof::rewrite(&engine, now);
    assert!(aof::has_preamble(&preamble));
    let time_aof = |bytes: &[u8], what: &str| {
        let mut times = Vec::new();
        for round in 0..3 {
            let mut fresh = Engine::new(10 + round, now);
            let t = Instant::now();
            aof::load(&mut fresh, bytes, now).expect("loads");
            times.push(t.elapsed().as_secs_f64());
            assert_eq!(fresh.key_counts()[0], n);
        }
        println!(
            "aof::load {what}: {:.3} s (best of 3), {} bytes",
            best(&times),
            bytes.len()
        );
    };
    time_aof(&preamble, "of a preamble AOF (RDB base)");
    time_aof(&commands, &format!("replaying {n} SET commands"));
    if let Some(dir) = aof_dir {
        let dir = std::path::Path::new(&dir).join("appendonlydir");
        std::fs::create_dir_all(&dir).expect("the AOF directory");
        let base = aof::base_filename("appendonly.aof", 1, true);
        std::fs::write(dir.join(&base), &preamble).expect("the base");
        std::fs::write(dir.join("appendonly.aof.1.incr.aof"), b"").expect("the increment");
        std::fs::write(
            dir.join("appendonly.aof.manifest"),
            aof::manifest_for(&base, "appendonly.aof", 1),
        )
        .expect("the manifest");
        let commands_dir = dir.with_file_name("commands").join("appendonlydir");
        std::fs::create_dir_all(&commands_dir).expect("the AOF directory");
        std::fs::write(commands_dir.join("appendonly.aof.1.base.aof"), b"").expect("the base");
        std::fs::write(commands_dir.join("appendonly.aof.1.incr.aof"), &commands).expect("the increment");
        std::fs::write(
            commands_dir.join("appendonly.aof.manifest"),
            aof::manifest("appendonly.aof", 1),
        )
        .expect("the manifest");
        println!("wrote {} and {}", dir.display(), commands_dir.display());
    }
}
