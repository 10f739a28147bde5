//! Scripts against Redis 7.0.15's Lua: each case's expected reply was captured from
//! `redis-cli EVAL <script> 0` on Debian's redis-server (the error text without Redis's
//! " script: <sha>, on @user_script:1." tail). The scripts use what exists so far (the
//! base library, the language itself); Redis's globals protection is emulated here the
//! way the engine will install it (a metatable on the globals).

use keyspace_lua::compile::compile;
use keyspace_lua::parse::{parse, REDIS_CHUNK_NAME};
use keyspace_lua::value::Value;
use keyspace_lua::vm::{Poll, Ret, Vm};

fn missing_global(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let name = keyspace_lua::lib_base::to_display(args.get(1).unwrap_or(&Value::Nil));
    Err(vm.error(&format!(
        "Script attempted to access nonexistent global variable '{}'",
        String::from_utf8_lossy(&name)
    )))
}

fn readonly(vm: &mut Vm, _: &[Value], _: &[Value]) -> Result<Ret, Value> {
    Err(vm.error("Attempt to modify a readonly table"))
}

/// Runs a script as EVAL would (so far): the reply's text, or the error's.
fn eval(source: &[u8], fuel_per_slice: u64) -> Result<Vec<u8>, Vec<u8>> {
    let chunk = parse(source, REDIS_CHUNK_NAME).map_err(|e| e.to_string().into_bytes())?;
    let proto = compile(&chunk);
    let mut vm = Vm::new();
    keyspace_lua::lib_base::open(&mut vm);
    keyspace_lua::lib_string::open(&mut vm);
    keyspace_lua::lib_table::open(&mut vm);
    keyspace_lua::lib_math::open(&mut vm);
    let meta = vm.table(keyspace_lua::table::Table::default());
    let Value::Table(meta_ref) = meta else { unreachable!() };
    let index = vm.native("index", missing_global);
    let newindex = vm.native("newindex", readonly);
    vm.raw_set(meta_ref, Value::str("__index"), index);
    vm.raw_set(meta_ref, Value::str("__newindex"), newindex);
    let globals = vm.globals;
    vm.heap.table_mut(globals).metatable = Some(meta_ref);
    let f = vm.closure(proto);
    vm.start(f, vec![]);
    loop {
        let mut fuel = fuel_per_slice;
        match vm.run(&mut fuel) {
            Poll::Pending => continue,
            Poll::Done(values) => {
                return Ok(values
                    .first()
                    .map(keyspace_lua::lib_base::to_display)
                    .unwrap_or_default());
            }
            Poll::Error(e) => return Err(keyspace_lua::lib_base::to_display(&e)),
            Poll::Host(_) => panic!("no host in these scripts"),
        }
    }
}

const CASES: &[(&[u8], Result<&[u8], &[u8]>)] = &[
    (b"local s = 0 for i = 1, 10 do s = s + i end return tostring(s)", Ok(b"55")),
    (b"local s = '' for i = 10, 1, -3 do s = s .. i .. ',' end return s", Ok(b"10,7,4,1,")),
    (b"local s = '' for i = 0.1, 1, 0.3 do s = s .. i .. ' ' end return s", Ok(b"0.1 0.4 0.7 1 ")),
    (b"local t = {1, 2, 3, nil, 5} return tostring(#t)", Ok(b"5")),
    (b"local t = {} t[1] = 1 t[2] = 2 t[4] = 4 return tostring(#t)", Ok(b"4")),
    (b"local t = {n = 1, 10, 20, [30] = 3} return t[1] .. t[2] .. t.n .. t[30]", Ok(b"102013")),
    (b"local function f(...) return select('#', ...) end return tostring(f(1, nil, 3, nil))", Ok(b"4")),
    (b"local function f(a, b, ...) return a, b, ... end return table and '' or '' .. select(3, f(1, 2, 3, 4))", Ok(b"")),
    (b"local a, b, c = (function() return 1, 2, 3 end)() return a .. b .. c", Ok(b"123")),
    (b"local a, b = ((function() return 1, 2 end)()) return tostring(a) .. tostring(b)", Ok(b"1nil")),
    (b"local t = {(function() return 1, 2, 3 end)()} return tostring(#t)", Ok(b"3")),
    (b"local t = {(function() return 1, 2, 3 end)(), 10} return tostring(#t)", Ok(b"2")),
    (b"local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end return tostring(fib(20))", Ok(b"6765")),
    (b"local fs = {} for i = 1, 3 do fs[i] = function() return i end end return fs[1]() .. fs[2]() .. fs[3]()", Ok(b"123")),
    (b"local function counter() local n = 0 return function() n = n + 1 return n end end local c = counter() c() c() return tostring(c())", Ok(b"3")),
    (b"local i = 3 local a = {} i, a[i] = i + 1, 20 return tostring(a[3]) .. tostring(a[4]) .. i", Ok(b"20nil4")),
    (b"local x = 10 do local x = 20 end return tostring(x)", Ok(b"10")),
    (b"local s = '' local i = 0 while true do i = i + 1 if i > 5 then break end s = s .. i end return s", Ok(b"12345")),
    (b"local s = '' local i = 0 repeat local j = i i = i + 1 s = s .. j until j >= 3 return s", Ok(b"0123")),
    (b"local s = '' for k, v in ipairs({'a', 'b', 'c'}) do s = s .. k .. v end return s", Ok(b"1a2b3c")),
    (b"local t = {x = 1, y = 2, z = 3} local n = 0 for k, v in pairs(t) do n = n + v end return tostring(n)", Ok(b"6")),
    (b"return tostring(10 / 2) .. ' ' .. tostring(7 % 3) .. ' ' .. tostring(-7 % 3) .. ' ' .. tostring(2 ^ 10) .. ' ' .. tostring(7.5 % -2)", Ok(b"5 1 2 1024 -0.5")),
    (b"return tostring(1 / 0) .. ' ' .. tostring(-1 / 0) .. ' ' .. tostring(0 / 0)", Ok(b"inf -inf -nan")),
    (b"return tostring('10' + 5) .. ' ' .. tostring('0x10' * 1) .. ' ' .. ('3' .. 4)", Ok(b"15 16 34")),
    (b"return tostring(1 < 2) .. tostring('a' < 'b') .. tostring('a' < 'B') .. tostring('abc' < 'abd') .. tostring('' < 'a')", Ok(b"truetruefalsetruetrue")),
    (b"return tostring(1 == 1.0) .. tostring('1' == 1) .. tostring(nil == false) .. tostring({} == {})", Ok(b"truefalsefalsefalse")),
    (b"return tostring(nil and 1) .. tostring(false or 'x') .. tostring(1 and 2) .. tostring(nil or false)", Ok(b"nilx2false")),
    (b"return tostring(not nil) .. tostring(not 0) .. tostring(#'hello')", Ok(b"truefalse5")),
    (b"local t = setmetatable({}, {__index = function(t, k) return k .. '!' end}) return t.foo", Ok(b"foo!")),
    (b"local t = setmetatable({}, {__index = {a = 1}}) return tostring(t.a) .. tostring(t.b)", Ok(b"1nil")),
    (b"local log = '' local t = setmetatable({}, {__newindex = function(t, k, v) log = log .. k .. '=' .. v end}) t.x = 1 t.y = 2 return log .. tostring(rawget(t, 'x'))", Ok(b"x=1y=2nil")),
    (b"local mt = {__add = function(a, b) return 'added' end, __concat = function(a, b) return 'cat' end} local t = setmetatable({}, mt) return (t + 1) .. (t .. 'x')", Ok(b"addedcat")),
    (b"local mt = {__eq = function() return true end} local a = setmetatable({}, mt) local b = setmetatable({}, mt) return tostring(a == b)", Ok(b"true")),
    (b"local mt = {__lt = function() return true end} local a = setmetatable({}, mt) local b = setmetatable({}, mt) return tostring(a < b) .. tostring(a <= b)", Ok(b"truefalse")),
    (b"local mt = {__call = function(self, x) return 'called ' .. x end} local t = setmetatable({}, mt) return t(5)", Ok(b"called 5")),
    (b"local t = setmetatable({}, {__tostring = function() return 'T!' end}) return tostring(t)", Ok(b"T!")),
    (b"local ok, e = pcall(function() error('x') end) return tostring(ok) .. ' ' .. e", Ok(b"false user_script:1: x")),
    (b"local ok, e = pcall(function() error('x', 0) end) return tostring(ok) .. ' ' .. e", Ok(b"false x")),
    (b"local ok, e = pcall(function() error({code = 1}) end) return tostring(ok) .. ' ' .. type(e) .. e.code", Ok(b"false table1")),
    (b"local ok, e = pcall(function() local a = nil return a.b end) return e", Ok(b"user_script:1: attempt to index local 'a' (a nil value)")),
    (b"local ok, e = pcall(function() local a = {} return a.b.c end) return e", Ok(b"user_script:1: attempt to index field 'b' (a nil value)")),
    (b"local ok, e = pcall(function() return #nil end) return e", Ok(b"user_script:1: attempt to get length of a nil value")),
    (b"local ok, e = pcall(function() return {} < {} end) return e", Ok(b"user_script:1: attempt to compare two table values")),
    (b"local ok, e = pcall(function() return 1 < 'x' end) return e", Ok(b"user_script:1: attempt to compare number with string")),
    (b"local ok, e = pcall(function() return 'a' .. {} end) return e", Ok(b"user_script:1: attempt to concatenate a table value")),
    (b"local ok, e = pcall(function() local t = {} t[nil] = 1 end) return e", Ok(b"user_script:1: table index is nil")),
    (b"local ok, e = pcall(function() undefinedfunc() end) return e", Ok(b"user_script:1: Script attempted to access nonexistent global variable 'undefinedfunc'")),
    (b"local ok, e = pcall(function() local t = {} t.x.y = 1 end) return e", Ok(b"user_script:1: attempt to index field 'x' (a nil value)")),
    (b"local ok, e = pcall(function() local s = 'x' return s:nope() end) return e", Ok(b"user_script:1: attempt to call method 'nope' (a nil value)")),
    (b"local ok, e = pcall(function() for i = 1, 'x' do end end) return e", Ok(b"user_script:1: 'for' limit must be a number")),
    (b"local ok, e = pcall(function() local f f() end) return e", Ok(b"user_script:1: attempt to call local 'f' (a nil value)")),
    (b"local ok, e = pcall(function() local t = {} t:m() end) return e", Ok(b"user_script:1: attempt to call method 'm' (a nil value)")),
    (b"local ok, e = pcall(function() return -{} end) return e", Ok(b"user_script:1: attempt to perform arithmetic on a table value")),
    (b"local ok, e = pcall(function() assert(false) end) return e", Ok(b"user_script:1: assertion failed!")),
    (b"local ok, e = pcall(function() assert(nil, 'custom') end) return e", Ok(b"user_script:1: custom")),
    (b"local ok, e = pcall(function() return setmetatable(1, {}) end) return e", Ok(b"user_script:1: bad argument #1 to 'setmetatable' (table expected, got number)")),
    (b"local ok, e = pcall(function() return ipairs() end) return e", Ok(b"user_script:1: bad argument #1 to 'ipairs' (table expected, got no value)")),
    (b"local ok, e = pcall(function() return select(0) end) return e", Ok(b"user_script:1: bad argument #1 to 'select' (index out of range)")),
    (b"local function f() return f() end local ok, e = pcall(function() local function g(n) return 1 + g(n) end return g(1) end) return e", Ok(b"user_script:1: stack overflow")),
    (b"return tostring(select('#')) .. tostring(select(2, 'a', 'b', 'c')) .. tostring(select(-1, 'a', 'b', 'c'))", Ok(b"0bc")),
    (b"return tostring(rawequal('a', 'a')) .. tostring(rawlen) .. type(print) .. type(_G) .. _VERSION", Err(b"user_script:1: Script attempted to access nonexistent global variable 'rawlen'")),
    (b"return tostring(tonumber('  12  ')) .. tostring(tonumber('z', 36)) .. tostring(tonumber('1e2')) .. tostring(tonumber('x'))", Ok(b"1235100nil")),
    (b"return tostring(unpack({1, 2, 3})) .. select('#', unpack({1, 2, 3})) .. select('#', unpack({1, nil, 3}, 1, 3))", Ok(b"133")),
    (b"local t = {} for i = 1, 100 do t[i] = i end local s = 0 for i, v in ipairs(t) do s = s + v end return s .. ' ' .. #t", Ok(b"5050 100")),
    (b"local a = {} a[1.5] = 'x' a[2] = 'y' a[-0] = 'z' return a[1.5] .. a[2.0] .. a[0]", Ok(b"xyz")),
    (b"local t = {10, 20, 30} t[#t + 1] = 40 return tostring(#t) .. t[4]", Ok(b"440")),
    (b"return type(nil) .. type(1) .. type('') .. type({}) .. type(print) .. type(true)", Err(b"user_script:1: Script attempted to access nonexistent global variable 'print'")),
    (b"local s = 'x' return s:rep(3)", Ok(b"xxx")),
    (b"return ('%d'):format(3)", Ok(b"3")),
    (b"local t = {} t.a = 1 t.a = nil return tostring(next(t))", Ok(b"nil")),
    (b"local n = 0 for k in pairs({a = 1, b = 2, c = 3, 1, 2}) do n = n + 1 end return tostring(n)", Ok(b"5")),
    (b"do local a = 1 local function inc() a = a + 1 end inc() inc() return tostring(a) end", Ok(b"3")),
    (b"local t = {f = function(self, x) return self.v + x end, v = 10} return tostring(t:f(5))", Ok(b"15")),
    (b"return tostring(2^53 + 1) .. ' ' .. tostring(123456789012) .. ' ' .. tostring(0.1 + 0.2) .. ' ' .. tostring(-0.0)", Ok(b"9.007199254741e+15 123456789012 0.3 -0")),
    (b"return 'a\\65\\066' .. \"\\n\" .. [[x]] .. [==[y]]z]==]", Ok(b"aAB\x0axy]]z")),
    (b"local function v(...) local a, b = ... return tostring(a) .. tostring(b) end return v(1) .. v(1, 2, 3)", Ok(b"1nil12")),
    (b"local function v(...) local t = {...} return #t end return tostring(v(1, 2, 3))", Ok(b"3")),
    (b"local x = 5 local function f() return x end x = 6 return tostring(f())", Ok(b"6")),
    (b"local t = {5, 2, 8, 1, 9, 3} table.sort(t) return table.concat(t, ',')", Ok(b"1,2,3,5,8,9")),
    (b"local t = {5, 2, 8, 1, 9, 3} table.sort(t, function(a, b) return a > b end) return table.concat(t, ',')", Ok(b"9,8,5,3,2,1")),
    (b"local t = {'b', 'a', 'C', 'c'} table.sort(t) return table.concat(t, ' ')", Ok(b"C a b c")),
    (b"local t = {} for i = 1, 50 do t[i] = (i * 37) % 101 end table.sort(t) return table.concat(t, ',')", Ok(b"2,3,6,9,10,12,13,16,19,20,22,23,26,29,30,32,33,36,37,39,40,43,46,47,49,50,53,56,57,59,60,63,66,67,70,73,74,76,77,80,83,84,86,87,90,93,94,96,97,100")),
    (b"local t = {3, 1, 2} table.sort(t, function(a, b) return true end) return table.concat(t, ',')", Ok(b"1,2,3")),
    (b"local ok, e = pcall(table.sort, {{}, {}}) return e", Ok(b"attempt to compare two table values")),
    (b"local ok, e = pcall(table.sort, {3, 2, 1, 5, 4, 7, 6, 9, 8}, function(a, b) return true end) return tostring(e)", Ok(b"invalid order function for sorting")),
    (b"local t = {1, 2, 3} table.insert(t, 4) table.insert(t, 1, 0) return table.concat(t, ',')", Ok(b"0,1,2,3,4")),
    (b"local t = {1, 2, 3} local r = table.remove(t) local r2 = table.remove(t, 1) return r .. r2 .. table.concat(t, ',')", Ok(b"312")),
    (b"local ok, e = pcall(table.insert, {}, 1, 2, 3) return e", Ok(b"wrong number of arguments to 'insert'")),
    (b"return table.concat({1, 2, 3}, ', ', 2, 3) .. '|' .. table.concat({}, 'x') .. '|' .. table.concat({'a'}, 'x', 1, 1)", Ok(b"2, 3||a")),
    (b"return tostring(table.maxn({1, 2, [10] = 3, [2.5] = 4})) .. tostring(table.getn({1, 2}))", Ok(b"102")),
    (b"return string.sub('hello', 2, 4) .. string.sub('hello', -3) .. string.sub('hello', 0) .. '|' .. string.sub('hello', 4, 2) .. '|' .. ('hello'):sub(2)", Ok(b"ellllohello||ello")),
    (b"return string.upper('abc') .. string.lower('ABC') .. string.len('abc') .. #string.rep('ab', 3) .. string.reverse('abc')", Ok(b"ABCabc36cba")),
    (b"return table.concat({string.byte('ABC', 1, -1)}, ',') .. string.char(72, 105)", Ok(b"65,66,67Hi")),
    (b"local ok, e = pcall(string.char, 256) return e", Ok(b"bad argument #1 to '?' (invalid value)")),
    (b"local ok, e = pcall(string.rep) return e", Ok(b"bad argument #1 to '?' (string expected, got no value)")),
    (b"return string.format('%5.2f|%d|%s|%q|%x|%5s|%-5s|%g', 3.14159, 42, 'hi', 'a\"b\\n', 255, 'ab', 'ab', 1e20)", Ok(b" 3.14|42|hi|\"a\\\"b\\\x0a\"|ff|   ab|ab   |1e+20")),
    (b"return string.format('%d', 3.9) .. string.format('%d', -3.9) .. string.format('%.3s', 'abcdef')", Ok(b"3-3abc")),
    (b"local ok, e = pcall(string.format, '%d', 'x') return e", Ok(b"bad argument #2 to '?' (number expected, got string)")),
    (b"local ok, e = pcall(string.format, '%y', 1) return e", Ok(b"invalid option '%y' to 'format'")),
    (b"return tostring(math.floor(3.7)) .. tostring(math.ceil(3.2)) .. tostring(math.abs(-2)) .. tostring(math.max(1, 5, 3)) .. tostring(math.min(4, 2))", Ok(b"34252")),
    (b"return tostring(math.sqrt(16)) .. ' ' .. tostring(math.pi) .. ' ' .. tostring(math.huge) .. ' ' .. tostring(math.fmod(7, 3)) .. ' ' .. tostring(math.fmod(-7, 3))", Ok(b"4 3.1415926535898 inf 1 -1")),
    (b"return tostring(math.modf(3.7)) .. ' ' .. tostring(select(2, math.modf(3.75))) .. ' ' .. tostring(math.frexp(8)) .. ' ' .. tostring(math.ldexp(0.5, 4))", Ok(b"3 0.75 0.5 8")),
    (b"return tostring(math.log(1)) .. ' ' .. tostring(math.exp(0)) .. ' ' .. tostring(math.log10(1000)) .. ' ' .. tostring(math.pow(2, 8))", Ok(b"0 1 3 256")),
    (b"local ok, e = pcall(math.random, 0) return e", Ok(b"bad argument #1 to '?' (interval is empty)")),
    (b"local ok, e = pcall(math.floor) return e", Ok(b"bad argument #1 to '?' (number expected, got no value)")),
    (b"local s = 'x' return s:len() .. ('abc'):upper() .. ('%d'):format(7)", Ok(b"1ABC7")),
    (b"local t = {} t[#t + 1] = 'a' t[#t + 1] = 'b' return table.concat(t)", Ok(b"ab")),
    (b"return tostring(#{n = 3}) .. tostring(#{1, 2, nil}) .. tostring(#{nil, nil, 3})", Ok(b"023")),
    (b"local t = setmetatable({}, {__metatable = 'locked'}) local ok, e = pcall(setmetatable, t, {}) return tostring(getmetatable(t)) .. ' ' .. e", Ok(b"locked cannot change a protected metatable")),
    (b"return select('#', table.remove({}))", Ok(b"0")),
    (b"return select(2, pcall(error, 'boom'))", Ok(b"boom")),
    (b"local function f() error('deep', 2) end local ok, e = pcall(function() f() end) return e", Ok(b"user_script:1: deep")),
    (b"local r = string.rep local ok, e = pcall(function() return r() end) return e", Ok(b"user_script:1: bad argument #1 to 'r' (string expected, got no value)")),
    (b"local ok, e = pcall(function() return ('x'):rep() end) return e", Ok(b"user_script:1: bad argument #1 to 'rep' (number expected, got no value)")),
    (b"local ok, e = pcall(function() return string.rep() end) return e", Ok(b"user_script:1: bad argument #1 to 'rep' (string expected, got no value)")),
    (b"local z = -0 return tostring(1/0)", Ok(b"-inf")),
    (b"local z = 0 local w = -0 return tostring(1/w)", Ok(b"inf")),
    (b"local f = loadstring('return 1 + 1') return tostring(f())", Ok(b"2")),
    (b"local f, e = loadstring('return +') return e", Ok(b"[string \"return +\"]:1: unexpected symbol near '+'")),
    (b"local f, e = loadstring('return x', 'mychunk') local ok, err = pcall(f) return err", Ok(b"[string \"mychunk\"]:1: Script attempted to access nonexistent global variable 'x'")),
    (b"return tostring(string.find('hello world', 'o w')) .. ',' .. tostring(select(2, string.find('hello world', 'o w')))", Ok(b"5,7")),
    (b"return table.concat({string.find('hello world', '(o)(r)')}, ',')", Ok(b"8,9,o,r")),
    (b"return tostring(string.find('a.b', '.', 1, true)) .. tostring(string.find('abc', 'x'))", Ok(b"2nil")),
    (b"return string.match('key:123:name', ':(%d+):') .. string.match('  trim  ', '^%s*(.-)%s*$') .. '|'", Ok(b"123trim|")),
    (b"return tostring(string.match('hello', '()ll()'))", Ok(b"3")),
    (b"local t = {} for w in string.gmatch('one two  three', '%a+') do t[#t + 1] = w end return table.concat(t, ',')", Ok(b"one,two,three")),
    (b"local t = {} for k, v in string.gmatch('a=1, b=2, c=3', '(%w+)=(%w+)') do t[#t + 1] = k .. v end return table.concat(t, ';')", Ok(b"a1;b2;c3")),
    (b"return table.concat({string.gsub('hello world', 'o', '0')}, ',')", Ok(b"hell0 w0rld,2")),
    (b"return table.concat({string.gsub('hello world', '(%w+)', '<%1>')}, ',')", Ok(b"<hello> <world>,2")),
    (b"return table.concat({string.gsub('abc', '%w', '%0%0', 2)}, ',')", Ok(b"aabbc,2")),
    (b"return (string.gsub('$name is $age', '%$(%w+)', {name = 'Ada', age = 36}))", Ok(b"Ada is 36")),
    (b"return (string.gsub('1 2 3', '%d', function(d) return d * 2 end))", Ok(b"2 4 6")),
    (b"return (string.gsub('abc', 'b*', '-'))", Ok(b"-a--c-")),
    (b"return (string.gsub('keep x', 'x', function() return nil end))", Ok(b"keep x")),
    (b"local ok, e = pcall(string.gsub, 'a', 'a', function() return {} end) return e", Ok(b"invalid replacement value (a table)")),
    (b"local ok, e = pcall(string.find, 'a', '[a') return e", Ok(b"malformed pattern (missing ']')")),
    (b"local ok, e = pcall(string.rep) return e", Ok(b"bad argument #1 to '?' (string expected, got no value)")),
    (b"return ('x,y,z'):gsub(',', ';')", Ok(b"x;y;z")),
    (b"local s = 'user:42:session' return s:match('^user:(%d+)') .. s:sub(1, 4) .. tostring(s:find(':', 1, true))", Ok(b"42user5")),
];

#[test]
fn scripts_reply_as_redis_lua_does() {
    let mut failures = Vec::new();
    for (source, expected) in CASES {
        let expected = expected.map(<[u8]>::to_vec).map_err(<[u8]>::to_vec);
        for fuel in [1_000_000, 7] {
            let got = eval(source, fuel);
            if got != expected {
                failures.push(format!(
                    "{}\n   expected {:?}\n   got      {:?} (fuel {fuel})",
                    String::from_utf8_lossy(source),
                    expected
                        .as_ref()
                        .map(|b| String::from_utf8_lossy(b))
                        .map_err(|b| String::from_utf8_lossy(b)),
                    got.as_ref()
                        .map(|b| String::from_utf8_lossy(b))
                        .map_err(|b| String::from_utf8_lossy(b)),
                ));
                break;
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} differ:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}
