package main

import (
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const sample = `goos: linux
BenchmarkCall/Op/memory/ours-2   	  100	  30 ns/op	  40 cpu-ns/op	  8 B/op	  2 allocs/op
BenchmarkCall/Op/memory/official-2	  100	 100 ns/op	 110 cpu-ns/op	 80 B/op	 20 allocs/op
BenchmarkCall/Op/memory/ours-2   	  100	  10 ns/op	  20 cpu-ns/op	  8 B/op	  2 allocs/op
BenchmarkCall/Op/memory/ours-2   	  100	  20 ns/op	  30 cpu-ns/op	  8 B/op	  2 allocs/op
BenchmarkCall/Op/memory/signedfloor-2	  100	   5.5 ns/op	   6 cpu-ns/op	  4 B/op	  1 allocs/op
PASS
`

func TestParseTakesMediansPerBenchmark(t *testing.T) {
	res, err := parse(strings.NewReader(sample))
	require.NoError(t, err)
	assert.Equal(t, []string{"Call/Op/memory/ours", "Call/Op/memory/official", "Call/Op/memory/signedfloor"}, res.names)
	assert.Equal(t, 20.0, res.median("Call/Op/memory/ours", "ns/op"))
	assert.Equal(t, 30.0, res.median("Call/Op/memory/ours", "cpu-ns/op"))
	assert.Equal(t, 5.5, res.median("Call/Op/memory/signedfloor", "ns/op"))
	assert.True(t, math.IsNaN(res.median("Call/Op/memory/floor", "ns/op")))
	assert.Equal(t, []string{"Op"}, res.ops())
	assert.Equal(t, "Call/Op/memory/signedfloor", res.floorOf("Op", "memory"), "a signed operation is held to the signed floor")
	assert.Equal(t, "Call/Op/loopback/floor", res.floorOf("Op", "loopback"))
}

func TestParseRefusesOutputWithoutBenchmarks(t *testing.T) {
	_, err := parse(strings.NewReader("PASS\n"))
	require.Error(t, err)
}

func TestPackageOfNamesTheImportPath(t *testing.T) {
	tests := map[string]string{
		"github.com/cognitokit/cognitopassword.(*Client).invoke":                  "github.com/cognitokit/cognitopassword",
		"github.com/cognitokit/cognitopassword/internal/awsjson.Unquote":          "github.com/cognitokit/cognitopassword/internal/awsjson",
		"type:.eq.github.com/cognitokit/cognitopassword/types.ForbiddenException": "github.com/cognitokit/cognitopassword/types",
		"go:itab.*github.com/x/y.T,error":                                         "github.com/x/y",
		"github.com/x/y.f[go.shape.struct { URI net/url.URL }]":                   "github.com/x/y",
		"log/slog.Value.append":                                                   "log/slog",
		"go:func.*":                                                               "function values (go:func.*)",
	}
	for sym, want := range tests {
		assert.Equal(t, want, packageOf(sym), sym)
	}
}

func TestSRPSectionComparesWithAlexrudd(t *testing.T) {
	res, err := parse(strings.NewReader(`BenchmarkSRP/ours-2      	 100	 9000000 ns/op	 8000000 cpu-ns/op	 64000 B/op	 133 allocs/op
BenchmarkSRP/alexrudd-2  	 100	10000000 ns/op	10000000 cpu-ns/op	 80000 B/op	 200 allocs/op
`))
	require.NoError(t, err)
	r := &report{res: res}
	var w strings.Builder
	r.srpSection(&w)
	assert.Contains(t, w.String(), "| ours ÷ alexrudd | 0.90 | 0.80 | 0.80 | 0.67 |")
	require.Len(t, r.targets, 2)
	assert.True(t, r.targets[0].met)
	assert.Equal(t, "0.90", r.targets[0].worst)

	slower, err := parse(strings.NewReader(`BenchmarkSRP/ours-2      	 100	 11000000 ns/op	 8000000 cpu-ns/op	 64000 B/op	 133 allocs/op
BenchmarkSRP/alexrudd-2  	 100	10000000 ns/op	10000000 cpu-ns/op	 80000 B/op	 200 allocs/op
`))
	require.NoError(t, err)
	r = &report{res: slower}
	r.srpSection(&w)
	assert.False(t, r.targets[0].met, "slower than alexrudd is not met")

	r = &report{res: &results{samples: map[string]map[string][]float64{}}}
	var none strings.Builder
	r.srpSection(&none)
	assert.Empty(t, none.String(), "no section without BenchmarkSRP")
	assert.Empty(t, r.targets)
}
