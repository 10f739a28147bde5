//! The playground's model, host-independent: an engine, terminal tabs (each its own
//! client and redis-cli session with bounded scrollback), command history, and the
//! inspector's view of one database kept current from change events. The web app
//! renders this and feeds it keystrokes and clock ticks; everything here is tested
//! natively.

use std::collections::BTreeMap;

use crate::aof::{self, AofWriter, LoadError, LoadReport};
use crate::engine::Engine;
use crate::inspect::{self, KeySummary};
use crate::repl::{Line, LineKind, Repl};

/// At most this many lines are kept per terminal; a single reply longer than
/// `MAX_REPLY_LINES` is cut with a note saying how much was left out.
pub const MAX_SCROLLBACK: usize = 5_000;
pub const MAX_REPLY_LINES: usize = 2_000;
const MAX_HISTORY: usize = 1_000;

pub struct Tab {
    pub name: String,
    pub repl: Repl,
    pub lines: Vec<Line>,
}

/// Command history shared by the terminals, with redis-cli's navigation.
#[derive(Default, Clone, Debug)]
pub struct History {
    entries: Vec<String>,
    /// Position while browsing with Up/Down (None: editing a new line).
    cursor: Option<usize>,
}

impl History {
    pub fn from_entries(entries: Vec<String>) -> History {
        History { entries, cursor: None }
    }

    pub fn entries(&self) -> &[String] {
        &self.entries
    }

    pub fn push(&mut self, line: &str) {
        self.cursor = None;
        if line.trim().is_empty() || self.entries.last().is_some_and(|l| l == line) {
            return;
        }
        self.entries.push(line.to_string());
        if self.entries.len() > MAX_HISTORY {
            self.entries.remove(0);
        }
    }

    pub fn up(&mut self) -> Option<&str> {
        if self.entries.is_empty() {
            return None;
        }
        let next = match self.cursor {
            None => self.entries.len() - 1,
            Some(0) => 0,
            Some(i) => i - 1,
        };
        self.cursor = Some(next);
        Some(&self.entries[next])
    }

    /// Down past the newest entry returns to an empty line.
    pub fn down(&mut self) -> Option<&str> {
        match self.cursor {
            Some(i) if i + 1 < self.entries.len() => {
                self.cursor = Some(i + 1);
                Some(&self.entries[i + 1])
            }
            _ => {
                self.cursor = None;
                Some("")
            }
        }
    }

    /// Ctrl+R: the newest entry containing `needle`, older than entry `before`.
    pub fn search(&self, needle: &str, before: Option<usize>) -> Option<(usize, &str)> {
        let end = before.unwrap_or(self.entries.len()).min(self.entries.len());
        self.entries[..end]
            .iter()
            .enumerate()
            .rev()
            .find(|(_, e)| e.contains(needle))
            .map(|(i, e)| (i, e.as_str()))
    }
}

pub struct Playground {
    pub engine: Engine,
    pub tabs: Vec<Tab>,
    pub history: History,
    /// The database the inspector shows, and its keys by name.
    pub inspected_db: usize,
    pub keys: BTreeMap<Vec<u8>, KeySummary>,
    /// Keys named by the last command's events (highlighted).
    pub touched: Vec<Vec<u8>>,
    /// Keys just removed (deleted or expired) and when, so a view can fade them out.
    pub removed: Vec<(KeySummary, i64)>,
    /// The append-only file's writer and the bytes not handed to the store yet
    /// (None while persistence is off).
    aof: Option<(AofWriter, Vec<u8>)>,
    next_tab: usize,
}

impl Playground {
    pub fn new(seed: u64, now: i64) -> Playground {
        let mut engine = Engine::new(seed, now);
        engine.observe_keyspace(true);
        let mut p = Playground {
            engine,
            tabs: Vec::new(),
            history: History::default(),
            inspected_db: 0,
            keys: BTreeMap::new(),
            touched: Vec::new(),
            removed: Vec::new(),
            aof: None,
            next_tab: 1,
        };
        p.open_tab(now);
        p
    }

    /// A new terminal tab: a new client connection.
    pub fn open_tab(&mut self, now: i64) -> usize {
        let client = self.engine.connect(now);
        self.tabs.push(Tab {
            name: format!("Client {}", self.next_tab),
            repl: Repl::new(client),
            lines: Vec::new(),
        });
        self.next_tab += 1;
        self.tabs.len() - 1
    }

    pub fn close_tab(&mut self, index: usize) {
        if self.tabs.len() <= 1 || index >= self.tabs.len() {
            return;
        }
        let tab = self.tabs.remove(index);
        self.engine.disconnect(tab.repl.client);
        self.poll_all(0);
    }

    pub fn prompt(&self, tab: usize) -> String {
        self.tabs
            .get(tab)
            .map(|t| t.repl.prompt(&self.engine))
            .unwrap_or_default()
    }

    /// Runs a typed line in a tab.
    pub fn submit(&mut self, tab: usize, line: &str, now: i64) {
        if tab >= self.tabs.len() {
            return;
        }
        self.history.push(line);
        let outcome = self.tabs[tab].repl.submit(&mut self.engine, line, now);
        if outcome.clear {
            self.tabs[tab].lines.clear();
        } else {
            append(&mut self.tabs[tab].lines, outcome.lines);
        }
        self.poll_all(now);
        self.apply_events(now);
        // redis-cli follows SELECT; so does the inspector, for the tab typing.
        let db = self.engine.client(self.tabs[tab].repl.client).map_or(0, |c| c.db);
        if db != self.inspected_db {
            self.inspect_db(db, now);
        }
    }

    pub fn interrupt(&mut self, tab: usize, now: i64) {
        if let Some(t) = self.tabs.get_mut(tab) {
            let lines = t.repl.interrupt(&mut self.engine, now);
            append(&mut t.lines, lines);
        }
        self.apply_events(now);
    }

    /// How long a removed key stays visible (fading) in the inspector.
    pub const FADE_MS: i64 = 700;

    /// The clock moved: active expiry, blocking time-outs, messages to other tabs.
    /// Returns whether anything visible changed.
    pub fn tick(&mut self, now: i64) -> bool {
        let fading = self.removed.len();
        self.removed.retain(|(_, at)| now - at < Self::FADE_MS);
        self.engine.tick(now);
        let printed = self.poll_all(now);
        let changed = self.apply_events(now);
        printed || changed || fading != self.removed.len()
    }

    fn poll_all(&mut self, now: i64) -> bool {
        let mut any = false;
        for tab in &mut self.tabs {
            let lines = tab.repl.poll(&mut self.engine, now);
            any |= !lines.is_empty();
            append(&mut tab.lines, lines);
        }
        any
    }

    /// Updates the inspector from change events: only the keys they name.
    fn apply_events(&mut self, now: i64) -> bool {
        let events = self.engine.take_events();
        if events.is_empty() {
            return false;
        }
        self.touched.clear();
        let mut rebuild = false;
        for ev in events.iter().filter(|e| e.db == self.inspected_db) {
            if ev.event == "swapdb" {
                rebuild = true;
                continue;
            }
            match inspect::summarize(&self.engine, ev.db, &ev.key, now) {
                Some(summary) => {
                    self.keys.insert(ev.key.clone(), summary);
                }
                None => {
                    if let Some(gone) = self.keys.remove(&ev.key) {
                        self.removed.push((gone, now));
                    }
                }
            }
            if !self.touched.contains(&ev.key) {
                self.touched.push(ev.key.clone());
            }
        }
        if rebuild {
            self.inspect_db(self.inspected_db, now);
        }
        true
    }

    /// Replays a stored AOF (before anything is typed), then records every write.
    pub fn restore(&mut self, log: &[u8], now: i64) -> Result<LoadReport, LoadError> {
        let report = aof::load(&mut self.engine, log, now)?;
        self.inspect_db(self.inspected_db, now);
        Ok(report)
    }

    /// Starts recording writes in AOF form for the host to store.
    pub fn enable_aof(&mut self) {
        self.engine.record_propagation(true);
        self.aof = Some((AofWriter::new(), Vec::new()));
    }

    /// The AOF bytes written since the last call (what the host appends to its store).
    pub fn take_aof(&mut self) -> Vec<u8> {
        let records = self.engine.take_propagated();
        match self.aof.as_mut() {
            Some((writer, pending)) => {
                writer.feed(&records, pending);
                std::mem::take(pending)
            }
            None => Vec::new(),
        }
    }

    /// A compact base that recreates the keyspace; the next appended bytes select their
    /// database again, as after a Redis rewrite.
    pub fn rewrite_aof(&mut self, now: i64) -> Vec<u8> {
        // Writes not stored yet are part of the keyspace the rewrite reads.
        self.take_aof();
        if let Some((writer, _)) = self.aof.as_mut() {
            writer.reset();
        }
        aof::rewrite(&self.engine, now)
    }

    /// Shows another database in the inspector (a full read, once).
    pub fn inspect_db(&mut self, db: usize, now: i64) {
        self.inspected_db = db;
        let (keys, _) = inspect::list_keys(&self.engine, db, b"*", now, usize::MAX);
        self.keys = keys.into_iter().map(|k| (k.key.clone(), k)).collect();
        self.touched.clear();
        self.removed.clear();
    }
}

/// Appends output, cutting an overlong reply and the oldest scrollback.
fn append(buffer: &mut Vec<Line>, mut lines: Vec<Line>) {
    // The echoed command line does not count against the reply's limit.
    let limit = MAX_REPLY_LINES + lines.iter().take_while(|l| l.kind == LineKind::Input).count();
    if lines.len() > limit {
        let left_out = lines.len() - limit;
        lines.truncate(limit);
        lines.push(Line {
            text: format!(
                "... {left_out} more lines not shown (the terminal keeps replies to {MAX_REPLY_LINES} lines)"
            ),
            kind: LineKind::Note,
        });
    }
    buffer.extend(lines);
    if buffer.len() > MAX_SCROLLBACK {
        let excess = buffer.len() - MAX_SCROLLBACK;
        buffer.drain(..excess);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_inspector_follows_writes_expiry_and_select() {
        let mut p = Playground::new(1, 1_000);
        p.submit(0, "SET a 1", 1_000);
        p.submit(0, "SET t v PX 100", 1_000);
        assert_eq!(p.keys.len(), 2);
        assert_eq!(p.touched, vec![b"t".to_vec()]);
        assert!(p.tick(1_100), "the key expired by itself");
        assert_eq!(p.keys.keys().collect::<Vec<_>>(), vec![&b"a".to_vec()]);
        assert_eq!(p.removed.len(), 1, "it fades out");
        p.tick(1_100 + Playground::FADE_MS);
        assert!(p.removed.is_empty());
        p.submit(0, "SELECT 2", 1_100);
        assert_eq!(p.inspected_db, 2);
        assert!(p.keys.is_empty());
        p.submit(0, "SET in2 x", 1_100);
        p.submit(0, "SWAPDB 2 0", 1_100);
        assert_eq!(p.keys.keys().collect::<Vec<_>>(), vec![&b"a".to_vec()]);
    }

    #[test]
    fn tabs_are_separate_clients() {
        let mut p = Playground::new(1, 1_000);
        let second = p.open_tab(1_000);
        p.submit(0, "SUBSCRIBE news", 1_000);
        p.submit(second, "PUBLISH news hello", 1_000);
        let last: Vec<&str> = p.tabs[0].lines.iter().rev().take(3).map(|l| l.text.as_str()).collect();
        assert_eq!(last, vec!["3) \"hello\"", "2) \"news\"", "1) \"message\""]);
        assert_eq!(p.tabs[second].lines.last().unwrap().text, "(integer) 1");
    }

    #[test]
    fn huge_replies_are_cut_with_a_note() {
        let mut p = Playground::new(1, 1_000);
        let values: Vec<String> = (0..3_000).map(|i| i.to_string()).collect();
        p.submit(0, &format!("RPUSH big {}", values.join(" ")), 1_000);
        p.submit(0, "LRANGE big 0 -1", 1_000);
        let lines = &p.tabs[0].lines;
        assert!(lines
            .last()
            .unwrap()
            .text
            .starts_with("... 2000 more elements not shown"));
        assert!(lines.len() < 1_100);
        // Replies of many lines but few elements are cut by lines.
        let mut buffer = Vec::new();
        let many: Vec<Line> = (0..2_500)
            .map(|i| Line {
                text: i.to_string(),
                kind: LineKind::Output,
            })
            .collect();
        append(&mut buffer, many);
        assert_eq!(buffer.len(), MAX_REPLY_LINES + 1);
        assert!(buffer.last().unwrap().text.starts_with("... 500 more lines not shown"));
    }

    #[test]
    fn a_million_element_reply_is_clipped_before_formatting() {
        let mut p = Playground::new(1, 1_000);
        let id = p.tabs[0].repl.client;
        let mut argv = vec![b"RPUSH".to_vec(), b"huge".to_vec()];
        argv.extend((0..1_000_000u32).map(|i| i.to_le_bytes().to_vec()));
        p.engine.execute(id, argv, 1_000);
        p.engine.take_replies(id);
        let started = std::time::Instant::now();
        p.submit(0, "LRANGE huge 0 -1", 1_000);
        let lines = &p.tabs[0].lines;
        assert_eq!(
            lines.last().unwrap().text,
            "... 999000 more elements not shown (the terminal shows the first 1000)"
        );
        assert!(lines.len() <= 1_002);
        // Generous bound for a debug build; the point is that nothing formats a million lines.
        assert!(started.elapsed().as_secs() < 5, "took {:?}", started.elapsed());
    }

    #[test]
    fn writes_survive_a_restore_from_the_aof() {
        let mut p = Playground::new(1, 1_000);
        p.enable_aof();
        p.submit(0, "SET k v EX 100", 1_000);
        p.submit(0, "SELECT 2", 1_000);
        p.submit(0, "RPUSH q a b", 1_000);
        let mut log = p.take_aof();
        assert!(p.take_aof().is_empty(), "handed over once");
        p.submit(0, "LPOP q", 2_000);
        log.extend(p.take_aof());
        let mut fresh = Playground::new(2, 3_000);
        let report = fresh.restore(&log, 3_000).unwrap();
        assert_eq!(report.commands, 5);
        assert_eq!(fresh.engine.key_counts()[0], 1);
        assert_eq!(fresh.engine.key_counts()[2], 1);
        let c = fresh.tabs[0].repl.client;
        assert_eq!(
            fresh.engine.call(c, vec![b"PTTL".to_vec(), b"k".to_vec()], 3_000),
            vec![crate::Reply::Int(98_000)]
        );
        let base = p.rewrite_aof(3_000);
        let mut again = Playground::new(3, 3_000);
        again.restore(&base, 3_000).unwrap();
        assert_eq!(again.engine.key_counts(), fresh.engine.key_counts());
    }

    #[test]
    fn history_navigates_and_searches() {
        let mut h = History::default();
        for l in ["SET a 1", "GET a", "GET a", "INCR c"] {
            h.push(l);
        }
        assert_eq!(h.entries(), &["SET a 1", "GET a", "INCR c"]);
        assert_eq!(h.up(), Some("INCR c"));
        assert_eq!(h.up(), Some("GET a"));
        assert_eq!(h.down(), Some("INCR c"));
        assert_eq!(h.down(), Some(""));
        assert_eq!(h.search("a", None), Some((1, "GET a")));
        assert_eq!(h.search("a", Some(1)), Some((0, "SET a 1")));
        assert_eq!(h.search("zz", None), None);
    }
}
