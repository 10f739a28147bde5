//! The command table agrees with Redis 7.0.15's own metadata (the oracle's COMMAND INFO
//! and COMMAND DOCS, `engine/data/`): for every command and subcommand the engine has,
//! the same arity, flags, key triple, ACL categories, summary, since and group. A command
//! added with a wrong arity or a summary of another Redis version fails here.

use keyspace_engine::metadata;
use keyspace_engine::table;
use keyspace_engine::Reply;

fn strings(reply: &Reply) -> Vec<String> {
    let items = match reply {
        Reply::Array(items) | Reply::Set(items) => items,
        _ => return vec![],
    };
    let mut out: Vec<String> = items
        .iter()
        .filter_map(|i| match i {
            Reply::Status(s) => Some(s.to_string()),
            Reply::Bulk(b) => Some(String::from_utf8_lossy(b).into_owned()),
            _ => None,
        })
        .collect();
    out.sort();
    out
}

fn field<'a>(map: &'a Reply, name: &str) -> Option<&'a Reply> {
    match map {
        Reply::Map(fields) => fields.iter().find_map(|(k, v)| match k {
            Reply::Bulk(b) if b == name.as_bytes() => Some(v),
            Reply::Status(s) if s == name => Some(v),
            _ => None,
        }),
        _ => None,
    }
}

fn text(reply: Option<&Reply>) -> String {
    match reply {
        Some(Reply::Bulk(b)) => String::from_utf8_lossy(b).into_owned(),
        Some(Reply::Status(s)) => s.to_string(),
        _ => String::new(),
    }
}

#[test]
fn the_table_agrees_with_redis_metadata() {
    let bytes = std::fs::read(
        std::path::Path::new(&std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("data/redis-7.0.15-commands.resp"),
    )
    .unwrap();
    let m = metadata::parse(&bytes).expect("the metadata file parses");
    let all = |_: &str| true;
    let mut wrong = Vec::new();
    let mut checked = 0;
    for parent in table::all() {
        let entries = std::iter::once((parent.name.to_string(), parent)).chain(
            parent
                .subcommands
                .iter()
                .map(|s| (format!("{}|{}", parent.name, s.name), s)),
        );
        for (full, spec) in entries {
            checked += 1;
            let (Some(Reply::Array(info)), Some(docs)) = (m.info(&full, &all), m.docs(&full, &all)) else {
                wrong.push(format!("{full}: not a Redis 7.0.15 command"));
                continue;
            };
            let mut differ = |what: &str, ours: String, redis: String| {
                if ours != redis {
                    wrong.push(format!("{full} {what}: ours {ours:?}, Redis {redis:?}"));
                }
            };
            let int = |i: usize| match info.get(i) {
                Some(Reply::Int(n)) => *n,
                _ => i64::MIN,
            };
            differ("arity", spec.arity.to_string(), int(1).to_string());
            let mut flags: Vec<String> = spec.flag_names().into_iter().map(String::from).collect();
            flags.sort();
            differ("flags", flags.join(" "), strings(&info[2]).join(" "));
            differ(
                "keys",
                format!("{} {} {}", spec.keys.first, spec.keys.last, spec.keys.step),
                format!("{} {} {}", int(3), int(4), int(5)),
            );
            let mut cats = spec.acl_categories();
            cats.sort();
            differ("acl", cats.join(" "), strings(&info[6]).join(" "));
            differ("summary", spec.summary.to_string(), text(field(&docs, "summary")));
            differ("since", spec.since.to_string(), text(field(&docs, "since")));
            differ("group", spec.group.to_string(), text(field(&docs, "group")));
        }
    }
    assert!(checked > 200, "only {checked} commands checked");
    assert!(wrong.is_empty(), "{} differences:\n{}", wrong.len(), wrong.join("\n"));
}

fn sorted_subcommands(entry: &Reply) -> Reply {
    let Reply::Array(fields) = entry else {
        return entry.clone();
    };
    let mut fields = fields.clone();
    if let Some(Reply::Array(subs)) = fields.get_mut(9) {
        subs.sort_by_key(|s| format!("{s:?}"));
    }
    Reply::Array(fields)
}

/// COMMAND INFO, built from the table (key specs, tips, flags, categories), is Redis's
/// own entry for every command and subcommand the engine has.
#[test]
fn command_info_is_redis_own() {
    let bytes = std::fs::read(
        std::path::Path::new(&std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("data/redis-7.0.15-commands.resp"),
    )
    .unwrap();
    let m = metadata::parse(&bytes).expect("the metadata file parses");
    let has = |full: &str| match full.split_once('|') {
        Some((p, s)) => table::lookup(p.as_bytes())
            .and_then(|p| p.subcommand(s.as_bytes()))
            .is_some(),
        None => table::lookup(full.as_bytes()).is_some(),
    };
    let mut engine = keyspace_engine::Engine::new(1, 0);
    let client = engine.connect(0);
    let mut wrong = Vec::new();
    for parent in table::all() {
        let names = std::iter::once(parent.name.to_string())
            .chain(parent.subcommands.iter().map(|s| format!("{}|{}", parent.name, s.name)));
        for full in names {
            let ours = engine.call(
                client,
                vec![b"COMMAND".to_vec(), b"INFO".to_vec(), full.clone().into_bytes()],
                0,
            );
            let Some(Reply::Array(entries)) = ours.first() else {
                wrong.push(format!("{full}: {ours:?}"));
                continue;
            };
            // Redis lists subcommands in its dict's order, which a random hash seed picks
            // at each start: compared as a set.
            let ours = entries.first().map(sorted_subcommands);
            let redis = m.info(&full, &has).as_ref().map(sorted_subcommands);
            if ours != redis {
                wrong.push(format!("{full}:\n  ours  {ours:?}\n  Redis {redis:?}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{} differences:\n{}", wrong.len(), wrong.join("\n"));
}
