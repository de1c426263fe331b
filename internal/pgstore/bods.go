package pgstore

import (
	"context"
	"time"

	"github.com/munireg/munireg/ownership"
)

// OwnershipAsOf returns the register's ownership as of asOf, from one
// snapshot: every position in force on asOf, the owner lists of the
// organizations they hold shares of, and every organization they
// reference (with its kommunenummer history, so that the number in force
// on asOf can be read). No flows or balances. It is what a BODS export of
// the register reads (package internal/bods); ownership.LookThrough over
// its positions gives the register's look-through as of asOf.
func (s *Store) OwnershipAsOf(ctx context.Context, asOf time.Time) (ownership.Records, error) {
	r, err := s.records(ctx, recordsQuery{
		positions:     inForce,
		positionsArgs: []any{asOf, asOf},
		flows:         "false",
	})
	if err != nil {
		return ownership.Records{}, storeError(err)
	}
	return r, nil
}
