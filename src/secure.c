/* secure.c - process hardening; see secure.h. */
#include "secure.h"

#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

/* No core dumps and not dumpable; see secure.h. */
int secure_no_core_dumps(struct pf_error *err)
{
	int rc = 0;
	struct rlimit none = { 0, 0 };
	if (setrlimit(RLIMIT_CORE, &none) < 0)
		rc = pf_error_set(err, PF_ERR_IO, "cannot turn core dumps off: %s",
		                  strerror(errno));
#ifdef __linux__
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		rc = pf_error_set(err, PF_ERR_IO, "cannot make the process "
		                  "undumpable: %s", strerror(errno));
#endif
	return rc;
}
