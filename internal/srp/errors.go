package srp

import "errors"

// InputError reports a value that cannot be used, before any computation
// with it: a malformed or out-of-range SRP_A, SRP_B, SALT, SECRET_BLOCK or
// TIMESTAMP, or an empty, oversized or non-UTF-8 pool name, user ID or
// password. Its message names the parameter and the reason, never the value.
type InputError struct {
	// Param names the value: "SRP_A", "SRP_B", "SALT", "SECRET_BLOCK",
	// "TIMESTAMP", "PASSWORD_CLAIM_SIGNATURE", "UserPoolId", "poolName",
	// "userIDForSRP" or "password".
	Param string
	// Reason says what is wrong, without the value.
	Reason string
}

// Error implements error.
func (e *InputError) Error() string { return "srp: " + e.Param + " " + e.Reason }

// ErrClaimMismatch is returned by [ServerSession.VerifyClaim] when the
// signature does not match: the password is wrong, or the claim was made for
// another user, timestamp, secret block or exchange.
var ErrClaimMismatch = errors.New("srp: the password claim signature does not match")

// RandomError reports that the random source failed or gave an unusable
// value (all zeros). It wraps the source's error, if any.
type RandomError struct {
	Err error
}

// Error implements error.
func (e *RandomError) Error() string {
	if e.Err == nil {
		return "srp: the random source gave an unusable value"
	}
	return "srp: reading the random source: " + e.Err.Error()
}

// Unwrap returns the random source's error.
func (e *RandomError) Unwrap() error { return e.Err }
