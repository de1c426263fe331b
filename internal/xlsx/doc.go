// Package xlsx writes small Office Open XML workbooks (.xlsx, ECMA-376):
// one worksheet per table, each with a bold, frozen header row and a row
// per record. It writes; it does not read.
//
// # Cells
//
// A Cell is a Kind and a Value, the value's canonical text, as the JSON of
// the API has it. The kind decides how the cell is stored:
//
//   - Text: an inline string. Text is never a formula: a value such as
//     "=HYPERLINK(…)" is a string cell, shown as written. Characters that
//     XML 1.0 cannot carry (control characters but tab, line feed and
//     carriage return; invalid UTF-8) are replaced by U+FFFD.
//   - Money: a numeric cell with the number format #,##0.00.
//   - Decimal: a numeric cell with the format 0.00########, for shares
//     and exact values (at least two places, at most ten shown).
//   - Integer: a numeric cell with the format 0 (no grouping: years).
//   - Date: YYYY-MM-DD, stored as a real date (a serial day number with the
//     format yyyy-mm-dd). Spreadsheets count days from 1900 and get
//     February 1900 wrong, so a date before 1 March 1900 is stored as its
//     ISO text instead.
//   - Bool: "true" or "false", a boolean cell.
//
// An empty Value is a blank cell, whatever the kind.
//
// # Units and rounding
//
// Numbers are written as their decimal text, digit for digit: Write neither
// parses them into floating point nor rounds them. A spreadsheet reads them
// as IEEE 754 doubles, exact to 15 significant digits (amounts below ten
// thousand billion kroner with øre); the number formats only change what is
// shown.
//
// # Output
//
// The output is deterministic: the same sheets give the same bytes (the
// zip entries carry a fixed time, 1 January 1980), so it can be compared
// with golden files. The parts are the minimal ones: [Content_Types].xml,
// _rels/.rels, xl/workbook.xml, xl/_rels/workbook.xml.rels, xl/styles.xml
// and xl/worksheets/sheetN.xml.
//
// # Errors
//
// Write checks everything before it writes a byte, and returns an error
// wrapping ErrInvalid for a sheet name a spreadsheet refuses (empty, longer
// than 31 characters, with one of : \ / ? * [ ], beginning or ending with an
// apostrophe, "History", or the name of another sheet ignoring case), for a
// row longer than the header, for a numeric, date or boolean value that is
// not one, for a text longer than 32,767 characters (the most a cell holds)
// and for more rows or columns than a sheet holds. Other errors are the
// writer's.
package xlsx
