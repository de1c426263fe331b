package bench

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/internal/dataset"
)

func yearEnd(year int) time.Time { return time.Date(year, time.December, 31, 0, 0, 0, 0, time.UTC) }

// Reference is the dataset generator's reference municipalities, read from
// the reference data shipped in the binary (munireg.Municipalities2024 and
// Counties2024), so that the command needs no file: the same rows as
// dataset.ReadReferenceFile("testdata/municipalities_2024.csv"). The county
// names are the counties' in order of county number; Oslo, which has no
// fylkeskommune, is named after the municipality.
func Reference() ([]dataset.Reference, error) {
	municipalities, err := munireg.Municipalities2024()
	if err != nil {
		return nil, err
	}
	counties, err := munireg.Counties2024()
	if err != nil {
		return nil, err
	}
	const oslo = "03"
	var numbers []string
	osloName := ""
	for _, m := range municipalities {
		c := m.Municipality.County()
		if c == oslo && m.Municipality.String() == "0301" {
			osloName = m.Name
		}
		if !slices.Contains(numbers, c) {
			numbers = append(numbers, c)
		}
	}
	slices.Sort(numbers)
	names := map[string]string{}
	i := 0
	for _, n := range numbers {
		if n == oslo {
			names[n] = osloName
			continue
		}
		if i >= len(counties) {
			return nil, fmt.Errorf("bench: reference data: %d counties for %d county numbers", len(counties), len(numbers))
		}
		names[n] = strings.TrimSuffix(counties[i].Name, " fylkeskommune")
		i++
	}
	if i != len(counties) || osloName == "" {
		return nil, fmt.Errorf("bench: reference data: %d counties for %d county numbers", len(counties), len(numbers))
	}
	out := make([]dataset.Reference, 0, len(municipalities))
	for _, m := range municipalities {
		c := m.Municipality.County()
		out = append(out, dataset.Reference{Number: m.Municipality, Name: m.Name, County: c, CountyName: names[c],
			OrgNumber: m.OrgNumber})
	}
	return out, nil
}
