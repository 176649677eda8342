/* fuzz_config.c - libFuzzer target: the config file parser on any bytes,
 * through a private temporary file as profed reads it. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[] = "/tmp/profed-fuzz-config-XXXXXX";
static int fd = -1;

/* One input: write it as the config file (mode 0600), load, resolve. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (fd < 0 && (fd = mkstemp(path)) < 0)
		return 0;
	if (ftruncate(fd, 0) < 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
		return 0;
	struct config cfg;
	struct pf_error err;
	pf_error_clear(&err); /* success leaves err alone: say nothing */
	config_init(&cfg);
	if (config_load_file(&cfg, path, &err) == 0)
		config_finish(&cfg, &err);
	char s[1024];
	pf_error_sentence(&err, s, sizeof(s));
	config_free(&cfg);
	return 0;
}

/* Remove the temporary file when the fuzzer exits. */
__attribute__((destructor)) static void fuzz_config_cleanup(void)
{
	if (fd >= 0)
		unlink(path);
}
