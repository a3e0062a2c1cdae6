// Package benchtree writes generated trees of memory setups for benchmarks:
// each setup is a memory resource policy, the execution role's trust and
// permission policies, three destination policies, a CreateMemory input and a
// manifest that ties them together. Most setups are correct, as real trees
// are; every tenth carries a typical mistake.
package benchtree

import (
	"fmt"
	"os"
	"path/filepath"
)

// DocsPerSetup is the number of documents (files) one setup writes.
const DocsPerSetup = 8

// Write writes n setups under dir and returns the number of files written.
func Write(dir string, n int) (int, error) {
	files := 0
	for i := range n {
		sd := filepath.Join(dir, fmt.Sprintf("team%03d", i/100), fmt.Sprintf("setup%05d", i))
		if err := os.MkdirAll(sd, 0o755); err != nil {
			return files, err
		}
		for name, body := range setup(i) {
			if err := os.WriteFile(filepath.Join(sd, name), []byte(body), 0o644); err != nil {
				return files, err
			}
			files++
		}
	}
	return files, nil
}

func setup(i int) map[string]string {
	a := fmt.Sprintf("1%011d", i) // account A
	b := fmt.Sprintf("2%011d", i) // account B
	mem := fmt.Sprintf("mem%05d-a1b2c3d4e5", i)
	memARN := fmt.Sprintf("arn:aws:bedrock-agentcore:us-east-1:%s:memory/%s", a, mem)
	role := fmt.Sprintf("arn:aws:iam::%s:role/MemoryRole%05d", a, i)
	bucket := fmt.Sprintf("payloads-%05d", i)
	topic := fmt.Sprintf("arn:aws:sns:us-east-1:%s:notify-%05d", b, i)
	stream := fmt.Sprintf("arn:aws:kinesis:us-east-1:%s:stream/records-%05d", b, i)
	consumer := fmt.Sprintf(`"arn:aws:iam::%s:role/Reader"`, b)
	if i%10 == 3 {
		consumer = fmt.Sprintf(`"arn:aws:iam::%s:root"`, b) // the guide's root grant
	}
	condition := fmt.Sprintf(`,
      "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:bedrock-agentcore:us-east-1:%s:memory/*"}}`, a)
	if i%10 == 7 {
		condition = "" // confused deputy
	}
	return map[string]string{
		"memlint.yaml": fmt.Sprintf(`version: 1
memories:
  - arn: %s
    definition: create-memory.json
    resource_policy: memory-policy.json
roles:
  - arn: %s
    trust_policy: trust.json
    policies: [permissions.json]
destinations:
  - arn: arn:aws:s3:::%s
    policy: bucket-policy.json
  - arn: %s
    policy: topic-policy.json
  - arn: %s
    policy: stream-policy.json
`, memARN, role, bucket, topic, stream),
		"memory-policy.json": fmt.Sprintf(`{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadRecords",
      "Effect": "Allow",
      "Principal": {"AWS": %s},
      "Action": ["bedrock-agentcore:RetrieveMemoryRecords", "bedrock-agentcore:ListMemoryRecords", "bedrock-agentcore:GetMemoryRecord"],
      "Resource": "%s",
      "Condition": {"StringLike": {"bedrock-agentcore:namespace": "shared/*"}}
    }
  ]
}
`, consumer, memARN),
		"trust.json": fmt.Sprintf(`{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"Service": "bedrock-agentcore.amazonaws.com"},
      "Action": "sts:AssumeRole"%s
    }
  ]
}
`, condition),
		"permissions.json": fmt.Sprintf(`{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "S3", "Effect": "Allow", "Action": ["s3:PutObject", "s3:GetObject"], "Resource": "arn:aws:s3:::%s/*"},
    {"Sid": "SNS", "Effect": "Allow", "Action": "sns:Publish", "Resource": "%s"},
    {"Sid": "Kinesis", "Effect": "Allow", "Action": ["kinesis:PutRecords", "kinesis:DescribeStream"], "Resource": "%s"}
  ]
}
`, bucket, topic, stream),
		"bucket-policy.json": fmt.Sprintf(`{
  "Version": "2012-10-17",
  "Statement": [{"Sid": "Memory", "Effect": "Allow", "Principal": {"AWS": "%s"}, "Action": ["s3:PutObject", "s3:GetObject"], "Resource": "arn:aws:s3:::%s/*"}]
}
`, role, bucket),
		"topic-policy.json": fmt.Sprintf(`{
  "Version": "2012-10-17",
  "Statement": [{"Sid": "Memory", "Effect": "Allow", "Principal": {"AWS": "%s"}, "Action": "sns:Publish", "Resource": "%s"}]
}
`, role, topic),
		"stream-policy.json": fmt.Sprintf(`{
  "Version": "2012-10-17",
  "Statement": [{"Sid": "Memory", "Effect": "Allow", "Principal": {"AWS": "%s"}, "Action": ["kinesis:PutRecords", "kinesis:DescribeStream"], "Resource": "%s"}]
}
`, role, stream),
		"create-memory.json": fmt.Sprintf(`{
  "name": "memory_%05d",
  "eventExpiryDuration": 30,
  "memoryExecutionRoleArn": "%s",
  "encryptionKeyArn": "arn:aws:kms:us-east-1:%s:key/1234abcd-12ab-34cd-56ef-1234567890ab",
  "memoryStrategies": [{"customMemoryStrategy": {"name": "custom", "configuration": {"selfManagedConfiguration": {
    "triggerConditions": [{"messageBasedTrigger": {"messageCount": 5}}],
    "invocationConfiguration": {"topicArn": "%s", "payloadDeliveryBucketName": "%s"},
    "historicalContextWindowSize": 10}}}}],
  "streamDeliveryResources": {"resources": [{"kinesis": {"dataStreamArn": "%s", "contentConfigurations": [{"type": "MEMORY_RECORDS", "level": "METADATA_ONLY"}]}}]}
}
`, i, role, a, topic, bucket, stream),
	}
}
