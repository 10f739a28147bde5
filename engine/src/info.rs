//! INFO: the sections and fields of Redis 7.0, in its order, with the engine's real
//! figures where it has them and Redis's idle values where a field has no meaning here
//! (forks, replication, CPU).

use std::fmt::Write;

use crate::engine::Engine;

const DEFAULT_SECTIONS: &[&str] = &[
    "server",
    "clients",
    "memory",
    "persistence",
    "stats",
    "replication",
    "cpu",
    "modules",
    "errorstats",
    "cluster",
    "keyspace",
];
const ALL_SECTIONS: &[&str] = &[
    "server",
    "clients",
    "memory",
    "persistence",
    "stats",
    "replication",
    "cpu",
    "modules",
    "commandstats",
    "errorstats",
    "latencystats",
    "cluster",
    "keyspace",
];

/// `used_memory_human` style: 1.50K, 2.00M...
pub fn human_bytes(n: u64) -> String {
    let n = n as f64;
    let units = [
        ("B", 1.0),
        ("K", 1024.0),
        ("M", 1024.0 * 1024.0),
        ("G", 1024.0 * 1024.0 * 1024.0),
    ];
    for (i, (unit, size)) in units.iter().enumerate() {
        if n < size * 1024.0 || i == units.len() - 1 {
            return if *unit == "B" {
                format!("{}B", n as u64)
            } else {
                format!("{:.2}{}", n / size, unit)
            };
        }
    }
    unreachable!()
}

pub fn render(eng: &Engine, now: i64, requested: &[String]) -> String {
    let wanted: Vec<&str> = if requested.is_empty() || requested.iter().any(|s| s == "default") {
        DEFAULT_SECTIONS.to_vec()
    } else if requested.iter().any(|s| s == "all" || s == "everything") {
        ALL_SECTIONS.to_vec()
    } else {
        ALL_SECTIONS
            .iter()
            .copied()
            .filter(|s| requested.iter().any(|r| r == s))
            .collect()
    };
    let mut out = String::new();
    for (i, section) in wanted.iter().enumerate() {
        if i > 0 {
            out.push_str("\r\n");
        }
        section_text(eng, now, section, &mut out);
    }
    out
}

fn line(out: &mut String, name: &str, value: impl std::fmt::Display) {
    let _ = write!(out, "{name}:{value}\r\n");
}

fn section_text(eng: &Engine, now: i64, section: &str, out: &mut String) {
    let visible = eng.clients.values().filter(|c| !c.internal);
    match section {
        "server" => {
            out.push_str("# Server\r\n");
            line(out, "redis_version", crate::REDIS_VERSION);
            line(out, "redis_git_sha1", "00000000");
            line(out, "redis_git_dirty", 0);
            line(out, "redis_build_id", "0");
            line(out, "redis_mode", "standalone");
            line(out, "os", &eng.host.os);
            line(out, "arch_bits", 64);
            line(out, "monotonic_clock", "POSIX clock_gettime");
            line(out, "multiplexing_api", "none");
            line(out, "atomicvar_api", "c11-builtin");
            line(out, "gcc_version", "0.0.0");
            line(out, "process_id", eng.host.process_id);
            line(out, "process_supervised", "no");
            line(out, "run_id", &eng.run_id);
            line(out, "tcp_port", eng.host.port);
            line(out, "server_time_usec", now.saturating_mul(1000));
            let uptime = (now - eng.start_ms).max(0) / 1000;
            line(out, "uptime_in_seconds", uptime);
            line(out, "uptime_in_days", uptime / 86400);
            line(out, "hz", eng.config.get("hz").unwrap_or("10"));
            line(out, "configured_hz", eng.config.get("hz").unwrap_or("10"));
            line(out, "lru_clock", (now / 1000) & ((1 << 24) - 1));
            line(out, "executable", &eng.host.name);
            line(out, "config_file", "");
            line(out, "io_threads_active", 0);
        }
        "clients" => {
            out.push_str("# Clients\r\n");
            let clients: Vec<_> = visible.collect();
            line(out, "connected_clients", clients.len());
            line(out, "cluster_connections", 0);
            line(out, "maxclients", eng.config.get("maxclients").unwrap_or("10000"));
            line(out, "client_recent_max_input_buffer", 20480);
            line(out, "client_recent_max_output_buffer", 0);
            line(
                out,
                "blocked_clients",
                clients
                    .iter()
                    .filter(|c| c.blocked.is_some() || c.postponed.is_some())
                    .count(),
            );
            line(out, "tracking_clients", eng.tracking.clients);
            line(
                out,
                "clients_in_timeout_table",
                clients
                    .iter()
                    .filter(|c| c.blocked.as_ref().is_some_and(|b| b.deadline.is_some()))
                    .count(),
            );
        }
        "memory" => {
            out.push_str("# Memory\r\n");
            let used = eng.used_memory();
            let max = eng.config.maxmemory();
            line(out, "used_memory", used);
            line(out, "used_memory_human", human_bytes(used));
            line(out, "used_memory_rss", used);
            line(out, "used_memory_rss_human", human_bytes(used));
            let peak = eng.intro.peak_memory.max(used);
            line(out, "used_memory_peak", peak);
            line(out, "used_memory_peak_human", human_bytes(peak));
            line(
                out,
                "used_memory_peak_perc",
                format!("{:.2}%", used as f32 * 100.0 / peak as f32),
            );
            line(out, "used_memory_overhead", 850_000);
            line(out, "used_memory_startup", 850_000);
            line(out, "used_memory_dataset", used.saturating_sub(850_000));
            line(
                out,
                "used_memory_dataset_perc",
                format!("{:.2}%", used.saturating_sub(850_000) as f64 * 100.0 / used as f64),
            );
            let s = eng.script_memory();
            line(out, "used_memory_lua", s.vm_eval);
            line(out, "used_memory_vm_eval", s.vm_eval);
            line(out, "used_memory_lua_human", human_bytes(s.vm_eval));
            line(out, "used_memory_scripts_eval", s.scripts_eval);
            line(out, "number_of_cached_scripts", s.cached_scripts);
            line(out, "number_of_functions", s.functions);
            line(out, "number_of_libraries", s.libraries);
            line(out, "used_memory_vm_functions", s.vm_functions);
            line(out, "used_memory_vm_total", s.vm_eval + s.vm_functions);
            line(
                out,
                "used_memory_vm_total_human",
                human_bytes(s.vm_eval + s.vm_functions),
            );
            line(out, "used_memory_functions", s.functions_bytes);
            line(out, "used_memory_scripts", s.scripts_eval + s.functions_bytes);
            line(
                out,
                "used_memory_scripts_human",
                human_bytes(s.scripts_eval + s.functions_bytes),
            );
            line(out, "maxmemory", max);
            line(out, "maxmemory_human", human_bytes(max));
            line(out, "maxmemory_policy", eng.config.maxmemory_policy());
            line(out, "mem_fragmentation_ratio", "1.00");
            line(out, "mem_allocator", "rust");
            line(out, "lazyfree_pending_objects", 0);
        }
        "persistence" => {
            out.push_str("# Persistence\r\n");
            let rdb = &eng.rdb;
            let now_s = eng.now.div_euclid(1000);
            line(out, "loading", 0);
            line(out, "async_loading", 0);
            line(out, "current_cow_peak", 0);
            line(out, "current_cow_size", 0);
            line(out, "current_cow_size_age", 0);
            line(out, "current_fork_perc", "0.00");
            line(out, "current_save_keys_processed", 0);
            line(out, "current_save_keys_total", 0);
            line(out, "rdb_changes_since_last_save", eng.dirty);
            line(out, "rdb_bgsave_in_progress", rdb.bgsave_started.is_some() as u8);
            line(out, "rdb_last_save_time", rdb.lastsave);
            line(
                out,
                "rdb_last_bgsave_status",
                if rdb.last_bgsave_ok { "ok" } else { "err" },
            );
            line(out, "rdb_last_bgsave_time_sec", rdb.last_bgsave_time);
            line(
                out,
                "rdb_current_bgsave_time_sec",
                rdb.bgsave_started.map_or(-1, |start| now_s - start),
            );
            line(out, "rdb_saves", rdb.saves);
            line(out, "rdb_last_cow_size", 0);
            line(out, "rdb_last_load_keys_expired", rdb.last_load_keys_expired);
            line(out, "rdb_last_load_keys_loaded", rdb.last_load_keys_loaded);
            let aof = &eng.aof_status;
            line(
                out,
                "aof_enabled",
                (aof.enabled || eng.config.get("appendonly") == Some("yes")) as u8,
            );
            line(out, "aof_rewrite_in_progress", eng.aof_rewrite_requested as u8);
            line(out, "aof_rewrite_scheduled", 0);
            line(out, "aof_last_rewrite_time_sec", -1);
            line(out, "aof_current_rewrite_time_sec", -1);
            line(out, "aof_last_bgrewrite_status", "ok");
            line(out, "aof_rewrites", aof.rewrites);
            line(out, "aof_rewrites_consecutive_failures", 0);
            line(
                out,
                "aof_last_write_status",
                if aof.last_write_error.is_some() { "err" } else { "ok" },
            );
            line(out, "aof_last_cow_size", 0);
            line(out, "module_fork_in_progress", 0);
            line(out, "module_fork_last_cow_size", 0);
            if aof.enabled {
                line(out, "aof_current_size", aof.current_size);
                line(out, "aof_base_size", aof.base_size);
                line(out, "aof_pending_rewrite", 0);
                line(out, "aof_buffer_length", 0);
                line(out, "aof_pending_bio_fsync", 0);
                line(out, "aof_delayed_fsync", 0);
            }
        }
        "stats" => {
            let s = &eng.stats;
            out.push_str("# Stats\r\n");
            line(out, "total_connections_received", s.connections_received);
            line(out, "total_commands_processed", s.commands_processed);
            line(out, "instantaneous_ops_per_sec", 0);
            line(out, "rejected_connections", 0);
            line(out, "expired_keys", s.expired_keys);
            line(out, "evicted_keys", s.evicted_keys);
            line(out, "keyspace_hits", s.keyspace_hits);
            line(out, "keyspace_misses", s.keyspace_misses);
            line(out, "pubsub_channels", eng.pubsub.channels.len());
            line(out, "pubsub_patterns", eng.pubsub.patterns.len());
            line(out, "pubsubshard_channels", eng.pubsub.shard_channels.len());
            line(out, "total_forks", eng.rdb.forks);
            line(out, "total_error_replies", s.error_replies.values().sum::<u64>());
            line(out, "total_reads_processed", s.commands_processed);
            line(out, "total_writes_processed", s.commands_processed);
        }
        "replication" => {
            out.push_str("# Replication\r\n");
            for (name, value) in eng.replication_info() {
                line(out, name, value);
            }
        }
        "cpu" => {
            out.push_str("# CPU\r\n");
            line(out, "used_cpu_sys", "0.000000");
            line(out, "used_cpu_user", "0.000000");
        }
        "modules" => out.push_str("# Modules\r\n"),
        "commandstats" => {
            out.push_str("# Commandstats\r\n");
            let mut stats: Vec<_> = eng.stats.per_command.values().collect();
            stats.sort_by_key(|(name, _)| *name);
            for (name, st) in stats {
                let _ = write!(
                    out,
                    "cmdstat_{name}:calls={},usec={},usec_per_call={:.2},rejected_calls={},failed_calls={}\r\n",
                    st.calls,
                    st.usec,
                    if st.calls == 0 {
                        0.0
                    } else {
                        st.usec as f32 / st.calls as f32
                    },
                    st.rejected,
                    st.failed
                );
            }
        }
        "errorstats" => {
            out.push_str("# Errorstats\r\n");
            for (prefix, count) in &eng.stats.error_replies {
                let _ = write!(out, "errorstat_{prefix}:count={count}\r\n");
            }
        }
        "latencystats" => {
            out.push_str("# Latencystats\r\n");
            if eng.config.latency_tracking() {
                out.push_str(&eng.latency_percentiles());
            }
        }
        "cluster" => {
            out.push_str("# Cluster\r\n");
            line(out, "cluster_enabled", 0);
        }
        "keyspace" => {
            out.push_str("# Keyspace\r\n");
            for (i, db) in eng.dbs.iter().enumerate() {
                if !db.is_empty() {
                    let _ = write!(
                        out,
                        "db{i}:keys={},expires={},avg_ttl={}\r\n",
                        db.len(),
                        db.expires.len(),
                        db.avg_ttl
                    );
                }
            }
        }
        _ => {}
    }
}
