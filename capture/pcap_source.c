/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Live and file capture through libpcap (see pcap_source.h for the choices made). */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <pcap/pcap.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "capture/cursor.h"
#include "capture/l2check.h"
#include "capture/pcap_source.h"
#include "capture/pipeline.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/nsreg.h"
#include "core/util.h"

#define REFRESH_MIN_NS 50000000ull /* re-read the MAC at most every 50 ms */
/*
 * Frames per wake-up before yielding to the loop.  pcap_dispatch(-1) drains
 * every ready TPACKET_V3 block, and under a flood there always is one: the
 * loop then never got back to its timers (no `source` reports with the
 * drops, no JSON flush, no models tick, --duration and signals ignored
 * until the flood stopped).  The epoll watch is level-triggered, so the
 * rest of the ring is read right after the timers have run.  ~8k frames
 * are 10-40 ms of decoding here.
 */
#define DISPATCH_BUDGET 8192

struct nw_pcap_source {
	pcap_t *pc;
	struct nw_capture_pipe *pipe;
	struct nw_loop *loop;
	bool live, any, on_loop;
	int fd;
	int64_t flush_timer, stats_timer;
	int ioctl_fd;                    /* socket in the capture namespace, for SIOCGIFHWADDR */
	char name[32];                   /* "pcap:IF@NETNS" */
	char ifname[IF_NAMESIZE];
	uint64_t netns;
	uint32_t ifindex;
	uint16_t linktype;
	uint64_t last_refresh;
	uint64_t delivered;
	uint64_t kdrops, ifdrops, received;
	uint64_t reported_lost, reported_delivered;
	uint8_t state;
	char detail[160];
	/* -i any: names of the interfaces seen, by ifindex (read in the namespace) */
	struct { uint32_t ifindex; char name[IF_NAMESIZE]; } any_names[32];
	unsigned any_next;
	/* files: map the file's clock onto ours so intervals survive */
	uint64_t base_mono, first_wall;
};

static void set_err(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static void report(struct nw_pcap_source *s, enum nw_source_state state, const char *detail)
{
	struct nw_event ev;

	s->state = (uint8_t)state;
	if (detail)
		nw_strlcpy(s->detail, detail, sizeof(s->detail));
	nw_event_init(&ev, NW_EV_SOURCE, NW_ORIGIN_PCAP);
	ev.netns_ino = s->netns;
	ev.ifindex = s->ifindex;
	nw_strlcpy(ev.ifname, s->ifname, sizeof(ev.ifname));
	nw_strlcpy(ev.u.source.name, s->name, sizeof(ev.u.source.name));
	ev.u.source.state = (uint8_t)state;
	ev.u.source.delivered = s->delivered;
	ev.u.source.lost = s->kdrops + s->ifdrops;
	nw_strlcpy(ev.u.source.detail, s->detail, sizeof(ev.u.source.detail));
	s->reported_lost = ev.u.source.lost;
	s->reported_delivered = s->delivered;
	nw_capture_pipe_event(s->pipe, &ev);
}

/* The current interface MAC, read in the capture namespace through the socket made there. */
static bool read_mac(struct nw_pcap_source *s, struct nw_mac *mac)
{
	struct ifreq ifr;

	if (s->ioctl_fd < 0 || s->any)
		return false;
	memset(&ifr, 0, sizeof(ifr));
	nw_strlcpy(ifr.ifr_name, s->ifname, sizeof(ifr.ifr_name));
	if (ioctl(s->ioctl_fd, SIOCGIFHWADDR, &ifr) < 0 ||
	    ifr.ifr_hwaddr.sa_family != ARPHRD_ETHER)
		return false;
	memset(mac, 0, sizeof(*mac));
	mac->len = 6;
	memcpy(mac->bytes, ifr.ifr_hwaddr.sa_data, 6);
	return true;
}

/*
 * -i any: the interface a cooked frame names, by name, with its MAC given to
 * l2check so annotations say "veth0" and its address.  Cached; a reused
 * index is re-read when the cache slot is recycled.
 */
static const char *any_ifname(struct nw_pcap_source *s, uint32_t ifindex)
{
	struct nw_l2check *l2 = nw_capture_pipe_l2check(s->pipe);
	struct ifreq ifr;
	unsigned slot;

	for (unsigned i = 0; i < NW_ARRAY_SIZE(s->any_names); i++)
		if (s->any_names[i].ifindex == ifindex && ifindex)
			return s->any_names[i].name;
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_ifindex = (int)ifindex;
	if (s->ioctl_fd < 0 || ioctl(s->ioctl_fd, SIOCGIFNAME, &ifr) < 0)
		return NULL;
	slot = s->any_next++ % NW_ARRAY_SIZE(s->any_names);
	s->any_names[slot].ifindex = ifindex;
	nw_strlcpy(s->any_names[slot].name, ifr.ifr_name, sizeof(s->any_names[slot].name));
	if (l2 && ioctl(s->ioctl_fd, SIOCGIFHWADDR, &ifr) == 0 &&
	    ifr.ifr_hwaddr.sa_family == ARPHRD_ETHER) {
		struct nw_mac mac = { .len = 6 };

		memcpy(mac.bytes, ifr.ifr_hwaddr.sa_data, 6);
		nw_l2check_set_if_mac(l2, s->netns, ifindex, s->any_names[slot].name, &mac,
				      nw_now_mono());
	}
	return s->any_names[slot].name;
}

static void refresh_mac(struct nw_pcap_source *s)
{
	struct nw_l2check *l2 = nw_capture_pipe_l2check(s->pipe);
	struct nw_mac mac;
	uint64_t now = nw_now_mono();

	s->last_refresh = now;
	if (l2 && read_mac(s, &mac))
		nw_l2check_set_if_mac(l2, s->netns, s->ifindex, s->ifname, &mac, now);
}

static void refresh_cb(void *arg, uint64_t netns, uint32_t ifindex)
{
	struct nw_pcap_source *s = arg;

	if (nw_now_mono() - s->last_refresh >= REFRESH_MIN_NS)
		refresh_mac(s);
}

static void on_packet(u_char *user, const struct pcap_pkthdr *h, const u_char *bytes)
{
	struct nw_pcap_source *s = (struct nw_pcap_source *)(void *)user;
	struct nw_capture_frame f;
	uint64_t wall = (uint64_t)h->ts.tv_sec * 1000000000ull + (uint64_t)h->ts.tv_usec;

	memset(&f, 0, sizeof(f));
	f.netns = s->netns;
	f.ifindex = s->ifindex;
	f.ifname = s->ifname[0] ? s->ifname : NULL;
	f.linktype = s->linktype;
	f.wall_ns = wall;
	f.data = bytes;
	f.caplen = h->caplen;
	f.len = h->len;
	f.dir = NW_DIR_UNKNOWN;
	f.origin = s->live ? NW_ORIGIN_PCAP : NW_ORIGIN_REPLAY;
	if (!s->live) {
		if (!s->first_wall)
			s->first_wall = wall;
		f.mono_ns = s->base_mono + (wall > s->first_wall ? wall - s->first_wall : 0);
	}
	/* -i any: the SLL2 header names the real interface. */
	if (s->linktype == DLT_LINUX_SLL2) {
		struct nw_cursor c;

		nw_cur_init(&c, bytes, h->caplen);
		nw_cur_skip(&c, 4);
		f.ifindex = nw_cur_be32(&c);
		if (s->live && !c.truncated)
			f.ifname = any_ifname(s, f.ifindex);
	}
	s->delivered++;
	nw_capture_pipe_frame(s->pipe, &f, NULL, s->live ? refresh_cb : NULL, s);
}

static void stop_loop(struct nw_pcap_source *s)
{
	if (!s->on_loop)
		return;
	nw_loop_del_fd(s->loop, s->fd);
	if (s->flush_timer > 0)
		nw_loop_del_timer(s->loop, s->flush_timer);
	if (s->stats_timer > 0)
		nw_loop_del_timer(s->loop, s->stats_timer);
	s->flush_timer = s->stats_timer = 0;
	s->on_loop = false;
}

int nw_pcap_source_poll(struct nw_pcap_source *s)
{
	char why[160];
	int n, total = 0;

	while (total < DISPATCH_BUDGET) {
		/* A count within the budget: libpcap keeps its place inside a block between calls. */
		n = pcap_dispatch(s->pc, DISPATCH_BUDGET - total, on_packet, (u_char *)s);
		if (n == PCAP_ERROR) {
			snprintf(why, sizeof(why), "%s: %s (interface gone or down; capture stopped)",
				 s->ifname, pcap_geterr(s->pc));
			nw_warn("%s", why);
			stop_loop(s);
			report(s, NW_SOURCE_GONE, why);
			return -EIO;
		}
		if (n <= 0)
			break;
		total += n;
	}
	return total;
}

static void fd_cb(struct nw_loop *loop, int fd, unsigned events, void *arg)
{
	nw_pcap_source_poll(arg);
}

static bool flush_cb(struct nw_loop *loop, void *arg)
{
	struct nw_pcap_source *s = arg;

	nw_pcap_source_poll(s);
	return s->on_loop;
}

static void read_stats(struct nw_pcap_source *s)
{
	struct pcap_stat ps;

	if (!s->live || pcap_stats(s->pc, &ps) < 0)
		return;
	/* libpcap's counters are 32-bit and cumulative on Linux; keep 64-bit ones. */
	s->received = ps.ps_recv;
	s->kdrops = ps.ps_drop;
	s->ifdrops = ps.ps_ifdrop;
}

static bool stats_cb(struct nw_loop *loop, void *arg)
{
	struct nw_pcap_source *s = arg;

	read_stats(s);
	refresh_mac(s);
	if (s->kdrops + s->ifdrops != s->reported_lost) {
		char why[160];

		snprintf(why, sizeof(why), "%s: the kernel dropped %llu packets (ring full): raise "
			 "--buffer-size or narrow the filter", s->ifname,
			 (unsigned long long)(s->kdrops + s->ifdrops));
		report(s, NW_SOURCE_DEGRADED, why);
	} else if (s->delivered != s->reported_delivered) {
		report(s, (enum nw_source_state)s->state, NULL);
	}
	return s->on_loop;
}

static void make_name(struct nw_pcap_source *s)
{
	const char *ns = nw_nsreg_name(s->netns);

	if (ns[0])
		snprintf(s->name, sizeof(s->name), "pcap:%s@%s", s->ifname, ns);
	else
		snprintf(s->name, sizeof(s->name), "pcap:%s", s->ifname);
}

static int apply_filter(pcap_t *pc, const char *filter, char *err, size_t errlen)
{
	struct bpf_program prog;

	if (!filter || !filter[0])
		return 0;
	if (pcap_compile(pc, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) < 0) {
		set_err(err, errlen, "filter \"%s\": %s (see pcap-filter(7))", filter, pcap_geterr(pc));
		return -EINVAL;
	}
	if (pcap_setfilter(pc, &prog) < 0) {
		set_err(err, errlen, "filter \"%s\" cannot be applied: %s", filter, pcap_geterr(pc));
		pcap_freecode(&prog);
		return -EINVAL;
	}
	pcap_freecode(&prog);
	return 0;
}

static uint64_t netns_inode(int fd)
{
	struct stat st;

	if (fd >= 0 ? fstat(fd, &st) : stat("/proc/self/ns/net", &st))
		return 0;
	return (uint64_t)st.st_ino;
}

static int enter_netns(int target, int *saved)
{
	int e;

	*saved = -1;
	if (target < 0)
		return 0;
	*saved = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (*saved < 0)
		return -errno;
	if (setns(target, CLONE_NEWNET) < 0) {
		e = -errno;
		close(*saved);
		*saved = -1;
		return e;
	}
	return 0;
}

static void leave_netns(int saved)
{
	if (saved < 0)
		return;
	/* Failing to come back would leave every later socket in the wrong namespace. */
	if (setns(saved, CLONE_NEWNET) < 0) {
		nw_error("cannot return to netwhy's own network namespace: %s", strerror(errno));
		abort();
	}
	close(saved);
}

static const char *activate_hint(int rc)
{
	switch (rc) {
	case PCAP_ERROR_PERM_DENIED:
		return "capturing needs CAP_NET_RAW: run netwhy as root (or setcap cap_net_raw,cap_net_admin+ep)";
	case PCAP_ERROR_NO_SUCH_DEVICE:
		return "no such interface in that namespace: list them with `ip -n NETNS link`";
	case PCAP_ERROR_IFACE_NOT_UP:
		return "the interface is down: `ip link set IF up`";
	default:
		return "see the libpcap message";
	}
}

/* Everything that must happen inside the namespace: the handle, the ioctl socket, the index. */
static int open_in_ns(struct nw_pcap_source *s, const struct nw_pcap_opts *o, char *err,
		      size_t errlen)
{
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	int rc;

	s->pc = pcap_create(o->ifname, ebuf);
	if (!s->pc) {
		set_err(err, errlen, "pcap_create %s: %s", o->ifname, ebuf);
		return -ENODEV;
	}
	pcap_set_snaplen(s->pc, o->snaplen > 0 ? o->snaplen : 262144);
	pcap_set_promisc(s->pc, 0);
	pcap_set_timeout(s->pc, o->timeout_ms > 0 ? o->timeout_ms : 50);
	pcap_set_buffer_size(s->pc, o->buffer_size > 0 ? o->buffer_size : NW_PCAP_DEFAULT_BUFFER);
	pcap_set_immediate_mode(s->pc, 0);
	pcap_set_tstamp_precision(s->pc, PCAP_TSTAMP_PRECISION_NANO);
	rc = pcap_activate(s->pc);
	if (rc < 0) {
		set_err(err, errlen, "capture on %s: %s: %s", o->ifname, pcap_geterr(s->pc),
			activate_hint(rc));
		return -EIO;
	}
	if (rc > 0)
		nw_warn("capture on %s: %s", o->ifname, pcap_geterr(s->pc));
	s->ioctl_fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (!s->any)
		s->ifindex = if_nametoindex(o->ifname);
	return 0;
}

static struct nw_pcap_source *source_new(struct nw_capture_pipe *pipe)
{
	struct nw_pcap_source *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->pipe = pipe;
	s->fd = -1;
	s->ioctl_fd = -1;
	return s;
}

static void source_free(struct nw_pcap_source *s)
{
	if (s->pc)
		pcap_close(s->pc);
	if (s->ioctl_fd >= 0)
		close(s->ioctl_fd);
	free(s);
}

struct nw_pcap_source *nw_pcap_source_open_live(const struct nw_pcap_opts *o,
						struct nw_capture_pipe *pipe,
						struct nw_loop *loop, char *err, size_t errlen)
{
	struct nw_pcap_source *s = source_new(pipe);
	uint64_t period = o->stats_period_ns ? o->stats_period_ns : 1000000000ull;
	int saved, rc;

	if (!s) {
		set_err(err, errlen, "out of memory");
		return NULL;
	}
	s->live = true;
	s->loop = loop;
	s->any = !strcmp(o->ifname, "any");
	nw_strlcpy(s->ifname, o->ifname, sizeof(s->ifname));
	s->netns = netns_inode(o->netns_fd);
	make_name(s);

	rc = enter_netns(o->netns_fd, &saved);
	if (rc < 0) {
		set_err(err, errlen, "cannot enter network namespace (fd %d): %s: netwhy needs "
			"CAP_SYS_ADMIN to capture in another namespace", o->netns_fd, strerror(-rc));
		goto err_free;
	}
	rc = open_in_ns(s, o, err, errlen);
	leave_netns(saved);
	if (rc < 0)
		goto err_free;

	if (s->any && pcap_set_datalink(s->pc, DLT_LINUX_SLL2) < 0)
		nw_warn("capture on any: LINUX_SLL2 not offered, using %s",
			pcap_datalink_val_to_name(pcap_datalink(s->pc)));
	s->linktype = (uint16_t)pcap_datalink(s->pc);
	if (apply_filter(s->pc, o->filter, err, errlen) < 0)
		goto err_free;
	if (pcap_setnonblock(s->pc, 1, NULL) < 0) {
		set_err(err, errlen, "capture on %s: nonblocking mode: %s", o->ifname, pcap_geterr(s->pc));
		goto err_free;
	}
	s->fd = pcap_get_selectable_fd(s->pc);
	if (s->fd < 0) {
		set_err(err, errlen, "capture on %s: libpcap gives no selectable descriptor", o->ifname);
		goto err_free;
	}
	rc = nw_loop_add_fd(loop, s->fd, NW_LOOP_IN, fd_cb, s);
	if (rc < 0) {
		set_err(err, errlen, "capture on %s: event loop: %s", o->ifname, strerror(-rc));
		goto err_free;
	}
	s->on_loop = true;
	s->flush_timer = nw_loop_add_timer(loop, 50000000ull, 50000000ull, flush_cb, s);
	s->stats_timer = nw_loop_add_timer(loop, period, period, stats_cb, s);
	refresh_mac(s);
	if (s->any)
		report(s, NW_SOURCE_DEGRADED, "-i any: cooked frames (SLL2) carry no MAC addresses "
		       "of the receiver; OTHERHOST frames are still flagged from the kernel's packet "
		       "type; name interfaces with -i to see the MACs");
	else if (s->linktype != DLT_EN10MB)
		report(s, NW_SOURCE_RUNNING, "not Ethernet: no MAC checks on this link type");
	else
		report(s, NW_SOURCE_RUNNING, "");
	return s;

err_free:
	source_free(s);
	return NULL;
}

struct nw_pcap_source *nw_pcap_source_open_file(const char *path, const char *filter,
						struct nw_capture_pipe *pipe, char *err,
						size_t errlen)
{
	struct nw_pcap_source *s = source_new(pipe);
	char ebuf[PCAP_ERRBUF_SIZE] = "";

	if (!s) {
		set_err(err, errlen, "out of memory");
		return NULL;
	}
	s->pc = pcap_open_offline_with_tstamp_precision(path, PCAP_TSTAMP_PRECISION_NANO, ebuf);
	if (!s->pc) {
		set_err(err, errlen, "%s", ebuf); /* the caller names the file */
		source_free(s);
		return NULL;
	}
	s->linktype = (uint16_t)pcap_datalink(s->pc);
	snprintf(s->name, sizeof(s->name), "pcap:file");
	if (apply_filter(s->pc, filter, err, errlen) < 0) {
		source_free(s);
		return NULL;
	}
	s->base_mono = nw_now_mono();
	return s;
}

long nw_pcap_source_read_file(struct nw_pcap_source *s, uint64_t max, char *err, size_t errlen)
{
	int n;

	while (!max || s->delivered < max) {
		n = pcap_dispatch(s->pc, max ? (int)(max - s->delivered > 4096 ? 4096 :
						       max - s->delivered) : 4096,
				  on_packet, (u_char *)s);
		if (n == PCAP_ERROR) {
			set_err(err, errlen, "damaged capture file after %llu packets: %s",
				(unsigned long long)s->delivered, pcap_geterr(s->pc));
			return -EIO;
		}
		if (n == 0)
			break;
	}
	return (long)s->delivered;
}

void nw_pcap_source_stats(struct nw_pcap_source *s, struct nw_pcap_source_stats *st)
{
	read_stats(s);
	st->delivered = s->delivered;
	st->kernel_drops = s->kdrops;
	st->if_drops = s->ifdrops;
	st->received = s->received;
}

int nw_pcap_source_linktype(const struct nw_pcap_source *s)
{
	return s->linktype;
}

uint64_t nw_pcap_source_netns(const struct nw_pcap_source *s)
{
	return s->netns;
}

uint32_t nw_pcap_source_ifindex(const struct nw_pcap_source *s)
{
	return s->ifindex;
}

void nw_pcap_source_close(struct nw_pcap_source *s)
{
	if (!s)
		return;
	if (s->live) {
		/*
		 * What is still in the ring was captured: deliver it before saying
		 * goodbye (a bounded number of budgets: a flood still arriving
		 * would keep it full for ever).
		 */
		for (int i = 0; i < 64 && s->on_loop; i++)
			if (nw_pcap_source_poll(s) < DISPATCH_BUDGET)
				break;
		read_stats(s);
		stop_loop(s);
		report(s, NW_SOURCE_OFF, "stopped");
	}
	source_free(s);
}
