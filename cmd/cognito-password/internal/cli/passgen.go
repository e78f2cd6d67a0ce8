package cli

import (
	"crypto/rand"
	"math/big"
)

// Character classes of generated passwords. The symbols are among those
// Cognito's password policy counts as special characters, without the ones
// that are awkward in CSV files and shells (quotes, backslash, comma, space).
const (
	pwUpper   = "ABCDEFGHJKLMNPQRSTUVWXYZ"
	pwLower   = "abcdefghijkmnopqrstuvwxyz"
	pwDigits  = "23456789"
	pwSymbols = "^$*.[]{}()?!@#%&/:;|_~=+-<>"
)

// generatePassword returns a random password of n characters (n >= 4) with
// at least one uppercase letter, lowercase letter, digit and symbol, so
// that it satisfies Cognito's default password policy. Look-alike letters
// and digits (I, O, l, 0, 1) are left out.
func generatePassword(n int) (string, error) {
	classes := []string{pwUpper, pwLower, pwDigits, pwSymbols}
	all := pwUpper + pwLower + pwDigits + pwSymbols
	b := make([]byte, n)
	for i := range b {
		set := all
		if i < len(classes) {
			set = classes[i]
		}
		c, err := randIndex(len(set))
		if err != nil {
			return "", err
		}
		b[i] = set[c]
	}
	// Fisher-Yates, so that the guaranteed classes are not in front.
	for i := n - 1; i > 0; i-- {
		j, err := randIndex(i + 1)
		if err != nil {
			return "", err
		}
		b[i], b[j] = b[j], b[i]
	}
	return string(b), nil
}

func randIndex(n int) (int, error) {
	v, err := rand.Int(rand.Reader, big.NewInt(int64(n)))
	if err != nil {
		return 0, err
	}
	return int(v.Int64()), nil
}
