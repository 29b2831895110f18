// SPDX-License-Identifier: GPL-2.0
/*
 * init of the nested guest in the QEMU scenarios (see qemu_ras.c, which
 * runs in the host and reads this guest's console).
 *
 * A reader process fills one anonymous page, finds its guest physical
 * address in /proc/self/pagemap and prints both addresses; it then waits
 * for a line on the console, which the host sends once it has made the
 * page fail, and reads the page ("go") or calls the RET it holds
 * ("fetch"). The guest kernel should claim the abort
 * through GHES and kill the reader with SIGBUS BUS_MCEERR_AR; the reader's
 * handler prints what it got, the syndrome from its signal frame
 * included. A second process then shows that the guest lives on. A kprobe
 * on the guest kernel's do_sea() records every synchronous external abort
 * the guest takes, with the FAR and ESR its exception entry read, and init
 * prints them at the end. Every line of ours starts with "ras-guest: ".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

/* The reader reads here, inside the page, so that FAR is not page aligned */
#define READ_OFFSET	0x88

#define TRACING		"/sys/kernel/tracing"
/* arm64 signal frame records (asm/sigcontext.h) */
#define ESR_MAGIC	0x45535201

static long page_size;

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

static void on_sigbus(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	/* Print, then die of the signal so that init sees how we ended */
	dprintf(1, "ras-guest: SIGBUS si_code %d si_addr %#lx si_addr_lsb %d esr %#lx\n",
		si->si_code, (unsigned long)si->si_addr, (int)si->si_addr_lsb,
		frame_esr(uc));
	signal(SIGBUS, SIG_DFL);
	raise(SIGBUS);
}

static int put(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_APPEND);
	int ret = fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text);

	if (ret)
		dprintf(1, "ras-guest: writing %s: %s\n", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	return ret;
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

	while (f && fgets(line, sizeof(line), f)) {
		p = strstr(line, " far=");
		if (p && sscanf(p, " far=%lx esr=%lx", &far, &esr) == 2)
			dprintf(1, "ras-guest: kernel took an SEA: esr %#lx far %#lx\n",
				esr, far);
	}
	if (f)
		fclose(f);
}

static uint64_t gpa_of(void *va)
{
	uint64_t entry = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY);

	if (fd < 0 || pread(fd, &entry, 8, (uintptr_t)va / page_size * 8) != 8)
		return 0;
	close(fd);
	if (!(entry & (1ULL << 63)))
		return 0;
	return (entry & ((1ULL << 55) - 1)) * page_size;
}

static int reader(void)
{
	struct sigaction sa = { .sa_sigaction = on_sigbus, .sa_flags = SA_SIGINFO };
	unsigned char *page;
	char line[64];
	uint64_t gpa;

	/* Executable too: the host may ask for a fetch instead of a load */
	page = mmap(NULL, page_size, PROT_READ | PROT_WRITE | PROT_EXEC,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED)
		return 2;
	memset(page, 0x5a, page_size);
	/* AArch64 RET at the address the reader uses */
	*(volatile uint32_t *)(page + READ_OFFSET) = 0xd65f03c0;
	__builtin___clear_cache((char *)page, (char *)page + page_size);
	gpa = gpa_of(page);
	if (!gpa) {
		dprintf(1, "ras-guest: no guest physical address for the page\n");
		return 2;
	}
	sigaction(SIGBUS, &sa, NULL);
	dprintf(1, "ras-guest: page va %#lx gpa %#lx read va %#lx\n",
		(unsigned long)page, (unsigned long)gpa,
		(unsigned long)page + READ_OFFSET);
	/* The host makes the page fail, then sends "go" or "fetch" */
	if (!fgets(line, sizeof(line), stdin))
		return 2;
	if (!strncmp(line, "fetch", 5)) {
		dprintf(1, "ras-guest: executing\n");
		((void (*)(void))(page + READ_OFFSET))();
		dprintf(1, "ras-guest: the call returned: the page did not fail\n");
		return 1;
	}
	dprintf(1, "ras-guest: reading\n");
	dprintf(1, "ras-guest: read returned %#x: the page did not fail\n",
		((volatile unsigned char *)page)[READ_OFFSET]);
	return 1;
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

static int run(const char *name, int (*fn)(void))
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		fflush(stdout);
		_exit(fn());
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	if (WIFSIGNALED(status))
		dprintf(1, "ras-guest: %s killed by signal %d\n", name,
			WTERMSIG(status));
	else
		dprintf(1, "ras-guest: %s exited %d\n", name, WEXITSTATUS(status));
	return status;
}

int main(void)
{
	page_size = sysconf(_SC_PAGESIZE);
	mkdir("/proc", 0755);
	mount("proc", "/proc", "proc", 0, NULL);
	setvbuf(stdin, NULL, _IONBF, 0);

	dprintf(1, "ras-guest: up\n");
	trace_sea();
	run("reader", reader);
	run("second process", survivor);
	print_seas();
	dprintf(1, "ras-guest: done\n");
	sync();
	reboot(RB_POWER_OFF);
	return 0;
}
