/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The screen on the event loop: terminal input, signals, the capped redraw timer. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/bus.h"
#include "core/diag/correlate.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/util.h"
#include "tui/keys.h"
#include "tui/term.h"
#include "tui/tui.h"
#include "tui/ui.h"

#define NW_TUI_TICK_NS 1000000000ull /* redraw at least this often: durations on screen move */

struct nw_tui {
	struct nw_loop *loop;
	struct nw_bus *bus;
	struct nw_ui *ui;
	struct nw_term *term;
	struct nw_canvas *canvas;
	struct nw_models *own_models; /* when main.c gave none */
	int64_t timer;
	bool subscribed, fd_in, fd_sig;
	bool quit, full;
	uint64_t last_draw;
	uint64_t frame_ns; /* the --fps cap: floods of events redraw no faster */
};

static void draw(struct nw_tui *tui)
{
	int w, h;

	nw_term_size(tui->term, &w, &h);
	if (w != nw_canvas_width(tui->canvas) || h != nw_canvas_height(tui->canvas))
		nw_canvas_resize(tui->canvas, w, h);
	nw_ui_set_now(tui->ui, nw_now_mono());
	nw_ui_draw(tui->ui, tui->canvas);
	nw_term_present(tui->term, tui->canvas, tui->full);
	tui->full = false;
	tui->last_draw = nw_now_mono();
}

static void quit(struct nw_tui *tui)
{
	tui->quit = true;
	nw_loop_stop(tui->loop);
}

static void on_input(struct nw_loop *loop, int fd, unsigned events, void *arg)
{
	struct nw_tui *tui = arg;
	int key;

	(void)loop;
	(void)fd;
	if (events & (NW_LOOP_HUP | NW_LOOP_ERR)) {
		/* The terminal went away (ssh dropped): nothing can be shown any more. */
		quit(tui);
		return;
	}
	while ((key = nw_term_read_key(tui->term)) >= 0) {
		unsigned r = nw_ui_key(tui->ui, key);

		if (key == NW_KEY_CTRL_L || key == NW_KEY_RESIZE)
			tui->full = true;
		if (r & NW_UI_QUIT) {
			quit(tui);
			return;
		}
	}
	/*
	 * A key is answered at once, not at the next tick (0-50 ms later): keys
	 * are rare, and a held key still draws no more often than the cap.
	 */
	if ((nw_ui_dirty(tui->ui) || tui->full) && nw_now_mono() - tui->last_draw >= tui->frame_ns)
		draw(tui);
}

static void on_signal(struct nw_loop *loop, int fd, unsigned events, void *arg)
{
	struct nw_tui *tui = arg;
	unsigned sig = nw_term_signals(tui->term);

	(void)loop;
	(void)fd;
	(void)events;
	if (sig & NW_TERM_SIG_QUIT) {
		quit(tui);
		return;
	}
	if (sig & NW_TERM_SIG_RESIZE) {
		tui->full = true;
		nw_ui_mark_dirty(tui->ui);
		draw(tui); /* at once: a resized terminal shows garbage until then */
	}
}

static bool on_timer(struct nw_loop *loop, void *arg)
{
	struct nw_tui *tui = arg;

	(void)loop;
	if (tui->own_models)
		nw_models_flush(tui->own_models);
	if (nw_ui_dirty(tui->ui) || tui->full || nw_now_mono() - tui->last_draw >= NW_TUI_TICK_NS)
		draw(tui);
	return true;
}

struct nw_tui *nw_tui_new(struct nw_loop *loop, struct nw_bus *bus, const struct nw_tui_opts *opts)
{
	static const struct nw_tui_opts defaults = { 0 };
	struct nw_term_opts topts;
	struct nw_ui_opts uopts;
	struct nw_tui *tui;
	char err[320], host[64] = "";
	unsigned fps;
	int rc;

	if (!opts)
		opts = &defaults;
	fps = opts->max_fps ? opts->max_fps : 20;
	topts = (struct nw_term_opts){ .theme = opts->theme, .no_color = opts->no_color, .ascii = opts->ascii };
	tui = nw_xcalloc(1, sizeof(*tui));
	tui->loop = loop;
	tui->bus = bus;
	tui->frame_ns = 1000000000ull / fps;
	tui->term = nw_term_open(&topts, err, sizeof(err));
	if (!tui->term) {
		nw_error("cannot start the screen: %s", err);
		free(tui);
		errno = ENOTTY;
		return NULL;
	}
	/* From here on stderr would scribble over the screen. */
	nw_log_set_echo(false, NW_LOG_ERROR);
	if (!opts->host && gethostname(host, sizeof(host) - 1) < 0)
		host[0] = '\0';
	uopts = (struct nw_ui_opts){ .ascii = nw_term_ascii(tui->term),
				     .scope = opts->scope,
				     .host = opts->host ? opts->host : host,
				     .replay = opts->replay,
				     .packet_bytes = opts->packet_bytes,
				     .packet_bytes_arg = opts->packet_bytes_arg,
				     .set_capture_filter = opts->set_capture_filter,
				     .capture_filter_arg = opts->capture_filter_arg,
				     .capture_filter = opts->capture_filter,
				     .l2_flag_name = opts->l2_flag_name };
	tui->ui = nw_ui_new(bus, &uopts);
	if (!opts->models) {
		tui->own_models = nw_models_new(bus, NULL);
		if (!tui->own_models) {
			rc = -ENOMEM;
			nw_error("cannot start the screen: the models could not be created");
			goto err_free;
		}
	}
	nw_ui_set_models(tui->ui, opts->models ? opts->models : tui->own_models);
	rc = nw_bus_subscribe(bus, nw_ui_on_event, tui->ui);
	if (rc < 0) {
		nw_error("cannot start the screen: the bus has no room for another subscriber (%s)", strerror(-rc));
		goto err_free;
	}
	tui->subscribed = true;
	tui->canvas = nw_canvas_new(1, 1, nw_term_ascii(tui->term));
	rc = nw_loop_add_fd(loop, nw_term_input_fd(tui->term), NW_LOOP_IN, on_input, tui);
	if (rc < 0) {
		nw_error("cannot watch the terminal: %s", strerror(-rc));
		goto err_free;
	}
	tui->fd_in = true;
	rc = nw_loop_add_fd(loop, nw_term_signal_fd(tui->term), NW_LOOP_IN, on_signal, tui);
	if (rc < 0) {
		nw_error("cannot watch signals: %s", strerror(-rc));
		goto err_free;
	}
	tui->fd_sig = true;
	tui->timer = nw_loop_add_timer(loop, tui->frame_ns, tui->frame_ns, on_timer, tui);
	if (tui->timer < 0) {
		rc = (int)tui->timer;
		nw_error("cannot start the redraw timer: %s", strerror(-rc));
		goto err_free;
	}
	tui->full = true;
	draw(tui);
	return tui;

err_free:
	nw_tui_free(tui);
	errno = -rc;
	return NULL;
}

void nw_tui_free(struct nw_tui *tui)
{
	if (!tui)
		return;
	if (tui->timer > 0)
		nw_loop_del_timer(tui->loop, tui->timer);
	if (tui->fd_sig)
		nw_loop_del_fd(tui->loop, nw_term_signal_fd(tui->term));
	if (tui->fd_in)
		nw_loop_del_fd(tui->loop, nw_term_input_fd(tui->term));
	if (tui->subscribed)
		nw_bus_unsubscribe(tui->bus, nw_ui_on_event, tui->ui);
	nw_term_close(tui->term);
	nw_log_set_echo(true, NW_LOG_WARN);
	nw_canvas_free(tui->canvas);
	nw_ui_free(tui->ui);
	nw_models_free(tui->own_models);
	free(tui);
}

bool nw_tui_quit_requested(const struct nw_tui *tui)
{
	return tui->quit;
}
