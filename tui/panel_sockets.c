/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Sockets: per process and socket, the errors its system calls got (count
 * per errno with the syscall), the last errors with their peer (Enter), and
 * the receive buffers that overflowed (sock_diag: rcvbuf against use, drop
 * counter), netlink listeners included.  Reads core/diag/sock_model.h.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include "core/diag/correlate.h"
#include "core/diag/explain.h"
#include "core/diag/sock_model.h"
#include "core/names.h"
#include "core/util.h"
#include "tui/panel.h"

/* Kinds of rows, for their keys (nw_row_key). */
enum { ROW_PROCESS = 1, ROW_SOCK, ROW_ERR, ROW_BUFFERS, ROW_INFO, ROW_NO_MODEL, ROW_EMPTY, ROW_EVICTED };

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

static const char *proto_text(uint16_t family, uint16_t protocol, uint8_t type, char *buf, size_t size)
{
	if (family == AF_NETLINK)
		snprintf(buf, size, "netlink/%u", protocol);
	else if (protocol == IPPROTO_TCP || (type == SOCK_STREAM && family != AF_UNIX))
		snprintf(buf, size, "%s", family == AF_INET6 ? "tcp6" : "tcp");
	else if (protocol == IPPROTO_UDP || type == SOCK_DGRAM)
		snprintf(buf, size, "%s", family == AF_INET6 ? "udp6" : "udp");
	else if (type == SOCK_RAW)
		snprintf(buf, size, "raw/%u", protocol);
	else
		snprintf(buf, size, "af%u/%u", family, protocol);
	return buf;
}

static const char *endpoint(const struct nw_addr *a, uint16_t port, char *buf, size_t size)
{
	char ab[NW_ADDR_STRLEN];

	if (!a->family)
		snprintf(buf, size, "*");
	else if (a->family == AF_INET6)
		snprintf(buf, size, "[%s]:%u", nw_addr_fmt(a, ab, sizeof(ab)), port);
	else
		snprintf(buf, size, "%s:%u", nw_addr_fmt(a, ab, sizeof(ab)), port);
	return buf;
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
	nw_row_col(r, 10, NW_ROLE_DEFAULT, "%s", proto_text(s->family, s->protocol, s->type, pr, sizeof(pr)));
	if (s->family == AF_NETLINK)
		nw_row_add(r, NW_ROLE_DEFAULT, "port %u groups 0x%x", s->nl_portid, s->nl_groups);
	else if (s->type == SOCK_RAW) /* no ports: a raw socket's "port" is its protocol */
		nw_row_add(r, NW_ROLE_DEFAULT, "%s > %s", nw_fmt_addr(&s->laddr, a, sizeof(a)),
			   nw_fmt_addr(&s->raddr, b, sizeof(b)));
	else
		nw_row_add(r, NW_ROLE_DEFAULT, "%s > %s", endpoint(&s->laddr, s->lport, a, sizeof(a)),
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
	nw_row_col(r, 10, NW_ROLE_DEFAULT, "%s",
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

static void sockets_collect(struct nw_panel *p, struct nw_rows *rows, struct nw_row *heading)
{
	const struct nw_sock_model *m = model(p);
	const struct nw_sock_rec **v;
	const struct nw_sockinfo_rec **iv;
	size_t n = 0, ni = 0, quiet = 0;
	struct nw_row *r;

	heading->len = heading->cells = 0;
	nw_row_add(heading, NW_ROLE_COLUMN, "process / socket, errors by errno (syscall), buffers and drops");
	if (!m) {
		r = nw_rows_push(rows, nw_row_key(0, ROW_NO_MODEL, NULL, 0));
		nw_row_add(r, NW_ROLE_SOURCE_OFF, "no socket model connected: this build does not feed the panel");
		return;
	}
	v = nw_xcalloc(nw_sock_model_capacity(m) + 1, sizeof(*v));
	for (size_t i = 0; i < nw_sock_model_capacity(m); i++) {
		const struct nw_sock_rec *s = nw_sock_model_slot(m, i);

		if (s)
			v[n++] = s;
	}
	qsort(v, n, sizeof(*v), cmp_sock);
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || v[i]->key.pid != v[i - 1]->key.pid || v[i]->key.netns_ino != v[i - 1]->key.netns_ino) {
			char ns[64];

			r = nw_rows_push(rows, process_key(v[i]));
			r->link.valid = true;
			r->link.netns_ino = v[i]->key.netns_ino;
			if (v[i]->key.pid)
				nw_row_add(r, NW_ROLE_PANEL_TITLE, "pid %u %s", v[i]->key.pid, v[i]->comm);
			else
				nw_row_add(r, NW_ROLE_PANEL_TITLE, "no process (asynchronous reports)");
			nw_row_add(r, NW_ROLE_MUTED, " netns %s", nw_fmt_ns(v[i]->key.netns_ino, ns, sizeof(ns)));
		}
		sock_row(p, rows, v[i]);
	}
	free(v);

	iv = nw_xcalloc(nw_sock_model_info_capacity(m) + 1, sizeof(*iv));
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
	if (!n && !ni) {
		r = nw_rows_push(rows, nw_row_key(0, ROW_EMPTY, NULL, 0));
		nw_row_add(r, NW_ROLE_MUTED, "no socket errors seen yet");
	}
	if (nw_sock_model_evicted(m)) {
		r = nw_rows_push(rows, nw_row_key(0, ROW_EVICTED, NULL, 0));
		nw_row_add(r, NW_ROLE_STATUS_WARN, "%" PRIu64 " older sockets evicted (store full)",
			   nw_sock_model_evicted(m));
	}
}

static unsigned sockets_key(struct nw_panel *p, enum nw_action act)
{
	const struct nw_row *r = nw_panel_selected(p);

	if (!r || !r->expandable)
		return NW_REDRAW_UNHANDLED;
	if (act == NW_ACT_ENTER || ((act == NW_ACT_LEFT || act == NW_ACT_BACK) && r->expanded)) {
		nw_panel_toggle_expanded(p, r->key);
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
		"peer.  Enter lists the socket's last errors.  Below: receive buffers that are filling or "
		"dropping (rcvbuf against what is queued, the drop counter): a netlink listener with a tiny "
		"SO_RCVBUF shows up here.",
	.events = NW_EVMASK(NW_EV_SOCK_ERR) | NW_EVMASK(NW_EV_SOCK_INFO),
	.layers = NW_CLMASK(NW_CL_SOCKET) | NW_CLMASK(NW_CL_NETLINK),
	.collect = sockets_collect,
	.draw = nw_panel_draw_list,
	.on_key = sockets_key,
	.row_for_event = sockets_row_for_event,
};
