/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The screen's state and drawing, without a terminal: panels, focus, zoom,
 * help, prompts, pause, findings strip.  tui/tui.c feeds it keys from the
 * terminal and shows its canvas; tests feed it keys and read the canvas as
 * text (golden screens).
 */
#ifndef NW_TUI_UI_H
#define NW_TUI_UI_H

#include <stdbool.h>
#include <stdint.h>

#include "tui/canvas.h"
#include "tui/panel.h"

struct nw_bus;
struct nw_models;
struct nw_ui;

struct nw_ui_opts {
	bool ascii;          /* ASCII line drawing and glyphs */
	const char *scope;   /* header: "netns lab-host,lab-ctr  if br0" (NULL: "all") */
	const char *host;    /* header: host name (NULL: none) */
	bool replay;         /* times relative to the newest event, not the clock */
	nw_packet_bytes_fn packet_bytes; /* hex view (tui/panel.h); NULL: none */
	void *packet_bytes_arg;
	/* The capture filter prompt: 0 or -errno with err set; NULL: capture filters cannot change. */
	int (*set_capture_filter)(void *arg, const char *filter, char *err, size_t errsize);
	void *capture_filter_arg;
	const char *capture_filter; /* the filter the captures started with, "" or NULL for none */
	nw_flag_name_fn l2_flag_name; /* names of l2_flags bits (tui/panel.h); NULL: shown in hex */
};

/* Result bits of nw_ui_key() beyond enum nw_redraw. */
#define NW_UI_QUIT (1u << 9)

struct nw_ui *nw_ui_new(struct nw_bus *bus, const struct nw_ui_opts *opts);
void nw_ui_free(struct nw_ui *ui);
/* The models to read (core/diag/correlate.h, not owned); NULL: panels say what is missing. */
void nw_ui_set_models(struct nw_ui *ui, const struct nw_models *models);

/* Handles one key (enum NW_KEY_* or a character); returns enum nw_redraw bits | NW_UI_QUIT. */
unsigned nw_ui_key(struct nw_ui *ui, int key);
/* The monotonic time used for "time in state" (tests fix it). */
void nw_ui_set_now(struct nw_ui *ui, uint64_t now_ns);
/* Draws the whole screen into c (its size is the screen's). */
void nw_ui_draw(struct nw_ui *ui, struct nw_canvas *c);
/* Something changed since the last draw (new events, keys). */
bool nw_ui_dirty(const struct nw_ui *ui);
void nw_ui_mark_dirty(struct nw_ui *ui);
/* A bus subscriber (arg = ui): marks dirty. */
void nw_ui_on_event(const struct nw_event *ev, void *arg);

/* The focused panel (of tui/panels.c's table). */
const struct nw_panel_ops *nw_ui_focus(const struct nw_ui *ui);
bool nw_ui_zoomed(const struct nw_ui *ui);
bool nw_ui_help_open(const struct nw_ui *ui);
bool nw_ui_paused(const struct nw_ui *ui);
bool nw_ui_explaining(const struct nw_ui *ui);

#endif
