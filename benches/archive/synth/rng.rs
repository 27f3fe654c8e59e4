//! Seeded pseudo-random numbers for the synthetic archive.
//!
//! Our own SplitMix64 rather than a crate, so the bytes of an archive depend only on the seed and
//! this file, never on a dependency's version. Each article draws from its own stream
//! ([`Rng::for_item`]), so generating in parallel gives the same bytes in any order.

/// SplitMix64 (Steele, Lea and Flood): tiny, fast, and good enough for text.
#[derive(Clone, Debug)]
pub struct Rng(u64);

/// Independent streams for the different things drawn from one seed.
#[derive(Clone, Copy, Debug)]
pub enum Stream {
    Pool = 1,
    Article = 2,
    RawLayout = 3,
}

impl Rng {
    /// The stream for item `index` of kind `stream` under `seed`.
    pub fn for_item(seed: u64, stream: Stream, index: u64) -> Rng {
        let mut mixer = Rng(seed ^ (stream as u64).wrapping_mul(0xA076_1D64_78BD_642F));
        let base = mixer.next_u64();
        Rng(base ^ index.wrapping_mul(0xE703_7ED1_A0B4_28DB))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`); the modulo bias is far below what text generation can notice.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Uniform in `low..=high`.
    pub fn between(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn chance(&mut self, probability: f64) -> bool {
        self.unit() < probability
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

/// Zipf-like popularity over ranks `0..n`: rank `r` is drawn with weight `1 / (r + 1)^exponent`.
#[derive(Clone, Debug)]
pub struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    pub fn new(n: usize, exponent: f64) -> Zipf {
        assert!(n > 0, "a Zipf distribution needs at least one rank");
        let mut total = 0.0;
        let cumulative = (0..n)
            .map(|rank| {
                total += 1.0 / ((rank + 1) as f64).powf(exponent);
                total
            })
            .collect();
        Zipf { cumulative }
    }

    /// A rank, 0 being the most popular.
    pub fn sample(&self, rng: &mut Rng) -> usize {
        let target = rng.unit() * self.cumulative[self.cumulative.len() - 1];
        self.cumulative.partition_point(|&c| c <= target).min(self.cumulative.len() - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_differ_by_index_and_repeat_by_seed() {
        let a = Rng::for_item(7, Stream::Article, 1).next_u64();
        let b = Rng::for_item(7, Stream::Article, 2).next_u64();
        let again = Rng::for_item(7, Stream::Article, 1).next_u64();
        assert_ne!(a, b);
        assert_eq!(a, again);
    }

    #[test]
    fn zipf_prefers_low_ranks() {
        let zipf = Zipf::new(1000, 1.0);
        let mut rng = Rng::for_item(3, Stream::Pool, 0);
        let mut counts = [0usize; 1000];
        for _ in 0..100_000 {
            counts[zipf.sample(&mut rng)] += 1;
        }
        let head: usize = counts[..10].iter().sum();
        let tail: usize = counts[990..].iter().sum();
        assert!(head > 20 * tail, "head {head}, tail {tail}");
        assert!(counts[0] > counts[1] && counts[1] > counts[9]);
    }
}
