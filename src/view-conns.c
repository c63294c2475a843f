/* view-conns.c: not written yet. */
