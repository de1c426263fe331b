// Package governance models the governing bodies of inter-municipal
// cooperations and of owned entities — who sits in them, for whom, with
// which role — together with the goals set for each arrangement, their
// yearly results, and the log of meetings and decisions; and it checks them
// against the rules owner forums ask about.
//
// It is pure: values in, values out, no clock and no I/O; "as of" dates and
// years are parameters. It imports only the standard library,
// github.com/shopspring/decimal and the root package munireg.
//
// # Model
//
// A Body belongs to one Subject: an agreement (package cooperation) or an
// owned entity (an organization), never both. Its Kind is one of the
// bodies the law and practice know: representantskap (IKS-loven § 6,
// kommuneloven § 19-3), styre, felles folkevalgt nemnd (kommuneloven
// § 20-4), styringsgruppe, eiermøte and valgkomité. A Person sits in bodies
// through Memberships, each over a period (munireg.Period, half-open: a
// membership ending on a date is over on that date) with a Role (leader,
// deputy leader, member, or deputy with a Deputy number 1, 2, … in the
// order deputies are called in), the Organization the member represents
// and the Side: elected politicians, the administration, the employees and
// their unions, the state, or others. A three-party steering group and the
// two-part leadership of a state–municipality partnership (the NAV
// partnership) are recorded as they are: a leader for the state side and
// a leader for the municipality side are two memberships with role leader.
// The same person in two bodies is one Person, which is how overlaps are
// found; a Person's Gender may be left empty (not recorded).
//
// A Goal of a subject has a purpose, an indicator, a unit, a target and a
// Direction (at least or at most the target), applies from its First to its
// Last year (zero: until further notice), and is reported to one or two
// Recipients — two for parallel reporting to the state and a municipality.
// A Result is a goal's value for one year. A Meeting of a body has a date,
// the decisions minuted (text, optional case number) and the documents
// (absolute http or https links).
//
// IDs are the register's opaque identifiers (the store uses UUIDs); this
// package only requires them to be set and unique within their kind.
//
// # Checks
//
// Check reads a Register — people, bodies, memberships, goals, results,
// meetings, and two facts it takes from elsewhere: the Seats of each
// participant in a body by the agreement version in force, and the
// Holdings of owners in entities as of the date — and reports Findings per
// rule, those that pass included, so a report shows what was checked.
// Each Finding names its Rule, a Status (ok, violation, or unknown when the
// register lacks what the rule needs), the Subject and where it applies
// the body, organization, person and year, and a Detail sentence with the
// figures. A report per municipality takes the findings whose Organization
// is the municipality or whose subject it takes part in; a report per
// entity those whose Subject is the entity. Rules lists each rule with its
// source; they are:
//
//   - gender-balance: for each body in force as of Options.AsOf that is a
//     representantskap, styre, felles folkevalgt nemnd or valgkomité, the
//     members (leader, deputy leader, member) and, apart, the deputies are
//     counted by gender. With n counted, each gender needs MinPerGender(n):
//     none for one member; both represented for two or three; at least two
//     of each for four or five; three for six to eight; four for nine; 40 %
//     rounded up for more (exactly 40 % passes: 4 of 10). These are the
//     graded figures of likestillingsloven 2013 § 13 a–e (restated in
//     Prop. 81 L (2016–2017) kap. 26.2.1), which the rules on the election
//     of municipal bodies follow: kommuneloven §§ 7-6 and 7-7 set gender
//     balance for lists (forholdsvalg) and for the body as a whole
//     (avtalevalg); boards of companies municipalities own at least two
//     thirds of have had the requirement since kommuneloven 1992 § 80 a
//     (Ot.prp. nr. 57 (2008–2009), rundskriv H-11/09); KS recommends
//     balanced boards (recommendation no. 11). The representantskap of an
//     IKS is elected by each kommunestyre (IKS-loven § 6); the paragraphs
//     of IKS-loven and of today's company law that carry the gender rule
//     for IKS and municipally owned companies could not be confirmed here
//     and are not cited. The ministry's reading (sak
//     09/1617) is that the requirement binds the members the municipality
//     elects, not those the employees elect, so members on the employees'
//     side are left out of the count. Steering groups (often with unions
//     and the state beside the municipalities) and owner meetings (the
//     owners' own representatives) are not checked. A member whose gender is
//     not recorded makes the finding unknown, with the count, unless the
//     known members already decide it (enough of each, or too few of one
//     even if every unrecorded member were of that gender).
//   - numbered-deputies: in each representantskap and felles folkevalgt
//     nemnd in force, each organization with members should have deputies
//     numbered 1 to k without gaps or repeats; a finding per organization
//     says which numbers are missing or given twice, or that there are no
//     deputies (KS recommendation no. 14, numerical deputies).
//   - seats-match-agreement: in each body of an agreement in force, the
//     members (deputies not counted) per organization are compared with the
//     Seats the agreement version gives it in that body (matched by
//     Body.SeatsName); a finding per organization: as many, more or fewer,
//     members of an organization with no seats, members for no
//     organization. A body the agreement gives no seats in is not checked.
//   - board-overlap-subsidiary: for each Holding of more than half of an
//     entity Y by an entity X, a person who is a member (not a deputy) of a
//     board of X and of a board of Y as of the date is a violation, one per
//     person and pair; a pair with boards and no overlap is reported ok.
//     Only direct holdings count: X's subsidiary's subsidiary is not
//     followed (pass the look-through holdings of package ownership to
//     check further). KS recommendation no. 13.
//   - owner-meetings-per-year: for each entity with an eiermøte body, the
//     meetings of its eiermøte bodies are counted per calendar year (UTC
//     dates) from Options.FirstYear to Options.LastYear, for the years in
//     which such a body existed; fewer than Options.MinOwnerMeetings (one by
//     default) is a violation. KS recommends regular owner meetings
//     (recommendation no. 6); one a year is this package's reading of
//     "regular".
//   - goals-count: each subject with a body or a goal in the register
//     should have at least one goal and at most Options.MaxGoals (five by
//     default). No law sets the number; it is a setting for the short goal
//     lists owner forums ask for.
//
// The KS recommendations cited are KS' "Anbefalinger om eierskap,
// selskapsledelse og kontroll" (21 recommendations, revised for the
// kommuneloven of 2018), by number.
//
// GoalReport gives, for each subject asked for, its goals with the result
// of each year against the target (met or missed; nothing when no result
// is recorded) and flags a subject with no goals or too many. The goals
// that count, here and in goals-count, are those that apply in at least one
// of the years asked for, or, without years, in the year of Options.AsOf,
// or, with neither, every goal of the subject.
//
// # Units
//
// Targets and results are exact decimals in the goal's unit, compared with
// Cmp (1200 and 1200.00 are the same value); holdings are fractions in
// [0, 1], a subsidiary's share above 0.5 exactly. Counts of members are
// whole numbers and the 40 % rule is computed in integers (⌈2n/5⌉), so
// nothing is rounded.
//
// # Order
//
// Check orders findings by rule (the order of Rules), subject (agreements
// before entities, by ID), body, organization, person, year, and members
// before deputies; the order of the records in the register does not
// matter. GoalReport keeps the order of the subjects given and orders each
// subject's goals by ID and their years ascending.
//
// # Errors
//
// Validate methods, Check and GoalReport return every violation at once
// as ValidationErrors (the root package's type), each a ValidationError
// naming the field by a path a JSON client recognizes — "name",
// "valid.to", "recipients[1]", "decisions[0].text", "documents[2].url",
// and in a Register "memberships[3].body", "results[0].goal" — and wrapping
// a sentinel error of errors.go or of package munireg (ErrRequired,
// ErrInvalidText, ErrInvalidPeriod, ErrDuplicateRef, ErrOutOfRange). A
// reference to a record that is not in the register wraps
// ErrUnknownReference; options that cannot be used wrap ErrInvalidOptions.
// Use errors.Is and errors.As.
package governance
