/* check_secure.c - no core dumps: the limit is 0 (and cannot be raised
 * back), the process is not dumpable, and a crash leaves no core file. */
#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "secure.h"
#include "testutil.h"

START_TEST(test_limits_and_dumpable)
{
	/* Check forks every test: this changes the test's own process only. */
	struct rlimit big = { RLIM_INFINITY, RLIM_INFINITY };
	setrlimit(RLIMIT_CORE, &big); /* may fail unprivileged: fine */
	prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
	ck_assert_int_eq(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 1);

	struct pf_error err;
	pf_error_clear(&err);
	ck_assert_int_eq(secure_no_core_dumps(&err), 0);
	ck_assert_int_eq(err.kind, PF_OK);
	ck_assert_int_eq(secure_no_core_dumps(NULL), 0); /* again, no err */

	struct rlimit rl;
	ck_assert_int_eq(getrlimit(RLIMIT_CORE, &rl), 0);
	ck_assert_uint_eq(rl.rlim_cur, 0);
	ck_assert_uint_eq(rl.rlim_max, 0);
	ck_assert_int_eq(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
	if (geteuid() != 0) /* the hard limit holds for the unprivileged */
		ck_assert_int_eq(setrlimit(RLIMIT_CORE, &big), -1);
}
END_TEST

START_TEST(test_crash_leaves_no_core)
{
	char *dir = tu_tempdir();
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct rlimit big = { RLIM_INFINITY, RLIM_INFINITY };
		if (chdir(dir) != 0)
			_exit(2);
		setrlimit(RLIMIT_CORE, &big); /* as far as we may */
		secure_no_core_dumps(NULL);
		signal(SIGQUIT, SIG_DFL); /* a background job inherits it ignored */
		raise(SIGQUIT); /* dumps core by default (and no sanitizer catches it) */
		_exit(3);
	}
	int status;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFSIGNALED(status));
	ck_assert_int_eq(WTERMSIG(status), SIGQUIT);
	ck_assert(!WCOREDUMP(status));
	char core[4096];
	snprintf(core, sizeof(core), "%s/core", dir);
	struct stat st;
	ck_assert_int_eq(stat(core, &st), -1);
	tu_rmtree(dir);
	free(dir);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("secure");
	TCase *tc = tcase_create("secure");
	tcase_add_test(tc, test_limits_and_dumpable);
	tcase_add_test(tc, test_crash_leaves_no_core);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
