// Package localaws points the AWS SDK's configuration of this process at a
// cognitotest server's credentials and region, away from the developer's
// ~/.aws and any AWS variables in the environment. The tests and the demo
// use it; the command itself never does.
package localaws

import (
	"os"

	"github.com/cognitokit/cognitopassword/cognitotest"
)

// cleared are the variables that would otherwise choose a profile,
// credentials, region or endpoint.
var cleared = []string{
	"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL",
	"AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", "AWS_DEFAULT_REGION", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE",
	"AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
}

// Use clears the AWS variables of the environment and sets the
// cognitotest default credentials and region, the given shared config and
// credentials files, and, when endpoint is not empty, the Cognito endpoint.
// Instance metadata is disabled.
func Use(configFile, credentialsFile, endpoint string) {
	for _, k := range cleared {
		os.Unsetenv(k)
	}
	os.Setenv("AWS_ACCESS_KEY_ID", cognitotest.DefaultAccessKeyID)
	os.Setenv("AWS_SECRET_ACCESS_KEY", cognitotest.DefaultSecretAccessKey)
	os.Setenv("AWS_REGION", cognitotest.DefaultRegion)
	os.Setenv("AWS_CONFIG_FILE", configFile)
	os.Setenv("AWS_SHARED_CREDENTIALS_FILE", credentialsFile)
	os.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	if endpoint != "" {
		os.Setenv("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", endpoint)
	}
}
