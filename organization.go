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
	// Municipality is the kommunenummer of a kommune or the fylkesnummer
	// part of a fylkeskommune's; zero otherwise. Read from the register it
	// is the number in force on the date asked about (see
	// MunicipalityHistory).
	Municipality MunicipalityNumber
	// MunicipalityHistory is every kommunenummer the organization has had,
	// oldest first: numbers change with reforms (Bergen was 1201 until 2020
	// and is 4601 since) while the municipality stays the same. Empty means
	// Municipality has always been its number.
	MunicipalityHistory []NumberPeriod
	// Valid is when the organization exists (a kommune merged away in 2020
	// has a To date).
	Valid Period
	// Revision is the record's version in the register, which changes with
	// every change; writes name the revision they read, so that no change is
	// lost (the API's ETag). Zero for a record not yet stored.
	Revision int64
	// Population is the organization's population over time (folkemengde
	// per 1 January, SSB table 07459), used by cost-sharing keys.
	Population PopulationSeries
}

// Validate checks that the organization has an ID, a name (text, see
// CheckText) and a known kind,
// that its validity period is ordered, its kommunenummer history made of
// numbers in ordered periods that do not overlap, and its population series
// valid. It returns every violation as ValidationErrors with fields "id",
// "name", "kind", "valid.to", "municipalityHistory[i].number",
// "municipalityHistory[i].valid[.to]" and "population[i].date" /
// "population[i].count".
func (o Organization) Validate() error {
	var errs ValidationErrors
	if o.ID == "" {
		errs.Add("id", ErrRequired)
	}
	if o.Name == "" {
		errs.Add("name", ErrRequired)
	} else if err := CheckText(o.Name); err != nil {
		errs.Add("name", err)
	}
	if err := o.Kind.Validate(); err != nil {
		errs.Add("kind", err)
	}
	errs.Merge("valid", o.Valid.Validate())
	for i, n := range o.MunicipalityHistory {
		field := fmt.Sprintf("municipalityHistory[%d]", i)
		if n.Number.IsZero() {
			errs.Add(field+".number", ErrRequired)
		}
		errs.Merge(field+".valid", n.Valid.Validate())
		if i > 0 && n.Valid.Overlaps(o.MunicipalityHistory[i-1].Valid) {
			errs.Add(field+".valid", fmt.Errorf("%w: overlaps the number before it", ErrInvalidPeriod))
		}
	}
	errs.Merge("population", o.Population.Validate())
	return errs.Err()
}

// NumberPeriod is a kommunenummer and when it was in force.
type NumberPeriod struct {
	Number MunicipalityNumber
	Valid  Period
}

// NumberAsOf returns the kommunenummer in force at t from the history, or
// Municipality when there is no history, and false when none was in force.
func (o Organization) NumberAsOf(t time.Time) (MunicipalityNumber, bool) {
	if len(o.MunicipalityHistory) == 0 {
		return o.Municipality, !o.Municipality.IsZero()
	}
	for _, n := range o.MunicipalityHistory {
		if n.Valid.Contains(t) {
			return n.Number, true
		}
	}
	return MunicipalityNumber{}, false
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

// Succession records that one organization's rights and duties passed to
// another on a date: a municipality merged into a new one (2020: Ålesund,
// Haram and others became Ålesund), or split from it again (2024).
type Succession struct {
	// Predecessor and Successor are Organization.IDs.
	Predecessor, Successor string
	// Effective is the date the successor took over.
	Effective time.Time
}

// Validate checks that both organizations are given and differ, and that
// the date is set. Fields are "predecessor", "successor" and "effective".
func (s Succession) Validate() error {
	var errs ValidationErrors
	if s.Predecessor == "" {
		errs.Add("predecessor", ErrRequired)
	}
	switch {
	case s.Successor == "":
		errs.Add("successor", ErrRequired)
	case s.Successor == s.Predecessor:
		errs.Add("successor", fmt.Errorf("%w: an organization cannot succeed itself", ErrDuplicateRef))
	}
	if s.Effective.IsZero() {
		errs.Add("effective", ErrRequired)
	}
	return errs.Err()
}
