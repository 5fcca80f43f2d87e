/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Panels: objects with a const ops table (draw, on_key, resize, free), as in
 * htop.  Key handlers change state and return what to redraw; only draw()
 * draws.  Most panels are lists: ops->collect() builds rows (text with a
 * role per cell and a key that survives new data), and the generic list code
 * here selects, scrolls, filters and searches them, so every panel moves the
 * same way.
 *
 * Panels read data through the const pointers in struct nw_ui_ctx, owned by
 * the UI; a panel never holds a pointer into another panel.
 */
#ifndef NW_TUI_PANEL_H
#define NW_TUI_PANEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/event.h"
#include "tui/canvas.h"
#include "tui/keys.h"

struct nw_bus;
struct nw_models;

/*
 * A captured packet's bytes and annotation by its store_ref (main.c wraps
 * capture/pkt_store.h, which the TUI may not include); false when evicted.
 */
typedef bool (*nw_packet_bytes_fn)(void *arg, uint64_t store_ref, const uint8_t **data, uint32_t *caplen,
				   const char **note);

/* The name of one bit of a flag word ("dst_mismatch"), NULL for a bit it does not know. */
typedef const char *(*nw_flag_name_fn)(uint32_t bit);

/* What panels read.  Owned by the UI; panels only read it. */
struct nw_ui_ctx {
	const struct nw_bus *bus;
	/* core/diag/correlate.h: the models panels read, findings, explain; NULL: panels say it is missing */
	const struct nw_models *models;
	nw_packet_bytes_fn packet_bytes; /* the hex view's bytes; NULL: no hex view */
	void *packet_bytes_arg;
	nw_flag_name_fn l2_flag_name; /* capture/l2check.h's names, through main.c; NULL: hex only */
	uint32_t self_pid; /* netwhy's own pid, whose sockets are not listed; 0 in a replay */
	uint64_t now;     /* CLOCK_MONOTONIC ns, for "time in state" */
	uint64_t t0;      /* ts of the first event seen: packet times are relative to it */
	uint64_t upto_id; /* paused: only events with id <= upto_id; UINT64_MAX when live */
	bool ascii;
	/* The focused panel's selected row, for highlighting related rows elsewhere. */
	struct nw_row_link *sel_link;
};

/* Redraw flags returned by key handlers. */
enum nw_redraw {
	NW_REDRAW_NONE = 0,
	NW_REDRAW_PANEL = 1u << 0,
	NW_REDRAW_ALL = 1u << 1,
	NW_REDRAW_UNHANDLED = 1u << 8, /* the panel did not use the key */
};

/* What a row is about, for linking panels: same namespace and interface, IP or MAC. */
struct nw_row_link {
	uint64_t netns_ino;
	char ifname[NW_IFNAMSIZ];
	struct nw_addr ip, ip2; /* a packet has two */
	struct nw_mac mac, mac2; /* unicast link-layer addresses (a packet's two, a neighbour's lladdr) */
	bool valid;
};

#define NW_ROW_MAX 400

struct nw_row {
	uint64_t key;      /* identity (nw_row_key()): selection follows it as rows come and go */
	uint64_t id;       /* the event or finding the row shows, when the panel needs it back; else 0 */
	uint16_t len;      /* bytes used in text */
	uint16_t cells;    /* cells used */
	uint8_t indent;    /* tree depth (qdisc classes, timelines) */
	bool expandable, expanded;
	bool lazy;         /* text not written yet: ops->format() writes it when the row is needed */
	const void *ref;   /* what the row shows, for ops->format() */
	struct nw_row_link link;
	char text[NW_ROW_MAX];
	uint8_t role[NW_ROW_MAX]; /* role of the cell whose UTF-8 starts at this byte */
};

struct nw_rows {
	struct nw_row *v;
	size_t n, cap;
};

/*
 * Row identity, made here and nowhere else: a hash (core/util.h's
 * nw_hash_bytes) of what the row shows (a model record's key, an event id;
 * NULL and 0 for a row that is the only one of its kind), the panel's tag for
 * the kind of row (so a device's row and its first entry's differ) and the
 * key of the row it hangs under (0 for none).  The same object gives the same
 * key on every redraw, so the selection and the expanded rows follow their
 * rows while others come, go or are evicted.  Never 0 (0 means "no row").
 */
uint64_t nw_row_key(uint64_t parent, unsigned tag, const void *what, size_t len);

struct nw_row *nw_rows_push(struct nw_rows *rows, uint64_t key);
void nw_rows_reset(struct nw_rows *rows);
void nw_rows_free(struct nw_rows *rows);

/* Appends formatted text in role (clipped at NW_ROW_MAX). */
void nw_row_add(struct nw_row *row, enum nw_role role, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Appends text padded (or cut) to exactly w cells. */
void nw_row_col(struct nw_row *row, int w, enum nw_role role, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void nw_row_glyph(struct nw_row *row, bool ascii, enum nw_glyph g, enum nw_role role);
/* Appends spaces up to cell column col. */
void nw_row_pad(struct nw_row *row, int col);
/* A bar of w cells: filled/total, with marks at the thresholds (0 = none). */
void nw_row_gauge(struct nw_row *row, bool ascii, int w, uint64_t value, uint64_t t1, uint64_t t2,
		  uint64_t t3);
/*
 * Same IP or unicast MAC (either of two), or the same interface in the same
 * namespace when a has no address.
 */
bool nw_row_link_related(const struct nw_row_link *a, const struct nw_row_link *b);
/* Case-insensitive substring test on the row's text. */
bool nw_row_contains(const struct nw_row *row, const char *needle);

struct nw_panel;

/*
 * A panel's const descriptor.  The panels are listed once, in tab order, in
 * tui/panels.c; the layout, tab bar, hotkeys, help and explain's jumps all
 * walk that list, so a new panel is its own file, a line there and a line in
 * tui/local.mk.
 */
struct nw_panel_ops {
	const char *name;  /* tab and title: "Packets" */
	int hotkey;        /* the key that focuses it: '1' (no key of tui/keys.c) */
	const char *help;  /* the help screen's paragraph about this panel */
	uint32_t events;   /* NW_EVMASK() of the event types its rows show: explain jumps here, on_event */
	uint32_t layers;   /* NW_CLMASK() of the cause layers whose explain steps show here */
	bool tail;         /* a log: newest row last, the selection follows it until moved */
	/* Optional: sets up p->priv (freed by ->free). */
	void (*init)(struct nw_panel *p);
	/* Optional: an event of a type in `events` reached the bus (paused or not). */
	void (*on_event)(struct nw_panel *p, const struct nw_event *ev);
	/* Lists: fill rows and the column heading (NULL for none). */
	void (*collect)(struct nw_panel *p, struct nw_rows *rows, struct nw_row *heading);
	/*
	 * Optional: writes the text of a row collected lazy (key, link and ref
	 * only), so a list of thousands formats only what is drawn, filtered
	 * or searched.
	 */
	void (*format)(struct nw_panel *p, struct nw_row *row);
	void (*draw)(struct nw_panel *p, struct nw_canvas *c, struct nw_rect r);
	unsigned (*on_key)(struct nw_panel *p, enum nw_action act);
	void (*resize)(struct nw_panel *p, int w, int h);
	void (*free)(struct nw_panel *p);
	/* The key of the row that shows this event (explain jumps there); 0 when none. */
	uint64_t (*row_for_event)(struct nw_panel *p, const struct nw_event *ev);
};

struct nw_panel {
	const struct nw_panel_ops *ops;
	const struct nw_ui_ctx *ctx;
	void *priv;
	/* list state */
	struct nw_rows rows;   /* as collected (unfiltered) */
	size_t *shown;         /* indices of rows passing the filter */
	size_t nshown, shown_cap;
	struct nw_row heading;
	uint64_t sel_key;
	size_t sel, top;       /* positions in shown[] */
	bool tail;             /* a log (packets): newest last, the selection may follow it */
	bool follow;           /* tail: the selection sticks to the newest row */
	bool have_sel;
	bool hide_sel;         /* draw no selection (the unfocused findings strip) */
	int hscroll;
	int view_w, view_h;    /* rows area of the last draw */
	struct nw_rect view;   /* where those rows were on the screen (mouse clicks) */
	char filter[64];
	char search[64];
	/* Lazy rows' filter verdicts (key -> match), valid for one filter text and width. */
	struct nw_filter_cache *fcache;
	/* detail pane (packets, neighbours): key of the expanded row */
	uint64_t expanded[64];
	size_t nexpanded;
};

void nw_panel_init(struct nw_panel *p, const struct nw_panel_ops *ops, const struct nw_ui_ctx *ctx);
/* A panel of the table: allocated and initialised (ops->init); nw_panel_free() frees it. */
struct nw_panel *nw_panel_new(const struct nw_panel_ops *ops, const struct nw_ui_ctx *ctx);
void nw_panel_fini(struct nw_panel *p);
void nw_panel_free(struct nw_panel *p);

/* The generic list: collect, filter, keep the selection, draw heading and rows. */
void nw_panel_draw_list(struct nw_panel *p, struct nw_canvas *c, struct nw_rect r);
/* Only the collect/filter/selection part (for panels with their own drawing). */
void nw_panel_refresh(struct nw_panel *p);
/* Navigation keys; returns NW_REDRAW_UNHANDLED for others. */
unsigned nw_panel_list_key(struct nw_panel *p, enum nw_action act);
/* Selects the row with this key (after the next refresh when not collected yet). */
void nw_panel_select_key(struct nw_panel *p, uint64_t key);
/* Moves the selection to the next (dir > 0) or previous row containing p->search. */
bool nw_panel_search(struct nw_panel *p, int dir);
/* Selects the row drawn at screen cell (x, y); false when that is not a row of this panel. */
bool nw_panel_click(struct nw_panel *p, int x, int y);
/* The selected row, NULL when the list is empty. */
const struct nw_row *nw_panel_selected(const struct nw_panel *p);
bool nw_panel_is_expanded(const struct nw_panel *p, uint64_t key);
void nw_panel_toggle_expanded(struct nw_panel *p, uint64_t key);
void nw_panel_resize(struct nw_panel *p, int w, int h);

/* Draws one row at (x, y), w cells from column hscroll; role overrides when not DEFAULT. */
void nw_panel_draw_row(struct nw_canvas *c, const struct nw_row *row, int x, int y, int w, int hscroll,
		       enum nw_role over);

/* The panels, in tab order (tui/panels.c). */
extern const struct nw_panel_ops *const nw_panels[];
extern const size_t nw_npanels;
/* The index in nw_panels of the panel whose hotkey is key; -1 when none. */
int nw_panels_find_key(int key);

/* Shared formatting helpers (tui/fmt.c). */
const char *nw_fmt_ns(uint64_t netns_ino, char *buf, size_t size); /* name or inode, "-" when 0 */
const char *nw_fmt_dur(uint64_t ns, char *buf, size_t size);       /* "3.0s", "12m", "2h" */
const char *nw_fmt_count(uint64_t v, char *buf, size_t size);      /* "1234", "12k", "3.4M" */
const char *nw_fmt_addr(const struct nw_addr *a, char *buf, size_t size); /* "-" when none */
bool nw_addr_same(const struct nw_addr *a, const struct nw_addr *b);
/* Events of the bus ring visible now (paused: up to ctx->upto_id), oldest first. */
typedef void (*nw_ev_visit)(const struct nw_event *ev, void *arg);
size_t nw_ctx_each_event(const struct nw_ui_ctx *ctx, uint32_t type_mask, nw_ev_visit fn, void *arg);
#define NW_EVMASK(t) (1u << (t))
#define NW_CLMASK(l) (1u << (l)) /* enum nw_cause_layer (core/diag/explain.h) */

/* Does the panel show events of this type (its `events` mask)? */
static inline bool nw_panel_shows(const struct nw_panel_ops *ops, const struct nw_event *ev)
{
	return ev->type < 32 && (ops->events & NW_EVMASK(ev->type));
}

#endif
