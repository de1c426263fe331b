package cooperation_test

import (
	"testing"
	"time"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/cooperation"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// org is a valid organization of a kind.
func org(id string, kind munireg.Kind) munireg.Organization {
	return munireg.Organization{ID: id, Name: id, Kind: kind}
}

// iks is a valid two-participant IKS agreement for the rule tests to break.
func iks(t testing.TB) cooperation.Agreement {
	return cooperation.Agreement{
		Name: "Test IKS",
		Form: cooperation.FormIKS,
		Versions: []cooperation.Version{{
			Adopted: date(2023, 12, 1),
			Valid:   munireg.Period{From: date(2024, 1, 1)},
			Participants: []cooperation.Participant{
				{Organization: org("A", munireg.KindKommune), Ownership: nd(t, "0.6"), Seats: map[string]int{"representantskap": 2}},
				{Organization: org("B", munireg.KindFylkeskommune), Ownership: nd(t, "0.4"), Seats: map[string]int{"representantskap": 1}},
			},
		}},
	}
}

func TestAgreementValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(a *cooperation.Agreement)
		fields []string
		errs   []error
	}{
		{"valid IKS", func(a *cooperation.Agreement) {}, nil, nil},
		{"IKS may take part in an IKS", func(a *cooperation.Agreement) {
			a.Versions[0].Participants[1].Organization.Kind = munireg.KindIKS
		}, nil, nil},
		{"retroactive adoption", func(a *cooperation.Agreement) {
			a.Versions[0].Adopted = date(2024, 3, 1)
			a.Versions[0].Valid.To = date(2025, 1, 1)
		}, nil, nil},
		{"name and form", func(a *cooperation.Agreement) {
			a.Name, a.Form = "", "samkommune"
		}, []string{"name", "form"}, []error{munireg.ErrRequired, cooperation.ErrInvalidForm}},
		{"no versions", func(a *cooperation.Agreement) { a.Versions = nil },
			[]string{"versions"}, []error{munireg.ErrRequired}},
		{"IKS needs explicit shares", func(a *cooperation.Agreement) {
			a.Versions[0].Participants[1].Ownership = decimal.NullDecimal{}
		}, []string{"versions[0].participants[1].ownership"}, []error{munireg.ErrRequired}},
		{"oppgavefellesskap needs explicit shares", func(a *cooperation.Agreement) {
			a.Form = cooperation.FormJointTask
			a.Versions[0].Participants[0].Ownership = decimal.NullDecimal{}
		}, []string{"versions[0].participants[0].ownership"}, []error{munireg.ErrRequired}},
		{"IKS shares sum to 0.99", func(a *cooperation.Agreement) {
			a.Versions[0].Participants[1].Ownership = nd(t, "0.39")
		}, []string{"versions[0].participants[*].ownership"}, []error{cooperation.ErrShareSum}},
		{"shares outside [0, 1]", func(a *cooperation.Agreement) {
			a.Versions[0].Participants[0].Ownership = nd(t, "1.2")
			a.Versions[0].Participants[1].Ownership = nd(t, "-0.2")
		}, []string{"versions[0].participants[0].ownership", "versions[0].participants[1].ownership"}, []error{cooperation.ErrShareRange}},
		{"ansvarsandeler sum to 0.9", func(a *cooperation.Agreement) {
			a.Versions[0].Participants[0].Liability = nd(t, "0.5")
		}, []string{"versions[0].participants[*].liability"}, []error{cooperation.ErrShareSum}},
		{"ansvarsandeler differ from eierandeler but sum to 1", func(a *cooperation.Agreement) {
			a.Versions[0].Participants[0].Liability = nd(t, "0.5")
			a.Versions[0].Participants[1].Liability = nd(t, "0.5")
		}, nil, nil},
		{"duplicate participant", func(a *cooperation.Agreement) {
			a.Versions[0].Participants[1].Organization = org("A", munireg.KindKommune)
		}, []string{"versions[0].participants[1].organization.id"}, []error{cooperation.ErrDuplicateParticipant}},
		{"AS may not take part in an IKS", func(a *cooperation.Agreement) {
			a.Versions[0].Participants[1].Organization.Kind = munireg.KindAS
		}, []string{"versions[0].participants[1].organization.kind"}, []error{cooperation.ErrParticipantNotAllowed}},
		{"invalid organization", func(a *cooperation.Agreement) {
			a.Versions[0].Participants[0].Organization.Kind = ""
			a.Versions[0].Participants[0].Organization.Name = ""
		}, []string{"versions[0].participants[0].organization.name", "versions[0].participants[0].organization.kind"},
			[]error{munireg.ErrRequired, munireg.ErrInvalidKind}},
		{"one participant", func(a *cooperation.Agreement) {
			a.Versions[0].Participants = a.Versions[0].Participants[:1]
			a.Versions[0].Participants[0].Ownership = nd(t, "1")
		}, []string{"versions[0].participants"}, []error{cooperation.ErrTooFewParticipants}},
		{"vertskommune needs a host", func(a *cooperation.Agreement) {
			a.Form = cooperation.FormHostAdministrative
		}, []string{"versions[0].host"}, []error{munireg.ErrRequired}},
		{"vertskommune with host", func(a *cooperation.Agreement) {
			a.Form = cooperation.FormHostJointBoard
			a.Versions[0].Host = "A"
			for i := range a.Versions[0].Participants {
				a.Versions[0].Participants[i].Ownership = decimal.NullDecimal{}
			}
		}, nil, nil},
		{"host not a participant", func(a *cooperation.Agreement) {
			a.Form = cooperation.FormHostAdministrative
			a.Versions[0].Host = "C"
		}, []string{"versions[0].host"}, []error{cooperation.ErrHostNotParticipant}},
		{"office in an IKS participant that is no municipality", func(a *cooperation.Agreement) {
			a.Versions[0].Participants[1].Organization.Kind = munireg.KindIKS
			a.Versions[0].Host = "B"
		}, []string{"versions[0].host"}, []error{cooperation.ErrHostNotParticipant}},
		{"dates missing", func(a *cooperation.Agreement) {
			a.Versions[0].Adopted, a.Versions[0].Valid = time.Time{}, munireg.Period{}
		}, []string{"versions[0].adopted", "versions[0].valid.from"}, []error{munireg.ErrRequired}},
		{"period reversed, adopted after the end", func(a *cooperation.Agreement) {
			a.Versions[0].Adopted = date(2024, 6, 1)
			a.Versions[0].Valid.To = date(2023, 1, 1)
		}, []string{"versions[0].adopted", "versions[0].valid.to"}, []error{cooperation.ErrInvalidDates, munireg.ErrInvalidPeriod}},
		{"versions out of order", func(a *cooperation.Agreement) {
			v := a.Versions[0]
			v.Valid.From = date(2023, 1, 1)
			a.Versions = append(a.Versions, v)
		}, []string{"versions[1].valid.from"}, []error{cooperation.ErrInvalidDates}},
		{"versions overlap", func(a *cooperation.Agreement) {
			a.Versions[0].Valid.To = date(2025, 1, 1)
			v := a.Versions[0]
			v.Valid = munireg.Period{From: date(2024, 7, 1)}
			a.Versions = append(a.Versions, v)
		}, []string{"versions[1].valid.from"}, []error{cooperation.ErrInvalidDates}},
		{"negative contribution and seats", func(a *cooperation.Agreement) {
			a.Versions[0].Participants[0].Contribution = d(t, "-1")
			a.Versions[0].Participants[1].Seats = map[string]int{"styre": -1, "": 1}
		}, []string{"versions[0].participants[0].contribution", "versions[0].participants[1].seats", "versions[0].participants[1].seats.styre"},
			[]error{cooperation.ErrNegative, munireg.ErrRequired}},
		{"key by explicit share without shares", func(a *cooperation.Agreement) {
			a.Versions[0].Key = cooperation.Key{Components: []cooperation.Component{{Name: "andel", Weight: d(t, "1"), Basis: cooperation.BasisShare}}}
			a.Versions[0].Participants[0].CostShare = nd(t, "0.5")
		}, []string{"versions[0].participants[1].costShare"}, []error{cooperation.ErrMissingBasis}},
		{"cost shares sum to 0.9999", func(a *cooperation.Agreement) {
			a.Versions[0].Key = cooperation.Key{Components: []cooperation.Component{{Name: "andel", Weight: d(t, "1"), Basis: cooperation.BasisShare}}}
			a.Versions[0].Participants[0].CostShare = nd(t, "0.3333")
			a.Versions[0].Participants[1].CostShare = nd(t, "0.6666")
		}, []string{"versions[0].participants[*].costShare"}, []error{cooperation.ErrShareSum}},
		{"normalized cost shares", func(a *cooperation.Agreement) {
			a.Versions[0].Key = cooperation.Key{Normalize: true, Components: []cooperation.Component{{Name: "andel", Weight: d(t, "1"), Basis: cooperation.BasisShare}}}
			a.Versions[0].Participants[0].CostShare = nd(t, "0.3333")
			a.Versions[0].Participants[1].CostShare = nd(t, "0.6666")
		}, nil, nil},
		{"invalid key", func(a *cooperation.Agreement) {
			a.Versions[0].Key = cooperation.Key{Components: []cooperation.Component{{Name: "x", Weight: d(t, "0.5"), Basis: cooperation.BasisEqual}}}
		}, []string{"versions[0].key.components[*].weight"}, []error{cooperation.ErrInvalidKey}},
		{"AS: eierandeler may fall short of 1", func(a *cooperation.Agreement) {
			a.Form = cooperation.FormAS
			a.Versions[0].Participants[1].Ownership = nd(t, "0.1")
			a.Versions[0].Participants[1].Organization.Kind = munireg.KindAS
		}, nil, nil},
		{"AS: eierandeler above 1", func(a *cooperation.Agreement) {
			a.Form = cooperation.FormAS
			a.Versions[0].Participants[1].Ownership = nd(t, "0.5")
		}, []string{"versions[0].participants[*].ownership"}, []error{cooperation.ErrShareSum}},
		{"AS: key by eierandel needs them all", func(a *cooperation.Agreement) {
			a.Form = cooperation.FormAS
			a.Versions[0].Participants[1].Ownership = decimal.NullDecimal{}
			a.Versions[0].Key = cooperation.Key{Components: []cooperation.Component{{Name: "eierandel", Weight: d(t, "1"), Basis: cooperation.BasisOwnership}}}
		}, []string{"versions[0].participants[1].ownership"}, []error{cooperation.ErrMissingBasis}},
		{"NAV partnership with the state", func(a *cooperation.Agreement) {
			a.Form = cooperation.FormOther
			a.Versions[0].Participants[1].Organization.Kind = munireg.KindState
		}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := iks(t)
			tt.change(&a)
			err := a.Validate()
			assert.Equal(t, tt.fields, fields(t, err), "Agreement.Validate() fields; error: %v", err)
			for _, want := range tt.errs {
				assert.ErrorIs(t, err, want, "Agreement.Validate()")
			}
		})
	}
}

// TestVIVIKS loads the published eierandeler of Vestfold Interkommunale
// Vannverk IKS (percent with two decimals), checks that they sum to exactly
// 1 as fractions and validate as an IKS, and that nudging one share by 0.01
// percentage point fails on the field.
func TestVIVIKS(t *testing.T) {
	rows := csvRows(t, "viv_iks_shares.csv")
	require.Len(t, rows, 10, "VIV IKS participants")
	version := cooperation.Version{
		Adopted: date(2016, 1, 1),
		Valid:   munireg.Period{From: date(2016, 1, 1)},
		Key: cooperation.Key{Components: []cooperation.Component{
			{Name: "eierandel", Weight: d(t, "1"), Basis: cooperation.BasisOwnership},
		}},
	}
	sum := decimal.Zero
	for _, row := range rows {
		share := d(t, row[1]).Shift(-2) // percent → fraction, exact
		sum = sum.Add(share)
		version.Participants = append(version.Participants, cooperation.Participant{
			Organization: org(row[0], munireg.KindKommune),
			Ownership:    decimal.NewNullDecimal(share),
		})
	}
	assertDec(t, "Σ VIV IKS eierandeler", sum, "1")
	viv := cooperation.Agreement{Name: "Vestfold Interkommunale Vannverk IKS", Form: cooperation.FormIKS, Versions: []cooperation.Version{version}}
	require.NoError(t, viv.Validate(), "VIV IKS Validate()")

	parties, err := version.Parties(date(2016, 1, 1), nil)
	require.NoError(t, err)
	a, err := cooperation.Allocate(d(t, "1000000"), version.Key, parties, munireg.Rounding{Unit: d(t, "1")})
	require.NoError(t, err)
	assertDec(t, "Allocate(VIV).Sum", a.Sum, "1000000")
	assertDec(t, "Allocate(VIV)[Tønsberg]", a.Rows[9].Amount, "292700")

	for i := range version.Participants {
		nudged := viv
		nudged.Versions = []cooperation.Version{version}
		nudged.Versions[0].Participants = append([]cooperation.Participant(nil), version.Participants...)
		p := &nudged.Versions[0].Participants[i]
		p.Ownership = decimal.NewNullDecimal(p.Ownership.Decimal.Add(d(t, "0.0001")))
		err := nudged.Validate()
		assert.Equal(t, []string{"versions[0].participants[*].ownership"}, fields(t, err),
			"Validate() with %s nudged by 0.01 pct fields", p.Organization.ID)
		assert.ErrorIs(t, err, cooperation.ErrShareSum, "Validate() with %s nudged", p.Organization.ID)
	}
}

func TestAgreementAsOf(t *testing.T) {
	a := iks(t)
	a.Versions[0].Valid.To = date(2025, 1, 1)
	v2 := a.Versions[0]
	v2.Purpose = "second"
	v2.Valid = munireg.Period{From: date(2026, 1, 1)}
	a.Versions = append(a.Versions, v2)
	require.NoError(t, a.Validate())
	tests := []struct {
		at      int
		ok      bool
		purpose string
	}{
		{2023, false, ""},
		{2024, true, ""},
		{2025, false, ""}, // between the versions
		{2026, true, "second"},
		{2099, true, "second"},
	}
	for _, tt := range tests {
		v, ok := a.AsOf(date(tt.at, 6, 1))
		assert.Equal(t, tt.ok, ok, "AsOf(%d-06-01) found", tt.at)
		if ok {
			assert.Equal(t, tt.purpose, v.Purpose, "AsOf(%d-06-01).Purpose", tt.at)
		}
	}
}

func TestVersionParties(t *testing.T) {
	v := iks(t).Versions[0]
	v.Participants[0].Organization.Population = munireg.PopulationSeries{{Date: date(2023, 1, 1), Count: 100}, {Date: date(2024, 1, 1), Count: 120}}
	v.Participants[1].Organization.Population = munireg.PopulationSeries{{Date: date(2024, 1, 1), Count: 80}}
	v.Participants[1].CostShare = nd(t, "0.25")
	v.Key = cooperation.Key{Components: []cooperation.Component{{Name: "innbyggere", Weight: d(t, "1"), Basis: cooperation.BasisPopulation}}}
	metrics := map[string]map[string]decimal.Decimal{"tonn": {"A": d(t, "12.5")}}

	parties, err := v.Parties(date(2024, 1, 1), metrics)
	require.NoError(t, err)
	require.Len(t, parties, 2)
	assert.Equal(t, "A", parties[0].Ref)
	assert.Equal(t, int64(120), parties[0].Population, "Parties(2024-01-01)[A].Population")
	assert.Equal(t, int64(80), parties[1].Population, "Parties(2024-01-01)[B].Population")
	assertDec(t, "Parties[A].Ownership", parties[0].Ownership, "0.6")
	assertDec(t, "Parties[B].Share", parties[1].Share, "0.25")
	assertDec(t, "Parties[A].Metrics[tonn]", parties[0].Metrics["tonn"], "12.5")
	assert.Nil(t, parties[1].Metrics, "Parties[B].Metrics")

	_, err = v.Parties(date(2023, 6, 1), map[string]map[string]decimal.Decimal{"tonn": {"Z": d(t, "1")}})
	assert.Equal(t, []string{"participants[1].organization.population", "metrics.tonn.Z"}, fields(t, err), "Parties(2023-06-01) fields")
	assert.ErrorIs(t, err, cooperation.ErrMissingBasis)
	assert.ErrorIs(t, err, cooperation.ErrUnknownRef)

	l, ok := v.Participants[0].LiabilityShare()
	assert.True(t, ok)
	assertDec(t, "LiabilityShare() defaulting to eierandel", l, "0.6")
	v.Participants[0].Liability = nd(t, "0.5")
	l, _ = v.Participants[0].LiabilityShare()
	assertDec(t, "LiabilityShare() explicit", l, "0.5")
	_, ok = cooperation.Participant{}.LiabilityShare()
	assert.False(t, ok, "Participant{}.LiabilityShare() ok")
}
