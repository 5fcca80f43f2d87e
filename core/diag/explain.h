/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The explain engine: from a finding to the layer that caused it.
 *
 * nw_explain() runs the rule table (core/diag/explain_rules.c) over the models'
 * correlated evidence.  Each rule checks the evidence for one step; the
 * chain is built step by step (an errno leads to a neighbour entry, the
 * entry to its lost replies, the replies to the qdisc that dropped them),
 * every step citing event ids and counters.  A cause is named only when the
 * evidence shows it; otherwise the explanation says what is missing and how
 * to get it.
 *
 * The result is a fixed-size structure (no allocation).  Explanations are
 * kept outside struct nw_event because their evidence list has variable
 * length: an NW_EV_EXPLANATION event carries the explanation id (equal to
 * the finding id: an explanation is recomputed from the evidence on demand)
 * with the cause's layer and object; nw_explain() gives the rest and
 * nw_explanation_json() writes the full JSON Lines object (type
 * "explanation": symptom, cause {layer, object}, evidence [...], fix).
 */
#ifndef NW_CORE_EXPLAIN_H
#define NW_CORE_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/event.h"
#include "core/jbuf.h"

struct nw_models;

#define NW_EXPL_STEPS 16
#define NW_EXPL_IDS 8
#define NW_EXPL_MISSING 6
#define NW_EXPL_RULE_MAX 28

struct nw_expl_step {
	uint8_t layer;		     /* enum nw_cause_layer the step looks at */
	char rule[NW_EXPL_RULE_MAX]; /* the rule that wrote it */
	char text[448];
	uint64_t ids[NW_EXPL_IDS]; /* event ids that prove it */
	size_t nids;
};

struct nw_explanation {
	uint64_t id;		 /* == finding id */
	struct nw_event finding; /* the finding event (header: netns, dev) */
	char symptom[256];
	bool has_cause;
	uint8_t layer;		     /* enum nw_cause_layer, when has_cause */
	char rule[NW_EXPL_RULE_MAX]; /* the rule that named the cause */
	char object[160];	     /* "qdisc htb 8003: dev br0 netns lab-host" */
	char cause[640];	     /* why, in plain words */
	struct nw_expl_step steps[NW_EXPL_STEPS];
	size_t nsteps;
	uint64_t steps_dropped;		    /* steps that did not fit */
	char missing[NW_EXPL_MISSING][256]; /* evidence that was not available, and how to get it */
	size_t nmissing;
	char fix[768];	 /* concrete commands or settings */
	char check[384]; /* what to look at after the fix */
};

/*
 * Returns 0 and fills out, or -ENOENT when the finding is not (or no longer) in the store.  The
 * structure is about 13 KiB: allocate it (or keep one), do not stack several.
 */
int nw_explain(const struct nw_models *m, uint64_t finding_id, struct nw_explanation *out);

/*
 * For `netwhy explain`: delivers the explanation of every finding that is new
 * or has grown since its last delivery, once it has been quiet for settle_ns
 * (its evidence has arrived: replies are dropped, entries fail, counters are
 * polled around the symptom), or at once when final (end of the run).  Calls
 * fn for each and returns how many.  now is CLOCK_MONOTONIC ns (replays pass
 * the recording's time).
 */
typedef void (*nw_explain_fn)(const struct nw_explanation *x, void *arg);
size_t nw_explain_pending(struct nw_models *m, uint64_t now, uint64_t settle_ns, bool final,
			  nw_explain_fn fn, void *arg);

/*
 * One JSON Lines object (with '\n'): the fields every object has (id is the
 * explanation event's, as the bus stamped it), then symptom, cause, evidence,
 * missing, fix.
 */
void nw_explanation_json(const struct nw_explanation *x, uint64_t id, struct nw_jbuf *b);
/* Text for a person: symptom, numbered steps with their event ids, cause, fix, what is missing. */
void nw_explanation_text(const struct nw_explanation *x, struct nw_jbuf *b);
/* The reference event (NW_EV_EXPLANATION) for the bus or a recording. */
void nw_explanation_to_event(const struct nw_explanation *x, struct nw_event *ev);

/* The rule table, for documentation and tests. */
struct nw_rule_info {
	const char *id;
	enum nw_cause_layer layer;
	const char *stage;   /* what the rule looks at: "sock", "neigh", "qdisc" ... */
	const char *message; /* the diagnosis it makes */
	const char *fix;     /* the kind of fix it advises */
};
size_t nw_explain_nrules(void);
const struct nw_rule_info *nw_explain_rule(size_t i);
/* How often rule i added a step or named a cause in this process. */
uint64_t nw_explain_rule_hits(size_t i);

#endif
