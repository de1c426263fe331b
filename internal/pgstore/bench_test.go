package pgstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg/internal/bench"
	"github.com/munireg/munireg/internal/dataset"
	"github.com/munireg/munireg/internal/pgstore"
	"github.com/munireg/munireg/internal/pgstore/pgtest"
	"github.com/munireg/munireg/ownership"
)

// BenchmarkRegister loads Norway(1) — 357 municipalities, 15 counties,
// 3 000 entities, 30 000 positions, 600 000 flows — through the COPY paths
// (timed once, logged), then measures the summaries against the one SQL
// statement that sums the same flows, on the same database:
//
//	go test ./internal/pgstore -run '^$' -bench Register -benchtime 20x -count 1
func BenchmarkRegister(b *testing.B) {
	u := pgtest.URL(b)
	s := pgtest.Open(b, u)
	bu, err := bench.BaselineURL(u, pgstore.LargeReadWorkMem)
	require.NoError(b, err)
	raw := pgtest.Open(b, bu).DB() // the raw SQL's settings
	d := dataset.Generate(reference(b), dataset.Norway(1), 1)
	orgs, positions, flows := loadDataset(b, s, d)
	b.Logf("COPY load: organizations %s, positions %s, flows %s, total %s",
		orgs.Round(time.Millisecond), positions.Round(time.Millisecond), flows.Round(time.Millisecond),
		(orgs + positions + flows).Round(time.Millisecond))
	ctx := context.Background()
	year := dataset.LastYear
	owner := d.Municipalities[0].ID

	b.Run("forum-summary", func(b *testing.B) {
		for b.Loop() {
			sum, err := s.ForumSummary(ctx, d.Forum, year)
			require.NoError(b, err)
			require.NotEmpty(b, sum.Owners)
		}
	})
	b.Run("forum-raw-sql", func(b *testing.B) {
		for b.Loop() {
			_, err := bench.Forum(ctx, raw, d.Forum.Owners, year)
			require.NoError(b, err)
		}
	})
	b.Run("portfolio", func(b *testing.B) {
		for b.Loop() {
			p, err := s.Portfolio(ctx, owner, year)
			require.NoError(b, err)
			require.NotEmpty(b, p.Holdings)
		}
	})
	b.Run("portfolio-figures", func(b *testing.B) {
		for b.Loop() {
			_, err := s.PortfolioFigures(ctx, owner, year)
			require.NoError(b, err)
		}
	})
	b.Run("portfolio-summarize", func(b *testing.B) {
		fig, err := s.PortfolioFigures(ctx, owner, year)
		require.NoError(b, err)
		for b.Loop() {
			_, err := ownership.SummarizePortfolio(fig)
			require.NoError(b, err)
		}
	})
	b.Run("portfolio-raw-sql", func(b *testing.B) {
		for b.Loop() {
			_, err := bench.Portfolio(ctx, raw, owner, year)
			require.NoError(b, err)
		}
	})
	b.Run("entity-owners", func(b *testing.B) {
		entity := d.Entities[0].ID
		for b.Loop() {
			_, err := s.EntityOwners(ctx, entity, dataset.LastYearEnd(), year)
			require.NoError(b, err)
		}
	})
}

// BenchmarkCheck loads Norway(1) through the COPY paths and measures the
// consistency check over it, every rule from one snapshot, the flows' audit
// rows included:
//
//	go test ./internal/pgstore -run '^$' -bench Check -benchtime 3x -count 1
func BenchmarkCheck(b *testing.B) {
	s := pgtest.Store(b)
	loadDataset(b, s, dataset.Generate(reference(b), dataset.Norway(1), 1))
	ctx := context.Background()
	var report pgstore.CheckReport
	for b.Loop() {
		var err error
		report, err = s.Check(ctx)
		require.NoError(b, err)
		require.Zero(b, report.Count(), "violations in a generated register: %v", report.Violations)
	}
	for _, r := range report.Rules {
		b.Logf("%-28s %s", r.Name, r.Took.Round(time.Millisecond))
	}
}
