package pgstore_test

import (
	"encoding/csv"
	"os"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/cooperation"
	"github.com/munireg/munireg/internal/pgstore"
	"github.com/munireg/munireg/internal/pgstore/pgtest"
)

// viv stores the participants of Vestfold Interkommunale Vannverk IKS
// (testdata/viv_iks_shares.csv, the published selskapsavtale) and returns
// the agreement, not yet stored, with their eierandeler.
func viv(t *testing.T, s *pgstore.Store) cooperation.Agreement {
	t.Helper()
	f, err := os.Open("../../testdata/viv_iks_shares.csv")
	require.NoError(t, err)
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	v := cooperation.Version{
		Adopted: day(2010, 1, 1),
		Valid:   munireg.Period{From: day(2010, 1, 1)},
		Purpose: "Vannforsyning til deltakerkommunene",
	}
	for _, rec := range records[1:] {
		o, err := s.CreateOrganization(actorCtx(), munireg.Organization{Name: rec[0], Kind: munireg.KindKommune})
		require.NoError(t, err)
		pct, err := decimal.NewFromString(rec[1])
		require.NoError(t, err)
		v.Participants = append(v.Participants, cooperation.Participant{
			Organization: munireg.Organization{ID: o.ID},
			Ownership:    decimal.NewNullDecimal(pct.Shift(-2)),
			Seats:        map[string]int{"representantskap": 1},
		})
	}
	v.Key = cooperation.Key{Components: []cooperation.Component{
		{Name: "eierandel", Weight: decimal.NewFromInt(1), Basis: cooperation.BasisOwnership},
	}}
	return cooperation.Agreement{Name: "Vestfold Interkommunale Vannverk IKS", Form: cooperation.FormIKS,
		Versions: []cooperation.Version{v}}
}

func TestCreateAndFindAgreement(t *testing.T) {
	s := pgtest.Store(t)
	ctx := actorCtx()
	created, err := s.CreateAgreement(ctx, viv(t, s))
	require.NoError(t, err)
	assert.Equal(t, int64(1), created.Revision)

	got, err := s.FindAgreementByID(ctx, created.ID)
	require.NoError(t, err)
	require.Len(t, got.Versions, 1)
	v := got.Versions[0]
	require.Len(t, v.Participants, 10)
	sum := decimal.Zero
	for i, p := range v.Participants {
		want := created.Versions[0].Participants[i]
		assert.Equal(t, want.Organization.ID, p.Organization.ID, "participant %d in order", i)
		assert.Equal(t, munireg.KindKommune, p.Organization.Kind, "the stored organization is loaded")
		assert.True(t, want.Ownership.Decimal.Equal(p.Ownership.Decimal), "participant %d eierandel = %s, want %s",
			i, p.Ownership.Decimal, want.Ownership.Decimal)
		assert.Equal(t, 1, p.Seats["representantskap"])
		sum = sum.Add(p.Ownership.Decimal)
	}
	assert.True(t, sum.Equal(decimal.NewFromInt(1)), "Σ eierandel = %s, want exactly 1", sum)
	require.Len(t, v.Key.Components, 1)
	assert.Equal(t, cooperation.BasisOwnership, v.Key.Components[0].Basis)
	require.NoError(t, got.Validate(), "the stored agreement validates as read back")

	entries, err := findAudit(s, munireg.AuditFilter{RecordID: &created.ID})
	require.NoError(t, err)
	require.Len(t, entries, 1)
	assert.Contains(t, string(entries[0].After), `"ownership": "0.1575"`)
}

func TestCreateAgreementIsValidatedWithStoredParticipants(t *testing.T) {
	s := pgtest.Store(t)
	ctx := actorCtx()

	nudged := viv(t, s)
	nudged.Versions[0].Participants[1].Ownership = decimal.NewNullDecimal(decimal.RequireFromString("0.1574"))
	_, err := s.CreateAgreement(ctx, nudged)
	var v munireg.ValidationErrors
	require.ErrorAs(t, err, &v)
	assert.Equal(t, []string{"versions[0].participants[*].ownership"}, v.Fields())
	assert.ErrorIs(t, err, cooperation.ErrShareSum)

	unknown := viv(t, s)
	unknown.Versions[0].Participants[0].Organization.ID = "00000000-0000-4000-8000-000000000000"
	unknown.Versions[0].Participants[1].Organization.ID = "not-an-id"
	_, err = s.CreateAgreement(ctx, unknown)
	require.ErrorAs(t, err, &v)
	assert.Equal(t, []string{"versions[0].participants[0].organization.id", "versions[0].participants[1].organization.id"}, v.Fields(), "in participant order")
	assert.ErrorIs(t, err, munireg.ErrNotFound)

	// The caller cannot claim a kind: an AS in an IKS is refused because the
	// register knows it is an AS.
	as, err := s.CreateOrganization(ctx, munireg.Organization{Name: "Vann AS", Kind: munireg.KindAS})
	require.NoError(t, err)
	withAS := viv(t, s)
	withAS.Versions[0].Participants[0].Organization = munireg.Organization{ID: as.ID, Kind: munireg.KindKommune}
	_, err = s.CreateAgreement(ctx, withAS)
	assert.ErrorIs(t, err, cooperation.ErrParticipantNotAllowed)

	page, err := s.FindAgreements(ctx, cooperation.AgreementFilter{})
	require.NoError(t, err)
	assert.Equal(t, 0, page.Total, "a refused agreement left something behind")
}

func TestUpdateAgreementAndAddVersion(t *testing.T) {
	s := pgtest.Store(t)
	ctx := actorCtx()
	a, err := s.CreateAgreement(ctx, viv(t, s))
	require.NoError(t, err)

	// From 2017 two participants trade a share point: a new version.
	next := a.Versions[0]
	next.Participants = append([]cooperation.Participant(nil), next.Participants...)
	next.Adopted, next.Valid = day(2016, 11, 1), munireg.Period{From: day(2017, 1, 1)}
	next.Participants[0].Ownership = decimal.NewNullDecimal(next.Participants[0].Ownership.Decimal.Add(decimal.RequireFromString("0.01")))
	next.Participants[1].Ownership = decimal.NewNullDecimal(next.Participants[1].Ownership.Decimal.Sub(decimal.RequireFromString("0.01")))
	b, err := s.AddAgreementVersion(ctx, a.ID, a.Revision, next)
	require.NoError(t, err)
	assert.Equal(t, int64(2), b.Revision)
	require.Len(t, b.Versions, 2)
	assert.Equal(t, day(2017, 1, 1), b.Versions[0].Valid.To, "the open version ends where the next begins")

	got, err := s.FindAgreementByID(ctx, a.ID)
	require.NoError(t, err)
	v2016, ok := got.AsOf(day(2016, 6, 1))
	require.True(t, ok)
	v2018, ok := got.AsOf(day(2018, 6, 1))
	require.True(t, ok)
	assert.Equal(t, "0.0098", v2016.Participants[0].Ownership.Decimal.String(), "eierandel as of 2016")
	assert.Equal(t, "0.0198", v2018.Participants[0].Ownership.Decimal.String(), "eierandel as of 2018")

	name := "VIV IKS"
	_, err = s.UpdateAgreement(ctx, a.ID, a.Revision, cooperation.AgreementUpdate{Name: &name})
	assert.ErrorIs(t, err, munireg.ErrConflict, "update with a stale revision")

	// A change that breaks Σ = 1 is refused and changes nothing.
	broken := append([]cooperation.Version(nil), got.Versions...)
	broken[1].Participants = append([]cooperation.Participant(nil), broken[1].Participants...)
	broken[1].Participants[2].Ownership = decimal.NewNullDecimal(decimal.RequireFromString("0.5"))
	_, err = s.UpdateAgreement(ctx, a.ID, got.Revision, cooperation.AgreementUpdate{Versions: &broken})
	assert.ErrorIs(t, err, cooperation.ErrShareSum)
	after, err := s.FindAgreementByID(ctx, a.ID)
	require.NoError(t, err)
	assert.Equal(t, got.Revision, after.Revision)

	page, err := s.FindAgreements(ctx, cooperation.AgreementFilter{Participant: &got.Versions[0].Participants[0].Organization.ID})
	require.NoError(t, err)
	assert.Equal(t, 1, page.Total)
	page, err = s.FindAgreements(ctx, cooperation.AgreementFilter{AsOf: day(2009, 1, 1)})
	require.NoError(t, err)
	assert.Equal(t, 0, page.Total, "no version in force in 2009")
}

// TestConcurrentShareChangesKeepTheSum: writers move share points between
// participants, each from the revision it read. Every accepted change keeps
// Σ eierandel = 1, and no update is lost.
func TestConcurrentShareChangesKeepTheSum(t *testing.T) {
	s := pgtest.Store(t)
	ctx := actorCtx()
	a, err := s.CreateAgreement(ctx, viv(t, s))
	require.NoError(t, err)

	const writers = 10
	point := decimal.RequireFromString("0.0001")
	successes, conflicts := concurrently(t, writers, munireg.ErrConflict, func(i int) error {
		cur, err := s.FindAgreementByID(ctx, a.ID)
		if err != nil {
			return err
		}
		vs := append([]cooperation.Version(nil), cur.Versions...)
		ps := append([]cooperation.Participant(nil), vs[0].Participants...)
		from, to := i%10, (i+1)%10
		ps[from].Ownership = decimal.NewNullDecimal(ps[from].Ownership.Decimal.Sub(point))
		ps[to].Ownership = decimal.NewNullDecimal(ps[to].Ownership.Decimal.Add(point))
		vs[0].Participants = ps
		_, err = s.UpdateAgreement(ctx, a.ID, cur.Revision, cooperation.AgreementUpdate{Versions: &vs})
		return err
	})
	assert.Equal(t, writers, successes+conflicts)
	final, err := s.FindAgreementByID(ctx, a.ID)
	require.NoError(t, err)
	assert.Equal(t, int64(1+successes), final.Revision)
	sum := decimal.Zero
	for _, p := range final.Versions[0].Participants {
		sum = sum.Add(p.Ownership.Decimal)
	}
	assert.True(t, sum.Equal(decimal.NewFromInt(1)), "Σ eierandel after concurrent changes = %s", sum)
}

// TestAgreementTariffRoundTrip: a vertskommune arrangement priced by a
// tariff, "kr 51 258 base + kr 3,08 per inhabitant, max kr 66 635", is kept
// exactly.
func TestAgreementTariffRoundTrip(t *testing.T) {
	s := pgtest.Store(t)
	ctx := actorCtx()
	host, err := s.CreateOrganization(ctx, munireg.Organization{Name: "Vertskommune", Kind: munireg.KindKommune})
	require.NoError(t, err)
	other, err := s.CreateOrganization(ctx, munireg.Organization{Name: "Samarbeidskommune", Kind: munireg.KindKommune})
	require.NoError(t, err)
	tariff := &cooperation.Tariff{Base: dec("51258"), Rate: dec("3.08"), Basis: cooperation.BasisPopulation,
		Cap: decimal.NewNullDecimal(dec("66635"))}
	a, err := s.CreateAgreement(ctx, cooperation.Agreement{Name: "Barnevern", Form: cooperation.FormHostAdministrative,
		Versions: []cooperation.Version{{Adopted: day(2024, 1, 1), Valid: munireg.Period{From: day(2024, 1, 1)}, Host: host.ID,
			Participants: []cooperation.Participant{{Organization: munireg.Organization{ID: host.ID}},
				{Organization: munireg.Organization{ID: other.ID}}},
			Tariff: tariff}}})
	require.NoError(t, err)
	got, err := s.FindAgreementByID(ctx, a.ID)
	require.NoError(t, err)
	require.NotNil(t, got.Versions[0].Tariff)
	gt := got.Versions[0].Tariff
	assert.True(t, gt.Base.Equal(tariff.Base) && gt.Rate.Equal(tariff.Rate), "tariff %+v", gt)
	assert.True(t, gt.Cap.Valid && gt.Cap.Decimal.Equal(dec("66635")))
	assert.False(t, gt.Floor.Valid)

	bad := got
	bad.Versions = append([]cooperation.Version(nil), got.Versions...)
	bad.Versions[0].Tariff = &cooperation.Tariff{Rate: dec("3.08"), Basis: cooperation.BasisEqual}
	_, err = s.UpdateAgreement(ctx, a.ID, got.Revision, cooperation.AgreementUpdate{Versions: &bad.Versions})
	var v munireg.ValidationErrors
	require.ErrorAs(t, err, &v)
	assert.Equal(t, []string{"versions[0].tariff.basis"}, v.Fields())
}
