package load

import (
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/memlint/memlint/internal/iam"
	"github.com/memlint/memlint/internal/model"
	"github.com/memlint/memlint/internal/source"
)

// Call is one AWS API call a program makes (an AWS SDK for Go input value),
// given as the input file of the AWS CLI command of the same operation:
// Input holds the members the program sets, by the API's member names
// (resourceArn and policy for bedrock-agentcore-control, RoleName and
// AssumeRolePolicyDocument for iam, …). A policy member is a String node
// made by [source.SourceFile.String], so that findings inside it point at
// the program's source.
type Call struct {
	// Command is the AWS CLI command of the operation, one of [Commands].
	Command string
	Input   *source.Node
}

// Commands are the operations [Program] reads, by AWS CLI command name.
var Commands = []string{
	"bedrock-agentcore-control put-resource-policy",
	"bedrock-agentcore-control create-memory",
	"iam create-role",
	"iam put-role-policy",
	"iam create-policy",
	"s3api put-bucket-policy",
	"sns set-topic-attributes",
	"kinesis put-resource-policy",
}

// ProgramFile is one file of a program and the AWS API calls written in it.
type ProgramFile struct {
	Name  string
	Calls []Call
	// Unknown maps the position of each value of the calls that the
	// program computes when it runs (a function's result, a variable
	// assigned more than once) to the expression as written: it is never
	// judged as if it were its expression.
	Unknown map[model.Loc]string
}

// Program loads the AWS API calls of a program's files into one model.
// They are linked as a directory of shell scripts is, with no manifest: by
// ARN, and a role named by its name alone within the account each file
// works in (when the ARNs of the resources it writes name one account).
func Program(files []ProgramFile) *model.Model {
	l := newLoader(Options{})
	for _, f := range files {
		l.program(f)
	}
	return l.finish()
}

// program loads the calls of one file.
func (l *loader) program(f ProgramFile) {
	if len(f.Calls) == 0 {
		return
	}
	l.took(f.Name)
	unk := unknowns(f.Unknown)
	if unk == nil {
		unk = unknowns{}
	}
	accounts := map[string]bool{}
	for _, c := range f.Calls {
		if key, ok := ownedARN[c.Command]; ok {
			if v := strField(c.Input, programKey(c.Command, key)); !v.Loc.IsZero() {
				if _, dyn := unk[v.Loc]; !dyn && iam.IsAccountID(arnAccount(v.Value)) {
					accounts[arnAccount(v.Value)] = true
				}
			}
		}
	}
	acct := ""
	if len(accounts) == 1 {
		acct = slices.Collect(maps.Keys(accounts))[0]
	}
	l.links.enter(f.Name, acct)
	defer l.links.enter("", "")
	for _, c := range f.Calls {
		l.call(c, unk)
	}
}

// programKey is the input member of a command that ownedARN's flag names.
func programKey(command, flag string) string {
	switch flag {
	case "--resource-arn":
		if command == "kinesis put-resource-policy" {
			return "ResourceARN"
		}
		return "resourceArn"
	case "--memory-execution-role-arn":
		return "memoryExecutionRoleArn"
	case "--topic-arn":
		return "TopicArn"
	}
	return ""
}

// call loads one call.
func (l *loader) call(c Call, unk unknowns) {
	n := c.Input
	if n == nil || n.Kind != source.Object {
		return
	}
	str := func(key string) model.Str {
		s := strField(n, key)
		unk.str(&s)
		return s
	}
	policy := func(key string, kind model.Kind) *model.Policy {
		v := n.Get(key)
		if v == nil || v.Kind != source.String {
			return nil
		}
		if _, dyn := unk[v.Loc]; dyn {
			l.m.Notes = append(l.m.Notes, fmt.Sprintf("%s: the policy is computed when the program runs; it cannot be checked statically.", v.Loc))
			return nil
		}
		doc, err := v.Embedded()
		if err != nil {
			var se *source.Error
			if errors.As(err, &se) {
				l.problem(ruleInvalid, se.Loc, "The policy string does not parse: "+sentence(se.Msg))
			} else {
				l.problem(ruleInvalid, v.Loc, "The policy string does not parse: "+sentence(err.Error()))
			}
			return nil
		}
		l.took(doc.Loc.File)
		p := decodePolicy(doc.Loc.File, doc, v.Value, kind)
		unk.policy(p)
		l.addPolicy(p)
		return p
	}
	switch c.Command {
	case "bedrock-agentcore-control put-resource-policy":
		arn := str("resourceArn")
		l.putResourcePolicy(arn, policy("policy", resourcePolicyKind(arn)))
	case "bedrock-agentcore-control create-memory":
		d := l.definition(n.Loc.File, n)
		unk.definition(d)
		l.createMemory(d)
	case "iam create-role":
		l.createRole(str("RoleName"), policy("AssumeRolePolicyDocument", model.KindTrust))
	case "iam put-role-policy":
		l.putRolePolicy(str("RoleName"), str("PolicyName").Value, policy("PolicyDocument", model.KindIdentity))
	case "iam create-policy":
		l.createPolicy(str("PolicyName").Value, policy("PolicyDocument", model.KindIdentity))
	case "s3api put-bucket-policy":
		l.putBucketPolicy(str("Bucket"), policy("Policy", model.KindS3))
	case "sns set-topic-attributes":
		if name := str("AttributeName"); name.Unknown || name.Value != "Policy" {
			return
		}
		l.setTopicPolicy(str("TopicArn"), policy("AttributeValue", model.KindSNS))
	case "kinesis put-resource-policy":
		l.putStreamPolicy(str("ResourceARN"), policy("Policy", model.KindKinesis))
	}
}
