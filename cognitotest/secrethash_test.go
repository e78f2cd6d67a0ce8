package cognitotest_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitokit/cognitopassword/cognitotest"
)

func TestSecretHashMatchesTheDocumentedFormula(t *testing.T) {
	// Base64(HMAC-SHA256(key="secret", message="alice"+"client")), computed
	// independently with Python's hmac module.
	assert.Equal(t, "RTsve+FQ659UKyESgvLg9GYmZEL+QjzQsW/OjL77/b0=", cognitotest.SecretHash("alice", "client", "secret"))
	assert.Equal(t, "", cognitotest.AppClient{ID: "public"}.SecretHash("alice"))
	c := cognitotest.AppClient{ID: "client", Secret: "secret"}
	assert.Equal(t, cognitotest.SecretHash("alice", "client", "secret"), c.SecretHash("alice"))
}

func TestSecretHashIsCheckedOnClientFacingOperations(t *testing.T) {
	h := newHarness(t, cognitotest.PoolConfig{})
	h.addUser("alice")
	h.addUser("uma", unconfirmed)
	secret, err := h.pool.CreateAppClient(cognitotest.ClientConfig{GenerateSecret: true, ExplicitAuthFlows: allFlows})
	require.NoError(t, err)
	require.Len(t, secret.Secret, 51)

	ops := []struct {
		op       string
		username string
		in       func(clientID, hash string) map[string]any
	}{
		{"ForgotPassword", "alice", func(id, hash string) map[string]any {
			return map[string]any{"ClientId": id, "Username": "alice", "SecretHash": hash}
		}},
		{"ConfirmForgotPassword", "alice", func(id, hash string) map[string]any {
			return map[string]any{"ClientId": id, "Username": "alice", "SecretHash": hash, "ConfirmationCode": "000000", "Password": newPassword}
		}},
		{"ResendConfirmationCode", "uma", func(id, hash string) map[string]any {
			return map[string]any{"ClientId": id, "Username": "uma", "SecretHash": hash}
		}},
		{"InitiateAuth", "alice", func(id, hash string) map[string]any {
			p := map[string]string{"USERNAME": "alice", "PASSWORD": oldPassword}
			if hash != "" {
				p["SECRET_HASH"] = hash
			}
			return map[string]any{"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": id, "AuthParameters": p}
		}},
	}
	for _, o := range ops {
		t.Run(o.op+" without the hash of a secret client is refused", func(t *testing.T) {
			requireError(t, h.call(o.op, o.in(secret.ID, "")), 400, "NotAuthorizedException",
				"Client "+secret.ID+" is configured for secret but secret was not received")
		})
		t.Run(o.op+" with a wrong hash is refused", func(t *testing.T) {
			requireError(t, h.call(o.op, o.in(secret.ID, secret.SecretHash("someone-else"))), 400, "NotAuthorizedException",
				"Unable to verify secret hash for client "+secret.ID)
		})
		t.Run(o.op+" with a hash for a public client is refused", func(t *testing.T) {
			requireError(t, h.call(o.op, o.in(h.client.ID, secret.SecretHash(o.username))), 400, "NotAuthorizedException",
				"Unable to verify secret hash for client "+h.client.ID)
		})
		t.Run(o.op+" with the right hash gets past the check", func(t *testing.T) {
			r := h.call(o.op, o.in(secret.ID, secret.SecretHash(o.username)))
			if r.status != 200 {
				assert.NotEqual(t, "NotAuthorizedException", r.body["__type"], "body: %s", r.raw)
			}
		})
	}
}
