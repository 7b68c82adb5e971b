/* config.c: the configuration file of every pkt tool (SPEC.md section 6). */
#include "config.h"

#include <errno.h>
#include <net/if.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "err.h"
#include "util.h"

static void
config_defaults(struct pkt_config *cfg)
{
	cfg->path = NULL;
	cfg->iface = NULL;
	cfg->l3raw = PKT_L3RAW_AUTO;
	cfg->nofilter = -1;
	cfg->checkipaddr = -1;
	cfg->checkipsrc = -1;
	cfg->timeout = -1;
	cfg->dot = NULL;
	cfg->color = PKT_COLOR_AUTO;
}

void
pkt_config_free(struct pkt_config *cfg)
{
	free(cfg->path);
	free(cfg->iface);
	free(cfg->dot);
	config_defaults(cfg);
}

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Values.  Each setter fills errbuf with a message that the caller prefixes
 * with "file:line: ". */

static int
parse_bool(const char *v)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	size_t i;

	for (i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (strcasecmp(v, yes[i]) == 0)
			return 1;
		if (strcasecmp(v, no[i]) == 0)
			return 0;
	}
	return -1;
}

static int
set_iface(struct pkt_config *cfg, const char *v, char *errbuf)
{
	char q[PKT_QUOTEBUF];
	size_t i, n = strlen(v);

	/* What the kernel's dev_valid_name() accepts. */
	for (i = 0; i < n; i++)
		if (v[i] == '/' || v[i] == ':' || is_space((unsigned char)v[i]) ||
		    v[i] == '\n')
			break;
	if (n >= IF_NAMESIZE || i < n || strcmp(v, ".") == 0 ||
	    strcmp(v, "..") == 0)
		return pkt_fail(errbuf, "iface \"%s\" is not a valid interface "
		    "name", pkt_quote(v, q, sizeof q));
	free(cfg->iface);
	cfg->iface = pkt_xstrdup(v);
	return 0;
}

static int
set_l3raw(struct pkt_config *cfg, const char *v, char *errbuf)
{
	char q[PKT_QUOTEBUF];
	int b = parse_bool(v);

	if (strcasecmp(v, "auto") == 0)
		cfg->l3raw = PKT_L3RAW_AUTO;
	else if (b >= 0)
		cfg->l3raw = b ? PKT_L3RAW_YES : PKT_L3RAW_NO;
	else
		return pkt_fail(errbuf, "l3raw \"%s\" must be auto, yes or no",
		    pkt_quote(v, q, sizeof q));
	return 0;
}

/* A yes|no key into *dst. */
static int
set_bool(int *dst, const char *key, const char *v, char *errbuf)
{
	char q[PKT_QUOTEBUF];
	int b = parse_bool(v);

	if (b < 0)
		return pkt_fail(errbuf, "%s \"%s\" must be yes or no", key,
		    pkt_quote(v, q, sizeof q));
	*dst = b;
	return 0;
}

static int
set_nofilter(struct pkt_config *cfg, const char *v, char *errbuf)
{
	return set_bool(&cfg->nofilter, "nofilter", v, errbuf);
}

static int
set_checkipaddr(struct pkt_config *cfg, const char *v, char *errbuf)
{
	return set_bool(&cfg->checkipaddr, "checkipaddr", v, errbuf);
}

static int
set_checkipsrc(struct pkt_config *cfg, const char *v, char *errbuf)
{
	return set_bool(&cfg->checkipsrc, "checkipsrc", v, errbuf);
}

static int
set_timeout(struct pkt_config *cfg, const char *v, char *errbuf)
{
	return pkt_parse_seconds(v, 0, PKT_CONFIG_TIMEOUT_MAX, "timeout",
	    &cfg->timeout, errbuf);
}

static int
set_dot(struct pkt_config *cfg, const char *v, char *errbuf)
{
	(void)errbuf;
	free(cfg->dot);
	cfg->dot = pkt_xstrdup(v);
	return 0;
}

static int
set_color(struct pkt_config *cfg, const char *v, char *errbuf)
{
	char q[PKT_QUOTEBUF];

	if (strcasecmp(v, "auto") == 0)
		cfg->color = PKT_COLOR_AUTO;
	else if (strcasecmp(v, "always") == 0)
		cfg->color = PKT_COLOR_ALWAYS;
	else if (strcasecmp(v, "never") == 0)
		cfg->color = PKT_COLOR_NEVER;
	else
		return pkt_fail(errbuf, "color \"%s\" must be auto, always or "
		    "never", pkt_quote(v, q, sizeof q));
	return 0;
}

static const struct {
	const char *key;
	int (*set)(struct pkt_config *, const char *, char *);
} keys[] = {
	{ "iface",	set_iface },
	{ "l3raw",	set_l3raw },
	{ "nofilter",	set_nofilter },
	{ "timeout",	set_timeout },
	{ "dot",	set_dot },
	{ "color",	set_color },
	{ "checkipaddr", set_checkipaddr },
	{ "checkipsrc",	set_checkipsrc },
};
#define NKEYS	(sizeof keys / sizeof keys[0])

/* Lines */

/*
 * One line of "key = value", modified in place.  Returns 0 (also for blank
 * and comment lines) or -1 with a message in errbuf, without "file:line: ".
 */
static int
parse_line(struct pkt_config *cfg, char *line, char *errbuf)
{
	char q[PKT_QUOTEBUF];
	char *p = line, *key, *val, *end;
	size_t i;

	while (is_space((unsigned char)*p))
		p++;
	if (*p == '\0' || *p == '#')
		return 0;
	key = p;
	while (*p != '\0' && *p != '=' && *p != '#' && !is_space((unsigned char)*p))
		p++;
	end = p;
	while (is_space((unsigned char)*p))
		p++;
	if (*p != '=') {
		if (*p == '\0' || *p == '#') {
			*end = '\0';
			return pkt_fail(errbuf, "\"%s\" has no \"=\": expected "
			    "\"key = value\"", pkt_quote(key, q, sizeof q));
		}
		return pkt_fail(errbuf, "expected \"key = value\", got \"%s\"",
		    pkt_quote(key, q, sizeof q));
	}
	if (end == key)
		return pkt_fail(errbuf, "missing key before \"=\"");
	*end = '\0';
	for (p++; is_space((unsigned char)*p); p++)
		;

	val = p;
	if (*p == '"') {
		char *o = val;

		for (p++; *p != '"'; p++) {
			if (*p == '\0')
				return pkt_fail(errbuf, "unterminated quoted "
				    "value for \"%s\"", pkt_quote(key, q, sizeof q));
			if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
				p++;
			*o++ = *p;
		}
		for (p++; is_space((unsigned char)*p); p++)
			;
		if (*p != '\0' && *p != '#')
			return pkt_fail(errbuf, "unexpected text after the closing "
			    "quote of \"%s\"", pkt_quote(key, q, sizeof q));
		*o = '\0';
	} else {
		/* '#' after whitespace starts a comment; p is past leading
		 * whitespace, so a '#' right here is one too. */
		for (end = p; *end != '\0'; end++)
			if (*end == '#' && (end == val || is_space((unsigned char)end[-1])))
				break;
		while (end > val && is_space((unsigned char)end[-1]))
			end--;
		*end = '\0';
	}

	for (i = 0; i < NKEYS; i++)
		if (strcmp(key, keys[i].key) == 0)
			break;
	if (i == NKEYS) {
		const char *cand[NKEYS], *s;
		size_t j;

		for (j = 0; j < NKEYS; j++)
			cand[j] = keys[j].key;
		if ((s = pkt_suggest(key, cand, NKEYS)) != NULL)
			return pkt_fail(errbuf, "unknown key \"%s\" (did you mean "
			    "\"%s\"?)", pkt_quote(key, q, sizeof q), s);
		return pkt_fail(errbuf, "unknown key \"%s\" (keys: iface, l3raw, "
		    "nofilter, timeout, dot, color, checkipaddr, checkipsrc)", pkt_quote(key, q, sizeof q));
	}
	if (*val == '\0')
		return pkt_fail(errbuf, "missing value for \"%s\"", key);
	return keys[i].set(cfg, val, errbuf);
}

/*
 * Read one line into buf (size PKT_CONFIG_LINE_MAX + 1), without its newline.
 * Returns 1 for a line, 0 at the end of the file, -1 when the line is too
 * long (the rest of it is not read), -2 for a NUL byte, -3 on a read error.
 */
static int
read_line(FILE *fp, char *buf)
{
	size_t n = 0;
	int c;

	while ((c = getc(fp)) != EOF && c != '\n') {
		if (c == '\0')
			return -2;
		if (n == PKT_CONFIG_LINE_MAX)
			return -1;
		buf[n++] = (char)c;
	}
	buf[n] = '\0';
	if (c == EOF) {
		if (ferror(fp))
			return -3;
		if (n == 0)
			return 0;
	}
	return 1;
}

/* Read the file at path; shown names it in messages.  A missing file is an
 * error only when required. */
static int
load_file(struct pkt_config *cfg, const char *path, const char *shown,
    int required, char *errbuf)
{
	char line[PKT_CONFIG_LINE_MAX + 1], msg[PKT_ERRBUF];
	size_t lineno = 0;
	FILE *fp;
	int rc;

	if ((fp = fopen(path, "re")) == NULL) {
		if (!required && (errno == ENOENT || errno == ENOTDIR))
			return 0;
		if (!required && errno == EACCES) {
			/* Someone else's home (sudo -u, setpriv): go on without. */
			pkt_warnx("%s: %s: not read", shown, strerror(errno));
			return 0;
		}
		return pkt_fail(errbuf, "%s: %s", shown, strerror(errno));
	}
	while ((rc = read_line(fp, line)) != 0) {
		lineno++;
		if (rc == -3) {
			pkt_fail(errbuf, "%s: read: %s", shown, strerror(errno));
			goto fail;
		}
		if (rc == -1) {
			pkt_fail(errbuf, "%s:%zu: line too long (over %d bytes)",
			    shown, lineno, PKT_CONFIG_LINE_MAX);
			goto fail;
		}
		if (rc == -2) {
			pkt_fail(errbuf, "%s:%zu: NUL byte in line (not a text "
			    "file?)", shown, lineno);
			goto fail;
		}
		if (parse_line(cfg, line, msg) < 0) {
			pkt_fail(errbuf, "%s:%zu: %s", shown, lineno, msg);
			goto fail;
		}
	}
	fclose(fp);
	cfg->path = pkt_xstrdup(shown);
	return 0;
fail:
	fclose(fp);
	return -1;
}

/* dir + "/" + rest, without a doubled slash; a new string. */
static char *
join(const char *dir, const char *rest)
{
	size_t dl = strlen(dir), rl = strlen(rest);
	char *s;

	while (dl > 0 && dir[dl - 1] == '/')
		dl--;
	s = pkt_xmalloc(dl + 1 + rl + 1);
	memcpy(s, dir, dl);
	s[dl] = '/';
	memcpy(s + dl + 1, rest, rl + 1);
	return s;
}

static const char *
home_dir(void)
{
	const char *h = getenv("HOME");
	struct passwd *pw;

	if (h != NULL && *h != '\0')
		return h;
	if ((pw = getpwuid(getuid())) != NULL && pw->pw_dir != NULL &&
	    pw->pw_dir[0] != '\0')
		return pw->pw_dir;
	return NULL;
}

int
pkt_config_load(struct pkt_config *cfg, const char *path, char *errbuf)
{
	const char *env, *home;
	char *full, *shown;
	size_t hl;
	int rc;

	config_defaults(cfg);
	if (path == NULL && (env = getenv("PKT_CONFIG")) != NULL && *env != '\0')
		path = env;
	if (path != NULL) {
		rc = load_file(cfg, path, path, 1, errbuf);
	} else {
		home = home_dir();
		env = getenv("XDG_CONFIG_HOME");
		if (env != NULL && env[0] == '/')	/* XDG: absolute only */
			full = join(env, "pkt/config");
		else if (home != NULL)
			full = join(home, ".config/pkt/config");
		else
			full = NULL;
		rc = 0;
		if (full != NULL) {
			/* Show $HOME/x as ~/x, as the user knows it. */
			hl = home != NULL ? strlen(home) : 0;
			while (hl > 0 && home[hl - 1] == '/')
				hl--;
			if (hl > 0 && strncmp(full, home, hl) == 0 &&
			    full[hl] == '/')
				shown = join("~", full + hl + 1);
			else
				shown = pkt_xstrdup(full);
			rc = load_file(cfg, full, shown, 0, errbuf);
			free(shown);
			free(full);
		}
	}
	if (rc < 0) {
		pkt_config_free(cfg);
		return -1;
	}
	/* Precedence: command line > NO_COLOR > file.  The caller applies
	 * --color after loading, so NO_COLOR only overrides the file. */
	if ((env = getenv("NO_COLOR")) != NULL && *env != '\0')
		cfg->color = PKT_COLOR_NEVER;
	return 0;
}

int
pkt_config_use_color(const struct pkt_config *cfg, int fd)
{
	const char *env;

	if (cfg != NULL && cfg->color == PKT_COLOR_ALWAYS)
		return 1;
	if (cfg != NULL && cfg->color == PKT_COLOR_NEVER)
		return 0;
	if ((env = getenv("NO_COLOR")) != NULL && *env != '\0')
		return 0;
	if ((env = getenv("TERM")) != NULL && strcmp(env, "dumb") == 0)
		return 0;
	return isatty(fd) == 1;
}
