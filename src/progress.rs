//! Progress reporting: the library never prints; it tells a [`Progress`]
//! what it is doing and the binary draws it.

/// Receives progress from the pipeline. Implementations must be cheap and
/// thread-safe: `advance` is called from rayon workers.
pub trait Progress: Sync {
    /// A stage begins; `total` items are expected (0 when unknown).
    fn start(&self, stage: &str, total: u64);
    /// `n` more items are done.
    fn advance(&self, n: u64);
    /// The current stage is over.
    fn finish(&self);
}

/// Progress that goes nowhere.
#[derive(Clone, Copy, Debug, Default)]
pub struct Silent;

impl Progress for Silent {
    fn start(&self, _: &str, _: u64) {}
    fn advance(&self, _: u64) {}
    fn finish(&self) {}
}
