//! The VM's tests, on hand-written code: results whatever the slices, errors with
//! their positions, pcall, the host answering mid-script, garbage collected.

use super::*;

/// A function from hand-written code (the compiler's job, until it exists).
fn proto(code: Vec<Op>, consts: Vec<Value>, slots: u16) -> Rc<Proto> {
    let lines = vec![1; code.len()];
    Rc::new(Proto {
        code,
        lines,
        consts,
        slots,
        source: Rc::from("user_script"),
        ..Proto::default()
    })
}

fn run_all(vm: &mut Vm, fuel_per_slice: u64) -> (Poll, usize) {
    let mut slices = 0;
    loop {
        let mut fuel = fuel_per_slice;
        slices += 1;
        match vm.run(&mut fuel) {
            Poll::Pending => continue,
            other => return (other, slices),
        }
    }
}

fn nums(values: &[Value]) -> Vec<f64> {
    values
        .iter()
        .map(|v| match v {
            Value::Num(n) => *n,
            other => panic!("not a number: {other:?}"),
        })
        .collect()
}

/// `local s = 0; for i = 1, 10 do s = s + i end; return s`
fn sum_to_ten() -> Rc<Proto> {
    proto(
        vec![
            Op::Const(0),                        // 0
            Op::SetLocal(0),                     // s = 0
            Op::Const(1),                        // init 1
            Op::Const(2),                        // limit 10
            Op::Const(1),                        // step 1
            Op::ForPrep { slot: 1, to_loop: 5 }, // -> ForLoop
            Op::SetLocal(4),                     // i
            Op::Local(0),
            Op::Local(4),
            Op::Arith(Arith::Add),
            Op::SetLocal(0),                   // s = s + i
            Op::ForLoop { slot: 1, body: -6 }, // back to SetLocal(4)
            Op::Local(0),
            Op::Return { n: 1, multi: false },
        ],
        vec![Value::Num(0.0), Value::Num(1.0), Value::Num(10.0)],
        5,
    )
}

#[test]
fn a_loop_gives_the_same_result_whatever_the_slices() {
    for fuel in [1, 3, 7, 1000] {
        let mut vm = Vm::new();
        let f = vm.closure(sum_to_ten());
        vm.start(f, vec![]);
        let (poll, slices) = run_all(&mut vm, fuel);
        match poll {
            Poll::Done(values) => assert_eq!(nums(&values), [55.0]),
            other => panic!("{other:?}"),
        }
        if fuel == 1 {
            assert!(slices > 50, "one op per slice: {slices} slices");
        }
    }
}

#[test]
fn an_endless_loop_only_ever_runs_out_of_fuel_and_can_be_dropped() {
    let mut vm = Vm::new();
    let f = vm.closure(proto(vec![Op::Jump(-1)], vec![], 0));
    vm.start(f, vec![]);
    for _ in 0..100 {
        let mut fuel = 10_000;
        assert!(matches!(vm.run(&mut fuel), Poll::Pending));
        assert_eq!(fuel, 0);
    }
    vm.abandon();
    assert!(!vm.running());
}

#[test]
fn errors_carry_the_position_and_name_what_failed() {
    let mut vm = Vm::new();
    // return x.y  (x a nil global)
    let mut p = Proto {
        code: vec![Op::Global(0), Op::Field(1), Op::Return { n: 1, multi: false }],
        lines: vec![3, 3, 3],
        consts: vec![Value::str("x"), Value::str("y")],
        source: Rc::from("user_script"),
        ..Proto::default()
    };
    p.origins = vec![(1, vec![Origin::Global("x".into())])];
    let f = vm.closure(Rc::new(p));
    vm.start(f, vec![]);
    match run_all(&mut vm, 100).0 {
        Poll::Error(Value::Str(s)) => assert_eq!(
            String::from_utf8_lossy(s.bytes()),
            "user_script:3: attempt to index global 'x' (a nil value)"
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn pcall_catches_errors_from_lua_and_from_library_functions() {
    let mut vm = Vm::new();
    crate::lib_base::open(&mut vm);
    // return pcall(error, "boom")  -> false, "user_script:1: boom"
    let p = proto(
        vec![
            Op::Global(0),
            Op::Global(1),
            Op::Const(2),
            Op::Call {
                args: 2,
                multi: false,
                results: MULTI,
            },
            Op::Return { n: 0, multi: true },
        ],
        vec![Value::str("pcall"), Value::str("error"), Value::str("boom")],
        0,
    );
    let f = vm.closure(p);
    vm.start(f, vec![]);
    match run_all(&mut vm, 100).0 {
        Poll::Done(v) => {
            assert!(matches!(v[0], Value::Bool(false)));
            // error called by pcall, not by Lua code: no position (as Redis's Lua).
            assert_eq!(String::from_utf8_lossy(&crate::lib_base::to_display(&v[1])), "boom");
        }
        other => panic!("{other:?}"),
    }
    // pcall(f) where f is a Lua function indexing nil: caught, and the caller goes on.
    let bad = proto(
        vec![Op::Nil(1), Op::Field(0), Op::Return { n: 1, multi: false }],
        vec![Value::str("k")],
        0,
    );
    let mut main = Proto {
        code: vec![
            Op::Global(0),
            Op::Closure(0),
            Op::Call {
                args: 1,
                multi: false,
                results: 2,
            },
            Op::Return { n: 2, multi: false },
        ],
        lines: vec![1; 4],
        consts: vec![Value::str("pcall")],
        source: Rc::from("user_script"),
        ..Proto::default()
    };
    main.protos.push(bad);
    let f = vm.closure(Rc::new(main));
    vm.start(f, vec![]);
    match run_all(&mut vm, 3).0 {
        Poll::Done(v) => {
            assert!(matches!(v[0], Value::Bool(false)), "{v:?}");
            assert_eq!(
                String::from_utf8_lossy(&crate::lib_base::to_display(&v[1])),
                "user_script:1: attempt to index a nil value"
            );
        }
        other => panic!("{other:?}"),
    }
}

fn host_call(_: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    Ok(Ret::Host(args.iter().map(|a| crate::lib_base::to_display(a)).collect()))
}

#[test]
fn the_host_answers_in_the_middle_of_a_script() {
    let mut vm = Vm::new();
    let call = vm.native("call", host_call);
    vm.set_global("call", call);
    // return call("GET", "k") .. "!"
    let p = proto(
        vec![
            Op::Global(0),
            Op::Const(1),
            Op::Const(2),
            Op::Call {
                args: 2,
                multi: false,
                results: 1,
            },
            Op::Const(3),
            Op::Concat(2),
            Op::Return { n: 1, multi: false },
        ],
        vec![Value::str("call"), Value::str("GET"), Value::str("k"), Value::str("!")],
        0,
    );
    let f = vm.closure(p);
    vm.start(f, vec![]);
    let mut fuel = 100;
    match vm.run(&mut fuel) {
        Poll::Host(request) => assert_eq!(request, [b"GET".to_vec(), b"k".to_vec()]),
        other => panic!("{other:?}"),
    }
    vm.host_reply(Ok(vec![Value::str("v")]));
    match vm.run(&mut fuel) {
        Poll::Done(v) => assert_eq!(crate::lib_base::to_display(&v[0]), b"v!"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn garbage_made_in_a_loop_is_collected() {
    let mut vm = Vm::new();
    // while true do local t = {} end  (run for a while, then look at the heap)
    let p = proto(vec![Op::NewTable(0, 0), Op::SetLocal(0), Op::Jump(-3)], vec![], 1);
    let f = vm.closure(p);
    vm.start(f, vec![]);
    for _ in 0..200 {
        let mut fuel = 10_000;
        let _ = vm.run(&mut fuel);
    }
    let (tables, _, _) = vm.heap.live();
    assert!(tables < 20_000, "{tables} tables live after making 666,000");
}
