/* view-prompt.c: not written yet. */
