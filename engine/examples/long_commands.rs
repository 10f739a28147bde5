//! Times the long command kinds at the size the browser's work limit still lets
//! through (see `keyspace_engine::budget`), natively. `cargo xtask bench` runs it and
//! the same measurement in the browser.
use std::time::Instant;

use keyspace_engine::budget::{measure_at_limit, BROWSER_WORK_LIMIT};

fn main() {
    let start = Instant::now();
    let mut clock = || start.elapsed().as_secs_f64() * 1000.0;
    println!("native, at the browser work limit ({BROWSER_WORK_LIMIT} units):");
    for m in measure_at_limit(BROWSER_WORK_LIMIT, &mut clock) {
        println!(
            "  {:<12} {:>10} {:<8}  {:>7.1} ms",
            m.command, m.count, m.unit, m.millis
        );
    }
}
