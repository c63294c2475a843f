/* A tiny assertion kit for the unit tests: count, report, carry on. */
#ifndef UNIT_H
#define UNIT_H
#include <stdio.h>
#include <string.h>

static int	unit_checks;
static int	unit_failures;

#define CHECK(expr) do {						\
	unit_checks++;							\
	if (!(expr)) {							\
		unit_failures++;					\
		printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #expr);	\
	}								\
} while (0)

#define CHECK_INT(a, b) do {						\
	long long unit_a = (long long)(a), unit_b = (long long)(b);	\
	unit_checks++;							\
	if (unit_a != unit_b) {						\
		unit_failures++;					\
		printf("FAIL %s:%d: %s == %s (%lld != %lld)\n",		\
		    __FILE__, __LINE__, #a, #b, unit_a, unit_b);	\
	}								\
} while (0)

#define CHECK_STR(a, b) do {						\
	const char *unit_a = (a), *unit_b = (b);			\
	unit_checks++;							\
	if (unit_a == NULL || unit_b == NULL ?				\
	    unit_a != unit_b : strcmp(unit_a, unit_b) != 0) {		\
		unit_failures++;					\
		printf("FAIL %s:%d: %s == %s (\"%s\" != \"%s\")\n",	\
		    __FILE__, __LINE__, #a, #b,				\
		    unit_a ? unit_a : "(null)",				\
		    unit_b ? unit_b : "(null)");			\
	}								\
} while (0)

#define CHECK_MEM(a, alen, b, blen) do {				\
	size_t unit_al = (alen), unit_bl = (blen);			\
	unit_checks++;							\
	if (unit_al != unit_bl ||					\
	    (unit_al > 0 && memcmp((a), (b), unit_al) != 0)) {		\
		unit_failures++;					\
		printf("FAIL %s:%d: %s == %s (%zu/%zu bytes)\n",	\
		    __FILE__, __LINE__, #a, #b, unit_al, unit_bl);	\
	}								\
} while (0)

/* End of main: summary line and exit status. */
static int
unit_done(void)
{
	if (unit_failures != 0) {
		printf("%d of %d checks failed\n", unit_failures, unit_checks);
		return 1;
	}
	if (unit_checks == 0) {
		printf("no checks ran\n");
		return 1;
	}
	printf("%d checks passed\n", unit_checks);
	return 0;
}
#endif
