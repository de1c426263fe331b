// Package ssb reads Statistics Norway's (SSB) CSV exports of table 07459,
// the population per 1 January (folkemengde per 1.1.) by region and year,
// into rows munireg can load as population series. It is pure: bytes in,
// rows and problems out.
//
// # What it reads
//
// The exports StatBank and SSB's API make, as they vary: separated by ';'
// (or ','); UTF-8 with or without a byte-order mark, or ISO-8859-1 /
// Windows-1252; quoted fields or not; a title line or two before the header.
// The header names a region column ("region"; "Region" in the coded
// exports), and either
//
//   - a year column ("år", "year" or "Tid"), an optional variable column
//     ("statistikkvariabel", "contents", "ContentsCode") and one column of
//     figures, whatever its name ("07459: Befolkning, …", "Personer"): one
//     row per region and year; or
//   - one column of figures per year, each header ending in its year
//     ("Personer 2024", "2024"): one row per region.
//
// A region is "1103 Stavanger", "K-1103 Stavanger" or "1103"; only the
// kommunenummer is read (SSB adds "(2020-2023)" and the like to the names of
// municipalities that no longer exist). The figure of year Y is the
// population on 1 January of Y.
//
// # What it refuses
//
// A file without such a header (with another delimiter, say) is refused as a
// whole, as is one whose figures are broken down by kjønn or alder (export
// the table with those variables summed over). Rows are refused one by one,
// each named by its line ("line[12].count"): a region that is not a
// kommunenummer, a year that is not one, a figure that is not a whole number
// of persons, and a region and year given twice.
//
// # What it passes over
//
// Figures SSB marks as missing (".", "..", "...", ":", "-") and rows of the
// whole country ("0 Hele landet") or a county ("31 Østfold", "F-31") carry
// nothing to load: they are passed over and reported, not refused.
package ssb
