// Package source parses JSON and YAML documents into a tree of [Node]s that
// know where they came from: every value and every object key carries the
// file, line and column span of its text, so that a finding can name the
// most specific element (one array value, one key) of the file a user wrote.
//
// Lines are 1-based and end at '\n' (a '\r' before it ends the same line, so
// CRLF files number as editors do); columns are 1-based and count UTF-16
// code units, as SARIF wants, so "é" is one column and "😀" two. An end
// column is exclusive.
//
// [ParseJSON] is strict RFC 8259, on top of the jsontext tokenizer.
// [ParseYAML] builds the same tree from go.yaml.in/yaml/v3 nodes, keeping
// CloudFormation short-form tags (!Ref, !Sub, …) in [Node.Tag].
//
// Policies are often stored as JSON inside a string of another document: AWS
// CLI input files hold "policy": "{\"Version\": …}", CloudFormation
// templates "PolicyDocument: |" blocks, Terraform plans jsonencode results.
// [Node.Embedded] parses such a string and positions the result in the outer
// file, escape sequences accounted for, so a finding inside the policy points
// at the characters of the string literal that spell it.
//
// Positions inside YAML scalars are exact for plain, single-quoted and
// double-quoted scalars on one line and for literal block scalars (|, |-,
// |+) without an explicit indentation indicator. For folded block scalars
// (>) and for plain or quoted scalars that span lines, YAML folds line
// breaks and indentation in ways that leave no one-to-one correspondence
// worth keeping; every value embedded in such a scalar is positioned at the
// whole scalar.
//
// Errors are *[Error] values that print as "file:line:col: message". No
// input makes a parser panic; fuzz targets in the tests hold them to that.
//
// A parsed tree is read-only: its nodes may be read, and Embedded called,
// from several goroutines at once.
package source
