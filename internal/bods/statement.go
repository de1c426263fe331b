package bods

import (
	"encoding/json"
	"io"

	"github.com/shopspring/decimal"
)

// Version is the version of BODS the statements conform to.
const Version = "0.4"

// Publisher is the publisher's name in every statement.
const Publisher = "munireg"

// RecordType is the type of a record: "entity" or "relationship" (this
// package writes no person records).
type RecordType string

// The record types written.
const (
	RecordEntity       RecordType = "entity"
	RecordRelationship RecordType = "relationship"
)

// Statement is one BODS 0.4 statement. Its fields are in the order they are
// written.
type Statement struct {
	// StatementID identifies the statement (see the package documentation).
	StatementID string `json:"statementId"`
	// DeclarationSubject is the recordId of the entity the statement is
	// about: the entity itself, or the subject of a relationship.
	DeclarationSubject string `json:"declarationSubject"`
	// StatementDate is the date the register is reported as of, YYYY-MM-DD.
	StatementDate string `json:"statementDate"`
	// PublicationDetails says who published the statement, when, under
	// which version of BODS.
	PublicationDetails PublicationDetails `json:"publicationDetails"`
	// Source describes where the statement's information comes from.
	Source Source `json:"source"`
	// RecordID identifies the record the statement is about.
	RecordID string `json:"recordId"`
	// RecordType is the type of the record: the type of RecordDetails.
	RecordType RecordType `json:"recordType"`
	// RecordStatus is "new" for every record (see the package
	// documentation).
	RecordStatus string `json:"recordStatus"`
	// RecordDetails is an Entity or a Relationship.
	RecordDetails Details `json:"recordDetails"`
}

// Details is the details of a record: Entity or Relationship.
type Details interface {
	recordType() RecordType
}

// PublicationDetails is a statement's publicationDetails.
type PublicationDetails struct {
	// PublicationDate is the date of publication, YYYY-MM-DD.
	PublicationDate string `json:"publicationDate"`
	// BODSVersion is Version.
	BODSVersion string `json:"bodsVersion"`
	// Publisher names the publisher.
	Publisher Agent `json:"publisher"`
}

// Agent names a publisher.
type Agent struct {
	Name string `json:"name"`
}

// Source is a statement's source.
type Source struct {
	// Description says what the information is, in words.
	Description string `json:"description"`
}

// Entity is the details of an entity record.
type Entity struct {
	// IsComponent is always false (see the package documentation).
	IsComponent bool `json:"isComponent"`
	// EntityType is the form of the entity.
	EntityType EntityType `json:"entityType"`
	// Name is the organization's name.
	Name string `json:"name"`
	// Jurisdiction is Norway for every kind but "other"; nil otherwise.
	Jurisdiction *Jurisdiction `json:"jurisdiction,omitempty"`
	// Identifiers are the organization's identifiers; never empty.
	Identifiers []Identifier `json:"identifiers"`
}

func (Entity) recordType() RecordType { return RecordEntity }

// EntityType is an entity's entityType: a code of the entityType codelist
// and, for state bodies, one of the entitySubtype codelist.
type EntityType struct {
	Type    string `json:"type"`
	Subtype string `json:"subtype,omitempty"`
	// Details gives the kind in words and its Enhetsregisteret form code.
	Details string `json:"details,omitempty"`
}

// Jurisdiction is where an entity was registered or created.
type Jurisdiction struct {
	Name string `json:"name"`
	Code string `json:"code"`
}

// Identifier is an identifier of an entity: under an org-id.guide Scheme
// code, or a SchemeName only.
type Identifier struct {
	ID         string `json:"id"`
	Scheme     string `json:"scheme,omitempty"`
	SchemeName string `json:"schemeName"`
}

// Relationship is the details of a relationship record: what the
// interested party holds of the subject.
type Relationship struct {
	// IsComponent is always false (see the package documentation).
	IsComponent bool `json:"isComponent"`
	// Subject is the recordId of the organization owned.
	Subject string `json:"subject"`
	// InterestedParty is the recordId of the owner.
	InterestedParty string `json:"interestedParty"`
	// Interests are the direct interests, one or two per position (in
	// ascending order of share class, start and position ID), then the
	// indirect one, if any.
	Interests []Interest `json:"interests"`
}

func (Relationship) recordType() RecordType { return RecordRelationship }

// The interest types and directness written.
const (
	InterestShareholding  = "shareholding"
	InterestVotingRights  = "votingRights"
	DirectnessDirect      = "direct"
	DirectnessIndirect    = "indirect"
	recordStatusNew       = "new"
	jurisdictionNorway    = "Norway"
	jurisdictionNorwayISO = "NO"
)

// Interest is one interest of a relationship.
type Interest struct {
	// Type is InterestShareholding or InterestVotingRights.
	Type string `json:"type"`
	// DirectOrIndirect is DirectnessDirect or DirectnessIndirect.
	DirectOrIndirect string `json:"directOrIndirect"`
	// BeneficialOwnershipOrControl is always false: in BODS, only a natural
	// person is a beneficial owner.
	BeneficialOwnershipOrControl bool `json:"beneficialOwnershipOrControl"`
	// Details gives the share class, share counts, rounding or, for an
	// indirect interest, the effective share in total.
	Details string `json:"details,omitempty"`
	// Share is the interest's share in percent.
	Share Share `json:"share"`
	// StartDate is when the position began, YYYY-MM-DD; empty when it has
	// no start or the interest is indirect.
	StartDate string `json:"startDate,omitempty"`
}

// Share is an interest's share: Exact in percent, from 0 to 100.
type Share struct {
	Exact decimal.Decimal
}

// MarshalJSON writes {"exact": n} with n the exact decimal as a JSON
// number, never through a float.
func (s Share) MarshalJSON() ([]byte, error) {
	return []byte(`{"exact":` + s.Exact.String() + `}`), nil
}

// Write writes the statements as one JSON array, indented by two spaces and
// ended by a newline: the form of a BODS 0.4 JSON file.
func Write(w io.Writer, statements []Statement) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if statements == nil {
		statements = []Statement{}
	}
	return enc.Encode(statements)
}
