//! The interface's message catalogues (`web/i18n/<code>.ftl`) against the sources that
//! use them and the lessons that quote them: every language has every English message
//! with the same variables, every message the sources ask for exists, plural selects
//! have the language's categories, the widget's loading text matches, and no translated
//! lesson quotes an English label its language's interface no longer shows.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use keyspace_playground::i18n::{Catalogue, Lang, Piece};

fn root() -> PathBuf {
    PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo test sets CARGO_MANIFEST_DIR")).join("..")
}

fn catalogue(lang: Lang) -> Catalogue {
    let path = root().join(format!("web/i18n/{}.ftl", lang.code()));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Catalogue::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The message ids of `tr!(t, "id"...)` in the Rust files under `dir`.
fn ids_used(dir: &Path, out: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            ids_used(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            for (at, _) in text.match_indices("tr!(") {
                // Not the end of another macro's name (`include_str!(`).
                if text[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                // tr!(<expr>, "id" ...: the first string literal after the macro's name.
                let rest = &text[at..];
                let Some(open) = rest.find('"') else { continue };
                let id: String = rest[open + 1..].chars().take_while(|&c| c != '"').collect();
                // The macro's own documentation shows a placeholder id.
                if id != "message-id" {
                    out.insert(id);
                }
            }
        }
    }
}

#[test]
fn every_language_has_every_message_with_the_same_variables() {
    let english = catalogue(Lang::En);
    let mut problems = Vec::new();
    for lang in Lang::ALL.into_iter().filter(|&l| l != Lang::En) {
        let other = catalogue(lang);
        let (a, b): (BTreeSet<&str>, BTreeSet<&str>) =
            (english.ids().into_iter().collect(), other.ids().into_iter().collect());
        for id in a.difference(&b) {
            problems.push(format!("{}: missing {id}", lang.code()));
        }
        for id in b.difference(&a) {
            problems.push(format!("{}: {id} is not an English message", lang.code()));
        }
        for id in a.intersection(&b) {
            if english.variables(id) != other.variables(id) {
                problems.push(format!(
                    "{}: {id} reads {:?}, English {:?}",
                    lang.code(),
                    other.variables(id),
                    english.variables(id)
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_message_the_sources_use_exists_and_every_message_is_used() {
    let english = catalogue(Lang::En);
    let mut used = BTreeSet::new();
    ids_used(&root().join("web/src"), &mut used);
    ids_used(&root().join("playground/src"), &mut used);
    assert!(
        used.len() > 100,
        "the scan finds the sources' messages ({})",
        used.len()
    );
    let missing: Vec<_> = used.iter().filter(|id| !english.has(id)).collect();
    assert!(missing.is_empty(), "used but not in en.ftl: {missing:?}");
    // embed.js shows widget-loading before the module (and its catalogue) loads.
    let unused: Vec<_> = english
        .ids()
        .into_iter()
        .filter(|id| !used.contains(*id) && *id != "widget-loading")
        .collect();
    assert!(unused.is_empty(), "in en.ftl but used nowhere: {unused:?}");
}

#[test]
fn plural_selects_have_the_languages_categories() {
    // A select on a number in Russian needs one, few and many (CLDR: 1/21, 2-4/22-24, 0/5-20).
    for lang in Lang::ALL {
        let c = catalogue(lang);
        let needed: &[&str] = match lang {
            Lang::Ru => &["one", "few", "many"],
            Lang::En => &["one", "other"],
            _ => &[],
        };
        for id in c.ids() {
            for piece in c.pattern(id).unwrap() {
                let Piece::Select { var, variants, .. } = piece else {
                    continue;
                };
                let keys: Vec<&str> = variants.iter().map(|(k, _)| k.as_str()).collect();
                let plural = keys.iter().any(|k| ["one", "few", "many", "other"].contains(k));
                if plural {
                    for need in needed {
                        assert!(
                            keys.contains(need),
                            "{}: {id}'s select on ${var} has no [{need}]",
                            lang.code()
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn the_widgets_loading_text_is_each_catalogues() {
    let embed = std::fs::read_to_string(root().join("web/embed/embed.js")).unwrap();
    for lang in Lang::ALL {
        let text = catalogue(lang).format(lang, "widget-loading", &[]).unwrap();
        assert!(
            embed.contains(&format!("'{}': '{text}'", lang.code())),
            "embed.js shows {}'s widget-loading as '{text}'",
            lang.code()
        );
    }
}

#[test]
fn accessible_names_contain_the_visible_label() {
    // WCAG 2.5.3 (label in name): a button whose accessible name differs from its text
    // must contain that text, so that voice control finds it by what it shows.
    let pairs = [
        ("clock-resume", "clock-resume-label"),
        ("clock-pause", "clock-pause-label"),
        ("clock-plus-10s", "clock-plus-10s-label"),
        ("clock-plus-1min", "clock-plus-1min-label"),
    ];
    for lang in Lang::ALL {
        let c = catalogue(lang);
        let text = |id: &str| c.format(lang, id, &[("rate", 10.into())]).unwrap().to_lowercase();
        for (visible, name) in pairs {
            assert!(
                text(name).contains(&text(visible)),
                "{}: {name} does not contain {visible}",
                lang.code()
            );
        }
        // A step's button shows its number (and ×10 its rate): the name has it as a word
        // of its own, not run into a word ("7단계" is not "7" to axe).
        let step = c
            .format(lang, "lesson-step", &[("n", 7.into()), ("title", "T".into())])
            .unwrap();
        for (name, shown) in [(step, "7"), (text("clock-fast-label"), "×10")] {
            let alone = name.match_indices(shown).any(|(at, _)| {
                let before = name[..at].chars().next_back();
                let after = name[at + shown.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
            });
            assert!(alone, "{}: {shown:?} is not a word of its own in {name:?}", lang.code());
        }
    }
}

/// The texts of `**X**`, `「X」`, `"X"`, `«X»` and `“X”` in a lesson's prose.
fn quoted(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (open, close) in [("**", "**"), ("「", "」"), ("\"", "\""), ("«", "»"), ("“", "”")] {
        let mut rest = text;
        while let Some(a) = rest.find(open) {
            let after = &rest[a + open.len()..];
            let Some(b) = after.find(close) else { break };
            out.push(after[..b].to_string());
            rest = &after[b + close.len()..];
        }
    }
    out
}

#[test]
fn translated_lessons_quote_the_labels_their_interface_shows() {
    let english = catalogue(Lang::En);
    let mut problems = Vec::new();
    for lang in Lang::ALL.into_iter().filter(|&l| l != Lang::En) {
        let other = catalogue(lang);
        // English labels this language shows differently: plain ones (no variables),
        // capitalised or starting with + as buttons and headings are ("Reset step",
        // "+1 min"); a lowercase word ("no", "field") is as likely Redis's own vocabulary.
        let changed: BTreeSet<String> = english
            .ids()
            .into_iter()
            .filter(|id| english.variables(id).is_empty())
            .filter_map(|id| {
                let (e, o) = (english.format(Lang::En, id, &[])?, other.format(lang, id, &[])?);
                let label = e.starts_with(|c: char| c.is_ascii_uppercase() || c == '+');
                (e != o && label).then_some(e)
            })
            .collect();
        let dir = root().join("web/lessons").join(lang.code());
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            for q in quoted(&text) {
                if changed.contains(q.trim()) {
                    problems.push(format!("{}: quotes the English label {q:?}", path.display()));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
