package governance_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/governance"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// validCase is one case of a Validate table: a change to a valid record,
// the fields it makes invalid, and the errors they wrap.
type validCase[T any] struct {
	name   string
	change func(*T)
	fields []string
	errs   []error
}

// runValidate runs a Validate table on copies of valid.
func runValidate[T interface{ Validate() error }](t *testing.T, call string, valid func() T, tests []validCase[T]) {
	t.Helper()
	require.NoError(t, valid().Validate(), "%s(valid record)", call)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := valid()
			tt.change(&v)
			err := v.Validate()
			assert.Equal(t, tt.fields, fields(t, err), "%s(%s)", call, tt.name)
			for _, want := range tt.errs {
				assert.ErrorIs(t, err, want, "%s(%s)", call, tt.name)
			}
		})
	}
}

func TestPersonValidate(t *testing.T) {
	runValidate(t, "Person.Validate", func() governance.Person {
		return governance.Person{ID: "p1", Name: "Kari Nordmann", Gender: governance.GenderFemale}
	}, []validCase[governance.Person]{
		{"valid", func(p *governance.Person) {}, nil, nil},
		{"gender not recorded", func(p *governance.Person) { p.Gender = "" }, nil, nil},
		{"id and name required", func(p *governance.Person) { p.ID, p.Name = "", "" },
			[]string{"id", "name"}, []error{munireg.ErrRequired}},
		{"name with NUL", func(p *governance.Person) { p.Name = "Kari\x00" },
			[]string{"name"}, []error{munireg.ErrInvalidText}},
		{"name not UTF-8", func(p *governance.Person) { p.Name = "\xff" },
			[]string{"name"}, []error{munireg.ErrInvalidText}},
		{"name of 200 characters", func(p *governance.Person) { p.Name = strings.Repeat("å", 200) }, nil, nil},
		{"name of 201 characters", func(p *governance.Person) { p.Name = strings.Repeat("å", 201) },
			[]string{"name"}, []error{governance.ErrTooLong}},
		{"unknown gender", func(p *governance.Person) { p.Gender = "f" },
			[]string{"gender"}, []error{governance.ErrInvalidGender}},
	})
}

func TestBodyValidate(t *testing.T) {
	runValidate(t, "Body.Validate", func() governance.Body {
		return governance.Body{ID: "b1", Subject: governance.Subject{Agreement: "a1"}, Kind: governance.BodyOwnersAssembly,
			Name: "Representantskapet", Valid: munireg.Period{From: date(2020, 1, 1)}}
	}, []validCase[governance.Body]{
		{"of an entity", func(b *governance.Body) { b.Subject = governance.Subject{Entity: "e1"} }, nil, nil},
		{"name and seats optional", func(b *governance.Body) { b.Name, b.Seats = "", "" }, nil, nil},
		{"every kind", func(b *governance.Body) { b.Kind = governance.BodyNominationCommittee }, nil, nil},
		{"id required", func(b *governance.Body) { b.ID = "" }, []string{"id"}, []error{munireg.ErrRequired}},
		{"subject with both", func(b *governance.Body) { b.Subject.Entity = "e1" },
			[]string{"subject"}, []error{governance.ErrInvalidSubject}},
		{"subject with neither", func(b *governance.Body) { b.Subject = governance.Subject{} },
			[]string{"subject"}, []error{governance.ErrInvalidSubject}},
		{"kind required", func(b *governance.Body) { b.Kind = "" }, []string{"kind"}, []error{munireg.ErrRequired}},
		{"unknown kind", func(b *governance.Body) { b.Kind = "board" }, []string{"kind"}, []error{governance.ErrInvalidBodyKind}},
		{"seats name with NUL", func(b *governance.Body) { b.Seats = "\x00" }, []string{"seats"}, []error{munireg.ErrInvalidText}},
		{"period ends when it starts", func(b *governance.Body) { b.Valid.To = b.Valid.From },
			[]string{"valid.to"}, []error{munireg.ErrInvalidPeriod}},
	})
}

func TestBodySeatsName(t *testing.T) {
	b := governance.Body{Kind: governance.BodyOwnersAssembly}
	assert.Equal(t, "representantskap", b.SeatsName(), "SeatsName() without Seats")
	b.Seats = "rs"
	assert.Equal(t, "rs", b.SeatsName(), "SeatsName() with Seats")
}

func TestMembershipValidate(t *testing.T) {
	runValidate(t, "Membership.Validate", func() governance.Membership {
		return governance.Membership{ID: "m1", Body: "b1", Person: "p1", Role: governance.RoleMember,
			Organization: "k1", Side: governance.SidePoliticians, Valid: munireg.Period{From: date(2023, 10, 1)}}
	}, []validCase[governance.Membership]{
		{"deputy numbered 1", func(m *governance.Membership) { m.Role, m.Deputy = governance.RoleDeputy, 1 }, nil, nil},
		{"no organization", func(m *governance.Membership) { m.Organization = "" }, nil, nil},
		{"references required", func(m *governance.Membership) { m.ID, m.Body, m.Person = "", "", "" },
			[]string{"id", "body", "person"}, []error{munireg.ErrRequired}},
		{"unknown role", func(m *governance.Membership) { m.Role = "chair" },
			[]string{"role"}, []error{governance.ErrInvalidRole}},
		{"deputy numbered 0", func(m *governance.Membership) { m.Role = governance.RoleDeputy },
			[]string{"deputy"}, []error{governance.ErrDeputyNumber}},
		{"deputy numbered -1", func(m *governance.Membership) { m.Role, m.Deputy = governance.RoleDeputy, -1 },
			[]string{"deputy"}, []error{governance.ErrDeputyNumber}},
		{"number on a leader", func(m *governance.Membership) { m.Role, m.Deputy = governance.RoleLeader, 1 },
			[]string{"deputy"}, []error{governance.ErrDeputyNumber}},
		{"side required", func(m *governance.Membership) { m.Side = "" }, []string{"side"}, []error{munireg.ErrRequired}},
		{"unknown side", func(m *governance.Membership) { m.Side = "union" },
			[]string{"side"}, []error{governance.ErrInvalidSide}},
		{"period out of order", func(m *governance.Membership) { m.Valid.To = date(2023, 1, 1) },
			[]string{"valid.to"}, []error{munireg.ErrInvalidPeriod}},
	})
}

func TestGoalValidate(t *testing.T) {
	runValidate(t, "Goal.Validate", func() governance.Goal {
		return governance.Goal{ID: "g1", Subject: governance.Subject{Entity: "e1"}, Purpose: "Mer gjenvinning",
			Indicator: "Andel avfall til materialgjenvinning", Unit: "percent", Target: d(t, "55"),
			Direction: governance.DirectionAtLeast, Recipients: []string{"k1"}, First: 2024}
	}, []validCase[governance.Goal]{
		{"two recipients", func(g *governance.Goal) { g.Recipients = []string{"stat", "k1"} }, nil, nil},
		{"last year equal to first", func(g *governance.Goal) { g.Last = 2024 }, nil, nil},
		{"negative target", func(g *governance.Goal) { g.Target = d(t, "-3.5") }, nil, nil},
		{"text and references required", func(g *governance.Goal) {
			g.ID, g.Subject, g.Purpose, g.Indicator, g.Unit, g.Direction = "", governance.Subject{}, "", "", "", ""
		}, []string{"id", "subject", "purpose", "indicator", "unit", "direction"}, []error{munireg.ErrRequired, governance.ErrInvalidSubject}},
		{"unit too long", func(g *governance.Goal) { g.Unit = strings.Repeat("x", 51) },
			[]string{"unit"}, []error{governance.ErrTooLong}},
		{"target with too many places", func(g *governance.Goal) { g.Target = d(t, "0."+fmt.Sprintf("%031d", 1)) },
			[]string{"target"}, []error{munireg.ErrOutOfRange}},
		{"unknown direction", func(g *governance.Goal) { g.Direction = "up" },
			[]string{"direction"}, []error{governance.ErrInvalidDirection}},
		{"no recipient", func(g *governance.Goal) { g.Recipients = nil },
			[]string{"recipients"}, []error{munireg.ErrRequired}},
		{"three recipients", func(g *governance.Goal) { g.Recipients = []string{"a", "b", "c"} },
			[]string{"recipients"}, []error{governance.ErrTooManyRecipients}},
		{"recipient twice", func(g *governance.Goal) { g.Recipients = []string{"k1", "k1"} },
			[]string{"recipients[1]"}, []error{munireg.ErrDuplicateRef}},
		{"empty recipient", func(g *governance.Goal) { g.Recipients = []string{"k1", ""} },
			[]string{"recipients[1]"}, []error{munireg.ErrRequired}},
		{"first year missing", func(g *governance.Goal) { g.First = 0 },
			[]string{"first"}, []error{governance.ErrInvalidYear}},
		{"years out of range", func(g *governance.Goal) { g.First, g.Last = 10000, -1 },
			[]string{"first", "last"}, []error{governance.ErrInvalidYear}},
		{"last before first", func(g *governance.Goal) { g.Last = 2023 },
			[]string{"last"}, []error{governance.ErrInvalidYear}},
	})
}

func TestGoalApplies(t *testing.T) {
	g := governance.Goal{First: 2024}
	for _, tt := range []struct {
		last, year int
		want       bool
	}{{0, 2023, false}, {0, 2024, true}, {0, 2099, true}, {2025, 2025, true}, {2025, 2026, false}} {
		g.Last = tt.last
		assert.Equal(t, tt.want, g.Applies(tt.year), "Goal{First: 2024, Last: %d}.Applies(%d)", tt.last, tt.year)
	}
}

func TestResultValidate(t *testing.T) {
	runValidate(t, "Result.Validate", func() governance.Result {
		return governance.Result{Goal: "g1", Year: 2024, Value: d(t, "52.3")}
	}, []validCase[governance.Result]{
		{"with a note", func(r *governance.Result) { r.Note = "Ny sorteringsanlegg fra høsten" }, nil, nil},
		{"goal required", func(r *governance.Result) { r.Goal = "" }, []string{"goal"}, []error{munireg.ErrRequired}},
		{"year 0", func(r *governance.Result) { r.Year = 0 }, []string{"year"}, []error{governance.ErrInvalidYear}},
		{"year 10000", func(r *governance.Result) { r.Year = 10000 }, []string{"year"}, []error{governance.ErrInvalidYear}},
		{"value out of range", func(r *governance.Result) { r.Value = d(t, "1e31") },
			[]string{"value"}, []error{munireg.ErrOutOfRange}},
		{"note too long", func(r *governance.Result) { r.Note = strings.Repeat("x", 1001) },
			[]string{"note"}, []error{governance.ErrTooLong}},
	})
}

func TestMeetingValidate(t *testing.T) {
	runValidate(t, "Meeting.Validate", func() governance.Meeting {
		return governance.Meeting{ID: "mt1", Body: "b1", Date: date(2024, 4, 18),
			Decisions: []governance.Decision{{Number: "1/24", Text: "Årsregnskapet godkjennes."}, {Text: "Utbytte kr 0."}},
			Documents: []governance.Document{{Title: "Innkalling", URL: "https://example.org/innkalling.pdf"}, {URL: "http://example.org/p"}}}
	}, []validCase[governance.Meeting]{
		{"no decisions or documents", func(m *governance.Meeting) { m.Decisions, m.Documents = nil, nil }, nil, nil},
		{"id, body and date required", func(m *governance.Meeting) { m.ID, m.Body, m.Date = "", "", date(1, 1, 1) },
			[]string{"id", "body", "date"}, []error{munireg.ErrRequired}},
		{"decision without text", func(m *governance.Meeting) { m.Decisions[1].Text = "" },
			[]string{"decisions[1].text"}, []error{munireg.ErrRequired}},
		{"decision with NUL", func(m *governance.Meeting) { m.Decisions[0].Text = "a\x00" },
			[]string{"decisions[0].text"}, []error{munireg.ErrInvalidText}},
		{"document without link", func(m *governance.Meeting) { m.Documents[0].URL = "" },
			[]string{"documents[0].url"}, []error{munireg.ErrRequired}},
		{"relative link", func(m *governance.Meeting) { m.Documents[1].URL = "/docs/p.pdf" },
			[]string{"documents[1].url"}, []error{governance.ErrInvalidURL}},
		{"ftp link", func(m *governance.Meeting) { m.Documents[1].URL = "ftp://example.org/p.pdf" },
			[]string{"documents[1].url"}, []error{governance.ErrInvalidURL}},
		{"link without host", func(m *governance.Meeting) { m.Documents[1].URL = "https:///p.pdf" },
			[]string{"documents[1].url"}, []error{governance.ErrInvalidURL}},
		{"link that does not parse", func(m *governance.Meeting) { m.Documents[1].URL = "https://exa mple.org/%zz" },
			[]string{"documents[1].url"}, []error{governance.ErrInvalidURL}},
		{"javascript link", func(m *governance.Meeting) { m.Documents[0].URL = "javascript:alert(1)" },
			[]string{"documents[0].url"}, []error{governance.ErrInvalidURL}},
	})
}

func TestEnumValidate(t *testing.T) {
	for _, k := range governance.BodyKinds() {
		assert.NoError(t, k.Validate(), "BodyKind(%q).Validate()", k)
	}
	for _, r := range governance.Roles() {
		assert.NoError(t, r.Validate(), "Role(%q).Validate()", r)
	}
	for _, s := range governance.Sides() {
		assert.NoError(t, s.Validate(), "Side(%q).Validate()", s)
	}
	for _, g := range append(governance.Genders(), "") {
		assert.NoError(t, g.Validate(), "Gender(%q).Validate()", g)
	}
	for _, dir := range governance.Directions() {
		assert.NoError(t, dir.Validate(), "Direction(%q).Validate()", dir)
	}
	err := governance.Role("Leader").Validate()
	assert.True(t, errors.Is(err, governance.ErrInvalidRole), "Role(%q).Validate() = %v, want ErrInvalidRole", "Leader", err)
}
