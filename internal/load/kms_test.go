package load

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/memlint/memlint/internal/model"
)

const (
	topicB  = "arn:aws:sns:us-east-1:444455556666:memory-notifications"
	streamB = "arn:aws:kinesis:us-east-1:444455556666:stream/memory-record-stream"
	keyB    = "arn:aws:kms:us-east-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab"
)

// dest returns the model's destination with that ARN, or nil.
func dest(m *model.Model, arn string) *model.Destination {
	for _, d := range m.Destinations {
		if d.ARN.Value == arn {
			return d
		}
	}
	return nil
}

// keyOf returns the model's key with that ARN, or nil.
func keyOf(m *model.Model, arn string) *model.Key {
	for _, k := range m.Keys {
		if k.ARN.Value == arn {
			return k
		}
	}
	return nil
}

const keyPolicyJSON = `{"Version": "2012-10-17", "Statement": [
  {"Sid": "Root", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "kms:*", "Resource": "*"}]}
`

// TestManifestKeys checks the manifest's kms_key and keys: entries, with
// positions, and that a key policy is of kind kms.
func TestManifestKeys(t *testing.T) {
	manifest := `version: 1
destinations:
  - arn: ` + topicB + `
    kms_key: ` + keyB + `
  - arn: arn:aws:s3:::bucket-b
    kms_key: alias/aws/s3
keys:
  - arn: ` + keyB + `
    policy: keys/k.json
`
	m, _ := loadFiles(t, map[string]string{"memlint.yaml": manifest, "keys/k.json": keyPolicyJSON}, Options{})
	d := dest(m, topicB)
	if d == nil || d.Key == nil || d.Key.Value != keyB || at(d.Key.Loc) != "4:14" {
		t.Fatalf("topic key = %+v, want %s at 4:14", d, keyB)
	}
	if b := dest(m, "arn:aws:s3:::bucket-b"); b == nil || b.Key == nil || b.Key.Value != "alias/aws/s3" || b.KeyImplied {
		t.Errorf("bucket key = %+v", b)
	}
	k := keyOf(m, keyB)
	if k == nil || k.Policy == nil || k.Policy.Kind != model.KindKMS || k.Policy.KindInferred {
		t.Fatalf("key policy not loaded as kind kms: %+v", k)
	}
	if k.Policy.Attached == nil || k.Policy.Attached.Value != keyB {
		t.Errorf("key policy attached to %+v, want %s", k.Policy.Attached, keyB)
	}
}

// TestManifestKeyErrors checks malformed kms_key and keys: entries are
// manifest errors naming the line.
func TestManifestKeyErrors(t *testing.T) {
	for _, tt := range []struct{ manifest, want string }{
		{"version: 1\ndestinations:\n  - arn: " + topicB + "\n    kms_key: my-key\n", "memlint.yaml:4:14: kms_key \"my-key\": want a KMS key ARN"},
		{"version: 1\ndestinations:\n  - arn: " + topicB + "\n    kms_key: arn:aws:sns:us-east-1:444455556666:t\n", "not a KMS key or alias ARN"},
		{"version: 1\nkeys:\n  - arn: alias/my-key\n", "memlint.yaml:3:10: key \"alias/my-key\": want a KMS key ARN"},
		{"version: 1\nkeys:\n  - policy: k.json\n    tags: x\n", "unknown key \"tags\""},
	} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "memlint.yaml"), []byte(tt.manifest), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Load([]string{dir}, Options{})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("manifest %q: error %v, want one containing %q", tt.manifest, err, tt.want)
		}
	}
}

// TestCLIKMSInputs checks the AWS CLI input files about keys and
// encryption settings.
func TestCLIKMSInputs(t *testing.T) {
	files := map[string]string{
		"topic.json":  `{"TopicArn": "` + topicB + `", "AttributeName": "KmsMasterKeyId", "AttributeValue": "alias/aws/sns"}`,
		"bucket.json": `{"Bucket": "bucket-b", "ServerSideEncryptionConfiguration": {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}, "BucketKeyEnabled": true}]}}`,
		"stream.json": `{"StreamARN": "` + streamB + `", "EncryptionType": "KMS", "KeyId": "` + keyB + `"}`,
		"key.json":    `{"KeyId": "` + keyB + `", "PolicyName": "default", "Policy": "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"111122223333\"}, \"Action\": \"kms:Decrypt\", \"Resource\": \"*\"}]}"}`,
	}
	m, _ := loadFiles(t, files, Options{})
	if d := dest(m, topicB); d == nil || d.Key == nil || d.Key.Value != "alias/aws/sns" || at(d.Key.Loc) != "1:126" {
		t.Errorf("topic key = %+v", d)
	}
	b := dest(m, "arn:aws:s3:::bucket-b")
	if b == nil || b.Key == nil || b.Key.Value != "alias/aws/s3" || !b.KeyImplied {
		t.Fatalf("bucket without KMSMasterKeyID: %+v, want the implied alias/aws/s3", b)
	}
	if got := at(b.Key.Loc); got != "1:128" {
		t.Errorf("implied key at %s, want the SSEAlgorithm value 1:128", got)
	}
	if s := dest(m, streamB); s == nil || s.Key == nil || s.Key.Value != keyB {
		t.Errorf("stream key = %+v", s)
	}
	k := keyOf(m, keyB)
	if k == nil || k.Policy == nil || k.Policy.Kind != model.KindKMS || len(k.Policy.Statements) != 1 {
		t.Fatalf("put-key-policy not loaded: %+v", k)
	}
	// Positions inside the policy string are in the outer file.
	if p := k.Policy.Statements[0].Principal.Values[0]; p.Loc.Line != 1 || p.Loc.Col < 100 {
		t.Errorf("principal at %s, want inside the Policy string", p.Loc)
	}
}

// TestKeyPolicyKindInferred checks a loose key policy is inferred to be
// of kind kms, and that a statement mixing kms: with another service's
// actions is not.
func TestKeyPolicyKindInferred(t *testing.T) {
	m, _ := loadFiles(t, map[string]string{
		"k.json":     keyPolicyJSON,
		"mixed.json": `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": ["kms:Decrypt", "ec2:RunInstances"], "Resource": "*"}]}`,
	}, Options{})
	kinds := map[string]model.Kind{}
	for _, p := range m.Policies {
		kinds[p.File[strings.LastIndex(p.File, "/")+1:]] = p.Kind
	}
	if kinds["k.json"] != model.KindKMS || kinds["mixed.json"] != model.KindUnknown {
		t.Errorf("kinds = %v, want k.json kms, mixed.json unknown", kinds)
	}
}

const cfnEncrypted = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {AWS: !Sub "arn:aws:iam::${AWS::AccountId}:root"}
            Action: kms:*
            Resource: "*"
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: memory-notifications
      KmsMasterKeyId: !Ref Key
  Stream:
    Type: AWS::Kinesis::Stream
    Properties:
      Name: memory-record-stream
      StreamEncryption:
        EncryptionType: KMS
        KeyId: alias/aws/kinesis
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: bucket-b
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              SSEAlgorithm: aws:kms:dsse
              KMSMasterKeyID: !GetAtt Key.Arn
`

// TestCFNEncryption checks the encryption settings of a template's
// destinations: a key computed at deploy time is unknown and linked to
// the template's AWS::KMS::Key by reference; topic and stream ARNs need
// the region and account pseudo parameters.
func TestCFNEncryption(t *testing.T) {
	m, _ := loadFiles(t, map[string]string{"b.yaml": cfnEncrypted},
		Options{CFNParams: map[string]string{"AWS::Region": "us-east-1", "AWS::AccountId": "444455556666"}})
	topic := dest(m, topicB)
	if topic == nil || topic.Key == nil || !topic.Key.Unknown || topic.Key.Expr != "!Ref Key" || at(topic.Key.Loc) != "17:23" {
		t.Fatalf("topic key = %+v, want unknown !Ref Key at 17:23", topic)
	}
	if topic.KeyLink == nil || topic.KeyLink.Policy == nil || topic.KeyLink.Policy.Kind != model.KindKMS {
		t.Errorf("topic key not linked to the template's AWS::KMS::Key policy: %+v", topic.KeyLink)
	}
	if s := dest(m, streamB); s == nil || s.Key == nil || s.Key.Value != "alias/aws/kinesis" || at(s.Key.Loc) != "24:16" {
		t.Errorf("stream key = %+v", s)
	}
	b := dest(m, "arn:aws:s3:::bucket-b")
	if b == nil || b.Key == nil || !b.Key.Unknown || b.KeyImplied || b.KeyLink != topic.KeyLink {
		t.Errorf("bucket key = %+v, want unknown and linked to the same key", b)
	}
	// Without the pseudo parameters the topic's ARN is unknown: no destination.
	m, _ = loadFiles(t, map[string]string{"b.yaml": cfnEncrypted}, Options{})
	if dest(m, topicB) != nil {
		t.Error("topic linked without a known ARN")
	}
	if dest(m, "arn:aws:s3:::bucket-b") == nil {
		t.Error("bucket ARN needs only BucketName")
	}
}

// TestTFPlanEncryption checks Terraform destinations, keys and key
// policies, with unknown values.
func TestTFPlanEncryption(t *testing.T) {
	pol := `"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::444455556666:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}"`
	plan := `{"format_version": "1.2", "resource_changes": [
  {"address": "aws_kms_key.k", "type": "aws_kms_key", "change": {"after": {"policy": ` + pol + `}, "after_unknown": {"arn": true, "key_id": true}}},
  {"address": "aws_sns_topic.t", "type": "aws_sns_topic", "change": {"after": {"arn": "` + topicB + `", "name": "memory-notifications"}, "after_unknown": {"kms_master_key_id": true}}},
  {"address": "aws_kinesis_stream.s", "type": "aws_kinesis_stream", "change": {"after": {"arn": "` + streamB + `", "encryption_type": "KMS", "kms_key_id": "alias/aws/kinesis"}, "after_unknown": {}}},
  {"address": "aws_s3_bucket_server_side_encryption_configuration.e", "type": "aws_s3_bucket_server_side_encryption_configuration", "change": {"after": {"bucket": "bucket-b", "rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms", "kms_master_key_id": "` + keyB + `"}], "bucket_key_enabled": true}]}, "after_unknown": {}}},
  {"address": "aws_kms_key_policy.p", "type": "aws_kms_key_policy", "change": {"after": {"key_id": "` + keyB + `", "policy": ` + pol + `}, "after_unknown": {}}}
 ],
 "configuration": {"root_module": {"resources": [
  {"address": "aws_sns_topic.t", "expressions": {"kms_master_key_id": {"references": ["aws_kms_key.k.arn", "aws_kms_key.k"]}}}
 ]}}}`
	m, _ := loadFiles(t, map[string]string{"plan.json": plan}, Options{})
	topic := dest(m, topicB)
	if topic == nil || topic.Key == nil || !topic.Key.Unknown {
		t.Fatalf("topic key = %+v, want unknown (known after apply)", topic)
	}
	if topic.KeyLink == nil || topic.KeyLink.Policy == nil || topic.KeyLink.Policy.Address != "aws_kms_key.k" {
		t.Errorf("topic key not linked to aws_kms_key.k: %+v", topic.KeyLink)
	}
	if s := dest(m, streamB); s == nil || s.Key == nil || s.Key.Value != "alias/aws/kinesis" {
		t.Errorf("stream key = %+v", s)
	}
	if b := dest(m, "arn:aws:s3:::bucket-b"); b == nil || b.Key == nil || b.Key.Value != keyB || b.KeyImplied {
		t.Errorf("bucket key = %+v", b)
	}
	if k := keyOf(m, keyB); k == nil || k.Policy == nil || k.Policy.Address != "aws_kms_key_policy.p" {
		t.Errorf("aws_kms_key_policy not loaded under its key_id: %+v", k)
	}
}

// TestShellKMS checks the aws command lines about keys and encryption, with
// positions in the script.
func TestShellKMS(t *testing.T) {
	script := `#!/bin/sh
aws sns set-topic-attributes --topic-arn ` + topicB + ` --attribute-name KmsMasterKeyId --attribute-value alias/aws/sns
aws kinesis start-stream-encryption --stream-arn ` + streamB + ` --encryption-type KMS --key-id "$STREAM_KEY"
aws s3api put-bucket-encryption --bucket bucket-b --server-side-encryption-configuration '{"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "` + keyB + `"}}]}'
aws kms put-key-policy --key-id ` + keyB + ` --policy-name default --policy file://key-policy.json
`
	m, _ := loadFiles(t, map[string]string{"setup.sh": script, "key-policy.json": keyPolicyJSON}, Options{})
	if d := dest(m, topicB); d == nil || d.Key == nil || d.Key.Value != "alias/aws/sns" || d.Key.Loc.Line != 2 {
		t.Errorf("topic key = %+v", d)
	}
	if d := dest(m, streamB); d == nil || d.Key == nil || !d.Key.Unknown || d.Key.Loc.Line != 3 {
		t.Errorf("stream key = %+v, want unknown at line 3", d)
	}
	if d := dest(m, "arn:aws:s3:::bucket-b"); d == nil || d.Key == nil || d.Key.Value != keyB || d.Key.Loc.Line != 4 {
		t.Errorf("bucket key = %+v", d)
	}
	if k := keyOf(m, keyB); k == nil || k.Policy == nil || k.Policy.Kind != model.KindKMS {
		t.Errorf("key policy = %+v", k)
	}
}

// TestKeyAliases checks aliases from the manifest, CloudFormation
// AWS::KMS::Alias and Terraform aws_kms_alias are attached to their key.
func TestKeyAliases(t *testing.T) {
	manifest := "version: 1\nkeys:\n  - arn: " + keyB + "\n    aliases: [alias/topic-key]\n"
	m, _ := loadFiles(t, map[string]string{"memlint.yaml": manifest}, Options{})
	if k := keyOf(m, keyB); k == nil || len(k.Aliases) != 1 || k.Aliases[0].Value != "alias/topic-key" || at(k.Aliases[0].Loc) != "4:15" {
		t.Errorf("manifest aliases: %+v", k)
	}
	cfn := `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {AWS: "arn:aws:iam::444455556666:root"}, Action: "kms:*", Resource: "*"}]}
  KeyAlias:
    Type: AWS::KMS::Alias
    Properties:
      AliasName: alias/topic-key
      TargetKeyId: !Ref Key
`
	m, _ = loadFiles(t, map[string]string{"t.yaml": cfn}, Options{})
	if len(m.Keys) != 1 || len(m.Keys[0].Aliases) != 1 || m.Keys[0].Policy == nil {
		t.Errorf("CloudFormation alias not on the key: %+v", m.Keys)
	}
	plan := `{"format_version": "1.2", "resource_changes": [
  {"address": "aws_kms_key.k", "type": "aws_kms_key", "change": {"after": {"arn": "` + keyB + `"}, "after_unknown": {}}},
  {"address": "aws_kms_alias.a", "type": "aws_kms_alias", "change": {"after": {"name": "alias/topic-key"}, "after_unknown": {"target_key_id": true}}}
 ],
 "configuration": {"root_module": {"resources": [
  {"address": "aws_kms_alias.a", "expressions": {"target_key_id": {"references": ["aws_kms_key.k.key_id", "aws_kms_key.k"]}}}
 ]}}}`
	m, _ = loadFiles(t, map[string]string{"plan.json": plan}, Options{})
	if k := keyOf(m, keyB); k == nil || len(k.Aliases) != 1 || k.Aliases[0].Value != "alias/topic-key" {
		t.Errorf("Terraform alias not on the key: %+v", m.Keys)
	}
	// Terraform lists resources by address: the alias before the key. The
	// key, created by the alias's reference, still gets its ARN.
	aliasFirst := `{"format_version": "1.2", "resource_changes": [
  {"address": "aws_kms_alias.a", "type": "aws_kms_alias", "change": {"after": {"name": "alias/topic-key"}, "after_unknown": {"target_key_id": true}}},
  {"address": "aws_kms_key.k", "type": "aws_kms_key", "change": {"after": {"arn": "` + keyB + `"}, "after_unknown": {}}}
 ],
 "configuration": {"root_module": {"resources": [
  {"address": "aws_kms_alias.a", "expressions": {"target_key_id": {"references": ["aws_kms_key.k.key_id", "aws_kms_key.k"]}}}
 ]}}}`
	m, _ = loadFiles(t, map[string]string{"plan.json": aliasFirst}, Options{})
	if k := keyOf(m, keyB); k == nil || len(k.Aliases) != 1 {
		t.Errorf("Terraform alias before its key: %+v", m.Keys)
	}
	// kms create-alias, as a CLI input file and as a command line.
	m, _ = loadFiles(t, map[string]string{
		"alias.json": `{"AliasName": "alias/topic-key", "TargetKeyId": "` + keyB + `"}`,
		"setup.sh":   "aws kms create-alias --alias-name alias/stream-key --target-key-id " + keyB + "\n",
	}, Options{})
	if k := keyOf(m, keyB); k == nil || len(k.Aliases) != 2 {
		t.Errorf("kms create-alias: %+v", m.Keys)
	}
	// A malformed alias is a manifest error.
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "memlint.yaml"), []byte("version: 1\nkeys:\n  - arn: "+keyB+"\n    aliases: [topic-key]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load([]string{dir}, Options{}); err == nil || !strings.Contains(err.Error(), "want an alias name") {
		t.Errorf("malformed alias: %v", err)
	}
}
