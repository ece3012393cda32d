# The README's two commands. Everything else is a helper for them.
#   make run   – install missing Debian packages, build the release preset, start opsdesk --target=all
#   make test  – install missing Debian packages, build the ci preset, run every test with ctest
#   make bench – durable-ingest benchmark against the db_bench fillsync reference, then the
#                read-model benchmarks (board latency, replay, board queries; not in CI). Only
#                this target installs the benchmark tools (scripts/install-deps --bench).
#   make bench-scale – ten years of the centre at 1x, 10x and 50x today's size: replay, views,
#                memory and table latency as the data grows (about 80 minutes on 2 cores, 27 GB
#                of disk at 50x under OPSDESK_BENCH_DIR; not in `make bench`, nor in CI).
#   make container-test – the split topology for real: the image (docker/Dockerfile, from a base
#                made with mmdebstrap) and one Podman container per module with the dev broker;
#                an incident through them all, a SIGKILL of the incidents container (not in
#                CI; run it before every change to docker/ or k8s/; under a minute after the
#                release build, two more the first time). `make test` checks them statically.
#   make fuzz  – the decoders' random-input tests with more inputs (SCALE, default 50) and a new
#                seed each run (or SEED=… to repeat one); make test runs them with a fixed seed.
JOBS ?= $(shell nproc)

.PHONY: run test container-test fuzz bench bench-scale deps deps-test web build-release build-ci build-dev clean

deps:
	@scripts/install-deps

deps-test:
	@scripts/install-deps --browser

# The dashboard: TypeScript checked and bundled by Vite into web/dist (served by opsdesk at /).
web: deps
	cd web && npm run --silent build

# `make run` needs only the executable; `make bench` builds everything (benchmarks included).
build-release: deps
	cmake --preset release >/dev/null
	cmake --build --preset release -j $(JOBS) --target opsdesk

build-ci: deps
	cmake --preset ci >/dev/null
	cmake --build --preset ci -j $(JOBS)

build-dev: deps
	cmake --preset dev >/dev/null
	cmake --build --preset dev -j $(JOBS)

run: build-release web
	@scripts/run-dev build/release/cmd/opsdesk/opsdesk

test: deps-test build-ci web
	ctest --preset ci -j $(JOBS)

container-test: build-release web
	@scripts/install-deps --containers
	/usr/bin/python3 tests/deploy/split_topology_test.py --binary build/release/cmd/opsdesk/opsdesk --dashboard web/dist

SEED ?= $(shell date +%s)
SCALE ?= 50
fuzz: build-ci
	OPSDESK_FUZZ_SEED=$(SEED) OPSDESK_FUZZ_SCALE=$(SCALE) build/ci/tests/random_input_tests

bench: build-release
	@scripts/install-deps --bench
	cmake --build --preset release -j $(JOBS)
	bench/run-bench build/release

bench-scale: build-release
	@scripts/install-deps --bench
	cmake --build --preset release -j $(JOBS) --target opsdesk fill_incidents
	bench/run-scale-bench build/release

clean:
	rm -rf build web/dist
