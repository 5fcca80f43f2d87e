// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The models together: the bus subscriber that feeds every model, the
 * detectors that raise findings, and the joins the explain rules use.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "core/bus.h"
#include "core/diag/correlate.h"
#include "core/diag/routine.h"
#include "core/kstore.h"
#include "core/names.h"
#include "core/nsreg.h"
#include "core/ring.h"
#include "core/util.h"

#define NW_MAX_PCAP_NAMES 32

struct nw_src_state {
	bool reported, running;
	uint64_t events;
	char detail[160];
};

struct nw_capture_key {
	uint64_t netns_ino;
	uint32_t ifindex;
	uint32_t pad;
};

struct nw_capture_rec {
	struct nw_capture_key key;
	uint64_t packets;
};

struct nw_models {
	struct nw_bus *bus;
	struct nw_models_opts opts;
	struct nw_neigh_model *neigh;
	struct nw_qdisc_model *qdisc;
	struct nw_sock_model *sock;
	struct nw_drop_model *drop;
	struct nw_link_model *link;
	struct nw_route_model *route;
	struct nw_routine *routine;
	struct nw_findings *findings;
	struct nw_kstore *counters;
	struct nw_kstore *captures;
	struct nw_ring *packets;
	struct nw_src_state src[NW_EVSRC_COUNT];
	char pcap_names[NW_MAX_PCAP_NAMES][NW_IFNAMSIZ];
	size_t npcap;
	bool pcap_any;
};

static const struct nw_models_opts default_opts = {
    .neigh_capacity = 4096,
    .qdisc_capacity = 1024,
    .sock_capacity = 1024,
    .drop_capacity = 1024,
    .drop_ring = 4096,
    .link_capacity = 1024,
    .packet_ring = 4096,
    .findings_capacity = 512,
    .window_ns = 10000000000ull,
    .noise_drop_min = 50,
};

static void bus_cb(const struct nw_event *ev, void *arg)
{
	nw_models_on_event(arg, ev);
}

struct nw_models *nw_models_new(struct nw_bus *bus, const struct nw_models_opts *opts)
{
	struct nw_models *m = nw_xcalloc(1, sizeof(*m));
	struct nw_models_opts *o = &m->opts;

	*o = opts ? *opts : default_opts;
#define DEF(f)                                                                                     \
	do {                                                                                       \
		if (!o->f)                                                                         \
			o->f = default_opts.f;                                                     \
	} while (0)
	DEF(neigh_capacity);
	DEF(qdisc_capacity);
	DEF(sock_capacity);
	DEF(drop_capacity);
	DEF(drop_ring);
	DEF(link_capacity);
	DEF(packet_ring);
	DEF(findings_capacity);
	DEF(window_ns);
	DEF(noise_drop_min);
#undef DEF
	m->neigh = nw_neigh_model_new(o->neigh_capacity);
	m->qdisc = nw_qdisc_model_new(o->qdisc_capacity, o->drop_ring / 4 + 1);
	m->sock = nw_sock_model_new(o->sock_capacity);
	m->drop = nw_drop_model_new(o->drop_capacity, o->drop_ring);
	m->link = nw_link_model_new(o->link_capacity);
	m->route = nw_route_model_new(o->link_capacity);
	m->routine = nw_routine_new(256);
	m->findings = nw_findings_new(o->findings_capacity);
	m->counters =
	    nw_kstore_new(sizeof(struct nw_counter_key), sizeof(struct nw_counter_rec), 512);
	m->captures =
	    nw_kstore_new(sizeof(struct nw_capture_key), sizeof(struct nw_capture_rec), 256);
	m->packets = nw_ring_new(sizeof(struct nw_event), o->packet_ring);
	m->bus = bus;
	if (bus && nw_bus_subscribe(bus, bus_cb, m) < 0) {
		nw_models_free(m);
		return NULL;
	}
	return m;
}

void nw_models_free(struct nw_models *m)
{
	if (!m)
		return;
	if (m->bus)
		nw_bus_unsubscribe(m->bus, bus_cb, m); /* the bus may outlive the models */
	nw_neigh_model_free(m->neigh);
	nw_qdisc_model_free(m->qdisc);
	nw_sock_model_free(m->sock);
	nw_drop_model_free(m->drop);
	nw_link_model_free(m->link);
	nw_route_model_free(m->route);
	nw_routine_free(m->routine);
	nw_findings_free(m->findings);
	nw_kstore_free(m->counters);
	nw_kstore_free(m->captures);
	nw_ring_free(m->packets);
	free(m);
}

/* --- names of drop reasons ------------------------------------------------------ */

bool nw_drop_reason_is(uint32_t reason, const char *name)
{
	const char *have = nw_names_find(nw_names_table(NW_NAMES_DROP_REASON), reason);
	size_t n = strlen(name);

	if (!have)
		return false;
	if (n && name[n - 1] == '*')
		return !strncmp(have, name, n - 1);
	return !strcmp(have, name);
}

/* Reasons that healthy hosts produce all the time: a finding needs many of them. */
static bool routine_reason(uint32_t reason)
{
	static const char *const routine[] = {
	    "NOT_SPECIFIED",
	    "NO_SOCKET",
	    "SOCKET_CLOSE",
	    "TCP_CLOSE",
	    "UNIX_*",
	    "QUEUE_PURGE",
	    "TCP_OLD_DATA",
	    "TCP_OFOMERGE",
	    "TCP_OLD_SEQUENCE",
	    "TCP_OLD_ACK",
	    "TCP_TOO_OLD_ACK",
	    "PKT_TOO_SMALL",
	    "UNHANDLED_PROTO",
	    "IPV6DISABLED",
	    "SOCKET_FILTER",
	    "TCP_RESET",
	    "TCP_FLAGS",
	    "TCP_INVALID_SEQUENCE",
	    "TCP_ZEROWINDOW",
	    "TCP_OFO_DROP",
	    "IP_NOPROTO",
	    "INVALID_PROTO",
	    "TCP_RFC7323_PAWS",
	    "TCP_ABORT_ON_DATA",
	    "TCP_INVALID_ACK_SEQUENCE",
	    "NEIGH_DEAD", /* the entry was removed (a flush, its link gone) as the packet used it */
	};

	if (!nw_names_find(nw_names_table(NW_NAMES_DROP_REASON), reason))
		return reason <= 2; /* unnamed: only the "not specified" values are routine */
	for (size_t i = 0; i < NW_ARRAY_SIZE(routine); i++)
		if (nw_drop_reason_is(reason, routine[i]))
			return true;
	return false;
}

/* --- sources ------------------------------------------------------------------------ */

static void src_event(struct nw_models *m, enum nw_evsrc s)
{
	m->src[s].events++;
}

static void src_report(struct nw_models *m, enum nw_evsrc s, const struct nw_source_ev *se)
{
	struct nw_src_state *st = &m->src[s];

	st->reported = true;
	st->running = se->state == NW_SOURCE_RUNNING || se->state == NW_SOURCE_DEGRADED ||
		      se->state == NW_SOURCE_RESYNC || se->state == NW_SOURCE_STARTING;
	nw_strlcpy(st->detail, se->detail, sizeof(st->detail));
}

static void on_source(struct nw_models *m, const struct nw_event *ev)
{
	const struct nw_source_ev *s = &ev->u.source;
	char name[sizeof(s->name) + 1];

	memcpy(name, s->name, sizeof(s->name));
	name[sizeof(s->name)] = '\0';
	if (!strcmp(name, "bpf:drops")) {
		src_report(m, NW_EVSRC_DROPS, s);
	} else if (!strcmp(name, "bpf:neigh")) {
		src_report(m, NW_EVSRC_NEIGH, s);
	} else if (!strcmp(name, "bpf:sockets")) {
		src_report(m, NW_EVSRC_SOCK, s);
	} else if (!strncmp(name, "netlink", 7)) {
		src_report(m, NW_EVSRC_QDISC, s);
		src_report(m, NW_EVSRC_TABLE, s);
		src_report(m, NW_EVSRC_LINK, s);
		src_report(m, NW_EVSRC_SOCKDIAG, s);
		if (!m->src[NW_EVSRC_NEIGH].running)
			src_report(m, NW_EVSRC_NEIGH, s);
	} else if (!strncmp(name, "proc", 4)) {
		src_report(m, NW_EVSRC_COUNTERS, s);
	} else if (!strncmp(name, "pcap", 4)) {
		const char *ifn = strchr(name, ':');
		bool run = s->state == NW_SOURCE_RUNNING || s->state == NW_SOURCE_DEGRADED;

		src_report(m, NW_EVSRC_CAPTURE, s);
		if (!ifn || !ifn[1] || !strcmp(ifn + 1, "any")) {
			m->pcap_any = run;
		} else if (run && m->npcap < NW_MAX_PCAP_NAMES) {
			char ifname[NW_IFNAMSIZ];

			nw_strlcpy(ifname, ifn + 1, sizeof(ifname));
			ifname[strcspn(ifname, "@ ")] = '\0';
			nw_strlcpy(m->pcap_names[m->npcap++], ifname, NW_IFNAMSIZ);
		}
	}
}

static const char *const src_hint[NW_EVSRC_COUNT] = {
    [NW_EVSRC_CAPTURE] = "packets on the wire: capture that interface (netwhy --netns NS -i DEV)",
    [NW_EVSRC_DROPS] =
	"kernel drops (bpf:drops on skb:kfree_skb): run netwhy as root on a kernel with BTF",
    [NW_EVSRC_NEIGH] =
	"neighbour state changes (bpf:neigh or netlink): run netwhy as root in that namespace",
    [NW_EVSRC_QDISC] = "qdisc statistics and options (netlink): include the namespace (--netns NS)",
    [NW_EVSRC_SOCK] = "failed socket calls (bpf:sockets): run netwhy as root on a kernel with BTF",
    [NW_EVSRC_SOCKDIAG] =
	"socket buffers and drop counters (sock_diag over netlink): run netwhy as root",
    [NW_EVSRC_TABLE] =
	"neighbour table statistics (RTM_GETNEIGHTBL): netlink source of the initial namespace",
    [NW_EVSRC_LINK] = "interfaces and their MACs (netlink): include the namespace (--netns NS)",
    [NW_EVSRC_COUNTERS] =
	"kernel counters (/proc/net/snmp): the netlink source of that namespace reads them",
};

bool nw_models_have(const struct nw_models *m, enum nw_evsrc src, uint64_t netns_ino,
		    uint32_t ifindex, char *why, size_t why_size)
{
	const struct nw_src_state *st = &m->src[src];
	bool have;

	if ((unsigned)src >= NW_EVSRC_COUNT)
		return false;
	if (src == NW_EVSRC_CAPTURE && (netns_ino || ifindex)) {
		struct nw_capture_key k;
		const struct nw_link_rec *l;

		memset(&k, 0, sizeof(k));
		k.netns_ino = netns_ino;
		k.ifindex = ifindex;
		have = nw_kstore_find(m->captures, &k) != NULL || m->pcap_any;
		l = nw_link_model_find(m->link, netns_ino, ifindex);
		for (size_t i = 0; !have && l && i < m->npcap; i++)
			have = !strcmp(m->pcap_names[i], l->ifname);
	} else {
		have = st->events > 0 || st->running;
	}
	if (!have && why && why_size) {
		if (st->reported && !st->running && st->detail[0])
			snprintf(why, why_size, "%s (source off: %s)", src_hint[src], st->detail);
		else
			snprintf(why, why_size, "%s", src_hint[src]);
	}
	return have;
}

/* --- detectors ------------------------------------------------------------------------ */

static void proto_init(struct nw_event *p, enum nw_finding_kind kind, const struct nw_event *ev)
{
	memset(p, 0, sizeof(*p));
	p->type = NW_EV_FINDING;
	p->netns_ino = ev->netns_ino;
	p->ifindex = ev->ifindex;
	memcpy(p->ifname, ev->ifname, sizeof(p->ifname));
	p->u.finding.kind = (uint8_t)kind;
	p->u.finding.fd = -1;
}

static void raise(struct nw_models *m, const struct nw_event *proto, uint64_t count,
		  const struct nw_event *trigger)
{
	nw_findings_raise(m->findings, proto, count, trigger, NULL);
}

/* Distinct findings of a kind on one device before the next ones are folded into one. */
#define NW_FIND_PER_DEVICE 4

static size_t count_kind(const struct nw_models *m, enum nw_finding_kind kind, uint64_t netns,
			 uint32_t ifindex)
{
	size_t n = 0;

	for (size_t i = 0; i < nw_findings_count(m->findings); i++) {
		const struct nw_event *f = &nw_findings_at(m->findings, i)->ev;

		if (f->u.finding.kind == kind && f->netns_ino == netns && f->ifindex == ifindex)
			n++;
	}
	return n;
}

/* How often that family's table was found full: the largest of the kernel's counters and the
 * failures seen. */
static uint64_t overflow_count(const struct nw_models *m, uint8_t family)
{
	uint64_t n = 0, fails = 0;

	for (size_t i = 0; i < nw_neigh_model_table_capacity(m->neigh); i++) {
		const struct nw_neigh_table_rec *t = nw_neigh_model_table_slot(m->neigh, i);

		if (t && t->key.family != family)
			continue;
		if (t && t->table_fulls_delta > n)
			n = t->table_fulls_delta;
		if (t)
			fails += t->create_fail;
	}
	for (size_t i = 0; i < nw_kstore_capacity(m->counters); i++) {
		const struct nw_counter_rec *c = nw_kstore_slot(m->counters, i);

		if (c && family == AF_INET && !strcmp(c->key.name, "arp_cache.table_fulls") &&
		    c->delta_total > n)
			n = c->delta_total;
	}
	return n > fails ? n : fails;
}

static void detect_neigh(struct nw_models *m, const struct nw_event *ev)
{
	const struct nw_neigh_entry *e = nw_neigh_model_last_failed(m->neigh);
	struct nw_event p;

	if (e) {
		proto_init(&p, NW_FIND_NEIGH_FAILED, ev);
		p.u.finding.family = e->key.ip.family;
		p.u.finding.ip = e->key.ip;
		if (!nw_findings_find(m->findings, &p) &&
		    count_kind(m, NW_FIND_NEIGH_FAILED, ev->netns_ino, ev->ifindex) >=
			NW_FIND_PER_DEVICE) {
			/* Many entries of one device failing together is one symptom: fold the rest
			 * into one finding. */
			memset(&p.u.finding.ip, 0, sizeof(p.u.finding.ip));
			raise(m, &p, 0, ev);
		} else {
			raise(m, &p, e->failed_count, ev);
		}
	}
	if (ev->u.neigh.op == NW_NEIGH_CREATE_FAIL) {
		proto_init(&p, NW_FIND_NEIGH_TABLE_FULL, ev);
		p.netns_ino = 0; /* the table is shared by every namespace */
		p.ifindex = 0;
		memset(p.ifname, 0, sizeof(p.ifname));
		p.u.finding.family = ev->u.neigh.family;
		nw_strlcpy(p.u.finding.object,
			   ev->u.neigh.family == AF_INET6 ? "ndisc_cache" : "arp_cache",
			   sizeof(p.u.finding.object));
		raise(m, &p, overflow_count(m, ev->u.neigh.family), ev);
	}
}

static void detect_table(struct nw_models *m, const struct nw_event *ev)
{
	const struct nw_neigh_table_rec *t =
	    nw_neigh_model_table(m->neigh, ev->netns_ino, ev->u.neigh_table.family);
	struct nw_event p;

	if (!t || t->last_full_id != ev->id)
		return;
	proto_init(&p, NW_FIND_NEIGH_TABLE_FULL, ev);
	p.netns_ino = 0;
	p.ifindex = 0;
	memset(p.ifname, 0, sizeof(p.ifname));
	p.u.finding.family = ev->u.neigh_table.family;
	nw_strlcpy(p.u.finding.object, ev->u.neigh_table.name, sizeof(p.u.finding.object));
	raise(m, &p, overflow_count(m, ev->u.neigh_table.family), ev);
}

static bool silent_counter(const char *name)
{
	static const char *const names[] = {"Udp.SndbufErrors", "Udp.RcvbufErrors",
					    "Ip.OutDiscards",	"Udp6SndbufErrors",
					    "Udp6RcvbufErrors", "Ip6OutDiscards"};

	for (size_t i = 0; i < NW_ARRAY_SIZE(names); i++)
		if (!strcmp(name, names[i]))
			return true;
	return false;
}

static void on_counter(struct nw_models *m, const struct nw_event *ev)
{
	const struct nw_counter_ev *c = &ev->u.counter;
	struct nw_counter_key k;
	struct nw_counter_rec *r;
	struct nw_event p;
	bool created;

	memset(&k, 0, sizeof(k));
	k.netns_ino = ev->netns_ino;
	memcpy(k.name, c->name, sizeof(k.name));
	k.name[sizeof(k.name) - 1] = '\0';
	r = nw_kstore_get(m->counters, &k, &created);
	/* The first reading is a baseline: what rose before netwhy started is not news. */
	if (!created && c->delta) {
		if (!r->delta_total)
			r->first_delta_ts = ev->ts;
		r->delta_total += c->delta;
		r->last_delta_ts = ev->ts;
		r->last_delta_id = ev->id;
	}
	r->value = c->value;
	if (created || !c->delta)
		return;
	if (!strcmp(k.name, "arp_cache.table_fulls")) {
		proto_init(&p, NW_FIND_NEIGH_TABLE_FULL, ev);
		p.netns_ino = 0;
		p.ifindex = 0;
		memset(p.ifname, 0, sizeof(p.ifname));
		p.u.finding.family = AF_INET;
		nw_strlcpy(p.u.finding.object, "arp_cache", sizeof(p.u.finding.object));
		raise(m, &p, overflow_count(m, AF_INET), ev);
	} else if (silent_counter(k.name)) {
		proto_init(&p, NW_FIND_SILENT_DROP, ev);
		nw_strlcpy(p.u.finding.object, k.name, sizeof(p.u.finding.object));
		/* A few discards while a link of the namespace flapped are the flap's (routine.h). */
		if (c->delta < m->opts.noise_drop_min && !nw_findings_find(m->findings, &p) &&
		    nw_routine_netns_flapped(m->link, ev->netns_ino,
					     ev->ts > m->opts.window_ns ? ev->ts - m->opts.window_ns : 0,
					     ev->ts))
			return;
		raise(m, &p, r->delta_total, ev);
	}
}

/* Resets and broken pipes within a second in one namespace before they count (routine.h). */
#define NW_ERRNO_BURST 50

/* 0.0.0.0 or :: (a raw or unconnected socket's "peer"): no address. */
static bool addr_is_any(const struct nw_addr *a)
{
	static const uint8_t zero[16];

	return !a->family || !memcmp(a->bytes, zero, a->family == AF_INET ? 4 : 16);
}

/* Errnos that are part of normal operation (non-blocking I/O, interrupted calls). */
static bool routine_errno(int err)
{
	/* 512 and up (ERESTARTSYS ...) are the kernel's own: a restarted call, never seen by the
	 * program. */
	return err == EAGAIN || err == EINPROGRESS || err == EINTR || err == EALREADY ||
	       err == EISCONN || err == ENOTCONN || err == 0 || err >= 512;
}

/* The finding of a socket's errno, as ev would raise it. */
static void sock_proto(struct nw_event *p, const struct nw_event *ev)
{
	const struct nw_sock_ev *s = &ev->u.sock;

	proto_init(p, NW_FIND_SOCK_ERRNO, ev);
	p->u.finding.pid = s->pid;
	p->u.finding.fd = s->fd;
	p->u.finding.err = s->err;
	p->u.finding.family = (uint8_t)s->sk_family;
	if (!addr_is_any(&s->raddr))
		p->u.finding.ip = s->raddr;
	nw_strlcpy(p->u.finding.object, s->comm, sizeof(p->u.finding.object));
}

static void detect_sock(struct nw_models *m, const struct nw_event *ev)
{
	const struct nw_sock_ev *s = &ev->u.sock;
	const struct nw_sock_rec *r = nw_sock_model_last(m->sock);
	const struct nw_event *first = nw_sock_model_last_retracted(m->sock);
	struct nw_event p;

	/* One failure, one finding: the error report and the call's return of it are one. */
	if (first) {
		sock_proto(&p, first);
		nw_findings_retract(m->findings, &p);
	}
	if (routine_errno(s->err) || !r || nw_sock_model_last_repeated(m->sock))
		return;
	/*
	 * An administrator deleting or flushing neighbour entries fails the packets queued on them
	 * with EHOSTUNREACH (neigh_invalidate): that is the flush's, not a failure (routine.h).
	 */
	if (s->err == EHOSTUNREACH && nw_routine_neigh_admin(m->neigh, ev->netns_ino, 0, NULL, ev->ts))
		return;
	/* Unix and other local sockets fail for reasons of their own (a missing path): not the
	 * network's. */
	if (s->sk_family && s->sk_family != AF_INET && s->sk_family != AF_INET6 &&
	    s->sk_family != AF_NETLINK)
		return;
	if (s->sk_family == AF_NETLINK && s->err == ENOBUFS) {
		proto_init(&p, NW_FIND_NETLINK_OVERRUN, ev);
		memset(p.ifname, 0, sizeof(p.ifname));
		p.ifindex = 0;
		p.u.finding.pid = s->pid;
		p.u.finding.family = AF_NETLINK;
		nw_strlcpy(p.u.finding.object, s->comm, sizeof(p.u.finding.object));
		raise(m, &p, 0, ev);
		return;
	}
	sock_proto(&p, ev);
	/* A peer closing on us is life (routine.h); only far above normal is it a symptom. */
	if ((s->err == ECONNRESET || s->err == EPIPE) && !nw_findings_find(m->findings, &p) &&
	    !nw_routine_far_above(m->routine, ev->netns_ino, NW_ROUTINE_ERRNO,
				  (uint32_t)s->err | (uint32_t)s->origin << 16, ev->ts, 1,
				  NW_ERRNO_BURST))
		return;
	raise(m, &p, nw_sock_rec_errno(r, s->err) ? nw_sock_rec_errno(r, s->err)->count : 0, ev);
}

static void detect_sockinfo(struct nw_models *m, const struct nw_event *ev)
{
	const struct nw_sockinfo_rec *r = nw_sock_model_last_info(m->sock);
	const struct nw_sockinfo_ev *s = &ev->u.sockinfo;
	struct nw_event p;

	if (!r || r->last_drop_id != ev->id || s->sk_family != AF_NETLINK)
		return;
	proto_init(&p, NW_FIND_NETLINK_OVERRUN, ev);
	memset(p.ifname, 0, sizeof(p.ifname));
	p.ifindex = 0;
	p.u.finding.pid = s->pid ? s->pid : s->nl_portid;
	p.u.finding.family = AF_NETLINK;
	nw_strlcpy(p.u.finding.object, s->comm, sizeof(p.u.finding.object));
	raise(m, &p, r->drops_delta, ev);
}

static bool addr_is_multicast(const struct nw_addr *a)
{
	return (a->family == AF_INET && (a->bytes[0] & 0xf0) == 0xe0) ||
	       (a->family == AF_INET6 && a->bytes[0] == 0xff);
}

/*
 * Group traffic that a namespace without routes or listeners discards: IPv6
 * duplicate address detection and MLD reports from a fresh interface, IGMP
 * in a namespace without a multicast route.  Routine unless it floods.
 */
static bool multicast_noise(const struct nw_drop_ev *d)
{
	if (!addr_is_multicast(&d->dst))
		return false;
	return nw_drop_reason_is(d->reason, "IP_INNOROUTES") ||
	       nw_drop_reason_is(d->reason, "IP_OUTNOROUTES") ||
	       nw_drop_reason_is(d->reason, "IPV6_NDISC_NS_OTHERHOST") ||
	       nw_drop_reason_is(d->reason, "IP_INADDRERRORS");
}

/* Drops a healthy host makes all the time, and those of a link's own flap (routine.h). */
static bool routine_drop(const struct nw_models *m, const struct nw_event *ev)
{
	const struct nw_drop_ev *d = &ev->u.drop;

	if (routine_reason(d->reason) || multicast_noise(d))
		return true;
	if (nw_drop_reason_is(d->reason, "QDISC_DROP") ||
	    nw_drop_reason_is(d->reason, "BRIDGE_INGRESS_STP_STATE"))
		return nw_routine_link_loss(m->link, ev->netns_ino, ev->ifindex, ev->ts, &d->dst);
	if (nw_drop_reason_is(d->reason, "NEIGH_FAILED") && d->dst.family)
		return nw_routine_neigh_admin(m->neigh, ev->netns_ino, ev->ifindex, &d->dst, ev->ts);
	return false;
}

static void detect_drop(struct nw_models *m, const struct nw_event *ev, const struct nw_drop_rec *r)
{
	const struct nw_drop_ev *d = &ev->u.drop;
	struct nw_event p;

	if (!r)
		return;
	/* OTHERHOST for a group address is not a wrong destination: noise (multicast snooping,
	 * promiscuous captures). */
	if (nw_drop_reason_is(d->reason, "OTHERHOST") && d->dst_mac.len &&
	    !nw_mac_is_unicast(&d->dst_mac))
		return;
	/* A closing socket's unread messages that carry no packet (netlink, unix: a namespace's
	 * sockets going with it) are nobody's traffic; listeners' losses have findings of their own. */
	if (!d->protocol && nw_drop_reason_is(d->reason, "QUEUE_PURGE"))
		return;
	proto_init(&p, NW_FIND_DROP, ev);
	p.u.finding.reason = d->reason;
	if (routine_drop(m, ev) && !nw_findings_find(m->findings, &p) &&
	    !nw_routine_far_above(m->routine, ev->netns_ino, NW_ROUTINE_DROP, d->reason, ev->ts,
				  nw_drop_count(d), m->opts.noise_drop_min))
		return;
	raise(m, &p, r->count, ev);
	if (nw_drop_reason_is(d->reason, "NEIGH_CREATEFAIL")) {
		uint64_t n;

		proto_init(&p, NW_FIND_NEIGH_TABLE_FULL, ev);
		p.netns_ino = 0;
		p.ifindex = 0;
		memset(p.ifname, 0, sizeof(p.ifname));
		p.u.finding.family = d->protocol == 0x86dd ? AF_INET6 : AF_INET;
		nw_strlcpy(p.u.finding.object, d->protocol == 0x86dd ? "ndisc_cache" : "arp_cache",
			   sizeof(p.u.finding.object));
		n = overflow_count(m, p.u.finding.family);
		raise(m, &p, n > r->count ? n : r->count, ev);
	}
}

static void detect_qdisc(struct nw_models *m, const struct nw_event *ev)
{
	const struct nw_qdisc_ev *q = &ev->u.qdisc;
	const struct nw_qdisc_rec *r;
	struct nw_event p;
	char h[16];

	if (q->op != NW_QDISC_DROP)
		return;
	/* noop is the qdisc of a link not running: its flap's loss, or group traffic (routine.h). */
	if (!strcmp(q->kind, "noop") &&
	    nw_routine_link_loss(m->link, ev->netns_ino, ev->ifindex, ev->ts, &q->pkt_dst))
		return;
	if (!nw_pktclass_is_control(
		nw_pktclass_of(q->pkt_ethertype, q->pkt_arp_op, q->pkt_l4proto, q->pkt_tcp_flags)))
		return;
	r = nw_qdisc_model_find(m->qdisc, ev->netns_ino, ev->ifindex, q->handle, q->is_class);
	proto_init(&p, NW_FIND_QDISC_CTRL_DROP, ev);
	p.u.finding.handle = q->handle;
	snprintf(p.u.finding.object, sizeof(p.u.finding.object), "%.15s %s", q->kind,
		 nw_tc_handle_fmt(q->handle, h, sizeof(h)));
	raise(m, &p,
	      r ? r->pkt_drops[NW_PKT_ARP_REQUEST] + r->pkt_drops[NW_PKT_ARP_REPLY] +
		      r->pkt_drops[NW_PKT_ARP_OTHER] + r->pkt_drops[NW_PKT_NDP]
		: 0,
	      ev);
}

/*
 * Frames to a MAC that is not ours in the moment its owner changed (a namespace re-created
 * with a new MAC at the same address) stop once the sender's cache catches up on the next ARP
 * exchange: a symptom when they go on for NW_ROUTINE_SETTLE_NS, or repeat (3 frames).
 * Returns how many were seen when they are one, else 0.
 */
static size_t mismatch_persists(const struct nw_models *m, const struct nw_event *ev)
{
	uint64_t first = ev->ts;
	size_t n = 0;

	for (size_t i = 0; i < nw_ring_count(m->packets); i++) {
		const struct nw_event *p = nw_ring_at(m->packets, i);

		if (p->type != NW_EV_PACKET || p->netns_ino != ev->netns_ino ||
		    p->ifindex != ev->ifindex || !(p->u.packet.l2_flags & NW_L2_DST_MISMATCH) ||
		    !nw_mac_eq(&p->u.packet.dst_mac, &ev->u.packet.dst_mac))
			continue;
		n++;
		if (p->ts < first)
			first = p->ts;
	}
	return n >= 3 || ev->ts - first >= NW_ROUTINE_SETTLE_NS ? n : 0;
}

static void detect_packet(struct nw_models *m, const struct nw_event *ev)
{
	const struct nw_packet_ev *pk = &ev->u.packet;
	const struct nw_link_rec *l;
	struct nw_event p;
	size_t n = 0;

	if (!(pk->l2_flags & NW_L2_DST_MISMATCH) || !nw_mac_is_unicast(&pk->dst_mac))
		return;
	/* Bridges and their ports forward other hosts' frames: a foreign destination is their job.
	 */
	l = nw_link_model_find(m->link, ev->netns_ino, ev->ifindex);
	if (l && (l->master > 0 || !strcmp(l->kind, "bridge")))
		return;
	/* A bridge floods a frame for a MAC it forgot (its owner left) to every port: the copy a
	 * bystander gets is for an address not its own (another namespace's, or not the one this
	 * interface sends from), not a stale entry for ours. */
	if (pk->dst.family && !nw_link_model_local_addr(m->link, ev->netns_ino, &pk->dst) &&
	    (nw_link_model_local_addr(m->link, 0, &pk->dst) ||
	     nw_link_model_sends_from(m->link, ev->netns_ino, ev->ifindex, pk->dst.family)))
		return;
	proto_init(&p, NW_FIND_MAC_MISMATCH, ev);
	p.u.finding.mac = pk->dst_mac;
	p.u.finding.ip = pk->dst;
	if (!nw_findings_find(m->findings, &p) && !(n = mismatch_persists(m, ev)))
		return;
	raise(m, &p, n, ev); /* the frames so far when new, then one more each */
}

static void keep_packet(struct nw_models *m, const struct nw_event *ev)
{
	const struct nw_packet_ev *p = &ev->u.packet;
	struct nw_capture_key k;
	struct nw_capture_rec *c;

	memset(&k, 0, sizeof(k));
	k.netns_ino = ev->netns_ino;
	k.ifindex = ev->ifindex;
	c = nw_kstore_get(m->captures, &k, NULL);
	c->packets++;
	nw_routine_count(m->routine, ev->netns_ino, NW_ROUTINE_PACKETS, 0, ev->ts, 1);
	if (p->ethertype == 0x0806 ||
	    nw_pktclass_of(p->ethertype, p->arp_op, p->l4proto, p->tcp_flags) == NW_PKT_NDP ||
	    (p->l2_flags & NW_L2_DST_MISMATCH))
		nw_ring_push(m->packets, ev);
}

void nw_models_on_event(struct nw_models *m, const struct nw_event *ev)
{
	switch (ev->type) {
	case NW_EV_PACKET:
		src_event(m, NW_EVSRC_CAPTURE);
		keep_packet(m, ev);
		nw_link_model_on_event(m->link, ev);
		nw_neigh_model_on_event(m->neigh, ev);
		detect_packet(m, ev);
		break;
	case NW_EV_NEIGH:
		src_event(m, NW_EVSRC_NEIGH);
		nw_neigh_model_on_event(m->neigh, ev);
		detect_neigh(m, ev);
		break;
	case NW_EV_NEIGH_TABLE:
		src_event(m, NW_EVSRC_TABLE);
		nw_neigh_model_on_event(m->neigh, ev);
		detect_table(m, ev);
		break;
	case NW_EV_QDISC:
		src_event(m, ev->u.qdisc.op == NW_QDISC_DROP ? NW_EVSRC_DROPS : NW_EVSRC_QDISC);
		nw_qdisc_model_on_event(m->qdisc, ev);
		detect_qdisc(m, ev);
		break;
	case NW_EV_DROP:
		src_event(m, NW_EVSRC_DROPS);
		detect_drop(m, ev, nw_drop_model_on_event(m->drop, ev));
		break;
	case NW_EV_SOCK_ERR:
		src_event(m, NW_EVSRC_SOCK);
		nw_link_model_on_event(m->link, ev);
		nw_sock_model_on_event(m->sock, ev);
		detect_sock(m, ev);
		break;
	case NW_EV_SOCK_INFO:
		src_event(m, NW_EVSRC_SOCKDIAG);
		nw_link_model_on_event(m->link, ev);
		nw_sock_model_on_event(m->sock, ev);
		detect_sockinfo(m, ev);
		break;
	case NW_EV_LINK:
		src_event(m, NW_EVSRC_LINK);
		nw_link_model_on_event(m->link, ev);
		break;
	case NW_EV_ROUTE:
		nw_route_model_on_event(m->route, ev);
		break;
	case NW_EV_COUNTER:
		src_event(m, NW_EVSRC_COUNTERS);
		on_counter(m, ev);
		break;
	case NW_EV_SOURCE:
		on_source(m, ev);
		break;
	default:
		break; /* findings and explanations come back from the bus: nothing to learn */
	}
}

size_t nw_models_flush(struct nw_models *m)
{
	struct nw_finding *f;
	size_t n = 0;

	while ((f = nw_findings_next_pending(m->findings))) {
		struct nw_event ev = f->ev;
		uint64_t id = 0;

		if (m->bus)
			id = nw_bus_submit(m->bus, &ev);
		nw_findings_mark_sent(f, id);
		n++;
	}
	return n;
}

const struct nw_neigh_model *nw_models_neigh(const struct nw_models *m)
{
	return m->neigh;
}

const struct nw_qdisc_model *nw_models_qdisc(const struct nw_models *m)
{
	return m->qdisc;
}

const struct nw_sock_model *nw_models_sock(const struct nw_models *m)
{
	return m->sock;
}

const struct nw_drop_model *nw_models_drop(const struct nw_models *m)
{
	return m->drop;
}

const struct nw_link_model *nw_models_link(const struct nw_models *m)
{
	return m->link;
}

const struct nw_route_model *nw_models_route(const struct nw_models *m)
{
	return m->route;
}

const struct nw_findings *nw_models_findings(const struct nw_models *m)
{
	return m->findings;
}

struct nw_findings *nw_models_findings_rw(struct nw_models *m)
{
	return m->findings;
}

const struct nw_models_opts *nw_models_get_opts(const struct nw_models *m)
{
	return &m->opts;
}

uint64_t nw_models_evicted(const struct nw_models *m)
{
	return nw_neigh_model_evicted(m->neigh) + nw_qdisc_model_evicted(m->qdisc) +
	       nw_qdisc_model_drops_evicted(m->qdisc) + nw_sock_model_evicted(m->sock) +
	       nw_drop_model_evicted(m->drop) + nw_drop_model_recent_evicted(m->drop) +
	       nw_link_model_evicted(m->link) + nw_route_model_evicted(m->route) +
	       nw_findings_evicted(m->findings) +
	       nw_kstore_evicted(m->counters) + nw_kstore_evicted(m->captures) +
	       nw_ring_evicted(m->packets);
}

size_t nw_models_mem_estimate(const struct nw_models_opts *opts)
{
	const struct nw_models_opts *o = opts ? opts : &default_opts;
	/* Per keyed record: the record, its hash chain, LRU links and flag, two bucket slots. */
	const size_t ks = 4 + 8 + 1 + 8;
	size_t ev = sizeof(struct nw_event);

	return o->neigh_capacity * (sizeof(struct nw_neigh_entry) + ks) +
	       64 * (sizeof(struct nw_neigh_table_rec) + ks) +
	       o->qdisc_capacity * (sizeof(struct nw_qdisc_rec) + ks) +
	       (o->drop_ring / 4 + 1) * ev +
	       o->sock_capacity *
		   (sizeof(struct nw_sock_rec) + sizeof(struct nw_sockinfo_rec) + 2 * ks) +
	       o->drop_capacity * (sizeof(struct nw_drop_rec) + ks) + o->drop_ring * ev +
	       o->link_capacity *
		   (sizeof(struct nw_link_rec) + 4 * sizeof(struct nw_local_addr) + 5 * ks) +
	       o->link_capacity * (nw_route_model_rec_size() + 2 * ks) +
	       o->findings_capacity * sizeof(struct nw_finding) +
	       512 * (sizeof(struct nw_counter_rec) + ks) +
	       256 * (sizeof(struct nw_capture_rec) + ks) + o->packet_ring * ev;
}

const struct nw_event *nw_models_event(const struct nw_models *m, uint64_t id)
{
	return m->bus ? nw_bus_get(m->bus, id) : NULL;
}

const struct nw_counter_rec *nw_models_counter(const struct nw_models *m, uint64_t netns_ino,
					       const char *name)
{
	struct nw_counter_key k;

	memset(&k, 0, sizeof(k));
	k.netns_ino = netns_ino;
	nw_strlcpy(k.name, name, sizeof(k.name));
	return nw_kstore_find(m->counters, &k);
}

size_t nw_models_counter_capacity(const struct nw_models *m)
{
	return nw_kstore_capacity(m->counters);
}

const struct nw_counter_rec *nw_models_counter_slot(const struct nw_models *m, size_t i)
{
	return nw_kstore_slot(m->counters, i);
}

size_t nw_models_npackets(const struct nw_models *m)
{
	return nw_ring_count(m->packets);
}

const struct nw_event *nw_models_packet(const struct nw_models *m, size_t i)
{
	return nw_ring_at(m->packets, i);
}

/* --- joins ------------------------------------------------------------------------------ */

static void set_add(struct nw_corr_set *s, const struct nw_event *ev)
{
	if (s->n < NW_CORR_MAX)
		s->ev[s->n++] = ev;
	s->total++;
}

static void scan_ring(size_t n, const struct nw_event *(*at)(const void *, size_t),
		      const void *store, uint64_t from, uint64_t to, nw_corr_pred fn,
		      const void *arg, struct nw_corr_set *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		const struct nw_event *ev = at(store, i);

		if (ev && ev->ts >= from && ev->ts <= to && (!fn || fn(ev, arg)))
			set_add(out, ev);
	}
}

static const struct nw_event *drop_at(const void *s, size_t i)
{
	return nw_drop_model_recent(s, i);
}

static const struct nw_event *qdrop_at(const void *s, size_t i)
{
	return nw_qdisc_model_drop_at(s, i);
}

static const struct nw_event *pkt_at(const void *s, size_t i)
{
	return nw_ring_at(s, i);
}

void nw_corr_drops(const struct nw_models *m, uint64_t from, uint64_t to, nw_corr_pred fn,
		   const void *arg, struct nw_corr_set *out)
{
	scan_ring(nw_drop_model_nrecent(m->drop), drop_at, m->drop, from, to, fn, arg, out);
}

void nw_corr_qdisc_drops(const struct nw_models *m, uint64_t from, uint64_t to, nw_corr_pred fn,
			 const void *arg, struct nw_corr_set *out)
{
	scan_ring(nw_qdisc_model_ndrops(m->qdisc), qdrop_at, m->qdisc, from, to, fn, arg, out);
}

void nw_corr_packets(const struct nw_models *m, uint64_t from, uint64_t to, nw_corr_pred fn,
		     const void *arg, struct nw_corr_set *out)
{
	scan_ring(nw_ring_count(m->packets), pkt_at, m->packets, from, to, fn, arg, out);
}

static bool solicits(const struct nw_addr *dst, const struct nw_addr *ip)
{
	static const uint8_t prefix[13] = {0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff};

	if (nw_addr_eq(dst, ip))
		return true;
	return dst->family == AF_INET6 && !memcmp(dst->bytes, prefix, sizeof(prefix)) &&
	       !memcmp(dst->bytes + 13, ip->bytes + 13, 3);
}

static bool is_request_for(const struct nw_event *ev, const void *arg)
{
	const struct nw_neigh_entry *e = arg;
	const struct nw_drop_ev *d = &ev->u.drop;

	if (ev->netns_ino != e->key.netns_ino)
		return false;
	if (d->protocol == 0x0806)
		return d->arp_op == 1 && nw_addr_eq(&d->arp_tpa, &e->key.ip);
	return d->protocol == 0x86dd && d->l4proto == 58 && (d->arp_op >> 8) == 135 &&
	       solicits(&d->dst, &e->key.ip);
}

static bool is_reply_from(const struct nw_event *ev, const void *arg)
{
	const struct nw_neigh_entry *e = arg;
	const struct nw_drop_ev *d = &ev->u.drop;

	if (d->protocol == 0x0806) {
		if (d->arp_op != 2 || !nw_addr_eq(&d->arp_spa, &e->key.ip))
			return false;
		/* The reply must be to us when we know who asked: same address or MAC as our
		 * requests. */
		if (e->req_spa.family && d->arp_tpa.family && !nw_addr_eq(&d->arp_tpa, &e->req_spa))
			return false;
		if (!e->req_spa.family && e->req_sha.len && d->arp_tha.len &&
		    !nw_mac_eq(&d->arp_tha, &e->req_sha))
			return false;
		return true;
	}
	if (d->protocol != 0x86dd || d->l4proto != 58)
		return false;
	/*
	 * A neighbour advertisement names its target inside the ND body, which drop events do not
	 * carry, and is often sent from the peer's link-local address: match it by its source or by
	 * being addressed to the address our solicitations came from.
	 */
	switch (d->arp_op >> 8) {
	case 136:
		return nw_addr_eq(&d->src, &e->key.ip) ||
		       (e->req_spa.family && nw_addr_eq(&d->dst, &e->req_spa));
	case 0: /* type unknown (a recording without it): ICMPv6 from the peer's side to our
		   soliciting address */
		return e->req_spa.family && nw_addr_eq(&d->dst, &e->req_spa) &&
		       (nw_addr_eq(&d->src, &e->key.ip) ||
			(d->src.bytes[0] == 0xfe && (d->src.bytes[1] & 0xc0) == 0x80));
	default:
		return false;
	}
}

void nw_corr_neigh_requests_dropped(const struct nw_models *m, const struct nw_neigh_entry *e,
				    uint64_t from, uint64_t to, struct nw_corr_set *out)
{
	nw_corr_drops(m, from, to, is_request_for, e, out);
}

void nw_corr_neigh_replies_dropped(const struct nw_models *m, const struct nw_neigh_entry *e,
				   uint64_t from, uint64_t to, struct nw_corr_set *out)
{
	nw_corr_drops(m, from, to, is_reply_from, e, out);
}

const struct nw_event *nw_corr_qdisc_of_drop(const struct nw_models *m, const struct nw_event *d)
{
	for (size_t i = nw_qdisc_model_ndrops(m->qdisc); i-- > 0;) {
		const struct nw_event *q = nw_qdisc_model_drop_at(m->qdisc, i);

		if (q->ts == d->ts && q->netns_ino == d->netns_ino && q->ifindex == d->ifindex)
			return q;
		if (q->ts < d->ts)
			break;
	}
	return NULL;
}

/* Whether the entry went FAILED in [from, to]: its kept timeline, or its last failure. */
static bool failed_between(const struct nw_neigh_entry *e, uint64_t from, uint64_t to)
{
	if (e->last_failed_ts >= from && e->last_failed_ts <= to)
		return true;
	for (size_t i = 0; i < nw_neigh_entry_ntransitions(e); i++) {
		const struct nw_neigh_transition *t = nw_neigh_entry_transition(e, i);

		if ((t->state & NW_NUD_FAILED) && !(t->prev_state & NW_NUD_FAILED) &&
		    t->ts >= from && t->ts <= to)
			return true;
	}
	return false;
}

size_t nw_corr_failed_neighs(const struct nw_models *m, uint64_t netns_ino,
			     const struct nw_addr *ip, uint64_t from, uint64_t to,
			     const struct nw_neigh_entry **out, size_t max)
{
	size_t n = 0;

	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < nw_neigh_model_capacity(m->neigh) && n < max; i++) {
			const struct nw_neigh_entry *e = nw_neigh_model_slot(m->neigh, i);
			bool ipmatch;

			if (!e || !e->failed_count || e->key.netns_ino != netns_ino ||
			    !failed_between(e, from, to))
				continue;
			ipmatch = ip && ip->family && nw_addr_eq(ip, &e->key.ip);
			if ((pass == 0) != ipmatch)
				continue;
			out[n++] = e;
		}
	}
	return n;
}

static bool is_createfail(const struct nw_event *ev, const void *arg)
{
	const uint8_t *family = arg;
	bool v6 = ev->u.drop.protocol == 0x86dd;

	if (!nw_drop_reason_is(ev->u.drop.reason, "NEIGH_CREATEFAIL"))
		return false;
	return *family == 0 || (*family == AF_INET6) == v6;
}

bool nw_corr_table_overflow(const struct nw_models *m, uint8_t family, uint64_t from, uint64_t to,
			    struct nw_corr_overflow *out)
{
	struct nw_kstore *per_dev;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < nw_neigh_model_table_capacity(m->neigh); i++) {
		const struct nw_neigh_table_rec *t = nw_neigh_model_table_slot(m->neigh, i);

		if (!t || (family && t->key.family != family))
			continue;
		out->create_fail += t->create_fail;
		if (!out->table || t->table_fulls_delta > out->table->table_fulls_delta ||
		    (!out->table->last.gc_thresh3 && t->last.gc_thresh3))
			out->table = t;
		if (t->table_fulls_delta > out->table_fulls)
			out->table_fulls = t->table_fulls_delta;
		if (t->forced_gc_delta > out->forced_gc)
			out->forced_gc = t->forced_gc_delta;
	}
	nw_corr_drops(m, from, to, is_createfail, &family, &out->createfail_drops);
	if (family != AF_INET6) {
		for (size_t i = 0; i < nw_kstore_capacity(m->counters); i++) {
			const struct nw_counter_rec *c = nw_kstore_slot(m->counters, i);

			if (c && !strcmp(c->key.name, "arp_cache.table_fulls") && c->delta_total)
				out->proc_fulls = c;
		}
	}
	/* Who owns the entries: group the model's entries of that family by namespace and device.
	 */
	per_dev =
	    nw_kstore_new(sizeof(struct nw_capture_key), sizeof(struct nw_capture_rec) + 8, 256);
	for (size_t i = 0; i < nw_neigh_model_capacity(m->neigh); i++) {
		const struct nw_neigh_entry *e = nw_neigh_model_slot(m->neigh, i);
		struct nw_capture_key k;
		struct nw_capture_rec *r;

		if (!e || e->deleted || (family && e->key.ip.family != family) || !e->tl_total)
			continue;
		memset(&k, 0, sizeof(k));
		k.netns_ino = e->key.netns_ino;
		k.ifindex = e->key.ifindex;
		r = nw_kstore_get(per_dev, &k, NULL);
		r->packets++;
		/* NOARP entries counted in the high half: /proc/net/arp hides them. */
		if ((e->dev_flags & NW_IFF_NOARP) || (e->state & NW_NUD_NOARP))
			r->packets += 1ull << 32;
		out->all_entries++;
		if ((uint32_t)r->packets > out->top_entries) {
			out->top_entries = (uint32_t)r->packets;
			out->top_noarp = (uint32_t)(r->packets >> 32);
			out->top_netns = k.netns_ino;
			out->top_ifindex = k.ifindex;
			nw_strlcpy(out->top_ifname, e->ifname, sizeof(out->top_ifname));
		} else if (out->top_netns == k.netns_ino && out->top_ifindex == k.ifindex) {
			out->top_noarp = (uint32_t)(r->packets >> 32);
		}
	}
	nw_kstore_free(per_dev);
	return out->table_fulls || out->create_fail || out->createfail_drops.total ||
	       out->proc_fulls;
}
