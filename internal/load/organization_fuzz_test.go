package load

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/memlint/memlint/internal/facts"
	"github.com/memlint/memlint/internal/iam"
)

// FuzzOrganization feeds manifests with organization sections whose policy
// files exist, then decides a request for every account they list with the
// guardrails built from them: neither the loader nor the evaluation may
// panic, and every position stays inside the manifest.
func FuzzOrganization(f *testing.F) {
	for _, s := range []string{
		"version: 1\norganization:\n  accounts:\n    - id: \"444455556666\"\n      path: r-ab12/ou-ab12-11111111\n  policies:\n    - type: scp\n      file: p.json\n      targets: [ou-ab12-11111111]\n",
		"version: 1\norganization:\n  partial: true\n  full_access_detached: [r-ab12]\n  accounts:\n    - {id: 111122223333, path: o-a1b2c3d4e5/r-ab12/}\n  policies:\n    - {type: rcp, file: p.json, targets: [r-ab12, \"111122223333\"]}\n",
		"version: 1\nroles:\n  - arn: arn:aws:iam::111122223333:role/r\n    permissions_boundary: p.json\norganization: {accounts: [{id: x, path: [1]}], policies: [{type: scp}]}\n",
		"version: 1\norganization: []\n", "version: 1\norganization:\n  policies: [{type: scp, file: p.json, targets: []}]\n",
		"version: 1\ndestinations:\n  - {arn: 'arn:aws:s3:::b', account: '111122223333'}\norganization: {management_account: '111122223333'}\n",
	} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}`
	if err := os.WriteFile(filepath.Join(dir, "p.json"), []byte(policy), 0o644); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		l := newLoader(Options{})
		if l.manifestData(filepath.Join(dir, ManifestName), data) != nil {
			return
		}
		m := l.finish()
		checkLocs(t, data, m)
		if m.Organization == nil {
			return
		}
		for id := range m.Organization.Accounts {
			for _, role := range append(m.Roles, nil) {
				g := facts.Guardrails(m.Organization, id, role, false, "s3", id)
				r := iam.Evaluate(iam.Request{Principal: "arn:aws:iam::" + id + ":role/x", Action: "s3:PutObject",
					Resource: "arn:aws:s3:::b/*", ResourceAccount: id, IdentityUnknown: true, ResourceUnknown: true, Guardrails: g}, nil, nil)
				if r.Decision == iam.Allow && len(r.Blocking()) > 0 {
					t.Fatalf("allowed, yet blocked by %+v", r.Blocking())
				}
			}
		}
	})
}
