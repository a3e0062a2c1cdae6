// Command memlint-vet is memlint's Go analyzer (package
// github.com/memlint/memlint/analysis/memlint) as a standalone checker:
// it finds the policy documents and memory definitions a Go program passes
// to the AWS SDK for Go v2 and reports memlint's findings at the literals
// that spell them.
//
//	memlint-vet ./...                              # on its own
//	go vet -vettool=$(which memlint-vet) ./...     # through go vet
package main

import (
	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/memlint/memlint/analysis/memlint"
)

func main() { singlechecker.Main(memlint.Analyzer) }
