package load

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"mvdan.cc/sh/v3/syntax"

	"github.com/memlint/memlint/internal/iam"
	"github.com/memlint/memlint/internal/model"
	"github.com/memlint/memlint/internal/source"
)

// isShell reports whether a file is a shell script: a .sh or .bash name, or
// a #! line naming sh, bash, zsh, dash or ksh.
func isShell(name string, data []byte) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".sh", ".bash":
		return true
	}
	return shebangShell(data)
}

func shebangShell(data []byte) bool {
	if !bytes.HasPrefix(data, []byte("#!")) {
		return false
	}
	line, _, _ := bytes.Cut(data, []byte("\n"))
	fields := strings.Fields(string(line[2:]))
	for i, f := range fields {
		base := filepath.Base(f)
		if base == "env" && i+1 < len(fields) {
			continue
		}
		switch base {
		case "sh", "bash", "zsh", "dash", "ksh":
			return true
		}
		if i > 0 || base != "env" {
			return false
		}
	}
	return false
}

// placeholder stands, in a decoded word, for text the shell computes at run
// time ($VAR, $(…)): a private-use character no policy holds.
const placeholder = '\uE000'

// lineIndex converts byte offsets of a text to 1-based lines and UTF-16
// columns, and back.
type lineIndex struct {
	data  []byte
	lines []int // offset of each line's first byte
}

func newLineIndex(data []byte) *lineIndex {
	li := &lineIndex{data: data, lines: []int{0}}
	for i, b := range data {
		if b == '\n' {
			li.lines = append(li.lines, i+1)
		}
	}
	return li
}

func (li *lineIndex) pos(off int) (int, int) {
	off = min(max(off, 0), len(li.data))
	i := sort.Search(len(li.lines), func(i int) bool { return li.lines[i] > off }) - 1
	col := 1
	for _, r := range string(li.data[li.lines[i]:off]) {
		col += len(utf16.Encode([]rune{r}))
	}
	return i + 1, col
}

// offset is the byte offset of a 1-based line and UTF-16 column.
func (li *lineIndex) offset(line, col int) int {
	if line < 1 {
		return 0
	}
	if line > len(li.lines) {
		return len(li.data)
	}
	off := li.lines[line-1]
	for c := 1; c < col && off < len(li.data) && li.data[off] != '\n'; {
		r, n := utf8.DecodeRune(li.data[off:])
		c += len(utf16.Encode([]rune{r}))
		off += n
	}
	return off
}

// decoded is a shell word's value with, for every byte of it, the span of
// the script text it came from.
type decoded struct {
	b          []byte
	start, end []int
	dynamic    bool // holds run-time text (placeholders)
}

func (d *decoded) add(s string, start, end int) {
	for i := 0; i < len(s); i++ {
		d.b = append(d.b, s[i])
		d.start = append(d.start, start)
		d.end = append(d.end, end)
	}
}

// shellScript is one script being loaded.
type shellScript struct {
	l     *loader
	file  string
	dir   string
	data  []byte
	li    *lineIndex
	vars  map[string]*syntax.Word // simple assignments seen so far
	calls int
	unk   unknowns
	files map[string]string // file:// files read, by name
	// accounts collects, in a dry run (nil otherwise), the accounts of the
	// resources the script writes: the account it works in.
	accounts map[string]bool
	profiles map[string]bool // --profile values of its aws calls ("" for none)
}

// shell loads a shell script's AWS CLI calls and returns what the file was
// taken to be.
//
// A script found by a directory walk (explicit false) that does not parse
// is reported only when it mentions the aws command: other scripts of a
// repository are none of memlint's business.
func (l *loader) shell(name string, data []byte, explicit bool) string {
	s := &shellScript{l: l, file: name, dir: filepath.Dir(name), data: data, li: newLineIndex(data),
		vars: map[string]*syntax.Word{}, unk: unknowns{}, files: map[string]string{}}
	f, err := syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(bytes.NewReader(data), name)
	if err != nil && !explicit && !bytes.Contains(data, []byte("aws ")) {
		return fmt.Sprintf("shell script that does not parse and calls no aws command, skipped (%v)", err)
	}
	crlf := bytes.Index(data, []byte("\r\n"))
	if err != nil {
		var pe syntax.ParseError
		loc := model.Loc{File: name, Line: 1, Col: 1, EndLine: 1, EndCol: 1}
		msg := err.Error()
		if errors.As(err, &pe) {
			loc = s.loc(int(pe.Pos.Offset()), int(pe.Pos.Offset())+1)
			msg = pe.Text
		}
		if crlf >= 0 {
			msg += " (the script has CRLF line endings: convert it to LF)"
		}
		l.problem(ruleInvalid, loc, "The shell script does not parse: "+sentence(msg))
		return "shell script (does not parse)"
	}
	if crlf >= 0 && bytes.Contains(data, []byte("aws ")) {
		// memlint reads it, but bash stops at the first "do\r" or "then\r"
		// ("syntax error near unexpected token"): the script never runs.
		loc := s.loc(crlf, crlf+1)
		l.m.Problems = append(l.m.Problems, model.Problem{Rule: ruleInvalid, Loc: loc, Severity: "low",
			Msg: "The shell script has CRLF (Windows) line endings: memlint checked it, but bash reads each carriage return as part of the command (a syntax error at 'do' or 'then', or a trailing \\r in the last argument). Convert it to LF line endings (e.g. dos2unix, or '*.sh text eol=lf' in .gitattributes)."})
	}
	// Roles the script names by name are that account's (role names repeat
	// across accounts), when the script works in one.
	dry := &shellScript{l: l, file: name, dir: s.dir, data: data, li: s.li,
		vars: map[string]*syntax.Word{}, unk: unknowns{}, files: map[string]string{}, accounts: map[string]bool{}, profiles: map[string]bool{}}
	dry.walk(f)
	acct := ""
	if len(dry.accounts) == 1 {
		for a := range dry.accounts {
			acct = a
		}
	}
	// A script that switches profiles works in several accounts: no scope.
	if len(dry.profiles) <= 1 {
		l.links.enter(name, acct)
		defer l.links.enter("", "")
	}
	s.walk(f)
	return fmt.Sprintf("shell script with %d AWS CLI calls", s.calls)
}

func (s *shellScript) walk(f *syntax.File) {
	syntax.Walk(f, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.CallExpr:
			if len(n.Args) == 0 {
				for _, a := range n.Assigns {
					s.assign(a)
				}
				return true
			}
			s.call(n.Args)
		case *syntax.DeclClause:
			for _, a := range n.Args {
				s.assign(a)
			}
		}
		return true
	})
}

// ownedARN names, per aws command, the argument holding the ARN of a
// resource the command writes in the caller's own account (an execution
// role lives in its memory's account).
var ownedARN = map[string]string{
	"bedrock-agentcore-control put-resource-policy": "--resource-arn",
	"bedrock-agentcore-control create-memory":       "--memory-execution-role-arn",
	"bedrock-agentcore-control update-memory":       "--memory-execution-role-arn",
	"sns set-topic-attributes":                      "--topic-arn",
	"kinesis put-resource-policy":                   "--resource-arn",
}

func (s *shellScript) assign(a *syntax.Assign) {
	if a == nil || a.Name == nil || a.Append || a.Index != nil || a.Array != nil {
		return
	}
	if a.Value == nil {
		delete(s.vars, a.Name.Value)
		return
	}
	s.vars[a.Name.Value] = a.Value
}

func (s *shellScript) loc(start, end int) model.Loc {
	l, c := s.li.pos(start)
	el, ec := s.li.pos(end)
	return model.Loc{File: s.file, Line: int32(l), Col: int32(c), EndLine: int32(el), EndCol: int32(ec)}
}

// awsGlobalValued are the aws global options that take a value.
var awsGlobalValued = map[string]bool{"--region": true, "--profile": true, "--output": true, "--endpoint-url": true,
	"--query": true, "--color": true, "--ca-bundle": true, "--cli-read-timeout": true, "--cli-connect-timeout": true, "--cli-binary-format": true}

// shellArg is one --flag value of an aws command line.
type shellArg struct {
	word *syntax.Word
	val  *decoded
	text string
}

// call reads one command line when it is an aws call memlint knows.
func (s *shellScript) call(words []*syntax.Word) {
	// lit is a word's leading literal text: all of a plain word, "--flag="
	// of --flag=$'…'.
	lit := func(w *syntax.Word) string {
		if len(w.Parts) > 0 {
			if l, ok := w.Parts[0].(*syntax.Lit); ok {
				return l.Value
			}
		}
		return ""
	}
	if filepath.Base(lit(words[0])) != "aws" {
		return
	}
	i := 1
	for i < len(words) && strings.HasPrefix(lit(words[i]), "--") {
		if awsGlobalValued[lit(words[i])] && !strings.Contains(lit(words[i]), "=") {
			i++
		}
		i++
	}
	if i+1 >= len(words) {
		return
	}
	service, command := lit(words[i]), lit(words[i+1])
	args := map[string]*shellArg{}
	for j := i + 2; j < len(words); j++ {
		flag := lit(words[j])
		if !strings.HasPrefix(flag, "--") {
			continue
		}
		if len(words[j].Parts) == 1 {
			flag = words[j].Lit()
		}
		if name, _, ok := strings.Cut(flag, "="); ok {
			// --flag=value: the value is the rest of the word.
			d := s.decode(words[j], 0)
			k := strings.Index(string(d.b), "=")
			if k >= 0 {
				v := &decoded{b: d.b[k+1:], start: d.start[k+1:], end: d.end[k+1:], dynamic: d.dynamic}
				args[name] = &shellArg{word: words[j], val: v, text: string(v.b)}
			}
			continue
		}
		if j+1 < len(words) && !strings.HasPrefix(lit(words[j+1]), "--") {
			d := s.decode(words[j+1], 0)
			args[flag] = &shellArg{word: words[j+1], val: d, text: string(d.b)}
			j++
		}
	}
	key := service + " " + command
	if s.accounts != nil {
		profile := ""
		if a := args["--profile"]; a != nil {
			profile = a.text
		}
		for j := 1; j < i; j++ {
			if w := lit(words[j]); w == "--profile" && j+1 < i {
				profile = string(s.decode(words[j+1], 0).b)
			} else if v, ok := strings.CutPrefix(w, "--profile="); ok {
				profile = v
			}
		}
		s.profiles[profile] = true
		if flag, ok := ownedARN[key]; ok {
			if v := s.str(args[flag]); !v.Unknown && iam.IsAccountID(arnAccount(v.Value)) {
				s.accounts[arnAccount(v.Value)] = true
			}
		}
		return
	}
	if a := args["--cli-input-json"]; a != nil {
		s.calls++
		if !strings.HasPrefix(a.text, "file://") {
			// Policies inside are JSON strings in a JSON string in shell
			// quoting: not mapped (yet); say so rather than misplace them.
			s.l.m.Notes = append(s.l.m.Notes, fmt.Sprintf("%s: an inline --cli-input-json is not checked; pass it as file://.", s.str(a).Loc))
			return
		}
		if n := s.json(a); n != nil && n.Kind == source.Object {
			s.l.cliInput(n.Loc.File, n)
		}
		return
	}
	if s.shellKMS(key, args) {
		return
	}
	str := func(flag string) model.Str { return s.str(args[flag]) }
	policy := func(flag string, kind model.Kind) *model.Policy { return s.policy(args[flag], kind) }
	switch key {
	case "bedrock-agentcore-control put-resource-policy":
		s.calls++
		arn := str("--resource-arn")
		s.l.putResourcePolicy(arn, policy("--policy", resourcePolicyKind(arn)))
	case "bedrock-agentcore-control create-memory", "bedrock-agentcore-control update-memory":
		s.calls++
		obj := &source.Node{Kind: source.Object, Loc: s.loc(int(words[0].Pos().Offset()), int(words[len(words)-1].End().Offset()))}
		field := func(key, flag string, parse bool) {
			a := args[flag]
			if a == nil {
				return
			}
			var v *source.Node
			if parse {
				v = s.json(a)
			} else {
				st := s.str(a)
				v = &source.Node{Kind: source.String, Value: st.Value, Loc: st.Loc}
				if st.Unknown {
					s.unk[st.Loc] = st.Expr
				}
			}
			if v != nil {
				obj.Fields = append(obj.Fields, &source.Field{Key: key, Value: v})
			}
		}
		field("name", "--name", false)
		field("memoryExecutionRoleArn", "--memory-execution-role-arn", false)
		field("encryptionKeyArn", "--encryption-key-arn", false)
		field("memoryStrategies", "--memory-strategies", true)
		field("streamDeliveryResources", "--stream-delivery-resources", true)
		d := readDefinition(s.file, obj, camelKeys)
		s.unk.definition(d)
		s.l.createMemory(d)
	case "iam create-role":
		s.calls++
		s.l.createRole(str("--role-name"), policy("--assume-role-policy-document", model.KindTrust))
	case "iam put-role-policy":
		s.calls++
		s.l.putRolePolicy(str("--role-name"), str("--policy-name").Value, policy("--policy-document", model.KindIdentity))
	case "iam create-policy":
		s.calls++
		s.l.createPolicy(str("--policy-name").Value, policy("--policy-document", model.KindIdentity))
	case "s3api put-bucket-policy":
		s.calls++
		s.l.putBucketPolicy(str("--bucket"), policy("--policy", model.KindS3))
	case "sns set-topic-attributes":
		if a := args["--attribute-name"]; a == nil || a.text != "Policy" {
			return
		}
		s.calls++
		s.l.setTopicPolicy(str("--topic-arn"), policy("--attribute-value", model.KindSNS))
	case "kinesis put-resource-policy":
		s.calls++
		s.l.putStreamPolicy(str("--resource-arn"), policy("--policy", model.KindKinesis))
	}
}

// str is a scalar argument; one with run-time text is Unknown.
func (s *shellScript) str(a *shellArg) model.Str {
	if a == nil {
		return model.Str{}
	}
	loc := s.loc(int(a.word.Pos().Offset()), int(a.word.End().Offset()))
	if len(a.val.start) > 0 {
		loc = s.loc(a.val.start[0], a.val.end[len(a.val.end)-1])
	}
	if a.val.dynamic {
		expr := string(s.data[a.word.Pos().Offset():a.word.End().Offset()])
		return model.Str{Value: expr, Expr: expr, Unknown: true, Loc: loc}
	}
	return model.Str{Value: a.text, Loc: loc}
}

// json parses a JSON argument: file://path (relative to the script's
// directory; positions in that file) or inline JSON, positions mapped
// through the shell quoting to the script. Problems are ML001 findings.
func (s *shellScript) json(a *shellArg) *source.Node {
	if a == nil {
		return nil
	}
	if p, ok := strings.CutPrefix(a.text, "file://"); ok && !a.val.dynamic {
		if !filepath.IsAbs(p) {
			p = filepath.Join(s.dir, p)
		}
		name := cleanPath(p)
		s.l.touch(s.l.abs(p))
		if out, where := s.l.bound.outside(p); out {
			s.l.problem(ruleInvalid, s.str(a).Loc, fmt.Sprintf("The file %s the command names %s.", name, outsideMsg(where)))
			return nil
		}
		if st, err := os.Stat(p); err != nil || !st.Mode().IsRegular() {
			why := "it is not a regular file"
			if err != nil {
				why = unwrapPathError(err).Error()
			}
			s.l.problem(ruleInvalid, s.str(a).Loc, fmt.Sprintf("The file %s the command names cannot be read: %s.", name, why))
			return nil
		}
		data, ok := s.l.read(p)
		if !ok {
			return nil
		}
		s.l.done[s.l.abs(p)] = true // read here with its role, not again as a loose file
		s.l.took(name)
		if text, enc := decodeBOM(data); enc != "" {
			s.l.encoded(name, enc, true)
			data = text
		}
		n, err := source.ParseJSON(name, data)
		if err != nil {
			s.l.opts.Log("%s: JSON named by %s with file://, does not parse (reported)", name, s.file)
			s.l.parseError(name, err)
			return nil
		}
		s.files[name] = string(data)
		s.l.opts.Log("%s: JSON named by %s with file://", name, s.file)
		return n
	}
	if a.val.dynamic && strings.TrimSpace(strings.ReplaceAll(a.text, string(placeholder), "")) == "" {
		return nil // the whole value is computed at run time
	}
	n, err := source.ParseJSON(s.file, a.val.b)
	dl := newLineIndex(a.val.b)
	remap := func(l model.Loc) model.Loc {
		if l.Line == 0 {
			return l
		}
		st := dl.offset(int(l.Line), int(l.Col))
		en := dl.offset(int(l.EndLine), int(l.EndCol))
		if st >= len(a.val.start) {
			st = len(a.val.start) - 1
		}
		if st < 0 {
			return s.str(a).Loc
		}
		e := a.val.end[st]
		if en > st && en-1 < len(a.val.end) {
			e = a.val.end[en-1]
		}
		return s.loc(a.val.start[st], e)
	}
	if err != nil {
		var se *source.Error
		if errors.As(err, &se) {
			s.l.problem(ruleInvalid, remap(se.Loc), "The JSON argument does not parse: "+sentence(se.Msg))
		} else {
			s.l.problem(ruleInvalid, s.str(a).Loc, "The JSON argument does not parse: "+sentence(err.Error()))
		}
		return nil
	}
	var walk func(n *source.Node, depth int)
	walk = func(n *source.Node, depth int) {
		if depth > 200 {
			return
		}
		n.Loc = remap(n.Loc)
		if n.Kind == source.String && strings.ContainsRune(n.Value, placeholder) {
			s.unk[n.Loc] = strings.ReplaceAll(n.Value, string(placeholder), "$…")
		}
		for _, it := range n.Items {
			walk(it, depth+1)
		}
		for _, f := range n.Fields {
			f.KeyLoc = remap(f.KeyLoc)
			walk(f.Value, depth+1)
		}
	}
	walk(n, 0)
	return n
}

// policy parses a policy argument.
func (s *shellScript) policy(a *shellArg, kind model.Kind) *model.Policy {
	n := s.json(a)
	if n == nil {
		if a != nil && a.val.dynamic {
			s.l.m.Notes = append(s.l.m.Notes, fmt.Sprintf("%s: the policy is computed when the script runs; it cannot be checked statically.", s.str(a).Loc))
		}
		return nil
	}
	text := string(a.val.b)
	if n.Loc.File != s.file {
		text = s.files[n.Loc.File] // a file:// policy: its size is its file's
	}
	p := decodePolicy(n.Loc.File, n, text, kind)
	s.unk.policy(p)
	s.l.addPolicy(p)
	return p
}

// decode returns a word's value as the shell would pass it, mapped to the
// script. Parameter expansions and command substitutions are placeholders,
// except "$VAR" of a variable the script assigned a constant before, and
// "$(cat <<EOF … EOF)", the here-document's text.
func (s *shellScript) decode(w *syntax.Word, depth int) *decoded {
	d := &decoded{}
	if depth > 8 {
		d.dynamic = true
		return d
	}
	for _, p := range w.Parts {
		s.part(d, p, false, depth)
	}
	return d
}

func (s *shellScript) dyn(d *decoded, n syntax.Node) {
	d.add(string(placeholder), int(n.Pos().Offset()), int(n.End().Offset()))
	d.dynamic = true
}

func (s *shellScript) part(d *decoded, p syntax.WordPart, quoted bool, depth int) {
	switch p := p.(type) {
	case *syntax.Lit:
		lo := int(p.ValuePos.Offset())
		s.lit(d, lo, lo+len(p.Value), quoted)
	case *syntax.SglQuoted:
		lo, hi := int(p.Left.Offset())+1, int(p.Right.Offset())
		if p.Dollar {
			lo++
			s.ansiC(d, lo, hi)
			return
		}
		if lo <= hi && hi <= len(s.data) {
			for i := lo; i < hi; i++ {
				d.add(string(s.data[i]), i, i+1)
			}
		}
	case *syntax.DblQuoted:
		for _, q := range p.Parts {
			s.part(d, q, true, depth)
		}
	case *syntax.ParamExp:
		if !p.Excl && !p.Length && !p.Width && p.Index == nil && p.Slice == nil && p.Repl == nil && p.Exp == nil && p.Param != nil {
			if w := s.vars[p.Param.Value]; w != nil {
				v := s.decode(w, depth+1)
				d.b = append(d.b, v.b...)
				d.start = append(d.start, v.start...)
				d.end = append(d.end, v.end...)
				d.dynamic = d.dynamic || v.dynamic
				return
			}
		}
		s.dyn(d, p)
	case *syntax.CmdSubst:
		if hd := heredocOf(p); hd != nil {
			for _, q := range hd.Parts {
				s.part(d, q, true, depth)
			}
			// The shell strips trailing newlines of a command substitution.
			for len(d.b) > 0 && d.b[len(d.b)-1] == '\n' {
				d.b, d.start, d.end = d.b[:len(d.b)-1], d.start[:len(d.start)-1], d.end[:len(d.end)-1]
			}
			return
		}
		s.dyn(d, p)
	default:
		s.dyn(d, p)
	}
}

// heredocOf returns the here-document of "$(cat <<EOF … EOF)", or nil.
func heredocOf(c *syntax.CmdSubst) *syntax.Word {
	if len(c.Stmts) != 1 {
		return nil
	}
	st := c.Stmts[0]
	call, ok := st.Cmd.(*syntax.CallExpr)
	if !ok || len(call.Args) != 1 || call.Args[0].Lit() != "cat" || len(st.Redirs) != 1 {
		return nil
	}
	r := st.Redirs[0]
	if (r.Op != syntax.Hdoc && r.Op != syntax.DashHdoc) || r.Hdoc == nil {
		return nil
	}
	return r.Hdoc
}

// lit decodes the backslash escapes of a literal's source text: unquoted,
// a backslash quotes the next character; inside double quotes only $ ` " \
// and newline.
func (s *shellScript) lit(d *decoded, lo, hi int, quoted bool) {
	if lo < 0 || hi > len(s.data) || lo > hi {
		return
	}
	for i := lo; i < hi; {
		c := s.data[i]
		if c == '\\' && i+1 < hi {
			n := s.data[i+1]
			switch {
			case n == '\n':
				i += 2
				continue
			case !quoted || strings.IndexByte("$`\"\\", n) >= 0:
				d.add(string(n), i, i+2)
				i += 2
				continue
			}
		}
		_, size := utf8.DecodeRune(s.data[i:hi])
		d.add(string(s.data[i:i+size]), i, i+size)
		i += size
	}
}

// ansiC decodes a $'…' string's escapes.
func (s *shellScript) ansiC(d *decoded, lo, hi int) {
	if lo < 0 || hi > len(s.data) || lo > hi {
		return
	}
	simple := map[byte]string{'n': "\n", 't': "\t", 'r': "\r", '\\': "\\", '\'': "'", '"': "\"", 'a': "\a", 'b': "\b", 'e': "\x1b", 'f': "\f", 'v': "\v", '?': "?"}
	for i := lo; i < hi; {
		c := s.data[i]
		if c == '\\' && i+1 < hi {
			if v, ok := simple[s.data[i+1]]; ok {
				d.add(v, i, i+2)
				i += 2
				continue
			}
		}
		_, size := utf8.DecodeRune(s.data[i:hi])
		d.add(string(s.data[i:i+size]), i, i+size)
		i += size
	}
}
