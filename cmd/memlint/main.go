// Command memlint checks Amazon Bedrock AgentCore Memory cross-account
// configurations: memory resource policies, execution roles and delivery
// destinations. See internal/cli for the commands.
//
// MEMLINT_CPUPROFILE=FILE writes a CPU profile of the whole run, and
// MEMLINT_MEMPROFILE=FILE a heap profile at its end, for `go tool pprof`
// (bench/README.md says how the figures there were taken).
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"

	"github.com/memlint/memlint/internal/cli"
)

func main() {
	stopProfile := profile(os.Getenv("MEMLINT_CPUPROFILE"), os.Getenv("MEMLINT_MEMPROFILE"))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := cli.Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	stopProfile()
	os.Exit(code)
}

// profile starts the profiles asked for and returns what ends them. A
// profile that cannot be written is reported and the run goes on.
func profile(cpu, mem string) func() {
	var cpuFile *os.File
	if cpu != "" {
		f, err := os.Create(cpu)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "memlint: MEMLINT_CPUPROFILE: %v\n", err)
		} else {
			cpuFile = f
		}
	}
	return func() {
		if cpuFile != nil {
			pprof.StopCPUProfile()
			cpuFile.Close()
		}
		if mem == "" {
			return
		}
		f, err := os.Create(mem)
		if err == nil {
			runtime.GC()
			err = pprof.Lookup("allocs").WriteTo(f, 0)
			f.Close()
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "memlint: MEMLINT_MEMPROFILE: %v\n", err)
		}
	}
}
