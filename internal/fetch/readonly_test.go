package fetch

import (
	"context"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/bedrockagentcorecontrol"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// sdkClients are the clients of every SDK service package the fetcher
// imports (TestReadOnlyStatic fails on an import it does not list).
var sdkClients = map[string]any{
	"bedrockagentcorecontrol": &bedrockagentcorecontrol.Client{},
	"cloudtrail":              &cloudtrail.Client{},
	"iam":                     &iam.Client{},
	"s3":                      &s3.Client{},
	"sns":                     &sns.Client{},
	"kinesis":                 &kinesis.Client{},
	"sts":                     &sts.Client{},
}

// TestReadOnlyStatic enumerates every SDK operation the package's code can
// invoke: each client method, operation input type or paginator it names
// (the operations of each client are taken from the client type itself,
// so a new one is seen), plus sts:AssumeRole, which the SDK's
// stscreds provider calls. Every one must be read-only, and the list is
// the one the documentation gives.
func TestReadOnlyStatic(t *testing.T) {
	ops := map[string]bool{} // every operation of every client
	for _, c := range sdkClients {
		rt := reflect.TypeOf(c)
		for i := range rt.NumMethod() {
			if name := rt.Method(i).Name; name != "Options" {
				ops[name] = true
			}
		}
	}
	files, _ := filepath.Glob("*.go")
	fset := token.NewFileSet()
	used := map[string]bool{}
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			p := strings.Trim(imp.Path.Value, `"`)
			if svc, ok := strings.CutPrefix(p, "github.com/aws/aws-sdk-go-v2/service/"); ok && !strings.Contains(svc, "/") {
				if sdkClients[svc] == nil {
					t.Errorf("%s imports %s, which this test does not enumerate", file, p)
				}
			}
			if p == "github.com/aws/aws-sdk-go-v2/credentials/stscreds" {
				used["AssumeRole"] = true
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			name := sel.Sel.Name
			for _, cut := range []func(string) (string, bool){
				func(s string) (string, bool) { return strings.CutSuffix(s, "Input") },
				func(s string) (string, bool) {
					s, ok := strings.CutPrefix(s, "New")
					if !ok {
						return s, false
					}
					return strings.CutSuffix(s, "Paginator")
				},
				func(s string) (string, bool) { return s, true },
			} {
				if op, ok := cut(name); ok && ops[op] {
					used[op] = true
				}
			}
			return true
		})
	}
	var got, bad []string
	for op := range used {
		got = append(got, op)
		if !ReadOnly(op) {
			bad = append(bad, op)
		}
	}
	slices.Sort(got)
	if len(bad) > 0 {
		t.Errorf("the fetcher can call operations that are not read-only: %v", bad)
	}
	want := []string{"AssumeRole", "GetBucketPolicy", "GetCallerIdentity", "GetMemory", "GetPolicy", "GetPolicyVersion",
		"GetQueryResults", "GetResourcePolicy", "GetRole", "GetRolePolicy", "GetTopicAttributes", "ListAttachedRolePolicies", "ListMemories", "ListRolePolicies",
		"LookupEvents", "StartQuery"}
	if !slices.Equal(got, want) {
		t.Errorf("operations the fetcher can call:\n got %v\nwant %v\n(update the list here and in README.md)", got, want)
	}
}

func TestReadOnly(t *testing.T) {
	for op, want := range map[string]bool{
		"GetMemory": true, "ListMemories": true, "DescribeStreamSummary": true, "GetCallerIdentity": true, "AssumeRole": true,
		"PutResourcePolicy": false, "DeleteMemory": false, "CreateMemory": false, "UpdateMemory": false, "Get": false,
		"Getaway": false, "AssumeRoleWithWebIdentity": false, "TagResource": false, "PutBucketPolicy": false,
		"LookupEvents": true, "StartQuery": true, "GetQueryResults": true, "CancelQuery": false, "PutEventSelectors": false, "StopLogging": false,
	} {
		if got := ReadOnly(op); got != want {
			t.Errorf("ReadOnly(%q) = %v, want %v", op, got, want)
		}
	}
}

// TestReadOnlyGuard: a client built the way the fetcher builds them
// refuses a write before anything is sent.
func TestReadOnlyGuard(t *testing.T) {
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { requests.Add(1) }))
	defer srv.Close()
	t.Setenv("AWS_ENDPOINT_URL", srv.URL)
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIAMEMLINTTESTKEY01")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "memlint-test-secret-never-printed")
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	ctx := context.Background()
	cfg, err := baseConfig(ctx, &Options{}, "")
	if err != nil {
		t.Fatal(err)
	}
	_, err = newS3(cfg, "us-east-1").DeleteBucketPolicy(ctx, &s3.DeleteBucketPolicyInput{Bucket: aws.String("b")})
	if !errors.Is(err, errNotReadOnly) {
		t.Errorf("DeleteBucketPolicy: %v, want %v", err, errNotReadOnly)
	}
	_, err = newAgentCore(cfg, "us-east-1").PutResourcePolicy(ctx, &bedrockagentcorecontrol.PutResourcePolicyInput{ResourceArn: aws.String(memory1), Policy: aws.String("{}")})
	if !errors.Is(err, errNotReadOnly) {
		t.Errorf("PutResourcePolicy: %v, want %v", err, errNotReadOnly)
	}
	if n := requests.Load(); n != 0 {
		t.Errorf("%d requests reached the server", n)
	}
	// A read goes through.
	newS3(cfg, "us-east-1").GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: aws.String("b")})
	if requests.Load() == 0 {
		t.Error("a read was refused")
	}
}
