package cooperation

import (
	"fmt"
	"strings"

	"github.com/munireg/munireg"
	"github.com/shopspring/decimal"
)

// Basis is what a key component splits by. The string values are the names
// used on the wire: "equal", "population", "share", "ownership" and
// "metric:<name>".
type Basis string

// The bases of a key component.
const (
	// BasisEqual splits equally: each participant 1/n.
	BasisEqual Basis = "equal"
	// BasisPopulation splits by population: Party.Population over the sum
	// (as of a date when the parties come from Version.Parties).
	BasisPopulation Basis = "population"
	// BasisShare splits by an explicit share per participant (Party.Share),
	// which must sum to exactly 1 unless Key.Normalize is set.
	BasisShare Basis = "share"
	// BasisOwnership splits by eierandel (Party.Ownership), which must sum to
	// exactly 1 unless Key.Normalize is set.
	BasisOwnership Basis = "ownership"
)

// metricPrefix starts the name of a metric basis.
const metricPrefix = "metric:"

// MetricBasis returns the basis that splits by the named metric of metered
// use (tonnes, hours, cases, m³): Party.Metrics[name] over the sum.
func MetricBasis(name string) Basis { return Basis(metricPrefix + name) }

// Metric returns the metric name of a metric basis, and false for the other
// bases.
func (b Basis) Metric() (string, bool) {
	name, ok := strings.CutPrefix(string(b), metricPrefix)
	if !ok || name == "" {
		return "", false
	}
	return name, true
}

// Validate returns an error wrapping ErrInvalidBasis unless b is one of the
// bases above or a metric basis with a name (text, see munireg.CheckText).
func (b Basis) Validate() error {
	switch b {
	case BasisEqual, BasisPopulation, BasisShare, BasisOwnership:
		return nil
	}
	if name, ok := b.Metric(); ok && munireg.CheckText(name) == nil {
		return nil
	}
	return fmt.Errorf("%w: %q (want equal, population, share, ownership or metric:<name>)", ErrInvalidBasis, string(b))
}

// Key is a cost-sharing key (fordelingsnøkkel): weighted components, each
// splitting by its basis, as in "30 % equally, 70 % by population". The
// components are combined exactly before anything is rounded.
type Key struct {
	// Components are the weighted parts of the key; weights sum to exactly 1.
	Components []Component
	// Normalize scales explicit shares (BasisShare, BasisOwnership) by their
	// sum instead of requiring them to sum to exactly 1. Use it for published
	// shares that were rounded (33.33 % three times); the split is then by
	// each share over the sum of the shares.
	Normalize bool
}

// Component is one weighted part of a Key.
type Component struct {
	// Name names the component in results, as in "fast" or "innbyggere".
	Name string
	// Weight is the component's part of the key, in [0, 1].
	Weight decimal.Decimal
	// Basis is what the component splits by.
	Basis Basis
}

// Validate checks that the key has components with unique names, known
// bases and weights in [0, 1] that sum to exactly 1. It returns every
// violation as ValidationErrors with fields "components" (none),
// "components[i].name", "components[i].weight", "components[i].basis" and
// "components[*].weight" (the sum).
func (k Key) Validate() error {
	var errs ValidationErrors
	if len(k.Components) == 0 {
		errs.Add("components", fmt.Errorf("%w: no components", ErrInvalidKey))
		return errs
	}
	names := make(map[string]bool, len(k.Components))
	sum := decimal.Zero
	sumOK := true
	for i, c := range k.Components {
		// The path is formatted only for a violation.
		field := func(f string) string { return fmt.Sprintf("components[%d].%s", i, f) }
		switch {
		case c.Name == "":
			errs.Add(field("name"), munireg.ErrRequired)
		case munireg.CheckText(c.Name) != nil:
			errs.Add(field("name"), munireg.ErrInvalidText)
		case names[c.Name]:
			errs.Add(field("name"), fmt.Errorf("%w: duplicate component name %q", ErrInvalidKey, c.Name))
		}
		names[c.Name] = true
		if err := munireg.CheckRange(c.Weight); err != nil {
			errs.Add(field("weight"), err)
			sumOK = false
		} else if !inUnitInterval(c.Weight) {
			errs.Add(field("weight"), fmt.Errorf("%w: weight %s is outside [0, 1]", ErrInvalidKey, c.Weight))
			sumOK = false
		}
		sum = sum.Add(c.Weight)
		if err := c.Basis.Validate(); err != nil {
			errs.Add(field("basis"), err)
		}
	}
	if sumOK && !sum.Equal(decimal.NewFromInt(1)) {
		errs.Add("components[*].weight", fmt.Errorf("%w: weights sum to %s, want exactly 1", ErrInvalidKey, sum))
	}
	return errs.Err()
}

// uses reports whether a component with a non-zero weight splits by b.
func (k Key) uses(b Basis) bool {
	for _, c := range k.Components {
		if c.Basis == b && !c.Weight.IsZero() {
			return true
		}
	}
	return false
}

// inUnitInterval reports whether 0 <= d <= 1.
func inUnitInterval(d decimal.Decimal) bool {
	return d.Sign() >= 0 && d.Cmp(decimal.NewFromInt(1)) <= 0
}
