package load

import (
	"regexp"
	"slices"
	"strings"

	"github.com/memlint/memlint/internal/iam"
	"github.com/memlint/memlint/internal/model"
	"github.com/memlint/memlint/internal/source"
)

// Organisation IDs (AWS Organizations API Reference, the Id patterns of
// Root, OrganizationalUnit and Account).
var (
	orgIDPattern  = regexp.MustCompile(`^o-[a-z0-9]{10,32}$`)
	rootIDPattern = regexp.MustCompile(`^r-[0-9a-z]{4,32}$`)
	ouIDPattern   = regexp.MustCompile(`^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$`)
)

// isPolicyTarget says whether v can be what an organization policy is
// attached to: a root ID, an OU ID or an account ID.
func isPolicyTarget(v string) bool {
	return iam.IsAccountID(v) || rootIDPattern.MatchString(v) || ouIDPattern.MatchString(v)
}

// organization reads the manifest's organization section
// (docs/manifest.md): the accounts with their OU paths and the SCPs and
// RCPs attached to the root, OUs and accounts.
func (r *manifestReader) organization(root *source.Node, files *[]string) {
	n := root.Get("organization")
	if n == nil || n.Kind == source.Null {
		return
	}
	r.keys(n, "management_account", "partial", "accounts", "policies", "full_access_detached")
	if n.Kind != source.Object {
		return
	}
	if prev := r.l.m.Organization; prev != nil {
		r.errorf(n.Loc, "organization is already given at %s; one organization section in all", prev.Loc)
		return
	}
	org := &model.Organization{Loc: n.Loc, Accounts: map[string]*model.OrgAccount{}}
	if v := n.Get("management_account"); v != nil && v.Kind != source.Null {
		if v.Kind != source.String || !iam.IsAccountID(v.Value) {
			r.errorf(v.Loc, "management_account must be a 12-digit account ID (quoted, so YAML keeps it a string)")
		} else {
			org.Management = v.Value
		}
	}
	if v := n.Get("partial"); v != nil && v.Kind != source.Null {
		if v.Kind != source.Bool {
			r.errorf(v.Loc, "partial must be true or false")
		} else {
			org.Partial = v.Value == "true"
		}
	}
	onPath := map[string]bool{}
	for _, a := range r.list(n, "accounts") {
		r.keys(a, "id", "path")
		id := a.Get("id")
		if id == nil {
			r.errorf(a.Loc, "id is required")
			continue
		}
		// An unquoted ID is a YAML number: its text is the ID all the same.
		if (id.Kind != source.String && id.Kind != source.Number) || !iam.IsAccountID(id.Value) {
			r.errorf(id.Loc, "id must be a 12-digit account ID (quoted, so YAML keeps leading zeros)")
			continue
		}
		if org.Accounts[id.Value] != nil {
			r.errorf(id.Loc, "account %s is listed twice", id.Value)
			continue
		}
		acct := &model.OrgAccount{ID: model.Str{Value: id.Value, Loc: id.Loc}}
		p := a.Get("path")
		switch {
		case p == nil:
			r.errorf(a.Loc, "path is required: the root ID, then each OU down to the account (r-ab12/ou-ab12-11111111)")
		case p.Kind != source.String:
			r.errorf(p.Loc, "path must be a string: the root ID, then each OU down to the account (r-ab12/ou-ab12-11111111)")
		default:
			if path, msg := orgPath(p.Value); msg != "" {
				r.errorf(p.Loc, "path %q: %s", p.Value, msg)
			} else {
				acct.Path = path
				for _, t := range path {
					onPath[t] = true
				}
			}
		}
		org.Accounts[id.Value] = acct
	}
	known := func(v *source.Node) bool {
		switch {
		case v.Kind != source.String:
			r.errorf(v.Loc, "want a root ID (r-…), an OU ID (ou-…) or a 12-digit account ID")
		case iam.IsAccountID(v.Value):
			if org.Accounts[v.Value] == nil {
				r.errorf(v.Loc, "account %s is not in organization.accounts (add it with its path)", v.Value)
				return false
			}
			return true
		case rootIDPattern.MatchString(v.Value) || ouIDPattern.MatchString(v.Value):
			if !onPath[v.Value] {
				r.errorf(v.Loc, "%s is on no account's path in organization.accounts", v.Value)
				return false
			}
			return true
		default:
			r.errorf(v.Loc, "%q is not a root ID (r-…), an OU ID (ou-…) or a 12-digit account ID", v.Value)
		}
		return false
	}
	if ts := n.Get("full_access_detached"); ts != nil && ts.Kind != source.Null {
		if ts.Kind != source.Array {
			r.errorf(ts.Loc, "full_access_detached must be a list of root, OU or account IDs")
		} else {
			for _, t := range ts.Items {
				if known(t) {
					org.NoFullAccess = append(org.NoFullAccess, model.Str{Value: t.Value, Loc: t.Loc})
				}
			}
		}
	}
	for _, pn := range r.list(n, "policies") {
		r.keys(pn, "type", "file", "targets")
		op := &model.OrgPolicy{}
		switch t := pn.Get("type"); {
		case t == nil:
			r.errorf(pn.Loc, "type is required: scp or rcp")
		case t.Kind != source.String || (t.Value != "scp" && t.Value != "rcp"):
			r.errorf(t.Loc, "type must be scp or rcp")
		default:
			op.Kind = model.Kind(t.Value)
		}
		ts := pn.Get("targets")
		switch {
		case ts == nil:
			r.errorf(pn.Loc, "targets is required: the root, OU or account IDs the policy is attached to")
		case ts.Kind != source.Array || len(ts.Items) == 0:
			r.errorf(ts.Loc, "targets must be a non-empty list of root, OU or account IDs")
		default:
			for _, t := range ts.Items {
				if known(t) {
					op.Targets = append(op.Targets, model.Str{Value: t.Value, Loc: t.Loc})
				}
			}
		}
		if pn.Get("file") == nil {
			r.errorf(pn.Loc, "file is required: the policy document")
		}
		f := r.path(pn, "file")
		if f == "" || op.Kind == "" {
			continue
		}
		*files = append(*files, f)
		org.Policies = append(org.Policies, op)
		what := map[model.Kind]string{model.KindSCP: "service control policy", model.KindRCP: "resource control policy"}[op.Kind]
		r.assign(f, what, func(n *source.Node, text string) {
			op.Policy = r.policy(f, n, text, op.Kind, model.Str{})
		})
	}
	r.l.m.Organization = org
}

// orgPath splits an organisation path: an optional organisation ID, the
// root ID, then OU IDs (the form of aws:PrincipalOrgPaths without the
// trailing slash is accepted too).
func orgPath(s string) ([]string, string) {
	parts := strings.Split(strings.Trim(s, "/"), "/")
	if len(parts) > 0 && orgIDPattern.MatchString(parts[0]) {
		parts = parts[1:]
	}
	if len(parts) == 0 || !rootIDPattern.MatchString(parts[0]) {
		return nil, "want the root ID (r-…) first"
	}
	for _, p := range parts[1:] {
		if !ouIDPattern.MatchString(p) {
			return nil, "'" + p + "' is not an OU ID (ou-<root>-<8 to 32 characters>)"
		}
	}
	if len(parts) > 6 {
		// AWS Organizations allows OUs five levels deep under the root.
		return nil, "an organisation path has at most five OUs under the root"
	}
	return slices.Clip(parts), ""
}

// boundary reads a roles: entry's permissions_boundary.
func (r *manifestReader) boundary(ro *source.Node, arn model.Str, files *[]string) {
	f := r.path(ro, "permissions_boundary")
	if f == "" {
		return
	}
	*files = append(*files, f)
	r.assign(f, "permissions boundary", func(n *source.Node, text string) {
		if p := r.policy(f, n, text, model.KindBoundary, arn); p != nil {
			r.l.links.role(arn, model.RoleName(arn.Value)).Boundary = p
		}
	})
}

// destinationAccount reads a destinations: entry's account: the owner of a
// bucket (S3 ARNs name none), for its account's resource control policies.
func (r *manifestReader) destinationAccount(d *source.Node, dst *model.Destination) {
	v := d.Get("account")
	if v == nil || v.Kind == source.Null {
		return
	}
	if v.Kind != source.String || !iam.IsAccountID(v.Value) {
		r.errorf(v.Loc, "account must be a 12-digit account ID (quoted, so YAML keeps it a string)")
		return
	}
	if a, err := iam.ParseARN(dst.ARN.Value); err == nil && a.Account != "" && a.Account != v.Value {
		r.errorf(v.Loc, "account %s differs from the account %s of the destination's ARN", v.Value, a.Account)
		return
	}
	dst.Account = v.Value
}
