package cli

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/smithy-go/logging"

	cognitopassword "github.com/cognitokit/cognitopassword"
)

// loadConfig loads the AWS configuration the usual way, with --region and
// --profile applied.
func (e *env) loadConfig(ctx context.Context) (aws.Config, error) {
	var opts []func(*config.LoadOptions) error
	if e.g.region != "" {
		opts = append(opts, config.WithRegion(e.g.region))
	}
	if e.g.profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(e.g.profile))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		var pne config.SharedConfigProfileNotExistError
		if errors.As(err, &pne) {
			return aws.Config{}, fmt.Errorf("--profile %s: %w", pne.Profile, err)
		}
		return aws.Config{}, fmt.Errorf("load AWS configuration: %w", err)
	}
	return cfg, nil
}

// clientParams are what a command adds to the configuration.
type clientParams struct {
	signed bool // the operation is SigV4-signed: check credentials first
}

// newClient returns a client built from the AWS configuration and the
// global flags. For signed operations it retrieves the credentials first,
// so that a missing or expired login fails before any prompt or request.
func (e *env) newClient(ctx context.Context, p clientParams) (*cognitopassword.Client, error) {
	cfg, err := e.loadConfig(ctx)
	if err != nil {
		return nil, err
	}
	if cfg.Region == "" && e.g.endpointURL == "" {
		return nil, usagef("no AWS Region: use --region, AWS_REGION or a profile with a region")
	}
	if p.signed {
		if cfg.Credentials == nil {
			return nil, fmt.Errorf("%w", cognitopassword.ErrMissingCredentials)
		}
		if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
			return nil, fmt.Errorf("%w: %w", errCredentials, err)
		}
	}
	var optFns []func(*cognitopassword.Options)
	if e.g.endpointURL != "" {
		optFns = append(optFns, cognitopassword.WithBaseEndpoint(e.g.endpointURL))
	}
	if e.g.debug {
		optFns = append(optFns, func(o *cognitopassword.Options) {
			o.Logger = logging.NewStandardLogger(printableWriter{e.stderr})
			o.ClientLogMode = aws.LogRequest | aws.LogRequestWithBody | aws.LogResponse | aws.LogResponseWithBody | aws.LogRetries
		})
		fmt.Fprintf(e.stderr, "debug: region=%q endpoint=%q profile=%q\n", cfg.Region, e.g.endpointURL, e.g.profile)
	}
	if bc, ok := cfg.HTTPClient.(*awshttp.BuildableClient); ok {
		// The SDK's transport (with AWS_CA_BUNDLE and the like applied), in
		// a client whose connections the command closes when it is done.
		tr := bc.GetTransport()
		cfg.HTTPClient = &http.Client{
			Transport: tr,
			// Cognito never redirects; a redirect would resend a secret
			// elsewhere.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
		e.cleanups = append(e.cleanups, tr.CloseIdleConnections)
	}
	return cognitopassword.NewFromConfig(cfg, optFns...), nil
}
