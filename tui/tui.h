/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The interactive screen, as main.c starts it:
 *
 *	struct nw_tui_opts o = { .theme = opt_theme, .no_color = opt_no_color, .models = models };
 *	struct nw_tui *tui = nw_tui_new(loop, bus, &o);
 *	if (!tui)
 *		-> the reason was logged (nw_error) and errno set; print it and exit
 *	nw_loop_run(loop);                (q, F10, SIGINT, SIGTERM, SIGHUP stop the loop)
 *	nw_tui_free(tui);                 (before the bus and the models)
 *
 * The TUI watches the terminal and a signal pipe on the loop, subscribes to
 * the bus (to know when to redraw), and redraws on a timer at most max_fps
 * times a second, only when something changed (or once a second, for the
 * "time in state" columns).  While it is up the log does not echo to stderr
 * (core/log.h); nw_tui_free() turns echo back on for warnings and errors.
 */
#ifndef NW_TUI_TUI_H
#define NW_TUI_TUI_H

#include <stdbool.h>
#include <stdint.h>

struct nw_loop;
struct nw_bus;
struct nw_models;
struct nw_tui;

struct nw_tui_opts {
	const char *theme;        /* --theme NAME or PATH; NULL = "default" */
	bool no_color;            /* --no-color (NO_COLOR in the environment counts too) */
	bool ascii;               /* ASCII line drawing even in a UTF-8 locale */
	const char *scope;        /* header: "netns lab-host,lab-ctr  if br0"; NULL = "all" */
	const char *host;         /* header: host name; NULL = gethostname() */
	bool replay;              /* -r FILE: "time in state" relative to the newest event */
	struct nw_models *models; /* what the panels read; NULL: the TUI builds its own on the bus */
	unsigned max_fps;         /* redraw cap; 0 = 20 */
	/*
	 * The hex view: a packet's bytes and annotation by nw_packet_ev.store_ref,
	 * e.g. a wrapper of nw_pkt_store_get() (capture/pkt_store.h); NULL: no hex view.
	 */
	bool (*packet_bytes)(void *arg, uint64_t store_ref, const uint8_t **data, uint32_t *caplen,
			     const char **note);
	void *packet_bytes_arg;
	/*
	 * The capture filter prompt (c, F9): applies a pcap filter to the live
	 * captures, 0 or -errno with err set (e.g. pcap_compile's message);
	 * NULL: the prompt says it cannot change (replay).  capture_filter: the
	 * filter given on the command line, shown for editing.
	 */
	int (*set_capture_filter)(void *arg, const char *filter, char *err, size_t errsize);
	void *capture_filter_arg;
	const char *capture_filter;
	/* The name of one nw_packet_ev.l2_flags bit (capture/l2check.h's nw_l2_flag_name); NULL: hex. */
	const char *(*l2_flag_name)(uint32_t bit);
};

struct nw_tui *nw_tui_new(struct nw_loop *loop, struct nw_bus *bus, const struct nw_tui_opts *opts);
/* Restores the terminal; unsubscribes; removes its fds and timer from the loop. */
void nw_tui_free(struct nw_tui *tui);
/* The user asked to quit (the loop was stopped for that reason). */
bool nw_tui_quit_requested(const struct nw_tui *tui);

#endif
