//! Geospatial indexes (Redis's geo.c): a geo set is a sorted set whose scores are the
//! members' 52-bit geohashes (`types::geohash`), so TYPE says zset and every Z command
//! works on it. GEOADD rewrites itself into a ZADD (and is propagated as one);
//! the searches are in `search.rs`, their sorts in `sort.rs`.

use crate::exec::{CmdResult, Ctx};
use crate::reply::{Reply, NOT_FLOAT};
use crate::table::flags::*;
use crate::table::{CommandSpec, KeyPos, KeySpec};
use crate::types::geohash;
use crate::types::zset::ZSet;
use crate::value::{Kind, Value};

mod search;
mod sort;

use search::*;

#[rustfmt::skip]
pub static COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        name: "geoadd", arity: -5, flags: WRITE | DENYOOM, acl: "@geo", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW UPDATE")],
        group: "geo", since: "3.2.0", handler: geoadd,
        summary: "Add one or more geospatial items in the geospatial index represented using a sorted set",
        syntax: "key [NX|XX] [CH] longitude latitude member [longitude latitude member ...]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "geodist", arity: -4, flags: READONLY, acl: "@geo", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "geo", since: "3.2.0", handler: geodist,
        summary: "Returns the distance between two members of a geospatial index",
        syntax: "key member1 member2 [M|KM|FT|MI]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "geohash", arity: -2, flags: READONLY, acl: "@geo", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "geo", since: "3.2.0", handler: geohash_cmd,
        summary: "Returns members of a geospatial index as standard geohash strings",
        syntax: "key member [member ...]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "geopos", arity: -2, flags: READONLY, acl: "@geo", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "geo", since: "3.2.0", handler: geopos,
        summary: "Returns longitude and latitude of members of a geospatial index",
        syntax: "key member [member ...]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "georadius", arity: -6, flags: WRITE | DENYOOM | MOVABLEKEYS, acl: "@geo", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RO ACCESS"), KeySpec::keyword("STORE", 6, 0, 1, 0, "OW UPDATE"), KeySpec::keyword("STOREDIST", 6, 0, 1, 0, "OW UPDATE")],
        group: "geo", since: "3.2.0", handler: georadius,
        summary: "Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a point",
        syntax: "key longitude latitude radius M|KM|FT|MI [WITHCOORD] [WITHDIST] [WITHHASH] [COUNT count [ANY]] [ASC|DESC] [STORE key] [STOREDIST key]",
        getkeys: Some(georadius_keys), cost: Some(georadius_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "georadiusbymember", arity: -5, flags: WRITE | DENYOOM | MOVABLEKEYS, acl: "@geo", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RO ACCESS"), KeySpec::keyword("STORE", 5, 0, 1, 0, "OW UPDATE"), KeySpec::keyword("STOREDIST", 5, 0, 1, 0, "OW UPDATE")],
        group: "geo", since: "3.2.0", handler: georadiusbymember,
        summary: "Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a member",
        syntax: "key member radius M|KM|FT|MI [WITHCOORD] [WITHDIST] [WITHHASH] [COUNT count [ANY]] [ASC|DESC] [STORE key] [STOREDIST key]",
        getkeys: Some(georadiusbymember_keys), cost: Some(georadiusbymember_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "georadius_ro", arity: -6, flags: READONLY, acl: "@geo", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "geo", since: "3.2.10", handler: georadius_ro,
        summary: "A read-only variant for GEORADIUS",
        syntax: "key longitude latitude radius M|KM|FT|MI [WITHCOORD] [WITHDIST] [WITHHASH] [COUNT count [ANY]] [ASC|DESC]",
        cost: Some(georadius_ro_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "georadiusbymember_ro", arity: -5, flags: READONLY, acl: "@geo", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "geo", since: "3.2.10", handler: georadiusbymember_ro,
        summary: "A read-only variant for GEORADIUSBYMEMBER",
        syntax: "key member radius M|KM|FT|MI [WITHCOORD] [WITHDIST] [WITHHASH] [COUNT count [ANY]] [ASC|DESC]",
        cost: Some(georadiusbymember_ro_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "geosearch", arity: -7, flags: READONLY, acl: "@geo", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "geo", since: "6.2.0", handler: geosearch,
        summary: "Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle.",
        syntax: "key FROMMEMBER member|FROMLONLAT longitude latitude BYRADIUS radius M|KM|FT|MI|BYBOX width height M|KM|FT|MI [ASC|DESC] [COUNT count [ANY]] [WITHCOORD] [WITHDIST] [WITHHASH]",
        cost: Some(geosearch_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "geosearchstore", arity: -8, flags: WRITE | DENYOOM, acl: "@geo", keys: KeyPos::range(1, 2, 1),
        key_specs: &[KeySpec::at(1, "OW UPDATE"), KeySpec::at(2, "RO ACCESS")],
        group: "geo", since: "6.2.0", handler: geosearchstore,
        summary: "Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle, and store the result in another key.",
        syntax: "destination source FROMMEMBER member|FROMLONLAT longitude latitude BYRADIUS radius M|KM|FT|MI|BYBOX width height M|KM|FT|MI [ASC|DESC] [COUNT count [ANY]] [STOREDIST]",
        cost: Some(geosearchstore_cost),
        ..CommandSpec::DEFAULT
    },
];

/// The sorted set under `key` for reading (None when missing; WRONGTYPE otherwise).
fn geo_ref<'c>(ctx: &'c mut Ctx, key: &[u8]) -> Result<Option<&'c ZSet>, Reply> {
    match ctx.read_kind(key, Kind::ZSet)? {
        Some(Value::ZSet(z)) => Ok(Some(z)),
        _ => Ok(None),
    }
}

/// `extractLongLatOrReply`: two floats, then Redis's range check.
fn long_lat(argv: &[Vec<u8>], at: usize) -> Result<(f64, f64), Reply> {
    let float = |i: usize| crate::num::parse_f64(&argv[i]).ok_or_else(|| Reply::err(NOT_FLOAT));
    let (lon, lat) = (float(at)?, float(at + 1)?);
    if !(geohash::LONG_MIN..=geohash::LONG_MAX).contains(&lon) || !(geohash::LAT_MIN..=geohash::LAT_MAX).contains(&lat)
    {
        return Err(Reply::err(format!(
            "ERR invalid longitude,latitude pair {lon:.6},{lat:.6}"
        )));
    }
    Ok((lon, lat))
}

/// `extractUnitOrReply`: metres per unit.
fn unit(arg: &[u8]) -> Result<f64, Reply> {
    match arg.to_ascii_lowercase().as_slice() {
        b"m" => Ok(1.0),
        b"km" => Ok(1000.0),
        b"ft" => Ok(0.3048),
        b"mi" => Ok(1609.34),
        _ => Err(Reply::err("ERR unsupported unit provided. please use M, KM, FT, MI")),
    }
}

/// GEOADD key [NX|XX] [CH] longitude latitude member ...: every pair is checked, then
/// the command becomes `zadd key [options] score member ...`, which is what runs and
/// what is propagated.
fn geoadd(ctx: &mut Ctx) -> CmdResult {
    let argv = ctx.argv;
    let (mut xx, mut nx) = (false, false);
    let mut at = 2;
    while at < argv.len() {
        match argv[at].to_ascii_lowercase().as_slice() {
            b"nx" => nx = true,
            b"xx" => xx = true,
            b"ch" => {}
            _ => break,
        }
        at += 1;
    }
    if (argv.len() - at) % 3 != 0 || (xx && nx) {
        return Err(Reply::syntax_error());
    }
    let mut zadd: Vec<Vec<u8>> = Vec::with_capacity(at + (argv.len() - at) / 3 * 2);
    zadd.push(b"zadd".to_vec());
    zadd.extend(argv[1..at].iter().cloned());
    for triple in argv[at..].chunks(3) {
        let (lon, lat) = long_lat(triple, 0)?;
        let bits = geohash::encode(lon, lat, geohash::STEP_MAX).map_or(0, |h| h.align52());
        zadd.push(bits.to_string().into_bytes());
        zadd.push(triple[2].clone());
    }
    let dirty_before = ctx.eng.dirty;
    let reply = crate::commands::zset::zadd_with_args(ctx, &zadd)?;
    if ctx.eng.dirty != dirty_before {
        ctx.propagate(zadd);
    }
    Ok(reply)
}

fn geodist(ctx: &mut Ctx) -> CmdResult {
    let to_meter = match ctx.argc() {
        5 => unit(ctx.arg(4))?,
        n if n > 5 => return Err(Reply::syntax_error()),
        _ => 1.0,
    };
    let (a, b) = (ctx.arg(2), ctx.arg(3));
    let Some(z) = geo_ref(ctx, ctx.arg(1))? else {
        return Ok(Reply::Null);
    };
    let (Some(s1), Some(s2)) = (z.score(a), z.score(b)) else {
        return Ok(Reply::Null);
    };
    let (lon1, lat1) = geohash::decode_score(s1);
    let (lon2, lat2) = geohash::decode_score(s2);
    let d = geohash::distance(lon1, lat1, lon2, lat2) / to_meter;
    Ok(Reply::bulk(geohash::distance_text(d)))
}

fn geohash_cmd(ctx: &mut Ctx) -> CmdResult {
    let members = &ctx.argv[2..];
    let z = geo_ref(ctx, ctx.arg(1))?;
    Ok(Reply::Array(
        members
            .iter()
            .map(|m| {
                z.and_then(|z| z.score(m))
                    .map_or(Reply::Null, |s| Reply::bulk(geohash::standard_geohash(s)))
            })
            .collect(),
    ))
}

/// A coordinate pair as GEOPOS and WITHCOORD reply with it (doubles in RESP3).
fn coord_reply((lon, lat): (f64, f64)) -> Reply {
    Reply::Array(vec![
        Reply::Double(geohash::coordinate_text(lon)),
        Reply::Double(geohash::coordinate_text(lat)),
    ])
}

fn geopos(ctx: &mut Ctx) -> CmdResult {
    let members = &ctx.argv[2..];
    let z = geo_ref(ctx, ctx.arg(1))?;
    Ok(Reply::Array(
        members
            .iter()
            .map(|m| {
                z.and_then(|z| z.score(m))
                    .map_or(Reply::NullArray, |s| coord_reply(geohash::decode_score(s)))
            })
            .collect(),
    ))
}
