//! crosscheck's integration tests, one binary (a fresh `cargo test` links
//! it once): the CLI, bad input, determinism, the CI gates, the review page,
//! the scan's report, the review workflow end to end and `crosscheck test`.
//! Shared helpers are in `common/`.

mod common;

// The unreadable input of these tests is a dangling symlink.
#[cfg(unix)]
mod bad_input;
mod cli;
mod cli_cases;
mod determinism;
mod gates;
mod index;
mod review;
mod scan;
mod scenario;
mod stages;
mod test_command;
