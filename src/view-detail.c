/* view-detail.c: not written yet. */
