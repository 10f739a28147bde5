//! Guided lessons: the lesson file format, the checks a step completes on, and a
//! learner's run through a lesson (`LessonRun`: the same code drives the page and the
//! tests). Checks read the keyspace without touching it (no lazy expiry, no hit/miss
//! statistics, nothing in MONITOR), and what the learner did (`Activity`: commands and
//! their replies, keys that went away).
//!
//! A lesson file is Markdown with a small front matter:
//!
//! ````text
//! ---
//! id: voting
//! title: Voting and leaderboards
//! summary: One line for the lesson index.
//! ---
//! ```setup                     (optional: the sandbox's starting state)
//! SET greeting hello
//! ```
//! ## A step's title
//! Explanation paragraphs, `inline code`, **bold**, and "- " lists.
//! ```setup                     (optional: the state this step starts from, made when
//! ZADD vote 4 a 2 b             one of its Given: lines does not hold as it opens:
//! ```                           deep link, Reset step, a key that expired meanwhile)
//! Given: score vote a = 4
//! ```redis                     (runnable commands: click to type one, or run it; a step
//! ZINCRBY vote 1 a              without any is a challenge: the learner composes them;
//! @2 ZSCORE vote a              "@2 CMD" runs in Client 2, "@clock +1m" is a clock button)
//! ```
//! Hint: shown on demand, one after the other.
//! Check: score vote a >= 1     (every check must hold; see `Check::parse`)
//! ```solution                  (the reference solution the tests replay at a reader's
//! ZINCRBY vote 1 a              pace; defaults to the command blocks; "@2 CMD" runs in
//! ```                           a second terminal, "@wait MS" lets time pass, "@clock
//!                               pause|resume|fast|normal|+10s" works the clock)
//! ```alternative               (another answer that must complete the step too)
//! ZADD vote INCR 1 a
//! ```
//! <!-- a comment: where a statement about other software was checked -->
//! ````

mod check;
mod parse;
mod rehearse;
mod run;

pub use check::{Check, Client, Expect, Op, Seen, Test, UserIs};
pub use parse::{action, parse, Action, ClockAction};
pub use rehearse::{rehearse, Pace, Transcript};
pub use run::{suggest, LessonRun, Progress, Suggestion, READING_SPAN_MS};

#[derive(Clone, Debug, PartialEq)]
pub struct Lesson {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub setup: Vec<String>,
    pub steps: Vec<Step>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub title: String,
    pub blocks: Vec<Block>,
    pub hints: Vec<String>,
    pub checks: Vec<Check>,
    /// What the step starts from; when one of them fails as the step opens, `setup` runs.
    pub given: Vec<Check>,
    pub setup: Vec<String>,
    pub solution: Vec<String>,
    /// Other solutions that must complete the step too.
    pub alternatives: Vec<Vec<String>>,
}

impl Step {
    /// A step without commands to run: the learner composes them from the goal.
    pub fn is_challenge(&self) -> bool {
        !self.blocks.iter().any(|b| matches!(b, Block::Commands(_)))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// Markdown text of one paragraph (inline `code` and **bold** are for the renderer).
    Paragraph(String),
    /// "- " items.
    List(Vec<String>),
    /// Runnable commands, one per line.
    Commands(Vec<String>),
    /// The live tail of the AOF (the persistence lesson).
    AofTail,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::playground::Playground;
    use std::rc::Rc;

    fn progress(step: usize, bits: &str) -> Progress {
        Progress::decode(&format!("{step},{bits}"), bits.len())
    }

    #[test]
    fn the_list_suggests_where_to_go_on() {
        assert_eq!(suggest(&[]), None);
        assert_eq!(
            suggest(&[progress(0, "000"), progress(0, "00")]),
            Some((0, Suggestion::StartHere))
        );
        assert_eq!(
            suggest(&[progress(0, "111"), progress(1, "10"), progress(0, "00")]),
            Some((1, Suggestion::Continue))
        );
        assert_eq!(
            suggest(&[progress(0, "111"), progress(0, "00"), progress(0, "00")]),
            Some((1, Suggestion::Next))
        );
        assert_eq!(suggest(&[progress(2, "111")]), None, "everything finished");
    }

    #[test]
    fn wrapped_lines_join_as_the_language_writes_them_and_list_items_keep_their_continuations() {
        let text = "---\nid: t\ntitle: T\nsummary: S\n---\n## s\nRedis 是一个\n服务器。\nRedis는 서버\n입니다.\nOne\nline.\n\n- first item\n  wrapped on.\n- 第二\n项\n\nAfter.\n```redis\nDBSIZE\n```\nCheck: dbsize = 0\n";
        let lesson = parse(text).unwrap();
        assert_eq!(
            lesson.steps[0].blocks[..3],
            [
                Block::Paragraph("Redis 是一个服务器。 Redis는 서버 입니다. One line.".into()),
                Block::List(vec!["first item wrapped on.".into(), "第二项".into()]),
                Block::Paragraph("After.".into()),
            ]
        );
    }

    fn lesson(text: &str) -> Rc<Lesson> {
        Rc::new(parse(&format!("---\nid: t\ntitle: T\nsummary: S\n---\n{text}")).unwrap())
    }

    #[test]
    fn ran_and_reply_count_only_what_did_not_fail_and_where_it_ran() {
        let lesson = lesson(
            "## s\n```redis\nZSCORE vote a\n```\nCheck: ran ZSCORE in another client\nCheck: reply 'zscore vote' = '\"4\"'\n",
        );
        let mut p = Playground::new(1, 1_000);
        let mut run = LessonRun::start(lesson, Progress::new(1), &mut p, 1_000);
        p.submit(0, "ZADD vote 4 a", 1_000);
        p.submit(0, "ZSCORE", 1_000);
        p.open_session(1_000);
        p.submit(1, "ZSCORE vote", 1_000);
        run.observe(&mut p);
        assert!(!run.check(&p, 1_000), "arity errors do not count");
        p.submit(0, "ZSCORE vote a", 1_000);
        run.observe(&mut p);
        assert!(!run.check(&p, 1_000), "the first client is not another one");
        assert_eq!(run.reply_to("zscore vote a"), Some("\"4\""));
        p.submit(1, "ZSCORE vote a", 1_000);
        run.observe(&mut p);
        assert!(run.check(&p, 1_000));
    }

    #[test]
    fn commands_queued_in_multi_count_when_exec_runs_them() {
        let lesson = lesson("## s\n```redis\nINCR n\n```\nCheck: reply INCR = '(integer) 1'\n");
        let mut p = Playground::new(1, 1_000);
        let mut run = LessonRun::start(lesson, Progress::new(1), &mut p, 1_000);
        p.submit(0, "MULTI", 1_000);
        p.submit(0, "INCR n", 1_000);
        run.observe(&mut p);
        assert!(!run.check(&p, 1_000), "QUEUED is not its reply");
        p.submit(0, "EXEC", 1_000);
        run.observe(&mut p);
        assert!(run.check(&p, 1_000));
    }

    #[test]
    fn expired_and_deleted_tell_how_a_key_went() {
        let lesson = lesson("## s\n```redis\nDEL a\n```\nCheck: expired t\nCheck: deleted a\n");
        let mut p = Playground::new(1, 1_000);
        let mut run = LessonRun::start(lesson, Progress::new(1), &mut p, 1_000);
        p.submit(0, "SET t x PX 100", 1_000);
        p.submit(0, "SET a x", 1_000);
        p.submit(0, "DEL t", 1_000);
        p.submit(0, "SET t x PX 100", 1_000);
        run.observe(&mut p);
        assert!(!run.check(&p, 1_000));
        p.tick(1_200);
        run.observe(&mut p);
        assert!(!run.check(&p, 1_200), "a was not deleted yet");
        p.submit(0, "DEL a", 1_200);
        run.observe(&mut p);
        assert!(run.check(&p, 1_200));
    }

    #[test]
    fn pending_counts_a_groups_and_a_consumers_unacknowledged_entries() {
        let lesson = lesson(
            "## s\n```redis\nXACK s g 1-0\n```\nCheck: pending s g = 1\nCheck: pending s g bob between 1 1\nCheck: pending s g alice = 0\nCheck: pending s g carol = 0\nCheck: not pending s other >= 0\n",
        );
        let step = &lesson.steps[0];
        assert!(matches!(&step.checks[1].test, Test::Pending(_, _, Some(c), Op::Between(..), _) if c == b"bob"));
        assert!(matches!(&step.checks[0].test, Test::Pending(_, _, None, Op::Eq, _)));
        let mut p = Playground::new(1, 1_000);
        let mut run = LessonRun::start(lesson.clone(), Progress::new(1), &mut p, 1_000);
        for line in [
            "XADD s 1-0 rider a",
            "XADD s 2-0 rider b",
            "XGROUP CREATE s g 0",
            "XREADGROUP GROUP g alice COUNT 1 STREAMS s >",
            "XREADGROUP GROUP g bob COUNT 1 STREAMS s >",
        ] {
            p.submit(0, line, 1_000);
        }
        run.observe(&mut p);
        assert!(!run.check(&p, 1_000), "alice holds 1-0: two pending");
        p.submit(0, "XACK s g 1-0", 1_000);
        run.observe(&mut p);
        assert!(run.check(&p, 1_000), "{:?}", run.failing(&p, 1_000));
        // A group that does not exist, or a key that is no stream, holds no count at all.
        let missing = Check::parse("pending s other = 0").unwrap();
        let wrong_type = Check::parse("pending t g = 0").unwrap();
        p.submit(0, "SET t x", 1_000);
        let seen = Seen {
            engine: &p.engine,
            now: 1_000,
            activity: &[],
            terminals: 1,
        };
        assert!(!missing.holds(&seen) && !wrong_type.holds(&seen));
        assert!(Check::parse("pending s g").is_err());
        assert!(Check::parse("pending s g bob = two").is_err());
    }

    #[test]
    fn user_checks_read_the_acl_users_and_what_they_may_run() {
        let holds = |p: &Playground, source: &str| {
            let check = Check::parse(source).unwrap();
            check.holds(&Seen {
                engine: &p.engine,
                now: 1_000,
                activity: &[],
                terminals: 1,
            })
        };
        let mut p = Playground::new(1, 1_000);
        assert!(holds(&p, "user default on"));
        assert!(holds(&p, "user default = 'on nopass ~* &* +@all'"));
        assert!(holds(&p, "not user reporter"));
        assert!(holds(&p, "config requirepass = ''"));
        p.submit(0, "ACL SETUSER reporter >pw ~stats:* +@read", 1_000);
        p.submit(0, "CONFIG SET requirepass changeme", 1_000);
        assert!(holds(&p, "user reporter off"));
        assert!(!holds(&p, "user reporter on"));
        assert!(holds(&p, "user reporter can GET stats:visits"));
        assert!(holds(&p, "user reporter can hgetall stats:daily"));
        assert!(holds(&p, "not user reporter can SET stats:visits 0"));
        assert!(holds(&p, "not user reporter can GET app:greeting"));
        assert!(holds(&p, "not user nobody can GET stats:visits"));
        assert!(holds(&p, "config requirepass = changeme"));
        assert!(holds(
            &p,
            "user default = 'on #057ba03d6c44104863dc7361fe4578965d1887360f90a0895882e58a6248fc86 ~* &* +@all'"
        ));
        p.submit(0, "ACL SETUSER reporter on", 1_000);
        assert!(holds(&p, "user reporter on"));
        for (bad, why) in [
            ("user", "unknown check"),
            ("user reporter maybe", "expected user NAME"),
            ("user reporter can", "expected user NAME"),
            ("user reporter can FLY x", "no command FLY"),
            ("user reporter on in another client", "only ran and reply"),
        ] {
            let err = Check::parse(bad).unwrap_err();
            assert!(err.contains(why), "{bad}: {err}");
        }
    }

    #[test]
    fn a_step_opened_cold_makes_its_starting_state_and_says_so() {
        let lesson = lesson(
            "## one\n```redis\nSET a 1\n```\nCheck: exists a\n## two\n```setup\nSET session:1 token EX 600\n```\nGiven: exists session:1\n```redis\nPERSIST session:1\n```\nCheck: ttl session:1 = -1\n",
        );
        let mut p = Playground::new(1, 1_000);
        let mut progress = Progress::new(2);
        progress.step = 1;
        let mut run = LessonRun::start(lesson, progress, &mut p, 1_000);
        assert_eq!(run.prepared, vec!["SET session:1 token EX 600".to_string()]);
        assert!(run.ready(&p, 1_000));
        // The learner reads for twenty minutes: the state is gone, and the step says so.
        p.tick(1_201_000);
        assert!(!run.ready(&p, 1_201_000));
        run.go_to(1, &mut p, 1_201_000);
        assert!(run.ready(&p, 1_201_000));
        p.submit(0, "PERSIST session:1", 1_201_000);
        run.observe(&mut p);
        assert!(run.check(&p, 1_201_000));
        // Reset step: the same starting state again, the step not done.
        run.reset_step(&mut p, 1_202_000);
        assert!(!run.progress.completed[1]);
        assert_eq!(
            p.call_internal(vec![b"TTL".to_vec(), b"session:1".to_vec()], 1_202_000),
            keyspace_engine::Reply::Int(600)
        );
    }
}
