package governance

import (
	"fmt"
	"net/url"
	"slices"
	"unicode/utf8"

	"github.com/munireg/munireg"
)

// The longest text each field takes, in characters.
const (
	// MaxNameLength bounds names and titles (a person, a body, a
	// document) and the seats name of a body.
	MaxNameLength = 200
	// MaxShortLength bounds short codes: a goal's unit, a decision's case
	// number.
	MaxShortLength = 50
	// MaxTextLength bounds a goal's purpose and indicator and a result's
	// note.
	MaxTextLength = 1000
	// MaxDecisionLength bounds the text of one decision, as minuted.
	MaxDecisionLength = 10000
	// MaxURLLength bounds a document's link.
	MaxURLLength = 2000
)

// MaxRecipients is how many principals a goal can be reported to: one, or
// two for parallel reporting to the state and a municipality.
const MaxRecipients = 2

// BodyKinds returns every BodyKind, in the order of the constants.
func BodyKinds() []BodyKind {
	return []BodyKind{BodyOwnersAssembly, BodyBoard, BodyJointCommittee, BodySteeringGroup, BodyOwnerMeeting, BodyNominationCommittee}
}

// Validate returns munireg.ErrRequired for the empty kind and an error
// wrapping ErrInvalidBodyKind unless k is one of BodyKinds.
func (k BodyKind) Validate() error { return checkEnum(k, BodyKinds(), ErrInvalidBodyKind) }

// Roles returns every Role, in the order of the constants.
func Roles() []Role { return []Role{RoleLeader, RoleDeputyLeader, RoleMember, RoleDeputy} }

// Validate returns munireg.ErrRequired for the empty role and an error
// wrapping ErrInvalidRole unless r is one of Roles.
func (r Role) Validate() error { return checkEnum(r, Roles(), ErrInvalidRole) }

// Sides returns every Side, in the order of the constants.
func Sides() []Side {
	return []Side{SidePoliticians, SideAdministration, SideEmployees, SideState, SideOther}
}

// Validate returns munireg.ErrRequired for the empty side and an error
// wrapping ErrInvalidSide unless s is one of Sides.
func (s Side) Validate() error { return checkEnum(s, Sides(), ErrInvalidSide) }

// Genders returns the genders the balance rules count. The empty Gender
// (not recorded) is valid too, and is not among them.
func Genders() []Gender { return []Gender{GenderFemale, GenderMale} }

// Validate returns an error wrapping ErrInvalidGender unless g is empty
// (not recorded) or one of Genders.
func (g Gender) Validate() error {
	if g == "" {
		return nil
	}
	return checkEnum(g, Genders(), ErrInvalidGender)
}

// Directions returns every Direction, in the order of the constants.
func Directions() []Direction { return []Direction{DirectionAtLeast, DirectionAtMost} }

// Validate returns munireg.ErrRequired for the empty direction and an error
// wrapping ErrInvalidDirection unless d is one of Directions.
func (d Direction) Validate() error { return checkEnum(d, Directions(), ErrInvalidDirection) }

// checkEnum returns munireg.ErrRequired for the empty value, nil for one of
// known and an error wrapping invalid otherwise.
func checkEnum[T ~string](v T, known []T, invalid error) error {
	switch {
	case v == "":
		return munireg.ErrRequired
	case slices.Contains(known, v):
		return nil
	}
	return fmt.Errorf("%w: %q", invalid, string(v))
}

// Validate returns an error wrapping ErrInvalidSubject unless exactly one of
// Agreement and Entity is set.
func (s Subject) Validate() error {
	if (s.Agreement == "") == (s.Entity == "") {
		return ErrInvalidSubject
	}
	return nil
}

// String is "agreement ID" or "entity ID", for messages.
func (s Subject) String() string {
	if s.Agreement != "" {
		return "agreement " + s.Agreement
	}
	return "entity " + s.Entity
}

// Validate checks that the person has an ID, a name of at most
// MaxNameLength characters of text (see munireg.CheckText) and a known or
// empty (not recorded) gender. Fields are "id", "name" and "gender".
func (p Person) Validate() error {
	var errs ValidationErrors
	requireID(&errs, "id", p.ID)
	checkText(&errs, "name", p.Name, MaxNameLength, true)
	if err := p.Gender.Validate(); err != nil {
		errs.Add("gender", err)
	}
	return errs.Err()
}

// Validate checks that the body has an ID, one subject, a known kind, an
// optional name and seats name of text of at most MaxNameLength
// characters, and an ordered validity period. Fields are "id", "subject",
// "kind", "name", "seats" and "valid.to".
func (b Body) Validate() error {
	var errs ValidationErrors
	requireID(&errs, "id", b.ID)
	if err := b.Subject.Validate(); err != nil {
		errs.Add("subject", err)
	}
	if err := b.Kind.Validate(); err != nil {
		errs.Add("kind", err)
	}
	checkText(&errs, "name", b.Name, MaxNameLength, false)
	checkText(&errs, "seats", b.Seats, MaxNameLength, false)
	errs.Merge("valid", b.Valid.Validate())
	return errs.Err()
}

// SeatsName is the name the agreement versions give the body in their
// participants' seats: Seats, or the kind when Seats is empty.
func (b Body) SeatsName() string {
	if b.Seats != "" {
		return b.Seats
	}
	return string(b.Kind)
}

// Validate checks that the membership has an ID, a body and a person, a
// known role and side, a deputy number of 1 or more for a deputy and zero
// for anyone else, text for the organization's ID, and an ordered period.
// Fields are "id", "body", "person", "role", "deputy", "organization",
// "side" and "valid.to".
func (m Membership) Validate() error {
	var errs ValidationErrors
	requireID(&errs, "id", m.ID)
	requireID(&errs, "body", m.Body)
	requireID(&errs, "person", m.Person)
	if err := m.Role.Validate(); err != nil {
		errs.Add("role", err)
	}
	switch {
	case m.Role == RoleDeputy && m.Deputy < 1:
		errs.Add("deputy", fmt.Errorf("%w: a deputy is numbered from 1, not %d", ErrDeputyNumber, m.Deputy))
	case m.Role != RoleDeputy && m.Deputy != 0:
		errs.Add("deputy", fmt.Errorf("%w: only a deputy has a number, not a %s", ErrDeputyNumber, m.Role))
	}
	checkText(&errs, "organization", m.Organization, MaxNameLength, false)
	if err := m.Side.Validate(); err != nil {
		errs.Add("side", err)
	}
	errs.Merge("valid", m.Valid.Validate())
	return errs.Err()
}

// Validate checks that the goal has an ID and one subject; a purpose and an
// indicator of text of at most MaxTextLength characters and a unit of at
// most MaxShortLength; a target within the exact arithmetic's range
// (munireg.CheckRange); a known direction; one or two distinct recipients;
// and a first year from 1 to 9999 with a last year, when set, not before
// it. Fields are "id", "subject", "purpose", "indicator", "unit",
// "target", "direction", "recipients", "recipients[i]", "first" and
// "last".
func (g Goal) Validate() error {
	var errs ValidationErrors
	requireID(&errs, "id", g.ID)
	if err := g.Subject.Validate(); err != nil {
		errs.Add("subject", err)
	}
	checkText(&errs, "purpose", g.Purpose, MaxTextLength, true)
	checkText(&errs, "indicator", g.Indicator, MaxTextLength, true)
	checkText(&errs, "unit", g.Unit, MaxShortLength, true)
	if err := munireg.CheckRange(g.Target); err != nil {
		errs.Add("target", err)
	}
	if err := g.Direction.Validate(); err != nil {
		errs.Add("direction", err)
	}
	switch {
	case len(g.Recipients) == 0:
		errs.Add("recipients", fmt.Errorf("%w: at least one recipient", munireg.ErrRequired))
	case len(g.Recipients) > MaxRecipients:
		errs.Add("recipients", fmt.Errorf("%w: %d given", ErrTooManyRecipients, len(g.Recipients)))
	}
	for i, r := range g.Recipients {
		field := fmt.Sprintf("recipients[%d]", i)
		switch {
		case r == "":
			errs.Add(field, munireg.ErrRequired)
		case slices.Index(g.Recipients, r) < i:
			errs.Add(field, fmt.Errorf("%w: %q is given twice", munireg.ErrDuplicateRef, r))
		default:
			checkText(&errs, field, r, MaxNameLength, true)
		}
	}
	if !validYear(g.First) {
		errs.Add("first", fmt.Errorf("%w: %d", ErrInvalidYear, g.First))
	}
	if g.Last != 0 && (!validYear(g.Last) || validYear(g.First) && g.Last < g.First) {
		errs.Add("last", fmt.Errorf("%w: %d after first year %d", ErrInvalidYear, g.Last, g.First))
	}
	return errs.Err()
}

// Applies reports whether the goal applies to the year: from First to Last,
// or on from First when Last is zero.
func (g Goal) Applies(year int) bool {
	return year >= g.First && (g.Last == 0 || year <= g.Last)
}

// Validate checks that the result names its goal, has a year from 1 to
// 9999 and a value within the exact arithmetic's range, and a note of text
// of at most MaxTextLength characters. Fields are "goal", "year", "value"
// and "note".
func (r Result) Validate() error {
	var errs ValidationErrors
	requireID(&errs, "goal", r.Goal)
	if !validYear(r.Year) {
		errs.Add("year", fmt.Errorf("%w: %d", ErrInvalidYear, r.Year))
	}
	if err := munireg.CheckRange(r.Value); err != nil {
		errs.Add("value", err)
	}
	checkText(&errs, "note", r.Note, MaxTextLength, false)
	return errs.Err()
}

// Validate checks that the meeting has an ID, a body and a date; that every
// decision has a text of at most MaxDecisionLength characters and an
// optional case number of at most MaxShortLength; and that every document
// has an optional title of at most MaxNameLength characters and a link
// that is an absolute http or https URL of at most MaxURLLength. Fields are
// "id", "body", "date", "decisions[i].number", "decisions[i].text",
// "documents[i].title" and "documents[i].url".
func (m Meeting) Validate() error {
	var errs ValidationErrors
	requireID(&errs, "id", m.ID)
	requireID(&errs, "body", m.Body)
	if m.Date.IsZero() {
		errs.Add("date", munireg.ErrRequired)
	}
	for i, d := range m.Decisions {
		field := fmt.Sprintf("decisions[%d]", i)
		checkText(&errs, field+".number", d.Number, MaxShortLength, false)
		checkText(&errs, field+".text", d.Text, MaxDecisionLength, true)
	}
	for i, d := range m.Documents {
		field := fmt.Sprintf("documents[%d]", i)
		checkText(&errs, field+".title", d.Title, MaxNameLength, false)
		if checkText(&errs, field+".url", d.URL, MaxURLLength, true) {
			if err := checkURL(d.URL); err != nil {
				errs.Add(field+".url", err)
			}
		}
	}
	return errs.Err()
}

// checkURL returns an error wrapping ErrInvalidURL unless s is an absolute
// http or https URL with a host.
func checkURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%w: %q", ErrInvalidURL, s)
	}
	return nil
}

// requireID records an empty ID or reference, and one that is not text.
func requireID(errs *ValidationErrors, field, id string) {
	checkText(errs, field, id, MaxNameLength, true)
}

// checkText records text that is missing (when required), not text the
// register can keep (munireg.CheckText) or longer than max characters. It
// reports whether the text passed and is not empty.
func checkText(errs *ValidationErrors, field, s string, max int, required bool) bool {
	switch {
	case s == "":
		if required {
			errs.Add(field, munireg.ErrRequired)
		}
		return false
	case munireg.CheckText(s) != nil:
		errs.Add(field, munireg.ErrInvalidText)
		return false
	case utf8.RuneCountInString(s) > max:
		errs.Add(field, fmt.Errorf("%w: more than %d characters", ErrTooLong, max))
		return false
	}
	return true
}

// validYear reports whether y is a year from 1 to 9999.
func validYear(y int) bool { return y >= 1 && y <= 9999 }
