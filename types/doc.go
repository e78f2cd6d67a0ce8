// Package types holds the structured shapes, enums and exception types of the
// Amazon Cognito user-pool password operations, named as in the official
// aws-sdk-go-v2 client so that code moves over by changing an import.
//
// Scalars are plain Go values: the zero value means the member is absent and
// is not sent.
package types

//go:generate go run ../internal/generrors
