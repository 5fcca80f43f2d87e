// SPDX-License-Identifier: GPL-2.0-or-later
/* /proc counters that prove silent drops (see probes/proc_counters.h). */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/util.h"
#include "probes/proc_counters.h"

static const char *const snmp_wanted[] = { "Ip.OutDiscards", "Udp.SndbufErrors", "Udp.RcvbufErrors",
					   "Udp.InErrors" };
static const char *const snmp6_wanted[] = { "Ip6OutDiscards", "Udp6SndbufErrors", "Udp6RcvbufErrors" };
/* Columns summed over CPUs; "entries" is the table's global count, the same on every line. */
static const char *const arp_wanted[] = { "entries", "res_failed", "forced_gc_runs", "unresolved_discards",
					  "table_fulls" };

static bool wanted(const char *const *list, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(list[i], name))
			return true;
	return false;
}

/* Splits a line into at most max whitespace-separated tokens in place. */
static size_t split(char *line, char **tok, size_t max)
{
	size_t n = 0;
	char *save = NULL, *t;

	for (t = strtok_r(line, " \t\n", &save); t && n < max; t = strtok_r(NULL, " \t\n", &save))
		tok[n++] = t;
	return n;
}

#define MAX_COLS 128

/* /proc/net/snmp: pairs of lines "Ip: Forwarding DefaultTTL ..." / "Ip: 1 64 ...". */
int nw_proc_snmp_parse(const char *text, nw_proc_counter_fn fn, void *arg)
{
	char *copy = nw_xstrdup(text), *save = NULL, *hdr, *val;
	char *hn[MAX_COLS], *vn[MAX_COLS], name[80];
	int found = 0, bad = 0;

	for (hdr = strtok_r(copy, "\n", &save); hdr; hdr = strtok_r(NULL, "\n", &save)) {
		size_t nh, nv;

		val = strtok_r(NULL, "\n", &save);
		if (!val) {
			bad = 1;
			break;
		}
		nh = split(hdr, hn, MAX_COLS);
		nv = split(val, vn, MAX_COLS);
		if (nh < 1 || nh != nv || strcmp(hn[0], vn[0]) || hn[0][strlen(hn[0]) - 1] != ':') {
			bad = 1;
			break;
		}
		for (size_t i = 1; i < nh; i++) {
			snprintf(name, sizeof(name), "%.*s.%s", (int)strlen(hn[0]) - 1, hn[0], hn[i]);
			if (!wanted(snmp_wanted, NW_ARRAY_SIZE(snmp_wanted), name))
				continue;
			fn(name, strtoull(vn[i], NULL, 10), arg);
			found++;
		}
	}
	free(copy);
	return bad && !found ? -EINVAL : found;
}

/* /proc/net/snmp6: "Name value" per line. */
int nw_proc_snmp6_parse(const char *text, nw_proc_counter_fn fn, void *arg)
{
	char *copy = nw_xstrdup(text), *save = NULL, *line, *tok[3];
	int found = 0;

	for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (split(line, tok, 3) != 2)
			continue;
		if (wanted(snmp6_wanted, NW_ARRAY_SIZE(snmp6_wanted), tok[0])) {
			fn(tok[0], strtoull(tok[1], NULL, 10), arg);
			found++;
		}
	}
	free(copy);
	return found;
}

/* /proc/net/stat/arp_cache: a header of column names, then one line of hex numbers per CPU. */
int nw_proc_arp_cache_parse(const char *text, nw_proc_counter_fn fn, void *arg)
{
	char *copy = nw_xstrdup(text), *save = NULL, *line, *hn[MAX_COLS], *vn[MAX_COLS], name[64];
	uint64_t sum[MAX_COLS] = { 0 };
	size_t nh = 0, lines = 0;
	int found = 0;

	line = strtok_r(copy, "\n", &save);
	if (line)
		nh = split(line, hn, MAX_COLS);
	while ((line = strtok_r(NULL, "\n", &save))) {
		if (split(line, vn, MAX_COLS) != nh) {
			found = -EINVAL;
			goto out;
		}
		for (size_t i = 0; i < nh; i++) {
			uint64_t v = strtoull(vn[i], NULL, 16);

			sum[i] = strcmp(hn[i], "entries") ? sum[i] + v : v;
		}
		lines++;
	}
	if (!nh || !lines) {
		found = -EINVAL;
		goto out;
	}
	for (size_t i = 0; i < nh; i++) {
		if (!wanted(arp_wanted, NW_ARRAY_SIZE(arp_wanted), hn[i]))
			continue;
		snprintf(name, sizeof(name), "arp_cache.%s", hn[i]);
		fn(name, sum[i], arg);
		found++;
	}
out:
	free(copy);
	return found;
}

/* --- polling ------------------------------------------------------------------- */

#define PC_MAX 16

struct pc_value {
	char name[40];
	uint64_t value;
};

struct nw_proc_counters {
	int fd[3]; /* snmp, snmp6, arp_cache */
	struct pc_value v[PC_MAX];
	size_t n;
	bool polled;
	nw_proc_change_fn fn;
	void *arg;
};

static const char *const pc_files[3] = { "/proc/thread-self/net/snmp", "/proc/thread-self/net/snmp6",
					 "/proc/thread-self/net/stat/arp_cache" };

struct nw_proc_counters *nw_proc_counters_open(bool global_tables)
{
	struct nw_proc_counters *pc = nw_xcalloc(1, sizeof(*pc));

	for (int i = 0; i < 3; i++)
		pc->fd[i] = i == 2 && !global_tables ? -1 : open(pc_files[i], O_RDONLY | O_CLOEXEC);
	return pc;
}

void nw_proc_counters_close(struct nw_proc_counters *pc)
{
	if (!pc)
		return;
	for (int i = 0; i < 3; i++)
		if (pc->fd[i] >= 0)
			close(pc->fd[i]);
	free(pc);
}

static void pc_seen(const char *name, uint64_t value, void *arg)
{
	struct nw_proc_counters *pc = arg;
	size_t i;

	for (i = 0; i < pc->n; i++)
		if (!strcmp(pc->v[i].name, name))
			break;
	if (i == pc->n) {
		if (pc->n == PC_MAX)
			return;
		nw_strlcpy(pc->v[pc->n].name, name, sizeof(pc->v[0].name));
		pc->v[pc->n++].value = value;
		pc->fn(name, value, 0, pc->arg);
		return;
	}
	if (value != pc->v[i].value) {
		/* A counter that went backwards was reset (namespace re-created): report the new value. */
		pc->fn(name, value, value > pc->v[i].value ? value - pc->v[i].value : value, pc->arg);
		pc->v[i].value = value;
	}
}

int nw_proc_counters_poll(struct nw_proc_counters *pc, nw_proc_change_fn fn, void *arg)
{
	static int (*const parse[3])(const char *, nw_proc_counter_fn, void *) = {
		nw_proc_snmp_parse, nw_proc_snmp6_parse, nw_proc_arp_cache_parse
	};
	char buf[16384];
	int err = 0;

	pc->fn = fn;
	pc->arg = arg;
	for (int i = 0; i < 3; i++) {
		ssize_t n;

		if (pc->fd[i] < 0)
			continue;
		n = pread(pc->fd[i], buf, sizeof(buf) - 1, 0);
		if (n < 0) {
			if (!err)
				err = -errno;
			continue;
		}
		buf[n] = '\0';
		parse[i](buf, pc_seen, pc);
	}
	pc->polled = true;
	return err;
}
