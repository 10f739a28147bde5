//! Message catalogues: the interface's strings in one file per language
//! (`web/i18n/<code>.ftl`), written in a subset of Project Fluent's syntax so that
//! translators and their tools read them as Fluent:
//!
//! ```text
//! # A comment.
//! lesson-next = Next
//! lesson-step-label = Step { $n }: { $title }
//! lesson-steps = { $done }/{ $total } { $total ->
//!     [one] step
//!    *[other] steps
//! }
//! ```
//!
//! A message is an identifier, `=`, and its pattern: text, `{ $variable }`, a string
//! literal `{ "{" }`, and a select expression on a variable whose variants are exact
//! values (`[0]`, `[paused]`) or plural categories (`[one]`, `[few]`, `[many]`,
//! `[other]`, chosen by CLDR's rules for the language: `Lang::plural`), one marked `*`
//! as the default. Indented lines continue a pattern. Anything else of Fluent (terms,
//! attributes, functions, nested selects) is refused with the line it is on: a
//! catalogue either means what it says or does not load.
//!
//! Why not the `fluent-bundle` crate: it brings `intl_pluralrules`, `unic-langid` and an
//! ICU-style memoizer (tens of KB of wasm, the widget is over its size budget already)
//! for features five languages' UI strings do not use; the plural rules of these five
//! are four lines (`Lang::plural`).

use std::collections::HashMap;

use super::Lang;

/// A piece of a message's pattern.
#[derive(Clone, Debug, PartialEq)]
pub enum Piece {
    Text(String),
    Var(String),
    /// `{ $var -> [key] ... *[key] ... }`: the variants, and which one is the default.
    Select {
        var: String,
        variants: Vec<(String, Vec<Piece>)>,
        default: usize,
    },
}

/// A value given to a message's variable: text, or a number (which also picks plural
/// variants).
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    Text(String),
    Num(i64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_string())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Text(s.clone())
    }
}

macro_rules! arg_from_int {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Arg {
                Arg::Num(n as i64)
            }
        }
    )*};
}
arg_from_int!(i32, i64, u32, u64, usize);

/// One language's messages, by identifier.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Catalogue {
    messages: HashMap<String, Vec<Piece>>,
}

/// A parse error: the line (from 1) and what is wrong.
pub type ParseError = String;

impl Catalogue {
    /// Parses a catalogue; an error names the line and the construct refused.
    pub fn parse(text: &str) -> Result<Catalogue, ParseError> {
        let mut messages = HashMap::new();
        let lines: Vec<&str> = text.lines().collect();
        let mut i = 0;
        while i < lines.len() {
            let line = lines[i];
            let start = i + 1;
            i += 1;
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            if line.starts_with([' ', '\t']) {
                return Err(format!("line {start}: an indented line outside a message"));
            }
            let (id, first) = line
                .split_once('=')
                .ok_or(format!("line {start}: expected `identifier = pattern`"))?;
            let id = id.trim_end();
            if !is_identifier(id) {
                return Err(format!(
                    "line {start}: `{id}` is not a message identifier (terms and attributes are not supported)"
                ));
            }
            // The pattern: the rest of this line, then its indented continuation lines
            // (blank lines inside are kept when more indented lines follow).
            let mut body = vec![first.trim_start()];
            let mut j = i;
            while j < lines.len() {
                let next = lines[j];
                // Fluent lets a select's closing brace start a line.
                if next.starts_with([' ', '\t', '}']) {
                    body.push(next);
                    j += 1;
                    i = j;
                } else if next.trim().is_empty() {
                    j += 1;
                } else {
                    break;
                }
            }
            let pattern = join_block(&body);
            let pieces = Parser { text: &pattern, at: 0 }
                .pattern(false)
                .map_err(|e| format!("line {start} ({id}): {e}"))?;
            if messages.insert(id.to_string(), pieces).is_some() {
                return Err(format!("line {start}: `{id}` is defined twice"));
            }
        }
        Ok(Catalogue { messages })
    }

    /// The identifiers of its messages, sorted.
    pub fn ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self.messages.keys().map(String::as_str).collect();
        ids.sort_unstable();
        ids
    }

    /// A message's pattern, for checks of a catalogue's structure.
    pub fn pattern(&self, id: &str) -> Option<&[Piece]> {
        self.messages.get(id).map(Vec::as_slice)
    }

    pub fn has(&self, id: &str) -> bool {
        self.messages.contains_key(id)
    }

    /// The variables a message reads (its placeables and selectors), sorted.
    pub fn variables(&self, id: &str) -> Vec<String> {
        fn walk(pieces: &[Piece], out: &mut Vec<String>) {
            for piece in pieces {
                match piece {
                    Piece::Text(_) => {}
                    Piece::Var(v) => out.push(v.clone()),
                    Piece::Select { var, variants, .. } => {
                        out.push(var.clone());
                        for (_, p) in variants {
                            walk(p, out);
                        }
                    }
                }
            }
        }
        let mut out = Vec::new();
        if let Some(pieces) = self.messages.get(id) {
            walk(pieces, &mut out);
        }
        out.sort();
        out.dedup();
        out
    }

    /// The message formatted with `args` in `lang` (for plural rules); None if it has no
    /// such message. A variable without a value shows as `{$name}`.
    pub fn format(&self, lang: Lang, id: &str, args: &[(&str, Arg)]) -> Option<String> {
        let mut out = String::new();
        write(&mut out, self.messages.get(id)?, lang, args);
        Some(out)
    }
}

fn write(out: &mut String, pieces: &[Piece], lang: Lang, args: &[(&str, Arg)]) {
    let value = |name: &str| args.iter().find(|(n, _)| *n == name).map(|(_, v)| v);
    for piece in pieces {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Var(name) => match value(name) {
                Some(Arg::Text(t)) => out.push_str(t),
                Some(Arg::Num(n)) => out.push_str(&n.to_string()),
                None => {
                    out.push_str("{$");
                    out.push_str(name);
                    out.push('}');
                }
            },
            Piece::Select { var, variants, default } => {
                let chosen = match value(var) {
                    Some(Arg::Text(t)) => variants.iter().position(|(k, _)| k == t),
                    Some(Arg::Num(n)) => {
                        let exact = n.to_string();
                        let category = lang.plural(*n);
                        variants
                            .iter()
                            .position(|(k, _)| *k == exact)
                            .or_else(|| variants.iter().position(|(k, _)| k == category))
                    }
                    None => None,
                };
                write(out, &variants[chosen.unwrap_or(*default)].1, lang, args);
            }
        }
    }
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The lines of a pattern, the continuation lines' common indentation removed (as
/// Fluent does), joined with line breaks.
fn join_block(lines: &[&str]) -> String {
    let indent = lines[1..]
        .iter()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('}'))
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut parts: Vec<&str> = vec![lines[0]];
    // A select's closing brace may start its line: it keeps it.
    parts.extend(lines[1..].iter().map(|l| {
        if l.starts_with('}') {
            l
        } else {
            l.get(indent..).unwrap_or("")
        }
    }));
    // A pattern that starts on the next line has no first line.
    if parts[0].is_empty() {
        parts.remove(0);
    }
    parts.join("\n").trim_end().to_string()
}

struct Parser<'a> {
    text: &'a str,
    at: usize,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        &self.text[self.at..]
    }

    fn skip_blank(&mut self) {
        let rest = self.rest();
        self.at += rest.len() - rest.trim_start().len();
    }

    /// Text and placeables up to the end, or (in a variant) up to the next variant or
    /// the select's closing brace at a line's start.
    fn pattern(&mut self, in_variant: bool) -> Result<Vec<Piece>, String> {
        let mut pieces = Vec::new();
        let mut text = String::new();
        while let Some(c) = self.rest().chars().next() {
            if in_variant && c == '\n' {
                let next = self.rest()[1..].trim_start();
                if next.starts_with('[') || next.starts_with("*[") || next.starts_with('}') {
                    break;
                }
            }
            match c {
                '{' => {
                    self.at += 1;
                    if !text.is_empty() {
                        pieces.push(Piece::Text(std::mem::take(&mut text)));
                    }
                    pieces.push(self.placeable()?);
                }
                '}' if in_variant => break,
                '}' => return Err("a `}` without its `{` (write { \"}\" })".into()),
                c => {
                    text.push(c);
                    self.at += c.len_utf8();
                }
            }
        }
        if in_variant {
            let trimmed = text.trim_end().len();
            text.truncate(trimmed);
        }
        if !text.is_empty() {
            pieces.push(Piece::Text(text));
        }
        Ok(pieces)
    }

    /// After `{`: `$var }`, `"literal" }` or `$var -> variants }`.
    fn placeable(&mut self) -> Result<Piece, String> {
        self.skip_blank();
        if let Some(rest) = self.rest().strip_prefix('"') {
            let end = rest.find('"').ok_or("a string literal is not closed")?;
            let literal = rest[..end].to_string();
            self.at += end + 2;
            self.close()?;
            return Ok(Piece::Text(literal));
        }
        let Some(rest) = self.rest().strip_prefix('$') else {
            return Err(
                "a placeable must be { $variable } or { \"text\" } (terms and functions are not supported)".into(),
            );
        };
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(rest.len());
        if len == 0 {
            return Err("a `$` without a variable name".into());
        }
        let var = rest[..len].to_string();
        self.at += 1 + len;
        self.skip_blank();
        if let Some(rest) = self.rest().strip_prefix("->") {
            let _ = rest;
            self.at += 2;
            return self.variants(var);
        }
        self.close()?;
        Ok(Piece::Var(var))
    }

    fn close(&mut self) -> Result<(), String> {
        self.skip_blank();
        match self.rest().strip_prefix('}') {
            Some(_) => {
                self.at += 1;
                Ok(())
            }
            None => Err("a placeable is not closed with `}`".into()),
        }
    }

    fn variants(&mut self, var: String) -> Result<Piece, String> {
        let mut variants = Vec::new();
        let mut default = None;
        loop {
            self.skip_blank();
            let rest = self.rest();
            if rest.starts_with('}') {
                self.at += 1;
                break;
            }
            let star = rest.starts_with('*');
            if star {
                self.at += 1;
            }
            let Some(rest) = self.rest().strip_prefix('[') else {
                return Err(format!("a variant of ${var} must start with [key] or *[key]"));
            };
            let end = rest.find(']').ok_or("a variant key is not closed with `]`")?;
            let key = rest[..end].trim().to_string();
            if key.is_empty() || key.contains(char::is_whitespace) {
                return Err(format!("bad variant key [{key}]"));
            }
            self.at += 1 + end + 1;
            // The variant's text starts after blanks on the key's line.
            let rest = self.rest();
            self.at += rest.len() - rest.trim_start_matches([' ', '\t']).len();
            let pieces = self.pattern(true)?;
            if pieces.iter().any(|p| matches!(p, Piece::Select { .. })) {
                return Err("nested select expressions are not supported".into());
            }
            if star {
                if default.is_some() {
                    return Err(format!("${var} has two default variants"));
                }
                default = Some(variants.len());
            }
            variants.push((key, pieces));
        }
        let default = default.ok_or(format!("${var}'s select has no default variant (*[...])"))?;
        Ok(Piece::Select { var, variants, default })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat(text: &str) -> Catalogue {
        Catalogue::parse(text).unwrap()
    }

    #[test]
    fn text_variables_and_literals() {
        let c = cat("# comment\nhello = Hello, { $name }!\nbrace = a { \"{\" } b\n\nmulti =\n    one\n    two\n");
        assert_eq!(
            c.format(Lang::En, "hello", &[("name", "Ada".into())]).unwrap(),
            "Hello, Ada!"
        );
        assert_eq!(c.format(Lang::En, "hello", &[]).unwrap(), "Hello, {$name}!");
        assert_eq!(c.format(Lang::En, "brace", &[]).unwrap(), "a { b");
        assert_eq!(c.format(Lang::En, "multi", &[]).unwrap(), "one\ntwo");
        assert_eq!(c.format(Lang::En, "missing", &[]), None);
        assert_eq!(c.ids(), ["brace", "hello", "multi"]);
        assert_eq!(c.variables("hello"), ["name"]);
    }

    #[test]
    fn plural_variants_follow_each_languages_rules() {
        let en = cat("keys = { $n ->\n    [one] { $n } key\n   *[other] { $n } keys\n}\n");
        assert_eq!(en.format(Lang::En, "keys", &[("n", 1.into())]).unwrap(), "1 key");
        assert_eq!(en.format(Lang::En, "keys", &[("n", 0.into())]).unwrap(), "0 keys");
        assert_eq!(en.format(Lang::En, "keys", &[("n", 21.into())]).unwrap(), "21 keys");
        let ru =
            cat("keys = { $n } { $n ->\n    [0] ключей нет\n    [one] ключ\n    [few] ключа\n   *[many] ключей\n}\n");
        let f = |n: i64| ru.format(Lang::Ru, "keys", &[("n", n.into())]).unwrap();
        assert_eq!(f(1), "1 ключ");
        assert_eq!(f(21), "21 ключ");
        assert_eq!(f(2), "2 ключа");
        assert_eq!(f(24), "24 ключа");
        assert_eq!(f(5), "5 ключей");
        assert_eq!(f(11), "11 ключей");
        assert_eq!(f(12), "12 ключей");
        assert_eq!(f(111), "111 ключей");
        assert_eq!(f(0), "0 ключей нет", "an exact value wins over the category");
        let ko = cat("keys = { $n ->\n   *[other] 키 { $n }개\n}\n");
        assert_eq!(ko.format(Lang::Ko, "keys", &[("n", 1.into())]).unwrap(), "키 1개");
        let state = cat("clock = { $state ->\n    [paused] Paused\n   *[running] Running\n}");
        assert_eq!(
            state.format(Lang::En, "clock", &[("state", "paused".into())]).unwrap(),
            "Paused"
        );
        assert_eq!(
            state.format(Lang::En, "clock", &[("state", "x".into())]).unwrap(),
            "Running"
        );
        assert_eq!(state.variables("clock"), ["state"]);
    }

    #[test]
    fn what_the_subset_does_not_have_is_refused_with_its_line() {
        for (text, says) in [
            ("-brand = Keyspace", "line 1: `-brand`"),
            ("a = x\n.title = y", "line 2"),
            ("a = { -brand }", "terms and functions"),
            ("a = { NUMBER($n) }", "terms and functions"),
            ("a = { $n", "not closed"),
            ("a = b }", "without its `{`"),
            ("a = { $n ->\n [one] x\n [other] y\n}", "no default"),
            ("a = { $n ->\n *[one] x\n *[other] y\n}", "two default"),
            ("a = x\na = y", "defined twice"),
            ("no equals sign", "line 1: expected"),
            ("  indented", "outside a message"),
        ] {
            let e = Catalogue::parse(text).unwrap_err();
            assert!(e.contains(says), "{text:?}: {e}");
        }
    }
}
