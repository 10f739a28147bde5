//! ACL users and their selectors (acl.c's `user` and `aclSelector`), and the rule
//! grammar of ACL SETUSER (`ACLSetUser`, `ACLSetSelector`) with Redis's error texts.

use std::collections::BTreeMap;

use super::registry::{registry, CATEGORIES};

pub const READ: u8 = 1;
pub const WRITE: u8 = 2;
pub const ALL: u8 = READ | WRITE;

/// A key pattern with the access it grants (`~p`, `%R~p`, `%W~p`, `%RW~p`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyPattern {
    pub flags: u8,
    pub pattern: Vec<u8>,
}

impl KeyPattern {
    /// `sdsCatPatternString`.
    pub fn describe(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(match self.flags {
            READ => b"%R~".as_slice(),
            WRITE => b"%W~",
            _ => b"~",
        });
        out.extend_from_slice(&self.pattern);
    }
}

#[derive(Clone, Debug)]
pub struct Selector {
    pub root: bool,
    pub all_keys: bool,
    pub all_channels: bool,
    pub all_commands: bool,
    /// One bit per command id, and the "future commands" bit last.
    pub allowed: Vec<u64>,
    /// First arguments allowed for a command whose bit is off (`+select|0`).
    pub firstargs: BTreeMap<usize, Vec<Vec<u8>>>,
    pub patterns: Vec<KeyPattern>,
    pub channels: Vec<Vec<u8>>,
}

/// Why a rule was refused (Redis sets errno; `ACLSetUserStringError` words it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleError {
    /// ENOENT
    Unknown,
    /// EINVAL
    Syntax,
    /// EEXIST
    AfterAllKeys,
    /// EISDIR
    AfterAllChannels,
    /// ENODEV
    NoSuchPassword,
    /// EBADMSG
    BadHash,
    /// ECHILD
    FirstArgOfSubcommand,
}

impl RuleError {
    pub fn text(self) -> &'static str {
        match self {
            RuleError::Unknown => "Unknown command or category name in ACL",
            RuleError::Syntax => "Syntax error",
            RuleError::AfterAllKeys => "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any effect. Try 'resetkeys' to start with an empty list of patterns",
            RuleError::AfterAllChannels => "Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not have any effect. Try 'resetchannels' to start with an empty list of channels",
            RuleError::NoSuchPassword => "The password you are trying to remove from the user does not exist",
            RuleError::BadHash => "The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters",
            RuleError::FirstArgOfSubcommand => "Allowing first-arg of a subcommand is not supported",
        }
    }
}

fn has_spaces(s: &[u8]) -> bool {
    s.iter().any(|&b| b == 0 || b.is_ascii_whitespace() || b == 0x0b)
}

impl Selector {
    /// `ACLCreateSelector`: no permissions (all channels when acl-pubsub-default says so).
    pub fn new(root: bool, all_channels: bool) -> Selector {
        Selector {
            root,
            all_keys: false,
            all_channels,
            all_commands: false,
            allowed: vec![0; registry().bits().div_ceil(64)],
            firstargs: BTreeMap::new(),
            patterns: Vec::new(),
            channels: Vec::new(),
        }
    }

    pub fn bit(&self, id: usize) -> bool {
        self.allowed.get(id / 64).is_some_and(|w| w & (1 << (id % 64)) != 0)
    }

    fn set_bit(&mut self, id: usize, on: bool) {
        if let Some(w) = self.allowed.get_mut(id / 64) {
            if on {
                *w |= 1 << (id % 64);
            } else {
                *w &= !(1 << (id % 64));
                self.all_commands = false;
            }
        }
    }

    pub fn can_run_future_commands(&self) -> bool {
        self.bit(registry().future_bit())
    }

    /// `ACLChangeSelectorPerm`: the command, and all its subcommands if it has any.
    pub fn change_perm(&mut self, id: usize, allow: bool) {
        self.set_bit(id, allow);
        self.firstargs.remove(&id);
        for &sub in &registry().commands[id].subcommands {
            self.set_bit(sub, allow);
        }
    }

    /// `ACLSetSelectorCommandBitsForCategory`.
    pub fn change_category(&mut self, bit: u32, allow: bool) {
        let reg = registry();
        for id in 0..reg.commands.len() {
            if reg.commands[id].categories & bit != 0 {
                self.change_perm(id, allow);
            }
        }
    }

    fn set_all_commands(&mut self, on: bool) {
        let fill = if on { u64::MAX } else { 0 };
        self.allowed.iter_mut().for_each(|w| *w = fill);
        self.all_commands = on;
        self.firstargs.clear();
    }

    /// `ACLSetSelector`: one rule about commands, keys or channels.
    pub fn apply(&mut self, op: &[u8]) -> Result<(), RuleError> {
        let Some(&first) = op.first() else {
            return Err(RuleError::Syntax);
        };
        let is = |word: &str| op.eq_ignore_ascii_case(word.as_bytes());
        if is("allkeys") || op == b"~*" {
            self.all_keys = true;
            self.patterns.clear();
        } else if is("resetkeys") {
            self.all_keys = false;
            self.patterns.clear();
        } else if is("allchannels") || op == b"&*" {
            self.all_channels = true;
            self.channels.clear();
        } else if is("resetchannels") {
            self.all_channels = false;
            self.channels.clear();
        } else if is("allcommands") || is("+@all") {
            self.set_all_commands(true);
        } else if is("nocommands") || is("-@all") {
            self.set_all_commands(false);
        } else if first == b'~' || first == b'%' {
            self.add_key_pattern(op)?;
        } else if first == b'&' {
            if self.all_channels {
                return Err(RuleError::AfterAllChannels);
            }
            let pattern = &op[1..];
            if has_spaces(pattern) {
                return Err(RuleError::Syntax);
            }
            if !self.channels.iter().any(|c| c == pattern) {
                self.channels.push(pattern.to_vec());
            }
            self.all_channels = false;
        } else if first == b'+' && op.get(1) != Some(&b'@') {
            self.allow_command(&op[1..])?;
        } else if first == b'-' && op.get(1) != Some(&b'@') {
            let id = registry().lookup(&op[1..]).ok_or(RuleError::Unknown)?;
            self.change_perm(id, false);
        } else if (first == b'+' || first == b'-') && op.get(1) == Some(&b'@') {
            let bit = super::registry::category_bit(&op[2..]).ok_or(RuleError::Unknown)?;
            self.change_category(bit, first == b'+');
        } else {
            return Err(RuleError::Syntax);
        }
        Ok(())
    }

    fn add_key_pattern(&mut self, op: &[u8]) -> Result<(), RuleError> {
        if self.all_keys {
            return Err(RuleError::AfterAllKeys);
        }
        let mut flags = 0;
        let mut offset = 1;
        if op[0] == b'%' {
            while offset < op.len() {
                let c = op[offset];
                if c.eq_ignore_ascii_case(&b'R') && flags & READ == 0 {
                    flags |= READ;
                } else if c.eq_ignore_ascii_case(&b'W') && flags & WRITE == 0 {
                    flags |= WRITE;
                } else if c == b'~' {
                    offset += 1;
                    break;
                } else {
                    return Err(RuleError::Syntax);
                }
                offset += 1;
            }
            // Redis 7.0.15 as shipped refuses `%~pattern` (no permission at all).
            if flags == 0 {
                return Err(RuleError::Syntax);
            }
        } else {
            flags = ALL;
        }
        let pattern = &op[offset.min(op.len())..];
        if has_spaces(pattern) {
            return Err(RuleError::Syntax);
        }
        match self.patterns.iter_mut().find(|p| p.pattern == pattern) {
            Some(existing) => existing.flags |= flags,
            None => self.patterns.push(KeyPattern {
                flags,
                pattern: pattern.to_vec(),
            }),
        }
        self.all_keys = false;
        Ok(())
    }

    /// `+command`, `+container|subcommand`, `+command|first-arg`.
    fn allow_command(&mut self, name: &[u8]) -> Result<(), RuleError> {
        let reg = registry();
        let Some(bar) = name.iter().rposition(|&b| b == b'|') else {
            let id = reg.lookup(name).ok_or(RuleError::Unknown)?;
            self.change_perm(id, true);
            return Ok(());
        };
        let (base, sub) = (&name[..bar], &name[bar + 1..]);
        let id = reg.lookup(base).ok_or(RuleError::Unknown)?;
        if reg.commands[id].parent.is_some() {
            return Err(RuleError::FirstArgOfSubcommand);
        }
        if sub.is_empty() {
            return Err(RuleError::Syntax);
        }
        if !reg.commands[id].subcommands.is_empty() {
            let sub_id = reg.lookup(name).ok_or(RuleError::Unknown)?;
            self.change_perm(sub_id, true);
        } else {
            let list = self.firstargs.entry(id).or_default();
            if !list.iter().any(|a| a.eq_ignore_ascii_case(sub)) {
                list.push(sub.to_vec());
            }
        }
        Ok(())
    }
}

#[derive(Clone, Debug)]
pub struct User {
    pub name: Vec<u8>,
    /// Redis keeps "on" and "off" as two flags; a new user has only "off".
    pub on: bool,
    pub off: bool,
    pub nopass: bool,
    pub skip_sanitize: bool,
    pub sanitize: bool,
    /// SHA-256 hex digests, in the order they were added.
    pub passwords: Vec<String>,
    /// The root selector first, then the `(...)` ones.
    pub selectors: Vec<Selector>,
}

/// `ACLCheckPasswordHash`.
fn valid_hash(hash: &[u8]) -> bool {
    hash.len() == 64 && hash.iter().all(|&c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c))
}

impl User {
    /// `ACLCreateUser`: disabled, no password, no permissions.
    pub fn new(name: &[u8], all_channels: bool) -> User {
        User {
            name: name.to_vec(),
            on: false,
            off: true,
            nopass: false,
            skip_sanitize: false,
            sanitize: false,
            passwords: Vec::new(),
            selectors: vec![Selector::new(true, all_channels)],
        }
    }

    pub fn enabled(&self) -> bool {
        !self.off
    }

    pub fn root(&self) -> &Selector {
        &self.selectors[0]
    }

    /// `ACLSetUser`: one rule. `all_channels` is acl-pubsub-default.
    pub fn apply(&mut self, op: &[u8], all_channels: bool) -> Result<(), RuleError> {
        if op.is_empty() {
            return Ok(());
        }
        let is = |word: &str| op.eq_ignore_ascii_case(word.as_bytes());
        if is("on") {
            self.on = true;
            self.off = false;
        } else if is("off") {
            self.off = true;
            self.on = false;
        } else if is("skip-sanitize-payload") {
            self.skip_sanitize = true;
            self.sanitize = false;
        } else if is("sanitize-payload") {
            self.skip_sanitize = false;
            self.sanitize = true;
        } else if is("nopass") {
            self.nopass = true;
            self.passwords.clear();
        } else if is("resetpass") {
            self.nopass = false;
            self.passwords.clear();
        } else if op[0] == b'>' || op[0] == b'#' {
            let hash = if op[0] == b'>' {
                crate::sha256::hex(&op[1..])
            } else {
                if !valid_hash(&op[1..]) {
                    return Err(RuleError::BadHash);
                }
                String::from_utf8_lossy(&op[1..]).into_owned()
            };
            if !self.passwords.contains(&hash) {
                self.passwords.push(hash);
            }
            self.nopass = false;
        } else if op[0] == b'<' || op[0] == b'!' {
            let hash = if op[0] == b'<' {
                crate::sha256::hex(&op[1..])
            } else {
                if !valid_hash(&op[1..]) {
                    return Err(RuleError::BadHash);
                }
                String::from_utf8_lossy(&op[1..]).into_owned()
            };
            let pos = self
                .passwords
                .iter()
                .position(|p| *p == hash)
                .ok_or(RuleError::NoSuchPassword)?;
            self.passwords.remove(pos);
        } else if op[0] == b'(' && op[op.len() - 1] == b')' {
            let inner = &op[1..op.len() - 1];
            let args = crate::sds::split_args(inner).unwrap_or_default();
            let mut selector = Selector::new(false, all_channels);
            for arg in args {
                selector.apply(&arg)?;
            }
            self.selectors.push(selector);
        } else if is("clearselectors") {
            self.selectors.truncate(1);
        } else if is("reset") {
            self.nopass = false;
            self.passwords.clear();
            let root = &mut self.selectors[0];
            root.all_keys = false;
            root.patterns.clear();
            root.all_channels = all_channels;
            root.channels.clear();
            self.off = true;
            self.on = false;
            self.skip_sanitize = false;
            self.sanitize = true;
            self.selectors.truncate(1);
            self.selectors[0].set_all_commands(false);
        } else {
            self.selectors[0].apply(op)?;
        }
        Ok(())
    }

    /// `ACLDescribeUser`: the rules that make this user, as ACL LIST shows them.
    pub fn describe(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for (set, name) in [
            (self.on, "on"),
            (self.off, "off"),
            (self.nopass, "nopass"),
            (self.skip_sanitize, "skip-sanitize-payload"),
            (self.sanitize, "sanitize-payload"),
        ] {
            if set {
                out.extend_from_slice(name.as_bytes());
                out.push(b' ');
            }
        }
        for p in &self.passwords {
            out.push(b'#');
            out.extend_from_slice(p.as_bytes());
            out.push(b' ');
        }
        for s in &self.selectors {
            let d = describe_selector(s);
            if s.root {
                out.extend_from_slice(&d);
            } else {
                out.extend_from_slice(b" (");
                out.extend_from_slice(&d);
                out.push(b')');
            }
        }
        out
    }

    /// The flag names ACL GETUSER lists, in Redis's order.
    pub fn flag_names(&self) -> Vec<&'static str> {
        [
            (self.on, "on"),
            (self.off, "off"),
            (self.nopass, "nopass"),
            (self.skip_sanitize, "skip-sanitize-payload"),
            (self.sanitize, "sanitize-payload"),
        ]
        .into_iter()
        .filter(|(set, _)| *set)
        .map(|(_, n)| n)
        .collect()
    }

    /// `ACLCheckUserCredentials` past the user look-up.
    pub fn password_ok(&self, password: &[u8]) -> bool {
        if self.off {
            return false;
        }
        if self.nopass {
            return true;
        }
        let hash = crate::sha256::hex(password);
        self.passwords.contains(&hash)
    }
}

/// `ACLDescribeSelector`: keys, channels, then command rules.
pub fn describe_selector(s: &Selector) -> Vec<u8> {
    let mut out = Vec::new();
    if s.all_keys {
        out.extend_from_slice(b"~* ");
    } else {
        for p in &s.patterns {
            p.describe(&mut out);
            out.push(b' ');
        }
    }
    if s.all_channels {
        out.extend_from_slice(b"&* ");
    } else {
        out.extend_from_slice(b"resetchannels ");
        for c in &s.channels {
            out.push(b'&');
            out.extend_from_slice(c);
            out.push(b' ');
        }
    }
    out.extend_from_slice(describe_commands(s).as_bytes());
    out
}

/// `ACLDescribeSelectorCommandRules`: `+@all` or `-@all`, the categories that fit best,
/// then single commands until the bitmap matches exactly.
pub fn describe_commands(s: &Selector) -> String {
    let reg = registry();
    let mut rules = String::new();
    let mut fake = Selector::new(false, false);
    let additive = !s.can_run_future_commands();
    if additive {
        rules.push_str("-@all ");
        fake.set_all_commands(false);
    } else {
        rules.push_str("+@all ");
        fake.set_all_commands(true);
    }
    let mut temp = Selector::new(false, false);
    temp.allowed = s.allowed.clone();
    let mut applied = [false; CATEGORIES.len()];
    loop {
        let mut best = None;
        let (mut min_diff, mut max_same) = (u64::MAX, 0u64);
        for (j, _) in CATEGORIES.iter().enumerate() {
            if applied[j] {
                continue;
            }
            let (mut on, mut off) = (0u64, 0u64);
            for (id, cmd) in reg.commands.iter().enumerate() {
                if cmd.categories & (1 << j) != 0 {
                    if temp.bit(id) {
                        on += 1;
                    } else {
                        off += 1;
                    }
                }
            }
            let (diff, same) = if additive { (off, on) } else { (on, off) };
            if same > diff && (diff < min_diff || (diff == min_diff && same > max_same)) {
                best = Some(j);
                min_diff = diff;
                max_same = same;
            }
        }
        let Some(j) = best else { break };
        fake.change_category(1 << j, additive);
        temp.change_category(1 << j, !additive);
        rules.push_str(if additive { "+@" } else { "-@" });
        rules.push_str(CATEGORIES[j]);
        rules.push(' ');
        applied[j] = true;
    }
    for &id in &reg.top {
        single_commands(s, &mut fake, &mut rules, id);
    }
    rules.pop();
    rules
}

/// `ACLDescribeSelectorCommandRulesSingleCommands` for one command and its subcommands.
fn single_commands(s: &Selector, fake: &mut Selector, rules: &mut String, id: usize) {
    let reg = registry();
    let cmd = &reg.commands[id];
    let user_bit = s.bit(id);
    if user_bit != fake.bit(id) {
        rules.push(if user_bit { '+' } else { '-' });
        rules.push_str(cmd.full_name);
        rules.push(' ');
        fake.change_perm(id, user_bit);
    }
    for &sub in &cmd.subcommands {
        single_commands(s, fake, rules, sub);
    }
    if !user_bit {
        if let Some(args) = s.firstargs.get(&id) {
            for arg in args {
                rules.push('+');
                rules.push_str(cmd.full_name);
                rules.push('|');
                rules.push_str(&String::from_utf8_lossy(arg));
                rules.push(' ');
            }
        }
    }
}

/// `ACLMergeSelectorArguments`: a selector may be spread over several arguments
/// (`(` `~x` `+get)`). Err(index) names the argument whose parenthesis is unmatched.
pub fn merge_selector_arguments(args: &[Vec<u8>]) -> Result<Vec<Vec<u8>>, usize> {
    let mut out = Vec::new();
    let mut open: Option<(usize, Vec<u8>)> = None;
    for (j, op) in args.iter().enumerate() {
        if op.first() == Some(&b'(') && op.last() != Some(&b')') {
            open = Some((j, op.clone()));
            continue;
        }
        if let Some((start, mut selector)) = open.take() {
            selector.push(b' ');
            selector.extend_from_slice(op);
            if op.last() == Some(&b')') {
                out.push(selector);
            } else {
                open = Some((start, selector));
            }
            continue;
        }
        out.push(op.clone());
    }
    match open {
        Some((start, _)) => Err(start),
        None => Ok(out),
    }
}
