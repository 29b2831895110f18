// SPDX-License-Identifier: GPL-2.0
/*
 * The scenarios of the nested tests, one after the other, and the
 * scenarios[] table at the end. qemu_ras.c is the rig that runs them
 * (QEMU, the host's actions, the parsers and the checks they share);
 * qemu_ras.h has the types and the helpers the two share.
 *
 * How to read a scenario: NAME_steps[] is a table of steps, each one
 * { wait, act, text }: when the guest prints a line holding wait (NULL:
 * right after the step before), the rig does act (enum act in
 * qemu_ras.h; CMD sends the guest the command text, SEA and POISON make
 * the pages its readers printed fail on the host), until END. Then
 * check_NAME(), after its comment, checks with exact values what each
 * layer reported (struct seen), mostly through the shared checks
 * (check_qemu(), check_guest(), check_kills(), check_end(), ...).
 * The scenario's entry in scenarios[] gives its machine: vCPUs, reboot,
 * asynchronous source, host and guest page sizes, expected messages.
 */
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qemu_ras.h"

/* The scenarios: one reader, one page, one error */

#define ONE_PAGE(readers, how, iss, go)				\
	{ "ras-guest: ready", CMD, "meminfo" },			\
	{ "HardwareCorrupted", CMD, readers },			\
	{ "readers ready", how, iss },				\
	{ NULL, CMD, go },					\
	{ "readers done", CMD, "survivor" },			\
	{ "second process ran", CMD, "seas" },			\
	{ "seas done", CMD, "meminfo" }

static const struct step sea_exit_steps[] = {
	ONE_PAGE("readers 1 distinct", SEA, "0x10 -1", "go"),
	{ "HardwareCorrupted", CMD, "poweroff" },
	{ NULL, END, NULL },
};

/* fail_sea's default ISS is FSC 0x10 alone: EA clear; the exit has IL */
static void check_sea_exit(struct seen *s)
{
	check_qemu(s, 1, 0, 0, 1, 1);
	check_holds(s, 0, 0);
	check_error(s, 0, 0, false, FSC_SEA, true, FSC_SEA);
	check_guest(s, 1, 1, 1);
	check_reader_ar(s, &s->page[0], false);
	check_corrupted(s, 0, 1, 4);
	check_kills(s);
	check_end(s);
}

static const struct step sea_exit_fetch_steps[] = {
	ONE_PAGE("readers 1 distinct", SEA, "0x10 -1", "fetch"),
	{ "HardwareCorrupted", CMD, "poweroff" },
	{ NULL, END, NULL },
};

static void check_sea_exit_fetch(struct seen *s)
{
	check_qemu(s, 1, 0, 0, 1, 1);
	check_holds(s, 0, 0);
	check_error(s, 0, 0, true, FSC_SEA, true, FSC_SEA);
	check_guest(s, 1, 1, 1);
	check_reader_ar(s, &s->page[0], true);
	check_corrupted(s, 0, 1, 4);
	check_kills(s);
	check_end(s);
}

static const struct step sea_exit_nogpa_steps[] = {
	ONE_PAGE("readers 1 distinct", SEA, "0x410 1", "go"),
	{ "HardwareCorrupted", CMD, "poweroff" },
	{ NULL, END, NULL },
};

/* A reader whose SEA the guest could not claim: the SEA signals it */
static void check_reader_unclaimed(struct page *p, uint64_t esr, uint64_t addr)
{
	check(p->n_sig == 1 && p->sig_code == SI_OBJERR && p->sig_addr == addr &&
	      p->sig_esr == esr && p->killed_by == SIGBUS,
	      "guest reader: %d SIGBUS, si_code %d (BUS_OBJERR %d) si_addr %#" PRIx64 " (%#" PRIx64
	      ") ESR %#" PRIx64 " (%#" PRIx64 "), killed by %d (%d)",
	      p->n_sig, p->sig_code, SI_OBJERR, p->sig_addr, addr, p->sig_esr, esr,
	      p->killed_by, SIGBUS);
}

/* FnV: no gva, no gpa, no record; the guest cannot claim it */
static void check_sea_exit_nogpa(struct seen *s)
{
	uint64_t esr = el0_abort(false, ESR_FNV | FSC_SEA);

	check_qemu(s, 1, 0, 0, 0, 1);
	check_holds(s, 0, 0);
	check_error(s, 0, 0, false, ESR_FNV | FSC_SEA, false, ESR_FNV | FSC_SEA);
	check_guest(s, 1, 0, 0);
	check_reader_unclaimed(&s->page[0], esr, 0);
	check_corrupted(s, 0, 1, 0);
	check_end(s);
}

static const struct step sea_exit_walk_steps[] = {
	ONE_PAGE("readers 1 distinct", SEA, "0x17 1", "go"),
	{ "HardwareCorrupted", CMD, "poweroff" },
	{ NULL, END, NULL },
};

/*
 * An SEA on the guest's stage-1 walk, level 3 (FSC 0x17): the IPA of what
 * failed is not known, so no record; the guest takes the walk's FSC, cannot
 * claim it, and a Linux guest kills the reader with SIGKILL.
 */
static void check_sea_exit_walk(struct seen *s)
{
	struct page *p = &s->page[0];

	check_qemu(s, 1, 0, 0, 0, 1);
	check_holds(s, 0, 0);
	check_error(s, 0, 0, false, FSC_SEA_TTW3, false, FSC_SEA_TTW3);
	check_guest(s, 1, 0, 0);
	check(p->n_sig == 0 && p->killed_by == SIGKILL,
	      "guest reader: %d SIGBUS (0), killed by signal %d (SIGKILL %d)",
	      p->n_sig, p->killed_by, SIGKILL);
	check_corrupted(s, 0, 1, 0);
	check_end(s);
}

static const struct step sea_exit_nonram_steps[] = {
	ONE_PAGE("readers 1 dev 0x09010000", SEA, "0x10 1", "go"),
	{ "HardwareCorrupted", CMD, "poweroff" },
	{ NULL, END, NULL },
};

/* An SEA on device memory (the RTC): no memory error record */
static void check_sea_exit_nonram(struct seen *s)
{
	struct page *p = &s->page[0];

	check(p->gpa == RTC_GPA, "guest: the reader reads guest physical %#" PRIx64 " (%#" PRIx64 ")",
	      p->gpa, RTC_GPA);
	check_qemu(s, 1, 0, 0, 0, 1);
	check_holds(s, 0, 0);
	check_error(s, 0, 0, false, FSC_SEA, false, FSC_SEA);
	check_guest(s, 1, 0, 0);
	check_reader_unclaimed(p, el0_abort(false, FSC_SEA), p->read_va);
	check_corrupted(s, 0, 1, 0);
	check_end(s);
}

/*
 * From QEMU's first SIGBUS for @gpa to the guest's memory_failure() line
 * for it, as this program saw them (not in a replay); -1 if either is
 * missing
 */
static double handling_time(struct seen *s, uint64_t gpa)
{
	int j, k;

	for (j = 0; j < s->n_ar && s->ar_gpa[j] != gpa; j++)
		;
	for (k = 0; k < s->n_mf && s->mf_pfn[k] != gpa / PAGE; k++)
		;
	return j < s->n_ar && k < s->n_mf ? s->mf_time[k] - s->ar_time[j] : -1;
}

static const struct step hwpoison_steps[] = {
	ONE_PAGE("readers 1 distinct", POISON, NULL, "go"),
	{ "HardwareCorrupted", CMD, "poweroff" },
	{ NULL, END, NULL },
};

/*
 * The host poisons the frame: QEMU gets an AO on its main thread (early
 * kill), then the AR on the vCPU that reads; it knows no virtual address:
 * the SEA it injects has FnV set, as QEMU always did.
 */
/* One page poisoned and read: told once, on every layer */
static void check_hwpoison_one(struct seen *s)
{
	check_qemu(s, 0, 1, 1, 1, 1);
	check_holds(s, 0, 0);
	check_error(s, 0, 0, false, ~0ULL, true, ESR_FNV | FSC_SEA);
	check_guest(s, 1, 1, 1);
	check_reader_ar(s, &s->page[0], false);
	check_corrupted(s, 0, 1, 4);
	check_kills(s);
}

static void check_hwpoison(struct seen *s)
{
	check_qemu(s, 0, 1, 1, 1, 1);
	check_holds(s, 0, 0);
	check(s->ar_gpa[0] == s->page[0].gpa, "QEMU: SIGBUS for guest physical %#" PRIx64 " (%#" PRIx64 ")",
	      s->ar_gpa[0], s->page[0].gpa);
	check_error(s, 0, 0, false, ~0ULL, true, ESR_FNV | FSC_SEA);
	check_guest(s, 1, 1, 1);
	check_reader_ar(s, &s->page[0], false);
	check_corrupted(s, 0, 1, 4);
	check_kills(s);
	check_end(s);
	if (!replay)
		printf("hwpoison: time from QEMU's SIGBUS to the guest's handling %.2f s\n",
		       handling_time(s, s->page[0].gpa));
}

/*
 * A page that only aborted (SEA exit) and a page whose host frame is
 * poisoned; the guest reboots. QEMU maps the poisoned page afresh (a new
 * frame) and leaves the other alone: the rebooted guest reads both.
 */
static const struct step sea_exit_reset_steps[] = {
	ONE_PAGE("readers 1 distinct", SEA, "0x10 1", "go"),
	{ "HardwareCorrupted", CMD, "readers 1 distinct" },
	{ "readers ready", POISON, NULL },
	{ NULL, CMD, "go" },
	{ "readers done", CMD, "seas" },
	{ "seas done", CMD, "meminfo" },
	{ "HardwareCorrupted", OLD_FRAMES, NULL },
	{ NULL, CMD, "reboot" },
	{ "ras-guest: ready", NEW_FRAMES, NULL },
	{ NULL, PEEK, NULL },
	{ "ras-guest: ok", CMD, "seas" },
	{ "seas done", CMD, "survivor" },
	{ "second process ran", CMD, "meminfo" },
	{ "HardwareCorrupted", CMD, "poweroff" },
	{ NULL, END, NULL },
};

static void check_sea_exit_reset(struct seen *s)
{
	struct page *a = &s->page[0], *b = &s->page[1];

	check_count("guest: boots", s->boots, 2);
	check_qemu(s, 1, 1, 1, 2, 2);
	check_holds(s, 0, 0);
	check_error(s, 0, 0, false, FSC_SEA, true, FSC_SEA);
	check_error(s, 1, 1, false, ~0ULL, true, ESR_FNV | FSC_SEA);
	check_guest(s, 2, 2, 2);
	check_reader_ar(s, a, false);
	check_reader_ar(s, b, false);
	check_corrupted(s, 0, 2, 8);
	check(s->n_meminfo == 4 && s->corrupted[3] == 0,
	      "guest kernel after the reboot: HardwareCorrupted %ld kB (0)", s->corrupted[3]);
	check(b->pfn && b->new_pfn && b->new_pfn != b->pfn,
	      "host: the poisoned frame %#" PRIx64 " was not given back: the page is on %#" PRIx64,
	      b->pfn, b->new_pfn);
	check(a->old_pfn && a->new_pfn == a->old_pfn,
	      "host: the page that only aborted stays on its frame %#" PRIx64 " after the reset (%#" PRIx64 ")",
	      a->new_pfn, a->old_pfn);
	check(a->peeked == 1 && b->peeked == 1,
	      "guest after the reboot: read the page that aborted %d time(s) and the poisoned one %d (1, 1)",
	      a->peeked, b->peeked);
	check_kills(s);
	check_end(s);
}

/* Many vCPUs */

#define SMP_ROUND(readers, how, iss)				\
	{ "ras-guest: ready", CMD, "meminfo" },			\
	{ "HardwareCorrupted", CMD, readers },			\
	{ "readers ready", how, iss },				\
	{ NULL, CMD, "go" },					\
	{ "readers done", CMD, "survivor" },			\
	{ "second process ran", CMD, "seas" },			\
	{ "seas done", CMD, "meminfo" }

static const struct step smp_same_page_steps[] = {
	SMP_ROUND("readers 4 shared", POISON, NULL),
	{ "HardwareCorrupted", CMD, "poweroff" },
	{ NULL, END, NULL },
};

/*
 * Four readers, one per vCPU, read one poisoned page at once. The first
 * vCPU's error is recorded and its SEA injected; QEMU holds the others
 * (the same page is being handled) until the guest has retired the page:
 * their accesses then fault in the guest, whose memory failure handling
 * signals each reader with BUS_MCEERR_AR. One record, one SEA.
 */
static void check_smp_same_page(struct seen *s)
{
	int i;

	check_qemu(s, 0, -1, 1, 1, 1);
	check_holds(s, -3, 0);
	check_met(s, "SIGBUS BUS_MCEERR_AR", s->ar_cpu, s->n_ar, true);
	check_error(s, 0, 0, false, ~0ULL, true, ESR_FNV | FSC_SEA);
	check_guest(s, 1, 1, 1);
	for (i = 0; i < 4; i++)
		check_reader_ar(s, &s->page[i], false);
	check_corrupted(s, 0, 1, 4);
	check_kills(s);
	check_end(s);
}

static const struct step smp_same_page_sea_steps[] = {
	SMP_ROUND("readers 4 shared", SEA, "0x10 -1"),
	{ "HardwareCorrupted", CMD, "poweroff" },
	{ NULL, END, NULL },
};

static void check_smp_same_page_sea(struct seen *s)
{
	int i;

	/* The held vCPUs exit again, as paced */
	check_qemu(s, -1, 0, 0, 1, 1);
	check_holds(s, -3, 0);
	check_met(s, "KVM_EXIT_ARM_SEA", s->exit_cpu, s->n_exit, true);
	check(s->exit_esr == el0_abort(false, FSC_SEA) && s->exit_flags == 1 &&
	      s->exit_gva == s->page[0].read_va && s->exit_gpa == s->page[0].gpa &&
	      !s->exits_differ,
	      "QEMU: every KVM_EXIT_ARM_SEA esr %#" PRIx64 " flags %#" PRIx64 " gva %#" PRIx64
	      " gpa %#" PRIx64 " (want %#" PRIx64 " 1 %#" PRIx64 " %#" PRIx64 "), %d differ",
	      s->exit_esr, s->exit_flags, s->exit_gva, s->exit_gpa, el0_abort(false, FSC_SEA),
	      s->page[0].read_va, s->page[0].gpa, s->exits_differ);
	check(s->record_gpa[0] == s->page[0].gpa,
	      "QEMU: one record, for %#" PRIx64 " (%#" PRIx64 ")", s->record_gpa[0], s->page[0].gpa);
	check_all_seas(s, el0_abort(false, FSC_SEA), s->page[0].read_va);
	check_guest(s, 1, 1, 1);
	for (i = 0; i < 4; i++)
		check_reader_ar(s, &s->page[i], false);
	check_corrupted(s, 0, 1, 4);
	check_kills(s);
	check_end(s);
}

static const struct step smp_distinct_steps[] = {
	SMP_ROUND("readers 4 distinct", POISON, NULL),
	{ "HardwareCorrupted", CMD, "poweroff" },
	{ NULL, END, NULL },
};


/*
 * Each page its own record and its own handling by the guest, none lost,
 * none overwritten; what the guest logged is about those pages.
 */
static void check_pages_recorded(struct seen *s, int from, int n)
{
	int i, missing = 0, foreign = 0;

	for (i = from; i < from + n; i++)
		missing += !listed(s->record_gpa, s->n_record, s->page[i].gpa) ||
			   !listed(s->mf_pfn, s->n_mf, s->page[i].gpa / PAGE);
	for (i = 0; i < s->n_log; i++) {
		int j;

		for (j = from; j < from + n && s->page[j].gpa != s->log_pa[i]; j++)
			;
		foreign += j == from + n;
	}
	check(!missing && !foreign,
	      "every page recorded by QEMU and handled by the guest: %d missing, %d logged that are not",
	      missing, foreign);
}

static void check_smp_distinct(struct seen *s)
{
	int i;

	check_qemu(s, 0, -4, -4, 4, 4);
	check_holds(s, -3, 0);
	check_guest(s, 4, -4, 4);
	check_pages_recorded(s, 0, 4);
	check_all_seas(s, el0_abort(false, ESR_FNV | FSC_SEA), 0);
	for (i = 0; i < 4; i++)
		check_reader_ar(s, &s->page[i], false);
	check_corrupted(s, 0, 1, 16);
	check_kills(s);
	check_end(s);
}

#define BURST_THREADS	4
#define BURST_PAGES	16
static const struct step burst_steps[] = {
	{ "ras-guest: ready", CMD, "meminfo" },
	{ "HardwareCorrupted", CMD, "burst 4 16" },
	{ "burst ready", POISON, NULL },
	{ NULL, CMD, "go" },
	{ "burst done", CMD, "survivor" },
	{ "second process ran", CMD, "seas" },
	{ "seas done", CMD, "meminfo" },
	{ "HardwareCorrupted", CMD, "poweroff" },
	{ NULL, END, NULL },
};

/* A thread a vCPU, each reading 16 poisoned pages in turn */
static void check_burst(struct seen *s)
{
	int n = BURST_THREADS * BURST_PAGES, i, j, bad = 0;
	double worst = 0, t;

	check_qemu(s, 0, -n, -n, n, n);
	check_holds(s, -n, 0);
	check_guest(s, n, -n, n);
	check_pages_recorded(s, 0, n);
	check_all_seas(s, el0_abort(false, ESR_FNV | FSC_SEA), 0);
	for (i = 0; i < n; i++) {
		/* Thread i / BURST_PAGES reads its pages in turn */
		bool faulted = false;

		for (j = i - i % BURST_PAGES; j < i; j++)
			faulted |= s->page[j].sig_addr == s->page[j].read_va;
		bad += !reader_ar_mf(s, &s->page[i], false,
				     faulted ? el0_abort(false, 0x07) : ~0ULL);
	}
	check(s->burst_signals == n && !bad,
	      "guest reader: %d pages read, %d SIGBUS BUS_MCEERR_AR (%d), %d wrong",
	      s->npages, s->burst_signals, n, bad);
	check_corrupted(s, 0, 1, 4 * n);
	check_kills(s);
	check_end(s);
	/* From QEMU's first SIGBUS for a page to the guest's handling of it */
	for (i = 0; i < n; i++) {
		for (j = 0; j < s->n_ar && s->ar_gpa[j] != s->page[i].gpa; j++)
			;
		t = -1;
		if (j < s->n_ar && listed(s->mf_pfn, s->n_mf, s->page[i].gpa / PAGE)) {
			int k;

			for (k = 0; s->mf_pfn[k] != s->page[i].gpa / PAGE; k++)
				;
			t = s->mf_time[k] - s->ar_time[j];
		}
		worst = t > worst ? t : worst;
	}
	if (!replay)
		printf("burst: %d errors in %.1f s, %.1f handled per second; worst time from QEMU's SIGBUS to the guest's handling %.2f s\n",
		       n, s->burst_end - s->go_time, n / (s->burst_end - s->go_time), worst);
}

/* The guest reboots after errors, then meets the same again */
static const struct step reset_steps[] = {
	SMP_ROUND("readers 4 shared", POISON, NULL),
	{ "HardwareCorrupted", CMD, "reboot" },
	{ "ras-guest: ready", NEW_FRAMES, NULL },
	{ NULL, PEEK, NULL },
	{ "ras-guest: ok", CMD, "meminfo" },
	{ "HardwareCorrupted", CMD, "readers 4 shared" },
	{ "readers ready", POISON, NULL },
	{ NULL, CMD, "go" },
	{ "readers done", CMD, "survivor" },
	{ "second process ran", CMD, "seas" },
	{ "seas done", CMD, "meminfo" },
	{ "HardwareCorrupted", CMD, "poweroff" },
	{ NULL, END, NULL },
};

static void check_reset(struct seen *s)
{
	int i;

	check_count("guest: boots", s->boots, 2);
	check_qemu(s, 0, -2, 2, 2, 2);
	check_holds(s, -6, 0);
	check_met(s, "SIGBUS BUS_MCEERR_AR", s->ar_cpu, s->n_ar, false);
	check_guest(s, 2, 2, 2);
	check_all_seas(s, el0_abort(false, ESR_FNV | FSC_SEA), 0);
	check(s->record_gpa[0] == s->page[0].gpa && s->record_gpa[1] == s->page[4].gpa &&
	      s->mf_pfn[0] == s->page[0].gpa / PAGE && s->mf_pfn[1] == s->page[4].gpa / PAGE,
	      "QEMU: CPER records for guest physical %#" PRIx64 ", %#" PRIx64
	      " (want %#" PRIx64 ", %#" PRIx64 "), the guest handled the same",
	      s->record_gpa[0], s->record_gpa[1], s->page[0].gpa, s->page[4].gpa);
	check(s->page[0].pfn && s->page[0].new_pfn && s->page[0].new_pfn != s->page[0].pfn,
	      "host: the poisoned frame %#" PRIx64 " was not given back: the page is on %#" PRIx64,
	      s->page[0].pfn, s->page[0].new_pfn);
	check(s->page[0].peeked == 1,
	      "guest after the reboot: read the page that failed %d time(s) (1)",
	      s->page[0].peeked);
	for (i = 0; i < 8; i++)
		check_reader_ar(s, &s->page[i], false);
	check_corrupted(s, 0, 1, 4);
	check_corrupted(s, 2, 3, 4);
	check_kills(s);
	check_end(s);
}

static void check_reader_oops(struct page *p);
static void check_discard(struct seen *s, int k, int cpu, struct page *pg, int rcpu,
			  long min_age);

/* Action-optional errors: the host finds them before the guest reads */

#define AO_END							\
	{ "holders done", CMD, "survivor" },			\
	{ "second process ran", CMD, "seas" },			\
	{ "seas done", CMD, "meminfo" },			\
	{ "HardwareCorrupted", CMD, "poweroff" },		\
	{ NULL, END, NULL }

static const struct step hwpoison_ao_steps[] = {
	{ "ras-guest: ready", CMD, "meminfo" },
	{ "HardwareCorrupted", CMD, "holders 1 anon" },
	{ "holders ready", POISON, "holders" },
	{ NULL, CMD, "holders-wait 1" },
	AO_END,
};

/* The asynchronous source's records name the holders' pages, in order */
static void check_async_records(struct seen *s)
{
	int i, bad = 0;

	for (i = 0; i < s->nholders; i++)
		bad += i >= s->n_record_async || s->async_gpa[i] != s->holder[i].gpa ||
		       !listed(s->mf_pfn, s->n_mf, s->holder[i].gpa / PAGE);
	check(s->n_record_async == s->nholders && !bad,
	      "QEMU: %d record(s) in the asynchronous error source (%d), %d not for a holder's page or not handled by the guest",
	      s->n_record_async, s->nholders, bad);
}

/* A holder that asked for early kill: SIGBUS BUS_MCEERR_AO for its page */
static void check_holder_ao(struct page *p)
{
	check(p->n_sig == 1 && p->sig_code == SI_AO && p->sig_addr == p->va &&
	      p->sig_lsb == 12 && p->killed_by == SIGBUS,
	      "guest holder on cpu %d: %d SIGBUS (1), si_code %d (BUS_MCEERR_AO %d) si_addr %#" PRIx64
	      " (%#" PRIx64 ") si_addr_lsb %d (12), killed by %d (%d)",
	      p->cpu, p->n_sig, p->sig_code, SI_AO, p->sig_addr, p->va, p->sig_lsb,
	      p->killed_by, SIGBUS);
}

/*
 * The host poisons the frame behind a page that a guest process holds
 * and does not read: QEMU gets an AO, writes a record into the source
 * notified through the GED, and injects nothing; the guest retires the
 * page and signals the holder, early kill, BUS_MCEERR_AO. No SEA.
 */
static void check_hwpoison_ao(struct seen *s)
{
	check_qemu(s, 0, 0, 1, 0, 0);
	check_holds(s, 0, 0);
	check_async_records(s);
	check_guest(s, 0, 1, 1);
	check(s->log_pa[0] == s->holder[0].gpa,
	      "guest kernel: GHES memory error at physical_address %#" PRIx64 " (want %#" PRIx64 ")",
	      s->log_pa[0], s->holder[0].gpa);
	check_holder_ao(&s->holder[0]);
	check(s->holders_kb == 4, "guest kernel: HardwareCorrupted grew by %ld kB while the holder waited (4)",
	      s->holders_kb);
	check_corrupted(s, 0, 1, 4);
	check_end(s);
}

static const struct step hwpoison_ao_clean_steps[] = {
	{ "ras-guest: ready", CMD, "meminfo" },
	{ "HardwareCorrupted", CMD, "holders 1 file" },
	{ "holders ready", POISON, "holders" },
	{ NULL, CMD, "holders-wait 1" },
	AO_END,
};

/*
 * The page is clean page cache of a file on the guest's disk: the guest
 * drops it and nothing is killed; the holder reads the page again, from
 * the disk (0xa5).
 */
static void check_hwpoison_ao_clean(struct seen *s)
{
	struct page *p = &s->holder[0];

	check_qemu(s, 0, 0, 1, 0, 0);
	check_holds(s, 0, 0);
	check_async_records(s);
	check_guest(s, 0, 1, 1);
	check(p->n_sig == 0 && p->exited == 1 && p->read_back == 0xa5,
	      "guest holder: %d SIGBUS (0), exited %d (0), read back %#x (0xa5)",
	      p->n_sig, p->exited - 1, p->read_back);
	check(s->holders_kb == 4, "guest kernel: HardwareCorrupted grew by %ld kB while the holder waited (4)",
	      s->holders_kb);
	check_corrupted(s, 0, 1, 4);
	check_end(s);
}

/* Four holders, their frames poisoned one after the other */
static const struct step hwpoison_ao_many_steps[] = {
	{ "ras-guest: ready", CMD, "meminfo" },
	{ "HardwareCorrupted", CMD, "holders 4 anon" },
	/* The next once QEMU has had the AO: AOs close together merge */
	{ "holders ready", POISON, "holder" },
	{ "si_code 5", POISON, "holder" },
	{ "si_code 5", POISON, "holder" },
	{ "si_code 5", POISON, "holder" },
	{ "si_code 5", CMD, "holders-wait 4" },
	AO_END,
};

static void check_hwpoison_ao_many(struct seen *s)
{
	int i;

	check_qemu(s, 0, 0, 4, 0, 0);
	check_holds(s, 0, 0);
	check_async_records(s);
	check_guest(s, 0, -4, 4);
	for (i = 0; i < 4; i++)
		check_holder_ao(&s->holder[i]);
	check(s->holders_kb == 16, "guest kernel: HardwareCorrupted grew by %ld kB while the holders waited (16)",
	      s->holders_kb);
	check_corrupted(s, 0, 1, 16);
	check_end(s);
}

/*
 * An AO while the SEA source holds a record the guest has not read: the
 * SEA of reader 0 hits the guest's kernel (it writes its page into a
 * pipe), which oopses and never reads the record. The holder's page is
 * poisoned then: its record goes into the asynchronous source at once,
 * QEMU's trace saying that the SEA source's was unread, and the guest
 * handles it. Reader 1, on the same vCPU as reader 0, then meets an SEA:
 * QEMU takes the unread record back, reports its page through the
 * asynchronous source, and gives reader 1 its own record.
 */
static const struct step ao_during_sea_steps[] = {
	{ "ras-guest: ready", CMD, "meminfo" },
	{ "HardwareCorrupted", CMD, "holders 1 anon" },
	{ "holders ready", CMD, "readers 1 pipe cpu 1" },
	{ "readers ready", SEA, "0x10 1" },
	{ NULL, CMD, "go" },
	{ "readers done", POISON, "holders" },
	{ NULL, CMD, "holders-wait 1" },
	{ "holders done", CMD, "readers 1 distinct cpu 1" },
	{ "readers ready", SEA, "0x10 -1" },
	{ NULL, CMD, "go" },
	{ "readers done", CMD, "survivor" },
	{ "second process ran", CMD, "seas" },
	{ "seas done", CMD, "meminfo 12" },
	{ "HardwareCorrupted", CMD, "poweroff" },
	{ NULL, END, NULL },
};

/* The first exit: the guest's kernel read the page, from its start on */
#define EL1_SEA		(0x96000000ULL | FSC_SEA)

static void check_ao_during_sea(struct seen *s)
{
	struct page *p0 = &s->page[0], *h = &s->holder[0];
	bool in_page = s->n_inject && s->inject_far[0] >= p0->va && s->inject_far[0] < p0->va + PAGE;

	check_qemu(s, 2, 0, 1, 2, 2);
	check_holds(s, 0, 1);
	/* Proved from QEMU's trace: the AO recorded, the SEA record unread */
	check(s->n_record_async >= 1 && s->async_gpa[0] == h->gpa && s->async_unread[0] == 1,
	      "QEMU: the AO's record for %#" PRIx64 " written while the SEA source's was unread (other sources unread %#x, want 0x1)",
	      h->gpa, s->n_record_async ? s->async_unread[0] : 0);
	check(s->record_gpa[0] == p0->gpa && in_page && s->inject_esr[0] == EL1_SEA &&
	      s->inject_cpu[0] == 1 && s->sea_esr[0] == EL1_SEA && s->sea_far[0] == s->inject_far[0],
	      "QEMU: record for %#" PRIx64 ", SEA on cpu %d ESR %#" PRIx64 " FAR %#" PRIx64
	      " (want %#" PRIx64 ", cpu 1, %#" PRIx64 ", in the page); the guest took %#" PRIx64 " %#" PRIx64,
	      s->record_gpa[0], s->n_inject ? s->inject_cpu[0] : -1, s->inject_esr[0], s->inject_far[0],
	      p0->gpa, EL1_SEA, s->sea_esr[0], s->sea_far[0]);
	check_discard(s, 0, 1, p0, 1, 0);
	check(s->n_record_async == 2 && s->async_gpa[1] == p0->gpa,
	      "QEMU: the page of the record taken back, %#" PRIx64 ", reported through the asynchronous source (%d records there)",
	      p0->gpa, s->n_record_async);
	/* Three records within 5 s: the guest logs two (rate limited) */
	check_error(s, 1, 1, false, FSC_SEA, false, FSC_SEA);
	check(s->record_gpa[1] == s->page[1].gpa && listed(s->mf_pfn, s->n_mf, s->page[1].gpa / PAGE),
	      "QEMU: a record for %#" PRIx64 " (%#" PRIx64 "), and the guest retired the page",
	      s->record_gpa[1], s->page[1].gpa);
	check_count("guest kernel: oopses for an SEA in its kernel, ESR 0x96000010",
		    s->n_expected, 1);
	check_guest(s, 2, -3, 3);
	check(listed(s->mf_pfn, s->n_mf, p0->gpa / PAGE),
	      "guest kernel: told of %#" PRIx64 " after all, and retired it", p0->gpa);
	check_reader_oops(p0);
	check_reader_ar(s, &s->page[1], false);
	check_holder_ao(h);
	check(s->holders_kb == 4, "guest kernel: HardwareCorrupted grew by %ld kB while the holder waited (4)",
	      s->holders_kb);
	check_kills(s);
	check_corrupted(s, 0, 1, 12);
	check_end(s);
}

/* Guests that do not play along */

/*
 * A record left unread: a Linux guest reads the SEA source only on an SEA
 * taken from user space. Reader 0 writes its page into a pipe: the
 * guest's kernel reads it (copy_from_user()), takes the SEA (EC 0x25)
 * and oopses, the record unread. Reader 1 on the same vCPU then meets
 * another page: QEMU takes the record back at once. Reader 2 leaves one
 * unread again, and 3 s later reader 3 on the other vCPU meets a page:
 * the record is 2 s old, taken back, and reader 3 gets its own, unheld.
 * The pages of the unread records stay init's, never read again.
 */
static const struct step kernel_sea_steps[] = {
	{ "ras-guest: ready", CMD, "meminfo" },
	{ "HardwareCorrupted", CMD, "readers 1 pipe cpu 0" },
	{ "readers ready", POISON, NULL },
	{ NULL, CMD, "go" },
	{ "readers done", CMD, "readers 1 distinct cpu 0" },
	{ "readers ready", POISON, NULL },
	{ NULL, CMD, "go" },
	{ "readers done", CMD, "readers 1 pipe cpu 0" },
	{ "readers ready", POISON, NULL },
	{ NULL, CMD, "go" },
	{ "readers done", CMD, "sleep 3" },
	{ NULL, CMD, "readers 1 distinct cpu 1" },
	{ "readers ready", POISON, NULL },
	{ NULL, CMD, "go" },
	{ "readers done", CMD, "survivor" },
	{ "second process ran", CMD, "seas" },
	{ "seas done", CMD, "meminfo" },
	{ "HardwareCorrupted", CMD, "poweroff" },
	{ NULL, END, NULL },
};

/* Taken at EL1, from the guest's kernel: EC 0x25 */
#define EL1_SEA_FNV	(0x96000000ULL | ESR_FNV | FSC_SEA)

/* A reader that died in the guest's kernel: an oops, no signal */
static void check_reader_oops(struct page *p)
{
	check(p->n_sig == 0 && p->killed_by == SIGSEGV,
	      "guest reader %#" PRIx64 " (pipe, cpu %d): %d SIGBUS (0), killed by %d (SIGSEGV %d: its kernel oopsed)",
	      p->gpa, p->cpu, p->n_sig, p->killed_by, SIGSEGV);
}

/* Records taken back: vCPU @cpu took back the record of page @pg, @age ms */
static void check_discard(struct seen *s, int k, int cpu, struct page *pg, int rcpu,
			  long min_age)
{
	check(k < s->n_discard && s->discard_cpu[k] == cpu && s->discard_page[k] == pg->gpa &&
	      s->discard_for[k] == rcpu && s->discard_age[k] >= min_age,
	      "QEMU: cpu %d took back the record of %#" PRIx64 " for cpu %d, %ld ms old (want cpu %d, %#" PRIx64 ", cpu %d, %ld ms or more)",
	      k < s->n_discard ? s->discard_cpu[k] : -2, k < s->n_discard ? s->discard_page[k] : 0,
	      k < s->n_discard ? s->discard_for[k] : -2, k < s->n_discard ? s->discard_age[k] : -1,
	      cpu, pg->gpa, rcpu, min_age);
}

/* What the guest logged is about @n pages from @from, and no others */
static void check_logged_only(struct seen *s, const int *pages, int n)
{
	int i, j, foreign = 0, missing = 0;

	for (i = 0; i < s->n_log; i++) {
		for (j = 0; j < n && s->page[pages[j]].gpa != s->log_pa[i]; j++)
			;
		foreign += j == n;
	}
	for (j = 0; j < n; j++)
		missing += !listed(s->log_pa, s->n_log, s->page[pages[j]].gpa) ||
			   !listed(s->mf_pfn, s->n_mf, s->page[pages[j]].gpa / PAGE);
	check(!foreign && !missing,
	      "guest kernel: logged and handled the pages it was told about in a record it read: %d missing, %d logged that are not",
	      missing, foreign);
}

static void check_kernel_sea(struct seen *s)
{
	static const int told[] = { 1, 3 };
	uint64_t user = el0_abort(false, ESR_FNV | FSC_SEA);
	int i;

	check_qemu(s, 0, 4, 4, 4, 4);
	check_holds(s, 0, 2);
	for (i = 0; i < 4; i++)
		check(s->record_gpa[i] == s->page[i].gpa && s->inject_cpu[i] == (i < 3 ? 0 : 1) &&
		      s->inject_esr[i] == (i % 2 ? user : EL1_SEA_FNV) && s->inject_far[i] == 0 &&
		      s->sea_esr[i] == s->inject_esr[i] && s->sea_far[i] == 0,
		      "QEMU: record %d for %#" PRIx64 ", SEA on cpu %d ESR %#" PRIx64 " FAR %#" PRIx64
		      ", the guest took %#" PRIx64 " %#" PRIx64 " (want %#" PRIx64 ", cpu %d, %#" PRIx64 " 0)",
		      i, s->record_gpa[i], s->inject_cpu[i], s->inject_esr[i], s->inject_far[i],
		      s->sea_esr[i], s->sea_far[i], s->page[i].gpa, i < 3 ? 0 : 1,
		      i % 2 ? user : EL1_SEA_FNV);
	/* The vCPU that left it meets another error: at once */
	check_discard(s, 0, 0, &s->page[0], 0, 0);
	/* Another vCPU, 3 s later: the record is 2 s old */
	check_discard(s, 1, 1, &s->page[2], 0, 2000);
	check_count("guest kernel: oopses for an SEA in its kernel, ESR 0x96000410",
		    s->n_expected, 2);
	check_guest(s, 4, 2, 2);
	check_logged_only(s, told, 2);
	check_reader_oops(&s->page[0]);
	check_reader_ar(s, &s->page[1], false);
	check_reader_oops(&s->page[2]);
	check_reader_ar(s, &s->page[3], false);
	check_corrupted(s, 0, 1, 8);
	check_kills(s);
	check_end(s);
	if (!replay)
		printf("kernel_sea: time from QEMU's SIGBUS to the guest's handling: %.2f s (same vCPU), %.2f s (the other)\n",
		       handling_time(s, s->page[1].gpa), handling_time(s, s->page[3].gpa));
}

/*
 * A guest that reads no record (ghes.disable=1): two vCPUs read one
 * poisoned page at once. The first gets the record and its SEA, which the
 * guest cannot claim; the second is held while that record is younger
 * than 2 s, then takes it back and gets its own. Both readers: BUS_OBJERR.
 */
static const struct step hold_limit_steps[] = {
	{ "ras-guest: ready", CMD, "meminfo" },
	{ "HardwareCorrupted", CMD, "readers 2 shared" },
	{ "readers ready", POISON, NULL },
	{ NULL, CMD, "go" },
	{ "readers done", CMD, "survivor" },
	{ "second process ran", CMD, "seas" },
	{ "seas done", CMD, "meminfo" },
	{ "HardwareCorrupted", CMD, "poweroff" },
	{ NULL, END, NULL },
};

static void check_hold_limit(struct seen *s)
{
	uint64_t esr = el0_abort(false, ESR_FNV | FSC_SEA);
	double held = s->n_discard && s->n_record ? s->discard_qt[0] - s->record_qt[0] : -1;
	int first = s->n_inject ? s->inject_cpu[0] : -1;

	/* The held vCPU meets the page again as paced: two tries at least */
	check_qemu(s, 0, -3, 1, 2, 2);
	check_holds(s, 1, 1);
	check(s->n_hold == 1 && s->hold_cpu[0] != first && s->hold_pending[0] == 1,
	      "QEMU: the other vCPU held, for the pending record (cpu %d, pending %d)",
	      s->n_hold ? s->hold_cpu[0] : -1, s->n_hold ? s->hold_pending[0] : -1);
	check_discard(s, 0, s->n_hold ? s->hold_cpu[0] : -1, &s->page[0], first, 2000);
	/* 2 s, and one pause of 100 ms at most, and this machine's delays */
	check(held >= 1.99 && held <= 2.6,
	      "QEMU: the first record taken back %.3f s after it was written (2 s, the bound, to 2.6 s)",
	      held);
	check(s->record_gpa[0] == s->page[0].gpa && s->record_gpa[1] == s->page[0].gpa,
	      "QEMU: both records for %#" PRIx64, s->page[0].gpa);
	check_all_seas(s, esr, 0);
	check_guest(s, 2, 0, 0);
	check_reader_unclaimed(&s->page[0], esr, 0);
	check_reader_unclaimed(&s->page[1], esr, 0);
	check_corrupted(s, 0, 1, 0);
	check_end(s);
}

/*
 * No GHES (ras=off): an SEA exit and a SIGBUS. The guest takes each abort
 * without a record, and kills the reader with BUS_OBJERR; QEMU runs on.
 */
static const struct step no_ghes_steps[] = {
	ONE_PAGE("readers 1 distinct", SEA, "0x10 1", "go"),
	{ "HardwareCorrupted", CMD, "readers 1 shared" },
	{ "readers ready", POISON, NULL },
	{ NULL, CMD, "go" },
	{ "readers done", CMD, "seas" },
	{ "seas done", CMD, "meminfo" },
	{ "HardwareCorrupted", CMD, "poweroff" },
	{ NULL, END, NULL },
};

static void check_no_ghes(struct seen *s)
{
	uint64_t esr = el0_abort(false, ESR_FNV | FSC_SEA);

	check_qemu(s, 1, 1, 1, 0, 2);
	check_holds(s, 0, 0);
	check_error(s, 0, 0, false, FSC_SEA, false, FSC_SEA);
	check(s->inject_esr[1] == esr && s->inject_far[1] == 0 &&
	      s->sea_esr[1] == esr && s->sea_far[1] == 0,
	      "QEMU: after SIGBUS, injected ESR_EL1 %#" PRIx64 " FAR_EL1 %#" PRIx64
	      ", the guest took %#" PRIx64 " %#" PRIx64 " (want %#" PRIx64 " 0)",
	      s->inject_esr[1], s->inject_far[1], s->sea_esr[1], s->sea_far[1], esr);
	check_guest(s, 2, 0, 0);
	check_reader_unclaimed(&s->page[0], el0_abort(false, FSC_SEA), s->page[0].read_va);
	check_reader_unclaimed(&s->page[1], esr, 0);
	check_corrupted(s, 0, 2, 0);
	check_end(s);
}

/*
 * GHES, and the asynchronous source, but no driver for the Hardware Error
 * Device: the guest never reads that source. Two AOs: the second waits 10
 * s for the first record, which is then taken back. Then the holders read
 * their pages: the first page's record was taken back, so QEMU tells the
 * guest through SEA; the second's is unread, taken back once 10 s old, and
 * that holder's vCPU is held until then at most.
 */
static const struct step no_hed_steps[] = {
	{ "ras-guest: ready", CMD, "meminfo" },
	{ "HardwareCorrupted", CMD, "holders 2 anon" },
	{ "holders ready", POISON, "holder" },
	{ "acpi_ghes_record_error source 1", POISON, "holder" },
	{ "kvm_arm_discard_memory_error", CMD, "holders-wait 0" },
	AO_END,
};

/*
 * A holder whose AO the guest never read: it reads its page, and the
 * guest, told through SEA, signals it. It asked for early kill, so
 * memory_failure() gives it BUS_MCEERR_AR when it runs in the holder's
 * context, BUS_MCEERR_AO when it runs in a worker (both seen); or the
 * holder's access, retried after the guest retired the page, faults.
 */
static void check_holder_told(struct page *p)
{
	check(p->n_sig == 1 && (p->sig_code == SI_AR || p->sig_code == SI_AO) &&
	      (p->sig_addr == p->va || p->sig_addr == p->va + HOLDER_READ_OFFSET) &&
	      p->sig_lsb == 12 && p->killed_by == SIGBUS,
	      "guest holder on cpu %d: %d SIGBUS (1), si_code %d (BUS_MCEERR_AR %d or _AO %d) si_addr %#" PRIx64
	      " (%#" PRIx64 " or +%#x) si_addr_lsb %d (12), killed by %d (%d)",
	      p->cpu, p->n_sig, p->sig_code, SI_AR, SI_AO, p->sig_addr, p->va, HOLDER_READ_OFFSET,
	      p->sig_lsb, p->killed_by, SIGBUS);
}

static void check_no_hed(struct seen *s)
{
	struct page *h0 = &s->holder[0], *h1 = &s->holder[1];

	check_qemu(s, 0, -2, 2, 2, 2);
	check_holds(s, -1, 2);
	check(s->n_record_async == 2 && s->async_gpa[0] == h0->gpa && s->async_gpa[1] == h1->gpa,
	      "QEMU: %d record(s) in the asynchronous source for the holders' pages, in order (2)",
	      s->n_record_async);
	check_all_seas(s, el0_abort(false, ESR_FNV | FSC_SEA), 0);
	/* The second AO took the first record back, the vCPU the second */
	/* (10 s for a record of the asynchronous source) */
	check_discard(s, 0, -1, h0, -1, 10000);
	check_discard(s, 1, 0, h1, -1, 10000);
	check(s->record_gpa[0] == h0->gpa && s->record_gpa[1] == h1->gpa,
	      "QEMU: SEA records for %#" PRIx64 " %#" PRIx64 " (want %#" PRIx64 " %#" PRIx64 ")",
	      s->record_gpa[0], s->record_gpa[1], h0->gpa, h1->gpa);
	check_guest(s, 2, 2, 2);
	check(s->n_log == 2 && s->log_src[0] == 0 && s->log_src[1] == 0,
	      "guest kernel: read both records from the SEA source, none from source 1");
	check_holder_told(h0);
	check_holder_told(h1);
	check(s->holders_kb == 0, "guest kernel: HardwareCorrupted grew by %ld kB before the holders read (0)",
	      s->holders_kb);
	check_corrupted(s, 0, 1, 8);
	check_end(s);
}

/*
 * An AO during a reboot, after the reset and before the new boot's
 * firmware has set up the error status blocks, for a page that the first
 * boot read and the second does not use before its GHES driver probes
 * (0x45000000, in the middle of its RAM, seen unused): QEMU writes the record
 * only once the firmware has given the blocks' new address, and the new
 * boot's kernel retires the page when its GHES driver starts.
 */
#define RESET_AO_GPA	"0x45000000"
static const struct step reset_ao_steps[] = {
	{ "ras-guest: ready", CMD, "meminfo" },
	/* The guest reads the page once: it is QEMU's then, and QEMU gets the AO */
	{ "HardwareCorrupted", CMD, "peek " RESET_AO_GPA },
	{ "ras-guest: peek", CMD, "reboot" },
	{ "error status blocks placed at 0x0 ", POISON_GPA, RESET_AO_GPA },
	{ "ras-guest: ready", CMD, "meminfo 4" },
	{ "HardwareCorrupted", CMD, "survivor" },
	{ "second process ran", CMD, "seas" },
	{ "seas done", CMD, "poweroff" },
	{ NULL, END, NULL },
};

static void check_reset_ao(struct seen *s)
{
	uint64_t gpa = strtoull(RESET_AO_GPA, NULL, 16);
	int i, zero = -1, placed = -1;

	check_count("guest: boots", s->boots, 2);
	check_qemu(s, 0, 0, 1, 0, 0);
	check_holds(s, 0, 0);
	check(s->n_poisoned == 1 && s->poisoned_gpa[0] == gpa,
	      "host: poisoned the frame behind %#" PRIx64 " during the reboot", gpa);
	/*
	 * The blocks: forgotten at each reset (QEMU's first, the reboot's),
	 * placed by each boot's firmware
	 */
	for (i = 0; i < s->n_blocks; i++)
		zero = s->blocks_addr[i] ? zero : i;
	placed = zero >= 0 && zero + 1 < s->n_blocks ? zero + 1 : -1;
	check(s->n_blocks == 4 && zero == 2 && !s->blocks_addr[0] && s->blocks_addr[1] &&
	      placed == 3 && s->blocks_addr[3],
	      "QEMU: the blocks forgotten at each reset and placed by each boot's firmware (%d events)",
	      s->n_blocks);
	check(placed >= 0 && s->async_queued_order > s->blocks_order[zero] &&
	      s->async_queued_order < s->blocks_order[placed],
	      "QEMU: the AO came after the reset and before the new firmware placed the blocks");
	check(s->n_record_async == 1 && s->async_gpa[0] == gpa && placed >= 0 &&
	      s->async_order[0] > s->blocks_order[placed],
	      "QEMU: the AO recorded for %#" PRIx64 " once the new firmware had placed the blocks, not before",
	      gpa);
	check_guest(s, 0, 1, 1);
	check(s->n_log == 1 && s->log_pa[0] == gpa && s->log_src[0] == 1,
	      "guest kernel after the reboot: read the record of %#" PRIx64 " from source 1", gpa);
	check(s->n_meminfo == 2 && s->corrupted[0] == 0 && s->corrupted[1] == 4,
	      "guest kernel: HardwareCorrupted %ld kB before the reboot (0), %ld kB after (4)",
	      s->corrupted[0], s->n_meminfo > 1 ? s->corrupted[1] : -1);
	check_end(s);
}

/*
 * The VM stopped for 15 s as soon as QEMU recorded the first of two
 * errors on one page (two vCPUs read it at once), then run again: the
 * guest handles both as without the stop. QEMU's windows run on the VM's
 * clock, as the guest's own does.
 */
static const struct step stop_cont_steps[] = {
	{ "ras-guest: ready", CMD, "meminfo" },
	{ "HardwareCorrupted", CMD, "readers 2 shared" },
	{ "readers ready", POISON, NULL },
	{ NULL, CMD, "go" },
	{ "acpi_ghes_record_error source 0", STOP_CONT, NULL },
	{ "readers done", CMD, "survivor" },
	{ "second process ran", CMD, "seas" },
	{ "seas done", CMD, "meminfo" },
	{ "HardwareCorrupted", CMD, "poweroff" },
	{ NULL, END, NULL },
};

static void check_stop_cont(struct seen *s)
{
	check(s->stopped > 0 && s->resumed - s->stopped >= STOP_SECONDS,
	      "host: the VM stopped for %.1f s (%d)", s->resumed - s->stopped, STOP_SECONDS);
	check_qemu(s, 0, -2, 1, 1, 1);
	check_holds(s, -1, 0);
	check_error(s, 0, 0, false, ~0ULL, true, ESR_FNV | FSC_SEA);
	check_guest(s, 1, 1, 1);
	check_reader_ar(s, &s->page[0], false);
	check_reader_ar(s, &s->page[1], false);
	check_corrupted(s, 0, 1, 4);
	check_kills(s);
	check_end(s);
}

/*
 * -accel kvm,sea-to-user=off: KVM keeps the capability off and turns the
 * SEA into a virtual SError, which the guest does not survive (it panics
 * and, with -no-reboot, QEMU stops).
 */
static const struct step sea_to_user_off_steps[] = {
	{ "ras-guest: ready", CMD, "readers 1 distinct" },
	{ "readers ready", SEA, "0x10 1" },
	{ NULL, CMD, "go" },
	/* Only a guest that survived gets here */
	{ "readers done", CMD, "poweroff" },
	{ NULL, END, NULL },
};

static void check_sea_to_user_off(struct seen *s)
{
	check(!s->no_kprobe, "guest kernel: the kprobe on do_sea() is there");
	check_count("guest: boots", s->boots, 1);
	check_qemu(s, 0, 0, 0, 0, 0);
	check_holds(s, 0, 0);
	check_count("guest kernel: SError panics (SError Interrupt, Asynchronous SError Interrupt)",
		    s->n_expected, 2);
	check(!s->page[0].n_sig && !s->page[0].killed_by && !s->done,
	      "guest: the reader got nothing, the guest ended in its panic");
}

/*
 * Host pages larger than the guest's: a 64K-page host (configs/64k.config)
 * under a 4K-page guest. A failed host page is sixteen guest pages; KVM's
 * SIGBUS names the host page (si_addr aligned to it), and the guest must
 * hear of each of its pages: QEMU writes a CPER section for each, as many
 * in one record as the error status block holds (six in 1 KiB, QEMU's
 * default; all sixteen in 4 KiB, x-error-block-size=4096), the rest in
 * the next records. The readers' pages are in a 64 KiB block of guest
 * memory that the guest's init fills with pages it never touches again
 * (guest_init.c, "block"), so that the host page holds theirs and those.
 */
#define HOST_64K	((uint64_t)65536)

/*
 * The sections of records @first to @first + @n - 1 of the SEA source
 * (@async: the asynchronous one) name the 4K pages of the host page at
 * @base in order, each once
 */
static void check_sections(struct seen *s, bool async, int n, uint64_t base)
{
	const uint64_t *gpa = async ? s->async_gpa : s->record_gpa;
	int i, bad = 0;

	for (i = 0; i < n; i++)
		bad += gpa[i] != base + i * PAGE;
	check(!bad && base % HOST_64K == 0,
	      "QEMU: the %s source's %d sections name the 4K pages of host page %#" PRIx64
	      " in order: %d differ", async ? "asynchronous" : "SEA", n, base, bad);
}

/* Readers on a guest page of one 64K host page each, as the steps said */
static void check_layout(struct seen *s, int n, int first, int stride)
{
	uint64_t base = s->page[0].gpa - (uint64_t)first * PAGE;
	int i, bad = 0;

	for (i = 0; i < n; i++)
		bad += s->page[i].gpa != base + (uint64_t)(first + i * stride) * PAGE;
	check(!bad && base % HOST_64K == 0,
	      "guest: %d readers on pages %d + i * %d of the host page at %#" PRIx64 ": %d elsewhere",
	      n, first, stride, base, bad);
}

static const struct step hwpoison_64k_steps[] = {
	ONE_PAGE("readers 2 block 0 8", POISON, NULL, "go-each"),
	{ "HardwareCorrupted", CMD, "poweroff" },
	{ NULL, END, NULL },
};

/*
 * Two readers, on two vCPUs, on the first and the ninth 4K page of one
 * 64K host page, read one after the other; 4 KiB error blocks. The first
 * reader's SIGBUS names the host page; QEMU records all sixteen guest
 * pages in one record and injects one SEA. The guest retires the sixteen
 * pages: the second reader's read faults in the guest, and QEMU hears of
 * it no more. Both readers get BUS_MCEERR_AR for their own page.
 */
static void check_hwpoison_64k(struct seen *s)
{
	uint64_t base = s->page[0].gpa & ~(HOST_64K - 1);
	int i;

	check_layout(s, 2, 0, 8);
	check_qemu(s, 0, 1, 1, 16, 1);
	check_count("QEMU: records written into the SEA source", s->n_blocks_sea, 1);
	check_holds(s, 0, 0);
	check(s->ar_gpa[0] == base && s->ar_cpu[0] == s->page[0].cpu,
	      "QEMU: SIGBUS on the first reader's vCPU %d (%d) named the host page, guest physical %#"
	      PRIx64 " (%#" PRIx64 ")", s->ar_cpu[0], s->page[0].cpu, s->ar_gpa[0], base);
	check_sections(s, false, 16, base);
	check_all_seas(s, el0_abort(false, ESR_FNV | FSC_SEA), 0);
	check_guest(s, 1, 16, 16);
	for (i = 0; i < 2; i++)
		check_reader_ar(s, &s->page[i], false);
	check_corrupted(s, 0, 1, 64);
	check_kills(s);
	check_end(s);
}

static const struct step smp_same_page_64k_steps[] = {
	SMP_ROUND("readers 4 block 0 5", POISON, NULL),
	{ "HardwareCorrupted", CMD, "poweroff" },
	{ NULL, END, NULL },
};

/*
 * Four readers, one per vCPU, on four 4K pages of one 64K host page (0,
 * 5, 10, 15), read at once; QEMU's 1 KiB error blocks. Six sections fit
 * in a record: QEMU writes pages 0-5 for the first vCPU; a vCPU whose
 * page is not among them meets the host page again once the guest has
 * taken that record, and gets pages 6-11, then 12-15: three records,
 * three SEAs, each guest page named once; every reader gets
 * BUS_MCEERR_AR, no vCPU is held for a page the guest was told about
 * longer than the guest takes to retire it.
 */
static void check_smp_same_page_64k(struct seen *s)
{
	uint64_t base = s->page[0].gpa & ~(HOST_64K - 1);
	int i;

	check_layout(s, 4, 0, 5);
	check_qemu(s, 0, -3, 1, 16, 3);
	check_count("QEMU: records written into the SEA source", s->n_blocks_sea, 3);
	check_holds(s, -9, 0);
	check_sections(s, false, 16, base);
	check_all_seas(s, el0_abort(false, ESR_FNV | FSC_SEA), 0);
	check_guest(s, 3, -16, 16);
	for (i = 0; i < 4; i++)
		check_reader_ar(s, &s->page[i], false);
	check_corrupted(s, 0, 1, 64);
	check_kills(s);
	check_end(s);
}

static const struct step sea_exit_64k_steps[] = {
	ONE_PAGE("readers 1 block 9 0", SEA, "0x10 -1", "go"),
	{ "HardwareCorrupted", CMD, "poweroff" },
	{ NULL, END, NULL },
};

/*
 * An SEA that no host code claims, on the tenth 4K page of a 64K host
 * page: the exit names that 4K page, and so does QEMU's record, alone;
 * the guest retires that page only.
 */
static void check_sea_exit_64k(struct seen *s)
{
	check_layout(s, 1, 9, 0);
	check_qemu(s, 1, 0, 0, 1, 1);
	check_count("QEMU: records written into the SEA source", s->n_blocks_sea, 1);
	check_holds(s, 0, 0);
	check_error(s, 0, 0, false, FSC_SEA, true, FSC_SEA);
	check_guest(s, 1, 1, 1);
	check_reader_ar(s, &s->page[0], false);
	check_corrupted(s, 0, 1, 4);
	check_kills(s);
	check_end(s);
}

static const struct step hwpoison_ao_64k_steps[] = {
	{ "ras-guest: ready", CMD, "meminfo" },
	{ "HardwareCorrupted", CMD, "holders 1 block" },
	{ "holders ready", POISON, "holders" },
	{ NULL, CMD, "holders-wait 16" },
	AO_END,
};

/*
 * The host poisons the 64K frame under a holder's 4K page (the first of
 * the host page): QEMU gets one AO and queues the host page's sixteen
 * guest pages for the asynchronous source, six to a record (1 KiB
 * blocks): three records, each read by the guest before the next; the
 * guest retires the sixteen pages and signals the holder, early kill.
 */
static void check_hwpoison_ao_64k(struct seen *s)
{
	uint64_t base = s->holder[0].gpa & ~(HOST_64K - 1);

	check(s->holder[0].gpa == base, "guest: the holder's page %#" PRIx64 " starts a host page",
	      s->holder[0].gpa);
	check_qemu(s, 0, 0, 1, 0, 0);
	check_holds(s, 0, 0);
	check_count("QEMU: records written into the asynchronous source", s->n_blocks_async, 3);
	check_count("QEMU: sections in them", s->n_record_async, 16);
	check_sections(s, true, 16, base);
	check_guest(s, 0, -16, 16);
	check_holder_ao(&s->holder[0]);
	check(s->holders_kb == 64, "guest kernel: HardwareCorrupted grew by %ld kB while the holder waited (64)",
	      s->holders_kb);
	check_corrupted(s, 0, 1, 64);
	check_end(s);
}

/*
 * A 64K-page guest on this 4K-page host: one guest page is sixteen host
 * pages, one of which fails. QEMU names the guest physical address of
 * the host page (the guest's page size does not change it); the guest
 * retires its 64K page, once, and its reader gets si_addr_lsb 16.
 */
static const struct step hwpoison_guest_64k_steps[] = {
	ONE_PAGE("readers 1 distinct", POISON, NULL, "go"),
	{ "HardwareCorrupted", CMD, "poweroff" },
	{ NULL, END, NULL },
};

static void check_hwpoison_guest_64k(struct seen *s)
{
	check(s->page[0].gpa % HOST_64K == 0, "guest: its page %#" PRIx64 " is 64K", s->page[0].gpa);
	check_qemu(s, 0, 1, 1, 1, 1);
	check_count("QEMU: records written into the SEA source", s->n_blocks_sea, 1);
	check_holds(s, 0, 0);
	check(s->ar_gpa[0] == s->page[0].gpa, "QEMU: SIGBUS for guest physical %#" PRIx64 " (%#" PRIx64 ")",
	      s->ar_gpa[0], s->page[0].gpa);
	check_error(s, 0, 0, false, ~0ULL, true, ESR_FNV | FSC_SEA);
	check_guest(s, 1, 1, 1);
	check_reader_ar(s, &s->page[0], false);
	check_corrupted(s, 0, 1, 64);
	check_kills(s);
	check_end(s);
}

/*
 * Migration (evacuation). The emulated host has no sockets: the source
 * migrates to a file, quits, and a second QEMU takes the VM from the file
 * (EVACUATE), on new memory. A task of the guest counts all along.
 */

/* Migration @k ended as @end; its stream holds the poisoned pages or not */
static void check_migration(struct seen *s, int k, const char *end, bool section)
{
	check(k < s->n_mig && !strcmp(s->mig_end[k], end) &&
	      (strcmp(end, "completed") || s->mig_section[k] == section),
	      "QEMU: migration %d %s (%s), the stream %s the poisoned pages' section (%s)",
	      k + 1, end, k < s->n_mig ? s->mig_end[k] : "not tried",
	      section ? "with" : "without", k < s->n_mig && s->mig_section[k] ? "with" : "without");
	if (!replay && k < s->n_mig && !strcmp(end, "completed"))
		printf("migration %d: downtime %ld ms (QEMU's)\n", k + 1, s->mig_downtime[k]);
}

/* The counting task lived and counted at each "count", on and on */
static void check_counter(struct seen *s, int counts)
{
	int i, bad = 0;

	for (i = 0; i < s->n_count; i++)
		bad += !s->count_alive[i] || !s->count_counting[i] ||
		       (i && s->count_at[i] <= s->count_at[i - 1]);
	check(s->n_count == counts && !bad,
	      "guest: the counting task alive and counting at each of %d looks (%d), %d not",
	      s->n_count, counts, bad);
}

/* QEMU left out of the stream, saved and loaded exactly @n pages, @gpa */
static void check_stream_pages(struct seen *s, int skips, const uint64_t *gpa, int n,
			       int saves, int loads)
{
	int i, bad = 0;

	for (i = 0; i < s->n_skip; i++)
		bad += !listed(gpa, n, RAM_BASE + s->skip_offset[i]);
	for (i = 0; i < s->n_hwp_save; i++)
		bad += !listed(gpa, n, s->hwp_save[i]);
	for (i = 0; i < s->n_hwp_load; i++)
		bad += !listed(gpa, n, s->hwp_load[i]);
	for (i = 0; i < n; i++)
		bad += !listed(s->hwp_save, s->n_hwp_save, gpa[i]) ||
		       !listed(s->hwp_load, s->n_hwp_load, gpa[i]);
	check(s->n_skip == skips && s->n_hwp_save == saves && s->n_hwp_load == loads &&
	      (!saves || !bad),
	      "QEMU: pages not read %d (%d), named in the stream %d (%d), taken from it %d (%d), %d about other pages",
	      s->n_skip, skips, s->n_hwp_save, saves, s->n_hwp_load, loads, bad);
}

static const struct step migrate_clean_steps[] = {
	{ "ras-guest: ready", CMD, "counter" },
	{ NULL, CMD, "meminfo" },
	{ "HardwareCorrupted", CMD, "count" },
	{ "counter alive", EVACUATE, NULL },
	{ "destination QEMU started", CMD, "count" },
	{ "counter alive", CMD, "meminfo" },
	{ "HardwareCorrupted", CMD, "survivor" },
	{ "second process ran", CMD, "seas" },
	{ "seas done", CMD, "poweroff" },
	{ NULL, END, NULL },
};

/* No page failed: the VM migrates as it always did, the stream as before */
static void check_migrate_clean(struct seen *s)
{
	check_qemu(s, 0, 0, 0, 0, 0);
	check_holds(s, 0, 0);
	check_guest(s, 0, 0, 0);
	check_migration(s, 0, "completed", false);
	check_count("QEMU: destinations started", s->n_dest, 1);
	check_stream_pages(s, 0, NULL, 0, 0, 0);
	check_counter(s, 2);
	check_corrupted(s, 0, 1, 0);
	check_end(s);
}

static const struct step evacuate_steps[] = {
	{ "ras-guest: ready", CMD, "counter" },
	{ NULL, CMD, "meminfo" },
	/* An SEA the host did not claim (KVM_EXIT_ARM_SEA) */
	{ "HardwareCorrupted", CMD, "readers 1 distinct" },
	{ "readers ready", SEA, "0x10 -1" },
	{ NULL, CMD, "go" },
	/* A page the host poisoned, read (SIGBUS BUS_MCEERR_AR) */
	{ "readers done", CMD, "readers 1 distinct" },
	{ "readers ready", POISON, NULL },
	{ NULL, CMD, "go" },
	/* A page the host poisoned, not read (BUS_MCEERR_AO) */
	{ "readers done", CMD, "holders 1 anon" },
	{ "holders ready", POISON, "holders" },
	{ NULL, CMD, "holders-wait 1" },
	{ "holders done", CMD, "meminfo" },
	{ "HardwareCorrupted", CMD, "count" },
	{ "counter alive", MIGRATE_POSTCOPY, NULL },
	{ NULL, EVACUATE, NULL },
	{ "destination QEMU started", CMD, "count" },
	{ "counter alive", CMD, "meminfo" },
	{ "HardwareCorrupted", CMD, "survivor" },
	{ "second process ran", CMD, "seas" },
	{ "seas done", CMD, "poweroff" },
	{ NULL, END, NULL },
};

/*
 * Three errors, each handled: then postcopy is refused, and the VM
 * migrates. The two poisoned pages are not read, and the stream names
 * them; the guest runs on at the destination, the pages still retired,
 * no record told again. The host's early kill gives QEMU an AO for the
 * read page too (x-ras-async=on: a record in source 1), and its reader,
 * held meanwhile, faults in the guest once the guest has retired it.
 */
static void check_evacuate(struct seen *s)
{
	uint64_t gpas[2] = { s->page[1].gpa, s->holder[0].gpa };
	int i, other = 0;

	check_qemu(s, 1, -1, 2, 1, 1);
	check_count("QEMU: records written into the asynchronous source", s->n_record_async, 2);
	check_holds(s, -1, 0);
	for (i = 0; i < s->n_ar && i < MAX_TRIES; i++)
		other += s->ar_gpa[i] != s->page[1].gpa;
	for (i = 0; i < s->n_hold; i++)
		other += s->hold_gpa[i] != s->page[1].gpa;
	check(!other, "QEMU: every SIGBUS BUS_MCEERR_AR and hold for the read page %#" PRIx64
	      ", %d for others", s->page[1].gpa, other);
	check(s->async_gpa[0] == s->page[1].gpa && s->async_gpa[1] == s->holder[0].gpa,
	      "QEMU: the records of source 1 for %#" PRIx64 ", %#" PRIx64 " (%#" PRIx64 ", %#" PRIx64 ")",
	      s->async_gpa[0], s->async_gpa[1], s->page[1].gpa, s->holder[0].gpa);
	check_error(s, 0, 0, false, FSC_SEA, true, FSC_SEA);
	check_guest(s, 1, -3, 3);
	check_reader_ar(s, &s->page[0], false);
	check_reader_ar(s, &s->page[1], false);
	check_holder_ao(&s->holder[0]);
	check(s->holders_kb == 4, "guest kernel: HardwareCorrupted grew by %ld kB while the holder waited (4)",
	      s->holders_kb);
	check_count("QEMU: postcopy refused", s->postcopy_refused, 1);
	check_migration(s, 0, "completed", true);
	check_count("QEMU: destinations started", s->n_dest, 1);
	check_stream_pages(s, 2, gpas, 2, 2, 2);
	check_counter(s, 2);
	check_corrupted(s, 0, 1, 12);
	check_corrupted(s, 1, 2, 0);
	check_kills(s);
	check_end(s);
}

/*
 * A page fails while its holder does not read it; migrate; the holder
 * reads the page (an SEA record tells the guest); migrate again
 */
static const struct step evacuate_held_steps[] = {
	{ "ras-guest: ready", CMD, "counter" },
	{ NULL, CMD, "meminfo" },
	{ "HardwareCorrupted", CMD, "holders 1 anon" },
	{ "holders ready", POISON, "holders" },
	{ NULL, CMD, "sleep 1" },
	{ NULL, CMD, "count" },
	{ "counter alive", EVACUATE, NULL },
	{ NULL, CMD, "count" },
	{ "counter alive", CMD, "holders-wait 0" },
	{ "holders done", CMD, "meminfo" },
	{ "HardwareCorrupted", EVACUATE, NULL },
	{ "destination QEMU started", CMD, "count" },
	{ "counter alive", CMD, "meminfo" },
	{ "HardwareCorrupted", CMD, "survivor" },
	{ "second process ran", CMD, "seas" },
	{ "seas done", CMD, "poweroff" },
	{ NULL, END, NULL },
};

/*
 * What evacuate_held_steps must give after the first migration: the
 * holder told through SEA alone, its record read from source 0, the
 * second migration complete with the page named in the stream, the
 * counter counting on at the destination. @skips: the RAM passes that
 * left the page out (a migration that failed made one too).
 */
static void check_evacuated_holder(struct seen *s, int skips)
{
	struct page *h = &s->holder[0];

	check_holds(s, 0, 0);
	check_guest(s, 1, 1, 1);
	check(s->n_record == 1 && s->record_gpa[0] == h->gpa,
	      "QEMU: record for %#" PRIx64 " in the SEA source, %d in all (want 1, for %#" PRIx64 ")",
	      s->record_gpa[0], s->n_record, h->gpa);
	check(s->n_log == 1 && s->log_pa[0] == h->gpa && s->log_src[0] == 0,
	      "guest kernel: GHES memory error at %#" PRIx64 " read from source %d, %d logged"
	      " (want 1, for %#" PRIx64 ", from source 0)",
	      s->log_pa[0], s->log_src[0], s->n_log, h->gpa);
	check_all_seas(s, el0_abort(false, ESR_FNV | FSC_SEA), 0);
	check_migration(s, 1, "completed", true);
	check_count("QEMU: destinations started", s->n_dest, 1);
	check_stream_pages(s, skips, &h->gpa, 1, 1, 1);
	check_holder_told(h);
	check_counter(s, 3);
	check_corrupted(s, 0, 1, 4);
	check_corrupted(s, 1, 2, 0);
	check_end(s);
}

/*
 * The machine has no source to tell the guest (x-ras-async off): the
 * first migration is refused at once, naming the page, and the guest
 * runs on, none the wiser.
 */
static void check_evacuate_untold(struct seen *s)
{
	char want[64];

	snprintf(want, sizeof(want), "guest physical address %#" PRIx64 " ",
		 s->holder[0].gpa);
	check_qemu(s, 0, 1, 1, 1, 1);
	check_count("QEMU: records in the asynchronous source", s->n_record_async, 0);
	check_migration(s, 0, "refused", false);
	check(strstr(s->mig_error[0], want) && strstr(s->mig_error[0], "does not know"),
	      "QEMU: the refusal names the page the guest does not know of (%s): %s", want,
	      s->mig_error[0]);
	check_evacuated_holder(s, 1);
}

/*
 * The guest has no driver for the Hardware Error Device: it never takes
 * the asynchronous source's record of the page. The first migration
 * waits for it 20 s, the VM running, then fails, naming the page; the
 * guest runs on. The SEA record of the holder's read tells the guest
 * (the other record still unread), and the VM migrates.
 */
static void check_evacuate_bound(struct seen *s)
{
	const char *after = strstr(s->mig_error[0], "after ");
	uint64_t gpa = s->holder[0].gpa;
	char want[64];
	int ms = -1;

	snprintf(want, sizeof(want), "guest physical address %#" PRIx64, gpa);
	if (after)
		sscanf(after, "after %d ms", &ms);
	check_qemu(s, 0, 1, 1, 1, 1);
	check(s->n_record_async == 1 && s->async_gpa[0] == gpa,
	      "QEMU: %d record(s) in the asynchronous source, the first for %#" PRIx64
	      " (want 1, for %#" PRIx64 ")", s->n_record_async, s->async_gpa[0], gpa);
	check_migration(s, 0, "failed", false);
	/* QEMU looks every 10 ms, under the BQL: 20 s, and 1 s of slack */
	check(strstr(s->mig_error[0], want) && strstr(s->mig_error[0], "has not taken the record") &&
	      ms >= 20000 && ms <= 21000,
	      "QEMU: the migration failed after %d ms (20000 to 21000), naming the page the guest did not take (%s): %s",
	      ms, want, s->mig_error[0]);
	/* the failed migration ran through RAM too, leaving the page out */
	check_evacuated_holder(s, 2);
}

static const struct step evacuate_twice_steps[] = {
	{ "ras-guest: ready", CMD, "counter" },
	{ NULL, CMD, "meminfo" },
	{ "HardwareCorrupted", CMD, "readers 1 distinct" },
	{ "readers ready", POISON, NULL },
	{ NULL, CMD, "go" },
	{ "readers done", CMD, "meminfo" },
	{ "HardwareCorrupted", EVACUATE, NULL },
	{ "destination QEMU started", CMD, "count" },
	{ "counter alive", EVACUATE, NULL },
	{ "destination QEMU started", CMD, "count" },
	{ "counter alive", CMD, "meminfo" },
	{ "HardwareCorrupted", CMD, "survivor" },
	{ "second process ran", CMD, "seas" },
	{ "seas done", CMD, "poweroff" },
	{ NULL, END, NULL },
};

/*
 * The VM leaves the host of its failed page, then that host too: the
 * second stream names the page again (the guest still keeps off it),
 * though nothing failed on the second host, which reads all its memory.
 */
static void check_evacuate_twice(struct seen *s)
{
	check_hwpoison_one(s);
	check_migration(s, 0, "completed", true);
	check_migration(s, 1, "completed", true);
	check_count("QEMU: destinations started", s->n_dest, 2);
	check_stream_pages(s, 1, &s->page[0].gpa, 1, 2, 2);
	check_counter(s, 2);
	check_corrupted(s, 1, 2, 0);
	check_end(s);
}

static const struct step evacuate_reset_steps[] = {
	{ "ras-guest: ready", CMD, "meminfo" },
	{ "HardwareCorrupted", CMD, "readers 1 distinct" },
	{ "readers ready", POISON, NULL },
	{ NULL, CMD, "go" },
	{ "readers done", CMD, "seas" },
	{ "seas done", CMD, "meminfo" },
	{ "HardwareCorrupted", EVACUATE, NULL },
	{ "destination QEMU started", CMD, "reboot" },
	{ "ras-guest: ready", PEEK, NULL },
	{ "ras-guest: ok", CMD, "meminfo" },
	{ "HardwareCorrupted", EVACUATE, NULL },
	{ "destination QEMU started", CMD, "survivor" },
	{ "second process ran", CMD, "meminfo" },
	{ "HardwareCorrupted", CMD, "poweroff" },
	{ NULL, END, NULL },
};

/*
 * The guest reboots at the destination: the page is healthy memory there,
 * which the new boot reads; it knows of no failed page, and neither does
 * the next stream.
 */
static void check_evacuate_reset(struct seen *s)
{
	check_count("guest: boots", s->boots, 2);
	check_hwpoison_one(s);
	check_migration(s, 0, "completed", true);
	check_migration(s, 1, "completed", false);
	check_count("QEMU: destinations started", s->n_dest, 2);
	check_stream_pages(s, 1, &s->page[0].gpa, 1, 1, 1);
	check(s->page[0].peeked == 1,
	      "guest after the reboot: read the page that failed %d time(s) (1)", s->page[0].peeked);
	check(s->n_meminfo == 4 && s->corrupted[2] == 0 && s->corrupted[3] == 0,
	      "guest kernel after the reboot: HardwareCorrupted %ld kB, %ld kB after the second migration (0, 0)",
	      s->corrupted[2], s->corrupted[3]);
	check_end(s);
}

const struct scenario scenarios[] = {
	{ .name = "sea_exit", .smp = 1, .steps = sea_exit_steps, .check = check_sea_exit },
	{ .name = "sea_exit_fetch", .smp = 1, .steps = sea_exit_fetch_steps, .check = check_sea_exit_fetch },
	{ .name = "sea_exit_nogpa", .smp = 1, .steps = sea_exit_nogpa_steps, .check = check_sea_exit_nogpa },
	{ .name = "sea_exit_walk", .smp = 1, .steps = sea_exit_walk_steps, .check = check_sea_exit_walk },
	{ .name = "sea_exit_nonram", .smp = 1, .steps = sea_exit_nonram_steps, .check = check_sea_exit_nonram },
	{ .name = "sea_exit_reset", .smp = 1, .steps = sea_exit_reset_steps, .check = check_sea_exit_reset, .reboot = true },
	{ .name = "hwpoison", .smp = 1, .steps = hwpoison_steps, .check = check_hwpoison },
	{ .name = "smp_same_page", .smp = 4, .steps = smp_same_page_steps, .check = check_smp_same_page },
	{ .name = "smp_same_page_sea", .smp = 4, .steps = smp_same_page_sea_steps, .check = check_smp_same_page_sea },
	{ .name = "smp_distinct", .smp = 4, .steps = smp_distinct_steps, .check = check_smp_distinct },
	{ .name = "burst", .smp = 4, .steps = burst_steps, .check = check_burst },
	{ .name = "reset", .smp = 4, .steps = reset_steps, .check = check_reset, .reboot = true },
	{ .name = "migrate_clean", .smp = 2, .steps = migrate_clean_steps,
	  .check = check_migrate_clean },
	{ .name = "evacuate", .smp = 4, .steps = evacuate_steps, .check = check_evacuate,
	  .async = true },
	{ .name = "evacuate_untold", .smp = 2, .steps = evacuate_held_steps,
	  .check = check_evacuate_untold },
	{ .name = "evacuate_bound", .smp = 2, .steps = evacuate_held_steps,
	  .check = check_evacuate_bound, .async = true,
	  .append = "initcall_blacklist=acpi_hed_driver_init" },
	{ .name = "evacuate_twice", .smp = 2, .steps = evacuate_twice_steps,
	  .check = check_evacuate_twice },
	{ .name = "evacuate_reset", .smp = 2, .reboot = true, .steps = evacuate_reset_steps,
	  .check = check_evacuate_reset },
	{ .name = "hwpoison_ao", .smp = 1, .steps = hwpoison_ao_steps, .check = check_hwpoison_ao, .async = true },
	{ .name = "hwpoison_ao_clean", .smp = 1, .steps = hwpoison_ao_clean_steps, .check = check_hwpoison_ao_clean, .async = true },
	{ .name = "hwpoison_ao_many", .smp = 4, .steps = hwpoison_ao_many_steps, .check = check_hwpoison_ao_many, .async = true },
	{ .name = "ao_during_sea", .smp = 2, .steps = ao_during_sea_steps, .check = check_ao_during_sea, .async = true,
	  .expect_guest = { "Internal error: synchronous external abort: 0000000096000010" } },
	{ .name = "kernel_sea", .smp = 2, .steps = kernel_sea_steps, .check = check_kernel_sea,
	  .expect_guest = { "Internal error: synchronous external abort: 0000000096000410" } },
	{ .name = "stop_cont", .smp = 2, .steps = stop_cont_steps, .check = check_stop_cont },
	{ .name = "reset_ao", .smp = 1, .steps = reset_ao_steps, .check = check_reset_ao,
	  .reboot = true, .async = true },
	{ .name = "no_ghes", .smp = 1, .steps = no_ghes_steps, .check = check_no_ghes, .no_ghes = true },
	{ .name = "no_hed", .smp = 1, .steps = no_hed_steps, .check = check_no_hed, .async = true,
	  .append = "initcall_blacklist=acpi_hed_driver_init" },
	{ .name = "hold_limit", .smp = 2, .steps = hold_limit_steps, .check = check_hold_limit,
	  .append = "ghes.disable=1" },
	{ .name = "hwpoison_64k", .smp = 2, .steps = hwpoison_64k_steps,
	  .check = check_hwpoison_64k, .host_page = 65536, .block_size = 4096,
	  .timeout = 300 },
	{ .name = "smp_same_page_64k", .smp = 4, .steps = smp_same_page_64k_steps,
	  .check = check_smp_same_page_64k, .host_page = 65536, .timeout = 300 },
	{ .name = "sea_exit_64k", .smp = 1, .steps = sea_exit_64k_steps,
	  .check = check_sea_exit_64k, .host_page = 65536, .timeout = 300 },
	{ .name = "hwpoison_ao_64k", .smp = 1, .steps = hwpoison_ao_64k_steps,
	  .check = check_hwpoison_ao_64k, .async = true, .host_page = 65536,
	  .timeout = 300 },
	{ .name = "hwpoison_guest_64k", .smp = 1, .steps = hwpoison_guest_64k_steps,
	  .check = check_hwpoison_guest_64k, .host_page = 4096,
	  .kernel = DIR_ "Image-64k", .guest_shift = 16, .timeout = 300 },
	{ .name = "sea_to_user_off", .smp = 1, .steps = sea_to_user_off_steps,
	  .check = check_sea_to_user_off, .no_sea_to_user = true,
	  .expect_guest = { "SError Interrupt on CPU", "Kernel panic - not syncing: Asynchronous SError Interrupt" } },
};

const unsigned int n_scenarios = sizeof(scenarios) / sizeof(scenarios[0]);
