package load

import (
	"errors"
	"fmt"
	"strings"

	"github.com/memlint/memlint/internal/model"
	"github.com/memlint/memlint/internal/source"
)

// cliInput recognises the AWS CLI input files of spec/inputs.md §2 and loads
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
	switch {
	case has("resourceArn", "policy"):
		arn := strField(n, "resourceArn")
		kind := model.KindUnknown
		if isMemoryARN(arn.Value) {
			kind = model.KindMemory
		}
		p := l.embedded(name, n.Get("policy"), "policy", kind)
		if p == nil {
			return "bedrock-agentcore-control put-resource-policy"
		}
		p.Attached = &arn
		if p.Kind == model.KindMemory {
			l.links.memoryForPolicy(arn).Policy = p
		}
		return "bedrock-agentcore-control put-resource-policy"
	case has("RoleName", "AssumeRolePolicyDocument"):
		rn := strField(n, "RoleName")
		if p := l.embedded(name, n.Get("AssumeRolePolicyDocument"), "AssumeRolePolicyDocument", model.KindTrust); p != nil {
			r := l.links.role(model.Str{}, rn.Value)
			p.Attached = &rn
			r.Trust = p
		}
		return "iam create-role"
	case has("RoleName", "PolicyDocument"):
		rn := strField(n, "RoleName")
		if p := l.embedded(name, n.Get("PolicyDocument"), "PolicyDocument", model.KindIdentity); p != nil {
			p.Name = strField(n, "PolicyName").Value
			p.Attached = &rn
			r := l.links.role(model.Str{}, rn.Value)
			r.Policies = append(r.Policies, p)
		}
		return "iam put-role-policy"
	case has("PolicyName", "PolicyDocument"):
		if p := l.embedded(name, n.Get("PolicyDocument"), "PolicyDocument", model.KindIdentity); p != nil {
			p.Name = strField(n, "PolicyName").Value
			p.Managed = true
		}
		return "iam create-policy"
	case has("Bucket", "Policy"):
		b := strField(n, "Bucket")
		arn := model.Str{Value: "arn:aws:s3:::" + b.Value, Loc: b.Loc}
		if p := l.embedded(name, n.Get("Policy"), "Policy", model.KindS3); p != nil {
			p.Attached = &arn
			l.links.dest(arn, "s3").Policy = p
		}
		return "s3api put-bucket-policy"
	case has("TopicArn", "AttributeName", "AttributeValue"):
		if strField(n, "AttributeName").Value != "Policy" {
			return "sns set-topic-attributes (not the Policy attribute)"
		}
		arn := strField(n, "TopicArn")
		if p := l.embedded(name, n.Get("AttributeValue"), "AttributeValue", model.KindSNS); p != nil {
			p.Attached = &arn
			l.links.dest(arn, "sns").Policy = p
		}
		return "sns set-topic-attributes"
	case has("ResourceARN", "Policy"):
		arn := strField(n, "ResourceARN")
		if p := l.embedded(name, n.Get("Policy"), "Policy", model.KindKinesis); p != nil {
			p.Attached = &arn
			l.links.dest(arn, "kinesis").Policy = p
		}
		return "kinesis put-resource-policy"
	case n.Get("memory") != nil && n.Get("memory").Kind == source.Object:
		d := l.definition(name, n.Get("memory"))
		mem := l.links.memory(derefStr(d.ARN))
		mem.Definition = d
		return "bedrock-agentcore-control get-memory output"
	case (has("name") || has("memoryId")) && (has("memoryExecutionRoleArn") || has("memoryStrategies") || has("streamDeliveryResources") || has("eventExpiryDuration")):
		d := l.definition(name, n)
		l.links.memory(model.Str{}).Definition = d
		if has("memoryId") {
			return "bedrock-agentcore-control update-memory"
		}
		return "bedrock-agentcore-control create-memory"
	}
	return ""
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
	d := &model.Definition{File: file, Loc: n.Loc}
	opt := func(key string) *model.Str {
		if v := n.Get(key); v != nil && v.Kind == source.String {
			return &model.Str{Value: v.Value, Loc: v.Loc}
		}
		return nil
	}
	d.Name = opt("name")
	d.ARN = opt("arn")
	d.RoleARN = opt("memoryExecutionRoleArn")
	d.EncryptionKeyARN = opt("encryptionKeyArn")
	strategies := n.Get("memoryStrategies")
	if strategies == nil {
		strategies = n.Get("strategies")
	}
	if strategies != nil {
		for _, s := range strategies.Items {
			custom := s.Get("customMemoryStrategy")
			if custom == nil {
				custom = s // GetMemory output: the strategy itself
			}
			sm := get(custom, "configuration", "selfManagedConfiguration")
			if sm == nil {
				continue
			}
			d.SelfManaged = true
			inv := sm.Get("invocationConfiguration")
			if inv == nil {
				continue
			}
			if t := inv.Get("topicArn"); t != nil && t.Kind == source.String {
				d.Deliveries = append(d.Deliveries, model.Delivery{Service: "sns", Target: model.Str{Value: t.Value, Loc: t.Loc}})
			}
			if b := inv.Get("payloadDeliveryBucketName"); b != nil && b.Kind == source.String {
				d.Deliveries = append(d.Deliveries, model.Delivery{Service: "s3", Target: model.Str{Value: b.Value, Loc: b.Loc}})
			}
		}
	}
	for _, r := range itemsOf(get(n, "streamDeliveryResources", "resources")) {
		k := r.Get("kinesis")
		if k == nil {
			continue
		}
		if arn := k.Get("dataStreamArn"); arn != nil && arn.Kind == source.String {
			del := model.Delivery{Service: "kinesis", Target: model.Str{Value: arn.Value, Loc: arn.Loc}}
			for _, c := range itemsOf(k.Get("contentConfigurations")) {
				if lv := c.Get("level"); lv != nil && lv.Kind == source.String {
					del.Level = &model.Str{Value: lv.Value, Loc: lv.Loc}
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
