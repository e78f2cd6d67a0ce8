package secrethash_test

import (
	"fmt"

	"github.com/cognitokit/cognitopassword/secrethash"
)

func ExampleCompute() {
	// The values of an app client that has a client secret. Load the secret
	// from configuration or a secrets manager; never hard-code a real one.
	const (
		clientID     = "1example23456789abcdefghij"
		clientSecret = "c0gn1t0Cl1entS3cretExampleValue0123456789abcdefghij"
	)

	// For ForgotPassword, hash the Username exactly as it is sent, even when
	// it is an email alias.
	fmt.Println(secrethash.Compute("jane.doe@example.com", clientID, clientSecret))
	// Output:
	// A4Z1zT2/puYiRPz7wblHoMUAvGoNbCsibX6V3J1Ro4Q=
}

func ExampleAppend() {
	buf := make([]byte, 0, 64)
	buf = append(buf, "SECRET_HASH="...)
	buf = secrethash.Append(buf, "alice", "1example23456789abcdefghij", "c0gn1t0Cl1entS3cretExampleValue0123456789abcdefghij")
	fmt.Println(string(buf))
	// Output:
	// SECRET_HASH=h8/8ebConPf8Kfw5gEKSLBJTzDzvD1vQ2GuVzbvB0bE=
}
