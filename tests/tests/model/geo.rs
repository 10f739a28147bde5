//! The model's geo sets and bitfields (see `model.rs`), written from what Redis
//! documents and prints, not from the engine's code.

use std::collections::BTreeMap;

use keyspace_engine::Reply;

use super::{float, int, not_integer, wrongtype, Model, Rng, Value};

const LAT_MIN: f64 = -85.05112878;
const LAT_MAX: f64 = 85.05112878;
const CELLS: f64 = 67108864.0; // 2^26 per coordinate
const EARTH_RADIUS: f64 = 6372797.560856;

/// Arguments for the shape letters this part adds (None for the others).
pub(crate) fn random_args(rng: &mut Rng, c: char) -> Option<Vec<String>> {
    let words = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
    Some(match c {
        'g' => words(rng.pick(&["g0", "g1", "g2", "k0"])),
        'b' => words(rng.pick(&["b0", "b1", "k1"])),
        'L' => words(rng.pick(&[
            "13.361389 38.115556",
            "15.087269 37.502669",
            "13.583333 37.316667",
            "12.758489 38.788135",
            "14.25 37.75",
            "-73.9454966 40.747533",
            "2.3522 48.8566",
            "200 0",
            "0 86",
            "abc 1",
        ])),
        'u' => words(rng.pick(&["m", "km", "mi", "ft", "KM", "parsecs"])),
        'S' => {
            let mut args = words(rng.pick(&[
                "FROMMEMBER a",
                "FROMMEMBER b",
                "FROMMEMBER c",
                "FROMLONLAT 15 37",
                "FROMLONLAT 13.5 38",
                "FROMLONLAT -74 40.7",
                "FROMLONLAT 200 0",
            ]));
            args.extend(words(rng.pick(&[
                "BYRADIUS 100 km",
                "BYRADIUS 200 km",
                "BYRADIUS 500 km",
                "BYRADIUS 50 mi",
                "BYRADIUS 0 m",
                "BYRADIUS 9000 km",
                "BYRADIUS -1 km",
                "BYBOX 200 200 km",
                "BYBOX 400 100 km",
                "BYBOX 100 400 mi",
            ])));
            args.extend(words(rng.pick(&[
                "ASC WITHDIST",
                "DESC WITHDIST",
                "ASC WITHDIST WITHHASH",
            ])));
            args
        }
        'B' | 'G' => {
            let pool: &[&str] = if c == 'B' {
                &[
                    "GET u8 0",
                    "GET i5 3",
                    "GET u16 #1",
                    "GET i64 1",
                    "SET i8 #1 -5",
                    "SET u4 3 20",
                    "SET u8 0 -1",
                    "SET i64 2 -9223372036854775808",
                    "INCRBY u4 3 7",
                    "INCRBY i16 8 1000",
                    "INCRBY i3 100 -3",
                    "INCRBY u63 1 9223372036854775807",
                    "INCRBY i64 0 -9223372036854775808",
                    "OVERFLOW SAT",
                    "OVERFLOW FAIL",
                    "OVERFLOW WRAP",
                    "GET u64 0",
                ]
            } else {
                &[
                    "GET u8 0",
                    "GET i5 3",
                    "GET u16 #1",
                    "GET i64 1",
                    "GET u1 #7",
                    "SET u8 0 1",
                ]
            };
            let n = 1 + rng.next() % 3;
            (0..n).flat_map(|_| words(rng.pick(pool))).collect()
        }
        _ => return None,
    })
}

/// What the model answers where it cannot predict Redis: a search centred beyond the
/// latitudes where Redis widens its cells (|lat| > 66), around the poles, where its
/// nine-cell walk and a brute-force search part ways (a member with a small or
/// negative score sits at a pole). The engine is then compared with Redis alone.
pub(crate) fn abstains(reply: &Reply) -> bool {
    *reply == Reply::status(ABSTAIN)
}

const ABSTAIN: &str = "the model abstains";

/// The commands this part models (None for the others).
pub(crate) fn apply(model: &mut Model, name: &str, argv: &[Vec<u8>]) -> Option<Reply> {
    Some(match name {
        "GEOADD" => geoadd(model, argv),
        "GEOPOS" => geopos(model, argv),
        "GEODIST" => geodist(model, argv),
        "GEOHASH" => geohash(model, argv),
        "GEOSEARCH" => geosearch(model, argv),
        "BITFIELD" => bitfield(model, argv, false),
        "BITFIELD_RO" => bitfield(model, argv, true),
        _ => return None,
    })
}

fn text(arg: &[u8]) -> String {
    String::from_utf8_lossy(arg).into_owned()
}

/// Interleaves two 26-bit cell numbers: latitude in the even bits, longitude in the odd.
fn interleave(lat_cell: u32, lon_cell: u32) -> u64 {
    (0..32).fold(0u64, |bits, i| {
        bits | (u64::from((lat_cell >> i) & 1) << (2 * i)) | (u64::from((lon_cell >> i) & 1) << (2 * i + 1))
    })
}

/// The score GEOADD gives a valid position.
fn score_of(lon: f64, lat: f64) -> f64 {
    let lat_cell = ((lat - LAT_MIN) / (LAT_MAX - LAT_MIN)) * CELLS;
    let lon_cell = ((lon - -180.0) / (180.0 - -180.0)) * CELLS;
    interleave(lat_cell as u32, lon_cell as u32) as f64
}

/// The centre of a score's cell, as GEOPOS gives it.
fn position_of(score: f64) -> (f64, f64) {
    let bits = if score < 0.0 { score as i64 as u64 } else { score as u64 };
    let (mut lat_cell, mut lon_cell) = (0u32, 0u32);
    for i in 0..32 {
        lat_cell |= (((bits >> (2 * i)) & 1) as u32) << i;
        lon_cell |= (((bits >> (2 * i + 1)) & 1) as u32) << i;
    }
    let centre = |cell: u32, min: f64, max: f64| {
        let low = min + (f64::from(cell) / CELLS) * (max - min);
        let high = min + (f64::from(cell.wrapping_add(1)) / CELLS) * (max - min);
        ((low + high) / 2.0).clamp(min, max)
    };
    (centre(lon_cell, -180.0, 180.0), centre(lat_cell, LAT_MIN, LAT_MAX))
}

/// `%.17Lf` with the trailing zeros dropped.
fn coordinate_text(v: f64) -> String {
    let s = format!("{v:.17}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.into()
    }
}

/// Haversine on Redis's earth radius.
fn distance(lon1: f64, lat1: f64, lon2: f64, lat2: f64) -> f64 {
    let rad = std::f64::consts::PI / 180.0;
    let v = ((lon2 * rad - lon1 * rad) / 2.0).sin();
    if v == 0.0 {
        return EARTH_RADIUS * (lat2 * rad - lat1 * rad).abs();
    }
    let (lat1r, lat2r) = (lat1 * rad, lat2 * rad);
    let u = ((lat2r - lat1r) / 2.0).sin();
    let a = u * u + lat1r.cos() * lat2r.cos() * v * v;
    2.0 * EARTH_RADIUS * a.sqrt().asin()
}

/// Four decimals, the last rounded half to even.
fn distance_text(d: f64) -> String {
    let n = (d * 10000.0).round_ties_even() as i64;
    format!("{}.{:04}", n / 10000, n % 10000)
}

fn unit(arg: &[u8]) -> Result<f64, Reply> {
    match text(arg).to_ascii_lowercase().as_str() {
        "m" => Ok(1.0),
        "km" => Ok(1000.0),
        "mi" => Ok(1609.34),
        "ft" => Ok(0.3048),
        _ => Err(Reply::err("ERR unsupported unit provided. please use M, KM, FT, MI")),
    }
}

fn lon_lat(lon: &[u8], lat: &[u8]) -> Result<(f64, f64), Reply> {
    let (Some(lon), Some(lat)) = (float(lon), float(lat)) else {
        return Err(Reply::err("ERR value is not a valid float"));
    };
    if !(-180.0..=180.0).contains(&lon) || !(LAT_MIN..=LAT_MAX).contains(&lat) {
        return Err(Reply::err(format!(
            "ERR invalid longitude,latitude pair {lon:.6},{lat:.6}"
        )));
    }
    Ok((lon, lat))
}

/// The sorted set under a key: Ok(None) when missing, Err(WRONGTYPE) for another type.
fn zset(model: &Model, key: &[u8]) -> Result<Option<BTreeMap<Vec<u8>, f64>>, Reply> {
    match model.keys.get(key) {
        None => Ok(None),
        Some(Value::ZSet(z)) => Ok(Some(z.clone())),
        Some(_) => Err(wrongtype()),
    }
}

fn geoadd(model: &mut Model, argv: &[Vec<u8>]) -> Reply {
    let mut scored = Vec::new();
    for triple in argv[2..].chunks(3) {
        match lon_lat(&triple[0], &triple[1]) {
            Ok((lon, lat)) => scored.push((triple[2].clone(), score_of(lon, lat))),
            Err(e) => return e,
        }
    }
    let mut z = match zset(model, &argv[1]) {
        Ok(z) => z.unwrap_or_default(),
        Err(e) => return e,
    };
    let added = scored
        .into_iter()
        .filter(|(m, s)| z.insert(m.clone(), *s).is_none())
        .count();
    model.keys.insert(argv[1].clone(), Value::ZSet(z));
    Reply::Int(added as i64)
}

fn geopos(model: &Model, argv: &[Vec<u8>]) -> Reply {
    let z = match zset(model, &argv[1]) {
        Ok(z) => z.unwrap_or_default(),
        Err(e) => return e,
    };
    Reply::Array(
        argv[2..]
            .iter()
            .map(|m| match z.get(m) {
                None => Reply::NullArray,
                Some(&s) => {
                    let (lon, lat) = position_of(s);
                    Reply::Array(vec![
                        Reply::bulk(coordinate_text(lon)),
                        Reply::bulk(coordinate_text(lat)),
                    ])
                }
            })
            .collect(),
    )
}

fn geodist(model: &Model, argv: &[Vec<u8>]) -> Reply {
    let to_meters = match unit(&argv[4]) {
        Ok(u) => u,
        Err(e) => return e,
    };
    let z = match zset(model, &argv[1]) {
        Ok(Some(z)) => z,
        Ok(None) => return Reply::Null,
        Err(e) => return e,
    };
    let (Some(&a), Some(&b)) = (z.get(&argv[2]), z.get(&argv[3])) else {
        return Reply::Null;
    };
    let ((lon1, lat1), (lon2, lat2)) = (position_of(a), position_of(b));
    Reply::bulk(distance_text(distance(lon1, lat1, lon2, lat2) / to_meters))
}

fn geohash(model: &Model, argv: &[Vec<u8>]) -> Reply {
    const ALPHABET: &[u8] = b"0123456789bcdefghjkmnpqrstuvwxyz";
    let z = match zset(model, &argv[1]) {
        Ok(z) => z.unwrap_or_default(),
        Err(e) => return e,
    };
    Reply::Array(
        argv[2..]
            .iter()
            .map(|m| match z.get(m) {
                None => Reply::Null,
                Some(&s) => {
                    // Re-encoded over latitudes -90..90, as the standard geohash is.
                    let (lon, lat) = position_of(s);
                    let lat_cell = ((lat + 90.0) / 180.0) * CELLS;
                    let lon_cell = ((lon + 180.0) / 360.0) * CELLS;
                    let bits = interleave(lat_cell as u32, lon_cell as u32);
                    let mut out: Vec<u8> = (1..=10)
                        .map(|i| ALPHABET[((bits >> (52 - i * 5)) & 31) as usize])
                        .collect();
                    out.push(b'0');
                    Reply::Bulk(out)
                }
            })
            .collect(),
    )
}

/// GEOSEARCH key FROM... BY... ASC|DESC WITHDIST [WITHHASH], by brute force.
fn geosearch(model: &Model, argv: &[Vec<u8>]) -> Reply {
    let run = || -> Result<Reply, Reply> {
        let z = zset(model, &argv[1])?;
        let mut i = 2;
        let mut centre = (0.0, 0.0);
        if argv[i].eq_ignore_ascii_case(b"frommember") {
            if let Some(z) = &z {
                let score = z
                    .get(&argv[i + 1])
                    .ok_or_else(|| Reply::err("ERR could not decode requested zset member"))?;
                centre = position_of(*score);
            }
            i += 2;
        } else {
            centre = lon_lat(&argv[i + 1], &argv[i + 2])?;
            i += 3;
        }
        if !(-66.0..=66.0).contains(&centre.1) {
            return Ok(Reply::status(ABSTAIN));
        }
        let by_box = argv[i].eq_ignore_ascii_case(b"bybox");
        let numbers: Vec<f64> = argv[i + 1..i + if by_box { 3 } else { 2 }]
            .iter()
            .map(|a| float(a).unwrap_or(f64::NAN))
            .collect();
        if numbers.iter().any(|&n| n < 0.0) {
            return Err(Reply::err(if by_box {
                "ERR height or width cannot be negative"
            } else {
                "ERR radius cannot be negative"
            }));
        }
        let to_meters = unit(&argv[i + numbers.len() + 1])?;
        i += numbers.len() + 2;
        let desc = argv[i].eq_ignore_ascii_case(b"desc");
        let with_hash = argv.len() > i + 2;
        let Some(z) = z else {
            return Ok(Reply::Array(vec![]));
        };
        // Every member a walk over the sorted set can reach, in (score, member) order.
        let mut members: Vec<(Vec<u8>, f64)> = z.into_iter().filter(|(_, s)| *s >= 0.0).collect();
        members.sort_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
        let (x1, y1) = centre;
        let mut found: Vec<(Vec<u8>, f64, f64)> = members
            .into_iter()
            .filter_map(|(m, s)| {
                let (x2, y2) = position_of(s);
                let inside = if by_box {
                    let rad = std::f64::consts::PI / 180.0;
                    let lat_distance = EARTH_RADIUS * (y1 * rad - y2 * rad).abs();
                    lat_distance <= numbers[1] * to_meters / 2.0
                        && distance(x2, y2, x1, y2) <= numbers[0] * to_meters / 2.0
                } else {
                    distance(x1, y1, x2, y2) <= numbers[0] * to_meters
                };
                inside.then(|| (m, s, distance(x1, y1, x2, y2)))
            })
            .collect();
        // A stable sort: members at the same distance stay in walk order.
        if desc {
            found.sort_by(|a, b| b.2.partial_cmp(&a.2).unwrap_or(std::cmp::Ordering::Equal));
        } else {
            found.sort_by(|a, b| a.2.partial_cmp(&b.2).unwrap_or(std::cmp::Ordering::Equal));
        }
        Ok(Reply::Array(
            found
                .into_iter()
                .map(|(m, s, d)| {
                    let mut item = vec![Reply::Bulk(m), Reply::bulk(distance_text(d / to_meters))];
                    if with_hash {
                        item.push(Reply::Int(s as i64));
                    }
                    Reply::Array(item)
                })
                .collect(),
        ))
    };
    run().unwrap_or_else(|e| e)
}

#[derive(Clone, Copy)]
enum Field {
    Get,
    Set(i64),
    IncrBy(i64),
}

/// BITFIELD: every operation read first, then run in order on the string, in 128-bit
/// arithmetic against the type's range.
fn bitfield(model: &mut Model, argv: &[Vec<u8>], read_only: bool) -> Reply {
    const TYPE_ERR: &str =
        "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.";
    let mut ops = Vec::new();
    let mut overflow = "wrap".to_string();
    let mut i = 2;
    while i < argv.len() {
        let sub = text(&argv[i]).to_ascii_lowercase();
        if sub == "overflow" {
            overflow = text(&argv[i + 1]).to_ascii_lowercase();
            if !["wrap", "sat", "fail"].contains(&overflow.as_str()) {
                return Reply::err("ERR Invalid OVERFLOW type specified");
            }
            i += 2;
            continue;
        }
        let ty = text(&argv[i + 1]);
        let signed = ty.starts_with('i');
        let bits = match ty.get(1..).and_then(|b| int(b.as_bytes())) {
            Some(b) if (ty.starts_with('i') || ty.starts_with('u')) && b >= 1 && b <= if signed { 64 } else { 63 } => b,
            _ => return Reply::err(TYPE_ERR),
        };
        let at = text(&argv[i + 2]);
        let offset = match at.strip_prefix('#') {
            Some(n) => int(n.as_bytes()).map(|n| n * bits),
            None => int(at.as_bytes()),
        }
        .unwrap_or(-1) as u64;
        let field = match sub.as_str() {
            "get" => Field::Get,
            _ => {
                let Some(v) = int(&argv[i + 3]) else {
                    return not_integer();
                };
                if sub == "set" {
                    Field::Set(v)
                } else {
                    Field::IncrBy(v)
                }
            }
        };
        i += if matches!(field, Field::Get) { 3 } else { 4 };
        ops.push((field, signed, bits as u32, offset, overflow.clone()));
    }
    let key = argv[1].clone();
    let current = match model.keys.get(&key) {
        None => Ok(None),
        Some(Value::Str(s)) => Ok(Some(s.clone())),
        Some(_) => Err(wrongtype()),
    };
    let read = |bytes: &[u8], signed: bool, bits: u32, offset: u64| -> i128 {
        let mut v: i128 = 0;
        for j in 0..u64::from(bits) {
            let at = offset + j;
            let byte = bytes.get((at / 8) as usize).copied().unwrap_or(0);
            v = (v << 1) | i128::from((byte >> (7 - at % 8)) & 1);
        }
        if signed && v >= 1 << (bits - 1) {
            v - (1 << bits)
        } else {
            v
        }
    };
    let last_write = ops
        .iter()
        .filter(|op| !matches!(op.0, Field::Get))
        .map(|op| op.3 + u64::from(op.2) - 1)
        .max();
    let Some(last_write) = last_write else {
        let bytes = match current {
            Ok(bytes) => bytes.unwrap_or_default(),
            Err(e) => return e,
        };
        return Reply::Array(
            ops.iter()
                .map(|op| Reply::Int(read(&bytes, op.1, op.2, op.3) as i64))
                .collect(),
        );
    };
    if read_only {
        return Reply::err("ERR BITFIELD_RO only supports the GET subcommand");
    }
    let mut bytes = match current {
        Ok(bytes) => bytes.unwrap_or_default(),
        Err(e) => return e,
    };
    let len = (last_write / 8 + 1) as usize;
    if bytes.len() < len {
        bytes.resize(len, 0);
    }
    let mut replies = Vec::new();
    for (field, signed, bits, offset, overflow) in ops {
        let old = read(&bytes, signed, bits, offset);
        let (min, max): (i128, i128) = if signed {
            (-(1 << (bits - 1)), (1 << (bits - 1)) - 1)
        } else {
            (0, (1 << bits) - 1)
        };
        let wanted = match field {
            Field::Get => {
                replies.push(Reply::Int(old as i64));
                continue;
            }
            // An unsigned SET reads its value as unsigned 64 bits (-1 is huge).
            Field::Set(v) if !signed => i128::from(v as u64),
            Field::Set(v) => i128::from(v),
            Field::IncrBy(v) => old + i128::from(v),
        };
        let new = if (min..=max).contains(&wanted) {
            wanted
        } else {
            match overflow.as_str() {
                "sat" => wanted.clamp(min, max),
                "fail" => {
                    replies.push(Reply::Null);
                    continue;
                }
                _ => {
                    let m = wanted.rem_euclid(1 << bits);
                    if signed && m > max {
                        m - (1 << bits)
                    } else {
                        m
                    }
                }
            }
        };
        for j in 0..u64::from(bits) {
            let at = offset + j;
            let bit = (new >> (u64::from(bits) - 1 - j)) & 1;
            let byte = &mut bytes[(at / 8) as usize];
            let mask = 0x80u8 >> (at % 8);
            *byte = if bit == 1 { *byte | mask } else { *byte & !mask };
        }
        replies.push(Reply::Int(if matches!(field, Field::Set(_)) { old } else { new } as i64));
    }
    model.keys.insert(key, Value::Str(bytes));
    Reply::Array(replies)
}
