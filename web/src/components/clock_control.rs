//! The clock control above the inspector: pause time, run it ten times faster, jump
//! ahead, or go back to real time. It moves the playground's clock (the time its
//! engine sees: TTLs, active expiry, blocking time-outs), which is kept per keyspace
//! in localStorage so a reload reads the same time, and shared with the other pages
//! of the same playground. The clock itself is `keyspace_playground::clock`.

use keyspace_playground::clock::{Clock, FAST_RATE};
use yew::prelude::*;

use crate::hooks::use_playground;
use crate::services::clock_store;
use crate::services::playground::now_ms;

#[derive(Properties, PartialEq)]
pub struct ClockControlProps {
    /// Where the keyspace is kept (the clock is kept beside it); None: in memory.
    pub instance: Option<AttrValue>,
    /// Real time (the clock's reading is computed from it).
    pub now: i64,
    /// The clock as it is: a change re-renders the control at once.
    pub clock: Clock,
}

#[function_component(ClockControl)]
pub fn clock_control(props: &ClockControlProps) -> Html {
    let pg = use_playground();
    let clock = props.clock;
    let change = |f: fn(&mut Clock, i64)| {
        let (pg, instance) = (pg.clone(), props.instance.clone());
        Callback::from(move |_: MouseEvent| {
            let real = now_ms();
            let mut clock = pg.read().clock;
            f(&mut clock, real);
            pg.update(|p| p.set_clock(clock, real));
            if let Some(instance) = &instance {
                clock_store::save(instance, &clock);
            }
        })
    };
    let paused = clock.paused();
    let fast = clock.rate() > 1;
    html! {
        <div class="clock" role="group" aria-label="Clock">
            <span class="clock-state" role="status" aria-label="Clock state">{ clock.describe(props.now) }</span>
            if paused {
                <button onclick={change(|c, r| c.resume(r))} title="Let time run again" aria-label="Resume the clock">{ "Resume" }</button>
            } else {
                <button onclick={change(|c, r| c.pause(r))} title="Stop time: TTLs stand still" aria-label="Pause the clock">{ "Pause" }</button>
            }
            <button aria-pressed={fast.to_string()} onclick={if fast { change(|c, r| c.set_rate(r, 1)) } else { change(|c, r| c.set_rate(r, FAST_RATE)) }}
                title="Run time ten times faster" aria-label={format!("×{FAST_RATE}, ten times faster")}>{ format!("×{FAST_RATE}") }</button>
            <button onclick={change(|c, r| c.jump(r, 10_000))} title="Move time 10 seconds ahead" aria-label="+10 s, forward 10 seconds">{ "+10 s" }</button>
            <button onclick={change(|c, r| c.jump(r, 60_000))} title="Move time a minute ahead" aria-label="+1 min, forward 1 minute">{ "+1 min" }</button>
            if !clock.is_real_time(props.now) {
                <button onclick={change(|c, r| c.to_real_time(r))} title="Back to the real clock (never backwards: a clock ahead stays ahead)" aria-label="Real time">{ "Real time" }</button>
            }
        </div>
    }
}
