/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Wiring of the sources (see main.h): netlink and the BPF probes for the
 * namespaces in scope, packet capture on their interfaces (followed as they
 * come and go), or the replay of a recording; the L2 checks and the packet
 * store behind the capture; the pcapng recorder as a bus subscriber.
 *
 * Capture follows the links: every link event of a namespace in scope that
 * names a wanted interface (-i, or by default every interface that is up and
 * not loopback) opens a capture there; a deleted link closes it.  Opening
 * submits events, which a bus subscriber must not do, so link events only
 * queue the work and a zero-delay timer does it.
 */
#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture/l2check.h"
#include "capture/pcap_source.h"
#include "capture/pcapng_writer.h"
#include "capture/pipeline.h"
#include "capture/pkt_store.h"
#include "capture/replay.h"
#include "cli/main.h"
#include "cli/options.h"
#include "cli/route_lookup.h"
#include "core/bus.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/nsreg.h"
#include "core/util.h"
#include "probes/bpf_source.h"
#include "probes/netns.h"
#include "probes/nl_source.h"

#define MAX_CAPTURES 512
#define IFF_UP_BIT 0x1       /* <net/if.h> IFF_UP */
#define IFF_LOOPBACK_BIT 0x8 /* <net/if.h> IFF_LOOPBACK */

struct capture {
	uint64_t netns;
	uint32_t ifindex;
	char ifname[NW_IFNAMSIZ];
	struct nw_pcap_source *src;
	bool wanted;  /* a link event asked for it */
	bool failed;  /* opening failed: not retried until the link changes */
};

static struct sources {
	struct nw_loop *loop;
	struct nw_bus *bus;
	const struct nw_opts *opts;
	struct nw_netns_set *scope;
	struct nw_nl_source *nl;
	struct nw_bpf_source *bpf;
	struct nw_l2check *l2;
	struct nw_pkt_store *store;
	struct nw_capture_pipe *pipe;
	struct nw_pcapng_writer *writer;
	struct capture caps[MAX_CAPTURES];
	size_t n_caps;
	bool work_queued;
	bool capture_done; /* -c packets went through */
	int exit_code;
	char *filter; /* the capture filter now: the option's, or what the user typed since */
} S;

static bool iface_selected(const char *ifname)
{
	size_t i;

	for (i = 0; i < S.opts->n_ifaces; i++)
		if (strcmp(S.opts->ifaces[i], ifname) == 0)
			return true;
	return false;
}

static struct capture *capture_find(uint64_t netns, uint32_t ifindex)
{
	size_t i;

	for (i = 0; i < S.n_caps; i++)
		if (S.caps[i].netns == netns && S.caps[i].ifindex == ifindex)
			return &S.caps[i];
	return NULL;
}

/* The nsfs path of a namespace in scope (scanning the host for `all`). */
static int netns_path(uint64_t inode, char *path, size_t size)
{
	struct nw_netns_set *found;
	long i = nw_netns_set_find(S.scope, inode);
	int rc = -ENOENT;

	if (i >= 0) {
		nw_strlcpy(path, nw_netns_set_at(S.scope, (size_t)i)->path, size);
		return 0;
	}
	found = nw_netns_set_new();
	if (found && nw_netns_scan(found) >= 0) {
		i = nw_netns_set_find(found, inode);
		if (i >= 0) {
			nw_strlcpy(path, nw_netns_set_at(found, (size_t)i)->path, size);
			rc = 0;
		}
	}
	nw_netns_set_free(found);
	return rc;
}

static void capture_open(struct capture *c)
{
	struct nw_pcap_opts o = {
		.ifname = c->ifname,
		.netns_fd = -1,
		.filter = S.filter,
		.snaplen = (int)S.opts->snaplen,
		.buffer_size = (int)S.opts->buffer_kib * 1024,
	};
	char path[NW_NETNS_PATH_MAX], err[256];
	uint64_t ino;
	int fd = -1;

	if (c->netns && c->netns != nw_netns_self_inode()) {
		if (netns_path(c->netns, path, sizeof(path)) < 0 || (fd = nw_netns_open(path, &ino)) < 0) {
			nw_warn("capture on %s in %s: the namespace cannot be opened any more", c->ifname,
				nw_nsreg_name(c->netns));
			c->failed = true;
			return;
		}
		o.netns_fd = fd;
	}
	c->src = nw_pcap_source_open_live(&o, S.pipe, S.loop, err, sizeof(err));
	if (fd >= 0)
		close(fd);
	if (!c->src) {
		nw_warn("capture on %s%s%s: %s", c->ifname, c->netns ? " in " : "",
			c->netns ? nw_nsreg_name(c->netns) : "", err);
		c->failed = true;
		return;
	}
	/* The recording names every interface watched, also one that stays quiet. */
	if (S.writer && nw_pcapng_writer_interface(S.writer, c->netns, c->ifindex, c->ifname,
						   (uint16_t)nw_pcap_source_linktype(c->src)) < 0)
		nw_warn("recording: cannot describe %s in %s", c->ifname, S.opts->write_file);
}

static bool do_capture_work(struct nw_loop *loop, void *arg)
{
	size_t i;

	S.work_queued = false;
	for (i = 0; i < S.n_caps; i++) {
		struct capture *c = &S.caps[i];

		if (c->wanted && !c->src && !c->failed)
			capture_open(c);
		else if (!c->wanted && c->src) {
			nw_pcap_source_close(c->src);
			c->src = NULL;
		}
	}
	/* Compact: drop closed entries nobody wants. */
	for (i = 0; i < S.n_caps;) {
		if (!S.caps[i].wanted && !S.caps[i].src)
			S.caps[i] = S.caps[--S.n_caps];
		else
			i++;
	}
	return false;
}

static void queue_capture_work(void)
{
	if (S.work_queued)
		return;
	if (nw_loop_add_timer(S.loop, 0, 0, do_capture_work, NULL) > 0)
		S.work_queued = true;
}

/* A namespace is gone (its netlink source says so): its captures go too. */
static void forget_netns(uint64_t netns)
{
	bool any = false;
	size_t i;

	for (i = 0; i < S.n_caps; i++) {
		if (S.caps[i].netns == netns && S.caps[i].wanted) {
			S.caps[i].wanted = false;
			any = true;
		}
	}
	if (any)
		queue_capture_work();
}

/* Marks (netns, ifindex) wanted, adding its entry; l is the link event, NULL for "any". */
static void capture_want(uint64_t netns, uint32_t ifindex, const char *ifname,
			 const struct nw_link_ev *l)
{
	struct capture *c = capture_find(netns, ifindex);

	if (!c) {
		if (S.n_caps >= MAX_CAPTURES) {
			nw_warn("not capturing on %s in %s: already capturing on %d interfaces (the limit)",
				ifname, nw_nsreg_name(netns), MAX_CAPTURES);
			return;
		}
		c = &S.caps[S.n_caps++];
		memset(c, 0, sizeof(*c));
		c->netns = netns;
		c->ifindex = ifindex;
	} else if (l && l->op == NW_LINK_CHANGE) {
		c->failed = false; /* the link changed (came up, renamed): try again */
	}
	nw_strlcpy(c->ifname, ifname, sizeof(c->ifname));
	c->wanted = true;
	queue_capture_work();
}

/* The pipeline let the -c'th packet through: no capture goes on. */
static void capture_limit_reached(void *arg)
{
	size_t i;

	S.capture_done = true;
	for (i = 0; i < S.n_caps; i++)
		S.caps[i].wanted = false;
	queue_capture_work();
	nw_info("capture stopped after %llu packet%s (-c)", (unsigned long long)S.opts->count,
		S.opts->count == 1 ? "" : "s");
}

/* Bus subscriber: links decide where to capture; a gone namespace ends its captures. */
static void on_link_event(const struct nw_event *ev, void *arg)
{
	const struct nw_link_ev *l = &ev->u.link;
	struct capture *c;
	bool want;

	if (ev->type == NW_EV_SOURCE && ev->origin == NW_ORIGIN_NETLINK &&
	    ev->u.source.state == NW_SOURCE_GONE && ev->netns_ino) {
		forget_netns(ev->netns_ino);
		return;
	}
	if (ev->type != NW_EV_LINK || ev->origin != NW_ORIGIN_NETLINK)
		return;
	c = capture_find(ev->netns_ino, ev->ifindex);
	if (l->op == NW_LINK_DEL) {
		if (c) {
			c->wanted = false;
			queue_capture_work();
		}
		return;
	}
	if (S.capture_done)
		return; /* -c reached: no new captures */
	/* -i any: one capture of the "any" device per namespace, opened with its first link. */
	if (iface_selected("any") && !capture_find(ev->netns_ino, 0))
		capture_want(ev->netns_ino, 0, "any", NULL);
	if (S.opts->n_ifaces)
		want = iface_selected(ev->ifname);
	else
		want = l->flags & IFF_UP_BIT; /* loopback too: 127.0.0.1 traffic is traffic */
	if (!want || (c && c->src))
		return;
	capture_want(ev->netns_ino, ev->ifindex, ev->ifname, l);
}

/* Compiles filter for Ethernet; returns 0 or -EINVAL with pcap's reason in err. */
static int compile_filter(const char *filter, char *err, size_t size)
{
	struct bpf_program prog;
	pcap_t *p;
	int rc = 0;

	if (!filter || !*filter)
		return 0;
	p = pcap_open_dead(DLT_EN10MB, 262144);
	if (!p)
		return 0;
	if (pcap_compile(p, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) < 0) {
		snprintf(err, size, "%s", pcap_geterr(p));
		rc = -EINVAL;
	} else {
		pcap_freecode(&prog);
	}
	pcap_close(p);
	return rc;
}

/* A bad filter is a usage error: say so before anything starts. */
static int check_filter(const char *filter)
{
	char err[PCAP_ERRBUF_SIZE + 64];

	if (compile_filter(filter, err, sizeof(err)) < 0) {
		fprintf(stderr, "netwhy: bad pcap filter '%s': %s (see pcap-filter(7))\n", filter, err);
		return -EINVAL;
	}
	return 0;
}

int nw_sources_set_filter(void *arg, const char *filter, char *err, size_t size)
{
	size_t i;

	if (compile_filter(filter, err, size) < 0)
		return -EINVAL;
	free(S.filter);
	S.filter = (filter && *filter) ? nw_xstrdup(filter) : NULL;
	/* Every capture opens again with the new filter (the old handles go first). */
	for (i = 0; i < S.n_caps; i++) {
		if (S.caps[i].src) {
			nw_pcap_source_close(S.caps[i].src);
			S.caps[i].src = NULL;
		}
		S.caps[i].failed = false;
	}
	queue_capture_work();
	nw_info("capture filter now: %s", S.filter ? S.filter : "(none)");
	return 0;
}

static int open_capture_pipeline(const struct nw_opts *opts)
{
	size_t store_bytes = (size_t)opts->mem_cap_mib * 1024 * 1024 / 4;
	char err[256];

	S.l2 = nw_l2check_new(65536);
	S.store = nw_pkt_store_new(store_bytes);
	if (!S.l2 || !S.store)
		return -ENOMEM;
	S.pipe = nw_capture_pipe_new(S.bus, S.l2, S.store);
	if (!S.pipe)
		return -ENOMEM;
	/* The L2 checks learn interface MACs and neighbour entries from the bus. */
	nw_bus_subscribe(S.bus, nw_l2check_bus_cb, S.l2);
	if (opts->write_file) {
		S.writer = nw_pcapng_writer_open(opts->write_file, S.store, S.l2, err, sizeof(err));
		if (!S.writer) {
			fprintf(stderr, "netwhy: cannot record to %s: %s\n", opts->write_file, err);
			return -EINVAL;
		}
		nw_bus_subscribe(S.bus, nw_pcapng_writer_bus_cb, S.writer);
	}
	return 0;
}

static bool do_replay(struct nw_loop *loop, void *arg)
{
	struct nw_replay_stats st = { 0 };
	char err[256] = "";
	int rc;

	rc = nw_replay_file(S.opts->read_file, S.opts->filter, S.opts->count, S.pipe, &st, err, sizeof(err));
	if (rc < 0) {
		nw_error("reading %s: %s", S.opts->read_file, err);
		S.exit_code = NW_EXIT_USAGE;
	} else {
		nw_info("replayed %s: %llu packet%s, %llu kernel event%s, %llu filtered out, %llu "
			"block%s skipped",
			S.opts->read_file, (unsigned long long)st.packets, st.packets == 1 ? "" : "s",
			(unsigned long long)st.events, st.events == 1 ? "" : "s",
			(unsigned long long)st.filtered, (unsigned long long)st.skipped,
			st.skipped == 1 ? "" : "s");
		if (st.rederived)
			nw_info("%llu findings and explanations in %s are raised again by this replay, not "
				"copied", (unsigned long long)st.rederived, S.opts->read_file);
		/* Other tools' blocks are skipped as pcapng asks; netwhy's own events are not lost silently. */
		if (st.events_newer)
			nw_warn("%llu kernel events in %s are in a layout this netwhy cannot read (event "
				"layout version %u, written by a newer netwhy): replay it with the netwhy "
				"that recorded it", (unsigned long long)st.events_newer, S.opts->read_file,
				(unsigned)st.newest_version);
		if (st.events_skipped > st.events_newer)
			nw_warn("%llu kernel events in %s are in a layout this netwhy cannot read (written by a "
				"newer version, or on a machine of the other byte order): replay it with the "
				"netwhy that recorded it",
				(unsigned long long)(st.events_skipped - st.events_newer), S.opts->read_file);
	}
	/* Headless replay ends with the file. */
	if (S.opts->json || S.opts->cmd == NW_CMD_EXPLAIN)
		nw_loop_stop(loop);
	return false;
}

static int scope_from_opts(const struct nw_opts *opts)
{
	char err[256];
	size_t i;
	int rc;

	S.scope = nw_netns_set_new();
	if (!S.scope)
		return -ENOMEM;
	for (i = 0; i < opts->n_netns; i++) {
		rc = nw_netns_set_add_spec(S.scope, opts->netns[i], err, sizeof(err));
		if (rc < 0) {
			fprintf(stderr, "netwhy: --netns %s: %s\n", opts->netns[i], err);
			return rc;
		}
	}
	for (i = 0; i < opts->n_containers; i++) {
		rc = nw_netns_set_add_container(S.scope, opts->containers[i], err, sizeof(err));
		if (rc < 0) {
			fprintf(stderr, "netwhy: %s %s: %s\n", strchr(opts->containers[i], '/') ? "--pod" : "--container",
				opts->containers[i], err);
			return rc;
		}
	}
	if (!opts->n_netns && !opts->n_containers) {
		rc = nw_netns_set_add_self(S.scope, err, sizeof(err));
		if (rc < 0) {
			fprintf(stderr, "netwhy: cannot identify this network namespace: %s\n", err);
			return rc;
		}
	}
	return 0;
}

static void open_bpf(const struct nw_opts *opts)
{
	struct nw_bpf_opts bo = { 0 };
	uint64_t inodes[NW_OPT_MAX_LIST * 2];
	size_t i, n = 0;

	if (!nw_netns_set_is_all(S.scope)) {
		for (i = 0; i < nw_netns_set_count(S.scope) && n < NW_ARRAY_SIZE(inodes); i++)
			inodes[n++] = nw_netns_set_at(S.scope, i)->inode;
		bo.netns = inodes;
		bo.n_netns = n;
	}
	S.bpf = nw_bpf_source_open(S.loop, S.bus, &bo);
}

/*
 * Every -i names an interface the initial dump showed (tcpdump: "No such
 * device").  Where namespaces come and go (--netns all, containers) it may
 * still appear: then a warning, and the capture opens when it does.
 */
static int check_ifaces(const struct nw_opts *opts)
{
	bool may_appear = nw_netns_set_is_all(S.scope) || opts->n_containers;
	const char *where = opts->n_netns ? "the namespaces given with --netns" : "this network namespace";
	size_t i, k;

	for (i = 0; i < opts->n_ifaces; i++) {
		bool seen = !strcmp(opts->ifaces[i], "any");

		for (k = 0; k < S.n_caps && !seen; k++)
			seen = !strcmp(S.caps[k].ifname, opts->ifaces[i]);
		if (seen)
			continue;
		if (may_appear) {
			nw_warn("-i %s: no such interface yet in the namespaces in scope; capturing on "
				"it when it appears",
				opts->ifaces[i]);
			continue;
		}
		fprintf(stderr,
			"netwhy: -i %s: no such device in %s (ip link lists the interfaces, "
			"netwhy -D what can be captured)\n",
			opts->ifaces[i], where);
		return -ENODEV;
	}
	return 0;
}

/* A source the user turned off still says so: the header shows it, JSON readers see it. */
static void report_off(enum nw_origin origin, const char *name, const char *detail)
{
	struct nw_event ev;

	nw_event_init(&ev, NW_EV_SOURCE, origin);
	ev.netns_ino = nw_netns_self_inode();
	nw_strlcpy(ev.u.source.name, name, sizeof(ev.u.source.name));
	ev.u.source.state = NW_SOURCE_OFF;
	nw_strlcpy(ev.u.source.detail, detail, sizeof(ev.u.source.detail));
	nw_bus_submit(S.bus, &ev);
}

int nw_sources_open(struct nw_loop *loop, struct nw_bus *bus, const struct nw_opts *opts)
{
	int rc;

	memset(&S, 0, sizeof(S));
	S.loop = loop;
	S.bus = bus;
	S.opts = opts;

	if (check_filter(opts->filter) < 0)
		return NW_EXIT_USAGE;
	S.filter = opts->filter ? nw_xstrdup(opts->filter) : NULL;
	if (opts->read_file) {
		if (access(opts->read_file, R_OK) < 0) {
			fprintf(stderr, "netwhy: cannot read %s: %s\n", opts->read_file, strerror(errno));
			return NW_EXIT_USAGE;
		}
		rc = open_capture_pipeline(opts);
		if (rc)
			return rc == -ENOMEM ? NW_EXIT_RUNTIME : NW_EXIT_USAGE;
		nw_loop_add_timer(loop, 0, 0, do_replay, NULL);
		return 0;
	}

	if (scope_from_opts(opts) < 0)
		return NW_EXIT_USAGE;
	if (!opts->no_capture) {
		rc = open_capture_pipeline(opts);
		if (rc)
			return rc == -ENOMEM ? NW_EXIT_RUNTIME : NW_EXIT_USAGE;
		if (opts->count)
			nw_capture_pipe_set_limit(S.pipe, opts->count, capture_limit_reached, NULL);
		nw_bus_subscribe(bus, on_link_event, NULL);
	} else if (opts->write_file) {
		rc = open_capture_pipeline(opts);
		if (rc)
			return NW_EXIT_USAGE;
	}
	if (!opts->no_bpf)
		open_bpf(opts);
	else
		report_off(NW_ORIGIN_BPF, "bpf", "kernel probes off: disabled by --no-bpf (no drops, neighbour timers, qdisc drops or socket errors)");
	if (opts->no_capture)
		report_off(NW_ORIGIN_PCAP, "pcap", "packet capture off: disabled by --no-capture");
	/* Netlink last: its initial dump drives the captures (link events). */
	S.nl = nw_nl_source_open(loop, bus, S.scope);
	if (!S.nl)
		nw_warn("netlink source off: %s", strerror(errno));
	else if (!opts->no_capture && check_ifaces(opts) < 0) {
		nw_sources_close();
		return NW_EXIT_USAGE;
	}
	nw_route_lookup_start(loop, bus, S.nl);
	if (!S.nl && !(S.bpf && nw_bpf_source_running(S.bpf)) && !S.n_caps) {
		fprintf(stderr, "netwhy: no source could start (see the messages above)\n");
		nw_sources_close();
		return NW_EXIT_RUNTIME;
	}
	return 0;
}

bool nw_sources_packet_bytes(void *arg, uint64_t store_ref, const uint8_t **data, uint32_t *caplen,
			     const char **note)
{
	struct nw_pkt_view v;

	if (!S.store || !nw_pkt_store_get(S.store, store_ref, &v))
		return false;
	*data = v.data;
	*caplen = v.caplen;
	*note = v.note;
	return true;
}

static void append(char *buf, size_t size, size_t *len, const char *s)
{
	size_t n = strlen(s);

	if (*len + n + 1 > size)
		n = size - *len - 1;
	memcpy(buf + *len, s, n);
	*len += n;
	buf[*len] = '\0';
}

void nw_sources_scope_text(const struct nw_opts *opts, char *buf, size_t size)
{
	size_t i, len = 0;

	buf[0] = '\0';
	if (size < 2)
		return;
	if (opts->read_file) {
		append(buf, size, &len, "replay ");
		append(buf, size, &len, opts->read_file);
		return;
	}
	append(buf, size, &len, "netns ");
	if (!opts->n_netns && !opts->n_containers)
		append(buf, size, &len, "(this one)");
	for (i = 0; i < opts->n_netns; i++) {
		append(buf, size, &len, i ? "," : "");
		append(buf, size, &len, opts->netns[i]);
	}
	for (i = 0; i < opts->n_containers; i++) {
		if (i || opts->n_netns)
			append(buf, size, &len, ",");
		append(buf, size, &len, strchr(opts->containers[i], '/') ? "pod:" : "container:");
		append(buf, size, &len, opts->containers[i]);
	}
	append(buf, size, &len, "  if ");
	if (!opts->n_ifaces)
		append(buf, size, &len, opts->no_capture ? "(no capture)" : "(all up)");
	for (i = 0; i < opts->n_ifaces; i++) {
		append(buf, size, &len, i ? "," : "");
		append(buf, size, &len, opts->ifaces[i]);
	}
	if (opts->filter) {
		append(buf, size, &len, "  filter ");
		append(buf, size, &len, opts->filter);
	}
}

int nw_sources_exit_code(void)
{
	return S.exit_code;
}

void nw_sources_close(void)
{
	size_t i;

	for (i = 0; i < S.n_caps; i++)
		if (S.caps[i].src)
			nw_pcap_source_close(S.caps[i].src);
	S.n_caps = 0;
	nw_bpf_source_close(S.bpf);
	S.bpf = NULL;
	nw_route_lookup_stop();
	if (S.nl)
		nw_nl_source_close(S.nl);
	S.nl = NULL;
	/*
	 * Subscribers go before what they point to: main flushes findings to the
	 * bus after this, and a freed writer or L2 context must not hear them.
	 */
	if (S.bus) {
		nw_bus_unsubscribe(S.bus, on_link_event, NULL);
		if (S.writer)
			nw_bus_unsubscribe(S.bus, nw_pcapng_writer_bus_cb, S.writer);
		if (S.l2)
			nw_bus_unsubscribe(S.bus, nw_l2check_bus_cb, S.l2);
	}
	if (S.writer) {
		struct nw_pcapng_writer_stats ws;
		int rc;

		nw_pcapng_writer_stats(S.writer, &ws);
		rc = nw_pcapng_writer_close(S.writer);
		/* Like tcpdump -w: what went into the file, once the screen is gone. */
		if (rc == 0)
			fprintf(stderr, "netwhy: %llu packet%s, %llu event%s written to %s\n",
				(unsigned long long)ws.packets, ws.packets == 1 ? "" : "s",
				(unsigned long long)ws.events, ws.events == 1 ? "" : "s",
				S.opts->write_file);

		/* A recording cut short (disk full) is not left looking complete. */
		if (rc < 0) {
			nw_error("recording to %s failed: %s; the incomplete file was removed",
				 S.opts->write_file, strerror(-rc));
			unlink(S.opts->write_file);
			if (!S.exit_code)
				S.exit_code = NW_EXIT_RUNTIME;
		}
		S.writer = NULL;
	}
	nw_capture_pipe_free(S.pipe);
	S.pipe = NULL;
	nw_pkt_store_free(S.store);
	S.store = NULL;
	nw_l2check_free(S.l2);
	S.l2 = NULL;
	nw_netns_set_free(S.scope);
	S.scope = NULL;
	free(S.filter);
	S.filter = NULL;
}
