// SPDX-License-Identifier: GPL-2.0
/*
 * init for the test initramfs: mount what the KVM selftests need, run each
 * program listed in /tests.list under a time limit, report TAP on the console
 * and power off.
 *
 * /tests.list holds one test a line: "name timeout [uid=N] path [args...]",
 * where path is relative to /bin; with uid=N the test runs as that user
 * (and group), with /dev/kvm open to it. A test's own output is relayed with a "# "
 * prefix, so that the only top-level TAP lines on the console are ours.
 * Exit status 4 (KSFT_SKIP) is reported as a skip.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_TESTS	512
#define MAX_ARGS	32
#define KSFT_SKIP	4

struct test {
	char *name;
	int timeout;
	int uid;		/* -1: root */
	char *argv[MAX_ARGS + 1];
};

static struct test tests[MAX_TESTS];
static int ntests;

static void say(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	/* One write a line, so kernel messages do not split it. */
	if (write(1, buf, n) < 0)
		return;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void setup(void)
{
	int fd;

	mkdir("/dev", 0755);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	fd = open("/dev/console", O_RDWR);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
	mkdir("/proc", 0755);
	mount("proc", "/proc", "proc", 0, NULL);
	mkdir("/sys", 0755);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL);
	mount("tracefs", "/sys/kernel/tracing", "tracefs", 0, NULL);
	mkdir("/tmp", 01777);
	mount("tmpfs", "/tmp", "tmpfs", 0, NULL);
	mkdir("/dev/shm", 01777);
	mount("tmpfs", "/dev/shm", "tmpfs", 0, NULL);
	mkdir("/dev/hugepages", 0755);
	mount("hugetlbfs", "/dev/hugepages", "hugetlbfs", 0, NULL);
	setenv("PATH", "/bin", 1);
	setenv("HOME", "/", 1);
}

static void load_list(const char *path)
{
	static char line[4096];
	FILE *f = fopen(path, "r");

	if (!f) {
		say("# init: cannot open %s: %s\n", path, strerror(errno));
		return;
	}
	while (fgets(line, sizeof(line), f) && ntests < MAX_TESTS) {
		struct test *t = &tests[ntests];
		char *save, *tok;
		int argc = 0;

		if (line[0] == '#' || line[0] == '\n')
			continue;
		tok = strtok_r(line, " \t\n", &save);
		if (!tok)
			continue;
		t->name = strdup(tok);
		tok = strtok_r(NULL, " \t\n", &save);
		t->timeout = tok ? atoi(tok) : 60;
		t->uid = -1;
		while ((tok = strtok_r(NULL, " \t\n", &save)) && argc < MAX_ARGS) {
			if (!argc && t->uid < 0 && !strncmp(tok, "uid=", 4)) {
				t->uid = atoi(tok + 4);
				continue;
			}
			t->argv[argc++] = strdup(tok);
		}
		t->argv[argc] = NULL;
		if (!argc)
			continue;
		ntests++;
	}
	fclose(f);
}

/* Relay the child's output line by line with a "# " prefix. */
static void relay(char *buf, size_t *len, int flush)
{
	char *p = buf, *nl;

	while ((nl = memchr(p, '\n', buf + *len - p))) {
		say("# %.*s\n", (int)(nl - p), p);
		p = nl + 1;
	}
	*len -= p - buf;
	memmove(buf, p, *len);
	if ((flush || *len > 900) && *len) {
		say("# %.*s\n", (int)*len, buf);
		*len = 0;
	}
}

static int run_one(int n, struct test *t)
{
	char path[256], buf[2048];
	double start = now(), left;
	int pipefd[2], status = 0, timed_out = 0;
	size_t len = 0;
	pid_t pid;

	snprintf(path, sizeof(path), "/bin/%s", t->argv[0]);
	if (pipe(pipefd)) {
		say("not ok %d %s # pipe: %s\n", n, t->name, strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid == 0) {
		int null;

		setsid();
		if (chdir("/bin"))
			_exit(126);
		dup2(pipefd[1], 1);
		dup2(pipefd[1], 2);
		close(pipefd[0]);
		close(pipefd[1]);
		null = open("/dev/null", O_RDONLY);
		if (null >= 0)
			dup2(null, 0);
		if (t->uid >= 0 && (chmod("/dev/kvm", 0666) ||
				    setgid(t->uid) || setuid(t->uid)))
			_exit(126);
		execv(path, t->argv);
		fprintf(stderr, "exec %s: %s\n", path, strerror(errno));
		_exit(127);
	}
	close(pipefd[1]);
	for (;;) {
		struct pollfd pfd = { .fd = pipefd[0], .events = POLLIN };
		ssize_t r;

		left = start + t->timeout - now();
		if (left <= 0) {
			timed_out = 1;
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			break;
		}
		if (poll(&pfd, 1, (int)(left * 1000) + 1) <= 0)
			continue;
		r = read(pipefd[0], buf + len, sizeof(buf) - len - 1);
		if (r <= 0)
			break;
		len += r;
		relay(buf, &len, 0);
	}
	relay(buf, &len, 1);
	close(pipefd[0]);
	waitpid(pid, &status, 0);
	/* Reap anything the test left behind. */
	kill(-pid, SIGKILL);
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;

	say("# %s: %.1f s\n", t->name, now() - start);
	if (timed_out) {
		say("not ok %d %s # TIMEOUT %d s\n", n, t->name, t->timeout);
		return 1;
	}
	if (WIFSIGNALED(status)) {
		say("not ok %d %s # killed by signal %d\n", n, t->name,
		    WTERMSIG(status));
		return 1;
	}
	if (WEXITSTATUS(status) == KSFT_SKIP) {
		say("ok %d %s # SKIP\n", n, t->name);
		return 0;
	}
	if (WEXITSTATUS(status)) {
		say("not ok %d %s # exit=%d\n", n, t->name, WEXITSTATUS(status));
		return 1;
	}
	say("ok %d %s\n", n, t->name);
	return 0;
}

int main(void)
{
	double start;
	int i;

	setup();
	load_list("/tests.list");
	start = now();
	say("TAP version 13\n");
	say("1..%d\n", ntests);
	for (i = 0; i < ntests; i++)
		run_one(i + 1, &tests[i]);
	say("# init: all tests done in %.0f s\n", now() - start);
	sync();
	reboot(RB_POWER_OFF);
	return 0;
}
