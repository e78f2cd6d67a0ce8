package conformance

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// successBodies are 200 responses. want, when set, is what the official
// client decodes for the operations with CodeDeliveryDetails: "error" for
// a *smithy.DeserializationError, "nil" for no details, or the details as
// Destination|DeliveryMedium|AttributeName.
var successBodies = []struct {
	name, body, want string
}{
	{"an empty body", ``, "nil"},
	{"an empty object", `{}`, "nil"},
	{"a body of spaces", " \r\n\t", "nil"},
	{"null", `null`, "nil"},
	{"all three members", `{"CodeDeliveryDetails":{"Destination":"a***@e***","DeliveryMedium":"EMAIL","AttributeName":"email"}}`, "a***@e***|EMAIL|email"},
	{"SMS", `{"CodeDeliveryDetails":{"Destination":"+*******0100","DeliveryMedium":"SMS","AttributeName":"phone_number"}}`, "+*******0100|SMS|phone_number"},
	{"only the destination", `{"CodeDeliveryDetails":{"Destination":"a***@e***"}}`, "a***@e***||"},
	{"only the medium", `{"CodeDeliveryDetails":{"DeliveryMedium":"SMS"}}`, "|SMS|"},
	{"null members", `{"CodeDeliveryDetails":{"Destination":null,"DeliveryMedium":null,"AttributeName":null}}`, "||"},
	{"empty details", `{"CodeDeliveryDetails":{}}`, "||"},
	{"null details", `{"CodeDeliveryDetails":null}`, "nil"},
	{"an unknown medium", `{"CodeDeliveryDetails":{"DeliveryMedium":"CARRIER_PIGEON"}}`, "|CARRIER_PIGEON|"},
	{"unknown members of every kind", `{"Extra":{"a":[1,2,{"b":null}],"c":"d"},"n":-12.5e-3,"t":true,"CodeDeliveryDetails":{"Unknown":[{}],"Destination":"x","Deeper":{"e":[[],[[]]]}},"z":null}`, "x||"},
	{"member names in another case are not members", `{"codeDeliveryDetails":{"Destination":"x"},"CodeDeliveryDetails":{"destination":"y"}}`, "||"},
	{"escapes and non-ASCII", `{"CodeDeliveryDetails":{"Destination":"\u00e9\ud83e\udd8a\u2028\"\\\/é🦊","AttributeName":"custom:été"}}`, "é🦊\u2028\"\\/é🦊||custom:été"},
	{"a lone surrogate", `{"CodeDeliveryDetails":{"Destination":"a\udc00b"}}`, "a\ufffdb||"},
	{"invalid UTF-8", "{\"CodeDeliveryDetails\":{\"Destination\":\"a\xc3b\"}}", "a\ufffdb||"},
	{"text after the object", `{"CodeDeliveryDetails":{"Destination":"x"}} {"more":1}`, "x||"},
	{"a huge number in an unknown member", `{"n":1e999999,"CodeDeliveryDetails":{}}`, "||"},
	{"details are a string", `{"CodeDeliveryDetails":"EMAIL"}`, "error"},
	{"details are an array", `{"CodeDeliveryDetails":[]}`, "error"},
	{"the destination is a number", `{"CodeDeliveryDetails":{"Destination":5}}`, "error"},
	{"the medium is a boolean", `{"CodeDeliveryDetails":{"DeliveryMedium":true}}`, "error"},
	{"an array body", `[]`, "error"},
	{"a string body", `"ok"`, "error"},
	{"a number body", `200`, "error"},
	{"truncated JSON", `{"CodeDeliveryDetails":{"Destination":"a`, "error"},
	{"HTML", `<html><body>OK</body></html>`, "error"},
	{"a trailing comma", `{"CodeDeliveryDetails":{},}`, "error"},
	{"a control character", "{\"CodeDeliveryDetails\":{\"Destination\":\"\x01\"}}", "error"},
}

// TestSuccessResponsesDecodeLikeTheOfficialClient sends 200 responses to
// both clients, for every operation, and compares the decoded outputs (the
// CodeDeliveryDetails of ForgotPassword and ResendConfirmationCode, the
// request id of all) or the errors.
func TestSuccessResponsesDecodeLikeTheOfficialClient(t *testing.T) {
	for _, op := range operations {
		t.Run(op.name, func(t *testing.T) {
			t.Parallel()
			pr := newPair(t)
			for i, tc := range successBodies {
				where := fmt.Sprintf("%s: %s", op.name, tc.name)
				rid := fmt.Sprintf("ok-%s-%d", op.name, i)
				th, ou := pr.call(context.Background(), op, minimalParams(op.name),
					reply{Status: 200, Header: map[string]string{"X-Amzn-Requestid": rid}, Body: tc.body})
				compareSuccess(t, op, where, rid, tc.want, th, ou)
			}
			more := signInBodies
			if op.getUser {
				more = userBodies
			}
			if op.signIn || op.getUser {
				for i, tc := range more {
					where := fmt.Sprintf("%s: %s", op.name, tc.name)
					rid := fmt.Sprintf("ok-%s-more-%d", op.name, i)
					th, ou := pr.call(context.Background(), op, minimalParams(op.name),
						reply{Status: 200, Header: map[string]string{"X-Amzn-Requestid": rid}, Body: tc.body})
					compareSuccess(t, op, where, rid, "", th, ou)
					if tc.err && (!tc.initiateOnly || strings.Contains(op.name, "InitiateAuth")) {
						assert.Errorf(t, th.Err, "%s: the official client accepted it", where)
					} else {
						assert.NoErrorf(t, th.Err, "%s: the official client failed", where)
					}
				}
			}
			for _, status := range []int{201, 202, 204, 299} {
				where := fmt.Sprintf("%s: HTTP %d with no body", op.name, status)
				rid := fmt.Sprintf("ok-%s-%d", op.name, status)
				th, ou := pr.call(context.Background(), op, minimalParams(op.name),
					reply{Status: status, Header: map[string]string{"X-Amzn-Requestid": rid}})
				compareSuccess(t, op, where, rid, "nil", th, ou)
			}
		})
	}
}

// compareSuccess compares the outcomes of one 200 response.
func compareSuccess(t *testing.T, op operation, where, rid, want string, th, ou exchange) {
	t.Helper()
	successCases.Add(1)
	if th.Err != nil || ou.Err != nil {
		tv, _ := viewError(th.Err)
		ov, _ := viewError(ou.Err)
		assert.Equalf(t, tv, ov, "%s: errors differ\nofficial: %v\nours:     %v", where, th.Err, ou.Err)
		if want != "" && op.hasDelivery {
			assert.Equalf(t, want, "error", "%s: the official client failed: %v", where, th.Err)
		}
		return
	}
	assert.Equalf(t, th.Res, ou.Res, "%s: outputs differ", where)
	assert.Equalf(t, result{Delivery: th.Res.Delivery, SignIn: th.Res.SignIn, User: th.Res.User, RequestID: rid, HasRequestID: true}, th.Res, "%s: official request id", where)
	if want != "" && op.hasDelivery {
		assert.Equalf(t, want, deliveryString(th.Res.Delivery), "%s: official output", where)
	}
}

func deliveryString(d *delivery) string {
	if d == nil {
		return "nil"
	}
	return strings.Join([]string{d.Destination, d.DeliveryMedium, d.AttributeName}, "|")
}

// signInBodies are 200 responses of the sign-in operations; err says that
// the official client fails on it (with initiateOnly, only the Initiate
// operations do: the others have no AvailableChallenges member).
var signInBodies = []struct {
	name, body        string
	err, initiateOnly bool
}{
	{"tokens", `{"AuthenticationResult":{"AccessToken":"eyJ.a.b","ExpiresIn":3600,"IdToken":"eyJ.i.d","RefreshToken":"eyJ.r.t","TokenType":"Bearer"},"ChallengeParameters":{}}`, false, false},
	{"tokens and a new device", `{"AuthenticationResult":{"AccessToken":"a","NewDeviceMetadata":{"DeviceKey":"us-east-1_0f","DeviceGroupKey":"-g"}}}`, false, false},
	{"an SRP challenge", `{"ChallengeName":"PASSWORD_VERIFIER","ChallengeParameters":{"SALT":"a1","SECRET_BLOCK":"QUJD","SRP_B":"ff","USERNAME":"1234-abcd","USER_ID_FOR_SRP":"1234-abcd"}}`, false, false},
	{"a new-password challenge", `{"ChallengeName":"NEW_PASSWORD_REQUIRED","Session":"AYABe-session-0123456789","ChallengeParameters":{"USER_ID_FOR_SRP":"alice","requiredAttributes":"[\"userAttributes.name\"]","userAttributes":"{\"email_verified\":\"true\",\"email\":\"a@example.com\"}"}}`, false, false},
	{"available challenges", `{"AvailableChallenges":["PASSWORD","PASSWORD_SRP","EMAIL_OTP","FUTURE"],"Session":"s"}`, false, false},
	{"empty available challenges and parameters", `{"AvailableChallenges":[],"ChallengeParameters":{},"AuthenticationResult":{}}`, false, false},
	{"null members", `{"AuthenticationResult":null,"AvailableChallenges":null,"ChallengeName":null,"ChallengeParameters":null,"Session":null}`, false, false},
	{"null inside", `{"AuthenticationResult":{"AccessToken":null,"ExpiresIn":null,"NewDeviceMetadata":null},"AvailableChallenges":[null],"ChallengeParameters":{"a":null}}`, false, false},
	{"duplicates: the last wins", `{"Session":"one","Session":"two","ChallengeParameters":{"a":"1"},"ChallengeParameters":{"b":"2","b":"3"}}`, false, false},
	{"a later null duplicate", `{"AuthenticationResult":{"AccessToken":"a"},"AuthenticationResult":null}`, false, false},
	{"an unknown challenge", `{"ChallengeName":"SOMETHING_NEW"}`, false, false},
	{"ExpiresIn at the int32 limits and beyond", `{"AuthenticationResult":{"ExpiresIn":2147483648}}`, false, false},
	{"a negative ExpiresIn", `{"AuthenticationResult":{"ExpiresIn":-1}}`, false, false},
	{"members in another case", `{"challengeName":"X","authenticationResult":{"AccessToken":"a"},"AuthenticationResult":{"accessToken":"b"}}`, false, false},
	{"escapes in parameters", `{"ChallengeParameters":{"\u00e9\ud83e\udd8a":"\u2028\"\\\/"}}`, false, false},
	{"a fractional ExpiresIn", `{"AuthenticationResult":{"ExpiresIn":1.5}}`, true, false},
	{"an ExpiresIn with an exponent", `{"AuthenticationResult":{"ExpiresIn":1e3}}`, true, false},
	{"ExpiresIn as a string", `{"AuthenticationResult":{"ExpiresIn":"3600"}}`, true, false},
	{"an ExpiresIn beyond int64", `{"AuthenticationResult":{"ExpiresIn":99999999999999999999}}`, true, false},
	{"a token that is a number", `{"AuthenticationResult":{"AccessToken":5}}`, true, false},
	{"the result is a string", `{"AuthenticationResult":"tokens"}`, true, false},
	{"the device is an array", `{"AuthenticationResult":{"NewDeviceMetadata":[]}}`, true, false},
	{"a parameter that is a number", `{"ChallengeParameters":{"a":1}}`, true, false},
	{"the parameters are an array", `{"ChallengeParameters":["a"]}`, true, false},
	{"available challenges are an object", `{"AvailableChallenges":{}}`, true, true},
	{"an available challenge that is a number", `{"AvailableChallenges":[1]}`, true, true},
	{"the session is a boolean", `{"Session":true}`, true, false},
}

// userBodies are 200 responses of AdminGetUser.
var userBodies = []struct {
	name, body        string
	err, initiateOnly bool
}{
	{"a whole user", `{"Username":"alice","Enabled":true,"UserStatus":"FORCE_CHANGE_PASSWORD","UserAttributes":[{"Name":"sub","Value":"1234"},{"Name":"email","Value":"a@example.com"}],` +
		`"UserCreateDate":1.700000000123E9,"UserLastModifiedDate":1700000100,"MFAOptions":[{"DeliveryMedium":"SMS","AttributeName":"phone_number"}],"PreferredMfaSetting":"SMS_MFA","UserMFASettingList":["SMS_MFA","SOFTWARE_TOKEN_MFA"]}`, false, false},
	{"every status", `{"Username":"u","UserStatus":"EXTERNAL_PROVIDER","Enabled":false}`, false, false},
	{"empty lists", `{"Username":"u","UserAttributes":[],"MFAOptions":[],"UserMFASettingList":[]}`, false, false},
	{"null members and elements", `{"Username":null,"Enabled":null,"UserAttributes":[null,{"Name":null,"Value":null}],"UserCreateDate":null,"MFAOptions":[null],"UserMFASettingList":[null]}`, false, false},
	{"dates with fractions", `{"UserCreateDate":0.0005,"UserLastModifiedDate":-1.25}`, false, false},
	{"a date with sub-millisecond digits", `{"UserCreateDate":1700000000.9999}`, false, false},
	{"a huge date", `{"UserCreateDate":1e20}`, false, false},
	{"duplicates: the last wins", `{"Username":"a","Username":"b","Enabled":true,"Enabled":false}`, false, false},
	{"Enabled as a string", `{"Enabled":"true"}`, true, false},
	{"a date as a string", `{"UserCreateDate":"2024-01-01T00:00:00Z"}`, true, false},
	{"a date beyond float64", `{"UserCreateDate":1e999}`, true, false},
	{"attributes are an object", `{"UserAttributes":{"Name":"x"}}`, true, false},
	{"an attribute that is a string", `{"UserAttributes":["x"]}`, true, false},
	{"an attribute value that is a number", `{"UserAttributes":[{"Name":"n","Value":1}]}`, true, false},
	{"a setting that is a number", `{"UserMFASettingList":[1]}`, true, false},
	{"an MFA option medium that is a boolean", `{"MFAOptions":[{"DeliveryMedium":true}]}`, true, false},
}
