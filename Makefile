# Evident — two commands: `make demo` and `make test`.
SWIFT ?= swift
PORT ?= 8080
DATA_DIR ?= .evident/postgres
BIN = $(shell $(SWIFT) build --show-bin-path)/evident

.PHONY: deps build test test-swift test-interop demo bench bench-json bench-crud clean

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

## Everything CI runs: Swift unit + integration tests (real embedded PostgreSQL), then the Python interop suite.
test: deps
	$(SWIFT) build --build-tests
	@scripts/cleanup-test-clusters.sh
	$(SWIFT) test --skip-build
	@scripts/interop.sh

test-swift:
	$(SWIFT) build --build-tests && $(SWIFT) test --skip-build

test-interop: build
	@scripts/interop.sh

## Build, start the embedded PostgreSQL, load the demo patients and serve on :$(PORT) (Ctrl-C stops both).
demo: build
	$(BIN) load --data-dir $(DATA_DIR) demo/
	@echo "Serving FHIR R4 on http://127.0.0.1:$(PORT)/ (try: curl http://127.0.0.1:$(PORT)/Patient)"
	$(BIN) serve --data-dir $(DATA_DIR) --port $(PORT)

bench: bench-json bench-crud

bench-json: deps
	$(SWIFT) build -c release --product json-bench
	$$($(SWIFT) build -c release --show-bin-path)/json-bench

bench-crud: deps
	bench/crud/run.sh

clean:
	rm -rf .build .evident
