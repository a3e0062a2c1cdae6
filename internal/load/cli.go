package load

import (
	"errors"
	"fmt"
	"strings"

	"github.com/memlint/memlint/internal/model"
	"github.com/memlint/memlint/internal/source"
)

// cliInput recognises the AWS CLI input files of docs/inputs.md ("AWS CLI input files") and loads
// them. It returns what the file was taken to be, or "" when it is none.
func (l *loader) cliInput(name string, n *source.Node) string {
	has := func(keys ...string) bool {
		for _, k := range keys {
			if n.Get(k) == nil {
				return false
			}
		}
		return true
	}
	if kind := l.cliKMS(name, n); kind != "" {
		return kind
	}
	switch {
	case has("resourceArn", "policy"):
		arn := strField(n, "resourceArn")
		l.putResourcePolicy(arn, l.embedded(name, n.Get("policy"), "policy", resourcePolicyKind(arn)))
		return "bedrock-agentcore-control put-resource-policy"
	case has("RoleName", "AssumeRolePolicyDocument"):
		l.createRole(strField(n, "RoleName"), l.embedded(name, n.Get("AssumeRolePolicyDocument"), "AssumeRolePolicyDocument", model.KindTrust))
		return "iam create-role"
	case has("RoleName", "PolicyDocument"):
		l.putRolePolicy(strField(n, "RoleName"), strField(n, "PolicyName").Value, l.embedded(name, n.Get("PolicyDocument"), "PolicyDocument", model.KindIdentity))
		return "iam put-role-policy"
	case has("PolicyName", "PolicyDocument"):
		l.createPolicy(strField(n, "PolicyName").Value, l.embedded(name, n.Get("PolicyDocument"), "PolicyDocument", model.KindIdentity))
		return "iam create-policy"
	case has("Bucket", "Policy"):
		l.putBucketPolicy(strField(n, "Bucket"), l.embedded(name, n.Get("Policy"), "Policy", model.KindS3))
		return "s3api put-bucket-policy"
	case has("TopicArn", "AttributeName", "AttributeValue"):
		if strField(n, "AttributeName").Value != "Policy" {
			return "sns set-topic-attributes (not the Policy attribute)"
		}
		l.setTopicPolicy(strField(n, "TopicArn"), l.embedded(name, n.Get("AttributeValue"), "AttributeValue", model.KindSNS))
		return "sns set-topic-attributes"
	case has("ResourceARN", "Policy"):
		l.putStreamPolicy(strField(n, "ResourceARN"), l.embedded(name, n.Get("Policy"), "Policy", model.KindKinesis))
		return "kinesis put-resource-policy"
	case n.Get("memory") != nil && n.Get("memory").Kind == source.Object:
		d := l.definition(name, n.Get("memory"))
		mem := l.links.memory(derefStr(d.ARN))
		mem.Definition = d
		return "bedrock-agentcore-control get-memory output"
	case (has("name") || has("memoryId")) && (has("memoryExecutionRoleArn") || has("memoryStrategies") || has("streamDeliveryResources") || has("eventExpiryDuration")):
		l.createMemory(l.definition(name, n))
		if has("memoryId") {
			return "bedrock-agentcore-control update-memory"
		}
		return "bedrock-agentcore-control create-memory"
	}
	return ""
}

// The AWS CLI commands of docs/inputs.md ("AWS CLI input files"), each fed by an AWS CLI input
// file and by a shell script's aws command line alike. A nil policy (one that
// did not parse) links nothing.

// resourcePolicyKind is the kind of a put-resource-policy policy: a memory's
// when the ARN names one.
func resourcePolicyKind(arn model.Str) model.Kind {
	if !arn.Unknown && isMemoryARN(arn.Value) {
		return model.KindMemory
	}
	return model.KindUnknown
}

// putResourcePolicy is bedrock-agentcore-control put-resource-policy.
func (l *loader) putResourcePolicy(arn model.Str, p *model.Policy) {
	if p == nil {
		return
	}
	p.Attached = attachedOf(arn)
	if p.Kind == model.KindMemory {
		l.links.memoryForPolicy(known(arn)).Policy = p
		l.links.attach(p)
	}
}

// createRole is iam create-role.
func (l *loader) createRole(name model.Str, p *model.Policy) {
	if p == nil {
		return
	}
	p.Attached = &name
	r := l.links.role(model.Str{}, known(name).Value)
	if name.Unknown {
		r = l.links.roleRef(p.File + "#" + name.Loc.String())
	}
	r.Trust = p
}

// putRolePolicy is iam put-role-policy.
func (l *loader) putRolePolicy(role model.Str, policyName string, p *model.Policy) {
	if p == nil {
		return
	}
	p.Name = policyName
	p.Attached = &role
	if role.Unknown {
		return
	}
	r := l.links.role(model.Str{}, role.Value)
	r.Policies = append(r.Policies, p)
}

// createPolicy is iam create-policy: a managed policy attached to nothing yet.
func (l *loader) createPolicy(policyName string, p *model.Policy) {
	if p == nil {
		return
	}
	p.Name = policyName
	p.Managed = true
}

// putBucketPolicy is s3api put-bucket-policy.
func (l *loader) putBucketPolicy(bucket model.Str, p *model.Policy) {
	if p == nil {
		return
	}
	arn := bucket
	if !bucket.Unknown {
		arn = model.Str{Value: "arn:aws:s3:::" + bucket.Value, Loc: bucket.Loc}
	}
	p.Attached = &arn
	l.links.dest(known(arn), "s3").Policy = p
}

// setTopicPolicy is sns set-topic-attributes --attribute-name Policy.
func (l *loader) setTopicPolicy(arn model.Str, p *model.Policy) {
	if p == nil {
		return
	}
	p.Attached = &arn
	l.links.dest(known(arn), "sns").Policy = p
}

// putStreamPolicy is kinesis put-resource-policy.
func (l *loader) putStreamPolicy(arn model.Str, p *model.Policy) {
	if p == nil {
		return
	}
	p.Attached = &arn
	l.links.dest(known(arn), "kinesis").Policy = p
}

// createMemory is bedrock-agentcore-control create-memory / update-memory.
func (l *loader) createMemory(d *model.Definition) {
	l.links.memory(model.Str{}).Definition = d
}

func derefStr(s *model.Str) model.Str {
	if s == nil {
		return model.Str{}
	}
	return *s
}

func strField(n *source.Node, key string) model.Str {
	v := n.Get(key)
	if v == nil || v.Kind != source.String {
		return model.Str{}
	}
	return model.Str{Value: v.Value, Loc: v.Loc}
}

// embedded loads a policy held in a CLI input field. The field must be a JSON
// string (the AWS CLI rejects an object); an object is still checked. A
// string that does not parse is an ML001 problem inside the string.
func (l *loader) embedded(file string, n *source.Node, field string, kind model.Kind) *model.Policy {
	var p *model.Policy
	switch n.Kind {
	case source.String:
		doc, err := n.Embedded()
		if err != nil {
			var se *source.Error
			if errors.As(err, &se) {
				l.problem(ruleInvalid, se.Loc, "The policy string does not parse: "+sentence(se.Msg))
			} else {
				l.problem(ruleInvalid, n.Loc, "The policy string does not parse: "+sentence(err.Error()))
			}
			return nil
		}
		p = decodePolicy(file, doc, n.Value, kind)
	case source.Object:
		p = decodePolicy(file, n, "", kind)
		p.Problems = append(p.Problems, model.Problem{Rule: ruleGrammar, Loc: n.Loc,
			Msg: fmt.Sprintf("%s must be a JSON string holding the policy; the AWS CLI rejects an object.", field)})
	default:
		l.problem(ruleGrammar, n.Loc, fmt.Sprintf("%s must be a JSON string holding the policy, not %s.", field, article(n.Kind)))
		return nil
	}
	l.addPolicy(p)
	return p
}

// definition reads a memory definition: CreateMemory/UpdateMemory input or
// the memory object of a GetMemory output.
func (l *loader) definition(file string, n *source.Node) *model.Definition {
	d := readDefinition(file, n, camelKeys)
	d.Shape = shape(n)
	return d
}

// keyStyle names a definition's members: the API's camelCase names are
// mapped to the spelling of the source (PascalCase for CloudFormation,
// snake_case for Terraform); it returns the names to try, in order.
type keyStyle func(camel string) []string

func camelKeys(k string) []string { return []string{k} }

func pascalKeys(k string) []string { return []string{strings.ToUpper(k[:1]) + k[1:]} }

// snakeKeys also tries the singular block names of the hashicorp/aws
// provider (resource, content_configuration) and its older self_managed.
func snakeKeys(k string) []string {
	var b strings.Builder
	for i, r := range k {
		if r >= 'A' && r <= 'Z' {
			if i > 0 {
				b.WriteByte('_')
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	s := b.String()
	out := []string{s}
	if strings.HasSuffix(s, "s") {
		out = append(out, strings.TrimSuffix(s, "s"))
	}
	if s == "self_managed_configuration" {
		out = append(out, "self_managed")
	}
	return out
}

// readDefinition reads a memory definition whose member names follow keys.
// Terraform nested blocks (lists of one object) are read as the object.
func readDefinition(file string, n *source.Node, keys keyStyle) *model.Definition {
	d := &model.Definition{File: file, Loc: n.Loc}
	at := func(n *source.Node, path ...string) *source.Node {
		for _, k := range path {
			if n != nil && n.Kind == source.Array && len(n.Items) == 1 {
				n = n.Items[0]
			}
			if n == nil || n.Kind != source.Object {
				return nil
			}
			var v *source.Node
			for _, name := range keys(k) {
				if v = n.Get(name); v != nil {
					break
				}
			}
			n = v
		}
		return n
	}
	items := func(n *source.Node) []*source.Node {
		if n != nil && n.Kind == source.Object {
			return []*source.Node{n}
		}
		return itemsOf(n)
	}
	str := func(v *source.Node) *model.Str {
		if v != nil && v.Kind == source.String {
			return &model.Str{Value: v.Value, Loc: v.Loc}
		}
		return nil
	}
	d.Name = str(at(n, "name"))
	d.ARN = str(at(n, "arn"))
	if d.ARN == nil {
		d.ARN = str(at(n, "memoryArn"))
	}
	d.RoleARN = str(at(n, "memoryExecutionRoleArn"))
	d.EncryptionKeyARN = str(at(n, "encryptionKeyArn"))
	strategies := at(n, "memoryStrategies")
	if strategies == nil {
		strategies = at(n, "strategies")
	}
	for _, s := range items(strategies) {
		custom := at(s, "customMemoryStrategy")
		if custom == nil {
			custom = s // GetMemory output: the strategy itself
		}
		sm := at(custom, "configuration", "selfManagedConfiguration")
		if sm == nil {
			continue
		}
		d.SelfManaged = true
		inv := at(sm, "invocationConfiguration")
		if inv == nil {
			continue
		}
		if t := str(at(inv, "topicArn")); t != nil {
			d.Deliveries = append(d.Deliveries, model.Delivery{Service: "sns", Target: *t})
		}
		if b := str(at(inv, "payloadDeliveryBucketName")); b != nil {
			d.Deliveries = append(d.Deliveries, model.Delivery{Service: "s3", Target: *b})
		}
	}
	for _, r := range items(at(n, "streamDeliveryResources", "resources")) {
		k := at(r, "kinesis")
		if k == nil {
			continue
		}
		if arn := str(at(k, "dataStreamArn")); arn != nil {
			del := model.Delivery{Service: "kinesis", Target: *arn}
			for _, c := range items(at(k, "contentConfigurations")) {
				if lv := str(at(c, "level")); lv != nil {
					del.Level = lv
				}
			}
			d.Deliveries = append(d.Deliveries, del)
		}
	}
	return d
}

// get follows object keys, returning nil when any step is missing.
func get(n *source.Node, keys ...string) *source.Node {
	for _, k := range keys {
		if n == nil || n.Kind != source.Object {
			return nil
		}
		n = n.Get(k)
	}
	return n
}

func itemsOf(n *source.Node) []*source.Node {
	if n == nil || n.Kind != source.Array {
		return nil
	}
	return n.Items
}

// policyNode finds the policy inside a file a manifest names: the document
// itself, or the field of a CLI input file that holds it.
func policyNode(n *source.Node) (*source.Node, string) {
	if n.Get("Statement") != nil {
		return n, ""
	}
	for _, k := range []string{"policy", "Policy", "PolicyDocument", "AssumeRolePolicyDocument", "AttributeValue"} {
		if v := n.Get(k); v != nil {
			return v, k
		}
	}
	return n, ""
}

var _ = strings.TrimSpace
