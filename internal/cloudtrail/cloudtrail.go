// Package cloudtrail reads CloudTrail records as evidence of who uses a
// memory: the log files CloudTrail delivers to S3 ({"Records":[…]}, gzipped
// or not), the output of `aws cloudtrail lookup-events`
// ({"Events":[{"CloudTrailEvent":"<record as a JSON string>"},…]}), and a
// bare JSON array of records (what `memlint fetch cloudtrail` writes from a
// CloudTrail Lake query is the S3 shape).
//
// Files are streamed: gzip is decompressed as it is read and the JSON is
// decoded token by token (github.com/go-json-experiment/json/jsontext), one
// record at a time, so memory does not grow with the size of a file or the
// number of files. Only AgentCore data-plane calls
// (eventSource bedrock-agentcore.amazonaws.com, an eventName of the memory
// data plane) are kept, aggregated per (memory, caller, action): the count of
// successful calls, of AccessDenied answers and the time of the last of each.
//
// What the AWS reference this package was written against confirms about
// the record fields: eventSource bedrock-agentcore.amazonaws.com, eventName
// the API operation, userIdentity.accountId, userIdentity.arn,
// userIdentity.sessionContext.sessionIssuer.arn (the role an assumed-role
// session belongs to), recipientAccountId, and resources[] with ARN,
// accountId and type. What it does not confirm is marked UNCONFIRMED where
// the code relies on it.
package cloudtrail

import (
	"bufio"
	"cmp"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// EventSource is the eventSource of AgentCore calls.
const EventSource = "bedrock-agentcore.amazonaws.com"

// MemoryResourceType is the resources[].type a record would give a memory.
// UNCONFIRMED: the AWS reference confirms AWS::BedrockAgentCore::Gateway
// for gateway data events only; memory records are also matched by the ARN
// in resources[] and by requestParameters.memoryId.
const MemoryResourceType = "AWS::BedrockAgentCore::Memory"

// Key is what calls are aggregated by.
type Key struct {
	// Memory is the memory's ARN when the record names it in resources[],
	// else its ID from requestParameters.memoryId.
	Memory string
	// Caller is the role of an assumed-role session
	// (sessionContext.sessionIssuer.arn), else userIdentity.arn (a user or
	// an account root).
	Caller string
	// Action is the eventName, e.g. RetrieveMemoryRecords.
	Action string
}

// Use is what the records say about one Key in the window.
type Use struct {
	CallerAccount string
	Success       int // calls without an errorCode
	Denied        int // errorCode AccessDenied / AccessDeniedException
	Failed        int // other errors (throttling, validation, …)
	LastSuccess   time.Time
	LastDenied    time.Time
}

// Problem is a file or record that could not be read, with its position.
type Problem struct {
	File string
	Line int // 0 when the problem is the whole file
	Col  int
	Msg  string

	off int64 // byte offset in the (decompressed) content, -1 when none
}

func (p Problem) String() string {
	if p.Line == 0 {
		return fmt.Sprintf("%s: %s", p.File, p.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", p.File, p.Line, p.Col, p.Msg)
}

// Evidence is the aggregate of every record read.
type Evidence struct {
	Since, Until time.Time // the window: records outside it are counted, not used
	Files        []string  // files read, in order
	Records      int64     // records read (all sources)
	Outside      int64     // records outside the window
	// Source counts the records of EventSource in the window: none at all
	// means the trail likely does not log AgentCore data events.
	Source int64
	// Memories counts, per memory key (ARN or ID), the data-plane records
	// that name it in the window.
	Memories map[string]int64
	Uses     map[Key]*Use
	// First and Last are the earliest and latest eventTime in the window.
	First, Last time.Time
	Problems    []Problem
}

// New returns empty evidence for the window [since, until].
func New(since, until time.Time) *Evidence {
	return &Evidence{Since: since, Until: until, Memories: map[string]int64{}, Uses: map[Key]*Use{}}
}

// Options tune ReadFile.
type Options struct {
	// Progress, when set, is called as input is consumed with the number of
	// bytes of the file read since the last call (compressed bytes for a
	// gzipped file) and the records decoded since the last call.
	Progress func(bytes int64, records int64)
}

// Actions are the memory data-plane operations whose records are kept.
var Actions = []string{
	"CreateEvent", "GetEvent", "DeleteEvent", "ListEvents", "ListActors", "ListSessions",
	"GetMemoryRecord", "ListMemoryRecords", "RetrieveMemoryRecords", "DeleteMemoryRecord",
	"BatchCreateMemoryRecords", "BatchUpdateMemoryRecords", "BatchDeleteMemoryRecords",
	"ListMemoryExtractionJobs", "StartMemoryExtractionJob",
}

// record is the part of a CloudTrail record memlint reads.
type record struct {
	EventTime    string `json:"eventTime"`
	EventSource  string `json:"eventSource"`
	EventName    string `json:"eventName"`
	ErrorCode    string `json:"errorCode"`
	UserIdentity struct {
		Type           string `json:"type"`
		ARN            string `json:"arn"`
		AccountID      string `json:"accountId"`
		SessionContext struct {
			SessionIssuer struct {
				Type      string `json:"type"`
				ARN       string `json:"arn"`
				AccountID string `json:"accountId"`
			} `json:"sessionIssuer"`
		} `json:"sessionContext"`
	} `json:"userIdentity"`
	Resources []struct {
		ARN       string `json:"ARN"`
		AccountID string `json:"accountId"`
		Type      string `json:"type"`
	} `json:"resources"`
	RequestParameters jsontext.Value `json:"requestParameters"`
}

// lookupEvent is one element of lookup-events output.
type lookupEvent struct {
	CloudTrailEvent string `json:"CloudTrailEvent"`
}

// ReadFile reads one file into e. A file that cannot be opened or is not
// CloudTrail JSON adds a Problem; what was read before a syntax error is
// kept. The error is only for an I/O failure other than the file's own.
func (e *Evidence) ReadFile(path string, opts Options) {
	e.Files = append(e.Files, path)
	f, err := os.Open(path)
	if err != nil {
		e.problem(Problem{File: path, Msg: fmt.Sprintf("cannot read: %v", cmp.Or(errors.Unwrap(err), err)), off: -1})
		return
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && !st.Mode().IsRegular() {
		e.problem(Problem{File: path, Msg: "not a regular file", off: -1})
		return
	}
	r, err := open(&countingReader{r: f, progress: opts.Progress})
	if err != nil {
		e.problem(Problem{File: path, Msg: err.Error(), off: -1})
		return
	}
	first := len(e.Problems)
	if off, err := e.read(r, opts); err != nil {
		e.problem(Problem{File: path, Msg: err.Error(), off: off})
	}
	e.resolve(path, first)
}

// resolve turns the byte offsets of the problems from index first on into
// lines and columns, reading path once more.
func (e *Evidence) resolve(path string, first int) {
	var offs []int64
	for _, p := range e.Problems[min(first, len(e.Problems)):] {
		if p.off >= 0 && p.File == path {
			offs = append(offs, p.off)
		}
	}
	if len(offs) == 0 {
		return
	}
	pos := positionsAt(path, offs)
	for i := first; i < len(e.Problems); i++ {
		p := &e.Problems[i]
		if lc, ok := pos[p.off]; ok && p.off >= 0 && p.File == path {
			p.Line, p.Col = lc[0], lc[1]
		}
	}
}

// Read reads one stream into e, named name in problems (positions are
// byte offsets, as a stream cannot be read twice).
func (e *Evidence) Read(name string, r io.Reader, opts Options) {
	e.Files = append(e.Files, name)
	br, err := open(&countingReader{r: r, progress: opts.Progress})
	if err != nil {
		e.problem(Problem{File: name, Msg: err.Error(), off: -1})
		return
	}
	if off, err := e.read(br, opts); err != nil {
		e.problem(Problem{File: name, Msg: fmt.Sprintf("at byte %d: %v", off, err), off: -1})
	}
}

// maxProblems bounds the problems kept; later ones are counted in the last.
const maxProblems = 100

func (e *Evidence) problem(p Problem) {
	switch {
	case len(e.Problems) < maxProblems:
		e.Problems = append(e.Problems, p)
	case len(e.Problems) == maxProblems:
		e.Problems = append(e.Problems, Problem{File: p.File, Msg: "further problems not shown", off: -1})
	}
}

// open sniffs gzip by its magic bytes.
func open(r io.Reader) (io.Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	magic, _ := br.Peek(2)
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("not a gzip file: %v", err)
		}
		return bufio.NewReaderSize(zr, 64<<10), nil
	}
	return br, nil
}

type countingReader struct {
	r        io.Reader
	progress func(int64, int64)
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if c.progress != nil && n > 0 {
		c.progress(int64(n), 0)
	}
	return n, err
}

// read decodes the top-level values of one stream; it returns the input
// offset of a syntax error with the error.
func (e *Evidence) read(r io.Reader, opts Options) (int64, error) {
	dec := jsontext.NewDecoder(r)
	sawValue := false
	for {
		kind := dec.PeekKind()
		if kind == 0 {
			// End of input or a syntax error: ReadToken tells which.
			if _, err := dec.ReadToken(); err != nil {
				if err == io.EOF {
					if !sawValue {
						return 0, errors.New("empty file: no CloudTrail records")
					}
					return 0, nil
				}
				return offsetOf(dec, err), cleanErr(err)
			}
		}
		sawValue = true
		switch kind {
		case '{':
			if err := e.readObject(dec, opts); err != nil {
				return offsetOf(dec, err), cleanErr(err)
			}
		case '[':
			if err := e.readArray(dec, opts, false); err != nil {
				return offsetOf(dec, err), cleanErr(err)
			}
		default:
			off := dec.InputOffset()
			return off, fmt.Errorf("want a JSON object ({\"Records\": […]} or {\"Events\": […]}) or an array of records, found %s", kindName(kind))
		}
	}
}

// readObject reads {"Records": […]} or {"Events": […]}; other members are
// skipped.
func (e *Evidence) readObject(dec *jsontext.Decoder, opts Options) error {
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	found := false
	for dec.PeekKind() != '}' {
		tok, err := dec.ReadToken()
		if err != nil {
			return err
		}
		name := tok.String()
		switch {
		case (name == "Records" || name == "Events") && dec.PeekKind() == '[':
			found = true
			if err := e.readArray(dec, opts, name == "Events"); err != nil {
				return err
			}
		default:
			if err := dec.SkipValue(); err != nil {
				return err
			}
		}
	}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	if !found {
		return posError{dec.InputOffset(), errors.New(`the object has no "Records" or "Events" array: not a CloudTrail log file or lookup-events output`)}
	}
	return nil
}

// posError is an error at an input offset.
type posError struct {
	off int64
	err error
}

func (p posError) Error() string { return p.err.Error() }

// readArray reads an array of records, or of lookup-events entries.
func (e *Evidence) readArray(dec *jsontext.Decoder, opts Options, lookup bool) error {
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	for dec.PeekKind() != ']' {
		raw, err := dec.ReadValue()
		if err != nil {
			return err
		}
		start := dec.InputOffset() - int64(len(raw))
		if opts.Progress != nil {
			opts.Progress(0, 1)
		}
		e.Records++
		if lookup {
			var le lookupEvent
			if err := json.Unmarshal(raw, &le); err != nil || le.CloudTrailEvent == "" {
				e.recordProblem(dec, start, "an Events entry without a CloudTrailEvent string: skipped")
				continue
			}
			raw = jsontext.Value(le.CloudTrailEvent)
		}
		if msg := e.add(raw); msg != "" {
			e.recordProblem(dec, start, msg)
		}
	}
	_, err := dec.ReadToken()
	return err
}

// recordProblem notes a skipped record at its offset (ReadFile turns it
// into a line and column).
func (e *Evidence) recordProblem(_ *jsontext.Decoder, off int64, msg string) {
	e.problem(Problem{File: e.Files[len(e.Files)-1], Msg: msg, off: off})
}

// add aggregates one record; it returns why a record was skipped.
func (e *Evidence) add(raw []byte) string {
	var rec record
	if err := json.Unmarshal(raw, &rec); err != nil {
		return "not a CloudTrail record: " + cleanErr(err).Error()
	}
	if rec.EventSource == "" && rec.EventTime == "" {
		return "not a CloudTrail record (no eventSource or eventTime)"
	}
	t, err := time.Parse(time.RFC3339, rec.EventTime)
	if err != nil {
		return fmt.Sprintf("eventTime %q is not an RFC 3339 time", rec.EventTime)
	}
	t = t.UTC()
	if t.Before(e.Since) || (!e.Until.IsZero() && t.After(e.Until)) {
		e.Outside++
		return ""
	}
	if rec.EventSource != EventSource {
		return ""
	}
	e.Source++
	if !slices.Contains(Actions, rec.EventName) {
		return "" // a control-plane or other AgentCore call
	}
	mem := memoryOf(&rec)
	if mem == "" {
		return ""
	}
	e.Memories[mem]++
	caller, account := callerOf(&rec)
	k := Key{Memory: mem, Caller: caller, Action: rec.EventName}
	u := e.Uses[k]
	if u == nil {
		u = &Use{CallerAccount: account}
		e.Uses[k] = u
	}
	switch {
	case rec.ErrorCode == "":
		u.Success++
		if t.After(u.LastSuccess) {
			u.LastSuccess = t
		}
	case strings.HasPrefix(rec.ErrorCode, "AccessDenied"):
		u.Denied++
		if t.After(u.LastDenied) {
			u.LastDenied = t
		}
	default:
		u.Failed++
	}
	if e.First.IsZero() || t.Before(e.First) {
		e.First = t
	}
	if t.After(e.Last) {
		e.Last = t
	}
	return ""
}

// memoryOf names the memory a record is about: the ARN in resources[]
// (a bedrock-agentcore ARN with a memory/ resource, or the type
// MemoryResourceType), else requestParameters.memoryId.
// UNCONFIRMED: which of the two AgentCore writes into memory data events.
func memoryOf(rec *record) string {
	for _, r := range rec.Resources {
		if r.Type == MemoryResourceType || strings.HasPrefix(r.ARN, "arn:") && strings.Contains(r.ARN, ":bedrock-agentcore:") && strings.Contains(r.ARN, ":memory/") {
			return r.ARN
		}
	}
	if len(rec.RequestParameters) > 0 && rec.RequestParameters.Kind() == '{' {
		var p struct {
			MemoryID jsontext.Value `json:"memoryId"`
		}
		if json.Unmarshal(rec.RequestParameters, &p) == nil && p.MemoryID.Kind() == '"' {
			var id string
			if json.Unmarshal(p.MemoryID, &id) == nil {
				return id
			}
		}
	}
	return ""
}

// callerOf names the caller: the role of an assumed-role session, else the
// identity's ARN, else its account root.
func callerOf(rec *record) (caller, account string) {
	ui := &rec.UserIdentity
	account = cmp.Or(ui.SessionContext.SessionIssuer.AccountID, ui.AccountID)
	switch {
	case ui.SessionContext.SessionIssuer.ARN != "":
		return ui.SessionContext.SessionIssuer.ARN, account
	case ui.ARN != "":
		return ui.ARN, account
	case account != "":
		return "arn:aws:iam::" + account + ":root", account
	}
	return "unknown caller", ""
}

// Keys returns the aggregate's keys sorted, for stable output.
func (e *Evidence) Keys() []Key {
	keys := make([]Key, 0, len(e.Uses))
	for k := range e.Uses {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b Key) int {
		return cmp.Or(cmp.Compare(a.Memory, b.Memory), cmp.Compare(a.Caller, b.Caller), cmp.Compare(a.Action, b.Action))
	})
	return keys
}

func offsetOf(dec *jsontext.Decoder, err error) int64 {
	var pe posError
	if errors.As(err, &pe) {
		return pe.off
	}
	var se *jsontext.SyntacticError
	if errors.As(err, &se) {
		return se.ByteOffset
	}
	return dec.InputOffset()
}

// cleanErr drops the package prefix of the JSON library's messages.
func cleanErr(err error) error {
	var se *jsontext.SyntacticError
	if errors.As(err, &se) {
		return errors.New("invalid JSON: " + se.Err.Error())
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New("the file ends in the middle of a JSON value (truncated?)")
	}
	var pe posError
	if errors.As(err, &pe) {
		return pe.err
	}
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "jsontext: ")
	msg = strings.TrimPrefix(msg, "json: ")
	if errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) {
		return errors.New("corrupt gzip data: " + msg)
	}
	return errors.New(msg)
}

func kindName(k jsontext.Kind) string {
	switch k {
	case '"':
		return "a string"
	case '0':
		return "a number"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "something else"
}

// positionsAt turns byte offsets of path's (decompressed) content into
// lines and columns in UTF-16 code units, reading the file again.
func positionsAt(path string, offs []int64) map[int64][2]int {
	out := map[int64][2]int{}
	f, err := os.Open(path)
	if err != nil {
		return out
	}
	defer f.Close()
	r, err := open(f)
	if err != nil {
		return out
	}
	offs = slices.Clone(offs)
	slices.Sort(offs)
	br := bufio.NewReader(r)
	line, col := 1, 1
	var pending []byte
	var pos int64
	for _, want := range offs {
		for pos < want {
			b, err := br.ReadByte()
			if err != nil {
				return out
			}
			pos++
			switch {
			case b == '\n':
				line, col, pending = line+1, 1, pending[:0]
			case b < utf8.RuneSelf:
				col++
			default:
				pending = append(pending, b)
				if utf8.FullRune(pending) {
					r, _ := utf8.DecodeRune(pending)
					col += utf16Len(r)
					pending = pending[:0]
				}
			}
		}
		out[want] = [2]int{line, col}
	}
	return out
}

func utf16Len(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}

// IsDataFile reports whether a file found in a directory walk looks like a
// CloudTrail file: .json or .json.gz (the S3 delivery names end in
// .json.gz).
func IsDataFile(name string) bool {
	n := strings.ToLower(name)
	return strings.HasSuffix(n, ".json") || strings.HasSuffix(n, ".json.gz")
}
