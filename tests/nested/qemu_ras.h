/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the rig of the nested tests (qemu_ras.c) and its scenarios
 * (scenarios.c) share: the pages that fail and what each layer saw of
 * them, a scenario's steps and its entry in scenarios[], the constants
 * they use, and the rig's checks that the scenarios call.
 */
#ifndef QEMU_RAS_H
#define QEMU_RAS_H

#include <stdbool.h>
#include <stdint.h>

#define DIR_		"/nested/"
#define PAGE		((uint64_t)4096)
#define TIMEOUT		900
#define RAM_BASE	((uint64_t)0x40000000)	/* virt machine */
#define MAX_PAGES	256
/* PL031 RTC of the virt machine: device memory, not RAM */
#define RTC_GPA		((uint64_t)0x09010000)
#define FSC_SEA		0x10
#define FSC_SEA_TTW3	0x17
#define ESR_FNV		(1 << 10)
#define SI_AR		4	/* BUS_MCEERR_AR */
#define SI_AO		5	/* BUS_MCEERR_AO */
#define SI_OBJERR	3	/* BUS_OBJERR */
/* Where a holder reads its page again (guest_init.c READ_OFFSET) */
#define HOLDER_READ_OFFSET	0x88

/* A page of the guest that the scenario makes fail, and its reader */
struct page {
	uint64_t va, gpa, read_va;
	int cpu;
	uint64_t pfn, new_pfn;		/* host frame, when poisoned; after */
	uint64_t old_pfn;		/* host frame before a reset */
	int sig_code, sig_lsb, killed_by, n_sig, peeked;
	uint64_t sig_addr, sig_esr;
	bool armed;			/* made to fail */
	int exited, read_back;		/* holders: how they ended */
};

#define MAX_HOLDERS	16
#define MAX_SEQ		1024
#define MAX_TRIES	4096	/* SIGBUS and exits, held vCPUs' retries included */
#define MAX_CPUS	8
#define MAX_MIGRATIONS	8

/* What each layer reported */
struct seen {
	struct page page[MAX_PAGES];
	int npages, base;		/* pages; the first of this boot */
	struct page holder[MAX_HOLDERS];
	int nholders;
	long holders_kb;		/* HardwareCorrupted growth they saw */
	int n_record_async;		/* records in the asynchronous source */
	/* error status blocks written, each with one section or more */
	int n_blocks_sea, n_blocks_async;
	/* QEMU; qt: the time of its trace line, from its timestamp */
	int n_exit, n_ar, n_ao, n_record, n_inject, qemu_exit, refused;
	uint64_t exit_esr, exit_flags, exit_gva, exit_gpa;	/* the last */
	int exits_differ;		/* exits unlike the first */
	uint64_t ar_gpa[MAX_TRIES], record_gpa[MAX_PAGES], async_gpa[MAX_PAGES];
	int ar_cpu[MAX_TRIES], exit_cpu[MAX_TRIES];
	uint64_t exit_gpas[MAX_TRIES];
	double ar_time[MAX_TRIES], ar_qt[MAX_TRIES], exit_qt[MAX_TRIES];
	uint64_t inject_esr[MAX_PAGES], inject_far[MAX_PAGES];
	int inject_cpu[MAX_PAGES];
	double inject_time[MAX_PAGES];
	unsigned int record_unread[MAX_PAGES];	/* other sources unread then */
	unsigned int async_unread[MAX_PAGES];
	int record_order[MAX_PAGES], async_order[MAX_PAGES], async_queued_order;
	double record_qt[MAX_PAGES];
	int n_hold, hold_cpu[MAX_PAGES], hold_pending[MAX_PAGES];
	uint64_t hold_gpa[MAX_PAGES];
	double hold_qt[MAX_PAGES];
	int n_discard, discard_cpu[MAX_PAGES], discard_for[MAX_PAGES];
	uint64_t discard_page[MAX_PAGES];
	double discard_qt[MAX_PAGES];
	long discard_age[MAX_PAGES];
	int n_blocks, blocks_order[MAX_PAGES];	/* blocks address written */
	uint64_t blocks_addr[MAX_PAGES];
	int n_async_dropped, sea_to_user, sea_to_user_seen, qseq, untimed, n_poisoned;
	uint64_t poisoned_gpa[MAX_PAGES];
	double qt;
	double stopped, resumed;	/* the VM stopped and run again */
	char mig_status[32], vm_status[32];
	/*
	 * Each migration (EVACUATE): how it ended ("completed", "failed",
	 * "refused": never started), the downtime QEMU gave (ms), whether
	 * its stream holds the poisoned pages' section, the monitor's reason
	 */
	int n_mig, mig_section[MAX_MIGRATIONS];
	char mig_end[MAX_MIGRATIONS][16], mig_error[MAX_MIGRATIONS][200];
	long mig_downtime[MAX_MIGRATIONS];
	int n_dest, postcopy_refused;	/* destination QEMUs started */
	/* QEMU's trace of it: pages left out, told, saved, loaded */
	int n_skip, n_hwp_tell, n_hwp_save, n_hwp_load;
	uint64_t skip_offset[MAX_PAGES], hwp_tell[MAX_PAGES];
	uint64_t hwp_save[MAX_PAGES], hwp_load[MAX_PAGES];
	/* The guest's counting task, at each "count": alive, counting, where */
	int n_count, count_alive[8], count_counting[8];
	unsigned long count_at[8];
	/* guest kernel */
	int n_sea, n_log, n_mf, n_kill, n_kill_seen;
	uint64_t kill_pfn[MAX_PAGES];
	uint64_t sea_esr[MAX_PAGES], sea_far[MAX_PAGES];
	uint64_t log_pa[MAX_PAGES], mf_pfn[MAX_PAGES];
	int log_src[MAX_PAGES];		/* the HEST source of each, -1 unknown */
	int seq_src[MAX_SEQ];		/* source of each "{N}" record, +1 */
	double mf_time[MAX_PAGES];
	long corrupted[8];
	int n_meminfo, no_kprobe, n_expected;
	/* guest */
	int second_ran, done, boots, burst_signals, failed_to_arm;
	double go_time, burst_end;
	char last[160];
};

/* One step: when the guest prints a line holding @wait, do @act */
enum act { END, CMD, SEA, POISON, NEW_FRAMES, PEEK, MIGRATE, STOP_CONT,
	   OLD_FRAMES, POISON_GPA, EVACUATE, MIGRATE_POSTCOPY };

struct step {
	const char *wait;	/* NULL: right after the step before */
	enum act act;
	const char *text;	/* CMD: the command; SEA: "ISS TIMES";
				 * POISON_GPA: the guest physical page */
};

struct scenario {
	const char *name;
	int smp;
	bool reboot;		/* the guest reboots, QEMU must not stop */
	const struct step *steps;
	void (*check)(struct seen *s);
	bool async;		/* virt x-ras-async=on, and the guest's disk */
	bool no_ghes;		/* virt ras=off */
	bool no_sea_to_user;	/* -accel kvm,sea-to-user=off */
	const char *append;	/* more of the guest kernel's command line */
	int block_size;		/* the GED's x-error-block-size, 0: QEMU's */
	long host_page;		/* the host's page size it needs, 0: any */
	const char *kernel;	/* the guest's kernel, DIR_ "Image" if NULL */
	int guest_shift;	/* its page shift, 0: 12 */
	int timeout;		/* seconds for the whole run, 0: TIMEOUT */
	/*
	 * Guest kernel messages that the scenario causes on purpose, which
	 * scripts/summarize.sh would take for a hurt guest: relayed as
	 * "guest-expected| ", counted and checked here
	 */
	const char *expect_guest[2];
};

/* How long the stop_cont scenario has the host stop the VM */
#define STOP_SECONDS	15

/* The rig (qemu_ras.c): replaying a transcript, not running QEMU */
extern bool replay;

/* The rig's checks that the scenarios call */
void check(bool ok, const char *fmt, ...);
void check_count(const char *what, int n, int want);
bool listed(const uint64_t *list, int n, uint64_t v);
uint64_t el0_abort(bool fetch, uint64_t iss);
void check_qemu(struct seen *s, int exits, int ar, int ao, int records,
		int injects);
void check_holds(struct seen *s, int holds, int discards);
void check_met(struct seen *s, const char *what, const int *cpu, int n, bool apart);
void check_error(struct seen *s, int i, int k, bool fetch, uint64_t exit_iss,
		 bool record, uint64_t inject_iss);
void check_all_seas(struct seen *s, uint64_t esr, uint64_t far);
void check_guest(struct seen *s, int seas, int logs, int handled);
bool reader_ar_mf(struct seen *s, struct page *p, bool fetch, uint64_t mf_esr);
void check_reader_ar(struct seen *s, struct page *p, bool fetch);
void check_kills(struct seen *s);
void check_corrupted(struct seen *s, int from, int to, long kb);
void check_end(struct seen *s);

/* The scenarios (scenarios.c), and how many there are */
extern const struct scenario scenarios[];
extern const unsigned int n_scenarios;

#endif /* QEMU_RAS_H */
