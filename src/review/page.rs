//! The review page: static HTML, script and style, served by [`super::server`].
//!
//! The page holds no report text of its own: it fetches `api/pairs` and
//! builds every element with `textContent`, never `innerHTML`, so any text
//! in a corpus shows as text. Keyboard: `c` confirmed conflict, `f` false
//! alarm, `s` same claim, `d` different claims, `j` / `→` next, `k` / `←`
//! previous, `n` the note field, `Esc` leaves it.

/// The page.
pub const HTML: &str = include_str!("assets/review.html");
/// Its script.
pub const SCRIPT: &str = include_str!("assets/review.js");
/// Its style.
pub const STYLE: &str = include_str!("assets/review.css");
