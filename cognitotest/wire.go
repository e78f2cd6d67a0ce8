package cognitotest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
)

// The AWS JSON 1.1 protocol constants Cognito uses.
const (
	// TargetPrefix is the prefix of the X-Amz-Target header of every
	// Cognito user pools operation.
	TargetPrefix = "AWSCognitoIdentityProviderService."

	// ContentType is the media type of every request and response body.
	ContentType = "application/x-amz-json-1.1"

	// DefaultMaxBodyBytes is the default cap on a request body; a larger
	// body is refused with HTTP 413 before it is parsed.
	DefaultMaxBodyBytes = 256 << 10
)

// apiError is a modelled error as Cognito returns it.
type apiError struct {
	status  int
	code    string
	message string
}

func (e *apiError) Error() string { return e.code + ": " + e.message }

func newAPIError(code, message string) *apiError {
	status := http.StatusBadRequest
	if code == "InternalErrorException" {
		status = http.StatusInternalServerError
	}
	return &apiError{status: status, code: code, message: message}
}

// Error constructors for the exceptions the server returns. The messages
// are Cognito's where they are known (see the package documentation).
func errInvalidParameter(msg string) *apiError { return newAPIError("InvalidParameterException", msg) }
func errNotAuthorized(msg string) *apiError    { return newAPIError("NotAuthorizedException", msg) }
func errResourceNotFound(msg string) *apiError { return newAPIError("ResourceNotFoundException", msg) }
func errUserNotFound(msg string) *apiError     { return newAPIError("UserNotFoundException", msg) }
func errCodeMismatch() *apiError {
	return newAPIError("CodeMismatchException", "Invalid verification code provided, please try again.")
}
func errExpiredCode() *apiError {
	return newAPIError("ExpiredCodeException", "Invalid code provided, please request a code again.")
}
func errLimitExceeded() *apiError {
	return newAPIError("LimitExceededException", "Attempt limit exceeded, please try after some time.")
}
func errTooManyFailedAttempts() *apiError {
	return newAPIError("TooManyFailedAttemptsException", "Too many failed attempts for this code, please request a new code.")
}
func errPasswordResetRequired() *apiError {
	return newAPIError("PasswordResetRequiredException", "Password reset required for the user")
}
func errUserNotConfirmed() *apiError {
	return newAPIError("UserNotConfirmedException", "User is not confirmed.")
}
func errIncorrectPassword() *apiError { return errNotAuthorized("Incorrect username or password.") }

// errMissing is the validation error for a required member left out.
func errMissing(member string) *apiError {
	return errInvalidParameter("1 validation error detected: Value null at '" + member + "' failed to satisfy constraint: Member must not be null")
}

// errConstraint is the validation error for a member that breaks a
// constraint of the service model. The value itself is never echoed, as it
// may be a password or a token.
func errConstraint(member, constraint string) *apiError {
	return errInvalidParameter("1 validation error detected: Value at '" + member + "' failed to satisfy constraint: " + constraint)
}

// newRequestID returns a random UUID in the form Cognito's
// x-amzn-requestid header has.
func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// writeJSON writes a successful AWS JSON 1.1 response.
func writeJSON(w http.ResponseWriter, v any) int {
	body, err := json.Marshal(v)
	if err != nil {
		return writeError(w, newAPIError("InternalErrorException", "cognitotest: cannot encode the response"))
	}
	w.Header().Set("Content-Type", ContentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
	return http.StatusOK
}

// writeError writes an error the way Cognito does: the status code, the
// x-amzn-ErrorType header ("Code:"), the x-amzn-ErrorMessage header and a
// body with __type and message.
func writeError(w http.ResponseWriter, e *apiError) int {
	body, _ := json.Marshal(struct {
		Type    string `json:"__type"`
		Message string `json:"message,omitempty"`
	}{e.code, e.message})
	h := w.Header()
	h.Set("Content-Type", ContentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("X-Amzn-Errortype", e.code+":")
	if e.message != "" {
		h.Set("X-Amzn-Errormessage", e.message)
	}
	w.WriteHeader(e.status)
	_, _ = w.Write(body)
	return e.status
}
