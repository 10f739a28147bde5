//! Nothing a user types may panic the engine (in the browser a panic kills the page),
//! and commands that could allocate without bound are refused like Redis refuses them.

use keyspace_engine::table;
use keyspace_engine::{Engine, Reply};

const T0: i64 = 1_700_000_000_000;

fn words(line: &str) -> Vec<Vec<u8>> {
    line.split(' ').map(|w| w.as_bytes().to_vec()).collect()
}

#[test]
fn unbounded_allocations_are_refused_with_redis_errors() {
    let mut e = Engine::new(7, T0);
    let c = e.connect(T0);
    let err = |text: &str| Reply::Error(text.to_string());
    assert_eq!(
        e.call(c, words("SETRANGE k 536870912 x"), T0),
        vec![err("ERR string exceeds maximum allowed size (proto-max-bulk-len)")]
    );
    assert_eq!(
        e.call(c, words("SETBIT k 4294967296 1"), T0),
        vec![err("ERR bit offset is not an integer or out of range")]
    );
    e.call(c, words("SET s x"), T0);
    assert_eq!(
        e.call(c, words("APPEND s x"), T0),
        vec![Reply::Int(2)],
        "ordinary appends still work"
    );
    assert!(e.call(c, words("LRANGE nope 0 9223372036854775807"), T0) == vec![Reply::Array(vec![])]);
    assert!(e.call(c, words("SRANDMEMBER nope -9223372036854775807"), T0) == vec![Reply::Array(vec![])]);
}

#[test]
fn large_and_binary_arguments_are_just_data() {
    let mut e = Engine::new(7, T0);
    let c = e.connect(T0);
    let big = vec![0xffu8; 10 << 20];
    assert_eq!(
        e.call(c, vec![b"SET".to_vec(), b"big".to_vec(), big.clone()], T0),
        vec![Reply::ok()]
    );
    assert_eq!(
        e.call(c, vec![b"STRLEN".to_vec(), b"big".to_vec()], T0),
        vec![Reply::Int(10 << 20)]
    );
    let long_name = vec![b'x'; 100_000];
    let reply = e.call(c, vec![long_name, b"arg".to_vec()], T0);
    let Reply::Error(text) = &reply[0] else {
        panic!("{reply:?}")
    };
    assert!(text.len() < 400, "the unknown-command error quotes at most 128 bytes");
}

/// A small deterministic generator for the fuzz-style test.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[(self.next() as usize) % items.len()]
    }
}

#[test]
fn random_command_sequences_never_panic() {
    // Every command and subcommand with its arity, so most generated commands get
    // past the arity check into the handlers.
    let specs: Vec<(Vec<Vec<u8>>, i32)> = table::all()
        .flat_map(|c| {
            let mut v = vec![(vec![c.name.as_bytes().to_vec()], c.arity)];
            v.extend(
                c.subcommands
                    .iter()
                    .map(|s| (vec![c.name.as_bytes().to_vec(), s.name.as_bytes().to_vec()], s.arity)),
            );
            v
        })
        // PFSELFTEST takes its arguments from nowhere: always the same ten million
        // elements (seconds in a debug build); hll.redis runs it.
        .filter(|(name, _)| name[0] != b"shutdown" && name[0] != b"quit" && name[0] != b"pfselftest")
        .collect();
    let args: &[&str] = &[
        "k",
        "k2",
        "q",
        "0",
        "1",
        "-1",
        "2",
        "10",
        "-100",
        "1.5",
        "inf",
        "-inf",
        "nan",
        "abc",
        "",
        "*",
        "[a",
        "(1",
        "+",
        "-",
        "9223372036854775807",
        "-9223372036854775808",
        "99999999999999999999",
        "NX",
        "XX",
        "GT",
        "LT",
        "CH",
        "INCR",
        "EX",
        "PX",
        "KEEPTTL",
        "GET",
        "WITHSCORES",
        "LIMIT",
        "BYSCORE",
        "BYLEX",
        "REV",
        "COUNT",
        "MATCH",
        "LEFT",
        "RIGHT",
        "MIN",
        "MAX",
        "WEIGHTS",
        "AGGREGATE",
        "SUM",
        "BEFORE",
        "AFTER",
        "RANK",
        "MAXLEN",
        "IDX",
        "LEN",
        "BY",
        "ALPHA",
        "STORE",
        "TYPE",
        "string",
        "0.001",
        "FROMMEMBER",
        "FROMLONLAT",
        "BYRADIUS",
        "BYBOX",
        "km",
        "m",
        "WITHDIST",
        "WITHCOORD",
        "WITHHASH",
        "ANY",
        "ASC",
        "DESC",
        "STOREDIST",
        "180",
        "85.05112878",
        "OVERFLOW",
        "SAT",
        "FAIL",
        "u8",
        "i64",
        "#3",
        "\u{0}",
        "é",
    ];
    let seed = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed);
    let mut rng = Lcg(seed);
    let mut engine = Engine::new(3, T0);
    let clients: Vec<u64> = (0..3).map(|_| engine.connect(T0)).collect();
    let admin = engine.connect(T0);
    let mut now = T0;
    let steps = std::env::var("FUZZ_STEPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30_000);
    for step in 0..steps {
        let (name, arity) = &specs[(rng.next() as usize) % specs.len()];
        let mut argv = name.clone();
        let wanted = if *arity > 0 {
            *arity as usize
        } else {
            (-*arity) as usize + (rng.next() % 5) as usize
        };
        // Now and then a wrong count, to exercise the arity errors too.
        let wanted = if rng.next() % 20 == 0 {
            (rng.next() % 6) as usize
        } else {
            wanted
        };
        while argv.len() < wanted {
            argv.push(rng.pick(args).as_bytes().to_vec());
        }
        let client = clients[(rng.next() as usize) % clients.len()];
        now += (rng.next() % 50) as i64;
        engine.execute(client, argv, now);
        if step % 97 == 0 {
            engine.tick(now);
        }
        if step % 50 == 0 {
            // Keep every client useful: blocked, subscribed or mid-MULTI clients would
            // otherwise only queue or refuse the rest of the run.
            for &id in &clients {
                engine.execute(
                    admin,
                    vec![b"CLIENT".to_vec(), b"UNBLOCK".to_vec(), id.to_string().into_bytes()],
                    now,
                );
                engine.execute(id, vec![b"RESET".to_vec()], now);
            }
        }
        for id in engine.take_clients_with_output() {
            engine.take_replies(id);
        }
    }
}

#[test]
fn a_huge_numkeys_never_walks_past_the_arguments() {
    let mut e = Engine::new(7, T0);
    e.set_work_limit(Some(keyspace_engine::budget::BROWSER_WORK_LIMIT));
    let c = e.connect(T0);
    for line in [
        "COMMAND GETKEYS ZUNION 9223372036854775807 a",
        "COMMAND GETKEYS ZUNIONSTORE d 9223372036854775807 a",
        "COMMAND GETKEYS BLMPOP 0 9223372036854775807 a LEFT",
        "ZUNION 9223372036854775807 a",
        "SINTERCARD 9223372036854775807 a",
        "ZINTERSTORE d 9223372036854775807 a",
    ] {
        let replies = e.call(c, words(line), T0);
        assert!(
            matches!(replies.as_slice(), [Reply::Error(_)] | [Reply::Array(_)]),
            "{line}: {replies:?}"
        );
    }
}

/// Geo searches and bitfields with extreme numbers in every position (infinities,
/// denormals, the integer limits, wrapping `#N` offsets), on geo sets and plain sorted
/// sets whose scores decode to anything: nothing may panic (debug builds check every
/// arithmetic overflow).
#[test]
fn geo_and_bitfield_arguments_at_their_extremes_never_panic() {
    let numbers: &[&str] = &[
        "0",
        "-0",
        "1",
        "-1",
        "180",
        "-180",
        "85.05112878",
        "-85.05112878",
        "90",
        "1e-300",
        "5e-324",
        "inf",
        "-inf",
        "1e308",
        "12345678.9",
        "9223372036854775807",
        "-9223372036854775808",
        "#9223372036854775807",
        "#-1",
        "#288230376151711744",
        "8388600",
        "abc",
        "",
    ];
    let words_pool: &[&str] = &[
        "FROMMEMBER",
        "FROMLONLAT",
        "BYRADIUS",
        "BYBOX",
        "km",
        "m",
        "mi",
        "ft",
        "WITHDIST",
        "WITHCOORD",
        "WITHHASH",
        "COUNT",
        "ANY",
        "ASC",
        "DESC",
        "STORE",
        "STOREDIST",
        "a",
        "b",
        "GET",
        "SET",
        "INCRBY",
        "OVERFLOW",
        "WRAP",
        "SAT",
        "FAIL",
        "u8",
        "i64",
        "u63",
        "i1",
        "u1",
    ];
    // N: a number, U: a unit, M: a member; then up to four words or numbers more.
    let commands: &[&str] = &[
        "GEOADD g N N M",
        "GEOADD g NX CH N N M N N M",
        "GEOSEARCH g FROMLONLAT N N BYRADIUS N U",
        "GEOSEARCH g FROMMEMBER M BYBOX N N U",
        "GEOSEARCH z FROMMEMBER M BYRADIUS N U",
        "GEOSEARCHSTORE d g FROMLONLAT N N BYBOX N N U",
        "GEORADIUS g N N N U",
        "GEORADIUSBYMEMBER z M N U",
        "GEORADIUS_RO z N N N U",
        "GEOPOS z M M",
        "GEOHASH z M M",
        "GEODIST z M M U",
        "BITFIELD s SET u8 N N",
        "BITFIELD s INCRBY i64 N N",
        "BITFIELD s OVERFLOW SAT INCRBY u63 N N GET i1 N",
        "BITFIELD_RO s GET i64 N",
    ];
    let mut rng = Lcg(0x6e0);
    let mut e = Engine::new(3, T0);
    let c = e.connect(T0);
    e.call(
        c,
        words("GEOADD g 13.361389 38.115556 a 15.087269 37.502669 b 180 85.05112878 c -180 -85.05112878 d"),
        T0,
    );
    e.call(
        c,
        words("ZADD z -1 a inf b -inf c 1e300 d 0.5 e 9007199254740993 f"),
        T0,
    );
    for _ in 0..60_000 {
        let mut argv: Vec<Vec<u8>> = Vec::new();
        for w in rng.pick(commands).split(' ') {
            let arg = match w {
                "N" => rng.pick(numbers),
                "U" => rng.pick(&["m", "km", "mi", "ft", "au"]),
                "M" => rng.pick(&["a", "b", "c", "d", "e", "f", "x"]),
                other => other,
            };
            argv.push(arg.as_bytes().to_vec());
        }
        for _ in 0..(rng.next() % 5) {
            let pool = if rng.next() % 2 == 0 { numbers } else { words_pool };
            argv.push(rng.pick(pool).as_bytes().to_vec());
        }
        e.call(c, argv, T0);
        if rng.next() % 500 == 0 {
            e.call(c, words("DEL s d"), T0);
        }
    }
}
