//! The harness the oracle tests share: a script run as Redis 7.0's EVAL runs it, as far
//! as the language goes (every library Redis loads, globals protected as Redis protects
//! them: reading a missing one is an error, the globals and the libraries are
//! read-only), and the comparison of replies captured from redis-server.
#![allow(dead_code)]

use keyspace_lua::compile::compile;
use keyspace_lua::parse::{parse, REDIS_CHUNK_NAME};
use keyspace_lua::value::Value;
use keyspace_lua::vm::{Poll, Ret, Vm};

/// A script and the reply Redis gave it (the first result as `tostring` shows it), or
/// its error (without Redis's "ERR " head and " script: ..." tail).
pub type Case = (&'static [u8], Result<&'static [u8], &'static [u8]>);

fn missing_global(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let name = keyspace_lua::lib_base::to_display(args.get(1).unwrap_or(&Value::Nil));
    Err(vm.error(&format!(
        "Script attempted to access nonexistent global variable '{}'",
        String::from_utf8_lossy(&name)
    )))
}

/// Runs a script in slices of `fuel_per_slice`: its reply's text or its error's, and
/// how many slices it took.
pub fn eval_counting(source: &[u8], fuel_per_slice: u64) -> (Result<Vec<u8>, Vec<u8>>, usize) {
    let chunk = match parse(source, REDIS_CHUNK_NAME) {
        Ok(chunk) => chunk,
        Err(e) => return (Err(e.to_string().into_bytes()), 0),
    };
    let proto = compile(&chunk);
    let mut vm = Vm::new();
    keyspace_lua::open_libs(&mut vm);
    let meta = vm.table(keyspace_lua::table::Table::default());
    let Value::Table(meta_ref) = meta else {
        unreachable!("a table")
    };
    let index = vm.native("index", missing_global);
    vm.raw_set(meta_ref, Value::str("__index"), index);
    let globals = vm.globals;
    vm.heap.table_mut(globals).metatable = Some(meta_ref);
    vm.protect_recursively(globals);
    vm.heap.table_mut(meta_ref).readonly = true;
    let f = vm.closure(proto);
    vm.start(f, vec![]);
    let mut slices = 0;
    loop {
        let mut fuel = fuel_per_slice;
        slices += 1;
        match vm.run(&mut fuel) {
            Poll::Pending => continue,
            Poll::Done(values) => {
                let text = values
                    .first()
                    .map(keyspace_lua::lib_base::to_display)
                    .unwrap_or_default();
                return (Ok(text), slices);
            }
            Poll::Error(e) => return (Err(keyspace_lua::lib_base::to_display(&e)), slices),
            Poll::Host(_) => panic!("no host in these scripts"),
        }
    }
}

pub fn eval(source: &[u8], fuel_per_slice: u64) -> Result<Vec<u8>, Vec<u8>> {
    eval_counting(source, fuel_per_slice).0
}

pub fn show(r: &Result<Vec<u8>, Vec<u8>>) -> String {
    match r {
        Ok(b) => format!("Ok({:?})", String::from_utf8_lossy(b)),
        Err(b) => format!("Err({:?})", String::from_utf8_lossy(b)),
    }
}

/// Runs every case (after `prefix`) at a big and at a tiny slice size, which must give
/// the same reply; all differences in one report.
pub fn check(cases: &[Case], prefix: &[u8]) {
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
