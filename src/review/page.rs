//! The review page: static HTML, script and style, served by [`super::server`].
//!
//! The page holds no report text of its own: it fetches `api/pairs` and
//! builds every element with `textContent`, never `innerHTML`, so any text
//! in a corpus shows as text. Keyboard: `c` confirmed conflict, `f` false
//! alarm, `s` same claim, `d` different claims, `u` unsure, `x` clear the
//! pair's verdict, `z` undo the last decision, `j` / `→` next, `k` / `←`
//! previous, `n` the note field, `Esc` leaves it. It opens at the first pair
//! without a verdict, lists pairs a page (100) at a time, keeps a typed note
//! as a draft when you move on (and says so; closing the page with one asks
//! first), shows each pair's history, and takes a reviewer name stored with
//! every verdict (kept in the browser's local storage).

/// The page.
pub const HTML: &str = include_str!("assets/review.html");
/// Its script.
pub const SCRIPT: &str = include_str!("assets/review.js");
/// Its style.
pub const STYLE: &str = include_str!("assets/review.css");
