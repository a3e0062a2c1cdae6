package load

import (
	"fmt"

	"github.com/memlint/memlint/internal/model"
	"github.com/memlint/memlint/internal/source"
)

// decodeBOM decodes UTF-16 and UTF-32 text with a byte-order mark
// ([source.DecodeBOM]).
func decodeBOM(data []byte) ([]byte, string) { return source.DecodeBOM(data) }

// encoded records that a file was decoded from enc: when report is set as
// an ML001 finding (JSON is UTF-8, and the AWS CLI reads file:// arguments
// as UTF-8 unless told otherwise), else as a --verbose note.
func (l *loader) encoded(name, enc string, report bool) {
	if report {
		l.problem(ruleInvalid, model.Loc{File: name, Line: 1, Col: 1, EndLine: 1, EndCol: 1},
			fmt.Sprintf("The file is %s text with a byte-order mark; JSON, YAML and the AWS CLI expect UTF-8. It was decoded and checked (positions are in the decoded text); save it as UTF-8 without a byte-order mark.", enc))
	} else {
		l.opts.Log("%s: %s text with a byte-order mark, decoded", name, enc)
	}
}
