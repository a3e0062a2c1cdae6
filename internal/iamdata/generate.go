//go:build ignore

// Command generate writes catalog.bin (go generate ./internal/iamdata runs
// it); the generator is package gen. Excluded from builds, so go install
// ./... installs the commands of cmd/ alone.
package main

import "github.com/memlint/memlint/internal/iamdata/gen"

func main() { gen.Main() }
