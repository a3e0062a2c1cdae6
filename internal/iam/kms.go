package iam

import (
	"regexp"
	"strings"

	"github.com/memlint/memlint/internal/model"
)

// This file holds the facts about KMS-encrypted delivery destinations
// (rules ML409 and ML410, memlint access): which KMS actions delivery needs
// of the execution role per destination type, how a destination's key
// reference resolves to a key ARN, and which keys are AWS managed.

// KeyActions are the KMS actions the memory's execution role must be
// allowed on the key that encrypts a destination, per destination service
// (the writer's side only: the memory publishes, puts objects and puts
// records, it never reads them back through the key).
//
//   - SNS: kms:GenerateDataKey* and kms:Decrypt on the topic's key (AWS
//     reference §5.4, the SNS key-management guidance). kms:GenerateDataKey
//     stands for kms:GenerateDataKey*: an Allow of the pattern matches it.
//   - Kinesis: kms:GenerateDataKey for producers; kms:Decrypt is the
//     consumers' (AWS reference §5.4, Kinesis "permissions-user-key-KMS").
//     The catalog row of ML409 lists SNS and Kinesis together; the Kinesis
//     guide asks producers for kms:GenerateDataKey only, so memlint does
//     not require kms:Decrypt of a stream's writer.
//   - S3: kms:GenerateDataKey (the catalog row of ML409). The only S3 page
//     in the reference (directory buckets) asks for kms:GenerateDataKey and
//     kms:Decrypt "to upload or download"; whether a general-purpose
//     bucket's PutObject needs kms:Decrypt is UNCONFIRMED, so memlint does
//     not claim it missing.
var keyActions = map[string][]string{
	"sns":     {"kms:GenerateDataKey", "kms:Decrypt"},
	"kinesis": {"kms:GenerateDataKey"},
	"s3":      {"kms:GenerateDataKey"},
}

// KeyActions returns the KMS actions delivery to a destination of service
// (s3, sns, kinesis) needs on its key; nil for another service.
func KeyActions(service string) []string { return keyActions[service] }

// ManagedKeyAlias is the alias of the AWS managed key of a destination
// service (alias/aws/sns, alias/aws/s3, alias/aws/kinesis): the key a
// destination uses when it is encrypted "with the AWS managed key".
func ManagedKeyAlias(service string) string {
	switch service {
	case "sns", "s3", "kinesis":
		return "alias/aws/" + service
	}
	return ""
}

// IsAWSManagedKey reports whether a key reference names an AWS managed key:
// an alias under alias/aws/ (AWS reserves that prefix for its managed keys),
// as an alias name or an alias ARN. A key ID or key ARN of an AWS managed
// key cannot be told from its text and is not recognised.
func IsAWSManagedKey(ref string) bool {
	return strings.HasPrefix(aliasName(ref), "alias/aws/")
}

// IsAliasRef reports whether ref names a KMS alias: alias/… or an alias ARN.
func IsAliasRef(ref string) bool { return aliasName(ref) != "" }

// aliasName is the alias part of an alias name or alias ARN, else "".
func aliasName(ref string) string {
	if strings.HasPrefix(ref, "alias/") {
		return ref
	}
	if a, err := ParseARN(ref); err == nil && a.Service == "kms" && strings.HasPrefix(a.Resource, "alias/") {
		return a.Resource
	}
	return ""
}

// keyID matches a KMS key ID: a UUID, or a multi-Region key's mrk- form.
var keyID = regexp.MustCompile(`^(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$`)

// KeyARN resolves a destination's key reference to the key's ARN: a key
// ARN as is; a bare key ID as a key of the destination's partition, region
// and account (the service resolves it there), when those are known.
// Aliases (whose key is not known from the text) and anything else give "".
func KeyARN(ref, partition, region, account string) string {
	if a, err := ParseARN(ref); err == nil {
		if a.Service == "kms" && strings.HasPrefix(a.Resource, "key/") && IsAccountID(a.Account) && a.Region != "" {
			return ref
		}
		return ""
	}
	if keyID.MatchString(ref) && partition != "" && region != "" && IsAccountID(account) {
		return "arn:" + partition + ":kms:" + region + ":" + account + ":key/" + ref
	}
	return ""
}

// KeyContext is the request context memlint knows of the KMS calls a
// destination's service makes for a delivery: Kinesis passes the
// encryption context {"aws:kinesis:arn": <stream ARN>}, usable as the
// condition key kms:EncryptionContext:aws:kinesis:arn (AWS reference §5.4,
// Kinesis "permissions-user-key-KMS"). The encryption context of SNS and
// S3 is not in memlint's reference: conditions on it stay undecided.
func KeyContext(service, destination string) map[string][]string {
	if service == "kinesis" && destination != "" {
		return map[string][]string{"kms:EncryptionContext:aws:kinesis:arn": {destination}}
	}
	return nil
}

// DestinationKey is what memlint knows of the key that encrypts a
// destination: resolved by ResolveKey, the same for the linter and
// memlint access.
type DestinationKey struct {
	Ref     model.Str // the destination's encryption setting, as written
	Implied bool      // SSE-KMS without a key ID: the AWS managed key
	ARN     string    // the key's ARN; "" when it cannot be told (alias, deploy-time value)
	Account string    // the key's account, when known
	Managed bool      // an AWS managed key (alias/aws/…)
	Key     *model.Key
}

// ResolveKey resolves the key of a destination (its ARN destARN; region and
// account as parsed from it, "" for S3) against the supplied keys, or
// returns nil when the destination is not known to be encrypted with KMS.
// A key ID or alias name resolves in the destination's account and region;
// a key supplied under the key ARN, the reference as written or the
// alias's ARN is linked, as is a key infrastructure code links by
// reference.
func ResolveKey(d *model.Destination, keys map[string]*model.Key, partition, region, account string) *DestinationKey {
	if d == nil || d.Key == nil {
		return nil
	}
	k := &DestinationKey{Ref: *d.Key, Implied: d.KeyImplied, Key: d.KeyLink}
	if d.Key.Unknown {
		return k
	}
	ref := d.Key.Value
	k.Managed = IsAWSManagedKey(ref)
	k.ARN = KeyARN(ref, partition, region, account)
	if a, err := ParseARN(ref); err == nil {
		k.Account = a.Account
	} else {
		k.Account = account
	}
	alias := ""
	if strings.HasPrefix(ref, "alias/") && region != "" && account != "" {
		alias = "arn:" + partition + ":kms:" + region + ":" + account + ":" + ref
	}
	for _, name := range []string{k.ARN, ref, alias} {
		if kk := keys[name]; k.Key == nil && name != "" && kk != nil {
			k.Key = kk
		}
	}
	if k.ARN == "" && k.Key != nil && !k.Managed {
		// An alias of a supplied key: the key's own ARN.
		if a, err := ParseARN(k.Key.ARN.Value); err == nil && a.Service == "kms" && strings.HasPrefix(a.Resource, "key/") && !k.Key.ARN.Unknown {
			k.ARN, k.Account = k.Key.ARN.Value, a.Account
		}
	}
	return k
}

// KeyIndex maps the ARN (or the ID a source names it by) and the aliases
// of every supplied key to the key, for ResolveKey. An alias name of a key
// whose ARN is known is also indexed as the alias's ARN (aliases are per
// account and region).
func KeyIndex(keys []*model.Key) map[string]*model.Key {
	out := map[string]*model.Key{}
	for _, k := range keys {
		if k.ARN.Value != "" && !k.ARN.Unknown {
			out[k.ARN.Value] = k
		}
		a, err := ParseARN(k.ARN.Value)
		for _, al := range k.Aliases {
			if al.Unknown || al.Value == "" {
				continue
			}
			out[al.Value] = k
			if err == nil && !k.ARN.Unknown && strings.HasPrefix(al.Value, "alias/") {
				out["arn:"+a.Partition+":kms:"+a.Region+":"+a.Account+":"+al.Value] = k
			}
		}
	}
	return out
}

// Resource is the resource a request for the key names: its ARN; "*" when
// the ARN is not known (computed at deploy time, or an alias) but the
// key's policy is linked (by an infrastructure-code reference, or under
// the alias) and names the key only as "*" ("this key", the usual
// key-policy Resource); "" when the key cannot be judged.
func (k *DestinationKey) Resource() string {
	if k.ARN != "" {
		return k.ARN
	}
	if k.Key == nil || k.Key.Policy == nil || len(k.Key.Policy.Statements) == 0 {
		return ""
	}
	for _, s := range k.Key.Policy.Statements {
		if s.Resource == nil || s.Resource.Not || len(s.Resource.Values) != 1 || s.Resource.Values[0].Value != "*" {
			return ""
		}
	}
	return "*"
}
