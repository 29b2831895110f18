// SPDX-License-Identifier: GPL-2.0
/*
 * timeout for the kselftest initramfs: "timeout [--foreground] SECONDS CMD
 * [ARGS...]" runs CMD and, if it has not finished after SECONDS, sends it
 * SIGTERM, then SIGKILL a second later, and exits 124, as coreutils'
 * timeout does. kselftest's runner.sh calls /usr/bin/timeout with
 * --foreground, which busybox's timeout does not take.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t expired;

static void on_alarm(int sig)
{
	expired = 1;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	int i = 1, status;
	unsigned int secs;
	pid_t pid;

	if (i < argc && !strcmp(argv[i], "--foreground"))
		i++;
	if (argc - i < 2) {
		fprintf(stderr, "usage: timeout [--foreground] SECONDS CMD [ARGS...]\n");
		return 125;
	}
	secs = strtoul(argv[i++], NULL, 10);

	pid = fork();
	if (pid < 0)
		return 125;
	if (!pid) {
		execvp(argv[i], &argv[i]);
		perror(argv[i]);
		_exit(127);
	}

	sigaction(SIGALRM, &sa, NULL);
	alarm(secs);
	while (waitpid(pid, &status, 0) < 0) {
		if (!expired)
			continue;
		kill(pid, SIGTERM);
		sleep(1);
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		return 124;
	}
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
