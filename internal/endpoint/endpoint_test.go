package endpoint

// Every expected URL and error below is what the official client,
// github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider v1.61.0 with
// aws-sdk-go-v2 v1.47.7 and smithy-go v1.28.8, gives for the same inputs.
// They were checked with a throwaway program outside this repository that
// ran a real Client operation (ListUserPools, with an HTTP client that sends
// nothing and an EndpointResolverV2 wrapper that records what
// NewDefaultEndpointResolverV2().ResolveEndpoint returned), so the client's
// FIPS pseudo-region handling and bindRegion's validation were included. It
// compared the *url.URL values field by field and mapped each official error
// text to our sentinel: about 23,000 cases (every input in this file, every
// region of the table, and 20,000 random regions mixing "fips", '-', '.',
// and characters such as '/', '@', ':', ' ', '_', with and without FIPS,
// dual-stack and a base endpoint) and no differences. Partition was compared
// with awsrulesfn.GetPartition the same way.

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// variant names the four combinations of the FIPS and dual-stack flags.
type variant struct {
	name       string
	fips, dual bool
}

var variants = [4]variant{
	{"by default", false, false},
	{"with FIPS", true, false},
	{"with dual-stack", false, true},
	{"with FIPS and dual-stack", true, true},
}

func TestResolveGivesEachPartitionsNames(t *testing.T) {
	// want holds the endpoints in the order of variants.
	tests := []struct {
		partition string
		region    string
		want      [4]string
	}{
		{"aws", "eu-west-1", [4]string{
			"https://cognito-idp.eu-west-1.amazonaws.com",
			"https://cognito-idp-fips.eu-west-1.amazonaws.com",
			"https://cognito-idp.eu-west-1.amazonaws.com", // not api.aws: Cognito's rules say so
			"https://cognito-idp-fips.eu-west-1.api.aws",
		}},
		{"aws", "aws-global", [4]string{
			"https://cognito-idp.aws-global.amazonaws.com",
			"https://cognito-idp-fips.aws-global.amazonaws.com",
			"https://cognito-idp.aws-global.amazonaws.com",
			"https://cognito-idp-fips.aws-global.api.aws",
		}},
		{"aws", "ap-southeast-99", [4]string{ // matched by the pattern only
			"https://cognito-idp.ap-southeast-99.amazonaws.com",
			"https://cognito-idp-fips.ap-southeast-99.amazonaws.com",
			"https://cognito-idp.ap-southeast-99.amazonaws.com",
			"https://cognito-idp-fips.ap-southeast-99.api.aws",
		}},
		{"aws", "xx-made-up-1", [4]string{ // matched by nothing: the default partition
			"https://cognito-idp.xx-made-up-1.amazonaws.com",
			"https://cognito-idp-fips.xx-made-up-1.amazonaws.com",
			"https://cognito-idp.xx-made-up-1.amazonaws.com",
			"https://cognito-idp-fips.xx-made-up-1.api.aws",
		}},
		{"aws-cn", "cn-north-1", [4]string{
			"https://cognito-idp.cn-north-1.amazonaws.com.cn",
			"https://cognito-idp-fips.cn-north-1.amazonaws.com.cn",
			"https://cognito-idp.cn-north-1.api.amazonwebservices.com.cn",
			"https://cognito-idp-fips.cn-north-1.api.amazonwebservices.com.cn",
		}},
		{"aws-cn", "cn-new-3", [4]string{
			"https://cognito-idp.cn-new-3.amazonaws.com.cn",
			"https://cognito-idp-fips.cn-new-3.amazonaws.com.cn",
			"https://cognito-idp.cn-new-3.api.amazonwebservices.com.cn",
			"https://cognito-idp-fips.cn-new-3.api.amazonwebservices.com.cn",
		}},
		{"aws-eusc", "eusc-de-east-1", [4]string{
			"https://cognito-idp.eusc-de-east-1.amazonaws.eu",
			"https://cognito-idp-fips.eusc-de-east-1.amazonaws.eu",
			"https://cognito-idp.eusc-de-east-1.api.amazonwebservices.eu",
			"https://cognito-idp-fips.eusc-de-east-1.api.amazonwebservices.eu",
		}},
		{"aws-iso", "us-iso-east-1", [4]string{
			"https://cognito-idp.us-iso-east-1.c2s.ic.gov",
			"https://cognito-idp-fips.us-iso-east-1.c2s.ic.gov",
			"https://cognito-idp.us-iso-east-1.api.aws.ic.gov",
			"https://cognito-idp-fips.us-iso-east-1.api.aws.ic.gov",
		}},
		{"aws-iso-b", "us-isob-east-1", [4]string{
			"https://cognito-idp.us-isob-east-1.sc2s.sgov.gov",
			"https://cognito-idp-fips.us-isob-east-1.sc2s.sgov.gov",
			"https://cognito-idp.us-isob-east-1.api.aws.scloud",
			"https://cognito-idp-fips.us-isob-east-1.api.aws.scloud",
		}},
		{"aws-iso-e", "eu-isoe-west-1", [4]string{
			"https://cognito-idp.eu-isoe-west-1.cloud.adc-e.uk",
			"https://cognito-idp-fips.eu-isoe-west-1.cloud.adc-e.uk",
			"https://cognito-idp.eu-isoe-west-1.api.cloud-aws.adc-e.uk",
			"https://cognito-idp-fips.eu-isoe-west-1.api.cloud-aws.adc-e.uk",
		}},
		{"aws-iso-f", "us-isof-south-1", [4]string{
			"https://cognito-idp.us-isof-south-1.csp.hci.ic.gov",
			"https://cognito-idp-fips.us-isof-south-1.csp.hci.ic.gov",
			"https://cognito-idp.us-isof-south-1.api.aws.hci.ic.gov",
			"https://cognito-idp-fips.us-isof-south-1.api.aws.hci.ic.gov",
		}},
		{"aws-us-gov", "us-gov-west-1", [4]string{
			"https://cognito-idp.us-gov-west-1.amazonaws.com",
			"https://cognito-idp-fips.us-gov-west-1.amazonaws.com",
			"https://cognito-idp.us-gov-west-1.api.aws", // unlike aws, gov dual-stack is api.aws
			"https://cognito-idp-fips.us-gov-west-1.api.aws",
		}},
	}
	covered := map[string]bool{}
	for _, tt := range tests {
		covered[tt.partition] = true
		for i, v := range variants {
			t.Run(fmt.Sprintf("%s in %s %s resolves to %s", tt.region, tt.partition, v.name, tt.want[i]), func(t *testing.T) {
				require.Equal(t, tt.partition, Partition(tt.region))
				u, err := Resolve(Params{Region: tt.region, UseFIPS: v.fips, UseDualStack: v.dual})
				require.NoError(t, err)
				assert.Equal(t, tt.want[i], u.String())
				assertParsed(t, tt.want[i], u)
			})
		}
	}
	t.Run("the table covers every partition", func(t *testing.T) {
		for _, p := range partitions {
			assert.True(t, covered[p.name], "partition %s has no case", p.name)
		}
		assert.Len(t, partitions, 8)
	})
}

func TestResolveGivesTheFourSpecialAWSRegionsTheirFIPSNameForDualStack(t *testing.T) {
	for _, region := range []string{"us-east-1", "us-east-2", "us-west-1", "us-west-2"} {
		fips := "https://cognito-idp-fips." + region + ".amazonaws.com"
		plain := "https://cognito-idp." + region + ".amazonaws.com"
		for i, want := range [4]string{plain, fips, plain, fips} {
			v := variants[i]
			t.Run(fmt.Sprintf("%s %s resolves to %s", region, v.name, want), func(t *testing.T) {
				u, err := Resolve(Params{Region: region, UseFIPS: v.fips, UseDualStack: v.dual})
				require.NoError(t, err)
				assertParsed(t, want, u)
			})
		}
	}
}

func TestResolveMapsFIPSPseudoRegionsAndTurnsFIPSOn(t *testing.T) {
	tests := []struct {
		region string
		dual   bool
		want   string
	}{
		{"fips-us-east-1", false, "https://cognito-idp-fips.us-east-1.amazonaws.com"},
		{"us-east-1-fips", false, "https://cognito-idp-fips.us-east-1.amazonaws.com"},
		{"us-fips-east-1", false, "https://cognito-idp-fips.us-east-1.amazonaws.com"},
		{"fips-us-east-1", true, "https://cognito-idp-fips.us-east-1.amazonaws.com"},
		{"fips-eu-west-1", true, "https://cognito-idp-fips.eu-west-1.api.aws"},
		{"fips-us-gov-west-1", false, "https://cognito-idp-fips.us-gov-west-1.amazonaws.com"},
		{"us-gov-west-1-fips", true, "https://cognito-idp-fips.us-gov-west-1.api.aws"},
		{"fips-cn-north-1", false, "https://cognito-idp-fips.cn-north-1.amazonaws.com.cn"},
		// The official replacements are textual, so these odd regions map
		// to odd hosts; they still hold only host characters.
		{"fips--fips", false, "https://cognito-idp-fips..amazonaws.com"},
		{"fips--a", false, "https://cognito-idp-fips.-a.amazonaws.com"},
		{"a.fips--fips.b", false, "https://cognito-idp-fips.a..b.amazonaws.com"},
	}
	for _, tt := range tests {
		for _, fips := range []bool{false, true} {
			name := fmt.Sprintf("%s with FIPS %v and dual-stack %v resolves to %s", tt.region, fips, tt.dual, tt.want)
			t.Run(name, func(t *testing.T) {
				u, err := Resolve(Params{Region: tt.region, UseFIPS: fips, UseDualStack: tt.dual})
				require.NoError(t, err)
				assertParsed(t, tt.want, u)
			})
		}
	}
	// The markers are matched case-sensitively and need a hyphen, so these
	// are ordinary regions and leave FIPS off.
	for _, tt := range []struct{ region, want string }{
		{"FIPS-us-east-1", "https://cognito-idp.FIPS-us-east-1.amazonaws.com"},
		{"fips", "https://cognito-idp.fips.amazonaws.com"},
		{"fipsus-east-1", "https://cognito-idp.fipsus-east-1.amazonaws.com"},
	} {
		t.Run(fmt.Sprintf("%s is not a pseudo-region and resolves to %s", tt.region, tt.want), func(t *testing.T) {
			u, err := Resolve(Params{Region: tt.region})
			require.NoError(t, err)
			assertParsed(t, tt.want, u)
		})
	}
}

func TestResolveReturnsTheBaseEndpointAsParsed(t *testing.T) {
	bases := []string{
		"https://example.com",
		"https://example.com/prefix",
		"https://example.com/prefix/",
		"http://127.0.0.1:9229",
		"http://[::1]:80/a?b=c#d",
		"localhost:9229", // parses as scheme "localhost", as in the official client
	}
	for _, base := range bases {
		for _, region := range []string{"", "us-east-1", "cn-north-1", "evil.com"} {
			t.Run(fmt.Sprintf("%s with region %q is returned unchanged", base, region), func(t *testing.T) {
				u, err := Resolve(Params{Region: region, BaseEndpoint: base})
				require.NoError(t, err)
				assert.Equal(t, base, u.String())
				assertParsed(t, base, u)
			})
		}
	}
	t.Run("a path prefix is kept with no slash added", func(t *testing.T) {
		u, err := Resolve(Params{Region: "us-east-1", BaseEndpoint: "https://proxy.example/cognito"})
		require.NoError(t, err)
		assert.Equal(t, "https", u.Scheme)
		assert.Equal(t, "proxy.example", u.Host)
		assert.Equal(t, "/cognito", u.Path)
	})
	t.Run("an unparsable base endpoint is a *url.Error", func(t *testing.T) {
		_, err := Resolve(Params{Region: "us-east-1", BaseEndpoint: "https://h/%zz"})
		require.Error(t, err)
		var ue *url.Error
		assert.ErrorAs(t, err, &ue)
		assert.True(t, strings.HasPrefix(err.Error(), "endpoint: "), err.Error())
	})
}

func TestResolveRejectsFIPSOrDualStackWithABaseEndpoint(t *testing.T) {
	const base = "https://example.com/prefix"
	tests := []struct {
		name string
		p    Params
		want error
	}{
		{"FIPS with a base endpoint is refused", Params{Region: "us-east-1", UseFIPS: true, BaseEndpoint: base}, ErrFIPSWithCustomEndpoint},
		{"FIPS with a base endpoint and no region is refused", Params{UseFIPS: true, BaseEndpoint: base}, ErrFIPSWithCustomEndpoint},
		{"a FIPS pseudo-region with a base endpoint is refused as FIPS", Params{Region: "fips-us-east-1", BaseEndpoint: base}, ErrFIPSWithCustomEndpoint},
		{"dual-stack with a base endpoint is refused", Params{Region: "us-east-1", UseDualStack: true, BaseEndpoint: base}, ErrDualStackWithCustomEndpoint},
		{"dual-stack with a base endpoint and no region is refused", Params{UseDualStack: true, BaseEndpoint: base}, ErrDualStackWithCustomEndpoint},
		{"FIPS and dual-stack with a base endpoint are refused for FIPS first", Params{Region: "us-east-1", UseFIPS: true, UseDualStack: true, BaseEndpoint: base}, ErrFIPSWithCustomEndpoint},
		{"an invalid region with a base endpoint is refused before the base endpoint is used", Params{Region: "a/b", BaseEndpoint: base}, ErrInvalidRegion},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := Resolve(tt.p)
			require.ErrorIs(t, err, tt.want)
			assert.Nil(t, u)
		})
	}
}

func TestResolveWithoutRegionOrBaseEndpointIsMissingRegion(t *testing.T) {
	for _, v := range variants {
		t.Run("an empty region "+v.name+" is a missing region", func(t *testing.T) {
			u, err := Resolve(Params{UseFIPS: v.fips, UseDualStack: v.dual})
			require.ErrorIs(t, err, ErrMissingRegion)
			assert.NotErrorIs(t, err, ErrInvalidRegion)
			assert.Nil(t, u)
		})
	}
}

func TestResolveRejectsRegionsThatAreNotHostNames(t *testing.T) {
	regions := []string{
		"us-east-1.evil.com/x",
		"us-east-1/",
		"a b",
		"ev@l",
		"user@evil.com",
		"us-east-1:443",
		"us-east-1?x=1",
		"us-east-1#frag",
		"us-east-1%2f",
		"us-east-1\\evil",
		"us-east-1\n",
		"us-east-1\r\nHost: evil",
		"x\x00",
		"us_east_1",
		"ü",
		"[::1]",
		".",
		"us-east-1.",
		".us-east-1",
		"a..b",
		"-us-east-1",
		"us-east-1-",
		"a.-b",
		strings.Repeat("a", 64),
	}
	for _, region := range regions {
		for _, v := range variants {
			t.Run(fmt.Sprintf("region %q %s is invalid", region, v.name), func(t *testing.T) {
				u, err := Resolve(Params{Region: region, UseFIPS: v.fips, UseDualStack: v.dual})
				require.ErrorIs(t, err, ErrInvalidRegion)
				assert.Nil(t, u)
				// The region is quoted, so it cannot forge log lines.
				assert.Equal(t, "endpoint: invalid input region "+fmt.Sprintf("%q", region), err.Error())
			})
		}
	}
}

func TestResolveAcceptsDottedRegionsInsideTheServiceDomain(t *testing.T) {
	// The official client validates the region with
	// rulesfn.IsValidHostLabel(region, true), which allows dots, so these
	// are accepted there too. The region can only add labels below the
	// partition's own domain.
	tests := []struct {
		region string
		want   string
	}{
		{"evil.com", "https://cognito-idp.evil.com.amazonaws.com"},
		{"us-east-1.evil.com", "https://cognito-idp.us-east-1.evil.com.amazonaws.com"},
		{"US-EAST-1", "https://cognito-idp.US-EAST-1.amazonaws.com"},
		{strings.Repeat("a", 63), "https://cognito-idp." + strings.Repeat("a", 63) + ".amazonaws.com"},
		{strings.Repeat("a", 63) + "." + strings.Repeat("b", 63), "https://cognito-idp." + strings.Repeat("a", 63) + "." + strings.Repeat("b", 63) + ".amazonaws.com"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("region %q resolves to %s", tt.region, tt.want), func(t *testing.T) {
			u, err := Resolve(Params{Region: tt.region})
			require.NoError(t, err)
			assertParsed(t, tt.want, u)
		})
	}
}

func TestResolveRefusesFeaturesThatAPartitionLacks(t *testing.T) {
	// The real table has FIPS and dual-stack in every partition, so these
	// branches of the official rules are reached only with a made-up table,
	// and their expected values come from reading the official decision
	// diagram (bddNodes and resolveResult in endpoints.go), not from running
	// it.
	parts := []partition{
		{name: "nof", dnsSuffix: "nof.example", dualStackDNSSuffix: "ds.nof.example", supportsDualStack: true, regionRegex: regexp.MustCompile(`^nof-\d+$`)},
		{name: "nodual", dnsSuffix: "nodual.example", dualStackDNSSuffix: "ds.nodual.example", supportsFIPS: true, regionRegex: regexp.MustCompile(`^nodual-\d+$`)},
		{name: "aws", dnsSuffix: "none.example", dualStackDNSSuffix: "ds.none.example", regionRegex: regexp.MustCompile(`^none-\d+$`)},
		{name: "aws", dnsSuffix: "full.example", dualStackDNSSuffix: "ds.full.example", supportsFIPS: true, supportsDualStack: true, regionRegex: regexp.MustCompile(`^full-\d+$`)},
	}
	tests := []struct {
		region string
		v      variant
		want   string
		err    error
	}{
		{"nof-1", variants[0], "https://cognito-idp.nof-1.nof.example", nil},
		{"nof-1", variants[1], "", ErrFIPSNotSupported},
		{"nof-1", variants[2], "https://cognito-idp.nof-1.ds.nof.example", nil},
		{"nof-1", variants[3], "", ErrFIPSAndDualStackNotSupported},
		{"nodual-1", variants[0], "https://cognito-idp.nodual-1.nodual.example", nil},
		{"nodual-1", variants[1], "https://cognito-idp-fips.nodual-1.nodual.example", nil},
		{"nodual-1", variants[2], "", ErrDualStackNotSupported},
		{"nodual-1", variants[3], "", ErrFIPSAndDualStackNotSupported},
		// A partition without the features is refused even when named
		// "aws".
		{"none-1", variants[0], "https://cognito-idp.none-1.none.example", nil},
		{"none-1", variants[1], "", ErrFIPSNotSupported},
		{"none-1", variants[2], "", ErrDualStackNotSupported},
		{"none-1", variants[3], "", ErrFIPSAndDualStackNotSupported},
		// The rules test the partition's name, not its suffix, to give
		// amazonaws.com for dual-stack without FIPS.
		{"full-1", variants[0], "https://cognito-idp.full-1.full.example", nil},
		{"full-1", variants[1], "https://cognito-idp-fips.full-1.full.example", nil},
		{"full-1", variants[2], "https://cognito-idp.full-1.amazonaws.com", nil},
		{"full-1", variants[3], "https://cognito-idp-fips.full-1.ds.full.example", nil},
	}
	for _, tt := range tests {
		name := fmt.Sprintf("%s %s resolves to %s", tt.region, tt.v.name, tt.want)
		if tt.err != nil {
			name = fmt.Sprintf("%s %s is refused", tt.region, tt.v.name)
		}
		t.Run(name, func(t *testing.T) {
			u, err := resolve(Params{Region: tt.region, UseFIPS: tt.v.fips, UseDualStack: tt.v.dual}, parts)
			if tt.err != nil {
				require.ErrorIs(t, err, tt.err)
				assert.Contains(t, err.Error(), `partition "`)
				assert.Nil(t, u)
				return
			}
			require.NoError(t, err)
			assertParsed(t, tt.want, u)
		})
	}
	t.Run("a table without a match or an aws partition gives a missing region", func(t *testing.T) {
		_, err := resolve(Params{Region: "us-east-1"}, parts[:2])
		require.ErrorIs(t, err, ErrMissingRegion)
	})
}

func TestPartitionFindsTheRegionsPartitionLikeGetPartition(t *testing.T) {
	tests := []struct {
		region, want string
	}{
		{"us-east-1", "aws"},
		{"aws-global", "aws"},
		{"ap-southeast-99", "aws"},
		{"xx-made-up-1", "aws"},
		{"", "aws"},
		{"cn-north-1", "aws-cn"},
		{"aws-cn-global", "aws-cn"},
		{"cn-new-3", "aws-cn"},
		{"cn-made-up-9", "aws"}, // \w does not match '-'
		{"eusc-de-east-1", "aws-eusc"},
		{"eusc-de-west-7", "aws-eusc"},
		{"eusc-fr-east-1", "aws"},
		{"us-iso-east-1", "aws-iso"},
		{"aws-iso-global", "aws-iso"},
		{"us-iso-made-2", "aws-iso"},
		{"us-isob-east-1", "aws-iso-b"},
		{"aws-iso-b-global", "aws-iso-b"},
		{"eu-isoe-west-1", "aws-iso-e"},
		{"aws-iso-e-global", "aws-iso-e"},
		{"us-isof-south-1", "aws-iso-f"},
		{"aws-iso-f-global", "aws-iso-f"},
		{"us-gov-west-1", "aws-us-gov"},
		{"aws-us-gov-global", "aws-us-gov"},
		{"us-gov-new-6", "aws-us-gov"},
		{"US-GOV-WEST-1", "aws"},      // the patterns are case-sensitive
		{"fips-us-gov-west-1", "aws"}, // not mapped, as in GetPartition
		{"us-gov-west-1-fips", "aws"}, // not mapped, as in GetPartition
		{"us-east-1\n", "aws"},        // not validated, as in GetPartition
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("region %q is in %s", tt.region, tt.want), func(t *testing.T) {
			assert.Equal(t, tt.want, Partition(tt.region))
		})
	}
	t.Run("every listed region is in its own partition", func(t *testing.T) {
		for _, p := range partitions {
			for _, r := range p.regions {
				assert.Equal(t, p.name, Partition(r), r)
			}
		}
	})
}

func TestErrorsSayWhatTheOfficialOnesSay(t *testing.T) {
	official := []struct {
		err  error
		text string
	}{
		{ErrMissingRegion, "Invalid Configuration: Missing Region"},
		{ErrInvalidRegion, "invalid input region"},
		{ErrFIPSWithCustomEndpoint, "Invalid Configuration: FIPS and custom endpoint are not supported"},
		{ErrDualStackWithCustomEndpoint, "Invalid Configuration: Dualstack and custom endpoint are not supported"},
		{ErrFIPSNotSupported, "FIPS is enabled but this partition does not support FIPS"},
		{ErrDualStackNotSupported, "DualStack is enabled but this partition does not support DualStack"},
		{ErrFIPSAndDualStackNotSupported, "FIPS and DualStack are enabled, but this partition does not support one or both"},
	}
	for _, tt := range official {
		t.Run(fmt.Sprintf("%q says %q", tt.err, tt.text), func(t *testing.T) {
			msg, ok := strings.CutPrefix(tt.err.Error(), "endpoint: ")
			require.True(t, ok)
			assert.True(t, strings.EqualFold(tt.text, msg), msg)
			for _, other := range official {
				if other.err != tt.err {
					assert.False(t, errors.Is(tt.err, other.err))
				}
			}
		})
	}
}

func TestResolveReturnsAFreshURLEachTime(t *testing.T) {
	p := Params{Region: "eu-west-1"}
	u, err := Resolve(p)
	require.NoError(t, err)
	u.Host = "changed.example"
	u, err = Resolve(p)
	require.NoError(t, err)
	assert.Equal(t, "cognito-idp.eu-west-1.amazonaws.com", u.Host)
}

func TestResolveAllocatesOnlyTheHostAndTheURL(t *testing.T) {
	for _, v := range variants {
		p := Params{Region: "eu-west-1", UseFIPS: v.fips, UseDualStack: v.dual}
		allocs := testing.AllocsPerRun(100, func() {
			if _, err := Resolve(p); err != nil {
				t.Fatal(err)
			}
		})
		assert.LessOrEqual(t, allocs, 2.0, v.name)
	}
}

func BenchmarkResolve(b *testing.B) {
	p := Params{Region: "eu-west-1", UseFIPS: true}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Resolve(p); err != nil {
			b.Fatal(err)
		}
	}
}

// assertParsed checks that u is exactly what url.Parse gives for want, field
// by field, as the official resolver returns url.Parse's result.
func assertParsed(t *testing.T, want string, u *url.URL) {
	t.Helper()
	parsed, err := url.Parse(want)
	require.NoError(t, err)
	require.NotNil(t, u)
	assert.Equal(t, *parsed, *u)
}

func TestHostRegionNamesTheRegionOfAWSCognitoHostsOnly(t *testing.T) {
	cases := []struct {
		name, host, want string
		ok               bool
	}{
		{"a regional host gives its region", "cognito-idp.eu-west-1.amazonaws.com", "eu-west-1", true},
		{"a FIPS host gives its region", "cognito-idp-fips.us-gov-west-1.amazonaws.com", "us-gov-west-1", true},
		{"a dual-stack host gives its region", "cognito-idp.cn-north-1.api.amazonwebservices.com.cn", "cn-north-1", true},
		{"case and a final dot are ignored", "COGNITO-IDP.EU-WEST-1.AMAZONAWS.COM.", "eu-west-1", true},
		{"an emulator is not an AWS host", "localhost", "", false},
		{"another service is not a Cognito host", "s3.eu-west-1.amazonaws.com", "", false},
		{"an unknown suffix is not an AWS host", "cognito-idp.eu-west-1.example.com", "", false},
		{"a host with no region is not a regional host", "cognito-idp.amazonaws.com", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := HostRegion(tc.host)
			assert.Equal(t, tc.ok, ok)
			assert.Equal(t, tc.want, got)
		})
	}
}
