/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Replaying a pcapng file into the pipeline: packets (filtered per
 * interface with the interface's link type, as libpcap would) and netwhy's
 * kernel events, on one time base mapped from the file's wall clock onto
 * ours so the recording's intervals are kept.
 */
#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/l2check.h"
#include "capture/pcapng.h"
#include "capture/pcapng_reader.h"
#include "capture/pipeline.h"
#include "capture/replay.h"
#include "core/names.h"
#include "core/nsreg.h"
#include "core/util.h"

struct rp {
	struct nw_capture_pipe *pipe;
	const char *filter;
	uint64_t max;
	struct nw_replay_stats *st;
	uint64_t base_mono, first_wall;
	/* one compiled filter per (link type, snap length), compiled on first use */
	uint64_t *keys;
	struct bpf_program *progs;
	bool *compiled;
	size_t nprogs;
	char *err;
	size_t errlen;
};

static uint64_t map_time(struct rp *p, uint64_t wall)
{
	if (!p->first_wall)
		p->first_wall = wall ? wall : 1;
	return p->base_mono + (wall > p->first_wall ? wall - p->first_wall : 0);
}

/* The filter for an interface's link type; NULL when none. */
static const struct bpf_program *filter_for(struct rp *p, const struct nw_pcapng_if *ifc, int *rc)
{
	pcap_t *dead;
	uint64_t key = (uint64_t)ifc->linktype << 32 | ifc->snaplen;
	size_t i;

	*rc = 0;
	if (!p->filter || !p->filter[0])
		return NULL;
	for (i = 0; i < p->nprogs; i++)
		if (p->keys[i] == key && p->compiled[i])
			return &p->progs[i];
	i = p->nprogs;
	p->keys = nw_xrealloc(p->keys, (i + 1) * sizeof(*p->keys));
	p->progs = nw_xrealloc(p->progs, (i + 1) * sizeof(*p->progs));
	p->compiled = nw_xrealloc(p->compiled, (i + 1) * sizeof(*p->compiled));
	p->keys[i] = key;
	p->compiled[i] = false;
	p->nprogs++;
	dead = pcap_open_dead(ifc->linktype, ifc->snaplen ? (int)ifc->snaplen : 262144);
	if (!dead) {
		*rc = -ENOMEM;
		return NULL;
	}
	if (pcap_compile(dead, &p->progs[i], p->filter, 1, PCAP_NETMASK_UNKNOWN) < 0) {
		snprintf(p->err, p->errlen, "filter \"%s\" on link type %u: %s (see pcap-filter(7))",
			 p->filter, ifc->linktype, pcap_geterr(dead));
		pcap_close(dead);
		*rc = -EINVAL;
		return NULL;
	}
	pcap_close(dead);
	p->compiled[i] = true;
	return &p->progs[i];
}

static void learn_if(struct rp *p, const struct nw_pcapng_if *ifc)
{
	struct nw_l2check *l2 = nw_capture_pipe_l2check(p->pipe);

	if (ifc->netns && ifc->netns_name[0] && !nw_nsreg_name(ifc->netns)[0])
		nw_nsreg_set(ifc->netns, ifc->netns_name);
	if (l2 && ifc->mac.len && !nw_l2check_if_mac(l2, ifc->netns, ifc->ifindex, NULL))
		nw_l2check_set_if_mac(l2, ifc->netns, ifc->ifindex, ifc->name, &ifc->mac, 0);
}

static int on_packet(void *arg, const struct nw_pcapng_pkt *pk)
{
	struct rp *p = arg;
	struct nw_capture_frame f;
	const struct bpf_program *prog;
	struct pcap_pkthdr h;
	int rc;

	if (p->max && p->st->packets >= p->max)
		return -ECANCELED;
	prog = filter_for(p, pk->ifc, &rc);
	if (rc < 0)
		return rc;
	if (prog) {
		memset(&h, 0, sizeof(h));
		h.caplen = pk->caplen;
		h.len = pk->len;
		if (!pcap_offline_filter(prog, &h, pk->data)) {
			p->st->filtered++;
			return 0;
		}
	}
	learn_if(p, pk->ifc);
	memset(&f, 0, sizeof(f));
	f.netns = pk->ifc->netns;
	f.ifindex = pk->ifc->ifindex;
	f.ifname = pk->ifc->name[0] ? pk->ifc->name : NULL;
	f.linktype = pk->ifc->linktype;
	f.wall_ns = pk->wall_ns;
	f.mono_ns = map_time(p, pk->wall_ns);
	f.data = pk->data;
	f.caplen = pk->caplen;
	f.len = pk->len;
	f.dir = pk->dir;
	f.origin = NW_ORIGIN_REPLAY;
	f.comment = pk->comment;
	f.has_l2_flags = pk->has_l2_flags;
	f.l2_flags = pk->l2_flags;
	nw_capture_pipe_frame(p->pipe, &f, NULL, NULL, NULL);
	p->st->packets++;
	return 0;
}

static int on_netns(void *arg, uint64_t inode, const char *name)
{
	/* A later block is a newer name (the writer repeats a name that changed). */
	nw_nsreg_set(inode, name);
	return 0;
}

/*
 * Drop reasons are numbers of the recording kernel's enum, which moves
 * between kernel versions: its names replace this system's for the replay.
 */
static int on_names(void *arg, uint32_t table, const struct nw_names *names)
{
	if (table == NW_PCAPNG_NM_DROP_REASON && nw_names_count(names))
		nw_names_table_replace(NW_NAMES_DROP_REASON, names);
	return 0;
}

static int on_event(void *arg, struct nw_event *ev, uint64_t wall_ns)
{
	struct rp *p = arg;

	/*
	 * What the live run concluded is concluded again by the replay's models,
	 * from the same evidence, on the replay's clock: passing the file's on
	 * too would say each finding twice, with times in two clocks.
	 */
	if (ev->type == NW_EV_FINDING || ev->type == NW_EV_EXPLANATION) {
		p->st->rederived++;
		return 0;
	}
	ev->ts = map_time(p, wall_ns);
	ev->origin = NW_ORIGIN_REPLAY;
	nw_capture_pipe_event(p->pipe, ev);
	p->st->events++;
	return 0;
}

int nw_pcapng_replay(const char *path, const char *filter, uint64_t max,
		     struct nw_capture_pipe *pipe, struct nw_replay_stats *st, char *err,
		     size_t errlen)
{
	struct rp p = { .pipe = pipe, .filter = filter, .max = max, .st = st, .err = err,
			.errlen = errlen };
	struct nw_pcapng_cbs cbs = { .packet = on_packet, .event = on_event, .netns = on_netns,
				     .names = on_names, .arg = &p };
	struct nw_pcapng_read_stats rs;
	int rc;

	p.base_mono = nw_now_mono();
	rc = nw_pcapng_read(path, &cbs, &rs, err, errlen);
	if (rc == -ECANCELED)
		rc = 0;
	st->skipped = rs.skipped;
	st->events_skipped = rs.events_skipped;
	st->events_newer = rs.events_newer;
	st->newest_version = rs.newest_version;
	for (size_t i = 0; i < p.nprogs; i++)
		if (p.compiled[i])
			pcap_freecode(&p.progs[i]);
	free(p.keys);
	free(p.progs);
	free(p.compiled);
	return rc;
}
