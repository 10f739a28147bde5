//! The last resort when a page is left: a browser may abort IndexedDB transactions still
//! running when the document goes away, so whatever the store has not confirmed yet is
//! also written, synchronously, to localStorage ("spilled"). At the next start, entries
//! newer than the stored log's last chunk are applied after it (chunk keys grow, and
//! IndexedDB commits in creation order, so an entry whose key is not newer was stored or
//! replaced by a later rewrite), then the log is rewritten and the spill removed.

use std::rc::Rc;

/// One store operation not confirmed yet.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: String,
    /// A rewrite replaces everything before it; an append follows it.
    pub rewrite: bool,
    pub bytes: Rc<Vec<u8>>,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn slot(name: &str) -> String {
    format!("keyspace-aof-spill:{name}")
}

/// `A|R` + key + `:` + length + `:` + the bytes as chars U+0000..U+00FF, per entry.
pub fn encode(entries: &[Entry]) -> String {
    let mut out = String::new();
    for e in entries {
        out.push(if e.rewrite { 'R' } else { 'A' });
        out.push_str(&format!("{}:{}:", e.key, e.bytes.len()));
        out.extend(e.bytes.iter().map(|&b| b as char));
    }
    out
}

pub fn decode(text: &str) -> Option<Vec<Entry>> {
    let chars: Vec<char> = text.chars().collect();
    let mut entries = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let rewrite = match chars[i] {
            'R' => true,
            'A' => false,
            _ => return None,
        };
        let field = |from: usize| -> Option<(String, usize)> {
            let end = from + chars[from..].iter().position(|&c| c == ':')?;
            Some((chars[from..end].iter().collect(), end + 1))
        };
        let (key, next) = field(i + 1)?;
        let (len, next) = field(next)?;
        let len: usize = len.parse().ok()?;
        let data = chars.get(next..next + len)?;
        if data.iter().any(|&c| c as u32 > 0xff) {
            return None;
        }
        entries.push(Entry {
            key,
            rewrite,
            bytes: Rc::new(data.iter().map(|&c| c as u32 as u8).collect()),
        });
        i = next + len;
    }
    Some(entries)
}

/// Best effort: a full storage quota leaves only the IndexedDB attempt.
pub fn save(name: &str, entries: &[Entry]) {
    if let Some(s) = storage() {
        let _ = if entries.is_empty() {
            s.remove_item(&slot(name))
        } else {
            s.set_item(&slot(name), &encode(entries))
        };
    }
}

pub fn load(name: &str) -> Vec<Entry> {
    storage()
        .and_then(|s| s.get_item(&slot(name)).ok().flatten())
        .and_then(|text| decode(&text))
        .unwrap_or_default()
}

pub fn clear(name: &str) {
    save(name, &[]);
}

/// The log once the spilled entries newer than `last_key` are applied; whether any was.
pub fn apply(log: &mut Vec<u8>, last_key: &str, entries: &[Entry]) -> bool {
    let mut applied = false;
    for e in entries.iter().filter(|e| e.key.as_str() > last_key) {
        if e.rewrite {
            log.clear();
        }
        log.extend_from_slice(&e.bytes);
        applied = true;
    }
    applied
}
