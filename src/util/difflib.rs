//! Python's `difflib.get_close_matches`, which Django uses for its "perhaps you meant ..."
//! suggestions (and ormlab for its own "did you mean"). Mirrors SequenceMatcher's ratio
//! without the autojunk heuristic (which only applies to sequences of 200+ items).

/// Longest matching block of `a[alo..ahi]` and `b[blo..bhi]`: earliest in `a`, then in `b`.
fn longest_match(
    a: &[char],
    b: &[char],
    alo: usize,
    ahi: usize,
    blo: usize,
    bhi: usize,
) -> (usize, usize, usize) {
    let (mut bi, mut bj, mut best) = (alo, blo, 0);
    // lengths of matches ending at (i-1, j-1) for the previous row
    let mut prev = vec![0usize; bhi.saturating_sub(blo) + 1];
    #[allow(clippy::needless_range_loop)] // indexes into both sequences, as the algorithm reads
    for i in alo..ahi {
        let mut cur = vec![0usize; prev.len()];
        for j in blo..bhi {
            if a[i] == b[j] {
                let k = prev[j - blo] + 1;
                cur[j - blo + 1] = k;
                if k > best {
                    bi = i + 1 - k;
                    bj = j + 1 - k;
                    best = k;
                }
            }
        }
        prev = cur;
    }
    (bi, bj, best)
}

fn matching_chars(a: &[char], b: &[char]) -> usize {
    let mut total = 0;
    let mut queue = vec![(0, a.len(), 0, b.len())];
    while let Some((alo, ahi, blo, bhi)) = queue.pop() {
        let (i, j, k) = longest_match(a, b, alo, ahi, blo, bhi);
        if k > 0 {
            total += k;
            if alo < i && blo < j {
                queue.push((alo, i, blo, j));
            }
            if i + k < ahi && j + k < bhi {
                queue.push((i + k, ahi, j + k, bhi));
            }
        }
    }
    total
}

/// `SequenceMatcher(None, a, b).ratio()`
pub fn ratio(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let total = a.len() + b.len();
    if total == 0 {
        return 1.0;
    }
    2.0 * matching_chars(&a, &b) as f64 / total as f64
}

/// `difflib.get_close_matches(word, possibilities, n, cutoff)`: best first, ties by the larger string.
pub fn get_close_matches<'a>(
    word: &str,
    possibilities: impl IntoIterator<Item = &'a str>,
    n: usize,
    cutoff: f64,
) -> Vec<String> {
    let mut scored: Vec<(f64, &str)> = possibilities
        .into_iter()
        .map(|p| (ratio(p, word), p))
        .filter(|(r, _)| *r >= cutoff)
        .collect();
    scored.sort_by(|x, y| {
        y.0.partial_cmp(&x.0)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| y.1.cmp(x.1))
    });
    scored
        .into_iter()
        .take(n)
        .map(|(_, s)| s.to_string())
        .collect()
}
