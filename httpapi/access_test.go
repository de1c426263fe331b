package httpapi

import (
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/danielgtaylor/huma/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/internal/pgstore/pgtest"
)

// accessWorld is a register with two sides: municipality A, whose editor
// the matrix tests, and municipality B. Each side owns a company (a
// position and a dividend), hosts a vertskommune agreement with a budget,
// and has a company nobody owns yet; a forum and a spare token exist too.
type accessWorld struct {
	sides map[string]*side
	forum string
	spare string // a token to read and revoke
}

// side is one municipality's records.
type side struct {
	name, org, company, fresh, position, flow, agreement, budget string
}

func newAccessWorld(t *testing.T, h http.Handler) *accessWorld {
	t.Helper()
	w := &accessWorld{sides: map[string]*side{}}
	for _, n := range []string{"A", "B"} {
		s := &side{name: n}
		s.org = createOrg(t, h, n+" kommune", "kommune", `, "population": [{"date": "2025-01-01", "count": 1000}]`)
		s.company = createOrg(t, h, n+" Energi AS", "as", "")
		s.fresh = createOrg(t, h, n+" Nytt AS", "as", "")
		s.position = create(t, h, "/v1/positions", fmt.Sprintf(`{"owner": %q, "entity": %q, "economic": "1",
			"valid": {"from": "2020-01-01"}, "category": "financial"}`, s.org, s.company))["id"].(string)
		s.flow = create(t, h, "/v1/flows", fmt.Sprintf(`{"owner": %q, "entity": %q, "kind": "dividend",
			"year": 2024, "amount": "1000.00"}`, s.org, s.company))["id"].(string)
		w.sides[n] = s
	}
	for _, s := range w.sides {
		s.agreement = create(t, h, "/v1/agreements", hostedAgreement(s.name+" barnevern", s.org, w.sides["A"].org, w.sides["B"].org))["id"].(string)
		s.budget = create(t, h, "/v1/agreements/"+s.agreement+"/budgets", `{"year": 2025, "total": "1000.00"}`)["id"].(string)
	}
	w.forum = create(t, h, "/v1/forums", fmt.Sprintf(`{"name": "Eierforum", "owners": [%q, %q]}`, w.sides["A"].org, w.sides["B"].org))["id"].(string)
	w.spare = create(t, h, "/v1/tokens", `{"name": "spare", "role": "reader"}`)["id"].(string)
	return w
}

// hostedAgreement is a vertskommune agreement of A and B hosted by host,
// its cost split equally.
func hostedAgreement(name, host, a, b string) string {
	return fmt.Sprintf(`{"name": %q, "form": "vertskommune", "versions": [{
		"adopted": "2024-12-01", "valid": {"from": "2025-01-01"}, "host": %q,
		"participants": [{"organization": {"id": %q}}, {"organization": {"id": %q}}],
		"key": {"components": [{"name": "likt", "weight": "1", "basis": "equal"}]}}]}`, name, host, a, b)
}

// request is one call of an operation.
type request struct{ method, path, body string }

// operationCalls builds, for every operation of the API, a valid call on
// one side's records: what the matrix sends. An operation missing here
// fails TestAccessMatrix.
var operationCalls = mergeCalls(coreCalls, importsCalls, archiveCalls, bodsCalls)

// mergeCalls merges maps of calls; an operation in two panics.
func mergeCalls(maps ...map[string]func(w *accessWorld, s *side) request) map[string]func(w *accessWorld, s *side) request {
	out := map[string]func(w *accessWorld, s *side) request{}
	for _, m := range maps {
		for id, call := range m {
			if _, dup := out[id]; dup {
				panic("two calls of " + id)
			}
			out[id] = call
		}
	}
	return out
}

// coreCalls are the calls of the operations registered in this file's
// neighbours; the import, archive and BODS operations have files of their own.
var coreCalls = map[string]func(w *accessWorld, s *side) request{
	"get-health":    func(*accessWorld, *side) request { return request{"GET", "/healthz", ""} },
	"get-readiness": func(*accessWorld, *side) request { return request{"GET", "/readyz", ""} },

	"compute-allocation": func(*accessWorld, *side) request {
		return request{"POST", "/v1/allocations/compute", `{"total": "100.00",
			"components": [{"name": "likt", "weight": "1", "basis": "equal"}], "participants": [{"ref": "a"}, {"ref": "b"}]}`}
	},
	"compute-tariff": func(*accessWorld, *side) request {
		return request{"POST", "/v1/tariffs/compute", `{"base": "100", "rate": "1", "basis": "population",
			"participants": [{"ref": "a", "population": 10}]}`}
	},
	"compute-look-through": func(*accessWorld, *side) request {
		return request{"POST", "/v1/ownership/look-through/compute", `{"positions": [{"owner": "A", "entity": "B", "share": "0.5"}]}`}
	},
	"compute-forum-summary": func(w *accessWorld, s *side) request {
		return request{"POST", "/v1/summaries/forum", fmt.Sprintf(`{"name": "F", "owners": [%q], "year": 2024}`, s.org)}
	},

	"list-organizations": func(*accessWorld, *side) request { return request{"GET", "/v1/organizations", ""} },
	"get-organization":   func(_ *accessWorld, s *side) request { return request{"GET", "/v1/organizations/" + s.org, ""} },
	"list-organization-successions": func(_ *accessWorld, s *side) request {
		return request{"GET", "/v1/organizations/" + s.org + "/successions", ""}
	},
	"create-organization": func(_ *accessWorld, s *side) request {
		return request{"POST", "/v1/organizations", fmt.Sprintf(`{"name": "%s Ny IKS", "kind": "iks"}`, s.name)}
	},
	"update-organization": func(_ *accessWorld, s *side) request {
		return request{"PATCH", "/v1/organizations/" + s.org, fmt.Sprintf(`{"name": "%s herad"}`, s.name)}
	},
	"put-organization-population": func(_ *accessWorld, s *side) request {
		return request{"PUT", "/v1/organizations/" + s.org + "/population", `{"population": [{"date": "2026-01-01", "count": 1010}]}`}
	},
	"create-succession": func(_ *accessWorld, s *side) request {
		return request{"POST", "/v1/successions", fmt.Sprintf(`{"predecessor": %q, "successor": %q, "effective": "2026-01-01"}`, s.fresh, s.org)}
	},

	"list-agreements": func(*accessWorld, *side) request { return request{"GET", "/v1/agreements", ""} },
	"get-agreement":   func(_ *accessWorld, s *side) request { return request{"GET", "/v1/agreements/" + s.agreement, ""} },
	"create-agreement": func(w *accessWorld, s *side) request {
		return request{"POST", "/v1/agreements", hostedAgreement(s.name+" legevakt", s.org, w.sides["A"].org, w.sides["B"].org)}
	},
	"update-agreement": func(_ *accessWorld, s *side) request {
		return request{"PATCH", "/v1/agreements/" + s.agreement, fmt.Sprintf(`{"name": "%s barnevernstjeneste"}`, s.name)}
	},
	"add-agreement-version": func(w *accessWorld, s *side) request {
		return request{"POST", "/v1/agreements/" + s.agreement + "/versions", fmt.Sprintf(`{
			"adopted": "2025-12-01", "valid": {"from": "2026-01-01"}, "host": %q,
			"participants": [{"organization": {"id": %q}}, {"organization": {"id": %q}}],
			"key": {"components": [{"name": "likt", "weight": "1", "basis": "equal"}]}}`, s.org, w.sides["A"].org, w.sides["B"].org)}
	},
	"list-agreement-budgets": func(_ *accessWorld, s *side) request {
		return request{"GET", "/v1/agreements/" + s.agreement + "/budgets", ""}
	},
	"create-budget": func(_ *accessWorld, s *side) request {
		return request{"POST", "/v1/agreements/" + s.agreement + "/budgets", `{"year": 2026, "total": "2000.00"}`}
	},
	"get-budget": func(_ *accessWorld, s *side) request { return request{"GET", "/v1/budgets/" + s.budget, ""} },
	"get-budget-installments": func(_ *accessWorld, s *side) request {
		return request{"GET", "/v1/budgets/" + s.budget + "/installments?n=4", ""}
	},
	"settle-budget": func(_ *accessWorld, s *side) request {
		return request{"POST", "/v1/budgets/" + s.budget + "/settlement", `{"total": "1100.00"}`}
	},

	"list-positions": func(*accessWorld, *side) request { return request{"GET", "/v1/positions", ""} },
	"get-position":   func(_ *accessWorld, s *side) request { return request{"GET", "/v1/positions/" + s.position, ""} },
	"create-position": func(_ *accessWorld, s *side) request {
		return request{"POST", "/v1/positions", fmt.Sprintf(`{"owner": %q, "entity": %q, "economic": "0.5",
			"valid": {"from": "2025-01-01"}, "category": "sector-policy"}`, s.org, s.fresh)}
	},
	"update-position": func(_ *accessWorld, s *side) request {
		return request{"PATCH", "/v1/positions/" + s.position, `{"purpose": "Avkastning"}`}
	},
	"end-position": func(_ *accessWorld, s *side) request {
		return request{"POST", "/v1/positions/" + s.position + "/end", `{"date": "2025-12-31"}`}
	},
	"list-flows": func(*accessWorld, *side) request { return request{"GET", "/v1/flows", ""} },
	"get-flow":   func(_ *accessWorld, s *side) request { return request{"GET", "/v1/flows/" + s.flow, ""} },
	"create-flow": func(_ *accessWorld, s *side) request {
		return request{"POST", "/v1/flows", fmt.Sprintf(`{"owner": %q, "entity": %q, "kind": "dividend", "year": 2025, "amount": "500.00"}`, s.org, s.company)}
	},
	"update-flow": func(_ *accessWorld, s *side) request {
		return request{"PATCH", "/v1/flows/" + s.flow, `{"amount": "1200.00"}`}
	},
	"delete-flow": func(_ *accessWorld, s *side) request { return request{"DELETE", "/v1/flows/" + s.flow, ""} },
	"create-distribution": func(_ *accessWorld, s *side) request {
		return request{"POST", "/v1/distributions", fmt.Sprintf(`{"entity": %q, "total": "3000.00", "asOf": "2025-06-30",
			"record": true, "kind": "dividend", "year": 2025}`, s.company)}
	},

	"list-forums": func(*accessWorld, *side) request { return request{"GET", "/v1/forums", ""} },
	"get-forum":   func(w *accessWorld, _ *side) request { return request{"GET", "/v1/forums/" + w.forum, ""} },
	"get-forum-summary": func(w *accessWorld, _ *side) request {
		return request{"GET", "/v1/forums/" + w.forum + "/summary?year=2024", ""}
	},
	"create-forum": func(_ *accessWorld, s *side) request {
		return request{"POST", "/v1/forums", fmt.Sprintf(`{"name": "%s eierforum", "owners": [%q]}`, s.name, s.org)}
	},
	"update-forum": func(w *accessWorld, _ *side) request {
		return request{"PATCH", "/v1/forums/" + w.forum, `{"description": "Nytt"}`}
	},

	"get-owner-summary": func(_ *accessWorld, s *side) request {
		return request{"GET", "/v1/summaries/owners/" + s.org + "?year=2024", ""}
	},
	"get-entity-summary": func(_ *accessWorld, s *side) request {
		return request{"GET", "/v1/summaries/entities/" + s.company + "?year=2024", ""}
	},
	"get-cooperation-overview": func(_ *accessWorld, s *side) request { return request{"GET", "/v1/reports/cooperation/" + s.org, ""} },
	"get-ownership-report":     func(_ *accessWorld, s *side) request { return request{"GET", "/v1/reports/ownership/" + s.org, ""} },
	"list-audit":               func(*accessWorld, *side) request { return request{"GET", "/v1/audit", ""} },

	"get-current-token": func(*accessWorld, *side) request { return request{"GET", "/v1/tokens/current", ""} },
	"list-tokens":       func(*accessWorld, *side) request { return request{"GET", "/v1/tokens", ""} },
	"get-token":         func(w *accessWorld, _ *side) request { return request{"GET", "/v1/tokens/" + w.spare, ""} },
	"create-token": func(_ *accessWorld, s *side) request {
		return request{"POST", "/v1/tokens", fmt.Sprintf(`{"name": "%s reader", "role": "reader"}`, s.name)}
	},
	"revoke-token": func(w *accessWorld, _ *side) request { return request{"POST", "/v1/tokens/" + w.spare + "/revoke", ""} },
}

// caller is one row of the matrix: a token (or none), and the side whose
// records it acts on.
type caller struct {
	name, auth, side string
}

// expected is the status class the matrix wants of a caller on an
// operation of rule: 2xx, 401 or 403.
func expected(rule access, c caller) int {
	switch {
	case rule == public:
		return http.StatusOK
	case c.name == "no token", c.name == "bad token", c.name == "revoked token":
		return http.StatusUnauthorized
	case rule == read || c.name == "admin":
		return http.StatusOK
	case rule == change && c.name == "editor of A" && c.side == "A":
		return http.StatusOK
	}
	return http.StatusForbidden
}

// TestAccessMatrix calls every registered operation as every kind of
// caller, each on a register of its own: no token, a bad one, a revoked
// one, a reader, A's editor on B's records, A's editor on A's records and
// an admin (on B's records, untouched by the editor). Operations change
// records in that order, so the callers refused come before the ones
// admitted. An operation without a call here, or with a rule the test does
// not expect, fails.
func TestAccessMatrix(t *testing.T) {
	// What the test expects of each operation. create-distribution is a
	// read at the gate, and a change once it records flows, as here.
	rules := map[string]access{}
	for id, rule := range policy {
		rules[id] = rule
	}
	rules["create-distribution"] = change

	for path, item := range Document().Paths {
		for _, op := range []*huma.Operation{item.Get, item.Put, item.Post, item.Patch, item.Delete} {
			if op == nil {
				continue
			}
			t.Run(op.OperationID, func(t *testing.T) {
				t.Parallel() // each on a database of its own
				build, ok := operationCalls[op.OperationID]
				require.True(t, ok, "operation %s (%s %s) has no call in operationCalls", op.OperationID, op.Method, path)
				rule := rules[op.OperationID]
				require.NotZero(t, rule, "operation %s has no access rule", op.OperationID)

				s := pgtest.Store(t)
				h := validated(t, New(Deps{Storage: s, Logger: slog.New(slog.DiscardHandler)}))
				adminSecret := newToken(t, s, munireg.Token{Name: "admin", Role: munireg.RoleAdmin})
				w := newAccessWorld(t, withToken(h, adminSecret))
				revoked := newRevokedToken(t, s)
				reader := newToken(t, s, munireg.Token{Name: "reader", Role: munireg.RoleReader})
				editor := newToken(t, s, munireg.Token{Name: "editor of A", Role: munireg.RoleEditor,
					Organizations: []string{w.sides["A"].org}})

				for _, c := range []caller{
					{"no token", "", "A"},
					{"bad token", "Bearer mr_" + strings.Repeat("x", 43), "A"},
					{"revoked token", "Bearer " + revoked, "A"},
					{"reader", "Bearer " + reader, "A"},
					{"editor of A", "Bearer " + editor, "B"},
					{"editor of A", "Bearer " + editor, "A"},
					{"admin", "Bearer " + adminSecret, "B"},
				} {
					r := build(w, w.sides[c.side])
					header := []string{"If-Match", `"1"`}
					if c.auth != "" {
						header = append(header, "Authorization", c.auth)
					}
					res, body := call(t, h, r.method, r.path, r.body, header...)
					want := expected(rule, c)
					if op.OperationID == "import-register" && want == http.StatusOK {
						// Past the gate; the register refuses to import into a
						// register that is not empty, as this one is.
						want = http.StatusConflict
					}
					what := fmt.Sprintf("%s on %s's records: %s %s = %d %v", c.name, c.side, r.method, r.path, res.StatusCode, body)
					switch want {
					case http.StatusOK:
						assert.True(t, res.StatusCode >= 200 && res.StatusCode < 300, "%s, want 2xx", what)
					default:
						assert.Equal(t, want, res.StatusCode, what)
						assert.Equal(t, "application/problem+json", res.Header.Get("Content-Type"), what)
					}
					if want == http.StatusUnauthorized {
						assert.True(t, strings.HasPrefix(res.Header.Get("WWW-Authenticate"), "Bearer"), "%s: WWW-Authenticate %q",
							what, res.Header.Get("WWW-Authenticate"))
					}
				}
			})
		}
	}
	for id := range operationCalls {
		_, ok := policy[id]
		assert.True(t, ok, "operationCalls has %s, which the API does not register", id)
	}
}
