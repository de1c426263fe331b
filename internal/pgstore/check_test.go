package pgstore_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/uptrace/bun/dialect/pgdialect"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/internal/dataset"
	"github.com/munireg/munireg/internal/pgstore"
	"github.com/munireg/munireg/internal/pgstore/pgtest"
	"github.com/munireg/munireg/ownership"
)

// checkFixture prepares a register with every kind of record
// (richRegister), an editor's token ("Bergen økonomi") and a reader's
// ("Eierforum"), and an entity ("Kraft AS") owned in thirds counted in
// shares (1 of 3 each, from 2020, economic share left to the counts) by
// "Kommune A", "B" and "C", under a complete owner list. It returns the
// database's URL, closed, for pgtest.Clone.
func checkFixture(t *testing.T) string {
	t.Helper()
	u := pgtest.URL(t)
	s := pgtest.Open(t, u)
	ctx := actorCtx()
	richRegister(t, s)
	page, err := s.FindOrganizations(ctx, munireg.OrganizationFilter{Name: ptrTo("Bergen kommune")})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	_, _, err = s.CreateToken(ctx, munireg.Token{Name: "Bergen økonomi", Role: munireg.RoleEditor,
		Organizations: []string{page.Items[0].ID}})
	require.NoError(t, err)
	_, _, err = s.CreateToken(ctx, munireg.Token{Name: "Eierforum", Role: munireg.RoleReader})
	require.NoError(t, err)
	entity, ids := owners(t, s, 3)
	for _, owner := range ids {
		_, err := s.CreatePosition(ctx, ownership.Position{Owner: owner, Entity: entity, Held: 1, Outstanding: 3,
			Valid: munireg.Period{From: day(2020, 1, 1)}})
		require.NoError(t, err)
	}
	require.NoError(t, s.SetOwnerList(ctx, ownership.OwnerList{Entity: entity, Complete: true}))
	require.NoError(t, s.Close())
	return u
}

// check runs Check and requires it to succeed and to report on every rule.
func check(t *testing.T, s *pgstore.Store) pgstore.CheckReport {
	t.Helper()
	report, err := s.Check(context.Background())
	require.NoError(t, err)
	require.Len(t, report.Rules, len(pgstore.CheckRules()), "Check() reports on every rule")
	return report
}

func TestCheckCleanRegisters(t *testing.T) {
	fixture := checkFixture(t)
	for name, register := range map[string]func(t *testing.T) *pgstore.Store{
		"written through the store": func(t *testing.T) *pgstore.Store { return pgtest.Open(t, pgtest.Clone(t, fixture)) },
		"exported and imported": func(t *testing.T) *pgstore.Store {
			doc := export(t, pgtest.Open(t, pgtest.Clone(t, fixture)))
			s := pgtest.Store(t)
			_, err := importBytes(actorCtx(), s, doc)
			require.NoError(t, err)
			return s
		},
		"municipalities imported, then their population": func(t *testing.T) *pgstore.Store {
			s := pgtest.Store(t)
			_, err := s.ImportMunicipalities(actorCtx())
			require.NoError(t, err)
			res, err := s.ImportPopulation(actorCtx(), parsePopulation(t, "region;år;Personer\n1577 Volda;2025;10200\n"), false)
			require.NoError(t, err)
			require.Equal(t, 1, res.Created, "population figures imported")
			return s
		},
		"generated and loaded in bulk": func(t *testing.T) *pgstore.Store {
			s := pgtest.Store(t)
			loadDataset(t, s, dataset.Generate(reference(t), dataset.Size{N: 1, Entities: 40, PositionsPerEntity: 5, Years: 2}, 1))
			return s
		},
	} {
		t.Run(name, func(t *testing.T) {
			report := check(t, register(t))
			assert.Zero(t, report.Count(), "Check() of a clean register: %d violations", report.Count())
			assert.Empty(t, report.Violations)
		})
	}
}

// The statements a corruption ends with when it must break one rule only:
// they bring the audit log up to date with what the corruption changed, as
// a write path that skipped a rule but wrote its audit row would.
const (
	reauditPositions = `INSERT INTO audit (id, actor_id, actor_name, action, record_type, record_id, after)
SELECT gen_random_uuid(), 'test', 'check tests',
	CASE WHEN EXISTS (SELECT 1 FROM audit AS au WHERE au.record_id = p.id AND au.action = 'create') THEN 'update' ELSE 'create' END,
	'position', p.id, jsonb_build_object('id', p.id, 'revision', p.version, 'owner', p.owner_id, 'entity', p.entity_id,
		'economic', p.economic::text, 'voting', p.voting::text, 'shareClass', p.share_class, 'held', p.held,
		'outstanding', p.outstanding, 'bookValue', p.book_value::text, 'validFrom', p.valid_from::text,
		'validTo', p.valid_to::text, 'purpose', p.purpose, 'category', p.category)
FROM position AS p`
	// reauditOrganizations snapshots each organization at its revision:
	// bump the revision of the one changed, so that its snapshot is the
	// newest.
	reauditOrganizations = `INSERT INTO audit (id, actor_id, actor_name, action, record_type, record_id, after)
SELECT gen_random_uuid(), 'test', 'check tests', 'update', 'organization', o.id, jsonb_build_object('id', o.id,
	'revision', o.version, 'name', o.name, 'kind', o.kind, 'orgNumber', coalesce(o.org_number, ''),
	'validFrom', o.valid_from::text, 'validTo', o.valid_to::text)
FROM organization AS o`
	reauditAgreements = `INSERT INTO audit (id, actor_id, actor_name, action, record_type, record_id, after)
SELECT gen_random_uuid(), 'test', 'check tests', 'update', 'agreement', a.id, jsonb_build_object('id', a.id,
	'revision', a.version, 'name', a.name, 'form', a.form, 'orgNumber', coalesce(a.org_number, ''))
FROM agreement AS a`
)

// SQL naming the fixture's records.
const (
	lyse      = `(SELECT id FROM organization WHERE name = 'Lyse Energi AS')`
	bergenID  = `(SELECT id FROM organization WHERE name = 'Bergen kommune')`
	kraft     = `(SELECT id FROM organization WHERE name = 'Kraft AS')`
	kommuneA  = `(SELECT p.id FROM position AS p JOIN organization AS o ON o.id = p.owner_id WHERE o.name = 'Kommune A')`
	vivIKS    = `(SELECT id FROM agreement WHERE name = 'Vestfold Interkommunale Vannverk IKS')`
	barnevern = `(SELECT id FROM agreement WHERE name = 'Barnevern Asker og Bergen')`
	// newPosition is the ID of a position a corruption adds.
	newPosition = `'00000000-0000-4000-8000-000000000001'`
)

// TestCheckFindsEachViolation breaks each rule, in a copy of the fixture,
// with SQL that goes around the store, and requires Check to report
// exactly the violations the corruption made: of that rule, naming those
// records, and nothing else.
func TestCheckFindsEachViolation(t *testing.T) {
	cases := []struct {
		rule, name string
		// corrupt are the statements that break the rule, run in order in
		// one transaction; want selects the IDs of each violation expected
		// (ids text[]), in order.
		corrupt []string
		want    string
	}{
		{rule: "org-number-check-digit", name: "organization", corrupt: []string{
			`UPDATE organization SET org_number = '980001238', version = version + 1 WHERE name = 'Lyse Energi AS'`, reauditOrganizations},
			want: `SELECT ARRAY[` + lyse + `::text]`},
		{rule: "org-number-check-digit", name: "agreement", corrupt: []string{
			`UPDATE agreement SET org_number = '000000000' WHERE id = ` + vivIKS, reauditAgreements},
			want: `SELECT ARRAY[` + vivIKS + `::text]`},
		{rule: "municipality-number-valid", corrupt: []string{
			`UPDATE municipality_number SET number = '1500' WHERE number = '1534'`},
			want: `SELECT ARRAY[id::text] FROM organization WHERE name = 'Haram kommune'`},
		{rule: "municipality-number-overlap", corrupt: []string{
			`UPDATE municipality_number SET valid_to = '2021-01-01' WHERE number = '1201'`},
			want: `SELECT ARRAY[` + bergenID + `::text]`},
		{rule: "agreement-versions", corrupt: []string{
			`DELETE FROM agreement_version WHERE seq = 0 AND agreement_id = ` + barnevern},
			want: `SELECT ARRAY[` + barnevern + `::text]`},
		{rule: "agreement-version-order", corrupt: []string{
			`UPDATE agreement_version SET valid_from = '2024-06-01' WHERE seq = 1 AND agreement_id = ` + barnevern},
			want: `SELECT ARRAY[` + barnevern + `::text]`},
		{rule: "agreement-version-adopted", corrupt: []string{
			`UPDATE agreement_version SET adopted = '2025-01-01' WHERE seq = 0 AND agreement_id = ` + barnevern},
			want: `SELECT ARRAY[` + barnevern + `::text]`},
		{rule: "agreement-participants", corrupt: []string{
			`DELETE FROM agreement_participant WHERE seq = 1 AND organization_id = ` + bergenID + ` AND agreement_id = ` + barnevern},
			want: `SELECT ARRAY[` + barnevern + `::text]`},
		{rule: "agreement-ownership-sum", name: "sum", corrupt: []string{
			`UPDATE agreement_participant SET ownership = ownership + 0.01 WHERE position = 0 AND agreement_id = ` + vivIKS},
			want: `SELECT ARRAY[` + vivIKS + `::text]`},
		{rule: "agreement-ownership-sum", name: "missing", corrupt: []string{
			`UPDATE agreement_participant SET ownership = NULL WHERE position = 0 AND agreement_id = ` + vivIKS},
			want: `SELECT ARRAY[` + vivIKS + `::text]`},
		{rule: "agreement-liability-sum", corrupt: []string{
			`UPDATE agreement_participant SET liability = ownership + 0.01 WHERE position = 0 AND agreement_id = ` + vivIKS},
			want: `SELECT ARRAY[` + vivIKS + `::text]`},
		{rule: "agreement-cost-share-sum", name: "sum", corrupt: []string{
			`UPDATE agreement_key_component SET basis = 'share' WHERE agreement_id = ` + vivIKS,
			`UPDATE agreement_participant SET cost_share = ownership WHERE agreement_id = ` + vivIKS,
			`UPDATE agreement_participant SET cost_share = cost_share + 0.001 WHERE position = 0 AND agreement_id = ` + vivIKS},
			want: `SELECT ARRAY[` + vivIKS + `::text]`},
		{rule: "agreement-cost-share-sum", name: "missing", corrupt: []string{
			`UPDATE agreement_key_component SET basis = 'share' WHERE agreement_id = ` + vivIKS},
			want: `SELECT ARRAY[` + vivIKS + `::text]`},
		{rule: "agreement-key-weights", name: "sum", corrupt: []string{
			`UPDATE agreement_key_component SET weight = 0.8 WHERE name = 'innbyggere' AND agreement_id = ` + barnevern},
			want: `SELECT ARRAY[` + barnevern + `::text]`},
		{rule: "agreement-key-weights", name: "names", corrupt: []string{
			`UPDATE agreement_key_component SET name = 'likt' WHERE name = 'innbyggere' AND agreement_id = ` + barnevern},
			want: `SELECT ARRAY[` + barnevern + `::text]`},
		{rule: "agreement-host", name: "none", corrupt: []string{
			`UPDATE agreement_version SET host_id = NULL WHERE seq = 1 AND agreement_id = ` + barnevern},
			want: `SELECT ARRAY[` + barnevern + `::text]`},
		{rule: "agreement-host", name: "not a participant", corrupt: []string{
			`UPDATE agreement_version SET host_id = ` + lyse + ` WHERE seq = 1 AND agreement_id = ` + barnevern},
			want: `SELECT ARRAY[` + barnevern + `::text, ` + lyse + `::text]`},
		{rule: "agreement-participant-kind", corrupt: []string{
			`INSERT INTO agreement_participant (agreement_id, seq, position, organization_id) VALUES (` + barnevern + `, 1, 2, ` + lyse + `)`},
			want: `SELECT ARRAY[` + barnevern + `::text, ` + lyse + `::text]`},
		{rule: "budget-lines", corrupt: []string{
			`UPDATE budget_line SET amount = amount + 0.01 WHERE position = 0`},
			want: `SELECT ARRAY[id::text, agreement_id::text] FROM budget`},
		{rule: "position-overlap", corrupt: []string{
			`INSERT INTO position (id, owner_id, entity_id, economic, share_class, valid_from)
				VALUES (` + newPosition + `, ` + bergenID + `, ` + lyse + `, 0, 'A', '2010-01-01')`, reauditPositions},
			want: `SELECT ARRAY[` + newPosition + `, (SELECT id::text FROM position WHERE share_class = 'A' AND id <> ` + newPosition + `)]`},
		{rule: "position-share-sum", name: "more than 1", corrupt: []string{
			`UPDATE position SET economic = 0.7 WHERE share_class = 'A'`, reauditPositions},
			want: `SELECT ARRAY[` + lyse + `::text]`},
		{rule: "position-share-sum", name: "more than 1 counted in shares", corrupt: []string{
			`UPDATE position SET held = 2 WHERE id = ` + kommuneA, reauditPositions},
			want: `SELECT ARRAY[` + kraft + `::text]`},
		{rule: "position-share-sum", name: "less than a complete list after an end", corrupt: []string{
			`UPDATE position SET valid_to = '2022-01-01' WHERE id = ` + kommuneA, reauditPositions},
			want: `SELECT ARRAY[` + kraft + `::text]`},
		{rule: "position-share-count", name: "economic share", corrupt: []string{
			`UPDATE position SET economic = 0.34 WHERE id = ` + kommuneA, reauditPositions},
			want: `SELECT ARRAY[` + kommuneA + `::text]`},
		{rule: "position-share-count", name: "none outstanding", corrupt: []string{
			`UPDATE position SET outstanding = 0 WHERE id = ` + kommuneA, reauditPositions},
			want: `SELECT ARRAY[` + kommuneA + `::text]`},
		{rule: "owner-list-places", corrupt: []string{
			`UPDATE owner_list SET places = 4 WHERE entity_id = ` + lyse,
			`UPDATE audit SET after = jsonb_set(after, '{Places}', '4') WHERE record_type = 'owner-list' AND record_id = ` + lyse},
			want: `SELECT ARRAY[` + lyse + `::text]`},
		{rule: "token-scope", name: "editor", corrupt: []string{
			`DELETE FROM api_token_scope WHERE token_id = (SELECT id FROM api_token WHERE name = 'Bergen økonomi')`},
			want: `SELECT ARRAY[id::text] FROM api_token WHERE name = 'Bergen økonomi'`},
		{rule: "token-scope", name: "reader", corrupt: []string{
			`INSERT INTO api_token_scope SELECT id, ` + bergenID + ` FROM api_token WHERE name = 'Eierforum'`},
			want: `SELECT ARRAY[id::text] FROM api_token WHERE name = 'Eierforum'`},
		{rule: "audit-trail", corrupt: []string{
			`DELETE FROM audit WHERE record_type = 'forum' AND action = 'create'`},
			want: `SELECT ARRAY[id::text] FROM forum`},
		{rule: "audit-current", name: "flow", corrupt: []string{
			`UPDATE flow SET amount = amount + 1 WHERE direction = 'from-owner'`},
			want: `SELECT ARRAY[id::text] FROM flow WHERE direction = 'from-owner'`},
		{rule: "audit-current", name: "position", corrupt: []string{
			`UPDATE position SET purpose = 'Endret' WHERE share_class = 'B'`},
			want: `SELECT ARRAY[id::text] FROM position WHERE share_class = 'B'`},
		{rule: "audit-current", name: "forum revision", corrupt: []string{
			`UPDATE forum SET version = version + 1`},
			want: `SELECT ARRAY[id::text] FROM forum`},
		{rule: "audit-current", name: "agreement", corrupt: []string{
			`UPDATE agreement SET name = 'Barnevern Bergen og Asker' WHERE id = ` + barnevern},
			want: `SELECT ARRAY[id::text] FROM agreement WHERE name = 'Barnevern Bergen og Asker'`},
		{rule: "audit-current", name: "organization", corrupt: []string{
			`UPDATE organization SET name = 'Asker og Omegn kommune' WHERE name = 'Asker kommune'`},
			want: `SELECT ARRAY[id::text] FROM organization WHERE name = 'Asker og Omegn kommune'`},
		{rule: "audit-current", name: "owner list", corrupt: []string{
			`UPDATE owner_list SET complete = false WHERE entity_id = ` + lyse},
			want: `SELECT ARRAY[` + lyse + `::text]`},
		{rule: "audit-current", name: "balance", corrupt: []string{
			`UPDATE balance SET amount = amount + 1 WHERE kind = 'guarantee'`},
			want: `SELECT ARRAY[entity_id::text, owner_id::text] FROM balance WHERE kind = 'guarantee'`},
		{rule: "audit-current", name: "succession", corrupt: []string{
			`UPDATE organization_succession SET effective = '2019-01-01'`},
			want: `SELECT ARRAY[predecessor_id::text, successor_id::text] FROM organization_succession`},
	}
	covered := map[string]bool{}
	for _, tc := range cases {
		covered[tc.rule] = true
	}
	for _, r := range pgstore.CheckRules() {
		require.True(t, covered[r.Name], "rule %s has no case", r.Name)
		require.NotEmpty(t, r.Promise, "rule %s promises nothing", r.Name)
	}

	fixture := checkFixture(t)
	for _, tc := range cases {
		t.Run(tc.rule+" "+tc.name, func(t *testing.T) {
			s := pgtest.Open(t, pgtest.Clone(t, fixture))
			ctx := context.Background()
			tx, err := s.DB().BeginTx(ctx, nil)
			require.NoError(t, err)
			for _, stmt := range tc.corrupt {
				_, err := tx.ExecContext(ctx, stmt)
				require.NoError(t, err, "corrupting: %s", stmt)
			}
			require.NoError(t, tx.Commit())
			var want []struct {
				IDs []string `bun:"ids,array"`
			}
			require.NoError(t, s.DB().NewRaw("SELECT x.ids FROM ("+tc.want+") AS x (ids)").Scan(ctx, &want))
			require.NotEmpty(t, want)

			report := check(t, s)
			var got [][]string
			for _, v := range report.Violations {
				assert.Equal(t, tc.rule, v.Rule, "a violation of another rule: %v %s", v.IDs, v.Message)
				assert.NotEmpty(t, v.Message)
				got = append(got, v.IDs)
				t.Logf("%s %v: %s", v.Rule, v.IDs, v.Message)
			}
			var wantIDs [][]string
			for _, w := range want {
				wantIDs = append(wantIDs, w.IDs)
			}
			assert.Equal(t, wantIDs, got, "the IDs of the violations")
			for _, r := range report.Rules {
				if r.Name == tc.rule {
					assert.Equal(t, len(want), r.Violations, "violations of %s", r.Name)
				} else {
					assert.Zero(t, r.Violations, "violations of %s", r.Name)
				}
			}
		})
	}
}

// TestCheckOrgNumbersAsTheDomain holds the check's MOD11 arithmetic, which
// is SQL, to munireg.ParseOrgNumber: organizations with every last digit
// after random first eight digits (so each weighted sum's remainder, 10
// too) and the number zero, stored around the store, are reported exactly
// when ParseOrgNumber refuses their number.
func TestCheckOrgNumbersAsTheDomain(t *testing.T) {
	s := pgtest.Store(t)
	rng := rand.New(rand.NewPCG(7, 11))
	prefixes := []int{0, 96433853, 98000123}
	for len(prefixes) < 90 {
		prefixes = append(prefixes, rng.IntN(100_000_000))
	}
	var ids, numbers []string
	refused := map[string]bool{}
	for _, prefix := range prefixes {
		for last := range 10 {
			n := fmt.Sprintf("%08d%d", prefix, last)
			id := uuid.NewString()
			ids, numbers = append(ids, id), append(numbers, n)
			if _, err := munireg.ParseOrgNumber(n); err != nil {
				refused[id] = true
			}
		}
	}
	require.Less(t, len(refused), pgstore.MaxViolationsPerRule, "every refusal fits the report")
	require.Greater(t, len(ids)-len(refused), 80, "valid numbers among them")
	_, err := s.DB().NewRaw(`INSERT INTO organization (id, name, name_key, kind, org_number)
		SELECT id, 'Org ' || n, 'org ' || n, 'as', n FROM unnest(?::uuid[], ?::text[]) AS u (id, n)`,
		pgdialect.Array(ids), pgdialect.Array(numbers)).Exec(context.Background())
	require.NoError(t, err)

	reported := map[string]bool{}
	for _, v := range check(t, s).Violations {
		if v.Rule == "org-number-check-digit" {
			reported[v.IDs[0]] = true
		}
	}
	for i, id := range ids {
		assert.Equal(t, refused[id], reported[id], "organization number %s: reported %v, ParseOrgNumber refuses it %v",
			numbers[i], reported[id], refused[id])
	}
}
