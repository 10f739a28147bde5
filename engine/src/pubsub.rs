//! The pub/sub registry: who listens to which channel and pattern, in subscription
//! order, and the shape of a message. Delivery and keyspace notifications are
//! `commands/pubsub.rs`'s (they reach the clients), as in Redis's pubsub.c.

use std::collections::HashMap;

use crate::client::ClientId;
use crate::reply::Reply;

#[derive(Default)]
pub struct PubSub {
    /// Subscribers per channel, in subscription order.
    pub channels: HashMap<Vec<u8>, Vec<ClientId>>,
    /// Subscribers per pattern, patterns in first-subscription order.
    pub patterns: Vec<(Vec<u8>, Vec<ClientId>)>,
    /// Subscribers per shard channel (SSUBSCRIBE), in subscription order.
    pub shard_channels: HashMap<Vec<u8>, Vec<ClientId>>,
}

pub(crate) fn message(kind: &str, parts: &[&[u8]]) -> Reply {
    let mut items = vec![Reply::bulk(kind)];
    items.extend(parts.iter().map(|p| Reply::bulk(p.to_vec())));
    Reply::Push(items)
}
