package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
)

// readyTimeout bounds /readyz's database check, so that a hung database
// answers 503 quickly instead of hanging the probe.
const readyTimeout = 2 * time.Second

// HealthBody is the answer of /healthz.
type HealthBody struct {
	Status string `json:"status" enum:"ok" doc:"Always ok when the process answers."`
	Build  string `json:"build" doc:"The build's version." example:"v0.1.0"`
}

// ReadyBody is the answer of /readyz.
type ReadyBody struct {
	Status   string       `json:"status" enum:"ok" doc:"ok when the database answers."`
	Instance InstanceBody `json:"instance" doc:"The register this server serves."`
}

// InstanceBody identifies a register.
type InstanceBody struct {
	ID        string    `json:"id" format:"uuid" doc:"The register's ID, made when it was created."`
	CreatedAt time.Time `json:"created_at" doc:"When the register was created."`
	Schema    string    `json:"schema" doc:"The newest database migration applied." example:"20261122000001"`
}

type healthOutput struct{ Body HealthBody }

type readyOutput struct{ Body ReadyBody }

func registerHealth(api huma.API, deps Deps) {
	huma.Register(api, huma.Operation{
		OperationID: "get-health",
		Method:      http.MethodGet,
		Path:        "/healthz",
		Summary:     "Liveness: the process answers",
		Description: "Answers 200 whenever the server process runs, whatever the state of the database. Public.",
		Tags:        []string{"health"},
	}, func(ctx context.Context, _ *struct{}) (*healthOutput, error) {
		return &healthOutput{Body: HealthBody{Status: "ok", Build: deps.Build}}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "get-readiness",
		Method:      http.MethodGet,
		Path:        "/readyz",
		Summary:     "Readiness: the database answers",
		Description: "Answers 200 with the register's identity when the database answers within " +
			readyTimeout.String() + ", else 503. Public.",
		Tags:   []string{"health"},
		Errors: []int{http.StatusServiceUnavailable},
	}, func(ctx context.Context, _ *struct{}) (*readyOutput, error) {
		if deps.Storage == nil {
			return nil, problem(ctx, deps, errNoRegister)
		}
		ctx, cancel := context.WithTimeout(ctx, readyTimeout)
		defer cancel()
		if err := deps.Storage.Ping(ctx); err != nil {
			return nil, problem(ctx, deps, err)
		}
		inst, err := deps.Storage.Instance(ctx)
		if err != nil {
			return nil, problem(ctx, deps, err)
		}
		return &readyOutput{Body: ReadyBody{Status: "ok", Instance: InstanceBody{
			ID: inst.ID, CreatedAt: inst.CreatedAt, Schema: inst.Schema,
		}}}, nil
	})
}
