//! keyspace-server's RDB file: `DIR/DBFILENAME` (dump.rdb) loaded at start when the
//! AOF is off (Redis's `loadDataFromDisk`), and the engine's snapshots stored as
//! `rdbSave` stores them: a temp file `temp-<pid>.rdb` written and fsynced, renamed
//! over the old file, the directory fsynced.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use keyspace_engine::snapshot::{Snapshot, SnapshotKind};
use keyspace_engine::{rdb, Engine};

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

fn log(line: &str) {
    eprintln!("keyspace-server: {line}");
}

/// Where the engine's configuration says the file is (`dir`, `dbfilename`).
pub fn path_of(engine: &Engine) -> PathBuf {
    let dir = engine.config().get("dir").unwrap_or(".");
    let name = engine.config().get("dbfilename").unwrap_or("dump.rdb");
    Path::new(dir).join(name)
}

/// Loads the RDB file at start, if there is one. A file that does not exist is an
/// empty keyspace; one that cannot be read or is damaged stops the server, as Redis
/// exits ("Fatal error loading the DB").
pub fn load_at_start(engine: &mut Engine, now: i64) -> Result<(), String> {
    let path = path_of(engine);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(format!("Fatal error loading the DB: {e}. Exiting.")),
    };
    let started = Instant::now();
    let report = rdb::load(engine, &bytes, now)
        .map_err(|e| format!("Fatal error loading the DB: {e} ({}). Exiting.", path.display()))?;
    let aux = |name: &str| {
        report
            .aux
            .iter()
            .find(|(k, _)| k == name.as_bytes())
            .map(|(_, v)| String::from_utf8_lossy(v).into_owned())
    };
    if let Some(version) = aux("redis-ver") {
        log(&format!("Loading RDB produced by version {version}"));
    }
    if let Some(ctime) = aux("ctime").and_then(|c| c.parse::<i64>().ok()) {
        log(&format!("RDB age {} seconds", (now / 1000 - ctime).max(0)));
    }
    if let Some(used) = aux("used-mem").and_then(|c| c.parse::<f64>().ok()) {
        log(&format!(
            "RDB memory usage when created {:.2} Mb",
            used / 1024.0 / 1024.0
        ));
    }
    for name in &report.functions_skipped {
        log(&format!(
            "Function library {name} in the RDB file left out (no functions here)"
        ));
    }
    log(&format!(
        "Done loading RDB, keys loaded: {}, keys expired: {}.",
        report.keys_loaded, report.keys_expired
    ));
    log(&format!(
        "DB loaded from disk: {:.3} seconds",
        started.elapsed().as_secs_f64()
    ));
    Ok(())
}

/// `rdbSave`'s file handling: temp file, fsync, rename, fsync of the directory.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let temp = dir.join(format!("temp-{}.rdb", std::process::id()));
    let written = File::create(&temp)
        .map_err(|e| {
            format!(
                "Failed opening the temp RDB file {} (in server root dir {}) for saving: {e}",
                temp.display(),
                dir.display()
            )
        })
        .and_then(|mut f| {
            f.write_all(bytes)
                .and_then(|_| f.sync_all())
                .map_err(|e| format!("Write error saving DB on disk: {e}"))
        });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(e);
    }
    if let Err(e) = std::fs::rename(&temp, path) {
        let _ = std::fs::remove_file(&temp);
        return Err(format!(
            "Error moving temp DB file {} on the final destination {}: {e}",
            temp.display(),
            path.display()
        ));
    }
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| format!("Write error saving DB on disk(fsyncFileDir): {e}"))
}

/// Stores one snapshot where the configuration says and tells the engine how it went.
/// Returns whether it was stored.
pub fn store(engine: &mut Engine, snapshot: Snapshot) -> bool {
    let background = !snapshot.kind.is_foreground();
    match &snapshot.kind {
        SnapshotKind::SavePoint { .. } | SnapshotKind::Shutdown { .. } => log(&snapshot.kind.log_line()),
        _ => {}
    }
    if background {
        log(&format!("Background saving started by pid {}", std::process::id()));
    }
    let outcome = write_atomically(&path_of(engine), &snapshot.bytes);
    match &outcome {
        Ok(()) if background => log("Background saving terminated with success"),
        Ok(()) => log("DB saved on disk"),
        Err(e) => {
            log(e);
            if background {
                log("Background saving error");
            }
        }
    }
    let ok = outcome.is_ok();
    engine.snapshot_done(snapshot.id, ok, now_ms());
    ok
}
