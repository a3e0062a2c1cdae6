package rules.policy["sid-problems_test"]

import data.lib.policy
import data.rules.policy["sid-problems"] as rule

# Statement i with Sid sid (null: no Sid); its Sid is at loc 100+i.
_stmt(i, sid) := object.union(
	{
		"index": i, "ref": sprintf("#%d", [i]), "loc": 10 * i,
		"effect": {"value": "Allow", "loc": (10 * i) + 1},
		"action": {"not": false, "loc": (10 * i) + 2, "values": [{"value": "s3:GetObject", "loc": (10 * i) + 3}]},
		"resource": {"not": false, "loc": (10 * i) + 4, "values": [{"value": "arn:aws:s3:::b/*", "loc": (10 * i) + 5}]},
		"conditions": [],
	},
	_sid(i, sid),
)

_sid(_, null) := {}

_sid(i, sid) := {"ref": sid, "sid": {"value": sid, "loc": 100 + i}} if sid != null

_input(kind, sids) := {"policy": policy.with_has({
	"file": "p.json", "kind": kind, "kind_inferred": false, "loc": 0,
	"version": {"value": "2012-10-17", "loc": 99}, "problems": [],
	"statements": [_stmt(i, sid) | some i, sid in sids],
})}

# The input as the Go builder gives it when statement i repeats the Sid of
# statement firsts[i] (internal/lint finds them; its tests cover which).
_dups(kind, sids, firsts) := {"policy": policy.with_has(object.union(_input(kind, sids).policy, {"statements": [s |
	some i, sid in sids
	s := object.union(_stmt(i, sid), _first(sids, firsts, i))
]}))}

_first(sids, firsts, i) := {"sid_first": {"value": sids[firsts[i]], "loc": 100 + firsts[i]}} if firsts[i]

_first(_, firsts, i) := {} if not firsts[i]

test_deny_duplicates if {
	rule.deny == {
		{"msg": "The Sid 'Read' is already used by an earlier statement: Sids must be unique within a policy.", "loc": 102, "related": [{"loc": 100, "msg": "The first statement with Sid 'Read'."}]},
		{"msg": "The Sid 'Read' is already used by an earlier statement: Sids must be unique within a policy.", "loc": 103, "related": [{"loc": 100, "msg": "The first statement with Sid 'Read'."}]},
	} with input as _dups("memory", ["Read", "Write", "Read", "Read"], {2: 0, 3: 0})
}

test_deny_characters_in_identity_policy if {
	rule.deny == {{"msg": "The Sid 'Allow memory-read' has characters other than A–Z, a–z and 0–9 ('-', space), which IAM rejects in identity policies.", "loc": 100}} with input as _input("identity", ["Allow memory-read"])
}

test_deny_characters_in_trust_policy if {
	rule.deny == {{"msg": "The Sid 'Trust_AgentCore' has characters other than A–Z, a–z and 0–9 ('_'), which IAM rejects in role trust policies.", "loc": 100}} with input as _input("trust", ["Trust_AgentCore"])
}

test_allow_unique_alphanumeric if {
	count(rule.deny) == 0 with input as _input("identity", ["Read", "Write2", null, null])
}

# Resource-based policies accept spaces and hyphens in Sids.
test_allow_characters_in_resource_policy if {
	count(rule.deny) == 0 with input as _input("memory", ["Allow cross-account read"])
	count(rule.deny) == 0 with input as _input("s3", ["Allow delivery: memory"])
}

test_allow_unknown_kind if {
	count(rule.deny) == 0 with input as _input("unknown", ["Allow read"])
}

# Interleaved groups: each later statement is related to the first of its own Sid.
test_deny_interleaved_duplicates if {
	rule.deny == {
		{"msg": "The Sid 'A' is already used by an earlier statement: Sids must be unique within a policy.", "loc": 103, "related": [{"loc": 101, "msg": "The first statement with Sid 'A'."}]},
		{"msg": "The Sid 'B' is already used by an earlier statement: Sids must be unique within a policy.", "loc": 104, "related": [{"loc": 102, "msg": "The first statement with Sid 'B'."}]},
		{"msg": "The Sid 'B' is already used by an earlier statement: Sids must be unique within a policy.", "loc": 106, "related": [{"loc": 102, "msg": "The first statement with Sid 'B'."}]},
	} with input as _dups("memory", ["", "A", "B", "A", "B", null, "B"], {3: 1, 4: 2, 6: 2})
}
