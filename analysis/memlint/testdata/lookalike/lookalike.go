// Package lookalike uses a type named PutResourcePolicyInput that is not
// the SDK's: the analyzer goes by the type, not the name.
package lookalike

import "example.com/memlinttest/lookalike/fake"

func str(s string) *string { return &s }

var notSDK = fake.PutResourcePolicyInput{
	ResourceArn: str("arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/support_mem-a1b2c3d4e5"),
	Policy:      str(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "bedrock-agentcore:GetMemoryRecord", "Resource": "*"}]}`),
}
