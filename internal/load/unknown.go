package load

import (
	"encoding/json"
	"strings"

	"github.com/memlint/memlint/internal/model"
	"github.com/memlint/memlint/internal/source"
)

// unknowns records the values infrastructure code computes at deploy time
// (a CloudFormation !GetAtt, a Terraform "known after apply", a shell
// "$VAR"), by the position of the value, with the expression as written.
// The loaders replace such a value by a string node at the same position and
// mark the model values decoded from it afterwards, so the policy decoder
// and the definition reader need not know about infrastructure code.
type unknowns map[model.Loc]string

// add records n's position as unknown and returns a string node standing
// for it.
func (u unknowns) add(n *source.Node, expr string) *source.Node {
	u[n.Loc] = expr
	return &source.Node{Kind: source.String, Value: expr, Loc: n.Loc}
}

// str marks s when its position is unknown.
func (u unknowns) str(s *model.Str) {
	if s == nil {
		return
	}
	if e, ok := u[s.Loc]; ok && !s.Loc.IsZero() {
		s.Unknown, s.Expr, s.Value = true, e, e
	}
}

// policy marks every unknown value of p.
func (u unknowns) policy(p *model.Policy) {
	if p == nil || len(u) == 0 {
		return
	}
	// A grammar problem about a value that is unknown (a Principal: !Ref X
	// that is not "*", a Version from a parameter) is about the expression,
	// not the deployed policy: dropped.
	kept := p.Problems[:0]
	for _, pr := range p.Problems {
		if _, ok := u[pr.Loc]; !ok {
			kept = append(kept, pr)
		}
	}
	p.Problems = kept
	u.str(p.Version)
	u.str(p.ID)
	for _, s := range p.Statements {
		u.str(s.Sid)
		u.str(s.Effect)
		if s.Principal != nil {
			for _, pr := range s.Principal.Values {
				if e, ok := u[pr.Loc]; ok {
					pr.Unknown, pr.Value = true, e
					pr.ARN, pr.Class, pr.Account, pr.Partition = "", "", "", ""
				}
			}
		}
		for _, vs := range []*model.Values{s.Action, s.Resource} {
			if vs == nil {
				continue
			}
			for i := range vs.Values {
				u.str(&vs.Values[i])
			}
		}
		for _, c := range s.Conditions {
			for i := range c.Values {
				u.str(&c.Values[i])
			}
		}
	}
}

// definition marks every unknown value of d.
func (u unknowns) definition(d *model.Definition) {
	if d == nil || len(u) == 0 {
		return
	}
	u.str(d.Name)
	u.str(d.ARN)
	u.str(d.RoleARN)
	u.str(d.EncryptionKeyARN)
	for i := range d.Deliveries {
		u.str(&d.Deliveries[i].Target)
		u.str(d.Deliveries[i].Level)
	}
}

// known returns s, or the zero Str when s is unknown: what the linker is
// given, since an unknown ARN links nothing.
func known(s model.Str) model.Str {
	if s.Unknown {
		return model.Str{}
	}
	return s
}

// compactJSON is the text of n as compact JSON, for counting the size of a
// policy written as a YAML mapping.
func compactJSON(n *source.Node) string {
	var b strings.Builder
	var write func(n *source.Node, depth int)
	write = func(n *source.Node, depth int) {
		if depth > 200 {
			return
		}
		switch n.Kind {
		case source.Object:
			b.WriteByte('{')
			for i, f := range n.Fields {
				if i > 0 {
					b.WriteByte(',')
				}
				k, _ := json.Marshal(f.Key)
				b.Write(k)
				b.WriteByte(':')
				write(f.Value, depth+1)
			}
			b.WriteByte('}')
		case source.Array:
			b.WriteByte('[')
			for i, it := range n.Items {
				if i > 0 {
					b.WriteByte(',')
				}
				write(it, depth+1)
			}
			b.WriteByte(']')
		case source.String:
			v, _ := json.Marshal(n.Value)
			b.Write(v)
		case source.Null:
			b.WriteString("null")
		default:
			b.WriteString(n.Value)
		}
	}
	write(n, 0)
	return b.String()
}
