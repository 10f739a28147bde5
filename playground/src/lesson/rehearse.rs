//! A lesson played as a learner would play it, at a given pace, in a sandbox of its own:
//! the lesson tests play every lesson every way, and the page shows the replies a
//! rehearsal got beside each command.

use std::rc::Rc;

use super::{action, Action, Lesson, LessonRun, Progress};
use crate::playground::Playground;

/// How a simulated learner plays a lesson (`rehearse`).
#[derive(Clone, Debug)]
pub struct Pace {
    /// Time spent reading a step before typing its first command (the clock keeps
    /// running: keys may expire meanwhile).
    pub reading_ms: i64,
    /// Between two commands.
    pub typing_ms: i64,
    /// Open this step first, as a deep link does (0: from the start).
    pub from: usize,
    /// Before each step's solution, type each of its commands in a form that answers an
    /// error (the bare command name, where that is an arity error): none may complete it.
    pub errors_first: bool,
    /// Play this step with its alternative answer instead of its solution.
    pub alternative: Option<(usize, usize)>,
}

impl Pace {
    /// A reader: 90 s on each step, 5 s between commands.
    pub fn reader() -> Pace {
        Pace {
            reading_ms: 90_000,
            typing_ms: 5_000,
            from: 0,
            errors_first: false,
            alternative: None,
        }
    }

    /// No time between anything (the replies shown beside a lesson's commands).
    pub fn instant() -> Pace {
        Pace {
            reading_ms: 0,
            typing_ms: 0,
            ..Pace::reader()
        }
    }
}

/// What a rehearsal saw: for each step played, each command line with what the
/// terminal printed for it.
pub type Transcript = Vec<Vec<(String, String)>>;

/// Plays a lesson as a learner at `pace` would, in a fresh sandbox, with the real
/// `LessonRun`: each step must not be complete before its commands and must be complete
/// after them. Returns the replies, or what went wrong.
pub fn rehearse(lesson: &Rc<Lesson>, pace: &Pace) -> Result<Transcript, String> {
    const START: i64 = 1_767_225_600_000; // 2026-01-01
    let mut real = START;
    let mut p = Playground::new(7, real);
    p.enable_aof(0, 0);
    // As the page's store: SAVE waits for its dump.rdb to be stored.
    p.enable_snapshots(None);
    let mut run = LessonRun::start(lesson.clone(), Progress::new(lesson.steps.len()), &mut p, real);
    let fail = |n: usize, why: String| format!("{}: step {} ({}): {why}", lesson.id, n + 1, lesson.steps[n].title);
    let mut transcript = Vec::new();
    // Lets time pass in small ticks, as the page's clock does; the step must not
    // complete by itself meanwhile.
    let pass = |p: &mut Playground, run: &mut LessonRun, real: &mut i64, ms: i64, n: usize| -> Result<(), String> {
        let end = *real + ms;
        while *real < end {
            *real = (*real + 250).min(end);
            p.tick(*real);
            run.observe(p);
            if run.check(p, *real) {
                return Err(fail(n, format!("completed by itself while time passed ({} ms)", ms)));
            }
        }
        Ok(())
    };
    for n in pace.from..lesson.steps.len() {
        run.go_to(n, &mut p, real);
        let step = &lesson.steps[n];
        if !run.ready_for_reading(&p, real) {
            return Err(fail(
                n,
                "its setup does not make its Given: lines hold for a reader's span".into(),
            ));
        }
        if run.check(&p, real) {
            return Err(fail(n, "complete as it opened, before its commands".into()));
        }
        pass(&mut p, &mut run, &mut real, pace.reading_ms, n)?;
        if run.stale(&p, real) {
            return Err(fail(n, "its starting state ran out while the learner read".into()));
        }
        if pace.errors_first {
            for line in &step.solution {
                let Ok(Action::Run(session, line)) = action(line) else {
                    continue;
                };
                let Some(name) = keyspace_engine::sds::split_args(line.as_bytes()).and_then(|a| a.into_iter().next())
                else {
                    continue;
                };
                let bare_is_error = keyspace_engine::table::lookup(&name).is_some_and(|spec| !spec.arity_ok(1));
                if bare_is_error && session < p.sessions.len() {
                    p.submit(session, &String::from_utf8_lossy(&name), real);
                    run.observe(&mut p);
                    if run.check(&p, real) {
                        return Err(fail(
                            n,
                            format!("completed by an erroring `{}`", String::from_utf8_lossy(&name)),
                        ));
                    }
                }
            }
        }
        let lines = match pace.alternative {
            Some((s, a)) if s == n => step.alternatives.get(a).ok_or(fail(n, "no such alternative".into()))?,
            _ => &step.solution,
        };
        let mut replies = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                pass(&mut p, &mut run, &mut real, pace.typing_ms, n).ok();
            }
            match action(line).map_err(|e| fail(n, e))? {
                Action::Run(session, command) => {
                    while p.sessions.len() <= session {
                        p.open_session(real);
                    }
                    let before = p.sessions[session].lines.len();
                    p.submit(session, command, real);
                    replies.push((line.clone(), session, before));
                }
                Action::Wait(ms) => {
                    let end = real + ms;
                    while real < end {
                        real = (real + 100).min(end);
                        p.tick(real);
                    }
                }
                Action::Clock(c) => {
                    let mut clock = p.clock;
                    c.apply(&mut clock, real);
                    p.set_clock(clock, real);
                }
            }
            // The page's store keeps up: what is due is committed (appendfsync always
            // holds replies until then; BGREWRITEAOF completes; SAVE's dump.rdb is stored).
            while let Some(op) = p.next_store_op(real, false) {
                drop(op);
                p.store_done(Ok(()), real);
            }
            run.observe(&mut p);
            run.check(&p, real);
        }
        if !run.progress.completed[n] {
            return Err(fail(
                n,
                format!("not complete after its commands; failing: {:?}", run.failing(&p, real)),
            ));
        }
        // What each command printed: its terminal's lines after its echo, up to the next
        // command typed there (a blocking command's reply may come later).
        let shown = replies
            .iter()
            .enumerate()
            .map(|(i, (line, session, before))| {
                let end = replies[i + 1..]
                    .iter()
                    .find(|(_, s, _)| s == session)
                    .map_or(p.sessions[*session].lines.len(), |(_, _, b)| *b);
                let text: Vec<&str> = p.sessions[*session].lines[(*before + 1).min(end)..end]
                    .iter()
                    .map(|l| l.text.as_str())
                    .collect();
                (line.clone(), text.join("\n"))
            })
            .collect();
        transcript.push(shown);
        // A moment after the step, the learner reads the next one.
        real += 1_000;
        p.tick(real);
    }
    Ok(transcript)
}
