package httpapi

// bodsCalls are the access matrix's calls of the bods operations.
var bodsCalls = map[string]func(w *accessWorld, s *side) request{
	"export-bods": func(*accessWorld, *side) request { return request{"GET", "/v1/exports/bods?asOf=2025-06-30", ""} },
}
