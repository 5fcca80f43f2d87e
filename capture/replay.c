/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `-r FILE` (replay.h): pcapng through our reader, classic pcap through libpcap. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "capture/pcap_source.h"
#include "capture/pcapng_reader.h"
#include "capture/replay.h"

static int file_magic(const char *path, uint32_t *magic, char *err, size_t errlen)
{
	uint8_t b[4];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0) {
		snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
		return -errno;
	}
	n = read(fd, b, sizeof(b));
	close(fd);
	if (n != (ssize_t)sizeof(b)) {
		snprintf(err, errlen, "%s: too short to be a capture file", path);
		return -EINVAL;
	}
	*magic = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
	return 0;
}

int nw_replay_file(const char *path, const char *filter, uint64_t max,
		   struct nw_capture_pipe *pipe, struct nw_replay_stats *st, char *err,
		   size_t errlen)
{
	struct nw_pcap_source *s;
	uint32_t magic = 0;
	long n;
	int rc;

	memset(st, 0, sizeof(*st));
	rc = file_magic(path, &magic, err, errlen);
	if (rc < 0)
		return rc;
	if (magic == 0x0a0d0d0a) {
		st->pcapng = 1;
		return nw_pcapng_replay(path, filter, max, pipe, st, err, errlen);
	}
	s = nw_pcap_source_open_file(path, filter, pipe, err, errlen);
	if (!s)
		return -EINVAL;
	struct nw_pcap_source_stats ps;

	n = nw_pcap_source_read_file(s, max, err, errlen);
	nw_pcap_source_stats(s, &ps);
	st->packets = ps.delivered; /* also those delivered before a damaged record */
	nw_pcap_source_close(s);
	return n < 0 ? (int)n : 0;
}
