package pgstore_test

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/cooperation"
	"github.com/munireg/munireg/internal/archive"
	"github.com/munireg/munireg/internal/pgstore"
	"github.com/munireg/munireg/internal/pgstore/pgtest"
	"github.com/munireg/munireg/ownership"
)

// richRegister fills s with a register that uses every kind of record and
// most of their optional fields, several records past revision 1. Names
// are real; org number (a valid but made-up one) and figures illustrative.
func richRegister(t *testing.T, s *pgstore.Store) {
	t.Helper()
	ctx := actorCtx()
	create := func(o munireg.Organization) munireg.Organization {
		t.Helper()
		o, err := s.CreateOrganization(ctx, o)
		require.NoError(t, err)
		return o
	}

	// Organizations: a number history, population, an end, a succession.
	b := create(bergen(t))
	b, err := s.SetPopulation(ctx, b.ID, b.Revision, munireg.PopulationSeries{{Date: day(2025, 1, 1), Count: 1020}})
	require.NoError(t, err)
	require.Equal(t, int64(2), b.Revision)
	haram := create(munireg.Organization{Name: "Haram kommune", Kind: munireg.KindKommune, Municipality: munNumber(t, "1534"),
		Valid: munireg.Period{To: day(2020, 1, 1)}})
	alesund := create(munireg.Organization{Name: "Ålesund kommune", Kind: munireg.KindKommune, Municipality: munNumber(t, "1507"),
		Population: munireg.PopulationSeries{{Date: day(2024, 1, 1), Count: 68000}}})
	require.NoError(t, s.AddSuccession(ctx, munireg.Succession{Predecessor: haram.ID, Successor: alesund.ID, Effective: day(2020, 1, 1)}))
	asker := create(munireg.Organization{Name: "Asker kommune", Kind: munireg.KindKommune,
		Population: munireg.PopulationSeries{{Date: day(2024, 1, 1), Count: 98000}}})
	lyse := create(munireg.Organization{Name: "Lyse AS", Kind: munireg.KindAS, OrgNumber: orgNumber(t, "980001237"),
		Valid: munireg.Period{From: day(1998, 6, 1)}})
	lyse, err = s.UpdateOrganization(ctx, lyse.ID, lyse.Revision, munireg.OrganizationUpdate{Name: ptrTo("Lyse Energi AS")})
	require.NoError(t, err)

	// An IKS with a key and a budget issued from it.
	iks, err := s.CreateAgreement(ctx, viv(t, s))
	require.NoError(t, err)
	budget, err := cooperation.IssueBudget(iks, 2015, dec("1234567.89"), day(2015, 1, 1), nil, munireg.Rounding{})
	require.NoError(t, err)
	_, err = s.CreateBudget(ctx, budget)
	require.NoError(t, err)

	// A vertskommune agreement with a tariff, a second version, seats.
	vk, err := s.CreateAgreement(ctx, cooperation.Agreement{Name: "Barnevern Asker og Bergen", Form: cooperation.FormHostJointBoard,
		Versions: []cooperation.Version{{Adopted: day(2023, 11, 1), Valid: munireg.Period{From: day(2024, 1, 1)},
			Purpose: "Barneverntjeneste", Host: asker.ID,
			Participants: []cooperation.Participant{
				{Organization: munireg.Organization{ID: asker.ID}, Seats: map[string]int{"nemnd": 2}},
				{Organization: munireg.Organization{ID: b.ID}, Contribution: dec("1500.50"), Seats: map[string]int{"nemnd": 1}},
			},
			Tariff: &cooperation.Tariff{Base: dec("51258"), Rate: dec("3.08"), Basis: cooperation.BasisPopulation,
				Cap: decimal.NewNullDecimal(dec("66635"))}}}})
	require.NoError(t, err)
	v2 := vk.Versions[0]
	v2.Adopted, v2.Valid = day(2024, 11, 1), munireg.Period{From: day(2025, 1, 1)}
	v2.Key = cooperation.Key{Components: []cooperation.Component{
		{Name: "likt", Weight: dec("0.3"), Basis: cooperation.BasisEqual},
		{Name: "innbyggere", Weight: dec("0.7"), Basis: cooperation.BasisPopulation}}}
	v2.Tariff = nil
	_, err = s.AddAgreementVersion(ctx, vk.ID, vk.Revision, v2)
	require.NoError(t, err)

	// Positions with share classes, a complete owner list, an update.
	pa, err := s.CreatePosition(ctx, ownership.Position{Owner: b.ID, Entity: lyse.ID, Economic: dec("0.6"),
		Voting: decimal.NewNullDecimal(dec("0.75")), ShareClass: "A", Held: 600, Outstanding: 1000,
		BookValue: decimal.NewNullDecimal(dec("1200000.00")), Valid: munireg.Period{From: day(2000, 1, 1)},
		Purpose: "Avkastning", Category: ownership.CategoryFinancial})
	require.NoError(t, err)
	_, err = s.CreatePosition(ctx, ownership.Position{Owner: asker.ID, Entity: lyse.ID, Economic: dec("0.4"),
		Voting: decimal.NewNullDecimal(dec("0.25")), ShareClass: "B", Held: 400, Outstanding: 1000,
		Valid: munireg.Period{From: day(2000, 1, 1)}, Category: ownership.CategorySectorPolicy})
	require.NoError(t, err)
	require.NoError(t, s.SetOwnerList(ctx, ownership.OwnerList{Entity: lyse.ID, Complete: true}))
	_, err = s.UpdatePosition(ctx, pa.ID, pa.Revision, ownership.PositionUpdate{Purpose: ptrTo("Avkastning og forsyning")})
	require.NoError(t, err)

	// Flows and balances.
	f, err := s.CreateFlow(ctx, ownership.Flow{Owner: b.ID, Entity: lyse.ID, Kind: ownership.FlowDividend, Year: 2023,
		Paid: day(2024, 5, 2), Amount: dec("577000000.00")})
	require.NoError(t, err)
	_, err = s.UpdateFlow(ctx, f.ID, f.Revision, ownership.FlowUpdate{Amount: ptrTo(dec("577001234.56"))})
	require.NoError(t, err)
	_, err = s.CreateFlow(ctx, ownership.Flow{Owner: asker.ID, Entity: lyse.ID, Kind: ownership.FlowOther, Year: 2023,
		Direction: ownership.FromOwner, Amount: dec("10.00")})
	require.NoError(t, err)
	require.NoError(t, s.SetBalance(ctx, ownership.Balance{Owner: b.ID, Entity: lyse.ID, Kind: ownership.BalanceOwnerLoan,
		Date: day(2023, 12, 31), Amount: dec("100000000.00")}))
	require.NoError(t, s.SetBalance(ctx, ownership.Balance{Owner: asker.ID, Entity: lyse.ID, Kind: ownership.BalanceGuarantee,
		Date: day(2023, 12, 31), Amount: dec("2500000.00")}))

	// A forum, updated.
	fo, err := s.CreateForum(ctx, ownership.Forum{Name: "Eierforum Lyse", Owners: []string{b.ID, asker.ID}})
	require.NoError(t, err)
	_, err = s.UpdateForum(ctx, fo.ID, fo.Revision, ownership.ForumUpdate{Description: ptrTo("Eierne av Lyse")})
	require.NoError(t, err)
}

// export exports s and encodes the document.
func export(t *testing.T, s *pgstore.Store) []byte {
	t.Helper()
	doc, err := s.ExportRegister(context.Background())
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, archive.Encode(&buf, doc))
	return buf.Bytes()
}

// importBytes decodes data and imports it into s, as the command and the
// API do.
func importBytes(ctx context.Context, s *pgstore.Store, data []byte) (archive.Counts, error) {
	doc, err := archive.Decode(bytes.NewReader(data))
	if err != nil {
		return archive.Counts{}, err
	}
	return s.ImportRegister(ctx, doc)
}

func TestRegisterRoundTrip(t *testing.T) {
	src := pgtest.Store(t)
	richRegister(t, src)
	first := export(t, src)
	assert.Equal(t, string(first), string(export(t, src)), "two exports of one register differ")

	doc, err := archive.Decode(bytes.NewReader(first))
	require.NoError(t, err)
	counts := doc.Count()
	assert.Equal(t, archive.Counts{Organizations: 15, Successions: 1, Agreements: 2, Budgets: 1, Positions: 2,
		OwnerLists: 1, Flows: 2, Balances: 2, Forums: 1}, counts, "the register holds every kind of record")
	// The document's conventions, on its own bytes.
	for _, want := range []string{`"format": "munireg-register"`, `"version": 1`,
		`"economic": "0.60000000000000000000"`, `"amount": "577001234.56"`, `"rate": "3.0800000000"`,
		`"from": "2020-01-01"`, `"revision": 2`, `"nemnd": 2`} {
		assert.Contains(t, string(first), want)
	}
	assert.Regexp(t, `"issued": "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z"`, string(first))

	dst := pgtest.Store(t)
	got, err := importBytes(actorCtx(), dst, first)
	require.NoError(t, err)
	assert.Equal(t, counts, got)
	second := export(t, dst)
	assert.Equal(t, string(first), string(second), "export → import → export changed the document")

	// References and ETags survive: the same IDs at the same revisions.
	for _, o := range doc.Organizations {
		stored, err := dst.FindOrganizationByID(context.Background(), o.ID, time.Time{})
		require.NoError(t, err)
		assert.Equal(t, o.Revision, stored.Revision, "organization %s", o.Name)
	}
	budget, err := dst.FindBudgetByID(context.Background(), doc.Budgets[0].ID)
	require.NoError(t, err)
	assert.True(t, budget.Issued.Equal(doc.Budgets[0].Issued), "issued %s, want %s", budget.Issued, doc.Budgets[0].Issued)
	assert.True(t, budget.Allocation.Balanced())

	// One audit row per record, as the importing actor.
	entries, err := findAudit(dst, munireg.AuditFilter{Limit: 1000})
	require.NoError(t, err)
	records := counts.Organizations + counts.Successions + counts.Agreements + counts.Budgets + counts.Positions +
		counts.OwnerLists + counts.Flows + counts.Balances + counts.Forums
	assert.Len(t, entries, records)
	for _, e := range entries {
		assert.Equal(t, testActor.ID, e.Actor.ID)
		assert.Equal(t, "create", e.Action)
	}
}

// emptyExport is the export of an empty register.
func emptyExport(t *testing.T) string {
	var buf bytes.Buffer
	require.NoError(t, archive.Encode(&buf, archive.New()))
	return buf.String()
}

func TestImportRefusals(t *testing.T) {
	src := pgtest.Store(t)
	richRegister(t, src)
	good := export(t, src)
	var doc archive.Register
	require.NoError(t, json.Unmarshal(good, &doc))

	encode := func(d archive.Register) []byte {
		var buf bytes.Buffer
		require.NoError(t, archive.Encode(&buf, d))
		return buf.Bytes()
	}
	dangling := doc
	dangling.Flows = append([]archive.Flow(nil), doc.Flows...)
	dangling.Flows[1].Owner = "00000000-0000-4000-8000-000000000001"
	overOwned := doc
	overOwned.Positions = append([]archive.Position(nil), doc.Positions...)
	overOwned.Positions[0].Economic = archive.Dec(dec("0.7"))
	precise := doc
	precise.Balances = append([]archive.Balance(nil), doc.Balances...)
	precise.Balances[0].Amount = archive.Dec(dec("1.001"))
	// A budget whose first row was raised by hand: no key allocates it.
	forged := doc
	forged.Budgets = append([]archive.Budget(nil), doc.Budgets...)
	forged.Budgets[0].Allocation.Rows = append([]archive.BudgetRow(nil), doc.Budgets[0].Allocation.Rows...)
	forged.Budgets[0].Allocation.Rows[0].Amount = archive.Dec(forged.Budgets[0].Allocation.Rows[0].Amount.Value().Add(dec("1.00")))
	// The same budget with a component's share of the first row moved by hand.
	reshaped := doc
	reshaped.Budgets = append([]archive.Budget(nil), doc.Budgets...)
	reshaped.Budgets[0].Allocation.Rows = append([]archive.BudgetRow(nil), doc.Budgets[0].Allocation.Rows...)
	row := reshaped.Budgets[0].Allocation.Rows[0]
	row.Breakdown = append([]archive.Decimal(nil), row.Breakdown...)
	row.Breakdown[0] = archive.Dec(row.Breakdown[0].Value().Add(dec("1")))
	reshaped.Budgets[0].Allocation.Rows[0] = row
	twice := doc
	twice.Forums = append(append([]archive.Forum(nil), doc.Forums...), doc.Forums[0])

	reader := munireg.NewContextWithActor(context.Background(), munireg.Actor{ID: "r", Name: "reader", Role: munireg.RoleReader})
	for _, tc := range []struct {
		name   string
		ctx    context.Context
		data   []byte
		want   error
		fields []string
	}{
		{"truncated", actorCtx(), good[:len(good)/2], archive.ErrFormat, []string{""}},
		{"another version", actorCtx(), bytes.Replace(good, []byte(`"version": 1`), []byte(`"version": 2`), 1), archive.ErrFormat, []string{"version"}},
		{"unknown field", actorCtx(), bytes.Replace(good, []byte(`"purpose"`), []byte(`"porpoise"`), 1), archive.ErrFormat, []string{""}},
		{"a JSON number", actorCtx(), bytes.Replace(good, []byte(`"amount": "10.00"`), []byte(`"amount": 10.00`), 1), archive.ErrFormat, []string{""}},
		{"dangling reference", actorCtx(), encode(dangling), munireg.ErrNotFound, []string{"flows[1].owner"}},
		{"shares over 1", actorCtx(), encode(overOwned), ownership.ErrShareSum, []string{"positions"}},
		{"more decimals than kept", actorCtx(), encode(precise), munireg.ErrPrecision, []string{"balances[0].amount"}},
		{"an ID twice", actorCtx(), encode(twice), munireg.ErrExists, []string{"forums[1].id", "forums[1].name"}},
		{"a budget its key does not allocate", actorCtx(), encode(forged), nil, []string{"budgets[0].allocation.rows[0]"}},
		{"a budget's breakdown by hand", actorCtx(), encode(reshaped), nil, []string{"budgets[0].allocation.rows[0]"}},
		{"not an admin", reader, good, munireg.ErrForbidden, nil},
		{"no actor", context.Background(), good, munireg.ErrNoActor, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dst := pgtest.Store(t)
			_, err := importBytes(tc.ctx, dst, tc.data)
			require.Error(t, err)
			if tc.want != nil {
				require.ErrorIs(t, err, tc.want)
			}
			if tc.fields != nil {
				var v munireg.ValidationErrors
				require.ErrorAs(t, err, &v)
				assert.Equal(t, tc.fields, v.Fields(), "%v", err)
			}
			assert.Equal(t, emptyExport(t), string(export(t, dst)), "a refused import changed the register")
			entries, err := findAudit(dst, munireg.AuditFilter{})
			require.NoError(t, err)
			assert.Empty(t, entries, "a refused import wrote audit rows")
		})
	}

	t.Run("not empty", func(t *testing.T) {
		before := export(t, src)
		_, err := importBytes(actorCtx(), src, good)
		require.ErrorIs(t, err, munireg.ErrExists)
		assert.Contains(t, err.Error(), "not empty")
		assert.Equal(t, string(before), string(export(t, src)), "a refused import changed the register")
	})

	t.Run("empty document", func(t *testing.T) {
		dst := pgtest.Store(t)
		got, err := importBytes(actorCtx(), dst, []byte(emptyExport(t)))
		require.NoError(t, err)
		assert.Zero(t, got)
		assert.Equal(t, emptyExport(t), string(export(t, dst)))
	})
}
