# METADATA
# title: Policy has no Version or the legacy 2008-10-17 Version
# description: |
#   Without "Version": "2012-10-17" IAM reads the document with the legacy
#   2008-10-17 policy language, in which policy variables such as
#   ${aws:username} or ${aws:PrincipalTag/team} are not substituted: they are
#   literal text, so a Resource or condition value that uses one matches only
#   those exact characters and the statement quietly grants (or denies)
#   nothing. Access Analyzer reports a missing Version as a warning. Any other
#   Version value is a grammar error (ML002).
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
# custom:
#   id: ML003
#   severity: medium
#   inputs: [policy]
#   access_analyzer: [MISSING_VERSION]
#   remediation: |
#     Start the document with "Version": "2012-10-17", the current policy
#     language version, so policy variables and the other features of the
#     current language work.
package rules.policy["missing-version"]

import data.lib.result

deny contains result.fail(input.policy, msg) if {
	not input.policy.version
	_is_document
	msg := concat("", ["The policy has no Version, so IAM reads it with the 2008-10-17 policy language", _consequence, "."])
}

deny contains result.fail(input.policy.version, msg) if {
	input.policy.version.value == "2008-10-17"
	msg := concat("", ["Version '2008-10-17' is the legacy policy language", _consequence, "."])
}

# A policy object reached the decoder. A manifest can name a file whose top
# level is not an object: Go reports that as ML001 and passes on a document
# with neither statements nor grammar problems, which has no Version to miss.
_is_document if count(input.policy.statements) > 0

_is_document if count(input.policy.problems) > 0

# The policy's variables ("${...}" in Resource and condition values) are
# counted in Go, over every statement: input.policy.variables holds their
# count, the first and where it is (absent when there are none).
_consequence := ", where policy variables such as '${aws:username}' are literal text" if not input.policy.variables

_consequence := sprintf(": the policy variable '%s' in %s is literal text, not substituted%s", [v.first, v.where, _more]) if {
	v := input.policy.variables
}

_more := "" if input.policy.variables.count == 1

_more := " (and 1 more use of a variable)" if input.policy.variables.count == 2

_more := sprintf(" (and %d more uses of variables)", [input.policy.variables.count - 1]) if input.policy.variables.count > 2
