package pgstore

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/shopspring/decimal"
	"github.com/uptrace/bun"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/cooperation"
)

// recordAgreement is the audit log's record type of agreements.
const recordAgreement = "agreement"

type agreementRow struct {
	bun.BaseModel `bun:"table:agreement,alias:a"`
	ID            string    `bun:"id,pk,type:uuid"`
	Version       int64     `bun:"version"`
	Name          string    `bun:"name"`
	NameKey       string    `bun:"name_key"`
	Form          string    `bun:"form"`
	OrgNumber     *string   `bun:"org_number"`
	UpdatedAt     time.Time `bun:"updated_at,nullzero,default:now()"`
}

type versionRow struct {
	bun.BaseModel `bun:"table:agreement_version"`
	AgreementID   string     `bun:"agreement_id,pk,type:uuid"`
	Seq           int        `bun:"seq,pk"`
	Adopted       time.Time  `bun:"adopted,type:date"`
	ValidFrom     time.Time  `bun:"valid_from,type:date"`
	ValidTo       *time.Time `bun:"valid_to,type:date"`
	Purpose       string     `bun:"purpose"`
	HostID        *string    `bun:"host_id,type:uuid"`
	KeyNormalize  bool       `bun:"key_normalize"`
}

type participantRow struct {
	bun.BaseModel  `bun:"table:agreement_participant"`
	AgreementID    string              `bun:"agreement_id,pk,type:uuid"`
	Seq            int                 `bun:"seq,pk"`
	Position       int                 `bun:"position"`
	OrganizationID string              `bun:"organization_id,pk,type:uuid"`
	Ownership      decimal.NullDecimal `bun:"ownership,type:numeric(30,20)"`
	Liability      decimal.NullDecimal `bun:"liability,type:numeric(30,20)"`
	CostShare      decimal.NullDecimal `bun:"cost_share,type:numeric(30,20)"`
	Contribution   decimal.Decimal     `bun:"contribution,type:numeric(20,2)"`
}

type seatRow struct {
	bun.BaseModel  `bun:"table:agreement_seat"`
	AgreementID    string `bun:"agreement_id,pk,type:uuid"`
	Seq            int    `bun:"seq,pk"`
	OrganizationID string `bun:"organization_id,pk,type:uuid"`
	Body           string `bun:"body,pk"`
	Seats          int    `bun:"seats"`
}

type componentRow struct {
	bun.BaseModel `bun:"table:agreement_key_component"`
	AgreementID   string          `bun:"agreement_id,pk,type:uuid"`
	Seq           int             `bun:"seq,pk"`
	Position      int             `bun:"position,pk"`
	Name          string          `bun:"name"`
	Weight        decimal.Decimal `bun:"weight,type:numeric(30,20)"`
	Basis         string          `bun:"basis"`
}

type tariffRow struct {
	bun.BaseModel `bun:"table:agreement_tariff"`
	AgreementID   string              `bun:"agreement_id,pk,type:uuid"`
	Seq           int                 `bun:"seq,pk"`
	Base          decimal.Decimal     `bun:"base,type:numeric(20,2)"`
	Rate          decimal.Decimal     `bun:"rate,type:numeric(30,10)"`
	Basis         string              `bun:"basis"`
	Floor         decimal.NullDecimal `bun:"floor,type:numeric(20,2)"`
	Cap           decimal.NullDecimal `bun:"cap,type:numeric(20,2)"`
}

// agreementRows are an agreement's rows in every table.
type agreementRows struct {
	agreement    agreementRow
	versions     []versionRow
	participants []participantRow
	seats        []seatRow
	components   []componentRow
	tariffs      []tariffRow
}

func toAgreementRows(a cooperation.Agreement) agreementRows {
	r := agreementRows{agreement: agreementRow{ID: a.ID, Version: a.Revision, Name: a.Name, NameKey: nameKey(a.Name), Form: string(a.Form)}}
	if !a.OrgNumber.IsZero() {
		r.agreement.OrgNumber = ptr(a.OrgNumber.String())
	}
	for seq, v := range a.Versions {
		vr := versionRow{AgreementID: a.ID, Seq: seq, Adopted: v.Adopted.UTC(), ValidFrom: v.Valid.From.UTC(),
			ValidTo: datePtr(v.Valid.To), Purpose: v.Purpose, KeyNormalize: v.Key.Normalize}
		if v.Host != "" {
			vr.HostID = ptr(v.Host)
		}
		r.versions = append(r.versions, vr)
		for pos, p := range v.Participants {
			orgID := p.Organization.ID
			r.participants = append(r.participants, participantRow{AgreementID: a.ID, Seq: seq, Position: pos,
				OrganizationID: orgID, Ownership: p.Ownership, Liability: p.Liability, CostShare: p.CostShare,
				Contribution: p.Contribution})
			for _, body := range slices.Sorted(maps.Keys(p.Seats)) {
				r.seats = append(r.seats, seatRow{AgreementID: a.ID, Seq: seq, OrganizationID: orgID,
					Body: body, Seats: p.Seats[body]})
			}
		}
		for pos, c := range v.Key.Components {
			r.components = append(r.components, componentRow{AgreementID: a.ID, Seq: seq, Position: pos,
				Name: c.Name, Weight: c.Weight, Basis: string(c.Basis)})
		}
		if t := v.Tariff; t != nil {
			r.tariffs = append(r.tariffs, tariffRow{AgreementID: a.ID, Seq: seq, Base: t.Base, Rate: t.Rate,
				Basis: string(t.Basis), Floor: t.Floor, Cap: t.Cap})
		}
	}
	return r
}

func (r agreementRows) insert(ctx context.Context, tx bun.IDB) error {
	if _, err := tx.NewInsert().Model(&r.agreement).Exec(ctx); err != nil {
		return err
	}
	return r.insertChildren(ctx, tx)
}

func (r agreementRows) insertChildren(ctx context.Context, tx bun.IDB) error {
	return errorsFirst(
		func() error { return insertRows(ctx, tx, r.versions) },
		func() error { return insertRows(ctx, tx, r.participants) },
		func() error { return insertRows(ctx, tx, r.seats) },
		func() error { return insertRows(ctx, tx, r.components) },
		func() error { return insertRows(ctx, tx, r.tariffs) },
	)
}

// resolveParticipants replaces each participant's Organization with the
// stored one (the caller names it by ID; its kind, numbers and population
// come from the register), reading in tx, for any number of agreements at
// once. Unknown IDs are validation errors, named as fields of the agreement
// they are in ("versions[i].participants[j].organization.id").
func resolveParticipants(ctx context.Context, tx bun.IDB, agreements ...*cooperation.Agreement) error {
	var ids []string
	for _, a := range agreements {
		for _, v := range a.Versions {
			for _, p := range v.Participants {
				if checkID(p.Organization.ID) == nil {
					ids = append(ids, p.Organization.ID)
				}
			}
		}
	}
	orgs := map[string]munireg.Organization{}
	if len(ids) > 0 {
		var rows []organizationRow
		if err := tx.NewSelect().Model(&rows).Where("id IN (?)", bun.List(ids)).Scan(ctx); err != nil {
			return err
		}
		loaded, err := loadOrganizations(ctx, tx, rows, time.Time{})
		if err != nil {
			return err
		}
		for _, o := range loaded {
			orgs[o.ID] = o
		}
	}
	var errs munireg.ValidationErrors
	for _, a := range agreements {
		for i := range a.Versions {
			for j := range a.Versions[i].Participants {
				p := &a.Versions[i].Participants[j]
				if o, ok := orgs[p.Organization.ID]; ok {
					p.Organization = o
				} else {
					errs.Add(fmt.Sprintf("versions[%d].participants[%d].organization.id", i, j),
						fmt.Errorf("%w: no such organization %q", munireg.ErrNotFound, p.Organization.ID))
				}
			}
		}
	}
	return errs.Err()
}

// validateAgreement is cooperation.Agreement.Validate plus what the
// register keeps exactly: shares and weights to 20 places, contributions to
// the øre.
func validateAgreement(a cooperation.Agreement) error {
	var errs munireg.ValidationErrors
	errs.Merge("", a.Validate())
	if len(errs) > 0 {
		return errs
	}
	for i, v := range a.Versions {
		for j, p := range v.Participants {
			field := fmt.Sprintf("versions[%d].participants[%d].", i, j)
			share.checkNull(&errs, field+"ownership", p.Ownership)
			share.checkNull(&errs, field+"liability", p.Liability)
			share.checkNull(&errs, field+"costShare", p.CostShare)
			money.check(&errs, field+"contribution", p.Contribution)
		}
		for j, c := range v.Key.Components {
			share.check(&errs, fmt.Sprintf("versions[%d].key.components[%d].weight", i, j), c.Weight)
		}
		if t := v.Tariff; t != nil {
			field := fmt.Sprintf("versions[%d].tariff.", i)
			money.check(&errs, field+"base", t.Base)
			rate.check(&errs, field+"rate", t.Rate)
			money.checkNull(&errs, field+"floor", t.Floor)
			money.checkNull(&errs, field+"cap", t.Cap)
		}
	}
	return errs.Err()
}

// CreateAgreement stores a new agreement with its versions, participants
// (named by organization ID; the register supplies the rest), seats and
// keys, and returns it with its new ID and revision 1. The agreement is
// validated against the law (cooperation.Agreement.Validate) with the
// participants as stored, inside the writing transaction.
func (s *Store) CreateAgreement(ctx context.Context, a cooperation.Agreement) (cooperation.Agreement, error) {
	a.ID, a.Revision = newID(), 1
	err := s.write(ctx, func(ctx context.Context, tx bun.Tx, actor munireg.Actor) error {
		if err := actor.MayChange(steward(a)); err != nil {
			return err
		}
		if err := resolveParticipants(ctx, tx, &a); err != nil {
			return err
		}
		if err := validateAgreement(a); err != nil {
			return err
		}
		if err := toAgreementRows(a).insert(ctx, tx); err != nil {
			return err
		}
		return audit(ctx, tx, actor, actionCreate, recordAgreement, a.ID, nil, snapshotAgreement(a))
	})
	if err != nil {
		return cooperation.Agreement{}, err
	}
	return a, nil
}

// FindAgreementByID returns the agreement with all its versions; each
// participant's Organization is the stored organization. Unknown IDs give
// munireg.ErrNotFound.
func (s *Store) FindAgreementByID(ctx context.Context, id string) (cooperation.Agreement, error) {
	if err := checkID(id); err != nil {
		return cooperation.Agreement{}, err
	}
	a, err := findAgreement(ctx, s.db, id, false)
	return a, storeError(err)
}

func findAgreement(ctx context.Context, db bun.IDB, id string, forUpdate bool) (cooperation.Agreement, error) {
	var row agreementRow
	q := db.NewSelect().Model(&row).Where("id = ?", id)
	if forUpdate {
		q = q.For("UPDATE")
	}
	if err := q.Scan(ctx); err != nil {
		return cooperation.Agreement{}, err
	}
	all, err := loadAgreements(ctx, db, []agreementRow{row})
	if err != nil {
		return cooperation.Agreement{}, err
	}
	return all[0], nil
}

// loadAgreements assembles the agreements of rows with everything they
// hold: one query per child table and one for the participating
// organizations, however many agreements there are.
func loadAgreements(ctx context.Context, db bun.IDB, rows []agreementRow) ([]cooperation.Agreement, error) {
	if len(rows) == 0 {
		return []cooperation.Agreement{}, nil
	}
	ids := make([]string, len(rows))
	byID := make(map[string]*agreementRows, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
		byID[r.ID] = &agreementRows{agreement: r}
	}
	var (
		versions     []versionRow
		participants []participantRow
		seats        []seatRow
		components   []componentRow
		tariffs      []tariffRow
	)
	for _, load := range []struct {
		rows  any
		order string
	}{
		{&versions, "agreement_id, seq"},
		{&participants, "agreement_id, seq, position"},
		{&seats, "agreement_id, seq, organization_id, body"},
		{&components, "agreement_id, seq, position"},
		{&tariffs, "agreement_id, seq"},
	} {
		if err := db.NewSelect().Model(load.rows).Where("agreement_id IN (?)", bun.List(ids)).
			OrderExpr(load.order).Scan(ctx); err != nil {
			return nil, err
		}
	}
	for _, v := range versions {
		byID[v.AgreementID].versions = append(byID[v.AgreementID].versions, v)
	}
	for _, p := range participants {
		byID[p.AgreementID].participants = append(byID[p.AgreementID].participants, p)
	}
	for _, st := range seats {
		byID[st.AgreementID].seats = append(byID[st.AgreementID].seats, st)
	}
	for _, c := range components {
		byID[c.AgreementID].components = append(byID[c.AgreementID].components, c)
	}
	for _, t := range tariffs {
		byID[t.AgreementID].tariffs = append(byID[t.AgreementID].tariffs, t)
	}
	out := make([]cooperation.Agreement, len(rows))
	ptrs := make([]*cooperation.Agreement, len(rows))
	for i, r := range rows {
		out[i] = byID[r.ID].toAgreement()
		ptrs[i] = &out[i]
	}
	if err := resolveParticipants(ctx, db, ptrs...); err != nil {
		return nil, fmt.Errorf("pgstore: stored agreements: %w", err)
	}
	return out, nil
}

// toAgreement assembles the domain value; each participant's Organization
// holds only its ID (see resolveParticipants).
func (r agreementRows) toAgreement() cooperation.Agreement {
	a := cooperation.Agreement{ID: r.agreement.ID, Revision: r.agreement.Version, Name: r.agreement.Name,
		Form: cooperation.Form(r.agreement.Form)}
	if r.agreement.OrgNumber != nil {
		// The column's CHECK admits nine digits only; the check digit was
		// validated on the way in.
		a.OrgNumber, _ = munireg.ParseOrgNumber(*r.agreement.OrgNumber)
	}
	for _, v := range r.versions {
		ver := cooperation.Version{Adopted: v.Adopted.UTC(), Valid: munireg.Period{From: v.ValidFrom.UTC(), To: dateOf(v.ValidTo)},
			Purpose: v.Purpose, Key: cooperation.Key{Normalize: v.KeyNormalize}}
		if v.HostID != nil {
			ver.Host = *v.HostID
		}
		a.Versions = append(a.Versions, ver)
	}
	for _, p := range r.participants {
		a.Versions[p.Seq].Participants = append(a.Versions[p.Seq].Participants, cooperation.Participant{
			Organization: munireg.Organization{ID: p.OrganizationID}, Ownership: p.Ownership,
			Liability: p.Liability, CostShare: p.CostShare, Contribution: p.Contribution})
	}
	for _, st := range r.seats {
		ps := a.Versions[st.Seq].Participants
		for i := range ps {
			if ps[i].Organization.ID == st.OrganizationID {
				if ps[i].Seats == nil {
					ps[i].Seats = map[string]int{}
				}
				ps[i].Seats[st.Body] = st.Seats
			}
		}
	}
	for _, c := range r.components {
		k := &a.Versions[c.Seq].Key
		k.Components = append(k.Components, cooperation.Component{Name: c.Name, Weight: c.Weight, Basis: cooperation.Basis(c.Basis)})
	}
	for _, t := range r.tariffs {
		a.Versions[t.Seq].Tariff = &cooperation.Tariff{Base: t.Base, Rate: t.Rate, Basis: cooperation.Basis(t.Basis),
			Floor: t.Floor, Cap: t.Cap}
	}
	return a
}

// agreementKeyset pages agreements by name, then ID.
var agreementKeyset = keyset[agreementRow]{table: "agreement AS a", key: "a.name_key", id: "a.id",
	cursor: func(r agreementRow) (string, string) { return r.NameKey, r.ID }}

// FindAgreements lists agreements in order of name (ignoring case), then
// ID, a page at a time. A name that is not text (munireg.CheckText) is a
// ValidationError on "name".
func (s *Store) FindAgreements(ctx context.Context, f cooperation.AgreementFilter) (munireg.Page[cooperation.Agreement], error) {
	if err := checkNameFilter(f.Name); err != nil {
		return munireg.Page[cooperation.Agreement]{}, err
	}
	if f.Participant != nil && checkID(*f.Participant) != nil {
		return munireg.Page[cooperation.Agreement]{Items: []cooperation.Agreement{}}, nil
	}
	inForce := "v.agreement_id = a.id AND v.valid_from <= ? AND (v.valid_to IS NULL OR v.valid_to > ?)"
	filter := func(q *bun.SelectQuery) *bun.SelectQuery {
		if f.Form != nil {
			q = q.Where("a.form = ?", string(*f.Form))
		}
		if f.Name != nil {
			q = q.Where("a.name_key LIKE ? ESCAPE '\\'", "%"+escapeLike(nameKey(*f.Name))+"%")
		}
		switch {
		case f.Participant != nil && !f.AsOf.IsZero():
			q = q.Where("EXISTS (SELECT 1 FROM agreement_version v JOIN agreement_participant p "+
				"ON p.agreement_id = v.agreement_id AND p.seq = v.seq WHERE "+inForce+" AND p.organization_id = ?)",
				f.AsOf, f.AsOf, *f.Participant)
		case f.Participant != nil:
			q = q.Where("EXISTS (SELECT 1 FROM agreement_participant p WHERE p.agreement_id = a.id AND p.organization_id = ?)",
				*f.Participant)
		case !f.AsOf.IsZero():
			q = q.Where("EXISTS (SELECT 1 FROM agreement_version v WHERE "+inForce+")", f.AsOf, f.AsOf)
		}
		return q
	}
	rows, total, next, err := agreementKeyset.page(ctx, s.db, filter, f.After, f.Limit)
	if err != nil {
		return munireg.Page[cooperation.Agreement]{}, err
	}
	page := munireg.Page[cooperation.Agreement]{Total: total, Next: next}
	items, err := loadAgreements(ctx, s.db, rows)
	if err != nil {
		return munireg.Page[cooperation.Agreement]{}, storeError(err)
	}
	page.Items = items
	return page, nil
}

// UpdateAgreement applies u if the agreement's revision is still revision,
// validates the result with the participants as stored, and returns it with
// the next revision. A stale revision changes nothing (munireg.ErrConflict).
// The agreement row is locked for the check, so two writers cannot each
// keep the shares valid on their own and break them together.
func (s *Store) UpdateAgreement(ctx context.Context, id string, revision int64, u cooperation.AgreementUpdate) (cooperation.Agreement, error) {
	return s.changeAgreement(ctx, id, revision, func(a *cooperation.Agreement) {
		if u.Name != nil {
			a.Name = *u.Name
		}
		if u.OrgNumber != nil {
			a.OrgNumber = *u.OrgNumber
		}
		if u.Versions != nil {
			a.Versions = slices.Clone(*u.Versions)
		}
	})
}

// AddAgreementVersion appends a newly adopted version. When the version
// before it is open-ended, it ends where the new one begins.
func (s *Store) AddAgreementVersion(ctx context.Context, id string, revision int64, v cooperation.Version) (cooperation.Agreement, error) {
	return s.changeAgreement(ctx, id, revision, func(a *cooperation.Agreement) {
		a.Versions = slices.Clone(a.Versions)
		if n := len(a.Versions); n > 0 && a.Versions[n-1].Valid.To.IsZero() && v.Valid.From.After(a.Versions[n-1].Valid.From) {
			a.Versions[n-1].Valid.To = v.Valid.From
		}
		a.Versions = append(a.Versions, v)
	})
}

func (s *Store) changeAgreement(ctx context.Context, id string, revision int64, apply func(*cooperation.Agreement)) (cooperation.Agreement, error) {
	if err := checkID(id); err != nil {
		return cooperation.Agreement{}, err
	}
	var after cooperation.Agreement
	err := s.write(ctx, func(ctx context.Context, tx bun.Tx, actor munireg.Actor) error {
		before, err := findAgreement(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if err := actor.MayChange(steward(before)); err != nil {
			return err
		}
		if before.Revision != revision {
			return munireg.ErrConflict
		}
		after = before
		apply(&after)
		if err := actor.MayChange(steward(after)); err != nil {
			return err
		}
		after.ID, after.Revision = id, revision+1
		if err := resolveParticipants(ctx, tx, &after); err != nil {
			return err
		}
		if err := validateAgreement(after); err != nil {
			return err
		}
		// The children are written anew under the locked root.
		for _, model := range []any{(*tariffRow)(nil), (*componentRow)(nil), (*seatRow)(nil), (*participantRow)(nil), (*versionRow)(nil)} {
			if _, err := tx.NewDelete().Model(model).Where("agreement_id = ?", id).Exec(ctx); err != nil {
				return err
			}
		}
		rows := toAgreementRows(after)
		res, err := tx.NewUpdate().Model(&rows.agreement).Column("version", "name", "name_key", "org_number").
			Set("updated_at = now()").Where("id = ? AND version = ?", id, revision).Exec(ctx)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return munireg.ErrConflict
		}
		if err := rows.insertChildren(ctx, tx); err != nil {
			return err
		}
		return audit(ctx, tx, actor, actionUpdate, recordAgreement, id, snapshotAgreement(before), snapshotAgreement(after))
	})
	if err != nil {
		return cooperation.Agreement{}, err
	}
	return after, nil
}

// steward is the organization whose editors may change the agreement and
// issue its budgets: the host (vertskommune, kontorkommune) of its latest
// version, "" when it has none (then only an admin may). Handing the
// agreement to another host needs the right to both.
func steward(a cooperation.Agreement) string {
	if n := len(a.Versions); n > 0 {
		return a.Versions[n-1].Host
	}
	return ""
}

// agreementSnapshot is an agreement as the audit log records it.
type agreementSnapshot struct {
	ID        string            `json:"id"`
	Revision  int64             `json:"revision"`
	Name      string            `json:"name"`
	Form      string            `json:"form"`
	OrgNumber string            `json:"orgNumber,omitempty"`
	Versions  []versionSnapshot `json:"versions"`
}

type versionSnapshot struct {
	Adopted      string                `json:"adopted"`
	ValidFrom    string                `json:"validFrom"`
	ValidTo      string                `json:"validTo,omitempty"`
	Purpose      string                `json:"purpose,omitempty"`
	Host         string                `json:"host,omitempty"`
	Participants []participantSnapshot `json:"participants"`
	Key          []componentSnapshot   `json:"key,omitempty"`
	Normalize    bool                  `json:"normalize,omitempty"`
	Tariff       *tariffSnapshot       `json:"tariff,omitempty"`
}

type tariffSnapshot struct {
	Base  string `json:"base"`
	Rate  string `json:"rate"`
	Basis string `json:"basis"`
	Floor string `json:"floor,omitempty"`
	Cap   string `json:"cap,omitempty"`
}

type participantSnapshot struct {
	Organization string         `json:"organization"`
	Ownership    string         `json:"ownership,omitempty"`
	Liability    string         `json:"liability,omitempty"`
	CostShare    string         `json:"costShare,omitempty"`
	Contribution string         `json:"contribution"`
	Seats        map[string]int `json:"seats,omitempty"`
}

type componentSnapshot struct {
	Name   string `json:"name"`
	Weight string `json:"weight"`
	Basis  string `json:"basis"`
}

func nullString(d decimal.NullDecimal) string {
	if !d.Valid {
		return ""
	}
	return d.Decimal.String()
}

func snapshotAgreement(a cooperation.Agreement) agreementSnapshot {
	s := agreementSnapshot{ID: a.ID, Revision: a.Revision, Name: a.Name, Form: string(a.Form),
		OrgNumber: a.OrgNumber.String(), Versions: []versionSnapshot{}}
	for _, v := range a.Versions {
		vs := versionSnapshot{Adopted: dateString(v.Adopted), ValidFrom: dateString(v.Valid.From),
			ValidTo: dateString(v.Valid.To), Purpose: v.Purpose, Host: v.Host, Normalize: v.Key.Normalize,
			Participants: []participantSnapshot{}}
		for _, p := range v.Participants {
			vs.Participants = append(vs.Participants, participantSnapshot{Organization: p.Organization.ID,
				Ownership: nullString(p.Ownership), Liability: nullString(p.Liability), CostShare: nullString(p.CostShare),
				Contribution: p.Contribution.StringFixed(2), Seats: p.Seats})
		}
		for _, c := range v.Key.Components {
			vs.Key = append(vs.Key, componentSnapshot{Name: c.Name, Weight: c.Weight.String(), Basis: string(c.Basis)})
		}
		if t := v.Tariff; t != nil {
			vs.Tariff = &tariffSnapshot{Base: t.Base.String(), Rate: t.Rate.String(), Basis: string(t.Basis),
				Floor: nullString(t.Floor), Cap: nullString(t.Cap)}
		}
		s.Versions = append(s.Versions, vs)
	}
	return s
}
