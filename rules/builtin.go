package rules

// Builtin holds the metadata of the rules implemented in Go: checks only Go
// can make, such as a document that does not parse and so never reaches Rego.
var Builtin = []*Meta{
	{
		// id: ML001
		ID:       "ML001",
		Slug:     "invalid-document",
		Category: "policy",
		Title:    "File is not a valid JSON or YAML document",
		Description: "The file (or a policy held as a JSON string inside it) is not valid JSON or YAML, " +
			"or a policy's top level is not an object. AWS rejects such a document outright, and memlint " +
			"cannot check anything inside it. JSON is parsed strictly (RFC 8259): trailing commas, comments, " +
			"byte-order marks, duplicate keys and concatenated documents are errors, as they are for IAM. " +
			"A file in UTF-16 or UTF-32 with a byte-order mark (what PowerShell's Out-File writes by default) " +
			"is reported too, then decoded and checked, positions in the decoded text; a named pipe, device " +
			"or socket named on the command line is reported and not read.",
		Remediation: "Fix the syntax error at the reported position; validate the file with a strict JSON parser " +
			"(for example `python3 -m json.tool`). Policies passed to the AWS CLI as strings must themselves be valid JSON. " +
			"Save files as UTF-8 without a byte-order mark (PowerShell 7: `Out-File -Encoding utf8NoBOM`).",
		Severity:       High,
		Inputs:         []string{"file"},
		AccessAnalyzer: []string{"JSON_SYNTAX_ERROR"},
		Go:             true,
	},
	{
		// id: ML701
		ID:       "ML701",
		Slug:     "removal-breaks-active-access",
		Category: "audit",
		Title:    "Removing or changing the policy takes away access that is in use",
		Description: "Reported by `memlint diff` and `memlint audit --remove` with CloudTrail evidence (`--cloudtrail`): " +
			"the change takes away a data-plane action on a memory from a principal, and the CloudTrail records show that " +
			"principal calling that action on that memory successfully within the window (`--since`, 90 days by default). " +
			"Access is compared after both sides, Denies and conditions, as `memlint access` computes it. " +
			"The AWS guide's last best practice is to verify, before removing a resource-based policy, that no active " +
			"workload in another account depends on the access: this one does, and will start failing with AccessDenied.",
		Remediation: "Keep the grant until the consumer named in the finding has moved off it (the finding gives the role, " +
			"the action and its last call), or agree the cut-over with its owner and accept the finding for this change. " +
			"If the change is meant to narrow the grant, keep the actions the evidence shows in use.",
		Severity: High,
		Inputs:   []string{"diff", "cloudtrail"},
		Go:       true,
	},
	{
		// id: ML702
		ID:       "ML702",
		Slug:     "removal-drops-access",
		Category: "audit",
		Title:    "Removing or changing the policy takes away access, with no evidence of its use",
		Description: "Reported by `memlint diff` and `memlint audit --remove`: the change takes away a data-plane action on a " +
			"memory from a principal, and there is no evidence either way of whether it is used. The message says which: " +
			"no CloudTrail records were given, the records hold no bedrock-agentcore.amazonaws.com call at all (AgentCore " +
			"data-plane calls are CloudTrail data events, logged only when the trail selects them), or no record names the " +
			"memory. None of these is evidence that the access is unused.",
		Remediation: "Run the audit with the CloudTrail records of the memory's account for the window " +
			"(`--cloudtrail DIR` with the trail's S3 files, or `--cloudtrail-live`), after making sure the trail logs " +
			"AgentCore data events; or confirm with the consumer's owner that the access is no longer needed.",
		Severity: Medium,
		Inputs:   []string{"diff"},
		Go:       true,
	},
	{
		// id: ML703
		ID:       "ML703",
		Slug:     "dead-grant",
		Category: "audit",
		Title:    "A granted principal made no successful call in the window",
		Description: "Reported by `memlint diff` and `memlint audit` with CloudTrail evidence: the records name the memory " +
			"(so its data events are logged) but show no successful call of the granted actions by this principal within " +
			"the window — only AccessDenied answers, or nothing. For access a change takes away, this says the removal is " +
			"safe by the evidence; for a grant that stays, that it is a candidate for removal (least privilege).",
		Remediation: "Remove the unused grant, or narrow it to the actions in use. If the consumer calls rarely (a yearly " +
			"job), widen the window with `--since` before deciding.",
		Severity: Low,
		Inputs:   []string{"diff", "cloudtrail"},
		Go:       true,
	},
	{
		// id: ML704
		ID:       "ML704",
		Slug:     "change-adds-access",
		Category: "audit",
		Title:    "The new version of a policy grants access the old one did not",
		Description: "Reported by `memlint diff`: after the change a principal can call a data-plane action on a memory " +
			"that it could not call before (after both sides, Denies and conditions). The finding names who gains what, " +
			"at the element of the new version that grants it, so a reviewer sees every widening of cross-account access " +
			"in the pull request that makes it.",
		Remediation: "Check that the principal and the action are meant to be granted; scope the grant to a role rather " +
			"than an account, and with conditions (namespace, actorId) where the consumer needs only part of the memory.",
		Severity: Medium,
		Inputs:   []string{"diff"},
		Go:       true,
	},
}
