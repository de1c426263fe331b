// Package ownership models what municipalities own and what they earn from
// it: positions (ownership stakes over a period), money flows (dividends,
// owner-loan interest and repayments, guarantee commissions, capital
// contributions) and balances, distributions of a declared dividend over
// the owners, look-through ownership through chains and cross-holdings, the
// summaries owner forums pull, and the data of the ownership report of
// kommuneloven § 26-1.
//
// It is pure: values in, values out, no clock and no I/O; "as of" dates and
// years are parameters. It imports only the standard library,
// github.com/shopspring/decimal and the root package munireg, whose
// largest-remainder apportionment it rounds with.
//
// # Model
//
// Organizations are referenced by their munireg.Organization.ID. A Position
// is a stake of an owner in an entity over a period (munireg.Period,
// half-open): an economic share and, where it differs (share classes, a
// company's own shares), a voting share, both fractions in [0, 1];
// optionally a share class and share counts, which make the share exact
// (Held / Outstanding: 1 of 3 shares is 1/3, not 0.3333); a book value; the
// purpose of the holding (§ 26-1 c) and a Category. An OwnerList declares,
// per entity, whether its positions list every owner (Complete: the
// economic shares then sum to exactly 1) and how exactly the shares add up
// (Tolerance). CheckShares checks the sums as of a date: at most 1, exactly
// 1 when complete; under ToleranceRounded, for published tables rounded to
// a number of places (percentages with two decimals summing to 100,03 %),
// a sum may miss by n × ½ × 10^−places for n positions, and every sum
// accepted only that way is reported (ShareSum.Rounded), never passed
// silently. An owner may hold several positions in one entity (one per
// share class); two of one owner, entity and class may not overlap in time.
//
// A Flow is a payment of a kind (FlowKind) for an accounting year, with a
// payment date, an amount (zero or positive) and a Direction (to or from the
// owner; by default the kind's own). Owner loans and guarantees also have a
// Balance (principal outstanding, exposure) on a date. Records bundles the
// organizations, positions, owner lists, flows and balances the summaries
// read.
//
// Cooperations with a legal person of their own (IKS, kommunalt
// oppgavefellesskap with legal personality, ...) live in package
// cooperation, which this package does not import: their eierandel is the
// participant's in the agreement version, stored there and only there. The
// ownership report takes such interests as plain Interest values the caller
// assembles.
//
// # Distribution
//
// Distribute splits a declared total (a dividend, say) over the owners of
// an entity as of a date by economic share, with munireg.Apportion's
// rounding — the same implementation package cooperation allocates with:
// whole multiples of a rounding unit (0.01 by default; 1 for whole kroner),
// largest remainder by default (the amounts sum to the total exactly, each
// is the floor or the ceiling of its exact value, ties go to the lowest
// owner ID, the input order does not matter), or half-up per row as many
// published tables do (the result says by how much it misses). The share of
// owners an incomplete list does not name goes to Distribution.Unlisted;
// shares accepted under the rounded tolerance are split by share over their
// sum. A company's own shares get nothing.
//
// # Look-through
//
// LookThrough computes, from the positions in force on a date, every
// ultimate owner's effective share of every entity: with A the economic
// shares (A[i][j] is what i holds of j), U the owners nobody in the set
// holds a share of and F the rest, Θ = A_UF (I − A_FF)⁻¹. The arithmetic is
// exact (math/big): the graph is taken by strongly connected components in
// topological order, owners first; an entity outside any cycle gets its
// column from its owners' columns, and each cross-holding cycle is solved as
// a system by Gauss-Jordan elimination on rationals. Results are fractions
// (EffectiveShare.Rat), reported as decimals rounded half away from zero to
// munireg.ExactPlaces (10) places. A cycle with no answer — its members hold
// all of one another, so I − A_FF is singular, or more than all of one of
// them — is an error naming the members (CycleError), never a number.
// EffectiveOwnership.Indirect splits what an entity pays out over the
// ultimate owners by effective share, with Distribute's rounding: how much
// of a dividend reaches each of them through the chains.
//
// # Summaries
//
// Portfolio (one owner, one year), EntityOwners (one entity's owner table
// as of a date, with what each owner received in a year), ForumTotals (a
// named group of owners, one year: per member and per entity, ranked) and
// OwnershipReport (the § 26-1 data of one municipality) are plain functions
// of Records. The rules are chosen so that a storage layer computes the
// same numbers with SQL aggregation, and a parity test can compare them
// exactly:
//
//   - a year's money is the flows whose accounting year is the year, net to
//     the owner (to the owner positive, from the owner negative), summed
//     by kind with no rounding; every total is the exact sum of its lines
//     (a total over kinds, over owners or over entities);
//   - holdings, shares, book values and balances are as of 31 December of
//     the year (midnight UTC; periods are half-open, so a position ending on
//     1 January of the next year counts), the latest balance on or before
//     it; population is the count on 1 January of the year
//     (munireg.PopulationSeries.AsOf);
//   - per inhabitant is an amount over the population, rounded half away
//     from zero to PerInhabitantPlaces (2) places; in SQL, divide with at
//     least 20 decimal places before ROUND(…, 2), so the division does not
//     round first;
//   - a yield is the year's dividends over the book value, and a relative
//     change is (this year − last year) / |last year|, both fractions
//     rounded half away from zero to RatioPlaces (6) places, and null when
//     the divisor is zero;
//   - rankings are by amount, largest first, ties by ascending ID.
//
// A store that checks what it keeps when it is written need not read the
// whole register, nor have it checked again, for each summary: it may
// gather ForumFigures or PortfolioFigures with its own means (sums in SQL,
// the owner's chains followed by a recursive query) and get the same
// summary from SummarizeForum or SummarizePortfolio, which trust them.
//
// # Errors
//
// Validation returns every violation at once as ValidationErrors (the root
// package's type), each a ValidationError naming the field by a path a JSON
// client recognizes — "positions[3].economic", "flows[12].kind",
// "positions[*].economic" for a rule about the sum over an entity's owners
// (the message names the entity and the date) — and wrapping one of the
// sentinel errors in errors.go or in package munireg. Use errors.Is and
// errors.As; errors.As with a CycleError gets the members of an
// unresolvable cycle.
package ownership
