//go:build ignore

// Command write_tree writes a generated tree of memory setups for timing
// memlint as a whole process:
//
//	go run ./internal/benchtree/write_tree.go -n 10000 DIR
//
// It is excluded from builds (go install ./... installs the commands of cmd/ alone).
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/memlint/memlint/internal/benchtree"
)

func main() {
	n := flag.Int("n", 10000, "number of memory setups")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: go run ./internal/benchtree/write_tree.go [-n N] DIR")
		os.Exit(2)
	}
	files, err := benchtree.Write(flag.Arg(0), *n)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchtree:", err)
		os.Exit(1)
	}
	fmt.Printf("wrote %d setups, %d files\n", *n, files)
}
