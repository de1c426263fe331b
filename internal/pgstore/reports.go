package pgstore

import (
	"context"
	"time"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/cooperation"
	"github.com/munireg/munireg/ownership"
)

// participations returns the agreements with a version in force on asOf in
// which the organization takes part, every page of them.
func (s *Store) participations(ctx context.Context, org string, asOf time.Time) ([]cooperation.Agreement, error) {
	var out []cooperation.Agreement
	f := cooperation.AgreementFilter{Participant: &org, AsOf: asOf, Limit: 1000}
	for {
		page, err := s.FindAgreements(ctx, f)
		if err != nil {
			return nil, err
		}
		out = append(out, page.Items...)
		if page.Next == "" {
			return out, nil
		}
		f.After = page.Next
	}
}

// CooperationOverview is the § 17-3 overview of a municipality's
// inter-municipal cooperation as of a date (cooperation.OverviewOf over the
// agreements it takes part in then). Unknown IDs give munireg.ErrNotFound.
func (s *Store) CooperationOverview(ctx context.Context, org string, asOf time.Time) (cooperation.Overview, error) {
	o, err := s.FindOrganizationByID(ctx, org, asOf)
	if err != nil {
		return cooperation.Overview{}, err
	}
	agreements, err := s.participations(ctx, org, asOf)
	if err != nil {
		return cooperation.Overview{}, err
	}
	return cooperation.OverviewOf(o, agreements, asOf)
}

// OwnershipReport gathers the data of a municipality's § 26-1 ownership
// report as of a date (ownership.OwnershipReport): its positions and
// everything held through them, and, as interests, its participations in
// cooperations that are legal persons of their own (IKS, AS, SA, and the
// forms that may be one when the agreement has an organisasjonsnummer),
// whose eierandel lives in the agreement version — one fact, one place.
// The register keeps no principles text yet, so the report lists it among
// its gaps.
func (s *Store) OwnershipReport(ctx context.Context, org string, asOf time.Time) (ownership.Report, error) {
	if _, err := s.FindOrganizationByID(ctx, org, asOf); err != nil {
		return ownership.Report{}, err
	}
	r, err := s.records(ctx, recordsQuery{
		positions: "p.entity_id IN (WITH RECURSIVE down(id) AS (SELECT ?::uuid UNION " +
			"SELECT p.entity_id FROM position AS p JOIN down ON p.owner_id = down.id WHERE " + inForce +
			") SELECT id FROM down) AND " + inForce,
		positionsArgs: []any{org, asOf, asOf, asOf, asOf},
		flows:         "false",
		also:          []string{org},
	})
	if err != nil {
		return ownership.Report{}, storeError(err)
	}
	agreements, err := s.participations(ctx, org, asOf)
	if err != nil {
		return ownership.Report{}, err
	}
	var interests []ownership.Interest
	for _, a := range agreements {
		person := a.Form.LegalPerson()
		if person == cooperation.LegalPersonNo || person == cooperation.LegalPersonOptional && a.OrgNumber.IsZero() {
			continue
		}
		v, _ := a.AsOf(asOf)
		for _, p := range v.Participants {
			if p.Organization.ID != org {
				continue
			}
			body, err := s.cooperationBody(ctx, a, asOf)
			if err != nil {
				return ownership.Report{}, err
			}
			interests = append(interests, ownership.Interest{
				Organization: body,
				Basis:        ownership.BasisParticipation, Share: p.Ownership, Purpose: v.Purpose,
				Source: "agreement " + a.Name + ", version in force from " + v.Valid.From.Format(time.DateOnly)})
		}
	}
	return ownership.OwnershipReport(org, "", r, interests, asOf)
}

// cooperationBody is the legal person of a cooperation: the organization in
// the register with the agreement's organisasjonsnummer (so that what it
// owns shows in the look-through), or else the agreement itself as an
// organization of the form's kind.
func (s *Store) cooperationBody(ctx context.Context, a cooperation.Agreement, asOf time.Time) (munireg.Organization, error) {
	if !a.OrgNumber.IsZero() {
		page, err := s.FindOrganizations(ctx, munireg.OrganizationFilter{OrgNumber: &a.OrgNumber})
		if err != nil {
			return munireg.Organization{}, err
		}
		if len(page.Items) == 1 {
			return page.Items[0], nil
		}
	}
	return munireg.Organization{ID: a.ID, Name: a.Name, Kind: formKind(a.Form), OrgNumber: a.OrgNumber}, nil
}

// formKind is the kind of organization a cooperation of a form is.
func formKind(f cooperation.Form) munireg.Kind {
	switch f {
	case cooperation.FormIKS:
		return munireg.KindIKS
	case cooperation.FormAS:
		return munireg.KindAS
	case cooperation.FormSA:
		return munireg.KindSA
	case cooperation.FormAssociation:
		return munireg.KindForening
	}
	return munireg.KindANNA
}
