// Package cognitojson holds what the example programs need beyond the
// library: the sign-in operations (InitiateAuth, RespondToAuthChallenge) as
// plain AWS JSON 1.1 requests, and a prompt that gives up when its context
// ends. cognitopassword covers only the password operations.
package cognitojson

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/cognitokit/cognitopassword/secrethash"
)

// httpClient sends the plain JSON requests; each is bounded.
var httpClient = &http.Client{Timeout: 30 * time.Second}

// WireError is a Cognito error answer to a plain JSON request.
type WireError struct {
	Status  int
	Code    string
	Message string
}

// Error returns the status, the code and the message.
func (e *WireError) Error() string {
	return fmt.Sprintf("cognito: HTTP %d %s: %s", e.Status, e.Code, e.Message)
}

// Post sends one AWS JSON 1.1 request for operation op to a Cognito
// endpoint and decodes the answer into out; a Cognito error comes back as a
// *WireError.
func Post(ctx context.Context, endpoint, op string, in, out any) error {
	body, err := json.Marshal(in)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", "AWSCognitoIdentityProviderService."+op)
	res, err := httpClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		return err
	}
	if res.StatusCode != http.StatusOK {
		var e struct {
			Type         string `json:"__type"`
			Message      string `json:"message"`
			MessageUpper string `json:"Message"`
		}
		_ = json.Unmarshal(data, &e)
		code := e.Type[strings.LastIndex(e.Type, "#")+1:] // "ns#Code" → "Code"
		if e.Message == "" {
			e.Message = e.MessageUpper
		}
		return &WireError{Status: res.StatusCode, Code: code, Message: e.Message}
	}
	return json.Unmarshal(data, out)
}

// AuthAnswer is the answer of InitiateAuth and RespondToAuthChallenge:
// either a challenge or tokens.
type AuthAnswer struct {
	ChallengeName        string
	Session              string
	ChallengeParameters  map[string]string
	AuthenticationResult *struct {
		AccessToken string
		ExpiresIn   int
		TokenType   string
	}
}

// InitiateAuth signs in with USER_PASSWORD_AUTH. For an app client with a
// secret (clientSecret not empty), SECRET_HASH is over the username as
// typed.
func InitiateAuth(ctx context.Context, endpoint, clientID, clientSecret, username, password string) (*AuthAnswer, error) {
	params := map[string]string{"USERNAME": username, "PASSWORD": password}
	if clientSecret != "" {
		params["SECRET_HASH"] = secrethash.Compute(username, clientID, clientSecret)
	}
	var out AuthAnswer
	if err := Post(ctx, endpoint, "InitiateAuth", map[string]any{
		"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": clientID, "AuthParameters": params,
	}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// RespondNewPassword answers a NEW_PASSWORD_REQUIRED challenge and returns
// the tokens. USERNAME, and the username in SECRET_HASH, must be the user's
// actual username, which Cognito returns as USER_ID_FOR_SRP: it differs
// from what the user typed when they signed in with an alias.
func RespondNewPassword(ctx context.Context, endpoint, clientID, clientSecret string, challenge *AuthAnswer, newPassword string) (*AuthAnswer, error) {
	username := challenge.ChallengeParameters["USER_ID_FOR_SRP"]
	responses := map[string]string{"USERNAME": username, "NEW_PASSWORD": newPassword}
	if clientSecret != "" {
		responses["SECRET_HASH"] = secrethash.Compute(username, clientID, clientSecret)
	}
	var out AuthAnswer
	if err := Post(ctx, endpoint, "RespondToAuthChallenge", map[string]any{
		"ChallengeName": "NEW_PASSWORD_REQUIRED", "ClientId": clientID, "Session": challenge.Session,
		"ChallengeResponses": responses,
	}, &out); err != nil {
		return nil, err
	}
	if out.AuthenticationResult == nil {
		return nil, fmt.Errorf("cognito: another challenge (%q) instead of tokens", out.ChallengeName)
	}
	return &out, nil
}

// ErrNoTokens is returned by SignIn when Cognito answers with a challenge
// instead of tokens.
var ErrNoTokens = errors.New("cognito: no tokens in the InitiateAuth answer")

// SignIn signs in with USER_PASSWORD_AUTH and succeeds only when Cognito
// issues tokens; a refusal is a *WireError.
func SignIn(ctx context.Context, endpoint, clientID, clientSecret, username, password string) error {
	out, err := InitiateAuth(ctx, endpoint, clientID, clientSecret, username, password)
	if err != nil {
		return err
	}
	if out.AuthenticationResult == nil || out.AuthenticationResult.AccessToken == "" {
		return ErrNoTokens
	}
	return nil
}

// Prompt writes label and reads one line from in, giving up when ctx ends.
func Prompt(ctx context.Context, w io.Writer, in *bufio.Reader, label string) (string, error) {
	fmt.Fprint(w, label)
	line := make(chan string, 1)
	go func() {
		s, _ := in.ReadString('\n')
		line <- strings.TrimSpace(s)
	}()
	select {
	case s := <-line:
		return s, nil
	case <-ctx.Done():
		return "", fmt.Errorf("waiting for input: %w", context.Cause(ctx))
	}
}
