//! `SmallBytes`: a byte string kept inline when it is short (up to 22 bytes, the size of
//! a `Vec` header), boxed when it is long. The hash table's keys, the skip list's
//! members and list elements use it: most keys and members are short
//! (`user:1000:session`, `element:12345`), and comparing them then reads the slot or
//! node already in cache instead of following a pointer to a separate allocation; a
//! list of short elements holds them in its own buffer, as Redis's listpacks do.

/// Byte strings up to this long are kept inline.
pub const INLINE: usize = 22;

#[derive(Clone)]
pub enum SmallBytes {
    Inline(u8, [u8; INLINE]),
    Heap(Box<[u8]>),
}

impl SmallBytes {
    pub fn new(bytes: Vec<u8>) -> SmallBytes {
        if bytes.len() <= INLINE {
            let mut inline = [0; INLINE];
            inline[..bytes.len()].copy_from_slice(&bytes);
            SmallBytes::Inline(bytes.len() as u8, inline)
        } else {
            SmallBytes::Heap(bytes.into_boxed_slice())
        }
    }

    /// From borrowed bytes: a copy inline, or one exact allocation.
    pub fn from_slice(bytes: &[u8]) -> SmallBytes {
        if bytes.len() <= INLINE {
            let mut inline = [0; INLINE];
            inline[..bytes.len()].copy_from_slice(bytes);
            SmallBytes::Inline(bytes.len() as u8, inline)
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
}
