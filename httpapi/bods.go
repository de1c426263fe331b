package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/munireg/munireg/internal/bods"
	"github.com/munireg/munireg/ownership"
)

// BODS is what the BODS export needs from storage.
type BODS interface {
	// OwnershipAsOf returns the positions in force on asOf, the owner lists
	// of the organizations they hold shares of and the organizations they
	// reference, from one snapshot.
	OwnershipAsOf(ctx context.Context, asOf time.Time) (ownership.Records, error)
}

// BODSParams address a BODS export: the date.
type BODSParams struct {
	AsOf string `query:"asOf" format:"date" doc:"The date the ownership is reported as of (statementDate); default today (UTC)."`
}

// BODSStatement is one statement of the Beneficial Ownership Data Standard
// 0.4, as the standard's JSON schema defines it; this document names only
// its top-level fields.
type BODSStatement struct{ bods.Statement }

// Schema implements huma.SchemaProvider: an object with the statement's
// required fields, open to the rest of the standard's schema.
func (BODSStatement) Schema(huma.Registry) *huma.Schema {
	str := func(doc string) *huma.Schema { return &huma.Schema{Type: huma.TypeString, Description: doc} }
	id := str("A name-based UUID of the record, the date and the details: the same claim has the same ID.")
	minLen, maxLen := 32, 64
	id.MinLength, id.MaxLength = &minLen, &maxLen
	date := str("The date the register is reported as of.")
	date.Format = "date"
	recordType := str("entity for an organization, relationship for what one organization holds of another.")
	recordType.Enum = []any{"entity", "relationship"}
	recordStatus := str("Always new: each export is a snapshot that stands on its own.")
	recordStatus.Enum = []any{"new"}
	object := func(doc string) *huma.Schema { return &huma.Schema{Type: huma.TypeObject, Description: doc} }
	return &huma.Schema{
		Type: huma.TypeObject,
		Description: "A statement of the Beneficial Ownership Data Standard 0.4: an entity statement per " +
			"organization, a relationship statement per owner and organization owned, with shareholding interests " +
			"(share.exact in percent, a JSON number), direct and indirect (look-through), and votingRights where " +
			"voting differs from the economic share.",
		Properties: map[string]*huma.Schema{
			"statementId":        id,
			"declarationSubject": str("The recordId of the entity the statement is about: the entity, or the subject of the relationship."),
			"statementDate":      date,
			"publicationDetails": object("publicationDate, bodsVersion \"0.4\" and publisher \"munireg\"."),
			"source":             object("Where the information comes from."),
			"recordId":           str("The organization's ID for an entity; a name-based UUID of the pair for a relationship."),
			"recordType":         recordType,
			"recordStatus":       recordStatus,
			"recordDetails":      object("The entity's or the relationship's details, as BODS 0.4 defines them."),
		},
		Required: []string{"statementId", "declarationSubject", "statementDate", "publicationDetails", "recordId",
			"recordType", "recordStatus", "recordDetails"},
	}
}

// MarshalJSON writes the statement as BODS defines it.
func (s BODSStatement) MarshalJSON() ([]byte, error) { return json.Marshal(s.Statement) }

type bodsOutput struct {
	Body []BODSStatement
}

func registerBODS(api huma.API, deps Deps) {
	huma.Register(api, huma.Operation{
		OperationID: "export-bods",
		Method:      http.MethodGet,
		Path:        "/v1/exports/bods",
		Summary:     "Export the ownership as BODS 0.4 statements",
		Description: "The register's ownership as of asOf in the Beneficial Ownership Data Standard 0.4: one JSON array " +
			"of statements, entities (ascending ID) before relationships (ascending subject, then owner). Each " +
			"organization in a position in force is an entity, identified by its organisasjonsnummer under the scheme " +
			"NO-BRC where it has one; a kommune or fylkeskommune is a stateBody. Each position in force is a direct " +
			"shareholding interest with share.exact its economic share in percent (0.45735 → 45.735), and a votingRights " +
			"interest where its voting share differs; each ultimate owner whose look-through share of an organization " +
			"exceeds its direct share has an indirect shareholding interest for the difference. The same register and " +
			"dates give the same bytes. A register whose ownership has no look-through on asOf (an unresolvable " +
			"cross-holding) is a 422 with details located at register.positions.",
		Tags:   []string{"ownership"},
		Errors: readErrors,
	}, storeOp(deps, func(ctx context.Context, s Storage, in *BODSParams) (*bodsOutput, error) {
		asOf, err := queryDate("asOf", in.AsOf)
		if err != nil {
			return nil, err
		}
		now := time.Now().UTC()
		today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
		if asOf.IsZero() {
			asOf = today
		}
		r, err := s.OwnershipAsOf(ctx, asOf)
		if err != nil {
			return nil, err
		}
		statements, err := bods.Export(r, asOf, today)
		if err != nil {
			return nil, located{in: "register", err: err}
		}
		out := &bodsOutput{Body: make([]BODSStatement, len(statements))}
		for i, st := range statements {
			out.Body[i] = BODSStatement{st}
		}
		return out, nil
	}))
}
