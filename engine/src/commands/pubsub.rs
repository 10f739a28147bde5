//! Pub/sub commands (Redis's pubsub.c): SUBSCRIBE, PSUBSCRIBE, their UNs, PUBLISH, the
//! sharded ones (SSUBSCRIBE, SUNSUBSCRIBE, SPUBLISH: standalone, so one shard), PUBSUB.
//!
//! Confirmations and messages are pushes: they reach the client whatever CLIENT REPLY
//! says, as Redis's `CLIENT_PUSHING` makes them.

use crate::client::ClientId;
use crate::engine::Engine;
use crate::exec::{CmdResult, Ctx};
use crate::glob;
use crate::reply::Reply;
use crate::table::flags::*;
use crate::table::{CommandSpec, KeyPos, KeySpec, NO_KEYS};

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
        name: "ssubscribe", arity: -2, flags: PUBSUB | NOSCRIPT | LOADING | STALE, acl: "", keys: KeyPos::range(1, -1, 1),
        key_specs: &[KeySpec::range(1, -1, 1, 0, "NOT_KEY")],
        group: "pubsub", since: "7.0.0", handler: ssubscribe,
        summary: "Listen for messages published to the given shard channels",
        syntax: "shardchannel [shardchannel ...]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "sunsubscribe", arity: -1, flags: PUBSUB | NOSCRIPT | LOADING | STALE, acl: "", keys: KeyPos::range(1, -1, 1),
        key_specs: &[KeySpec::range(1, -1, 1, 0, "NOT_KEY")],
        group: "pubsub", since: "7.0.0", handler: sunsubscribe,
        summary: "Stop listening for messages posted to the given shard channels",
        syntax: "[shardchannel [shardchannel ...]]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "spublish", arity: 3, flags: PUBSUB | LOADING | STALE | FAST | MAY_REPLICATE, acl: "", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "NOT_KEY")],
        group: "pubsub", since: "7.0.0", handler: spublish,
        summary: "Post a message to a shard channel",
        syntax: "shardchannel message",
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
        name: "shardchannels", arity: -2, flags: PUBSUB | LOADING | STALE, acl: "", keys: NO_KEYS,
        group: "pubsub", since: "7.0.0", handler: pubsub_shardchannels,
        summary: "List active shard channels",
        syntax: "[pattern]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "shardnumsub", arity: -2, flags: PUBSUB | LOADING | STALE, acl: "", keys: NO_KEYS,
        group: "pubsub", since: "7.0.0", handler: pubsub_shardnumsub,
        summary: "Get the count of subscribers for shard channels",
        syntax: "[shardchannel [shardchannel ...]]",
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
        ctx.push_reply(confirmation("subscribe", Some(ctx.arg(i)), count));
    }
    Ok(Reply::Null)
}

fn psubscribe(ctx: &mut Ctx) -> CmdResult {
    for i in 1..ctx.argc() {
        let count = ctx.eng.psubscribe(ctx.client, ctx.arg(i));
        ctx.push_reply(confirmation("psubscribe", Some(ctx.arg(i)), count));
    }
    Ok(Reply::Null)
}

/// SSUBSCRIBE: counts only shard channels; refused where a reply per command is
/// expected (inside EXEC), unlike SUBSCRIBE.
fn ssubscribe(ctx: &mut Ctx) -> CmdResult {
    if !ctx.can_block {
        return Err(Reply::err("ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client"));
    }
    for i in 1..ctx.argc() {
        let count = ctx.eng.ssubscribe(ctx.client, ctx.arg(i));
        ctx.push_reply(confirmation("ssubscribe", Some(ctx.arg(i)), count));
    }
    Ok(Reply::Null)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Channel,
    Pattern,
    Shard,
}

/// UNSUBSCRIBE, PUNSUBSCRIBE and SUNSUBSCRIBE: the names given, or every current one;
/// with none at all, one confirmation with a null name.
fn unsubscribe_generic(ctx: &mut Ctx, kind: Kind) -> CmdResult {
    let word = match kind {
        Kind::Channel => "unsubscribe",
        Kind::Pattern => "punsubscribe",
        Kind::Shard => "sunsubscribe",
    };
    let names: Vec<Vec<u8>> = if ctx.argc() > 1 {
        ctx.argv[1..].to_vec()
    } else {
        let c = ctx.client_ref();
        match kind {
            Kind::Channel => c.channels.clone(),
            Kind::Pattern => c.patterns.clone(),
            Kind::Shard => c.shard_channels.clone(),
        }
    };
    let count_now = |ctx: &Ctx| {
        let c = ctx.client_ref();
        if kind == Kind::Shard {
            c.shard_channels.len()
        } else {
            c.subscriptions()
        }
    };
    if names.is_empty() {
        let count = count_now(ctx);
        ctx.push_reply(confirmation(word, None, count));
    }
    for name in names {
        match kind {
            Kind::Channel => {
                ctx.eng.unsubscribe(ctx.client, &name);
            }
            Kind::Pattern => {
                ctx.eng.punsubscribe(ctx.client, &name);
            }
            Kind::Shard => ctx.eng.sunsubscribe(ctx.client, &name),
        }
        let count = count_now(ctx);
        ctx.push_reply(confirmation(word, Some(&name), count));
    }
    Ok(Reply::Null)
}

fn unsubscribe(ctx: &mut Ctx) -> CmdResult {
    unsubscribe_generic(ctx, Kind::Channel)
}

fn punsubscribe(ctx: &mut Ctx) -> CmdResult {
    unsubscribe_generic(ctx, Kind::Pattern)
}

fn sunsubscribe(ctx: &mut Ctx) -> CmdResult {
    unsubscribe_generic(ctx, Kind::Shard)
}

fn publish(ctx: &mut Ctx) -> CmdResult {
    Ok(Reply::Int(ctx.eng.publish(ctx.arg(1), ctx.arg(2))))
}

/// SPUBLISH: `smessage` to the shard channel's subscribers; patterns never match.
fn spublish(ctx: &mut Ctx) -> CmdResult {
    let (channel, payload) = (ctx.arg(1), ctx.arg(2));
    let subs = ctx.eng.pubsub.shard_channels.get(channel).cloned().unwrap_or_default();
    for &id in &subs {
        ctx.eng
            .push(id, crate::pubsub::message("smessage", &[channel, payload]));
    }
    Ok(Reply::Int(subs.len() as i64))
}

fn channel_list<'a>(names: impl Iterator<Item = &'a Vec<u8>>, pattern: Option<&Vec<u8>>) -> Reply {
    let names: Vec<Vec<u8>> = names
        .filter(|ch| pattern.is_none_or(|p| glob::matches(p, ch, false)))
        .cloned()
        .collect();
    Reply::bulks(names)
}

fn pubsub_channels(ctx: &mut Ctx) -> CmdResult {
    if ctx.argc() > 3 {
        return Err(crate::commands::client::subcommand_syntax_error(ctx));
    }
    Ok(channel_list(ctx.eng.pubsub.channels.keys(), ctx.argv.get(2)))
}

fn pubsub_shardchannels(ctx: &mut Ctx) -> CmdResult {
    if ctx.argc() > 3 {
        return Err(crate::commands::client::subcommand_syntax_error(ctx));
    }
    Ok(channel_list(ctx.eng.pubsub.shard_channels.keys(), ctx.argv.get(2)))
}

fn numsub(ctx: &Ctx, registry: &std::collections::HashMap<Vec<u8>, Vec<ClientId>>) -> Reply {
    let mut out = Vec::new();
    for ch in &ctx.argv[2..] {
        let n = registry.get(ch).map_or(0, Vec::len);
        out.push(Reply::bulk(ch.clone()));
        out.push(Reply::Int(n as i64));
    }
    Reply::Array(out)
}

fn pubsub_numsub(ctx: &mut Ctx) -> CmdResult {
    Ok(numsub(ctx, &ctx.eng.pubsub.channels))
}

fn pubsub_shardnumsub(ctx: &mut Ctx) -> CmdResult {
    Ok(numsub(ctx, &ctx.eng.pubsub.shard_channels))
}

fn pubsub_numpat(ctx: &mut Ctx) -> CmdResult {
    Ok(Reply::Int(ctx.eng.pubsub.patterns.len() as i64))
}

fn pubsub_help(ctx: &mut Ctx) -> CmdResult {
    Ok(crate::commands::help_reply(
        ctx.arg(0),
        &[
            "CHANNELS [<pattern>]",
            "    Return the currently active channels matching a <pattern> (default: '*').",
            "NUMPAT",
            "    Return number of subscriptions to patterns.",
            "NUMSUB [<channel> ...]",
            "    Return the number of subscribers for the specified channels, excluding",
            "    pattern subscriptions(default: no channels).",
            "SHARDCHANNELS [<pattern>]",
            "    Return the currently active shard level channels matching a <pattern> (default: '*').",
            "SHARDNUMSUB [<shardchannel> ...]",
            "    Return the number of subscribers for the specified shard level channel(s)",
        ],
    ))
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

    /// Returns the client's shard channel count.
    pub(crate) fn ssubscribe(&mut self, id: ClientId, channel: &[u8]) -> usize {
        let Some(client) = self.clients.get_mut(&id) else {
            return 0;
        };
        if !client.shard_channels.iter().any(|c| c == channel) {
            client.shard_channels.push(channel.to_vec());
            self.pubsub.shard_channels.entry(channel.to_vec()).or_default().push(id);
        }
        self.clients.get(&id).map_or(0, |c| c.shard_channels.len())
    }

    pub(crate) fn sunsubscribe(&mut self, id: ClientId, channel: &[u8]) {
        let Some(client) = self.clients.get_mut(&id) else {
            return;
        };
        if let Some(i) = client.shard_channels.iter().position(|c| c == channel) {
            client.shard_channels.remove(i);
            if let Some(subs) = self.pubsub.shard_channels.get_mut(channel) {
                subs.retain(|&c| c != id);
                if subs.is_empty() {
                    self.pubsub.shard_channels.remove(channel);
                }
            }
        }
    }

    /// Drops every subscription of a client (disconnect, RESET).
    pub(crate) fn pubsub_forget(&mut self, id: ClientId) {
        let (channels, patterns, shard) = match self.clients.get(&id) {
            Some(c) => (c.channels.clone(), c.patterns.clone(), c.shard_channels.clone()),
            None => return,
        };
        for ch in channels {
            self.unsubscribe(id, &ch);
        }
        for p in patterns {
            self.punsubscribe(id, &p);
        }
        for ch in shard {
            self.sunsubscribe(id, &ch);
        }
    }
}
