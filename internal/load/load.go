// Package load reads memlint's inputs — loose policy documents, AWS CLI input
// files and the memlint.yaml manifest — into one model.Model, keeping the exact
// position of every value. Documents that do not parse or do not follow the
// policy grammar become problems at their exact position; the rest of the
// input is still read.
package load

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/memlint/memlint/internal/model"
	"github.com/memlint/memlint/internal/source"
	"github.com/memlint/memlint/internal/termsafe"
)

// ManifestName is the manifest file a checked directory may hold.
const ManifestName = "memlint.yaml"

// MaxFileSize is the largest file memlint reads; larger ones are reported.
const MaxFileSize = 64 << 20

// Options tune loading.
type Options struct {
	// Manifest names a manifest explicitly (otherwise DIR/memlint.yaml).
	Manifest string
	// Log receives one line per file saying what it was taken to be (--verbose).
	Log func(format string, args ...any)
	// CFNParams are CloudFormation parameter values (--cfn-param Key=Value);
	// pseudo parameters such as AWS::AccountId may be given too.
	CFNParams map[string]string
	// AllowOutside reads files that resolve outside the repository (or,
	// in none, the checked directory); by default they are refused
	// (outside.go).
	AllowOutside bool
	// OnRead, when set, is called with the size of each file before it is
	// read (the CLI paces the garbage collector by bytes read, and shows
	// progress on a terminal).
	OnRead func(size int64)
}

// UsageError is a problem with what memlint was asked to read (a missing
// path, a broken manifest): reported as one line, exit status 2.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// usageError makes a UsageError of one or more lines, each escaped for a
// terminal: file names and values come from the input.
func usageError(lines ...string) *UsageError {
	for i, l := range lines {
		lines[i] = termsafe.Line(l)
	}
	return &UsageError{Msg: strings.Join(lines, "\n")}
}

// Load reads every path (files or directories) into one model.
func Load(paths []string, opts Options) (*model.Model, error) {
	l := newLoader(opts)
	if !opts.AllowOutside {
		l.bound = boundaryOf(paths, opts.Manifest)
		l.bound.cwd = l.cwd
	}
	if opts.Manifest != "" {
		if err := l.manifest(opts.Manifest); err != nil {
			return nil, err
		}
	}
	// Manifests first, so the files they name are read with the role they
	// give whatever order the paths come in (pre-commit passes file names).
	if opts.Manifest == "" {
		for _, p := range paths {
			mp := p
			if st, err := os.Stat(p); err == nil && st.IsDir() {
				mp = filepath.Join(p, ManifestName)
			}
			if filepath.Base(mp) == ManifestName && fileExists(mp) {
				if err := l.manifest(mp); err != nil {
					return nil, err
				}
			}
			// A file given alone is read with the manifest above it, so
			// the manifest links it with the other side (pre-commit).
			if filepath.Base(mp) != ManifestName && fileExists(mp) {
				if nm := nearestManifest(mp); nm != "" {
					if err := l.manifest(nm); err != nil {
						return nil, err
					}
				}
			}
		}
	}
	for _, p := range paths {
		if err := l.path(p); err != nil {
			return nil, err
		}
	}
	return l.finish(), nil
}

type loader struct {
	opts   Options
	m      *model.Model
	done   map[string]bool // absolute paths already read
	links  *linker
	assign map[string]assignment // absolute path → role a manifest gave it
	told   map[string][]string   // absolute path → the roles, said (--verbose)
	keys   keyRing               // KMS keys (kms.go)
	// checked are the files taken to be memlint inputs (Model.Files).
	checked map[string]bool
	// bound is what may be read; nil: anything (outside.go).
	bound *boundary
	// iacOrg are SCPs and RCPs infrastructure code attaches (cfn_org.go).
	iacOrg []*model.OrgPolicy
	// cwd is the working directory, read once: filepath.Abs reads it for
	// every relative path (two stat calls each), and a tree's files were
	// made absolute several times each.
	cwd string
	// regular are the absolute paths a directory walk found to be regular
	// files (not symlinks): their reads skip the checks a named path needs
	// (read.go).
	regular map[string]bool
	// pre reads and parses a walk's files ahead (prefetch.go); nil: none.
	pre *prefetcher

	// A loader of one part of a streamed tree (stream.go): prior tells
	// the files other parts read before this one's turn (the loader of the
	// whole tree would have them in done); touched collects every path
	// this one reads or a manifest names; tags are the index of the item
	// that said each note.
	prior   func(abs string) bool
	touched map[string]bool
	tags    []int
}

// isDone reports whether the file at abs was read already, by this loader
// or, streaming, by a part before this one.
func (l *loader) isDone(abs string) bool {
	return l.done[abs] || l.prior != nil && l.prior(abs)
}

// touch records a path this loader reads or is told of (streaming).
func (l *loader) touch(abs string) {
	if l.touched != nil {
		l.touched[abs] = true
	}
}

// abs is filepath.Abs(p) with the working directory read once.
func (l *loader) abs(p string) string { return absIn(l.cwd, p) }

// absIn is filepath.Abs(p) in the working directory cwd ("": read it).
func absIn(cwd, p string) string {
	if filepath.IsAbs(p) || cwd == "" {
		a, _ := filepath.Abs(p)
		return a
	}
	return filepath.Join(cwd, p)
}

func newLoader(opts Options) *loader {
	if opts.Log == nil {
		opts.Log = func(string, ...any) {}
	} else {
		// --verbose lines quote file names and values from the input.
		log := opts.Log
		opts.Log = func(format string, args ...any) { log("%s", termsafe.Line(fmt.Sprintf(format, args...))) }
	}
	cwd, _ := os.Getwd()
	return &loader{opts: opts, m: &model.Model{}, done: map[string]bool{}, links: newLinker(), checked: map[string]bool{}, cwd: cwd, regular: map[string]bool{}}
}

// took records that a file was taken to be a memlint input.
func (l *loader) took(name string) { l.checked[name] = true }

func (l *loader) path(p string) error {
	st, err := os.Stat(p)
	if err != nil {
		return usageError(fmt.Sprintf("memlint: %s: no such file or directory", p))
	}
	if !st.IsDir() {
		if filepath.Base(p) == ManifestName {
			return l.manifest(p)
		}
		l.file(p, true)
		return nil
	}
	w, err := l.walk(p)
	if err != nil {
		return err
	}
	l.pre = w.prefetch()
	defer func() {
		l.pre.end()
		l.pre = nil
	}()
	// Every manifest of the tree before any other file, so files are read
	// with the roles their manifest gives them.
	for _, mp := range w.manifests {
		if err := l.manifest(mp); err != nil {
			return err
		}
	}
	for _, f := range w.files {
		l.file(f, false)
	}
	return nil
}

// walked is what a directory walk found: the manifests in walk order, the
// other candidate files in the order they are read (walk.go), and the
// regular files among both in walk order, to read ahead.
type walked struct {
	manifests, files []string
	ahead, aheadAbs  []string
}

// prefetch starts reading the walked files ahead (prefetch.go).
func (w *walked) prefetch() *prefetcher { return startPrefetch(w.ahead, w.aheadAbs) }

// walk lists a directory's manifests and candidate files, recording which
// are regular files (l.regular) and reporting entries it cannot read.
func (l *loader) walk(p string) (*walked, error) {
	w := &walked{}
	err := filepath.WalkDir(p, func(fp string, d fs.DirEntry, err error) error {
		if err != nil {
			// An unreadable directory entry is reported, not fatal.
			l.problem(ruleInvalid, model.Loc{File: cleanPath(fp)}, fmt.Sprintf("The path cannot be read: %v.", unwrapPathError(err)))
			return nil
		}
		if d.IsDir() {
			if fp != p && skipDir(d.Name()) {
				return filepath.SkipDir
			}
			return nil
		}
		// Only regular files are read, and symlinks only to them: a named
		// pipe never ends and a device (x.json -> /dev/zero) never closes.
		if !d.Type().IsRegular() {
			if what := irregular(fp); what != "" {
				l.opts.Log("%s: %s, not a regular file; skipped", cleanPath(fp), what)
				return nil
			}
			// A symlink out of the tree is reported when its name makes
			// it an input (the read refuses it); one without an
			// extension is not opened to look for a #! line.
			if out, _ := l.bound.outside(fp); out && filepath.Ext(d.Name()) == "" {
				l.opts.Log("%s: a symbolic link out of the checked tree; skipped", cleanPath(fp))
				return nil
			}
		}
		regular := d.Type().IsRegular()
		abs := ""
		if regular {
			abs = l.abs(fp)
			l.regular[abs] = true
		}
		if d.Name() == ManifestName {
			if l.opts.Manifest == "" {
				w.manifests = append(w.manifests, fp)
				if regular {
					w.ahead, w.aheadAbs = append(w.ahead, fp), append(w.aheadAbs, abs)
				}
			}
			return nil
		}
		if isCandidate(d.Name()) || filepath.Ext(d.Name()) == "" && hasShebang(fp) {
			w.files = append(w.files, fp)
			if regular {
				w.ahead, w.aheadAbs = append(w.ahead, fp), append(w.aheadAbs, abs)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Shell scripts first: the files they name with file:// are then read
	// with the role the command gives them.
	slices.SortFunc(w.files, func(a, b string) int {
		if sa, sb := scriptName(a), scriptName(b); sa != sb {
			if sa {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	})
	return w, nil
}

// skipDir names directories a walk never enters.
func skipDir(name string) bool {
	switch name {
	case ".git", ".hg", ".svn", "node_modules", "vendor", ".terraform":
		return true
	}
	return false
}

// isCandidate tells the files a directory walk reads.
func isCandidate(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json", ".yaml", ".yml":
		return name != ".memlint.yaml" && name != ".memlint.yml" && name != ".pre-commit-hooks.yaml" && name != ".pre-commit-config.yaml"
	case ".template", ".sh", ".bash":
		return true
	}
	return false
}

// inputExt reports whether a file's extension is one of memlint's inputs':
// a file of another kind (README.md, notes.txt) that does not parse is not
// reported, even when it quotes a policy.
func inputExt(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json", ".yaml", ".yml", ".template":
		return true
	}
	return false
}

// scriptName reports whether a walk reads a file as a shell script by its name.
func scriptName(p string) bool {
	switch strings.ToLower(filepath.Ext(p)) {
	case ".sh", ".bash", "":
		return true
	}
	return false
}

// hasShebang reports whether a file without an extension is a shell script
// by its #! line (a directory walk reads only the first line).
func hasShebang(p string) bool {
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	buf := make([]byte, 256)
	n, _ := io.ReadFull(f, buf)
	return shebangShell(buf[:n])
}

func (l *loader) problem(rule string, loc model.Loc, msg string) {
	l.m.Problems = append(l.m.Problems, model.Problem{Rule: rule, Msg: msg, Loc: loc})
}

// read returns a file's contents, or records why it cannot be read.
func (l *loader) read(p string) ([]byte, bool) {
	data, _, ok := l.readFetched(p)
	return data, ok
}

// readFetched is read, with what the prefetcher parsed of the file, if it
// read it ahead.
func (l *loader) readFetched(p string) ([]byte, *fetched, bool) {
	name := cleanPath(p)
	abs := l.abs(p)
	l.touch(abs)
	walked := l.regular[abs] // a regular file, not a symlink, when the walk listed it
	if out, where := l.bound.outsideAbs(abs, walked); out {
		l.pre.take(abs) // not read: a copy read ahead is given back
		l.problem(ruleInvalid, model.Loc{File: name}, "The path "+outsideMsg(where)+".")
		return nil, nil, false
	}
	if !walked {
		// A path a user or a manifest named: a named pipe or a device is
		// reported before it is opened (opening a pipe waits for a writer).
		st, err := os.Stat(p)
		if err != nil {
			l.problem(ruleInvalid, model.Loc{File: name}, fmt.Sprintf("The file cannot be read: %v.", unwrapPathError(err)))
			return nil, nil, false
		}
		if !st.Mode().IsRegular() {
			l.problem(ruleInvalid, model.Loc{File: name}, fmt.Sprintf("The path is %s, not a regular file; it was not read.", modeName(st.Mode())))
			return nil, nil, false
		}
	}
	if f := l.pre.take(abs); f != nil && walked {
		if l.opts.OnRead != nil {
			l.opts.OnRead(int64(len(f.data)))
		}
		return f.data, f, true
	}
	data, err := readRegular(p, walked, func(size int64) bool {
		if l.opts.OnRead != nil {
			l.opts.OnRead(size)
		}
		if size > MaxFileSize {
			l.problem(ruleInvalid, model.Loc{File: name, Line: 1, Col: 1, EndLine: 1, EndCol: 1},
				fmt.Sprintf("The file is %d bytes, over memlint's limit of %d bytes; it was not read.", size, MaxFileSize))
			return false
		}
		return true
	})
	switch {
	case errors.Is(err, errNotRegular):
		// What was opened is what was checked (not swapped for a pipe since).
		l.problem(ruleInvalid, model.Loc{File: name}, "The path is not a regular file; it was not read.")
		return nil, nil, false
	case errors.Is(err, errRefused):
		return nil, nil, false
	case err != nil:
		l.problem(ruleInvalid, model.Loc{File: name}, fmt.Sprintf("The file cannot be read: %v.", unwrapPathError(err)))
		return nil, nil, false
	}
	return data, nil, true
}

// file reads one file found by a walk (explicit=false) or named by the user.
func (l *loader) file(p string, explicit bool) {
	abs := l.abs(p)
	if l.isDone(abs) {
		l.pre.take(abs) // read ahead for nothing: its slot is given back
		return
	}
	l.done[abs] = true
	name := cleanPath(p)
	data, pre, ok := l.readFetched(p)
	if !ok {
		l.opts.Log("%s: cannot be read (reported)", name)
		return
	}
	if text, enc := decodeBOM(data); enc != "" {
		// Reported when the file is memlint's to check: given a role
		// by a manifest, or an input by its content.
		l.encoded(name, enc, l.assigned(name) != nil || looksLikeInput(text))
		data = text
	}
	if bytes.IndexByte(data[:min(len(data), 8192)], 0) >= 0 {
		if explicit {
			l.took(name)
			l.opts.Log("%s: binary file (reported)", name)
			l.problem(ruleInvalid, model.Loc{File: name, Line: 1, Col: 1, EndLine: 1, EndCol: 1}, "The file is binary, not a JSON or YAML document.")
		} else {
			l.opts.Log("%s: binary file, skipped", name)
		}
		return
	}
	if ext := strings.ToLower(filepath.Ext(name)); ext != ".json" && ext != ".yaml" && ext != ".yml" && ext != ".template" && isShell(name, data) {
		what := l.shell(name, data, explicit)
		if !strings.Contains(what, ", skipped") {
			l.took(name)
		}
		l.opts.Log("%s: %s", name, what)
		return
	}
	docs, text, err, parsed := pre.parseOf(name)
	if !parsed {
		text = textOf(data) // the documents' text, and the parse's
		docs, err = parseFile(name, data, text)
	}
	if err != nil {
		switch {
		case l.assigned(name) != nil || looksLikeInput(data) && inputExt(name):
			l.took(name)
			l.opts.Log("%s: %s, does not parse (reported)", name, l.role(name, "memlint input"))
			l.parseError(name, err)
		case explicit:
			// A file named on the command line (pre-commit passes every
			// staged .json) that is not a memlint input, such as a
			// tsconfig.json with comments, is not memlint's to refuse;
			// nor is a README.md or notes.txt that quotes a policy.
			l.m.Notes = append(l.m.Notes, fmt.Sprintf("%s: does not parse and is not a policy or memlint input; skipped (%v).", name, err))
			l.opts.Log("%s: does not parse and is not a memlint input, skipped", name)
		default:
			l.opts.Log("%s: does not parse and does not look like a memlint input, skipped (%v)", name, err)
		}
		return
	}
	for _, d := range docs {
		l.document(name, d, text, len(docs) == 1, explicit)
	}
}

func (l *loader) parseError(name string, err error) {
	var se *source.Error
	if errors.As(err, &se) {
		l.problem(ruleInvalid, se.Loc, sentence(se.Msg))
		return
	}
	l.problem(ruleInvalid, model.Loc{File: name, Line: 1, Col: 1, EndLine: 1, EndCol: 1}, sentence(err.Error()))
}

func parseFile(name string, data []byte, text string) ([]*source.Node, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yaml", ".yml":
		return source.ParseYAML(name, data)
	case ".template":
		// CloudFormation templates: JSON, else YAML.
		if n, err := source.ParseJSONText(name, data, text); err == nil {
			return []*source.Node{n}, nil
		} else if bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) {
			return nil, err
		}
		return source.ParseYAML(name, data)
	}
	n, err := source.ParseJSONText(name, data, text)
	if err != nil {
		return nil, err
	}
	return []*source.Node{n}, nil
}

// inputMarkers are strings whose presence makes an unparseable file worth
// reporting in a directory walk: it was meant to be a memlint input.
var inputMarkers = [][]byte{
	[]byte(`"Statement"`), []byte("Statement:"), []byte(`"resourceArn"`), []byte(`"AssumeRolePolicyDocument"`),
	[]byte(`"PolicyDocument"`), []byte(`"memoryExecutionRoleArn"`), []byte(`"memoryStrategies"`), []byte(`"ResourceARN"`),
	[]byte("AWSTemplateFormatVersion"), []byte("AWS::BedrockAgentCore::"), []byte("AWS::IAM::"), []byte(`"format_version"`),
}

func looksLikeInput(data []byte) bool {
	for _, m := range inputMarkers {
		if bytes.Contains(data, m) {
			return true
		}
	}
	return false
}

// document classifies one parsed document and loads it.
func (l *loader) document(name string, n *source.Node, text string, whole, explicit bool) {
	if !whole {
		text = "" // size is counted per embedded document; YAML streams are rare
	}
	if n.Kind != source.Object {
		if l.assigned(name) != nil || (explicit && looksLikeInput([]byte(text))) {
			l.took(name)
			l.opts.Log("%s: %s, but %s at top level (reported)", name, l.role(name, "memlint input"), n.Kind)
			l.problem(ruleInvalid, n.Loc, fmt.Sprintf("The document is %s, not a policy document or a memlint input object.", article(n.Kind)))
		} else if explicit {
			l.m.Notes = append(l.m.Notes, fmt.Sprintf("%s: the document is %s, not a policy or memlint input; skipped.", name, article(n.Kind)))
			l.opts.Log("%s: %s at top level, skipped", name, n.Kind)
		} else {
			l.opts.Log("%s: %s at top level, skipped", name, n.Kind)
		}
		return
	}
	if a := l.assigned(name); a != nil {
		l.took(name)
		l.opts.Log("%s: %s", name, l.role(name, ""))
		a(n, text)
		return
	}
	if isCFN(n) {
		l.took(name)
		l.opts.Log("%s: %s", name, l.cloudFormation(name, n))
		return
	}
	if isTFPlan(n) {
		l.took(name)
		l.opts.Log("%s: %s", name, l.terraformPlan(name, n))
		return
	}
	if n.Get("Statement") != nil || (n.Get("Version") != nil && len(n.Fields) <= 3) {
		l.took(name)
		p := decodeOwnedPolicy(name, n, text, model.KindUnknown) // n is not read again
		l.addPolicy(p)
		if p.Kind == model.KindUnknown {
			l.m.Notes = append(l.m.Notes, fmt.Sprintf("%s: the document's kind cannot be inferred; only the policy-language rules (ML0xx) were applied.", name))
		}
		l.opts.Log("%s: %s", name, describe(p))
		return
	}
	if kind := l.cliInput(name, n); kind != "" {
		l.took(name)
		l.opts.Log("%s: AWS CLI input (%s)", name, kind)
		return
	}
	if explicit {
		l.m.Notes = append(l.m.Notes, fmt.Sprintf("%s: not a policy document, AWS CLI input or manifest; skipped.", name))
	}
	l.opts.Log("%s: not a memlint input, skipped", name)
}

// role is what the manifests told a file to be ("trust policy (told by
// manifest memlint.yaml)"), or def when none did.
func (l *loader) role(name, def string) string {
	abs := l.abs(name)
	if told := l.told[abs]; len(told) > 0 {
		return strings.Join(told, " and ")
	}
	return def
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func describe(p *model.Policy) string {
	how := "told"
	if p.KindInferred {
		how = "inferred"
	}
	if p.Kind == model.KindUnknown {
		return "policy document of unknown kind"
	}
	return fmt.Sprintf("%s policy (%s)", p.Kind, how)
}

func (l *loader) addPolicy(p *model.Policy) {
	l.m.Policies = append(l.m.Policies, p)
}

func (l *loader) finish() *model.Model {
	l.links.into(l.m)
	l.keys.into(l.m)
	l.mergeOrg()
	l.m.Files = slices.Sorted(maps.Keys(l.checked))
	return l.m
}

// irregular describes what p is when it is not a regular file or a
// directory (following symlinks): "a named pipe", "a character device"…;
// "" when it is one, or cannot be told (the read reports why).
func irregular(p string) string {
	st, err := os.Stat(p)
	if err != nil || st.Mode().IsRegular() || st.IsDir() {
		return ""
	}
	return modeName(st.Mode())
}

// modeName names a file type that is not a regular file.
func modeName(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "a special file"
}

// fileExists reports whether p is a regular file, following symlinks.
func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

// cleanPath is the form file names take in findings: as given, cleaned, with
// forward slashes.
func cleanPath(p string) string { return filepath.ToSlash(filepath.Clean(p)) }

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// sentence makes a parser message a sentence: capital first, period last.
func sentence(s string) string {
	s = capitalize(strings.TrimSpace(s))
	if s != "" && !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}
