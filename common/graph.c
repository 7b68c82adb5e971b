/* graph.c: helpers of pktgraph (see graph.h). */
#include "graph.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "err.h"
#include "util.h"

/* ---- argv from a string ------------------------------------------------ */

int
pkt_graph_split(const char *s, char ***argvp, size_t *argcp, char *errbuf)
{
	char **argv = *argvp;
	size_t argc = *argcp;
	size_t len = strlen(s);
	char *w = pkt_xmalloc(len + 1);
	const char *p = s;

	if (argv == NULL) {
		argv = pkt_xcalloc(1, sizeof(*argv));
		argc = 0;
	}
	for (;;) {
		size_t k = 0;
		bool have = false;

		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (*p == '\0')
			break;
		while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\n') {
			have = true;
			if (*p == '\'') {
				const char *e = strchr(p + 1, '\'');

				if (e == NULL)
					goto unterminated;
				memcpy(w + k, p + 1, (size_t)(e - p - 1));
				k += (size_t)(e - p - 1);
				p = e + 1;
			} else if (*p == '"') {
				for (p++; *p != '"'; p++) {
					if (*p == '\0')
						goto unterminated;
					if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
						p++;
					w[k++] = *p;
				}
				p++;
			} else if (*p == '\\' && p[1] != '\0') {
				w[k++] = p[1];
				p += 2;
			} else
				w[k++] = *p++;
		}
		if (have) {
			w[k] = '\0';
			argv = pkt_xreallocarray(argv, argc + 2, sizeof(*argv));
			argv[argc++] = pkt_xstrdup(w);
			argv[argc] = NULL;
		}
	}
	free(w);
	*argvp = argv;
	*argcp = argc;
	return 0;
unterminated:
	free(w);
	*argvp = argv;
	*argcp = argc;
	return pkt_fail(errbuf, "unterminated quote in \"%s\"", s);
}

void
pkt_graph_argv_free(char **argv)
{
	size_t i;

	if (argv == NULL)
		return;
	for (i = 0; argv[i] != NULL; i++)
		free(argv[i]);
	free(argv);
}

/* ---- prefix -> AS table ---------------------------------------------- */

static bool
parse_prefix(char *s, struct pkt_asn_entry *e)
{
	char *slash = strchr(s, '/');
	unsigned max;
	uint64_t u;
	char eb[PKT_ERRBUF];

	if (slash != NULL)
		*slash = '\0';
	if (inet_pton(AF_INET, s, e->addr) == 1) {
		e->family = AF_INET;
		max = 32;
	} else if (inet_pton(AF_INET6, s, e->addr) == 1) {
		e->family = AF_INET6;
		max = 128;
	} else
		return false;
	e->plen = max;
	if (slash != NULL) {
		if (pkt_parse_uint(slash + 1, 0, max, "prefix length", &u, eb) < 0)
			return false;
		e->plen = (unsigned)u;
	}
	return true;
}

int
pkt_asn_load(struct pkt_asn_table *t, const char *path, char *errbuf)
{
	FILE *f;
	char *line = NULL;
	size_t cap = 0, lineno = 0;
	ssize_t n;

	memset(t, 0, sizeof(*t));
	if ((f = fopen(path, "r")) == NULL)
		return pkt_fail(errbuf, "%s: %s", path, strerror(errno));
	while ((n = getline(&line, &cap, f)) != -1) {
		struct pkt_asn_entry e;
		char *p, *asn, *name, *end;
		char q[PKT_QUOTEBUF];

		lineno++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		for (p = line; *p == ' ' || *p == '\t'; p++)
			;
		if (*p == '\0' || *p == '#')
			continue;
		memset(&e, 0, sizeof(e));
		if ((asn = strchr(p, '\t')) == NULL) {
			pkt_fail(errbuf, "%s:%zu: expected PREFIX<TAB>ASN[<TAB>NAME], got \"%s\"",
			    path, lineno, pkt_quote(p, q, sizeof(q)));
			goto fail;
		}
		*asn++ = '\0';
		if ((name = strchr(asn, '\t')) != NULL) {
			*name++ = '\0';
			while (*name == ' ' || *name == '\t')
				name++;
			for (end = name + strlen(name); end > name &&
			    (end[-1] == ' ' || end[-1] == '\t'); end--)
				end[-1] = '\0';
		}
		if (!parse_prefix(p, &e)) {
			pkt_fail(errbuf, "%s:%zu: bad prefix \"%s\" (want 192.0.2.0/24 or 2001:db8::/32)",
			    path, lineno, pkt_quote(p, q, sizeof(q)));
			goto fail;
		}
		if (strncasecmp(asn, "AS", 2) == 0)
			asn += 2;
		if (*asn == '\0' || strspn(asn, "0123456789") != strlen(asn) ||
		    strlen(asn) > 10) {
			pkt_fail(errbuf, "%s:%zu: bad AS number \"%s\" (want 64500 or AS64500)",
			    path, lineno, pkt_quote(asn, q, sizeof(q)));
			goto fail;
		}
		e.asn = pkt_xmalloc(strlen(asn) + 3);
		snprintf(e.asn, strlen(asn) + 3, "AS%s", asn);
		e.name = name != NULL && *name != '\0' ? pkt_xstrdup(name) : NULL;
		t->e = pkt_xreallocarray(t->e, t->n + 1, sizeof(*t->e));
		t->e[t->n++] = e;
	}
	if (ferror(f)) {
		pkt_fail(errbuf, "%s: %s", path, strerror(errno));
		goto fail;
	}
	free(line);
	fclose(f);
	/* Longest prefix first: a stable counting sort on the length, so that
	 * of two equal prefixes the earlier line wins. */
	{
		size_t start[130] = { 0 }, i;
		struct pkt_asn_entry *sorted;

		for (i = 0; i < t->n; i++)
			start[129 - t->e[i].plen]++;
		for (i = 1; i < 130; i++)
			start[i] += start[i - 1];
		sorted = pkt_xcalloc(t->n, sizeof(*sorted));
		for (i = 0; i < t->n; i++) {
			unsigned b = 128 - t->e[i].plen;	/* bucket: 0 = /128 */

			sorted[start[b]++] = t->e[i];
		}
		free(t->e);
		t->e = sorted;
	}
	return 0;
fail:
	free(line);
	fclose(f);
	pkt_asn_free(t);
	return -1;
}

static bool
prefix_match(const struct pkt_asn_entry *e, const uint8_t *a)
{
	unsigned full = e->plen / 8, rest = e->plen % 8;

	if (memcmp(e->addr, a, full) != 0)
		return false;
	if (rest == 0)
		return true;
	return ((e->addr[full] ^ a[full]) & (0xff00 >> rest) & 0xff) == 0;
}

const struct pkt_asn_entry *
pkt_asn_lookup(const struct pkt_asn_table *t, const char *addr)
{
	uint8_t a[16];
	int family;
	size_t i;

	if (t == NULL || t->n == 0)
		return NULL;
	if (inet_pton(AF_INET, addr, a) == 1)
		family = AF_INET;
	else if (inet_pton(AF_INET6, addr, a) == 1)
		family = AF_INET6;
	else
		return NULL;
	for (i = 0; i < t->n; i++)
		if (t->e[i].family == family && prefix_match(&t->e[i], a))
			return &t->e[i];
	return NULL;
}

void
pkt_asn_free(struct pkt_asn_table *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->e[i].asn);
		free(t->e[i].name);
	}
	free(t->e);
	memset(t, 0, sizeof(*t));
}

/* ---- string -> index hash table ---------------------------------------- */

static uint64_t
hash_str(const char *s)
{
	return pkt_fnv64(s, strlen(s), PKT_FNV64_INIT);
}

long
pkt_strmap_get(const struct pkt_strmap *m, const char *key)
{
	size_t i;

	if (m->cap == 0)
		return -1;
	for (i = hash_str(key) & (m->cap - 1); m->keys[i] != NULL;
	    i = (i + 1) & (m->cap - 1))
		if (strcmp(m->keys[i], key) == 0)
			return (long)m->vals[i];
	return -1;
}

static void
strmap_insert(struct pkt_strmap *m, char *key, size_t val)
{
	size_t i;

	for (i = hash_str(key) & (m->cap - 1); m->keys[i] != NULL;
	    i = (i + 1) & (m->cap - 1))
		;
	m->keys[i] = key;
	m->vals[i] = val;
}

void
pkt_strmap_put(struct pkt_strmap *m, const char *key, size_t val)
{
	size_t i;

	if (m->cap != 0) {
		for (i = hash_str(key) & (m->cap - 1); m->keys[i] != NULL;
		    i = (i + 1) & (m->cap - 1))
			if (strcmp(m->keys[i], key) == 0) {
				m->vals[i] = val;
				return;
			}
	}
	if ((m->n + 1) * 2 > m->cap) {
		struct pkt_strmap old = *m;

		m->cap = old.cap ? old.cap * 2 : 64;
		m->keys = pkt_xcalloc(m->cap, sizeof(*m->keys));
		m->vals = pkt_xcalloc(m->cap, sizeof(*m->vals));
		for (i = 0; i < old.cap; i++)
			if (old.keys[i] != NULL)
				strmap_insert(m, old.keys[i], old.vals[i]);
		free(old.keys);
		free(old.vals);
	}
	strmap_insert(m, pkt_xstrdup(key), val);
	m->n++;
}

void
pkt_strmap_free(struct pkt_strmap *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

/* ---- DOT text -------------------------------------------------------- */

void
pkt_dot_quote(FILE *f, const char *s)
{
	putc('"', f);
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			putc('\\', f);
		if (*s == '\n') {
			fputs("\\n", f);
			continue;
		}
		putc(*s, f);
	}
	putc('"', f);
}

void
pkt_dot_value(FILE *f, const char *s)
{
	const char *p;
	bool id = *s != '\0' && !isdigit((unsigned char)*s);
	bool num = *s != '\0';

	for (p = s; *p != '\0'; p++) {
		if (!isalnum((unsigned char)*p) && *p != '_')
			id = false;
		if (!isdigit((unsigned char)*p) && *p != '.')
			num = false;
	}
	if (id || (num && strchr(s, '.') == strrchr(s, '.')))
		fputs(s, f);
	else
		pkt_dot_quote(f, s);
}

bool
pkt_addr_norm(const char *s, char *buf, size_t size)
{
	uint8_t a[16];

	if (inet_pton(AF_INET, s, a) == 1 &&
	    inet_ntop(AF_INET, a, buf, (socklen_t)size) != NULL)
		return true;
	if (inet_pton(AF_INET6, s, a) == 1 &&
	    inet_ntop(AF_INET6, a, buf, (socklen_t)size) != NULL)
		return true;
	snprintf(buf, size, "%s", s);
	return false;
}

/* ---- running Graphviz ---------------------------------------------------- */

int
pkt_graph_run(char *const argv[], const char *dot, size_t len, int outfd,
    bool *notfound, char *errbuf)
{
	int in[2], ep[2], st, err = 0;
	pid_t pid;
	size_t off = 0;
	ssize_t n;
	void (*oldpipe)(int);

	*notfound = false;
	if (pipe2(in, O_CLOEXEC) < 0)
		return pkt_fail(errbuf, "pipe: %s", strerror(errno));
	if (pipe2(ep, O_CLOEXEC) < 0) {
		close(in[0]);
		close(in[1]);
		return pkt_fail(errbuf, "pipe: %s", strerror(errno));
	}
	fflush(NULL);
	if ((pid = fork()) < 0) {
		close(in[0]);
		close(in[1]);
		close(ep[0]);
		close(ep[1]);
		return pkt_fail(errbuf, "fork: %s", strerror(errno));
	}
	if (pid == 0) {
		int e;

		signal(SIGPIPE, SIG_DFL);
		if (dup2(in[0], STDIN_FILENO) < 0 ||
		    (outfd != STDOUT_FILENO && dup2(outfd, STDOUT_FILENO) < 0)) {
			e = errno;
		} else {
			if (outfd == STDOUT_FILENO)
				(void)fcntl(STDOUT_FILENO, F_SETFD, 0);
			execvp(argv[0], argv);
			e = errno;
		}
		if (write(ep[1], &e, sizeof(e)) < 0)
			_exit(127);
		_exit(127);
	}
	close(in[0]);
	close(ep[1]);
	/* Did exec work?  The error pipe closes on exec, or carries errno. */
	n = read(ep[0], &err, sizeof(err));
	close(ep[0]);
	if (n == (ssize_t)sizeof(err)) {
		close(in[1]);
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
		*notfound = err == ENOENT;
		return pkt_fail(errbuf, "%s: %s", argv[0], strerror(err));
	}
	oldpipe = signal(SIGPIPE, SIG_IGN);
	while (off < len) {
		n = write(in[1], dot + off, len - off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;	/* EPIPE: dot died; its status says why */
		}
		off += (size_t)n;
	}
	close(in[1]);
	signal(SIGPIPE, oldpipe);
	while (waitpid(pid, &st, 0) < 0) {
		if (errno != EINTR)
			return pkt_fail(errbuf, "waitpid: %s", strerror(errno));
	}
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 0;
	if (WIFSIGNALED(st))
		return pkt_fail(errbuf, "%s was killed by signal %d", argv[0],
		    WTERMSIG(st));
	return pkt_fail(errbuf, "%s failed (exit status %d)", argv[0],
	    WEXITSTATUS(st));
}
