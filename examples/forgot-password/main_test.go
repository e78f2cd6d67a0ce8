package main

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTheLocalFlowNarratesEveryStepAndSucceeds(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out bytes.Buffer
	require.NoError(t, runLocal(ctx, &out, "alice"))
	for _, want := range []string{
		"ForgotPassword: Cognito sent a code by EMAIL to a***@e***",
		"ConfirmForgotPassword with a wrong code: CodeMismatchException",
		"user status is CONFIRMED",
		"Sign-in with the new password works: true; with the old password: false",
		"Done: the forgotten-password flow works end to end.",
	} {
		assert.Contains(t, out.String(), want)
	}
}
