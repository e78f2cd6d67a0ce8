package cognitopassword

import (
	"fmt"
	"strings"

	"github.com/cognitokit/cognitopassword/internal/endpoint"
)

// RegionMismatchError is returned, before any I/O, when a user pool id's
// region prefix differs from the region of the AWS endpoint the call would
// go to (the default one, a BaseEndpoint or what a resolver returned). The service would answer with a misleading
// ResourceNotFoundException.
type RegionMismatchError struct {
	// UserPoolID is the pool id of the input.
	UserPoolID string
	// PoolRegion is the region the pool id names.
	PoolRegion string
	// ClientRegion is the client's region.
	ClientRegion string
}

// Error names both regions and the fix.
func (e *RegionMismatchError) Error() string {
	return fmt.Sprintf("user pool %s is in region %s but the client is configured for region %s; set Options.Region to %s",
		e.UserPoolID, e.PoolRegion, e.ClientRegion, e.PoolRegion)
}

// checkPoolRegion compares a pool id's region prefix with the region of the
// endpoint when it is an AWS Cognito host (whichever way it was resolved);
// an emulator's or a proxy's host is not checked.
func checkPoolRegion(cc *callConfig, poolID string) error {
	if poolID == "" || cc.endpoint.awsRegion == "" || cc.opts.DisableRegionCheck {
		return nil
	}
	i := strings.LastIndexByte(poolID, '_')
	if i <= 0 {
		return nil
	}
	poolRegion := poolID[:i]
	// fips-us-east-1, us-fips-east-1 and us-east-1-fips name the us-east-1
	// pools.
	region := cc.endpoint.awsRegion
	if strings.EqualFold(poolRegion, region) {
		return nil
	}
	clientRegion := cc.opts.Region
	if !strings.EqualFold(endpoint.BaseRegion(clientRegion), region) {
		// A resolver chose another region's host.
		clientRegion = region
	}
	return &RegionMismatchError{UserPoolID: poolID, PoolRegion: poolRegion, ClientRegion: clientRegion}
}
