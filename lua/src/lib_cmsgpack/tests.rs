//! The library's tests: each MessagePack type both ways, the C code's stack limits
//! and offsets, seen on Redis 7.0.15; apart so `mod.rs` reads as the library.

use super::unpack::{f32_to_f64, unpack_capped};
use super::*;
use crate::value::LuaStr;
use crate::vm::Ret;

fn s(b: &[u8]) -> Value {
    Value::Str(LuaStr::new(b))
}

fn n(x: f64) -> Value {
    Value::Num(x)
}

fn text(v: &Value) -> String {
    String::from_utf8_lossy(&crate::lib_base::to_display(v)).into_owned()
}

/// Calls a library function as another library function would (no call site, so
/// errors carry no position and name the function '?').
fn call(vm: &mut Vm, f: NativeFn, args: &[Value]) -> Result<Vec<Value>, String> {
    match f(vm, args, &[]) {
        Ok(Ret::Values(v)) => Ok(v),
        Ok(_) => Err("not values".into()),
        Err(e) => Err(text(&e)),
    }
}

fn packed_in(vm: &mut Vm, args: &[Value]) -> Vec<u8> {
    match call(vm, pack, args).as_deref() {
        Ok([Value::Str(out)]) => out.bytes().to_vec(),
        other => panic!("{other:?}"),
    }
}

fn packed(args: &[Value]) -> Vec<u8> {
    packed_in(&mut Vm::new(), args)
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn new_table(vm: &mut Vm, items: &[(Value, Value)]) -> Value {
    let t = vm.heap.new_table(Table::default());
    for (k, v) in items {
        vm.raw_set(t, k.clone(), v.clone());
    }
    Value::Table(t)
}

fn unpacked(vm: &mut Vm, data: &[u8]) -> Result<Vec<Value>, String> {
    call(vm, unpack, &[s(data)])
}

#[test]
fn integers_take_the_smallest_form() {
    let cases: &[(f64, &str)] = &[
        (0.0, "00"),
        (-0.0, "00"),
        (127.0, "7f"),
        (128.0, "cc80"),
        (255.0, "ccff"),
        (256.0, "cd0100"),
        (65535.0, "cdffff"),
        (65536.0, "ce00010000"),
        (4294967295.0, "ceffffffff"),
        (4294967296.0, "cf0000000100000000"),
        (-1.0, "ff"),
        (-32.0, "e0"),
        (-33.0, "d0df"),
        (-128.0, "d080"),
        (-129.0, "d1ff7f"),
        (-32768.0, "d18000"),
        (-32769.0, "d2ffff7fff"),
        (-2147483648.0, "d280000000"),
        (-2147483649.0, "d3ffffffff7fffffff"),
        (-9223372036854775808.0, "d38000000000000000"),
        (9223372036854774784.0, "cf7ffffffffffffc00"),
    ];
    for &(x, want) in cases {
        assert_eq!(hex(&packed(&[n(x)])), want, "{x}");
    }
}

#[test]
fn other_numbers_are_floats_single_when_exact() {
    let cases: &[(f64, &str)] = &[
        (0.5, "ca3f000000"),
        (-2.75, "cac0300000"),
        (0.1, "cb3fb999999999999a"),
        (9223372036854775808.0, "ca5f000000"), // 2^63: no i64 holds it
        (f64::INFINITY, "ca7f800000"),
        (f64::NEG_INFINITY, "caff800000"),
        (f64::from(f32::MAX), "ca7f7fffff"),
        (3.4028235677973366e38, "cb47effffff0000000"),
        (2f64.powi(-149), "ca00000001"),
        (2f64.powi(-150), "cb3690000000000000"),
        (1e300, "cb7e37e43c8800759c"),
    ];
    for &(x, want) in cases {
        assert_eq!(hex(&packed(&[n(x)])), want, "{x}");
    }
    // NaN is never single: its bits go as they are (x86's 0/0 is negative).
    assert_eq!(
        hex(&packed(&[n(f64::from_bits(0xfff8_0000_0000_0000))])),
        "cbfff8000000000000"
    );
    assert_eq!(hex(&packed(&[n(f64::NAN)])), "cb7ff8000000000000");
}

#[test]
fn strings_booleans_and_nil() {
    assert_eq!(hex(&packed(&[s(b"")])), "a0");
    assert_eq!(hex(&packed(&[s(b"a\0b")])), "a3610062");
    assert_eq!(hex(&packed(&[s(b"12")])), "a23132", "a numeric string stays a string");
    for (len, head) in [
        (31usize, "bf"),
        (32, "d920"),
        (255, "d9ff"),
        (256, "da0100"),
        (65535, "daffff"),
        (65536, "db00010000"),
    ] {
        let out = packed(&[s(&vec![b'x'; len])]);
        assert_eq!(hex(&out[..head.len() / 2]), head, "{len}");
        assert_eq!(out.len(), len + head.len() / 2);
    }
    let mut vm = Vm::new();
    let f = vm.native("f", pack);
    assert_eq!(
        hex(&packed_in(
            &mut vm,
            &[Value::Bool(true), Value::Bool(false), Value::Nil, f]
        )),
        "c3c2c0c0"
    );
}

#[test]
fn tables_with_keys_one_to_n_are_arrays_others_maps() {
    let mut vm = Vm::new();
    let empty = new_table(&mut vm, &[]);
    let arr = new_table(&mut vm, &[(n(1.0), n(1.0)), (n(2.0), s(b"a"))]);
    let holes = new_table(&mut vm, &[(n(1.0), n(1.0)), (n(2.0), n(2.0)), (n(4.0), n(4.0))]);
    let from_two = new_table(&mut vm, &[(n(2.0), n(2.0))]);
    let zero = new_table(&mut vm, &[(n(0.0), n(1.0))]);
    let frac = new_table(&mut vm, &[(n(1.5), n(1.0))]);
    let big = new_table(&mut vm, &[(n(2147483648.0), n(1.0))]);
    let strkey = new_table(&mut vm, &[(s(b"1"), n(1.0))]);
    let out = [empty, arr, holes, from_two, zero, frac, big, strkey].map(|t| hex(&packed_in(&mut vm, &[t])));
    assert_eq!(
        out,
        [
            "90",
            "9201a161",
            "83010102020404",
            "810202",
            "810001",
            "81ca3fc0000001",
            "81ce8000000001",
            "81a13101",
        ]
    );
    // 16 and 65536 elements change the header.
    let items: Vec<(Value, Value)> = (1..=16).map(|i| (n(f64::from(i)), n(0.0))).collect();
    let t = new_table(&mut vm, &items);
    assert_eq!(hex(&packed_in(&mut vm, &[t])[..3]), "dc0010");
    let items: Vec<(Value, Value)> = (1..=16).map(|i| (s(format!("k{i}").as_bytes()), n(0.0))).collect();
    let t = new_table(&mut vm, &items);
    assert_eq!(hex(&packed_in(&mut vm, &[t])[..3]), "de0010");
}

#[test]
fn tables_sixteen_deep_and_the_seventeenth_is_nil() {
    let mut vm = Vm::new();
    let t = vm.heap.new_table(Table::default());
    vm.raw_set(t, n(1.0), Value::Table(t));
    assert_eq!(
        hex(&packed_in(&mut vm, &[Value::Table(t)])),
        format!("{}c0", "91".repeat(16))
    );
    let m = vm.heap.new_table(Table::default());
    vm.raw_set(m, s(b"a"), Value::Table(m));
    assert_eq!(
        hex(&packed_in(&mut vm, &[Value::Table(m)])),
        format!("{}c0", "81a161".repeat(16))
    );
    // Two self-references: 2^16 nils and 2^16 - 1 headers, quickly.
    vm.raw_set(t, n(2.0), Value::Table(t));
    assert_eq!(packed_in(&mut vm, &[Value::Table(t)]).len(), 131_071);
}

#[test]
fn pack_concatenates_its_arguments_and_needs_one() {
    let mut vm = Vm::new();
    let e = new_table(&mut vm, &[]);
    assert_eq!(hex(&packed_in(&mut vm, &[n(1.0), s(b"a"), e])), "01a16190");
    assert_eq!(hex(&packed(&[Value::Nil, Value::Nil, n(3.0)])), "c0c003");
    assert_eq!(
        call(&mut vm, pack, &[]).unwrap_err(),
        "bad argument #0 to '?' (MessagePack pack needs input.)"
    );
    let many = vec![n(1.0); 4001];
    assert_eq!(
        call(&mut vm, pack, &many).unwrap_err(),
        "bad argument #0 to '?' (Too many arguments for MessagePack pack.)"
    );
    assert_eq!(packed(&many[..4000]).len(), 4000);
}

#[test]
fn pack_runs_out_of_stack_where_the_c_code_does() {
    let mut vm = Vm::new();
    let mut args = vec![n(1.0); 4000];
    args[3998] = new_table(&mut vm, &[]); // the 3999th: 7999 on the stack, +2
    assert_eq!(
        call(&mut vm, pack, &args).unwrap_err(),
        "stack overflow (in function table_is_an_array)"
    );
    let inner = new_table(&mut vm, &[]);
    args[3998] = n(1.0);
    args[3997] = new_table(&mut vm, &[(s(b"a"), inner.clone())]);
    assert_eq!(
        call(&mut vm, pack, &args).unwrap_err(),
        "stack overflow (in function mp_encode_lua_table_as_map)"
    );
    args[3997] = n(1.0);
    args[3995] = new_table(&mut vm, &[(s(b"a"), inner)]);
    assert_eq!(packed_in(&mut vm, &args).len(), 4003);
}

#[test]
fn pack_refuses_a_result_past_max_string() {
    let half = s(&vec![b'a'; MAX_STRING / 2]);
    let mut vm = Vm::new();
    assert_eq!(
        call(&mut vm, pack, &[half.clone(), half]).unwrap_err(),
        "not enough memory"
    );
    let just = s(&vec![b'a'; MAX_STRING - 5]);
    assert_eq!(packed(&[just]).len(), MAX_STRING);
}

#[test]
fn unpack_reads_every_type() {
    let mut vm = Vm::new();
    let got = unpacked(
        &mut vm,
        b"\x00\x7f\xe0\xff\xcc\xff\xcd\x01\x00\xce\xff\xff\xff\xff\xcf\xff\xff\xff\xff\xff\xff\xff\xff\
          \xd0\x80\xd1\x80\x00\xd2\x80\x00\x00\x00\xd3\x80\x00\x00\x00\x00\x00\x00\x00\
          \xc0\xc2\xc3\xca\x3f\xc0\x00\x00\xcb\x3f\xb9\x99\x99\x99\x99\x99\x9a\
          \xa1a\xd9\x01b\xda\x00\x01c\xdb\x00\x00\x00\x01d",
    )
    .unwrap();
    let shown: Vec<String> = got.iter().map(text).collect();
    assert_eq!(
        shown,
        [
            "0",
            "127",
            "-32",
            "-1",
            "255",
            "256",
            "4294967295",
            "-1",
            "-128",
            "-32768",
            "-2147483648",
            "-9.2233720368548e+18",
            "nil",
            "false",
            "true",
            "1.5",
            "0.1",
            "a",
            "b",
            "c",
            "d"
        ]
    );
}

#[test]
fn unpack_builds_tables_in_order() {
    let mut vm = Vm::new();
    let got = unpacked(&mut vm, b"\x93\x01\xa1x\x92\xc3\xc0\x82\xa1a\x01\x01\xa1b").unwrap();
    let Value::Table(arr) = got[0] else { panic!("{got:?}") };
    assert_eq!(vm.heap.table(arr).len(), 3);
    assert_eq!(text(&vm.heap.table(arr).get_int(2)), "x");
    let Value::Table(inner) = vm.heap.table(arr).get_int(3) else {
        panic!()
    };
    assert!(matches!(vm.heap.table(inner).get_int(1), Value::Bool(true)));
    let Value::Table(map) = got[1] else { panic!("{got:?}") };
    assert_eq!(text(&vm.heap.table(map).get(&s(b"a"))), "1");
    assert_eq!(text(&vm.heap.table(map).get(&n(1.0))), "b");
    // Empty containers of every size form.
    let got = unpacked(
        &mut vm,
        b"\x90\x80\xdc\x00\x00\xdd\x00\x00\x00\x00\xde\x00\x00\xdf\x00\x00\x00\x00",
    )
    .unwrap();
    assert_eq!(got.len(), 6);
    for v in got {
        let Value::Table(t) = v else { panic!() };
        assert!(vm.heap.table(t).is_empty());
    }
}

#[test]
fn every_number_and_string_survives_a_round_trip() {
    let mut vm = Vm::new();
    let mut values = vec![0.0, -0.0, 0.5, 0.1, -1e-300, 1e300, f64::INFINITY, f64::NEG_INFINITY];
    for e in 0..64 {
        let p = 2f64.powi(e);
        values.extend([p, p - 1.0, p + 1.0, -p, -p - 1.0, -p + 1.0, p / 3.0, -p * 1.1]);
    }
    for x in values {
        let out = packed_in(&mut vm, &[n(x)]);
        let back = unpacked(&mut vm, &out).unwrap();
        let Value::Num(y) = back[0] else { panic!() };
        // Integers past 2^63 - 1 wrap in both directions (uint 64 is read as signed);
        // no such value is made: 2^63 and up are floats.
        assert_eq!(y.to_bits(), if x == 0.0 { 0 } else { x.to_bits() }, "{x}");
    }
    for len in [0, 1, 31, 32, 255, 256, 65535, 65536] {
        let data: Vec<u8> = (0..len).map(|i| (i * 7) as u8).collect();
        let out = packed_in(&mut vm, &[s(&data)]);
        let back = unpacked(&mut vm, &out).unwrap();
        let Value::Str(b) = &back[0] else { panic!() };
        assert_eq!(b.bytes(), &data[..]);
    }
}

#[test]
fn a_single_float_nan_keeps_its_sign_and_payload() {
    assert_eq!(f32_to_f64(0xffc0_0000).to_bits(), 0xfff8_0000_0000_0000);
    assert_eq!(f32_to_f64(0x7f80_0001).to_bits(), 0x7ff8_0000_2000_0000, "quieted");
    assert_eq!(f32_to_f64(0x3f80_0000), 1.0);
    assert_eq!(f32_to_f64(0x0000_0001), 2f64.powi(-149));
}

#[test]
fn unknown_types_are_bad_format_and_cut_values_missing_bytes() {
    let mut vm = Vm::new();
    for b in 0..=255u8 {
        let got = unpacked(&mut vm, &[b]);
        let bad = matches!(b, 0xc1 | 0xc4..=0xc9 | 0xd4..=0xd8);
        match got {
            Err(e) if bad => assert_eq!(e, "Bad data format in input."),
            Err(e) => assert_eq!(e, "Missing bytes in input.", "{b:02x}"),
            Ok(_) => assert!(!bad, "{b:02x}"),
        }
    }
    // Every strict prefix of one value is cut short.
    let mut whole = Vec::new();
    for x in [300.0, -70000.0, 1e300, 0.5, 5e9] {
        whole.push(packed_in(&mut vm, &[n(x)]));
    }
    let nested = new_table(&mut vm, &[(s(b"key"), s(b"value")), (n(1.5), Value::Bool(true))]);
    let outer = new_table(&mut vm, &[(n(1.0), nested), (n(2.0), s(&[b'z'; 300]))]);
    whole.push(packed_in(&mut vm, &[outer]));
    for w in whole {
        for cut in 1..w.len() {
            assert_eq!(
                unpacked(&mut vm, &w[..cut]).unwrap_err(),
                "Missing bytes in input.",
                "{}",
                hex(&w[..cut])
            );
        }
        assert!(unpacked(&mut vm, &w).is_ok());
    }
}

#[test]
fn a_nil_or_nan_map_key_is_lua_s_own_error() {
    let mut vm = Vm::new();
    assert_eq!(unpacked(&mut vm, b"\x81\xc0\x01").unwrap_err(), "table index is nil");
    assert_eq!(
        unpacked(&mut vm, b"\x81\xcb\xff\xf8\x00\x00\x00\x00\x00\x00\x01").unwrap_err(),
        "table index is NaN"
    );
    // The value is read first: a missing one is reported instead.
    assert_eq!(unpacked(&mut vm, b"\x81\xc0").unwrap_err(), "Missing bytes in input.");
    // Nil values are fine, in maps and arrays.
    let got = unpacked(&mut vm, b"\x81\x01\xc0\x92\xc0\x01").unwrap();
    assert_eq!(got.len(), 2);
}

#[test]
fn unpack_stops_where_lua_s_stack_would() {
    let mut vm = Vm::new();
    assert_eq!(unpacked(&mut vm, &[1; 7999]).unwrap().len(), 7999);
    assert_eq!(
        unpacked(&mut vm, &[1; 8000]).unwrap_err(),
        format!("stack overflow ({TOO_MANY_VALUES})")
    );
    // Extra arguments stay on unpack's stack.
    assert!(call(&mut vm, unpack, &[s(&[1; 7998]), n(1.0)]).is_ok());
    assert!(call(&mut vm, unpack, &[s(&[1; 7999]), n(1.0)]).is_err());
    let mut deep = vec![0x91u8; 3999];
    deep.push(1);
    assert_eq!(unpacked(&mut vm, &deep).unwrap().len(), 1);
    deep.insert(0, 0x91);
    assert_eq!(
        unpacked(&mut vm, &deep).unwrap_err(),
        "stack overflow (in function mp_decode_to_lua_array)"
    );
    // Maps nested as values take two places a level too.
    let mut maps = b"\x81\x01".repeat(3999);
    maps.push(1);
    assert!(unpacked(&mut vm, &maps).is_ok());
    let mut maps = b"\x81\x01".repeat(4000);
    maps.push(1);
    assert_eq!(
        unpacked(&mut vm, &maps).unwrap_err(),
        format!("stack overflow ({TOO_MANY_VALUES})")
    );
    // unpack_limit's offset needs one more place.
    let r = call(&mut vm, unpack_limit, &[s(&[1; 8000]), n(7998.0)]).unwrap();
    assert_eq!((r.len(), text(&r[0])), (7999, "7998".to_string()));
    assert_eq!(
        call(&mut vm, unpack_limit, &[s(&[1; 8000]), n(7999.0)]).unwrap_err(),
        "stack overflow (in function mp_unpack_full)"
    );
}

#[test]
fn unpack_one_and_unpack_limit_walk_a_stream() {
    let mut vm = Vm::new();
    let data = s(b"\x91\x01\xa3two\x03");
    let mut offsets = Vec::new();
    let mut off = 0.0;
    loop {
        let r = call(&mut vm, unpack_one, &[data.clone(), n(off)]).unwrap();
        assert_eq!(r.len(), 2);
        let Value::Num(next) = r[0] else { panic!() };
        offsets.push(next);
        if next == -1.0 {
            break;
        }
        off = next;
    }
    assert_eq!(offsets, [2.0, 6.0, -1.0]);
    let all = |vm: &mut Vm, f: NativeFn, args: &[Value]| -> String {
        match call(vm, f, args) {
            Ok(v) => v.iter().map(text).collect::<Vec<_>>().join(" "),
            Err(e) => e,
        }
    };
    let d = s(b"\x01\x02\x03");
    assert_eq!(
        all(&mut vm, unpack_limit, &[d.clone(), n(0.0)]),
        "1 2 3",
        "limit 0: everything, no offset"
    );
    assert_eq!(all(&mut vm, unpack_limit, &[d.clone(), n(2.0)]), "2 1 2");
    assert_eq!(all(&mut vm, unpack_limit, &[d.clone(), n(9.0)]), "-1 1 2 3");
    assert_eq!(all(&mut vm, unpack_limit, &[d.clone(), n(0.0), n(1.0)]), "1");
    assert_eq!(all(&mut vm, unpack_limit, &[d.clone(), n(0.0), n(3.0)]), "-1");
    assert_eq!(all(&mut vm, unpack_one, &[s(b"")]), "-1");
    assert_eq!(all(&mut vm, unpack, &[s(b"")]), "");
    assert_eq!(
        all(&mut vm, unpack_one, &[d.clone(), n(-1.0)]),
        "Invalid request to unpack with offset of -1 and limit of 3."
    );
    assert_eq!(
        all(&mut vm, unpack_limit, &[d.clone(), n(-5.0), n(1.0)]),
        "Invalid request to unpack with offset of 1 and limit of 3."
    );
    assert_eq!(
        all(&mut vm, unpack_one, &[d.clone(), n(4294967300.0)]),
        "Start offset 4 greater than input length 3."
    );
    assert_eq!(
        all(&mut vm, unpack_limit, &[d.clone(), n(1e300)]),
        "Invalid request to unpack with offset of 0 and limit of 3."
    );
    assert_eq!(
        all(&mut vm, unpack_one, &[d.clone(), s(b"x")]),
        "bad argument #2 to '?' (number expected, got string)"
    );
    assert_eq!(
        all(&mut vm, unpack_limit, &[d]),
        "bad argument #2 to '?' (number expected, got no value)"
    );
    assert_eq!(
        all(&mut vm, unpack, &[]),
        "bad argument #1 to '?' (string expected, got no value)"
    );
    // A number is read as its string: 12 is "12", 0x31 0x32.
    assert_eq!(all(&mut vm, unpack, &[n(12.0)]), "49 50");
}

#[test]
fn unpack_refuses_to_grow_the_heap_past_its_cap() {
    let mut vm = Vm::new();
    let mut data = vec![0xdd, 0x00, 0x00, 0x10, 0x00];
    data.extend([0x90; 4096]);
    let args = [s(&data)];
    let capped = unpack_capped(&mut vm, &args, (0, 0), 1, 100_000).map(|_| ());
    assert!(matches!(capped, Err(ref e) if text(e) == "not enough memory"));
    assert!(unpack_capped(&mut vm, &args, (0, 0), 1, 10_000_000).is_ok());
}

#[test]
fn no_input_makes_unpack_panic() {
    // A fixed pseudo-random walk over byte strings biased towards headers.
    let mut vm = Vm::new();
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let pool = [
        0x90u8, 0x93, 0x81, 0x82, 0xdc, 0xdd, 0xde, 0xdf, 0xa2, 0xd9, 0xda, 0xdb, 0xcf, 0xd3, 0xca, 0xcb, 0xc0, 0x01,
        0x00, 0xff,
    ];
    let (mut ok, mut failed) = (0, 0);
    for _ in 0..3000 {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let len = (x >> 59) as usize;
        let data: Vec<u8> = (0..len)
            .map(|i| {
                let r = x.rotate_left(i as u32 * 7);
                if r & 1 == 0 {
                    pool[(r >> 8) as usize % pool.len()]
                } else {
                    (r >> 16) as u8
                }
            })
            .collect();
        match unpacked(&mut vm, &data) {
            Ok(_) => ok += 1,
            Err(_) => failed += 1,
        }
        for f in [unpack_one as NativeFn, unpack_limit] {
            let _ = call(&mut vm, f, &[s(&data), n(1.0), n((x & 3) as f64)]);
        }
    }
    assert!(ok > 100 && failed > 100, "{ok} decoded, {failed} refused");
}

#[test]
fn open_makes_the_global_table() {
    let mut vm = Vm::new();
    open(&mut vm);
    let Value::Table(lib) = vm.get_global("cmsgpack") else {
        panic!()
    };
    let t = vm.heap.table(lib);
    for f in ["pack", "unpack", "unpack_one", "unpack_limit"] {
        assert!(matches!(t.get(&Value::str(f)), Value::Func(_)), "{f}");
    }
    assert_eq!(text(&t.get(&Value::str("_VERSION"))), "lua-cmsgpack 0.4.0");
    assert_eq!(text(&t.get(&Value::str("_NAME"))), "cmsgpack");
    assert!(t.get(&Value::str("cmsgpack_safe")).is_nil());
}
