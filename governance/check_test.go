package governance_test

import (
	"testing"
	"time"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/governance"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// asOf is the date the check tests check as of.
var asOf = date(2024, 6, 1)

// since2020 is a period from 1 January 2020 until further notice.
var since2020 = munireg.Period{From: date(2020, 1, 1)}

// A register builder for the check tests.
type reg struct{ governance.Register }

func (r *reg) person(id, name string, g governance.Gender) *reg {
	r.People = append(r.People, governance.Person{ID: id, Name: name, Gender: g})
	return r
}

func (r *reg) body(id string, s governance.Subject, kind governance.BodyKind, name string) *reg {
	r.Bodies = append(r.Bodies, governance.Body{ID: id, Subject: s, Kind: kind, Name: name, Valid: since2020})
	return r
}

// member adds a member (role member) of the body for the organization,
// since 2020, for the politicians.
func (r *reg) member(body, person, org string) *reg {
	return r.membership(body, person, org, governance.RoleMember, 0)
}

func (r *reg) deputy(body, person, org string, n int) *reg {
	return r.membership(body, person, org, governance.RoleDeputy, n)
}

func (r *reg) membership(body, person, org string, role governance.Role, n int) *reg {
	id := "m" + string(rune('a'+len(r.Memberships)/26)) + string(rune('a'+len(r.Memberships)%26))
	r.Memberships = append(r.Memberships, governance.Membership{ID: id, Body: body, Person: person, Role: role, Deputy: n,
		Organization: org, Side: governance.SidePoliticians, Valid: since2020})
	return r
}

// last returns the last membership added, to change it.
func (r *reg) last() *governance.Membership { return &r.Memberships[len(r.Memberships)-1] }

// people adds people p1..pn with the genders given as a string of f, m
// and - (not recorded).
func (r *reg) people(genders string) *reg {
	for i, c := range genders {
		g := map[rune]governance.Gender{'f': governance.GenderFemale, 'm': governance.GenderMale, '-': ""}[c]
		r.person(pid(i+1), "Person "+pid(i+1), g)
	}
	return r
}

// pid is "p1", "p2", ...
func pid(i int) string { return "p" + itoa(i) }

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

var (
	agreementA = governance.Subject{Agreement: "a1"}
	entity1    = governance.Subject{Entity: "E1"}
	entity2    = governance.Subject{Entity: "E2"}
	entity3    = governance.Subject{Entity: "E3"}
)

// findings runs Check and returns the findings of one rule.
func findings(t *testing.T, r governance.Register, o governance.Options, rule string) []governance.Finding {
	t.Helper()
	all, err := governance.Check(r, o)
	require.NoError(t, err, "Check")
	var fs []governance.Finding
	for _, f := range all {
		if f.Rule == rule {
			fs = append(fs, f)
		}
	}
	return fs
}

// boardWith is a board "Styret" of E1 whose members are p1..pn with the
// genders given (see people).
func boardWith(genders string) *reg {
	r := (&reg{}).people(genders).body("b1", entity1, governance.BodyBoard, "Styret")
	for i := range genders {
		r.member("b1", pid(i+1), "")
	}
	return r
}

func TestCheckGenderBalance(t *testing.T) {
	ok, violation, unknown := governance.StatusOK, governance.StatusViolation, governance.StatusUnknown
	gb := func(s governance.Status, deputies bool, detail string) governance.Finding {
		return governance.Finding{Rule: governance.RuleGenderBalance, Status: s, Subject: entity1, Body: "b1", Deputies: deputies, Detail: detail}
	}
	tests := []struct {
		name string
		reg  *reg
		want []governance.Finding
	}{
		{"2 members of both genders", boardWith("fm"), []governance.Finding{
			gb(ok, false, "2 members of Styret: 1 woman, 1 man; at least 1 of each gender required.")}},
		{"2 members of one gender", boardWith("mm"), []governance.Finding{
			gb(violation, false, "2 members of Styret: 0 women, 2 men; at least 1 of each gender required.")}},
		{"3 members of both genders", boardWith("fmm"), []governance.Finding{
			gb(ok, false, "3 members of Styret: 1 woman, 2 men; at least 1 of each gender required.")}},
		{"3 members of one gender", boardWith("fff"), []governance.Finding{
			gb(violation, false, "3 members of Styret: 3 women, 0 men; at least 1 of each gender required.")}},
		{"5 members, 2 and 3", boardWith("ffmmm"), []governance.Finding{
			gb(ok, false, "5 members of Styret: 2 women, 3 men; at least 2 of each gender required.")}},
		{"5 members, 1 and 4", boardWith("fmmmm"), []governance.Finding{
			gb(violation, false, "5 members of Styret: 1 woman, 4 men; at least 2 of each gender required.")}},
		{"7 members, 3 and 4", boardWith("fffmmmm"), []governance.Finding{
			gb(ok, false, "7 members of Styret: 3 women, 4 men; at least 3 of each gender required.")}},
		{"9 members, 3 and 6", boardWith("fffmmmmmm"), []governance.Finding{
			gb(violation, false, "9 members of Styret: 3 women, 6 men; at least 4 of each gender required.")}},
		{"10 members, exactly 40 %", boardWith("ffffmmmmmm"), []governance.Finding{
			gb(ok, false, "10 members of Styret: 4 women, 6 men; at least 4 of each gender required.")}},
		{"10 members, 30 %", boardWith("fffmmmmmmm"), []governance.Finding{
			gb(violation, false, "10 members of Styret: 3 women, 7 men; at least 4 of each gender required.")}},
		{"11 members, 40 % rounded up", boardWith("ffffmmmmmmm"), []governance.Finding{
			gb(violation, false, "11 members of Styret: 4 women, 7 men; at least 5 of each gender required.")}},
		{"1 member", boardWith("m"), []governance.Finding{
			gb(ok, false, "1 member of Styret: 0 women, 1 man; one alone has no requirement.")}},
		{"gender not recorded decides it", boardWith("fmm-"), []governance.Finding{
			gb(unknown, false, "4 members of Styret: 1 woman, 2 men, 1 not recorded; at least 2 of each gender required, undecided while 1 gender is not recorded.")}},
		{"two genders not recorded", boardWith("mm--"), []governance.Finding{
			gb(unknown, false, "4 members of Styret: 0 women, 2 men, 2 not recorded; at least 2 of each gender required, undecided while 2 genders are not recorded.")}},
		{"too few whatever the unrecorded", boardWith("mmm-"), []governance.Finding{
			gb(violation, false, "4 members of Styret: 0 women, 3 men, 1 not recorded; at least 2 of each gender required.")}},
		{"enough whatever the unrecorded", boardWith("ffmm-"), []governance.Finding{
			gb(ok, false, "5 members of Styret: 2 women, 2 men, 1 not recorded; at least 2 of each gender required.")}},
		{"membership ended the day before", func() *reg {
			r := boardWith("fm")
			r.Memberships[0].Valid.To = asOf.AddDate(0, 0, -1)
			return r
		}(), []governance.Finding{gb(ok, false, "1 member of Styret: 0 women, 1 man; one alone has no requirement.")}},
		{"membership ending on the date is over", func() *reg {
			r := boardWith("fmm")
			r.Memberships[0].Valid.To = asOf
			return r
		}(), []governance.Finding{gb(violation, false, "2 members of Styret: 0 women, 2 men; at least 1 of each gender required.")}},
		{"membership from the date counts", func() *reg {
			r := boardWith("fm")
			r.Memberships[0].Valid.From = asOf
			return r
		}(), []governance.Finding{gb(ok, false, "2 members of Styret: 1 woman, 1 man; at least 1 of each gender required.")}},
		{"leader and deputy leader are members", func() *reg {
			r := boardWith("fm")
			r.Memberships[0].Role, r.Memberships[1].Role = governance.RoleLeader, governance.RoleDeputyLeader
			return r
		}(), []governance.Finding{gb(ok, false, "2 members of Styret: 1 woman, 1 man; at least 1 of each gender required.")}},
		{"deputies counted apart", func() *reg {
			r := boardWith("fmmm")
			r.Memberships = r.Memberships[:2]
			r.deputy("b1", "p3", "", 1).deputy("b1", "p4", "", 2)
			return r
		}(), []governance.Finding{
			gb(ok, false, "2 members of Styret: 1 woman, 1 man; at least 1 of each gender required."),
			gb(violation, true, "2 deputies of Styret: 0 women, 2 men; at least 1 of each gender required."),
		}},
		{"members elected by the employees left out", func() *reg {
			r := boardWith("fmm")
			r.Memberships[1].Side = governance.SideEmployees
			r.Memberships[0].Side = governance.SideOther
			return r
		}(), []governance.Finding{gb(ok, false, "2 members of Styret: 1 woman, 1 man; at least 1 of each gender required.")}},
		{"a steering group is not checked", func() *reg {
			r := boardWith("mm")
			r.Bodies[0].Kind = governance.BodySteeringGroup
			return r
		}(), nil},
		{"an owner meeting is not checked", func() *reg {
			r := boardWith("mm")
			r.Bodies[0].Kind = governance.BodyOwnerMeeting
			return r
		}(), nil},
		{"a body not yet in force is not checked", func() *reg {
			r := boardWith("mm")
			r.Bodies[0].Valid.From = asOf.AddDate(0, 0, 1)
			return r
		}(), nil},
		{"representantskap of an agreement, unnamed", func() *reg {
			r := (&reg{}).people("mm").body("b1", agreementA, governance.BodyOwnersAssembly, "")
			r.member("b1", "p1", "k1").member("b1", "p2", "k2")
			return r
		}(), []governance.Finding{{Rule: governance.RuleGenderBalance, Status: governance.StatusViolation, Subject: agreementA, Body: "b1",
			Detail: "2 members of representantskap b1: 0 women, 2 men; at least 1 of each gender required."}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := findings(t, tt.reg.Register, governance.Options{AsOf: asOf}, governance.RuleGenderBalance)
			assert.Equal(t, tt.want, got, "Check(%s) gender balance", tt.name)
		})
	}
}

func TestMinPerGender(t *testing.T) {
	want := map[int]int{0: 0, 1: 0, 2: 1, 3: 1, 4: 2, 5: 2, 6: 3, 8: 3, 9: 4, 10: 4, 11: 5, 12: 5, 13: 6, 15: 6, 20: 8, 21: 9}
	for n, w := range want {
		assert.Equal(t, w, governance.MinPerGender(n), "MinPerGender(%d)", n)
	}
}

func TestCheckNumberedDeputies(t *testing.T) {
	r := (&reg{}).people("fmfmfmfmfmfm").body("b1", agreementA, governance.BodyOwnersAssembly, "Representantskapet")
	r.member("b1", "p1", "k1").member("b1", "p2", "k1").deputy("b1", "p3", "k1", 2).deputy("b1", "p4", "k1", 1) // 1, 2: ok
	r.member("b1", "p5", "k2")                                                                                  // no deputies
	r.member("b1", "p6", "k3").deputy("b1", "p7", "k3", 1).deputy("b1", "p8", "k3", 3)                          // gap
	r.member("b1", "p9", "k4").deputy("b1", "p10", "k4", 1).deputy("b1", "p11", "k4", 1)                        // twice
	r.member("b1", "p12", "k5").deputy("b1", "p1", "k5", 1)
	r.last().Valid.To = asOf.AddDate(0, 0, -1)                                     // k5's only deputy left the day before
	r.body("b2", entity1, governance.BodyBoard, "Styret").member("b2", "p1", "k1") // a board: not checked
	r.deputy("b1", "p2", "k9", 2)                                                  // deputies of no member: not checked
	nd := func(s governance.Status, org, detail string) governance.Finding {
		return governance.Finding{Rule: governance.RuleNumberedDeputies, Status: s, Subject: agreementA, Body: "b1", Organization: org, Detail: detail}
	}
	want := []governance.Finding{
		nd(governance.StatusOK, "k1", "k1 has 2 deputies in Representantskapet, numbered 1, 2."),
		nd(governance.StatusViolation, "k2", "k2 has 1 member in Representantskapet and no deputies."),
		nd(governance.StatusViolation, "k3", "k3 has 2 deputies in Representantskapet, numbered 1, 3: number 2 missing."),
		nd(governance.StatusViolation, "k4", "k4 has 2 deputies in Representantskapet, numbered 1, 1: number 1 given twice."),
		nd(governance.StatusViolation, "k5", "k5 has 1 member in Representantskapet and no deputies."),
	}
	assert.Equal(t, want, findings(t, r.Register, governance.Options{AsOf: asOf}, governance.RuleNumberedDeputies))

	t.Run("gap and twice at once", func(t *testing.T) {
		r := (&reg{}).people("fmfm").body("n1", agreementA, governance.BodyJointCommittee, "Nemnda")
		r.member("n1", "p1", "k1").deputy("n1", "p2", "k1", 2).deputy("n1", "p3", "k1", 2).deputy("n1", "p4", "k1", 4)
		assert.Equal(t, []governance.Finding{{Rule: governance.RuleNumberedDeputies, Status: governance.StatusViolation, Subject: agreementA, Body: "n1", Organization: "k1",
			Detail: "k1 has 3 deputies in Nemnda, numbered 2, 2, 4: numbers 1, 3 missing; number 2 given twice."}},
			findings(t, r.Register, governance.Options{AsOf: asOf}, governance.RuleNumberedDeputies))
	})
}

func TestCheckSeatsMatchAgreement(t *testing.T) {
	r := (&reg{}).people("fmfmfmfm").body("b1", agreementA, governance.BodyOwnersAssembly, "Representantskapet")
	r.Bodies[0].Seats = "rs"
	r.member("b1", "p1", "k1").member("b1", "p2", "k1") // 2 of 2 seats
	r.member("b1", "p3", "k2").member("b1", "p4", "k2") // 2 of 1 seat
	r.deputy("b1", "p5", "k3", 1)                       // 0 of 1 seat: deputies do not count
	r.member("b1", "p6", "k4")                          // no seats
	r.member("b1", "p7", "")                            // no participant
	r.member("b1", "p8", "k1")
	r.last().Valid.To = asOf // left on the date: not counted
	r.Seats = []governance.Seat{
		{Agreement: "a1", Body: "rs", Organization: "k1", Seats: 2},
		{Agreement: "a1", Body: "rs", Organization: "k2", Seats: 1},
		{Agreement: "a1", Body: "rs", Organization: "k3", Seats: 1},
		{Agreement: "a1", Body: "representantskap", Organization: "k4", Seats: 1}, // another body name
		{Agreement: "a2", Body: "rs", Organization: "k4", Seats: 1},               // another agreement
	}
	// A body of the agreement with no seats in it is not checked, nor is a
	// body of an entity.
	r.body("b2", agreementA, governance.BodySteeringGroup, "Styringsgruppa").member("b2", "p1", "k1")
	r.body("b3", entity1, governance.BodyOwnersAssembly, "Generalforsamling").member("b3", "p1", "k1")
	sm := func(s governance.Status, org, detail string) governance.Finding {
		return governance.Finding{Rule: governance.RuleSeatsMatchAgreement, Status: s, Subject: agreementA, Body: "b1", Organization: org, Detail: detail}
	}
	want := []governance.Finding{
		sm(governance.StatusViolation, "", "1 member in Representantskapet represent no participant."),
		sm(governance.StatusOK, "k1", "k1 has 2 members in Representantskapet, as the agreement gives it."),
		sm(governance.StatusViolation, "k2", "k2 has 2 members in Representantskapet, 1 more than its 1 seat in the agreement."),
		sm(governance.StatusViolation, "k3", "k3 has 0 members in Representantskapet, 1 fewer than its 1 seat in the agreement."),
		sm(governance.StatusViolation, "k4", "k4 has 1 member in Representantskapet but no seats in the agreement."),
	}
	assert.Equal(t, want, findings(t, r.Register, governance.Options{AsOf: asOf}, governance.RuleSeatsMatchAgreement))
}

func TestCheckBoardOverlap(t *testing.T) {
	r := (&reg{}).person("p1", "Kari Nordmann", governance.GenderFemale).person("p2", "Ola Nordmann", governance.GenderMale).
		person("p3", "Per Hansen", governance.GenderMale).people("")
	r.body("s1", entity1, governance.BodyBoard, "Styret i E1").member("s1", "p1", "").member("s1", "p2", "").member("s1", "p3", "")
	r.body("s2", entity2, governance.BodyBoard, "Styret i E2").member("s2", "p1", "").deputy("s2", "p2", "", 1)
	r.body("s3", entity3, governance.BodyBoard, "Styret i E3").member("s3", "p2", "")
	r.body("s4", governance.Subject{Entity: "E4"}, governance.BodyBoard, "Styret i E4").member("s4", "p3", "")
	r.last().Valid.To = asOf.AddDate(0, 0, -1)
	r.body("s5", governance.Subject{Entity: "E5"}, governance.BodyBoard, "Styret i E5").member("s5", "p3", "")
	r.body("r2", entity2, governance.BodyOwnersAssembly, "Generalforsamling i E2").member("r2", "p2", "")
	r.Holdings = []governance.Holding{
		{Owner: "E1", Entity: "E2", Share: d(t, "0.6")},   // subsidiary: p1 on both boards; p2 only a deputy
		{Owner: "E1", Entity: "E3", Share: d(t, "0.50")},  // exactly half: not a subsidiary
		{Owner: "E1", Entity: "E4", Share: d(t, "1")},     // p3 left E4's board the day before
		{Owner: "E1", Entity: "E6", Share: d(t, "1")},     // E6 has no board
		{Owner: "K1", Entity: "E1", Share: d(t, "0.51")},  // K1 has no board
		{Owner: "E5", Entity: "E5", Share: d(t, "0.9")},   // own shares
		{Owner: "E2", Entity: "E5", Share: d(t, "0.501")}, // p3 is on E5's board, but not E2's
	}
	want := []governance.Finding{
		{Rule: governance.RuleBoardOverlap, Status: governance.StatusViolation, Subject: entity1, Body: "s1", Organization: "E2", Person: "p1",
			Detail: "Kari Nordmann sits on the board of E1 and on the board of E2, of which E1 holds 60 %."},
		{Rule: governance.RuleBoardOverlap, Status: governance.StatusOK, Subject: entity1, Body: "s1", Organization: "E4",
			Detail: "No member of the board of E1 sits on the board of E4, of which it holds 100 %."},
		{Rule: governance.RuleBoardOverlap, Status: governance.StatusOK, Subject: entity2, Body: "s2", Organization: "E5",
			Detail: "No member of the board of E2 sits on the board of E5, of which it holds 50.1 %."},
	}
	assert.Equal(t, want, findings(t, r.Register, governance.Options{AsOf: asOf}, governance.RuleBoardOverlap))
}

func TestCheckOwnerMeetings(t *testing.T) {
	r := (&reg{}).body("e1", entity1, governance.BodyOwnerMeeting, "Eiermøtet i E1")
	r.Bodies[0].Valid.From = date(2022, 3, 1)
	r.body("e2", entity1, governance.BodyOwnerMeeting, "Eiermøte med staten")
	r.Bodies[1].Valid = munireg.Period{From: date(2023, 1, 1), To: date(2024, 1, 1)}
	r.body("x", agreementA, governance.BodyOwnerMeeting, "Eiermøte i samarbeidet") // not an entity: not checked
	r.body("g", entity2, governance.BodyOwnersAssembly, "Generalforsamling")       // no owner meeting body
	meeting := func(id, body string, d time.Time) governance.Meeting {
		return governance.Meeting{ID: id, Body: body, Date: d}
	}
	r.Meetings = []governance.Meeting{
		meeting("1", "e1", date(2023, 3, 1)), meeting("2", "e2", date(2023, 10, 1)),
		meeting("3", "e1", date(2025, 1, 1)), meeting("4", "g", date(2024, 5, 1)), meeting("5", "x", date(2024, 5, 1)),
		meeting("6", "e1", date(2021, 12, 31)),
	}
	om := func(s governance.Status, year int, detail string) governance.Finding {
		return governance.Finding{Rule: governance.RuleOwnerMeetingsPerYear, Status: s, Subject: entity1, Year: year, Detail: detail}
	}
	tests := []struct {
		name string
		o    governance.Options
		want []governance.Finding
	}{
		{"years before the body are left out", governance.Options{AsOf: asOf, FirstYear: 2021, LastYear: 2025}, []governance.Finding{
			om(governance.StatusViolation, 2022, "0 owner meetings of E1 held in 2022; at least 1 expected."),
			om(governance.StatusOK, 2023, "2 owner meetings of E1 held in 2023; at least 1 expected."),
			om(governance.StatusViolation, 2024, "0 owner meetings of E1 held in 2024; at least 1 expected."),
			om(governance.StatusOK, 2025, "1 owner meeting of E1 held in 2025; at least 1 expected."),
		}},
		{"two a year asked for", governance.Options{AsOf: asOf, FirstYear: 2023, LastYear: 2023, MinOwnerMeetings: 2}, []governance.Finding{
			om(governance.StatusOK, 2023, "2 owner meetings of E1 held in 2023; at least 2 expected."),
		}},
		{"no years, no findings", governance.Options{AsOf: asOf}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, findings(t, r.Register, tt.o, governance.RuleOwnerMeetingsPerYear), "Check(%s) owner meetings", tt.name)
		})
	}
}

// goal is a goal of the subject, for every year since 2020.
func goal(id string, s governance.Subject) governance.Goal {
	return governance.Goal{ID: id, Subject: s, Purpose: "Formål " + id, Indicator: "Indikator " + id, Unit: "percent",
		Target: decimal.NewFromInt(50), Direction: governance.DirectionAtLeast, Recipients: []string{"k1"}, First: 2020}
}

func TestCheckGoalsCount(t *testing.T) {
	r := (&reg{}).body("b1", entity1, governance.BodyBoard, "Styret").body("b2", agreementA, governance.BodyOwnersAssembly, "")
	for _, id := range []string{"a", "b", "c", "d", "e", "f"} {
		r.Goals = append(r.Goals, goal("a1-"+id, agreementA))
	}
	for _, id := range []string{"a", "b", "c", "d", "e"} {
		r.Goals = append(r.Goals, goal("e2-"+id, entity2))
	}
	old := goal("e3-old", entity3)
	old.Last = 2023
	r.Goals = append(r.Goals, old)
	gc := func(s governance.Status, subject governance.Subject, detail string) governance.Finding {
		return governance.Finding{Rule: governance.RuleGoalsCount, Status: s, Subject: subject, Detail: detail}
	}
	tests := []struct {
		name string
		o    governance.Options
		want []governance.Finding
	}{
		{"as of a date", governance.Options{AsOf: asOf}, []governance.Finding{
			gc(governance.StatusViolation, agreementA, "The agreement a1 has 6 goals for 2024, more than 5."),
			gc(governance.StatusViolation, entity1, "The entity E1 has no goals for 2024."),
			gc(governance.StatusOK, entity2, "The entity E2 has 5 goals for 2024, at most 5."),
			gc(governance.StatusViolation, entity3, "The entity E3 has no goals for 2024."),
		}},
		{"over years, six allowed", governance.Options{AsOf: asOf, FirstYear: 2023, LastYear: 2024, MaxGoals: 6}, []governance.Finding{
			gc(governance.StatusOK, agreementA, "The agreement a1 has 6 goals for 2023–2024, at most 6."),
			gc(governance.StatusViolation, entity1, "The entity E1 has no goals for 2023–2024."),
			gc(governance.StatusOK, entity2, "The entity E2 has 5 goals for 2023–2024, at most 6."),
			gc(governance.StatusOK, entity3, "The entity E3 has 1 goal for 2023–2024, at most 6."),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, findings(t, r.Register, tt.o, governance.RuleGoalsCount), "Check(%s) goals count", tt.name)
		})
	}
}

func TestCheckOrder(t *testing.T) {
	r := boardWith("mm")
	r.body("e1", entity1, governance.BodyOwnerMeeting, "Eiermøtet")
	fs, err := governance.Check(r.Register, governance.Options{AsOf: asOf, FirstYear: 2024, LastYear: 2024})
	require.NoError(t, err)
	var rules []string
	for _, f := range fs {
		rules = append(rules, f.Rule)
	}
	assert.Equal(t, []string{governance.RuleGenderBalance, governance.RuleOwnerMeetingsPerYear, governance.RuleGoalsCount}, rules, "Check rules in order")

	// The order of the register's records does not change the findings.
	rev := r.Register
	rev.Memberships = []governance.Membership{r.Memberships[1], r.Memberships[0]}
	rev.Bodies = []governance.Body{r.Bodies[1], r.Bodies[0]}
	again, err := governance.Check(rev, governance.Options{AsOf: asOf, FirstYear: 2024, LastYear: 2024})
	require.NoError(t, err)
	assert.Equal(t, fs, again, "Check with records reversed")
}

func TestRules(t *testing.T) {
	ids := map[string]bool{}
	for _, rule := range governance.Rules() {
		assert.NotEmpty(t, rule.Title, "Rules() %s has no title", rule.ID)
		assert.NotEmpty(t, rule.Source, "Rules() %s has no source", rule.ID)
		assert.False(t, ids[rule.ID], "Rules() lists %s twice", rule.ID)
		ids[rule.ID] = true
	}
	for _, id := range []string{governance.RuleGenderBalance, governance.RuleNumberedDeputies, governance.RuleSeatsMatchAgreement,
		governance.RuleBoardOverlap, governance.RuleOwnerMeetingsPerYear, governance.RuleGoalsCount} {
		assert.True(t, ids[id], "Rules() lacks %s", id)
	}
	assert.Len(t, ids, 6, "Rules()")
}

func TestCheckInvalid(t *testing.T) {
	valid := func() *reg {
		r := boardWith("fm")
		r.Goals = []governance.Goal{goal("g1", entity1)}
		r.Results = []governance.Result{{Goal: "g1", Year: 2024, Value: d(t, "1")}}
		r.Meetings = []governance.Meeting{{ID: "mt1", Body: "b1", Date: date(2024, 1, 1)}}
		r.Seats = []governance.Seat{{Agreement: "a1", Body: "rs", Organization: "k1", Seats: 1}}
		r.Holdings = []governance.Holding{{Owner: "E1", Entity: "E2", Share: d(t, "1")}}
		return r
	}
	o := governance.Options{AsOf: asOf}
	tests := []struct {
		name   string
		change func(r *reg, o *governance.Options)
		fields []string
		errs   []error
	}{
		{"membership of an unknown body and person", func(r *reg, o *governance.Options) { r.Memberships[0].Body, r.Memberships[0].Person = "b9", "p9" },
			[]string{"memberships[0].body", "memberships[0].person"}, []error{governance.ErrUnknownReference}},
		{"result of an unknown goal", func(r *reg, o *governance.Options) { r.Results[0].Goal = "g9" },
			[]string{"results[0].goal"}, []error{governance.ErrUnknownReference}},
		{"meeting of an unknown body", func(r *reg, o *governance.Options) { r.Meetings[0].Body = "b9" },
			[]string{"meetings[0].body"}, []error{governance.ErrUnknownReference}},
		{"a deputy numbered 0", func(r *reg, o *governance.Options) { r.Memberships[1].Role = governance.RoleDeputy },
			[]string{"memberships[1].deputy"}, []error{governance.ErrDeputyNumber}},
		{"IDs given twice", func(r *reg, o *governance.Options) {
			r.People = append(r.People, r.People[0])
			r.Bodies = append(r.Bodies, r.Bodies[0])
			r.Memberships = append(r.Memberships, r.Memberships[0])
			r.Goals = append(r.Goals, r.Goals[0])
			r.Meetings = append(r.Meetings, r.Meetings[0])
		}, []string{"people[2].id", "bodies[1].id", "memberships[2].id", "goals[1].id", "meetings[1].id"}, []error{munireg.ErrDuplicateRef}},
		{"two results for one year", func(r *reg, o *governance.Options) { r.Results = append(r.Results, r.Results[0]) },
			[]string{"results[1].year"}, []error{munireg.ErrDuplicateRef}},
		{"seats and holdings twice", func(r *reg, o *governance.Options) {
			r.Seats = append(r.Seats, r.Seats[0])
			r.Holdings = append(r.Holdings, r.Holdings[0])
		}, []string{"seats[1]", "holdings[1]"}, []error{munireg.ErrDuplicateRef}},
		{"negative seats, share above 1", func(r *reg, o *governance.Options) {
			r.Seats[0].Seats = -1
			r.Holdings[0].Share = d(t, "1.01")
		}, []string{"seats[0].seats", "holdings[0].share"}, []error{governance.ErrInvalidSeats, governance.ErrInvalidShare}},
		{"invalid records", func(r *reg, o *governance.Options) {
			r.People[0].Gender = "x"
			r.Bodies[0].Subject = governance.Subject{}
			r.Goals[0].Recipients = []string{"a", "b", "c"}
			r.Meetings[0].Documents = []governance.Document{{URL: "file:///etc/passwd"}}
		}, []string{"people[0].gender", "bodies[0].subject", "goals[0].recipients", "meetings[0].documents[0].url"},
			[]error{governance.ErrInvalidGender, governance.ErrInvalidSubject, governance.ErrTooManyRecipients, governance.ErrInvalidURL}},
		{"no date", func(r *reg, o *governance.Options) { o.AsOf = time.Time{} }, []string{"asOf"}, []error{governance.ErrInvalidOptions, munireg.ErrRequired}},
		{"years out of order", func(r *reg, o *governance.Options) { o.FirstYear, o.LastYear = 2024, 2023 },
			[]string{"lastYear"}, []error{governance.ErrInvalidOptions, governance.ErrInvalidYear}},
		{"last year without first", func(r *reg, o *governance.Options) { o.LastYear = 2023 },
			[]string{"firstYear"}, []error{governance.ErrInvalidOptions}},
		{"too many years", func(r *reg, o *governance.Options) { o.FirstYear, o.LastYear = 1900, 2024 },
			[]string{"lastYear"}, []error{governance.ErrInvalidOptions}},
		{"negative limits", func(r *reg, o *governance.Options) { o.MaxGoals, o.MinOwnerMeetings = -1, -1 },
			[]string{"maxGoals", "minOwnerMeetings"}, []error{governance.ErrInvalidOptions}},
	}
	_, err := governance.Check(valid().Register, o)
	require.NoError(t, err, "Check(valid register)")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, o := valid(), o
			tt.change(r, &o)
			fs, err := governance.Check(r.Register, o)
			assert.Nil(t, fs, "Check(%s) findings", tt.name)
			assert.Equal(t, tt.fields, fields(t, err), "Check(%s)", tt.name)
			for _, want := range tt.errs {
				assert.ErrorIs(t, err, want, "Check(%s)", tt.name)
			}
		})
	}
}
