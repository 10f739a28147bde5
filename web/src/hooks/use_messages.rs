//! The interface's strings in the workspace's language (a context the `Workspace`
//! provides): `let t = use_messages();` then `tr!(t, "message-id", n = 3)`. The
//! catalogues are `web/i18n/<code>.ftl`; English is compiled in, another language is
//! fetched before the workspace first renders (`services::messages`).

use keyspace_playground::i18n::Messages;
use yew::prelude::*;

/// The enclosing workspace's messages (English outside one).
#[hook]
pub fn use_messages() -> Messages {
    use_context::<Messages>().unwrap_or_default()
}
