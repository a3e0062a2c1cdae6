// Package iam implements the parts of the IAM policy language that memlint's
// rules reason about: ARNs, wildcard matching, principal classification and
// condition operators.
//
// Everything here is a pure function of its arguments: no I/O, no global
// state beyond read-only tables, safe for concurrent use and cheap enough to
// call once per policy value (the functions are also exposed to Rego as
// builtins). The semantics follow the IAM User Guide
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/), cited page by page
// where each rule is implemented:
//
//   - reference_identifiers.html: ARN format, partitions, unique ID prefixes;
//   - reference_policies_elements_resource.html: wildcards in Resource ARNs;
//   - reference_policies_elements_action.html: case-insensitive actions;
//   - reference_policies_elements_principal.html: principal forms;
//   - reference_policies_elements_condition_operators.html: operators;
//   - access-analyzer-reference-policy-checks.html: the ARN errors that
//     Access Analyzer reports and rule ML012 mirrors.
//
// Evaluate (eval.go) decides whole requests with these pieces: Allow,
// implicit or explicit Deny across identity and resource policies, with a
// three-valued answer where a condition cannot be decided statically
// (reference_policies_evaluation-logic.html and its cross-account page).
// guardrail.go adds service control policies, resource control policies and
// permissions boundaries to it (Request.Guardrails): the AWS Organizations
// User Guide's orgs_manage_policies_scps_evaluation.html and
// orgs_manage_policies_rcps.html, and access_policies_boundaries.html
// (which also says a NotPrincipal Deny denies every principal with a
// boundary, as eval.go reads it).
//
// Policy variables (${aws:username} and friends) are not substituted by any
// function here: matching functions take patterns after substitution, and
// validation treats a segment holding a variable as unknown.
package iam
