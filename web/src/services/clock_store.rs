//! The playground's clock, kept per keyspace in localStorage: a reload reads the same
//! time (a clock ahead stays ahead, a paused one stays paused).

use keyspace_playground::clock::Clock;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn storage_key(instance: &str) -> String {
    format!("keyspace-clock:{instance}")
}

/// The clock a keyspace kept, if any.
pub fn load(instance: &str) -> Option<Clock> {
    Clock::decode(&storage()?.get_item(&storage_key(instance)).ok()??)
}

/// Keeps the clock (best effort: a private window may refuse).
pub fn save(instance: &str, clock: &Clock) {
    if let Some(s) = storage() {
        let _ = s.set_item(&storage_key(instance), &clock.encode());
    }
}
