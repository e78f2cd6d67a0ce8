// Package conformance holds the test suite that proves the cognitopassword
// client speaks the same wire as the official client,
// github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider v1.61.0:
// the same requests and signatures, the same error types and the same
// decoded outputs, apart from the differences the library makes on purpose.
// See README.md. The package has no code of its own; everything is in its
// tests.
package conformance
