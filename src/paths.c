#include <pwd.h>
#include <stdlib.h>
#include <unistd.h>

#include "paths.h"
#include "xmalloc.h"

static char *
paths_base(const char *var, const char *fallback)
{
	const char	*v = getenv(var), *home = getenv("HOME");
	struct passwd	*pw;

	if (v != NULL && v[0] == '/')
		return xstrdup(v);
	if ((home == NULL || *home == '\0') &&
	    (pw = getpwuid(getuid())) != NULL)
		home = pw->pw_dir;
	return xasprintf("%s/%s", home != NULL ? home : ".", fallback);
}

char *
paths_db(void)
{
	char	*base = paths_base("XDG_DATA_HOME", ".local/share");
	char	*p = xasprintf("%s/mqtty/mqtty.db", base);

	free(base);
	return p;
}

char *
paths_config(void)
{
	char	*base = paths_base("XDG_CONFIG_HOME", ".config");
	char	*p = xasprintf("%s/mqtty/mqttyrc", base);

	free(base);
	return p;
}

char *
paths_themes(void)
{
	char	*base = paths_base("XDG_CONFIG_HOME", ".config");
	char	*p = xasprintf("%s/mqtty/themes", base);

	free(base);
	return p;
}
