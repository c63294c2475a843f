#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "log.h"

static void	(*log_cleanup)(void);

void
log_set_cleanup(void (*fn)(void))
{
	log_cleanup = fn;
}

void
log_warn(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	fputs("mqtty: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	va_list	ap;

	/* Put the terminal back first, or the message is lost in curses mode. */
	if (log_cleanup != NULL) {
		void (*fn)(void) = log_cleanup;
		log_cleanup = NULL;
		fn();
	}
	va_start(ap, fmt);
	fputs("mqtty: fatal: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(2);
}
