/*
 * Theme files by name in the user's directory (a temporary
 * XDG_CONFIG_HOME), and theme_use, which loads one (no curses involved
 * until theme_init has run).
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "theme-dir.h"
#include "theme-use.h"
#include "unit.h"
#include "xmalloc.h"

static char	*dir;		/* $XDG_CONFIG_HOME/mqtty/themes */

static void
put(const char *name, const char *text, size_t len)
{
	char	*path = xasprintf("%s/%s", dir, name);
	FILE	*f = fopen(path, "w");

	CHECK(f != NULL);
	if (f != NULL) {
		CHECK_INT(fwrite(text, 1, len, f), len);
		fclose(f);
	}
	free(path);
}

static void
test_list(void)
{
	struct theme_dir_entry	*l;
	size_t			 n, i, j, user = 0;
	char			*p;

	put("zeta.theme", "", 0);
	put("alpha.theme", "", 0);
	put("default.theme", "", 0);
	put("two words.theme", "", 0);	/* cannot be named: not listed */
	put(".hidden.theme", "", 0);
	put("notes.txt", "", 0);
	put(".theme", "", 0);

	n = theme_dir_list(&l);
	/* The user's first, by name; then the installed ones, if any. */
	for (i = 0; i < n && strncmp(l[i].path, dir, strlen(dir)) == 0; i++)
		user++;
	CHECK_INT(user, 3);
	if (user == 3) {
		CHECK_STR(l[0].name, "alpha");
		CHECK_STR(l[1].name, "default");
		CHECK_STR(l[2].name, "zeta");
		p = xasprintf("%s/alpha.theme", dir);
		CHECK_STR(l[0].path, p);
		free(p);
	}
	/* A user's file hides the installed one of the same name. */
	for (i = 0; i < n; i++) {
		for (j = i + 1; j < n; j++)
			CHECK(strcmp(l[i].name, l[j].name) != 0);
	}
	theme_dir_free(l, n);
}

static void
bad_name(const char *name)
{
	char	*path = NULL, *err = NULL;

	CHECK_INT(theme_dir_find(name, &path, &err), -1);
	CHECK(path == NULL);
	CHECK(err != NULL && strncmp(err, "bad theme name '", 16) == 0);
	free(err);
}

static void
test_find(void)
{
	char	*path = NULL, *err = NULL, *want, longest[66];

	CHECK_INT(theme_dir_find("alpha", &path, &err), 0);
	want = xasprintf("%s/alpha.theme", dir);
	CHECK_STR(path, want);
	free(want);
	free(path);
	CHECK_INT(theme_dir_find("no-such-theme-here", &path, &err), 1);
	CHECK(path == NULL);

	bad_name("");
	bad_name("../alpha");
	bad_name("a/b");
	bad_name(".hidden");
	bad_name("two words");
	bad_name("x\033]0;title\007");
	memset(longest, 'a', 64);	/* the longest name */
	longest[64] = '\0';
	CHECK_INT(theme_dir_find(longest, &path, &err), 1);
	longest[64] = 'a';
	longest[65] = '\0';
	bad_name(longest);
}

static void
test_read(void)
{
	char	*path, *err = NULL, *text, *want;

	put("nul.theme", "# one\ntext red default\nbor\0der\n",
	    sizeof "# one\ntext red default\nbor\0der\n" - 1);
	path = xasprintf("%s/nul.theme", dir);
	CHECK((text = theme_dir_read(path, &err)) == NULL);
	want = xasprintf("%s: line 3: contains a NUL byte", path);
	CHECK_STR(err, want);
	free(want);
	free(err);
	free(path);

	path = xasprintf("%s/sub.theme", dir);
	CHECK(mkdir(path, 0700) == 0);
	err = NULL;
	CHECK((text = theme_dir_read(path, &err)) == NULL);
	CHECK(err != NULL && strstr(err, "Is a directory") != NULL);
	free(err);
	free(path);

	path = xasprintf("%s/zeta.theme", dir);
	CHECK((text = theme_dir_read(path, &err)) != NULL);
	CHECK_STR(text, "");
	free(text);
	free(path);
}

static void
test_use(void)
{
	char	*err = NULL, *want, *where;

	CHECK_STR(theme_in_use(), "default");
	put("mine.theme", "text 252 234\n", 13);
	CHECK_INT(theme_use("mine", &err), 0);
	CHECK(err == NULL);
	CHECK_STR(theme_in_use(), "mine");

	/* A bad line names the file and the line; the theme stays. */
	put("broken.theme", "title red default\nmeta pink default\n", 36);
	CHECK_INT(theme_use("broken", &err), -1);
	want = xasprintf("%s/broken.theme: line 2: bad colour 'pink'", dir);
	CHECK_STR(err, want);
	free(want);
	free(err);
	CHECK_STR(theme_in_use(), "mine");

	CHECK_INT(theme_use("no-such-theme-here", &err), -1);
	where = theme_dir_where();
	want = xasprintf("no theme 'no-such-theme-here' (no "
	    "no-such-theme-here.theme in %s)", where);
	CHECK_STR(err, want);
	free(want);
	free(where);
	free(err);

	CHECK_INT(theme_use("../mine", &err), -1);
	CHECK(err != NULL && strncmp(err, "bad theme name", 14) == 0);
	free(err);
	CHECK_STR(theme_in_use(), "mine");

	/* The user's (empty) default.theme: the built-in slots. */
	CHECK_INT(theme_use("default", &err), 0);
	CHECK_STR(theme_in_use(), "default");
}

int
main(void)
{
	char	 tmpl[] = "/tmp/test-theme-dir.XXXXXX", *base, *cmd;

	CHECK((base = mkdtemp(tmpl)) != NULL);
	if (base == NULL)
		return unit_done();
	setenv("XDG_CONFIG_HOME", base, 1);
	dir = xasprintf("%s/mqtty/themes", base);
	cmd = xasprintf("%s/mqtty", base);
	CHECK(mkdir(cmd, 0700) == 0 && mkdir(dir, 0700) == 0);
	free(cmd);

	test_list();
	test_find();
	test_read();
	test_use();

	cmd = xasprintf("rm -rf '%s'", base);
	CHECK(system(cmd) == 0);
	free(cmd);
	free(dir);
	return unit_done();
}
