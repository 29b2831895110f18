// SPDX-License-Identifier: GPL-2.0-only
/*
 * ras_perf_test - time the exits the RAS series touches, and its own paths
 *
 * Each measurement runs a guest loop @iters times and reports the host's
 * wall-clock time per iteration, from the guest's first access to its last:
 *   mmio      a load from an IPA no memslot backs: KVM_EXIT_MMIO, return
 *   hvc       SMCCC_VERSION, answered by KVM without leaving the kernel
 *   s2fault   a write to each page of a region the host just dropped: one
 *             stage-2 fault (and host page allocation) per page
 *   sea       a load from the mmio IPA with the SEA injection point armed:
 *             KVM_EXIT_ARM_SEA, KVM_SET_VCPU_EVENTS(ext_dabt_pending), the
 *             guest's abort handler
 *   poison    a load from a page poisoned with MADV_HWPOISON: SIGBUS
 *             BUS_MCEERR_AR, KVM_SET_VCPU_EVENTS(ext_dabt_pending), the
 *             guest's abort handler
 * and, to tell where the time of the last two goes:
 *   mmioabort a load from the mmio IPA that the VMM answers with
 *             KVM_SET_VCPU_EVENTS(ext_dabt_pending), as it may any MMIO
 *             access: the sea path without the SEA
 *   ioctl     KVM_SET_VCPU_EVENTS with nothing to set, from the host alone
 *   svc       an exception the guest takes and returns from, with no exit
 * Every iteration is checked: the exit, its syndrome and address, the
 * signal's code, address and granule, and the abort the guest took. One
 * line "bench: NAME ns PER-ITERATION" is printed per run, for
 * scripts/bench.sh. The test runs on kernels without the series too; the
 * sea measurement is then skipped.
 *
 * Pages are the host's, 4 KiB or 64 KiB, where KVM's behaviour depends on
 * them: KVM maps guest memory at stage 2 in host pages, so s2fault touches
 * one address a host page, and MADV_HWPOISON poisons a whole host page. The
 * guest's own pages are 4 KiB.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/arm-smccc.h>
#include <sys/mman.h>

#include "kvm_util.h"
#include "processor.h"
#include "ras.h"
#include "test_util.h"

#define POISON_SLOT		1
#define POISON_GPA		0x80000000ULL
#define TOUCH_SLOT		2
#define TOUCH_GPA		0x100000000ULL
/* No memslot covers this page: loads from it are MMIO, or SEAs. */
#define MMIO_GPA		0xa0000000ULL
#define LOAD_OFFSET		0x40

#define FSC_EXTABT		0x10ULL
#define ESR_IL			BIT_ULL(25)
#define EC_DABT_LOW		0x24ULL
/* What the guest sees of an injected abort on a load */
#define GUEST_SEA_ESR		(((uint64_t)ESR_EC_DABT << ESR_EC_SHIFT) | ESR_IL | FSC_EXTABT)
/* What the VMM sees of an injected abort: class, length, the ISS armed */
#define EXIT_SEA_ESR		((EC_DABT_LOW << ESR_EC_SHIFT) | ESR_IL | FSC_EXTABT)

enum op { OP_LOAD, OP_HVC, OP_TOUCH, OP_SVC, OP_DONE };

/* Set by the host before each command */
static uint64_t cmd_op, cmd_addr, cmd_iters;
/* The host's page size, 4 KiB or 64 KiB; page_size is the guest's too */
static uint64_t page_size;
static int page_shift;
/* Written by the guest's abort handler */
static uint64_t abort_count, abort_esr, abort_far;

static void guest_abort_handler(struct ex_regs *regs)
{
	WRITE_ONCE(abort_esr, read_sysreg(esr_el1));
	WRITE_ONCE(abort_far, read_sysreg(far_el1));
	WRITE_ONCE(abort_count, abort_count + 1);
	/* The load did not complete: step over it. */
	regs->pc += 4;
}

static void guest_svc_handler(struct ex_regs *regs)
{
	/* ELR already points past the SVC. */
	WRITE_ONCE(abort_count, abort_count + 1);
}

static void guest_code(void)
{
	struct arm_smccc_res res;
	uint64_t i, addr, n;

	for (;;) {
		GUEST_SYNC1(0);
		addr = READ_ONCE(cmd_addr);
		n = READ_ONCE(cmd_iters);
		WRITE_ONCE(abort_count, 0);
		WRITE_ONCE(abort_esr, 0);
		WRITE_ONCE(abort_far, 0);
		switch (READ_ONCE(cmd_op)) {
		case OP_LOAD:
			for (i = 0; i < n; i++) {
				uint64_t val;

				asm volatile("ldr %0, [%1]" : "=r"(val) : "r"(addr) : "memory");
			}
			break;
		case OP_HVC:
			for (i = 0; i < n; i++) {
				smccc_hvc(ARM_SMCCC_VERSION_FUNC_ID, 0, 0, 0, 0, 0, 0, 0, &res);
				GUEST_ASSERT_EQ(res.a0, ARM_SMCCC_VERSION_1_1);
			}
			break;
		case OP_TOUCH:
			for (i = 0; i < n; i++)
				WRITE_ONCE(*(uint64_t *)(addr + i * page_size), i);
			break;
		case OP_SVC:
			for (i = 0; i < n; i++)
				asm volatile("svc #0" : : : "memory");
			break;
		default:
			GUEST_DONE();
		}
		GUEST_SYNC4(1, READ_ONCE(abort_count), READ_ONCE(abort_esr),
			    READ_ONCE(abort_far));
	}
}

struct result {
	uint64_t aborts, esr, far;
};

static struct kvm_vm *vm;
static struct kvm_vcpu *vcpu;
static uint8_t *poison_hva, *touch_hva;
static uint64_t touch_pages;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static bool is_ucall(struct ucall *uc)
{
	return get_ucall(vcpu, uc) != UCALL_NONE;
}

/* Run to the guest's prompt, then hand it a command. */
static void start_cmd(enum op op, uint64_t addr, uint64_t iters)
{
	struct ucall uc;

	vcpu_run(vcpu);
	TEST_ASSERT_EQ(get_ucall(vcpu, &uc), UCALL_SYNC);
	TEST_ASSERT_EQ(uc.args[0], 0);
	cmd_op = op;
	cmd_addr = addr;
	cmd_iters = iters;
	sync_global_to_guest(vm, cmd_op);
	sync_global_to_guest(vm, cmd_addr);
	sync_global_to_guest(vm, cmd_iters);
}

/* The ucall that ends a command: what the guest's handler saw. */
static void end_cmd(struct ucall *uc, struct result *res)
{
	if (uc->cmd == UCALL_ABORT)
		REPORT_GUEST_ASSERT(*uc);
	TEST_ASSERT(uc->cmd == UCALL_SYNC && uc->args[0] == 1,
		    "ucall %lu stage %lu, wanted the end of a command",
		    uc->cmd, uc->args[0]);
	res->aborts = uc->args[1];
	res->esr = uc->args[2];
	res->far = uc->args[3];
}

static void inject_ext_dabt(void)
{
	struct kvm_vcpu_events ev = {};

	ev.exception.ext_dabt_pending = 1;
	vcpu_events_set(vcpu, &ev);
}

/* Each of @iters loads from @far ended in an abort the guest handled. */
static void expect_aborts(struct result *res, uint64_t handled,
			  uint64_t iters, uint64_t far)
{
	TEST_ASSERT_EQ(handled, iters);
	TEST_ASSERT_EQ(res->aborts, iters);
	TEST_ASSERT_EQ(res->esr, GUEST_SEA_ESR);
	TEST_ASSERT_EQ(res->far, far);
}

static void report(const char *name, uint64_t ns, uint64_t iters)
{
	pr_info("bench: %s ns %lu iters %lu\n", name, ns / iters, iters);
}

/*
 * MMIO loads from the guest; the VMM completes each one, or, with @abort,
 * answers it with an external abort.
 */
static void run_mmio(uint64_t iters, bool abort)
{
	struct kvm_run *run = vcpu->run;
	uint64_t exits = 0, t0;
	struct result res;
	struct ucall uc;

	start_cmd(OP_LOAD, MMIO_GPA + LOAD_OFFSET, iters);
	t0 = now_ns();
	for (;;) {
		vcpu_run(vcpu);
		if (is_ucall(&uc))
			break;
		TEST_ASSERT(run->exit_reason == KVM_EXIT_MMIO,
			    "exit reason %u, wanted KVM_EXIT_MMIO", run->exit_reason);
		TEST_ASSERT_EQ(run->mmio.phys_addr, MMIO_GPA + LOAD_OFFSET);
		TEST_ASSERT_EQ(run->mmio.len, 8);
		TEST_ASSERT_EQ(run->mmio.is_write, 0);
		if (abort)
			inject_ext_dabt();
		exits++;
	}
	report(abort ? "mmioabort" : "mmio", now_ns() - t0, iters);
	end_cmd(&uc, &res);
	if (abort) {
		expect_aborts(&res, exits, iters, MMIO_GPA + LOAD_OFFSET);
		return;
	}
	TEST_ASSERT_EQ(exits, iters);
	TEST_ASSERT_EQ(res.aborts, 0);
}

/* A command the guest carries out without exiting to the VMM */
static void run_in_guest(const char *name, enum op op, uint64_t addr,
			 uint64_t iters, struct result *res)
{
	struct ucall uc;
	uint64_t t0;

	start_cmd(op, addr, iters);
	t0 = now_ns();
	vcpu_run(vcpu);
	TEST_ASSERT(is_ucall(&uc), "exit reason %u, wanted a ucall",
		    vcpu->run->exit_reason);
	report(name, now_ns() - t0, iters);
	end_cmd(&uc, res);
}

static void run_hvc(uint64_t iters)
{
	struct result res;

	run_in_guest("hvc", OP_HVC, 0, iters, &res);
	TEST_ASSERT_EQ(res.aborts, 0);
}

static void run_svc(uint64_t iters)
{
	struct result res;

	run_in_guest("svc", OP_SVC, 0, iters, &res);
	/* The SVC handler counts in abort_count too. */
	TEST_ASSERT_EQ(res.aborts, iters);
}

static void run_ioctl(uint64_t iters)
{
	struct kvm_vcpu_events ev = {}, got;
	uint64_t t0, i;

	t0 = now_ns();
	for (i = 0; i < iters; i++)
		vcpu_events_set(vcpu, &ev);
	report("ioctl", now_ns() - t0, iters);
	vcpu_events_get(vcpu, &got);
	TEST_ASSERT_EQ(got.exception.serror_pending, 0);
	TEST_ASSERT_EQ(got.exception.ext_dabt_pending, 0);
}

static void run_s2fault(void)
{
	struct result res;
	uint64_t i;

	/* Drop the pages: stage 2 is unmapped and the host memory freed. */
	TEST_ASSERT_EQ(madvise(touch_hva, touch_pages * page_size, MADV_DONTNEED),
		       0);
	run_in_guest("s2fault", OP_TOUCH, TOUCH_GPA, touch_pages, &res);
	TEST_ASSERT_EQ(res.aborts, 0);
	for (i = 0; i < touch_pages; i += touch_pages / 8)
		TEST_ASSERT_EQ(*(uint64_t *)(touch_hva + i * page_size), i);
}

static struct fail_attr fail_sea;

static const char *sea_unavailable(void)
{
	if (!kvm_has_cap(KVM_CAP_ARM_SEA_TO_USER))
		return "KVM_CAP_ARM_SEA_TO_USER not supported";
	if (!fail_attr_init(&fail_sea, vm, "fail_sea"))
		return "no fail_sea injection point (CONFIG_KVM_ARM64_SEA_INJECT)";
	vm_enable_cap(vm, KVM_CAP_ARM_SEA_TO_USER, 0);
	return NULL;
}

static void run_sea(uint64_t iters)
{
	struct kvm_run *run = vcpu->run;
	uint64_t exits = 0, t0;
	struct result res;
	struct ucall uc;

	/* Every fault on the mmio page becomes an SEA, silently. */
	fail_attr_set(&fail_sea, "esr", "%#llx", FSC_EXTABT);
	fail_attr_arm(&fail_sea, 100, -1, MMIO_GPA, MMIO_GPA + page_size);

	start_cmd(OP_LOAD, MMIO_GPA + LOAD_OFFSET, iters);
	t0 = now_ns();
	for (;;) {
		vcpu_run(vcpu);
		if (is_ucall(&uc))
			break;
		TEST_ASSERT(run->exit_reason == KVM_EXIT_ARM_SEA,
			    "exit reason %u, wanted KVM_EXIT_ARM_SEA",
			    run->exit_reason);
		TEST_ASSERT_EQ(run->arm_sea.esr, EXIT_SEA_ESR);
		TEST_ASSERT_EQ(run->arm_sea.flags, KVM_EXIT_ARM_SEA_FLAG_GPA_VALID);
		TEST_ASSERT_EQ(run->arm_sea.gpa, MMIO_GPA);
		TEST_ASSERT_EQ(run->arm_sea.gva, MMIO_GPA + LOAD_OFFSET);
		inject_ext_dabt();
		exits++;
	}
	report("sea", now_ns() - t0, iters);
	fail_attr_disarm(&fail_sea);
	end_cmd(&uc, &res);
	expect_aborts(&res, exits, iters, MMIO_GPA + LOAD_OFFSET);
}

static void run_poison(uint64_t iters)
{
	uint64_t signals = 0, t0;
	struct result res;
	struct ucall uc;
	int ret;

	start_cmd(OP_LOAD, POISON_GPA + LOAD_OFFSET, iters);
	t0 = now_ns();
	for (;;) {
		sigbus_log.count = 0;
		ret = __vcpu_run(vcpu);
		if (!ret && is_ucall(&uc))
			break;
		TEST_ASSERT(ret == -1 && errno == EINTR,
			    "KVM_RUN returned %d errno %d exit %u, wanted EINTR",
			    ret, errno, vcpu->run->exit_reason);
		TEST_ASSERT_EQ(sigbus_log.count, 1);
		TEST_ASSERT_SIGBUS(&sigbus_log.info, BUS_MCEERR_AR, poison_hva,
				   page_shift);
		inject_ext_dabt();
		signals++;
	}
	report("poison", now_ns() - t0, iters);
	end_cmd(&uc, &res);
	expect_aborts(&res, signals, iters, POISON_GPA + LOAD_OFFSET);
}

static void setup_vm(uint64_t touch_mib)
{
	vm = vm_create_with_one_vcpu(&vcpu, guest_code);
	vm_init_descriptor_tables(vm);
	vcpu_init_descriptor_tables(vcpu);
	vm_install_sync_handler(vm, VECTOR_SYNC_CURRENT, ESR_EC_DABT,
				guest_abort_handler);
	vm_install_sync_handler(vm, VECTOR_SYNC_CURRENT, ESR_EC_SVC64,
				guest_svc_handler);

	/* A host page, of which the guest maps the first of its own */
	vm_userspace_mem_region_add(vm, VM_MEM_SRC_ANONYMOUS, POISON_GPA,
				    POISON_SLOT,
				    vm_adjust_num_guest_pages(vm->mode, 1), 0);
	virt_map(vm, POISON_GPA, POISON_GPA, 1);
	poison_hva = addr_gpa2hva(vm, POISON_GPA);

	/* Host pages, to touch one by one */
	touch_pages = (touch_mib << 20) / page_size;
	vm_userspace_mem_region_add(vm, VM_MEM_SRC_ANONYMOUS, TOUCH_GPA,
				    TOUCH_SLOT, (touch_mib << 20) / vm->page_size,
				    0);
	virt_map(vm, TOUCH_GPA, TOUCH_GPA, (touch_mib << 20) / vm->page_size);
	touch_hva = addr_gpa2hva(vm, TOUCH_GPA);

	virt_pg_map(vm, MMIO_GPA, MMIO_GPA);
	sync_global_to_guest(vm, page_size);
	pr_info("host pages of %luK, guest pages of %uK: s2fault touches %lu pages, poison lsb %d\n",
		page_size >> 10, vm->page_size >> 10, touch_pages, page_shift);

	/* Poisoning a page the VMM has mapped signals the VMM at once. */
	memset(poison_hva, 0xab, page_size);
	sigbus_log_install();
	TEST_ASSERT_EQ(madvise(poison_hva, page_size, MADV_HWPOISON), 0);
	TEST_ASSERT_EQ(sigbus_log.count, 1);
	TEST_ASSERT_SIGBUS(&sigbus_log.info, BUS_MCEERR_AR, poison_hva,
			   page_shift);
}

static void help(const char *name)
{
	printf("usage: %s [-i ITERATIONS] [-m MIB] [-r RUNS]\n"
	       " -i  guest loop iterations per run (default 2000)\n"
	       " -m  MiB of guest memory the s2fault run touches (default 64)\n"
	       " -r  runs of each measurement (default 3)\n", name);
	exit(KSFT_SKIP);
}

int main(int argc, char *argv[])
{
	uint64_t iters = 2000, mib = 64, runs = 3, r;
	const char *no_sea;
	int opt;

	while ((opt = getopt(argc, argv, "i:m:r:h")) != -1) {
		switch (opt) {
		case 'i':
			iters = atoi_positive("Iterations", optarg);
			break;
		case 'm':
			mib = atoi_positive("MiB", optarg);
			break;
		case 'r':
			runs = atoi_positive("Runs", optarg);
			break;
		default:
			help(argv[0]);
		}
	}

	TEST_REQUIRE(kvm_has_cap(KVM_CAP_ARM_INJECT_EXT_DABT));
	page_size = getpagesize();
	page_shift = __builtin_ctzll(page_size);

	ksft_print_header();
	ksft_set_plan(8);
	setup_vm(mib);
	no_sea = sea_unavailable();

	/* Interleaved, so that a slow spell of the host hits every path. */
	for (r = 0; r < runs; r++) {
		run_mmio(iters, false);
		run_hvc(iters);
		run_s2fault();
		if (!no_sea)
			run_sea(iters);
		run_poison(iters);
		run_mmio(iters, true);
		run_ioctl(iters);
		run_svc(iters);
	}

	ksft_test_result_pass("mmio: %lu runs of %lu exits\n", runs, iters);
	ksft_test_result_pass("hvc: %lu runs of %lu calls\n", runs, iters);
	ksft_test_result_pass("s2fault: %lu runs of %lu pages\n", runs, touch_pages);
	if (no_sea)
		ksft_test_result_skip("sea: %s\n", no_sea);
	else
		ksft_test_result_pass("sea: %lu runs of %lu aborts\n", runs, iters);
	ksft_test_result_pass("poison: %lu runs of %lu aborts\n", runs, iters);
	ksft_test_result_pass("mmioabort: %lu runs of %lu aborts\n", runs, iters);
	ksft_test_result_pass("ioctl: %lu runs of %lu calls\n", runs, iters);
	ksft_test_result_pass("svc: %lu runs of %lu exceptions\n", runs, iters);

	start_cmd(OP_DONE, 0, 0);
	vcpu_run(vcpu);
	TEST_ASSERT_EQ(get_ucall(vcpu, NULL), UCALL_DONE);
	kvm_vm_free(vm);
	ksft_finished();
}
