package httpapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/munireg/munireg"
)

// access is who may call an operation, checked before its input is read.
// What an editor may change is decided again on the object, in the store
// (munireg.Actor.MayChange), where the owner, host or organization of the
// record is known however the request names it.
type access int

const (
	// public operations need no token: the probes.
	public access = iota + 1
	// read operations need any valid token: every reader, editor and admin
	// reads everything, and computes with the stateless calculators.
	read
	// change operations need an editor's or an admin's token; the store
	// lets an editor change only what its organizations own, host or are.
	change
	// admin operations need an admin's token.
	admin
)

func (a access) String() string {
	return [...]string{public: "public", read: "read", change: "change", admin: "admin"}[a]
}

// policy is the access rule of every operation, by operation ID: the API's
// access control in one table. Register refuses an operation without one.
var policy = map[string]access{
	"get-health":    public,
	"get-readiness": public,

	"compute-allocation":    read,
	"compute-tariff":        read,
	"compute-look-through":  read,
	"compute-forum-summary": read,

	"list-organizations":            read,
	"get-organization":              read,
	"list-organization-successions": read,
	"create-organization":           admin,
	"update-organization":           change,
	"put-organization-population":   change,
	"create-succession":             admin,

	"list-agreements":         read,
	"get-agreement":           read,
	"create-agreement":        change,
	"update-agreement":        change,
	"add-agreement-version":   change,
	"list-agreement-budgets":  read,
	"create-budget":           change,
	"get-budget":              read,
	"get-budget-installments": read,
	"settle-budget":           read, // computes; stores nothing

	"list-positions":  read,
	"get-position":    read,
	"create-position": change,
	"update-position": change,
	"end-position":    change,
	"list-flows":      read,
	"get-flow":        read,
	"create-flow":     change,
	"update-flow":     change,
	"delete-flow":     change,
	// Without record a distribution is a computation; with it, a change:
	// the operation refuses a reader, and the store checks that the caller
	// may record a flow for every owner.
	"create-distribution": read,

	"list-forums":       read,
	"get-forum":         read,
	"get-forum-summary": read,
	"create-forum":      admin,
	"update-forum":      admin,

	"get-owner-summary":        read,
	"get-entity-summary":       read,
	"get-cooperation-overview": read,
	"get-ownership-report":     read,
	"list-audit":               read,

	"import-municipalities": admin,
	"import-population":     admin,
	"import-entities":       admin,
	"export-register":       read,
	"import-register":       admin,
	"export-bods":           read,

	"get-current-token": read,
	"list-tokens":       admin,
	"get-token":         admin,
	"create-token":      admin,
	"revoke-token":      admin,
}

// bearerScheme is the name of the security scheme in the OpenAPI document.
const bearerScheme = "bearer"

// realm is the WWW-Authenticate challenge's realm.
const realm = `Bearer realm="munireg"`

// Tokens is what authentication and the token operations need from storage.
type Tokens interface {
	// FindTokenBySecret returns the token of a secret, revoked or not;
	// munireg.ErrNotFound when there is none.
	FindTokenBySecret(ctx context.Context, secret string) (munireg.Token, error)
	FindTokenByID(ctx context.Context, id string) (munireg.Token, error)
	FindTokens(ctx context.Context) ([]munireg.Token, error)
	CreateToken(ctx context.Context, t munireg.Token) (munireg.Token, string, error)
	RevokeToken(ctx context.Context, id string) error
}

// authenticate is the huma middleware that makes every request act as the
// token it carries: no token, an unknown one or a revoked one is a 401 with
// a WWW-Authenticate challenge; a role the operation's policy does not admit
// is a 403. The token becomes the actor the store checks and the audit log
// records. A client address over its limit of failed authentications gets
// a 429 for a token guesses limits (see guesses.go), before any look-up.
func authenticate(api huma.API, deps Deps, guesses *guessLimiter) func(huma.Context, func(huma.Context)) {
	return func(ctx huma.Context, next func(huma.Context)) {
		rule := policy[ctx.Operation().OperationID]
		if rule == public {
			next(ctx)
			return
		}
		secret, ok := bearer(ctx.Header("Authorization"))
		if !ok {
			ctx.SetHeader("WWW-Authenticate", realm)
			_ = huma.WriteErr(api, ctx, http.StatusUnauthorized,
				`This operation needs an API token: send "Authorization: Bearer <token>".`)
			return
		}
		addr := clientAddress(ctx.RemoteAddr())
		if wait := guesses.wait(addr, secret); wait > 0 {
			seconds := strconv.FormatInt(int64((wait+time.Second-1)/time.Second), 10)
			ctx.SetHeader("Retry-After", seconds)
			_ = huma.WriteErr(api, ctx, http.StatusTooManyRequests,
				"Too many failed authentications from this address: try again in "+seconds+" s.")
			return
		}
		s, err := deps.store()
		var t munireg.Token
		if err == nil {
			t, err = s.FindTokenBySecret(ctx.Context(), secret)
		}
		switch {
		case errors.Is(err, munireg.ErrNotFound), err == nil && !t.Revoked.IsZero():
			guesses.failed(addr, secret)
			ctx.SetHeader("WWW-Authenticate", realm+`, error="invalid_token"`)
			_ = huma.WriteErr(api, ctx, http.StatusUnauthorized, "The API token is unknown or revoked.")
			return
		case err != nil:
			writeStatusError(api, ctx, problem(ctx.Context(), deps, err))
			return
		}
		guesses.succeeded(secret)
		if why := refusal(rule, t.Role); why != "" {
			_ = huma.WriteErr(api, ctx, http.StatusForbidden, why)
			return
		}
		next(huma.WithContext(ctx, munireg.NewContextWithActor(ctx.Context(), t.Actor())))
	}
}

// refusal says why a token of role may not call an operation of rule; ""
// when it may.
func refusal(rule access, role munireg.Role) string {
	switch {
	case rule == admin && role != munireg.RoleAdmin:
		return fmt.Sprintf("Only an admin token may do this; this one is a %s's.", role)
	case rule == change && role == munireg.RoleReader:
		return "A reader's token may read the register but not change it."
	}
	return ""
}

// bearer returns the token of an "Authorization: Bearer <token>" header.
func bearer(header string) (string, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(header), " ")
	token = strings.TrimSpace(token)
	return token, ok && strings.EqualFold(scheme, "Bearer") && token != ""
}

// writeStatusError writes err, a huma.StatusError from problem, with its
// headers, outside a handler.
func writeStatusError(api huma.API, ctx huma.Context, err error) {
	var se huma.StatusError
	if !errors.As(err, &se) {
		se = huma.Error500InternalServerError(internalErrorDetail(RequestID(ctx.Context())))
	}
	var h huma.HeadersError
	if errors.As(err, &h) {
		for name, values := range h.GetHeaders() {
			for _, v := range values {
				ctx.AppendHeader(name, v)
			}
		}
	}
	_ = huma.WriteErr(api, ctx, se.GetStatus(), se.Error())
}

// secure declares in the document how each registered operation is
// authenticated, from the policy: public operations need nothing, the rest
// a bearer token and may answer 401 and 429 (too many failed
// authentications), and those a role may be refused 403.
// It panics on an operation the policy does not know, so that none is
// added without a rule.
func secure(doc *huma.OpenAPI) {
	if doc.Components.SecuritySchemes == nil {
		doc.Components.SecuritySchemes = map[string]*huma.SecurityScheme{}
	}
	doc.Components.SecuritySchemes[bearerScheme] = &huma.SecurityScheme{
		Type:         "http",
		Scheme:       "bearer",
		BearerFormat: "munireg API token (mr_…)",
		Description: "An API token made with `munireg token create` or POST /v1/tokens, " +
			"sent as `Authorization: Bearer <token>`. Its role decides what it may do: " +
			"a reader reads everything; an editor also changes what its organizations own, host or are; an admin does everything.",
	}
	if doc.Components.Responses == nil {
		doc.Components.Responses = map[string]*huma.Response{}
	}
	one := 1.0
	tooMany := problemResponse("Too Many Requests: too many failed authentications from this client address; " +
		"a token that has not authenticated at this server is not looked up until Retry-After has passed.")
	tooMany.Headers = map[string]*huma.Param{"Retry-After": {
		Description: "Seconds to wait before the next token is looked up.",
		Schema:      &huma.Schema{Type: "integer", Minimum: &one},
	}}
	doc.Components.Responses[tooManyFailures] = tooMany
	for _, item := range doc.Paths {
		for _, op := range []*huma.Operation{item.Get, item.Put, item.Post, item.Patch, item.Delete} {
			if op == nil {
				continue
			}
			rule, ok := policy[op.OperationID]
			if !ok {
				panic(fmt.Sprintf("httpapi: operation %s has no access rule in policy", op.OperationID))
			}
			if rule == public {
				op.Security = []map[string][]string{}
				continue
			}
			op.Security = []map[string][]string{{bearerScheme: {}}}
			op.Responses["401"] = problemResponse("Unauthorized: no API token, or an unknown or revoked one.")
			op.Responses["429"] = &huma.Response{Ref: "#/components/responses/" + tooManyFailures}
			// A distribution is a read until it is recorded.
			if rule >= change || op.OperationID == "create-distribution" {
				op.Responses["403"] = problemResponse("Forbidden: the token's role or organizations do not allow this.")
			}
			if op.Extensions == nil {
				op.Extensions = map[string]any{}
			}
			op.Extensions["x-munireg-access"] = rule.String()
		}
	}
}

// tooManyFailures is the name of the documented 429 of the limit on failed
// authentications (see guesses.go), a response of the components that every
// operation needing a token refers to.
const tooManyFailures = "TooManyFailedAuthentications"

// problemResponse is a documented problem+json answer.
func problemResponse(description string) *huma.Response {
	return &huma.Response{Description: description, Content: map[string]*huma.MediaType{
		"application/problem+json": {Schema: &huma.Schema{Ref: "#/components/schemas/ErrorModel"}},
	}}
}
