package archive

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"time"

	"github.com/shopspring/decimal"

	"github.com/munireg/munireg"
)

// The document's identification: its first two fields.
const (
	// Format names the kind of document.
	Format = "munireg-register"
	// Version is the version of the format this package reads and writes.
	Version = 1
)

// ErrFormat means a document is not a munireg register of this version:
// not JSON, truncated, another format or version, or a field this version
// does not know.
var ErrFormat = errors.New("not a munireg register document")

// Register is the whole register. The JSON field order is the document's.
type Register struct {
	Format        string         `json:"format" enum:"munireg-register"`
	Version       int            `json:"version" enum:"1"`
	Organizations []Organization `json:"organizations"`
	Successions   []Succession   `json:"successions"`
	Agreements    []Agreement    `json:"agreements"`
	Budgets       []Budget       `json:"budgets"`
	Positions     []Position     `json:"positions"`
	OwnerLists    []OwnerList    `json:"ownerLists"`
	Flows         []Flow         `json:"flows"`
	Balances      []Balance      `json:"balances"`
	Forums        []Forum        `json:"forums"`
}

// New returns an empty register document of this format and version.
func New() Register {
	return Register{Format: Format, Version: Version, Organizations: []Organization{}, Successions: []Succession{},
		Agreements: []Agreement{}, Budgets: []Budget{}, Positions: []Position{}, OwnerLists: []OwnerList{},
		Flows: []Flow{}, Balances: []Balance{}, Forums: []Forum{}}
}

// Counts are the number of records of each kind in a document.
type Counts struct {
	Organizations int `json:"organizations"`
	Successions   int `json:"successions"`
	Agreements    int `json:"agreements"`
	Budgets       int `json:"budgets"`
	Positions     int `json:"positions"`
	OwnerLists    int `json:"ownerLists"`
	Flows         int `json:"flows"`
	Balances      int `json:"balances"`
	Forums        int `json:"forums"`
}

// Count counts the records of r.
func (r Register) Count() Counts {
	return Counts{Organizations: len(r.Organizations), Successions: len(r.Successions), Agreements: len(r.Agreements),
		Budgets: len(r.Budgets), Positions: len(r.Positions), OwnerLists: len(r.OwnerLists), Flows: len(r.Flows),
		Balances: len(r.Balances), Forums: len(r.Forums)}
}

// String says what the counts are, for people.
func (c Counts) String() string {
	return fmt.Sprintf("%d organizations, %d successions, %d agreements, %d budgets, %d positions, "+
		"%d owner lists, %d flows, %d balances, %d forums", c.Organizations, c.Successions, c.Agreements,
		c.Budgets, c.Positions, c.OwnerLists, c.Flows, c.Balances, c.Forums)
}

// Encode writes r to w as indented JSON (two spaces, one field a line, so
// that two exports compare well with diff), ending in a newline. Lists that
// are nil are written as [].
func Encode(w io.Writer, r Register) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r.withEmptyLists()); err != nil {
		return err
	}
	return bw.Flush()
}

func (r Register) withEmptyLists() Register {
	r.Organizations, r.Successions, r.Agreements = orEmpty(r.Organizations), orEmpty(r.Successions), orEmpty(r.Agreements)
	r.Budgets, r.Positions, r.OwnerLists = orEmpty(r.Budgets), orEmpty(r.Positions), orEmpty(r.OwnerLists)
	r.Flows, r.Balances, r.Forums = orEmpty(r.Flows), orEmpty(r.Balances), orEmpty(r.Forums)
	return r
}

// orEmpty is s, or an empty list for nil: lists are [] in the document.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// Decode reads one register document from r. Anything but a complete
// document of this format and version, with nothing after it, is a
// munireg.ValidationError wrapping ErrFormat: the field is "format" or
// "version" when those are wrong, empty otherwise, and the message says
// where the document went wrong. Decode checks the form of the document
// only; what its records mean is checked by the store that imports it.
func Decode(r io.Reader) (Register, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return Register{}, err
	}
	// The header first, so that a document of another format or version is
	// named as such rather than by its first unknown field.
	var head struct {
		Format  *string `json:"format"`
		Version *int    `json:"version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return Register{}, formatError("", describe(data, err))
	}
	switch {
	case head.Format == nil:
		return Register{}, formatError("format", fmt.Errorf("missing (want %q)", Format))
	case *head.Format != Format:
		return Register{}, formatError("format", fmt.Errorf("%q (want %q)", *head.Format, Format))
	case head.Version == nil:
		return Register{}, formatError("version", fmt.Errorf("missing (want %d)", Version))
	case *head.Version != Version:
		return Register{}, formatError("version", fmt.Errorf("%d (this munireg reads version %d)", *head.Version, Version))
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var doc Register
	if err := dec.Decode(&doc); err != nil {
		return Register{}, formatError("", describe(data, err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return Register{}, formatError("", errors.New("data after the end of the document"))
	}
	return doc.withEmptyLists(), nil
}

func formatError(field string, err error) error {
	return munireg.ValidationErrors{{Field: field, Err: fmt.Errorf("%w: %s: %w", ErrFormat, fieldName(field), err)}}
}

func fieldName(field string) string {
	if field == "" {
		return "document"
	}
	return field
}

// describe says where in data the JSON error err happened.
func describe(data []byte, err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return errors.New("the document ends too early (truncated?)")
	case errors.As(err, &syntax) && syntax.Offset >= int64(len(bytes.TrimRight(data, " \t\r\n"))):
		return errors.New("the document ends too early (truncated?)")
	case errors.As(err, &syntax):
		line, col := position(data, syntax.Offset-1) // Offset is past the byte at fault
		return fmt.Errorf("line %d, column %d: %w", line, col, err)
	case errors.As(err, &typ):
		line, col := position(data, typ.Offset)
		return fmt.Errorf("line %d, column %d: %s: want %s, not a JSON %s", line, col, typ.Field, typ.Type, typ.Value)
	}
	return err
}

// position is the line and column of byte offset in data, from 1.
func position(data []byte, offset int64) (line, col int) {
	offset = min(max(offset, 0), int64(len(data)))
	before := data[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(offset) - bytes.LastIndexByte(before, '\n')
	return line, col
}

// Date is a calendar date, YYYY-MM-DD in JSON; the zero Date is no date.
type Date struct{ t time.Time }

// DateOf returns the date of t (in UTC; t's clock is dropped).
func DateOf(t time.Time) Date {
	if t.IsZero() {
		return Date{}
	}
	y, m, d := t.UTC().Date()
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// Time returns the date as midnight UTC; the zero time for no date.
func (d Date) Time() time.Time { return d.t }

// IsZero reports whether d is no date.
func (d Date) IsZero() bool { return d.t.IsZero() }

// MarshalJSON writes "YYYY-MM-DD".
func (d Date) MarshalJSON() ([]byte, error) {
	return json.Marshal(d.t.Format(time.DateOnly))
}

// UnmarshalJSON reads "YYYY-MM-DD".
func (d *Date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("a date is a string YYYY-MM-DD, not %s", b)
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return fmt.Errorf("date %q: want YYYY-MM-DD", s)
	}
	*d = Date{t}
	return nil
}

// decimalRE is the form of a decimal in a document: no exponent, no "+".
var decimalRE = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// Decimal is an exact decimal, a JSON string that keeps its scale:
// "1000.00" stays "1000.00".
type Decimal struct{ d decimal.Decimal }

// Dec returns d as a Decimal.
func Dec(d decimal.Decimal) Decimal { return Decimal{d} }

// NullDec returns d as a *Decimal, nil when it is not valid.
func NullDec(d decimal.NullDecimal) *Decimal {
	if !d.Valid {
		return nil
	}
	return &Decimal{d.Decimal}
}

// Value returns the decimal.
func (d Decimal) Value() decimal.Decimal { return d.d }

// NullValue returns d as a decimal.NullDecimal, not valid when d is nil.
func NullValue(d *Decimal) decimal.NullDecimal {
	if d == nil {
		return decimal.NullDecimal{}
	}
	return decimal.NullDecimal{Decimal: d.d, Valid: true}
}

// String returns the decimal with as many decimal places as it has, trailing
// zeros included.
func (d Decimal) String() string {
	if e := d.d.Exponent(); e < 0 {
		return d.d.StringFixed(-e)
	}
	return d.d.StringFixed(0)
}

// MarshalJSON writes the decimal as a string with its scale.
func (d Decimal) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// UnmarshalJSON reads a decimal string; a JSON number is refused, as on the
// API, since it may have passed through a float.
func (d *Decimal) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("a decimal is a string such as \"1000.50\", not %s", b)
	}
	v, err := decimal.NewFromString(s)
	if err != nil || !decimalRE.MatchString(s) {
		return fmt.Errorf("decimal %q: want digits with an optional sign and decimal point, such as \"-1000.50\"", s)
	}
	*d = Decimal{v}
	return nil
}

// Period is a validity period [from, to); a missing end is open.
type Period struct {
	From Date `json:"from,omitzero"`
	To   Date `json:"to,omitzero"`
}

// PeriodOf returns p as a Period.
func PeriodOf(p munireg.Period) Period { return Period{From: DateOf(p.From), To: DateOf(p.To)} }

// Domain returns the period as munireg.Period.
func (p Period) Domain() munireg.Period { return munireg.Period{From: p.From.Time(), To: p.To.Time()} }

// Organization is an organization with its kommunenummer history and
// population series.
type Organization struct {
	ID                  string            `json:"id"`
	Revision            int64             `json:"revision"`
	Name                string            `json:"name"`
	Kind                string            `json:"kind"`
	OrgNumber           string            `json:"orgNumber,omitempty"`
	Valid               Period            `json:"valid,omitzero"`
	MunicipalityHistory []NumberPeriod    `json:"municipalityHistory,omitempty"`
	Population          []PopulationCount `json:"population,omitempty"`
}

// NumberPeriod is a kommunenummer and when it was in force.
type NumberPeriod struct {
	Number string `json:"number"`
	Valid  Period `json:"valid,omitzero"`
}

// PopulationCount is a population on a date.
type PopulationCount struct {
	Date  Date  `json:"date"`
	Count int64 `json:"count"`
}

// Succession is a predecessor's rights and duties passing to a successor.
type Succession struct {
	Predecessor string `json:"predecessor"`
	Successor   string `json:"successor"`
	Effective   Date   `json:"effective"`
}

// Agreement is a cooperation agreement with its versions.
type Agreement struct {
	ID        string             `json:"id"`
	Revision  int64              `json:"revision"`
	Name      string             `json:"name"`
	Form      string             `json:"form"`
	OrgNumber string             `json:"orgNumber,omitempty"`
	Versions  []AgreementVersion `json:"versions"`
}

// AgreementVersion is an adopted version of an agreement.
type AgreementVersion struct {
	Adopted      Date          `json:"adopted"`
	Valid        Period        `json:"valid"`
	Purpose      string        `json:"purpose,omitempty"`
	Host         string        `json:"host,omitempty"`
	Participants []Participant `json:"participants"`
	Key          Key           `json:"key"`
	Tariff       *Tariff       `json:"tariff,omitempty"`
}

// Participant is an organization's part in a version; Organization is its
// ID.
type Participant struct {
	Organization string         `json:"organization"`
	Ownership    *Decimal       `json:"ownership,omitempty"`
	Liability    *Decimal       `json:"liability,omitempty"`
	CostShare    *Decimal       `json:"costShare,omitempty"`
	Contribution Decimal        `json:"contribution"`
	Seats        map[string]int `json:"seats,omitempty"`
}

// Key is a cost-sharing key.
type Key struct {
	Normalize  bool        `json:"normalize,omitempty"`
	Components []Component `json:"components"`
}

// Component is one weighted component of a key.
type Component struct {
	Name   string  `json:"name"`
	Weight Decimal `json:"weight"`
	Basis  string  `json:"basis"`
}

// Tariff is a version's price list.
type Tariff struct {
	Base  Decimal  `json:"base"`
	Rate  Decimal  `json:"rate"`
	Basis string   `json:"basis"`
	Floor *Decimal `json:"floor,omitempty"`
	Cap   *Decimal `json:"cap,omitempty"`
}

// Budget is an allocation issued for a year, as issued: its inputs (key,
// parties) and its allocation.
type Budget struct {
	ID         string     `json:"id"`
	Agreement  string     `json:"agreement"`
	Year       int        `json:"year"`
	AsOf       Date       `json:"asOf"`
	Issued     time.Time  `json:"issued"`
	Key        Key        `json:"key"`
	Parties    []Party    `json:"parties"`
	Allocation Allocation `json:"allocation"`
}

// Allocation is a budget's total, its rounding and its rows.
type Allocation struct {
	Total    Decimal     `json:"total"`
	Rounding Rounding    `json:"rounding"`
	Rows     []BudgetRow `json:"rows"`
}

// Rounding is the rounding unit and policy of an allocation.
type Rounding struct {
	Unit   Decimal `json:"unit"`
	Policy string  `json:"policy"`
}

// Party is a participant's basis values as the budget read them.
type Party struct {
	Ref        string             `json:"ref"`
	Population int64              `json:"population"`
	Share      Decimal            `json:"share"`
	Ownership  Decimal            `json:"ownership"`
	Metrics    map[string]Decimal `json:"metrics,omitempty"`
}

// BudgetRow is one participant's amount of a budget; Ref is an
// organization ID.
type BudgetRow struct {
	Ref       string    `json:"ref"`
	Amount    Decimal   `json:"amount"`
	Exact     Decimal   `json:"exact"`
	Breakdown []Decimal `json:"breakdown"`
}

// Position is an ownership stake.
type Position struct {
	ID          string   `json:"id"`
	Revision    int64    `json:"revision"`
	Owner       string   `json:"owner"`
	Entity      string   `json:"entity"`
	Economic    Decimal  `json:"economic"`
	Voting      *Decimal `json:"voting,omitempty"`
	ShareClass  string   `json:"shareClass,omitempty"`
	Held        int64    `json:"held,omitempty"`
	Outstanding int64    `json:"outstanding,omitempty"`
	BookValue   *Decimal `json:"bookValue,omitempty"`
	Valid       Period   `json:"valid,omitzero"`
	Purpose     string   `json:"purpose,omitempty"`
	Category    string   `json:"category,omitempty"`
}

// OwnerList is what the register declares about an entity's owner list.
type OwnerList struct {
	Entity    string `json:"entity"`
	Complete  bool   `json:"complete"`
	Tolerance string `json:"tolerance"`
	Places    int32  `json:"places,omitempty"`
}

// Flow is a payment between an owner and an entity.
type Flow struct {
	ID        string  `json:"id"`
	Revision  int64   `json:"revision"`
	Owner     string  `json:"owner"`
	Entity    string  `json:"entity"`
	Kind      string  `json:"kind"`
	Year      int     `json:"year"`
	Paid      Date    `json:"paid,omitzero"`
	Amount    Decimal `json:"amount"`
	Direction string  `json:"direction,omitempty"`
}

// Balance is an owner loan's principal or a guarantee's exposure on a date.
type Balance struct {
	Owner  string  `json:"owner"`
	Entity string  `json:"entity"`
	Kind   string  `json:"kind"`
	Date   Date    `json:"date"`
	Amount Decimal `json:"amount"`
}

// Forum is a named group of owners; Owners are organization IDs in
// ascending order.
type Forum struct {
	ID          string   `json:"id"`
	Revision    int64    `json:"revision"`
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	Owners      []string `json:"owners"`
}
