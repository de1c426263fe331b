package httpapi

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/munireg/munireg"
)

// errNoRegister is the error of a server started without storage.
var errNoRegister = errors.New("httpapi: no register configured")

// retryAfterSeconds is suggested to clients when the database is unavailable.
const retryAfterSeconds = "5"

// located says where the fields of the validation errors in err are: "body"
// (the default, without located), "query" or "path".
type located struct {
	in  string
	err error
}

func (l located) Error() string { return l.err.Error() }
func (l located) Unwrap() error { return l.err }

// problem is the one place where an error becomes an HTTP problem:
//
//   - munireg.ErrNoActor: 401
//   - munireg.ErrForbidden (the token's role or organizations): 403
//   - munireg.ErrConflict (a stale If-Match): 412
//   - munireg.ErrExists (a duplicate): 409, with the field — when every
//     violation is a duplicate; mixed with other violations, a 422 lists
//     them all
//   - munireg.ValidationErrors / ValidationError: 422, one detail per
//     violation, located "body.<field>" (or "query.<field>") with the
//     domain's field path, the message its reason
//   - munireg.ErrNotFound: 404
//   - munireg.ErrUnavailable, a timeout: 503 with Retry-After
//
// Errors it does not know are logged with the request ID and answered with
// a 500 that reveals nothing else.
func problem(ctx context.Context, deps Deps, err error) error {
	var se huma.StatusError
	var invalid munireg.ValidationErrors
	var one munireg.ValidationError
	switch {
	case errors.As(err, &se):
		return se
	case errors.Is(err, context.Canceled):
		// The client went away; nobody reads this answer.
		deps.logger().InfoContext(ctx, "request cancelled", "request_id", RequestID(ctx))
		return huma.Error503ServiceUnavailable("The request was cancelled.")
	case errors.Is(err, munireg.ErrUnavailable), errors.Is(err, errNoRegister),
		errors.Is(err, context.DeadlineExceeded):
		deps.logger().WarnContext(ctx, "database unavailable", "request_id", RequestID(ctx), "error", err)
		return huma.ErrorWithHeaders(
			huma.Error503ServiceUnavailable("The database is unavailable; try again shortly."),
			http.Header{"Retry-After": {retryAfterSeconds}})
	case errors.Is(err, munireg.ErrNoActor):
		return huma.Error401Unauthorized("This change needs an authenticated actor.")
	case errors.Is(err, munireg.ErrForbidden):
		return huma.Error403Forbidden(forbiddenDetail(err))
	case errors.Is(err, munireg.ErrConflict):
		return huma.Error412PreconditionFailed("The record has changed since it was read (If-Match is stale): GET it again and retry.")
	case errors.Is(err, munireg.ErrExists) && onlyDuplicates(err):
		return huma.Error409Conflict("The record would duplicate another.", details(err)...)
	case errors.As(err, &invalid), errors.As(err, &one):
		return huma.Error422UnprocessableEntity("The request is invalid.", details(err)...)
	case errors.Is(err, munireg.ErrNotFound):
		return huma.Error404NotFound("No such record.")
	case errors.Is(err, munireg.ErrPrecision):
		return huma.Error422UnprocessableEntity(err.Error())
	}
	id := RequestID(ctx)
	deps.logger().ErrorContext(ctx, "internal error", "request_id", id, "error", err)
	return huma.Error500InternalServerError(internalErrorDetail(id))
}

// onlyDuplicates reports whether every violation in err is a duplicate
// (munireg.ErrExists), or err is not a list of violations at all.
func onlyDuplicates(err error) bool {
	var invalid munireg.ValidationErrors
	if !errors.As(err, &invalid) {
		return true
	}
	for _, v := range invalid {
		if !errors.Is(v.Err, munireg.ErrExists) {
			return false
		}
	}
	return true
}

// details turns the validation errors in err into problem details, one per
// violation.
func details(err error) []error {
	in := "body"
	var l located
	if errors.As(err, &l) {
		in = l.in
	}
	var all munireg.ValidationErrors
	if !errors.As(err, &all) {
		var one munireg.ValidationError
		if !errors.As(err, &one) {
			return nil
		}
		all = munireg.ValidationErrors{one}
	}
	out := make([]error, len(all))
	for i, v := range all {
		d := &huma.ErrorDetail{Location: in, Message: "invalid"}
		if v.Field != "" {
			d.Location = in + "." + v.Field
		}
		if v.Err != nil {
			d.Message = v.Err.Error()
		}
		out[i] = d
	}
	return out
}

func internalErrorDetail(requestID string) string {
	return "Internal error; request ID " + requestID + "."
}

// forbiddenDetail is the reason for a refusal as the domain gives it (which
// organization is out of scope, which role was needed).
func forbiddenDetail(err error) string {
	return "Forbidden: " + strings.TrimPrefix(err.Error(), munireg.ErrForbidden.Error()+": ") + "."
}

// bodyErrors are the statuses huma answers, before any handler runs, to a
// request body it cannot take: none or not JSON (400), over MaxBodyBytes
// (413), a media type it does not decode (415).
var bodyErrors = []int{http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType}

// documentBodyErrors documents bodyErrors on an operation that takes a
// request body. It is an OnAddOperation hook: huma documents only the
// operation's Errors, not the statuses it answers itself.
func documentBodyErrors(_ *huma.OpenAPI, op *huma.Operation) {
	if op.RequestBody == nil {
		return
	}
	for _, status := range bodyErrors {
		if code := strconv.Itoa(status); op.Responses[code] == nil {
			op.Responses[code] = problemResponse(http.StatusText(status))
		}
	}
}

// withoutEchoedObjects is a transformer that leaves out of a problem's
// details the values that are objects or arrays. huma's validator echoes
// with each violation the value at its location, so every violation
// located at an object echoes the whole object: a body with n unknown
// properties came back as n copies of itself (60 KB in, 300 MB out), and a
// deeply nested body came back nested deeper than JSON decoders accept.
// Scalar values stay: they show what was wrong.
func withoutEchoedObjects(_ huma.Context, _ string, v any) (any, error) {
	p, ok := v.(*huma.ErrorModel)
	if !ok {
		return v, nil
	}
	for _, d := range p.Errors {
		switch d.Value.(type) {
		case map[string]any, []any:
			d.Value = nil
		}
	}
	return v, nil
}
