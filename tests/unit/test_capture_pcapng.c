/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pcapng writer and reader round trip, the reader on every truncation and
 * on corrupted bytes of a written file, safe file creation, and the packet
 * byte store's eviction.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "capture/l2check.h"
#include "capture/pcapng.h"
#include "capture/pcapng_reader.h"
#include "capture/pcapng_writer.h"
#include "capture/pipeline.h"
#include "capture/replay.h"
#include "core/bus.h"
#include "capture/pkt_store.h"
#include "core/names.h"
#include "core/nsreg.h"
#include "tests/unit/test_capture_frames.h"

static char dir[64];

static int setup(void **state)
{
	struct nw_names *reasons = nw_names_table(NW_NAMES_DROP_REASON);

	strcpy(dir, "/tmp/nwtest-pcapng-XXXXXX");
	assert_non_null(mkdtemp(dir));
	/* The "recording kernel's" drop reasons, written by every sample. */
	nw_names_clear(reasons);
	nw_names_set(reasons, 2, "NO_SOCKET");
	nw_names_set(reasons, 77, "RECORDED_ONLY");
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

struct got {
	unsigned packets, events;
	char comments[8][256];
	uint32_t flags[8];
	uint8_t dir[8];
	uint32_t caplen[8];
	uint64_t wall[8];
	struct nw_pcapng_if ifc;
	struct nw_event ev;
	unsigned names;
	char name[64];
	uint64_t inode;
	unsigned tables;
	char reason2[32], reason77[32];
};

static int got_names(void *arg, uint32_t table, const struct nw_names *names)
{
	struct got *g = arg;
	char buf[32];

	g->tables++;
	snprintf(g->reason2, sizeof(g->reason2), "%s", nw_names_get(names, 2, buf, sizeof(buf)));
	snprintf(g->reason77, sizeof(g->reason77), "%s", nw_names_get(names, 77, buf, sizeof(buf)));
	return table == 0 && nw_names_count(names) == 2 ? 0 : -EINVAL;
}

static int got_netns(void *arg, uint64_t inode, const char *name)
{
	struct got *g = arg;

	g->names++;
	g->inode = inode;
	snprintf(g->name, sizeof(g->name), "%s", name);
	return 0;
}

static int got_packet(void *arg, const struct nw_pcapng_pkt *p)
{
	struct got *g = arg;

	if (g->packets < 8) {
		snprintf(g->comments[g->packets], 256, "%s", p->comment ? p->comment : "");
		g->flags[g->packets] = p->has_l2_flags ? p->l2_flags : 0xdead;
		g->dir[g->packets] = p->dir;
		g->caplen[g->packets] = p->caplen;
		g->wall[g->packets] = p->wall_ns;
		g->ifc = *p->ifc;
	}
	g->packets++;
	return 0;
}

static int got_event(void *arg, struct nw_event *ev, uint64_t wall)
{
	struct got *g = arg;

	g->ev = *ev;
	g->events++;
	return 0;
}

/* Writes two packets (one annotated) and one link event to path. */
static void write_sample(const char *path, struct nw_pkt_store *st)
{
	struct nw_l2check *l2 = nw_l2check_new(8);
	struct nw_mac mac = { 6, { 2, 0, 0, 0, 0x0a, 0x99 } };
	struct nw_pcapng_writer *w;
	struct nw_event ev;
	uint8_t buf[256];
	size_t n;
	char err[256];

	nw_nsreg_set(4026532001ull, "nwtest-a");
	nw_l2check_set_if_mac(l2, 4026532001ull, 2, "veth0", &mac, 0);
	w = nw_pcapng_writer_open(path, st, l2, err, sizeof(err));
	assert_non_null(w);
	memset(&ev, 0, sizeof(ev));
	ev.type = NW_EV_PACKET;
	ev.netns_ino = 4026532001ull;
	ev.ifindex = 2;
	strcpy(ev.ifname, "veth0");
	ev.u.packet.linktype = 1;
	n = unhex(ICMP_REPLY, buf, sizeof(buf));
	ev.u.packet.len = (uint32_t)n;
	ev.u.packet.caplen = (uint32_t)n;
	ev.u.packet.dir = NW_DIR_IN;
	ev.u.packet.l2_flags = NW_L2_DST_MISMATCH | NW_L2_DST_WAS_OURS;
	ev.u.packet.store_ref = nw_pkt_store_put(st, buf, (uint32_t)n, 1700000000123456789ull,
						 "destination 02:00:00:00:0a:01 is not veth0's");
	assert_int_equal(nw_pcapng_writer_write(w, &ev), 0);
	n = unhex(ARP_REQ, buf, sizeof(buf));
	ev.u.packet.len = ev.u.packet.caplen = (uint32_t)n;
	ev.u.packet.dir = NW_DIR_OUT;
	ev.u.packet.l2_flags = 0;
	ev.u.packet.store_ref = nw_pkt_store_put(st, buf, (uint32_t)n, 1700000000223456789ull, NULL);
	assert_int_equal(nw_pcapng_writer_write(w, &ev), 0);
	/* A packet whose bytes are gone is counted, not written. */
	ev.u.packet.store_ref = 999;
	assert_int_equal(nw_pcapng_writer_write(w, &ev), 0);
	memset(&ev, 0, sizeof(ev));
	ev.type = NW_EV_LINK;
	ev.id = 77;
	ev.netns_ino = 4026532001ull;
	ev.ifindex = 2;
	strcpy(ev.ifname, "veth0");
	ev.u.link.op = NW_LINK_CHANGE;
	ev.u.link.mac = mac;
	ev.u.link.prev_mac.len = 6;
	ev.u.link.prev_mac.bytes[5] = 1;
	assert_int_equal(nw_pcapng_writer_write(w, &ev), 0);
	struct nw_pcapng_writer_stats ws;
	nw_pcapng_writer_stats(w, &ws);
	assert_int_equal(ws.packets, 2);
	assert_int_equal(ws.missing, 1);
	assert_int_equal(ws.events, 1);
	assert_int_equal(ws.interfaces, 1);
	assert_int_equal(nw_pcapng_writer_close(w), 0);
	nw_l2check_free(l2);
}

static void test_round_trip(void **state)
{
	struct nw_pkt_store *st = nw_pkt_store_new(1 << 16);
	struct got g;
	struct nw_pcapng_cbs cbs = { .packet = got_packet, .event = got_event, .netns = got_netns,
				     .names = got_names, .arg = &g };
	struct nw_pcapng_read_stats rs;
	char path[128], err[256];

	snprintf(path, sizeof(path), "%s/a.pcapng", dir);
	write_sample(path, st);
	memset(&g, 0, sizeof(g));
	assert_int_equal(nw_pcapng_read(path, &cbs, &rs, err, sizeof(err)), 0);
	assert_int_equal(g.packets, 2);
	assert_int_equal(g.events, 1);
	assert_int_equal(rs.interfaces, 1);
	assert_string_equal(g.comments[0], "destination 02:00:00:00:0a:01 is not veth0's");
	assert_string_equal(g.comments[1], "");
	assert_int_equal(g.flags[0], NW_L2_DST_MISMATCH | NW_L2_DST_WAS_OURS);
	assert_int_equal(g.flags[1], 0xdead); /* no flags option when there is nothing to say */
	assert_int_equal(g.dir[0], NW_DIR_IN);
	assert_int_equal(g.dir[1], NW_DIR_OUT);
	assert_int_equal(g.caplen[1], 42);
	assert_true(g.wall[0] == 1700000000123456789ull);
	assert_string_equal(g.ifc.name, "veth0");
	assert_string_equal(g.ifc.netns_name, "nwtest-a");
	assert_true(g.ifc.netns == 4026532001ull);
	assert_int_equal(g.ifc.ifindex, 2);
	assert_int_equal(g.ifc.mac.len, 6);
	assert_int_equal(g.ifc.mac.bytes[5], 0x99);
	/* The namespace's name block, once, before the interface and the event. */
	assert_int_equal(g.names, 1);
	assert_string_equal(g.name, "nwtest-a");
	assert_true(g.inode == 4026532001ull);
	assert_int_equal(g.ev.type, NW_EV_LINK);
	assert_int_equal(g.ev.id, 77);
	assert_int_equal(g.ev.u.link.prev_mac.bytes[5], 1);
	/* The drop reason names of the kernel that recorded, once. */
	assert_int_equal(g.tables, 1);
	assert_string_equal(g.reason2, "NO_SOCKET");
	assert_string_equal(g.reason77, "RECORDED_ONLY");
	nw_pkt_store_free(st);
}

/* The reader on every prefix of a file and on every corrupted byte: no crash, a message on error. */
static void test_reader_damage(void **state)
{
	struct nw_pkt_store *st = nw_pkt_store_new(1 << 16);
	struct got g;
	struct nw_pcapng_cbs cbs = { .packet = got_packet, .event = got_event, .netns = got_netns,
				     .names = got_names, .arg = &g };
	struct nw_pcapng_read_stats rs;
	char path[128], cut[128], err[256];
	uint8_t *data;
	long size;
	FILE *f;
	int rc, errors = 0;

	snprintf(path, sizeof(path), "%s/b.pcapng", dir);
	snprintf(cut, sizeof(cut), "%s/cut.pcapng", dir);
	write_sample(path, st);
	f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	data = malloc((size_t)size);
	assert_int_equal(fread(data, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	for (long n = 0; n < size; n++) {
		f = fopen(cut, "wb");
		fwrite(data, 1, (size_t)n, f);
		fclose(f);
		err[0] = '\0';
		memset(&g, 0, sizeof(g));
		rc = nw_pcapng_read(cut, &cbs, &rs, err, sizeof(err));
		/* Cut between blocks: a clean, shorter file.  Inside one: an error naming it. */
		if (rc < 0) {
			assert_true(err[0] != '\0');
			errors++;
		}
	}
	assert_true(errors > size / 2);
	for (long n = 0; n < size; n++) {
		data[n] ^= 0xa5;
		f = fopen(cut, "wb");
		fwrite(data, 1, (size_t)size, f);
		fclose(f);
		memset(&g, 0, sizeof(g));
		nw_pcapng_read(cut, &cbs, &rs, err, sizeof(err));
		assert_true(g.packets <= 2);
		data[n] ^= 0xa5;
	}
	free(data);
	nw_pkt_store_free(st);
}

/* A section with one kernel event of evsize bytes and a layout version (capture/pcapng.h). */
static size_t event_section(uint8_t *out, const struct nw_event *ev, uint32_t evsize,
			    uint16_t version)
{
	static const uint32_t shb[7] = { 0x0A0D0D0Au, 28, 0x1A2B3C4Du, 1, 0xffffffffu, 0xffffffffu, 28 };
	uint32_t total = 8 + 4 + 24 + ((evsize + 3) & ~3u) + 4, h[4];
	uint16_t vh[2] = { version, 24 };
	uint64_t wall = 1700000000000000000ull;
	size_t n = 0;

	memcpy(out, shb, sizeof(shb));
	n += sizeof(shb);
	h[0] = 0x00000BADu, h[1] = total, h[2] = 32473, h[3] = 0x4E574556u;
	memcpy(out + n, h, 16);
	n += 16;
	memcpy(out + n, vh, 4);
	n += 4;
	memcpy(out + n, &evsize, 4);
	memset(out + n + 4, 0, 4);
	memcpy(out + n + 8, &wall, 8);
	n += 16;
	memset(out + n, 0, (evsize + 3) & ~3u);
	memcpy(out + n, ev, evsize < sizeof(*ev) ? evsize : sizeof(*ev));
	n += (evsize + 3) & ~3u;
	memcpy(out + n, &total, 4);
	return n + 4;
}

/* Reads n bytes of a section made above, the events into g. */
static void read_section(const uint8_t *buf, size_t n, struct got *g, struct nw_pcapng_read_stats *rs)
{
	struct nw_pcapng_cbs cbs = { .event = got_event, .arg = g };
	FILE *f = fmemopen((void *)buf, n, "rb");
	char err[256] = "";

	memset(g, 0, sizeof(*g));
	if (nw_pcapng_read_stream(f, &cbs, rs, err, sizeof(err)))
		fail_msg("%s", err);
	fclose(f);
}

/*
 * Events of an older, smaller layout (fields were appended since) read with
 * the new fields zero; events bigger than this build's (a newer netwhy) are
 * skipped and counted.
 */
static void test_event_sizes(void **state)
{
	static uint8_t buf[4096];
	struct nw_event ev;
	struct got g;
	struct nw_pcapng_read_stats rs;
	uint32_t sizes[] = { sizeof(ev) - 8, sizeof(ev), sizeof(ev) + 8,
			     (uint32_t)offsetof(struct nw_event, u) - 4 };
	unsigned want[] = { 1, 1, 0, 0 };

	memset(&ev, 0xab, sizeof(ev));
	ev.type = NW_EV_DROP;
	ev.u.drop.reason = 2;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		read_section(buf, event_section(buf, &ev, sizes[i], NW_PCAPNG_EV_VERSION), &g, &rs);
		assert_int_equal(g.events, want[i]);
		assert_int_equal(rs.skipped, 1 - want[i]);
		assert_int_equal(rs.events_skipped, 1 - want[i]);
		if (want[i]) {
			assert_int_equal(g.ev.u.drop.reason, 2);
			/* The bytes the older layout did not have are zero, not garbage. */
			if (sizes[i] < sizeof(ev))
				assert_int_equal(((uint8_t *)&g.ev)[sizeof(ev) - 1], 0);
		}
	}
}

/*
 * Layout versions: this build's and the older ones it knows read; a newer
 * one (any size) is skipped and counted as newer, with its number, so the
 * warning can say which netwhy wrote it; version 0 never existed.
 */
static void test_event_versions(void **state)
{
	static uint8_t buf[4096];
	struct nw_event ev;
	struct got g;
	struct nw_pcapng_read_stats rs;
	const struct {
		uint16_t version;
		uint32_t size;
		unsigned read, newer;
	} cases[] = {
		{ NW_PCAPNG_EV_VERSION_MIN, sizeof(ev), 1, 0 },
		{ NW_PCAPNG_EV_VERSION, sizeof(ev) - 8, 1, 0 },
		{ NW_PCAPNG_EV_VERSION + 1, sizeof(ev), 0, 1 },
		{ NW_PCAPNG_EV_VERSION + 7, sizeof(ev) + 64, 0, 1 },
		{ 0, sizeof(ev), 0, 0 },
	};

	(void)state;
	memset(&ev, 0, sizeof(ev));
	ev.type = NW_EV_NEIGH;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		read_section(buf, event_section(buf, &ev, cases[i].size, cases[i].version), &g, &rs);
		assert_int_equal(g.events, cases[i].read);
		assert_int_equal(rs.events_skipped, 1 - cases[i].read);
		assert_int_equal(rs.events_newer, cases[i].newer);
		assert_int_equal(rs.newest_version, cases[i].newer ? cases[i].version : 0);
	}
}

static void test_safe_create(void **state)
{
	struct nw_pkt_store *st = nw_pkt_store_new(1 << 16);
	char path[128], victim[128], err[256];
	struct stat sb;
	FILE *f;

	/* A symlink planted at the target is replaced, never written through. */
	snprintf(victim, sizeof(victim), "%s/victim", dir);
	snprintf(path, sizeof(path), "%s/link.pcapng", dir);
	f = fopen(victim, "w");
	fputs("keep me", f);
	fclose(f);
	assert_int_equal(symlink(victim, path), 0);
	{
		/* The mode is tcpdump's: 0666 less the umask. */
		mode_t old = umask(027);

		write_sample(path, st);
		umask(old);
	}
	assert_int_equal(lstat(path, &sb), 0);
	assert_true(S_ISREG(sb.st_mode));
	assert_int_equal(sb.st_mode & 0777, 0640);
	assert_int_equal(stat(victim, &sb), 0);
	assert_int_equal(sb.st_size, 7);
	/* A directory that does not exist: a message naming it. */
	snprintf(path, sizeof(path), "%s/no/such/x.pcapng", dir);
	assert_null(nw_pcapng_writer_open(path, st, NULL, err, sizeof(err)));
	assert_non_null(strstr(err, "/no/such"));
	nw_pkt_store_free(st);
}

static void test_pkt_store(void **state)
{
	struct nw_pkt_store *st = nw_pkt_store_new(1024);
	struct nw_pkt_view v;
	uint8_t buf[300];
	uint64_t refs[40];

	for (unsigned i = 0; i < 40; i++) {
		memset(buf, (int)i, sizeof(buf));
		refs[i] = nw_pkt_store_put(st, buf, 100 + i, i, i % 2 ? "odd" : NULL);
		assert_true(refs[i] > 0);
		/* The newest is always there, whole. */
		assert_true(nw_pkt_store_get(st, refs[i], &v));
		assert_int_equal(v.caplen, 100 + i);
		assert_int_equal(v.data[0], i);
		assert_int_equal(v.data[v.caplen - 1], i);
		assert_string_equal(v.note, i % 2 ? "odd" : "");
	}
	/* 1 KiB holds a few; the rest were evicted and counted. */
	assert_false(nw_pkt_store_get(st, refs[0], &v));
	assert_true(nw_pkt_store_count(st) >= 5 && nw_pkt_store_count(st) <= 9);
	assert_int_equal(nw_pkt_store_evicted(st) + nw_pkt_store_count(st), 40);
	for (uint64_t r = refs[39] - nw_pkt_store_count(st) + 1; r <= refs[39]; r++) {
		assert_true(nw_pkt_store_get(st, r, &v));
		assert_int_equal(v.wall_ns, r - 1);
		assert_int_equal(v.data[0], (uint8_t)(r - 1));
	}
	/* Too large for the store at all. */
	assert_int_equal(nw_pkt_store_put(st, buf, 2000, 0, NULL), 0);
	assert_int_equal(nw_pkt_store_rejected(st), 1);
	nw_pkt_store_free(st);
}

struct replayed {
	unsigned types[NW_EV_COUNT];
	uint64_t first_wall;
};

static void count_replayed(const struct nw_event *ev, void *arg)
{
	struct replayed *r = arg;

	r->types[ev->type]++;
	if (ev->type == NW_EV_PACKET && !r->first_wall)
		r->first_wall = ev->u.packet.wall_ns;
}

/*
 * A recording of a live run holds the findings its models raised; a replay's
 * models raise them again, so the file's are not passed on (each would be
 * said twice, in two clocks).  Packets keep their capture time.
 */
static void test_replay_rederives_findings(void **state)
{
	struct nw_pkt_store *st = nw_pkt_store_new(1 << 16);
	struct nw_bus *bus = nw_bus_new(64);
	struct nw_capture_pipe *pipe = nw_capture_pipe_new(bus, NULL, NULL);
	struct nw_pcapng_writer *w;
	struct nw_replay_stats rs;
	struct replayed r;
	struct nw_event ev;
	char path[128], err[256];

	(void)state;
	snprintf(path, sizeof(path), "%s/findings.pcapng", dir);
	write_sample(path, st);
	/* The sample again, then a finding and an explanation as the live run's bus had them. */
	snprintf(path, sizeof(path), "%s/findings2.pcapng", dir);
	w = nw_pcapng_writer_open(path, st, NULL, err, sizeof(err));
	assert_non_null(w);
	nw_event_init(&ev, NW_EV_FINDING, NW_ORIGIN_NETLINK);
	ev.u.finding.finding_id = 1;
	assert_int_equal(nw_pcapng_writer_write(w, &ev), 0);
	nw_event_init(&ev, NW_EV_EXPLANATION, NW_ORIGIN_NETLINK);
	assert_int_equal(nw_pcapng_writer_write(w, &ev), 0);
	nw_event_init(&ev, NW_EV_LINK, NW_ORIGIN_NETLINK);
	assert_int_equal(nw_pcapng_writer_write(w, &ev), 0);
	assert_int_equal(nw_pcapng_writer_close(w), 0);

	memset(&r, 0, sizeof(r));
	nw_bus_subscribe(bus, count_replayed, &r);
	memset(&rs, 0, sizeof(rs));
	assert_int_equal(nw_replay_file(path, NULL, 0, pipe, &rs, err, sizeof(err)), 0);
	assert_int_equal(r.types[NW_EV_FINDING], 0);
	assert_int_equal(r.types[NW_EV_EXPLANATION], 0);
	assert_int_equal(r.types[NW_EV_LINK], 1);
	assert_int_equal(rs.rederived, 2);

	snprintf(path, sizeof(path), "%s/findings.pcapng", dir);
	memset(&r, 0, sizeof(r));
	assert_int_equal(nw_replay_file(path, NULL, 0, pipe, &rs, err, sizeof(err)), 0);
	assert_int_equal(r.types[NW_EV_PACKET], 2);
	assert_true(r.first_wall == 1700000000123456789ull);
	nw_capture_pipe_free(pipe);
	nw_bus_free(bus);
	nw_pkt_store_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_reader_damage),
		cmocka_unit_test(test_event_sizes),
		cmocka_unit_test(test_event_versions),
		cmocka_unit_test(test_safe_create),
		cmocka_unit_test(test_pkt_store),
		cmocka_unit_test(test_replay_rederives_findings),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
