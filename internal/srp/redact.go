package srp

import (
	"encoding/json"

	"github.com/cognitokit/cognitopassword/internal/redact"
)

// marshalFields writes fields as a JSON object of strings, sensitive values
// masked, in their order.
func marshalFields(fields []redact.Field) ([]byte, error) {
	b := []byte{'{'}
	for i, f := range fields {
		if i > 0 {
			b = append(b, ',')
		}
		v := f.Str
		if f.Kind == redact.Sensitive && v != "" {
			v = redact.Mask
		}
		name, err := json.Marshal(f.Name)
		if err != nil {
			return nil, err
		}
		value, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		b = append(b, name...)
		b = append(b, ':')
		b = append(b, value...)
	}
	return append(b, '}'), nil
}
