/*
 * MQTT Explorer's connections (its ConnectionOptions, kept in its
 * settings.json under "ConnectionManager_connections"): host, port,
 * protocol mqtt|ws, basePath, encryption (TLS), certValidation, and
 * certificates as base64 content, which mqtty cannot keep (it names files).
 */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "profile-import.h"
#include "xmalloc.h"

#define EXPLORER_GET(o, key, kind, path, out) do {			\
	if (profile_import_get((o), (key), (kind), (path), (out), err)	\
	    != 0)							\
		return -1;						\
} while (0)

int
profile_explorer_is(const cJSON *o)
{
	return cJSON_GetObjectItemCaseSensitive(o, "certValidation") != NULL ||
	    cJSON_GetObjectItemCaseSensitive(o, "encryption") != NULL ||
	    cJSON_GetObjectItemCaseSensitive(o, "configVersion") != NULL;
}

/* {topic, qos}, or a topic string as older versions kept it. */
static int
profile_explorer_sub(struct profile_import_conn *c, const cJSON *it,
    const char *at, char **err)
{
	const cJSON	*t, *q;
	long long	 n = 0;
	char		*qp;
	int		 rc;

	if (cJSON_IsString(it) && *it->valuestring != '\0') {
		profile_import_sub(c, it->valuestring);
		return 0;
	}
	if (!cJSON_IsObject(it)) {
		*err = xasprintf("%s: must be an object", at);
		return -1;
	}
	EXPLORER_GET(it, "topic", PI_STRING, at, &t);
	EXPLORER_GET(it, "qos", PI_NUMBER, at, &q);
	if (t == NULL || *t->valuestring == '\0') {
		*err = xasprintf("%s.topic: missing", at);
		return -1;
	}
	qp = xasprintf("%s.qos", at);
	rc = q != NULL ? profile_import_int(q, qp, 0, 2, &n, err) : 0;
	free(qp);
	if (rc != 0)
		return -1;
	profile_import_sub(c, t->valuestring)->qos = (int)n;
	return 0;
}

static int
profile_explorer_subs(struct profile_import_conn *c, const cJSON *a,
    const char *path, char **err)
{
	const cJSON	*it;
	char		*at;
	int		 i = 0, rc;

	cJSON_ArrayForEach(it, a) {
		at = xasprintf("%s.subscriptions[%d]", path, i++);
		rc = profile_explorer_sub(c, it, at, err);
		free(at);
		if (rc != 0)
			return -1;
	}
	return 0;
}

static void
profile_explorer_cert(struct profile_import_conn *c, const cJSON *o,
    const char *key)
{
	const cJSON	*it = cJSON_GetObjectItemCaseSensitive(o, key), *n;

	if (it == NULL || cJSON_IsNull(it))
		return;
	n = cJSON_GetObjectItemCaseSensitive(it, "name");
	profile_import_skip(c, "%s: certificate content%s%s%s, not a file "
	    "name: save it to a file and give its name", key,
	    cJSON_IsString(n) ? " (" : "", cJSON_IsString(n) ?
	    n->valuestring : "", cJSON_IsString(n) ? ")" : "");
}

int
profile_explorer_read(const cJSON *o, const char *path,
    struct profile_import_conn *c, char **err)
{
	struct profile	*p = c->p;
	const cJSON	*v;
	char		*s;

	if (profile_import_endpoint(c, o, path, err) != 0)
		return -1;
	EXPLORER_GET(o, "protocol", PI_STRING, path, &v);
	if (v != NULL && strcmp(v->valuestring, "ws") == 0)
		p->ws = 1;
	else if (v != NULL && strcmp(v->valuestring, "mqtt") != 0) {
		*err = xasprintf("%s.protocol: must be mqtt or ws", path);
		return -1;
	}
	EXPLORER_GET(o, "encryption", PI_BOOL, path, &v);
	p->tls = v != NULL && cJSON_IsTrue(v);
	EXPLORER_GET(o, "basePath", PI_STRING, path, &v);
	if (p->ws && v != NULL && *v->valuestring != '\0') {
		s = xasprintf("/%s", v->valuestring + (*v->valuestring == '/'));
		profile_import_set(c, "ws_path", s, "basePath");
		free(s);
	} else if (p->ws)
		profile_set(&p->ws_path, "/");	/* its URL ends in "/" */
	EXPLORER_GET(o, "certValidation", PI_BOOL, path, &v);
	if (v != NULL && !cJSON_IsTrue(v))
		p->no_verify = 1;
	EXPLORER_GET(o, "username", PI_STRING, path, &v);
	if (v != NULL && *v->valuestring != '\0')
		profile_import_set(c, "username", v->valuestring, "username");
	EXPLORER_GET(o, "password", PI_STRING, path, &v);
	if (v != NULL && *v->valuestring != '\0')
		profile_import_set(c, "password", v->valuestring, "password");
	EXPLORER_GET(o, "clientId", PI_STRING, path, &v);
	if (v != NULL && *v->valuestring != '\0')
		profile_import_set(c, "client_id", v->valuestring,
		    "clientId");
	profile_explorer_cert(c, o, "selfSignedCertificate");
	profile_explorer_cert(c, o, "clientCertificate");
	profile_explorer_cert(c, o, "clientKey");
	EXPLORER_GET(o, "subscriptions", PI_ARRAY, path, &v);
	return v != NULL ? profile_explorer_subs(c, v, path, err) : 0;
}
