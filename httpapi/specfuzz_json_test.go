package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// jsonValue is a JSON value as the spec fuzzer writes it: an object keeps
// its members in order, a key twice included, and a scalar is its raw
// text, so that the fuzzer can write what encoding/json would not (invalid
// UTF-8, a number out of range, a lone surrogate, a duplicate key).
type jsonValue struct {
	kind    byte // '{' an object, '[' an array, 0 a scalar (raw)
	keys    []string
	members []*jsonValue
	raw     string
}

// rawJSON is a scalar written as text, which need not be valid JSON.
func rawJSON(text string) *jsonValue { return &jsonValue{raw: text} }

// parseJSONValue reads one JSON document.
func parseJSONValue(b []byte) (*jsonValue, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	v, err := readJSONValue(d)
	if err != nil {
		return nil, err
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, errors.New("jsonValue: more than one value")
	}
	return v, nil
}

func readJSONValue(d *json.Decoder) (*jsonValue, error) {
	tok, err := d.Token()
	if err != nil {
		return nil, err
	}
	switch tok := tok.(type) {
	case json.Delim:
		v := &jsonValue{kind: byte(tok)}
		for d.More() {
			if v.kind == '{' {
				key, err := d.Token()
				if err != nil {
					return nil, err
				}
				v.keys = append(v.keys, key.(string))
			}
			m, err := readJSONValue(d)
			if err != nil {
				return nil, err
			}
			v.members = append(v.members, m)
		}
		if _, err := d.Token(); err != nil { // the closing delimiter
			return nil, err
		}
		return v, nil
	case string:
		return rawJSON(jsonQuote(tok)), nil
	case json.Number:
		return rawJSON(tok.String()), nil
	case bool:
		return rawJSON(fmt.Sprint(tok)), nil
	case nil:
		return rawJSON("null"), nil
	}
	return nil, fmt.Errorf("jsonValue: unexpected token %v", tok)
}

// jsonQuote writes s as a JSON string, escaping only what JSON requires
// (quote, backslash, control characters) and leaving every other byte as
// it is, invalid UTF-8 included.
func jsonQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20:
			fmt.Fprintf(&b, `\u%04x`, c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// text returns the scalar's value when it is a JSON string, and whether it
// is one.
func (v *jsonValue) text() (string, bool) {
	if v.kind != 0 || !strings.HasPrefix(v.raw, `"`) {
		return "", false
	}
	var s string
	return s, json.Unmarshal([]byte(v.raw), &s) == nil
}

func (v *jsonValue) clone() *jsonValue {
	c := &jsonValue{kind: v.kind, raw: v.raw, keys: append([]string(nil), v.keys...)}
	for _, m := range v.members {
		c.members = append(c.members, m.clone())
	}
	return c
}

// at returns the value at path, member indexes from v.
func (v *jsonValue) at(path []int) *jsonValue {
	for _, i := range path {
		v = v.members[i]
	}
	return v
}

// index returns the index of key's first member, or -1.
func (v *jsonValue) index(key string) int {
	for i, k := range v.keys {
		if k == key {
			return i
		}
	}
	return -1
}

// remove deletes every member named key.
func (v *jsonValue) remove(key string) {
	keys, members := v.keys[:0], v.members[:0]
	for i, k := range v.keys {
		if k != key {
			keys, members = append(keys, k), append(members, v.members[i])
		}
	}
	v.keys, v.members = keys, members
}

func (v *jsonValue) bytes() []byte {
	var b bytes.Buffer
	v.write(&b)
	return b.Bytes()
}

func (v *jsonValue) write(b *bytes.Buffer) {
	switch v.kind {
	case 0:
		b.WriteString(v.raw)
		return
	case '{':
		b.WriteByte('{')
		for i, m := range v.members {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(jsonQuote(v.keys[i]))
			b.WriteByte(':')
			m.write(b)
		}
		b.WriteByte('}')
	case '[':
		b.WriteByte('[')
		for i, m := range v.members {
			if i > 0 {
				b.WriteByte(',')
			}
			m.write(b)
		}
		b.WriteByte(']')
	}
}

// jsonSchema is a schema of the served OpenAPI document, read as JSON.
type jsonSchema = map[string]any

// specDoc is the served OpenAPI document, read as JSON.
type specDoc map[string]any

// resolve follows s's $ref into the document's components.
func (d specDoc) resolve(s jsonSchema) jsonSchema {
	for s != nil {
		ref, ok := s["$ref"].(string)
		if !ok {
			return s
		}
		name := strings.TrimPrefix(ref, "#/components/schemas/")
		s, _ = d["components"].(map[string]any)["schemas"].(map[string]any)[name].(map[string]any)
	}
	return s
}

// schemaTypes returns the JSON types s admits ("type" is a string or a
// list in OpenAPI 3.1).
func schemaTypes(s jsonSchema) []string {
	switch t := s["type"].(type) {
	case string:
		return []string{t}
	case []any:
		var out []string
		for _, x := range t {
			out = append(out, fmt.Sprint(x))
		}
		return out
	}
	return nil
}

// schemaType is s's type other than "null".
func schemaType(s jsonSchema) string {
	for _, t := range schemaTypes(s) {
		if t != "null" {
			return t
		}
	}
	return ""
}

func admitsNull(s jsonSchema) bool {
	for _, t := range schemaTypes(s) {
		if t == "null" {
			return true
		}
	}
	return false
}

// schemaInt returns s[key] as an integer, and whether s has it.
func schemaInt(s jsonSchema, key string) (int, bool) {
	f, ok := s[key].(float64)
	return int(f), ok
}

// schemaStrings returns s[key] as a list of strings.
func schemaStrings(s jsonSchema, key string) []string {
	var out []string
	list, _ := s[key].([]any)
	for _, x := range list {
		out = append(out, fmt.Sprint(x))
	}
	return out
}
