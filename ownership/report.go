package ownership

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/munireg/munireg"
	"github.com/shopspring/decimal"
)

// InterestBasis is what an ownership or equivalent interest rests on. The
// string values are the names used on the wire.
type InterestBasis string

// The bases of an interest.
const (
	// BasisPosition: a position (shares in a company, an eierandel recorded
	// as a position). OwnershipReport makes these entries from the records.
	BasisPosition InterestBasis = "position"
	// BasisParticipation: participation in a cooperation that is a legal
	// person of its own (IKS, kommunalt oppgavefellesskap or politisk råd
	// with legal personality, ...), whose eierandel is the participant's in
	// the agreement version, not a position.
	BasisParticipation InterestBasis = "participation"
	// BasisEnterprise: a kommunalt or fylkeskommunalt foretak (KF, FKF),
	// part of the municipality itself.
	BasisEnterprise InterestBasis = "enterprise"
	// BasisOther: another body the municipality has an interest in
	// equivalent to ownership (a stiftelse it founded, say).
	BasisOther InterestBasis = "other"
	// BasisIndirect: an entity held only through others, found by
	// look-through. OwnershipReport makes these entries.
	BasisIndirect InterestBasis = "indirect"
)

// Interest is an ownership or equivalent interest that is not a position:
// the caller passes these (the store assembles them from cooperation
// agreements and the register of foretak), so that a fact stored elsewhere
// — an IKS participant's eierandel in the agreement version — is not stored
// again as a position.
type Interest struct {
	// Organization is the body the interest is in.
	Organization munireg.Organization
	// Basis is BasisParticipation, BasisEnterprise or BasisOther.
	Basis InterestBasis
	// Share is the eierandel, where the interest has one, in [0, 1].
	Share decimal.NullDecimal
	// Purpose is the body's purpose for the municipality (formål).
	Purpose string
	// Category is the kind of purpose.
	Category Category
	// Source says where the fact lives, such as the agreement and version.
	Source string
}

// Validate checks the interest on its own: a valid organization, a basis
// a caller may give (participation, enterprise or other; enterprise only
// for a KF or FKF), a share in [0, 1] and a known category. Fields are
// "organization.…", "basis", "share" and "category".
func (in Interest) Validate() error {
	var errs ValidationErrors
	errs.Merge("organization", in.Organization.Validate())
	switch in.Basis {
	case BasisParticipation, BasisOther:
	case BasisEnterprise:
		if k := in.Organization.Kind; k != munireg.KindKF && k != munireg.KindFKF {
			errs.Add("basis", fmt.Errorf("%w: %q is for a KF or FKF, not a %s", ErrInvalidBasis, BasisEnterprise, k))
		}
	default:
		errs.Add("basis", fmt.Errorf("%w: %q (want %q, %q or %q)", ErrInvalidBasis, string(in.Basis), BasisParticipation, BasisEnterprise, BasisOther))
	}
	if in.Share.Valid {
		checkShare(&errs, "share", in.Share.Decimal)
	}
	if err := in.Category.Validate(); err != nil {
		errs.Add("category", err)
	}
	return errs.Err()
}

// Report is the data of a municipality's ownership report (eierskapsmelding,
// kommuneloven § 26-1): its principles for ownership governance and every
// company, foretak and other body it has ownership or equivalent interests
// in, with the purpose of each.
type Report struct {
	// Municipality is the kommune or fylkeskommune.
	Municipality munireg.Organization
	// AsOf is the date of the report's holdings.
	AsOf time.Time
	// Principles is the text of the principles for ownership governance
	// (prinsipper for eierstyring).
	Principles string
	// Entries are the direct interests: positions and the interests given,
	// in order of name, then ID.
	Entries []ReportEntry
	// Indirect are the entities held only through others (look-through),
	// in order of name, then ID.
	Indirect []ReportEntry
	// Gaps are what the report lacks that § 26-1 asks for — fields
	// "principles" and "entries[i].purpose", wrapping munireg.ErrRequired —
	// reported rather than refused, so a draft can be made. Empty when
	// nothing is missing.
	Gaps ValidationErrors
}

// ReportEntry is one body in the ownership report.
type ReportEntry struct {
	// Organization is the body.
	Organization munireg.Organization
	// Basis is what the interest rests on.
	Basis InterestBasis
	// Economic and Voting are the municipality's direct shares (for a
	// participation, the eierandel given); null where there is none.
	// Rounded half away from zero to munireg.ExactPlaces places.
	Economic, Voting decimal.NullDecimal
	// Effective is the municipality's look-through share of an entity in the
	// ownership graph; null for bodies outside it.
	Effective decimal.NullDecimal
	// Purpose and Category are those of the positions or the interest.
	Purpose  string
	Category Category
	// BookValue is the positions' book value; null unless each has one.
	BookValue decimal.NullDecimal
	// Source is the interest's Source; empty for positions.
	Source string
}

// OwnershipReport gathers the data of the ownership report of municipality
// (an Organization.ID among the records, a kommune or fylkeskommune) as of
// asOf: the principles text, an entry for each entity it holds a position
// in, an entry for each interest given, and the entities it holds only
// through others. For the look-through, an interest with a share — and a
// foretak without one, which is wholly the municipality's — counts as held
// by the municipality, so what an IKS or a KF owns shows under Indirect.
// Missing principles and purposes are reported in Gaps.
//
// It validates all the records (see Records.Validate and CheckShares as of
// asOf) and the interests, and returns every violation as ValidationErrors:
// "municipality" (empty, unknown, or not a kommune or fylkeskommune:
// ErrNotMunicipal), "interests[i].…" (see Interest.Validate), and
// "interests[i].organization.id" with ErrDuplicateInterest for a body
// that is also held as a position or given twice — one fact, one place.
func OwnershipReport(municipality, principles string, r Records, interests []Interest, asOf time.Time) (Report, error) {
	var errs ValidationErrors
	x, more := r.prepare(asOf, nil)
	errs = append(errs, more...)
	checkOrg(&errs, x, "municipality", municipality)
	m := x.org(municipality)
	if m.ID != "" && !m.Kind.Municipal() {
		errs.Add("municipality", fmt.Errorf("%w: %q is a %s", ErrNotMunicipal, municipality, m.Kind))
	}
	held := make(map[string]*holders)
	for _, h := range x.book.order {
		if _, ok := h.economic[municipality]; ok {
			held[h.entity] = h
		}
	}
	given := make(map[string]int, len(interests))
	for i, in := range interests {
		field := fmt.Sprintf("interests[%d]", i)
		errs.Merge(field, in.Validate())
		id := in.Organization.ID
		if id == "" {
			continue
		}
		if _, ok := held[id]; ok {
			errs.Add(field+".organization.id", fmt.Errorf("%w: %q is held as a position too", ErrDuplicateInterest, id))
		}
		if j, dup := given[id]; dup {
			errs.Add(field+".organization.id", fmt.Errorf("%w: %q is given as interests[%d] too", ErrDuplicateInterest, id, j))
		}
		given[id] = i
	}
	if err := errs.Err(); err != nil {
		return Report{}, err
	}
	eo, err := lookThroughInterests(municipality, r, interests, x, asOf)
	if err != nil {
		return Report{}, err
	}
	effective := make(map[string]decimal.Decimal)
	for _, s := range eo.Holdings(municipality) {
		effective[s.Entity] = s.Share
	}

	out := Report{Municipality: m, AsOf: asOf, Principles: principles}
	rows := make(map[string]*Holding)
	for id, h := range held {
		e := h.economic[municipality]
		rows[id] = &Holding{Entity: id}
		entry := ReportEntry{
			Organization: x.org(id),
			Basis:        BasisPosition,
			Economic:     decimal.NewNullDecimal(ratDecimal(e, munireg.ExactPlaces)),
			Voting:       decimal.NewNullDecimal(ratDecimal(h.voting[municipality], munireg.ExactPlaces)),
		}
		if bv, ok := h.book[municipality]; ok && !h.noBook[municipality] {
			entry.BookValue = decimal.NewNullDecimal(bv)
		}
		if s, ok := effective[id]; ok {
			entry.Effective = decimal.NewNullDecimal(s)
		}
		out.Entries = append(out.Entries, entry)
	}
	describe(r.Positions, asOf, func(p *Position) bool { return p.Owner == municipality }, func(p *Position) *Holding { return rows[p.Entity] })
	for i := range out.Entries {
		h := rows[out.Entries[i].Organization.ID]
		out.Entries[i].Purpose, out.Entries[i].Category = h.Purpose, h.Category
	}
	for _, in := range interests {
		entry := ReportEntry{Organization: in.Organization, Basis: in.Basis, Purpose: in.Purpose, Category: in.Category, Source: in.Source}
		if in.Share.Valid {
			entry.Economic, entry.Voting = in.Share, in.Share
		}
		if s, ok := effective[in.Organization.ID]; ok {
			entry.Effective = decimal.NewNullDecimal(s)
		}
		out.Entries = append(out.Entries, entry)
	}
	for _, s := range eo.Holdings(municipality) {
		if _, direct := held[s.Entity]; direct {
			continue
		}
		if _, ok := given[s.Entity]; ok {
			continue
		}
		out.Indirect = append(out.Indirect, ReportEntry{Organization: x.org(s.Entity), Basis: BasisIndirect,
			Effective: decimal.NewNullDecimal(s.Share)})
	}
	byName := func(a, b ReportEntry) int {
		if c := strings.Compare(a.Organization.Name, b.Organization.Name); c != 0 {
			return c
		}
		return strings.Compare(a.Organization.ID, b.Organization.ID)
	}
	slices.SortFunc(out.Entries, byName)
	slices.SortFunc(out.Indirect, byName)
	if strings.TrimSpace(principles) == "" {
		out.Gaps.Add("principles", munireg.ErrRequired)
	}
	for i, e := range out.Entries {
		if strings.TrimSpace(e.Purpose) == "" {
			out.Gaps.Add(fmt.Sprintf("entries[%d].purpose", i), fmt.Errorf("%w: no purpose given for %q", munireg.ErrRequired, e.Organization.Name))
		}
	}
	return out, nil
}

// lookThroughInterests looks through for the municipality, with each
// interest that has a share (a KF or FKF without one: all of it) taken as a
// position of the municipality in the body, so that what an IKS or a KF
// holds counts as held through it.
func lookThroughInterests(municipality string, r Records, interests []Interest, x *index, asOf time.Time) (EffectiveOwnership, error) {
	only := func(o string) bool { return o == municipality }
	positions := slices.Clip(r.Positions)
	added := false
	for _, in := range interests {
		share := in.Share
		if !share.Valid && in.Basis == BasisEnterprise {
			share = decimal.NewNullDecimal(one)
		}
		if !share.Valid {
			continue
		}
		added = true
		positions = append(positions, Position{Owner: municipality, Entity: in.Organization.ID, Economic: share.Decimal})
	}
	if !added {
		return lookThrough(x.book, only)
	}
	b, errs := newBook(positions, r.Lists, asOf, nil)
	if err := errs.Err(); err != nil {
		// The interests are valid on their own, so only a sum can fail: a
		// body held more than wholly through positions and interests.
		return EffectiveOwnership{}, err
	}
	return lookThrough(b, only)
}
