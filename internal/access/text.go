package access

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/memlint/memlint/internal/model"
	"github.com/memlint/memlint/internal/termsafe"
)

// codes abbreviates Actions for the table's column heads.
var codes = []string{"CE", "GE", "DE", "LE", "LA", "LS", "GR", "LR", "RR", "DR", "BC", "BU", "BD", "LJ", "SJ"}

// mark is a decision's table symbol.
func mark(d Decision) string {
	switch d {
	case Allowed:
		return "✓"
	case ExplicitDeny:
		return "✗"
	case Unknown:
		return "?"
	}
	return "·"
}

// WriteText prints v as a table readable in a terminal: per memory, one
// row per principal and one column per data-plane action, then one row per
// delivery destination, with the reasons for what is denied or unknown.
func WriteText(w io.Writer, v *View) error {
	bw := bufio.NewWriter(w)
	if len(v.Memories) == 0 {
		fmt.Fprintln(bw, "No memories found.")
	}
	for i, m := range v.Memories {
		if i > 0 {
			fmt.Fprintln(bw)
		}
		writeMemory(bw, m)
	}
	fmt.Fprintln(bw)
	fmt.Fprintln(bw, "✓ allowed  · denied  ✗ explicitly denied  ? depends on a condition memlint cannot decide")
	var legend []string
	for i, a := range Actions {
		legend = append(legend, codes[i]+" "+shortAction(a))
	}
	for i := 0; i < len(legend); i += 5 {
		fmt.Fprintln(bw, strings.Join(legend[i:min(i+5, len(legend))], "  "))
	}
	return bw.Flush()
}

func writeMemory(w *bufio.Writer, m *Memory) {
	name := m.Name
	if name == "" {
		name = "(unnamed)"
	}
	where := []string{}
	if m.Account != "" {
		where = append(where, "account "+m.Account)
	}
	if m.Region != "" {
		where = append(where, m.Region)
	}
	printf(w, "memory %s", name)
	if len(where) > 0 {
		printf(w, " (%s)", strings.Join(where, ", "))
	}
	fmt.Fprintln(w)
	if m.ARN != "" {
		printf(w, "  %s\n", m.ARN)
	}
	for _, n := range m.Notes {
		printf(w, "  note: %s\n", n)
	}
	policies := append([]string{}, m.ResourcePolicies...)
	if len(policies) == 0 {
		policies = []string{""}
	}
	for _, p := range policies {
		var gs []*Grant
		for _, g := range m.Grants {
			if g.ResourcePolicy == p {
				gs = append(gs, g)
			}
		}
		if p == "" && len(gs) == 0 {
			if m.ARN != "" {
				fmt.Fprintln(w, "\n  data plane: no resource policy supplied and no known identity policy reaches this memory")
			}
			continue
		}
		if p == "" {
			fmt.Fprintln(w, "\n  data plane (no resource policy supplied)")
		} else {
			printf(w, "\n  data plane, resource policy %s\n", p)
		}
		if len(gs) == 0 {
			fmt.Fprintln(w, "    the policy grants no principal memlint can evaluate")
			continue
		}
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		printf(tw, "    PRINCIPAL\tACCOUNT\tSIDES\t%s\tALLOWED\n", strings.Join(codes, " "))
		for _, g := range gs {
			marks := make([]string, len(g.Actions))
			for i, c := range g.Actions {
				marks[i] = mark(c.Decision) + " "
			}
			acct := g.Account
			if acct == "" {
				acct = "-"
			}
			printf(tw, "    %s\t%s\t%s\t%s\t%s\n", g.Principal, acct, sides(g), strings.Join(marks, " "), g.Summary)
		}
		tw.Flush()
		for _, g := range gs {
			if g.Reach != "" && g.Reach != map[string]string{model.ClassPublic: "public", model.ClassAccount: "account " + g.Account}[g.Kind] {
				printf(w, "    note: %s reaches %s (after the statements' conditions and the policy's Denies)\n", g.Principal, g.Reach)
			}
			if g.Reason != "" {
				printf(w, "    %s: nothing allowed: %s\n", g.Principal, g.Reason)
			}
			// Allowed actions scoped to request values are said once per
			// scope, as a note: the guide's recommended shape, not a doubt.
			var scopes []string
			scoped := map[string][]string{}
			for _, c := range g.Actions {
				switch {
				case c.Decision == Unknown || c.Decision == ExplicitDeny || c.Guardrail != "":
					printf(w, "    %s %s %s: %s\n", mark(c.Decision), g.Principal, shortAction(c.Action), c.Detail)
				case c.Decision == Allowed && c.Detail != "":
					if scoped[c.Detail] == nil {
						scopes = append(scopes, c.Detail)
					}
					scoped[c.Detail] = append(scoped[c.Detail], shortAction(c.Action))
				}
			}
			for _, d := range scopes {
				printf(w, "    note: %s %s only %s\n", g.Principal, strings.Join(scoped[d], ", "), d)
			}
		}
	}
	if len(m.Deliveries) == 0 {
		return
	}
	printf(w, "\n  deliveries, execution role %s\n", m.ExecutionRole)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "    SERVICE\tDESTINATION\tACCOUNT\tTRUST\tPERMISSIONS\tKEY\tRESULT")
	for _, d := range m.Deliveries {
		acct := d.Account
		if acct == "" {
			acct = "-"
		}
		trust, perms := "-", []string{}
		for _, s := range d.Steps {
			switch s.Step {
			case "trust":
				trust = mark(s.Decision)
			case "permission":
				perms = append(perms, s.Action+" "+mark(s.Decision))
			}
		}
		if len(perms) == 0 {
			perms = []string{"-"}
		}
		printf(tw, "    %s\t%s\t%s\t%s\t%s\t%s\t%s\n", d.Service, d.Destination, acct, trust, strings.Join(perms, ", "), keyColumn(d), deliveryWord(d.Status))
	}
	tw.Flush()
	for _, d := range m.Deliveries {
		if d.Reason != "" {
			printf(w, "    %s %s: %s\n", mark(statusDecision(d.Status)), d.Destination, d.Reason)
		}
	}
}

// sides says which policy sides a grant row rests on.
func sides(g *Grant) string {
	if g.Identity == IdentityMissing {
		return "resource side only"
	}
	if g.ResourcePolicy == "" {
		return "identity side only"
	}
	return "both sides"
}

func deliveryWord(status string) string {
	switch status {
	case StatusAllowed:
		return "delivers"
	case StatusUnknown:
		return "unknown"
	}
	return "BROKEN"
}

func statusDecision(status string) Decision {
	switch status {
	case StatusAllowed:
		return Allowed
	case StatusUnknown:
		return Unknown
	}
	return ExplicitDeny
}

// keyColumn is a delivery's KEY cell: "-" when the destination is not
// encrypted with KMS; the AWS managed key's alias with its mark; else each
// KMS action delivery needs with its mark.
func keyColumn(d *Delivery) string {
	if !d.Key.Encrypted {
		return "-"
	}
	var cells []string
	for _, s := range d.Steps {
		if s.Step != "key" {
			continue
		}
		if d.Key.AWSManaged {
			return d.Key.Key + " " + mark(s.Decision)
		}
		cells = append(cells, s.Action+" "+mark(s.Decision))
	}
	if len(cells) == 0 {
		return d.Key.Key
	}
	return strings.Join(cells, ", ")
}

// printf is fmt.Fprintf with every string argument escaped for a terminal:
// principals, ARNs, names and notes come from the input, and a control
// character in one (ESC, BEL, CR, a line feed) must not reach the terminal.
func printf(w io.Writer, format string, args ...any) {
	for i, a := range args {
		if s, ok := a.(string); ok {
			args[i] = termsafe.Line(s)
		}
	}
	fmt.Fprintf(w, format, args...)
}
