// SPDX-License-Identifier: GPL-2.0-or-later
/* Markdown report: findings, their explanations and the events they cite. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag/correlate.h"
#include "core/diag/explain.h"
#include "core/diag/findings.h"
#include "core/diag/neigh_model.h"
#include "core/names.h"
#include "core/diag/report.h"
#include "core/util.h"

static const char *or_unknown(const char *s)
{
	return s && *s ? s : "unknown";
}

/* Backticks inside inline code would end it: replace them. */
static void md_code(struct nw_jbuf *b, const char *s)
{
	nw_jbuf_raw(b, "`", 1);
	for (; *s; s++)
		nw_jbuf_raw(b, *s == '`' ? "'" : s, 1);
	nw_jbuf_raw(b, "`", 1);
}

static void timeline(struct nw_jbuf *b, const struct nw_models *m, const struct nw_event *f)
{
	const struct nw_neigh_entry *e;
	char st[64], pst[64];

	if (f->u.finding.kind != NW_FIND_NEIGH_FAILED)
		return;
	e = nw_neigh_model_find(nw_models_neigh(m), f->netns_ino, f->ifindex, &f->u.finding.ip);
	if (!e || !nw_neigh_entry_ntransitions(e))
		return;
	nw_jbuf_printf(b, "\n**Timeline of the neighbour entry**\n\n| time (s) | event | from | to "
			  "| probes |\n|---|---|---|---|---|\n");
	for (size_t i = 0; i < nw_neigh_entry_ntransitions(e); i++) {
		const struct nw_neigh_transition *t = nw_neigh_entry_transition(e, i);

		nw_jbuf_printf(
		    b, "| %" PRIu64 ".%03" PRIu64 " | #%" PRIu64 " | %s | %s | %" PRIu32 " |\n",
		    t->ts / 1000000000u, (t->ts % 1000000000u) / 1000000u, t->ev_id,
		    t->prev_state ? nw_names_get_flags(nw_names_table(NW_NAMES_NUD), t->prev_state,
						       pst, sizeof(pst))
				  : "-",
		    nw_names_get_flags(nw_names_table(NW_NAMES_NUD), t->state, st, sizeof(st)),
		    t->probes);
	}
}

static void cited_events(struct nw_jbuf *b, const struct nw_models *m,
			 const struct nw_explanation *x)
{
	struct nw_jbuf line;
	bool any = false;

	nw_jbuf_init(&line);
	for (size_t i = 0; i < x->nsteps; i++) {
		for (size_t k = 0; k < x->steps[i].nids; k++) {
			const struct nw_event *ev = nw_models_event(m, x->steps[i].ids[k]);

			if (!ev)
				continue;
			if (!any)
				nw_jbuf_printf(b, "\n<details><summary>Cited events (JSON "
						  "Lines)</summary>\n\n```json\n");
			any = true;
			nw_jbuf_reset(&line);
			nw_json_event(&line, ev);
			nw_jbuf_raw(b, line.data, line.len);
		}
	}
	if (any)
		nw_jbuf_printf(b, "```\n\n</details>\n");
	nw_jbuf_free(&line);
}

void nw_report_markdown(struct nw_jbuf *b, const struct nw_models *m,
			const struct nw_report_info *info)
{
	const struct nw_findings *fs = nw_models_findings(m);
	size_t n = nw_findings_count(fs);
	struct nw_explanation *x = nw_xmalloc(sizeof(*x));

	nw_jbuf_printf(b, "# netwhy report\n\n");
	nw_jbuf_printf(b, "- netwhy: %s\n- kernel: %s\n", or_unknown(info ? info->version : NULL),
		       or_unknown(info ? info->kernel : NULL));
	if (info && info->command && *info->command) {
		nw_jbuf_printf(b, "- command: ");
		md_code(b, info->command);
		nw_jbuf_printf(b, "\n");
	}
	if (info && info->scope && *info->scope)
		nw_jbuf_printf(b, "- scope: %s\n", info->scope);
	if (info && info->duration_ns)
		nw_jbuf_printf(b, "- watched: %.1f s\n", (double)info->duration_ns / 1e9);
	nw_jbuf_printf(b, "- findings: %zu", n);
	if (nw_findings_evicted(fs))
		nw_jbuf_printf(b, " (%" PRIu64 " older ones evicted)", nw_findings_evicted(fs));
	nw_jbuf_printf(b, "\n\n");
	if (!n) {
		nw_jbuf_printf(b, "No symptom was detected while netwhy watched.\n");
		free(x);
		return;
	}
	nw_jbuf_printf(b, "## Summary\n\n| # | finding | cause | object |\n|---|---|---|---|\n");
	for (size_t i = 0; i < n; i++) {
		const struct nw_finding *f = nw_findings_at(fs, i);

		nw_explain(m, f->ev.u.finding.finding_id, x);
		nw_jbuf_printf(b, "| %" PRIu64 " | %s | %s | %s |\n", x->id, x->symptom,
			       x->has_cause ? nw_cause_layer_name(x->layer) : "not established",
			       x->has_cause ? x->object : "-");
	}
	for (size_t i = 0; i < n; i++) {
		const struct nw_finding *f = nw_findings_at(fs, i);

		nw_explain(m, f->ev.u.finding.finding_id, x);
		nw_jbuf_printf(b, "\n## Finding %" PRIu64 ": %s\n\n", x->id,
			       nw_finding_kind_name(f->ev.u.finding.kind));
		nw_jbuf_printf(b, "**Symptom:** %s\n", x->symptom);
		timeline(b, m, &f->ev);
		nw_jbuf_printf(b, "\n**Evidence**\n\n");
		for (size_t k = 0; k < x->nsteps; k++) {
			nw_jbuf_printf(b, "%zu. [%s] %s", k + 1,
				       nw_cause_layer_name(x->steps[k].layer), x->steps[k].text);
			for (size_t j = 0; j < x->steps[k].nids; j++)
				nw_jbuf_printf(b, "%s#%" PRIu64, j ? ", " : " (events ",
					       x->steps[k].ids[j]);
			nw_jbuf_printf(b, "%s\n", x->steps[k].nids ? ")" : "");
		}
		if (x->has_cause) {
			nw_jbuf_printf(b,
				       "\n**Cause** (layer `%s`): ", nw_cause_layer_name(x->layer));
			md_code(b, x->object);
			nw_jbuf_printf(b, "\n\n%s\n", x->cause);
			if (x->fix[0])
				nw_jbuf_printf(b, "\n**Fix:** %s\n", x->fix);
			if (x->check[0])
				nw_jbuf_printf(b, "\n**Check after:** %s\n", x->check);
		} else {
			nw_jbuf_printf(b,
				       "\n**Cause:** not established by the evidence collected.\n");
		}
		if (x->nmissing) {
			nw_jbuf_printf(b, "\n**Missing evidence**\n\n");
			for (size_t k = 0; k < x->nmissing; k++)
				nw_jbuf_printf(b, "- %s\n", x->missing[k]);
		}
		cited_events(b, m, x);
	}
	free(x);
}

int nw_report_write(FILE *f, const struct nw_models *m, const struct nw_report_info *info)
{
	struct nw_jbuf b;
	int ret = 0;

	nw_jbuf_init(&b);
	nw_report_markdown(&b, m, info);
	if (b.len && fwrite(b.data, 1, b.len, f) != b.len)
		ret = errno ? -errno : -EIO;
	nw_jbuf_free(&b);
	return ret;
}
