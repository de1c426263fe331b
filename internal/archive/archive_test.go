package archive_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/internal/archive"
)

func TestDecodeRefuses(t *testing.T) {
	for _, tc := range []struct{ name, doc, field, says string }{
		{"not JSON", `hello`, "", "line 1, column 1"},
		{"truncated", `{"format": "munireg-register", "version": 1, "organizations": [`, "", "truncated"},
		{"no format", `{"version": 1}`, "format", "missing"},
		{"another format", `{"format": "bods", "version": 1}`, "format", `"bods"`},
		{"another version", `{"format": "munireg-register", "version": 2}`, "version", "version 1"},
		{"unknown field", `{"format": "munireg-register", "version": 1, "tokens": []}`, "", `"tokens"`},
		{"data after", `{"format": "munireg-register", "version": 1} {}`, "", "after top-level value"},
		{"a JSON number", `{"format": "munireg-register", "version": 1, "flows": [{"amount": 10}]}`, "", "decimal is a string"},
		{"an exponent", `{"format": "munireg-register", "version": 1, "flows": [{"amount": "1e3"}]}`, "", "1e3"},
		{"a date with a time", `{"format": "munireg-register", "version": 1, "balances": [{"date": "2024-01-01T00:00:00Z"}]}`, "", "YYYY-MM-DD"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := archive.Decode(strings.NewReader(tc.doc))
			require.ErrorIs(t, err, archive.ErrFormat)
			var v munireg.ValidationErrors
			require.True(t, errors.As(err, &v))
			assert.Equal(t, []string{tc.field}, v.Fields())
			assert.Contains(t, err.Error(), tc.says)
		})
	}
}

func TestEncodeKeepsScaleAndOrder(t *testing.T) {
	doc, err := archive.Decode(strings.NewReader(`{"format": "munireg-register", "version": 1,
		"flows": [{"id": "x", "revision": 1, "owner": "o", "entity": "e", "kind": "dividend", "year": 2023,
		"paid": "2024-05-02", "amount": "1000.50"}],
		"positions": [{"id": "p", "revision": 1, "owner": "o", "entity": "e", "economic": "0.50000000000000000000", "valid": {}}]}`))
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, archive.Encode(&buf, doc))
	out := buf.String()
	for _, want := range []string{`"amount": "1000.50"`, `"economic": "0.50000000000000000000"`, `"paid": "2024-05-02"`,
		`"organizations": []`, `"forums": []`} {
		assert.Contains(t, out, want)
	}
	assert.NotContains(t, out, `"valid"`, "an empty period is left out")
	assert.Less(t, strings.Index(out, `"version"`), strings.Index(out, `"organizations"`), "the header comes first")
	again, err := archive.Decode(strings.NewReader(out))
	require.NoError(t, err)
	var buf2 bytes.Buffer
	require.NoError(t, archive.Encode(&buf2, again))
	assert.Equal(t, out, buf2.String())
}
