//! Pub/sub state and delivery, and keyspace notifications (`notify-keyspace-events`).

use std::collections::HashMap;

use crate::client::ClientId;
use crate::engine::Engine;
use crate::glob;
use crate::reply::Reply;

/// Keyspace notification classes, with the characters `notify-keyspace-events` uses.
pub mod notify {
    pub const KEYSPACE: u32 = 1 << 0; // K
    pub const KEYEVENT: u32 = 1 << 1; // E
    pub const GENERIC: u32 = 1 << 2; // g
    pub const STRING: u32 = 1 << 3; // $
    pub const LIST: u32 = 1 << 4; // l
    pub const SET: u32 = 1 << 5; // s
    pub const HASH: u32 = 1 << 6; // h
    pub const ZSET: u32 = 1 << 7; // z
    pub const EXPIRED: u32 = 1 << 8; // x
    pub const EVICTED: u32 = 1 << 9; // e
    pub const STREAM: u32 = 1 << 10; // t
    pub const KEY_MISS: u32 = 1 << 11; // m
    pub const MODULE: u32 = 1 << 13; // d
    pub const NEW: u32 = 1 << 14; // n
    pub const ALL: u32 = GENERIC | STRING | LIST | SET | HASH | ZSET | EXPIRED | EVICTED | STREAM | MODULE;

    /// Parses the class characters; None on an unknown one.
    pub fn parse_flags(text: &str) -> Option<u32> {
        let mut flags = 0;
        for c in text.chars() {
            flags |= match c {
                'A' => ALL,
                'g' => GENERIC,
                '$' => STRING,
                'l' => LIST,
                's' => SET,
                'h' => HASH,
                'z' => ZSET,
                'x' => EXPIRED,
                'e' => EVICTED,
                'K' => KEYSPACE,
                'E' => KEYEVENT,
                't' => STREAM,
                'm' => KEY_MISS,
                'd' => MODULE,
                'n' => NEW,
                _ => return None,
            };
        }
        Some(flags)
    }

    /// The canonical spelling CONFIG GET answers with.
    pub fn flags_to_string(flags: u32) -> String {
        let mut s = String::new();
        if flags & ALL == ALL {
            s.push('A');
        } else {
            for (bit, c) in [
                (GENERIC, 'g'),
                (STRING, '$'),
                (LIST, 'l'),
                (SET, 's'),
                (HASH, 'h'),
                (ZSET, 'z'),
                (EXPIRED, 'x'),
                (EVICTED, 'e'),
                (STREAM, 't'),
                (MODULE, 'd'),
                (NEW, 'n'),
            ] {
                if flags & bit != 0 {
                    s.push(c);
                }
            }
        }
        for (bit, c) in [(KEYSPACE, 'K'), (KEYEVENT, 'E'), (KEY_MISS, 'm')] {
            if flags & bit != 0 {
                s.push(c);
            }
        }
        s
    }
}

#[derive(Default)]
pub struct PubSub {
    /// Subscribers per channel, in subscription order.
    pub channels: HashMap<Vec<u8>, Vec<ClientId>>,
    /// Subscribers per pattern, patterns in first-subscription order.
    pub patterns: Vec<(Vec<u8>, Vec<ClientId>)>,
}

fn message(kind: &str, parts: &[&[u8]]) -> Reply {
    let mut items = vec![Reply::bulk(kind)];
    items.extend(parts.iter().map(|p| Reply::bulk(p.to_vec())));
    Reply::Push(items)
}

impl Engine {
    /// Delivers a message; returns how many clients received it.
    pub(crate) fn publish(&mut self, channel: &[u8], payload: &[u8]) -> i64 {
        let mut receivers = 0;
        if let Some(subs) = self.pubsub.channels.get(channel).cloned() {
            for id in subs {
                self.push(id, message("message", &[channel, payload]));
                receivers += 1;
            }
        }
        let patterns: Vec<(Vec<u8>, Vec<ClientId>)> = self
            .pubsub
            .patterns
            .iter()
            .filter(|(p, _)| glob::matches(p, channel, false))
            .cloned()
            .collect();
        for (pattern, subs) in patterns {
            for id in subs {
                self.push(id, message("pmessage", &[&pattern, channel, payload]));
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
        if flags & notify::KEYSPACE != 0 {
            let mut channel = format!("__keyspace@{db}__:").into_bytes();
            channel.extend_from_slice(key);
            self.publish(&channel, event.as_bytes());
        }
        if flags & notify::KEYEVENT != 0 {
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
