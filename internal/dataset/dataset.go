// Package dataset generates a synthetic register the size of N × Norway,
// for storage tests and benchmarks: the real municipalities and counties
// (names, numbers and organisation numbers from the reference data) with
// synthetic companies, positions, money flows and populations.
//
// At Norway(1) it has 357 municipalities, 15 counties, 3 000 entities,
// 30 000 positions and 600 000 flows over 20 years; Norway(N) scales all of
// it (municipalities and counties are repeated with a suffix), and smaller
// sizes serve tests. Generation is
// deterministic for a seed. The amounts, shares and populations are
// synthetic and must never be presented as real figures.
package dataset

import (
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/ownership"
)

// The years of the flows: FirstYear to LastYear at full size.
const (
	FirstYear = 2005
	LastYear  = 2024
)

// Size is how big a dataset is.
type Size struct {
	// N is how many times the municipalities and counties are repeated.
	N int
	// Entities is the number of owned entities, each with PositionsPerEntity
	// owners.
	Entities, PositionsPerEntity int
	// Years is how many years of flows, ending with LastYear.
	Years int
}

// Norway is N × Norway: 357 × N municipalities, 15 × N counties,
// 3 000 × N entities, 30 000 × N positions and 600 000 × N flows over
// 20 years.
func Norway(n int) Size { return Size{N: n, Entities: 3000 * n, PositionsPerEntity: 10, Years: 20} }

// Positions is the number of positions of a dataset of this size.
func (s Size) Positions() int { return s.Entities * s.PositionsPerEntity }

// Flows is the number of flows of a dataset of this size.
func (s Size) Flows() int { return s.Positions() * s.Years }

// LastYearEnd is 31 December of LastYear.
func LastYearEnd() time.Time { return time.Date(LastYear, 12, 31, 0, 0, 0, 0, time.UTC) }

// Dataset is a generated register.
type Dataset struct {
	// Municipalities and Counties are the owners, Entities what they own;
	// Organizations is all of them, in that order.
	Municipalities, Counties, Entities []munireg.Organization
	Organizations                      []munireg.Organization
	Positions                          []ownership.Position
	Flows                              []ownership.Flow
	// Forum has every municipality and county as a member.
	Forum ownership.Forum
}

// Records returns the dataset as the ownership package's summaries read it.
func (d Dataset) Records() ownership.Records {
	return ownership.Records{Organizations: d.Organizations, Positions: d.Positions, Flows: d.Flows}
}

// Reference is one row of the municipality reference data.
type Reference struct {
	Number     munireg.MunicipalityNumber
	Name       string
	County     string // fylkesnummer
	CountyName string
	OrgNumber  munireg.OrgNumber // zero when the data has none
}

// ReadReferenceFile reads the reference municipalities from a file.
func ReadReferenceFile(path string) ([]Reference, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("dataset: %w", err)
	}
	defer f.Close()
	return ReadReference(f)
}

// ReadReference reads testdata/municipalities_2024.csv (kommunenummer,
// kommunenavn, fylkesnummer, fylkesnavn, orgnr, ...).
func ReadReference(r io.Reader) ([]Reference, error) {
	records, err := csv.NewReader(r).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("dataset: %w", err)
	}
	if len(records) < 2 {
		return nil, fmt.Errorf("dataset: no municipalities")
	}
	out := make([]Reference, 0, len(records)-1)
	for i, rec := range records[1:] {
		if len(rec) < 5 {
			return nil, fmt.Errorf("dataset: line %d: %d fields, want at least 5", i+2, len(rec))
		}
		n, err := munireg.ParseMunicipalityNumber(rec[0])
		if err != nil {
			return nil, fmt.Errorf("dataset: line %d: %w", i+2, err)
		}
		ref := Reference{Number: n, Name: rec[1], County: rec[2], CountyName: rec[3]}
		if rec[4] != "" {
			if ref.OrgNumber, err = munireg.ParseOrgNumber(rec[4]); err != nil {
				return nil, fmt.Errorf("dataset: line %d: %w", i+2, err)
			}
		}
		out = append(out, ref)
	}
	return out, nil
}

// Generate makes a register of the size from the reference municipalities,
// deterministically for seed.
func Generate(ref []Reference, size Size, seed uint64) Dataset {
	n := size.N
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	id := func() string { return uuid.Must(uuid.NewRandomFromReader(readerOf(rng))).String() }
	day := func(y int) time.Time { return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC) }
	var d Dataset
	counties := map[string]int{}
	for copy := range n {
		suffix := ""
		if copy > 0 {
			suffix = fmt.Sprintf(" %d", copy+1)
		}
		for _, r := range ref {
			o := munireg.Organization{ID: id(), Name: r.Name + suffix, Kind: munireg.KindKommune,
				Municipality: r.Number, Valid: munireg.Period{From: day(2024)}}
			if copy == 0 {
				o.OrgNumber = r.OrgNumber
			}
			size := 500 + rng.Int64N(60000)
			for y := FirstYear; y <= LastYear+1; y++ {
				size += size * (rng.Int64N(31) - 10) / 1000 // −1 % to +2 % a year
				o.Population = append(o.Population, munireg.PopulationCount{Date: day(y), Count: size})
			}
			d.Municipalities = append(d.Municipalities, o)
			if _, ok := counties[r.County+suffix]; !ok {
				counties[r.County+suffix] = len(d.Counties)
				d.Counties = append(d.Counties, munireg.Organization{ID: id(), Name: r.CountyName + " fylkeskommune" + suffix,
					Kind: munireg.KindFylkeskommune, Valid: munireg.Period{From: day(2024)}})
			}
		}
	}
	owners := append(append([]munireg.Organization(nil), d.Municipalities...), d.Counties...)
	kinds := []munireg.Kind{munireg.KindAS, munireg.KindAS, munireg.KindAS, munireg.KindIKS, munireg.KindKF, munireg.KindSA}
	for i := range size.Entities {
		d.Entities = append(d.Entities, munireg.Organization{ID: id(), Name: fmt.Sprintf("Selskap %05d", i+1),
			Kind: kinds[rng.IntN(len(kinds))]})
	}

	// Each entity gets owners until the positions run out: ten on average,
	// shares drawn at random, covering 50–100 % of the entity, rounded down
	// to four places so that they never sum above 1. One in ten positions
	// is held by an entity created earlier, which makes chains.
	firstYear := LastYear - size.Years + 1
	for _, e := range d.Entities {
		k := size.PositionsPerEntity
		weights := make([]int64, k)
		var sum int64
		for j := range weights {
			weights[j] = 100 + rng.Int64N(900)
			sum += weights[j]
		}
		cover := 5000 + rng.Int64N(5001) // in ten-thousandths
		seen := map[string]bool{e.ID: true}
		for j := range k {
			var owner string
			for owner == "" || seen[owner] {
				if rng.IntN(10) == 0 && len(d.Positions) > 0 {
					owner = d.Entities[rng.IntN(len(d.Entities))].ID
					if owner >= e.ID { // only earlier IDs: no cycles
						owner = ""
					}
				} else {
					owner = owners[rng.IntN(len(owners))].ID
				}
			}
			seen[owner] = true
			share := decimal.New(weights[j]*cover/sum, -4)
			p := ownership.Position{ID: id(), Owner: owner, Entity: e.ID, Economic: share,
				Valid: munireg.Period{From: day(firstYear)}, Category: ownership.CategoryFinancial}
			if rng.IntN(4) == 0 {
				p.BookValue = decimal.NewNullDecimal(decimal.New(1000+rng.Int64N(100_000_000), -2))
			}
			d.Positions = append(d.Positions, p)
		}
	}

	// Every position has one flow a year: mostly dividends, some owner-loan
	// interest, a few capital contributions.
	for _, p := range d.Positions {
		for y := firstYear; y <= LastYear; y++ {
			f := ownership.Flow{ID: id(), Owner: p.Owner, Entity: p.Entity, Year: y,
				Paid: time.Date(y+1, 5, 1+rng.IntN(28), 0, 0, 0, 0, time.UTC), Kind: ownership.FlowDividend,
				Amount: decimal.New(rng.Int64N(500_000_000), -2)}
			switch r := rng.IntN(20); {
			case r < 3:
				f.Kind = ownership.FlowLoanInterest
			case r == 3:
				f.Kind = ownership.FlowCapitalContribution
			}
			d.Flows = append(d.Flows, f)
		}
	}

	d.Organizations = append(append(append([]munireg.Organization(nil), d.Municipalities...), d.Counties...), d.Entities...)
	d.Forum = ownership.Forum{Name: "Alle eiere"}
	for _, o := range owners {
		d.Forum.Owners = append(d.Forum.Owners, o.ID)
	}
	return d
}

// readerOf reads random bytes from the generator, so that a seed gives the
// same IDs every time.
func readerOf(rng *rand.Rand) io.Reader { return rngReader{rng} }

type rngReader struct{ rng *rand.Rand }

func (r rngReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r.rng.UintN(256))
	}
	return len(p), nil
}
