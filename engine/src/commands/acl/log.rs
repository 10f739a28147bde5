//! The ACL log (acl.c's `addACLLogEntry` and ACL LOG): denied commands, keys, channels
//! and failed authentications, newest first, similar events within a minute grouped.

use std::collections::VecDeque;

use super::check::Denied;
use crate::client::ClientId;
use crate::engine::Engine;
use crate::reply::Reply;

/// `ACL_LOG_GROUPING_MAX_TIME_DELTA`.
const GROUPING_MS: i64 = 60_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    Command,
    Key,
    Channel,
    Auth,
}

impl From<Denied> for Reason {
    fn from(d: Denied) -> Reason {
        match d {
            Denied::Command => Reason::Command,
            Denied::Key => Reason::Key,
            Denied::Channel => Reason::Channel,
        }
    }
}

#[derive(Clone, Debug)]
pub struct LogEntry {
    pub count: u64,
    pub reason: Reason,
    /// In a transaction (`multi`) or not (`toplevel`).
    pub multi: bool,
    pub object: Vec<u8>,
    pub username: Vec<u8>,
    pub ctime: i64,
    pub client_info: String,
}

impl LogEntry {
    fn similar(&self, other: &LogEntry) -> bool {
        self.reason == other.reason
            && self.multi == other.multi
            && (self.ctime - other.ctime).abs() <= GROUPING_MS
            && self.object == other.object
            && self.username == other.username
    }

    pub fn reply(&self, now: i64) -> Reply {
        let reason = match self.reason {
            Reason::Command => "command",
            Reason::Key => "key",
            Reason::Channel => "channel",
            Reason::Auth => "auth",
        };
        let age = (now - self.ctime) as f64 / 1000.0;
        Reply::Map(vec![
            (Reply::bulk("count"), Reply::Int(self.count as i64)),
            (Reply::bulk("reason"), Reply::bulk(reason)),
            (
                Reply::bulk("context"),
                Reply::bulk(if self.multi { "multi" } else { "toplevel" }),
            ),
            (Reply::bulk("object"), Reply::bulk(self.object.clone())),
            (Reply::bulk("username"), Reply::bulk(self.username.clone())),
            (Reply::bulk("age-seconds"), Reply::double(age)),
            (Reply::bulk("client-info"), Reply::bulk(self.client_info.clone())),
        ])
    }
}

impl Engine {
    /// `addACLLogEntry`: `username` defaults to the client's user, `object` is what was
    /// denied (the command's full name, the key or channel, AUTH's command name).
    pub(crate) fn acl_log(&mut self, id: ClientId, reason: Reason, object: Vec<u8>, username: Option<Vec<u8>>) {
        let Some(client) = self.clients.get(&id) else { return };
        let multi = client.multi.is_some() || self.in_exec;
        let username = username.unwrap_or_else(|| client.user.clone().unwrap_or_default());
        let entry = LogEntry {
            count: 1,
            reason,
            multi,
            object,
            username,
            ctime: self.now,
            client_info: crate::commands::client::info_line(self, id),
        };
        let max = self.config.int("acllog-max-len").max(0) as usize;
        let log = &mut self.acl.log;
        if let Some(pos) = log.iter().take(10).position(|e| e.similar(&entry)) {
            if let Some(mut found) = log.remove(pos) {
                found.client_info = entry.client_info;
                found.ctime = entry.ctime;
                found.count += 1;
                log.push_front(found);
            }
            return;
        }
        log.push_front(entry);
        log.truncate(max);
    }
}

pub type Log = VecDeque<LogEntry>;
