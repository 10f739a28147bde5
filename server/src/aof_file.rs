//! keyspace-server's append-only file on disk, in Redis 7's multi-part layout:
//! `DIR/appendonlydir/appendonly.aof.manifest` naming a base and an increment file.
//! Loaded at start; every write is appended; fsync per `appendfsync`. A rewrite's base
//! is `appendonly.aof.N.base.rdb` with `aof-use-rdb-preamble yes` (an RDB file), else
//! `.base.aof` (commands).

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

pub use keyspace_engine::aof::Fsync;
use keyspace_engine::aof::{self, AofWriter};
use keyspace_engine::engine::AofStatus;
use keyspace_engine::Engine;

const DIR: &str = "appendonlydir";
const NAME: &str = "appendonly.aof";

pub struct AofFile {
    /// `DIR/appendonlydir`.
    aof_dir: PathBuf,
    /// The manifest's sequence number: a rewrite writes files numbered one higher.
    seq: u64,
    /// The files the manifest names now (deleted after a rewrite replaced them).
    files: Vec<String>,
    incr: File,
    writer: AofWriter,
    pub policy: Fsync,
    /// Written since the last fsync.
    dirty: bool,
    /// Bytes of the AOF (all its files), for INFO persistence.
    pub size: u64,
}

fn sequence_of(files: &[String]) -> u64 {
    files
        .iter()
        .filter_map(|f| f.split('.').rev().nth(2).and_then(|n| n.parse().ok()))
        .max()
        .unwrap_or(0)
}

fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

struct NewBase {
    seq: u64,
    files: Vec<String>,
    incr: File,
    size: u64,
}

/// Writes base `seq` and an empty increment, on disk, then replaces the manifest by a
/// rename: the one atomic step from the old AOF to the new one.
fn switch_to_new_base(aof_dir: &Path, seq: u64, base: &[u8]) -> Result<NewBase, String> {
    let write = |name: &str, bytes: &[u8]| -> Result<File, String> {
        let mut file = File::create(aof_dir.join(name)).map_err(|e| format!("cannot create {name}: {e}"))?;
        file.write_all(bytes)
            .and_then(|_| file.sync_all())
            .map_err(|e| format!("cannot write {name}: {e}"))?;
        Ok(file)
    };
    // `aofGetBaseFilename`: `.base.rdb` when the base is an RDB preamble.
    let base_name = aof::base_filename(NAME, seq, aof::has_preamble(base));
    let incr_name = format!("{NAME}.{seq}.incr.aof");
    write(&base_name, base)?;
    write(&incr_name, b"")?;
    let temp = format!("temp-{NAME}.manifest");
    write(&temp, aof::manifest_for(&base_name, NAME, seq).as_bytes())?;
    fs::rename(aof_dir.join(&temp), aof_dir.join(format!("{NAME}.manifest")))
        .and_then(|_| sync_dir(aof_dir))
        .map_err(|e| format!("cannot replace the manifest: {e}"))?;
    let incr = OpenOptions::new()
        .append(true)
        .open(aof_dir.join(&incr_name))
        .map_err(|e| format!("cannot open {incr_name}: {e}"))?;
    Ok(NewBase {
        seq,
        files: vec![base_name, incr_name],
        incr,
        size: base.len() as u64,
    })
}

fn files_of(manifest: &str) -> Vec<String> {
    manifest
        .lines()
        .filter_map(|line| line.split_whitespace().nth(1).map(String::from))
        .collect()
}

impl AofFile {
    /// Loads `dir`'s AOF into `engine` (creating an empty one the first time).
    pub fn open(dir: &Path, policy: Fsync, engine: &mut Engine, now: i64) -> Result<AofFile, String> {
        let aof_dir: PathBuf = dir.join(DIR);
        fs::create_dir_all(&aof_dir).map_err(|e| format!("cannot create {}: {e}", aof_dir.display()))?;
        let manifest_path = aof_dir.join(format!("{NAME}.manifest"));
        if !manifest_path.exists() {
            fs::write(aof_dir.join(format!("{NAME}.1.base.aof")), b"").map_err(|e| e.to_string())?;
            fs::write(aof_dir.join(format!("{NAME}.1.incr.aof")), b"").map_err(|e| e.to_string())?;
            // Written last: the manifest only ever names files that exist.
            fs::write(&manifest_path, aof::manifest(NAME, 1)).map_err(|e| e.to_string())?;
        }
        let manifest = fs::read_to_string(&manifest_path).map_err(|e| format!("cannot read the manifest: {e}"))?;
        let files = files_of(&manifest);
        let mut bytes = Vec::new();
        for file in &files {
            bytes.extend(fs::read(aof_dir.join(file)).map_err(|e| format!("cannot read {file}: {e}"))?);
        }
        let started = std::time::Instant::now();
        let report = aof::load(engine, &bytes, now).map_err(|e| format!("{e} — the AOF was left untouched"))?;
        if let Some(preamble) = &report.preamble {
            eprintln!("keyspace-server: Reading RDB base file on AOF loading...");
            eprintln!(
                "keyspace-server: Done loading RDB, keys loaded: {}, keys expired: {}.",
                preamble.keys_loaded, preamble.keys_expired
            );
        }
        eprintln!(
            "keyspace-server: DB loaded from append only file: {:.3} seconds, {} commands{}",
            started.elapsed().as_secs_f64(),
            report.commands,
            if report.truncated_bytes > 0 {
                format!(
                    ", {} bytes of a truncated last command left out",
                    report.truncated_bytes
                )
            } else {
                String::new()
            }
        );
        let incr_name = files
            .iter()
            .rev()
            .find(|f| f.ends_with(".incr.aof"))
            .cloned()
            .ok_or("the manifest names no incr file")?;
        let incr_path = aof_dir.join(&incr_name);
        if report.truncated_bytes > 0 {
            // Like aof-load-truncated: cut the file back to its last complete command.
            let len = fs::metadata(&incr_path).map_err(|e| e.to_string())?.len();
            let keep = len.saturating_sub(report.truncated_bytes as u64);
            OpenOptions::new()
                .write(true)
                .open(&incr_path)
                .and_then(|f| f.set_len(keep))
                .map_err(|e| e.to_string())?;
        }
        let incr = OpenOptions::new()
            .append(true)
            .open(&incr_path)
            .map_err(|e| format!("cannot open {incr_name}: {e}"))?;
        engine.config_mut().set_raw("appendonly", "yes");
        engine.config_mut().set_raw("appendfsync", policy.name());
        engine.record_propagation(true);
        let size = bytes.len().saturating_sub(report.truncated_bytes) as u64;
        engine.set_aof_status(AofStatus {
            enabled: true,
            current_size: size,
            ..Default::default()
        });
        Ok(AofFile {
            aof_dir,
            seq: sequence_of(&files),
            files,
            incr,
            writer: AofWriter::new(),
            policy,
            dirty: false,
            size,
        })
    }

    /// Appends what the engine propagated; with `always`, it is on disk when this returns.
    pub fn append(&mut self, engine: &mut Engine) -> std::io::Result<()> {
        let records = engine.take_propagated();
        if records.is_empty() {
            return Ok(());
        }
        let mut bytes = Vec::new();
        self.writer.feed(&records, &mut bytes);
        let written = self.incr.write_all(&bytes).and_then(|_| {
            self.dirty = true;
            if self.policy == Fsync::Always {
                self.sync()
            } else {
                Ok(())
            }
        });
        // Tell the engine: after a failure it refuses writes (MISCONF) until one succeeds.
        let mut status = engine.aof_status().clone();
        match &written {
            Ok(()) => {
                self.size += bytes.len() as u64;
                status.current_size = self.size;
                status.last_write_error = None;
            }
            Err(e) => status.last_write_error = Some(e.to_string()),
        }
        engine.set_aof_status(status);
        written
    }

    /// Compacts the AOF into a new base that recreates the keyspace and an empty
    /// increment, as Redis 7's BGREWRITEAOF does. The new files are complete and on disk
    /// before the manifest is replaced by a rename (one atomic step), so a crash at any
    /// moment leaves either the old AOF or the new one, never a mix.
    pub fn rewrite(&mut self, engine: &mut Engine, now: i64) -> Result<(), String> {
        // What the keyspace holds is what the base will hold: the old files stay whole
        // until the switch.
        self.append(engine).map_err(|e| e.to_string())?;
        let next = switch_to_new_base(&self.aof_dir, self.seq + 1, &aof::rewrite(engine, now))?;
        for old in std::mem::replace(&mut self.files, next.files) {
            let _ = fs::remove_file(self.aof_dir.join(old));
        }
        self.incr = next.incr;
        self.seq = next.seq;
        self.writer.reset();
        self.dirty = false;
        self.size = next.size;
        let mut status = engine.aof_status().clone();
        status.current_size = self.size;
        status.base_size = self.size;
        status.rewrites += 1;
        engine.set_aof_status(status);
        Ok(())
    }

    /// `CONFIG SET appendonly yes` on a running server: like Redis, the AOF starts from a
    /// rewrite of the current keyspace (whatever `dir` held before is replaced).
    pub fn start(dir: &Path, policy: Fsync, engine: &mut Engine, now: i64) -> Result<AofFile, String> {
        let aof_dir: PathBuf = dir.join(DIR);
        fs::create_dir_all(&aof_dir).map_err(|e| format!("cannot create {}: {e}", aof_dir.display()))?;
        let old_files = fs::read_to_string(aof_dir.join(format!("{NAME}.manifest")))
            .map(|m| files_of(&m))
            .unwrap_or_default();
        let next = switch_to_new_base(&aof_dir, sequence_of(&old_files) + 1, &aof::rewrite(engine, now))?;
        for old in old_files {
            let _ = fs::remove_file(aof_dir.join(old));
        }
        engine.record_propagation(true);
        engine.take_propagated();
        let mut status = engine.aof_status().clone();
        status.enabled = true;
        status.current_size = next.size;
        status.base_size = next.size;
        status.rewrites += 1;
        engine.set_aof_status(status);
        Ok(AofFile {
            aof_dir,
            seq: next.seq,
            files: next.files,
            incr: next.incr,
            writer: AofWriter::new(),
            policy,
            dirty: false,
            size: next.size,
        })
    }

    /// `CONFIG SET appendonly no`: what was written is flushed, then recording stops.
    pub fn stop(mut self, engine: &mut Engine) -> std::io::Result<()> {
        let flushed = self.append(engine).and_then(|_| self.sync());
        engine.record_propagation(false);
        let mut status = engine.aof_status().clone();
        status.enabled = false;
        engine.set_aof_status(status);
        flushed
    }

    /// fsync if anything was written since the last one (everysec's timer, shutdown).
    pub fn sync(&mut self) -> std::io::Result<()> {
        if self.dirty {
            self.incr.sync_data()?;
            self.dirty = false;
        }
        Ok(())
    }
}
