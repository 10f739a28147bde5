//! A geo set's scores (Redis's geohash.c and geohash_helper.c): a position is a sorted
//! set member whose score is its 52-bit interleaved geohash (26 bits of latitude in the
//! even bits, 26 of longitude in the odd ones), over longitudes -180..180 and latitudes
//! -85.05112878..85.05112878 (the Web Mercator limits).
//!
//! Every step is done in the order Redis's C does it, in `f64`, with the platform's
//! `sin`/`cos`/`asin`, so that decoded positions, distances and which members a search
//! finds at its edges are Redis's to the last bit. Hosts may use the public functions
//! to show a geo set: `decode_score` (a score to its longitude and latitude, as GEOPOS
//! gives them), `distance` (GEODIST's haversine, in metres), `coordinate_text` and
//! `distance_text` (the two numbers as Redis prints them), `standard_geohash` (GEOHASH's
//! 11 characters) and `encode` (GEOADD's score).

/// Steps of precision of a stored score: 26 × 2 = 52 bits.
pub const STEP_MAX: u8 = 26;

pub const LAT_MIN: f64 = -85.05112878;
pub const LAT_MAX: f64 = 85.05112878;
pub const LONG_MIN: f64 = -180.0;
pub const LONG_MAX: f64 = 180.0;

/// The Earth's quadratic mean radius for WGS-84, in metres (Redis's constant).
pub const EARTH_RADIUS_IN_METERS: f64 = 6372797.560856;
const MERCATOR_MAX: f64 = 20037726.37;
/// `M_PI / 180.0`, folded in double precision as the C compiler folds it.
const D_R: f64 = std::f64::consts::PI / 180.0;

fn deg_rad(ang: f64) -> f64 {
    ang * D_R
}

fn rad_deg(ang: f64) -> f64 {
    ang / D_R
}

/// A geohash of `step` bits per coordinate (`GeoHashBits`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HashBits {
    pub bits: u64,
    pub step: u8,
}

impl HashBits {
    /// The "no cell" value a search uses for the neighbours it leaves out.
    pub fn is_zero(&self) -> bool {
        self.bits == 0 && self.step == 0
    }

    /// `geohashAlign52Bits`: the cell's prefix moved to the top of 52 bits.
    pub fn align52(&self) -> u64 {
        self.bits << 52u32.saturating_sub(u32::from(self.step) * 2)
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Range {
    pub min: f64,
    pub max: f64,
}

/// A decoded cell: its longitude and latitude intervals.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Area {
    pub hash: HashBits,
    pub longitude: Range,
    pub latitude: Range,
}

const WGS84_LONG: Range = Range {
    min: LONG_MIN,
    max: LONG_MAX,
};
const WGS84_LAT: Range = Range {
    min: LAT_MIN,
    max: LAT_MAX,
};

/// Spreads the low 32 bits of `x` to the even bits and those of `y` to the odd bits.
fn interleave64(xlo: u32, ylo: u32) -> u64 {
    fn spread(v: u32) -> u64 {
        let mut v = u64::from(v);
        v = (v | (v << 16)) & 0x0000_FFFF_0000_FFFF;
        v = (v | (v << 8)) & 0x00FF_00FF_00FF_00FF;
        v = (v | (v << 4)) & 0x0F0F_0F0F_0F0F_0F0F;
        v = (v | (v << 2)) & 0x3333_3333_3333_3333;
        (v | (v << 1)) & 0x5555_5555_5555_5555
    }
    spread(xlo) | (spread(ylo) << 1)
}

/// The inverse of `interleave64`: the even bits in the low half, the odd in the high.
fn deinterleave64(interleaved: u64) -> u64 {
    fn gather(v: u64) -> u64 {
        let mut v = v & 0x5555_5555_5555_5555;
        v = (v | (v >> 1)) & 0x3333_3333_3333_3333;
        v = (v | (v >> 2)) & 0x0F0F_0F0F_0F0F_0F0F;
        v = (v | (v >> 4)) & 0x00FF_00FF_00FF_00FF;
        v = (v | (v >> 8)) & 0x0000_FFFF_0000_FFFF;
        (v | (v >> 16)) & 0x0000_0000_FFFF_FFFF
    }
    gather(interleaved) | (gather(interleaved >> 1) << 32)
}

/// `geohashEncode`: None outside the ranges (or the Web Mercator limits). The checks
/// are C's comparisons, which let a NaN through.
#[allow(clippy::manual_range_contains)]
pub fn encode_in(long_range: Range, lat_range: Range, longitude: f64, latitude: f64, step: u8) -> Option<HashBits> {
    if step > 32 || step == 0 {
        return None;
    }
    if longitude > LONG_MAX || longitude < LONG_MIN || latitude > LAT_MAX || latitude < LAT_MIN {
        return None;
    }
    if latitude < lat_range.min || latitude > lat_range.max || longitude < long_range.min || longitude > long_range.max
    {
        return None;
    }
    let mut lat_offset = (latitude - lat_range.min) / (lat_range.max - lat_range.min);
    let mut long_offset = (longitude - long_range.min) / (long_range.max - long_range.min);
    let scale = (1u64 << step) as f64;
    lat_offset *= scale;
    long_offset *= scale;
    Some(HashBits {
        bits: interleave64(lat_offset as u32, long_offset as u32),
        step,
    })
}

/// GEOADD's cell of a position (None when Redis refuses the pair).
pub fn encode(longitude: f64, latitude: f64, step: u8) -> Option<HashBits> {
    encode_in(WGS84_LONG, WGS84_LAT, longitude, latitude, step)
}

/// The score GEOADD gives a position: its 52-bit geohash as ZADD reads it.
pub fn encode_score(longitude: f64, latitude: f64) -> Option<f64> {
    encode(longitude, latitude, STEP_MAX).map(|h| h.align52() as f64)
}

/// `geohashDecode`: the cell's intervals (None for the zero hash).
pub fn decode_in(long_range: Range, lat_range: Range, hash: HashBits) -> Option<Area> {
    if hash.is_zero() {
        return None;
    }
    let sep = deinterleave64(hash.bits);
    let lat_scale = lat_range.max - lat_range.min;
    let long_scale = long_range.max - long_range.min;
    let ilato = sep as u32;
    let ilono = (sep >> 32) as u32;
    // 1 << step, as a double; the +1 of the upper bound wraps in 32 bits as in C.
    let cells = (1u64 << hash.step) as f64;
    Some(Area {
        hash,
        latitude: Range {
            min: lat_range.min + (f64::from(ilato) * 1.0 / cells) * lat_scale,
            max: lat_range.min + (f64::from(ilato.wrapping_add(1)) * 1.0 / cells) * lat_scale,
        },
        longitude: Range {
            min: long_range.min + (f64::from(ilono) * 1.0 / cells) * long_scale,
            max: long_range.min + (f64::from(ilono.wrapping_add(1)) * 1.0 / cells) * long_scale,
        },
    })
}

pub fn decode(hash: HashBits) -> Option<Area> {
    decode_in(WGS84_LONG, WGS84_LAT, hash)
}

/// `geohashDecodeAreaToLongLat`: the cell's centre, kept inside the limits.
fn area_center(area: &Area) -> (f64, f64) {
    let lon = ((area.longitude.min + area.longitude.max) / 2.0).clamp(LONG_MIN, LONG_MAX);
    let lat = ((area.latitude.min + area.latitude.max) / 2.0).clamp(LAT_MIN, LAT_MAX);
    (lon, lat)
}

/// C's `(uint64_t)` of a double as x86-64 compiles it: in range it truncates;
/// negative values wrap through int64; what does not fit gives Redis's garbage, here
/// reproduced (0x8000000000000000, or 0 above 2^64 and for +inf).
pub fn score_bits(score: f64) -> u64 {
    const TWO_63: f64 = 9_223_372_036_854_775_808.0;
    let cvtt = |v: f64| -> u64 {
        if v.is_nan() || !(-TWO_63..TWO_63).contains(&v) {
            1 << 63
        } else {
            v as i64 as u64
        }
    };
    if score.is_nan() || score < TWO_63 {
        cvtt(score)
    } else {
        cvtt(score - TWO_63) ^ (1 << 63)
    }
}

/// Whether a score could have come from GEOADD: a whole number of 52 bits (up to 54
/// for positions on the ±180° meridian or the northern limit). A sorted set whose
/// scores all pass reads as a geo set.
pub fn is_geo_score(score: f64) -> bool {
    (0.0..18_014_398_509_481_984.0).contains(&score) && score.fract() == 0.0
}

/// A geo set member's position from its score, as GEOPOS gives it: the centre of
/// its 52-bit cell, `(longitude, latitude)`. Any score decodes (as in Redis).
pub fn decode_score(score: f64) -> (f64, f64) {
    let hash = HashBits {
        bits: score_bits(score),
        step: STEP_MAX,
    };
    decode(hash).map_or((0.0, 0.0), |a| area_center(&a))
}

/// GEOHASH's 11-character standard geohash of a score: the position re-encoded over
/// latitudes -90..90, the 11th character always '0'.
pub fn standard_geohash(score: f64) -> String {
    const ALPHABET: &[u8; 32] = b"0123456789bcdefghjkmnpqrstuvwxyz";
    let (lon, lat) = decode_score(score);
    let range_lon = Range {
        min: -180.0,
        max: 180.0,
    };
    let range_lat = Range { min: -90.0, max: 90.0 };
    let bits = encode_in(range_lon, range_lat, lon, lat, 26).map_or(0, |h| h.bits);
    (0..11)
        .map(|i| {
            let idx = if i == 10 {
                0
            } else {
                (bits >> (52 - (i + 1) * 5)) & 0x1f
            };
            char::from(ALPHABET[idx as usize])
        })
        .collect()
}

fn move_x(hash: &mut HashBits, d: i8) {
    if d == 0 {
        return;
    }
    let mut x = hash.bits & 0xaaaa_aaaa_aaaa_aaaa;
    let y = hash.bits & 0x5555_5555_5555_5555;
    let shift = 64u32.saturating_sub(u32::from(hash.step) * 2);
    let zz = 0x5555_5555_5555_5555u64.checked_shr(shift).unwrap_or(0);
    if d > 0 {
        x = x.wrapping_add(zz + 1);
    } else {
        x |= zz;
        x = x.wrapping_sub(zz + 1);
    }
    x &= 0xaaaa_aaaa_aaaa_aaaau64.checked_shr(shift).unwrap_or(0);
    hash.bits = x | y;
}

fn move_y(hash: &mut HashBits, d: i8) {
    if d == 0 {
        return;
    }
    let x = hash.bits & 0xaaaa_aaaa_aaaa_aaaa;
    let mut y = hash.bits & 0x5555_5555_5555_5555;
    let shift = 64u32.saturating_sub(u32::from(hash.step) * 2);
    let zz = 0xaaaa_aaaa_aaaa_aaaau64.checked_shr(shift).unwrap_or(0);
    if d > 0 {
        y = y.wrapping_add(zz + 1);
    } else {
        y |= zz;
        y = y.wrapping_sub(zz + 1);
    }
    y &= 0x5555_5555_5555_5555u64.checked_shr(shift).unwrap_or(0);
    hash.bits = x | y;
}

/// The eight cells around one (`geohashNeighbors`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Neighbors {
    pub north: HashBits,
    pub east: HashBits,
    pub west: HashBits,
    pub south: HashBits,
    pub north_east: HashBits,
    pub south_east: HashBits,
    pub north_west: HashBits,
    pub south_west: HashBits,
}

pub fn neighbors(hash: HashBits) -> Neighbors {
    let at = |dx: i8, dy: i8| {
        let mut h = hash;
        move_x(&mut h, dx);
        move_y(&mut h, dy);
        h
    };
    Neighbors {
        east: at(1, 0),
        west: at(-1, 0),
        south: at(0, -1),
        north: at(0, 1),
        north_west: at(-1, 1),
        north_east: at(1, 1),
        south_east: at(1, -1),
        south_west: at(-1, -1),
    }
}

/// `geohashEstimateStepsByRadius`: the cell size for the nine search boxes.
#[allow(clippy::manual_range_contains)]
pub fn estimate_steps_by_radius(range_meters: f64, lat: f64) -> u8 {
    if range_meters == 0.0 {
        return 26;
    }
    let mut range_meters = range_meters;
    let mut step: i32 = 1;
    while range_meters < MERCATOR_MAX {
        range_meters *= 2.0;
        step += 1;
    }
    step -= 2;
    // Wider cells towards the poles.
    if lat > 66.0 || lat < -66.0 {
        step -= 1;
        if lat > 80.0 || lat < -80.0 {
            step -= 1;
        }
    }
    step.clamp(1, 26) as u8
}

/// What a search covers (`GeoShape`): a circle or an axis-aligned box around a point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ShapeKind {
    Radius(f64),
    Box { width: f64, height: f64 },
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Shape {
    pub kind: ShapeKind,
    /// Longitude, latitude of the centre.
    pub xy: (f64, f64),
    /// Metres per unit of the radius or the box's sides.
    pub conversion: f64,
}

/// `geohashBoundingBox`: [min_lon, min_lat, max_lon, max_lat].
pub fn bounding_box(shape: &Shape) -> [f64; 4] {
    let (longitude, latitude) = shape.xy;
    let (height, width) = match shape.kind {
        ShapeKind::Radius(r) => (shape.conversion * r, shape.conversion * r),
        ShapeKind::Box { width, height } => (shape.conversion * (height / 2.0), shape.conversion * (width / 2.0)),
    };
    let lat_delta = rad_deg(height / EARTH_RADIUS_IN_METERS);
    let long_delta_top = rad_deg(width / EARTH_RADIUS_IN_METERS / deg_rad(latitude + lat_delta).cos());
    let long_delta_bottom = rad_deg(width / EARTH_RADIUS_IN_METERS / deg_rad(latitude - lat_delta).cos());
    let southern = latitude < 0.0;
    [
        if southern {
            longitude - long_delta_bottom
        } else {
            longitude - long_delta_top
        },
        latitude - lat_delta,
        if southern {
            longitude + long_delta_bottom
        } else {
            longitude + long_delta_top
        },
        latitude + lat_delta,
    ]
}

/// The nine cells a search walks (`GeoHashRadius`): the centre's, then its
/// neighbours, those that cannot hold a match zeroed.
#[derive(Clone, Copy, Debug)]
pub struct SearchArea {
    pub hash: HashBits,
    pub neighbors: Neighbors,
    pub area: Area,
}

impl SearchArea {
    /// The cells in the order Redis searches them.
    pub fn cells(&self) -> [HashBits; 9] {
        let n = &self.neighbors;
        [
            self.hash,
            n.north,
            n.south,
            n.east,
            n.west,
            n.north_east,
            n.north_west,
            n.south_east,
            n.south_west,
        ]
    }

    /// The score ranges [min, max) to walk, consecutive duplicates skipped as
    /// `membersOfAllNeighbors` skips them.
    pub fn score_ranges(&self) -> Vec<(f64, f64)> {
        let cells = self.cells();
        let mut out = Vec::with_capacity(9);
        // As in Redis, index 0 also means "nothing processed yet": the north cell is
        // never compared with the centre's.
        let mut last = 0;
        for (i, cell) in cells.iter().enumerate() {
            if cell.is_zero() {
                continue;
            }
            if last != 0 && cells[last] == *cell {
                continue;
            }
            let min = cell.align52();
            let next = HashBits {
                bits: cell.bits.wrapping_add(1),
                step: cell.step,
            };
            out.push((min as f64, next.align52() as f64));
            last = i;
        }
        out
    }
}

/// `geohashCalculateAreasByShapeWGS84`.
pub fn areas_by_shape(shape: &Shape) -> SearchArea {
    let [min_lon, min_lat, max_lon, max_lat] = bounding_box(shape);
    let (longitude, latitude) = shape.xy;
    let radius_meters = match shape.kind {
        ShapeKind::Radius(r) => r,
        ShapeKind::Box { width, height } => ((width / 2.0) * (width / 2.0) + (height / 2.0) * (height / 2.0)).sqrt(),
    } * shape.conversion;
    let mut steps = estimate_steps_by_radius(radius_meters, latitude);
    let at = |steps: u8| {
        let hash = encode(longitude, latitude, steps).unwrap_or(HashBits { bits: 0, step: steps });
        let area = decode(hash).unwrap_or_default();
        (hash, neighbors(hash), area)
    };
    let (mut hash, mut nb, mut area) = at(steps);
    // A step too coarse near the edges of its cell: one less.
    let side = |h: HashBits| decode(h).unwrap_or_default();
    let decrease = side(nb.north).latitude.max < max_lat
        || side(nb.south).latitude.min > min_lat
        || side(nb.east).longitude.max < max_lon
        || side(nb.west).longitude.min > min_lon;
    if steps > 1 && decrease {
        steps -= 1;
        (hash, nb, area) = at(steps);
    }
    if steps >= 2 {
        let zero = HashBits::default();
        if area.latitude.min < min_lat {
            nb.south = zero;
            nb.south_west = zero;
            nb.south_east = zero;
        }
        if area.latitude.max > max_lat {
            nb.north = zero;
            nb.north_east = zero;
            nb.north_west = zero;
        }
        if area.longitude.min < min_lon {
            nb.west = zero;
            nb.south_west = zero;
            nb.north_west = zero;
        }
        if area.longitude.max > max_lon {
            nb.east = zero;
            nb.south_east = zero;
            nb.north_east = zero;
        }
    }
    SearchArea {
        hash,
        neighbors: nb,
        area,
    }
}

/// `geohashGetLatDistance`: along a meridian.
pub fn lat_distance(lat1d: f64, lat2d: f64) -> f64 {
    EARTH_RADIUS_IN_METERS * (deg_rad(lat2d) - deg_rad(lat1d)).abs()
}

/// `geohashGetDistance`: the haversine great-circle distance in metres, as GEODIST
/// computes it.
pub fn distance(lon1d: f64, lat1d: f64, lon2d: f64, lat2d: f64) -> f64 {
    let lon1r = deg_rad(lon1d);
    let lon2r = deg_rad(lon2d);
    let v = ((lon2r - lon1r) / 2.0).sin();
    if v == 0.0 {
        return lat_distance(lat1d, lat2d);
    }
    let lat1r = deg_rad(lat1d);
    let lat2r = deg_rad(lat2d);
    let u = ((lat2r - lat1r) / 2.0).sin();
    let a = u * u + lat1r.cos() * lat2r.cos() * v * v;
    2.0 * EARTH_RADIUS_IN_METERS * a.sqrt().asin()
}

/// `geoWithinShape`: the decoded position of a score and its distance from the
/// centre, when it lies inside the shape.
pub fn within_shape(shape: &Shape, score: f64) -> Option<((f64, f64), f64)> {
    let xy = decode_score(score);
    let (x1, y1) = shape.xy;
    let (x2, y2) = xy;
    match shape.kind {
        ShapeKind::Radius(r) => {
            // Only a distance greater than the radius is out (a NaN one is in).
            let d = distance(x1, y1, x2, y2);
            if d > r * shape.conversion {
                None
            } else {
                Some((xy, d))
            }
        }
        ShapeKind::Box { width, height } => {
            let (width_m, height_m) = (width * shape.conversion, height * shape.conversion);
            if lat_distance(y2, y1) > height_m / 2.0 {
                return None;
            }
            if distance(x2, y2, x1, y2) > width_m / 2.0 {
                return None;
            }
            Some((xy, distance(x1, y1, x2, y2)))
        }
    }
}

/// A coordinate as GEOPOS and WITHCOORD print it: Redis's `%.17Lf` of the double made
/// a long double (exact), trailing zeros trimmed. The exact value times 10^17 is
/// rounded to an integer (ties to even) in 128-bit arithmetic: a search WITHCOORD
/// prints two per member, and this is many times cheaper than a general printer.
pub fn coordinate_text(v: f64) -> String {
    const SCALE: u128 = 100_000_000_000_000_000; // 10^17
    if !v.is_finite() || v.abs() >= 1e21 {
        return crate::longdouble::LongDouble::from_f64(v).to_human();
    }
    let bits = v.to_bits();
    let exp_bits = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1 << 52) - 1);
    let (m, e) = if exp_bits == 0 {
        (frac, -1074)
    } else {
        (frac | (1 << 52), exp_bits - 1075)
    };
    let product = u128::from(m) * SCALE;
    let scaled = if e >= 0 {
        product << e
    } else if -e > 110 {
        0 // below half of 10^-17
    } else {
        let shift = (-e) as u32;
        let (q, r, half) = (product >> shift, product & ((1 << shift) - 1), 1u128 << (shift - 1));
        if r > half || (r == half && q & 1 == 1) {
            q + 1
        } else {
            q
        }
    };
    let (int, decimals) = (scaled / SCALE, scaled % SCALE);
    let mut out = String::with_capacity(24);
    if bits >> 63 != 0 && scaled != 0 {
        out.push('-');
    }
    out.push_str(&int.to_string());
    if decimals != 0 {
        let digits = format!("{decimals:017}");
        out.push('.');
        out.push_str(digits.trim_end_matches('0'));
    }
    out
}

/// A distance as GEODIST and WITHDIST print it: four decimals, rounded half to even
/// (`fixedpoint_d2string` with `llrint`).
pub fn distance_text(d: f64) -> String {
    if d == 0.0 {
        return "0.0000".into();
    }
    let scaled = (d * 10000.0).round_ties_even();
    let limit = -(i64::MIN as f64); // 2^63
    let n: i64 = if scaled.is_nan() || !(-limit..limit).contains(&scaled) {
        i64::MIN
    } else {
        scaled as i64
    };
    let sign = if n < 0 { "-" } else { "" };
    let v = n.unsigned_abs();
    format!("{sign}{}.{:04}", v / 10000, v % 10000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn palermo_as_redis_stores_and_prints_it() {
        let score = encode_score(13.361389, 38.115556).unwrap();
        assert_eq!(score, 3479099956230698.0);
        let (lon, lat) = decode_score(score);
        assert_eq!(coordinate_text(lon), "13.36138933897018433");
        assert_eq!(coordinate_text(lat), "38.11555639549629859");
        assert_eq!(standard_geohash(score), "sqc8b49rny0");
        let catania = encode_score(15.087269, 37.502669).unwrap();
        let (lon2, lat2) = decode_score(catania);
        assert_eq!(distance_text(distance(lon, lat, lon2, lat2)), "166274.1516");
        assert_eq!(distance_text(distance(lon, lat, lon2, lat2) / 1000.0), "166.2742");
    }

    #[test]
    fn interleaving_round_trips() {
        for (x, y) in [(0u32, 0u32), (1, 0), (0, 1), (0x3ff_ffff, 0x155_5555), (u32::MAX, 7)] {
            let sep = deinterleave64(interleave64(x, y));
            assert_eq!((sep as u32, (sep >> 32) as u32), (x, y));
        }
    }

    #[test]
    fn out_of_range_pairs_do_not_encode() {
        assert!(encode_score(180.1, 0.0).is_none());
        assert!(encode_score(0.0, 85.06).is_none());
        assert!(encode_score(180.0, LAT_MAX).is_some());
        assert!(is_geo_score(encode_score(180.0, LAT_MAX).unwrap()));
        assert!(is_geo_score(encode_score(-180.0, LAT_MIN).unwrap()));
        assert!(!is_geo_score(-1.0) && !is_geo_score(0.5) && !is_geo_score(f64::INFINITY));
    }

    #[test]
    fn coordinates_print_like_the_long_double_printer() {
        let mut x: u64 = 0x1234_5678_9abc_def1;
        for i in 0..20_000u64 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let v = match i % 3 {
                0 => (x >> 11) as f64 / (1u64 << 53) as f64 * 360.0 - 180.0,
                1 => ((x >> 20) as f64) / (1u64 << 38) as f64 - 4000.0,
                // Multiples of 2^-18: exact ties at the 17th decimal.
                _ => ((x % 100_000) as f64 - 50_000.0) / 262_144.0,
            };
            let expected = crate::longdouble::LongDouble::from_f64(v).to_human();
            assert_eq!(coordinate_text(v), expected, "{v:e}");
        }
        for v in [
            5e-324,
            -1e-300,
            4.9e-18,
            5.1e-18,
            123456789.123,
            1e20,
            -9.99e20,
            1e21,
            1e300,
        ] {
            let expected = crate::longdouble::LongDouble::from_f64(v).to_human();
            assert_eq!(coordinate_text(v), expected, "{v:e}");
        }
        assert_eq!(coordinate_text(-1e-20), "0");
        assert_eq!(coordinate_text(180.0), "180");
    }

    #[test]
    fn distances_print_with_four_decimals() {
        assert_eq!(distance_text(0.0), "0.0000");
        assert_eq!(distance_text(0.00005), "0.0000");
        assert_eq!(distance_text(12.5), "12.5000");
        assert_eq!(distance_text(f64::NAN), "-922337203685477.5808");
    }

    #[test]
    fn scores_convert_like_x86_64() {
        assert_eq!(score_bits(5.0), 5);
        assert_eq!(score_bits(-1.0), u64::MAX);
        assert_eq!(score_bits(f64::INFINITY), 0);
        assert_eq!(score_bits(f64::NEG_INFINITY), 1 << 63);
        assert_eq!(score_bits(1e19), 10_000_000_000_000_000_000);
        assert_eq!(score_bits(1e30), 0);
    }
}
