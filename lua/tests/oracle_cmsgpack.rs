//! The `cmsgpack` library (lib_cmsgpack.rs) against Redis 7.0.15's Lua: each case's
//! expected reply was captured from the oracle, `redis-server` 7.0.15 (Debian
//! 7.0.15-1~deb12u10 on x86-64), with `python3 /work/notes/i19-capture-lua-libs.py PORT
//! scripts.txt` (`EVAL <script> 0`; the error text without Redis's "ERR " head and
//! " script: <sha>, on @user_script:1." tail). Every script ran, as here, after `PRELUDE`
//! (local functions `hex`, showing a string's bytes, `dump`, showing a value with its
//! tables' pairs in `pairs` order, and `all`, showing how many values and each), on the
//! same line. Redis's globals protection is emulated as in oracle.rs.

mod common;
use common::*;

/// Put before every case (the cases were captured with it).
const PRELUDE: &[u8] = b"local function hex(s) local t = {} for i = 1, #s do t[i] = string.format('%02x', s:byte(i)) end return table.concat(t) end local function dump(v) if type(v) == 'table' then local p = {} for k, x in pairs(v) do p[#p + 1] = dump(k) .. '=' .. dump(x) end return '{' .. table.concat(p, ',') .. '}' elseif type(v) == 'string' then return '\"' .. v .. '\"' else return tostring(v) end end local function all(...) local p = {} for i = 1, select('#', ...) do p[i] = dump((select(i, ...))) end return select('#', ...) .. ':' .. table.concat(p, ' ') end ";

const CASES: &[Case] = &[
    // numbers: integers at each width's edges
    (b"return hex(cmsgpack.pack(0)) .. ' ' .. hex(cmsgpack.pack(1)) .. ' ' .. hex(cmsgpack.pack(127)) .. ' ' .. hex(cmsgpack.pack(128)) .. ' ' .. hex(cmsgpack.pack(255)) .. ' ' .. hex(cmsgpack.pack(256))", Ok(b"00 01 7f cc80 ccff cd0100")),
    (b"return hex(cmsgpack.pack(65535)) .. ' ' .. hex(cmsgpack.pack(65536)) .. ' ' .. hex(cmsgpack.pack(2^32 - 1)) .. ' ' .. hex(cmsgpack.pack(2^32)) .. ' ' .. hex(cmsgpack.pack(2^53)) .. ' ' .. hex(cmsgpack.pack(2^63 - 1024))", Ok(b"cdffff ce00010000 ceffffffff cf0000000100000000 cf0020000000000000 cf7ffffffffffffc00")),
    (b"return hex(cmsgpack.pack(-1)) .. ' ' .. hex(cmsgpack.pack(-32)) .. ' ' .. hex(cmsgpack.pack(-33)) .. ' ' .. hex(cmsgpack.pack(-128)) .. ' ' .. hex(cmsgpack.pack(-129)) .. ' ' .. hex(cmsgpack.pack(-32768)) .. ' ' .. hex(cmsgpack.pack(-32769))", Ok(b"ff e0 d0df d080 d1ff7f d18000 d2ffff7fff")),
    (b"return hex(cmsgpack.pack(-2^31)) .. ' ' .. hex(cmsgpack.pack(-2^31 - 1)) .. ' ' .. hex(cmsgpack.pack(-2^53)) .. ' ' .. hex(cmsgpack.pack(-2^63)) .. ' ' .. hex(cmsgpack.pack(-0)) .. ' ' .. hex(cmsgpack.pack('12'))", Ok(b"d280000000 d3ffffffff7fffffff d3ffe0000000000000 d38000000000000000 00 a23132")),
    // numbers: floats, single precision when exact
    (b"return hex(cmsgpack.pack(0.5)) .. ' ' .. hex(cmsgpack.pack(-0.5)) .. ' ' .. hex(cmsgpack.pack(1.5)) .. ' ' .. hex(cmsgpack.pack(0.1)) .. ' ' .. hex(cmsgpack.pack(-2.75)) .. ' ' .. hex(cmsgpack.pack(1/3))", Ok(b"ca3f000000 cabf000000 ca3fc00000 cb3fb999999999999a cac0300000 cb3fd5555555555555")),
    (b"return hex(cmsgpack.pack(1e20)) .. ' ' .. hex(cmsgpack.pack(1e300)) .. ' ' .. hex(cmsgpack.pack(1e-300)) .. ' ' .. hex(cmsgpack.pack(2^63)) .. ' ' .. hex(cmsgpack.pack(2^64)) .. ' ' .. hex(cmsgpack.pack(-2^64)) .. ' ' .. hex(cmsgpack.pack(2^100))", Ok(b"cb4415af1d78b58c40 cb7e37e43c8800759c cb01a56e1fc2f8f359 ca5f000000 ca5f800000 cadf800000 ca71800000")),
    (b"return hex(cmsgpack.pack(1/0)) .. ' ' .. hex(cmsgpack.pack(-1/0)) .. ' ' .. hex(cmsgpack.pack(0/0)) .. ' ' .. hex(cmsgpack.pack(-(0/0))) .. ' ' .. hex(cmsgpack.pack(3.4028234663852886e38)) .. ' ' .. hex(cmsgpack.pack(3.4028235677973366e38)) .. ' ' .. hex(cmsgpack.pack(2^-149)) .. ' ' .. hex(cmsgpack.pack(2^-150))", Ok(b"ca7f800000 caff800000 cbfff8000000000000 cb7ff8000000000000 ca7f7fffff cb47effffff0000000 ca00000001 cb3690000000000000")),
    // other scalars
    (b"return hex(cmsgpack.pack(true)) .. ' ' .. hex(cmsgpack.pack(false)) .. ' ' .. hex(cmsgpack.pack(nil)) .. ' ' .. hex(cmsgpack.pack(type)) .. ' ' .. hex(cmsgpack.pack(cmsgpack.pack))", Ok(b"c3 c2 c0 c0 c0")),
    (b"return hex(cmsgpack.pack('')) .. ' ' .. hex(cmsgpack.pack('a')) .. ' ' .. hex(cmsgpack.pack('a\\0b')) .. ' ' .. hex(cmsgpack.pack('\\255'))", Ok(b"a0 a161 a3610062 a1ff")),
    (b"return hex(cmsgpack.pack(string.rep('x', 31)):sub(1, 4)) .. ' ' .. hex(cmsgpack.pack(string.rep('x', 32)):sub(1, 6)) .. ' ' .. hex(cmsgpack.pack(string.rep('x', 255)):sub(1, 6)) .. ' ' .. hex(cmsgpack.pack(string.rep('x', 256)):sub(1, 8)) .. ' ' .. #cmsgpack.pack(string.rep('x', 256))", Ok(b"bf787878 d92078787878 d9ff78787878 da01007878787878 259")),
    (b"return hex(cmsgpack.pack(string.rep('x', 65535)):sub(1, 8)) .. ' ' .. hex(cmsgpack.pack(string.rep('x', 65536)):sub(1, 12)) .. ' ' .. #cmsgpack.pack(string.rep('x', 65535)) .. ' ' .. #cmsgpack.pack(string.rep('x', 65536))", Ok(b"daffff7878787878 db0001000078787878787878 65538 65541")),
    // several arguments
    (b"return hex(cmsgpack.pack(1, 'a', {})) .. ' ' .. hex(cmsgpack.pack(1, nil)) .. ' ' .. hex(cmsgpack.pack(nil, nil, 3)) .. ' ' .. hex(cmsgpack.pack({1}, {a = 1}, true))", Ok(b"01a16190 01c0 c0c003 910181a16101c3")),
    // tables: arrays
    (b"return hex(cmsgpack.pack({})) .. ' ' .. hex(cmsgpack.pack({1, 2, 3})) .. ' ' .. hex(cmsgpack.pack({'a', true, false, 0.5})) .. ' ' .. hex(cmsgpack.pack({{}, {{}}}))", Ok(b"90 93010203 94a161c3c2ca3f000000 92909190")),
    (b"local t = {} for i = 1, 15 do t[i] = i end local a = cmsgpack.pack(t) t[16] = 16 local b = cmsgpack.pack(t) return hex(a) .. ' ' .. hex(b)", Ok(b"9f0102030405060708090a0b0c0d0e0f dc00100102030405060708090a0b0c0d0e0f10")),
    (b"local t = {} for i = 1, 65535 do t[i] = 0 end local a = cmsgpack.pack(t) t[65536] = 0 local b = cmsgpack.pack(t) return hex(a:sub(1, 5)) .. ' ' .. #a .. ' ' .. hex(b:sub(1, 7)) .. ' ' .. #b", Ok(b"dcffff0000 65538 dd000100000000 65541")),
    // tables: maps, and what makes a table an array
    (b"return hex(cmsgpack.pack({a = 1})) .. ' ' .. hex(cmsgpack.pack({a = 'b', c = 'd'})) .. ' ' .. hex(cmsgpack.pack({[true] = false})) .. ' ' .. hex(cmsgpack.pack({[{}] = {}}))", Ok(b"81a16101 82a161a162a163a164 81c3c2 819090")),
    (b"return hex(cmsgpack.pack({nil, 2})) .. ' ' .. hex(cmsgpack.pack({[2] = 2})) .. ' ' .. hex(cmsgpack.pack({[1] = 1, [2] = 2, [4] = 4})) .. ' ' .. hex(cmsgpack.pack({1, 2, nil, 4})) .. ' ' .. hex(cmsgpack.pack({[0] = 1})) .. ' ' .. hex(cmsgpack.pack({[-1] = 1}))", Ok(b"810202 810202 83010102020404 83010102020404 810001 81ff01")),
    (b"return hex(cmsgpack.pack({[1.5] = 1})) .. ' ' .. hex(cmsgpack.pack({['1'] = 1})) .. ' ' .. hex(cmsgpack.pack({[2^31] = 1})) .. ' ' .. hex(cmsgpack.pack({[2^31 - 1] = 1})) .. ' ' .. hex(cmsgpack.pack({[2^32 + 1] = 1})) .. ' ' .. hex(cmsgpack.pack({[1/0] = 1}))", Ok(b"81ca3fc0000001 81a13101 81ce8000000001 81ce7fffffff01 81cf000000010000000101 81ca7f80000001")),
    (b"return hex(cmsgpack.pack({1, 2, x = 3})) .. ' ' .. hex(cmsgpack.pack({[1] = 'a', [2] = 'b'})) .. ' ' .. hex(cmsgpack.pack({[2] = 'b', [1] = 'a'})) .. ' ' .. hex(cmsgpack.pack({n = 0.25, s = 'x', t = {1}}))", Ok(b"8301010202a17803 92a161a162 92a161a162 83a1749101a173a178a16eca3e800000")),
    (b"local t = {} for i = 1, 15 do t['k' .. i] = i end local a = cmsgpack.pack(t) t.k16 = 16 local b = cmsgpack.pack(t) return hex(a:sub(1, 1)) .. ' ' .. #a .. ' ' .. hex(b:sub(1, 3)) .. ' ' .. #b", Ok(b"8f 67 de0010 74")),
    (b"local t = {} for i = 1, 65536 do t['k' .. i] = 0 end local a = cmsgpack.pack(t) t.k1 = nil local b = cmsgpack.pack(t) return hex(a:sub(1, 5)) .. ' ' .. #a .. ' ' .. hex(b:sub(1, 3)) .. ' ' .. #b", Ok(b"df00010000 513187 deffff 513181")),
    (b"local t = {} for i = 1, 10 do t[i * 2] = i end return hex(cmsgpack.pack(t))", Ok(b"8a0e07020104020804100812090a05140a06030c06")),
    (b"local t = {x = 1, y = 2, z = 3, [1] = 'a', [3] = 'c', [10] = true} return hex(cmsgpack.pack(t))", Ok(b"86a17902a17801a17a0301a1610ac303a163")),
    (b"return hex(cmsgpack.pack(setmetatable({}, {__index = function() return 1 end}))) .. ' ' .. hex(cmsgpack.pack(setmetatable({1, nil, 3}, {__index = function() return 2 end})))", Ok(b"90 8201010303")),
    (b"return hex(cmsgpack:pack())", Ok(b"88ac5f4445534352495054494f4ed9244d6573736167655061636b204320696d706c656d656e746174696f6e20666f72204c7561a47061636bc0a55f4e414d45a8636d73677061636ba6756e7061636bc0aa5f434f50595249474854d928436f707972696768742028432920323031322c2053616c7661746f72652053616e66696c6970706fa85f56455253494f4eb26c75612d636d73677061636b20302e342e30aa756e7061636b5f6f6e65c0ac756e7061636b5f6c696d6974c0")),
    (b"return tostring(#cmsgpack.pack(_G) > 100)", Ok(b"true")),
    // nesting: 16 tables deep, the 17th is nil
    (b"local t = {} local c = t for i = 1, 20 do c[1] = {} c = c[1] end return hex(cmsgpack.pack(t))", Ok(b"91919191919191919191919191919191c0")),
    (b"local t = {} local c = t for i = 1, 15 do c[1] = {} c = c[1] end return hex(cmsgpack.pack(t))", Ok(b"91919191919191919191919191919190")),
    (b"local t = {} local c = t for i = 1, 16 do c[1] = {} c = c[1] end return hex(cmsgpack.pack(t))", Ok(b"91919191919191919191919191919191c0")),
    (b"local t = {} t[1] = t return hex(cmsgpack.pack(t))", Ok(b"91919191919191919191919191919191c0")),
    (b"local t = {} t.a = t return hex(cmsgpack.pack(t))", Ok(b"81a16181a16181a16181a16181a16181a16181a16181a16181a16181a16181a16181a16181a16181a16181a16181a161c0")),
    (b"local t = {} t[t] = 1 return hex(cmsgpack.pack(t))", Ok(b"81818181818181818181818181818181c001010101010101010101010101010101")),
    (b"local t = {} local c = t for i = 1, 17 do c[1] = {} c = c[1] end return hex(cmsgpack.pack(1, t, 2))", Ok(b"0191919191919191919191919191919191c002")),
    (b"local t = {} local c = t for i = 1, 20 do c.k = {} c = c.k end return hex(cmsgpack.pack({t}))", Ok(b"9181a16b81a16b81a16b81a16b81a16b81a16b81a16b81a16b81a16b81a16b81a16b81a16b81a16b81a16b81a16bc0")),
    (b"local t = {} t[1] = t t[2] = t return #cmsgpack.pack(t)", Ok(b"131071")),
    // pack's errors
    (b"return cmsgpack.pack()", Err(b"user_script:1: bad argument #0 to 'pack' (MessagePack pack needs input.)")),
    (b"local ok, e = pcall(cmsgpack.pack) return e", Ok(b"bad argument #0 to '?' (MessagePack pack needs input.)")),
    (b"local f = cmsgpack.pack return f()", Err(b"user_script:1: bad argument #0 to 'f' (MessagePack pack needs input.)")),
    (b"local t = {} for i = 1, 4001 do t[i] = i end return #cmsgpack.pack(unpack(t, 1, 4000))", Ok(b"11618")),
    (b"local t = {} for i = 1, 4001 do t[i] = i end return #cmsgpack.pack(unpack(t, 1, 4001))", Err(b"user_script:1: bad argument #0 to 'pack' (Too many arguments for MessagePack pack.)")),
    (b"local t = {} for i = 1, 4001 do t[i] = i end t[4000] = {} return #cmsgpack.pack(unpack(t, 1, 4000))", Err(b"user_script:1: stack overflow (in function table_is_an_array)")),
    (b"local t = {} for i = 1, 4001 do t[i] = i end t[3999] = {} return #cmsgpack.pack(unpack(t, 1, 4000))", Err(b"user_script:1: stack overflow (in function table_is_an_array)")),
    (b"local t = {} for i = 1, 4001 do t[i] = i end t[3998] = {{}} return #cmsgpack.pack(unpack(t, 1, 4000))", Err(b"user_script:1: stack overflow (in function table_is_an_array)")),
    (b"local t = {} for i = 1, 4001 do t[i] = i end t[3998] = {a = {}} return #cmsgpack.pack(unpack(t, 1, 4000))", Err(b"user_script:1: stack overflow (in function mp_encode_lua_table_as_map)")),
    (b"local t = {} for i = 1, 4001 do t[i] = i end t[3997] = {a = {}} return #cmsgpack.pack(unpack(t, 1, 4000))", Err(b"user_script:1: stack overflow (in function table_is_an_array)")),
    (b"local t = {} for i = 1, 4001 do t[i] = i end t[3996] = {a = {}} return #cmsgpack.pack(unpack(t, 1, 4000))", Ok(b"11619")),
    (b"local t = {} for i = 1, 4001 do t[i] = i end t[3990] = {a = {}} return #cmsgpack.pack(unpack(t, 1, 4000))", Ok(b"11619")),
    (b"local t = {} for i = 1, 4001 do t[i] = i end t[3990] = {{{{{{{{{{{{{{{{{{{{{{}}}}}}}}}}}}}}}}}}}}}} return #cmsgpack.pack(unpack(t, 1, 4000))", Err(b"user_script:1: stack overflow (in function table_is_an_array)")),
    (b"local t = {} for i = 1, 4001 do t[i] = i end t[3980] = {{{{{{{{{{{{{{{{{{{{{{}}}}}}}}}}}}}}}}}}}}}} return #cmsgpack.pack(unpack(t, 1, 4000))", Ok(b"11632")),
    (b"local t = {} for i = 1, 4001 do t[i] = i end t[3999] = 'x' return #cmsgpack.pack(unpack(t, 1, 4000))", Ok(b"11617")),
    (b"local t = {} for i = 1, 4001 do t[i] = i end local ok, e = pcall(cmsgpack.pack, unpack(t, 1, 4001)) return e", Ok(b"bad argument #0 to '?' (Too many arguments for MessagePack pack.)")),
    (b"local t = {} for i = 1, 4001 do t[i] = i end t[3999] = {} local ok, e = pcall(cmsgpack.pack, unpack(t, 1, 4000)) return e", Ok(b"stack overflow (in function table_is_an_array)")),
    // unpack: scalars
    (b"return all(cmsgpack.unpack('\\0\\1\\127\\128\\255\\224'))", Ok(b"6:0 1 127 {} -1 -32")),
    (b"return all(cmsgpack.unpack('\\204\\255\\205\\1\\0\\205\\255\\255\\206\\255\\255\\255\\255\\207\\0\\0\\0\\1\\0\\0\\0\\0'))", Ok(b"5:255 256 65535 4294967295 4294967296")),
    (b"return all(cmsgpack.unpack('\\207\\255\\255\\255\\255\\255\\255\\255\\255\\207\\128\\0\\0\\0\\0\\0\\0\\0\\207\\127\\255\\255\\255\\255\\255\\255\\255'))", Ok(b"3:-1 -9.2233720368548e+18 9.2233720368548e+18")),
    (b"return all(cmsgpack.unpack('\\208\\255\\208\\128\\208\\127\\209\\255\\254\\209\\128\\0\\210\\255\\255\\255\\254\\210\\128\\0\\0\\0\\211\\255\\255\\255\\255\\255\\255\\255\\255\\211\\128\\0\\0\\0\\0\\0\\0\\0'))", Ok(b"9:-1 -128 127 -2 -32768 -2 -2147483648 -1 -9.2233720368548e+18")),
    (b"return all(cmsgpack.unpack('\\192\\194\\195'))", Ok(b"3:nil false true")),
    (b"return all(cmsgpack.unpack('\\202\\63\\192\\0\\0\\202\\61\\204\\204\\205\\203\\63\\185\\153\\153\\153\\153\\153\\154\\202\\127\\128\\0\\0\\202\\255\\128\\0\\0'))", Ok(b"5:1.5 0.10000000149012 0.1 inf -inf")),
    (b"return all(cmsgpack.unpack('\\202\\255\\192\\0\\0\\202\\127\\192\\0\\1\\203\\255\\248\\0\\0\\0\\0\\0\\0\\203\\128\\0\\0\\0\\0\\0\\0\\0\\202\\0\\0\\0\\1'))", Ok(b"5:-nan nan -nan -0 1.4012984643248e-45")),
    (b"return all(cmsgpack.unpack('\\160\\161a\\163a\\0b\\217\\3xyz\\218\\0\\2hi\\219\\0\\0\\0\\1!'))", Ok(b"6:\"\" \"a\" \"a\x00b\" \"xyz\" \"hi\" \"!\"")),
    (b"return all(cmsgpack.unpack('\\191' .. string.rep('y', 31)))", Ok(b"1:\"yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\"")),
    (b"return all(cmsgpack.unpack(cmsgpack.pack(1, -1, 0.5, 'x', true, false, nil, 1e300, -2^63)))", Ok(b"9:1 -1 0.5 \"x\" true false nil 1e+300 -9.2233720368548e+18")),
    (b"return all(cmsgpack.unpack('\\202\\127\\127\\255\\255\\202\\0\\128\\0\\0\\203\\127\\239\\255\\255\\255\\255\\255\\255\\203\\0\\0\\0\\0\\0\\0\\0\\1'))", Ok(b"4:3.4028234663853e+38 1.1754943508223e-38 1.7976931348623e+308 4.9406564584125e-324")),
    // unpack: tables
    (b"return all(cmsgpack.unpack('\\144\\128\\220\\0\\0\\221\\0\\0\\0\\0\\222\\0\\0\\223\\0\\0\\0\\0'))", Ok(b"6:{} {} {} {} {} {}")),
    (b"return all(cmsgpack.unpack('\\147\\1\\2\\3'))", Ok(b"1:{1=1,2=2,3=3}")),
    (b"return all(cmsgpack.unpack('\\130\\161a\\1\\161b\\146\\192\\2'))", Ok(b"1:{\"a\"=1,\"b\"={2=2}}")),
    (b"return all(cmsgpack.unpack('\\146\\192\\1')) .. ' ' .. #cmsgpack.unpack('\\146\\192\\1') .. ' ' .. #cmsgpack.unpack('\\147\\1\\192\\3') .. ' ' .. #cmsgpack.unpack('\\147\\1\\2\\192')", Ok(b"1:{2=1} 0 1 2")),
    (b"return all(cmsgpack.unpack('\\220\\0\\3\\1\\2\\3\\221\\0\\0\\0\\2\\161x\\161y\\222\\0\\1\\1\\2\\223\\0\\0\\0\\1\\3\\4'))", Ok(b"4:{1=1,2=2,3=3} {1=\"x\",2=\"y\"} {1=2} {3=4}")),
    (b"return all(cmsgpack.unpack('\\129\\145\\1\\2\\129\\129\\1\\2\\3\\129\\195\\194\\129\\1\\192'))", Ok(b"4:{{1=1}=2} {{1=2}=3} {true=false} {}")),
    (b"return all(cmsgpack.unpack('\\131\\1\\161a\\2\\161b\\3\\161c'))", Ok(b"1:{1=\"a\",2=\"b\",3=\"c\"}")),
    (b"return all(cmsgpack.unpack('\\130\\161x\\1\\161x\\2'))", Ok(b"1:{\"x\"=2}")),
    (b"return all(cmsgpack.unpack(cmsgpack.pack({1, 2, {a = {b = {'c'}}}, x = 'y'})))", Ok(b"1:{1=1,2=2,3={\"a\"={\"b\"={1=\"c\"}}},\"x\"=\"y\"}")),
    (b"local t = cmsgpack.unpack(cmsgpack.pack({k1 = 1, k2 = 2, k3 = 3, k4 = 4, k5 = 5, k6 = 6})) local s = '' for k, v in pairs(t) do s = s .. k .. v end return s", Ok(b"k22k33k11k66k44k55")),
    (b"local t = {} for i = 1, 100 do t[i] = i * 3 end local u = cmsgpack.unpack(cmsgpack.pack(t)) local s = 0 for i = 1, #u do s = s + u[i] end return #u .. ' ' .. s", Ok(b"100 15150")),
    (b"local t = {} for i = 1, 1000 do t['k' .. i] = i end local u = cmsgpack.unpack(cmsgpack.pack(t)) local s, n = 0, 0 for k, v in pairs(u) do s = s + v n = n + 1 end return n .. ' ' .. s", Ok(b"1000 500500")),
    // unpack: several values, unpack_one and unpack_limit
    (b"return all(cmsgpack.unpack(''))", Ok(b"0:")),
    (b"return all(cmsgpack.unpack(cmsgpack.pack(1, 2, 3)))", Ok(b"3:1 2 3")),
    (b"return all(cmsgpack.unpack_one('\\1\\2\\3')) .. ' ' .. all(cmsgpack.unpack_one('\\1\\2\\3', 1)) .. ' ' .. all(cmsgpack.unpack_one('\\1\\2\\3', 2)) .. ' ' .. all(cmsgpack.unpack_one('\\1\\2\\3', 3))", Ok(b"2:1 1 2:2 2 2:-1 3 1:-1")),
    (b"return all(cmsgpack.unpack_one('')) .. ' ' .. all(cmsgpack.unpack_one('', 0)) .. ' ' .. all(cmsgpack.unpack_one('\\161a\\145\\1', 2)) .. ' ' .. all(cmsgpack.unpack_one('\\1', nil))", Ok(b"1:-1 1:-1 2:-1 {1=1} 2:-1 1")),
    (b"return all(cmsgpack.unpack_limit('\\1\\2\\3', 0)) .. ' ' .. all(cmsgpack.unpack_limit('\\1\\2\\3', 2)) .. ' ' .. all(cmsgpack.unpack_limit('\\1\\2\\3', 3)) .. ' ' .. all(cmsgpack.unpack_limit('\\1\\2\\3', 9))", Ok(b"3:1 2 3 3:2 1 2 4:-1 1 2 3 4:-1 1 2 3")),
    (b"return all(cmsgpack.unpack_limit('\\1\\2\\3', 0, 1)) .. ' ' .. all(cmsgpack.unpack_limit('\\1\\2\\3', 1, 1)) .. ' ' .. all(cmsgpack.unpack_limit('\\1\\2\\3', 5, 1)) .. ' ' .. all(cmsgpack.unpack_limit('\\1\\2\\3', 1, 3)) .. ' ' .. all(cmsgpack.unpack_limit('\\1\\2\\3', 0, 3))", Ok(b"1:1 2:2 2 3:-1 2 3 1:-1 1:-1")),
    (b"return all(cmsgpack.unpack_limit('\\1\\2\\3', '2', '1')) .. ' ' .. all(cmsgpack.unpack_one('\\1\\2\\3', 1.9)) .. ' ' .. all(cmsgpack.unpack_limit('\\1\\2\\3', 1.5)) .. ' ' .. all(cmsgpack.unpack_limit('\\1\\2\\3', 2^40)) .. ' ' .. all(cmsgpack.unpack_limit('\\1\\2\\3', -0.5))", Ok(b"3:-1 2 3 2:2 2 2:1 1 4:-1 1 2 3 3:1 2 3")),
    (b"return cmsgpack.unpack_limit('\\1\\2\\3', 1e300)", Err(b"user_script:1: Invalid request to unpack with offset of 0 and limit of 3.")),
    (b"return cmsgpack.unpack_limit('\\1\\2\\3', 1, 2^63)", Err(b"user_script:1: Invalid request to unpack with offset of 0 and limit of 3.")),
    (b"local s = cmsgpack.pack({1}, 'two', 3) local out, off = {}, 0 while off ~= -1 do local v off, v = cmsgpack.unpack_one(s, off) out[#out + 1] = type(v) .. ':' .. off end return table.concat(out, ' ')", Ok(b"table:2 string:6 number:-1")),
    (b"return all(cmsgpack.unpack(1)) .. ' ' .. all(cmsgpack.unpack(12.5)) .. ' ' .. all(cmsgpack.unpack_one(-1))", Ok(b"1:49 4:49 50 46 53 2:1 45")),
    (b"return all(cmsgpack.unpack('\\1', 'extra', {}))", Ok(b"1:1")),
    // unpack's errors
    (b"return cmsgpack.unpack('\\193')", Err(b"user_script:1: Bad data format in input.")),
    (b"return cmsgpack.unpack('\\196\\1a')", Err(b"user_script:1: Bad data format in input.")),
    (b"return cmsgpack.unpack('\\199\\1\\1a')", Err(b"user_script:1: Bad data format in input.")),
    (b"return cmsgpack.unpack('\\212\\1\\1')", Err(b"user_script:1: Bad data format in input.")),
    (b"return cmsgpack.unpack('\\216\\1' .. string.rep('a', 16))", Err(b"user_script:1: Bad data format in input.")),
    (b"return cmsgpack.unpack('\\1\\2\\193')", Err(b"user_script:1: Bad data format in input.")),
    (b"return cmsgpack.unpack('\\145\\193')", Err(b"user_script:1: Bad data format in input.")),
    (b"return cmsgpack.unpack('\\205\\1')", Err(b"user_script:1: Missing bytes in input.")),
    (b"return cmsgpack.unpack('\\204')", Err(b"user_script:1: Missing bytes in input.")),
    (b"return cmsgpack.unpack('\\207\\0\\0\\0\\0\\0\\0\\0')", Err(b"user_script:1: Missing bytes in input.")),
    (b"return cmsgpack.unpack('\\202\\0\\0\\0')", Err(b"user_script:1: Missing bytes in input.")),
    (b"return cmsgpack.unpack('\\203\\0\\0\\0\\0\\0\\0\\0')", Err(b"user_script:1: Missing bytes in input.")),
    (b"return cmsgpack.unpack('\\163ab')", Err(b"user_script:1: Missing bytes in input.")),
    (b"return cmsgpack.unpack('\\217\\5abcd')", Err(b"user_script:1: Missing bytes in input.")),
    (b"return cmsgpack.unpack('\\217')", Err(b"user_script:1: Missing bytes in input.")),
    (b"return cmsgpack.unpack('\\218\\0')", Err(b"user_script:1: Missing bytes in input.")),
    (b"return cmsgpack.unpack('\\219\\0\\0\\0\\9abc')", Err(b"user_script:1: Missing bytes in input.")),
    (b"return cmsgpack.unpack('\\146\\1')", Err(b"user_script:1: Missing bytes in input.")),
    (b"return cmsgpack.unpack('\\221\\255\\255\\255\\255\\1\\2\\3')", Err(b"user_script:1: Missing bytes in input.")),
    (b"return cmsgpack.unpack('\\223\\255\\255\\255\\255\\1\\2\\3')", Err(b"user_script:1: Missing bytes in input.")),
    (b"return cmsgpack.unpack('\\129\\1')", Err(b"user_script:1: Missing bytes in input.")),
    (b"return cmsgpack.unpack('\\220\\0')", Err(b"user_script:1: Missing bytes in input.")),
    (b"return cmsgpack.unpack('\\129\\192\\1')", Err(b"table index is nil")),
    (b"return cmsgpack.unpack('\\129\\192')", Err(b"user_script:1: Missing bytes in input.")),
    (b"return cmsgpack.unpack('\\129\\192\\193')", Err(b"user_script:1: Bad data format in input.")),
    (b"return cmsgpack.unpack('\\129\\203\\255\\248\\0\\0\\0\\0\\0\\0\\1')", Err(b"table index is NaN")),
    (b"return cmsgpack.unpack('\\129\\202\\127\\192\\0\\0\\192')", Err(b"table index is NaN")),
    (b"return cmsgpack.unpack('\\145\\129\\192\\1')", Err(b"table index is nil")),
    (b"local ok, e = pcall(cmsgpack.unpack, '\\129\\192\\1') return e", Ok(b"table index is nil")),
    (b"local ok, e = pcall(cmsgpack.unpack, '\\193') return e", Ok(b"Bad data format in input.")),
    (b"local ok, e = pcall(cmsgpack.unpack, '\\1\\205') return e", Ok(b"Missing bytes in input.")),
    (b"return cmsgpack.unpack()", Err(b"user_script:1: bad argument #1 to 'unpack' (string expected, got no value)")),
    (b"return cmsgpack.unpack({})", Err(b"user_script:1: bad argument #1 to 'unpack' (string expected, got table)")),
    (b"return cmsgpack.unpack(nil, '\\1')", Err(b"user_script:1: bad argument #1 to 'unpack' (string expected, got nil)")),
    (b"return cmsgpack:unpack()", Err(b"user_script:1: calling 'unpack' on bad self (string expected, got table)")),
    (b"return cmsgpack.unpack_one()", Err(b"user_script:1: bad argument #1 to 'unpack_one' (string expected, got no value)")),
    (b"return cmsgpack.unpack_one({}, 'x')", Err(b"user_script:1: bad argument #2 to 'unpack_one' (number expected, got string)")),
    (b"return cmsgpack.unpack_one('\\1\\2', 'x')", Err(b"user_script:1: bad argument #2 to 'unpack_one' (number expected, got string)")),
    (b"return cmsgpack.unpack_one('\\1\\2', -1)", Err(b"user_script:1: Invalid request to unpack with offset of -1 and limit of 2.")),
    (b"return cmsgpack.unpack_one('\\1\\2', 3)", Err(b"user_script:1: Start offset 3 greater than input length 2.")),
    (b"return cmsgpack.unpack_one('\\1\\2', 2^32 + 5)", Err(b"user_script:1: Start offset 5 greater than input length 2.")),
    (b"return cmsgpack.unpack_one('\\1\\2', 2^31)", Err(b"user_script:1: Start offset -2147483648 greater than input length 2.")),
    (b"return cmsgpack.unpack_one('\\1\\2', 0/0)", Err(b"user_script:1: Invalid request to unpack with offset of 0 and limit of 2.")),
    (b"return cmsgpack.unpack_one('\\1\\2', -2^32 + 1)", Err(b"user_script:1: Invalid request to unpack with offset of 1 and limit of 2.")),
    (b"return cmsgpack.unpack_one('\\1\\205', 1)", Err(b"user_script:1: Missing bytes in input.")),
    (b"return cmsgpack.unpack_limit('\\1\\2')", Err(b"user_script:1: bad argument #2 to 'unpack_limit' (number expected, got no value)")),
    (b"return cmsgpack.unpack_limit({}, 'x')", Err(b"user_script:1: bad argument #2 to 'unpack_limit' (number expected, got string)")),
    (b"return cmsgpack.unpack_limit('\\1\\2', 1, 'x')", Err(b"user_script:1: bad argument #3 to 'unpack_limit' (number expected, got string)")),
    (b"return cmsgpack.unpack_limit('\\1\\2', -5, 1)", Err(b"user_script:1: Invalid request to unpack with offset of 1 and limit of 2.")),
    (b"return cmsgpack.unpack_limit('\\1\\2', 1, -5)", Err(b"user_script:1: Invalid request to unpack with offset of -5 and limit of 2.")),
    (b"return cmsgpack.unpack_limit('\\1\\2', 1, 9)", Err(b"user_script:1: Start offset 9 greater than input length 2.")),
    (b"return cmsgpack.unpack_limit(nil, 1)", Err(b"user_script:1: bad argument #1 to 'unpack_limit' (string expected, got nil)")),
    (b"local f = cmsgpack.unpack_limit return f('\\1', 'x')", Err(b"user_script:1: bad argument #2 to 'f' (number expected, got string)")),
    (b"local ok, e = pcall(cmsgpack.unpack_one, '\\1', 5) return e", Ok(b"Start offset 5 greater than input length 1.")),
    // unpack: how many values fit on the stack (LUAI_MAXCSTACK)
    (b"return select('#', cmsgpack.unpack(string.rep('\\1', 7999)))", Ok(b"7999")),
    (b"return select('#', cmsgpack.unpack(string.rep('\\1', 8000)))", Err(b"user_script:1: stack overflow (too many return values at once; use unpack_one or unpack_limit instead.)")),
    (b"return select('#', cmsgpack.unpack(string.rep('\\1', 7998), 1))", Ok(b"7998")),
    (b"return select('#', cmsgpack.unpack(string.rep('\\1', 7999), 1))", Err(b"user_script:1: stack overflow (too many return values at once; use unpack_one or unpack_limit instead.)")),
    (b"return select('#', cmsgpack.unpack(string.rep('\\1', 7997), 1, 2))", Ok(b"7997")),
    (b"return select('#', cmsgpack.unpack(string.rep('\\1', 7998), 1, 2))", Err(b"user_script:1: stack overflow (too many return values at once; use unpack_one or unpack_limit instead.)")),
    (b"return select('#', cmsgpack.unpack_limit(string.rep('\\1', 8000), 7998))", Ok(b"7999")),
    (b"return select('#', cmsgpack.unpack_limit(string.rep('\\1', 8000), 7999))", Err(b"user_script:1: stack overflow (in function mp_unpack_full)")),
    (b"return select('#', cmsgpack.unpack_limit(string.rep('\\1', 8000), 8000))", Err(b"user_script:1: stack overflow (too many return values at once; use unpack_one or unpack_limit instead.)")),
    (b"return select('#', cmsgpack.unpack_limit(string.rep('\\1', 7999), 7999))", Err(b"user_script:1: stack overflow (in function mp_unpack_full)")),
    (b"return select('#', cmsgpack.unpack_limit(string.rep('\\1', 7999), 7999, 0))", Err(b"user_script:1: stack overflow (in function mp_unpack_full)")),
    (b"return select('#', cmsgpack.unpack_limit(string.rep('\\1', 8000), 0))", Err(b"user_script:1: stack overflow (too many return values at once; use unpack_one or unpack_limit instead.)")),
    (b"return select('#', cmsgpack.unpack_limit(string.rep('\\1', 8001), 7999, 1))", Err(b"user_script:1: stack overflow (in function mp_unpack_full)")),
    (b"return select('#', cmsgpack.unpack_limit(string.rep('\\1', 8001), 7998, 1, 'x', 'y'))", Ok(b"7999")),
    (b"return type(cmsgpack.unpack(string.rep('\\145', 3999) .. '\\1'))", Ok(b"table")),
    (b"return type(cmsgpack.unpack(string.rep('\\145', 4000) .. '\\1'))", Err(b"user_script:1: stack overflow (in function mp_decode_to_lua_array)")),
    (b"return type(cmsgpack.unpack(string.rep('\\145', 3998) .. '\\1', 'x'))", Ok(b"table")),
    (b"return type(cmsgpack.unpack(string.rep('\\145', 3999) .. '\\1', 'x'))", Err(b"user_script:1: stack overflow (too many return values at once; use unpack_one or unpack_limit instead.)")),
    (b"return type(cmsgpack.unpack(string.rep('\\144', 1)))", Ok(b"table")),
    (b"return type(cmsgpack.unpack(string.rep('\\145', 3999) .. '\\144'))", Err(b"user_script:1: stack overflow (in function mp_decode_to_lua_array)")),
    (b"return type(cmsgpack.unpack(string.rep('\\145', 3998) .. '\\144'))", Ok(b"table")),
    (b"return type(cmsgpack.unpack(string.rep('\\145', 3999) .. '\\128'))", Ok(b"table")),
    (b"return type(cmsgpack.unpack(string.rep('\\220\\0\\1', 3999) .. '\\1'))", Ok(b"table")),
    (b"return cmsgpack.unpack(string.rep('\\220\\0\\1', 4000) .. '\\1')", Err(b"user_script:1: stack overflow (in function mp_decode_to_lua_array)")),
    (b"return type(cmsgpack.unpack(string.rep('\\129\\1', 3999) .. '\\1'))", Ok(b"table")),
    (b"return type(cmsgpack.unpack(string.rep('\\129\\1', 4000) .. '\\1'))", Err(b"user_script:1: stack overflow (too many return values at once; use unpack_one or unpack_limit instead.)")),
    (b"return type(cmsgpack.unpack(string.rep('\\129', 7997) .. '\\1\\1' .. string.rep('\\1', 7996)))", Ok(b"table")),
    (b"return type(cmsgpack.unpack(string.rep('\\129', 7998) .. '\\1\\1' .. string.rep('\\1', 7997)))", Err(b"user_script:1: stack overflow (too many return values at once; use unpack_one or unpack_limit instead.)")),
    (b"return type(cmsgpack.unpack(string.rep('\\145', 3999)))", Err(b"user_script:1: Missing bytes in input.")),
    (b"return type(cmsgpack.unpack(string.rep('\\145', 4000)))", Err(b"user_script:1: stack overflow (in function mp_decode_to_lua_array)")),
    (b"return type(cmsgpack.unpack_one(string.rep('\\145', 3999) .. '\\1'))", Ok(b"number")),
    (b"return cmsgpack.unpack_one(string.rep('\\145', 4000) .. '\\1')", Err(b"user_script:1: stack overflow (in function mp_decode_to_lua_array)")),
    (b"local ok, e = pcall(cmsgpack.unpack, string.rep('\\1', 8000)) return e", Ok(b"stack overflow (too many return values at once; use unpack_one or unpack_limit instead.)")),
    (b"local ok, e = pcall(cmsgpack.unpack, string.rep('\\145', 4000) .. '\\1') return e", Ok(b"stack overflow (in function mp_decode_to_lua_array)")),
    // round trips
    (b"local v = {1, 'two', {3, {four = 4}}, 5.5, true} local w = cmsgpack.unpack(cmsgpack.pack(v)) return w[1] .. w[2] .. w[3][1] .. w[3][2].four .. w[4] .. tostring(w[5]) .. #w", Ok(b"1two345.5true5")),
    (b"local s = cmsgpack.pack(1, 2) .. cmsgpack.pack('x') return all(cmsgpack.unpack(s)) .. ' ' .. hex(s)", Ok(b"3:1 2 \"x\" 0102a178")),
    (b"return hex(cmsgpack.pack(cmsgpack.unpack(cmsgpack.pack({a = {1, 2}, b = 0.25}))))", Ok(b"82a161920102a162ca3e800000")),
    (b"local t = {} for i = 1, 300 do t[i] = {i, tostring(i)} end local u = cmsgpack.unpack(cmsgpack.pack(t)) return #u .. ' ' .. u[300][2] .. ' ' .. u[150][1]", Ok(b"300 300 150")),
];

#[test]
fn cmsgpack_scripts_reply_as_redis_lua_does() {
    check(CASES, PRELUDE);
}

/// Where this library differs from Redis: an encoding past `lib_string::MAX_STRING`
/// (64 MiB) is refused. Redis answers 66060606 to the first script (as here) and
/// 67109187 to the second (captured as the cases were).
#[test]
fn a_pack_past_max_string_is_refused_where_redis_builds_it() {
    let fits = b"local s = string.rep('x', 2^20) local t = {} for i = 1, 63 do t[i] = s end return #cmsgpack.pack(t)";
    assert_eq!(eval(fits, 1_000_000), Ok(b"66060606".to_vec()));
    let past = b"local s = string.rep('x', 2^20) local t = {} for i = 1, 64 do t[i] = s end return #cmsgpack.pack(t)";
    assert_eq!(eval(past, 1_000_000), Err(b"user_script:1: not enough memory".to_vec()));
    let args =
        b"local s = string.rep('x', 2^20) local t = {} for i = 1, 64 do t[i] = s end return #cmsgpack.pack(unpack(t))";
    assert_eq!(eval(args, 1_000_000), Err(b"user_script:1: not enough memory".to_vec()));
}

/// Big work is charged as fuel: packing or unpacking a megabyte takes many slices
/// where a byte takes one.
#[test]
fn packing_and_unpacking_charge_fuel_by_size() {
    let (small, small_slices) = eval_counting(b"return #cmsgpack.pack('x')", 1000);
    assert_eq!(small, Ok(b"2".to_vec()));
    let (big, big_slices) = eval_counting(b"local s = string.rep('x', 2^20) return #cmsgpack.pack(s)", 1000);
    assert_eq!(big, Ok(b"1048581".to_vec()));
    assert!(
        small_slices <= 2 && big_slices > 60,
        "{small_slices} and {big_slices} slices"
    );
    let (table, table_slices) = eval_counting(
        b"local t = {} for i = 1, 20000 do t[i] = i end local u = cmsgpack.unpack(cmsgpack.pack(t)) return #u",
        1000,
    );
    assert_eq!(table, Ok(b"20000".to_vec()));
    // The loop alone takes about 20 slices of 1000; packing and unpacking 20000 elements more.
    let (_, loop_slices) = eval_counting(b"local t = {} for i = 1, 20000 do t[i] = i end return #t", 1000);
    assert!(table_slices >= loop_slices + 30, "{table_slices} against {loop_slices}");
}
