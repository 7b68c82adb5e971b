/* nfqdelay: hold every packet of an NFQUEUE queue for a while, then let it
 * go: a fixed delay on a link for the live tests, where this kernel has no
 * netem.  Raw nfnetlink through libmnl (no libnetfilter_queue needed).
 *
 *	nfqdelay QUEUE MS	(run in the namespace whose nft rule queues)
 *
 * Packets leave in the order they came, each MS milliseconds after it came
 * (copy mode "meta": the payload is never read), those that fall due
 * together in one batch verdict.  Runs until killed. */
#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_queue.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAXHELD	65536

static struct mnl_socket *nl;
static unsigned queue;
static char buf[1 << 17];
static struct held {
	uint32_t	id;
	double		due;
} held[MAXHELD];
static size_t head, n;

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static struct nlmsghdr *
put_hdr(char *b, int type)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(b);
	struct nfgenmsg *nfg;

	nlh->nlmsg_type = (NFNL_SUBSYS_QUEUE << 8) | type;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	nfg = mnl_nlmsg_put_extra_header(nlh, sizeof(*nfg));
	nfg->nfgen_family = AF_UNSPEC;
	nfg->version = NFNETLINK_V0;
	nfg->res_id = htons((uint16_t)queue);
	return nlh;
}

static void
send_or_die(struct nlmsghdr *nlh)
{
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		perror("nfqdelay: mnl_socket_sendto");
		exit(1);
	}
}

/* Every held packet up to id goes (ids grow in a queue): one message for
 * a burst that falls due at once. */
static void
verdict(uint32_t id)
{
	char b[8192];
	struct nlmsghdr *nlh = put_hdr(b, NFQNL_MSG_VERDICT_BATCH);
	struct nfqnl_msg_verdict_hdr vh;

	vh.verdict = htonl(NF_ACCEPT);
	vh.id = htonl(id);
	mnl_attr_put(nlh, NFQA_VERDICT_HDR, sizeof(vh), &vh);
	send_or_die(nlh);
}

static int
attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(a);

	if (mnl_attr_type_valid(a, NFQA_MAX) >= 0)
		tb[type] = a;
	return MNL_CB_OK;
}

static int
packet_cb(const struct nlmsghdr *nlh, void *delay)
{
	const struct nlattr *tb[NFQA_MAX + 1] = { NULL };
	const struct nfqnl_msg_packet_hdr *ph;

	if (mnl_attr_parse(nlh, sizeof(struct nfgenmsg), attr_cb, tb) < 0 ||
	    tb[NFQA_PACKET_HDR] == NULL)
		return MNL_CB_OK;
	ph = mnl_attr_get_payload(tb[NFQA_PACKET_HDR]);
	if (n == MAXHELD)	/* full: the oldest go early, none is dropped */
		while (n > MAXHELD / 2) {
			verdict(held[head].id);
			head = (head + 1) % MAXHELD;
			n--;
		}
	held[(head + n) % MAXHELD].id = ntohl(ph->packet_id);
	held[(head + n) % MAXHELD].due = now() + *(double *)delay;
	n++;
	return MNL_CB_OK;
}

int
main(int argc, char **argv)
{
	char b[8192];
	struct nlmsghdr *nlh;
	struct nfqnl_msg_config_cmd cmd;
	struct nfqnl_msg_config_params params;
	struct pollfd pfd;
	double delay;
	int one = 1;

	if (argc != 3) {
		fprintf(stderr, "usage: nfqdelay QUEUE MS\n");
		return 2;
	}
	queue = (unsigned)atoi(argv[1]);
	delay = atof(argv[2]) / 1e3;
	if ((nl = mnl_socket_open(NETLINK_NETFILTER)) == NULL ||
	    mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		perror("nfqdelay: netlink");
		return 1;
	}
	mnl_socket_setsockopt(nl, NETLINK_NO_ENOBUFS, &one, sizeof(one));
	nlh = put_hdr(b, NFQNL_MSG_CONFIG);
	memset(&cmd, 0, sizeof(cmd));
	cmd.command = NFQNL_CFG_CMD_BIND;
	mnl_attr_put(nlh, NFQA_CFG_CMD, sizeof(cmd), &cmd);
	send_or_die(nlh);
	nlh = put_hdr(b, NFQNL_MSG_CONFIG);
	params.copy_range = htonl(0);
	params.copy_mode = NFQNL_COPY_META;
	mnl_attr_put(nlh, NFQA_CFG_PARAMS, sizeof(params), &params);
	send_or_die(nlh);
	pfd.fd = mnl_socket_get_fd(nl);
	pfd.events = POLLIN;
	for (;;) {
		struct timespec ts, *tsp = NULL;
		ssize_t got;

		if (n > 0 && held[head].due <= now()) {
			uint32_t last = held[head].id;
			double t = now();

			while (n > 0 && held[head].due <= t) {
				last = held[head].id;
				head = (head + 1) % MAXHELD;
				n--;
			}
			verdict(last);
		}
		/* Wake when the oldest is due, to the microsecond: a burst
		 * leaves as it came, not a millisecond later per packet. */
		if (n > 0) {
			double left = held[head].due - now();

			if (left < 0)
				left = 0;
			ts.tv_sec = (time_t)left;
			ts.tv_nsec = (long)((left - (double)ts.tv_sec) * 1e9);
			tsp = &ts;
		}
		if (ppoll(&pfd, 1, tsp, NULL) < 0 && errno != EINTR) {
			perror("nfqdelay: poll");
			return 1;
		}
		if (!(pfd.revents & POLLIN))
			continue;
		if ((got = mnl_socket_recvfrom(nl, buf, sizeof(buf))) < 0) {
			if (errno == ENOBUFS || errno == EINTR)
				continue;
			perror("nfqdelay: recv");
			return 1;
		}
		mnl_cb_run(buf, (size_t)got, 0, 0, packet_cb, &delay);
	}
}
