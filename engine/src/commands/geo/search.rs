//! GEOSEARCH, GEOSEARCHSTORE and the deprecated GEORADIUS family: Redis's
//! `georadiusGeneric`. The arguments are read in Redis's order (so the same error
//! wins), the nine cells around the centre are walked in Redis's order (so the same
//! members are found at the edges, and COUNT ANY stops at the same ones), then the
//! results are sorted with Redis's sorts (so ties come out in the same order).

use super::sort::{merge_sort, partial_quicksort};
use super::{coord_reply, geo_ref, long_lat, unit};
use crate::budget::{CostInput, Estimate};
use crate::exec::{CmdResult, Ctx};
use crate::notify;
use crate::reply::Reply;
use crate::types::geohash::{self, Shape, ShapeKind};
use crate::types::zset::ZSet;
use crate::types::zset_range::ScoreRange;
use crate::value::Value;

const RADIUS_COORDS: u8 = 1 << 0;
const RADIUS_MEMBER: u8 = 1 << 1;
const RADIUS_NOSTORE: u8 = 1 << 2;
const GEOSEARCH: u8 = 1 << 3;
const GEOSEARCHSTORE: u8 = 1 << 4;

#[derive(Clone, Copy, PartialEq)]
enum Sort {
    None,
    Asc,
    Desc,
}

/// A search the arguments asked for.
struct Search<'a> {
    shape: Shape,
    with_dist: bool,
    with_hash: bool,
    with_coord: bool,
    sort: Sort,
    any: bool,
    /// At most this many results (0: all).
    count: u64,
    store: Option<&'a [u8]>,
    store_dist: bool,
}

enum Parsed<'a> {
    /// The source key does not exist: no search, an empty answer (a STORE deletes
    /// its destination).
    NoSource {
        store: Option<&'a [u8]>,
    },
    Ready(Search<'a>),
}

/// One member found.
pub(super) struct Point {
    member: Vec<u8>,
    xy: (f64, f64),
    pub(super) dist: f64,
    score: f64,
}

/// `extractDistanceOrReply`: `radius unit` → (metres per unit, radius).
fn radius_and_unit(argv: &[Vec<u8>], at: usize) -> Result<(f64, f64), Reply> {
    let radius = crate::num::parse_f64(&argv[at]).ok_or_else(|| Reply::err("ERR need numeric radius"))?;
    if radius < 0.0 {
        return Err(Reply::err("ERR radius cannot be negative"));
    }
    Ok((unit(&argv[at + 1])?, radius))
}

/// `extractBoxOrReply`: `width height unit` → (metres per unit, width, height).
fn box_and_unit(argv: &[Vec<u8>], at: usize) -> Result<(f64, f64, f64), Reply> {
    let width = crate::num::parse_f64(&argv[at]).ok_or_else(|| Reply::err("ERR need numeric width"))?;
    let height = crate::num::parse_f64(&argv[at + 1]).ok_or_else(|| Reply::err("ERR need numeric height"))?;
    if height < 0.0 || width < 0.0 {
        return Err(Reply::err("ERR height or width cannot be negative"));
    }
    Ok((unit(&argv[at + 2])?, width, height))
}

fn member_position(z: &ZSet, member: &[u8]) -> Result<(f64, f64), Reply> {
    z.score(member)
        .map(geohash::decode_score)
        .ok_or_else(|| Reply::err("ERR could not decode requested zset member"))
}

/// Reads the arguments of `georadiusGeneric`.
fn parse<'a>(argv: &'a [Vec<u8>], flags: u8, z: Option<&ZSet>) -> Result<Parsed<'a>, Reply> {
    let mut shape = Shape {
        kind: ShapeKind::Radius(0.0),
        xy: (0.0, 0.0),
        conversion: 0.0,
    };
    let mut store: Option<&'a [u8]> = None;
    let mut store_dist = false;
    let base;
    if flags & RADIUS_COORDS != 0 {
        base = 6;
        shape.xy = long_lat(argv, 2)?;
        let (conversion, radius) = radius_and_unit(argv, base - 2)?;
        shape.conversion = conversion;
        shape.kind = ShapeKind::Radius(radius);
    } else if flags & RADIUS_MEMBER != 0 {
        base = 5;
        // Without a source key the rest is still parsed, to know which reply to give.
        if let Some(z) = z {
            shape.xy = member_position(z, &argv[2])?;
            let (conversion, radius) = radius_and_unit(argv, base - 2)?;
            shape.conversion = conversion;
            shape.kind = ShapeKind::Radius(radius);
        }
    } else {
        base = if flags & GEOSEARCHSTORE != 0 { 3 } else { 2 };
        if flags & GEOSEARCHSTORE != 0 {
            store = Some(&argv[1]);
        }
    }

    let (mut with_dist, mut with_hash, mut with_coord) = (false, false, false);
    let (mut from_member, mut from_loc, mut by_radius, mut by_box) = (false, false, false, false);
    let mut sort = Sort::None;
    let mut any = false;
    let mut count: i64 = 0;
    let search = flags & GEOSEARCH != 0;
    let can_store = flags & (RADIUS_NOSTORE | GEOSEARCH) == 0;
    let remaining = argv.len().saturating_sub(base);
    let mut i = 0;
    while i < remaining {
        let at = base + i;
        let arg = argv[at].to_ascii_lowercase();
        match arg.as_slice() {
            b"withdist" => with_dist = true,
            b"withhash" => with_hash = true,
            b"withcoord" => with_coord = true,
            b"any" => any = true,
            b"asc" => sort = Sort::Asc,
            b"desc" => sort = Sort::Desc,
            b"count" if i + 1 < remaining => {
                count = crate::num::parse_i64(&argv[at + 1]).ok_or_else(|| Reply::err(crate::reply::NOT_INTEGER))?;
                if count <= 0 {
                    return Err(Reply::err("ERR COUNT must be > 0"));
                }
                i += 1;
            }
            b"store" | b"storedist" if i + 1 < remaining && can_store => {
                store = Some(&argv[at + 1]);
                store_dist = arg == b"storedist";
                i += 1;
            }
            b"storedist" if search && flags & GEOSEARCHSTORE != 0 => store_dist = true,
            b"frommember" if i + 1 < remaining && search && !from_loc => {
                if let Some(z) = z {
                    shape.xy = member_position(z, &argv[at + 1])?;
                }
                from_member = true;
                i += 1;
            }
            b"fromlonlat" if i + 2 < remaining && search && !from_member => {
                shape.xy = long_lat(argv, at + 1)?;
                from_loc = true;
                i += 2;
            }
            b"byradius" if i + 2 < remaining && search && !by_box => {
                let (conversion, radius) = radius_and_unit(argv, at + 1)?;
                shape.conversion = conversion;
                shape.kind = ShapeKind::Radius(radius);
                by_radius = true;
                i += 2;
            }
            b"bybox" if i + 3 < remaining && search && !by_radius => {
                let (conversion, width, height) = box_and_unit(argv, at + 1)?;
                shape.conversion = conversion;
                shape.kind = ShapeKind::Box { width, height };
                by_box = true;
                i += 3;
            }
            _ => return Err(Reply::syntax_error()),
        }
        i += 1;
    }

    if store.is_some() && (with_dist || with_hash || with_coord) {
        let what = if flags & GEOSEARCHSTORE != 0 {
            "GEOSEARCHSTORE"
        } else {
            "STORE option in GEORADIUS"
        };
        return Err(Reply::err(format!(
            "ERR {what} is not compatible with WITHDIST, WITHHASH and WITHCOORD options"
        )));
    }
    let name = String::from_utf8_lossy(&argv[0]);
    if search && !(from_member || from_loc) {
        return Err(Reply::err(format!(
            "ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for {name}"
        )));
    }
    if search && !(by_radius || by_box) {
        return Err(Reply::err(format!(
            "ERR exactly one of BYRADIUS and BYBOX can be specified for {name}"
        )));
    }
    if any && count == 0 {
        return Err(Reply::err("ERR the ANY argument requires COUNT argument"));
    }
    if z.is_none() {
        return Ok(Parsed::NoSource { store });
    }
    // COUNT means the closest ones: ascending unless said otherwise (not with ANY).
    if count != 0 && sort == Sort::None && !any {
        sort = Sort::Asc;
    }
    Ok(Parsed::Ready(Search {
        shape,
        with_dist,
        with_hash,
        with_coord,
        sort,
        any,
        count: count as u64,
        store,
        store_dist,
    }))
}

/// The cells' score ranges, as `[min, max)` ranges of the sorted set.
fn cell_ranges(shape: &Shape) -> Vec<ScoreRange> {
    geohash::areas_by_shape(shape)
        .score_ranges()
        .into_iter()
        .map(|(min, max)| ScoreRange {
            min,
            max,
            min_ex: false,
            max_ex: true,
        })
        .collect()
}

/// `membersOfAllNeighbors`: the members inside the shape, cell after cell; with ANY,
/// it stops once `count` are found.
fn find(z: &ZSet, s: &Search) -> Vec<Point> {
    let limit = if s.any { s.count } else { 0 };
    let full = |found: &Vec<Point>| !found.is_empty() && limit != 0 && found.len() as u64 >= limit;
    let mut found = Vec::new();
    for range in cell_ranges(&s.shape) {
        if full(&found) {
            break;
        }
        for (member, score) in z.index.iter_score_range(&range) {
            if let Some((xy, dist)) = geohash::within_shape(&s.shape, score) {
                found.push(Point {
                    member: member.to_vec(),
                    xy,
                    dist,
                    score,
                });
            }
            if full(&found) {
                break;
            }
        }
    }
    found
}

/// Redis's comparators: 1, 0 or -1 by distance (a NaN distance compares as "less").
fn compare(a: &Point, b: &Point, sort: Sort) -> i32 {
    let asc = if a.dist > b.dist {
        1
    } else if a.dist == b.dist {
        0
    } else {
        -1
    };
    if sort == Sort::Desc {
        -asc
    } else {
        asc
    }
}

fn run(ctx: &mut Ctx, src: usize, flags: u8) -> CmdResult {
    let argv = ctx.argv;
    let z = geo_ref(ctx, &argv[src])?;
    let search = match parse(argv, flags, z)? {
        Parsed::Ready(search) => search,
        Parsed::NoSource { store: Some(dst) } => {
            if ctx.delete_key(dst) {
                ctx.notify(notify::GENERIC, "del", dst);
                ctx.dirty(1);
            }
            return Ok(Reply::Int(0));
        }
        Parsed::NoSource { store: None } => return Ok(Reply::Array(vec![])),
    };
    let mut found = z.map(|z| find(z, &search)).unwrap_or_default();
    if found.is_empty() && search.store.is_none() {
        return Ok(Reply::Array(vec![]));
    }
    let total = found.len();
    let returned = if search.count == 0 || (total as u64) < search.count {
        total
    } else {
        search.count as usize
    };
    if search.sort != Sort::None {
        let cmp = |a: &Point, b: &Point| compare(a, b, search.sort);
        if returned == total {
            merge_sort(&mut found, cmp);
        } else {
            partial_quicksort(&mut found, returned - 1, cmp);
        }
    }
    found.truncate(returned);
    for p in &mut found {
        p.dist /= search.shape.conversion;
    }
    match search.store {
        None => Ok(results_reply(found, &search)),
        Some(dst) => store(ctx, dst, found, search.store_dist, flags),
    }
}

fn results_reply(found: Vec<Point>, s: &Search) -> Reply {
    let options = usize::from(s.with_dist) + usize::from(s.with_hash) + usize::from(s.with_coord);
    Reply::Array(
        found
            .into_iter()
            .map(|p| {
                if options == 0 {
                    return Reply::Bulk(p.member);
                }
                let mut item = Vec::with_capacity(options + 1);
                item.push(Reply::Bulk(p.member));
                if s.with_dist {
                    item.push(Reply::bulk(geohash::distance_text(p.dist)));
                }
                if s.with_hash {
                    item.push(Reply::Int(p.score as i64));
                }
                if s.with_coord {
                    item.push(coord_reply(p.xy));
                }
                Reply::Array(item)
            })
            .collect(),
    )
}

/// STORE, STOREDIST and GEOSEARCHSTORE: the results become a sorted set scored by
/// geohash or by distance (in the unit asked); none deletes the destination.
fn store(ctx: &mut Ctx, dst: &[u8], found: Vec<Point>, by_dist: bool, flags: u8) -> CmdResult {
    let n = found.len();
    if n == 0 {
        if ctx.delete_key(dst) {
            ctx.notify(notify::GENERIC, "del", dst);
            ctx.dirty(1);
        }
        return Ok(Reply::Int(0));
    }
    let entries = found
        .into_iter()
        .map(|p| (p.member, if by_dist { p.dist } else { p.score }))
        .collect();
    let config = &ctx.eng.config;
    let (max_entries, max_value) = (config.zset_max_listpack_entries(), config.zset_max_listpack_value());
    let z = ZSet::from_entries(entries, max_entries, max_value, &mut ctx.eng.rng);
    ctx.set_key(dst, Value::ZSet(Box::new(z)), false);
    let event = if flags & GEOSEARCH != 0 {
        "geosearchstore"
    } else {
        "georadiusstore"
    };
    ctx.notify(notify::ZSET, event, dst);
    ctx.dirty(n as u64);
    Ok(Reply::Int(n as i64))
}

pub(super) fn georadius(ctx: &mut Ctx) -> CmdResult {
    run(ctx, 1, RADIUS_COORDS)
}

pub(super) fn georadiusbymember(ctx: &mut Ctx) -> CmdResult {
    run(ctx, 1, RADIUS_MEMBER)
}

pub(super) fn georadius_ro(ctx: &mut Ctx) -> CmdResult {
    run(ctx, 1, RADIUS_COORDS | RADIUS_NOSTORE)
}

pub(super) fn georadiusbymember_ro(ctx: &mut Ctx) -> CmdResult {
    run(ctx, 1, RADIUS_MEMBER | RADIUS_NOSTORE)
}

pub(super) fn geosearch(ctx: &mut Ctx) -> CmdResult {
    run(ctx, 1, GEOSEARCH)
}

pub(super) fn geosearchstore(ctx: &mut Ctx) -> CmdResult {
    run(ctx, 2, GEOSEARCH | GEOSEARCHSTORE)
}

/// GEORADIUS's keys as COMMAND GETKEYS finds them with its key specs: the source, then
/// the key after the first STORE and after the first STOREDIST, looked for from
/// position `from` on.
fn radius_keys(argv: &[Vec<u8>], from: usize) -> Vec<usize> {
    let mut keys = vec![1];
    for word in [&b"store"[..], b"storedist"] {
        let found = (from..argv.len().saturating_sub(1)).find(|&i| argv[i].eq_ignore_ascii_case(word));
        keys.extend(found.map(|i| i + 1));
    }
    keys
}

pub(super) fn georadius_keys(argv: &[Vec<u8>]) -> Vec<usize> {
    radius_keys(argv, 6)
}

pub(super) fn georadiusbymember_keys(argv: &[Vec<u8>]) -> Vec<usize> {
    radius_keys(argv, 5)
}

/// The work limit's estimate: the members in the nine cells the search would walk
/// (counted in O(log n) each), each decoded and measured.
fn search_cost(c: &CostInput, src: usize, flags: u8) -> Option<Estimate> {
    let z = match c.db.keys.get(c.argv.get(src)?.as_slice()).map(|o| &o.value) {
        Some(Value::ZSet(z)) => Some(&**z),
        Some(_) => return None,
        None => None,
    };
    let candidates: u64 = match (parse(c.argv, flags, z).ok()?, z) {
        (Parsed::Ready(search), Some(z)) => cell_ranges(&search.shape)
            .iter()
            .map(|r| z.index.count_in_score(r) as u64)
            .sum(),
        _ => 0,
    };
    Estimate::new(candidates, 10_000, "members")
}

pub(super) fn georadius_cost(c: &CostInput) -> Option<Estimate> {
    search_cost(c, 1, RADIUS_COORDS)
}

pub(super) fn georadiusbymember_cost(c: &CostInput) -> Option<Estimate> {
    search_cost(c, 1, RADIUS_MEMBER)
}

pub(super) fn georadius_ro_cost(c: &CostInput) -> Option<Estimate> {
    search_cost(c, 1, RADIUS_COORDS | RADIUS_NOSTORE)
}

pub(super) fn georadiusbymember_ro_cost(c: &CostInput) -> Option<Estimate> {
    search_cost(c, 1, RADIUS_MEMBER | RADIUS_NOSTORE)
}

pub(super) fn geosearch_cost(c: &CostInput) -> Option<Estimate> {
    search_cost(c, 1, GEOSEARCH)
}

pub(super) fn geosearchstore_cost(c: &CostInput) -> Option<Estimate> {
    search_cost(c, 2, GEOSEARCH | GEOSEARCHSTORE)
}
