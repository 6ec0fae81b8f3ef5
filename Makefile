# The two commands that matter: `make run` (the whole product locally) and `make test` (every test).
SHELL := /bin/bash
MVN ?= mvn
MVN_FLAGS ?= -B -ntp

.PHONY: run test build ui scan-ui test-java test-fuzz test-ui test-e2e bench clean

run:            ## build and start the whole product on http://localhost:8080 (Ctrl-C stops it)
	dev/local-stack/run.sh

test: test-java test-fuzz test-ui  ## every test of every module
	$(MAKE) ui scan-ui
	SKIP_BUILD=1 dev/local-stack/e2e.sh

build:          ## compile and package every module without tests
	$(MVN) $(MVN_FLAGS) -DskipTests install

test-java:      ## unit and Quarkus tests of all Java modules, against real servers
	$(MVN) $(MVN_FLAGS) install

test-fuzz:      ## bounded (2 min) Jazzer fuzzing of the DICOM reader and renderer; see libs/dicom/README.md to run longer
	$(MVN) $(MVN_FLAGS) -f libs/dicom/pom.xml test -Pfuzz

ui:             ## build the web UI into web-ui/dist
	cd web-ui && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && npm run build

scan-ui:        ## fails when the built web UI (web-ui/dist) holds anything like a secret or a private endpoint
	cd web-ui && npm run scan-bundle

test-ui:        ## web UI unit tests in headless Chromium
	cd web-ui && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && npm test

test-e2e:       ## Playwright end-to-end tests in Chromium against the local stack (started and stopped here)
	dev/local-stack/e2e.sh

bench:          ## benchmarks (not part of `make test`); see BENCHMARKS.md
	@echo "See BENCHMARKS.md for each benchmark's command."

clean:
	$(MVN) $(MVN_FLAGS) -q clean; rm -rf .local web-ui/dist
