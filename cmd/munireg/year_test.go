package main

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"
	openapi_types "github.com/oapi-codegen/runtime/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg/internal/apiclient"
	"github.com/munireg/munireg/internal/localpg"
	"github.com/munireg/munireg/internal/pgstore/pgtest"
)

// newClient is the client generated from the served spec, unchanged,
// pointed at a running munireg and sending token on every request.
func newClient(t *testing.T, base, token string) *apiclient.ClientWithResponses {
	t.Helper()
	c, err := apiclient.NewClientWithResponses(base, apiclient.WithRequestEditorFn(
		func(_ context.Context, req *http.Request) error {
			req.Header.Set("Authorization", "Bearer "+token)
			return nil
		}))
	require.NoError(t, err)
	return c
}

// response is what every generated response has.
type response interface {
	StatusCode() int
	Bytes() []byte
}

// expect fails the test unless the call succeeded with status want; the
// message carries the body (the problem) the server sent instead.
func expect(t *testing.T, res response, err error, want int) {
	t.Helper()
	require.NoError(t, err)
	require.Equal(t, want, res.StatusCode(), "%s", res.Bytes())
}

// list is the slice behind a nullable array field; the API sends [] for
// none, and nil here fails the assertions that follow instead of panicking.
func list[T any](p *[]T) []T {
	if p == nil {
		return nil
	}
	return *p
}

// byRef maps rows by a key.
func byRef[T any](rows *[]T, key func(T) string) map[string]T {
	out := map[string]T{}
	for _, r := range list(rows) {
		out[key(r)] = r
	}
	return out
}

// date is a day of the calendar on the wire.
func date(t *testing.T, s string) openapi_types.Date {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	require.NoError(t, err)
	return openapi_types.Date{Time: d}
}

// TestFinanceOfficersYear drives the built binary through a finance
// officer's year: three real Sunnmøre municipalities (numbers from the
// reference data; their populations here are illustrative), an IKS whose
// cost is shared 30 % equally and 70 % by population, the year's budget,
// its a-konto installments, the settlement against the actual cost, the
// municipalities' positions in a company and its dividend, the owner
// forum's summary, and the two legal reports. It calls munireg only through
// the client generated from the served spec.
func TestFinanceOfficersYear(t *testing.T) {
	if _, err := localpg.FindBinaries(os.Getenv(pgtest.EnvBinDir)); err != nil {
		pgtest.SkipOrFail(t, err)
	}
	parent := reachableDir(t)
	var srv *server
	t.Cleanup(func() { // after startServe's cleanup has stopped it
		if t.Failed() && srv != nil {
			t.Logf("munireg serve's log:\n%s", srv.stderr)
		}
	})
	srv = startServe(t, filepath.Join(parent, "data"), nil)
	srv.ready(t, 30*time.Second)
	c := newClient(t, srv.base, srv.token)
	ctx := t.Context()

	municipality := func(name, number, orgNumber string, population int64) uuid.UUID {
		res, err := c.CreateOrganizationWithResponse(ctx, apiclient.OrganizationRequest{
			Name: name, Kind: apiclient.OrganizationRequestKindKommune, OrgNumber: new(orgNumber), Municipality: new(number),
			Population: &[]apiclient.PopulationBody{{Date: date(t, "2025-01-01"), Count: population}},
		})
		expect(t, res, err, http.StatusCreated)
		return res.JSON201.Id
	}
	volda := municipality("Volda kommune", "1577", "939760946", 10000)
	orsta := municipality("Ørsta kommune", "1520", "939461450", 11000)
	hareid := municipality("Hareid kommune", "1517", "964979278", 5000)

	participant := func(org uuid.UUID, ownership string, seats int64) apiclient.AgreementParticipantRequest {
		return apiclient.AgreementParticipantRequest{Organization: apiclient.OrganizationRef{Id: org},
			Ownership: new(ownership), Seats: &map[string]int64{"representantskap": seats}}
	}
	created, err := c.CreateAgreementWithResponse(ctx, apiclient.AgreementRequest{
		Name: "Sunnmøre Renovasjon IKS", Form: apiclient.AgreementRequestFormIks,
		Versions: &[]apiclient.VersionRequest{{
			Adopted: date(t, "2024-11-30"), Valid: apiclient.PeriodBody{From: new(date(t, "2025-01-01"))}, Purpose: new("Renovasjon"),
			Participants: &[]apiclient.AgreementParticipantRequest{
				participant(volda, "0.5", 2), participant(orsta, "0.3", 2), participant(hareid, "0.2", 1)},
			Key: &apiclient.KeyBody{Components: &[]apiclient.KeyComponent{
				{Name: "fast", Weight: "0.30", Basis: "equal"},
				{Name: "innbyggere", Weight: "0.70", Basis: "population"}}},
		}},
	})
	expect(t, created, err, http.StatusCreated)
	iks := created.JSON201.Id.String()

	// The budget: 300 000 equally is 100 000 each; 700 000 by population
	// 10 000 : 11 000 : 5 000 is 269 230.769…, 296 153.846… and
	// 134 615.384…. Floors sum to 999 999.98; the two øre left go to the
	// largest remainders, Volda's (.923) and Ørsta's (.615).
	budgeted, err := c.CreateBudgetWithResponse(ctx, iks, apiclient.BudgetRequest{Year: 2025, Total: "1000000.00"})
	expect(t, budgeted, err, http.StatusCreated)
	budget := budgeted.JSON201
	rows := byRef(budget.Rows, func(r apiclient.AllocationRow) string { return r.Ref })
	assert.Equal(t, "369230.77", rows[volda.String()].Amount)
	assert.Equal(t, "396153.85", rows[orsta.String()].Amount)
	assert.Equal(t, "234615.38", rows[hareid.String()].Amount)
	assert.Equal(t, "1000000.00", budget.Sum)
	id := budget.Id.String()

	// Quarterly a-konto: Volda's 369 230.77 is 92 307.69 four times and one
	// øre more in the first quarter.
	installments, err := c.GetBudgetInstallmentsWithResponse(ctx, id, &apiclient.GetBudgetInstallmentsParams{N: new(int64(4))})
	expect(t, installments, err, http.StatusOK)
	schedule := byRef(installments.JSON200.Participants, func(p apiclient.ParticipantSchedule) string { return p.Ref })
	assert.Equal(t, []string{"92307.70", "92307.69", "92307.69", "92307.69"}, list(schedule[volda.String()].Installments))

	// The settlement: the actual cost 1 040 000.00 is 104 000 each equally
	// and 280 000 / 308 000 / 140 000 by population, so 384 000, 412 000
	// and 244 000 against the budget amounts paid on account.
	settled, err := c.SettleBudgetWithResponse(ctx, id, apiclient.SettlementRequest{Total: "1040000.00"})
	expect(t, settled, err, http.StatusOK)
	final := byRef(settled.JSON200.Rows, func(r apiclient.SettlementRow) string { return r.Ref })
	assert.Equal(t, "14769.23", final[volda.String()].Difference)
	assert.Equal(t, "15846.15", final[orsta.String()].Difference)
	assert.Equal(t, "9384.62", final[hareid.String()].Difference)
	assert.Equal(t, "40000.00", settled.JSON200.Balance)

	// Ownership: the three hold a company, which pays a dividend for 2025.
	company, err := c.CreateOrganizationWithResponse(ctx, apiclient.OrganizationRequest{
		Name: "Sunnmøre Energi AS", Kind: apiclient.OrganizationRequestKindAs})
	expect(t, company, err, http.StatusCreated)
	energy := company.JSON201.Id
	for owner, share := range map[uuid.UUID]string{volda: "0.4", orsta: "0.35", hareid: "0.25"} {
		res, err := c.CreatePositionWithResponse(ctx, apiclient.PositionRequest{
			Owner: owner, Entity: energy, Economic: share, Valid: &apiclient.PeriodBody{From: new(date(t, "2020-01-01"))},
			Purpose: new("Kraftproduksjon"), Category: new(apiclient.PositionRequestCategoryFinancial)})
		expect(t, res, err, http.StatusCreated)
	}
	for owner, amount := range map[uuid.UUID]string{volda: "400000.00", orsta: "350000.00", hareid: "250000.00"} {
		res, err := c.CreateFlowWithResponse(ctx, apiclient.FlowRequest{
			Owner: owner, Entity: energy, Kind: apiclient.FlowRequestKindDividend, Year: 2025,
			Paid: new(date(t, "2026-05-15")), Amount: amount})
		expect(t, res, err, http.StatusCreated)
	}
	forum, err := c.CreateForumWithResponse(ctx, apiclient.StoredForumRequest{
		Name: "Sunnmøre eierforum", Owners: &[]string{volda.String(), orsta.String(), hareid.String()}})
	expect(t, forum, err, http.StatusCreated)
	summary, err := c.GetForumSummaryWithResponse(ctx, forum.JSON201.Id.String(), &apiclient.GetForumSummaryParams{Year: 2025})
	expect(t, summary, err, http.StatusOK)
	assert.Equal(t, "1000000.00", summary.JSON200.Income.Total)
	owners := list(summary.JSON200.Owners)
	require.Len(t, owners, 3)
	assert.Equal(t, volda, owners[0].Owner, "ranked by income")

	// The two reports of Volda.
	asOf := &apiclient.GetCooperationOverviewParams{AsOf: new(date(t, "2025-06-30"))}
	overview, err := c.GetCooperationOverviewWithResponse(ctx, volda.String(), asOf)
	expect(t, overview, err, http.StatusOK)
	var cooperations []string
	for _, e := range list(overview.JSON200.Entries) {
		cooperations = append(cooperations, e.Name)
	}
	assert.Contains(t, cooperations, "Sunnmøre Renovasjon IKS")
	report, err := c.GetOwnershipReportWithResponse(ctx, volda.String(), &apiclient.GetOwnershipReportParams{AsOf: asOf.AsOf})
	expect(t, report, err, http.StatusOK)
	var interests []string
	for _, e := range list(report.JSON200.Entries) {
		interests = append(interests, e.Organization.Name)
	}
	assert.Contains(t, interests, "Sunnmøre Energi AS")
	assert.Contains(t, interests, "Sunnmøre Renovasjon IKS")

	assert.Equal(t, 0, srv.stop(t, syscall.SIGTERM))
}

// TestServeDemo: --demo fills an empty register with the 357 municipalities
// of 2024 and the demo region, once: a restart with --demo adds nothing.
// Only the first start prints an admin token; the second run uses it too.
func TestServeDemo(t *testing.T) {
	if _, err := localpg.FindBinaries(os.Getenv(pgtest.EnvBinDir)); err != nil {
		pgtest.SkipOrFail(t, err)
	}
	parent := reachableDir(t)
	dataDir := filepath.Join(parent, "data")
	ctx := t.Context()

	var token string
	for run := range 2 {
		srv := startServe(t, dataDir, nil, "--demo")
		srv.ready(t, 30*time.Second)
		if run == 0 {
			token = srv.token
		}
		c := newClient(t, srv.base, token)

		orgs, err := c.ListOrganizationsWithResponse(ctx, &apiclient.ListOrganizationsParams{Limit: new(int64(1))})
		expect(t, orgs, err, http.StatusOK)
		assert.EqualValues(t, 358, orgs.JSON200.Total, "run %d: 357 municipalities and the demo company", run+1)
		found, err := c.ListOrganizationsWithResponse(ctx, &apiclient.ListOrganizationsParams{Municipality: new("1577")})
		expect(t, found, err, http.StatusOK)
		volda := list(found.JSON200.Items)
		require.Len(t, volda, 1)
		assert.Equal(t, new("939760946"), volda[0].OrgNumber)

		forums, err := c.ListForumsWithResponse(ctx)
		expect(t, forums, err, http.StatusOK)
		assert.EqualValues(t, 1, forums.JSON200.Total, "run %d: one demo forum", run+1)
		items := list(forums.JSON200.Items)
		require.NotEmpty(t, items)
		summary, err := c.GetForumSummaryWithResponse(ctx, items[0].Id.String(), &apiclient.GetForumSummaryParams{Year: 2024})
		expect(t, summary, err, http.StatusOK)
		assert.Equal(t, "15000000.00", summary.JSON200.Income.Total,
			"the demo dividend of 10 000 000.00 and owner-loan interest of 5 000 000.00, split exactly")
		agreements, err := c.ListAgreementsWithResponse(ctx, &apiclient.ListAgreementsParams{})
		expect(t, agreements, err, http.StatusOK)
		assert.EqualValues(t, 2, agreements.JSON200.Total, "run %d: the IKS and the vertskommune arrangement", run+1)
		assert.Equal(t, 0, srv.stop(t, syscall.SIGINT))
	}
}
