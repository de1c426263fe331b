package munireg

import (
	"bytes"
	_ "embed" // the reference data ships in the binary
	"encoding/csv"
	"fmt"
	"time"
)

// municipalities2024 is testdata/municipalities_2024.csv: the 357
// municipalities of 2024 (provenance in testdata/README.md).
//
//go:embed testdata/municipalities_2024.csv
var municipalities2024 []byte

// counties2024 is testdata/counties_2024.csv: the 15 counties of 2024
// (provenance in testdata/README.md).
//
//go:embed testdata/counties_2024.csv
var counties2024 []byte

// Reform2024 is the day the 2024 municipal and county reform took effect.
var Reform2024 = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// Municipalities2024 returns the 357 municipalities of 2024 from the
// reference data shipped with munireg, in its order: name (as the source
// gives it, some only in their Sámi form), kind kommune, organisasjonsnummer
// (Haram, re-established in 2024, has none), and the kommunenummer history
// the data knows: the 2023 number until the reform and the 2024 number from
// it when they differ, the one number otherwise. IDs are left empty.
func Municipalities2024() ([]Organization, error) {
	rows, err := csv.NewReader(bytes.NewReader(municipalities2024)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("munireg: reference municipalities: %w", err)
	}
	if len(rows) < 2 {
		return nil, fmt.Errorf("munireg: reference municipalities: no rows")
	}
	out := make([]Organization, 0, len(rows)-1)
	for i, r := range rows[1:] {
		line := i + 2
		if len(r) < 6 {
			return nil, fmt.Errorf("munireg: reference municipalities, line %d: %d fields, want 6", line, len(r))
		}
		n2024, err := ParseMunicipalityNumber(r[0])
		if err != nil {
			return nil, fmt.Errorf("munireg: reference municipalities, line %d: %w", line, err)
		}
		o := Organization{Name: r[1], Kind: KindKommune, Municipality: n2024}
		if r[4] != "" {
			if o.OrgNumber, err = ParseOrgNumber(r[4]); err != nil {
				return nil, fmt.Errorf("munireg: reference municipalities, line %d: %w", line, err)
			}
		}
		switch {
		case r[5] == "":
			// New in 2024 (Haram, split from Ålesund again).
			o.Valid = Period{From: Reform2024}
			o.MunicipalityHistory = []NumberPeriod{{Number: n2024, Valid: Period{From: Reform2024}}}
		case r[5] != r[0]:
			n2023, err := ParseMunicipalityNumber(r[5])
			if err != nil {
				return nil, fmt.Errorf("munireg: reference municipalities, line %d: %w", line, err)
			}
			o.MunicipalityHistory = []NumberPeriod{
				{Number: n2023, Valid: Period{To: Reform2024}},
				{Number: n2024, Valid: Period{From: Reform2024}},
			}
		default:
			o.MunicipalityHistory = []NumberPeriod{{Number: n2024}}
		}
		out = append(out, o)
	}
	return out, nil
}

// Counties2024 returns the fylkeskommuner of 2024 from the reference data
// shipped with munireg: 14 organizations of kind fylkeskommune named
// "<fylke> fylkeskommune", without organisation numbers (the reference data
// has none for them). The 15th county, Oslo, has no fylkeskommune: Oslo
// kommune, among Municipalities2024, has the county functions. IDs are left
// empty.
func Counties2024() ([]Organization, error) {
	rows, err := csv.NewReader(bytes.NewReader(counties2024)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("munireg: reference counties: %w", err)
	}
	if len(rows) < 2 {
		return nil, fmt.Errorf("munireg: reference counties: no rows")
	}
	var out []Organization
	for i, r := range rows[1:] {
		if len(r) < 5 {
			return nil, fmt.Errorf("munireg: reference counties, line %d: %d fields, want at least 5", i+2, len(r))
		}
		if Kind(r[3]) != KindFylkeskommune {
			continue // Oslo: the kommune is the county
		}
		o := Organization{Name: r[2], Kind: KindFylkeskommune}
		if r[4] != "" {
			if o.OrgNumber, err = ParseOrgNumber(r[4]); err != nil {
				return nil, fmt.Errorf("munireg: reference counties, line %d: %w", i+2, err)
			}
		}
		out = append(out, o)
	}
	return out, nil
}
