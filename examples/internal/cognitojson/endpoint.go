package cognitojson

import (
	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/cognitokit/cognitopassword"
	"github.com/cognitokit/cognitopassword/internal/endpoint"
)

// Endpoint returns where the plain JSON requests go for a client with
// options o, which is where the client itself sends its requests: the
// BaseEndpoint when one is configured, else Cognito's endpoint for the
// Region, with its partition's domain (amazonaws.com.cn for cn-north-1…)
// and the FIPS and dual-stack settings, resolved as the library resolves
// it.
func Endpoint(o cognitopassword.Options) (string, error) {
	u, err := endpoint.Resolve(endpoint.Params{
		Region:       o.Region,
		UseFIPS:      o.EndpointOptions.UseFIPSEndpoint == aws.FIPSEndpointStateEnabled,
		UseDualStack: o.EndpointOptions.UseDualStackEndpoint == aws.DualStackEndpointStateEnabled,
		BaseEndpoint: o.BaseEndpoint,
	})
	if err != nil {
		return "", err
	}
	return u.String(), nil
}
