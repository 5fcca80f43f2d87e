// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Explain rules of the route stage: the kernel's routing lookup refused a
 * destination.  A connect()/sendto() towards it fails at once (EHOSTUNREACH
 * for an unreachable route, EINVAL for a blackhole, EACCES for prohibit,
 * ENETUNREACH when no table has a route), before any packet exists: no
 * neighbour activity, no drop event.  So the evidence is the FIB lookup
 * netwhy asked for that destination in that namespace (NW_EV_ROUTE op
 * LOOKUP, an event in the recording), its errno equal to the socket's, and
 * the routes and rules netlink reported, walked as the kernel walks them
 * (core/diag/route_model.h) to name the route, the rule or the empty table.
 * (core/diag/explain_rules.c lists the rule sets in the order stages run;
 * explain_int.h has the rule contract and the helpers.)
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>

#include "core/diag/explain_int.h"
#include "core/names.h"
#include "core/util.h"

/* The route the kernel named in its answer (IPv4 names reject routes too), as the model holds it.
 */
static const struct nw_route_rec *answered_route(const struct nw_xctx *c,
						 const struct nw_route_lookup_rec *l,
						 struct nw_route_rec *tmp)
{
	const struct nw_event *ev = &l->ev;
	const struct nw_route_ev *r = &ev->u.route;
	const struct nw_route_rec *m;

	if (!r->dst.family || r->type == RTN_UNSPEC)
		return NULL;
	m = nw_route_model_match(nw_models_route(c->m), ev->netns_ino, r->table, &r->target);
	if (m && m->key.dst_len == r->dst_len && m->r.type == r->type)
		return m;
	/* Routes not watched (or evicted): the answer alone names it. */
	memset(tmp, 0, sizeof(*tmp));
	tmp->key.family = r->family;
	tmp->key.dst_len = r->dst_len;
	tmp->key.table = r->table;
	memcpy(tmp->key.dst, r->dst.bytes, sizeof(tmp->key.dst));
	tmp->r = *r;
	nw_strlcpy(tmp->ifname, ev->ifname, sizeof(tmp->ifname));
	tmp->last_id = ev->id;
	return tmp;
}

/* --- the entry from stage sock ---------------------------------------------------------- */

static bool routing_errno(int err)
{
	return err == ENETUNREACH || err == EHOSTUNREACH || err == EACCES || err == EINVAL;
}

enum nw_rule_result nw_r_sock_route(struct nw_xctx *c)
{
	const struct nw_route_lookup_rec *l;
	char ip[NW_ADDR_STRLEN], ex[128], ns[96], e[32];

	if (!routing_errno(c->f->err))
		return NW_RULE_NO;
	l = c->f->ip.family
		? nw_route_model_lookup(nw_models_route(c->m), c->fev->netns_ino, &c->f->ip)
		: NULL;
	nw_r_fmt_addr(&c->f->ip, ip, sizeof(ip));
	if (!l) {
		if (c->f->err != ENETUNREACH)
			return NW_RULE_NO;
		/* The errno itself points at routing: only the lookup (or an ICMP net-unreachable)
		 * returns it. */
		nw_x_step(c, NW_CL_ROUTE,
			  "ENETUNREACH comes from the routing lookup (no route to %s in this "
			  "namespace) or from an "
			  "ICMP net-unreachable sent back by a router.",
			  ip);
		nw_x_missing(c,
			     "no FIB lookup of %s was recorded (netlink off, or not in scope): run "
			     "%sip route get %s",
			     ip, nw_x_nsexec(c->fev->netns_ino, ex, sizeof(ex)), ip);
		return NW_RULE_STEP;
	}
	/* A lookup that finds a route, or fails otherwise, is not this socket's failure. */
	if (!l->ev.u.route.error && l->ev.u.route.dst.family) {
		struct nw_route_rec tmp;

		nw_x_cite(nw_x_step(c, NW_CL_ROUTE,
				    "The FIB%s%s has a route to %s (ip route get %s: %s): the "
				    "local routing lookup "
				    "does not refuse it, the errno comes from further on.",
				    c->fev->netns_ino ? " of" : "",
				    nw_x_ns(c->fev->netns_ino, ns, sizeof(ns)), ip, ip,
				    nw_route_fmt(answered_route(c, l, &tmp), ex, sizeof(ex))),
			  l->ev.id);
		return NW_RULE_STEP;
	}
	if (l->ev.u.route.error != c->f->err)
		return NW_RULE_NO;
	nw_x_cite(
	    nw_x_step(
		c, NW_CL_ROUTE,
		"netwhy asked the FIB%s%s about %s (ip route get %s): the kernel's routing lookup "
		"answers %s, the errno the socket got. The send fails there, before any packet "
		"exists: no neighbour entry, qdisc or drop is involved.",
		c->fev->netns_ino ? " of" : "", nw_x_ns(c->fev->netns_ino, ns, sizeof(ns)), ip, ip,
		nw_errno_name(c->f->err, e, sizeof(e))),
	    l->ev.id);
	c->route_lookup = l;
	c->stage = NW_STAGE_ROUTE;
	return NW_RULE_STEP;
}

/* --- the entry from stage drop ---------------------------------------------------------- */

/*
 * Packets dropped for want of a route (a router forwarding them: IP_INNOROUTES;
 * a local sender: IP_OUTNOROUTES): the lookup of their destination in that
 * namespace names what refused it.
 */
struct drop_of {
	uint64_t netns;
	uint32_t reason;
};

static bool is_drop_of(const struct nw_event *ev, const void *arg)
{
	const struct drop_of *d = arg;

	const struct nw_addr *a = &ev->u.drop.dst;

	/* Multicast has no route (IPv6 link setup drops its ff02:: probes this way): not asked. */
	return ev->netns_ino == d->netns && ev->u.drop.reason == d->reason &&
	       ((a->family == AF_INET && (a->bytes[0] & 0xf0) != 0xe0) ||
		(a->family == AF_INET6 && a->bytes[0] != 0xff));
}

enum nw_rule_result nw_r_drop_route(struct nw_xctx *c)
{
	struct drop_of match = {c->fev->netns_ino, c->f->reason};
	const struct nw_route_lookup_rec *l;
	char ip[NW_ADDR_STRLEN], ns[96], e[32];
	struct nw_corr_set set;
	const struct nw_event *d;

	if (!nw_drop_reason_is(c->f->reason, "IP_INNOROUTES") &&
	    !nw_drop_reason_is(c->f->reason, "IP_OUTNOROUTES"))
		return NW_RULE_NO;
	nw_corr_drops(c->m, c->f->first_ts, c->f->last_ts, is_drop_of, &match, &set);
	if (!set.n)
		return NW_RULE_NO;
	d = set.ev[set.n - 1];
	l = nw_route_model_lookup(nw_models_route(c->m), d->netns_ino, &d->u.drop.dst);
	if (!l || !l->ev.u.route.error)
		return NW_RULE_NO;
	nw_x_cite(nw_x_step(c, NW_CL_ROUTE,
			    "netwhy asked the FIB%s%s about %s (ip route get %s): the routing "
			    "lookup answers %s.",
			    d->netns_ino ? " of" : "", nw_x_ns(d->netns_ino, ns, sizeof(ns)),
			    nw_addr_fmt(&d->u.drop.dst, ip, sizeof(ip)), ip,
			    nw_errno_name(l->ev.u.route.error, e, sizeof(e))),
		  l->ev.id);
	c->route_lookup = l;
	c->stage = NW_STAGE_ROUTE;
	return NW_RULE_STEP;
}

/* --- stage route -------------------------------------------------------------------------- */

static bool reject_route(const struct nw_route_rec *r)
{
	return r && (r->r.type == RTN_UNREACHABLE || r->r.type == RTN_BLACKHOLE ||
		     r->r.type == RTN_PROHIBIT);
}

static bool reject_rule(const struct nw_rule_rec *r)
{
	return r && (r->key.action == FR_ACT_UNREACHABLE || r->key.action == FR_ACT_BLACKHOLE ||
		     r->key.action == FR_ACT_PROHIBIT);
}

static void uncertain_note(struct nw_xctx *c, const struct nw_route_walk *w)
{
	char opt[96];

	if (w->uncertain)
		nw_x_missing(c,
			     "policy rules with selectors netwhy cannot judge (from, iif, oif, "
			     "fwmark, tos, not) "
			     "were skipped: check ip %srule show",
			     nw_x_nsopt(c->route_lookup->ev.netns_ino, opt, sizeof(opt)));
}

static enum nw_rule_result r_route_reject(struct nw_xctx *c)
{
	const struct nw_route_model *rm = nw_models_route(c->m);
	uint64_t netns = c->route_lookup->ev.netns_ino;
	const struct nw_addr *dst = &c->route_lookup->ev.u.route.target;
	struct nw_route_rec tmp;
	const struct nw_route_rec *rt = answered_route(c, c->route_lookup, &tmp);
	struct nw_route_walk w;
	char txt[160], obj[320], ns[96], opt[96], ip[NW_ADDR_STRLEN], pfx[NW_ADDR_STRLEN + 8],
	    e[32];

	if (c->route_lookup->ev.u.route.error == ENETUNREACH)
		return NW_RULE_NO;
	nw_route_model_resolve(rm, netns, dst, &w);
	uncertain_note(c, &w);
	if (!reject_route(rt))
		rt = reject_route(w.route) ? w.route : NULL;
	nw_x_nsopt(netns, opt, sizeof(opt));
	nw_addr_fmt(dst, ip, sizeof(ip));
	nw_strlcpy(e, nw_errno_name(c->route_lookup->ev.u.route.error, ns, sizeof(ns)), sizeof(e));
	nw_x_ns(netns, ns, sizeof(ns));
	if (rt) {
		nw_route_fmt(rt, txt, sizeof(txt));
		snprintf(obj, sizeof(obj), "route %s%s", txt, ns);
		nw_x_cite(
		    nw_x_step(c, NW_CL_ROUTE, "The route that matches %s is: %s%s.", ip, txt, ns),
		    rt->last_id);
		nw_x_cause(
		    c, NW_CL_ROUTE, obj,
		    "The route %s%s covers %s and is of type %s: the kernel refuses every packet "
		    "to it "
		    "with %s at the routing lookup, on purpose (someone or some tool added it).",
		    txt, ns, ip, nw_route_type_name(rt->r.type), e);
		nw_prefix_fmt(rt->key.family, rt->key.dst, rt->key.dst_len, pfx, sizeof(pfx));
		nw_x_fix(c,
			 "If %s should be reachable, delete the route: ip %sroute del %s %s table "
			 "%s, and make "
			 "sure a route towards it remains (ip %sroute add %s via GATEWAY).",
			 ip, opt, nw_route_type_name(rt->r.type), pfx,
			 nw_route_table_fmt(rt->key.table, txt, sizeof(txt)), opt, pfx);
	} else if (reject_rule(w.rule)) {
		nw_rule_fmt(w.rule, txt, sizeof(txt));
		snprintf(obj, sizeof(obj), "rule %s%s", txt, ns);
		nw_x_cite(nw_x_step(c, NW_CL_ROUTE,
				    "The first policy rule that matches %s is: %s%s.", ip, txt, ns),
			  w.rule->last_id);
		nw_x_cause(c, NW_CL_ROUTE, obj,
			   "The policy rule %s%s matches %s and its action is %s: the kernel "
			   "refuses the packets "
			   "with %s before any routing table is consulted.",
			   txt, ns, ip, nw_rule_action_name(w.rule->key.action), e);
		nw_x_fix(c,
			 "If %s should be reachable, delete the rule: ip %s%srule del pref %" PRIu32
			 ".",
			 ip, opt, dst->family == AF_INET6 ? "-6 " : "", w.rule->key.priority);
	} else {
		/* The answer is the kernel's; which route gave it is not in what netwhy saw. */
		nw_x_missing(c,
			     "the route or rule that refuses %s was not reported by netlink: run "
			     "ip %sroute get "
			     "fibmatch %s and ip %srule show",
			     ip, opt, ip, opt);
		snprintf(obj, sizeof(obj), "route to %s%s (%s)", ip, ns, e);
		nw_x_cause(c, NW_CL_ROUTE, obj,
			   "The routing lookup for %s%s fails with %s: a route of type unreachable "
			   "(EHOSTUNREACH), "
			   "blackhole (EINVAL) or prohibit (EACCES), or a policy rule with that "
			   "action, refuses it.",
			   ip, ns, e);
		nw_x_fix(
		    c,
		    "Find it with ip %sroute get fibmatch %s and ip %srule show, then delete it.",
		    opt, ip, opt);
	}
	nw_x_check(c, "ip %sroute get %s answers with a route (no error)", opt, ip);
	return NW_RULE_CAUSE;
}

static enum nw_rule_result r_route_policy_table(struct nw_xctx *c)
{
	uint64_t netns = c->route_lookup->ev.netns_ino;
	const struct nw_addr *dst = &c->route_lookup->ev.u.route.target;
	struct nw_route_walk w;
	char txt[160], obj[320], ns[96], opt[96], ip[NW_ADDR_STRLEN], pfx[NW_ADDR_STRLEN + 8],
	    t[16];

	if (c->route_lookup->ev.u.route.error != ENETUNREACH)
		return NW_RULE_NO;
	nw_route_model_resolve(nw_models_route(c->m), netns, dst, &w);
	if (!w.empty_rule || w.route)
		return NW_RULE_NO;
	uncertain_note(c, &w);
	nw_x_ns(netns, ns, sizeof(ns));
	nw_x_nsopt(netns, opt, sizeof(opt));
	nw_addr_fmt(dst, ip, sizeof(ip));
	nw_route_table_fmt(w.empty_rule->key.table, t, sizeof(t));
	nw_rule_fmt(w.empty_rule, txt, sizeof(txt));
	snprintf(obj, sizeof(obj), "rule %s%s", txt, ns);
	nw_x_cite(nw_x_step(c, NW_CL_ROUTE,
			    "The policy rule %s%s sends %s to table %s, and table %s has no route "
			    "to it; no later "
			    "rule's table has one either.",
			    txt, ns, ip, t, t),
		  w.empty_rule->last_id);
	nw_x_cause(c, NW_CL_ROUTE, obj,
		   "Policy routing sends %s to table %s, which has no route to it (table %s has no "
		   "route to %s), "
		   "and neither has main: the lookup fails with ENETUNREACH.",
		   ip, t, t, ip);
	if (w.empty_rule->key.dst_len)
		nw_prefix_fmt(dst->family, w.empty_rule->key.dst, w.empty_rule->key.dst_len, pfx,
			      sizeof(pfx));
	else
		snprintf(pfx, sizeof(pfx), "default");
	nw_x_fix(c,
		 "Add the route the rule expects to table %s: ip %sroute add %s via GATEWAY table "
		 "%s (or dev IFACE); "
		 "or, if the rule is stale, delete it: ip %s%srule del pref %" PRIu32 ".",
		 t, opt, pfx, t, opt, dst->family == AF_INET6 ? "-6 " : "",
		 w.empty_rule->key.priority);
	nw_x_check(c, "ip %sroute get %s answers with a route in table %s", opt, ip, t);
	return NW_RULE_CAUSE;
}

static enum nw_rule_result r_route_none(struct nw_xctx *c)
{
	uint64_t netns = c->route_lookup->ev.netns_ino;
	const struct nw_addr *dst = &c->route_lookup->ev.u.route.target;
	struct nw_route_walk w;
	char obj[320], ns[96], opt[96], ip[NW_ADDR_STRLEN], txt[160];

	if (c->route_lookup->ev.u.route.error != ENETUNREACH)
		return NW_RULE_NO;
	nw_route_model_resolve(nw_models_route(c->m), netns, dst, &w);
	uncertain_note(c, &w);
	nw_x_ns(netns, ns, sizeof(ns));
	nw_x_nsopt(netns, opt, sizeof(opt));
	nw_addr_fmt(dst, ip, sizeof(ip));
	if (w.route && w.route->r.type == RTN_THROW) {
		nw_route_fmt(w.route, txt, sizeof(txt));
		nw_x_cite(nw_x_step(c, NW_CL_ROUTE, "The route %s%s throws %s out of its table.",
				    txt, ns, ip),
			  w.route->last_id);
	}
	if (!nw_route_model_knows(nw_models_route(c->m), netns, dst->family))
		nw_x_missing(c,
			     "the routes of this namespace were not reported (netlink): ip %sroute "
			     "show table all",
			     opt);
	snprintf(obj, sizeof(obj), "route table main%s: no route to %s", ns, ip);
	nw_x_cause(c, NW_CL_ROUTE, obj,
		   "No routing table%s%s has a route to %s (no matching prefix and no default "
		   "route): the lookup "
		   "fails with ENETUNREACH.",
		   ns[0] ? " of" : "", ns, ip);
	nw_x_fix(c,
		 "Add a route: ip %sroute add %s via GATEWAY (or dev IFACE), or a default route: "
		 "ip %sroute add "
		 "default via GATEWAY.",
		 opt, ip, opt);
	nw_x_check(c, "ip %sroute get %s answers with a route", opt, ip);
	return NW_RULE_CAUSE;
}

static const struct nw_rule rules[] = {
    {"route.reject", NW_CL_ROUTE, NW_STAGE_ROUTE, 0, r_route_reject,
     "the routing lookup refuses the destination: a route of type unreachable/blackhole/prohibit, "
     "or a rule "
     "with that action",
     "delete the route or rule"},
    {"route.policy_table", NW_CL_ROUTE, NW_STAGE_ROUTE, 0, r_route_policy_table,
     "ENETUNREACH: a policy rule sends the destination to a table without a route to it",
     "add the route to that table, or delete the rule"},
    {"route.none", NW_CL_ROUTE, NW_STAGE_ROUTE, 0, r_route_none,
     "ENETUNREACH: no table has a route to the destination", "add a route or a default route"},
};

const struct nw_rule_set nw_rules_route = {rules, NW_ARRAY_SIZE(rules)};
