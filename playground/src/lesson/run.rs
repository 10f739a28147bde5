//! A learner's progress through a lesson and `LessonRun`, the runtime the page and the
//! tests share: steps open with their starting state, what happened is watched, checks
//! complete steps, steps and lessons reset.

use std::rc::Rc;

use super::{Lesson, Seen, Step};
use crate::playground::{Activity, Playground};

/// A learner's way through a lesson, as stored: the step shown and the steps completed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub step: usize,
    pub completed: Vec<bool>,
}

impl Progress {
    pub fn new(steps: usize) -> Progress {
        Progress {
            step: 0,
            completed: vec![false; steps],
        }
    }

    pub fn finished(&self) -> bool {
        self.completed.iter().all(|&c| c)
    }

    pub fn done(&self) -> usize {
        self.completed.iter().filter(|&&c| c).count()
    }

    /// "step,done bits" for storage: `2,110`.
    pub fn encode(&self) -> String {
        let bits: String = self.completed.iter().map(|&c| if c { '1' } else { '0' }).collect();
        format!("{},{bits}", self.step)
    }

    pub fn decode(text: &str, steps: usize) -> Progress {
        let mut progress = Progress::new(steps);
        if let Some((step, bits)) = text.split_once(',') {
            for (i, c) in bits.chars().take(steps).enumerate() {
                progress.completed[i] = c == '1';
            }
            progress.step = step.parse::<usize>().unwrap_or(0).min(steps.saturating_sub(1));
        }
        progress
    }
}

/// What the lesson list suggests for a lesson.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Suggestion {
    /// Nothing started anywhere: begin with this one.
    StartHere,
    /// Started, not finished.
    Continue,
    /// Every earlier lesson is finished or untouched: this comes next.
    Next,
}

/// Which lesson to suggest, given each lesson's progress in order: the first one begun
/// and not finished, else the first not finished.
pub fn suggest(progress: &[Progress]) -> Option<(usize, Suggestion)> {
    let begun = |p: &Progress| p.done() > 0 || p.step > 0;
    if !progress.iter().any(begun) {
        return (!progress.is_empty()).then_some((0, Suggestion::StartHere));
    }
    if let Some(i) = progress.iter().position(|p| begun(p) && !p.finished()) {
        return Some((i, Suggestion::Continue));
    }
    progress
        .iter()
        .position(|p| !p.finished())
        .map(|i| (i, Suggestion::Next))
}

/// How long a reader may spend on a step: as a step opens, its `Given:` lines are read
/// as they will stand this much later, so a key that would expire meanwhile is made
/// again rather than vanishing under the reader.
pub const READING_SPAN_MS: i64 = 180_000;

/// The most activity a step keeps (a long paste while a step is open).
const ACTIVITY_KEPT: usize = 2_000;

/// A lesson being played in a playground: the page and the tests drive it alike.
/// Every method takes the host's real time, as `Playground`'s do.
pub struct LessonRun {
    pub lesson: Rc<Lesson>,
    pub progress: Progress,
    /// What happened since the current step opened.
    activity: Vec<Activity>,
    /// The commands run to prepare the current step (its `Given:` did not hold as it
    /// opened), shown to the learner so nothing changes behind their back.
    pub prepared: Vec<String>,
}

fn argvs(lines: &[String]) -> Vec<Vec<Vec<u8>>> {
    lines
        .iter()
        .filter_map(|line| keyspace_engine::sds::split_args(line.as_bytes()))
        .filter(|argv| !argv.is_empty())
        .collect()
}

impl LessonRun {
    /// Starts (or resumes) a lesson in `playground`, its sandbox: a sandbox with no keys
    /// gets the lesson's starting state, and the current step opens.
    pub fn start(lesson: Rc<Lesson>, progress: Progress, playground: &mut Playground, real: i64) -> LessonRun {
        let mut run = LessonRun {
            progress,
            lesson,
            activity: Vec::new(),
            prepared: Vec::new(),
        };
        playground.watch_activity(true);
        if playground.engine.key_counts().iter().all(|&n| n == 0) {
            playground.run_internal_many(argvs(&run.lesson.setup), real);
        }
        run.progress.step = run.progress.step.min(run.lesson.steps.len() - 1);
        run.open(playground, real);
        run
    }

    pub fn step(&self) -> &Step {
        &self.lesson.steps[self.progress.step]
    }

    /// Opens a step: what it needs is made if missing.
    pub fn go_to(&mut self, step: usize, playground: &mut Playground, real: i64) {
        if step < self.lesson.steps.len() {
            self.progress.step = step;
            self.open(playground, real);
        }
    }

    fn open(&mut self, playground: &mut Playground, real: i64) {
        playground.take_activity();
        self.activity.clear();
        self.prepared.clear();
        if !self.ready_for_reading(playground, real) {
            let setup = self.step().setup.clone();
            playground.run_internal_many(argvs(&setup), real);
            self.prepared = setup;
            playground.take_activity();
        }
    }

    /// Whether the state the current step starts from is there (its `Given:` lines).
    pub fn ready(&self, playground: &Playground, real: i64) -> bool {
        let seen = self.seen(playground, real);
        self.step().given.iter().all(|c| c.holds(&seen))
    }

    /// Whether it will still be there after `READING_SPAN_MS` of reading.
    pub fn ready_for_reading(&self, playground: &Playground, real: i64) -> bool {
        let mut seen = self.seen(playground, real);
        seen.now = seen.now.saturating_add(READING_SPAN_MS);
        self.step().given.iter().all(|c| c.holds(&seen))
    }

    /// The step's starting state went away before the learner did anything in it (a key
    /// expired while they read): the page offers to make it again. Once they have run a
    /// command, the keyspace is theirs to change.
    pub fn stale(&self, playground: &Playground, real: i64) -> bool {
        !self.activity.iter().any(|a| matches!(a, Activity::Ran { .. })) && !self.ready(playground, real)
    }

    fn seen<'a>(&'a self, playground: &'a Playground, real: i64) -> Seen<'a> {
        Seen {
            engine: &playground.engine,
            now: playground.now(real),
            activity: &self.activity,
            terminals: playground.sessions.len(),
        }
    }

    /// Takes in what happened in the playground since the last call.
    pub fn observe(&mut self, playground: &mut Playground) {
        self.activity.extend(playground.take_activity());
        if self.activity.len() > ACTIVITY_KEPT {
            let excess = self.activity.len() - ACTIVITY_KEPT;
            self.activity.drain(..excess);
        }
    }

    /// Checks the current step (after `observe`); true when it has just completed.
    pub fn check(&mut self, playground: &Playground, real: i64) -> bool {
        let step = self.progress.step;
        if self.progress.completed[step] {
            return false;
        }
        let seen = self.seen(playground, real);
        let done = self.step().checks.iter().all(|c| c.holds(&seen));
        self.progress.completed[step] = done;
        done
    }

    /// The checks of the current step that do not hold (for a test's message).
    pub fn failing(&self, playground: &Playground, real: i64) -> Vec<String> {
        let seen = self.seen(playground, real);
        self.step()
            .checks
            .iter()
            .filter(|c| !c.holds(&seen))
            .map(|c| c.source.clone())
            .collect()
    }

    /// Whether the learner ran this command line in the current step (command name in
    /// any case, the same arguments), and what it answered.
    pub fn reply_to(&self, line: &str) -> Option<&str> {
        let argv = keyspace_engine::sds::split_args(line.as_bytes())?;
        self.activity.iter().rev().find_map(|a| match a {
            Activity::Ran { ran, .. }
                if ran.argv.len() == argv.len()
                    && ran.argv.iter().zip(&argv).enumerate().all(|(i, (a, b))| {
                        if i == 0 {
                            a.eq_ignore_ascii_case(b)
                        } else {
                            a == b
                        }
                    }) =>
            {
                Some(ran.reply.as_str())
            }
            _ => None,
        })
    }

    /// Empties the sandbox and makes the current step's starting state again.
    pub fn reset_step(&mut self, playground: &mut Playground, real: i64) {
        playground.reset(real);
        playground.run_internal_many(argvs(&self.lesson.setup), real);
        let step = self.progress.step;
        self.progress.completed[step] = false;
        self.open(playground, real);
        if self.prepared.is_empty() {
            // Its Given: held already after the lesson's own setup.
            self.prepared = self.lesson.setup.clone();
        }
    }

    /// Empties the sandbox and starts the lesson over.
    pub fn reset_lesson(&mut self, playground: &mut Playground, real: i64) {
        playground.reset(real);
        playground.run_internal_many(argvs(&self.lesson.setup), real);
        self.progress = Progress::new(self.lesson.steps.len());
        self.open(playground, real);
    }
}
