package fetch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/service/bedrockagentcorecontrol"
	agtypes "github.com/aws/aws-sdk-go-v2/service/bedrockagentcorecontrol/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/middleware"
)

// Options say what to fetch and where to write it.
type Options struct {
	// Memories are the ARNs of the memories to fetch.
	Memories []string
	// All fetches every memory of the caller's account (ListMemories) in
	// each of Regions (default: the configured region).
	All     bool
	Regions []string
	// AccountRoles maps an account ID to the role to assume in it;
	// AccountProfiles to a shared-config profile to use for it.
	AccountRoles    map[string]string
	AccountProfiles map[string]string
	// Profile is the shared-config profile of the standard credentials.
	Profile string
	// Out is the snapshot directory; it must be empty or not exist.
	Out string
	// Concurrency bounds the memories fetched at once (default 4).
	Concurrency int
	// Version is memlint's version, for the provenance file.
	Version string
	// Log gets one line per document that could not be read; Progress,
	// when set, a progress line rewritten in place.
	Log      io.Writer
	Progress io.Writer
	// Now is the clock of the provenance file (default time.Now).
	Now func() time.Time
	// APIOptions are added to every SDK client's middleware stack.
	APIOptions []func(*middleware.Stack) error
	// MaxAttempts and MaxBackoff tune the adaptive retryer (0: the SDK's).
	MaxAttempts int
	MaxBackoff  time.Duration
}

// Result is what a fetch wrote.
type Result struct {
	Documents   int // documents written
	Absent      int // documents that do not exist
	NotReadable int // documents that could not be read
}

// ErrUsage marks a problem with the options rather than with an account.
var ErrUsage = errors.New("usage")

// fetcher holds the state of one fetch.
type fetcher struct {
	o    *Options
	c    *clients
	snap *snapshot

	mu   sync.Mutex
	once map[string]*sync.Once
}

// Run fetches the setup of the memories o names, read-only, and writes the
// snapshot to o.Out.
func Run(ctx context.Context, o Options) (Result, error) {
	if o.Out == "" {
		return Result{}, fmt.Errorf("%w: --out DIR is required", ErrUsage)
	}
	if len(o.Memories) == 0 && !o.All {
		return Result{}, fmt.Errorf("%w: name a memory with --memory ARN, or fetch every memory with --all", ErrUsage)
	}
	var arns []memoryARN
	for _, s := range o.Memories {
		m, err := parseMemoryARN(s)
		if err != nil {
			return Result{}, fmt.Errorf("%w: --memory %q: %v", ErrUsage, s, err)
		}
		arns = append(arns, m)
	}
	snap, err := newSnapshot(o.Out)
	if err != nil {
		return Result{}, err
	}
	base, err := baseConfig(ctx, &o, o.Profile)
	if err != nil {
		return Result{}, fmt.Errorf("load AWS configuration: %w", err)
	}
	if base.Region == "" && len(arns) > 0 {
		base.Region = arns[0].Region // STS needs a region; the memory's will do
	}
	f := &fetcher{o: &o, snap: snap, once: map[string]*sync.Once{}}
	f.c = &clients{base: base, roles: o.AccountRoles, profile: o.AccountProfiles, opts: &o,
		cfgs: map[string]aws.Config{}, cache: map[string]any{}, cfgErrs: map[string]error{}}
	id, err := sts.NewFromConfig(base).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		_, reason := classify(err)
		return Result{}, fmt.Errorf("sts GetCallerIdentity: %s (no usable AWS credentials?)", reason)
	}
	f.c.caller = aws.ToString(id.Account)
	snap.caller = aws.ToString(id.Account)
	if o.All {
		listed, err := f.list(ctx)
		if err != nil {
			return Result{}, err
		}
		for _, m := range listed {
			if !slices.Contains(arns, m) {
				arns = append(arns, m)
			}
		}
	}
	f.memories(ctx, arns)
	if err := snap.write(o.Version, o.now()); err != nil {
		return Result{}, err
	}
	return snap.result(), ctx.Err()
}

// list pages through ListMemories in each region of the caller's account.
func (f *fetcher) list(ctx context.Context) ([]memoryARN, error) {
	regions := f.o.Regions
	if len(regions) == 0 {
		if f.c.base.Region == "" {
			return nil, fmt.Errorf("%w: --all needs a region: --region R, AWS_REGION or the profile's region", ErrUsage)
		}
		regions = []string{f.c.base.Region}
	}
	var out []memoryARN
	for _, r := range regions {
		cl, _, err := client(ctx, f.c, "agentcore", f.c.caller, r, newAgentCore)
		if err != nil {
			return nil, err
		}
		p := bedrockagentcorecontrol.NewListMemoriesPaginator(cl, &bedrockagentcorecontrol.ListMemoriesInput{})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				_, reason := classify(err)
				return nil, fmt.Errorf("bedrock-agentcore-control ListMemories in %s: %s", r, reason)
			}
			for _, m := range page.Memories {
				a, err := parseMemoryARN(aws.ToString(m.Arn))
				if err != nil {
					// A summary without an ARN names the memory by ID.
					a = memoryARN{ARN: fmt.Sprintf("arn:aws:bedrock-agentcore:%s:%s:memory/%s", r, f.c.caller, aws.ToString(m.Id)),
						Region: r, Account: f.c.caller, ID: aws.ToString(m.Id)}
				}
				out = append(out, a)
			}
		}
	}
	slices.SortFunc(out, func(a, b memoryARN) int { return strings.Compare(a.ARN, b.ARN) })
	return slices.Compact(out), nil
}

// memories fetches each memory's setup, at most o.Concurrency at once.
func (f *fetcher) memories(ctx context.Context, arns []memoryARN) {
	n := f.o.Concurrency
	if n <= 0 {
		n = 4
	}
	prog := newProgress(f.o.Progress, len(arns))
	work := make(chan memoryARN)
	var wg sync.WaitGroup
	for range min(n, max(len(arns), 1)) {
		wg.Go(func() {
			for m := range work {
				f.memory(ctx, m)
				prog.done(m.ARN)
			}
		})
	}
	for _, m := range arns {
		work <- m
	}
	close(work)
	wg.Wait()
	prog.finish()
}

// do runs fn once per key across the whole fetch (a role or destination
// shared by several memories is fetched once).
func (f *fetcher) do(key string, fn func()) {
	f.mu.Lock()
	o := f.once[key]
	if o == nil {
		o = &sync.Once{}
		f.once[key] = o
	}
	f.mu.Unlock()
	o.Do(fn)
}

// memoryARN is a parsed memory ARN.
type memoryARN struct {
	ARN, Partition, Region, Account, ID string
}

func parseMemoryARN(s string) (memoryARN, error) {
	a, err := arn.Parse(s)
	if err != nil {
		return memoryARN{}, errors.New("not an ARN")
	}
	id, ok := strings.CutPrefix(a.Resource, "memory/")
	if a.Service != "bedrock-agentcore" || !ok || id == "" || strings.Contains(id, "/") {
		return memoryARN{}, errors.New("not a bedrock-agentcore memory ARN (arn:aws:bedrock-agentcore:REGION:ACCOUNT:memory/ID)")
	}
	if a.Region == "" || len(a.AccountID) != 12 {
		return memoryARN{}, errors.New("a memory ARN names its region and 12-digit account")
	}
	return memoryARN{ARN: s, Partition: a.Partition, Region: a.Region, Account: a.AccountID, ID: id}, nil
}

// memory fetches one memory: its definition (GetMemory), its resource
// policy, its execution role, its delivery destinations and the roles of
// its own account or of reachable accounts that its policy names.
func (f *fetcher) memory(ctx context.Context, m memoryARN) {
	mem := f.snap.memory(m.ARN)
	cl, _, err := client(ctx, f.c, "agentcore", m.Account, m.Region, newAgentCore)
	dir := fmt.Sprintf("%s/%s/bedrock-agentcore/memory/%s", m.Account, m.Region, safe(m.ID))
	src := source{account: m.Account, region: m.Region, resource: m.ARN}
	var got *agtypes.Memory
	var raw []byte
	if err == nil {
		var out *bedrockagentcorecontrol.GetMemoryOutput
		out, err = cl.GetMemory(withRaw(ctx, &raw), &bedrockagentcorecontrol.GetMemoryInput{MemoryId: aws.String(m.ID)})
		if err == nil {
			got = out.Memory
		}
	}
	src.call = "bedrock-agentcore-control:GetMemory"
	if f.record(dir+"/get-memory.json", src, "memory definition", err, pretty(raw)) == statusOK {
		mem.definition = dir + "/get-memory.json"
	}
	var policy string
	if err == nil {
		var out *bedrockagentcorecontrol.GetResourcePolicyOutput
		out, err = cl.GetResourcePolicy(ctx, &bedrockagentcorecontrol.GetResourcePolicyInput{ResourceArn: aws.String(m.ARN)})
		if err == nil {
			policy = aws.ToString(out.Policy)
		}
	}
	src.call = "bedrock-agentcore-control:GetResourcePolicy"
	if f.recordPolicy(dir+"/resource-policy.json", src, "memory resource policy", err, policy) == statusOK {
		mem.resourcePolicy = dir + "/resource-policy.json"
	}
	if got == nil {
		return
	}
	if r := aws.ToString(got.MemoryExecutionRoleArn); r != "" {
		f.role(ctx, r, true)
	}
	for _, s := range got.Strategies {
		if s.Configuration == nil || s.Configuration.SelfManagedConfiguration == nil {
			continue
		}
		ic := s.Configuration.SelfManagedConfiguration.InvocationConfiguration
		if ic == nil {
			continue
		}
		if t := aws.ToString(ic.TopicArn); t != "" {
			f.topic(ctx, t)
		}
		if b := aws.ToString(ic.PayloadDeliveryBucketName); b != "" {
			f.bucket(ctx, b, m)
		}
	}
	if got.StreamDeliveryResources != nil {
		for _, r := range got.StreamDeliveryResources.Resources {
			if k, ok := r.(*agtypes.StreamDeliveryResourceMemberKinesis); ok && k.Value.DataStreamArn != nil {
				f.stream(ctx, aws.ToString(k.Value.DataStreamArn))
			}
		}
	}
	for _, r := range principalRoles(policy) {
		a, _ := arn.Parse(r)
		if a.AccountID == f.c.caller || f.o.AccountRoles[a.AccountID] != "" || f.o.AccountProfiles[a.AccountID] != "" {
			f.role(ctx, r, false)
		}
	}
}

// source is where and how a document was read, for the provenance file.
type source struct {
	account, region, call, resource string
}

// record writes a fetched document (when err is nil) or records why it is
// missing, and returns the document's state (statusOK when written).
func (f *fetcher) record(file string, src source, what string, err error, data []byte) string {
	d := document{File: file, Account: src.account, Region: src.region, Call: src.call, Resource: src.resource,
		Time: f.o.now().Format(time.RFC3339), Status: statusOK}
	if err == nil && data == nil {
		err = errors.New("empty response")
	}
	if err != nil {
		d.File = ""
		d.Status, d.Reason = classify(err)
		if d.Status == statusNotReadable && f.o.Log != nil {
			fmt.Fprintf(f.o.Log, "memlint: warning: %s of %s not readable (%s %s): %s\n", what, src.resource, src.call, acctIn(src.account), d.Reason)
		}
		f.snap.add(d, nil)
		return d.Status
	}
	f.snap.add(d, data)
	return statusOK
}

func acctIn(account string) string {
	if account == "" {
		return "as the caller"
	}
	return "in account " + account
}

// recordPolicy records a policy document given as a JSON string; an empty
// string or "{}" is a policy that does not exist.
func (f *fetcher) recordPolicy(file string, src source, what string, err error, policy string) string {
	if err == nil && (strings.TrimSpace(policy) == "" || strings.TrimSpace(policy) == "{}") {
		err = errAbsent
	}
	return f.record(file, src, what, err, pretty([]byte(policy)))
}

// errAbsent stands for a call that succeeded without returning a policy.
var errAbsent = errors.New("no policy")

// pretty indents a JSON document for a reviewer, keeping its members and
// their order; a document that is not JSON is kept as it came.
func pretty(data []byte) []byte {
	if data == nil {
		return nil
	}
	var v json.RawMessage
	if json.Unmarshal(data, &v) != nil {
		return data
	}
	var b strings.Builder
	if err := indent(&b, data); err != nil {
		return data
	}
	return []byte(b.String() + "\n")
}

// urlDecoded undoes IAM's URL encoding of policy documents (RFC 3986; the
// SDK returns them as sent).
func urlDecoded(s string) string {
	if d, err := url.PathUnescape(s); err == nil {
		return d
	}
	return s
}

// role fetches a role's trust policy (when trust is set), inline policies
// and attached managed policies.
func (f *fetcher) role(ctx context.Context, roleARN string, trust bool) {
	a, err := arn.Parse(roleARN)
	if err != nil || a.Service != "iam" || !strings.HasPrefix(a.Resource, "role/") {
		return
	}
	name := a.Resource[strings.LastIndex(a.Resource, "/")+1:]
	entry := f.snap.role(roleARN)
	key := "role|" + roleARN
	if trust {
		key += "|trust"
	}
	f.do(key, func() {
		dir := fmt.Sprintf("%s/iam/role/%s", a.AccountID, safe(name))
		src := source{account: a.AccountID, resource: roleARN}
		cl, _, err := client(ctx, f.c, "iam", a.AccountID, "", newIAM)
		var out *iam.GetRoleOutput
		if err == nil {
			out, err = cl.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(name)})
		}
		if trust {
			src.call = "iam:GetRole"
			var doc string
			if err == nil {
				doc = urlDecoded(aws.ToString(out.Role.AssumeRolePolicyDocument))
			}
			if f.recordPolicy(dir+"/trust-policy.json", src, "trust policy", err, doc) == statusOK {
				entry.setTrust(dir + "/trust-policy.json")
			}
		}
		if err != nil {
			if !trust {
				f.record("", source{account: a.AccountID, resource: roleARN, call: "iam:GetRole"}, "role", err, nil)
			}
			entry.policiesMissing()
			return
		}
		f.do("policies|"+roleARN, func() { f.rolePolicies(ctx, cl, a.AccountID, roleARN, name, dir, entry) })
	})
}

// rolePolicies fetches a role's inline and attached policies.
func (f *fetcher) rolePolicies(ctx context.Context, cl *iam.Client, account, roleARN, name, dir string, entry *roleEntry) {
	src := source{account: account, resource: roleARN}
	inline := iam.NewListRolePoliciesPaginator(cl, &iam.ListRolePoliciesInput{RoleName: aws.String(name)})
	var names []string
	for inline.HasMorePages() {
		page, err := inline.NextPage(ctx)
		if err != nil {
			src.call = "iam:ListRolePolicies"
			f.record("", src, "inline policy list", err, nil)
			entry.policiesMissing()
			break
		}
		names = append(names, page.PolicyNames...)
	}
	slices.Sort(names)
	for _, pn := range names {
		out, err := cl.GetRolePolicy(ctx, &iam.GetRolePolicyInput{RoleName: aws.String(name), PolicyName: aws.String(pn)})
		var doc string
		if err == nil {
			doc = urlDecoded(aws.ToString(out.PolicyDocument))
		}
		file := fmt.Sprintf("%s/inline/%s.json", dir, safe(pn))
		s := src
		s.call, s.resource = "iam:GetRolePolicy", roleARN+" inline policy "+pn
		if f.recordPolicy(file, s, "inline policy", err, doc) == statusOK {
			entry.addPolicy(file)
		} else {
			entry.policiesMissing()
		}
	}
	attached := iam.NewListAttachedRolePoliciesPaginator(cl, &iam.ListAttachedRolePoliciesInput{RoleName: aws.String(name)})
	var arns []string
	for attached.HasMorePages() {
		page, err := attached.NextPage(ctx)
		if err != nil {
			src.call = "iam:ListAttachedRolePolicies"
			f.record("", src, "attached policy list", err, nil)
			entry.policiesMissing()
			break
		}
		for _, p := range page.AttachedPolicies {
			arns = append(arns, aws.ToString(p.PolicyArn))
		}
	}
	slices.Sort(arns)
	for _, pa := range arns {
		if file := f.managed(ctx, cl, account, pa); file != "" {
			entry.addPolicy(file)
		} else {
			entry.policiesMissing()
		}
	}
}

// managed fetches a managed policy's default version once, and returns its
// file ("" when it could not be read).
func (f *fetcher) managed(ctx context.Context, cl *iam.Client, account, policyARN string) string {
	a, _ := arn.Parse(policyARN)
	owner := a.AccountID // "aws" for AWS managed policies
	if owner == "" {
		owner = account
	}
	file := fmt.Sprintf("%s/iam/policy/%s.json", safe(owner), safe(strings.TrimPrefix(a.Resource, "policy/")))
	f.do("managed|"+policyARN, func() {
		src := source{account: account, resource: policyARN, call: "iam:GetPolicy"}
		p, err := cl.GetPolicy(ctx, &iam.GetPolicyInput{PolicyArn: aws.String(policyARN)})
		var doc string
		if err == nil {
			src.call = "iam:GetPolicyVersion"
			var v *iam.GetPolicyVersionOutput
			v, err = cl.GetPolicyVersion(ctx, &iam.GetPolicyVersionInput{PolicyArn: aws.String(policyARN), VersionId: p.Policy.DefaultVersionId})
			if err == nil {
				doc = urlDecoded(aws.ToString(v.PolicyVersion.Document))
			}
		}
		f.snap.setManaged(policyARN, f.recordPolicy(file, src, "managed policy", err, doc) == statusOK)
	})
	if !f.snap.managedOK(policyARN) {
		return ""
	}
	return file
}

// topic fetches an SNS topic's attributes: its policy and its KMS key.
func (f *fetcher) topic(ctx context.Context, topicARN string) {
	a, err := arn.Parse(topicARN)
	if err != nil || a.Service != "sns" {
		return
	}
	f.do("topic|"+topicARN, func() {
		dst := f.snap.destination(topicARN)
		file := fmt.Sprintf("%s/%s/sns/%s/topic-policy.json", a.AccountID, a.Region, safe(a.Resource))
		src := source{account: a.AccountID, region: a.Region, resource: topicARN, call: "sns:GetTopicAttributes"}
		cl, _, err := client(ctx, f.c, "sns", a.AccountID, a.Region, newSNS)
		var policy string
		if err == nil {
			var out *sns.GetTopicAttributesOutput
			out, err = cl.GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: aws.String(topicARN)})
			if err == nil {
				policy = out.Attributes["Policy"]
				dst.kmsKey = out.Attributes["KmsMasterKeyId"]
			}
		}
		dst.set(file, f.recordPolicy(file, src, "SNS topic policy", err, policy))
	})
}

// stream fetches a Kinesis stream's resource policy.
func (f *fetcher) stream(ctx context.Context, streamARN string) {
	a, err := arn.Parse(streamARN)
	if err != nil || a.Service != "kinesis" {
		return
	}
	f.do("stream|"+streamARN, func() {
		dst := f.snap.destination(streamARN)
		name := strings.TrimPrefix(a.Resource, "stream/")
		file := fmt.Sprintf("%s/%s/kinesis/%s/stream-policy.json", a.AccountID, a.Region, safe(name))
		src := source{account: a.AccountID, region: a.Region, resource: streamARN, call: "kinesis:GetResourcePolicy"}
		cl, _, err := client(ctx, f.c, "kinesis", a.AccountID, a.Region, newKinesis)
		var policy string
		if err == nil {
			var out *kinesis.GetResourcePolicyOutput
			out, err = cl.GetResourcePolicy(ctx, &kinesis.GetResourcePolicyInput{ResourceARN: aws.String(streamARN)})
			if err == nil {
				policy = aws.ToString(out.Policy)
			}
		}
		dst.set(file, f.recordPolicy(file, src, "Kinesis stream policy", err, policy))
	})
}

// bucket fetches an S3 bucket's policy. A bucket name says nothing of its
// account and only the owner may read the policy, so the accounts memlint
// can reach are asked in turn, the memory's first, then those given a role
// or profile (sorted): the first that answers other than access denied is
// the owner.
func (f *fetcher) bucket(ctx context.Context, bucket string, m memoryARN) {
	bucketARN := fmt.Sprintf("arn:%s:s3:::%s", m.Partition, bucket)
	f.do("bucket|"+bucket, func() {
		dst := f.snap.destination(bucketARN)
		accounts := []string{m.Account}
		if f.c.caller != m.Account {
			accounts = append(accounts, f.c.caller)
		}
		var others []string
		for a := range f.o.AccountRoles {
			others = append(others, a)
		}
		for a := range f.o.AccountProfiles {
			others = append(others, a)
		}
		slices.Sort(others)
		for _, a := range slices.Compact(others) {
			if !slices.Contains(accounts, a) {
				accounts = append(accounts, a)
			}
		}
		var err error
		var policy, account string
		for _, acct := range accounts {
			var cl *s3.Client
			var reachable bool
			cl, reachable, err = client(ctx, f.c, "s3", acct, m.Region, newS3)
			if !reachable && acct != m.Account {
				continue
			}
			if err == nil {
				var out *s3.GetBucketPolicyOutput
				// ExpectedBucketOwner: S3 answers AccessDenied unless acct owns
				// the bucket, so the policy is known to be the owner's.
				out, err = cl.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: aws.String(bucket), ExpectedBucketOwner: aws.String(acct)})
				if err == nil {
					policy = aws.ToString(out.Policy)
				}
			}
			account = acct
			if st, _ := classify(err); err == nil || st == statusAbsent && !isNoSuchBucket(err) {
				break
			}
		}
		file := fmt.Sprintf("%s/s3/%s/bucket-policy.json", account, safe(bucket))
		src := source{account: account, resource: bucketARN, call: "s3:GetBucketPolicy"}
		status := f.recordPolicy(file, src, "S3 bucket policy", err, policy)
		if status == statusAbsent && account == m.Account && !isNoSuchBucket(err) {
			// The memory's own account owns the bucket: delivery needs no
			// bucket policy, so its absence says nothing (an S3 ARN has no
			// account for memlint check to tell that by).
			return
		}
		dst.set(file, status)
	})
}

// isNoSuchBucket reports whether err says the bucket does not exist, which
// an account that does not own the bucket can also hear from an emulator.
func isNoSuchBucket(err error) bool {
	return err != nil && strings.Contains(err.Error(), "NoSuchBucket") && !strings.Contains(err.Error(), "NoSuchBucketPolicy")
}

// principalRoles lists the role ARNs a policy document names as AWS
// principals, sorted.
func principalRoles(policy string) []string {
	var doc struct {
		Statement json.RawMessage
	}
	if json.Unmarshal([]byte(policy), &doc) != nil {
		return nil
	}
	var stmts []struct{ Principal json.RawMessage }
	if json.Unmarshal(doc.Statement, &stmts) != nil {
		var one struct{ Principal json.RawMessage }
		if json.Unmarshal(doc.Statement, &one) != nil {
			return nil
		}
		stmts = append(stmts, one)
	}
	var out []string
	for _, s := range stmts {
		var p struct{ AWS json.RawMessage }
		if json.Unmarshal(s.Principal, &p) != nil || p.AWS == nil {
			continue
		}
		var list []string
		if json.Unmarshal(p.AWS, &list) != nil {
			var one string
			if json.Unmarshal(p.AWS, &one) != nil {
				continue
			}
			list = []string{one}
		}
		for _, v := range list {
			if a, err := arn.Parse(v); err == nil && a.Service == "iam" && strings.HasPrefix(a.Resource, "role/") {
				out = append(out, v)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// safe makes a name usable as one path segment.
func safe(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', strings.ContainsRune("._+=,@-", r):
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	if out := b.String(); out != "" && out != "." && out != ".." {
		return out
	}
	return "_"
}
