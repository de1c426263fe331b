// Package enhetsregisteret reads the units (enheter) of Enhetsregisteret, the
// Norwegian register of legal entities, from its CSV and JSON downloads into
// rows munireg can load as organizations: organisasjonsnummer, name and
// organisational form. It is pure: bytes in, units and problems out.
//
// # What it reads
//
// CSV: a header with the columns "organisasjonsnummer", "navn" and
// "organisasjonsform.kode" (other columns are ignored), separated by ',' or
// ';', in UTF-8 (with or without a byte-order mark) or ISO-8859-1 /
// Windows-1252. A unit is named by its line: "line[12]".
//
// JSON: a list of units (the bulk download), a page of the search API
// ({"_embedded": {"enheter": [...]}}), or a single unit; each unit an object
// with "organisasjonsnummer", "navn" and "organisasjonsform": {"kode": …}.
// A unit is named by its index in the list, "units[3]"; its line is given
// too.
//
// Parse tells the two apart by the first character: '[' or '{' is JSON.
// Both may be gzip-compressed, as the downloads are.
//
// # What it refuses
//
// A unit without an organisasjonsnummer with a valid MOD11 check digit, a
// name or a form code, and a unit given twice, are refused one by one, each
// naming its field ("line[12].organisasjonsnummer"). A file it cannot read at
// all — no such header (another delimiter, say), or JSON that is cut off or
// malformed — is refused as a whole, naming the line.
//
// A unit's kind is munireg.KindByCode of its form code; codes without a kind
// of their own (ENK, NUF, SF, …) are munireg.KindOther.
package enhetsregisteret
