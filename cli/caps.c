/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Capability checks: see caps.h. */
#include <ctype.h>
#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cli/caps.h"

/* Capability numbers are UAPI (linux/capability.h) and never renumbered. */
enum {
	CAPN_DAC_OVERRIDE = 1,
	CAPN_SETPCAP = 8,
	CAPN_NET_ADMIN = 12,
	CAPN_NET_RAW = 13,
	CAPN_SYS_PTRACE = 19,
	CAPN_SYS_ADMIN = 21,
	CAPN_SYSLOG = 34,
	CAPN_PERFMON = 38,
	CAPN_BPF = 39,
};

/*
 * Each capability netwhy uses: what needs it at start-up (nw_caps_missing),
 * and what still needs it once the sources are open (nw_caps_runtime_set).
 * Not kept at run time: CAP_PERFMON (the programs are attached at start),
 * CAP_BPF on kernels >= 6.5 (reading the ring and the counters through
 * their fds needs none there), and everything netwhy never uses.
 */
static const struct {
	int cap;
	const char *name;
	unsigned start, run;
} caps[] = {
	/* Run time: captures follow the links that appear, and the filter prompt re-opens them. */
	{ CAPN_NET_RAW, "CAP_NET_RAW", NW_NEED_CAPTURE, NW_NEED_CAPTURE },
	/* Run time: kernels before 6.5 refuse every bpf() call without it when unprivileged BPF is off. */
	{ CAPN_BPF, "CAP_BPF", NW_NEED_BPF, NW_NEED_BPF },
	{ CAPN_PERFMON, "CAP_PERFMON", NW_NEED_BPF, 0 },
	/* Run time: namespaces that appear (--netns all) and captures on their new links are entered with setns. */
	{ CAPN_SYS_ADMIN, "CAP_SYS_ADMIN", NW_NEED_NETNS, NW_NEED_NETNS },
	/* Run time: namespaces are named and found alive through /proc/PID/ns/net of other users' processes. */
	{ CAPN_SYS_PTRACE, "CAP_SYS_PTRACE", NW_NEED_NETNS, NW_NEED_NETNS },
	/* Run time: /proc/kallsyms is read at the first drop to name its location; it shows zeros without. */
	{ CAPN_SYSLOG, "CAP_SYSLOG", NW_NEED_SYMBOLS, NW_NEED_SYMBOLS },
	/* Run time: the listeners of namespaces that appear get their large buffers with SO_RCVBUFFORCE. */
	{ CAPN_NET_ADMIN, "CAP_NET_ADMIN", NW_NEED_NLBUF, NW_NEED_NETNS },
	/* Run time: under sudo the current directory is the user's: the report is written into it. */
	{ CAPN_DAC_OVERRIDE, "CAP_DAC_OVERRIDE", 0, NW_NEED_FILES },
};

uint64_t nw_caps_runtime_set(unsigned needs)
{
	uint64_t keep = 0;
	size_t i;

	for (i = 0; i < sizeof(caps) / sizeof(caps[0]); i++)
		if (needs & caps[i].run)
			keep |= 1ULL << caps[i].cap;
	return keep;
}

void nw_caps_names(uint64_t mask, char *buf, size_t size)
{
	size_t i, len = 0;

	if (size)
		buf[0] = '\0';
	for (i = 0; i < sizeof(caps) / sizeof(caps[0]) && len < size; i++) {
		int w;

		if (!(mask & (1ULL << caps[i].cap)))
			continue;
		mask &= ~(1ULL << caps[i].cap);
		w = snprintf(buf + len, size - len, "%s%s", len ? ", " : "", caps[i].name);
		len += w > 0 ? (size_t)w : 0;
	}
	for (i = 0; i < 64 && len < size; i++) {
		if (mask & (1ULL << i)) {
			int w = snprintf(buf + len, size - len, "%scap %zu", len ? ", " : "", i);

			len += w > 0 ? (size_t)w : 0;
		}
	}
	if (!len && size)
		snprintf(buf, size, "none");
}

static int last_cap(void)
{
	FILE *f = fopen("/proc/sys/kernel/cap_last_cap", "re");
	int n = CAP_LAST_CAP;

	if (f) {
		if (fscanf(f, "%d", &n) != 1 || n < 0 || n > 63)
			n = CAP_LAST_CAP;
		fclose(f);
	}
	return n;
}

int nw_caps_drop_to(uint64_t keep, uint64_t *kept, char *err, size_t errlen)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
	uint64_t eff, prm;
	int cap, e;

	if (errlen)
		err[0] = '\0';
	if (syscall(SYS_capget, &hdr, data) < 0) {
		e = errno;
		snprintf(err, errlen, "capget: %s", strerror(e));
		return -e;
	}
	eff = (uint64_t)data[1].effective << 32 | data[0].effective;
	prm = (uint64_t)data[1].permitted << 32 | data[0].permitted;
	/* The bounding set first: dropping from it needs CAP_SETPCAP, which goes next. */
	if (eff & (1ULL << CAPN_SETPCAP)) {
		int last = last_cap();

		for (cap = 0; cap <= last; cap++) {
			if ((keep & (1ULL << cap)) || prctl(PR_CAPBSET_READ, cap, 0, 0, 0) <= 0)
				continue;
			if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0) {
				e = errno;
				snprintf(err, errlen, "dropping capability %d from the bounding set: %s", cap,
					 strerror(e));
				return -e;
			}
		}
	}
	/* Ambient capabilities would survive an exec; none are wanted (EINVAL: kernel < 4.3). */
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL) {
		e = errno;
		snprintf(err, errlen, "clearing the ambient capabilities: %s", strerror(e));
		return -e;
	}
	eff &= keep;
	prm &= keep;
	memset(data, 0, sizeof(data));
	data[0].effective = (uint32_t)eff;
	data[1].effective = (uint32_t)(eff >> 32);
	data[0].permitted = (uint32_t)prm;
	data[1].permitted = (uint32_t)(prm >> 32);
	if (syscall(SYS_capset, &hdr, data) < 0) {
		e = errno;
		snprintf(err, errlen, "capset: %s", strerror(e));
		return -e;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		e = errno;
		snprintf(err, errlen, "no_new_privs: %s", strerror(e));
		return -e;
	}
	*kept = eff;
	return 0;
}

bool nw_caps_parse_hex(const char *hex, uint64_t *mask)
{
	uint64_t v = 0;
	int digits = 0;

	while (*hex == ' ' || *hex == '\t')
		hex++;
	for (; isxdigit((unsigned char)*hex); hex++) {
		int d = isdigit((unsigned char)*hex) ? *hex - '0' : (tolower((unsigned char)*hex) - 'a' + 10);

		if (++digits > 16)
			return false;
		v = v << 4 | (uint64_t)d;
	}
	if (!digits || (*hex && *hex != '\n'))
		return false;
	*mask = v;
	return true;
}

uint64_t nw_caps_effective(void)
{
	char line[256];
	uint64_t mask = 0;
	FILE *f = fopen("/proc/self/status", "re");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "CapEff:", 7) == 0) {
			if (!nw_caps_parse_hex(line + 7, &mask))
				mask = 0;
			break;
		}
	}
	fclose(f);
	return mask;
}

int nw_caps_missing(uint64_t have, unsigned needs, char *buf, size_t size)
{
	size_t i, len = 0;
	int n = 0;

	if (size)
		buf[0] = '\0';
	for (i = 0; i < sizeof(caps) / sizeof(caps[0]); i++) {
		if (!(needs & caps[i].start) || (have & (1ULL << caps[i].cap)))
			continue;
		/* CAP_SYS_ADMIN covers BPF and PERFMON (pre-5.8 kernels, and still accepted). */
		if ((caps[i].cap == CAPN_BPF || caps[i].cap == CAPN_PERFMON) &&
		    (have & (1ULL << CAPN_SYS_ADMIN)))
			continue;
		if (len < size) {
			int w = snprintf(buf + len, size - len, "%s%s", n ? ", " : "", caps[i].name);

			len += w > 0 ? (size_t)w : 0;
		}
		n++;
	}
	return n;
}
