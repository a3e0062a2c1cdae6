package load

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/memlint/memlint/internal/termsafe"
)

// What memlint fetch writes beside a snapshot's manifest, and the status it
// records for a document it could not read (internal/fetch uses these).
const (
	ProvenanceFile     = "provenance.json"
	ProvenanceNotReady = "not readable"
)

// provenance notes every document a snapshot's fetch could not read
// (access denied, throttled past its retries), from the provenance.json
// memlint fetch writes beside the manifest in dir: memlint has nothing of
// such a document to check, and a run over the snapshot must not let that
// pass for "no findings". A destination policy is also ML408 through the
// manifest's policy_status; any other document (a memory's resource policy,
// a role's trust or permission policy) is said here. A directory without
// the file is not a snapshot, and one with a file of another shape is not
// memlint's: nothing is said.
func (l *loader) provenance(dir string) {
	p := filepath.Join(dir, ProvenanceFile)
	if st, err := os.Stat(p); err != nil || !st.Mode().IsRegular() {
		return
	}
	if out, _ := l.bound.outside(p); out {
		return
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return
	}
	var prov struct {
		Tool      string `json:"tool"`
		Documents []struct {
			Status   string `json:"status"`
			Reason   string `json:"reason"`
			Call     string `json:"call"`
			Resource string `json:"resource"`
		} `json:"documents"`
	}
	if json.Unmarshal(data, &prov) != nil || prov.Tool != "memlint fetch" {
		return
	}
	name := cleanPath(p)
	for _, d := range prov.Documents {
		if d.Status != ProvenanceNotReady {
			continue
		}
		l.m.Notes = append(l.m.Notes, termsafe.Line(fmt.Sprintf("%s: %s of %s could not be read when the snapshot was fetched (%s); memlint checked nothing of it.",
			name, d.Call, d.Resource, d.Reason)))
	}
}
