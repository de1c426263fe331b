package archive

import (
	"fmt"
	"maps"

	"github.com/shopspring/decimal"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/cooperation"
	"github.com/munireg/munireg/ownership"
)

// The conversions between the document's records and the domain's values.
// From* take a value as the store reads it; Domain returns the domain
// value, with ValidationErrors (fields relative to the record) for what
// cannot be parsed. Whether the value is valid is the domain's Validate's
// business, and the store's.

// FromOrganization returns o as a document record.
func FromOrganization(o munireg.Organization) Organization {
	out := Organization{ID: o.ID, Revision: o.Revision, Name: o.Name, Kind: string(o.Kind),
		OrgNumber: o.OrgNumber.String(), Valid: PeriodOf(o.Valid)}
	for _, n := range o.MunicipalityHistory {
		out.MunicipalityHistory = append(out.MunicipalityHistory, NumberPeriod{Number: n.Number.String(), Valid: PeriodOf(n.Valid)})
	}
	for _, c := range o.Population {
		out.Population = append(out.Population, PopulationCount{Date: DateOf(c.Date), Count: c.Count})
	}
	return out
}

// Domain returns the organization (fields "orgNumber",
// "municipalityHistory[i].number").
func (o Organization) Domain() (munireg.Organization, error) {
	var errs munireg.ValidationErrors
	out := munireg.Organization{ID: o.ID, Revision: o.Revision, Name: o.Name, Kind: munireg.Kind(o.Kind),
		Valid: o.Valid.Domain(), OrgNumber: orgNumber(&errs, "orgNumber", o.OrgNumber)}
	for i, n := range o.MunicipalityHistory {
		num, err := munireg.ParseMunicipalityNumber(n.Number)
		if err != nil {
			errs.Add(fmt.Sprintf("municipalityHistory[%d].number", i), err)
		}
		out.MunicipalityHistory = append(out.MunicipalityHistory, munireg.NumberPeriod{Number: num, Valid: n.Valid.Domain()})
	}
	for _, c := range o.Population {
		out.Population = append(out.Population, munireg.PopulationCount{Date: c.Date.Time(), Count: c.Count})
	}
	return out, errs.Err()
}

func orgNumber(errs *munireg.ValidationErrors, field, s string) munireg.OrgNumber {
	if s == "" {
		return munireg.OrgNumber{}
	}
	n, err := munireg.ParseOrgNumber(s)
	if err != nil {
		errs.Add(field, err)
	}
	return n
}

// FromSuccession returns s as a document record.
func FromSuccession(s munireg.Succession) Succession {
	return Succession{Predecessor: s.Predecessor, Successor: s.Successor, Effective: DateOf(s.Effective)}
}

// Domain returns the succession.
func (s Succession) Domain() munireg.Succession {
	return munireg.Succession{Predecessor: s.Predecessor, Successor: s.Successor, Effective: s.Effective.Time()}
}

// FromAgreement returns a as a document record; participants are named by
// their organizations' IDs.
func FromAgreement(a cooperation.Agreement) Agreement {
	out := Agreement{ID: a.ID, Revision: a.Revision, Name: a.Name, Form: string(a.Form), OrgNumber: a.OrgNumber.String(),
		Versions: []AgreementVersion{}}
	for _, v := range a.Versions {
		ver := AgreementVersion{Adopted: DateOf(v.Adopted), Valid: PeriodOf(v.Valid), Purpose: v.Purpose, Host: v.Host,
			Participants: []Participant{}, Key: fromKey(v.Key)}
		for _, p := range v.Participants {
			ver.Participants = append(ver.Participants, Participant{Organization: p.Organization.ID,
				Ownership: NullDec(p.Ownership), Liability: NullDec(p.Liability), CostShare: NullDec(p.CostShare),
				Contribution: Dec(p.Contribution), Seats: maps.Clone(p.Seats)})
		}
		if t := v.Tariff; t != nil {
			ver.Tariff = &Tariff{Base: Dec(t.Base), Rate: Dec(t.Rate), Basis: string(t.Basis), Floor: NullDec(t.Floor), Cap: NullDec(t.Cap)}
		}
		out.Versions = append(out.Versions, ver)
	}
	return out
}

func fromKey(k cooperation.Key) Key {
	out := Key{Normalize: k.Normalize, Components: []Component{}}
	for _, c := range k.Components {
		out.Components = append(out.Components, Component{Name: c.Name, Weight: Dec(c.Weight), Basis: string(c.Basis)})
	}
	return out
}

func (k Key) domain() cooperation.Key {
	out := cooperation.Key{Normalize: k.Normalize}
	for _, c := range k.Components {
		out.Components = append(out.Components, cooperation.Component{Name: c.Name, Weight: c.Weight.Value(), Basis: cooperation.Basis(c.Basis)})
	}
	return out
}

// Domain returns the agreement; each participant's Organization holds only
// its ID (field "orgNumber").
func (a Agreement) Domain() (cooperation.Agreement, error) {
	var errs munireg.ValidationErrors
	out := cooperation.Agreement{ID: a.ID, Revision: a.Revision, Name: a.Name, Form: cooperation.Form(a.Form),
		OrgNumber: orgNumber(&errs, "orgNumber", a.OrgNumber)}
	for _, v := range a.Versions {
		ver := cooperation.Version{Adopted: v.Adopted.Time(), Valid: v.Valid.Domain(), Purpose: v.Purpose, Host: v.Host,
			Key: v.Key.domain()}
		for _, p := range v.Participants {
			ver.Participants = append(ver.Participants, cooperation.Participant{Organization: munireg.Organization{ID: p.Organization},
				Ownership: NullValue(p.Ownership), Liability: NullValue(p.Liability), CostShare: NullValue(p.CostShare),
				Contribution: p.Contribution.Value(), Seats: maps.Clone(p.Seats)})
		}
		if t := v.Tariff; t != nil {
			ver.Tariff = &cooperation.Tariff{Base: t.Base.Value(), Rate: t.Rate.Value(), Basis: cooperation.Basis(t.Basis),
				Floor: NullValue(t.Floor), Cap: NullValue(t.Cap)}
		}
		out.Versions = append(out.Versions, ver)
	}
	return out, errs.Err()
}

// FromBudget returns b as a document record: its inputs and rows as
// issued (not its sum and difference, which follow from them).
func FromBudget(b cooperation.Budget) Budget {
	out := Budget{ID: b.ID, Agreement: b.Agreement, Year: b.Year, AsOf: DateOf(b.AsOf), Issued: b.Issued.UTC(),
		Key: fromKey(b.Key), Parties: []Party{}, Allocation: Allocation{Total: Dec(b.Allocation.Total), Rows: []BudgetRow{},
			Rounding: Rounding{Unit: Dec(b.Allocation.Rounding.Unit), Policy: string(b.Allocation.Rounding.Policy)}}}
	for _, p := range b.Parties {
		party := Party{Ref: p.Ref, Population: p.Population, Share: Dec(p.Share), Ownership: Dec(p.Ownership)}
		if len(p.Metrics) > 0 {
			party.Metrics = make(map[string]Decimal, len(p.Metrics))
			for k, v := range p.Metrics {
				party.Metrics[k] = Dec(v)
			}
		}
		out.Parties = append(out.Parties, party)
	}
	for _, r := range b.Allocation.Rows {
		row := BudgetRow{Ref: r.Ref, Amount: Dec(r.Amount), Exact: Dec(r.Exact), Breakdown: []Decimal{}}
		for _, d := range r.Breakdown {
			row.Breakdown = append(row.Breakdown, Dec(d))
		}
		out.Allocation.Rows = append(out.Allocation.Rows, row)
	}
	return out
}

// Domain returns the budget, its allocation's sum and difference computed
// from its rows.
func (b Budget) Domain() cooperation.Budget {
	out := cooperation.Budget{ID: b.ID, Agreement: b.Agreement, Year: b.Year, AsOf: b.AsOf.Time(), Issued: b.Issued.UTC(),
		Key: b.Key.domain()}
	for _, p := range b.Parties {
		party := cooperation.Party{Ref: p.Ref, Population: p.Population, Share: p.Share.Value(), Ownership: p.Ownership.Value()}
		if len(p.Metrics) > 0 {
			party.Metrics = make(map[string]decimal.Decimal, len(p.Metrics))
			for k, v := range p.Metrics {
				party.Metrics[k] = v.Value()
			}
		}
		out.Parties = append(out.Parties, party)
	}
	in := b.Allocation
	a := cooperation.Allocation{Total: in.Total.Value(), Key: out.Key, Sum: decimal.Zero,
		Rounding: munireg.Rounding{Unit: in.Rounding.Unit.Value(), Policy: munireg.RoundingPolicy(in.Rounding.Policy)}}
	for _, r := range in.Rows {
		row := cooperation.Row{Portion: munireg.Portion{Ref: r.Ref, Amount: r.Amount.Value(), Exact: r.Exact.Value()}}
		for _, d := range r.Breakdown {
			row.Breakdown = append(row.Breakdown, d.Value())
		}
		a.Rows = append(a.Rows, row)
		a.Sum = a.Sum.Add(row.Amount)
	}
	a.Difference = a.Sum.Sub(a.Total)
	out.Allocation = a
	return out
}

// FromPosition returns p as a document record.
func FromPosition(p ownership.Position) Position {
	return Position{ID: p.ID, Revision: p.Revision, Owner: p.Owner, Entity: p.Entity, Economic: Dec(p.Economic),
		Voting: NullDec(p.Voting), ShareClass: p.ShareClass, Held: p.Held, Outstanding: p.Outstanding,
		BookValue: NullDec(p.BookValue), Valid: PeriodOf(p.Valid), Purpose: p.Purpose, Category: string(p.Category)}
}

// Domain returns the position.
func (p Position) Domain() ownership.Position {
	return ownership.Position{ID: p.ID, Revision: p.Revision, Owner: p.Owner, Entity: p.Entity, Economic: p.Economic.Value(),
		Voting: NullValue(p.Voting), ShareClass: p.ShareClass, Held: p.Held, Outstanding: p.Outstanding,
		BookValue: NullValue(p.BookValue), Valid: p.Valid.Domain(), Purpose: p.Purpose, Category: ownership.Category(p.Category)}
}

// FromOwnerList returns l as a document record.
func FromOwnerList(l ownership.OwnerList) OwnerList {
	return OwnerList{Entity: l.Entity, Complete: l.Complete, Tolerance: string(l.Tolerance), Places: l.Places}
}

// Domain returns the owner list.
func (l OwnerList) Domain() ownership.OwnerList {
	return ownership.OwnerList{Entity: l.Entity, Complete: l.Complete, Tolerance: ownership.Tolerance(l.Tolerance), Places: l.Places}
}

// FromFlow returns f as a document record.
func FromFlow(f ownership.Flow) Flow {
	return Flow{ID: f.ID, Revision: f.Revision, Owner: f.Owner, Entity: f.Entity, Kind: string(f.Kind), Year: f.Year,
		Paid: DateOf(f.Paid), Amount: Dec(f.Amount), Direction: string(f.Direction)}
}

// Domain returns the flow.
func (f Flow) Domain() ownership.Flow {
	return ownership.Flow{ID: f.ID, Revision: f.Revision, Owner: f.Owner, Entity: f.Entity, Kind: ownership.FlowKind(f.Kind),
		Year: f.Year, Paid: f.Paid.Time(), Amount: f.Amount.Value(), Direction: ownership.Direction(f.Direction)}
}

// FromBalance returns b as a document record.
func FromBalance(b ownership.Balance) Balance {
	return Balance{Owner: b.Owner, Entity: b.Entity, Kind: string(b.Kind), Date: DateOf(b.Date), Amount: Dec(b.Amount)}
}

// Domain returns the balance.
func (b Balance) Domain() ownership.Balance {
	return ownership.Balance{Owner: b.Owner, Entity: b.Entity, Kind: ownership.BalanceKind(b.Kind), Date: b.Date.Time(),
		Amount: b.Amount.Value()}
}

// FromForum returns f as a document record.
func FromForum(f ownership.Forum) Forum {
	owners := append([]string{}, f.Owners...)
	return Forum{ID: f.ID, Revision: f.Revision, Name: f.Name, Description: f.Description, Owners: owners}
}

// Domain returns the forum.
func (f Forum) Domain() ownership.Forum {
	return ownership.Forum{ID: f.ID, Revision: f.Revision, Name: f.Name, Description: f.Description,
		Owners: append([]string(nil), f.Owners...)}
}
