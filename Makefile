# Casebook. `make site` builds the sample handbook; `make test` runs every test;
# `make bench` measures builds against Hugo. Each target installs what it needs.

BUILD_PACKAGES := pkg-config libcmark-gfm-dev libcmark-gfm-extensions-dev libstemmer-dev libsqlite3-dev libmicrohttpd-dev libssl-dev libjansson-dev libgit2-dev zlib1g-dev libvips-dev libavformat-dev libavcodec-dev libavutil-dev libswscale-dev libpq-dev libtomlplusplus-dev libyaml-dev libgumbo-dev libzip-dev libxml2-dev libicu-dev
TEST_PACKAGES := chromium chromium-driver python3-pip nodejs git ffmpeg postgresql nginx valgrind
BENCH_PACKAGES := hugo time wrk sqlite3 chromium chromium-driver libvips-tools curl python3-snowballstemmer nginx postgresql
SAMPLE_MEDIA_PACKAGES := python3-pil ffmpeg fonts-dejavu-core
CASEBOOK_RELEASE := .build/release/casebook

.PHONY: all deps site check test theme-check fuzz bench release sample-media clean

all: site

deps:
	@scripts/ensure-packages $(BUILD_PACKAGES)

release: deps
	swift build -c release --product casebook

## Build the sample handbook in Content/ into site/ and say how to open it.
site: release
	$(CASEBOOK_RELEASE) build --content Content --quizzes Quizzes --out site
	@echo "Open file://$(CURDIR)/site/index.html in a browser."

## Check the sample content strictly (warnings are errors).
check: release
	$(CASEBOOK_RELEASE) check --content Content

## Draws the sample bank's case media again (scripts/gen-sample-media: listing mock-ups,
## labels, stream frames and clips made from shapes and text) and imports it into Quizzes/
## through `casebook cases import --media`.
sample-media: release
	@scripts/ensure-packages $(SAMPLE_MEDIA_PACKAGES)
	scripts/gen-sample-media --casebook $(CASEBOOK_RELEASE) --quizzes Quizzes --content Content

## Unit and end-to-end tests: Swift Testing, then the browser tests in headless Chromium.
## scripts/run-swift-tests passes the output through and, if the run fails, ends it with the
## crash messages, the failed tests and the tests running when it died (a CI log shows its tail).
## axe-core for the accessibility checks comes from a wheel that ships axe.min.js (4.12.1);
## --no-deps, as only that file is used (Tests/Browser/a11y.py), not Playwright.
AXE_WHEEL := axe-playwright-python==0.1.8
AXE_MODULE := axe_playwright_python
test: deps
	@scripts/ensure-packages $(TEST_PACKAGES)
	@python3 -c "import selenium, pytest" 2>/dev/null || python3 -m pip install --quiet "selenium==4.51.0" pytest
	@python3 -c "import $(AXE_MODULE)" 2>/dev/null || python3 -m pip install --quiet --no-deps "$(AXE_WHEEL)"
	@$(MAKE) --no-print-directory theme-check
	swift build --build-tests
	scripts/run-swift-tests swift test --skip-build
	cd Tests/Browser && CASEBOOK_BIN=$(CURDIR)/.build/debug/casebook python3 -m pytest -q

## Syntax of the theme's scripts: they run only in browsers, so nothing else parses them.
theme-check:
	@scripts/ensure-packages nodejs
	@for f in Sources/Publishing/Theme/*.js; do node --check "$$f" || exit 1; done
	@echo "Theme scripts: syntax OK"

## Fuzzing: each libFuzzer target in Fuzz/ (front matter/YAML, Markdown + search, import,
## import-docs rewrites, HTTP API, answers file) for FUZZ_SECONDS seconds (default 20); see Fuzz/run.sh.
FUZZ_SECONDS ?= 20
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) Fuzz/run.sh

## Benchmarks: 10,000 generated pages, Casebook against Hugo in the same run.
bench: release
	@scripts/ensure-packages $(BENCH_PACKAGES)
	CASEBOOK=$(CURDIR)/$(CASEBOOK_RELEASE) bench/run.sh

clean:
	rm -rf .build .build-fuzz site .casebook-cache bench/.work
