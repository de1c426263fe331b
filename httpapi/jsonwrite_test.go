package httpapi

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestPortfolioJSONIsEncodingJSON: the portfolio's own writer writes, byte
// for byte, what the API's encoder (encoding/json without HTML escaping,
// then a newline) writes of the struct, over random portfolios: strings
// with quotes, control characters, HTML, invalid UTF-8, U+2028 and
// non-ASCII; decimals of every sign, scale and size; every optional field
// present and absent; nil and empty lists.
func TestPortfolioJSONIsEncodingJSON(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 26))
	for n := range 3000 {
		p := randomPortfolio(rng, n)
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		require.NoError(t, enc.Encode(p))
		got := p.appendJSON([]byte("prefix"))
		require.Equal(t, "prefix"+want.String(), string(got), "portfolio %d", n)
	}
}

// TestJSONStringIsEncodingJSON: every single byte, every rune class, and
// random strings of them are written as encoding/json writes them.
func TestJSONStringIsEncodingJSON(t *testing.T) {
	var cases []string
	for c := range 256 {
		cases = append(cases, string([]byte{byte(c)}), "a"+string([]byte{byte(c)})+"b")
	}
	cases = append(cases, "", "\u2028", "\u2029", "x\u2028y\u2029", "æøå ÆØÅ", "Guovdageaidnu – Kautokeino", "\U0001F600",
		string(utf8.RuneError), "\xe2\x80", "\xf0\x9f\x98", "<script>&amp;</script>")
	rng := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		cases = append(cases, randomText(rng))
	}
	for _, s := range cases {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		require.NoError(t, enc.Encode(s))
		require.Equal(t, strings.TrimSuffix(want.String(), "\n"), string(appendJSONString(nil, s)), "appendJSONString(%q)", s)
	}
}

// randomText is a short string of pieces that JSON writers treat apart.
func randomText(rng *rand.Rand) string {
	pieces := []string{"a", "Ø", "\"", "\\", "\n", "\t", "\x00", "\x1f", "\x7f", "<", ">", "&", "\u2028", "\u2029", "\xff",
		"\xc3", "é", "\U0001F600", " ", "/", "'"}
	var b strings.Builder
	for range rng.IntN(12) {
		b.WriteString(pieces[rng.IntN(len(pieces))])
	}
	return b.String()
}

// randomDecimal is a decimal of random sign, size and scale, sometimes
// beyond 18 digits.
func randomDecimal(rng *rand.Rand) decimal.Decimal {
	switch rng.IntN(6) {
	case 0:
		return decimal.New(0, -int32(rng.IntN(4)))
	case 1:
		return decimal.RequireFromString("-123456789012345678901234567.8901")
	}
	return decimal.New(rng.Int64()>>rng.IntN(64)*(1-2*rng.Int64N(2)), int32(rng.IntN(30))-24)
}

func randomPortfolio(rng *rand.Rand, n int) PortfolioBody {
	maybeDec := func() *Decimal {
		if rng.IntN(2) == 0 {
			return nil
		}
		return &Decimal{randomDecimal(rng)}
	}
	maybeMoney := func() *Money {
		if rng.IntN(2) == 0 {
			return nil
		}
		return &Money{randomDecimal(rng)}
	}
	income := func() IncomeBody {
		in := IncomeBody{Total: Money{randomDecimal(rng)}}
		if rng.IntN(5) > 0 {
			in.Lines = []IncomeLineBody{}
			for range rng.IntN(7) {
				in.Lines = append(in.Lines, IncomeLineBody{Kind: randomText(rng), Amount: Money{randomDecimal(rng)}})
			}
		}
		return in
	}
	change := func() ChangeBody {
		return ChangeBody{Previous: Money{randomDecimal(rng)}, Absolute: Money{randomDecimal(rng)}, Relative: maybeDec()}
	}
	p := PortfolioBody{Owner: randomText(rng), Name: randomText(rng), Year: rng.IntN(9999) + 1,
		AsOf: Date{time.Date(rng.IntN(9999)+1, time.December, 31, 0, 0, 0, 0, time.UTC)}, Population: rng.Int64N(1e7),
		Income: income(), PerInhabitant: maybeMoney(), Change: change(), BookValue: Money{randomDecimal(rng)},
		Yield: maybeDec(), OwnerLoans: Money{randomDecimal(rng)}, Guarantees: Money{randomDecimal(rng)}}
	if n%7 != 0 {
		p.Holdings = []HoldingBody{}
		for range rng.IntN(6) {
			p.Holdings = append(p.Holdings, HoldingBody{Entity: randomText(rng), Name: randomText(rng), Kind: randomText(rng),
				Direct: rng.IntN(2) == 0, Economic: Decimal{randomDecimal(rng)}, Voting: Decimal{randomDecimal(rng)},
				Effective: maybeDec(), Purpose: randomText(rng), Category: randomText(rng), BookValue: maybeMoney(),
				Income: income(), Change: change(), Yield: maybeDec(), OwnerLoan: Money{randomDecimal(rng)},
				Guarantee: Money{randomDecimal(rng)}})
		}
	}
	return p
}
