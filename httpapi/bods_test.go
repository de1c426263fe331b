package httpapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg/internal/bods"
)

// getArray GETs path and decodes a JSON array answer, keeping numbers as
// written.
func getArray(t *testing.T, h http.Handler, path string) (*http.Response, []byte, []map[string]any) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	res := rec.Result()
	var out []map[string]any
	if res.StatusCode == http.StatusOK {
		d := json.NewDecoder(bytes.NewReader(rec.Body.Bytes()))
		d.UseNumber()
		require.NoError(t, d.Decode(&out), "GET %s: %s", path, rec.Body)
	}
	return res, rec.Body.Bytes(), out
}

// bodsSchema compiles the BODS 0.4 statement schema of testdata, every file
// under its $id so that the cross-file references resolve.
func bodsSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "testdata", "bods-0.4", "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	c.UseLoader(jsonschema.SchemeURLLoader{})
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		require.NoError(t, err)
		id, _ := doc.(map[string]any)["$id"].(string)
		require.NotEmpty(t, id, "%s has no $id", f)
		require.NoError(t, c.AddResource(id, doc))
	}
	s, err := c.Compile("urn:statement")
	require.NoError(t, err)
	return s
}

// TestExportBODS exports the Tussa owners (Volda and Ørsta in Tussa Kraft
// AS, which holds all of Tussa Nett AS) and holds the answer to the BODS
// 0.4 schema: Volda's and Ørsta's shares of the grid company are indirect.
func TestExportBODS(t *testing.T) {
	h := newAPI(t)
	o := newOwners(t, h)
	// A share class: voting differs from the economic share.
	classB := createOrg(t, h, "Tussa Klasse AS", "as", "")
	create(t, h, "/v1/positions", fmt.Sprintf(`{"owner": %q, "entity": %q, "economic": "0.25", "voting": "0.1",
		"shareClass": "B", "valid": {"from": "2021-03-01"}}`, o.volda, classB))

	res, raw, all := getArray(t, h, "/v1/exports/bods?asOf=2024-06-30")
	require.Equal(t, http.StatusOK, res.StatusCode, "body %s", raw)
	assert.Equal(t, "application/json", res.Header.Get("Content-Type"))
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	require.NoError(t, err)
	require.NoError(t, bodsSchema(t).Validate(doc), "the export is not valid BODS 0.4: %s", raw)

	today := time.Now().UTC().Format(time.DateOnly)
	entities := map[string]map[string]any{}
	rels := map[[2]string][]any{}
	for _, s := range all {
		assert.Equal(t, "2024-06-30", s["statementDate"])
		pub := s["publicationDetails"].(map[string]any)
		assert.Equal(t, map[string]any{"publicationDate": today, "bodsVersion": "0.4", "publisher": map[string]any{"name": "munireg"}}, pub)
		d := s["recordDetails"].(map[string]any)
		switch s["recordType"] {
		case "entity":
			entities[s["recordId"].(string)] = d
		case "relationship":
			rels[[2]string{d["subject"].(string), d["interestedParty"].(string)}] = d["interests"].([]any)
			assert.Equal(t, bods.RelationshipID(d["subject"].(string), d["interestedParty"].(string)), s["recordId"])
		}
	}
	// The organizations of positions in force; not the IKS (an agreement,
	// not a position) nor Hareid.
	assert.ElementsMatch(t, []string{o.volda, o.orsta, o.kraft, o.nett, classB}, bodsKeys(entities))
	v := entities[o.volda]
	assert.Equal(t, "stateBody", v["entityType"].(map[string]any)["type"])

	share := func(owner, entity string) []string {
		var out []string
		for _, x := range rels[[2]string{entity, owner}] {
			i := x.(map[string]any)
			out = append(out, fmt.Sprintf("%s %s %s", i["type"], i["directOrIndirect"], i["share"].(map[string]any)["exact"]))
		}
		return out
	}
	assert.Equal(t, []string{"shareholding direct 45.735"}, share(o.volda, o.kraft))
	assert.Equal(t, []string{"shareholding direct 50"}, share(o.orsta, o.kraft))
	assert.Equal(t, []string{"shareholding direct 100"}, share(o.kraft, o.nett))
	assert.Equal(t, []string{"shareholding indirect 45.735"}, share(o.volda, o.nett), "through Tussa Kraft AS")
	assert.Equal(t, []string{"shareholding indirect 50"}, share(o.orsta, o.nett))
	assert.Equal(t, []string{"shareholding direct 25", "votingRights direct 10"}, share(o.volda, classB))
	assert.Len(t, rels, 6)

	// The same register and date: the same bytes.
	_, again, _ := getArray(t, h, "/v1/exports/bods?asOf=2024-06-30")
	assert.Equal(t, string(raw), string(again))

	// Before the positions: an empty array, not null.
	res, raw, _ = getArray(t, h, "/v1/exports/bods?asOf=2019-12-31")
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.JSONEq(t, `[]`, string(raw))

	// Without asOf: today. After the share class began, before: not.
	res, raw, all = getArray(t, h, "/v1/exports/bods")
	require.Equal(t, http.StatusOK, res.StatusCode, "body %s", raw)
	assert.Equal(t, today, all[0]["statementDate"])
	_, _, all = getArray(t, h, "/v1/exports/bods?asOf=2021-02-28")
	for _, s := range all {
		assert.NotEqual(t, classB, s["recordId"], "Tussa Klasse AS before its position began")
	}

	// A date that is not one is a 422 on the query.
	res, body := get(t, h, "/v1/exports/bods?asOf=2024-13-01")
	assertInvalid(t, res, body, "query.asOf")
}

func bodsKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
