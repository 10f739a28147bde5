//! The clock control above the inspector: pause time, run it ten times faster, jump
//! ahead, or go back to real time. It moves the playground's clock (the time its
//! engine sees: TTLs, active expiry, blocking time-outs), which is kept per keyspace
//! in localStorage so a reload reads the same time, and shared with the other pages
//! of the same playground. The clock itself is `keyspace_playground::clock`.

use keyspace_playground::clock::{Clock, FAST_RATE};
use keyspace_playground::tr;
use yew::prelude::*;

use crate::hooks::{use_messages, use_playground};
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
    let t = use_messages();
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
        <div class="clock" role="group" aria-label={tr!(t, "clock-group")}>
            <span class="clock-state" role="status" aria-label={tr!(t, "clock-state")}>{ clock.describe(props.now, &t) }</span>
            if paused {
                <button onclick={change(|c, r| c.resume(r))} title={tr!(t, "clock-resume-title")} aria-label={tr!(t, "clock-resume-label")}>{ tr!(t, "clock-resume") }</button>
            } else {
                <button onclick={change(|c, r| c.pause(r))} title={tr!(t, "clock-pause-title")} aria-label={tr!(t, "clock-pause-label")}>{ tr!(t, "clock-pause") }</button>
            }
            <button aria-pressed={fast.to_string()} onclick={if fast { change(|c, r| c.set_rate(r, 1)) } else { change(|c, r| c.set_rate(r, FAST_RATE)) }}
                title={tr!(t, "clock-fast-title")} aria-label={tr!(t, "clock-fast-label", rate = FAST_RATE)}>{ format!("×{FAST_RATE}") }</button>
            <button onclick={change(|c, r| c.jump(r, 10_000))} title={tr!(t, "clock-plus-10s-title")} aria-label={tr!(t, "clock-plus-10s-label")}>{ tr!(t, "clock-plus-10s") }</button>
            <button onclick={change(|c, r| c.jump(r, 60_000))} title={tr!(t, "clock-plus-1min-title")} aria-label={tr!(t, "clock-plus-1min-label")}>{ tr!(t, "clock-plus-1min") }</button>
            if !clock.is_real_time(props.now) {
                <button onclick={change(|c, r| c.to_real_time(r))} title={tr!(t, "clock-real-title")} aria-label={tr!(t, "clock-real")}>{ tr!(t, "clock-real") }</button>
            }
        </div>
    }
}
