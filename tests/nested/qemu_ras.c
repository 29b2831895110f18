// SPDX-License-Identifier: GPL-2.0
/*
 * The rig of the nested tests: it runs the companion QEMU and acts on
 * the host (the driver), reads what each layer printed (the parsers of
 * the guest's console, of QEMU's trace and of the host's lines), holds
 * the checks the scenarios share, and main(). The scenarios, each one's
 * steps and check, are in scenarios.c; what the two share is in
 * qemu_ras.h.
 *
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

#include "qemu_ras.h"
#include "vmstate-base.h"

#define KSFT_SKIP	4
#define RAM_FILE	"/dev/shm/qemu-ras-ram"
#define RAM_SIZE	((uint64_t)512 << 20)
#define MONITOR		"/tmp/qemu-ras.mon"
#define MIG_FILE	"/tmp/qemu-ras.mig"
#define MIG_SECTION	"kvm-arm-hwpoison"
#define VMSTATE_FILE	"/tmp/qemu-ras-vmstate.json"

static int failures;
static pid_t qemu_pid;
static bool start_destination;	/* once the source QEMU has quit */
static char *destination;	/* its binary, if not the source's */
bool replay;
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

void check(bool ok, const char *fmt, ...)
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

void check_count(const char *what, int n, int want)
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
	/* (its echo of what it is given, redrawn at each character, is long) */
	static char buf[65536];
	char *line, *save;
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
static int stop_cont(struct seen *s)
{
	int ret = monitor(s, "stop\n");

	host_say(s, "VM stopped at %.6f", wall());
	sleep(STOP_SECONDS);
	host_say(s, "VM running again at %.6f", wall());
	return ret ?: monitor(s, "cont\n");
}

/*
 * Migrate the VM to a file, as far as QEMU lets it: wait for the end,
 * say how it went; when it completed, quit the source and have
 * run_qemu() start the destination on the stream (the emulated host has
 * no sockets: the two QEMUs run one after the other, the stream between
 * them in a file). The next step waits for "destination QEMU started".
 */
static int evacuate(struct seen *s)
{
	int i, k = s->n_mig, has = 0, fd;
	struct stat st;
	char *stream;

	if (k >= MAX_MIGRATIONS)
		return -1;
	unlink(MIG_FILE);
	host_say(s, "migration %d: migrate " MIG_FILE, k + 1);
	s->mig_status[0] = '\0';
	s->mig_error[k][0] = '\0';
	if (monitor(s, "migrate file:" MIG_FILE "\n"))
		return -1;
	/* Refused: an error at once; else it runs until it ends, 2 min at most */
	for (i = 0; !s->mig_error[k][0] && i < 120; i++) {
		s->mig_status[0] = '\0';
		if (monitor(s, "info migrate\n"))
			return -1;
		if (!strcmp(s->mig_status, "completed") || !strcmp(s->mig_status, "failed") ||
		    !strcmp(s->mig_status, "cancelled"))
			break;
		usleep(200000);
	}
	/* Failed: it ran, then QEMU gave up; refused: it never started */
	host_say(s, "migration %d: %s", k + 1,
		 !strcmp(s->mig_status, "failed") ? "failed" :
		 s->mig_error[k][0] ? "refused" : s->mig_status[0] ? s->mig_status : "unknown");
	if (strcmp(s->mig_status, "completed"))
		return 0;
	fd = open(MIG_FILE, O_RDONLY);
	if (fd >= 0 && !fstat(fd, &st) && st.st_size > 0) {
		stream = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (stream != MAP_FAILED) {
			has = !!memmem(stream, st.st_size, MIG_SECTION, strlen(MIG_SECTION));
			munmap(stream, st.st_size);
		}
	}
	if (fd >= 0)
		close(fd);
	host_say(s, "migration %d: the stream holds section " MIG_SECTION ": %s",
		 k + 1, has ? "yes" : "no");
	start_destination = true;
	return monitor(s, "quit\n");
}

/* Postcopy of a VM with poisoned memory: QEMU must refuse it */
static int migrate_postcopy(struct seen *s)
{
	return monitor(s, "migrate_set_capability postcopy-ram on\n"
			  "migrate file:" MIG_FILE "\n"
			  "migrate_set_capability postcopy-ram off\n");
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
	if (sscanf(l, "ras-guest: counter alive %d counting %d at %llu", &x, &y, &a) == 3 &&
	    s->n_count < 8) {
		s->count_alive[s->n_count] = x;
		s->count_counting[s->n_count] = y;
		s->count_at[s->n_count++] = a;
	}
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
	if ((p = event(s, l, "ram_save_poisoned_page")) &&
	    sscanf(p, "%*[^:]: offset: %llx", &a) == 1 && s->n_skip < MAX_PAGES)
		s->skip_offset[s->n_skip++] = a;
	if ((p = event(s, l, "kvm_arm_hwpoison_tell")) &&
	    sscanf(p, "migration: guest physical address %llx", &a) == 1 && s->n_hwp_tell < MAX_PAGES)
		s->hwp_tell[s->n_hwp_tell++] = a;
	if ((p = event(s, l, "kvm_arm_hwpoison_save")) &&
	    sscanf(p, "migration: guest physical address %llx", &a) == 1 && s->n_hwp_save < MAX_PAGES)
		s->hwp_save[s->n_hwp_save++] = a;
	if ((p = event(s, l, "kvm_arm_hwpoison_load")) &&
	    sscanf(p, "migration: guest physical address %llx", &a) == 1 && s->n_hwp_load < MAX_PAGES)
		s->hwp_load[s->n_hwp_load++] = a;
	if ((p = event(s, l, "kvm_arm_enable_sea_to_user")) &&
	    sscanf(p, "KVM_CAP_ARM_SEA_TO_USER: %d", &code) == 1)
		s->sea_to_user = code, s->sea_to_user_seen = 1;
}

/* What we did on the host, as printed: also read back from transcripts */
static void parse_host(struct seen *s, const char *l)
{
	unsigned long long a, b;
	char end[16];
	long dt;
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
	sscanf(l, "monitor: VM status: %31s", s->vm_status);
	if (!strncmp(l, "monitor: Error: ", 16) && s->n_mig < MAX_MIGRATIONS)
		snprintf(s->mig_error[s->n_mig], sizeof(s->mig_error[0]), "%s", l + 16);
	if (!strncmp(l, "monitor: Migration status: failed (", 35) && s->n_mig < MAX_MIGRATIONS)
		snprintf(s->mig_error[s->n_mig], sizeof(s->mig_error[0]), "%s", l + 35);
	if (sscanf(l, "monitor: downtime: %ld ms", &dt) == 1 && s->n_mig < MAX_MIGRATIONS)
		s->mig_downtime[s->n_mig] = dt;
	if (strstr(l, "monitor: Error: Can't migrate this vm with hardware poisoned memory with postcopy"))
		s->postcopy_refused++;
	/* "migration N: END", then for a completed one what its stream holds */
	if (sscanf(l, "migration %d: %15s", &i, end) == 2 && i == s->n_mig + 1 &&
	    strcmp(end, "migrate") && strcmp(end, "the")) {
		snprintf(s->mig_end[s->n_mig], sizeof(s->mig_end[0]), "%s", end);
		if (strcmp(end, "completed"))
			s->n_mig++;
	}
	if (sscanf(l, "migration %d: the stream holds section " MIG_SECTION ": %3s", &i, end) == 2 &&
	    i == s->n_mig + 1) {
		s->mig_section[s->n_mig] = !strcmp(end, "yes");
		s->n_mig++;
	}
	if (!strncmp(l, "destination QEMU started", 24))
		s->n_dest++;
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
		case EVACUATE:
			ret = evacuate(s);
			break;
		case MIGRATE_POSTCOPY:
			ret = migrate_postcopy(s);
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
	char incoming[] = "file:" MIG_FILE;
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
	ARG("-trace"); ARG("ram_save_poisoned_page");
	ARG("-trace"); ARG("kvm_arm_hwpoison_*");
	ARG("-msg"); ARG("timestamp=on");
	argv[argc] = NULL;
#undef ARG
	d.step = sc->steps;
again:
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
	d.to_qemu = in[1];
	pfd[0] = (struct pollfd){ .fd = out[0], .events = POLLIN };
	pfd[1] = (struct pollfd){ .fd = err[0], .events = POLLIN };
	open_fds = 2;
	if (argv[argc - 1] == incoming) {
		/*
		 * The guest's console takes input once the VM runs (and QEMU's
		 * monitor answers once QEMU has opened it)
		 */
		for (i = 0; i < 300; i++) {
			s->vm_status[0] = '\0';
			if (!monitor(s, "info status\n") && !strcmp(s->vm_status, "running"))
				break;
			usleep(200000);
		}
		/*
		 * The destination's PL011 drops the first byte it gets (seen
		 * here): a space, which the guest's init skips if it comes
		 */
		if (write(d.to_qemu, " ", 1) != 1)
			s->failed_to_arm = 1;
		host_say(s, "destination QEMU started: -incoming %s", incoming);
		drive(&d, s, "destination QEMU started");
	}
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
	close(out[0]);
	close(err[0]);
	waitpid(qemu_pid, &status, 0);
	printf("QEMU exited %s %d\n", WIFSIGNALED(status) ? "on signal" : "with",
	       WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
	/* The first QEMU that fails, source or destination */
	if (s->qemu_exit <= 0)
		s->qemu_exit = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
	if (!open_fds && start_destination) {
		/* Another host: new memory, the poisoned frames left behind */
		start_destination = false;
		unlink(RAM_FILE);
		if (argv[argc - 1] != incoming) {
			argv[argc++] = "-incoming";
			argv[argc++] = incoming;
			argv[argc] = NULL;
		}
		/* Another QEMU, to see how it takes the stream (by hand) */
		if (destination)
			argv[0] = destination;
		goto again;
	}
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
		else if (sscanf(line, "QEMU exited with %d", &n) == 1 && s->qemu_exit <= 0)
			s->qemu_exit = n;
		else if (sscanf(line, "QEMU exited on signal %d", &n) == 1 && s->qemu_exit <= 0)
			s->qemu_exit = 128 + n;
	}
	fclose(f);
	return 0;
}

/*
 * The device state that QEMU's -dump-vmstate lists for the default virt
 * machine, reduced to a 64-bit FNV-1a hash of its JSON, the devices in
 * order of name (QEMU lists them as its type table has them). It must be
 * base QEMU's (vmstate-base.h): the series keeps the state of every
 * device as it was, and migrates what it adds in a section of its own,
 * which belongs to no device and is sent only when needed.
 */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int vmstate(const char *qemu)
{
	char *argv[] = { (char *)qemu, "-machine", "virt", "-accel", "kvm", "-cpu", "host",
			 "-nodefaults", "-display", "none", "-dump-vmstate", VMSTATE_FILE, NULL };
	char *text = NULL, **dev = NULL, *p;
	uint64_t hash = 0xcbf29ce484222325ULL;
	size_t len = 0, n = 0, i;
	int status;
	FILE *f;
	pid_t pid;

	unlink(VMSTATE_FILE);
	pid = fork();
	if (pid == 0) {
		execv(argv[0], argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) || !(f = fopen(VMSTATE_FILE, "r"))) {
		printf("vmstate: %s -dump-vmstate failed: FAIL\n", qemu);
		return 1;
	}
	if (getdelim(&text, &len, '\0', f) < 0) {
		fclose(f);
		printf("vmstate: no dump: FAIL\n");
		return 1;
	}
	fclose(f);
	len = strlen(text);
	/* The object's closing brace; then each device, a line '  "name": {' on */
	p = strrchr(text, '}');
	if (p)
		*p = '\0';
	for (p = text; (p = strstr(p, "\n  \"")); p++) {
		dev = realloc(dev, (n + 1) * sizeof(*dev));
		dev[n++] = p + 1;
	}
	for (i = 0; i < n; i++)
		dev[i][-1] = '\0';
	/* Without the comma after it, which the last one has not */
	for (i = 0; i < n; i++) {
		p = dev[i] + strlen(dev[i]);
		while (p > dev[i] && (p[-1] == '\n' || p[-1] == ','))
			*--p = '\0';
	}
	qsort(dev, n, sizeof(*dev), cmp_str);
	for (i = 0; i < n; i++)
		for (p = dev[i]; *p; p++)
			hash = (hash ^ (unsigned char)*p) * 0x100000001b3ULL;
	printf("vmstate: %s: %zu bytes, %zu devices, FNV-1a %#018" PRIx64
	       "; base QEMU's: %d bytes, %d devices, %#018" PRIx64 "\n", qemu, len, n, hash,
	       VMSTATE_BASE_BYTES, VMSTATE_BASE_DEVICES, (uint64_t)VMSTATE_BASE_FNV);
	free(dev);
	free(text);
	if (hash != VMSTATE_BASE_FNV || len != VMSTATE_BASE_BYTES || n != VMSTATE_BASE_DEVICES) {
		printf("vmstate: the default machine's device state differs from base QEMU's: FAIL\n");
		return 1;
	}
	printf("vmstate: the default machine's device state is base QEMU's: PASS\n");
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

bool listed(const uint64_t *list, int n, uint64_t v)
{
	int i;

	for (i = 0; i < n; i++)
		if (list[i] == v)
			return true;
	return false;
}

/* The syndrome of an abort taken from EL0: data (EC 0x24) or fetch (0x20) */
uint64_t el0_abort(bool fetch, uint64_t iss)
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
 * Each vCPU met each page no sooner again than QEMU's pacing allows: a
 * busy retry, or each SIGBUS doubled, fails. QEMU starts a hold anew
 * after a gap of more than 1 s (a busy host can leave a held vCPU
 * unscheduled that long), with its shortest wait: so does a gap of more
 * than 0.9 s here, as the trace times the SIGBUS, not QEMU's decision.
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
			if (qt[j] - qt[prev] > 0.9) {
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

void check_qemu(struct seen *s, int exits, int ar, int ao, int records,
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
void check_holds(struct seen *s, int holds, int discards)
{
	int i, j, n = 0;

	/* A vCPU held again after a pause of its own is traced again */
	for (i = 0; i < s->n_hold; i++) {
		for (j = 0; j < i && (s->hold_cpu[j] != s->hold_cpu[i] ||
				      s->hold_gpa[j] != s->hold_gpa[i]); j++)
			;
		n += j == i;
	}
	if (holds >= 0)
		check_count("QEMU: vCPUs held", n, holds);
	else
		check(n <= -holds, "QEMU: vCPUs held: %d (want %d at most)", n, -holds);
	check_count("QEMU: records left unread, taken back", s->n_discard, discards);
}

/*
 * The vCPUs that met a failed page on the host (@cpu, @n: the exits or
 * the SIGBUS) are those QEMU told (an SEA injected) and those it held;
 * with @apart, none both. A vCPU that reaches the page only once the
 * guest has retired it faults in the guest and never meets the host (a
 * busy host can run a reader that late): how many met it is not fixed,
 * which did is.
 */
void check_met(struct seen *s, const char *what, const int *cpu, int n, bool apart)
{
	unsigned int met = 0, told = 0, held = 0;
	int i;

	for (i = 0; i < n && i < MAX_TRIES; i++)
		met |= 1u << cpu[i];
	for (i = 0; i < s->n_inject && i < MAX_PAGES; i++)
		told |= 1u << s->inject_cpu[i];
	for (i = 0; i < s->n_hold && i < MAX_PAGES; i++)
		held |= 1u << s->hold_cpu[i];
	check(met && met == (told | held) && !(apart && (told & held)),
	      "QEMU: the vCPUs that met the page (%s) %#x are those told %#x and held %#x%s",
	      what, met, told, held, apart ? ", none both" : "");
}

/*
 * One error on page @i, read by its reader: the exit (unless @exit_iss is
 * ~0: none), the record (when @record), the abort QEMU injects, and the
 * SEA the guest kernel takes, found in the @k-th records of each.
 */
void check_error(struct seen *s, int i, int k, bool fetch, uint64_t exit_iss,
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
void check_all_seas(struct seen *s, uint64_t esr, uint64_t far)
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
void check_guest(struct seen *s, int seas, int logs, int handled)
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
bool reader_ar_mf(struct seen *s, struct page *p, bool fetch, uint64_t mf_esr)
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

void check_reader_ar(struct seen *s, struct page *p, bool fetch)
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
void check_kills(struct seen *s)
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
void check_corrupted(struct seen *s, int from, int to, long kb)
{
	/* A guest without the line prints -1 */
	long d = to < s->n_meminfo && s->corrupted[to] >= 0 && s->corrupted[from] >= 0 ?
		 s->corrupted[to] - s->corrupted[from] : -1;

	check(d == kb, "guest kernel: HardwareCorrupted grew by %ld kB (want %ld)", d, kb);
}

void check_end(struct seen *s)
{
	check(s->second_ran >= 1 && s->done,
	      "guest: a second process ran and the guest shut down cleanly");
}

int main(int argc, char **argv)
{
	static struct seen s;
	unsigned int i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (argc >= 2 && argc <= 3 && !strcmp(argv[1], "vmstate"))
		return present("/dev/kvm") ? vmstate(argc == 3 ? argv[2] : DIR_ "qemu-system-aarch64") :
					     KSFT_SKIP;
	for (i = 0; argc >= 2 && i < n_scenarios; i++)
		if (!strcmp(argv[1], scenarios[i].name))
			sc = &scenarios[i];
	replay = argc == 4 && !strcmp(argv[2], "--replay");
	if (argc == 4 && !strcmp(argv[2], "--destination"))
		destination = argv[3];
	if (!sc || (argc != 2 && !replay && !destination)) {
		fprintf(stderr, "usage: %s SCENARIO [--replay FILE | --destination QEMU], or vmstate [QEMU]; scenarios:",
			argv[0]);
		for (i = 0; i < n_scenarios; i++)
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
