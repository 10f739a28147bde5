//! What the key inspector shows, computed without touching the keyspace (no access
//! time, no hit/miss statistics, no lazy expiry): key summaries and typed value views.
//! Hosts keep their list current from `Engine::take_events` by re-summarising only the
//! keys an event names.

use keyspace_engine::db::Db;
use keyspace_engine::engine::Engine;
use keyspace_engine::glob;
use keyspace_engine::num::{fmt_double, parse_f64, parse_i64};
use keyspace_engine::object::Object;
use keyspace_engine::value::{Kind, Value};

#[derive(Clone, Debug, PartialEq)]
pub struct KeySummary {
    pub key: Vec<u8>,
    pub kind: Kind,
    /// Length (strings, lists, streams) or cardinality (hashes, sets, sorted sets).
    pub size: usize,
    /// Absolute expiry time in ms; the countdown is derived from it, never stored.
    pub expire_at: Option<i64>,
    pub encoding: &'static str,
}

/// The summary of one key, or None when it does not exist (or its time has passed).
pub fn summarize(engine: &Engine, db: usize, key: &[u8], now: i64) -> Option<KeySummary> {
    let database = engine.db(db)?;
    summary_of(database, key, database.keys.get(key)?, now)
}

/// `summarize` of a key already found (`list_keys` walks the table once and looks
/// nothing up again).
fn summary_of(database: &Db, key: &[u8], obj: &Object, now: i64) -> Option<KeySummary> {
    let expire_at = database.expire_at(key);
    if expire_at.is_some_and(|at| at <= now) {
        return None;
    }
    Some(KeySummary {
        key: key.to_vec(),
        kind: obj.value.kind(),
        size: obj.value.size(),
        expire_at,
        encoding: obj.value.encoding(),
    })
}

/// Keys of a database matching a glob pattern, sorted by name, at most `limit`
/// (the second value says how many matched in all). One pass over the table's
/// entries, then a sort of references: a start from an RDB file of a million keys
/// shows them all, and looking each key up again cost more than loading it.
pub fn list_keys(engine: &Engine, db: usize, pattern: &[u8], now: i64, limit: usize) -> (Vec<KeySummary>, usize) {
    let Some(database) = engine.db(db) else {
        return (Vec::new(), 0);
    };
    let all = pattern.is_empty() || pattern == b"*";
    // Each key's first eight bytes as a big-endian number sort as the bytes do, and
    // decide most comparisons without a call to memcmp. A stable sort: the browser's
    // standard library is built for size, where `sort_unstable` is a heapsort, and
    // sorting a million keys took 330 ms with it, 60 ms with this.
    let prefix = |k: &[u8]| {
        let mut head = [0u8; 8];
        let n = k.len().min(8);
        head[..n].copy_from_slice(&k[..n]);
        u64::from_be_bytes(head)
    };
    let mut entries: Vec<(u64, &[u8], &Object)> = database
        .keys
        .iter()
        .filter(|(k, _)| all || glob::matches(pattern, k, false))
        .filter(|(k, _)| !database.is_expired(k, now))
        .map(|(k, obj)| (prefix(k), k, obj))
        .collect();
    let total = entries.len();
    entries.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));
    let summaries = entries
        .into_iter()
        .take(limit)
        .filter_map(|(_, k, obj)| summary_of(database, k, obj, now))
        .collect();
    (summaries, total)
}

/// How a string value reads: counters show as numbers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StringNature {
    Integer,
    Float,
    Text,
    Binary,
}

/// A value as the inspector displays it, bounded to `limit` elements.
#[derive(Clone, Debug, PartialEq)]
pub enum ValueView {
    String {
        bytes: Vec<u8>,
        nature: StringNature,
    },
    Hash {
        fields: Vec<(Vec<u8>, Vec<u8>)>,
        total: usize,
    },
    List {
        items: Vec<Vec<u8>>,
        total: usize,
    },
    Set {
        members: Vec<Vec<u8>>,
        total: usize,
    },
    /// Highest score first, as a leaderboard reads.
    ZSet {
        ranked: Vec<(Vec<u8>, f64, String)>,
        total: usize,
    },
    /// The newest entries (at most `limit`, oldest of them first, as XRANGE reads),
    /// then the consumer groups.
    Stream {
        entries: Vec<StreamEntryView>,
        total: usize,
        last_id: String,
        groups: Vec<StreamGroupView>,
    },
}

/// One stream entry: its ID and field-value pairs.
#[derive(Clone, Debug, PartialEq)]
pub struct StreamEntryView {
    pub id: String,
    pub fields: Vec<(Vec<u8>, Vec<u8>)>,
}

/// A consumer group: where it is, what it has pending, and per consumer.
#[derive(Clone, Debug, PartialEq)]
pub struct StreamGroupView {
    pub name: Vec<u8>,
    pub last_delivered_id: String,
    pub pending: usize,
    /// Each consumer's name and pending count.
    pub consumers: Vec<(Vec<u8>, usize)>,
}

/// Bytes as the inspector shows them: printable UTF-8 as it is; anything else (a
/// pickled value, a kombu priority list's `\x06\x16`) the way redis-cli prints it,
/// quoted with `\xNN` escapes, so what is shown can be typed back.
pub fn readable(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) if !text.chars().any(char::is_control) => std::borrow::Cow::Borrowed(text),
        _ => {
            let mut out = String::new();
            keyspace_engine::sds::quote(bytes, &mut out);
            std::borrow::Cow::Owned(out)
        }
    }
}

pub fn view(engine: &Engine, db: usize, key: &[u8], now: i64, limit: usize) -> Option<ValueView> {
    summarize(engine, db, key, now)?;
    let obj = engine.db(db)?.keys.get(key)?;
    Some(match &obj.value {
        Value::String(s) => {
            let nature = if parse_i64(&s.bytes).is_some() {
                StringNature::Integer
            } else if parse_f64(&s.bytes).is_some() {
                StringNature::Float
            } else if std::str::from_utf8(&s.bytes).is_ok() {
                StringNature::Text
            } else {
                StringNature::Binary
            };
            ValueView::String {
                bytes: s.bytes.iter().take(limit.max(1) * 64).copied().collect(),
                nature,
            }
        }
        Value::Hash(h) => ValueView::Hash {
            fields: h.entries().into_iter().take(limit).collect(),
            total: h.len(),
        },
        Value::List(l) => ValueView::List {
            items: l.iter().take(limit).map(|e| e.to_vec()).collect(),
            total: l.len(),
        },
        Value::Set(s) => {
            let mut members = s.members();
            members.sort();
            members.truncate(limit);
            ValueView::Set {
                members,
                total: s.len(),
            }
        }
        Value::Stream(st) => {
            let skip = st.len().saturating_sub(limit);
            ValueView::Stream {
                entries: st
                    .entries()
                    .skip(skip)
                    .map(|(id, fields)| StreamEntryView {
                        id: id.to_string(),
                        fields: fields.clone(),
                    })
                    .collect(),
                total: st.len(),
                last_id: st.last_id.to_string(),
                groups: st
                    .groups
                    .iter()
                    .map(|(name, g)| StreamGroupView {
                        name: name.clone(),
                        last_delivered_id: g.last_id.to_string(),
                        pending: g.pel.len(),
                        consumers: g.consumers.iter().map(|(n, c)| (n.clone(), c.pel.len())).collect(),
                    })
                    .collect(),
            }
        }
        Value::ZSet(z) => {
            let ranked = if z.is_empty() {
                Vec::new()
            } else {
                z.index.range_by_rank(0, (limit.min(z.len())).saturating_sub(1), true)
            };
            ValueView::ZSet {
                ranked: ranked.into_iter().map(|(m, s)| (m, s, fmt_double(s))).collect(),
                total: z.len(),
            }
        }
    })
}

/// One member of a geo set as the inspector shows it: its position as GEOPOS prints it
/// and, when the view is taken from a member, its distance in metres as GEODIST prints it.
#[derive(Clone, Debug, PartialEq)]
pub struct GeoPoint {
    pub member: Vec<u8>,
    pub longitude: String,
    pub latitude: String,
    pub distance_m: Option<String>,
}

/// A sorted set read as a geo set (GEOADD stores positions as scores).
#[derive(Clone, Debug, PartialEq)]
pub struct GeoView {
    /// Nearest first when taken from a member, else in geohash order (which keeps
    /// neighbours together).
    pub points: Vec<GeoPoint>,
    pub total: usize,
    /// Whether every score is one GEOADD could have written (else the positions of the
    /// others are what GEOPOS would make of them).
    pub all_geo: bool,
    /// Whether the inspector should open it as positions rather than scores: every
    /// score is a geo score and none is small (2^32 and up: a place east of 179.6°W or
    /// north of 84.9°S, which every GEOADD of a real place is, and a leaderboard's
    /// small whole scores are not).
    pub reads_as_places: bool,
}

/// Scores from 2^32 up are positions away from the grid's south-west corner.
const SMALLEST_PLACE_SCORE: f64 = 4_294_967_296.0;

/// The geo view of a sorted set, at most `limit` points, distances from `from` when it
/// is a member (None when the key is not a sorted set). Goes through every member when
/// `from` is given, to sort by distance.
pub fn geo_view(
    engine: &Engine,
    db: usize,
    key: &[u8],
    now: i64,
    from: Option<&[u8]>,
    limit: usize,
) -> Option<GeoView> {
    use keyspace_engine::types::geohash;
    summarize(engine, db, key, now)?;
    let Value::ZSet(z) = &engine.db(db)?.keys.get(key)?.value else {
        return None;
    };
    let centre = from.and_then(|m| z.score(m)).map(geohash::decode_score);
    let mut points: Vec<(f64, GeoPoint)> = Vec::new();
    let mut all_geo = true;
    let mut all_large = true;
    for (member, score) in z.index.iter() {
        all_geo &= geohash::is_geo_score(score);
        all_large &= score >= SMALLEST_PLACE_SCORE;
        if centre.is_none() && points.len() >= limit {
            continue;
        }
        let (lon, lat) = geohash::decode_score(score);
        let distance = centre.map(|(x, y)| geohash::distance(x, y, lon, lat));
        points.push((
            distance.unwrap_or(0.0),
            GeoPoint {
                member: member.to_vec(),
                longitude: geohash::coordinate_text(lon),
                latitude: geohash::coordinate_text(lat),
                distance_m: distance.map(geohash::distance_text),
            },
        ));
    }
    if centre.is_some() {
        points.sort_by(|a, b| a.0.total_cmp(&b.0));
        points.truncate(limit);
    }
    Some(GeoView {
        points: points.into_iter().map(|(_, p)| p).collect(),
        total: z.len(),
        all_geo,
        reads_as_places: all_geo && all_large && !z.is_empty(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine_with(lines: &[&str]) -> Engine {
        let mut e = Engine::new(1, 1_000);
        let c = e.connect(1_000);
        for l in lines {
            e.call(c, keyspace_engine::sds::split_args(l.as_bytes()).unwrap(), 1_000);
        }
        e
    }

    #[test]
    fn lists_keys_sorted_with_type_size_and_expiry() {
        let e = engine_with(&[
            "SET b hello",
            "RPUSH a x y z",
            "SET t v PX 500",
            "SELECT 1",
            "SET other 1",
        ]);
        let (keys, total) = list_keys(&e, 0, b"*", 1_000, 100);
        assert_eq!(total, 3);
        let names: Vec<&[u8]> = keys.iter().map(|k| k.key.as_slice()).collect();
        assert_eq!(names, vec![&b"a"[..], b"b", b"t"]);
        assert_eq!((keys[0].kind, keys[0].size), (Kind::List, 3));
        assert_eq!(keys[2].expire_at, Some(1_500));
        let (later, _) = list_keys(&e, 0, b"*", 1_500, 100);
        assert_eq!(later.len(), 2, "an expired key is not shown even before it is deleted");
        assert_eq!(list_keys(&e, 0, b"[ab]", 1_000, 100).1, 2);
        assert_eq!(list_keys(&e, 0, b"*", 1_000, 1).0.len(), 1);
    }

    #[test]
    fn lists_keys_in_byte_order_past_their_first_eight_bytes() {
        // Keys that share their first eight bytes, are shorter than eight, or hold
        // zero and 0xff bytes: the order of the bytes themselves, as a sort of the
        // names gives it.
        let names: [&[u8]; 12] = [
            b"session:b",
            b"session:a",
            b"session:",
            b"session",
            b"sess",
            b"\xff",
            b"\x00\x00",
            b"\x00",
            b"key:10",
            b"key:9",
            b"key:100000000a",
            b"key:100000000",
        ];
        let mut e = Engine::new(1, 1_000);
        let c = e.connect(1_000);
        for name in names {
            e.call(c, vec![b"SET".to_vec(), name.to_vec(), b"v".to_vec()], 1_000);
        }
        let (keys, total) = list_keys(&e, 0, b"*", 1_000, usize::MAX);
        let mut expected = names.to_vec();
        expected.sort();
        assert_eq!(total, names.len());
        assert_eq!(keys.iter().map(|k| k.key.as_slice()).collect::<Vec<_>>(), expected);
    }

    #[test]
    fn views_fit_their_type() {
        let e = engine_with(&[
            "SET click 41",
            "INCR click",
            "ZADD vote 1 a 5 b 3 c",
            "SET f 1.5",
            "HSET h x 1 y 2",
        ]);
        assert_eq!(
            view(&e, 0, b"click", 1_000, 10),
            Some(ValueView::String {
                bytes: b"42".to_vec(),
                nature: StringNature::Integer
            })
        );
        assert!(matches!(
            view(&e, 0, b"f", 1_000, 10),
            Some(ValueView::String {
                nature: StringNature::Float,
                ..
            })
        ));
        let Some(ValueView::ZSet { ranked, total }) = view(&e, 0, b"vote", 1_000, 2) else {
            panic!()
        };
        assert_eq!(total, 3);
        assert_eq!(
            ranked.iter().map(|r| r.0.clone()).collect::<Vec<_>>(),
            vec![b"b".to_vec(), b"c".to_vec()]
        );
        let Some(ValueView::Hash { fields, .. }) = view(&e, 0, b"h", 1_000, 10) else {
            panic!()
        };
        assert_eq!(fields[0].0, b"x".to_vec(), "insertion order, as HGETALL shows it");
        assert_eq!(view(&e, 0, b"nope", 1_000, 10), None);
    }

    #[test]
    fn geo_sets_show_positions_and_distances_as_redis_prints_them() {
        let e = engine_with(&[
            "GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania 13.583333 37.316667 Agrigento",
            "ZADD plain 1.5 x",
            "ZADD board 10 alice 25 bob",
        ]);
        let v = geo_view(&e, 0, b"Sicily", 1_000, Some(b"Catania"), 10).unwrap();
        assert!(v.all_geo && v.reads_as_places);
        assert_eq!(v.total, 3);
        let rows: Vec<(&[u8], Option<&str>)> = v
            .points
            .iter()
            .map(|p| (p.member.as_slice(), p.distance_m.as_deref()))
            .collect();
        assert_eq!(
            rows,
            vec![
                (&b"Catania"[..], Some("0.0000")),
                (b"Agrigento", Some("134469.7347")),
                (b"Palermo", Some("166274.1516")),
            ]
        );
        let palermo = &v.points[2];
        assert_eq!(
            (palermo.longitude.as_str(), palermo.latitude.as_str()),
            ("13.36138933897018433", "38.11555639549629859")
        );
        let plain = geo_view(&e, 0, b"plain", 1_000, None, 10).unwrap();
        assert!(!plain.all_geo && !plain.reads_as_places);
        let board = geo_view(&e, 0, b"board", 1_000, None, 10).unwrap();
        assert!(board.all_geo && !board.reads_as_places, "a leaderboard opens as scores");
        assert_eq!(plain.points[0].distance_m, None);
        assert_eq!(geo_view(&e, 0, b"nope", 1_000, None, 10), None);
    }

    #[test]
    fn a_stream_shows_its_newest_entries_and_groups() {
        let e = engine_with(&[
            "XADD events 1-1 type click",
            "XADD events 2-1 type view page home",
            "XADD events 3-1 type buy",
            "XGROUP CREATE events workers 0",
            "XREADGROUP GROUP workers w1 COUNT 2 STREAMS events >",
            "XGROUP CREATECONSUMER events workers w2",
        ]);
        let summary = summarize(&e, 0, b"events", 1_000).unwrap();
        assert_eq!(
            (summary.kind, summary.size, summary.encoding),
            (Kind::Stream, 3, "stream")
        );
        let Some(ValueView::Stream {
            entries,
            total,
            last_id,
            groups,
        }) = view(&e, 0, b"events", 1_000, 2)
        else {
            panic!()
        };
        assert_eq!((total, last_id.as_str()), (3, "3-1"));
        let ids: Vec<&str> = entries.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["2-1", "3-1"], "the newest, oldest of them first");
        assert_eq!(entries[0].fields[1], (b"page".to_vec(), b"home".to_vec()));
        assert_eq!(
            groups,
            vec![StreamGroupView {
                name: b"workers".to_vec(),
                last_delivered_id: "2-1".into(),
                pending: 2,
                consumers: vec![(b"w1".to_vec(), 2), (b"w2".to_vec(), 0)],
            }]
        );
    }
}

/// A countdown as the inspector shows it: milliseconds under ten seconds (the key is
/// about to go), whole seconds, minutes or hours beyond.
pub fn format_ttl(ms_left: i64) -> String {
    let ms = ms_left.max(0);
    if ms < 10_000 {
        format!("{}.{:03}s", ms / 1000, ms % 1000)
    } else if ms < 60 * 60 * 1000 {
        let s = ms / 1000;
        if s < 60 {
            format!("{s}s")
        } else {
            format!("{}m {:02}s", s / 60, s % 60)
        }
    } else {
        let m = ms / 60_000;
        format!("{}h {:02}m", m / 60, m % 60)
    }
}

#[cfg(test)]
mod ttl_tests {
    use super::{format_ttl, readable};

    #[test]
    fn binary_bytes_read_as_redis_cli_prints_them() {
        assert_eq!(readable(b"user:1"), "user:1");
        assert_eq!(readable("café".as_bytes()), "café");
        assert_eq!(readable(b"celery\x06\x163"), "\"celery\\x06\\x163\"");
        assert_eq!(readable(b"\x80\x04K\x05."), "\"\\x80\\x04K\\x05.\"");
        assert_eq!(readable(b"two\nlines"), "\"two\\nlines\"");
    }

    #[test]
    fn countdowns_read_naturally() {
        assert_eq!(format_ttl(9_876), "9.876s");
        assert_eq!(format_ttl(0), "0.000s");
        assert_eq!(format_ttl(-5), "0.000s");
        assert_eq!(format_ttl(42_400), "42s");
        assert_eq!(format_ttl(125_000), "2m 05s");
        assert_eq!(format_ttl(3_600_000 * 3 + 60_000 * 7), "3h 07m");
    }
}
