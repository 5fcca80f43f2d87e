/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `-r FILE` (replay.h): pcapng through our reader, classic pcap through libpcap. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "capture/pcap_source.h"
#include "capture/pcapng_reader.h"
#include "capture/replay.h"

/*
 * The first four bytes say what the file is.  Messages name the problem,
 * not the file: the caller says which file it was reading.
 */
static int file_magic(const char *path, uint32_t *magic, char *err, size_t errlen)
{
	uint8_t b[4];
	struct stat sb;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		return -errno;
	}
	if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		close(fd);
		snprintf(err, errlen, "it is a directory, not a capture file");
		return -EISDIR;
	}
	n = read(fd, b, sizeof(b));
	close(fd);
	if (n != (ssize_t)sizeof(b)) {
		snprintf(err, errlen, "%s", n < 0 ? strerror(errno) : n == 0 ? "the file is empty"
				    : "only a few bytes: too short to be a capture file");
		return -EINVAL;
	}
	*magic = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
	return 0;
}

/* pcapng, or classic pcap in either byte order, micro- or nanosecond. */
static bool known_magic(uint32_t m)
{
	return m == 0x0a0d0d0a || m == 0xa1b2c3d4 || m == 0xd4c3b2a1 || m == 0xa1b23c4d ||
	       m == 0x4d3cb2a1;
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
	if (!known_magic(magic)) {
		snprintf(err, errlen,
			 "not a pcap or pcapng capture (it starts with %02x %02x %02x %02x)",
			 magic >> 24, (magic >> 16) & 0xff, (magic >> 8) & 0xff, magic & 0xff);
		return -EINVAL;
	}
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
