//! The languages lessons come in, and which one a learner gets: the one asked for
//! (`?lang=`, a widget's `lang`, a choice remembered), else the first of the browser's
//! languages the playground has, else English. Tags match as BCP 47 prefixes do, with
//! Chinese told apart by script or region: `zh-Hant`, `zh-TW`, `zh-HK` and `zh-MO` read
//! Traditional characters; `zh`, `zh-Hans`, `zh-CN` and `zh-SG` Simplified.
//!
//! The lessons' translations live beside the English files (`web/lessons/<code>/`);
//! Redis's replies and HELP stay in English, as Redis prints them.

mod catalogue;

use std::rc::Rc;

pub use catalogue::{Arg, Catalogue, ParseError, Piece};

/// The English catalogue, compiled in: the interface never waits for it, and every
/// other language falls back to it message by message.
pub const ENGLISH: &str = include_str!("../../../web/i18n/en.ftl");

/// The interface's strings in one language, falling back to English for a message the
/// language's catalogue lacks (the catalogue test fails first), then to the message's
/// identifier. Cheap to clone; equal when the same catalogues.
#[derive(Clone, Debug)]
pub struct Messages {
    lang: Lang,
    own: Rc<Catalogue>,
    english: Rc<Catalogue>,
}

impl PartialEq for Messages {
    fn eq(&self, other: &Self) -> bool {
        self.lang == other.lang && Rc::ptr_eq(&self.own, &other.own)
    }
}

thread_local! {
    static ENGLISH_CATALOGUE: Rc<Catalogue> =
        Rc::new(Catalogue::parse(ENGLISH).unwrap_or_else(|e| panic!("web/i18n/en.ftl: {e}")));
}

impl Default for Messages {
    fn default() -> Self {
        Messages::english()
    }
}

impl Messages {
    /// The English interface.
    pub fn english() -> Messages {
        let english = ENGLISH_CATALOGUE.with(Rc::clone);
        Messages {
            lang: Lang::En,
            own: english.clone(),
            english,
        }
    }

    /// `lang`'s interface from its catalogue's text; English where the text does not
    /// parse (the error is returned beside it, for the console).
    pub fn load(lang: Lang, text: &str) -> (Messages, Option<ParseError>) {
        let english = ENGLISH_CATALOGUE.with(Rc::clone);
        match Catalogue::parse(text) {
            Ok(own) => (
                Messages {
                    lang,
                    own: Rc::new(own),
                    english,
                },
                None,
            ),
            Err(e) => (Messages::english(), Some(e)),
        }
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Message `id` formatted with `args` (use the `tr!` macro).
    pub fn format(&self, id: &str, args: &[(&str, Arg)]) -> String {
        self.own
            .format(self.lang, id, args)
            .or_else(|| self.english.format(Lang::En, id, args))
            .unwrap_or_else(|| id.to_string())
    }
}

/// `tr!(messages, "message-id")` or `tr!(messages, "message-id", n = 3, title = &t)`: a
/// message of the interface's catalogue (`web/i18n/<lang>.ftl`). The identifier is a
/// literal so that a test can find every one the sources use.
#[macro_export]
macro_rules! tr {
    ($messages:expr, $id:literal) => {
        $messages.format($id, &[])
    };
    ($messages:expr, $id:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $messages.format($id, &[$((stringify!($name), $crate::i18n::Arg::from($value))),+])
    };
}

/// A language the lessons are written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    En,
    ZhTw,
    ZhCn,
    Ko,
    Ru,
}

impl Lang {
    pub const ALL: [Lang; 5] = [Lang::En, Lang::ZhTw, Lang::ZhCn, Lang::Ko, Lang::Ru];

    /// The tag the files and `<html lang>` use.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhTw => "zh-TW",
            Lang::ZhCn => "zh-CN",
            Lang::Ko => "ko",
            Lang::Ru => "ru",
        }
    }

    /// The language's name in itself, for a chooser.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::ZhTw => "繁體中文",
            Lang::ZhCn => "简体中文",
            Lang::Ko => "한국어",
            Lang::Ru => "Русский",
        }
    }

    /// The directory of `lessons/` holding this language's files ("" for English).
    pub fn lesson_dir(self) -> &'static str {
        match self {
            Lang::En => "",
            Lang::ZhTw => "zh-TW/",
            Lang::ZhCn => "zh-CN/",
            Lang::Ko => "ko/",
            Lang::Ru => "ru/",
        }
    }

    /// The CLDR plural category of the integer `n` in this language, which picks a
    /// message's `[one]`/`[few]`/`[many]`/`[other]` variant
    /// (unicode.org/cldr/charts/latest/supplemental/language_plural_rules.html).
    pub fn plural(self, n: i64) -> &'static str {
        let n = n.unsigned_abs();
        match self {
            Lang::En if n == 1 => "one",
            Lang::En => "other",
            // Chinese and Korean do not inflect for number.
            Lang::ZhTw | Lang::ZhCn | Lang::Ko => "other",
            Lang::Ru => match (n % 10, n % 100) {
                (1, r) if r != 11 => "one",
                (2..=4, r) if !(12..=14).contains(&r) => "few",
                _ => "many",
            },
        }
    }

    /// The language a BCP 47 tag asks for, if the playground has it (any case, `_` or `-`).
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let tag = tag.trim().replace('_', "-").to_ascii_lowercase();
        let mut parts = tag.split('-');
        match parts.next()? {
            "en" => Some(Lang::En),
            "ko" => Some(Lang::Ko),
            "ru" => Some(Lang::Ru),
            "zh" => {
                let traditional = parts.any(|p| matches!(p, "hant" | "tw" | "hk" | "mo"));
                Some(if traditional { Lang::ZhTw } else { Lang::ZhCn })
            }
            _ => None,
        }
    }

    /// The learner's language: `asked` (the URL's, a widget's attribute, a remembered
    /// choice, in that order, the first the playground has), else the first of the
    /// browser's `preferred` languages it has, else English.
    pub fn negotiate<'a>(asked: impl IntoIterator<Item = &'a str>, preferred: &[String]) -> Lang {
        asked
            .into_iter()
            .find_map(Lang::from_tag)
            .or_else(|| preferred.iter().find_map(|t| Lang::from_tag(t)))
            .unwrap_or(Lang::En)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_match_by_language_and_chinese_by_script_or_region() {
        for (tag, lang) in [
            ("en-US", Lang::En),
            ("ko-KR", Lang::Ko),
            ("ru", Lang::Ru),
            ("RU_ru", Lang::Ru),
            ("zh-TW", Lang::ZhTw),
            ("zh-Hant-HK", Lang::ZhTw),
            ("zh_HK", Lang::ZhTw),
            ("zh", Lang::ZhCn),
            ("zh-Hans-CN", Lang::ZhCn),
            ("zh-SG", Lang::ZhCn),
        ] {
            assert_eq!(Lang::from_tag(tag), Some(lang), "{tag}");
        }
        assert_eq!(Lang::from_tag("fr-FR"), None);
        assert_eq!(Lang::from_tag(""), None);
        for lang in Lang::ALL {
            assert_eq!(Lang::from_tag(lang.code()), Some(lang), "its own code");
        }
    }

    #[test]
    fn what_is_asked_wins_then_the_browsers_order_then_english() {
        let browser = vec!["fr-FR".to_string(), "ko-KR".to_string(), "zh-TW".to_string()];
        assert_eq!(Lang::negotiate(["ru"], &browser), Lang::Ru);
        assert_eq!(
            Lang::negotiate(["xx", "zh-Hant"], &browser),
            Lang::ZhTw,
            "the first asked that exists"
        );
        assert_eq!(
            Lang::negotiate([], &browser),
            Lang::Ko,
            "the browser's first known language"
        );
        assert_eq!(Lang::negotiate(["de"], &["fr".to_string()]), Lang::En);
    }
}
