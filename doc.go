// Package munireg is the shared vocabulary of the munireg register of
// inter-municipal cooperation and municipal ownership: organizations and
// their identifiers, organization kinds, validity periods, population
// series, the errors the domain packages share, and the exact
// largest-remainder apportionment both of them round with.
//
// The computing packages build on it: package cooperation (agreements,
// cost-sharing keys, allocation, tariffs, installments, settlement) and
// package ownership (positions, money flows, distributions, look-through
// ownership, summaries). None of them does I/O; storage lives in
// internal/pgstore and the HTTP API in httpapi. Everything here is a pure
// function of its arguments: "as of" dates are parameters, never the clock.
//
// # Model
//
// An Organization is any body in the register: a kommune, a fylkeskommune,
// the state or a state body, or a company or body they own or cooperate
// through. Its Kind says what it is in law and maps to an Enhetsregisteret
// organisational form code (Kind.Code, KindByCode). It may have an
// OrgNumber (organisasjonsnummer: nine digits, MOD11 check digit, formatted
// "964 965 226" by OrgNumber.Grouped) and, for a kommune, a
// MunicipalityNumber (kommunenummer: four digits, the first two the county).
// Both are opaque values that only their Parse functions make, so an
// invalid number cannot exist. A Period is half-open, [From, To), with zero
// ends open; "as of" questions are Period.Contains. Population is a dated
// PopulationSeries (folkemengde per 1 January) read with AsOf.
//
// # Units
//
// Money is a decimal.Decimal in kroner, weights and shares are exact
// fractions (0.45735, not 45.735 %). Decimals are compared with Equal and
// Cmp, never ==, and constructed from strings or integers, never from
// floats. Accepted decimals have at most MaxPlaces decimal places as written
// (CheckRange), which bounds the cost of exact arithmetic.
//
// # Rounding
//
// Apportion splits a total in proportion to weights and rounds each
// claimant's exact value, total × weight / Σ weights, to a whole multiple of
// a rounding unit: 0.01 by default, or any power of ten from 1E-10 to 1E9
// (1 for whole kroner, 1000 for thousands). The total must itself be a whole
// multiple of the unit (ErrInvalidTotal otherwise): the register never
// invents or drops a fraction of a unit silently. ApportionInts is the same
// for integer weights, the form callers use after combining rational
// weights exactly (package cooperation combines the components of a
// cost-sharing key that way, so each participant is rounded once);
// ApportionIntsTo writes each portion into a record of the caller's own.
//
// The default policy, LargestRemainder (Hamilton's method), works in
// integer units of the rounding unit and guarantees:
//
//   - the amounts sum to the total exactly;
//   - each amount is the floor or the ceiling of its exact value in units;
//   - a claimant with zero weight gets zero;
//   - the result does not depend on the order of the claimants: ties
//     between equal remainders go to the lowest Ref in byte order;
//   - a negative total gives exactly the negated amounts of the positive one;
//   - weights written differently but equal in value ("0.5", "0.50") give
//     the same result.
//
// HalfUpPerRow rounds each row on its own, half away from zero, as many
// published tables do; the amounts may then miss the total, and
// Apportionment.Difference says by how much. Both are exact: the arithmetic
// is on big integers, with no division precision to choose. Each Portion
// reports its exact value rounded to ExactPlaces decimal places (Exact) and
// as a fraction (ExactRat).
//
// # Hamilton's paradoxes
//
// Largest remainder keeps every amount within one unit of its exact value
// (the quota rule), and pays for that with paradoxes, which this package
// documents rather than "fixes":
//
//   - Alabama paradox: a larger total can give a claimant less. Weights
//     6, 6 and 2 split 0.10 as 0.04, 0.04, 0.02, but 0.11 as 0.05, 0.05,
//     0.01.
//   - Population paradox: a claimant whose weight grows relative to
//     another's can lose a unit to it.
//   - New-states paradox: adding a claimant (and its share of the total)
//     can move a unit between the others.
//
// In every case the amounts involved move by one rounding unit. No method
// can both keep the quota rule and avoid the population paradox (the
// Balinski–Young impossibility theorem); the divisor methods that avoid the
// paradoxes (D'Hondt, Sainte-Laguë) can miss an exact value by more than a
// unit, which a finance officer could not explain, so they are not offered.
//
// # Errors
//
// Each package declares sentinel errors in errors.go (ErrInvalidTotal,
// ErrInvalidUnit, ...). Validation reports every violation it finds at once
// as ValidationErrors, a list of ValidationError{Field, Err}: Field is a path
// a JSON client recognizes ("total", "weights[3].ref",
// "versions[0].participants[2].ownership"; "participants[*].share" for a rule
// about all elements), Err the reason, wrapping a sentinel. Use errors.Is
// for the reason and errors.As to get one or all of the violations.
package munireg
