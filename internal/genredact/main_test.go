package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestTheGeneratedFileIsUpToDate(t *testing.T) {
	want, err := Generate(filepath.Join("..", ".."))
	require.NoError(t, err)
	got, err := os.ReadFile(filepath.Join("..", "..", out))
	require.NoError(t, err)
	require.Equal(t, string(want), string(got), "run go generate in the root package")
}
