package dataset_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg/internal/dataset"
	"github.com/munireg/munireg/ownership"
)

func reference(t testing.TB) []dataset.Reference {
	t.Helper()
	ref, err := dataset.ReadReferenceFile("../../testdata/municipalities_2024.csv")
	require.NoError(t, err)
	return ref
}

func TestGenerateSizesAndValidity(t *testing.T) {
	ref := reference(t)
	require.Len(t, ref, 357)
	d := dataset.Generate(ref, dataset.Norway(1), 1)
	assert.Len(t, d.Municipalities, 357)
	assert.Len(t, d.Counties, 15)
	assert.Len(t, d.Entities, 3000)
	assert.Len(t, d.Positions, 30000)
	assert.Len(t, d.Flows, 600000)
	require.NoError(t, d.Records().Validate(), "the generated records are valid")
	_, err := ownership.CheckShares(d.Positions, nil, dataset.LastYearEnd())
	require.NoError(t, err, "no entity's shares sum above 1")

	again := dataset.Generate(ref, dataset.Norway(1), 1)
	assert.Equal(t, d.Positions[123].ID, again.Positions[123].ID, "deterministic for a seed")
	assert.True(t, d.Flows[4567].Amount.Equal(again.Flows[4567].Amount))

	small := dataset.Size{N: 2, Entities: 50, PositionsPerEntity: 4, Years: 3}
	d2 := dataset.Generate(ref, small, 1)
	assert.Len(t, d2.Municipalities, 714)
	assert.Len(t, d2.Counties, 30)
	assert.Len(t, d2.Positions, small.Positions())
	assert.Len(t, d2.Flows, small.Flows())
	require.NoError(t, d2.Records().Validate())
}
