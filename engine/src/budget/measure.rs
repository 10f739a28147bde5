//! The long commands timed at the largest size the work limit lets through, natively
//! and in the browser (`cargo xtask bench --long-only`).

use super::CostInput;
use crate::engine::Engine;

/// One measured case of `measure_at_limit`.
#[derive(Debug)]
pub struct Measured {
    pub command: &'static str,
    /// Elements the command went through: the most the limit allows it.
    pub count: u64,
    /// What it counts (keys, elements, bytes).
    pub unit: &'static str,
    pub millis: f64,
}

/// Times the long command kinds at the largest size `limit` lets through, on a
/// keyspace built for each (without a limit, so they run). `clock` is the host's
/// milliseconds. `cargo xtask bench` runs it natively and in the browser; the limit is
/// right when every figure stays well under a 100 ms frame budget in the browser.
pub fn measure_at_limit(limit: u64, clock: &mut dyn FnMut() -> f64) -> Vec<Measured> {
    const CASES: &[(&str, &str)] = &[
        ("KEYS *", "keys"),
        ("SCAN 0 COUNT {n}", "keys"),
        ("SORT list", "list"),
        ("SUNIONSTORE dest s1 s2", "sets"),
        ("ZUNIONSTORE dest 2 z1 z2", "zsets"),
        ("LRANGE list 0 -1", "list"),
        ("SRANDMEMBER s1 -{n}", "sets"),
        ("SETRANGE str {n} x", "none"),
        (
            "GEOSEARCH geo FROMLONLAT 0 0 BYRADIUS 21000 km ASC WITHDIST WITHCOORD",
            "geo",
        ),
        ("XRANGE stream - +", "stream"),
        ("XREADGROUP GROUP g c STREAMS stream >", "stream"),
    ];
    let mut out = Vec::new();
    for &(template, data) in CASES {
        let mut engine = Engine::new(1, 0);
        let client = engine.connect(0);
        let name = template.split(' ').next().unwrap_or_default().to_ascii_lowercase();
        let spec = crate::table::lookup(name.as_bytes()).expect("a known command");
        let probe = argv_of(template, 1);
        let keys = spec.key_positions(&probe);
        let input = CostInput {
            db: &engine.dbs[0],
            argv: &probe,
            keys: &keys,
        };
        let (per, unit) = spec
            .cost
            .and_then(|cost| cost(&input))
            .map_or((1000, "elements"), |e| (e.weight_milli, e.unit));
        let n = limit.saturating_mul(1000) / per.max(1);
        // Sets and sorted sets are built as two halves that a union goes through.
        let half = n.div_ceil(2);
        let fill = |engine: &mut Engine, head: &[&str], count: u64, member: &dyn Fn(u64) -> Vec<Vec<u8>>| {
            let mut i = 0;
            while i < count {
                let mut argv: Vec<Vec<u8>> = head.iter().map(|w| w.as_bytes().to_vec()).collect();
                for j in i..(i + 10_000).min(count) {
                    argv.extend(member(j));
                }
                engine.call(client, argv, 0);
                i += 10_000;
            }
        };
        match data {
            "keys" => fill(&mut engine, &["MSET"], n, &|j| {
                vec![format!("key:{j}").into_bytes(), b"v".to_vec()]
            }),
            "list" => fill(&mut engine, &["RPUSH", "list"], n, &|j| {
                vec![((j * 7919) % n.max(1)).to_string().into_bytes()]
            }),
            "sets" => {
                fill(&mut engine, &["SADD", "s1"], half, &|j| {
                    vec![format!("a{j}").into_bytes()]
                });
                fill(&mut engine, &["SADD", "s2"], half, &|j| {
                    vec![format!("b{j}").into_bytes()]
                });
            }
            "zsets" => {
                fill(&mut engine, &["ZADD", "z1"], half, &|j| {
                    vec![j.to_string().into_bytes(), format!("a{j}").into_bytes()]
                });
                fill(&mut engine, &["ZADD", "z2"], half, &|j| {
                    vec![j.to_string().into_bytes(), format!("b{j}").into_bytes()]
                });
            }
            "geo" => fill(&mut engine, &["GEOADD", "geo"], n, &|j| {
                // Spread over the globe, so that the search goes through all of them.
                let lon = (j * 7919 % 36_000) as f64 / 100.0 - 180.0;
                let lat = (j * 104_729 % 17_000) as f64 / 100.0 - 85.0;
                vec![
                    lon.to_string().into_bytes(),
                    lat.to_string().into_bytes(),
                    format!("m{j}").into_bytes(),
                ]
            }),
            "stream" => {
                for j in 1..=n {
                    let argv = vec![
                        b"XADD".to_vec(),
                        b"stream".to_vec(),
                        format!("{j}-1").into_bytes(),
                        b"field".to_vec(),
                        j.to_string().into_bytes(),
                    ];
                    engine.call(client, argv, 0);
                }
                engine.call(client, argv_of("XGROUP CREATE stream g 0", 0), 0);
            }
            _ => {}
        }
        let argv = argv_of(template, n);
        let command = template.split(' ').next().unwrap_or_default();
        // As the terminal runs a command: replies taken packed (an LRANGE's elements
        // stay in one buffer), since it shows only the first 1,000 of a long one.
        let started = clock();
        engine.execute(client, argv, 0);
        let reply = engine.take_packed_replies(client);
        let millis = clock() - started;
        drop(reply);
        out.push(Measured {
            command,
            count: n,
            unit,
            millis,
        });
    }
    out
}

/// A case's command line with `{n}` filled in, as arguments.
fn argv_of(template: &str, n: u64) -> Vec<Vec<u8>> {
    template
        .replace("{n}", &n.to_string())
        .split(' ')
        .map(|w| w.as_bytes().to_vec())
        .collect()
}
