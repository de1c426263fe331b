package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"math/bits"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/shopspring/decimal"

	"github.com/munireg/munireg"
)

// The wire conventions (DESIGN § 3 and § 5): every decimal is a JSON string,
// never a JSON number; money leaves with a fixed scale; shares and weights
// as exact decimal strings; dates as "YYYY-MM-DD".

// decimalPattern is what a decimal on the wire looks like.
const decimalPattern = `^-?[0-9]+(\.[0-9]+)?$`

var decimalRE = regexp.MustCompile(decimalPattern)

// Decimal is an exact decimal on the wire: a JSON string such as "0.45735"
// or "1000.50", never a JSON number. It leaves as written by
// decimal.String (no trailing zeros).
type Decimal struct{ decimal.Decimal }

// Schema implements huma.SchemaProvider: a string with a pattern.
func (Decimal) Schema(huma.Registry) *huma.Schema {
	return &huma.Schema{Type: huma.TypeString, Pattern: decimalPattern,
		Description: "An exact decimal number as a string, such as \"0.45735\"; JSON numbers are refused.",
		Examples:    []any{"0.25"}}
}

// UnmarshalJSON accepts only a JSON string holding a decimal.
func (d *Decimal) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return errors.New("a decimal must be a JSON string")
	}
	v, err := parseDecimal(s)
	if err != nil {
		return err
	}
	d.Decimal = v
	return nil
}

// MarshalJSON writes the exact value as a JSON string.
func (d Decimal) MarshalJSON() ([]byte, error) { return quoted(d.Decimal, 0, true), nil }

func parseDecimal(s string) (decimal.Decimal, error) {
	if !decimalRE.MatchString(s) {
		return decimal.Decimal{}, fmt.Errorf("%q is not a decimal number", s)
	}
	return decimal.NewFromString(s)
}

// dec returns d's value, or zero for nil.
func dec(d *Decimal) decimal.Decimal {
	if d == nil {
		return decimal.Zero
	}
	return d.Decimal
}

// nullDec returns d's value as a NullDecimal, invalid for nil.
func nullDec(d *Decimal) decimal.NullDecimal {
	if d == nil {
		return decimal.NullDecimal{}
	}
	return decimal.NewNullDecimal(d.Decimal)
}

// wireDec returns v as an output Decimal, nil when v is null.
func wireDec(v decimal.NullDecimal) *Decimal {
	if !v.Valid {
		return nil
	}
	return &Decimal{v.Decimal}
}

// moneyPattern is what money on the wire looks like: at least two
// decimals.
const moneyPattern = `^-?[0-9]+\.[0-9]{2,}$`

// Money is an amount leaving the API: a JSON string with a fixed scale of
// two decimals ("1000.50"), or more when the value has more (an allocation
// rounded to 0.001), so that no digit is ever lost. Requests take amounts as
// Decimal.
type Money struct{ decimal.Decimal }

// Schema implements huma.SchemaProvider.
func (Money) Schema(huma.Registry) *huma.Schema {
	return &huma.Schema{Type: huma.TypeString, Pattern: moneyPattern,
		Description: "An amount in kroner as a string with at least two decimals, such as \"1000.50\".",
		Examples:    []any{"1000.50"}}
}

// MarshalJSON writes the amount with at least two decimals.
func (m Money) MarshalJSON() ([]byte, error) { return quoted(m.Decimal, 2, false), nil }

func (m Money) text() string {
	return m.StringFixed(max(2, -m.Exponent()))
}

// money returns v as Money.
func money(v decimal.Decimal) Money { return Money{v} }

// wireMoney returns v as Money, nil when v is null.
func wireMoney(v decimal.NullDecimal) *Money {
	if !v.Valid {
		return nil
	}
	return &Money{v.Decimal}
}

// SharePlaces is the number of decimals of a share computed exactly (a
// look-through share), as the register stores shares.
const SharePlaces = 20

// ratShare formats an exact fraction with SharePlaces decimals, rounded
// half away from zero.
func ratShare(r *big.Rat) Decimal {
	d, _ := decimal.NewFromString(r.FloatString(SharePlaces)) // FloatString always gives a decimal
	return Decimal{d}
}

// Date is a calendar date on the wire, "2024-01-01"; the register keeps it
// as midnight UTC.
type Date struct{ time.Time }

// Schema implements huma.SchemaProvider.
func (Date) Schema(huma.Registry) *huma.Schema {
	return &huma.Schema{Type: huma.TypeString, Format: "date", Examples: []any{"2024-01-01"}}
}

// UnmarshalJSON accepts "YYYY-MM-DD".
func (d *Date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return errors.New("a date must be a JSON string")
	}
	t, err := parseDate(s)
	d.Time = t
	return err
}

// MarshalJSON writes "YYYY-MM-DD".
func (d Date) MarshalJSON() ([]byte, error) { return json.Marshal(d.UTC().Format(time.DateOnly)) }

func parseDate(s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a date (YYYY-MM-DD)", s)
	}
	return t, nil
}

// timeOf returns the date, zero for nil.
func timeOf(d *Date) time.Time {
	if d == nil {
		return time.Time{}
	}
	return d.Time
}

// wireDate returns t as a Date, nil when t is zero.
func wireDate(t time.Time) *Date {
	if t.IsZero() {
		return nil
	}
	return &Date{t.UTC()}
}

// PeriodBody is a period of validity: from (inclusive) to (exclusive); a
// missing end is open.
type PeriodBody struct {
	From *Date `json:"from,omitempty" doc:"First day in force; none means since always."`
	To   *Date `json:"to,omitempty" doc:"First day no longer in force; none means until further notice."`
}

func (p *PeriodBody) period() munireg.Period {
	if p == nil {
		return munireg.Period{}
	}
	return munireg.Period{From: timeOf(p.From), To: timeOf(p.To)}
}

func wirePeriod(p munireg.Period) PeriodBody {
	return PeriodBody{From: wireDate(p.From), To: wireDate(p.To)}
}

// queryDate parses an optional date query parameter; a bad one is a 422 on
// query.<name>.
func queryDate(name, value string) (time.Time, error) {
	if value == "" {
		return time.Time{}, nil
	}
	t, err := parseDate(value)
	if err != nil {
		return time.Time{}, located{in: "query", err: munireg.ValidationErrors{{Field: name, Err: err}}}
	}
	return t, nil
}

// etag is the ETag of a record's revision, with its quotes.
func etag(revision int64) string { return `"` + strconv.FormatInt(revision, 10) + `"` }

// errPreconditionRequired answers an update without If-Match.
var errPreconditionRequired = huma.NewError(428, "This update needs an If-Match header with the ETag of the record as read (GET it first).")

// ifMatch returns the revision an If-Match header names: an ETag as etag
// writes it, or its weak form. A missing header is a 428; one that names no
// revision of ours cannot match and is a 412: "*" (which this API does not
// special-case), a list, and tags that only parse to a revision ("01",
// "+1", ""1""), since ETags compare as strings.
func ifMatch(header string) (int64, error) {
	h := strings.TrimSpace(header)
	if h == "" {
		return 0, errPreconditionRequired
	}
	h = strings.TrimPrefix(h, "W/")
	inner, _ := strings.CutPrefix(h, `"`)
	inner, _ = strings.CutSuffix(inner, `"`)
	if n, err := strconv.ParseInt(inner, 10, 64); err == nil && n > 0 && etag(n) == h {
		return n, nil
	}
	return 0, munireg.ErrConflict
}

// PageParams are the cursor pagination parameters of every list.
type PageParams struct {
	After string `query:"after" maxLength:"512" doc:"The cursor of the page to read, from the Link header (rel=\"next\") of the page before."`
	Limit int    `query:"limit" minimum:"1" maximum:"1000" default:"100" doc:"Page size."`
}

// nextLink is the RFC 8288 Link header of the next page: path with query
// and after=next; empty on the last page.
func nextLink(path string, query url.Values, next string) string {
	if next == "" {
		return ""
	}
	q := url.Values{}
	for k, v := range query {
		if len(v) > 0 && v[0] != "" && k != "after" {
			q.Set(k, v[0])
		}
	}
	q.Set("after", next)
	return "<" + path + "?" + q.Encode() + `>; rel="next"`
}

// ListMeta is what every list answer has beside its items.
type ListMeta struct {
	Total int    `json:"total" doc:"How many records match in all, over every page."`
	Next  string `json:"next,omitempty" doc:"The cursor of the next page (also in the Link header); absent on the last page."`
}

// List is one page of a listing.
type List[T any] struct {
	ListMeta
	Items []T `json:"items" doc:"The page's records; [] when there are none."`
}

// listOutput is a page of a listing with its Link header.
type listOutput[T any] struct {
	Link string `header:"Link" doc:"RFC 8288 link to the next page (rel=\"next\"), absent on the last."`
	Body List[T]
}

// listAnswer maps a page of the store to the answer of a list operation at
// path with the query q (for the Link header).
func listAnswer[D, T any](path string, q url.Values, page munireg.Page[D], wire func(D) T) *listOutput[T] {
	return &listOutput[T]{Link: nextLink(path, q, page.Next), Body: List[T]{
		ListMeta: ListMeta{Total: page.Total, Next: page.Next},
		Items:    mapSlice(nonNil(page.Items), wire),
	}}
}

// nonNil returns s, or an empty slice for nil: lists are [] on the wire.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// mapSlice maps each element of in with f; the result is never nil.
func mapSlice[T, U any](in []T, f func(T) U) []U {
	out := make([]U, len(in))
	for i, v := range in {
		out[i] = f(v)
	}
	return out
}

// quoted is d as a JSON string: with at least places decimals, as
// StringFixed(max(places, -d.Exponent())) writes it, or, with trim, as
// String writes it (no trailing zeros in the fraction, no exponent). Neither
// rounds.
func quoted(d decimal.Decimal, places int32, trim bool) []byte {
	return appendQuoted(nil, d, places, trim)
}

// appendQuoted appends d to b as quoted writes it. A coefficient of at most
// 18 digits is written here, without allocating beyond b; others by
// decimal's own methods.
func appendQuoted(b []byte, d decimal.Decimal, places int32, trim bool) []byte {
	e := d.Exponent()
	places = max(places, -e)
	u, ok := uint64(0), d.NumDigits() <= 18 && e+places <= 19
	if ok {
		n := d.CoefficientInt64()
		if u = uint64(n); n < 0 {
			u = -u
		}
		for range e + places {
			hi, lo := bits.Mul64(u, 10)
			ok, u = ok && hi == 0, lo
		}
	}
	if !ok {
		s := d.StringFixed(places)
		if trim {
			s = d.String()
		}
		return append(append(append(b, '"'), s...), '"')
	}
	var buf [20]byte
	digits := strconv.AppendUint(buf[:0], u, 10) // the value × 10^places
	b = append(b, '"')
	start := len(b)
	if d.Sign() < 0 {
		b = append(b, '-')
	}
	whole := len(digits) - int(places)
	if whole > 0 {
		b = append(b, digits[:whole]...)
	} else {
		b = append(b, '0')
	}
	point := len(b)
	b = append(b, '.')
	for range -whole {
		b = append(b, '0')
	}
	b = append(b, digits[max(whole, 0):]...)
	if trim {
		b = b[:start+len(bytes.TrimRight(b[start:], "0"))] // the point stops it
	}
	if len(b) == point+1 {
		b = b[:point]
	}
	return append(b, '"')
}
