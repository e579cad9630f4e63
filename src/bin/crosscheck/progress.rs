//! Progress bars on stderr with indicatif, hidden when stderr is not a
//! terminal or with `--quiet`: one bar per stage, with its count, its
//! throughput as a whole number per second and its ETA (the `segment` and
//! `signature` stages count sentences, `relate` pairs); a stage of unknown
//! size shows a spinner and its time. Each bar is cleared when its stage
//! ends, so nothing is left on screen but the results.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

/// Draws one bar per pipeline stage.
pub struct Bars {
    visible: bool,
    current: Mutex<Option<ProgressBar>>,
    /// Print each stage's wall time on stderr when it ends (`--timings`).
    timings: bool,
    started: Mutex<Option<(String, Instant)>>,
}

impl Bars {
    /// Bars that draw only when stderr is a terminal and `quiet` is false.
    pub fn new(quiet: bool) -> Self {
        Bars {
            visible: !quiet && std::io::stderr().is_terminal(),
            current: Mutex::new(None),
            timings: false,
            started: Mutex::new(None),
        }
    }

    /// Also prints each stage's wall time when it ends.
    pub fn with_timings(mut self, timings: bool) -> Self {
        self.timings = timings;
        self
    }
}

impl crosscheck::progress::Progress for Bars {
    fn start(&self, stage: &str, total: u64) {
        if self.timings {
            if let Ok(mut started) = self.started.lock() {
                *started = Some((stage.to_string(), Instant::now()));
            }
        }
        if !self.visible {
            return;
        }
        let bar = if total > 0 {
            ProgressBar::new(total)
        } else {
            ProgressBar::new_spinner()
        };
        bar.set_draw_target(ProgressDrawTarget::stderr());
        let template = if total > 0 {
            "{prefix:>9} [{bar:30}] {human_pos}/{human_len} {rate} eta {eta}"
        } else {
            "{prefix:>9} {spinner} {count} {elapsed}"
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            let style = style
                .progress_chars("=> ")
                .with_key("rate", |s: &ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = w.write_str(&rate(s.per_sec()));
                })
                .with_key("count", |s: &ProgressState, w: &mut dyn std::fmt::Write| {
                    if s.pos() > 0 {
                        let _ = write!(w, "{} ({})", thousands(s.pos()), rate(s.per_sec()));
                    }
                });
            bar.set_style(style);
        }
        bar.set_prefix(stage.to_string());
        if let Ok(mut current) = self.current.lock() {
            *current = Some(bar);
        }
    }

    fn advance(&self, n: u64) {
        // Called once per item from every worker: no lock when nothing draws.
        if !self.visible {
            return;
        }
        if let Ok(current) = self.current.lock() {
            if let Some(bar) = current.as_ref() {
                bar.inc(n);
            }
        }
    }

    fn finish(&self) {
        if let Ok(mut started) = self.started.lock() {
            if let Some((stage, t)) = started.take() {
                eprintln!("crosscheck: timing: {stage} {:.2} s", t.elapsed().as_secs_f64());
            }
        }
        if let Ok(mut current) = self.current.lock() {
            if let Some(bar) = current.take() {
                bar.finish_and_clear();
            }
        }
    }
}

/// A throughput as a whole number per second: "88,849/s".
fn rate(per_sec: f64) -> String {
    let n = if per_sec.is_finite() && per_sec > 0.0 {
        per_sec.round() as u64
    } else {
        0
    };
    format!("{}/s", thousands(n))
}

/// "1234567" as "1,234,567".
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_whole_numbers_with_separators() {
        assert_eq!(rate(88_848.940_8), "88,849/s");
        assert_eq!(rate(0.4), "0/s");
        assert_eq!(rate(f64::NAN), "0/s");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(999), "999");
    }
}
