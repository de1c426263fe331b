package cooperation

import (
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/munireg/munireg"
	"github.com/shopspring/decimal"
)

// Agreement is a cooperation between organizations in one of the forms of
// kommuneloven § 17-1, with its versions over time.
type Agreement struct {
	// ID is the register's stable identifier of the agreement.
	ID string
	// Name is the cooperation's name, such as "Vestfold Interkommunale
	// Vannverk IKS".
	Name string
	// Form is the legal form.
	Form Form
	// OrgNumber is the organisasjonsnummer of the cooperation's own legal
	// person or registered body, if it has one.
	OrgNumber munireg.OrgNumber
	// Versions are the adopted versions, in ascending order of Valid.From.
	Versions []Version
	// Revision is the record's version in the register (not to be confused
	// with the agreement's adopted Versions): it changes with every change to
	// the stored agreement, and writes name the revision they read so that no
	// change is lost. Zero for an agreement not yet stored.
	Revision int64
}

// Version is one adopted version of an agreement (selskapsavtale,
// samarbeidsavtale): who takes part, on what terms, from when.
type Version struct {
	// Adopted is when the version was adopted (by the last participant's
	// kommunestyre). It may fall after Valid.From, since agreements are
	// lawfully given effect from an earlier date, but not on or after
	// Valid.To.
	Adopted time.Time
	// Valid is when the version is in force. A version without Valid.To
	// lasts until the next version begins.
	Valid munireg.Period
	// Purpose is the cooperation's purpose (formål).
	Purpose string
	// Host is the Organization.ID of the host municipality (vertskommune) or
	// office municipality (kontorkommune); it must be a participating
	// kommune or fylkeskommune. Required for the vertskommune forms.
	Host string
	// Participants are the participating organizations and their terms.
	Participants []Participant
	// Key is the cost-sharing key (fordelingsnøkkel); a key without
	// components means the version has none.
	Key Key
	// Tariff, when set, is the version's price list instead: each
	// participant pays base + rate × its quantity, within floor and cap
	// (see Tariff).
	Tariff *Tariff
}

// Participant is one organization's part in a version of an agreement.
type Participant struct {
	// Organization is the participating organization; its ID identifies the
	// participant and is the Ref of the Party made from it.
	Organization munireg.Organization
	// Ownership is the eierandel, in [0, 1]. Required for IKS and
	// kommunalt oppgavefellesskap, where the eierandeler sum to exactly 1.
	Ownership decimal.NullDecimal
	// Liability is the ansvarsandel, in [0, 1]; when not set it is the
	// eierandel (IKS-loven § 3). See LiabilityShare.
	Liability decimal.NullDecimal
	// CostShare is the participant's explicit share under a key component
	// with BasisShare, in [0, 1].
	CostShare decimal.NullDecimal
	// Contribution is the capital contribution (innskudd), zero or positive.
	Contribution decimal.Decimal
	// Seats is the number of seats the participant has in each governing
	// body, by the body's name ("representantskap", "styre").
	Seats map[string]int
}

// LiabilityShare returns the participant's ansvarsandel: Liability when set,
// otherwise Ownership (IKS-loven § 3), and false when neither is set.
func (p Participant) LiabilityShare() (decimal.Decimal, bool) {
	if p.Liability.Valid {
		return p.Liability.Decimal, true
	}
	return p.Ownership.Decimal, p.Ownership.Valid
}

// Validate checks the agreement and all its versions against the law and
// common sense: a name, a known form, at least one version, versions in
// ascending order that do not overlap, and each version valid for the form
// (see Version.Validate). It returns every violation as ValidationErrors;
// the fields of a version are under "versions[i]", as in
// "versions[0].participants[*].ownership".
func (a Agreement) Validate() error {
	var errs ValidationErrors
	if a.Name == "" {
		errs.Add("name", munireg.ErrRequired)
	} else if err := munireg.CheckText(a.Name); err != nil {
		errs.Add("name", err)
	}
	if err := a.Form.Validate(); err != nil {
		errs.Add("form", err)
	}
	if len(a.Versions) == 0 {
		errs.Add("versions", munireg.ErrRequired)
	}
	for i, v := range a.Versions {
		field := fmt.Sprintf("versions[%d]", i)
		errs.Merge(field, v.Validate(a.Form))
		if i == 0 || v.Valid.From.IsZero() {
			continue
		}
		prev := a.Versions[i-1].Valid
		switch {
		case !v.Valid.From.After(prev.From):
			errs.Add(field+".valid.from", fmt.Errorf("%w: version %d must begin after version %d", ErrInvalidDates, i, i-1))
		case !prev.To.IsZero() && prev.To.After(v.Valid.From):
			errs.Add(field+".valid.from", fmt.Errorf("%w: version %d begins before version %d ends", ErrInvalidDates, i, i-1))
		}
	}
	return errs.Err()
}

// AsOf returns the version in force at t, and false when none is. It
// expects the versions in ascending order (see Validate).
func (a Agreement) AsOf(t time.Time) (Version, bool) {
	for i := len(a.Versions) - 1; i >= 0; i-- {
		v := a.Versions[i]
		if v.Valid.From.After(t) {
			continue
		}
		return v, v.Valid.To.IsZero() || t.Before(v.Valid.To)
	}
	return Version{}, false
}

// Validate checks a version against the rules of form f and common sense:
//
//   - dates: Valid.From and Adopted set, Valid ordered, Adopted before
//     Valid.To;
//   - participants: at least two, each a valid organization, none twice, each
//     of a kind f allows (IKS-loven § 1: only kommuner, fylkeskommuner and
//     IKS in an IKS);
//   - shares (eierandel, ansvarsandel, cost share) in [0, 1]; for IKS and
//     kommunalt oppgavefellesskap an explicit eierandel for every participant,
//     the eierandeler and the ansvarsandeler each summing to exactly 1; for
//     other forms the given shares summing to at most 1;
//   - contributions and seats not negative; purpose and body names text
//     (munireg.CheckText);
//   - a host among the participants, a kommune or fylkeskommune, required for
//     the vertskommune forms;
//   - the key valid, and the shares it reads present (and summing to exactly 1
//     unless the key normalizes); the tariff, if any, valid.
//
// It returns every violation as ValidationErrors with fields relative to the
// version: "adopted", "valid.from", "valid.to", "purpose", "participants",
// "participants[i].organization.…", "participants[i].ownership",
// "participants[i].liability", "participants[i].costShare",
// "participants[i].contribution", "participants[i].seats.<body>",
// "participants[*].ownership" / "liability" / "costShare" (sums), "host",
// "key.components…" and "tariff.…". Sums are checked only when every share is valid on its
// own.
func (v Version) Validate(f Form) error {
	var errs ValidationErrors
	if v.Adopted.IsZero() {
		errs.Add("adopted", munireg.ErrRequired)
	} else if !v.Valid.To.IsZero() && !v.Adopted.Before(v.Valid.To) {
		errs.Add("adopted", fmt.Errorf("%w: adopted after the version ended", ErrInvalidDates))
	}
	if v.Valid.From.IsZero() {
		errs.Add("valid.from", munireg.ErrRequired)
	}
	errs.Merge("valid", v.Valid.Validate())
	if len(v.Participants) < 2 {
		errs.Add("participants", ErrTooFewParticipants)
	}
	if err := munireg.CheckText(v.Purpose); err != nil {
		errs.Add("purpose", err)
	}

	keyUsesShare, keyUsesOwnership := false, false
	if len(v.Key.Components) > 0 {
		errs.Merge("key", v.Key.Validate())
		keyUsesShare, keyUsesOwnership = v.Key.uses(BasisShare), v.Key.uses(BasisOwnership)
	}
	if v.Tariff != nil {
		errs.Merge("tariff", v.Tariff.Validate())
	}

	seen := make(map[string]bool, len(v.Participants))
	sharesValid := true
	for i, p := range v.Participants {
		field := fmt.Sprintf("participants[%d]", i)
		o := p.Organization
		errs.Merge(field+".organization", o.Validate())
		if o.ID != "" && seen[o.ID] {
			errs.Add(field+".organization.id", fmt.Errorf("%w: %q", ErrDuplicateParticipant, o.ID))
		}
		seen[o.ID] = true
		if f.Validate() == nil && o.Kind.Validate() == nil && !f.Allows(o.Kind) {
			errs.Add(field+".organization.kind", fmt.Errorf("%w: a %s cannot take part in a %s", ErrParticipantNotAllowed, o.Kind, f.Name()))
		}
		for _, share := range []struct {
			name  string
			value decimal.NullDecimal
		}{{"ownership", p.Ownership}, {"liability", p.Liability}, {"costShare", p.CostShare}} {
			if share.value.Valid {
				n := len(errs)
				checkShare(&errs, func(name string) string { return field + "." + name }, share.name, share.value.Decimal)
				sharesValid = sharesValid && len(errs) == n
			}
		}
		switch {
		case p.Ownership.Valid:
		case f.RequiresShares():
			errs.Add(field+".ownership", fmt.Errorf("%w: a %s needs an explicit eierandel", munireg.ErrRequired, f.Name()))
			sharesValid = false
		case keyUsesOwnership:
			errs.Add(field+".ownership", fmt.Errorf("%w: the key splits by eierandel", ErrMissingBasis))
			sharesValid = false
		}
		if !p.CostShare.Valid && keyUsesShare {
			errs.Add(field+".costShare", fmt.Errorf("%w: the key splits by explicit share", ErrMissingBasis))
			sharesValid = false
		}
		if err := munireg.CheckRange(p.Contribution); err != nil {
			errs.Add(field+".contribution", err)
		} else if p.Contribution.Sign() < 0 {
			errs.Add(field+".contribution", fmt.Errorf("%w: %s", ErrNegative, p.Contribution))
		}
		for _, body := range slices.Sorted(maps.Keys(p.Seats)) {
			switch {
			case body == "":
				errs.Add(field+".seats", fmt.Errorf("%w: body name", munireg.ErrRequired))
			case munireg.CheckText(body) != nil:
				errs.Add(field+".seats", fmt.Errorf("%w: body name", munireg.ErrInvalidText))
			case p.Seats[body] < 0:
				errs.Add(field+".seats."+body, fmt.Errorf("%w: %d", ErrNegative, p.Seats[body]))
			}
		}
	}
	if sharesValid {
		v.checkShareSums(&errs, f, keyUsesShare, keyUsesOwnership)
	}

	switch host := v.host(); {
	case v.Host == "" && f.RequiresHost():
		errs.Add("host", fmt.Errorf("%w: a %s needs a vertskommune", munireg.ErrRequired, f.Name()))
	case v.Host != "" && (host == nil || !host.Organization.Kind.Municipal()):
		errs.Add("host", fmt.Errorf("%w: %q", ErrHostNotParticipant, v.Host))
	}
	return errs.Err()
}

// host returns the participant named by Host, or nil.
func (v Version) host() *Participant {
	for i := range v.Participants {
		if v.Participants[i].Organization.ID == v.Host {
			return &v.Participants[i]
		}
	}
	return nil
}

// checkShareSums checks the sums of the eierandeler, the ansvarsandeler and
// the cost shares.
func (v Version) checkShareSums(errs *ValidationErrors, f Form, keyUsesShare, keyUsesOwnership bool) {
	one := decimal.NewFromInt(1)
	var ownership, liability, cost decimal.Decimal
	anyOwnership, anyLiability := false, false
	for _, p := range v.Participants {
		if p.Ownership.Valid {
			ownership, anyOwnership = ownership.Add(p.Ownership.Decimal), true
		}
		if l, ok := p.LiabilityShare(); ok {
			liability = liability.Add(l)
		}
		anyLiability = anyLiability || p.Liability.Valid
		if p.CostShare.Valid {
			cost = cost.Add(p.CostShare.Decimal)
		}
	}
	exact := f.RequiresShares() || (keyUsesOwnership && !v.Key.Normalize)
	switch {
	case exact && !ownership.Equal(one):
		errs.Add("participants[*].ownership", fmt.Errorf("%w: eierandeler sum to %s", ErrShareSum, ownership))
	case !exact && anyOwnership && ownership.GreaterThan(one):
		errs.Add("participants[*].ownership", fmt.Errorf("%w: eierandeler sum to %s, more than 1", ErrShareSum, ownership))
	}
	if anyLiability {
		switch {
		case f.RequiresShares() && !liability.Equal(one):
			errs.Add("participants[*].liability", fmt.Errorf("%w: ansvarsandeler sum to %s", ErrShareSum, liability))
		case liability.GreaterThan(one):
			errs.Add("participants[*].liability", fmt.Errorf("%w: ansvarsandeler sum to %s, more than 1", ErrShareSum, liability))
		}
	}
	if keyUsesShare && !v.Key.Normalize && !cost.Equal(one) {
		errs.Add("participants[*].costShare", fmt.Errorf("%w: cost shares sum to %s", ErrShareSum, cost))
	}
}

// Parties returns the version's participants as allocation parties as of a
// date: Ref is the organization ID, Population the latest count on or before
// asOf, Ownership the eierandel, Share the cost share, and Metrics the
// participant's value of each metric in metrics (metric name → organization
// ID → value, the metered use for the period).
//
// It returns ValidationErrors with field
// "participants[i].organization.population" (ErrMissingBasis) when the key
// weighs population and a participant has no count as of asOf, and
// "metrics.<name>.<ref>" (ErrUnknownRef) for metered values of organizations
// that do not participate. Other gaps surface when Allocate checks the
// parties.
func (v Version) Parties(asOf time.Time, metrics map[string]map[string]decimal.Decimal) ([]Party, error) {
	var errs ValidationErrors
	needPopulation := v.Key.uses(BasisPopulation)
	parties := make([]Party, len(v.Participants))
	ids := make(map[string]bool, len(v.Participants))
	for i, p := range v.Participants {
		ref := p.Organization.ID
		ids[ref] = true
		party := Party{Ref: ref, Share: p.CostShare.Decimal, Ownership: p.Ownership.Decimal}
		if c, ok := p.Organization.Population.AsOf(asOf); ok {
			party.Population = c.Count
		} else if needPopulation {
			errs.Add(fmt.Sprintf("participants[%d].organization.population", i),
				fmt.Errorf("%w: no population as of %s", ErrMissingBasis, asOf.Format(time.DateOnly)))
		}
		for name, byRef := range metrics {
			if value, ok := byRef[ref]; ok {
				if party.Metrics == nil {
					party.Metrics = make(map[string]decimal.Decimal, len(metrics))
				}
				party.Metrics[name] = value
			}
		}
		parties[i] = party
	}
	for _, name := range slices.Sorted(maps.Keys(metrics)) {
		for _, ref := range slices.Sorted(maps.Keys(metrics[name])) {
			if !ids[ref] {
				errs.Add("metrics."+name+"."+ref, fmt.Errorf("%w: %q", ErrUnknownRef, ref))
			}
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return parties, nil
}
