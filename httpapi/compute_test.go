package httpapi

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// call performs a request with a JSON body (a string, sent as is) and
// header pairs, and decodes a JSON answer into a map.
func call(t *testing.T, h http.Handler, method, path, body string, header ...string) (*http.Response, map[string]any) {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := rec.Result()
	var out map[string]any
	if strings.Contains(res.Header.Get("Content-Type"), "json") && bytes.HasPrefix(bytes.TrimSpace(rec.Body.Bytes()), []byte("{")) {
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &out), "%s %s: body %s", method, path, rec.Body)
	}
	return res, out
}

// assertInvalid checks a 422 problem with a detail at each location.
func assertInvalid(t *testing.T, res *http.Response, body map[string]any, locations ...string) {
	t.Helper()
	assertProblem(t, res, body, http.StatusUnprocessableEntity)
	var got []string
	errs, _ := body["errors"].([]any)
	for _, e := range errs {
		d := e.(map[string]any)
		got = append(got, d["location"].(string))
		assert.NotEmpty(t, d["message"], "detail at %v has no message", d["location"])
	}
	for _, l := range locations {
		assert.Contains(t, got, l, "422 details %v", body["errors"])
	}
}

// rows returns the field of each object in body[list], in order.
func rows(t *testing.T, body map[string]any, list, field string) []any {
	t.Helper()
	items, ok := body[list].([]any)
	require.True(t, ok, "%s is not a list in %v", list, body)
	out := make([]any, len(items))
	for i, it := range items {
		out[i] = it.(map[string]any)[field]
	}
	return out
}

// TestAllocateThirtyEqualSeventyPopulation: 1 000 000.00, 30 % equally and
// 70 % by population over 9000, 5000 and 7000 inhabitants (21 000), by hand:
//
//	equal:      300 000 / 3                 = 100 000 each
//	population: 700 000 × 9000 / 21000      = 300 000
//	            700 000 × 5000 / 21000      = 166 666.666…
//	            700 000 × 7000 / 21000      = 233 333.333…
//	exact:      400 000, 266 666.666…, 333 333.333…
//	floors:     400 000.00 + 266 666.66 + 333 333.33 = 999 999.99
//
// One øre is missing; the largest remainder (0.666… øre) is the second
// party's, so it gets 266 666.67.
func TestAllocateThirtyEqualSeventyPopulation(t *testing.T) {
	h := newAPI(t)
	res, body := call(t, h, http.MethodPost, "/v1/allocations/compute", `{
		"total": "1000000.00",
		"components": [{"name": "fast", "weight": "0.30", "basis": "equal"},
		               {"name": "innbyggere", "weight": "0.70", "basis": "population"}],
		"participants": [{"ref": "1577", "population": 9000}, {"ref": "1520", "population": 5000},
		                 {"ref": "1516", "population": 7000}]}`)
	require.Equal(t, http.StatusOK, res.StatusCode, "body %v", body)
	assert.Equal(t, "1000000.00", body["total"])
	assert.Equal(t, "0.01", body["unit"])
	assert.Equal(t, "largest-remainder", body["policy"])
	assert.Equal(t, "1000000.00", body["sum"])
	assert.Equal(t, false, body["normalized"])
	assert.Equal(t, []any{"1577", "1520", "1516"}, rows(t, body, "allocations", "ref"))
	assert.Equal(t, []any{"400000.00", "266666.67", "333333.33"}, rows(t, body, "allocations", "amount"))
	assert.Equal(t, []any{"400000", "266666.6666666667", "333333.3333333333"}, rows(t, body, "allocations", "exact"))
	second := body["allocations"].([]any)[1].(map[string]any)["components"].([]any)
	assert.Equal(t, map[string]any{"name": "fast", "exact": "100000"}, second[0])
	assert.Equal(t, map[string]any{"name": "innbyggere", "exact": "166666.6666666667"}, second[1])
}

// TestAllocateHalfUpPerRowLosesAnOre: 100.00 equally over three is
// 33.333… each; rounding each row half up gives 33.33 three times, 99.99,
// and the answer says so.
func TestAllocateHalfUpPerRowLosesAnOre(t *testing.T) {
	res, body := call(t, newAPI(t), http.MethodPost, "/v1/allocations/compute", `{
		"total": "100.00", "policy": "half-up-per-row",
		"components": [{"name": "likt", "weight": "1", "basis": "equal"}],
		"participants": [{"ref": "a"}, {"ref": "b"}, {"ref": "c"}]}`)
	require.Equal(t, http.StatusOK, res.StatusCode, "body %v", body)
	assert.Equal(t, []any{"33.33", "33.33", "33.33"}, rows(t, body, "allocations", "amount"))
	assert.Equal(t, "99.99", body["sum"])
	assert.Equal(t, "-0.01", body["difference"])
}

// TestAllocateSharesMustSumToOne: three published shares of 0.3333 sum to
// 0.9999; without normalize that is a 422 naming the field, with it they
// are scaled: 100.00 × 1/3 each, the extra øre to the lowest ref "a".
func TestAllocateSharesMustSumToOne(t *testing.T) {
	h := newAPI(t)
	req := func(normalize bool) string {
		n := "false"
		if normalize {
			n = "true"
		}
		return `{"total": "100.00", "unit": "0.01", "normalize": ` + n + `,
			"components": [{"name": "andel", "weight": "1", "basis": "share"}],
			"participants": [{"ref": "b", "share": "0.3333"}, {"ref": "a", "share": "0.3333"}, {"ref": "c", "share": "0.3333"}]}`
	}
	res, body := call(t, h, http.MethodPost, "/v1/allocations/compute", req(false))
	assertInvalid(t, res, body, "body.participants[*].share")

	res, body = call(t, h, http.MethodPost, "/v1/allocations/compute", req(true))
	require.Equal(t, http.StatusOK, res.StatusCode, "body %v", body)
	assert.Equal(t, true, body["normalized"])
	assert.Equal(t, []any{"33.33", "33.34", "33.33"}, rows(t, body, "allocations", "amount"))
}

func TestAllocateValidation(t *testing.T) {
	h := newAPI(t)
	for _, tc := range []struct {
		name, body string
		locations  []string
	}{
		{"decimal as JSON number", `{"total": 12.5, "components": [{"name": "x", "weight": "1", "basis": "equal"}], "participants": [{"ref": "a"}]}`,
			[]string{"body.total"}},
		{"weights not summing to one", `{"total": "10.00", "components": [{"name": "x", "weight": "0.5", "basis": "equal"}], "participants": [{"ref": "a"}]}`,
			[]string{"body.components[*].weight"}},
		{"total finer than the unit", `{"total": "10.005", "components": [{"name": "x", "weight": "1", "basis": "equal"}], "participants": [{"ref": "a"}]}`,
			[]string{"body.total"}},
		{"unknown basis", `{"total": "10.00", "components": [{"name": "x", "weight": "1", "basis": "weather"}], "participants": [{"ref": "a"}]}`,
			[]string{"body.components[0].basis"}},
		{"duplicate refs and a missing metric", `{"total": "10.00", "components": [{"name": "x", "weight": "1", "basis": "metric:tonn"}],
			"participants": [{"ref": "a", "metrics": {"tonn": "1"}}, {"ref": "a"}]}`,
			[]string{"body.participants[1].metrics.tonn"}},
		{"malformed decimal string", `{"total": "1e3", "components": [{"name": "x", "weight": "1", "basis": "equal"}], "participants": [{"ref": "a"}]}`,
			[]string{"body.total"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, body := call(t, h, http.MethodPost, "/v1/allocations/compute", tc.body)
			assertInvalid(t, res, body, tc.locations...)
		})
	}
}

func TestDecimalWireRules(t *testing.T) {
	h := newAPI(t)
	key := `"components": [{"name": "x", "weight": "1", "basis": "equal"}], "participants": [{"ref": "a"}]`
	res, body := call(t, h, http.MethodPost, "/v1/allocations/compute", `{"total": "12.50", `+key+`}`)
	require.Equal(t, http.StatusOK, res.StatusCode, "body %v", body)
	assert.Equal(t, "12.50", body["total"])
	res, body = call(t, h, http.MethodPost, "/v1/allocations/compute", `{"total": 12.5, `+key+`}`)
	assertInvalid(t, res, body, "body.total")
	res, body = call(t, h, http.MethodPost, "/v1/allocations/compute", `{"total": "1000.50", `+key+`}`)
	require.Equal(t, http.StatusOK, res.StatusCode, "body %v", body)
	assert.Equal(t, "1000.50", body["total"])
	assert.Equal(t, []any{"1000.50"}, rows(t, body, "allocations", "amount"))
	res, body = call(t, h, http.MethodPost, "/v1/allocations/compute", `{"total": "1000", `+key+`}`)
	require.Equal(t, http.StatusOK, res.StatusCode, "body %v", body)
	assert.Equal(t, "1000.00", body["total"], "money leaves with two decimals")
}

// TestTariff: kr 51 258 base + kr 3,08 per inhabitant, max kr 66 635. By
// hand: 2000 inhabitants: 51 258 + 6 160 = 57 418.00; 6000: 51 258 +
// 18 480 = 69 738, capped at 66 635.00.
func TestTariff(t *testing.T) {
	res, body := call(t, newAPI(t), http.MethodPost, "/v1/tariffs/compute", `{
		"base": "51258", "rate": "3.08", "cap": "66635", "basis": "population",
		"participants": [{"ref": "small", "population": 2000}, {"ref": "large", "population": 6000}]}`)
	require.Equal(t, http.StatusOK, res.StatusCode, "body %v", body)
	assert.Equal(t, []any{"57418.00", "66635.00"}, rows(t, body, "charges", "amount"))
	assert.Equal(t, []any{"57418", "69738"}, rows(t, body, "charges", "exact"))
	assert.Equal(t, []any{false, true}, rows(t, body, "charges", "capped"))
	assert.Equal(t, "124053.00", body["sum"])

	res, body = call(t, newAPI(t), http.MethodPost, "/v1/tariffs/compute", `{
		"base": "10", "rate": "1", "floor": "20", "cap": "5", "basis": "population", "participants": [{"ref": "a"}]}`)
	assertInvalid(t, res, body, "body.cap")
}

// TestLookThrough: A holds 0.5 of B and B 0.4 of C, which D holds 0.6 of:
// A's effective share of C is 0.5 × 0.4 = 0.2. B is held, so not ultimate.
func TestLookThrough(t *testing.T) {
	res, body := call(t, newAPI(t), http.MethodPost, "/v1/ownership/look-through/compute", `{"positions": [
		{"owner": "A", "entity": "B", "share": "0.5"}, {"owner": "B", "entity": "C", "share": "0.4"},
		{"owner": "D", "entity": "C", "share": "0.6"}]}`)
	require.Equal(t, http.StatusOK, res.StatusCode, "body %v", body)
	assert.Equal(t, []any{
		map[string]any{"owner": "A", "entity": "B", "share": "0.5"},
		map[string]any{"owner": "A", "entity": "C", "share": "0.2"},
		map[string]any{"owner": "D", "entity": "C", "share": "0.6"},
	}, body["effective"])

	// One third exactly, to 20 decimals.
	res, body = call(t, newAPI(t), http.MethodPost, "/v1/ownership/look-through/compute", `{"positions": [
		{"owner": "A", "entity": "B", "share": "0.5"}, {"owner": "B", "entity": "B", "share": "0.5"}]}`)
	require.Equal(t, http.StatusOK, res.StatusCode, "body %v", body)
	assert.Equal(t, []any{"1"}, rows(t, body, "effective", "share"), "own shares: A holds all the shares not held by B itself")

	// B and C own all of each other: no answer, a 422 naming both.
	res, body = call(t, newAPI(t), http.MethodPost, "/v1/ownership/look-through/compute", `{"positions": [
		{"owner": "B", "entity": "C", "share": "1"}, {"owner": "C", "entity": "B", "share": "1"}]}`)
	assertInvalid(t, res, body, "body.positions")
	msg := body["errors"].([]any)[0].(map[string]any)["message"].(string)
	assert.Contains(t, msg, "B")
	assert.Contains(t, msg, "C")
}
