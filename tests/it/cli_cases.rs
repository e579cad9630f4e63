//! The CLI cases in `tests/cmd/` (one TOML file per command line: its
//! arguments, exit status and output), run with trycmd.

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .register_bin("crosscheck", std::path::Path::new(env!("CARGO_BIN_EXE_crosscheck")))
        .case("tests/cmd/*.toml");
}
