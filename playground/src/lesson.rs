//! Guided lessons: the lesson file format, the checks a step completes on, and a
//! learner's run through a lesson (`LessonRun`: the same code drives the page and the
//! tests). Checks read the keyspace without touching it (no lazy expiry, no hit/miss
//! statistics, nothing in MONITOR), and what the learner did (`Activity`: commands and
//! their replies, keys that went away).
//!
//! A lesson file is Markdown with a small front matter:
//!
//! ````text
//! ---
//! id: voting
//! title: Voting and leaderboards
//! summary: One line for the lesson index.
//! ---
//! ```setup                     (optional: the sandbox's starting state)
//! SET greeting hello
//! ```
//! ## A step's title
//! Explanation paragraphs, `inline code`, **bold**, and "- " lists.
//! ```setup                     (optional: the state this step starts from, made when
//! ZADD vote 4 a 2 b             one of its Given: lines does not hold as it opens:
//! ```                           deep link, Reset step, a key that expired meanwhile)
//! Given: score vote a = 4
//! ```redis                     (runnable commands: click to type one, or run it; a step
//! ZINCRBY vote 1 a              without any is a challenge: the learner composes them;
//! @2 ZSCORE vote a              "@2 CMD" runs in Client 2, "@clock +1m" is a clock button)
//! ```
//! Hint: shown on demand, one after the other.
//! Check: score vote a >= 1     (every check must hold; see `Check::parse`)
//! ```solution                  (the reference solution the tests replay at a reader's
//! ZINCRBY vote 1 a              pace; defaults to the command blocks; "@2 CMD" runs in
//! ```                           a second terminal, "@wait MS" lets time pass, "@clock
//!                               pause|resume|fast|normal|+10s" works the clock)
//! ```alternative               (another answer that must complete the step too)
//! ZADD vote INCR 1 a
//! ```
//! <!-- a comment: where a statement about other software was checked -->
//! ````

use std::rc::Rc;

use crate::playground::{Activity, Playground};
use keyspace_engine::engine::Engine;
use keyspace_engine::value::{Kind, Value};

#[derive(Clone, Debug, PartialEq)]
pub struct Lesson {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub setup: Vec<String>,
    pub steps: Vec<Step>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub title: String,
    pub blocks: Vec<Block>,
    pub hints: Vec<String>,
    pub checks: Vec<Check>,
    /// What the step starts from; when one of them fails as the step opens, `setup` runs.
    pub given: Vec<Check>,
    pub setup: Vec<String>,
    pub solution: Vec<String>,
    /// Other solutions that must complete the step too.
    pub alternatives: Vec<Vec<String>>,
}

impl Step {
    /// A step without commands to run: the learner composes them from the goal.
    pub fn is_challenge(&self) -> bool {
        !self.blocks.iter().any(|b| matches!(b, Block::Commands(_)))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// Markdown text of one paragraph (inline `code` and **bold** are for the renderer).
    Paragraph(String),
    /// "- " items.
    List(Vec<String>),
    /// Runnable commands, one per line.
    Commands(Vec<String>),
    /// The live tail of the AOF (the persistence lesson).
    AofTail,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Op {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
    Between(f64, f64),
}

impl Op {
    fn holds(self, left: f64, right: f64) -> bool {
        match self {
            Op::Eq => left == right,
            Op::Ne => left != right,
            Op::Gt => left > right,
            Op::Ge => left >= right,
            Op::Lt => left < right,
            Op::Le => left <= right,
            Op::Between(low, high) => (low..=high).contains(&left),
        }
    }
}

/// Which terminal a command must have been typed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Client {
    Any,
    /// The first terminal.
    First,
    /// Any terminal but the first (Client 2, opened with +).
    Other,
}

impl Client {
    fn admits(self, session: usize) -> bool {
        match self {
            Client::Any => true,
            Client::First => session == 0,
            Client::Other => session > 0,
        }
    }
}

/// What a reply must look like: the exact text redis-cli prints (lines joined by a
/// newline), or a glob pattern over it.
#[derive(Clone, Debug, PartialEq)]
pub enum Expect {
    Equals(String),
    Matches(String),
}

/// What a check looks at. Keys and texts are split like redis-cli arguments, so they
/// may be quoted; a trailing `in db N` reads database N (0 otherwise); a leading `not`
/// negates a check of the keyspace (`not contains voted img:9`).
#[derive(Clone, Debug, PartialEq)]
pub enum Test {
    /// `exists KEY`
    Exists(Vec<u8>),
    /// `missing KEY`
    Missing(Vec<u8>),
    /// `type KEY = string|list|hash|set|zset`
    Type(Vec<u8>, Kind),
    /// `encoding KEY = NAME`, as OBJECT ENCODING answers
    Encoding(Vec<u8>, String),
    /// `value KEY = TEXT` (a string's exact bytes)
    Value(Vec<u8>, Vec<u8>),
    /// `int KEY OP N` (a string holding an integer)
    Int(Vec<u8>, Op, f64),
    /// `score KEY MEMBER OP N`
    Score(Vec<u8>, Vec<u8>, Op, f64),
    /// `rank KEY MEMBER OP N` (ZRANK, 0 = lowest score), `revrank ...` (ZREVRANK)
    Rank(Vec<u8>, Vec<u8>, bool, Op, f64),
    /// `field KEY FIELD = TEXT`
    Field(Vec<u8>, Vec<u8>, Vec<u8>),
    /// `field-int KEY FIELD OP N`
    FieldInt(Vec<u8>, Vec<u8>, Op, f64),
    /// `ttl KEY OP N`: seconds as TTL answers them (-1 no expiry, -2 no key)
    Ttl(Vec<u8>, Op, f64),
    /// `len KEY OP N`: STRLEN, LLEN, HLEN, SCARD or ZCARD by type (0 when missing)
    Len(Vec<u8>, Op, f64),
    /// `contains KEY MEMBER`: a list, set or sorted set holds it (a hash: the field)
    Contains(Vec<u8>, Vec<u8>),
    /// `index KEY I = TEXT`: a list's element at index I (negative from the end), as LINDEX
    Index(Vec<u8>, i64, Vec<u8>),
    /// `dbsize OP N`
    DbSize(Op, f64),
    /// `ran COMMAND [in the first client|in another client]`: the learner ran it in this
    /// step and it did not answer an error
    Ran(String, Client),
    /// `reply COMMAND-LINE = TEXT` or `reply COMMAND-LINE ~ PATTERN`: the learner ran a
    /// command starting with these words (case aside) in this step, and redis-cli printed
    /// that reply
    Reply(Vec<Vec<u8>>, Expect, Client),
    /// `expired KEY`: the key went away by itself during this step (its time ran out)
    Expired(Vec<u8>),
    /// `deleted KEY`: a command removed the key during this step (not its expiry)
    Deleted(Vec<u8>),
    /// `clients OP N`: terminals open
    Clients(Op, f64),
    /// `config NAME = VALUE`
    Config(String, String),
    /// `info FIELD OP N`: a numeric INFO field (aof_rewrites...)
    Info(String, Op, f64),
}

impl Test {
    /// Whether it looks at what the learner did in the step rather than at the state
    /// (a `Given:` may only look at the state).
    pub fn is_activity(&self) -> bool {
        matches!(
            self,
            Test::Ran(..) | Test::Reply(..) | Test::Expired(_) | Test::Deleted(_)
        )
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Check {
    /// As written in the lesson file.
    pub source: String,
    pub test: Test,
    pub db: usize,
    /// `not ...`: holds when the test does not.
    pub negated: bool,
}

/// What a check is read against.
pub struct Seen<'a> {
    pub engine: &'a Engine,
    /// The engine's time.
    pub now: i64,
    /// What happened since the step began.
    pub activity: &'a [Activity],
    /// Terminals open.
    pub terminals: usize,
}

fn op_of(words: &[Vec<u8>]) -> Result<(Op, f64), String> {
    let word = |i: usize| words.get(i).map(|w| String::from_utf8_lossy(w).into_owned());
    let number = |i: usize| -> Result<f64, String> {
        let w = word(i).ok_or("a number is missing")?;
        w.parse::<f64>().map_err(|_| format!("'{w}' is not a number"))
    };
    if words.len() > 3 || (words.len() == 3 && word(0).as_deref() != Some("between")) {
        return Err("too many words".into());
    }
    let op = match word(0).as_deref() {
        Some("=") | Some("==") => Op::Eq,
        Some("!=") => Op::Ne,
        Some(">") => Op::Gt,
        Some(">=") => Op::Ge,
        Some("<") => Op::Lt,
        Some("<=") => Op::Le,
        Some("between") => return Ok((Op::Between(number(1)?, number(2)?), 0.0)),
        other => return Err(format!("expected =, !=, >, >=, <, <= or between, found {other:?}")),
    };
    Ok((op, number(1)?))
}

fn equals_text(words: &[Vec<u8>]) -> Result<Vec<u8>, String> {
    match words {
        [eq, text] if eq.as_slice() == b"=" => Ok(text.clone()),
        _ => Err("expected = TEXT".into()),
    }
}

/// Strips a trailing phrase (`in db N`, `in another client`) from `words`.
fn strip_suffix(words: &mut Vec<Vec<u8>>, suffix: &[&str]) -> bool {
    let n = suffix.len();
    let found = words.len() > n
        && words[words.len() - n..]
            .iter()
            .zip(suffix)
            .all(|(w, s)| w.as_slice() == s.as_bytes());
    if found {
        words.truncate(words.len() - n);
    }
    found
}

impl Check {
    pub fn parse(source: &str) -> Result<Check, String> {
        let mut words =
            keyspace_engine::sds::split_args(source.as_bytes()).ok_or(format!("{source}: Invalid argument(s)"))?;
        let negated = words.first().is_some_and(|w| w == b"not");
        if negated {
            words.remove(0);
        }
        let mut db = 0;
        if words.len() >= 3 && words[words.len() - 3] == b"in" && words[words.len() - 2] == b"db" {
            let n = String::from_utf8_lossy(&words[words.len() - 1]).into_owned();
            db = n
                .parse()
                .ok()
                .filter(|&d| d < 16)
                .ok_or(format!("{source}: no database {n}"))?;
            words.truncate(words.len() - 3);
        }
        let client = if strip_suffix(&mut words, &["in", "another", "client"]) {
            Client::Other
        } else if strip_suffix(&mut words, &["in", "the", "first", "client"]) {
            Client::First
        } else {
            Client::Any
        };
        let fail = |why: String| format!("{source}: {why}");
        let Some((name, rest)) = words.split_first() else {
            return Err(fail("empty check".into()));
        };
        if client != Client::Any && !matches!(name.as_slice(), b"ran" | b"reply") {
            return Err(fail("only ran and reply take a client".into()));
        }
        let key = || rest.first().cloned().ok_or(fail("a key is missing".into()));
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        let known_command = |command: &str| -> Result<(), String> {
            match keyspace_engine::table::lookup(command.as_bytes()) {
                Some(_) => Ok(()),
                None => Err(fail(format!("no command {command}"))),
            }
        };
        let test = match name.as_slice() {
            b"exists" if rest.len() == 1 => Test::Exists(key()?),
            b"missing" if rest.len() == 1 => Test::Missing(key()?),
            b"expired" if rest.len() == 1 => Test::Expired(key()?),
            b"deleted" if rest.len() == 1 => Test::Deleted(key()?),
            b"type" => {
                let kind = equals_text(&rest[1.min(rest.len())..]).map_err(fail)?;
                Test::Type(
                    key()?,
                    Kind::from_name(&kind).ok_or(fail(format!("no type {}", text(&kind))))?,
                )
            }
            b"encoding" => Test::Encoding(key()?, text(&equals_text(&rest[1.min(rest.len())..]).map_err(fail)?)),
            b"value" => Test::Value(key()?, equals_text(&rest[1.min(rest.len())..]).map_err(fail)?),
            b"int" | b"ttl" | b"len" => {
                let (op, n) = op_of(&rest[1.min(rest.len())..]).map_err(fail)?;
                match name.as_slice() {
                    b"int" => Test::Int(key()?, op, n),
                    b"ttl" => Test::Ttl(key()?, op, n),
                    _ => Test::Len(key()?, op, n),
                }
            }
            b"score" | b"field-int" | b"rank" | b"revrank" if rest.len() >= 4 => {
                let (op, n) = op_of(&rest[2..]).map_err(fail)?;
                match name.as_slice() {
                    b"score" => Test::Score(key()?, rest[1].clone(), op, n),
                    b"rank" => Test::Rank(key()?, rest[1].clone(), false, op, n),
                    b"revrank" => Test::Rank(key()?, rest[1].clone(), true, op, n),
                    _ => Test::FieldInt(key()?, rest[1].clone(), op, n),
                }
            }
            b"field" if rest.len() == 4 => Test::Field(key()?, rest[1].clone(), equals_text(&rest[2..]).map_err(fail)?),
            b"contains" if rest.len() == 2 => Test::Contains(key()?, rest[1].clone()),
            b"index" if rest.len() == 4 => {
                let i = keyspace_engine::num::parse_i64(&rest[1])
                    .ok_or(fail(format!("'{}' is not an index", text(&rest[1]))))?;
                Test::Index(key()?, i, equals_text(&rest[2..]).map_err(fail)?)
            }
            b"dbsize" | b"clients" => {
                let (op, n) = op_of(rest).map_err(fail)?;
                match name.as_slice() {
                    b"dbsize" => Test::DbSize(op, n),
                    _ => Test::Clients(op, n),
                }
            }
            b"ran" if rest.len() == 1 => {
                let command = text(&rest[0]).to_ascii_uppercase();
                known_command(&command)?;
                Test::Ran(command, client)
            }
            b"reply" if rest.len() == 3 => {
                let line = keyspace_engine::sds::split_args(&rest[0])
                    .filter(|l| !l.is_empty())
                    .ok_or(fail("the command line is empty or unbalanced".into()))?;
                known_command(&text(&line[0]))?;
                let expected = text(&rest[2]);
                let expect = match rest[1].as_slice() {
                    b"=" => Expect::Equals(expected),
                    b"~" => Expect::Matches(expected),
                    _ => return Err(fail("expected = TEXT or ~ PATTERN".into())),
                };
                Test::Reply(line, expect, client)
            }
            b"config" if rest.len() == 3 => Test::Config(text(&rest[0]), text(&equals_text(&rest[1..]).map_err(fail)?)),
            b"info" if rest.len() >= 3 => {
                let (op, n) = op_of(&rest[1..]).map_err(fail)?;
                Test::Info(text(&rest[0]), op, n)
            }
            other => return Err(fail(format!("unknown check or wrong arguments: {}", text(other)))),
        };
        if negated && test.is_activity() {
            return Err(fail("not takes a check of the keyspace, not of what was run".into()));
        }
        Ok(Check {
            source: source.to_string(),
            test,
            db,
            negated,
        })
    }

    /// Whether the check holds now.
    pub fn holds(&self, seen: &Seen) -> bool {
        self.test_holds(seen) != self.negated
    }

    fn test_holds(&self, seen: &Seen) -> bool {
        let (engine, now) = (seen.engine, seen.now);
        let Some(db) = engine.db(self.db) else { return false };
        // A key past its time is gone, as any read would find.
        let live = |key: &[u8]| -> Option<&Value> {
            (!db.is_expired(key, now))
                .then(|| db.keys.get(key).map(|o| &o.value))
                .flatten()
        };
        let string = |key: &[u8]| match live(key) {
            Some(Value::String(s)) => Some(s.bytes.clone()),
            _ => None,
        };
        let integer = |bytes: &[u8]| keyspace_engine::num::parse_i64(bytes).map(|n| n as f64);
        let ran = || {
            seen.activity.iter().filter_map(|a| match a {
                Activity::Ran { session, ran } => Some((*session, ran)),
                _ => None,
            })
        };
        match &self.test {
            Test::Exists(key) => live(key).is_some(),
            Test::Missing(key) => live(key).is_none(),
            Test::Type(key, kind) => live(key).is_some_and(|v| v.kind() == *kind),
            Test::Encoding(key, name) => live(key).is_some_and(|v| v.encoding() == name),
            Test::Value(key, text) => string(key).as_deref() == Some(text.as_slice()),
            Test::Int(key, op, n) => string(key).and_then(|b| integer(&b)).is_some_and(|v| op.holds(v, *n)),
            Test::Score(key, member, op, n) => match live(key) {
                Some(Value::ZSet(z)) => z.score(member).is_some_and(|s| op.holds(s, *n)),
                _ => false,
            },
            Test::Rank(key, member, reverse, op, n) => match live(key) {
                Some(Value::ZSet(z)) => z.rank(member, *reverse).is_some_and(|r| op.holds(r as f64, *n)),
                _ => false,
            },
            Test::Field(key, field, text) => match live(key) {
                Some(Value::Hash(h)) => h.get(field).is_some_and(|v| v == text),
                _ => false,
            },
            Test::FieldInt(key, field, op, n) => match live(key) {
                Some(Value::Hash(h)) => h.get(field).and_then(|v| integer(v)).is_some_and(|v| op.holds(v, *n)),
                _ => false,
            },
            Test::Ttl(key, op, n) => {
                let ttl = match (live(key), db.expire_at(key)) {
                    (None, _) => -2.0,
                    (Some(_), None) => -1.0,
                    // TTL rounds to the nearest second, as Redis does.
                    (Some(_), Some(at)) => ((at - now + 500) / 1000) as f64,
                };
                op.holds(ttl, *n)
            }
            Test::Len(key, op, n) => op.holds(live(key).map_or(0, Value::size) as f64, *n),
            Test::Contains(key, member) => match live(key) {
                Some(Value::List(l)) => l.iter().any(|e| e == member),
                Some(Value::Set(s)) => s.contains(member),
                Some(Value::ZSet(z)) => z.score(member).is_some(),
                Some(Value::Hash(h)) => h.get(member).is_some(),
                _ => false,
            },
            Test::Index(key, i, text) => match live(key) {
                Some(Value::List(l)) => {
                    let len = l.len() as i64;
                    let at = if *i < 0 { len + i } else { *i };
                    (0..len).contains(&at) && l.iter().nth(at as usize).is_some_and(|e| e == text)
                }
                _ => false,
            },
            Test::DbSize(op, n) => {
                let live_keys = db.keys.keys().filter(|k| !db.is_expired(k, now)).count();
                op.holds(live_keys as f64, *n)
            }
            Test::Ran(command, client) => {
                ran().any(|(session, r)| !r.error && client.admits(session) && r.name() == *command)
            }
            Test::Reply(line, expect, client) => ran().any(|(session, r)| {
                client.admits(session)
                    && r.argv.len() >= line.len()
                    && r.argv.iter().zip(line).all(|(a, b)| a.eq_ignore_ascii_case(b))
                    && match expect {
                        Expect::Equals(text) => r.reply == *text,
                        Expect::Matches(pattern) => {
                            keyspace_engine::glob::matches(pattern.as_bytes(), r.reply.as_bytes(), false)
                        }
                    }
            }),
            Test::Expired(key) => seen
                .activity
                .iter()
                .any(|a| matches!(a, Activity::Expired { db, key: k } if *db == self.db && k == key)),
            Test::Deleted(key) => seen
                .activity
                .iter()
                .any(|a| matches!(a, Activity::Deleted { db, key: k } if *db == self.db && k == key)),
            Test::Clients(op, n) => op.holds(seen.terminals as f64, *n),
            Test::Config(name, value) => engine.config().get(name) == Some(value.as_str()),
            Test::Info(field, op, n) => {
                let info = keyspace_engine::info::render(engine, now, &["everything".to_string()]);
                info.lines()
                    .find_map(|l| l.strip_prefix(field.as_str()).and_then(|v| v.strip_prefix(':')))
                    .and_then(|v| v.trim().parse::<f64>().ok())
                    .is_some_and(|v| op.holds(v, *n))
            }
        }
    }
}

fn fenced(lines: &[&str], start: usize) -> Result<(String, Vec<String>, usize), String> {
    let info = lines[start].trim_start_matches('`').trim().to_string();
    let mut body = Vec::new();
    let mut i = start + 1;
    while i < lines.len() && !lines[i].starts_with("```") {
        if !lines[i].trim().is_empty() {
            body.push(lines[i].trim().to_string());
        }
        i += 1;
    }
    if i == lines.len() {
        return Err(format!("line {}: the ``` block is not closed", start + 1));
    }
    Ok((info, body, i + 1))
}

/// A solution line: a command for a terminal, time passing, or the clock worked.
#[derive(Clone, Debug, PartialEq)]
pub enum Action<'a> {
    /// (terminal index, command line)
    Run(usize, &'a str),
    Wait(i64),
    Clock(ClockAction),
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ClockAction {
    Pause,
    Resume,
    Fast,
    Normal,
    Jump(i64),
}

impl ClockAction {
    pub fn apply(self, clock: &mut crate::clock::Clock, real: i64) {
        match self {
            ClockAction::Pause => clock.pause(real),
            ClockAction::Resume => clock.resume(real),
            ClockAction::Fast => clock.set_rate(real, crate::clock::FAST_RATE),
            ClockAction::Normal => clock.set_rate(real, 1),
            ClockAction::Jump(ms) => clock.jump(real, ms),
        }
    }
}

/// Reads a solution line: `CMD`, `@2 CMD`, `@wait MS`, `@clock pause|resume|fast|normal|+10s|+1m`.
pub fn action(line: &str) -> Result<Action<'_>, String> {
    let Some(directive) = line.strip_prefix('@') else {
        return Ok(Action::Run(0, line));
    };
    let (word, rest) = directive.split_once(' ').unwrap_or((directive, ""));
    let rest = rest.trim();
    match word {
        "2" if !rest.is_empty() => Ok(Action::Run(1, rest)),
        "wait" => rest
            .parse::<i64>()
            .ok()
            .filter(|&ms| ms > 0)
            .map(Action::Wait)
            .ok_or(format!("@wait takes milliseconds: {line}")),
        "clock" => {
            let jump = |digits: &str, unit: i64| digits.parse::<i64>().ok().filter(|&n| n > 0).map(|n| n * unit);
            let clock = match rest {
                "pause" => Some(ClockAction::Pause),
                "resume" => Some(ClockAction::Resume),
                "fast" => Some(ClockAction::Fast),
                "normal" => Some(ClockAction::Normal),
                _ => rest
                    .strip_prefix('+')
                    .and_then(|t| match t.strip_suffix('s') {
                        Some(n) => jump(n, 1_000),
                        None => t.strip_suffix('m').and_then(|n| jump(n, 60_000)),
                    })
                    .map(ClockAction::Jump),
            };
            clock
                .map(Action::Clock)
                .ok_or(format!("@clock takes pause, resume, fast, normal, +Ns or +Nm: {line}"))
        }
        _ => Err(format!("unknown directive: {line}")),
    }
}

/// Parses a lesson file; errors name the line.
pub fn parse(text: &str) -> Result<Lesson, String> {
    let lines: Vec<&str> = text.lines().collect();
    if lines.first() != Some(&"---") {
        return Err("a lesson starts with a --- front matter".into());
    }
    let end = lines[1..]
        .iter()
        .position(|l| *l == "---")
        .ok_or("the front matter is not closed")?
        + 1;
    let mut lesson = Lesson {
        id: String::new(),
        title: String::new(),
        summary: String::new(),
        setup: Vec::new(),
        steps: Vec::new(),
    };
    for line in &lines[1..end] {
        let (name, value) = line
            .split_once(':')
            .ok_or(format!("front matter line without a colon: {line}"))?;
        let value = value.trim().to_string();
        match name.trim() {
            "id" => lesson.id = value,
            "title" => lesson.title = value,
            "summary" => lesson.summary = value,
            other => return Err(format!("unknown front matter field {other}")),
        }
    }
    if lesson.id.is_empty() || !lesson.id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') {
        return Err("the id must be lowercase letters and dashes".into());
    }
    if lesson.title.is_empty() || lesson.summary.is_empty() {
        return Err("a lesson needs a title and a summary".into());
    }
    let mut paragraph: Vec<String> = Vec::new();
    let mut list: Vec<String> = Vec::new();
    // Steps whose solution was written out (not taken from the command blocks).
    let mut explicit_solution: Vec<bool> = Vec::new();
    let mut i = end + 1;
    let flush = |step: Option<&mut Step>, paragraph: &mut Vec<String>, list: &mut Vec<String>| {
        if let Some(step) = step {
            if !paragraph.is_empty() {
                step.blocks.push(Block::Paragraph(paragraph.join(" ")));
            }
            if !list.is_empty() {
                step.blocks.push(Block::List(std::mem::take(list)));
            }
        }
        paragraph.clear();
        list.clear();
    };
    let check = |text: &str, i: usize| Check::parse(text.trim()).map_err(|e| format!("line {}: {e}", i + 1));
    while i < lines.len() {
        let line = lines[i].trim_end();
        let trimmed = line.trim();
        // <!-- comments --> (sources for what a step says) are for the lesson's authors.
        if trimmed.starts_with("<!--") {
            while i < lines.len() && !lines[i].contains("-->") {
                i += 1;
            }
            if i == lines.len() {
                return Err("a <!-- comment is not closed".into());
            }
            i += 1;
            continue;
        }
        if let Some(title) = line.strip_prefix("## ") {
            flush(lesson.steps.last_mut(), &mut paragraph, &mut list);
            lesson.steps.push(Step {
                title: title.trim().to_string(),
                blocks: Vec::new(),
                hints: Vec::new(),
                checks: Vec::new(),
                given: Vec::new(),
                setup: Vec::new(),
                solution: Vec::new(),
                alternatives: Vec::new(),
            });
            explicit_solution.push(false);
            i += 1;
            continue;
        }
        if line.starts_with("```") {
            flush(lesson.steps.last_mut(), &mut paragraph, &mut list);
            let (info, body, next) = fenced(&lines, i)?;
            let directives = |body: &[String]| -> Result<(), String> {
                body.iter()
                    .try_for_each(|l| action(l).map(|_| ()))
                    .map_err(|e| format!("line {}: {e}", i + 1))
            };
            match (info.as_str(), lesson.steps.last_mut()) {
                ("setup", None) => lesson.setup = body,
                ("setup", Some(step)) => step.setup = body,
                ("redis", Some(step)) => {
                    directives(&body)?;
                    step.blocks.push(Block::Commands(body));
                }
                ("solution", Some(step)) => {
                    directives(&body)?;
                    step.solution = body;
                    *explicit_solution.last_mut().expect("a step") = true;
                }
                ("alternative", Some(step)) => {
                    directives(&body)?;
                    step.alternatives.push(body);
                }
                ("aof-tail", Some(step)) => step.blocks.push(Block::AofTail),
                (other, _) => return Err(format!("line {}: unexpected ``` block '{other}'", i + 1)),
            }
            i = next;
            continue;
        }
        let Some(step) = lesson.steps.last_mut() else {
            if !trimmed.is_empty() {
                return Err(format!("line {}: text before the first ## step", i + 1));
            }
            i += 1;
            continue;
        };
        if let Some(hint) = trimmed.strip_prefix("Hint:") {
            flush(Some(step), &mut paragraph, &mut list);
            step.hints.push(hint.trim().to_string());
        } else if let Some(text) = trimmed.strip_prefix("Check:") {
            flush(Some(step), &mut paragraph, &mut list);
            step.checks.push(check(text, i)?);
        } else if let Some(text) = trimmed.strip_prefix("Given:") {
            flush(Some(step), &mut paragraph, &mut list);
            let given = check(text, i)?;
            if given.test.is_activity() {
                return Err(format!(
                    "line {}: a Given: reads the keyspace, not what was run: {}",
                    i + 1,
                    given.source
                ));
            }
            step.given.push(given);
        } else if let Some(item) = trimmed.strip_prefix("- ") {
            if !paragraph.is_empty() {
                step.blocks
                    .push(Block::Paragraph(std::mem::take(&mut paragraph).join(" ")));
            }
            list.push(item.to_string());
        } else if trimmed.is_empty() {
            flush(Some(step), &mut paragraph, &mut list);
        } else {
            paragraph.push(trimmed.to_string());
        }
        i += 1;
    }
    flush(lesson.steps.last_mut(), &mut paragraph, &mut list);
    if lesson.steps.is_empty() {
        return Err("a lesson needs at least one ## step".into());
    }
    for (n, step) in lesson.steps.iter_mut().enumerate() {
        let at = |why: &str| format!("step {} ({}) {why}", n + 1, step.title);
        if step.checks.is_empty() {
            return Err(at("has no Check:"));
        }
        if step.setup.is_empty() != step.given.is_empty() {
            return Err(at(
                "needs both a ```setup block and the Given: lines it makes true, or neither",
            ));
        }
        if step.is_challenge() && (!explicit_solution[n] || step.hints.is_empty()) {
            return Err(at(
                "is a challenge (no ```redis block): it needs Hint: lines and a ```solution",
            ));
        }
        if !explicit_solution[n] {
            step.solution = step
                .blocks
                .iter()
                .flat_map(|b| match b {
                    Block::Commands(c) => c.clone(),
                    _ => Vec::new(),
                })
                .collect();
        }
    }
    Ok(lesson)
}

/// A learner's way through a lesson, as stored: the step shown and the steps completed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub step: usize,
    pub completed: Vec<bool>,
}

impl Progress {
    pub fn new(steps: usize) -> Progress {
        Progress {
            step: 0,
            completed: vec![false; steps],
        }
    }

    pub fn finished(&self) -> bool {
        self.completed.iter().all(|&c| c)
    }

    pub fn done(&self) -> usize {
        self.completed.iter().filter(|&&c| c).count()
    }

    /// "step,done bits" for storage: `2,110`.
    pub fn encode(&self) -> String {
        let bits: String = self.completed.iter().map(|&c| if c { '1' } else { '0' }).collect();
        format!("{},{bits}", self.step)
    }

    pub fn decode(text: &str, steps: usize) -> Progress {
        let mut progress = Progress::new(steps);
        if let Some((step, bits)) = text.split_once(',') {
            for (i, c) in bits.chars().take(steps).enumerate() {
                progress.completed[i] = c == '1';
            }
            progress.step = step.parse::<usize>().unwrap_or(0).min(steps.saturating_sub(1));
        }
        progress
    }
}

/// What the lesson list suggests for a lesson.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Suggestion {
    /// Nothing started anywhere: begin with this one.
    StartHere,
    /// Started, not finished.
    Continue,
    /// Every earlier lesson is finished or untouched: this comes next.
    Next,
}

/// Which lesson to suggest, given each lesson's progress in order: the first one begun
/// and not finished, else the first not finished.
pub fn suggest(progress: &[Progress]) -> Option<(usize, Suggestion)> {
    let begun = |p: &Progress| p.done() > 0 || p.step > 0;
    if !progress.iter().any(begun) {
        return (!progress.is_empty()).then_some((0, Suggestion::StartHere));
    }
    if let Some(i) = progress.iter().position(|p| begun(p) && !p.finished()) {
        return Some((i, Suggestion::Continue));
    }
    progress
        .iter()
        .position(|p| !p.finished())
        .map(|i| (i, Suggestion::Next))
}

/// How long a reader may spend on a step: as a step opens, its `Given:` lines are read
/// as they will stand this much later, so a key that would expire meanwhile is made
/// again rather than vanishing under the reader.
pub const READING_SPAN_MS: i64 = 180_000;

/// The most activity a step keeps (a long paste while a step is open).
const ACTIVITY_KEPT: usize = 2_000;

/// A lesson being played in a playground: the page and the tests drive it alike.
/// Every method takes the host's real time, as `Playground`'s do.
pub struct LessonRun {
    pub lesson: Rc<Lesson>,
    pub progress: Progress,
    /// What happened since the current step opened.
    activity: Vec<Activity>,
    /// The commands run to prepare the current step (its `Given:` did not hold as it
    /// opened), shown to the learner so nothing changes behind their back.
    pub prepared: Vec<String>,
}

fn argvs(lines: &[String]) -> Vec<Vec<Vec<u8>>> {
    lines
        .iter()
        .filter_map(|line| keyspace_engine::sds::split_args(line.as_bytes()))
        .filter(|argv| !argv.is_empty())
        .collect()
}

impl LessonRun {
    /// Starts (or resumes) a lesson in `playground`, its sandbox: a sandbox with no keys
    /// gets the lesson's starting state, and the current step opens.
    pub fn start(lesson: Rc<Lesson>, progress: Progress, playground: &mut Playground, real: i64) -> LessonRun {
        let mut run = LessonRun {
            progress,
            lesson,
            activity: Vec::new(),
            prepared: Vec::new(),
        };
        playground.watch_activity(true);
        if playground.engine.key_counts().iter().all(|&n| n == 0) {
            playground.run_internal_many(argvs(&run.lesson.setup), real);
        }
        run.progress.step = run.progress.step.min(run.lesson.steps.len() - 1);
        run.open(playground, real);
        run
    }

    pub fn step(&self) -> &Step {
        &self.lesson.steps[self.progress.step]
    }

    /// Opens a step: what it needs is made if missing.
    pub fn go_to(&mut self, step: usize, playground: &mut Playground, real: i64) {
        if step < self.lesson.steps.len() {
            self.progress.step = step;
            self.open(playground, real);
        }
    }

    fn open(&mut self, playground: &mut Playground, real: i64) {
        playground.take_activity();
        self.activity.clear();
        self.prepared.clear();
        if !self.ready_for_reading(playground, real) {
            let setup = self.step().setup.clone();
            playground.run_internal_many(argvs(&setup), real);
            self.prepared = setup;
            playground.take_activity();
        }
    }

    /// Whether the state the current step starts from is there (its `Given:` lines).
    pub fn ready(&self, playground: &Playground, real: i64) -> bool {
        let seen = self.seen(playground, real);
        self.step().given.iter().all(|c| c.holds(&seen))
    }

    /// Whether it will still be there after `READING_SPAN_MS` of reading.
    pub fn ready_for_reading(&self, playground: &Playground, real: i64) -> bool {
        let mut seen = self.seen(playground, real);
        seen.now = seen.now.saturating_add(READING_SPAN_MS);
        self.step().given.iter().all(|c| c.holds(&seen))
    }

    /// The step's starting state went away before the learner did anything in it (a key
    /// expired while they read): the page offers to make it again. Once they have run a
    /// command, the keyspace is theirs to change.
    pub fn stale(&self, playground: &Playground, real: i64) -> bool {
        !self.activity.iter().any(|a| matches!(a, Activity::Ran { .. })) && !self.ready(playground, real)
    }

    fn seen<'a>(&'a self, playground: &'a Playground, real: i64) -> Seen<'a> {
        Seen {
            engine: &playground.engine,
            now: playground.now(real),
            activity: &self.activity,
            terminals: playground.sessions.len(),
        }
    }

    /// Takes in what happened in the playground since the last call.
    pub fn observe(&mut self, playground: &mut Playground) {
        self.activity.extend(playground.take_activity());
        if self.activity.len() > ACTIVITY_KEPT {
            let excess = self.activity.len() - ACTIVITY_KEPT;
            self.activity.drain(..excess);
        }
    }

    /// Checks the current step (after `observe`); true when it has just completed.
    pub fn check(&mut self, playground: &Playground, real: i64) -> bool {
        let step = self.progress.step;
        if self.progress.completed[step] {
            return false;
        }
        let seen = self.seen(playground, real);
        let done = self.step().checks.iter().all(|c| c.holds(&seen));
        self.progress.completed[step] = done;
        done
    }

    /// The checks of the current step that do not hold (for a test's message).
    pub fn failing(&self, playground: &Playground, real: i64) -> Vec<String> {
        let seen = self.seen(playground, real);
        self.step()
            .checks
            .iter()
            .filter(|c| !c.holds(&seen))
            .map(|c| c.source.clone())
            .collect()
    }

    /// Whether the learner ran this command line in the current step (command name in
    /// any case, the same arguments), and what it answered.
    pub fn reply_to(&self, line: &str) -> Option<&str> {
        let argv = keyspace_engine::sds::split_args(line.as_bytes())?;
        self.activity.iter().rev().find_map(|a| match a {
            Activity::Ran { ran, .. }
                if ran.argv.len() == argv.len()
                    && ran.argv.iter().zip(&argv).enumerate().all(|(i, (a, b))| {
                        if i == 0 {
                            a.eq_ignore_ascii_case(b)
                        } else {
                            a == b
                        }
                    }) =>
            {
                Some(ran.reply.as_str())
            }
            _ => None,
        })
    }

    /// Empties the sandbox and makes the current step's starting state again.
    pub fn reset_step(&mut self, playground: &mut Playground, real: i64) {
        playground.reset(real);
        playground.run_internal_many(argvs(&self.lesson.setup), real);
        let step = self.progress.step;
        self.progress.completed[step] = false;
        self.open(playground, real);
        if self.prepared.is_empty() {
            // Its Given: held already after the lesson's own setup.
            self.prepared = self.lesson.setup.clone();
        }
    }

    /// Empties the sandbox and starts the lesson over.
    pub fn reset_lesson(&mut self, playground: &mut Playground, real: i64) {
        playground.reset(real);
        playground.run_internal_many(argvs(&self.lesson.setup), real);
        self.progress = Progress::new(self.lesson.steps.len());
        self.open(playground, real);
    }
}

/// How a simulated learner plays a lesson (`rehearse`).
#[derive(Clone, Debug)]
pub struct Pace {
    /// Time spent reading a step before typing its first command (the clock keeps
    /// running: keys may expire meanwhile).
    pub reading_ms: i64,
    /// Between two commands.
    pub typing_ms: i64,
    /// Open this step first, as a deep link does (0: from the start).
    pub from: usize,
    /// Before each step's solution, type each of its commands in a form that answers an
    /// error (the bare command name, where that is an arity error): none may complete it.
    pub errors_first: bool,
    /// Play this step with its alternative answer instead of its solution.
    pub alternative: Option<(usize, usize)>,
}

impl Pace {
    /// A reader: 90 s on each step, 5 s between commands.
    pub fn reader() -> Pace {
        Pace {
            reading_ms: 90_000,
            typing_ms: 5_000,
            from: 0,
            errors_first: false,
            alternative: None,
        }
    }

    /// No time between anything (the replies shown beside a lesson's commands).
    pub fn instant() -> Pace {
        Pace {
            reading_ms: 0,
            typing_ms: 0,
            ..Pace::reader()
        }
    }
}

/// What a rehearsal saw: for each step played, each command line with what the
/// terminal printed for it.
pub type Transcript = Vec<Vec<(String, String)>>;

/// Plays a lesson as a learner at `pace` would, in a fresh sandbox, with the real
/// `LessonRun`: each step must not be complete before its commands and must be complete
/// after them. Returns the replies, or what went wrong.
pub fn rehearse(lesson: &Rc<Lesson>, pace: &Pace) -> Result<Transcript, String> {
    const START: i64 = 1_767_225_600_000; // 2026-01-01
    let mut real = START;
    let mut p = Playground::new(7, real);
    p.enable_aof(0, 0);
    let mut run = LessonRun::start(lesson.clone(), Progress::new(lesson.steps.len()), &mut p, real);
    let fail = |n: usize, why: String| format!("{}: step {} ({}): {why}", lesson.id, n + 1, lesson.steps[n].title);
    let mut transcript = Vec::new();
    // Lets time pass in small ticks, as the page's clock does; the step must not
    // complete by itself meanwhile.
    let pass = |p: &mut Playground, run: &mut LessonRun, real: &mut i64, ms: i64, n: usize| -> Result<(), String> {
        let end = *real + ms;
        while *real < end {
            *real = (*real + 250).min(end);
            p.tick(*real);
            run.observe(p);
            if run.check(p, *real) {
                return Err(fail(n, format!("completed by itself while time passed ({} ms)", ms)));
            }
        }
        Ok(())
    };
    for n in pace.from..lesson.steps.len() {
        run.go_to(n, &mut p, real);
        let step = &lesson.steps[n];
        if !run.ready_for_reading(&p, real) {
            return Err(fail(
                n,
                "its setup does not make its Given: lines hold for a reader's span".into(),
            ));
        }
        if run.check(&p, real) {
            return Err(fail(n, "complete as it opened, before its commands".into()));
        }
        pass(&mut p, &mut run, &mut real, pace.reading_ms, n)?;
        if run.stale(&p, real) {
            return Err(fail(n, "its starting state ran out while the learner read".into()));
        }
        if pace.errors_first {
            for line in &step.solution {
                let Ok(Action::Run(session, line)) = action(line) else {
                    continue;
                };
                let Some(name) = keyspace_engine::sds::split_args(line.as_bytes()).and_then(|a| a.into_iter().next())
                else {
                    continue;
                };
                let bare_is_error = keyspace_engine::table::lookup(&name).is_some_and(|spec| !spec.arity_ok(1));
                if bare_is_error && session < p.sessions.len() {
                    p.submit(session, &String::from_utf8_lossy(&name), real);
                    run.observe(&mut p);
                    if run.check(&p, real) {
                        return Err(fail(
                            n,
                            format!("completed by an erroring `{}`", String::from_utf8_lossy(&name)),
                        ));
                    }
                }
            }
        }
        let lines = match pace.alternative {
            Some((s, a)) if s == n => step.alternatives.get(a).ok_or(fail(n, "no such alternative".into()))?,
            _ => &step.solution,
        };
        let mut replies = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                pass(&mut p, &mut run, &mut real, pace.typing_ms, n).ok();
            }
            match action(line).map_err(|e| fail(n, e))? {
                Action::Run(session, command) => {
                    while p.sessions.len() <= session {
                        p.open_session(real);
                    }
                    let before = p.sessions[session].lines.len();
                    p.submit(session, command, real);
                    replies.push((line.clone(), session, before));
                }
                Action::Wait(ms) => {
                    let end = real + ms;
                    while real < end {
                        real = (real + 100).min(end);
                        p.tick(real);
                    }
                }
                Action::Clock(c) => {
                    let mut clock = p.clock;
                    c.apply(&mut clock, real);
                    p.set_clock(clock, real);
                }
            }
            // The page's store keeps up: what is due is committed (appendfsync always
            // holds replies until then; BGREWRITEAOF completes).
            while let Some(op) = p.next_store_op(real, false) {
                drop(op);
                p.store_done(Ok(()), real);
            }
            run.observe(&mut p);
            run.check(&p, real);
        }
        if !run.progress.completed[n] {
            return Err(fail(
                n,
                format!("not complete after its commands; failing: {:?}", run.failing(&p, real)),
            ));
        }
        // What each command printed: its terminal's lines after its echo, up to the next
        // command typed there (a blocking command's reply may come later).
        let shown = replies
            .iter()
            .enumerate()
            .map(|(i, (line, session, before))| {
                let end = replies[i + 1..]
                    .iter()
                    .find(|(_, s, _)| s == session)
                    .map_or(p.sessions[*session].lines.len(), |(_, _, b)| *b);
                let text: Vec<&str> = p.sessions[*session].lines[(*before + 1).min(end)..end]
                    .iter()
                    .map(|l| l.text.as_str())
                    .collect();
                (line.clone(), text.join("\n"))
            })
            .collect();
        transcript.push(shown);
        // A moment after the step, the learner reads the next one.
        real += 1_000;
        p.tick(real);
    }
    Ok(transcript)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn progress(step: usize, bits: &str) -> Progress {
        Progress::decode(&format!("{step},{bits}"), bits.len())
    }

    #[test]
    fn the_list_suggests_where_to_go_on() {
        assert_eq!(suggest(&[]), None);
        assert_eq!(
            suggest(&[progress(0, "000"), progress(0, "00")]),
            Some((0, Suggestion::StartHere))
        );
        assert_eq!(
            suggest(&[progress(0, "111"), progress(1, "10"), progress(0, "00")]),
            Some((1, Suggestion::Continue))
        );
        assert_eq!(
            suggest(&[progress(0, "111"), progress(0, "00"), progress(0, "00")]),
            Some((1, Suggestion::Next))
        );
        assert_eq!(suggest(&[progress(2, "111")]), None, "everything finished");
    }

    fn lesson(text: &str) -> Rc<Lesson> {
        Rc::new(parse(&format!("---\nid: t\ntitle: T\nsummary: S\n---\n{text}")).unwrap())
    }

    #[test]
    fn ran_and_reply_count_only_what_did_not_fail_and_where_it_ran() {
        let lesson = lesson(
            "## s\n```redis\nZSCORE vote a\n```\nCheck: ran ZSCORE in another client\nCheck: reply 'zscore vote' = '\"4\"'\n",
        );
        let mut p = Playground::new(1, 1_000);
        let mut run = LessonRun::start(lesson, Progress::new(1), &mut p, 1_000);
        p.submit(0, "ZADD vote 4 a", 1_000);
        p.submit(0, "ZSCORE", 1_000);
        p.open_session(1_000);
        p.submit(1, "ZSCORE vote", 1_000);
        run.observe(&mut p);
        assert!(!run.check(&p, 1_000), "arity errors do not count");
        p.submit(0, "ZSCORE vote a", 1_000);
        run.observe(&mut p);
        assert!(!run.check(&p, 1_000), "the first client is not another one");
        assert_eq!(run.reply_to("zscore vote a"), Some("\"4\""));
        p.submit(1, "ZSCORE vote a", 1_000);
        run.observe(&mut p);
        assert!(run.check(&p, 1_000));
    }

    #[test]
    fn commands_queued_in_multi_count_when_exec_runs_them() {
        let lesson = lesson("## s\n```redis\nINCR n\n```\nCheck: reply INCR = '(integer) 1'\n");
        let mut p = Playground::new(1, 1_000);
        let mut run = LessonRun::start(lesson, Progress::new(1), &mut p, 1_000);
        p.submit(0, "MULTI", 1_000);
        p.submit(0, "INCR n", 1_000);
        run.observe(&mut p);
        assert!(!run.check(&p, 1_000), "QUEUED is not its reply");
        p.submit(0, "EXEC", 1_000);
        run.observe(&mut p);
        assert!(run.check(&p, 1_000));
    }

    #[test]
    fn expired_and_deleted_tell_how_a_key_went() {
        let lesson = lesson("## s\n```redis\nDEL a\n```\nCheck: expired t\nCheck: deleted a\n");
        let mut p = Playground::new(1, 1_000);
        let mut run = LessonRun::start(lesson, Progress::new(1), &mut p, 1_000);
        p.submit(0, "SET t x PX 100", 1_000);
        p.submit(0, "SET a x", 1_000);
        p.submit(0, "DEL t", 1_000);
        p.submit(0, "SET t x PX 100", 1_000);
        run.observe(&mut p);
        assert!(!run.check(&p, 1_000));
        p.tick(1_200);
        run.observe(&mut p);
        assert!(!run.check(&p, 1_200), "a was not deleted yet");
        p.submit(0, "DEL a", 1_200);
        run.observe(&mut p);
        assert!(run.check(&p, 1_200));
    }

    #[test]
    fn a_step_opened_cold_makes_its_starting_state_and_says_so() {
        let lesson = lesson(
            "## one\n```redis\nSET a 1\n```\nCheck: exists a\n## two\n```setup\nSET session:1 token EX 600\n```\nGiven: exists session:1\n```redis\nPERSIST session:1\n```\nCheck: ttl session:1 = -1\n",
        );
        let mut p = Playground::new(1, 1_000);
        let mut progress = Progress::new(2);
        progress.step = 1;
        let mut run = LessonRun::start(lesson, progress, &mut p, 1_000);
        assert_eq!(run.prepared, vec!["SET session:1 token EX 600".to_string()]);
        assert!(run.ready(&p, 1_000));
        // The learner reads for twenty minutes: the state is gone, and the step says so.
        p.tick(1_201_000);
        assert!(!run.ready(&p, 1_201_000));
        run.go_to(1, &mut p, 1_201_000);
        assert!(run.ready(&p, 1_201_000));
        p.submit(0, "PERSIST session:1", 1_201_000);
        run.observe(&mut p);
        assert!(run.check(&p, 1_201_000));
        // Reset step: the same starting state again, the step not done.
        run.reset_step(&mut p, 1_202_000);
        assert!(!run.progress.completed[1]);
        assert_eq!(
            p.call_internal(vec![b"TTL".to_vec(), b"session:1".to_vec()], 1_202_000),
            keyspace_engine::Reply::Int(600)
        );
    }
}
