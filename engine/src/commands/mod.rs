//! Command handlers, one module per data type or area, the way Redis keeps
//! t_string.c, t_hash.c... Each module owns its type's representation and exports
//! its entries of the command table as `COMMANDS`.

pub mod acl;
pub mod bitmap;
pub mod client;
pub mod cluster;
pub mod connection;
pub mod dump;
pub mod generic;
pub mod geo;
pub mod hash;
pub mod hll;
pub mod introspect;
pub mod list;
pub mod modules;
pub mod persist;
pub mod pubsub;
pub mod scripting;
pub mod server;
pub mod set;
pub mod sort;
pub mod stream;
pub mod string;
pub mod transaction;
pub mod zset;

use crate::budget::{CostInput, Estimate};

/// The keys after a `numkeys` argument at position `at` (`ZUNION 2 a b`): Redis's
/// getkeys for the numkeys forms. A numkeys larger than the arguments
/// (`ZUNION 9223372036854775807 k`) ends at the last one; a bad one gives no keys.
fn after_numkeys(argv: &[Vec<u8>], at: usize) -> Vec<usize> {
    match argv.get(at).and_then(|n| crate::num::parse_i64(n)).filter(|&n| n > 0) {
        Some(n) => (at + 1..(at + 1).saturating_add(n as usize).min(argv.len())).collect(),
        None => vec![],
    }
}

/// `ZUNION numkeys key ...`, `LMPOP numkeys key ...`: numkeys first.
pub fn numkeys_first(argv: &[Vec<u8>]) -> Vec<usize> {
    after_numkeys(argv, 1)
}

/// `BLMPOP timeout numkeys key ...`: numkeys after the timeout.
pub fn numkeys_second(argv: &[Vec<u8>]) -> Vec<usize> {
    after_numkeys(argv, 2)
}

/// `ZUNIONSTORE destination numkeys key ...`: the destination, then the numkeys form.
pub fn destination_then_numkeys(argv: &[Vec<u8>]) -> Vec<usize> {
    let keys = after_numkeys(argv, 2);
    if keys.is_empty() {
        return keys;
    }
    std::iter::once(1).chain(keys).collect()
}

/// Reading a whole collection (SMEMBERS, HGETALL...).
pub fn whole_collection_cost(c: &CostInput) -> Option<Estimate> {
    Estimate::new(c.size(1), 1500, "elements")
}

/// A range by rank (LRANGE, ZRANGE without BYSCORE/BYLEX, whose range length is not
/// known before it runs).
pub fn rank_range_cost(c: &CostInput) -> Option<Estimate> {
    let by_value = c
        .argv
        .iter()
        .skip(4)
        .any(|a| a.eq_ignore_ascii_case(b"byscore") || a.eq_ignore_ascii_case(b"bylex"));
    if by_value {
        return None;
    }
    Estimate::new(c.rank_range(), 1500, "elements")
}

/// Copying a whole value (COPY, ZRANGESTORE's source).
pub fn copy_cost(c: &CostInput) -> Option<Estimate> {
    Estimate::new(c.size(1), 2000, "elements")
}

/// HSCAN/SSCAN/ZSCAN with a COUNT.
pub fn scan_members_cost(c: &CostInput) -> Option<Estimate> {
    Estimate::new(c.option_count(3).min(c.size(1)), 8000, "elements")
}

/// SRANDMEMBER/ZRANDMEMBER/HRANDFIELD with a count (negative: that many, repeats allowed).
pub fn random_count_cost(c: &CostInput) -> Option<Estimate> {
    let count = c.int(2)?;
    let picks = if count < 0 {
        count.unsigned_abs()
    } else {
        (count as u64).min(c.size(1))
    };
    Estimate::new(picks, 2500, "elements")
}

/// Indexes for HRANDFIELD/SRANDMEMBER/ZRANDMEMBER/SPOP-style sampling over `len`
/// elements: a non-negative count picks distinct elements (all of them, in order, when
/// it covers the whole collection); a negative count picks |count| with repetition.
pub fn random_picks(rng: &mut crate::rng::Rng, len: usize, count: i64) -> Vec<usize> {
    if len == 0 || count == 0 {
        return Vec::new();
    }
    if count < 0 {
        return (0..count.unsigned_abs())
            .map(|_| rng.below(len as u64) as usize)
            .collect();
    }
    let count = count as usize;
    if count >= len {
        return (0..len).collect();
    }
    // A partial Fisher-Yates shuffle over the indexes.
    let mut idx: Vec<usize> = (0..len).collect();
    for i in 0..count {
        let j = i + rng.below((len - i) as u64) as usize;
        idx.swap(i, j);
    }
    idx.truncate(count);
    idx
}

/// Redis's `addReplyHelp`: the header naming the command as the client typed it, the
/// command's own lines, then HELP.
pub fn help_reply(argv0: &[u8], lines: &[&str]) -> crate::reply::Reply {
    use crate::reply::Reply;
    let mut out = Vec::with_capacity(lines.len() + 3);
    out.push(Reply::status_line(format!(
        "{} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        String::from_utf8_lossy(argv0).to_ascii_uppercase()
    )));
    out.extend(lines.iter().map(|l| Reply::status(l)));
    out.push(Reply::status("HELP"));
    out.push(Reply::status("    Prints this help."));
    Reply::Array(out)
}
