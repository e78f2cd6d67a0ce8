package cognitopassword

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/aws/smithy-go/logging"

	"github.com/cognitokit/cognitopassword/internal/awsjson"
	"github.com/cognitokit/cognitopassword/internal/redact"
)

// sensitiveHeaders are logged with their value masked: the signature and
// the session token.
var sensitiveHeaders = map[string]bool{
	"Authorization":        true,
	"X-Amz-Security-Token": true,
}

// The loggers below are given the call's context when they implement
// logging.ContextLogger, as the official client gives it to them.

// logRequest logs a request under LogRequest, and its body, re-encoded with
// every sensitive member masked, under LogRequestWithBody. The raw body is
// never logged.
func logRequest(ctx context.Context, cc *callConfig, req *http.Request, in request) {
	var b strings.Builder
	fmt.Fprintf(&b, "Request\n%s %s HTTP/1.1\r\nHost: %s\r\n", req.Method, req.URL.RequestURI(), req.URL.Host)
	writeHeaders(&b, req.Header)
	if cc.opts.ClientLogMode.IsRequestWithBody() {
		o := awsjson.Object{}
		in.encode(&o, redaction{secrets: true, username: cc.opts.RedactUsername})
		b.WriteString("\r\n")
		b.Write(o.Buf)
	}
	logging.WithContext(ctx, cc.logger).Logf(logging.Debug, "%s", b.String())
}

// logResponse logs a response under LogResponse and its body under
// LogResponseWithBody. Responses of the password operations carry no
// secrets (destinations are masked by the service); those of the sign-in
// operations and AdminGetUser do, and are logged masked (maskedBody).
func logResponse(ctx context.Context, cc *callConfig, op *operation, resp *http.Response, data []byte) {
	var b strings.Builder
	fmt.Fprintf(&b, "Response\nHTTP/%d.%d %s\r\n", resp.ProtoMajor, resp.ProtoMinor, resp.Status)
	writeHeaders(&b, resp.Header)
	if cc.opts.ClientLogMode.IsResponseWithBody() {
		b.WriteString("\r\n")
		if op.secretResponse {
			data = maskedBody(data, cc.opts.RedactUsername)
		}
		if len(data) > 4096 {
			fmt.Fprintf(&b, "%s... (%d bytes)", data[:4096], len(data))
		} else {
			b.Write(data)
		}
	}
	logging.WithContext(ctx, cc.logger).Logf(logging.Debug, "%s", b.String())
}

func writeHeaders(b *strings.Builder, h http.Header) {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range h[k] {
			if sensitiveHeaders[k] {
				v = maskHeader(k, v)
			}
			fmt.Fprintf(b, "%s: %s\r\n", k, v)
		}
	}
}

// maskHeader keeps the non-secret parts of Authorization (algorithm,
// credential scope, signed headers) and masks the signature and tokens.
func maskHeader(k, v string) string {
	if k == "Authorization" {
		if i := strings.Index(v, "Signature="); i >= 0 {
			return v[:i] + "Signature=[redacted]"
		}
	}
	return "[redacted]"
}

// signingLogger masks what the v4 signer logs under LogSigning that could
// reveal a secret: the session token line of the canonical request, and
// every SHA-256 in hex (64 hex digits): the payload hash that ends the
// canonical request and the canonical request's hash in the string to sign.
// Either would let someone who reads the log test guesses of a password or
// code offline against a body whose other members are logged. The rest
// (method, path, signed headers, credential scope) helps debug signature
// mismatches.
type signingLogger struct {
	logging.Logger
}

// WithContext gives ctx to the wrapped logger when it is a
// logging.ContextLogger (the v4 signer calls it with the request's
// context), keeping the masking.
func (l signingLogger) WithContext(ctx context.Context) logging.Logger {
	return signingLogger{logging.WithContext(ctx, l.Logger)}
}

// Logf logs the message with session-token lines and hashes masked.
func (l signingLogger) Logf(c logging.Classification, format string, v ...any) {
	msg := fmt.Sprintf(format, v...)
	lines := strings.Split(msg, "\n")
	for i, line := range lines {
		if strings.HasPrefix(strings.ToLower(line), "x-amz-security-token:") {
			lines[i] = "x-amz-security-token:[redacted]"
			continue
		}
		lines[i] = maskHashes(line)
	}
	l.Logger.Logf(c, "%s", strings.Join(lines, "\n"))
}

// maskHashes replaces every run of exactly 64 hex digits in s.
func maskHashes(s string) string {
	var b strings.Builder
	start := -1 // start of the current run of hex digits
	flush := func(end int) {
		if start >= 0 {
			if end-start == 64 {
				b.WriteString("[redacted sha256]")
			} else {
				b.WriteString(s[start:end])
			}
			start = -1
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
		b.WriteByte(c)
	}
	flush(len(s))
	return b.String()
}

// publicResponseMembers are the members of sign-in and AdminGetUser
// responses (and of error responses) whose string values are logged as
// they are; every other string value is masked, and numbers, booleans and
// nulls are kept. Map keys count as members, so ChallengeParameters are
// masked by key like AuthParameters (redact.PublicAuthKey).
var publicResponseMembers = map[string]bool{
	"__type": true, "message": true, "Message": true, "code": true,
	"ChallengeName": true, "AvailableChallenges": true, "TokenType": true,
	"UserStatus": true, "Name": true, "DeliveryMedium": true, "AttributeName": true,
	"Destination": true, "PreferredMfaSetting": true, "UserMFASettingList": true,
}

// usernameMembers carry the user's name or id, logged unless
// Options.RedactUsername is set.
var usernameMembers = map[string]bool{"Username": true, "USERNAME": true, "USER_ID_FOR_SRP": true}

// maskedBody re-encodes a response body for the log with every string
// value masked but those of publicResponseMembers (and of the username
// members unless hideUsername). A body that is not JSON is not shown.
func maskedBody(data []byte, hideUsername bool) []byte {
	top, err := awsjson.Top(data)
	if err != nil {
		return []byte(fmt.Sprintf("(%d bytes, not valid JSON: not shown)", len(data)))
	}
	if top == nil {
		return nil
	}
	show := func(key string) bool {
		if usernameMembers[key] {
			return !hideUsername
		}
		return publicResponseMembers[key] || redact.PublicAuthKey(key)
	}
	return appendMasked(nil, top, "", show)
}

func appendMasked(b, raw []byte, key string, show func(string) bool) []byte {
	switch awsjson.KindOf(raw) {
	case awsjson.KindObject:
		b = append(b, '{')
		n := 0
		_ = awsjson.Members(raw, func(k string, v []byte) error {
			if n > 0 {
				b = append(b, ',')
			}
			n++
			b = awsjson.AppendString(b, k)
			b = append(b, ':')
			b = appendMasked(b, v, k, show)
			return nil
		})
		return append(b, '}')
	case awsjson.KindArray:
		b = append(b, '[')
		n := 0
		_ = awsjson.Elements(raw, func(v []byte) error {
			if n > 0 {
				b = append(b, ',')
			}
			n++
			b = appendMasked(b, v, key, show)
			return nil
		})
		return append(b, ']')
	case awsjson.KindString:
		if show(key) || string(raw) == `""` {
			return append(b, raw...)
		}
		return awsjson.AppendString(b, redact.Mask)
	}
	return append(b, raw...)
}
