//! A small deterministic generator (SplitMix64), so runs are repeatable without a crate.

/// SplitMix64: one `u64` of state, good enough to spread a workload's choices.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// Seeded generator.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// A generator for one part of a workload: `seed` mixed with `stream`, so that adding a
    /// part never shifts the choices of another.
    pub fn stream(seed: u64, stream: u64) -> Rng {
        let mut mix = Rng(seed ^ stream.wrapping_mul(0xA076_1D64_78BD_642F));
        Rng(mix.next_u64())
    }

    /// Next value.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n`; `0` when `n` is `0`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// [`Rng::below`] for `u32` indices.
    pub fn below32(&mut self, n: u32) -> u32 {
        (self.next_u64() % u64::from(n.max(1))) as u32
    }

    /// One of `items` at random, or `None` (and no draw) when there are none.
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> Option<T> {
        if items.is_empty() {
            return None;
        }
        items.get(self.below(items.len())).copied()
    }
}
