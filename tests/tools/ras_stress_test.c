// SPDX-License-Identifier: GPL-2.0-only
/*
 * ras_stress_test - memory errors and event injection, all at once
 *
 * Several vCPUs read random pages of guest memory while, concurrently:
 *  - the SEA injection point (fail_sea) turns some of their stage-2 faults
 *    into external aborts, which reach the VMM as KVM_EXIT_ARM_SEA;
 *  - a poisoner thread poisons random pages with MADV_HWPOISON, which the
 *    vCPUs then touch and the VMM learns of by SIGBUS BUS_MCEERR_AR;
 *  - a zapper thread drops random pages, so that faults keep happening;
 *  - an injector thread makes SErrors pending with KVM_SET_VCPU_EVENTS, each
 *    with a syndrome of its own, when KVM_GET_VCPU_EVENTS shows none;
 *  - an abuser thread calls KVM_SET_VCPU_EVENTS with malformed structs and
 *    KVM_ENABLE_CAP with good and bad arguments, and KVM_GET_VCPU_EVENTS.
 * The vCPU threads answer every SEA exit and every SIGBUS with ext_dabt.
 *
 * At the end, for each vCPU, the guest must have taken exactly the aborts
 * the VMM injected, in order and with the addresses it expected, and
 * exactly the SErrors set, in order, except for the last one if it is
 * still reported pending; every malformed call must have failed with
 * EINVAL. The run is bounded in time and in events, and prints its seed:
 * the seed replays the random choices, not the timing of the threads.
 * Each run retires up to MAX_POISON host pages for good (hwpoison).
 *
 * Pages are the host's, 4 KiB or 64 KiB: KVM maps guest memory at stage 2,
 * MADV_HWPOISON poisons it and MADV_DONTNEED drops it in host pages, so a
 * guest access faults, or finds poison, once per host page. The guest's own
 * pages are 4 KiB; the GPA of an SEA exit is that of the 4 KiB page (HPFAR).
 *
 * usage: ras_stress_test [-d seconds] [-s seed] [-v vcpus]
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "kvm_util.h"
#include "processor.h"
#include "ras.h"
#include "test_util.h"

#define DATA_SLOT		1
#define DATA_GPA		0x80000000ULL
#define DATA_PAGES		64	/* host pages */
/* The granule of the fault address KVM_EXIT_ARM_SEA gives (HPFAR_EL2) */
#define FIPA_GRANULE		4096ULL
#define MAX_VCPUS		4
#define MAX_EVENTS		1024
#define MAX_POISON		48
#define SYNC_EVERY		8

#define EC_DABT_LOW		0x24ULL
#define EC_SERROR		0x2fULL
#define ESR_IL			BIT_ULL(25)
#define ESR_IDS			BIT_ULL(24)
#define FSC_EXTABT		0x10ULL
#define ESR(ec, iss)		(((uint64_t)(ec) << ESR_EC_SHIFT) | ESR_IL | (iss))
#define GUEST_SEA_ESR		ESR(ESR_EC_DABT, FSC_EXTABT)

/* Each vCPU reads at its own offset in a page: the address names the vCPU */
#define VCPU_OFFSET(id)		(0x100ULL + (id) * 0x40)

/* What one vCPU's guest code saw; filled in by its exception handlers */
struct guest_log {
	uint64_t loads;
	uint64_t dabt_count;
	uint64_t dabt_bad_esr;
	uint64_t serror_count;
	uint64_t dabt_far[MAX_EVENTS];
	uint64_t serror_esr[MAX_EVENTS];
};

static struct guest_log guest_logs[MAX_VCPUS];
static uint64_t guest_seed;
static uint64_t guest_stop;
/* The host's page size, 4 KiB or 64 KiB; page_size is the guest's too */
static uint64_t page_size;
static int page_shift;

static void guest_dabt_handler(struct ex_regs *regs)
{
	struct guest_log *log = &guest_logs[read_sysreg(tpidr_el1)];
	uint64_t n = log->dabt_count;

	if (n < MAX_EVENTS)
		log->dabt_far[n] = read_sysreg(far_el1);
	if (read_sysreg(esr_el1) != GUEST_SEA_ESR)
		log->dabt_bad_esr++;
	WRITE_ONCE(log->dabt_count, n + 1);
	/* The load did not complete: step over it. */
	regs->pc += 4;
}

static void guest_serror_handler(struct ex_regs *regs)
{
	struct guest_log *log = &guest_logs[read_sysreg(tpidr_el1)];
	uint64_t n = log->serror_count;

	if (n < MAX_EVENTS)
		log->serror_esr[n] = read_sysreg(esr_el1);
	WRITE_ONCE(log->serror_count, n + 1);
}

static uint64_t xorshift(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static void guest_code(uint64_t id)
{
	struct guest_log *log = &guest_logs[id];
	uint64_t x = READ_ONCE(guest_seed) + id * 0x9e3779b97f4a7c15ULL + 1;
	uint64_t i;

	write_sysreg(id, tpidr_el1);
	isb();
	asm volatile("msr daifclr, #4\n\tisb" : : : "memory");

	for (i = 1; !READ_ONCE(guest_stop); i++) {
		uint64_t addr = DATA_GPA + (xorshift(&x) % DATA_PAGES) * page_size +
				VCPU_OFFSET(id);
		uint64_t val;

		asm volatile("ldr %0, [%1]" : "=r"(val) : "r"(addr) : "memory");
		WRITE_ONCE(log->loads, log->loads + 1);
		if (!(i % SYNC_EVERY))
			GUEST_SYNC(i);
	}
	GUEST_DONE();
}

/* The VMM's side */
static struct kvm_vm *vm;
static struct kvm_vcpu *vcpus[MAX_VCPUS];
static int nr_vcpus = MAX_VCPUS;
static uint8_t *data_hva;
static int host_stop;

/* Serialises poisoning, replacing and dropping pages */
static pthread_mutex_t mem_lock = PTHREAD_MUTEX_INITIALIZER;
static bool poisoned[DATA_PAGES];
static int times_poisoned[DATA_PAGES];

/* Per vCPU: what the VMM injected, in order; written by that vCPU's thread */
struct vmm_log {
	uint64_t sea_exits;
	uint64_t sigbus_ar;
	uint64_t dabt_injected;
	uint64_t dabt_far[MAX_EVENTS];
	/* SErrors, written by the injector under serror_lock */
	uint64_t serror_injected;
	uint64_t serror_esr[MAX_EVENTS];
};

static struct vmm_log vmm_logs[MAX_VCPUS];
static pthread_mutex_t serror_lock = PTHREAD_MUTEX_INITIALIZER;

/* Counters of the other threads */
static uint64_t nr_poisoned, nr_replaced, nr_zapped, nr_serror_busy;
static uint64_t nr_get, nr_cap_ok;
enum bad_kind { BAD_PAD, BAD_RESERVED, BAD_ESR, BAD_CAP_FLAGS, NR_BAD };
static const char * const bad_name[NR_BAD] = {
	"SET pad", "SET reserved", "SET serror_esr outside ISS",
	"ENABLE_CAP flags",
};
static uint64_t nr_bad[NR_BAD];

static struct fail_attr fail_sea;

/* MADV_HWPOISON needs CAP_SYS_ADMIN and CONFIG_MEMORY_FAILURE */
static void probe_hwpoison(void)
{
	uint8_t *p = mmap(NULL, page_size, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int ret;

	TEST_ASSERT(p != MAP_FAILED, "mmap: %s", strerror(errno));
	WRITE_ONCE(*p, 1);
	ret = madvise(p, page_size, MADV_HWPOISON);
	__TEST_REQUIRE(!ret, "MADV_HWPOISON: %s", strerror(errno));
	TEST_ASSERT_EQ(sigbus_log.count, 1);
	TEST_ASSERT_SIGBUS(&sigbus_log.info, BUS_MCEERR_AR, p, page_shift);
	munmap(p, page_size);
}

static void inject_dabt(struct kvm_vcpu *vcpu, struct vmm_log *log,
			uint64_t far)
{
	struct kvm_vcpu_events ev = {};

	ev.exception.ext_dabt_pending = 1;
	vcpu_events_set(vcpu, &ev);
	TEST_ASSERT(log->dabt_injected < MAX_EVENTS, "too many aborts");
	log->dabt_far[log->dabt_injected++] = far;
	/* Leave room for what is in flight when the others stop */
	if (log->dabt_injected >= MAX_EVENTS - 128 && !READ_ONCE(host_stop)) {
		pr_info("event log nearly full: stopping early\n");
		WRITE_ONCE(host_stop, 1);
	}
}

/* A vCPU touched a poisoned page: give it a fresh one, tell the guest. */
static void handle_sigbus(struct kvm_vcpu *vcpu, struct vmm_log *log, int id)
{
	uint8_t *hva = sigbus_log.info.si_addr;
	uint64_t page = (hva - data_hva) / page_size;
	void *fresh;

	TEST_ASSERT_EQ(sigbus_log.info.si_code, BUS_MCEERR_AR);
	TEST_ASSERT_EQ(sigbus_log.info.si_addr_lsb, page_shift);
	TEST_ASSERT(hva >= data_hva && hva < data_hva + DATA_PAGES * page_size &&
		    !((hva - data_hva) % page_size),
		    "vCPU %d: SIGBUS for %p, not a guest data page", id, hva);

	/*
	 * Another vCPU that read the page at the same time may have replaced
	 * it already; this vCPU's read failed all the same.
	 */
	pthread_mutex_lock(&mem_lock);
	TEST_ASSERT(times_poisoned[page],
		    "vCPU %d: SIGBUS for page %lu, never poisoned", id, page);
	if (poisoned[page]) {
		fresh = mmap(hva, page_size, PROT_READ | PROT_WRITE,
			     MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		TEST_ASSERT(fresh == hva, "mmap over the poisoned page: %s",
			    strerror(errno));
		poisoned[page] = false;
		nr_replaced++;
	}
	pthread_mutex_unlock(&mem_lock);

	log->sigbus_ar++;
	inject_dabt(vcpu, log, addr_hva2gpa(vm, hva) + VCPU_OFFSET(id));
}

static void handle_sea_exit(struct kvm_vcpu *vcpu, struct vmm_log *log, int id)
{
	struct kvm_run *run = vcpu->run;
	uint64_t gva = run->arm_sea.gva;

	TEST_ASSERT_EQ(run->arm_sea.esr, ESR(EC_DABT_LOW, FSC_EXTABT));
	TEST_ASSERT_EQ(run->arm_sea.flags, KVM_EXIT_ARM_SEA_FLAG_GPA_VALID);
	TEST_ASSERT(gva >= DATA_GPA && gva < DATA_GPA + DATA_PAGES * page_size &&
		    gva % page_size == VCPU_OFFSET(id),
		    "vCPU %d: SEA for gva %#lx", id, gva);
	/* The guest maps its data 1:1 */
	TEST_ASSERT_EQ(run->arm_sea.gpa, gva & ~(FIPA_GRANULE - 1));
	log->sea_exits++;
	inject_dabt(vcpu, log, gva);
}

static void *vcpu_thread(void *arg)
{
	int id = (long)arg;
	struct kvm_vcpu *vcpu = vcpus[id];
	struct vmm_log *log = &vmm_logs[id];
	struct ucall uc;
	int ret;

	for (;;) {
		sigbus_log.count = 0;
		ret = ioctl(vcpu->fd, KVM_RUN, NULL);
		if (ret == -1 && errno == EINTR) {
			if (sigbus_log.count)
				handle_sigbus(vcpu, log, id);
			continue;
		}
		TEST_ASSERT(!ret, "vCPU %d: KVM_RUN: %s", id, strerror(errno));
		TEST_ASSERT(!sigbus_log.count,
			    "vCPU %d: SIGBUS but KVM_RUN succeeded", id);

		if (vcpu->run->exit_reason == KVM_EXIT_ARM_SEA) {
			handle_sea_exit(vcpu, log, id);
			continue;
		}
		switch (get_ucall(vcpu, &uc)) {
		case UCALL_SYNC:
			break;
		case UCALL_DONE:
			return NULL;
		case UCALL_ABORT:
			REPORT_GUEST_ASSERT(uc);
			break;
		default:
			TEST_FAIL("vCPU %d: unexpected exit %s", id,
				  exit_reason_str(vcpu->run->exit_reason));
		}
	}
}

static void pause_a_little(unsigned int *seed, int max_us)
{
	usleep(rand_r(seed) % max_us);
}

static void *poisoner_thread(void *arg)
{
	unsigned int seed = (long)arg;

	while (!READ_ONCE(host_stop) && nr_poisoned < MAX_POISON) {
		int page = rand_r(&seed) % DATA_PAGES;
		uint8_t *hva = data_hva + page * page_size;

		pthread_mutex_lock(&mem_lock);
		if (!poisoned[page]) {
			/* A page never written is the zero page: not ours */
			WRITE_ONCE(*hva, 0xa5);
			sigbus_log.count = 0;
			TEST_ASSERT_EQ(madvise(hva, page_size, MADV_HWPOISON), 0);
			/* The caller maps the page: it is told at once. */
			TEST_ASSERT_EQ(sigbus_log.count, 1);
			TEST_ASSERT_SIGBUS(&sigbus_log.info, BUS_MCEERR_AR,
					   hva, page_shift);
			poisoned[page] = true;
			times_poisoned[page]++;
			nr_poisoned++;
		}
		pthread_mutex_unlock(&mem_lock);
		pause_a_little(&seed, 20000);
	}
	return NULL;
}

static void *zapper_thread(void *arg)
{
	unsigned int seed = (long)arg;

	while (!READ_ONCE(host_stop)) {
		int page = rand_r(&seed) % DATA_PAGES;

		pthread_mutex_lock(&mem_lock);
		if (!poisoned[page]) {
			TEST_ASSERT_EQ(madvise(data_hva + page * page_size,
					       page_size, MADV_DONTNEED), 0);
			nr_zapped++;
		}
		pthread_mutex_unlock(&mem_lock);
		pause_a_little(&seed, 2000);
	}
	return NULL;
}

/* Make an SError pending, each with its own syndrome, when none is. */
static void *injector_thread(void *arg)
{
	unsigned int seed = (long)arg;
	uint64_t seq = 0;

	while (!READ_ONCE(host_stop)) {
		int id = rand_r(&seed) % nr_vcpus;
		struct vmm_log *log = &vmm_logs[id];
		struct kvm_vcpu_events ev;

		vcpu_events_get(vcpus[id], &ev);
		if (ev.exception.serror_pending) {
			nr_serror_busy++;
		} else if (log->serror_injected < MAX_EVENTS) {
			memset(&ev, 0, sizeof(ev));
			ev.exception.serror_pending = 1;
			ev.exception.serror_has_esr = 1;
			ev.exception.serror_esr = ESR_IDS | ((uint64_t)id << 20) |
						  (++seq & 0xfffff);
			pthread_mutex_lock(&serror_lock);
			vcpu_events_set(vcpus[id], &ev);
			log->serror_esr[log->serror_injected++] =
				ev.exception.serror_esr;
			pthread_mutex_unlock(&serror_lock);
		}
		pause_a_little(&seed, 3000);
	}
	return NULL;
}

static void expect_einval(int ret, enum bad_kind kind)
{
	TEST_ASSERT(ret == -1 && errno == EINVAL, "%s: ret %d errno %d, wanted EINVAL",
		    bad_name[kind], ret, errno);
	nr_bad[kind]++;
}

static void *abuser_thread(void *arg)
{
	unsigned int seed = (long)arg;

	while (!READ_ONCE(host_stop)) {
		struct kvm_enable_cap cap = { .cap = KVM_CAP_ARM_SEA_TO_USER };
		int id = rand_r(&seed) % nr_vcpus;
		struct kvm_vcpu_events ev = {};
		int i, ret;

		/* Each malformed struct would otherwise make an SError pending */
		ev.exception.serror_pending = 1;
		ev.exception.serror_has_esr = 1;
		ev.exception.serror_esr = 0x1234;

		switch (rand_r(&seed) % 7) {
		case 0:
			i = rand_r(&seed) % ARRAY_SIZE(ev.exception.pad);
			ev.exception.pad[i] = 1 + rand_r(&seed) % 255;
			ret = __vcpu_ioctl(vcpus[id], KVM_SET_VCPU_EVENTS, &ev);
			expect_einval(ret, BAD_PAD);
			break;
		case 1:
			i = rand_r(&seed) % ARRAY_SIZE(ev.reserved);
			ev.reserved[i] = 1 + rand_r(&seed) % 0xffff;
			ret = __vcpu_ioctl(vcpus[id], KVM_SET_VCPU_EVENTS, &ev);
			expect_einval(ret, BAD_RESERVED);
			break;
		case 2:
			ev.exception.serror_esr |= BIT_ULL(25 + rand_r(&seed) % 39);
			ret = __vcpu_ioctl(vcpus[id], KVM_SET_VCPU_EVENTS, &ev);
			expect_einval(ret, BAD_ESR);
			break;
		case 3:
			/* args[] are ignored, as in mainline */
			cap.args[rand_r(&seed) % ARRAY_SIZE(cap.args)] =
				1 + rand_r(&seed);
			TEST_ASSERT_EQ(__vm_ioctl(vm, KVM_ENABLE_CAP, &cap), 0);
			nr_cap_ok++;
			break;
		case 4:
			cap.flags = 1 + rand_r(&seed);
			ret = __vm_ioctl(vm, KVM_ENABLE_CAP, &cap);
			expect_einval(ret, BAD_CAP_FLAGS);
			break;
		case 5:
			TEST_ASSERT_EQ(__vm_ioctl(vm, KVM_ENABLE_CAP, &cap), 0);
			nr_cap_ok++;
			break;
		default:
			/* A pending SError is one the injector set */
			vcpu_events_get(vcpus[id], &ev);
			TEST_ASSERT(!ev.exception.serror_pending ||
				    (ev.exception.serror_esr & ESR_IDS),
				    "vCPU %d: pending SError %#llx not injected",
				    id, ev.exception.serror_esr);
			TEST_ASSERT_EQ(ev.exception.ext_dabt_pending, 0);
			nr_get++;
		}
		pause_a_little(&seed, 1000);
	}
	return NULL;
}

/* Everything injected into vCPU @id was seen once, in order, or is pending. */
static void check_vcpu(int id, struct guest_log *glog, uint64_t *pending_out)
{
	struct vmm_log *log = &vmm_logs[id];
	struct kvm_vcpu_events ev;
	uint64_t i, pending;

	TEST_ASSERT_EQ(glog->dabt_bad_esr, 0);
	TEST_ASSERT(glog->dabt_count == log->dabt_injected,
		    "vCPU %d: guest took %lu aborts, VMM injected %lu",
		    id, glog->dabt_count, log->dabt_injected);
	for (i = 0; i < log->dabt_injected; i++)
		TEST_ASSERT(glog->dabt_far[i] == log->dabt_far[i],
			    "vCPU %d: abort %lu at %#lx, injected for %#lx",
			    id, i, glog->dabt_far[i], log->dabt_far[i]);

	vcpu_events_get(vcpus[id], &ev);
	pending = ev.exception.serror_pending;
	TEST_ASSERT(glog->serror_count + pending == log->serror_injected,
		    "vCPU %d: guest took %lu SErrors, %lu pending, %lu injected",
		    id, glog->serror_count, pending, log->serror_injected);
	for (i = 0; i < glog->serror_count; i++)
		TEST_ASSERT(glog->serror_esr[i] ==
			    ESR(EC_SERROR, log->serror_esr[i]),
			    "vCPU %d: SError %lu ESR %#lx, injected %#lx", id,
			    i, glog->serror_esr[i], log->serror_esr[i]);
	if (pending)
		TEST_ASSERT_EQ(ev.exception.serror_esr,
			       log->serror_esr[log->serror_injected - 1]);
	*pending_out = pending;
}

int main(int argc, char *argv[])
{
	void *(*helpers[])(void *) = { poisoner_thread, zapper_thread,
				       injector_thread, abuser_thread };
	pthread_t vcpu_tids[MAX_VCPUS], helper_tids[ARRAY_SIZE(helpers)];
	uint64_t seed, loads = 0, pending_total = 0;
	uint64_t sea = 0, ar = 0, dabt = 0, serr = 0, seen = 0;
	int duration = 8, opt, i;
	struct timespec now;

	/* The test machine may have no clock worth the name: mix in the pid */
	clock_gettime(CLOCK_MONOTONIC, &now);
	seed = ((uint64_t)now.tv_nsec << 16) ^ now.tv_sec ^ getpid();
	while ((opt = getopt(argc, argv, "d:s:v:")) != -1) {
		switch (opt) {
		case 'd':
			duration = atoi_positive("Duration", optarg);
			break;
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 'v':
			nr_vcpus = atoi_positive("vCPUs", optarg);
			TEST_ASSERT(nr_vcpus <= MAX_VCPUS, "at most %d vCPUs",
				    MAX_VCPUS);
			break;
		default:
			ksft_exit_fail_msg("usage: %s [-d seconds] [-s seed] [-v vcpus]\n",
					   argv[0]);
		}
	}

	TEST_REQUIRE(kvm_has_cap(KVM_CAP_ARM_SEA_TO_USER));
	TEST_REQUIRE(kvm_has_cap(KVM_CAP_ARM_INJECT_SERROR_ESR));
	page_size = getpagesize();
	page_shift = __builtin_ctzll(page_size);

	ksft_print_header();
	ksft_set_plan(1);
	pr_info("seed %#lx, %d s, %d vCPUs (replay: -s %#lx -d %d -v %d)\n",
		seed, duration, nr_vcpus, seed, duration, nr_vcpus);

	vm = vm_create_with_vcpus(nr_vcpus, guest_code, vcpus);
	vm_init_descriptor_tables(vm);
	vm_install_sync_handler(vm, VECTOR_SYNC_CURRENT, ESR_EC_DABT,
				guest_dabt_handler);
	vm_install_exception_handler(vm, VECTOR_ERROR_CURRENT,
				     guest_serror_handler);
	vm_userspace_mem_region_add(vm, VM_MEM_SRC_ANONYMOUS, DATA_GPA, DATA_SLOT,
				    DATA_PAGES * page_size / vm->page_size, 0);
	virt_map(vm, DATA_GPA, DATA_GPA, DATA_PAGES * page_size / vm->page_size);
	data_hva = addr_gpa2hva(vm, DATA_GPA);
	pr_info("%d host pages of %luK, guest pages of %uK, SIGBUS lsb %d\n",
		DATA_PAGES, page_size >> 10, vm->page_size >> 10, page_shift);
	for (i = 0; i < nr_vcpus; i++) {
		vcpu_init_descriptor_tables(vcpus[i]);
		vcpu_args_set(vcpus[i], 1, i);
	}
	guest_seed = seed;
	sync_global_to_guest(vm, guest_seed);
	sync_global_to_guest(vm, page_size);
	vm_enable_cap(vm, KVM_CAP_ARM_SEA_TO_USER, 0);

	__TEST_REQUIRE(fail_attr_init(&fail_sea, vm, "fail_sea"),
		       "no SEA injection point (CONFIG_KVM_ARM64_SEA_INJECT)");
	fail_attr_arm(&fail_sea, 20, -1, DATA_GPA,
		      DATA_GPA + DATA_PAGES * page_size);

	sigbus_log_install();
	probe_hwpoison();
	for (i = 0; i < nr_vcpus; i++)
		pthread_create(&vcpu_tids[i], NULL, vcpu_thread, (void *)(long)i);
	for (i = 0; i < ARRAY_SIZE(helpers); i++)
		pthread_create(&helper_tids[i], NULL, helpers[i],
			       (void *)(long)(seed + i + 1));

	for (i = 0; i < duration * 10 && !READ_ONCE(host_stop); i++)
		usleep(100000);
	WRITE_ONCE(host_stop, 1);
	/* No new aborts while the threads wind down */
	fail_attr_disarm(&fail_sea);
	for (i = 0; i < ARRAY_SIZE(helpers); i++)
		pthread_join(helper_tids[i], NULL);
	WRITE_ONCE(*(uint64_t *)addr_gva2hva(vm, (vm_vaddr_t)&guest_stop), 1);
	for (i = 0; i < nr_vcpus; i++)
		pthread_join(vcpu_tids[i], NULL);
	fail_attr_disarm(&fail_sea);

	sync_global_from_guest(vm, guest_logs);
	for (i = 0; i < nr_vcpus; i++) {
		struct guest_log *glog = &guest_logs[i];
		struct vmm_log *log = &vmm_logs[i];
		uint64_t pending;

		check_vcpu(i, glog, &pending);
		pr_info("vCPU %d: %lu loads; aborts: %lu SEA exits + %lu SIGBUS AR = %lu injected, %lu seen; SErrors: %lu injected, %lu seen, %lu pending\n",
			i, glog->loads, log->sea_exits, log->sigbus_ar,
			log->dabt_injected, glog->dabt_count,
			log->serror_injected, glog->serror_count, pending);
		loads += glog->loads;
		sea += log->sea_exits;
		ar += log->sigbus_ar;
		dabt += log->dabt_injected;
		serr += log->serror_injected;
		seen += glog->serror_count;
		pending_total += pending;
	}
	pr_info("host: %lu pages poisoned, %lu replaced, %lu dropped, %lu SError sets skipped (one pending), %lu GETs, %lu good ENABLE_CAPs\n",
		nr_poisoned, nr_replaced, nr_zapped, nr_serror_busy, nr_get,
		nr_cap_ok);
	for (i = 0; i < NR_BAD; i++)
		pr_info("host: %lu x %s: EINVAL\n", nr_bad[i], bad_name[i]);

	/* A run that exercised nothing proves nothing */
	TEST_ASSERT(sea && ar && serr && nr_get && nr_cap_ok,
		    "some path never ran: %lu SEA exits, %lu SIGBUS, %lu SErrors, %lu GETs, %lu caps",
		    sea, ar, serr, nr_get, nr_cap_ok);
	for (i = 0; i < NR_BAD; i++)
		TEST_ASSERT(nr_bad[i], "no %s call was made", bad_name[i]);

	kvm_vm_free(vm);
	ksft_test_result_pass("%lu loads, %lu aborts injected and seen (%lu SEA, %lu SIGBUS), %lu SErrors injected, %lu seen, %lu pending\n",
			      loads, dabt, sea, ar, serr, seen, pending_total);
	ksft_finished();
}
