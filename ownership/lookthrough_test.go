package ownership_test

import (
	"errors"
	"math/big"
	"testing"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/ownership"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLookThroughChain checks a three-level chain by hand:
//
//	K1 ─0.6─┐           ┌─0.5── H
//	K2 ─0.4─┴─> H       E <─0.25─ K3
//	                    └─0.25─ K1
//	N <─0.8─ E, N <─0.2─ K2
//
// Θ[K1][H] = 3/5, Θ[K2][H] = 2/5;
// Θ[K1][E] = 1/4 + 3/5 × 1/2 = 11/20, Θ[K2][E] = 2/5 × 1/2 = 1/5, Θ[K3][E] = 1/4;
// Θ[K1][N] = 4/5 × 11/20 = 11/25, Θ[K2][N] = 1/5 + 4/5 × 1/5 = 9/25,
// Θ[K3][N] = 4/5 × 1/4 = 1/5.
func TestLookThroughChain(t *testing.T) {
	positions := []ownership.Position{
		pos(t, "K1", "H", "0.6"), pos(t, "K2", "H", "0.4"),
		pos(t, "H", "E", "0.5"), pos(t, "K3", "E", "0.25"), pos(t, "K1", "E", "0.25"),
		pos(t, "E", "N", "0.8"), pos(t, "K2", "N", "0.2"),
	}
	eo, err := ownership.LookThrough(positions, nil, date(2024, 1, 1))
	require.NoError(t, err)
	assert.Equal(t, []string{"K1", "K2", "K3"}, eo.Ultimate())
	assert.Equal(t, []string{"E", "H", "N"}, eo.Entities())
	assert.Empty(t, eo.Cycles())
	want := map[[2]string]string{
		{"K1", "H"}: "3/5", {"K2", "H"}: "2/5", {"K3", "H"}: "0",
		{"K1", "E"}: "11/20", {"K2", "E"}: "1/5", {"K3", "E"}: "1/4",
		{"K1", "N"}: "11/25", {"K2", "N"}: "9/25", {"K3", "N"}: "1/5",
	}
	for k, w := range want {
		assertRat(t, "Share("+k[0]+", "+k[1]+")", eo.Share(k[0], k[1]), w)
	}
	for _, e := range []string{"H", "E", "N"} {
		assertRat(t, "Held("+e+")", eo.Held(e), "1")
	}
	owners := eo.Owners("N")
	require.Len(t, owners, 3)
	assertDec(t, "Owners(N)[0].Share", owners[0].Share, "0.44")
	assertDec(t, "Owners(N)[1].Share", owners[1].Share, "0.36")
	assertDec(t, "Owners(N)[2].Share", owners[2].Share, "0.2")
	holdings := eo.Holdings("K1")
	require.Len(t, holdings, 3)
	assert.Equal(t, "E", holdings[0].Entity)
	assertRat(t, "Holdings(K1)[0]", holdings[0].Rat(), "11/20")
}

// TestLookThroughCrossHolding checks two companies holding each other:
// K1 holds 0.8 of A, K2 0.7 of B, A 0.3 of B and B 0.2 of A.
//
//	Θ[K1][A] = 0.8 + 0.2 Θ[K1][B], Θ[K1][B] = 0.3 Θ[K1][A]
//	  → Θ[K1][A] = 0.8 / 0.94 = 40/47, Θ[K1][B] = 12/47;
//	Θ[K2][B] = 0.7 + 0.3 Θ[K2][A], Θ[K2][A] = 0.2 Θ[K2][B]
//	  → Θ[K2][B] = 0.7 / 0.94 = 35/47, Θ[K2][A] = 7/47.
func TestLookThroughCrossHolding(t *testing.T) {
	positions := []ownership.Position{
		pos(t, "K1", "A", "0.8"), pos(t, "B", "A", "0.2"),
		pos(t, "K2", "B", "0.7"), pos(t, "A", "B", "0.3"),
	}
	eo, err := ownership.LookThrough(positions, nil, date(2024, 1, 1))
	require.NoError(t, err)
	assert.Equal(t, [][]string{{"A", "B"}}, eo.Cycles())
	for k, w := range map[[2]string]string{{"K1", "A"}: "40/47", {"K1", "B"}: "12/47", {"K2", "A"}: "7/47", {"K2", "B"}: "35/47"} {
		assertRat(t, "Share("+k[0]+", "+k[1]+")", eo.Share(k[0], k[1]), w)
	}
	assertRat(t, "Held(A)", eo.Held("A"), "1")
	assertRat(t, "Held(B)", eo.Held("B"), "1")

	// The dividend of B reaches K1 and K2 in the proportion 12 : 35.
	dist, err := eo.Indirect("B", d(t, "4700.00"), munireg.Rounding{})
	require.NoError(t, err)
	require.Len(t, dist.Rows, 2)
	assertDec(t, "Indirect(B)[K1]", dist.Rows[0].Amount, "1200")
	assertDec(t, "Indirect(B)[K2]", dist.Rows[1].Amount, "3500")
	assertDec(t, "Indirect(B).Unlisted", dist.Unlisted.Amount, "0")
}

func TestLookThroughUnresolvable(t *testing.T) {
	tests := []struct {
		name      string
		positions []ownership.Position
		lists     []ownership.OwnerList
		closed    bool
		members   []string
	}{
		{"closed pair", []ownership.Position{pos(t, "A", "B", "1"), pos(t, "B", "A", "1"), pos(t, "K", "C", "1"), pos(t, "A", "C", "0")}, nil, true, []string{"A", "B"}},
		{"closed triangle with halves", []ownership.Position{
			pos(t, "A", "B", "0.5"), pos(t, "C", "B", "0.5"), pos(t, "B", "C", "1"), pos(t, "B", "A", "0.5"), pos(t, "C", "A", "0.5"),
		}, nil, true, []string{"A", "B", "C"}},
		{"company owns all of itself", []ownership.Position{pos(t, "A", "A", "1")}, nil, true, []string{"A"}},
		{"more than all, under the rounded tolerance", []ownership.Position{
			pos(t, "A", "B", "0.5001"), pos(t, "C", "B", "0.5"), pos(t, "B", "C", "1"), pos(t, "B", "A", "0.5"), pos(t, "C", "A", "0.5"),
		}, []ownership.OwnerList{{Entity: "B", Tolerance: ownership.ToleranceRounded, Places: 4}}, false, []string{"A", "B", "C"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ownership.LookThrough(tt.positions, tt.lists, date(2024, 1, 1))
			require.Error(t, err)
			assert.True(t, errors.Is(err, ownership.ErrUnresolvableCycle), "LookThrough(%s) = %v, want ErrUnresolvableCycle", tt.name, err)
			var ce ownership.CycleError
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, tt.members, ce.Entities)
			assert.Equal(t, tt.closed, ce.Closed)
			assert.Equal(t, []string{"positions"}, fields(t, err))
		})
	}
}

// TestLookThroughHeldByUltimateOwners checks that the effective shares of
// an entity sum to the share its ultimate owners hold, directly and through
// the chain, when some of it is held outside the set:
//
//	H: K1 0.5, K2 0.3 (0.2 unlisted); E: H 0.6, K3 0.3 (0.1 unlisted).
//	Θ[K1][E] = 0.5 × 0.6 = 3/10, Θ[K2][E] = 0.3 × 0.6 = 9/50, Θ[K3][E] = 3/10;
//	Σ = 39/50 = 1 − (0.1 + 0.6 × 0.2), the part held outside being 11/50.
func TestLookThroughHeldByUltimateOwners(t *testing.T) {
	positions := []ownership.Position{
		pos(t, "K1", "H", "0.5"), pos(t, "K2", "H", "0.3"),
		pos(t, "H", "E", "0.6"), pos(t, "K3", "E", "0.3"),
	}
	eo, err := ownership.LookThrough(positions, nil, date(2024, 1, 1))
	require.NoError(t, err)
	assertRat(t, "Share(K1, E)", eo.Share("K1", "E"), "3/10")
	assertRat(t, "Share(K2, E)", eo.Share("K2", "E"), "9/50")
	assertRat(t, "Share(K3, E)", eo.Share("K3", "E"), "3/10")
	sum := new(big.Rat)
	for _, s := range eo.Owners("E") {
		sum.Add(sum, s.Rat())
	}
	assertRat(t, "Σ Owners(E)", sum, "39/50")
	assertRat(t, "Held(E)", eo.Held("E"), "39/50")
	assertRat(t, "Held(H)", eo.Held("H"), "4/5")

	// 1000.00 of E's dividend: 300, 180 and 300 reach K1, K2, K3; 220
	// goes to owners outside the set.
	dist, err := eo.Indirect("E", d(t, "1000.00"), munireg.Rounding{})
	require.NoError(t, err)
	for i, want := range []string{"300", "180", "300"} {
		assertDec(t, "Indirect(E)["+dist.Rows[i].Ref+"]", dist.Rows[i].Amount, want)
	}
	assertDec(t, "Indirect(E).Unlisted", dist.Unlisted.Amount, "220")
	assertDec(t, "Indirect(E).Shares.Unlisted", dist.Shares.Unlisted, "0.22")
	assert.True(t, dist.Balanced())
}

// TestLookThroughOwnShares checks a company holding 10 % of itself: the
// others' 0.6 and 0.3 are 2/3 and 1/3 of the shares it does not hold.
func TestLookThroughOwnShares(t *testing.T) {
	positions := []ownership.Position{pos(t, "K1", "E", "0.6"), pos(t, "K2", "E", "0.3"), pos(t, "E", "E", "0.1")}
	eo, err := ownership.LookThrough(positions, nil, date(2024, 1, 1))
	require.NoError(t, err)
	assert.Equal(t, [][]string{{"E"}}, eo.Cycles())
	assertRat(t, "Share(K1, E)", eo.Share("K1", "E"), "2/3")
	assertRat(t, "Share(K2, E)", eo.Share("K2", "E"), "1/3")
	assertRat(t, "Held(E)", eo.Held("E"), "1")
}

func TestLookThroughGraph(t *testing.T) {
	positions := []ownership.Position{
		pos(t, "K1", "A", "0.5"),
		pos(t, "K2", "A", "0"), // a zero share is no edge: K2 is no owner of anything
		{Owner: "K3", Entity: "A", Economic: d(t, "0.5"), Valid: munireg.Period{From: date(2025, 1, 1)}}, // not yet
		{Owner: "K4", Entity: "A", Held: 1, Outstanding: 3, Valid: munireg.Period{To: date(2024, 1, 1)}}, // ended
	}
	eo, err := ownership.LookThrough(positions, nil, date(2024, 1, 1))
	require.NoError(t, err)
	assert.Equal(t, []string{"K1"}, eo.Ultimate())
	assert.Equal(t, []string{"A"}, eo.Entities())
	assertRat(t, "Share(K2, A)", eo.Share("K2", "A"), "0")
	assertRat(t, "Share(K1, nobody)", eo.Share("K1", "nobody"), "0")
	assert.Empty(t, eo.Owners("nobody"))
	assert.Empty(t, eo.Holdings("A"), "A is no ultimate owner")
	assert.Equal(t, date(2024, 1, 1), eo.AsOf())

	eo, err = ownership.LookThrough(positions, nil, date(2023, 6, 1))
	require.NoError(t, err)
	assertRat(t, "Share(K4, A) in 2023", eo.Share("K4", "A"), "1/3")

	_, err = eo.Indirect("nobody", d(t, "1.005"), munireg.Rounding{})
	assert.Equal(t, []string{"total", "entity"}, fields(t, err))
}

func TestLookThroughRounded(t *testing.T) {
	positions := []ownership.Position{pos(t, "K1", "E", "0.5001"), pos(t, "K2", "E", "0.5")}
	lists := []ownership.OwnerList{{Entity: "E", Complete: true, Tolerance: ownership.ToleranceRounded, Places: 4}}
	eo, err := ownership.LookThrough(positions, lists, date(2024, 1, 1))
	require.NoError(t, err)
	require.Len(t, eo.Rounded(), 1, "a sum accepted under the tolerance is reported")
	assert.Equal(t, "E", eo.Rounded()[0].Entity)
	assertRat(t, "Held(E)", eo.Held("E"), "10001/10000")

	_, err = ownership.LookThrough(positions, nil, date(2024, 1, 1))
	assert.ErrorIs(t, err, ownership.ErrShareSum, "without the tolerance")
}
