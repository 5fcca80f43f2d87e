/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The help screen: every key (from the key map itself) and every panel (from its ops). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "core/util.h"
#include "tui/keys.h"
#include "tui/ui_int.h"

static const char *const intro[] = {
	"netwhy shows, live and side by side, the packets on the wire, the kernel's neighbour (ARP/NDP) "
	"entries, what the queueing disciplines did, and the errors sockets got.  A symptom in one panel "
	"usually has its cause in another: select a row and the rows related to it (same address or "
	"interface) are marked in the other panels; press e to walk from a symptom to its cause.",
	"The header shows the scope, every source's health (lost records counted) and how full the event "
	"store is.  The findings strip below it lists the symptoms seen, newest first.  The status line "
	"shows the newest message.",
};

static const char *const glyph_help_utf8 = "Marks: \xe2\x97\x86 frame to a MAC that is not the interface's   "
					   "\xe2\x9c\x96 dropped or failed   \xe2\x86\x90 received  \xe2\x86\x92 sent  "
					   "\xc2\xb7 direction not known (loopback: sent and received at once; a capture "
					   "without direction flags)";
static const char *const glyph_help_ascii = "Marks: ! frame to a MAC that is not the interface's   "
					    "x dropped or failed   < received  > sent  . direction not known (loopback: sent "
					    "and received at once; a capture without direction flags)";

static const char *const explain_help =
	"e on a finding (or on any row: the newest finding related to it) opens the walk from the symptom to "
	"its cause, one step per layer, each citing the events that prove it.  n and p move between steps and "
	"each step moves the panel of its layer to the row it cites; the last step names the cause, the fix "
	"and what to check after.  When evidence is missing the walk says what and how to get it, and names "
	"no cause.  r writes the report; Esc closes.";

static const char *const themes_help =
	"Themes: --theme NAME (default, light, mono, high-contrast, or NAME.theme in "
	"~/.config/netwhy/themes, or a path); NO_COLOR=1 or --no-color turns colour off.";

/* Writes the help text, line by line, through emit. */
typedef void (*help_emit)(void *arg, enum nw_role role, const char *a, const char *b);

/* "1 2 3 4", "go to Packets, Neighbours, Qdiscs, Sockets": from the panel table. */
static void panel_keys(help_emit emit, void *arg)
{
	char keys[2 * NW_PANELS_MAX + 1] = "", what[256] = "go to";

	for (size_t i = 0; i < nw_npanels; i++) {
		size_t k = strlen(keys), n = strlen(what);

		snprintf(keys + k, sizeof(keys) - k, "%s%c", i ? " " : "", nw_panels[i]->hotkey);
		snprintf(what + n, sizeof(what) - n, "%s %s", i ? "," : "", nw_panels[i]->name);
	}
	emit(arg, NW_ROLE_KEY, keys, what);
}

static void help_lines(struct nw_ui *ui, help_emit emit, void *arg)
{
	emit(arg, NW_ROLE_FINDING_TITLE, "netwhy help: Up/Down, PgUp/PgDn, g/G scroll; any other key closes", NULL);
	for (size_t i = 0; i < sizeof(intro) / sizeof(intro[0]); i++) {
		emit(arg, NW_ROLE_DEFAULT, "", NULL);
		emit(arg, NW_ROLE_DEFAULT, intro[i], NULL);
	}
	emit(arg, NW_ROLE_DEFAULT, "", NULL);
	emit(arg, NW_ROLE_FINDING_TITLE, "Keys", NULL);
	for (size_t i = 0; i < nw_keys_help_count(); i++) {
		if (!nw_keys_help(i)->keys)
			panel_keys(emit, arg);
		else
			emit(arg, NW_ROLE_KEY, nw_keys_help(i)->keys, nw_keys_help(i)->what);
	}
	emit(arg, NW_ROLE_DEFAULT, "", NULL);
	emit(arg, NW_ROLE_FINDING_TITLE, "Panels", NULL);
	emit(arg, NW_ROLE_PANEL_TITLE, "Findings", NULL);
	emit(arg, NW_ROLE_DEFAULT, nw_findings_ops.help, NULL);
	for (size_t i = 0; i < nw_npanels; i++) {
		char name[48];

		snprintf(name, sizeof(name), "%c %s", nw_panels[i]->hotkey, nw_panels[i]->name);
		emit(arg, NW_ROLE_DEFAULT, "", NULL);
		emit(arg, NW_ROLE_PANEL_TITLE, name, NULL);
		emit(arg, NW_ROLE_DEFAULT, nw_panels[i]->help, NULL);
	}
	emit(arg, NW_ROLE_DEFAULT, "", NULL);
	emit(arg, NW_ROLE_PANEL_TITLE, "Explain", NULL);
	emit(arg, NW_ROLE_DEFAULT, explain_help, NULL);
	emit(arg, NW_ROLE_DEFAULT, "", NULL);
	emit(arg, NW_ROLE_DEFAULT, ui->ctx.ascii ? glyph_help_ascii : glyph_help_utf8, NULL);
	emit(arg, NW_ROLE_DEFAULT, themes_help, NULL);
}

/* The message history (m), newest first, each message whole: the status line shows only the newest, cut. */
static void message_lines(struct nw_ui *ui, help_emit emit, void *arg)
{
	char line[NW_LOG_MSG_MAX + 64], d[32];
	size_t n = nw_log_count(), shown = 0;
	uint64_t now = nw_now_mono(); /* messages carry the clock's time, even in a replay */

	(void)ui;
	emit(arg, NW_ROLE_FINDING_TITLE, "Messages, newest first: Up/Down, PgUp/PgDn, g/G scroll; any other key closes",
	     NULL);
	for (size_t i = n; i-- > 0;) {
		const struct nw_log_entry *e = nw_log_at(i);

		if (!e || e->level < NW_LOG_INFO)
			continue; /* debug lines: netwhy -v prints them */
		snprintf(line, sizeof(line), "%s ago  %s: %s",
			 now >= e->ts ? nw_fmt_dur(now - e->ts, d, sizeof(d)) : "-",
			 nw_log_level_name((enum nw_log_level)e->level), e->msg);
		emit(arg, e->level >= NW_LOG_ERROR ? NW_ROLE_STATUS_ERROR :
			  e->level == NW_LOG_WARN ? NW_ROLE_STATUS_WARN : NW_ROLE_DEFAULT, line, NULL);
		shown++;
	}
	if (!shown)
		emit(arg, NW_ROLE_MUTED, "no messages yet", NULL);
	if (nw_log_dropped())
		snprintf(line, sizeof(line), "(%" PRIu64 " older messages dropped: the log keeps the newest)",
			 nw_log_dropped());
	if (nw_log_dropped())
		emit(arg, NW_ROLE_MUTED, line, NULL);
}

struct help_draw {
	struct nw_canvas *c;
	struct nw_rect r;
	int line, top, y;
};

/* Writes text from column indent, wrapped at word boundaries; counts lines scrolled out too. */
static void put_wrapped(struct help_draw *d, enum nw_role role, int indent, const char *s,
			const char *first_col)
{
	int w = d->r.w - 4 - indent;
	bool first = true;

	if (w < 8)
		w = 8;
	do {
		const char *next;
		int cut = nw_text_wrap(s, w, &next);

		if (d->line >= d->top && d->y < d->r.y + d->r.h - 1) {
			char buf[256];

			if (first && first_col)
				nw_canvas_text(d->c, d->r.x + 2, d->y, indent, NW_ROLE_KEY, first_col);
			snprintf(buf, sizeof(buf), "%.*s", cut, s);
			nw_canvas_text(d->c, d->r.x + 2 + indent, d->y, w, role, buf);
			d->y++;
		}
		first = false;
		d->line++;
		s = next;
	} while (*s);
}

static void emit_draw(void *arg, enum nw_role role, const char *a, const char *b)
{
	struct help_draw *d = arg;

	if (b) /* "keys" in a column of 20, then what they do */
		put_wrapped(d, NW_ROLE_DEFAULT, 20, b, a);
	else
		put_wrapped(d, role, 0, a, NULL);
}

void nw_ui_draw_help(struct nw_ui *ui, struct nw_canvas *c, struct nw_rect r)
{
	struct help_draw d = { c, r, 0, 0, r.y + 1 };
	void (*lines)(struct nw_ui *, help_emit, void *) = ui->messages ? message_lines : help_lines;
	const char *title = ui->messages ? "Messages" : "Help";

	ui->help_page = r.h - 2;
	nw_canvas_fill(c, r, ' ', NW_ROLE_DEFAULT);
	nw_canvas_box(c, r, NW_ROLE_PANEL_FOCUS, title, NW_ROLE_PANEL_FOCUS);
	/* Drawn once; scrolled past the end, drawn again with the last page at the bottom. */
	d.top = ui->help_top;
	lines(ui, emit_draw, &d);
	if (d.line - ui->help_top < r.h - 2 && ui->help_top > 0) {
		ui->help_top = d.line - (r.h - 2) > 0 ? d.line - (r.h - 2) : 0;
		nw_canvas_fill(c, r, ' ', NW_ROLE_DEFAULT);
		nw_canvas_box(c, r, NW_ROLE_PANEL_FOCUS, title, NW_ROLE_PANEL_FOCUS);
		d = (struct help_draw){ c, r, 0, ui->help_top, r.y + 1 };
		lines(ui, emit_draw, &d);
	}
	if (d.line > r.h - 2)
		nw_canvas_printf(c, r.x + r.w - 24, r.y + r.h - 1, 22, NW_ROLE_PANEL_FOCUS, " line %d of %d ",
				 ui->help_top + 1, d.line);
}
