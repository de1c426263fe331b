package cooperation_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/cooperation"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// key builds a key from "name:weight:basis" triples.
func key(t testing.TB, normalize bool, comps ...string) cooperation.Key {
	t.Helper()
	k := cooperation.Key{Normalize: normalize}
	for _, c := range comps {
		parts := strings.SplitN(c, ":", 3)
		require.Len(t, parts, 3, "component %q", c)
		k.Components = append(k.Components, cooperation.Component{Name: parts[0], Weight: d(t, parts[1]), Basis: cooperation.Basis(parts[2])})
	}
	return k
}

func TestAllocateBases(t *testing.T) {
	three := func(f func(i int, p *cooperation.Party)) []cooperation.Party {
		ps := []cooperation.Party{{Ref: "c"}, {Ref: "a"}, {Ref: "b"}}
		for i := range ps {
			f(i, &ps[i])
		}
		return ps
	}
	tests := []struct {
		name    string
		total   string
		r       munireg.Rounding
		key     cooperation.Key
		parties []cooperation.Party
		want    []string // amounts of c, a, b
		diff    string
	}{
		{"equal, tie to lowest ref", "100.00", munireg.Rounding{}, key(t, false, "fast:1:equal"),
			three(func(int, *cooperation.Party) {}), []string{"33.33", "33.34", "33.33"}, "0"},
		{"population", "1000.00", munireg.Rounding{}, key(t, false, "innbyggere:1:population"),
			three(func(i int, p *cooperation.Party) { p.Population = []int64{1, 1, 2}[i] }), []string{"250", "250", "500"}, "0"},
		{"explicit share", "999.99", munireg.Rounding{}, key(t, false, "andel:1:share"),
			three(func(i int, p *cooperation.Party) { p.Share = d(t, []string{"0.2", "0.3", "0.5"}[i]) }), []string{"200", "300", "499.99"}, "0"},
		{"published rounded shares, normalized", "100.00", munireg.Rounding{}, key(t, true, "eierandel:1:ownership"),
			three(func(i int, p *cooperation.Party) { p.Ownership = d(t, "0.3333") }), []string{"33.33", "33.34", "33.33"}, "0"},
		{"metered use", "1000.00", munireg.Rounding{}, key(t, false, "tonn:1:metric:tonn"),
			three(func(i int, p *cooperation.Party) {
				p.Metrics = map[string]decimal.Decimal{"tonn": d(t, []string{"123.4", "0", "76.6"}[i])}
			}), []string{"617", "0", "383"}, "0"},
		{"two components rounded once", "0.10", munireg.Rounding{}, key(t, false, "x:0.5:equal", "y:0.5:equal"),
			three(func(int, *cooperation.Party) {}), []string{"0.03", "0.04", "0.03"}, "0"},
		{"zero-weight component ignored", "3", munireg.Rounding{Unit: d(t, "1")}, key(t, false, "fast:1:equal", "m:0:metric:m3"),
			three(func(int, *cooperation.Party) {}), []string{"1", "1", "1"}, "0"},
		{"whole kroner", "1000", munireg.Rounding{Unit: d(t, "1")}, key(t, false, "fast:0.3:equal", "innbyggere:0.7:population"),
			three(func(i int, p *cooperation.Party) { p.Population = []int64{5000, 3000, 2000}[i] }), []string{"450", "310", "240"}, "0"},
		{"thousands", "1000000", munireg.Rounding{Unit: d(t, "1000")}, key(t, false, "fast:1:equal"),
			three(func(int, *cooperation.Party) {}), []string{"333000", "334000", "333000"}, "0"},
		{"half-up per row loses an øre", "100.00", munireg.Rounding{Policy: munireg.HalfUpPerRow}, key(t, false, "fast:1:equal"),
			three(func(int, *cooperation.Party) {}), []string{"33.33", "33.33", "33.33"}, "-0.01"},
		{"negative total", "-100.00", munireg.Rounding{}, key(t, false, "fast:1:equal"),
			three(func(int, *cooperation.Party) {}), []string{"-33.33", "-33.34", "-33.33"}, "0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			call := fmt.Sprintf("Allocate(%s, %s)", tt.total, tt.name)
			a, err := cooperation.Allocate(d(t, tt.total), tt.key, tt.parties, tt.r)
			require.NoError(t, err, call)
			require.Len(t, a.Rows, 3, call)
			for i, row := range a.Rows {
				assert.Equal(t, tt.parties[i].Ref, row.Ref, "%s row %d", call, i)
				assertDec(t, call+"["+row.Ref+"]", row.Amount, tt.want[i])
				require.Len(t, row.Breakdown, len(tt.key.Components), call)
			}
			assertDec(t, call+".Difference", a.Difference, tt.diff)
			assert.Equal(t, tt.diff == "0", a.Balanced(), "%s.Balanced()", call)
		})
	}
}

func TestAllocateBreakdown(t *testing.T) {
	k := key(t, false, "fast:0.30:equal", "innbyggere:0.70:population", "tonn:0:metric:tonn")
	parties := []cooperation.Party{{Ref: "1", Population: 1}, {Ref: "2", Population: 2}}
	a, err := cooperation.Allocate(d(t, "1000.00"), k, parties, munireg.Rounding{})
	require.NoError(t, err)
	want := [][]string{{"150", "233.3333333333", "0"}, {"150", "466.6666666667", "0"}}
	for i, row := range a.Rows {
		for j, got := range row.Breakdown {
			assertDec(t, fmt.Sprintf("Breakdown[%d][%d]", i, j), got, want[i][j])
		}
	}
	assertDec(t, "Rows[0].Exact", a.Rows[0].Exact, "383.3333333333")
	assert.Equal(t, "1150/3", a.Rows[0].ExactRat().RatString(), "Rows[0].ExactRat()")
	assertDec(t, "Rows[0].Amount", a.Rows[0].Amount, "383.33")
	assertDec(t, "Rows[1].Amount", a.Rows[1].Amount, "616.67")
}

func TestAllocateEqualDecimalsGiveEqualResults(t *testing.T) {
	parties := []cooperation.Party{
		{Ref: "a", Population: 7, Share: d(t, "0.5"), Metrics: map[string]decimal.Decimal{"t": d(t, "1.1")}},
		{Ref: "b", Population: 3, Share: d(t, "0.5"), Metrics: map[string]decimal.Decimal{"t": d(t, "2.2")}},
	}
	widened := []cooperation.Party{
		{Ref: "a", Population: 7, Share: d(t, "0.50"), Metrics: map[string]decimal.Decimal{"t": d(t, "1.100")}},
		{Ref: "b", Population: 3, Share: d(t, "0.500"), Metrics: map[string]decimal.Decimal{"t": d(t, "2.20")}},
	}
	short := key(t, false, "x:0.5:share", "y:0.25:population", "z:0.25:metric:t")
	long := key(t, false, "x:0.50:share", "y:0.250:population", "z:0.2500:metric:t")
	a, err := cooperation.Allocate(d(t, "100.01"), short, parties, munireg.Rounding{})
	require.NoError(t, err)
	b, err := cooperation.Allocate(d(t, "100.010"), long, widened, munireg.Rounding{Unit: d(t, "0.010")})
	require.NoError(t, err)
	for i := range a.Rows {
		assertDec(t, "Allocate(0.50 …)["+b.Rows[i].Ref+"]", b.Rows[i].Amount, a.Rows[i].Amount.String())
		assertDec(t, "Allocate(0.50 …)["+b.Rows[i].Ref+"].Exact", b.Rows[i].Exact, a.Rows[i].Exact.String())
	}
}

func TestAllocateErrors(t *testing.T) {
	metric := func(s string) map[string]decimal.Decimal { return map[string]decimal.Decimal{"t": d(t, s)} }
	tests := []struct {
		name    string
		total   string
		r       munireg.Rounding
		key     cooperation.Key
		parties []cooperation.Party
		fields  []string
		errs    []error
	}{
		{"rounding and total", "10.005", munireg.Rounding{Unit: d(t, "0.5"), Policy: "nearest"}, key(t, false, "f:1:equal"),
			[]cooperation.Party{{Ref: "a"}}, []string{"unit", "policy"}, []error{munireg.ErrInvalidUnit, munireg.ErrInvalidPolicy}},
		{"total finer than unit", "10.005", munireg.Rounding{}, key(t, false, "f:1:equal"),
			[]cooperation.Party{{Ref: "a"}}, []string{"total"}, []error{munireg.ErrInvalidTotal}},
		{"bad key and no participants", "1", munireg.Rounding{}, key(t, false, "f:0.5:equal", "g:0.4:nope"),
			nil, []string{"components[1].basis", "components[*].weight", "participants"},
			[]error{cooperation.ErrInvalidBasis, cooperation.ErrInvalidKey, munireg.ErrRequired}},
		{"refs", "1", munireg.Rounding{}, key(t, false, "f:1:equal"),
			[]cooperation.Party{{Ref: "a"}, {Ref: ""}, {Ref: "a"}}, []string{"participants[1].ref", "participants[2].ref"},
			[]error{munireg.ErrRequired, munireg.ErrDuplicateRef}},
		{"values", "1", munireg.Rounding{}, key(t, false, "p:0.25:population", "s:0.25:share", "o:0.25:ownership", "m:0.25:metric:t"),
			[]cooperation.Party{
				{Ref: "a", Population: -1, Share: d(t, "1.5"), Ownership: d(t, "-0.1"), Metrics: metric("-2")},
				{Ref: "b", Share: decimal.New(1, -31)},
			},
			[]string{"participants[0].population", "participants[0].share", "participants[1].share",
				"participants[0].ownership", "participants[0].metrics.t", "participants[1].metrics.t"},
			[]error{cooperation.ErrNegative, cooperation.ErrShareRange, munireg.ErrOutOfRange, cooperation.ErrMissingBasis}},
		{"sums", "1", munireg.Rounding{}, key(t, false, "p:0.5:population", "s:0.25:share", "m:0.25:metric:t"),
			[]cooperation.Party{{Ref: "a", Share: d(t, "0.5"), Metrics: metric("0")}, {Ref: "b", Share: d(t, "0.49"), Metrics: metric("0")}},
			[]string{"participants[*].population", "participants[*].share", "participants[*].metrics.t"},
			[]error{cooperation.ErrEmptyBasis, cooperation.ErrShareSum}},
		{"normalized shares summing to zero", "1", munireg.Rounding{}, key(t, true, "s:1:share"),
			[]cooperation.Party{{Ref: "a"}, {Ref: "b"}},
			[]string{"participants[*].share"}, []error{cooperation.ErrEmptyBasis}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := cooperation.Allocate(d(t, tt.total), tt.key, tt.parties, tt.r)
			assert.Equal(t, tt.fields, fields(t, err), "Allocate(%s) fields; error: %v", tt.name, err)
			for _, want := range tt.errs {
				assert.ErrorIs(t, err, want, "Allocate(%s)", tt.name)
			}
		})
	}
}
