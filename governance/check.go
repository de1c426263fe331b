package governance

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/munireg/munireg"
	"github.com/shopspring/decimal"
)

// Seat is how many seats an organization has in a body by the agreement
// version in force (from cooperation Participant.Seats).
type Seat struct {
	// Agreement is the ID of the agreement.
	Agreement string
	// Body is the seats name of the body (Body.SeatsName: Body.Seats, or
	// the kind when that is empty).
	Body string
	// Organization is the ID of the participant.
	Organization string
	// Seats is the number of seats, zero or more.
	Seats int
}

// Validate checks that the seat names its agreement, body and organization
// and that the number of seats is not negative. Fields are "agreement",
// "body", "organization" and "seats".
func (s Seat) Validate() error {
	var errs ValidationErrors
	requireID(&errs, "agreement", s.Agreement)
	checkText(&errs, "body", s.Body, MaxNameLength, true)
	requireID(&errs, "organization", s.Organization)
	if s.Seats < 0 {
		errs.Add("seats", fmt.Errorf("%w: %d", ErrInvalidSeats, s.Seats))
	}
	return errs.Err()
}

// Holding is an owner's economic share of an entity as of the date (for
// "subsidiary": a share > 0.5).
type Holding struct {
	Owner, Entity string
	// Share is the economic share, a fraction in [0, 1].
	Share decimal.Decimal
}

// Validate checks that the holding names its owner and entity and that the
// share is in [0, 1]. Fields are "owner", "entity" and "share".
func (h Holding) Validate() error {
	var errs ValidationErrors
	requireID(&errs, "owner", h.Owner)
	requireID(&errs, "entity", h.Entity)
	if err := munireg.CheckRange(h.Share); err != nil {
		errs.Add("share", err)
	} else if h.Share.Sign() < 0 || h.Share.Cmp(decimal.NewFromInt(1)) > 0 {
		errs.Add("share", fmt.Errorf("%w: %s", ErrInvalidShare, h.Share))
	}
	return errs.Err()
}

// Register is everything the checks and the goal report read.
type Register struct {
	People      []Person
	Bodies      []Body
	Memberships []Membership
	Goals       []Goal
	Results     []Result
	Meetings    []Meeting
	Seats       []Seat
	Holdings    []Holding
}

// Options are the parameters of Check and GoalReport.
type Options struct {
	// AsOf is the date whose bodies and memberships Check checks: those
	// whose periods contain it. Check requires it.
	AsOf time.Time
	// FirstYear and LastYear are the years for owner meetings and goal
	// results, both from 1 to 9999, at most MaxYears years; both zero for
	// none.
	FirstYear, LastYear int
	// MaxGoals is the most goals a subject should have; more are flagged.
	// Zero means DefaultMaxGoals.
	MaxGoals int
	// MinOwnerMeetings is the fewest owner meetings a year; fewer are
	// flagged. Zero means DefaultMinOwnerMeetings.
	MinOwnerMeetings int
}

// Defaults and bounds of Options.
const (
	// DefaultMaxGoals is MaxGoals when it is zero: more than five goals are
	// too many.
	DefaultMaxGoals = 5
	// DefaultMinOwnerMeetings is MinOwnerMeetings when it is zero: at
	// least one owner meeting a year.
	DefaultMinOwnerMeetings = 1
	// MaxYears is the longest span from FirstYear to LastYear.
	MaxYears = 100
)

// validate checks the options; Check needs AsOf, GoalReport does not.
func (o Options) validate(needAsOf bool) error {
	var errs ValidationErrors
	if needAsOf && o.AsOf.IsZero() {
		errs.Add("asOf", fmt.Errorf("%w: %w", ErrInvalidOptions, munireg.ErrRequired))
	}
	if o.FirstYear != 0 || o.LastYear != 0 {
		switch {
		case !validYear(o.FirstYear):
			errs.Add("firstYear", fmt.Errorf("%w: %w: %d", ErrInvalidOptions, ErrInvalidYear, o.FirstYear))
		case !validYear(o.LastYear) || o.LastYear < o.FirstYear:
			errs.Add("lastYear", fmt.Errorf("%w: %w: %d", ErrInvalidOptions, ErrInvalidYear, o.LastYear))
		case o.LastYear-o.FirstYear >= MaxYears:
			errs.Add("lastYear", fmt.Errorf("%w: more than %d years", ErrInvalidOptions, MaxYears))
		}
	}
	if o.MaxGoals < 0 {
		errs.Add("maxGoals", fmt.Errorf("%w: negative", ErrInvalidOptions))
	}
	if o.MinOwnerMeetings < 0 {
		errs.Add("minOwnerMeetings", fmt.Errorf("%w: negative", ErrInvalidOptions))
	}
	return errs.Err()
}

// years returns FirstYear to LastYear, or nil when they are zero.
func (o Options) years() []int {
	if o.FirstYear == 0 {
		return nil
	}
	ys := make([]int, 0, o.LastYear-o.FirstYear+1)
	for y := o.FirstYear; y <= o.LastYear; y++ {
		ys = append(ys, y)
	}
	return ys
}

// Rule is one check: its ID, what it checks, and the law paragraph or
// recommendation it applies, cited.
type Rule struct {
	ID, Title, Source string
}

// The IDs of the rules, in the order Rules returns them and Check reports
// them.
const (
	RuleGenderBalance        = "gender-balance"
	RuleNumberedDeputies     = "numbered-deputies"
	RuleSeatsMatchAgreement  = "seats-match-agreement"
	RuleBoardOverlap         = "board-overlap-subsidiary"
	RuleOwnerMeetingsPerYear = "owner-meetings-per-year"
	RuleGoalsCount           = "goals-count"
)

// The sources the rules cite more than once.
const (
	ksRecommendations          = "KS, Anbefalinger om eierskap, selskapsledelse og kontroll (21 anbefalinger, revidert etter kommuneloven 2018)"
	genderBalanceSourceFigures = "the graded figures of likestillingsloven 2013 § 13 a–e (two or three members: both genders; four or five: two of each; six to eight: three of each; nine: four of each; more: 40 % of each), as restated in Prop. 81 L (2016–2017) kap. 26.2.1"
)

// Rules returns every rule Check applies, in the order it reports them.
func Rules() []Rule {
	return []Rule{
		{RuleGenderBalance, "Both genders represented in the body, members and deputies counted apart",
			"kommuneloven §§ 7-6 and 7-7 (gender balance when folkevalgte organer are elected, by lists and by agreement); " +
				genderBalanceSourceFigures + "; boards of companies municipalities own at least two thirds of: " +
				"kommuneloven 1992 § 80 a, Ot.prp. nr. 57 (2008–2009), rundskriv H-11/09; " + ksRecommendations + ", no. 11"},
		{RuleNumberedDeputies, "Each participant's deputies numbered 1, 2, … without gaps or repeats",
			ksRecommendations + ", no. 14 (oppnevne numeriske vararepresentanter)"},
		{RuleSeatsMatchAgreement, "Each participant has as many members as the agreement version gives it seats",
			"the agreement version in force (seats of its participants in the body)"},
		{RuleBoardOverlap, "No member of a parent company's board on the board of a subsidiary",
			ksRecommendations + ", no. 13 (styremedlemmer i morselskapet bør som hovedregel ikke sitte i styrene i datterselskaper)"},
		{RuleOwnerMeetingsPerYear, "Owner meetings held every year",
			ksRecommendations + ", no. 6 (holde jevnlige eiermøter); at least one a year is this register's reading of «jevnlige» (Options.MinOwnerMeetings)"},
		{RuleGoalsCount, "A short list of goals for each agreement and holding",
			"no law; a setting of this register (Options.MaxGoals, more than five by default) for the short goal lists owner forums ask for"},
	}
}

// Status is a finding's verdict.
type Status string

// The statuses of findings.
const (
	// StatusOK: the rule is met.
	StatusOK Status = "ok"
	// StatusViolation: the rule is not met.
	StatusViolation Status = "violation"
	// StatusUnknown: the register lacks what the rule needs to decide
	// (a member's gender not recorded).
	StatusUnknown Status = "unknown"
)

// Finding is one result of a check.
type Finding struct {
	// Rule is the Rule.ID.
	Rule   string
	Status Status
	// Subject is the agreement or entity the finding is about.
	Subject Subject
	// Body is the body's ID when the finding is about a body.
	Body string
	// Organization is the participant or owner when the finding is about
	// one (seats, deputies), or the subsidiary (board overlap).
	Organization string
	// Person is the person's ID when the finding is about one person
	// (board overlap).
	Person string
	// Year is the year when the finding is about one year (owner
	// meetings).
	Year int
	// Deputies is true when a gender-balance finding is about the body's
	// deputies, false when about its members.
	Deputies bool
	// Detail is one sentence a finance officer understands, with the
	// figures.
	Detail string
}

// Check applies every rule of Rules to the register: the bodies and
// memberships in force as of o.AsOf, the owner meetings of o.FirstYear to
// o.LastYear. It returns the findings, those that pass included, ordered by
// rule (in the order of Rules), subject (agreements before entities), body, organization, person, year
// and members before deputies. An invalid register (an invalid record, a
// reference to a record that is not there, an ID given twice) or invalid
// options give ValidationErrors and no findings.
func Check(r Register, o Options) ([]Finding, error) {
	if err := o.validate(true); err != nil {
		return nil, err
	}
	ix, err := index(r)
	if err != nil {
		return nil, err
	}
	var fs []Finding
	fs = append(fs, ix.genderBalance(o.AsOf)...)
	fs = append(fs, ix.numberedDeputies(o.AsOf)...)
	fs = append(fs, ix.seatsMatch(o.AsOf)...)
	fs = append(fs, ix.boardOverlap(o.AsOf)...)
	fs = append(fs, ix.ownerMeetings(o)...)
	fs = append(fs, ix.goalsCount(o)...)
	order := map[string]int{}
	for i, rule := range Rules() {
		order[rule.ID] = i
	}
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(
			cmp.Compare(order[a.Rule], order[b.Rule]),
			compareSubjects(a.Subject, b.Subject),
			cmp.Compare(a.Body, b.Body),
			cmp.Compare(a.Organization, b.Organization),
			cmp.Compare(a.Person, b.Person),
			cmp.Compare(a.Year, b.Year),
			compareBool(a.Deputies, b.Deputies),
		)
	})
	return fs, nil
}

// compareSubjects orders agreements before entities, each by ID.
func compareSubjects(a, b Subject) int {
	return cmp.Or(compareBool(a.Agreement == "", b.Agreement == ""),
		cmp.Compare(a.Agreement, b.Agreement), cmp.Compare(a.Entity, b.Entity))
}

// compareBool orders false before true.
func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}

// registerIndex is a validated register with its records by ID.
type registerIndex struct {
	r       Register
	people  map[string]Person
	bodies  map[string]Body
	members map[string][]Membership // by body ID, in register order
}

// index validates the register and indexes it.
func index(r Register) (*registerIndex, error) {
	var errs ValidationErrors
	ix := &registerIndex{r: r, people: map[string]Person{}, bodies: map[string]Body{}, members: map[string][]Membership{}}
	for i, p := range r.People {
		field := fmt.Sprintf("people[%d]", i)
		errs.Merge(field, p.Validate())
		if _, dup := ix.people[p.ID]; dup && p.ID != "" {
			errs.Add(field+".id", fmt.Errorf("%w: person %q", munireg.ErrDuplicateRef, p.ID))
		}
		ix.people[p.ID] = p
	}
	for i, b := range r.Bodies {
		field := fmt.Sprintf("bodies[%d]", i)
		errs.Merge(field, b.Validate())
		if _, dup := ix.bodies[b.ID]; dup && b.ID != "" {
			errs.Add(field+".id", fmt.Errorf("%w: body %q", munireg.ErrDuplicateRef, b.ID))
		}
		ix.bodies[b.ID] = b
	}
	memberships := map[string]bool{}
	for i, m := range r.Memberships {
		field := fmt.Sprintf("memberships[%d]", i)
		errs.Merge(field, m.Validate())
		if memberships[m.ID] && m.ID != "" {
			errs.Add(field+".id", fmt.Errorf("%w: membership %q", munireg.ErrDuplicateRef, m.ID))
		}
		memberships[m.ID] = true
		if _, ok := ix.bodies[m.Body]; !ok && m.Body != "" {
			errs.Add(field+".body", fmt.Errorf("%w: body %q", ErrUnknownReference, m.Body))
		}
		if _, ok := ix.people[m.Person]; !ok && m.Person != "" {
			errs.Add(field+".person", fmt.Errorf("%w: person %q", ErrUnknownReference, m.Person))
		}
		ix.members[m.Body] = append(ix.members[m.Body], m)
	}
	goals := map[string]bool{}
	for i, g := range r.Goals {
		field := fmt.Sprintf("goals[%d]", i)
		errs.Merge(field, g.Validate())
		if goals[g.ID] && g.ID != "" {
			errs.Add(field+".id", fmt.Errorf("%w: goal %q", munireg.ErrDuplicateRef, g.ID))
		}
		goals[g.ID] = true
	}
	type goalYear struct {
		goal string
		year int
	}
	results := map[goalYear]bool{}
	for i, res := range r.Results {
		field := fmt.Sprintf("results[%d]", i)
		errs.Merge(field, res.Validate())
		if !goals[res.Goal] && res.Goal != "" {
			errs.Add(field+".goal", fmt.Errorf("%w: goal %q", ErrUnknownReference, res.Goal))
		}
		k := goalYear{res.Goal, res.Year}
		if results[k] {
			errs.Add(field+".year", fmt.Errorf("%w: a second result of goal %q for %d", munireg.ErrDuplicateRef, res.Goal, res.Year))
		}
		results[k] = true
	}
	meetings := map[string]bool{}
	for i, m := range r.Meetings {
		field := fmt.Sprintf("meetings[%d]", i)
		errs.Merge(field, m.Validate())
		if meetings[m.ID] && m.ID != "" {
			errs.Add(field+".id", fmt.Errorf("%w: meeting %q", munireg.ErrDuplicateRef, m.ID))
		}
		meetings[m.ID] = true
		if _, ok := ix.bodies[m.Body]; !ok && m.Body != "" {
			errs.Add(field+".body", fmt.Errorf("%w: body %q", ErrUnknownReference, m.Body))
		}
	}
	seats := map[Seat]bool{}
	for i, s := range r.Seats {
		field := fmt.Sprintf("seats[%d]", i)
		errs.Merge(field, s.Validate())
		k := Seat{Agreement: s.Agreement, Body: s.Body, Organization: s.Organization}
		if seats[k] {
			errs.Add(field, fmt.Errorf("%w: seats of %q in %q of agreement %q", munireg.ErrDuplicateRef, s.Organization, s.Body, s.Agreement))
		}
		seats[k] = true
	}
	holdings := map[Holding]bool{}
	for i, h := range r.Holdings {
		field := fmt.Sprintf("holdings[%d]", i)
		errs.Merge(field, h.Validate())
		k := Holding{Owner: h.Owner, Entity: h.Entity}
		if holdings[k] {
			errs.Add(field, fmt.Errorf("%w: holding of %q in %q", munireg.ErrDuplicateRef, h.Owner, h.Entity))
		}
		holdings[k] = true
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return ix, nil
}

// bodiesInForce returns the bodies of the kinds in force as of t, by ID.
func (ix *registerIndex) bodiesInForce(t time.Time, kinds ...BodyKind) []Body {
	var bs []Body
	for _, b := range ix.r.Bodies {
		if slices.Contains(kinds, b.Kind) && b.Valid.Contains(t) {
			bs = append(bs, b)
		}
	}
	slices.SortFunc(bs, func(a, b Body) int { return cmp.Compare(a.ID, b.ID) })
	return bs
}

// membersInForce returns the memberships of the body in force as of t,
// deputies or the others.
func (ix *registerIndex) membersInForce(body string, t time.Time, deputies bool) []Membership {
	var ms []Membership
	for _, m := range ix.members[body] {
		if m.Valid.Contains(t) && (m.Role == RoleDeputy) == deputies {
			ms = append(ms, m)
		}
	}
	return ms
}

// genderBalanceKinds are the bodies the gender balance rule applies to.
var genderBalanceKinds = []BodyKind{BodyOwnersAssembly, BodyBoard, BodyJointCommittee, BodyNominationCommittee}

// MinPerGender returns how many of each gender a body of n members must
// have: none for 0 or 1, one for 2–3 (both represented), two for 4–5,
// three for 6–8, four for 9, and 40 % rounded up for more than 9.
func MinPerGender(n int) int {
	switch {
	case n <= 1:
		return 0
	case n <= 3:
		return 1
	case n <= 5:
		return 2
	case n <= 8:
		return 3
	case n == 9:
		return 4
	}
	return (2*n + 4) / 5 // ⌈0.4 n⌉ in integers
}

// genderBalance applies RuleGenderBalance.
func (ix *registerIndex) genderBalance(t time.Time) []Finding {
	var fs []Finding
	for _, b := range ix.bodiesInForce(t, genderBalanceKinds...) {
		for _, deputies := range []bool{false, true} {
			var female, male, unknown int
			for _, m := range ix.membersInForce(b.ID, t, deputies) {
				if m.Side == SideEmployees {
					continue
				}
				switch ix.people[m.Person].Gender {
				case GenderFemale:
					female++
				case GenderMale:
					male++
				default:
					unknown++
				}
			}
			n := female + male + unknown
			if n == 0 {
				continue
			}
			need := MinPerGender(n)
			status := StatusUnknown
			switch {
			case female >= need && male >= need:
				status = StatusOK
			case female+unknown < need || male+unknown < need:
				status = StatusViolation
			}
			one, many := "member", "members"
			if deputies {
				one, many = "deputy", "deputies"
			}
			detail := fmt.Sprintf("%s of %s: %s", plural(n, one, many), bodyName(b), genderCounts(female, male, unknown))
			if need == 0 {
				detail += "; one alone has no requirement"
			} else {
				detail += fmt.Sprintf("; at least %d of each gender required", need)
			}
			if status == StatusUnknown {
				detail += fmt.Sprintf(", undecided while %s not recorded", plural(unknown, "gender is", "genders are"))
			}
			fs = append(fs, Finding{Rule: RuleGenderBalance, Status: status, Subject: b.Subject, Body: b.ID, Deputies: deputies, Detail: detail + "."})
		}
	}
	return fs
}

// genderCounts is "3 women, 2 men" with "and 1 not recorded" when any is.
func genderCounts(female, male, unknown int) string {
	s := plural(female, "woman", "women") + ", " + plural(male, "man", "men")
	if unknown > 0 {
		s += fmt.Sprintf(", %d not recorded", unknown)
	}
	return s
}

// plural writes a count with its noun: "1 member", "2 members".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// bodyName is the body's name, or its kind and ID.
func bodyName(b Body) string {
	if b.Name != "" {
		return b.Name
	}
	return fmt.Sprintf("%s %s", b.Kind, b.ID)
}

// numberedDeputyKinds are the bodies where participants have seats and
// deputies of their own.
var numberedDeputyKinds = []BodyKind{BodyOwnersAssembly, BodyJointCommittee}

// numberedDeputies applies RuleNumberedDeputies.
func (ix *registerIndex) numberedDeputies(t time.Time) []Finding {
	var fs []Finding
	for _, b := range ix.bodiesInForce(t, numberedDeputyKinds...) {
		members := map[string]int{}
		for _, m := range ix.membersInForce(b.ID, t, false) {
			if m.Organization != "" {
				members[m.Organization]++
			}
		}
		numbers := map[string][]int{}
		for _, m := range ix.membersInForce(b.ID, t, true) {
			numbers[m.Organization] = append(numbers[m.Organization], m.Deputy)
		}
		for _, org := range sortedKeys(members) {
			nums := numbers[org]
			slices.Sort(nums)
			f := Finding{Rule: RuleNumberedDeputies, Status: StatusViolation, Subject: b.Subject, Body: b.ID, Organization: org}
			var dups, gaps []string
			for i, n := range nums {
				if i > 0 && n == nums[i-1] {
					dups = append(dups, fmt.Sprint(n))
				}
			}
			want := 1
			for _, n := range slices.Compact(slices.Clone(nums)) {
				for ; want < n; want++ {
					gaps = append(gaps, fmt.Sprint(want))
				}
				want = n + 1
			}
			switch {
			case len(nums) == 0:
				f.Detail = fmt.Sprintf("%s has %s in %s and no deputies.", org, plural(members[org], "member", "members"), bodyName(b))
			case len(dups) > 0 || len(gaps) > 0:
				var what []string
				if len(gaps) > 0 {
					what = append(what, numberList(gaps)+" missing")
				}
				if len(dups) > 0 {
					what = append(what, numberList(slices.Compact(dups))+" given twice")
				}
				f.Detail = fmt.Sprintf("%s has %s in %s, numbered %s: %s.", org, plural(len(nums), "deputy", "deputies"), bodyName(b), joinInts(nums), strings.Join(what, "; "))
			default:
				f.Status = StatusOK
				f.Detail = fmt.Sprintf("%s has %s in %s, numbered %s.", org, plural(len(nums), "deputy", "deputies"), bodyName(b), joinInts(nums))
			}
			fs = append(fs, f)
		}
	}
	return fs
}

// numberList is "number 2" or "numbers 1, 3".
func numberList(ns []string) string {
	if len(ns) == 1 {
		return "number " + ns[0]
	}
	return "numbers " + strings.Join(ns, ", ")
}

// joinInts is "1, 2, 2".
func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = fmt.Sprint(n)
	}
	return strings.Join(s, ", ")
}

// sortedKeys returns the keys of m in ascending order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// seatsMatch applies RuleSeatsMatchAgreement.
func (ix *registerIndex) seatsMatch(t time.Time) []Finding {
	var fs []Finding
	for _, b := range ix.bodiesInForce(t, BodyKinds()...) {
		if b.Subject.Agreement == "" {
			continue
		}
		seats := map[string]int{}
		for _, s := range ix.r.Seats {
			if s.Agreement == b.Subject.Agreement && s.Body == b.SeatsName() {
				seats[s.Organization] = s.Seats
			}
		}
		if len(seats) == 0 {
			continue // the agreement gives no seats in this body
		}
		members := map[string]int{}
		for _, m := range ix.membersInForce(b.ID, t, false) {
			members[m.Organization]++
		}
		orgs := sortedKeys(seats)
		for _, org := range sortedKeys(members) {
			if _, ok := seats[org]; !ok {
				orgs = append(orgs, org)
			}
		}
		slices.Sort(orgs)
		for _, org := range orgs {
			f := Finding{Rule: RuleSeatsMatchAgreement, Status: StatusViolation, Subject: b.Subject, Body: b.ID, Organization: org}
			n, has := seats[org]
			switch {
			case org == "":
				f.Detail = fmt.Sprintf("%s in %s represent no participant.", plural(members[org], "member", "members"), bodyName(b))
			case !has:
				f.Detail = fmt.Sprintf("%s has %s in %s but no seats in the agreement.", org, plural(members[org], "member", "members"), bodyName(b))
			case members[org] == n:
				f.Status = StatusOK
				f.Detail = fmt.Sprintf("%s has %s in %s, as the agreement gives it.", org, plural(n, "member", "members"), bodyName(b))
			case members[org] < n:
				f.Detail = fmt.Sprintf("%s has %s in %s, %d fewer than its %s in the agreement.", org, plural(members[org], "member", "members"), bodyName(b), n-members[org], plural(n, "seat", "seats"))
			default:
				f.Detail = fmt.Sprintf("%s has %s in %s, %d more than its %s in the agreement.", org, plural(members[org], "member", "members"), bodyName(b), members[org]-n, plural(n, "seat", "seats"))
			}
			fs = append(fs, f)
		}
	}
	return fs
}

// half is the share above which a holding makes a subsidiary.
var half = decimal.New(5, -1)

// boardOverlap applies RuleBoardOverlap.
func (ix *registerIndex) boardOverlap(t time.Time) []Finding {
	boards := map[string][]Body{} // by entity
	for _, b := range ix.bodiesInForce(t, BodyBoard) {
		if b.Subject.Entity != "" {
			boards[b.Subject.Entity] = append(boards[b.Subject.Entity], b)
		}
	}
	// seats returns each person on the entity's boards, with the first
	// board (by ID) they sit on.
	seats := func(entity string) map[string]Body {
		on := map[string]Body{}
		for _, b := range boards[entity] {
			for _, m := range ix.membersInForce(b.ID, t, false) {
				if _, ok := on[m.Person]; !ok {
					on[m.Person] = b
				}
			}
		}
		return on
	}
	var fs []Finding
	for _, h := range ix.r.Holdings {
		if h.Share.Cmp(half) <= 0 || h.Owner == h.Entity || len(boards[h.Owner]) == 0 || len(boards[h.Entity]) == 0 {
			continue
		}
		parent, child := seats(h.Owner), seats(h.Entity)
		share := h.Share.Mul(decimal.NewFromInt(100)).String()
		overlap := false
		for _, person := range sortedKeys(parent) {
			if _, ok := child[person]; !ok {
				continue
			}
			overlap = true
			fs = append(fs, Finding{Rule: RuleBoardOverlap, Status: StatusViolation, Subject: Subject{Entity: h.Owner},
				Body: parent[person].ID, Organization: h.Entity, Person: person,
				Detail: fmt.Sprintf("%s sits on the board of %s and on the board of %s, of which %s holds %s %%.",
					ix.people[person].Name, h.Owner, h.Entity, h.Owner, share)})
		}
		if !overlap {
			fs = append(fs, Finding{Rule: RuleBoardOverlap, Status: StatusOK, Subject: Subject{Entity: h.Owner},
				Body: boards[h.Owner][0].ID, Organization: h.Entity,
				Detail: fmt.Sprintf("No member of the board of %s sits on the board of %s, of which it holds %s %%.", h.Owner, h.Entity, share)})
		}
	}
	return fs
}

// ownerMeetings applies RuleOwnerMeetingsPerYear.
func (ix *registerIndex) ownerMeetings(o Options) []Finding {
	need := cmp.Or(o.MinOwnerMeetings, DefaultMinOwnerMeetings)
	bodies := map[string][]Body{} // eiermøte bodies by entity
	for _, b := range ix.r.Bodies {
		if b.Kind == BodyOwnerMeeting && b.Subject.Entity != "" {
			bodies[b.Subject.Entity] = append(bodies[b.Subject.Entity], b)
		}
	}
	var fs []Finding
	for _, entity := range sortedKeys(bodies) {
		for _, y := range o.years() {
			year := munireg.Period{From: time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(y+1, 1, 1, 0, 0, 0, 0, time.UTC)}
			exists, n := false, 0
			for _, b := range bodies[entity] {
				if !b.Valid.Overlaps(year) {
					continue
				}
				exists = true
				for _, m := range ix.r.Meetings {
					if m.Body == b.ID && year.Contains(m.Date.UTC()) {
						n++
					}
				}
			}
			if !exists {
				continue
			}
			f := Finding{Rule: RuleOwnerMeetingsPerYear, Status: StatusOK, Subject: Subject{Entity: entity}, Year: y,
				Detail: fmt.Sprintf("%s of %s held in %d; at least %d expected.", plural(n, "owner meeting", "owner meetings"), entity, y, need)}
			if n < need {
				f.Status = StatusViolation
			}
			fs = append(fs, f)
		}
	}
	return fs
}

// goalsCount applies RuleGoalsCount.
func (ix *registerIndex) goalsCount(o Options) []Finding {
	subjects := map[Subject]bool{}
	for _, b := range ix.r.Bodies {
		subjects[b.Subject] = true
	}
	for _, g := range ix.r.Goals {
		subjects[g.Subject] = true
	}
	max := cmp.Or(o.MaxGoals, DefaultMaxGoals)
	var fs []Finding
	for s := range subjects {
		n := len(ix.goalsOf(s, o))
		f := Finding{Rule: RuleGoalsCount, Status: StatusViolation, Subject: s}
		switch flag(n, max) {
		case FlagNoGoals:
			f.Detail = fmt.Sprintf("The %s has no goals%s.", s, goalYears(o))
		case FlagTooManyGoals:
			f.Detail = fmt.Sprintf("The %s has %d goals%s, more than %d.", s, n, goalYears(o), max)
		default:
			f.Status = StatusOK
			f.Detail = fmt.Sprintf("The %s has %s%s, at most %d.", s, plural(n, "goal", "goals"), goalYears(o), max)
		}
		fs = append(fs, f)
	}
	return fs
}

// goalYears says which goals were counted: " for 2024–2025" or " for 2024".
func goalYears(o Options) string {
	switch {
	case o.FirstYear != 0 && o.FirstYear != o.LastYear:
		return fmt.Sprintf(" for %d–%d", o.FirstYear, o.LastYear)
	case o.FirstYear != 0:
		return fmt.Sprintf(" for %d", o.FirstYear)
	case !o.AsOf.IsZero():
		return fmt.Sprintf(" for %d", o.AsOf.Year())
	}
	return ""
}

// goalsOf returns the goals of the subject that count: those that apply in
// at least one year from o.FirstYear to o.LastYear, or, without years, in
// the year of o.AsOf, or, with neither, every goal; ordered by ID.
func (ix *registerIndex) goalsOf(s Subject, o Options) []Goal {
	var gs []Goal
	for _, g := range ix.r.Goals {
		if g.Subject != s {
			continue
		}
		switch {
		case o.FirstYear != 0:
			if g.First > o.LastYear || g.Last != 0 && g.Last < o.FirstYear {
				continue
			}
		case !o.AsOf.IsZero():
			if !g.Applies(o.AsOf.Year()) {
				continue
			}
		}
		gs = append(gs, g)
	}
	slices.SortFunc(gs, func(a, b Goal) int { return cmp.Compare(a.ID, b.ID) })
	return gs
}
