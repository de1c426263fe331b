// Package bods writes the register's ownership as of a date in the
// Beneficial Ownership Data Standard (BODS) 0.4: entity statements for the
// organizations, relationship statements for who holds what, directly and
// through others.
//
// It is pure, like package ownership, whose records and look-through it
// reads: Export is a function of the records, the date and the publication
// date, and the same arguments give the same statements, byte for byte.
// It imports only the standard library, github.com/shopspring/decimal, the
// root package munireg and package ownership.
//
// # Records and their IDs
//
// A BODS record is one entity, or one relationship between an interested
// party and a subject. Every statement is about one record (recordId), is
// made as of the date asked about (statementDate), and says recordStatus
// "new": the export is a snapshot of the register, not a stream of changes
// to earlier publications, so each export stands on its own.
//
//   - An entity's recordId is the register's ID of the organization.
//   - A relationship's recordId is a name-based UUID (version 5, SHA-1,
//     RFC 9562) of the subject's and the interested party's IDs, so one
//     pair keeps one recordId from export to export.
//   - A statementId is a name-based UUID of the record ID, the statement
//     date, the record status and the record details as written: the same
//     claim about the same record has the same ID whenever it is published,
//     and any change in what is claimed gives a new one. The publication
//     details are not part of it.
//
// The namespace of both is the UUID of the name "urn:munireg:bods" in the
// URL namespace of RFC 9562 (see Namespace). The declarationSubject of an entity
// statement is the entity itself; of a relationship statement, its subject
// (the organization owned). Every record is primary (isComponent false):
// the relationships of one chain are facts of their own in the register,
// not parts of one declaration, so no relationship lists componentRecords.
//
// # Entities
//
// Every organization that holds, or is held in, a position in force on the
// date gets an entity statement, in ascending order of ID before all
// relationship statements. Its entity type follows its kind:
//
//	kommune, fylkeskommune    stateBody, subtype "other" (local government: not a
//	                          department or an agency of the state, but a public
//	                          authority within it)
//	kf, fkf                   stateBody, subtype "other" (a municipal enterprise is
//	                          part of its municipality in law)
//	state                     state
//	state-body                stateBody, no subtype (ORGL covers ministries and
//	                          agencies alike; the register does not say which)
//	iks, as, asa, sa, da,     registeredEntity (their forms must be registered,
//	ans, stiftelse            whether or not the register knows the number)
//	forening, anna, other     registeredEntity with an organisasjonsnummer,
//	                          legalEntity without
//
// entityType.details gives the kind in words with its Enhetsregisteret form
// code ("kommune (KOMM)"). Every kind but "other" has jurisdiction Norway
// (NO). Identifiers: the organisasjonsnummer under the org-id.guide scheme
// NO-BRC (Brønnøysundregistrene), and a kommune's kommunenummer in force on
// the date (schemeName "kommunenummer"); an organization with neither is
// identified by the register's ID alone (schemeName "munireg"), which is
// also its recordId.
//
// # Relationships
//
// One relationship statement per pair of interested party (the owner) and
// subject (the organization owned), in ascending order of subject and then
// owner, with these interests, every one with beneficialOwnershipOrControl
// false (in BODS only a natural person is a beneficial owner, and the
// register holds none):
//
//   - For every position in force on the date: a "shareholding" interest,
//     directOrIndirect "direct", share.exact the economic share in percent,
//     startDate the position's start when it has one, and details naming
//     the share class and the share counts when it has them. A company's
//     own shares (a position of an entity in itself) are no relationship;
//     look-through takes them out of the others' shares.
//   - Where a position's voting share differs from its economic share
//     (share classes): a "votingRights" interest, "direct", with the voting
//     share in percent, beside the shareholding.
//   - For every ultimate owner (an owner nobody holds a share of) whose
//     look-through effective share of an organization (ownership.LookThrough)
//     differs from its direct economic share in it: a "shareholding"
//     interest, "indirect", whose share.exact is the difference — the part
//     of its effective share it holds through other organizations (and
//     through the company's own shares, which raise every other owner's
//     effective share) — and whose details give the effective share in
//     total. A direct holding and an indirect one of the same pair are two
//     interests of one relationship, so the direct and the indirect
//     interests of an owner add up to its effective share. Owners that are
//     held by others get no indirect interests: their own owners do. Voting
//     rights are not looked through.
//
// # Numbers
//
// share.exact is a JSON number, written from the exact value and never
// through a float: a share is a fraction (0.45735) and its percentage is
// that times 100 (45.735), exact whenever the share has a finite decimal
// expansion of at most munireg.MaxPlaces places, as every share written as
// a decimal does. A share without one (1 of 3 shares, or a look-through
// through it) is rounded half away from zero to munireg.ExactPlaces places
// of the fraction (ExactPlaces − 2 of the percentage), and its interest's
// details say so.
//
// # Errors
//
// Export validates the records (ownership.Records.Validate) and looks
// through them (ownership.LookThrough), and returns their errors as they
// are: ownership.ValidationErrors, an unresolvable cross-holding as an
// ownership.CycleError within them. It adds none of its own.
package bods
