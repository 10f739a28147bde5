//! Pub/sub commands (Redis's pubsub.c): SUBSCRIBE, PSUBSCRIBE, their UNs, PUBLISH, PUBSUB.

use crate::client::ClientId;
use crate::engine::Engine;
use crate::exec::{CmdResult, Ctx};
use crate::glob;
use crate::reply::Reply;
use crate::table::flags::*;
use crate::table::{CommandSpec, NO_KEYS};

#[rustfmt::skip]
pub static COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        name: "subscribe", arity: -2, flags: PUBSUB | NOSCRIPT | LOADING | STALE, acl: "", keys: NO_KEYS,
        group: "pubsub", since: "2.0.0", handler: subscribe,
        summary: "Listen for messages published to the given channels",
        syntax: "channel [channel ...]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "unsubscribe", arity: -1, flags: PUBSUB | NOSCRIPT | LOADING | STALE, acl: "", keys: NO_KEYS,
        group: "pubsub", since: "2.0.0", handler: unsubscribe,
        summary: "Stop listening for messages posted to the given channels",
        syntax: "[channel [channel ...]]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "psubscribe", arity: -2, flags: PUBSUB | NOSCRIPT | LOADING | STALE, acl: "", keys: NO_KEYS,
        group: "pubsub", since: "2.0.0", handler: psubscribe,
        summary: "Listen for messages published to channels matching the given patterns",
        syntax: "pattern [pattern ...]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "punsubscribe", arity: -1, flags: PUBSUB | NOSCRIPT | LOADING | STALE, acl: "", keys: NO_KEYS,
        group: "pubsub", since: "2.0.0", handler: punsubscribe,
        summary: "Stop listening for messages posted to channels matching the given patterns",
        syntax: "[pattern [pattern ...]]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "publish", arity: 3, flags: PUBSUB | LOADING | STALE | FAST | MAY_REPLICATE, acl: "", keys: NO_KEYS,
        group: "pubsub", since: "2.0.0", handler: publish,
        summary: "Post a message to a channel",
        syntax: "channel message",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "pubsub", arity: -2, flags: 0, acl: "",
        group: "pubsub", since: "2.8.0", handler: crate::exec::container_without_subcommand,
        summary: "A container for Pub/Sub commands",
        subcommands: PUBSUB_SUBS,
        ..CommandSpec::DEFAULT
    },
];

#[rustfmt::skip]
static PUBSUB_SUBS: &[CommandSpec] = &[
    CommandSpec {
        name: "channels", arity: -2, flags: PUBSUB | LOADING | STALE, acl: "", keys: NO_KEYS,
        group: "pubsub", since: "2.8.0", handler: pubsub_channels,
        summary: "List active channels",
        syntax: "[pattern]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "numsub", arity: -2, flags: PUBSUB | LOADING | STALE, acl: "", keys: NO_KEYS,
        group: "pubsub", since: "2.8.0", handler: pubsub_numsub,
        summary: "Get the count of subscribers for channels",
        syntax: "[channel [channel ...]]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "numpat", arity: 2, flags: PUBSUB | LOADING | STALE, acl: "", keys: NO_KEYS,
        group: "pubsub", since: "2.8.0", handler: pubsub_numpat,
        summary: "Get the count of unique patterns pattern subscriptions",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "help", arity: 2, flags: LOADING | STALE, acl: "", keys: NO_KEYS,
        group: "pubsub", since: "6.2.0", handler: pubsub_help,
        summary: "Show helpful text about the different subcommands",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
];

fn confirmation(kind: &str, name: Option<&[u8]>, count: usize) -> Reply {
    Reply::Push(vec![
        Reply::bulk(kind),
        name.map_or(Reply::Null, Reply::bulk),
        Reply::Int(count as i64),
    ])
}

fn subscribe(ctx: &mut Ctx) -> CmdResult {
    for i in 1..ctx.argc() {
        let count = ctx.eng.subscribe(ctx.client, ctx.arg(i));
        ctx.reply(confirmation("subscribe", Some(ctx.arg(i)), count));
    }
    Ok(Reply::Null)
}

fn psubscribe(ctx: &mut Ctx) -> CmdResult {
    for i in 1..ctx.argc() {
        let count = ctx.eng.psubscribe(ctx.client, ctx.arg(i));
        ctx.reply(confirmation("psubscribe", Some(ctx.arg(i)), count));
    }
    Ok(Reply::Null)
}

/// UNSUBSCRIBE and PUNSUBSCRIBE: the names given, or every current one; with none
/// at all, one confirmation with a null name.
fn unsubscribe_generic(ctx: &mut Ctx, patterns: bool) -> CmdResult {
    let kind = if patterns { "punsubscribe" } else { "unsubscribe" };
    let names: Vec<Vec<u8>> = if ctx.argc() > 1 {
        ctx.argv[1..].to_vec()
    } else if patterns {
        ctx.client_ref().patterns.clone()
    } else {
        ctx.client_ref().channels.clone()
    };
    if names.is_empty() {
        let count = ctx.client_ref().subscriptions();
        ctx.reply(confirmation(kind, None, count));
    }
    for name in names {
        let count = if patterns {
            ctx.eng.punsubscribe(ctx.client, &name)
        } else {
            ctx.eng.unsubscribe(ctx.client, &name).0
        };
        ctx.reply(confirmation(kind, Some(&name), count));
    }
    Ok(Reply::Null)
}

fn unsubscribe(ctx: &mut Ctx) -> CmdResult {
    unsubscribe_generic(ctx, false)
}

fn punsubscribe(ctx: &mut Ctx) -> CmdResult {
    unsubscribe_generic(ctx, true)
}

fn publish(ctx: &mut Ctx) -> CmdResult {
    Ok(Reply::Int(ctx.eng.publish(ctx.arg(1), ctx.arg(2))))
}

fn pubsub_channels(ctx: &mut Ctx) -> CmdResult {
    if ctx.argc() > 3 {
        return Err(ctx.arity_error());
    }
    let pattern = ctx.argv.get(2);
    let names: Vec<Vec<u8>> = ctx
        .eng
        .pubsub
        .channels
        .keys()
        .filter(|ch| pattern.is_none_or(|p| glob::matches(p, ch, false)))
        .cloned()
        .collect();
    Ok(Reply::bulks(names))
}

fn pubsub_numsub(ctx: &mut Ctx) -> CmdResult {
    let mut out = Vec::new();
    for ch in &ctx.argv[2..] {
        let n = ctx.eng.pubsub.channels.get(ch).map_or(0, Vec::len);
        out.push(Reply::bulk(ch.clone()));
        out.push(Reply::Int(n as i64));
    }
    Ok(Reply::Array(out))
}

fn pubsub_numpat(ctx: &mut Ctx) -> CmdResult {
    Ok(Reply::Int(ctx.eng.pubsub.patterns.len() as i64))
}

fn pubsub_help(_ctx: &mut Ctx) -> CmdResult {
    Ok(crate::commands::server::help_for("pubsub", PUBSUB_SUBS))
}

/// Delivery, subscription bookkeeping on both sides (the registry and the client), and
/// keyspace notifications.
impl Engine {
    /// Delivers a message; returns how many clients received it.
    pub(crate) fn publish(&mut self, channel: &[u8], payload: &[u8]) -> i64 {
        let mut receivers = 0;
        if let Some(subs) = self.pubsub.channels.get(channel).cloned() {
            for id in subs {
                self.push(id, crate::pubsub::message("message", &[channel, payload]));
                receivers += 1;
            }
        }
        let patterns: Vec<(Vec<u8>, Vec<ClientId>)> = self
            .pubsub
            .patterns
            .iter()
            .filter(|(p, _)| crate::glob::matches(p, channel, false))
            .cloned()
            .collect();
        for (pattern, subs) in patterns {
            for id in subs {
                self.push(id, crate::pubsub::message("pmessage", &[&pattern, channel, payload]));
                receivers += 1;
            }
        }
        self.stats.pubsub_messages += 1;
        receivers
    }

    /// `notifyKeyspaceEvent`: observers always hear it; subscribers when configured.
    pub(crate) fn notify_keyspace_event(&mut self, class: u32, event: &'static str, key: &[u8], db: usize) {
        self.record_event(db, key, event);
        let flags = self.config.notify_flags;
        if flags & class == 0 {
            return;
        }
        if flags & crate::notify::KEYSPACE != 0 {
            let mut channel = format!("__keyspace@{db}__:").into_bytes();
            channel.extend_from_slice(key);
            self.publish(&channel, event.as_bytes());
        }
        if flags & crate::notify::KEYEVENT != 0 {
            let channel = format!("__keyevent@{db}__:{event}").into_bytes();
            self.publish(&channel, key);
        }
    }

    pub(crate) fn subscribe(&mut self, id: ClientId, channel: &[u8]) -> usize {
        let Some(client) = self.clients.get_mut(&id) else {
            return 0;
        };
        if !client.channels.iter().any(|c| c == channel) {
            client.channels.push(channel.to_vec());
            self.pubsub.channels.entry(channel.to_vec()).or_default().push(id);
        }
        self.clients.get(&id).map_or(0, |c| c.subscriptions())
    }

    /// Returns the client's remaining subscription count, and whether it was subscribed.
    pub(crate) fn unsubscribe(&mut self, id: ClientId, channel: &[u8]) -> (usize, bool) {
        let Some(client) = self.clients.get_mut(&id) else {
            return (0, false);
        };
        let was = client.channels.iter().position(|c| c == channel);
        if let Some(i) = was {
            client.channels.remove(i);
            if let Some(subs) = self.pubsub.channels.get_mut(channel) {
                subs.retain(|&c| c != id);
                if subs.is_empty() {
                    self.pubsub.channels.remove(channel);
                }
            }
        }
        (self.clients.get(&id).map_or(0, |c| c.subscriptions()), was.is_some())
    }

    pub(crate) fn psubscribe(&mut self, id: ClientId, pattern: &[u8]) -> usize {
        let Some(client) = self.clients.get_mut(&id) else {
            return 0;
        };
        if !client.patterns.iter().any(|p| p == pattern) {
            client.patterns.push(pattern.to_vec());
            match self.pubsub.patterns.iter_mut().find(|(p, _)| p == pattern) {
                Some((_, subs)) => subs.push(id),
                None => self.pubsub.patterns.push((pattern.to_vec(), vec![id])),
            }
        }
        self.clients.get(&id).map_or(0, |c| c.subscriptions())
    }

    pub(crate) fn punsubscribe(&mut self, id: ClientId, pattern: &[u8]) -> usize {
        let Some(client) = self.clients.get_mut(&id) else {
            return 0;
        };
        if let Some(i) = client.patterns.iter().position(|p| p == pattern) {
            client.patterns.remove(i);
            if let Some(pos) = self.pubsub.patterns.iter().position(|(p, _)| p == pattern) {
                self.pubsub.patterns[pos].1.retain(|&c| c != id);
                if self.pubsub.patterns[pos].1.is_empty() {
                    self.pubsub.patterns.remove(pos);
                }
            }
        }
        self.clients.get(&id).map_or(0, |c| c.subscriptions())
    }

    /// Drops every subscription of a client (disconnect, RESET).
    pub(crate) fn pubsub_forget(&mut self, id: ClientId) {
        let (channels, patterns) = match self.clients.get(&id) {
            Some(c) => (c.channels.clone(), c.patterns.clone()),
            None => return,
        };
        for ch in channels {
            self.unsubscribe(id, &ch);
        }
        for p in patterns {
            self.punsubscribe(id, &p);
        }
    }
}
