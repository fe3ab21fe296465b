# The build every chapter shares. A chapter's Makefile names its sources and then
# includes this file, which knows how to compile, link, make a bootable ISO, run it in
# QEMU, debug it with gdb, and check it.
#
# What a chapter's Makefile sets (only KERNEL_SOURCES is required):
#   KERNEL_SOURCES     .c and .asm files of the kernel, main.c included
#   KERNEL_ARCH        x86_64 (default) or i386 (chapter 01 runs where GRUB leaves it)
#   KERNEL_MAIN        the file that defines kernel_main; each integration test
#                      kernel replaces it with its own (default kernel/main.c)
#   DEBUG_BREAK        where `make debug` stops (default kernel_main)
#   TEST_FRAMEWORK     sources compiled only into test kernels (the test runner)
#   UNIT_TESTS         in-kernel unit test files, linked into build/tests/unit.iso
#   INTEGRATION_TESTS  files that are each their own test kernel (tests/NAME.c)
#   HOST_TESTS         programs built for the host with sanitizers (tests/host/NAME.c)
#   HOST_TEST_SOURCES  kernel files that the host tests link against
#   HOST_TSAN_TESTS    host tests built with ThreadSanitizer and -pthread instead of
#                      AddressSanitizer (the two cannot be combined), for code shared
#                      between threads; list them apart from HOST_TESTS
#   FUZZ_TESTS         libFuzzer targets (tests/fuzz/NAME.c) over HOST_TEST_SOURCES,
#                      built with clang: `check` runs each for FUZZ_RUNS inputs,
#                      `make fuzz` for FUZZ_SECONDS each
#   EMBED_SYMBOLS      yes: link in the kernel's own symbol table (kernel/debug/symbols.h),
#                      so that it can print backtraces with function names
#   CHECK_SCRIPTS      Python checks that boot the kernel and look from outside

COMMON  := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
BUILD   := build
# The last path component, split on / so that a checkout path with spaces still works.
CHAPTER := $(lastword $(subst /, ,$(CURDIR)))

# Tools. `make CC=clang` works too; the linker is always GNU ld.
ifeq ($(origin CC),default)
CC := gcc
endif
AS      := nasm
LD      := ld
HOSTCC  ?= cc
PYTHON  ?= python3
QEMU    ?= qemu-system-x86_64
GDB     ?= gdb

KERNEL_ARCH ?= x86_64
KERNEL_MAIN ?= kernel/main.c
DEBUG_BREAK ?= kernel_main

ifeq ($(KERNEL_ARCH),i386)
# Chapter 01's _start runs on whatever stack GRUB left: not even a frame pointer may
# be pushed there, whatever the optimisation level.
ARCH_CFLAGS  := -m32 -march=i686 -fomit-frame-pointer
ARCH_ASFLAGS := -f elf32
ARCH_LDFLAGS := -m elf_i386
else
# No red zone: an interrupt would overwrite the 128 bytes below rsp that leaf functions
# use without moving rsp.
ARCH_CFLAGS  := -m64 -mcmodel=small -mno-red-zone
ARCH_ASFLAGS := -f elf64
ARCH_LDFLAGS := -m elf_x86_64
endif

# CFLAGS, ASFLAGS and LDFLAGS are yours to set (`make CFLAGS="-O0 -g"`); the flags
# the kernel cannot work without are kept apart, so that setting yours keeps them.
CFLAGS   ?= -O2 -g
ASFLAGS  ?= -g -F dwarf
LDFLAGS  ?=
# -nostdinc plus the compiler's own include directory: only the freestanding headers
# (stdint.h, stddef.h, stdarg.h, stdbool.h, ...) can be found, never the host's libc.
# -mgeneral-regs-only: no SSE, MMX or x87 code, because the kernel never initialises
# or saves those registers; a float or double then fails the build (gcc rejects it, or
# the compiler calls library helpers the kernel does not have), never silently runs.
# -fno-delete-null-pointer-checks: address 0 is memory like any other to the CPU, so a
# NULL access must stay a real access (a page fault, later) instead of being turned
# into a trap instruction or assumed impossible.
KERNEL_CFLAGS  := -std=gnu11 -ffreestanding -nostdinc \
                  -isystem $(shell $(CC) -print-file-name=include) \
                  -fno-stack-protector -fno-pic -fno-pie -fno-omit-frame-pointer \
                  -fno-asynchronous-unwind-tables -mgeneral-regs-only \
                  -fno-delete-null-pointer-checks \
                  -Wall -Wextra -Werror -MMD -MP -Ikernel $(ARCH_CFLAGS)
KERNEL_ASFLAGS := $(ARCH_ASFLAGS) -w+all -Werror -Iboot/
KERNEL_LDFLAGS := $(ARCH_LDFLAGS) -nostdlib -n -z noexecstack -z max-page-size=0x1000 \
                  -T linker.ld

# Test kernels: KERNEL_TEST switches on the hooks for the runner. gcc emits a file's
# variables in reverse order unless told not to, and tests should run in source order.
cc-option    = $(shell $(CC) -Werror $(1) -E -x c /dev/null -o /dev/null >/dev/null 2>&1 && echo $(1))
TEST_CFLAGS := -DKERNEL_TEST $(call cc-option,-fno-toplevel-reorder)

# Host tests. -iquote: "format.h" finds the kernel's header while <string.h> still
# finds the host's.
HOST_CFLAGS ?= -std=gnu11 -O1 -g -Wall -Wextra -Werror -iquote kernel -DHOST_TEST \
               -fsanitize=address,undefined -fno-sanitize-recover=all

# Host tests of concurrent code: ThreadSanitizer instead of ASan, and threads.
HOST_TSAN_CFLAGS ?= -std=gnu11 -O1 -g -Wall -Wextra -Werror -iquote kernel -DHOST_TEST \
                    -fsanitize=thread -pthread

# Fuzz targets: libFuzzer ships with clang (Debian: libclang-rt-dev).
FUZZ_CC      ?= clang
FUZZ_CFLAGS  ?= -std=gnu11 -O1 -g -Wall -Wextra -Werror -iquote kernel -DHOST_TEST \
                -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
# check's run is a smoke test, the same inputs every time (seed 1): 20000 inputs take a
# quarter of a second for most targets; `make fuzz` is the search.
FUZZ_RUNS    ?= 20000
FUZZ_SECONDS ?= 60

# QEMU: TCG by default because nested KVM is slower than emulation on many CI machines.
# QEMUFLAGS is yours, added to every run (`make run QEMUFLAGS="-smp 2"`); what each
# kind of run needs (a test's exit device, say) common/harness/qemu.py adds itself.
ACCEL     ?= tcg
MEMORY    ?= 128M
QEMUFLAGS ?=
export ACCEL MEMORY QEMU QEMUFLAGS

GRUB_MKRESCUE ?= grub-mkrescue
GRUB_PC_DIR   ?= /usr/lib/grub/i386-pc
# multiboot2, normal (the menu), and the partition maps: grub-mkrescue's built-in
# configuration loads each map GRUB knows, and prints an error for every one not there.
GRUB_MODULES  := multiboot2 normal $(strip $(file <$(GRUB_PC_DIR)/partmap.lst))
OBJCOPY       ?= objcopy

# Short lines like "CC kernel/console/vga.c" while building; `make V=1` shows whole commands.
ifeq ($(V),1)
Q    :=
say  :=
else
Q    := @
say   = printf '  %-7s %s\n' '$(1)' '$(2)';
endif

# build.key records the compiler and every flag, and is rewritten only when they change
# (`make CC=clang` after a gcc build, `make CFLAGS="-O0 -g"`). Everything built depends
# on it and on the makefiles, so a changed flag rebuilds and never reuses old objects.
BUILD_KEY := $(CC) $(shell $(CC) --version 2>/dev/null | head -n 1) | $(KERNEL_CFLAGS) \
             $(CFLAGS) | $(TEST_CFLAGS) | $(AS) $(KERNEL_ASFLAGS) $(ASFLAGS) | \
             $(LD) $(KERNEL_LDFLAGS) $(LDFLAGS) | $(HOSTCC) $(HOST_CFLAGS) | \
             $(HOST_TSAN_CFLAGS) | \
             $(FUZZ_CC) $(FUZZ_CFLAGS)
ifneq ($(BUILD_KEY),$(file <$(BUILD)/build.key))
$(shell mkdir -p $(BUILD))
$(file >$(BUILD)/build.key,$(BUILD_KEY))
endif
BUILD_RULES := Makefile $(COMMON)/kernel.mk $(BUILD)/build.key
$(BUILD)/build.key: ;  # written above; a rule, so that `make clean all` still works

# --- normal kernel -------------------------------------------------------------------
obj = $(patsubst %,$(BUILD)/$(1)/%.o,$(2))

KERNEL_OBJECTS := $(call obj,obj,$(KERNEL_SOURCES))
KERNEL_ELF     := $(BUILD)/kernel.elf
KERNEL_ISO     := $(BUILD)/kernel.iso

.PHONY: all tests run debug check check-plan clean fuzz
.DEFAULT_GOAL := all

all: $(KERNEL_ISO) $(BUILD)/kernel.sym $(BUILD)/kernel.lst

$(BUILD)/obj/%.c.o: %.c $(BUILD_RULES)
	@mkdir -p $(@D)
	$(Q)$(call say,CC,$<)$(CC) $(KERNEL_CFLAGS) $(CFLAGS) -c $< -o $@

$(BUILD)/obj/%.asm.o: %.asm $(BUILD_RULES)
	@mkdir -p $(@D)
	$(Q)$(call say,AS,$<)$(AS) $(KERNEL_ASFLAGS) $(ASFLAGS) -MD $(@:.o=.d) $< -o $@

# Test kernels compile the same sources again with KERNEL_TEST defined.
$(BUILD)/obj-test/%.c.o: %.c $(BUILD_RULES)
	@mkdir -p $(@D)
	$(Q)$(call say,CC,$< [test])$(CC) $(KERNEL_CFLAGS) $(CFLAGS) $(TEST_CFLAGS) -c $< -o $@

$(BUILD)/obj-test/%.asm.o: %.asm $(BUILD_RULES)
	@mkdir -p $(@D)
	$(Q)$(call say,AS,$< [test])$(AS) $(KERNEL_ASFLAGS) $(ASFLAGS) -DKERNEL_TEST -MD $(@:.o=.d) $< -o $@

# $(call link_kernel,OBJECTS) links $@.
ifeq ($(EMBED_SYMBOLS),yes)
# Twice: first with an empty symbol table, to learn where every function lands, then
# with the table made from that link. The table is data, placed after all the code, so
# the second link moves no function; symbols.py --same-code makes sure of it.
SYMBOL_TABLE := $(BUILD)/empty_symbols.o
define link_kernel
$(Q)$(call say,LD,$@)$(LD) $(KERNEL_LDFLAGS) $(LDFLAGS) -o $@.nosyms $(1) $(SYMBOL_TABLE)
$(Q)$(PYTHON) $(COMMON)/symbols.py $@.nosyms $@.symbols.c
$(Q)$(CC) $(KERNEL_CFLAGS) $(CFLAGS) -c $@.symbols.c -o $@.symbols.o
$(Q)$(LD) $(KERNEL_LDFLAGS) $(LDFLAGS) -o $@ $(1) $@.symbols.o
$(Q)$(PYTHON) $(COMMON)/symbols.py --same-code $@.nosyms $@
endef

$(BUILD)/empty_symbols.o: $(COMMON)/symbols.py $(BUILD_RULES)
	@mkdir -p $(@D)
	$(Q)$(PYTHON) $(COMMON)/symbols.py --empty $(@:.o=.c)
	$(Q)$(CC) $(KERNEL_CFLAGS) $(CFLAGS) -c $(@:.o=.c) -o $@
else
define link_kernel
$(Q)$(call say,LD,$@)$(LD) $(KERNEL_LDFLAGS) $(LDFLAGS) -o $@ $(1)
endef
endif

$(KERNEL_ELF): $(KERNEL_OBJECTS) linker.ld $(BUILD_RULES) $(SYMBOL_TABLE)
	$(call link_kernel,$(KERNEL_OBJECTS))

# A symbol table and a disassembly next to the kernel, for readers and for debugging.
%.sym: %.elf
	$(Q)$(call say,NM,$@)nm -n $< > $@

# objdump's complaints about NASM's debug information are harmless noise.
%.lst: %.elf
	$(Q)$(call say,OBJDUMP,$@)objdump -d -S -M intel --no-show-raw-insn $< > $@ 2>/dev/null

# One ISO per kernel: GRUB (BIOS and UEFI) with a menu that boots it at once. The ELF on
# the disc has no debugging sections, which GRUB would otherwise read from the disc and
# copy into memory at every boot; gdb reads them from the ELF in the build directory.
%.iso: %.elf $(COMMON)/grub.cfg
	$(Q)$(call say,ISO,$@)rm -rf $@.dir && mkdir -p $@.dir/boot/grub
	$(Q)$(OBJCOPY) --strip-debug $< $@.dir/boot/kernel.elf
	$(Q)cp $(COMMON)/grub.cfg $@.dir/boot/grub/grub.cfg
	$(Q)$(GRUB_MKRESCUE) -o $@ --install-modules="$(GRUB_MODULES)" --locales= --fonts= \
	    --themes= $@.dir 2>$@.log || { cat $@.log; exit 1; }
	@rm -rf $@.dir

# Test kernels boot from a leaner ISO, for BIOS only: GRUB's core image with just what
# reads the disc (biosdisk, iso9660) and grub-test.cfg built in, which loads multiboot2
# from the disc and boots the kernel at once, without GRUB's menu. The core image is
# compressed, and decompressing it in the emulated CPU costs more than reading the same
# modules from the disc: together with the ELF without debugging sections, a test boot
# takes about a fifth less CPU (chapter 07's basic_boot, median of 15 boots: 0.47 s with
# all modules in the core image and the whole ELF, 0.38 s like this).
GRUB_MKIMAGE  ?= grub-mkimage
XORRISO       ?= xorriso
GRUB_TEST_DIR := $(BUILD)/tests/grub

# The core image, and beside it multiboot2.mod with every module it needs (GRUB's
# list of dependencies, moddep.lst, has a line "module: what it needs" for each).
$(GRUB_TEST_DIR)/core.img: $(COMMON)/grub-test.cfg $(BUILD_RULES)
	@rm -rf $(@D) && mkdir -p $(@D)/i386-pc
	$(Q)$(call say,GRUB,$@)$(GRUB_MKIMAGE) -O i386-pc-eltorito -d $(GRUB_PC_DIR) -p /boot \
	    -c $(COMMON)/grub-test.cfg -o $@ biosdisk iso9660
	$(Q)todo=multiboot2; copied=" "; while set -- $$todo; [ $$# -gt 0 ]; do \
	    module=$$1; shift; todo="$$*"; \
	    case "$$copied" in *" $$module "*) continue;; esac; copied="$$copied$$module "; \
	    cp $(GRUB_PC_DIR)/$$module.mod $(@D)/i386-pc/ || exit 1; \
	    todo="$$todo $$(sed -n "s/^$$module://p" $(GRUB_PC_DIR)/moddep.lst)"; \
	done

$(BUILD)/tests/%.iso: $(BUILD)/tests/%.elf $(GRUB_TEST_DIR)/core.img
	$(Q)$(call say,ISO,$@)rm -rf $@.dir && mkdir -p $@.dir && cp -r $(GRUB_TEST_DIR) $@.dir/boot
	$(Q)$(OBJCOPY) --strip-debug $< $@.dir/boot/kernel.elf
	$(Q)$(XORRISO) -as mkisofs -quiet -R -b boot/core.img -no-emul-boot -boot-load-size 4 \
	    -boot-info-table -o $@ $@.dir 2>$@.log || { cat $@.log; exit 1; }
	@rm -rf $@.dir

run: $(KERNEL_ISO)
	@$(PYTHON) $(COMMON)/run.py $(KERNEL_ISO)

debug: $(KERNEL_ISO) $(KERNEL_ELF)
	DEBUG_BREAK=$(DEBUG_BREAK) $(PYTHON) $(COMMON)/debug.py $(KERNEL_ISO) $(KERNEL_ELF) $(GDB_ARGS)

clean:
	rm -rf $(BUILD)

# --- tests ---------------------------------------------------------------------------
# The unit test kernel: the whole kernel plus the framework and the unit tests.
TEST_OBJECTS       := $(call obj,obj-test,$(KERNEL_SOURCES) $(TEST_FRAMEWORK))
UNIT_TEST_OBJECTS  := $(call obj,obj-test,$(UNIT_TESTS))
UNIT_TEST_ELF      := $(if $(UNIT_TESTS),$(BUILD)/tests/unit.elf)

$(BUILD)/tests/unit.elf: $(TEST_OBJECTS) $(UNIT_TEST_OBJECTS) linker.ld $(BUILD_RULES) \
                         $(SYMBOL_TABLE)
	@mkdir -p $(@D)
	$(call link_kernel,$(TEST_OBJECTS) $(UNIT_TEST_OBJECTS))

# Integration test kernels: everything but kernel_main's file, plus tests/NAME.c.
INTEGRATION_OBJECTS := $(filter-out $(call obj,obj-test,$(KERNEL_MAIN)),$(TEST_OBJECTS))
INTEGRATION_ELFS    := $(patsubst tests/%.c,$(BUILD)/tests/%.elf,$(INTEGRATION_TESTS))

$(BUILD)/tests/%.elf: $(BUILD)/obj-test/tests/%.c.o $(INTEGRATION_OBJECTS) linker.ld \
                      $(BUILD_RULES) $(SYMBOL_TABLE)
	@mkdir -p $(@D)
	$(call link_kernel,$(INTEGRATION_OBJECTS) $<)

TEST_ISOS := $(patsubst %.elf,%.iso,$(UNIT_TEST_ELF) $(INTEGRATION_ELFS))

# Host tests: pure kernel logic compiled for Linux with AddressSanitizer and UBSan.
HOST_TEST_BINS := $(patsubst tests/host/%.c,$(BUILD)/host/%,$(HOST_TESTS))

KERNEL_HEADERS := $(shell find kernel tests -name '*.h' 2>/dev/null)

# The kernel files they test are compiled once for each set of flags, into host-obj/,
# host-tsan-obj/ and fuzz-obj/, and every program links them: compiling them again for
# each program, with sanitizers, took more CPU than the rest of a chapter's build.
HOST_OBJS      := $(patsubst %.c,$(BUILD)/host-obj/%.o,$(HOST_TEST_SOURCES))
HOST_TSAN_OBJS := $(patsubst %.c,$(BUILD)/host-tsan-obj/%.o,$(HOST_TEST_SOURCES))
FUZZ_OBJS      := $(patsubst %.c,$(BUILD)/fuzz-obj/%.o,$(HOST_TEST_SOURCES))

$(BUILD)/host-obj/%.o: %.c $(KERNEL_HEADERS) $(BUILD_RULES)
	@mkdir -p $(@D)
	$(Q)$(call say,HOSTCC,$@)$(HOSTCC) $(HOST_CFLAGS) -c -o $@ $<

$(BUILD)/host-tsan-obj/%.o: %.c $(KERNEL_HEADERS) $(BUILD_RULES)
	@mkdir -p $(@D)
	$(Q)$(call say,HOSTCC,$@ [tsan])$(HOSTCC) $(HOST_TSAN_CFLAGS) -c -o $@ $<

$(BUILD)/fuzz-obj/%.o: %.c $(KERNEL_HEADERS) $(BUILD_RULES)
	@mkdir -p $(@D)
	$(Q)$(call say,FUZZCC,$@)$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

$(BUILD)/host/%: tests/host/%.c $(HOST_OBJS) $(KERNEL_HEADERS) $(BUILD_RULES)
	@mkdir -p $(@D)
	$(Q)$(call say,HOSTCC,$@)$(HOSTCC) $(HOST_CFLAGS) -o $@ $< $(HOST_OBJS)

HOST_TSAN_TEST_BINS := $(patsubst tests/host/%.c,$(BUILD)/host-tsan/%,$(HOST_TSAN_TESTS))

$(BUILD)/host-tsan/%: tests/host/%.c $(HOST_TSAN_OBJS) $(KERNEL_HEADERS) $(BUILD_RULES)
	@mkdir -p $(@D)
	$(Q)$(call say,HOSTCC,$@ [tsan])$(HOSTCC) $(HOST_TSAN_CFLAGS) -o $@ $< $(HOST_TSAN_OBJS)

# Fuzz targets: the same kernel logic, fed random inputs by libFuzzer.
FUZZ_BINS := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(FUZZ_TESTS))

$(BUILD)/fuzz/%: tests/fuzz/%.c $(FUZZ_OBJS) $(KERNEL_HEADERS) $(BUILD_RULES)
	@mkdir -p $(@D)
	$(Q)$(call say,FUZZCC,$@)$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $< $(FUZZ_OBJS)

# Each target for FUZZ_SECONDS, keeping what it learns in build/fuzz/NAME.corpus.
fuzz: $(FUZZ_BINS)
	@for target in $(FUZZ_BINS); do \
	    mkdir -p $$target.corpus && echo "== fuzz $$target for $(FUZZ_SECONDS) s" && \
	    $$target -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	        -artifact_prefix=$(BUILD)/fuzz/ $$target.corpus \
	        || exit 1; \
	done

# Everything `check` needs, built but not run (CI builds it with clang this way).
tests: $(TEST_ISOS) $(HOST_TEST_BINS) $(HOST_TSAN_TEST_BINS) $(FUZZ_BINS)

check: $(KERNEL_ISO) $(TEST_ISOS) $(HOST_TEST_BINS) $(HOST_TSAN_TEST_BINS) $(FUZZ_BINS)
	@$(PYTHON) $(COMMON)/harness/check.py $(CHECK_ARGS) \
	    $(if $(PROFILE),--profile --started $(MAKE_STARTED))

CHECK_ARGS = --chapter $(CHAPTER) --kernel $(KERNEL_ISO) \
             $(addprefix --host ,$(HOST_TEST_BINS) $(HOST_TSAN_TEST_BINS)) \
             $(addprefix --fuzz ,$(FUZZ_BINS)) \
             --fuzz-runs $(FUZZ_RUNS) $(addprefix --script ,$(CHECK_SCRIPTS)) \
             $(addprefix --test-kernel ,$(TEST_ISOS))

# PROFILE=1: the check ends with where its time went, the build included.
MAKE_STARTED := $(if $(PROFILE),$(shell date +%s.%N))

# What `check` would run, as one JSON line, once it is all built: `make check-all`
# builds every chapter this way and runs all their checks in one pool.
check-plan: $(KERNEL_ISO) $(TEST_ISOS) $(HOST_TEST_BINS) $(HOST_TSAN_TEST_BINS) $(FUZZ_BINS)
	@$(PYTHON) $(COMMON)/harness/check.py --print-plan $(CHECK_ARGS)

# Keep intermediate files (objects, ELFs) that pattern rules would otherwise delete.
.SECONDARY:

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
