package cognitojson

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cognitokit/cognitopassword"
)

func TestEndpointIsWhereTheClientSends(t *testing.T) {
	fips := cognitopassword.EndpointOptions{UseFIPSEndpoint: aws.FIPSEndpointStateEnabled}
	for _, tc := range []struct {
		name string
		o    cognitopassword.Options
		want string
	}{
		{"a configured base endpoint wins", cognitopassword.Options{Region: "eu-west-1", BaseEndpoint: "http://127.0.0.1:9229/prefix"}, "http://127.0.0.1:9229/prefix"},
		{"a commercial region is under amazonaws.com", cognitopassword.Options{Region: "eu-west-1"}, "https://cognito-idp.eu-west-1.amazonaws.com"},
		{"a China region is under amazonaws.com.cn", cognitopassword.Options{Region: "cn-north-1"}, "https://cognito-idp.cn-north-1.amazonaws.com.cn"},
		{"FIPS gives the FIPS host", cognitopassword.Options{Region: "us-east-1", EndpointOptions: fips}, "https://cognito-idp-fips.us-east-1.amazonaws.com"},
		{"a FIPS pseudo-region gives the FIPS host", cognitopassword.Options{Region: "fips-us-east-1"}, "https://cognito-idp-fips.us-east-1.amazonaws.com"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Endpoint(tc.o)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestEndpointWithoutRegionOrBaseEndpointIsAnError(t *testing.T) {
	_, err := Endpoint(cognitopassword.Options{})
	require.ErrorContains(t, err, "missing region")
}
