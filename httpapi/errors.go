package httpapi

import (
	"context"
	"errors"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/munireg/munireg"
)

// errNoRegister is the error of a server started without storage.
var errNoRegister = errors.New("httpapi: no register configured")

// retryAfterSeconds is suggested to clients when the database is unavailable.
const retryAfterSeconds = "5"

// problem is the one place where an error becomes an HTTP problem. Errors
// it does not know are logged with the request ID and answered with a 500
// that reveals nothing else.
func problem(ctx context.Context, deps Deps, err error) error {
	var se huma.StatusError
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
	}
	id := RequestID(ctx)
	deps.logger().ErrorContext(ctx, "internal error", "request_id", id, "error", err)
	return huma.Error500InternalServerError(internalErrorDetail(id))
}

func internalErrorDetail(requestID string) string {
	return "Internal error; request ID " + requestID + "."
}
