//! Command handlers, one module per data type or area, the way Redis keeps
//! t_string.c, t_hash.c... Each module owns its type's representation and exports
//! its entries of the command table as `COMMANDS`.

pub mod bitmap;
pub mod connection;
pub mod generic;
pub mod hash;
pub mod hll;
pub mod list;
pub mod pubsub;
pub mod server;
pub mod set;
pub mod sort;
pub mod string;
pub mod transaction;
pub mod zset;

use crate::table::CommandSpec;

/// Positions of the key arguments of a command (COMMAND GETKEYS), from its key triple
/// or, for commands whose keys move (numkeys forms), from their own rules.
pub fn keys_of(spec: &CommandSpec, args: &[Vec<u8>]) -> Vec<usize> {
    let numkeys_at = |i: usize| crate::num::parse_i64(args.get(i).map_or(&[][..], |a| a)).filter(|&n| n > 0);
    // A numkeys larger than the arguments (ZUNION 9223372036854775807 k) ends at the last one.
    let numkeys_end = |first: usize, n: i64| first.saturating_add(n as usize).min(args.len());
    match spec.name {
        "zunionstore" | "zinterstore" | "zdiffstore" => match numkeys_at(2) {
            Some(n) => std::iter::once(1).chain(3..numkeys_end(3, n)).collect(),
            None => vec![],
        },
        "zunion" | "zinter" | "zdiff" | "zintercard" | "sintercard" | "lmpop" | "zmpop" => match numkeys_at(1) {
            Some(n) => (2..numkeys_end(2, n)).collect(),
            None => vec![],
        },
        "blmpop" | "bzmpop" => match numkeys_at(2) {
            Some(n) => (3..numkeys_end(3, n)).collect(),
            None => vec![],
        },
        _ => {
            let k = spec.keys;
            if k.first <= 0 {
                return vec![];
            }
            let last = if k.last < 0 { args.len() as i32 + k.last } else { k.last };
            (k.first..=last)
                .step_by(k.step.max(1) as usize)
                .map(|i| i as usize)
                .filter(|&i| i < args.len())
                .collect()
        }
    }
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
