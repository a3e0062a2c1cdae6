# METADATA
# title: Duplicate Sid, or a Sid with characters IAM rejects
# description: |
#   Sids name statements: IAM requires them to be unique within a policy, and
#   tools, diffs and Access Analyzer findings refer to statements by Sid, so a
#   repeated Sid makes two statements indistinguishable. In identity policies
#   and role trust policies IAM accepts only the characters A–Z, a–z and 0–9
#   in a Sid and rejects the document otherwise; resource-based policies (S3,
#   SNS, Kinesis, AgentCore memory) accept other characters such as spaces and
#   hyphens, so only duplicates are reported there. An empty Sid is allowed.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
# custom:
#   id: ML004
#   severity: low
#   inputs: [policy]
#   access_analyzer: [UNIQUE_SIDS_REQUIRED, UNIQUE_SIDS_RECOMMENDED, UNSUPPORTED_SID]
#   remediation: |
#     Give every statement its own Sid, and in identity and role trust
#     policies write Sids with letters and digits only, for example
#     "AllowMemoryRead" rather than "allow-memory read".
package rules.policy["sid-problems"]

import data.lib.policy
import data.lib.result

# The second and later statements with a Sid already used, each related to
# the first: the statements' sid_first (found in Go, in one pass over the
# whole policy, so the rule stays linear and a policy evaluated in parts
# still sees Sids of other parts).
deny contains result.fail_related(stmt.sid, msg, stmt.sid_first, sprintf("The first statement with Sid '%s'.", [stmt.sid.value])) if {
	input.policy.has.repeated_sid
	some stmt in input.policy.statements
	stmt.sid_first
	msg := sprintf("The Sid '%s' is already used by an earlier statement: Sids must be unique within a policy.", [stmt.sid.value])
}

deny contains result.fail(stmt.sid, msg) if {
	input.policy.kind in {"identity", "trust"}
	some stmt in input.policy.statements
	regex.match(`[^A-Za-z0-9]`, stmt.sid.value) # undefined without a Sid
	policy.known(stmt.sid)
	chars := _bad_chars(stmt.sid.value)
	count(chars) > 0
	msg := sprintf("The Sid '%s' has characters other than A–Z, a–z and 0–9 (%s), which IAM rejects in %s.", [stmt.sid.value, concat(", ", chars), _kind_names[input.policy.kind]])
}

_kind_names := {"identity": "identity policies", "trust": "role trust policies"}

_bad_chars(sid) := sort({_quote(c) | some c in regex.find_n(`[^A-Za-z0-9]`, sid, -1)})

_quote(" ") := "space"

_quote(c) := sprintf("'%s'", [c]) if c != " "
