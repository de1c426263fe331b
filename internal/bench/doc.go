// Package bench is the harness of "munireg bench": it repeats a measurement
// and reports the median, minimum and maximum of the runs, prints Markdown
// tables (to paste into docs/PERFORMANCE.md), describes the machine and the
// commit measured, and drives HTTP load.
//
// The load generator (Load) runs a fixed number of clients for a fixed
// duration after a warm-up, each sending requests one after another over a
// kept-alive loopback connection; it reports requests per second and the
// 50th and 99th percentile latencies of the requests completed in the
// measured window. Replay is the bare net/http handler it is compared with:
// it answers every request with the bytes and headers captured from the real
// API.
//
// It also holds the baselines the measurements are compared with: the
// plain int64 largest-remainder allocation (BaselineInt64) over the
// synthetic 357- and 100 000-party inputs (NewAllocationInput), and the raw
// SQL statements that do a summary's database work (ForumSQL,
// PortfolioSQL). Every amount, population and share of those inputs is
// synthetic, never a real figure.
//
// Durations are wall-clock time; figures are per operation unless said
// otherwise. Nothing here decides what is fast enough: the caller compares
// ratios with its floors.
package bench
