# The top level: check every chapter, boot the most advanced one, build the site.
# Each chapter is its own project too: `make -C 03-vga run`, `make -C 03-vga check`.

CHAPTERS := $(sort $(patsubst %/Makefile,%,$(wildcard [0-9][0-9]-*/Makefile)))
LATEST   := $(lastword $(CHAPTERS))
PYTHON   ?= python3
JOBS     ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: help check-all run site clean
.DEFAULT_GOAL := help

help:
	@echo "make check-all   build and test every chapter, then print 'N passed, N failed'"
	@echo "make run         boot the most advanced chapter ($(LATEST)) in QEMU"
	@echo "make site        render the posts to build/site/index.html"
	@echo "make clean       remove every build directory"
	@echo
	@echo "In a chapter:    make -C NN-name [all|run|debug|check|clean]"
	@echo "Variables:       ACCEL=kvm  CC=clang  V=1 (whole commands)  JOBS=$(JOBS) (check-all)"
	@echo "                 PROFILE=1 (check, check-all: where the time went)  TEST_TIMEOUT=10"
	@echo "Chapters:        $(CHAPTERS)"

check-all:
	@$(PYTHON) common/harness/check_all.py --jobs $(JOBS) $(if $(PROFILE),--profile) $(CHAPTERS)

run:
	$(MAKE) -C $(LATEST) run

site:
	@$(PYTHON) common/site/build_site.py --out build/site posts

clean:
	@for chapter in $(CHAPTERS); do $(MAKE) -s -C $$chapter clean; done
	rm -rf build
