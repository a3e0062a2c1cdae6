package load

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/memlint/memlint/internal/iam"
	"github.com/memlint/memlint/internal/model"
	"github.com/memlint/memlint/internal/source"
	"github.com/memlint/memlint/internal/suggest"
)

// assignment loads a document whose role a manifest told.
type assignment func(n *source.Node, text string)

func (l *loader) assigned(name string) assignment {
	abs := l.abs(name)
	if l.assign == nil {
		return nil
	}
	return l.assign[abs]
}

type manifestReader struct {
	l     *loader
	file  string
	dir   string
	path0 string      // the manifest's path as given
	self  os.FileInfo // its stat, once taken
	errs  []manifestErr
}

type manifestErr struct {
	loc model.Loc
	msg string
}

func (r *manifestReader) errorf(loc model.Loc, format string, args ...any) {
	r.errs = append(r.errs, manifestErr{loc, fmt.Sprintf(format, args...)})
}

// manifest reads memlint.yaml (docs/manifest.md) and loads every file it
// names with the role it gives. Any manifest problem is a UsageError.
func (l *loader) manifest(p string) error {
	abs := l.abs(p)
	l.touch(abs)
	if l.isDone(abs) {
		l.pre.take(abs) // read ahead for nothing: its slot is given back
		return nil
	}
	l.done[abs] = true
	name := cleanPath(p)
	// A manifest a walk listed as a regular file needs no second look at
	// its last element.
	walked := l.regular[abs]
	if out, where := l.bound.outsideAbs(abs, walked); out {
		return usageError(fmt.Sprintf("memlint: manifest %s %s", name, outsideMsg(where)))
	}
	if !walked {
		if what := irregular(p); what != "" {
			return usageError(fmt.Sprintf("memlint: manifest %s is %s, not a regular file", name, what))
		}
	}
	data, pre, ok := l.readFetched(p)
	if !ok {
		return usageError(fmt.Sprintf("memlint: manifest %s cannot be read", name))
	}
	if text, enc := decodeBOM(data); enc != "" {
		l.encoded(name, enc, true)
		data = text
	}
	l.took(name)
	var err error
	if docs, _, perr, parsed := pre.parseOf(name); parsed {
		err = l.manifestDocs(p, docs, perr, pre.info)
	} else {
		err = l.manifestData(p, data)
	}
	l.provenance(filepath.Dir(p))
	return err
}

// manifestData reads a manifest's contents; p is its path (files it names are
// relative to its directory).
func (l *loader) manifestData(p string, data []byte) error {
	docs, err := source.ParseYAML(cleanPath(p), data)
	return l.manifestDocs(p, docs, err, nil)
}

// manifestDocs is manifestData on the parse of the contents: the
// documents, or the error parsing gave; self is the manifest's stat when
// known (nil: taken when needed).
func (l *loader) manifestDocs(p string, docs []*source.Node, err error, self fs.FileInfo) error {
	name := cleanPath(p)
	if err != nil {
		return usageError("memlint: manifest " + err.Error())
	}
	if len(docs) != 1 || docs[0].Kind != source.Object {
		return usageError(fmt.Sprintf("memlint: manifest %s: want one YAML mapping with version, memories, roles and destinations", name))
	}
	r := &manifestReader{l: l, file: name, dir: filepath.Dir(p), path0: p, self: self}
	var files []string
	root := docs[0]
	r.keys(root, "version", "memories", "roles", "destinations", "keys", "organization")
	if v := root.Get("version"); v == nil || v.Value != "1" {
		r.errorf(root.Loc, "version: 1 is required")
	}
	for _, m := range r.list(root, "memories") {
		r.keys(m, "arn", "definition", "resource_policy")
		arn := r.arn(m, "arn", "bedrock-agentcore")
		if f := r.path(m, "definition"); f != "" {
			files = append(files, f)
			r.assign(f, "memory definition", func(n *source.Node, text string) {
				mem := l.links.memory(arn)
				if n.Get("memory") != nil {
					n = n.Get("memory")
				}
				mem.Definition = l.definition(cleanPath(f), n)
			})
		}
		if f := r.path(m, "resource_policy"); f != "" {
			files = append(files, f)
			r.assign(f, "memory policy", func(n *source.Node, text string) {
				if p := r.policy(f, n, text, model.KindMemory, arn); p != nil {
					l.links.memoryForPolicy(arn).Policy = p
				}
			})
		}
	}
	for _, ro := range r.list(root, "roles") {
		r.keys(ro, "arn", "trust_policy", "policies", "permissions_boundary")
		arn := r.arn(ro, "arn", "iam")
		r.boundary(ro, arn, &files)
		if f := r.path(ro, "trust_policy"); f != "" {
			files = append(files, f)
			r.assign(f, "trust policy", func(n *source.Node, text string) {
				if p := r.policy(f, n, text, model.KindTrust, arn); p != nil {
					l.links.role(arn, model.RoleName(arn.Value)).Trust = p
				}
			})
		}
		if ps := ro.Get("policies"); ps != nil {
			if ps.Kind != source.Array {
				r.errorf(ps.Loc, "policies must be a list of file paths")
			}
			for _, it := range ps.Items {
				f := r.resolve(it)
				if f == "" {
					continue
				}
				files = append(files, f)
				r.assign(f, "identity policy", func(n *source.Node, text string) {
					if p := r.policy(f, n, text, model.KindIdentity, arn); p != nil {
						role := l.links.role(arn, model.RoleName(arn.Value))
						role.Policies = append(role.Policies, p)
					}
				})
			}
		}
	}
	for _, d := range r.list(root, "destinations") {
		r.keys(d, "arn", "policy", "kms_key", "policy_status", "account")
		arn := r.arn(d, "arn", "")
		service := ""
		if a, err := iam.ParseARN(arn.Value); err == nil {
			service = a.Service
		}
		kind := map[string]model.Kind{"s3": model.KindS3, "sns": model.KindSNS, "kinesis": model.KindKinesis}[service]
		if arn.Value != "" && kind == "" {
			r.errorf(arn.Loc, "destination %s is not an S3 bucket, SNS topic or Kinesis stream ARN", arn.Value)
		}
		dst := l.links.dest(arn, service)
		r.destinationKey(d, dst)
		r.destinationAccount(d, dst)
		r.policyStatus(d, dst)
		if f := r.path(d, "policy"); f != "" && kind != "" {
			files = append(files, f)
			r.assign(f, string(kind)+" policy", func(n *source.Node, text string) {
				if p := r.policy(f, n, text, kind, arn); p != nil {
					dst.Policy = p
				}
			})
		}
	}
	r.manifestKeys(root, &files)
	r.organization(root, &files)
	if len(r.errs) > 0 {
		slices.SortStableFunc(r.errs, func(a, b manifestErr) int { return a.loc.Compare(b.loc) })
		lines := make([]string, len(r.errs))
		for i, e := range r.errs {
			lines[i] = fmt.Sprintf("memlint: manifest %s: %s", e.loc, e.msg)
		}
		return usageError(lines...)
	}
	if l.m.Manifests == nil {
		l.m.Manifests = map[string][]string{}
	}
	for _, f := range files {
		l.m.Manifests[name] = append(l.m.Manifests[name], cleanPath(f))
	}
	l.opts.Log("%s: manifest naming %d %s", name, len(files), plural(len(files), "file", "files"))
	for _, f := range files {
		l.file(f, true)
	}
	return nil
}

// assign gives file f the role what (for --verbose: "trust policy") and
// the function that loads it in that role.
func (r *manifestReader) assign(f, what string, a assignment) {
	abs := r.l.abs(f)
	r.l.touch(abs)
	if r.l.assign == nil {
		r.l.assign = map[string]assignment{}
		r.l.told = map[string][]string{}
	}
	r.l.told[abs] = append(r.l.told[abs], fmt.Sprintf("%s (told by manifest %s)", what, r.file))
	if prev := r.l.assign[abs]; prev != nil {
		// One file can serve two roles (the same policy attached twice).
		r.l.assign[abs] = func(n *source.Node, text string) { prev(n, text); a(n, text) }
		return
	}
	r.l.assign[abs] = a
}

// policy decodes a manifest-named policy file: a loose document or a CLI
// input file holding the policy as a string.
func (r *manifestReader) policy(f string, n *source.Node, text string, kind model.Kind, attached model.Str) *model.Policy {
	pn, field := policyNode(n)
	var p *model.Policy
	if field == "" {
		p = decodePolicy(cleanPath(f), pn, text, kind)
		r.l.addPolicy(p)
	} else {
		p = r.l.embedded(cleanPath(f), pn, field, kind)
	}
	if p != nil && attached.Value != "" {
		p.Attached = &attached
	}
	return p
}

func (r *manifestReader) keys(n *source.Node, allowed ...string) {
	if n.Kind != source.Object {
		r.errorf(n.Loc, "want a mapping, not %s", article(n.Kind))
		return
	}
	for _, f := range n.Fields {
		if !slices.Contains(allowed, f.Key) {
			r.errorf(f.KeyLoc, "unknown key %q%s (want one of %s)", f.Key, suggest.DidYouMean(f.Key, allowed), strings.Join(allowed, ", "))
		}
	}
}

func (r *manifestReader) list(n *source.Node, key string) []*source.Node {
	v := n.Get(key)
	if v == nil || v.Kind == source.Null {
		return nil
	}
	if v.Kind != source.Array {
		r.errorf(v.Loc, "%s must be a list", key)
		return nil
	}
	var out []*source.Node
	for _, it := range v.Items {
		if it.Kind != source.Object {
			r.errorf(it.Loc, "%s entries must be mappings", key)
			continue
		}
		out = append(out, it)
	}
	return out
}

// arn reads and validates an ARN field; service, when set, is the service the
// ARN must name.
func (r *manifestReader) arn(n *source.Node, key, service string) model.Str {
	v := n.Get(key)
	if v == nil {
		r.errorf(n.Loc, "%s is required", key)
		return model.Str{}
	}
	if v.Kind != source.String {
		r.errorf(v.Loc, "%s must be a string", key)
		return model.Str{}
	}
	if probs := iam.ValidateARN(v.Value, iam.ARNValue); len(probs) > 0 {
		msgs := make([]string, len(probs))
		for i, p := range probs {
			msgs[i] = strings.TrimSuffix(p.Msg, ".")
		}
		r.errorf(v.Loc, "malformed ARN %q: %s", v.Value, strings.Join(msgs, "; "))
	} else if a, _ := iam.ParseARN(v.Value); service != "" && a.Service != service {
		r.errorf(v.Loc, "ARN %q is not a %s ARN", v.Value, service)
	}
	return model.Str{Value: v.Value, Loc: v.Loc}
}

func (r *manifestReader) path(n *source.Node, key string) string {
	v := n.Get(key)
	if v == nil || v.Kind == source.Null {
		return ""
	}
	return r.resolve(v)
}

func (r *manifestReader) resolve(v *source.Node) string {
	if v.Kind != source.String || v.Value == "" {
		r.errorf(v.Loc, "want a file path")
		return ""
	}
	f := v.Value
	if !filepath.IsAbs(f) {
		f = filepath.Join(r.dir, f)
	}
	abs := r.l.abs(f)
	walked := r.l.regular[abs]
	if out, where := r.l.bound.outsideAbs(abs, walked); out {
		r.errorf(v.Loc, "file %s %s", v.Value, outsideMsg(where))
		return ""
	}
	// One stat answers the three questions below (a large tree's manifests
	// name tens of thousands of files); for a file the walk listed, the
	// prefetcher took it ahead.
	var err error
	st := r.l.pre.stat(abs)
	if st == nil {
		st, err = os.Stat(f)
	}
	if err == nil && !st.Mode().IsRegular() && !st.IsDir() {
		r.errorf(v.Loc, "file %s is %s, not a regular file", v.Value, modeName(st.Mode()))
		return ""
	}
	if err != nil || !st.Mode().IsRegular() {
		r.errorf(v.Loc, "file %s does not exist", v.Value)
		return ""
	}
	// A manifest is not a document of a setup: naming one (this manifest
	// itself, most likely by mistake) would be skipped without a word,
	// since manifests are read once.
	if r.self == nil {
		r.self, _ = os.Stat(r.path0)
	}
	if r.self != nil && os.SameFile(r.self, st) {
		r.errorf(v.Loc, "file %s is this manifest itself, not a document of the setup", v.Value)
		return ""
	}
	if filepath.Base(f) == ManifestName {
		r.errorf(v.Loc, "file %s is a manifest, not a document of the setup", v.Value)
		return ""
	}
	return f
}

// policyStatus reads a destination's policy_status: what a live fetch
// (memlint fetch) found instead of a policy, absent or not_readable.
func (r *manifestReader) policyStatus(d *source.Node, dst *model.Destination) {
	v := d.Get("policy_status")
	if v == nil || v.Kind == source.Null {
		return
	}
	if v.Kind != source.String || (v.Value != "absent" && v.Value != "not_readable") {
		r.errorf(v.Loc, "policy_status must be absent or not_readable")
		return
	}
	if d.Get("policy") != nil {
		r.errorf(v.Loc, "policy_status is for a destination without a policy file")
		return
	}
	dst.PolicyStatus = model.Str{Value: v.Value, Loc: v.Loc}
}
