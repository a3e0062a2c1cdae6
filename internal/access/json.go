package access

import (
	"encoding/json"
	"io"
)

// WriteJSON prints v as indented JSON (schema in the package doc).
func WriteJSON(w io.Writer, v *View) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
