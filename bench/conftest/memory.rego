# The four checks a team would write by hand with conftest, for the side by
# side timing in bench/compare.sh: the policy-only core of ML101, ML102,
# ML202 and ML303, on the raw JSON of each document. They know nothing of
# conditions, Denies, manifests or the other side of a setup.
package main

import rego.v1

statements contains s if {
	is_array(input.Statement)
	some s in input.Statement
}

statements contains input.Statement if is_object(input.Statement)

aws_principals(s) := {p | some p in s.Principal.AWS} if is_array(s.Principal.AWS)

aws_principals(s) := {s.Principal.AWS} if is_string(s.Principal.AWS)

# ML101: a memory resource policy grants an account root.
deny contains msg if {
	some s in statements
	s.Effect == "Allow"
	some p in aws_principals(s)
	endswith(p, ":root")
	some a in actions(s)
	startswith(a, "bedrock-agentcore:")
	msg := sprintf("grants the account root %s", [p])
}

# ML102: anyone may call, with no condition.
deny contains msg if {
	some s in statements
	s.Effect == "Allow"
	public(s)
	not s.Condition
	msg := "grants everyone"
}

public(s) if s.Principal == "*"

public(s) if "*" in aws_principals(s)

# ML202: the execution role trusts the service with no source condition.
deny contains msg if {
	some s in statements
	s.Effect == "Allow"
	services(s)["bedrock-agentcore.amazonaws.com"]
	not source_condition(s)
	msg := "trusts bedrock-agentcore.amazonaws.com with no aws:SourceAccount or aws:SourceArn condition"
}

services(s) := {p | some p in s.Principal.Service} if is_array(s.Principal.Service)

services(s) := {s.Principal.Service} if is_string(s.Principal.Service)

source_condition(s) if {
	some _, kv in s.Condition
	some k, _ in kv
	lower(k) in {"aws:sourceaccount", "aws:sourcearn"}
}

# ML303: a permission policy allows every action of a delivery service.
deny contains msg if {
	some s in statements
	s.Effect == "Allow"
	not s.Principal
	some a in actions(s)
	a in {"*", "s3:*", "sns:*", "kinesis:*"}
	msg := sprintf("allows %s", [a])
}

actions(s) := {a | some a in s.Action} if is_array(s.Action)

actions(s) := {s.Action} if is_string(s.Action)
