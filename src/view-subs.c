/* view-subs.c: not written yet. */
