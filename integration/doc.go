// Package integration runs one suite of password scenarios against real
// servers: cognito-local (the Node.js Cognito emulator, started by
// ../scripts/cognito-local.sh) and cognitotest (this repository's in-process
// fake). It is a separate module so that the official client
// (service/cognitoidentityprovider), which the suite uses only to create
// pools, app clients and users and to sign in, never becomes a dependency of
// the library.
//
// # Running
//
//	cd integration && go test -race -count=1 ./...
//
// TestMain starts cognito-local on 127.0.0.1 with a fresh data directory
// (installing cognito-local@5.3.0 from npm into ../.cache/cognito-local the
// first time) and stops it when the tests end, pass or fail. To use an
// instance started by hand instead, set COGNITO_LOCAL_ENDPOINT and
// COGNITO_LOCAL_DATA_DIR (scripts/cognito-local.sh env prints them). Set
// COGNITO_LOCAL=skip to run the cognitotest backend only, on a machine
// without Node.js.
//
// RESULTS.md is the scenario × backend table of the last full run. A full
// run fails when the table it produces differs from the file; regenerate it
// with INTEGRATION_UPDATE_RESULTS=1.
package integration
