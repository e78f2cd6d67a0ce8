package integration

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"testing"
)

// TestMain starts cognito-local before the tests and stops it after them,
// whether they pass or fail, and on SIGINT or SIGTERM. If the binary dies
// otherwise (a panic, -timeout), the server notices within a second and
// exits by itself (COGNITO_LOCAL_WATCH_PID).
func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	stop, err := startCognitoLocal()
	if err != nil {
		fmt.Fprintln(os.Stderr, "integration:", err)
		return 1
	}
	defer stop()

	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(signals)
	go func() {
		if _, ok := <-signals; ok {
			stop()
			os.Exit(1)
		}
	}()

	return m.Run()
}
