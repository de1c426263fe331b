package cooperation

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/munireg/munireg"
	"github.com/shopspring/decimal"
)

// Overview is the overview of a municipality's inter-municipal cooperation
// that kommuneloven § 17-3 asks every kommune and fylkeskommune to keep:
// every cooperation it takes part in on a date, with what the law and the
// agreement say about it.
type Overview struct {
	// Organization is the municipality the overview is of.
	Organization munireg.Organization
	// AsOf is the date of the overview.
	AsOf time.Time
	// Entries has one entry per agreement with a version in force on AsOf in
	// which the municipality takes part, in order of name, then ID.
	Entries []OverviewEntry
}

// OverviewEntry is one cooperation in an Overview.
type OverviewEntry struct {
	// Agreement is the Agreement.ID; Name and OrgNumber are its own.
	Agreement string
	Name      string
	OrgNumber munireg.OrgNumber
	// Form is the legal form; FormName, LegalBasis, LegalPerson and
	// Liability are what the law says of it.
	Form        Form
	FormName    string
	LegalBasis  string
	LegalPerson LegalPerson
	Liability   Liability
	// Purpose is the version's purpose (formål).
	Purpose string
	// Host is the Organization.ID of the host or office municipality, if
	// any; Hosting says whether it is the municipality itself.
	Host    string
	Hosting bool
	// Participants is the number of participants; Others their names, the
	// municipality itself left out, in the version's order.
	Participants int
	Others       []string
	// Ownership and Liability shares are the municipality's eierandel and
	// ansvarsandel where the version gives them; Contribution its innskudd.
	Ownership, LiabilityShare decimal.NullDecimal
	Contribution              decimal.Decimal
	// Seats are the municipality's seats by governing body.
	Seats map[string]int
	// Key describes the cost-sharing key; Tariff says whether the version
	// prices by a tariff instead.
	Key    Key
	Tariff bool
	// Since is when the version in force began; Adopted when it was
	// adopted.
	Since, Adopted time.Time
}

// OverviewOf makes the § 17-3 overview of the municipality org as of asOf
// from the agreements (those it takes part in on that date are kept; the
// others are ignored). It returns a ValidationError on "organization" when
// org is not a kommune or fylkeskommune (the duty is theirs), and
// ValidationErrors naming "agreements[i]…" for an agreement that does not
// validate.
func OverviewOf(org munireg.Organization, agreements []Agreement, asOf time.Time) (Overview, error) {
	var errs ValidationErrors
	if !org.Kind.Municipal() {
		errs.Add("organization", fmt.Errorf("%w: a %s keeps no § 17-3 overview", ErrParticipantNotAllowed, org.Kind))
	}
	for i, a := range agreements {
		errs.Merge(fmt.Sprintf("agreements[%d]", i), a.Validate())
	}
	if err := errs.Err(); err != nil {
		return Overview{}, err
	}
	out := Overview{Organization: org, AsOf: asOf, Entries: []OverviewEntry{}}
	for _, a := range agreements {
		v, ok := a.AsOf(asOf)
		if !ok {
			continue
		}
		i := slices.IndexFunc(v.Participants, func(p Participant) bool { return p.Organization.ID == org.ID })
		if i < 0 {
			continue
		}
		p := v.Participants[i]
		e := OverviewEntry{Agreement: a.ID, Name: a.Name, OrgNumber: a.OrgNumber, Form: a.Form,
			FormName: a.Form.Name(), LegalBasis: a.Form.LegalBasis(), LegalPerson: a.Form.LegalPerson(),
			Liability: a.Form.Liability(), Purpose: v.Purpose, Host: v.Host, Hosting: v.Host == org.ID,
			Participants: len(v.Participants), Ownership: p.Ownership, Contribution: p.Contribution,
			Seats: p.Seats, Key: v.Key, Tariff: v.Tariff != nil, Since: v.Valid.From, Adopted: v.Adopted}
		if l, ok := p.LiabilityShare(); ok {
			e.LiabilityShare = decimal.NewNullDecimal(l)
		}
		for _, q := range v.Participants {
			if q.Organization.ID != org.ID {
				e.Others = append(e.Others, q.Organization.Name)
			}
		}
		out.Entries = append(out.Entries, e)
	}
	slices.SortFunc(out.Entries, func(x, y OverviewEntry) int {
		return cmp.Or(cmp.Compare(x.Name, y.Name), cmp.Compare(x.Agreement, y.Agreement))
	})
	return out, nil
}
