/* test_config.c: unit tables for common/config.c: syntax, every error kind,
 * which file is read ($PKT_CONFIG, $XDG_CONFIG_HOME, ~), NO_COLOR. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "err.h"
#include "unit.h"



#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Everything created under /tmp, removed at the end (reverse order). */
static char *made[128];
static size_t nmade;

/* Returns the copy kept, valid until cleanup(). */
static const char *
remember(const char *path)
{
	size_t i;

	for (i = 0; i < nmade; i++)
		if (strcmp(made[i], path) == 0)
			return made[i];
	if (nmade == NELEM(made)) {
		printf("too many temporary files\n");
		exit(2);
	}
	return made[nmade++] = strdup(path);
}

static void
cleanup(void)
{
	while (nmade > 0) {
		char *p = made[--nmade];

		if (remove(p) != 0)
			printf("cleanup: %s: %s\n", p, strerror(errno));
		free(p);
	}
}

static void
write_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, s, n);

		if (w <= 0) {
			perror("write");
			exit(2);
		}
		s += w;
		n -= (size_t)w;
	}
}

/* A new temporary file holding n bytes of s; its path. */
static const char *
tmpfile_n(const char *s, size_t n)
{
	char path[64];
	const char *kept;
	int fd;

	snprintf(path, sizeof path, "/tmp/pkt-test-config-XXXXXX");
	if ((fd = mkstemp(path)) < 0) {
		perror("mkstemp");
		exit(2);
	}
	kept = remember(path);
	write_all(fd, s, n);
	close(fd);
	return kept;
}

static const char *
tmpfile_s(const char *s)
{
	return tmpfile_n(s, strlen(s));
}

/* dir/rel with its parent directories, holding s. */
static void
put_file(const char *dir, const char *rel, const char *s)
{
	char path[512];
	char *slash;
	int fd;

	snprintf(path, sizeof path, "%s/%s", dir, rel);
	for (slash = path + strlen(dir) + 1; (slash = strchr(slash, '/'));
	    slash++) {
		*slash = '\0';
		if (mkdir(path, 0700) == 0)
			remember(path);
		*slash = '/';
	}
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600)) < 0) {
		perror(path);
		exit(2);
	}
	remember(path);
	write_all(fd, s, strlen(s));
	close(fd);
}

static void
test_valid(void)
{
	struct pkt_config cfg;
	char errbuf[PKT_ERRBUF];
	const char *path;
	int rc;

	unsetenv("NO_COLOR");
	path = tmpfile_s(
	    "# pkt configuration\n"
	    "\n"
	    "   \t\n"
	    "  # indented comment\n"
	    "iface = eth0\n"
	    "l3raw = yes\n"
	    "nofilter = no   # trailing comment\n"
	    "timeout = 0.5\n"
	    "dot = dot -Gdpi=70\n"
	    "color = always\n");
	rc = pkt_config_load(&cfg, path, errbuf);
	CHECK(rc == 0, "valid file: %s", errbuf);
	if (rc == 0) {
		CHECK(cfg.path && strcmp(cfg.path, path) == 0, "path");
		CHECK(cfg.iface && strcmp(cfg.iface, "eth0") == 0, "iface");
		CHECK(cfg.l3raw == PKT_L3RAW_YES, "l3raw %d", cfg.l3raw);
		CHECK(cfg.nofilter == 0, "nofilter %d", cfg.nofilter);
		CHECK(cfg.timeout == 0.5, "timeout %g", cfg.timeout);
		CHECK(cfg.dot && strcmp(cfg.dot, "dot -Gdpi=70") == 0,
		    "dot '%s'", cfg.dot ? cfg.dot : "NULL");
		CHECK(cfg.color == PKT_COLOR_ALWAYS, "color %d", cfg.color);
	}
	pkt_config_free(&cfg);
	CHECK(cfg.iface == NULL && cfg.dot == NULL && cfg.path == NULL &&
	    cfg.timeout < 0 && cfg.nofilter == -1 &&
	    cfg.l3raw == PKT_L3RAW_AUTO && cfg.color == PKT_COLOR_AUTO,
	    "free resets to defaults");
	pkt_config_free(&cfg);	/* twice is harmless */

	/* Empty file: defaults. */
	path = tmpfile_s("");
	rc = pkt_config_load(&cfg, path, errbuf);
	CHECK(rc == 0 && cfg.iface == NULL && cfg.dot == NULL &&
	    cfg.timeout < 0 && cfg.nofilter == -1 && cfg.checkipaddr == -1 &&
	    cfg.checkipsrc == -1 && cfg.l3raw == PKT_L3RAW_AUTO &&
	    cfg.color == PKT_COLOR_AUTO && cfg.path != NULL, "empty file");
	pkt_config_free(&cfg);

	/* Quoting, comments, spacing, CRLF, no final newline, repeats. */
	path = tmpfile_s(
	    "dot = \"dot -Glabel=x # not a comment\"  # a comment\n"
	    "iface=\"eth1\"\r\n"
	    "\ttimeout\t=\t3\t\n"
	    "timeout = 4\n"
	    "l3raw = auto\n"
	    "nofilter = on\n"
	    "checkipaddr = no\n"
	    "checkipsrc = off\n"
	    "color = never\n"
	    "color = NEVER\n"
	    "dot = dot -Gx=a#b");
	rc = pkt_config_load(&cfg, path, errbuf);
	CHECK(rc == 0, "syntax file: %s", errbuf);
	if (rc == 0) {
		CHECK(cfg.dot && strcmp(cfg.dot, "dot -Gx=a#b") == 0,
		    "last dot, '#' inside a word kept: '%s'",
		    cfg.dot ? cfg.dot : "NULL");
		CHECK(cfg.iface && strcmp(cfg.iface, "eth1") == 0,
		    "quoted iface with CRLF");
		CHECK(cfg.timeout == 4, "last timeout wins: %g", cfg.timeout);
		CHECK(cfg.l3raw == PKT_L3RAW_AUTO, "l3raw auto");
		CHECK(cfg.nofilter == 1, "nofilter on");
		CHECK(cfg.checkipaddr == 0 && cfg.checkipsrc == 0,
		    "checkipaddr no, checkipsrc off");
		CHECK(cfg.color == PKT_COLOR_NEVER, "color never");
	}
	pkt_config_free(&cfg);

	path = tmpfile_s("dot = \"a \\\"b\\\" \\\\c \\n\"\n"
	    "l3raw = no\nnofilter = true\n");
	rc = pkt_config_load(&cfg, path, errbuf);
	CHECK(rc == 0 && cfg.dot && strcmp(cfg.dot, "a \"b\" \\c \\n") == 0 &&
	    cfg.l3raw == PKT_L3RAW_NO && cfg.nofilter == 1,
	    "escapes in quotes: '%s' %s", cfg.dot ? cfg.dot : "NULL", errbuf);
	pkt_config_free(&cfg);

	/* The longest line allowed. */
	{
		char line[PKT_CONFIG_LINE_MAX + 2];

		memcpy(line, "dot = ", 6);
		memset(line + 6, 'x', PKT_CONFIG_LINE_MAX - 6);
		line[PKT_CONFIG_LINE_MAX] = '\n';
		line[PKT_CONFIG_LINE_MAX + 1] = '\0';
		path = tmpfile_s(line);
		rc = pkt_config_load(&cfg, path, errbuf);
		CHECK(rc == 0 && cfg.dot &&
		    strlen(cfg.dot) == PKT_CONFIG_LINE_MAX - 6,
		    "line of %d bytes: %s", PKT_CONFIG_LINE_MAX, errbuf);
		pkt_config_free(&cfg);
	}
}

/* Each: file contents, line number and message after "path:". */
static const struct {
	const char *text;
	int line;
	const char *err;
} bad[] = {
	{ "tiemout = 3\n", 1,
	    "unknown key \"tiemout\" (did you mean \"timeout\"?)" },
	{ "\n# c\nColour = never\n", 3,
	    "unknown key \"Colour\" (did you mean \"color\"?)" },
	{ "iface = lo\nbanana = 1\n", 2, "unknown key \"banana\" (keys: iface, "
	    "l3raw, nofilter, timeout, dot, color, checkipaddr, checkipsrc)" },
	{ "timeout 3\n", 1, "expected \"key = value\", got \"timeout 3\"" },
	{ "timeout\n", 1, "\"timeout\" has no \"=\": expected \"key = value\"" },
	{ "timeout # = 3\n", 1,
	    "\"timeout\" has no \"=\": expected \"key = value\"" },
	{ "= 3\n", 1, "missing key before \"=\"" },
	{ "timeout =\n", 1, "missing value for \"timeout\"" },
	{ "timeout = # none\n", 1, "missing value for \"timeout\"" },
	{ "iface = \"\"\n", 1, "missing value for \"iface\"" },
	{ "timeout = abc\n", 1, "timeout \"abc\" is not a number" },
	{ "timeout = -1\n", 1, "timeout \"-1\" must not be negative" },
	{ "timeout = nan\n", 1, "timeout \"nan\" is not a number" },
	{ "timeout = 2s\n", 1, "timeout \"2s\" is not a number" },
	{ "timeout = 1e9\n", 1, "timeout \"1e9\" out of range 0..86400" },
	{ "l3raw = maybe\n", 1, "l3raw \"maybe\" must be auto, yes or no" },
	{ "nofilter = auto\n", 1, "nofilter \"auto\" must be yes or no" },
	{ "checkipaddr = maybe\n", 1, "checkipaddr \"maybe\" must be yes or no" },
	{ "checkipsrc = 2\n", 1, "checkipsrc \"2\" must be yes or no" },
	{ "color = blue\n", 1, "color \"blue\" must be auto, always or never" },
	{ "iface = abcdefghijklmnop\n", 1,
	    "iface \"abcdefghijklmnop\" is not a valid interface name" },
	{ "iface = a/b\n", 1, "iface \"a/b\" is not a valid interface name" },
	{ "iface = \"a b\"\n", 1,
	    "iface \"a b\" is not a valid interface name" },
	{ "iface = ..\n", 1, "iface \"..\" is not a valid interface name" },
	{ "dot = \"unterminated\n", 1,
	    "unterminated quoted value for \"dot\"" },
	{ "dot = \"x\" y\n", 1,
	    "unexpected text after the closing quote of \"dot\"" },
	{ "timeout = 1\nl3raw = yes\ncolor = 3\n", 3,
	    "color \"3\" must be auto, always or never" },
};

static void
test_errors(void)
{
	struct pkt_config cfg;
	char errbuf[PKT_ERRBUF], want[PKT_ERRBUF + 64];
	const char *path;
	size_t i;
	int rc;

	for (i = 0; i < NELEM(bad); i++) {
		path = tmpfile_s(bad[i].text);
		errbuf[0] = '\0';
		rc = pkt_config_load(&cfg, path, errbuf);
		snprintf(want, sizeof want, "%s:%d: %s", path, bad[i].line,
		    bad[i].err);
		CHECK(rc == -1 && strcmp(errbuf, want) == 0,
		    "bad %zu: got '%s' want '%s'", i, errbuf, want);
		/* Left at the defaults, even after good lines. */
		CHECK(cfg.path == NULL && cfg.iface == NULL && cfg.dot == NULL &&
		    cfg.timeout < 0 && cfg.l3raw == PKT_L3RAW_AUTO,
		    "bad %zu: not reset", i);
		pkt_config_free(&cfg);
	}

	/* A good first line is undone by a bad second one. */
	path = tmpfile_s("iface = eth0\ndot = dot\nbogus\n");
	rc = pkt_config_load(&cfg, path, errbuf);
	CHECK(rc == -1 && cfg.iface == NULL && cfg.dot == NULL,
	    "reset after error");
	pkt_config_free(&cfg);

	/* Over-long line, on line 2. */
	{
		char text[PKT_CONFIG_LINE_MAX + 64];
		size_t n;

		n = (size_t)snprintf(text, sizeof text, "# x\ndot = ");
		memset(text + n, 'x', PKT_CONFIG_LINE_MAX + 1 - (n - 4));
		n += PKT_CONFIG_LINE_MAX + 1 - (n - 4);
		text[n++] = '\n';
		path = tmpfile_n(text, n);
		rc = pkt_config_load(&cfg, path, errbuf);
		snprintf(want, sizeof want, "%s:2: line too long (over %d "
		    "bytes)", path, PKT_CONFIG_LINE_MAX);
		CHECK(rc == -1 && strcmp(errbuf, want) == 0,
		    "long line: got '%s'", errbuf);
		pkt_config_free(&cfg);
	}

	/* A NUL byte. */
	{
		static const char nul[] = "timeout = 1\ndot = a\0b\n";

		path = tmpfile_n(nul, sizeof nul - 1);
	}
	rc = pkt_config_load(&cfg, path, errbuf);
	snprintf(want, sizeof want, "%s:2: NUL byte in line (not a text "
	    "file?)", path);
	CHECK(rc == -1 && strcmp(errbuf, want) == 0, "NUL: got '%s'", errbuf);
	pkt_config_free(&cfg);

	/* A missing file named explicitly. */
	rc = pkt_config_load(&cfg, "/tmp/pkt-test-config-does-not-exist", errbuf);
	CHECK(rc == -1 && strcmp(errbuf, "/tmp/pkt-test-config-does-not-exist: "
	    "No such file or directory") == 0, "missing: got '%s'", errbuf);
	pkt_config_free(&cfg);

	/* A directory. */
	rc = pkt_config_load(&cfg, "/tmp", errbuf);
	CHECK(rc == -1 && strcmp(errbuf, "/tmp: read: Is a directory") == 0,
	    "directory: got '%s'", errbuf);
	pkt_config_free(&cfg);

	/* Control characters in a value are escaped in the message. */
	path = tmpfile_s("color = \"a\tb\"\n");
	rc = pkt_config_load(&cfg, path, errbuf);
	snprintf(want, sizeof want, "%s:1: color \"a\\tb\" must be auto, "
	    "always or never", path);
	CHECK(rc == -1 && strcmp(errbuf, want) == 0, "escaped: got '%s'",
	    errbuf);
	pkt_config_free(&cfg);
}

/* Which file is read. */
static void
test_precedence(void)
{
	struct pkt_config cfg;
	char home[] = "/tmp/pkt-test-home-XXXXXX";
	char other[] = "/tmp/pkt-test-xdg-XXXXXX";
	char errbuf[PKT_ERRBUF], want[PKT_ERRBUF], xdg[256], buf[256];
	const char *explicit, *env;
	int rc;

	if (mkdtemp(home) == NULL || mkdtemp(other) == NULL) {
		perror("mkdtemp");
		exit(2);
	}
	remember(home);
	remember(other);
	unsetenv("PKT_CONFIG");
	unsetenv("XDG_CONFIG_HOME");
	setenv("HOME", home, 1);

	/* Nothing anywhere: fine, defaults. */
	rc = pkt_config_load(&cfg, NULL, errbuf);
	CHECK(rc == 0 && cfg.path == NULL && cfg.timeout < 0,
	    "no file: %s", errbuf);
	pkt_config_free(&cfg);

	put_file(home, ".config/pkt/config", "timeout = 1\n");
	rc = pkt_config_load(&cfg, NULL, errbuf);
	CHECK(rc == 0 && cfg.timeout == 1 && cfg.path &&
	    strcmp(cfg.path, "~/.config/pkt/config") == 0,
	    "~/.config: rc %d timeout %g path %s", rc, cfg.timeout,
	    cfg.path ? cfg.path : "NULL");
	pkt_config_free(&cfg);

	/* A relative XDG_CONFIG_HOME is ignored (XDG spec). */
	setenv("XDG_CONFIG_HOME", "relative/dir", 1);
	rc = pkt_config_load(&cfg, NULL, errbuf);
	CHECK(rc == 0 && cfg.timeout == 1, "relative XDG ignored");
	pkt_config_free(&cfg);

	/* XDG_CONFIG_HOME without a file: no fallback to ~/.config. */
	setenv("XDG_CONFIG_HOME", other, 1);
	rc = pkt_config_load(&cfg, NULL, errbuf);
	CHECK(rc == 0 && cfg.path == NULL && cfg.timeout < 0,
	    "empty XDG dir: rc %d timeout %g", rc, cfg.timeout);
	pkt_config_free(&cfg);

	/* XDG_CONFIG_HOME beats ~/.config; shown as it is (not under ~). */
	put_file(other, "pkt/config", "timeout = 2\n");
	snprintf(buf, sizeof buf, "%s/pkt/config", other);
	rc = pkt_config_load(&cfg, NULL, errbuf);
	CHECK(rc == 0 && cfg.timeout == 2 && cfg.path &&
	    strcmp(cfg.path, buf) == 0, "XDG: timeout %g path %s",
	    cfg.timeout, cfg.path ? cfg.path : "NULL");
	pkt_config_free(&cfg);

	/* XDG_CONFIG_HOME under $HOME (with a trailing slash) shows as ~. */
	put_file(home, "xdg/pkt/config", "\n\ntiemout = 2\n");
	snprintf(xdg, sizeof xdg, "%s/xdg/", home);
	setenv("XDG_CONFIG_HOME", xdg, 1);
	rc = pkt_config_load(&cfg, NULL, errbuf);
	CHECK(rc == -1 && strcmp(errbuf, "~/xdg/pkt/config:3: unknown key "
	    "\"tiemout\" (did you mean \"timeout\"?)") == 0,
	    "XDG under HOME: '%s'", errbuf);
	pkt_config_free(&cfg);

	/* The message of the brief, from ~/.config. */
	unsetenv("XDG_CONFIG_HOME");
	put_file(home, ".config/pkt/config", "# x\n\ntiemout = 2\n");
	rc = pkt_config_load(&cfg, NULL, errbuf);
	CHECK(rc == -1 && strcmp(errbuf, "~/.config/pkt/config:3: unknown key "
	    "\"tiemout\" (did you mean \"timeout\"?)") == 0,
	    "~ in message: '%s'", errbuf);
	pkt_config_free(&cfg);
	put_file(home, ".config/pkt/config", "timeout = 1\n");

	/* $PKT_CONFIG beats XDG; shown as given. */
	setenv("XDG_CONFIG_HOME", other, 1);
	env = tmpfile_s("timeout = 3\n");
	snprintf(buf, sizeof buf, "%s", env);
	setenv("PKT_CONFIG", buf, 1);
	rc = pkt_config_load(&cfg, NULL, errbuf);
	CHECK(rc == 0 && cfg.timeout == 3 && cfg.path &&
	    strcmp(cfg.path, buf) == 0, "PKT_CONFIG: timeout %g", cfg.timeout);
	pkt_config_free(&cfg);

	/* An explicit path beats $PKT_CONFIG. */
	explicit = tmpfile_s("timeout = 4\n");
	rc = pkt_config_load(&cfg, explicit, errbuf);
	CHECK(rc == 0 && cfg.timeout == 4, "explicit: timeout %g",
	    cfg.timeout);
	pkt_config_free(&cfg);

	/* An empty $PKT_CONFIG is unset. */
	setenv("PKT_CONFIG", "", 1);
	rc = pkt_config_load(&cfg, NULL, errbuf);
	CHECK(rc == 0 && cfg.timeout == 2, "empty PKT_CONFIG: timeout %g",
	    cfg.timeout);
	pkt_config_free(&cfg);

	/* $PKT_CONFIG naming a missing file is an error. */
	setenv("PKT_CONFIG", "/tmp/pkt-test-config-missing", 1);
	rc = pkt_config_load(&cfg, NULL, errbuf);
	CHECK(rc == -1 && strcmp(errbuf, "/tmp/pkt-test-config-missing: No such "
	    "file or directory") == 0, "missing PKT_CONFIG: '%s'", errbuf);
	pkt_config_free(&cfg);
	unsetenv("PKT_CONFIG");

	/* A default file that cannot be read is an error, not skipped. */
	if (geteuid() != 0) {
		snprintf(buf, sizeof buf, "%s/pkt/config", other);
		chmod(buf, 0);
		rc = pkt_config_load(&cfg, NULL, errbuf);
		snprintf(want, sizeof want, "%s: Permission denied", buf);
		CHECK(rc == -1 && strcmp(errbuf, want) == 0,
		    "unreadable: '%s'", errbuf);
		pkt_config_free(&cfg);
		chmod(buf, 0600);
	}

	/* No usable HOME and no XDG: $HOME empty falls back to the password
	 * database; whatever it says, the load must not fail on a missing
	 * file. */
	unsetenv("XDG_CONFIG_HOME");
	setenv("HOME", "", 1);
	rc = pkt_config_load(&cfg, NULL, errbuf);
	CHECK(rc == 0 || strstr(errbuf, "config") != NULL, "empty HOME: '%s'",
	    errbuf);
	pkt_config_free(&cfg);
	unsetenv("HOME");
}

static void
test_color(void)
{
	struct pkt_config cfg;
	char errbuf[PKT_ERRBUF];
	const char *always = tmpfile_s("color = always\n");
	const char *none = tmpfile_s("# nothing\n");
	int fds[2], tty = -1;

	unsetenv("PKT_CONFIG");
	unsetenv("NO_COLOR");
	setenv("TERM", "xterm", 1);

	/* command line > NO_COLOR > file */
	setenv("NO_COLOR", "1", 1);
	CHECK(pkt_config_load(&cfg, always, errbuf) == 0 &&
	    cfg.color == PKT_COLOR_NEVER, "NO_COLOR beats the file");
	CHECK(pkt_config_use_color(&cfg, 1) == 0, "NO_COLOR: no color");
	cfg.color = PKT_COLOR_ALWAYS;	/* as --color=always would */
	CHECK(pkt_config_use_color(&cfg, 1) == 1, "command line beats NO_COLOR");
	pkt_config_free(&cfg);

	setenv("NO_COLOR", "", 1);	/* empty: not set */
	CHECK(pkt_config_load(&cfg, always, errbuf) == 0 &&
	    cfg.color == PKT_COLOR_ALWAYS, "empty NO_COLOR ignored");
	pkt_config_free(&cfg);
	unsetenv("NO_COLOR");

	CHECK(pkt_config_load(&cfg, none, errbuf) == 0 &&
	    cfg.color == PKT_COLOR_AUTO, "auto by default");
	if (pipe(fds) == 0) {
		CHECK(pkt_config_use_color(&cfg, fds[1]) == 0, "pipe: no color");
		close(fds[0]);
		close(fds[1]);
	}
	CHECK(pkt_config_use_color(&cfg, -1) == 0, "bad fd: no color");

	/* A terminal: a pseudo-terminal's slave side. */
	{
		int m = posix_openpt(O_RDWR | O_NOCTTY);

		if (m >= 0 && grantpt(m) == 0 && unlockpt(m) == 0 &&
		    ptsname(m) != NULL)
			tty = open(ptsname(m), O_RDWR | O_NOCTTY);
		if (tty >= 0) {
			CHECK(pkt_config_use_color(&cfg, tty) == 1,
			    "tty: color");
			CHECK(pkt_config_use_color(NULL, tty) == 1,
			    "NULL config: auto");
			setenv("NO_COLOR", "yes", 1);
			CHECK(pkt_config_use_color(&cfg, tty) == 0,
			    "tty, NO_COLOR: no color");
			unsetenv("NO_COLOR");
			setenv("TERM", "dumb", 1);
			CHECK(pkt_config_use_color(&cfg, tty) == 0,
			    "tty, TERM=dumb: no color");
			setenv("TERM", "xterm", 1);
			cfg.color = PKT_COLOR_NEVER;
			CHECK(pkt_config_use_color(&cfg, tty) == 0,
			    "tty, never: no color");
			close(tty);
		} else {
			printf("# no pseudo-terminal: tty checks skipped\n");
		}
		if (m >= 0)
			close(m);
	}
	pkt_config_free(&cfg);
}

int
main(void)
{
	test_valid();
	test_errors();
	test_precedence();
	test_color();
	cleanup();
	if (failures)
		printf("FAILED %d of %d checks\n", failures, checks);
	else
		printf("ok %d checks\n", checks);
	return failures != 0;
}
