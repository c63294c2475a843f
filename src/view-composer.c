/* view-composer.c: not written yet. */
