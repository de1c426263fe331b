package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/munireg/munireg"
)

// TokenRequest makes an API token.
type TokenRequest struct {
	Name          string   `json:"name" minLength:"1" maxLength:"200" doc:"Whose or what the token is; the audit log shows it." example:"Økonomiavdelingen, Volda kommune"`
	Role          string   `json:"role" enum:"admin,editor,reader" doc:"admin: everything; editor: changes what its organizations own, host or are, and reads everything; reader: reads everything."`
	Organizations []string `json:"organizations,omitempty" maxItems:"1000" uniqueItems:"true" doc:"An editor's organizations (organization IDs); required for an editor, refused for the others."`
}

// TokenBody is an API token as the register keeps it: never its secret.
type TokenBody struct {
	ID            string     `json:"id" format:"uuid"`
	Name          string     `json:"name"`
	Role          string     `json:"role" enum:"admin,editor,reader"`
	Organizations []string   `json:"organizations" doc:"An editor's organizations (organization IDs); empty for the other roles."`
	Created       time.Time  `json:"created"`
	LastUsed      *time.Time `json:"lastUsed,omitempty" doc:"When it last authenticated a request, to the minute; absent if never."`
	Revoked       *time.Time `json:"revoked,omitempty" doc:"When it was revoked; absent while it is valid."`
}

// CreatedTokenBody is a new token with its secret, which is shown this
// once: the register keeps only a hash of it.
type CreatedTokenBody struct {
	TokenBody
	Secret string `json:"secret" doc:"The token to send as \"Authorization: Bearer <secret>\". Shown this once."`
}

func wireToken(t munireg.Token) TokenBody {
	opt := func(at time.Time) *time.Time {
		if at.IsZero() {
			return nil
		}
		return &at
	}
	return TokenBody{ID: t.ID, Name: t.Name, Role: string(t.Role), Organizations: nonNil(t.Organizations),
		Created: t.Created, LastUsed: opt(t.LastUsed), Revoked: opt(t.Revoked)}
}

type tokenOutput struct{ Body TokenBody }

func registerTokens(api huma.API, deps Deps) {
	huma.Register(api, huma.Operation{
		OperationID: "get-current-token",
		Method:      http.MethodGet,
		Path:        "/v1/tokens/current",
		Summary:     "Get the token of this request",
		Description: "Who the caller is to the register: the token's name, role and organizations. Any token may ask.",
		Tags:        []string{"tokens"},
		Errors:      []int{http.StatusServiceUnavailable},
	}, storeOp(deps, func(ctx context.Context, s Storage, _ *struct{}) (*tokenOutput, error) {
		actor, _ := munireg.ActorFromContext(ctx)
		t, err := s.FindTokenByID(ctx, actor.ID)
		if err != nil {
			return nil, err
		}
		return &tokenOutput{Body: wireToken(t)}, nil
	}))

	huma.Register(api, huma.Operation{
		OperationID: "list-tokens",
		Method:      http.MethodGet,
		Path:        "/v1/tokens",
		Summary:     "List API tokens",
		Description: "Every token, revoked ones included, oldest first (one page). Secrets are never shown again.",
		Tags:        []string{"tokens"},
		Errors:      []int{http.StatusServiceUnavailable},
	}, storeOp(deps, func(ctx context.Context, s Storage, _ *struct{}) (*listOutput[TokenBody], error) {
		all, err := s.FindTokens(ctx)
		if err != nil {
			return nil, err
		}
		return listAnswer("", nil, munireg.Page[munireg.Token]{Items: all, Total: len(all)}, wireToken), nil
	}))

	huma.Register(api, huma.Operation{
		OperationID: "get-token",
		Method:      http.MethodGet,
		Path:        "/v1/tokens/{id}",
		Summary:     "Get an API token",
		Description: "The token's name, role, organizations and history; never its secret.",
		Tags:        []string{"tokens"},
		Errors:      readErrors,
	}, storeOp(deps, func(ctx context.Context, s Storage, in *IDParam) (*tokenOutput, error) {
		t, err := s.FindTokenByID(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		return &tokenOutput{Body: wireToken(t)}, nil
	}))

	type createInput struct{ Body TokenRequest }
	type createOutput struct {
		// The answer carries a secret: no cache may keep it.
		CacheControl string `header:"Cache-Control"`
		Body         CreatedTokenBody
	}
	huma.Register(api, huma.Operation{
		OperationID:   "create-token",
		Method:        http.MethodPost,
		Path:          "/v1/tokens",
		Summary:       "Make an API token",
		Description:   "The answer carries the token's secret, this once; the register keeps only a hash of it.",
		Tags:          []string{"tokens"},
		DefaultStatus: http.StatusCreated,
		Errors:        []int{http.StatusUnprocessableEntity, http.StatusServiceUnavailable},
	}, storeOp(deps, func(ctx context.Context, s Storage, in *createInput) (*createOutput, error) {
		b := in.Body
		t, secret, err := s.CreateToken(ctx, munireg.Token{Name: b.Name, Role: munireg.Role(b.Role), Organizations: b.Organizations})
		if err != nil {
			return nil, err
		}
		return &createOutput{CacheControl: "no-store", Body: CreatedTokenBody{TokenBody: wireToken(t), Secret: secret}}, nil
	}))

	huma.Register(api, huma.Operation{
		OperationID: "revoke-token",
		Method:      http.MethodPost,
		Path:        "/v1/tokens/{id}/revoke",
		Summary:     "Revoke an API token",
		Description: "From now on the token authenticates nothing; it stays listed, with when it was revoked. " +
			"Revoking it again changes nothing.",
		Tags:   []string{"tokens"},
		Errors: []int{http.StatusNotFound, http.StatusServiceUnavailable},
	}, storeOp(deps, func(ctx context.Context, s Storage, in *IDParam) (*tokenOutput, error) {
		if err := s.RevokeToken(ctx, in.ID); err != nil {
			return nil, err
		}
		t, err := s.FindTokenByID(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		return &tokenOutput{Body: wireToken(t)}, nil
	}))
}
