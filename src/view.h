/* view.h: not written yet. */
