//! Redis's glob-style matching (KEYS, SCAN MATCH, PSUBSCRIBE, CONFIG GET...).
//!
//! `*`, `?`, `[abc]`, `[^a-z]` (Redis negates with `^`), `\` escapes, reversed ranges
//! accepted, an unterminated `[` matching what it has read. Behaviour mirrors
//! `stringmatchlen` including its guard against exponential backtracking.

/// Whether `text` matches `pattern`.
pub fn matches(pattern: &[u8], text: &[u8], nocase: bool) -> bool {
    let mut skip_longer = false;
    match_from(pattern, text, nocase, &mut skip_longer, 0)
}

fn eq(a: u8, b: u8, nocase: bool) -> bool {
    if nocase {
        a.eq_ignore_ascii_case(&b)
    } else {
        a == b
    }
}

fn match_from(pat: &[u8], text: &[u8], nocase: bool, skip_longer: &mut bool, nesting: usize) -> bool {
    // Redis gives up past this depth rather than overflow the stack.
    if nesting > 1000 {
        return false;
    }
    let (mut p, mut s) = (0usize, 0usize);
    while p < pat.len() && s < text.len() {
        match pat[p] {
            b'*' => {
                while p + 1 < pat.len() && pat[p + 1] == b'*' {
                    p += 1;
                }
                if p + 1 == pat.len() {
                    return true;
                }
                while s < text.len() {
                    if match_from(&pat[p + 1..], &text[s..], nocase, skip_longer, nesting + 1) {
                        return true;
                    }
                    if *skip_longer {
                        return false;
                    }
                    s += 1;
                }
                *skip_longer = true;
                return false;
            }
            b'?' => s += 1,
            b'[' => {
                p += 1;
                let negate = pat.get(p) == Some(&b'^');
                if negate {
                    p += 1;
                }
                let c = text[s];
                let mut hit = false;
                loop {
                    if p >= pat.len() {
                        // Unterminated class: step back so the outer advance ends the pattern.
                        p -= 1;
                        break;
                    }
                    if pat[p] == b'\\' && pat.len() - p >= 2 {
                        p += 1;
                        if pat[p] == c {
                            hit = true;
                        }
                    } else if pat[p] == b']' {
                        break;
                    } else if pat.len() - p >= 3 && pat[p + 1] == b'-' {
                        let (mut lo, mut hi, mut ch) = (pat[p], pat[p + 2], c);
                        if lo > hi {
                            std::mem::swap(&mut lo, &mut hi);
                        }
                        if nocase {
                            lo = lo.to_ascii_lowercase();
                            hi = hi.to_ascii_lowercase();
                            ch = ch.to_ascii_lowercase();
                        }
                        p += 2;
                        if (lo..=hi).contains(&ch) {
                            hit = true;
                        }
                    } else if eq(pat[p], c, nocase) {
                        hit = true;
                    }
                    p += 1;
                }
                if hit == negate {
                    return false;
                }
                s += 1;
            }
            b'\\' if pat.len() - p >= 2 => {
                p += 1;
                if !eq(pat[p], text[s], nocase) {
                    return false;
                }
                s += 1;
            }
            literal => {
                if !eq(literal, text[s], nocase) {
                    return false;
                }
                s += 1;
            }
        }
        p += 1;
        if s == text.len() {
            while p < pat.len() && pat[p] == b'*' {
                p += 1;
            }
            break;
        }
    }
    p == pat.len() && s == text.len()
}

/// True when the pattern can match at most one string (no wildcard, class or escape):
/// lets KEYS/SCAN answer with one lookup.
pub fn is_literal(pattern: &[u8]) -> bool {
    !pattern.iter().any(|b| matches!(b, b'*' | b'?' | b'[' | b'\\'))
}

#[cfg(test)]
mod tests {
    use super::matches;

    fn m(p: &str, s: &str) -> bool {
        matches(p.as_bytes(), s.as_bytes(), false)
    }

    #[test]
    fn wildcards() {
        assert!(!m("*", ""), "stringmatchlen: KEYS/SCAN special-case a lone *");
        assert!(m("*", "anything"));
        assert!(m("h?llo", "hello"));
        assert!(!m("h?llo", "hllo"));
        assert!(m("h*llo", "heeeello"));
        assert!(m(":1:*", ":1:my_key"));
        assert!(!m(":1:*", ":2:my_key"));
        assert!(m("a**b", "ab"));
        assert!(!m("", "a"));
        assert!(m("", ""));
    }

    #[test]
    fn classes_and_escapes() {
        assert!(m("h[ae]llo", "hallo"));
        assert!(!m("h[ae]llo", "hillo"));
        assert!(m("h[^e]llo", "hallo"));
        assert!(!m("h[^e]llo", "hello"));
        assert!(m("h[a-b]llo", "hbllo"));
        assert!(m("h[b-a]llo", "hbllo"), "reversed ranges are accepted");
        assert!(m("h\\*llo", "h*llo"));
        assert!(!m("h\\*llo", "hello"));
        assert!(m("[abc", "a"), "an unterminated class matches what it read");
        assert!(matches(b"HELLO", b"hello", true));
    }

    #[test]
    fn pathological_patterns_end_quickly() {
        let pattern = "a*".repeat(30) + "b";
        let text = "a".repeat(60);
        assert!(!m(&pattern, &text));
    }
}
