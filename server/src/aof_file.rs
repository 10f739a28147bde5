//! keyspace-server's append-only file on disk, in Redis 7's multi-part layout:
//! `DIR/appendonlydir/appendonly.aof.manifest` naming a base and an increment file.
//! Loaded at start; every write is appended; fsync per `appendfsync`.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use keyspace_engine::aof::{self, AofWriter};
use keyspace_engine::engine::AofStatus;
use keyspace_engine::Engine;

const DIR: &str = "appendonlydir";
const NAME: &str = "appendonly.aof";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fsync {
    Always,
    EverySec,
    No,
}

impl Fsync {
    pub fn parse(text: &str) -> Option<Fsync> {
        match text {
            "always" => Some(Fsync::Always),
            "everysec" => Some(Fsync::EverySec),
            "no" => Some(Fsync::No),
            _ => None,
        }
    }
}

pub struct AofFile {
    incr: File,
    writer: AofWriter,
    pub policy: Fsync,
    /// Written since the last fsync.
    dirty: bool,
    /// Bytes of the AOF (all its files), for INFO persistence.
    pub size: u64,
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
        let report = aof::load(engine, &bytes, now).map_err(|e| format!("{e} — the AOF was left untouched"))?;
        eprintln!(
            "keyspace-server: DB loaded from append only file: {} commands{}",
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
        engine.config_mut().set_raw(
            "appendfsync",
            match policy {
                Fsync::Always => "always",
                Fsync::EverySec => "everysec",
                Fsync::No => "no",
            },
        );
        engine.record_propagation(true);
        let size = bytes.len().saturating_sub(report.truncated_bytes) as u64;
        engine.set_aof_status(AofStatus {
            enabled: true,
            current_size: size,
            ..Default::default()
        });
        Ok(AofFile {
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

    /// fsync if anything was written since the last one (everysec's timer, shutdown).
    pub fn sync(&mut self) -> std::io::Result<()> {
        if self.dirty {
            self.incr.sync_data()?;
            self.dirty = false;
        }
        Ok(())
    }
}
