// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The explain engine: sets up the context from the finding, runs the rules
 * of the current stage in table order, follows a rule that moves the chain
 * to another stage, and stops at the first rule that names a cause.  The
 * rules (core/diag/explain_rules.c) hold all the knowledge; this file only runs
 * them and renders the result.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag/explain_int.h"
#include "core/diag/findings.h"
#include "core/json.h"
#include "core/names.h"
#include "core/nsreg.h"
#include "core/util.h"

/* --- helpers for the rules ---------------------------------------------------------- */

struct nw_expl_step *nw_x_step(struct nw_xctx *c, enum nw_cause_layer layer, const char *fmt, ...)
{
	static struct nw_expl_step overflow; /* written to when full; counted, never shown */
	struct nw_expl_step *s;
	va_list ap;

	if (c->x->nsteps == NW_EXPL_STEPS) {
		c->x->steps_dropped++;
		s = &overflow;
	} else {
		s = &c->x->steps[c->x->nsteps++];
	}
	memset(s, 0, sizeof(*s));
	s->layer = (uint8_t)layer;
	va_start(ap, fmt);
	vsnprintf(s->text, sizeof(s->text), fmt, ap);
	va_end(ap);
	return s;
}

void nw_x_cite(struct nw_expl_step *s, uint64_t id)
{
	if (!id)
		return;
	for (size_t i = 0; i < s->nids; i++)
		if (s->ids[i] == id)
			return;
	if (s->nids < NW_EXPL_IDS)
		s->ids[s->nids++] = id;
}

void nw_x_cite_set(struct nw_expl_step *s, const struct nw_corr_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		nw_x_cite(s, set->ev[i]->id);
}

void nw_x_missing(struct nw_xctx *c, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	for (size_t i = 0; i < c->x->nmissing; i++)
		if (!strcmp(c->x->missing[i], buf))
			return;
	if (c->x->nmissing < NW_EXPL_MISSING)
		nw_strlcpy(c->x->missing[c->x->nmissing++], buf, sizeof(c->x->missing[0]));
}

static bool replaying(const struct nw_xctx *c)
{
	return c->fev->origin == NW_ORIGIN_REPLAY;
}

/*
 * What to tell about a source the models did not have, true to the run: a
 * replay can only lack what the recording lacks; a live source that reported
 * itself off has its own reason and fix in the detail (the generic how-to,
 * "run as root", may be already followed); one never heard of gets the how-to.
 */
static void need_text(const struct nw_xctx *c, const char *why, char *buf, size_t size)
{
	const char *how = strstr(why, ": ");
	const char *off = strstr(why, " (source off: ");
	int what = how ? (int)(how - why) : (int)strlen(why);

	if (off && off - why < what)
		what = (int)(off - why);
	if (replaying(c))
		snprintf(buf, size,
			 "the recording has no %.*s: it was made without that source; record "
			 "again with it on",
			 what, why);
	else if (off)
		snprintf(buf, size, "%.*s%s", what, why, off);
	else
		snprintf(buf, size, "%s", why);
}

bool nw_x_need(struct nw_xctx *c, enum nw_evsrc src, uint64_t netns, uint32_t ifindex)
{
	char why[200], text[256];

	if (nw_models_have(c->m, src, netns, ifindex, why, sizeof(why)))
		return true;
	need_text(c, why, text, sizeof(text));
	nw_x_missing(c, "%s", text);
	return false;
}

void nw_x_cause(struct nw_xctx *c, enum nw_cause_layer layer, const char *object, const char *fmt,
		...)
{
	va_list ap;

	c->x->has_cause = true;
	c->x->layer = (uint8_t)layer;
	nw_strlcpy(c->x->object, object, sizeof(c->x->object));
	va_start(ap, fmt);
	vsnprintf(c->x->cause, sizeof(c->x->cause), fmt, ap);
	va_end(ap);
}

void nw_x_fix(struct nw_xctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->x->fix, sizeof(c->x->fix), fmt, ap);
	va_end(ap);
}

void nw_x_check(struct nw_xctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->x->check, sizeof(c->x->check), fmt, ap);
	va_end(ap);
}

char *nw_x_ns(uint64_t netns, char *buf, size_t size)
{
	const char *name = nw_nsreg_name(netns);

	if (*name)
		snprintf(buf, size, " netns %s", name);
	else if (netns)
		snprintf(buf, size, " netns inode %" PRIu64, netns);
	else
		buf[0] = '\0';
	return buf;
}

/* The initial namespace is registered as "host" by probes/netns.c; unnamed ones need nsenter. */
static bool is_initial(const char *name)
{
	return !strcmp(name, "host");
}

/* A container's namespace is entered as its runtime says (probes/containers.c), not by its name. */
char *nw_x_nsexec(uint64_t netns, char *buf, size_t size)
{
	const struct nw_nsreg_container *ctr = nw_nsreg_container(netns);
	const char *name = nw_nsreg_name(netns);

	if (ctr)
		snprintf(buf, size, "%s", ctr->enter);
	else if (*name && !is_initial(name))
		snprintf(buf, size, "ip netns exec %s ", name);
	else if (!*name && netns)
		snprintf(buf, size,
			 "nsenter --net=/proc/PID/ns/net (a process in netns inode %" PRIu64 ") ",
			 netns);
	else
		buf[0] = '\0';
	return buf;
}

char *nw_x_nsopt(uint64_t netns, char *buf, size_t size)
{
	const struct nw_nsreg_container *ctr = nw_nsreg_container(netns);
	const char *name = nw_nsreg_name(netns);

	if (ctr)
		snprintf(buf, size, "%s", ctr->nsopt);
	else if (*name && !is_initial(name))
		snprintf(buf, size, "-n %s ", name);
	else
		buf[0] = '\0';
	return buf;
}

const char *nw_x_reason(uint32_t reason, char *buf, size_t size)
{
	/* Always into buf: rules use the buffer again after the call (a fix text, a check). */
	const char *name = nw_names_get(nw_names_table(NW_NAMES_DROP_REASON), reason, buf, size);

	if (name != buf)
		nw_strlcpy(buf, name, size);
	return buf;
}

char *nw_x_rel(const struct nw_xctx *c, uint64_t ts, char *buf, size_t size)
{
	uint64_t base = c->from;
	int64_t d = (int64_t)(ts - base);

	snprintf(buf, size, "%s%" PRId64 ".%03" PRId64 "s", d < 0 ? "-" : "+",
		 (d < 0 ? -d : d) / 1000000000, ((d < 0 ? -d : d) % 1000000000) / 1000000);
	return buf;
}

/* --- the engine ----------------------------------------------------------------------- */

static bool setup(struct nw_xctx *c)
{
	const struct nw_finding_ev *f = c->f;
	const struct nw_models_opts *o = nw_models_get_opts(c->m);
	uint64_t win = o->window_ns;

	c->from = f->first_ts > win ? f->first_ts - win : 0;
	c->to = f->last_ts + 2000000000ull;
	switch ((enum nw_finding_kind)f->kind) {
	case NW_FIND_SOCK_ERRNO:
		c->stage = NW_STAGE_SOCK;
		c->sock =
		    nw_sock_model_find(nw_models_sock(c->m), c->fev->netns_ino, f->pid, f->fd, 0);
		if (!c->sock) {
			/* The cookie is part of the key: find the socket by pid and fd. */
			const struct nw_sock_model *sm = nw_models_sock(c->m);

			for (size_t i = 0; i < nw_sock_model_capacity(sm) && !c->sock; i++) {
				const struct nw_sock_rec *r = nw_sock_model_slot(sm, i);

				if (r && r->key.pid == f->pid && r->key.fd == f->fd &&
				    r->key.netns_ino == c->fev->netns_ino &&
				    nw_sock_rec_errno(r, f->err))
					c->sock = r;
			}
		}
		return true;
	case NW_FIND_NEIGH_FAILED:
		c->stage = NW_STAGE_NEIGH;
		if (f->ip.family) {
			c->neigh = nw_neigh_model_find(nw_models_neigh(c->m), c->fev->netns_ino,
						       c->fev->ifindex, &f->ip);
		} else {
			/* Folded finding: the device's entries that failed in its time; explain the
			 * latest. */
			const struct nw_neigh_model *nm = nw_models_neigh(c->m);

			for (size_t i = 0; i < nw_neigh_model_capacity(nm); i++) {
				const struct nw_neigh_entry *e = nw_neigh_model_slot(nm, i);

				if (e && e->failed_count && e->key.netns_ino == c->fev->netns_ino &&
				    e->key.ifindex == c->fev->ifindex &&
				    e->last_failed_ts <= f->last_ts &&
				    (!c->neigh || e->last_failed_ts > c->neigh->last_failed_ts))
					c->neigh = e;
			}
		}
		return c->neigh != NULL;
	case NW_FIND_MAC_MISMATCH:
		c->stage = NW_STAGE_L2;
		c->l2_netns = c->fev->netns_ino;
		c->l2_ifindex = c->fev->ifindex;
		c->l2_mac = f->mac;
		c->l2_ip = f->ip;
		return true;
	case NW_FIND_QDISC_CTRL_DROP:
		c->stage = NW_STAGE_QDISC;
		c->qdisc = nw_qdisc_model_find(nw_models_qdisc(c->m), c->fev->netns_ino,
					       c->fev->ifindex, f->handle, false);
		c->qdrop = nw_models_event(c->m, f->last_event_id);
		return true;
	case NW_FIND_NEIGH_TABLE_FULL:
		c->stage = NW_STAGE_TABLE;
		c->table_family = f->family;
		return true;
	case NW_FIND_NETLINK_OVERRUN:
		c->stage = NW_STAGE_NETLINK;
		return true;
	case NW_FIND_SILENT_DROP:
		c->stage = NW_STAGE_COUNTER;
		return true;
	case NW_FIND_DROP:
		c->stage = NW_STAGE_DROP;
		return true;
	default:
		return false;
	}
}

/* How often each rule added a step or named a cause, process-wide (tests, the TUI's help). */
static uint64_t rule_hits[256];

uint64_t nw_explain_rule_hits(size_t i)
{
	return i < NW_ARRAY_SIZE(rule_hits) ? rule_hits[i] : 0;
}

/*
 * No rule named a cause and none said what it lacked: say which sources were
 * off (or absent from the recording), or that all were there, so the advice
 * is never one already followed.
 */
static void no_cause(struct nw_xctx *c)
{
	size_t before = c->x->nmissing;

	for (unsigned s = 0; s < NW_EVSRC_COUNT; s++)
		nw_x_need(c, (enum nw_evsrc)s, 0, 0);
	if (c->x->nmissing > before)
		nw_x_missing(c, "no rule found a cause in the evidence %s; the sources above %s",
			     replaying(c) ? "of this recording" : "collected so far",
			     replaying(c) ? "were not recorded" : "were off or saw nothing");
	else
		nw_x_missing(c,
			     "no rule found a cause although every source %s: the steps above are "
			     "the evidence there is; no rule knows this pattern yet",
			     replaying(c) ? "is in the recording" : "was on");
}

int nw_explain(const struct nw_models *m, uint64_t finding_id, struct nw_explanation *out)
{
	const struct nw_finding *fd = nw_findings_get(nw_models_findings(m), finding_id);
	bool ran[256] = {false};
	size_t nrules = nw_rule_count();
	struct nw_xctx c;
	char buf[256];
	size_t i;

	memset(out, 0, sizeof(*out));
	if (!fd)
		return -ENOENT;
	memset(&c, 0, sizeof(c));
	c.m = m;
	c.x = out;
	c.fev = &fd->ev;
	c.f = &fd->ev.u.finding;
	out->id = finding_id;
	out->finding = fd->ev;
	out->finding.id = fd->event_id;
	nw_strlcpy(out->symptom, nw_finding_summary(&fd->ev, buf, sizeof(buf)),
		   sizeof(out->symptom));
	if (!setup(&c)) {
		nw_x_missing(&c, "the subject of this finding is no longer in the models "
				 "(evicted): raise the store sizes");
		return 0;
	}
	for (i = 0; i < nrules && i < NW_ARRAY_SIZE(ran); i++) {
		const struct nw_rule *r = nw_rule_at(i);
		enum nw_stage before = c.stage;
		enum nw_rule_result res;
		size_t nsteps = out->nsteps;
		bool ok = true;

		if (r->stage != c.stage || ran[i])
			continue;
		ran[i] = true;
		for (unsigned s = 0; s < NW_EVSRC_COUNT; s++)
			if ((r->needs & (1u << s)) && !nw_x_need(&c, (enum nw_evsrc)s, 0, 0))
				ok = false;
		if (!ok)
			continue;
		res = r->match(&c);
		if (res != NW_RULE_NO && i < NW_ARRAY_SIZE(rule_hits))
			rule_hits[i]++;
		for (size_t k = nsteps; k < out->nsteps; k++)
			nw_strlcpy(out->steps[k].rule, r->id, sizeof(out->steps[k].rule));
		if (res == NW_RULE_CAUSE) {
			nw_strlcpy(out->rule, r->id, sizeof(out->rule));
			break;
		}
		if (c.stage != before)
			i = (size_t)-1; /* a new stage: its rules from the top */
	}
	if (!out->has_cause && !out->nmissing)
		no_cause(&c);
	return 0;
}

size_t nw_explain_pending(struct nw_models *m, uint64_t now, uint64_t settle_ns, bool final,
			  nw_explain_fn fn, void *arg)
{
	struct nw_findings *fs = nw_models_findings_rw(m);
	struct nw_explanation *x = NULL;
	size_t n = 0;

	for (size_t i = 0; i < nw_findings_count(fs); i++) {
		struct nw_finding *f = nw_findings_at_rw(fs, i);
		const struct nw_finding_ev *fe = &f->ev.u.finding;

		if (f->explained_count == fe->count)
			continue;
		if (!final && fe->last_ts + settle_ns > now)
			continue;
		/* Grown findings are explained again only when they doubled: a steady stream is one
		 * story. */
		if (f->explained_count && fe->count < 2 * f->explained_count)
			continue;
		if (!x)
			x = nw_xmalloc(sizeof(*x));
		if (nw_explain(m, fe->finding_id, x) < 0)
			continue;
		f->explained_count = fe->count;
		fn(x, arg);
		n++;
	}
	free(x);
	return n;
}

/* --- rendering --------------------------------------------------------------------------- */

static void jkey(struct nw_jbuf *b, const char *key)
{
	nw_jbuf_printf(b, ",\"%s\":", key);
}

static void jstr_or_null(struct nw_jbuf *b, const char *key, const char *s)
{
	jkey(b, key);
	if (s && *s)
		nw_jbuf_str(b, s);
	else
		nw_jbuf_raw(b, "null", 4);
}

void nw_explanation_json(const struct nw_explanation *x, uint64_t id, struct nw_jbuf *b)
{
	const struct nw_event *f = &x->finding;
	struct nw_event ev;

	/* The fields every object has, as the explanation event has them. */
	nw_explanation_to_event(x, &ev);
	ev.id = id;
	nw_json_open(b, &ev);
	nw_jbuf_printf(b, ",\"explanation_id\":%" PRIu64 ",\"finding_id\":%" PRIu64, x->id,
		       f->u.finding.finding_id);
	jstr_or_null(b, "kind", nw_finding_kind_name(f->u.finding.kind));
	jstr_or_null(b, "symptom", x->symptom);
	jkey(b, "cause");
	if (x->has_cause) {
		nw_jbuf_raw(b, "{\"layer\":", 9);
		nw_jbuf_str(b, nw_cause_layer_name(x->layer));
		nw_jbuf_raw(b, ",\"object\":", 10);
		nw_jbuf_str(b, x->object);
		nw_jbuf_raw(b, ",\"why\":", 7);
		nw_jbuf_str(b, x->cause);
		nw_jbuf_raw(b, ",\"rule\":", 8);
		nw_jbuf_str(b, x->rule);
		nw_jbuf_raw(b, "}", 1);
	} else {
		nw_jbuf_raw(b, "null", 4);
	}
	jkey(b, "evidence");
	nw_jbuf_raw(b, "[", 1);
	for (size_t i = 0; i < x->nsteps; i++) {
		const struct nw_expl_step *s = &x->steps[i];

		nw_jbuf_printf(b, "%s{\"layer\":", i ? "," : "");
		nw_jbuf_str(b, nw_cause_layer_name(s->layer));
		nw_jbuf_raw(b, ",\"rule\":", 8);
		nw_jbuf_str(b, s->rule);
		nw_jbuf_raw(b, ",\"text\":", 8);
		nw_jbuf_str(b, s->text);
		nw_jbuf_raw(b, ",\"event_ids\":[", 14);
		for (size_t k = 0; k < s->nids; k++)
			nw_jbuf_printf(b, "%s%" PRIu64, k ? "," : "", s->ids[k]);
		nw_jbuf_raw(b, "]}", 2);
	}
	nw_jbuf_raw(b, "]", 1);
	jkey(b, "missing");
	nw_jbuf_raw(b, "[", 1);
	for (size_t i = 0; i < x->nmissing; i++) {
		if (i)
			nw_jbuf_raw(b, ",", 1);
		nw_jbuf_str(b, x->missing[i]);
	}
	nw_jbuf_raw(b, "]", 1);
	jstr_or_null(b, "fix", x->fix);
	jstr_or_null(b, "check", x->check);
	nw_jbuf_raw(b, "}\n", 2);
}

void nw_explanation_text(const struct nw_explanation *x, struct nw_jbuf *b)
{
	nw_jbuf_printf(b, "Symptom: %s\n", x->symptom);
	for (size_t i = 0; i < x->nsteps; i++) {
		const struct nw_expl_step *s = &x->steps[i];

		nw_jbuf_printf(b, "  %zu. [%s] %s", i + 1, nw_cause_layer_name(s->layer), s->text);
		if (s->nids) {
			nw_jbuf_printf(b, " (events");
			for (size_t k = 0; k < s->nids; k++)
				nw_jbuf_printf(b, " #%" PRIu64, s->ids[k]);
			nw_jbuf_printf(b, ")");
		}
		nw_jbuf_printf(b, "\n");
	}
	if (x->has_cause) {
		nw_jbuf_printf(b, "Cause (%s): %s\n  %s\n", nw_cause_layer_name(x->layer),
			       x->object, x->cause);
		if (x->fix[0])
			nw_jbuf_printf(b, "Fix: %s\n", x->fix);
		if (x->check[0])
			nw_jbuf_printf(b, "Check after: %s\n", x->check);
	} else {
		nw_jbuf_printf(b, "Cause: not established by the evidence.\n");
	}
	for (size_t i = 0; i < x->nmissing; i++)
		nw_jbuf_printf(b, "Missing: %s\n", x->missing[i]);
}

void nw_explanation_to_event(const struct nw_explanation *x, struct nw_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	ev->type = NW_EV_EXPLANATION;
	ev->origin = x->finding.origin;
	ev->ts = x->finding.u.finding.last_ts;
	ev->netns_ino = x->finding.netns_ino;
	ev->ifindex = x->finding.ifindex;
	memcpy(ev->ifname, x->finding.ifname, sizeof(ev->ifname));
	ev->u.explanation.explanation_id = x->id;
	ev->u.explanation.finding_id = x->finding.u.finding.finding_id;
	ev->u.explanation.layer = x->layer;
	ev->u.explanation.has_cause = x->has_cause;
	nw_strlcpy(ev->u.explanation.rule, x->rule, sizeof(ev->u.explanation.rule));
	nw_strlcpy(ev->u.explanation.object, x->object, sizeof(ev->u.explanation.object));
}

static const char *const stage_names[NW_STAGE_COUNT] = {
    [NW_STAGE_SOCK] = "sock",	    [NW_STAGE_NEIGH] = "neigh", [NW_STAGE_QDISC] = "qdisc",
    [NW_STAGE_TABLE] = "table",	    [NW_STAGE_L2] = "l2",	[NW_STAGE_NETLINK] = "netlink",
    [NW_STAGE_COUNTER] = "counter", [NW_STAGE_DROP] = "drop",	[NW_STAGE_ROUTE] = "route",
};

size_t nw_explain_nrules(void)
{
	return nw_rule_count();
}

const struct nw_rule_info *nw_explain_rule(size_t i)
{
	static struct nw_rule_info info;

	const struct nw_rule *r = nw_rule_at(i);

	if (!r)
		return NULL;
	info.id = r->id;
	info.layer = r->layer;
	info.stage = stage_names[r->stage];
	info.message = r->message;
	info.fix = r->fix;
	return &info;
}
