// SPDX-License-Identifier: GPL-2.0
/*
 * qemu_ras: the companion QEMU (qemu/patches/) runs a real guest with KVM
 * on this host (the series' kernel), one page of the guest fails, and
 * every layer must see the same page.
 *
 *   qemu_ras sea_exit  the series' injection point (fail_sea) turns the
 *                      guest's next access to the page into an SEA that
 *                      nothing in the host claims: QEMU gets
 *                      KVM_EXIT_ARM_SEA with the page's address
 *   qemu_ras sea_exit_fetch  the same for an instruction fetch from it
 *   qemu_ras sea_exit_nogpa  the same with FnV set: the exit has no
 *                      address, QEMU writes no record and the guest can
 *                      only kill the reader (BUS_OBJERR)
 *   qemu_ras hwpoison  the host page behind it is poisoned (debugfs
 *                      hwpoison/corrupt-pfn): QEMU's vCPU thread gets
 *                      SIGBUS BUS_MCEERR_AR when the guest reads it
 *
 * The guest (UEFI, ACPI, virt ras=on) runs guest_init.c, which prints the
 * page's virtual and guest physical addresses and reads it on our signal.
 * QEMU runs with its RAS trace events on. Checked, with exact values and
 * exact counts (a doubled exit, record or injection fails):
 *   QEMU     the exit (sea_exit: ESR, flags, gva, gpa) or the SIGBUS
 *            (hwpoison: si_code, guest physical address), the CPER record's
 *            address, the syndrome and FAR of the abort it injects, and
 *            its own exit status
 *   guest    the SEA its kernel took (ESR and FAR, from a kprobe on
 *            do_sea()), the GHES memory error logged at the page's physical
 *            address, the reader killed by SIGBUS with the si_code,
 *            si_addr, si_addr_lsb and ESR of its signal frame, a second
 *            process that runs after
 * The guest kernel's own messages are checked by scripts/summarize.sh.
 *
 * qemu_ras MODE --replay FILE runs the same checks on a transcript of the
 * lines this program relays ("guest| ...", "qemu| ...", "QEMU exited with
 * N"), without QEMU: scripts/test-qemu-ras.sh tries the checks that way.
 * Exit status: 0 pass, 1 fail, 4 skip (what is missing is printed).
 */
#define _GNU_SOURCE
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
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define KSFT_SKIP	4
#define DIR_		"/nested/"
#define RAM_FILE	"/dev/shm/qemu-ras-ram"
#define RAM_BASE	((uint64_t)0x40000000)	/* virt machine */
#define RAM_SIZE	((uint64_t)512 << 20)
#define PAGE		((uint64_t)4096)
#define TIMEOUT		600
/* Must match guest_init.c */
#define READ_OFFSET	0x88

/* What each layer reported (the last of each); ~0 until seen */
struct seen {
	uint64_t va, gpa, read_va;			/* guest: the page */
	uint64_t exit_esr, exit_flags, exit_gva, exit_gpa;	/* QEMU: exit */
	int sigbus_code;				/* QEMU: SIGBUS AR */
	uint64_t sigbus_gpa;
	uint64_t record_gpa;				/* QEMU: CPER record */
	uint64_t inject_esr, inject_far;		/* QEMU: abort */
	uint64_t sea_esr, sea_far;			/* guest kernel: do_sea() */
	uint64_t log_pa;				/* guest kernel: GHES */
	int sig_code, sig_lsb;				/* guest reader */
	uint64_t sig_addr, sig_esr;
	int reader_sig, second_ran, done, failed_to_arm;
	int qemu_exit;			/* exit code, 128 + signal, -1 */
	/* How many times each was seen */
	int n_exit, n_ar, n_ao, n_record, n_inject, n_sea, n_log, n_sig;
};

enum mode { SEA_READ, SEA_FETCH, SEA_NOGPA, HWPOISON };

static const char *const mode_names[] = {
	[SEA_READ] = "sea_exit", [SEA_FETCH] = "sea_exit_fetch",
	[SEA_NOGPA] = "sea_exit_nogpa", [HWPOISON] = "hwpoison",
};

static int failures;
static pid_t qemu_pid;
static enum mode mode;
static bool replay;

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

/*
 * sea_exit: arm fail_sea for the page, once, then punch the page out of
 * the RAM file so that KVM drops its stage-2 mapping: the guest's next
 * access faults, and the injection point turns that fault into the SEA.
 */
static int fail_page_sea(uint64_t gpa)
{
	char dir[320], path[352];
	int fd, ret;

	if (!find_fail_sea(dir, sizeof(dir))) {
		printf("no fail_sea directory for QEMU's VM\n");
		return -1;
	}
	/* FnV set: FAR_EL2 and HPFAR_EL2 unknown, so no gva and no gpa */
	snprintf(path, sizeof(path), "%s/esr", dir);
	ret = write_file(path, mode == SEA_NOGPA ? "0x410" : "0x10");
	snprintf(path, sizeof(path), "%s/probability", dir);
	ret = ret ?: write_file(path, "100");
	/* One line in the host's log when it fires, no stack dump */
	snprintf(path, sizeof(path), "%s/verbose", dir);
	ret = ret ?: write_file(path, "1");
	snprintf(path, sizeof(path), "%s/interval", dir);
	ret = ret ?: write_file(path, "1");
	snprintf(path, sizeof(path), "%s/times", dir);
	ret = ret ?: write_file(path, "1");
	snprintf(path, sizeof(path), "%s/ipa_range", dir);
	ret = ret ?: write_file(path, "%#" PRIx64 " %#" PRIx64, gpa, gpa + PAGE);
	if (ret)
		return -1;
	fd = open(RAM_FILE, O_RDWR);
	if (fd < 0 || fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
				gpa - RAM_BASE, PAGE)) {
		printf("punching the page out of %s: %s\n", RAM_FILE, strerror(errno));
		return -1;
	}
	close(fd);
	printf("host: fail_sea armed for [%#" PRIx64 ", %#" PRIx64 "), page dropped from stage 2\n",
	       gpa, (uint64_t)(gpa + PAGE));
	return 0;
}

/* hwpoison: poison the host page that backs the guest page */
static int fail_page_hwpoison(uint64_t gpa)
{
	uint64_t entry = 0, pfn;
	volatile char *p;
	int fd, pm;

	fd = open(RAM_FILE, O_RDWR);
	if (fd < 0)
		return -1;
	p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, gpa - RAM_BASE);
	close(fd);
	if (p == MAP_FAILED)
		return -1;
	(void)p[0];
	pm = open("/proc/self/pagemap", O_RDONLY);
	if (pm < 0 || pread(pm, &entry, 8, (uintptr_t)p / PAGE * 8) != 8)
		entry = 0;
	close(pm);
	munmap((void *)p, PAGE);
	if (!(entry & (1ULL << 63)) || !(entry & ((1ULL << 55) - 1))) {
		printf("no host page frame for guest page %#" PRIx64 "\n", gpa);
		return -1;
	}
	pfn = entry & ((1ULL << 55) - 1);
	if (write_file("/sys/kernel/debug/hwpoison/corrupt-pfn", "%#" PRIx64, pfn))
		return -1;
	printf("host: page frame %#" PRIx64 " behind guest page %#" PRIx64 " poisoned\n",
	       pfn, gpa);
	return 0;
}

static void parse_guest(struct seen *s, const char *l, int to_qemu)
{
	const char *go = mode == SEA_FETCH ? "fetch\n" : "go\n";
	const char *p;

	if (sscanf(l, "ras-guest: page va %" SCNx64 " gpa %" SCNx64 " read va %" SCNx64,
		   &s->va, &s->gpa, &s->read_va) == 3 && !replay) {
		if (s->gpa < RAM_BASE || s->gpa >= RAM_BASE + RAM_SIZE ||
		    (mode == HWPOISON ? fail_page_hwpoison(s->gpa) : fail_page_sea(s->gpa)))
			s->failed_to_arm = 1;
		/* Go on either way: the guest finds the page intact and says so */
		if (write(to_qemu, go, strlen(go)) != (ssize_t)strlen(go))
			s->failed_to_arm = 1;
	}
	if (sscanf(l, "ras-guest: SIGBUS si_code %d si_addr %" SCNx64
		   " si_addr_lsb %d esr %" SCNx64, &s->sig_code, &s->sig_addr,
		   &s->sig_lsb, &s->sig_esr) == 4)
		s->n_sig++;
	if (sscanf(l, "ras-guest: kernel took an SEA: esr %" SCNx64 " far %" SCNx64,
		   &s->sea_esr, &s->sea_far) == 2)
		s->n_sea++;
	sscanf(l, "ras-guest: reader killed by signal %d", &s->reader_sig);
	if (strstr(l, "ras-guest: second process ran"))
		s->second_ran = 1;
	if (strstr(l, "ras-guest: done"))
		s->done = 1;
	/* CPER memory error section, as the guest kernel prints it */
	p = strstr(l, "physical_address: 0x");
	if (p) {
		s->log_pa = strtoull(p + strlen("physical_address: "), NULL, 16);
		s->n_log++;
	}
}

static void parse_qemu(struct seen *s, const char *l)
{
	const char *p;
	int cpu;

	if ((p = strstr(l, "kvm_arm_sea_exit ")) &&
	    sscanf(p, "kvm_arm_sea_exit cpu %d esr %" SCNx64 " flags %" SCNx64
		   " gva %" SCNx64 " gpa %" SCNx64, &cpu, &s->exit_esr,
		   &s->exit_flags, &s->exit_gva, &s->exit_gpa) == 5)
		s->n_exit++;
	if ((p = strstr(l, "kvm_arm_sigbus "))) {
		int code = 0;
		uint64_t gpa;
		void *hva;

		/* The synchronous one, on a vCPU thread, is checked */
		if (sscanf(p, "kvm_arm_sigbus cpu %d si_code %d host address %p"
			   " guest physical address %" SCNx64, &cpu, &code, &hva,
			   &gpa) == 4 && code == 4) {
			s->sigbus_code = code;
			s->sigbus_gpa = gpa;
			s->n_ar++;
		} else if (code == 5) {
			s->n_ao++;
		}
	}
	if ((p = strstr(l, "acpi_ghes_record_error ")) &&
	    sscanf(p, "acpi_ghes_record_error source %*u memory error at guest"
		   " physical address %" SCNx64, &s->record_gpa) == 1)
		s->n_record++;
	if ((p = strstr(l, "kvm_arm_inject_sea ")) &&
	    sscanf(p, "kvm_arm_inject_sea cpu %d ESR_EL1 %" SCNx64 " FAR_EL1 %" SCNx64,
		   &cpu, &s->inject_esr, &s->inject_far) == 3)
		s->n_inject++;
}

static void handle_line(char *line, const char *tag, struct seen *s,
			int to_qemu)
{
	size_t n = strlen(line);

	if (n && line[n - 1] == '\r')
		line[n - 1] = '\0';
	printf("%s%s\n", tag, line);
	if (*tag == 'g')
		parse_guest(s, line, to_qemu);
	else
		parse_qemu(s, line);
}

/* Relay the complete lines read from fd with a prefix, parsing each */
static int pump(int fd, char *buf, size_t *len, size_t size, const char *tag,
		struct seen *s, int to_qemu)
{
	ssize_t n = read(fd, buf + *len, size - 1 - *len);
	char *line = buf, *nl;

	if (n <= 0)
		return -1;
	*len += n;
	while ((nl = memchr(line, '\n', buf + *len - line))) {
		*nl = '\0';
		handle_line(line, tag, s, to_qemu);
		line = nl + 1;
	}
	*len -= line - buf;
	memmove(buf, line, *len);
	if (*len == size - 1) {
		/* A line longer than the buffer: take it as it is */
		buf[*len] = '\0';
		handle_line(buf, tag, s, to_qemu);
		*len = 0;
	}
	return 0;
}

static int run_qemu(struct seen *s)
{
	int in[2], out[2], err[2], status;
	static char obuf[4096], ebuf[4096];
	size_t olen = 0, elen = 0;
	time_t end = time(NULL) + TIMEOUT;
	char *argv[] = {
		DIR_ "qemu-system-aarch64",
		"-machine", "virt,gic-version=3,ras=on,memory-backend=ram",
		"-accel", "kvm", "-cpu", "host", "-smp", "1", "-m", "512M",
		"-object", "memory-backend-file,id=ram,size=512M,share=on,mem-path=" RAM_FILE,
		"-bios", DIR_ "QEMU_EFI.fd",
		"-kernel", DIR_ "Image", "-initrd", DIR_ "guest.cpio",
		"-append", "console=ttyAMA0 acpi=force panic=-1",
		"-nodefaults", "-display", "none", "-serial", "stdio", "-no-reboot",
		"-trace", "kvm_arm_sea_exit", "-trace", "kvm_arm_sigbus",
		"-trace", "kvm_arm_inject_sea", "-trace", "kvm_arm_enable_sea_to_user",
		"-trace", "acpi_ghes_record_error",
		NULL
	};
	struct pollfd pfd[2];
	int open_fds = 2, i;

	if (pipe(in) || pipe(out) || pipe(err))
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
	pfd[0] = (struct pollfd){ .fd = out[0], .events = POLLIN };
	pfd[1] = (struct pollfd){ .fd = err[0], .events = POLLIN };
	while (open_fds && time(NULL) < end) {
		if (poll(pfd, 2, 1000) < 0 && errno != EINTR)
			break;
		for (i = 0; i < 2; i++) {
			if (!(pfd[i].revents & (POLLIN | POLLHUP)))
				continue;
			if (pump(pfd[i].fd, i ? ebuf : obuf, i ? &elen : &olen,
				 sizeof(obuf), i ? "qemu| " : "guest| ", s,
				 in[1])) {
				pfd[i].fd = -1;
				open_fds--;
			}
		}
	}
	if (open_fds) {
		printf("timeout: QEMU still running after %d s\n", TIMEOUT);
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
			handle_line(line + 7, "guest| ", s, -1);
		else if (!strncmp(line, "qemu| ", 6))
			handle_line(line + 6, "qemu| ", s, -1);
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

static void check_exit(struct seen *s, uint64_t esr, uint64_t flags,
		       uint64_t gva, uint64_t gpa)
{
	check(s->exit_esr == esr, "QEMU: KVM_EXIT_ARM_SEA esr %#" PRIx64 " (want %#" PRIx64 ")",
	      s->exit_esr, esr);
	check(s->exit_flags == flags, "QEMU: exit flags %#" PRIx64 " (want %#" PRIx64 ")",
	      s->exit_flags, flags);
	check(s->exit_gva == gva, "QEMU: exit gva %#" PRIx64 " (want %#" PRIx64 ")",
	      s->exit_gva, gva);
	check(s->exit_gpa == gpa, "QEMU: exit gpa %#" PRIx64 " (want %#" PRIx64 ")",
	      s->exit_gpa, gpa);
}

/* What a scenario must see, and how many times */
struct want {
	int exits, ar, ao, records, injects, seas, logs;
	uint64_t esr;		/* the abort QEMU injects; FnV: FAR 0 */
	uint64_t frame_esr;	/* in the reader's signal frame */
};

/*
 * A reader whose page the guest retired is signalled by its retried
 * access, a level 3 translation fault (FSC 0x07) on the unmapped page;
 * an SEA the guest cannot claim signals it with the SEA's syndrome.
 */
static const struct want wants[] = {
	/* fail_sea's default ISS is FSC 0x10 alone: EA clear in the exit */
	[SEA_READ]  = { 1, 0, 0, 1, 1, 1, 1, 0x92000210, 0x92000007 },
	[SEA_FETCH] = { 1, 0, 0, 1, 1, 1, 1, 0x82000210, 0x82000007 },
	/* FnV: no gva, no gpa, no record */
	[SEA_NOGPA] = { 1, 0, 0, 0, 1, 1, 0, 0x92000610, 0x92000610 },
	/* QEMU knows no virtual address: FnV; an AO first, on the main thread */
	[HWPOISON]  = { 0, 1, 1, 1, 1, 1, 1, 0x92000610, 0x92000007 },
};

static void check_count(const char *what, int n, int want)
{
	check(n == want, "%s: %d (want %d)", what, n, want);
}

int main(int argc, char **argv)
{
	const struct want *w;
	struct seen s;
	uint64_t far;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (mode = 0; argc >= 2 && mode <= HWPOISON; mode++)
		if (!strcmp(argv[1], mode_names[mode]))
			break;
	replay = argc == 4 && !strcmp(argv[2], "--replay");
	if ((argc != 2 && !replay) || mode > HWPOISON) {
		fprintf(stderr, "usage: %s sea_exit|sea_exit_fetch|sea_exit_nogpa|hwpoison [--replay FILE]\n",
			argv[0]);
		return 2;
	}
	w = &wants[mode];
	if (!replay && (!present("/dev/kvm") || !present(DIR_ "qemu-system-aarch64") ||
			!present(DIR_ "QEMU_EFI.fd") || !present(DIR_ "Image")))
		return KSFT_SKIP;
	if (!replay && mode == HWPOISON && !present("/sys/kernel/debug/hwpoison/corrupt-pfn"))
		return KSFT_SKIP;

	memset(&s, 0xff, sizeof(s));
	s.sigbus_code = s.sig_code = s.sig_lsb = s.reader_sig = 0;
	s.second_ran = s.done = s.failed_to_arm = 0;
	s.n_exit = s.n_ar = s.n_ao = s.n_record = s.n_inject = 0;
	s.n_sea = s.n_log = s.n_sig = 0;
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

	printf("---- %s: what each layer saw ----\n", argv[1]);
	check(s.gpa != ~0ULL, "guest: page va %#" PRIx64 " at guest physical %#" PRIx64,
	      s.va, s.gpa);
	check(!s.failed_to_arm, "host: the page was made to fail");
	check(s.qemu_exit == 0, "QEMU: exit status %d (want 0)", s.qemu_exit);

	/* QEMU's view: what KVM told it, and what it did */
	check_count("QEMU: KVM_EXIT_ARM_SEA exits", s.n_exit, w->exits);
	check_count("QEMU: SIGBUS BUS_MCEERR_AR on a vCPU thread", s.n_ar, w->ar);
	check_count("QEMU: SIGBUS BUS_MCEERR_AO", s.n_ao, w->ao);
	check_count("QEMU: CPER records written", s.n_record, w->records);
	check_count("QEMU: aborts injected", s.n_inject, w->injects);
	switch (mode) {
	case SEA_READ:
		check_exit(&s, 0x92000010, 1, s.read_va, s.gpa);
		break;
	case SEA_FETCH:
		check_exit(&s, 0x82000010, 1, s.read_va, s.gpa);
		break;
	case SEA_NOGPA:
		/* FnV: no gva, no gpa, and both zero as in mainline */
		check_exit(&s, 0x92000410, 0, 0, 0);
		break;
	case HWPOISON:
		check(s.sigbus_code == 4 && s.sigbus_gpa == s.gpa,
		      "QEMU: SIGBUS si_code %d (BUS_MCEERR_AR 4) on a vCPU thread for guest physical %#" PRIx64 " (want %#" PRIx64 ")",
		      s.sigbus_code, s.sigbus_gpa, s.gpa);
		break;
	}
	if (w->records)
		check(s.record_gpa == s.gpa, "QEMU: CPER record for guest physical %#" PRIx64 " (want %#" PRIx64 ")",
		      s.record_gpa, s.gpa);
	far = w->esr & (1 << 10) ? 0 : s.read_va;
	check(s.inject_esr == w->esr, "QEMU: injected ESR_EL1 %#" PRIx64 " (want %#" PRIx64 ")",
	      s.inject_esr, w->esr);
	check(s.inject_far == far, "QEMU: injected FAR_EL1 %#" PRIx64 " (want %#" PRIx64 ")",
	      s.inject_far, far);

	/* The guest's view: what its kernel took, logged and signalled */
	check_count("guest kernel: SEAs taken (do_sea)", s.n_sea, w->seas);
	check(s.sea_esr == w->esr && s.sea_far == far,
	      "guest kernel: took ESR %#" PRIx64 " FAR %#" PRIx64 " (want %#" PRIx64 " %#" PRIx64 ")",
	      s.sea_esr, s.sea_far, w->esr, far);
	check_count("guest kernel: GHES memory errors logged", s.n_log, w->logs);
	if (w->logs)
		check(s.log_pa == s.gpa, "guest kernel: GHES memory error at physical_address %#" PRIx64 " (want %#" PRIx64 ")",
		      s.log_pa, s.gpa);
	check_count("guest reader: SIGBUS signals", s.n_sig, 1);
	if (w->logs) {
		/*
		 * The guest kernel retires the page and unmaps it; the
		 * reader's access then faults on the poisoned page, and arm64
		 * reports that fault's address: the address used, not the
		 * page's. Its signal frame holds that fault's syndrome.
		 */
		check(s.sig_code == 4 && s.sig_addr == s.read_va && s.sig_lsb == 12 &&
		      s.sig_esr == w->frame_esr,
		      "guest reader: SIGBUS si_code %d (4) si_addr %#" PRIx64 " (%#" PRIx64 ") si_addr_lsb %d (12) ESR %#" PRIx64 " (%#" PRIx64 ")",
		      s.sig_code, s.sig_addr, s.read_va, s.sig_lsb, s.sig_esr,
		      w->frame_esr);
	} else {
		/* An SEA that the guest's APEI cannot claim, FAR unknown */
		check(s.sig_code == 3 && s.sig_addr == 0 && s.sig_esr == w->frame_esr,
		      "guest reader: SIGBUS si_code %d (BUS_OBJERR 3) si_addr %#" PRIx64 " (0) ESR %#" PRIx64 " (%#" PRIx64 ")",
		      s.sig_code, s.sig_addr, s.sig_esr, w->frame_esr);
	}
	check(s.reader_sig == SIGBUS, "guest reader killed by signal %d (SIGBUS)", s.reader_sig);
	check(s.second_ran && s.done, "guest: a second process ran and the guest shut down cleanly");
	printf("%s: %s, %d failed\n", argv[1], failures ? "FAIL" : "PASS", failures);
	return failures ? 1 : 0;
}
