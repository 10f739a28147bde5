//! Random command sequences against the engine, a simple reference model of strings,
//! hashes, sets, sorted sets, geo sets and bitfields, and (when Debian's redis-server is
//! installed) real Redis, comparing every reply. Keys and values come from small pools,
//! so types collide (WRONGTYPE), counters overflow into errors and members repeat.
//! `MODEL_SEED` and `MODEL_STEPS` override the defaults.
//!
//! The model's geo and bitfield parts (`model/geo.rs`) are written from the documented
//! behaviour, independently of the engine's code: a geo set is a sorted set scored by
//! the interleaved geohash, searched by brute force over every member (equal to Redis's
//! nine-cell walk away from the poles and the cells' edges, which the pools avoid; the
//! conformance scripts cover those), bitfields in 128-bit arithmetic.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use keyspace_engine::{Engine, Reply};
use keyspace_tests::on_the_wire;
use keyspace_tests::redis::{Connection, Server};

#[path = "model/geo.rs"]
mod model_geo;

/// The model: what each key holds.
#[derive(Clone, Debug)]
pub(crate) enum Value {
    Str(Vec<u8>),
    Hash(BTreeMap<Vec<u8>, Vec<u8>>),
    Set(BTreeSet<Vec<u8>>),
    /// member → score
    ZSet(BTreeMap<Vec<u8>, f64>),
}

#[derive(Default)]
pub(crate) struct Model {
    pub(crate) keys: HashMap<Vec<u8>, Value>,
}

pub(crate) fn wrongtype() -> Reply {
    Reply::err("WRONGTYPE Operation against a key holding the wrong kind of value")
}

pub(crate) fn not_integer() -> Reply {
    Reply::err("ERR value is not an integer or out of range")
}

pub(crate) fn int(bytes: &[u8]) -> Option<i64> {
    let text = std::str::from_utf8(bytes).ok()?;
    // Redis's string2ll: no leading '+', no leading zeros, no spaces.
    if text.is_empty() || text.starts_with('+') || (text.len() > 1 && (text.starts_with('0') || text.starts_with("-0")))
    {
        return None;
    }
    text.parse().ok()
}

pub(crate) fn float(bytes: &[u8]) -> Option<f64> {
    std::str::from_utf8(bytes)
        .ok()?
        .parse::<f64>()
        .ok()
        .filter(|f| f.is_finite())
}

/// Redis prints a score as %.17g, shortest form for these test values.
fn score_text(score: f64) -> Vec<u8> {
    if score == score.trunc() && score.abs() < 1e15 {
        format!("{}", score as i64).into_bytes()
    } else {
        format!("{score}").into_bytes()
    }
}

impl Model {
    fn apply(&mut self, argv: &[Vec<u8>]) -> Reply {
        let name = String::from_utf8_lossy(&argv[0]).to_ascii_uppercase();
        let key = argv[1].clone();
        // Redis parses numeric arguments before it looks the key up.
        match name.as_str() {
            "INCRBY" if int(&argv[2]).is_none() => return not_integer(),
            "HINCRBY" if int(&argv[3]).is_none() => return not_integer(),
            "ZADD" | "ZINCRBY" if float(&argv[2]).is_none() => return Reply::err("ERR value is not a valid float"),
            _ => {}
        }
        if let Some(reply) = model_geo::apply(self, &name, argv) {
            return reply;
        }
        let entry = self.keys.get(&key).cloned();
        match (name.as_str(), entry) {
            ("SET", _) => {
                self.keys.insert(key, Value::Str(argv[2].clone()));
                Reply::ok()
            }
            ("GET", None) => Reply::Null,
            ("GET", Some(Value::Str(s))) => Reply::bulk(s),
            ("APPEND", None) => {
                self.keys.insert(key, Value::Str(argv[2].clone()));
                Reply::Int(argv[2].len() as i64)
            }
            ("APPEND", Some(Value::Str(mut s))) => {
                s.extend_from_slice(&argv[2]);
                let len = s.len() as i64;
                self.keys.insert(key, Value::Str(s));
                Reply::Int(len)
            }
            ("STRLEN", None) => Reply::Int(0),
            ("STRLEN", Some(Value::Str(s))) => Reply::Int(s.len() as i64),
            ("INCRBY", entry @ (None | Some(Value::Str(_)))) => {
                let current = match entry {
                    Some(Value::Str(s)) => match int(&s) {
                        Some(n) => n,
                        None => return not_integer(),
                    },
                    _ => 0,
                };
                let Some(by) = int(&argv[2]) else { return not_integer() };
                let Some(next) = current.checked_add(by) else {
                    return Reply::err("ERR increment or decrement would overflow");
                };
                self.keys.insert(key, Value::Str(next.to_string().into_bytes()));
                Reply::Int(next)
            }
            ("DEL", entry) => {
                self.keys.remove(&key);
                Reply::Int(entry.is_some() as i64)
            }
            ("EXISTS", entry) => Reply::Int(entry.is_some() as i64),
            ("TYPE", entry) => Reply::status(match entry {
                None => "none",
                Some(Value::Str(_)) => "string",
                Some(Value::Hash(_)) => "hash",
                Some(Value::Set(_)) => "set",
                Some(Value::ZSet(_)) => "zset",
            }),
            ("HSET", entry @ (None | Some(Value::Hash(_)))) => {
                let mut h = match entry {
                    Some(Value::Hash(h)) => h,
                    _ => BTreeMap::new(),
                };
                let added = h.insert(argv[2].clone(), argv[3].clone()).is_none();
                self.keys.insert(key, Value::Hash(h));
                Reply::Int(added as i64)
            }
            ("HGET", None) => Reply::Null,
            ("HGET", Some(Value::Hash(h))) => h.get(&argv[2]).map_or(Reply::Null, |v| Reply::bulk(v.clone())),
            ("HDEL", None) => Reply::Int(0),
            ("HDEL", Some(Value::Hash(mut h))) => {
                let removed = h.remove(&argv[2]).is_some();
                self.store_or_drop(key, Value::Hash(h));
                Reply::Int(removed as i64)
            }
            ("HLEN", None) => Reply::Int(0),
            ("HLEN", Some(Value::Hash(h))) => Reply::Int(h.len() as i64),
            ("HINCRBY", entry @ (None | Some(Value::Hash(_)))) => {
                let mut h = match entry {
                    Some(Value::Hash(h)) => h,
                    _ => BTreeMap::new(),
                };
                let Some(by) = int(&argv[3]) else { return not_integer() };
                let current = match h.get(&argv[2]) {
                    Some(v) => match int(v) {
                        Some(n) => n,
                        None => return Reply::err("ERR hash value is not an integer"),
                    },
                    None => 0,
                };
                let Some(next) = current.checked_add(by) else {
                    return Reply::err("ERR increment or decrement would overflow");
                };
                h.insert(argv[2].clone(), next.to_string().into_bytes());
                self.keys.insert(key, Value::Hash(h));
                Reply::Int(next)
            }
            ("SADD", entry @ (None | Some(Value::Set(_)))) => {
                let mut s = match entry {
                    Some(Value::Set(s)) => s,
                    _ => BTreeSet::new(),
                };
                let added = s.insert(argv[2].clone());
                self.keys.insert(key, Value::Set(s));
                Reply::Int(added as i64)
            }
            ("SREM", None) => Reply::Int(0),
            ("SREM", Some(Value::Set(mut s))) => {
                let removed = s.remove(&argv[2]);
                self.store_or_drop(key, Value::Set(s));
                Reply::Int(removed as i64)
            }
            ("SISMEMBER", None) => Reply::Int(0),
            ("SISMEMBER", Some(Value::Set(s))) => Reply::Int(s.contains(&argv[2]) as i64),
            ("SCARD", None) => Reply::Int(0),
            ("SCARD", Some(Value::Set(s))) => Reply::Int(s.len() as i64),
            ("ZADD", entry @ (None | Some(Value::ZSet(_)))) => {
                let mut z = match entry {
                    Some(Value::ZSet(z)) => z,
                    _ => BTreeMap::new(),
                };
                let score = float(&argv[2]).unwrap_or_default();
                let added = z.insert(argv[3].clone(), score).is_none();
                self.keys.insert(key, Value::ZSet(z));
                Reply::Int(added as i64)
            }
            ("ZINCRBY", entry @ (None | Some(Value::ZSet(_)))) => {
                let mut z = match entry {
                    Some(Value::ZSet(z)) => z,
                    _ => BTreeMap::new(),
                };
                let by = float(&argv[2]).unwrap_or_default();
                let score = z.get(&argv[3]).copied().unwrap_or(0.0) + by;
                z.insert(argv[3].clone(), score);
                self.keys.insert(key, Value::ZSet(z));
                Reply::bulk(score_text(score))
            }
            ("ZSCORE", None) => Reply::Null,
            ("ZSCORE", Some(Value::ZSet(z))) => z.get(&argv[2]).map_or(Reply::Null, |s| Reply::bulk(score_text(*s))),
            ("ZREM", None) => Reply::Int(0),
            ("ZREM", Some(Value::ZSet(mut z))) => {
                let removed = z.remove(&argv[2]).is_some();
                self.store_or_drop(key, Value::ZSet(z));
                Reply::Int(removed as i64)
            }
            ("ZCARD", None) => Reply::Int(0),
            ("ZCARD", Some(Value::ZSet(z))) => Reply::Int(z.len() as i64),
            ("ZRANK", None) => Reply::Null,
            ("ZRANK", Some(Value::ZSet(z))) => {
                let Some(&score) = z.get(&argv[2]) else {
                    return Reply::Null;
                };
                let rank = z
                    .iter()
                    .filter(|(m, &s)| s < score || (s == score && m.as_slice() < argv[2].as_slice()))
                    .count();
                Reply::Int(rank as i64)
            }
            _ => wrongtype(),
        }
    }

    /// Redis deletes a container left empty.
    pub(crate) fn store_or_drop(&mut self, key: Vec<u8>, value: Value) {
        let empty = match &value {
            Value::Hash(h) => h.is_empty(),
            Value::Set(s) => s.is_empty(),
            Value::ZSet(z) => z.is_empty(),
            Value::Str(_) => false,
        };
        if empty {
            self.keys.remove(&key);
        } else {
            self.keys.insert(key, value);
        }
    }
}

/// xorshift64*: deterministic from the seed.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub(crate) fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const COMMANDS: &[(&str, &str)] = &[
    ("SET", "kv"),
    ("GET", "k"),
    ("APPEND", "kv"),
    ("STRLEN", "k"),
    ("INCRBY", "kn"),
    ("DEL", "k"),
    ("EXISTS", "k"),
    ("TYPE", "k"),
    ("HSET", "kfv"),
    ("HGET", "kf"),
    ("HDEL", "kf"),
    ("HLEN", "k"),
    ("HINCRBY", "kfn"),
    ("SADD", "km"),
    ("SREM", "km"),
    ("SISMEMBER", "km"),
    ("SCARD", "k"),
    ("ZADD", "ksm"),
    ("ZINCRBY", "ksm"),
    ("ZSCORE", "km"),
    ("ZREM", "km"),
    ("ZCARD", "k"),
    ("ZRANK", "km"),
    // Geo sets and bitfields mostly on keys of their own ('g', 'b'), now and then on
    // one of the others.
    ("GEOADD", "gLm"),
    ("GEOADD", "gLmLm"),
    ("GEOPOS", "gmm"),
    ("GEODIST", "gmmu"),
    ("GEOHASH", "gm"),
    ("GEOSEARCH", "gS"),
    ("GEOSEARCH", "gS"),
    ("GEOSEARCH", "gS"),
    ("ZINCRBY", "gsm"),
    ("ZREM", "gm"),
    ("ZSCORE", "gm"),
    ("BITFIELD", "bB"),
    ("BITFIELD", "bB"),
    ("BITFIELD_RO", "bG"),
    ("GET", "b"),
    ("SET", "bv"),
    ("STRLEN", "b"),
];

fn random_command(rng: &mut Rng) -> Vec<Vec<u8>> {
    let (name, shape) = COMMANDS[(rng.next() % COMMANDS.len() as u64) as usize];
    let mut argv = vec![name.as_bytes().to_vec()];
    for c in shape.chars() {
        if let Some(args) = model_geo::random_args(rng, c) {
            argv.extend(args.into_iter().map(|a| a.as_bytes().to_vec()));
            continue;
        }
        let arg = match c {
            'k' => rng.pick(&["k0", "k1", "k2", "k3", "k4"]),
            'v' => rng.pick(&["", "a", "hello", "12", "-7", "007", "9223372036854775807", "x y"]),
            'f' => rng.pick(&["f0", "f1", "f2"]),
            'n' => rng.pick(&[
                "1",
                "-1",
                "10",
                "0",
                "abc",
                "9223372036854775807",
                "-9223372036854775808",
                "+5",
            ]),
            's' => rng.pick(&["1", "-1", "10", "0", "abc", "+5", "2.5"]),
            _ => rng.pick(&["a", "b", "c", "d"]),
        };
        argv.push(arg.as_bytes().to_vec());
    }
    argv
}

fn show(argv: &[Vec<u8>]) -> String {
    argv.iter()
        .map(|a| String::from_utf8_lossy(a).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn random_sequences_agree_with_the_model_and_with_real_redis() {
    let seed: u64 = std::env::var("MODEL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed);
    let steps: usize = std::env::var("MODEL_STEPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(4_000);
    let mut rng = Rng(seed | 1);
    let mut engine = Engine::new(seed, 1_000);
    let client = engine.connect(1_000);
    let mut model = Model::default();
    // Real Redis too, when it is installed (the test command installs it).
    let server = Server::start().ok();
    let mut redis = server
        .as_ref()
        .map(|s| Connection::open(s.port).expect("connect to redis-server"));
    if let Some(r) = redis.as_mut() {
        r.command(&[b"FLUSHALL".to_vec()]).unwrap();
    }
    for step in 0..steps {
        let argv = random_command(&mut rng);
        let ours = on_the_wire(&engine.call(client, argv.clone(), 1_000).pop().expect("a reply"), 2);
        let expected = model.apply(&argv);
        if !model_geo::abstains(&expected) {
            assert_eq!(
                ours,
                expected,
                "step {step} (seed {seed}): {} — engine vs model",
                show(&argv)
            );
        }
        if let Some(r) = redis.as_mut() {
            let theirs = r.command(&argv).expect("redis answers");
            assert_eq!(
                ours,
                theirs,
                "step {step} (seed {seed}): {} — engine vs redis-server",
                show(&argv)
            );
        }
    }
    assert!(model.keys.len() > 0, "the sequence built some state");
}
