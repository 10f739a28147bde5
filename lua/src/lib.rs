//! A Lua 5.1 for Redis's scripting (EVAL, FUNCTION), written for this project (issue 19).
//!
//! Why our own and not a crate: Redis embeds Lua 5.1, and what learners see of it is
//! 5.1's — numbers are doubles printed with `%.14g` (`tostring(10/2)` is `5`, not
//! `5.0`), the string library's patterns, `unpack`, `table.getn`, `loadstring`. C Lua
//! cannot build for wasm32-unknown-unknown (no setjmp/longjmp); the pure-Rust VM that
//! can be run in slices, piccolo, implements 5.3/5.4-style integers, has no string
//! patterns, `string.format`, `tonumber` or most of the table library, costs about
//! 147 KB gzipped in wasm before those are written, and needs dependency pins to build
//! for the browser (`/work/notes/i19-lua-survey.md` has the measurements). Lua 5.1 is a
//! small, fully specified language (the reference manual's grammar and library); a VM
//! made for this project is resumable by construction (its call frames are data, not
//! Rust stack), charges a budget per instruction and per byte it copies, and is as
//! large as what it implements.
//!
//! Layout (the way Lua's own sources are split):
//! - `lex` and `parse` turn source into the `ast` (lexer and parser, errors in Lua
//!   5.1's words: `user_script:1: '=' expected near 'end'`);
//! - `pattern`: Lua 5.1 patterns over bytes (`string.find`, `match`, `gmatch`, `gsub`);
//! - `number`: numbers as Lua 5.1 reads and prints them (`tonumber`, `%.14g`) and
//!   `string.format`;
//! - `value` and `table`: Lua's values (strings carry 5.1's hash) and its table, laid
//!   out as ltable.c lays it out, so `#t` and `pairs` order are 5.1's;
//! - `heap`: tables, functions and captured locals in arenas, mark-and-sweep collected;
//! - `proto` and `vm`: compiled functions (a stack machine's code) and the machine that
//!   runs them in slices under fuel, pausing for the host (`redis.call`).
//!
//! Everything here is sans-I/O and deterministic, as the engine is.

pub mod ast;
pub mod compile;
pub mod heap;
pub mod lex;
pub mod lib_base;
pub mod lib_bit;
pub mod lib_cjson;
pub mod lib_cmsgpack;
pub mod lib_math;
pub mod lib_string;
pub mod lib_struct;
pub mod lib_table;
pub mod number;
pub mod parse;
pub mod pattern;
pub mod proto;
pub mod table;
pub mod value;
pub mod vm;

/// Opens every library Redis loads into a state: base, string, table, math, cjson,
/// cmsgpack, bit and struct.
pub fn open_libs(vm: &mut vm::Vm) {
    lib_base::open(vm);
    lib_string::open(vm);
    lib_table::open(vm);
    lib_math::open(vm);
    lib_cjson::open(vm);
    lib_bit::open(vm);
    lib_struct::open(vm);
    lib_cmsgpack::open(vm);
}
