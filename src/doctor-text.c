/*
 * A doctor step as text for a person: a head line (step, result, time,
 * what it found or why it failed), then the step's findings, one a line,
 * nested ones indented. Made from the step's JSON, so the screen and
 * --batch --json say the same.
 */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "doctor.h"

static const char *const doctor_text_head[] = {
	"step", "result", "ms", "summary", "error", "reason", NULL
};

static int
doctor_text_is_head(const char *key)
{
	int	i;

	for (i = 0; doctor_text_head[i] != NULL; i++) {
		if (strcmp(key, doctor_text_head[i]) == 0)
			return 1;
	}
	return 0;
}

/* "not_before" reads "not before". */
static void
doctor_text_label(struct buf *b, const char *key)
{
	for (; *key != '\0'; key++)
		buf_addc(b, *key == '_' ? ' ' : *key);
}

static void
doctor_text_scalar(struct buf *b, const cJSON *v)
{
	if (cJSON_IsString(v))
		buf_adds(b, v->valuestring);
	else if (cJSON_IsBool(v))
		buf_adds(b, cJSON_IsTrue(v) ? "yes" : "no");
	else if (cJSON_IsNumber(v))
		buf_addf(b, "%.10g", v->valuedouble);
	else if (cJSON_IsNull(v))
		buf_adds(b, "none");
}

static int
doctor_text_flat(const cJSON *v)
{
	const cJSON	*i;

	if (!cJSON_IsArray(v))
		return !cJSON_IsObject(v);
	cJSON_ArrayForEach(i, v) {
		if (cJSON_IsObject(i))
			return 0;
	}
	return 1;
}

/* A flat array on one line: "a, b"; pairs (user properties) as k=v. */
static void
doctor_text_list(struct buf *b, const cJSON *v)
{
	const cJSON	*i;
	int		 n = 0;

	cJSON_ArrayForEach(i, v) {
		if (n++ > 0)
			buf_adds(b, ", ");
		if (cJSON_IsArray(i) && cJSON_GetArraySize(i) == 2) {
			doctor_text_scalar(b, cJSON_GetArrayItem(i, 0));
			buf_addc(b, '=');
			doctor_text_scalar(b, cJSON_GetArrayItem(i, 1));
		} else
			doctor_text_scalar(b, i);
	}
	if (n == 0)
		buf_adds(b, "none");
}

static void
doctor_text_fields(struct buf *b, const cJSON *obj, int depth)
{
	const cJSON	*v, *i;
	int		 n;

	cJSON_ArrayForEach(v, obj) {
		if (depth == 1 && doctor_text_is_head(v->string))
			continue;
		buf_addf(b, "%*s", depth * 2 + 8, "");
		doctor_text_label(b, v->string);
		if (doctor_text_flat(v)) {
			buf_adds(b, ": ");
			if (cJSON_IsArray(v))
				doctor_text_list(b, v);
			else
				doctor_text_scalar(b, v);
			buf_addc(b, '\n');
		} else if (cJSON_IsObject(v)) {
			buf_adds(b, cJSON_GetArraySize(v) == 0 ? ": none\n" :
			    ":\n");
			doctor_text_fields(b, v, depth + 1);
		} else {
			/* A list of objects: the chain's certificates. */
			buf_adds(b, ":\n");
			n = 0;
			cJSON_ArrayForEach(i, v) {
				buf_addf(b, "%*s%d:\n", (depth + 1) * 2 + 8, "",
				    n++);
				doctor_text_fields(b, i, depth + 2);
			}
		}
	}
}

void
doctor_text_step(const cJSON *step, struct buf *b)
{
	const cJSON	*ms = cJSON_GetObjectItem(step, "ms");
	const char	*text;

	text = cJSON_GetStringValue(cJSON_GetObjectItem(step, "error"));
	if (text == NULL)
		text = cJSON_GetStringValue(cJSON_GetObjectItem(step,
		    "summary"));
	if (text == NULL)
		text = cJSON_GetStringValue(cJSON_GetObjectItem(step,
		    "reason"));
	buf_addf(b, "%-9s %-7s ", cJSON_GetStringValue(cJSON_GetObjectItem(
	    step, "step")), cJSON_GetStringValue(cJSON_GetObjectItem(step,
	    "result")));
	if (cJSON_IsNumber(ms))
		buf_addf(b, "%8.1f ms", ms->valuedouble);
	else
		buf_addf(b, "%11s", "");
	buf_addf(b, "  %s\n", text != NULL ? text : "");
	doctor_text_fields(b, step, 1);
}
