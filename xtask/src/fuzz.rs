//! `cargo xtask fuzz`: runs the cargo-fuzz targets of `engine/fuzz` (libFuzzer).
//!
//! `cargo xtask test` runs each target for a short smoke run; `cargo xtask fuzz --runs N`
//! is the long campaign whose figures the README reports. Every run starts from the
//! corpus earlier runs kept (`engine/fuzz/corpus/<target>`, not in git) plus seeds made
//! from the conformance scripts, with a dictionary of the command names they use.
//! A crash leaves its input in `engine/fuzz/artifacts/<target>/` and fails the run:
//! turn it into a regression test (engine/tests/hostile_input.rs) before fixing it.

use std::collections::BTreeSet;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::{step, tools};

pub const TARGETS: [&str; 6] = ["tokenizer", "resp_request", "aof_load", "commands", "rdb_load", "lua"];
/// Executions per target in the smoke run of `cargo xtask test` (a few seconds each).
pub const SMOKE_RUNS: u64 = 30_000;

const USAGE: &str =
    "usage: cargo xtask fuzz [--runs N] [target...]   (targets: tokenizer resp_request aof_load commands rdb_load lua)";

pub fn fuzz(root: &Path, args: &[String]) -> Result<(), String> {
    let mut runs = 10_000_000u64;
    let mut targets = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => {
                runs = args.next().and_then(|n| n.replace('_', "").parse().ok()).ok_or(USAGE)?;
            }
            t => match TARGETS.iter().find(|&&known| known == t) {
                Some(&known) => targets.push(known),
                None => return Err(USAGE.into()),
            },
        }
    }
    if targets.is_empty() {
        targets = TARGETS.to_vec();
    }
    tools::ensure_fuzz_tools()?;
    run_targets(root, &targets, runs)
}

/// The smoke run of the test command: every target, `SMOKE_RUNS` executions.
pub fn smoke(root: &Path) -> Result<(), String> {
    tools::ensure_fuzz_tools()?;
    run_targets(root, &TARGETS, SMOKE_RUNS)
}

struct Figures {
    target: &'static str,
    executions: u64,
    per_second: u64,
    corpus: usize,
    seconds: f64,
}

fn run_targets(root: &Path, targets: &[&'static str], runs: u64) -> Result<(), String> {
    let fuzz_dir = root.join("engine/fuzz");
    let seeds = Seeds::from_conformance(root)?;
    let dict = fuzz_dir.join("target/commands.dict");
    fs::create_dir_all(dict.parent().unwrap_or(&fuzz_dir)).map_err(|e| e.to_string())?;
    fs::write(&dict, seeds.dictionary()).map_err(|e| format!("cannot write {}: {e}", dict.display()))?;

    // No sanitizer: the fuzzed code has no `unsafe` (the only unsafe block in the engine
    // is the counting allocator, which the targets do not install), and AddressSanitizer
    // would cost half the executions. Panics, overflows and hangs are caught either way.
    step("building the fuzz targets (cargo +nightly fuzz build -O -s none)");
    crate::run(
        Command::new("cargo")
            .args(["+nightly", "fuzz", "build", "--fuzz-dir", "fuzz", "-O", "-s", "none"])
            .current_dir(root.join("engine")),
    )?;

    let mut figures = Vec::new();
    for &target in targets {
        let corpus = fuzz_dir.join("corpus").join(target);
        let artifacts = fuzz_dir.join("artifacts").join(target);
        for dir in [&corpus, &artifacts] {
            fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        seeds.write(target, &corpus)?;
        step(&format!("fuzzing {target}: {runs} executions"));
        let started = Instant::now();
        let binary = fuzz_dir.join("target/x86_64-unknown-linux-gnu/release").join(target);
        let mut child = Command::new(&binary)
            .arg(&corpus)
            .arg(format!("-runs={runs}"))
            .arg("-max_len=4096")
            .arg("-rss_limit_mb=2048")
            .arg("-timeout=10")
            .arg("-print_final_stats=1")
            .arg(format!("-dict={}", dict.display()))
            .arg(format!("-artifact_prefix={}/", artifacts.display()))
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        // libFuzzer reports on stderr: show its progress lines and keep them for the figures.
        let mut log = String::new();
        if let Some(stderr) = child.stderr.take() {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if line.contains("pulse")
                    || line.starts_with("Done")
                    || line.contains("ERROR")
                    || line.contains("panicked")
                {
                    eprintln!("{line}");
                }
                log.push_str(&line);
                log.push('\n');
            }
        }
        let status = child.wait().map_err(|e| e.to_string())?;
        let stat = |name: &str| -> u64 {
            log.lines()
                .find_map(|l| l.strip_prefix(&format!("stat::{name}:")))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0)
        };
        if !status.success() {
            return Err(format!(
                "fuzz target {target} failed ({}); its input is in {}:\n{}",
                status,
                artifacts.display(),
                failure_report(&log)
            ));
        }
        let corpus_size = fs::read_dir(&corpus).map(|d| d.count()).unwrap_or(0);
        let executions = stat("number_of_executed_units");
        let seconds = started.elapsed().as_secs_f64();
        figures.push(Figures {
            target,
            executions,
            // Over the whole run, loading the corpus included (libFuzzer's own figure is
            // rounded to whole seconds).
            per_second: (executions as f64 / seconds.max(0.001)) as u64,
            corpus: corpus_size,
            seconds,
        });
    }

    println!(
        "\n{:<14} {:>12} {:>10} {:>8} {:>9}  crashes",
        "target", "executions", "exec/s", "corpus", "seconds"
    );
    for f in &figures {
        println!(
            "{:<14} {:>12} {:>10} {:>8} {:>9.0}  0",
            f.target, f.executions, f.per_second, f.corpus, f.seconds
        );
    }
    Ok(())
}

/// What a failed run printed that says why: the panic message (an assertion's left and
/// right included, which a clean CI machine cannot be asked for later), and libFuzzer's
/// summary, without the backtrace between them; then the crashing input itself, escaped, so a
/// failure on a machine that is gone can be replayed (`printf` it into a file and pass that file
/// to the target's binary).
fn failure_report(log: &str) -> String {
    let lines: Vec<&str> = log.lines().collect();
    let mut report = Vec::new();
    if let Some(start) = lines.iter().position(|l| l.contains("panicked at")) {
        let message = lines[start..]
            .iter()
            .take_while(|l| !l.starts_with("stack backtrace") && !l.trim_start().starts_with("0:"))
            .take(60);
        report.extend(message.map(|l| truncate(l, 4000)));
        report.push("[backtrace left out]".to_string());
    }
    if let Some(start) = lines.iter().rposition(|l| l.contains("ERROR: libFuzzer")) {
        report.extend(lines[start..].iter().map(|l| truncate(l, 4000)));
    } else {
        let tail = lines.len().saturating_sub(40);
        report.extend(lines[tail..].iter().map(|l| l.to_string()));
    }
    let written = lines.iter().rev().find_map(|l| l.split("Test unit written to ").nth(1));
    if let Some(input) = written.and_then(|path| fs::read(path.trim()).ok()) {
        report.push(format!("the input ({} bytes), escaped:", input.len()));
        report.push(input.escape_ascii().to_string());
    }
    report.join("\n")
}

fn truncate(line: &str, max: usize) -> String {
    match line.char_indices().nth(max) {
        Some((at, _)) => format!("{}… ({} bytes)", &line[..at], line.len()),
        None => line.to_string(),
    }
}

/// Seed inputs made from the conformance scripts (real command lines of every group).
struct Seeds {
    /// (script name, its command lines)
    scripts: Vec<(String, Vec<String>)>,
}

impl Seeds {
    fn from_conformance(root: &Path) -> Result<Seeds, String> {
        let dir = root.join("tests/conformance");
        let mut paths: Vec<PathBuf> = fs::read_dir(&dir)
            .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "redis"))
            .collect();
        paths.sort();
        let mut scripts = Vec::new();
        for path in paths {
            let text = fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let lines = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(String::from)
                .collect();
            let name = path.file_stem().unwrap_or_default().to_string_lossy().into_owned();
            scripts.push((name, lines));
        }
        Ok(scripts).map(|scripts| Seeds { scripts })
    }

    /// libFuzzer's dictionary: every command name the scripts use, and RESP's framing.
    fn dictionary(&self) -> String {
        let mut words = BTreeSet::new();
        for (_, lines) in &self.scripts {
            for line in lines {
                if let Some(word) = line.split_whitespace().next() {
                    if word
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
                    {
                        words.insert(word.to_ascii_uppercase());
                    }
                }
            }
        }
        let mut dict: String = words.iter().map(|w| format!("\"{w}\"\n")).collect();
        dict.push_str("\"\\x0d\\x0a\"\n\"*3\\x0d\\x0a\"\n\"$3\\x0d\\x0a\"\n\"MULTI\"\n\"EXEC\"\n");
        dict
    }

    /// One seed file per script, in the form the target reads (rdb_load's seeds are
    /// real RDB files and DUMP payloads, kept in `engine/fuzz/seeds/rdb_load`).
    fn write(&self, target: &str, corpus: &Path) -> Result<(), String> {
        if target == "rdb_load" {
            let seeds = corpus.join("../../seeds/rdb_load");
            for entry in fs::read_dir(&seeds).map_err(|e| format!("cannot list {}: {e}", seeds.display()))? {
                let path = entry.map_err(|e| e.to_string())?.path();
                let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
                fs::copy(&path, corpus.join(format!("seed-{name}"))).map_err(|e| e.to_string())?;
            }
            return Ok(());
        }
        if target == "lua" {
            // One seed per script of the corpus's EVAL lines.
            for (name, lines) in &self.scripts {
                let bodies = lines
                    .iter()
                    .filter_map(|l| l.strip_prefix("EVAL \"")?.rsplit_once('"').map(|(b, _)| b));
                for (i, body) in bodies.enumerate() {
                    let path = corpus.join(format!("seed-{name}-{i}"));
                    fs::write(&path, body).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                }
            }
            return Ok(());
        }
        for (name, lines) in &self.scripts {
            let seed = match target {
                "tokenizer" => lines.join("\n").into_bytes(),
                // A line's first byte picks the client and moves the clock.
                "commands" => lines
                    .iter()
                    .flat_map(|l| [&[4u8][..], l.as_bytes(), b"\n"].concat())
                    .collect(),
                _ => lines.iter().flat_map(|l| naive_resp(l)).collect(),
            };
            let path = corpus.join(format!("seed-{name}"));
            fs::write(&path, seed).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
        Ok(())
    }
}

/// A command line as a RESP array, split on spaces (quotes are left to the fuzzer).
fn naive_resp(line: &str) -> Vec<u8> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let mut out = format!("*{}\r\n", words.len()).into_bytes();
    for w in words {
        out.extend(format!("${}\r\n{w}\r\n", w.len()).into_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_report_keeps_the_assertion_and_the_input_and_leaves_the_backtrace_out() {
        let dir = std::env::temp_dir().join(format!("xtask-fuzz-report-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let input = dir.join("crash-1");
        fs::write(&input, b"\x04SET k \"v\"\n").unwrap();
        let log = format!(
            "#8192\tpulse cov: 1\nthread '<unnamed>' panicked at fuzz_targets/commands.rs:111:5:\n\
             assertion `left == right` failed: the AOF rebuilds the keyspace\n  left: [\"a\"]\n \
             right: [\"b\"]\nstack backtrace:\n   0: rust_begin_unwind\n   1: core::panicking\n\
             ==1== ERROR: libFuzzer: deadly signal\nSUMMARY: libFuzzer: deadly signal\n\
             artifact_prefix='x/'; Test unit written to {}\n",
            input.display()
        );
        let report = failure_report(&log);
        fs::remove_dir_all(&dir).unwrap();
        assert!(
            report.contains("left: [\"a\"]") && report.contains("right: [\"b\"]"),
            "{report}"
        );
        assert!(!report.contains("core::panicking"), "{report}");
        assert!(report.contains("SUMMARY: libFuzzer"), "{report}");
        assert!(
            report.contains("the input (11 bytes), escaped:\n\\x04SET k \\\"v\\\"\\n"),
            "{report}"
        );
    }
}
