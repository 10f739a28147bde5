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

use keyspace_engine::{sds, Engine, Reply};
use keyspace_playground::cli;

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
    /// A MONITOR line with its timestamp and client address masked.
    Monitor,
    /// A map (or flat array of pairs) compared by its field names, in order, with
    /// every value masked (MEMORY STATS, whose figures are each server's own); for a
    /// text, the `name:value` lines of an INFO section with their values masked.
    Fields,
    /// SLOWLOG GET: each entry with its timestamp, duration and client address masked
    /// and its id counted from the first entry's (ids never restart in a server).
    Slowlog,
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
        (Some("monitor"), _) => Rule::Monitor,
        (Some("fields"), _) => Rule::Fields,
        (Some("slowlog"), _) => Rule::Slowlog,
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
    /// A line redis-cli refuses to split ("Invalid argument(s)"): nothing is sent.
    ClientSideError,
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
            match split(body, name, number) {
                Ok(argv) => Step::Command {
                    client: 1,
                    argv,
                    wait: true,
                    rule,
                },
                Err(_) if check_cli => Step::ClientSideError,
                Err(e) => return Err(e),
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
    sds::split_args(text.trim().as_bytes()).ok_or_else(|| format!("{name}:{number}: unbalanced quotes"))
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
        (Rule::Monitor, Reply::Status(line)) => {
            // "1700000000.123456 [0 127.0.0.1:50000] \"set\" ..." -> "<time> [0 <addr>] ..."
            let db = line.split('[').nth(1).and_then(|s| s.split(' ').next()).unwrap_or("?");
            let rest = line.split_once("] ").map_or("", |(_, r)| r);
            Reply::Status(format!("<time> [{db} <addr>] {rest}"))
        }
        (Rule::Fields, Reply::Bulk(text) | Reply::Verbatim(_, text)) => Reply::Bulk(
            String::from_utf8_lossy(text)
                .split("\r\n")
                .map(|line| match line.split_once(':') {
                    Some((name, _)) => format!("{name}:<value>"),
                    None => line.to_string(),
                })
                .collect::<Vec<_>>()
                .join("\r\n")
                .into_bytes(),
        ),
        (Rule::Fields, Reply::Map(pairs)) => Reply::Array(
            pairs
                .iter()
                .flat_map(|(k, _)| [k.clone(), Reply::bulk("<value>")])
                .collect(),
        ),
        (Rule::Fields, Reply::Array(items)) => Reply::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, r)| if i % 2 == 0 { r.clone() } else { Reply::bulk("<value>") })
                .collect(),
        ),
        (Rule::Slowlog, Reply::Array(entries)) => {
            let first = match entries.first() {
                Some(Reply::Array(e)) => match e.first() {
                    Some(Reply::Int(id)) => *id,
                    _ => 0,
                },
                _ => 0,
            };
            Reply::Array(
                entries
                    .iter()
                    .map(|entry| match entry {
                        Reply::Array(e) if e.len() == 6 => Reply::Array(vec![
                            match &e[0] {
                                Reply::Int(id) => Reply::Int(id - first),
                                other => other.clone(),
                            },
                            Reply::bulk("<time>"),
                            Reply::bulk("<duration>"),
                            e[3].clone(),
                            Reply::bulk("<addr>"),
                            e[5].clone(),
                        ]),
                        other => other.clone(),
                    })
                    .collect(),
            )
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

/// What the corpus is run against besides real Redis.
pub trait Subject {
    fn open(&mut self, n: usize) -> Result<(), String>;
    fn send(&mut self, n: usize, argv: &[Vec<u8>]) -> Result<(), String>;
    /// The next reply or pushed message for client `n` as a client decodes it, waiting
    /// a few seconds at most (real Redis answered already: only time may be missing).
    fn next(&mut self, n: usize) -> Result<Option<Reply>, String>;
    /// Time passed (`!sleep`).
    fn slept(&mut self);
    /// Replies nobody read, per client.
    fn leftovers(&mut self) -> Result<Vec<(usize, Reply)>, String>;
}

/// The engine in this process, driven by the wall clock like the real server.
pub struct EngineSubject {
    engine: Engine,
    clients: BTreeMap<usize, u64>,
    inbox: BTreeMap<usize, VecDeque<Reply>>,
}

impl Default for EngineSubject {
    fn default() -> Self {
        EngineSubject {
            engine: Engine::new(0x5eed, now_ms()),
            clients: BTreeMap::new(),
            inbox: BTreeMap::new(),
        }
    }
}

impl EngineSubject {
    fn collect(&mut self) {
        for (&n, &id) in &self.clients {
            let resp = self.engine.client_resp(id);
            let replies = self.engine.take_replies(id);
            self.inbox
                .entry(n)
                .or_default()
                .extend(replies.iter().map(|r| on_the_wire(r, resp)));
        }
    }
}

impl Subject for EngineSubject {
    fn open(&mut self, n: usize) -> Result<(), String> {
        let id = self.engine.connect(now_ms());
        self.clients.insert(n, id);
        Ok(())
    }

    fn send(&mut self, n: usize, argv: &[Vec<u8>]) -> Result<(), String> {
        let id = self.clients[&n];
        self.engine.execute(id, argv.to_vec(), now_ms());
        self.collect();
        Ok(())
    }

    fn next(&mut self, n: usize) -> Result<Option<Reply>, String> {
        let deadline = now_ms() + 5000;
        loop {
            if let Some(reply) = self.inbox.entry(n).or_default().pop_front() {
                return Ok(Some(reply));
            }
            if now_ms() >= deadline {
                return Ok(None);
            }
            std::thread::sleep(Duration::from_millis(2));
            self.engine.tick(now_ms());
            self.collect();
        }
    }

    fn slept(&mut self) {
        self.engine.tick(now_ms());
        self.collect();
    }

    fn leftovers(&mut self) -> Result<Vec<(usize, Reply)>, String> {
        Ok(std::mem::take(&mut self.inbox)
            .into_iter()
            .flat_map(|(n, q)| q.into_iter().map(move |r| (n, r)))
            .collect())
    }
}

/// A server reached over TCP (keyspace-server), one connection per script client.
pub struct TcpSubject {
    port: u16,
    conns: BTreeMap<usize, redis::Connection>,
}

/// Empties a server (real Redis or keyspace-server) and undoes what scripts configure
/// and count, so every script starts from the same state.
fn reset_server(port: u16) -> Result<(), String> {
    let mut admin = redis::Connection::open(port)?;
    for argv in [
        vec!["FLUSHALL"],
        vec!["CONFIG", "RESETSTAT"],
        vec!["CONFIG", "SET", "notify-keyspace-events", ""],
    ] {
        admin.command(&argv.iter().map(|a| a.as_bytes().to_vec()).collect::<Vec<_>>())?;
    }
    Ok(())
}

impl TcpSubject {
    pub fn new(port: u16) -> Result<TcpSubject, String> {
        reset_server(port)?;
        Ok(TcpSubject {
            port,
            conns: BTreeMap::new(),
        })
    }
}

impl Subject for TcpSubject {
    fn open(&mut self, n: usize) -> Result<(), String> {
        self.conns.insert(n, redis::Connection::open(self.port)?);
        Ok(())
    }

    fn send(&mut self, n: usize, argv: &[Vec<u8>]) -> Result<(), String> {
        self.conns.get_mut(&n).ok_or("no such client")?.send(argv)
    }

    fn next(&mut self, n: usize) -> Result<Option<Reply>, String> {
        // Generous: a debug build of the server needs seconds for a 512 MB string.
        self.conns
            .get_mut(&n)
            .ok_or("no such client")?
            .read(Duration::from_secs(30))
    }

    fn slept(&mut self) {}

    fn leftovers(&mut self) -> Result<Vec<(usize, Reply)>, String> {
        let mut out = Vec::new();
        for (n, conn) in self.conns.iter_mut() {
            while let Some(extra) = conn.read(Duration::from_millis(20)).or_else(closed_is_nothing)? {
                out.push((*n, extra));
            }
        }
        Ok(out)
    }
}

/// A connection the server closed after its last reply (QUIT, the clients a new
/// replica unblocks) has nothing more to read.
fn closed_is_nothing(error: String) -> Result<Option<Reply>, String> {
    if error.contains("connection closed") {
        Ok(None)
    } else {
        Err(error)
    }
}

/// Runs one script against real Redis on `port` and against the in-process engine.
pub fn run_script(script: &Script, port: u16) -> Result<Vec<Mismatch>, String> {
    run_script_against(script, port, &mut EngineSubject::default())
}

/// Runs one script on real Redis and on `subject`; returns every difference.
pub fn run_script_against(script: &Script, port: u16, subject: &mut dyn Subject) -> Result<Vec<Mismatch>, String> {
    let mut redis_clients: BTreeMap<usize, redis::Connection> = BTreeMap::new();
    let mut protocol: BTreeMap<usize, u8> = BTreeMap::new();
    let mut mismatches = Vec::new();
    let mut last_argv: BTreeMap<usize, Vec<Vec<u8>>> = BTreeMap::new();

    // A fresh server state for every script.
    reset_server(port)?;

    for line in &script.lines {
        let mut compare =
            |n: usize, expected: Reply, actual: Option<Reply>, rule: &Rule, argv: &[Vec<u8>], resp: u8| {
                let ok = actual.as_ref().is_some_and(|a| matches(&expected, a, rule));
                if !ok {
                    mismatches.push(Mismatch {
                        script: script.name.clone(),
                        line: line.number,
                        command: format!("@{n} {}", line.text),
                        expected: cli::format_reply(argv, &expected, resp),
                        actual: match &actual {
                            Some(r) => cli::format_reply(argv, r, resp),
                            None => "(no reply)\n".to_string(),
                        },
                    });
                }
            };
        match &line.step {
            Step::Sleep(ms) => {
                std::thread::sleep(Duration::from_millis(*ms));
                subject.slept();
            }
            Step::ClientSideError => {}
            Step::Command {
                client,
                argv,
                wait,
                rule,
            } => {
                let n = *client;
                if let std::collections::btree_map::Entry::Vacant(e) = redis_clients.entry(n) {
                    e.insert(redis::Connection::open(port)?);
                    subject.open(n)?;
                }
                let conn = redis_clients.get_mut(&n).expect("opened above");
                conn.send(argv)?;
                subject.send(n, argv)?;
                last_argv.insert(n, argv.clone());
                if !*wait {
                    continue;
                }
                for _ in 0..reply_count(argv) {
                    let expected = conn.read(Duration::from_secs(5))?.ok_or_else(|| {
                        format!("{}:{}: redis sent no reply to {}", script.name, line.number, line.text)
                    })?;
                    if argv[0].eq_ignore_ascii_case(b"hello") {
                        match &expected {
                            Reply::Map(_) => protocol.insert(n, 3),
                            Reply::Array(_) => protocol.insert(n, 2),
                            _ => None,
                        };
                    }
                    let resp = *protocol.get(&n).unwrap_or(&2);
                    let actual = subject.next(n)?;
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
                let actual = subject.next(n)?;
                let argv = last_argv.get(&n).cloned().unwrap_or_default();
                compare(n, expected, actual, rule, &argv, resp);
            }
        }
    }
    // Nothing may be left over on either side.
    for (n, conn) in redis_clients.iter_mut() {
        if let Some(extra) = conn.read(Duration::from_millis(20)).or_else(closed_is_nothing)? {
            mismatches.push(Mismatch {
                script: script.name.clone(),
                line: 0,
                command: format!("@{n} (end of script)"),
                expected: cli::format_reply(&[], &extra, 2),
                actual: "(nothing more)".into(),
            });
        }
    }
    for (n, extra) in subject.leftovers()? {
        mismatches.push(Mismatch {
            script: script.name.clone(),
            line: 0,
            command: format!("@{n} (end of script)"),
            expected: "(nothing more)".into(),
            actual: cli::format_reply(&[], &extra, 2),
        });
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
        match sds::split_args(line.as_bytes()) {
            None => actual.push_str(cli::INVALID_ARGUMENTS),
            Some(argv) if argv.is_empty() => continue,
            Some(argv) => {
                let mut replies = engine.call(id, argv.clone(), now_ms());
                let deadline = now_ms() + 5000;
                while replies.is_empty() && now_ms() < deadline {
                    // A blocking command: let its time-out pass.
                    std::thread::sleep(Duration::from_millis(2));
                    engine.tick(now_ms());
                    replies = engine.take_replies(id);
                }
                for reply in replies {
                    actual.push_str(&cli::format_reply(&argv, &reply, engine.client_resp(id)));
                }
                continue;
            }
        }
        actual.push('\n');
    }
    Ok((expected, actual))
}

/// The scripts of `tests/conformance` (or those whose name contains `$CONFORMANCE_ONLY`).
pub fn corpus() -> Vec<Script> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("conformance");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "redis"))
        .collect();
    files.sort();
    let only = std::env::var("CONFORMANCE_ONLY").ok();
    files
        .iter()
        .map(|path| {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            let source = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{name}: {e}"));
            parse_script(&name, &source).unwrap_or_else(|e| panic!("{e}"))
        })
        .filter(|s| only.as_ref().is_none_or(|o| s.name.contains(o.as_str())))
        .collect()
}

/// Runs every script against real Redis on `port` and a fresh subject per script;
/// returns a summary line and the differences.
pub fn run_corpus(port: u16, mut subject: impl FnMut() -> Result<Box<dyn Subject>, String>) -> (String, Vec<String>) {
    let scripts = corpus();
    assert!(!scripts.is_empty(), "the conformance corpus is empty");
    let mut failures = Vec::new();
    let mut steps = 0;
    for script in &scripts {
        steps += script.lines.len();
        let result = subject().and_then(|mut s| run_script_against(script, port, s.as_mut()));
        match result {
            Ok(mismatches) => failures.extend(mismatches.iter().map(|m| m.to_string())),
            Err(e) => failures.push(format!("{}: {e}", script.name)),
        }
    }
    (
        format!(
            "{} scripts, {steps} steps, {} differences",
            scripts.len(),
            failures.len()
        ),
        failures,
    )
}
