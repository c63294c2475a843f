/* key-bindings.c: not written yet. */
