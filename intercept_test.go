package cognitopassword

import (
	"context"
	"errors"
	"testing"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/config"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type beforeRetryLoop func(context.Context, *smithyhttp.InterceptorContext) error

func (f beforeRetryLoop) BeforeRetryLoop(ctx context.Context, in *smithyhttp.InterceptorContext) error {
	return f(ctx, in)
}

type afterAttempt func(context.Context, *smithyhttp.InterceptorContext) error

func (f afterAttempt) AfterAttempt(ctx context.Context, in *smithyhttp.InterceptorContext) error {
	return f(ctx, in)
}

func TestInterceptorsFromConfigRunAndTheirHeadersAreSent(t *testing.T) {
	isolateConfig(t)
	cfg, err := config.LoadDefaultConfig(context.Background())
	require.NoError(t, err)
	rec := &requestRecorder{}
	cfg.HTTPClient = rec
	var operations []string
	cfg.Interceptors.AddBeforeRetryLoop(beforeRetryLoop(func(ctx context.Context, in *smithyhttp.InterceptorContext) error {
		in.Request.Header.Set("X-Tenant", "acme")
		return nil
	}))
	cfg.Interceptors.AddBeforeTransmit(beforeTransmit(func(ctx context.Context, in *smithyhttp.InterceptorContext) error {
		operations = append(operations, awsmiddleware.GetOperationName(ctx))
		_, signed := in.Request.Header["Authorization"]
		assert.False(t, signed, "the request interceptors get is the serialized one, as in the official client")
		return nil
	}))
	c := NewFromConfig(cfg)
	// Interceptors added to cfg afterwards do not reach the client.
	cfg.Interceptors.AddBeforeTransmit(beforeTransmit(func(context.Context, *smithyhttp.InterceptorContext) error {
		return errors.New("must not run")
	}))

	_, err = c.ForgotPassword(context.Background(), &ForgotPasswordInput{ClientId: "c", Username: "u"})
	require.NoError(t, err)
	assert.Equal(t, "acme", rec.only(t).Header.Get("X-Tenant"))
	assert.Equal(t, []string{"ForgotPassword"}, operations)
}

func TestAnInterceptorThatChangesMoreThanHeadersFailsTheCallBeforeAnyIO(t *testing.T) {
	rec := &requestRecorder{}
	c := New(Options{Region: "us-east-1", HTTPClient: rec})
	_, err := c.ForgotPassword(context.Background(), &ForgotPasswordInput{ClientId: "c", Username: "u"}, func(o *Options) {
		o.Interceptors.AddBeforeRetryLoop(beforeRetryLoop(func(_ context.Context, in *smithyhttp.InterceptorContext) error {
			in.Request.URL.Path = "/elsewhere"
			return nil
		}))
	})
	require.ErrorIs(t, err, errRequestChanged)
	assert.Empty(t, rec.reqs)
}

type retryableErr struct{}

func (retryableErr) Error() string        { return "retry me" }
func (retryableErr) RetryableError() bool { return true }

func TestAnInterceptorFailureAfterA2xxIsProcessedAndNeverRepeated(t *testing.T) {
	rec := &requestRecorder{}
	c := New(Options{Region: "us-east-1", HTTPClient: rec})
	_, err := c.ConfirmForgotPassword(context.Background(), &ConfirmForgotPasswordInput{
		ClientId: "c", Username: "u", ConfirmationCode: "123456", Password: "Pw-123456",
	}, func(o *Options) {
		o.Interceptors.AddAfterAttempt(afterAttempt(func(context.Context, *smithyhttp.InterceptorContext) error {
			return retryableErr{}
		}))
	})
	require.ErrorIs(t, err, ErrProcessed)
	require.ErrorAs(t, err, new(retryableErr))
	assert.Len(t, rec.reqs, 1)
}

func TestClientsWithoutInterceptorsSkipThem(t *testing.T) {
	c := New(Options{Region: "us-east-1", HTTPClient: &requestRecorder{}})
	assert.False(t, c.cfg.intercepted)
	cc := c.config([]func(*Options){func(o *Options) {
		o.Interceptors.AddBeforeTransmit(beforeTransmit(func(context.Context, *smithyhttp.InterceptorContext) error { return nil }))
	}})
	assert.True(t, cc.intercepted)
	assert.False(t, c.cfg.intercepted, "a call's interceptors stay with the call")
}
