package rules

// Builtin holds the metadata of the rules implemented in Go: checks only Go
// can make, such as a document that does not parse and so never reaches Rego.
var Builtin = []*Meta{
	{
		// id: ML001
		ID:       "ML001",
		Slug:     "invalid-document",
		Category: "policy",
		Title:    "File is not a valid JSON or YAML document",
		Description: "The file (or a policy held as a JSON string inside it) is not valid JSON or YAML, " +
			"or a policy's top level is not an object. AWS rejects such a document outright, and memlint " +
			"cannot check anything inside it. JSON is parsed strictly (RFC 8259): trailing commas, comments, " +
			"byte-order marks, duplicate keys and concatenated documents are errors, as they are for IAM. " +
			"A file in UTF-16 or UTF-32 with a byte-order mark (what PowerShell's Out-File writes by default) " +
			"is reported too, then decoded and checked, positions in the decoded text; a named pipe, device " +
			"or socket named on the command line is reported and not read.",
		Remediation: "Fix the syntax error at the reported position; validate the file with a strict JSON parser " +
			"(for example `python3 -m json.tool`). Policies passed to the AWS CLI as strings must themselves be valid JSON. " +
			"Save files as UTF-8 without a byte-order mark (PowerShell 7: `Out-File -Encoding utf8NoBOM`).",
		Severity:       High,
		Inputs:         []string{"file"},
		AccessAnalyzer: []string{"JSON_SYNTAX_ERROR"},
		Go:             true,
	},
}
