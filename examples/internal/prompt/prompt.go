// Package prompt reads a line typed by the person running an example
// program, giving up when the program's context ends.
package prompt

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
)

// Line writes label and reads one line from in, giving up when ctx ends.
func Line(ctx context.Context, w io.Writer, in *bufio.Reader, label string) (string, error) {
	fmt.Fprint(w, label)
	line := make(chan string, 1)
	go func() {
		s, _ := in.ReadString('\n')
		line <- strings.TrimSpace(s)
	}()
	select {
	case s := <-line:
		return s, nil
	case <-ctx.Done():
		return "", fmt.Errorf("waiting for input: %w", context.Cause(ctx))
	}
}
