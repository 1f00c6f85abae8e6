# hebbplay: the two commands a newcomer needs are `make serve` and `make test`.
GO      ?= go
GOROOT  := $(shell $(GO) env GOROOT)
WASMENV := GOOS=js GOARCH=wasm

.PHONY: all test test-go test-wasm vet serve build bench reproduce clean

all: build

## test: every test (native Go, Go under Node for syscall/js code, browser tests).
test: vet test-go

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { echo "gofmt needed:"; gofmt -l .; exit 1; }

test-go:
	$(GO) test ./...

## bench: core benchmarks plus the recall kernel's bandwidth ratio.
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./core/...
	$(GO) run ./scripts/bandwidth

## reproduce: the full benchmark of the seven rules at sizes that finish in minutes.
reproduce:
	bash scripts/reproduce.sh

clean:
	rm -f web/*.wasm web/*.wasm.gz web/wasm_exec.js
