//! The `struct` library (lib_struct.rs) against Redis 7.0.15's Lua: each case's expected
//! reply was captured from the oracle, `redis-server` 7.0.15 (Debian 7.0.15-1~deb12u10 on
//! x86-64), with `python3 /work/notes/i19-capture-lua-libs.py PORT scripts.txt`
//! (`EVAL <script> 0`; the error text without Redis's "ERR " head and " script: <sha>, on
//! @user_script:1." tail). Every script ran, as here, after `HEX` (a local function
//! showing a string's bytes in hex), on the same line. Redis's globals protection is
//! emulated as in oracle.rs.

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

/// Runs a script as EVAL would (so far): the reply's text (the first result as
/// `tostring` shows it), or the error's.
fn eval(source: &[u8], fuel_per_slice: u64) -> Result<Vec<u8>, Vec<u8>> {
    let chunk = parse(source, REDIS_CHUNK_NAME).map_err(|e| e.to_string().into_bytes())?;
    let proto = compile(&chunk);
    let mut vm = Vm::new();
    keyspace_lua::lib_base::open(&mut vm);
    keyspace_lua::lib_string::open(&mut vm);
    keyspace_lua::lib_table::open(&mut vm);
    keyspace_lua::lib_math::open(&mut vm);
    keyspace_lua::lib_bit::open(&mut vm);
    keyspace_lua::lib_struct::open(&mut vm);
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

/// A script and the reply Redis gave it (or its error).
type Case = (&'static [u8], Result<&'static [u8], &'static [u8]>);

fn show(r: &Result<Vec<u8>, Vec<u8>>) -> String {
    match r {
        Ok(b) => format!("Ok({:?})", String::from_utf8_lossy(b)),
        Err(b) => format!("Err({:?})", String::from_utf8_lossy(b)),
    }
}

/// Runs every case at a big and at a tiny slice size; all differences in one report.
fn check(cases: &[Case], prefix: &[u8]) {
    let mut failures = Vec::new();
    for (source, expected) in cases {
        let expected = expected.map(<[u8]>::to_vec).map_err(<[u8]>::to_vec);
        let script = [prefix, source].concat();
        for fuel in [1_000_000, 7] {
            let got = eval(&script, fuel);
            if got != expected {
                failures.push(format!(
                    "{}\n   expected {}\n   got      {} (fuel {fuel})",
                    String::from_utf8_lossy(source),
                    show(&expected),
                    show(&got),
                ));
                break;
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// Put before every case (the cases were captured with it).
const HEX: &[u8] = b"local function hex(s) local t = {} for i = 1, #s do t[i] = string.format('%02x', s:byte(i)) end return table.concat(t) end ";

const CASES: &[Case] = &[
    (b"return hex(struct.pack('b', 1)) .. ' ' .. hex(struct.pack('b', -1)) .. ' ' .. hex(struct.pack('B', 255)) .. ' ' .. hex(struct.pack('b', 300)) .. ' ' .. hex(struct.pack('B', -2))", Ok(b"01 ff ff 2c fe")),
    (b"return hex(struct.pack('h', 1)) .. ' ' .. hex(struct.pack('>h', 1)) .. ' ' .. hex(struct.pack('<H', 0xabcd)) .. ' ' .. hex(struct.pack('>H', 0xabcd)) .. ' ' .. hex(struct.pack('h', -2))", Ok(b"0100 0001 cdab abcd feff")),
    (b"return hex(struct.pack('i', 1)) .. ' ' .. hex(struct.pack('>i', 1)) .. ' ' .. hex(struct.pack('I', 2^32 - 1)) .. ' ' .. hex(struct.pack('i', -1)) .. ' ' .. hex(struct.pack('>I', 0x01020304))", Ok(b"01000000 00000001 ffffffff ffffffff 01020304")),
    (b"return hex(struct.pack('l', 1)) .. ' ' .. hex(struct.pack('>l', -2)) .. ' ' .. hex(struct.pack('L', 2^53)) .. ' ' .. hex(struct.pack('>T', 258))", Ok(b"0100000000000000 fffffffffffffffe 0000000000002000 0000000000000102")),
    (b"return hex(struct.pack('i1', 5)) .. ' ' .. hex(struct.pack('i2', 5)) .. ' ' .. hex(struct.pack('>i3', 0x010203)) .. ' ' .. hex(struct.pack('<i3', -1)) .. ' ' .. hex(struct.pack('i8', -3)) .. ' ' .. hex(struct.pack('>I5', 2^33 + 1))", Ok(b"05 0500 010203 ffffff fdffffffffffffff 0200000001")),
    (b"return '[' .. hex(struct.pack('i0', 5)) .. '] ' .. hex(struct.pack('<i16', -1)) .. ' ' .. hex(struct.pack('>i12', -2)) .. ' ' .. hex(struct.pack('>I9', 2^63))", Ok(b"[] ffffffffffffffff0000000000000000 00000000fffffffffffffffe 008000000000000000")),
    (b"return hex(struct.pack('<i32', 1)) .. ' ' .. hex(struct.pack('>i32', 1))", Ok(b"0100000000000000000000000000000000000000000000000000000000000000 0000000000000000000000000000000000000000000000000000000000000001")),
    (b"return hex(struct.pack('<L', 0/0)) .. ' ' .. hex(struct.pack('<L', 2^64)) .. ' ' .. hex(struct.pack('<L', 1e30)) .. ' ' .. hex(struct.pack('<L', 2^63)) .. ' ' .. hex(struct.pack('<L', 1.5e19))", Ok(b"0000000000000080 0000000000000000 0000000000000000 0000000000000080 0000dcce86b42ad0")),
    (b"return hex(struct.pack('<l', -1e30)) .. ' ' .. hex(struct.pack('<l', 1/0)) .. ' ' .. hex(struct.pack('<l', -1/0)) .. ' ' .. hex(struct.pack('<l', -2^63)) .. ' ' .. hex(struct.pack('<l', 2^63 - 1024))", Ok(b"0000000000000080 0000000000000000 0000000000000080 0000000000000080 00fcffffffffff7f")),
    (b"return hex(struct.pack('b', 1.9)) .. ' ' .. hex(struct.pack('b', -1.9)) .. ' ' .. hex(struct.pack('i', 2.5)) .. ' ' .. hex(struct.pack('i', '42')) .. ' ' .. hex(struct.pack('i', ' 0x10 '))", Ok(b"01 ff 02000000 2a000000 10000000")),
    (b"return hex(struct.pack('f', 1)) .. ' ' .. hex(struct.pack('>f', 1)) .. ' ' .. hex(struct.pack('f', 0.1)) .. ' ' .. hex(struct.pack('f', -2.5)) .. ' ' .. hex(struct.pack('f', 1e40)) .. ' ' .. hex(struct.pack('f', 1e-50))", Ok(b"0000803f 3f800000 cdcccc3d 000020c0 0000807f 00000000")),
    (b"return hex(struct.pack('d', 1)) .. ' ' .. hex(struct.pack('>d', 1)) .. ' ' .. hex(struct.pack('d', 0.1)) .. ' ' .. hex(struct.pack('d', 1/0)) .. ' ' .. hex(struct.pack('>d', -1/0))", Ok(b"000000000000f03f 3ff0000000000000 9a9999999999b93f 000000000000f07f fff0000000000000")),
    (b"return hex(struct.pack('>d', -0)) .. ' ' .. hex(struct.pack('<d', -0))", Ok(b"8000000000000000 0000000000000080")),
    (b"return hex(struct.pack('d', 0/0)) .. ' ' .. hex(struct.pack('f', 0/0)) .. ' ' .. hex(struct.pack('d', -(0/0)))", Ok(b"000000000000f8ff 0000c0ff 000000000000f87f")),
    (b"return hex(struct.pack('c', 'abc')) .. ' ' .. hex(struct.pack('c2', 'abc')) .. ' ' .. hex(struct.pack('c0', 'abc')) .. ' ' .. hex(struct.pack('c3', 'abc')) .. ' [' .. hex(struct.pack('c0', '')) .. ']'", Ok(b"61 6162 616263 616263 []")),
    (b"return hex(struct.pack('s', 'abc')) .. ' ' .. hex(struct.pack('s', '')) .. ' ' .. hex(struct.pack('s', 'a\\0b')) .. ' ' .. hex(struct.pack('ss', 'x', 'y'))", Ok(b"61626300 00 61006200 78007900")),
    (b"return hex(struct.pack('c0', 1234.5)) .. ' ' .. hex(struct.pack('s', 12)) .. ' ' .. hex(struct.pack('c2', 123))", Ok(b"313233342e35 313200 3132")),
    (b"return hex(struct.pack('x')) .. ' ' .. hex(struct.pack('xxbx', 7)) .. ' ' .. hex(struct.pack('  b  ', 7)) .. ' [' .. hex(struct.pack('')) .. '] [' .. hex(struct.pack('<>!')) .. ']'", Ok(b"00 00000700 07 [] []")),
    (b"return hex(struct.pack('!bi', 1, 2)) .. ' ' .. hex(struct.pack('!4bi', 1, 2)) .. ' ' .. hex(struct.pack('!2bi', 1, 2)) .. ' ' .. hex(struct.pack('bi', 1, 2)) .. ' ' .. hex(struct.pack('!bd', 1, 0)) .. ' ' .. hex(struct.pack('!bh', 1, 2))", Ok(b"0100000002000000 0100000002000000 010002000000 0102000000 01000000000000000000000000000000 01000200")),
    (b"return hex(struct.pack('!8bi3b', 1, 2, 3)) .. ' ' .. hex(struct.pack('!8bi5', 1, 2)) .. ' ' .. hex(struct.pack('!8bi6', 1, 2)) .. ' ' .. hex(struct.pack('!bc3i', 1, 'abc', 2)) .. ' ' .. hex(struct.pack('!bs h', 1, 'a', 2))", Ok(b"01000002000003 01000000000200000000 010000000000020000000000 0161626302000000 016100000200")),
    (b"return hex(struct.pack('!16bd', 1, 0)) .. ' ' .. hex(struct.pack('!1bd', 1, 0)) .. ' ' .. hex(struct.pack('b!4i', 1, 2)) .. ' ' .. hex(struct.pack('!4b!1i', 1, 2)) .. ' ' .. hex(struct.pack('!bxi', 1, 2))", Ok(b"01000000000000000000000000000000 010000000000000000 0100000002000000 0102000000 0100000002000000")),
    (b"return hex(struct.pack('<i>i<i', 1, 2, 3)) .. ' ' .. hex(struct.pack('>hb<h', 1, 2, 3))", Ok(b"010000000000000203000000 0001020300")),
    (b"return hex(struct.pack('b\\0b', 1, 2)) .. ' ' .. hex(struct.pack('i', 1, 2, 3))", Ok(b"01 01000000")),
    (b"return struct.pack()", Err(b"user_script:1: bad argument #1 to 'pack' (string expected, got no value)")),
    (b"return struct.pack(5)", Err(b"user_script:1: bad argument #1 to 'pack' (invalid format option '5')")),
    (b"return struct.pack('z')", Err(b"user_script:1: bad argument #1 to 'pack' (invalid format option 'z')")),
    (b"return struct.pack('bz', 1)", Err(b"user_script:1: bad argument #1 to 'pack' (invalid format option 'z')")),
    (b"return struct.pack('b4', 1)", Err(b"user_script:1: bad argument #1 to 'pack' (invalid format option '4')")),
    (b"return struct.pack('s5', 'a')", Err(b"user_script:1: bad argument #1 to 'pack' (invalid format option '5')")),
    (b"return struct.pack('\\200')", Err(b"user_script:1: bad argument #1 to 'pack' (invalid format option '\xc8')")),
    (b"return struct.pack('i33')", Err(b"user_script:1: integral size 33 is larger than limit of 32")),
    (b"return struct.pack('I99', 1)", Err(b"user_script:1: integral size 99 is larger than limit of 32")),
    (b"return struct.pack('i99999999999')", Err(b"user_script:1: integral size overflow")),
    (b"return struct.pack('c99999999999', 'a')", Err(b"user_script:1: integral size overflow")),
    (b"return struct.pack('!3')", Err(b"user_script:1: alignment 3 is not a power of 2")),
    (b"return struct.pack('!0')", Err(b"user_script:1: alignment 0 is not a power of 2")),
    (b"return struct.pack('!99999999999')", Err(b"user_script:1: integral size overflow")),
    (b"return struct.pack('c5', 'ab')", Err(b"user_script:1: bad argument #3 to 'pack' (string too short)")),
    (b"return struct.pack('bc5', 1, 'ab')", Err(b"user_script:1: bad argument #4 to 'pack' (string too short)")),
    (b"return struct.pack('b')", Err(b"user_script:1: bad argument #2 to 'pack' (number expected, got nil)")),
    (b"return struct.pack('bb', 1)", Err(b"user_script:1: bad argument #3 to 'pack' (number expected, got nil)")),
    (b"return struct.pack('b', 'x')", Err(b"user_script:1: bad argument #2 to 'pack' (number expected, got string)")),
    (b"return struct.pack('f', {})", Err(b"user_script:1: bad argument #2 to 'pack' (number expected, got table)")),
    (b"return struct.pack('d', nil)", Err(b"user_script:1: bad argument #2 to 'pack' (number expected, got nil)")),
    (b"return struct.pack('c', {})", Err(b"user_script:1: bad argument #2 to 'pack' (string expected, got table)")),
    (b"return struct.pack('s')", Err(b"user_script:1: bad argument #2 to 'pack' (string expected, got nil)")),
    (b"return struct.pack('i', true)", Err(b"user_script:1: bad argument #2 to 'pack' (number expected, got boolean)")),
    (b"return struct.pack({})", Err(b"user_script:1: bad argument #1 to 'pack' (string expected, got table)")),
    (b"return tostring(struct.unpack('b', '\\255')) .. ' ' .. tostring(struct.unpack('B', '\\255')) .. ' ' .. tostring(struct.unpack('b', '\\127')) .. ' ' .. tostring(struct.unpack('b', '\\128'))", Ok(b"-1 255 127 -128")),
    (b"return table.concat({struct.unpack('<h>h<H>H', '\\1\\2\\1\\2\\255\\254\\255\\254')}, ' ')", Ok(b"513 258 65279 65534 9")),
    (b"return table.concat({struct.unpack('<i>iI', '\\1\\0\\0\\0\\0\\0\\0\\1\\255\\255\\255\\255')}, ' ')", Ok(b"1 1 4294967295 13")),
    (b"return table.concat({struct.unpack('<l>L', '\\255\\255\\255\\255\\255\\255\\255\\255\\0\\0\\0\\0\\0\\0\\1\\0')}, ' ')", Ok(b"-1 256 17")),
    (b"return tostring(struct.unpack('<L', '\\255\\255\\255\\255\\255\\255\\255\\255')) .. ' ' .. tostring(struct.unpack('<l', '\\0\\0\\0\\0\\0\\0\\0\\128')) .. ' ' .. tostring(struct.unpack('>T', '\\0\\0\\0\\0\\0\\0\\1\\0'))", Ok(b"1.844674407371e+19 -9.2233720368548e+18 256")),
    (b"return table.concat({struct.unpack('<i3>i3<I3', '\\255\\255\\255\\0\\0\\1\\255\\255\\127')}, ' ')", Ok(b"-1 1 8388607 10")),
    (b"return tostring(struct.unpack('<i12', string.rep('\\255', 12))) .. ' ' .. tostring(struct.unpack('<i12', '\\0\\0\\0\\128' .. string.rep('\\0', 8))) .. ' ' .. tostring(struct.unpack('<i12', string.rep('\\0', 4) .. '\\128' .. string.rep('\\0', 7)))", Ok(b"-1 -2147483648 -2147483648")),
    (b"return tostring(struct.unpack('>i16', string.rep('\\255', 16))) .. ' ' .. tostring(struct.unpack('>I16', string.rep('\\1', 16))) .. ' ' .. tostring(struct.unpack('<I16', string.rep('\\1', 8) .. string.rep('\\2', 8))) .. ' ' .. tostring(struct.unpack('>i9', '\\1' .. string.rep('\\0', 7) .. '\\255'))", Ok(b"-1 7.2340172838077e+16 7.2340172838077e+16 -1")),
    (b"return tostring(struct.unpack('<i0', '')) .. ' ' .. tostring(struct.unpack('<I0', 'abc')) .. ' ' .. select('#', struct.unpack('<i0', ''))", Ok(b"0 0 2")),
    (b"return tostring(struct.unpack('<i5', '\\0\\0\\0\\0\\128')) .. ' ' .. tostring(struct.unpack('<i7', '\\255\\255\\255\\255\\255\\255\\127')) .. ' ' .. tostring(struct.unpack('<i10', string.rep('\\0', 7) .. '\\128\\0\\0'))", Ok(b"-549755813888 3.6028797018964e+16 -32768")),
    (b"return tostring(struct.unpack('f', struct.pack('f', 0.1))) .. ' ' .. tostring(struct.unpack('>d', struct.pack('>d', 0.1))) .. ' ' .. tostring(struct.unpack('>f', '\\63\\128\\0\\0')) .. ' ' .. tostring(struct.unpack('d', struct.pack('d', -1/0)))", Ok(b"0.10000000149012 0.1 1 -inf")),
    (b"return tostring(struct.unpack('f', '\\255\\255\\255\\255')) .. ' ' .. tostring(struct.unpack('d', string.rep('\\255', 8))) .. ' ' .. tostring(struct.unpack('<f', '\\0\\0\\128\\127')) .. ' ' .. tostring(struct.unpack('>d', '\\128' .. string.rep('\\0', 7)))", Ok(b"-nan -nan inf -0")),
    (b"return table.concat({struct.unpack('c3c2', 'abcdefg')}, ' ') .. ' ' .. table.concat({struct.unpack('c', 'xyz')}, ' ')", Ok(b"abc de 6 x 2")),
    (b"return table.concat({struct.unpack('s', 'abc\\0def')}, ' ') .. ' ' .. table.concat({struct.unpack('ss', 'a\\0\\0b\\0')}, '|')", Ok(b"abc 5 a||4")),
    (b"return table.concat({struct.unpack('bc0', '\\3abcdef')}, ' ') .. ' ' .. table.concat({struct.unpack('c1c0', '2abc')}, ' ') .. ' ' .. table.concat({struct.unpack('bc0b', '\\0\\7')}, ' ')", Ok(b"abc 5 ab 4  7 3")),
    (b"return table.concat({struct.unpack('bc0', '\\2.abc', 1)}, ' ') .. ' ' .. table.concat({struct.unpack('c2c0', '1 abc')}, ' ') .. ' ' .. table.concat({struct.unpack('c3c0', '0x2abc')}, ' ')", Ok(b".a 4 a 4 ab 6")),
    (b"return table.concat({struct.unpack('dc0', struct.pack('d', 2.7) .. 'abc')}, ' ') .. ' ' .. table.concat({struct.unpack('xc0', '\\3abc')}, ' ')", Err(b"user_script:1: format 'c0' needs a previous size")),
    (b"return struct.unpack('c0', 'abc')", Err(b"user_script:1: format 'c0' needs a previous size")),
    (b"return struct.unpack('c1c0', 'xabc')", Err(b"user_script:1: format 'c0' needs a previous size")),
    (b"return struct.unpack('xbc0', '\\0\\5ab')", Err(b"user_script:1: bad argument #2 to 'unpack' (data string too short)")),
    (b"return struct.unpack('bc0', '\\255abc')", Err(b"user_script:1: bad argument #2 to 'unpack' (data string too short)")),
    (b"return struct.unpack('dc0', struct.pack('d', -1) .. 'abc')", Err(b"user_script:1: bad argument #2 to 'unpack' (data string too short)")),
    (b"return struct.unpack('dc0', struct.pack('d', 0/0) .. 'abc')", Err(b"user_script:1: bad argument #2 to 'unpack' (data string too short)")),
    (b"return struct.unpack('dc0', struct.pack('d', 1e30) .. 'abc')", Ok(b"")),
    (b"return struct.unpack('s', 'abc')", Err(b"user_script:1: unfinished string in data")),
    (b"return struct.unpack('bs', '\\1')", Err(b"user_script:1: unfinished string in data")),
    (b"return table.concat({struct.unpack('b', 'abc', 2)}, ' ') .. ' ' .. table.concat({struct.unpack('b', 'abc', 3)}, ' ') .. ' ' .. table.concat({struct.unpack('b', 'abc', 2.9)}, ' ') .. ' ' .. table.concat({struct.unpack('<', 'abc', 4)}, ' ') .. ' ' .. table.concat({struct.unpack('b', 'abc', '2')}, ' ')", Ok(b"98 3 99 4 98 3 4 98 3")),
    (b"return struct.unpack('b', 'abc', 4)", Err(b"user_script:1: bad argument #2 to 'unpack' (data string too short)")),
    (b"return struct.unpack('b', 'abc', 0)", Err(b"user_script:1: bad argument #3 to 'unpack' (offset must be 1 or greater)")),
    (b"return struct.unpack('b', 'abc', -1)", Err(b"user_script:1: bad argument #2 to 'unpack' (data string too short)")),
    (b"return struct.unpack('b', 'abc', 1e30)", Err(b"user_script:1: bad argument #2 to 'unpack' (data string too short)")),
    (b"return struct.unpack('b', 'abc', -1e30)", Err(b"user_script:1: bad argument #2 to 'unpack' (data string too short)")),
    (b"return struct.unpack('b', 'abc', 0/0)", Err(b"user_script:1: bad argument #2 to 'unpack' (data string too short)")),
    (b"return struct.unpack('<', 'abc', 5)", Err(b"user_script:1: bad argument #2 to 'unpack' (data string too short)")),
    (b"return struct.unpack('b', 'abc', 'x')", Err(b"user_script:1: bad argument #3 to 'unpack' (number expected, got string)")),
    (b"return struct.unpack('b', 'abc', {})", Err(b"user_script:1: bad argument #3 to 'unpack' (number expected, got table)")),
    (b"return table.concat({struct.unpack('b', 'abc', nil)}, ' ')", Ok(b"97 2")),
    (b"return struct.unpack('i', 'abc')", Err(b"user_script:1: bad argument #2 to 'unpack' (data string too short)")),
    (b"return struct.unpack('bi', '\\1\\2\\3\\4')", Err(b"user_script:1: bad argument #2 to 'unpack' (data string too short)")),
    (b"return struct.unpack('!bi', '\\1\\0\\0\\0\\2\\0\\0')", Err(b"user_script:1: bad argument #2 to 'unpack' (data string too short)")),
    (b"return table.concat({struct.unpack('!bi', '\\1\\0\\0\\0\\2\\0\\0\\0')}, ' ') .. ' ' .. table.concat({struct.unpack('!4bi', '\\1\\0\\0\\0\\2\\0\\0\\0')}, ' ') .. ' ' .. table.concat({struct.unpack('!bd', string.rep('\\0', 16))}, ' ')", Ok(b"1 2 9 1 2 9 0 0 17")),
    (b"return table.concat({struct.unpack('!4bi', '\\9\\1\\0\\0\\0\\2\\0\\0\\0', 2)}, ' ') .. ' ' .. table.concat({struct.unpack('!8bi3b', '\\1\\0\\0\\2\\0\\0\\3')}, ' ')", Ok(b"1 512 9 1 2 3 8")),
    (b"return struct.unpack('z', 'abc')", Err(b"user_script:1: bad argument #1 to 'unpack' (invalid format option 'z')")),
    (b"return struct.unpack('z', 'abc', 5)", Err(b"user_script:1: bad argument #2 to 'unpack' (data string too short)")),
    (b"return struct.unpack('\\200', 'abc')", Err(b"user_script:1: bad argument #1 to 'unpack' (invalid format option '\xc8')")),
    (b"return struct.unpack('i33', 'abc')", Err(b"user_script:1: integral size 33 is larger than limit of 32")),
    (b"return struct.unpack('!5', 'abc')", Err(b"user_script:1: alignment 5 is not a power of 2")),
    (b"return struct.unpack('b')", Err(b"user_script:1: bad argument #2 to 'unpack' (string expected, got no value)")),
    (b"return struct.unpack()", Err(b"user_script:1: bad argument #1 to 'unpack' (string expected, got no value)")),
    (b"return struct.unpack({}, 'a')", Err(b"user_script:1: bad argument #1 to 'unpack' (string expected, got table)")),
    (b"return struct.unpack('b', {})", Err(b"user_script:1: bad argument #2 to 'unpack' (string expected, got table)")),
    (b"return table.concat({struct.unpack('b', 12)}, ' ') .. ' ' .. table.concat({struct.unpack(66, 'abc')}, ' ')", Err(b"user_script:1: bad argument #1 to 'unpack' (invalid format option '6')")),
    (b"return select('#', struct.unpack('xxx', 'abc')) .. ' ' .. select('#', struct.unpack('bbb', 'abc')) .. ' ' .. select('#', struct.unpack('', '')) .. ' ' .. tostring(struct.unpack('', ''))", Ok(b"1 4 1 1")),
    (b"return select('#', struct.unpack(string.rep('b', 7997), string.rep('a', 8000)))", Ok(b"7998")),
    (b"return select('#', struct.unpack(string.rep('b', 7998), string.rep('a', 8000)))", Err(b"user_script:1: stack overflow (too many results)")),
    (b"return select('#', struct.unpack(string.rep('b', 7996), string.rep('a', 8000), 1))", Ok(b"7997")),
    (b"return select('#', struct.unpack(string.rep('b', 7997), string.rep('a', 8000), 1))", Err(b"user_script:1: stack overflow (too many results)")),
    (b"return select('#', struct.unpack(string.rep('b', 7995), string.rep('a', 8000), 1, 2))", Ok(b"7996")),
    (b"return select('#', struct.unpack(string.rep('b', 7996), string.rep('a', 8000), 1, 2))", Err(b"user_script:1: stack overflow (too many results)")),
    (b"return select('#', struct.unpack(string.rep('x', 9000), string.rep('a', 9000)))", Ok(b"1")),
    (b"return select('#', struct.unpack(string.rep('b', 7997) .. 'x', string.rep('a', 8000)))", Err(b"user_script:1: stack overflow (too many results)")),
    (b"return select('#', struct.unpack(string.rep('b', 7997) .. '<', string.rep('a', 8000)))", Err(b"user_script:1: stack overflow (too many results)")),
    (b"return struct.size('') .. ' ' .. struct.size('b') .. ' ' .. struct.size('h') .. ' ' .. struct.size('i') .. ' ' .. struct.size('l') .. ' ' .. struct.size('T') .. ' ' .. struct.size('f') .. ' ' .. struct.size('d') .. ' ' .. struct.size('x')", Ok(b"0 1 2 4 8 8 4 8 1")),
    (b"return struct.size('c') .. ' ' .. struct.size('c7') .. ' ' .. struct.size('i3') .. ' ' .. struct.size('I32') .. ' ' .. struct.size('i0') .. ' ' .. struct.size('bBhHlLTiIfdx')", Ok(b"1 7 3 32 0 51")),
    (b"return struct.size('!bi') .. ' ' .. struct.size('!4bi') .. ' ' .. struct.size('!bd') .. ' ' .. struct.size('!2bd') .. ' ' .. struct.size('!bi3') .. ' ' .. struct.size('!8bi3bi5') .. ' ' .. struct.size('!8bi6') .. ' ' .. struct.size('!bc3i')", Ok(b"8 8 16 10 6 12 12 8")),
    (b"return struct.size('z') .. ' ' .. struct.size('5') .. ' ' .. struct.size('bzi') .. ' ' .. struct.size('<>  b') .. ' ' .. struct.size('b\\0i') .. ' ' .. struct.size(12)", Ok(b"0 0 5 1 1 0")),
    (b"return struct.size('s')", Err(b"user_script:1: bad argument #1 to 'size' (option 's' has no fixed size)")),
    (b"return struct.size('bs')", Err(b"user_script:1: bad argument #1 to 'size' (option 's' has no fixed size)")),
    (b"return struct.size('c0')", Err(b"user_script:1: bad argument #1 to 'size' (option 'c0' has no fixed size)")),
    (b"return struct.size('\\200')", Err(b"user_script:1: bad argument #1 to 'size' (invalid format option '\xc8')")),
    (b"return struct.size('?')", Err(b"user_script:1: bad argument #1 to 'size' (invalid format option '?')")),
    (b"return struct.size('i33')", Err(b"user_script:1: integral size 33 is larger than limit of 32")),
    (b"return struct.size('!3')", Err(b"user_script:1: alignment 3 is not a power of 2")),
    (b"return struct.size()", Err(b"user_script:1: bad argument #1 to 'size' (string expected, got no value)")),
    (b"return struct.size(nil)", Err(b"user_script:1: bad argument #1 to 'size' (string expected, got nil)")),
    (b"return struct.size('c99999999999')", Err(b"user_script:1: integral size overflow")),
    (b"return struct.size('c2147483647c2147483647c2147483647c2147483647c2147483647')", Ok(b"10737418235")),
    (b"local t = {} for k in pairs(struct) do t[#t + 1] = k end table.sort(t) return table.concat(t, ',')", Ok(b"pack,size,unpack")),
    (b"local f = struct.pack return f('z')", Err(b"user_script:1: bad argument #1 to 'f' (invalid format option 'z')")),
    (b"local ok, e = pcall(struct.pack, 'z') return e", Ok(b"bad argument #1 to '?' (invalid format option 'z')")),
    (b"local ok, e = pcall(struct.unpack, 'i', 'ab') return e", Ok(b"bad argument #2 to '?' (data string too short)")),
    (b"local ok, e = pcall(struct.size, 's') return e", Ok(b"bad argument #1 to '?' (option 's' has no fixed size)")),
    (b"local ok, e = pcall(struct.pack, 'i33') return e", Ok(b"integral size 33 is larger than limit of 32")),
    (b"local ok, e = pcall(struct.unpack, 's', 'ab') return e", Ok(b"unfinished string in data")),
    (b"local ok, e = pcall(struct.pack, '\\200') return e", Ok(b"bad argument #1 to '?' (invalid format option '\xc8')")),
    (b"local s = struct.pack('>i2s<d', -5, 'hello', 3.25) local a, b, c, nxt = struct.unpack('>i2s<d', s) return a .. ' ' .. b .. ' ' .. c .. ' ' .. nxt .. ' ' .. #s", Ok(b"-5 hello 3.25 17 16")),
    (b"local s = struct.pack('!4bic3h', 1, 2, 'xyz', 3) return #s .. ' ' .. table.concat({struct.unpack('!4bic3h', s)}, ' ') .. ' ' .. struct.size('!4bic3h')", Ok(b"14 1 2 xyz 3 15 14")),
    (b"local t = {} for i = 1, 100 do t[i] = struct.pack('>I4', i * 1000003) end local s = table.concat(t) local sum, pos = 0, 1 for i = 1, 100 do local v v, pos = struct.unpack('>I4', s, pos) sum = sum + v end return tostring(sum) .. ' ' .. pos", Ok(b"5050015150 401")),
    (b"return #struct.pack('c0', string.rep('a', 100000)) .. ' ' .. #struct.pack(string.rep('i', 1000), unpack((function() local t = {} for i = 1, 1000 do t[i] = i end return t end)()))", Ok(b"100000 4000")),
    (b"return table.concat({struct.unpack('dc0', struct.pack('d', 2.7) .. 'abc')}, ' ')", Ok(b"ab 11")),
    (b"return table.concat({struct.unpack('xc0', '\\3abc')}, ' ')", Err(b"user_script:1: format 'c0' needs a previous size")),
    (b"return table.concat({struct.unpack('<d>d', struct.pack('<d>d', 1.5, -2.25))}, ' ') .. ' ' .. table.concat({struct.unpack('<f>f', struct.pack('<f>f', 1.5, -2.25))}, ' ')", Ok(b"1.5 -2.25 17 1.5 -2.25 9")),
    (b"return hex(struct.pack('>!4 b h i l', 1, 2, 3, 4)) .. ' ' .. struct.size('>!4 b h i l')", Ok(b"01000002000000030000000000000004 16")),
    (b"return hex(struct.pack('c3', 'a\\0c')) .. ' ' .. table.concat({struct.unpack('c3', 'a\\0c')}, ' '):len()", Ok(b"610063 5")),
    (b"return table.concat({struct.unpack('B', 'abc', 3)}, ' ') .. ' ' .. table.concat({struct.unpack('', 'abc', 4)}, ' ') .. ' ' .. table.concat({struct.unpack('x', 'abc', 3)}, ' ')", Ok(b"99 4 4 4")),
];

#[test]
fn struct_scripts_reply_as_redis_lua_does() {
    check(CASES, HEX);
}
