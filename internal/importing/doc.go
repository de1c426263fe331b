// Package importing holds what munireg's file imports share: the decoding of
// the text files public bodies publish (UTF-8 with or without a byte-order
// mark, UTF-16 with one, ISO-8859-1 / Windows-1252 without), the reading of
// delimited text with a header somewhere near the top, the problems of rows
// named by where they are in the file, and the result of a load.
//
// # Where a row is
//
// A row of a delimited file is named by the line it starts on, counted from
// 1: "line[12]"; an element of a JSON list by its index, counted from 0:
// "units[3]". A problem adds the field: "line[12].count",
// "units[3].organisasjonsnummer". Problems.Err turns them into
// munireg.ValidationErrors with those paths as fields, so that the HTTP API
// answers them as a 422 located "body.line[12].count" and the command line
// prints them as they are.
//
// # Loads
//
// A load validates every row before it writes anything. Rows that are wrong
// reject the whole load, unless the caller asked to skip them; rows that
// carry nothing to load (a figure SSB marks as missing, a region that is not
// a municipality) are passed over and reported. Result counts what the load
// created, updated and found unchanged, and lists every row it did not load
// and why (Skipped).
//
// Long loads report their progress through the context (WithProgress).
package importing
