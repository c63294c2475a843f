/* key-bindings.h: not written yet. */
