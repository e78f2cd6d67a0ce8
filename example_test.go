package cognitopassword_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/cognitokit/cognitopassword"
	"github.com/cognitokit/cognitopassword/cognitotest"
	"github.com/cognitokit/cognitopassword/types"
)

// The forgot-password flow against an in-process Cognito.
func ExampleClient_ForgotPassword() {
	srv := cognitotest.NewServer()
	defer srv.Close()
	pool, _ := srv.CreateUserPool(cognitotest.PoolConfig{})
	app, _ := pool.CreateAppClient(cognitotest.ClientConfig{GenerateSecret: true})
	_ = pool.CreateUser(cognitotest.UserConfig{Username: "alice", Password: "Old-Passw0rd!", EmailVerified: true,
		Attributes: map[string]string{"email": "alice@example.com"}})

	client := cognitopassword.New(cognitopassword.Options{}, srv.ClientOptions(), cognitopassword.WithClientSecret(app.ID, app.Secret))
	ctx := context.Background()
	out, err := client.ForgotPassword(ctx, &cognitopassword.ForgotPasswordInput{ClientId: app.ID, Username: "alice"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("code sent by", out.CodeDeliveryDetails.DeliveryMedium, "to", out.CodeDeliveryDetails.Destination)

	code, _ := srv.LastCode(pool.ID(), "alice")
	_, err = client.ConfirmForgotPassword(ctx, &cognitopassword.ConfirmForgotPasswordInput{
		ClientId: app.ID, Username: "alice", ConfirmationCode: code, Password: "N3w-Passw0rd!",
	})
	fmt.Println("confirmed:", err == nil, "new password signs in:", pool.PasswordWouldSignIn("alice", "N3w-Passw0rd!"))
	// Output:
	// code sent by EMAIL to a***@e***
	// confirmed: true new password signs in: true
}

// Typed errors are matched with errors.As.
func ExampleClient_AdminSetUserPassword_errors() {
	srv := cognitotest.NewServer()
	defer srv.Close()
	pool, _ := srv.CreateUserPool(cognitotest.PoolConfig{})
	client := cognitopassword.New(cognitopassword.Options{}, srv.ClientOptions())

	_, err := client.AdminSetUserPassword(context.Background(), &cognitopassword.AdminSetUserPasswordInput{
		UserPoolId: pool.ID(), Username: "nobody", Password: "Passw0rd!", Permanent: true,
	})
	var notFound *types.UserNotFoundException
	fmt.Println("user not found:", errors.As(err, &notFound))

	_, err = client.AdminSetUserPassword(context.Background(), &cognitopassword.AdminSetUserPasswordInput{
		UserPoolId: "not a pool id", Username: "alice", Password: "has spaces",
	})
	fmt.Println(err)
	// Output:
	// user not found: true
	// operation error Cognito Identity Provider: AdminSetUserPassword, 2 validation error(s) found.
	// - pattern mismatch, must match [\w-]+_[0-9a-zA-Z]+, AdminSetUserPasswordInput.UserPoolId.
	// - pattern mismatch, must match [\S]+, AdminSetUserPasswordInput.Password.
}

// A user with a temporary password signs in (SRP, the default flow), answers
// NEW_PASSWORD_REQUIRED with a password of their own, and uses the access
// token for ChangePassword.
func ExampleClient_SignIn() {
	srv := cognitotest.NewServer()
	defer srv.Close()
	pool, _ := srv.CreateUserPool(cognitotest.PoolConfig{})
	app, _ := pool.CreateAppClient(cognitotest.ClientConfig{GenerateSecret: true})
	_ = pool.CreateUser(cognitotest.UserConfig{Username: "alice", Attributes: map[string]string{"email": "alice@example.com"}})

	client := cognitopassword.New(cognitopassword.Options{}, srv.ClientOptions(), cognitopassword.WithClientSecret(app.ID, app.Secret))
	ctx := context.Background()
	_, _ = client.AdminSetUserPassword(ctx, &cognitopassword.AdminSetUserPasswordInput{
		UserPoolId: pool.ID(), Username: "alice", Password: "Temp-Passw0rd!", Permanent: false,
	})

	out, err := client.SignIn(ctx, &cognitopassword.SignInInput{
		UserPoolId: pool.ID(), ClientId: app.ID, Username: "alice", Password: "Temp-Passw0rd!",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	if out.ChallengeName == types.ChallengeNameTypeNewPasswordRequired {
		fmt.Println("challenge:", out.ChallengeName)
		out, err = client.CompleteNewPassword(ctx, &cognitopassword.CompleteNewPasswordInput{
			Challenge: out, NewPassword: "My-0wn-Passw0rd!",
		})
		if err != nil {
			fmt.Println(err)
			return
		}
	}
	fmt.Println("signed in:", out.AuthenticationResult != nil)
	fmt.Println(out.AuthenticationResult) // tokens print redacted

	_, err = client.ChangePassword(ctx, &cognitopassword.ChangePasswordInput{
		AccessToken:      out.AuthenticationResult.AccessToken,
		PreviousPassword: "My-0wn-Passw0rd!",
		ProposedPassword: "L4ter-Passw0rd!",
	})
	user, _ := client.AdminGetUser(ctx, &cognitopassword.AdminGetUserInput{UserPoolId: pool.ID(), Username: "alice"})
	fmt.Println("changed:", err == nil, "status:", user.UserStatus)
	// Output:
	// challenge: NEW_PASSWORD_REQUIRED
	// signed in: true
	// {AccessToken:[redacted] ExpiresIn:3600 IdToken:[redacted] NewDeviceMetadata:<nil> RefreshToken:[redacted] TokenType:Bearer}
	// changed: true status: CONFIRMED
}
