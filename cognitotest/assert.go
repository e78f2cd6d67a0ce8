package cognitotest

import "testing"

// RequireUserStatus fails the test at once unless the user exists in the
// pool with the given status, such as [StatusConfirmed].
func RequireUserStatus(t testing.TB, pool *UserPool, username, status string) {
	t.Helper()
	got, err := pool.UserStatus(username)
	if err != nil {
		t.Fatalf("cognitotest: status of %q: %v", username, err)
		return
	}
	if got != status {
		t.Fatalf("cognitotest: user %q has status %s, want %s", username, got, status)
	}
}

// RequirePasswordSignsIn fails the test at once unless the password would
// sign the user in; see [UserPool.PasswordWouldSignIn].
func RequirePasswordSignsIn(t testing.TB, pool *UserPool, username, password string) {
	t.Helper()
	if !pool.PasswordWouldSignIn(username, password) {
		t.Fatalf("cognitotest: the password does not sign %q in", username)
	}
}

// RequireLastCode fails the test at once unless a code was sent to the
// user, and returns the latest one.
func RequireLastCode(t testing.TB, s *Server, poolID, username string) string {
	t.Helper()
	code, ok := s.LastCode(poolID, username)
	if !ok {
		t.Fatalf("cognitotest: no code was sent to %q in pool %q", username, poolID)
		return ""
	}
	return code
}
