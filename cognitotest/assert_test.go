package cognitotest_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/cognitokit/cognitopassword/cognitotest"
)

// recorder is a testing.TB that records a fatal failure instead of
// stopping the test.
type recorder struct {
	testing.TB
	failed string
}

func (r *recorder) Helper() {}

func (r *recorder) Fatalf(format string, args ...any) { r.failed = fmt.Sprintf(format, args...) }

func TestAssertionHelpers(t *testing.T) {
	h := newHarness(t, cognitotest.PoolConfig{})
	h.addUser("alice")

	tests := []struct {
		name string
		run  func(tb testing.TB)
		want string
	}{
		{"RequireUserStatus passes on the right status",
			func(tb testing.TB) { cognitotest.RequireUserStatus(tb, h.pool, "alice", cognitotest.StatusConfirmed) }, ""},
		{"RequireUserStatus fails on another status",
			func(tb testing.TB) {
				cognitotest.RequireUserStatus(tb, h.pool, "alice", cognitotest.StatusResetRequired)
			},
			`cognitotest: user "alice" has status CONFIRMED, want RESET_REQUIRED`},
		{"RequireUserStatus fails on an unknown user",
			func(tb testing.TB) { cognitotest.RequireUserStatus(tb, h.pool, "nobody", cognitotest.StatusConfirmed) },
			`cognitotest: status of "nobody": cognitotest: user not found: "nobody" in pool "` + h.pool.ID() + `"`},
		{"RequirePasswordSignsIn fails on a wrong password",
			func(tb testing.TB) { cognitotest.RequirePasswordSignsIn(tb, h.pool, "alice", "wrong") },
			`cognitotest: the password does not sign "alice" in`},
		{"RequireLastCode fails when no code was sent",
			func(tb testing.TB) { cognitotest.RequireLastCode(tb, h.srv, h.pool.ID(), "alice") },
			`cognitotest: no code was sent to "alice" in pool "` + h.pool.ID() + `"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &recorder{TB: t}
			tt.run(r)
			assert.Equal(t, tt.want, r.failed)
		})
	}
}
