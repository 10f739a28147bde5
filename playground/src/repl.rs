//! redis-cli's interactive behaviour, host-independent: what the playground terminal
//! prints for a typed line. It splits the line like redis-cli, handles its local
//! commands (HELP, CLEAR), the repeat prefix (`3 INCR x`), the prompt (`[db]`, `(TX)`),
//! subscribed mode, and formats every reply exactly as redis-cli 7 does.

use crate::cli;
use keyspace_engine::client::ClientId;
use keyspace_engine::engine::Engine;
use keyspace_engine::reply::Reply;
use keyspace_engine::table;

/// One line of terminal output, with what it is (errors are shown distinctly).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    pub kind: LineKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    /// The echoed prompt and command.
    Input,
    Output,
    Error,
    /// Messages of redis-cli itself ("Reading messages...", timings).
    Note,
}

/// A command the session ran, with the reply redis-cli printed for it: what a lesson's
/// `ran` and `reply` checks look at. A command queued inside MULTI is recorded when EXEC
/// runs it, with its own element of EXEC's reply; a blocking command when its reply comes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ran {
    pub argv: Vec<Vec<u8>>,
    /// The reply as printed (lines joined by `\n`).
    pub reply: String,
    pub error: bool,
}

impl Ran {
    /// The command's name, upper-case.
    pub fn name(&self) -> String {
        self.argv
            .first()
            .map(|n| String::from_utf8_lossy(n).to_ascii_uppercase())
            .unwrap_or_default()
    }
}

/// What a submitted line produced.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    pub lines: Vec<Line>,
    /// CLEAR / Ctrl+L: the screen is to be emptied.
    pub clear: bool,
}

/// One redis-cli session bound to an engine client.
#[derive(Clone, Debug)]
pub struct Repl {
    pub client: ClientId,
    pub host: String,
    pub port: u16,
    /// The last command sent, for formatting replies that arrive later.
    last_argv: Vec<Vec<u8>>,
    /// Waiting for a blocking command's reply.
    pub waiting: bool,
    waiting_since: i64,
    /// Announced "Reading messages..." already.
    reading_messages: bool,
    /// Commands queued inside MULTI, waiting for EXEC to run them.
    queued: Vec<Vec<Vec<u8>>>,
    /// Commands run since the host last took them (`take_ran`), kept only when
    /// `record_ran` is on (a lesson watches).
    ran: Vec<Ran>,
    pub record_ran: bool,
    /// The server closed the connection (CLIENT KILL, ACL DELUSER): redis-cli says so
    /// at the next command, shows `not connected> `, and connects again for the one after.
    disconnected: bool,
}

/// Elements of one reply the terminal formats at most.
pub const MAX_ELEMENTS: usize = 1_000;

/// Cuts a top-level aggregate to `max` elements; returns how many were cut.
fn clip(reply: Reply, max: usize) -> (Reply, usize) {
    match reply {
        // Packed (LRANGE): only the elements shown are made replies of their own.
        Reply::Bulks(bulks) => {
            let shown = bulks.iter().take(max).map(|e| Reply::Bulk(e.to_vec())).collect();
            (Reply::Array(shown), bulks.len().saturating_sub(max))
        }
        Reply::Array(mut items) | Reply::Set(mut items) | Reply::Push(mut items) if items.len() > max => {
            let cut = items.len() - max;
            items.truncate(max);
            (Reply::Array(items), cut)
        }
        Reply::Map(mut pairs) if pairs.len() > max / 2 => {
            let cut = (pairs.len() - max / 2) * 2;
            pairs.truncate(max / 2);
            (Reply::Map(pairs), cut)
        }
        other => (other, 0),
    }
}

fn output_lines(text: &str, kind: LineKind) -> Vec<Line> {
    let text = text.strip_suffix('\n').unwrap_or(text);
    text.split('\n')
        .map(|l| Line {
            text: l.to_string(),
            kind,
        })
        .collect()
}

impl Repl {
    pub fn new(client: ClientId) -> Repl {
        Repl {
            client,
            host: "127.0.0.1".into(),
            port: 6379,
            last_argv: Vec::new(),
            waiting: false,
            waiting_since: 0,
            reading_messages: false,
            queued: Vec::new(),
            ran: Vec::new(),
            record_ran: false,
            disconnected: false,
        }
    }

    /// The commands run since the last call, oldest first.
    pub fn take_ran(&mut self) -> Vec<Ran> {
        std::mem::take(&mut self.ran)
    }

    /// The prompt redis-cli shows now.
    pub fn prompt(&self, engine: &Engine) -> String {
        if self.disconnected {
            return "not connected> ".into();
        }
        let (db, multi) = engine
            .client(self.client)
            .map_or((0, false), |c| (c.db, c.multi.is_some()));
        cli::prompt(&self.host, self.port, db, multi)
    }

    /// Whether the client is in RESP2 subscribed mode (redis-cli reads messages only).
    pub fn subscribed(&self, engine: &Engine) -> bool {
        engine.client(self.client).is_some_and(|c| c.in_pubsub_mode())
    }

    /// Runs a typed line; returns what the terminal prints (the echoed input first).
    pub fn submit(&mut self, engine: &mut Engine, line: &str, now: i64) -> Outcome {
        let mut out = Outcome::default();
        out.lines.push(Line {
            text: format!("{}{}", self.prompt(engine), line),
            kind: LineKind::Input,
        });
        let Some(mut argv) = keyspace_engine::sds::split_args(line.as_bytes()) else {
            out.lines.push(Line {
                text: cli::INVALID_ARGUMENTS.into(),
                kind: LineKind::Error,
            });
            return out;
        };
        if argv.is_empty() {
            return out;
        }
        let first = String::from_utf8_lossy(&argv[0]).to_ascii_lowercase();
        if first != "help" && first != "clear" {
            if self.disconnected {
                // A new connection, as redis-cli makes one (unauthenticated, database 0).
                self.client = engine.connect(now);
                self.disconnected = false;
            } else if engine.client(self.client).is_none_or(|c| c.killed) {
                engine.disconnect(self.client);
                self.disconnected = true;
                out.lines.push(Line {
                    text: "Error: Server closed the connection".into(),
                    kind: LineKind::Error,
                });
                return out;
            }
        }
        match first.as_str() {
            "clear" => {
                out.clear = true;
                return out;
            }
            "help" => {
                out.lines.extend(self.help(&argv[1..]));
                return out;
            }
            _ => {}
        }
        // "3 INCR x" runs INCR three times, as redis-cli does.
        let mut repeat = 1u64;
        if argv.len() > 1 {
            if let Ok(n) = std::str::from_utf8(&argv[0]).unwrap_or("").parse::<i64>() {
                if n <= 0 {
                    out.lines.push(Line {
                        text: "Invalid redis-cli repeat command option value.".into(),
                        kind: LineKind::Error,
                    });
                    return out;
                }
                repeat = n as u64;
                argv.remove(0);
            }
        }
        for _ in 0..repeat.min(10_000) {
            engine.execute(self.client, argv.clone(), now);
            self.last_argv = argv.clone();
            let replies = engine.take_packed_replies(self.client);
            // Blocked, waiting for a CLIENT PAUSE to end, for SAVE's file to be stored or
            // for a script: redis-cli waits for the reply.
            if replies.is_empty() && engine.client_waits(self.client) {
                self.waiting = true;
                self.waiting_since = now;
                break;
            }
            self.print(engine, replies, true, &mut out.lines);
        }
        out
    }

    /// Replies or messages that arrived without a new command (pub/sub, a blocked
    /// command served or timed out).
    pub fn poll(&mut self, engine: &mut Engine, now: i64) -> Vec<Line> {
        let replies = engine.take_replies(self.client);
        let mut lines = Vec::new();
        if replies.is_empty() {
            return lines;
        }
        let was_waiting = self.waiting;
        self.waiting = false;
        // The first reply after a blocking command is its answer; the rest are pushes.
        self.print(engine, replies, was_waiting, &mut lines);
        // redis-cli prints how long a command took when it took half a second or more.
        let elapsed = now - self.waiting_since;
        if was_waiting && elapsed >= 500 {
            lines.push(Line {
                text: format!("({:.2}s)", elapsed as f64 / 1000.0),
                kind: LineKind::Note,
            });
        }
        lines
    }

    /// Prints replies; with `answer`, the first one answers `last_argv` (the others are
    /// pushes: messages, further subscription confirmations).
    fn print(&mut self, engine: &Engine, replies: Vec<Reply>, answer: bool, lines: &mut Vec<Line>) {
        let resp = engine.client_resp(self.client);
        for (i, reply) in replies.into_iter().enumerate() {
            let entering_pubsub = !self.reading_messages && self.subscribed(engine);
            if entering_pubsub {
                lines.push(Line {
                    text: "Reading messages... (press Ctrl-C to quit)".into(),
                    kind: LineKind::Note,
                });
                self.reading_messages = true;
            }
            let kind = if reply.is_error() {
                LineKind::Error
            } else {
                LineKind::Output
            };
            // A million-element reply is not formatted in full: the terminal shows the
            // first ones and says how many it left out.
            let (reply, left_out) = clip(reply, MAX_ELEMENTS);
            let reply = reply.unpacked();
            let text = cli::format_reply(&self.last_argv, &reply, resp);
            lines.extend(output_lines(&text, kind));
            if left_out > 0 {
                lines.push(Line {
                    text: format!(
                        "... {left_out} more elements not shown (the terminal shows the first {MAX_ELEMENTS})"
                    ),
                    kind: LineKind::Note,
                });
            }
            if answer && i == 0 && self.record_ran {
                self.record(engine, &reply, text, resp);
            }
        }
        if !self.subscribed(engine) {
            self.reading_messages = false;
        }
    }

    /// Notes the command `last_argv` as run, with its reply (see `Ran`).
    fn record(&mut self, engine: &Engine, reply: &Reply, printed: String, resp: u8) {
        let argv = self.last_argv.clone();
        let name = argv.first().map(|n| n.to_ascii_uppercase()).unwrap_or_default();
        let in_multi = engine.client(self.client).is_some_and(|c| c.multi.is_some());
        if in_multi && matches!(reply, Reply::Status(s) if s == "QUEUED") {
            self.queued.push(argv);
            return;
        }
        let trim = |mut text: String| {
            if text.ends_with('\n') {
                text.pop();
            }
            text
        };
        match name.as_slice() {
            b"EXEC" => {
                if let Reply::Array(items) = reply {
                    for (queued, item) in std::mem::take(&mut self.queued).into_iter().zip(items) {
                        self.ran.push(Ran {
                            reply: trim(cli::format_reply(&queued, item, resp)),
                            error: item.is_error(),
                            argv: queued,
                        });
                    }
                }
                self.queued.clear();
            }
            b"DISCARD" | b"RESET" => self.queued.clear(),
            _ => {}
        }
        self.ran.push(Ran {
            reply: trim(printed),
            error: reply.is_error(),
            argv,
        });
    }

    /// Ctrl+C: leaves subscribed mode or abandons a blocking command, as quitting
    /// redis-cli and starting it again would (the connection is reset).
    pub fn interrupt(&mut self, engine: &mut Engine, now: i64) -> Vec<Line> {
        let busy = self.waiting || self.subscribed(engine);
        if !busy {
            return Vec::new();
        }
        engine.execute(self.client, vec![b"RESET".to_vec()], now);
        engine.take_replies(self.client);
        self.waiting = false;
        self.reading_messages = false;
        vec![Line {
            text: "^C".into(),
            kind: LineKind::Note,
        }]
    }

    /// redis-cli's HELP: `HELP`, `HELP <command>`, `HELP @<group>`.
    pub fn help(&self, args: &[Vec<u8>]) -> Vec<Line> {
        let note = |t: &str| Line {
            text: t.to_string(),
            kind: LineKind::Output,
        };
        let Some(topic) = args.first() else {
            return [
                format!("redis-cli {}", keyspace_engine::REDIS_VERSION),
                "To get help about Redis commands type:".into(),
                "      \"help @<group>\" to get a list of commands in <group>".into(),
                "      \"help <command>\" for help on <command>".into(),
                "      \"help <tab>\" to get a list of possible help topics".into(),
                "      \"quit\" to exit".into(),
                "".into(),
                "To set redis-cli preferences:".into(),
                "      \":set hints\" enable online hints".into(),
                "      \":set nohints\" disable online hints".into(),
                "Set your preferences in ~/.redisclirc".into(),
            ]
            .iter()
            .map(|t| note(t))
            .collect();
        };
        let topic = String::from_utf8_lossy(topic).to_ascii_lowercase();
        let mut lines = Vec::new();
        let describe = |lines: &mut Vec<Line>, name: &str, spec: &table::CommandSpec| {
            lines.push(note(""));
            lines.push(note(
                format!("  {} {}", name.to_ascii_uppercase(), spec.syntax).trim_end(),
            ));
            lines.push(note(&format!("  summary: {}", spec.summary)));
            lines.push(note(&format!("  since: {}", spec.since)));
            lines.push(note(&format!("  group: {}", spec.group)));
        };
        if let Some(group) = topic.strip_prefix('@') {
            for spec in table::all() {
                if spec.group == group && spec.subcommands.is_empty() {
                    describe(&mut lines, spec.name, spec);
                }
                for sub in spec
                    .subcommands
                    .iter()
                    .filter(|s| s.group == group && spec.group == group)
                {
                    describe(&mut lines, &format!("{} {}", spec.name, sub.name), sub);
                }
            }
        } else if let Some(spec) = table::lookup(topic.as_bytes()) {
            match args.get(1).and_then(|s| spec.subcommand(s)) {
                Some(sub) => describe(&mut lines, &format!("{} {}", spec.name, sub.name), sub),
                None if spec.is_container() => {
                    for sub in spec.subcommands {
                        describe(&mut lines, &format!("{} {}", spec.name, sub.name), sub);
                    }
                }
                None => describe(&mut lines, spec.name, spec),
            }
        }
        lines
    }
}

/// Splits a syntax string into top-level argument tokens (brackets kept together).
fn syntax_tokens(syntax: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut depth = 0i32;
    let mut current = String::new();
    for c in syntax.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            ' ' if depth == 0 => {
                if !current.is_empty() {
                    tokens.push(std::mem::take(&mut current));
                }
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    tokens
}

/// The grey hint redis-cli shows after what was typed: the arguments still to come.
pub fn hint(line: &str) -> Option<String> {
    let ends_with_space = line.ends_with(' ');
    let argv = keyspace_engine::sds::split_args(line.as_bytes())?;
    let name = argv.first()?;
    let spec = table::lookup(name)?;
    let (spec, typed) = match (spec.is_container(), argv.get(1)) {
        (true, Some(sub)) => (spec.subcommand(sub)?, argv.len() - 2),
        (true, None) => {
            let subs: Vec<String> = spec.subcommands.iter().map(|s| s.name.to_ascii_uppercase()).collect();
            return Some(format!("{}{}", if ends_with_space { "" } else { " " }, subs.join("|")));
        }
        (false, _) => (spec, argv.len() - 1),
    };
    // An argument still being typed does not count yet.
    let done = if ends_with_space {
        typed
    } else {
        typed.saturating_sub(1)
    };
    if !ends_with_space && typed > 0 {
        return None;
    }
    let tokens = syntax_tokens(spec.syntax);
    let mut skip = 0;
    let mut left = done;
    // Positional arguments are consumed one by one; optional groups stay visible.
    while left > 0 && skip < tokens.len() && !tokens[skip].starts_with('[') {
        skip += 1;
        left -= 1;
    }
    let rest = tokens[skip..].join(" ");
    if rest.is_empty() {
        return None;
    }
    Some(if ends_with_space { rest } else { format!(" {rest}") })
}

/// Tab completion: command names (upper-case, as redis-cli completes), subcommands,
/// and the option words of the command's syntax.
pub fn complete(line: &str) -> Vec<String> {
    let words: Vec<&str> = line.split(' ').collect();
    let last = words.last().copied().unwrap_or("");
    let upper = last.to_ascii_uppercase();
    let prefix = &line[..line.len() - last.len()];
    let candidates: Vec<String> = if words.len() <= 1 {
        table::all().map(|s| s.name.to_ascii_uppercase()).collect()
    } else {
        match table::lookup(words[0].as_bytes()) {
            Some(spec) if spec.is_container() && words.len() == 2 => {
                spec.subcommands.iter().map(|s| s.name.to_ascii_uppercase()).collect()
            }
            Some(spec) => {
                let syntax = match (
                    spec.is_container(),
                    words.get(1).and_then(|w| spec.subcommand(w.as_bytes())),
                ) {
                    (true, Some(sub)) => sub.syntax,
                    _ => spec.syntax,
                };
                let mut words: Vec<String> = syntax
                    .split(|c: char| !c.is_ascii_alphanumeric() && c != '_' && c != '-')
                    .filter(|w| w.len() > 1 && w.chars().all(|c| c.is_ascii_uppercase() || c == '_' || c == '-'))
                    .map(String::from)
                    .collect();
                words.sort();
                words.dedup();
                words
            }
            None => Vec::new(),
        }
    };
    let keep = |c: &String| {
        if upper.is_empty() {
            words.len() > 1
        } else {
            c.starts_with(&upper)
        }
    };
    let mut out: Vec<String> = candidates
        .into_iter()
        .filter(keep)
        .map(|c| format!("{prefix}{c}"))
        .collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session() -> (Engine, Repl) {
        let mut engine = Engine::new(1, 1_000);
        let client = engine.connect(1_000);
        (engine, Repl::new(client))
    }

    fn texts(o: &Outcome) -> Vec<&str> {
        o.lines.iter().map(|l| l.text.as_str()).collect()
    }

    #[test]
    fn prints_like_redis_cli_with_its_prompt() {
        let (mut e, mut r) = session();
        assert_eq!(
            texts(&r.submit(&mut e, "SET k v", 1_000)),
            vec!["127.0.0.1:6379> SET k v", "OK"]
        );
        assert_eq!(
            texts(&r.submit(&mut e, "get k", 1_000)),
            vec!["127.0.0.1:6379> get k", "\"v\""]
        );
        r.submit(&mut e, "SELECT 3", 1_000);
        assert_eq!(r.prompt(&e), "127.0.0.1:6379[3]> ");
        r.submit(&mut e, "MULTI", 1_000);
        assert_eq!(r.prompt(&e), "127.0.0.1:6379[3](TX)> ");
        let o = r.submit(&mut e, "INCR nope nope", 1_000);
        assert_eq!(o.lines[1].kind, LineKind::Error);
    }

    /// As redis-cli 7.0 in a terminal: the command after a server-side close fails with
    /// the error, the prompt says `not connected`, the next command connects again.
    #[test]
    fn a_killed_connection_reconnects_like_redis_cli() {
        let (mut e, mut r) = session();
        let admin = e.connect(1_000);
        r.submit(&mut e, "CLIENT SETNAME victim", 1_000);
        e.call(
            admin,
            b"CLIENT KILL SKIPME yes"
                .split(|&b| b == b' ')
                .map(<[u8]>::to_vec)
                .collect(),
            1_000,
        );
        assert_eq!(
            texts(&r.submit(&mut e, "PING", 1_000)),
            vec!["127.0.0.1:6379> PING", "Error: Server closed the connection"]
        );
        assert_eq!(r.prompt(&e), "not connected> ");
        assert_eq!(
            texts(&r.submit(&mut e, "CLIENT GETNAME", 1_000)),
            vec!["not connected> CLIENT GETNAME", "(nil)"]
        );
        assert_eq!(r.prompt(&e), "127.0.0.1:6379> ");
    }

    /// After AUTH the prompt is unchanged, as in redis-cli.
    #[test]
    fn auth_leaves_the_prompt_alone() {
        let (mut e, mut r) = session();
        r.submit(&mut e, "ACL SETUSER app on >pw ~app:* +get", 1_000);
        assert_eq!(
            texts(&r.submit(&mut e, "AUTH app pw", 1_000)),
            vec!["127.0.0.1:6379> AUTH app pw", "OK"]
        );
        assert_eq!(r.prompt(&e), "127.0.0.1:6379> ");
        assert_eq!(
            texts(&r.submit(&mut e, "SET app:1 v", 1_000)),
            vec![
                "127.0.0.1:6379> SET app:1 v",
                "(error) NOPERM this user has no permissions to run the 'set' command"
            ]
        );
    }

    #[test]
    fn repeat_prefix_and_invalid_lines() {
        let (mut e, mut r) = session();
        assert_eq!(
            texts(&r.submit(&mut e, "3 INCR c", 1_000)),
            vec!["127.0.0.1:6379> 3 INCR c", "(integer) 1", "(integer) 2", "(integer) 3"]
        );
        assert_eq!(
            texts(&r.submit(&mut e, "0 PING", 1_000))[1],
            "Invalid redis-cli repeat command option value."
        );
        assert_eq!(
            texts(&r.submit(&mut e, "SET k \"open", 1_000))[1],
            "Invalid argument(s)"
        );
        assert!(r.submit(&mut e, "clear", 1_000).clear);
    }

    #[test]
    fn subscribed_mode_and_interrupt() {
        let (mut e, mut r) = session();
        let o = r.submit(&mut e, "SUBSCRIBE news", 1_000);
        assert_eq!(texts(&o)[1], "Reading messages... (press Ctrl-C to quit)");
        assert_eq!(&texts(&o)[2..], &["1) \"subscribe\"", "2) \"news\"", "3) (integer) 1"]);
        let other = e.connect(1_000);
        e.execute(
            other,
            vec![b"PUBLISH".to_vec(), b"news".to_vec(), b"hi".to_vec()],
            1_000,
        );
        let lines: Vec<String> = r.poll(&mut e, 1_000).into_iter().map(|l| l.text).collect();
        assert_eq!(lines, vec!["1) \"message\"", "2) \"news\"", "3) \"hi\""]);
        assert_eq!(r.interrupt(&mut e, 1_000)[0].text, "^C");
        assert!(!r.subscribed(&e));
    }

    #[test]
    fn a_blocking_command_answers_later_with_its_duration() {
        let (mut e, mut r) = session();
        let o = r.submit(&mut e, "BLPOP q 0", 1_000);
        assert_eq!(o.lines.len(), 1);
        assert!(r.waiting);
        let other = e.connect(1_000);
        e.execute(other, vec![b"RPUSH".to_vec(), b"q".to_vec(), b"job".to_vec()], 3_500);
        let lines: Vec<String> = r.poll(&mut e, 3_500).into_iter().map(|l| l.text).collect();
        assert_eq!(lines, vec!["1) \"q\"", "2) \"job\"", "(2.50s)"]);
    }

    #[test]
    fn help_answers_from_the_command_table() {
        let (_, r) = session();
        let lines: Vec<String> = r.help(&[b"set".to_vec()]).into_iter().map(|l| l.text).collect();
        assert!(lines[1].starts_with("  SET key value [NX|XX]"));
        assert_eq!(lines[3], "  since: 1.0.0");
        assert_eq!(lines[4], "  group: string");
        assert!(r
            .help(&[b"@hyperloglog".to_vec()])
            .iter()
            .any(|l| l.text.starts_with("  PFADD")));
        // Groups are named as COMMAND DOCS names them (redis-cli reads them from there).
        assert!(r
            .help(&[b"@sorted-set".to_vec()])
            .iter()
            .any(|l| l.text.starts_with("  ZADD")));
    }

    #[test]
    fn hints_show_the_arguments_still_to_come() {
        assert_eq!(hint("SET").as_deref(), Some(" key value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]"));
        assert_eq!(hint("set k ").as_deref(), Some("value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]"));
        assert_eq!(hint("ZINCRBY vote 1 ").as_deref(), Some("member"));
        assert_eq!(hint("GET k "), None);
        assert_eq!(hint("nosuch "), None);
        assert!(hint("CONFIG").unwrap().contains("GET|SET"));
    }

    #[test]
    fn completion_knows_commands_subcommands_and_options() {
        assert!(complete("zinc").contains(&"ZINCRBY".to_string()));
        assert_eq!(complete("CONFIG G"), vec!["CONFIG GET".to_string()]);
        assert!(complete("SET k v E").contains(&"SET k v EX".to_string()));
        assert!(complete("SET k v E").contains(&"SET k v EXAT".to_string()));
    }
}
