package httpapi

// archiveCalls are the access matrix's calls of the archive operations.
// The import sends an empty document: the access world is not empty, so
// the admin, let through the gate, is refused by the register (409).
var archiveCalls = map[string]func(w *accessWorld, s *side) request{
	"export-register": func(*accessWorld, *side) request { return request{"GET", "/v1/export", ""} },
	"import-register": func(*accessWorld, *side) request {
		return request{"POST", "/v1/import", `{"format": "munireg-register", "version": 1}`}
	},
}
