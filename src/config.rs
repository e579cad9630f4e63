//! `crosscheck.toml`: settings kept beside a corpus (or given with `--config`).
//!
//! ```toml
//! # files in the corpus folder that are not documents
//! exclude = ["known-pairs.jsonl"]
//! # also pair sentences within one document
//! within_documents = false
//!
//! [thresholds]
//! corroborate = 0.55  # paraphrase score at which two statements corroborate
//! duplicate = 0.9     # cosine at which they are duplicates
//! abstain_below = 0.5 # conflicts less confident than this go to review only
//!
//! [aliases]           # extra names for actors, added to the built-in table
//! "acme corporation" = ["acme", "acme corp"]
//!
//! [rules.numeric]     # parameters of a conflict rule (see relate::rules)
//! same_claim = 0.65
//! ```

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The file name looked for beside a corpus.
pub const FILE_NAME: &str = "crosscheck.toml";

/// Settings read from `crosscheck.toml`; every field is optional.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Paths (relative to an input folder) or file names that are not documents.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Also pair sentences within one document.
    #[serde(default)]
    pub within_documents: Option<bool>,
    /// Thresholds of the relate stage.
    #[serde(default)]
    pub thresholds: Thresholds,
    /// Extra actor aliases: canonical name to its other names.
    #[serde(default)]
    pub aliases: std::collections::BTreeMap<String, Vec<String>>,
    /// Parameters of the conflict rules, `[rules.<kind>]`
    /// ([`crate::relate::rules`]); what is not given keeps its default.
    #[serde(default)]
    pub rules: crate::relate::rules::Rules,
}

/// Threshold overrides.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// Paraphrase score at which two statements corroborate.
    pub corroborate: Option<f32>,
    /// Cosine at which two statements are duplicates.
    pub duplicate: Option<f32>,
    /// Conflicts less confident than this are abstained.
    pub abstain_below: Option<f32>,
}

impl Config {
    /// Reads a config file.
    pub fn read(path: &Path) -> Result<Self> {
        let bytes = crate::readfile::read_side_file(path)?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let line = e.as_bytes()[..e.utf8_error().valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            Error::input(path, Some(line), "not UTF-8")
        })?;
        toml::from_str(&text).map_err(|e| {
            let line = e.span().map(|s| text[..s.start].matches('\n').count() + 1);
            Error::input(path, line, e.message().to_string())
        })
    }

    /// Applies the thresholds and aliases to the stages they shape; `scan`
    /// and `test` both call this, so a known pair is judged as a scan would.
    pub fn apply(&self, relator: &mut crate::relate::Relator, extractor: &mut crate::extract::Extractor) {
        let t = &self.thresholds;
        if let Some(v) = t.corroborate {
            relator.corroborate_threshold = v;
        }
        if let Some(v) = t.duplicate {
            relator.duplicate_threshold = v;
        }
        if let Some(v) = t.abstain_below {
            relator.abstain_below = v;
        }
        relator.rules = self.rules.clone();
        for (canonical, aliases) in &self.aliases {
            extractor.aliases.add(canonical, aliases.iter().map(String::as_str));
        }
    }

    /// The config beside the first input: `DIR/crosscheck.toml` for a
    /// folder, the file's folder for a file. `None` when there is none.
    pub fn beside(inputs: &[PathBuf]) -> Option<PathBuf> {
        let first = inputs.first()?;
        let dir = if first.is_dir() {
            first.clone()
        } else {
            first.parent()?.to_path_buf()
        };
        let path = dir.join(FILE_NAME);
        path.is_file().then_some(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, "exclude = []\n[thresholds]\ncorroborate = \"high\"\n").unwrap();
        let err = Config::read(&path).unwrap_err().to_string();
        assert!(err.contains(":3:"), "{err}");
    }

    #[test]
    fn reads_all_fields() {
        let text = "exclude = [\"pairs.jsonl\"]\nwithin_documents = true\n[thresholds]\ncorroborate = 0.6\n[aliases]\n\"acme corporation\" = [\"acme\"]\n";
        let config: Config = toml::from_str(text).unwrap();
        assert_eq!(config.exclude, ["pairs.jsonl"]);
        assert_eq!(config.thresholds.corroborate, Some(0.6));
        assert_eq!(config.aliases["acme corporation"], ["acme"]);
    }
}
