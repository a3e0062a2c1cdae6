package rules.policy["policy-too-large_test"]

import data.rules.policy["policy-too-large"] as rule

_input(kind, size, managed) := {"policy": {"kind": kind, "size": size, "managed": managed, "loc": 0, "statements": []}}

test_deny_memory_over_quota if {
	rule.deny == {{"msg": "The policy has '20481' characters without whitespace, more than the '20480' that an AgentCore memory resource-based policy may have.", "loc": 0}} with input as _input("memory", 20481, false)
}

test_allow_memory_at_quota if {
	count(rule.deny) == 0 with input as _input("memory", 20480, false)
}

test_deny_trust_over_maximum if {
	rule.deny == {{"msg": "The policy has '4097' characters without whitespace, more than the '4096' that a role trust policy may have.", "loc": 0}} with input as _input("trust", 4097, false)
}

test_deny_trust_over_default_is_medium if {
	rule.deny == {{"msg": "The trust policy has '2049' characters without whitespace, more than the default quota of '2048'; IAM accepts it only if the account's role trust policy quota was raised (up to '4096').", "loc": 0, "severity": "medium"}} with input as _input("trust", 2049, false)
}

test_allow_trust_at_default if {
	count(rule.deny) == 0 with input as _input("trust", 2048, false)
}

test_deny_managed_identity if {
	rule.deny == {{"msg": "The policy has '6145' characters without whitespace, more than the '6144' that a managed identity policy may have.", "loc": 0}} with input as _input("identity", 6145, true)
}

test_allow_inline_identity_over_managed_quota if {
	count(rule.deny) == 0 with input as _input("identity", 6145, false)
}

test_deny_inline_identity if {
	rule.deny == {{"msg": "The policy has '10241' characters without whitespace, more than the '10240' that an inline identity policy may have.", "loc": 0}} with input as _input("identity", 10241, false)
}

test_deny_sns if {
	rule.deny == {{"msg": "The policy has '30721' characters without whitespace, more than the '30720' that an SNS topic policy may have.", "loc": 0}} with input as _input("sns", 30721, false)
}

test_deny_s3_and_kinesis if {
	count(rule.deny) == 1 with input as _input("s3", 20481, false)
	count(rule.deny) == 1 with input as _input("kinesis", 20481, false)
	count(rule.deny) == 0 with input as _input("sns", 20481, false)
}

test_allow_unknown_kind if {
	# No quota is known for a document whose kind could not be told.
	count(rule.deny) == 0 with input as _input("unknown", 50000, false)
}

test_deny_kms_key_policy if {
	rule.deny == {{"msg": "The policy has '32769' characters without whitespace, more than the '32768' that a KMS key policy may have.", "loc": 0}} with input as _input("kms", 32769, false)
	count(rule.deny) == 0 with input as _input("kms", 32768, false)
}
