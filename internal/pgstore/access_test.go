package pgstore_test

import (
	"context"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/cooperation"
	"github.com/munireg/munireg/internal/pgstore/pgtest"
	"github.com/munireg/munireg/ownership"
)

// TestEditorScopeIsCheckedOnTheRecord: an editor changes what its
// organizations own or host, whatever the request names, and a refused
// change writes nothing — neither the record nor its audit row.
func TestEditorScopeIsCheckedOnTheRecord(t *testing.T) {
	s := pgtest.Store(t)
	admin := actorCtx()
	entity, ids := owners(t, s, 2)
	a, b := ids[0], ids[1]
	editorOf := func(orgs ...string) munireg.Actor {
		return munireg.Actor{ID: "e", Name: "editor", Role: munireg.RoleEditor, Organizations: orgs}
	}
	as := func(actor munireg.Actor) context.Context { return munireg.NewContextWithActor(admin, actor) }
	edA, edAB := as(editorOf(a)), as(editorOf(a, b))

	version := func(host string, from int) cooperation.Version {
		return cooperation.Version{Adopted: day(from-1, 12, 1), Valid: munireg.Period{From: day(from, 1, 1)}, Host: host,
			Participants: []cooperation.Participant{{Organization: munireg.Organization{ID: a}}, {Organization: munireg.Organization{ID: b}}},
			Key:          cooperation.Key{Components: []cooperation.Component{{Name: "likt", Weight: decimal.NewFromInt(1), Basis: cooperation.BasisEqual}}}}
	}
	agreement := func(host string) cooperation.Agreement {
		return cooperation.Agreement{Name: "Barnevern " + host, Form: cooperation.FormHostAdministrative,
			Versions: []cooperation.Version{version(host, 2024)}}
	}
	_, err := s.CreateAgreement(edA, agreement(b))
	assert.ErrorIs(t, err, munireg.ErrForbidden, "an agreement hosted by B")
	ag, err := s.CreateAgreement(edA, agreement(a))
	require.NoError(t, err)
	// Handing the agreement to B needs the right to both hosts.
	_, err = s.AddAgreementVersion(edA, ag.ID, ag.Revision, version(b, 2026))
	assert.ErrorIs(t, err, munireg.ErrForbidden, "handing A's agreement to B")
	moved, err := s.AddAgreementVersion(edAB, ag.ID, ag.Revision, version(b, 2026))
	require.NoError(t, err)
	_, err = s.UpdateAgreement(edA, ag.ID, moved.Revision, cooperation.AgreementUpdate{})
	assert.ErrorIs(t, err, munireg.ErrForbidden, "now B hosts it")

	// Positions and flows belong to their owner.
	_, err = s.CreatePosition(edA, ownership.Position{Owner: b, Entity: entity, Economic: dec("0.5"),
		Valid: munireg.Period{From: day(2020, 1, 1)}})
	assert.ErrorIs(t, err, munireg.ErrForbidden)
	pos, err := s.CreatePosition(admin, ownership.Position{Owner: b, Entity: entity, Economic: dec("0.5"),
		Valid: munireg.Period{From: day(2020, 1, 1)}})
	require.NoError(t, err)
	_, err = s.EndPosition(edA, pos.ID, pos.Revision, day(2025, 1, 1))
	assert.ErrorIs(t, err, munireg.ErrForbidden, "B's position, by its ID")

	// A load with one owner out of scope loads nothing.
	flows := []ownership.Flow{
		{Owner: a, Entity: entity, Kind: ownership.FlowDividend, Year: 2024, Amount: dec("100")},
		{Owner: b, Entity: entity, Kind: ownership.FlowDividend, Year: 2024, Amount: dec("100")},
	}
	_, err = s.LoadFlows(edA, flows)
	assert.ErrorIs(t, err, munireg.ErrForbidden)
	page, err := s.FindFlows(admin, ownership.FlowFilter{Entity: &entity})
	require.NoError(t, err)
	assert.Zero(t, page.Total, "nothing was loaded")

	// An organization is its own; new ones and forums are the admin's.
	bOrg, err := s.FindOrganizationByID(admin, b, day(2025, 1, 1))
	require.NoError(t, err)
	name := "B herad"
	_, err = s.UpdateOrganization(edA, b, bOrg.Revision, munireg.OrganizationUpdate{Name: &name})
	assert.ErrorIs(t, err, munireg.ErrForbidden)
	_, err = s.CreateOrganization(edA, munireg.Organization{Name: "Nytt AS", Kind: munireg.KindAS})
	assert.ErrorIs(t, err, munireg.ErrForbidden)
	_, err = s.CreateForum(edA, ownership.Forum{Name: "Forum", Owners: []string{a}})
	assert.ErrorIs(t, err, munireg.ErrForbidden)

	// A reader changes nothing, not even what it would own.
	reader := as(munireg.Actor{ID: "r", Name: "reader", Role: munireg.RoleReader})
	_, err = s.CreateFlow(reader, flows[0])
	assert.ErrorIs(t, err, munireg.ErrForbidden)

	var audited int
	require.NoError(t, s.DB().NewRaw("SELECT count(*) FROM audit WHERE actor_id IN ('e', 'r')").Scan(admin, &audited))
	assert.Equal(t, 2, audited, "the editor's two permitted changes, and nothing refused")
}
