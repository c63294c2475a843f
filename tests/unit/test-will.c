/* The ring of recent wills: match by topic and payload, within a window. */
#include <stdio.h>

#include "unit.h"
#include "will.h"

static void
test_match(void)
{
	will_clear();
	will_note("Last Will", "last_will", "offline", 7, 1000, 7500);
	CHECK_STR(will_match("last_will", "offline", 7, 1000), "Last Will");
	CHECK_STR(will_match("last_will", "offline", 7, 8500), "Last Will");
	/* Other payload, other topic, before the drop, after the window. */
	CHECK(will_match("last_will", "offlinE", 7, 2000) == NULL);
	CHECK(will_match("last_will", "offline!", 8, 2000) == NULL);
	CHECK(will_match("last_wil", "offline", 7, 2000) == NULL);
	CHECK(will_match("last_will", "offline", 7, 999) == NULL);
	CHECK(will_match("last_will", "offline", 7, 8501) == NULL);
	/* Expired entries are gone for good. */
	CHECK(will_match("last_will", "offline", 7, 2000) == NULL);
	/* An empty will payload matches an empty message only. */
	will_note("e", "t", NULL, 0, 0, 100);
	CHECK_STR(will_match("t", "", 0, 50), "e");
	CHECK(will_match("t", "x", 1, 50) == NULL);
}

static void
test_bounded(void)
{
	char	name[16];
	int	i;

	will_clear();
	for (i = 0; i < WILL_RING + 3; i++) {
		snprintf(name, sizeof name, "c%d", i);
		will_note(name, name, "p", 1, 0, 1000);
	}
	/* The oldest three went; the rest are there. */
	CHECK(will_match("c0", "p", 1, 10) == NULL);
	CHECK(will_match("c2", "p", 1, 10) == NULL);
	CHECK_STR(will_match("c3", "p", 1, 10), "c3");
	snprintf(name, sizeof name, "c%d", WILL_RING + 2);
	CHECK_STR(will_match(name, "p", 1, 10), name);
	/* Dropped again: one entry, the new will. */
	will_note("c3", "other", "q", 1, 20, 1000);
	CHECK(will_match("c3", "p", 1, 30) == NULL);
	CHECK_STR(will_match("other", "q", 1, 30), "c3");
	will_clear();
}

int
main(void)
{
	test_match();
	test_bounded();
	return unit_done();
}
