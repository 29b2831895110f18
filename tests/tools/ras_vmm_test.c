// SPDX-License-Identifier: GPL-2.0-only
/*
 * ras_vmm_test - a small VMM that reports guest memory errors firmware-first
 *
 * The test is the whole VMM of a guest that learns about memory errors the
 * way an ACPI OS does: from a Generic Error Status Block, filled by its
 * "firmware" (the VMM) with a UEFI CPER memory-error record.
 *
 * The VMM poisons the host memory behind guest pages with MADV_HWPOISON:
 * anonymous memory, a transparent huge page and a 2 MiB hugetlb page.
 * Pages are the host's, 4 KiB or 64 KiB, where KVM's behaviour depends on
 * them: KVM maps guest memory at stage 2, and MADV_HWPOISON poisons it, in
 * host pages; the guest's own pages are 4 KiB. With 64 KiB pages the THP
 * is 512 MiB, and so is the data slot it backs (2 MiB of it is used), and
 * the 2 MiB hugetlb page, of contiguous PTEs, is one KVM maps, and reports
 * in SIGBUS, by host pages.
 * When the guest reads a poisoned page, KVM sends the vCPU thread SIGBUS
 * BUS_MCEERR_AR. The VMM checks the signal against the backing, turns the
 * host address into a guest physical address, writes the record into the
 * vCPU's error source and injects an SEA. The guest's abort handler finds
 * the record, checks it against the address it read and acknowledges it;
 * the VMM then replaces the poisoned memory and the guest reads it again.
 *
 * An error that nothing has consumed yet reaches a thread that asked for
 * early kill as SIGBUS BUS_MCEERR_AO. Several vCPUs reading poisoned pages
 * at the same time must each get one record and one SEA.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/mman.h>
#include <pthread.h>
#include <stdarg.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#include "kvm_util.h"
#include "processor.h"
#include "ras.h"
#include "test_util.h"

#define GUEST_PAGE		4096ULL
#define HUGE_2M			(2ULL << 20)
#define HUGE_2M_SHIFT		21

#define DATA_SLOT		1
#define DATA_GPA		0x80000000ULL
#define DATA_SIZE		HUGE_2M
#define RAS_SLOT		2
#define RAS_GPA			0xc0000000ULL

#define NR_VCPUS_MAX		4
/*
 * Each vCPU reads its own host page; the page after it is left alone. With
 * 64 KiB pages the data slot has 32 of them.
 */
#define TARGET_PAGE(id)		(16 + 4 * (id))
#define ACCESS_OFFSET		0x88
#define LOAD_SENTINEL		0x5a5a5a5a5a5a5a5aULL
#define FILL(gpa)		(0xa5a5000000000000ULL | (gpa))
#define POLL_TRIES		1000
#define WATCHDOG_SECONDS	100
#define AO_WAIT_SECONDS		10

#define FSC_EXTABT		0x10ULL
#define ESR_IL			BIT_ULL(25)
#define SEA_ESR			(((uint64_t)ESR_EC_DABT << ESR_EC_SHIFT) | ESR_IL | FSC_EXTABT)

/* /proc/self/pagemap and /proc/kpageflags */
#define PM_PRESENT		BIT_ULL(63)
#define PM_PFN			GENMASK_ULL(54, 0)
#define KPF_HWPOISON		19
#define KPF_THP			22

#define HWPOISON_INJECT		"/sys/kernel/debug/hwpoison/corrupt-pfn"
#define NR_HUGEPAGES_2M		"/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages"
#define FREE_HUGEPAGES_2M	"/sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages"
#define THP_ENABLED		"/sys/kernel/mm/transparent_hugepage/enabled"

/* Generic Error Status Block */
#define BLOCK_UE_VALID		BIT(0)
#define BLOCK_ENTRY_COUNT(n)	((n) << 4)
#define CPER_SEV_RECOVERABLE	0
/* A Generic Error Data Entry of revision 3 carries a timestamp: 72 bytes. */
#define GDATA_REVISION		0x0300
#define GDATA_V2_LEN		64
/* UEFI CPER memory error section */
#define MEM_VALID_PA		BIT_ULL(1)
#define MEM_VALID_PA_MASK	BIT_ULL(2)
#define MEM_VALID_ERROR_TYPE	BIT_ULL(14)
#define MEM_ERR_MULTI_BIT_ECC	3

struct estatus_hdr {
	uint32_t block_status;
	uint32_t raw_data_offset;
	uint32_t raw_data_length;
	uint32_t data_length;
	uint32_t error_severity;
};

struct gdata_hdr {
	uint8_t section_type[16];
	uint32_t error_severity;
	uint16_t revision;
	uint8_t validation_bits;
	uint8_t flags;
	uint32_t error_data_length;
	uint8_t fru_id[16];
	uint8_t fru_text[20];
	uint64_t timestamp;
} __packed;

struct cper_mem {
	uint64_t validation_bits;
	uint64_t error_status;
	uint64_t physical_addr;
	uint64_t physical_addr_mask;
	uint16_t node, card, module, bank, device, row, column, bit_pos;
	uint64_t requestor_id, responder_id, target_id;
	uint8_t error_type;
	uint8_t extended;
	uint16_t rank, mem_array_handle, mem_dev_handle;
} __packed;

kvm_static_assert(sizeof(struct estatus_hdr) == 20);
kvm_static_assert(sizeof(struct gdata_hdr) == 72);
kvm_static_assert(sizeof(struct cper_mem) == 80);

#define RECORD_LEN	(sizeof(struct gdata_hdr) + sizeof(struct cper_mem))

static const uint8_t cper_mem_guid[16] = {
	/* A5BC1114-6F64-4EDE-B863-3E83ED7C83B1, in the byte order of UEFI */
	0x14, 0x11, 0xbc, 0xa5, 0x64, 0x6f, 0xde, 0x4e,
	0xb8, 0x63, 0x3e, 0x83, 0xed, 0x7c, 0x83, 0xb1,
};

/*
 * The error sources the VMM's firmware gives the guest, at RAS_GPA: one a
 * vCPU, notified by SEA, then one that the guest polls, for errors that no
 * vCPU has consumed. Each is laid out as the HEST describes a GHESv2 source:
 * an Error Status Address register holding the guest physical address of
 * the source's status block, and a Read Ack register.
 *
 * One source a vCPU rather than one for all: each vCPU thread of the VMM
 * serves its own vCPU's abort without waiting for another vCPU to consume
 * its record, and the record a vCPU finds in its source is always the one
 * for its own abort, however the aborts of several vCPUs interleave.
 *
 * The guest acknowledges as with GHESv2: once it has read a record it
 * clears block_status and writes 1 to the Read Ack register. The VMM writes
 * a record only into a source whose Read Ack register reads 1 and writes 0
 * there with the record, so no record is overwritten before it was read.
 */
struct ghes_source {
	uint64_t status_addr;
	uint64_t read_ack;
	uint8_t reserved[0x30];
	uint8_t block[0x1c0];
};

#define SRC_POLLED		NR_VCPUS_MAX
#define NR_SOURCES		(NR_VCPUS_MAX + 1)
#define SRC_GPA(n)		(RAS_GPA + (n) * sizeof(struct ghes_source))
#define BLOCK_GPA(n)		(SRC_GPA(n) + offsetof(struct ghes_source, block))

kvm_static_assert(NR_SOURCES * sizeof(struct ghes_source) <= GUEST_PAGE);
kvm_static_assert(sizeof(struct estatus_hdr) + RECORD_LEN <=
		  sizeof(((struct ghes_source *)0)->block));

enum { PLAN_SEA, PLAN_POLL };
enum { STAGE_READY = 1, STAGE_ACKED };

/* What a vCPU does, set by the VMM before it runs */
struct guest_plan {
	uint64_t mode;
	uint64_t addr;
	uint64_t neighbour;
	uint64_t neighbour_val;
};

/* What a vCPU saw, read by the VMM when the vCPU is done */
struct guest_log {
	uint64_t sea_count, esr, far, far_pa;
	uint64_t records, acks;
	uint64_t block_status, data_length, block_severity;
	uint64_t raw_offset, raw_length;
	uint64_t guid_ok, gdata_severity, revision, gdata_length;
	uint64_t mem_valid, pa, pa_mask, error_type;
	uint64_t load_val, retry_val, neighbour_after;
};

static struct guest_plan gplan[NR_VCPUS_MAX];
static struct guest_log glog[NR_VCPUS_MAX];

static uint64_t guest_va_to_pa(uint64_t va)
{
	uint64_t par;

	asm volatile("at s1e1r, %0" : : "r"(va));
	isb();
	par = read_sysreg(par_el1);
	/* PAR_EL1.F: the translation failed */
	if (par & 1)
		return -1ULL;
	return (par & GENMASK_ULL(47, 12)) | (va & (GUEST_PAGE - 1));
}

/* Read source @n as an OS does; acknowledge what is there. */
static bool guest_read_source(int n, struct guest_log *log)
{
	struct ghes_source *src = (struct ghes_source *)SRC_GPA(n);
	struct estatus_hdr *blk;
	struct gdata_hdr *gdata;
	struct cper_mem *mem;
	uint32_t status;
	unsigned int i;

	blk = (struct estatus_hdr *)READ_ONCE(src->status_addr);
	status = READ_ONCE(blk->block_status);
	if (!status)
		return false;
	/* The rest of the record was written before the status. */
	dmb(ishld);

	gdata = (struct gdata_hdr *)(blk + 1);
	mem = (struct cper_mem *)((uint8_t *)gdata +
				  ((gdata->revision >> 8) >= 3 ?
				   sizeof(*gdata) : GDATA_V2_LEN));
	log->block_status = status;
	log->raw_offset = blk->raw_data_offset;
	log->raw_length = blk->raw_data_length;
	log->data_length = blk->data_length;
	log->block_severity = blk->error_severity;
	log->guid_ok = 1;
	for (i = 0; i < sizeof(cper_mem_guid); i++)
		if (gdata->section_type[i] != cper_mem_guid[i])
			log->guid_ok = 0;
	log->gdata_severity = gdata->error_severity;
	log->revision = gdata->revision;
	log->gdata_length = gdata->error_data_length;
	log->mem_valid = mem->validation_bits;
	log->pa = mem->physical_addr;
	log->pa_mask = mem->physical_addr_mask;
	log->error_type = mem->error_type;
	log->records++;

	WRITE_ONCE(blk->block_status, 0);
	dmb(ish);
	WRITE_ONCE(src->read_ack, 1);
	log->acks++;
	return true;
}

static void guest_sea_handler(struct ex_regs *regs)
{
	uint32_t id = guest_get_vcpuid();
	struct guest_log *log = &glog[id];
	uint64_t far = read_sysreg(far_el1);

	log->esr = read_sysreg(esr_el1);
	log->far = far;
	log->far_pa = guest_va_to_pa(far);
	log->sea_count++;
	guest_read_source(id, log);
	/* The load did not complete: step over it. */
	regs->pc += 4;
}

static void guest_code(void)
{
	uint32_t id = guest_get_vcpuid();
	struct guest_plan *plan = &gplan[id];
	struct guest_log *log = &glog[id];
	uint64_t *addr = (uint64_t *)plan->addr;
	uint64_t *next = (uint64_t *)plan->neighbour;
	uint64_t val = LOAD_SENTINEL;
	uint64_t mask;
	int i;

	/* Both pages are mapped at stage 2 before the error. */
	GUEST_ASSERT_EQ(READ_ONCE(*addr), FILL(plan->addr));
	GUEST_ASSERT_EQ(READ_ONCE(*next), FILL(plan->neighbour));
	GUEST_SYNC2(STAGE_READY, id);

	if (plan->mode == PLAN_SEA) {
		asm volatile("ldr %0, [%1]" : "+r"(val) : "r"(addr) : "memory");
		log->load_val = val;
		GUEST_ASSERT_EQ(val, LOAD_SENTINEL);
		GUEST_ASSERT_EQ(log->sea_count, 1);
		GUEST_ASSERT_EQ(log->esr, SEA_ESR);
		GUEST_ASSERT_EQ(log->far, plan->addr);
	} else {
		for (i = 0; i < POLL_TRIES; i++) {
			if (guest_read_source(SRC_POLLED, log))
				break;
			cpu_relax();
		}
		GUEST_ASSERT_EQ(log->sea_count, 0);
	}
	/* What an OS checks before it acts on the record */
	GUEST_ASSERT_EQ(log->records, 1);
	GUEST_ASSERT_EQ(log->acks, 1);
	GUEST_ASSERT(log->block_status & BLOCK_UE_VALID);
	GUEST_ASSERT(log->guid_ok);
	GUEST_ASSERT_EQ(log->gdata_length, sizeof(struct cper_mem));
	GUEST_ASSERT(log->mem_valid & MEM_VALID_PA);
	GUEST_ASSERT(log->mem_valid & MEM_VALID_PA_MASK);
	mask = log->pa_mask;
	GUEST_ASSERT_EQ(log->pa & mask, guest_va_to_pa(plan->addr) & mask);
	GUEST_SYNC2(STAGE_ACKED, id);

	/* The VMM has replaced the lost memory: it reads as new. */
	log->retry_val = READ_ONCE(*addr);
	log->neighbour_after = READ_ONCE(*next);
	GUEST_ASSERT_EQ(log->retry_val, 0);
	GUEST_ASSERT_EQ(log->neighbour_after, plan->neighbour_val);
	GUEST_ASSERT_EQ(log->sea_count, plan->mode == PLAN_SEA);
	GUEST_DONE();
}

/* The host's pages: 4 KiB or 64 KiB */
static uint64_t page_size;
static int page_shift;

/* How guest memory is backed, and what KVM reports when it is poisoned */
struct backing {
	char name[24];
	enum vm_mem_backing_src_type src;
	/* The hugetlb page's shift; 0 for memory in host pages */
	int huge_shift;
	int mmap_flags;
	/* Set by backing_init() for the host's page size: */
	/* the memory one error loses, and so the size the VMM replaces */
	int lost_shift;
	/* si_addr_lsb of the SIGBUS MADV_HWPOISON sends */
	int poison_lsb;
	/* si_addr_lsb of the SIGBUS KVM sends for a guest access */
	int kvm_lsb;
};

static struct backing backing_anon = {
	"", VM_MEM_SRC_ANONYMOUS, 0, 0,
};

/*
 * KVM reports the VMA's page size, and a THP does not change it; besides,
 * memory_failure() splits the THP and poisons only the host page.
 */
static struct backing backing_thp = {
	"THP", VM_MEM_SRC_ANONYMOUS_THP, 0, 0,
};

static struct backing backing_hugetlb = {
	"2M hugetlb", VM_MEM_SRC_ANONYMOUS_HUGETLB_2MB, HUGE_2M_SHIFT,
	MAP_HUGETLB | MAP_HUGE_2MB,
};

/*
 * A hugetlb page is poisoned and lost whole. KVM maps it at stage 2 with a
 * block, and reports its size, only if it is the size of a PMD (2 MiB with
 * 4 KiB pages); one made of contiguous PTEs (2 MiB with 64 KiB pages) KVM
 * maps, and reports, by host pages.
 */
static void backing_init(void)
{
	struct backing *all[] = { &backing_anon, &backing_thp, &backing_hugetlb };
	/* A PMD maps a page full of 8-byte PTEs. */
	int pmd_shift = 2 * page_shift - 3;
	struct backing *bk;
	int i;

	snprintf(backing_anon.name, sizeof(backing_anon.name), "%luK anon",
		 page_size >> 10);
	for (i = 0; i < ARRAY_SIZE(all); i++) {
		bk = all[i];
		bk->lost_shift = bk->huge_shift ? bk->huge_shift : page_shift;
		bk->poison_lsb = bk->lost_shift;
		bk->kvm_lsb = bk->huge_shift == pmd_shift ? pmd_shift : page_shift;
	}
}

struct vmm;

struct vcpu_ctx {
	struct vmm *vmm;
	struct kvm_vcpu *vcpu;
	int id;
	uint8_t *hva;		/* the host page read */
	uint64_t gpa;		/* its guest physical address */
	uint64_t gva;		/* the address read */
	uint64_t sigbus, written, injected, acked, replaced;
	pthread_t thread;
};

struct vmm {
	struct kvm_vm *vm;
	const struct backing *bk;
	int mode;
	int nr_vcpus;
	pthread_barrier_t ready, go, faulted;
	struct vcpu_ctx cpu[NR_VCPUS_MAX];
};

static struct {
	uint64_t ar, ao, written, injected, acked;
} totals;

#define COUNT(field)	__atomic_add_fetch(&totals.field, 1, __ATOMIC_RELAXED)

static void watchdog(int sig)
{
	static const char msg[] = "ras_vmm_test: timed out, giving up\n";

	/* The exit status tells the story if the message cannot be written. */
	(void)!write(STDERR_FILENO, msg, sizeof(msg) - 1);
	_exit(KSFT_FAIL);
}

static uint64_t read_u64_at(const char *path, uint64_t off)
{
	uint64_t val;
	int fd;

	fd = open(path, O_RDONLY);
	TEST_ASSERT(fd >= 0, "open %s: %s", path, strerror(errno));
	TEST_ASSERT_EQ(pread(fd, &val, sizeof(val), off), sizeof(val));
	close(fd);
	return val;
}

/* 0 when the PFN cannot be had (no CAP_SYS_ADMIN) */
static uint64_t hva_to_pfn(void *hva)
{
	uint64_t ent = read_u64_at("/proc/self/pagemap",
				   (uintptr_t)hva / page_size * sizeof(ent));

	TEST_ASSERT(ent & PM_PRESENT, "page at %p is not present", hva);
	return ent & PM_PFN;
}

static bool pfn_flag(uint64_t pfn, int bit)
{
	return read_u64_at("/proc/kpageflags", pfn * sizeof(uint64_t)) &
	       BIT_ULL(bit);
}

static long read_long(const char *path)
{
	char buf[64] = {};
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	if (read(fd, buf, sizeof(buf) - 1) <= 0)
		buf[0] = 0;
	close(fd);
	return buf[0] ? strtol(buf, NULL, 0) : -1;
}

static bool write_str(const char *path, const char *fmt, ...)
{
	char buf[64];
	va_list ap;
	int fd, len;
	bool ok;

	va_start(ap, fmt);
	len = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return false;
	ok = write(fd, buf, len) == len;
	close(fd);
	return ok;
}

static struct ghes_source *vmm_source(struct kvm_vm *vm, int n)
{
	return addr_gpa2hva(vm, SRC_GPA(n));
}

/*
 * The firmware's part: a UEFI memory-error record for @gpa, lost at the
 * granule 1 << @lsb, in source @n.
 */
static void vmm_write_record(struct kvm_vm *vm, int n, uint64_t gpa, int lsb)
{
	struct ghes_source *src = vmm_source(vm, n);
	struct estatus_hdr *blk = (struct estatus_hdr *)src->block;
	struct gdata_hdr *gdata = (struct gdata_hdr *)(blk + 1);
	struct cper_mem *mem = (struct cper_mem *)(gdata + 1);

	/* Writing over a record the guest has not read would lose it. */
	TEST_ASSERT(READ_ONCE(src->read_ack) == 1 &&
		    READ_ONCE(blk->block_status) == 0,
		    "source %d still holds a record (ack %lu, status %#x)",
		    n, src->read_ack, blk->block_status);

	memset(gdata, 0, RECORD_LEN);
	memcpy(gdata->section_type, cper_mem_guid, sizeof(cper_mem_guid));
	gdata->error_severity = CPER_SEV_RECOVERABLE;
	gdata->revision = GDATA_REVISION;
	gdata->error_data_length = sizeof(*mem);
	mem->validation_bits = MEM_VALID_PA | MEM_VALID_PA_MASK |
			       MEM_VALID_ERROR_TYPE;
	mem->physical_addr = gpa;
	mem->physical_addr_mask = ~((1ULL << lsb) - 1);
	mem->error_type = MEM_ERR_MULTI_BIT_ECC;
	blk->raw_data_offset = 0;
	blk->raw_data_length = 0;
	blk->data_length = RECORD_LEN;
	blk->error_severity = CPER_SEV_RECOVERABLE;
	WRITE_ONCE(src->read_ack, 0);
	/* The status goes last: it is what makes the record valid. */
	__atomic_store_n(&blk->block_status,
			 BLOCK_UE_VALID | BLOCK_ENTRY_COUNT(1), __ATOMIC_RELEASE);
	COUNT(written);
}

static void vmm_check_acked(struct kvm_vm *vm, int n)
{
	struct ghes_source *src = vmm_source(vm, n);
	struct estatus_hdr *blk = (struct estatus_hdr *)src->block;

	TEST_ASSERT_EQ(READ_ONCE(src->read_ack), 1);
	TEST_ASSERT_EQ(READ_ONCE(blk->block_status), 0);
	COUNT(acked);
}

/* Put new memory where the poisoned granule was. */
static void vmm_replace(const struct backing *bk, void *hva)
{
	uint64_t size = 1ULL << bk->lost_shift;
	void *base = (void *)((uintptr_t)hva & ~(size - 1));
	void *p;

	p = mmap(base, size, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | bk->mmap_flags,
		 -1, 0);
	TEST_ASSERT(p == base, "mmap over the poisoned memory at %p: %s",
		    base, strerror(errno));
}

/* KVM_RUN failed with EINTR: the guest read poisoned memory. */
static void vmm_sigbus_ar(struct vcpu_ctx *c)
{
	struct kvm_vcpu_events ev = {};
	struct vmm *v = c->vmm;
	uint64_t gpa;
	int lost;

	/* One SIGBUS for the one read; the SEA ends the guest's retries. */
	TEST_ASSERT(READ_ONCE(sigbus_log.count) == 1 && c->sigbus == 0,
		    "vCPU%d: KVM_RUN EINTR with %d SIGBUS taken",
		    c->id, sigbus_log.count);
	c->sigbus++;
	COUNT(ar);
	TEST_ASSERT_SIGBUS(&sigbus_log.info, BUS_MCEERR_AR, c->hva, v->bk->kvm_lsb);
	gpa = addr_hva2gpa(v->vm, sigbus_log.info.si_addr);
	TEST_ASSERT_EQ(gpa, c->gpa);
	pr_info("VMM:   vCPU%d SIGBUS BUS_MCEERR_AR si_addr=%p lsb=%d -> GPA %#lx\n",
		c->id, sigbus_log.info.si_addr, sigbus_log.info.si_addr_lsb, gpa);

	/* Serve none before every vCPU has its error outstanding. */
	if (pthread_barrier_wait(&v->faulted) == PTHREAD_BARRIER_SERIAL_THREAD &&
	    v->nr_vcpus > 1)
		pr_info("VMM:   all %d vCPUs stopped on poisoned pages, serving them\n",
			v->nr_vcpus);

	/* What the backing gives back whole is lost whole: a hugetlb page. */
	lost = sigbus_log.info.si_addr_lsb;
	if (lost < v->bk->lost_shift)
		lost = v->bk->lost_shift;
	vmm_write_record(v->vm, c->id, gpa, lost);
	c->written++;
	ev.exception.ext_dabt_pending = 1;
	vcpu_events_set(c->vcpu, &ev);
	c->injected++;
	COUNT(injected);
	pr_info("VMM:   vCPU%d CPER memory error GPA %#lx mask %#llx in source %d, SEA injected\n",
		c->id, gpa, ~((1ULL << lost) - 1), c->id);
}

static void vmm_stage(struct vcpu_ctx *c, struct ucall *uc)
{
	struct vmm *v = c->vmm;
	uint64_t size = 1ULL << v->bk->lost_shift;

	TEST_ASSERT_EQ(uc->args[1], c->id);
	switch (uc->args[0]) {
	case STAGE_READY:
		/* The VMM poisons memory while the vCPUs wait here. */
		pthread_barrier_wait(&v->ready);
		pthread_barrier_wait(&v->go);
		break;
	case STAGE_ACKED:
		if (v->mode == PLAN_POLL) {
			vmm_check_acked(v->vm, SRC_POLLED);
			c->acked++;
			pr_info("VMM:   vCPU%d acked the record in the polled source\n",
				c->id);
			break;
		}
		vmm_check_acked(v->vm, c->id);
		c->acked++;
		vmm_replace(v->bk, c->hva);
		c->replaced++;
		pr_info("VMM:   vCPU%d acked, replaced %#lx bytes at GPA %#lx\n",
			c->id, size, c->gpa & ~(size - 1));
		break;
	default:
		TEST_FAIL("vCPU%d: unknown stage %lu", c->id, uc->args[0]);
	}
}

/* The guest is done: what it saw must be exactly what the VMM wrote. */
static void vmm_check_guest(struct vcpu_ctx *c)
{
	struct vmm *v = c->vmm;
	struct guest_log *log = addr_gva2hva(v->vm, (vm_vaddr_t)&glog[c->id]);
	bool sea = v->mode == PLAN_SEA;

	TEST_ASSERT_EQ(log->sea_count, sea);
	if (sea) {
		TEST_ASSERT_EQ(log->esr, SEA_ESR);
		TEST_ASSERT_EQ(log->far, c->gva);
		TEST_ASSERT_EQ(log->far_pa, c->gva);
		TEST_ASSERT_EQ(log->load_val, LOAD_SENTINEL);
	}
	TEST_ASSERT_EQ(log->records, 1);
	TEST_ASSERT_EQ(log->acks, 1);
	TEST_ASSERT_EQ(log->block_status, BLOCK_UE_VALID | BLOCK_ENTRY_COUNT(1));
	TEST_ASSERT_EQ(log->raw_offset, 0);
	TEST_ASSERT_EQ(log->raw_length, 0);
	/* A 72-byte entry header and an 80-byte memory error section */
	TEST_ASSERT_EQ(log->data_length, 152);
	TEST_ASSERT_EQ(log->block_severity, CPER_SEV_RECOVERABLE);
	TEST_ASSERT_EQ(log->guid_ok, 1);
	TEST_ASSERT_EQ(log->gdata_severity, CPER_SEV_RECOVERABLE);
	TEST_ASSERT_EQ(log->revision, GDATA_REVISION);
	TEST_ASSERT_EQ(log->gdata_length, 80);
	/* Physical address, its mask, and the error type are valid. */
	TEST_ASSERT_EQ(log->mem_valid, 0x4006);
	TEST_ASSERT_EQ(log->pa, c->gpa);
	TEST_ASSERT_EQ(log->pa_mask, ~((1ULL << v->bk->lost_shift) - 1));
	TEST_ASSERT_EQ(log->error_type, MEM_ERR_MULTI_BIT_ECC);
	TEST_ASSERT_EQ(log->retry_val, 0);
	TEST_ASSERT_EQ(log->neighbour_after,
		       v->bk->lost_shift > page_shift ? 0 : FILL(c->gpa + page_size));

	if (sea)
		pr_info("guest: vCPU%d SEA ESR %#lx FAR %#lx (PA %#lx), CPER memory error at %#lx mask %#lx, acked\n",
			c->id, log->esr, log->far, log->far_pa, log->pa,
			log->pa_mask);
	else
		pr_info("guest: vCPU%d polled source: CPER memory error at %#lx mask %#lx, acked; no SEA\n",
			c->id, log->pa, log->pa_mask);
	pr_info("guest: vCPU%d retry read %#lx from the new page, next page %#lx\n",
		c->id, log->retry_val, log->neighbour_after);
}

static void *vcpu_thread(void *arg)
{
	struct vcpu_ctx *c = arg;
	struct ucall uc;
	int ret;

	for (;;) {
		ret = __vcpu_run(c->vcpu);
		if (ret == -1 && errno == EINTR) {
			vmm_sigbus_ar(c);
			continue;
		}
		TEST_ASSERT(!ret, "vCPU%d: KVM_RUN: %s", c->id, strerror(errno));
		switch (get_ucall(c->vcpu, &uc)) {
		case UCALL_SYNC:
			vmm_stage(c, &uc);
			break;
		case UCALL_DONE:
			vmm_check_guest(c);
			return NULL;
		case UCALL_ABORT:
			REPORT_GUEST_ASSERT(uc);
			break;
		default:
			TEST_FAIL("vCPU%d: unexpected exit %u", c->id,
				  c->vcpu->run->exit_reason);
		}
	}
}

static void vmm_create(struct vmm *v, const struct backing *bk, int mode,
		       int nr_vcpus)
{
	struct kvm_vcpu *vcpus[NR_VCPUS_MAX];
	uint64_t slot_size = DATA_SIZE;
	uint64_t *p;
	int i;

	v->bk = bk;
	v->mode = mode;
	v->nr_vcpus = nr_vcpus;
	v->vm = vm_create_with_vcpus(nr_vcpus, guest_code, vcpus);
	vm_init_descriptor_tables(v->vm);
	vm_install_sync_handler(v->vm, VECTOR_SYNC_CURRENT, ESR_EC_DABT,
				guest_sea_handler);
	TEST_ASSERT((TARGET_PAGE(nr_vcpus - 1) + 2) * page_size <= DATA_SIZE,
		    "%d vCPUs' pages do not fit in the data slot", nr_vcpus);
	/*
	 * A THP is the size of the host's PMD, 2 MiB or 512 MiB, and the slot
	 * is one; only its first DATA_SIZE bytes are used.
	 */
	if (bk == &backing_thp)
		slot_size = get_trans_hugepagesz();
	TEST_ASSERT(slot_size >= DATA_SIZE, "slot of %#lx bytes", slot_size);
	vm_userspace_mem_region_add(v->vm, bk->src, DATA_GPA, DATA_SLOT,
				    slot_size / v->vm->page_size, 0);
	virt_map(v->vm, DATA_GPA, DATA_GPA, DATA_SIZE / v->vm->page_size);
	/* One guest page of error sources, in a host page */
	TEST_ASSERT_EQ(v->vm->page_size, GUEST_PAGE);
	vm_userspace_mem_region_add(v->vm, VM_MEM_SRC_ANONYMOUS, RAS_GPA,
				    RAS_SLOT,
				    vm_adjust_num_guest_pages(v->vm->mode, 1), 0);
	virt_map(v->vm, RAS_GPA, RAS_GPA, 1);

	/* The firmware's tables: every source empty and acknowledged */
	for (i = 0; i < NR_SOURCES; i++) {
		vmm_source(v->vm, i)->status_addr = BLOCK_GPA(i);
		vmm_source(v->vm, i)->read_ack = 1;
	}
	/* Guest memory holds data worth losing. */
	p = addr_gpa2hva(v->vm, DATA_GPA);
	for (i = 0; i < DATA_SIZE / sizeof(*p); i++)
		p[i] = FILL(DATA_GPA + i * sizeof(*p));

	memset(gplan, 0, sizeof(gplan));
	memset(glog, 0, sizeof(glog));
	for (i = 0; i < nr_vcpus; i++) {
		struct vcpu_ctx *c = &v->cpu[i];
		uint64_t page = DATA_GPA + TARGET_PAGE(i) * page_size;

		vcpu_init_descriptor_tables(vcpus[i]);
		c->vmm = v;
		c->vcpu = vcpus[i];
		c->id = i;
		c->gpa = page;
		c->gva = page + ACCESS_OFFSET;
		c->hva = addr_gpa2hva(v->vm, page);
		gplan[i].mode = mode;
		gplan[i].addr = c->gva;
		gplan[i].neighbour = page + page_size;
		/* A hugetlb page is lost whole. */
		gplan[i].neighbour_val = bk->lost_shift > page_shift ? 0 :
					 FILL(page + page_size);
	}
	sync_global_to_guest(v->vm, gplan);
	sync_global_to_guest(v->vm, glog);
}

static void vmm_start(struct vmm *v)
{
	int i;

	TEST_ASSERT_EQ(pthread_barrier_init(&v->ready, NULL, v->nr_vcpus + 1), 0);
	TEST_ASSERT_EQ(pthread_barrier_init(&v->go, NULL, v->nr_vcpus + 1), 0);
	TEST_ASSERT_EQ(pthread_barrier_init(&v->faulted, NULL, v->nr_vcpus), 0);
	for (i = 0; i < v->nr_vcpus; i++)
		TEST_ASSERT_EQ(pthread_create(&v->cpu[i].thread, NULL,
					      vcpu_thread, &v->cpu[i]), 0);
	pthread_barrier_wait(&v->ready);
}

static void vmm_finish(struct vmm *v)
{
	int i;

	pthread_barrier_wait(&v->go);
	for (i = 0; i < v->nr_vcpus; i++)
		TEST_ASSERT_EQ(pthread_join(v->cpu[i].thread, NULL), 0);
	pthread_barrier_destroy(&v->ready);
	pthread_barrier_destroy(&v->go);
	pthread_barrier_destroy(&v->faulted);
	kvm_vm_free(v->vm);
}

/* MADV_HWPOISON: an action-required error for the caller, at once */
static void vmm_poison(struct vcpu_ctx *c)
{
	int lsb = c->vmm->bk->poison_lsb;
	int before = sigbus_log.count;

	if (madvise(c->hva, page_size, MADV_HWPOISON))
		ksft_exit_skip("MADV_HWPOISON: %s (CONFIG_MEMORY_FAILURE, root)\n",
			       strerror(errno));
	TEST_ASSERT_EQ(READ_ONCE(sigbus_log.count), before + 1);
	TEST_ASSERT_SIGBUS(&sigbus_log.info, BUS_MCEERR_AR, c->hva, lsb);
	pr_info("VMM:   MADV_HWPOISON on GPA %#lx (%s, hva %p): SIGBUS BUS_MCEERR_AR lsb=%d at once\n",
		c->gpa, c->vmm->bk->name, c->hva, sigbus_log.info.si_addr_lsb);
}

/* One error, one record, read once; an SEA only for an access */
static void check_served(struct vcpu_ctx *c, bool sea)
{
	TEST_ASSERT_EQ(c->sigbus, sea);
	TEST_ASSERT_EQ(c->injected, sea);
	TEST_ASSERT_EQ(c->written, 1);
	TEST_ASSERT_EQ(c->acked, 1);
	TEST_ASSERT_EQ(c->replaced, 1);
}

static const char *thp_unavailable(void)
{
	char buf[128] = {};
	int fd;

	fd = open(THP_ENABLED, O_RDONLY);
	if (fd < 0)
		return "no transparent huge pages (CONFIG_TRANSPARENT_HUGEPAGE)";
	if (read(fd, buf, sizeof(buf) - 1) < 0)
		buf[0] = 0;
	close(fd);
	if (!buf[0] || strstr(buf, "[never]"))
		return "transparent huge pages are disabled ([never])";
	return NULL;
}

/*
 * Make sure @want 2 MiB pages are free: one for the guest, one to replace
 * it with. Returns the old pool size to put back, or -1 if none could be had.
 */
static long hugetlb_reserve(long want)
{
	long nr = read_long(NR_HUGEPAGES_2M);
	long nfree = read_long(FREE_HUGEPAGES_2M);

	if (nr < 0 || nfree < 0)
		return -1;
	if (nfree < want)
		write_str(NR_HUGEPAGES_2M, "%ld", nr + want - nfree);
	if (read_long(FREE_HUGEPAGES_2M) < want) {
		write_str(NR_HUGEPAGES_2M, "%ld", nr);
		return -1;
	}
	return nr;
}

static void test_sea(const struct backing *bk, int nr_vcpus)
{
	uint64_t pfn = 0, next_pfn = 0;
	long old_nr = -1;
	struct vmm v = {};
	int i;

	if (bk == &backing_thp && thp_unavailable()) {
		ksft_test_result_skip("%s: %s\n", bk->name, thp_unavailable());
		return;
	}
	if (bk == &backing_hugetlb) {
		old_nr = hugetlb_reserve(2);
		if (old_nr < 0) {
			ksft_test_result_skip("%s: cannot get two free 2 MiB huge pages\n",
					      bk->name);
			return;
		}
	}

	pr_info("VMM:   --- %s, %d vCPU%s ---\n", bk->name, nr_vcpus,
		nr_vcpus > 1 ? "s" : "");
	vmm_create(&v, bk, PLAN_SEA, nr_vcpus);
	if (bk == &backing_thp) {
		pfn = hva_to_pfn(v.cpu[0].hva);
		next_pfn = hva_to_pfn(v.cpu[0].hva + page_size);
		if (!pfn || !pfn_flag(pfn, KPF_THP)) {
			kvm_vm_free(v.vm);
			ksft_test_result_skip("%s: the data slot did not get a THP\n",
					      bk->name);
			return;
		}
	}

	vmm_start(&v);
	for (i = 0; i < nr_vcpus; i++)
		vmm_poison(&v.cpu[i]);
	if (bk == &backing_thp) {
		/* memory_failure() split the THP and poisoned one host page. */
		TEST_ASSERT(pfn_flag(pfn, KPF_HWPOISON),
			    "pfn %#lx is not marked poisoned", pfn);
		TEST_ASSERT(!pfn_flag(pfn, KPF_THP) && !pfn_flag(next_pfn, KPF_THP),
			    "the THP was not split");
		TEST_ASSERT(!pfn_flag(next_pfn, KPF_HWPOISON),
			    "the next page is poisoned too");
		pr_info("VMM:   THP split, only pfn %#lx poisoned\n", pfn);
	}
	/* All vCPUs go at once. */
	vmm_finish(&v);

	for (i = 0; i < nr_vcpus; i++)
		check_served(&v.cpu[i], true);
	if (old_nr >= 0)
		write_str(NR_HUGEPAGES_2M, "%ld", old_nr);

	ksft_test_result_pass("%s, %d vCPU%s: AR lsb %d, one CPER + SEA each, acked\n",
			      bk->name, nr_vcpus, nr_vcpus > 1 ? "s" : "",
			      bk->kvm_lsb);
}

struct early_kill {
	struct vcpu_ctx *c;
	sem_t ready;
	bool done;
};

/*
 * The VMM's early-kill thread. An AO error is one nothing has consumed:
 * no vCPU is executing with the bad data, so an SEA would be a lie and an
 * SError would be taken as fatal by an OS. The VMM replaces the page at
 * once, before the guest can read it, and tells the guest through the
 * polled source that the page's contents are gone.
 */
static void *early_kill_thread(void *arg)
{
	struct timespec timeout = { .tv_sec = AO_WAIT_SECONDS };
	struct early_kill *ek = arg;
	struct vcpu_ctx *c = ek->c;
	struct kvm_vm *vm = c->vmm->vm;
	siginfo_t info;
	sigset_t set;
	uint64_t gpa;
	int ret;

	/* Take the signal here with sigtimedwait(), not in the handler. */
	sigemptyset(&set);
	sigaddset(&set, SIGBUS);
	TEST_ASSERT_EQ(pthread_sigmask(SIG_BLOCK, &set, NULL), 0);
	TEST_ASSERT_EQ(prctl(PR_MCE_KILL, PR_MCE_KILL_SET, PR_MCE_KILL_EARLY,
			     0, 0), 0);
	TEST_ASSERT_EQ(prctl(PR_MCE_KILL_GET, 0, 0, 0, 0), PR_MCE_KILL_EARLY);
	sem_post(&ek->ready);

	ret = sigtimedwait(&set, &info, &timeout);
	TEST_ASSERT(ret == SIGBUS, "no SIGBUS on the early-kill thread in %ds: %s",
		    AO_WAIT_SECONDS, strerror(errno));
	COUNT(ao);
	TEST_ASSERT_SIGBUS(&info, BUS_MCEERR_AO, c->hva, page_shift);
	gpa = addr_hva2gpa(vm, info.si_addr);
	TEST_ASSERT_EQ(gpa, c->gpa);
	pr_info("VMM:   early-kill thread %d: SIGBUS BUS_MCEERR_AO si_addr=%p lsb=%d -> GPA %#lx\n",
		gettid(), info.si_addr, info.si_addr_lsb, gpa);

	vmm_replace(c->vmm->bk, c->hva);
	c->replaced++;
	vmm_write_record(vm, SRC_POLLED, gpa, info.si_addr_lsb);
	c->written++;
	pr_info("VMM:   not consumed yet: replaced the page, CPER memory error GPA %#lx in the polled source, no SEA\n",
		gpa);
	ek->done = true;
	return NULL;
}

static void test_early_kill(void)
{
	struct early_kill ek = {};
	struct timespec ts;
	struct vcpu_ctx *c;
	pthread_t thread;
	struct vmm v = {};
	uint64_t pfn;
	int before;

	if (access(HWPOISON_INJECT, W_OK)) {
		ksft_test_result_skip("early kill: no %s (CONFIG_HWPOISON_INJECT, debugfs)\n",
				      HWPOISON_INJECT);
		return;
	}

	pr_info("VMM:   --- early kill, %s, 1 vCPU ---\n", backing_anon.name);
	vmm_create(&v, &backing_anon, PLAN_POLL, 1);
	c = &v.cpu[0];
	ek.c = c;
	pfn = hva_to_pfn(c->hva);
	if (!pfn) {
		kvm_vm_free(v.vm);
		ksft_test_result_skip("early kill: pagemap gives no PFN (not root)\n");
		return;
	}

	vmm_start(&v);
	TEST_ASSERT_EQ(sem_init(&ek.ready, 0, 0), 0);
	TEST_ASSERT_EQ(pthread_create(&thread, NULL, early_kill_thread, &ek), 0);
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += AO_WAIT_SECONDS;
	TEST_ASSERT_EQ(sem_timedwait(&ek.ready, &ts), 0);

	/* An error found by the host, not by an access: action optional */
	before = sigbus_log.count;
	pr_info("VMM:   poisoning pfn %#lx behind GPA %#lx (hva %p) through %s\n",
		pfn, c->gpa, c->hva, HWPOISON_INJECT);
	TEST_ASSERT(write_str(HWPOISON_INJECT, "%#lx", pfn),
		    "writing %s: %s", HWPOISON_INJECT, strerror(errno));
	TEST_ASSERT_EQ(pthread_join(thread, NULL), 0);
	TEST_ASSERT(ek.done, "the early-kill thread did not handle the error");
	/* Only the thread that asked for early kill heard of it. */
	TEST_ASSERT_EQ(READ_ONCE(sigbus_log.count), before);
	TEST_ASSERT(pfn_flag(pfn, KPF_HWPOISON), "pfn %#lx not poisoned", pfn);
	sem_destroy(&ek.ready);

	vmm_finish(&v);
	check_served(c, false);
	ksft_test_result_pass("early kill: AO on its thread, page replaced, polled CPER, no SEA\n");
}

int main(void)
{
	uint64_t sea_records;

	TEST_REQUIRE(kvm_has_cap(KVM_CAP_ARM_INJECT_EXT_DABT));
	page_size = getpagesize();
	page_shift = __builtin_ctzll(page_size);
	backing_init();

	ksft_print_header();
	ksft_set_plan(5);
	pr_info("VMM:   host pages %luK, guest pages %uK; SIGBUS lsb from KVM: anon %d, THP %d, 2M hugetlb %d\n",
		page_size >> 10,
		vm_guest_mode_params[VM_MODE_DEFAULT].page_size >> 10,
		backing_anon.kvm_lsb, backing_thp.kvm_lsb,
		backing_hugetlb.kvm_lsb);
	sigbus_log_install();
	signal(SIGALRM, watchdog);
	alarm(WATCHDOG_SECONDS);

	test_sea(&backing_anon, 1);
	test_sea(&backing_thp, 1);
	test_sea(&backing_hugetlb, 1);
	test_early_kill();
	test_sea(&backing_anon, NR_VCPUS_MAX);

	pr_info("VMM:   totals: %lu records written, %lu SEAs injected, %lu records acked, %lu AO signals, %lu AR signals\n",
		totals.written, totals.injected, totals.acked, totals.ao,
		totals.ar);
	/* Every record read once; one SEA for every guest access; no more */
	sea_records = totals.written - totals.ao;
	TEST_ASSERT_EQ(totals.acked, totals.written);
	TEST_ASSERT_EQ(totals.injected, totals.ar);
	TEST_ASSERT_EQ(sea_records, totals.injected);
	ksft_finished();
}
