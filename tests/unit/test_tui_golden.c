// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Golden screens: recorded event sequences (the founding failures, as the
 * sources produce them) go through the bus and the models into the UI,
 * which draws into a text canvas at 80x24 and 200x50; each screen (its
 * characters and, below them, one letter per cell for the role) must equal
 * tests/data/tui/NAME.screen.  NW_UPDATE_GOLDEN=1 rewrites the files (then
 * review them with git diff).  No terminal is needed.
 */
#include <errno.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <cmocka.h>

#include "core/bus.h"
#include "core/log.h"
#include "core/names.h"
#include "core/nsreg.h"
#include "tests/unit/explain_fixture.h"
#include "tui/canvas.h"
#include "tui/keys.h"
#include "tui/ui.h"

#define NS_HOST 4026532100ull
#define NS_CTR 4026532200ull
#define NS_PEER 4026532300ull

#define NUD_INCOMPLETE 0x01
#define NUD_REACHABLE 0x02
#define NUD_STALE 0x04
#define NUD_FAILED 0x20
#define NUD_PERMANENT 0x80

struct world {
	struct fx fx;
	struct nw_ui *ui;
};

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	buf[fread(buf, 1, (size_t)n, f)] = '\0';
	fclose(f);
	return buf;
}

static char *render_text(struct nw_ui *ui, int w, int h, bool ascii)
{
	struct nw_canvas *c = nw_canvas_new(w, h, ascii);
	char *text, *roles, *out;
	size_t n;

	nw_ui_draw(ui, c);
	text = nw_canvas_dump_text(c);
	roles = nw_canvas_dump_roles(c);
	n = strlen(text) + strlen(roles) + 128;
	out = malloc(n);
	snprintf(out, n, "# screen %dx%d\n%s# roles (see tests/data/tui/roles.legend)\n%s", w, h, text, roles);
	free(text);
	free(roles);
	nw_canvas_free(c);
	return out;
}

/* Compares with (or, with NW_UPDATE_GOLDEN=1, writes) tests/data/tui/NAME.screen. */
static void golden(struct nw_ui *ui, const char *name, int w, int h)
{
	char path[512];
	char *got = render_text(ui, w, h, false), *want;

	snprintf(path, sizeof(path), "%s/tests/data/tui/%s.screen", NW_SRCDIR, name);
	if (getenv("NW_UPDATE_GOLDEN") && strcmp(getenv("NW_UPDATE_GOLDEN"), "1") == 0) {
		FILE *f = fopen(path, "w");

		assert_non_null(f);
		fputs(got, f);
		fclose(f);
		free(got);
		return;
	}
	want = slurp(path);
	if (!want)
		fail_msg("%s is missing: run the test with NW_UPDATE_GOLDEN=1 and review the new file", path);
	if (strcmp(got, want) != 0) {
		char actual[512];
		FILE *f;
		const char *a = got, *b = want;
		int line = 1;

		while (*a && *a == *b) {
			if (*a == '\n')
				line++;
			a++;
			b++;
		}
		snprintf(actual, sizeof(actual), "%s/%s.screen.actual", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
			 name);
		f = fopen(actual, "w");
		if (f) {
			fputs(got, f);
			fclose(f);
		}
		fail_msg("%s differs from %s at line %d (actual screen in %s; NW_UPDATE_GOLDEN=1 rewrites)", name,
			 path, line, actual);
	}
	free(got);
	free(want);
}

static void keys(struct nw_ui *ui, const char *seq)
{
	for (const char *k = seq; *k; k++)
		nw_ui_key(ui, *k == '\n' ? NW_KEY_ENTER : *k);
}

static void world_setup(struct world *w)
{
	struct nw_ui_opts opts = { .ascii = false, .scope = "netns lab-host,lab-ctr", .host = "testhost" };

	nw_log_init(64);
	fx_setup(&w->fx);
	nw_names_set(nw_names_table(NW_NAMES_SYSCALL), SYS_connect, "connect");
	nw_names_set(nw_names_table(NW_NAMES_SYSCALL), SYS_sendto, "sendto");
	nw_names_set(nw_names_table(NW_NAMES_SYSCALL), SYS_recvmsg, "recvmsg");
	nw_names_set(nw_names_table(NW_NAMES_ERRNO), EHOSTUNREACH, "EHOSTUNREACH");
	nw_names_set(nw_names_table(NW_NAMES_ERRNO), ENOBUFS, "ENOBUFS");
	nw_names_set(nw_names_table(NW_NAMES_ERRNO), EAGAIN, "EAGAIN");
	nw_nsreg_set(NS_HOST, "lab-host");
	nw_nsreg_set(NS_CTR, "lab-ctr");
	nw_nsreg_set(NS_PEER, "lab-peer");
	w->ui = nw_ui_new(w->fx.bus, &opts);
	nw_ui_set_models(w->ui, w->fx.m);
	assert_int_equal(nw_bus_subscribe(w->fx.bus, nw_ui_on_event, w->ui), 0);
}

static void world_teardown(struct world *w)
{
	nw_ui_free(w->ui);
	fx_teardown(&w->fx);
	nw_nsreg_clear();
	nw_log_fini();
}

/*
 * Founding failure 4 (htb-arp-drop): the container's neighbour for the
 * bridge goes INCOMPLETE, its ARP requests reach the bridge, the bridge's
 * replies are dropped by htb (direct_qlen 0), the entry goes FAILED after 3
 * probes and connect() gets EHOSTUNREACH.
 */
static void htb_arp_drop(struct world *w)
{
	struct fx *fx = &w->fx;
	const char *ctr_mac = "02:00:00:00:02:02", *br_mac = "02:00:00:00:01:01";

	fx_source(fx, "netlink", 1, NULL);
	fx_source(fx, "bpf:drops", 1, NULL);
	fx_source(fx, "pcap:eth0", 1, NULL);
	fx_link(fx, 10, NS_HOST, 3, "br0", "bridge", br_mac, NULL, 1000, 0);
	fx_link(fx, 1, NS_CTR, 2, "eth0", "veth", ctr_mac, NULL, 1000, 0);
	fx_qdisc_stats(fx, 5, NS_HOST, 3, "br0", "htb", 0x10000, 0, 0);
	fx_table(fx, 1, NS_HOST, AF_INET, 12, 1024, 0, 0);
	fx_neigh_full(fx, 100, NS_CTR, 2, "eth0", "192.0.2.1", NUD_INCOMPLETE, 0, NULL, 0x1003, NW_NEIGH_NEW);
	for (int i = 1; i <= 3; i++) {
		fx_arp(fx, 1, NS_CTR, 2, "eth0", NW_DIR_OUT, 1, ctr_mac, "ff:ff:ff:ff:ff:ff", "192.0.2.2", "192.0.2.1");
		fx_arp(fx, 1, NS_HOST, 3, "br0", NW_DIR_IN, 1, ctr_mac, "ff:ff:ff:ff:ff:ff", "192.0.2.2", "192.0.2.1");
		fx_drop_arp(fx, 1, NS_HOST, 3, "br0", "QDISC_DROP", 2, "192.0.2.1", "192.0.2.2", "htb", 0x10000);
		if (i < 3)
			fx_neigh(fx, 997, NS_CTR, 2, "eth0", "192.0.2.1", NUD_INCOMPLETE, NUD_INCOMPLETE, (uint32_t)i);
	}
	fx_neigh(fx, 997, NS_CTR, 2, "eth0", "192.0.2.1", NUD_FAILED, NUD_INCOMPLETE, 3);
	fx_sockerr(fx, 1, NS_CTR, 4242, 3, "curl", AF_INET, SOCK_STREAM, EHOSTUNREACH, SYS_connect, "192.0.2.1", 80);
	fx_qdisc_stats(fx, 500, NS_HOST, 3, "br0", "htb", 0x10000, 3, 0);
	fx_neigh(fx, 10, NS_HOST, 3, "br0", "192.0.2.2", NUD_STALE, NUD_REACHABLE, 0);
	fx_nfindings(fx, -1); /* flush findings to the bus, as the loop does */
	nw_ui_set_now(w->ui, fx->now + 2000000000ull);
}

/*
 * Founding failure 2 (stale-peer-arp): the peer changed its MAC; the host
 * keeps the old one (PERMANENT here) and its replies reach the peer
 * addressed to the old MAC: the peer's kernel drops them as OTHERHOST.
 */
static void stale_peer_arp(struct world *w)
{
	struct fx *fx = &w->fx;
	const char *old_mac = "02:00:00:00:0a:01", *new_mac = "02:00:00:00:0a:02", *host_mac = "02:00:00:00:0b:01";

	fx_source(fx, "netlink", 1, NULL);
	fx_source(fx, "bpf:drops", 1, NULL);
	fx_source(fx, "pcap:veth-p", 2, "lost packets: kernel buffer full");
	fx_link(fx, 10, NS_PEER, 5, "veth-p", "veth", old_mac, NULL, 1000, 0);
	fx_link(fx, 1, NS_HOST, 6, "veth-h", "veth", host_mac, NULL, 1000, 0);
	fx_link(fx, 1000, NS_PEER, 5, "veth-p", "veth", new_mac, old_mac, 1000, 0);
	fx_neigh_full(fx, 10, NS_HOST, 6, "veth-h", "198.51.100.2", NUD_PERMANENT, 0, old_mac, 0x1003, NW_NEIGH_SNAPSHOT);
	for (int i = 0; i < 4; i++) {
		fx_ip_pkt(fx, 250, NS_PEER, 5, "veth-p", NW_DIR_OUT, IPPROTO_ICMP, new_mac, host_mac, "198.51.100.2",
			  "198.51.100.1", 0);
		fx_ip_pkt(fx, 1, NS_PEER, 5, "veth-p", NW_DIR_IN, IPPROTO_ICMP, host_mac, old_mac, "198.51.100.1",
			  "198.51.100.2", 1u << 0 | 1u << 1);
		fx_drop_ip(fx, 1, NS_PEER, 5, "veth-p", "OTHERHOST", IPPROTO_ICMP, 0, "198.51.100.1", "198.51.100.2", 0,
			   old_mac, NULL, 0);
	}
	fx_sockerr(fx, 5, NS_PEER, 5150, 4, "ping", AF_INET, SOCK_DGRAM, EAGAIN, SYS_recvmsg, NULL, 0);
	fx_sockinfo(fx, 5, NS_PEER, 6161, "nlmon", 6161, 2304, 39);
	fx_nfindings(fx, -1);
	nw_ui_set_now(w->ui, fx->now + 1500000000ull);
}

/* Moves the findings strip's selection to the finding whose line contains text. */
static bool select_finding(struct nw_ui *ui, const char *text)
{
	for (int i = 0; i < 16; i++) {
		char *s = render_text(ui, 200, 50, false);
		/* The focused strip draws its selection in the selection role ('g') from column 0. */
		char *line = strstr(s, text);
		bool found = false;

		if (line) {
			const char *bol = line;
			size_t col, row = 0;
			const char *roles = strstr(s, "# roles");

			while (bol > s && bol[-1] != '\n')
				bol--;
			for (const char *p = s; p < bol; p++)
				row += *p == '\n';
			col = 0;
			for (roles = strchr(roles, '\n') + 1; row-- > 1;)
				roles = strchr(roles, '\n') + 1;
			found = roles[col] == nw_canvas_role_char(NW_ROLE_SELECTION);
		}
		free(s);
		if (found)
			return true;
		nw_ui_key(ui, NW_KEY_DOWN);
	}
	return false;
}

static void test_htb_arp_drop(void **state)
{
	struct world w;
	char *s;

	(void)state;
	world_setup(&w);
	htb_arp_drop(&w);
	/* 200x50: four panels side by side; focus walks with Tab. */
	golden(w.ui, "htb-quad-packets", 200, 50);
	keys(w.ui, "\t");
	golden(w.ui, "htb-quad-neigh", 200, 50);
	/* 80x24: one panel at a time, tabs. */
	keys(w.ui, "1");
	golden(w.ui, "htb-80-packets", 80, 24);
	keys(w.ui, "2");
	golden(w.ui, "htb-80-neigh", 80, 24);
	/* Expand the FAILED entry: its timeline (INCOMPLETE > probe 1 > 2 > FAILED). */
	keys(w.ui, "/192.0.2.1\n\n");
	golden(w.ui, "htb-80-neigh-timeline", 80, 24);
	keys(w.ui, "3");
	golden(w.ui, "htb-80-qdisc", 80, 24);
	keys(w.ui, "4");
	golden(w.ui, "htb-80-sockets", 80, 24);
	/* Zoom and back. */
	keys(w.ui, "3o");
	assert_true(nw_ui_zoomed(w.ui));
	golden(w.ui, "htb-quad-zoom-qdisc", 200, 50);
	keys(w.ui, "o");
	assert_false(nw_ui_zoomed(w.ui));
	/*
	 * The explain walk from the socket's finding.  Its text belongs to the
	 * engine (core/explain_rules.c, tested there), so this checks the walk,
	 * not the words: each step moves the focus to the panel of its evidence,
	 * the last one to the cause's.
	 */
	keys(w.ui, "f");
	assert_true(select_finding(w.ui, "EHOSTUNREACH"));
	keys(w.ui, "e");
	assert_true(nw_ui_explaining(w.ui));
	s = render_text(w.ui, 200, 50, false);
	assert_non_null(strstr(s, "Explain: step 1 of"));
	assert_non_null(strstr(s, "1. [socket]"));
	free(s);
	assert_int_equal(nw_ui_focus(w.ui), NW_UI_SOCKETS);
	keys(w.ui, "n");
	assert_int_equal(nw_ui_focus(w.ui), NW_UI_NEIGH);
	keys(w.ui, "G");
	s = render_text(w.ui, 200, 50, false);
	assert_non_null(strstr(s, "Cause (qdisc): qdisc htb 1: dev br0"));
	free(s);
	assert_int_equal(nw_ui_focus(w.ui), NW_UI_QDISC);
	/* At 80x24 the one panel shown is the cause's, with the htb qdisc in it. */
	s = render_text(w.ui, 80, 24, false);
	assert_non_null(strstr(s, "3 Qdiscs"));
	assert_non_null(strstr(s, "htb 1: root"));
	free(s);
	nw_ui_key(w.ui, NW_KEY_ESC);
	assert_false(nw_ui_explaining(w.ui));
	world_teardown(&w);
}

static void test_stale_peer(void **state)
{
	struct world w;

	(void)state;
	world_setup(&w);
	stale_peer_arp(&w);
	golden(w.ui, "stale-quad-packets", 200, 50);
	golden(w.ui, "stale-80-packets", 80, 24);
	/* Detail of the selected (newest) frame. */
	keys(w.ui, "\n");
	golden(w.ui, "stale-80-packets-detail", 80, 24);
	keys(w.ui, "4");
	golden(w.ui, "stale-80-sockets", 80, 24);
	world_teardown(&w);
}

/* The help screen explains every key of the key map and every panel. */
static void test_help(void **state)
{
	struct world w;
	struct nw_canvas *c;
	char *all = calloc(1, 1);
	size_t len = 0;

	(void)state;
	world_setup(&w);
	keys(w.ui, "?");
	assert_true(nw_ui_help_open(w.ui));
	golden(w.ui, "help-80", 80, 24);
	/* Scroll through the whole help at 80x24 and collect its text. */
	c = nw_canvas_new(80, 24, false);
	for (int page = 0; page < 120; page++) {
		char *t;

		nw_ui_draw(w.ui, c);
		t = nw_canvas_dump_text(c);
		all = realloc(all, len + strlen(t) + 1);
		memcpy(all + len, t, strlen(t) + 1);
		len += strlen(t);
		free(t);
		nw_ui_key(w.ui, NW_KEY_DOWN);
	}
	/* Every binding's keys, and the start of what they do (the rest may wrap). */
	for (size_t i = 0; i < nw_keys_help_count(); i++) {
		char start[24];

		snprintf(start, sizeof(start), "%s", nw_keys_help(i)->what);
		if (strchr(start + 12, ' '))
			*strchr(start + 12, ' ') = '\0';
		if (!strstr(all, nw_keys_help(i)->keys) || !strstr(all, start))
			fail_msg("help does not show the line for keys '%s'", nw_keys_help(i)->keys);
	}
	assert_non_null(strstr(all, "Packets"));
	assert_non_null(strstr(all, "Neighbours"));
	assert_non_null(strstr(all, "Qdiscs"));
	assert_non_null(strstr(all, "Sockets"));
	assert_non_null(strstr(all, "Findings"));
	free(all);
	nw_canvas_free(c);
	keys(w.ui, "x");
	assert_false(nw_ui_help_open(w.ui));
	world_teardown(&w);
}

/* Tiny terminals: no crash, a message; every size from 1x1 up draws inside the canvas. */
static void test_tiny(void **state)
{
	struct world w;
	char *s;

	(void)state;
	world_setup(&w);
	htb_arp_drop(&w);
	s = render_text(w.ui, 20, 5, false);
	assert_non_null(strstr(s, "terminal"));
	assert_non_null(strstr(s, "small"));
	free(s);
	golden(w.ui, "tiny-20x5", 20, 5);
	for (int h = 1; h <= 30; h += 1) {
		for (int wd = 1; wd <= 170; wd += 13) {
			s = render_text(w.ui, wd, h, h % 2);
			free(s);
		}
	}
	/* Every view at the smallest usable size. */
	keys(w.ui, "o");
	free(render_text(w.ui, 40, 12, false));
	keys(w.ui, "oe");
	free(render_text(w.ui, 40, 12, false));
	keys(w.ui, "?");
	free(render_text(w.ui, 40, 12, true));
	world_teardown(&w);
}

/* ASCII mode: only ASCII in the whole screen. */
static void test_ascii(void **state)
{
	struct world w;
	char *s;

	(void)state;
	world_setup(&w);
	stale_peer_arp(&w);
	s = render_text(w.ui, 200, 50, true);
	for (const char *p = s; *p; p++)
		assert_true((unsigned char)*p < 0x80);
	/* The mismatch marker survives without colour and without UTF-8. */
	assert_non_null(strstr(s, "!"));
	free(s);
	world_teardown(&w);
}

/* The legend that reads the role letters of the golden files. */
static void test_legend(void **state)
{
	char path[512];
	char *got = nw_canvas_role_legend(), *want;

	(void)state;
	snprintf(path, sizeof(path), "%s/tests/data/tui/roles.legend", NW_SRCDIR);
	if (getenv("NW_UPDATE_GOLDEN") && strcmp(getenv("NW_UPDATE_GOLDEN"), "1") == 0) {
		FILE *f = fopen(path, "w");

		assert_non_null(f);
		fputs(got, f);
		fclose(f);
	}
	want = slurp(path);
	assert_non_null(want);
	assert_string_equal(got, want);
	free(want);
	free(got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_legend),
		cmocka_unit_test(test_htb_arp_drop),
		cmocka_unit_test(test_stale_peer),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_tiny),
		cmocka_unit_test(test_ascii),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
