package secrethash_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitokit/cognitopassword/secrethash"
)

// The expected values below were produced with OpenSSL 3.0, not with Go, by
// running the command in the comment above each case in bash (any locale:
// non-ASCII text is written as UTF-8 bytes with $'\x..' quoting so that the
// bytes hashed are exactly the Go string literal).
const (
	clientID = "1example23456789abcdefghij"
	secret   = "c0gn1t0Cl1entS3cretExampleValue0123456789abcdefghij"
)

func TestComputeMatchesOpenSSL(t *testing.T) {
	tests := []struct {
		name     string
		username string
		clientID string
		secret   string
		want     string
	}{
		{
			name: "an ASCII username hashes to the OpenSSL value",
			// printf '%s' 'alice1example23456789abcdefghij' | openssl dgst -sha256 -hmac 'c0gn1t0Cl1entS3cretExampleValue0123456789abcdefghij' -binary | base64
			username: "alice", clientID: clientID, secret: secret,
			want: "h8/8ebConPf8Kfw5gEKSLBJTzDzvD1vQ2GuVzbvB0bE=",
		},
		{
			name: "an email alias used as the username hashes to the OpenSSL value",
			// printf '%s' 'jane.doe@example.com1example23456789abcdefghij' | openssl dgst -sha256 -hmac 'c0gn1t0Cl1entS3cretExampleValue0123456789abcdefghij' -binary | base64
			username: "jane.doe@example.com", clientID: clientID, secret: secret,
			want: "A4Z1zT2/puYiRPz7wblHoMUAvGoNbCsibX6V3J1Ro4Q=",
		},
		{
			name: "a sub-style internal username hashes to the OpenSSL value",
			// printf '%s' 'a1b2c3d4-5678-90ab-cdef-EXAMPLE111111example23456789abcdefghij' | openssl dgst -sha256 -hmac 'c0gn1t0Cl1entS3cretExampleValue0123456789abcdefghij' -binary | base64
			username: "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111", clientID: clientID, secret: secret,
			want: "dz87pxQolPWXjDMASxEOyVoL38N7Cu8yNouygGfZ2/g=",
		},
		{
			name: "a Latin username with a precomposed umlaut hashes to the OpenSSL value",
			// printf '%s' $'J\xc3\xbcrgen1example23456789abcdefghij' | openssl dgst -sha256 -hmac 'c0gn1t0Cl1entS3cretExampleValue0123456789abcdefghij' -binary | base64
			username: "J\u00fcrgen", clientID: clientID, secret: secret,
			want: "A8iP2DeIIfqWf86TvqbOXphnOUa+C7JGKx8WQqOQtok=",
		},
		{
			name: "the same name with a combining diaeresis is hashed as different bytes",
			// printf '%s' $'Ju\xcc\x88rgen1example23456789abcdefghij' | openssl dgst -sha256 -hmac 'c0gn1t0Cl1entS3cretExampleValue0123456789abcdefghij' -binary | base64
			username: "Ju\u0308rgen", clientID: clientID, secret: secret,
			want: "e8oJu5Hh019/9PocqVUI7sx6F0e0wZq4XROcZ7HCahg=",
		},
		{
			name: "a Chinese username hashes to the OpenSSL value",
			// printf '%s' $'\xe7\x94\xa8\xe6\x88\xb7\xe5\x90\x8d1example23456789abcdefghij' | openssl dgst -sha256 -hmac 'c0gn1t0Cl1entS3cretExampleValue0123456789abcdefghij' -binary | base64
			username: "用户名", clientID: clientID, secret: secret,
			want: "1lVcS1a7K6sEYheeELl40MJHUToPgtHWmHldeh2BmOw=",
		},
		{
			name: "a username with emoji and a zero-width joiner hashes to the OpenSSL value",
			// printf '%s' $'\xf0\x9f\xa6\x8afox\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb1example23456789abcdefghij' | openssl dgst -sha256 -hmac 'c0gn1t0Cl1entS3cretExampleValue0123456789abcdefghij' -binary | base64
			username: "\U0001F98Afox\U0001F469\u200d\U0001F4BB", clientID: clientID, secret: secret,
			want: "n3Qapw/ip6dJizZMKmp9O1xirFrM5R3S491iT3Fo+d4=",
		},
		{
			name: "a 128-character ASCII username hashes to the OpenSSL value",
			// printf '%s' "$(printf 'abcdefgh%.0s' $(seq 16))1example23456789abcdefghij" | openssl dgst -sha256 -hmac 'c0gn1t0Cl1entS3cretExampleValue0123456789abcdefghij' -binary | base64
			username: strings.Repeat("abcdefgh", 16), clientID: clientID, secret: secret,
			want: "jcFcZ4naNTQLd/QsqG/PH5vciNoMiBvPHPBQbuTrW80=",
		},
		{
			name: "a 128-character username of two-byte runes hashes to the OpenSSL value",
			// printf '%s' "$(printf '\xc3\xbc%.0s' $(seq 128))1example23456789abcdefghij" | openssl dgst -sha256 -hmac 'c0gn1t0Cl1entS3cretExampleValue0123456789abcdefghij' -binary | base64
			username: strings.Repeat("\u00fc", 128), clientID: clientID, secret: secret,
			want: "TsAlKZOpIUjv/Sic9NpP/sDp1pKIrXUy4Q582toZFYQ=",
		},
		{
			name: "a secret full of shell and JSON special characters is used as raw bytes",
			// printf '%s' 'alice1example23456789abcdefghij' | openssl dgst -sha256 -hmac '!@#$%^&*()_+-=[]{}|;:,.<>?/~`"\ end' -binary | base64
			username: "alice", clientID: clientID, secret: "!@#$%^&*()_+-=[]{}|;:,.<>?/~`\"\\ end",
			want: "jgyzapDpblotIy4C1jSF0WQj0Nhhtt+Cw4O0T66Ltfs=",
		},
		{
			name: "a secret longer than the SHA-256 block is hashed first as HMAC requires",
			// printf '%s' 'alice1example23456789abcdefghij' | openssl dgst -sha256 -hmac "$(printf '0123456789%.0s' $(seq 10))" -binary | base64
			username: "alice", clientID: clientID, secret: strings.Repeat("0123456789", 10),
			want: "z3IR4HSfoUyQUySA3gV2QEbSYiDgD/oqCP7RwBoCoYg=",
		},
		{
			name: "an empty username hashes the client ID alone",
			// printf '%s' '1example23456789abcdefghij' | openssl dgst -sha256 -hmac 'c0gn1t0Cl1entS3cretExampleValue0123456789abcdefghij' -binary | base64
			username: "", clientID: clientID, secret: secret,
			want: "JwKLLDHDTJ4Qz7dc74sUWfAxp6rUlZErPUiozsuVN5g=",
		},
		{
			name: "an empty client ID hashes the username alone",
			// printf '%s' 'alice' | openssl dgst -sha256 -hmac 'c0gn1t0Cl1entS3cretExampleValue0123456789abcdefghij' -binary | base64
			username: "alice", clientID: "", secret: secret,
			want: "gYQDqrSq61+qhBvxdGHrNtLeSN4mCz0VI4DB5AWYz/c=",
		},
		{
			name: "an empty secret is an empty HMAC key",
			// printf '%s' 'alice1example23456789abcdefghij' | openssl dgst -sha256 -hmac '' -binary | base64
			username: "alice", clientID: clientID, secret: "",
			want: "BtRMUPPIMAk4SJ1w/2mbVjC1QdVe++9M5n+uDbOdpF8=",
		},
		{
			name: "all inputs empty give the HMAC of nothing under an empty key",
			// printf '%s' '' | openssl dgst -sha256 -hmac '' -binary | base64
			username: "", clientID: "", secret: "",
			want: "thNnmggU2ex3L5XXeMNfxf8Wl8STcVZTxscSFEKSxa0=",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := secrethash.Compute(tt.username, tt.clientID, tt.secret)
			assert.Equal(t, tt.want, got)
			assert.Len(t, got, secrethash.EncodedLen)
			assert.Equal(t, tt.want, string(secrethash.Append(nil, tt.username, tt.clientID, tt.secret)))
		})
	}
}

func TestComputeHashesThePlainConcatenation(t *testing.T) {
	// printf '%s' 'ab' | openssl dgst -sha256 -hmac 'k' -binary | base64
	const want = "dHW7EZ/pt0zAr1AUpJ2AqyO9Gsgph+dpbNwkIohlRDY="
	tests := []struct {
		name     string
		username string
		clientID string
	}{
		{name: "the whole message may be the username", username: "ab"},
		{name: "the message may be split between username and client ID", username: "a", clientID: "b"},
		{name: "the whole message may be the client ID", clientID: "ab"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, want, secrethash.Compute(tt.username, tt.clientID, "k"))
		})
	}
}

func TestAppend(t *testing.T) {
	want := secrethash.Compute("alice", clientID, secret)

	t.Run("it keeps what dst already holds", func(t *testing.T) {
		got := secrethash.Append([]byte(`{"SecretHash":"`), "alice", clientID, secret)
		assert.Equal(t, `{"SecretHash":"`+want, string(got))
	})

	t.Run("it writes into dst in place when dst has EncodedLen spare capacity", func(t *testing.T) {
		buf := make([]byte, 3, 3+secrethash.EncodedLen)
		copy(buf, "x: ")
		got := secrethash.Append(buf, "alice", clientID, secret)
		require.Len(t, got, 3+secrethash.EncodedLen)
		assert.Same(t, &buf[0], &got[0])
		assert.Equal(t, "x: "+want, string(got))
	})
}

func FuzzCompute(f *testing.F) {
	f.Add("alice", clientID, secret)
	f.Add("J\u00fcrgen", clientID, secret)
	f.Add("", "", "")
	f.Add(strings.Repeat("\u00fc", 128), clientID, strings.Repeat("0123456789", 10))
	f.Add("\xff\xfe", "\x00", "\x80")
	f.Fuzz(func(t *testing.T, username, clientID, secret string) {
		mac := hmac.New(sha256.New, []byte(secret))
		mac.Write([]byte(username + clientID))
		want := base64.StdEncoding.EncodeToString(mac.Sum(nil))

		got := secrethash.Compute(username, clientID, secret)
		if got != want {
			t.Fatalf("Compute disagrees with crypto/hmac: got %q, want %q", got, want)
		}
		if len(got) != secrethash.EncodedLen {
			t.Fatalf("Compute returned %d bytes, want %d", len(got), secrethash.EncodedLen)
		}
		raw, err := base64.StdEncoding.Strict().DecodeString(got)
		if err != nil {
			t.Fatalf("Compute returned invalid base64: %v", err)
		}
		if len(raw) != sha256.Size {
			t.Fatalf("Compute encodes %d bytes, want %d", len(raw), sha256.Size)
		}
		if appended := secrethash.Append([]byte("prefix"), username, clientID, secret); string(appended) != "prefix"+want {
			t.Fatalf("Append disagrees with Compute: got %q", appended)
		}
	})
}

func BenchmarkCompute(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = secrethash.Compute("jane.doe@example.com", clientID, secret)
	}
}

func BenchmarkAppend(b *testing.B) {
	b.ReportAllocs()
	buf := make([]byte, 0, secrethash.EncodedLen)
	for b.Loop() {
		buf = secrethash.Append(buf[:0], "jane.doe@example.com", clientID, secret)
	}
}
