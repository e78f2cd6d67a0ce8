package srp

import (
	"crypto/rand"
	"fmt"
	"math/big"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCombRowsArePowersOfG(t *testing.T) {
	grp := theGroup()
	for i, h := range combRowHex {
		t.Run("row "+string(rune('1'+i))+" is g^(2^(128 i)) mod N", func(t *testing.T) {
			e := new(big.Int).Lsh(big.NewInt(1), uint(combCols*(i+1)))
			want := new(big.Int).Exp(grp.g, e, grp.n)
			got, ok := new(big.Int).SetString(h, 16)
			require.True(t, ok)
			assert.Equal(t, 0, want.Cmp(got))
		})
	}
}

func TestPowGMatchesExp(t *testing.T) {
	grp := theGroup()
	random := func(bits int) *big.Int {
		v, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), uint(bits)))
		require.NoError(t, err)
		return v
	}
	ones := func(bits int) *big.Int {
		return new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), uint(bits)), big.NewInt(1))
	}
	tests := []struct {
		name string
		e    *big.Int
	}{
		{"zero", big.NewInt(0)},
		{"one", big.NewInt(1)},
		{"2^127 (the top of the first row)", new(big.Int).Lsh(big.NewInt(1), 127)},
		{"2^128 (the first bit of the second row)", new(big.Int).Lsh(big.NewInt(1), 128)},
		{"2^1023 (the last bit of the table)", new(big.Int).Lsh(big.NewInt(1), 1023)},
		{"1024 bits all set", ones(1024)},
		{"2^1024 (past the table: big.Int.Exp)", new(big.Int).Lsh(big.NewInt(1), 1024)},
		{"a random 2000-bit exponent (past the table)", random(2000)},
	}
	for range 10 {
		tests = append(tests, struct {
			name string
			e    *big.Int
		}{"a random 1024-bit exponent", random(1024)}, struct {
			name string
			e    *big.Int
		}{"a random 256-bit exponent", random(256)})
	}
	for _, tt := range tests {
		t.Run(tt.name+" gives what big.Int.Exp gives", func(t *testing.T) {
			want := new(big.Int).Exp(grp.g, tt.e, grp.n)
			assert.Equal(t, 0, want.Cmp(powG(tt.e)))
		})
	}
}

// BenchmarkBuildComb measures what the first sign-in of a process pays once
// for powG's table.
func BenchmarkBuildComb(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		buildComb()
	}
}

// BenchmarkPowG compares powG with big.Int.Exp for the exponents the
// package uses.
func BenchmarkPowG(b *testing.B) {
	grp := theGroup()
	for _, bits := range []int{1024, 256} {
		e, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), uint(bits)))
		require.NoError(b, err)
		powG(e) // the table, outside the timing
		b.Run(fmt.Sprintf("%d-bit/comb", bits), func(b *testing.B) {
			for b.Loop() {
				powG(e)
			}
		})
		b.Run(fmt.Sprintf("%d-bit/Exp", bits), func(b *testing.B) {
			for b.Loop() {
				new(big.Int).Exp(grp.g, e, grp.n)
			}
		})
	}
}
