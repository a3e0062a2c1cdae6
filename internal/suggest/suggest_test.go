package suggest_test

import (
	"testing"

	"github.com/memlint/memlint/internal/suggest"
)

func TestClosest(t *testing.T) {
	t.Parallel()
	cmds := []string{"check", "access", "rules", "explain", "version", "completion", "init"}
	for _, tc := range []struct{ word, want string }{
		{"chekc", "check"},
		{"chek", "check"},
		{"CHECK", "check"},
		{"acess", "access"},
		{"explian", "explain"},
		{"vers", "version"}, // a prefix of one command
		{"compleshun", "completion"},
		{"zzzzzz", ""},          // too far
		{"x", ""},               // too short to guess
		{"lint-everything", ""}, // nothing near
		{"e", ""},               // a prefix of two
		{"", ""},
	} {
		if got := suggest.Closest(tc.word, cmds); got != tc.want {
			t.Errorf("Closest(%q) = %q, want %q", tc.word, got, tc.want)
		}
	}
	keys := []string{"rule", "path", "resource", "sid", "reason", "expires"}
	if got := suggest.DidYouMean("resons", keys); got != " (did you mean reason?)" {
		t.Errorf("DidYouMean(resons) = %q", got)
	}
	if got := suggest.DidYouMean("zzz", keys); got != "" {
		t.Errorf("DidYouMean(zzz) = %q", got)
	}
}
