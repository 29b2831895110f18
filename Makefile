# arm64 KVM RAS series: build, boot under QEMU, test.
#   make          install what is missing, build, boot, run the RAS scenario
#   make check    everything CI checks (checkpatch, per-patch builds, all modes)
#   make check-full  the same with full per-patch builds and every regression
#                 test in every mode (before a release)
#   make check-debug  the tests again on a KASAN/UBSAN/lockdep kernel
#   make bench    base 6.12 against the series: hot paths, RAS paths, sizes
# See README.md for the edit loop (make tree / make export).

MODES ?= vhe nvhe uefi
S := scripts

.PHONY: all deps tree export kernel selftests qemu qemu-export scenario run \
	check check-full checkpatch bisect-build check-debug bench clean distclean

all: deps tree kernel selftests qemu scenario

deps:
	@$(S)/install-deps.sh

tree:
	@$(S)/make-tree.sh

export:
	@$(S)/export-series.sh

kernel:
	@$(S)/build-kernel.sh

selftests:
	@$(S)/build-selftests.sh

# The companion QEMU series (qemu/patches/) on Debian's QEMU, built for
# arm64 in build/qemu; qemu-export writes build/qemu/src's commits back.
qemu:
	@$(S)/qemu-tree.sh
	@$(S)/build-qemu.sh

qemu-export:
	@TREE=$(CURDIR)/build/qemu/src PATCHES=$(CURDIR)/qemu/patches $(S)/export-series.sh

# The end-to-end memory-error scenario, with the guest's and VMM's view:
# the series' tests, then the companion QEMU running a real guest.
scenario:
	@$(S)/boot-tests.sh uefi scenario tests/scenario.list
	@$(S)/show-scenario.sh build/logs/scenario.log
	@$(S)/build-nested.sh
	@EXTRA_SPEC=build/nested/spec $(S)/boot-tests.sh vhe scenario-nested tests/scenario-nested.list
	@$(S)/show-scenario.sh build/logs/scenario-nested.log

# One boot mode and list: make run MODE=nvhe LISTS="tests/ras.list"
MODE ?= vhe
LISTS ?= tests/ras.list tests/regression.list tests/regression-slow.list
run:
	@$(S)/boot-tests.sh $(MODE) run-$(MODE) $(LISTS)
	@$(S)/summarize.sh run-$(MODE)

checkpatch:
	@$(S)/checkpatch.sh

bisect-build:
	@$(S)/bisect-build.sh

# DEBUG_MODES: boot modes in which the RAS tests also run on the debug
# kernel (empty: none, as make check has it: with an empty ccache the
# debug kernel costs make check its time budget; see README).
DEBUG_MODES ?=
check: deps
	@DEBUG_MODES="$(DEBUG_MODES)" $(S)/check.sh $(MODES)

# Every patch built whole, the regression lists in every mode, and the RAS
# tests on the debug kernel in every mode.
check-full: deps
	@FULL=1 DEBUG_MODES="$(MODES)" $(S)/check.sh $(MODES)

# The RAS tests and the regression list on the debug configuration.
check-debug: deps
	@[ -d build/linux ] || $(S)/make-tree.sh
	@$(S)/check-debug.sh $(MODES)

# Base and patched kernels, same configuration, booted side by side:
# make bench BENCH_MODES="vhe nvhe" ROUNDS=5
BENCH_MODES ?= vhe nvhe
bench: deps
	@$(S)/bench.sh $(BENCH_MODES)

clean:
	rm -rf build/obj build/obj-debug build/base/obj build/selftests build/logs \
		build/initramfs build/init

distclean:
	rm -rf build
