// SPDX-License-Identifier: GPL-2.0
/*
 * qemu_ras: the companion QEMU (qemu/patches/) runs a real guest with KVM
 * on this host (the series' kernel), pages of the guest fail, and every
 * layer must report them exactly.
 *
 * The guest (UEFI, ACPI, virt ras=on) runs guest_init.c, which takes
 * commands on its console: readers that print their pages' addresses and
 * read them on our word, a burst reader, a second process, the SEAs its
 * kernel took (from a kprobe on do_sea()), HardwareCorrupted, a reboot.
 * A scenario is a list of steps: a command for the guest, or something
 * done to a page on the host when the guest has printed it:
 *   sea        the series' injection point (fail_sea) turns the next
 *              stage-2 fault on the page into an SEA that nothing in the
 *              host claims, with a chosen syndrome; the page is punched
 *              out of the guest's RAM file so that the next access faults
 *   poison     the host frame behind the page is poisoned (debugfs
 *              hwpoison/corrupt-pfn): KVM sends QEMU SIGBUS
 * QEMU runs with its RAS trace events on. What each layer reported is
 * counted and checked with exact values: QEMU (exits, SIGBUS, CPER records,
 * injected aborts, its exit status), the guest kernel (the SEAs it took,
 * the memory errors it logged and handled, HardwareCorrupted) and the
 * guest's readers (si_code, si_addr, si_addr_lsb, the ESR of their signal
 * frame, how they ended). The guest kernel's own messages are checked by
 * scripts/summarize.sh.
 *
 * qemu_ras SCENARIO --replay FILE runs the checks on a transcript of the
 * lines this program relays ("guest| ...", "qemu| ...", "QEMU exited with
 * N"), without QEMU and without acting: scripts/test-qemu-ras.sh.
 * Exit status: 0 pass, 1 fail, 4 skip (what is missing is printed).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define KSFT_SKIP	4
#define DIR_		"/nested/"
#define RAM_FILE	"/dev/shm/qemu-ras-ram"
#define RAM_BASE	((uint64_t)0x40000000)	/* virt machine */
#define RAM_SIZE	((uint64_t)512 << 20)
#define PAGE		((uint64_t)4096)
#define TIMEOUT		900
#define MAX_PAGES	256
#define MONITOR		"/tmp/qemu-ras.mon"
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
	char mig_status[32];
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
	   OLD_FRAMES, POISON_GPA };

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

static int failures;
static pid_t qemu_pid;
static bool replay;
static const struct scenario *sc;
static struct timespec t0;
static long host_page;		/* this host's page size */

/* The guest's page size, and its si_addr_lsb */
static int guest_shift(void)
{
	return sc->guest_shift ? sc->guest_shift : 12;
}

static uint64_t guest_page(void)
{
	return (uint64_t)1 << guest_shift();
}

/* A guest kernel message the scenario causes on purpose */
static bool expected(const char *l)
{
	return (sc->expect_guest[0] && strstr(l, sc->expect_guest[0])) ||
	       (sc->expect_guest[1] && strstr(l, sc->expect_guest[1]));
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0.tv_sec) + (t.tv_nsec - t0.tv_nsec) / 1e9;
}

static void check(bool ok, const char *fmt, ...)
{
	va_list ap;

	printf("%s: ", ok ? "ok" : "FAIL");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!ok)
		failures++;
}

static void check_count(const char *what, int n, int want)
{
	check(n == want, "%s: %d (want %d)", what, n, want);
}

static int write_file(const char *path, const char *fmt, ...)
{
	char buf[128];
	va_list ap;
	int fd, n, ret = 0;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	fd = open(path, O_WRONLY);
	if (fd < 0 || write(fd, buf, n) != n)
		ret = -errno;
	if (fd >= 0)
		close(fd);
	if (ret)
		printf("write %s to %s: %s\n", buf, path, strerror(-ret));
	return ret;
}

/* The fail_sea directory of QEMU's VM: /sys/kernel/debug/kvm/PID-FD/ */
static int find_fail_sea(char *dir, size_t len)
{
	DIR *d = opendir("/sys/kernel/debug/kvm");
	char prefix[32];
	struct dirent *e;
	int found = 0;

	if (!d)
		return 0;
	snprintf(prefix, sizeof(prefix), "%d-", qemu_pid);
	while ((e = readdir(d)) && !found) {
		if (strncmp(e->d_name, prefix, strlen(prefix)))
			continue;
		snprintf(dir, len, "/sys/kernel/debug/kvm/%s/fail_sea", e->d_name);
		found = !access(dir, W_OK);
	}
	closedir(d);
	return found;
}

static void parse_host(struct seen *s, const char *l);

/* Say what was done on the host, and note it as a transcript would */
static void host_say(struct seen *s, const char *fmt, ...)
{
	char line[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	printf("host| %s\n", line);
	parse_host(s, line);
}

static bool is_ram(uint64_t gpa)
{
	return gpa >= RAM_BASE && gpa < RAM_BASE + RAM_SIZE;
}

/*
 * fail_sea for the IPAs of the pages printed since the last action, with
 * the ISS and the number of times (-1: every time) of @how, "ISS TIMES";
 * then punch those in RAM out of the RAM file, so that KVM drops their
 * stage-2 mappings and the guest's next access faults. A page outside RAM
 * is never mapped at stage 2. No other page of the guest is dropped, so no
 * other access in the range faults.
 *
 * A page that fails every time keeps failing after the guest frees it,
 * unless the guest retired it: only an error with a record can be given
 * "-1"; the others fail once, a transient error.
 */
static int fail_pages_sea(struct seen *s, const char *how)
{
	uint64_t lo = ~0ULL, hi = 0;
	char dir[320], path[352], iss[32];
	int fd, i, ret, times;

	if (sscanf(how, "%31s %d", iss, &times) != 2)
		return -1;

	if (!find_fail_sea(dir, sizeof(dir))) {
		printf("no fail_sea directory for QEMU's VM\n");
		return -1;
	}
	for (i = 0; i < s->npages; i++) {
		if (s->page[i].armed || !s->page[i].gpa)
			continue;
		lo = s->page[i].gpa < lo ? s->page[i].gpa : lo;
		hi = s->page[i].gpa + PAGE > hi ? s->page[i].gpa + PAGE : hi;
	}
	snprintf(path, sizeof(path), "%s/esr", dir);
	ret = write_file(path, "%s", iss);
	snprintf(path, sizeof(path), "%s/probability", dir);
	ret = ret ?: write_file(path, "100");
	/* One line in the host's log each time it fires, no stack dump */
	snprintf(path, sizeof(path), "%s/verbose", dir);
	ret = ret ?: write_file(path, "1");
	snprintf(path, sizeof(path), "%s/interval", dir);
	ret = ret ?: write_file(path, "1");
	snprintf(path, sizeof(path), "%s/times", dir);
	ret = ret ?: write_file(path, "%d", times);
	snprintf(path, sizeof(path), "%s/ipa_range", dir);
	ret = ret ?: write_file(path, "%#" PRIx64 " %#" PRIx64, lo, hi);
	if (ret)
		return -1;
	fd = open(RAM_FILE, O_RDWR);
	for (i = 0; fd >= 0 && i < s->npages; i++) {
		if (s->page[i].armed)
			continue;
		s->page[i].armed = true;
		/* The whole host page: a part of one stays mapped */
		if (is_ram(s->page[i].gpa) &&
		    fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
			      (s->page[i].gpa - RAM_BASE) & -host_page, host_page)) {
			printf("punching %#" PRIx64 " out of %s: %s\n",
			       s->page[i].gpa, RAM_FILE, strerror(errno));
			close(fd);
			return -1;
		}
	}
	if (fd >= 0)
		close(fd);
	host_say(s, "fail_sea (ISS %s, %d times) armed for [%#" PRIx64 ", %#" PRIx64 ")",
		 iss, times, lo, hi);
	return 0;
}

/* The host frame behind a guest page of the RAM file, 0 if none */
static uint64_t host_pfn(uint64_t gpa)
{
	uint64_t entry = 0;
	volatile char *p;
	int fd, pm;

	fd = open(RAM_FILE, O_RDONLY);
	if (fd < 0)
		return 0;
	p = mmap(NULL, host_page, PROT_READ, MAP_SHARED, fd,
		 (gpa - RAM_BASE) & -host_page);
	close(fd);
	if (p == MAP_FAILED)
		return 0;
	(void)p[0];
	pm = open("/proc/self/pagemap", O_RDONLY);
	if (pm < 0 || pread(pm, &entry, 8, (uintptr_t)p / host_page * 8) != 8)
		entry = 0;
	if (pm >= 0)
		close(pm);
	munmap((void *)p, host_page);
	if (!(entry & (1ULL << 63)))
		return 0;
	return entry & ((1ULL << 55) - 1);
}

/*
 * Poison the host frames behind the pages not made to fail yet: the
 * readers' (@what NULL), or the holders' ("holders"), or only the next
 * holder's ("holder").
 */
static int poison_page(struct seen *s, struct page *pg)
{
	uint64_t pfn;
	int i;

	pg->armed = true;
	/*
	 * Readers of this boot that share a page share its frame; a page of
	 * the boot before a reset may have the same GPA, on a new frame
	 */
	for (i = s->base; i < s->npages; i++)
		if (&s->page[i] != pg && s->page[i].armed &&
		    s->page[i].gpa / host_page == pg->gpa / host_page)
			return 0;
	pfn = host_pfn(pg->gpa);
	if (!pfn || write_file("/sys/kernel/debug/hwpoison/corrupt-pfn", "%#" PRIx64, pfn)) {
		printf("no host frame to poison behind guest page %#" PRIx64 "\n", pg->gpa);
		return -1;
	}
	host_say(s, "poisoned frame %#" PRIx64 " behind guest page %#" PRIx64, pfn, pg->gpa);
	return 0;
}

static int fail_pages_poison(struct seen *s, const char *what)
{
	int i, ret = 0;

	if (!what) {
		for (i = 0; i < s->npages && !ret; i++)
			if (!s->page[i].armed && s->page[i].gpa)
				ret = poison_page(s, &s->page[i]);
		return ret;
	}
	for (i = 0; i < s->nholders && !ret; i++) {
		if (s->holder[i].armed)
			continue;
		ret = poison_page(s, &s->holder[i]);
		if (!strcmp(what, "holder"))
			break;
	}
	return ret;
}

/*
 * Which host frames are behind the guest pages that failed in RAM: before
 * a reset (@before), and after it (QEMU gives a poisoned page a new
 * frame, and leaves one that only aborted where it was)
 */
static int frames(struct seen *s, bool before)
{
	int i, j;

	for (i = 0; i < s->npages; i++) {
		if (!s->page[i].armed || !is_ram(s->page[i].gpa))
			continue;
		for (j = 0; j < i && s->page[j].gpa != s->page[i].gpa; j++)
			;
		/* (reading a poisoned frame would be this program's SIGBUS) */
		if (j < i || (before && s->page[i].pfn))
			continue;
		if (before)
			host_say(s, "frame %#" PRIx64 " behind guest page %#" PRIx64 " before the reset",
				 host_pfn(s->page[i].gpa), s->page[i].gpa);
		else
			host_say(s, "guest page %#" PRIx64 " now on frame %#" PRIx64,
				 s->page[i].gpa, host_pfn(s->page[i].gpa));
	}
	return 0;
}

/* The host's time, as QEMU's trace timestamps give it */
static double wall(void)
{
	struct timespec t;

	clock_gettime(CLOCK_REALTIME, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/*
 * Give QEMU's monitor (a pair of FIFOs: the kernel here has no sockets)
 * the commands @cmds, and relay what it answers.
 */
static int monitor(struct seen *s, const char *cmds)
{
	char buf[4096], *line, *save;
	struct pollfd pfd;
	size_t len = 0;
	int in, out;
	ssize_t n;

	in = open(MONITOR ".in", O_WRONLY | O_NONBLOCK);
	out = open(MONITOR ".out", O_RDONLY | O_NONBLOCK);
	if (in < 0 || out < 0 || write(in, cmds, strlen(cmds)) != (ssize_t)strlen(cmds)) {
		printf("QEMU's monitor: %s\n", strerror(errno));
		return -1;
	}
	close(in);
	/* The monitor answers at once; take what it says within 5 s */
	pfd = (struct pollfd){ .fd = out, .events = POLLIN };
	while (len < sizeof(buf) - 1 && poll(&pfd, 1, 5000) > 0 &&
	       (n = read(out, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += n;
	close(out);
	buf[len] = '\0';
	for (line = strtok_r(buf, "\r\n", &save); line; line = strtok_r(NULL, "\r\n", &save))
		if (strncmp(line, "(qemu)", 6))
			host_say(s, "monitor: %s", line);
	return 0;
}

/* Migrate the VM to a file; say how the migration went */
static int migrate(struct seen *s)
{
	return monitor(s, "migrate file:/tmp/qemu-ras.mig\ninfo migrate\n");
}

/* Stop the VM for 15 s, then let it run again */
#define STOP_SECONDS	15
static int stop_cont(struct seen *s)
{
	int ret = monitor(s, "stop\n");

	host_say(s, "VM stopped at %.6f", wall());
	sleep(STOP_SECONDS);
	host_say(s, "VM running again at %.6f", wall());
	return ret ?: monitor(s, "cont\n");
}

/* Poison the host frame behind guest physical page @text */
static int poison_gpa(struct seen *s, const char *text)
{
	struct page *pg = &s->holder[MAX_HOLDERS - 1];

	memset(pg, 0, sizeof(*pg));
	pg->gpa = strtoull(text, NULL, 16);
	return poison_page(s, pg);
}

static struct page *page_of(struct seen *s, int i)
{
	i += s->base;
	if (i < 0 || i >= MAX_PAGES)
		return NULL;
	if (i >= s->npages)
		s->npages = i + 1;
	return &s->page[i];
}

/*
 * The number N of a line "{N}[Hardware Error]: ..." of the guest kernel,
 * which may follow other output on the same console line; -1 if none
 */
static int record_seq(const char *l)
{
	const char *e = strstr(l, "}[Hardware Error]: "), *b;

	if (!e)
		return -1;
	for (b = e; b > l && isdigit((unsigned char)b[-1]); b--)
		;
	if (b == e || b == l || b[-1] != '{' || e - b > 6)
		return -1;
	return atoi(b) < MAX_SEQ ? atoi(b) : -1;
}

static void parse_guest(struct seen *s, const char *l)
{
	unsigned long long a, b, c;
	struct page *p;
	const char *q;
	int i, x, y, z;

	if (!strncmp(l, "ras-guest: ", 11))
		snprintf(s->last, sizeof(s->last), "%s", l + 11);
	if (!strncmp(l, "ras-guest: up", 13)) {
		s->boots++;
		s->base = s->npages;
	}
	if (sscanf(l, "ras-guest: reader %d cpu %d page va %llx gpa %llx read va %llx",
		   &i, &x, &a, &b, &c) == 5 && (p = page_of(s, i))) {
		p->cpu = x;
		p->va = a;
		p->gpa = b;
		p->read_va = c;
	}
	if (sscanf(l, "ras-guest: burst page %d gpa %llx read va %llx", &i, &a, &b) == 3 &&
	    (p = page_of(s, i))) {
		p->cpu = -1;
		p->gpa = a;
		p->va = b & ~(PAGE - 1);
		p->read_va = b;
	}
	if (sscanf(l, "ras-guest: reader %d SIGBUS si_code %d si_addr %llx si_addr_lsb %d esr %llx",
		   &i, &x, &a, &y, &b) == 5 && (p = page_of(s, i))) {
		p->sig_code = x;
		p->sig_addr = a;
		p->sig_lsb = y;
		p->sig_esr = b;
		p->n_sig++;
	}
	if (sscanf(l, "ras-guest: burst page %d SIGBUS si_code %d si_addr %llx si_addr_lsb %d esr %llx signals %d",
		   &i, &x, &a, &y, &b, &z) == 6 && (p = page_of(s, i))) {
		p->sig_code = x;
		p->sig_addr = a;
		p->sig_lsb = y;
		p->sig_esr = b;
		p->n_sig = z;
	}
	if (sscanf(l, "ras-guest: reader %d killed by signal %d", &i, &x) == 2 &&
	    (p = page_of(s, i)))
		p->killed_by = x;
	if (sscanf(l, "ras-guest: holder %d cpu %d page va %llx gpa %llx", &i, &x, &a, &b) == 4 &&
	    i >= 0 && i < MAX_HOLDERS) {
		p = &s->holder[i];
		memset(p, 0, sizeof(*p));
		p->cpu = x;
		p->va = a;
		p->read_va = a;
		p->gpa = b;
		p->read_back = -1;
		s->nholders = i + 1 > s->nholders ? i + 1 : s->nholders;
	}
	if (sscanf(l, "ras-guest: holder %d SIGBUS si_code %d si_addr %llx si_addr_lsb %d",
		   &i, &x, &a, &y) == 4 && i >= 0 && i < MAX_HOLDERS) {
		p = &s->holder[i];
		p->sig_code = x;
		p->sig_addr = a;
		p->sig_lsb = y;
		p->n_sig++;
	}
	if (sscanf(l, "ras-guest: holder %d killed by signal %d", &i, &x) == 2 &&
	    i >= 0 && i < MAX_HOLDERS)
		s->holder[i].killed_by = x;
	if (sscanf(l, "ras-guest: holder %d exited %d", &i, &x) == 2 &&
	    i >= 0 && i < MAX_HOLDERS)
		s->holder[i].exited = x + 1;
	if (sscanf(l, "ras-guest: holder %d read back %x", &i, &x) == 2 &&
	    i >= 0 && i < MAX_HOLDERS)
		s->holder[i].read_back = x;
	if (sscanf(l, "ras-guest: holders: HardwareCorrupted grew by %lld kB", (long long *)&a) == 1)
		s->holders_kb = a;
	if (sscanf(l, "ras-guest: burst done, %d signals", &x) == 1) {
		s->burst_signals = x;
		s->burst_end = now();
	}
	if (sscanf(l, "ras-guest: peek %llx read", &a) == 1) {
		for (i = 0; i < s->npages; i++)
			s->page[i].peeked += s->page[i].gpa == a;
	}
	if (sscanf(l, "ras-guest: kernel took an SEA: cpu %d esr %llx far %llx", &x, &a, &b) == 3 &&
	    s->n_sea < MAX_PAGES) {
		s->sea_esr[s->n_sea] = a;
		s->sea_far[s->n_sea++] = b;
	}
	if (sscanf(l, "ras-guest: HardwareCorrupted %lld kB", (long long *)&a) == 1 &&
	    s->n_meminfo < 8)
		s->corrupted[s->n_meminfo++] = a;
	if (strstr(l, "ras-guest: no kprobe on do_sea"))
		s->no_kprobe = 1;
	s->n_expected += expected(l);
	if (strstr(l, "ras-guest: second process ran"))
		s->second_ran++;
	if (strstr(l, "ras-guest: done"))
		s->done = 1;
	/*
	 * The guest kernel numbers each record it prints, "{N}", and names
	 * the HEST source it read it from first
	 */
	q = strstr(l, "[Hardware Error]: Hardware error from APEI Generic Hardware Error Source: ");
	i = record_seq(l);
	if (q && i >= 0 && sscanf(strstr(q, "Source: "), "Source: %d", &x) == 1)
		s->seq_src[i] = x + 1;
	/* CPER memory error section, as the guest kernel prints it */
	q = strstr(l, "physical_address: 0x");
	if (q && s->n_log < MAX_PAGES) {
		s->log_src[s->n_log] = i >= 0 ? s->seq_src[i] - 1 : -1;
		s->log_pa[s->n_log++] = strtoull(q + strlen("physical_address: "), NULL, 16);
	}
	/* memory_failure() signalled the task that met the error itself */
	if ((q = strstr(l, "Memory failure: 0x")) && strstr(q, ": Sending SIGBUS to ") &&
	    s->n_kill < MAX_PAGES)
		s->kill_pfn[s->n_kill++] = strtoull(q + strlen("Memory failure: "), NULL, 16);
	/* memory_failure() handled a page */
	q = strstr(l, "Memory failure: 0x");
	if (q && strstr(q, "recovery action") && s->n_mf < MAX_PAGES) {
		s->mf_time[s->n_mf] = now();
		s->mf_pfn[s->n_mf++] = strtoull(q + strlen("Memory failure: "), NULL, 16);
	}
}

/*
 * A trace event of QEMU's: the text after its name, and the time QEMU
 * gave it (-msg timestamp=on: "PID@SECONDS.MICROSECONDS:name ..."), in
 * s->qt. NULL when @l is not that event.
 */
static const char *event(struct seen *s, const char *l, const char *name)
{
	const char *p = strstr(l, name), *at;
	size_t n = strlen(name);

	if (!p || p[n] != ' ')
		return NULL;
	for (at = p; at > l && at[-1] != '@'; at--)
		;
	if (p > l && p[-1] == ':' && at > l && sscanf(at, "%lf", &s->qt) == 1)
		;
	else
		s->untimed++;
	s->qseq++;
	return p + n + 1;
}

static void parse_qemu(struct seen *s, const char *l)
{
	unsigned long long a, b, c, d;
	unsigned int u;
	const char *p;
	void *hva;
	int cpu, code, n, sec, secs;

	if ((p = event(s, l, "kvm_arm_sea_exit")) &&
	    sscanf(p, "cpu %d esr %llx flags %llx gva %llx gpa %llx",
		   &cpu, &a, &b, &c, &d) == 5) {
		s->exits_differ += s->n_exit &&
				   (a != s->exit_esr || b != s->exit_flags ||
				    c != s->exit_gva || d != s->exit_gpa);
		s->exit_esr = a;
		s->exit_flags = b;
		s->exit_gva = c;
		s->exit_gpa = d;
		if (s->n_exit < MAX_TRIES) {
			s->exit_cpu[s->n_exit] = cpu;
			s->exit_gpas[s->n_exit] = d;
			s->exit_qt[s->n_exit] = s->qt;
		}
		s->n_exit++;
	}
	if ((p = event(s, l, "kvm_arm_sigbus")) &&
	    sscanf(p, "cpu %d si_code %d host address %p guest physical address %llx",
		   &cpu, &code, &hva, &a) == 4) {
		if (code == SI_AR && s->n_ar < MAX_TRIES) {
			s->ar_time[s->n_ar] = now();
			s->ar_qt[s->n_ar] = s->qt;
			s->ar_cpu[s->n_ar] = cpu;
			s->ar_gpa[s->n_ar++] = a;
		} else if (code == SI_AO) {
			s->n_ao++;
		}
	}
	if ((p = event(s, l, "acpi_ghes_record_error")) &&
	    (n = sscanf(p, "source %d memory error at guest physical address %llx, other sources unread %x, section %d of %d",
			&code, &a, &u, &sec, &secs)) >= 3) {
		/* A record's first section starts a block (one, before) */
		if (n == 3 || sec == 1) {
			s->n_blocks_sea += code != 1;
			s->n_blocks_async += code == 1;
		}
		/* The SEA source, 0, and the asynchronous one, 1 */
		if (code == 1 && s->n_record_async < MAX_PAGES) {
			s->async_unread[s->n_record_async] = u;
			s->async_order[s->n_record_async] = s->qseq;
			s->async_gpa[s->n_record_async++] = a;
		} else if (code != 1 && s->n_record < MAX_PAGES) {
			s->record_unread[s->n_record] = u;
			s->record_order[s->n_record] = s->qseq;
			s->record_qt[s->n_record] = s->qt;
			s->record_gpa[s->n_record++] = a;
		}
	}
	if ((p = event(s, l, "kvm_arm_inject_sea")) &&
	    sscanf(p, "cpu %d ESR_EL1 %llx FAR_EL1 %llx", &cpu, &a, &b) == 3 &&
	    s->n_inject < MAX_PAGES) {
		s->inject_cpu[s->n_inject] = cpu;
		s->inject_time[s->n_inject] = now();
		s->inject_esr[s->n_inject] = a;
		s->inject_far[s->n_inject++] = b;
	}
	if ((p = event(s, l, "kvm_arm_hold_memory_error")) &&
	    sscanf(p, "cpu %d memory error at guest physical address %llx held: a record pending %d",
		   &cpu, &a, &code) == 3 && s->n_hold < MAX_PAGES) {
		s->hold_cpu[s->n_hold] = cpu;
		s->hold_gpa[s->n_hold] = a;
		s->hold_pending[s->n_hold] = code;
		s->hold_qt[s->n_hold++] = s->qt;
	}
	if ((p = event(s, l, "kvm_arm_discard_memory_error")) &&
	    sscanf(p, "cpu %d takes back the record of page %llx for cpu %d, left unread for %lld ms",
		   &cpu, &a, &code, &b) == 4 && s->n_discard < MAX_PAGES) {
		s->discard_cpu[s->n_discard] = cpu;
		s->discard_page[s->n_discard] = a;
		s->discard_for[s->n_discard] = code;
		s->discard_age[s->n_discard] = b;
		s->discard_qt[s->n_discard++] = s->qt;
	}
	if ((p = event(s, l, "acpi_ghes_blocks_address")) &&
	    sscanf(p, "error status blocks placed at %llx", &a) == 1 && s->n_blocks < MAX_PAGES) {
		s->blocks_order[s->n_blocks] = s->qseq;
		s->blocks_addr[s->n_blocks++] = a;
	}
	if ((p = event(s, l, "kvm_arm_async_memory_error")) &&
	    sscanf(p, "memory error at guest physical address %llx for the asynchronous error source, %d queued",
		   &a, &code) == 2) {
		s->n_async_dropped += code < 0;
		s->async_queued_order = s->qseq;
	}
	if ((p = event(s, l, "kvm_arm_enable_sea_to_user")) &&
	    sscanf(p, "KVM_CAP_ARM_SEA_TO_USER: %d", &code) == 1)
		s->sea_to_user = code, s->sea_to_user_seen = 1;
}

/* What we did on the host, as printed: also read back from transcripts */
static void parse_host(struct seen *s, const char *l)
{
	unsigned long long a, b;
	int i;

	/* (a page of the boot before a reset may have the same GPA) */
	if (sscanf(l, "poisoned frame %llx behind guest page %llx", &a, &b) == 2) {
		if (s->n_poisoned < MAX_PAGES)
			s->poisoned_gpa[s->n_poisoned++] = b;
		for (i = s->base; i < s->npages; i++)
			if (s->page[i].gpa == b)
				s->page[i].pfn = a;
		for (i = 0; i < s->nholders; i++)
			if (s->holder[i].gpa == b)
				s->holder[i].pfn = a;
	}
	if (sscanf(l, "guest page %llx now on frame %llx", &a, &b) == 2) {
		for (i = 0; i < s->npages; i++)
			if (s->page[i].gpa == a)
				s->page[i].new_pfn = b;
	}
	if (sscanf(l, "frame %llx behind guest page %llx before the reset", &a, &b) == 2) {
		for (i = 0; i < s->npages; i++)
			if (s->page[i].gpa == b)
				s->page[i].old_pfn = a;
	}
	if (!strncmp(l, "monitor: ", 9) && strstr(l, "Can't migrate this vm with hardware poisoned memory"))
		s->refused = 1;
	if (!strncmp(l, "monitor: ", 9) && strstr(l, "globals:"))
		s->refused |= 2;
	sscanf(l, "monitor: Migration status: %31s", s->mig_status);
	sscanf(l, "VM stopped at %lf", &s->stopped);
	sscanf(l, "VM running again at %lf", &s->resumed);
}

struct driver {
	const struct step *step;
	int to_qemu;
};

/* Have the guest read, after a reboot, the pages that failed before it */
static int peek_old(struct seen *s, int to_qemu)
{
	char cmd[256] = "peek";
	size_t n = strlen(cmd);
	int i;

	for (i = 0; i < s->base && n < sizeof(cmd) - 20; i++) {
		int j;

		for (j = 0; j < i && s->page[j].gpa != s->page[i].gpa; j++)
			;
		if (j == i)
			n += snprintf(cmd + n, sizeof(cmd) - n, " %#" PRIx64, s->page[i].gpa);
	}
	cmd[n++] = '\n';
	return write(to_qemu, cmd, n) == (ssize_t)n ? 0 : -1;
}

static void drive(struct driver *d, struct seen *s, const char *l)
{
	const char *cmd;
	int ret = 0;

	while (d->step->act != END) {
		if (d->step->wait && !strstr(l, d->step->wait))
			return;
		l = "";
		switch (d->step->act) {
		case CMD:
			cmd = d->step->text;
			if (!strcmp(cmd, "go"))
				s->go_time = now();
			if (write(d->to_qemu, cmd, strlen(cmd)) != (ssize_t)strlen(cmd) ||
			    write(d->to_qemu, "\n", 1) != 1)
				ret = -1;
			break;
		case SEA:
			ret = fail_pages_sea(s, d->step->text);
			break;
		case POISON:
			ret = fail_pages_poison(s, d->step->text);
			break;
		case NEW_FRAMES:
			ret = frames(s, false);
			break;
		case OLD_FRAMES:
			ret = frames(s, true);
			break;
		case STOP_CONT:
			ret = stop_cont(s);
			break;
		case POISON_GPA:
			ret = poison_gpa(s, d->step->text);
			break;
		case MIGRATE:
			ret = migrate(s);
			break;
		case PEEK:
			ret = peek_old(s, d->to_qemu);
			break;
		case END:
			break;
		}
		if (ret)
			s->failed_to_arm = 1;
		d->step++;
	}
}

static void handle_line(char *line, const char *tag, struct seen *s,
			struct driver *d)
{
	size_t n = strlen(line);

	if (n && line[n - 1] == '\r')
		line[n - 1] = '\0';
	if (*tag == 'h') {
		printf("%s%s\n", tag, line);
		parse_host(s, line);
		return;
	}
	if (*tag == 'g' && expected(line))
		tag = "guest-expected| ";
	printf("%s%s\n", tag, line);
	if (*tag == 'g')
		parse_guest(s, line);
	else
		parse_qemu(s, line);
	/* A step may wait for a line of either */
	if (d)
		drive(d, s, line);
}

/* Relay the complete lines read from fd with a prefix, parsing each */
static int pump(int fd, char *buf, size_t *len, size_t size, const char *tag,
		struct seen *s, struct driver *d)
{
	ssize_t n = read(fd, buf + *len, size - 1 - *len);
	char *line = buf, *nl;

	if (n <= 0)
		return -1;
	*len += n;
	while ((nl = memchr(line, '\n', buf + *len - line))) {
		*nl = '\0';
		handle_line(line, tag, s, d);
		line = nl + 1;
	}
	*len -= line - buf;
	memmove(buf, line, *len);
	if (*len == size - 1) {
		/* A line longer than the buffer: take it as it is */
		buf[*len] = '\0';
		handle_line(buf, tag, s, d);
		*len = 0;
	}
	return 0;
}

static int run_qemu(struct seen *s)
{
	int in[2], out[2], err[2], status, open_fds = 2, i, argc = 0;
	static char obuf[4096], ebuf[4096];
	size_t olen = 0, elen = 0;
	time_t end = time(NULL) + (sc->timeout ? sc->timeout : TIMEOUT);
	char smp[8], machine[128], append[256], ged[64], *argv[80];
	struct pollfd pfd[2];
	struct driver d;

	snprintf(smp, sizeof(smp), "%d", sc->smp);
	snprintf(machine, sizeof(machine), "virt,gic-version=3,ras=%s%s,memory-backend=ram",
		 sc->no_ghes ? "off" : "on", sc->async ? ",x-ras-async=on" : "");
	snprintf(append, sizeof(append), "console=ttyAMA0 acpi=force panic=-1%s%s",
		 sc->append ? " " : "", sc->append ? sc->append : "");
#define ARG(x) (argv[argc++] = (x))
	ARG(DIR_ "qemu-system-aarch64");
	ARG("-machine");
	ARG(machine);
	if (sc->async) {
		ARG("-drive");
		ARG("file=" DIR_ "disk.img,if=none,format=raw,id=disk,readonly=on");
		ARG("-device"); ARG("virtio-blk-device,drive=disk");
	}
	ARG("-accel"); ARG(sc->no_sea_to_user ? "kvm,sea-to-user=off" : "kvm");
	ARG("-cpu"); ARG("host");
	ARG("-smp"); ARG(smp); ARG("-m"); ARG("512M");
	ARG("-object"); ARG("memory-backend-file,id=ram,size=512M,share=on,mem-path=" RAM_FILE);
	ARG("-bios"); ARG(DIR_ "QEMU_EFI.fd");
	ARG("-kernel"); ARG((char *)(sc->kernel ? sc->kernel : DIR_ "Image"));
	ARG("-initrd"); ARG(DIR_ "guest.cpio");
	if (sc->block_size) {
		snprintf(ged, sizeof(ged), "acpi-ged.x-error-block-size=%d", sc->block_size);
		ARG("-global"); ARG(ged);
	}
	ARG("-append"); ARG(append);
	ARG("-nodefaults"); ARG("-display"); ARG("none"); ARG("-serial"); ARG("stdio");
	ARG("-monitor"); ARG("pipe:" MONITOR);
	if (!sc->reboot)
		ARG("-no-reboot");
	ARG("-trace"); ARG("kvm_arm_sea_exit"); ARG("-trace"); ARG("kvm_arm_sigbus");
	ARG("-trace"); ARG("kvm_arm_inject_sea");
	ARG("-trace"); ARG("kvm_arm_enable_sea_to_user");
	ARG("-trace"); ARG("acpi_ghes_record_error");
	ARG("-trace"); ARG("kvm_arm_async_memory_error");
	ARG("-trace"); ARG("kvm_arm_hold_memory_error");
	ARG("-trace"); ARG("kvm_arm_discard_memory_error");
	ARG("-trace"); ARG("acpi_ghes_blocks_address");
	/* Each trace line with the time: holds and retries are timed */
	ARG("-msg"); ARG("timestamp=on");
	argv[argc] = NULL;
#undef ARG

	if (pipe(in) || pipe(out) || pipe(err))
		return -1;
	unlink(MONITOR ".in");
	unlink(MONITOR ".out");
	if (mkfifo(MONITOR ".in", 0600) || mkfifo(MONITOR ".out", 0600))
		return -1;
	qemu_pid = fork();
	if (qemu_pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		dup2(err[1], 2);
		close(in[1]);
		close(out[0]);
		close(err[0]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	close(err[1]);
	d.step = sc->steps;
	d.to_qemu = in[1];
	pfd[0] = (struct pollfd){ .fd = out[0], .events = POLLIN };
	pfd[1] = (struct pollfd){ .fd = err[0], .events = POLLIN };
	while (open_fds && time(NULL) < end) {
		if (poll(pfd, 2, 1000) < 0 && errno != EINTR)
			break;
		for (i = 0; i < 2; i++) {
			if (!(pfd[i].revents & (POLLIN | POLLHUP)))
				continue;
			if (pump(pfd[i].fd, i ? ebuf : obuf, i ? &elen : &olen,
				 sizeof(obuf), i ? "qemu| " : "guest| ", s, &d)) {
				pfd[i].fd = -1;
				open_fds--;
			}
		}
	}
	if (open_fds) {
		printf("timeout: QEMU still running after %d s (the guest's last line: %s)\n",
		       sc->timeout ? sc->timeout : TIMEOUT, s->last);
		kill(qemu_pid, SIGKILL);
	}
	close(in[1]);
	waitpid(qemu_pid, &status, 0);
	printf("QEMU exited %s %d\n", WIFSIGNALED(status) ? "on signal" : "with",
	       WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
	s->qemu_exit = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
	return open_fds ? -1 : 0;
}

/* The same lines, from a transcript of an earlier run */
static int run_replay(struct seen *s, const char *path)
{
	FILE *f = fopen(path, "r");
	static char line[4096];
	int n;

	if (!f) {
		printf("cannot open %s\n", path);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, "guest| ", 7))
			handle_line(line + 7, "guest| ", s, NULL);
		else if (!strncmp(line, "guest-expected| ", 16))
			handle_line(line + 16, "guest| ", s, NULL);
		else if (!strncmp(line, "qemu| ", 6))
			handle_line(line + 6, "qemu| ", s, NULL);
		else if (!strncmp(line, "host| ", 6))
			handle_line(line + 6, "host| ", s, NULL);
		else if (sscanf(line, "QEMU exited with %d", &n) == 1)
			s->qemu_exit = n;
		else if (sscanf(line, "QEMU exited on signal %d", &n) == 1)
			s->qemu_exit = 128 + n;
	}
	fclose(f);
	return 0;
}

static bool present(const char *path)
{
	if (!access(path, F_OK))
		return true;
	printf("SKIP: %s is missing\n", path);
	return false;
}

/* The checks the scenarios share */

static bool listed(const uint64_t *list, int n, uint64_t v)
{
	int i;

	for (i = 0; i < n; i++)
		if (list[i] == v)
			return true;
	return false;
}

/* The syndrome of an abort taken from EL0: data (EC 0x24) or fetch (0x20) */
static uint64_t el0_abort(bool fetch, uint64_t iss)
{
	return (fetch ? 0x82000000ULL : 0x92000000ULL) | iss;
}

/*
 * QEMU's pacing of a held vCPU (qemu/patches, kvm_arm_report_memory_error()):
 * after each try it waits a tenth of the time held so far (since its first
 * try), from 5 to 100 ms, before it runs into the error again. So between
 * two tries of one vCPU on one page, at @t seconds into the hold, at least
 * that long passes; taken 10% short, less 1 ms, as QEMU counts whole
 * milliseconds and the trace times the SIGBUS, not the decision.
 */
static double min_pause(double t)
{
	double pause = t / 10 < 0.005 ? 0.005 : t / 10 > 0.1 ? 0.1 : t / 10;

	return pause * 0.9 - 0.001;
}

/*
 * Each vCPU met each page no sooner again than QEMU's pacing allows (a
 * gap of more than 1.5 s starts anew, as QEMU's own hold does after 1 s):
 * a busy retry, or each SIGBUS doubled, fails.
 */
static void check_pacing_of(const char *what, int n, const int *cpu,
			    const uint64_t *gpa, const double *qt)
{
	int i, j, prev, tries, worst = 0, early = 0;
	bool *done = calloc(n ? n : 1, sizeof(*done));
	double first;

	for (i = 0; i < n && i < MAX_TRIES; i++) {
		if (done[i])
			continue;
		first = qt[i];
		prev = i;
		tries = 1;
		done[i] = true;
		for (j = i + 1; j < n && j < MAX_TRIES; j++) {
			if (done[j] || cpu[j] != cpu[i] || gpa[j] / PAGE != gpa[i] / PAGE)
				continue;
			done[j] = true;
			if (qt[j] - qt[prev] > 1.5) {
				first = qt[j];
			} else if (qt[j] - qt[prev] < min_pause(qt[prev] - first)) {
				if (!early++)
					printf("  cpu %d page %#" PRIx64 ": again after %.4f s, %.3f s into the hold (at least %.4f s)\n",
					       cpu[i], gpa[i], qt[j] - qt[prev], qt[prev] - first,
					       min_pause(qt[prev] - first));
			}
			prev = j;
			tries++;
		}
		worst = tries > worst ? tries : worst;
	}
	free(done);
	check(!early, "QEMU: %s: no vCPU met a page again sooner than QEMU's pacing allows (%d times at most for one), %d did",
	      what, worst, early);
}

static void check_qemu(struct seen *s, int exits, int ar, int ao, int records,
		       int injects)
{
	check(!s->failed_to_arm, "host: the pages were made to fail");
	check(s->qemu_exit == 0, "QEMU: exit status %d (want 0)", s->qemu_exit);
	check(s->sea_to_user_seen && s->sea_to_user == (sc->no_sea_to_user ? 1 : 0),
	      "QEMU: KVM_CAP_ARM_SEA_TO_USER %d (want %d: %s)", s->sea_to_user,
	      sc->no_sea_to_user ? 1 : 0, sc->no_sea_to_user ? "off by the property" : "enabled");
	check(!s->untimed, "QEMU: %d trace events without a timestamp (0)", s->untimed);
	/* exits, ar < 0: at least -exits, -ar, and as QEMU paces held vCPUs */
	if (exits >= 0)
		check_count("QEMU: KVM_EXIT_ARM_SEA exits", s->n_exit, exits);
	else
		check(s->n_exit >= -exits, "QEMU: KVM_EXIT_ARM_SEA exits: %d (want %d or more)",
		      s->n_exit, -exits);
	check_pacing_of("KVM_EXIT_ARM_SEA", s->n_exit, s->exit_cpu, s->exit_gpas, s->exit_qt);
	check_pacing_of("SIGBUS BUS_MCEERR_AR", s->n_ar, s->ar_cpu, s->ar_gpa, s->ar_qt);
	if (ar >= 0)
		check_count("QEMU: SIGBUS BUS_MCEERR_AR on a vCPU thread", s->n_ar, ar);
	else
		check(s->n_ar >= -ar, "QEMU: SIGBUS BUS_MCEERR_AR on vCPU threads: %d (want %d or more)",
		      s->n_ar, -ar);
	/*
	 * ao < 0: from 1 to -ao. SIGBUS is not a queued signal: AOs that
	 * the host sends QEMU's main thread close together merge.
	 */
	if (ao >= 0)
		check_count("QEMU: SIGBUS BUS_MCEERR_AO", s->n_ao, ao);
	else
		check(s->n_ao >= 1 && s->n_ao <= -ao,
		      "QEMU: SIGBUS BUS_MCEERR_AO: %d (want 1 to %d, merged when close together)",
		      s->n_ao, -ao);
	check_count("QEMU: CPER records written", s->n_record, records);
	check_count("QEMU: aborts injected", s->n_inject, injects);
	check_count("QEMU: asynchronous errors dropped", s->n_async_dropped, 0);
}

/*
 * The vCPUs QEMU held (@holds < 0: from 0 to -@holds, as the guest's
 * timing has it) and the records it took back, which a guest that reads
 * its records never leaves it to do.
 */
static void check_holds(struct seen *s, int holds, int discards)
{
	if (holds >= 0)
		check_count("QEMU: vCPUs held", s->n_hold, holds);
	else
		check(s->n_hold <= -holds, "QEMU: vCPUs held: %d (want %d at most)",
		      s->n_hold, -holds);
	check_count("QEMU: records left unread, taken back", s->n_discard, discards);
}

/*
 * One error on page @i, read by its reader: the exit (unless @exit_iss is
 * ~0: none), the record (when @record), the abort QEMU injects, and the
 * SEA the guest kernel takes, found in the @k-th records of each.
 */
static void check_error(struct seen *s, int i, int k, bool fetch, uint64_t exit_iss,
			bool record, uint64_t inject_iss)
{
	struct page *p = &s->page[i];
	uint64_t esr = el0_abort(fetch, inject_iss);
	uint64_t far = inject_iss & ESR_FNV ? 0 : p->read_va;

	check(p->gpa != 0, "guest: page va %#" PRIx64 " at guest physical %#" PRIx64,
	      p->va, p->gpa);
	if (exit_iss != ~0ULL) {
		uint64_t want = el0_abort(fetch, exit_iss);
		bool fnv = exit_iss & ESR_FNV;
		/* The injection point gives the IPA of an abort on the access */
		bool gpa = !fnv && (exit_iss & 0x3f) == FSC_SEA;

		check(s->exit_esr == want && s->exit_flags == gpa &&
		      s->exit_gva == (fnv ? 0 : p->read_va) && s->exit_gpa == (gpa ? p->gpa : 0),
		      "QEMU: KVM_EXIT_ARM_SEA esr %#" PRIx64 " flags %#" PRIx64 " gva %#" PRIx64
		      " gpa %#" PRIx64 " (want %#" PRIx64 " %d %#" PRIx64 " %#" PRIx64 ")",
		      s->exit_esr, s->exit_flags, s->exit_gva, s->exit_gpa, want, gpa,
		      fnv ? 0 : p->read_va, gpa ? p->gpa : 0);
	}
	if (record)
		check(s->record_gpa[k] == p->gpa,
		      "QEMU: CPER record for guest physical %#" PRIx64 " (want %#" PRIx64 ")",
		      s->record_gpa[k], p->gpa);
	check(s->inject_esr[k] == esr && s->inject_far[k] == far,
	      "QEMU: injected ESR_EL1 %#" PRIx64 " FAR_EL1 %#" PRIx64 " (want %#" PRIx64 " %#" PRIx64 ")",
	      s->inject_esr[k], s->inject_far[k], esr, far);
	check(s->sea_esr[k] == esr && s->sea_far[k] == far,
	      "guest kernel: took ESR %#" PRIx64 " FAR %#" PRIx64 " (want %#" PRIx64 " %#" PRIx64 ")",
	      s->sea_esr[k], s->sea_far[k], esr, far);
	if (record) {
		check(listed(s->log_pa, s->n_log, p->gpa),
		      "guest kernel: GHES memory error at physical_address %#" PRIx64 " logged",
		      p->gpa);
		check(listed(s->mf_pfn, s->n_mf, p->gpa / guest_page()),
		      "guest kernel: memory_failure() handled pfn %#" PRIx64, p->gpa / guest_page());
	}
}

/* Every SEA QEMU injected, and every SEA the guest took, is @esr, @far */
static void check_all_seas(struct seen *s, uint64_t esr, uint64_t far)
{
	int i, bad = 0;

	for (i = 0; i < s->n_inject; i++)
		bad += s->inject_esr[i] != esr || s->inject_far[i] != far;
	for (i = 0; i < s->n_sea; i++)
		bad += s->sea_esr[i] != esr || s->sea_far[i] != far;
	check(!bad, "QEMU injected, and the guest kernel took, ESR %#" PRIx64 " FAR %#" PRIx64
	      " each time: %d differ", esr, far, bad);
}

/*
 * Each record the guest logged, it read from the source QEMU wrote it
 * in: SEA errors from source 0, notified by the SEA itself; AO errors
 * from source 1, notified through the GED
 */
static void check_log_sources(struct seen *s)
{
	int i, src;

	for (i = 0; i < s->n_log; i++) {
		src = s->log_src[i];
		check((src == 0 && listed(s->record_gpa, s->n_record, s->log_pa[i])) ||
		      (src == 1 && listed(s->async_gpa, s->n_record_async, s->log_pa[i])),
		      "guest kernel: GHES memory error at physical_address %#" PRIx64
		      " read from source %d, where QEMU recorded it", s->log_pa[i], src);
	}
}

/*
 * The guest kernel's counts. A Linux guest prints at most two GHES records
 * every 5 seconds: with @logs < 0, from 1 to -@logs are logged.
 */
static void check_guest(struct seen *s, int seas, int logs, int handled)
{
	check(!s->no_kprobe, "guest kernel: the kprobe on do_sea() is there");
	check_count("guest kernel: SEAs taken (do_sea)", s->n_sea, seas);
	if (logs >= 0)
		check_count("guest kernel: GHES memory errors logged", s->n_log, logs);
	else
		check(s->n_log >= 1 && s->n_log <= -logs,
		      "guest kernel: GHES memory errors logged: %d (want 1 to %d, rate limited)",
		      s->n_log, -logs);
	check_count("guest kernel: pages memory_failure() handled", s->n_mf, handled);
	check_log_sources(s);
}

/*
 * A reader that the guest's memory failure handling signalled. Either
 * memory_failure() signals it while it handles the error, when it runs
 * in the reader's context: si_addr the page, no syndrome in the frame
 * (the guest then logs "Sending SIGBUS to"); or the guest retires the
 * page first, and the reader's access, retried, faults on it: a level 3
 * translation fault (FSC 0x07), si_addr the address used. The kernel
 * puts in a signal frame the syndrome of the thread's last fault: none
 * for a reader's first, @mf_esr for a thread that faulted before.
 */
static bool reader_ar_mf(struct seen *s, struct page *p, bool fetch, uint64_t mf_esr)
{
	bool by_mf = p->sig_addr == p->va && p->sig_esr == mf_esr;
	bool by_fault = p->sig_addr == p->read_va && p->sig_esr == el0_abort(fetch, 0x07);

	s->n_kill_seen += by_mf;
	return p->n_sig == 1 && p->sig_code == SI_AR && p->sig_lsb == guest_shift() &&
	       (by_mf || by_fault) && (p->killed_by == SIGBUS || p->cpu < 0);
}

static bool reader_ar(struct seen *s, struct page *p, bool fetch)
{
	return reader_ar_mf(s, p, fetch, ~0ULL);
}

static void check_reader_ar(struct seen *s, struct page *p, bool fetch)
{
	check(reader_ar(s, p, fetch),
	      "guest reader on cpu %d: %d SIGBUS (1), si_code %d (%d) si_addr %#" PRIx64 " (%#" PRIx64
	      " or %#" PRIx64 ") si_addr_lsb %d (%d) ESR %#" PRIx64 " (%#" PRIx64 " or none), killed by %d (%d)",
	      p->cpu, p->n_sig, p->sig_code, SI_AR, p->sig_addr, p->read_va, p->va, p->sig_lsb,
	      guest_shift(),
	      p->sig_esr, el0_abort(fetch, 0x07), p->killed_by, SIGBUS);
}

/*
 * As many readers signalled by memory_failure() as the guest logged for
 * the readers' pages (a holder that asked for early kill is signalled
 * that way too)
 */
static void check_kills(struct seen *s)
{
	int i, j, kills = 0;

	for (i = 0; i < s->n_kill; i++) {
		for (j = 0; j < s->npages && s->page[j].gpa / guest_page() != s->kill_pfn[i]; j++)
			;
		kills += j < s->npages;
	}
	check(kills == s->n_kill_seen,
	      "guest kernel: memory_failure() signalled %d reader(s) itself (the readers say %d)",
	      kills, s->n_kill_seen);
}

/* HardwareCorrupted between two "meminfo" of the same boot */
static void check_corrupted(struct seen *s, int from, int to, long kb)
{
	/* A guest without the line prints -1 */
	long d = to < s->n_meminfo && s->corrupted[to] >= 0 && s->corrupted[from] >= 0 ?
		 s->corrupted[to] - s->corrupted[from] : -1;

	check(d == kb, "guest kernel: HardwareCorrupted grew by %ld kB (want %ld)", d, kb);
}

static void check_end(struct seen *s)
{
	check(s->second_ran >= 1 && s->done,
	      "guest: a second process ran and the guest shut down cleanly");
}

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

	check_qemu(s, 0, -4, 1, 1, 1);
	check_holds(s, -3, 0);
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

	/* Each vCPU exits at least once; the held ones again, as paced */
	check_qemu(s, -4, 0, 0, 1, 1);
	check_holds(s, -3, 0);
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
	check_qemu(s, 0, -8, 2, 2, 2);
	check_holds(s, -6, 0);
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

/* A guest with a poisoned page is migrated: QEMU refuses, the guest runs on */
static const struct step migrate_steps[] = {
	{ "ras-guest: ready", CMD, "meminfo" },
	{ "HardwareCorrupted", CMD, "readers 1 distinct" },
	{ "readers ready", POISON, NULL },
	{ NULL, CMD, "go" },
	{ "readers done", MIGRATE, NULL },
	{ NULL, CMD, "survivor" },
	{ "second process ran", CMD, "seas" },
	{ "seas done", CMD, "meminfo" },
	{ "HardwareCorrupted", CMD, "poweroff" },
	{ NULL, END, NULL },
};

static void check_migrate(struct seen *s)
{
	check(s->refused == 3 && !s->mig_status[0],
	      "QEMU: migration refused while a page is poisoned, with its reason (%s), and never started (info migrate: status %s)",
	      s->refused & 1 ? "said" : "not said", s->mig_status[0] ? s->mig_status : "none");
	check_hwpoison(s);
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

static const struct scenario scenarios[] = {
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
	{ .name = "migrate", .smp = 1, .steps = migrate_steps, .check = check_migrate },
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

int main(int argc, char **argv)
{
	static struct seen s;
	unsigned int i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; argc >= 2 && i < sizeof(scenarios) / sizeof(scenarios[0]); i++)
		if (!strcmp(argv[1], scenarios[i].name))
			sc = &scenarios[i];
	replay = argc == 4 && !strcmp(argv[2], "--replay");
	if (!sc || (argc != 2 && !replay)) {
		fprintf(stderr, "usage: %s SCENARIO [--replay FILE]; scenarios:", argv[0]);
		for (i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++)
			fprintf(stderr, " %s", scenarios[i].name);
		fprintf(stderr, "\n");
		return 2;
	}
	if (!replay && (!present("/dev/kvm") || !present(DIR_ "qemu-system-aarch64") ||
			!present(DIR_ "QEMU_EFI.fd") || !present(DIR_ "Image") ||
			!present("/sys/kernel/debug/hwpoison/corrupt-pfn")))
		return KSFT_SKIP;

	host_page = getpagesize();
	if (!replay && sc->host_page && host_page != sc->host_page) {
		printf("%s: needs a host with %ld-byte pages, this one has %ld: FAIL\n",
		       sc->name, sc->host_page, host_page);
		return 1;
	}
	if (!replay && sc->kernel && !present(sc->kernel)) {
		printf("%s: no %s: FAIL\n", sc->name, sc->kernel);
		return 1;
	}
	s.qemu_exit = -1;
	if (replay) {
		if (run_replay(&s, argv[3]))
			failures++;
	} else {
		unlink(RAM_FILE);
		if (run_qemu(&s))
			failures++;
		unlink(RAM_FILE);
	}
	printf("---- %s: what each layer saw ----\n", sc->name);
	sc->check(&s);
	printf("%s: %s, %d failed\n", sc->name, failures ? "FAIL" : "PASS", failures);
	return failures ? 1 : 0;
}
