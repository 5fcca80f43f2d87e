/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Containers on this host, read from the runtimes' own state files (no
 * daemon API, so it works whatever the daemon's state and without its
 * socket): Docker's config.v2.json, containerd's task bundles (with the
 * Kubernetes CRI annotations naming the pod), runc's state.json, and
 * podman's containers.json for the names of the runc containers it runs.
 *
 * A list owns its entries.  root is "/" on a host, a recorded tree in tests.
 */
#ifndef NW_PROBES_CONTAINERS_H
#define NW_PROBES_CONTAINERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct nw_container {
	char runtime[16]; /* docker, podman, containerd, runc */
	char id[72];
	char name[128];	  /* Docker's name without '/', podman's first name, else the id */
	char image[128];  /* "" when the state does not say */
	char project[64]; /* docker compose project */
	char pod_ns[64];  /* Kubernetes pod namespace and name (CRI annotations) */
	char pod_name[128];
	char sandbox[256]; /* Docker's SandboxKey: the netns file */
	pid_t pid;	   /* init process, 0 when not running */
	uint64_t
	    start; /* its start time in clock ticks (runc's init_process_start), 0 when not known */
	uint64_t netns; /* inode of its network namespace, 0 when not known */
};

struct nw_containers {
	struct nw_container *v;
	size_t n, cap;
};

/* Parsers of one state file's text into c (fields not in the file are left alone); 0 or -EINVAL. */
int nw_container_parse_docker(const char *json, struct nw_container *c);
int nw_container_parse_runc(const char *json, struct nw_container *c);
int nw_container_parse_oci(const char *json, struct nw_container *c);
/* podman's containers.json: renames (and marks podman) the entries of l with the same id. */
int nw_container_parse_podman(const char *json, struct nw_containers *l);

/* Reads every runtime's state under root into l (emptied first); one entry per id. */
void nw_containers_scan(const char *root, struct nw_containers *l);
void nw_containers_free(struct nw_containers *l);

/*
 * The container a user means: an exact name or id, else a unique prefix
 * of a name or an id; with pod set, query is "NAMESPACE/NAME" of a Kubernetes pod.
 * Returns its index, or -ENOENT / -EEXIST (ambiguous; err lists the
 * candidates) / -ESRCH (not running) / -EINVAL with err written.
 */
long nw_containers_find(const struct nw_containers *l, const char *query, bool pod, char *err,
			size_t errlen);

/* Index of a running container in the namespace with that inode, preferring a pod's; -1 when none.
 */
long nw_containers_in_netns(const struct nw_containers *l, uint64_t inode);

/*
 * The namespace's name for c: "pod:NS/NAME" for a pod, else "RUNTIME:NAME"
 * (docker:web1, runc:ID); and how a user enters it to run a fix there.
 */
void nw_container_ns_name(const struct nw_container *c, char *buf, size_t len);
void nw_container_enter(const struct nw_container *c, char *buf, size_t len);
/* The `-n NAME ` option of ip and tc that reaches its namespace. */
void nw_container_nsopt(const struct nw_container *c, char *buf, size_t len);

#endif
