// Package ownership models what municipalities own and what they earn from
// it: positions (ownership stakes over a period), money flows (dividends,
// owner-loan interest and repayments, guarantees, capital contributions),
// distributions of a declared dividend over the owners, look-through
// ownership through chains and cross-holdings, and the summaries owner forums
// pull.
//
// It is pure: values in, values out, no clock and no I/O. It imports only the
// standard library, github.com/shopspring/decimal and the root package
// munireg.
package ownership
