/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Capability checks: see caps.h. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "cli/caps.h"

/* Capability numbers are UAPI (linux/capability.h) and never renumbered. */
enum {
	CAPN_NET_ADMIN = 12,
	CAPN_NET_RAW = 13,
	CAPN_SYS_PTRACE = 19,
	CAPN_SYS_ADMIN = 21,
	CAPN_SYSLOG = 34,
	CAPN_PERFMON = 38,
	CAPN_BPF = 39,
};

static const struct {
	unsigned need;
	int cap;
	const char *name;
} need_caps[] = {
	{ NW_NEED_CAPTURE, CAPN_NET_RAW, "CAP_NET_RAW" },
	{ NW_NEED_BPF, CAPN_BPF, "CAP_BPF" },
	{ NW_NEED_BPF, CAPN_PERFMON, "CAP_PERFMON" },
	{ NW_NEED_NETNS, CAPN_SYS_ADMIN, "CAP_SYS_ADMIN" },
	{ NW_NEED_NETNS, CAPN_SYS_PTRACE, "CAP_SYS_PTRACE" },
	{ NW_NEED_SYMBOLS, CAPN_SYSLOG, "CAP_SYSLOG" },
	{ NW_NEED_NLBUF, CAPN_NET_ADMIN, "CAP_NET_ADMIN" },
};

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
	for (i = 0; i < sizeof(need_caps) / sizeof(need_caps[0]); i++) {
		if (!(needs & need_caps[i].need) || (have & (1ULL << need_caps[i].cap)))
			continue;
		/* CAP_SYS_ADMIN covers BPF and PERFMON (pre-5.8 kernels, and still accepted). */
		if ((need_caps[i].cap == CAPN_BPF || need_caps[i].cap == CAPN_PERFMON) &&
		    (have & (1ULL << CAPN_SYS_ADMIN)))
			continue;
		if (len < size) {
			int w = snprintf(buf + len, size - len, "%s%s", n ? ", " : "", need_caps[i].name);

			len += w > 0 ? (size_t)w : 0;
		}
		n++;
	}
	return n;
}
