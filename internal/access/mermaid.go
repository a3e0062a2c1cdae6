package access

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
)

// WriteMermaid prints v as a Mermaid flowchart (flowchart LR) for a README
// or a GitHub comment: subgraph boxes labelled with the account id (an
// account on both sides of the memory gets a box on each side); memories, execution
// roles, principals and destinations as nodes; grant edges principal →
// memory labelled with what the principal can call, and delivery edges
// memory → destination. What is denied is drawn dashed with a "✗" label
// and class broken; what an organisation guardrail (SCP, RCP, permissions
// boundary) blocks although the policies grant it is dashed purple with a
// "⛔ blocked by" label naming the blocking policy and statement; what
// depends on an undecidable condition is dashed with a "?" label and class
// unknown. Output is sorted and node ids are
// derived from sorted keys, so it is byte-stable.
func WriteMermaid(w io.Writer, v *View) error {
	g := newGraph()
	for _, m := range v.Memories {
		g.addMemory(m)
	}
	bw := bufio.NewWriter(w)
	g.write(bw)
	return bw.Flush()
}

// node is one flowchart node.
type node struct {
	id, label, shape, class, account string
	column                           int // 0 callers, 1 memories and roles, 2 destinations
}

// edge is one flowchart edge.
type edge struct {
	from, to, label, class string
}

type graph struct {
	nodes map[string]*node // by key
	ids   map[string]bool
	keys  []string // insertion order, for id allocation
	edges []edge
}

func newGraph() *graph {
	return &graph{nodes: map[string]*node{}, ids: map[string]bool{}}
}

// node returns the node for key, creating it with a safe, unique id.
func (g *graph) node(key, prefix, name, label, shape, account string) *node {
	if n := g.nodes[key]; n != nil {
		return n
	}
	id := prefix + "_" + ident(name)
	for i := 2; g.ids[id]; i++ {
		id = fmt.Sprintf("%s_%s_%d", prefix, ident(name), i)
	}
	g.ids[id] = true
	n := &node{id: id, label: label, shape: shape, account: account, column: map[string]int{"p": 0, "mem": 1, "role": 1, "dst": 2}[prefix]}
	g.nodes[key] = n
	g.keys = append(g.keys, key)
	return n
}

// ident makes s a Mermaid identifier: ASCII letters, digits and _, at most
// 40 characters. Callers prefix it, so it never starts with a digit or
// spells a keyword such as end.
func ident(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			if !strings.HasSuffix(b.String(), "_") {
				b.WriteByte('_')
			}
		}
		if b.Len() >= 40 {
			break
		}
	}
	return strings.Trim(b.String(), "_")
}

// Escape makes s safe inside a quoted Mermaid label: quotes, brackets,
// braces, pipes, angle brackets, &, # and backquotes become
// Mermaid entity codes (#quot; and #NN;), which the renderer turns back
// into the characters.
func Escape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString("#quot;")
		case '#', '[', ']', '{', '}', '|', '<', '>', '`', '&':
			fmt.Fprintf(&b, "#%d;", r)
		case '\n', '\r':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// label joins escaped lines with <br/>.
func label(lines ...string) string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = Escape(l)
	}
	return strings.Join(out, "<br/>")
}

// principalNode is the node of a grant's principal.
func (g *graph) principalNode(gr *Grant) *node {
	switch gr.Kind {
	case "public":
		return g.node("principal *", "p", "public", "anyone (*)", "stadium", "")
	case "account":
		return g.node("principal "+gr.Principal, "p", gr.Account+"_root", "account root\n"+gr.Account, "stadium", gr.Account)
	case "service":
		return g.node("principal "+gr.Principal, "p", gr.Principal, gr.Principal, "stadium", "")
	}
	n := g.node("principal "+gr.Principal, "p", gr.Account+"_"+roleName(gr.Principal), gr.Kind+"\n"+roleName(gr.Principal), "box", gr.Account)
	if n.class == "" && gr.Kind == "role" {
		n.class = "role"
	}
	return n
}

func (g *graph) addMemory(m *Memory) {
	name := m.Name
	if name == "" {
		name = "memory"
	}
	mem := g.node("memory "+m.ARN+" "+m.Name, "mem", name, "memory\n"+name, "cylinder", m.Account)
	mem.class = "memory"
	multi := len(m.ResourcePolicies) > 1
	for _, gr := range m.Grants {
		p := g.principalNode(gr)
		lines := []string{}
		e := edge{from: p.id, to: mem.id}
		switch {
		case gr.Status == StatusDenied && gr.Guardrail != "":
			// An organisation guardrail takes away what both sides grant.
			lines = append(lines, "⛔ blocked by "+gr.Guardrail)
			e.class = "blocked"
		case gr.Status == StatusDenied:
			lines = append(lines, "✗ denied: "+gr.Reason)
			e.class = "broken"
		case gr.Status == StatusUnknown:
			lines = append(lines, "? "+unknownSummary(gr))
			e.class = "unknown"
		default:
			lines = append(lines, gr.Summary)
			if gr.Identity == IdentityMissing {
				lines = append(lines, "(resource side only)")
			}
			if gr.Guardrail != "" {
				lines = append(lines, "⛔ the rest blocked by "+gr.Guardrail)
			}
		}
		if multi && gr.ResourcePolicy != "" {
			lines = append(lines, "policy "+path.Base(gr.ResourcePolicy))
		}
		e.label = label(lines...)
		g.edges = append(g.edges, e)
	}
	var role *node
	if m.ExecutionRole != "" {
		acct := ""
		if parts := strings.Split(m.ExecutionRole, ":"); len(parts) > 4 {
			acct = parts[4]
		}
		role = g.node("role "+m.ExecutionRole, "role", acct+"_"+roleName(m.ExecutionRole), "execution role\n"+roleName(m.ExecutionRole), "box", acct)
		role.class = "role"
	}
	trustDrawn := false
	for _, d := range m.Deliveries {
		dst := g.node("dest "+d.Destination, "dst", d.Service+"_"+d.Destination[strings.LastIndexAny(d.Destination, ":/")+1:], destLabel(d), "hexagon", d.Account)
		dst.class = "dest"
		if role != nil && !trustDrawn && len(d.Steps) > 0 {
			trustDrawn = true
			t := d.Steps[0]
			e := edge{from: mem.id, to: role.id, label: label("assumes")}
			switch t.Decision {
			case Denied, ExplicitDeny:
				e.class, e.label = "broken", label("✗ trust policy does not allow it")
				if t.Guardrail != "" {
					e.class, e.label = "blocked", label("⛔ assumes: blocked by "+t.Guardrail)
				}
			case Unknown:
				e.class, e.label = "unknown", label("? assumes: "+t.Detail)
			}
			g.edges = append(g.edges, e)
		}
		var acts []string
		for _, s := range d.Steps {
			if s.Step == "permission" {
				acts = append(acts, s.Action)
			}
		}
		e := edge{from: mem.id, to: dst.id}
		switch {
		case d.Status == StatusDenied && d.Guardrail != "":
			e.class, e.label = "blocked", label("⛔ blocked by "+d.Guardrail)
			dst.class = "broken"
		case d.Status == StatusDenied:
			e.class, e.label = "broken", label("✗ denied: "+d.Reason)
			dst.class = "broken"
		case d.Status == StatusUnknown:
			e.class, e.label = "unknown", label("? "+d.Reason)
		default:
			lines := []string{strings.Join(acts, ", ") + " ✓"}
			if d.Key.Encrypted {
				lines = append(lines, "key "+keyColumn(d))
			}
			e.label = label(lines...)
		}
		g.edges = append(g.edges, e)
	}
}

// unknownSummary says what an unknown grant depends on.
func unknownSummary(gr *Grant) string {
	var allowed, unknown []string
	detail := ""
	for _, c := range gr.Actions {
		switch c.Decision {
		case Allowed:
			allowed = append(allowed, shortAction(c.Action))
		case Unknown:
			unknown = append(unknown, shortAction(c.Action))
			if detail == "" {
				detail = c.Detail
			}
		}
	}
	s := fmt.Sprintf("%d actions %s", len(unknown), detail)
	if len(unknown) == 1 {
		s = unknown[0] + " " + detail
	}
	if len(allowed) > 0 {
		s = fmt.Sprintf("%d allowed; %s", len(allowed), s)
	}
	return s
}

func destLabel(d *Delivery) string {
	name := d.Destination
	noun := d.Service
	switch d.Service {
	case "s3":
		noun, name = "S3 bucket", name[strings.LastIndex(name, ":")+1:]
	case "sns":
		noun, name = "SNS topic", name[strings.LastIndex(name, ":")+1:]
	case "kinesis":
		noun, name = "Kinesis stream", strings.TrimPrefix(name[strings.LastIndex(name, ":")+1:], "stream/")
	}
	return noun + "\n" + name
}

func (g *graph) write(w *bufio.Writer) {
	fmt.Fprintln(w, "flowchart LR")
	// One box per account and column: an account that both calls the
	// memory and holds its destinations gets a box on each side, so the
	// flow reads left to right (callers → memory → destinations).
	type box struct {
		column  int
		account string
	}
	members := map[box][]*node{}
	columns := map[string]map[int]bool{}
	var boxes []box
	for _, k := range g.keys {
		n := g.nodes[k]
		b := box{n.column, n.account}
		if _, ok := members[b]; !ok {
			boxes = append(boxes, b)
		}
		members[b] = append(members[b], n)
		if columns[n.account] == nil {
			columns[n.account] = map[int]bool{}
		}
		columns[n.account][n.column] = true
	}
	slices.SortFunc(boxes, func(x, y box) int {
		return cmp.Or(cmp.Compare(x.column, y.column), cmp.Compare(x.account, y.account))
	})
	for _, b := range boxes {
		nodes := members[b]
		slices.SortFunc(nodes, func(x, y *node) int { return strings.Compare(x.id, y.id) })
		indent := "  "
		if b.account != "" {
			title, suffix := "account "+b.account, ""
			if len(columns[b.account]) > 1 {
				suffix = [...]string{"_callers", "", "_destinations"}[b.column]
				title += [...]string{" · callers", "", " · destinations"}[b.column]
			}
			fmt.Fprintf(w, "  subgraph acct_%s%s[\"%s\"]\n", ident(b.account), suffix, Escape(title))
			indent = "    "
		}
		for _, n := range nodes {
			fmt.Fprintf(w, "%s%s%s\n", indent, n.id, shape(n.shape, n.label))
		}
		if b.account != "" {
			fmt.Fprintln(w, "  end")
		}
	}
	var broken, unknown, blocked []int
	for i, e := range g.edges {
		arrow := "-->"
		if e.class != "" {
			arrow = "-.->"
		}
		fmt.Fprintf(w, "  %s %s|\"%s\"| %s\n", e.from, arrow, e.label, e.to)
		switch e.class {
		case "broken":
			broken = append(broken, i)
		case "unknown":
			unknown = append(unknown, i)
		case "blocked":
			blocked = append(blocked, i)
		}
	}
	fmt.Fprintln(w, "  classDef memory fill:#e8f0fe,stroke:#1a73e8")
	fmt.Fprintln(w, "  classDef role fill:#f3e8fd,stroke:#8430ce")
	fmt.Fprintln(w, "  classDef dest fill:#e6f4ea,stroke:#188038")
	fmt.Fprintln(w, "  classDef broken fill:#fce8e6,stroke:#d93025,stroke-dasharray:4 3")
	fmt.Fprintln(w, "  classDef unknown fill:#fef7e0,stroke:#f29900,stroke-dasharray:4 3")
	classes := map[string][]string{}
	for _, k := range g.keys {
		n := g.nodes[k]
		if n.class != "" {
			classes[n.class] = append(classes[n.class], n.id)
		}
	}
	for _, c := range []string{"memory", "role", "dest", "broken", "unknown"} {
		if ids := classes[c]; len(ids) > 0 {
			slices.Sort(ids)
			fmt.Fprintf(w, "  class %s %s\n", strings.Join(ids, ","), c)
		}
	}
	if len(broken) > 0 {
		fmt.Fprintf(w, "  linkStyle %s stroke:#d93025,color:#d93025\n", joinInts(broken))
	}
	if len(unknown) > 0 {
		fmt.Fprintf(w, "  linkStyle %s stroke:#f29900,color:#b06000\n", joinInts(unknown))
	}
	if len(blocked) > 0 {
		// Blocked by an SCP, RCP or permissions boundary: the policies
		// grant it, a guardrail takes it away.
		fmt.Fprintf(w, "  linkStyle %s stroke:#8e24aa,color:#8e24aa,stroke-width:2px\n", joinInts(blocked))
	}
}

func shape(kind, text string) string {
	label := label(strings.Split(text, "\n")...)
	switch kind {
	case "cylinder":
		return `[("` + label + `")]`
	case "stadium":
		return `(["` + label + `"])`
	case "hexagon":
		return `{{"` + label + `"}}`
	}
	return `["` + label + `"]`
}

func joinInts(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = fmt.Sprint(x)
	}
	return strings.Join(s, ",")
}
