// Package munireg is the shared vocabulary of the munireg register of
// inter-municipal cooperation and municipal ownership: organizations and
// their identifiers (organisasjonsnummer, kommunenummer), organization kinds,
// validity periods and the errors the domain packages share.
//
// The computing packages build on it: package cooperation (agreements,
// cost-sharing keys, allocation, installments, settlement) and package
// ownership (positions, money flows, distributions, look-through ownership,
// summaries). None of them does I/O; storage lives in internal/pgstore and
// the HTTP API in httpapi.
package munireg
