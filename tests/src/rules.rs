//! The rules a script line may name (`#! rule`) for replies that legitimately differ
//! between real Redis and the engine, and how each compares two replies.

use keyspace_engine::Reply;
use keyspace_playground::cli;

/// How a reply is compared when it may legitimately differ.
#[derive(Clone, Debug, PartialEq)]
pub enum Rule {
    Exact,
    /// Array elements compared as a multiset (hash tables order them arbitrarily).
    Sorted,
    /// Flat array of pairs compared as a multiset of pairs (HGETALL on a hashtable).
    SortedPairs,
    /// Integers within ± this much (TTL countdowns).
    Approx(i64),
    /// Same kind of reply and, for arrays, the same length (random members).
    Shape,
    /// Second element of a [cursor, [items]] reply compared as a multiset, cursor by shape.
    ScanSorted,
    /// Only "is it an error or not" must agree.
    ErrorOrNot,
    /// A map (or flat array of pairs), or an array of them (ACL LOG), compared with the
    /// values of these fields masked (HELLO's connection id, ACL LOG's age and client).
    Except(Vec<String>),
    /// Strings compared as multisets of space-separated words, arrays element by
    /// element (ACL LIST and GETUSER name single commands in Redis's hash order).
    Words,
    /// CLIENT INFO/LIST text compared on these `name=value` fields only, line by line.
    Fields(Vec<String>),
    /// A MONITOR line with its timestamp and client address masked.
    Monitor,
    /// A map (or flat array of pairs) compared by its field names, in order, with
    /// every value masked (MEMORY STATS, whose figures are each server's own); for a
    /// text, the `name:value` lines of an INFO section with their values masked.
    FieldNames,
    /// An INFO text reduced to these fields' `name:value` lines, in the text's order
    /// (INFO persistence's counters and statuses, its times left out).
    InfoFields(Vec<String>),
    /// SLOWLOG GET: each entry with its timestamp, duration and client address masked
    /// and its id counted from the first entry's (ids never restart in a server).
    Slowlog,
}

pub(crate) fn parse_rule(text: &str) -> Result<Rule, String> {
    let mut words = text.split_whitespace();
    Ok(match (words.next(), words.next()) {
        (Some("sorted"), _) => Rule::Sorted,
        (Some("sorted-pairs"), _) => Rule::SortedPairs,
        (Some("approx"), Some(n)) => Rule::Approx(n.parse().map_err(|_| format!("bad approx {n}"))?),
        (Some("shape"), _) => Rule::Shape,
        (Some("scan-sorted"), _) => Rule::ScanSorted,
        (Some("error-or-not"), _) => Rule::ErrorOrNot,
        (Some("except"), Some(field)) => {
            Rule::Except(std::iter::once(field).chain(words).map(str::to_string).collect())
        }
        (Some("words"), _) => Rule::Words,
        (Some("fields"), Some(field)) => {
            Rule::Fields(std::iter::once(field).chain(words).map(str::to_string).collect())
        }
        (Some("monitor"), _) => Rule::Monitor,
        (Some("field-names"), _) => Rule::FieldNames,
        (Some("slowlog"), _) => Rule::Slowlog,
        (Some("info-fields"), Some(field)) => {
            Rule::InfoFields(std::iter::once(field).chain(words).map(str::to_string).collect())
        }
        _ => return Err(format!("unknown rule {text:?}")),
    })
}

fn sort_key(r: &Reply) -> String {
    cli::format_reply(&[], r, 3)
}

fn normalize(reply: &Reply, rule: &Rule) -> Reply {
    match (rule, reply) {
        (Rule::Sorted, Reply::Array(items) | Reply::Set(items)) => {
            let mut items = items.clone();
            items.sort_by_key(sort_key);
            Reply::Array(items)
        }
        (Rule::SortedPairs, Reply::Array(items)) => {
            let mut pairs: Vec<Vec<Reply>> = items.chunks(2).map(|c| c.to_vec()).collect();
            pairs.sort_by_key(|p| p.iter().map(sort_key).collect::<Vec<_>>());
            Reply::Array(pairs.into_iter().flatten().collect())
        }
        (Rule::SortedPairs, Reply::Map(pairs)) => {
            let mut pairs = pairs.clone();
            pairs.sort_by_key(|(k, v)| (sort_key(k), sort_key(v)));
            Reply::Map(pairs)
        }
        (Rule::ScanSorted, Reply::Array(items)) if items.len() == 2 => {
            Reply::Array(vec![Reply::bulk("<cursor>"), normalize(&items[1], &Rule::Sorted)])
        }
        (Rule::Shape, Reply::Array(items) | Reply::Push(items)) => {
            Reply::Array(items.iter().map(|_| Reply::bulk("<element>")).collect())
        }
        (Rule::Shape, Reply::Bulk(_)) => Reply::bulk("<bulk>"),
        (Rule::Shape, Reply::Int(_)) => Reply::Int(0),
        (Rule::Except(fields), Reply::Map(pairs)) => Reply::Map(
            pairs
                .iter()
                .map(|(k, v)| {
                    let masked = fields.iter().any(|f| *k == Reply::bulk(f.as_str()));
                    (k.clone(), if masked { Reply::bulk("<masked>") } else { v.clone() })
                })
                .collect(),
        ),
        (Rule::Except(_), Reply::Array(items))
            if items.iter().all(|i| matches!(i, Reply::Map(_) | Reply::Array(_))) && !items.is_empty() =>
        {
            Reply::Array(items.iter().map(|i| normalize(i, rule)).collect())
        }
        (Rule::Except(fields), Reply::Array(items)) => {
            let mut items = items.clone();
            for i in (0..items.len().saturating_sub(1)).step_by(2) {
                if fields.iter().any(|f| items[i] == Reply::bulk(f.as_str())) {
                    items[i + 1] = Reply::bulk("<masked>");
                }
            }
            Reply::Array(items)
        }
        (Rule::Fields(fields), Reply::Bulk(text) | Reply::Verbatim(_, text)) => {
            let text = String::from_utf8_lossy(text);
            let lines: Vec<String> = text
                .lines()
                .map(|line| {
                    let kept: Vec<&str> = line
                        .split(' ')
                        .filter(|f| fields.iter().any(|name| f.split('=').next() == Some(name.as_str())))
                        .collect();
                    kept.join(" ")
                })
                .collect();
            Reply::bulk(lines.join("\n"))
        }
        (Rule::Words, Reply::Bulk(b)) => {
            let text = String::from_utf8_lossy(b);
            let mut words: Vec<&str> = text.split(' ').collect();
            words.sort_unstable();
            Reply::bulk(words.join(" "))
        }
        (Rule::Words, Reply::Array(items)) => Reply::Array(items.iter().map(|i| normalize(i, rule)).collect()),
        (Rule::Words, Reply::Set(items)) => Reply::Set(items.iter().map(|i| normalize(i, rule)).collect()),
        (Rule::Words, Reply::Map(pairs)) => {
            Reply::Map(pairs.iter().map(|(k, v)| (k.clone(), normalize(v, rule))).collect())
        }
        (Rule::FieldNames, Reply::Bulk(text) | Reply::Verbatim(_, text)) => Reply::Bulk(
            String::from_utf8_lossy(text)
                .split("\r\n")
                .map(|line| match line.split_once(':') {
                    Some((name, _)) => format!("{name}:<value>"),
                    None => line.to_string(),
                })
                .collect::<Vec<_>>()
                .join("\r\n")
                .into_bytes(),
        ),
        (Rule::InfoFields(fields), Reply::Bulk(text) | Reply::Verbatim(_, text)) => Reply::Bulk(
            String::from_utf8_lossy(text)
                .split("\r\n")
                .filter(|line| {
                    line.split_once(':')
                        .is_some_and(|(name, _)| fields.iter().any(|f| f == name))
                })
                .collect::<Vec<_>>()
                .join("\r\n")
                .into_bytes(),
        ),
        (Rule::FieldNames, Reply::Map(pairs)) => Reply::Array(
            pairs
                .iter()
                .flat_map(|(k, _)| [k.clone(), Reply::bulk("<value>")])
                .collect(),
        ),
        (Rule::FieldNames, Reply::Array(items)) => Reply::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, r)| if i % 2 == 0 { r.clone() } else { Reply::bulk("<value>") })
                .collect(),
        ),
        (Rule::Slowlog, Reply::Array(entries)) => {
            let first = match entries.first() {
                Some(Reply::Array(e)) => match e.first() {
                    Some(Reply::Int(id)) => *id,
                    _ => 0,
                },
                _ => 0,
            };
            Reply::Array(
                entries
                    .iter()
                    .map(|entry| match entry {
                        Reply::Array(e) if e.len() == 6 => Reply::Array(vec![
                            match &e[0] {
                                Reply::Int(id) => Reply::Int(id - first),
                                other => other.clone(),
                            },
                            Reply::bulk("<time>"),
                            Reply::bulk("<duration>"),
                            e[3].clone(),
                            Reply::bulk("<addr>"),
                            e[5].clone(),
                        ]),
                        other => other.clone(),
                    })
                    .collect(),
            )
        }
        (Rule::Monitor, Reply::Status(line)) => {
            // "1700000000.123456 [0 127.0.0.1:50000] \"set\" ..." -> "<time> [0 <addr>] ..."
            let db = line.split('[').nth(1).and_then(|s| s.split(' ').next()).unwrap_or("?");
            let rest = line.split_once("] ").map_or("", |(_, r)| r);
            Reply::Status(format!("<time> [{db} <addr>] {rest}").into())
        }
        (Rule::ErrorOrNot, r) => {
            if r.is_error() {
                Reply::err("<error>")
            } else {
                Reply::status("<not an error>")
            }
        }
        _ => reply.clone(),
    }
}

pub(crate) fn matches(expected: &Reply, actual: &Reply, rule: &Rule) -> bool {
    match (rule, expected, actual) {
        (Rule::Approx(d), Reply::Int(a), Reply::Int(b)) => (a - b).abs() <= *d,
        (Rule::Approx(d), Reply::Array(a), Reply::Array(b)) if a.len() == b.len() => {
            a.iter().zip(b).all(|(x, y)| matches(x, y, &Rule::Approx(*d)))
        }
        _ => normalize(expected, rule) == normalize(actual, rule),
    }
}
