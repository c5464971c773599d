//! The repeatable draw: a small seeded generator and Leitner-box weights.

/// splitmix64: small, fast, and the same on every platform.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A float in [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// How likely a drill in Leitner box `b` is drawn: 0 = never seen, 1 = answered wrong last time
/// (most likely), higher = answered right that many times (less and less likely).
pub fn weight(b: u32) -> f64 {
    match b {
        0 => 3.0,
        1 => 6.0,
        2 => 2.0,
        3 => 1.0,
        _ => 0.5,
    }
}

/// `count` distinct indices drawn with probability proportional to `weights`.
pub fn weighted_sample(rng: &mut Rng, weights: &[f64], count: usize) -> Vec<usize> {
    let mut left: Vec<(usize, f64)> = weights.iter().copied().enumerate().collect();
    let mut out = Vec::new();
    while out.len() < count && !left.is_empty() {
        let total: f64 = left.iter().map(|(_, w)| w).sum();
        let mut x = rng.next_f64() * total;
        let mut pick = left.len() - 1;
        for (k, (_, w)) in left.iter().enumerate() {
            if x < *w {
                pick = k;
                break;
            }
            x -= w;
        }
        out.push(left.remove(pick).0);
    }
    out
}
