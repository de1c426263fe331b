package httpapi

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// The owner portfolio is the largest answer read often (an owner with a
// few hundred holdings is 80–100 kB of JSON, a few thousand money strings).
// encoding/json writes it by reflection and checks again every string each
// Money and Decimal marshaller returns, which cost as much as reading the
// figures from PostgreSQL (docs/PERFORMANCE.md, "Where the time went").
// So PortfolioBody writes itself here, byte for byte as the API's encoder
// (encoding/json without HTML escaping, then a newline) writes the struct:
// TestPortfolioJSONIsEncodingJSON holds the two together over random
// portfolios. The struct stays what the schema is made from.

// jsonAnswer is an answer already written as JSON.
func jsonAnswer(b []byte) *table { return &table{ContentType: "application/json", Body: b} }

// appendJSON appends the portfolio as the API's encoder writes it,
// newline included.
func (p *PortfolioBody) appendJSON(b []byte) []byte {
	b = append(b, `{"owner":`...)
	b = appendJSONString(b, p.Owner)
	b = append(b, `,"name":`...)
	b = appendJSONString(b, p.Name)
	b = append(b, `,"year":`...)
	b = strconv.AppendInt(b, int64(p.Year), 10)
	b = append(b, `,"asOf":`...)
	b = appendJSONDate(b, p.AsOf.Time)
	b = append(b, `,"population":`...)
	b = strconv.AppendInt(b, p.Population, 10)
	b = append(b, `,"holdings":`...)
	if p.Holdings == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range p.Holdings {
			if i > 0 {
				b = append(b, ',')
			}
			b = p.Holdings[i].appendJSON(b)
		}
		b = append(b, ']')
	}
	b = append(b, `,"income":`...)
	b = p.Income.appendJSON(b)
	if p.PerInhabitant != nil {
		b = append(b, `,"perInhabitant":`...)
		b = appendQuoted(b, p.PerInhabitant.Decimal, 2, false)
	}
	b = append(b, `,"change":`...)
	b = p.Change.appendJSON(b)
	b = append(b, `,"bookValue":`...)
	b = appendQuoted(b, p.BookValue.Decimal, 2, false)
	b = appendOptionalDecimal(b, `,"yield":`, p.Yield)
	b = append(b, `,"ownerLoans":`...)
	b = appendQuoted(b, p.OwnerLoans.Decimal, 2, false)
	b = append(b, `,"guarantees":`...)
	b = appendQuoted(b, p.Guarantees.Decimal, 2, false)
	return append(b, "}\n"...)
}

// appendJSON appends the holding as encoding/json writes it.
func (h *HoldingBody) appendJSON(b []byte) []byte {
	b = append(b, `{"entity":`...)
	b = appendJSONString(b, h.Entity)
	b = append(b, `,"name":`...)
	b = appendJSONString(b, h.Name)
	b = append(b, `,"kind":`...)
	b = appendJSONString(b, h.Kind)
	b = append(b, `,"direct":`...)
	b = strconv.AppendBool(b, h.Direct)
	b = append(b, `,"economic":`...)
	b = appendQuoted(b, h.Economic.Decimal, 0, true)
	b = append(b, `,"voting":`...)
	b = appendQuoted(b, h.Voting.Decimal, 0, true)
	b = appendOptionalDecimal(b, `,"effective":`, h.Effective)
	if h.Purpose != "" {
		b = append(b, `,"purpose":`...)
		b = appendJSONString(b, h.Purpose)
	}
	if h.Category != "" {
		b = append(b, `,"category":`...)
		b = appendJSONString(b, h.Category)
	}
	if h.BookValue != nil {
		b = append(b, `,"bookValue":`...)
		b = appendQuoted(b, h.BookValue.Decimal, 2, false)
	}
	b = append(b, `,"income":`...)
	b = h.Income.appendJSON(b)
	b = append(b, `,"change":`...)
	b = h.Change.appendJSON(b)
	b = appendOptionalDecimal(b, `,"yield":`, h.Yield)
	b = append(b, `,"ownerLoan":`...)
	b = appendQuoted(b, h.OwnerLoan.Decimal, 2, false)
	b = append(b, `,"guarantee":`...)
	b = appendQuoted(b, h.Guarantee.Decimal, 2, false)
	return append(b, '}')
}

// appendJSON appends the income as encoding/json writes it.
func (in *IncomeBody) appendJSON(b []byte) []byte {
	if in.Lines == nil {
		b = append(b, `{"lines":null`...)
	} else {
		b = append(b, `{"lines":[`...)
		for i, l := range in.Lines {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"kind":`...)
			b = appendJSONString(b, l.Kind)
			b = append(b, `,"amount":`...)
			b = appendQuoted(b, l.Amount.Decimal, 2, false)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = append(b, `,"total":`...)
	b = appendQuoted(b, in.Total.Decimal, 2, false)
	return append(b, '}')
}

// appendJSON appends the change as encoding/json writes it.
func (c *ChangeBody) appendJSON(b []byte) []byte {
	b = append(b, `{"previous":`...)
	b = appendQuoted(b, c.Previous.Decimal, 2, false)
	b = append(b, `,"absolute":`...)
	b = appendQuoted(b, c.Absolute.Decimal, 2, false)
	b = appendOptionalDecimal(b, `,"relative":`, c.Relative)
	return append(b, '}')
}

// appendOptionalDecimal appends the field (name with its comma and colon)
// and the decimal, nothing when d is nil (omitempty).
func appendOptionalDecimal(b []byte, field string, d *Decimal) []byte {
	if d == nil {
		return b
	}
	return appendQuoted(append(b, field...), d.Decimal, 0, true)
}

// appendJSONDate appends t as Date.MarshalJSON writes it.
func appendJSONDate(b []byte, t time.Time) []byte {
	return append(t.UTC().AppendFormat(append(b, '"'), time.DateOnly), '"')
}

// appendJSONString appends s as a JSON string the way encoding/json writes
// it without HTML escaping: quotes, backslashes and control characters
// escaped (\b \f \n \r \t short, the rest as \u00XX), invalid UTF-8 as
// \ufffd, and U+2028 and U+2029 escaped (JSONP-safe).
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(append(b, s[start:i]...), `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(append(b, s[start:i]...), '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	return append(append(b, s[start:]...), '"')
}
