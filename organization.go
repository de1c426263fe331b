package munireg

import (
	"fmt"
	"time"
)

// Organization is a body in the register: a kommune, a fylkeskommune, the
// state or a state body, or a company or body they own or cooperate through.
type Organization struct {
	// ID is the register's stable identifier of the organization (the store
	// assigns a UUID). It is the reference the domain packages use for the
	// organization, including as the tie-break key of an allocation.
	ID string
	// Name is the organization's name, such as "Volda kommune".
	Name string
	// Kind is what the organization is in law.
	Kind Kind
	// OrgNumber is the organisasjonsnummer; zero when it has none.
	OrgNumber OrgNumber
	// Municipality is the kommunenummer of a kommune; zero otherwise.
	Municipality MunicipalityNumber
	// Valid is when the organization exists (a kommune merged away in 2020
	// has a To date) and its numbers above are in force.
	Valid Period
	// Population is the organization's population over time (folkemengde
	// per 1 January, SSB table 07459), used by cost-sharing keys.
	Population PopulationSeries
}

// Validate checks that the organization has an ID, a name and a known kind,
// that its validity period is ordered and its population series valid. It
// returns every violation as ValidationErrors with fields "id", "name",
// "kind", "valid.to" and "population[i].date" / "population[i].count".
func (o Organization) Validate() error {
	var errs ValidationErrors
	if o.ID == "" {
		errs.Add("id", ErrRequired)
	}
	if o.Name == "" {
		errs.Add("name", ErrRequired)
	}
	if err := o.Kind.Validate(); err != nil {
		errs.Add("kind", err)
	}
	errs.Merge("valid", o.Valid.Validate())
	errs.Merge("population", o.Population.Validate())
	return errs.Err()
}

// PopulationCount is an organization's population on a date, normally the
// folkemengde on 1 January of a year.
type PopulationCount struct {
	Date  time.Time
	Count int64
}

// PopulationSeries is a population over time, in ascending order of date.
type PopulationSeries []PopulationCount

// AsOf returns the latest count dated on or before t, and false when there
// is none. It does not rely on the order of the series.
func (s PopulationSeries) AsOf(t time.Time) (PopulationCount, bool) {
	var best PopulationCount
	found := false
	for _, c := range s {
		if c.Date.After(t) {
			continue
		}
		if !found || c.Date.After(best.Date) {
			best, found = c, true
		}
	}
	return best, found
}

// Validate checks that every count has a date, dates strictly ascend and no
// count is negative. Fields are "[i].date" and "[i].count", wrapping
// ErrInvalidPopulation (or ErrRequired for a missing date).
func (s PopulationSeries) Validate() error {
	var errs ValidationErrors
	for i, c := range s {
		switch {
		case c.Date.IsZero():
			errs.Add(fmt.Sprintf("[%d].date", i), ErrRequired)
		case i > 0 && !c.Date.After(s[i-1].Date):
			errs.Add(fmt.Sprintf("[%d].date", i), fmt.Errorf("%w: dates must ascend", ErrInvalidPopulation))
		}
		if c.Count < 0 {
			errs.Add(fmt.Sprintf("[%d].count", i), fmt.Errorf("%w: negative count %d", ErrInvalidPopulation, c.Count))
		}
	}
	return errs.Err()
}
