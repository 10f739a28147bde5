//! Every lesson file: it parses, its command blocks are valid for the command table, its
//! checks are well formed (parsing checks them), and replaying its reference solution
//! through the engine completes every step, in order, none of them before its solution.

use std::path::PathBuf;

use keyspace_engine::lesson::{self, Block, Lesson, Progress};
use keyspace_engine::playground::{Playground, StoreOp};

fn lesson_files() -> Vec<(PathBuf, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../web/lessons");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("web/lessons exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect()
}

/// A command line a learner can run: a known command with a valid argument count.
fn assert_runnable(line: &str, lesson: &str) {
    let words = keyspace_engine::cli::split_args(line.as_bytes())
        .unwrap_or_else(|| panic!("{lesson}: unbalanced quotes in `{line}`"));
    let skip = usize::from(words.len() > 1 && keyspace_engine::num::parse_i64(&words[0]).is_some());
    let spec =
        keyspace_engine::table::lookup(&words[skip]).unwrap_or_else(|| panic!("{lesson}: unknown command in `{line}`"));
    assert!(
        spec.arity_ok(words.len() - skip),
        "{lesson}: wrong number of arguments in `{line}`"
    );
}

/// The host's store, a Vec: everything due is stored at once.
fn pump(p: &mut Playground, now: i64) {
    while let Some(op) = p.next_store_op(now, true) {
        let _ = match op {
            StoreOp::Append(c) => c.bytes,
            StoreOp::Rewrite(r) => r.base,
        };
        p.store_done(Ok(()), now);
    }
}

fn replay(lesson: &Lesson) {
    let mut now = 1_000_000;
    let mut p = Playground::new(7, now);
    p.enable_aof(0, 0);
    let setup = lesson
        .setup
        .iter()
        .map(|l| keyspace_engine::cli::split_args(l.as_bytes()).unwrap());
    p.run_internal_many(setup, now);
    let mut progress = Progress::new(lesson.steps.len());
    for (n, step) in lesson.steps.iter().enumerate() {
        progress.go_to(n);
        assert!(
            !progress.check(lesson, &p.engine, now),
            "{}: step {} ({}) is complete before its solution ran",
            lesson.id,
            n + 1,
            step.title
        );
        for line in &step.solution {
            if let Some(ms) = line.strip_prefix("@wait ") {
                now += ms.parse::<i64>().expect("@wait MS");
                p.tick(now);
            } else {
                let (tab, line) = match line.strip_prefix("@2 ") {
                    Some(rest) => {
                        if p.tabs.len() < 2 {
                            p.open_tab(now);
                        }
                        (1, rest)
                    }
                    None => (0, line.as_str()),
                };
                assert_runnable(line, &lesson.id);
                p.submit(tab, line, now);
            }
            pump(&mut p, now);
            for name in std::mem::take(&mut p.commands_run) {
                progress.ran(&name);
            }
            progress.check(lesson, &p.engine, now);
        }
        assert!(
            progress.completed[n],
            "{}: step {} ({}) is not complete after its solution; checks: {:?}",
            lesson.id,
            n + 1,
            step.title,
            step.checks
                .iter()
                .filter(|c| !c.holds(&p.engine, &progress.ran, now))
                .map(|c| &c.source)
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn every_lesson_parses_is_runnable_and_its_solution_completes_every_step() {
    let files = lesson_files();
    assert!(files.len() >= 8, "the eight lessons ship");
    let mut ids = Vec::new();
    for (path, text) in &files {
        let lesson = lesson::parse(text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(!ids.contains(&lesson.id), "duplicate id {}", lesson.id);
        ids.push(lesson.id.clone());
        for line in &lesson.setup {
            assert_runnable(line, &lesson.id);
        }
        for step in &lesson.steps {
            for block in &step.blocks {
                if let Block::Commands(lines) = block {
                    assert!(!lines.is_empty(), "{}: empty command block", lesson.id);
                    for line in lines {
                        assert_runnable(line, &lesson.id);
                    }
                }
            }
        }
        replay(&lesson);
    }
    for id in [
        "first-keys",
        "expiry",
        "counters",
        "voting",
        "versioned-keys",
        "caching",
        "persistence",
        "queues",
    ] {
        assert!(ids.iter().any(|i| i == id), "lesson {id} ships");
    }
}

#[test]
fn malformed_lessons_are_refused_with_the_reason() {
    let head = "---\nid: t\ntitle: T\nsummary: S\n---\n";
    for (body, why) in [
        ("## s\nCheck: score vote a >> 4\n", "expected =, !="),
        ("## s\nCheck: nosuch thing\n", "unknown check"),
        ("## s\nCheck: ran FLY\n", "no command FLY"),
        ("## s\nsome text\n", "has no Check"),
        ("## s\n```redis\nPING\n", "not closed"),
        ("## s\nCheck: exists k in db 99\n", "no database 99"),
    ] {
        let err = lesson::parse(&format!("{head}{body}")).unwrap_err();
        assert!(err.contains(why), "{body:?} gave {err}");
    }
    assert!(lesson::parse("no front matter").is_err());
}
