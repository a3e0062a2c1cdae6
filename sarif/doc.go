// Package sarif writes memlint findings as a SARIF 2.1.0 log, the format GitHub
// code scanning and most editors ingest.
//
// Write reads only the rule catalog ([rules.Catalog], [rules.Meta]) and the
// findings ([rules.Finding]); it evaluates nothing. The log it produces is
// checked in CI by the SARIF Multitool validator with the SARIF, GitHub and
// GitHub Advanced Security rule sets (--rule-kind "Sarif;Gh;Ghas"), and must
// stay free of errors and warnings there. What that takes, with the rule that
// asks for it:
//
//   - $schema names the final SARIF 2.1.0 schema (SARIF1011, SARIF2008, GH1011,
//     GH1013).
//   - tool.driver has name, a version that starts with a digit, semanticVersion
//     when there is one, and informationUri (SARIF2005, GH1018); it lists every
//     catalog rule, sorted by ID so that ruleIndex is stable from run to run.
//   - Each rule has id, a friendly name distinct from the id (the slug in
//     PascalCase: SARIF1001, SARIF2012), shortDescription, fullDescription and
//     help.text (GH2012, the rule the style guide calls GHAS2012) plus
//     help.markdown, an absolute helpUri (SARIF1005, SARIF2012),
//     defaultConfiguration.level, and the properties GitHub reads:
//     security-severity, tags (including "security", without which GitHub
//     ignores security-severity) and precision.
//   - The run has a results array even when empty (GH1014).
//   - Each result names its rule by ruleId and ruleIndex (SARIF1010), has a
//     level, a plain-text message (GH1007, GH1015), exactly one location with a
//     physicalLocation (GH1001, GH1016, GH1017) whose artifactLocation.uri is a
//     valid relative reference (SARIF1002, SARIF1004, GH1005) from
//     [Options.BaseDir] with forward slashes and the %SRCROOT% base, and a
//     region with at least startLine whose end does not precede its start
//     (GH1003, SARIF1007, SARIF2017). It carries the finding's related
//     locations and a line-independent partial fingerprint ([Fingerprint]).
//   - A suppressed finding (config ignore entry or memlint:ignore comment)
//     stays a result, with suppressions [{kind: "external" or "inSource",
//     justification: the reason}], so GitHub shows it as dismissed; its
//     fingerprint is unchanged. [Options.Notes] (an expired ignore entry, a
//     document whose kind was inferred) are the run's
//     invocations[0].toolExecutionNotifications, level note.
//   - The run's properties hold filesChecked, how many files were checked
//     ([Options.FilesChecked]), so that a log of an empty input is not
//     mistaken for a clean one.
//   - Artifact indexes point into run.artifacts (SARIF1009), whose entries carry
//     a role besides their location (SARIF2004 EliminateLocationOnlyArtifacts).
//   - No timestamps, no absolute paths, sorted output: the same input gives the
//     same bytes, so logs can be golden-tested and diffed.
//
// go-sarif v3 fills every optional array with [] and every optional index with
// the -1 "unset" sentinel, which the validator rejects (SARIF2004
// OmitSentinelIndex). Write therefore removes empty arrays and members that
// spell out a SARIF default before writing (see compact.go); an absent member
// means its default, so the log's meaning does not change.
package sarif
