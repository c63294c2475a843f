/* sanitize.c: not written yet. */
