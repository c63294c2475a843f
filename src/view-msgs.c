/* view-msgs.c: not written yet. */
