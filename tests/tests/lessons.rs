//! Every lesson file: it parses, its command blocks are valid for the command table, its
//! checks are well formed (parsing checks them), and its reference solution, played at a
//! reader's pace from the start and from every step, completes every step, none of them
//! before its solution, by itself or through an error.

use std::path::PathBuf;

use std::rc::Rc;

use keyspace_playground::lesson::{self, Block, Lesson, Pace};

fn lesson_files() -> Vec<(PathBuf, String)> {
    let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo test sets CARGO_MANIFEST_DIR"))
        .join("../web/lessons");
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
    let words = keyspace_engine::sds::split_args(line.as_bytes())
        .unwrap_or_else(|| panic!("{lesson}: unbalanced quotes in `{line}`"));
    let skip = usize::from(words.len() > 1 && keyspace_engine::num::parse_i64(&words[0]).is_some());
    let spec =
        keyspace_engine::table::lookup(&words[skip]).unwrap_or_else(|| panic!("{lesson}: unknown command in `{line}`"));
    assert!(
        spec.arity_ok(words.len() - skip),
        "{lesson}: wrong number of arguments in `{line}`"
    );
}

/// Plays a lesson every way a learner can meet it: from the start at a reader's pace
/// (90 s on each step, the clock running), opened cold at each step (a deep link, an
/// embedded lesson, Reset step), with erroring commands typed first, and with each
/// challenge's other answers. `rehearse` fails when a step completes before its
/// commands, by itself while the learner reads, through an error, or not at all.
fn play_every_way(lesson: &Rc<Lesson>, failures: &mut Vec<String>) {
    let mut or_fail = |r: Result<lesson::Transcript, String>| {
        if let Err(e) = r {
            if !failures.contains(&e) {
                failures.push(e);
            }
        }
    };
    or_fail(lesson::rehearse(lesson, &Pace::reader()));
    or_fail(lesson::rehearse(lesson, &Pace::instant()));
    or_fail(lesson::rehearse(
        lesson,
        &Pace {
            errors_first: true,
            ..Pace::reader()
        },
    ));
    for from in 1..lesson.steps.len() {
        or_fail(lesson::rehearse(lesson, &Pace { from, ..Pace::reader() }));
    }
    for (n, step) in lesson.steps.iter().enumerate() {
        for a in 0..step.alternatives.len() {
            or_fail(lesson::rehearse(
                lesson,
                &Pace {
                    alternative: Some((n, a)),
                    ..Pace::reader()
                },
            ));
        }
    }
}

#[test]
fn every_lesson_parses_is_runnable_and_its_solution_completes_every_step() {
    let files = lesson_files();
    let mut ids = Vec::new();
    let mut failures = Vec::new();
    // LESSONS=voting,expiry plays only those (while writing a lesson).
    let only = std::env::var("LESSONS").ok();
    for (path, text) in &files {
        let lesson = lesson::parse(text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        if only.as_ref().is_some_and(|o| !o.split(',').any(|id| id == lesson.id)) {
            continue;
        }
        assert!(!ids.contains(&lesson.id), "duplicate id {}", lesson.id);
        ids.push(lesson.id.clone());
        for line in lesson.setup.iter().chain(lesson.steps.iter().flat_map(|s| &s.setup)) {
            assert_runnable(line, &lesson.id);
        }
        for step in &lesson.steps {
            for block in &step.blocks {
                if let Block::Commands(lines) = block {
                    assert!(!lines.is_empty(), "{}: empty command block", lesson.id);
                    for line in lines {
                        if let Ok(lesson::Action::Run(_, command)) = lesson::action(line) {
                            assert_runnable(command, &lesson.id);
                        }
                    }
                }
            }
            for line in step.solution.iter().chain(step.alternatives.iter().flatten()) {
                if let Ok(lesson::Action::Run(_, command)) = lesson::action(line) {
                    assert_runnable(command, &lesson.id);
                }
            }
        }
        if !lesson.steps.iter().any(|s| s.is_challenge()) {
            failures.push(format!("{}: every lesson has a challenge step", lesson.id));
        }
        play_every_way(&Rc::new(lesson), &mut failures);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    if only.is_none() {
        assert!(files.len() >= 20, "twenty lessons ship, found {}", files.len());
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
        ("## s\n<!-- open\nCheck: exists k\n", "comment is not closed"),
        ("## s\nCheck: exists k\nGiven: exists k\n", "needs both"),
        (
            "## s\nCheck: exists k\nGiven: ran SET\n```setup\nSET k v\n```\n",
            "not what was run",
        ),
        ("## s\nCheck: exists k\n", "is a challenge"),
        (
            "## s\n```redis\nPING\n```\nCheck: exists k\n```solution\n@wait soon\n```\n",
            "@wait takes",
        ),
        (
            "## s\n```redis\nPING\n```\nCheck: exists k\n```solution\n@clock later\n```\n",
            "@clock takes",
        ),
        (
            "## s\n```redis\nPING\n```\nCheck: exists k in another client\n",
            "only ran and reply",
        ),
        (
            "## s\n```redis\nPING\n```\nCheck: reply NOSUCH = x\n",
            "no command NOSUCH",
        ),
        (
            "## s\n```redis\nPING\n```\nCheck: ttl k between 1\n",
            "a number is missing",
        ),
        ("## s\nCheck: exists k in db 99\n", "no database 99"),
        (
            "## s\n```redis\nPING\n```\nCheck: not ran PING\n",
            "not takes a check of the keyspace",
        ),
    ] {
        let err = lesson::parse(&format!("{head}{body}")).unwrap_err();
        assert!(err.contains(why), "{body:?} gave {err}");
    }
    assert!(lesson::parse("no front matter").is_err());
}
