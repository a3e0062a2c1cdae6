package fetch

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
)

// trailSource is the eventSource of AgentCore calls.
const trailSource = "bedrock-agentcore.amazonaws.com"

const trailUsage = `Usage:
  memlint fetch cloudtrail --memory ARN... --since TIME [--until TIME] [--region R]... [--event-data-store ARN] --out FILE

Reads the CloudTrail records of AgentCore calls (eventSource
bedrock-agentcore.amazonaws.com) in the window, with read-only calls, and
writes them to FILE as a CloudTrail log file ({"Records": [...]}) that
memlint diff --cloudtrail FILE reads. By default it calls LookupEvents in each
memory's region (event history: management events only, so memory data-plane
calls are normally not there); with --event-data-store it queries that
CloudTrail Lake event data store (StartQuery, GetQueryResults).

Flags:
`

// trailOptions are the flags of memlint fetch cloudtrail.
type trailOptions struct {
	memories, regions []string
	since, until      string
	eventDataStore    string
	profile           string
	out               string
}

// cloudtrailMain is memlint fetch cloudtrail.
func cloudtrailMain(ctx context.Context, args []string, stdout, stderr io.Writer, adjust func(*Options)) int {
	var t trailOptions
	fs := flag.NewFlagSet("memlint fetch cloudtrail", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, trailUsage); fs.PrintDefaults() }
	fs.Var((*list)(&t.memories), "memory", "the memory `ARN` whose records to read (repeatable)")
	fs.Var((*list)(&t.regions), "region", "read the records of `REGION` (repeatable; default: each memory's region)")
	fs.StringVar(&t.since, "since", "", "the start of the window, `TIME` (RFC 3339)")
	fs.StringVar(&t.until, "until", "", "the end of the window, `TIME` (RFC 3339; default now)")
	fs.StringVar(&t.eventDataStore, "event-data-store", "", "query the CloudTrail Lake event data store `ARN` (or ID) instead of LookupEvents")
	fs.StringVar(&t.profile, "profile", "", "shared-config `NAME` of the standard credentials (default AWS_PROFILE or default)")
	fs.StringVar(&t.out, "out", "", "write the records to `FILE`")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitUsage
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "memlint fetch cloudtrail: "+format+"\n", a...)
		return ExitUsage
	}
	if fs.NArg() > 0 {
		return fail("unexpected argument %q", fs.Arg(0))
	}
	if t.out == "" || t.since == "" || len(t.memories) == 0 {
		return fail("--out FILE, --since TIME and --memory ARN are required")
	}
	since, err := time.Parse(time.RFC3339, t.since)
	if err != nil {
		return fail("--since %q: want an RFC 3339 time", t.since)
	}
	until := time.Now().UTC()
	if t.until != "" {
		if until, err = time.Parse(time.RFC3339, t.until); err != nil {
			return fail("--until %q: want an RFC 3339 time", t.until)
		}
	}
	regions := slices.Clone(t.regions)
	for _, s := range t.memories {
		m, err := parseMemoryARN(s)
		if err != nil {
			return fail("--memory %q: %v", s, err)
		}
		if len(t.regions) == 0 && !slices.Contains(regions, m.Region) {
			regions = append(regions, m.Region)
		}
	}
	slices.Sort(regions)
	o := Options{Profile: t.profile, Memories: t.memories}
	if adjust != nil {
		adjust(&o)
	}
	cfg, err := baseConfig(ctx, &o, o.Profile)
	if err != nil {
		return fail("load AWS configuration: %v", err)
	}
	f, err := os.Create(t.out)
	if err != nil {
		return fail("%v", err)
	}
	w := &recordWriter{w: bufio.NewWriter(f)}
	if t.eventDataStore != "" {
		region := cfg.Region
		if a, err := parseARNRegion(t.eventDataStore); err == nil {
			region = a
		} else if len(regions) > 0 {
			region = regions[0]
		}
		err = lakeRecords(ctx, cloudtrail.NewFromConfig(cfg, func(co *cloudtrail.Options) { co.Region = region }), t.eventDataStore, since, until, w)
	} else {
		for _, region := range regions {
			c := cloudtrail.NewFromConfig(cfg, func(co *cloudtrail.Options) { co.Region = region })
			if err = lookupRecords(ctx, c, since, until, w); err != nil {
				err = fmt.Errorf("%s: %w", region, err)
				break
			}
		}
	}
	if cerr := w.close(); err == nil {
		err = cerr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(t.out)
		return fail("%v", err)
	}
	how := "LookupEvents in " + strings.Join(regions, ", ")
	if t.eventDataStore != "" {
		how = "CloudTrail Lake " + t.eventDataStore
	}
	fmt.Fprintf(stdout, "memlint: wrote %s: %d %s of %s from %s\n", t.out, w.n, plural(w.n, "record", "records"), trailSource, how)
	return ExitOK
}

// parseARNRegion is the region of an ARN.
func parseARNRegion(s string) (string, error) {
	parts := strings.SplitN(s, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[3] == "" {
		return "", errors.New("not an ARN with a region")
	}
	return parts[3], nil
}

// recordWriter writes {"Records": [...]} one record at a time.
type recordWriter struct {
	w *bufio.Writer
	n int
}

func (r *recordWriter) add(rec []byte) error {
	if !json.Valid(rec) {
		return fmt.Errorf("a record is not JSON")
	}
	sep := ",\n"
	if r.n == 0 {
		sep = "{\"Records\": [\n"
	}
	r.n++
	if _, err := r.w.WriteString(sep); err != nil {
		return err
	}
	_, err := r.w.Write(rec)
	return err
}

func (r *recordWriter) close() error {
	end := "\n]}\n"
	if r.n == 0 {
		end = "{\"Records\": []}\n"
	}
	if _, err := r.w.WriteString(end); err != nil {
		return err
	}
	return r.w.Flush()
}

// lookupRecords pages through LookupEvents for the AgentCore event source.
// Event history holds management events (CloudTrail User Guide; not in the
// AWS reference this was written against: UNCONFIRMED for AgentCore): a
// memory's data-plane calls are data events, normally absent here, which
// memlint diff reports as "no evidence", never as "unused".
func lookupRecords(ctx context.Context, c *cloudtrail.Client, since, until time.Time, w *recordWriter) error {
	p := cloudtrail.NewLookupEventsPaginator(c, &cloudtrail.LookupEventsInput{
		LookupAttributes: []cttypes.LookupAttribute{{AttributeKey: cttypes.LookupAttributeKeyEventSource, AttributeValue: aws.String(trailSource)}},
		StartTime:        aws.Time(since),
		EndTime:          aws.Time(until),
		MaxResults:       aws.Int32(50),
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("LookupEvents: %w", err)
		}
		for _, e := range page.Events {
			if e.CloudTrailEvent == nil {
				continue
			}
			if err := w.add([]byte(*e.CloudTrailEvent)); err != nil {
				return err
			}
		}
	}
	return nil
}

// lakeColumns are what the Lake query selects, as record fields. The
// column names of a CloudTrail Lake event data store follow the record's
// (eventTime, userIdentity.sessionContext.sessionIssuer.arn, …) and
// requestParameters is a map: UNCONFIRMED against the AWS reference this
// was written against, which does not cover Lake's schema.
var lakeColumns = []struct{ expr, alias string }{
	{"eventTime", "eventTime"},
	{"eventSource", "eventSource"},
	{"eventName", "eventName"},
	{"errorCode", "errorCode"},
	{"userIdentity.arn", "userArn"},
	{"userIdentity.accountId", "userAccount"},
	{"userIdentity.sessionContext.sessionIssuer.arn", "issuerArn"},
	{"recipientAccountId", "recipientAccountId"},
	{"element_at(requestParameters, 'memoryId')", "memoryId"},
	{"resources", "resources"},
}

// lakeQuery is the SQL of a Lake query over eds for the window.
func lakeQuery(eds string, since, until time.Time) string {
	var cols []string
	for _, c := range lakeColumns {
		cols = append(cols, c.expr+" AS "+c.alias)
	}
	id := eds[strings.LastIndex(eds, "/")+1:]
	const lakeTime = "2006-01-02 15:04:05"
	return fmt.Sprintf("SELECT %s FROM %s WHERE eventSource = '%s' AND eventTime >= '%s' AND eventTime <= '%s' ORDER BY eventTime",
		strings.Join(cols, ", "), id, trailSource, since.UTC().Format(lakeTime), until.UTC().Format(lakeTime))
}

// lakePoll is how long lakeRecords waits between polls of a running query.
var lakePoll = time.Second

// memoryARNInText finds a memory ARN in Lake's rendering of resources.
var memoryARNInText = regexp.MustCompile(`arn:[a-z-]+:bedrock-agentcore:[a-z0-9-]+:\d{12}:memory/[A-Za-z0-9_-]+`)

// lakeRecords runs the Lake query and writes each row as a record.
func lakeRecords(ctx context.Context, c *cloudtrail.Client, eds string, since, until time.Time, w *recordWriter) error {
	q, err := c.StartQuery(ctx, &cloudtrail.StartQueryInput{QueryStatement: aws.String(lakeQuery(eds, since, until))})
	if err != nil {
		return fmt.Errorf("StartQuery: %w", err)
	}
	var token *string
	for {
		out, err := c.GetQueryResults(ctx, &cloudtrail.GetQueryResultsInput{EventDataStore: aws.String(eds), QueryId: q.QueryId, NextToken: token})
		if err != nil {
			return fmt.Errorf("GetQueryResults: %w", err)
		}
		switch out.QueryStatus {
		case cttypes.QueryStatusQueued, cttypes.QueryStatusRunning:
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(lakePoll):
			}
			continue
		case cttypes.QueryStatusFinished:
		default:
			msg := string(out.QueryStatus)
			if out.ErrorMessage != nil {
				msg += ": " + *out.ErrorMessage
			}
			return fmt.Errorf("the CloudTrail Lake query did not finish: %s", msg)
		}
		for _, row := range out.QueryResultRows {
			rec, err := lakeRecord(row)
			if err != nil {
				return err
			}
			if err := w.add(rec); err != nil {
				return err
			}
		}
		if out.NextToken == nil || *out.NextToken == "" {
			return nil
		}
		token = out.NextToken
	}
}

// lakeRecord turns one result row (a list of one-entry maps, column →
// value) into a CloudTrail record.
func lakeRecord(row []map[string]string) ([]byte, error) {
	v := map[string]string{}
	for _, cell := range row {
		for k, x := range cell {
			v[k] = x
		}
	}
	t, err := time.Parse("2006-01-02 15:04:05.000", v["eventTime"])
	if err != nil {
		if t, err = time.Parse("2006-01-02 15:04:05", v["eventTime"]); err != nil {
			return nil, fmt.Errorf("a CloudTrail Lake row has eventTime %q", v["eventTime"])
		}
	}
	rec := map[string]any{
		"eventTime":          t.UTC().Format(time.RFC3339),
		"eventSource":        v["eventSource"],
		"eventName":          v["eventName"],
		"recipientAccountId": v["recipientAccountId"],
		"userIdentity": map[string]any{
			"arn":       v["userArn"],
			"accountId": v["userAccount"],
			"sessionContext": map[string]any{
				"sessionIssuer": map[string]any{"arn": v["issuerArn"], "accountId": v["userAccount"]},
			},
		},
	}
	if v["errorCode"] != "" {
		rec["errorCode"] = v["errorCode"]
	}
	if v["memoryId"] != "" {
		rec["requestParameters"] = map[string]any{"memoryId": v["memoryId"]}
	}
	if a := memoryARNInText.FindString(v["resources"]); a != "" {
		rec["resources"] = []any{map[string]any{"ARN": a}}
	}
	return json.Marshal(rec)
}
