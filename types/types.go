package types

import (
	"encoding/json"
	"fmt"
	"log/slog"
)

// redacted is what the fmt verbs and slog print in place of a sensitive value.
const redacted = "[redacted]"

// AnalyticsMetadataType is the Amazon Pinpoint analytics metadata that
// contributes to the user's analytics.
type AnalyticsMetadataType struct {
	// AnalyticsEndpointId is the Amazon Pinpoint endpoint ID.
	AnalyticsEndpointId string
}

// UserContextDataType carries the user's IP address and device fingerprint for
// threat protection. It is treated as sensitive: the fmt verbs and slog print
// only which members are set.
type UserContextDataType struct {
	// IpAddress is the source IP address of the user's device.
	IpAddress string
	// EncodedData is the device fingerprint collected with the Amazon Cognito
	// context data collection library.
	EncodedData string
}

// String returns a redacted description.
func (u UserContextDataType) String() string {
	return "{IpAddress:" + redact(u.IpAddress) + " EncodedData:" + redact(u.EncodedData) + "}"
}

// GoString returns a redacted description for %#v.
func (u UserContextDataType) GoString() string {
	return "types.UserContextDataType{IpAddress:" + quoteRedact(u.IpAddress) + ", EncodedData:" + quoteRedact(u.EncodedData) + "}"
}

// Format prints a redacted description for every verb.
func (u UserContextDataType) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = f.Write([]byte(u.GoString()))
		return
	}
	_, _ = f.Write([]byte(u.String()))
}

// LogValue implements slog.LogValuer with the members redacted.
func (u UserContextDataType) LogValue() slog.Value {
	return slog.GroupValue(slog.String("IpAddress", redact(u.IpAddress)), slog.String("EncodedData", redact(u.EncodedData)))
}

// MarshalJSON encodes the members redacted, so that encoding/json and
// log/slog's JSON handler never carry them.
func (u UserContextDataType) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct{ IpAddress, EncodedData string }{redact(u.IpAddress), redact(u.EncodedData)})
}

// DeliveryMediumType is the way Amazon Cognito delivered a code.
type DeliveryMediumType string

// The values of DeliveryMediumType.
const (
	DeliveryMediumTypeSms   DeliveryMediumType = "SMS"
	DeliveryMediumTypeEmail DeliveryMediumType = "EMAIL"
)

// Values returns every known value of DeliveryMediumType. The service may add
// values; they decode as they are.
func (DeliveryMediumType) Values() []DeliveryMediumType {
	return []DeliveryMediumType{DeliveryMediumTypeSms, DeliveryMediumTypeEmail}
}

// CodeDeliveryDetailsType says where and how Amazon Cognito sent a code. The
// destination is masked by the service (for example "a***@e***").
type CodeDeliveryDetailsType struct {
	// Destination is the masked email address or phone number.
	Destination string
	// DeliveryMedium is SMS or EMAIL.
	DeliveryMedium DeliveryMediumType
	// AttributeName is the attribute the code verifies, such as "email".
	AttributeName string
}

func redact(s string) string {
	if s == "" {
		return ""
	}
	return redacted
}

func quoteRedact(s string) string {
	if s == "" {
		return `""`
	}
	return `"` + redacted + `"`
}
