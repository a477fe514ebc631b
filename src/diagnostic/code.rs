//! Diagnostic codes: the stable, machine-readable kind of every problem, as printed in JSON
//! (`"code"`), in GitHub annotations (`title=`) and listed in `docs/contract.md`. The string
//! form is the contract; the enum keeps call sites from inventing new spellings.

use serde::Serialize;

macro_rules! codes {
    ($($name:ident => $text:literal, $environment:literal;)*) => {
        /// Every diagnostic code pitwall prints.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $($name,)* }

        impl Code {
            pub const ALL: &[Code] = &[$(Code::$name,)*];

            /// The code as printed: `unknown-kpi`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$name => $text,)* }
            }

            /// A usage or environment error (exit status 2) rather than a content error.
            pub fn is_environment(self) -> bool {
                match self { $(Code::$name => $environment,)* }
            }
        }
    };
}

codes! {
    // How pitwall was run, and the machine it runs on (exit status 2).
    Usage => "usage", true;
    MissingRoot => "missing-root", true;
    MissingContent => "missing-content", true;
    UnknownMonth => "unknown-month", true;
    BadOut => "bad-out", true;
    Busy => "busy", true;
    DiskFull => "disk-full", true;
    Io => "io", true;
    NotEmpty => "not-empty", true;
    // Files that do not parse.
    Config => "config", false;
    FrontMatter => "front-matter", false;
    Kpi => "kpi", false;
    Outlet => "outlet", false;
    Scorecard => "scorecard", false;
    Event => "event", false;
    Glossary => "glossary", false;
    Encoding => "encoding", false;
    Template => "template", false;
    Search => "search", false;
    // Content and data that do not fit together.
    BadPath => "bad-path", false;
    BadTag => "bad-tag", false;
    BrokenAnchor => "broken-anchor", false;
    BrokenLink => "broken-link", false;
    UnsafeLink => "unsafe-link", false;
    Figure => "figure", false;
    DuplicateId => "duplicate-id", false;
    DuplicateMonth => "duplicate-month", false;
    DuplicateOutput => "duplicate-output", false;
    DuplicatePart => "duplicate-part", false;
    DuplicateTagUrl => "duplicate-tag-url", false;
    DuplicateUrl => "duplicate-url", false;
    ReservedPath => "reserved-path", false;
    UnknownKpi => "unknown-kpi", false;
    UnknownOutlet => "unknown-outlet", false;
    WrongType => "wrong-type", false;
    OutOfRange => "out-of-range", false;
    MonthMismatch => "month-mismatch", false;
    Exists => "exists", false;
    ImportMap => "import-map", false;
    ImportTable => "import-table", false;
    WrongMonth => "wrong-month", false;
    // Warnings.
    ReviewDue => "review-due", false;
    UnaddressedKpi => "unaddressed-kpi", false;
    MonthGap => "month-gap", false;
    MonthUnfilled => "month-unfilled", false;
    MissingData => "missing-data", false;
    OutletNoData => "outlet-no-data", false;
    InactiveOutlet => "inactive-outlet", false;
    MissingOutlet => "missing-outlet", false;
    MissingKpi => "missing-kpi", false;
    MissingSample => "missing-sample", false;
    Implausible => "implausible", false;
    ImplausibleFraction => "implausible-fraction", false;
    ImplausibleValue => "implausible-value", false;
    ImplausibleChange => "implausible-change", false;
    CopiedFigures => "copied-figures", false;
    DialogueLine => "dialogue-line", false;
    ScaffoldPlaceholder => "scaffold-placeholder", false;
    SymlinkNotFollowed => "symlink-not-followed", false;
    Leftover => "leftover", false;
    NoLock => "no-lock", false;
    PublicHost => "public-host", false;
    AudienceText => "audience-text", false;
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_distinct_and_in_the_contract() {
        let contract = include_str!("../../docs/contract.md");
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.as_str()), "{code} twice");
            assert!(
                contract.contains(&format!("| `{code}` |")),
                "docs/contract.md does not list `{code}` in its table of codes"
            );
        }
    }
}
