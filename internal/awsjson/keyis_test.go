package awsjson

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestKeyIs(t *testing.T) {
	tests := []struct {
		name   string
		rawKey string
		want   bool
	}{
		{"a plain key matches its name", `"Destination"`, true},
		{"a plain key does not match another name", `"destination"`, false},
		{"an escaped key matches its unquoted name", `"\u0044estination"`, true},
		{"an escaped quote is unquoted before comparing", `"Desti\"nation"`, false},
		{"a non-ASCII key does not match an ASCII name", `"Destinatión"`, false},
		{"a longer key does not match", `"Destinations"`, false},
		{"an empty key does not match", `""`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, KeyIs([]byte(tt.rawKey), "Destination"))
		})
	}
}

func TestEachMemberGivesRawKeysInOrder(t *testing.T) {
	obj, err := Top([]byte(` {"a" : 1, "\u0062":{"c":[2]}, "a":null} `))
	require.NoError(t, err)
	var keys, values []string
	require.NoError(t, EachMember(obj, func(k, v []byte) error {
		keys = append(keys, string(k))
		values = append(values, string(v))
		return nil
	}))
	assert.Equal(t, []string{`"a"`, `"\u0062"`, `"a"`}, keys)
	assert.Equal(t, []string{`1`, `{"c":[2]}`, `null`}, values)

	var unquoted []string
	require.NoError(t, Members(obj, func(k string, _ []byte) error {
		unquoted = append(unquoted, k)
		return nil
	}))
	assert.Equal(t, []string{"a", "b", "a"}, unquoted)
}
