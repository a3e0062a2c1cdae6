// Command memlint checks Amazon Bedrock AgentCore Memory cross-account
// configurations: memory resource policies, execution roles and delivery
// destinations. See internal/cli for the commands.
package main

import (
	"context"
	"os"
	"os/signal"

	"github.com/memlint/memlint/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := cli.Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
