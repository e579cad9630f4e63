#![allow(missing_docs)]
pub mod error;
pub mod extract;
pub mod id;
pub mod ingest;
pub mod normalize;
pub mod segment;
pub mod span;
pub use error::{Error, Result};
