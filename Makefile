# LyapunovKit — build, test, demo and benchmark entry points.
# build, test, demo and bench install the Debian packages they need first (`setup`).
# Swift is taken from PATH, or from /opt/swift (where this kind of machine has it).

SWIFT ?= $(shell command -v swift || echo /opt/swift/usr/bin/swift)
APT_PACKAGES := libopenblas-dev liblapacke-dev zlib1g-dev libsqlite3-dev
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
LYAP := .build/release/lyap
PREFIX ?= /usr/local

.PHONY: setup setup-browser build install test demo bench lint format

setup:
	@missing=""; \
	for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

# The binary records the git commit it was built from (`lyap --version`, JSON results and
# run folders): stamped into Sources/lyap/BuildCommit.swift for the build, then put back.
build: setup
	@bash scripts/stamp-commit.sh stamp
	@$(SWIFT) build -c release; status=$$?; bash scripts/stamp-commit.sh reset; exit $$status
	@echo "built $(LYAP); run it as $(LYAP), or 'make install' to put lyap in $(PREFIX)/bin"

# Installs lyap into $(PREFIX)/bin (default /usr/local/bin; e.g. make install PREFIX=~/.local).
install: build
	install -d "$(PREFIX)/bin"
	install -m 755 $(LYAP) "$(PREFIX)/bin/lyap"
	@echo "installed $(PREFIX)/bin/lyap ($$("$(PREFIX)/bin/lyap" --version))"

# The report test renders HTML with headless Chromium (Debian's chromium package).
setup-browser:
	@command -v chromium >/dev/null 2>&1 || dpkg -s chromium >/dev/null 2>&1 || { \
	  echo "installing: chromium"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium; }

test: setup setup-browser
	$(SWIFT) test -c release -Xswiftc -enable-testing

demo: build
	bash scripts/demo.sh $(LYAP) demo
	@echo
	$(LYAP) spectrum --system henon
	@echo
	$(LYAP) spectrum --system lorenz
	@echo
	bash scripts/stability-regimes.sh $(LYAP)

# Benchmarks: GEMM peak, estimator throughput and LSTM spectra in one run. OpenBLAS
# 0.3.21 (Debian 12) does not know recent Xeons and falls back to SSE3 "Prescott" kernels;
# LyapBench switches OpenBLAS to the processor's native kernels (BLASKernels);
# `make bench OPENBLAS_CORETYPE=Prescott` measures OpenBLAS's SSE3 fallback instead.
# Benchmarks/compare_pytorch.py puts PyTorch beside it when torch is importable.
bench: setup
	$(SWIFT) build -c release --product LyapBench
	$(if $(OPENBLAS_CORETYPE),OPENBLAS_CORETYPE=$(OPENBLAS_CORETYPE)) .build/release/LyapBench
	@if python3 -c "import torch" 2>/dev/null; then \
	  echo; echo "PyTorch beside it (Benchmarks/compare_pytorch.py):"; \
	  $(if $(OPENBLAS_CORETYPE),OPENBLAS_CORETYPE=$(OPENBLAS_CORETYPE)) python3 Benchmarks/compare_pytorch.py; \
	else echo; echo "(torch not importable: pip install torch to print the PyTorch ratios)"; fi

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests Benchmarks

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests Benchmarks
