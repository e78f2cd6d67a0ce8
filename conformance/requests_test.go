package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// maxFailures stops a table after this many failing rows, so that one bug
// does not print hundreds of failures.
const maxFailures = 5

func TestCorpusPoolsAreValid(t *testing.T) {
	for _, r := range usernameRunes {
		require.Truef(t, validUsername(string(r)), "username pool has %U, which is not L, M, S, N or P", r)
	}
	for i, op := range operations {
		for j, p := range corpus(i, op.name) {
			if p.Username != "" {
				require.Truef(t, validUsername(p.Username), "%s input %d: invalid username %q", op.name, j, p.Username)
				require.LessOrEqualf(t, len([]rune(p.Username)), 128, "%s input %d", op.name, j)
			}
			require.LessOrEqualf(t, len(p.UserPoolId), 55, "%s input %d", op.name, j)
		}
	}
}

func TestCorpusIsReproducible(t *testing.T) {
	a, b := corpus(3, "ForgotPassword"), corpus(3, "ForgotPassword")
	require.Equal(t, a, b, "the same seed gives the same corpus")
	require.GreaterOrEqual(t, len(a), 200)
}

// TestRequestsMatchTheOfficialClient sends every input of the corpus through
// both clients to one recording server and compares what arrived: method,
// path under the base path, Content-Type, X-Amz-Target, the JSON body by
// meaning (and by bytes when key order cannot differ), and the signing
// decision, with each signature verified as the service would.
func TestRequestsMatchTheOfficialClient(t *testing.T) {
	for i, op := range operations {
		t.Run(op.name, func(t *testing.T) {
			t.Parallel()
			pr := newPair(t)
			ctx := context.Background()
			inputs := corpus(i, op.name)
			require.GreaterOrEqual(t, len(inputs), 200)
			failures := 0
			for j, p := range inputs {
				rid := fmt.Sprintf("req-%s-%d", op.name, j)
				theirs, ours := pr.call(ctx, op, p, reply{Status: 200, Header: map[string]string{"X-Amzn-Requestid": rid}, Body: "{}"})
				compareRequests(t, op, j, p, theirs, ours, rid)
				if t.Failed() {
					if failures++; failures >= maxFailures {
						t.Fatalf("stopping %s after %d failing inputs", op.name, failures)
					}
				}
			}
		})
	}
}

func compareRequests(t *testing.T, op operation, j int, p params, theirs, ours exchange, rid string) {
	t.Helper()
	where := op.name + " input " + strconv.Itoa(j)
	if !assert.NoErrorf(t, theirs.Err, "%s: official client", where) || !assert.NoErrorf(t, ours.Err, "%s: our client", where) {
		return
	}
	if !assert.Lenf(t, theirs.Sent, 1, "%s: official client requests", where) || !assert.Lenf(t, ours.Sent, 1, "%s: our client requests", where) {
		return
	}
	requestPairs.Add(1)
	tr, or := theirs.Sent[0], ours.Sent[0]
	assert.Equalf(t, "POST", tr.Method, "%s: official method", where)
	assert.Equalf(t, tr.Method, or.Method, "%s: method", where)
	assert.Equalf(t, basePath+"/", tr.Path, "%s: official path", where)
	assert.Equalf(t, tr.Path, or.Path, "%s: path", where)
	assert.Equalf(t, tr.Query, or.Query, "%s: query", where)
	assert.Equalf(t, tr.Header.Values("Content-Type"), or.Header.Values("Content-Type"), "%s: Content-Type", where)
	assert.Equalf(t, []string{"AWSCognitoIdentityProviderService." + op.name}, tr.Header.Values("X-Amz-Target"), "%s: official X-Amz-Target", where)
	assert.Equalf(t, tr.Header.Values("X-Amz-Target"), or.Header.Values("X-Amz-Target"), "%s: X-Amz-Target", where)
	assert.Equalf(t, tr.Header.Get("Content-Length"), or.Header.Get("Content-Length"), "%s: Content-Length", where)
	assert.Equalf(t, headerNames(tr), headerNames(or), "%s: header names", where)
	for _, h := range []string{"Accept-Encoding", "Amz-Sdk-Request"} {
		assert.Equalf(t, tr.Header.Values(h), or.Header.Values(h), "%s: %s", where, h)
	}

	var tb, ob any
	if assert.NoErrorf(t, json.Unmarshal(tr.Body, &tb), "%s: official body %s", where, tr.Body) &&
		assert.NoErrorf(t, json.Unmarshal(or.Body, &ob), "%s: our body %s", where, or.Body) {
		assert.Equalf(t, tb, ob, "%s: JSON bodies differ\nofficial: %s\nours:     %s", where, tr.Body, or.Body)
	}
	if !multiKeyMap(p) {
		// Member order is fixed by both encoders and map order does not
		// come in: the bytes must be the same, escaping included.
		assert.Truef(t, bytes.Equal(tr.Body, or.Body), "%s: body bytes differ\nofficial: %s\nours:     %s", where, tr.Body, or.Body)
	}

	assert.Equalf(t, op.signed, tr.Signed, "%s: official signing decision", where)
	assert.Equalf(t, tr.Signed, or.Signed, "%s: signed or not", where)
	if op.signed {
		assert.Equalf(t, signedHeaders(tr), signedHeaders(or), "%s: SignedHeaders", where)
		assert.NoErrorf(t, tr.SigErr, "%s: official signature", where)
		assert.NoErrorf(t, or.SigErr, "%s: our signature", where)
		assert.Equalf(t, testRegion, or.SigningRegion, "%s: our signing region", where)
		assert.Equalf(t, tr.SigningRegion, or.SigningRegion, "%s: signing region", where)
		assert.Equalf(t, "cognito-idp", or.SigningService, "%s: signing service", where)
		assert.Equalf(t, tr.Header.Get("X-Amz-Security-Token"), or.Header.Get("X-Amz-Security-Token"), "%s: security token", where)
	} else {
		assert.Emptyf(t, or.Header.Values("Authorization"), "%s: our unsigned request has Authorization", where)
		assert.Emptyf(t, or.Header.Values("X-Amz-Security-Token"), "%s: our unsigned request has a security token", where)
		assert.Equalf(t, tr.Header.Values("X-Amz-Security-Token"), or.Header.Values("X-Amz-Security-Token"), "%s: security token", where)
		assert.Equalf(t, tr.Header.Values("X-Amz-Date"), or.Header.Values("X-Amz-Date"), "%s: X-Amz-Date on an unsigned request", where)
	}

	assert.Equalf(t, result{RequestID: rid, HasRequestID: true, SignIn: theirs.Res.SignIn, User: theirs.Res.User}, theirs.Res, "%s: official result", where)
	assert.Equalf(t, theirs.Res, ours.Res, "%s: result", where)
}

// signedHeaders returns the SignedHeaders list of a signed request.
func signedHeaders(r recorded) string {
	auth := r.Header.Get("Authorization")
	i := strings.Index(auth, "SignedHeaders=")
	if i < 0 {
		return ""
	}
	return strings.SplitN(auth[i+len("SignedHeaders="):], ",", 2)[0]
}

// headerNames returns the names of the headers a request came with.
func headerNames(r recorded) []string {
	names := make([]string, 0, len(r.Header))
	for k := range r.Header {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// multiKeyMap reports whether p has a map whose key order the official
// client leaves to Go's map iteration.
func multiKeyMap(p params) bool {
	return len(p.ClientMetadata) > 1 || len(p.AuthParameters) > 1 || len(p.ChallengeResponses) > 1
}
