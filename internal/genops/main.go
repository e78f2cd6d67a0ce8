// Command genops writes inputs_gen.go in the root package: for the input of
// each of the eleven operations, the method validate, which checks the
// members against the service model's constraints (required, length,
// pattern) with the validator of validation.go before any I/O, and the
// method encode, which writes the AWS JSON 1.1 body with internal/awsjson,
// members in name order, ignoring case, as the official client writes
// them. Both follow
// the table below, taken from the service model (botocore cognito-idp
// 2016-04-18, corrected where the official v1.61.0 client differs). Each
// operation's policy (defaults and SECRET_HASH in prepare, fields() for
// printing, the decoding of its output) stays in its own api_*.go file. A
// test checks that the file is what it writes.
//
// Run it with go generate in the root package (see shapes.go).
package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// out is the file it writes, relative to the root package.
const out = "inputs_gen.go"

// member is one member of an input structure, as the model lists it.
type member struct {
	name     string
	shape    string
	required bool
}

// operation is one operation's input structure, members in model order.
type operation struct {
	name    string
	members []member
}

// The eleven inputs. Differences from botocore 2016-04-18 that follow the
// official v1.61.0 client: InitiateAuth and AdminInitiateAuth have a
// Session member, and ChangePassword's PreviousPassword is optional.
var operations = []operation{
	{"AdminGetUser", []member{
		{"UserPoolId", "UserPoolIdType", true},
		{"Username", "UsernameType", true},
	}},
	{"AdminInitiateAuth", []member{
		{"UserPoolId", "UserPoolIdType", true},
		{"ClientId", "ClientIdType", true},
		{"AuthFlow", "AuthFlowType", true},
		{"AuthParameters", "AuthParametersType", false},
		{"ClientMetadata", "ClientMetadataType", false},
		{"AnalyticsMetadata", "AnalyticsMetadataType", false},
		{"ContextData", "ContextDataType", false},
		{"Session", "SessionType", false},
	}},
	{"AdminResetUserPassword", []member{
		{"UserPoolId", "UserPoolIdType", true},
		{"Username", "UsernameType", true},
		{"ClientMetadata", "ClientMetadataType", false},
	}},
	{"AdminRespondToAuthChallenge", []member{
		{"UserPoolId", "UserPoolIdType", true},
		{"ClientId", "ClientIdType", true},
		{"ChallengeName", "ChallengeNameType", true},
		{"ChallengeResponses", "ChallengeResponsesType", false},
		{"Session", "SessionType", false},
		{"AnalyticsMetadata", "AnalyticsMetadataType", false},
		{"ContextData", "ContextDataType", false},
		{"ClientMetadata", "ClientMetadataType", false},
	}},
	{"AdminSetUserPassword", []member{
		{"UserPoolId", "UserPoolIdType", true},
		{"Username", "UsernameType", true},
		{"Password", "PasswordType", true},
		{"Permanent", "BooleanType", false},
	}},
	{"ChangePassword", []member{
		{"PreviousPassword", "PasswordType", false},
		{"ProposedPassword", "PasswordType", true},
		{"AccessToken", "TokenModelType", true},
	}},
	{"ConfirmForgotPassword", []member{
		{"ClientId", "ClientIdType", true},
		{"SecretHash", "SecretHashType", false},
		{"Username", "UsernameType", true},
		{"ConfirmationCode", "ConfirmationCodeType", true},
		{"Password", "PasswordType", true},
		{"AnalyticsMetadata", "AnalyticsMetadataType", false},
		{"UserContextData", "UserContextDataType", false},
		{"ClientMetadata", "ClientMetadataType", false},
	}},
	{"ForgotPassword", []member{
		{"ClientId", "ClientIdType", true},
		{"SecretHash", "SecretHashType", false},
		{"UserContextData", "UserContextDataType", false},
		{"Username", "UsernameType", true},
		{"AnalyticsMetadata", "AnalyticsMetadataType", false},
		{"ClientMetadata", "ClientMetadataType", false},
	}},
	{"InitiateAuth", []member{
		{"AuthFlow", "AuthFlowType", true},
		{"AuthParameters", "AuthParametersType", false},
		{"ClientMetadata", "ClientMetadataType", false},
		{"ClientId", "ClientIdType", true},
		{"AnalyticsMetadata", "AnalyticsMetadataType", false},
		{"UserContextData", "UserContextDataType", false},
		{"Session", "SessionType", false},
	}},
	{"ResendConfirmationCode", []member{
		{"ClientId", "ClientIdType", true},
		{"SecretHash", "SecretHashType", false},
		{"UserContextData", "UserContextDataType", false},
		{"Username", "UsernameType", true},
		{"AnalyticsMetadata", "AnalyticsMetadataType", false},
		{"ClientMetadata", "ClientMetadataType", false},
	}},
	{"RespondToAuthChallenge", []member{
		{"ClientId", "ClientIdType", true},
		{"ChallengeName", "ChallengeNameType", true},
		{"Session", "SessionType", false},
		{"ChallengeResponses", "ChallengeResponsesType", false},
		{"AnalyticsMetadata", "AnalyticsMetadataType", false},
		{"UserContextData", "UserContextDataType", false},
		{"ClientMetadata", "ClientMetadataType", false},
	}},
}

// How the logged copy of a request shows a member (encode with a
// redaction): the model's sensitive trait, with the library's policy on
// top. ClientIdType is sensitive in the model but an app client id is no
// secret, so it stays visible; UsernameType is masked only when
// Options.RedactUsername asks; ConfirmationCodeType and SessionType are not
// marked in the model but are masked like the other one-time secrets.
const (
	plain    = iota // written as is
	secret          // masked when r.secrets
	username        // masked when r.username
)

// shape says how a member of a shape is checked and written. In the
// templates, %[1]q is the member's name and %[2]s the Go expression of its
// value.
type shape struct {
	// check is the validator call; empty when the shape has no
	// constraint. The helpers of validation.go that take no required flag
	// (userPoolID, username, clientID, confirmationCode, accessToken
	// require the member, secretHash does not) are used only where the
	// model agrees: fixedRequired says which.
	check         string
	fixedRequired *bool
	// put writes the member; empty for strings, which are written with
	// o.String or putSecret after the masking column.
	put  string
	mask int
	// enum is set for string enums (a named Go type).
	enum bool
	// field prints the member in fields(); empty for strings, which are
	// printed with redact.S, or redact.Secret when masked for r.secrets.
	// Username stays visible there (the printed input is the caller's own
	// value; Options.RedactUsername is about the logged request).
	field string
}

var (
	yes = true
	no  = false
)

var shapes = map[string]shape{
	// 1 to 55 characters, [\w-]+_[0-9a-zA-Z]+.
	"UserPoolIdType": {check: "v.userPoolID(%[1]q, %[2]s)", fixedRequired: &yes},
	// 1 to 128 characters, [\p{L}\p{M}\p{S}\p{N}\p{P}]+; sensitive.
	"UsernameType": {check: "v.username(%[1]q, %[2]s)", fixedRequired: &yes, mask: username},
	// 1 to 128 characters, [\w+]+; sensitive in the model, visible here.
	"ClientIdType": {check: "v.clientID(%[1]q, %[2]s)", fixedRequired: &yes},
	// At most 256 characters, [\S]+; sensitive.
	"PasswordType": {check: "v.password(%[1]q, %[2]s, %[3]t)", mask: secret},
	// 1 to 2048 characters, [\S]+.
	"ConfirmationCodeType": {check: "v.confirmationCode(%[1]q, %[2]s)", fixedRequired: &yes, mask: secret},
	// 1 to 128 characters, [\w+=/]+; sensitive.
	"SecretHashType": {check: "v.secretHash(%[1]q, %[2]s)", fixedRequired: &no, mask: secret},
	// [A-Za-z0-9-_=.]+; sensitive.
	"TokenModelType": {check: "v.accessToken(%[1]q, %[2]s)", fixedRequired: &yes, mask: secret},
	// 20 to 2048 characters.
	"SessionType": {check: "v.session(%[1]q, %[2]s)", fixedRequired: &no, mask: secret},
	// Enums: required, no other constraint.
	"AuthFlowType":      {check: "v.required(%[1]q, string(%[2]s))", fixedRequired: &yes, enum: true},
	"ChallengeNameType": {check: "v.required(%[1]q, string(%[2]s))", fixedRequired: &yes, enum: true},
	// Maps of StringType keys and values; AuthParametersType is sensitive,
	// both are masked by key (see putAuthMap).
	"AuthParametersType":     {field: "redact.AuthMap(%[1]q, %[2]s)", check: "v.authMap(%[1]q, %[2]s)", fixedRequired: &no, put: "putAuthMap(o, %[1]q, %[2]s, r)"},
	"ChallengeResponsesType": {field: "redact.AuthMap(%[1]q, %[2]s)", check: "v.authMap(%[1]q, %[2]s)", fixedRequired: &no, put: "putAuthMap(o, %[1]q, %[2]s, r)"},
	"ClientMetadataType":     {field: "redact.M(%[1]q, %[2]s)", check: "v.clientMetadata(%[1]q, %[2]s)", fixedRequired: &no, put: "o.Map(%[1]q, %[2]s)"},
	// Structures.
	"AnalyticsMetadataType": {field: "analyticsField(%[2]s)", check: "v.analytics(%[1]q, %[2]s)", fixedRequired: &no, put: "putAnalytics(o, %[2]s)"},
	"UserContextDataType":   {field: "userContextField(%[2]s)", check: "v.userContext(%[1]q, %[2]s)", fixedRequired: &no, put: "putUserContext(o, %[2]s, r.secrets)"},
	"ContextDataType":       {field: "contextDataField(%[2]s)", check: "v.contextData(%[2]s)", fixedRequired: &no, put: "putContextData(o, %[2]s, r.secrets)"},
	// Only true is sent, as the official client sends a set *bool.
	"BooleanType": {field: "redact.B(%[1]q, %[2]s)", fixedRequired: &no, put: "o.TrueBool(%[1]q, %[2]s)"},
}

func main() {
	dir := "."
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	src, err := Generate(dir)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, out), src, 0o644); err != nil {
		log.Fatal(err)
	}
}

// Generate returns the source of inputs_gen.go for the package in dir,
// whose input structures must declare exactly the model's members.
func Generate(dir string) ([]byte, error) {
	structs, err := structFields(dir)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString("// Code generated by internal/genops; DO NOT EDIT.\n\npackage cognitopassword\n\n")
	b.WriteString("import (\n\t\"github.com/cognitokit/cognitopassword/internal/awsjson\"\n\t\"github.com/cognitokit/cognitopassword/internal/redact\"\n)\n")
	for _, op := range operations {
		in := op.name + "Input"
		byName := make(map[string]member, len(op.members))
		for _, m := range op.members {
			byName[m.name] = m
		}
		declared := structs[in]
		if len(declared) != len(op.members) {
			return nil, fmt.Errorf("%s declares %d members, the model has %d", in, len(declared), len(op.members))
		}
		fmt.Fprintf(&b, "\n// fields lists the members in declaration order for printing, sensitive\n// ones redacted (see redaction_gen.go).\n")
		fmt.Fprintf(&b, "func (in %s) fields() []redact.Field {\n\treturn []redact.Field{\n", in)
		for _, name := range declared {
			m, ok := byName[name]
			if !ok {
				return nil, fmt.Errorf("%s.%s is not a member of the model", in, name)
			}
			s, ok := shapes[m.shape]
			if !ok {
				return nil, fmt.Errorf("%s.%s: no rule for shape %s", in, m.name, m.shape)
			}
			v := "in." + m.name
			if s.enum {
				v = "string(" + v + ")"
			}
			switch {
			case s.field != "":
				fmt.Fprintf(&b, "\t\t"+s.field+",\n", m.name, v)
			case s.mask == secret:
				fmt.Fprintf(&b, "\t\tredact.Secret(%q, %s),\n", m.name, v)
			default:
				fmt.Fprintf(&b, "\t\tredact.S(%q, %s),\n", m.name, v)
			}
		}
		b.WriteString("\t}\n}\n")
		fmt.Fprintf(&b, "\n// validate checks the members against the model's constraints, in model\n// order, collecting every violation.\n")
		fmt.Fprintf(&b, "func (in *%s) validate(*callConfig) error {\n\tv := newValidator(%q)\n", in, in)
		for _, m := range op.members {
			s, ok := shapes[m.shape]
			if !ok {
				return nil, fmt.Errorf("%s.%s: no rule for shape %s", in, m.name, m.shape)
			}
			if s.fixedRequired != nil && *s.fixedRequired != m.required {
				return nil, fmt.Errorf("%s.%s: the check for %s assumes required=%t, the model says %t", in, m.name, m.shape, *s.fixedRequired, m.required)
			}
			if s.check == "" {
				continue
			}
			fmt.Fprintf(&b, "\t"+s.check+"\n", m.name, "in."+m.name, m.required)
		}
		b.WriteString("\treturn v.err()\n}\n")

		fmt.Fprintf(&b, "\n// encode writes the AWS JSON 1.1 body, members in name order (ignoring\n// case, as the official client); r masks the sensitive ones for logging.\n")
		fmt.Fprintf(&b, "func (in *%s) encode(o *awsjson.Object, r redaction) {\n\to.Begin()\n", in)
		sorted := append([]member(nil), op.members...)
		sort.Slice(sorted, func(i, j int) bool { return strings.ToLower(sorted[i].name) < strings.ToLower(sorted[j].name) })
		for _, m := range sorted {
			s := shapes[m.shape]
			v := "in." + m.name
			if s.enum {
				v = "string(" + v + ")"
			}
			switch {
			case s.put != "":
				fmt.Fprintf(&b, "\t"+s.put+"\n", m.name, v)
			case s.mask == secret:
				fmt.Fprintf(&b, "\tputSecret(o, %q, %s, r.secrets)\n", m.name, v)
			case s.mask == username:
				fmt.Fprintf(&b, "\tputSecret(o, %q, %s, r.username)\n", m.name, v)
			default:
				fmt.Fprintf(&b, "\to.String(%[1]q, %[2]s)\n", m.name, v)
			}
		}
		b.WriteString("\to.End()\n}\n")
	}
	return format.Source(b.Bytes())
}

// structFields returns the field names, in declaration order, of the
// struct types of the package in dir (test files and the generated file
// aside).
func structFields(dir string) (map[string][]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	structs := make(map[string][]string)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || filepath.Base(f) == out {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		ast.Inspect(file, func(n ast.Node) bool {
			ts, ok := n.(*ast.TypeSpec)
			if !ok {
				return true
			}
			st, ok := ts.Type.(*ast.StructType)
			if !ok {
				return false
			}
			var names []string
			for _, fl := range st.Fields.List {
				for _, id := range fl.Names {
					names = append(names, id.Name)
				}
			}
			structs[ts.Name.Name] = names
			return false
		})
	}
	return structs, nil
}
