//! One sort for the whole crate. Every ordering the app needs (items of a SIPOC column by height,
//! process steps along the flow, a Pareto ranking, findings of a rule, library entries by date)
//! is expressed as integer keys and sorted here, by one instantiation of the standard library's
//! sort: each further element type or comparator would add another copy of the sort code to
//! the app (some 3 KB each).

/// The positions `0..keys.len()` ordered by their keys, ties in position order (a stable
/// order).
pub fn by_keys(keys: impl IntoIterator<Item = u64>) -> Vec<usize> {
    let mut pairs: Vec<(u64, u64)> = keys.into_iter().enumerate().map(|(i, k)| (k, i as u64)).collect();
    pairs.sort_unstable();
    pairs.into_iter().map(|(_, i)| i as usize).collect()
}

/// A key that orders numbers as `f64::total_cmp` does: negatives before positives, larger
/// after smaller.
pub fn f64_key(x: f64) -> u64 {
    let bits = x.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

/// Orders `items` by a number each, as `f64::total_cmp` orders them; ties keep their order.
pub fn sort_by_number<T>(items: &mut Vec<T>, key: impl Fn(&T) -> f64) {
    let positions = by_keys(items.iter().map(|x| f64_key(key(x))));
    *items = apply(std::mem::take(items), &positions);
}

/// Puts `items` in the order of `positions` (a permutation, as `by_keys` returns).
pub fn apply<T>(items: Vec<T>, positions: &[usize]) -> Vec<T> {
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    positions.iter().filter_map(|&i| slots[i].take()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_order_as_total_cmp_and_ties_keep_their_places() {
        let xs = [3.5, -1.0, 0.0, -0.0, f64::INFINITY, -7.25, 3.5, 1e-300];
        let order = by_keys(xs.iter().map(|&x| f64_key(x)));
        let mut expected: Vec<usize> = (0..xs.len()).collect();
        expected.sort_by(|&a, &b| xs[a].total_cmp(&xs[b]));
        assert_eq!(order, expected);
        assert_eq!(apply(vec!['a', 'b', 'c'], &[2, 0, 1]), vec!['c', 'a', 'b']);
    }
}
