/* edit.c: not written yet. */
