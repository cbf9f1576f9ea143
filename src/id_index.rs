//! A compact table of string ids (node, edge and lane ids) numbered in order of insertion,
//! shared by validation and metrics, which both resolve thousands of ids per run.
//!
//! Indices live only as long as one analysis: the model never stores them.

/// Marker for "no entry" in `u32` slot arrays.
const NONE: u32 = u32::MAX;

/// Ids → numbers 0, 1, 2 … in order of insertion.
///
/// Resolving every edge's two ends is most of the cost of building a graph view, and it is bound
/// by memory latency: a `HashMap<&str, _>` follows a pointer to each candidate's heap string to
/// compare it. This table keeps its own copy of the ids in one buffer and its slots in a compact
/// array, so a lookup misses the cache on the key it is given and little else. Each slot also
/// keeps the upper half of its id's hash, so that a probe past another id's slot is settled
/// there, without reading that id's text; inserting a new id then touches only the slots. The
/// hash is
/// rustc's multiply-rotate (FxHash): SipHash's protection against chosen collisions buys nothing
/// here, as the worst a crafted document can do is slow its own analysis down.
pub(crate) struct IdIndex {
    /// All ids, back to back; id `i` is `text[start[i]..start[i + 1]]`.
    text: String,
    start: Vec<u32>,
    /// Open addressing with linear probing; a slot numbered `NONE` is free. At most half full.
    slots: Vec<Slot>,
}

/// One entry of the open-addressing table: an id's number and the upper half of its hash, which
/// also gives its home slot.
#[derive(Clone, Copy)]
struct Slot {
    tag: u32,
    number: u32,
}

const FREE: Slot = Slot { tag: 0, number: NONE };

/// The upper, best-mixed half of the id's hash.
fn hash_id(id: &str) -> u32 {
    let mut h = 0u64;
    let mut add = |word: u64| h = (h.rotate_left(5) ^ word).wrapping_mul(0x51_7cc1_b727_220a_95);
    let mut chunks = id.as_bytes().chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        add(u64::from_le_bytes(word));
    }
    // Bytes one by one rather than a copy of variable length, which would be a call to memcpy.
    let word = chunks.remainder().iter().enumerate().fold(0u64, |w, (i, &b)| w | (b as u64) << (8 * i));
    // The length goes into the last word so that "a" and "a\0" differ.
    add(word ^ ((id.len() as u64) << 56));
    // The multiply leaves its best-mixed bits at the top.
    (h >> 32) as u32
}

/// `a == b`, with ids of up to 16 bytes (nearly all of them) compared inline as two possibly
/// overlapping machine words: a slice comparison calls `memcmp`, and the call costs more than the
/// comparison of a short id. Every successful lookup makes one such comparison.
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let len = a.len();
    if len != b.len() {
        return false;
    }
    // The bytes `from..from + N` as a number (the caller keeps the range in bounds).
    fn word<const N: usize>(s: &[u8], from: usize) -> [u8; N] {
        let mut w = [0; N];
        w.copy_from_slice(&s[from..from + N]);
        w
    }
    match len {
        8..=16 => word::<8>(a, 0) == word::<8>(b, 0) && word::<8>(a, len - 8) == word::<8>(b, len - 8),
        4..=7 => word::<4>(a, 0) == word::<4>(b, 0) && word::<4>(a, len - 4) == word::<4>(b, len - 4),
        _ => a == b,
    }
}

impl IdIndex {
    pub fn with_capacity(n: usize) -> Self {
        let mut start = Vec::with_capacity(n + 1);
        start.push(0);
        IdIndex { text: String::with_capacity(n * 8), start, slots: vec![FREE; (2 * n).next_power_of_two().max(8)] }
    }

    pub fn len(&self) -> usize {
        self.start.len() - 1
    }

    /// The id numbered `i`.
    pub fn id(&self, i: u32) -> &str {
        &self.text[self.range(i)]
    }

    fn range(&self, i: u32) -> std::ops::Range<usize> {
        self.start[i as usize] as usize..self.start[i as usize + 1] as usize
    }

    /// The slot holding `id`, or the free slot where it belongs.
    fn slot(&self, id: &str, tag: u32) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = tag as usize & mask;
        loop {
            match self.slots[i] {
                Slot { number: NONE, .. } => return i,
                // Compared as bytes: slicing the `str` would check char boundaries every time.
                Slot { tag: t, number: k }
                    if t == tag && same_bytes(&self.text.as_bytes()[self.range(k)], id.as_bytes()) =>
                {
                    return i
                }
                _ => i = (i + 1) & mask,
            }
        }
    }

    pub fn get(&self, id: &str) -> Option<u32> {
        match self.slots[self.slot(id, hash_id(id))].number {
            NONE => None,
            k => Some(k),
        }
    }

    /// Adds `id` and returns its number, or returns `Err` with the number it already has.
    pub fn insert(&mut self, id: &str) -> Result<u32, u32> {
        let tag = hash_id(id);
        let i = self.slot(id, tag);
        if self.slots[i].number != NONE {
            return Err(self.slots[i].number);
        }
        let k = self.len() as u32;
        self.slots[i] = Slot { tag, number: k };
        self.text.push_str(id);
        self.start.push(self.text.len() as u32);
        if 2 * self.len() > self.slots.len() {
            self.grow();
        }
        Ok(k)
    }

    fn grow(&mut self) {
        let mask = 2 * self.slots.len() - 1;
        let old = std::mem::replace(&mut self.slots, vec![FREE; mask + 1]);
        for slot in old.into_iter().filter(|slot| slot.number != NONE) {
            let mut i = slot.tag as usize & mask;
            while self.slots[i].number != NONE {
                i = (i + 1) & mask;
            }
            self.slots[i] = slot;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_of_every_length_compare_as_bytes() {
        let ids = [
            "",
            "a",
            "b",
            "ab",
            "abc",
            "abcd",
            "abce",
            "abcde",
            "xbcde",
            "abcdefg",
            "abcdefgh",
            "abcdefgi",
            "abcdefghi",
            "abcdefghijkl",
            "abcdefXhijkl",
            "0123456789abcdef",
            "0123456789abcdeg",
            "0123456789abcdefg",
            "0123456789abcdefh",
            "节点一",
            "节点二",
        ];
        for a in ids {
            for b in ids {
                assert_eq!(same_bytes(a.as_bytes(), b.as_bytes()), a == b, "{a:?} vs {b:?}");
            }
        }
    }

    #[test]
    fn ids_are_numbered_in_order_of_insertion() {
        let mut index = IdIndex::with_capacity(2);
        let ids: Vec<String> = (0..100).map(|i| format!("node-{i}")).collect();
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(index.insert(id), Ok(i as u32));
        }
        assert_eq!(index.insert("node-7"), Err(7));
        assert_eq!(index.get("node-42"), Some(42));
        assert_eq!(index.get("node-100"), None);
        assert_eq!(index.id(99), "node-99");
    }
}
