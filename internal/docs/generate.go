//go:build ignore

// Command generate writes the rule pages and the README rules table (go
// generate ./internal/docs runs it); the generator is package gen. Excluded
// from builds, so go install ./... installs the commands of cmd/ alone.
package main

import "github.com/memlint/memlint/internal/docs/gen"

func main() { gen.Main() }
