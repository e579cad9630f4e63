//! `crosscheck.toml`: settings kept beside a corpus or above it (or given
//! with `--config`); [`Config::locate`] says which file a run uses and
//! `crosscheck config` prints the result.
//!
//! ```toml
//! # files and folders in the corpus folder that are not documents (globs)
//! exclude = ["known-pairs.jsonl", "drafts/**"]
//! # only these are documents (globs; default: every file type crosscheck reads)
//! include = []
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

/// The file name looked for from a corpus upward.
pub const FILE_NAME: &str = "crosscheck.toml";

/// Settings read from `crosscheck.toml`; every field is optional.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Gitignore-style globs (relative to an input folder) of files and
    /// folders that are not documents ([`crate::ingest::walk`]).
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Globs of the only files that are documents, when not empty.
    #[serde(default)]
    pub include: Vec<String>,
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
        Self::parse(path, &Self::read_text(path)?)
    }

    /// The text of a config file (UTF-8, within the side-file size limit).
    pub fn read_text(path: &Path) -> Result<String> {
        let bytes = crate::readfile::read_side_file(path)?;
        String::from_utf8(bytes).map_err(|e| {
            let line = e.as_bytes()[..e.utf8_error().valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            Error::input(path, Some(line), "not UTF-8")
        })
    }

    /// Parses the text of the config file `path`; errors name its line.
    pub fn parse(path: &Path, text: &str) -> Result<Self> {
        toml::from_str(text).map_err(|e| {
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

    /// The settings a run uses when every optional one is filled in with
    /// its default: what `crosscheck config` prints.
    pub fn effective(&self) -> Config {
        let defaults = crate::relate::Relator::default();
        let t = &self.thresholds;
        Config {
            within_documents: Some(self.within_documents.unwrap_or(false)),
            thresholds: Thresholds {
                corroborate: Some(t.corroborate.unwrap_or(defaults.corroborate_threshold)),
                duplicate: Some(t.duplicate.unwrap_or(defaults.duplicate_threshold)),
                abstain_below: Some(t.abstain_below.unwrap_or(defaults.abstain_below)),
            },
            ..self.clone()
        }
    }

    /// Finds the config of a run, as ruff does: `explicit` (`--config`),
    /// else the nearest `crosscheck.toml` in the first input's folder or a
    /// parent of it, else in the current folder or a parent of it.
    pub fn locate(explicit: Option<&Path>, inputs: &[PathBuf]) -> Located {
        if let Some(path) = explicit {
            return Located {
                path: Some(path.to_path_buf()),
                how: "given with --config".into(),
            };
        }
        let first = inputs.first().map(|first| {
            let first = first.canonicalize().unwrap_or_else(|_| first.clone());
            if first.is_dir() {
                first
            } else {
                first.parent().map(Path::to_path_buf).unwrap_or_default()
            }
        });
        let cwd = std::env::current_dir().ok();
        for (start, what) in [(first, "the first input"), (cwd, "the current folder")] {
            let Some(start) = start else { continue };
            if let Some(path) = start.ancestors().map(|d| d.join(FILE_NAME)).find(|p| p.is_file()) {
                return Located {
                    how: format!("the nearest {FILE_NAME} upward from {what} ({})", start.display()),
                    path: Some(path),
                };
            }
        }
        Located {
            path: None,
            how: format!("no {FILE_NAME} in the first input's folder, the current folder or a parent of either"),
        }
    }
}

/// Where a run's settings come from ([`Config::locate`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    /// The file, when there is one.
    pub path: Option<PathBuf>,
    /// How it was found, for `crosscheck config`.
    pub how: String,
}

impl Located {
    /// The config of the file found, or the defaults when there is none.
    pub fn read(&self) -> Result<Config> {
        match &self.path {
            Some(path) => Config::read(path),
            None => Ok(Config::default()),
        }
    }
}

/// `config` as TOML, its `f32` settings printed as written (`0.55`, not
/// the `0.550000011920929` of their widening to `f64`).
pub fn render(config: &Config) -> String {
    fn tidy(value: &mut toml::Value) {
        match value {
            toml::Value::Float(f) => *f = (*f as f32).to_string().parse().unwrap_or(*f),
            toml::Value::Table(table) => table.iter_mut().for_each(|(_, v)| tidy(v)),
            toml::Value::Array(items) => items.iter_mut().for_each(tidy),
            _ => {}
        }
    }
    let mut value = toml::Value::try_from(config).expect("a config serializes");
    tidy(&mut value);
    toml::to_string_pretty(&value).expect("a config serializes")
}

/// The dotted names of the settings a TOML text sets (`thresholds.corroborate`).
pub fn keys_set(text: &str) -> Vec<String> {
    fn walk(prefix: &str, table: &toml::Table, out: &mut Vec<String>) {
        for (key, value) in table {
            let name = if prefix.is_empty() {
                key.clone()
            } else {
                format!("{prefix}.{key}")
            };
            match value {
                toml::Value::Table(inner) if prefix.is_empty() || prefix == "rules" => walk(&name, inner, out),
                _ => out.push(name),
            }
        }
    }
    let mut out = Vec::new();
    if let Ok(table) = text.parse::<toml::Table>() {
        walk("", &table, &mut out);
    }
    out
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

#[cfg(test)]
mod locate_tests {
    use super::*;

    #[test]
    fn the_nearest_file_upward_from_the_first_input_wins() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("a").join("b");
        std::fs::create_dir_all(&corpus).unwrap();
        std::fs::write(dir.path().join(FILE_NAME), "").unwrap();
        let found = Config::locate(None, std::slice::from_ref(&corpus));
        assert_eq!(
            found.path.unwrap().canonicalize().unwrap(),
            dir.path().join(FILE_NAME).canonicalize().unwrap()
        );
        std::fs::write(dir.path().join("a").join(FILE_NAME), "").unwrap();
        let file = corpus.join("x.txt");
        std::fs::write(&file, "X.").unwrap();
        let found = Config::locate(None, &[file]);
        assert_eq!(
            found.path.unwrap().canonicalize().unwrap(),
            dir.path().join("a").join(FILE_NAME).canonicalize().unwrap()
        );
        let explicit = Config::locate(Some(Path::new("elsewhere.toml")), &[corpus]);
        assert_eq!(explicit.path.as_deref(), Some(Path::new("elsewhere.toml")));
    }

    #[test]
    fn keys_set_names_leaves_and_rule_parameters() {
        let keys = keys_set("exclude = [\"a\"]\n[thresholds]\ncorroborate = 0.6\n[rules.numeric]\nsame_claim = 0.7\n[aliases]\n\"x y\" = [\"x\"]\n");
        assert_eq!(
            keys,
            [
                "aliases.x y",
                "exclude",
                "rules.numeric.same_claim",
                "thresholds.corroborate"
            ]
        );
    }

    #[test]
    fn effective_fills_every_threshold() {
        let effective = Config::default().effective();
        assert!(
            render(&effective).contains("corroborate = 0.55\n"),
            "{}",
            render(&effective)
        );
        assert!(effective.thresholds.corroborate.is_some() && effective.thresholds.abstain_below.is_some());
        assert_eq!(effective.within_documents, Some(false));
    }
}
