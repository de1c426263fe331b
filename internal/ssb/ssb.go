package ssb

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/internal/importing"
)

// Errors of the rows and the file, wrapped with detail; test with errors.Is.
var (
	// ErrFormat reports a file that is not an export of table 07459 as
	// this package reads it: no header, or figures broken down by more
	// than region and year.
	ErrFormat = errors.New("not an SSB table 07459 CSV export")
	// ErrRegion reports a region that is not a kommunenummer.
	ErrRegion = errors.New("not a municipality")
	// ErrYear reports a year that is not four digits.
	ErrYear = errors.New("not a year")
	// ErrCount reports a figure that is not a whole, non-negative number.
	ErrCount = errors.New("not a number of persons")
	// ErrDuplicate reports a region and year given twice.
	ErrDuplicate = errors.New("duplicate")
	// ErrFields reports a row with another number of fields than the header.
	ErrFields = errors.New("wrong number of fields")
)

// Row is the population of a municipality on 1 January of a year.
type Row struct {
	// Line is the line of the file the figure is on, from 1.
	Line int
	// Region is the kommunenummer.
	Region munireg.MunicipalityNumber
	// Name is the region's name as SSB gives it ("Stavanger",
	// "Halden (2020-2023)"), for messages.
	Name string
	// Year is the year; the figure is the population on 1 January of it.
	Year int
	// Count is the number of persons.
	Count int64
}

// Ref is where the row is in the file: "line[12]".
func (r Row) Ref() string { return importing.LineRef(r.Line) }

// Date is 1 January of the row's year, the date of its figure.
func (r Row) Date() time.Time { return time.Date(r.Year, time.January, 1, 0, 0, 0, 0, time.UTC) }

// File is what Parse read.
type File struct {
	// Rows are the figures to load, in the order of the file.
	Rows []Row
	// Invalid are the rows refused, with why.
	Invalid importing.Problems
	// Passed are the rows with nothing to load (a missing figure, the
	// whole country, a county), with why.
	Passed importing.Problems
}

// Column names, compared in lower case.
var (
	regionNames   = []string{"region"}
	yearNames     = []string{"år", "year", "tid", "aar"}
	variableNames = []string{"statistikkvariabel", "contents", "contentscode"}
	// breakdowns are the other variables of table 07459.
	breakdowns = []string{"kjønn", "kjonn", "sex", "alder", "age"}
)

// yearAtEnd finds the year a wide export's column header ends in.
var yearAtEnd = regexp.MustCompile(`(?:^|[^0-9])((?:1[89]|2[0-9])[0-9]{2})$`)

// Parse reads an SSB CSV export of table 07459. A file it cannot read as
// one (no header, say) is an error: munireg.ValidationErrors naming the line
// ("line[1]") and wrapping ErrFormat. Otherwise every row is read: the
// figures to load in File.Rows, the rows refused in File.Invalid, and the
// rows with nothing to load in File.Passed.
func Parse(data []byte) (File, error) {
	t, err := importing.ReadTable(data, []rune{';', ',', '\t'}, func(fields []string) bool {
		return indexOf(fields, regionNames) >= 0 && len(fields) >= 2
	})
	if err != nil {
		var ps importing.Problems
		ps.Add(importing.LineRef(1), 1, "", fmt.Errorf("%w: no header with a %q column and others, separated by ';' or ',', in the first lines",
			ErrFormat, "region"))
		return File{}, ps.Err()
	}
	layout, err := readHeader(t)
	if err != nil {
		return File{}, err
	}
	f := File{Invalid: t.Problems}
	seen := map[[2]int]int{} // region, year → line
	for _, rec := range t.Records {
		f.readRecord(layout, rec, len(t.Header), t.Comma, seen)
	}
	return f, nil
}

// layout is where the columns are.
type layout struct {
	region, year, value int
	// years are the wide layout's figure columns and their years.
	years map[int]int
}

func readHeader(t importing.Table) (layout, error) {
	fail := func(format string, args ...any) (layout, error) {
		var ps importing.Problems
		ps.Add(importing.LineRef(t.HeaderLine), t.HeaderLine, "", fmt.Errorf("%w: "+format, append([]any{ErrFormat}, args...)...))
		return layout{}, ps.Err()
	}
	l := layout{region: indexOf(t.Header, regionNames), year: indexOf(t.Header, yearNames), value: -1}
	for _, h := range t.Header {
		if slices.Contains(breakdowns, strings.ToLower(h)) {
			return fail("the figures are broken down by %q: export table 07459 with only region and year (sum over kjønn and alder)", h)
		}
	}
	variable := indexOf(t.Header, variableNames)
	if l.year >= 0 {
		for i := range t.Header {
			if i == l.region || i == l.year || i == variable {
				continue
			}
			if l.value >= 0 {
				return fail("columns %q and %q: one column of figures expected beside region and year", t.Header[l.value], t.Header[i])
			}
			l.value = i
		}
		if l.value < 0 {
			return fail("no column of figures beside region and year")
		}
		return l, nil
	}
	l.years = map[int]int{}
	for i, h := range t.Header {
		if i == l.region || i == variable {
			continue
		}
		m := yearAtEnd.FindStringSubmatch(h)
		if m == nil {
			return fail("column %q: neither a year column (%q) nor figures of a year (\"Personer 2024\")", h, "år")
		}
		y, _ := strconv.Atoi(m[1])
		l.years[i] = y
	}
	if len(l.years) == 0 {
		return fail("no year column and no column of a year's figures")
	}
	return l, nil
}

func (f *File) readRecord(l layout, rec importing.Record, width int, comma rune, seen map[[2]int]int) {
	ref := importing.LineRef(rec.Line)
	if len(rec.Fields) != width {
		f.Invalid.Add(ref, rec.Line, "", fmt.Errorf("%w: %d, the header has %d (is it separated by %s, like the header?)",
			ErrFields, len(rec.Fields), width, importing.CommaName(comma)))
		return
	}
	region, name, err := parseRegion(rec.Fields[l.region])
	switch {
	case errors.Is(err, errNotMunicipal):
		f.Passed.Add(ref, rec.Line, "region", fmt.Errorf("%q is the whole country or a county, not a municipality: passed over", rec.Fields[l.region]))
		return
	case err != nil:
		f.Invalid.Add(ref, rec.Line, "region", err)
		return
	}
	type cell struct {
		year  int
		value string
		field string
	}
	var cells []cell
	if l.years == nil {
		y, err := parseYear(rec.Fields[l.year])
		if err != nil {
			f.Invalid.Add(ref, rec.Line, "year", err)
			return
		}
		cells = append(cells, cell{y, rec.Fields[l.value], "count"})
	} else {
		for i := range rec.Fields {
			if y, ok := l.years[i]; ok {
				cells = append(cells, cell{y, rec.Fields[i], fmt.Sprintf("count[%d]", y)})
			}
		}
	}
	for _, c := range cells {
		n, missing, err := parseCount(c.value)
		switch {
		case err != nil:
			f.Invalid.Add(ref, rec.Line, c.field, err)
			continue
		case missing:
			f.Passed.Add(ref, rec.Line, c.field, fmt.Errorf("no figure for %s %s in %d (%q): passed over", region, name, c.year, c.value))
			continue
		}
		key := [2]int{regionKey(region), c.year}
		if first, dup := seen[key]; dup {
			f.Invalid.Add(ref, rec.Line, c.field, fmt.Errorf("%w: %s in %d is also on line %d", ErrDuplicate, region, c.year, first))
			continue
		}
		seen[key] = rec.Line
		f.Rows = append(f.Rows, Row{Line: rec.Line, Region: region, Name: name, Year: c.year, Count: n})
	}
}

func regionKey(m munireg.MunicipalityNumber) int {
	n, _ := strconv.Atoi(m.String())
	return n
}

var errNotMunicipal = errors.New("not municipal")

// countyOrCountry is the code of the whole country or a county.
var countyOrCountry = regexp.MustCompile(`^(?:0|F-[0-9]{2}|[0-9]{2})$`)

// parseRegion reads "1103 Stavanger", "K-1103 Stavanger" or "1103".
func parseRegion(s string) (munireg.MunicipalityNumber, string, error) {
	code, name, _ := strings.Cut(strings.TrimSpace(s), " ")
	name = strings.TrimSpace(name)
	if strings.EqualFold(s, "Hele landet") || countyOrCountry.MatchString(code) {
		return munireg.MunicipalityNumber{}, name, errNotMunicipal
	}
	code = strings.TrimPrefix(code, "K-")
	n, err := munireg.ParseMunicipalityNumber(code)
	if err != nil {
		return n, name, fmt.Errorf("%w: %q does not begin with a kommunenummer (\"1103 Stavanger\")", ErrRegion, s)
	}
	return n, name, nil
}

func parseYear(s string) (int, error) {
	if len(s) != 4 {
		return 0, fmt.Errorf("%w: %q", ErrYear, s)
	}
	y, err := strconv.Atoi(s)
	if err != nil || y < 1800 {
		return 0, fmt.Errorf("%w: %q", ErrYear, s)
	}
	return y, nil
}

// missingSymbols are SSB's marks for a figure that is not there.
var missingSymbols = []string{".", "..", "...", ":", "-"}

// parseCount reads a number of persons, spaces between the digits allowed.
func parseCount(s string) (n int64, missing bool, err error) {
	if slices.Contains(missingSymbols, s) {
		return 0, true, nil
	}
	digits := strings.Map(func(r rune) rune {
		if r == ' ' || r == '\u00a0' || r == '\u202f' {
			return -1
		}
		return r
	}, s)
	if digits == "" {
		return 0, false, fmt.Errorf("%w: empty", ErrCount)
	}
	for _, r := range digits {
		if r < '0' || r > '9' {
			return 0, false, fmt.Errorf("%w: %q is not a whole number of persons", ErrCount, s)
		}
	}
	n, err = strconv.ParseInt(digits, 10, 64)
	if err != nil {
		return 0, false, fmt.Errorf("%w: %q is too large", ErrCount, s)
	}
	return n, false, nil
}

// indexOf returns the index of the first field that is one of names,
// compared in lower case, or -1.
func indexOf(fields, names []string) int {
	for i, f := range fields {
		if slices.Contains(names, strings.ToLower(f)) {
			return i
		}
	}
	return -1
}
