package conformance

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cp "github.com/cognitokit/cognitopassword"
)

// TestBaseEndpointPathMatchesTheOfficialClient posts through base endpoints
// with and without a path and a trailing slash. The official client joins
// the base path and the operation path "/" with smithyhttp.JoinPath, which
// gives "/prefix" for ".../prefix" and "/prefix/" for ".../prefix/".
func TestBaseEndpointPathMatchesTheOfficialClient(t *testing.T) {
	rs := newRecordingServer(t)
	cases := []struct {
		name, suffix, want string
	}{
		{"a bare host posts to the root", "", "/"},
		{"a host with a slash posts to the root", "/", "/"},
		{"a path without a trailing slash is kept as it is", "/prefix", "/prefix"},
		{"a path with a trailing slash keeps the slash", "/prefix/", "/prefix/"},
		{"a nested path is kept", "/prefix/cognito", "/prefix/cognito"},
		{"an escaped path stays escaped", "/prefix/a%20b", "/prefix/a%20b"},
		{"a nested path with a trailing slash keeps the slash", "/prefix/cognito/", "/prefix/cognito/"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			base := rs.srv.URL + tc.suffix
			ours := cp.New(cp.Options{Region: testRegion, BaseEndpoint: base, Credentials: staticProvider(), RetryMaxAttempts: 1})
			theirs := cip.New(cip.Options{Region: testRegion, BaseEndpoint: aws.String(base), Credentials: staticProvider(), Retryer: aws.NopRetryer{}})
			pr := &pair{rs: rs, ours: ours, theirs: theirs}
			for _, op := range []operation{operationNamed("ForgotPassword"), operationNamed("AdminSetUserPassword")} {
				// The server answers 404 outside basePath; only the
				// paths matter here.
				th, ou := pr.call(context.Background(), op, minimalParams(op.name), reply{Status: 200, Body: "{}"})
				require.Len(t, th.Sent, 1)
				require.Len(t, ou.Sent, 1)
				assert.Equal(t, tc.want, th.Sent[0].Path, "%s: official path", op.name)
				assert.Equal(t, th.Sent[0].Path, ou.Sent[0].Path, "%s: our path differs from the official one for BaseEndpoint %q", op.name, base)
				if op.signed {
					assert.NoError(t, th.Sent[0].SigErr, "official signature")
					assert.NoError(t, ou.Sent[0].SigErr, "our signature")
				}
			}
		})
	}
}
