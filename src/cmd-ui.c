/* cmd-ui.c: not written yet. */
