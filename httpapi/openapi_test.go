package httpapi

import (
	"context"
	"encoding/json"
	"flag"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/danielgtaylor/huma/v2"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/ownership"
)

var update = flag.Bool("update", false, "rewrite golden files")

const goldenSpec = "testdata/openapi.json"

func specJSON(t *testing.T) []byte {
	t.Helper()
	b, err := json.MarshalIndent(Document(), "", "  ")
	require.NoError(t, err)
	return append(b, '\n')
}

// TestOpenAPIGolden keeps a reviewed copy of the spec: every API change
// shows in the diff. Refresh with `make golden`.
func TestOpenAPIGolden(t *testing.T) {
	got := specJSON(t)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(goldenSpec), 0o755))
		require.NoError(t, os.WriteFile(goldenSpec, got, 0o644))
	}
	want, err := os.ReadFile(goldenSpec)
	require.NoError(t, err, "golden spec missing: run make golden")
	assert.Equal(t, string(want), string(got), "the OpenAPI document changed: review, then run make golden")
}

// TestServedSpecIsValidOpenAPI31 loads the spec as served and validates it.
func TestServedSpecIsValidOpenAPI31(t *testing.T) {
	srv := httptest.NewServer(New(Deps{}))
	defer srv.Close()
	for _, path := range []string{"/openapi.json", "/openapi.yaml"} {
		res, err := http.Get(srv.URL + path)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, res.StatusCode, "GET %s", path)
		res.Body.Close()
	}
	doc, err := openapi3.NewLoader().LoadFromURI(&url.URL{Scheme: "http", Host: srv.Listener.Addr().String(), Path: "/openapi.json"})
	require.NoError(t, err)
	assert.Equal(t, "3.1.0", doc.OpenAPI)
	require.True(t, doc.IsOpenAPI31OrLater())
	require.NoError(t, doc.Validate(context.Background()), "the served spec is not valid OpenAPI 3.1")

	var served, golden any
	b, err := os.ReadFile(goldenSpec)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &golden))
	res, err := http.Get(srv.URL + "/openapi.json")
	require.NoError(t, err)
	defer res.Body.Close()
	require.NoError(t, json.NewDecoder(res.Body).Decode(&served))
	assert.Equal(t, golden, served, "the served spec differs from the golden copy")
}

// TestEveryOperationIsDocumented holds each operation to the API's habits:
// a kebab-case ID, a summary, tags.
func TestEveryOperationIsDocumented(t *testing.T) {
	for path, item := range Document().Paths {
		for _, op := range []*huma.Operation{item.Get, item.Post, item.Put, item.Patch, item.Delete} {
			if op == nil {
				continue
			}
			assert.Regexp(t, `^[a-z]+(-[a-z0-9]+)*$`, op.OperationID, "operation ID on %s", path)
			assert.NotEmpty(t, op.Summary, "%s has no summary", op.OperationID)
			assert.NotEmpty(t, op.Tags, "%s has no tags", op.OperationID)
		}
	}
}

// TestEnumsMatchTheDomain keeps the enums written in struct tags in step
// with the domain's lists.
func TestEnumsMatchTheDomain(t *testing.T) {
	schemas := Document().Components.Schemas.Map()
	enum := func(schema, field string) []any {
		s := schemas[schema]
		require.NotNil(t, s, "schema %s", schema)
		return s.Properties[field].Enum
	}
	var kinds, flowKinds []any
	for _, k := range munireg.Kinds() {
		kinds = append(kinds, string(k))
	}
	for _, k := range ownership.FlowKinds() {
		flowKinds = append(flowKinds, string(k))
	}
	assert.Equal(t, kinds, enum("OrganizationRequest", "kind"))
	assert.Equal(t, kinds, enum("OrganizationUpdateRequest", "kind"))
	assert.Equal(t, flowKinds, enum("FlowRequest", "kind"))
	var categories []any
	for _, c := range ownership.Categories() {
		categories = append(categories, string(c))
	}
	assert.Equal(t, categories, enum("PositionRequest", "category"))
}
