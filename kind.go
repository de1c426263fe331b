package munireg

import "fmt"

// Kind is the kind of an organization: what it is in law, which decides what
// it may take part in (only kommuner, fylkeskommuner and IKS may be
// participants of an IKS, for instance). The string values are the names used
// on the wire.
type Kind string

// The kinds of organization the register knows, each with its
// Enhetsregisteret organisational form code (see Kind.Code).
const (
	KindKommune       Kind = "kommune"       // municipality (KOMM)
	KindFylkeskommune Kind = "fylkeskommune" // county authority (FYLK)
	KindState         Kind = "state"         // the state itself (STAT)
	KindStateBody     Kind = "state-body"    // a body of the state, such as a directorate (ORGL)
	KindIKS           Kind = "iks"           // interkommunalt selskap (IKS)
	KindAS            Kind = "as"            // aksjeselskap (AS)
	KindASA           Kind = "asa"           // allmennaksjeselskap (ASA)
	KindSA            Kind = "sa"            // samvirkeforetak (SA)
	KindKF            Kind = "kf"            // kommunalt foretak (KF)
	KindFKF           Kind = "fkf"           // fylkeskommunalt foretak (FKF)
	KindStiftelse     Kind = "stiftelse"     // foundation (STI)
	KindForening      Kind = "forening"      // association (FLI)
	KindANNA          Kind = "anna"          // annen juridisk person: oppgavefellesskap, politisk råd (ANNA)
	KindDA            Kind = "da"            // ansvarlig selskap med delt ansvar (DA)
	KindANS           Kind = "ans"           // ansvarlig selskap med solidarisk ansvar (ANS)
	KindOther         Kind = "other"         // anything else (no code of its own here)
)

// Kinds returns every Kind, in the order of the constants.
func Kinds() []Kind {
	return []Kind{
		KindKommune, KindFylkeskommune, KindState, KindStateBody, KindIKS, KindAS, KindASA, KindSA,
		KindKF, KindFKF, KindStiftelse, KindForening, KindANNA, KindDA, KindANS, KindOther,
	}
}

// Code returns the Enhetsregisteret organisational form code of k ("KOMM",
// "IKS", ...), or "" for KindOther and unknown kinds. KindStateBody maps to
// ORGL (organisasjonsledd), the code state bodies are registered under.
func (k Kind) Code() string {
	switch k {
	case KindKommune:
		return "KOMM"
	case KindFylkeskommune:
		return "FYLK"
	case KindState:
		return "STAT"
	case KindStateBody:
		return "ORGL"
	case KindIKS:
		return "IKS"
	case KindAS:
		return "AS"
	case KindASA:
		return "ASA"
	case KindSA:
		return "SA"
	case KindKF:
		return "KF"
	case KindFKF:
		return "FKF"
	case KindStiftelse:
		return "STI"
	case KindForening:
		return "FLI"
	case KindANNA:
		return "ANNA"
	case KindDA:
		return "DA"
	case KindANS:
		return "ANS"
	}
	return ""
}

// KindByCode returns the Kind registered under an Enhetsregisteret form code,
// and KindOther for codes without a kind of their own here (BA, SF, SÆR, and
// codes this package does not know).
func KindByCode(code string) Kind {
	for _, k := range Kinds() {
		if c := k.Code(); c != "" && c == code {
			return k
		}
	}
	return KindOther
}

// Municipal reports whether k is a kommune or a fylkeskommune, the kinds that
// may host a vertskommune arrangement and take part in every form of
// inter-municipal cooperation.
func (k Kind) Municipal() bool { return k == KindKommune || k == KindFylkeskommune }

// Validate returns an error wrapping ErrInvalidKind unless k is one of Kinds.
func (k Kind) Validate() error {
	for _, known := range Kinds() {
		if k == known {
			return nil
		}
	}
	return fmt.Errorf("%w: %q", ErrInvalidKind, string(k))
}
