package bods

import (
	"cmp"
	"crypto/sha1"
	"encoding/json"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/ownership"
)

// Export returns the BODS 0.4 statements of the ownership in r as of asOf:
// an entity statement for every organization in a position in force on
// asOf, then a relationship statement per owner and organization owned,
// with the direct interests of the positions and the indirect interests of
// the ultimate owners' look-through (see the package documentation).
// published is the publication date written in every statement; the zero
// time means asOf. Only the date of asOf and published counts, in UTC.
//
// It returns the errors of r.Validate and ownership.LookThrough as they
// are.
func Export(r ownership.Records, asOf, published time.Time) ([]Statement, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	eff, err := ownership.LookThrough(r.Positions, r.Lists, asOf)
	if err != nil {
		return nil, err
	}
	if published.IsZero() {
		published = asOf
	}
	orgs := make(map[string]munireg.Organization, len(r.Organizations))
	for _, o := range r.Organizations {
		orgs[o.ID] = o
	}

	// The positions in force, by pair; own shares are no relationship.
	type pair struct{ entity, owner string }
	held := map[pair][]ownership.Position{}
	for _, p := range r.Positions {
		if p.Valid.Contains(asOf) && p.Owner != p.Entity {
			k := pair{p.Entity, p.Owner}
			held[k] = append(held[k], p)
		}
	}
	rels := map[pair]*Relationship{}
	relationship := func(k pair) *Relationship {
		rel := rels[k]
		if rel == nil {
			rel = &Relationship{Subject: k.entity, InterestedParty: k.owner, Interests: []Interest{}}
			rels[k] = rel
		}
		return rel
	}
	direct := map[pair]*big.Rat{}
	for k, ps := range held {
		slices.SortFunc(ps, func(a, b ownership.Position) int {
			return cmp.Or(strings.Compare(a.ShareClass, b.ShareClass), compareStart(a.Valid.From, b.Valid.From), strings.Compare(a.ID, b.ID))
		})
		rel := relationship(k)
		sum := new(big.Rat)
		for _, p := range ps {
			rel.Interests = append(rel.Interests, directInterests(p)...)
			sum.Add(sum, p.EconomicShare())
		}
		direct[k] = sum
	}

	// The ultimate owners' effective shares beyond their direct ones.
	for _, u := range eff.Ultimate() {
		for _, h := range eff.Holdings(u) {
			k := pair{h.Entity, u}
			d := direct[k]
			if d == nil {
				d = new(big.Rat)
			}
			total := h.Rat()
			through := new(big.Rat).Sub(total, d)
			switch through.Sign() {
			case 0:
				continue
			case -1: // Θ ≥ A holds for every look-through; this would be a bug there.
				return nil, fmt.Errorf("bods: effective share %s of %q in %q is below its direct share %s",
					total.RatString(), u, h.Entity, d.RatString())
			}
			pct, exact := percent(through)
			totalPct, totalExact := percent(total)
			details := "look-through: the part held through other organizations; effective share " +
				totalPct.String() + " % in total"
			if d.Sign() > 0 {
				directPct, _ := percent(d)
				details += ", of which " + directPct.String() + " % direct"
			}
			if !exact || !totalExact {
				details += "; " + roundedNote
			}
			rel := relationship(k)
			rel.Interests = append(rel.Interests, Interest{Type: InterestShareholding, DirectOrIndirect: DirectnessIndirect,
				Details: details, Share: Share{pct}})
		}
	}

	// Entities first, then relationships, each in ascending order.
	keys := make([]pair, 0, len(rels))
	involved := map[string]bool{}
	for k := range rels {
		keys = append(keys, k)
		involved[k.entity], involved[k.owner] = true, true
	}
	slices.SortFunc(keys, func(a, b pair) int {
		return cmp.Or(strings.Compare(a.entity, b.entity), strings.Compare(a.owner, b.owner))
	})
	ids := make([]string, 0, len(involved))
	for id := range involved {
		ids = append(ids, id)
	}
	slices.Sort(ids)

	w := writer{
		date: asOf.UTC().Format(time.DateOnly),
		pub: PublicationDetails{PublicationDate: published.UTC().Format(time.DateOnly), BODSVersion: Version,
			Publisher: Agent{Name: Publisher}},
	}
	out := make([]Statement, 0, len(ids)+len(keys))
	for _, id := range ids {
		s, err := w.statement(id, id, entity(orgs[id], asOf))
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	for _, k := range keys {
		s, err := w.statement(RelationshipID(k.entity, k.owner), k.entity, *rels[k])
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// roundedNote marks a share that has no exact decimal percentage.
var roundedNote = fmt.Sprintf("rounded half away from zero to %d decimal places", munireg.ExactPlaces-2)

// directInterests returns a position's direct interests: its shareholding
// and, where the voting share differs, its voting rights.
func directInterests(p ownership.Position) []Interest {
	var notes []string
	if p.ShareClass != "" {
		notes = append(notes, "share class "+p.ShareClass)
	}
	if p.Outstanding > 0 {
		notes = append(notes, fmt.Sprintf("%d of %d shares", p.Held, p.Outstanding))
	}
	start := ""
	if !p.Valid.From.IsZero() {
		start = p.Valid.From.UTC().Format(time.DateOnly)
	}
	interest := func(kind string, share *big.Rat) Interest {
		pct, exact := percent(share)
		n := notes
		if !exact {
			n = append(slices.Clip(n), roundedNote)
		}
		return Interest{Type: kind, DirectOrIndirect: DirectnessDirect, Details: strings.Join(n, "; "),
			Share: Share{pct}, StartDate: start}
	}
	economic, voting := p.EconomicShare(), p.VotingShare()
	out := []Interest{interest(InterestShareholding, economic)}
	if voting.Cmp(economic) != 0 {
		out = append(out, interest(InterestVotingRights, voting))
	}
	return out
}

// compareStart orders start dates with the open start (zero) first.
func compareStart(a, b time.Time) int {
	switch {
	case a.IsZero() && b.IsZero():
		return 0
	case a.IsZero():
		return -1
	case b.IsZero():
		return 1
	}
	return a.Compare(b)
}

// percent returns share × 100, exactly when the share has a finite decimal
// expansion of at most munireg.MaxPlaces places, and otherwise rounded half
// away from zero to munireg.ExactPlaces − 2 places, with false.
func percent(share *big.Rat) (decimal.Decimal, bool) {
	den := new(big.Int).Set(share.Denom())
	places := int32(0)
	for _, f := range []int64{2, 5} {
		n, m := int32(0), new(big.Int)
		for fb := big.NewInt(f); ; n++ {
			q, r := new(big.Int).QuoRem(den, fb, m)
			if r.Sign() != 0 {
				break
			}
			den = q
		}
		places = max(places, n)
	}
	num := new(big.Int).Mul(share.Num(), big.NewInt(100))
	if den.IsInt64() && den.Int64() == 1 && places <= munireg.MaxPlaces {
		// Exact: share × 10^places is an integer, so is share × 100 × 10^places.
		return trim(munireg.Quotient(num, share.Denom(), places)), true
	}
	return trim(munireg.Quotient(num, share.Denom(), munireg.ExactPlaces-2)), false
}

// trim drops trailing zeros after the decimal point: 45.7350 is 45.735,
// 100.00 is 100.
func trim(d decimal.Decimal) decimal.Decimal {
	for d.Exponent() < 0 {
		c := d.Coefficient()
		q, r := new(big.Int).QuoRem(c, big.NewInt(10), new(big.Int))
		if r.Sign() != 0 {
			break
		}
		d = decimal.NewFromBigInt(q, d.Exponent()+1)
	}
	return d
}

// entity returns an organization's entity details as of asOf.
func entity(o munireg.Organization, asOf time.Time) Entity {
	e := Entity{Name: o.Name, EntityType: entityType(o)}
	if o.Kind != munireg.KindOther {
		e.Jurisdiction = &Jurisdiction{Name: jurisdictionNorway, Code: jurisdictionNorwayISO}
	}
	if !o.OrgNumber.IsZero() {
		e.Identifiers = append(e.Identifiers, Identifier{ID: o.OrgNumber.String(), Scheme: SchemeOrgNumber,
			SchemeName: "Brønnøysundregistrene (Enhetsregisteret), organisasjonsnummer"})
	}
	if o.Kind == munireg.KindKommune {
		if n, ok := o.NumberAsOf(asOf); ok {
			e.Identifiers = append(e.Identifiers, Identifier{ID: n.String(), SchemeName: "kommunenummer"})
		}
	}
	if len(e.Identifiers) == 0 {
		e.Identifiers = append(e.Identifiers, Identifier{ID: o.ID, SchemeName: Publisher})
	}
	return e
}

// SchemeOrgNumber is the org-id.guide code of the organisasjonsnummer
// (Brønnøysundregistrene).
const SchemeOrgNumber = "NO-BRC"

// kindNames are the kinds in words, for entityType.details.
var kindNames = map[munireg.Kind]string{
	munireg.KindKommune:       "kommune",
	munireg.KindFylkeskommune: "fylkeskommune",
	munireg.KindState:         "staten",
	munireg.KindStateBody:     "organisasjonsledd i staten",
	munireg.KindIKS:           "interkommunalt selskap",
	munireg.KindAS:            "aksjeselskap",
	munireg.KindASA:           "allmennaksjeselskap",
	munireg.KindSA:            "samvirkeforetak",
	munireg.KindKF:            "kommunalt foretak",
	munireg.KindFKF:           "fylkeskommunalt foretak",
	munireg.KindStiftelse:     "stiftelse",
	munireg.KindForening:      "forening",
	munireg.KindANNA:          "annen juridisk person",
	munireg.KindDA:            "ansvarlig selskap med delt ansvar",
	munireg.KindANS:           "ansvarlig selskap med solidarisk ansvar",
	munireg.KindOther:         "annen organisasjonsform",
}

// entityType returns the BODS entity type of an organization (see the
// package documentation for the table).
func entityType(o munireg.Organization) EntityType {
	t := EntityType{Details: kindNames[o.Kind]}
	if c := o.Kind.Code(); c != "" {
		t.Details += " (" + c + ")"
	}
	switch o.Kind {
	case munireg.KindKommune, munireg.KindFylkeskommune, munireg.KindKF, munireg.KindFKF:
		t.Type, t.Subtype = "stateBody", "other"
	case munireg.KindState:
		t.Type = "state"
	case munireg.KindStateBody:
		t.Type = "stateBody"
	case munireg.KindForening, munireg.KindANNA, munireg.KindOther:
		t.Type = "legalEntity"
		if !o.OrgNumber.IsZero() {
			t.Type = "registeredEntity"
		}
	default:
		t.Type = "registeredEntity"
	}
	return t
}

// writer makes the statements of one export.
type writer struct {
	date string
	pub  PublicationDetails
}

// statement returns the statement of a record.
func (w writer) statement(recordID, subject string, details Details) (Statement, error) {
	b, err := json.Marshal(details)
	if err != nil {
		return Statement{}, err
	}
	return Statement{
		StatementID:        StatementID(recordID, w.date, recordStatusNew, b),
		DeclarationSubject: subject,
		StatementDate:      w.date,
		PublicationDetails: w.pub,
		Source: Source{Description: "munireg: the register of municipal ownership, its positions in force on " +
			w.date + " and the look-through ownership computed from them"},
		RecordID:      recordID,
		RecordType:    details.recordType(),
		RecordStatus:  recordStatusNew,
		RecordDetails: details,
	}, nil
}

// Namespace returns the namespace of the name-based UUIDs of records and
// statements: the version 5 UUID of "urn:munireg:bods" in the URL namespace
// of RFC 9562.
func Namespace() string { return format(namespace()) }

func namespace() [16]byte { return uuidV5(urlNamespace, []byte("urn:munireg:bods")) }

// urlNamespace is RFC 9562's namespace for URLs,
// 6ba7b811-9dad-11d1-80b4-00c04fd430c8.
var urlNamespace = [16]byte{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}

// RelationshipID returns the recordId of the relationship of an interested
// party in a subject.
func RelationshipID(subject, interestedParty string) string {
	return format(uuidV5(namespace(), []byte("relationship\x00"+subject+"\x00"+interestedParty)))
}

// StatementID returns the statementId of a statement about a record: a
// name-based UUID of the record ID, the statement date, the record status
// and the record details as written (JSON).
func StatementID(recordID, date, status string, details []byte) string {
	name := append([]byte("statement\x00"+recordID+"\x00"+date+"\x00"+status+"\x00"), details...)
	return format(uuidV5(namespace(), name))
}

// uuidV5 returns the version 5 (SHA-1, name-based) UUID of name in
// namespace ns (RFC 9562 § 5.5).
func uuidV5(ns [16]byte, name []byte) [16]byte {
	h := sha1.New()
	h.Write(ns[:])
	h.Write(name)
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	return u
}

// format writes a UUID in its canonical form, 8-4-4-4-12 hexadecimal digits.
func format(u [16]byte) string {
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}
