package cognitotest_test

import (
	"context"
	"fmt"

	cognitopassword "github.com/cognitokit/cognitopassword"
	"github.com/cognitokit/cognitopassword/cognitotest"
)

// A forgot-password flow against the in-process server: the code is read
// from the outbox instead of an inbox.
func ExampleNewServer() {
	srv := cognitotest.NewServer()
	defer srv.Close()

	pool, err := srv.CreateUserPool(cognitotest.PoolConfig{
		AccountRecovery: []cognitotest.RecoveryOption{cognitotest.RecoveryVerifiedEmail},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	app, _ := pool.CreateAppClient(cognitotest.ClientConfig{GenerateSecret: true})
	_ = pool.CreateUser(cognitotest.UserConfig{
		Username:      "alice",
		Password:      "Old-Passw0rd!",
		Attributes:    map[string]string{"email": "alice@example.com"},
		EmailVerified: true,
	})

	client := cognitopassword.New(cognitopassword.Options{}, srv.ClientOptions(),
		cognitopassword.WithClientSecret(app.ID, app.Secret))
	ctx := context.Background()

	out, err := client.ForgotPassword(ctx, &cognitopassword.ForgotPasswordInput{ClientId: app.ID, Username: "alice"})
	if err != nil {
		fmt.Println(err)
		return
	}
	d := out.CodeDeliveryDetails
	fmt.Println("code sent by", d.DeliveryMedium, "to", d.Destination)

	msg := srv.Outbox()[0]
	fmt.Println("outbox:", msg.Trigger, "to", msg.Destination)

	_, err = client.ConfirmForgotPassword(ctx, &cognitopassword.ConfirmForgotPasswordInput{
		ClientId: app.ID, Username: "alice", ConfirmationCode: msg.Code, Password: "New-Passw0rd!",
	})
	fmt.Println("confirmed:", err == nil)

	status, _ := pool.UserStatus("alice")
	fmt.Println("status:", status)
	fmt.Println("old password signs in:", pool.PasswordWouldSignIn("alice", "Old-Passw0rd!"))
	fmt.Println("new password signs in:", pool.PasswordWouldSignIn("alice", "New-Passw0rd!"))
	// Output:
	// code sent by EMAIL to a***@e***
	// outbox: CustomMessage_ForgotPassword to alice@example.com
	// confirmed: true
	// status: CONFIRMED
	// old password signs in: false
	// new password signs in: true
}

// Injected faults let a test see how its code copes with throttling: the
// library's client retries TooManyRequestsException, and the request log
// shows every attempt.
func ExampleServer_InjectFault() {
	srv := cognitotest.NewServer()
	defer srv.Close()
	pool, _ := srv.CreateUserPool(cognitotest.PoolConfig{})
	app, _ := pool.CreateAppClient(cognitotest.ClientConfig{})
	_ = pool.CreateUser(cognitotest.UserConfig{Username: "alice", Password: "Old-Passw0rd!",
		Attributes: map[string]string{"email": "alice@example.com"}, EmailVerified: true})

	srv.InjectFault(cognitotest.Fault{Op: "ForgotPassword", Kind: cognitotest.FaultThrottle, Count: 1})

	client := cognitopassword.New(cognitopassword.Options{}, srv.ClientOptions())
	_, err := client.ForgotPassword(context.Background(), &cognitopassword.ForgotPasswordInput{ClientId: app.ID, Username: "alice"})
	fmt.Println("error:", err)
	for _, r := range srv.Requests() {
		fmt.Println(r.Op, r.Status, r.ErrorCode)
	}
	// Output:
	// error: <nil>
	// ForgotPassword 400 TooManyRequestsException
	// ForgotPassword 200
}

// Revoked access tokens are refused, as after GlobalSignOut, so a test can
// check how an application handles a signed-out session.
func ExampleUserPool_RevokeTokens() {
	srv := cognitotest.NewServer()
	defer srv.Close()
	pool, _ := srv.CreateUserPool(cognitotest.PoolConfig{})
	app, _ := pool.CreateAppClient(cognitotest.ClientConfig{})
	_ = pool.CreateUser(cognitotest.UserConfig{Username: "alice", Password: "Old-Passw0rd!"})

	token, _ := pool.IssueAccessToken(app.ID, "alice")
	_ = pool.RevokeTokens("alice")

	client := cognitopassword.New(cognitopassword.Options{}, srv.ClientOptions())
	_, err := client.ChangePassword(context.Background(), &cognitopassword.ChangePasswordInput{
		AccessToken: token, PreviousPassword: "Old-Passw0rd!", ProposedPassword: "New-Passw0rd!",
	})
	fmt.Println(err != nil)
	// Output:
	// true
}
