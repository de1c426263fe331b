package httpapi

// importsCalls are the access matrix's calls of the imports operations. The
// matrix's requests say their bodies are JSON: the population import reads
// CSV whatever the Content-Type, and the entity import is sent JSON.
var importsCalls = map[string]func(w *accessWorld, s *side) request{
	"import-municipalities": func(*accessWorld, *side) request {
		return request{"POST", "/v1/imports/municipalities", ""}
	},
	"import-population": func(*accessWorld, *side) request {
		// A figure SSB marks as missing: passed over, nothing to write.
		return request{"POST", "/v1/imports/population", "region;år;Personer\n0 Hele landet;2024;..\n"}
	},
	"import-entities": func(_ *accessWorld, s *side) request {
		return request{"POST", "/v1/imports/entities",
			`[{"organisasjonsnummer": "939760946", "navn": "VOLDA KOMMUNE", "organisasjonsform": {"kode": "KOMM"}}]`}
	},
}
