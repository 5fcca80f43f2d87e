/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pcapng writer (pcapng_writer.h); block layouts from draft-ietf-opsawg-pcapng. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "capture/l2check.h"
#include "capture/pcapng.h"
#include "capture/pcapng_writer.h"
#include "capture/pkt_store.h"
#include "core/nsreg.h"
#include "core/names.h"
#include "core/util.h"

struct wif {
	uint64_t netns;
	uint32_t ifindex;
	uint16_t linktype;
	char name[NW_IFNAMSIZ];
};

struct named_ns {
	uint64_t inode;
	char name[64];
};

struct nw_pcapng_writer {
	FILE *f;
	const struct nw_pkt_store *store;
	const struct nw_l2check *l2;
	struct wif *ifs;
	size_t nifs, capifs;
	struct named_ns *named;     /* namespaces whose name block is written, and the name it held */
	size_t nnamed;
	int error;                  /* first -errno */
	struct nw_pcapng_writer_stats st;
	uint8_t *blk;               /* block being built */
	size_t len, cap;
	uint64_t last_flush;        /* CLOCK_MONOTONIC ns */
};

/* A recording cut short by a crash keeps all but the last second. */
#define FLUSH_EVERY_NS 1000000000ull

/* --- block building: host byte order, the SHB's magic tells readers which ---- */
static void put(struct nw_pcapng_writer *w, const void *p, size_t n)
{
	if (w->len + n > w->cap) {
		w->cap = (w->len + n) * 2;
		w->blk = nw_xrealloc(w->blk, w->cap);
	}
	memcpy(w->blk + w->len, p, n);
	w->len += n;
}

static void put16(struct nw_pcapng_writer *w, uint16_t v)
{
	put(w, &v, 2);
}

static void put32(struct nw_pcapng_writer *w, uint32_t v)
{
	put(w, &v, 4);
}

static void pad4(struct nw_pcapng_writer *w)
{
	static const uint8_t zero[4];

	put(w, zero, (4 - w->len % 4) % 4);
}

static void begin(struct nw_pcapng_writer *w, uint32_t type)
{
	w->len = 0;
	put32(w, type);
	put32(w, 0); /* total length, set by finish */
}

static void opt(struct nw_pcapng_writer *w, uint16_t code, const void *p, size_t n)
{
	if (n > 0xffff)
		n = 0xffff;
	put16(w, code);
	put16(w, (uint16_t)n);
	put(w, p, n);
	pad4(w);
}

static void opt_str(struct nw_pcapng_writer *w, uint16_t code, const char *s)
{
	if (s && s[0])
		opt(w, code, s, strlen(s));
}

static int finish(struct nw_pcapng_writer *w, bool had_opts)
{
	uint32_t total;

	if (had_opts)
		put32(w, 0); /* opt_endofopt: code 0, length 0 */
	total = (uint32_t)w->len + 4;
	memcpy(w->blk + 4, &total, 4);
	put32(w, total);
	if (w->error)
		return w->error;
	if (fwrite(w->blk, 1, w->len, w->f) != w->len) {
		w->error = -(errno ? errno : EIO);
		return w->error;
	}
	w->st.bytes += w->len;
	if (nw_now_mono() - w->last_flush >= FLUSH_EVERY_NS) {
		w->last_flush = nw_now_mono();
		if (fflush(w->f)) {
			w->error = -errno;
			return w->error;
		}
	}
	return 0;
}

static int write_shb(struct nw_pcapng_writer *w)
{
	char appl[64];

	begin(w, NW_PCAPNG_SHB);
	put32(w, NW_PCAPNG_BYTE_ORDER);
	put16(w, 1);
	put16(w, 0);
	put32(w, 0xffffffffu); /* section length: not known (-1) */
	put32(w, 0xffffffffu);
	snprintf(appl, sizeof(appl), "netwhy %s", PACKAGE_VERSION);
	opt_str(w, NW_PCAPNG_SHB_USERAPPL, appl);
	return finish(w, true);
}

/* The running kernel's drop reason names, for a replay on another kernel (pcapng.h). */
static int write_names(struct nw_pcapng_writer *w)
{
	const struct nw_names *t = nw_names_table(NW_NAMES_DROP_REASON);
	size_t i, n = 0, count = nw_names_count(t), count_at;
	const char *name;
	int64_t value;

	if (!count)
		return 0;
	begin(w, NW_PCAPNG_NW_BLOCK);
	put32(w, NW_PCAPNG_NM_MAGIC);
	put16(w, 1);
	put16(w, 16);
	put32(w, NW_PCAPNG_NM_DROP_REASON);
	count_at = w->len;
	put32(w, 0); /* count, set below: names that do not fit the format are left out */
	for (i = 0; (name = nw_names_at(t, i, &value)); i++) {
		size_t len = strlen(name);
		uint8_t l = (uint8_t)len;

		if (value < 0 || value > UINT32_MAX || len == 0 || len > UINT8_MAX)
			continue;
		put32(w, (uint32_t)value);
		put(w, &l, 1);
		put(w, name, len);
		n++;
	}
	memcpy(w->blk + count_at, &(uint32_t){ (uint32_t)n }, 4);
	pad4(w);
	return finish(w, false);
}

/*
 * Writes a namespace's name before anything that refers to it, and again
 * when it changes: a namespace seen first through a process ("comm:pid")
 * often gets its /run/netns name a moment later, and the reader takes the
 * newest block.
 */
static int name_netns(struct nw_pcapng_writer *w, uint64_t inode)
{
	const char *name = inode ? nw_nsreg_name(inode) : "";
	static const uint8_t zero = 0;
	size_t i;

	if (!name[0])
		return 0;
	for (i = 0; i < w->nnamed; i++)
		if (w->named[i].inode == inode)
			break;
	if (i < w->nnamed && strcmp(w->named[i].name, name) == 0)
		return 0;
	if (i == w->nnamed) {
		w->named = nw_xrealloc(w->named, (w->nnamed + 1) * sizeof(*w->named));
		w->named[w->nnamed++].inode = inode;
	}
	nw_strlcpy(w->named[i].name, name, sizeof(w->named[i].name));
	begin(w, NW_PCAPNG_NW_BLOCK);
	put32(w, NW_PCAPNG_NS_MAGIC);
	put16(w, 1);
	put16(w, 16);
	put(w, &inode, 8);
	put(w, name, strlen(name));
	put(w, &zero, 1);
	pad4(w);
	return finish(w, false);
}

/* The interface's block index, writing its IDB the first time it is seen. */
static int if_id(struct nw_pcapng_writer *w, const struct nw_event *ev, uint16_t linktype)
{
	const char *name = ev->ifname[0] ? ev->ifname : "unknown";
	const char *ns;
	char desc[160];
	uint8_t tsresol = 9; /* nanoseconds */
	struct nw_mac mac;
	struct wif *wi;
	size_t i;
	int rc;

	for (i = 0; i < w->nifs; i++) {
		wi = &w->ifs[i];
		if (wi->netns == ev->netns_ino && wi->ifindex == ev->ifindex &&
		    wi->linktype == linktype && !strcmp(wi->name, ev->ifname))
			return (int)i;
	}
	if (w->nifs == w->capifs) {
		w->capifs = w->capifs ? w->capifs * 2 : 8;
		w->ifs = nw_xrealloc(w->ifs, w->capifs * sizeof(*w->ifs));
	}
	rc = name_netns(w, ev->netns_ino);
	if (rc < 0)
		return rc;
	wi = &w->ifs[w->nifs];
	wi->netns = ev->netns_ino;
	wi->ifindex = ev->ifindex;
	wi->linktype = linktype;
	nw_strlcpy(wi->name, ev->ifname, sizeof(wi->name));

	begin(w, NW_PCAPNG_IDB);
	put16(w, linktype);
	put16(w, 0);
	put32(w, 0); /* snaplen: no limit */
	opt_str(w, NW_PCAPNG_IF_NAME, name);
	if (ev->netns_ino) {
		ns = nw_nsreg_name(ev->netns_ino);
		snprintf(desc, sizeof(desc), "%s in network namespace %s (inode %llu, ifindex %u)",
			 name, ns[0] ? ns : "unnamed", (unsigned long long)ev->netns_ino,
			 ev->ifindex);
		opt_str(w, NW_PCAPNG_IF_DESCRIPTION, desc);
	}
	if (w->l2 && nw_l2check_if_mac(w->l2, ev->netns_ino, ev->ifindex, &mac) && mac.len == 6)
		opt(w, NW_PCAPNG_IF_MACADDR, mac.bytes, 6);
	opt(w, NW_PCAPNG_IF_TSRESOL, &tsresol, 1);
	rc = finish(w, true);
	if (rc < 0)
		return rc;
	w->st.interfaces++;
	return (int)w->nifs++;
}

static int write_packet(struct nw_pcapng_writer *w, const struct nw_event *ev)
{
	const struct nw_packet_ev *pk = &ev->u.packet;
	struct nw_pkt_view v;
	uint32_t flags;
	int id, rc;

	if (!w->store || !pk->store_ref || !nw_pkt_store_get(w->store, pk->store_ref, &v)) {
		w->st.missing++;
		return 0;
	}
	id = if_id(w, ev, pk->linktype);
	if (id < 0)
		return id;
	if (pk->l2_flags) {
		/* What the live run concluded of the next packet (pcapng.h). */
		begin(w, NW_PCAPNG_NW_BLOCK);
		put32(w, NW_PCAPNG_L2_MAGIC);
		put32(w, pk->l2_flags);
		rc = finish(w, false);
		if (rc < 0)
			return rc;
	}
	begin(w, NW_PCAPNG_EPB);
	put32(w, (uint32_t)id);
	put32(w, (uint32_t)(v.wall_ns >> 32));
	put32(w, (uint32_t)v.wall_ns);
	put32(w, v.caplen);
	put32(w, pk->len > v.caplen ? pk->len : v.caplen);
	put(w, v.data, v.caplen);
	pad4(w);
	flags = pk->dir == NW_DIR_IN ? 1 : pk->dir == NW_DIR_OUT ? 2 : 0;
	if (flags)
		opt(w, NW_PCAPNG_EPB_FLAGS, &flags, 4);
	opt_str(w, NW_PCAPNG_OPT_COMMENT, v.note);
	w->st.packets++;
	return finish(w, true);
}

static int write_event(struct nw_pcapng_writer *w, const struct nw_event *ev)
{
	uint64_t wall = ev->ts + (nw_now_wall() - nw_now_mono());
	int rc = name_netns(w, ev->netns_ino);

	if (rc < 0)
		return rc;
	begin(w, NW_PCAPNG_NW_BLOCK);
	put32(w, NW_PCAPNG_EV_MAGIC);
	put16(w, NW_PCAPNG_EV_VERSION);
	put16(w, NW_PCAPNG_EV_HDRLEN);
	put32(w, (uint32_t)sizeof(*ev));
	put32(w, 0);
	put(w, &wall, 8);
	put(w, ev, sizeof(*ev));
	pad4(w);
	w->st.events++;
	return finish(w, false);
}

int nw_pcapng_writer_write(struct nw_pcapng_writer *w, const struct nw_event *ev)
{
	if (w->error)
		return w->error;
	return ev->type == NW_EV_PACKET ? write_packet(w, ev) : write_event(w, ev);
}

void nw_pcapng_writer_bus_cb(const struct nw_event *ev, void *w)
{
	nw_pcapng_writer_write(w, ev);
}

/*
 * Under sudo the recording belongs to the user who ran sudo, so the replay
 * that needs no root works for them (tcpdump gets there with -Z).  Only the
 * ids sudo itself set are trusted, and only while we may chown (root).
 */
static void give_to_sudo_user(int fd)
{
	const char *u = getenv("SUDO_UID"), *g = getenv("SUDO_GID");
	char *end;
	unsigned long uid, gid;

	if (!u || !g || geteuid() != 0)
		return;
	errno = 0;
	uid = strtoul(u, &end, 10);
	if (errno || *end || !*u || uid == 0 || uid > UINT32_MAX - 1)
		return;
	gid = strtoul(g, &end, 10);
	if (errno || *end || !*g || gid > UINT32_MAX - 1)
		return;
	if (fchown(fd, (uid_t)uid, (gid_t)gid) < 0) {
		/* the file stays root's: the replay then needs root or a chown */
	}
}

/* A new file beside path, never following a symlink, then renamed over path. */
static int create_file(const char *path, char *err, size_t errlen)
{
	char *copy = nw_xstrdup(path), tmp[4096];
	const char *dir = dirname(copy);
	int fd = -1, e = 0;

	for (unsigned tries = 0; tries < 100 && fd < 0; tries++) {
		snprintf(tmp, sizeof(tmp), "%s/.netwhy-%d-%u.pcapng.tmp", dir, (int)getpid(), tries);
		/* As tcpdump -w: readable by others unless the umask says otherwise. */
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0) {
		e = errno;
		snprintf(err, errlen, "cannot create a file in %s: %s (check that the directory "
			 "exists and is writable)", dir, strerror(e));
		free(copy);
		return -e;
	}
	give_to_sudo_user(fd);
	if (rename(tmp, path) < 0) {
		e = errno;
		snprintf(err, errlen, "cannot create %s: %s", path, strerror(e));
		unlink(tmp);
		close(fd);
		free(copy);
		return -e;
	}
	free(copy);
	return fd;
}

struct nw_pcapng_writer *nw_pcapng_writer_open(const char *path, const struct nw_pkt_store *store,
					       const struct nw_l2check *l2, char *err,
					       size_t errlen)
{
	struct nw_pcapng_writer *w;
	int fd = create_file(path, err, errlen);

	if (fd < 0)
		return NULL;
	w = nw_xcalloc(1, sizeof(*w));
	w->store = store;
	w->l2 = l2;
	w->f = fdopen(fd, "wb");
	if (!w->f) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
		close(fd);
		free(w);
		return NULL;
	}
	if (write_shb(w) < 0 || write_names(w) < 0) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(-w->error));
		nw_pcapng_writer_close(w);
		return NULL;
	}
	return w;
}

int nw_pcapng_writer_interface(struct nw_pcapng_writer *w, uint64_t netns, uint32_t ifindex,
			       const char *ifname, uint16_t linktype)
{
	struct nw_event ev;
	int rc;

	memset(&ev, 0, sizeof(ev));
	ev.netns_ino = netns;
	ev.ifindex = ifindex;
	nw_strlcpy(ev.ifname, ifname, sizeof(ev.ifname));
	rc = if_id(w, &ev, linktype);
	return rc < 0 ? rc : 0;
}

int nw_pcapng_writer_flush(struct nw_pcapng_writer *w)
{
	if (!w->error && fflush(w->f))
		w->error = -errno;
	return w->error;
}

int nw_pcapng_writer_close(struct nw_pcapng_writer *w)
{
	int rc;

	if (!w)
		return 0;
	nw_pcapng_writer_flush(w);
	if (fclose(w->f) && !w->error)
		w->error = -errno;
	rc = w->error;
	free(w->ifs);
	free(w->named);
	free(w->blk);
	free(w);
	return rc;
}

void nw_pcapng_writer_stats(const struct nw_pcapng_writer *w, struct nw_pcapng_writer_stats *st)
{
	*st = w->st;
}
