package cli

import (
	"encoding/json"
	"fmt"

	"github.com/cognitokit/cognitopassword/types"
)

// delivery is where a code was sent, as Cognito reports it (masked).
type delivery struct {
	Destination    string `json:"destination,omitempty"`
	DeliveryMedium string `json:"deliveryMedium,omitempty"`
	AttributeName  string `json:"attributeName,omitempty"`
}

func deliveryOf(d *types.CodeDeliveryDetailsType) *delivery {
	if d == nil {
		return nil
	}
	return &delivery{Destination: d.Destination, DeliveryMedium: string(d.DeliveryMedium), AttributeName: d.AttributeName}
}

func (d *delivery) String() string {
	if d == nil {
		return "Cognito did not say where the code was sent"
	}
	s := "sent by " + d.DeliveryMedium
	if d.Destination != "" {
		s += " to " + d.Destination
	}
	if d.AttributeName != "" {
		s += " (" + d.AttributeName + ")"
	}
	return s
}

// opResult is the output of a single-operation command.
type opResult struct {
	OK           bool      `json:"ok"`
	Command      string    `json:"command"`
	Operation    string    `json:"operation"`
	UserPoolID   string    `json:"userPoolId,omitempty"`
	ClientID     string    `json:"clientId,omitempty"`
	Username     string    `json:"username,omitempty"`
	Permanent    *bool     `json:"permanent,omitempty"`
	CodeDelivery *delivery `json:"codeDelivery,omitempty"`
	RequestID    string    `json:"requestId,omitempty"`
	Error        *failure  `json:"error,omitempty"`

	text string // the text output
}

// printResult prints a successful result of the command's operation. The
// text is made printable: it may hold what Cognito said (where a code
// was sent).
func (e *env) printResult(r *opResult) {
	r.OK = true
	r.Command, r.Operation = e.cmd, e.op
	if e.json() {
		e.writeJSON(r)
		return
	}
	fmt.Fprintln(e.stdout, printable(r.text))
}

func (e *env) writeJSON(v any) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: encode output: %v\n", Name, err)
		return
	}
	fmt.Fprintf(e.stdout, "%s\n", b)
}

// hints say what to do after each class of failure.
var hints = map[string]string{
	classUnknown:   "the request may or may not have been processed: check the user's state before repeating it (a repeat may send another message or burn a code)",
	classProcessed: "Cognito answered that it carried the request out, but its answer could not be read: the change was made (the code was sent, the password set); do not repeat it",
	classThrottled: "try again later; Cognito limits requests per account and per user",
	classAuth:      "check the AWS credentials, profile and IAM permissions, or the code, token or password given",
	classNotFound:  "check --user-pool-id, --client-id, --region and --username",
	classInvalid:   "nothing was changed; fix the input and try again",
}

// reportError prints err and returns the exit code of its class.
func (e *env) reportError(err error, interrupted bool) int {
	f := classify(err, interrupted)
	if e.json() {
		e.writeJSON(&opResult{Command: e.cmd, Operation: e.op, Error: &f})
		return f.ExitCode
	}
	// The message and the request id came from the network, in part.
	fmt.Fprintf(e.stderr, "%s %s: %s\n", Name, e.cmd, printable(f.Message))
	if f.RequestID != "" {
		fmt.Fprintf(e.stderr, "request id: %s\n", printable(f.RequestID))
	}
	if h := hints[f.Class]; h != "" {
		fmt.Fprintf(e.stderr, "hint: %s\n", h)
	}
	if f.Class == classUsage {
		fmt.Fprintf(e.stderr, "Run '%s %s --help' for usage.\n", Name, e.cmd)
	}
	if f.Class == classInterrupted {
		fmt.Fprintf(e.stderr, "hint: if a request was in flight its outcome is unknown\n")
	}
	return f.ExitCode
}
