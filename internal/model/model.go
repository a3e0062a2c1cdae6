// Package model is the one typed, position-carrying model every input source
// is loaded into: policy documents, memories, execution roles and delivery
// destinations. Every value a rule can point at carries its Loc.
package model

import (
	"path"
	"strconv"
	"strings"

	"github.com/memlint/memlint/rules"
)

// Loc is a span in an input file.
type Loc = rules.Location

// Str is a string value and where it is written.
//
// A value infrastructure code computes at deploy time (a CloudFormation
// !GetAtt, a Terraform "known after apply", a shell "$VAR") is Unknown: Value
// is then only the expression as written (also in Expr) and must never be
// compared, parsed as an ARN or reported as malformed.
type Str struct {
	Value   string
	Loc     Loc
	Unknown bool
	Expr    string // the expression as written, for an Unknown value
}

// Kind is what a policy document is for.
type Kind string

// Document kinds. A destination policy's kind names its service.
const (
	KindUnknown  Kind = "unknown"
	KindIdentity Kind = "identity" // identity (permission) policy: no principal
	KindTrust    Kind = "trust"    // role trust policy
	KindMemory   Kind = "memory"   // AgentCore memory resource-based policy
	KindS3       Kind = "s3"       // S3 bucket policy
	KindSNS      Kind = "sns"      // SNS topic policy
	KindKinesis  Kind = "kinesis"  // Kinesis data stream resource policy
	KindKMS      Kind = "kms"      // KMS key policy
	// Guardrails (never grant; they limit what the others allow).
	KindSCP      Kind = "scp"                  // AWS Organizations service control policy
	KindRCP      Kind = "rcp"                  // AWS Organizations resource control policy
	KindBoundary Kind = "permissions-boundary" // IAM permissions boundary of a role or user
)

// IsGuardrail reports whether k is an SCP, an RCP or a permissions boundary.
func (k Kind) IsGuardrail() bool { return k == KindSCP || k == KindRCP || k == KindBoundary }

// IsDestination reports whether k is a delivery destination's policy.
func (k Kind) IsDestination() bool { return k == KindS3 || k == KindSNS || k == KindKinesis }

// IsResource reports whether k is a resource-based policy (principal required).
func (k Kind) IsResource() bool { return k == KindMemory || k.IsDestination() || k == KindKMS }

// Policy is one IAM policy document.
type Policy struct {
	File         string
	Loc          Loc  // the whole document (the JSON object)
	Kind         Kind // KindUnknown when neither told nor inferable
	KindInferred bool // Kind was inferred from the statements' shape
	Managed      bool // a managed identity policy (smaller size quota)
	Version      *Str
	ID           *Str
	Size         int // characters excluding whitespace, as AWS counts them
	Statements   []*Statement
	// Problems are grammar problems the decoder found (rule ML002); the
	// statements hold what could still be read.
	Problems []Problem
	// Attached is the ARN of the resource or role the policy belongs to, when
	// a manifest, a CLI input file or IaC says so.
	Attached *Str
	// Name is the policy's own name where the source gives one (PolicyName).
	Name string
	// Address names the infrastructure-code resource the policy comes from
	// (a Terraform address such as module.x.aws_s3_bucket_policy.y, or a
	// CloudFormation logical ID), when it does.
	Address string
}

// Problem is a defect the loader found while decoding: a rule ID, a message
// and the exact place.
type Problem struct {
	Rule string
	Msg  string
	Loc  Loc
	// Severity lowers (or raises) the rule's default severity for this
	// problem ("low", "info", …); "" keeps the default.
	Severity string
}

// Statement is one policy statement, normalised: single values are lists of one.
type Statement struct {
	Index     int // 0-based position in the Statement array
	Loc       Loc
	Sid       *Str
	Effect    *Str
	Principal *Principals // Principal or NotPrincipal; nil when absent
	Action    *Values     // Action or NotAction; nil when absent
	Resource  *Values     // Resource or NotResource; nil when absent
	// Conditions are the operator/key pairs of the Condition block, in source order.
	Conditions   []*Condition
	ConditionLoc Loc // the Condition key, when present
}

// Ref names the statement for messages and fingerprints: its Sid, else "#index".
func (s *Statement) Ref() string {
	if s.Sid != nil && s.Sid.Value != "" {
		return s.Sid.Value
	}
	return "#" + strconv.Itoa(s.Index)
}

// Values is an Action/NotAction or Resource/NotResource element.
type Values struct {
	Not    bool // NotAction / NotResource
	KeyLoc Loc  // the element's key
	Values []Str
}

// Principals is a Principal or NotPrincipal element.
type Principals struct {
	Not    bool
	KeyLoc Loc
	Values []*Principal
}

// Principal classes, the result of classifying a principal value.
const (
	ClassPublic      = "public"       // "*" or {"AWS": "*"}
	ClassAccount     = "account"      // account root: bare 12-digit ID or arn:…:iam::ID:root
	ClassRole        = "role"         // arn:…:iam::ID:role/…
	ClassAssumedRole = "assumed-role" // arn:…:sts::ID:assumed-role/…
	ClassUser        = "user"         // arn:…:iam::ID:user/…
	ClassService     = "service"      // service principal
	ClassUniqueID    = "unique-id"    // AROA…/AIDA…: a deleted role or user
	ClassFederated   = "federated"
	ClassCanonical   = "canonical" // S3 canonical user
	ClassOther       = "other"     // anything else (malformed values included)
)

// Principal is one principal value with its normalised form.
type Principal struct {
	Type  string // "*" for the bare wildcard, else AWS, Service, Federated or CanonicalUser
	Value string // as written
	Loc   Loc
	// ARN is the normalised value: a bare account ID becomes its root ARN;
	// other values are kept as written.
	ARN       string
	Class     string
	Account   string // 12-digit account, when the value names one
	Partition string // partition of an ARN value
	// Unknown is true when the value is computed at deploy time (see Str).
	Unknown bool
}

// Condition is one operator/key pair of a Condition block.
type Condition struct {
	Operator  Str    // as written, e.g. "ForAnyValue:StringLikeIfExists"
	Base      string // operator without qualifier and IfExists, e.g. "StringLike"
	Qualifier string // "ForAllValues", "ForAnyValue" or ""
	IfExists  bool
	Key       Str
	Values    []Str // scalar values as written (booleans and numbers as their JSON text)
}

// Memory is an AgentCore memory: its ARN, definition and resource policy.
type Memory struct {
	ARN        Str // zero when unknown
	Definition *Definition
	Policy     *Policy
}

// Definition is a memory's configuration (CreateMemory/UpdateMemory input,
// GetMemory output or an IaC resource), reduced to what rules read.
type Definition struct {
	File             string
	Loc              Loc
	Name             *Str
	ARN              *Str // GetMemory output only
	RoleARN          *Str // memoryExecutionRoleArn
	EncryptionKeyARN *Str
	// Deliveries are the destinations the memory delivers to.
	Deliveries []Delivery
	// SelfManaged is true when a strategy uses selfManagedConfiguration.
	SelfManaged bool
	Problems    []Problem
	// Role is the execution role when infrastructure code links it by
	// reference (a CloudFormation !GetAtt Role.Arn, a Terraform reference)
	// even though its ARN is unknown.
	Role *Role
	// Address names the infrastructure-code resource, when there is one.
	Address string
	// Shape is the definition's structure for the API's shape and range
	// checks (definition.go); empty for infrastructure code.
	Shape Shape
}

// Delivery is one destination a memory definition names.
type Delivery struct {
	Service string // s3, sns or kinesis
	// Target is what the definition names: a topic or stream ARN, or an S3 bucket name.
	Target Str
	Level  *Str // stream content level (METADATA_ONLY / FULL_CONTENT)
}

// Role is an IAM role: the memory execution role or a consumer.
type Role struct {
	ARN      Str
	Trust    *Policy
	Policies []*Policy
	// Boundary is the role's permissions boundary, when a source supplies
	// it (manifest permissions_boundary); nil when none is known.
	Boundary *Policy
	// Account is the account of a role known only by name, when its source
	// tells (a script that works in one account, a template whose stack
	// account is known); "" when unknown. Roles are named alike in every
	// account, so a name links only to a role ARN of this account.
	Account string
}

// NameOnly picks, among roles, the one known only by name that a role ARN
// of that name in account may be: its account unknown, or account itself. A
// role of another account is never picked; of several that fit, the one
// whose account is known to be account wins; nil when none or still several.
func NameOnly(roles []*Role, account string) *Role {
	var fit, exact []*Role
	for _, r := range roles {
		if r.ARN.Value != "" {
			continue
		}
		switch {
		case r.Account == "":
			fit = append(fit, r)
		case r.Account == account:
			fit = append(fit, r)
			exact = append(exact, r)
		}
	}
	switch {
	case len(exact) == 1:
		return exact[0]
	case len(fit) == 1:
		return fit[0]
	}
	return nil
}

// RoleName is the name of the role an IAM role ARN names: the last segment
// of its path (arn:aws:iam::111122223333:role/service/Name → Name); "" when
// arn is not a role ARN. It is the one parse of role names: the linker, the
// two-sided rules and `memlint access` all use it (it lives here, below the
// iam package, so that Role.Name can use it too).
func RoleName(arn string) string {
	i := strings.Index(arn, ":role/")
	if i < 0 {
		return ""
	}
	return path.Base(arn[i+len(":role/"):])
}

// Name is the role's name: the last path segment of its ARN, else the
// RoleName a CLI input or infrastructure code attached its trust or
// permission policies to; "" when neither is known.
func (r *Role) Name() string {
	if n := RoleName(r.ARN.Value); n != "" && !r.ARN.Unknown {
		return n
	}
	if r.Trust != nil && named(r.Trust.Attached) {
		return r.Trust.Attached.Value
	}
	for _, p := range r.Policies {
		if named(p.Attached) {
			return p.Attached.Value
		}
	}
	return ""
}

// named reports whether an attachment is a plain role name (not an ARN,
// not a deploy-time expression).
func named(s *Str) bool {
	return s != nil && !s.Unknown && s.Value != "" && !strings.HasPrefix(s.Value, "arn:")
}

// Destination is an S3 bucket, SNS topic or Kinesis stream with its policy.
type Destination struct {
	ARN     Str
	Service string
	Policy  *Policy
	// Key is the KMS key the destination is encrypted with at rest, as
	// written (SNS KmsMasterKeyId, S3 default encryption KMSMasterKeyID,
	// Kinesis StreamEncryption KeyId, the manifest's kms_key): a key ARN,
	// key ID, alias name or alias ARN, or Unknown when computed at deploy
	// time. Nil when the destination is not known to use a KMS key.
	Key *Str
	// KeyImplied is set when the destination uses SSE-KMS without naming a
	// key (S3 SSEAlgorithm aws:kms without KMSMasterKeyID): Key is then
	// the AWS managed key's alias, positioned at the algorithm.
	KeyImplied bool
	// KeyLink is the key when infrastructure code links it by reference (a
	// CloudFormation !GetAtt Key.Arn, a Terraform aws_kms_key reference)
	// even though its ARN is unknown.
	KeyLink *Key
	// Account is the account that owns the destination when a source says
	// so (manifest account:; an S3 ARN names none): the account whose
	// resource control policies apply to it. "" when unknown.
	Account string
	// PolicyStatus is how a live fetch found the destination's policy when
	// it has none: "absent" (the policy, or the destination, does not
	// exist) or "not_readable" (access denied, throttled); "" otherwise.
	// Loc is where the manifest says so.
	PolicyStatus Str
}

// Key is a KMS key with its key policy (manifest keys:, kms put-key-policy,
// infrastructure code).
type Key struct {
	// ARN is the key's ARN, or the key ID or alias a source names the key
	// by (kms put-key-policy --key-id); Unknown or empty when computed at
	// deploy time (then the key links by reference only).
	ARN    Str
	Policy *Policy
	// Aliases are the key's aliases (alias/name or alias ARNs) a source
	// names (manifest aliases:, CloudFormation AWS::KMS::Alias, Terraform
	// aws_kms_alias), so a destination naming an alias links the key.
	Aliases []Str
}

// Model is everything memlint loaded.
type Model struct {
	Policies     []*Policy // every policy document, in load order
	Memories     []*Memory
	Roles        []*Role
	Destinations []*Destination
	Keys         []*Key // KMS keys whose key policy was supplied
	// Problems are document-level problems outside any policy (ML001 and
	// friends): files that do not parse, definitions of the wrong shape.
	Problems []Problem
	// Notes are things memlint says once (kinds it could not infer, files it
	// took to be something).
	Notes []string
	// Manifests maps every manifest read (its path as given, cleaned, with
	// forward slashes) to the files it names, in the same form.
	Manifests map[string][]string
	// Files are the files checked (taken to be a memlint input, whether or
	// not they were well-formed), sorted; files skipped as not memlint's are
	// not among them.
	Files []string
	// Organization is the AWS Organizations structure and its SCPs and
	// RCPs (manifest organization:); nil when none was supplied: no
	// organisation guardrail is then modelled.
	Organization *Organization
}

// Organization is an AWS organisation as a manifest describes it: the
// accounts with their OU path, and the SCPs and RCPs attached to the root,
// OUs and accounts.
type Organization struct {
	Loc Loc // the manifest's organization key
	// Management is the management account, whose principals and resources
	// SCPs and RCPs do not restrict; "" when not given.
	Management string
	// Partial says the section does not list every account: an account it
	// does not list has unknown guardrails. Otherwise such an account is
	// outside the organisation and has none.
	Partial  bool
	Accounts map[string]*OrgAccount
	Policies []*OrgPolicy
	// NoFullAccess are the targets (root, OU or account IDs) the AWS
	// managed FullAWSAccess SCP is detached from; every other level keeps it.
	NoFullAccess []Str
}

// OrgAccount is one account of an organisation.
type OrgAccount struct {
	ID Str
	// Path is the account's organisation path: the root ID, then each OU
	// down to the account's parent.
	Path []string
}

// OrgPolicy is one SCP or RCP with its attachments.
type OrgPolicy struct {
	Kind    Kind    // KindSCP or KindRCP
	Policy  *Policy // nil until its file is loaded (or when it does not parse)
	Targets []Str   // root, OU or account IDs it is attached to
}
