package main

import (
	"context"
	"io"
	"time"

	"github.com/munireg/munireg/internal/bods"
	"github.com/munireg/munireg/internal/pgstore"
)

// writeBODS writes the register's ownership as of asOf as BODS 0.4
// statements (see package internal/bods), published today (UTC): one JSON
// array, the same bytes for the same register, date and day.
func writeBODS(ctx context.Context, s *pgstore.Store, w io.Writer, asOf time.Time) error {
	r, err := s.OwnershipAsOf(ctx, asOf)
	if err != nil {
		return err
	}
	statements, err := bods.Export(r, asOf, time.Now().UTC())
	if err != nil {
		return err
	}
	return bods.Write(w, statements)
}
