// Package bench compares the cost of a call through cognitopassword with the
// official client (service/cognitoidentityprovider v1.61.0) and with the
// floor: a raw net/http POST of the same prebuilt body, SigV4-signed with
// aws-sdk-go-v2's signer for the two admin operations.
//
// Benchmark names are Benchmark<Kind>/<operation>/<transport>/<variant>:
// Kind is Call (one goroutine) or Parallel (b.RunParallel over one shared
// client); transport is loopback (an httptest server) or memory (an
// HTTPClient whose Do returns a canned response); variant is ours, official,
// floor or signedfloor (the two signed operations).
//
// BenchmarkSRP/<variant> measures the SRP client computation (internal/srp)
// against github.com/alexrudd/cognito-srp/v4; srp_check_test.go checks that
// both compute valid claims and shows where alexrudd's TIMESTAMP differs.
//
// scripts/bench.sh runs them, builds the programs under sizes/ and writes
// BENCHMARKS.md with cmd/benchreport.
package bench
