# METADATA
# title: Policy document over its size quota
# description: |
#   The document is longer than AWS accepts for its kind, counting characters
#   without whitespace as IAM does: an AgentCore memory resource-based policy
#   20,480; a role trust policy 2,048 by default (the quota can be raised to
#   4,096); an inline identity policy 10,240 and a managed policy 6,144; an
#   S3 bucket policy 20 KB; an SNS topic policy 30 KB; a Kinesis resource
#   policy 20 KB. The API call that saves the policy fails, so the access it
#   describes is never in place.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
#   - ref: https://docs.aws.amazon.com/bedrock-agentcore-control/latest/APIReference/API_PutResourcePolicy.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
# custom:
#   id: ML013
#   severity: high
#   inputs: [policy]
#   access_analyzer: [POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA, POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA, POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA]
#   remediation: |
#     Shorten the document: merge statements that share principal, effect and
#     conditions, replace long action lists by a pattern that matches only
#     the actions meant, and remove redundant entries (ML009). For an identity
#     policy, split it into several policies. For a trust policy between
#     2,048 and 4,096 characters, request a higher "Role trust policy length"
#     quota in Service Quotas.
package rules.policy["policy-too-large"]

import data.lib.result

# Quotas in characters without whitespace, by policy kind. Kinds not listed
# (unknown) are not checked.
#
# memory: PutResourcePolicy "policy" length 1..20480 (AgentCore control-plane
#   API reference; the API counts the string as sent, memlint the characters
#   without whitespace, so a pretty-printed document can be rejected a little
#   below this count).
# trust: 2,048 default, 4,096 maximum after a quota increase (IAM quotas);
#   the band in between is the medium finding below.
# identity: 10,240 for inline policies (the aggregate inline quota of a
#   role), 6,144 for managed policies (IAM User Guide, reference_iam-quotas;
#   the managed figure is UNCONFIRMED from a primary source, taken from the
#   rule catalog).
# s3: "Bucket policies are limited to 20 KB"; sns: 30 KB topic policy.
# kinesis: 20 KB is UNCONFIRMED (no public source for the Kinesis resource
#   policy size limit was found); the catalog's value is used until a source
#   confirms it.
# kms: 32 KB is the KMS key policy quota of the KMS Developer Guide
#   (resource-limits.html), not confirmed against a second source.
# scp, rcp: 5,120 characters (AWS Organizations quotas,
#   orgs_reference_limits.html; RCP UNCONFIRMED). AWS counts every character
#   there, whitespace too ("All characters in your RCP count against its
#   maximum size"), so the count without whitespace is a lower bound: a
#   finding is certain, a pretty-printed policy can fail below the quota.
# permissions-boundary: a managed policy, 6,144.
_quotas := {
	"scp": 5120,
	"rcp": 5120,
	"permissions-boundary": 6144,
	"memory": 20480,
	"trust": 4096,
	"s3": 20480,
	"sns": 30720,
	"kinesis": 20480,
	"kms": 32768,
}

_quota("identity") := 6144 if input.policy.managed

_quota("identity") := 10240 if not input.policy.managed

_quota(kind) := _quotas[kind]

_trust_default := 2048

_names := {
	"scp": "a service control policy",
	"rcp": "a resource control policy",
	"permissions-boundary": "a permissions boundary (a managed policy)",
	"memory": "an AgentCore memory resource-based policy",
	"trust": "a role trust policy",
	"s3": "an S3 bucket policy",
	"sns": "an SNS topic policy",
	"kinesis": "a Kinesis resource-based policy",
	"kms": "a KMS key policy",
}

_name("identity") := "a managed identity policy" if input.policy.managed

_name("identity") := "an inline identity policy" if not input.policy.managed

_name(kind) := _names[kind]

deny contains result.fail(input.policy, msg) if {
	kind := input.policy.kind
	quota := _quota(kind)
	input.policy.size > quota
	msg := sprintf("The policy has '%d' characters without whitespace, more than the '%d' that %s may have.", [input.policy.size, quota, _name(kind)])
}

# A trust policy over the default quota but within the maximum is accepted
# once the account's quota was raised, which memlint cannot see.
deny contains result.with_severity(result.fail(input.policy, msg), "medium") if {
	input.policy.kind == "trust"
	input.policy.size > _trust_default
	input.policy.size <= _quota("trust")
	msg := sprintf("The trust policy has '%d' characters without whitespace, more than the default quota of '%d'; IAM accepts it only if the account's role trust policy quota was raised (up to '%d').", [input.policy.size, _trust_default, _quota("trust")])
}
