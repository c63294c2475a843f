/* view-form.c: not written yet. */
