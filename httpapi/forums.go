package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/ownership"
)

// Forums is what the stored forum operations need from storage.
type Forums interface {
	CreateForum(ctx context.Context, f ownership.Forum) (ownership.Forum, error)
	FindForumByID(ctx context.Context, id string) (ownership.Forum, error)
	FindForums(ctx context.Context) ([]ownership.Forum, error)
	UpdateForum(ctx context.Context, id string, revision int64, u ownership.ForumUpdate) (ownership.Forum, error)
}

// StoredForumRequest records a named group of owners (an eierforum).
type StoredForumRequest struct {
	Name        string   `json:"name" minLength:"1" maxLength:"300" example:"Sunnmøre regionale eierforum"`
	Description string   `json:"description,omitempty" maxLength:"2000"`
	Owners      []string `json:"owners" minItems:"1" maxItems:"1000" doc:"The members' organization IDs."`
}

// StoredForumUpdateRequest changes a stored forum; absent fields stay.
type StoredForumUpdateRequest struct {
	Name        *string   `json:"name,omitempty" minLength:"1" maxLength:"300"`
	Description *string   `json:"description,omitempty" maxLength:"2000"`
	Owners      *[]string `json:"owners,omitempty" minItems:"1" maxItems:"1000" doc:"Replaces the members."`
}

// StoredForumBody is a stored forum.
type StoredForumBody struct {
	ID          string   `json:"id" format:"uuid"`
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	Owners      []string `json:"owners" doc:"The members' organization IDs (answers list them in order of ID)."`
	Revision    int64    `json:"revision" doc:"The record's revision; the ETag is it in quotes."`
}

func wireStoredForum(f ownership.Forum) StoredForumBody {
	return StoredForumBody{ID: f.ID, Name: f.Name, Description: f.Description, Owners: nonNil(f.Owners), Revision: f.Revision}
}

type storedForumOutput struct {
	ETag string `header:"ETag"`
	Body StoredForumBody
}

func storedForumOut(f ownership.Forum) *storedForumOutput {
	return &storedForumOutput{ETag: etag(f.Revision), Body: wireStoredForum(f)}
}

func registerForums(api huma.API, deps Deps) {
	huma.Register(api, huma.Operation{
		OperationID: "list-forums",
		Method:      http.MethodGet,
		Path:        "/v1/forums",
		Summary:     "List stored forums",
		Description: "Every stored forum with its members, in order of name (there are few: one page).",
		Tags:        []string{"forums"},
		Errors:      []int{http.StatusServiceUnavailable},
	}, storeOp(deps, func(ctx context.Context, s Storage, _ *struct{}) (*listOutput[StoredForumBody], error) {
		all, err := s.FindForums(ctx)
		if err != nil {
			return nil, err
		}
		return listAnswer("", nil, munireg.Page[ownership.Forum]{Items: all, Total: len(all)}, wireStoredForum), nil
	}))

	huma.Register(api, huma.Operation{
		OperationID: "get-forum",
		Method:      http.MethodGet,
		Path:        "/v1/forums/{id}",
		Summary:     "Get a stored forum",
		Description: "The forum's name, description and members, with its revision as the ETag.",
		Tags:        []string{"forums"},
		Errors:      readErrors,
	}, storeOp(deps, func(ctx context.Context, s Storage, in *IDParam) (*storedForumOutput, error) {
		f, err := s.FindForumByID(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		return storedForumOut(f), nil
	}))

	type createInput struct{ Body StoredForumRequest }
	huma.Register(api, huma.Operation{
		OperationID:   "create-forum",
		Method:        http.MethodPost,
		Path:          "/v1/forums",
		Summary:       "Store a forum",
		Description:   "A named group of owners, every member in the register; a second forum of the same name is a 409.",
		Tags:          []string{"forums"},
		DefaultStatus: http.StatusCreated,
		Errors:        createErrors,
	}, storeOp(deps, func(ctx context.Context, s Storage, in *createInput) (*storedForumOutput, error) {
		b := in.Body
		f, err := s.CreateForum(ctx, ownership.Forum{Name: b.Name, Description: b.Description, Owners: b.Owners})
		if err != nil {
			return nil, err
		}
		return storedForumOut(f), nil
	}))

	type updateInput struct {
		IDParam
		IfMatchParam
		Body StoredForumUpdateRequest
	}
	huma.Register(api, huma.Operation{
		OperationID: "update-forum",
		Method:      http.MethodPatch,
		Path:        "/v1/forums/{id}",
		Summary:     "Change a stored forum",
		Description: "Changes the fields given; owners replaces the members. Needs If-Match (428 without, 412 when stale).",
		Tags:        []string{"forums"},
		Errors:      writeErrors,
	}, storeUpdate(deps, func(ctx context.Context, s Storage, in *updateInput, rev int64) (*storedForumOutput, error) {
		b := in.Body
		f, err := s.UpdateForum(ctx, in.ID, rev, ownership.ForumUpdate{Name: b.Name, Description: b.Description, Owners: b.Owners})
		if err != nil {
			return nil, err
		}
		return storedForumOut(f), nil
	}))

	type summaryInput struct {
		IDParam
		Year int `query:"year" required:"true" minimum:"1" maximum:"9999" doc:"The accounting year." example:"2023"`
		SpreadsheetParams
	}
	registerSpreadsheet[ForumBody](api, huma.Operation{
		OperationID: "get-forum-summary",
		Method:      http.MethodGet,
		Path:        "/v1/forums/{id}/summary",
		Summary:     "Summarize a stored forum's year",
		Description: "As POST /v1/summaries/forum, for the stored forum's members.",
		Tags:        []string{"forums", "summaries"},
		Errors:      readErrors,
	}, storeOp(deps, func(ctx context.Context, s Storage, in *summaryInput) (*table, error) {
		f, err := s.FindForumByID(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		sum, err := s.ForumSummary(ctx, f, in.Year)
		if err != nil {
			return nil, located{in: "query", err: err}
		}
		return forumSpreadsheet(in.SpreadsheetParams, sum), nil
	}))
}
