//! Guided lessons: the lesson file format, the checks a step completes on, and a
//! learner's run through a lesson. Everything here reads the keyspace without touching
//! it (no lazy expiry, no hit/miss statistics, nothing in MONITOR).
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
//! ```redis                     (runnable commands: click to type one, or run it)
//! ZINCRBY vote 1 a
//! ```
//! Hint: shown on demand.
//! Check: score vote a >= 1     (every check must hold; see `Check::parse`)
//! ```solution                  (the reference solution the lesson test replays;
//! ZINCRBY vote 1 a              defaults to the step's command blocks; "@2 CMD" runs
//! ```                           in a second terminal, "@wait MS" lets time pass)
//! ````

use crate::engine::Engine;
use crate::value::{Kind, Value};

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
    pub solution: Vec<String>,
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

/// What a check looks at. Keys and texts are split like redis-cli arguments, so they
/// may be quoted; a trailing `in db N` reads database N (0 otherwise).
#[derive(Clone, Debug, PartialEq)]
pub enum Test {
    /// `exists KEY`
    Exists(Vec<u8>),
    /// `missing KEY`
    Missing(Vec<u8>),
    /// `type KEY = string|list|hash|set|zset`
    Type(Vec<u8>, Kind),
    /// `value KEY = TEXT` (a string's exact bytes)
    Value(Vec<u8>, Vec<u8>),
    /// `int KEY OP N` (a string holding an integer)
    Int(Vec<u8>, Op, f64),
    /// `score KEY MEMBER OP N`
    Score(Vec<u8>, Vec<u8>, Op, f64),
    /// `field KEY FIELD = TEXT`
    Field(Vec<u8>, Vec<u8>, Vec<u8>),
    /// `field-int KEY FIELD OP N`
    FieldInt(Vec<u8>, Vec<u8>, Op, f64),
    /// `ttl KEY OP N`: seconds as TTL answers them (-1 no expiry, -2 no key)
    Ttl(Vec<u8>, Op, f64),
    /// `len KEY OP N`: STRLEN, LLEN, HLEN, SCARD or ZCARD by type (0 when missing)
    Len(Vec<u8>, Op, f64),
    /// `contains KEY MEMBER`: a list, set or sorted set holds it
    Contains(Vec<u8>, Vec<u8>),
    /// `dbsize OP N`
    DbSize(Op, f64),
    /// `ran COMMAND`: the learner ran it (in any terminal) since the step began
    Ran(String),
    /// `config NAME = VALUE`
    Config(String, String),
    /// `info FIELD OP N`: a numeric INFO field (aof_rewrites...)
    Info(String, Op, f64),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Check {
    /// As written in the lesson file.
    pub source: String,
    pub test: Test,
    pub db: usize,
}

fn op_of(words: &[Vec<u8>]) -> Result<(Op, f64), String> {
    let word = |i: usize| words.get(i).map(|w| String::from_utf8_lossy(w).into_owned());
    let number = |i: usize| -> Result<f64, String> {
        let w = word(i).ok_or("a number is missing")?;
        w.parse::<f64>().map_err(|_| format!("'{w}' is not a number"))
    };
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

impl Check {
    pub fn parse(source: &str) -> Result<Check, String> {
        let mut words = crate::cli::split_args(source.as_bytes()).ok_or(format!("{source}: Invalid argument(s)"))?;
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
        let fail = |why: String| format!("{source}: {why}");
        let Some((name, rest)) = words.split_first() else {
            return Err(fail("empty check".into()));
        };
        let key = || rest.first().cloned().ok_or(fail("a key is missing".into()));
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        let test = match name.as_slice() {
            b"exists" if rest.len() == 1 => Test::Exists(key()?),
            b"missing" if rest.len() == 1 => Test::Missing(key()?),
            b"type" => {
                let kind = equals_text(&rest[1.min(rest.len())..]).map_err(fail)?;
                Test::Type(
                    key()?,
                    Kind::from_name(&kind).ok_or(fail(format!("no type {}", text(&kind))))?,
                )
            }
            b"value" => Test::Value(key()?, equals_text(&rest[1.min(rest.len())..]).map_err(fail)?),
            b"int" | b"ttl" | b"len" => {
                let (op, n) = op_of(&rest[1.min(rest.len())..]).map_err(fail)?;
                match name.as_slice() {
                    b"int" => Test::Int(key()?, op, n),
                    b"ttl" => Test::Ttl(key()?, op, n),
                    _ => Test::Len(key()?, op, n),
                }
            }
            b"score" | b"field-int" if rest.len() >= 4 => {
                let (op, n) = op_of(&rest[2..]).map_err(fail)?;
                match name.as_slice() {
                    b"score" => Test::Score(key()?, rest[1].clone(), op, n),
                    _ => Test::FieldInt(key()?, rest[1].clone(), op, n),
                }
            }
            b"field" if rest.len() == 4 => Test::Field(key()?, rest[1].clone(), equals_text(&rest[2..]).map_err(fail)?),
            b"contains" if rest.len() == 2 => Test::Contains(key()?, rest[1].clone()),
            b"dbsize" => {
                let (op, n) = op_of(rest).map_err(fail)?;
                Test::DbSize(op, n)
            }
            b"ran" if rest.len() == 1 => {
                let command = text(&rest[0]).to_ascii_uppercase();
                if crate::table::lookup(command.as_bytes()).is_none() {
                    return Err(fail(format!("no command {command}")));
                }
                Test::Ran(command)
            }
            b"config" if rest.len() == 3 => Test::Config(text(&rest[0]), text(&equals_text(&rest[1..]).map_err(fail)?)),
            b"info" if rest.len() >= 3 => {
                let (op, n) = op_of(&rest[1..]).map_err(fail)?;
                Test::Info(text(&rest[0]), op, n)
            }
            other => return Err(fail(format!("unknown check or wrong arguments: {}", text(other)))),
        };
        Ok(Check {
            source: source.to_string(),
            test,
            db,
        })
    }

    /// Whether the check holds now. `ran`: command names the learner ran in this step.
    pub fn holds(&self, engine: &Engine, ran: &[String], now: i64) -> bool {
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
        let integer = |bytes: &[u8]| crate::num::parse_i64(bytes).map(|n| n as f64);
        match &self.test {
            Test::Exists(key) => live(key).is_some(),
            Test::Missing(key) => live(key).is_none(),
            Test::Type(key, kind) => live(key).is_some_and(|v| v.kind() == *kind),
            Test::Value(key, text) => string(key).as_deref() == Some(text.as_slice()),
            Test::Int(key, op, n) => string(key).and_then(|b| integer(&b)).is_some_and(|v| op.holds(v, *n)),
            Test::Score(key, member, op, n) => match live(key) {
                Some(Value::ZSet(z)) => z.score(member).is_some_and(|s| op.holds(s, *n)),
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
                _ => false,
            },
            Test::DbSize(op, n) => {
                let live_keys = db.keys.keys().filter(|k| !db.is_expired(k, now)).count();
                op.holds(live_keys as f64, *n)
            }
            Test::Ran(command) => ran.iter().any(|r| r == command),
            Test::Config(name, value) => engine.config().get(name) == Some(value.as_str()),
            Test::Info(field, op, n) => {
                let info = crate::info::render(engine, now, &["everything".to_string()]);
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
    while i < lines.len() {
        let line = lines[i].trim_end();
        let trimmed = line.trim();
        if let Some(title) = line.strip_prefix("## ") {
            flush(lesson.steps.last_mut(), &mut paragraph, &mut list);
            lesson.steps.push(Step {
                title: title.trim().to_string(),
                blocks: Vec::new(),
                hints: Vec::new(),
                checks: Vec::new(),
                solution: Vec::new(),
            });
            i += 1;
            continue;
        }
        if line.starts_with("```") {
            flush(lesson.steps.last_mut(), &mut paragraph, &mut list);
            let (info, body, next) = fenced(&lines, i)?;
            match (info.as_str(), lesson.steps.last_mut()) {
                ("setup", None) => lesson.setup = body,
                ("redis", Some(step)) => step.blocks.push(Block::Commands(body)),
                ("solution", Some(step)) => step.solution = body,
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
        } else if let Some(check) = trimmed.strip_prefix("Check:") {
            flush(Some(step), &mut paragraph, &mut list);
            step.checks
                .push(Check::parse(check.trim()).map_err(|e| format!("line {}: {e}", i + 1))?);
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
    for (n, step) in lesson.steps.iter_mut().enumerate() {
        if step.checks.is_empty() {
            return Err(format!("step {} ({}) has no Check:", n + 1, step.title));
        }
        if step.solution.is_empty() {
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
    if lesson.steps.is_empty() {
        return Err("a lesson needs at least one ## step".into());
    }
    Ok(lesson)
}

/// A learner's way through a lesson: the step shown, the steps completed, and what was
/// run since the step began (for `ran` checks).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub step: usize,
    pub completed: Vec<bool>,
    pub ran: Vec<String>,
}

impl Progress {
    pub fn new(steps: usize) -> Progress {
        Progress {
            step: 0,
            completed: vec![false; steps],
            ran: Vec::new(),
        }
    }

    pub fn go_to(&mut self, step: usize) {
        if step < self.completed.len() && step != self.step {
            self.step = step;
            self.ran.clear();
        }
    }

    /// Notes a command the learner ran (its name, as typed).
    pub fn ran(&mut self, command: &str) {
        let name = command.to_ascii_uppercase();
        if !self.ran.contains(&name) {
            self.ran.push(name);
        }
    }

    /// Checks the current step; true when it has just become complete.
    pub fn check(&mut self, lesson: &Lesson, engine: &Engine, now: i64) -> bool {
        let Some(step) = lesson.steps.get(self.step) else {
            return false;
        };
        if self.completed.get(self.step) == Some(&true) {
            return false;
        }
        let done = step.checks.iter().all(|c| c.holds(engine, &self.ran, now));
        if done {
            self.completed[self.step] = true;
        }
        done
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

/// The command name of a line as redis-cli runs it (a leading repeat count skipped).
pub fn command_name(line: &str) -> Option<String> {
    let words = crate::cli::split_args(line.as_bytes())?;
    let skip = usize::from(words.len() > 1 && crate::num::parse_i64(&words[0]).is_some());
    words.get(skip).map(|w| String::from_utf8_lossy(w).to_ascii_uppercase())
}
