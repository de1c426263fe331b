package pgstore_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg/internal/dataset"
	"github.com/munireg/munireg/internal/pgstore"
)

func reference(t testing.TB) []dataset.Reference {
	t.Helper()
	ref, err := dataset.ReadReferenceFile("../../testdata/municipalities_2024.csv")
	require.NoError(t, err)
	return ref
}

// loadDataset loads a generated dataset through the bulk paths and returns
// how long each part took.
func loadDataset(t testing.TB, s *pgstore.Store, d dataset.Dataset) (orgs, positions, flows time.Duration) {
	t.Helper()
	ctx := actorCtx()
	start := time.Now()
	_, err := s.LoadOrganizations(ctx, d.Organizations)
	require.NoError(t, err)
	orgs = time.Since(start)
	start = time.Now()
	_, err = s.LoadPositions(ctx, d.Positions)
	require.NoError(t, err)
	positions = time.Since(start)
	start = time.Now()
	_, err = s.LoadFlows(ctx, d.Flows)
	require.NoError(t, err)
	flows = time.Since(start)
	return orgs, positions, flows
}
