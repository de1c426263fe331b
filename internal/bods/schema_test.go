package bods_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/require"
)

// schemaDir holds the BODS 0.4 JSON schema (see testdata/README.md).
var schemaDir = filepath.Join("..", "..", "testdata", "bods-0.4")

var (
	schemaOnce sync.Once
	schema     *jsonschema.Schema
	schemaErr  error
)

// statementsSchema compiles the BODS 0.4 statement schema with every file of
// the schema loaded under its $id, so that the cross-file references
// (urn:entity, urn:relationship, urn:components, ...) resolve, and with
// formats (date, uri) asserted.
func statementsSchema(t testing.TB) *jsonschema.Schema {
	t.Helper()
	schemaOnce.Do(func() {
		files, err := filepath.Glob(filepath.Join(schemaDir, "*.json"))
		if err != nil || len(files) == 0 {
			schemaErr = err
			if schemaErr == nil {
				schemaErr = os.ErrNotExist
			}
			return
		}
		c := jsonschema.NewCompiler()
		c.AssertFormat()
		// Only the schema files: nothing is fetched.
		c.UseLoader(jsonschema.SchemeURLLoader{})
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				schemaErr = err
				return
			}
			doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
			if err != nil {
				schemaErr = err
				return
			}
			id, _ := doc.(map[string]any)["$id"].(string)
			if id == "" {
				id = "file:///" + filepath.ToSlash(f)
			}
			if schemaErr = c.AddResource(id, doc); schemaErr != nil {
				return
			}
		}
		schema, schemaErr = c.Compile("urn:statement")
	})
	require.NoError(t, schemaErr, "compiling the BODS 0.4 schema in %s", schemaDir)
	return schema
}

// validate checks a JSON document against the statement schema.
func validate(t testing.TB, doc []byte) error {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	require.NoError(t, err, "the document is not JSON: %s", doc)
	return statementsSchema(t).Validate(v)
}

// TestSchemaLoads makes sure every reference of the schema resolves: a
// statement of each record type is checked against its record schema, so a
// schema that failed to load its other files could not pass a wrong
// statement.
func TestSchemaLoads(t *testing.T) {
	for _, name := range []string{"statement", "entity-record", "relationship-record", "person-record", "components"} {
		_, err := os.Stat(filepath.Join(schemaDir, name+".json"))
		require.NoError(t, err)
	}
	doc := func(recordType, details string) []byte {
		var b bytes.Buffer
		require.NoError(t, json.Compact(&b, []byte(`[{"statementId": "0123456789abcdef0123456789abcdef",
			"declarationSubject": "x", "recordId": "x", "statementDate": "2024-12-31",
			"recordType": "`+recordType+`", "recordDetails": `+details+`}]`)))
		return b.Bytes()
	}
	require.NoError(t, validate(t, doc("entity", `{"isComponent": false, "entityType": {"type": "registeredEntity"}}`)))
	require.Error(t, validate(t, doc("entity", `{"isComponent": false, "entityType": {"type": "company"}}`)),
		"an entity type outside the codelist passes: urn:entity was not applied")
	require.Error(t, validate(t, doc("relationship", `{"isComponent": false, "subject": "a"}`)),
		"a relationship without interestedParty passes: urn:relationship was not applied")
	require.Error(t, validate(t, doc("entity", `{"isComponent": false, "entityType": {"type": "registeredEntity"},
		"identifiers": [{"id": "1"}]}`)), "an identifier without a scheme passes: urn:components was not applied")
}
