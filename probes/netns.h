/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Network namespaces in scope: parsing `--netns NAME|PATH|pid:N|all` and
 * `--container ID`, discovering every namespace on the host, and entering
 * one to create sockets there.
 *
 * A namespace is identified by the inode of its nsfs file.  Names come, in
 * order of preference, from the container or pod living in it
 * ("docker:web1", "runc:ID", "pod:NAMESPACE/NAME"; probes/containers.h),
 * /run/netns, Docker's /var/run/docker/netns, and the first process found
 * in it ("comm:pid").  The
 * initial namespace (the one of /proc/1/ns/net) is always named "host".
 * Every name is registered in core/nsreg.h.
 *
 * The set owns its entries (strings are copied); nothing here keeps a
 * namespace open: the netlink source opens its own descriptors.
 */
#ifndef NW_PROBES_NETNS_H
#define NW_PROBES_NETNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define NW_NETNS_NAME_MAX 64
#define NW_NETNS_PATH_MAX 256

/* How a namespace was found; also how it is found again to see whether it still exists. */
enum nw_netns_kind {
	NW_NETNS_SELF,      /* the namespace netwhy runs in */
	NW_NETNS_NAMED,     /* /run/netns/NAME */
	NW_NETNS_DOCKER,    /* /var/run/docker/netns/ID */
	NW_NETNS_PATH,      /* any nsfs path given by the user */
	NW_NETNS_PID,       /* /proc/PID/ns/net */
	NW_NETNS_CONTAINER, /* a container's init process */
	NW_NETNS_KIND_COUNT
};

struct nw_netns {
	uint64_t inode;
	enum nw_netns_kind kind;
	pid_t pid;                       /* for PID, CONTAINER and process-found namespaces */
	char name[NW_NETNS_NAME_MAX];
	char path[NW_NETNS_PATH_MAX];    /* the nsfs file to open */
};

struct nw_netns_set;

struct nw_netns_set *nw_netns_set_new(void);
void nw_netns_set_free(struct nw_netns_set *set);

/*
 * Adds "all", a name in /run/netns or /var/run/docker/netns, a path to an
 * nsfs file, or "pid:N".  Returns 0, or -errno with a message naming what
 * was looked for and where written into err (without the option's name:
 * the caller prefixes "--netns SPEC: " or "--container ID: ").  Namespaces already in the set
 * (same inode) are not added twice.
 */
int nw_netns_set_add_spec(struct nw_netns_set *set, const char *spec, char *err, size_t errlen);
/*
 * Adds a container's namespace: a name, an id or a unique prefix, or with
 * a '/' a Kubernetes pod's "NAMESPACE/NAME" (probes/containers.h says how
 * they are found).  Same returns, and -EEXIST with the candidates listed
 * when a prefix is ambiguous.
 */
int nw_netns_set_add_container(struct nw_netns_set *set, const char *query, char *err, size_t errlen);
/* Adds the namespace netwhy runs in (the default scope when nothing else was asked). */
int nw_netns_set_add_self(struct nw_netns_set *set, char *err, size_t errlen);

/* Adds a copy of ns (from another set) unless its inode is already there. */
void nw_netns_set_add(struct nw_netns_set *set, const struct nw_netns *ns);

bool nw_netns_set_is_all(const struct nw_netns_set *set);
size_t nw_netns_set_count(const struct nw_netns_set *set);
const struct nw_netns *nw_netns_set_at(const struct nw_netns_set *set, size_t i);
/* Index of the namespace with that inode, or -1. */
long nw_netns_set_find(const struct nw_netns_set *set, uint64_t inode);

/*
 * Every network namespace reachable on the host right now (named ones,
 * Docker's, and those of running processes), deduplicated by inode, named
 * and registered.  Replaces the contents of out (a set used as a list).
 * Returns the number found or -errno.
 */
int nw_netns_scan(struct nw_netns_set *out);

/* True when ns is still reachable by anyone but us (its path or any process). */
bool nw_netns_alive(const struct nw_netns *ns);

/* Inode of the initial namespace (/proc/1/ns/net), 0 when it cannot be read. */
uint64_t nw_netns_init_inode(void);
/* Inode of the namespace the calling thread is in, 0 on error. */
uint64_t nw_netns_self_inode(void);

/*
 * Runs fn(arg) with the calling thread inside the namespace nsfd, then
 * returns to the original namespace (kept open for the process lifetime).
 * Returns fn's result, or -errno when entering or leaving failed.  Leaving
 * failing is fatal to correctness, so it aborts with a message.
 */
int nw_netns_run_in(int nsfd, int (*fn)(void *arg), void *arg);

/* Opens path and checks that it is a network namespace; returns the fd or -errno. */
int nw_netns_open(const char *path, uint64_t *inode);

#endif
