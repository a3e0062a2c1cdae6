// Command memlint-vet is memlint's Go analyzer (package
// github.com/memlint/memlint/analysis/memlint) as a standalone checker:
// it finds the policy documents and memory definitions a Go program passes
// to the AWS SDK for Go v2 and reports memlint's findings at the literals
// that spell them.
//
//	memlint-vet ./...                              # as an analysis driver
//	go vet -vettool=$(which memlint-vet) ./...     # through go vet
//	memlint-vet report [flags] [packages]          # memlint vet: memlint's text, JSON or SARIF
//
// memlint vet runs memlint-vet report, found beside memlint or on PATH.
package main

import (
	"context"
	"os"

	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/memlint/memlint/analysis/memlint"
	"github.com/memlint/memlint/internal/cli"
	"github.com/memlint/memlint/internal/govet"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "report" {
		os.Exit(cli.Vet(context.Background(), os.Args[2:], os.Stdout, os.Stderr, govet.Run))
	}
	singlechecker.Main(memlint.Analyzer)
}
