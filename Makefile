# Thin wrappers over go commands. The README's promise: `make run` and
# `make test` work on a fresh machine.

GO          ?= go
BIN         := bin/munireg
VERSION     := $(shell git describe --always --dirty 2>/dev/null || echo devel)
LDFLAGS     := -X main.version=$(VERSION)
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: run build test fuzz lint lint-spec golden openapi postgres bench

## run: build munireg and serve it in local mode on http://127.0.0.1:8080, with demo data
run: postgres build
	./$(BIN) serve --demo

## build: build bin/munireg
build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/munireg

## test: every test, PostgreSQL-backed ones included, with the race detector
test: postgres
	$(GO) test -race -count=1 ./...

## fuzz: run every fuzz target (func FuzzX in a _test.go file) for FUZZTIME each; go test fuzzes one target of one package a run
FUZZTIME ?= 3s
fuzz:
	@set -e; $(GO) list -f '{{.ImportPath}} {{.Dir}}' ./... | while read -r pkg dir; do \
		for target in $$(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' "$$dir"/*_test.go 2>/dev/null); do \
			echo "$(GO) test $$pkg -run '^$$' -fuzz '^$$target\$$' -fuzztime $(FUZZTIME)"; \
			$(GO) test "$$pkg" -run '^$$' -fuzz "^$$target\$$" -fuzztime $(FUZZTIME); \
		done; \
	done

## lint: gofmt, go vet, staticcheck, go.mod tidy, and the OpenAPI lint
lint: lint-spec
	@out="$$(gofmt -l .)"; if [ -n "$$out" ]; then echo "gofmt -l:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...
	$(GO) mod tidy -diff

## lint-spec: lint the OpenAPI document with Spectral's OpenAPI ruleset (pinned in .ci/spectral; needs Node.js and npm)
lint-spec:
	@bash .ci/lint-spec

## golden: rewrite golden files (the OpenAPI document, and the client generated from it) after a reviewed change
golden:
	$(GO) test ./httpapi -run TestOpenAPIGolden -update -count=1
	$(GO) generate ./internal/apiclient

## openapi: print the OpenAPI 3.1 document
openapi:
	@$(GO) run ./cmd/munireg openapi

## bench: measure against the floors (N × Norway: allocation, summaries, HTTP, bulk load; Markdown on stdout)
bench: postgres build
	./$(BIN) bench

# postgres: make sure PostgreSQL's server binaries are installed
postgres:
	@sh .ci/ensure-postgres
