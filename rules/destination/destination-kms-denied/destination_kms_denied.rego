# METADATA
# title: Execution role cannot use the KMS key of an encrypted destination
# description: |
#   The destination is encrypted with a KMS key (SNS KmsMasterKeyId, S3
#   default encryption aws:kms or aws:kms:dsse, Kinesis StreamEncryption,
#   the manifest's kms_key) and delivery cannot use it: the execution
#   role's permission policies do not allow the KMS actions delivery needs
#   on the key (SNS: kms:GenerateDataKey* and kms:Decrypt; Kinesis and S3:
#   kms:GenerateDataKey), or the key policy, when memlint was given it,
#   does not allow the role. A key policy admits the role by naming it, or
#   by naming its account's root, which delegates to the role's identity
#   policy; in another account than the key, the role needs both. The KMS
#   service refuses a key to a principal its key policy does not admit,
#   even in the key's own account, and the memory's write to the
#   destination then fails. Go evaluates both sides with memlint's IAM
#   evaluation core. A grant that depends on a condition memlint cannot
#   decide is a note; a side that was not supplied is not judged (for a
#   key in another account memlint says once, as an info note, that it was
#   not given the key policy); AWS managed keys are ML410's.
# related_resources:
#   - ref: https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html
#   - ref: https://docs.aws.amazon.com/streams/latest/dev/permissions-user-key-KMS.html
#   - ref: https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html
# custom:
#   id: ML409
#   severity: high
#   inputs: [memory]
#   remediation: |
#     Allow the KMS actions on the key in the execution role's permission policy, e.g.
#     {"Effect": "Allow", "Action": ["kms:GenerateDataKey", "kms:Decrypt"], "Resource": "arn:aws:kms:<region>:<key-account-id>:key/<key-id>"}
#     and admit the role in the key policy, e.g.
#     {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::<account-A-id>:role/<memory-execution-role-name>"},
#      "Action": ["kms:GenerateDataKey", "kms:Decrypt"], "Resource": "*"}
package rules.destination["destination-kms-denied"]

import data.lib.result

# The role's ARN in quotes, or nothing when infrastructure code links the role by reference.
_role := sprintf(" '%s'", [input.role.arn]) if input.role.arn != ""

_role := "" if input.role.arn == ""

# The key's ARN, else the key as the destination's setting writes it.
_key(d) := d.key.arn if d.key.arn != ""

_key(d) := d.key.ref.value if d.key.arn == ""

_setting(d) := {"loc": d.key.ref.loc, "msg": "The destination is encrypted with this key here."}

# Related locations of a finding on the role side: the encryption setting
# and the key policy (else the definition naming the destination).
_role_related(d) := [_setting(d), {"loc": d.key.policy_loc, "msg": "The key policy is here."}] if d.key.policy_supplied

_role_related(d) := [_setting(d), {"loc": d.target.loc, "msg": "The memory definition names the destination here."}] if not d.key.policy_supplied

# Related locations of a finding on the key side: the encryption setting
# and the role's permission policy (else the definition naming the destination).
_key_related(d) := [_setting(d), {"loc": input.role.policy_loc, "msg": "The execution role's permission policy is here."}] if input.role.policies_supplied

_key_related(d) := [_setting(d), {"loc": d.target.loc, "msg": "The memory definition names the destination here."}] if not input.role.policies_supplied

_key_check contains [d, c] if {
	some d in input.deliveries
	some c in d.key.checks
}

# The role's permission policies do not allow the action on the key.
deny contains result.fail_related_all(c.role.near, msg, _role_related(d)) if {
	input.role.policies_supplied
	some [d, c] in _key_check
	c.role_needed == "yes"
	c.role.allow == "no"
	c.role.deny != "yes"
	msg := sprintf("The execution role%s is not allowed '%s' on the KMS key '%s' that encrypts the %s destination '%s'.", [_role, c.action, _key(d), d.service, d.arn])
}

# Same account, key policy not supplied (or the role's ARN unknown): needed
# unless the key policy names the role.
deny contains result.with_severity(result.fail_related_all(c.role.near, msg, _role_related(d)), "low") if {
	input.role.policies_supplied
	some [d, c] in _key_check
	c.role_needed == "maybe"
	c.role.allow == "no"
	c.role.deny != "yes"
	msg := sprintf("The execution role%s is not allowed '%s' on the KMS key '%s' that encrypts the %s destination '%s'; delivery fails unless the key policy names the role itself, which memlint cannot tell (the key policy or the role's ARN is not known).", [_role, c.action, _key(d), d.service, d.arn])
}

deny contains result.fail_related_all(dn, msg, _role_related(d)) if {
	input.role.policies_supplied
	some [d, c] in _key_check
	c.role_needed != "no"
	c.role.deny == "yes"
	some dn in c.role.denies
	dn.match == "yes"
	msg := sprintf("Statement '%s' explicitly denies the execution role '%s' on the KMS key '%s' that encrypts the %s destination '%s'.", [dn.ref, c.action, _key(d), d.service, d.arn])
}

deny contains result.with_severity(result.fail_related_all({"loc": c.role.undecided_loc}, msg, _role_related(d)), "low") if {
	input.role.policies_supplied
	some [d, c] in _key_check
	c.role_needed != "no"
	c.role.deny != "yes"
	"maybe" in {c.role.allow, c.role.deny}
	msg := sprintf("Whether the execution role may call '%s' on the KMS key '%s' of the %s destination '%s' depends on conditions memlint cannot decide statically (%s).", [c.action, _key(d), d.service, d.arn, concat(", ", c.role.undecided)])
}

# The key policy does not admit the role.
deny contains result.fail_related_all(c.key.near, msg, _key_related(d)) if {
	some [d, c] in _key_check
	c.key.allow == "no"
	c.key.deny != "yes"
	msg := sprintf("The key policy of '%s' does not allow the execution role '%s' to call '%s', which delivery to the %s destination '%s' needs (name the role, or its account's root together with the role's own permission).", [_key(d), input.role.arn, c.action, d.service, d.arn])
}

deny contains result.fail_related_all(dn, msg, _key_related(d)) if {
	some [d, c] in _key_check
	c.key.deny == "yes"
	some dn in c.key.denies
	dn.match == "yes"
	msg := sprintf("Statement '%s' of the key policy of '%s' explicitly denies the execution role '%s' '%s', which delivery to the %s destination '%s' needs.", [dn.ref, _key(d), input.role.arn, c.action, d.service, d.arn])
}

deny contains result.with_severity(result.fail_related_all({"loc": c.key.undecided_loc}, msg, _key_related(d)), "low") if {
	some [d, c] in _key_check
	c.key.deny != "yes"
	"maybe" in {c.key.allow, c.key.deny}
	msg := sprintf("Whether the key policy of '%s' lets the execution role call '%s' depends on conditions memlint cannot decide statically (%s).", [_key(d), c.action, concat(", ", c.key.undecided)])
}

# The key policy of a key in another account was not supplied: said once,
# as an info note, rather than claiming a missing grant.
deny contains result.with_severity(result.fail(d.key.ref, msg), "info") if {
	some d in input.deliveries
	count(d.key.checks) > 0
	not d.key.policy_supplied
	d.key.account != input.memory.account
	msg := sprintf("memlint was not given the key policy of '%s' (account '%s'), which encrypts the %s destination '%s': it cannot verify that the key admits the execution role (add it under keys: in memlint.yaml).", [_key(d), d.key.account, d.service, d.arn])
}
