//! The lesson file format (see the module's top comment): front matter, steps, blocks,
//! hints, checks and solutions, with errors that name the line.

use super::{Block, Check, Lesson, Step};

fn fenced(lines: &[&str], start: usize) -> Result<(String, Vec<String>, usize), String> {
    let info = lines[start].trim_start_matches('`').trim().to_string();
    let mut body = Vec::new();
    let mut i = start + 1;
    while i < lines.len() && !lines[i].starts_with("```") {
        if !lines[i].trim().is_empty() {
            body.push(lines[i].trim().to_string());
        }
        i += 1;
    }
    if i == lines.len() {
        return Err(format!("line {}: the ``` block is not closed", start + 1));
    }
    Ok((info, body, i + 1))
}

/// A solution line: a command for a terminal, time passing, or the clock worked.
#[derive(Clone, Debug, PartialEq)]
pub enum Action<'a> {
    /// (terminal index, command line)
    Run(usize, &'a str),
    Wait(i64),
    Clock(ClockAction),
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ClockAction {
    Pause,
    Resume,
    Fast,
    Normal,
    Jump(i64),
}

impl ClockAction {
    pub fn apply(self, clock: &mut crate::clock::Clock, real: i64) {
        match self {
            ClockAction::Pause => clock.pause(real),
            ClockAction::Resume => clock.resume(real),
            ClockAction::Fast => clock.set_rate(real, crate::clock::FAST_RATE),
            ClockAction::Normal => clock.set_rate(real, 1),
            ClockAction::Jump(ms) => clock.jump(real, ms),
        }
    }
}

/// Reads a solution line: `CMD`, `@2 CMD`, `@wait MS`, `@clock pause|resume|fast|normal|+10s|+1m`.
pub fn action(line: &str) -> Result<Action<'_>, String> {
    let Some(directive) = line.strip_prefix('@') else {
        return Ok(Action::Run(0, line));
    };
    let (word, rest) = directive.split_once(' ').unwrap_or((directive, ""));
    let rest = rest.trim();
    match word {
        "2" if !rest.is_empty() => Ok(Action::Run(1, rest)),
        "wait" => rest
            .parse::<i64>()
            .ok()
            .filter(|&ms| ms > 0)
            .map(Action::Wait)
            .ok_or(format!("@wait takes milliseconds: {line}")),
        "clock" => {
            let jump = |digits: &str, unit: i64| digits.parse::<i64>().ok().filter(|&n| n > 0).map(|n| n * unit);
            let clock = match rest {
                "pause" => Some(ClockAction::Pause),
                "resume" => Some(ClockAction::Resume),
                "fast" => Some(ClockAction::Fast),
                "normal" => Some(ClockAction::Normal),
                _ => rest
                    .strip_prefix('+')
                    .and_then(|t| match t.strip_suffix('s') {
                        Some(n) => jump(n, 1_000),
                        None => t.strip_suffix('m').and_then(|n| jump(n, 60_000)),
                    })
                    .map(ClockAction::Jump),
            };
            clock
                .map(Action::Clock)
                .ok_or(format!("@clock takes pause, resume, fast, normal, +Ns or +Nm: {line}"))
        }
        _ => Err(format!("unknown directive: {line}")),
    }
}

/// Parses a lesson file; errors name the line.
pub fn parse(text: &str) -> Result<Lesson, String> {
    let lines: Vec<&str> = text.lines().collect();
    if lines.first() != Some(&"---") {
        return Err("a lesson starts with a --- front matter".into());
    }
    let end = lines[1..]
        .iter()
        .position(|l| *l == "---")
        .ok_or("the front matter is not closed")?
        + 1;
    let mut lesson = Lesson {
        id: String::new(),
        title: String::new(),
        summary: String::new(),
        setup: Vec::new(),
        steps: Vec::new(),
    };
    for line in &lines[1..end] {
        let (name, value) = line
            .split_once(':')
            .ok_or(format!("front matter line without a colon: {line}"))?;
        let value = value.trim().to_string();
        match name.trim() {
            "id" => lesson.id = value,
            "title" => lesson.title = value,
            "summary" => lesson.summary = value,
            other => return Err(format!("unknown front matter field {other}")),
        }
    }
    if lesson.id.is_empty() || !lesson.id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') {
        return Err("the id must be lowercase letters and dashes".into());
    }
    if lesson.title.is_empty() || lesson.summary.is_empty() {
        return Err("a lesson needs a title and a summary".into());
    }
    let mut paragraph: Vec<String> = Vec::new();
    let mut list: Vec<String> = Vec::new();
    // Steps whose solution was written out (not taken from the command blocks).
    let mut explicit_solution: Vec<bool> = Vec::new();
    let mut i = end + 1;
    let flush = |step: Option<&mut Step>, paragraph: &mut Vec<String>, list: &mut Vec<String>| {
        if let Some(step) = step {
            if !paragraph.is_empty() {
                step.blocks.push(Block::Paragraph(join_lines(paragraph)));
            }
            if !list.is_empty() {
                step.blocks.push(Block::List(std::mem::take(list)));
            }
        }
        paragraph.clear();
        list.clear();
    };
    let check = |text: &str, i: usize| Check::parse(text.trim()).map_err(|e| format!("line {}: {e}", i + 1));
    while i < lines.len() {
        let line = lines[i].trim_end();
        let trimmed = line.trim();
        // <!-- comments --> (sources for what a step says) are for the lesson's authors.
        if trimmed.starts_with("<!--") {
            while i < lines.len() && !lines[i].contains("-->") {
                i += 1;
            }
            if i == lines.len() {
                return Err("a <!-- comment is not closed".into());
            }
            i += 1;
            continue;
        }
        if let Some(title) = line.strip_prefix("## ") {
            flush(lesson.steps.last_mut(), &mut paragraph, &mut list);
            lesson.steps.push(Step {
                title: title.trim().to_string(),
                blocks: Vec::new(),
                hints: Vec::new(),
                checks: Vec::new(),
                given: Vec::new(),
                setup: Vec::new(),
                solution: Vec::new(),
                alternatives: Vec::new(),
            });
            explicit_solution.push(false);
            i += 1;
            continue;
        }
        if line.starts_with("```") {
            flush(lesson.steps.last_mut(), &mut paragraph, &mut list);
            let (info, body, next) = fenced(&lines, i)?;
            let directives = |body: &[String]| -> Result<(), String> {
                body.iter()
                    .try_for_each(|l| action(l).map(|_| ()))
                    .map_err(|e| format!("line {}: {e}", i + 1))
            };
            match (info.as_str(), lesson.steps.last_mut()) {
                ("setup", None) => lesson.setup = body,
                ("setup", Some(step)) => step.setup = body,
                ("redis", Some(step)) => {
                    directives(&body)?;
                    step.blocks.push(Block::Commands(body));
                }
                ("solution", Some(step)) => {
                    directives(&body)?;
                    step.solution = body;
                    *explicit_solution.last_mut().expect("a step") = true;
                }
                ("alternative", Some(step)) => {
                    directives(&body)?;
                    step.alternatives.push(body);
                }
                ("aof-tail", Some(step)) => step.blocks.push(Block::AofTail),
                (other, _) => return Err(format!("line {}: unexpected ``` block '{other}'", i + 1)),
            }
            i = next;
            continue;
        }
        let Some(step) = lesson.steps.last_mut() else {
            if !trimmed.is_empty() {
                return Err(format!("line {}: text before the first ## step", i + 1));
            }
            i += 1;
            continue;
        };
        if let Some(hint) = trimmed.strip_prefix("Hint:") {
            flush(Some(step), &mut paragraph, &mut list);
            step.hints.push(hint.trim().to_string());
        } else if let Some(text) = trimmed.strip_prefix("Check:") {
            flush(Some(step), &mut paragraph, &mut list);
            step.checks.push(check(text, i)?);
        } else if let Some(text) = trimmed.strip_prefix("Given:") {
            flush(Some(step), &mut paragraph, &mut list);
            let given = check(text, i)?;
            if given.test.is_activity() {
                return Err(format!(
                    "line {}: a Given: reads the keyspace, not what was run: {}",
                    i + 1,
                    given.source
                ));
            }
            step.given.push(given);
        } else if let Some(item) = trimmed.strip_prefix("- ") {
            if !paragraph.is_empty() {
                step.blocks
                    .push(Block::Paragraph(join_lines(&std::mem::take(&mut paragraph))));
            }
            list.push(item.to_string());
        } else if trimmed.is_empty() {
            flush(Some(step), &mut paragraph, &mut list);
        } else if let Some(item) = list.last_mut() {
            // A line straight after a list item continues it (Markdown's lazy
            // continuation), wrapped or indented.
            *item = join_lines(&[std::mem::take(item), trimmed.to_string()]);
        } else {
            paragraph.push(trimmed.to_string());
        }
        i += 1;
    }
    flush(lesson.steps.last_mut(), &mut paragraph, &mut list);
    if lesson.steps.is_empty() {
        return Err("a lesson needs at least one ## step".into());
    }
    for (n, step) in lesson.steps.iter_mut().enumerate() {
        let at = |why: &str| format!("step {} ({}) {why}", n + 1, step.title);
        if step.checks.is_empty() {
            return Err(at("has no Check:"));
        }
        if step.setup.is_empty() != step.given.is_empty() {
            return Err(at(
                "needs both a ```setup block and the Given: lines it makes true, or neither",
            ));
        }
        if step.is_challenge() && (!explicit_solution[n] || step.hints.is_empty()) {
            return Err(at(
                "is a challenge (no ```redis block): it needs Hint: lines and a ```solution",
            ));
        }
        if !explicit_solution[n] {
            step.solution = step
                .blocks
                .iter()
                .flat_map(|b| match b {
                    Block::Commands(c) => c.clone(),
                    _ => Vec::new(),
                })
                .collect();
        }
    }
    Ok(lesson)
}

/// A paragraph's source lines as one text. A line break between two Chinese or Japanese
/// characters is dropped, as CSS Text 3's segment-break rules drop it (those languages
/// put no space between words); anywhere else, Korean included, it is a space.
fn join_lines(lines: &[String]) -> String {
    let mut out = String::new();
    for line in lines {
        let glued = out.chars().last().is_some_and(is_wide) && line.chars().next().is_some_and(is_wide);
        if !out.is_empty() && !glued {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

/// Han ideographs, kana and the CJK and fullwidth punctuation (not Hangul).
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F | 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}
