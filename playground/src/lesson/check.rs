//! Checks: what a step completes on (`Check:`) and starts from (`Given:`), parsed from
//! their text and read against the keyspace and what the learner did in the step.

use keyspace_engine::engine::Engine;
use keyspace_engine::value::{Kind, Value};

use crate::playground::Activity;

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
    /// `len KEY OP N`: STRLEN, LLEN, HLEN, SCARD, ZCARD or XLEN by type (0 when missing)
    Len(Vec<u8>, Op, f64),
    /// `pending KEY GROUP OP N`: entries a stream's consumer group delivered and nobody
    /// acknowledged yet (XPENDING's count); `pending KEY GROUP CONSUMER OP N`: those held by
    /// one consumer (0 for a consumer the group does not know). Fails when the key is not a
    /// stream or has no such group, so `not pending KEY GROUP >= 0` says the group is missing.
    Pending(Vec<u8>, Vec<u8>, Option<Vec<u8>>, Op, f64),
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
    /// `user NAME`: the ACL user exists; `user NAME on|off`: and is enabled or not;
    /// `user NAME = RULES`: ACL LIST describes it so, after `user NAME `; `user NAME can
    /// COMMAND [ARG...]`: ACL DRYRUN would answer OK (permissions only, on or off)
    User(Vec<u8>, UserIs),
}

/// What a `user` check asks of an ACL user.
#[derive(Clone, Debug, PartialEq)]
pub enum UserIs {
    Exists,
    On,
    Off,
    /// As ACL LIST describes it: `on #<sha256> ~app:* resetchannels -@all +get +set`.
    Rules(String),
    /// A command line it may run.
    Can(Vec<Vec<u8>>),
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
            b"pending" if rest.len() >= 4 => {
                // The third word is an operator (the group's count) or a consumer's name.
                let ops: &[&[u8]] = &[b"=", b"==", b"!=", b">", b">=", b"<", b"<=", b"between"];
                let consumer = (!ops.contains(&rest[2].as_slice())).then(|| rest[2].clone());
                let (op, n) = op_of(&rest[2 + usize::from(consumer.is_some())..]).map_err(fail)?;
                Test::Pending(key()?, rest[1].clone(), consumer, op, n)
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
            b"user" if !rest.is_empty() => {
                let is = match &rest[1..] {
                    [] => UserIs::Exists,
                    [w] if w.as_slice() == b"on" => UserIs::On,
                    [w] if w.as_slice() == b"off" => UserIs::Off,
                    [eq, rules] if eq.as_slice() == b"=" => UserIs::Rules(text(rules)),
                    [can, line @ ..] if can.as_slice() == b"can" && !line.is_empty() => {
                        known_command(&text(&line[0]))?;
                        UserIs::Can(line.to_vec())
                    }
                    _ => return Err(fail("expected user NAME [on|off|= RULES|can COMMAND ...]".into())),
                };
                Test::User(key()?, is)
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
            Test::Pending(key, group, consumer, op, n) => {
                let Some(Value::Stream(s)) = live(key) else {
                    return false;
                };
                let Some(group) = s.groups.get(group) else { return false };
                let count = match consumer {
                    None => group.pel.len(),
                    Some(name) => group.consumers.get(name).map_or(0, |c| c.pel.len()),
                };
                op.holds(count as f64, *n)
            }
            Test::Contains(key, member) => match live(key) {
                Some(Value::List(l)) => l.iter().any(|e| **e == **member),
                Some(Value::Set(s)) => s.contains(member),
                Some(Value::ZSet(z)) => z.score(member).is_some(),
                Some(Value::Hash(h)) => h.get(member).is_some(),
                // A stream contains an entry by its full ID (`1700000000000-0`).
                Some(Value::Stream(s)) => s.entries().any(|(id, _)| id.to_bytes() == *member),
                _ => false,
            },
            Test::Index(key, i, text) => match live(key) {
                Some(Value::List(l)) => {
                    let len = l.len() as i64;
                    let at = if *i < 0 { len + i } else { *i };
                    (0..len).contains(&at) && l.iter().nth(at as usize).is_some_and(|e| **e == **text)
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
            Test::User(name, is) => {
                let enabled = engine
                    .acl_users()
                    .into_iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, on)| on);
                match is {
                    UserIs::Exists => enabled.is_some(),
                    UserIs::On => enabled == Some(true),
                    UserIs::Off => enabled == Some(false),
                    UserIs::Rules(rules) => engine.acl_user_rules(name).as_deref() == Some(rules.as_str()),
                    UserIs::Can(argv) => engine.acl_permits(name, argv) == Some(true),
                }
            }
        }
    }
}
