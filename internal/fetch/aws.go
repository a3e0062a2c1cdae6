package fetch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/bedrockagentcorecontrol"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/memlint/memlint/internal/load"
)

// ReadOnly reports whether the SDK operation op only reads: its name
// starts with Get, List or Describe, or it is one of the two STS calls the
// fetcher makes, which change nothing in any account (AssumeRole issues
// temporary credentials for a role the caller may already assume;
// GetCallerIdentity needs no permission at all).
func ReadOnly(op string) bool {
	for _, p := range []string{"Get", "List", "Describe"} {
		if rest, ok := strings.CutPrefix(op, p); ok && rest != "" && rest[:1] == strings.ToUpper(rest[:1]) {
			return true
		}
	}
	// LookupEvents reads CloudTrail event history; StartQuery runs a
	// CloudTrail Lake query (Lake runs SELECT statements) whose results
	// GetQueryResults reads: neither changes anything in an account.
	return op == "AssumeRole" || op == "GetCallerIdentity" || op == "LookupEvents" || op == "StartQuery"
}

// errNotReadOnly is returned, before anything is sent, for an operation
// that is not read-only.
var errNotReadOnly = errors.New("operation is not read-only")

// readOnlyGuard refuses every operation ReadOnly does not accept, at the
// first step of the SDK's middleware stack, before a request is built.
var readOnlyGuard = middleware.InitializeMiddlewareFunc("memlintReadOnly",
	func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
		if op := middleware.GetOperationName(ctx); !ReadOnly(op) {
			return middleware.InitializeOutput{}, middleware.Metadata{}, fmt.Errorf("%s %s: %w", middleware.GetServiceID(ctx), op, errNotReadOnly)
		}
		return next.HandleInitialize(ctx, in)
	})

// rawKey holds, in a call's context, where to keep the response body.
type rawKey struct{}

// withRaw returns a context whose call keeps its raw response body in *dst.
func withRaw(ctx context.Context, dst *[]byte) context.Context {
	return context.WithValue(ctx, rawKey{}, dst)
}

// rawBody keeps the response body of calls made with withRaw exactly as the
// service sent it (the snapshot's memory definitions are the wire JSON of
// GetMemory, what `aws bedrock-agentcore-control get-memory` prints). It
// sits last in the deserialize step, so it sees the response before the
// SDK's deserializer reads it, and hands the deserializer a copy.
var rawBody = middleware.DeserializeMiddlewareFunc("memlintRawBody",
	func(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
		out, md, err := next.HandleDeserialize(ctx, in)
		dst, _ := ctx.Value(rawKey{}).(*[]byte)
		resp, ok := out.RawResponse.(*smithyhttp.Response)
		if dst == nil || !ok || resp.Body == nil || resp.StatusCode != http.StatusOK {
			return out, md, err
		}
		data, rerr := io.ReadAll(io.LimitReader(resp.Body, maxDocument+1))
		resp.Body.Close()
		if rerr != nil {
			return out, md, rerr
		}
		*dst = data
		resp.Body = io.NopCloser(bytes.NewReader(data))
		return out, md, err
	})

// maxDocument bounds what one response may hold (a memory definition or a
// policy is a few kilobytes; IAM's largest policy is 10,240 characters).
const maxDocument = 16 << 20

// clients builds and shares the SDK clients, one per account, service and
// region, so the adaptive retryer of each sees all of its traffic.
type clients struct {
	base    aws.Config
	caller  string            // the account of the standard credentials
	roles   map[string]string // account → role ARN to assume
	profile map[string]string // account → shared-config profile
	opts    *Options

	mu      sync.Mutex
	cfgs    map[string]aws.Config
	cache   map[string]any
	cfgErrs map[string]error
}

// baseConfig loads the standard configuration: credential chain, profile,
// region, AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>, with the SDK's
// adaptive retry mode and the read-only guard on every client.
func baseConfig(ctx context.Context, o *Options, profile string) (aws.Config, error) {
	fns := []func(*config.LoadOptions) error{
		config.WithRetryer(func() aws.Retryer {
			return retry.NewAdaptiveMode(func(ao *retry.AdaptiveModeOptions) {
				ao.StandardOptions = append(ao.StandardOptions, func(so *retry.StandardOptions) {
					if o.MaxAttempts > 0 {
						so.MaxAttempts = o.MaxAttempts
					}
					if o.MaxBackoff > 0 {
						so.MaxBackoff = o.MaxBackoff
						so.Backoff = retry.NewExponentialJitterBackoff(o.MaxBackoff)
					}
				})
			})
		}),
	}
	if profile != "" {
		fns = append(fns, config.WithSharedConfigProfile(profile))
	}
	cfg, err := config.LoadDefaultConfig(ctx, fns...)
	if err != nil {
		return aws.Config{}, err
	}
	cfg.APIOptions = append(cfg.APIOptions,
		func(s *middleware.Stack) error { return s.Initialize.Add(readOnlyGuard, middleware.Before) },
		func(s *middleware.Stack) error { return s.Deserialize.Add(rawBody, middleware.After) },
	)
	cfg.APIOptions = append(cfg.APIOptions, o.APIOptions...)
	return cfg, nil
}

// config is the configuration for calls into account: the standard one
// for the caller's account, an assumed role or a profile for the accounts
// given one. reachable is false for another account memlint has no way
// into; calls are then made with the standard credentials (a resource
// policy may let them read).
func (c *clients) config(ctx context.Context, account string) (cfg aws.Config, reachable bool, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if cfg, ok := c.cfgs[account]; ok {
		return cfg, true, c.cfgErrs[account]
	}
	switch {
	case c.roles[account] != "":
		cfg = c.base.Copy()
		p := stscreds.NewAssumeRoleProvider(sts.NewFromConfig(c.base), c.roles[account], func(o *stscreds.AssumeRoleOptions) {
			o.RoleSessionName = "memlint-fetch"
		})
		cfg.Credentials = aws.NewCredentialsCache(p)
	case c.profile[account] != "":
		cfg, err = baseConfig(ctx, c.opts, c.profile[account])
	case account == c.caller || account == "":
		return c.base, true, nil
	default:
		return c.base, false, nil
	}
	c.cfgs[account] = cfg
	c.cfgErrs[account] = err
	return cfg, true, err
}

// client returns the shared client of one service for account and region.
func client[T any](ctx context.Context, c *clients, service, account, region string, mk func(aws.Config, string) T) (T, bool, error) {
	cfg, reachable, err := c.config(ctx, account)
	var zero T
	if err != nil {
		return zero, reachable, err
	}
	key := service + "|" + account + "|" + region
	if !reachable {
		key = service + "||" + region
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.cache[key]; ok {
		return v.(T), reachable, nil
	}
	cl := mk(cfg, region)
	c.cache[key] = cl
	return cl, reachable, nil
}

func newAgentCore(cfg aws.Config, region string) *bedrockagentcorecontrol.Client {
	return bedrockagentcorecontrol.NewFromConfig(cfg, func(o *bedrockagentcorecontrol.Options) { setRegion(&o.Region, region) })
}

func newIAM(cfg aws.Config, region string) *iam.Client {
	return iam.NewFromConfig(cfg, func(o *iam.Options) { setRegion(&o.Region, region) })
}

func newS3(cfg aws.Config, region string) *s3.Client {
	return s3.NewFromConfig(cfg, func(o *s3.Options) {
		setRegion(&o.Region, region)
		// An emulator or proxy named by AWS_ENDPOINT_URL serves buckets by
		// path; AWS itself still answers path-style requests.
		if o.BaseEndpoint != nil {
			o.UsePathStyle = true
		}
	})
}

func newSNS(cfg aws.Config, region string) *sns.Client {
	return sns.NewFromConfig(cfg, func(o *sns.Options) { setRegion(&o.Region, region) })
}

func newKinesis(cfg aws.Config, region string) *kinesis.Client {
	return kinesis.NewFromConfig(cfg, func(o *kinesis.Options) { setRegion(&o.Region, region) })
}

// setRegion sets a client's region to the resource's, when it has one.
func setRegion(dst *string, region string) {
	if region != "" {
		*dst = region
	}
}

// Document states recorded in the snapshot.
const (
	statusOK          = "ok"
	statusAbsent      = "absent"
	statusNotReadable = load.ProvenanceNotReady // memlint check notes these
)

// classify turns a failed call into the state of the document it was to
// read and a short reason: absent when the service says the document or
// its resource does not exist, not readable otherwise (access denied,
// throttled past the retries, a network failure).
func classify(err error) (status, reason string) {
	if err == nil {
		return statusOK, ""
	}
	if errors.Is(err, errAbsent) {
		return statusAbsent, "no policy"
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return statusNotReadable, "interrupted"
	}
	var ae smithy.APIError
	if errors.As(err, &ae) {
		code := ae.ErrorCode()
		switch code {
		case "NoSuchBucketPolicy", "NoSuchEntity", "ResourceNotFoundException", "NotFound", "NoSuchBucket":
			return statusAbsent, code
		}
		var re *retry.MaxAttemptsError
		if errors.As(err, &re) {
			return statusNotReadable, fmt.Sprintf("%s after %d attempts", code, re.Attempt)
		}
		if msg := ae.ErrorMessage(); msg != "" {
			return statusNotReadable, code + ": " + oneLine(msg)
		}
		return statusNotReadable, code
	}
	if errors.Is(err, errNotReadOnly) {
		return statusNotReadable, err.Error()
	}
	var oe *smithy.OperationError
	if errors.As(err, &oe) {
		return statusNotReadable, oneLine(oe.Err.Error())
	}
	return statusNotReadable, oneLine(err.Error())
}

// oneLine keeps the first line of a message, at most 300 characters.
func oneLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}

// since is for the provenance's timestamps (tests fix it).
func (o *Options) now() time.Time {
	if o.Now != nil {
		return o.Now().UTC()
	}
	return time.Now().UTC()
}
