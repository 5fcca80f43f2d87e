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
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <cmocka.h>

#include "capture/l2check.h"
#include "core/bus.h"
#include "core/log.h"
#include "core/names.h"
#include "core/util.h"
#include "core/nsreg.h"
#include "tests/tui/scenarios.h"
#include "tui/canvas.h"
#include "tui/keys.h"
#include "tui/ui.h"

#define NS_PEER SCN_NS_PEER

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

/* A packet byte store with one frame (ref 7): an ARP reply to the stale MAC. */
static bool fake_bytes(void *arg, uint64_t ref, const uint8_t **data, uint32_t *caplen, const char **note)
{
	static const uint8_t frame[60] = {
		0x02, 0x00, 0x00, 0x00, 0x0a, 0x01, 0x02, 0x00, 0x00, 0x00, 0x0b, 0x01, 0x08, 0x06, 0x00, 0x01,
		0x08, 0x00, 0x06, 0x04, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x0b, 0x01, 0xc6, 0x33, 0x64, 0x01,
		0x02, 0x00, 0x00, 0x00, 0x0a, 0x01, 0xc6, 0x33, 0x64, 0x02, 'n', 'e', 't', 'w', 'h', 'y',
	};

	(void)arg;
	if (ref != 7)
		return false;
	*data = frame;
	*caplen = sizeof(frame);
	*note = "destination 02:00:00:00:0a:01 is not veth-p's 02:00:00:00:0a:02 (it had it before)";
	return true;
}

/* A capture that takes any filter but one that does not compile. */
static char applied_filter[64];

static int fake_filter(void *arg, const char *filter, char *err, size_t errsize)
{
	(void)arg;
	if (strchr(filter, '(') && !strchr(filter, ')')) {
		snprintf(err, errsize, "syntax error in filter expression");
		return -EINVAL;
	}
	snprintf(applied_filter, sizeof(applied_filter), "%s", filter);
	return 0;
}

static bool world_replay; /* the next world_setup() is a replay's screen */

static void world_setup(struct world *w)
{
	struct nw_ui_opts opts = { .ascii = false, .scope = "netns lab-host,lab-ctr", .host = "testhost",
				   .packet_bytes = fake_bytes, .set_capture_filter = fake_filter,
				   .capture_filter = "arp or icmp", .replay = world_replay,
				   .l2_flag_name = nw_l2_flag_name };

	nw_log_init(64);
	nw_log_set_echo(false, NW_LOG_ERROR); /* messages are checked through the log */
	fx_setup(&w->fx);
	nw_names_set(nw_names_table(NW_NAMES_SYSCALL), SYS_connect, "connect");
	nw_names_set(nw_names_table(NW_NAMES_SYSCALL), SYS_sendto, "sendto");
	nw_names_set(nw_names_table(NW_NAMES_SYSCALL), SYS_recvmsg, "recvmsg");
	nw_names_set(nw_names_table(NW_NAMES_ERRNO), EHOSTUNREACH, "EHOSTUNREACH");
	nw_names_set(nw_names_table(NW_NAMES_ERRNO), ENOBUFS, "ENOBUFS");
	nw_names_set(nw_names_table(NW_NAMES_ERRNO), EAGAIN, "EAGAIN");
	scn_name_namespaces();
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

/* The recorded sequences (tests/tui/scenarios.c); the clock stops a little after them. */
static void htb_arp_drop(struct world *w)
{
	fx_source(&w->fx, "netlink", 1, NULL);
	fx_source(&w->fx, "bpf:drops", 1, NULL);
	fx_source(&w->fx, "pcap:eth0", 1, NULL);
	scn_htb_arp_drop(&w->fx, 1000);
	fx_nfindings(&w->fx, -1); /* flush findings to the bus, as the loop does */
	nw_ui_set_now(w->ui, w->fx.now + 2000000000ull);
}

static void stale_peer_arp(struct world *w)
{
	fx_source(&w->fx, "netlink", 1, NULL);
	fx_source(&w->fx, "bpf:drops", 1, NULL);
	fx_source(&w->fx, "pcap:veth-p", 2, "lost packets: kernel buffer full");
	scn_stale_peer_arp(&w->fx, 250);
	fx_nfindings(&w->fx, -1);
	nw_ui_set_now(w->ui, w->fx.now + 1500000000ull);
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
	 * engine (core/diag/explain_rules.c, tested there), so this checks the walk,
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
	assert_string_equal(nw_ui_focus(w.ui)->name, "Sockets");
	keys(w.ui, "n");
	assert_string_equal(nw_ui_focus(w.ui)->name, "Neighbours");
	keys(w.ui, "G");
	s = render_text(w.ui, 200, 50, false);
	assert_non_null(strstr(s, "Cause (qdisc): qdisc htb 1: dev br0"));
	free(s);
	assert_string_equal(nw_ui_focus(w.ui)->name, "Qdiscs");
	/* At 80x24 the one panel shown is the cause's, with the htb qdisc in it. */
	s = render_text(w.ui, 80, 24, false);
	assert_non_null(strstr(s, "3 Qdiscs"));
	assert_non_null(strstr(s, "htb 1: root"));
	free(s);
	nw_ui_key(w.ui, NW_KEY_ESC);
	assert_false(nw_ui_explaining(w.ui));
	world_teardown(&w);
}

/* A packet event 1 ms after the world's last, with its header; the caller fills the rest and submits it. */
static void packet_ev(struct world *w, struct nw_event *ev, uint64_t ns, uint32_t ifindex, const char *ifname,
		      uint8_t dir, uint32_t len)
{
	nw_event_init(ev, NW_EV_PACKET, NW_ORIGIN_PCAP);
	w->fx.now += 1000000;
	ev->ts = w->fx.now;
	ev->netns_ino = ns;
	ev->ifindex = ifindex;
	nw_strlcpy(ev->ifname, ifname, sizeof(ev->ifname));
	ev->u.packet.dir = dir;
	ev->u.packet.len = ev->u.packet.caplen = len;
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
	/* The hex view of a frame whose bytes the store kept, with its annotation. */
	{
		struct nw_event ev;

		packet_ev(&w, &ev, NS_PEER, 5, "veth-p", NW_DIR_IN, 60);
		ev.u.packet.store_ref = 7;
		ev.u.packet.ethertype = 0x0806;
		ev.u.packet.arp_op = 2;
		ev.u.packet.src_mac = fx_mac("02:00:00:00:0b:01");
		ev.u.packet.dst_mac = fx_mac("02:00:00:00:0a:01");
		ev.u.packet.src = fx_ip("198.51.100.1");
		ev.u.packet.dst = fx_ip("198.51.100.2");
		ev.u.packet.l2_flags = 3;
		nw_bus_submit(w.fx.bus, &ev);
	}
	keys(w.ui, "1G\n");
	golden(w.ui, "stale-quad-packets-hex", 200, 50);
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

		if (!nw_keys_help(i)->keys)
			continue; /* the panels' hotkeys: tests/unit/test_tui_panels.c */
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

/* The role letter of the cell `off` cells after where text starts on the screen (0 when absent). */
static char role_at(const char *screen, const char *text, int off)
{
	const char *hit = strstr(screen, text), *bol, *roles;
	size_t row = 0, col = 0;

	if (!hit)
		return 0;
	for (bol = hit; bol > screen && bol[-1] != '\n'; bol--)
		;
	for (const char *p = bol; p < hit; p++)
		col += ((unsigned char)*p & 0xc0) != 0x80; /* cells: UTF-8 lead bytes */
	for (const char *p = screen; p < bol; p++)
		row += *p == '\n';
	roles = strchr(strstr(screen, "# roles"), '\n') + 1;
	while (row-- > 1)
		roles = strchr(roles, '\n') + 1;
	return roles[col + (size_t)off];
}

/* The screen row (0 = top) where text is, -1 when absent. */
static int screen_row(const char *screen, const char *text)
{
	const char *hit = strstr(screen, text);
	int row = -1; /* the "# screen" line comes first */

	if (!hit)
		return -1;
	for (const char *p = screen; p < hit; p++)
		row += *p == '\n';
	return row;
}

/* Filter, search, pause, and the rows related to the selection in other panels. */
static void test_interaction(void **state)
{
	struct world w;
	char *s;
	uint64_t before;
	int y;

	(void)state;
	world_setup(&w);
	stale_peer_arp(&w);
	/* Filter the packets to the frames sent to the stale MAC. */
	keys(w.ui, "1\\0a:01\n");
	s = render_text(w.ui, 80, 24, false);
	assert_non_null(strstr(s, "filter \"0a:01\": 4 of 8 rows"));
	assert_non_null(strstr(s, "1 Packets (filtered)"));
	assert_null(strstr(s, "198.51.100.2    > 198.51.100.1")); /* the peer's own frames are hidden */
	free(s);
	keys(w.ui, "\\");
	for (int i = 0; i < 8; i++)
		nw_ui_key(w.ui, NW_KEY_BACKSPACE);
	nw_ui_key(w.ui, NW_KEY_ENTER);
	s = render_text(w.ui, 80, 24, false);
	assert_null(strstr(s, "filter \""));
	free(s);

	/* Pause freezes the screen; new frames show after resume. */
	keys(w.ui, "p");
	assert_true(nw_ui_paused(w.ui));
	before = w.fx.now;
	fx_ip_pkt(&w.fx, 10, NS_PEER, 5, "veth-p", NW_DIR_OUT, IPPROTO_UDP, "02:00:00:00:0a:02", "02:00:00:00:0b:01",
		  "198.51.100.2", "198.51.100.9", 0);
	s = render_text(w.ui, 80, 24, false);
	assert_non_null(strstr(s, "PAUSED"));
	assert_null(strstr(s, "198.51.100.9"));
	free(s);
	keys(w.ui, "p");
	assert_false(nw_ui_paused(w.ui));
	s = render_text(w.ui, 80, 24, false);
	assert_non_null(strstr(s, "198.51.100.9"));
	free(s);
	assert_true(w.fx.now > before);

	/* The capture filter prompt starts from the command line's filter and reports what pcap said. */
	keys(w.ui, "c");
	s = render_text(w.ui, 80, 24, false);
	assert_non_null(strstr(s, "capture filter, pcap syntax (empty captures all): arp or icmp"));
	free(s);
	nw_ui_key(w.ui, NW_KEY_END); /* End keeps the old value to edit it */
	keys(w.ui, " or udp\n");
	assert_string_equal(applied_filter, "arp or icmp or udp");
	assert_non_null(strstr(nw_log_last()->msg, "capture filter now 'arp or icmp or udp'"));
	keys(w.ui, "c");
	nw_ui_key(w.ui, NW_KEY_END);
	keys(w.ui, " and (\n");
	assert_string_equal(applied_filter, "arp or icmp or udp");
	assert_non_null(strstr(nw_log_last()->msg, "not applied: syntax error"));

	/* The status line shows the newest message meant for a person, not debug lines. */
	nw_info("first info");
	nw_debug("a debug line");
	s = render_text(w.ui, 80, 24, false);
	assert_non_null(strstr(s, "info: first info"));
	assert_null(strstr(s, "a debug line"));
	free(s);

	/* The mouse: a click on a tab focuses that panel; a click on a row selects it. */
	s = render_text(w.ui, 80, 24, false);
	free(s);
	nw_ui_key(w.ui, NW_KEY_MOUSE(NW_MOUSE_CLICK, 30, 4)); /* the "3 Qdiscs" tab */
	assert_string_equal(nw_ui_focus(w.ui)->name, "Qdiscs");
	s = render_text(w.ui, 200, 50, false);
	y = screen_row(s, "198.51.100.2     PERMANENT");
	assert_true(y > 0);
	free(s);
	nw_ui_key(w.ui, NW_KEY_MOUSE(NW_MOUSE_CLICK, 150, y)); /* that row of the Neighbours panel (top right) */
	assert_string_equal(nw_ui_focus(w.ui)->name, "Neighbours");
	s = render_text(w.ui, 200, 50, false);
	assert_int_equal(role_at(s, "198.51.100.2     PERMANENT", 0), nw_canvas_role_char(NW_ROLE_SELECTION));
	free(s);
	nw_ui_key(w.ui, NW_KEY_MOUSE(NW_MOUSE_WHEEL_UP, 150, 10));
	keys(w.ui, "1");

	/* Search moves the selection to the matching row (the neighbours' selection on their first row). */
	keys(w.ui, "2g1");
	keys(w.ui, "g");
	keys(w.ui, "/198.51.100.1    >\n");
	s = render_text(w.ui, 200, 50, false);
	assert_int_equal(role_at(s, "198.51.100.1    > 198.51.100.2", 0), nw_canvas_role_char(NW_ROLE_SELECTION));
	/* The neighbour entry for 198.51.100.2 relates to the selected frame: marked in its panel. */
	assert_int_equal(role_at(s, "198.51.100.2     PERMANENT", 0), nw_canvas_role_char(NW_ROLE_RELATED));
	free(s);
	world_teardown(&w);
}

/*
 * Prompts edit as readline does: the old value comes selected and a typed
 * character replaces it (a user typing "tcp port 80" over "icmp or arp" got
 * "icmp or arptcp port 80"); Ctrl-U clears, Ctrl-W erases a word, Backspace
 * edits the old value.  The header names the capture filter in force.
 */
static void test_prompts(void **state)
{
	struct world w;
	char *s;

	(void)state;
	world_setup(&w);
	stale_peer_arp(&w);
	s = render_text(w.ui, 200, 50, false);
	assert_non_null(strstr(s, "capture 'arp or icmp'"));
	free(s);
	keys(w.ui, "ctcp port 80\n");
	assert_string_equal(applied_filter, "tcp port 80");
	s = render_text(w.ui, 200, 50, false);
	assert_non_null(strstr(s, "capture 'tcp port 80'"));
	assert_null(strstr(s, "arp or icmp"));
	free(s);
	keys(w.ui, "c");
	nw_ui_key(w.ui, NW_KEY_BACKSPACE);
	keys(w.ui, "1\n");
	assert_string_equal(applied_filter, "tcp port 81");
	keys(w.ui, "c");
	nw_ui_key(w.ui, NW_KEY_CTRL_U);
	keys(w.ui, "udp\n");
	assert_string_equal(applied_filter, "udp");
	keys(w.ui, "c");
	nw_ui_key(w.ui, NW_KEY_END);
	keys(w.ui, " or arp");
	nw_ui_key(w.ui, NW_KEY_CTRL_W);
	keys(w.ui, "icmp\n");
	assert_string_equal(applied_filter, "udp or icmp");
	/* Empty: captures all, and the header says nothing of a filter. */
	keys(w.ui, "c");
	nw_ui_key(w.ui, NW_KEY_CTRL_U);
	keys(w.ui, "\n");
	assert_string_equal(applied_filter, "");
	s = render_text(w.ui, 200, 50, false);
	assert_null(strstr(s, "capture '"));
	free(s);
	/* The display filter prompt: the same editing. */
	keys(w.ui, "1\\0a:01\n");
	keys(w.ui, "\\");
	s = render_text(w.ui, 80, 24, false);
	assert_non_null(strstr(s, "filter (empty clears): 0a:01"));
	assert_int_equal(role_at(s, "0a:01 ", 0), nw_canvas_role_char(NW_ROLE_SELECTION));
	free(s);
	keys(w.ui, "198.51.100.9\n");
	s = render_text(w.ui, 80, 24, false);
	assert_non_null(strstr(s, "filter \"198.51.100.9\""));
	free(s);
	keys(w.ui, "\\");
	nw_ui_key(w.ui, NW_KEY_CTRL_U);
	nw_ui_key(w.ui, NW_KEY_ENTER);
	s = render_text(w.ui, 80, 24, false);
	assert_null(strstr(s, "filter \""));
	free(s);
	/* A scope text ending in the start's filter (cli's) does not repeat it, stale after c. */
	{
		struct nw_ui_opts o = { .scope = "netns x  if lo  filter icmp", .host = "h",
					.set_capture_filter = fake_filter, .capture_filter = "icmp" };
		struct nw_ui *ui = nw_ui_new(w.fx.bus, &o);

		keys(ui, "cudp\n");
		s = render_text(ui, 200, 50, false);
		assert_non_null(strstr(s, "netwhy h | netns x  if lo | capture 'udp' |"));
		assert_null(strstr(s, "icmp"));
		free(s);
		nw_ui_free(ui);
	}
	world_teardown(&w);
}

/* A message longer than the status line says so; m shows every message whole, newest first. */
static void test_messages(void **state)
{
	struct world w;
	char *s, *a, *b;

	(void)state;
	world_setup(&w);
	stale_peer_arp(&w);
	nw_warn("an older warning");
	nw_error("capture on veth-p failed: the interface went away while netwhy read it; it is watched again "
		 "when it comes back (THE-END)");
	s = render_text(w.ui, 80, 24, false);
	assert_null(strstr(s, "THE-END"));
	assert_non_null(strstr(s, "[m: whole]"));
	free(s);
	keys(w.ui, "m");
	assert_true(nw_ui_help_open(w.ui));
	s = render_text(w.ui, 80, 24, false);
	assert_non_null(strstr(s, "Messages"));
	assert_non_null(strstr(s, "(THE-END)"));
	a = strstr(s, "capture on veth-p failed");
	b = strstr(s, "an older warning");
	assert_true(a && b && a < b); /* newest first */
	free(s);
	keys(w.ui, "x");
	assert_false(nw_ui_help_open(w.ui));
	world_teardown(&w);
}

/* The focused panel is marked (a glyph and a filled title), not only by a border colour. */
static void test_focus_marker(void **state)
{
	struct world w;
	char *s;

	(void)state;
	world_setup(&w);
	stale_peer_arp(&w);
	keys(w.ui, "2");
	s = render_text(w.ui, 200, 50, true);
	assert_non_null(strstr(s, "+* 2 Neighbours"));
	assert_non_null(strstr(s, "+- 1 Packets"));
	assert_int_equal(role_at(s, " 2 Neighbours", 1), nw_canvas_role_char(NW_ROLE_TAB_ACTIVE));
	assert_int_equal(role_at(s, " 1 Packets", 1), nw_canvas_role_char(NW_ROLE_PANEL_TITLE));
	free(s);
	world_teardown(&w);
}

/* No findings: the strip is one line, the panels get the rows. */
static void test_empty_findings(void **state)
{
	struct world w;
	char *s;

	(void)state;
	world_setup(&w);
	fx_source(&w.fx, "netlink", 1, NULL);
	s = render_text(w.ui, 200, 50, false);
	assert_non_null(strstr(s, "Findings (0)"));
	assert_int_equal(screen_row(s, "Findings (0)"), 1);
	assert_int_equal(screen_row(s, "1 Packets"), 2);
	free(s);
	world_teardown(&w);
}

/* At 80x24 the explain box shows several steps at once and PgDn pages it by a screenful. */
static void test_explain_pages(void **state)
{
	struct world w;
	char *s;

	(void)state;
	world_setup(&w);
	htb_arp_drop(&w);
	keys(w.ui, "f");
	assert_true(select_finding(w.ui, "EHOSTUNREACH"));
	keys(w.ui, "e");
	s = render_text(w.ui, 80, 24, false);
	assert_non_null(strstr(s, "1. [socket]"));
	assert_non_null(strstr(s, "2. ["));
	assert_non_null(strstr(s, "PgDn"));
	free(s);
	nw_ui_key(w.ui, NW_KEY_PGDN);
	s = render_text(w.ui, 80, 24, false);
	assert_null(strstr(s, "1. [socket]"));
	assert_non_null(strstr(s, "Explain: step 1 of")); /* the step stays */
	free(s);
	nw_ui_key(w.ui, NW_KEY_PGUP);
	s = render_text(w.ui, 80, 24, false);
	assert_non_null(strstr(s, "1. [socket]"));
	free(s);
	world_teardown(&w);
}

/* r in a directory it cannot write: the report goes to $XDG_STATE_HOME/netwhy, and the message says where. */
static void test_report_fallback(void **state)
{
	struct world w;
	char cwd[4096], dir[] = "/tmp/nwtest-report.XXXXXX", ro[4200], xdg[4200], path[4400];
	const char *msg, *at;

	(void)state;
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_non_null(mkdtemp(dir));
	snprintf(ro, sizeof(ro), "%s/ro", dir);
	snprintf(xdg, sizeof(xdg), "%s/state", dir);
	assert_int_equal(mkdir(ro, 0500), 0);
	assert_int_equal(chdir(ro), 0);
	setenv("XDG_STATE_HOME", xdg, 1);
	world_setup(&w);
	htb_arp_drop(&w);
	if (access(".", W_OK) == 0) {
		/* root ignores the mode: a directory on a read-only mount is not at hand, so make none writable */
		assert_int_equal(chdir("/proc"), 0);
	}
	keys(w.ui, "r");
	msg = nw_log_last()->msg;
	at = strstr(msg, "report written to ");
	if (!at)
		fail_msg("no report: %s", msg);
	assert_non_null(strstr(msg, "not writable"));
	snprintf(path, sizeof(path), "%s/netwhy/", xdg);
	assert_memory_equal(at + strlen("report written to "), path, strlen(path));
	snprintf(path, sizeof(path), "%.*s", (int)strcspn(at + strlen("report written to "), " "),
		 at + strlen("report written to "));
	assert_int_equal(access(path, R_OK), 0);
	unlink(path);
	world_teardown(&w);
	assert_int_equal(chdir(cwd), 0);
	unsetenv("XDG_STATE_HOME");
	snprintf(path, sizeof(path), "rm -rf %s", dir);
	assert_int_equal(system(path), 0);
}

/*
 * A replay: the header shows the recording's sources as replayed (they
 * ended the recording "off"), one that lost records while recording says
 * so; ages count from the recording's last event, not from the clock.
 */
static void test_replay(void **state)
{
	struct world w;
	char *s;

	(void)state;
	world_replay = true;
	world_setup(&w);
	world_replay = false;
	fx_source(&w.fx, "netlink", NW_SOURCE_RUNNING, NULL);
	fx_source(&w.fx, "pcap:veth-p", NW_SOURCE_RUNNING, NULL);
	scn_stale_peer_arp(&w.fx, 250);
	fx_nfindings(&w.fx, -1);
	fx_source(&w.fx, "netlink", NW_SOURCE_OFF, NULL);
	fx_source(&w.fx, "pcap:veth-p", NW_SOURCE_OFF, NULL);
	fx_source(&w.fx, "bpf:drops", NW_SOURCE_DEGRADED, "lost records");
	nw_ui_set_now(w.ui, w.fx.now + 3600000000000ull); /* replayed an hour later */
	s = render_text(w.ui, 200, 50, false);
	assert_non_null(strstr(s, "netlink replayed"));
	assert_non_null(strstr(s, "pcap:veth-p replayed"));
	assert_non_null(strstr(s, "bpf:drops degraded"));
	assert_null(strstr(s, " off "));
	assert_null(strstr(s, "60m"));
	assert_null(strstr(s, "1h"));
	assert_non_null(strstr(s, "   0.0s ")); /* the finding's age: its frames were the last ones */
	free(s);
	world_teardown(&w);
}

/* Units and names, not raw numbers: qdisc counters say pkt/bytes, l2 flags by name, ICMP echo id and seq. */
static void test_units(void **state)
{
	struct world w;
	struct nw_event ev;
	char *s;

	(void)state;
	world_setup(&w);
	htb_arp_drop(&w);
	packet_ev(&w, &ev, SCN_NS_CTR, 2, "eth0", NW_DIR_OUT, 98);
	ev.u.packet.ethertype = 0x0800;
	ev.u.packet.l4proto = IPPROTO_ICMP;
	ev.u.packet.arp_op = 8 << 8;
	ev.u.packet.icmp_id = 12984;
	ev.u.packet.icmp_seq = 3;
	ev.u.packet.src = fx_ip("192.0.2.2");
	ev.u.packet.dst = fx_ip("192.0.2.1");
	ev.u.packet.l2_flags = NW_L2_NEIGH_CONFLICT | NW_L2_IF_UNKNOWN;
	nw_bus_submit(w.fx.bus, &ev);
	keys(w.ui, "1G\n");
	s = render_text(w.ui, 200, 50, false);
	assert_non_null(strstr(s, "echo request, id 12984, seq 3"));
	assert_non_null(strstr(s, "l2 flags neigh_conflict,if_unknown"));
	assert_null(strstr(s, "0x204"));
	free(s);
	keys(w.ui, "3");
	s = render_text(w.ui, 200, 50, false);
	assert_non_null(strstr(s, " pkt "));
	assert_non_null(strstr(s, " bytes "));
	free(s);
	world_teardown(&w);
}

/* A socket error of pid/fd (cookie 1000 + fd) at 10 ms after the last event. */
static void sock_err(struct world *w, uint32_t pid, const char *comm, int32_t fd, uint16_t family, uint8_t type,
		     uint16_t protocol, int err, int32_t syscall)
{
	struct nw_event ev;

	nw_event_init(&ev, NW_EV_SOCK_ERR, NW_ORIGIN_BPF);
	w->fx.now += 10000000;
	ev.ts = w->fx.now;
	ev.netns_ino = SCN_NS_CTR;
	ev.u.sock.pid = ev.u.sock.tid = pid;
	ev.u.sock.fd = fd;
	ev.u.sock.sk_family = family;
	ev.u.sock.sk_type = type;
	ev.u.sock.sk_protocol = protocol;
	ev.u.sock.err = err;
	ev.u.sock.syscall = syscall;
	ev.u.sock.sk_cookie = 1000 + (uint64_t)fd;
	nw_strlcpy(ev.u.sock.comm, comm, sizeof(ev.u.sock.comm));
	if (family == AF_INET) {
		ev.u.sock.laddr = fx_ip("192.0.2.2");
		ev.u.sock.raddr = fx_ip("192.0.2.1");
		ev.u.sock.rport = 53;
	}
	nw_bus_submit(w->fx.bus, &ev);
}

/*
 * Sockets: glibc's NSS probe (a unix connect to nscd's missing socket,
 * ENOENT) and netwhy's own sockets are counted, not listed as errors;
 * protocols by name (unix/stream, raw/ICMP, netlink/route), a local port
 * not known at the error is "-" or sock_diag's; the newest errors stay in
 * view however many came before.
 */
static void test_sockets(void **state)
{
	struct world w;
	struct nw_event ev;
	char *s;

	(void)state;
	world_setup(&w);
	nw_names_set(nw_names_table(NW_NAMES_ERRNO), ENOENT, "ENOENT");
	nw_names_set(nw_names_table(NW_NAMES_ERRNO), EPERM, "EPERM");
	fx_source(&w.fx, "bpf:sockerr", NW_SOURCE_RUNNING, NULL);
	for (int i = 0; i < 3; i++)
		sock_err(&w, 700, "id", 3, AF_UNIX, SOCK_STREAM, 0, ENOENT, SYS_connect);
	sock_err(&w, (uint32_t)getpid(), "netwhy", 9, AF_UNIX, SOCK_STREAM, 0, ECONNREFUSED, SYS_connect);
	sock_err(&w, 701, "pinger", 4, AF_INET, SOCK_RAW, IPPROTO_ICMP, EPERM, SYS_sendto);
	sock_err(&w, 702, "nlclient", 5, AF_NETLINK, SOCK_RAW, 0, ENOBUFS, SYS_recvmsg);
	sock_err(&w, 703, "dig", 6, AF_INET, SOCK_DGRAM, IPPROTO_UDP, EHOSTUNREACH, SYS_sendto);
	/* sock_diag knows the dig socket's local port. */
	nw_event_init(&ev, NW_EV_SOCK_INFO, NW_ORIGIN_NETLINK);
	ev.ts = w.fx.now;
	ev.netns_ino = SCN_NS_CTR;
	ev.u.sockinfo.sk_family = AF_INET;
	ev.u.sockinfo.sk_type = SOCK_DGRAM;
	ev.u.sockinfo.sk_protocol = IPPROTO_UDP;
	ev.u.sockinfo.cookie = 1006;
	ev.u.sockinfo.inode = 77;
	ev.u.sockinfo.lport = 40000;
	nw_bus_submit(w.fx.bus, &ev);
	keys(w.ui, "4");
	s = render_text(w.ui, 200, 50, false);
	assert_null(strstr(s, "pid 700 id"));
	assert_null(strstr(s, "netwhy netns"));
	assert_non_null(strstr(s, "routine, not listed: 3 unix connects found no socket file"));
	assert_non_null(strstr(s, "netwhy's own sockets not listed (1)"));
	assert_non_null(strstr(s, "raw/ICMP"));
	assert_non_null(strstr(s, "netlink/route"));
	assert_null(strstr(s, "af1/"));
	assert_null(strstr(s, "raw/1 "));
	assert_non_null(strstr(s, "192.0.2.2:40000 > 192.0.2.1:53"));
	free(s);
	/* Many processes later, the newest is on screen at 80x24 and selected. */
	for (uint32_t pid = 800; pid < 830; pid++)
		sock_err(&w, pid, "worker", 3, AF_INET, SOCK_STREAM, IPPROTO_TCP, EHOSTUNREACH, SYS_connect);
	sock_err(&w, 900, "newest", 3, AF_INET, SOCK_DGRAM, IPPROTO_UDP, EHOSTUNREACH, SYS_sendto);
	s = render_text(w.ui, 80, 24, false);
	assert_non_null(strstr(s, "pid 900 newest"));
	assert_non_null(strstr(s, "192.0.2.2:- > 192.0.2.1:53"));
	assert_int_equal(role_at(s, "  \xe2\x96\xb8 fd 3   udp", 0), nw_canvas_role_char(NW_ROLE_SELECTION));
	free(s);
	world_teardown(&w);
}

/*
 * A foreign capture's frames have no direction: drawn as unknown (not as
 * received), and their ARP requests and replies counted apart from the
 * neighbour's "req out" and "replies in".
 */
static void test_direction_unknown(void **state)
{
	struct world w;
	char *s;

	(void)state;
	world_setup(&w);
	fx_source(&w.fx, "pcap:eth1", NW_SOURCE_RUNNING, NULL);
	fx_arp(&w.fx, 10, SCN_NS_HOST, 7, "eth1", NW_DIR_UNKNOWN, 1, "02:00:00:00:07:01", "ff:ff:ff:ff:ff:ff",
	       "203.0.113.1", "203.0.113.2");
	fx_arp(&w.fx, 10, SCN_NS_HOST, 7, "eth1", NW_DIR_UNKNOWN, 1, "02:00:00:00:07:01", "ff:ff:ff:ff:ff:ff",
	       "203.0.113.1", "203.0.113.2");
	fx_ip_pkt(&w.fx, 10, SCN_NS_HOST, 7, "eth1", NW_DIR_UNKNOWN, IPPROTO_UDP, "02:00:00:00:07:01",
		  "02:00:00:00:07:02", "203.0.113.1", "203.0.113.2", 0);
	nw_ui_set_now(w.ui, w.fx.now);
	s = render_text(w.ui, 200, 50, true);
	assert_null(strstr(s, "eth1    < "));
	assert_null(strstr(s, "eth1    > "));
	assert_non_null(strstr(s, "eth1    .  203.0.113.1"));
	free(s);
	keys(w.ui, "2o"); /* the whole width for the neighbour's row */
	s = render_text(w.ui, 200, 50, true);
	assert_null(strstr(s, "req out"));
	assert_non_null(strstr(s, "req 2 replies 0 (direction unknown)"));
	free(s);
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

/* Random keys at random sizes, with events arriving between them: no crash, no sanitizer report. */
static void test_random_keys(void **state)
{
	static const int special[] = { NW_KEY_UP, NW_KEY_DOWN, NW_KEY_LEFT, NW_KEY_RIGHT, NW_KEY_PGUP,
				       NW_KEY_PGDN, NW_KEY_HOME, NW_KEY_END, NW_KEY_BTAB, NW_KEY_BACKSPACE,
				       NW_KEY_RESIZE, NW_KEY_ESC, NW_KEY_ENTER, NW_KEY_TAB, NW_KEY_F(1),
				       NW_KEY_F(5), NW_KEY_F(6), NW_KEY_F(9), NW_KEY_CTRL_L, NW_KEY_SPECIAL };
	struct world w;
	unsigned seed = 42;
	struct nw_canvas *c = nw_canvas_new(80, 24, false);

	(void)state;
	world_setup(&w);
	htb_arp_drop(&w);
	stale_peer_arp(&w);
	for (int i = 0; i < 20000; i++) {
		int key;

		seed = seed * 1103515245u + 12345u;
		if ((seed >> 16) % 3)
			key = 32 + (int)((seed >> 8) % 95);
		else
			key = special[(seed >> 8) % (sizeof(special) / sizeof(special[0]))];
		if (key == 'q' || key == 'r' || key == 'R')
			continue; /* quitting is the caller's business; r writes files */
		nw_ui_key(w.ui, key);
		if (i % 50 == 0) {
			nw_canvas_resize(c, 1 + (int)((seed >> 4) % 220), 1 + (int)((seed >> 12) % 70));
			fx_arp(&w.fx, 7, SCN_NS_CTR, 2, "eth0", NW_DIR_OUT, 1, SCN_CTR_MAC, "ff:ff:ff:ff:ff:ff",
			       "192.0.2.2", "192.0.2.1");
			fx_nfindings(&w.fx, -1);
		}
		if (i % 5 == 0)
			nw_ui_draw(w.ui, c);
	}
	nw_canvas_free(c);
	world_teardown(&w);
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
		cmocka_unit_test(test_interaction),
		cmocka_unit_test(test_prompts),
		cmocka_unit_test(test_replay),
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_sockets),
		cmocka_unit_test(test_direction_unknown),
		cmocka_unit_test(test_messages),
		cmocka_unit_test(test_focus_marker),
		cmocka_unit_test(test_empty_findings),
		cmocka_unit_test(test_explain_pages),
		cmocka_unit_test(test_report_fallback),
		cmocka_unit_test(test_random_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
