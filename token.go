package munireg

import (
	"fmt"
	"slices"
	"time"
)

// Role is what an API token may do. The string values are the names used
// on the wire.
type Role string

// The roles.
const (
	// RoleAdmin may do everything.
	RoleAdmin Role = "admin"
	// RoleEditor may change what its organizations own, host or are, and
	// read everything.
	RoleEditor Role = "editor"
	// RoleReader may read everything (an owner forum, a kontrollutvalg).
	RoleReader Role = "reader"
)

// Validate returns an error unless r is one of the roles.
func (r Role) Validate() error {
	switch r {
	case RoleAdmin, RoleEditor, RoleReader:
		return nil
	}
	return fmt.Errorf("unknown role %q (want %q, %q or %q)", string(r), RoleAdmin, RoleEditor, RoleReader)
}

// Token is an API token as the register keeps it: never the secret, only
// what it grants and its history.
type Token struct {
	// ID identifies the token (it is the Actor.ID of its changes).
	ID string
	// Name says whose or what the token is, for people and the audit log.
	Name string
	// Role is what it may do; Organizations scopes an editor to the
	// organizations (Organization.IDs) it may change.
	Role          Role
	Organizations []string
	// Created is when it was made; LastUsed when it last authenticated a
	// request (zero: never); Revoked when it was revoked (zero: it is not).
	Created, LastUsed, Revoked time.Time
}

// Actor returns the token as the actor of the changes made with it, with
// its role and organizations.
func (t Token) Actor() Actor {
	return Actor{ID: t.ID, Name: t.Name, Role: t.Role, Organizations: slices.Clone(t.Organizations)}
}

// Validate checks that the token has a name of at most 200 characters of
// text (see CheckText) and
// a known role, and that only an editor has organizations and an editor has
// at least one. Fields are "name", "role" and "organizations".
func (t Token) Validate() error {
	var errs ValidationErrors
	switch {
	case t.Name == "":
		errs.Add("name", ErrRequired)
	case len([]rune(t.Name)) > 200:
		errs.Add("name", fmt.Errorf("longer than 200 characters"))
	case CheckText(t.Name) != nil:
		errs.Add("name", ErrInvalidText)
	}
	if err := t.Role.Validate(); err != nil {
		errs.Add("role", err)
	}
	switch {
	case t.Role == RoleEditor && len(t.Organizations) == 0:
		errs.Add("organizations", fmt.Errorf("%w: an editor is scoped to organizations", ErrRequired))
	case t.Role != RoleEditor && len(t.Organizations) > 0:
		errs.Add("organizations", fmt.Errorf("only an editor is scoped to organizations"))
	}
	for i, o := range t.Organizations {
		if slices.Index(t.Organizations, o) < i {
			errs.Add(fmt.Sprintf("organizations[%d]", i), fmt.Errorf("%w: %q is given twice", ErrDuplicateRef, o))
		}
	}
	return errs.Err()
}
