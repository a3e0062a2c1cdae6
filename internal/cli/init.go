package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/memlint/memlint/internal/config"
	"github.com/memlint/memlint/internal/iam"
	"github.com/memlint/memlint/internal/load"
	"github.com/memlint/memlint/internal/model"
	"github.com/memlint/memlint/internal/termsafe"
)

// initOptions are the flags of memlint init.
type initOptions struct {
	force bool
}

func (o *initOptions) addFlags(fs *flag.FlagSet) {
	fs.BoolVar(&o.force, "force", false, "overwrite an existing memlint.yaml or .memlint.yaml")
}

// initCmd writes a starter manifest and configuration for the loose
// documents under a directory: each document's kind as memlint infers it,
// memories, roles and destinations linked by the ARNs the documents name.
// What cannot be inferred is written as a commented entry to fill in.
func initCmd(args []string, stdout io.Writer) error {
	var o initOptions
	fs := newFlagSet("memlint init")
	o.addFlags(fs)
	pos, err := parseFlags(fs, args, stdout)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return fmt.Errorf("init: want one directory, got %d arguments", len(pos))
	}
	dir := "."
	if len(pos) == 1 {
		dir = pos[0]
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return fmt.Errorf("init: %s is not a directory", termsafe.Line(dir))
	}
	manifestPath := filepath.Join(dir, load.ManifestName)
	configPath := filepath.Join(dir, config.Names[0])
	if !o.force {
		for _, p := range []string{manifestPath, configPath} {
			if _, err := os.Lstat(p); err == nil {
				return fmt.Errorf("init: %s exists; --force overwrites it", termsafe.Line(filepath.ToSlash(p)))
			}
		}
	}
	// Read the directory as if it had no manifest: an empty one named
	// explicitly keeps any memlint.yaml in the tree out.
	tmp, err := os.MkdirTemp("", "memlint-init-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	empty := filepath.Join(tmp, load.ManifestName)
	if err := os.WriteFile(empty, []byte("version: 1\n"), 0o600); err != nil {
		return err
	}
	m, err := load.Load([]string{dir}, load.Options{Manifest: empty})
	if err != nil {
		var ue *load.UsageError
		if errors.As(err, &ue) {
			return errors.New(strings.TrimPrefix(ue.Msg, "memlint: "))
		}
		return err
	}
	text, counts := starterManifest(m, dir)
	if err := os.WriteFile(manifestPath, []byte(text), 0o644); err != nil {
		return fmt.Errorf("init: %w", err)
	}
	if err := os.WriteFile(configPath, []byte(starterConfig), 0o644); err != nil {
		return fmt.Errorf("init: %w", err)
	}
	fmt.Fprintf(stdout, "wrote %s: %s\nwrote %s\nnext: memlint check %s\n", filepath.ToSlash(manifestPath), counts,
		filepath.ToSlash(configPath), filepath.ToSlash(dir))
	return nil
}

// starterConfig is the configuration memlint init writes: every setting,
// at its default or commented out.
const starterConfig = `# memlint configuration: which rules run, at what severity, what is
# excluded, when memlint fails and which findings are accepted.
# Reference: https://github.com/memlint/memlint#configuration
version: 1
# enable: [ML001, root-principal-grant]   # run only these rules (IDs or slugs)
# disable: [redundant-element]            # rules that do not run
# severity:                               # severity overrides
#   ML101: high
# exclude:                                # findings in these files are dropped (globs, ** as in .gitignore)
#   - "**/testdata/**"
fail-on: warning                          # exit 1 on medium findings and above
# sarif-category: memlint                 # GitHub code scanning category
ignore: []                                # accepted findings, each with a reason:
#  - rule: root-principal-grant
#    path: memory/*.json
#    reason: Account B's root is accepted until its roles exist (TICKET-42).
#    expires: 2026-12-31
`

// entry is one item of a manifest section: the YAML keys in order and the
// comment above it. A commented entry needs the user to fill it in.
type entry struct {
	comment   string
	arn       string
	fields    [][2]string // key, value
	list      []string    // policies:
	commented bool
}

// starterManifest builds memlint.yaml for the loose documents of m under
// dir; counts says what it linked.
func starterManifest(m *model.Model, dir string) (string, string) {
	rel := func(f string) string {
		r, err := filepath.Rel(dir, f)
		if err != nil {
			return filepath.ToSlash(f)
		}
		return filepath.ToSlash(r)
	}
	loose := func(p *model.Policy) bool { return p != nil && p.Attached == nil && p.Address == "" }

	var memories, roles, dests, keys []*entry
	memByARN := map[string]*entry{}
	memoryEntry := func(arn string) *entry {
		if e := memByARN[arn]; e != nil {
			return e
		}
		e := &entry{arn: arn}
		memByARN[arn] = e
		memories = append(memories, e)
		return e
	}
	roleByARN := map[string]*entry{}
	roleEntry := func(arn string) *entry {
		if e := roleByARN[arn]; e != nil {
			return e
		}
		e := &entry{arn: arn}
		roleByARN[arn] = e
		roles = append(roles, e)
		return e
	}
	destByARN := map[string]*entry{}
	destEntry := func(arn string) *entry {
		if e := destByARN[arn]; e != nil {
			return e
		}
		e := &entry{arn: arn}
		destByARN[arn] = e
		dests = append(dests, e)
		return e
	}

	// Memory resource policies name their memory in Resource.
	var memPolicies, trusts, permissions, consumers []*model.Policy
	for _, p := range m.Policies {
		if !loose(p) {
			continue
		}
		switch {
		case p.Kind == model.KindMemory:
			memPolicies = append(memPolicies, p)
		case p.Kind == model.KindTrust:
			trusts = append(trusts, p)
		case p.Kind == model.KindIdentity && len(resourceARNs(p, "bedrock-agentcore")) > 0:
			consumers = append(consumers, p)
		case p.Kind == model.KindIdentity:
			permissions = append(permissions, p)
		case p.Kind.IsDestination():
			arns := resourceARNs(p, string(p.Kind))
			if len(arns) == 1 {
				e := destEntry(arns[0])
				e.comment = fmt.Sprintf("%s policy %s", p.Kind, rel(p.File))
				e.fields = append(e.fields, [2]string{"policy", rel(p.File)})
			} else {
				dests = append(dests, &entry{commented: true, arn: "arn:aws:" + string(p.Kind) + ":…", comment: fmt.Sprintf("%s policy %s: it names %d resources; fill in the destination's ARN", p.Kind, rel(p.File), len(arns)),
					fields: [][2]string{{"policy", rel(p.File)}}})
			}
		case p.Kind == model.KindKMS:
			keys = append(keys, &entry{commented: true, arn: "arn:aws:kms:REGION:ACCOUNT:key/KEY-ID", comment: fmt.Sprintf("KMS key policy %s: a key policy does not name its key; fill in the key's ARN", rel(p.File)),
				fields: [][2]string{{"policy", rel(p.File)}}})
		}
	}
	for _, p := range memPolicies {
		arns := resourceARNs(p, "bedrock-agentcore")
		if len(arns) != 1 {
			memories = append(memories, &entry{commented: true, arn: "arn:aws:bedrock-agentcore:REGION:ACCOUNT:memory/MEMORY-ID",
				comment: fmt.Sprintf("memory policy %s names %d memories; fill in its memory's ARN", rel(p.File), len(arns)), fields: [][2]string{{"resource_policy", rel(p.File)}}})
			continue
		}
		e := memoryEntry(arns[0])
		if slices.ContainsFunc(e.fields, func(f [2]string) bool { return f[0] == "resource_policy" }) {
			// A second policy for one memory: an entry of its own.
			e = &entry{arn: arns[0]}
			memories = append(memories, e)
		}
		e.comment = "memory policy " + rel(p.File)
		e.fields = append(e.fields, [2]string{"resource_policy", rel(p.File)})
	}

	// Definitions (CreateMemory inputs) are linked to a memory whose ID is
	// their name followed by "-" and the ten characters AWS adds.
	var execRoles []string
	for _, mem := range m.Memories {
		d := mem.Definition
		if d == nil || d.File == "" || d.Address != "" {
			continue
		}
		arn := ""
		if d.ARN != nil && !d.ARN.Unknown {
			arn = d.ARN.Value
		} else if d.Name != nil && !d.Name.Unknown {
			for _, e := range memories {
				if id, ok := memoryID(e.arn); ok && !e.commented && nameMatches(d.Name.Value, id) {
					arn = e.arn
					break
				}
			}
		}
		if arn == "" {
			name := "NAME"
			if d.Name != nil {
				name = d.Name.Value
			}
			memories = append(memories, &entry{commented: true, arn: "arn:aws:bedrock-agentcore:REGION:ACCOUNT:memory/" + name + "-XXXXXXXXXX",
				comment: fmt.Sprintf("memory definition %s: no memory policy names memory %q; fill in its ARN", rel(d.File), name),
				fields:  [][2]string{{"definition", rel(d.File)}}})
		} else {
			e := memoryEntry(arn)
			if slices.ContainsFunc(e.fields, func(f [2]string) bool { return f[0] == "definition" }) {
				e = &entry{arn: arn}
				memories = append(memories, e)
			}
			e.fields = append(e.fields, [2]string{"definition", rel(d.File)})
			if e.comment == "" {
				e.comment = "memory definition " + rel(d.File)
			}
		}
		if d.RoleARN != nil && !d.RoleARN.Unknown && d.RoleARN.Value != "" && !slices.Contains(execRoles, d.RoleARN.Value) {
			execRoles = append(execRoles, d.RoleARN.Value)
		}
		for _, dl := range d.Deliveries {
			t := dl.Target
			if t.Unknown || t.Value == "" {
				continue
			}
			arn := t.Value
			if dl.Service == "s3" && !strings.HasPrefix(arn, "arn:") {
				arn = "arn:aws:s3:::" + arn
			}
			if destByARN[arn] == nil {
				e := destEntry(arn)
				e.comment = "delivery target of " + rel(d.File) + "; add its policy: with the file of its resource policy"
			}
		}
	}

	// The execution role: its trust and permission policies are linked when
	// the definitions name one role; otherwise they are left to fill in.
	for _, arn := range execRoles {
		e := roleEntry(arn)
		e.comment = "execution role of the memory definitions"
	}
	execRole := ""
	if len(execRoles) == 1 {
		execRole = execRoles[0]
	}
	for _, p := range trusts {
		if execRole != "" && !slices.ContainsFunc(roleByARN[execRole].fields, func(f [2]string) bool { return f[0] == "trust_policy" }) {
			roleByARN[execRole].fields = append(roleByARN[execRole].fields, [2]string{"trust_policy", rel(p.File)})
			continue
		}
		roles = append(roles, &entry{commented: true, arn: "arn:aws:iam::ACCOUNT:role/NAME", comment: "trust policy " + rel(p.File) + ": fill in its role's ARN",
			fields: [][2]string{{"trust_policy", rel(p.File)}}})
	}
	for _, p := range permissions {
		if execRole != "" {
			roleByARN[execRole].list = append(roleByARN[execRole].list, rel(p.File))
			continue
		}
		roles = append(roles, &entry{commented: true, arn: "arn:aws:iam::ACCOUNT:role/NAME", comment: "identity policy " + rel(p.File) + ": fill in its role's ARN",
			list: []string{rel(p.File)}})
	}
	// A consumer's identity policy names the memory; the memory's policy
	// names the consumer's role. When that is one role, they are linked.
	for _, p := range consumers {
		var candidates []string
		for _, mp := range memPolicies {
			if !slices.ContainsFunc(resourceARNs(mp, "bedrock-agentcore"), func(a string) bool { return slices.Contains(resourceARNs(p, "bedrock-agentcore"), a) }) {
				continue
			}
			for _, r := range rolePrincipals(mp) {
				if !slices.Contains(candidates, r) && r != execRole {
					candidates = append(candidates, r)
				}
			}
		}
		if len(candidates) == 1 {
			e := roleEntry(candidates[0])
			e.comment = "consumer: the role the memory policy grants"
			e.list = append(e.list, rel(p.File))
			continue
		}
		roles = append(roles, &entry{commented: true, arn: "arn:aws:iam::ACCOUNT:role/NAME",
			comment: fmt.Sprintf("consumer identity policy %s: the memory policies grant %d roles; fill in its role's ARN", rel(p.File), len(candidates)),
			list:    []string{rel(p.File)}})
	}

	var b strings.Builder
	b.WriteString(`# memlint manifest: ties the documents in this directory to the memories,
# roles, destinations and KMS keys they belong to, so memlint compares both
# sides of the cross-account setup. Written by memlint init from what each
# document looks like and the ARNs the documents name: check it, and fill in
# the commented entries (memlint cannot infer their ARNs).
# Reference: https://github.com/memlint/memlint/blob/main/docs/manifest.md
version: 1
`)
	write := func(section string, es []*entry, key string) int {
		n := 0
		if len(es) == 0 {
			return 0
		}
		fmt.Fprintf(&b, "%s:\n", section)
		for _, e := range es {
			p := "  "
			if e.commented {
				p = "  # "
			} else {
				n++
			}
			if e.comment != "" {
				fmt.Fprintf(&b, "  # %s\n", oneLineComment(e.comment))
			}
			fmt.Fprintf(&b, "%s- arn: %s\n", p, yamlScalar(e.arn))
			for _, f := range e.fields {
				fmt.Fprintf(&b, "%s  %s: %s\n", p, f[0], yamlScalar(f[1]))
			}
			if len(e.list) > 0 {
				items := make([]string, len(e.list))
				for i, it := range e.list {
					items[i] = yamlScalar(it)
				}
				fmt.Fprintf(&b, "%s  %s: [%s]\n", p, key, strings.Join(items, ", "))
			}
		}
		return n
	}
	nm := write("memories", memories, "")
	nr := write("roles", roles, "policies")
	nd := write("destinations", dests, "")
	nk := write("keys", keys, "")
	todo := 0
	for _, es := range [][]*entry{memories, roles, dests, keys} {
		for _, e := range es {
			if e.commented {
				todo++
			}
		}
	}
	counts := fmt.Sprintf("%d %s, %d %s, %d %s, %d %s; %d to fill in", nm, plural(nm, "memory", "memories"), nr, plural(nr, "role", "roles"),
		nd, plural(nd, "destination", "destinations"), nk, plural(nk, "key", "keys"), todo)
	return b.String(), counts
}

// resourceARNs are the ARNs of service without wildcards a policy's Allow
// statements name in Resource (S3 object ARNs as their bucket's), sorted.
func resourceARNs(p *model.Policy, service string) []string {
	var out []string
	for _, s := range p.Statements {
		if s.Resource == nil || s.Resource.Not {
			continue
		}
		for _, r := range s.Resource.Values {
			a, err := iam.ParseARN(r.Value)
			if r.Unknown || err != nil || a.Service != service {
				continue
			}
			v := r.Value
			if service == "s3" {
				bucket, _, _ := strings.Cut(a.Resource, "/")
				v = "arn:" + a.Partition + ":s3:::" + bucket
			}
			if strings.ContainsAny(v, "*?$") || slices.Contains(out, v) {
				continue
			}
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return out
}

// rolePrincipals are the IAM role ARNs a policy's statements name as
// principals.
func rolePrincipals(p *model.Policy) []string {
	var out []string
	for _, s := range p.Statements {
		if s.Principal == nil || s.Principal.Not {
			continue
		}
		for _, pr := range s.Principal.Values {
			if pr.Unknown || pr.Type != "AWS" {
				continue
			}
			if a, err := iam.ParseARN(pr.Value); err == nil && a.Service == "iam" && strings.HasPrefix(a.Resource, "role/") && !strings.Contains(pr.Value, "*") && !slices.Contains(out, pr.Value) {
				out = append(out, pr.Value)
			}
		}
	}
	return out
}

// memoryID is the memory ID of a memory ARN.
func memoryID(arn string) (string, bool) {
	a, err := iam.ParseARN(arn)
	if err != nil || a.Service != "bedrock-agentcore" {
		return "", false
	}
	return strings.CutPrefix(a.Resource, "memory/")
}

// nameMatches reports whether a memory ID is name's: the name, "-" and the
// ten characters AWS adds. A name with hyphens (which the API refuses) is
// matched as written with underscores too.
func nameMatches(name, id string) bool {
	base, suffix, ok := cutLast(id, "-")
	if !ok || len(suffix) != 10 {
		return false
	}
	return base == name || base == strings.ReplaceAll(name, "-", "_")
}

func cutLast(s, sep string) (string, string, bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}

// yamlScalar writes s as a YAML scalar, quoted when plain style would not
// read back as the same string.
func yamlScalar(s string) string {
	out, err := yaml.Marshal(s)
	if err != nil {
		return fmt.Sprintf("%q", s)
	}
	return strings.TrimSuffix(string(out), "\n")
}

// oneLineComment keeps a comment on one line.
func oneLineComment(s string) string {
	return strings.NewReplacer("\n", " ", "\r", " ").Replace(termsafe.Line(s))
}
