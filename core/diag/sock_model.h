/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The socket model: per socket identity (pid, fd, cookie) the errno counts
 * with the syscall and time of each, and the last errors with their peer;
 * per socket snapshot (sock_diag) the receive buffer and the drop counter
 * with its increases, so a netlink listener's "rcvbuf 2304, drops 39" sits
 * next to its ENOBUFS.
 */
#ifndef NW_CORE_SOCK_MODEL_H
#define NW_CORE_SOCK_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/event.h"

#define NW_SOCK_ERRNOS 8
#define NW_SOCK_LAST 8

struct nw_sock_errno_count {
	int32_t err;
	int32_t syscall; /* of the last one */
	uint64_t count;
	uint64_t first_ts, last_ts, first_id, last_id;
};

struct nw_sock_err_rec {
	uint64_t ts, id;
	int32_t err, syscall;
	struct nw_addr raddr;
	uint16_t rport;
};

struct nw_sock_key {
	uint64_t netns_ino;
	uint64_t cookie; /* 0 when the probe could not read it */
	uint32_t pid;
	int32_t fd; /* -1 for asynchronous reports */
};

struct nw_sock_rec {
	struct nw_sock_key key;
	char comm[NW_COMMLEN];
	uint16_t family, protocol;
	uint8_t type;
	struct nw_addr laddr, raddr;
	uint16_t lport, rport;
	uint32_t nl_portid, nl_groups;
	uint64_t errors; /* all errors */
	struct nw_sock_errno_count errnos[NW_SOCK_ERRNOS];
	uint64_t errnos_other; /* errors whose errno found no free slot */
	struct nw_sock_err_rec last[NW_SOCK_LAST];
	uint64_t last_total;
};

struct nw_sockinfo_key {
	uint64_t netns_ino;
	uint64_t inode; /* or the cookie when the inode is 0 */
	uint16_t family, protocol;
	uint32_t portid;
};

struct nw_sockinfo_rec {
	struct nw_sockinfo_key key;
	struct nw_sockinfo_ev first, last;
	uint64_t first_ts, last_ts, last_id;
	uint64_t drops_delta; /* increases of sk_drops seen */
	uint64_t last_drop_ts, last_drop_id;
	bool gone;
};

struct nw_sock_model;

struct nw_sock_model *nw_sock_model_new(size_t capacity);
void nw_sock_model_free(struct nw_sock_model *m);
void nw_sock_model_on_event(struct nw_sock_model *m, const struct nw_event *ev);
/*
 * One failure, one count: the kernel reports a socket's error twice, the
 * error report (sk_error_report, asynchronous) and the return of the call
 * that collects it (connect, getsockopt SO_ERROR, recv).  The second report
 * of a pair is not counted again.  When the second is a call's return, the
 * pair's first report (an error report, often without the owner or with a
 * stale one) is taken back: the call names the socket's owner for sure.
 * After each sock_err event: whether it was the second report of a pair, and
 * the first report's event when it was taken back, NULL when none.
 */
bool nw_sock_model_last_repeated(const struct nw_sock_model *m);
const struct nw_event *nw_sock_model_last_retracted(const struct nw_sock_model *m);

/* The record the last event updated (sock_err or sock info), NULL if none. */
const struct nw_sock_rec *nw_sock_model_last(const struct nw_sock_model *m);
const struct nw_sockinfo_rec *nw_sock_model_last_info(const struct nw_sock_model *m);

const struct nw_sock_rec *nw_sock_model_find(const struct nw_sock_model *m, uint64_t netns_ino,
					     uint32_t pid, int32_t fd, uint64_t cookie);
const struct nw_sock_errno_count *nw_sock_rec_errno(const struct nw_sock_rec *r, int err);
size_t nw_sock_model_capacity(const struct nw_sock_model *m);
const struct nw_sock_rec *nw_sock_model_slot(const struct nw_sock_model *m, size_t i);
size_t nw_sock_model_info_capacity(const struct nw_sock_model *m);
const struct nw_sockinfo_rec *nw_sock_model_info_slot(const struct nw_sock_model *m, size_t i);
uint64_t nw_sock_model_evicted(const struct nw_sock_model *m);

/* The snapshot of the netlink socket with that port id in that namespace (any namespace when 0), or
 * NULL. */
const struct nw_sockinfo_rec *nw_sock_model_netlink(const struct nw_sock_model *m,
						    uint64_t netns_ino, uint32_t portid,
						    uint32_t pid);

#endif
