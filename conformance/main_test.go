package conformance

import (
	"fmt"
	"os"
	"sync/atomic"
	"testing"
)

// What the suite compared, printed after the run.
var (
	requestPairs  atomic.Int64 // requests sent by both clients for one input, compared
	errorCases    atomic.Int64 // error responses decoded by both clients, compared
	successCases  atomic.Int64 // success responses decoded by both clients, compared
	endpointCases atomic.Int64 // region and flag combinations resolved by both clients, compared
	differences   atomic.Int64 // allowed differences exercised
)

// TestMain runs the suite and prints what it compared, so that the counts
// show in plain `go test` output.
func TestMain(m *testing.M) {
	code := m.Run()
	fmt.Printf("conformance: %d request pairs, %d error cases, %d success cases, %d endpoint cases compared; %d allowed differences exercised\n",
		requestPairs.Load(), errorCases.Load(), successCases.Load(), endpointCases.Load(), differences.Load())
	os.Exit(code)
}
