package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGeneratedFilesAreUpToDate fails when types/errors.go or
// internal/exceptions/exceptions.go differs from what the generator writes:
// run go generate ./types after changing the exception table.
func TestGeneratedFilesAreUpToDate(t *testing.T) {
	typesSrc, exceptionsSrc, err := generate()
	require.NoError(t, err)
	for _, f := range []struct {
		path string
		want []byte
	}{
		{filepath.Join("..", "..", "types", typesFile), typesSrc},
		{filepath.Join("..", "..", "types", exceptionsFile), exceptionsSrc},
	} {
		got, err := os.ReadFile(f.path)
		require.NoError(t, err)
		assert.Equal(t, string(f.want), string(got), "%s is out of date: run go generate ./types", f.path)
	}
}

func TestTheTableListsEachExceptionOnceInOrder(t *testing.T) {
	for i := 1; i < len(exceptions); i++ {
		assert.Less(t, exceptions[i-1].name, exceptions[i].name, "the table is sorted, so Codes is")
	}
}
