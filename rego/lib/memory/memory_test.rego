package lib.memory_test

import data.lib.memory

# eff is the "effective" field Go attaches to a principal value: the same
# reach for every action listed.
eff(actions, reach, outside, accounts, scoped) := {
	"reach": reach, "narrowed": false,
	"actions": {a: {"reach": reach, "outside": outside, "accounts": accounts, "orgs": [], "scoped": scoped, "via_service": false} | some a in actions},
}

_p(class, e) := {"type": "AWS", "value": "v", "class": class, "loc": 9, "effective": e}

_stmt(p, conditions) := {"effect": {"value": "Allow"}, "principal": {"not": false, "values": [p]}, "conditions": conditions}

test_outside_grants if {
	p := _p("role", eff(["bedrock-agentcore:GetEvent"], "principals", "yes", ["444455556666"], []))
	memory.outside_grants(_stmt(p, []), "bedrock-agentcore:GetEvent") == {p}
	memory.outside_grants(_stmt(p, []), "bedrock-agentcore:DeleteEvent") == set()
}

test_outside_grants_skips_own_account_and_none if {
	own := _p("role", eff(["bedrock-agentcore:GetEvent"], "principals", "no", ["111122223333"], []))
	none := _p("public", eff(["bedrock-agentcore:GetEvent"], "none", "no", [], []))
	memory.outside_grants(_stmt(own, []), "bedrock-agentcore:GetEvent") == set()
	memory.outside_grants(_stmt(none, []), "bedrock-agentcore:GetEvent") == set()
}

test_narrowed if {
	memory.narrowed(_p("public", eff(["a:B"], "organization", "yes", [], [])), "a:B")
	not memory.narrowed(_p("public", eff(["a:B"], "public", "yes", [], [])), "a:B")
	memory.narrowed(_p("account", eff(["a:B"], "principals", "yes", [], [])), "a:B")
	not memory.narrowed(_p("role", eff(["a:B"], "principals", "yes", [], [])), "a:B")
}

_cond(op, key, v) := {"operator": {"value": op}, "base": op, "qualifier": "", "if_exists": false, "key": {"value": key}, "values": [{"value": v}]}

test_scoped_by_positive_condition if {
	p := _p("role", eff(["a:B"], "principals", "yes", [], ["bedrock-agentcore:actorid"]))
	memory.scoped_by(_stmt(p, [_cond("StringEquals", "bedrock-agentcore:actorId", "agent-1")]), p, "a:B", {"bedrock-agentcore:actorid"})
}

test_scoped_by_negated_condition_is_not_a_scope if {
	p := _p("role", eff(["a:B"], "principals", "yes", [], ["bedrock-agentcore:actorid"]))
	not memory.scoped_by(_stmt(p, [_cond("StringNotEquals", "bedrock-agentcore:actorId", "admin")]), p, "a:B", {"bedrock-agentcore:actorid"})
}

test_scoped_by_deny_unless if {
	p := _p("role", eff(["a:B"], "principals", "yes", [], ["bedrock-agentcore:actorid"]))
	deny := {"effect": {"value": "Deny"}, "conditions": [_cond("StringNotEquals", "bedrock-agentcore:actorId", "agent-1")]}
	memory.scoped_by(_stmt(p, []), p, "a:B", {"bedrock-agentcore:actorid"}) with input.policy.statements as [_stmt(p, []), deny]
}

test_who if {
	memory.who({{"value": "*"}}) == "'*', outside account '111122223333'," with input.memory as {"account": "111122223333"}
	memory.who({{"value": "*"}}) == "'*', taken to be outside the memory's unknown account," with input.memory as {}
}

test_who_says_what_a_narrowed_principal_reaches if {
	e := {"reach": "organization", "narrowed": true, "actions": {"a:B": {"reach": "organization", "outside": "yes", "accounts": [], "orgs": ["o-a1b2c3d4e5"], "scoped": [], "via_service": false}}}
	memory.who({{"value": "*", "effective": e}}) == "'*' (organisation 'o-a1b2c3d4e5'), outside account '111122223333'," with input.memory as {"account": "111122223333"}
}

test_denied_for_everyone if {
	deny := {"effect": {"value": "Deny"}, "principal": {"not": false, "values": [{"class": "public"}]}, "action": {"not": false, "values": [{"value": "bedrock-agentcore:*Memory"}]}, "conditions": []}
	memory.denied_for_everyone("bedrock-agentcore:DeleteMemory") with input.policy.statements as [deny]
	not memory.denied_for_everyone("bedrock-agentcore:DeleteEvent") with input.policy.statements as [deny]
	conditional := object.union(deny, {"conditions": [{"key": {"value": "aws:PrincipalOrgID"}}]})
	not memory.denied_for_everyone("bedrock-agentcore:DeleteMemory") with input.policy.statements as [conditional]
}
