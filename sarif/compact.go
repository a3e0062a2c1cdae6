package sarif

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// go-sarif v3 marshals many optional members without omitempty, and its
// constructors fill them with empty arrays and SARIF defaults (index -1, rank -1,
// kind "fail", language "en-US", …). A SARIF reader treats an absent member as
// its default, so removing them changes nothing but size: a result shrinks from
// about sixty lines to twenty, and the log says only what memlint knows.

// spelledDefaults are members go-sarif writes whose values equal the default
// the SARIF 2.1.0 specification gives them, by member name, as compact JSON.
// The names are unambiguous in the parts of the object model memlint uses.
var spelledDefaults = map[string]string{
	"byteOffset":       `-1`, // §3.30.12
	"charOffset":       `-1`, // §3.30.10
	"contents":         `["localizedData","nonLocalizedData"]`,
	"enabled":          `true`, // reportingConfiguration §3.51.2
	"id":               `-1`,   // location §3.28.2 (rule ids are strings)
	"index":            `-1`,   // artifactLocation §3.4.5
	"isComprehensive":  `false`,
	"kind":             `"fail"`, // result §3.27.9
	"language":         `"en-US"`,
	"length":           `-1`, // artifact §3.24.8
	"newlineSequences": `["\r\n","\n"]`,
	"parentIndex":      `-1`, // artifact §3.24.3
	"rank":             `-1`, // result §3.27.25, reportingConfiguration §3.51.4
	"ruleIndex":        `-1`, // result §3.27.6
}

// keptEmpty are arrays that mean something when empty: "results": [] says the
// analysis ran and found nothing, where an absent member would say it did not
// run (SARIF §3.14.23).
var keptEmpty = map[string]bool{"results": true, "rules": true}

// member is one name/value pair of a JSON object, kept in document order.
type member struct {
	name  string
	value any
}

// object is a JSON object whose member order survives a round trip.
type object []member

// compact re-encodes the JSON document in src without the members described
// above, indented by two spaces and ending in a newline. Strings are written
// without HTML escaping, so Markdown help stays readable.
func compact(src []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	v, err := decodeValue(dec)
	if err != nil {
		return nil, fmt.Errorf("decode sarif: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("decode sarif: trailing data")
	}
	var flat bytes.Buffer
	if err := encodeValue(&flat, prune(v)); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, flat.Bytes(), "", "  "); err != nil {
		return nil, err
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}

// decodeValue reads one JSON value as object, []any, string, json.Number,
// bool or nil.
func decodeValue(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch tok {
	case json.Delim('{'):
		obj := object{}
		for dec.More() {
			key, err := dec.Token()
			if err != nil {
				return nil, err
			}
			v, err := decodeValue(dec)
			if err != nil {
				return nil, err
			}
			obj = append(obj, member{key.(string), v})
		}
		_, err := dec.Token() // '}'
		return obj, err
	case json.Delim('['):
		arr := []any{}
		for dec.More() {
			v, err := decodeValue(dec)
			if err != nil {
				return nil, err
			}
			arr = append(arr, v)
		}
		_, err := dec.Token() // ']'
		return arr, err
	}
	return tok, nil
}

// prune drops, from every object, members whose value is an empty array or
// object (unless keptEmpty) or a spelled-out default. Array elements are kept
// as they are: position in an array carries meaning.
func prune(v any) any {
	switch v := v.(type) {
	case object:
		out := object{}
		for _, m := range v {
			val := prune(m.value)
			if !keptEmpty[m.name] && isEmpty(val) {
				continue
			}
			if def, ok := spelledDefaults[m.name]; ok && encodesAs(val, def) {
				continue
			}
			out = append(out, member{m.name, val})
		}
		return out
	case []any:
		for i := range v {
			v[i] = prune(v[i])
		}
		return v
	}
	return v
}

func isEmpty(v any) bool {
	switch v := v.(type) {
	case object:
		return len(v) == 0
	case []any:
		return len(v) == 0
	}
	return false
}

// encodesAs reports whether v, written compactly, is exactly want.
func encodesAs(v any, want string) bool {
	var b bytes.Buffer
	return encodeValue(&b, v) == nil && b.String() == want
}

// encodeValue writes v as compact JSON.
func encodeValue(b *bytes.Buffer, v any) error {
	switch v := v.(type) {
	case object:
		b.WriteByte('{')
		for i, m := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := encodeString(b, m.name); err != nil {
				return err
			}
			b.WriteByte(':')
			if err := encodeValue(b, m.value); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	case []any:
		b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := encodeValue(b, e); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case string:
		return encodeString(b, v)
	case json.Number:
		b.WriteString(v.String())
	case bool:
		fmt.Fprint(b, v)
	case nil:
		b.WriteString("null")
	default:
		return fmt.Errorf("encode sarif: unexpected %T", v)
	}
	return nil
}

// encodeString writes s as a JSON string without escaping <, > and &.
func encodeString(b *bytes.Buffer, s string) error {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return err
	}
	b.Truncate(b.Len() - 1) // Encode appends a newline
	return nil
}
