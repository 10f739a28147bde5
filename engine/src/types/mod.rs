//! How each data type is kept in memory, apart from the commands that use it (as
//! Redis keeps t_zset.c's structures in server.h and ziplist.c/listpack.c): a string
//! is bytes (`value::StrValue`), a list a deque of bounded chunks of `SmallBytes` (`list`), and these (a stream keeps its
//! entries by ID beside what Redis's radix tree of listpacks would hold: `stream`).

pub mod geohash;
pub mod hash;
pub mod list;
pub mod set;
pub mod skiplist;
pub mod stream;
pub mod zset;
pub mod zset_range;
