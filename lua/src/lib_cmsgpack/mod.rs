//! Redis's `cmsgpack` library (Redis 7.0.15's deps/lua/src/lua_cmsgpack.c, Salvatore
//! Sanfilippo's lua-cmsgpack 0.4.0 with Redis's security fixes): MessagePack for Lua
//! values. `cmsgpack.pack(v1, ...)` encodes each argument and concatenates the
//! encodings; `cmsgpack.unpack(s)` decodes every value of the stream `s`;
//! `cmsgpack.unpack_one(s [, offset])` decodes one and `cmsgpack.unpack_limit(s, limit
//! [, offset])` at most `limit`, both returning first the offset of what is left (-1
//! when nothing is). The table also holds `_NAME`, `_VERSION`, `_COPYRIGHT`,
//! `_DESCRIPTION`, as the C module sets them.
//!
//! What the C code chooses, reproduced (each seen on the oracle, Redis 7.0.15 on x86-64):
//! - a number whose value a 64-bit integer holds exactly is an integer, in the
//!   smallest form (fixnum, uint 8/16/32/64 when positive, int 8/16/32/64 when
//!   negative; -0 is 0); any other is a float 32 when the single-precision value is
//!   the same number (0.5, inf, 2^63), else a float 64 (0.1, NaN);
//! - strings are "raw" (fixraw, str 8, 16, 32: never the bin types);
//! - a table whose keys are exactly the numbers 1..n (n may be 0) is an array, any
//!   other a map in `next` order; functions and nil are nil; tables nested 16 deep
//!   are nil at the 17th level (LUACMSGPACK_MAX_NESTING), so a table holding itself
//!   packs too;
//! - decoding knows fixnum, uint/int 8-64 (a uint 64 goes through a signed 64-bit
//!   integer: `\xcf` then eight 0xff decodes to -1), float 32/64, nil, booleans,
//!   str 8/16/32, arrays and maps; anything else (bin, ext, 0xc1) is "Bad data format
//!   in input.", a cut value "Missing bytes in input.", a map key that is nil or NaN
//!   Lua's own "table index is nil" / "table index is NaN" (no position: `lua_settable`
//!   raised it from C);
//! - the C functions' use of Lua's stack is counted as the C code uses it, so the
//!   same inputs fail with the same "stack overflow (...)" messages where
//!   `luaL_checkstack` would pass LUAI_MAXCSTACK (8000): `unpack` returns at most
//!   7999 values less its extra arguments, arrays nest about 4000 deep, and `pack`
//!   refuses more than 4000 arguments ("Too many arguments for MessagePack pack.")
//!   and runs out of stack on tables among its last arguments;
//! - the offsets' quirks: `unpack_limit(s, 0)` decodes everything and returns no
//!   offset (limit 0 and offset 0 mean "all"), and the "Invalid request to unpack
//!   with offset of %d and limit of %d." message shows the input's length as the
//!   limit, both through C's `(int)` cast.
//!
//! Nothing recurses on the Rust stack without a bound: encoding recurses at most 17
//! deep (the nesting limit), decoding keeps its open arrays and maps in a vector.
//!
//! Left out, deliberately: `cmsgpack_safe` (Redis does not load it). Differences: an
//! encoding longer than `lib_string::MAX_STRING` is refused with "not enough memory"
//! (Redis builds it: a table holding itself four times packs to 4^16 nils, minutes
//! and gigabytes), and so is an `unpack` whose tables and strings would add more than
//! `MAX_DECODED` bytes to the script's heap (Redis would allocate them). Neither can
//! be paused midway: up to 64 MiB of encoding (a table holding itself three times,
//! which Redis packs in about two seconds) is one step, charged afterwards.

use crate::lib_string::MAX_STRING;
use crate::table::Table;
use crate::value::Value;
use crate::vm::{NativeFn, Vm};

mod pack;
mod unpack;

use pack::pack;
use unpack::{unpack, unpack_limit, unpack_one};

/// LUACMSGPACK_MAX_NESTING: a table this many levels down is packed as nil.
const MAX_NESTING: usize = 16;
/// LUAI_MAXCSTACK: the most values a C function may have on Lua's stack.
const MAX_C_STACK: usize = 8000;
/// What one `unpack` may add to the script's heap (its accounted bytes) before it is
/// refused: room for a string as long as any a script can make, and its tables.
pub const MAX_DECODED: usize = 2 * MAX_STRING;

/// mp_decode_to_lua_type's luaL_checkstack message.
const TOO_MANY_VALUES: &str = "too many return values at once; use unpack_one or unpack_limit instead.";

/// `top + extra` would pass LUAI_MAXCSTACK (lua_checkstack's test).
fn stack_full(top: usize, extra: usize) -> bool {
    top + extra > MAX_C_STACK
}

/// Opens the library: the global `cmsgpack` with `pack`, `unpack`, `unpack_one`,
/// `unpack_limit` and the module's name, version, copyright and description, set in
/// the order luaopen_create sets them (which decides `pairs`' order).
pub fn open(vm: &mut Vm) {
    let lib = vm.heap.new_table(Table::default());
    let fns: [(&'static str, NativeFn); 4] = [
        ("pack", pack),
        ("unpack", unpack),
        ("unpack_one", unpack_one),
        ("unpack_limit", unpack_limit),
    ];
    for (name, f) in fns {
        let v = vm.native(name, f);
        vm.raw_set(lib, Value::str(name), v);
    }
    let meta = [
        ("_NAME", "cmsgpack"),
        ("_VERSION", "lua-cmsgpack 0.4.0"),
        ("_COPYRIGHT", "Copyright (C) 2012, Salvatore Sanfilippo"),
        ("_DESCRIPTION", "MessagePack C implementation for Lua"),
    ];
    for (k, v) in meta {
        vm.raw_set(lib, Value::str(k), Value::str(v));
    }
    vm.set_global("cmsgpack", Value::Table(lib));
}

#[cfg(test)]
mod tests;
