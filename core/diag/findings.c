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

const char *nw_finding_kind_name(enum nw_finding_kind kind)
{
	static const char *const names[NW_FIND_KIND_COUNT] = {
	    [NW_FIND_SOCK_ERRNO] = "sock_errno",
	    [NW_FIND_NEIGH_FAILED] = "neigh_failed",
	    [NW_FIND_MAC_MISMATCH] = "mac_mismatch",
	    [NW_FIND_QDISC_CTRL_DROP] = "qdisc_control_drop",
	    [NW_FIND_NEIGH_TABLE_FULL] = "neigh_table_overflow",
	    [NW_FIND_NETLINK_OVERRUN] = "netlink_overrun",
	    [NW_FIND_SILENT_DROP] = "silent_drop",
	    [NW_FIND_DROP] = "drop",
	};

	return (unsigned)kind < NW_FIND_KIND_COUNT ? names[kind] : "unknown";
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

/* ,"key": */
static void jk(struct nw_jbuf *b, const char *key)
{
	nw_jbuf_printf(b, ",\"%s\":", key);
}

static void jstr(struct nw_jbuf *b, const char *key, const char *s)
{
	jk(b, key);
	if (s && *s)
		nw_jbuf_str(b, s);
	else
		nw_jbuf_raw(b, "null", 4);
}

static void ju64(struct nw_jbuf *b, const char *key, uint64_t v)
{
	nw_jbuf_printf(b, ",\"%s\":%" PRIu64, key, v);
}

static void jts(struct nw_jbuf *b, const char *key, uint64_t ts)
{
	nw_jbuf_printf(b, ",\"%s\":%" PRIu64 ".%09" PRIu64, key, ts / 1000000000u,
		       ts % 1000000000u);
}

static void json_finding(struct nw_jbuf *b, const struct nw_event *ev)
{
	const struct nw_finding_ev *x = &ev->u.finding;
	char buf[256], object[sizeof(x->object) + 1];

	memcpy(object, x->object, sizeof(x->object));
	object[sizeof(x->object)] = '\0';
	ju64(b, "finding_id", x->finding_id);
	jstr(b, "kind", nw_finding_kind_name(x->kind));
	jstr(b, "summary", nw_finding_summary(ev, buf, sizeof(buf)));
	ju64(b, "count", x->count);
	jts(b, "first_ts", x->first_ts);
	jts(b, "last_ts", x->last_ts);
	ju64(b, "first_event_id", x->first_event_id);
	ju64(b, "last_event_id", x->last_event_id);
	jstr(b, "ip", x->ip.family ? nw_addr_fmt(&x->ip, buf, sizeof(buf)) : NULL);
	jstr(b, "mac", x->mac.len ? nw_mac_fmt(&x->mac, buf, sizeof(buf)) : NULL);
	jstr(b, "errno", x->err ? nw_errno_name(x->err, buf, sizeof(buf)) : NULL);
	if (x->kind == NW_FIND_DROP)
		jstr(b, "reason",
		     nw_names_get(nw_names_table(NW_NAMES_DROP_REASON), x->reason, buf,
				  sizeof(buf)));
	else
		jstr(b, "reason", NULL);
	if (x->pid)
		ju64(b, "pid", x->pid);
	else
		jstr(b, "pid", NULL);
	if (x->fd >= 0 && x->kind == NW_FIND_SOCK_ERRNO)
		ju64(b, "fd", (uint64_t)x->fd);
	else
		jstr(b, "fd", NULL);
	if (x->kind == NW_FIND_QDISC_CTRL_DROP)
		jstr(b, "handle", nw_tc_handle_fmt(x->handle, buf, sizeof(buf)));
	else
		jstr(b, "handle", NULL);
	jstr(b, "object", object);
}

static void json_explanation_ref(struct nw_jbuf *b, const struct nw_event *ev)
{
	const struct nw_explanation_ev *x = &ev->u.explanation;
	char rule[sizeof(x->rule) + 1], object[sizeof(x->object) + 1];

	memcpy(rule, x->rule, sizeof(x->rule));
	rule[sizeof(x->rule)] = '\0';
	memcpy(object, x->object, sizeof(x->object));
	object[sizeof(x->object)] = '\0';
	ju64(b, "explanation_id", x->explanation_id);
	ju64(b, "finding_id", x->finding_id);
	jstr(b, "rule", rule);
	jk(b, "cause");
	if (x->has_cause) {
		nw_jbuf_raw(b, "{\"layer\":", 9);
		nw_jbuf_str(b, nw_cause_layer_name(x->layer));
		nw_jbuf_raw(b, ",\"object\":", 10);
		nw_jbuf_str(b, object);
		nw_jbuf_raw(b, "}", 1);
	} else {
		nw_jbuf_raw(b, "null", 4);
	}
	/* The evidence list and the fix have variable length: nw_explanation_json() writes them. */
	nw_jbuf_raw(b, ",\"full\":false", 13);
}

void nw_findings_json_fields(struct nw_jbuf *b, const struct nw_event *ev)
{
	if (ev->type == NW_EV_FINDING)
		json_finding(b, ev);
	else if (ev->type == NW_EV_EXPLANATION)
		json_explanation_ref(b, ev);
}
