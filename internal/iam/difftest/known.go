package difftest

// KnownDifference is a documented difference between memlint's reading of
// the IAM documentation and the simulator's: a class of cases where the two
// disagree and why memlint answers as it does.
type KnownDifference struct {
	ID string
	// Memlint and Simulator say what each side answers.
	Memlint, Simulator string
	// Quote is the documentation's sentence memlint follows, at URL.
	Quote, URL string
	// Explains reports whether a disagreement on c is of this class.
	Explains func(c *Case, m, s Outcome) bool
}

// Known are the documented differences. Each has its minimal case in
// known.json and a table test in internal/iam asserting memlint's reading.
var Known []KnownDifference
