package httpapi

import (
	"bytes"
	"html/template"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/danielgtaylor/huma/v2"
)

// docsHandler serves a self-contained HTML reference of the API, rendered
// once from the OpenAPI document: no scripts, no fonts, no CDN, so it works
// on a machine without internet access.
func docsHandler(doc *huma.OpenAPI) http.Handler {
	// Rendered on first request: operations may be registered after New.
	render := sync.OnceValue(func() []byte {
		var buf bytes.Buffer
		if err := docsTemplate.Execute(&buf, docsModel(doc)); err != nil {
			return []byte("docs: " + template.HTMLEscapeString(err.Error()))
		}
		return buf.Bytes()
	})
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
		_, _ = w.Write(render())
	})
}

type docsOperation struct {
	Method, Path, ID, Summary, Description string
	Params                                 []*huma.Param
	Body                                   string
	Responses                              []docsResponse
}

type docsResponse struct{ Status, Description string }

type docsTag struct {
	Name       string
	Operations []docsOperation
}

func docsModel(doc *huma.OpenAPI) map[string]any {
	byTag := map[string][]docsOperation{}
	for path, item := range doc.Paths {
		for method, op := range map[string]*huma.Operation{
			"GET": item.Get, "POST": item.Post, "PUT": item.Put, "PATCH": item.Patch, "DELETE": item.Delete,
		} {
			if op == nil {
				continue
			}
			d := docsOperation{Method: method, Path: path, ID: op.OperationID, Summary: op.Summary,
				Description: op.Description, Params: op.Parameters}
			if op.RequestBody != nil {
				for ct, mt := range op.RequestBody.Content {
					if mt.Schema != nil && mt.Schema.Ref != "" {
						d.Body = ct + ": " + strings.TrimPrefix(mt.Schema.Ref, "#/components/schemas/")
					}
				}
			}
			for status, r := range op.Responses {
				if shared := doc.Components.Responses[strings.TrimPrefix(r.Ref, "#/components/responses/")]; r.Ref != "" && shared != nil {
					r = shared // a response of the components, such as the 429
				}
				d.Responses = append(d.Responses, docsResponse{status, r.Description})
			}
			slices.SortFunc(d.Responses, func(a, b docsResponse) int { return strings.Compare(a.Status, b.Status) })
			tag := "other"
			if len(op.Tags) > 0 {
				tag = op.Tags[0]
			}
			byTag[tag] = append(byTag[tag], d)
		}
	}
	var tags []docsTag
	for name, ops := range byTag {
		slices.SortFunc(ops, func(a, b docsOperation) int {
			return strings.Compare(a.Path+" "+a.Method, b.Path+" "+b.Method)
		})
		tags = append(tags, docsTag{name, ops})
	}
	slices.SortFunc(tags, func(a, b docsTag) int { return strings.Compare(a.Name, b.Name) })
	return map[string]any{"Info": doc.Info, "Tags": tags}
}

var docsTemplate = template.Must(template.New("docs").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Info.Title}} API {{.Info.Version}}</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}
h1{margin-bottom:0}code,.path{font-family:ui-monospace,monospace}
section.op{border:1px solid #d0d7de;border-radius:6px;padding:.6rem 1rem;margin:.8rem 0}
.m{display:inline-block;min-width:4.5rem;font-weight:700}.GET{color:#0969da}.POST{color:#1a7f37}
.PUT,.PATCH{color:#9a6700}.DELETE{color:#cf222e}table{border-collapse:collapse}td,th{padding:.1rem .6rem;text-align:left;vertical-align:top}
.muted{color:#59636e}
</style></head><body>
<h1>{{.Info.Title}} API</h1>
<p class="muted">Version {{.Info.Version}} · machine-readable: <a href="/openapi.json">openapi.json</a> · <a href="/openapi.yaml">openapi.yaml</a> (OpenAPI 3.1)</p>
<p>{{.Info.Description}}</p>
<p>Errors are RFC 9457 problem documents (<code>application/problem+json</code>); every response has an <code>X-Request-ID</code> header to quote when reporting a problem.</p>
{{range .Tags}}<h2>{{.Name}}</h2>
{{range .Operations}}<section class="op" id="{{.ID}}"><div><span class="m {{.Method}}">{{.Method}}</span> <span class="path">{{.Path}}</span> <span class="muted">· {{.ID}}</span></div>
<p><strong>{{.Summary}}</strong>{{if .Description}} — {{.Description}}{{end}}</p>
{{if .Params}}<table><tr><th>parameter</th><th>in</th><th>required</th><th>description</th></tr>
{{range .Params}}<tr><td><code>{{.Name}}</code></td><td>{{.In}}</td><td>{{if .Required}}yes{{else}}no{{end}}</td><td>{{.Description}}</td></tr>{{end}}</table>{{end}}
{{if .Body}}<p>Request body: <code>{{.Body}}</code></p>{{end}}
<table>{{range .Responses}}<tr><td><code>{{.Status}}</code></td><td>{{.Description}}</td></tr>{{end}}</table>
</section>{{end}}{{end}}
</body></html>
`))
