package cognitotest

import (
	"net/http"
	"strconv"
	"time"
)

// FaultKind is the kind of an injected [Fault].
type FaultKind int

// The kinds of faults the server can inject.
const (
	// FaultThrottle answers HTTP 400 with a TooManyRequestsException
	// ("Rate exceeded") without processing the request.
	FaultThrottle FaultKind = iota + 1
	// FaultServerError answers with Fault.Status (default 500) and
	// Fault.Body (default an InternalErrorException in JSON) without
	// processing the request.
	FaultServerError
	// FaultDelay waits Fault.Delay (real time, not the server clock) and
	// then processes the request normally. The wait ends early when the
	// client gives up or the server closes.
	FaultDelay
	// FaultDropConnection processes the request (its effects happen) and
	// then closes the connection without sending a response, as a network
	// failure after the service acted would.
	FaultDropConnection
)

// MaxPendingFaults caps the faults waiting to be used; [Server.InjectFault]
// panics past it.
const MaxPendingFaults = 1000

// MaxFaultDelay caps [Fault.Delay].
const MaxFaultDelay = 10 * time.Minute

// String returns the name of the kind, such as "FaultThrottle".
func (k FaultKind) String() string {
	switch k {
	case FaultThrottle:
		return "FaultThrottle"
	case FaultServerError:
		return "FaultServerError"
	case FaultDelay:
		return "FaultDelay"
	case FaultDropConnection:
		return "FaultDropConnection"
	case 0:
		return "none"
	}
	return "FaultKind(" + strconv.Itoa(int(k)) + ")"
}

// Fault describes failures the server injects into the next matching
// requests. Each request meets at most one fault: the oldest injected one
// that matches it and is not used up.
type Fault struct {
	// Op restricts the fault to one operation, such as "ForgotPassword";
	// empty matches every request.
	Op string
	// Kind is what happens to the request.
	Kind FaultKind
	// Count is how many matching requests meet the fault; 0 means 1.
	Count int
	// Status is the HTTP status of a FaultServerError; 0 means 500. It
	// must be between 400 and 599.
	Status int
	// Body is the body of a FaultServerError, such as an HTML error page
	// from a proxy; empty means Cognito's InternalErrorException JSON.
	Body string
	// ContentType is the Content-Type of Body; empty means sniffed from
	// Body with http.DetectContentType.
	ContentType string
	// Delay is how long a FaultDelay holds the request; it must be
	// positive and at most [MaxFaultDelay].
	Delay time.Duration
}

type faultState struct {
	Fault
	left int
}

// InjectFault queues f. It panics if f is malformed (an unknown Kind, a
// FaultDelay without a valid Delay, a Status outside 400–599) or if
// [MaxPendingFaults] faults are already waiting, since those are mistakes in
// the test.
func (s *Server) InjectFault(f Fault) {
	switch f.Kind {
	case FaultThrottle, FaultDropConnection:
	case FaultServerError:
		if f.Status == 0 {
			f.Status = http.StatusInternalServerError
		}
		if f.Status < 400 || f.Status > 599 {
			panic("cognitotest: Fault.Status must be between 400 and 599")
		}
	case FaultDelay:
		if f.Delay <= 0 || f.Delay > MaxFaultDelay {
			panic("cognitotest: Fault.Delay must be positive and at most MaxFaultDelay")
		}
	default:
		panic("cognitotest: unknown Fault.Kind " + f.Kind.String())
	}
	if f.Count < 0 {
		panic("cognitotest: Fault.Count must not be negative")
	}
	if f.Count == 0 {
		f.Count = 1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.faults) >= MaxPendingFaults {
		panic("cognitotest: too many pending faults")
	}
	s.faults = append(s.faults, &faultState{Fault: f, left: f.Count})
}

// ClearFaults drops every pending fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// PendingFaults returns how many more requests will meet an injected
// fault, summed over all pending faults.
func (s *Server) PendingFaults() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, f := range s.faults {
		n += f.left
	}
	return n
}

// takeFault uses up one request of the first fault matching op.
func (s *Server) takeFault(op string) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if f.Op != "" && f.Op != op {
			continue
		}
		f.left--
		if f.left <= 0 {
			s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
		}
		out := f.Fault
		return &out
	}
	return nil
}

// writeFaultBody writes the response of a FaultServerError.
func writeFaultBody(w http.ResponseWriter, f *Fault) (int, string) {
	if f.Body == "" {
		e := &apiError{status: f.Status, code: "InternalErrorException", message: "cognitotest: injected server error"}
		return writeError(w, e), e.code
	}
	ct := f.ContentType
	if ct == "" {
		ct = http.DetectContentType([]byte(f.Body))
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Length", strconv.Itoa(len(f.Body)))
	w.WriteHeader(f.Status)
	_, _ = w.Write([]byte(f.Body))
	return f.Status, ""
}
