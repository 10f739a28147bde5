//! Client-side caching (Redis's tracking.c): CLIENT TRACKING, CACHING, GETREDIR,
//! TRACKINGINFO, and the invalidation messages: a RESP3 push `invalidate` on the same
//! connection, or, redirected, to a client in RESP3 or one subscribed (RESP2) to
//! `__redis__:invalidate`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::client::{ClientId, Tracking};
use crate::engine::Engine;
use crate::exec::{CmdResult, Ctx};
use crate::reply::Reply;
use crate::table::CommandSpec;

const CHANNEL: &[u8] = b"__redis__:invalidate";

#[derive(Default)]
pub struct TrackingState {
    /// Which clients may hold which key (keys of every database: tracking ignores them).
    pub table: HashMap<Vec<u8>, BTreeSet<ClientId>>,
    /// BCAST prefixes: their clients, and the keys changed since the last broadcast
    /// with the client that changed each last (for NOLOOP).
    pub prefixes: BTreeMap<Vec<u8>, Bcast>,
    /// Invalidations for the running client, sent after its reply (None: all keys).
    pub pending: Vec<Option<Vec<u8>>>,
    /// How many clients have tracking on.
    pub clients: usize,
}

#[derive(Default)]
pub struct Bcast {
    pub clients: BTreeSet<ClientId>,
    pub keys: BTreeMap<Vec<u8>, Option<ClientId>>,
}

fn err(message: &str) -> Reply {
    Reply::Error(format!("ERR {message}"))
}

/// CLIENT TRACKING ON|OFF [REDIRECT id] [BCAST] [PREFIX p ...] [OPTIN] [OPTOUT] [NOLOOP].
pub(super) fn client_tracking(ctx: &mut Ctx) -> CmdResult {
    let mut redirect = 0i64;
    let (mut bcast, mut optin, mut optout, mut noloop) = (false, false, false, false);
    let mut prefixes: Vec<Vec<u8>> = Vec::new();
    let mut j = 3;
    while j < ctx.argc() {
        let more = ctx.argc() - 1 - j;
        if ctx.is(j, "redirect") && more > 0 {
            j += 1;
            if redirect != 0 {
                return Err(err("A client can only redirect to a single other client"));
            }
            redirect = ctx.int_arg(j)?;
            if u64::try_from(redirect)
                .ok()
                .and_then(|id| ctx.eng.clients.get(&id))
                .is_none_or(|c| c.killed)
            {
                return Err(err("The client ID you want redirect to does not exist"));
            }
        } else if ctx.is(j, "bcast") {
            bcast = true;
        } else if ctx.is(j, "optin") {
            optin = true;
        } else if ctx.is(j, "optout") {
            optout = true;
        } else if ctx.is(j, "noloop") {
            noloop = true;
        } else if ctx.is(j, "prefix") && more > 0 {
            j += 1;
            prefixes.push(ctx.arg(j).to_vec());
        } else {
            return Err(Reply::syntax_error());
        }
        j += 1;
    }
    if ctx.is(2, "off") {
        ctx.eng.disable_tracking(ctx.client);
        return Ok(Reply::ok());
    }
    if !ctx.is(2, "on") {
        return Err(Reply::syntax_error());
    }
    if !bcast && !prefixes.is_empty() {
        return Err(err("PREFIX option requires BCAST mode to be enabled"));
    }
    let current = ctx.client_ref().tracking.clone();
    if current.on && current.bcast != bcast {
        return Err(err("You can't switch BCAST mode on/off before disabling tracking for this client, and then re-enabling it with a different mode."));
    }
    if bcast && (optin || optout) {
        return Err(err("OPTIN and OPTOUT are not compatible with BCAST"));
    }
    if optin && optout {
        return Err(err("You can't specify both OPTIN mode and OPTOUT mode"));
    }
    if (optin && current.optout) || (optout && current.optin) {
        return Err(err("You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then re-enabling it with a different mode."));
    }
    if bcast {
        check_prefix_collisions(&current.prefixes, &prefixes)?;
    }
    ctx.eng
        .enable_tracking(ctx.client, redirect as u64, bcast, optin, optout, noloop, &prefixes);
    Ok(Reply::ok())
}

/// Whether two prefixes would invalidate the same key (one starts the other).
fn overlap(a: &[u8], b: &[u8]) -> bool {
    let n = a.len().min(b.len());
    a[..n] == b[..n]
}

/// `checkPrefixCollisionsOrReply`.
fn check_prefix_collisions(existing: &[Vec<u8>], new: &[Vec<u8>]) -> Result<(), Reply> {
    for (i, p) in new.iter().enumerate() {
        if let Some(e) = existing.iter().find(|e| overlap(e, p)) {
            return Err(err(&format!(
                "Prefix '{}' overlaps with an existing prefix '{}'. Prefixes for a single client must not overlap.",
                String::from_utf8_lossy(p),
                String::from_utf8_lossy(e)
            )));
        }
        if let Some(q) = new[i + 1..].iter().find(|q| overlap(p, q)) {
            return Err(err(&format!(
                "Prefix '{}' overlaps with another provided prefix '{}'. Prefixes for a single client must not overlap.",
                String::from_utf8_lossy(p),
                String::from_utf8_lossy(q)
            )));
        }
    }
    Ok(())
}

/// CLIENT CACHING YES|NO: the next command's keys are tracked (OPTIN) or not (OPTOUT).
pub(super) fn client_caching(ctx: &mut Ctx) -> CmdResult {
    let t = ctx.client_ref().tracking.clone();
    if !t.on {
        return Err(err(
            "CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled",
        ));
    }
    if ctx.is(2, "yes") {
        if !t.optin {
            return Err(err(
                "CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.",
            ));
        }
    } else if ctx.is(2, "no") {
        if !t.optout {
            return Err(err(
                "CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.",
            ));
        }
    } else {
        return Err(Reply::syntax_error());
    }
    ctx.client_mut().tracking.caching = true;
    Ok(Reply::ok())
}

pub(super) fn client_getredir(ctx: &mut Ctx) -> CmdResult {
    let t = &ctx.client_ref().tracking;
    Ok(Reply::Int(if t.on { t.redirect as i64 } else { -1 }))
}

pub(super) fn client_trackinginfo(ctx: &mut Ctx) -> CmdResult {
    let t = &ctx.client_ref().tracking;
    let mut flags = vec![if t.on { "on" } else { "off" }];
    if t.bcast {
        flags.push("bcast");
    }
    if t.optin {
        flags.push("optin");
        if t.caching {
            flags.push("caching-yes");
        }
    }
    if t.optout {
        flags.push("optout");
        if t.caching {
            flags.push("caching-no");
        }
    }
    if t.noloop {
        flags.push("noloop");
    }
    if t.broken_redirect {
        flags.push("broken_redirect");
    }
    Ok(Reply::Map(vec![
        (
            Reply::bulk("flags"),
            Reply::Set(flags.into_iter().map(Reply::bulk).collect()),
        ),
        (
            Reply::bulk("redirect"),
            Reply::Int(if t.on { t.redirect as i64 } else { -1 }),
        ),
        (Reply::bulk("prefixes"), Reply::bulks(t.prefixes.to_vec())),
    ]))
}

impl Engine {
    /// `enableTracking`.
    #[allow(clippy::too_many_arguments)]
    fn enable_tracking(
        &mut self,
        id: ClientId,
        redirect: u64,
        bcast: bool,
        optin: bool,
        optout: bool,
        noloop: bool,
        prefixes: &[Vec<u8>],
    ) {
        let Some(c) = self.clients.get_mut(&id) else { return };
        if !c.tracking.on {
            self.tracking.clients += 1;
        }
        let kept_prefixes = std::mem::take(&mut c.tracking.prefixes);
        let caching = c.tracking.caching;
        c.tracking = Tracking {
            on: true,
            bcast,
            optin,
            optout,
            noloop,
            caching,
            broken_redirect: false,
            redirect,
            prefixes: kept_prefixes,
        };
        if bcast {
            let wanted: Vec<Vec<u8>> = if prefixes.is_empty() {
                vec![Vec::new()]
            } else {
                prefixes.to_vec()
            };
            for p in wanted {
                let state = self.tracking.prefixes.entry(p.clone()).or_default();
                if state.clients.insert(id) {
                    if let Some(c) = self.clients.get_mut(&id) {
                        if let Err(at) = c.tracking.prefixes.binary_search(&p) {
                            c.tracking.prefixes.insert(at, p);
                        }
                    }
                }
            }
        }
    }

    /// `disableTracking`: off, out of its BCAST prefixes (the key table forgets it lazily).
    pub(crate) fn disable_tracking(&mut self, id: ClientId) {
        let Some(c) = self.clients.get_mut(&id) else { return };
        if c.tracking.bcast {
            for p in std::mem::take(&mut c.tracking.prefixes) {
                if let Some(state) = self.tracking.prefixes.get_mut(&p) {
                    state.clients.remove(&id);
                    if state.clients.is_empty() {
                        self.tracking.prefixes.remove(&p);
                    }
                }
            }
        }
        if c.tracking.on {
            self.tracking.clients -= 1;
            c.tracking = Tracking::default();
        }
    }

    /// `trackingRememberKeys`, after a read-only command of a tracking client (not BCAST):
    /// unless OPTIN without CACHING yes, or OPTOUT with CACHING no.
    pub(crate) fn remember_tracked_keys(&mut self, id: ClientId, spec: &CommandSpec, argv: &[Vec<u8>]) {
        let Some(c) = self.clients.get(&id) else { return };
        let t = &c.tracking;
        if !t.on || t.bcast || (t.optin && !t.caching) || (t.optout && t.caching) {
            return;
        }
        for pos in spec.key_positions(argv) {
            self.tracking.table.entry(argv[pos].clone()).or_default().insert(id);
        }
    }

    /// `trackingInvalidateKey`, from every change to a key (`signalModifiedKey`).
    pub(crate) fn invalidate_tracked_key(&mut self, key: &[u8]) {
        if self.tracking.clients == 0 && self.tracking.table.is_empty() && self.tracking.prefixes.is_empty() {
            return;
        }
        let current = self.current_client;
        for (prefix, state) in self.tracking.prefixes.iter_mut() {
            if key.starts_with(prefix) {
                state.keys.insert(key.to_vec(), current);
            }
        }
        let Some(ids) = self.tracking.table.remove(key) else {
            return;
        };
        for target in ids {
            let Some(c) = self.clients.get(&target) else { continue };
            if !c.tracking.on || c.tracking.bcast {
                continue;
            }
            if Some(target) == current {
                if !c.tracking.noloop {
                    self.tracking.pending.push(Some(key.to_vec()));
                }
                continue;
            }
            self.send_tracking_message(target, Reply::Array(vec![Reply::bulk(key)]));
        }
    }

    /// `trackingInvalidateKeysOnFlush`: every tracking client hears "all keys" (a null).
    pub(crate) fn invalidate_all_tracked(&mut self) {
        if self.tracking.clients > 0 {
            let targets: Vec<ClientId> = self.clients.values().filter(|c| c.tracking.on).map(|c| c.id).collect();
            for target in targets {
                if Some(target) == self.current_client {
                    self.tracking.pending.push(None);
                } else {
                    self.send_tracking_message(target, Reply::Null);
                }
            }
        }
        self.tracking.table.clear();
    }

    /// The running client's own invalidations, after its reply (`trackingHandlePendingKeyInvalidations`).
    pub(crate) fn send_pending_invalidations(&mut self) {
        if self.tracking.pending.is_empty() {
            return;
        }
        let Some(id) = self.current_client else {
            self.tracking.pending.clear();
            return;
        };
        for key in std::mem::take(&mut self.tracking.pending) {
            let keys = match key {
                Some(k) => Reply::Array(vec![Reply::bulk(k)]),
                None => Reply::Null,
            };
            self.send_tracking_message(id, keys);
        }
    }

    /// `trackingBroadcastInvalidationMessages`: the keys changed under each BCAST prefix,
    /// one message per client (without its own changes under NOLOOP).
    pub(crate) fn broadcast_invalidations(&mut self) {
        if self.tracking.prefixes.values().all(|s| s.keys.is_empty()) {
            return;
        }
        let mut messages = Vec::new();
        for state in self.tracking.prefixes.values_mut() {
            let keys = std::mem::take(&mut state.keys);
            if keys.is_empty() {
                continue;
            }
            for &client in &state.clients {
                messages.push((client, keys.clone()));
            }
        }
        for (client, keys) in messages {
            let noloop = self.clients.get(&client).is_some_and(|c| c.tracking.noloop);
            let list: Vec<Reply> = keys
                .iter()
                .filter(|(_, by)| !(noloop && **by == Some(client)))
                .map(|(k, _)| Reply::bulk(k.clone()))
                .collect();
            if !list.is_empty() {
                self.send_tracking_message(client, Reply::Array(list));
            }
        }
    }

    /// `sendTrackingMessage`: to the client, or where it redirects; a redirect to a gone
    /// client is broken (RESP3 hears `tracking-redir-broken`); a RESP2 connection hears
    /// invalidations only redirected, as a message on `__redis__:invalidate` to a subscriber.
    fn send_tracking_message(&mut self, id: ClientId, keys: Reply) {
        let Some(c) = self.clients.get(&id) else { return };
        let mut target = id;
        let mut redirected = false;
        if c.tracking.redirect != 0 {
            let redirect = c.tracking.redirect;
            let alive = self.clients.get(&redirect).is_some_and(|r| !r.killed);
            if !alive {
                let resp = c.resp;
                if let Some(c) = self.clients.get_mut(&id) {
                    c.tracking.broken_redirect = true;
                }
                if resp > 2 {
                    self.push(
                        id,
                        Reply::Push(vec![Reply::bulk("tracking-redir-broken"), Reply::Int(redirect as i64)]),
                    );
                }
                return;
            }
            target = redirect;
            redirected = true;
        }
        let Some(t) = self.clients.get(&target) else { return };
        if t.resp > 2 {
            self.push(target, Reply::Push(vec![Reply::bulk("invalidate"), keys]));
        } else if redirected && t.in_pubsub_mode() {
            self.push(
                target,
                Reply::Push(vec![Reply::bulk("message"), Reply::bulk(CHANNEL), keys]),
            );
        }
    }
}
