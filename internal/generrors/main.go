// Command generrors writes types/errors.go, one exception type for each error
// that the service model lists for the eleven operations of this library, and
// internal/exceptions/exceptions.go, which builds them from an error code for
// the decoder. A test checks that both files are what it writes.
//
// Run it with go generate ./types.
package main

import (
	"bytes"
	"fmt"
	"go/format"
	"log"
	"os"
)

// The files it writes, relative to types/, where go generate runs it.
const (
	typesFile      = "errors.go"
	exceptionsFile = "../internal/exceptions/exceptions.go"
)

// exception is one modelled error shape.
type exception struct {
	name   string
	server bool
	doc    string
	reason bool
}

// exceptions lists the 28 errors of the eleven operations (the six password
// operations, InitiateAuth, RespondToAuthChallenge, AdminInitiateAuth,
// AdminRespondToAuthChallenge and AdminGetUser), sorted, with their fault
// (from the model's "error"/"fault" traits) and documentation.
var exceptions = []exception{
	{"AliasExistsException", false, "is returned when an email address or phone number is already the sign-in alias of another user.", false},
	{"CodeDeliveryFailureException", false, "is returned when a verification code fails to deliver successfully.", false},
	{"CodeMismatchException", false, "is returned when the confirmation code is not the one Amazon Cognito sent.", false},
	{"ExpiredCodeException", false, "is returned when the confirmation code has expired.", false},
	{"ForbiddenException", false, "is returned when WAF doesn't allow the request for the user pool's app client.", false},
	{"InternalErrorException", true, "is returned when Amazon Cognito encounters an internal error.", false},
	{"InvalidEmailRoleAccessPolicyException", false, "is returned when Amazon Cognito isn't allowed to use the user pool's email identity.", false},
	{"InvalidLambdaResponseException", false, "is returned when Amazon Cognito encounters an invalid Lambda trigger response.", false},
	{"InvalidParameterException", false, "is returned when the service finds a parameter invalid.", true},
	{"InvalidPasswordException", false, "is returned when the password does not meet the user pool's password policy.", false},
	{"InvalidSmsRoleAccessPolicyException", false, "is returned when the SMS role's access policy is invalid.", false},
	{"InvalidSmsRoleTrustRelationshipException", false, "is returned when the SMS role's trust relationship does not allow Amazon Cognito to assume it.", false},
	{"InvalidUserPoolConfigurationException", false, "is returned when the user pool configuration is not valid (for example, a sign-in flow the app client does not allow).", false},
	{"LimitExceededException", false, "is returned when a user has exceeded the attempt limit for an action (a per-user lock, not a request rate limit).", false},
	{"MFAMethodNotFoundException", false, "is returned when Amazon Cognito cannot find a multi-factor authentication (MFA) method for the user.", false},
	{"NotAuthorizedException", false, "is returned when the caller is not authorized: wrong credentials, a missing or wrong secret hash, or a revoked or expired token.", false},
	{"OperationNotEnabledException", false, "is returned when the operation is not enabled for the user pool or app client.", false},
	{"PasswordHistoryPolicyViolationException", false, "is returned when the new password matches one the user pool's password history policy forbids.", false},
	{"PasswordResetRequiredException", false, "is returned when the user must reset the password before anything else.", false},
	{"ResourceNotFoundException", false, "is returned when the user pool or app client does not exist.", false},
	{"SoftwareTokenMFANotFoundException", false, "is returned when time-based one-time password (TOTP) MFA is not activated for the user pool.", false},
	{"TooManyFailedAttemptsException", false, "is returned when the user has failed an operation too many times.", false},
	{"TooManyRequestsException", false, "is returned when the request rate exceeds the quota for the operation (throttling).", false},
	{"UnexpectedLambdaException", false, "is returned when a Lambda trigger failed unexpectedly.", false},
	{"UnsupportedOperationException", false, "is returned when the operation is not enabled for the user pool client.", false},
	{"UserLambdaValidationException", false, "is returned when a pre sign-up, custom message or similar Lambda trigger rejected the user.", false},
	{"UserNotConfirmedException", false, "is returned when the user has not confirmed the account.", false},
	{"UserNotFoundException", false, "is returned when the user does not exist.", false},
}

func main() {
	typesSrc, exceptionsSrc, err := generate()
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(typesFile, typesSrc, 0o644); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(exceptionsFile, exceptionsSrc, 0o644); err != nil {
		log.Fatal(err)
	}
}

// generate returns the contents of types/errors.go and
// internal/exceptions/exceptions.go.
func generate() (typesSrc, exceptionsSrc []byte, err error) {
	var b bytes.Buffer
	b.WriteString("// Code generated by internal/generrors; DO NOT EDIT.\n\npackage types\n\nimport (\n\t\"fmt\"\n\n\tsmithy \"github.com/aws/smithy-go\"\n)\n\n")
	for _, e := range exceptions {
		fault := "smithy.FaultClient"
		if e.server {
			fault = "smithy.FaultServer"
		}
		fmt.Fprintf(&b, "// %s %s\ntype %s struct {\n", e.name, e.doc, e.name)
		b.WriteString("\t// Message is the service's explanation.\n\tMessage string\n")
		if e.reason {
			b.WriteString("\t// ReasonCode is the service's machine-readable reason, when it sends one.\n\tReasonCode string\n")
		}
		b.WriteString("\t// ErrorCodeOverride, when set, is returned by ErrorCode instead of the type's name.\n\tErrorCodeOverride string\n}\n\n")
		fmt.Fprintf(&b, "var _ smithy.APIError = (*%s)(nil)\n\n", e.name)
		fmt.Fprintf(&b, "// Error returns the code and the message, as the official client does.\nfunc (e *%s) Error() string { return fmt.Sprintf(\"%%s: %%s\", e.ErrorCode(), e.ErrorMessage()) }\n\n", e.name)
		fmt.Fprintf(&b, "// ErrorMessage returns the service's message.\nfunc (e *%s) ErrorMessage() string { return e.Message }\n\n", e.name)
		fmt.Fprintf(&b, "// ErrorCode returns %q unless ErrorCodeOverride is set.\nfunc (e *%s) ErrorCode() string {\n\tif e == nil || e.ErrorCodeOverride == \"\" {\n\t\treturn %q\n\t}\n\treturn e.ErrorCodeOverride\n}\n\n", e.name, e.name, e.name)
		fmt.Fprintf(&b, "// ErrorFault returns %s.\nfunc (e *%s) ErrorFault() smithy.ErrorFault { return %s }\n\n", fault, e.name, fault)
	}
	if typesSrc, err = format.Source(b.Bytes()); err != nil {
		return nil, nil, err
	}

	b.Reset()
	b.WriteString("// Code generated by internal/generrors; DO NOT EDIT.\n\n")
	b.WriteString("// Package exceptions builds the exception types of package types from an\n// error code, for the response decoder.\npackage exceptions\n\n")
	b.WriteString("import (\n\tsmithy \"github.com/aws/smithy-go\"\n\n\t\"github.com/cognitokit/cognitopassword/types\"\n)\n\n")
	b.WriteString("// New returns a new exception value for a modelled error code (matched\n// exactly), or nil when the code is not one of the 28.\nfunc New(code, message, reasonCode string) smithy.APIError {\n\tswitch code {\n")
	for _, e := range exceptions {
		if e.reason {
			fmt.Fprintf(&b, "\tcase %q:\n\t\treturn &types.%s{Message: message, ReasonCode: reasonCode}\n", e.name, e.name)
		} else {
			fmt.Fprintf(&b, "\tcase %q:\n\t\treturn &types.%s{Message: message}\n", e.name, e.name)
		}
	}
	b.WriteString("\t}\n\treturn nil\n}\n\n")
	b.WriteString("// Codes returns the codes of every modelled exception, sorted.\nfunc Codes() []string {\n\treturn []string{\n")
	for _, e := range exceptions {
		fmt.Fprintf(&b, "\t\t%q,\n", e.name)
	}
	b.WriteString("\t}\n}\n")
	if exceptionsSrc, err = format.Source(b.Bytes()); err != nil {
		return nil, nil, err
	}
	return typesSrc, exceptionsSrc, nil
}
