// Package endpoint resolves the endpoint of Amazon Cognito user pools
// (service "cognito-idp") the way the official client,
// github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider v1.61.0, does
// when it sends a request.
//
// That client's behaviour is made of three steps, all reproduced here:
//
//  1. Before each operation it looks for a FIPS pseudo-region ("fips-" or
//     "-fips" in the region, such as "fips-us-east-1" or "us-east-1-fips")
//     and, if it finds one, turns FIPS on.
//  2. When it binds the endpoint parameters it rejects a region that is not
//     a valid host name (one or more RFC 1123 labels joined by dots), then
//     strips the FIPS markers from the region.
//  3. It evaluates the service's endpoint rules (a decision diagram in the
//     official endpoints.go) against the region, the FIPS and dual-stack
//     flags, the base endpoint and the partition of the region.
//
// The partition table comes from aws-sdk-go-v2 v1.47.7; see partitions.go.
package endpoint

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/cognitokit/cognitopassword/internal/redact"
)

// Params are the inputs of resolution.
type Params struct {
	// Region is the AWS Region, such as "eu-west-1". It may be empty when
	// BaseEndpoint is set. A FIPS pseudo-region such as "fips-us-east-1" or
	// "us-east-1-fips" is mapped to its region ("us-east-1") and turns FIPS
	// on, as in the official client.
	Region string
	// UseFIPS selects the FIPS endpoint.
	UseFIPS bool
	// UseDualStack selects the dual-stack (IPv4 and IPv6) endpoint.
	UseDualStack bool
	// BaseEndpoint overrides the endpoint; "" means unset. When set it is
	// returned as url.Parse gives it, path prefix kept, unless FIPS or
	// dual-stack is on, which is an error.
	BaseEndpoint string
	// RegionBound says that Region has already been validated and had its
	// FIPS markers removed (with UseFIPS set accordingly), as the official
	// client's bindRegion does before its endpoint rules run: Resolve then
	// takes Region as it is, as those rules do.
	RegionBound bool
}

// The errors of resolution. Their texts follow the official rules' messages,
// prefixed and lower-cased per Go style. An error returned by Resolve wraps at
// most one of them, with detail, so test with errors.Is.
var (
	// ErrMissingRegion is returned when neither a region nor a base
	// endpoint is given.
	ErrMissingRegion = errors.New("endpoint: invalid configuration: missing region")
	// ErrInvalidRegion is returned when the region is not a valid host
	// name: one or more labels of 1 to 63 ASCII letters, digits and
	// hyphens, not starting or ending with a hyphen, joined by dots.
	ErrInvalidRegion = errors.New("endpoint: invalid input region")
	// ErrFIPSWithCustomEndpoint is returned when FIPS is on (directly or by
	// a FIPS pseudo-region) together with a base endpoint.
	ErrFIPSWithCustomEndpoint = errors.New("endpoint: invalid configuration: FIPS and custom endpoint are not supported")
	// ErrDualStackWithCustomEndpoint is returned when dual-stack is on
	// together with a base endpoint.
	ErrDualStackWithCustomEndpoint = errors.New("endpoint: invalid configuration: dualstack and custom endpoint are not supported")
	// ErrFIPSNotSupported is returned when FIPS is on and the region's
	// partition has no FIPS endpoints.
	ErrFIPSNotSupported = errors.New("endpoint: FIPS is enabled but this partition does not support FIPS")
	// ErrDualStackNotSupported is returned when dual-stack is on and the
	// region's partition has no dual-stack endpoints.
	ErrDualStackNotSupported = errors.New("endpoint: DualStack is enabled but this partition does not support DualStack")
	// ErrFIPSAndDualStackNotSupported is returned when both FIPS and
	// dual-stack are on and the region's partition lacks either.
	ErrFIPSAndDualStackNotSupported = errors.New("endpoint: FIPS and DualStack are enabled, but this partition does not support one or both")
)

// partition is one entry of the partition table: the outputs that the
// official rules read from awsrulesfn.GetPartition.
type partition struct {
	name               string
	dnsSuffix          string
	dualStackDNSSuffix string
	supportsFIPS       bool
	supportsDualStack  bool
	regionRegex        *regexp.Regexp
	regions            []string
}

// defaultPartition is the partition of a region that neither names nor
// matches any other, as in awsrulesfn.
const defaultPartition = "aws"

// Resolve returns the endpoint URL (scheme://host[/path]) with no trailing
// slash added/removed relative to what the rules give. The URL is newly
// allocated and the caller may modify it.
//
// Resolve returns an error that wraps one of the Err values of this package,
// or, for a BaseEndpoint that url.Parse rejects, the *url.Error.
func Resolve(p Params) (*url.URL, error) {
	return resolve(p, partitions[:])
}

// Partition returns the partition name ("aws", "aws-cn", ...) of a region, as
// GetPartition would: a region listed in a partition, else the first
// partition whose region pattern matches, else "aws". Like GetPartition it
// neither validates the region nor maps FIPS pseudo-regions, so
// Partition("fips-us-gov-west-1") is "aws" while Partition("us-gov-west-1")
// is "aws-us-gov".
func Partition(region string) string {
	if part := lookupPartition(region, partitions[:]); part != nil {
		return part.name
	}
	return ""
}

// resolve is Resolve over a given partition table, so that tests can reach
// the branches for partitions without FIPS or dual-stack, which the real
// table does not have.
func resolve(p Params, parts []partition) (*url.URL, error) {
	// Steps 1 and 2 (the client's option finalisation and bindRegion). The
	// region is validated before it is mapped, and even when BaseEndpoint
	// is set, as the official client does.
	regionSet := p.Region != ""
	region := p.Region
	useFIPS := p.UseFIPS
	if regionSet && !p.RegionBound {
		if !validHostName(region) {
			return nil, fmt.Errorf("%w %q", ErrInvalidRegion, region)
		}
		var pseudo bool
		region, pseudo = mapFIPSRegion(region)
		useFIPS = useFIPS || pseudo
	}

	// Step 3, the rules.
	if p.BaseEndpoint != "" {
		if useFIPS {
			return nil, ErrFIPSWithCustomEndpoint
		}
		if p.UseDualStack {
			return nil, ErrDualStackWithCustomEndpoint
		}
		u, err := url.Parse(p.BaseEndpoint)
		if err != nil {
			var ue *url.Error
			if hidden := redact.URL(p.BaseEndpoint); hidden != p.BaseEndpoint && errors.As(err, &ue) {
				// The URL holds user information, which may be
				// credentials, and the parser's message may quote part
				// of it: keep neither.
				err = &url.Error{Op: ue.Op, URL: hidden, Err: errors.New("invalid URL")}
			}
			return nil, fmt.Errorf("endpoint: failed to parse base endpoint: %w", err)
		}
		return u, nil
	}
	if !regionSet {
		return nil, ErrMissingRegion
	}
	part := lookupPartition(region, parts)
	if part == nil {
		// The official rules give "Missing Region" when GetPartition
		// finds nothing; with a table that has "aws" it never happens.
		return nil, ErrMissingRegion
	}

	var host string
	switch {
	case useFIPS && p.UseDualStack:
		if !part.supportsFIPS || !part.supportsDualStack {
			return nil, fmt.Errorf("%w (partition %q)", ErrFIPSAndDualStackNotSupported, part.name)
		}
		switch region {
		case "us-east-1", "us-east-2", "us-west-1", "us-west-2":
			// These four have no FIPS dual-stack name of their own in
			// the rules: they get the FIPS IPv4-only name. The rules
			// test the region name alone, not the partition, but the
			// four names always fall in "aws".
			host = "cognito-idp-fips." + region + ".amazonaws.com"
		default:
			host = "cognito-idp-fips." + region + "." + part.dualStackDNSSuffix
		}
	case useFIPS:
		if !part.supportsFIPS {
			return nil, fmt.Errorf("%w (partition %q)", ErrFIPSNotSupported, part.name)
		}
		host = "cognito-idp-fips." + region + "." + part.dnsSuffix
	case p.UseDualStack:
		if !part.supportsDualStack {
			return nil, fmt.Errorf("%w (partition %q)", ErrDualStackNotSupported, part.name)
		}
		if part.name == "aws" {
			// Cognito's rules give the plain regional name for
			// dual-stack in the aws partition, in every region.
			host = "cognito-idp." + region + ".amazonaws.com"
		} else {
			host = "cognito-idp." + region + "." + part.dualStackDNSSuffix
		}
	default:
		host = "cognito-idp." + region + "." + part.dnsSuffix
	}
	// url.Parse("https://" + host) gives exactly this: host holds only
	// ASCII letters, digits, '-' and '.', so there is nothing to parse or
	// escape.
	return &url.URL{Scheme: "https", Host: host}, nil
}

// lookupPartition finds the partition of region as awsrulesfn.GetPartition
// does, or returns nil if parts has no match and no "aws" partition.
func lookupPartition(region string, parts []partition) *partition {
	for i := range parts {
		for _, r := range parts[i].regions {
			if r == region {
				return &parts[i]
			}
		}
	}
	for i := range parts {
		if parts[i].regionRegex.MatchString(region) {
			return &parts[i]
		}
	}
	for i := range parts {
		if parts[i].name == defaultPartition {
			return &parts[i]
		}
	}
	return nil
}

// validHostName reports whether s is one or more valid host labels joined by
// dots, as rulesfn.IsValidHostLabel(s, true) in smithy-go does: each label
// is 1 to 63 bytes of ASCII letters, digits and '-', and neither starts nor
// ends with '-'.
//
// Dots are allowed, so a region such as "evil.com" or "us-east-1.example"
// passes, as it does in the official client, and ends up inside the
// service's own domain ("cognito-idp.evil.com.amazonaws.com"). Nothing that
// could leave the host (such as '/', '@', ':', '?', '#', '%', '\\', spaces
// or non-ASCII) passes.
func validHostName(s string) bool {
	for {
		label, rest, more := strings.Cut(s, ".")
		if !validHostLabel(label) {
			return false
		}
		if !more {
			return true
		}
		s = rest
	}
}

// validHostLabel reports whether label is a valid host label, as
// smithyhttp.ValidHostLabel plus the hyphen rule of rulesfn.IsValidHostLabel.
func validHostLabel(label string) bool {
	if n := len(label); n == 0 || n > 63 {
		return false
	}
	for i := 0; i < len(label); i++ {
		c := label[i]
		switch {
		case c >= '0' && c <= '9', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '-':
		default:
			return false
		}
	}
	return label[0] != '-' && label[len(label)-1] != '-'
}

// mapFIPSRegion strips the FIPS markers from a pseudo-region as
// endpoints.MapFIPSRegion in aws-sdk-go-v2 does, and reports whether there
// were any: the official client then turns FIPS on.
//
// The replacements run in the official order and are purely textual, so
// odd inputs give odd regions: "fips--fips" becomes "" and "fips--a"
// becomes "-a". The result still holds only letters, digits, '-' and '.'.
// BaseRegion returns region without its FIPS pseudo-region markers
// ("fips-us-east-1", "us-east-1-fips" and "us-fips-east-1" all give
// "us-east-1"), as the official client maps them.
func BaseRegion(region string) string {
	r, _ := mapFIPSRegion(region)
	return r
}

func mapFIPSRegion(region string) (string, bool) {
	const (
		fipsInfix  = "-fips-"
		fipsPrefix = "fips-"
		fipsSuffix = "-fips"
	)
	// fipsPrefix and fipsSuffix are substrings of fipsInfix, so these two
	// tests cover all three.
	if !strings.Contains(region, fipsPrefix) && !strings.Contains(region, fipsSuffix) {
		return region, false
	}
	region = strings.ReplaceAll(region, fipsInfix, "-")
	region = strings.ReplaceAll(region, fipsPrefix, "")
	region = strings.ReplaceAll(region, fipsSuffix, "")
	return region, true
}

// MapFIPSRegion returns region without its FIPS pseudo-region markers and
// whether it had any, as the official client's option finalisation does
// before it turns FIPS on.
func MapFIPSRegion(region string) (string, bool) {
	return mapFIPSRegion(region)
}

// ValidRegion reports whether region is one or more valid host labels
// joined by dots, the check the official client's bindRegion makes before
// the region reaches the endpoint rules.
func ValidRegion(region string) bool {
	return validHostName(region)
}

// HostRegion returns the region of an Amazon Cognito user-pool endpoint host
// of a known AWS partition ("cognito-idp.eu-west-1.amazonaws.com" and
// "cognito-idp-fips.us-gov-west-1.amazonaws.com" give "eu-west-1" and
// "us-gov-west-1") and false for any other host, such as an emulator's. host
// is a host name without a port; case and a final dot are ignored.
func HostRegion(host string) (string, bool) {
	h := strings.TrimSuffix(strings.ToLower(host), ".")
	rest, ok := strings.CutPrefix(h, "cognito-idp-fips.")
	if !ok {
		rest, ok = strings.CutPrefix(h, "cognito-idp.")
	}
	if !ok {
		return "", false
	}
	for i := range partitions {
		for _, suffix := range [...]string{partitions[i].dnsSuffix, partitions[i].dualStackDNSSuffix} {
			if region, ok := strings.CutSuffix(rest, "."+suffix); ok && region != "" {
				return region, true
			}
		}
	}
	return "", false
}
