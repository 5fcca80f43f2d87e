// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * FIB lookups for failing destinations (see cli/route_lookup.h).
 *
 * A socket call that failed with an errno the routing lookup returns
 * (ENETUNREACH, EHOSTUNREACH, EACCES, EINVAL), or a packet dropped for want
 * of a route (IP_OUTNOROUTES, IP_INNOROUTES), names a destination in a
 * namespace; the netlink source asks that namespace's FIB about it and
 * submits the answer as an event, so the explanation (core/diag/rules_route.c)
 * reads the kernel's own verdict live and from a recording alike.
 *
 * A bus subscriber must not submit: it queues the destination and a
 * zero-delay timer asks.  Each (namespace, destination) is asked at most
 * once per LOOKUP_AGAIN_NS, and at most LOOKUP_PER_SEC destinations are
 * asked per second (a scan of a blocked network must not turn into a flood
 * of netlink requests); what is refused is said once in the log.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "cli/route_lookup.h"
#include "core/bus.h"
#include "core/diag/correlate.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/util.h"
#include "probes/nl_source.h"

#define LOOKUP_AGAIN_NS (5ULL * 1000 * 1000 * 1000)
#define LOOKUP_QUEUE 32
#define LOOKUP_SEEN 256
#define LOOKUP_PER_SEC 64

struct dest {
	uint64_t netns;
	struct nw_addr dst;
	uint64_t ts; /* when it was last asked */
};

static struct {
	struct nw_loop *loop;
	struct nw_bus *bus;
	struct nw_nl_source *nl;
	struct dest queue[LOOKUP_QUEUE], seen[LOOKUP_SEEN];
	size_t nqueue, nseen_next;
	bool timer;
	uint64_t refused;
	uint64_t second; /* the current second (ts / 1e9) and how many were asked in it */
	unsigned asked;
} L;

static bool same(const struct dest *d, uint64_t netns, const struct nw_addr *dst)
{
	return d->netns == netns && nw_addr_eq(&d->dst, dst);
}

static bool do_lookups(struct nw_loop *loop, void *arg)
{
	size_t n = L.nqueue;

	L.timer = false;
	L.nqueue = 0;
	for (size_t i = 0; i < n; i++) {
		int r = nw_nl_source_route_lookup(L.nl, L.queue[i].netns, &L.queue[i].dst);

		if (r && r != -ENOENT)
			nw_debug("route lookup: %s", strerror(-r));
	}
	return false;
}

/* Multicast destinations have no route to ask about (IPv6 link setup drops its ff02:: probes). */
static bool is_multicast(const struct nw_addr *a)
{
	return (a->family == AF_INET && (a->bytes[0] & 0xf0) == 0xe0) ||
	       (a->family == AF_INET6 && a->bytes[0] == 0xff);
}

static bool is_any(const struct nw_addr *a)
{
	static const uint8_t zero[16];

	return a->family != AF_INET && a->family != AF_INET6
		   ? true
		   : !memcmp(a->bytes, zero, a->family == AF_INET ? 4 : 16);
}

static void want(uint64_t netns, const struct nw_addr *dst, uint64_t now)
{
	struct dest *slot = NULL;

	if (is_any(dst) || is_multicast(dst))
		return;
	for (size_t i = 0; i < LOOKUP_SEEN; i++) {
		if (same(&L.seen[i], netns, dst)) {
			if (now - L.seen[i].ts < LOOKUP_AGAIN_NS)
				return;
			slot = &L.seen[i];
			break;
		}
	}
	if (now / 1000000000 != L.second) {
		L.second = now / 1000000000;
		L.asked = 0;
	}
	if (L.nqueue == LOOKUP_QUEUE || L.asked == LOOKUP_PER_SEC) {
		if (!L.refused++)
			nw_warn("route lookups: more than %d destinations at once or %d a second; "
				"some are not "
				"asked (ip route get them by hand)",
				LOOKUP_QUEUE, LOOKUP_PER_SEC);
		return;
	}
	L.asked++;
	if (!slot)
		slot = &L.seen[L.nseen_next++ % LOOKUP_SEEN];
	*slot = (struct dest){.netns = netns, .dst = *dst, .ts = now};
	L.queue[L.nqueue++] = *slot;
	if (!L.timer && nw_loop_add_timer(L.loop, 0, 0, do_lookups, NULL) > 0)
		L.timer = true;
}

static bool routing_errno(int err)
{
	return err == ENETUNREACH || err == EHOSTUNREACH || err == EACCES || err == EINVAL;
}

static void on_event(const struct nw_event *ev, void *arg)
{
	if (ev->type == NW_EV_SOCK_ERR && routing_errno(ev->u.sock.err) &&
	    (ev->u.sock.sk_family == AF_INET || ev->u.sock.sk_family == AF_INET6))
		want(ev->netns_ino, &ev->u.sock.raddr, ev->ts);
	else if (ev->type == NW_EV_DROP &&
		 (nw_drop_reason_is(ev->u.drop.reason, "IP_OUTNOROUTES") ||
		  nw_drop_reason_is(ev->u.drop.reason, "IP_INNOROUTES")))
		want(ev->netns_ino, &ev->u.drop.dst, ev->ts);
}

void nw_route_lookup_start(struct nw_loop *loop, struct nw_bus *bus, struct nw_nl_source *nl)
{
	memset(&L, 0, sizeof(L));
	L.loop = loop;
	L.bus = bus;
	L.nl = nl;
	if (nl)
		nw_bus_subscribe(bus, on_event, NULL);
}

void nw_route_lookup_stop(void)
{
	if (L.bus && L.nl)
		nw_bus_unsubscribe(L.bus, on_event, NULL);
	memset(&L, 0, sizeof(L));
}
