//! Protected commands (DEBUG, MODULE LOAD/LOADEX/UNLOAD) under the configurations a
//! host may start the engine with (`enable-debug-command`, `enable-module-command` are
//! immutable: set before any client runs): `no` refuses them in the dispatcher, `local`
//! allows loopback clients only, `yes` everyone. Allowed, MODULE fails as Redis does
//! when no shared object can be opened (checked against redis-server started with
//! `--enable-module-command yes`).

use keyspace_engine::{Engine, Reply};

fn words(line: &str) -> Vec<Vec<u8>> {
    line.split(' ').map(|w| w.as_bytes().to_vec()).collect()
}

const LOAD_FAILS: &str = "ERR Error loading the extension. Please check the server logs.";

fn refused(command: &str, option: &str) -> Reply {
    Reply::Error(format!(
        "ERR {command} command not allowed. If the {option} option is set to \"local\", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server."
    ))
}

#[test]
fn module_commands_allowed_fail_as_without_a_loadable_module() {
    let mut e = Engine::new(1, 0);
    e.config_mut().set_raw("enable-module-command", "yes");
    let c = e.connect(0);
    for line in [
        "MODULE LOAD /nonexistent/x.so",
        "MODULE LOAD /nonexistent/x.so a b",
        "MODULE LOADEX /nonexistent/x.so CONFIG a",
        "MODULE LOADEX /nonexistent/x.so CONFIG a b ARGS c",
    ] {
        assert_eq!(
            e.call(c, words(line), 0),
            vec![Reply::Error(LOAD_FAILS.into())],
            "{line}"
        );
    }
    assert_eq!(
        e.call(c, words("MODULE UNLOAD foo"), 0),
        vec![Reply::Error(
            "ERR Error unloading module: no such module with that name".into()
        )]
    );
    assert_eq!(e.call(c, words("MODULE LIST"), 0), vec![Reply::Array(vec![])]);
    // Allowed, a LOAD queues in a transaction and fails inside EXEC.
    assert_eq!(e.call(c, words("MULTI"), 0), vec![Reply::ok()]);
    assert_eq!(e.call(c, words("MODULE LOAD x"), 0), vec![Reply::status("QUEUED")]);
    assert_eq!(
        e.call(c, words("EXEC"), 0),
        vec![Reply::Array(vec![Reply::Error(LOAD_FAILS.into())])]
    );
}

#[test]
fn local_allows_loopback_clients_only() {
    let mut e = Engine::new(1, 0);
    e.config_mut().set_raw("enable-module-command", "local");
    e.config_mut().set_raw("enable-debug-command", "local");
    let local = e.connect_from(0, "127.0.0.1:50000", "127.0.0.1:6379");
    let local6 = e.connect_from(0, "[::1]:50001", "[::1]:6379");
    let remote = e.connect_from(0, "10.0.0.7:50002", "10.0.0.1:6379");
    for c in [local, local6] {
        assert_eq!(
            e.call(c, words("MODULE UNLOAD m"), 0),
            vec![Reply::Error(
                "ERR Error unloading module: no such module with that name".into()
            )]
        );
    }
    assert_eq!(
        e.call(remote, words("MODULE UNLOAD m"), 0),
        vec![refused("MODULE", "enable-module-command")]
    );
    assert_eq!(
        e.call(remote, words("DEBUG SLEEP 0"), 0),
        vec![refused("DEBUG", "enable-debug-command")]
    );
}

#[test]
fn the_default_refuses_before_the_password() {
    let mut e = Engine::new(1, 0);
    let c = e.connect(0);
    e.call(c, words("CONFIG SET requirepass secret"), 0);
    let other = e.connect(0);
    assert_eq!(
        e.call(other, words("MODULE LOAD x"), 0),
        vec![refused("MODULE", "enable-module-command")]
    );
    assert_eq!(
        e.call(other, words("MODULE LIST"), 0),
        vec![Reply::Error("NOAUTH Authentication required.".into())]
    );
    // An internal client (the AOF loader) is never refused, as Redis's loader never is.
    let internal = e.connect_internal(0);
    assert_eq!(
        e.call(internal, words("MODULE LOAD x"), 0),
        vec![Reply::Error(LOAD_FAILS.into())]
    );
}
