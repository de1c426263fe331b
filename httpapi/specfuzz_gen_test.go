package httpapi

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"fmt"
	"maps"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// The spec fuzzer's generator. It reads the operations of the served
// OpenAPI document and turns a valid call of each (operationCalls, on the
// records of an accessWorld) into hostile requests that the API must
// refuse. Every request carries at least one rejector — a change that
// makes it wrong whatever else it says, chosen from what the document says
// of the operation (its parameters' and body's schemas, its access rule) —
// and may carry noise: hostile content the API may well accept (injection
// strings and bad UTF-8 in free text, odd headers and unknown parameters),
// riding along as far as the rejector lets it go. Late rejectors — a stale
// If-Match, an ID no record has, a duplicate, a malformed cursor — are
// found out by the store, after it has read the rest, so that the noise
// reaches SQL too.

// fuzzOp is an operation of the served document as the fuzzer reads it.
type fuzzOp struct {
	id, method, template string
	access               string   // x-munireg-access; "" for the public probes
	methods              []string // every method of its path
	params               []fuzzParam
	body                 jsonSchema // the schema of its JSON body; nil for none or a raw one
	raw                  bool       // the body is read as bytes whatever its media type says
}

// fuzzParam is a parameter of an operation.
type fuzzParam struct {
	name, in string
	required bool
	schema   jsonSchema
}

func (op fuzzOp) param(name string) (fuzzParam, bool) {
	for _, p := range op.params {
		if p.name == name {
			return p, true
		}
	}
	return fuzzParam{}, false
}

// rawBodies are the operations whose body the document describes as JSON
// but which read it as bytes, whatever the media type, and decode it
// themselves (package archive).
var rawBodies = map[string]bool{"import-register": true}

var fuzzMethods = []string{http.MethodGet, http.MethodPut, http.MethodPost, http.MethodPatch, http.MethodDelete}

// fuzzOperations reads the operations of the served document, in a stable
// order.
func fuzzOperations(doc specDoc) []fuzzOp {
	paths := doc["paths"].(map[string]any)
	var ops []fuzzOp
	for _, template := range slices.Sorted(maps.Keys(paths)) {
		item := paths[template].(map[string]any)
		var methods []string
		for _, m := range fuzzMethods {
			if item[strings.ToLower(m)] != nil {
				methods = append(methods, m)
			}
		}
		for _, m := range methods {
			o := item[strings.ToLower(m)].(map[string]any)
			op := fuzzOp{id: o["operationId"].(string), method: m, template: template, methods: methods}
			op.access, _ = o["x-munireg-access"].(string)
			params, _ := o["parameters"].([]any)
			for _, p := range params {
				p := p.(map[string]any)
				required, _ := p["required"].(bool)
				op.params = append(op.params, fuzzParam{name: p["name"].(string), in: p["in"].(string), required: required,
					schema: doc.resolve(p["schema"].(map[string]any))})
			}
			if rb, ok := o["requestBody"].(map[string]any); ok {
				content := rb["content"].(map[string]any)
				if j, ok := content["application/json"].(map[string]any); ok && len(content) == 1 {
					if s := doc.resolve(j["schema"].(map[string]any)); schemaType(s) == "object" {
						op.body = s
					}
				}
				op.raw = op.body == nil || rawBodies[op.id]
			}
			ops = append(ops, op)
		}
	}
	return ops
}

// fuzzBase is the valid call an operation's hostile requests start from.
type fuzzBase struct {
	path        string
	query       [][2]string // escaped names and values
	contentType string
	body        []byte
	json        *jsonValue // the body, for an operation with a JSON body
	sites       []jsonSite // the places of json
	etag        string     // the record's ETag, for an update
}

// hostileRequest is one request of the fuzzer, and what was done to it.
type hostileRequest struct {
	op, method, path string
	query            [][2]string
	header           http.Header
	body             []byte
	tree             *jsonValue // the body while it is a JSON document
	sites            []jsonSite // the places of tree (noise changes its leaves, not its places)
	pad              int        // bytes of whitespace sentBody adds to body
	late             bool       // the body is a call of lateCalls, which decimal noise could make right
	heavy            bool       // large or deep: not worth the contract check
	what             []string   // what was done to it, in order
	rejector         string     // the kind of the rejector, "gate" when only the token is
}

// target is the request's escaped path and query.
func (r *hostileRequest) target() string {
	if len(r.query) == 0 {
		return r.path
	}
	pairs := make([]string, len(r.query))
	for i, q := range r.query {
		pairs[i] = q[0] + "=" + q[1]
	}
	return r.path + "?" + strings.Join(pairs, "&")
}

// setQuery sets the escaped value of the query parameter name.
func (r *hostileRequest) setQuery(name, value string) {
	for i, q := range r.query {
		if q[0] == name {
			r.query[i][1] = value
			return
		}
	}
	r.query = append(r.query, [2]string{name, value})
}

func (r *hostileRequest) deleteQuery(name string) {
	r.query = slices.DeleteFunc(r.query, func(q [2]string) bool { return q[0] == name })
}

// setBody replaces the body with raw bytes.
func (r *hostileRequest) setBody(b []byte) { r.body, r.tree, r.sites = b, nil, nil }

func (r *hostileRequest) did(format string, args ...any) {
	s := fmt.Sprintf(format, args...)
	if len(s) > 160 {
		s = strings.ToValidUTF8(s[:160], "?") + "…"
	}
	r.what = append(r.what, s)
}

// String describes the request for a failure message.
func (r *hostileRequest) String() string {
	body := r.body
	if len(body) > 200 {
		body = body[:200]
	}
	var h []string
	for _, k := range slices.Sorted(maps.Keys(r.header)) {
		v := strings.Join(r.header[k], ", ")
		if k == "Authorization" && len(v) > 20 {
			v = v[:20] + "…"
		}
		if len(v) > 60 {
			v = v[:60] + "…"
		}
		h = append(h, fmt.Sprintf("%s: %q", k, v))
	}
	target := r.target()
	if len(target) > 200 {
		target = target[:200] + "…"
	}
	return fmt.Sprintf("%s (%s %s) [%s] headers {%s} body(%d bytes) %q", r.op, r.method, target,
		strings.Join(r.what, "; "), strings.Join(h, ", "), len(r.body), body)
}

// fuzzGen makes the hostile requests.
type fuzzGen struct {
	rng     *rand.Rand
	doc     specDoc
	ops     []fuzzOp
	secrets map[string]string              // by caller: admin, reader, editor, revoked
	ids     map[string][]string            // the IDs of the register's records, by collection
	isID    map[string]bool                // every one of them
	bases   map[string]map[string]fuzzBase // by operation, then side ("A", "B")
	// orgNumber is the organisasjonsnummer of an organization of the
	// register: to create another with it is a 409.
	orgNumber string
}

// uuid returns a random UUID (version 4) that no record has.
func (g *fuzzGen) uuid() string {
	hi, lo := g.rng.Uint64(), g.rng.Uint64()
	hi = hi&^0xf000 | 0x4000
	lo = lo&^(0xc<<60) | 0x8<<60
	return fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", hi>>32, hi>>16&0xffff, hi&0xffff, lo>>48, lo&0xffffffffffff)
}

func pick[T any](g *fuzzGen, list []T) T { return list[g.rng.IntN(len(list))] }

// realID returns the ID of a record of the register, of a collection other
// than not.
func (g *fuzzGen) realID(not string) string {
	var all []string
	for _, c := range slices.Sorted(maps.Keys(g.ids)) {
		if c != not {
			all = append(all, g.ids[c]...)
		}
	}
	return pick(g, all)
}

// isRealID reports whether s is the ID of a record of the register.
func (g *fuzzGen) isRealID(s string) bool { return g.isID[s] }

// collection is the collection whose records the path parameter name of
// template names.
func collection(template, name string) string {
	segments := strings.Split(template, "/")
	i := slices.Index(segments, "{"+name+"}")
	if i > 0 {
		switch c := segments[i-1]; c {
		case "agreements", "budgets", "positions", "flows", "forums", "tokens":
			return c
		}
	}
	return "organizations"
}

// callers, with the weight of each: most requests carry an admin's token,
// so that they reach the handlers; the rest are refused at the gate, or a
// reader's or an editor's is let through it.
var callers = []struct {
	name   string
	weight int
}{{"admin", 70}, {"reader", 8}, {"editor", 6}, {"none", 6}, {"bad", 5}, {"revoked", 5}}

func (g *fuzzGen) caller() string {
	n := g.rng.IntN(100)
	for _, c := range callers {
		if n -= c.weight; n < 0 {
			return c.name
		}
	}
	return "admin"
}

// gateRefuses reports whether the token of who alone gets a request for op
// refused: no valid token, a reader's on a change, an editor's (of side A)
// on an admin's operation or on side B's records (see TestAccessMatrix). A
// distribution is a read at the gate, and a change only when it records a
// flow, which one of a total of "-0" does not: the gate refuses none.
func gateRefuses(op fuzzOp, who string) bool {
	switch {
	case op.access == "":
		return false
	case who == "none" || who == "bad" || who == "revoked":
		return true
	case who == "reader":
		return op.access == "change" || op.access == "admin"
	case who == "editor":
		return op.access == "admin" || op.access == "change"
	}
	return false
}

// badBearers are Authorization headers that carry no valid token.
var badBearers = []string{"Bearer", "Bearer ", "Basic YWRtaW46YWRtaW4=", "Bearer mr_" + strings.Repeat("x", 43),
	"Bearer ' OR 1=1--", "Bearer \xff\xfe", "Bearer ../../etc/passwd", "Bearer " + strings.Repeat("a", 8192),
	"Bearer mr_%00", "Token mr_x", "Bearer\tmr_x"}

func (g *fuzzGen) authorize(r *hostileRequest, who string) {
	switch who {
	case "none":
		r.did("no token")
	case "bad":
		v := pick(g, badBearers)
		if g.rng.IntN(3) == 0 {
			v = "Bearer " + g.secrets["admin"] + pick(g, []string{"x", " x", "\x00", "\xff"})
		}
		r.header["Authorization"] = []string{v}
		r.did("bad token %q", v)
	default:
		r.header["Authorization"] = []string{"Bearer " + g.secrets[who]}
		if who != "admin" {
			r.did("%s's token", who)
		}
	}
}

// next makes a hostile request for op, refused by rej if it is not nil
// (then as an admin, so that the gate lets the large or deep body in).
func (g *fuzzGen) next(op fuzzOp, rej *rejector) hostileRequest {
	who := "admin"
	if op.access != "" && rej == nil {
		who = g.caller()
	}
	side := "A"
	if who == "editor" && (op.access == "change" || op.id == "create-distribution") {
		side = "B"
	}
	b := g.bases[op.id][side]
	r := hostileRequest{op: op.id, method: op.method, path: b.path, query: slices.Clone(b.query),
		header: http.Header{}, body: b.body}
	if b.json != nil {
		r.tree, r.sites = b.json.clone(), b.sites
	}
	if b.contentType != "" {
		r.header.Set("Content-Type", b.contentType)
	}
	if b.etag != "" {
		r.header.Set("If-Match", b.etag)
	}
	g.authorize(&r, who)
	r.rejector = "gate"
	if rej == nil && (!gateRefuses(op, who) || g.rng.IntN(3) == 0) {
		rej = g.rejector(op, &b)
	}
	if rej != nil {
		r.rejector = rej.name
		if rej.first {
			rej.apply(g, &r, op, &b)
		}
	}
	for range g.rng.IntN(4) {
		g.noise(&r, op)
	}
	if rej != nil && !rej.first {
		rej.apply(g, &r, op, &b)
	}
	if r.tree != nil {
		r.body = r.tree.bytes()
	}
	if strings.ContainsAny(r.target(), " \t\r\n") {
		panic("fuzzGen: a target that is not escaped: " + r.String())
	}
	return r
}

// rejector is a kind of change that makes a request wrong.
type rejector struct {
	name    string
	weight  int  // how often it is picked; 0: only as many times as heavy says
	heavy   int  // how many requests of each operation it applies to it gets, whatever its weight
	first   bool // applied before the noise: it replaces the body the noise goes into
	applies func(op fuzzOp, b *fuzzBase) bool
	apply   func(g *fuzzGen, r *hostileRequest, op fuzzOp, b *fuzzBase)
}

// hasJSON reports whether the body is a JSON document the document
// describes.
func hasJSON(_ fuzzOp, b *fuzzBase) bool { return b.json != nil }

var rejectors = []rejector{
	{"method", 2, 0, false, func(fuzzOp, *fuzzBase) bool { return true }, (*fuzzGen).badMethod},
	{"path", 4, 0, false, func(fuzzOp, *fuzzBase) bool { return true }, (*fuzzGen).badPath},
	{"query", 5, 0, false, func(op fuzzOp, _ *fuzzBase) bool { return hasParam(op, "query") }, (*fuzzGen).badQuery},
	{"cursor", 2, 0, false, func(op fuzzOp, _ *fuzzBase) bool { _, ok := op.param("after"); return ok }, (*fuzzGen).badCursor},
	{"if-match", 4, 0, false, func(op fuzzOp, _ *fuzzBase) bool { _, ok := op.param("If-Match"); return ok }, (*fuzzGen).badIfMatch},
	{"content-type", 2, 0, false, func(op fuzzOp, _ *fuzzBase) bool { return op.body != nil && !op.raw }, (*fuzzGen).badContentType},
	{"body-value", 14, 0, false, hasJSON, (*fuzzGen).badValue},
	{"body-required", 3, 0, false, hasJSON, (*fuzzGen).missingRequired},
	{"body-unknown", 3, 0, false, hasJSON, (*fuzzGen).unknownMember},
	{"body-duplicate", 2, 0, false, hasJSON, (*fuzzGen).duplicateKey},
	{"body-syntax", 4, 0, false, hasJSON, (*fuzzGen).badSyntax},
	{"body-deep", 0, 2, false, hasJSON, (*fuzzGen).deepNesting},
	{"body-oversize", 0, 1, false, func(op fuzzOp, b *fuzzBase) bool { return len(b.body) > 0 }, (*fuzzGen).oversize},
	{"body-file", 14, 0, false, func(op fuzzOp, _ *fuzzBase) bool { return badFiles[op.id] != nil }, (*fuzzGen).badFile},
	{"late-id", 5, 0, false, func(op fuzzOp, b *fuzzBase) bool { return b.json != nil && hasUUID(b.json) }, (*fuzzGen).unknownID},
	{"late-base", 5, 0, true, func(op fuzzOp, _ *fuzzBase) bool { return lateCalls[op.id] != nil }, (*fuzzGen).lateBase},
	{"text", 4, 0, false, keepsText, (*fuzzGen).badText},
}

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// hasUUID reports whether v has a UUID in it (the ID of a record).
func hasUUID(v *jsonValue) bool {
	if s, ok := v.text(); ok {
		return uuidRE.MatchString(s)
	}
	for _, m := range v.members {
		if hasUUID(m) {
			return true
		}
	}
	return false
}

func hasParam(op fuzzOp, in string) bool {
	for _, p := range op.params {
		if p.in == in {
			return true
		}
	}
	return false
}

// rejector picks a rejector that applies to op, by weight.
func (g *fuzzGen) rejector(op fuzzOp, b *fuzzBase) *rejector {
	var total int
	var ok []*rejector
	for i := range rejectors {
		if r := &rejectors[i]; r.weight > 0 && r.applies(op, b) {
			ok, total = append(ok, r), total+r.weight
		}
	}
	n := g.rng.IntN(total)
	for _, r := range ok {
		if n -= r.weight; n < 0 {
			return r
		}
	}
	return ok[0]
}

// unusedMethods are methods no operation of the API has: like those its
// path does not have, a 405.
var unusedMethods = []string{http.MethodOptions, http.MethodTrace, "PROPFIND", "BREW", "get"}

func (g *fuzzGen) badMethod(r *hostileRequest, op fuzzOp, _ *fuzzBase) {
	var candidates []string
	for _, m := range append(slices.Clone(fuzzMethods), unusedMethods...) {
		// HEAD is a GET without its body.
		if !slices.Contains(op.methods, m) && !(m == http.MethodHead && slices.Contains(op.methods, http.MethodGet)) {
			candidates = append(candidates, m)
		}
	}
	r.method = pick(g, candidates)
	r.did("method %s", r.method)
}

// badIDs are path segments, escaped, that are no record's ID. In them
// {ID} is the ID the path has, {UPPER}, {NOHYPHENS} and {SHORT} it spelled
// otherwise, {FRESH} a UUID no record has and {OTHER} the ID of a record of
// another collection.
var badIDs = []string{"not-an-id", url.PathEscape("' OR 1=1--"), "..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
	"..%252f..%252f", "%00", "%ff%fe", "{ID}%00", "{UPPER}", "%7B{ID}%7D", "{NOHYPHENS}", "urn:uuid:{ID}", "{ID}%20",
	"%20{ID}", "{ID}0", "{SHORT}", "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff",
	strings.Repeat("a", 65), "%E2%80%AE{ID}", "1%20OR%201%3D1", "%0d%0aX-Injected:%201", "{ID};DROP", "{ID}%2F..%2F..",
	"-1", "0", "null", "undefined", "%C0%AF", "{FRESH}", "{FRESH}", "{OTHER}", "{OTHER}", "{OTHER}"}

// badTails are what badPath appends to a path.
var badTails = []string{"/x", "/%00", "/..%2f..%2fetc%2fpasswd", "/%ff", "/../../etc/passwd", "/./", "/..", "/.%2e/.%2e/etc/passwd"}

func (g *fuzzGen) badPath(r *hostileRequest, op fuzzOp, _ *fuzzBase) {
	var params []fuzzParam
	for _, p := range op.params {
		if p.in == "path" {
			params = append(params, p)
		}
	}
	if len(params) == 0 || g.rng.IntN(5) == 0 {
		tail := pick(g, badTails)
		r.path += tail
		r.did("path + %q", tail)
		return
	}
	p := pick(g, params)
	segments := strings.Split(r.path, "/")
	i := slices.Index(strings.Split(op.template, "/"), "{"+p.name+"}")
	id := segments[i]
	v := strings.NewReplacer("{ID}", id, "{UPPER}", strings.ToUpper(id), "{NOHYPHENS}", strings.ReplaceAll(id, "-", ""),
		"{SHORT}", id[:len(id)-1], "{FRESH}", g.uuid(), "{OTHER}", g.realID(collection(op.template, p.name))).
		Replace(pick(g, badIDs))
	segments[i] = v
	r.path = strings.Join(segments, "/")
	r.did("path %s = %q", p.name, v)
}

// patternProbes are values tried against a pattern: those it does not
// match are violations.
var patternProbes = []string{"", " ", "x", "1e999999", "NaN", "Infinity", "-Infinity", "+1", ".5", "1.", "1,5", "0x1A",
	"1_000", "١٢٣", "１２", "1 ", " 1", "1\n", "--1", "1..2", "' OR 1=1--", "\x00", "\xff", "12345678", "1234567890",
	"123", "12345", "abcdefghi", "a b", "Organization", "equal ", "metric:", "metric: x", "../../etc/passwd", "%00"}

// dateProbes are not dates (YYYY-MM-DD).
var dateProbes = []string{"2024-13-45", "2024-02-30", "2023-02-29", "20240101", "2024-1-1", "yesterday",
	"2024-01-01T00:00:00Z", "\xff", "0000-00-00", "+2024-01-01", "99999-01-01", "2024-01-01\x00", "' OR 1=1--",
	" 2024-01-01", "2024-01-01 ", "1e999999", "2024‐01‐01"}

// uuidProbes are not UUIDs.
var uuidProbes = []string{"not-a-uuid", "' OR 1=1--", "00000000-0000-0000-0000-00000000000g", "\xff", "..%2f..%2fetc",
	"123e4567-e89b-12d3-a456-4266141740000", "123e4567-e89b-12d3-a456", "%00"}

// wrongOrgNumber returns nine digits whose check digit is wrong (MOD11).
func (g *fuzzGen) wrongOrgNumber() string {
	d := make([]byte, 9)
	sum := 0
	for i, w := range []int{3, 2, 7, 6, 5, 4, 3, 2} {
		n := g.rng.IntN(10)
		if i == 0 {
			n = 8 + g.rng.IntN(2) // organisasjonsnummer start with 8 or 9
		}
		d[i], sum = byte('0'+n), sum+w*n
	}
	check := (11 - sum%11) % 11 // 10: no number has these eight digits
	n := g.rng.IntN(10)
	if n == check {
		n = (n + 1) % 10
	}
	d[8] = byte('0' + n)
	return string(d)
}

// queryViolation returns an escaped value the query parameter p refuses.
func (g *fuzzGen) queryViolation(p fuzzParam) (string, bool) {
	s := p.schema
	var c []string
	switch schemaType(s) {
	case "integer":
		c = []string{"abc", "1.5", "1e3", "NaN", "Infinity", "0x10", "%205", "5abc", "%D9%A5", "%ff", "99999999999999999999",
			"-99999999999999999999", "5%00", "%27%20OR%201%3D1--", "%5B%5D", "%7B%7D"}
		if min, ok := schemaInt(s, "minimum"); ok {
			c = append(c, strconv.Itoa(min-1))
			if min > 0 {
				c = append(c, "-0")
			}
		}
		if max, ok := schemaInt(s, "maximum"); ok {
			c = append(c, strconv.Itoa(max+1))
		}
	case "boolean":
		c = []string{"maybe", "2", "yes", "%ff", "on", "tru", "1.0", "%00", "%27%20OR%201%3D1--"}
	case "string":
		for _, v := range g.stringViolations(s) {
			if v != "" { // an empty parameter is one left out
				c = append(c, url.QueryEscape(v))
			}
		}
	}
	if len(c) == 0 {
		return "", false
	}
	return pick(g, c), true
}

// stringViolations returns strings the string schema s refuses.
func (g *fuzzGen) stringViolations(s jsonSchema) []string {
	var c []string
	if enum := schemaStrings(s, "enum"); len(enum) > 0 {
		for _, v := range []string{"nonsense", strings.ToUpper(enum[0]), enum[0] + "\x00", enum[0] + " ", "", "' OR 1=1--", "\xff"} {
			if !slices.Contains(enum, v) {
				c = append(c, v)
			}
		}
	}
	if p, ok := s["pattern"].(string); ok {
		re := regexp.MustCompile(p)
		for _, v := range patternProbes {
			if !re.MatchString(v) {
				c = append(c, v)
			}
		}
		switch p {
		case decimalPattern:
			// Matches the pattern, but has more decimals or digits than
			// munireg.MaxPlaces allows.
			c = append(c, "0."+strings.Repeat("0", 30)+"1", "1"+strings.Repeat("0", 61))
		case `^[0-9]{9}$`, `^([0-9]{9})?$`:
			c = append(c, g.wrongOrgNumber(), g.wrongOrgNumber())
		}
	}
	switch s["format"] {
	case "date":
		c = append(c, dateProbes...)
	case "uuid":
		c = append(c, uuidProbes...)
	}
	if max, ok := schemaInt(s, "maxLength"); ok {
		c = append(c, strings.Repeat("a", max+1), strings.Repeat("ø", max+1))
	}
	if min, ok := schemaInt(s, "minLength"); ok && min > 0 {
		c = append(c, "")
	}
	return c
}

func (g *fuzzGen) badQuery(r *hostileRequest, op fuzzOp, _ *fuzzBase) {
	var params []fuzzParam
	for _, p := range op.params {
		if p.in == "query" {
			params = append(params, p)
		}
	}
	// A required parameter left out.
	if g.rng.IntN(6) == 0 {
		for _, p := range params {
			if p.required {
				r.deleteQuery(p.name)
				r.did("query %s left out", p.name)
				return
			}
		}
	}
	for range 10 {
		p := pick(g, params)
		if v, ok := g.queryViolation(p); ok {
			r.setQuery(p.name, v)
			r.did("query %s=%s", p.name, v)
			return
		}
	}
	g.badMethod(r, op, nil)
}

// badCursors are cursors the store did not make, escaped.
var badCursors = func() []string {
	enc := base64.RawURLEncoding.EncodeToString
	out := []string{"!!!", "%00", "%ff", "x", strings.Repeat("A", 513), "eyJ9", "W10=", "W10",
		"..%2f..%2fetc%2fpasswd", "%27%20OR%201%3D1--"}
	for _, doc := range []string{`not json`, `["k"]`, `["k","not-a-uuid"]`, `[1,2]`, `{"a":1}`, `null`, `[]`,
		`["' OR 1=1--","' OR 1=1--"]`, `["k","00000000-0000-4000-8000-00000000000g"]`, `["k","` + missingID + `0"]`,
		`["\u0000","\u0000"]`, "[\"\xff\",\"\xff\"]", `["k","ABCDEF01-2345-4678-89AB-CDEF01234567"]`} {
		out = append(out, enc([]byte(doc)))
	}
	return out
}()

func (g *fuzzGen) badCursor(r *hostileRequest, _ fuzzOp, _ *fuzzBase) {
	v := pick(g, badCursors)
	r.setQuery("after", v)
	r.did("cursor after=%s", v)
}

func (g *fuzzGen) badIfMatch(r *hostileRequest, _ fuzzOp, b *fuzzBase) {
	rev := strings.Trim(b.etag, `"`)
	candidates := []string{"", "*", `"0"`, `"-1"`, `W/"abc"`, rev, `""`, `"` + rev, rev + `"`, "\"\xff\"",
		`"99999999999999999999"`, `"1000", "2000"`, `"1000"`, `W/"1000"`, `"0` + rev + `"`, `"+` + rev + `"`,
		`" ` + rev + `"`, `"` + rev + `\u0000"`, `"` + rev + `", *`, `"1e0"`, `"0x1"`, `' OR 1=1--`}
	v := pick(g, candidates)
	if v == "" {
		r.header.Del("If-Match")
		r.did("no If-Match")
		return
	}
	r.header["If-Match"] = []string{v}
	r.did("If-Match %q (the record's is %s)", v, b.etag)
}

// badContentTypes are media types the API does not decode.
var badContentTypes = []string{"text/plain", "application/xml", "application/x-www-form-urlencoded",
	"multipart/form-data; boundary=x", "application/cbor", "text/csv", "\xff\xfe/json", "application/octet-stream",
	"image/png", "text/html; charset=utf-8", "application/yaml", "application/javascript"}

func (g *fuzzGen) badContentType(r *hostileRequest, _ fuzzOp, _ *fuzzBase) {
	v := pick(g, badContentTypes)
	r.header["Content-Type"] = []string{v}
	r.did("Content-Type %q", v)
}

// jsonSite is a place in a JSON body and the schema of its value.
type jsonSite struct {
	path     []int
	label    string
	schema   jsonSchema
	required bool // a property its object requires
}

// sites lists the places of v that schema s describes, v's own first.
func (g *fuzzGen) sites(v *jsonValue, s jsonSchema, path []int, label string, required bool, out []jsonSite) []jsonSite {
	s = g.doc.resolve(s)
	out = append(out, jsonSite{path: slices.Clone(path), label: label, schema: s, required: required})
	switch v.kind {
	case '{':
		props, _ := s["properties"].(map[string]any)
		extra, _ := s["additionalProperties"].(map[string]any)
		for i, k := range v.keys {
			child, _ := props[k].(map[string]any)
			if child == nil {
				child = extra
			}
			if child != nil {
				out = g.sites(v.members[i], child, append(path, i), label+"."+k,
					slices.Contains(schemaStrings(s, "required"), k), out)
			}
		}
	case '[':
		if items, ok := s["items"].(map[string]any); ok {
			for i, m := range v.members {
				out = g.sites(m, items, append(path, i), fmt.Sprintf("%s[%d]", label, i), true, out)
			}
		}
	}
	return out
}

func (g *fuzzGen) bodySites(r *hostileRequest, _ fuzzOp) []jsonSite {
	if r.tree == nil {
		return nil
	}
	return r.sites
}

// replace puts v at path in r's body.
func (r *hostileRequest) replace(path []int, v *jsonValue) {
	if len(path) == 0 {
		r.tree = v
		return
	}
	r.tree.at(path[:len(path)-1]).members[path[len(path)-1]] = v
}

// valueViolation returns a raw JSON value the schema of site s refuses.
// (null is no violation of an optional property: huma takes it for one
// left out.)
func (g *fuzzGen) valueViolation(site jsonSite) string {
	s, t := site.schema, schemaType(site.schema)
	var c []string
	for _, other := range [][2]string{{"string", `"x"`}, {"integer", `12`}, {"number", `1.5`}, {"boolean", `true`},
		{"object", `{}`}, {"array", `[]`}, {"", `1e999999`}, {"", `-1e999999`}} {
		if other[0] != t && !(t == "number" && other[0] == "integer") {
			c = append(c, other[1])
		}
	}
	if !admitsNull(s) && site.required {
		c = append(c, "null")
	}
	switch t {
	case "string":
		for _, v := range g.stringViolations(s) {
			c = append(c, jsonQuote(v))
		}
	case "integer":
		c = append(c, `"12"`, `99999999999999999999`, `-99999999999999999999`, `1.5e300`, `12.5`)
		if min, ok := schemaInt(s, "minimum"); ok {
			c = append(c, strconv.Itoa(min-1))
			if min > 0 {
				c = append(c, "-0", "-0.0")
			}
		}
		if max, ok := schemaInt(s, "maximum"); ok {
			c = append(c, strconv.Itoa(max+1))
		}
	case "boolean":
		c = append(c, `"true"`, `1`, `0`, `"false"`)
	case "array":
		if min, ok := schemaInt(s, "minItems"); ok && min > 0 {
			c = append(c, `[]`)
		}
	}
	return pick(g, c)
}

// badValue puts at a place of the body a value its schema refuses: another
// type, outside an enum, against a pattern or format, too long, too short,
// out of range, too many items, a duplicate where items must be unique.
func (g *fuzzGen) badValue(r *hostileRequest, op fuzzOp, _ *fuzzBase) {
	var sites []jsonSite // those of a type (the base's are shared)
	for _, s := range g.bodySites(r, op) {
		if schemaType(s.schema) != "" {
			sites = append(sites, s)
		}
	}
	if len(sites) == 0 {
		g.badSyntax(r, op, nil)
		return
	}
	s := pick(g, sites)
	v := r.tree.at(s.path)
	if v.kind == '[' && len(v.members) > 0 && g.rng.IntN(4) == 0 {
		max, ok := schemaInt(s.schema, "maxItems")
		unique, _ := s.schema["uniqueItems"].(bool)
		switch {
		case unique:
			v.members = append(v.members, v.members[0].clone())
			r.did("%s: an item twice", s.label)
			return
		case ok && (max <= 1000 || g.rng.IntN(10) == 0):
			r.heavy = true
			for len(v.members) <= max {
				v.members = append(v.members, v.members[len(v.members)-1].clone())
			}
			r.did("%s: %d items (at most %d)", s.label, len(v.members), max)
			return
		}
	}
	bad := g.valueViolation(s)
	r.replace(s.path, rawJSON(bad))
	r.did("%s = %s", s.label, bad)
}

// missingRequired leaves out a property an object requires.
func (g *fuzzGen) missingRequired(r *hostileRequest, op fuzzOp, _ *fuzzBase) {
	type place struct {
		site jsonSite
		key  string
	}
	var places []place
	for _, s := range g.bodySites(r, op) {
		if v := r.tree.at(s.path); v.kind == '{' {
			for _, key := range schemaStrings(s.schema, "required") {
				if v.index(key) >= 0 {
					places = append(places, place{s, key})
				}
			}
		}
	}
	if len(places) == 0 {
		g.badValue(r, op, nil)
		return
	}
	p := pick(g, places)
	r.tree.at(p.site.path).remove(p.key)
	r.did("%s.%s left out", p.site.label, p.key)
}

// unknownKeys are properties no schema of the API has.
var unknownKeys = []string{"__proto__", "constructor", "$where", "admin", "role ", "id", "revision", "Name",
	"name\x00", "\xff", "", "' OR 1=1--", "../../etc/passwd", "x", strings.Repeat("k", 300)}

// unknownMember adds to an object a property its schema does not have.
func (g *fuzzGen) unknownMember(r *hostileRequest, op fuzzOp, _ *fuzzBase) {
	var sites []jsonSite
	for _, s := range g.bodySites(r, op) {
		if ap, ok := s.schema["additionalProperties"].(bool); ok && !ap && r.tree.at(s.path).kind == '{' {
			sites = append(sites, s)
		}
	}
	if len(sites) == 0 {
		g.badValue(r, op, nil)
		return
	}
	s := pick(g, sites)
	props, _ := s.schema["properties"].(map[string]any)
	key := pick(g, unknownKeys)
	for props[key] != nil {
		key += "_"
	}
	v := r.tree.at(s.path)
	v.keys, v.members = append(v.keys, key), append(v.members, rawJSON(pick(g, []string{`"x"`, `1`, `{}`, `null`, `true`})))
	r.did("%s.%q added", s.label, key)
}

// duplicateKey writes a property of an object twice, the second time with
// a value its schema refuses (encoding/json keeps the last).
func (g *fuzzGen) duplicateKey(r *hostileRequest, op fuzzOp, _ *fuzzBase) {
	var sites []jsonSite
	for _, s := range g.bodySites(r, op) {
		if len(s.path) > 0 && schemaType(s.schema) != "" && r.tree.at(s.path[:len(s.path)-1]).kind == '{' {
			sites = append(sites, s)
		}
	}
	if len(sites) == 0 {
		g.badValue(r, op, nil)
		return
	}
	s := pick(g, sites)
	parent := r.tree.at(s.path[:len(s.path)-1])
	key := parent.keys[s.path[len(s.path)-1]]
	bad := g.valueViolation(s)
	parent.keys, parent.members = append(parent.keys, key), append(parent.members, rawJSON(bad))
	r.did("%s twice, the second %s", s.label, bad)
}

// badSyntax replaces the body with one that is not a JSON document of the
// right type: broken, cut short, with something after it, a byte-order
// mark, another type, bad UTF-8.
func (g *fuzzGen) badSyntax(r *hostileRequest, _ fuzzOp, b *fuzzBase) {
	base := bytes.TrimSpace(r.body)
	if r.tree != nil {
		base = r.tree.bytes()
	}
	candidates := [][]byte{nil, []byte("not json"), []byte("{"), []byte("}"), []byte(`{"a":}`), []byte(`{"a" 1}`),
		[]byte(`{'a': 1}`), []byte(`{"a":1,}`), []byte("\ufeff" + string(base)), append(slices.Clone(base), " x"...),
		append(slices.Clone(base), base...), []byte(`[]`), []byte(`"x"`), []byte(`1`), []byte(`null`), []byte(`true`),
		[]byte("\xff\xfe\x00{"), []byte("{\"a\":\"\x01\"}"), []byte(`{"a":NaN}`), []byte(`{"a":01}`),
		[]byte(`{"a":1e999999}`), []byte(`[1e999999]`), []byte(`{"a":Infinity}`), []byte("\x00"), []byte(`{"a":"\ud800"`),
		[]byte("{\"\xff\":1}"), []byte(`{"a":1}{"a":1}`), []byte(`{"a":1} // comment`)}
	if len(base) > 1 {
		cut := 1 + g.rng.IntN(len(base)-1)
		candidates = append(candidates, base[:cut], base[:cut], base[:cut])
	}
	doc := pick(g, candidates)
	r.setBody(doc)
	r.did("body %.60q", doc)
}

// deepNesting puts at a place of the body (or as the body) arrays or
// objects nested about 10 000 deep, the most encoding/json reads.
func (g *fuzzGen) deepNesting(r *hostileRequest, op fuzzOp, _ *fuzzBase) {
	r.heavy = true
	n := pick(g, []int{9990, 10000, 10001, 20000})
	deep := strings.Repeat("[", n) + strings.Repeat("]", n)
	if g.rng.IntN(2) == 0 {
		deep = strings.Repeat(`{"a":`, n) + "1" + strings.Repeat("}", n)
	}
	sites := g.bodySites(r, op)
	if len(sites) == 0 || r.tree == nil {
		r.setBody([]byte(deep))
		r.did("body nested %d deep", n)
		return
	}
	s := pick(g, sites)
	r.replace(s.path, rawJSON(deep))
	r.did("%s nested %d deep", s.label, n)
}

// oversize makes the body larger than MaxBodyBytes, with whitespace
// after its first byte: otherwise the document is unchanged. (The bytes are
// added as the request is sent, not kept.)
func (g *fuzzGen) oversize(r *hostileRequest, _ fuzzOp, _ *fuzzBase) {
	r.pad = MaxBodyBytes + 1 + g.rng.IntN(4096)
	r.heavy = true
	r.did("body + %d bytes of whitespace", r.pad)
}

// sentBody is the body as sent: with the padding of oversize.
func (r *hostileRequest) sentBody() []byte {
	if r.pad == 0 || len(r.body) == 0 {
		return r.body
	}
	out := make([]byte, 0, len(r.body)+r.pad)
	out = append(out, r.body[0])
	out = append(out, bytes.Repeat([]byte{' '}, r.pad)...)
	return append(out, r.body[1:]...)
}

// badFiles are, for the operations that read a file, bodies they refuse:
// rows that are not what the format says, files that are no such file.
var badFiles = map[string]func(g *fuzzGen) []byte{
	"import-population": func(g *fuzzGen) []byte {
		if g.rng.IntN(3) == 0 {
			return []byte(pick(g, badPopulationFiles))
		}
		return []byte("region;år;Personer\n0 Hele landet;2024;..\n" + pick(g, badPopulationRows) + "\n")
	},
	"import-entities": func(g *fuzzGen) []byte {
		switch g.rng.IntN(5) {
		case 0:
			return []byte(pick(g, badEntityFiles))
		case 1:
			return []byte("organisasjonsnummer,navn,organisasjonsform.kode\n" + g.wrongOrgNumber() + ",X AS,AS\n")
		}
		unit := pick(g, badEntities)
		if g.rng.IntN(4) == 0 {
			unit = `{"organisasjonsnummer": "` + g.wrongOrgNumber() + `", "navn": "X AS", "organisasjonsform": {"kode": "AS"}}`
		}
		list := `[{"organisasjonsnummer": "939760946", "navn": "VOLDA KOMMUNE", "organisasjonsform": {"kode": "KOMM"}}, ` + unit + `]`
		if g.rng.IntN(4) == 0 {
			return gzipped([]byte(list))
		}
		return []byte(list)
	},
}

// badPopulationRows are rows of SSB's table 07459 that the import refuses.
var badPopulationRows = []string{"1577 Volda;2024;abc", "1577 Volda;2024;1.5", "1577 Volda;2024;-5",
	"1577 Volda;2024;1e999999", "1577 Volda;2024;99999999999999999999", "1577 Volda;2024;NaN", "1577 Volda;20x4;100",
	"1577 Volda;99999;100", "' OR 1=1--;2024;100", "\xff\xfe;2024;100", "Volda;2024;100", "15777 Volda;2024;100",
	";2024;100", "1577 Volda;2024;100\n1577 Volda;2024;101", "1577 Volda;2024;100;200", "1577 Volda;2024",
	"\"1577 Volda;2024;100", "1577 Volda;2024;\x00", "1577 Volda;-2024;100", "../../etc/passwd;2024;100"}

// badPopulationFiles are files the population import refuses as a whole.
var badPopulationFiles = []string{"", "\x00\x01\x02\x03", `{"region": "1577"}`, "region|år|Personer\n1577 Volda|2024|100\n",
	"kjønn;region;år;Personer\nMenn;1577 Volda;2024;100\n", "\xef\xbb\xbf",
	"region;år;Personer\n" + strings.Repeat("1577 Volda;2024;abc\n", 200)}

// badEntities are units of Enhetsregisteret the entity import refuses.
var badEntities = []string{
	`{"organisasjonsnummer": "12345678", "navn": "X AS", "organisasjonsform": {"kode": "AS"}}`,
	`{"organisasjonsnummer": "1234567890", "navn": "X AS", "organisasjonsform": {"kode": "AS"}}`,
	`{"organisasjonsnummer": 939760946, "navn": "X AS", "organisasjonsform": {"kode": "AS"}}`,
	`{"organisasjonsnummer": "' OR 1=1--", "navn": "X AS", "organisasjonsform": {"kode": "AS"}}`,
	`{"organisasjonsnummer": null, "navn": "X AS"}`, `{"navn": "X AS"}`,
	`{"organisasjonsnummer": "939760946", "navn": 12}`, `{"organisasjonsnummer": "939760946", "navn": {}}`,
	`{"organisasjonsnummer": "939760946", "navn": "VOLDA KOMMUNE", "organisasjonsform": "KOMM"}`,
	`{"organisasjonsnummer": "939760946", "navn": "VOLDA KOMMUNE", "organisasjonsform": {"kode": 12}}`,
	`"x"`, `[]`, `12`, `null`, `{"organisasjonsnummer": "9397609460"}`, "{\"organisasjonsnummer\": \"\xff\"}",
	`{"organisasjonsnummer": "939760946", "navn": "` + strings.Repeat("x", 100000) + `"}`,
}

// badEntityFiles are files the entity import refuses as a whole.
var badEntityFiles = []string{"", "[", "]", `{"_embedded": {"enheter": "x"}}`, `{"_embedded": 1}`,
	`{"_embedded": {"enheter": [1]}}`, strings.Repeat("[", 10001) + strings.Repeat("]", 10001), "\x1f\x8b\x08\x00garbage",
	"\x00\x01", "organisasjonsnummer;navn\n939760946;\"VOLDA\n", "navn,kode\nX,AS\n", "\xef\xbb\xbf[1]"}

func gzipped(b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	_, _ = w.Write(b)
	_ = w.Close()
	return buf.Bytes()
}

func (g *fuzzGen) badFile(r *hostileRequest, op fuzzOp, _ *fuzzBase) {
	f := badFiles[op.id](g)
	r.setBody(f)
	r.did("file %.80q", f)
}

// unknownID replaces a record's ID in the body with one no record has, or
// with the same ID spelled otherwise (the register's IDs are canonical).
func (g *fuzzGen) unknownID(r *hostileRequest, op fuzzOp, b *fuzzBase) {
	var places [][]int
	var walk func(v *jsonValue, path []int)
	walk = func(v *jsonValue, path []int) {
		if s, ok := v.text(); ok && g.isRealID(s) {
			places = append(places, slices.Clone(path))
		}
		for i, m := range v.members {
			walk(m, append(path, i))
		}
	}
	walk(r.tree, nil)
	if len(places) == 0 {
		g.badValue(r, op, b)
		return
	}
	p := pick(g, places)
	id, _ := r.tree.at(p).text()
	v := pick(g, []string{g.uuid(), g.uuid(), g.uuid(), strings.ToUpper(id), "{" + id + "}", "urn:uuid:" + id,
		strings.ReplaceAll(id, "-", "")})
	r.replace(p, rawJSON(jsonQuote(v)))
	r.did("an ID in the body = %q", v)
}

// keepsText reports whether op keeps the text of its body: a change, whose
// free text (names, purposes, map keys) must be text the register can keep.
// (The calculators answer with what they were given.)
func keepsText(op fuzzOp, b *fuzzBase) bool {
	return b.json != nil && (op.access == "change" || op.access == "admin")
}

// badTexts are JSON strings, as written, that are not text the register
// can keep (munireg.CheckText).
var badTexts = []string{`"\u0000"`, `"a\u0000b"`, `"Volda\u0000kommune"`, `"\u0000' OR 1=1--"`}

// badText puts text the register cannot keep where the body has free text,
// or as a key of a map.
func (g *fuzzGen) badText(r *hostileRequest, op fuzzOp, b *fuzzBase) {
	var sites []jsonSite
	for _, s := range g.bodySites(r, op) {
		if g.freeText(r, s) {
			sites = append(sites, s)
		}
	}
	if len(sites) == 0 {
		g.badValue(r, op, b)
		return
	}
	s := pick(g, sites)
	if v := r.tree.at(s.path); v.kind == '{' {
		v.keys, v.members = append(v.keys, "a\x00b"), append(v.members, v.members[0].clone())
		r.did("%s: a key with a NUL", s.label)
		return
	}
	text := pick(g, badTexts)
	r.replace(s.path, rawJSON(text))
	r.did("%s = %s", s.label, text)
}

// freeText reports whether the place s of r's body holds free text (a
// string without enum, format or pattern that is no record's ID), or is a
// map with a member.
func (g *fuzzGen) freeText(r *hostileRequest, s jsonSite) bool {
	v := r.tree.at(s.path)
	if _, isMap := s.schema["additionalProperties"].(map[string]any); isMap {
		return v.kind == '{' && len(v.members) > 0
	}
	text, isText := v.text()
	_, enum := s.schema["enum"]
	_, format := s.schema["format"]
	_, pattern := s.schema["pattern"]
	return isText && schemaType(s.schema) == "string" && !enum && !format && !pattern && !g.isRealID(text)
}

// lateCalls are, for operations whose valid call names no record that
// could be missing, calls that are refused only when they are checked
// against the register (a duplicate organisasjonsnummer, a year no version
// is in force, an organization it does not have) or the domain's rules
// (weights that do not sum to 1, a cap below the floor, a share above 1, an
// agreement without versions).
var lateCalls = map[string]func(g *fuzzGen) string{
	"create-organization": func(g *fuzzGen) string {
		return fmt.Sprintf(`{"name": "Ny IKS", "kind": "iks", "orgNumber": %q}`, g.orgNumber)
	},
	"create-token": func(g *fuzzGen) string {
		return fmt.Sprintf(`{"name": "Ny redaktør", "role": "editor", "organizations": [%q]}`, g.uuid())
	},
	"create-budget": func(*fuzzGen) string {
		return `{"year": 2001, "total": "1000.00"}` // no version in force
	},
	"compute-allocation": func(*fuzzGen) string {
		return `{"total": "100.00", "components": [{"name": "likt", "weight": "0.9", "basis": "equal"}],
			"participants": [{"ref": "a"}, {"ref": "b"}]}`
	},
	"compute-tariff": func(*fuzzGen) string {
		return `{"base": "100", "rate": "1", "basis": "population", "floor": "200", "cap": "100",
			"participants": [{"ref": "a", "population": 10}]}`
	},
	"compute-look-through": func(*fuzzGen) string {
		return `{"positions": [{"owner": "A", "entity": "B", "share": "1.5"}]}`
	},
	"update-agreement": func(*fuzzGen) string {
		return `{"name": "Ny", "versions": []}`
	},
}

// lateBase starts from a call of lateCalls.
func (g *fuzzGen) lateBase(r *hostileRequest, op fuzzOp, b *fuzzBase) {
	body := lateCalls[op.id](g)
	v, err := parseJSONValue([]byte(body))
	if err != nil {
		panic(fmt.Sprintf("lateCalls[%s]: %v", op.id, err))
	}
	r.tree, r.late = v, true
	r.sites = g.sites(v, op.body, nil, "body", true, nil)
	r.did("late: %s", strings.Join(strings.Fields(body), " "))
}

// The noise: hostile content that may be accepted. It goes where the API
// reads free text (names, purposes, map keys), into headers it reads or
// not, and into query parameters it does not know.

// hostileTexts are JSON strings, as written, for free-text fields.
var hostileTexts = []string{`"' OR 1=1--"`, `"'; DROP TABLE organization; --"`, `"../../etc/passwd"`,
	`"..%2f..%2fetc%2fpasswd"`, `"%00"`, `"\u0000"`, `"a\u0000b"`, "\"\xff\xfe\"", "\"\xc0\xaf\"", `"\ud800"`,
	`"\udfff\ud800x"`, `"\u202egnp.exe"`, `"<script>alert(1)</script>"`, `"${jndi:ldap://x/a}"`, `"{{7*7}}"`,
	`"=HYPERLINK(\"http://x\")"`, `"+cmd|' /C calc'!A0"`, `"@SUM(1+1)"`, `"-1+1"`, `"a\r\nX-Injected: 1"`, `"\t"`,
	`" "`, `"😀"`, `"\\"`, `"%s%s%s%n"`, `"\u00e6\u00f8\u00e5"`, `"a\\u0000b"`, `"\u0085\u2028\u2029"`,
	`"\ufeffx"`, `"x\u0008"`, `"%"`, `"_"`, `"*"`, `"?"`}

// hostileKeys are map keys.
var hostileKeys = []string{"' OR 1=1--", "\x00", "a\x00b", "\xff\xfe", "../../etc/passwd", "<script>", "\u202e", "",
	" ", strings.Repeat("k", 300), "=1+1", "%00"}

// hostileDecimals match the decimal pattern and may be accepted.
var hostileDecimals = []string{`"-0"`, `"-0.00"`, `"0.` + strings.Repeat("0", 29) + `1"`, `"00001.50"`,
	`"999999999999999999.99"`, `"-1"`, `"0"`, `"1` + strings.Repeat("0", 40) + `"`}

// hostileHeaders are headers and values the API may or may not read.
var hostileHeaders = [][2]string{
	{"X-Request-Id", "\xff\xfe"}, {"X-Request-Id", strings.Repeat("a", 10000)}, {"X-Request-Id", `evil" id=forged`},
	{"X-Request-Id", "../../etc/passwd"}, {"Accept", "text/csv"}, {"Accept", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
	{"Accept", "application/xml"}, {"Accept", "*/*;q=0"}, {"Accept", "\xff\xfe"}, {"Accept", "text/csv;q=2, application/json;q=0"},
	{"Accept", strings.Repeat("a/b,", 2000)}, {"Accept-Language", "\xff"}, {"X-Forwarded-For", "' OR 1=1--"},
	{"Cookie", "session=../../etc/passwd"}, {"User-Agent", "${jndi:ldap://x/a}"}, {"Accept-Encoding", "gzip, br, \xff"},
	{"X-Http-Method-Override", "DELETE"}, {"Forwarded", "for=\"\xff\""}, {"Origin", "null"}, {"Range", "bytes=0-1,2-3"},
}

func (g *fuzzGen) noise(r *hostileRequest, op fuzzOp) {
	switch g.rng.IntN(3) {
	case 0:
		h := pick(g, hostileHeaders)
		r.header[h[0]] = []string{h[1]}
		r.did("noise: %s %.40q", h[0], h[1])
	case 1:
		name := pick(g, []string{"x", url.QueryEscape("' OR 1=1--"), "__proto__%5Badmin%5D", "%24where", "%ff", "%00", "a%5B%5D"})
		if _, known := op.param(name); !known {
			v := pick(g, []string{"1", "%00", "%ff", url.QueryEscape("' OR 1=1--"), "..%2f..%2fetc%2fpasswd", ""})
			r.query = append(r.query, [2]string{name, v})
			r.did("noise: query %s=%s", name, v)
		}
	default:
		g.noiseInBody(r, op)
	}
}

// noiseInBody puts hostile text where the body has free text, or a hostile
// key into a map.
func (g *fuzzGen) noiseInBody(r *hostileRequest, op fuzzOp) {
	var sites []jsonSite
	for _, s := range g.bodySites(r, op) {
		if g.freeText(r, s) || s.schema["pattern"] == decimalPattern && !r.late {
			sites = append(sites, s)
		}
	}
	if len(sites) == 0 {
		return
	}
	s := pick(g, sites)
	v := r.tree.at(s.path)
	if v.kind == '{' {
		key := pick(g, hostileKeys)
		v.keys, v.members = append(v.keys, key), append(v.members, v.members[0].clone())
		r.did("noise: %s key %q", s.label, key)
		return
	}
	text := pick(g, hostileTexts)
	if s.schema["pattern"] == decimalPattern {
		text = pick(g, hostileDecimals)
	}
	if max, ok := schemaInt(s.schema, "maxLength"); ok && len(text) > max {
		return
	}
	r.replace(s.path, rawJSON(text))
	r.did("noise: %s = %s", s.label, text)
}

// The reads the API may answer: lists searched for hostile text, and paged
// with cursors the store could have made, but of hostile sort keys.

// hostileFilters are values of the free-text filters of the lists (name,
// owner, entity, participant): a list may answer them, but not with a 5xx,
// and no record's name has one of them in it.
var hostileFilters = []string{"' OR 1=1--", "'; DROP TABLE organization; --", "%", "_", "%%", "\\", "\x00", "a\x00b",
	"\xff", "\xff\xfe", "\xc0\xaf", "../../etc/passwd", "..%2f", "%00", "<script>", "\u202e", "*", "?", "$where",
	"{{7*7}}", "\r\n", "' UNION SELECT hash FROM api_token--", "Ω≈ç√", "😀"}

// hostileCursorKeys are the sort keys of well-made cursors.
var hostileCursorKeys = []string{"' OR 1=1--", "\x00", "a\x00b", "\xff\xfe", "", "9999-99-99", "1e999999", "NaN",
	"-0", strings.Repeat("z", 300), "%", "_", "\\", "../../etc/passwd", "2024-01-01", "0"}

// answerableReads makes, for every list, reads with hostile values of its
// free-text filters (strings without enum, format or pattern) and with
// well-made cursors of hostile sort keys, as an admin.
func (g *fuzzGen) answerableReads() []hostileRequest {
	var out []hostileRequest
	for _, op := range g.ops {
		if op.method != http.MethodGet {
			continue
		}
		b := g.bases[op.id]["A"]
		for _, p := range op.params {
			_, enum := p.schema["enum"]
			_, format := p.schema["format"]
			_, pattern := p.schema["pattern"]
			if p.in != "query" || schemaType(p.schema) != "string" || enum || format || pattern {
				continue
			}
			var values []string
			if p.name == "after" {
				for _, key := range hostileCursorKeys {
					for _, id := range []string{g.realID(""), g.uuid()} {
						doc := "[" + jsonQuote(key) + "," + jsonQuote(id) + "]"
						values = append(values, base64.RawURLEncoding.EncodeToString([]byte(doc)))
					}
				}
			} else {
				for _, v := range hostileFilters {
					values = append(values, url.QueryEscape(v))
				}
			}
			for _, v := range values {
				r := hostileRequest{op: op.id, method: op.method, path: b.path, query: slices.Clone(b.query),
					header: http.Header{"Authorization": {"Bearer " + g.secrets["admin"]}}, rejector: p.name}
				r.setQuery(p.name, v)
				r.did("query %s=%s", p.name, v)
				out = append(out, r)
			}
		}
	}
	return out
}
