// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * JSON Lines (core/json.c's output) back into events; see jsonl_events.h.
 * The line is parsed into flat keys ("netns.inode", "pkt.src"; arrays
 * joined with '|'), then the event type's descriptor (core/json_schema.h)
 * says where each key's value goes and how it is spelled: nothing here is
 * specific to an event type.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "core/bus.h"
#include "core/json_schema.h"
#include "core/names.h"
#include "core/nsreg.h"
#include "core/util.h"
#include "tests/unit/jsonl_events.h"

#define MAX_FIELDS 96

struct field {
	char key[48];
	char val[256];
	bool is_null;
};

struct obj {
	struct field f[MAX_FIELDS];
	size_t n;
};

static const char *skip_ws(const char *p)
{
	while (*p && isspace((unsigned char)*p))
		p++;
	return p;
}

/* A JSON string at p (after the quote) into out; returns the position after the closing quote. */
static const char *parse_str(const char *p, char *out, size_t size)
{
	size_t n = 0;

	while (*p && *p != '"') {
		char c = *p++;

		if (c == '\\') {
			c = *p++;
			switch (c) {
			case 'n':
				c = '\n';
				break;
			case 't':
				c = '\t';
				break;
			case 'r':
				c = '\r';
				break;
			case 'b':
				c = '\b';
				break;
			case 'f':
				c = '\f';
				break;
			case 'u':
				c = (char)strtol((char[]){p[0], p[1], p[2], p[3], 0}, NULL, 16);
				p += 4;
				break;
			default:
				break;
			}
		}
		if (n + 1 < size)
			out[n++] = c;
	}
	out[n] = '\0';
	return *p == '"' ? p + 1 : NULL;
}

static const char *parse_value(struct obj *o, const char *prefix, const char *p);

static void add(struct obj *o, const char *key, const char *val, bool is_null)
{
	if (o->n == MAX_FIELDS)
		return;
	nw_strlcpy(o->f[o->n].key, key, sizeof(o->f[0].key));
	nw_strlcpy(o->f[o->n].val, val, sizeof(o->f[0].val));
	o->f[o->n].is_null = is_null;
	o->n++;
}

static const char *parse_object(struct obj *o, const char *prefix, const char *p)
{
	p = skip_ws(p + 1);
	while (p && *p && *p != '}') {
		char key[48], full[100];

		if (*p != '"')
			return NULL;
		p = parse_str(p + 1, key, sizeof(key));
		if (!p)
			return NULL;
		p = skip_ws(p);
		if (*p != ':')
			return NULL;
		snprintf(full, sizeof(full), "%s%s%s", prefix, *prefix ? "." : "", key);
		p = parse_value(o, full, skip_ws(p + 1));
		if (!p)
			return NULL;
		p = skip_ws(p);
		if (*p == ',')
			p = skip_ws(p + 1);
	}
	return p && *p == '}' ? p + 1 : NULL;
}

/* Arrays of scalars become one field with the items joined by '|'. */
static const char *parse_array(struct obj *o, const char *key, const char *p)
{
	char joined[256] = "", item[128];

	p = skip_ws(p + 1);
	while (*p && *p != ']') {
		if (*p == '"') {
			p = parse_str(p + 1, item, sizeof(item));
			if (!p)
				return NULL;
		} else {
			size_t n = strcspn(p, ",]");

			snprintf(item, sizeof(item), "%.*s", (int)n, p);
			p += n;
		}
		if (joined[0])
			strncat(joined, "|", sizeof(joined) - strlen(joined) - 1);
		strncat(joined, item, sizeof(joined) - strlen(joined) - 1);
		p = skip_ws(p);
		if (*p == ',')
			p = skip_ws(p + 1);
	}
	add(o, key, joined, false);
	return *p == ']' ? p + 1 : NULL;
}

static const char *parse_value(struct obj *o, const char *key, const char *p)
{
	char buf[256];
	size_t n;

	switch (*p) {
	case '{':
		return parse_object(o, key, p);
	case '[':
		return parse_array(o, key, p);
	case '"':
		p = parse_str(p + 1, buf, sizeof(buf));
		if (p)
			add(o, key, buf, false);
		return p;
	default:
		n = strcspn(p, ",}]");
		snprintf(buf, sizeof(buf), "%.*s", (int)n, p);
		add(o, key, buf, !strcmp(buf, "null"));
		return p + n;
	}
}

/* The value of key; NULL when it is null or absent. */
static const char *get(const struct obj *o, const char *key)
{
	for (size_t i = 0; i < o->n; i++)
		if (!strcmp(o->f[i].key, key))
			return o->f[i].is_null ? NULL : o->f[i].val;
	return NULL;
}

/* Whether the object key has fields (it is neither null nor absent). */
static bool has_object(const struct obj *o, const char *key)
{
	size_t n = strlen(key);

	for (size_t i = 0; i < o->n; i++)
		if (!strncmp(o->f[i].key, key, n) && o->f[i].key[n] == '.')
			return true;
	return false;
}

/* Stores v in the integer at off (1, 2, 4 or 8 bytes); with mask, only (mask << shift) changes. */
static void put_int(struct nw_event *ev, uint16_t off, size_t size, uint64_t v, uint32_t mask,
		    uint8_t shift)
{
	char *p = (char *)ev + off;

	if (mask) {
		uint64_t old = (uint64_t)nw_jfield_raw(ev, off, (uint8_t)size, 0);

		v = (old & ~((uint64_t)mask << shift)) | ((v & mask) << shift);
	}
	switch (size) {
	case 1:
		*(uint8_t *)p = (uint8_t)v;
		break;
	case 2:
		memcpy(p, &(uint16_t){(uint16_t)v}, 2);
		break;
	case 4:
		memcpy(p, &(uint32_t){(uint32_t)v}, 4);
		break;
	default:
		memcpy(p, &v, 8);
		break;
	}
}

static uint64_t dec_names(const struct nw_jnames *t, const char *v)
{
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->v[i].name, v))
			return t->v[i].value;
	return strtoull(v, NULL, 0); /* a number, "0x88b5" for an unnamed ethertype */
}

/* Bits from a '|'-joined list of names (from t, or the kernel's table when t is NULL) and numbers.
 */
static uint64_t dec_bits(const struct nw_jnames *t, enum nw_names_table table, const char *v)
{
	char buf[256], *save = NULL;
	uint64_t bits = 0;

	nw_strlcpy(buf, v, sizeof(buf));
	for (char *tok = strtok_r(buf, "|", &save); tok; tok = strtok_r(NULL, "|", &save)) {
		int64_t x = 0;

		if (t)
			bits |= dec_names(t, tok);
		else if (nw_names_lookup(nw_names_table(table), tok, &x))
			bits |= (uint64_t)x;
		else
			bits |= strtoull(tok, NULL, 0); /* "NONE" and the like: 0 */
	}
	return bits;
}

/*
 * A kernel name ("connect"), or the number after '#' of "prefix#N"; false
 * when this process's table does not know the name (the field keeps its
 * "unknown" value).
 */
static bool dec_kname(enum nw_names_table table, const char *v, int64_t *x)
{
	const char *hash = strchr(v, '#');

	if (nw_names_lookup(nw_names_table(table), v, x))
		return true;
	if (isdigit((unsigned char)*v) || *v == '-') { /* a number: no name on the writing kernel */
		*x = strtoll(v, NULL, 10);
		return true;
	}
	if (!hash)
		return false;
	*x = strtoll(hash + 1, NULL, 10);
	return true;
}

static int64_t dec_errno(const char *v)
{
	int64_t x = 0;

	if (nw_names_lookup(nw_names_table(NW_NAMES_ERRNO), v, &x))
		return x;
	for (int e = 1; e < 4096; e++) {
		const char *n = strerrorname_np(e);

		if (n && !strcmp(n, v))
			return e;
	}
	if (isdigit((unsigned char)*v))
		return atoi(v);
	return !strncmp(v, "errno#", 6) ? atoi(v + 6) : 0;
}

/* "2026-12-04T18:47:29.123456789Z" as CLOCK_REALTIME ns. */
static uint64_t dec_wall(const char *v)
{
	struct tm tm = {0};
	char frac[10] = "000000000";
	const char *dot = strchr(v, '.');

	if (sscanf(v, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
		   &tm.tm_min, &tm.tm_sec) != 6)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	if (dot)
		memcpy(frac, dot + 1,
		       strspn(dot + 1, "0123456789") < 9 ? strspn(dot + 1, "0123456789") : 9);
	return (uint64_t)timegm(&tm) * 1000000000ull + strtoull(frac, NULL, 10);
}

static uint64_t dec_ts(const char *v)
{
	char *dot;
	uint64_t sec = strtoull(v, &dot, 10), ns = 0;

	if (*dot == '.') {
		char frac[10] = "000000000";

		memcpy(frac, dot + 1, strnlen(dot + 1, 9));
		ns = strtoull(frac, NULL, 10);
	}
	return sec * 1000000000ull + ns;
}

static uint64_t dec_tc_handle(const char *v)
{
	unsigned maj = 0, min = 0;

	if (!strcmp(v, "root"))
		return 0xffffffffu;
	if (!strcmp(v, "ingress"))
		return 0xfffffff1u;
	sscanf(v, "%x:%x", &maj, &min);
	return (uint64_t)maj << 16 | (min & 0xffff);
}

static void dec_mac(struct nw_mac *m, const char *v)
{
	unsigned b[NW_MAC_MAX];
	int n = sscanf(v, "%x:%x:%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5],
		       &b[6], &b[7]);

	memset(m, 0, sizeof(*m));
	for (int i = 0; i < n && i < NW_MAC_MAX; i++)
		m->bytes[i] = (uint8_t)b[i];
	m->len = (uint8_t)(n > 0 ? n : 0);
}

static void dec_addr(struct nw_addr *a, const char *v)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, v, a->bytes) == 1)
		a->family = AF_INET;
	else if (inet_pton(AF_INET6, v, a->bytes) == 1)
		a->family = AF_INET6;
}

/* The non-zero entries of a uint16_t array, in order. */
static void dec_list_u16(struct nw_event *ev, const struct nw_jfield *f, const char *v)
{
	uint16_t *arr = (uint16_t *)((char *)ev + f->off);
	size_t n = f->size / sizeof(uint16_t), i = 0;

	for (const char *p = v; *p && i < n; i++) {
		char *end;

		arr[i] = (uint16_t)strtoul(p, &end, 10);
		p = *end == '|' ? end + 1 : end;
	}
}

static int64_t dec_enum_fn(const struct nw_jfield *f, const char *v)
{
	for (unsigned i = 0; i < f->count; i++)
		if (!strcmp(f->name_fn(i), v))
			return i;
	return 0;
}

static void dec_fields(const struct obj *o, const char *prefix, const struct nw_jdesc *d,
		       struct nw_event *ev);

/* One field whose value v is not null. */
static void dec_value(struct nw_event *ev, const struct nw_jfield *f, const char *v)
{
	char *p = (char *)ev + f->off;
	int64_t k = 0;
	uint64_t x = 0;

	switch (f->kind) {
	case NW_JK_STR:
		nw_strlcpy(p, v, f->size);
		return;
	case NW_JK_MAC:
		dec_mac((struct nw_mac *)p, v);
		return;
	case NW_JK_ADDR:
		dec_addr((struct nw_addr *)p, v);
		return;
	case NW_JK_LIST_U16:
		dec_list_u16(ev, f, v);
		return;
	case NW_JK_NSNAME:
		if (ev->netns_ino)
			nw_nsreg_set(ev->netns_ino, v);
		return;
	case NW_JK_SUMMARY: /* written by the diagnosis from the event's other fields */
	case NW_JK_FALSE:
	case NW_JK_OBJECT:
	case NW_JK_COUNT:
		return;
	case NW_JK_U64:
		x = strtoull(v, NULL, 10);
		break;
	case NW_JK_I64:
		x = (uint64_t)strtoll(v, NULL, 10);
		break;
	case NW_JK_TS:
		x = dec_ts(v);
		break;
	case NW_JK_WALL:
		x = dec_wall(v);
		break;
	case NW_JK_BOOL: /* with a mask, true is all of its bits */
		x = !strcmp(v, "true") ? (f->mask ? f->mask : 1) : 0;
		break;
	case NW_JK_ENUM:
	case NW_JK_ETHERTYPE:
		x = dec_names(f->names, v);
		break;
	case NW_JK_ENUM_FN:
		x = (uint64_t)dec_enum_fn(f, v);
		break;
	case NW_JK_FLAGS:
		x = dec_bits(f->names, 0, v);
		break;
	case NW_JK_NUD:
		x = dec_bits(NULL, NW_NAMES_NUD, v);
		break;
	case NW_JK_KNAME:
		if (!dec_kname(f->table, v, &k))
			return;
		x = (uint64_t)k;
		break;
	case NW_JK_ERRNO:
		x = (uint64_t)(f->negated ? -dec_errno(v) : dec_errno(v));
		break;
	case NW_JK_HEX:
		x = strtoull(v, NULL, 16);
		break;
	case NW_JK_TC_HANDLE:
		x = dec_tc_handle(v);
		break;
	}
	put_int(ev, f->off, f->size, x, f->mask, f->shift);
}

/*
 * A null or absent value stores the field's "unknown" value: -1 or all ones
 * for the null rules that say so (fd, syscall, direct_qlen), else it leaves
 * what nw_event_init() set (0).  A field that is only
 * written under a condition sets the condition (an explanation's cause
 * sets has_cause).
 */
static void dec_fields(const struct obj *o, const char *prefix, const struct nw_jdesc *d,
		       struct nw_event *ev)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct nw_jfield *f = &d->fields[i];
		const char *v;
		char key[100];

		snprintf(key, sizeof(key), "%s%s%s", prefix, *prefix ? "." : "", f->name);
		if (f->kind == NW_JK_OBJECT) {
			if (!has_object(o, key))
				continue;
			dec_fields(o, key, f->sub, ev);
		} else {
			v = get(o, key);
			if (!v && f->alias) { /* a file written before the key was renamed */
				snprintf(key, sizeof(key), "%s%s%s", prefix, *prefix ? "." : "",
					 f->alias);
				v = get(o, key);
			}
			if (!v) {
				if (f->null == NW_JN_NEG || f->null == NW_JN_MAX)
					put_int(ev, f->off, f->size, UINT64_MAX, 0,
						0); /* -1, all ones */
				continue;
			}
			dec_value(ev, f, v);
		}
		/* Only a condition the line says nothing else about: a file written before a
		 * field became conditional carries it anyway ("sport":0 for ARP). */
		if (f->when.n && f->null != NW_JN_ZERO_WHEN && !nw_jcond_holds(ev, &f->when) &&
		    !nw_jfield_raw(ev, f->when.off, f->when.size, false) &&
		    (f->kind == NW_JK_OBJECT || nw_jfield_value(ev, f)))
			put_int(ev, f->when.off, f->when.size, f->when.v[0], 0, 0);
	}
}

int nw_jsonl_decode(const char *line, struct nw_event *ev)
{
	struct obj *o = nw_xcalloc(1, sizeof(*o));
	const char *p = skip_ws(line), *type;
	const struct nw_jdesc *d = NULL;
	int ret = 0, t;

	if (*p != '{' || !parse_object(o, "", p) || !(type = get(o, "type")) || !get(o, "ts")) {
		ret = -EINVAL;
		goto out;
	}
	for (t = 0; t < NW_EV_COUNT; t++)
		if (!strcmp(nw_event_type_name((enum nw_event_type)t), type))
			break;
	d = nw_json_desc((enum nw_event_type)t);
	if (!d) {
		ret = -ENOENT;
		goto out;
	}
	nw_event_init(ev, (enum nw_event_type)t, NW_ORIGIN_REPLAY);
	dec_fields(o, "", nw_json_header(), ev);
	dec_fields(o, "", d, ev);
out:
	free(o);
	return ret;
}

size_t nw_jsonl_keys(const char *line, struct nw_jsonl_key *keys, size_t max)
{
	struct obj *o = nw_xcalloc(1, sizeof(*o));
	const char *p = skip_ws(line);
	size_t n = 0;

	if (*p == '{' && parse_object(o, "", p))
		for (; n < o->n && n < max; n++) {
			nw_strlcpy(keys[n].key, o->f[n].key, sizeof(keys[n].key));
			keys[n].is_null = o->f[n].is_null;
		}
	free(o);
	return n;
}

int nw_jsonl_event(const char *line, struct nw_event *ev)
{
	int ret = nw_jsonl_decode(line, ev);

	if (!ret && (ev->type == NW_EV_FINDING || ev->type == NW_EV_EXPLANATION))
		return -ENOENT; /* the models raise their own */
	return ret;
}

long nw_jsonl_replay(const char *path, struct nw_bus *bus)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	long n = 0;

	if (!f)
		return -errno;
	while (getline(&line, &cap, f) > 0) {
		struct nw_event ev;

		if (nw_jsonl_event(line, &ev) == 0) {
			nw_bus_submit(bus, &ev);
			n++;
		}
	}
	free(line);
	fclose(f);
	return n;
}

char *nw_test_slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) < 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) < 0) {
		fclose(f);
		return NULL;
	}
	buf = nw_xmalloc((size_t)n + 1);
	buf[fread(buf, 1, (size_t)n, f)] = '\0';
	fclose(f);
	return buf;
}
