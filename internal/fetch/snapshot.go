package fetch

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/memlint/memlint/internal/load"
)

// Snapshot file names.
const (
	ManifestFile   = "memlint.yaml"
	ProvenanceFile = load.ProvenanceFile // memlint check reads it (unreadable documents)
)

// document is one provenance record: a document written, or one that is
// absent or could not be read, and how memlint asked for it.
type document struct {
	File     string `json:"file,omitempty"`
	Status   string `json:"status"`
	Reason   string `json:"reason,omitempty"`
	Account  string `json:"account,omitempty"`
	Region   string `json:"region,omitempty"`
	Call     string `json:"call"`
	Resource string `json:"resource"`
	Time     string `json:"time"`
}

// snapshot collects what a fetch wrote, for the manifest and provenance.
type snapshot struct {
	dir    string
	caller string

	mu      sync.Mutex
	docs    []document
	mems    map[string]*memoryEntry
	roles   map[string]*roleEntry
	dests   map[string]*destEntry
	managed map[string]bool
	errs    []error
}

type memoryEntry struct {
	arn, definition, resourcePolicy string
}

type roleEntry struct {
	mu       sync.Mutex
	arn      string
	trust    string
	policies []string
	// incomplete is set when one of the role's permission policies could
	// not be read: the manifest then lists none, so that memlint treats
	// them as unknown instead of judging the role by part of them.
	incomplete bool
}

func (r *roleEntry) setTrust(f string) { r.mu.Lock(); r.trust = f; r.mu.Unlock() }
func (r *roleEntry) addPolicy(f string) {
	r.mu.Lock()
	if !slices.Contains(r.policies, f) {
		r.policies = append(r.policies, f)
	}
	r.mu.Unlock()
}
func (r *roleEntry) policiesMissing() { r.mu.Lock(); r.incomplete = true; r.mu.Unlock() }

type destEntry struct {
	arn    string
	policy string
	status string
	kmsKey string
}

func (d *destEntry) set(file, status string) {
	d.status = status
	if status == statusOK {
		d.policy = file
	}
}

// newSnapshot prepares dir, which must not exist or be empty: a snapshot
// is evidence, and mixing two fetches in one directory would spoil it.
func newSnapshot(dir string) (*snapshot, error) {
	if ents, err := os.ReadDir(dir); err == nil && len(ents) > 0 {
		return nil, fmt.Errorf("%w: --out %s is not empty (a snapshot goes into a new or empty directory)", ErrUsage, dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create snapshot: %w", err)
	}
	return &snapshot{dir: dir, mems: map[string]*memoryEntry{}, roles: map[string]*roleEntry{},
		dests: map[string]*destEntry{}, managed: map[string]bool{}}, nil
}

func (s *snapshot) memory(arn string) *memoryEntry {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.mems[arn] == nil {
		s.mems[arn] = &memoryEntry{arn: arn}
	}
	return s.mems[arn]
}

func (s *snapshot) role(arn string) *roleEntry {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.roles[arn] == nil {
		s.roles[arn] = &roleEntry{arn: arn}
	}
	return s.roles[arn]
}

func (s *snapshot) destination(arn string) *destEntry {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dests[arn] == nil {
		s.dests[arn] = &destEntry{arn: arn}
	}
	return s.dests[arn]
}

func (s *snapshot) setManaged(arn string, ok bool) {
	s.mu.Lock()
	s.managed[arn] = ok
	s.mu.Unlock()
}

func (s *snapshot) managedOK(arn string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.managed[arn]
}

// add records d and writes data to d.File.
func (s *snapshot) add(d document, data []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.docs = append(s.docs, d)
	if d.File == "" {
		return
	}
	p := filepath.Join(s.dir, filepath.FromSlash(d.File))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		s.errs = append(s.errs, err)
		return
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		s.errs = append(s.errs, err)
	}
}

func (s *snapshot) result() Result {
	var r Result
	for _, d := range s.docs {
		switch d.Status {
		case statusOK:
			r.Documents++
		case statusAbsent:
			r.Absent++
		default:
			r.NotReadable++
		}
	}
	return r
}

// manifest is the generated memlint.yaml (docs/inputs.md).
type manifest struct {
	Version      int       `yaml:"version"`
	Memories     []mMemory `yaml:"memories,omitempty"`
	Roles        []mRole   `yaml:"roles,omitempty"`
	Destinations []mDest   `yaml:"destinations,omitempty"`
}

type mMemory struct {
	ARN            string `yaml:"arn"`
	Definition     string `yaml:"definition,omitempty"`
	ResourcePolicy string `yaml:"resource_policy,omitempty"`
}

type mRole struct {
	ARN         string   `yaml:"arn"`
	TrustPolicy string   `yaml:"trust_policy,omitempty"`
	Policies    []string `yaml:"policies,omitempty,flow"`
}

type mDest struct {
	ARN          string `yaml:"arn"`
	Policy       string `yaml:"policy,omitempty"`
	PolicyStatus string `yaml:"policy_status,omitempty"`
	KMSKey       string `yaml:"kms_key,omitempty"`
}

// write writes memlint.yaml and provenance.json.
func (s *snapshot) write(version string, now time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.errs) > 0 {
		return fmt.Errorf("write snapshot: %w", errors.Join(s.errs...))
	}
	m := manifest{Version: 1}
	for _, e := range sortedValues(s.mems) {
		m.Memories = append(m.Memories, mMemory{ARN: e.arn, Definition: e.definition, ResourcePolicy: e.resourcePolicy})
	}
	for _, r := range sortedValues(s.roles) {
		e := mRole{ARN: r.arn, TrustPolicy: r.trust}
		if !r.incomplete {
			e.Policies = slices.Sorted(slices.Values(r.policies))
		}
		if e.TrustPolicy == "" && len(e.Policies) == 0 {
			continue // nothing of it could be read: unknown, as if not named
		}
		m.Roles = append(m.Roles, e)
	}
	for _, d := range sortedValues(s.dests) {
		e := mDest{ARN: d.arn, Policy: d.policy, KMSKey: d.kmsKey}
		if d.status != statusOK {
			e.PolicyStatus = map[string]string{statusAbsent: "absent", statusNotReadable: "not_readable"}[d.status]
		}
		m.Destinations = append(m.Destinations, e)
	}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "# Fetched by memlint fetch %s at %s (caller account %s).\n", version, now.Format(time.RFC3339), s.caller)
	fmt.Fprintf(&buf, "# Each document's account, region and API call are in %s.\n", ProvenanceFile)
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(m); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(s.dir, ManifestFile), buf.Bytes(), 0o644); err != nil {
		return err
	}
	docs := slices.Clone(s.docs)
	slices.SortFunc(docs, func(a, b document) int {
		return cmp.Or(strings.Compare(a.Resource, b.Resource), strings.Compare(a.Call, b.Call), strings.Compare(a.File, b.File))
	})
	prov := struct {
		Tool          string     `json:"tool"`
		Version       string     `json:"memlint_version"`
		Fetched       string     `json:"fetched"`
		CallerAccount string     `json:"caller_account"`
		Documents     []document `json:"documents"`
	}{"memlint fetch", version, now.Format(time.RFC3339), s.caller, docs}
	data, err := json.MarshalIndent(prov, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(s.dir, ProvenanceFile), append(data, '\n'), 0o644)
}

// sortedValues returns a map's values in the order of their keys.
func sortedValues[V any](m map[string]V) []V {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]V, len(keys))
	for i, k := range keys {
		out[i] = m[k]
	}
	return out
}

// indent writes a JSON document indented by two spaces.
func indent(w io.Writer, data []byte) error {
	var buf bytes.Buffer
	if err := json.Indent(&buf, data, "", "  "); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// progress shows "memories fetched n/total" on a terminal, rewritten in
// place, for fetches of more than one memory.
type progress struct {
	w     io.Writer
	mu    sync.Mutex
	n     int
	total int
}

func newProgress(w io.Writer, total int) *progress {
	if total < 2 {
		w = nil
	}
	return &progress{w: w, total: total}
}

func (p *progress) done(string) {
	if p.w == nil {
		return
	}
	p.mu.Lock()
	p.n++
	fmt.Fprintf(p.w, "\rmemlint: fetched %d/%d memories", p.n, p.total)
	p.mu.Unlock()
}

func (p *progress) finish() {
	if p.w != nil {
		fmt.Fprintln(p.w)
	}
}
