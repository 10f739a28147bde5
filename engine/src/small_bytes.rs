//! `SmallBytes`: a byte string kept inline when it is short (up to 22 bytes, the size of
//! a `Vec` header), boxed when it is long. The hash table's keys, the skip list's
//! members and list elements use it: most keys and members are short
//! (`user:1000:session`, `element:12345`), and comparing them then reads the slot or
//! node already in cache instead of following a pointer to a separate allocation; a
//! list of short elements holds them in its own buffer, as Redis's listpacks do.

/// Byte strings up to this long are kept inline.
pub const INLINE: usize = 22;

/// Short bytes (at most `INLINE`) as an inline form holds them: length and array.
fn inline_copy(bytes: &[u8]) -> (u8, [u8; INLINE]) {
    let mut inline = [0; INLINE];
    inline[..bytes.len()].copy_from_slice(bytes);
    (bytes.len() as u8, inline)
}

#[derive(Clone)]
pub enum SmallBytes {
    Inline(u8, [u8; INLINE]),
    Heap(Box<[u8]>),
}

impl SmallBytes {
    pub fn new(bytes: Vec<u8>) -> SmallBytes {
        if bytes.len() <= INLINE {
            let (len, inline) = inline_copy(&bytes);
            SmallBytes::Inline(len, inline)
        } else {
            SmallBytes::Heap(bytes.into_boxed_slice())
        }
    }

    /// From borrowed bytes: a copy inline, or one exact allocation.
    pub fn from_slice(bytes: &[u8]) -> SmallBytes {
        if bytes.len() <= INLINE {
            let (len, inline) = inline_copy(bytes);
            SmallBytes::Inline(len, inline)
        } else {
            SmallBytes::Heap(Box::from(bytes))
        }
    }

    pub fn into_vec(self) -> Vec<u8> {
        match self {
            SmallBytes::Inline(len, bytes) => bytes[..usize::from(len)].to_vec(),
            SmallBytes::Heap(bytes) => bytes.into_vec(),
        }
    }

    /// The bytes held in a separate allocation (0 when inline).
    pub fn heap_bytes(&self) -> usize {
        match self {
            SmallBytes::Inline(..) => 0,
            SmallBytes::Heap(bytes) => bytes.len(),
        }
    }
}

impl Default for SmallBytes {
    fn default() -> Self {
        SmallBytes::Inline(0, [0; INLINE])
    }
}

impl std::ops::Deref for SmallBytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            SmallBytes::Inline(len, bytes) => &bytes[..usize::from(*len)],
            SmallBytes::Heap(bytes) => bytes,
        }
    }
}

impl PartialEq for SmallBytes {
    fn eq(&self, other: &SmallBytes) -> bool {
        **self == **other
    }
}

impl Eq for SmallBytes {}

impl PartialEq<[u8]> for SmallBytes {
    fn eq(&self, other: &[u8]) -> bool {
        **self == *other
    }
}

impl PartialEq<&[u8]> for SmallBytes {
    fn eq(&self, other: &&[u8]) -> bool {
        **self == **other
    }
}

impl From<SmallBytes> for Vec<u8> {
    fn from(bytes: SmallBytes) -> Vec<u8> {
        bytes.into_vec()
    }
}

impl From<Vec<u8>> for SmallBytes {
    fn from(bytes: Vec<u8>) -> SmallBytes {
        SmallBytes::new(bytes)
    }
}

impl From<&[u8]> for SmallBytes {
    fn from(bytes: &[u8]) -> SmallBytes {
        SmallBytes::from_slice(bytes)
    }
}

impl std::fmt::Debug for SmallBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", String::from_utf8_lossy(self))
    }
}

/// A string value's bytes: inline up to `INLINE` bytes, in the value and so in the
/// keyspace's slot beside the key, or a growable `Vec` beyond. GET and INCR of a short
/// value then read no other allocation: Redis spares itself that miss with shared
/// integers (0..9999) and `embstr` objects (header and text in one allocation). A string
/// that outgrows the inline bytes moves to the heap and stays there (APPEND in a loop
/// grows one Vec, amortised, as `sdsMakeRoomFor` does).
#[derive(Clone)]
pub enum StrBytes {
    Inline(u8, [u8; INLINE]),
    Heap(Vec<u8>),
}

impl Default for StrBytes {
    fn default() -> Self {
        StrBytes::Inline(0, [0; INLINE])
    }
}

impl StrBytes {
    pub fn from_slice(bytes: &[u8]) -> StrBytes {
        if bytes.len() <= INLINE {
            let (len, inline) = inline_copy(bytes);
            StrBytes::Inline(len, inline)
        } else {
            StrBytes::Heap(bytes.to_vec())
        }
    }

    pub fn into_vec(self) -> Vec<u8> {
        match self {
            StrBytes::Inline(len, bytes) => bytes[..usize::from(len)].to_vec(),
            StrBytes::Heap(bytes) => bytes,
        }
    }

    /// The bytes this value holds, its own heap allocation's capacity when it has one.
    pub fn capacity(&self) -> usize {
        match self {
            StrBytes::Inline(len, _) => usize::from(*len),
            StrBytes::Heap(bytes) => bytes.capacity(),
        }
    }

    /// The heap form, moving inline bytes there first (for growth past `INLINE`).
    fn heap(&mut self, room: usize) -> &mut Vec<u8> {
        if let StrBytes::Inline(len, bytes) = self {
            let mut heap = Vec::with_capacity(room.max(usize::from(*len)));
            heap.extend_from_slice(&bytes[..usize::from(*len)]);
            *self = StrBytes::Heap(heap);
        }
        match self {
            StrBytes::Heap(bytes) => bytes,
            StrBytes::Inline(..) => unreachable!("made a heap string above"),
        }
    }

    pub fn truncate(&mut self, len: usize) {
        match self {
            StrBytes::Inline(n, _) => *n = (*n).min(len.min(INLINE) as u8),
            StrBytes::Heap(bytes) => bytes.truncate(len),
        }
    }

    pub fn resize(&mut self, len: usize, fill: u8) {
        match self {
            StrBytes::Inline(n, bytes) if len <= INLINE => {
                let from = usize::from(*n);
                if len > from {
                    bytes[from..len].fill(fill);
                }
                *n = len as u8;
            }
            _ => self.heap(len).resize(len, fill),
        }
    }

    pub fn extend_from_slice(&mut self, more: &[u8]) {
        match self {
            StrBytes::Inline(n, bytes) if usize::from(*n) + more.len() <= INLINE => {
                let from = usize::from(*n);
                bytes[from..from + more.len()].copy_from_slice(more);
                *n += more.len() as u8;
            }
            _ => {
                let len = self.len();
                self.heap(len + more.len()).extend_from_slice(more)
            }
        }
    }

    /// Takes out the byte at `i`, the rest moving down (`Vec::remove`).
    pub fn remove(&mut self, i: usize) -> u8 {
        let byte = self[i];
        self.copy_within(i + 1.., i);
        self.truncate(self.len() - 1);
        byte
    }

    /// The bytes from `at` on, taken off the end.
    pub fn split_off(&mut self, at: usize) -> Vec<u8> {
        let tail = self[at..].to_vec();
        self.truncate(at);
        tail
    }
}

impl std::ops::Deref for StrBytes {
    type Target = [u8];

    #[inline]
    fn deref(&self) -> &[u8] {
        match self {
            StrBytes::Inline(len, bytes) => &bytes[..usize::from(*len)],
            StrBytes::Heap(bytes) => bytes,
        }
    }
}

impl std::ops::DerefMut for StrBytes {
    #[inline]
    fn deref_mut(&mut self) -> &mut [u8] {
        match self {
            StrBytes::Inline(len, bytes) => &mut bytes[..usize::from(*len)],
            StrBytes::Heap(bytes) => bytes,
        }
    }
}

impl From<Vec<u8>> for StrBytes {
    /// Short bytes are copied inline (the Vec is freed now rather than with the value).
    fn from(bytes: Vec<u8>) -> StrBytes {
        if bytes.len() <= INLINE {
            StrBytes::from_slice(&bytes)
        } else {
            StrBytes::Heap(bytes)
        }
    }
}

impl From<StrBytes> for Vec<u8> {
    fn from(bytes: StrBytes) -> Vec<u8> {
        bytes.into_vec()
    }
}

impl PartialEq for StrBytes {
    fn eq(&self, other: &StrBytes) -> bool {
        **self == **other
    }
}

impl std::fmt::Debug for StrBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", String::from_utf8_lossy(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_either_side_of_the_inline_limit_round_trip() {
        for n in [0, 1, INLINE - 1, INLINE, INLINE + 1, 100] {
            let bytes: Vec<u8> = (0..n).map(|i| i as u8 ^ 0x5a).collect();
            let small = SmallBytes::new(bytes.clone());
            assert_eq!(&*small, &bytes[..], "{n} bytes");
            assert_eq!(&*SmallBytes::from_slice(&bytes), &bytes[..]);
            assert_eq!(small.heap_bytes(), if n > INLINE { n } else { 0 });
            assert_eq!(small.into_vec(), bytes);
        }
    }

    #[test]
    fn a_string_grows_and_shrinks_across_the_inline_limit_as_a_vec_does() {
        let mut model: Vec<u8> = Vec::new();
        let mut s = StrBytes::default();
        let mut step = 0u8;
        for op in 0..400u32 {
            step = step.wrapping_mul(31).wrapping_add(7);
            if op % 11 == 10 {
                // Back to a short string, inline again, so every operation meets both forms.
                model.truncate(usize::from(step) % (INLINE + 1));
                s = StrBytes::from_slice(&model);
                assert!(matches!(s, StrBytes::Inline(..)));
            }
            match op % 6 {
                0 | 1 => {
                    let more: Vec<u8> = (0..usize::from(step % 9)).map(|i| step ^ i as u8).collect();
                    s.extend_from_slice(&more);
                    model.extend_from_slice(&more);
                }
                2 => {
                    let len = usize::from(step % 40);
                    s.resize(len, step);
                    model.resize(len, step);
                }
                3 => {
                    let len = usize::from(step % 30);
                    s.truncate(len);
                    model.truncate(len);
                }
                4 => {
                    let at = model.len() / 2;
                    assert_eq!(s.split_off(at), model.split_off(at));
                }
                _ => {
                    if !model.is_empty() {
                        let at = usize::from(step) % model.len();
                        assert_eq!(s.remove(at), model.remove(at));
                    }
                }
            }
            assert_eq!(&*s, &model[..], "after op {op}");
            if let Some(first) = s.first_mut() {
                *first ^= 1;
                model[0] ^= 1;
            }
        }
        assert_eq!(StrBytes::from(model.clone()).into_vec(), model);
        assert!(matches!(StrBytes::from(vec![1; INLINE]), StrBytes::Inline(..)));
        assert!(matches!(StrBytes::from(vec![1; INLINE + 1]), StrBytes::Heap(..)));
    }
}
