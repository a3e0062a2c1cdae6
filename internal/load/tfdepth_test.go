package load

import (
	"fmt"
	"strings"
	"testing"
)

// deepPlan is a Terraform plan whose modules nest depth levels, with a trust
// policy resource in the deepest module: in planned_values alone, or in
// resource_changes with the configuration nested alike.
func deepPlan(depth int, changes bool) string {
	addr := strings.Repeat("module.m.", depth) + "aws_iam_role.r"
	role := `{"address": "` + addr + `", "mode": "managed", "type": "aws_iam_role", "name": "r", "values": {"name": "r", "assume_role_policy": "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"Service\": \"bedrock-agentcore.amazonaws.com\"}, \"Action\": \"sts:AssumeRole\"}]}"}}`
	if !changes {
		mod := `{"resources": [` + role + `]}`
		for i := depth; i > 0; i-- {
			mod = fmt.Sprintf(`{"address": "%s", "child_modules": [%s]}`, strings.TrimSuffix(strings.Repeat("module.m.", i), "."), mod)
		}
		return `{"format_version": "1.2", "planned_values": {"root_module": ` + strings.Replace(mod, `{"address": "module.m", `, `{`, 1) + `}}`
	}
	cfg := `{"resources": [{"address": "aws_iam_role.r", "expressions": {"name": {"references": ["var.n"]}}}]}`
	for i := 0; i < depth; i++ {
		cfg = `{"module_calls": {"m": {"module": ` + cfg + `}}}`
	}
	rc := strings.Replace(role, `"values": {`, `"change": {"after": {`, 1) + `}`
	return `{"format_version": "1.2", "resource_changes": [` + rc + `], "configuration": {"root_module": ` + cfg + `}}`
}

// TestTFPlanDeepModules checks that modules nested beyond the limit are
// noted, not dropped silently, and that a plan at the limit is read whole.
func TestTFPlanDeepModules(t *testing.T) {
	for _, changes := range []bool{false, true} {
		m, _ := loadFiles(t, map[string]string{"plan.json": deepPlan(40, changes)}, Options{})
		notes := strings.Join(m.Notes, "\n")
		if !strings.Contains(notes, "is nested more than 32 levels deep") {
			t.Errorf("changes=%v: 40 levels: no note in %q", changes, notes)
		}
		if strings.Count(notes, "nested more than") != 1 {
			t.Errorf("changes=%v: want one note, got %q", changes, notes)
		}
		if !changes && len(m.Policies) != 0 {
			t.Errorf("40 levels: %d policies read from planned_values", len(m.Policies))
		}
		m, _ = loadFiles(t, map[string]string{"plan.json": deepPlan(32, changes)}, Options{})
		if len(m.Notes) != 0 || len(m.Policies) != 1 {
			t.Errorf("changes=%v: 32 levels: notes %q, %d policies; want none and the trust policy", changes, m.Notes, len(m.Policies))
		}
	}
}
