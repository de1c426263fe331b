package munireg

import "time"

// Period is a half-open interval of time [From, To): valid from From, up to
// but not including To. A zero From means "since always", a zero To "until
// further notice". Dates are compared as instants, so give the dates of one
// register in one location (the register uses midnight UTC of the Norwegian
// calendar date).
type Period struct {
	From time.Time
	To   time.Time
}

// Contains reports whether the period is in force as of t: From <= t < To.
func (p Period) Contains(t time.Time) bool {
	return (p.From.IsZero() || !t.Before(p.From)) && (p.To.IsZero() || t.Before(p.To))
}

// Overlaps reports whether p and q share at least one instant.
func (p Period) Overlaps(q Period) bool {
	pStartsBeforeQEnds := q.To.IsZero() || p.From.IsZero() || p.From.Before(q.To)
	qStartsBeforePEnds := p.To.IsZero() || q.From.IsZero() || q.From.Before(p.To)
	return pStartsBeforeQEnds && qStartsBeforePEnds
}

// Validate returns ValidationErrors with field "to" wrapping ErrInvalidPeriod
// when both ends are set and To is not after From.
func (p Period) Validate() error {
	var errs ValidationErrors
	if !p.From.IsZero() && !p.To.IsZero() && !p.To.After(p.From) {
		errs.Add("to", ErrInvalidPeriod)
	}
	return errs.Err()
}
