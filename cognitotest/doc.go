// Package cognitotest provides an in-process fake of the Amazon Cognito user
// pools API for testing password flows offline, in the spirit of
// net/http/httptest.
//
// [NewServer] starts an HTTP server on 127.0.0.1 that speaks AWS JSON 1.1 as
// Cognito does. Seed it from Go ([Server.CreateUserPool],
// [UserPool.CreateAppClient], [UserPool.CreateUser]) or over the wire
// (CreateUserPool, CreateUserPoolClient, AdminCreateUser), point a client at
// it with [Server.ClientOptions], and read what it "sent" with
// [Server.Outbox] and [Server.LastCode]:
//
//	srv := cognitotest.NewServer()
//	defer srv.Close()
//	pool, _ := srv.CreateUserPool(cognitotest.PoolConfig{})
//	app, _ := pool.CreateAppClient(cognitotest.ClientConfig{})
//	_ = pool.CreateUser(cognitotest.UserConfig{Username: "alice", Password: "Old-Passw0rd!",
//		Attributes: map[string]string{"email": "alice@example.com"}, EmailVerified: true})
//	client := cognitopassword.New(cognitopassword.Options{}, srv.ClientOptions())
//	_, _ = client.ForgotPassword(ctx, &cognitopassword.ForgotPasswordInput{ClientId: app.ID, Username: "alice"})
//	code, _ := srv.LastCode(pool.ID(), "alice")
//
// Any AWS SDK works as well: set its endpoint to [Server.Endpoint], its
// Region to [Server.Region] and its credentials to [Server.Credentials].
//
// # Wire protocol
//
// Requests are POSTs to the endpoint (its path is "/" unless [WithBasePath]
// sets another) with X-Amz-Target "AWSCognitoIdentityProviderService.<Op>"
// and Content-Type "application/x-amz-json-1.1". Every response carries an
// x-amzn-requestid header with a random UUID. Successful responses are JSON
// with the same Content-Type ("{}" for empty outputs). Errors are HTTP 400
// (500 for InternalErrorException) with the body
// {"__type":"<Code>","message":"<message>"} and, as Cognito sends them,
// the headers x-amzn-ErrorType "<Code>:" and x-amzn-ErrorMessage. Besides
// the modelled exceptions:
//
//   - an unknown or missing X-Amz-Target is UnknownOperationException (400);
//     a path outside the endpoint is 404 and a method other than POST is
//     405, both with UnknownOperationException;
//   - another Content-Type, a body that is not a JSON object and a member
//     of the wrong type are SerializationException (400);
//   - a body larger than [WithMaxBodyBytes] (default [DefaultMaxBodyBytes])
//     is refused with 413 and SerializationException before it is parsed;
//   - a missing required member, or one that breaks the model's length or
//     pattern, is InvalidParameterException with AWS's "1 validation error
//     detected: ..." message (which never repeats the value).
//
// # Signatures
//
// AdminResetUserPassword, AdminSetUserPassword, AdminUserGlobalSignOut,
// AdminInitiateAuth and AdminRespondToAuthChallenge need a SigV4 signature for service "cognito-idp" in the server's Region,
// made with the credentials of [WithCredentials] (by default
// [DefaultAccessKeyID] and [DefaultSecretAccessKey]). The server rebuilds
// the request from the headers named in SignedHeaders and the SHA-256 of the
// body it received, signs it with aws-sdk-go-v2's aws/signer/v4 and compares
// the signatures. The errors are those AWS JSON services return, all with
// status 400: MissingAuthenticationTokenException when there is no
// Authorization header, IncompleteSignatureException when it is malformed,
// UnrecognizedClientException for another access key id (or a missing
// session token when one is configured), and InvalidSignatureException for a
// wrong signature, a wrong scope, or an X-Amz-Date more than five minutes
// ([WithMaxSkew]) from the server's clock ("Signature expired: ..." /
// "Signature not yet current: ..."). The setup operations (CreateUserPool,
// CreateUserPoolClient, AdminCreateUser, AdminGetUser,
// AdminUpdateUserAttributes) accept unsigned requests for convenience but
// verify a signature that is sent. The client-facing operations ignore
// signatures, as they need none.
//
// # Operations
//
// The server implements these operations; [Operations] lists them.
//
// ForgotPassword sends a six-digit code, valid for an hour
// ([ResetCodeValidity]), by the pool's account recovery setting: the first
// mechanism in priority order whose attribute the user has verified (without
// a setting, a verified phone number before a verified email, Cognito's
// legacy order). It answers CodeDeliveryDetails with the destination masked
// as Cognito does ("a***@e***", "+*******1234"). A new code replaces the
// previous one; the user's status does not change. Errors: an unknown user
// is UserNotFoundException ("Username/client id combination not found."); a
// user with no verified route is InvalidParameterException ("Cannot reset
// password for the user as there is no registered/verified email or
// phone_number"); a FORCE_CHANGE_PASSWORD user is NotAuthorizedException
// ("User password cannot be reset in the current state."); an admin_only
// pool is NotAuthorizedException ("Contact administrator to reset
// password."); a disabled user is NotAuthorizedException ("User is
// disabled.").
//
// ConfirmForgotPassword checks the code (CodeMismatchException "Invalid
// verification code provided, please try again."; ExpiredCodeException
// "Invalid code provided, please request a code again." when it expired, was
// used or was never requested), then the password policy
// (InvalidPasswordException "Password did not conform with policy: ...") and
// history (PasswordHistoryPolicyViolationException); a refused password
// leaves the code usable. On success the code is spent, the password is set
// and the user becomes CONFIRMED, whatever its status was.
//
// AdminResetUserPassword puts the user in RESET_REQUIRED, invalidates the
// current password (sign-in then fails with PasswordResetRequiredException)
// and sends a code by the recovery route with the trigger
// CustomMessage_ForgotPassword; the code works with ConfirmForgotPassword.
// With no verified route it fails with the InvalidParameterException above
// and changes nothing; in an admin_only pool it sends nothing.
//
// AdminSetUserPassword with Permanent true sets the password and makes the
// user CONFIRMED; with Permanent false it sets a temporary password, valid
// for the pool's TemporaryPasswordValidityDays, and makes the user
// FORCE_CHANGE_PASSWORD. Policy and history are checked
// (InvalidPasswordException "Password does not conform to policy: ...",
// PasswordHistoryPolicyViolationException). A pending reset code is dropped.
//
// ResendConfirmationCode sends a sign-up code, valid for 24 hours
// ([SignUpCodeValidity]), to an UNCONFIRMED user's email address, else phone
// number, with the trigger CustomMessage_ResendCode. A user in any other
// status is InvalidParameterException ("User is already confirmed."); a user
// with neither attribute is InvalidParameterException ("Cannot resend codes.
// Auto verification not turned on."). ConfirmSignUp takes that code,
// confirms the user and marks the attribute verified.
//
// ChangePassword takes an access token issued by the server (InitiateAuth,
// RespondToAuthChallenge or [UserPool.IssueAccessToken]). An unknown token
// is NotAuthorizedException "Invalid Access Token", an expired one "Access
// Token has expired", a revoked one ([UserPool.RevokeTokens],
// GlobalSignOut, AdminUserGlobalSignOut) "Access Token has been revoked". A
// wrong PreviousPassword is NotAuthorizedException "Incorrect username or
// password."; RESET_REQUIRED users get PasswordResetRequiredException. The
// policy and history apply. Tokens stay valid after the change.
//
// # Sign-in
//
// InitiateAuth takes USER_SRP_AUTH, USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH
// and REFRESH_TOKEN; AdminInitiateAuth takes USER_SRP_AUTH,
// ADMIN_USER_PASSWORD_AUTH (and its older name ADMIN_NO_SRP_AUTH),
// REFRESH_TOKEN_AUTH and REFRESH_TOKEN. A
// flow meant for the other operation is InvalidParameterException
// "Initiate Auth method not supported."; a value outside the model is a
// validation error. The app client's ExplicitAuthFlows ([ClientConfig]) must
// allow the flow, as in Cognito, whose default for a client created without
// the list is ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH and
// ALLOW_CUSTOM_AUTH ([DefaultExplicitAuthFlows]): so USER_PASSWORD_AUTH and
// ADMIN_USER_PASSWORD_AUTH must be listed. A flow that is not allowed is
// InvalidParameterException "USER_PASSWORD_AUTH flow not enabled for this
// client", "Auth flow not enabled for this client" (the admin password
// flow), "USER_SRP_AUTH is not enabled for the client." or "Refresh Token
// flow not enabled for this client". A client with legacy values
// (USER_PASSWORD_AUTH, ADMIN_NO_SRP_AUTH, CUSTOM_AUTH_FLOW_ONLY) may always
// refresh and, unless CUSTOM_AUTH_FLOW_ONLY, use SRP.
//
// A password sign-in answers AuthenticationResult (AccessToken, IdToken,
// RefreshToken, ExpiresIn, TokenType "Bearer") for a CONFIRMED user, the
// NEW_PASSWORD_REQUIRED challenge for a FORCE_CHANGE_PASSWORD user whose
// temporary password has not expired (NotAuthorizedException "Temporary
// password has expired and must be reset by an administrator." once the
// pool's TemporaryPasswordValidityDays have passed on the server's clock),
// PasswordResetRequiredException for RESET_REQUIRED and
// UserNotConfirmedException for UNCONFIRMED (before the password is checked,
// as Cognito does).
//
// USER_SRP_AUTH runs SRP-6a as Cognito and its clients do (internal/srp,
// checked against amazon-cognito-identity-js). For each password it sets,
// the server keeps a random salt and the verifier g^x, never the password;
// InitiateAuth answers the PASSWORD_VERIFIER challenge with SALT, SRP_B,
// SECRET_BLOCK (random, naming the exchange on the server), USER_ID_FOR_SRP
// and USERNAME, and no Session. The answer (RespondToAuthChallenge or
// AdminRespondToAuthChallenge, within three minutes, once per SECRET_BLOCK)
// carries USERNAME, PASSWORD_CLAIM_SECRET_BLOCK, TIMESTAMP and
// PASSWORD_CLAIM_SIGNATURE. A TIMESTAMP that cannot be read as "Mon Jan 2
// 15:04:05 UTC 2006" is InvalidParameterException "TIMESTAMP format should
// be EEE MMM d HH:mm:ss z yyyy in english."; it is read leniently (a
// zero-padded day is accepted) and the signature is
// checked over the server's own rendering of that time, so a client that
// signs a zero-padded day fails, as with Cognito. A TIMESTAMP more than the
// SigV4 skew ([WithMaxSkew], five minutes by default) from the server's
// clock, a wrong signature, an unknown or used secret block or another
// USERNAME are NotAuthorizedException "Incorrect username or password."; a
// wrong signature counts towards the lockout. The user's status is checked
// before the challenge, as for a password, and again with the answer; a
// right claim then answers as a password sign-in does, tokens or
// NEW_PASSWORD_REQUIRED. An unknown user is UserNotFoundException, or, with
// PreventUserExistenceErrors, a challenge that no answer passes.
//
// REFRESH_TOKEN_AUTH takes a refresh token the server issued through the
// same client (NotAuthorizedException "Invalid Refresh Token." otherwise)
// and answers new access and ID tokens and no refresh token, as Cognito
// does without refresh-token rotation. Refresh tokens live for the client's
// RefreshTokenValidity (default 30 days; "Refresh Token has expired") and
// are revoked with the access tokens ("Refresh Token has been revoked"). A
// client with a secret needs the SECRET_HASH of the user's username.
//
// NEW_PASSWORD_REQUIRED is answered with RespondToAuthChallenge or
// AdminRespondToAuthChallenge within three minutes ([AuthSessionValidity])
// with USERNAME (the challenge's USER_ID_FOR_SRP) and NEW_PASSWORD. Its
// userAttributes parameter is a JSON object of the user's attributes but
// sub, email_verified and phone_number_verified among them, as Cognito
// sends them; requiredAttributes is a JSON array naming, as
// "userAttributes.<name>", the pool's required attributes
// ([PoolConfig].RequiredAttributes, or CreateUserPool's Schema) that the
// user lacks. The answer's "userAttributes.<name>" entries are applied with
// the new password. Writing sub, email_verified or phone_number_verified is
// InvalidParameterException "Cannot modify the non-mutable attribute
// <name>"; writing a required attribute the user already has, "Cannot modify
// an already provided <name>"; leaving a required attribute without a value,
// "Invalid attributes given, <name> is missing". Nothing is applied unless
// the whole answer, password policy included, is accepted; the user then
// becomes CONFIRMED.
//
// # Setup operations
//
// CreateUserPool (PoolName, Policies.PasswordPolicy,
// AccountRecoverySetting, the Required flag of Schema), CreateUserPoolClient
// (GenerateSecret, PreventUserExistenceErrors, ExplicitAuthFlows,
// AccessTokenValidity and RefreshTokenValidity with TokenValidityUnits),
// AdminCreateUser (UserAttributes, TemporaryPassword, MessageAction SUPPRESS
// or RESEND, DesiredDeliveryMediums; the invitation, trigger
// CustomMessage_AdminCreateUser, carries the temporary password in
// [Message].TemporaryPassword), AdminGetUser (UserStatus and attributes)
// and AdminUpdateUserAttributes (for example email_verified) exist for test
// setup, as in cognito-local.
//
// An unknown user pool is ResourceNotFoundException ("User pool <id> does
// not exist."), an unknown app client ResourceNotFoundException ("User pool
// client <id> does not exist."), and an unknown user of an administrator
// operation UserNotFoundException ("User does not exist.").
//
// # SECRET_HASH
//
// ForgotPassword, ConfirmForgotPassword, ResendConfirmationCode,
// ConfirmSignUp, InitiateAuth, AdminInitiateAuth, RespondToAuthChallenge and
// AdminRespondToAuthChallenge check SECRET_HASH,
// Base64(HMAC-SHA256(key=client secret, message=username+client id)) (see
// [SecretHash]), for app clients with a secret: a missing hash is
// NotAuthorizedException "Client <id> is configured for secret but secret
// was not received" and a wrong one "Unable to verify secret hash for client
// <id>". A hash sent for a client without a secret is refused with the
// latter message too.
//
// # PreventUserExistenceErrors
//
// With [ClientConfig].PreventUserExistenceErrors (ENABLED), ForgotPassword
// and ResendConfirmationCode answer a user that does not exist, is disabled
// or (ForgotPassword) has no verified route with a simulated
// CodeDeliveryDetails and send nothing; the simulated destination is a
// masked email address when the username looks like one, else a masked
// phone number in pools whose first recovery mechanism is the phone, else a
// masked email address, and it is the same on every call for a username.
// ConfirmForgotPassword and ConfirmSignUp answer CodeMismatchException, and
// InitiateAuth and AdminInitiateAuth answer a password sign-in of a user
// that does not exist (not a disabled one) NotAuthorizedException
// "Incorrect username or password." and a USER_SRP_AUTH one with a
// challenge that no answer passes.
//
// # Attempt limits
//
// Each pool has per-user limits ([Limits]), all counted on the server's
// clock:
//
//   - Code messages: at most CodeRequests (default 5) ForgotPassword,
//     ResendConfirmationCode and AdminResetUserPassword messages per user in
//     a sliding CodeRequestWindow (default one hour). The next one is
//     LimitExceededException ("Attempt limit exceeded, please try after some
//     time.") and sends nothing.
//   - Code guesses: each code survives CodeAttempts (default 5) wrong
//     guesses, each answered CodeMismatchException. After that the code is
//     burned and every confirmation with it, right or wrong, is
//     TooManyFailedAttemptsException until a new code is sent.
//   - Passwords: PasswordAttempts (default 5) consecutive wrong passwords in
//     a sign-in or in ChangePassword's PreviousPassword lock the user for
//     Lockout (default 15 minutes). A locked user's sign-in is
//     NotAuthorizedException "Password attempts exceeded" and ChangePassword
//     is LimitExceededException. A correct password resets the count, and a
//     new password from ConfirmForgotPassword or AdminSetUserPassword lifts
//     the lock.
//
// A negative count turns a limit off.
//
// # Time
//
// [WithClock] injects the clock ([Clock] is a manual one); codes, temporary
// passwords, access and refresh tokens, challenge sessions, lockouts, the
// SigV4 skew check, the SRP TIMESTAMP window and the times recorded in the
// outbox and the request log read it.
// Clients sign (and write SRP TIMESTAMPs) with the real time, so a test that
// moves a [Clock] more than five minutes from it must start the clock at
// time.Now() and advance it less, or turn both checks off with
// WithMaxSkew(-1). Injected delays use real time.
//
// # Faults
//
// [Server.InjectFault] makes the next matching requests (optionally of one
// operation) meet a fault: [FaultThrottle] (HTTP 400
// TooManyRequestsException "Rate exceeded", not processed),
// [FaultServerError] (a chosen 4xx/5xx status and body, such as an HTML page
// from a proxy, not processed), [FaultDelay] (held, then processed) or
// [FaultDropConnection] (processed, then the connection is closed without a
// response). [Server.Requests] logs every request with its operation,
// whether it was signed, its time, status, error code and fault, so tests
// can count a client's attempts.
//
// # Simplifications
//
// The fake models what password flows need and no more. Compared with
// Cognito:
//
//   - Only the operations above exist; there is no SignUp (seed UNCONFIRMED
//     users in Go), no CUSTOM_AUTH or USER_AUTH, no MFA, no
//     Lambda triggers (the outbox records the trigger source instead), no
//     refresh-token rotation, no aliases (usernames are matched exactly and
//     are case-sensitive), no device tracking, no advanced security and no
//     WAF.
//   - Tokens are JWT-shaped, with Cognito-like claims, but their signature
//     is random bytes: the server recognises them by value and they cannot
//     be verified with a JWKS.
//   - Messages are recorded, never delivered; SMS sandboxes, email quotas and
//     CodeDeliveryFailureException do not exist.
//   - Cognito does not publish its attempt limits; the model above is
//     deterministic and configurable instead.
//   - Password history counts the current password as the newest entry; it
//     is checked by every operation that sets a password, temporary ones
//     included.
//   - Where Cognito's exact message is not documented the server uses a
//     plausible one: PasswordHistoryPolicyViolationException,
//     TooManyFailedAttemptsException, UnsupportedUserStateException, a
//     SECRET_HASH sent for a client without a secret, an ExplicitAuthFlows
//     list that mixes legacy and ALLOW_ values, the refresh, CUSTOM_AUTH and
//     USER_AUTH flows not being enabled, a malformed SRP_A, a stale
//     TIMESTAMP (Cognito does not publish its window), and the "did not
//     conform with" (user operations) and "does not conform to" (admin
//     operations) prefixes of InvalidPasswordException.
//   - The request log and the outbox keep the latest [MaxLogEntries]
//     entries; the server remembers at most 10,000 access tokens, 10,000
//     refresh tokens and 10,000 challenge sessions, forgetting expired ones
//     first.
package cognitotest
