# hebbplay: the two commands a newcomer needs are `make serve` and `make test`.
GO      ?= go
GOROOT  := $(shell $(GO) env GOROOT)
WASMENV := GOOS=js GOARCH=wasm
ADDR    ?= 127.0.0.1:8080
# Where browser tests write screenshots and the server binary.
TESTOUT ?= $(CURDIR)/test-output

.PHONY: all test test-go test-wasm test-browser vet serve build bench bench-browser profile-browser reproduce fuzz clean

all: build

## test: every test (native Go, Go under Node for syscall/js code, browser tests).
test: vet test-go test-wasm test-browser

vet:
	$(GO) vet ./...
	$(WASMENV) $(GO) vet ./wasm/...
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { echo "gofmt needed:"; gofmt -l .; exit 1; }

test-go:
	$(GO) test ./...

## test-wasm: packages using syscall/js (not Ebiten), run under Node.
test-wasm:
	PATH="$(GOROOT)/lib/wasm:$$PATH" $(WASMENV) $(GO) test ./wasm/bridge/...

## build: the WebAssembly programs (the Ebiten app and the core-only worker),
## their gzip and brotli copies (scripts/precompress), wasm_exec.js, the MNIST subset and Chart.js into web/ (all gitignored),
## then web/sw-build.js, the manifest of the build the service worker caches (scripts/manifest).
build:
	$(WASMENV) $(GO) build -trimpath -ldflags="-s -w" -o web/app.wasm ./wasm/app
	$(WASMENV) $(GO) build -trimpath -ldflags="-s -w" -o web/worker.wasm ./wasm/worker
	cp "$(GOROOT)/lib/wasm/wasm_exec.js" web/wasm_exec.js
	$(GO) run ./scripts/precompress web/app.wasm web/worker.wasm
	$(GO) run ./scripts/mnistpack -o web/mnist-subset.bin
	test -f scripts/vendor/node_modules/chart.js/package.json || (cd scripts/vendor && npm ci --no-audit --no-fund --loglevel=error)
	mkdir -p web/vendor && cp scripts/vendor/node_modules/chart.js/dist/chart.umd.min.js web/vendor/chart.umd.min.js
	$(GO) run ./scripts/manifest web

## serve: build, then serve web/ on http://$(ADDR)/ (the URL is printed).
serve: build
	$(GO) run ./scripts/serve -dir web -addr $(ADDR)

## test-browser: headless Chromium (Debian) driven by playwright-core; installs both when missing.
test-browser: build
	bash scripts/install-test-deps.sh
	$(GO) build -o $(TESTOUT)/bin/serve ./scripts/serve
	cd scripts/browser && SERVE_BIN="$(TESTOUT)/bin/serve" WEB_DIR="$(CURDIR)/web" SHOTS_DIR="$(TESTOUT)/screenshots" node --test --test-concurrency=1

## bench: store, derive and one recall iteration at 32×32 and 64×64, one P90
## search per rule at 32×32 and K-of-N 1024/32 (3 repetitions, 1 goroutine), each measured
## BENCH_COUNT times interleaved for the commit BENCH_BASE (default: the
## previous commit, exported to a temporary directory with this tree's
## benchmark files), this tree, and this tree built with GOEXPERIMENT=simd
## (the AVX2 kernel); benchstat prints the three columns with ratios to the
## first. Then the recall kernel's bandwidth fraction, portable and SIMD.
BENCH_BASE  ?= HEAD~1
BENCH_COUNT ?= 3
BENCH_RUN   ?= Store|Derive|RecallIteration|Capacity
BENCHSTAT   := golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da
BENCH_DIR   := $(TESTOUT)/bench
bench:
	rm -rf $(BENCH_DIR) && mkdir -p $(BENCH_DIR)/base
	git archive $(BENCH_BASE) | tar -x -C $(BENCH_DIR)/base
	cp core/memory/bench_test.go $(BENCH_DIR)/base/core/memory/
	cp core/experiment/bench_test.go core/experiment/cpu_*_test.go $(BENCH_DIR)/base/core/experiment/
	cd $(BENCH_DIR)/base && $(GO) test -c -o $(BENCH_DIR)/mem-base.test ./core/memory && $(GO) test -c -o $(BENCH_DIR)/exp-base.test ./core/experiment
	$(GO) test -c -o $(BENCH_DIR)/mem-new.test ./core/memory && $(GO) test -c -o $(BENCH_DIR)/exp-new.test ./core/experiment
	GOEXPERIMENT=simd $(GO) test -c -o $(BENCH_DIR)/mem-simd.test ./core/memory && GOEXPERIMENT=simd $(GO) test -c -o $(BENCH_DIR)/exp-simd.test ./core/experiment
	cd $(BENCH_DIR) && for i in $$(seq $(BENCH_COUNT)); do for v in base new simd; do \
		./mem-$$v.test -test.run '^$$' -test.bench '$(BENCH_RUN)' >> $$v.txt; \
		./exp-$$v.test -test.run '^$$' -test.bench '$(BENCH_RUN)' -test.benchtime 1x >> $$v.txt; done; done
	cd $(BENCH_DIR) && $(GO) run $(BENCHSTAT) base=base.txt new=new.txt new+simd=simd.txt
	$(GO) run ./scripts/bandwidth
	GOEXPERIMENT=simd $(GO) run ./scripts/bandwidth

## bench-browser: the wasm download sizes (raw, gzip, brotli) and the first frame with a fresh
## profile (loopback and 20 Mbit/s), every lab's main-thread frame gaps while it trains or sweeps,
## worker throughput vs native Go, the 2-worker speed-up, and the time of the 7-rule table on both
## nets at 10 repetitions with two workers, in headless Chromium.
bench-browser: build
	bash scripts/install-test-deps.sh
	node scripts/browser/bench-browser.mjs

## profile-browser: a CPU profile of each Web Worker (Chromium's DevTools protocol) while the page
## runs the 7-rule storage experiment at 32×32 with two workers; prints each worker's top functions.
profile-browser: build
	bash scripts/install-test-deps.sh
	cd scripts/browser && node profile-workers.mjs

## reproduce: the full benchmark of the seven rules at sizes that finish in minutes.
reproduce:
	bash scripts/reproduce.sh

## fuzz: every fuzzer in FUZZERS, one after another, each for FUZZTIME
## (a duration such as 60s, or a count of executions such as 1000000x).
## Inputs that fail are written to the package's testdata/fuzz/ (commit them).
FUZZTIME ?= 60s
# Every fuzzer of the repository, as package:Fuzzer (make fuzz refuses to run
# when a Fuzz function is missing from this list).
FUZZERS := \
	./core/params:FuzzDecode \
	./core/pattern:FuzzDecodePictures \
	./core/lab/memorylab:FuzzPictureLink \
	./core/library:FuzzImport \
	./core/lab:FuzzSetConfig \
	./core/lab/memorylab:FuzzCueEdit \
	./core/experiment:FuzzSpec \
	./core/experiment:FuzzWorkRequest \
	./core/jobs:FuzzHandle \
	./scripts/hebb:FuzzLists \
	./scripts/hebb:FuzzLink \
	./scripts/dopamine:FuzzArgs \
	./scripts/dopamine:FuzzLink \
	./scripts/sparse:FuzzArgs \
	./scripts/sparse:FuzzLink
fuzz:
	@for f in $$(git grep -h -o '^func Fuzz[A-Za-z0-9_]*' -- '*_test.go' | cut -c6-); do \
		case " $(FUZZERS) " in *":$$f "*) ;; *) echo "make fuzz: $$f is not listed in FUZZERS"; exit 1;; esac; done
	@set -e; for f in $(FUZZERS); do \
		echo "== $${f#*:} ($${f%%:*}, $(FUZZTIME))"; \
		$(GO) test -run '^$$' -fuzz "^$${f#*:}\$$" -fuzztime $(FUZZTIME) $${f%%:*}; done

clean:
	rm -f web/*.wasm web/*.wasm.gz web/*.wasm.br web/wasm_exec.js web/mnist-subset.bin web/sw-build.js
	rm -rf web/vendor
	rm -rf test-output
