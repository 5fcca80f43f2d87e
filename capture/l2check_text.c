/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The sentences for l2check verdicts: packet comments in pcapng and the packet panel.
 *
 * Every flagged frame gets one, at capture rate, so the text is put together
 * from pieces (core/util.h's MAC, address and number writers) rather than
 * by printf, with the same text.
 */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "capture/l2check.h"
#include "capture/textbuf.h"
#include "core/util.h"

/* Appends n bytes the way nw_tbuf_printf() would: cut to the room left, always terminated. */
static void tb_putn(struct nw_tbuf *t, const char *s, size_t n)
{
	if (t->len < t->size) {
		size_t room = t->size - t->len - 1;
		size_t k = n < room ? n : room;

		memcpy(t->buf + t->len, s, k);
		t->buf[t->len + k] = '\0';
	}
	t->len += n;
}

static void tb_puts(struct nw_tbuf *t, const char *s)
{
	tb_putn(t, s, strlen(s));
}

static void tb_mac(struct nw_tbuf *t, const struct nw_mac *m)
{
	char b[NW_MAC_STRLEN];

	tb_putn(t, b, nw_put_mac(b, m));
}

static void tb_addr(struct nw_tbuf *t, const struct nw_addr *a)
{
	char b[NW_ADDR_STRLEN];

	tb_putn(t, b, nw_put_addr(b, a));
}

static void tb_u32(struct nw_tbuf *t, uint32_t v)
{
	char b[NW_U64_STRLEN];

	tb_putn(t, b, nw_put_u64(b, v));
}

/*
 * Nanoseconds as seconds with one decimal, as "%.1f" of ns / 1e9 writes
 * them.  Below 1e15 ns the double is within 1e-9 s of the exact value,
 * closer than any non-tie is to a rounding boundary, so rounding the exact
 * value to the nearest tenth gives printf's digits.  Exact ties (odd
 * multiples of 50 ms) depend on the double's rounding and printf's
 * round-half-even: printf does those, and the very large values.
 */
static void tb_secs(struct nw_tbuf *t, uint64_t ns)
{
	char b[NW_U64_STRLEN + 2];
	uint64_t tenths;
	size_t n;
	int k;

	if (ns >= 1000000000000000ull || ns % 100000000 == 50000000) {
		k = snprintf(b, sizeof(b), "%.1f", (double)ns / 1e9);
		if (k > 0)
			tb_putn(t, b, (size_t)k);
		return;
	}
	tenths = (ns + 50000000) / 100000000;
	n = nw_put_u64(b, tenths / 10);
	b[n++] = '.';
	b[n++] = (char)('0' + tenths % 10);
	tb_putn(t, b, n);
}

/* Starts a new clause: "; " between clauses. */
static void tb_clause(struct nw_tbuf *t)
{
	if (t->len)
		tb_puts(t, "; ");
}

static void tb_ifn(struct nw_tbuf *t, const struct nw_l2_verdict *v)
{
	tb_puts(t, v->ifname[0] ? v->ifname : "the interface");
}

static void dst_mismatch(struct nw_tbuf *t, const struct nw_l2_verdict *v)
{
	if (!v->dst_mac.len) {
		tb_puts(t, "the kernel marked this frame OTHERHOST on ");
		tb_ifn(t, v);
		tb_puts(t, ": its destination MAC is not the interface's");
		if (v->if_mac.len) {
			tb_puts(t, " ");
			tb_mac(t, &v->if_mac);
		}
		tb_puts(t, ", so IP drops it");
		return;
	}
	tb_puts(t, "destination ");
	tb_mac(t, &v->dst_mac);
	tb_puts(t, " is not ");
	tb_ifn(t, v);
	tb_puts(t, "'s ");
	tb_mac(t, &v->if_mac);
	tb_puts(t, ": dropped by the kernel as OTHERHOST");
	if (v->flags & NW_L2_DST_WAS_OURS) {
		tb_puts(t, " (");
		tb_ifn(t, v);
		tb_puts(t, " had ");
		tb_mac(t, &v->prev_mac);
		tb_puts(t, " before)");
	}
}

size_t nw_l2check_annotate(const struct nw_l2_verdict *v, char *buf, size_t size)
{
	struct nw_tbuf t;

	nw_tbuf_init(&t, buf, size);
	if (v->flags & NW_L2_DST_MISMATCH)
		dst_mismatch(&t, v);
	if (v->flags & NW_L2_ANNOUNCE_MISSING) {
		tb_clause(&t);
		tb_ifn(&t, v);
		tb_puts(&t, v->change_was_mac ? " changed its MAC " : " changed its address ");
		tb_secs(&t, v->change_ns);
		tb_puts(&t, " s ago and sent no gratuitous ARP or unsolicited NA since");
	}
	if (v->flags & NW_L2_NEIGH_CONFLICT) {
		tb_clause(&t);
		tb_addr(&t, &v->sender_ip);
		tb_puts(&t, " claims ");
		tb_mac(&t, &v->sender_mac);
		tb_puts(&t, " but the neighbour table of ");
		tb_ifn(&t, v);
		tb_puts(&t, " holds ");
		tb_mac(&t, &v->neigh_mac);
	}
	if (v->flags & NW_L2_SENDER_FLAP) {
		tb_clause(&t);
		tb_addr(&t, &v->sender_ip);
		tb_puts(&t, " moved from ");
		tb_mac(&t, &v->old_sender_mac);
		tb_puts(&t, " to ");
		tb_mac(&t, &v->sender_mac);
		tb_puts(&t, " (");
		tb_u32(&t, v->flaps);
		tb_puts(&t, v->flaps == 1 ? " change seen)" : " changes seen)");
	}
	if (v->flags & NW_L2_GRATUITOUS) {
		tb_clause(&t);
		tb_puts(&t, v->sender_ip.family == AF_INET6 ? "unsolicited neighbour advertisement: " :
							     "gratuitous ARP: ");
		tb_addr(&t, &v->sender_ip);
		tb_puts(&t, " is-at ");
		tb_mac(&t, &v->sender_mac);
	}
	if (v->flags & NW_L2_REQ_UNANSWERED) {
		tb_clause(&t);
		tb_puts(&t, "request ");
		tb_u32(&t, v->unanswered);
		tb_puts(&t, " for ");
		tb_addr(&t, &v->target_ip);
		tb_puts(&t, " without a reply for ");
		tb_secs(&t, v->unanswered_ns);
		tb_puts(&t, " s");
	}
	return t.len;
}
