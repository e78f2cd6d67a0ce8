package bench

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestVariantsSendTheSameRequest checks that the benchmarks compare like
// with like: for every operation, this library, the official client and the
// floors send the same target and the same JSON body (by meaning), the
// signed variants sign, and every variant succeeds on both transports.
func TestVariantsSendTheSameRequest(t *testing.T) {
	ctx := context.Background()
	for _, c := range cases {
		t.Run(c.name+" is sent alike by every variant", func(t *testing.T) {
			body := oursBody(t, c)
			for _, tr := range []transport{newLoopback(t, c.reply), newMemory(c.reply)} {
				record := func() (*recorder, transport) {
					rec := &recorder{next: tr.client}
					return rec, transport{name: tr.name, endpoint: tr.endpoint, client: rec}
				}

				rec, ours := record()
				require.NoError(t, c.ours(ctx, newOurs(ours)), tr.name)
				checkRequest(t, rec, c, body, c.signed)

				rec, official := record()
				require.NoError(t, c.official(ctx, newOfficial(official)), tr.name)
				checkRequest(t, rec, c, body, c.signed)

				for _, signed := range []bool{false, c.signed} {
					rec, floor := record()
					require.NoError(t, newRaw(floor, c.name, body, signed).call(ctx), tr.name)
					checkRequest(t, rec, c, body, signed)
				}
			}
		})
	}
}

func checkRequest(t *testing.T, rec *recorder, c opCase, wantBody []byte, signed bool) {
	t.Helper()
	assert.Equal(t, "AWSCognitoIdentityProviderService."+c.name, rec.header.Get("X-Amz-Target"))
	assert.Equal(t, "application/x-amz-json-1.1", rec.header.Get("Content-Type"))
	var want, got any
	require.NoError(t, json.Unmarshal(wantBody, &want))
	require.NoError(t, json.Unmarshal(rec.body, &got), "body %s", rec.body)
	assert.Equal(t, want, got)
	if signed {
		assert.True(t, strings.HasPrefix(rec.header.Get("Authorization"), "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"), "Authorization %q", rec.header.Get("Authorization"))
	} else {
		assert.Empty(t, rec.header.Get("Authorization"))
	}
}
