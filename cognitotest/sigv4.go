package cognitotest

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"time"

	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

const (
	sigV4Algorithm = "AWS4-HMAC-SHA256"
	signingName    = "cognito-idp"
	amzDateFormat  = "20060102T150405Z"
)

// hasSigV4 reports whether r carries a SigV4 Authorization header.
func hasSigV4(r *http.Request) bool {
	return strings.HasPrefix(r.Header.Get("Authorization"), sigV4Algorithm+" ")
}

// sigV4Header is a parsed SigV4 Authorization header.
type sigV4Header struct {
	accessKeyID   string
	date          string
	region        string
	service       string
	signedHeaders []string
	signature     string
}

func parseSigV4(auth string) (sigV4Header, bool) {
	var h sigV4Header
	rest, ok := strings.CutPrefix(auth, sigV4Algorithm+" ")
	if !ok {
		return h, false
	}
	var credential, signed string
	for _, part := range strings.Split(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return h, false
		}
		switch k {
		case "Credential":
			credential = v
		case "SignedHeaders":
			signed = v
		case "Signature":
			h.signature = v
		}
	}
	scope := strings.Split(credential, "/")
	if len(scope) != 5 || scope[4] != "aws4_request" || signed == "" || h.signature == "" {
		return h, false
	}
	h.accessKeyID, h.date, h.region, h.service = scope[0], scope[1], scope[2], scope[3]
	h.signedHeaders = strings.Split(signed, ";")
	return h, true
}

// verifySigV4 checks the SigV4 signature of r against the configured
// credentials by signing a copy of the request, made of the received
// signed headers and body, with aws-sdk-go-v2's signer, and comparing the
// two signatures. The errors are those AWS JSON services return.
func (s *Server) verifySigV4(r *http.Request, body []byte, now time.Time) *apiError {
	auth := r.Header.Get("Authorization")
	if auth == "" {
		return newAPIError("MissingAuthenticationTokenException", "Missing Authentication Token")
	}
	h, ok := parseSigV4(auth)
	if !ok {
		return newAPIError("IncompleteSignatureException",
			"Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters of algorithm "+sigV4Algorithm+".")
	}
	creds := s.cfg.creds
	if h.accessKeyID != creds.AccessKeyID {
		return newAPIError("UnrecognizedClientException", "The security token included in the request is invalid.")
	}
	if creds.SessionToken != "" && r.Header.Get("X-Amz-Security-Token") != creds.SessionToken {
		return newAPIError("UnrecognizedClientException", "The security token included in the request is invalid.")
	}
	if h.service != signingName {
		return newAPIError("InvalidSignatureException", "Credential should be scoped to correct service: '"+signingName+"'.")
	}
	if h.region != s.cfg.region {
		return newAPIError("InvalidSignatureException", "Credential should be scoped to a valid region.")
	}
	amzDate := r.Header.Get("X-Amz-Date")
	signedAt, err := time.Parse(amzDateFormat, amzDate)
	if err != nil {
		return newAPIError("IncompleteSignatureException", "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
	}
	if h.date != signedAt.Format("20060102") {
		return newAPIError("InvalidSignatureException", "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"+h.date+"' != '"+signedAt.Format("20060102")+"'")
	}
	if s.cfg.maxSkew > 0 {
		now = now.UTC().Truncate(time.Second)
		mins := int(s.cfg.maxSkew / time.Minute)
		if signedAt.Before(now.Add(-s.cfg.maxSkew)) {
			return newAPIError("InvalidSignatureException", "Signature expired: "+amzDate+" is now earlier than "+
				now.Add(-s.cfg.maxSkew).Format(amzDateFormat)+" ("+now.Format(amzDateFormat)+" - "+itoa(mins)+" min.)")
		}
		if signedAt.After(now.Add(s.cfg.maxSkew)) {
			return newAPIError("InvalidSignatureException", "Signature not yet current: "+amzDate+" is still later than "+
				now.Add(s.cfg.maxSkew).Format(amzDateFormat)+" ("+now.Format(amzDateFormat)+" + "+itoa(mins)+" min.)")
		}
	}

	sum := sha256.Sum256(body)
	payloadHash := hex.EncodeToString(sum[:])
	if got := r.Header.Get("X-Amz-Content-Sha256"); got != "" && got != payloadHash {
		return newAPIError("InvalidSignatureException", "The provided 'x-amz-content-sha256' header does not match what was computed.")
	}

	// Rebuild the request from exactly the headers the client signed.
	u := *r.URL
	u.Scheme, u.Host = "http", r.Host
	re := &http.Request{Method: r.Method, URL: &u, Host: r.Host, Header: make(http.Header)}
	for _, name := range h.signedHeaders {
		switch name {
		case "host":
		case "content-length":
			re.ContentLength = int64(len(body))
		default:
			if vs, ok := r.Header[http.CanonicalHeaderKey(name)]; ok {
				re.Header[http.CanonicalHeaderKey(name)] = vs
			}
		}
	}
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, re, payloadHash, signingName, s.cfg.region, signedAt); err != nil {
		return newAPIError("InternalErrorException", "cognitotest: cannot compute the signature")
	}
	want, ok := parseSigV4(re.Header.Get("Authorization"))
	if !ok || strings.Join(want.signedHeaders, ";") != strings.Join(h.signedHeaders, ";") ||
		!hmac.Equal([]byte(want.signature), []byte(h.signature)) {
		return newAPIError("InvalidSignatureException", "The request signature we calculated does not match the signature you provided. "+
			"Check your AWS Secret Access Key and signing method. Consult the service documentation for details.")
	}
	return nil
}
