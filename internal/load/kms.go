package load

import (
	"strings"

	"github.com/memlint/memlint/internal/iam"
	"github.com/memlint/memlint/internal/model"
	"github.com/memlint/memlint/internal/source"
)

// This file reads KMS keys and the encryption settings of delivery
// destinations (rules ML409, ML410): KMS key policies and aliases from the
// manifest's keys: section, kms put-key-policy input files, CloudFormation
// AWS::KMS::Key / AWS::KMS::Alias and Terraform aws_kms_key /
// aws_kms_key_policy / aws_kms_alias; a
// destination's key from the manifest's kms_key, the sns
// set-topic-attributes (KmsMasterKeyId), s3api put-bucket-encryption and
// kinesis start-stream-encryption input files, CloudFormation
// AWS::SNS::Topic / AWS::S3::Bucket / AWS::Kinesis::Stream and Terraform
// aws_sns_topic / aws_s3_bucket_server_side_encryption_configuration /
// aws_kinesis_stream. A key computed at deploy time stays unknown.

// keyRing joins KMS keys by ARN (or the name a source gives them) and by
// infrastructure-code reference.
type keyRing struct {
	keys  []*model.Key
	byARN map[string]*model.Key
	byRef map[string]*model.Key
}

// key returns the key with that ARN (or key ID / alias as written),
// creating it; an empty or unknown ARN always makes a new key.
func (k *keyRing) key(arn model.Str) *model.Key {
	if k.byARN == nil {
		k.byARN, k.byRef = map[string]*model.Key{}, map[string]*model.Key{}
	}
	if arn.Value != "" && !arn.Unknown {
		if key := k.byARN[arn.Value]; key != nil {
			return key
		}
	}
	key := &model.Key{ARN: arn}
	if arn.Value != "" && !arn.Unknown {
		k.byARN[arn.Value] = key
	}
	k.keys = append(k.keys, key)
	return key
}

// keyRef returns the key infrastructure code defines under ref (a
// template's logical ID, a plan's address), creating it.
func (k *keyRing) keyRef(ref string, arn model.Str) *model.Key {
	if k.byRef == nil {
		k.byARN, k.byRef = map[string]*model.Key{}, map[string]*model.Key{}
	}
	if key := k.byRef[ref]; key != nil {
		// A reference seen before the key's own resource (a plan lists
		// aws_kms_alias before aws_kms_key) created it without its ARN.
		if key.ARN.Value == "" && arn.Value != "" && !arn.Unknown {
			key.ARN = arn
			k.byARN[arn.Value] = key
		}
		return key
	}
	key := k.key(arn)
	k.byRef[ref] = key
	return key
}

// into stores the keys that have a policy or aliases in the model.
func (k *keyRing) into(m *model.Model) {
	for _, key := range k.keys {
		if key.Policy != nil || len(key.Aliases) > 0 {
			m.Keys = append(m.Keys, key)
		}
	}
}

// setKeyPolicy attaches a decoded key policy to its key.
func setKeyPolicy(key *model.Key, p *model.Policy) {
	if p == nil {
		return
	}
	if key.ARN.Value != "" || key.ARN.Unknown {
		a := key.ARN
		p.Attached = &a
	}
	key.Policy = p
}

// validKeyRef reports whether a manifest kms_key value names a key: a KMS
// key or alias ARN, an alias name or a key ID.
func validKeyRef(s string) string {
	switch {
	case strings.HasPrefix(s, "arn:"):
		if probs := iam.ValidateARN(s, iam.ARNValue); len(probs) > 0 {
			return strings.TrimSuffix(probs[0].Msg, ".")
		}
		if a, _ := iam.ParseARN(s); a.Service != "kms" || !strings.HasPrefix(a.Resource, "key/") && !strings.HasPrefix(a.Resource, "alias/") {
			return "not a KMS key or alias ARN"
		}
	case strings.HasPrefix(s, "alias/"):
	case iam.KeyARN(s, "aws", "us-east-1", "111122223333") != "":
		// A key ID (UUID or mrk-…).
	default:
		return "want a KMS key ARN, alias ARN, alias name (alias/…) or key ID"
	}
	return ""
}

// manifestKeys reads the manifest's keys: section and the kms_key of a
// destinations: entry (docs/inputs.md, `memlint.yaml`).
func (r *manifestReader) manifestKeys(root *source.Node, files *[]string) {
	for _, k := range r.list(root, "keys") {
		r.keys(k, "arn", "policy", "aliases")
		v := k.Get("arn")
		arn := model.Str{}
		switch {
		case v == nil:
			r.errorf(k.Loc, "arn is required")
		case v.Kind != source.String:
			r.errorf(v.Loc, "arn must be a string")
		default:
			arn = model.Str{Value: v.Value, Loc: v.Loc}
			if msg := validKeyRef(v.Value); msg != "" || !strings.HasPrefix(v.Value, "arn:") {
				if msg == "" {
					msg = "want a KMS key ARN"
				}
				r.errorf(v.Loc, "key %q: %s", v.Value, msg)
			}
		}
		key := r.l.keys.key(arn)
		if as := k.Get("aliases"); as != nil {
			if as.Kind != source.Array {
				r.errorf(as.Loc, "aliases must be a list of alias names (alias/…) or alias ARNs")
			}
			for _, a := range as.Items {
				if a.Kind != source.String || !iam.IsAliasRef(a.Value) {
					r.errorf(a.Loc, "want an alias name (alias/…) or an alias ARN")
					continue
				}
				key.Aliases = append(key.Aliases, model.Str{Value: a.Value, Loc: a.Loc})
			}
		}
		if f := r.path(k, "policy"); f != "" {
			*files = append(*files, f)
			r.assign(f, "kms key policy", func(n *source.Node, text string) {
				setKeyPolicy(key, r.policy(f, n, text, model.KindKMS, arn))
			})
		}
	}
}

// destinationKey reads a destinations: entry's kms_key.
func (r *manifestReader) destinationKey(d *source.Node, dst *model.Destination) {
	v := d.Get("kms_key")
	if v == nil || v.Kind == source.Null {
		return
	}
	if v.Kind != source.String {
		r.errorf(v.Loc, "kms_key must be a string")
		return
	}
	if msg := validKeyRef(v.Value); msg != "" {
		r.errorf(v.Loc, "kms_key %q: %s", v.Value, msg)
		return
	}
	dst.Key = &model.Str{Value: v.Value, Loc: v.Loc}
}

// cliKMS recognises the AWS CLI input files about keys and encryption
// settings; it returns what the file was taken to be, or "".
func (l *loader) cliKMS(name string, n *source.Node) string {
	has := func(keys ...string) bool {
		for _, k := range keys {
			if n.Get(k) == nil {
				return false
			}
		}
		return true
	}
	switch {
	case has("KeyId", "Policy"):
		id := strField(n, "KeyId")
		p := l.embedded(name, n.Get("Policy"), "Policy", model.KindKMS)
		setKeyPolicy(l.keys.key(id), p)
		return "kms put-key-policy"
	case has("AliasName", "TargetKeyId"):
		l.createAlias(strField(n, "AliasName"), strField(n, "TargetKeyId"))
		return "kms create-alias"
	case has("TopicArn", "AttributeName", "AttributeValue") && strField(n, "AttributeName").Value == "KmsMasterKeyId":
		arn, key := strField(n, "TopicArn"), strField(n, "AttributeValue")
		if arn.Value != "" && key.Value != "" {
			l.links.dest(arn, "sns").Key = &key
		}
		return "sns set-topic-attributes (KmsMasterKeyId)"
	case has("Bucket", "ServerSideEncryptionConfiguration"):
		b := strField(n, "Bucket")
		if b.Value != "" {
			arn := model.Str{Value: "arn:aws:s3:::" + b.Value, Loc: b.Loc}
			s3Encryption(l.links.dest(arn, "s3"), n.Get("ServerSideEncryptionConfiguration"), camelRule, plainStr)
		}
		return "s3api put-bucket-encryption"
	case has("EncryptionType", "KeyId") && (has("StreamARN") || has("StreamName")):
		arn := strField(n, "StreamARN")
		if arn.Value != "" && strings.EqualFold(strField(n, "EncryptionType").Value, "KMS") {
			key := strField(n, "KeyId")
			l.links.dest(arn, "kinesis").Key = &key
		}
		return "kinesis start-stream-encryption"
	}
	return ""
}

// createAlias is kms create-alias / update-alias: the alias names the key
// (given by key ID or key ARN, as written).
func (l *loader) createAlias(alias, target model.Str) {
	if alias.Unknown || target.Unknown || target.Value == "" || !iam.IsAliasRef(alias.Value) {
		return
	}
	key := l.keys.key(target)
	key.Aliases = append(key.Aliases, alias)
}

// s3Rule names the members of an S3 default-encryption rule in one
// source's spelling.
type s3Rule struct {
	rules, byDefault, algorithm, keyID string
}

var (
	camelRule = s3Rule{"Rules", "ApplyServerSideEncryptionByDefault", "SSEAlgorithm", "KMSMasterKeyID"}
	cfnRule   = s3Rule{"ServerSideEncryptionConfiguration", "ServerSideEncryptionByDefault", "SSEAlgorithm", "KMSMasterKeyID"}
	tfRule    = s3Rule{"rule", "apply_server_side_encryption_by_default", "sse_algorithm", "kms_master_key_id"}
)

// s3Encryption reads a bucket's default encryption: SSE-KMS (aws:kms, or
// aws:kms:dsse) with the key KMSMasterKeyID names, or the AWS managed key
// aws/s3 when none is named. n is the object holding the rules list; read
// reads a scalar (marking infrastructure-code values unknown).
func s3Encryption(dst *model.Destination, n *source.Node, spell s3Rule, read func(*source.Node) model.Str) {
	if n == nil {
		return
	}
	rules := n.Get(spell.rules)
	if rules == nil {
		return
	}
	items := itemsOf(rules)
	if rules.Kind == source.Object {
		items = []*source.Node{rules}
	}
	for _, rule := range items {
		def := rule.Get(spell.byDefault)
		if def != nil && def.Kind == source.Array && len(def.Items) == 1 {
			def = def.Items[0] // a Terraform block
		}
		if def == nil || def.Kind != source.Object {
			continue
		}
		alg := read(def.Get(spell.algorithm))
		if alg.Unknown {
			dst.Key = &alg // the algorithm itself is a deploy-time value
			return
		}
		if alg.Value != "aws:kms" && alg.Value != "aws:kms:dsse" {
			continue
		}
		if key := read(def.Get(spell.keyID)); key.Value != "" || key.Unknown {
			dst.Key, dst.KeyImplied = &key, false
			return
		}
		dst.Key = &model.Str{Value: iam.ManagedKeyAlias("s3"), Loc: alg.Loc}
		dst.KeyImplied = true
		return
	}
}

// cfnEncryption reads the CloudFormation resources about keys and
// encryption: AWS::KMS::Key (its KeyPolicy), AWS::SNS::Topic
// (KmsMasterKeyId), AWS::S3::Bucket (BucketEncryption) and
// AWS::Kinesis::Stream (StreamEncryption).
func (c *cfnTemplate) cfnEncryption(r *cfnResource) {
	switch r.typ {
	case "AWS::KMS::Key":
		c.calls++
		key := c.l.keys.keyRef(c.file+"#"+r.id, model.Str{})
		if kp := r.prop("KeyPolicy"); kp != nil {
			setKeyPolicy(key, c.policy(kp, model.KindKMS, r.id, "KeyPolicy", r))
		}
	case "AWS::KMS::Alias":
		name := c.str(r.prop("AliasName"))
		if name.Unknown || !iam.IsAliasRef(name.Value) {
			return
		}
		c.calls++
		var key *model.Key
		if id := c.refTo(r.prop("TargetKeyId"), "AWS::KMS::Key"); id != "" {
			key = c.l.keys.keyRef(c.file+"#"+id, model.Str{})
		} else if t := c.str(r.prop("TargetKeyId")); !t.Unknown && t.Value != "" {
			key = c.l.keys.key(t)
		}
		if key != nil {
			key.Aliases = append(key.Aliases, name)
		}
	case "AWS::SNS::Topic":
		arn, ok := c.arn(r, "sns", "", "TopicName", 0)
		if kn := r.prop("KmsMasterKeyId"); kn != nil && ok {
			c.calls++
			c.destKey(c.l.links.dest(model.Str{Value: arn, Loc: r.props.Loc}, "sns"), kn)
		}
	case "AWS::S3::Bucket":
		name, ok := c.known(r.prop("BucketName"), 0)
		if enc := r.prop("BucketEncryption"); enc != nil && ok {
			c.calls++
			dst := c.l.links.dest(model.Str{Value: "arn:" + c.partition() + ":s3:::" + name, Loc: r.props.Loc}, "s3")
			s3Encryption(dst, c.resolve(enc, 0), cfnRule, c.unk.read)
			c.linkKey(dst, enc, cfnRule)
		}
	case "AWS::Kinesis::Stream":
		arn, ok := c.arn(r, "kinesis", "stream/", "Name", 0)
		enc := r.prop("StreamEncryption")
		if enc == nil || !ok {
			return
		}
		c.calls++
		if t := c.str(enc.Get("EncryptionType")); t.Unknown || strings.EqualFold(t.Value, "KMS") {
			c.destKey(c.l.links.dest(model.Str{Value: arn, Loc: r.props.Loc}, "kinesis"), enc.Get("KeyId"))
		}
	}
}

// destKey sets a destination's key from a template value: resolved, or
// unknown and linked to an AWS::KMS::Key of the template by reference.
func (c *cfnTemplate) destKey(dst *model.Destination, n *source.Node) {
	if n == nil {
		return
	}
	s := c.str(n)
	dst.Key = &s
	if id := c.refTo(n, "AWS::KMS::Key"); id != "" {
		dst.KeyLink = c.l.keys.keyRef(c.file+"#"+id, model.Str{})
	}
}

// linkKey links a bucket's KMSMasterKeyID to an AWS::KMS::Key of the
// template when it refers to one.
func (c *cfnTemplate) linkKey(dst *model.Destination, enc *source.Node, spell s3Rule) {
	for _, rule := range itemsOf(enc.Get(spell.rules)) {
		if id := c.refTo(get(rule, spell.byDefault, spell.keyID), "AWS::KMS::Key"); id != "" {
			dst.KeyLink = c.l.keys.keyRef(c.file+"#"+id, model.Str{})
		}
	}
}

// tfEncryption reads the Terraform resources about keys and encryption.
func (t *tfPlan) tfEncryption(r *tfResource) {
	v := r.values
	switch r.typ {
	case "aws_kms_key":
		t.count++
		key := t.l.keys.keyRef(t.file+"#"+r.config, known(t.str(v, "arn")))
		setKeyPolicy(key, t.policy(r, v.Get("policy"), model.KindKMS))
	case "aws_kms_key_policy":
		t.count++
		var key *model.Key
		if ref := t.refOf(r, "key_id", "aws_kms_key"); ref != "" {
			key = t.l.keys.keyRef(t.file+"#"+ref, model.Str{})
		} else {
			key = t.l.keys.key(known(t.str(v, "key_id")))
		}
		setKeyPolicy(key, t.policy(r, v.Get("policy"), model.KindKMS))
	case "aws_kms_alias":
		name := t.str(v, "name")
		if name.Unknown || !iam.IsAliasRef(name.Value) {
			return
		}
		t.count++
		var key *model.Key
		if ref := t.refOf(r, "target_key_id", "aws_kms_key"); ref != "" {
			key = t.l.keys.keyRef(t.file+"#"+ref, model.Str{})
		} else if id := t.str(v, "target_key_arn"); !id.Unknown && id.Value != "" {
			key = t.l.keys.key(id)
		} else if id := t.str(v, "target_key_id"); !id.Unknown && id.Value != "" {
			key = t.l.keys.key(id)
		}
		if key != nil {
			key.Aliases = append(key.Aliases, name)
		}
	case "aws_sns_topic":
		arn := t.str(v, "arn")
		if k := t.str(v, "kms_master_key_id"); (k.Value != "" || k.Unknown) && !arn.Unknown && arn.Value != "" {
			t.count++
			t.destKey(r, t.l.links.dest(arn, "sns"), k, "kms_master_key_id")
		}
	case "aws_kinesis_stream":
		arn := t.str(v, "arn")
		typ := t.str(v, "encryption_type")
		if !arn.Unknown && arn.Value != "" && (typ.Unknown || strings.EqualFold(typ.Value, "KMS")) {
			t.count++
			t.destKey(r, t.l.links.dest(arn, "kinesis"), t.str(v, "kms_key_id"), "kms_key_id")
		}
	case "aws_s3_bucket_server_side_encryption_configuration":
		b := t.str(v, "bucket")
		if b.Unknown || b.Value == "" {
			return
		}
		t.count++
		dst := t.l.links.dest(model.Str{Value: "arn:aws:s3:::" + b.Value, Loc: b.Loc}, "s3")
		s3Encryption(dst, v, tfRule, t.unk.read)
	}
}

// destKey sets a destination's key from a plan attribute, linking an
// aws_kms_key the configuration refers to.
func (t *tfPlan) destKey(r *tfResource, dst *model.Destination, key model.Str, attr string) {
	if key.Value == "" && !key.Unknown {
		return
	}
	dst.Key = &key
	if ref := t.refOf(r, attr, "aws_kms_key"); ref != "" {
		dst.KeyLink = t.l.keys.keyRef(t.file+"#"+ref, model.Str{})
	}
}

// shellKMS reads the aws command lines about keys and encryption (the
// flag forms of the CLI input files cliKMS reads); it reports whether the
// command was one of them.
func (s *shellScript) shellKMS(key string, args map[string]*shellArg) bool {
	str := func(flag string) model.Str { return s.str(args[flag]) }
	switch key {
	case "kms put-key-policy":
		s.calls++
		setKeyPolicy(s.l.keys.key(known(str("--key-id"))), s.policy(args["--policy"], model.KindKMS))
	case "kms create-alias", "kms update-alias":
		s.calls++
		s.l.createAlias(str("--alias-name"), str("--target-key-id"))
	case "sns set-topic-attributes":
		if a := args["--attribute-name"]; a == nil || a.text != "KmsMasterKeyId" {
			return false
		}
		s.calls++
		if arn, k := str("--topic-arn"), str("--attribute-value"); !arn.Unknown && arn.Value != "" && (k.Value != "" || k.Unknown) {
			s.l.links.dest(arn, "sns").Key = &k
		}
	case "kinesis start-stream-encryption":
		s.calls++
		arn, typ, k := str("--stream-arn"), str("--encryption-type"), str("--key-id")
		if !arn.Unknown && arn.Value != "" && (typ.Unknown || strings.EqualFold(typ.Value, "KMS")) && (k.Value != "" || k.Unknown) {
			s.l.links.dest(arn, "kinesis").Key = &k
		}
	case "s3api put-bucket-encryption":
		s.calls++
		b := str("--bucket")
		if b.Unknown || b.Value == "" {
			return true
		}
		dst := s.l.links.dest(model.Str{Value: "arn:aws:s3:::" + b.Value, Loc: b.Loc}, "s3")
		s3Encryption(dst, s.json(args["--server-side-encryption-configuration"]), camelRule, s.unk.read)
	default:
		return false
	}
	return true
}

// plainStr reads a string node as it is.
func plainStr(n *source.Node) model.Str {
	if n == nil || n.Kind != source.String {
		return model.Str{}
	}
	return model.Str{Value: n.Value, Loc: n.Loc}
}

// read reads a string node, unknown when infrastructure code recorded its
// position as a deploy-time value.
func (u unknowns) read(n *source.Node) model.Str {
	s := plainStr(n)
	u.str(&s)
	return s
}
