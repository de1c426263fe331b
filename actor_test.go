package munireg_test

import (
	"errors"
	"testing"

	"github.com/munireg/munireg"
)

func TestActorMayChange(t *testing.T) {
	admin := munireg.Actor{ID: "a", Role: munireg.RoleAdmin}
	editor := munireg.Actor{ID: "e", Role: munireg.RoleEditor, Organizations: []string{"A", "C"}}
	reader := munireg.Actor{ID: "r", Role: munireg.RoleReader}
	nobody := munireg.Actor{ID: "n"}
	for _, tc := range []struct {
		actor munireg.Actor
		orgs  []string
		ok    bool
	}{
		{admin, nil, true},
		{admin, []string{"B"}, true},
		{editor, []string{"A"}, true},
		{editor, []string{"A", "C"}, true},
		{editor, []string{"A", "B"}, false}, // moving a record to B needs B too
		{editor, []string{"B"}, false},
		{editor, nil, false},          // a record of no organization is an admin's
		{editor, []string{""}, false}, // an agreement without a host
		{reader, []string{"A"}, false},
		{nobody, []string{"A"}, false},
	} {
		err := tc.actor.MayChange(tc.orgs...)
		if tc.ok && err != nil || !tc.ok && !errors.Is(err, munireg.ErrForbidden) {
			t.Errorf("%s MayChange(%q) = %v, want ok %v", tc.actor.Role, tc.orgs, err, tc.ok)
		}
	}
	for _, a := range []munireg.Actor{editor, reader, nobody} {
		if err := a.MayAdminister(); !errors.Is(err, munireg.ErrForbidden) {
			t.Errorf("%q MayAdminister() = %v, want ErrForbidden", a.Role, err)
		}
	}
	if err := admin.MayAdminister(); err != nil {
		t.Errorf("admin MayAdminister() = %v", err)
	}
	if err := munireg.CLIActor.MayAdminister(); err != nil {
		t.Errorf("the command line is the register's admin: %v", err)
	}
}

func TestTokenActorCarriesItsScope(t *testing.T) {
	tk := munireg.Token{ID: "t", Name: "Volda", Role: munireg.RoleEditor, Organizations: []string{"A"}}
	a := tk.Actor()
	tk.Organizations[0] = "B"
	if a.ID != "t" || a.Name != "Volda" || a.Role != munireg.RoleEditor || len(a.Organizations) != 1 || a.Organizations[0] != "A" {
		t.Errorf("Token.Actor() = %+v, want the token's ID, name, role and a copy of its organizations", a)
	}
}

func TestTokenOrganizationsAreEachOnce(t *testing.T) {
	tk := munireg.Token{Name: "Volda", Role: munireg.RoleEditor, Organizations: []string{"A", "B", "A"}}
	var v munireg.ValidationErrors
	if err := tk.Validate(); !errors.As(err, &v) || len(v) != 1 || v[0].Field != "organizations[2]" ||
		!errors.Is(err, munireg.ErrDuplicateRef) {
		t.Errorf("Validate() of organizations A, B, A = %v, want organizations[2] given twice", err)
	}
}
