package ownership

import (
	"time"

	"github.com/munireg/munireg"
	"github.com/shopspring/decimal"
)

// PositionFilter selects positions. Nil fields select everything.
type PositionFilter struct {
	// Owner and Entity select by organization ID.
	Owner, Entity *string
	// AsOf, when set, selects the positions in force that day.
	AsOf time.Time
	// After is the cursor of the page before; Limit the page size (default
	// 100, at most 1000).
	After string
	Limit int
}

// PositionUpdate is a change to a position; nil fields stay as they are.
// Owner and entity cannot change: a stake that passes to another owner ends,
// and the new owner's begins.
type PositionUpdate struct {
	Economic          *decimal.Decimal
	Voting            *decimal.NullDecimal
	ShareClass        *string
	Held, Outstanding *int64
	BookValue         *decimal.NullDecimal
	Valid             *munireg.Period
	Purpose           *string
	Category          *Category
}

// FlowFilter selects flows. Nil fields select everything.
type FlowFilter struct {
	Owner, Entity *string
	Kind          *FlowKind
	// FromYear and ToYear bound the accounting year, both inclusive.
	FromYear, ToYear *int
	// After is the cursor of the page before; Limit the page size (default
	// 100, at most 1000).
	After string
	Limit int
}

// FlowUpdate corrects a flow; nil fields stay as they are.
type FlowUpdate struct {
	Kind      *FlowKind
	Year      *int
	Paid      *time.Time
	Amount    *decimal.Decimal
	Direction *Direction
}

// ForumUpdate is a change to a stored forum; nil fields stay as they are.
type ForumUpdate struct {
	Name, Description *string
	// Owners replaces the members.
	Owners *[]string
}
