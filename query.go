package munireg

import (
	"encoding/json"
	"time"
)

// The register's queries and changes: filters select records (nil fields
// select everything), updates change them (nil fields stay as they are),
// and a Page is one page of a listing. The storage implements them; the API
// speaks them.

// OrganizationFilter selects organizations. Nil fields select everything.
type OrganizationFilter struct {
	// Kind selects one kind.
	Kind *Kind
	// OrgNumber selects by organisasjonsnummer.
	OrgNumber *OrgNumber
	// Municipality selects by the kommunenummer in force at AsOf (or
	// today's newest when AsOf is zero).
	Municipality *MunicipalityNumber
	// Name selects names containing it, ignoring case.
	Name *string
	// AsOf, when set, selects organizations that exist on that date and
	// gives each the kommunenummer then in force.
	AsOf time.Time
	// After is the cursor of the page before (Page.Next); empty for the
	// first page.
	After string
	// Limit is the page size (default 100, at most 1000).
	Limit int
}

// Page is one page of a listing: the items, how many there are in all, and
// the cursor of the next page (empty on the last); Items is never nil.
type Page[T any] struct {
	Items []T
	Total int
	Next  string
}

// OrganizationUpdate is a change to an organization; nil fields stay as
// they are.
type OrganizationUpdate struct {
	Name      *string
	Kind      *Kind
	OrgNumber *OrgNumber
	Valid     *Period
	// MunicipalityHistory replaces the kommunenummer history.
	MunicipalityHistory *[]NumberPeriod
}

// AuditEntry is one change to the register as the audit log records it.
type AuditEntry struct {
	ID string
	At time.Time
	// Actor is who made the change: its ID and name (the token's, for a
	// change through the API); the log does not keep the role.
	Actor      Actor
	Action     string
	RecordType string
	RecordID   string
	// Before and After are the record as JSON; Before is nil on create.
	Before, After json.RawMessage
}

// AuditFilter selects audit entries.
type AuditFilter struct {
	RecordType *string
	RecordID   *string
	// After is the cursor of the page before (Page.Next); empty for the
	// first page.
	After string
	// Limit is the page size (default 100, at most 1000).
	Limit int
}
