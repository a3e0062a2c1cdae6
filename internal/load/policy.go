package load

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/memlint/memlint/internal/iam"
	"github.com/memlint/memlint/internal/model"
	"github.com/memlint/memlint/internal/source"
)

// Rule IDs of problems found while decoding.
const (
	ruleInvalid = "ML001" // not JSON/YAML, or not an object
	ruleGrammar = "ML002" // policy grammar
	// ruleMalformedARN is ML012 for the principal ARNs IAM rejects that the
	// Rego rule's ARN shape check accepts (wildcards).
	ruleMalformedARN = "ML012"
)

var (
	topKeys       = []string{"Version", "Id", "Statement"}
	statementKeys = []string{"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"}
	principalKeys = []string{"AWS", "Service", "Federated", "CanonicalUser"}
)

// policyDecoder turns a document tree into a model.Policy, collecting every
// grammar problem at its exact position and keeping what can still be read.
type policyDecoder struct {
	p *model.Policy
	// drop lets the decoder drop each statement's parse tree once it is
	// decoded (decodeOwnedPolicy).
	drop bool
}

func (d *policyDecoder) problem(loc model.Loc, format string, args ...any) {
	d.p.Problems = append(d.p.Problems, model.Problem{Rule: ruleGrammar, Msg: fmt.Sprintf(format, args...), Loc: loc})
}

// decodePolicy decodes one policy document. text is the document's own text
// (for the size count); kind is what the caller knows it to be, or KindUnknown.
func decodePolicy(file string, n *source.Node, text string, kind model.Kind) *model.Policy {
	return (&policyDecoder{}).decode(file, n, text, kind)
}

// decodeOwnedPolicy is decodePolicy for a parse tree nothing reads
// afterwards: each statement's subtree is dropped from the tree once it is
// decoded, so a policy of hundreds of thousands of statements does not hold
// its whole parse tree beside its whole model (a 50 MB policy: 473 MB of
// parse tree with the file, 280 MB of model).
func decodeOwnedPolicy(file string, n *source.Node, text string, kind model.Kind) *model.Policy {
	return (&policyDecoder{drop: true}).decode(file, n, text, kind)
}

func (d *policyDecoder) decode(file string, n *source.Node, text string, kind model.Kind) *model.Policy {
	p := &model.Policy{File: file, Loc: n.Loc, Kind: kind, Size: countSize(text)}
	d.p = p
	if n.Kind != source.Object {
		p.Problems = append(p.Problems, model.Problem{Rule: ruleInvalid, Msg: fmt.Sprintf("A policy document must be a JSON object, not %s.", article(n.Kind)), Loc: n.Loc})
		return p
	}
	seen := map[string]bool{}
	for _, f := range n.Fields {
		if !d.knownKey(f, topKeys, "policy") {
			continue
		}
		seen[f.Key] = true
		switch f.Key {
		case "Version":
			if s, ok := d.str(f); ok {
				p.Version = s
				if s.Value != "2012-10-17" && s.Value != "2008-10-17" {
					d.problem(s.Loc, "Version '%s' is not a policy language version: use '2012-10-17'.", s.Value)
				}
			}
		case "Id":
			p.ID, _ = d.str(f)
		case "Statement":
			d.statements(f.Value)
		}
	}
	if !seen["Statement"] {
		d.problem(n.Loc, "The policy has no Statement.")
	}
	if p.Kind == model.KindUnknown {
		if k := inferKind(p); k != model.KindUnknown {
			p.Kind, p.KindInferred = k, true
		}
	}
	return p
}

// knownKey reports whether f is one of keys; otherwise it records the problem,
// suggesting the right spelling when only the case differs.
func (d *policyDecoder) knownKey(f *source.Field, keys []string, where string) bool {
	if slices.Contains(keys, f.Key) {
		return true
	}
	for _, k := range keys {
		if strings.EqualFold(k, f.Key) {
			d.problem(f.KeyLoc, "Unknown %s element '%s': element names are case-sensitive, write '%s'.", where, f.Key, k)
			return false
		}
	}
	d.problem(f.KeyLoc, "Unknown %s element '%s' (expected one of %s).", where, f.Key, strings.Join(keys, ", "))
	return false
}

func (d *policyDecoder) str(f *source.Field) (*model.Str, bool) {
	if f.Value.Kind != source.String {
		d.problem(f.Value.Loc, "%s must be a string, not %s.", f.Key, article(f.Value.Kind))
		return nil, false
	}
	return &model.Str{Value: f.Value.Value, Loc: f.Value.Loc}, true
}

func (d *policyDecoder) statements(n *source.Node) {
	switch n.Kind {
	case source.Object:
		d.statement(n, 0)
	case source.Array:
		if len(n.Items) == 0 {
			d.problem(n.Loc, "Statement is an empty array: the policy grants nothing.")
		}
		if len(n.Items) >= parallelStatements && runtime.GOMAXPROCS(0) > 1 {
			d.statementsParallel(n)
			return
		}
		d.items(n, 0, len(n.Items))
	default:
		d.problem(n.Loc, "Statement must be an object or an array of objects, not %s.", article(n.Kind))
	}
}

// items decodes the statements n.Items[lo:hi].
func (d *policyDecoder) items(n *source.Node, lo, hi int) {
	for i := lo; i < hi; i++ {
		it := n.Items[i]
		if it.Kind != source.Object {
			d.problem(it.Loc, "A statement must be an object, not %s.", article(it.Kind))
			continue
		}
		d.statement(it, i)
		if d.drop {
			n.Items[i] = nil
		}
	}
}

// parallelStatements is the number of statements from which a policy's
// statements are decoded on every core. Real policies have tens; a
// generated or hostile one of hundreds of thousands took a second of the
// load's single thread (a 50 MB policy).
const parallelStatements = 8192

// statementsParallel decodes the statements of n in one range per core,
// each into a policy of its own, and appends their statements and problems
// in order: the result is the serial decoder's.
func (d *policyDecoder) statementsParallel(n *source.Node) {
	workers := runtime.GOMAXPROCS(0)
	per := (len(n.Items) + workers - 1) / workers
	parts := make([]*model.Policy, 0, workers)
	var wg sync.WaitGroup
	for lo := 0; lo < len(n.Items); lo += per {
		part := &model.Policy{}
		parts = append(parts, part)
		wg.Add(1)
		go func(lo, hi int) {
			defer wg.Done()
			(&policyDecoder{p: part, drop: d.drop}).items(n, lo, hi)
		}(lo, min(lo+per, len(n.Items)))
	}
	wg.Wait()
	for _, part := range parts {
		d.p.Statements = append(d.p.Statements, part.Statements...)
		d.p.Problems = append(d.p.Problems, part.Problems...)
	}
}

func (d *policyDecoder) statement(n *source.Node, index int) {
	s := &model.Statement{Index: index, Loc: n.Loc}
	d.p.Statements = append(d.p.Statements, s)
	for _, f := range n.Fields {
		if !d.knownKey(f, statementKeys, "statement") {
			continue
		}
		switch f.Key {
		case "Sid":
			s.Sid, _ = d.str(f)
		case "Effect":
			if e, ok := d.str(f); ok {
				s.Effect = e
				if e.Value != "Allow" && e.Value != "Deny" {
					if strings.EqualFold(e.Value, "allow") || strings.EqualFold(e.Value, "deny") {
						d.problem(e.Loc, "Effect '%s' must be written 'Allow' or 'Deny' (case-sensitive).", e.Value)
					} else {
						d.problem(e.Loc, "Effect '%s' is neither 'Allow' nor 'Deny'.", e.Value)
					}
				}
			}
		case "Principal", "NotPrincipal":
			if s.Principal != nil {
				d.problem(f.KeyLoc, "A statement cannot have both Principal and NotPrincipal.")
				continue
			}
			s.Principal = d.principals(f)
		case "Action", "NotAction":
			if s.Action != nil {
				d.problem(f.KeyLoc, "A statement cannot have both Action and NotAction.")
				continue
			}
			s.Action = d.values(f)
		case "Resource", "NotResource":
			if s.Resource != nil {
				d.problem(f.KeyLoc, "A statement cannot have both Resource and NotResource.")
				continue
			}
			s.Resource = d.values(f)
		case "Condition":
			s.ConditionLoc = f.KeyLoc
			d.conditions(s, f.Value)
		}
	}
	if s.Effect == nil && !hasKey(n, "Effect") {
		d.problem(n.Loc, "The statement has no Effect.")
	}
	if s.Action == nil && !hasKey(n, "Action") && !hasKey(n, "NotAction") {
		d.problem(n.Loc, "The statement has neither Action nor NotAction.")
	}
}

func hasKey(n *source.Node, key string) bool { return n.Get(key) != nil }

// values decodes a string-or-list element (Action, Resource and their Not forms).
func (d *policyDecoder) values(f *source.Field) *model.Values {
	v := &model.Values{Not: strings.HasPrefix(f.Key, "Not"), KeyLoc: f.KeyLoc}
	switch f.Value.Kind {
	case source.String:
		v.Values = append(v.Values, model.Str{Value: f.Value.Value, Loc: f.Value.Loc})
	case source.Array:
		if len(f.Value.Items) == 0 {
			d.problem(f.Value.Loc, "%s is an empty array: the statement matches nothing.", f.Key)
		}
		for _, it := range f.Value.Items {
			if it.Kind != source.String {
				d.problem(it.Loc, "%s values must be strings, not %s.", f.Key, article(it.Kind))
				continue
			}
			v.Values = append(v.Values, model.Str{Value: it.Value, Loc: it.Loc})
		}
	default:
		d.problem(f.Value.Loc, "%s must be a string or an array of strings, not %s.", f.Key, article(f.Value.Kind))
	}
	return v
}

func (d *policyDecoder) principals(f *source.Field) *model.Principals {
	ps := &model.Principals{Not: f.Key == "NotPrincipal", KeyLoc: f.KeyLoc}
	add := func(typ string, n *source.Node) {
		// A principal IAM rejects is a finding, not a value quietly classed
		// "other" that no rule reads (an unknown one is dropped later).
		if msg, isARN := iam.RejectedPrincipal(typ, n.Value); msg != "" {
			rule := ruleGrammar
			if isARN {
				rule = ruleMalformedARN
			}
			d.p.Problems = append(d.p.Problems, model.Problem{Rule: rule, Msg: msg, Loc: n.Loc})
		}
		c := iam.ClassifyPrincipal(typ, n.Value)
		ps.Values = append(ps.Values, &model.Principal{
			Type: typ, Value: n.Value, Loc: n.Loc,
			ARN: c.ARN, Class: c.Class, Account: c.Account, Partition: c.Partition,
		})
	}
	switch f.Value.Kind {
	case source.String:
		if f.Value.Value != "*" {
			d.problem(f.Value.Loc, "A %s string must be \"*\"; name principals as {\"AWS\": \"%s\"}.", f.Key, f.Value.Value)
			return ps
		}
		add("*", f.Value)
	case source.Object:
		if len(f.Value.Fields) == 0 {
			d.problem(f.Value.Loc, "%s is an empty object: it names no principal.", f.Key)
		}
		for _, pf := range f.Value.Fields {
			if !d.knownKey(pf, principalKeys, "principal") {
				continue
			}
			switch pf.Value.Kind {
			case source.String:
				add(pf.Key, pf.Value)
			case source.Array:
				if len(pf.Value.Items) == 0 {
					d.problem(pf.Value.Loc, "%s.%s is an empty array: it names no principal.", f.Key, pf.Key)
				}
				for _, it := range pf.Value.Items {
					if it.Kind != source.String {
						d.problem(it.Loc, "Principal values must be strings, not %s.", article(it.Kind))
						continue
					}
					add(pf.Key, it)
				}
			default:
				d.problem(pf.Value.Loc, "%s.%s must be a string or an array of strings, not %s.", f.Key, pf.Key, article(pf.Value.Kind))
			}
		}
	default:
		d.problem(f.Value.Loc, "%s must be \"*\" or an object, not %s.", f.Key, article(f.Value.Kind))
	}
	return ps
}

func (d *policyDecoder) conditions(s *model.Statement, n *source.Node) {
	if n.Kind != source.Object {
		d.problem(n.Loc, "Condition must be an object, not %s.", article(n.Kind))
		return
	}
	if len(n.Fields) == 0 {
		d.problem(n.Loc, "Condition is an empty object.")
	}
	for _, of := range n.Fields {
		op, err := iam.ParseOperator(of.Key)
		if err != nil {
			d.problem(of.KeyLoc, "%s.", capitalize(err.Error()))
			continue
		}
		if of.Value.Kind != source.Object {
			d.problem(of.Value.Loc, "Condition operator %s must map condition keys to values, not be %s.", of.Key, article(of.Value.Kind))
			continue
		}
		if len(of.Value.Fields) == 0 {
			d.problem(of.Value.Loc, "Condition operator %s has no condition keys.", of.Key)
		}
		for _, kf := range of.Value.Fields {
			c := &model.Condition{
				Operator:  model.Str{Value: of.Key, Loc: of.KeyLoc},
				Base:      op.Base,
				Qualifier: op.Qualifier,
				IfExists:  op.IfExists,
				Key:       model.Str{Value: kf.Key, Loc: kf.KeyLoc},
			}
			scalar := func(v *source.Node) {
				switch v.Kind {
				case source.String, source.Number, source.Bool:
					c.Values = append(c.Values, model.Str{Value: v.Value, Loc: v.Loc})
				default:
					d.problem(v.Loc, "Condition values must be strings, numbers or booleans, not %s.", article(v.Kind))
				}
			}
			if kf.Value.Kind == source.Array {
				if len(kf.Value.Items) == 0 {
					d.problem(kf.Value.Loc, "Condition key '%s' has an empty array of values.", kf.Key)
				}
				for _, it := range kf.Value.Items {
					scalar(it)
				}
			} else {
				scalar(kf.Value)
			}
			s.Conditions = append(s.Conditions, c)
		}
	}
}

// inferKind tells a document's kind from its shape (docs/inputs.md, "Loose policy documents").
func inferKind(p *model.Policy) model.Kind {
	hasPrincipal := false
	kind := model.KindUnknown
	for _, s := range p.Statements {
		if s.Principal == nil {
			continue
		}
		hasPrincipal = true
		service := false
		for _, pr := range s.Principal.Values {
			service = service || pr.Type == "Service"
		}
		var actions, resources []string
		if s.Action != nil {
			for _, a := range s.Action.Values {
				actions = append(actions, strings.ToLower(a.Value))
			}
		}
		if s.Resource != nil {
			for _, r := range s.Resource.Values {
				resources = append(resources, r.Value)
			}
		}
		anyPrefix := func(list []string, prefixes ...string) bool {
			for _, v := range list {
				for _, pre := range prefixes {
					if strings.HasPrefix(v, pre) {
						return true
					}
				}
			}
			return false
		}
		k := model.KindUnknown
		switch {
		case service && anyPrefix(actions, "sts:assumerole", "sts:*", "*"):
			k = model.KindTrust
		case anyPrefix(actions, "bedrock-agentcore:") && (len(resources) == 0 || slices.ContainsFunc(resources, isMemoryARN)):
			k = model.KindMemory
		case anyPrefix(actions, "s3:") || anyPrefix(resources, "arn:aws:s3:", "arn:aws-cn:s3:", "arn:aws-us-gov:s3:"):
			k = model.KindS3
		case anyPrefix(actions, "sns:") || slices.ContainsFunc(resources, func(r string) bool { return arnService(r) == "sns" }):
			k = model.KindSNS
		case anyPrefix(actions, "kinesis:") || slices.ContainsFunc(resources, func(r string) bool { return arnService(r) == "kinesis" }):
			k = model.KindKinesis
		case len(actions) > 0 && !slices.ContainsFunc(actions, func(a string) bool { return !strings.HasPrefix(a, "kms:") }):
			// Every action a KMS action: a key policy (its Resource is "*").
			k = model.KindKMS
		}
		if k == model.KindUnknown {
			continue
		}
		if kind != model.KindUnknown && kind != k {
			return model.KindUnknown // statements disagree
		}
		kind = k
	}
	if !hasPrincipal && len(p.Statements) > 0 {
		return model.KindIdentity
	}
	return kind
}

func isMemoryARN(s string) bool {
	a, err := iam.ParseARN(s)
	return err == nil && a.Service == "bedrock-agentcore" && strings.HasPrefix(a.Resource, "memory/")
}

func arnService(s string) string {
	a, err := iam.ParseARN(s)
	if err != nil {
		return ""
	}
	return a.Service
}

// countSize counts characters excluding whitespace, as AWS does for policy
// size quotas.
func countSize(text string) int {
	n := 0
	for _, r := range text {
		if !unicode.IsSpace(r) {
			n++
		}
	}
	return n
}

func article(k source.Kind) string {
	switch k {
	case source.Array, source.Object:
		return "an " + k.String()
	case source.Null:
		return "null"
	}
	return "a " + k.String()
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
