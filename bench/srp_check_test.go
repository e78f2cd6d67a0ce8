package bench

import (
	"crypto/rand"
	"encoding/json"
	"os"
	"testing"
	"time"

	cognitosrp "github.com/alexrudd/cognito-srp/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitokit/cognitopassword/internal/srp"
)

// TestSRPBothClientsMakeValidClaims checks that BenchmarkSRP compares equal
// work: the claim each client computes for the benchmark's challenge is one
// our server side accepts.
func TestSRPBothClientsMakeValidClaims(t *testing.T) {
	morning := time.Date(2026, 11, 3, 9, 4, 5, 0, time.UTC) // a time both format alike
	t.Run("ours makes a claim the server accepts", func(t *testing.T) {
		cl, err := srp.NewClient(srpPool, rand.Reader)
		require.NoError(t, err)
		c := newSRPChallenge(t, cl.SRPA())
		p := c.params
		sig, ts, err := cl.PasswordClaim(p["USER_ID_FOR_SRP"], srpPassword, p["SRP_B"], p["SALT"], p["SECRET_BLOCK"], morning)
		require.NoError(t, err)
		require.NoError(t, c.session.VerifyClaim(p["SECRET_BLOCK"], ts, sig))
	})
	t.Run("alexrudd's makes a claim the server accepts", func(t *testing.T) {
		cl, err := cognitosrp.NewCognitoSRP(srpUser, srpPassword, srpPoolID, srpClientID, nil)
		require.NoError(t, err)
		c := newSRPChallenge(t, cl.GetAuthParams()["SRP_A"])
		resp, err := cl.PasswordVerifierChallenge(c.params, morning)
		require.NoError(t, err)
		require.NoError(t, c.session.VerifyClaim(resp["PASSWORD_CLAIM_SECRET_BLOCK"], resp["TIMESTAMP"], resp["PASSWORD_CLAIM_SIGNATURE"]))
	})
}

// TestAlexruddFormatsTimestampWithA12HourClock compares the TIMESTAMP of
// every known-answer vector (written by amazon-cognito-identity-js, see
// scripts/srp-vectors.sh) with what each Go client sends for the same time:
// ours agrees on all of them; alexrudd/cognito-srp v4.1.0 formats with Go's
// 12-hour clock ("03:04:05"), so it disagrees for every hour from 13 to 23
// and for the midnight hour, and its claim, though correctly signed, is
// dated 12 hours off.
func TestAlexruddFormatsTimestampWithA12HourClock(t *testing.T) {
	raw, err := os.ReadFile("../internal/srp/testdata/vectors.json")
	require.NoError(t, err)
	var file struct {
		Vectors []struct {
			Name      string
			Now       time.Time
			Timestamp string `json:"TIMESTAMP"`
		}
	}
	require.NoError(t, json.Unmarshal(raw, &file))
	require.NotEmpty(t, file.Vectors)

	cl, err := cognitosrp.NewCognitoSRP(srpUser, srpPassword, srpPoolID, srpClientID, nil)
	require.NoError(t, err)
	c := newSRPChallenge(t, cl.GetAuthParams()["SRP_A"])
	differ := 0
	for _, v := range file.Vectors {
		resp, err := cl.PasswordVerifierChallenge(c.params, v.Now)
		require.NoError(t, err)
		hour := v.Now.UTC().Hour()
		assert.Equal(t, v.Timestamp, srp.Timestamp(v.Now), "ours, %s", v.Name)
		if hour >= 1 && hour <= 12 {
			assert.Equal(t, v.Timestamp, resp["TIMESTAMP"], "alexrudd at hour %d, %s", hour, v.Name)
		} else {
			differ++
			assert.NotEqual(t, v.Timestamp, resp["TIMESTAMP"], "alexrudd at hour %d, %s", hour, v.Name)
		}
	}
	assert.GreaterOrEqual(t, differ, 10, "vectors with an hour where the clocks differ")

	t.Run("at 15:04:05 alexrudd sends 03:04:05, a validly signed claim dated 12 hours earlier", func(t *testing.T) {
		now := time.Date(2026, 11, 3, 15, 4, 5, 0, time.UTC)
		resp, err := cl.PasswordVerifierChallenge(c.params, now)
		require.NoError(t, err)
		assert.Equal(t, "Tue Nov 3 03:04:05 UTC 2026", resp["TIMESTAMP"])
		assert.Equal(t, "Tue Nov 3 15:04:05 UTC 2026", srp.Timestamp(now))
		require.NoError(t, c.session.VerifyClaim(resp["PASSWORD_CLAIM_SECRET_BLOCK"], resp["TIMESTAMP"], resp["PASSWORD_CLAIM_SIGNATURE"]))
		dated, err := srp.ParseTimestamp(resp["TIMESTAMP"])
		require.NoError(t, err)
		assert.Equal(t, 12*time.Hour, now.Sub(dated))
	})
}

// TestAlexruddPanicsOnAMalformedChallenge shows the other difference a
// caller meets: alexrudd/cognito-srp panics on an SRP_B that is not
// hexadecimal, where ours returns an error.
func TestAlexruddPanicsOnAMalformedChallenge(t *testing.T) {
	cl, err := cognitosrp.NewCognitoSRP(srpUser, srpPassword, srpPoolID, srpClientID, nil)
	require.NoError(t, err)
	c := newSRPChallenge(t, cl.GetAuthParams()["SRP_A"])
	bad := map[string]string{}
	for k, v := range c.params {
		bad[k] = v
	}
	bad["SRP_B"] = "not hex"
	assert.Panics(t, func() { _, _ = cl.PasswordVerifierChallenge(bad, time.Now()) })

	ours, err := srp.NewClient(srpPool, rand.Reader)
	require.NoError(t, err)
	_, _, err = ours.PasswordClaim(srpUser, srpPassword, bad["SRP_B"], bad["SALT"], bad["SECRET_BLOCK"], time.Now())
	var ie *srp.InputError
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, "SRP_B", ie.Param)
}
