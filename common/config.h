/* config.h: the configuration file of every pkt tool (SPEC.md section 6). */
#ifndef PKT_CONFIG_H
#define PKT_CONFIG_H

enum {
	PKT_L3RAW_AUTO = 0,	/* loopback/local destinations only (default) */
	PKT_L3RAW_YES,
	PKT_L3RAW_NO
};

enum {
	PKT_COLOR_AUTO = 0,	/* when the fd is a terminal and NO_COLOR is unset */
	PKT_COLOR_ALWAYS,
	PKT_COLOR_NEVER
};

/* Longest line of a configuration file, without its newline. */
#define PKT_CONFIG_LINE_MAX	4096
/* Largest timeout accepted from the file, in seconds (one day). */
#define PKT_CONFIG_TIMEOUT_MAX	86400.0

struct pkt_config {
	char	*path;		/* file read (as shown in messages), or NULL */
	char	*iface;		/* NULL: unset */
	int	 l3raw;		/* PKT_L3RAW_AUTO/YES/NO */
	int	 nofilter;	/* -1 unset, 0, 1 */
	double	 timeout;	/* seconds; < 0 unset */
	char	*dot;		/* NULL: unset; program and options, unsplit */
	int	 color;		/* PKT_COLOR_AUTO/ALWAYS/NEVER */
	int	 checkipaddr;	/* -1 unset, 0, 1 (Scapy's conf.checkIPaddr) */
	int	 checkipsrc;	/* -1 unset, 0, 1 (Scapy's conf.checkIPsrc) */
};

/*
 * Fill *cfg from the configuration file.  cfg needs no initialisation: it is
 * first set to the defaults (everything unset, l3raw and color auto).
 *
 * The file: path if not NULL (as --config gives it); else $PKT_CONFIG if set
 * and non-empty; in both cases a missing file is an error.  Else
 * $XDG_CONFIG_HOME/pkt/config (if set and absolute), else
 * ~/.config/pkt/config, where a missing file is fine: the defaults stay and
 * path stays NULL.
 *
 * Syntax: "key = value" lines; blank lines; '#' starts a comment at the
 * beginning of a line or after whitespace ("dot = a#b" keeps the '#').
 * Whitespace around key and value is trimmed.  A value may be put in
 * "double quotes" (keeping spaces and '#'; \" and \\ inside).  A key given
 * twice: the last one wins.  Keys and values:
 *	iface    = NAME             (a valid interface name)
 *	l3raw    = auto|yes|no
 *	nofilter = yes|no
 *	timeout  = SECONDS          (0..PKT_CONFIG_TIMEOUT_MAX, "0.5", "2")
 *	dot      = PROGRAM [ARGS]   (split by the caller)
 *	color    = auto|always|never
 *	checkipaddr = yes|no        (answers come from the probe's destination)
 *	checkipsrc  = yes|no        (quoted probes keep their source and ports)
 * (yes|no also take true|false, on|off, 1|0.)
 *
 * Colour precedence is command line > NO_COLOR > file: when NO_COLOR is set
 * and non-empty, color is PKT_COLOR_NEVER after loading whatever the file
 * says; a --color option applied afterwards by the caller still wins.
 *
 * On error returns -1 with errbuf (PKT_ERRBUF bytes) naming file and line,
 *	~/.config/pkt/config:3: unknown key "tiemout" (did you mean "timeout"?)
 * and *cfg back at the defaults (pkt_config_free is harmless).  Paths under
 * $HOME are shown as ~/... unless the path was given explicitly.
 */
int	pkt_config_load(struct pkt_config *cfg, const char *path, char *errbuf);
/* Free the strings and reset *cfg to the defaults. */
void	pkt_config_free(struct pkt_config *cfg);
/* Whether to colour output on fd: ALWAYS 1, NEVER 0, AUTO: 1 when fd is a
 * terminal, NO_COLOR is unset or empty and TERM is not "dumb". */
int	pkt_config_use_color(const struct pkt_config *cfg, int fd);

#endif
