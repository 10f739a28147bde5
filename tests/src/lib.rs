//! The differential conformance runner: each script in `tests/conformance/` runs
//! against a real `redis-server` (Debian's 7.0, started here on a free loopback port)
//! and against the engine, and every reply must print the same in redis-cli's format.
//!
//! Script syntax, one command per line in redis-cli syntax:
//! - `SET k v`              client 1 sends, waits for its reply
//! - `@2 GET k`             client 2 (clients are opened on first use)
//! - `@2> BLPOP q 0`        client 2 sends without waiting (blocking commands)
//! - `@2<`                  read client 2's next reply or pushed message
//! - `!sleep 150`           both sides wait (the engine's clock moves, it ticks)
//! - `CMD ... #! rule`      compare with a rule instead of exactly (see `Rule`)
//! - `# ...`                comment
//! A first line `#! cli` also runs the script through the real `redis-cli --no-raw`
//! and compares its text with the engine's, checking the tokenizer and formatter.

pub mod redis;

use std::collections::{BTreeMap, VecDeque};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use keyspace_engine::{cli, Engine, Reply};

pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// How a reply is compared when it may legitimately differ.
#[derive(Clone, Debug, PartialEq)]
pub enum Rule {
    Exact,
    /// Array elements compared as a multiset (hash tables order them arbitrarily).
    Sorted,
    /// Flat array of pairs compared as a multiset of pairs (HGETALL on a hashtable).
    SortedPairs,
    /// Integers within ± this much (TTL countdowns).
    Approx(i64),
    /// Same kind of reply and, for arrays, the same length (random members).
    Shape,
    /// Second element of a [cursor, [items]] reply compared as a multiset, cursor by shape.
    ScanSorted,
    /// Only "is it an error or not" must agree.
    ErrorOrNot,
    /// A map (or flat array of pairs) compared with the value of this field masked
    /// (HELLO's connection id).
    Except(String),
}

fn parse_rule(text: &str) -> Result<Rule, String> {
    let mut words = text.split_whitespace();
    Ok(match (words.next(), words.next()) {
        (Some("sorted"), _) => Rule::Sorted,
        (Some("sorted-pairs"), _) => Rule::SortedPairs,
        (Some("approx"), Some(n)) => Rule::Approx(n.parse().map_err(|_| format!("bad approx {n}"))?),
        (Some("shape"), _) => Rule::Shape,
        (Some("scan-sorted"), _) => Rule::ScanSorted,
        (Some("error-or-not"), _) => Rule::ErrorOrNot,
        (Some("except"), Some(field)) => Rule::Except(field.to_string()),
        _ => return Err(format!("unknown rule {text:?}")),
    })
}

#[derive(Debug)]
pub enum Step {
    Command {
        client: usize,
        argv: Vec<Vec<u8>>,
        wait: bool,
        rule: Rule,
    },
    Read {
        client: usize,
        rule: Rule,
    },
    Sleep(u64),
}

#[derive(Debug)]
pub struct Line {
    pub number: usize,
    pub text: String,
    pub step: Step,
}

pub struct Script {
    pub name: String,
    pub lines: Vec<Line>,
    pub check_cli: bool,
    pub source: String,
}

pub fn parse_script(name: &str, source: &str) -> Result<Script, String> {
    let mut lines = Vec::new();
    let check_cli = source.lines().next().is_some_and(|l| l.trim() == "#! cli");
    for (i, raw) in source.lines().enumerate() {
        let number = i + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || (trimmed.starts_with('#') && !trimmed.starts_with("#!")) || trimmed == "#! cli" {
            continue;
        }
        let (body, rule) = match trimmed.split_once("#!") {
            Some((body, rule)) => (
                body.trim(),
                parse_rule(rule.trim()).map_err(|e| format!("{name}:{number}: {e}"))?,
            ),
            None => (trimmed, Rule::Exact),
        };
        let step = if let Some(ms) = body.strip_prefix("!sleep ") {
            Step::Sleep(ms.trim().parse().map_err(|_| format!("{name}:{number}: bad sleep"))?)
        } else if let Some(rest) = body.strip_prefix('@') {
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            let client: usize = digits.parse().map_err(|_| format!("{name}:{number}: bad client"))?;
            let rest = &rest[digits.len()..];
            if rest.trim() == "<" {
                Step::Read { client, rule }
            } else if let Some(cmd) = rest.strip_prefix('>') {
                let argv = split(cmd, name, number)?;
                Step::Command {
                    client,
                    argv,
                    wait: false,
                    rule,
                }
            } else {
                Step::Command {
                    client,
                    argv: split(rest, name, number)?,
                    wait: true,
                    rule,
                }
            }
        } else {
            Step::Command {
                client: 1,
                argv: split(body, name, number)?,
                wait: true,
                rule,
            }
        };
        lines.push(Line {
            number,
            text: body.to_string(),
            step,
        });
    }
    Ok(Script {
        name: name.to_string(),
        lines,
        check_cli,
        source: source.to_string(),
    })
}

fn split(text: &str, name: &str, number: usize) -> Result<Vec<Vec<u8>>, String> {
    cli::split_args(text.trim().as_bytes()).ok_or_else(|| format!("{name}:{number}: unbalanced quotes"))
}

/// How many replies a command produces before the next command may be sent.
fn reply_count(argv: &[Vec<u8>]) -> usize {
    let name = argv.first().map(|a| a.to_ascii_lowercase()).unwrap_or_default();
    match name.as_slice() {
        b"subscribe" | b"psubscribe" => argv.len().saturating_sub(1).max(1),
        b"unsubscribe" | b"punsubscribe" => argv.len().saturating_sub(1).max(1),
        _ => 1,
    }
}

fn sort_key(r: &Reply) -> String {
    cli::format_reply(&[], r, 3)
}

fn normalize(reply: &Reply, rule: &Rule) -> Reply {
    match (rule, reply) {
        (Rule::Sorted, Reply::Array(items) | Reply::Set(items)) => {
            let mut items = items.clone();
            items.sort_by_key(sort_key);
            Reply::Array(items)
        }
        (Rule::SortedPairs, Reply::Array(items)) => {
            let mut pairs: Vec<Vec<Reply>> = items.chunks(2).map(|c| c.to_vec()).collect();
            pairs.sort_by_key(|p| p.iter().map(sort_key).collect::<Vec<_>>());
            Reply::Array(pairs.into_iter().flatten().collect())
        }
        (Rule::SortedPairs, Reply::Map(pairs)) => {
            let mut pairs = pairs.clone();
            pairs.sort_by_key(|(k, v)| (sort_key(k), sort_key(v)));
            Reply::Map(pairs)
        }
        (Rule::ScanSorted, Reply::Array(items)) if items.len() == 2 => {
            Reply::Array(vec![Reply::bulk("<cursor>"), normalize(&items[1], &Rule::Sorted)])
        }
        (Rule::Shape, Reply::Array(items)) => Reply::Array(items.iter().map(|_| Reply::bulk("<element>")).collect()),
        (Rule::Shape, Reply::Bulk(_)) => Reply::bulk("<bulk>"),
        (Rule::Shape, Reply::Int(_)) => Reply::Int(0),
        (Rule::Except(field), Reply::Map(pairs)) => Reply::Map(
            pairs
                .iter()
                .map(|(k, v)| {
                    let masked = *k == Reply::bulk(field.as_str());
                    (k.clone(), if masked { Reply::bulk("<masked>") } else { v.clone() })
                })
                .collect(),
        ),
        (Rule::Except(field), Reply::Array(items)) => {
            let mut items = items.clone();
            for i in (0..items.len().saturating_sub(1)).step_by(2) {
                if items[i] == Reply::bulk(field.as_str()) {
                    items[i + 1] = Reply::bulk("<masked>");
                }
            }
            Reply::Array(items)
        }
        (Rule::ErrorOrNot, r) => {
            if r.is_error() {
                Reply::err("<error>")
            } else {
                Reply::status("<not an error>")
            }
        }
        _ => reply.clone(),
    }
}

fn matches(expected: &Reply, actual: &Reply, rule: &Rule) -> bool {
    match (rule, expected, actual) {
        (Rule::Approx(d), Reply::Int(a), Reply::Int(b)) => (a - b).abs() <= *d,
        (Rule::Approx(d), Reply::Array(a), Reply::Array(b)) if a.len() == b.len() => {
            a.iter().zip(b).all(|(x, y)| matches(x, y, &Rule::Approx(*d)))
        }
        _ => normalize(expected, rule) == normalize(actual, rule),
    }
}

/// The reply as a client speaking `resp` decodes it (RESP3-only kinds fold in RESP2).
pub fn on_the_wire(reply: &Reply, resp: u8) -> Reply {
    let bytes = reply.to_resp(resp);
    match keyspace_engine::resp::parse_reply(&bytes) {
        Ok(Some((decoded, _))) => decoded,
        _ => reply.clone(),
    }
}

pub struct Mismatch {
    pub script: String,
    pub line: usize,
    pub command: String,
    pub expected: String,
    pub actual: String,
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: {}\n  redis:  {}\n  engine: {}",
            self.script,
            self.line,
            self.command,
            self.expected.trim_end().replace('\n', "\n          "),
            self.actual.trim_end().replace('\n', "\n          ")
        )
    }
}

fn collect_engine(engine: &mut Engine, inbox: &mut BTreeMap<usize, VecDeque<Reply>>, map: &BTreeMap<usize, u64>) {
    for (&n, &id) in map {
        let replies = engine.take_replies(id);
        inbox.entry(n).or_default().extend(replies);
    }
}

/// The engine's next reply for client `n`. Real Redis answered already, so the engine
/// may only need time to pass (a blocking command's time-out): tick until it answers.
fn next_engine_reply(
    engine: &mut Engine,
    inbox: &mut BTreeMap<usize, VecDeque<Reply>>,
    clients: &BTreeMap<usize, u64>,
    n: usize,
) -> Option<Reply> {
    let deadline = now_ms() + 5000;
    loop {
        if let Some(reply) = inbox.entry(n).or_default().pop_front() {
            return Some(reply);
        }
        if now_ms() >= deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(2));
        engine.tick(now_ms());
        collect_engine(engine, inbox, clients);
    }
}

/// Runs one script on both sides; returns every difference.
pub fn run_script(script: &Script, port: u16) -> Result<Vec<Mismatch>, String> {
    let mut redis_clients: BTreeMap<usize, redis::Connection> = BTreeMap::new();
    let mut engine = Engine::new(0x5eed, now_ms());
    let mut engine_clients: BTreeMap<usize, u64> = BTreeMap::new();
    let mut engine_inbox: BTreeMap<usize, VecDeque<Reply>> = BTreeMap::new();
    let mut protocol: BTreeMap<usize, u8> = BTreeMap::new();
    let mut mismatches = Vec::new();
    let mut last_argv: BTreeMap<usize, Vec<Vec<u8>>> = BTreeMap::new();

    // A fresh server state for every script.
    let mut admin = redis::Connection::open(port)?;
    admin.command(&[b"FLUSHALL".to_vec()])?;
    admin.command(&[b"CONFIG".to_vec(), b"RESETSTAT".to_vec()])?;
    admin.command(&[b"SCRIPT".to_vec(), b"FLUSH".to_vec()])?;

    for line in &script.lines {
        let mut compare =
            |n: usize, expected: Reply, actual: Option<Reply>, rule: &Rule, argv: &[Vec<u8>], resp: u8| {
                // Compare what a client would read off the wire.
                let actual = actual.map(|r| on_the_wire(&r, resp));
                let actual_text = match &actual {
                    Some(r) => cli::format_reply(argv, r, resp),
                    None => "(no reply)\n".to_string(),
                };
                let ok = actual.as_ref().is_some_and(|a| matches(&expected, a, rule));
                if !ok {
                    mismatches.push(Mismatch {
                        script: script.name.clone(),
                        line: line.number,
                        command: format!("@{n} {}", line.text),
                        expected: cli::format_reply(argv, &expected, resp),
                        actual: actual_text,
                    });
                }
            };
        match &line.step {
            Step::Sleep(ms) => {
                std::thread::sleep(Duration::from_millis(*ms));
                engine.tick(now_ms());
                collect_engine(&mut engine, &mut engine_inbox, &engine_clients);
            }
            Step::Command {
                client,
                argv,
                wait,
                rule,
            } => {
                let n = *client;
                if !redis_clients.contains_key(&n) {
                    redis_clients.insert(n, redis::Connection::open(port)?);
                    engine_clients.insert(n, engine.connect(now_ms()));
                }
                let conn = redis_clients.get_mut(&n).expect("opened above");
                conn.send(argv)?;
                let id = engine_clients[&n];
                engine.execute(id, argv.clone(), now_ms());
                collect_engine(&mut engine, &mut engine_inbox, &engine_clients);
                last_argv.insert(n, argv.clone());
                if !*wait {
                    continue;
                }
                if argv[0].eq_ignore_ascii_case(b"hello") {
                    protocol.insert(n, engine.client_resp(id));
                }
                for _ in 0..reply_count(argv) {
                    let resp = *protocol.get(&n).unwrap_or(&2);
                    let expected = conn.read(Duration::from_secs(5))?.ok_or_else(|| {
                        format!("{}:{}: redis sent no reply to {}", script.name, line.number, line.text)
                    })?;
                    let actual = next_engine_reply(&mut engine, &mut engine_inbox, &engine_clients, n);
                    compare(n, expected, actual, rule, argv, resp);
                }
            }
            Step::Read { client, rule } => {
                let n = *client;
                let conn = redis_clients
                    .get_mut(&n)
                    .ok_or_else(|| format!("{}:{}: no client {n}", script.name, line.number))?;
                let resp = *protocol.get(&n).unwrap_or(&2);
                let expected = conn
                    .read(Duration::from_secs(5))?
                    .ok_or_else(|| format!("{}:{}: redis sent nothing to client {n}", script.name, line.number))?;
                let actual = next_engine_reply(&mut engine, &mut engine_inbox, &engine_clients, n);
                let argv = last_argv.get(&n).cloned().unwrap_or_default();
                compare(n, expected, actual, rule, &argv, resp);
            }
        }
    }
    // Nothing may be left over on either side.
    for (n, conn) in redis_clients.iter_mut() {
        if let Some(extra) = conn.read(Duration::from_millis(20))? {
            mismatches.push(Mismatch {
                script: script.name.clone(),
                line: 0,
                command: format!("@{n} (end of script)"),
                expected: cli::format_reply(&[], &extra, 2),
                actual: "(nothing more)".into(),
            });
        }
    }
    for (n, inbox) in engine_inbox {
        for extra in inbox {
            mismatches.push(Mismatch {
                script: script.name.clone(),
                line: 0,
                command: format!("@{n} (end of script)"),
                expected: "(nothing more)".into(),
                actual: cli::format_reply(&[], &extra, 2),
            });
        }
    }
    Ok(mismatches)
}

/// Runs a single-client script through the real redis-cli and through the engine's
/// tokenizer and formatter; returns the two texts.
pub fn run_through_cli(script: &Script, port: u16) -> Result<(String, String), String> {
    let mut admin = redis::Connection::open(port)?;
    admin.command(&[b"FLUSHALL".to_vec()])?;
    let input: String = script
        .source
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|l| format!("{}\n", l.split("#!").next().unwrap_or("").trim()))
        .collect();
    let expected = redis::redis_cli(port, &input)?;
    let mut engine = Engine::new(0x5eed, now_ms());
    let id = engine.connect(now_ms());
    let mut actual = String::new();
    for line in input.lines() {
        match cli::split_args(line.as_bytes()) {
            None => actual.push_str(cli::INVALID_ARGUMENTS),
            Some(argv) if argv.is_empty() => continue,
            Some(argv) => {
                for reply in engine.call(id, argv.clone(), now_ms()) {
                    actual.push_str(&cli::format_reply(&argv, &reply, engine.client_resp(id)));
                }
                continue;
            }
        }
        actual.push('\n');
    }
    Ok((expected, actual))
}
