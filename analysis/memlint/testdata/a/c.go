package a

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/bedrockagentcorecontrol"
	"github.com/aws/aws-sdk-go-v2/service/bedrockagentcorecontrol/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sns"
)

// A memory that notifies a topic of account B, whose policy grants
// another role than the memory's execution role: the finding on the
// topic policy relates the other side, the definition's execution role.
var notify = []any{
	&bedrockagentcorecontrol.CreateMemoryInput{
		Name:                   aws.String("notify_mem"),
		EventExpiryDuration:    aws.Int32(30),
		EncryptionKeyArn:       aws.String("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
		MemoryExecutionRoleArn: aws.String("arn:aws:iam::111122223333:role/NotifyRole"),
		MemoryStrategies: []types.MemoryStrategyInput{&types.MemoryStrategyInputMemberCustomMemoryStrategy{Value: types.CustomMemoryStrategyInput{
			Name: aws.String("notify"),
			Configuration: &types.CustomConfigurationInputMemberSelfManagedConfiguration{Value: types.SelfManagedConfigurationInput{
				InvocationConfiguration: &types.InvocationConfigurationInput{TopicArn: aws.String("arn:aws:sns:us-east-1:444455556666:notify")},
			}},
		}}},
	},
	&iam.CreateRoleInput{
		RoleName:                 aws.String("NotifyRole"),
		AssumeRolePolicyDocument: aws.String(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "bedrock-agentcore.amazonaws.com"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:SourceAccount": "111122223333"}}}]}`),
	},
	&iam.PutRolePolicyInput{
		RoleName:       aws.String("NotifyRole"),
		PolicyName:     aws.String("notify"),
		PolicyDocument: aws.String(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sns:Publish", "Resource": "arn:aws:sns:us-east-1:444455556666:notify"}]}`),
	},
	&sns.SetTopicAttributesInput{
		TopicArn:       aws.String("arn:aws:sns:us-east-1:444455556666:notify"),
		AttributeName:  aws.String("Policy"),
		AttributeValue: aws.String(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/OtherRole"}, "Action": "sns:Publish", "Resource": "arn:aws:sns:us-east-1:444455556666:notify"}]}`), // want `high ML402`
	},
}
