package cognitotest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAppendBoundedKeepsTheLatestEntries(t *testing.T) {
	var list []int
	for i := range MaxLogEntries + 5 {
		list = appendBounded(list, i)
	}
	require.Len(t, list, MaxLogEntries)
	assert.Equal(t, 5, list[0])
	assert.Equal(t, MaxLogEntries+4, list[len(list)-1])
}

func TestMask(t *testing.T) {
	tests := []struct {
		name, attr, dest, want string
	}{
		{"an email keeps the first letters of both parts", "email", "alice@example.com", "a***@e***"},
		{"a non-ASCII email keeps whole runes", "email", "élodie@ñu.example", "é***@ñ***"},
		{"a string without @ is still masked", "email", "alice", "a***"},
		{"a US phone number keeps the last four digits", "phone_number", "+12065550123", "+*******0123"},
		{"a UK phone number keeps the last four digits", "phone_number", "+447700900123", "+********0123"},
		{"a very short number is not padded", "phone_number", "+123", "+123"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, mask(tt.attr, tt.dest))
		})
	}
}

func TestPasswordPolicyViolations(t *testing.T) {
	pp := DefaultPasswordPolicy()
	for _, sym := range symbols {
		assert.Empty(t, pp.violation("Passw0rd"+string(sym)), "symbol %q counts", sym)
	}
	assert.Equal(t, "Password must have symbol characters", pp.violation("Passw0rd§"), "§ is not one of Cognito's symbols")
	assert.Equal(t, "Password not long enough", PasswordPolicy{MinimumLength: 6}.violation("ééééé"), "length counts characters")
	assert.Empty(t, PasswordPolicy{MinimumLength: 6}.violation("éééééé"))
}

func TestTokensAreBounded(t *testing.T) {
	s := NewServer()
	defer s.Close()
	pool, err := s.CreateUserPool(PoolConfig{})
	require.NoError(t, err)
	app, err := pool.CreateAppClient(ClientConfig{})
	require.NoError(t, err)
	require.NoError(t, pool.CreateUser(UserConfig{Username: "alice"}))

	s.mu.Lock()
	p, c, u := s.pools[pool.ID()], s.clients[app.ID], s.pools[pool.ID()].users["alice"]
	now := time.Now()
	for range maxTokens + 10 {
		s.issueToken(p, c, u, now)
	}
	n := len(s.tokens)
	for range maxTokens + 10 {
		s.issueRefreshToken(p, c, u, now)
	}
	refresh := len(s.refreshTokens)
	// Sessions: a live one survives a full map of expired ones.
	for i := range maxTokens {
		s.sessions[itoa(i)] = &sessionState{expires: now.Add(-time.Second)}
	}
	s.sessions["live"] = &sessionState{expires: now.Add(time.Hour)}
	s.pruneTokens(now)
	sessions, live := len(s.sessions), s.sessions["live"] != nil
	s.mu.Unlock()
	assert.LessOrEqual(t, n, maxTokens)
	assert.LessOrEqual(t, refresh, maxTokens)
	assert.Equal(t, 1, sessions, "the expired sessions are forgotten")
	assert.True(t, live, "the live session is kept")
}
