//! Command history shared by the terminals, with redis-cli's navigation (Up/Down,
//! Ctrl+R).

const MAX_HISTORY: usize = 1_000;

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

#[cfg(test)]
mod tests {
    use super::*;

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
