// Command benchtree writes a generated tree of memory setups for timing
// memlint as a whole process: benchtree -n 10000 DIR.
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
		fmt.Fprintln(os.Stderr, "usage: benchtree [-n N] DIR")
		os.Exit(2)
	}
	files, err := benchtree.Write(flag.Arg(0), *n)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchtree:", err)
		os.Exit(1)
	}
	fmt.Printf("wrote %d setups, %d files\n", *n, files)
}
