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

func TestGenerateRefusesWhatTheTableCannotExpress(t *testing.T) {
	for _, tc := range []struct {
		name   string
		fields string
		member member
		want   string
	}{
		{"a member of a shape without a rule is refused", "Extra string", member{"Extra", "NewType", false}, "no rule for shape NewType"},
		{"an optional user pool id is refused, its check requires it", "UserPoolId string", member{"UserPoolId", "UserPoolIdType", false}, "assumes required=true"},
		{"a required secret hash is refused, its check lets it be empty", "SecretHash string", member{"SecretHash", "SecretHashType", true}, "assumes required=false"},
		{"a struct member the model does not have is refused", "Other string", member{"ClientId", "ClientIdType", true}, "TestInput.Other is not a member of the model"},
		{"a struct missing a model member is refused", "", member{"ClientId", "ClientIdType", true}, "TestInput declares 0 members, the model has 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			src := "package cognitopassword\n\ntype TestInput struct {\n\t" + tc.fields + "\n}\n"
			require.NoError(t, os.WriteFile(filepath.Join(dir, "api_test_op.go"), []byte(src), 0o644))
			saved := operations
			t.Cleanup(func() { operations = saved })
			operations = []operation{{"Test", []member{tc.member}}}
			_, err := Generate(dir)
			require.ErrorContains(t, err, tc.want)
		})
	}
}
