package iam

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/memlint/memlint/internal/model"
)

// Principal is a principal value classified: what kind of identity it names
// and, where it names one, the account and partition.
type Principal struct {
	// ARN is the normalised value: a bare account ID becomes its root ARN
	// (arn:aws:iam::<id>:root); every other value is kept as written.
	ARN string
	// Class is one of the model.Class* constants.
	Class string
	// Account is the 12-digit account the value names, or "".
	Account string
	// Partition is the partition of an ARN value ("aws" for a bare account
	// ID), or "".
	Partition string
}

// ClassifyPrincipal classifies one principal value. typ is the Principal
// element's key: "AWS", "Service", "Federated" or "CanonicalUser", or "*" for
// the bare string "Principal": "*". The forms follow the IAM User Guide,
// reference_policies_elements_principal.html:
//
//   - "*" (bare) and AWS "*": everyone, model.ClassPublic;
//   - AWS "123456789012" and arn:P:iam::123456789012:root: the account,
//     model.ClassAccount ("delegates authority to the account");
//   - arn:P:iam::ID:role/path/name: model.ClassRole;
//   - arn:P:iam::ID:user/path/name: model.ClassUser;
//   - arn:P:sts::ID:assumed-role/role-name/session-name: model.ClassAssumedRole;
//   - AWS AROA…, AIDA… and the other unique ID prefixes: model.ClassUniqueID,
//     what IAM shows once the role or user it named was deleted;
//   - Service with a well-formed service principal name: model.ClassService;
//   - Federated: model.ClassFederated; CanonicalUser: model.ClassCanonical.
//
// Anything else is model.ClassOther, including malformed values: an ARN with
// an unknown partition, a region, an account that is not 12 digits or any
// wildcard ("You cannot use a wildcard to match part of a principal name or
// ARN"), and a Service value that is not a service principal name. Account
// and Partition are still filled in when an ARN names them.
func ClassifyPrincipal(typ, value string) Principal {
	p := Principal{ARN: value, Class: model.ClassOther}
	switch typ {
	case "*":
		if value == "*" {
			p.Class = model.ClassPublic
		}
	case "AWS":
		classifyAWS(&p, value)
	case "Service":
		if IsServicePrincipal(value) {
			p.Class = model.ClassService
		}
	case "Federated":
		p.Class = model.ClassFederated
		if a, err := ParseARN(value); err == nil {
			setAccount(&p, a)
		}
	case "CanonicalUser":
		p.Class = model.ClassCanonical
	}
	return p
}

// classifyAWS classifies the value of an "AWS" principal.
func classifyAWS(p *Principal, v string) {
	switch {
	case v == "*":
		p.Class = model.ClassPublic
		return
	case IsAccountID(v):
		*p = Principal{ARN: "arn:aws:iam::" + v + ":root", Class: model.ClassAccount, Account: v, Partition: "aws"}
		return
	}
	if _, ok := UniqueIDType(v); ok {
		p.Class = model.ClassUniqueID
		return
	}
	a, err := ParseARN(v)
	if err != nil {
		return
	}
	setAccount(p, a)
	if p.Account == "" || p.Partition == "" || a.Region != "" || hasWildcard(v) {
		return
	}
	switch a.Service {
	case "iam":
		switch {
		case a.Resource == "root":
			p.Class = model.ClassAccount
		case pathName(a.Resource, "role/"):
			p.Class = model.ClassRole
		case pathName(a.Resource, "user/"):
			p.Class = model.ClassUser
		}
	case "sts":
		// assumed-role/<role-name>/<session-name>: role names in this form
		// carry no path, session names no '/'.
		if r, ok := strings.CutPrefix(a.Resource, "assumed-role/"); ok {
			role, session, ok := strings.Cut(r, "/")
			if ok && role != "" && session != "" && strings.IndexByte(session, '/') < 0 {
				p.Class = model.ClassAssumedRole
			}
		}
	}
}

// RejectedPrincipal says why IAM rejects a principal value when the policy is
// saved ("Invalid principal in policy"), or returns "" when it accepts it or
// another check judges it (a malformed ARN without wildcards is
// memlint.arn_problems' to explain). isARN reports whether the value is
// written as an ARN (a malformed ARN, ML012) rather than in another form (a
// grammar problem, ML002). typ is as for ClassifyPrincipal.
//
// IAM User Guide, reference_policies_elements_principal.html: "You cannot use
// a wildcard to match part of a principal name or ARN"; only "*" alone stands
// for every principal (Access Analyzer: "Unsupported wildcard in principal").
// An AWS principal is "*", an account ID, or the ARN of an account root, role,
// user or role session (or a unique ID, which IAM shows for deleted ones).
func RejectedPrincipal(typ, value string) (msg string, isARN bool) {
	isARN = strings.HasPrefix(value, "arn:")
	switch {
	case value == "*" && (typ == "*" || typ == "AWS"):
		return "", isARN
	case strings.ContainsAny(value, "*?"):
		return fmt.Sprintf("IAM rejects the principal '%s' and the policy cannot be saved: a wildcard cannot match part of a principal name or ARN (only \"*\" alone, which means everyone). Name each principal, or name the account and narrow it with an ArnLike condition on aws:PrincipalArn.", value), isARN
	case typ == "AWS" && !isARN && !IsAccountID(value):
		if _, ok := UniqueIDType(value); ok {
			return "", false
		}
		return fmt.Sprintf("IAM rejects the AWS principal '%s' and the policy cannot be saved: it must be \"*\", a 12-digit account ID, or the ARN of an account root, role, user or role session.", value), false
	}
	return "", isARN
}

// setAccount copies a's account and partition into p when they are valid.
func setAccount(p *Principal, a ARN) {
	if IsAccountID(a.Account) {
		p.Account = a.Account
	}
	if IsPartition(a.Partition) {
		p.Partition = a.Partition
	}
}

// pathName reports whether resource is prefix followed by an optional path
// and a non-empty name ("role/name", "role/path/to/name").
func pathName(resource, prefix string) bool {
	rest, ok := strings.CutPrefix(resource, prefix)
	return ok && rest != "" && !strings.HasSuffix(rest, "/")
}

// servicePrincipal is the shape of a service principal name: DNS labels
// ending in amazonaws.com (amazonaws.com.cn in China), e.g.
// bedrock-agentcore.amazonaws.com or delivery.logs.amazonaws.com. A few
// older services use amazon.com (alexa-appkit.amazon.com), accepted too.
var servicePrincipal = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+(amazonaws\.com|amazonaws\.com\.cn|amazon\.com)$`)

// IsServicePrincipal reports whether s has the shape of an AWS service
// principal name (IAM User Guide, reference_policies_elements_principal.html,
// "AWS service principals"; Access Analyzer "Invalid service principal
// format"). It does not check that the service exists.
func IsServicePrincipal(s string) bool {
	return servicePrincipal.MatchString(s)
}

// uniqueIDPrefixes maps the prefix of an IAM unique ID to the kind of
// entity it identifies (IAM User Guide, reference_identifiers.html,
// "Understanding unique ID prefixes").
var uniqueIDPrefixes = map[string]string{
	"ABIA": "sts-bearer-token",
	"ACCA": "context-specific-credential",
	"AGPA": "group",
	"AIDA": "user",
	"AIPA": "instance-profile",
	"AKIA": "access-key",
	"ANPA": "managed-policy",
	"ANVA": "managed-policy-version",
	"APKA": "public-key",
	"AROA": "role",
	"ASCA": "certificate",
	"ASIA": "temporary-access-key",
}

// UniqueIDType reports whether s is an IAM unique ID (a documented four-letter
// prefix followed by at least 16 upper-case letters and digits, e.g.
// AROA1234567890EXAMPLE) and, if so, the kind of entity the prefix names:
// "role" for AROA, "user" for AIDA, "group", "managed-policy", and so on.
// In a policy, a role or user unique ID where an ARN was written means the
// entity was deleted (IAM User Guide, reference_policies_elements_principal.html).
func UniqueIDType(s string) (string, bool) {
	if len(s) < 20 {
		return "", false
	}
	kind, ok := uniqueIDPrefixes[s[:4]]
	if !ok {
		return "", false
	}
	for i := 4; i < len(s); i++ {
		if c := s[i]; !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return "", false
		}
	}
	return kind, true
}
