//! The differential conformance runner: each script in `tests/conformance/` runs
//! against a real `redis-server` (Debian's 7.0, started here on a free loopback port)
//! and against the engine, and every reply must print the same in redis-cli's format.
//!
//! Script syntax, one command per line in redis-cli syntax:
//! - `SET k v`              client 1 sends, waits for its reply
//! - `@2 GET k`             client 2 (clients are opened on first use)
//! - `@2> BLPOP q 0`        client 2 sends without waiting (blocking commands)
//! - `@2<`                  read client 2's next reply or pushed message
//! - `@2<closed`            client 2's connection must have been closed by the server
//! - `!sleep 150`           both sides wait (the engine's clock moves, it ticks)
//! - `CMD ... #! rule`      compare with a rule instead of exactly (see `Rule`)
//! - `$id@2`, `$addr@2`     in an argument: client 2's id or address on each side
//!   (asked with CLIENT ID / CLIENT INFO when the client is opened)
//! - `# ...`                comment
//!
//! A first line `#! cli` also runs the script through the real `redis-cli --no-raw`
//! and compares its text with the engine's, checking the tokenizer and formatter.

pub mod digest;
pub mod redis;
mod rules;

pub use rules::Rule;
use rules::{matches, parse_rule};

use std::collections::{BTreeMap, VecDeque};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use keyspace_engine::{sds, Engine, Reply};
use keyspace_playground::cli;

pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
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
    /// The server closed this client's connection.
    Closed {
        client: usize,
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
            } else if rest.trim() == "<closed" {
                Step::Closed { client }
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
        b"subscribe" | b"psubscribe" | b"ssubscribe" => argv.len().saturating_sub(1).max(1),
        b"unsubscribe" | b"punsubscribe" | b"sunsubscribe" => argv.len().saturating_sub(1).max(1),
        _ => 1,
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
    /// Whether the server closed client `n`'s connection (waiting a little for it).
    fn closed(&mut self, n: usize) -> Result<bool, String>;
    /// Replies nobody read, per client.
    fn leftovers(&mut self) -> Result<Vec<(usize, Reply)>, String>;
}

/// The engine in this process, driven by the wall clock like the real server.
pub struct EngineSubject {
    engine: Engine,
    clients: BTreeMap<usize, u64>,
    inbox: BTreeMap<usize, VecDeque<Reply>>,
}

/// Redis's own command metadata, installed as keyspace-server installs it.
pub fn install_command_metadata() {
    keyspace_engine::metadata::install(include_bytes!("../../engine/data/redis-7.0.15-commands.resp"))
        .expect("engine/data holds the oracle's COMMAND DOCS and INFO");
}

impl Default for EngineSubject {
    fn default() -> Self {
        install_command_metadata();
        let mut engine = Engine::new(0x5eed, now_ms());
        // As the oracle runs (`--save ""`), storing what SAVE and BGSAVE make.
        engine.config_mut().set_raw("save", "");
        engine.enable_snapshots(true);
        EngineSubject {
            engine,
            clients: BTreeMap::new(),
            inbox: BTreeMap::new(),
        }
    }
}

impl EngineSubject {
    /// The host's part of snapshots: each one is "stored" (in memory) at once.
    fn store_snapshots(&mut self) {
        while let Some(snapshot) = self.engine.take_snapshot() {
            self.engine.snapshot_done(snapshot.id, true, now_ms());
        }
    }

    fn collect(&mut self) {
        self.store_snapshots();
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

    fn closed(&mut self, n: usize) -> Result<bool, String> {
        let id = self.clients[&n];
        self.collect();
        Ok(self.engine.should_close(id) && self.inbox.get(&n).is_none_or(|q| q.is_empty()))
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
    // ACL scripts leave no users, log, password or tracking behind (they must leave
    // the default user able to run this).
    let users = admin.command(&[b"ACL".to_vec(), b"USERS".to_vec()])?;
    if let Reply::Array(names) = users {
        for name in names {
            if let Reply::Bulk(name) = name {
                if name != b"default" {
                    admin.command(&[b"ACL".to_vec(), b"DELUSER".to_vec(), name])?;
                }
            }
        }
    }
    for argv in [
        vec![
            "ACL",
            "SETUSER",
            "default",
            "on",
            "nopass",
            "allkeys",
            "allchannels",
            "allcommands",
            "clearselectors",
        ],
        vec!["ACL", "LOG", "RESET"],
        vec!["CONFIG", "SET", "requirepass", ""],
        vec!["CONFIG", "SET", "acl-pubsub-default", "resetchannels"],
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

    fn closed(&mut self, n: usize) -> Result<bool, String> {
        let conn = self.conns.get_mut(&n).ok_or("no such client")?;
        Ok(conn.read(Duration::from_secs(2)).is_err())
    }

    fn leftovers(&mut self) -> Result<Vec<(usize, Reply)>, String> {
        let mut out = Vec::new();
        for (n, conn) in self.conns.iter_mut() {
            // A connection the server closed (CLIENT KILL) has nothing more.
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
/// How long a command sent without waiting (`@N> ...`) is given to reach its server.
const SENT_SETTLE: Duration = Duration::from_millis(25);

pub fn run_script_against(script: &Script, port: u16, subject: &mut dyn Subject) -> Result<Vec<Mismatch>, String> {
    let mut redis_clients: BTreeMap<usize, redis::Connection> = BTreeMap::new();
    let mut protocol: BTreeMap<usize, u8> = BTreeMap::new();
    let mut mismatches = Vec::new();
    let mut last_argv: BTreeMap<usize, Vec<Vec<u8>>> = BTreeMap::new();
    // `$id@N` and `$addr@N` as each side knows them.
    let mut redis_vars: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut subject_vars: BTreeMap<String, Vec<u8>> = BTreeMap::new();

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
                    let conn = e.insert(redis::Connection::open(port)?);
                    subject.open(n)?;
                    learn_vars(n, &script.source, conn, subject, &mut redis_vars, &mut subject_vars)?;
                }
                let conn = redis_clients.get_mut(&n).expect("opened above");
                conn.send(&substitute(argv, &redis_vars))?;
                subject.send(n, &substitute(argv, &subject_vars))?;
                last_argv.insert(n, argv.clone());
                if !*wait {
                    // Nothing comes back to wait for, yet the next step may be another
                    // client's command, which could overtake this one on its own
                    // connection: give both servers time to read it first.
                    std::thread::sleep(SENT_SETTLE);
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
                    // A refused SUBSCRIBE a b answers one error, not a reply per channel.
                    let refused = expected.is_error();
                    compare(n, expected, actual, rule, argv, resp);
                    if refused {
                        break;
                    }
                }
            }
            Step::Closed { client } => {
                let n = *client;
                let conn = redis_clients
                    .get_mut(&n)
                    .ok_or_else(|| format!("{}:{}: no client {n}", script.name, line.number))?;
                let redis_closed = conn.read(Duration::from_secs(2)).is_err();
                let subject_closed = subject.closed(n)?;
                if !redis_closed || !subject_closed {
                    mismatches.push(Mismatch {
                        script: script.name.clone(),
                        line: line.number,
                        command: format!("@{n}<closed"),
                        expected: format!("redis closed it: {redis_closed}"),
                        actual: format!("engine closed it: {subject_closed}"),
                    });
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
    // Nothing may be left over on either side (a connection the server closed has nothing).
    for (n, conn) in redis_clients.iter_mut() {
        while let Some(extra) = conn.read(Duration::from_millis(20)).or_else(closed_is_nothing)? {
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

/// Asks both sides client `n`'s id and address, for the script's `$id@n` and `$addr@n`,
/// if it uses them.
fn learn_vars(
    n: usize,
    source: &str,
    conn: &mut redis::Connection,
    subject: &mut dyn Subject,
    redis_vars: &mut BTreeMap<String, Vec<u8>>,
    subject_vars: &mut BTreeMap<String, Vec<u8>>,
) -> Result<(), String> {
    let (id_var, addr_var) = (format!("$id@{n}"), format!("$addr@{n}"));
    let wants_id = source.contains(&id_var);
    let wants_addr = source.contains(&addr_var);
    let ask = |argv: &[&str]| argv.iter().map(|a| a.as_bytes().to_vec()).collect::<Vec<_>>();
    let field = |reply: &Reply, name: &str| -> Option<Vec<u8>> {
        let text = match reply {
            Reply::Bulk(b) | Reply::Verbatim(_, b) => String::from_utf8_lossy(b).into_owned(),
            _ => return None,
        };
        text.split_whitespace()
            .find_map(|f| f.strip_prefix(&format!("{name}=")).map(|v| v.as_bytes().to_vec()))
    };
    if wants_id {
        let id = |r: Reply| match r {
            Reply::Int(i) => Ok(i.to_string().into_bytes()),
            other => Err(format!("CLIENT ID answered {other:?}")),
        };
        redis_vars.insert(id_var.clone(), id(conn.command(&ask(&["CLIENT", "ID"]))?)?);
        subject.send(n, &ask(&["CLIENT", "ID"]))?;
        let reply = subject.next(n)?.ok_or("no CLIENT ID reply")?;
        subject_vars.insert(id_var, id(reply)?);
    }
    if wants_addr {
        let info = conn.command(&ask(&["CLIENT", "INFO"]))?;
        redis_vars.insert(addr_var.clone(), field(&info, "addr").ok_or("no addr= in CLIENT INFO")?);
        subject.send(n, &ask(&["CLIENT", "INFO"]))?;
        let reply = subject.next(n)?.ok_or("no CLIENT INFO reply")?;
        subject_vars.insert(addr_var, field(&reply, "addr").ok_or("no addr= in CLIENT INFO")?);
    }
    Ok(())
}

/// The arguments with `$id@N` / `$addr@N` replaced by one side's values.
fn substitute(argv: &[Vec<u8>], vars: &BTreeMap<String, Vec<u8>>) -> Vec<Vec<u8>> {
    if vars.is_empty() {
        return argv.to_vec();
    }
    argv.iter()
        .map(|a| {
            let mut text = String::from_utf8_lossy(a).into_owned();
            if !text.contains('$') {
                return a.clone();
            }
            // Longest names first: $id@12 before $id@1.
            let mut names: Vec<&String> = vars.keys().collect();
            names.sort_by_key(|n| std::cmp::Reverse(n.len()));
            for name in names {
                text = text.replace(name.as_str(), &String::from_utf8_lossy(&vars[name]));
            }
            text.into_bytes()
        })
        .collect()
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
    let dir = std::path::Path::new(
        &std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").into()),
    )
    .join("conformance");
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

/// Every parameter of the server on `port` (`CONFIG GET *`), by name.
fn configuration(port: u16) -> Result<BTreeMap<String, String>, String> {
    let mut admin = redis::Connection::open(port)?;
    let reply = admin.command(&[b"CONFIG".to_vec(), b"GET".to_vec(), b"*".to_vec()])?;
    let Reply::Array(items) = reply else {
        return Err(format!("CONFIG GET * replied {reply:?}"));
    };
    let text = |r: &Reply| match r {
        Reply::Bulk(b) => String::from_utf8_lossy(b).into_owned(),
        other => format!("{other:?}"),
    };
    Ok(items
        .chunks(2)
        .filter(|p| p.len() == 2)
        .map(|p| (text(&p[0]), text(&p[1])))
        .collect())
}

/// Runs every script against real Redis on `port` and a fresh subject per script;
/// returns a summary line and the differences.
pub fn run_corpus(port: u16, mut subject: impl FnMut() -> Result<Box<dyn Subject>, String>) -> (String, Vec<String>) {
    let scripts = corpus();
    assert!(!scripts.is_empty(), "the conformance corpus is empty");
    let mut failures = Vec::new();
    let mut steps = 0;
    let mut config = configuration(port);
    for script in &scripts {
        steps += script.lines.len();
        let result = subject().and_then(|mut s| run_script_against(script, port, s.as_mut()));
        match result {
            Ok(mismatches) => failures.extend(mismatches.iter().map(|m| m.to_string())),
            Err(e) => failures.push(format!("{}: {e}", script.name)),
        }
        // A script that changes a parameter puts it back (to the server's default, not
        // redis.conf's): the scripts after it share this server, and a value left behind
        // makes their results depend on the order they run in.
        let after = configuration(port);
        if let (Ok(before), Ok(now)) = (&config, &after) {
            for (name, value) in now {
                if before.get(name).is_some_and(|was| was != value) {
                    let was = before.get(name).map(String::as_str).unwrap_or_default();
                    failures.push(format!(
                        "{}: leaves `{name}` at {value:?} (it was {was:?}): set it back at the end",
                        script.name
                    ));
                }
            }
        }
        config = after;
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
