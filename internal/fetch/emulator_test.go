package fetch

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/middleware"
)

// The tests run the real SDK clients against moto (python3 -m
// moto.server), through a proxy that answers some requests from the
// responses under fixtures/live instead: what moto does not serve (memory
// strategy configuration and stream delivery, AgentCore resource
// policies) and faults (access denied, throttling, pagination).
//
// .ci/run starts moto and sets MEMLINT_MOTO_ENDPOINT; without it the tests
// start their own, and skip when moto is not installed.

var (
	motoURL string
	// calls records every operation the fetcher's clients invoked in this
	// package's tests (TestMain checks each is read-only).
	callsMu sync.Mutex
	calls   = map[string]bool{}
)

// recordCalls is added to the fetcher's middleware in every test.
var recordCalls = func(s *middleware.Stack) error {
	return s.Initialize.Add(middleware.InitializeMiddlewareFunc("testRecord",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			callsMu.Lock()
			calls[middleware.GetServiceID(ctx)+" "+middleware.GetOperationName(ctx)] = true
			callsMu.Unlock()
			return next.HandleInitialize(ctx, in)
		}), middleware.Before)
}

// motoOnce starts (or finds) moto when a test first needs it: fuzzing
// workers and tests without the emulator start nothing.
var (
	motoOnce sync.Once
	motoStop = func() {}
)

func TestMain(m *testing.M) {
	code := m.Run()
	motoStop()
	if code == 0 && motoURL != "" {
		// The read-only test's dynamic half: every operation the fetcher
		// called in these tests is read-only.
		var bad []string
		for c := range calls {
			if !ReadOnly(c[strings.LastIndex(c, " ")+1:]) {
				bad = append(bad, c)
			}
		}
		slices.Sort(bad)
		// With -run some tests may call nothing; the whole suite must.
		whole := flag.Lookup("test.run").Value.String() == ""
		if whole && len(calls) == 0 || len(bad) > 0 {
			fmt.Fprintf(os.Stderr, "fetcher operations: %d recorded; not read-only: %v\n", len(calls), bad)
			code = 1
		}
	}
	os.Exit(code)
}

// startMoto finds or starts the emulator and returns how to stop it.
func startMoto() func() {
	if u := os.Getenv("MEMLINT_MOTO_ENDPOINT"); u != "" {
		motoURL = u
		return func() {}
	}
	if exec.Command("python3", "-c", "import moto.server").Run() != nil {
		return func() {}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return func() {}
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	cmd := exec.Command("python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", fmt.Sprint(port))
	if err := cmd.Start(); err != nil {
		return func() {}
	}
	u := fmt.Sprintf("http://127.0.0.1:%d", port)
	for range 300 {
		if resp, err := http.Get(u + "/moto-api/"); err == nil {
			resp.Body.Close()
			motoURL = u
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	return func() { cmd.Process.Kill(); cmd.Wait() }
}

// emulator is moto behind the fault-injecting proxy, reset for one test.
type emulator struct {
	t     *testing.T
	URL   string
	mu    sync.Mutex
	rules []*rule
}

// rule answers the requests match selects with status and the body of a
// file under fixtures/live, times times (0: always).
type rule struct {
	match  func(op operation) bool
	status int
	file   string
	times  int
	used   int
}

// operation is what the proxy knows of a request.
type operation struct {
	service, name, path, body string
	header                    http.Header
}

func newEmulator(t *testing.T) *emulator {
	t.Helper()
	motoOnce.Do(func() { motoStop = startMoto() })
	if motoURL == "" {
		t.Skip("moto is not installed (python3 -m moto.server); .ci/run installs and starts it")
	}
	resp, err := http.Post(motoURL+"/moto-api/reset", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	target, _ := url.Parse(motoURL)
	e := &emulator{t: t}
	proxy := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		op := identify(r, body)
		if ru := e.answer(op); ru != nil {
			data, err := os.ReadFile(filepath.Join(root, "fixtures", "live", ru.file))
			if err != nil {
				t.Error(err)
				w.WriteHeader(500)
				return
			}
			if strings.HasPrefix(strings.TrimSpace(string(data)), "<") {
				w.Header().Set("Content-Type", "text/xml")
			} else {
				w.Header().Set("Content-Type", "application/json")
			}
			w.WriteHeader(ru.status)
			w.Write(data)
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	e.URL = srv.URL
	for _, k := range []string{"AWS_PROFILE", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ENDPOINT_URL_BEDROCK_AGENTCORE_CONTROL"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	t.Setenv("AWS_ENDPOINT_URL", srv.URL)
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIAMEMLINTTESTKEY01")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "memlint-test-secret-never-printed")
	t.Setenv("AWS_SESSION_TOKEN", "")
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	return e
}

// on adds a rule.
func (e *emulator) on(match func(op operation) bool, status int, file string, times int) {
	e.mu.Lock()
	e.rules = append(e.rules, &rule{match: match, status: status, file: file, times: times})
	e.mu.Unlock()
}

func (e *emulator) answer(op operation) *rule {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, r := range e.rules {
		if r.match(op) && (r.times == 0 || r.used < r.times) {
			r.used++
			return r
		}
	}
	return nil
}

var scopeRE = regexp.MustCompile(`Credential=[^/]+/[^/]+/[^/]+/([^/]+)/`)

// identify tells a request's service (its signing name) and operation.
func identify(r *http.Request, body []byte) operation {
	op := operation{path: r.URL.Path, body: string(body), header: r.Header}
	if m := scopeRE.FindStringSubmatch(r.Header.Get("Authorization")); m != nil {
		op.service = m[1]
	}
	if t := r.Header.Get("X-Amz-Target"); t != "" {
		op.name = t[strings.LastIndex(t, ".")+1:]
		return op
	}
	if form, err := url.ParseQuery(string(body)); err == nil && form.Get("Action") != "" {
		op.name = form.Get("Action")
		return op
	}
	switch {
	case op.service == "s3" && r.URL.Query().Has("policy") && r.Method == http.MethodGet:
		op.name = "GetBucketPolicy"
	case op.service == "bedrock-agentcore" && strings.HasSuffix(r.URL.Path, "/details"):
		op.name = "GetMemory"
	case op.service == "bedrock-agentcore" && strings.HasPrefix(r.URL.Path, "/resourcepolicy/") && r.Method == http.MethodGet:
		op.name = "GetResourcePolicy"
	case op.service == "bedrock-agentcore" && r.URL.Path == "/memories/" && r.Method == http.MethodPost:
		op.name = "ListMemories"
	}
	return op
}

// account returns a configuration whose credentials are bound to account
// in moto (an assumed role there), for seeding the emulator.
func (e *emulator) account(ctx context.Context, account string) aws.Config {
	e.t.Helper()
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	out, err := sts.NewFromConfig(cfg).AssumeRole(ctx, &sts.AssumeRoleInput{
		RoleArn: aws.String("arn:aws:iam::" + account + ":role/seed"), RoleSessionName: aws.String("seed")})
	if err != nil {
		e.t.Fatal(err)
	}
	c := out.Credentials
	cfg.Credentials = credentials.NewStaticCredentialsProvider(*c.AccessKeyId, *c.SecretAccessKey, *c.SessionToken)
	return cfg
}

// asAccount makes account's credentials the standard ones (environment).
func (e *emulator) asAccount(ctx context.Context, account string) aws.Credentials {
	e.t.Helper()
	cfg := e.account(ctx, account)
	creds, err := cfg.Credentials.Retrieve(ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Setenv("AWS_ACCESS_KEY_ID", creds.AccessKeyID)
	e.t.Setenv("AWS_SECRET_ACCESS_KEY", creds.SecretAccessKey)
	e.t.Setenv("AWS_SESSION_TOKEN", creds.SessionToken)
	return creds
}
