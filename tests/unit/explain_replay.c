// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * explain_replay FILE.jsonl [--json|--report]: replays a `netwhy --json`
 * recording through the models and prints every finding's explanation.
 * For recording the test data of tests/data/explain/ and looking at what the
 * rules say about a run; the unit tests assert on the same replays.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bus.h"
#include "core/diag/correlate.h"
#include "core/diag/explain.h"
#include "core/names.h"
#include "core/diag/report.h"
#include "core/util.h"
#include "tests/unit/jsonl_events.h"

int main(int argc, char **argv)
{
	struct nw_bus *bus;
	struct nw_models *m;
	struct nw_explanation *x;
	struct nw_jbuf b;
	char *text;
	long nev;

	if (argc < 2) {
		fprintf(stderr, "usage: explain_replay FILE.jsonl [--json|--report]\n");
		return 2;
	}
	/* Names as the recording's kernel (6.18) had them: the recorded tracefs format. */
	text = nw_test_slurp(NW_SRCDIR "/tests/data/core/skb_kfree_skb.format");
	if (!text) {
		perror("skb_kfree_skb.format");
		return 1;
	}
	nw_names_load_print_symbolic(nw_names_table(NW_NAMES_DROP_REASON), text, "REC->reason");
	free(text);
	for (unsigned i = 0; i < 8; i++) {
		static const char *const nud[] = {"INCOMPLETE", "REACHABLE", "STALE", "DELAY",
						  "PROBE",	"FAILED",    "NOARP", "PERMANENT"};

		nw_names_set(nw_names_table(NW_NAMES_NUD), 1 << i, nud[i]);
	}
	bus = nw_bus_new(1 << 18);
	m = nw_models_new(bus, NULL);
	nev = nw_jsonl_replay(argv[1], bus);
	if (nev < 0) {
		fprintf(stderr, "explain_replay: %s: %s\n", argv[1], strerror((int)-nev));
		return 1;
	}
	nw_models_flush(m);
	nw_jbuf_init(&b);
	x = nw_xmalloc(sizeof(*x));
	if (argc > 2 && !strcmp(argv[2], "--report")) {
		struct nw_report_info info = {"netwhy (replay)", "6.18 (recorded)", argv[1], "", 0};

		nw_report_markdown(&b, m, &info);
	} else {
		const struct nw_findings *fs = nw_models_findings(m);

		nw_jbuf_printf(&b, "# %ld events, %zu findings\n", nev, nw_findings_count(fs));
		for (size_t i = 0; i < nw_findings_count(fs); i++) {
			nw_explain(m, nw_findings_at(fs, i)->ev.u.finding.finding_id, x);
			if (argc > 2 && !strcmp(argv[2], "--json"))
				nw_explanation_json(x, 0, &b);
			else {
				nw_jbuf_printf(&b, "==== finding %zu\n", i + 1);
				nw_explanation_text(x, &b);
			}
		}
	}
	fwrite(b.data, 1, b.len, stdout);
	nw_jbuf_free(&b);
	free(x);
	nw_models_free(m);
	nw_bus_free(bus);
	return 0;
}
