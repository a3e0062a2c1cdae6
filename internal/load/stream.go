package load

import (
	"bytes"
	"hash/maphash"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/memlint/memlint/internal/iam"
	"github.com/memlint/memlint/internal/model"
)

// Streaming: a large tree loaded and evaluated part by part.
//
// Load builds one model of everything it reads, and a tree of ten thousand
// setups held ~160 MB of model at once. Stream reads the same tree in the
// order Load does, but in parts of about StreamOptions.Part files, each
// with a loader of its own, and hands each part's model to the caller to
// evaluate and drop. A part is only evaluated alone when nothing in it
// joins anything in another part: every join the loader and the rules make
// (an ARN, a role name, a KMS key, a near-miss memory ARN, a file) is a
// key (streamkeys.go), and parts sharing a key are one component. A
// component of several parts is dropped (its parts' results forgotten) and
// loaded again at the end as one model, in Load's order. So a part's
// findings are those Load and lint.Run would give for its files, and
// TestStreamGivesTheWhole checks it on every fixture tree and on trees
// built to collide. Keys over-approximate: a false match only costs a
// second load.

// StreamOptions say when and how a tree is streamed.
type StreamOptions struct {
	// From is the number of files a walk must list for the tree to be
	// streamed; a smaller tree is loaded whole (Load).
	From int
	// Part is about how many files one part reads, and PartBytes how many
	// bytes at most (0: no bound): a part ends at the first it reaches.
	Part      int
	PartBytes int64
	// OnStream, when set, is called once a walk has decided to stream,
	// before the first part is read (the CLI paces the collector for a
	// small live heap); OnWhole before parts are read again as one model,
	// which may be as large as the whole tree's.
	OnStream, OnWhole func()
}

// Part is one model of a streamed load: a part of the tree, or the whole of
// it when it was not streamed.
type Part struct {
	// ID orders the parts: -1 for the walk's own problems, then parts in
	// reading order; a component loaded again at the end keeps the ID of
	// its first part.
	ID    int
	Model *model.Model
}

// Streamed is what Stream says about a run.
type Streamed struct {
	// Model holds the whole run's notes, files and manifests (what the
	// caller of Load reads besides the parts it evaluated); its policies
	// and entities are in the parts.
	Model *model.Model
	// Parts is the number of parts read, Again the number of them read a
	// second time as part of a larger component (0 when not streamed).
	Parts, Again int
}

// Stream loads paths like Load and calls eval on each part's model. When
// the input is one directory, no manifest is forced, nothing is logged and
// the walk lists at least so.From files, the tree is read part by part;
// forget is then called with the ID of a part already evaluated whose
// results must be dropped (it joins a later part; both are read again as
// one part at the end). Otherwise eval is called once, with Load's model.
func Stream(paths []string, opts Options, so StreamOptions, eval func(*Part) error, forget func(id int)) (*Streamed, error) {
	whole := func() (*Streamed, error) {
		m, err := Load(paths, opts)
		if err != nil {
			return nil, err
		}
		if err := eval(&Part{Model: m}); err != nil {
			return nil, err
		}
		return &Streamed{Model: m}, nil
	}
	if len(paths) != 1 || opts.Manifest != "" || opts.Log != nil || so.Part < 1 {
		return whole()
	}
	root := paths[0]
	if st, err := os.Stat(root); err != nil || !st.IsDir() {
		return whole()
	}
	s := newStreamer(paths, opts, so)
	w, err := s.walker.walk(root)
	if err != nil {
		return nil, err
	}
	if len(w.manifests)+len(w.files) < so.From || s.organization(w.manifests) {
		return whole()
	}
	// Load's order: the manifest at the top first (read before the walk),
	// then the walk's manifests, then its other files.
	mp := filepath.Join(root, ManifestName)
	if fileExists(mp) {
		s.items = append(s.items, item{path: mp, manifest: true})
	}
	top := s.walker.abs(mp)
	for _, m := range w.manifests {
		if s.walker.abs(m) != top {
			s.items = append(s.items, item{path: m, manifest: true})
		}
	}
	for _, f := range w.files {
		s.items = append(s.items, item{path: f})
	}
	if so.OnStream != nil {
		so.OnStream()
	}
	s.pre = w.prefetch()
	defer s.pre.end()
	return s.run(eval, forget)
}

// organization reports whether a manifest may have an organization
// section: its guardrails apply to every part, so the tree is read whole
// (streaming would join every part and read them all again). It reads the
// regular files among manifests for the word, a fraction of what reading
// the tree costs; infrastructure code's SCPs and RCPs are found as the
// parts are read.
func (s *streamer) organization(manifests []string) bool {
	for _, mp := range manifests {
		if !s.walker.regular[s.walker.abs(mp)] {
			continue
		}
		data, err := os.ReadFile(mp)
		if err != nil {
			continue
		}
		if text, enc := decodeBOM(data); enc != "" {
			data = text
		}
		if bytes.Contains(data, []byte("organization")) {
			return true
		}
	}
	return false
}

// item is one step of Load's reading: a manifest (with the files it
// names) or a file the walk found.
type item struct {
	path     string
	manifest bool
}

type streamer struct {
	opts   Options
	so     StreamOptions
	walker *loader // the walk's loader: its regular files, boundary and problems
	items  []item
	pre    *prefetcher

	parts  []*streamPart
	owner  map[string]fileOwner // absolute path read or named → the part that first did
	keys   map[uint64]keyState
	more   map[uint64][]int32 // holders of a key not linked yet, after the first
	seed   maphash.Seed
	global int32 // a part that joins every part (organisation guardrails); -1: none
	uf     unionFind

	knownMem map[string]bool // the memory ARNs the rules know, in every part
	near     []nearWant

	partBytes int64 // bytes the part being read has read
}

// streamPart is one part: its items, and while its results stand, what the
// run reports of it besides findings.
type streamPart struct {
	lo, hi    int
	evaluated bool
	iacOrg    int // SCPs and RCPs from infrastructure code (loader.mergeOrg)
	notes     []taggedNote
	files     []string
	manifests map[string][]string
}

// fileOwner is the first part that read or was told of a file, and whether
// any part read it (the loader of the whole tree would skip it after).
type fileOwner struct {
	part int32
	done bool
}

type taggedNote struct {
	step int
	note string
}

func newStreamer(paths []string, opts Options, so StreamOptions) *streamer {
	s := &streamer{opts: opts, so: so, owner: map[string]fileOwner{}, keys: map[uint64]keyState{}, more: map[uint64][]int32{}, knownMem: map[string]bool{},
		seed: maphash.MakeSeed(), global: -1}
	s.walker = newLoader(opts)
	if !opts.AllowOutside {
		s.walker.bound = boundaryOf(paths, "")
		s.walker.bound.cwd = s.walker.cwd
	}
	return s
}

// loader makes the loader of one part (or component); prior tells the
// files other parts read before.
func (s *streamer) loader(prior func(abs string) bool) *loader {
	l := newLoader(s.opts)
	l.cwd, l.bound, l.regular, l.pre = s.walker.cwd, s.walker.bound, s.walker.regular, s.pre
	s.partBytes = 0
	l.opts.OnRead = func(size int64) {
		s.partBytes += size
		if s.opts.OnRead != nil {
			s.opts.OnRead(size)
		}
	}
	l.prior = prior
	l.touched = map[string]bool{}
	return l
}

// step reads one item, tagging the notes it gives with its index.
func (s *streamer) step(l *loader, i int) error {
	it := s.items[i]
	defer l.tagNotes(len(l.m.Notes), i)
	if it.manifest {
		return l.manifest(it.path)
	}
	l.file(it.path, false)
	return nil
}

// finish ends a part's loader: its model, with the notes finishing gives
// tagged after every item.
func (s *streamer) finish(l *loader) *model.Model {
	defer l.tagNotes(len(l.m.Notes), len(s.items))
	return l.finish()
}

func (s *streamer) run(eval func(*Part) error, forget func(id int)) (*Streamed, error) {
	if len(s.walker.m.Problems) > 0 {
		if err := eval(&Part{ID: -1, Model: &model.Model{Problems: s.walker.m.Problems}}); err != nil {
			return nil, err
		}
	}
	for i := 0; i < len(s.items); {
		id := int32(len(s.parts))
		p := &streamPart{lo: i}
		s.parts = append(s.parts, p)
		s.uf.add()
		l := s.loader(func(abs string) bool { return s.owner[abs].done })
		for i < len(s.items) && len(l.touched) < s.so.Part && (s.so.PartBytes == 0 || s.partBytes < s.so.PartBytes) {
			if err := s.step(l, i); err != nil {
				return nil, err
			}
			i++
		}
		p.hi = i
		m := s.finish(l)
		s.join(id, l, m, forget)
		if s.global >= 0 {
			// Every part joins this one: the rest of the tree is read
			// once, with everything before, as one model.
			p.hi = len(s.items)
			break
		}
		if s.uf.size[s.uf.find(id)] > 1 {
			continue // read again with its component at the end
		}
		p.keep(l, m)
		if err := eval(&Part{ID: int(id), Model: m}); err != nil {
			return nil, err
		}
	}
	if s.global < 0 {
		s.joinNear(forget)
	}
	// Components of several parts, read again as one, in Load's order.
	again := 0
	comps := map[int32][]int32{}
	var roots []int32
	for id := range s.parts {
		r := s.uf.find(int32(id))
		if s.uf.size[r] < 2 && (s.global < 0 || r != s.uf.find(s.global)) {
			continue
		}
		if comps[r] == nil {
			roots = append(roots, r)
		}
		comps[r] = append(comps[r], int32(id))
	}
	if len(roots) > 0 && s.so.OnWhole != nil {
		s.so.OnWhole()
	}
	for _, r := range roots {
		l := s.loader(func(abs string) bool {
			o := s.owner[abs]
			return o.done && s.uf.find(o.part) != r
		})
		for _, id := range comps[r] {
			again++
			p := s.parts[id]
			for i := p.lo; i < p.hi; i++ {
				if err := s.step(l, i); err != nil {
					return nil, err
				}
			}
		}
		m := s.finish(l)
		first := s.parts[comps[r][0]]
		first.keep(l, m)
		if err := eval(&Part{ID: int(comps[r][0]), Model: m}); err != nil {
			return nil, err
		}
	}
	return &Streamed{Model: s.summary(), Parts: len(s.parts), Again: again}, nil
}

// tagNotes tags the notes said since the first mark with the index of the
// item that said them.
func (l *loader) tagNotes(mark, item int) {
	for range l.m.Notes[mark:] {
		l.tags = append(l.tags, item)
	}
}

// keep records what the run reports of a part besides its findings.
func (p *streamPart) keep(l *loader, m *model.Model) {
	p.evaluated = true
	p.notes = p.notes[:0]
	for i, n := range m.Notes {
		p.notes = append(p.notes, taggedNote{l.tags[i], n})
	}
	p.files, p.manifests = m.Files, m.Manifests
	if m.Organization == nil {
		p.iacOrg = len(l.iacOrg) // applied, and not a note, with an organisation
	}
}

// drop forgets a part's results.
func (p *streamPart) drop() {
	p.evaluated, p.notes, p.files, p.manifests, p.iacOrg = false, nil, nil, nil, 0
}

// summary is the run's notes (in Load's order), files and manifests.
func (s *streamer) summary() *model.Model {
	m := &model.Model{}
	var notes []taggedNote
	files := map[string]bool{}
	iacOrg := 0
	for _, p := range s.parts {
		if !p.evaluated {
			continue
		}
		iacOrg += p.iacOrg
		notes = append(notes, p.notes...)
		for _, f := range p.files {
			files[f] = true
		}
		for k, v := range p.manifests {
			if m.Manifests == nil {
				m.Manifests = map[string][]string{}
			}
			m.Manifests[k] = append(m.Manifests[k], v...)
		}
	}
	if iacOrg > 0 {
		// What finishing the whole tree's loader says (mergeOrg), once.
		notes = append(notes, taggedNote{len(s.items), unappliedOrgNote(iacOrg)})
	}
	slices.SortStableFunc(notes, func(a, b taggedNote) int { return a.step - b.step })
	for _, n := range notes {
		m.Notes = append(m.Notes, n.note)
	}
	m.Files = slices.Sorted(maps.Keys(files))
	return m
}

// join adds a part's keys to the index, joining it to the parts it shares
// a key with; a component that grows past one part forgets the results of
// its parts evaluated so far.
func (s *streamer) join(id int32, l *loader, m *model.Model, forget func(int)) {
	// Files: a file two parts read or name joins them.
	for abs := range l.touched {
		o, ok := s.owner[abs]
		if !ok {
			s.owner[abs] = fileOwner{id, l.done[abs]}
			continue
		}
		s.union(id, o.part, forget)
		if l.done[abs] && !o.done {
			o.done = true
			s.owner[abs] = o
		}
	}
	sk := streamKeys(l, m)
	if sk.global {
		if s.global < 0 {
			s.global = id
		}
		for other := range id {
			s.union(id, other, forget)
		}
	}
	for _, k := range sk.keys {
		s.key(id, k.key, k.role, forget)
	}
	for _, v := range sk.known {
		if !s.knownMem[v] {
			s.knownMem[strings.Clone(v)] = true
		}
	}
	for _, v := range sk.near {
		s.near = append(s.near, nearWant{strings.Clone(v), id})
	}
}

// nearWant is a Resource value of part that names no memory of its part:
// it asks for its near-miss keys unless another part knows the memory.
type nearWant struct {
	v    string
	part int32
}

// joinNear asks, at the end of the first pass, for the near-miss keys of
// the values that name no memory of the tree.
func (s *streamer) joinNear(forget func(int)) {
	for _, w := range s.near {
		if s.knownMem[w.v] {
			continue // joined to its memory's part by the exact key
		}
		a, _ := iam.ParseARN(w.v) // a memory ARN (streamKeys)
		for _, k := range nearKeys(a) {
			s.key(w.part, k, keyWant, forget)
		}
	}
	s.near = nil
}

// key adds part id as a holder of a key in role r.
func (s *streamer) key(id int32, key string, r keyRole, forget func(int)) {
	h := maphash.String(s.seed, key)
	st, ok := s.keys[h]
	switch {
	case !ok:
		st = keyState{first: id, roles: r, linked: r == keyBoth}
	case st.linked:
		s.union(id, st.first, forget)
	default:
		st.roles |= r
		if id != st.first && !slices.Contains(s.more[h], id) {
			s.more[h] = append(s.more[h], id)
		}
		if st.roles == keyBoth {
			st.linked = true
			s.union(id, st.first, forget)
			for _, o := range s.more[h] {
				s.union(id, o, forget)
			}
			delete(s.more, h)
		}
	}
	s.keys[h] = st
}

// union joins the components of parts a and b; a part evaluated alone so
// far has its results forgotten.
func (s *streamer) union(a, b int32, forget func(int)) {
	ra, rb := s.uf.find(a), s.uf.find(b)
	if ra == rb {
		return
	}
	for _, r := range []int32{ra, rb} {
		if s.uf.size[r] == 1 {
			if p := s.parts[r]; p.evaluated {
				p.drop()
				forget(int(r))
			}
		}
	}
	s.uf.union(ra, rb)
}

// keyState is one key's holders. Keys have roles: an entity has its key
// and looks it up (two holders join); a lookup only looks it up (two
// lookups of one ARN do not join each other, only the entity they find).
// Once a part has and a part wants a key (or one part both), every holder
// of it is one component (linked), and every later holder joins it.
type keyState struct {
	first  int32 // the first holder
	roles  keyRole
	linked bool
}

type keyRole uint8

const (
	keyHas  keyRole = 1 << iota // the part has what the key names
	keyWant                     // the part looks it up
	keyBoth = keyHas | keyWant
)

// unionFind joins parts into components.
type unionFind struct {
	parent []int32
	size   []int32
}

func (u *unionFind) add() {
	u.parent = append(u.parent, int32(len(u.parent)))
	u.size = append(u.size, 1)
}

func (u *unionFind) find(x int32) int32 {
	for u.parent[x] != x {
		u.parent[x] = u.parent[u.parent[x]]
		x = u.parent[x]
	}
	return x
}

// union joins two roots; the lower part ID stays the root, so a
// component's root is its first part.
func (u *unionFind) union(a, b int32) {
	if a > b {
		a, b = b, a
	}
	u.parent[b] = a
	u.size[a] += u.size[b]
}
