//! LATENCY (latency.c): events whose duration reached `latency-monitor-threshold`
//! (`command`, `fast-command`, `command-unblocking`, `expire-cycle`,
//! `eviction-cycle`, `eviction-del`), kept as Redis keeps them (160 samples per event,
//! one per second, the worst of that second), the doctor's report, the ASCII graph;
//! and the per-command latency histograms of LATENCY HISTOGRAM (hdr_histogram,
//! 1 ns to 1 s, two significant figures, reported in powers of two from 1024 ns).

use crate::engine::Engine;
use crate::exec::{CmdResult, Ctx};
use crate::reply::Reply;

/// Redis's `LATENCY_TS_LEN`.
const TS_LEN: usize = 160;

/// One event's time series (`struct latencyTimeSeries`).
#[derive(Clone, Debug)]
pub struct LatencySeries {
    idx: usize,
    max: u64,
    /// (Unix seconds, milliseconds); a time of 0 is an empty slot.
    samples: [(i64, u64); TS_LEN],
}

impl Default for LatencySeries {
    fn default() -> Self {
        LatencySeries {
            idx: 0,
            max: 0,
            samples: [(0, 0); TS_LEN],
        }
    }
}

impl LatencySeries {
    /// `latencyAddSample`: one sample per second, the worst of that second.
    fn add(&mut self, now_s: i64, latency: u64) {
        self.max = self.max.max(latency);
        let prev = (self.idx + TS_LEN - 1) % TS_LEN;
        if self.samples[prev].0 == now_s {
            self.samples[prev].1 = self.samples[prev].1.max(latency);
            return;
        }
        self.samples[self.idx] = (now_s, latency);
        self.idx = (self.idx + 1) % TS_LEN;
    }

    /// The samples, oldest first.
    fn in_order(&self) -> impl Iterator<Item = (i64, u64)> + '_ {
        (0..TS_LEN)
            .map(move |j| self.samples[(self.idx + j) % TS_LEN])
            .filter(|s| s.0 != 0)
    }
}

impl Engine {
    /// INFO latencystats: each command's percentiles (`latency-tracking-info-percentiles`)
    /// in microseconds.
    pub(crate) fn latency_percentiles(&self) -> String {
        let percentiles: Vec<f64> = self
            .config
            .get("latency-tracking-info-percentiles")
            .unwrap_or("")
            .split_whitespace()
            .filter_map(|p| p.parse().ok())
            .collect();
        let mut out = String::new();
        let mut line = |name: &str| {
            let Some(h) = self.intro.histogram(name) else {
                return;
            };
            out.push_str(&format!("latency_percentiles_usec_{name}:"));
            let fields: Vec<String> = percentiles
                .iter()
                .map(|&p| {
                    // `%f`, trailing zeros trimmed.
                    let label = format!("{p:.6}");
                    let label = label.trim_end_matches('0').trim_end_matches('.');
                    format!("p{label}={:.3}", h.value_at_percentile(p) as f64 / 1000.0)
                })
                .collect();
            out.push_str(&fields.join(","));
            out.push_str("\r\n");
        };
        for spec in crate::table::all() {
            line(spec.name);
            for sub in spec.subcommands {
                line(crate::table::full_name(Some(spec), sub));
            }
        }
        out
    }

    /// `latencyAddSampleIfNeeded`: records `ms` for `event` when the monitor is on and
    /// the duration reached its threshold.
    pub(crate) fn latency_sample_if_needed(&mut self, event: &str, ms: u64) {
        let threshold = self.config.latency_monitor_threshold();
        if threshold == 0 || (ms as i64) < threshold {
            return;
        }
        let now_s = self.now.div_euclid(1000);
        let series = match self.intro.latency.iter().position(|(e, _)| e == event) {
            Some(i) => &mut self.intro.latency[i].1,
            None => {
                self.intro.latency.push((event.to_string(), LatencySeries::default()));
                let last = self.intro.latency.len() - 1;
                &mut self.intro.latency[last].1
            }
        };
        series.add(now_s, ms);
    }

    /// Times `work` on the host's clock and records it as `event` (Redis's
    /// `latencyStartMonitor`/`latencyEndMonitor` pairs).
    pub(crate) fn monitor_latency<R>(&mut self, event: &str, work: impl FnOnce(&mut Engine) -> R) -> R {
        let start = self.intro.clock();
        let result = work(self);
        if let (Some(start), Some(end)) = (start, self.intro.clock()) {
            self.latency_sample_if_needed(event, end.saturating_sub(start) / 1000);
        }
        result
    }
}

pub(super) fn help(_ctx: &mut Ctx) -> CmdResult {
    Ok(crate::commands::server::help_lines(
        "LATENCY",
        &[
            "DOCTOR",
            "    Return a human readable latency analysis report.",
            "GRAPH <event>",
            "    Return an ASCII latency graph for the <event> class.",
            "HISTORY <event>",
            "    Return time-latency samples for the <event> class.",
            "LATEST",
            "    Return the latest latency samples for all events.",
            "RESET [<event> ...]",
            "    Reset latency data of one or more <event> classes.",
            "    (default: reset all data for all event classes)",
            "HISTOGRAM [COMMAND ...]",
            "    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.",
            "    If no commands are specified then all histograms are replied.",
        ],
    ))
}

fn series<'a>(ctx: &'a Ctx, event: &[u8]) -> Option<(&'a str, &'a LatencySeries)> {
    ctx.eng
        .intro
        .latency
        .iter()
        .find(|(e, _)| e.as_bytes() == event)
        .map(|(e, s)| (e.as_str(), s))
}

pub(super) fn history(ctx: &mut Ctx) -> CmdResult {
    let samples = series(ctx, ctx.arg(2)).map_or_else(Vec::new, |(_, s)| {
        s.in_order()
            .map(|(t, l)| Reply::Array(vec![Reply::Int(t), Reply::Int(l as i64)]))
            .collect()
    });
    Ok(Reply::Array(samples))
}

pub(super) fn latest(ctx: &mut Ctx) -> CmdResult {
    let events = ctx
        .eng
        .intro
        .latency
        .iter()
        .map(|(event, s)| {
            let last = s.samples[(s.idx + TS_LEN - 1) % TS_LEN];
            Reply::Array(vec![
                Reply::bulk(event.as_bytes()),
                Reply::Int(last.0),
                Reply::Int(last.1 as i64),
                Reply::Int(s.max as i64),
            ])
        })
        .collect();
    Ok(Reply::Array(events))
}

pub(super) fn reset(ctx: &mut Ctx) -> CmdResult {
    let before = ctx.eng.intro.latency.len();
    if ctx.argc() == 2 {
        ctx.eng.intro.latency.clear();
        return Ok(Reply::Int(before as i64));
    }
    let mut resets = 0;
    for i in 2..ctx.argc() {
        let name = ctx.arg(i).to_vec();
        let had = ctx.eng.intro.latency.len();
        ctx.eng
            .intro
            .latency
            .retain(|(e, _)| !e.as_bytes().eq_ignore_ascii_case(&name));
        resets += had - ctx.eng.intro.latency.len();
    }
    Ok(Reply::Int(resets as i64))
}

pub(super) fn graph(ctx: &mut Ctx) -> CmdResult {
    let Some((event, s)) = series(ctx, ctx.arg(2)) else {
        return Err(Reply::err(format!(
            "ERR No samples available for event '{}'",
            String::from_utf8_lossy(ctx.arg(2))
        )));
    };
    let now_s = ctx.now.div_euclid(1000);
    let mut samples = Vec::new();
    let (mut min, mut max) = (0, 0);
    for (time, latency) in s.in_order() {
        if samples.is_empty() {
            (min, max) = (latency, latency);
        } else {
            max = max.max(latency);
            min = min.min(latency);
        }
        let elapsed = now_s - time;
        let label = if elapsed < 60 {
            format!("{elapsed}s")
        } else if elapsed < 3600 {
            format!("{}m", elapsed / 60)
        } else if elapsed < 3600 * 24 {
            format!("{}h", elapsed / 3600)
        } else {
            format!("{}d", elapsed / (3600 * 24))
        };
        samples.push((latency as f64, label));
    }
    let mut out = format!("{event} - high {max} ms, low {min} ms (all time high {} ms)\n", s.max);
    out.push_str(&"-".repeat(80));
    out.push('\n');
    out.push_str(&sparkline(&samples, 80, 4));
    Ok(Reply::Verbatim("txt", out.into_bytes()))
}

/// sparkline.c's `sparklineRender` with `SPARKLINE_FILL`: `rows` rows of `_o#|`
/// characters, then each sample's label written vertically below a blank line.
fn sparkline(samples: &[(f64, String)], columns: usize, rows: usize) -> String {
    const CHARSET_FILL: &[u8] = b"_o#";
    let charset_len = CHARSET_FILL.len() as i64;
    let (mut min, mut max) = (0.0f64, 0.0f64);
    for (i, (v, _)) in samples.iter().enumerate() {
        if i == 0 {
            (min, max) = (*v, *v);
        } else if *v < min {
            min = *v;
        } else if *v > max {
            max = *v;
        }
    }
    let mut relmax = max - min;
    if relmax == 0.0 {
        relmax = 1.0;
    }
    let steps = charset_len * rows as i64;
    let has_labels = samples.iter().any(|(_, l)| !l.is_empty());
    let mut out = String::new();
    for (chunk_no, chunk) in samples.chunks(columns).enumerate() {
        if chunk_no != 0 {
            out.push('\n');
        }
        let mut row = 0usize;
        loop {
            let mut more = false;
            let mut chars = vec![b' '; chunk.len()];
            for (j, (value, label)) in chunk.iter().enumerate() {
                let relval = value - min;
                let mut step = (((relval * steps as f64) as i64) as f64 / relmax) as i64;
                step = step.clamp(0, steps - 1);
                if row < rows {
                    let charidx = step - ((rows - row - 1) as i64 * charset_len);
                    more = true;
                    if (0..charset_len).contains(&charidx) {
                        chars[j] = CHARSET_FILL[charidx as usize];
                    } else if charidx >= charset_len {
                        chars[j] = b'|';
                    }
                } else {
                    if has_labels && row - rows < 1 {
                        more = true;
                        break;
                    }
                    let label_char = row - rows - 1;
                    if let Some(&c) = label.as_bytes().get(label_char) {
                        more = true;
                        chars[j] = c;
                    }
                }
            }
            if !more {
                break;
            }
            row += 1;
            out.push_str(&String::from_utf8_lossy(&chars));
            out.push('\n');
        }
    }
    out
}

pub(super) fn doctor(ctx: &mut Ctx) -> CmdResult {
    Ok(Reply::Verbatim("txt", doctor_report(ctx.eng).into_bytes()))
}

/// `createLatencyReport`, for the events the engine records.
fn doctor_report(eng: &Engine) -> String {
    let threshold = eng.config.latency_monitor_threshold();
    if eng.intro.latency.is_empty() && threshold == 0 {
        return "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it. If we weren't in a deep space mission I'd suggest to take a look at https://redis.io/topics/latency-monitor.\n".into();
    }
    let now_s = eng.now.div_euclid(1000);
    let slower_than = eng.config.slowlog_log_slower_than();
    let mut report = String::new();
    let mut advices = 0;
    let (mut slowlog_enabled, mut slowlog_tuning, mut slowlog_inspect) = (false, false, false);
    let (mut scheduler, mut hz, mut large_objects, mut mass_eviction) = (false, false, false, false);
    for (n, (event, s)) in eng.intro.latency.iter().enumerate() {
        if n == 0 {
            report.push_str("Dave, I have observed latency spikes in this Redis instance. You don't mind talking about it, do you Dave?\n\n");
        }
        // analyzeLatencyForEvent
        let values: Vec<(i64, u64)> = s.in_order().collect();
        let count = values.len() as u64;
        let sum: u64 = values.iter().map(|v| v.1).sum();
        let avg = sum.checked_div(count).unwrap_or(0);
        let mad = values
            .iter()
            .map(|v| (avg as i64 - v.1 as i64).unsigned_abs())
            .sum::<u64>()
            .checked_div(count)
            .unwrap_or(0);
        let mut period = values.iter().map(|v| v.0).min().map_or(0, |oldest| now_s - oldest);
        if count > 0 && period == 0 {
            period = 1;
        }
        report.push_str(&format!(
            "{}. {}: {} latency spikes (average {}ms, mean deviation {}ms, period {:.2} sec). Worst all time event {}ms.",
            n + 1,
            event,
            count,
            avg,
            mad,
            period as f64 / count as f64,
            s.max
        ));
        match event.to_ascii_lowercase().as_str() {
            "command" => {
                if slower_than < 0 {
                    slowlog_enabled = true;
                    advices += 1;
                } else if slower_than / 1000 > threshold {
                    slowlog_tuning = true;
                    advices += 1;
                }
                slowlog_inspect = true;
                large_objects = true;
                advices += 2;
            }
            "fast-command" => {
                scheduler = true;
                advices += 1;
            }
            "expire-cycle" => {
                hz = true;
                large_objects = true;
                advices += 2;
            }
            "eviction-del" => {
                large_objects = true;
                advices += 1;
            }
            "eviction-cycle" => {
                mass_eviction = true;
                advices += 1;
            }
            _ => {}
        }
        report.push('\n');
    }
    let events = eng.intro.latency.len();
    if events == 0 && advices == 0 {
        report.push_str("Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest bit. I honestly think you ought to sit down calmly, take a stress pill, and think things over.\n");
    } else if events > 0 && advices == 0 {
        report.push_str("\nWhile there are latency events logged, I'm not able to suggest any easy fix. Please use the Redis community to get some help, providing this report in your help request.\n");
    } else {
        report.push_str("\nI have a few advices for you:\n\n");
        if slowlog_enabled {
            report.push_str(&format!("- There are latency issues with potentially slow commands you are using. Try to enable the Slow Log Redis feature using the command 'CONFIG SET slowlog-log-slower-than {}'. If the Slow log is disabled Redis is not able to log slow commands execution for you.\n", threshold as u64 * 1000));
        }
        if slowlog_tuning {
            report.push_str(&format!("- Your current Slow Log configuration only logs events that are slower than your configured latency monitor threshold. Please use 'CONFIG SET slowlog-log-slower-than {}'.\n", threshold as u64 * 1000));
        }
        if slowlog_inspect {
            report.push_str("- Check your Slow Log to understand what are the commands you are running which are too slow to execute. Please check https://redis.io/commands/slowlog for more information.\n");
        }
        if scheduler {
            report.push_str("- The system is slow to execute Redis code paths not containing system calls. This usually means the system does not provide Redis CPU time to run for long periods. You should try to:\n  1) Lower the system load.\n  2) Use a computer / VM just for Redis if you are running other software in the same system.\n  3) Check if you have a \"noisy neighbour\" problem.\n  4) Check with 'redis-cli --intrinsic-latency 100' what is the intrinsic latency in your system.\n  5) Check if the problem is allocator-related by recompiling Redis with MALLOC=libc, if you are using Jemalloc. However this may create fragmentation problems.\n");
        }
        if hz && eng.config.int("hz") < 100 {
            report.push_str("- In order to make the Redis keys expiring process more incremental, try to set the 'hz' configuration parameter to 100 using 'CONFIG SET hz 100'.\n");
        }
        if large_objects {
            report.push_str("- Deleting, expiring or evicting (because of maxmemory policy) large objects is a blocking operation. If you have very large objects that are often deleted, expired, or evicted, try to fragment those objects into multiple smaller objects.\n");
        }
        if mass_eviction {
            report.push_str("- Sudden changes to the 'maxmemory' setting via 'CONFIG SET', or allocation of large objects via sets or sorted sets intersections, STORE option of SORT, Redis Cluster large keys migrations (RESTORE command), may create sudden memory pressure forcing the server to block trying to evict keys. \n");
        }
    }
    report
}

/// A command's latency histogram: Redis's hdr_histogram with 1 ns resolution up to
/// 1 s and two significant figures (256 sub-buckets, 23 buckets), kept sparse.
#[derive(Clone, Debug, Default)]
pub struct Histogram {
    /// Counts by hdr_histogram index, up to the largest index recorded.
    counts: Vec<u64>,
    total: u64,
}

const SUB_BUCKET_HALF_COUNT_MAGNITUDE: i32 = 7;
const SUB_BUCKET_HALF_COUNT: i32 = 128;
const SUB_BUCKET_MASK: i64 = 255;
const COUNTS_LEN: i32 = 24 * 128;

fn bucket_index(value: i64) -> i32 {
    let pow2ceiling = 64 - (value | SUB_BUCKET_MASK).leading_zeros() as i32;
    pow2ceiling - (SUB_BUCKET_HALF_COUNT_MAGNITUDE + 1)
}

fn counts_index_for(value: i64) -> i32 {
    let bucket = bucket_index(value);
    let sub = (value >> bucket) as i32;
    ((bucket + 1) << SUB_BUCKET_HALF_COUNT_MAGNITUDE) + sub - SUB_BUCKET_HALF_COUNT
}

fn value_at_index(index: i32) -> i64 {
    let mut bucket = (index >> SUB_BUCKET_HALF_COUNT_MAGNITUDE) - 1;
    let mut sub = (index & (SUB_BUCKET_HALF_COUNT - 1)) + SUB_BUCKET_HALF_COUNT;
    if bucket < 0 {
        sub -= SUB_BUCKET_HALF_COUNT;
        bucket = 0;
    }
    i64::from(sub) << bucket
}

fn highest_equivalent(value: i64) -> i64 {
    let bucket = bucket_index(value);
    let sub = (value >> bucket) as i32;
    let lowest = i64::from(sub) << bucket;
    let adjusted = if sub >= 2 * SUB_BUCKET_HALF_COUNT {
        bucket + 1
    } else {
        bucket
    };
    lowest + (1i64 << adjusted) - 1
}

impl Histogram {
    /// Records a duration in nanoseconds, clamped to 1 ns..1 s as Redis does.
    pub fn record(&mut self, nanos: u64) {
        let value = (nanos as i64).clamp(1, 1_000_000_000);
        let index = counts_index_for(value) as usize;
        if index >= self.counts.len() {
            self.counts.resize(index + 1, 0);
        }
        self.counts[index] += 1;
        self.total += 1;
    }

    /// `fillCommandCDF`: the cumulative count at each power of two from 1024 ns where
    /// it grew (hdr_iter_log with base 2), keyed by microseconds.
    fn cdf(&self) -> Vec<(i64, u64)> {
        let mut out = Vec::new();
        let mut level: i64 = 1024;
        let mut previous = 0;
        loop {
            // The iterator stops at the first index at or above the level's lowest
            // equivalent value (or at the last index).
            let index = counts_index_for(level).min(COUNTS_LEN - 1);
            let cumulative: u64 = self.counts.iter().take(index as usize + 1).sum();
            if cumulative > previous {
                out.push((highest_equivalent(value_at_index(index)) / 1000, cumulative));
            }
            previous = cumulative;
            if cumulative >= self.total || index == COUNTS_LEN - 1 {
                return out;
            }
            level *= 2;
        }
    }

    /// `hdr_value_at_percentile`: the top of the bucket where the cumulative count
    /// reaches the percentile's share of the calls, in nanoseconds.
    fn value_at_percentile(&self, percentile: f64) -> i64 {
        let requested = percentile.min(100.0);
        let wanted = ((requested / 100.0 * self.total as f64 + 0.5) as u64).max(1);
        let mut seen = 0;
        let index = self.counts.iter().position(|&count| {
            seen += count;
            seen >= wanted
        });
        let value = index.map_or(0, |i| value_at_index(i as i32));
        if percentile == 0.0 {
            let bucket = bucket_index(value);
            (value >> bucket) << bucket
        } else {
            highest_equivalent(value)
        }
    }

    fn reply(&self) -> Reply {
        Reply::Map(vec![
            (Reply::bulk("calls"), Reply::Int(self.total as i64)),
            (
                Reply::bulk("histogram_usec"),
                Reply::Map(
                    self.cdf()
                        .into_iter()
                        .map(|(us, n)| (Reply::Int(us), Reply::Int(n as i64)))
                        .collect(),
                ),
            ),
        ])
    }
}

pub(super) fn histogram(ctx: &mut Ctx) -> CmdResult {
    let intro = &ctx.eng.intro;
    let entry = |name: &str| intro.histogram(name).map(|h| (Reply::bulk(name), h.reply()));
    let mut out = Vec::new();
    if ctx.argc() == 2 {
        for spec in crate::table::all() {
            out.extend(entry(spec.name));
            for sub in spec.subcommands {
                out.extend(entry(crate::table::full_name(Some(spec), sub)));
            }
        }
    } else {
        for i in 2..ctx.argc() {
            let name = String::from_utf8_lossy(ctx.arg(i)).to_ascii_lowercase();
            let found = match name.split_once('|') {
                Some((parent, sub)) => crate::table::lookup(parent.as_bytes())
                    .and_then(|p| p.subcommand(sub.as_bytes()).map(|s| (Some(p), s))),
                None => crate::table::lookup(name.as_bytes()).map(|s| (None, s)),
            };
            let Some((parent, spec)) = found else { continue };
            out.extend(entry(crate::table::full_name(parent, spec)));
            for sub in spec.subcommands {
                out.extend(entry(crate::table::full_name(Some(spec), sub)));
            }
        }
    }
    Ok(Reply::Map(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_buckets_follow_hdr_histogram() {
        assert_eq!(counts_index_for(1), 1);
        assert_eq!(counts_index_for(255), 255);
        assert_eq!(highest_equivalent(1024), 1031);
        assert_eq!(highest_equivalent(2048), 2063);
        let mut h = Histogram::default();
        for ns in [0, 500, 1500, 1500, 3000, 9000] {
            h.record(ns);
        }
        assert_eq!(h.cdf(), vec![(1, 2), (2, 4), (4, 5), (16, 6)]);
    }

    #[test]
    fn series_keeps_the_worst_sample_of_each_second() {
        let mut s = LatencySeries::default();
        s.add(100, 5);
        s.add(100, 3);
        s.add(100, 9);
        s.add(101, 1);
        assert_eq!(s.in_order().collect::<Vec<_>>(), vec![(100, 9), (101, 1)]);
        assert_eq!(s.max, 9);
    }

    #[test]
    fn sparkline_fills_under_the_curve_and_writes_labels_downwards() {
        let samples = vec![(1.0, "2s".to_string()), (5.0, "1s".to_string())];
        assert_eq!(sparkline(&samples, 80, 4), " #\n |\n |\n_|\n  \n21\nss\n");
    }
}
