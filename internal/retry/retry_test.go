package retry

import (
	"errors"
	"net/http"
	"testing"
	"time"

	smithy "github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
)

func TestUnsentRestsOnlyOnTheBodyAndTheReportedWrites(t *testing.T) {
	writeErr := errors.New("write: broken pipe")
	cases := []struct {
		name     string
		bodyRead bool
		reports  []error
		unsent   bool
	}{
		{"a body never read", false, nil, true},
		{"a body never read, whatever is reported", false, []error{nil}, true},
		{"a read body and no report", true, nil, false},
		{"a read body and a failed write", true, []error{writeErr}, true},
		{"a read body and a successful write", true, []error{nil}, false},
		{"a failed write, then a successful one", true, []error{writeErr, nil}, false},
		{"a successful write, then a failed one", true, []error{nil, writeErr}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var f Facts
			for _, err := range tc.reports {
				f.WroteRequest(err)
			}
			assert.Equal(t, tc.unsent, f.Unsent(tc.bodyRead))
		})
	}
}

func TestSkewIsMeasuredAsAWSMiddlewareMeasuresIt(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	ahead := now.Add(20 * time.Minute).Format(http.TimeFormat)
	cases := []struct {
		name   string
		date   string
		cached bool
		took   time.Duration
		skew   time.Duration
		ok     bool
	}{
		{"a Date 20 minutes ahead", ahead, false, time.Second, 20 * time.Minute, true},
		{"no Date", "", false, time.Second, 0, false},
		{"an unparsable Date", "yesterday", false, time.Second, 0, false},
		{"a cached response", ahead, true, time.Second, 0, false},
		{"a round trip too long to trust", ahead, false, 16 * time.Minute, 0, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			skew, ok := MeasureSkew(tc.date, tc.cached, now.Add(-tc.took), now)
			assert.Equal(t, tc.ok, ok)
			assert.Equal(t, tc.skew, skew)
		})
	}
}

func TestASignatureRejectionIsClockSkewOnlyBeyondTheThreshold(t *testing.T) {
	rejected := &smithy.GenericAPIError{Code: "InvalidSignatureException"}
	other := &smithy.GenericAPIError{Code: "NotAuthorizedException"}
	var skewErr *ClockSkewError
	assert.ErrorAs(t, MarkClockSkew(rejected, 20*time.Minute, true, 0), &skewErr)
	assert.Equal(t, Skewed, Classify(MarkClockSkew(rejected, 20*time.Minute, true, 0), false))
	assert.ErrorAs(t, MarkClockSkew(rejected, 0, true, 20*time.Minute), &skewErr, "a stale offset heals")
	assert.Same(t, rejected, MarkClockSkew(rejected, 3*time.Minute, true, 0), "within the threshold")
	assert.Same(t, rejected, MarkClockSkew(rejected, 20*time.Minute, false, 0), "nothing measured")
	assert.Same(t, other, MarkClockSkew(other, 20*time.Minute, true, 0), "not a skew code")
	assert.Equal(t, Terminal, Classify(rejected, false))
}

func TestAFailureWithoutAResponseIsNotSentOnlyOnFacts(t *testing.T) {
	err := errors.New("tls: handshake failure")
	assert.Equal(t, Ambiguous, Classify(err, false), "the text proves nothing")
	assert.Equal(t, NotSent, Classify(err, true))
}
