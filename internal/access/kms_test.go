package access_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const keyARN = "arn:aws:kms:us-east-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab"

// TestDeliveryKey checks the key as the third condition of a delivery: the
// key policy must admit the role (directly, or through its account with
// the role's own permission), an AWS managed key of another account never
// does, and a key policy not supplied leaves the delivery unknown.
func TestDeliveryKey(t *testing.T) {
	t.Parallel()
	withKey := func(key string, keyPolicy bool) string {
		m := strings.Replace(manifest, "    policy: topic.json\n", "    policy: topic.json\n    kms_key: "+key+"\n", 1)
		if keyPolicy {
			m += "keys:\n  - arn: " + keyARN + "\n    policy: key.json\n"
		}
		return m
	}
	keyFor := func(principal string) string {
		return policy(`{"Effect": "Allow", "Principal": {"AWS": "` + principal + `"}, "Action": ["kms:GenerateDataKey*", "kms:Decrypt"], "Resource": "*"}`)
	}
	permKMS := policy(`{"Effect": "Allow", "Action": "sns:Publish", "Resource": "`+topicARN+`"}`,
		`{"Effect": "Allow", "Action": ["kms:GenerateDataKey", "kms:Decrypt"], "Resource": "`+keyARN+`"}`)
	type result struct{ Status, Reason, Key string }
	tests := []struct {
		name  string
		files map[string]string
		want  result
	}{
		{"key policy names the role", files(map[string]string{"memlint.yaml": withKey(keyARN, true), "key.json": keyFor(execARN), "perm.json": permKMS}),
			result{"allowed", "", "kms:GenerateDataKey allowed, kms:Decrypt allowed"}},
		{"root of the role's account, role lacks kms", files(map[string]string{"memlint.yaml": withKey(keyARN, true), "key.json": keyFor("arn:aws:iam::111122223333:root")}),
			result{"denied", "role MemoryRole is not allowed kms:GenerateDataKey on key key/1234abcd-12ab-34cd-56ef-1234567890ab", "kms:GenerateDataKey denied, kms:Decrypt denied"}},
		{"key policy names only its own account", files(map[string]string{"memlint.yaml": withKey(keyARN, true), "key.json": keyFor("arn:aws:iam::444455556666:root"), "perm.json": permKMS}),
			result{"denied", "key policy of key/1234abcd-12ab-34cd-56ef-1234567890ab does not allow MemoryRole kms:GenerateDataKey", "kms:GenerateDataKey denied, kms:Decrypt denied"}},
		{"AWS managed key of another account", files(map[string]string{"memlint.yaml": withKey("alias/aws/sns", false)}),
			result{"denied", "encrypted with the AWS managed key alias/aws/sns, whose key policy cannot admit MemoryRole of account 111122223333", "kms:GenerateDataKey denied, kms:Decrypt denied"}},
		{"key policy not supplied", files(map[string]string{"memlint.yaml": withKey(keyARN, false), "perm.json": permKMS}),
			result{"unknown", "kms:GenerateDataKey on key: key policy not supplied", "kms:GenerateDataKey unknown, kms:Decrypt unknown"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v := build(t, tt.files)
			found := false
			for _, d := range v.Memories[0].Deliveries {
				if d.Service != "sns" {
					continue
				}
				found = true
				if !d.Key.Encrypted {
					t.Fatalf("delivery has no key: %+v", d)
				}
				var keys []string
				for _, s := range d.Steps {
					if s.Step == "key" {
						keys = append(keys, s.Action+" "+string(s.Decision))
					}
				}
				got := result{d.Status, d.Reason, strings.Join(keys, ", ")}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("sns delivery (-want +got):\n%s", diff)
				}
			}
			if !found {
				t.Fatal("no sns delivery")
			}
		})
	}
}
