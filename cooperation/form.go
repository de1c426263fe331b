package cooperation

import (
	"fmt"
	"slices"

	"github.com/munireg/munireg"
)

// Form is a form of inter-municipal cooperation under kommuneloven § 17-1.
// The string values are the names used on the wire.
type Form string

// The forms of kommuneloven § 17-1.
const (
	// FormPoliticalCouncil is an interkommunalt politisk råd (kommuneloven
	// chapter 18): a political forum, producing no services.
	FormPoliticalCouncil Form = "politisk-rad"
	// FormJointTask is a kommunalt oppgavefellesskap (kommuneloven chapter
	// 19), for producing services together.
	FormJointTask Form = "oppgavefellesskap"
	// FormHostAdministrative is an administrativt vertskommunesamarbeid
	// (kommuneloven chapter 20): a host municipality does tasks for the
	// others.
	FormHostAdministrative Form = "vertskommune"
	// FormHostJointBoard is a vertskommunesamarbeid med felles folkevalgt
	// nemnd (kommuneloven chapter 20): as above, with a joint elected board.
	FormHostJointBoard Form = "vertskommune-nemnd"
	// FormIKS is an interkommunalt selskap (IKS-loven).
	FormIKS Form = "iks"
	// FormAS is an aksjeselskap (aksjeloven).
	FormAS Form = "as"
	// FormSA is a samvirkeforetak (samvirkelova).
	FormSA Form = "sa"
	// FormAssociation is a forening (unwritten law of associations).
	FormAssociation Form = "forening"
	// FormOther is cooperation "on another lawful way" (§ 17-1), which
	// covers partnerships with the state, such as the NAV partnership, and
	// with voluntary organizations.
	FormOther Form = "annet"
)

// Forms returns every Form, in the order of kommuneloven § 17-1.
func Forms() []Form {
	return []Form{
		FormPoliticalCouncil, FormJointTask, FormHostAdministrative, FormHostJointBoard,
		FormIKS, FormAS, FormSA, FormAssociation, FormOther,
	}
}

// LegalPerson says whether a form of cooperation is a legal person of its own.
type LegalPerson string

// The answers to "is it a legal person of its own?".
const (
	LegalPersonNo       LegalPerson = "no"       // never: the participants act themselves
	LegalPersonOptional LegalPerson = "optional" // if the agreement makes it one
	LegalPersonYes      LegalPerson = "yes"      // always
)

// Liability is what the participants answer for when the cooperation cannot
// pay its obligations.
type Liability string

// The liability types of the forms.
const (
	// LiabilityNone: the form gives the participants no liability for
	// obligations of a body of its own (there may be no such body, or the
	// agreement governs).
	LiabilityNone Liability = "none"
	// LiabilityLimited: participants risk at most what they put in (AS, SA,
	// forening).
	LiabilityLimited Liability = "limited"
	// LiabilityUnlimitedProRata: each participant answers without limit for
	// its share (ansvarsandel) of the obligations, not for the others' (IKS,
	// IKS-loven § 3; kommunalt oppgavefellesskap).
	LiabilityUnlimitedProRata Liability = "unlimited-pro-rata"
)

// facts is what the package knows about a form.
type facts struct {
	name      string
	basis     string
	person    LegalPerson
	liability Liability
	code      string
	allowed   []munireg.Kind // nil: any kind
	shares    bool           // explicit eierandel summing to 1 required
	host      bool           // a host among the participants required
	known     bool
}

func (f Form) facts() facts {
	municipal := []munireg.Kind{munireg.KindKommune, munireg.KindFylkeskommune}
	switch f {
	case FormPoliticalCouncil:
		return facts{name: "interkommunalt politisk råd", basis: "kommuneloven kapittel 18",
			person: LegalPersonOptional, liability: LiabilityNone, code: "ANNA", allowed: municipal, known: true}
	case FormJointTask:
		return facts{name: "kommunalt oppgavefellesskap", basis: "kommuneloven kapittel 19",
			person: LegalPersonOptional, liability: LiabilityUnlimitedProRata, code: "ANNA", allowed: municipal,
			shares: true, known: true}
	case FormHostAdministrative:
		return facts{name: "administrativt vertskommunesamarbeid", basis: "kommuneloven kapittel 20",
			person: LegalPersonNo, liability: LiabilityNone, allowed: municipal, host: true, known: true}
	case FormHostJointBoard:
		return facts{name: "vertskommunesamarbeid med felles folkevalgt nemnd", basis: "kommuneloven kapittel 20",
			person: LegalPersonNo, liability: LiabilityNone, allowed: municipal, host: true, known: true}
	case FormIKS:
		return facts{name: "interkommunalt selskap", basis: "lov om interkommunale selskaper (IKS-loven)",
			person: LegalPersonYes, liability: LiabilityUnlimitedProRata, code: "IKS",
			allowed: append(municipal, munireg.KindIKS), shares: true, known: true}
	case FormAS:
		return facts{name: "aksjeselskap", basis: "aksjeloven",
			person: LegalPersonYes, liability: LiabilityLimited, code: "AS", known: true}
	case FormSA:
		return facts{name: "samvirkeforetak", basis: "samvirkelova",
			person: LegalPersonYes, liability: LiabilityLimited, code: "SA", known: true}
	case FormAssociation:
		return facts{name: "forening", basis: "ulovfestet foreningsrett",
			person: LegalPersonYes, liability: LiabilityLimited, code: "FLI", known: true}
	case FormOther:
		return facts{name: "annen lovlig måte", basis: "kommuneloven § 17-1",
			person: LegalPersonOptional, liability: LiabilityNone, known: true}
	}
	return facts{}
}

// Validate returns an error wrapping ErrInvalidForm unless f is one of Forms.
func (f Form) Validate() error {
	if !f.facts().known {
		return fmt.Errorf("%w: %q", ErrInvalidForm, string(f))
	}
	return nil
}

// Name returns the form's Norwegian name, as in "interkommunalt selskap".
func (f Form) Name() string { return f.facts().name }

// LegalBasis returns the law that governs the form, as in
// "kommuneloven kapittel 19".
func (f Form) LegalBasis() string { return f.facts().basis }

// LegalPerson says whether the form is a legal person of its own. A
// politisk råd, an oppgavefellesskap or "another lawful way" may be one if
// the agreement says so.
func (f Form) LegalPerson() LegalPerson { return f.facts().person }

// Liability returns the participants' liability under the form.
func (f Form) Liability() Liability { return f.facts().liability }

// Code returns the Enhetsregisteret organisational form code a body of this
// form is registered under ("IKS", "AS", "ANNA" for a politisk råd or an
// oppgavefellesskap that is registered), or "" when the form has no register
// entry of its own (vertskommune arrangements) or none is given by the form
// ("another lawful way").
func (f Form) Code() string { return f.facts().code }

// Allows reports whether an organization of kind k may take part in a
// cooperation of this form: only kommuner and fylkeskommuner in a politisk
// råd, an oppgavefellesskap or a vertskommune arrangement; those and IKS in
// an IKS (IKS-loven § 1); anyone in an AS, SA, forening or another lawful way.
func (f Form) Allows(k munireg.Kind) bool {
	ft := f.facts()
	if !ft.known {
		return false
	}
	return ft.allowed == nil || slices.Contains(ft.allowed, k)
}

// RequiresShares reports whether each participant must have an explicit
// eierandel, the eierandeler summing to exactly 1: IKS (IKS-loven § 4) and
// kommunalt oppgavefellesskap.
func (f Form) RequiresShares() bool { return f.facts().shares }

// RequiresHost reports whether the form needs a host municipality among the
// participants: the two vertskommune forms.
func (f Form) RequiresHost() bool { return f.facts().host }
