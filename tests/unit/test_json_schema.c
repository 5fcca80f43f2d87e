// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The JSON schema (core/json_schema.h) against its three readers:
 *
 * - schema: for events of every type filled at random (every field, every
 *   null rule and condition taken both ways), the keys the encoder
 *   (core/json.c) writes are the descriptor's fields, in its order, null
 *   exactly when the descriptor's null rule says so, and the hand-written
 *   writers (packet, qdisc, drop) write the same bytes as the
 *   descriptor-driven one;
 * - round trip: the descriptor-driven decoder (tests/unit/jsonl_events.c)
 *   reads back every value the JSON carries;
 * - man page: man/netwhy.8's JSON LINES section names every field of every
 *   event type.
 *
 * Kernel name tables are filled from fixed inputs (the recorded kfree_skb
 * format, explicit NUD and syscall names) so the result does not depend on
 * the kernel the test runs on.
 */
#include <ctype.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "core/diag/findings.h"
#include "core/json.h"
#include "core/json_schema.h"
#include "core/names.h"
#include "core/nsreg.h"
#include "core/util.h"
#include "tests/unit/jsonl_events.h"
#include "tests/unit/test_core_data.h"

#define ROUNDS 4000
#define MAX_KEYS 128

static int setup(void **state)
{
	static const char *const nud[] = {"INCOMPLETE", "REACHABLE", "STALE", "DELAY",
					  "PROBE",	"FAILED",    "NOARP", "PERMANENT"};
	char *text = slurp("skb_kfree_skb.format");

	(void)state;
	assert_true(nw_names_load_print_symbolic(nw_names_table(NW_NAMES_DROP_REASON), text,
						 "REC->reason") > 0);
	free(text);
	for (int i = 0; i < 8; i++)
		nw_names_set(nw_names_table(NW_NAMES_NUD), 1 << i, nud[i]);
	nw_names_set(nw_names_table(NW_NAMES_NUD), 0, "NONE");
	nw_names_set(nw_names_table(NW_NAMES_SYSCALL), 42, "connect");
	nw_names_set(nw_names_table(NW_NAMES_SYSCALL), 46, "sendmsg");
	nw_nsreg_set(4026531840ull, "host");
	nw_nsreg_set(4026532281ull, "nwtest \"ns\"");
	/* What the diagnosis does when it creates its findings store. */
	nw_json_set_finding_summary(nw_finding_summary);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	nw_names_fini_system();
	nw_nsreg_clear();
	return 0;
}

/* --- filling an event from its descriptor ------------------------------------- */

static void put_raw(struct nw_event *ev, uint16_t off, size_t size, uint64_t v)
{
	memcpy((char *)ev + off, &v, size < 8 ? size : 8); /* little-endian: the low bytes */
}

/* A random integer for an integer field: small, all ones, or any bits. */
static uint64_t rnd_int(void)
{
	switch (rnd() % 4) {
	case 0:
		return 0;
	case 1:
		return rnd() % 4;
	case 2:
		return UINT64_MAX;
	default:
		return rnd() >> (rnd() % 64);
	}
}

static void fill_str(char *s, size_t size)
{
	static const char *const bits[] = {"a",	   "Z",	   "0",	       "-",    ".",  "\"",
					   "\\",   "\n",   "\r",       "\t",   "\b", "\f",
					   "\x01", "\x7f", "\xc3\xa9", "\xff", "/",  " "};
	size_t len = rnd() % 3 ? rnd() % size : 0, n = 0;

	memset(s, 0, size);
	while (n < len) {
		const char *b = bits[rnd() % NW_ARRAY_SIZE(bits)];
		size_t bl = strlen(b);

		if (n + bl >= size)
			break;
		memcpy(s + n, b, bl);
		n += bl;
	}
}

static uint64_t rnd_named(const struct nw_jnames *t)
{
	return rnd() % 4 ? t->v[rnd() % t->n].value : rnd_int();
}

static void fill_fields(struct nw_event *ev, const struct nw_jdesc *d);

static void fill_field(struct nw_event *ev, const struct nw_jfield *f)
{
	char *p = (char *)ev + f->off;

	switch (f->kind) {
	case NW_JK_STR:
		fill_str(p, f->size);
		break;
	case NW_JK_MAC: {
		struct nw_mac *m = (struct nw_mac *)p;

		memset(m, 0, sizeof(*m));
		m->len = (uint8_t)(rnd() % 3 ? (rnd() % 2 ? 6 : rnd() % (NW_MAC_MAX + 1)) : 0);
		for (int i = 0; i < m->len; i++)
			m->bytes[i] = (uint8_t)rnd();
		break;
	}
	case NW_JK_ADDR: {
		struct nw_addr *a = (struct nw_addr *)p;
		static const uint8_t fams[] = {0, AF_INET, AF_INET6};

		memset(a, 0, sizeof(*a));
		a->family = fams[rnd() % 3];
		for (int i = 0; i < (a->family == AF_INET ? 4 : a->family ? 16 : 0); i++)
			a->bytes[i] = rnd() % 3 ? 0 : (uint8_t)rnd();
		break;
	}
	case NW_JK_ENUM:
	case NW_JK_ETHERTYPE:
		put_raw(ev, f->off, f->size, rnd_named(f->names));
		break;
	case NW_JK_ENUM_FN:
		put_raw(ev, f->off, f->size, rnd() % f->count);
		break;
	case NW_JK_KNAME:
		put_raw(ev, f->off, f->size,
			f->null == NW_JN_NEG ? (uint64_t)(int64_t)((int)(rnd() % 64) - 8)
					     : rnd() % 200);
		break;
	case NW_JK_ERRNO:
		put_raw(ev, f->off, f->size,
			f->negated ? (uint64_t) - (int64_t)(rnd() % 140) : rnd() % 140);
		break;
	case NW_JK_TC_HANDLE: {
		static const uint32_t special[] = {0, 0xffffffffu, 0xfffffff1u, 0x80030000u,
						   0x10010u};

		put_raw(ev, f->off, f->size, rnd() % 2 ? special[rnd() % 5] : (uint32_t)rnd());
		break;
	}
	case NW_JK_OBJECT:
		fill_fields(ev, f->sub);
		break;
	case NW_JK_NSNAME:
	case NW_JK_SUMMARY:
	case NW_JK_FALSE:
	case NW_JK_COUNT:
		break;
	default: /* integers, booleans, lists, ts, hex, flags, NUD bits */
		put_raw(ev, f->off, f->size, rnd_int());
		if (f->kind == NW_JK_LIST_U16)
			put_raw(ev, (uint16_t)(f->off + 2), 2, rnd_int());
		break;
	}
}

/* Conditions are taken both ways: often the value the condition asks for, sometimes not. */
static void fill_conds(struct nw_event *ev, const struct nw_jdesc *d)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct nw_jfield *f = &d->fields[i];

		if (f->when.n && rnd() % 3)
			put_raw(ev, f->when.off, f->when.size, f->when.v[rnd() % f->when.n]);
		if (f->kind == NW_JK_OBJECT)
			fill_conds(ev, f->sub);
	}
}

static void fill_fields(struct nw_event *ev, const struct nw_jdesc *d)
{
	for (size_t i = 0; i < d->n; i++)
		fill_field(ev, &d->fields[i]);
}

static void fill_event(struct nw_event *ev, enum nw_event_type type)
{
	static const uint64_t inodes[] = {0, 4026531840ull, 4026532281ull, 4026539999ull};

	memset(ev, 0, sizeof(*ev));
	fill_fields(ev, nw_json_header());
	ev->type = (uint8_t)type;
	ev->netns_ino = inodes[rnd() % NW_ARRAY_SIZE(inodes)];
	fill_fields(ev, nw_json_desc(type));
	fill_conds(ev, nw_json_desc(type));
}

/* --- the keys the descriptor promises ------------------------------------------ */

static size_t expect_keys(const struct nw_event *ev, const struct nw_jdesc *d, const char *prefix,
			  struct nw_jsonl_key *out, size_t n)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct nw_jfield *f = &d->fields[i];
		bool null = nw_jfield_is_null(ev, f);
		char key[64];

		snprintf(key, sizeof(key), "%s%s%s", prefix, *prefix ? "." : "", f->name);
		if (f->null == NW_JN_ABSENT_LE1 && null)
			continue;
		if (f->kind == NW_JK_OBJECT && !null) {
			n = expect_keys(ev, f->sub, key, out, n);
			continue;
		}
		assert_true(n < MAX_KEYS);
		nw_strlcpy(out[n].key, key, sizeof(out[n].key));
		out[n++].is_null = null;
	}
	return n;
}

/* Keys of line that differ from what the descriptor promises for ev (each printed). */
static int check_keys(const struct nw_event *ev, const char *line)
{
	static struct nw_jsonl_key got[MAX_KEYS], want[MAX_KEYS];
	size_t ngot = nw_jsonl_keys(line, got, MAX_KEYS);
	size_t nwant = expect_keys(ev, nw_json_header(), "", want, 0);
	int bad = 0;

	nwant = expect_keys(ev, nw_json_desc((enum nw_event_type)ev->type), "", want, nwant);
	for (size_t i = 0; i < ngot && i < nwant && !bad; i++) {
		if (strcmp(got[i].key, want[i].key) || got[i].is_null != want[i].is_null) {
			print_error("%s: key %zu is %s%s, the descriptor says %s%s\n%s",
				    nw_event_type_name(ev->type), i, got[i].key,
				    got[i].is_null ? " (null)" : "", want[i].key,
				    want[i].is_null ? " (null)" : "", line);
			bad++;
		}
	}
	if (!bad && ngot != nwant) {
		print_error("%s: %zu keys written, the descriptor has %zu\n%s",
			    nw_event_type_name(ev->type), ngot, nwant, line);
		bad++;
	}
	return bad;
}

/* --- the values the decoder reads back ------------------------------------------ */

static bool same_value(const struct nw_event *a, const struct nw_event *b,
		       const struct nw_jfield *f)
{
	const char *pa = (const char *)a + f->off, *pb = (const char *)b + f->off;

	switch (f->kind) {
	case NW_JK_STR:
		return !strncmp(pa, pb, f->size);
	case NW_JK_MAC:
		return pa[0] == pb[0] && !memcmp(pa + 1, pb + 1, (uint8_t)pa[0]);
	case NW_JK_ADDR:
		return !memcmp(pa, pb, sizeof(struct nw_addr));
	case NW_JK_BOOL:
		return !nw_jfield_value(a, f) == !nw_jfield_value(b, f);
	case NW_JK_LIST_U16: {
		uint16_t la[2], lb[2], xa[2] = {0}, xb[2] = {0};
		int na = 0, nb = 0;

		memcpy(la, pa, 4);
		memcpy(lb, pb, 4);
		for (int i = 0; i < 2; i++) {
			if (la[i])
				xa[na++] = la[i];
			if (lb[i])
				xb[nb++] = lb[i];
		}
		return na == nb && !memcmp(xa, xb, sizeof(xa));
	}
	case NW_JK_NSNAME:
	case NW_JK_SUMMARY:
	case NW_JK_FALSE:
	case NW_JK_OBJECT:
		return true;
	default:
		return nw_jfield_value(a, f) == nw_jfield_value(b, f);
	}
}

/* Values of ev the decoder did not read back from line as they were (each printed). */
static int check_values(const struct nw_event *ev, const struct nw_event *back,
			const struct nw_jdesc *d, const char *line)
{
	int bad = 0;

	for (size_t i = 0; i < d->n; i++) {
		const struct nw_jfield *f = &d->fields[i];

		if (f->null != NW_JN_ZERO_WHEN && !nw_jcond_holds(ev, &f->when))
			continue; /* not carried: the JSON says null */
		if (nw_jfield_is_null(ev, f)) {
			if (f->kind != NW_JK_NSNAME && !nw_jfield_is_null(back, f)) {
				print_error("%s.%s: null, but read back as not null\n%s", d->type,
					    f->name, line);
				bad++;
			}
			continue;
		}
		if (f->kind == NW_JK_OBJECT) {
			bad += check_values(ev, back, f->sub, line);
		} else if (!same_value(ev, back, f)) {
			print_error("%s.%s: %" PRId64 " read back as %" PRId64 "\n%s", d->type,
				    f->name, nw_jfield_value(ev, f), nw_jfield_value(back, f),
				    line);
			bad++;
		}
	}
	return bad;
}

/*
 * The object nw_json_event wrote ends with the fields the descriptor-driven
 * writer writes: the hand-written writers (packet, qdisc, drop) against their
 * descriptors.
 */
static int check_writer(const struct nw_event *ev, const char *line)
{
	static struct nw_jbuf body;
	size_t n = strlen(line);

	nw_jbuf_reset(&body);
	nw_json_fields(&body, ev, nw_json_desc((enum nw_event_type)ev->type));
	if (n >= body.len + 2 && !memcmp(line + n - body.len - 2, body.data, body.len) &&
	    !strcmp(line + n - 2, "}\n"))
		return 0;
	print_error("%s: the descriptor-driven writer gives\n%s\nfor the body of\n%s",
		    nw_event_type_name(ev->type), body.data, line);
	return 1;
}

static void test_every_type(void **state)
{
	struct nw_jbuf b;

	(void)state;
	nw_jbuf_init(&b);
	for (int t = 0; t < NW_EV_COUNT; t++) {
		assert_non_null(nw_json_desc((enum nw_event_type)t));
		for (int r = 0; r < ROUNDS; r++) {
			struct nw_event ev, back;

			fill_event(&ev, (enum nw_event_type)t);
			nw_jbuf_reset(&b);
			nw_json_event(&b, &ev);
			assert_int_equal(check_keys(&ev, b.data), 0);
			assert_int_equal(check_writer(&ev, b.data), 0);
			assert_int_equal(nw_jsonl_decode(b.data, &back), 0);
			assert_int_equal(back.type, t);
			assert_int_equal(check_values(&ev, &back, nw_json_header(), b.data), 0);
			assert_int_equal(
			    check_values(&ev, &back, nw_json_desc((enum nw_event_type)t), b.data),
			    0);
		}
	}
	nw_jbuf_free(&b);
}

/* The checks fail on a line the encoder did not write right: a key renamed, a value changed, a
 * null. */
/* Lines written before keys were renamed (drop's and the sockets' "protocol", a numeric
 * l2_flags, ports of ARP, "0x..." ethertypes) still decode: recordings replay. */
static void test_old_keys(void **state)
{
	struct nw_event ev;

	(void)state;
	assert_int_equal(
	    nw_jsonl_decode("{\"ts\":1.0,\"id\":1,\"type\":\"drop\",\"origin\":\"bpf\","
			    "\"ifindex\":0,\"reason\":\"OTHERHOST\",\"protocol\":\"arp\","
			    "\"proto\":null,\"sport\":0,\"dport\":0,\"arp_op\":\"reply\"}",
			    &ev),
	    0);
	assert_int_equal(ev.u.drop.protocol, 0x0806);
	assert_int_equal(ev.u.drop.l4proto, 0);
	assert_int_equal(ev.u.drop.arp_op, 2);
	assert_int_equal(
	    nw_jsonl_decode("{\"ts\":1.0,\"id\":2,\"type\":\"sock_err\",\"origin\":\"bpf\","
			    "\"family\":\"inet\",\"protocol\":\"tcp\",\"fd\":-1,"
			    "\"nl_portid\":0}",
			    &ev),
	    0);
	assert_int_equal(ev.u.sock.sk_protocol, 6);
	assert_int_equal(ev.u.sock.sk_family, AF_INET);
	assert_int_equal(ev.u.sock.fd, -1);
	assert_int_equal(
	    nw_jsonl_decode("{\"ts\":1.0,\"id\":3,\"type\":\"packet\",\"origin\":\"pcap\","
			    "\"ethertype\":\"0x886f\",\"proto\":null,\"sport\":0,"
			    "\"l2_flags\":5}",
			    &ev),
	    0);
	assert_int_equal(ev.u.packet.ethertype, 0x886f);
	assert_int_equal(ev.u.packet.l4proto, 0);
	assert_int_equal(ev.u.packet.l2_flags, 5);
}

static void test_checks_can_fail(void **state)
{
	static const char *const edits[][2] = {
	    {"\"backlog\":1234567", "\"backlOg\":1234567"},
	    {"\"backlog\":1234567", "\"backlog\":1234568"},
	    {"\"backlog\":1234567", "\"backlog\":null"},
	};
	struct nw_event ev, back;
	struct nw_jbuf b;

	(void)state;
	nw_jbuf_init(&b);
	fill_event(&ev, NW_EV_QDISC);
	ev.u.qdisc.backlog = 1234567;
	nw_json_event(&b, &ev);
	assert_int_equal(check_keys(&ev, b.data), 0);
	for (size_t i = 0; i < NW_ARRAY_SIZE(edits); i++) {
		char line[4096], *p;

		nw_strlcpy(line, b.data, sizeof(line));
		p = strstr(line, edits[i][0]);
		assert_non_null(p);
		memmove(p + strlen(edits[i][1]), p + strlen(edits[i][0]),
			strlen(p + strlen(edits[i][0])) + 1);
		memcpy(p, edits[i][1], strlen(edits[i][1]));
		assert_int_equal(nw_jsonl_decode(line, &back), 0);
		assert_true(check_keys(&ev, line) +
				check_values(&ev, &back, nw_json_desc(NW_EV_QDISC), line) >
			    0);
	}
	nw_jbuf_free(&b);
}

/* --- the man page ---------------------------------------------------------------- */

/* The JSON LINES section of man/netwhy.8. */
static char *man_json_section(void)
{
	char *text = nw_test_slurp(NW_SRCDIR "/man/netwhy.8"), *start, *end;

	assert_non_null(text);
	start = strstr(text, "\n.SH JSON LINES\n");
	assert_non_null(start);
	end = strstr(start + 1, "\n.SH ");
	if (end)
		*end = '\0';
	memmove(text, start, strlen(start) + 1);
	return text;
}

/* The text of entry `.TP\n.B name\n` up to the next .TP or .PP; the section's opening when name is
 * "". */
static char *man_entry(const char *sec, const char *name)
{
	char head[64];
	const char *s, *e, *tp, *pp;

	snprintf(head, sizeof(head), "\n.TP\n.B %s\n", name);
	s = *name ? strstr(sec, head) : sec;
	if (!s)
		return NULL;
	s += *name ? strlen(head) : 0;
	/* The opening lists the common fields under .TP entries of its own: it ends at "each type".
	 */
	if (!*name) {
		e = strstr(s, "The fields of each type");
		return e ? strndup(s, (size_t)(e - s)) : NULL;
	}
	tp = strstr(s, "\n.TP\n");
	pp = strstr(s, "\n.PP\n");
	e = tp && (!pp || tp < pp) ? tp : pp;
	return e ? strndup(s, (size_t)(e - s)) : strdup(s);
}

/* Whether word appears in text as a whole word (letters, digits, '_'). */
static bool has_word(const char *text, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = strstr(text, word); p; p = strstr(p + 1, word)) {
		bool before = p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '_');
		bool after = isalnum((unsigned char)p[n]) || p[n] == '_';

		if (!before && !after)
			return true;
	}
	return false;
}

static void man_check(const char *entry, const char *type, const struct nw_jdesc *d, int *missing)
{
	for (size_t i = 0; i < d->n; i++) {
		if (!has_word(entry, d->fields[i].name)) {
			print_error("man/netwhy.8 JSON LINES: %s does not name its field %s\n",
				    *type ? type : "(common)", d->fields[i].name);
			(*missing)++;
		}
		if (d->fields[i].kind == NW_JK_OBJECT)
			man_check(entry, type, d->fields[i].sub, missing);
	}
}

static void test_man_page(void **state)
{
	char *sec = man_json_section(), *entry;
	int missing = 0;

	(void)state;
	entry = man_entry(sec, "");
	assert_non_null(entry);
	man_check(entry, "", nw_json_header(), &missing);
	free(entry);
	for (int t = 0; t < NW_EV_COUNT; t++) {
		const char *type = nw_event_type_name((enum nw_event_type)t);

		entry = man_entry(sec, type);
		if (!entry) {
			print_error("man/netwhy.8 JSON LINES: no entry for type %s\n", type);
			missing++;
			continue;
		}
		man_check(entry, type, nw_json_desc((enum nw_event_type)t), &missing);
		free(entry);
	}
	free(sec);
	assert_int_equal(missing, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_type),
	    cmocka_unit_test(test_checks_can_fail),
	    cmocka_unit_test(test_old_keys),
	    cmocka_unit_test(test_man_page),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
