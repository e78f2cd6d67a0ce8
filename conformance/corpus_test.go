package conformance

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"unicode"
)

// corpusSeed seeds the generated corpus; the corpus of an operation is a
// function of the seed and the operation's index only.
const corpusSeed = 0x436f676e69746f // "Cognito"

// corpusRandom is the number of random inputs per operation, on top of the
// hand-picked ones.
const corpusRandom = 200

// allPrintableASCII is every printable ASCII character but the space,
// 0x21 to 0x7E: valid in passwords, codes and usernames.
var allPrintableASCII = func() string {
	var b strings.Builder
	for c := byte(0x21); c <= 0x7e; c++ {
		b.WriteByte(c)
	}
	return b.String()
}()

// Character pools, each valid for the pattern it serves.
var (
	// usernameRunes are letters, marks, symbols, numbers and punctuation:
	// ASCII, accented and CJK letters, a combining mark, emoji, digits of
	// other scripts, and the characters JSON escapes or HTML-escaping
	// encoders touch.
	usernameRunes = []rune(allPrintableASCII + "éüßΩ日本語한קاñ\u0301€©🦊😀٣Ⅷ½«»„¿、—•\"\\<>&'")
	// passwordRunes add what [\S] allows beyond usernames: non-ASCII
	// spaces, the line and paragraph separators, and control characters
	// (Java's \s is ASCII whitespace only).
	passwordRunes = []rune(string(usernameRunes) + "\u00a0\u2028\u2029\u3000\u0085\x01\x1f\x7f\x00\u200d")
	// metadataRunes are anything: ClientMetadata has no pattern.
	metadataRunes = []rune(string(passwordRunes) + " \t\n\r\b\f")
	clientIDRunes = []rune("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_+")
	hashRunes     = []rune("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_+=/")
	tokenRunes    = []rune("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=.")
	poolTailRunes = []rune("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
	poolHeadRunes = []rune("abcdefghijklmnopqrstuvwxyz0123456789-_")
)

type gen struct{ r *rand.Rand }

func (g gen) from(pool []rune, min, max int) string {
	n := min + g.r.IntN(max-min+1)
	out := make([]rune, n)
	for i := range out {
		out[i] = pool[g.r.IntN(len(pool))]
	}
	return string(out)
}

// length picks a length up to max, favouring short ones and hitting max
// now and then.
func (g gen) length(max int) int {
	switch g.r.IntN(10) {
	case 0:
		return max
	case 1, 2:
		return 1 + g.r.IntN(max)
	}
	return 1 + g.r.IntN(min(max, 24))
}

func (g gen) sized(pool []rune, max int) string {
	n := g.length(max)
	return g.from(pool, n, n)
}

func (g gen) poolID() string {
	head := g.from(poolHeadRunes, 1, 20)
	if g.r.IntN(2) == 0 {
		head = []string{"us-east-1", "eu-west-1", "ap-southeast-2", "us-gov-west-1", "cn-north-1"}[g.r.IntN(5)]
	}
	tail := g.from(poolTailRunes, 1, 55-len(head)-1)
	return head + "_" + tail
}

func (g gen) metadata() map[string]string {
	switch g.r.IntN(6) {
	case 0:
		return nil
	case 1:
		return map[string]string{}
	}
	n := 1 + g.r.IntN(40)
	m := make(map[string]string, n)
	for range n {
		k := g.from(metadataRunes, 0, 12)
		// No invalid UTF-8: the official encoder replaces it with
		// U+FFFD, ours refuses it (see checkLocalValidation).
		m[k] = g.from(metadataRunes, 0, 40)
	}
	return m
}

func (g gen) analytics() *analytics {
	switch g.r.IntN(3) {
	case 0:
		return nil
	case 1:
		return &analytics{}
	}
	return &analytics{EndpointId: g.from(metadataRunes, 1, 60)}
}

func (g gen) userContext() *userContext {
	switch g.r.IntN(5) {
	case 0:
		return nil
	case 1:
		return &userContext{}
	case 2:
		return &userContext{IpAddress: "203.0.113." + strconv.Itoa(g.r.IntN(256))}
	case 3:
		return &userContext{EncodedData: g.from(metadataRunes, 1, 200)}
	}
	return &userContext{IpAddress: "2001:db8::" + strconv.Itoa(g.r.IntN(9999)), EncodedData: g.from(metadataRunes, 1, 200)}
}

func (g gen) optional(s string) string {
	if g.r.IntN(2) == 0 {
		return ""
	}
	return s
}

// random returns a random valid input with every member an operation may
// have; each operation uses its own.
func (g gen) random() params {
	un := g.length(128)
	return params{
		UserPoolId:       g.poolID(),
		Username:         g.from(usernameRunes, un, un),
		Password:         g.sized(passwordRunes, 256),
		Permanent:        g.r.IntN(2) == 0,
		ClientId:         g.sized(clientIDRunes, 128),
		SecretHash:       g.optional(g.sized(hashRunes, 128)),
		ConfirmationCode: g.sized(passwordRunes, 2048),
		AccessToken:      g.sized(tokenRunes, 2000),
		PreviousPassword: g.optional(g.sized(passwordRunes, 256)),
		ProposedPassword: g.sized(passwordRunes, 256),
		ClientMetadata:   g.metadata(),
		Analytics:        g.analytics(),
		UserContext:      g.userContext(),
	}
}

// addSignIn sets the members of the sign-in operations. It draws from a
// generator of its own, so that the other members of the corpus stay as
// they were before these operations came.
func (g gen) addSignIn(p *params) {
	p.AuthFlow = authFlows[g.r.IntN(len(authFlows))]
	p.ChallengeName = challengeNames[g.r.IntN(len(challengeNames))]
	p.AuthParameters = g.authMap()
	p.ChallengeResponses = g.authMap()
	p.Session = g.optional(g.from(metadataRunes, 20, 2048))
	p.ContextData = g.contextData()
}

// escapes holds the characters that JSON must or may escape, all valid in
// passwords.
const escapes = "\"\\<>&'/\u2028\u2029\x01\x7f\u00a0"

// specials are the hand-picked inputs of an operation: minimal, full and
// edge cases. Members an operation does not have are ignored by it.
func specials(op string) []params {
	base := minimalParams(op)
	with := func(f func(p *params)) params {
		p := base
		p.ClientMetadata = copyMap(base.ClientMetadata)
		f(&p)
		return p
	}
	many := make(map[string]string, 100)
	for i := range 100 {
		many["key-"+strconv.Itoa(i)+"-ключ-鍵"] = "värde-値-🦊-" + strconv.Itoa(i)
	}
	full := func(p *params) {
		p.SecretHash = "c2VjcmV0LWhhc2g+/="
		p.PreviousPassword = "Old-Passw0rd!"
		p.Permanent = true
		p.ClientMetadata = map[string]string{"source": "conformance", "lang": "français"}
		p.Analytics = &analytics{EndpointId: "d9e2b1c0-analytics"}
		p.UserContext = &userContext{IpAddress: "192.0.2.1", EncodedData: "ZW5jb2RlZC1kYXRh"}
	}
	return []params{
		base,
		with(full),
		with(func(p *params) { p.Username = strings.Repeat("a", 128) }),
		with(func(p *params) { p.Username = strings.Repeat("é", 128) }),
		with(func(p *params) { p.Username = strings.Repeat("🦊", 128) }),
		with(func(p *params) { p.Username = strings.Repeat("日本", 64) }),
		with(func(p *params) { p.Username = allPrintableASCII }),
		with(func(p *params) { p.Username = "a\u0301\"\\<>&'/" }),
		with(func(p *params) { p.Username = "user@example.com" }),
		with(func(p *params) { p.Username = "+14155550100" }),
		with(func(p *params) {
			p.Password, p.ProposedPassword, p.PreviousPassword = allPrintableASCII, allPrintableASCII, allPrintableASCII
			p.ConfirmationCode = allPrintableASCII
		}),
		with(func(p *params) {
			p.Password, p.ProposedPassword, p.ConfirmationCode = escapes, escapes, escapes
		}),
		with(func(p *params) {
			p.Password = strings.Repeat("🦊", 256)
			p.ProposedPassword = strings.Repeat("x", 256)
			p.PreviousPassword = strings.Repeat("\u2028", 256)
		}),
		with(func(p *params) { p.ConfirmationCode = strings.Repeat("9", 2048) }),
		with(func(p *params) { p.AccessToken = strings.Repeat("eyJ0eXAiOiJKV1Qi.", 300) + "sig==" }),
		with(func(p *params) { p.ClientId = strings.Repeat("C", 127) + "+" }),
		with(func(p *params) { p.SecretHash = strings.Repeat("/", 64) + strings.Repeat("=", 64) }),
		with(func(p *params) { p.UserPoolId = "us-east-1_" + strings.Repeat("Z", 45) }),
		with(func(p *params) { p.UserPoolId = "a-b_c_D9" }),
		with(func(p *params) { p.Permanent = true }),
		with(func(p *params) { p.PreviousPassword = "previous" }),
		with(func(p *params) { p.ClientMetadata = map[string]string{} }),
		with(func(p *params) { p.ClientMetadata = many }),
		with(func(p *params) { p.ClientMetadata = map[string]string{"": ""} }),
		with(func(p *params) {
			p.ClientMetadata = map[string]string{escapes: escapes, "ctl": "\x00\b\f\n\r\t\x1f", "sep": "\u2028\u2029"}
		}),
		with(func(p *params) { p.Analytics, p.UserContext = &analytics{}, &userContext{} }),
		with(func(p *params) { p.Analytics = &analytics{EndpointId: escapes} }),
		with(func(p *params) { p.UserContext = &userContext{IpAddress: "::1"} }),
		with(func(p *params) { p.UserContext = &userContext{EncodedData: strings.Repeat("\u2029data", 50)} }),
		// Every optional member at its longest in the model: SecretHash
		// (128), PreviousPassword (256) and the StringType members (131072
		// characters, here two-byte ones, so that a limit counted in bytes
		// would show).
		with(func(p *params) {
			longest := strings.Repeat("ü", 131072)
			p.SecretHash = strings.Repeat("Ab+/=_9", 18) + "xy"
			p.PreviousPassword = strings.Repeat("Ω", 256)
			p.Permanent = true
			p.ClientMetadata = map[string]string{longest: longest}
			p.Analytics = &analytics{EndpointId: longest}
			p.UserContext = &userContext{IpAddress: longest, EncodedData: longest}
		}),
	}
}

// corpus returns the inputs of the operation at index i: its specials
// and corpusRandom random ones.
func corpus(i int, op string) []params {
	g := gen{r: rand.New(rand.NewPCG(corpusSeed, uint64(i)))}
	out := specials(op)
	if i >= len(operations)-len(authOperations) {
		out = append(out, authSpecials(op)...)
	}
	a := gen{r: rand.New(rand.NewPCG(corpusSeed+1, uint64(i)))}
	for range corpusRandom {
		p := g.random()
		a.addSignIn(&p)
		out = append(out, p)
	}
	return out
}

// validUsername reports whether s matches [\p{L}\p{M}\p{S}\p{N}\p{P}]+, to
// check the pools.
func validUsername(s string) bool {
	for _, r := range s {
		if !unicode.In(r, unicode.L, unicode.M, unicode.S, unicode.N, unicode.P) {
			return false
		}
	}
	return s != ""
}
