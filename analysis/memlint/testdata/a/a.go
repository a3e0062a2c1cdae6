// Package a passes policies to the AWS SDK for Go in every way the
// analyzer reads, and some it must not judge.
package a

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/bedrockagentcorecontrol"
	"github.com/aws/aws-sdk-go-v2/service/iam"
)

const memory = "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/support_mem-a1b2c3d4e5"

// An interpreted string: the finding is at the escaped quote that opens the root ARN.
var interpreted = &bedrockagentcorecontrol.PutResourcePolicyInput{
	ResourceArn: aws.String(memory),
	Policy:      aws.String("{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": \"Escaped\", \"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::444455556666:root\"}, \"Action\": \"bedrock-agentcore:GetMemoryRecord\", \"Resource\": \"" + memory + "\"}]}"), // want `medium ML101 The statement grants the whole account '444455556666'`
}

// A raw string.
var raw = bedrockagentcorecontrol.PutResourcePolicyInput{
	ResourceArn: aws.String(memory),
	Policy:      aws.String(`{"Version": "2012-10-17", "Statement": [{"Sid": "Raw", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "bedrock-agentcore:GetMemoryRecord", "Resource": "` + memory + `"}]}`), // want `ML101`
}

// A constant declared in another file of the package (b.go): the finding is there.
var elsewhere = &bedrockagentcorecontrol.PutResourcePolicyInput{
	ResourceArn: aws.String(memory),
	Policy:      aws.String(everyone),
}

// json.Marshal of a struct literal whose values are constants.
type statement struct {
	Sid       string
	Effect    string
	Principal map[string]string `json:",omitempty"`
	Action    []string
	Resource  string
	Condition map[string]map[string]string `json:",omitempty"`
}

type document struct {
	Version   string
	Statement []statement
}

func marshalled() *bedrockagentcorecontrol.PutResourcePolicyInput {
	b, err := json.Marshal(document{
		Version: "2012-10-17",
		Statement: []statement{{
			Sid:       "Marshalled",
			Effect:    "Allow",
			Principal: map[string]string{"AWS": "arn:aws:iam::444455556666:root"}, // want `ML101`
			Action:    []string{"bedrock-agentcore:GetMemoryRecord"},
			Resource:  memory,
		}},
	})
	if err != nil {
		panic(err)
	}
	return &bedrockagentcorecontrol.PutResourcePolicyInput{ResourceArn: aws.String(memory), Policy: aws.String(string(b))}
}

// Values computed when the program runs are not judged.
func computed(account string) []any {
	reassigned := `{"Version": "2012-10-17", "Statement": []}`
	if account != "" {
		reassigned = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}`
	}
	return []any{
		&bedrockagentcorecontrol.PutResourcePolicyInput{
			ResourceArn: aws.String(memory),
			Policy:      aws.String(fmt.Sprintf(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::%s:root"}, "Action": "bedrock-agentcore:GetMemoryRecord", "Resource": "*"}]}`, account)),
		},
		&bedrockagentcorecontrol.PutResourcePolicyInput{ResourceArn: aws.String(memory), Policy: aws.String(reassigned)},
		&bedrockagentcorecontrol.PutResourcePolicyInput{ResourceArn: aws.String(memory), Policy: aws.String(os.Getenv("POLICY"))},
		// A memory name from the environment is not judged by ML601.
		&bedrockagentcorecontrol.CreateMemoryInput{Name: aws.String(os.Getenv("MEMORY_NAME")), EventExpiryDuration: aws.Int32(30)}, // want `info ML602`
	}
}

// The execution role and the memory that uses it: its trust policy is
// compared with the memory (two-sided), in one package.
var role = &iam.CreateRoleInput{
	RoleName:                 aws.String("MemoryRole"),
	AssumeRolePolicyDocument: aws.String(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}`), // want `ML201`
}

var definition = &bedrockagentcorecontrol.CreateMemoryInput{
	Name:                   aws.String("support_mem"),
	EventExpiryDuration:    aws.Int32(30),
	EncryptionKeyArn:       aws.String("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
	MemoryExecutionRoleArn: aws.String("arn:aws:iam::111122223333:role/MemoryRole"),
}

// A policy that does not parse: ML001 inside the literal.
var broken = &iam.PutRolePolicyInput{
	RoleName:       aws.String("MemoryRole"),
	PolicyName:     aws.String("broken"),
	PolicyDocument: aws.String(`{"Version": "2012-10-17", "Statement": [}`), // want `high ML001 The policy string does not parse`
}

// A policy folded from a constant of b.go and a literal here: positions
// are in the file most of it comes from, this one.
var split = &bedrockagentcorecontrol.PutResourcePolicyInput{
	ResourceArn: aws.String(memory),
	Policy:      aws.String(head + `"Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "bedrock-agentcore:GetMemoryRecord", "Resource": "` + memory + `"}]}`), // want `ML101`
}
