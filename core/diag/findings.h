/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Findings: symptoms the models detect without being asked.  One finding per
 * subject (kind + namespace + device + address/socket/qdisc/reason): a
 * repeat updates its count and last time instead of raising another.  The
 * store is bounded (oldest-touched evicted, counted).  New findings wait in
 * the store until nw_models_flush() submits them to the bus as NW_EV_FINDING
 * events (subscribers may not submit from inside a bus callback).
 */
#ifndef NW_CORE_FINDINGS_H
#define NW_CORE_FINDINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/event.h"

struct nw_finding {
	struct nw_event
	    ev; /* type NW_EV_FINDING: header = subject's netns/ifindex/ifname, u.finding */
	uint64_t event_id;	  /* the bus id once submitted, 0 before */
	bool pending;		  /* not yet submitted */
	uint64_t explained_count; /* the finding's count when its explanation was last delivered; 0
				     = never */
};

struct nw_findings;

struct nw_findings *nw_findings_new(size_t capacity);
void nw_findings_free(struct nw_findings *f);

/*
 * Raises the finding described by proto (an NW_EV_FINDING event whose
 * header and payload name the subject; count, ts and ids are taken from
 * `count` and `trigger`), or updates the existing one with the same subject.
 * Returns it; *is_new tells which.
 */
struct nw_finding *nw_findings_raise(struct nw_findings *f, const struct nw_event *proto,
				     uint64_t count, const struct nw_event *trigger, bool *is_new);

const struct nw_finding *nw_findings_get(const struct nw_findings *f, uint64_t finding_id);
/* The finding with the same subject as proto (see nw_findings_raise), NULL if none. */
const struct nw_finding *nw_findings_find(const struct nw_findings *f,
					  const struct nw_event *proto);
/*
 * Takes one occurrence back from the finding with proto's subject (an error
 * counted twice, see nw_sock_model_last_repeated); the finding goes when it
 * has none left.
 */
void nw_findings_retract(struct nw_findings *f, const struct nw_event *proto);
/* All findings in id order (oldest first), i < nw_findings_count(). */
size_t nw_findings_count(const struct nw_findings *f);
const struct nw_finding *nw_findings_at(const struct nw_findings *f, size_t i);
uint64_t nw_findings_evicted(const struct nw_findings *f);

/* The next finding waiting to be submitted, NULL when none; mark it with nw_findings_mark_sent().
 */
struct nw_finding *nw_findings_next_pending(struct nw_findings *f);
void nw_findings_mark_sent(struct nw_finding *fd, uint64_t event_id);

/* Non-const access for the owner of the store (nw_explain_pending marks delivered explanations). */
struct nw_finding *nw_findings_at_rw(struct nw_findings *f, size_t i);

/* One line a person reads: "neighbour 192.0.2.1 dev eth0 netns x went FAILED (2 times)". */
char *nw_finding_summary(const struct nw_event *ev, char *buf, size_t size);

#endif
