package conformance

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsretry "github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	smithy "github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	cp "github.com/cognitokit/cognitopassword"
	"github.com/cognitokit/cognitopassword/internal/exceptions"
)

// errorView is what a caller can learn from an error, in a form neutral to
// both clients.
type errorView struct {
	// Operation and Service are from the *smithy.OperationError.
	Operation, Service string
	// Category is "api" (a smithy.APIError), "deserialization" (a
	// *smithy.DeserializationError and no APIError) or "other".
	Category string
	// Type is the concrete API error type, package-relative:
	// "types.UserNotFoundException" or "smithy.GenericAPIError".
	Type                string
	Code, Message       string
	Fault               smithy.ErrorFault
	ReasonCode          string
	HasReasonCode       bool
	Status              int
	RequestID           string
	HasResponseError    bool
	DeserializationText bool // the error says it could not decode
}

// wrapping is how an error is wrapped, where the clients may differ on
// purpose.
type wrapping struct {
	OutcomeUnknown bool // errors.Is(err, cp.ErrOutcomeUnknown)
	MaxAttempts    bool // errors.As(err, *retry.MaxAttemptsError)
}

func viewError(err error) (errorView, wrapping) {
	var v errorView
	var w wrapping
	if err == nil {
		return v, w
	}
	var opErr *smithy.OperationError
	if errors.As(err, &opErr) {
		v.Operation, v.Service = opErr.OperationName, opErr.ServiceID
	}
	var apiErr smithy.APIError
	var desErr *smithy.DeserializationError
	switch {
	case errors.As(err, &apiErr):
		v.Category = "api"
		typ := reflect.TypeOf(apiErr)
		if typ.Kind() == reflect.Pointer {
			typ = typ.Elem()
		}
		pkg := path.Base(typ.PkgPath())
		if pkg == "smithy-go" {
			pkg = "smithy" // the package name of the module root
		}
		v.Type = pkg + "." + typ.Name()
		v.Code, v.Message, v.Fault = apiErr.ErrorCode(), apiErr.ErrorMessage(), apiErr.ErrorFault()
		if f := reflect.ValueOf(apiErr).Elem().FieldByName("ReasonCode"); f.IsValid() {
			v.HasReasonCode = true
			if f.Kind() == reflect.Pointer {
				if !f.IsNil() {
					v.ReasonCode = f.Elem().String()
				}
			} else {
				v.ReasonCode = f.String()
			}
		}
	case errors.As(err, &desErr):
		v.Category = "deserialization"
	default:
		v.Category = "other"
	}
	var respErr *awshttp.ResponseError
	if errors.As(err, &respErr) {
		v.HasResponseError = true
		v.Status = respErr.HTTPStatusCode()
		v.RequestID = respErr.ServiceRequestID()
	}
	w.OutcomeUnknown = errors.Is(err, cp.ErrOutcomeUnknown)
	var maxErr *awsretry.MaxAttemptsError
	w.MaxAttempts = errors.As(err, &maxErr)
	return v, w
}

// errorEncodings are the ways the service and proxies name an error; each
// returns the reply for code with message.
var errorEncodings = []struct {
	name string
	make func(code, message string) (header map[string]string, body string)
}{
	{"X-Amzn-ErrorType header", func(code, msg string) (map[string]string, string) {
		return map[string]string{"X-Amzn-ErrorType": code}, jsonObject("message", msg)
	}},
	{"__type with the service namespace", func(code, msg string) (map[string]string, string) {
		return nil, jsonObject("__type", "com.amazonaws.cognito.identity.idp.model#"+code, "message", msg)
	}},
	{"__type with a short namespace and Message", func(code, msg string) (map[string]string, string) {
		return nil, jsonObject("__type", "aws.cognito#"+code, "Message", msg)
	}},
	{"body code", func(code, msg string) (map[string]string, string) {
		return nil, jsonObject("code", code, "message", msg)
	}},
	{"header with a colon suffix", func(code, msg string) (map[string]string, string) {
		return map[string]string{"X-Amzn-ErrorType": code + ":http://internal.amazon.com/coral/com.amazonaws.cognito.identity.idp.model/"},
			jsonObject("__type", "com.amazonaws.cognito.identity.idp.model#"+code, "message", msg)
	}},
	{"lower-case code in the header", func(code, msg string) (map[string]string, string) {
		return map[string]string{"X-Amzn-ErrorType": strings.ToLower(code)}, jsonObject("message", msg)
	}},
	{"lower-case code in __type", func(code, msg string) (map[string]string, string) {
		return nil, jsonObject("__type", strings.ToLower(code), "Message", msg)
	}},
	{"header wins over the body", func(code, msg string) (map[string]string, string) {
		return map[string]string{"X-Amzn-ErrorType": code}, jsonObject("__type", "SomethingElseException", "code", "Other", "message", msg)
	}},
}

// jsonObject returns a JSON object of string members, in order.
func jsonObject(kv ...string) string {
	var b strings.Builder
	b.WriteByte('{')
	for i := 0; i < len(kv); i += 2 {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Quote(kv[i]))
		b.WriteByte(':')
		b.WriteString(strconv.Quote(kv[i+1]))
	}
	b.WriteByte('}')
	return b.String()
}

// errorPair sends one error reply to both clients and compares the errors.
// It returns the two views for further checks.
func errorPair(t *testing.T, pr *pair, op operation, rep reply, where string) (errorView, errorView, bool) {
	t.Helper()
	rid := fmt.Sprintf("rid-%d", errorCases.Load())
	if rep.Header == nil {
		rep.Header = map[string]string{}
	} else {
		h := make(map[string]string, len(rep.Header)+1)
		for k, v := range rep.Header {
			h[k] = v
		}
		rep.Header = h
	}
	rep.Header["X-Amzn-Requestid"] = rid
	th, ou := pr.call(context.Background(), op, minimalParams(op.name), rep)
	ok := assert.Errorf(t, th.Err, "%s: official client succeeded", where)
	ok = assert.Errorf(t, ou.Err, "%s: our client succeeded", where) && ok
	ok = assert.Lenf(t, th.Sent, 1, "%s: official attempts", where) && ok
	ok = assert.Lenf(t, ou.Sent, 1, "%s: our attempts (retries must be off)", where) && ok
	if !ok {
		return errorView{}, errorView{}, false
	}
	errorCases.Add(1)
	tv, tw := viewError(th.Err)
	ov, ow := viewError(ou.Err)
	assert.Equalf(t, tv, ov, "%s: errors differ\nofficial: %v\nours:     %v", where, th.Err, ou.Err)
	assert.Equalf(t, op.name, tv.Operation, "%s: official operation name", where)
	assert.Equalf(t, rid, tv.RequestID, "%s: official request id", where)
	assert.Falsef(t, tw.OutcomeUnknown, "%s: official outcome unknown", where)
	// Our only wrapping difference: ErrOutcomeUnknown, for ambiguous
	// failures of the operations that must not be repeated.
	assert.Equalf(t, expectOutcomeUnknown(op, tv), ow.OutcomeUnknown, "%s: our outcome-unknown wrapping (%v)", where, ou.Err)
	assert.Falsef(t, ow.MaxAttempts, "%s: our client wrapped a MaxAttemptsError with retries off: %v", where, ou.Err)
	return tv, ov, true
}

// expectOutcomeUnknown says when our client wraps the error in an
// *cp.OutcomeUnknownError: when its retry classification (README,
// "Retries") calls the failure ambiguous. The suite makes one attempt, so
// this holds for every operation: AdminSetUserPassword would retry, but an
// ambiguous failure that is not retried leaves its outcome unknown too.
// Ambiguous: InternalErrorException (and the
// generic InternalServerError and ServiceUnavailable) with any status, and a
// 5xx other than 429 unless the error is a throttle or a modelled client
// fault.
func expectOutcomeUnknown(_ operation, v errorView) bool {
	switch v.Code {
	case "TooManyRequestsException", "ThrottlingException", "Throttling":
		return false
	case "InternalErrorException", "InternalServerError", "ServiceUnavailable":
		return v.Category == "api"
	}
	if v.Status == 429 {
		return false
	}
	if v.Category == "api" && v.Fault == smithy.FaultClient {
		return false
	}
	return v.Status >= 500 || (v.Category == "api" && v.Fault == smithy.FaultServer)
}

// TestModelledErrorsMatchTheOfficialClient sends every modelled exception,
// for every operation, in every encoding, with statuses 400 and 500, and
// compares the errors: type, code, message, fault, reason code, status and
// request id. Codes that another operation models come back generic from
// both.
func TestModelledErrorsMatchTheOfficialClient(t *testing.T) {
	lists := officialErrorLists(t)
	for _, op := range operations {
		t.Run(op.name, func(t *testing.T) {
			t.Parallel()
			pr := newPair(t)
			failures := 0
			modelled := map[string]bool{}
			for _, c := range lists[op.name] {
				modelled[c] = true
			}
			for _, code := range exceptions.Codes() {
				for _, enc := range errorEncodings {
					for _, status := range []int{400, 500} {
						msg := "message for " + code + " ✓ \"quoted\" \u2028"
						h, body := enc.make(code, msg)
						if code == "InvalidParameterException" {
							body = strings.TrimSuffix(body, "}") + `,"reasonCode":"INVALID_EMAIL_ADDRESS"}`
						}
						where := fmt.Sprintf("%s %s (%s, HTTP %d)", op.name, code, enc.name, status)
						tv, _, ok := errorPair(t, pr, op, reply{Status: status, Header: h, Body: body}, where)
						if ok {
							if modelled[code] {
								assert.Equalf(t, "types."+code, tv.Type, "%s: official type", where)
								assert.Equalf(t, msg, tv.Message, "%s: official message", where)
							} else {
								assert.Equalf(t, "smithy.GenericAPIError", tv.Type, "%s: official type", where)
							}
							if code == "InvalidParameterException" && modelled[code] {
								assert.Equalf(t, "INVALID_EMAIL_ADDRESS", tv.ReasonCode, "%s: reason code", where)
							}
						}
						if t.Failed() {
							if failures++; failures >= maxFailures {
								t.Fatalf("stopping %s after %d failing cases", op.name, failures)
							}
						}
					}
				}
			}
		})
	}
}

// TestOddErrorResponsesMatchTheOfficialClient sends error responses that are
// not a modelled exception: unknown codes, empty, null and non-JSON bodies,
// truncated JSON, members of the wrong type. Both clients must classify them
// the same way.
func TestOddErrorResponsesMatchTheOfficialClient(t *testing.T) {
	for _, op := range operations {
		t.Run(op.name, func(t *testing.T) {
			t.Parallel()
			pr := newPair(t)
			for _, tc := range oddErrorBodies {
				for _, status := range []int{400, 403, 429, 500, 503} {
					where := fmt.Sprintf("%s: %s (HTTP %d)", op.name, tc.name, status)
					tv, _, ok := errorPair(t, pr, op, reply{Status: status, Header: tc.header, Body: tc.body}, where)
					if ok && tc.want != "" {
						assert.Equalf(t, tc.want, tv.Category+" "+tv.Type, "%s: official classification", where)
					}
				}
			}
		})
	}
}

// oddErrorBodies are error replies that are not a plain modelled exception.
// want, when set, is the official client's classification: category and
// type.
var oddErrorBodies = []struct {
	name   string
	header map[string]string
	body   string
	want   string
}{
	{"an unknown code in __type", nil, `{"__type":"SomethingNewException","message":"new"}`, "api smithy.GenericAPIError"},
	{"an unknown code in the header", map[string]string{"X-Amzn-ErrorType": "SomethingNewException"}, `{"message":"new"}`, "api smithy.GenericAPIError"},
	{"a code of another service", nil, `{"__type":"com.amazonaws.dynamodb.v20120810#ResourceInUseException","message":"m"}`, "api smithy.GenericAPIError"},
	{"an empty body", nil, ``, "api smithy.GenericAPIError"},
	{"an empty body with a code header", map[string]string{"X-Amzn-ErrorType": "UserNotFoundException"}, ``, ""},
	{"a body of spaces", nil, " \n\t ", "api smithy.GenericAPIError"},
	{"a null body", nil, `null`, "api smithy.GenericAPIError"},
	{"a null body with a code header", map[string]string{"X-Amzn-ErrorType": "NotAuthorizedException"}, `null`, ""},
	{"an empty object", nil, `{}`, "api smithy.GenericAPIError"},
	{"an HTML page", map[string]string{"Content-Type": "text/html"}, `<html><body><h1>502 Bad Gateway</h1></body></html>`, "deserialization "},
	{"an HTML page with a code header", map[string]string{"X-Amzn-ErrorType": "UserNotFoundException", "Content-Type": "text/html"}, `<html>oops</html>`, "deserialization "},
	{"plain text", map[string]string{"Content-Type": "text/plain"}, `Service Unavailable`, "deserialization "},
	{"truncated JSON", nil, `{"__type":"UserNotFoundException","message":"User does not ex`, "deserialization "},
	{"truncated JSON after a member", nil, `{"__type":"UserNotFoundException",`, "deserialization "},
	{"a JSON array", nil, `[]`, "deserialization "},
	{"a JSON string", nil, `"UserNotFoundException"`, "deserialization "},
	{"a JSON number", nil, `500`, "deserialization "},
	{"a JSON boolean", nil, `true`, "deserialization "},
	{"__type is a number", nil, `{"__type":5,"message":"m"}`, "deserialization "},
	{"message is a number", nil, `{"__type":"UserNotFoundException","message":5}`, "deserialization "},
	{"message is an object for a generic error", nil, `{"__type":"Nope","message":{"a":1}}`, "deserialization "},
	{"code is a number", nil, `{"code":5,"message":"m"}`, "api smithy.GenericAPIError"},
	{"code is an object", nil, `{"code":{"x":1},"message":"m"}`, "api smithy.GenericAPIError"},
	{"code is used when __type is empty", nil, `{"__type":"","code":"UserNotFoundException","message":"m"}`, "api types.UserNotFoundException"},
	{"__type wins over code", nil, `{"code":"NotAuthorizedException","__type":"UserNotFoundException","message":"m"}`, "api types.UserNotFoundException"},
	{"member names in other cases", nil, `{"__TYPE":"UserNotFoundException","MESSAGE":"m"}`, "api types.UserNotFoundException"},
	{"a generic error's message in upper case", nil, `{"__type":"Nope","MESSAGE":"upper"}`, "api smithy.GenericAPIError"},
	{"a null message", nil, `{"__type":"UserNotFoundException","message":null}`, "api types.UserNotFoundException"},
	{"a null __type", map[string]string{"X-Amzn-ErrorType": "UserNotFoundException"}, `{"__type":null,"message":"m"}`, "api types.UserNotFoundException"},
	{"a namespace and a colon suffix in __type", nil, `{"__type":"aws.cognito#UserNotFoundException:http://internal.amazon.com/x","message":"m"}`, "api types.UserNotFoundException"},
	{"two hashes", nil, `{"__type":"a#b#UserNotFoundException","message":"m"}`, "api smithy.GenericAPIError"},
	{"only a colon in the header", map[string]string{"X-Amzn-ErrorType": ":x"}, `{"__type":"UserNotFoundException","message":"m"}`, "api smithy.GenericAPIError"},
	{"escapes in the message", nil, `{"__type":"UserNotFoundException","message":"\u00e9\n\t\"\\\/\ud83e\udd8a\u2028"}`, "api types.UserNotFoundException"},
	{"a lone surrogate in the message", nil, `{"__type":"UserNotFoundException","message":"a\ud800b"}`, "api types.UserNotFoundException"},
	{"invalid UTF-8 in the message", nil, "{\"__type\":\"Nope\",\"message\":\"a\xffb\"}", "api smithy.GenericAPIError"},
	{"a control character in a string", nil, "{\"__type\":\"Nope\",\"message\":\"a\x01b\"}", "deserialization "},
	{"an invalid escape", nil, `{"__type":"Nope","message":"a\qb"}`, "deserialization "},
	{"a trailing comma", nil, `{"__type":"Nope","message":"m",}`, "deserialization "},
	{"a byte-order mark", nil, "\ufeff{\"__type\":\"Nope\"}", "deserialization "},
	{"text after the object", nil, `{"__type":"UserNotFoundException","message":"m"} trailing`, "api types.UserNotFoundException"},
	{"unknown members of every kind", nil, `{"__type":"UserNotFoundException","message":"m","n":-1.5e+300,"a":[1,{"b":[null,true]}],"o":{"p":{}}}`, "api types.UserNotFoundException"},
	{"a number with a leading zero", nil, `{"__type":"Nope","n":01}`, "deserialization "},
	{"a huge number", nil, `{"__type":"Nope","message":"m","n":1e999999}`, "api smithy.GenericAPIError"},
	{"reasonCode of InvalidParameterException", nil, `{"__type":"InvalidParameterException","message":"m","reasonCode":"INVALID_PHONE_NUMBER"}`, "api types.InvalidParameterException"},
	{"a null reasonCode", nil, `{"__type":"InvalidParameterException","message":"m","reasonCode":null}`, "api types.InvalidParameterException"},
	{"reasonCode is a number", nil, `{"__type":"InvalidParameterException","message":"m","reasonCode":5}`, "deserialization "},
	{"a throttling code", nil, `{"__type":"TooManyRequestsException","message":"slow down"}`, "api types.TooManyRequestsException"},
	{"a service-unavailable code", nil, `{"__type":"ServiceUnavailable","message":"later"}`, "api smithy.GenericAPIError"},
	{"InternalErrorException", nil, `{"__type":"InternalErrorException","message":"oops"}`, "api types.InternalErrorException"},
}

// officialErrorLists returns, per operation, the exceptions that the
// official client's deserializers.go decodes into types, read from its
// source in the module cache, and checks that our api_*.go files list the
// same ones.
func officialErrorLists(t *testing.T) map[string][]string {
	t.Helper()
	dir := moduleDir(t, "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider")
	src, err := os.ReadFile(filepath.Join(dir, "deserializers.go"))
	require.NoError(t, err)
	ours := ourErrorLists(t)
	caseRe := regexp.MustCompile(`strings\.EqualFold\("(\w+)", errorCode\)`)
	lists := map[string][]string{}
	for _, op := range operations {
		start := strings.Index(string(src), "func awsAwsjson11_deserializeOpError"+op.name+"(")
		require.GreaterOrEqualf(t, start, 0, "no error deserializer for %s", op.name)
		body := string(src[start:])
		if end := strings.Index(body[1:], "\nfunc "); end >= 0 {
			body = body[:end+1]
		}
		var codes []string
		for _, m := range caseRe.FindAllStringSubmatch(body, -1) {
			codes = append(codes, m[1])
		}
		sort.Strings(codes)
		require.NotEmpty(t, codes, op.name)
		lists[op.name] = codes
		assert.Equalf(t, codes, ours[op.name], "%s: our newOperation list differs from the official deserializer's", op.name)
		for _, c := range codes {
			assert.Containsf(t, exceptions.Codes(), c, "%s: %s has no type in our types package", op.name, c)
		}
	}
	return lists
}

// ourErrorLists reads the exception lists of the newOperation calls in
// the library's api_*.go files.
func ourErrorLists(t *testing.T) map[string][]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "api_*.go"))
	require.NoError(t, err)
	lists := map[string][]string{}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		require.NoError(t, err)
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if id, ok := call.Fun.(*ast.Ident); !ok || id.Name != "newOperation" || len(call.Args) < 3 {
				return true
			}
			var strs []string
			for _, a := range call.Args {
				if lit, ok := a.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					s, err := strconv.Unquote(lit.Value)
					require.NoError(t, err)
					strs = append(strs, s)
				}
			}
			require.NotEmpty(t, strs)
			codes := append([]string(nil), strs[1:]...)
			sort.Strings(codes)
			lists[strs[0]] = codes
			return false
		})
	}
	require.Len(t, lists, len(operations), "newOperation calls found in ../api_*.go")
	return lists
}

// moduleDir returns the directory of a module in the build list.
func moduleDir(t *testing.T, module string) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", module).Output()
	require.NoError(t, err, "go list -m %s", module)
	dir := strings.TrimSpace(string(out))
	require.NotEmpty(t, dir, "module %s is not downloaded", module)
	return dir
}

// TestMaxAttemptsOneSendsOnce configures both clients with RetryMaxAttempts
// 1 and their default retryers, and checks that a 5xx, an
// InternalErrorException and a throttle are sent once by each and decode to
// the same API error.
func TestMaxAttemptsOneSendsOnce(t *testing.T) {
	replies := []reply{
		{Status: 500, Body: `{"__type":"InternalErrorException","message":"oops"}`},
		{Status: 503, Body: `<html>unavailable</html>`},
		{Status: 400, Body: `{"__type":"InternalErrorException","message":"oops"}`},
		{Status: 400, Body: `{"__type":"TooManyRequestsException","message":"slow"}`},
		{Status: 429, Body: `{"message":"slow"}`},
	}
	rs := newRecordingServer(t)
	ours := cp.New(cp.Options{Region: testRegion, BaseEndpoint: rs.URL(), Credentials: staticProvider(), RetryMaxAttempts: 1})
	theirs := cip.New(cip.Options{Region: testRegion, BaseEndpoint: aws.String(rs.URL()), Credentials: staticProvider(), RetryMaxAttempts: 1})
	pr := &pair{rs: rs, ours: ours, theirs: theirs}
	for _, op := range operations {
		for _, rep := range replies {
			where := fmt.Sprintf("%s HTTP %d %s", op.name, rep.Status, rep.Body)
			th, ou := pr.call(context.Background(), op, minimalParams(op.name), rep)
			errorCases.Add(1)
			assert.Lenf(t, th.Sent, 1, "%s: official attempts", where)
			assert.Lenf(t, ou.Sent, 1, "%s: our attempts", where)
			tv, _ := viewError(th.Err)
			ov, _ := viewError(ou.Err)
			assert.Equalf(t, tv, ov, "%s\nofficial: %v\nours:     %v", where, th.Err, ou.Err)
		}
	}
}
