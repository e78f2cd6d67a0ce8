package cognitopassword

import (
	"bytes"
	"context"
	"errors"
	"net/http"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// interception runs the smithy interceptors of one call (Options.Interceptors)
// at the points, with the context values and the error semantics the
// official client v1.61.0 gives them (its api_client.go addInterceptors and
// smithy-go's transport/http/interceptor_middleware.go). It exists only for
// calls on a client with interceptors; the others never allocate one.
//
// As there, one InterceptorContext lives for the whole call: Request is the
// serialized request shared by the attempts, and each attempt sends a copy
// of its headers taken when the attempt starts, so a header an interceptor
// sets up to BeforeRetryLoop goes out with every attempt, and one it sets
// during an attempt goes out from the next attempt on. Response and Output
// keep the last attempt's values.
type interception struct {
	reg  *smithyhttp.InterceptorRegistry
	ictx smithyhttp.InterceptorContext
	// stream is the body reader given to Request, to notice a replacement.
	stream *bytes.Reader
	// header is the copy of Request's headers the current attempt sends.
	header http.Header
}

// hasInterceptors reports whether r holds any interceptor.
func hasInterceptors(r *smithyhttp.InterceptorRegistry) bool {
	return len(r.BeforeExecution) > 0 || len(r.BeforeSerialization) > 0 || len(r.AfterSerialization) > 0 ||
		len(r.BeforeRetryLoop) > 0 || len(r.BeforeAttempt) > 0 || len(r.BeforeSigning) > 0 ||
		len(r.AfterSigning) > 0 || len(r.BeforeTransmit) > 0 || len(r.AfterTransmit) > 0 ||
		len(r.BeforeDeserialization) > 0 || len(r.AfterDeserialization) > 0 || len(r.AfterAttempt) > 0 ||
		len(r.AfterExecution) > 0
}

// runIntercepted is run wrapped in BeforeExecution and AfterExecution, as
// the official client's InterceptExecution middleware, the first of its
// stack: a BeforeExecution error ends the call at once (AfterExecution does
// not run); AfterExecution runs however the call ended, and its error, if
// any, becomes the call's.
func (c *Client) runIntercepted(ctx context.Context, cc *callConfig, op *operation, in request, out response) error {
	// The official client clears the stack values and names the service
	// and operation (smithy's keys) before its stack runs.
	ctx = middleware.ClearStackValues(ctx)
	ctx = middleware.WithServiceID(ctx, ServiceID)
	ctx = middleware.WithOperationName(ctx, op.name)
	ic := &interception{reg: &cc.opts.Interceptors}
	ic.ictx.Input = in
	for _, i := range ic.reg.BeforeExecution {
		if err := i.BeforeExecution(ctx, &ic.ictx); err != nil {
			return opError(op, err)
		}
	}
	err := c.run(ctx, cc, op, in, out, ic)
	for _, i := range ic.reg.AfterExecution {
		if aerr := i.AfterExecution(ctx, &ic.ictx); aerr != nil {
			return opError(op, aerr)
		}
	}
	return err
}

// stackContext adds what the official client's RegisterServiceMetadata and
// SetLogger middleware put in the context of the later interceptors.
func (ic *interception) stackContext(ctx context.Context, cc *callConfig, op *operation) context.Context {
	ctx = awsmiddleware.SetServiceID(ctx, ServiceID)
	ctx = awsmiddleware.SetOperationName(ctx, op.name)
	ctx = awsmiddleware.SetRegion(ctx, cc.opts.Region)
	return middleware.SetLogger(ctx, cc.logger)
}

// beforeSerialization runs BeforeSerialization.
func (ic *interception) beforeSerialization(ctx context.Context) error {
	for _, i := range ic.reg.BeforeSerialization {
		if err := i.BeforeSerialization(ctx, &ic.ictx); err != nil {
			return err
		}
	}
	return nil
}

// serialized sets Request to the serialized request, as the official
// serializer leaves it (method, path "/", Content-Type, X-Amz-Target, the
// body and its length), and runs AfterSerialization; then adds what the
// official Build step adds (User-Agent, Amz-Sdk-Invocation-Id and, in
// Lambda, X-Amzn-Trace-Id) and runs BeforeRetryLoop.
func (ic *interception) serialized(ctx context.Context, cc *callConfig, op *operation, body []byte, invocationID string) error {
	r := smithyhttp.NewStackRequest().(*smithyhttp.Request)
	r.Method = http.MethodPost
	r.URL.Path = "/"
	r.Header["Content-Type"] = append([]string(nil), contentTypeHeader...)
	r.Header["X-Amz-Target"] = append([]string(nil), op.target...)
	ic.stream = bytes.NewReader(body)
	r.Request.Body = nil
	r.ContentLength = int64(len(body))
	var err error
	if r, err = r.SetStream(ic.stream); err != nil {
		return err
	}
	ic.ictx.Request = r
	for _, i := range ic.reg.AfterSerialization {
		if err := i.AfterSerialization(ctx, &ic.ictx); err != nil {
			return err
		}
	}
	h := ic.ictx.Request.Header
	h["User-Agent"] = append([]string(nil), cc.userAgent...)
	h["Amz-Sdk-Invocation-Id"] = []string{invocationID}
	if v := lambdaTraceHeader(); v != nil {
		h["X-Amzn-Trace-Id"] = append([]string(nil), v...)
	}
	for _, i := range ic.reg.BeforeRetryLoop {
		if err := i.BeforeRetryLoop(ctx, &ic.ictx); err != nil {
			return err
		}
	}
	return nil
}

// errRequestChanged is the error of an attempt whose request an
// interceptor changed in a way this client does not carry to the wire.
var errRequestChanged = errors.New("an interceptor changed the request's method, URL, body or length; " +
	"this client sends only the headers of InterceptorContext.Request as changed")

// beforeAttempt takes the copy of Request's headers the attempt sends (the
// official retry loop clones the request there) and runs BeforeAttempt. An
// error from it ends the attempt before anything is sent; AfterAttempt does
// not run, as in the official client.
func (ic *interception) beforeAttempt(ctx context.Context, body []byte) error {
	r := ic.ictx.Request
	if r == nil || r.Request == nil || r.URL == nil || r.Method != http.MethodPost || r.URL.String() != "/" ||
		r.GetStream() != ic.stream || r.ContentLength != int64(len(body)) {
		return &localError{errRequestChanged}
	}
	ic.header = r.Header.Clone()
	if ic.header == nil {
		ic.header = http.Header{}
	}
	for _, i := range ic.reg.BeforeAttempt {
		if err := i.BeforeAttempt(ctx, &ic.ictx); err != nil {
			return err
		}
	}
	return nil
}

// beforeSigning runs BeforeSigning (for every operation, signed or not, as
// the official client's Signing step does).
func (ic *interception) beforeSigning(ctx context.Context) error {
	for _, i := range ic.reg.BeforeSigning {
		if err := i.BeforeSigning(ctx, &ic.ictx); err != nil {
			return err
		}
	}
	return nil
}

// afterSigning runs AfterSigning.
func (ic *interception) afterSigning(ctx context.Context) error {
	for _, i := range ic.reg.AfterSigning {
		if err := i.AfterSigning(ctx, &ic.ictx); err != nil {
			return err
		}
	}
	return nil
}

// beforeTransmit runs BeforeTransmit; its error means nothing was sent,
// and the official client still runs the deserialization hooks after it
// (see beforeDeserialization).
func (ic *interception) beforeTransmit(ctx context.Context) error {
	for _, i := range ic.reg.BeforeTransmit {
		if err := i.BeforeTransmit(ctx, &ic.ictx); err != nil {
			return err
		}
	}
	return nil
}

// afterTransmit sets Response to what the HTTP client returned, its body
// unread, and runs AfterTransmit (never after a failed round trip).
func (ic *interception) afterTransmit(ctx context.Context, resp *http.Response) error {
	ic.ictx.Response = &smithyhttp.Response{Response: resp}
	for _, i := range ic.reg.AfterTransmit {
		if err := i.AfterTransmit(ctx, &ic.ictx); err != nil {
			return err
		}
	}
	return nil
}

// beforeDeserialization runs BeforeDeserialization after the transmit
// step returned err (nil, or an interceptor's error), and returns the
// error the attempt goes on with: the first interceptor's error, or err.
func (ic *interception) beforeDeserialization(ctx context.Context, err error) error {
	for _, i := range ic.reg.BeforeDeserialization {
		if ierr := i.BeforeDeserialization(ctx, &ic.ictx); ierr != nil {
			return ierr
		}
	}
	return err
}

// afterAttempt ends an attempt that BeforeAttempt let run: unless it
// failed before the transmit step or in the round trip itself, Output is
// set (to out on success, else nil) and AfterDeserialization runs; then
// AfterAttempt. The error returned is the attempt's, or the first
// interceptor error, which replaces it, as in the official client.
func (ic *interception) afterAttempt(ctx context.Context, st *attemptState, out response, err error) error {
	var sendErr *smithyhttp.RequestSendError
	if st.transmitting && !errors.As(err, &sendErr) {
		if err == nil {
			ic.ictx.Output = out
		} else {
			ic.ictx.Output = nil
		}
		for _, i := range ic.reg.AfterDeserialization {
			if ierr := i.AfterDeserialization(ctx, &ic.ictx); ierr != nil {
				err = hookError(st.resp, ierr, true)
				break
			}
		}
	}
	for _, i := range ic.reg.AfterAttempt {
		if ierr := i.AfterAttempt(ctx, &ic.ictx); ierr != nil {
			return hookError(st.resp, ierr, false)
		}
	}
	return err
}

// hookError is the error of an interceptor that failed after resp came
// back (resp may be nil). With wrap, it is wrapped as the official
// client's ResponseErrorWrapper wraps the errors of the deserialization
// step, so that the status and request id stay reachable. After a 2xx it
// matches ErrProcessed: the service carried the request out, so the call
// is never repeated.
func hookError(resp *http.Response, err error, wrap bool) error {
	if resp == nil {
		return err
	}
	if wrap {
		err = responseError(resp, err)
	}
	if success(resp) {
		return &ProcessedError{Err: err}
	}
	return err
}
