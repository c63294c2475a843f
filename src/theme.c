/* theme.c: not written yet. */
