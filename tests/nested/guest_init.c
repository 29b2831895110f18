// SPDX-License-Identifier: GPL-2.0
/*
 * init of the nested guest in the QEMU scenarios (see qemu_ras.c, which
 * runs in the host, reads this guest's console and sends it commands).
 *
 * After "ras-guest: ready" init takes one command a line on the console:
 *   readers N shared|distinct|pipe|dev GPA|block F S [cpu C]
 *            N reader processes, reader i pinned to CPU i (readers are
 *            numbered on from one command to the next), or to CPU C + i,
 *            each with a page of its own (distinct), one page for all
 *            (shared), a page of init's that the reader writes into a
 *            pipe, so that the guest's kernel reads it (pipe), or the
 *            guest physical page GPA through /dev/mem (dev); each prints
 *            its page's virtual and guest physical address. init keeps
 *            shared and pipe pages, and the pipes, for good: a page that
 *            failed without the guest retiring it is never reused, and a
 *            pipe whose writer died in the kernel is never released.
 *            block: the pages are in a block of 64 KiB of guest physical
 *            memory (aligned to it) that init's own pages fill, reader
 *            i's page F + i * S of it; each reader keeps only its page
 *            mapped, init all of them, untouched, so that a host page
 *            of 64K fails under the readers' pages and pages no task
 *            uses. (Not a transparent huge page: splitting one, Linux
 *            6.12 reads each 4K page of it, and a guest that has not
 *            yet heard of all of them takes an SEA in its kernel.)
 *   go|fetch|go-each
 *            the readers read their page (go) or call the RET it holds
 *            (fetch), all at once, or read one after the other, each once
 *            the one before has ended (go-each); a reader's SIGBUS
 *            handler prints what it got, the syndrome from its signal
 *            frame included, and init prints how each ended
 *   burst T P  T threads, thread t pinned to CPU t, each reading P pages
 *            of its own one after the other on "go", catching SIGBUS;
 *            for each page, what the last SIGBUS for it said, the
 *            syndrome from its signal frame included
 *   holders N anon|file|block
 *            N holder processes, holder i pinned to CPU i, that asked for
 *            early kill (PR_MCE_KILL_EARLY) and hold one page each,
 *            touched once: anonymous memory, or the clean page cache of
 *            /mnt/data on the read-only ext2 disk (/dev/vda), or page i
 *            of a 64 KiB block (as readers' block); each prints
 *            its page's addresses; a SIGBUS handler prints what it got
 *   holders-wait N
 *            wait until HardwareCorrupted has grown by N pages since the
 *            holders took their pages (30 s at most), then have each
 *            holder read its page again and exit; print how each ended
 *   survivor a second process that allocates and touches memory
 *   seas     the synchronous external aborts the guest kernel took since
 *            the last "seas", from a kprobe on do_sea(): CPU, ESR, FAR
 *   meminfo [KB]  HardwareCorrupted, once it is KB or more (30 s at most)
 *   peek GPA...  read each guest physical GPA through /dev/mem, in a child
 *   sleep S  wait S seconds
 *   reboot, poweroff
 * Every line of ours starts with "ras-guest: ".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

/* A reader reads here, inside its page, so that FAR is not page aligned */
#define READ_OFFSET	0x88
#define TRACING		"/sys/kernel/tracing"
/* arm64 signal frame records (asm/sigcontext.h) */
#define ESR_MAGIC	0x45535201
#define MAX_READERS	16
#define BLOCK_PAGES	16		/* of 4K: 64 KiB */
#define POOL_PAGES	4096		/* where a block is looked for */
#define MAX_BURST	256

static long page_size;
static int ncpus;
/* Readers are numbered from 0 at boot, on across commands */
static int reader_id, next_reader;
/* The CPU of the first reader of a command, -1: its number */
static int reader_cpu = -1;
/* block: its pages, and the page of it reader i takes, F + i * S */
static unsigned char *block_pool, *block_va[BLOCK_PAGES];
static int block_first, block_stride;
/* pipe: the pipe a reader writes its page into */
static int pipe_fds[2] = { -1, -1 };
/* Shared with the readers: 0 wait, 1 read, 2 call */
static volatile int *start;
/* go-each: the reader whose turn it is (its number in the command) */
static volatile int *turn;

/* The ESR that the kernel put in the signal frame, or -1 without one */
static long frame_esr(ucontext_t *uc)
{
	unsigned char *p = uc->uc_mcontext.__reserved;
	unsigned char *end = p + sizeof(uc->uc_mcontext.__reserved);
	uint32_t head[2];
	uint64_t esr;

	while (p + sizeof(head) <= end) {
		memcpy(head, p, sizeof(head));
		if (!head[0] || head[1] < sizeof(head) || p + head[1] > end)
			break;
		if (head[0] == ESR_MAGIC) {
			memcpy(&esr, p + sizeof(head), sizeof(esr));
			return esr;
		}
		p += head[1];
	}
	return -1;
}

static int put(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_TRUNC);
	int ret = fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text);

	if (ret)
		dprintf(1, "ras-guest: writing %s: %s\n", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	return ret;
}

static void on_sigbus(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	/* Print, then die of the signal so that init sees how we ended */
	dprintf(1, "ras-guest: reader %d SIGBUS si_code %d si_addr %#lx si_addr_lsb %d esr %#lx\n",
		reader_id, si->si_code, (unsigned long)si->si_addr,
		(int)si->si_addr_lsb, frame_esr(uc));
	signal(SIGBUS, SIG_DFL);
	raise(SIGBUS);
}

static uint64_t gpa_of(void *va)
{
	uint64_t entry = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY);

	if (fd < 0 || pread(fd, &entry, 8, (uintptr_t)va / page_size * 8) != 8)
		entry = 0;
	if (fd >= 0)
		close(fd);
	if (!(entry & (1ULL << 63)))
		return 0;
	return (entry & ((1ULL << 55) - 1)) * page_size;
}

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu % ncpus, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

/* Fill a page the readers use: 0x5a, and an AArch64 RET where they read */
static void fill_page(unsigned char *page)
{
	memset(page, 0x5a, page_size);
	*(volatile uint32_t *)(page + READ_OFFSET) = 0xd65f03c0;
	__builtin___clear_cache((char *)page, (char *)page + page_size);
}

/*
 * Fill a pool of pages of init's, and find in it the sixteen pages of a
 * 64 KiB block of guest physical memory: block_va[]. The pool stays.
 */
static int map_block(void)
{
	static uint64_t map[POOL_PAGES];
	size_t size = POOL_PAGES * page_size;
	int *at, i, j, fd, ret = -1;
	uint64_t gpa, first;

	if (page_size != 4096)
		return -1;
	block_pool = mmap(NULL, size, PROT_READ | PROT_WRITE | PROT_EXEC,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (block_pool == MAP_FAILED)
		return -1;
	madvise(block_pool, size, MADV_NOHUGEPAGE);
	for (i = 0; i < POOL_PAGES; i++)
		fill_page(block_pool + i * page_size);
	fd = open("/proc/self/pagemap", O_RDONLY);
	if (fd < 0 || pread(fd, map, sizeof(map), (uintptr_t)block_pool / page_size * 8) !=
	    (ssize_t)sizeof(map)) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	/* Pool page by guest frame, over the guest's RAM (1 GiB at most) */
	at = calloc(1 << 18, sizeof(*at));
	for (i = 0; at && i < POOL_PAGES; i++) {
		gpa = (map[i] & ((1ULL << 55) - 1)) * page_size;
		if ((map[i] >> 63) && gpa >= 0x40000000 && gpa < 0x80000000)
			at[(gpa - 0x40000000) / page_size] = i + 1;
	}
	for (i = 0; at && i < POOL_PAGES && ret; i++) {
		first = (map[i] & ((1ULL << 55) - 1)) * page_size;
		if (!(map[i] >> 63) || first % (BLOCK_PAGES * page_size) ||
		    first < 0x40000000 || first >= 0x80000000)
			continue;
		for (j = 0; j < BLOCK_PAGES &&
			    at[(first - 0x40000000) / page_size + j]; j++)
			block_va[j] = block_pool +
				(at[(first - 0x40000000) / page_size + j] - 1) * page_size;
		ret = j == BLOCK_PAGES ? 0 : -1;
	}
	free(at);
	if (ret)
		dprintf(1, "ras-guest: no 64 KiB block of guest memory in %d pages\n",
			POOL_PAGES);
	return ret;
}

/* Keep only @page of the block's pool mapped */
static void keep_only(unsigned char *page)
{
	size_t size = POOL_PAGES * page_size;

	if (page > block_pool)
		munmap(block_pool, page - block_pool);
	if (page + page_size < block_pool + size)
		munmap(page + page_size, block_pool + size - (page + page_size));
}

static void *map_page(const char *mode, uint64_t dev_gpa, unsigned char *shared)
{
	unsigned char *page;
	int fd;

	if (!strcmp(mode, "shared") || !strcmp(mode, "pipe"))
		return shared;
	if (!strcmp(mode, "block")) {
		page = block_va[block_first + (reader_id - next_reader) * block_stride];
		keep_only(page);
		return page;
	}
	if (!strcmp(mode, "dev")) {
		fd = open("/dev/mem", O_RDONLY | O_SYNC);
		if (fd < 0)
			return MAP_FAILED;
		page = mmap(NULL, page_size, PROT_READ, MAP_SHARED, fd, dev_gpa);
		close(fd);
		return page;
	}
	/* Executable too: the host may ask for a fetch instead of a load */
	page = mmap(NULL, page_size, PROT_READ | PROT_WRITE | PROT_EXEC,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED)
		return page;
	fill_page(page);
	return page;
}

static int reader(const char *mode, uint64_t dev_gpa, unsigned char *shared,
		  int ready_fd)
{
	struct sigaction sa = { .sa_sigaction = on_sigbus, .sa_flags = SA_SIGINFO };
	unsigned char *page;
	uint64_t gpa;
	int cpu;

	pin(reader_cpu >= 0 ? reader_cpu + reader_id - next_reader : reader_id);
	page = map_page(mode, dev_gpa, shared);
	if (page == MAP_FAILED) {
		dprintf(1, "ras-guest: reader %d: no page: %s\n", reader_id,
			strerror(errno));
		return 2;
	}
	/* A shared page is not mapped in a child until it touches it */
	if (page == shared)
		(void)*(volatile unsigned char *)page;
	gpa = strcmp(mode, "dev") ? gpa_of(page) : dev_gpa;
	if (!gpa) {
		dprintf(1, "ras-guest: reader %d: no guest physical address\n",
			reader_id);
		return 2;
	}
	sigaction(SIGBUS, &sa, NULL);
	cpu = sched_getcpu();
	dprintf(1, "ras-guest: reader %d cpu %d page va %#lx gpa %#lx read va %#lx\n",
		reader_id, cpu, (unsigned long)page, (unsigned long)gpa,
		(unsigned long)page + READ_OFFSET);
	if (write(ready_fd, "r", 1) != 1)
		return 2;
	while (!*start || (*turn >= 0 && *turn != reader_id - next_reader))
		;
	if (pipe_fds[1] >= 0) {
		/* The kernel reads the page: copy_from_user() */
		dprintf(1, "ras-guest: reader %d: wrote %zd bytes into the pipe: the page did not fail\n",
			reader_id, write(pipe_fds[1], page, page_size));
		return 1;
	}
	if (*start == 2) {
		((void (*)(void))(page + READ_OFFSET))();
		dprintf(1, "ras-guest: reader %d: the call returned: the page did not fail\n",
			reader_id);
		return 1;
	}
	dprintf(1, "ras-guest: reader %d: read %#x: the page did not fail\n",
		reader_id, ((volatile unsigned char *)page)[READ_OFFSET]);
	return 1;
}

static void report(const char *what, int id, int status)
{
	if (WIFSIGNALED(status))
		dprintf(1, "ras-guest: %s %d killed by signal %d\n", what, id,
			WTERMSIG(status));
	else
		dprintf(1, "ras-guest: %s %d exited %d\n", what, id,
			WEXITSTATUS(status));
}

/* "readers N MODE [GPA]", then "go" or "fetch" */
static void readers(int n, const char *mode, uint64_t dev_gpa)
{
	pid_t pids[MAX_READERS];
	unsigned char *shared;
	char line[64], c;
	int ready[2], i, status;

	if (n < 1 || n > MAX_READERS || pipe(ready)) {
		dprintf(1, "ras-guest: readers: bad count %d\n", n);
		return;
	}
	/* An oops of the kernel turns tracing off (oops_enter()): the SEAs */
	put(TRACING "/tracing_on", "1\n");
	shared = NULL;
	pipe_fds[0] = pipe_fds[1] = -1;
	if (!strcmp(mode, "pipe") && pipe(pipe_fds))
		return;
	if (!strcmp(mode, "shared") || !strcmp(mode, "pipe")) {
		shared = mmap(NULL, page_size, PROT_READ | PROT_WRITE | PROT_EXEC,
			      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (shared == MAP_FAILED)
			return;
		fill_page(shared);
	}
	if (!strcmp(mode, "block")) {
		if (block_first < 0 || block_stride < 0 ||
		    block_first + (n - 1) * block_stride >= BLOCK_PAGES) {
			dprintf(1, "ras-guest: readers: pages %d + i * %d beyond the block\n",
				block_first, block_stride);
			return;
		}
		if (map_block())
			return;
	}
	*start = 0;
	for (i = 0; i < n; i++) {
		pids[i] = fork();
		if (!pids[i]) {
			reader_id = next_reader + i;
			close(ready[0]);
			_exit(reader(mode, dev_gpa, shared, ready[1]));
		}
	}
	close(ready[1]);
	for (i = 0; i < n; i++)
		if (read(ready[0], &c, 1) != 1)
			break;
	close(ready[0]);
	/*
	 * init keeps the block's pool mapped, untouched, for good: pages of
	 * the block that no reader maps are not freed and handed out again
	 * before the guest has retired them all
	 */
	dprintf(1, "ras-guest: readers ready\n");
	if (!fgets(line, sizeof(line), stdin))
		line[0] = '\0';
	*turn = strncmp(line, "go-each", 7) ? -1 : 0;
	*start = strncmp(line, "fetch", 5) ? 1 : 2;
	for (i = 0; i < n; i++) {
		if (waitpid(pids[i], &status, 0) == pids[i])
			report("reader", next_reader + i, status);
		/* go-each: the next reader once this one has ended */
		if (*turn >= 0)
			*turn = i + 1;
	}
	next_reader += n;
	/* The pipe stays open: see the header */
	pipe_fds[0] = pipe_fds[1] = -1;
	dprintf(1, "ras-guest: readers done\n");
}

/* The burst: threads reading pages of their own, catching SIGBUS */
struct burst_page {
	unsigned char *va;
	uint64_t gpa;
	int code;		/* si_code of the last SIGBUS, 0 if none */
	int signals;		/* how many SIGBUS named the page */
	uint64_t addr;		/* si_addr */
	int lsb;		/* si_addr_lsb */
	long esr;		/* the ESR of the signal frame, -1 if none */
	int val;		/* what the read gave, if it went through */
};

static struct burst_page bpages[MAX_BURST];
static int burst_per_thread, burst_pages;
static __thread struct burst_page *burst_cur;
/* The load of burst_thread(), in the asm below */
extern const char burst_load[];

/*
 * A SIGBUS is charged to the page its si_addr falls in. When it stops the
 * load of the page the thread is at, the thread goes on past the load;
 * any other (one that comes late, say) leaves the thread where it is.
 */
static void on_burst_sigbus(int sig, siginfo_t *si, void *ucv)
{
	unsigned char *a = si->si_addr;
	ucontext_t *uc = ucv;
	int i;

	(void)sig;
	for (i = 0; i < burst_pages; i++) {
		if (a >= bpages[i].va && a < bpages[i].va + page_size) {
			bpages[i].code = si->si_code;
			bpages[i].addr = (uint64_t)si->si_addr;
			bpages[i].lsb = si->si_addr_lsb;
			bpages[i].esr = frame_esr(uc);
			bpages[i].signals++;
			break;
		}
	}
	if (uc->uc_mcontext.pc == (uintptr_t)burst_load && burst_cur &&
	    i < burst_pages && &bpages[i] == burst_cur)
		uc->uc_mcontext.pc += 4;
}

static __attribute__((noinline)) void *burst_thread(void *arg)
{
	int t = (int)(long)arg, j;
	unsigned long v;

	pin(t);
	while (!*start || (*turn >= 0 && *turn != reader_id - next_reader))
		;
	for (j = 0; j < burst_per_thread; j++) {
		burst_cur = &bpages[t * burst_per_thread + j];
		v = 0;
		asm volatile(".global burst_load\n"
			     "burst_load:\n\t"
			     "ldrb	%w0, [%1]"
			     : "+r"(v)
			     : "r"(burst_cur->va + READ_OFFSET)
			     : "memory");
		if (!burst_cur->signals)
			burst_cur->val = v;
	}
	burst_cur = NULL;
	return NULL;
}

static void burst(int threads, int per)
{
	struct sigaction sa = { .sa_sigaction = on_burst_sigbus,
				.sa_flags = SA_SIGINFO };
	pthread_t tid[MAX_READERS];
	unsigned char *mem;
	char line[64];
	int i, n = threads * per, signals = 0;

	if (threads < 1 || threads > MAX_READERS || per < 1 || n > MAX_BURST) {
		dprintf(1, "ras-guest: burst: bad size %d x %d\n", threads, per);
		return;
	}
	mem = mmap(NULL, n * page_size, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		return;
	burst_per_thread = per;
	burst_pages = n;
	for (i = 0; i < n; i++) {
		bpages[i].va = mem + i * page_size;
		memset(bpages[i].va, 0x5a, page_size);
		bpages[i].gpa = gpa_of(bpages[i].va);
		bpages[i].code = 0;
		bpages[i].signals = 0;
		bpages[i].val = -1;
		dprintf(1, "ras-guest: burst page %d gpa %#lx read va %#lx\n", i,
			(unsigned long)bpages[i].gpa,
			(unsigned long)bpages[i].va + READ_OFFSET);
	}
	sigaction(SIGBUS, &sa, NULL);
	*start = 0;
	for (i = 0; i < threads; i++)
		pthread_create(&tid[i], NULL, burst_thread, (void *)(long)i);
	dprintf(1, "ras-guest: burst ready\n");
	if (!fgets(line, sizeof(line), stdin))
		line[0] = '\0';
	*start = 1;
	for (i = 0; i < threads; i++)
		pthread_join(tid[i], NULL);
	signal(SIGBUS, SIG_DFL);
	for (i = 0; i < n; i++) {
		if (bpages[i].signals)
			dprintf(1, "ras-guest: burst page %d SIGBUS si_code %d si_addr %#lx si_addr_lsb %d esr %#lx signals %d\n",
				i, bpages[i].code, (unsigned long)bpages[i].addr,
				bpages[i].lsb, bpages[i].esr, bpages[i].signals);
		else
			dprintf(1, "ras-guest: burst page %d read %#x\n", i,
				bpages[i].val);
		signals += bpages[i].signals;
	}
	dprintf(1, "ras-guest: burst done, %d signals\n", signals);
}

/* Holders: processes that hold a page and wait for an AO error on it */
#define DISK_BYTE	0xa5	/* what /mnt/data holds */

static pid_t holder_pids[MAX_READERS];
static int holders_n, holder_id;
static long holders_corrupted;
static unsigned char *holder_page;

static void on_holder_sigbus(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	dprintf(1, "ras-guest: holder %d SIGBUS si_code %d si_addr %#lx si_addr_lsb %d\n",
		holder_id, si->si_code, (unsigned long)si->si_addr,
		(int)si->si_addr_lsb);
	signal(SIGBUS, SIG_DFL);
	raise(SIGBUS);
}

static void on_holder_release(int sig)
{
	(void)sig;
	/* The page again: a clean page the guest dropped is read anew */
	dprintf(1, "ras-guest: holder %d read back %#x\n", holder_id,
		((volatile unsigned char *)holder_page)[READ_OFFSET]);
	_exit(0);
}

static int holder(const char *kind, int ready_fd)
{
	struct sigaction sa = { .sa_sigaction = on_holder_sigbus, .sa_flags = SA_SIGINFO };
	int fd;

	/* No release (SIGUSR1) in the middle of reporting a SIGBUS */
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR1);

	pin(holder_id);
	if (prctl(PR_MCE_KILL, PR_MCE_KILL_SET, PR_MCE_KILL_EARLY, 0, 0))
		return 2;
	if (!strcmp(kind, "file")) {
		fd = open("/mnt/data", O_RDONLY);
		if (fd < 0)
			return 2;
		holder_page = mmap(NULL, page_size, PROT_READ, MAP_SHARED, fd,
				   holder_id * page_size);
		close(fd);
		if (holder_page == MAP_FAILED)
			return 2;
		(void)*(volatile unsigned char *)holder_page;
	} else if (!strcmp(kind, "block")) {
		holder_page = block_va[holder_id];
		keep_only(holder_page);
	} else {
		holder_page = map_page("distinct", 0, NULL);
		if (holder_page == MAP_FAILED)
			return 2;
	}
	sigaction(SIGBUS, &sa, NULL);
	signal(SIGUSR1, on_holder_release);
	dprintf(1, "ras-guest: holder %d cpu %d page va %#lx gpa %#lx\n", holder_id,
		sched_getcpu(), (unsigned long)holder_page,
		(unsigned long)gpa_of(holder_page));
	if (write(ready_fd, "h", 1) != 1)
		return 2;
	for (;;)
		pause();
}

static long hardware_corrupted(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[128];
	long kb = -1;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "HardwareCorrupted: %ld kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb;
}

static void holders(int n, const char *kind)
{
	int ready[2], i;
	char c;

	if (n < 1 || n > MAX_READERS || holders_n || pipe(ready)) {
		dprintf(1, "ras-guest: holders: cannot take %d\n", n);
		return;
	}
	if (!strcmp(kind, "file")) {
		mkdir("/mnt", 0755);
		if (mount("/dev/vda", "/mnt", "ext2", MS_RDONLY, NULL) && errno != EBUSY)
			dprintf(1, "ras-guest: mounting /dev/vda: %s\n", strerror(errno));
	}
	if (!strcmp(kind, "block") && map_block())
		return;
	holders_corrupted = hardware_corrupted();
	for (i = 0; i < n; i++) {
		holder_pids[i] = fork();
		if (!holder_pids[i]) {
			holder_id = i;
			close(ready[0]);
			_exit(holder(kind, ready[1]));
		}
	}
	close(ready[1]);
	for (i = 0; i < n; i++)
		if (read(ready[0], &c, 1) != 1)
			break;
	close(ready[0]);
	holders_n = n;
	dprintf(1, "ras-guest: holders ready\n");
}

static void holders_wait(int pages)
{
	long kb = hardware_corrupted();
	int i, status, waited;

	for (waited = 0; waited < 3000 && kb - holders_corrupted < pages * page_size / 1024;
	     waited++) {
		usleep(10000);
		kb = hardware_corrupted();
	}
	dprintf(1, "ras-guest: holders: HardwareCorrupted grew by %ld kB\n",
		kb - holders_corrupted);
	/*
	 * The guest counts a page before memory_failure() has signalled the
	 * tasks that map it: let an early-kill SIGBUS land before SIGUSR1 has
	 * a holder read its page (seen: the read's SIGBUS, forced while the
	 * first one was being handled, killed a holder before it printed)
	 */
	sleep(1);
	for (i = 0; i < holders_n; i++) {
		kill(holder_pids[i], SIGUSR1);
		if (waitpid(holder_pids[i], &status, 0) == holder_pids[i])
			report("holder", i, status);
	}
	holders_n = 0;
	dprintf(1, "ras-guest: holders done\n");
}

static int survivor(void)
{
	size_t len = 64 * page_size;
	unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned long sum = 0;
	size_t i;

	if (p == MAP_FAILED)
		return 2;
	memset(p, 1, len);
	for (i = 0; i < len; i += page_size)
		sum += p[i];
	dprintf(1, "ras-guest: second process ran, %lu pages\n", sum);
	return 0;
}

static int peek(uint64_t gpa)
{
	volatile unsigned char *p;
	int fd = open("/dev/mem", O_RDONLY | O_SYNC);

	if (fd < 0)
		return 2;
	p = mmap(NULL, page_size, PROT_READ, MAP_SHARED, fd, gpa & -page_size);
	close(fd);
	if (p == MAP_FAILED)
		return 2;
	dprintf(1, "ras-guest: peek %#lx read %#x\n", (unsigned long)gpa,
		p[gpa & (page_size - 1)]);
	return 0;
}

/* Record every SEA the kernel takes: do_sea(far, esr, regs) */
static void trace_sea(void)
{
	mkdir("/sys", 0755);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("tracefs", TRACING, "tracefs", 0, NULL);
	if (put(TRACING "/kprobe_events", "p:rasguest/sea do_sea far=%x0:x64 esr=%x1:x64\n") ||
	    put(TRACING "/events/rasguest/sea/enable", "1\n"))
		dprintf(1, "ras-guest: no kprobe on do_sea\n");
}

static void print_seas(void)
{
	FILE *f = fopen(TRACING "/trace", "r");
	unsigned long far, esr;
	char line[512], *p;
	int cpu;

	while (f && fgets(line, sizeof(line), f)) {
		p = strstr(line, " far=");
		if (!p || sscanf(p, " far=%lx esr=%lx", &far, &esr) != 2)
			continue;
		p = strchr(line, '[');
		cpu = p ? atoi(p + 1) : -1;
		dprintf(1, "ras-guest: kernel took an SEA: cpu %d esr %#lx far %#lx\n",
			cpu, esr, far);
	}
	if (f)
		fclose(f);
	put(TRACING "/trace", "");
	dprintf(1, "ras-guest: seas done\n");
}

static void meminfo(long want)
{
	long kb;
	int i;

	for (i = 0; (kb = hardware_corrupted()) < want && i < 300; i++)
		usleep(100000);
	dprintf(1, "ras-guest: HardwareCorrupted %ld kB\n", kb);
}

static void run(const char *name, int (*fn)(void))
{
	int status;
	pid_t pid = fork();

	if (pid == 0)
		_exit(fn());
	if (pid > 0 && waitpid(pid, &status, 0) == pid)
		report(name, 0, status);
}

/*
 * A task that counts, to show that the guest's tasks run on across a
 * migration: "counter" starts it, "count" says whether it lives and
 * where it is
 */
static volatile unsigned long *count;
static pid_t counter_pid;

static void counter(void)
{
	counter_pid = fork();
	if (counter_pid == 0) {
		for (;;) {
			(*count)++;
			usleep(10000);
		}
	}
}

static void print_count(void)
{
	unsigned long c = *count;

	usleep(100000);
	dprintf(1, "ras-guest: counter alive %d counting %d at %lu\n",
		counter_pid > 0 && !kill(counter_pid, 0), *count != c, *count);
}

static uint64_t peek_gpa;

static int do_peek(void)
{
	return peek(peek_gpa);
}

int main(void)
{
	char line[128], mode[16];
	unsigned long long gpa;
	int n, m;

	page_size = sysconf(_SC_PAGESIZE);
	ncpus = sysconf(_SC_NPROCESSORS_ONLN);
	mkdir("/proc", 0755);
	mount("proc", "/proc", "proc", 0, NULL);
	/* /dev/mem */
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	setvbuf(stdin, NULL, _IONBF, 0);
	start = mmap(NULL, page_size, PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	turn = start + 1;
	count = (volatile unsigned long *)(start + 64);

	dprintf(1, "ras-guest: up, %d cpus\n", ncpus);
	trace_sea();
	dprintf(1, "ras-guest: ready\n");
	while (fgets(line + 1, sizeof(line) - 1, stdin)) {
		/* (commands may come after spaces) */
		char *l = line + 1 + strspn(line + 1, " ");

		memmove(line, l, strlen(l) + 1);
		gpa = 0;
		if (sscanf(line, "readers %d %15s %llx", &n, mode, &gpa) >= 2) {
			char *c = strstr(line, " cpu ");

			reader_cpu = c ? atoi(c + 5) : -1;
			if (!strcmp(mode, "block") &&
			    sscanf(line, "readers %*d block %d %d", &block_first,
				   &block_stride) != 2)
				block_first = -1;
			readers(n, mode, gpa);
		} else if (sscanf(line, "burst %d %d", &n, &m) == 2) {
			burst(n, m);
		} else if (sscanf(line, "holders-wait %d", &n) == 1) {
			holders_wait(n);
		} else if (sscanf(line, "holders %d %15s", &n, mode) == 2) {
			holders(n, mode);
		} else if (!strncmp(line, "survivor", 8)) {
			run("second process", survivor);
		} else if (!strncmp(line, "seas", 4)) {
			print_seas();
		} else if (!strncmp(line, "meminfo", 7)) {
			meminfo(atol(line + 7));
		} else if (!strncmp(line, "peek ", 5)) {
			char *tok, *save;

			for (tok = strtok_r(line + 5, " \n", &save); tok;
			     tok = strtok_r(NULL, " \n", &save)) {
				peek_gpa = strtoull(tok, NULL, 16);
				run("peek", do_peek);
			}
		} else if (!strncmp(line, "counter", 7)) {
			counter();
		} else if (!strncmp(line, "count", 5)) {
			print_count();
		} else if (sscanf(line, "sleep %d", &n) == 1) {
			sleep(n);
		} else if (!strncmp(line, "reboot", 6)) {
			dprintf(1, "ras-guest: rebooting\n");
			sync();
			reboot(RB_AUTOBOOT);
		} else if (!strncmp(line, "poweroff", 8)) {
			break;
		} else {
			dprintf(1, "ras-guest: unknown command: %s", line);
		}
		dprintf(1, "ras-guest: ok\n");
	}
	dprintf(1, "ras-guest: done\n");
	sync();
	reboot(RB_POWER_OFF);
	return 0;
}
