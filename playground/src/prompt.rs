//! A terminal's prompt line as redis-cli's (linenoise's) keys drive it, host-independent:
//! what is typed, Up/Down through the history, Tab cycling through completions, Ctrl+R's
//! reverse search, and the keys that act on the session (Enter, Ctrl+C, Ctrl+L). The web
//! terminal only turns browser events into `Key`s and carries out the `KeyAction`.

use crate::history::History;

/// Ctrl+R's state: what is searched and which history entry matched.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Search {
    pub needle: String,
    pub found: Option<(usize, String)>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Prompt {
    /// The line being typed.
    pub input: String,
    /// Ctrl+R in progress.
    pub search: Option<Search>,
    /// Tab: the line it completed, its candidates and the one shown.
    completion: (String, Vec<String>, usize),
}

/// A key press: its `KeyboardEvent.key` name and whether Ctrl (or Cmd) was held.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key<'a> {
    pub name: &'a str,
    pub ctrl: bool,
}

/// What the terminal does after a key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyAction {
    /// The key is not the prompt's: let the browser have it.
    Ignored,
    /// The prompt changed (or the key did nothing): the browser's default is prevented.
    Handled,
    /// Run this line.
    Submit(String),
    /// Ctrl+C: stop a paste, a blocking command or a subscription.
    Interrupt,
    /// Ctrl+L: empty the screen.
    ClearScreen,
}

impl Prompt {
    /// Text typed into the field: the line, or (searching) the needle.
    pub fn typed(&mut self, value: String, history: &History) {
        match &mut self.search {
            Some(search) => {
                search.found = history.search(&value, None).map(|(i, s)| (i, s.to_string()));
                search.needle = value;
            }
            None => self.input = value,
        }
    }

    /// A key press.
    pub fn key(&mut self, key: Key, history: &mut History) -> KeyAction {
        if let Some(search) = self.search.clone() {
            return self.search_key(search, key, history);
        }
        match (key.ctrl, key.name) {
            (false, "Enter") => KeyAction::Submit(std::mem::take(&mut self.input)),
            (false, "ArrowUp") => {
                if let Some(line) = history.up() {
                    self.input = line.to_string();
                }
                KeyAction::Handled
            }
            (false, "ArrowDown") => {
                if let Some(line) = history.down() {
                    self.input = line.to_string();
                }
                KeyAction::Handled
            }
            (false, "Tab") => {
                // Repeated Tab cycles through the candidates, as redis-cli does.
                let (_, candidates, index) = &mut self.completion;
                let cycling = !candidates.is_empty() && candidates.get(*index) == Some(&self.input);
                if cycling {
                    *index = (*index + 1) % candidates.len();
                } else {
                    self.completion = (self.input.clone(), crate::repl::complete(&self.input), 0);
                }
                if let Some(choice) = self.completion.1.get(self.completion.2) {
                    self.input = choice.clone();
                }
                KeyAction::Handled
            }
            (true, "l") => KeyAction::ClearScreen,
            (true, "c") => {
                self.input.clear();
                KeyAction::Interrupt
            }
            (true, "r") => {
                self.search = Some(Search::default());
                KeyAction::Handled
            }
            _ => KeyAction::Ignored,
        }
    }

    fn search_key(&mut self, search: Search, key: Key, history: &History) -> KeyAction {
        match (key.ctrl, key.name) {
            (true, "r") => {
                // The next older match, if there is one.
                let before = search.found.as_ref().map(|(i, _)| *i);
                let found = history.search(&search.needle, before).map(|(i, s)| (i, s.to_string()));
                if found.is_some() {
                    self.search = Some(Search {
                        needle: search.needle,
                        found,
                    });
                }
                KeyAction::Handled
            }
            (false, name @ ("Enter" | "Escape" | "ArrowLeft" | "ArrowRight")) => {
                let accepted = search.found.map(|(_, s)| s).unwrap_or_default();
                self.search = None;
                match name {
                    "Escape" => KeyAction::Handled,
                    "Enter" if !accepted.is_empty() => {
                        self.input.clear();
                        KeyAction::Submit(accepted)
                    }
                    _ => {
                        self.input = accepted;
                        KeyAction::Handled
                    }
                }
            }
            (true, "c" | "g") => {
                self.search = None;
                KeyAction::Handled
            }
            _ => KeyAction::Ignored,
        }
    }

    /// What precedes the field: the prompt, or the search's label.
    pub fn label(&self, prompt: &str) -> String {
        match &self.search {
            Some(s) => format!("(reverse-i-search)`{}': ", s.needle),
            None => prompt.to_string(),
        }
    }

    /// What the field holds: the line, or the needle being searched.
    pub fn field(&self) -> &str {
        match &self.search {
            Some(s) => &s.needle,
            None => &self.input,
        }
    }

    /// The grey hint after the line (none while searching).
    pub fn hint(&self) -> Option<String> {
        match self.search {
            Some(_) => None,
            None => crate::repl::hint(&self.input),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(name: &str) -> Key<'_> {
        Key { name, ctrl: false }
    }

    fn ctrl(name: &str) -> Key<'_> {
        Key { name, ctrl: true }
    }

    fn history() -> History {
        History::from_entries(vec!["SET a 1".into(), "GET a".into(), "INCR hits".into()])
    }

    #[test]
    fn enter_submits_and_arrows_walk_the_history() {
        let (mut p, mut h) = (Prompt::default(), history());
        p.typed("PING".into(), &h);
        assert_eq!(p.key(key("Enter"), &mut h), KeyAction::Submit("PING".into()));
        assert_eq!(p.input, "");
        p.key(key("ArrowUp"), &mut h);
        assert_eq!(p.input, "INCR hits");
        p.key(key("ArrowUp"), &mut h);
        assert_eq!(p.input, "GET a");
        p.key(key("ArrowDown"), &mut h);
        p.key(key("ArrowDown"), &mut h);
        assert_eq!(p.input, "", "past the newest: an empty line");
        assert_eq!(p.key(key("x"), &mut h), KeyAction::Ignored, "typing is the field's");
    }

    #[test]
    fn tab_completes_and_cycles_like_redis_cli() {
        let (mut p, mut h) = (Prompt::default(), history());
        p.typed("zinc".into(), &h);
        assert_eq!(p.key(key("Tab"), &mut h), KeyAction::Handled);
        assert_eq!(p.input, "ZINCRBY");
        p.typed("SET k v E".into(), &h);
        p.key(key("Tab"), &mut h);
        let first = p.input.clone();
        p.key(key("Tab"), &mut h);
        assert_ne!(p.input, first, "Tab again shows the next candidate");
        assert!(p.input.starts_with("SET k v E"));
        assert_eq!(p.hint(), None, "a complete option word shows no hint");
    }

    #[test]
    fn ctrl_r_searches_backwards_and_enter_runs_the_match() {
        let (mut p, mut h) = (Prompt::default(), history());
        assert_eq!(p.key(ctrl("r"), &mut h), KeyAction::Handled);
        p.typed("a".into(), &h);
        assert_eq!(p.label("> "), "(reverse-i-search)`a': ");
        assert_eq!(p.search.as_ref().unwrap().found, Some((1, "GET a".into())));
        p.key(ctrl("r"), &mut h);
        assert_eq!(p.search.as_ref().unwrap().found, Some((0, "SET a 1".into())), "older");
        assert_eq!(p.key(key("Enter"), &mut h), KeyAction::Submit("SET a 1".into()));
        assert!(p.search.is_none());
        // Escape leaves the search and keeps the line as it was; an arrow takes the match.
        p.input = "typed".into();
        p.key(ctrl("r"), &mut h);
        p.typed("INCR".into(), &h);
        p.key(key("Escape"), &mut h);
        assert_eq!(p.input, "typed");
        p.key(ctrl("r"), &mut h);
        p.typed("INCR".into(), &h);
        p.key(key("ArrowRight"), &mut h);
        assert_eq!(p.input, "INCR hits");
    }

    #[test]
    fn ctrl_c_and_ctrl_l_act_on_the_session() {
        let (mut p, mut h) = (Prompt::default(), history());
        p.typed("half a line".into(), &h);
        assert_eq!(p.key(ctrl("c"), &mut h), KeyAction::Interrupt);
        assert_eq!(p.input, "", "Ctrl+C drops the line, as redis-cli does");
        assert_eq!(p.key(ctrl("l"), &mut h), KeyAction::ClearScreen);
        p.key(ctrl("r"), &mut h);
        assert_eq!(
            p.key(ctrl("c"), &mut h),
            KeyAction::Handled,
            "in a search it only ends the search"
        );
        assert!(p.search.is_none());
    }
}
