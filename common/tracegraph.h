/* tracegraph.h: the graphs pktgraph draws (trace_graph.c): the paths of
 * a saved trace, read by the trace module, and the conversations of a
 * packet stream; as Graphviz DOT text or JSON Lines. */
#ifndef PKT_TRACEGRAPH_H
#define PKT_TRACEGRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "graph.h"

struct pkt_pkt;
struct pkt_reader;
struct pkt_trace_saved;
struct pkt_tl_path;

#define ADDRLEN	64

enum { N_HOP, N_BLACKHOLE };

struct node {
	char	 *id;		/* address, or "dst 80/tcp" for a blackhole */
	int	  kind;
	char	**ports;	/* record fields "<T80> http SA" of an endpoint */
	size_t	  nports, cports;
	bool	  target;	/* answered as the target of a trace */
	bool	  declared;	/* listed (clusters): once only */
	char	 *mpls;		/* "[MPLS: 24001/0/1/1]" the hop reported, or NULL */
	bool	  nat;		/* it quoted a probe rewritten: a NAT before it */
};

struct trace {
	char	 src[ADDRLEN], dst[ADDRLEN];
	unsigned proto, port;
	int	 hop[256];	/* node of each TTL, -1 none */
	int	 endttl;	/* TTL of the first non-time-exceeded answer, 0 none */
	int	 endnode;
	char	 endport[24];	/* "T80" */
	bool	 reached;	/* the answer came from the target itself */
	size_t	 order;
	/* A flow's path (pkttrace --flows, --mda): the TTLs it was probed
	 * at; unfinished: its probes stopped before an end (--mda did not
	 * send it further), so it is no blackhole; covered: unfinished, and
	 * every arrow it has is a finished flow's: left out. */
	bool	 flow, unfinished, covered;
	uint8_t	 sent[256 / 8];
};

struct conv {
	size_t	 a, b;		/* nodes */
	uint64_t n;
	char	**proto;	/* per protocol: name and count */
	uint64_t *pcount;
	size_t	  nproto;
};

struct pkt_graph_model {
	struct node	*nodes;
	size_t		 nnodes, cnodes;	/* c*: room (pkt_xgrow) */
	struct pkt_strmap nodemap;
	struct pkt_strmap portmap;	/* "node portid" -> its field */
	struct trace	*traces;
	size_t		 ntraces, ctraces;
	struct pkt_strmap tracemap;
	struct conv	*convs;
	size_t		 nconvs, cconvs;
	struct pkt_strmap convmap;
	uint64_t	 nrecs, ntracerecs, nconvpkts;
};

struct attr {
	char	 kind;		/* 'G', 'N', 'E' */
	char	*name, *value;
};

struct attrs {
	struct attr *a;
	size_t	 n;
};

/* Read a stream (pkt_reader_open's) into the model, as pktgraph does:
 * a large run's lines grouped per target (tracelines.h), trace pairs
 * and hop summaries through the trace module (trace.h), the rest (all
 * of it with conv) as conversations; then the paths of the pairs and
 * summaries (pkt_graph_add_traces).  With out, a large run's paths are
 * written there as JSON Lines (pkt_graph_trace_json) as each is whole,
 * and not kept.  0, or -1 with errbuf ("FILE:LINE: ...", or the write
 * that failed). */
int	pkt_graph_read(struct pkt_graph_model *, struct pkt_reader *,
	    bool conv, FILE *out, const struct pkt_asn_table *, char *errbuf);
/* Every path of a saved trace: one per target and round (hop summaries:
 * one per address of a hop), rounds that took the same path merged. */
void	pkt_graph_add_traces(struct pkt_graph_model *,
	    const struct pkt_trace_saved *);
/* A large run's path (tracelines.h): one trace, its protocol what the
 * answers tell (no port, no source: a large run's lines have none). */
void	pkt_graph_add_path(struct pkt_graph_model *, const struct pkt_tl_path *);
/* A packet's conversation (IP, else IPv6, else ARP addresses). */
void	pkt_graph_conv_add(struct pkt_graph_model *, const struct pkt_pkt *);
void	pkt_graph_model_free(struct pkt_graph_model *);

/* -Gname=value, -Nname=value, -Ename=value among dot's arguments: they
 * replace pktgraph's defaults of the same name in the DOT text. */
void	pkt_graph_attrs_from_argv(struct attrs *, char **argv);
void	pkt_graph_attrs_free(struct attrs *);

/* The DOT text of the paths (Scapy's make_graph), or of the
 * conversations. */
void	pkt_graph_trace_dot(FILE *, struct pkt_graph_model *,
	    const struct pkt_asn_table *, const struct attrs *);
void	pkt_graph_conv_dot(FILE *, const struct pkt_graph_model *,
	    bool protocols, const struct attrs *);
/* One line per path (its hops TTL by TTL), or per conversation. */
int	pkt_graph_trace_json(FILE *, struct pkt_graph_model *,
	    const struct pkt_asn_table *);
int	pkt_graph_conv_json(FILE *, const struct pkt_graph_model *);

#endif
