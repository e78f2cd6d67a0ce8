package cognitopassword

import "os"

// lambdaTraceHeader returns the X-Amzn-Trace-Id header value that the
// official client sends from inside AWS Lambda (aws/middleware's
// RecursionDetection), so that Lambda can detect a function that calls
// itself in a loop: when AWS_LAMBDA_FUNCTION_NAME and _X_AMZN_TRACE_ID are
// both set, the trace id, percent-encoded. It returns nil elsewhere. The
// environment is read on every attempt because Lambda sets the trace id for
// each invocation.
func lambdaTraceHeader() []string {
	if _, ok := os.LookupEnv("AWS_LAMBDA_FUNCTION_NAME"); !ok {
		return nil
	}
	id, ok := os.LookupEnv("_X_AMZN_TRACE_ID")
	if !ok {
		return nil
	}
	return []string{encodeTraceID(id)}
}

// encodeTraceID percent-encodes (with upper-case hex) every byte of id that
// is not an ASCII letter or digit or one of - = ; : + & [ ] { } " ' , as
// the official client does.
func encodeTraceID(id string) string {
	const hex = "0123456789ABCDEF"
	var b []byte
	for i := 0; i < len(id); i++ {
		c := id[i]
		if traceIDByte(c) {
			if b != nil {
				b = append(b, c)
			}
			continue
		}
		if b == nil {
			b = append(make([]byte, 0, len(id)+16), id[:i]...)
		}
		b = append(b, '%', hex[c>>4], hex[c&15])
	}
	if b == nil {
		return id
	}
	return string(b)
}

// traceIDByte reports whether c is sent as it is in X-Amzn-Trace-Id.
func traceIDByte(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	switch c {
	case '-', '=', ';', ':', '+', '&', '[', ']', '{', '}', '"', '\'', ',':
		return true
	}
	return false
}
