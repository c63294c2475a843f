/*
 * The connection doctor's run: a detached worker thread takes the steps
 * of a connection one at a time, each bounded by the profile's connect
 * timeout, and hands each result to the loop thread (loop_wake) as it is
 * known. A failed step skips the ones after it. Name resolution cannot be
 * interrupted: a hung resolver holds only the worker, never the loop.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/err.h>

#include "buf.h"
#include "doctor-int.h"
#include "loop.h"
#include "xmalloc.h"

#define DOCTOR_TIMEOUT_MS	10000	/* a step, unless the profile says */

struct doctor_wake {
	struct doctor	*d;
	cJSON		*step;
};

double
doctor_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* Milliseconds to a tenth. */
static double
doctor_ms(double since)
{
	return (double)(long long)((doctor_now() - since) * 10 + 0.5) / 10;
}

static void
doctor_wake_step(void *arg)
{
	struct doctor_wake	*w = arg;

	w->d->cbs->step(w->d->arg, w->step);
	free(w);
}

static void
doctor_wake_done(void *arg)
{
	struct doctor	*d = arg;
	cJSON		*sum;

	sum = cJSON_Duplicate(cJSON_GetArrayItem(d->steps,
	    cJSON_GetArraySize(d->steps) - 1), 1);
	d->cbs->done(d->arg, d, sum);
}

/* The step's findings go after its name, result and time. */
static void
doctor_step_end(struct doctor *d, const char *result, const char *key,
    const char *text)
{
	struct doctor_wake	*w;
	cJSON			*step = cJSON_CreateObject(), *item;

	cJSON_AddStringToObject(step, "step", d->step);
	cJSON_AddStringToObject(step, "result", result);
	if (strcmp(result, "skipped") != 0)
		cJSON_AddNumberToObject(step, "ms", doctor_ms(d->step_start));
	if (text != NULL)
		cJSON_AddStringToObject(step, key, text);
	while (d->data != NULL && (item = d->data->child) != NULL) {
		cJSON_DetachItemViaPointer(d->data, item);
		cJSON_AddItemToObject(step, item->string, item);
	}
	cJSON_Delete(d->data);
	d->data = NULL;
	cJSON_AddItemToArray(d->steps, step);
	w = xmalloc(sizeof *w);
	w->d = d;
	w->step = cJSON_Duplicate(step, 1);
	loop_wake(doctor_wake_step, w);
}

void
doctor_step_begin(struct doctor *d, const char *name)
{
	d->step = name;
	d->data = cJSON_CreateObject();
	d->step_start = doctor_now();
}

void
doctor_step_ok(struct doctor *d, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	doctor_step_end(d, "ok", "summary", s);
	free(s);
}

void
doctor_step_fail(struct doctor *d, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	d->failed = 1;
	d->why = xasprintf("%s: %s", d->step, s);
	doctor_step_end(d, "failed", "error", s);
	free(s);
}

void
doctor_step_skip(struct doctor *d, const char *name, const char *why)
{
	doctor_step_begin(d, name);
	doctor_step_end(d, "skipped", "reason", why);
}

static int
doctor_left(struct doctor *d)
{
	double	left = d->step_start + d->timeout_ms - doctor_now();

	return left > 0 ? (int)left + 1 : 0;
}

int
doctor_wait(struct doctor *d, int fd, short events)
{
	struct pollfd	pfd = { .fd = fd, .events = events };
	int		left, n;

	for (;;) {
		if ((left = doctor_left(d)) == 0)
			return 0;
		n = poll(&pfd, 1, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		return n > 0;
	}
}

static char *
doctor_ssl_words(void)
{
	unsigned long	e = ERR_get_error();
	char		buf[256];

	if (e == 0)
		return xstrdup("the connection was closed");
	ERR_error_string_n(e, buf, sizeof buf);
	ERR_clear_error();
	return xstrdup(buf);
}

int
doctor_write(struct doctor *d, const void *p, size_t len, char **err)
{
	const char	*s = p;
	ssize_t		 n;
	int		 r, e;

	while (len > 0) {
		if (d->ssl != NULL) {
			r = SSL_write(d->ssl, s, (int)len);
			if (r > 0) {
				s += r;
				len -= r;
				continue;
			}
			e = SSL_get_error(d->ssl, r);
			if (e != SSL_ERROR_WANT_READ &&
			    e != SSL_ERROR_WANT_WRITE) {
				*err = doctor_ssl_words();
				return -1;
			}
			r = doctor_wait(d, d->fd, e == SSL_ERROR_WANT_READ ?
			    POLLIN : POLLOUT);
		} else {
			n = send(d->fd, s, len, MSG_NOSIGNAL);
			if (n > 0) {
				s += n;
				len -= n;
				continue;
			}
			if (n < 0 && errno != EAGAIN && errno != EINTR) {
				*err = xstrdup(strerror(errno));
				return -1;
			}
			r = doctor_wait(d, d->fd, POLLOUT);
		}
		if (r <= 0) {
			*err = xasprintf("no progress within %d ms",
			    d->timeout_ms);
			return -1;
		}
	}
	return 0;
}

/* Whatever comes first, at least a byte: *got 0 is the end. */
int
doctor_read(struct doctor *d, void *p, size_t len, size_t *got, char **err)
{
	ssize_t	n;
	int	r, e;

	for (;;) {
		if (d->ssl != NULL) {
			r = SSL_read(d->ssl, p, (int)len);
			if (r > 0) {
				*got = r;
				return 0;
			}
			e = SSL_get_error(d->ssl, r);
			if (e == SSL_ERROR_ZERO_RETURN) {
				*got = 0;
				return 0;
			}
			if (e != SSL_ERROR_WANT_READ &&
			    e != SSL_ERROR_WANT_WRITE) {
				*err = doctor_ssl_words();
				return -1;
			}
			r = doctor_wait(d, d->fd, e == SSL_ERROR_WANT_READ ?
			    POLLIN : POLLOUT);
		} else {
			n = recv(d->fd, p, len, 0);
			if (n >= 0) {
				*got = n;
				return 0;
			}
			if (errno != EAGAIN && errno != EINTR) {
				*err = xstrdup(strerror(errno));
				return -1;
			}
			r = doctor_wait(d, d->fd, POLLIN);
		}
		if (r <= 0) {
			*err = xasprintf("no answer within %d ms",
			    d->timeout_ms);
			return -1;
		}
	}
}

static void
doctor_addr(const struct sockaddr *sa, char *buf, size_t len)
{
	const void	*a = sa->sa_family == AF_INET6 ?
	    (const void *)&((const struct sockaddr_in6 *)sa)->sin6_addr :
	    (const void *)&((const struct sockaddr_in *)sa)->sin_addr;

	if (inet_ntop(sa->sa_family, a, buf, len) == NULL)
		snprintf(buf, len, "?");
}

static void
doctor_resolve(struct doctor *d, const struct doctor_proxy *px)
{
	struct addrinfo	 hints, *ai;
	cJSON		*list;
	char		 addr[INET6_ADDRSTRLEN], port[16];
	int		 rc;

	doctor_step_begin(d, "resolve");
	cJSON_AddStringToObject(d->data, "host", d->tcp_host);
	if (px != NULL)
		cJSON_AddStringToObject(d->data, "note", px->remote_dns ?
		    "the proxy's address; the proxy resolves the broker's "
		    "name" : "the proxy's address");
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	snprintf(port, sizeof port, "%d", d->tcp_port);
	if ((rc = getaddrinfo(d->tcp_host, port, &hints, &d->ai)) != 0) {
		doctor_step_fail(d, "cannot resolve host '%s': %s",
		    d->tcp_host, rc == EAI_SYSTEM ? strerror(errno) :
		    gai_strerror(rc));
		return;
	}
	list = cJSON_AddArrayToObject(d->data, "addresses");
	for (ai = d->ai; ai != NULL; ai = ai->ai_next) {
		doctor_addr(ai->ai_addr, addr, sizeof addr);
		cJSON_AddItemToArray(list, cJSON_CreateString(addr));
	}
	doctor_step_ok(d, "%s: %d address%s", d->tcp_host,
	    cJSON_GetArraySize(list), cJSON_GetArraySize(list) == 1 ? "" :
	    "es");
}

/* One address: a non-blocking connect bounded by the step's time. */
static int
doctor_connect_one(struct doctor *d, const struct addrinfo *ai, char **why)
{
	socklen_t	len = sizeof(int);
	int		fd, err = 0, r;

	if ((fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
	    ai->ai_protocol)) == -1) {
		*why = xstrdup(strerror(errno));
		return -1;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
		return fd;
	if (errno != EINPROGRESS) {
		err = errno;
		goto fail;
	}
	if ((r = doctor_wait(d, fd, POLLOUT)) <= 0) {
		*why = xasprintf("no answer within %d ms", d->timeout_ms);
		close(fd);
		return -1;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0)
		return fd;
fail:
	switch (err) {
	case ECONNREFUSED:
		*why = xstrdup("connection refused");
		break;
	case EHOSTUNREACH:
		*why = xstrdup("host unreachable");
		break;
	case ENETUNREACH:
		*why = xstrdup("network unreachable");
		break;
	default:
		*why = xstrdup(strerror(err));
		break;
	}
	close(fd);
	return -1;
}

static void
doctor_tcp(struct doctor *d)
{
	struct addrinfo	*ai;
	struct buf	 tried;
	cJSON		*fails;
	char		 addr[INET6_ADDRSTRLEN], *why, *one;
	int		 n = 0;

	doctor_step_begin(d, "tcp");
	buf_init(&tried);
	fails = cJSON_AddArrayToObject(d->data, "failed");
	for (ai = d->ai; ai != NULL; ai = ai->ai_next) {
		doctor_addr(ai->ai_addr, addr, sizeof addr);
		/* Each address gets the step's time from its own start. */
		d->step_start = doctor_now();
		if ((d->fd = doctor_connect_one(d, ai, &why)) != -1)
			break;
		one = xasprintf("%s: %s", addr, why);
		cJSON_AddItemToArray(fails, cJSON_CreateString(one));
		/* One address that is the host itself: named once. */
		buf_addf(&tried, "%s%s", n++ > 0 ? "; " : "",
		    strcmp(addr, d->tcp_host) == 0 ? why : one);
		free(one);
		free(why);
	}
	if (n == 0)
		cJSON_DeleteItemFromObject(d->data, "failed");
	if (d->fd == -1)
		doctor_step_fail(d, "cannot connect to %s port %d: %s",
		    d->tcp_host, d->tcp_port, buf_str(&tried));
	else {
		cJSON_AddStringToObject(d->data, "address", addr);
		cJSON_AddNumberToObject(d->data, "port", d->tcp_port);
		doctor_step_ok(d, "connected to %s port %d", addr,
		    d->tcp_port);
	}
	buf_free(&tried);
}

static void
doctor_summary(struct doctor *d)
{
	doctor_step_begin(d, "summary");
	d->step_start = d->start;
	if (d->failed)
		doctor_step_end(d, "failed", "error", d->why);
	else
		doctor_step_end(d, "ok", "summary", "every step passed");
}

/* Whether a step already has its result. */
static int
doctor_done_step(struct doctor *d, const char *name)
{
	cJSON	*s;

	cJSON_ArrayForEach(s, d->steps) {
		if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(s,
		    "step")), name) == 0)
			return 1;
	}
	return 0;
}

static void *
doctor_worker(void *arg)
{
	struct doctor		*d = arg;
	struct profile		*p = d->p;
	struct doctor_proxy	 px;
	const char		*steps[6];
	char			*err = NULL, *why;
	int			 n = 0, i, proxied;

	memset(&px, 0, sizeof px);
	d->start = doctor_now();
	proxied = p->proxy != NULL && *p->proxy != '\0';
	steps[n++] = "resolve";
	steps[n++] = "tcp";
	if (proxied)
		steps[n++] = "proxy";
	if (p->tls)
		steps[n++] = "tls";
	if (p->ws)
		steps[n++] = "websocket";
	steps[n++] = "connack";

	if (proxied && doctor_proxy_parse(p->proxy, &px, &err) != 0) {
		doctor_step_begin(d, "proxy");
		doctor_step_fail(d, "%s", err);
		free(err);
	} else {
		d->tcp_host = xstrdup(proxied ? px.host : p->host);
		d->tcp_port = proxied ? px.port : p->port;
		doctor_resolve(d, proxied ? &px : NULL);
		if (!d->failed)
			doctor_tcp(d);
		if (!d->failed && proxied)
			doctor_proxy_step(d, &px);
		if (!d->failed && p->tls)
			doctor_tls_step(d);
		if (!d->failed && p->ws)
			doctor_ws_step(d);
		if (!d->failed)
			engine_doctor_step(d);
	}
	/* What a failure left undone. */
	if (d->failed) {
		why = xasprintf("the %s step failed", d->step);
		for (i = 0; i < n; i++) {
			if (!doctor_done_step(d, steps[i]))
				doctor_step_skip(d, steps[i], why);
		}
		free(why);
	}
	doctor_summary(d);
	doctor_proxy_clear(&px);
	if (d->ssl != NULL) {
		SSL_free(d->ssl);
		d->ssl = NULL;
	}
	if (d->fd != -1) {
		close(d->fd);
		d->fd = -1;
	}
	OPENSSL_thread_stop();
	loop_wake(doctor_wake_done, d);
	return NULL;
}

int
doctor_start(const struct profile *p, const char *client_id,
    const char *note, const struct doctor_cbs *cbs, void *arg, char **err)
{
	struct doctor	*d = xcalloc(1, sizeof *d);
	pthread_attr_t	 attr;
	pthread_t	 tid;

	d->p = profile_dup(p);
	d->client_id = xstrdup(client_id);
	d->id_note = note != NULL ? xstrdup(note) : NULL;
	d->cbs = cbs;
	d->arg = arg;
	d->timeout_ms = p->connect_timeout_ms > 0 ? p->connect_timeout_ms :
	    DOCTOR_TIMEOUT_MS;
	d->steps = cJSON_CreateArray();
	d->fd = -1;
	engine_tls_verify_reset(&d->tlsv);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&tid, &attr, doctor_worker, d) != 0) {
		*err = xasprintf("cannot start the doctor's thread: %s",
		    strerror(errno));
		pthread_attr_destroy(&attr);
		doctor_free(d);
		return -1;
	}
	pthread_attr_destroy(&attr);
	return 0;
}

void
doctor_free(struct doctor *d)
{
	if (d == NULL)
		return;
	if (d->ai != NULL)
		freeaddrinfo(d->ai);
	if (d->ctx != NULL)
		SSL_CTX_free(d->ctx);
	engine_tls_verify_reset(&d->tlsv);
	cJSON_Delete(d->steps);
	cJSON_Delete(d->data);
	profile_free(d->p);
	free(d->client_id);
	free(d->id_note);
	free(d->tcp_host);
	free(d->why);
	free(d);
}

int
doctor_ok(const struct doctor *d)
{
	return !d->failed;
}

const char *
doctor_why(const struct doctor *d)
{
	return d->why;
}

void
doctor_text(const struct doctor *d, struct buf *b)
{
	const cJSON	*s;

	cJSON_ArrayForEach(s, d->steps)
		doctor_text_step(s, b);
}
