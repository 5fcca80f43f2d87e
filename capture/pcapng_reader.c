/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pcapng reader (pcapng_reader.h); block layouts from draft-ietf-opsawg-pcapng. */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/cursor.h"
#include "capture/pcapng.h"
#include "capture/pcapng_reader.h"
#include "core/names.h"

#define MAX_IFS 4096 /* interfaces per section; more is taken as damage */

struct rd {
	FILE *f;
	uint64_t off;            /* of the block being read */
	bool be, in_section;
	struct nw_pcapng_if *ifs;
	size_t nifs, capifs;
	uint8_t *buf;
	size_t bufcap;
	struct nw_pcapng_read_stats *st;
	const struct nw_pcapng_cbs *cbs;
	char comment[1024];
	uint32_t next_l2_flags; /* an NWL2 block: the next packet's, until it comes */
	bool have_next_l2;
	char *err;
	size_t errlen;
};

static int rd_fail(struct rd *r, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int rd_fail(struct rd *r, int rc, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(r->err, r->errlen, "block at offset %" PRIu64 ": ", r->off);
	if (n < 0 || (size_t)n >= r->errlen)
		return rc;
	va_start(ap, fmt);
	vsnprintf(r->err + n, r->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return rc;
}

static uint16_t g16(struct rd *r, struct nw_cursor *c)
{
	return r->be ? nw_cur_be16(c) : nw_cur_le16(c);
}

static uint32_t g32(struct rd *r, struct nw_cursor *c)
{
	return r->be ? nw_cur_be32(c) : nw_cur_le32(c);
}

static uint32_t raw32(const struct rd *r, const uint8_t *p)
{
	return r->be ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3] :
		       (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* Next option: false at opt_endofopt, at the end, or when the option does not fit. */
static bool next_opt(struct rd *r, struct nw_cursor *c, uint16_t *code, struct nw_cursor *val)
{
	uint16_t len;

	if (nw_cur_remaining(c) < 4)
		return false;
	*code = g16(r, c);
	len = g16(r, c);
	if (*code == NW_PCAPNG_OPT_END)
		return false;
	*val = nw_cur_sub(c, len);
	if (val->short_by)
		return false;
	nw_cur_skip(c, (4 - len % 4) % 4);
	return true;
}

static void opt_string(const struct nw_cursor *val, char *out, size_t size)
{
	size_t n = nw_cur_remaining(val);

	if (n >= size)
		n = size - 1;
	memcpy(out, val->base + val->off, n);
	out[n] = '\0';
}

static int parse_shb(struct rd *r, struct nw_cursor *c)
{
	uint16_t major = g16(r, c);

	g16(r, c); /* minor */
	nw_cur_skip(c, 8); /* section length */
	if (c->truncated)
		return rd_fail(r, -EINVAL, "section header too short");
	if (major != 1)
		return rd_fail(r, -ENOTSUP, "pcapng major version %u (only 1 exists)", major);
	r->in_section = true;
	r->nifs = 0;
	r->st->sections++;
	return 0;
}

/* "IF in network namespace NAME (inode N, ifindex N)": netwhy's own description. */
static void parse_desc(struct nw_pcapng_if *ifc)
{
	const char *p = strstr(ifc->desc, " in network namespace ");
	const char *q;
	unsigned long long ino;
	unsigned idx;
	size_t n;

	if (!p)
		return;
	p += strlen(" in network namespace ");
	q = strstr(p, " (inode ");
	if (!q || sscanf(q, " (inode %llu, ifindex %u)", &ino, &idx) != 2)
		return;
	n = (size_t)(q - p) < sizeof(ifc->netns_name) ? (size_t)(q - p) : sizeof(ifc->netns_name) - 1;
	memcpy(ifc->netns_name, p, n);
	ifc->netns_name[n] = '\0';
	ifc->netns = ino;
	ifc->ifindex = idx;
}

static int parse_idb(struct rd *r, struct nw_cursor *c)
{
	struct nw_pcapng_if *ifc;
	struct nw_cursor v;
	uint16_t code;
	uint8_t res;

	if (r->nifs >= MAX_IFS)
		return rd_fail(r, -EINVAL, "more than %d interfaces in a section", MAX_IFS);
	if (r->nifs == r->capifs) {
		size_t cap = r->capifs ? r->capifs * 2 : 8;
		void *p = realloc(r->ifs, cap * sizeof(*r->ifs));

		if (!p)
			return rd_fail(r, -ENOMEM, "out of memory");
		r->ifs = p;
		r->capifs = cap;
	}
	ifc = &r->ifs[r->nifs];
	memset(ifc, 0, sizeof(*ifc));
	ifc->linktype = g16(r, c);
	g16(r, c);
	ifc->snaplen = g32(r, c);
	ifc->ts_units = 1000000;
	if (c->truncated)
		return rd_fail(r, -EINVAL, "interface description too short");
	while (next_opt(r, c, &code, &v)) {
		switch (code) {
		case NW_PCAPNG_IF_NAME:
			opt_string(&v, ifc->name, sizeof(ifc->name));
			break;
		case NW_PCAPNG_IF_DESCRIPTION:
			opt_string(&v, ifc->desc, sizeof(ifc->desc));
			break;
		case NW_PCAPNG_IF_MACADDR:
			if (nw_cur_bytes(&v, ifc->mac.bytes, 6))
				ifc->mac.len = 6;
			break;
		case NW_PCAPNG_IF_TSRESOL:
			res = nw_cur_u8(&v);
			if (res & 0x80) {
				if ((res & 0x7f) <= 63)
					ifc->ts_units = 1ull << (res & 0x7f);
			} else if (res <= 19) {
				ifc->ts_units = 1;
				for (unsigned i = 0; i < res; i++)
					ifc->ts_units *= 10;
			}
			break;
		default:
			break;
		}
	}
	parse_desc(ifc);
	r->nifs++;
	r->st->interfaces++;
	return 0;
}

static uint64_t to_ns(uint64_t ts, uint64_t units)
{
	if (!units)
		return 0;
	return (uint64_t)((unsigned __int128)ts * 1000000000u / units);
}

/* Options of a packet block: comment, direction, netwhy's L2 flags. */
static void packet_opts(struct rd *r, struct nw_cursor *c, struct nw_pcapng_pkt *p)
{
	struct nw_cursor v;
	uint16_t code;
	uint32_t flags;

	while (next_opt(r, c, &code, &v)) {
		if (code == NW_PCAPNG_OPT_COMMENT && !p->comment) {
			opt_string(&v, r->comment, sizeof(r->comment));
			p->comment = r->comment;
		} else if (code == NW_PCAPNG_EPB_FLAGS && nw_cur_remaining(&v) >= 4) {
			flags = g32(r, &v);
			p->dir = (flags & 3) == 1 ? NW_DIR_IN : (flags & 3) == 2 ? NW_DIR_OUT : NW_DIR_UNKNOWN;
		} else if (code == NW_PCAPNG_OPT_CUSTOM_BIN && nw_cur_remaining(&v) >= 12) {
			if (g32(r, &v) != NW_PCAPNG_PEN || g32(r, &v) != NW_PCAPNG_L2_MAGIC)
				continue;
			p->l2_flags = g32(r, &v);
			p->has_l2_flags = true;
		}
	}
}

static int deliver(struct rd *r, struct nw_pcapng_pkt *p)
{
	r->st->packets++;
	return r->cbs->packet ? r->cbs->packet(r->cbs->arg, p) : 0;
}

static int parse_epb(struct rd *r, struct nw_cursor *c, bool obsolete)
{
	struct nw_pcapng_pkt p;
	uint32_t hi, lo;

	memset(&p, 0, sizeof(p));
	if (r->have_next_l2) { /* the NWL2 block written just before this packet */
		p.l2_flags = r->next_l2_flags;
		p.has_l2_flags = true;
		r->have_next_l2 = false;
	}
	if (obsolete) {
		p.if_id = g16(r, c);
		g16(r, c); /* drops count */
	} else {
		p.if_id = g32(r, c);
	}
	hi = g32(r, c);
	lo = g32(r, c);
	p.caplen = g32(r, c);
	p.len = g32(r, c);
	if (c->truncated || p.if_id >= r->nifs || p.caplen > nw_cur_remaining(c)) {
		r->st->skipped++; /* a packet we cannot place or whose bytes are missing */
		return 0;
	}
	p.ifc = &r->ifs[p.if_id];
	p.wall_ns = to_ns((uint64_t)hi << 32 | lo, p.ifc->ts_units);
	p.data = nw_cur_ptr(c, p.caplen);
	nw_cur_skip(c, (4 - p.caplen % 4) % 4);
	if (p.len < p.caplen)
		p.len = p.caplen;
	packet_opts(r, c, &p);
	return deliver(r, &p);
}

static int parse_spb(struct rd *r, struct nw_cursor *c)
{
	struct nw_pcapng_pkt p;
	size_t n;

	memset(&p, 0, sizeof(p));
	p.len = g32(r, c);
	if (c->truncated || !r->nifs) {
		r->st->skipped++;
		return 0;
	}
	p.ifc = &r->ifs[0];
	n = nw_cur_remaining(c);
	if (p.len < n)
		n = p.len;
	if (p.ifc->snaplen && p.ifc->snaplen < n)
		n = p.ifc->snaplen;
	p.caplen = (uint32_t)n;
	p.data = nw_cur_ptr(c, n);
	return deliver(r, &p);
}

static uint64_t g64(struct rd *r, struct nw_cursor *c)
{
	uint64_t a = g32(r, c), b = g32(r, c);

	return r->be ? a << 32 | b : a | b << 32;
}

/* A namespace's name: NWNS, u16 version, u16 header length (16), u64 inode, name. */
static int parse_netns(struct rd *r, struct nw_cursor *c)
{
	uint16_t version = g16(r, c), hdrlen = g16(r, c);
	uint64_t inode = g64(r, c);
	char name[64];

	if (c->truncated || version != 1 || hdrlen != 16 || !inode) {
		r->st->skipped++;
		return 0;
	}
	opt_string(c, name, sizeof(name));
	name[strcspn(name, "\n")] = '\0';
	return r->cbs->netns && name[0] ? r->cbs->netns(r->cbs->arg, inode, name) : 0;
}

/* Kernel value names: NWNM, u16 version, u16 header length (16), u32 table, u32 count, entries. */
static int parse_names(struct rd *r, struct nw_cursor *c)
{
	uint16_t version = g16(r, c), hdrlen = g16(r, c);
	uint32_t table = g32(r, c), count = g32(r, c), i;
	struct nw_names *names;
	int rc = 0;

	if (c->truncated || version != 1 || hdrlen != 16 || table != NW_PCAPNG_NM_DROP_REASON) {
		r->st->skipped++;
		return 0;
	}
	names = nw_names_new("reason");
	for (i = 0; i < count; i++) {
		uint32_t value = g32(r, c);
		uint8_t len = 0;
		char name[256];

		if (!nw_cur_bytes(c, &len, 1) || !len || !nw_cur_bytes(c, name, len))
			break;
		name[len] = '\0';
		/* A name is an identifier; anything else is damage, not a name to print. */
		if (strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") != len)
			break;
		nw_names_set(names, value, name);
	}
	if (i < count || c->truncated)
		r->st->skipped++; /* damaged: the replay keeps this system's names */
	else if (r->cbs->names)
		rc = r->cbs->names(r->cbs->arg, table, names);
	nw_names_free(names);
	return rc;
}

/* netwhy's records (pcapng.h): events, namespace names, kernel value names, L2 flags. */
static int parse_nw(struct rd *r, struct nw_cursor *c)
{
	struct nw_event ev;
	uint32_t magic, evsize;
	uint16_t version, hdrlen;
	uint64_t wall;

	magic = g32(r, c);
	if (magic == NW_PCAPNG_L2_MAGIC) {
		r->next_l2_flags = g32(r, c);
		r->have_next_l2 = !c->truncated;
		return 0;
	}
	if (magic == NW_PCAPNG_NS_MAGIC)
		return parse_netns(r, c);
	if (magic == NW_PCAPNG_NM_MAGIC)
		return parse_names(r, c);
	version = g16(r, c);
	hdrlen = g16(r, c);
	evsize = g32(r, c);
	g32(r, c);
	wall = g64(r, c);
	/*
	 * Only events this build can lay over its own struct, in its own byte
	 * order: the layout versions it knows (pcapng.h), whose events are
	 * prefixes of its own, an older, smaller event reading with the fields
	 * appended since zero.
	 */
	memset(&ev, 0, sizeof(ev));
	if (c->truncated || magic != NW_PCAPNG_EV_MAGIC || version < NW_PCAPNG_EV_VERSION_MIN ||
	    version > NW_PCAPNG_EV_VERSION || hdrlen != NW_PCAPNG_EV_HDRLEN || evsize > sizeof(ev) ||
	    evsize < offsetof(struct nw_event, u) || r->be != (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__) ||
	    !nw_cur_bytes(c, &ev, evsize) || ev.type >= NW_EV_COUNT) {
		r->st->skipped++;
		if (magic != NW_PCAPNG_EV_MAGIC)
			return 0;
		r->st->events_skipped++;
		if (version > NW_PCAPNG_EV_VERSION && !c->truncated) {
			r->st->events_newer++;
			if (version > r->st->newest_version)
				r->st->newest_version = version;
		}
		return 0;
	}
	r->st->events++;
	return r->cbs->event ? r->cbs->event(r->cbs->arg, &ev, wall) : 0;
}

/* A Custom Block: netwhy's records of older recordings follow its PEN. */
static int parse_custom(struct rd *r, struct nw_cursor *c)
{
	if (g32(r, c) != NW_PCAPNG_PEN) {
		r->st->skipped++;
		return 0;
	}
	return parse_nw(r, c);
}

static int read_block(struct rd *r)
{
	uint8_t hdr[12];
	uint32_t type, len, tail;
	size_t body, start = 8;
	struct nw_cursor c;
	int rc;

	size_t got = fread(hdr, 1, 8, r->f);

	if (got == 0 && feof(r->f))
		return 1; /* the end, between blocks */
	if (got != 8)
		return rd_fail(r, ferror(r->f) ? -EIO : -EINVAL, "file ends inside a block header");
	if (!memcmp(hdr, "\x0a\x0d\x0d\x0a", 4)) {
		if (fread(hdr + 8, 1, 4, r->f) != 4)
			return rd_fail(r, -EINVAL, "file ends inside a section header");
		if (!memcmp(hdr + 8, "\x1a\x2b\x3c\x4d", 4))
			r->be = true;
		else if (!memcmp(hdr + 8, "\x4d\x3c\x2b\x1a", 4))
			r->be = false;
		else
			return rd_fail(r, -EINVAL, "bad byte-order magic: not a pcapng file");
		start = 12;
	} else if (!r->in_section) {
		return rd_fail(r, -EINVAL, "no section header: not a pcapng file");
	}
	type = raw32(r, hdr);
	len = raw32(r, hdr + 4);
	if (len < 12 || len % 4 || len > NW_PCAPNG_MAX_BLOCK || len < start + 4)
		return rd_fail(r, -EINVAL, "block length %u is impossible", len);
	body = len - start;
	if (body > r->bufcap) {
		void *p = realloc(r->buf, body);

		if (!p)
			return rd_fail(r, -ENOMEM, "out of memory for a %u-byte block", len);
		r->buf = p;
		r->bufcap = body;
	}
	if (fread(r->buf, 1, body, r->f) != body)
		return rd_fail(r, -EINVAL, "file ends inside a %u-byte block", len);
	tail = raw32(r, r->buf + body - 4);
	if (tail != len)
		return rd_fail(r, -EINVAL, "trailing length %u differs from %u", tail, len);
	nw_cur_init(&c, r->buf, body - 4);

	switch (type) {
	case NW_PCAPNG_SHB:
		rc = parse_shb(r, &c);
		break;
	case NW_PCAPNG_IDB:
		rc = parse_idb(r, &c);
		break;
	case NW_PCAPNG_EPB:
		rc = parse_epb(r, &c, false);
		break;
	case NW_PCAPNG_PB_OBSOLETE:
		rc = parse_epb(r, &c, true);
		break;
	case NW_PCAPNG_SPB:
		rc = parse_spb(r, &c);
		break;
	case NW_PCAPNG_NW_BLOCK:
		rc = parse_nw(r, &c);
		break;
	case NW_PCAPNG_CB_COPY:
	case NW_PCAPNG_CB_NOCOPY:
		rc = parse_custom(r, &c);
		break;
	default:
		r->st->skipped++; /* name resolution, statistics, secrets...: not needed */
		rc = 0;
		break;
	}
	r->off += len;
	return rc;
}

int nw_pcapng_read_stream(FILE *f, const struct nw_pcapng_cbs *cbs,
			  struct nw_pcapng_read_stats *st, char *err, size_t errlen)
{
	struct rd r;
	int rc;

	memset(&r, 0, sizeof(r));
	memset(st, 0, sizeof(*st));
	r.st = st;
	r.cbs = cbs;
	r.err = err;
	r.errlen = errlen;
	r.f = f;
	while ((rc = read_block(&r)) == 0)
		;
	free(r.buf);
	free(r.ifs);
	return rc == 1 ? 0 : rc;
}

int nw_pcapng_read(const char *path, const struct nw_pcapng_cbs *cbs,
		   struct nw_pcapng_read_stats *st, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rbe");
	int rc;

	if (!f) {
		rc = -errno;
		memset(st, 0, sizeof(*st));
		snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
		return rc;
	}
	rc = nw_pcapng_read_stream(f, cbs, st, err, errlen);
	fclose(f);
	return rc;
}
