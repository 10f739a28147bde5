//! `rdb::Loader`: a file read a few keys at a time ends where `rdb::load` ends, says how
//! far it has got, and leaves the engine untouched until `finish`, and untouched for good
//! when the file turns out damaged.

use keyspace_engine::{rdb, Engine, Reply};

const NOW: i64 = 1_700_000_000_000;

fn engine_with(lines: &[String]) -> Engine {
    let mut engine = Engine::new(3, NOW);
    let c = engine.connect(NOW);
    for line in lines {
        let argv = keyspace_engine::sds::split_args(line.as_bytes()).expect("a command line");
        let reply = engine.call(c, argv, NOW).remove(0);
        assert!(!matches!(reply, Reply::Error(_)), "{line}: {reply:?}");
    }
    engine
}

#[test]
fn a_file_read_in_slices_loads_what_load_loads_and_nothing_before_finish() {
    let mut lines: Vec<String> = (0..500).map(|i| format!("SET key:{i} value:{i}")).collect();
    lines.push("SELECT 2".into());
    lines.extend((0..50).map(|i| format!("ZADD z {i} m{i}")));
    lines.push("HSET h a 1 b 2".into());
    lines.push("SET ttl x PX 100000".into());
    let source = engine_with(&lines);
    let bytes = rdb::save(&source, NOW);

    let mut whole = Engine::new(5, NOW);
    let whole_report = rdb::load(&mut whole, &bytes, NOW).expect("loads");

    let mut sliced = Engine::new(5, NOW);
    let mut loader = rdb::Loader::new(&sliced, &bytes, NOW, &rdb::LoadOptions::default()).expect("a header");
    let mut steps = 0;
    let mut last = 0;
    while !loader.step(7).expect("a good file") {
        let (read, total) = loader.progress();
        assert!(read > last && read < total, "progress moves: {read} of {total}");
        last = read;
        steps += 1;
        assert_eq!(
            sliced.key_counts().iter().sum::<usize>(),
            0,
            "nothing reaches the engine before finish"
        );
    }
    assert!(steps >= 500 / 7, "it took {steps} slices");
    let report = loader.finish(&mut sliced).expect("finishes");
    assert_eq!(report, whole_report);
    assert_eq!(rdb::save(&sliced, NOW), rdb::save(&whole, NOW), "the same keyspace");
    assert_eq!(sliced.key_counts(), whole.key_counts());
}

#[test]
fn a_damaged_file_fails_at_the_step_that_meets_the_damage_and_the_engine_keeps_its_keys() {
    let source = engine_with(&(0..300).map(|i| format!("SET key:{i} {i}")).collect::<Vec<_>>());
    let mut bytes = rdb::save(&source, NOW);
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff; // the checksum
    let mut target = engine_with(&["SET mine 1".to_string()]);
    let mut loader = rdb::Loader::new(&target, &bytes, NOW, &rdb::LoadOptions::default()).unwrap();
    let error = loop {
        match loader.step(50) {
            Ok(false) => continue,
            Ok(true) => panic!("a damaged file read to its end"),
            Err(e) => break e,
        }
    };
    assert_eq!(error.message, "RDB CRC error");
    assert!(rdb::Loader::new(&target, b"REDIX0010", NOW, &rdb::LoadOptions::default()).is_err());
    assert_eq!(target.key_counts()[0], 1, "the engine kept its own key");
    let c = target.connect(NOW);
    assert_eq!(
        target.call(c, vec![b"GET".to_vec(), b"mine".to_vec()], NOW),
        vec![Reply::Bulk(b"1".to_vec())]
    );
}
