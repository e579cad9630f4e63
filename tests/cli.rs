//! Exit codes and output of the one-shot commands (DESIGN §3): 0 ok,
//! 1 the check failed, 2 usage or input error.

mod common;

use common::{crosscheck, Run};

struct Case {
    name: &'static str,
    args: &'static [&'static str],
    code: i32,
    /// The first line of stdout starts with this ("" for no check).
    stdout_starts: &'static str,
    /// Stderr contains this ("" for no check).
    stderr_has: &'static str,
}

const CASES: &[Case] = &[
    Case {
        name: "compare flags a numeric conflict and exits 0",
        args: &[
            "compare",
            "The storm killed 12 people in the port city.",
            "The storm killed 20 people in the port city.",
        ],
        code: 0,
        stdout_starts: "conflicts (numeric)",
        stderr_has: "",
    },
    Case {
        name: "compare sees the same sentence twice as corroborating",
        args: &[
            "compare",
            "The storm killed 12 people in the port city.",
            "The storm killed 12 people in the port city.",
        ],
        code: 0,
        stdout_starts: "corroborates",
        stderr_has: "",
    },
    Case {
        name: "scan without a path is a usage error",
        args: &["scan"],
        code: 2,
        stdout_starts: "",
        stderr_has: "<PATHS>",
    },
    Case {
        name: "compare with one sentence is a usage error",
        args: &["compare", "The storm killed 12 people."],
        code: 2,
        stdout_starts: "",
        stderr_has: "<B>",
    },
    Case {
        name: "an unknown command is a usage error",
        args: &["frobnicate"],
        code: 2,
        stdout_starts: "",
        stderr_has: "frobnicate",
    },
    Case {
        name: "test on a missing pairs file is an input error naming it",
        args: &["test", "/nonexistent/crosscheck-known-pairs.jsonl"],
        code: 2,
        stdout_starts: "",
        stderr_has: "/nonexistent/crosscheck-known-pairs.jsonl",
    },
];

#[test]
fn exit_codes_and_output_of_one_shot_commands() {
    let mut failures = Vec::new();
    for case in CASES {
        let run = Run::of(crosscheck().args(case.args));
        let first_line = run.stdout.lines().next().unwrap_or("");
        if run.code != case.code {
            failures.push(format!(
                "{}: exit code {} (want {})\n{}",
                case.name,
                run.code,
                case.code,
                run.show()
            ));
        } else if !first_line.starts_with(case.stdout_starts) {
            failures.push(format!(
                "{}: stdout does not start with {:?}\n{}",
                case.name,
                case.stdout_starts,
                run.show()
            ));
        } else if !run.stderr.contains(case.stderr_has) {
            failures.push(format!(
                "{}: stderr lacks {:?}\n{}",
                case.name,
                case.stderr_has,
                run.show()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
