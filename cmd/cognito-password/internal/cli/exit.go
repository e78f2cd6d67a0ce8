package cli

import (
	"context"
	"errors"
	"fmt"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	smithy "github.com/aws/smithy-go"

	cognitopassword "github.com/cognitokit/cognitopassword"
)

// Exit codes. They are part of the command's interface: scripts branch on
// them, so they never change meaning. Keep exitCodesHelp and this module's README.md in step.
const (
	ExitOK          = 0   // the operation succeeded
	ExitError       = 1   // any other failure
	ExitUsage       = 2   // bad flags or arguments, a secret on the command line, no way to read a secret
	ExitInvalid     = 3   // invalid input: refused locally (nothing sent) or by Cognito
	ExitNotFound    = 4   // the user, user pool or app client does not exist
	ExitAuth        = 5   // not authorised: credentials, permissions, wrong code, token or password
	ExitThrottled   = 6   // throttled or over a limit: try again later
	ExitUnknown     = 7   // the outcome is unknown: the request may have been processed
	ExitBulkFailed  = 8   // a bulk run finished, but some users failed
	ExitInterrupted = 130 // stopped by SIGINT or SIGTERM
)

// exitCodesHelp is the exit code table printed by --help.
const exitCodesHelp = `Exit codes:
  0    success (bulk: every user done, or already done in an earlier run)
  1    other error
  2    usage error: bad flags, a secret given on the command line, no terminal to prompt on
  3    invalid input: refused before sending (nothing sent) or by Cognito (e.g. password policy)
  4    not found: user, user pool or app client
  5    not authorised: AWS credentials or permissions, wrong code, token or password
  6    throttled or over a Cognito limit: try again later
  7    outcome unknown: the request may have been processed; check before repeating it
       (bulk: some users' outcome is unknown; they are listed in the unknown file);
       also when Cognito answered success but its answer could not be read: the
       request was carried out, do not repeat it
  8    bulk: the run finished but some users failed (they are in the failures file)
  130  interrupted (Ctrl-C or SIGTERM); a bulk run can be resumed with the same command
`

// Error classes, as shown in JSON output and in journals.
const (
	classOK          = "ok"
	classError       = "error"
	classUsage       = "usage"
	classInvalid     = "invalid"
	classNotFound    = "not_found"
	classAuth        = "auth"
	classThrottled   = "throttled"
	classUnknown     = "unknown"
	classProcessed   = "processed"
	classInterrupted = "interrupted"
)

var classExit = map[string]int{
	classOK:          ExitOK,
	classError:       ExitError,
	classUsage:       ExitUsage,
	classInvalid:     ExitInvalid,
	classNotFound:    ExitNotFound,
	classAuth:        ExitAuth,
	classThrottled:   ExitThrottled,
	classUnknown:     ExitUnknown,
	classProcessed:   ExitUnknown,
	classInterrupted: ExitInterrupted,
}

// codeClass maps Cognito and AWS error codes to classes. Codes not listed
// are classError.
var codeClass = map[string]string{
	"UserNotFoundException":     classNotFound,
	"ResourceNotFoundException": classNotFound,

	"InvalidParameterException":               classInvalid,
	"InvalidPasswordException":                classInvalid,
	"PasswordHistoryPolicyViolationException": classInvalid,

	"NotAuthorizedException":              classAuth,
	"CodeMismatchException":               classAuth,
	"ExpiredCodeException":                classAuth,
	"ForbiddenException":                  classAuth,
	"PasswordResetRequiredException":      classAuth,
	"UserNotConfirmedException":           classAuth,
	"AccessDeniedException":               classAuth,
	"UnrecognizedClientException":         classAuth,
	"InvalidSignatureException":           classAuth,
	"IncompleteSignature":                 classAuth,
	"SignatureDoesNotMatch":               classAuth,
	"ExpiredTokenException":               classAuth,
	"MissingAuthenticationTokenException": classAuth,
	"InvalidClientTokenId":                classAuth,

	"TooManyRequestsException":       classThrottled,
	"ThrottlingException":            classThrottled,
	"LimitExceededException":         classThrottled,
	"TooManyFailedAttemptsException": classThrottled,
}

// fatalCodes are failures that no other user of a bulk run can escape: the
// run stops at the first of them instead of failing every user the same way.
var fatalCodes = map[string]bool{
	"ResourceNotFoundException":           true,
	"AccessDeniedException":               true,
	"UnrecognizedClientException":         true,
	"InvalidSignatureException":           true,
	"IncompleteSignature":                 true,
	"SignatureDoesNotMatch":               true,
	"ExpiredTokenException":               true,
	"MissingAuthenticationTokenException": true,
	"InvalidClientTokenId":                true,
}

// failure describes an error for output and journals. It never holds a
// secret: the library's errors do not, and the CLI adds none.
type failure struct {
	Class     string `json:"class"`
	Code      string `json:"code,omitempty"`
	Message   string `json:"message"`
	RequestID string `json:"requestId,omitempty"`
	ExitCode  int    `json:"exitCode"`
	fatal     bool
}

// classify turns an error into a failure with its class and exit code.
// interrupted tells whether the run was stopped by a signal.
func classify(err error, interrupted bool) failure {
	f := failure{Class: classError, Message: err.Error()}
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		f.RequestID = re.ServiceRequestID()
	}
	var api smithy.APIError
	if errors.As(err, &api) {
		f.Code = api.ErrorCode()
		if c, ok := codeClass[f.Code]; ok {
			f.Class = c
		}
		f.fatal = fatalCodes[f.Code]
	}
	var ip smithy.InvalidParamsError // a value, as the official client's
	var rm *cognitopassword.RegionMismatchError
	var ue *usageError
	var ie *inputError
	var pne config.SharedConfigProfileNotExistError
	switch {
	case errors.Is(err, cognitopassword.ErrProcessed):
		// Cognito answered 2xx: the request was carried out, whatever its
		// body said. A single command cannot show what it did, and exits
		// 7 so that nobody repeats it blindly; a bulk run records it done.
		f.Class = classProcessed
		f.fatal = false
	case errors.Is(err, cognitopassword.ErrOutcomeUnknown):
		f.Class = classUnknown
	case errors.As(err, &ue):
		f.Class = classUsage
	case interrupted && (errors.Is(err, context.Canceled) || errors.Is(err, errInterrupted)):
		f.Class = classInterrupted
	case errors.Is(err, context.DeadlineExceeded):
		// The library reports a deadline after sending as a plain error;
		// the request may have been processed.
		f.Class = classUnknown
	case errors.As(err, &ip), errors.As(err, &rm), errors.As(err, &ie):
		f.Class = classInvalid
		f.fatal = rm != nil
	case errors.Is(err, cognitopassword.ErrMissingCredentials), errors.Is(err, errCredentials):
		f.Class = classAuth
		f.fatal = true
	case errors.As(err, &pne):
		f.Class = classUsage
		f.fatal = true
	}
	f.ExitCode = classExit[f.Class]
	return f
}

// usageError is a mistake in the command line.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// errInterrupted is returned when a signal stopped the command.
var errInterrupted = errors.New("interrupted")

// errCredentials wraps a failure to load AWS credentials.
var errCredentials = errors.New("cannot load AWS credentials")
