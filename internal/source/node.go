package source

import "github.com/memlint/memlint/rules"

// Kind is the JSON type of a [Node].
type Kind uint8

// The kinds of value a document holds. YAML scalars are classified by their
// resolved tag; a scalar with a custom tag (such as !Ref) is a String.
const (
	Null Kind = iota
	Bool
	Number
	String
	Array
	Object
)

// String returns the JSON name of the kind as messages print it: "null",
// "boolean", "number", "string", "array" or "object".
func (k Kind) String() string {
	switch k {
	case Null:
		return "null"
	case Bool:
		return "boolean"
	case Number:
		return "number"
	case String:
		return "string"
	case Array:
		return "array"
	case Object:
		return "object"
	}
	return "invalid"
}

// Node is one value of a parsed document and the span of its text in the
// input file.
//
// Nodes produced by YAML alias resolution are shared: an alias yields the
// very node its anchor defined, so its Loc points at the anchor's value.
type Node struct {
	// Kind is the type of the value.
	Kind Kind
	// style says how the token encodes Value (see src below); beside Kind,
	// the two bytes share a word (a large file's tree has millions of
	// nodes).
	style style
	// Value is the decoded value of a String; for Number, Bool and Null it is
	// the literal text of the source ("12", "1e3", "true", "null", or "~"
	// and "" for YAML nulls). It is empty for Array and Object.
	Value string
	// Items are the elements of an Array.
	Items []*Node
	// Fields are the members of an Object, in source order.
	Fields []*Field
	// Loc is the span of the whole value. For strings it includes the
	// quotes; for YAML values it includes an explicit tag or anchor.
	Loc rules.Location
	// Tag is the explicit YAML tag of the value, such as "!Ref" or "!Sub"
	// (CloudFormation short forms). Standard tags ("!!str", "!!int", …)
	// decide Kind instead and are not kept; Tag is always "" for JSON.
	Tag string

	// src is the text the value was read from; rawStart and rawEnd are the
	// offsets in src.data of the value's own token (for YAML, after its tag
	// and anchor). style says how the token encodes Value, so that Embedded
	// can map offsets inside Value back to src.
	src              *text
	rawStart, rawEnd int
}

// Field is one member of an object.
type Field struct {
	// Key is the decoded member name.
	Key string
	// KeyLoc is the span of the name, including quotes if it has them.
	KeyLoc rules.Location
	// Value is the member's value.
	Value *Node
}

// Get returns the value of the first field of an object named exactly key,
// or nil if n is nil, is not an object, or has no such field.
func (n *Node) Get(key string) *Node {
	if n == nil || n.Kind != Object {
		return nil
	}
	for _, f := range n.Fields {
		if f.Key == key {
			return f.Value
		}
	}
	return nil
}

// Error is a syntax error in a document, with the position of the offending
// text. Errors found inside an embedded document (see [Node.Embedded]) are
// positioned in the outer file.
type Error struct {
	// Loc is where the problem is: usually the offending character, or a
	// whole line when only the line is known (some YAML errors).
	Loc rules.Location
	// Msg says what is wrong, in lower case without trailing punctuation.
	Msg string
}

// Error formats the error as "file:line:col: msg", the compiler convention.
func (e *Error) Error() string {
	return e.Loc.String() + ": " + e.Msg
}
