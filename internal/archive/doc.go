// Package archive is the format of a whole munireg register as one JSON
// document: what `munireg export --format register` and GET /v1/export
// write, and what `munireg import register` and POST /v1/import read.
//
// # The document
//
//	{
//	  "format": "munireg-register",
//	  "version": 1,
//	  "organizations": [...],  // with kommunenummer history and population
//	  "successions":   [...],  // predecessor → successor links
//	  "agreements":    [...],  // versions, participants, seats, keys, tariffs
//	  "budgets":       [...],  // allocations as issued, with their inputs
//	  "positions":     [...],
//	  "ownerLists":    [...],
//	  "flows":         [...],
//	  "balances":      [...],
//	  "forums":        [...]
//	}
//
// Format and Version come first, so a reader knows what it reads before the
// records; the sections follow in the order of their references (each
// refers only to sections before it, and to organizations), so a reader can
// handle them one after another. Every record keeps its ID and its revision
// (the API's ETag), so references, links and ETags held by clients survive
// an export and import.
//
// # Determinism
//
// The same register always gives the same bytes: every list is in a stable
// order (records by ID; successions by predecessor and successor; owner
// lists by entity; balances by owner, entity, kind and date; a record's own
// lists in their stored order), maps (seats, metrics) by key, no time of
// export and nothing else that changes between two exports. Decimals are
// JSON strings with their stored scale ("0.45735000000000000000",
// "1000.00"; a JSON number is refused), dates are YYYY-MM-DD, the one
// timestamp (a budget's issue time) RFC 3339 in UTC. Optional fields are
// left out when empty; lists are [] rather than null.
//
// # What is not in it
//
// API tokens (the register keeps only hashes of their secrets; an imported
// register gets its tokens anew) and the audit log (the import writes its
// own, as the importing actor). The creation and update times of records,
// which the register keeps but never shows, are not carried either.
//
// # Versions
//
// Version changes when a reader of the old version would misread the new
// one. Decode refuses any other format or version, and unknown fields.
package archive
