package difftest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
)

// KnownCase is one entry of known.json: a known difference with its shrunk
// case and both sides' answers to it.
type KnownCase struct {
	ID        string  `json:"id"`
	Memlint   string  `json:"memlint"`
	Simulator string  `json:"simulator"`
	Quote     string  `json:"quote"`
	URL       string  `json:"url"`
	Case      *Case   `json:"case"`
	Answers   Answers `json:"answers"`
}

// Answers are the two sides' outcomes for a KnownCase.
type Answers struct {
	Memlint   Outcome `json:"memlint"`
	Simulator Outcome `json:"simulator"`
}

// KnownPath is the path of known.json beside this package's sources.
func KnownPath() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "known.json")
}

// ReadKnown reads known.json.
func ReadKnown(path string) ([]KnownCase, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []KnownCase
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}

// WriteKnown writes known.json, one entry a known difference in Known's
// order.
func WriteKnown(path string, cases []KnownCase) error {
	b, err := json.MarshalIndent(cases, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// entry returns the KnownCase for k with case c and its answers.
func (k KnownDifference) entry(c *Case, s Outcome) KnownCase {
	return KnownCase{ID: k.ID, Memlint: k.Memlint, Simulator: k.Simulator, Quote: k.Quote, URL: k.URL, Case: c,
		Answers: Answers{Memlint: Memlint(c), Simulator: s}}
}
