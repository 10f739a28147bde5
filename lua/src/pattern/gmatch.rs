//! `string.gmatch`'s iterator (lstrlib.c gmatch_aux): apart from the matcher because
//! it only drives it.

use super::*;

// ---- string.gmatch --------------------------------------------------------------------

/// One call of a `string.gmatch` iterator (lstrlib.c gmatch_aux), resumable; called
/// again after a match, it looks for the next. `^` is an ordinary byte here.
#[derive(Clone, Debug)]
pub struct Gmatch<T: AsRef<[u8]>> {
    matcher: Matcher<T>,
    /// The iterator's position (gmatch's third upvalue).
    pos: usize,
}

impl<T: AsRef<[u8]> + Clone> Gmatch<T> {
    /// `string.gmatch(s, pattern)`: from the start.
    pub fn new(subject: T, pattern: T) -> Gmatch<T> {
        Gmatch::at_position(subject, pattern, 0)
    }

    /// An iterator whose position (see `position`) is `pos`, for a caller that keeps
    /// the position rather than this value.
    pub fn at_position(subject: T, pattern: T, pos: usize) -> Gmatch<T> {
        Gmatch {
            matcher: Matcher::new(subject, pattern, pos, false),
            pos,
        }
    }

    /// Where the next search starts: after the last match, or one past it when the
    /// match was empty (may be the subject's length + 1: then nothing more is found).
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Runs the current call under `fuel`: the next match's captures (or the whole
    /// match), None when there are no more (the loop ends), `Pending`, or an error.
    pub fn run(&mut self, fuel: &mut u64) -> Poll<Option<Vec<Capture>>> {
        // gmatch_aux's `src <= ms.src_end`: past the end nothing is tried.
        if self.pos > self.matcher.subject.as_ref().len() {
            return Poll::Done(None);
        }
        match self.matcher.run(fuel) {
            Poll::Pending => Poll::Pending,
            Poll::Error(e) => Poll::Error(e),
            Poll::Done(None) => Poll::Done(None),
            Poll::Done(Some(m)) => {
                // The position moves on before the captures are pushed (and may fail).
                self.pos = if m.end == m.start { m.end + 1 } else { m.end };
                let next = Matcher::new(
                    self.matcher.subject.clone(),
                    self.matcher.pattern.clone(),
                    self.pos,
                    false,
                );
                self.matcher = next;
                match m.captures() {
                    Ok(caps) => Poll::Done(Some(caps)),
                    Err(e) => Poll::Error(e),
                }
            }
        }
    }
}
