// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * core/names: numeric fallback, set/replace, reverse lookup, flag formatting,
 * and the tracefs print fmt parsers on formats recorded from a 6.18 kernel
 * (tests/data/core/) plus malformed and truncated variants.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <cmocka.h>

#include "core/log.h"
#include "core/names.h"
#include "tests/unit/test_core_data.h"


static void test_numeric_fallback(void **state)
{
	struct nw_names *n = nw_names_new("reason");
	char buf[32];

	assert_int_equal(nw_names_count(n), 0);
	assert_null(nw_names_find(n, 200));
	assert_string_equal(nw_names_get(n, 200, buf, sizeof(buf)), "reason#200");
	assert_string_equal(nw_names_get(n, -5, buf, sizeof(buf)), "reason#-5");
	/* A small buffer truncates but stays terminated. */
	assert_string_equal(nw_names_get(n, 123456, buf, 8), "reason#");
	nw_names_free(n);
	nw_names_free(NULL);
}

static void test_set_replace(void **state)
{
	struct nw_names *n = nw_names_new("x");
	char buf[32];

	assert_int_equal(nw_names_set(n, 2, "NOT_SPECIFIED"), 0);
	assert_int_equal(nw_names_set(n, 5, "SOCKET_FILTER"), 0);
	assert_int_equal(nw_names_set(n, 3, "NO_SOCKET"), 0);
	assert_int_equal(nw_names_count(n), 3);
	assert_string_equal(nw_names_get(n, 3, buf, sizeof(buf)), "NO_SOCKET");
	assert_int_equal(nw_names_set(n, 3, "RENAMED"), 0);
	assert_int_equal(nw_names_count(n), 3);
	assert_string_equal(nw_names_find(n, 3), "RENAMED");
	assert_string_equal(nw_names_find(n, 2), "NOT_SPECIFIED");
	assert_string_equal(nw_names_find(n, 5), "SOCKET_FILTER");
	assert_null(nw_names_find(n, 4));
	assert_int_equal(nw_names_set(n, 9, ""), -EINVAL);
	assert_int_equal(nw_names_set(n, 9, NULL), -EINVAL);
	/* Many values in scrambled order stay findable (sorted insert). */
	for (int i = 0; i < 300; i++) {
		int v = 1000 + (i * 37) % 300;

		snprintf(buf, sizeof(buf), "V%d", v);
		nw_names_set(n, v, buf);
	}
	for (int v = 1000; v < 1300; v++) {
		snprintf(buf, sizeof(buf), "V%d", v);
		assert_string_equal(nw_names_find(n, v), buf);
	}
	nw_names_free(n);
}

static void test_strip_prefix(void **state)
{
	struct nw_names *n = nw_names_new("reason");

	nw_names_set_strip_prefix(n, "SKB_DROP_REASON_");
	nw_names_set(n, 2, "SKB_DROP_REASON_NOT_SPECIFIED");
	nw_names_set(n, 3, "OTHER");
	nw_names_set(n, 4, "SKB_DROP_REASON_"); /* nothing would be left: kept whole */
	assert_string_equal(nw_names_find(n, 2), "NOT_SPECIFIED");
	assert_string_equal(nw_names_find(n, 3), "OTHER");
	assert_string_equal(nw_names_find(n, 4), "SKB_DROP_REASON_");
	nw_names_free(n);
}

static void test_reverse_lookup(void **state)
{
	struct nw_names *n = nw_names_new("nud");
	int64_t v = -1;

	nw_names_set(n, 0x02, "REACHABLE");
	nw_names_set(n, 0x04, "STALE");
	assert_true(nw_names_lookup(n, "STALE", &v));
	assert_int_equal(v, 4);
	assert_true(nw_names_lookup(n, "reachable", &v));
	assert_int_equal(v, 2);
	v = 77;
	assert_false(nw_names_lookup(n, "FAILED", &v));
	assert_int_equal(v, 77);
	nw_names_free(n);
}

static void test_flags(void **state)
{
	struct nw_names *n = nw_names_new("nud");
	char buf[128];

	nw_names_set(n, 0x01, "INCOMPLETE");
	nw_names_set(n, 0x02, "REACHABLE");
	nw_names_set(n, 0x04, "STALE");
	nw_names_set(n, 0x08, "DELAY");
	nw_names_set(n, 0x10, "PROBE");
	nw_names_set(n, 0x20, "FAILED");
	nw_names_set(n, 0x40, "NOARP");
	nw_names_set(n, 0x80, "PERMANENT");
	assert_string_equal(nw_names_get_flags(n, 0x01, buf, sizeof(buf)), "INCOMPLETE");
	assert_string_equal(nw_names_get_flags(n, 0x82, buf, sizeof(buf)), "REACHABLE|PERMANENT");
	/* Bits nobody named are shown as hex, never dropped. */
	assert_string_equal(nw_names_get_flags(n, 0x120, buf, sizeof(buf)), "FAILED|0x100");
	assert_string_equal(nw_names_get_flags(n, 0x300, buf, sizeof(buf)), "0x300");
	/* 0 has no bit: hex unless the table names 0. */
	assert_string_equal(nw_names_get_flags(n, 0, buf, sizeof(buf)), "0x0");
	nw_names_set(n, 0, "NONE");
	assert_string_equal(nw_names_get_flags(n, 0, buf, sizeof(buf)), "NONE");
	/* Truncation keeps the buffer terminated. */
	assert_string_equal(nw_names_get_flags(n, 0x03, buf, 14), "INCOMPLETE");
	nw_names_free(n);
}

static void test_flags_multibit_masks(void **state)
{
	struct nw_names *n = nw_names_new("f");
	char buf[64];

	/* A mask of two bits names only when both are set. */
	nw_names_set(n, 0x1, "A");
	nw_names_set(n, 0x6, "BC");
	assert_string_equal(nw_names_get_flags(n, 0x7, buf, sizeof(buf)), "A|BC");
	assert_string_equal(nw_names_get_flags(n, 0x5, buf, sizeof(buf)), "A|0x4");
	nw_names_free(n);
}

static void test_kfree_skb_recorded(void **state)
{
	char *text = slurp("skb_kfree_skb.format");
	struct nw_names *n = nw_names_new("reason");
	char buf[32];
	int64_t v;

	/* The recorded 6.18 kernel names 127 reasons, 2 (NOT_SPECIFIED) to 128 (MAX). */
	assert_int_equal(nw_names_load_print_symbolic(n, text, "REC->reason"), 127);
	assert_int_equal(nw_names_count(n), 127);
	assert_string_equal(nw_names_find(n, 2), "NOT_SPECIFIED");
	assert_string_equal(nw_names_find(n, 58), "NEIGH_FAILED");
	assert_string_equal(nw_names_find(n, 64), "QDISC_DROP");
	assert_string_equal(nw_names_find(n, 128), "MAX");
	assert_string_equal(nw_names_get(n, 200, buf, sizeof(buf)), "reason#200");
	assert_true(nw_names_lookup(n, "NEIGH_QUEUEFULL", &v));
	assert_int_equal(v, 59);
	/* No other __print_symbolic mentions these fields. */
	assert_int_equal(nw_names_load_print_symbolic(n, text, "REC->protocol"), -ENOENT);
	assert_int_equal(nw_names_load_print_symbolic(n, text, "REC->reas"), -ENOENT);
	assert_int_equal(nw_names_load_print_flags(n, text, "REC->reason"), -ENOENT);
	free(text);
	nw_names_free(n);
}

static void test_neigh_recorded(void **state)
{
	const char *files[] = { "neigh_neigh_update.format", "neigh_neigh_timer_handler.format" };
	char buf[64];

	for (size_t i = 0; i < 2; i++) {
		char *text = slurp(files[i]);
		struct nw_names *n = nw_names_new("nud");

		/* The kernel prints NUD states as __print_symbolic of single bits. */
		assert_int_equal(nw_names_load_print_symbolic(n, text, "REC->nud_state"), 8);
		assert_string_equal(nw_names_find(n, 0x01), "incomplete");
		assert_string_equal(nw_names_find(n, 0x80), "permanent");
		assert_string_equal(nw_names_get_flags(n, 0x02, buf, sizeof(buf)), "reachable");
		assert_string_equal(nw_names_get_flags(n, 0x24, buf, sizeof(buf)), "stale|failed");
		free(text);
		nw_names_free(n);
	}

	/* neigh_update has a second table for new_state; a token match keeps them apart. */
	char *text = slurp("neigh_neigh_update.format");
	struct nw_names *n = nw_names_new("nud");

	assert_int_equal(nw_names_load_print_symbolic(n, text, "REC->new_state"), 8);
	assert_int_equal(nw_names_load_print_symbolic(n, text, "REC->dead"), -ENOENT);
	assert_int_equal(nw_names_load_print_flags(n, text, "REC->nud_state"), -ENOENT);
	free(text);
	nw_names_free(n);
}

static void test_sock_state_recorded(void **state)
{
	char *text = slurp("sock_inet_sock_set_state.format");
	struct nw_names *fam = nw_names_new("af");
	struct nw_names *proto = nw_names_new("proto");
	struct nw_names *tcp = nw_names_new("tcp");

	/* Several tables in one print fmt: each field gets its own. */
	assert_int_equal(nw_names_load_print_symbolic(fam, text, "REC->family"), 2);
	assert_string_equal(nw_names_find(fam, 10), "AF_INET6");
	assert_int_equal(nw_names_load_print_symbolic(proto, text, "REC->protocol"), 3);
	assert_string_equal(nw_names_find(proto, 262), "IPPROTO_MPTCP");
	assert_true(nw_names_load_print_symbolic(tcp, text, "REC->newstate") >= 12);
	assert_string_equal(nw_names_find(tcp, 1), "TCP_ESTABLISHED");
	free(text);
	nw_names_free(fam);
	nw_names_free(proto);
	nw_names_free(tcp);
}

static void test_print_flags_recorded(void **state)
{
	char *text = slurp("timer_timer_start.format");
	struct nw_names *n = nw_names_new("tflag");
	char buf[64];

	/* The field is an expression there: REC->flags & (0x00040000 | ...). */
	assert_int_equal(nw_names_load_print_flags(n, text, "REC->flags"), 4);
	assert_string_equal(nw_names_find(n, 0x00040000), "M");
	assert_string_equal(nw_names_find(n, 0x00200000), "I");
	assert_string_equal(nw_names_get_flags(n, 0x00240000, buf, sizeof(buf)), "M|I");
	assert_int_equal(nw_names_load_print_symbolic(n, text, "REC->flags"), -ENOENT);
	free(text);
	nw_names_free(n);

	/* Values written as shifts: { 1 << 3, "REALTIME Freezer" }. */
	text = slurp("alarmtimer_alarmtimer_fired.format");
	n = nw_names_new("alarm");
	assert_int_equal(nw_names_load_print_flags(n, text, "REC->alarm_type"), 4);
	assert_string_equal(nw_names_find(n, 1), "REALTIME");
	assert_string_equal(nw_names_find(n, 2), "BOOTTIME");
	assert_string_equal(nw_names_find(n, 8), "REALTIME Freezer");
	assert_string_equal(nw_names_find(n, 16), "BOOTTIME Freezer");
	free(text);
	nw_names_free(n);
}

static void test_malformed(void **state)
{
	static const struct {
		const char *file;
		int expect;
	} cases[] = {
		{ "skb_kfree_skb.truncated.format", -EINVAL },
		{ "neigh_neigh_update.missing_comma.format", -EINVAL },
		{ "neigh_neigh_update.symbol_value.format", -EINVAL },
		{ "neigh_neigh_update.open_string.format", -EINVAL },
		{ "neigh_neigh_update.no_print_fmt.format", -EINVAL },
		{ "neigh_neigh_update.empty_table.format", -EINVAL },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *text = slurp(cases[i].file);
		struct nw_names *n = nw_names_new("x");
		const char *field = strstr(cases[i].file, "skb") ? "REC->reason" : "REC->nud_state";
		int ret = nw_names_load_print_symbolic(n, text, field);

		if (ret != cases[i].expect)
			fail_msg("%s: got %d, expected %d", cases[i].file, ret, cases[i].expect);
		/* Nothing half-loaded from a bad table. */
		assert_int_equal(nw_names_count(n), 0);
		free(text);
		nw_names_free(n);
	}
}

/* Every prefix of a recorded file: a full table or an error, never a crash or half a table. */
static void truncate_every_length(const char *file, const char *field, bool flags, int full)
{
	char *text = slurp(file);
	size_t len = strlen(text);

	for (size_t cut = 0; cut <= len; cut++) {
		char *prefix = malloc(cut + 1);
		struct nw_names *n = nw_names_new("x");
		int ret;

		memcpy(prefix, text, cut);
		prefix[cut] = '\0';
		ret = flags ? nw_names_load_print_flags(n, prefix, field) : nw_names_load_print_symbolic(n, prefix, field);
		if (ret >= 0) {
			assert_int_equal(ret, full);
			assert_int_equal(nw_names_count(n), full);
		} else {
			assert_true(ret == -EINVAL || ret == -ENOENT);
			assert_int_equal(nw_names_count(n), 0);
		}
		/* Only the whole file gives the whole table. */
		if (cut == len)
			assert_int_equal(ret, full);
		nw_names_free(n);
		free(prefix);
	}
	free(text);
}

static void test_truncated_every_length(void **state)
{
	truncate_every_length("skb_kfree_skb.format", "REC->reason", false, 127);
	truncate_every_length("neigh_neigh_update.format", "REC->nud_state", false, 8);
	truncate_every_length("timer_timer_start.format", "REC->flags", true, 4);
	truncate_every_length("alarmtimer_alarmtimer_fired.format", "REC->alarm_type", true, 4);
}

/*
 * Mutations of recorded formats (a fixed seed, so a failure reproduces):
 * bytes replaced by the parser's delimiters, dropped or duplicated.  Each
 * result is a whole table or an error with nothing loaded.
 */
static void test_mutations(void **state)
{
	static const char alphabet[] = "{},\"()\\ \n0x1<|-~9aREC>_";
	const char *files[] = { "skb_kfree_skb.format", "neigh_neigh_update.format", "timer_timer_start.format",
				"alarmtimer_alarmtimer_fired.format" };
	const char *fields[] = { "REC->reason", "REC->nud_state", "REC->flags", "REC->alarm_type" };
	uint32_t seed = 12345;
	int loaded = 0, refused = 0;

	for (size_t f = 0; f < 4; f++) {
		char *text = slurp(files[f]);
		size_t len = strlen(text);
		char *m = malloc(len * 2 + 1);

		for (int iter = 0; iter < 3000; iter++) {
			size_t o = 0;

			for (size_t i = 0; i < len; i++) {
				seed = seed * 1103515245u + 12345u;
				uint32_t r = (seed >> 8) % 1000;

				if (r < 2)
					m[o++] = alphabet[(seed >> 20) % (sizeof(alphabet) - 1)];
				else if (r < 3)
					continue; /* dropped */
				else if (r < 4) {
					m[o++] = text[i]; /* duplicated */
					m[o++] = text[i];
				} else {
					m[o++] = text[i];
				}
			}
			m[o] = '\0';
			for (int flags = 0; flags < 2; flags++) {
				struct nw_names *n = nw_names_new("x");
				int ret = flags ? nw_names_load_print_flags(n, m, fields[f])
						: nw_names_load_print_symbolic(n, m, fields[f]);

				if (ret >= 0) {
					assert_true(ret > 0 && nw_names_count(n) <= (size_t)ret);
					loaded++;
				} else {
					assert_int_equal(nw_names_count(n), 0);
					refused++;
				}
				nw_names_free(n);
			}
		}
		free(m);
		free(text);
	}
	/* Both outcomes happened: the mutations neither always break nor never touch the tables. */
	assert_true(loaded > 1000);
	assert_true(refused > 1000);
}

static void test_tracefs_missing(void **state)
{
	struct nw_names *n = nw_names_new("x");

	assert_true(nw_names_load_tracefs(n, "no_such_group", "no_such_event", "REC->x") < 0);
	assert_int_equal(nw_names_count(n), 0);
	nw_names_free(n);
}

/* A fake tracefs tree under a temporary directory, holding the recorded formats given. */
static char *fake_tracefs(const char *const *events, const char *const *files, size_t n)
{
	char tmpl[] = "/tmp/nwtest-tracefs-XXXXXX";
	char *root = mkdtemp(tmpl);
	char path[512];

	assert_non_null(root);
	root = strdup(root);
	for (size_t i = 0; i < n; i++) {
		char *text = slurp(files[i]);
		char *slash;
		FILE *f;

		/* events[i] is "group/event": make events/, events/group/, events/group/event/ */
		snprintf(path, sizeof(path), "%s/events/%s/format", root, events[i]);
		for (slash = strchr(path + strlen(root) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
			*slash = '\0';
			mkdir(path, 0755);
			*slash = '/';
		}
		f = fopen(path, "w");
		assert_non_null(f);
		fputs(text, f);
		fclose(f);
		free(text);
	}
	return root;
}

static void rm_fake_tracefs(char *root)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
	free(root);
}

static void test_system_tables_from_fake_tracefs(void **state)
{
	const char *const events[] = { "skb/kfree_skb", "neigh/neigh_update" };
	const char *const files[] = { "skb_kfree_skb.format", "neigh_neigh_update.format" };
	char *root = fake_tracefs(events, files, 2);
	char buf[64];

	setenv("NW_TRACEFS", root, 1);
	nw_names_init_system();
	nw_names_table(NW_NAMES_DROP_REASON); /* drop reasons load when first asked for */
	unsetenv("NW_TRACEFS");
	/* Exactly the recorded kernel's tables: the run-time source was used. */
	assert_int_equal(nw_names_count(nw_names_table(NW_NAMES_DROP_REASON)), 127);
	assert_string_equal(nw_names_find(nw_names_table(NW_NAMES_DROP_REASON), 58), "NEIGH_FAILED");
	/* tracefs spells NUD states in lowercase; they are shown as ip(8) does. */
	assert_string_equal(nw_names_get_flags(nw_names_table(NW_NAMES_NUD), 0x04, buf, sizeof(buf)), "STALE");
	assert_int_equal(nw_names_count(nw_names_table(NW_NAMES_NUD)), 9);
	assert_int_equal(nw_names_load_tracefs(nw_names_table(NW_NAMES_NUD), "neigh", "neigh_create", "REC->x"),
			 -ENOENT);
	nw_names_fini_system();
	rm_fake_tracefs(root);
}

static void test_system_tables_without_tracefs(void **state)
{
	char *root = fake_tracefs(NULL, NULL, 0); /* an empty directory: no events at all */
	char buf[64];

	nw_log_init(16);
	nw_log_set_echo(false, NW_LOG_DEBUG);
	setenv("NW_TRACEFS", root, 1);
	nw_names_init_system();
	nw_names_table(NW_NAMES_DROP_REASON); /* drop reasons load when first asked for */
	unsetenv("NW_TRACEFS");
	/* Drop reasons: none, numbers shown, and the log says why and how to fix it. */
	assert_int_equal(nw_names_count(nw_names_table(NW_NAMES_DROP_REASON)), 0);
	assert_string_equal(nw_names_get(nw_names_table(NW_NAMES_DROP_REASON), 58, buf, sizeof(buf)), "reason#58");
	bool warned = false;

	for (size_t i = 0; i < nw_log_count(); i++)
		if (nw_log_at(i)->level == NW_LOG_WARN && strstr(nw_log_at(i)->msg, "drop reason names") &&
		    strstr(nw_log_at(i)->msg, "mount -t tracefs"))
			warned = true;
	assert_true(warned);
	/* NUD states fall back to the UAPI constants, same spelling. */
	assert_int_equal(nw_names_count(nw_names_table(NW_NAMES_NUD)), 9);
	assert_string_equal(nw_names_get_flags(nw_names_table(NW_NAMES_NUD), 0x82, buf, sizeof(buf)),
			    "REACHABLE|PERMANENT");
	assert_string_equal(nw_names_get_flags(nw_names_table(NW_NAMES_NUD), 0x40, buf, sizeof(buf)), "NOARP");
	nw_names_fini_system();
	nw_log_fini();
	rm_fake_tracefs(root);
}

static int lazy_runs;

static void lazy_load(struct nw_names *t)
{
	lazy_runs++;
	/* A loader that asks for its own table must not run itself again. */
	assert_ptr_equal(nw_names_table(NW_NAMES_DROP_REASON), t);
	nw_names_set(t, 2, "NO_SOCKET");
}

/* A lazy loader runs once, when the table is first asked for; a replacement cancels it. */
static void test_lazy_and_replace(void **state)
{
	struct nw_names *rec = nw_names_new("reason");

	lazy_runs = 0;
	nw_names_set_lazy(NW_NAMES_DROP_REASON, lazy_load);
	assert_int_equal(lazy_runs, 0);
	assert_string_equal(nw_names_find(nw_names_table(NW_NAMES_DROP_REASON), 2), "NO_SOCKET");
	nw_names_table(NW_NAMES_DROP_REASON);
	assert_int_equal(lazy_runs, 1);
	/* A recording's names replace the table; a loader still pending is not run at all. */
	nw_names_set(rec, 2, "RECORDED");
	nw_names_set(rec, 200, "NEWER_KERNEL_ONLY");
	nw_names_set_lazy(NW_NAMES_DROP_REASON, lazy_load);
	nw_names_table_replace(NW_NAMES_DROP_REASON, rec);
	assert_int_equal(lazy_runs, 1);
	assert_int_equal(nw_names_count(nw_names_table(NW_NAMES_DROP_REASON)), 2);
	assert_string_equal(nw_names_find(nw_names_table(NW_NAMES_DROP_REASON), 2), "RECORDED");
	assert_string_equal(nw_names_find(nw_names_table(NW_NAMES_DROP_REASON), 200), "NEWER_KERNEL_ONLY");
	nw_names_free(rec);
	nw_names_fini_system();
}

static void test_errno_names(void **state)
{
	char buf[32];

	assert_string_equal(nw_errno_name(9999, buf, sizeof(buf)), "errno#9999");
#ifdef HAVE_STRERRORNAME_NP
	assert_string_equal(nw_errno_name(113, buf, sizeof(buf)), "EHOSTUNREACH");
	assert_string_equal(nw_errno_name(-111, buf, sizeof(buf)), "ECONNREFUSED");
	assert_string_equal(nw_errno_name(ENOBUFS, buf, sizeof(buf)), "ENOBUFS");
#else
	assert_string_equal(nw_errno_name(113, buf, sizeof(buf)), "errno#113");
#endif
}

static void test_system_tables(void **state)
{
	char buf[64];
	struct nw_names *nud, *sys, *err;

	/* Before init: tables exist and fall back to numbers. */
	assert_string_equal(nw_names_get(nw_names_table(NW_NAMES_DROP_REASON), 999, buf, sizeof(buf)), "reason#999");
	assert_null(nw_names_table(NW_NAMES_TABLE_COUNT));

	nw_names_init_system();
	nud = nw_names_table(NW_NAMES_NUD);
	sys = nw_names_table(NW_NAMES_SYSCALL);
	err = nw_names_table(NW_NAMES_ERRNO);
	/* From tracefs (uppercased) or the UAPI fallback: the same spelling either way. */
	assert_string_equal(nw_names_get_flags(nud, 0x02, buf, sizeof(buf)), "REACHABLE");
	assert_string_equal(nw_names_get_flags(nud, 0x01, buf, sizeof(buf)), "INCOMPLETE");
	assert_string_equal(nw_names_get_flags(nud, 0x20, buf, sizeof(buf)), "FAILED");
	assert_string_equal(nw_names_get_flags(nud, 0, buf, sizeof(buf)), "NONE");
	assert_string_equal(nw_names_find(sys, SYS_connect), "connect");
	assert_string_equal(nw_names_find(sys, SYS_sendmsg), "sendmsg");
	assert_string_equal(nw_names_find(sys, SYS_recvmmsg), "recvmmsg");
	assert_string_equal(nw_names_find(sys, SYS_write), "write");
	assert_string_equal(nw_names_get(sys, 100000, buf, sizeof(buf)), "syscall#100000");
#ifdef HAVE_STRERRORNAME_NP
	assert_true(nw_names_count(err) > 100);
	assert_string_equal(nw_names_find(err, ENETUNREACH), "ENETUNREACH");
#endif
	nw_names_fini_system();
	/* Fini leaves usable, empty tables behind on next use. */
	assert_int_equal(nw_names_count(nw_names_table(NW_NAMES_NUD)), 0);
	nw_names_fini_system();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numeric_fallback),
		cmocka_unit_test(test_lazy_and_replace),
		cmocka_unit_test(test_set_replace),
		cmocka_unit_test(test_strip_prefix),
		cmocka_unit_test(test_reverse_lookup),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_flags_multibit_masks),
		cmocka_unit_test(test_kfree_skb_recorded),
		cmocka_unit_test(test_neigh_recorded),
		cmocka_unit_test(test_sock_state_recorded),
		cmocka_unit_test(test_print_flags_recorded),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_truncated_every_length),
		cmocka_unit_test(test_mutations),
		cmocka_unit_test(test_tracefs_missing),
		cmocka_unit_test(test_errno_names),
		cmocka_unit_test(test_system_tables),
		cmocka_unit_test(test_system_tables_from_fake_tracefs),
		cmocka_unit_test(test_system_tables_without_tracefs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
