/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Sockets: per process and socket, the errors its system calls got (count
 * per errno with the syscall), the last errors with their peer (Enter), and
 * the receive buffers that overflowed (sock_diag: rcvbuf against use, drop
 * counter), netlink listeners included.  Reads core/diag/sock_model.h.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <netinet/in.h>

#include "core/diag/correlate.h"
#include "core/diag/explain.h"
#include "core/diag/sock_model.h"
#include "core/names.h"
#include "core/util.h"
#include "tui/panel.h"

/* Kinds of rows, for their keys (nw_row_key). */
enum { ROW_PROCESS = 1, ROW_SOCK, ROW_ERR, ROW_BUFFERS, ROW_INFO, ROW_NO_MODEL, ROW_EMPTY, ROW_EVICTED, ROW_ROUTINE };

#define PROTO_W 14 /* "netlink/route ", "unix/stream   " */

static const struct nw_sock_model *model(const struct nw_panel *p)
{
	return p->ctx->models ? nw_models_sock(p->ctx->models) : NULL;
}

static int cmp_sock(const void *a, const void *b)
{
	const struct nw_sock_rec *x = *(const struct nw_sock_rec *const *)a;
	const struct nw_sock_rec *y = *(const struct nw_sock_rec *const *)b;

	if (x->key.pid != y->key.pid)
		return x->key.pid < y->key.pid ? -1 : 1;
	if (x->key.fd != y->key.fd)
		return x->key.fd < y->key.fd ? -1 : 1;
	return x->key.cookie < y->key.cookie ? -1 : x->key.cookie > y->key.cookie;
}

static int cmp_info(const void *a, const void *b)
{
	const struct nw_sockinfo_rec *x = *(const struct nw_sockinfo_rec *const *)a;
	const struct nw_sockinfo_rec *y = *(const struct nw_sockinfo_rec *const *)b;

	if (x->last.drops != y->last.drops)
		return x->last.drops > y->last.drops ? -1 : 1;
	return x->key.inode < y->key.inode ? -1 : x->key.inode > y->key.inode;
}

static const char *type_name(uint8_t type)
{
	switch (type) {
	case SOCK_STREAM:
		return "stream";
	case SOCK_DGRAM:
		return "dgram";
	case SOCK_RAW:
		return "raw";
	case SOCK_SEQPACKET:
		return "seqpacket";
	default:
		return NULL;
	}
}

/* NETLINK_* of linux/netlink.h: stable numbers, named as ss(8) names them. */
static const char *netlink_name(uint16_t protocol)
{
	static const char *const names[] = {
		[0] = "route",	    [2] = "usersock",	   [4] = "sock_diag",  [5] = "nflog",
		[6] = "xfrm",	    [7] = "selinux",	   [8] = "iscsi",      [9] = "audit",
		[10] = "fib_lookup", [11] = "connector",   [12] = "netfilter", [13] = "ip6_fw",
		[14] = "dnrtmsg",   [15] = "uevent",	   [16] = "generic",   [18] = "scsitransport",
		[19] = "ecryptfs",  [20] = "rdma",	   [21] = "crypto",    [22] = "smc",
	};

	return protocol < NW_ARRAY_SIZE(names) ? names[protocol] : NULL;
}

static const char *ip_proto_name(uint16_t protocol)
{
	switch (protocol) {
	case IPPROTO_ICMP:
		return "ICMP";
	case IPPROTO_IGMP:
		return "IGMP";
	case IPPROTO_TCP:
		return "TCP";
	case IPPROTO_UDP:
		return "UDP";
	case IPPROTO_ICMPV6:
		return "ICMPv6";
	case IPPROTO_RAW:
		return "IP";
	default:
		return NULL;
	}
}

/* What a person calls the socket: tcp, udp6, raw/ICMP, unix/stream, netlink/route (numbers only when unknown). */
static const char *proto_text(uint16_t family, uint16_t protocol, uint8_t type, char *buf, size_t size)
{
	const char *t = type_name(type), *six = family == AF_INET6 ? "6" : "";

	if (family == AF_NETLINK && netlink_name(protocol))
		snprintf(buf, size, "netlink/%s", netlink_name(protocol));
	else if (family == AF_NETLINK)
		snprintf(buf, size, "netlink/%u", protocol);
	else if (family == AF_UNIX)
		snprintf(buf, size, "unix/%s", t ? t : "?");
	else if (family == AF_PACKET)
		snprintf(buf, size, "packet/%s", t ? t : "?");
	else if (family != AF_INET && family != AF_INET6)
		snprintf(buf, size, "af%u/%s", family, t ? t : "?");
	else if (type == SOCK_RAW && ip_proto_name(protocol))
		snprintf(buf, size, "raw%s/%s", six, ip_proto_name(protocol));
	else if (type == SOCK_RAW)
		snprintf(buf, size, "raw%s/%u", six, protocol);
	else if (protocol == IPPROTO_TCP || type == SOCK_STREAM)
		snprintf(buf, size, "tcp%s", six);
	else if (protocol == IPPROTO_UDP || type == SOCK_DGRAM)
		snprintf(buf, size, "udp%s", six);
	else
		snprintf(buf, size, "ip%s/%u", six, protocol);
	return buf;
}

/* "192.0.2.1:80", "[2001:db8::1]:80"; port 0 is "-" (not bound yet: a connect that failed); "*" with no address. */
static const char *endpoint(const struct nw_addr *a, uint16_t port, char *buf, size_t size)
{
	char ab[NW_ADDR_STRLEN], pb[8];

	snprintf(pb, sizeof(pb), "%u", port);
	if (!a->family)
		snprintf(buf, size, "*");
	else if (a->family == AF_INET6)
		snprintf(buf, size, "[%s]:%s", nw_addr_fmt(a, ab, sizeof(ab)), port ? pb : "-");
	else
		snprintf(buf, size, "%s:%s", nw_addr_fmt(a, ab, sizeof(ab)), port ? pb : "-");
	return buf;
}

/* The socket's local port as sock_diag saw it (same namespace and cookie), 0 when not seen. */
static uint16_t diag_lport(const struct nw_sock_model *m, const struct nw_sock_rec *s)
{
	if (!s->key.cookie)
		return 0;
	for (size_t i = 0; i < nw_sock_model_info_capacity(m); i++) {
		const struct nw_sockinfo_rec *r = nw_sock_model_info_slot(m, i);

		if (r && r->key.netns_ino == s->key.netns_ino && r->last.cookie == s->key.cookie)
			return r->last.lport;
	}
	return 0;
}

static uint64_t sock_key(const struct nw_sock_rec *s)
{
	return nw_row_key(0, ROW_SOCK, &s->key, sizeof(s->key));
}

static void sock_row(struct nw_panel *p, struct nw_rows *rows, const struct nw_sock_rec *s)
{
	uint64_t key = sock_key(s);
	struct nw_row *r = nw_rows_push(rows, key);
	char a[80], b[80], pr[32], en[32], sc[32];

	r->expandable = true;
	r->expanded = nw_panel_is_expanded(p, key);
	r->link.valid = true;
	r->link.netns_ino = s->key.netns_ino;
	r->link.ip = s->raddr;
	r->link.ip2 = s->laddr;
	nw_row_add(r, NW_ROLE_DEFAULT, "  ");
	nw_row_glyph(r, p->ctx->ascii, r->expanded ? NW_GLYPH_EXPANDED : NW_GLYPH_COLLAPSED, NW_ROLE_MUTED);
	if (s->key.fd >= 0)
		nw_row_add(r, NW_ROLE_DEFAULT, " fd %-3d ", s->key.fd);
	else
		nw_row_add(r, NW_ROLE_MUTED, " async  ");
	nw_row_col(r, PROTO_W, NW_ROLE_DEFAULT, "%s", proto_text(s->family, s->protocol, s->type, pr, sizeof(pr)));
	if (s->family == AF_NETLINK)
		nw_row_add(r, NW_ROLE_DEFAULT, "port %u groups 0x%x", s->nl_portid, s->nl_groups);
	else if (s->type == SOCK_RAW) /* no ports: a raw socket's "port" is its protocol */
		nw_row_add(r, NW_ROLE_DEFAULT, "%s > %s", nw_fmt_addr(&s->laddr, a, sizeof(a)),
			   nw_fmt_addr(&s->raddr, b, sizeof(b)));
	else
		nw_row_add(r, NW_ROLE_DEFAULT, "%s > %s",
			   endpoint(&s->laddr, s->lport ? s->lport : diag_lport(model(p), s), a, sizeof(a)),
			   endpoint(&s->raddr, s->rport, b, sizeof(b)));
	for (int i = 0; i < NW_SOCK_ERRNOS; i++) {
		const struct nw_sock_errno_count *e = &s->errnos[i];

		if (!e->count)
			continue;
		nw_row_add(r, NW_ROLE_DEFAULT, "  ");
		nw_row_add(r, NW_ROLE_ERRNO, "%s", nw_errno_name(e->err, en, sizeof(en)));
		nw_row_add(r, NW_ROLE_DEFAULT, " x%" PRIu64, e->count);
		if (e->syscall >= 0)
			nw_row_add(r, NW_ROLE_MUTED, " (%s)",
				   nw_names_get(nw_names_table(NW_NAMES_SYSCALL), e->syscall, sc, sizeof(sc)));
	}
	if (s->errnos_other)
		nw_row_add(r, NW_ROLE_ERRNO, "  other x%" PRIu64, s->errnos_other);
	if (!r->expanded)
		return;
	/* The last errors, newest first. */
	for (uint64_t k = 0; k < s->last_total && k < NW_SOCK_LAST; k++) {
		const struct nw_sock_err_rec *e = &s->last[(s->last_total - 1 - k) % NW_SOCK_LAST];
		char d[32];

		r = nw_rows_push(rows, nw_row_key(key, ROW_ERR, &e->id, sizeof(e->id)));
		r->indent = 1;
		nw_row_add(r, NW_ROLE_MUTED, "      %s ago ",
			   p->ctx->now >= e->ts ? nw_fmt_dur(p->ctx->now - e->ts, d, sizeof(d)) : "-");
		nw_row_add(r, NW_ROLE_DEFAULT, "%s ",
			   e->syscall >= 0 ? nw_names_get(nw_names_table(NW_NAMES_SYSCALL), e->syscall, sc, sizeof(sc))
					   : "async");
		nw_row_add(r, NW_ROLE_ERRNO, "%s", nw_errno_name(e->err, en, sizeof(en)));
		if (e->raddr.family)
			nw_row_add(r, NW_ROLE_DEFAULT, " peer %s", endpoint(&e->raddr, e->rport, a, sizeof(a)));
		nw_row_add(r, NW_ROLE_MUTED, " event #%" PRIu64, e->id);
	}
}

static bool info_interesting(const struct nw_sockinfo_rec *i)
{
	const struct nw_sockinfo_ev *s = &i->last;

	return s->drops || i->drops_delta || (s->rcvbuf && (uint64_t)s->rmem * 2 >= s->rcvbuf);
}

static uint64_t info_key(const struct nw_sockinfo_rec *i)
{
	return nw_row_key(0, ROW_INFO, &i->key, sizeof(i->key));
}

/* A process's row: its namespace and pid. */
static uint64_t process_key(const struct nw_sock_rec *s)
{
	const struct {
		uint64_t netns_ino;
		uint32_t pid, pad;
	} who = { s->key.netns_ino, s->key.pid, 0 };

	return nw_row_key(0, ROW_PROCESS, &who, sizeof(who));
}

static void info_row(struct nw_panel *p, struct nw_rows *rows, const struct nw_sockinfo_rec *i)
{
	const struct nw_sockinfo_ev *s = &i->last;
	struct nw_row *r = nw_rows_push(rows, info_key(i));
	char pr[32], c[32];

	r->link.valid = true;
	r->link.netns_ino = i->key.netns_ino;
	r->link.ip = s->raddr;
	r->link.ip2 = s->laddr;
	nw_row_add(r, NW_ROLE_DEFAULT, "  ");
	nw_row_col(r, PROTO_W, NW_ROLE_DEFAULT, "%s",
		   proto_text(s->sk_family, s->sk_protocol, s->sk_type, pr, sizeof(pr)));
	if (s->pid)
		nw_row_add(r, NW_ROLE_DEFAULT, "pid %u %s ", s->pid, s->comm);
	if (s->sk_family == AF_NETLINK)
		nw_row_add(r, NW_ROLE_DEFAULT, "port %u groups 0x%x ", s->nl_portid, s->nl_groups);
	nw_row_add(r, NW_ROLE_DEFAULT, "rcvbuf %s ", nw_fmt_count(s->rcvbuf, c, sizeof(c)));
	nw_row_gauge(r, p->ctx->ascii, 8, s->rmem, 0, s->rcvbuf / 2, s->rcvbuf);
	nw_row_add(r, NW_ROLE_DEFAULT, " used %s", nw_fmt_count(s->rmem, c, sizeof(c)));
	nw_row_add(r, s->drops ? NW_ROLE_DROP : NW_ROLE_DEFAULT, " drops %s", nw_fmt_count(s->drops, c, sizeof(c)));
	if (i->drops_delta)
		nw_row_add(r, NW_ROLE_DROP, " (+%" PRIu64 ")", i->drops_delta);
	if (i->gone)
		nw_row_add(r, NW_ROLE_MUTED, " (closed)");
}

/* A socket, its newest error and its process's newest, for the panel's order. */
struct sock_item {
	const struct nw_sock_rec *s;
	uint64_t ts, proc_ts;
};

static uint64_t sock_newest(const struct nw_sock_rec *s)
{
	uint64_t ts = 0;

	for (int i = 0; i < NW_SOCK_ERRNOS; i++)
		if (s->errnos[i].count && s->errnos[i].last_ts > ts)
			ts = s->errnos[i].last_ts;
	return ts;
}

static int cmp_item_owner(const void *a, const void *b)
{
	const struct sock_item *x = a, *y = b;

	return cmp_sock(&x->s, &y->s);
}

/* Oldest first, so the newest errors are the last rows: the panel follows them as Packets does. */
static int cmp_item_time(const void *a, const void *b)
{
	const struct sock_item *x = a, *y = b;

	if (x->proc_ts != y->proc_ts)
		return x->proc_ts < y->proc_ts ? -1 : 1;
	if (x->s->key.netns_ino != y->s->key.netns_ino || x->s->key.pid != y->s->key.pid)
		return cmp_sock(&x->s, &y->s);
	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return cmp_sock(&x->s, &y->s);
}

/*
 * A unix socket whose only error is connect's ENOENT: glibc asking for nscd
 * (NSS) or another optional service whose socket file does not exist.  Every
 * getpwnam() on a host without nscd does it; it is routine, not an error.
 */
static bool routine(const struct nw_sock_rec *s)
{
	bool any = false;

	if (s->family != AF_UNIX || s->errnos_other)
		return false;
	for (int i = 0; i < NW_SOCK_ERRNOS; i++) {
		const struct nw_sock_errno_count *e = &s->errnos[i];

		if (!e->count)
			continue;
		if (e->err != ENOENT || e->syscall != SYS_connect)
			return false;
		any = true;
	}
	return any;
}

struct quiet_socks {
	size_t own, routine;
	uint64_t routine_errors;
	char comms[64]; /* of the routine ones, the first few */
};

/* netwhy's own sockets (its NSS lookups, sock_diag) and routine probes are counted, not listed. */
static bool quiet_sock(const struct nw_panel *p, const struct nw_sock_rec *s, struct quiet_socks *q)
{
	if (p->ctx->self_pid && s->key.pid == p->ctx->self_pid) {
		q->own++;
		return true;
	}
	if (!routine(s))
		return false;
	q->routine++;
	q->routine_errors += s->errors;
	if (!strstr(q->comms, s->comm) && strlen(q->comms) + strlen(s->comm) + 2 < sizeof(q->comms)) {
		if (q->comms[0])
			strcat(q->comms, ", ");
		strcat(q->comms, s->comm);
	}
	return true;
}

static void quiet_rows(struct nw_rows *rows, const struct quiet_socks *q)
{
	struct nw_row *r;

	if (q->routine) {
		r = nw_rows_push(rows, nw_row_key(0, ROW_ROUTINE, NULL, 0));
		nw_row_add(r, NW_ROLE_MUTED,
			   "routine, not listed: %" PRIu64 " unix connect%s found no socket file (ENOENT: glibc's "
			   "nscd probe) in %s",
			   q->routine_errors, q->routine_errors == 1 ? "" : "s", q->comms);
	}
	if (q->own) {
		r = nw_rows_push(rows, nw_row_key(0, ROW_ROUTINE, "own", 3));
		nw_row_add(r, NW_ROLE_MUTED, "netwhy's own sockets not listed (%zu)", q->own);
	}
}

static void process_row(struct nw_rows *rows, const struct nw_sock_rec *s)
{
	struct nw_row *r = nw_rows_push(rows, process_key(s));
	char ns[64];

	r->link.valid = true;
	r->link.netns_ino = s->key.netns_ino;
	if (s->key.pid)
		nw_row_add(r, NW_ROLE_PANEL_TITLE, "pid %u %s", s->key.pid, s->comm);
	else
		nw_row_add(r, NW_ROLE_PANEL_TITLE, "no process (asynchronous reports)");
	nw_row_add(r, NW_ROLE_MUTED, " netns %s", nw_fmt_ns(s->key.netns_ino, ns, sizeof(ns)));
}

/* The sockets with errors, grouped by process, oldest first; returns how many. */
static size_t error_rows(struct nw_panel *p, const struct nw_sock_model *m, struct nw_rows *rows,
			 struct quiet_socks *q)
{
	struct sock_item *v = nw_xcalloc(nw_sock_model_capacity(m) + 1, sizeof(*v));
	size_t n = 0;

	for (size_t i = 0; i < nw_sock_model_capacity(m); i++) {
		const struct nw_sock_rec *s = nw_sock_model_slot(m, i);

		if (s && !quiet_sock(p, s, q))
			v[n++] = (struct sock_item){ s, sock_newest(s), 0 };
	}
	/* Each process's newest error orders the processes. */
	qsort(v, n, sizeof(*v), cmp_item_owner);
	for (size_t i = 0, g = 0; i <= n; i++) {
		if (i < n && v[i].s->key.pid == v[g].s->key.pid && v[i].s->key.netns_ino == v[g].s->key.netns_ino)
			continue;
		uint64_t newest = 0;

		for (size_t k = g; k < i; k++)
			newest = v[k].ts > newest ? v[k].ts : newest;
		for (size_t k = g; k < i; k++)
			v[k].proc_ts = newest;
		g = i;
	}
	qsort(v, n, sizeof(*v), cmp_item_time);
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || v[i].s->key.pid != v[i - 1].s->key.pid ||
		    v[i].s->key.netns_ino != v[i - 1].s->key.netns_ino)
			process_row(rows, v[i].s);
		sock_row(p, rows, v[i].s);
	}
	free(v);
	return n;
}

/* Receive buffers filling or dropping (sock_diag), fullest first; returns how many. */
static size_t buffer_rows(struct nw_panel *p, const struct nw_sock_model *m, struct nw_rows *rows)
{
	const struct nw_sockinfo_rec **iv = nw_xcalloc(nw_sock_model_info_capacity(m) + 1, sizeof(*iv));
	size_t ni = 0, quiet = 0;
	struct nw_row *r;

	for (size_t i = 0; i < nw_sock_model_info_capacity(m); i++) {
		const struct nw_sockinfo_rec *s = nw_sock_model_info_slot(m, i);

		if (s && info_interesting(s))
			iv[ni++] = s;
		else if (s)
			quiet++;
	}
	qsort(iv, ni, sizeof(*iv), cmp_info);
	if (ni || quiet) {
		r = nw_rows_push(rows, nw_row_key(0, ROW_BUFFERS, NULL, 0));
		nw_row_add(r, NW_ROLE_PANEL_TITLE, "receive buffers");
		nw_row_add(r, NW_ROLE_MUTED, " (full or dropping; %zu others fine)", quiet);
	}
	for (size_t i = 0; i < ni; i++)
		info_row(p, rows, iv[i]);
	free(iv);
	return ni;
}

/*
 * Top down: what is not listed (evicted, routine, netwhy's own), the
 * receive buffers, then the sockets with errors, newest last: the panel is
 * a log (ops->tail), so the newest errors stay in view.
 */
static void sockets_collect(struct nw_panel *p, struct nw_rows *rows, struct nw_row *heading)
{
	const struct nw_sock_model *m = model(p);
	struct quiet_socks q = { 0 };
	struct nw_rows errs = { 0 };
	size_t n, ni;
	struct nw_row *r;

	heading->len = heading->cells = 0;
	nw_row_add(heading, NW_ROLE_COLUMN, "process / socket, errors by errno (syscall), buffers and drops");
	if (!m) {
		r = nw_rows_push(rows, nw_row_key(0, ROW_NO_MODEL, NULL, 0));
		nw_row_add(r, NW_ROLE_SOURCE_OFF, "no socket model connected: this build does not feed the panel");
		return;
	}
	if (nw_sock_model_evicted(m)) {
		r = nw_rows_push(rows, nw_row_key(0, ROW_EVICTED, NULL, 0));
		nw_row_add(r, NW_ROLE_STATUS_WARN, "%" PRIu64 " older sockets evicted (store full)",
			   nw_sock_model_evicted(m));
	}
	/* The error rows are built first: they count what is not listed, which goes above them. */
	n = error_rows(p, m, &errs, &q);
	quiet_rows(rows, &q);
	ni = buffer_rows(p, m, rows);
	for (size_t i = 0; i < errs.n; i++)
		*nw_rows_push(rows, errs.v[i].key) = errs.v[i];
	nw_rows_free(&errs);
	if (!n && !ni) {
		r = nw_rows_push(rows, nw_row_key(0, ROW_EMPTY, NULL, 0));
		nw_row_add(r, NW_ROLE_MUTED, "no socket errors seen yet");
	}
}

static unsigned sockets_key(struct nw_panel *p, enum nw_action act)
{
	const struct nw_row *r = nw_panel_selected(p);

	if (!r || !r->expandable)
		return NW_REDRAW_UNHANDLED;
	if (act == NW_ACT_ENTER || ((act == NW_ACT_LEFT || act == NW_ACT_BACK) && r->expanded)) {
		nw_panel_toggle_expanded(p, r->key);
		p->follow = false; /* stay on the socket opened, not on its last error row */
		return NW_REDRAW_PANEL;
	}
	return NW_REDRAW_UNHANDLED;
}

static uint64_t sockets_row_for_event(struct nw_panel *p, const struct nw_event *ev)
{
	const struct nw_sock_model *m = model(p);

	if (!m)
		return 0;
	if (ev->type == NW_EV_SOCK_ERR) {
		const struct nw_sock_ev *s = &ev->u.sock;
		const struct nw_sock_rec *r =
			nw_sock_model_find(m, ev->netns_ino, s->fd < 0 ? 0 : s->pid, s->fd, s->sk_cookie);

		return r ? sock_key(r) : 0;
	}
	if (ev->type == NW_EV_SOCK_INFO) {
		uint64_t ino = ev->u.sockinfo.inode ? ev->u.sockinfo.inode : ev->u.sockinfo.cookie;

		for (size_t i = 0; i < nw_sock_model_info_capacity(m); i++) {
			const struct nw_sockinfo_rec *r = nw_sock_model_info_slot(m, i);

			if (r && r->key.netns_ino == ev->netns_ino && r->key.inode == ino)
				return info_key(r);
		}
	}
	return 0;
}

const struct nw_panel_ops nw_panel_sockets_ops = {
	.name = "Sockets",
	.hotkey = '4',
	.help = "Errors that sockets got, per process and socket: each errno with its count and the system "
		"call that returned it (EHOSTUNREACH from connect when a neighbour went FAILED; ENOBUFS from "
		"sendto when the neighbour table is full or, on recv, when a netlink listener overran), and the "
		"peer; the newest last, kept in view.  Enter lists the socket's last errors.  netwhy's own "
		"sockets and glibc's nscd probes (a unix connect getting ENOENT) are counted at the top, not "
		"listed.  Above the errors: receive buffers that are filling or dropping (rcvbuf against what "
		"is queued, the drop counter): a netlink listener with a tiny SO_RCVBUF shows up here.",
	.events = NW_EVMASK(NW_EV_SOCK_ERR) | NW_EVMASK(NW_EV_SOCK_INFO),
	.layers = NW_CLMASK(NW_CL_SOCKET) | NW_CLMASK(NW_CL_NETLINK),
	.tail = true,
	.collect = sockets_collect,
	.draw = nw_panel_draw_list,
	.on_key = sockets_key,
	.row_for_event = sockets_row_for_event,
};
