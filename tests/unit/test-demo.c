/* The guided demo's script: every line one command, on the given broker. */
#include <stdlib.h>
#include <string.h>

#include "cmd-parse.h"
#include "demo.h"
#include "unit.h"

static const char *const test_demo_names[] = {
	"Simple Demo", "Sensor 1", "Sensor 2", "MQTT V3", "MQTT_V3_Publish",
	"Last Will"
};

int
main(void)
{
	struct demo_line	*v;
	struct cmd_lines	 lines;
	char			*err, *text;
	int			 i, k, n, saved[6] = { 0 }, j;

	CHECK(demo_steps() >= 6);
	for (i = 0; i < demo_steps(); i++) {
		CHECK(*demo_title(i) != '\0');
		text = demo_text(i, "mqtt://[::1]:1");
		CHECK(strstr(text, "{url}") == NULL);
		CHECK(strlen(text) < 200);	/* four lines at 80 columns */
		free(text);
		v = demo_lines(i, "mqtt://[::1]:1", &n);
		for (k = 0; k < n; k++) {
			err = NULL;
			CHECK(strstr(v[k].line, "{url}") == NULL);
			/* One command a line, so the history repeats it. */
			CHECK_INT(cmd_parse(v[k].line, &lines, &err), 0);
			CHECK_INT(lines.n, 1);
			for (j = 0; j < 6 && lines.n == 1; j++) {
				if (strcmp(lines.v[0].argv[0], "save") == 0 &&
				    strcmp(lines.v[0].argv[1],
				    test_demo_names[j]) == 0) {
					saved[j]++;
					CHECK_STR(lines.v[0].argv[2],
					    "mqtt://[::1]:1");
				}
			}
			cmd_lines_free(&lines);
			free(err);
		}
		demo_lines_free(v, n);
	}
	/* The tutorial's connections, named as it names them. */
	for (j = 0; j < 6; j++)
		CHECK_INT(saved[j], 1);
	v = demo_end_lines(&n);
	CHECK(n > 0);
	for (k = 0; k < n; k++) {
		CHECK(strncmp(v[k].line, "simulate --stop ", 16) == 0);
		CHECK(v[k].if_sim != NULL);
	}
	demo_lines_free(v, n);
	return unit_done();
}
