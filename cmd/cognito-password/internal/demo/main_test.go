package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// volatile are the parts of the transcript that change from run to run.
var volatile = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`CLIENT_ID=\S+`), "CLIENT_ID=<id>"},
	{regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`), "<request-id>"},
	{regexp.MustCompile(`[0-9.]+ users/s`), "<n> users/s"},
	{regexp.MustCompile(`elapsed \S+, ETA \S+`), "elapsed <t>, ETA <t>"},
	{regexp.MustCompile(`elapsed: +[0-9.]+s`), "elapsed: <t>"},
}

func normalize(s string) string {
	for _, v := range volatile {
		s = v.re.ReplaceAllString(s, v.with)
	}
	return s
}

// TestCLIMDShowsTheDemoTranscript runs the demo and compares its output
// with the transcript in cmd/cognito-password/README.md, less the parts that change between runs.
func TestCLIMDShowsTheDemoTranscript(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, Transcript(&out))

	doc, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	require.NoError(t, err)
	text := string(doc)
	start := strings.Index(text, "<!-- transcript:start -->\n```console\n")
	end := strings.Index(text, "```\n<!-- transcript:end -->")
	require.True(t, start >= 0 && end > start, "cmd/cognito-password/README.md has the transcript markers")
	shown := text[start+len("<!-- transcript:start -->\n```console\n") : end]

	assert.Equal(t, normalize(shown), normalize(out.String()),
		"cmd/cognito-password/README.md is out of date: run (cd cmd/cognito-password && go run ./internal/demo) and paste its output")
	assert.NotContains(t, out.String(), "Temp-Passw0rd!", "the demo prints no password")
}
