/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The UI's state, shared by the files that draw its parts (ui.c, statusbar.c, help.c, findings.c). */
#ifndef NW_TUI_UI_INT_H
#define NW_TUI_UI_INT_H

#include "core/diag/explain.h"
#include "tui/canvas.h"
#include "tui/layout.h"
#include "tui/panel.h"
#include "tui/ui.h"

struct nw_ui {
	struct nw_ui_ctx ctx;
	struct nw_panel *panels[NW_PANELS_MAX]; /* one per entry of nw_panels[], in its order */
	struct nw_panel findings; /* the strip is a list too: it scrolls and selects */
	bool findings_focused;
	size_t focus; /* index in panels[] */
	bool zoom;
	bool help_open;
	bool messages; /* the help box shows the message history (m), not the help */
	int help_top;
	int help_page; /* lines the help showed last time: a page */
	int prompt; /* 0, '/' (search), '\\' (filter) or 'c' (capture filter) */
	int (*set_capture_filter)(void *arg, const char *filter, char *err, size_t errsize);
	void *capture_filter_arg;
	char capture_filter[256];
	char prompt_buf[256];
	bool prompt_fresh; /* prompt_buf is the old value, selected: a typed character replaces it */
	bool dirty;
	struct nw_layout layout; /* of the last draw, for mouse clicks */
	bool replay;
	uint64_t newest_ts;
	uint64_t paused_now;
	char scope[160];
	char host[64];
	/* Sources' health, from their NW_EV_SOURCE events (rare: kept here, not left to the ring). */
	struct nw_source_ev sources[16];
	size_t nsources, sources_dropped;
	/* the explain view */
	struct nw_explanation *expl; /* allocated on first use */
	bool expl_open;
	size_t expl_step;
	int expl_top;
	bool expl_paged; /* PgUp/PgDn scrolled the box: it no longer follows the step */
	int expl_page;   /* lines the box showed last time */
};

struct nw_finding;
/* Findings visible now, newest first; caller frees the array. */
const struct nw_finding **nw_ui_findings_sorted(const struct nw_ui_ctx *ctx, size_t *n);
/* Explain keys: returns NW_REDRAW_UNHANDLED when the view did not use the action. */
unsigned nw_ui_explain_action(struct nw_ui *ui, enum nw_action act);
void nw_ui_draw_explain(struct nw_ui *ui, struct nw_canvas *c, struct nw_rect r);
void nw_ui_source_update(struct nw_ui *ui, const struct nw_event *ev);

extern const struct nw_panel_ops nw_findings_ops;

void nw_ui_draw_header(struct nw_ui *ui, struct nw_canvas *c, struct nw_rect r);
void nw_ui_draw_findings(struct nw_ui *ui, struct nw_canvas *c, struct nw_rect r);
void nw_ui_draw_keybar(struct nw_ui *ui, struct nw_canvas *c, struct nw_rect r);
void nw_ui_draw_status(struct nw_ui *ui, struct nw_canvas *c, struct nw_rect r);
void nw_ui_draw_help(struct nw_ui *ui, struct nw_canvas *c, struct nw_rect r);

#endif
