package rules.destination["destination-kms-denied_test"]

import data.rules.destination["destination-kms-denied"] as rule

_key_arn := "arn:aws:kms:us-east-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab"

_input(check, policy_supplied) := {
	"role": {"arn": "arn:aws:iam::111122223333:role/R", "account": "111122223333", "policies_supplied": true, "policy_loc": 3},
	"deliveries": [{
		"service": "sns", "arn": "arn:aws:sns:us-east-1:444455556666:t", "cross_account": "yes",
		"target": {"value": "arn:aws:sns:us-east-1:444455556666:t", "loc": 10},
		"key": {
			"ref": {"value": _key_arn, "loc": 11}, "implied": false, "arn": _key_arn,
			"account": "444455556666", "aws_managed": false,
			"policy_supplied": policy_supplied, "policy_loc": 12,
			"checks": [object.union({"action": "kms:GenerateDataKey", "resource": _key_arn}, check)],
		},
	}],
}

_side(allow, deny, undecided) := {
	"allow": allow, "deny": deny, "undecided": undecided, "policy_loc": 20, "undecided_loc": 22,
	"denies": [{"loc": 23, "ref": "DenyKms", "match": "yes"}],
	"near": {"kind": "none", "loc": 21, "value": ""},
}

_yes := _side("yes", "no", [])

_setting := {"loc": 11, "msg": "The destination is encrypted with this key here."}

test_deny_role_lacks_action if {
	rule.deny == {{
		"msg": sprintf("The execution role 'arn:aws:iam::111122223333:role/R' is not allowed 'kms:GenerateDataKey' on the KMS key '%s' that encrypts the sns destination 'arn:aws:sns:us-east-1:444455556666:t'.", [_key_arn]),
		"loc": 21, "related": [_setting, {"loc": 12, "msg": "The key policy is here."}],
	}} with input as _input({"role_needed": "yes", "role": _side("no", "no", []), "key": _yes}, true)
}

test_deny_key_policy_lacks_role if {
	rule.deny == {{
		"msg": sprintf("The key policy of '%s' does not allow the execution role 'arn:aws:iam::111122223333:role/R' to call 'kms:GenerateDataKey', which delivery to the sns destination 'arn:aws:sns:us-east-1:444455556666:t' needs (name the role, or its account's root together with the role's own permission).", [_key_arn]),
		"loc": 21, "related": [_setting, {"loc": 3, "msg": "The execution role's permission policy is here."}],
	}} with input as _input({"role_needed": "yes", "role": _yes, "key": _side("no", "no", [])}, true)
}

test_deny_key_policy_explicit_deny if {
	count(rule.deny) == 1 with input as _input({"role_needed": "yes", "role": _yes, "key": _side("yes", "yes", [])}, true)
	some f in rule.deny with input as _input({"role_needed": "yes", "role": _yes, "key": _side("yes", "yes", [])}, true)
	f.loc == 23
}

test_allow_both_sides if {
	count(rule.deny) == 0 with input as _input({"role_needed": "yes", "role": _yes, "key": _yes}, true)
}

test_allow_key_policy_names_role_same_account if {
	count(rule.deny) == 0 with input as _input({"role_needed": "no", "role": _side("no", "no", []), "key": _yes}, true)
}

test_allow_sides_not_supplied if {
	# No role side, no key side: nothing is claimed.
	count(rule.deny) == 0 with input as _input({"role_needed": "yes"}, false)
}

test_unknown_key_policy_same_account_is_note if {
	some f in rule.deny with input as _input({"role_needed": "maybe", "role": _side("no", "no", [])}, false)
	f.severity == "low"
	f.related == [_setting, {"loc": 10, "msg": "The memory definition names the destination here."}]
}

test_undecidable_key_condition_is_note if {
	rule.deny == {{
		"msg": sprintf("Whether the key policy of '%s' lets the execution role call 'kms:GenerateDataKey' depends on conditions memlint cannot decide statically (kms:ViaService).", [_key_arn]),
		"loc": 22, "related": [_setting, {"loc": 3, "msg": "The execution role's permission policy is here."}],
		"severity": "low",
	}} with input as _input({"role_needed": "yes", "role": _yes, "key": _side("maybe", "no", ["kms:ViaService"])}, true)
}

test_unknown_key_arn_named_by_its_setting if {
	# A key computed at deploy time whose policy infrastructure code links by reference.
	inp := json.patch(_input({"role_needed": "yes", "key": _side("no", "no", [])}, true), [
		{"op": "replace", "path": "/deliveries/0/key/arn", "value": ""},
		{"op": "replace", "path": "/deliveries/0/key/ref", "value": {"value": "!GetAtt Key.Arn", "loc": 11, "unknown": true}},
		{"op": "replace", "path": "/role/arn", "value": ""},
	])
	some f in rule.deny with input as inp
	startswith(f.msg, "The key policy of '!GetAtt Key.Arn' does not allow")
}

test_role_arn_unknown_same_account_is_note if {
	inp := json.patch(_input({"role_needed": "maybe", "role": _side("no", "no", [])}, true), [{"op": "replace", "path": "/role/arn", "value": ""}])
	rule.deny == {{
		"msg": sprintf("The execution role is not allowed 'kms:GenerateDataKey' on the KMS key '%s' that encrypts the sns destination 'arn:aws:sns:us-east-1:444455556666:t'; delivery fails unless the key policy names the role itself, which memlint cannot tell (the key policy or the role's ARN is not known).", [_key_arn]),
		"loc": 21, "related": [_setting, {"loc": 12, "msg": "The key policy is here."}],
		"severity": "low",
	}} with input as inp
}

test_key_policy_not_supplied_is_info if {
	inp := object.union(_input({"role_needed": "yes", "role": _yes}, false), {"memory": {"account": "111122223333"}})
	rule.deny == {{
		"msg": sprintf("memlint was not given the key policy of '%s' (account '444455556666'), which encrypts the sns destination 'arn:aws:sns:us-east-1:444455556666:t': it cannot verify that the key admits the execution role (add it under keys: in memlint.yaml).", [_key_arn]),
		"loc": 11, "severity": "info",
	}} with input as inp
}

test_same_account_key_policy_not_supplied_no_info if {
	inp := json.patch(_input({"role_needed": "maybe", "role": _yes}, false), [
		{"op": "add", "path": "/memory", "value": {"account": "444455556666"}},
	])
	count(rule.deny) == 0 with input as inp
}
