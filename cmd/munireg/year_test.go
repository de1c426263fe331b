package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg/internal/localpg"
	"github.com/munireg/munireg/internal/pgstore/pgtest"
)

// client calls a running munireg as any HTTP client would.
type client struct {
	t    *testing.T
	base string
}

// do sends a request with a JSON body (empty for none) and decodes the
// answer; it fails the test unless the status is want.
func (c client) do(method, path, body string, want int, header ...string) map[string]any {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+path, strings.NewReader(body))
	require.NoError(c.t, err)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(c.t, err)
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	require.NoError(c.t, err)
	require.Equal(c.t, want, res.StatusCode, "%s %s: %s", method, path, raw)
	var out map[string]any
	if len(raw) > 0 {
		require.NoError(c.t, json.Unmarshal(raw, &out), "%s %s: %s", method, path, raw)
	}
	return out
}

// byRef maps the rows of a list field by a key field.
func byRef(t *testing.T, body map[string]any, list, key string) map[string]map[string]any {
	t.Helper()
	rows, ok := body[list].([]any)
	require.True(t, ok, "%s is not a list in %v", list, body)
	out := map[string]map[string]any{}
	for _, r := range rows {
		m := r.(map[string]any)
		out[m[key].(string)] = m
	}
	return out
}

// TestFinanceOfficersYear drives the built binary through a finance
// officer's year: three real Sunnmøre municipalities (numbers from the
// reference data; their populations here are illustrative), an IKS whose
// cost is shared 30 % equally and 70 % by population, the year's budget,
// its a-konto installments, the settlement against the actual cost, the
// municipalities' positions in a company and its dividend, the owner
// forum's summary, and the two legal reports.
func TestFinanceOfficersYear(t *testing.T) {
	if _, err := localpg.FindBinaries(os.Getenv(pgtest.EnvBinDir)); err != nil {
		pgtest.SkipOrFail(t, err)
	}
	parent := reachableDir(t)
	srv := startServe(t, filepath.Join(parent, "data"), nil)
	srv.ready(t, 30*time.Second)
	c := client{t: t, base: srv.base}

	municipality := func(name, number, orgNumber string, population int) string {
		body := fmt.Sprintf(`{"name": %q, "kind": "kommune", "orgNumber": %q, "municipality": %q,
			"population": [{"date": "2025-01-01", "count": %d}]}`, name, orgNumber, number, population)
		return c.do(http.MethodPost, "/v1/organizations", body, http.StatusCreated)["id"].(string)
	}
	volda := municipality("Volda kommune", "1577", "939760946", 10000)
	orsta := municipality("Ørsta kommune", "1520", "939461450", 11000)
	hareid := municipality("Hareid kommune", "1517", "964979278", 5000)

	iks := c.do(http.MethodPost, "/v1/agreements", fmt.Sprintf(`{"name": "Sunnmøre Renovasjon IKS", "form": "iks",
		"versions": [{"adopted": "2024-11-30", "valid": {"from": "2025-01-01"}, "purpose": "Renovasjon",
		"participants": [
			{"organization": {"id": %q}, "ownership": "0.5", "seats": {"representantskap": 2}},
			{"organization": {"id": %q}, "ownership": "0.3", "seats": {"representantskap": 2}},
			{"organization": {"id": %q}, "ownership": "0.2", "seats": {"representantskap": 1}}],
		"key": {"components": [{"name": "fast", "weight": "0.30", "basis": "equal"},
		                       {"name": "innbyggere", "weight": "0.70", "basis": "population"}]}}]}`,
		volda, orsta, hareid), http.StatusCreated)["id"].(string)

	// The budget: 300 000 equally is 100 000 each; 700 000 by population
	// 10 000 : 11 000 : 5 000 is 269 230.769…, 296 153.846… and
	// 134 615.384…. Floors sum to 999 999.98; the two øre left go to the
	// largest remainders, Volda's (.923) and Ørsta's (.615).
	budget := c.do(http.MethodPost, "/v1/agreements/"+iks+"/budgets", `{"year": 2025, "total": "1000000.00"}`, http.StatusCreated)
	rows := byRef(t, budget, "rows", "ref")
	assert.Equal(t, "369230.77", rows[volda]["amount"])
	assert.Equal(t, "396153.85", rows[orsta]["amount"])
	assert.Equal(t, "234615.38", rows[hareid]["amount"])
	assert.Equal(t, "1000000.00", budget["sum"])
	id := budget["id"].(string)

	// Quarterly a-konto: Volda's 369 230.77 is 92 307.69 four times and one
	// øre more in the first quarter.
	schedule := byRef(t, c.do(http.MethodGet, "/v1/budgets/"+id+"/installments?n=4", "", http.StatusOK), "participants", "ref")
	assert.Equal(t, []any{"92307.70", "92307.69", "92307.69", "92307.69"}, schedule[volda]["installments"])

	// The settlement: the actual cost 1 040 000.00 is 104 000 each equally
	// and 280 000 / 308 000 / 140 000 by population, so 384 000, 412 000
	// and 244 000 against the budget amounts paid on account.
	settlement := c.do(http.MethodPost, "/v1/budgets/"+id+"/settlement", `{"total": "1040000.00"}`, http.StatusOK)
	final := byRef(t, settlement, "rows", "ref")
	assert.Equal(t, "14769.23", final[volda]["difference"])
	assert.Equal(t, "15846.15", final[orsta]["difference"])
	assert.Equal(t, "9384.62", final[hareid]["difference"])
	assert.Equal(t, "40000.00", settlement["balance"])

	// Ownership: the three hold a company, which pays a dividend for 2025.
	energy := c.do(http.MethodPost, "/v1/organizations", `{"name": "Sunnmøre Energi AS", "kind": "as"}`, http.StatusCreated)["id"].(string)
	for owner, share := range map[string]string{volda: "0.4", orsta: "0.35", hareid: "0.25"} {
		c.do(http.MethodPost, "/v1/positions", fmt.Sprintf(`{"owner": %q, "entity": %q, "economic": %q,
			"valid": {"from": "2020-01-01"}, "purpose": "Kraftproduksjon", "category": "financial"}`, owner, energy, share), http.StatusCreated)
	}
	for owner, amount := range map[string]string{volda: "400000.00", orsta: "350000.00", hareid: "250000.00"} {
		c.do(http.MethodPost, "/v1/flows", fmt.Sprintf(`{"owner": %q, "entity": %q, "kind": "dividend", "year": 2025,
			"paid": "2026-05-15", "amount": %q}`, owner, energy, amount), http.StatusCreated)
	}
	forum := c.do(http.MethodPost, "/v1/forums", fmt.Sprintf(`{"name": "Sunnmøre eierforum", "owners": [%q, %q, %q]}`,
		volda, orsta, hareid), http.StatusCreated)["id"].(string)
	summary := c.do(http.MethodGet, "/v1/forums/"+forum+"/summary?year=2025", "", http.StatusOK)
	assert.Equal(t, "1000000.00", summary["income"].(map[string]any)["total"])
	owners := summary["owners"].([]any)
	require.Len(t, owners, 3)
	assert.Equal(t, volda, owners[0].(map[string]any)["owner"], "ranked by income")

	// The two reports of Volda.
	overview := c.do(http.MethodGet, "/v1/reports/cooperation/"+volda+"?asOf=2025-06-30", "", http.StatusOK)
	assert.Contains(t, fmt.Sprint(overview), "Sunnmøre Renovasjon IKS")
	report := c.do(http.MethodGet, "/v1/reports/ownership/"+volda+"?asOf=2025-06-30", "", http.StatusOK)
	assert.Contains(t, fmt.Sprint(report), "Sunnmøre Energi AS")
	assert.Contains(t, fmt.Sprint(report), "Sunnmøre Renovasjon IKS")

	assert.Equal(t, 0, srv.stop(t, syscall.SIGTERM))
}

// TestServeDemo: --demo fills an empty register with the 357 municipalities
// of 2024 and the worked example, once: a restart with --demo adds nothing.
func TestServeDemo(t *testing.T) {
	if _, err := localpg.FindBinaries(os.Getenv(pgtest.EnvBinDir)); err != nil {
		pgtest.SkipOrFail(t, err)
	}
	parent := reachableDir(t)
	dataDir := filepath.Join(parent, "data")

	for run := range 2 {
		srv := startServe(t, dataDir, nil, "--demo")
		srv.ready(t, 30*time.Second)
		c := client{t: t, base: srv.base}
		orgs := c.do(http.MethodGet, "/v1/organizations?limit=1", "", http.StatusOK)
		assert.EqualValues(t, 358, orgs["total"], "run %d: 357 municipalities and the demo company", run+1)
		volda := c.do(http.MethodGet, "/v1/organizations?municipality=1577", "", http.StatusOK)["items"].([]any)
		require.Len(t, volda, 1)
		assert.Equal(t, "939760946", volda[0].(map[string]any)["orgNumber"])
		forums := c.do(http.MethodGet, "/v1/forums", "", http.StatusOK)
		assert.EqualValues(t, 1, forums["total"], "run %d: one demo forum", run+1)
		forum := forums["items"].([]any)[0].(map[string]any)["id"].(string)
		summary := c.do(http.MethodGet, "/v1/forums/"+forum+"/summary?year=2024", "", http.StatusOK)
		assert.Equal(t, "10000000.00", summary["income"].(map[string]any)["total"], "the demo dividend, split exactly")
		assert.Equal(t, 0, srv.stop(t, syscall.SIGINT))
	}
}
