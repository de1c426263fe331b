package governance

import (
	"time"

	"github.com/munireg/munireg"
	"github.com/shopspring/decimal"
)

// BodyKind is the kind of a governing body.
type BodyKind string

// The kinds of governing body the register knows.
const (
	// BodyOwnersAssembly is the representantskap: the owners' assembly of an
	// IKS (IKS-loven § 6) or of a kommunalt oppgavefellesskap (kommuneloven
	// § 19-3).
	BodyOwnersAssembly BodyKind = "representantskap"
	// BodyBoard is the board (styre) of a company, IKS or other entity.
	BodyBoard BodyKind = "styre"
	// BodyJointCommittee is the felles folkevalgt nemnd of a vertskommune
	// arrangement (kommuneloven § 20-4).
	BodyJointCommittee BodyKind = "felles-folkevalgt-nemnd"
	// BodySteeringGroup is a steering group (styringsgruppe), often with
	// politicians, administration and employees side by side, or the two
	// parts of a state–municipality partnership.
	BodySteeringGroup BodyKind = "styringsgruppe"
	// BodyOwnerMeeting is the owner meeting (eiermøte) where the owners
	// meet the entity outside the formal assembly.
	BodyOwnerMeeting BodyKind = "eiermote"
	// BodyNominationCommittee is the nomination committee (valgkomité).
	BodyNominationCommittee BodyKind = "valgkomite"
)

// Side is whom a member sits for: the part of a cooperation the member
// represents, beside the organization.
type Side string

// The sides a member can represent.
const (
	// SidePoliticians is elected politicians (folkevalgte).
	SidePoliticians Side = "politicians"
	// SideAdministration is the administration (rådmann, kommunedirektør
	// and their staff).
	SideAdministration Side = "administration"
	// SideEmployees is the employees and their unions.
	SideEmployees Side = "employees"
	// SideState is the state, as in the NAV partnership.
	SideState Side = "state"
	// SideOther is anyone else (voluntary organizations, independents).
	SideOther Side = "other"
)

// Role is a member's role in a body.
type Role string

// The roles of members.
const (
	// RoleLeader is the chair (leder).
	RoleLeader Role = "leader"
	// RoleDeputyLeader is the deputy chair (nestleder).
	RoleDeputyLeader Role = "deputy-leader"
	// RoleMember is an ordinary member.
	RoleMember Role = "member"
	// RoleDeputy is a deputy member (varamedlem); Membership.Deputy gives its
	// number in the order deputies are called in.
	RoleDeputy Role = "deputy"
)

// Gender is a person's gender as the rules on gender balance count it.
// The empty Gender is "not recorded", which the balance check reports as
// such rather than guessing.
type Gender string

// The genders the balance rules count.
const (
	GenderFemale Gender = "female"
	GenderMale   Gender = "male"
)

// Direction says which way an indicator should move for a goal to be met.
type Direction string

// The directions of goals.
const (
	// DirectionAtLeast is met when the result is at or above the target.
	DirectionAtLeast Direction = "at-least"
	// DirectionAtMost is met when the result is at or below the target.
	DirectionAtMost Direction = "at-most"
)

// Subject is what a body or a goal belongs to: an agreement (cooperation)
// or an owned entity (an organization). Exactly one is set.
type Subject struct {
	// Agreement is the ID of a cooperation agreement.
	Agreement string
	// Entity is the ID of an organization that is owned (a holding).
	Entity string
}

// Person is someone who sits in governing bodies. The same person in two
// bodies is one Person, which is how board overlaps are found.
type Person struct {
	ID     string
	Name   string
	Gender Gender
}

// Body is a governing body of an agreement or an owned entity.
type Body struct {
	ID      string
	Subject Subject
	Kind    BodyKind
	// Name is the body's own name, such as "Representantskapet i IVAR IKS".
	Name string
	// Seats is the name the agreement versions give the body in their
	// participants' seats ("representantskap"); empty means the kind.
	Seats string
	// Valid is when the body exists.
	Valid munireg.Period
}

// Membership is a person's seat in a body over a period.
type Membership struct {
	ID     string
	Body   string
	Person string
	Role   Role
	// Deputy is the number of a deputy (1 for the first to be called in),
	// zero for everyone else.
	Deputy int
	// Organization is the ID of the organization the member represents (a
	// participant or owner), empty for members elected for no organization
	// (such as independent board members).
	Organization string
	// Side is the side the member represents.
	Side  Side
	Valid munireg.Period
}

// Goal is one goal of an agreement or holding: what it is for, how it is
// measured, and the target.
type Goal struct {
	ID      string
	Subject Subject
	// Purpose is what the goal serves, in words.
	Purpose string
	// Indicator is what is measured ("share of waste recycled").
	Indicator string
	// Unit is the indicator's unit ("percent", "NOK", "days").
	Unit      string
	Target    decimal.Decimal
	Direction Direction
	// Recipients are the IDs of the organizations the results are reported
	// to: one, or two for parallel reporting to the state and a
	// municipality.
	Recipients []string
	// Years is the first and last accounting year the goal applies to;
	// zero Last means until further notice.
	First, Last int
}

// Result is a goal's result for one year.
type Result struct {
	Goal  string
	Year  int
	Value decimal.Decimal
	Note  string
}

// Meeting is a meeting of a body, with its decisions and documents.
type Meeting struct {
	ID        string
	Body      string
	Date      time.Time
	Decisions []Decision
	Documents []Document
}

// Decision is one decision of a meeting, as minuted.
type Decision struct {
	// Number is the case number in the minutes ("sak 12/24"); optional.
	Number string
	Text   string
}

// Document is a document of a meeting, by link.
type Document struct {
	Title string
	URL   string
}
