package bench

import (
	"fmt"
	"io"
	"math"
	"strings"
	"time"
)

// Table is a Markdown table.
type Table struct {
	Header []string
	Rows   [][]string
}

// Add appends a row.
func (t *Table) Add(cells ...string) { t.Rows = append(t.Rows, cells) }

// Write prints the table in GitHub-flavoured Markdown; a "|" in a cell is
// escaped.
func (t Table) Write(w io.Writer) error {
	var b strings.Builder
	row := func(cells []string) {
		b.WriteString("|")
		for i := range t.Header {
			cell := ""
			if i < len(cells) {
				cell = strings.ReplaceAll(cells[i], "|", `\|`)
			}
			b.WriteString(" " + cell + " |")
		}
		b.WriteString("\n")
	}
	row(t.Header)
	b.WriteString("|")
	for range t.Header {
		b.WriteString("---|")
	}
	b.WriteString("\n")
	for _, r := range t.Rows {
		row(r)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Seconds formats a duration given in seconds with three significant digits
// and a unit that suits it: "491 µs", "1.63 ms", "29.7 s".
func Seconds(s float64) string {
	switch a := math.Abs(s); {
	case a == 0:
		return "0"
	case a < 1e-6:
		return sig3(s*1e9) + " ns"
	case a < 1e-3:
		return sig3(s*1e6) + " µs"
	case a < 1:
		return sig3(s*1e3) + " ms"
	}
	return sig3(s) + " s"
}

// Duration is Seconds for a time.Duration.
func Duration(d time.Duration) string { return Seconds(d.Seconds()) }

// Rate formats a rate per second with three significant digits and a space
// between thousands: "12 300/s".
func Rate(r float64) string {
	if r >= 1000 {
		return group(int64(math.Round(r))) + "/s"
	}
	return sig3(r) + "/s"
}

// Ratio formats a ratio: "1.4×", "20×".
func Ratio(r float64) string { return sig2(r) + "×" }

func sig3(x float64) string {
	switch a := math.Abs(x); {
	case a >= 100:
		return fmt.Sprintf("%.0f", x)
	case a >= 10:
		return fmt.Sprintf("%.1f", x)
	}
	return fmt.Sprintf("%.2f", x)
}

func sig2(x float64) string {
	if math.Abs(x) >= 10 {
		return fmt.Sprintf("%.0f", x)
	}
	return fmt.Sprintf("%.2g", x)
}

// group writes n with a space between thousands, as docs/PERFORMANCE.md does.
func group(n int64) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + group(-n)
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// Int formats n with a space between thousands: "100 000".
func Int(n int) string { return group(int64(n)) }
