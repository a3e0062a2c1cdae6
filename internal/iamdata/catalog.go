package iamdata

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
)

// The layout of catalog.bin is documented in gen/main.go. Nothing in it is
// compressed: strings are cut from the embedded string without copying, and
// a service costs only the building of its structs.
const magic = "IAMDATA\x04"

// catalog is the decoded header plus lazily decoded sections.
type catalog struct {
	name, version, date, license string

	services []*service          // ordered by lower(prefix)+":", i.e. by full action name
	byPrefix map[string]*service // lower-cased prefix → service
	levels   [][]string          // access levels, split: "Tagging, Write" → [Tagging Write]
	types    []string            // condition key types

	dictOnce    sync.Once
	dictSection string
	dict        *dict

	keyOnce  sync.Once
	keyBlock string
	keyTable *keyTable
}

// service is one service's entry; data decodes its block on first use.
// A sync.Once field rather than a sync.OnceValue per service spares the
// header ~1,400 closure allocations.
type service struct {
	prefix string
	cat    *catalog
	block  string
	once   sync.Once
	d      *serviceData
	done   atomic.Bool // d is set
}

type serviceData struct {
	actions   []Action       // sorted by lower-cased name
	resources []ResourceType // sorted by lower-cased name
}

// keyEntry is one condition key of the table.
type keyEntry struct {
	ConditionKey
	global bool
}

// keyTable holds every condition key, sorted by lower-cased name. The
// templated ones ("aws:ResourceTag/${TagKey}") are indexed again by the
// lower-cased text before the key's first colon; those whose service part is
// itself templated (OIDC provider keys such as
// "token.actions.${Domain}.ghe.com:actor") are in wild.
type keyTable struct {
	keys      []keyEntry
	templated map[string][]*keyEntry
	wild      []*keyEntry
}

var errCorrupt = errors.New("corrupt catalog")

// mustDecode is for lazy decoding of the embedded catalog, which
// TestEmbeddedCatalogDecodes proves sound by decoding every section.
func mustDecode(err error) {
	if err != nil {
		panic("iamdata: embedded catalog: " + err.Error())
	}
}

// dict is the word dictionary: word i is data[ends[i-1]:ends[i]].
type dict struct {
	data string
	ends []uint32
}

func (d *dict) word(i int) (string, bool) {
	if i < 0 || i >= len(d.ends) {
		return "", false
	}
	start := uint32(0)
	if i > 0 {
		start = d.ends[i-1]
	}
	return d.data[start:d.ends[i]], true
}

// words returns the word dictionary, decoding it on first use.
func (c *catalog) words() *dict {
	c.dictOnce.Do(func() {
		d, err := decodeDict(c.dictSection)
		mustDecode(err)
		c.dict = d
	})
	return c.dict
}

// keys returns the condition key table, decoding it on first use.
func (c *catalog) keys() *keyTable {
	c.keyOnce.Do(func() {
		kt, err := decodeKeys(c.types, c.keyBlock)
		mustDecode(err)
		c.keyTable = kt
	})
	return c.keyTable
}

// data returns the service's actions and resource types, decoding its block
// on first use.
func (s *service) data() *serviceData {
	s.once.Do(func() {
		d, err := decodeService(s.cat.levels, s.cat.words(), s.cat.keys(), s.prefix, s.block)
		mustDecode(err)
		s.d = d
		s.done.Store(true)
	})
	return s.d
}

// decodeAll decodes data completely, without caching between calls: the
// cost of loading the full catalog, and a check that every section is sound.
func decodeAll(data string) (*catalog, error) {
	c, err := parse(data)
	if err != nil {
		return nil, err
	}
	var derr error
	c.dictOnce.Do(func() { c.dict, derr = decodeDict(c.dictSection) })
	c.keyOnce.Do(func() {
		if derr == nil {
			c.keyTable, derr = decodeKeys(c.types, c.keyBlock)
		}
	})
	if derr != nil {
		return nil, derr
	}
	errs := make([]error, len(c.services))
	decodeParallel(c.services, func(i int, s *service) {
		s.once.Do(func() {
			s.d, errs[i] = decodeService(c.levels, c.dict, c.keyTable, s.prefix, s.block)
			s.done.Store(errs[i] == nil)
		})
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return c, nil
}

// decodeParallel calls decode for every service, spread over GOMAXPROCS
// goroutines: blocks are independent, so a full decode (MatchActions("*"))
// takes a fraction of the time on a multi-core machine.
func decodeParallel(ss []*service, decode func(i int, s *service)) {
	n := min(runtime.GOMAXPROCS(0), len(ss)/8)
	if n <= 1 {
		for i, s := range ss {
			decode(i, s)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(ss) {
					return
				}
				decode(i, ss[i])
			}
		})
	}
	wg.Wait()
}

// parse decodes the header of data; the other sections are decoded on
// first use.
func parse(data string) (*catalog, error) {
	if !strings.HasPrefix(data, magic) {
		return nil, fmt.Errorf("%w: bad magic", errCorrupt)
	}
	r := &reader{b: data, off: len(magic)}
	c := &catalog{name: r.str(), version: r.str(), date: r.str(), license: r.str()}
	c.levels = make([][]string, r.count())
	for i := range c.levels {
		c.levels[i] = strings.Split(r.str(), ", ")
	}
	c.types = make([]string, r.count())
	for i := range c.types {
		c.types[i] = r.str()
	}
	c.dictSection = r.str()
	keyLen := r.count()
	n := r.count()
	c.services = make([]*service, n)
	c.byPrefix = make(map[string]*service, n)
	backing := make([]service, n)
	lens := make([]int, n)
	for i := range n {
		s := &backing[i]
		s.prefix, s.cat = r.str(), c
		lens[i] = r.count()
		c.services[i] = s
		c.byPrefix[s.prefix] = s
	}
	c.keyBlock = r.take(keyLen)
	for i, l := range lens {
		backing[i].block = r.take(l)
	}
	if err := r.done(); err != nil {
		return nil, err
	}
	return c, nil
}

// decodeDict reads the dictionary section: count, every length, the words.
func decodeDict(section string) (*dict, error) {
	r := &reader{b: section}
	ends := make([]uint32, r.count())
	end := 0
	for i := range ends {
		if end += r.count(); end > len(section) {
			r.fail("word length")
			break
		}
		ends[i] = uint32(end)
	}
	d := &dict{data: r.take(end), ends: ends}
	if err := r.done(); err != nil {
		return nil, fmt.Errorf("dictionary: %w", err)
	}
	return d, nil
}

// decodeService decodes a block written by encodeService in gen/main.go.
// Strings are dictionary words or cut from one buffer sized by the block's
// prologue, slices from shared backing arrays: a handful of allocations per
// service.
func decodeService(levels [][]string, dict *dict, kt *keyTable, prefix string, block string) (*serviceData, error) {
	r := &reader{b: block, dict: dict, serviceARN: "arn:${Partition}:" + prefix + ":${Region}:${Account}:"}
	nameBytes, arnBytes, nRefs, nKeyRefs := r.size(), r.size(), r.count(), r.count()
	r.buf.Grow(nameBytes + arnBytes)
	r.list = make([]string, 0, nKeyRefs)
	r.localKeys(kt)

	d := &serviceData{resources: make([]ResourceType, r.count())}
	var arns []string // shared backing array for ARNFormats
	for i := range d.resources {
		rt := &d.resources[i]
		rt.Service, rt.Name = prefix, r.text()
		if n := r.count(); n > 0 {
			start := len(arns)
			for range n {
				arns = append(arns, r.text())
			}
			rt.ARNFormats = arns[start:len(arns):len(arns)]
		}
		rt.ConditionKeys = r.keyList()
	}

	d.actions = make([]Action, r.count())
	refs := make([]ResourceRef, 0, nRefs) // shared backing array for Action.Resources
	for i := range d.actions {
		a := &d.actions[i]
		a.Service, a.Name = prefix, r.text()
		v := r.uint()
		if lvl := v & 15; lvl < len(levels) {
			a.AccessLevels = levels[lvl]
			a.AccessLevel = a.AccessLevels[0]
		} else {
			r.fail("access level")
		}
		if n := v >> 4; n > 0 {
			// Each reference takes at least one byte: a count beyond the
			// bytes left is corrupt (it grew refs without bound).
			if n > len(r.b)-r.off {
				r.fail("reference count")
				break
			}
			start := len(refs)
			for range n {
				v := r.uint()
				if r.err != nil {
					break
				}
				idx := v >> 2
				if idx >= len(d.resources) {
					r.fail("resource index")
					break
				}
				ref := ResourceRef{Type: d.resources[idx].Name, Required: v&2 != 0}
				if v&1 != 0 {
					ref.ConditionKeys = r.keyList()
				}
				refs = append(refs, ref)
			}
			a.Resources = refs[start:len(refs):len(refs)]
		}
		a.ConditionKeys = r.keyList()
		if r.err != nil {
			break
		}
	}
	if err := r.done(); err != nil {
		return nil, fmt.Errorf("service %s: %w", prefix, err)
	}
	return d, nil
}

// decodeKeys decodes the block written by encodeKeys in gen/main.go.
func decodeKeys(types []string, block string) (*keyTable, error) {
	r := &reader{b: block}
	r.buf.Grow(r.size())
	kt := &keyTable{keys: make([]keyEntry, r.count())}
	prev := ""
	for i := range kt.keys {
		shared := r.uint()
		if shared > len(prev) {
			r.fail("shared prefix")
			break
		}
		start := r.buf.Len()
		r.buf.WriteString(prev[:shared])
		r.buf.WriteString(r.str())
		kt.keys[i].Name = r.buf.String()[start:]
		prev = kt.keys[i].Name
	}
	for i := range kt.keys {
		v := r.uint()
		if v>>1 >= len(types) {
			r.fail("key type")
			break
		}
		kt.keys[i].Type, kt.keys[i].global = types[v>>1], v&1 != 0
	}
	if err := r.done(); err != nil {
		return nil, fmt.Errorf("condition keys: %w", err)
	}
	kt.templated = map[string][]*keyEntry{}
	for i := range kt.keys {
		e := &kt.keys[i]
		if !isTemplate(e.Name) {
			continue
		}
		svc, _, _ := strings.Cut(e.Name, ":")
		if isTemplate(svc) {
			kt.wild = append(kt.wild, e)
		} else {
			svc = asciiLower(svc)
			kt.templated[svc] = append(kt.templated[svc], e)
		}
	}
	return kt, nil
}

// reader reads varints, strings, texts and key references from a section
// of the embedded string. The first error sticks; later reads return zero
// values.
type reader struct {
	b   string
	off int
	err error

	dict       *dict           // word dictionary, for text
	serviceARN string          // word 0 of a text
	buf        strings.Builder // holds the texts of more than one word
	keys       []string        // the block's local key table, for keyList
	list       []string        // shared backing array keyList slices are cut from
}

func (r *reader) fail(what string) {
	if r.err == nil {
		r.err = fmt.Errorf("%w: %s at offset %d", errCorrupt, what, r.off)
	}
	r.off = len(r.b)
}

// done reports the first error, or one if bytes are left over.
func (r *reader) done() error {
	if r.err == nil && r.off != len(r.b) {
		r.err = fmt.Errorf("%w: %d trailing bytes", errCorrupt, len(r.b)-r.off)
	}
	return r.err
}

func (r *reader) uint() int {
	var v uint64
	for shift := 0; ; shift += 7 {
		if r.off >= len(r.b) || shift > 35 {
			r.fail("varint")
			return 0
		}
		c := r.b[r.off]
		r.off++
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return int(v)
		}
	}
}

// count reads a length or number of items; each takes at least one byte,
// which bounds allocations on corrupt input.
func (r *reader) count() int {
	n := r.uint()
	if n > len(r.b)-r.off {
		r.fail("count")
		return 0
	}
	return n
}

// size reads a byte total used only as a capacity hint, capped so that
// corrupt input cannot ask for a huge buffer (the largest real one is
// under 100 kB).
func (r *reader) size() int {
	n := r.uint()
	if n > 1<<20 {
		r.fail("size")
		return 0
	}
	return n
}

// take returns the next n bytes.
func (r *reader) take(n int) string {
	if n > len(r.b)-r.off {
		r.fail("length")
		return ""
	}
	s := r.b[r.off : r.off+n]
	r.off += n
	return s
}

func (r *reader) str() string { return r.take(r.count()) }

// text reads a word count and word references (0: the service's ARN
// prefix, else 1 + a dictionary index). A one-word text is the word itself;
// longer ones are joined in r.buf and cut from it.
func (r *reader) text() string {
	word := func() string {
		i := r.uint()
		if i == 0 {
			return r.serviceARN
		}
		w, ok := r.dict.word(i - 1)
		if !ok {
			r.fail("word index")
		}
		return w
	}
	n := r.count()
	if n == 1 {
		return word()
	}
	start := r.buf.Len()
	for range n {
		w := word()
		if r.err != nil {
			return ""
		}
		r.buf.WriteString(w)
	}
	// Builder.String does not copy; the view stays valid as the buffer
	// grows, which its prologue-sized capacity avoids anyway.
	return r.buf.String()[start:]
}

// localKeys reads the block's key table: key-table indices as deltas.
func (r *reader) localKeys(kt *keyTable) {
	r.keys = make([]string, r.count())
	gi := 0
	for i := range r.keys {
		gi += r.uint()
		if gi >= len(kt.keys) {
			r.fail("key index")
			return
		}
		r.keys[i] = kt.keys[gi].Name
	}
}

// keyList reads a list of local key references; empty lists are nil.
func (r *reader) keyList() []string {
	n := r.count()
	if n == 0 {
		return nil
	}
	start := len(r.list)
	for range n {
		i := r.uint()
		if i >= len(r.keys) {
			r.fail("key index")
			return nil
		}
		r.list = append(r.list, r.keys[i])
	}
	return r.list[start:len(r.list):len(r.list)]
}
