package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
)

// VetTool is the command memlint vet runs: memlint's Go analyzer, built
// from cmd/memlint-vet.
const VetTool = "memlint-vet"

// vetCmd runs memlint vet as memlint-vet report, with memlint-vet found
// beside the memlint executable or on PATH (as git finds its subcommands):
// the Go package loader and type checker stay out of memlint's own binary.
func vetCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	tool := findSibling(VetTool)
	if tool == "" {
		fmt.Fprintf(stderr, "memlint: vet needs %s beside memlint or on PATH: go install github.com/memlint/memlint/cmd/%s@<the version of memlint>\n", VetTool, VetTool)
		return ExitUsage
	}
	cmd := exec.CommandContext(ctx, tool, append([]string{"report"}, args...)...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, stdout, stderr
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &ee) && ee.ExitCode() >= 0:
		return ee.ExitCode()
	}
	fmt.Fprintf(stderr, "memlint: vet: %v\n", err)
	return ExitUsage
}
