/* secret_cmd_line: the first line of a command's output, or why not. */
#include <stdlib.h>
#include <string.h>

#include "secret-cmd.h"
#include "unit.h"

static void
ok(const char *cmd, const char *want)
{
	char	*out = NULL, *err = NULL;

	CHECK_INT(secret_cmd_line(cmd, &out, &err), 0);
	CHECK_STR(out, want);
	CHECK(err == NULL);
	free(out);
	free(err);
}

static void
bad(const char *cmd, const char *want)
{
	char	*out = NULL, *err = NULL;

	CHECK_INT(secret_cmd_line(cmd, &out, &err), -1);
	CHECK(out == NULL);
	CHECK_STR(err, want);
	free(out);
	free(err);
}

int
main(void)
{
	ok("echo 'open sesame'", "open sesame");
	ok("printf 'first\\r\\nsecond\\n'", "first");
	ok("printf 'no newline'", "no newline");
	ok("echo '  spaces kept  '", "  spaces kept  ");
	/* Standard input is /dev/null: a prompt gets EOF, not the screen. */
	ok("read x; echo \"[$x]\"", "[]");
	ok("echo to-stderr >&2; echo out", "out");
	bad("exit 3", "'exit 3' failed: exit status 3");
	bad("echo 'no such entry' >&2; exit 1",
	    "'echo 'no such entry' >&2; exit 1' failed: exit status 1: "
	    "no such entry");
	bad("true", "'true' failed: it printed nothing");
	bad("echo", "'echo' failed: it printed nothing");
	bad("kill -9 $$", "'kill -9 $$' failed: killed by signal 9");
	bad("/nonexistent/cmd 2>/dev/null", "'/nonexistent/cmd 2>/dev/null' "
	    "failed: exit status 127");
	return unit_done();
}
