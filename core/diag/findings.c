// SPDX-License-Identifier: GPL-2.0-or-later
/* The findings store and the JSON fields of finding/explanation events. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag/explain.h"
#include "core/diag/findings.h"
#include "core/names.h"
#include "core/nsreg.h"
#include "core/diag/qdisc_model.h"
#include "core/json.h"
#include "core/util.h"

struct nw_findings {
	struct nw_finding *recs; /* in raise order; evicting shifts (the store is small) */
	size_t count, capacity;
	uint64_t next_id;
	uint64_t evicted;
};

struct nw_findings *nw_findings_new(size_t capacity)
{
	struct nw_findings *f = nw_xcalloc(1, sizeof(*f));

	f->capacity = capacity ? capacity : 1;
	f->recs = nw_xcalloc(f->capacity, sizeof(*f->recs));
	f->next_id = 1;
	/* The findings' JSON (core/json.c) carries this summary. */
	nw_json_set_finding_summary(nw_finding_summary);
	return f;
}

void nw_findings_free(struct nw_findings *f)
{
	if (!f)
		return;
	free(f->recs);
	free(f);
}

/* A socket's errno is one finding whatever the peer (an unconnected UDP socket sends everywhere):
 * ip is the last peer. */
static bool ip_is_subject(const struct nw_finding_ev *x)
{
	return x->kind != NW_FIND_SOCK_ERRNO;
}

static bool same_subject(const struct nw_event *a, const struct nw_event *b)
{
	const struct nw_finding_ev *x = &a->u.finding, *y = &b->u.finding;

	return x->kind == y->kind && a->netns_ino == b->netns_ino && a->ifindex == b->ifindex &&
	       x->err == y->err && x->reason == y->reason && x->pid == y->pid && x->fd == y->fd &&
	       x->handle == y->handle &&
	       (!ip_is_subject(x) ||
		(x->ip.family == y->ip.family && !memcmp(x->ip.bytes, y->ip.bytes, 16))) &&
	       x->mac.len == y->mac.len && !memcmp(x->mac.bytes, y->mac.bytes, x->mac.len) &&
	       !strncmp(x->object, y->object, sizeof(x->object));
}

struct nw_finding *nw_findings_raise(struct nw_findings *f, const struct nw_event *proto,
				     uint64_t count, const struct nw_event *trigger, bool *is_new)
{
	struct nw_finding *r;
	struct nw_finding_ev *x;

	for (size_t i = 0; i < f->count; i++) {
		r = &f->recs[i];
		if (!same_subject(&r->ev, proto))
			continue;
		x = &r->ev.u.finding;
		/* A count from the models (errors, drops, counter rise) is the truth; without one,
		 * count occurrences. */
		x->count = count ? (count > x->count ? count : x->count) : x->count + 1;
		if (!ip_is_subject(x) && proto->u.finding.ip.family)
			x->ip = proto->u.finding.ip;
		if (trigger) {
			x->last_ts = trigger->ts;
			x->last_event_id = trigger->id;
		}
		if (is_new)
			*is_new = false;
		return r;
	}
	if (f->count == f->capacity) {
		/* Oldest out, counted; ids stay unique because next_id only grows. */
		memmove(&f->recs[0], &f->recs[1], (f->count - 1) * sizeof(*f->recs));
		f->count--;
		f->evicted++;
	}
	r = &f->recs[f->count++];
	memset(r, 0, sizeof(*r));
	r->ev = *proto;
	r->ev.type = NW_EV_FINDING;
	r->ev.id = 0;
	x = &r->ev.u.finding;
	x->finding_id = f->next_id++;
	x->count = count ? count : 1;
	if (trigger) {
		r->ev.ts = trigger->ts;
		r->ev.origin = trigger->origin;
		x->first_ts = x->last_ts = trigger->ts;
		x->first_event_id = x->last_event_id = trigger->id;
	}
	r->pending = true;
	if (is_new)
		*is_new = true;
	return r;
}

const struct nw_finding *nw_findings_find(const struct nw_findings *f, const struct nw_event *proto)
{
	for (size_t i = 0; i < f->count; i++)
		if (same_subject(&f->recs[i].ev, proto))
			return &f->recs[i];
	return NULL;
}

void nw_findings_retract(struct nw_findings *f, const struct nw_event *proto)
{
	for (size_t i = 0; i < f->count; i++) {
		if (!same_subject(&f->recs[i].ev, proto))
			continue;
		if (f->recs[i].ev.u.finding.count > 1) {
			f->recs[i].ev.u.finding.count--;
			return;
		}
		memmove(&f->recs[i], &f->recs[i + 1], (f->count - i - 1) * sizeof(*f->recs));
		f->count--;
		return;
	}
}

const struct nw_finding *nw_findings_get(const struct nw_findings *f, uint64_t finding_id)
{
	for (size_t i = 0; i < f->count; i++)
		if (f->recs[i].ev.u.finding.finding_id == finding_id)
			return &f->recs[i];
	return NULL;
}

size_t nw_findings_count(const struct nw_findings *f)
{
	return f->count;
}

const struct nw_finding *nw_findings_at(const struct nw_findings *f, size_t i)
{
	return i < f->count ? &f->recs[i] : NULL;
}

struct nw_finding *nw_findings_at_rw(struct nw_findings *f, size_t i)
{
	return i < f->count ? &f->recs[i] : NULL;
}

uint64_t nw_findings_evicted(const struct nw_findings *f)
{
	return f->evicted;
}

struct nw_finding *nw_findings_next_pending(struct nw_findings *f)
{
	for (size_t i = 0; i < f->count; i++)
		if (f->recs[i].pending)
			return &f->recs[i];
	return NULL;
}

void nw_findings_mark_sent(struct nw_finding *fd, uint64_t event_id)
{
	fd->pending = false;
	fd->event_id = event_id;
}

/* " netns NAME" or " netns inode N", "" when unknown. */
static void where_fmt(const struct nw_event *ev, char *buf, size_t size)
{
	const char *ns = nw_nsreg_name(ev->netns_ino);
	char dev[NW_IFNAMSIZ + 8] = "";

	if (ev->ifname[0])
		snprintf(dev, sizeof(dev), " dev %.*s", NW_IFNAMSIZ, ev->ifname);
	if (*ns)
		snprintf(buf, size, "%s netns %s", dev, ns);
	else if (ev->netns_ino)
		snprintf(buf, size, "%s netns inode %" PRIu64, dev, ev->netns_ino);
	else
		snprintf(buf, size, "%s", dev);
}

char *nw_finding_summary(const struct nw_event *ev, char *buf, size_t size)
{
	const struct nw_finding_ev *x = &ev->u.finding;
	char where[128], ip[NW_ADDR_STRLEN] = "", mac[NW_MAC_STRLEN] = "", err[32], rs[64];

	where_fmt(ev, where, sizeof(where));
	if (x->ip.family)
		nw_addr_fmt(&x->ip, ip, sizeof(ip));
	if (x->mac.len)
		nw_mac_fmt(&x->mac, mac, sizeof(mac));
	switch (x->kind) {
	case NW_FIND_SOCK_ERRNO:
		if (x->pid || x->fd >= 0)
			snprintf(
			    buf, size,
			    "%s (pid %" PRIu32 " %.16s fd %" PRId32 "%s%s) %" PRIu64 " time%s%s",
			    nw_errno_name(x->err, err, sizeof(err)), x->pid, x->object, x->fd,
			    ip[0] ? " peer " : "", ip, x->count, x->count == 1 ? "" : "s", where);
		else /* reported asynchronously (sock:inet_sk_error_report): no process context */
			snprintf(buf, size, "%s reported to sockets%s%s %" PRIu64 " time%s%s",
				 nw_errno_name(x->err, err, sizeof(err)),
				 ip[0] ? " talking to " : "", ip, x->count,
				 x->count == 1 ? "" : "s", where);
		break;
	case NW_FIND_NEIGH_FAILED:
		if (ip[0])
			snprintf(buf, size, "neighbour %s%s went FAILED (%" PRIu64 " time%s)", ip,
				 where, x->count, x->count == 1 ? "" : "s");
		else /* the device's further entries, folded into one finding */
			snprintf(buf, size, "%" PRIu64 " more neighbour entr%s%s went FAILED",
				 x->count, x->count == 1 ? "y" : "ies", where);
		break;
	case NW_FIND_MAC_MISMATCH:
		snprintf(buf, size, "%" PRIu64 " frame%s to %s, not this interface's MAC%s%s%s",
			 x->count, x->count == 1 ? "" : "s", mac, ip[0] ? " (for " : "", ip,
			 ip[0] ? ")" : "");
		{
			size_t n = strlen(buf);

			snprintf(buf + n, size - n, "%s", where);
		}
		break;
	case NW_FIND_QDISC_CTRL_DROP:
		snprintf(buf, size, "qdisc %.64s%s dropped %" PRIu64 " ARP/NDP packet%s", x->object,
			 where, x->count, x->count == 1 ? "" : "s");
		break;
	case NW_FIND_NEIGH_TABLE_FULL:
		snprintf(buf, size, "neighbour table %.64s overflowed (%" PRIu64 ")%s", x->object,
			 x->count, where);
		break;
	case NW_FIND_NETLINK_OVERRUN:
		snprintf(buf, size,
			 "netlink listener pid %" PRIu32 " %.64s lost messages (%" PRIu64 ")%s",
			 x->pid, x->object, x->count, where);
		break;
	case NW_FIND_SILENT_DROP:
		snprintf(buf, size, "counter %.64s rose by %" PRIu64 "%s", x->object, x->count,
			 where);
		break;
	case NW_FIND_DROP:
		snprintf(
		    buf, size, "%" PRIu64 " packet%s dropped, reason %s%s", x->count,
		    x->count == 1 ? "" : "s",
		    nw_names_get(nw_names_table(NW_NAMES_DROP_REASON), x->reason, rs, sizeof(rs)),
		    where);
		break;
	default:
		snprintf(buf, size, "finding kind %u", x->kind);
		break;
	}
	return buf;
}
