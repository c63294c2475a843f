/* view-help.c: not written yet. */
