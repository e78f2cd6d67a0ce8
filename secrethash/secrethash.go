// Package secrethash computes the SECRET_HASH value that Amazon Cognito user
// pools require from app clients that have a client secret.
//
// # What SECRET_HASH is
//
// An app client of a user pool can be created with a generated client
// secret. The user-pool API operations never carry that secret itself;
// instead every request from such a client carries a keyed hash that proves
// the caller knows it:
//
//	SECRET_HASH = Base64( HMAC-SHA256( key = client secret, message = username + client ID ) )
//
// The key is the client secret exactly as the console or DescribeUserPoolClient
// shows it (its bytes, not a decoding of it); the message is the UTF-8 bytes of
// the username immediately followed by the bytes of the app client ID, with no
// separator; the output is the 32-byte MAC in standard Base64 with padding,
// always [EncodedLen] characters long. [Compute] returns it as a string and
// [Append] appends it to a byte slice.
//
// # When it is needed
//
// Only app clients that have a client secret need it; for a client without
// a secret there is nothing to key the hash with, and the value is left out.
// For a client with a secret, a missing or wrong value fails the request with
// NotAuthorizedException ("Unable to verify secret hash for client ...", or
// "Client ... is configured for secret but secret was not received"). It is
// sent as the SecretHash member of SignUp, ConfirmSignUp, ForgotPassword,
// ConfirmForgotPassword and ResendConfirmationCode, as the SECRET_HASH entry
// of AuthParameters in InitiateAuth and AdminInitiateAuth, and as the
// SECRET_HASH entry of ChallengeResponses in RespondToAuthChallenge and
// AdminRespondToAuthChallenge. Operations authorised by an access token alone,
// such as ChangePassword, do not take it.
//
// A client secret is a credential. Keep it on a server: a secret shipped in a
// browser or mobile application is not secret, which is why such applications
// use app clients without one.
//
// # Which username to hash
//
// The hash must be computed over the username that Cognito uses to check it
// for that request, which is not always the string the user typed:
//
//   - In ForgotPassword, ConfirmForgotPassword, ResendConfirmationCode,
//     SignUp and ConfirmSignUp the hash is over the value sent as Username in
//     that same request. When the user pool lets users sign in with an alias
//     (an email address or phone number used as an alias, or as the
//     username attribute) and the user typed that address, hash the address
//     exactly as it is sent in Username.
//   - In challenge flows (RespondToAuthChallenge after InitiateAuth, and the
//     admin equivalents) the hash is over the user's actual username, not
//     the alias given to InitiateAuth. Cognito returns it in the challenge
//     parameters, as USER_ID_FOR_SRP (and, for some challenges, as
//     USERNAME). In a pool where users sign in with email or phone number as
//     the username attribute, that actual username is a generated identifier
//     (the user's sub), not the address. Use the returned value both as the
//     USERNAME challenge response and as the username given to [Compute].
//
// Hashing the typed alias where Cognito expects the actual username (or the
// other way round) is a common cause of "Unable to verify secret hash" in
// challenge responses.
//
// The username is hashed byte for byte: no case folding, trimming or Unicode
// normalization is done. "Jürgen" written with a precomposed ü (U+00FC) and
// with u followed by a combining diaeresis (U+0308) give different hashes, so
// hash the string exactly as it is sent.
//
// # Implementation notes
//
// The MAC is computed with crypto/hmac and crypto/sha256, writing the
// username and the client ID into the MAC one after the other rather than
// concatenating them. Under GODEBUG=fips140=only, crypto/hmac panics on keys
// shorter than 112 bits (14 bytes); Cognito-generated client secrets are much
// longer.
package secrethash

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
)

// EncodedLen is the length in bytes of every SECRET_HASH value: the padded
// standard Base64 encoding of a 32-byte HMAC-SHA256.
const EncodedLen = (sha256.Size + 2) / 3 * 4

// Compute returns the Amazon Cognito SECRET_HASH for username and the app
// client clientID with the secret clientSecret: the standard Base64 encoding
// of HMAC-SHA256 keyed with clientSecret over username followed by clientID.
//
// See the package documentation for which username to pass.
func Compute(username, clientID, clientSecret string) string {
	var buf [EncodedLen]byte
	return string(Append(buf[:0], username, clientID, clientSecret))
}

// Append appends the SECRET_HASH that [Compute] returns to dst and returns the
// extended slice. It appends exactly [EncodedLen] bytes, so a dst with that
// much spare capacity is not reallocated.
func Append(dst []byte, username, clientID, clientSecret string) []byte {
	mac := hmac.New(sha256.New, []byte(clientSecret))
	mac.Write([]byte(username))
	mac.Write([]byte(clientID))
	var sum [sha256.Size]byte
	return base64.StdEncoding.AppendEncode(dst, mac.Sum(sum[:0]))
}
