/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The header (scope, sources' health, store use), the key bar and the status line (newest log message). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/bus.h"
#include "core/log.h"
#include "core/ring.h"
#include "core/util.h"
#include "tui/ui_int.h"

void nw_ui_source_update(struct nw_ui *ui, const struct nw_event *ev)
{
	const struct nw_source_ev *s = &ev->u.source;
	size_t i;

	for (i = 0; i < ui->nsources; i++) {
		if (strcmp(ui->sources[i].name, s->name) == 0)
			break;
	}
	if (i == ui->nsources) {
		if (ui->nsources == NW_ARRAY_SIZE(ui->sources)) {
			ui->sources_dropped++; /* shown: "+N more" */
			return;
		}
		ui->nsources++;
	}
	ui->sources[i] = *s;
}

static enum nw_role source_role(uint8_t state)
{
	switch (state) {
	case NW_SOURCE_RUNNING:
		return NW_ROLE_SOURCE_OK;
	case NW_SOURCE_STARTING:
	case NW_SOURCE_DEGRADED:
	case NW_SOURCE_RESYNC:
		return NW_ROLE_SOURCE_DEGRADED;
	default:
		return NW_ROLE_SOURCE_OFF;
	}
}

static const char *source_word(uint8_t state)
{
	switch (state) {
	case NW_SOURCE_RUNNING:
		return "ok";
	case NW_SOURCE_STARTING:
		return "starting";
	case NW_SOURCE_DEGRADED:
		return "degraded";
	case NW_SOURCE_OFF:
		return "off";
	case NW_SOURCE_GONE:
		return "gone";
	case NW_SOURCE_RESYNC:
		return "resync";
	default:
		return "?";
	}
}

/*
 * A replay's sources are the recording's: the file replays their events,
 * whatever state they ended the recording in (off, at its end); only a
 * source that was in trouble while recording keeps its word.
 */
static bool replayed(const struct nw_ui *ui, const struct nw_source_ev *s)
{
	return ui->replay && (s->state == NW_SOURCE_RUNNING || s->state == NW_SOURCE_OFF ||
			      s->state == NW_SOURCE_STARTING);
}

static bool source_ok(const struct nw_ui *ui, const struct nw_source_ev *s)
{
	return (s->state == NW_SOURCE_RUNNING || replayed(ui, s)) && !s->lost;
}

/* One source as the header shows it: "pcap:eth0 degraded lost 12", "pcap:eth0 replayed". */
static int source_text(const struct nw_ui *ui, const struct nw_source_ev *s, char *buf, size_t size)
{
	char n[32];
	int len = snprintf(buf, size, "%s %s", s->name, replayed(ui, s) ? "replayed" : source_word(s->state));

	if (s->lost && len >= 0 && (size_t)len < size)
		len += snprintf(buf + len, size - (size_t)len, " lost %s", nw_fmt_count(s->lost, n, sizeof(n)));
	return len;
}

/*
 * netwhy HOST | SCOPE | SOURCES | events N/CAP.  When the sources do not fit,
 * the healthy ones collapse into "N ok" so a narrow screen still shows which
 * source is degraded, off or losing records.
 */
void nw_ui_draw_header(struct nw_ui *ui, struct nw_canvas *c, struct nw_rect r)
{
	const struct nw_ring *ring = nw_bus_ring(ui->ctx.bus);
	int x = r.x, end = r.x + r.w, all = 0;
	char buf[200], store[80], n1[32], n2[32], n3[32];
	size_t nok = 0;
	bool compact;

	snprintf(store, sizeof(store), " | events %s/%s%s%s", nw_fmt_count(nw_ring_count(ring), n1, sizeof(n1)),
		 nw_fmt_count(nw_ring_capacity(ring), n2, sizeof(n2)), nw_ring_evicted(ring) ? " evicted " : "",
		 nw_ring_evicted(ring) ? nw_fmt_count(nw_ring_evicted(ring), n3, sizeof(n3)) : "");
	nw_canvas_fill(c, r, ' ', NW_ROLE_HEADER);
	x += nw_canvas_text(c, x, r.y, end - x, NW_ROLE_HEADER, "netwhy");
	if (ui->host[0])
		x += nw_canvas_printf(c, x, r.y, end - x, NW_ROLE_HEADER, " %s", ui->host);
	x += nw_canvas_printf(c, x, r.y, end - x, NW_ROLE_HEADER, " | %s", ui->scope[0] ? ui->scope : "all");
	if (ui->capture_filter[0])
		x += nw_canvas_printf(c, x, r.y, end - x, NW_ROLE_HEADER, " | capture '%s'", ui->capture_filter);
	if (nw_ui_paused(ui))
		x += nw_canvas_text(c, x, r.y, end - x, NW_ROLE_STATUS_WARN, " PAUSED (p resumes) ");
	x += nw_canvas_text(c, x, r.y, end - x, NW_ROLE_HEADER, " |");
	for (size_t i = 0; i < ui->nsources; i++) {
		all += 1 + source_text(ui, &ui->sources[i], buf, sizeof(buf));
		nok += source_ok(ui, &ui->sources[i]);
	}
	compact = x + all + (int)strlen(store) > end && nok > 0;
	for (size_t i = 0; i < ui->nsources && x < end; i++) {
		const struct nw_source_ev *s = &ui->sources[i];

		if (compact && source_ok(ui, s))
			continue;
		source_text(ui, s, buf, sizeof(buf));
		x += nw_canvas_text(c, x, r.y, end - x, NW_ROLE_HEADER, " ");
		x += nw_canvas_text(c, x, r.y, end - x,
				    s->lost ? NW_ROLE_SOURCE_DEGRADED :
				    replayed(ui, s) ? NW_ROLE_SOURCE_OK : source_role(s->state), buf);
	}
	if (compact) {
		x += nw_canvas_text(c, x, r.y, end - x, NW_ROLE_HEADER, " ");
		x += nw_canvas_printf(c, x, r.y, end - x, NW_ROLE_SOURCE_OK, "%zu source%s %s", nok, nok == 1 ? "" : "s",
				      ui->replay ? "replayed" : "ok");
	}
	if (ui->sources_dropped)
		x += nw_canvas_printf(c, x, r.y, end - x, NW_ROLE_HEADER, " +%zu more", ui->sources_dropped);
	if (!ui->nsources)
		x += nw_canvas_text(c, x, r.y, end - x, NW_ROLE_SOURCE_DEGRADED, " no source has reported yet");
	/* The store against its cap: what the memory cap means to a user. */
	nw_canvas_text(c, x, r.y, end - x, NW_ROLE_HEADER, store);
}

void nw_ui_draw_keybar(struct nw_ui *ui, struct nw_canvas *c, struct nw_rect r)
{
	static const struct {
		const char *key, *label;
	} items[] = {
		{ "?", "Help" },  { "Tab", "Panel" }, { "Enter", "Open" },   { "o", "Zoom" },
		{ "e", "Explain" }, { "/", "Search" }, { "\\", "Filter" }, { "p", "Pause" },
		{ "q", "Quit" },
	};
	int x = r.x, end = r.x + r.w;

	(void)ui;
	nw_canvas_fill(c, r, ' ', NW_ROLE_KEY_LABEL);
	for (size_t i = 0; i < NW_ARRAY_SIZE(items); i++) {
		int need = (int)strlen(items[i].key) + (int)strlen(items[i].label) + 2;

		/* Keep the last item (quit) visible on narrow screens. */
		if (x + need > end - (i + 1 < NW_ARRAY_SIZE(items) ? 7 : 0) && i + 1 < NW_ARRAY_SIZE(items))
			continue;
		x += nw_canvas_text(c, x, r.y, end - x, NW_ROLE_KEY, items[i].key);
		x += nw_canvas_printf(c, x, r.y, end - x, NW_ROLE_KEY_LABEL, "%s ", items[i].label);
		x += nw_canvas_text(c, x, r.y, end - x, NW_ROLE_KEY_LABEL, " ");
	}
}

/* "filter: TEXT" with a block cursor; the old value, still selected, in the selection role. */
static void draw_prompt(struct nw_ui *ui, struct nw_canvas *c, struct nw_rect r)
{
	static const char *const what[] = { "search", "filter (empty clears)",
					    "capture filter, pcap syntax (empty captures all)" };
	int k = ui->prompt == '/' ? 0 : (ui->prompt == '\\' ? 1 : 2);
	int x = nw_canvas_printf(c, r.x, r.y, r.w, NW_ROLE_PROMPT, "%s: ", what[k]);

	x += nw_canvas_text(c, r.x + x, r.y, r.w - x, ui->prompt_fresh ? NW_ROLE_SELECTION : NW_ROLE_PROMPT,
			    ui->prompt_buf);
	x += nw_canvas_text(c, r.x + x, r.y, r.w - x, NW_ROLE_SELECTION, " ");
	if (ui->prompt_fresh)
		nw_canvas_text(c, r.x + x, r.y, r.w - x, NW_ROLE_MUTED, "  typing replaces, End edits, Ctrl-U clears");
}

/* "level: message"; one too long for the line ends in a pointer to the message view (m). */
static void draw_message(struct nw_canvas *c, struct nw_rect r, enum nw_role role, const struct nw_log_entry *e)
{
	static const char more[] = " [m: whole]";
	char line[NW_LOG_MSG_MAX + 16];
	int len = snprintf(line, sizeof(line), "%s: %s", nw_log_level_name((enum nw_log_level)e->level), e->msg);
	int keep = r.w - (int)sizeof(more) + 1;

	if (len <= r.w || keep < 10) {
		nw_canvas_text(c, r.x, r.y, r.w, role, line);
		return;
	}
	while (keep > 0 && ((unsigned char)line[keep] & 0xc0) == 0x80)
		keep--; /* not inside a UTF-8 character */
	line[keep] = '\0';
	keep = nw_canvas_text(c, r.x, r.y, r.w, role, line);
	nw_canvas_text(c, r.x + keep, r.y, r.w - keep, NW_ROLE_MUTED, more);
}

void nw_ui_draw_status(struct nw_ui *ui, struct nw_canvas *c, struct nw_rect r)
{
	const struct nw_log_entry *e = NULL;
	enum nw_role role = NW_ROLE_STATUS;

	/* The newest message a person should read: debug lines stay in the log. */
	for (size_t i = nw_log_count(); i-- > 0 && !e;) {
		const struct nw_log_entry *x = nw_log_at(i);

		if (x && x->level >= NW_LOG_INFO)
			e = x;
	}

	nw_canvas_fill(c, r, ' ', NW_ROLE_STATUS);
	if (ui->prompt) {
		draw_prompt(ui, c, r);
		return;
	}
	if (!e) {
		nw_canvas_text(c, r.x, r.y, r.w, NW_ROLE_MUTED, "? for help, q to quit");
		return;
	}
	if (e->level == NW_LOG_WARN)
		role = NW_ROLE_STATUS_WARN;
	else if (e->level >= NW_LOG_ERROR)
		role = NW_ROLE_STATUS_ERROR;
	draw_message(c, r, role, e);
}
