// Package cooperation models inter-municipal cooperation: agreements in the
// forms of kommuneloven § 17-1, their versions and participants, cost-sharing
// keys, and the exact arithmetic finance officers need — the budget
// allocation, a-konto installments, tariffs and the year-end settlement.
//
// It is pure: values in, values out, no clock and no I/O. It imports only
// the standard library, github.com/shopspring/decimal and the root package
// munireg, whose largest-remainder apportionment it rounds with.
//
// # Model
//
// A Form is a legal form of cooperation: interkommunalt politisk råd,
// kommunalt oppgavefellesskap, vertskommunesamarbeid (administrative or with
// a felles folkevalgt nemnd), IKS, AS, SA, forening, or "another lawful way"
// (partnerships with the state, such as NAV, and with voluntary
// organizations). Each form knows its legal basis, whether it is a legal
// person of its own, its participants' liability, its Enhetsregisteret code
// and which kinds of organization may take part (IKS-loven § 1: only
// kommuner, fylkeskommuner and IKS in an IKS).
//
// An Agreement has Versions (adopted, and in force over a period). A Version
// lists Participants — an organization with its eierandel (Ownership),
// ansvarsandel (Liability, defaulting to the eierandel), cost share,
// innskudd and seats per governing body — a host or office municipality, a
// purpose and a cost-sharing Key. Agreement.Validate and Version.Validate
// enforce the law and common sense: IKS and oppgavefellesskap need explicit
// eierandeler summing to exactly 1, a vertskommune arrangement has a host
// among its participants, no organization takes part twice, shares are in
// [0, 1], participants are allowed by the form, dates are ordered.
//
// # Keys and allocation
//
// A Key has weighted Components (weights summing to exactly 1), each
// splitting by a Basis: "equal", "population", "share" (explicit, summing to
// 1 unless Key.Normalize scales published rounded shares), "ownership" (the
// eierandel) or "metric:<name>" (metered use: tonnes, hours, cases, m³).
// Allocate splits a total over Parties — plain inputs with a stable Ref,
// independent of any agreement — by a key. Version.Parties makes the
// parties of an agreement version as of a date (population per 1 January,
// eierandel, metered use).
//
// Each party's exact value is total × Σₖ weightₖ × basisₖ / Σ basisₖ, all
// components combined in exact rational arithmetic before anything is
// rounded; then each party is rounded once, to a whole multiple of the
// rounding unit (0.01 by default; 1 or 1000 when budgeting in whole kroner
// or thousands) under a policy: "largest-remainder" (the default: the
// amounts sum to the total exactly, each is the floor or the ceiling of its
// exact value, ties go to the lowest Ref) or "half-up-per-row" (each row
// rounded half away from zero, as many published tables do; the result says
// whether it sums to the total and by how much it misses). See package
// munireg for the guarantees and for Hamilton's paradoxes. Every row keeps
// the rounded amount, the exact value (to munireg.ExactPlaces decimal places
// and as a fraction) and the exact contribution of each component, so every
// krone can be explained.
//
// A Tariff prices each participant on its own instead: base + rate ×
// population or metric, with an optional floor and cap, rounded per row.
// Installments and ScheduledInstallments split an amount into a-konto
// installments that sum to it exactly, the leftover units going to the
// earliest installments. Settle splits the actual cost by the actual basis
// values and sets each participant's share against what it paid: the
// difference is exact, positive to pay and negative to be refunded.
//
// # Units
//
// Amounts are decimal.Decimal in kroner; shares and weights are fractions
// (0.2927 for 29.27 %). Format amounts with StringFixed; Allocation.Rounding
// .Places gives the number of decimals of the unit.
//
// # Errors
//
// Validation returns every violation at once as ValidationErrors (the root
// package's type), each a ValidationError naming the field by a path a JSON
// client recognizes — "versions[0].participants[3].ownership",
// "components[1].weight", "participants[*].share" for a rule about the sum
// over all participants — and wrapping one of the sentinel errors in
// errors.go or in package munireg. Use errors.Is and errors.As.
package cooperation
