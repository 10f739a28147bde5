//! The playground's clock: the time its engine sees. Redis reads the system clock; the
//! engine takes time as a parameter, so a host can let a learner pause time, run it ten
//! times faster, or jump ahead, and TTLs, active expiry and blocking time-outs follow.
//!
//! The clock is a line through one point: at real time `anchor_real` it read
//! `anchor_virtual`, and since then it runs at `rate` (or stands still while paused).
//! Every change re-anchors it at the present, so virtual time never goes backwards: a
//! pause stops it, a resume continues from where it stood, a jump only moves forward.
//! Persisted (`encode`/`decode`), the same line gives the same time after a reload.

use crate::i18n::Messages;
use crate::tr;

/// How much faster than real time the clock may run.
pub const FAST_RATE: u32 = 10;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Clock {
    anchor_real: i64,
    anchor_virtual: i64,
    /// 1 (real time) or `FAST_RATE`.
    rate: u32,
    paused: bool,
}

impl Clock {
    /// A clock that reads real time.
    pub fn real_time() -> Clock {
        Clock {
            anchor_real: 0,
            anchor_virtual: 0,
            rate: 1,
            paused: false,
        }
    }

    /// The time at real time `real`.
    pub fn now(&self, real: i64) -> i64 {
        if self.paused {
            return self.anchor_virtual;
        }
        let elapsed = real.saturating_sub(self.anchor_real).max(0);
        self.anchor_virtual
            .saturating_add(elapsed.saturating_mul(i64::from(self.rate.max(1))))
    }

    /// Whether it reads real time (not paused, rate 1, no offset).
    pub fn is_real_time(&self, real: i64) -> bool {
        !self.paused && self.rate <= 1 && self.now(real) == real
    }

    pub fn paused(&self) -> bool {
        self.paused
    }

    pub fn rate(&self) -> u32 {
        self.rate.max(1)
    }

    /// How far it is ahead of real time (negative: behind, after a pause).
    pub fn offset(&self, real: i64) -> i64 {
        self.now(real) - real
    }

    fn anchor(&mut self, real: i64) {
        self.anchor_virtual = self.now(real);
        self.anchor_real = real;
    }

    pub fn pause(&mut self, real: i64) {
        self.anchor(real);
        self.paused = true;
    }

    pub fn resume(&mut self, real: i64) {
        self.anchor(real);
        self.paused = false;
    }

    /// 1 for real time, `FAST_RATE` for fast; anything else is taken as 1.
    pub fn set_rate(&mut self, real: i64, rate: u32) {
        self.anchor(real);
        self.rate = if rate == FAST_RATE { FAST_RATE } else { 1 };
    }

    /// Moves the clock forward by `ms` (never back).
    pub fn jump(&mut self, real: i64, ms: i64) {
        self.anchor(real);
        self.anchor_virtual = self.anchor_virtual.saturating_add(ms.max(0));
    }

    /// Back to real time, unless that would go backwards: a clock ahead stays where it
    /// is and runs at rate 1 (keys must not come back to life), one behind catches up.
    pub fn to_real_time(&mut self, real: i64) {
        let now = self.now(real);
        *self = Clock::real_time();
        if now > real {
            self.anchor_real = real;
            self.anchor_virtual = now;
        }
    }

    /// What the clock reads, in the interface's words: "Clock paused, 1 min 5 s behind".
    pub fn describe(&self, real: i64, t: &Messages) -> String {
        let offset = self.offset(real);
        let lag = if offset.abs() < 1000 {
            String::new()
        } else if offset > 0 {
            tr!(t, "clock-ahead", span = span(offset, t))
        } else {
            tr!(t, "clock-behind", span = span(offset, t))
        };
        if self.paused {
            tr!(t, "clock-paused", lag = lag)
        } else if self.rate() > 1 {
            tr!(t, "clock-fast", rate = self.rate(), lag = lag)
        } else if lag.is_empty() {
            tr!(t, "clock-real-time")
        } else {
            tr!(t, "clock-running", lag = lag)
        }
    }

    /// `anchor_real,anchor_virtual,rate,paused` for storage and for other pages.
    pub fn encode(&self) -> String {
        format!(
            "{},{},{},{}",
            self.anchor_real,
            self.anchor_virtual,
            self.rate(),
            u8::from(self.paused)
        )
    }

    pub fn decode(text: &str) -> Option<Clock> {
        let mut parts = text.split(',');
        let clock = Clock {
            anchor_real: parts.next()?.parse().ok()?,
            anchor_virtual: parts.next()?.parse().ok()?,
            rate: match parts.next()?.parse().ok()? {
                FAST_RATE => FAST_RATE,
                _ => 1,
            },
            paused: parts.next()? == "1",
        };
        parts.next().is_none().then_some(clock)
    }
}

/// "42 s", "1 min 5 s", "3 h 2 min" in the interface's words.
pub fn span(ms: i64, t: &Messages) -> String {
    let s = ms.unsigned_abs() / 1000;
    match s {
        0..=59 => tr!(t, "span-seconds", s = s),
        60..=3599 => tr!(t, "span-minutes", min = s / 60, s = s % 60),
        _ => tr!(t, "span-hours", h = s / 3600, min = (s % 3600) / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pause_fast_and_jump_move_time_as_a_learner_expects() {
        let mut c = Clock::real_time();
        assert_eq!(c.now(5_000), 5_000);
        assert!(c.is_real_time(5_000));
        c.pause(5_000);
        assert_eq!(c.now(65_000), 5_000, "paused: a minute of reading moves nothing");
        c.resume(65_000);
        assert_eq!(c.now(66_000), 6_000, "it goes on from where it stood");
        assert_eq!(c.offset(66_000), -60_000);
        c.set_rate(66_000, FAST_RATE);
        assert_eq!(c.now(67_000), 16_000, "ten seconds pass in one");
        c.jump(67_000, 60_000);
        assert_eq!(c.now(67_000), 76_000);
        c.jump(67_000, -1_000_000);
        assert_eq!(c.now(67_000), 76_000, "never backwards");
        assert_eq!(Clock::decode(&c.encode()), Some(c));
        assert_eq!(Clock::decode("1,2,3"), None);
        assert_eq!(Clock::decode("1,2,3,0,9"), None);
        c.to_real_time(67_000);
        assert_eq!(c.now(67_000), 76_000, "a clock ahead does not go back");
        assert_eq!(c.now(68_000), 77_000);
        let mut behind = Clock::real_time();
        behind.pause(1_000);
        behind.to_real_time(9_000);
        assert_eq!(behind.now(9_000), 9_000, "a clock behind catches up");
    }

    #[test]
    fn the_state_reads_as_words() {
        let en = Messages::english();
        let mut c = Clock::real_time();
        assert_eq!(c.describe(10_000, &en), "Clock: real time");
        c.pause(10_000);
        assert_eq!(c.describe(75_000, &en), "Clock paused, 1 min 5 s behind");
        c.resume(75_000);
        c.set_rate(75_000, FAST_RATE);
        c.jump(75_000, 3_600_000 + 120_000 + 65_000);
        assert_eq!(c.describe(75_000, &en), "Clock ×10, 1 h 2 min ahead");
        let (ru, _) = Messages::load(crate::i18n::Lang::Ru, include_str!("../../web/i18n/ru.ftl"));
        assert_ne!(
            c.describe(75_000, &ru),
            c.describe(75_000, &en),
            "in the interface's language"
        );
    }
}
