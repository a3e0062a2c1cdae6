// Command memlint-fetch is memlint fetch: it reads AgentCore Memory setups
// from AWS accounts with read-only calls and writes them as a snapshot that
// memlint check reads. memlint runs it for `memlint fetch` and
// `memlint check --live`; it is a binary of its own so that the AWS SDK
// costs memlint's other commands nothing. See internal/fetch.
package main

import (
	"context"
	"os"
	"os/signal"

	"github.com/memlint/memlint/internal/cli"
	"github.com/memlint/memlint/internal/fetch"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := fetch.Main(ctx, cli.ToolVersion(), os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
