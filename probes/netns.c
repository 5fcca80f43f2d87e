// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Network namespaces: scope parsing, host-wide discovery, entering.
 * See probes/netns.h for the naming rules.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <linux/magic.h>
#include <linux/nsfs.h>

#include "core/log.h"
#include "core/nsreg.h"
#include "core/util.h"
#include "probes/containers.h"
#include "probes/netns.h"

#define NETNS_RUN_DIR "/run/netns"
#define NETNS_DOCKER_DIR "/var/run/docker/netns"

struct nw_netns_set {
	struct nw_netns *v;
	size_t n, cap;
	bool all;
};

struct nw_netns_set *nw_netns_set_new(void)
{
	return nw_xcalloc(1, sizeof(struct nw_netns_set));
}

void nw_netns_set_free(struct nw_netns_set *set)
{
	if (!set)
		return;
	free(set->v);
	free(set);
}

bool nw_netns_set_is_all(const struct nw_netns_set *set)
{
	return set->all;
}

size_t nw_netns_set_count(const struct nw_netns_set *set)
{
	return set->n;
}

const struct nw_netns *nw_netns_set_at(const struct nw_netns_set *set, size_t i)
{
	return i < set->n ? &set->v[i] : NULL;
}

long nw_netns_set_find(const struct nw_netns_set *set, uint64_t inode)
{
	for (size_t i = 0; i < set->n; i++)
		if (set->v[i].inode == inode)
			return (long)i;
	return -1;
}

static uint64_t path_inode(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return 0;
	return (uint64_t)st.st_ino;
}

/*
 * The kernel gives the initial namespace a fixed inode, PROC_NET_INIT_INO
 * (include/linux/proc_ns.h, 0xEFFFFFF9 since 3.8).  /proc/1/ns/net is the
 * first choice; it is unreadable when PID 1 belongs to someone else (a
 * sandbox, a PID namespace), and then the constant still identifies it.
 */
#define NETNS_INIT_INO 0xEFFFFFF9ULL

uint64_t nw_netns_init_inode(void)
{
	uint64_t ino = path_inode("/proc/1/ns/net");

	return ino ? ino : NETNS_INIT_INO;
}

uint64_t nw_netns_self_inode(void)
{
	return path_inode("/proc/thread-self/ns/net");
}

int nw_netns_open(const char *path, uint64_t *inode)
{
	struct statfs sfs;
	struct stat st;
	int fd, type;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstatfs(fd, &sfs) < 0 || (unsigned long)sfs.f_type != NSFS_MAGIC || fstat(fd, &st) < 0)
		goto not_netns;
	/* NS_GET_NSTYPE exists since 4.11; an older kernel answers ENOTTY and we trust nsfs. */
	type = ioctl(fd, NS_GET_NSTYPE);
	if (type >= 0 && type != CLONE_NEWNET)
		goto not_netns;
	if (inode)
		*inode = (uint64_t)st.st_ino;
	return fd;

not_netns:
	close(fd);
	return -ENOTSUP;
}

/* Adds (or, when the inode is known, keeps the first and better name of) a namespace. */
static struct nw_netns *set_add(struct nw_netns_set *set, uint64_t inode, enum nw_netns_kind kind, pid_t pid,
				const char *name, const char *path)
{
	struct nw_netns *ns;
	long i = nw_netns_set_find(set, inode);

	if (i >= 0)
		return &set->v[i];
	if (set->n == set->cap) {
		set->cap = set->cap ? set->cap * 2 : 8;
		set->v = nw_xrealloc(set->v, set->cap * sizeof(*set->v));
	}
	ns = &set->v[set->n++];
	memset(ns, 0, sizeof(*ns));
	ns->inode = inode;
	ns->kind = kind;
	ns->pid = pid;
	nw_strlcpy(ns->name, name, sizeof(ns->name));
	nw_strlcpy(ns->path, path, sizeof(ns->path));
	nw_nsreg_set(inode, ns->name);
	return ns;
}

void nw_netns_set_add(struct nw_netns_set *set, const struct nw_netns *ns)
{
	set_add(set, ns->inode, ns->kind, ns->pid, ns->name, ns->path);
}

/* The name a namespace is known by, looked up in /run/netns and Docker's directory. */
static bool find_named(uint64_t inode, const char *dir, char *name, size_t len)
{
	struct dirent *de;
	char path[PATH_MAX];
	bool found = false;
	DIR *d = opendir(dir);

	if (!d)
		return false;
	while (!found && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (path_inode(path) == inode) {
			nw_strlcpy(name, de->d_name, len);
			found = true;
		}
	}
	closedir(d);
	return found;
}

/* The containers on the host, read again at every scan so that new ones are named as they appear. */
static struct nw_containers containers;

/* Names (and registers the container of) a namespace a container lives in; false when none does. */
static bool container_name(uint64_t inode, char *name, size_t len)
{
	struct nw_nsreg_container reg = { 0 };
	const struct nw_container *c;
	long i = nw_containers_in_netns(&containers, inode);

	if (i < 0)
		return false;
	c = &containers.v[i];
	nw_container_ns_name(c, name, len);
	nw_strlcpy(reg.runtime, c->runtime, sizeof(reg.runtime));
	nw_strlcpy(reg.id, c->id, sizeof(reg.id));
	nw_strlcpy(reg.name, c->name, sizeof(reg.name));
	nw_strlcpy(reg.image, c->image, sizeof(reg.image));
	nw_strlcpy(reg.pod_ns, c->pod_ns, sizeof(reg.pod_ns));
	nw_strlcpy(reg.pod_name, c->pod_name, sizeof(reg.pod_name));
	nw_container_enter(c, reg.enter, sizeof(reg.enter));
	nw_container_nsopt(c, reg.nsopt, sizeof(reg.nsopt));
	nw_nsreg_set_container(inode, &reg);
	return true;
}

static void proc_comm(pid_t pid, char *comm, size_t len)
{
	char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	comm[0] = '\0';
	f = fopen(path, "re");
	if (!f)
		return;
	if (fgets(comm, (int)len, f))
		comm[strcspn(comm, "\n")] = '\0';
	fclose(f);
}

/* Best name for a namespace found through a path or a process. */
static void best_name(uint64_t inode, pid_t pid, const char *fallback, char *name, size_t len)
{
	char comm[32];

	if (inode == nw_netns_init_inode()) {
		nw_strlcpy(name, "host", len);
		return;
	}
	/* Before /run/netns: CNI names a pod's namespace there "cni-UUID", which no user knows. */
	if (container_name(inode, name, len) || find_named(inode, NETNS_RUN_DIR, name, len) ||
	    find_named(inode, NETNS_DOCKER_DIR, name, len))
		return;
	if (fallback && fallback[0]) {
		nw_strlcpy(name, fallback, len);
		return;
	}
	if (pid > 0) {
		proc_comm(pid, comm, sizeof(comm));
		snprintf(name, len, "%s:%d", comm[0] ? comm : "pid", (int)pid);
		return;
	}
	snprintf(name, len, "netns:%llu", (unsigned long long)inode);
}

static int add_path(struct nw_netns_set *set, const char *path, enum nw_netns_kind kind, pid_t pid,
		    const char *fallback_name, char *err, size_t errlen)
{
	char name[NW_NETNS_NAME_MAX];
	uint64_t inode = 0;
	int fd = nw_netns_open(path, &inode);

	if (fd < 0) {
		snprintf(err, errlen, "%s: %s%s", path,
			 fd == -ENOTSUP ? "not a network namespace file" : strerror(-fd),
			 fd == -EACCES || fd == -EPERM ? " (run as root)" : "");
		return fd;
	}
	close(fd);
	best_name(inode, pid, fallback_name, name, sizeof(name));
	set_add(set, inode, kind, pid, name, path);
	return 0;
}

int nw_netns_set_add_self(struct nw_netns_set *set, char *err, size_t errlen)
{
	char name[NW_NETNS_NAME_MAX];
	uint64_t inode = nw_netns_self_inode();

	if (!inode) {
		snprintf(err, errlen, "/proc/thread-self/ns/net: %s (is /proc mounted?)", strerror(errno));
		return -errno;
	}
	best_name(inode, 0, NULL, name, sizeof(name));
	if (!strncmp(name, "netns:", 6))
		nw_strlcpy(name, "self", sizeof(name));
	set_add(set, inode, NW_NETNS_SELF, getpid(), name, "/proc/self/ns/net");
	return 0;
}

static bool valid_name(const char *s)
{
	if (!*s || !strcmp(s, ".") || !strcmp(s, ".."))
		return false;
	for (; *s; s++)
		if (*s == '/' || !isprint((unsigned char)*s))
			return false;
	return true;
}

int nw_netns_set_add_spec(struct nw_netns_set *set, const char *spec, char *err, size_t errlen)
{
	char path[PATH_MAX];
	char *end;
	long pid;

	if (!strcmp(spec, "all")) {
		set->all = true;
		return 0;
	}
	nw_containers_scan("/", &containers); /* a container in the namespace names it */
	if (!strncmp(spec, "pid:", 4)) {
		errno = 0;
		pid = strtol(spec + 4, &end, 10);
		if (errno || *end || pid <= 0 || pid > INT_MAX) {
			snprintf(err, errlen, "expected pid:N with N a process id");
			return -EINVAL;
		}
		snprintf(path, sizeof(path), "/proc/%ld/ns/net", pid);
		return add_path(set, path, NW_NETNS_PID, (pid_t)pid, NULL, err, errlen);
	}
	if (strchr(spec, '/'))
		return add_path(set, spec, NW_NETNS_PATH, 0, NULL, err, errlen);
	if (!valid_name(spec)) {
		snprintf(err, errlen, "'%s': not a valid namespace name (no '/', printable)", spec);
		return -EINVAL;
	}
	snprintf(path, sizeof(path), NETNS_RUN_DIR "/%s", spec);
	if (access(path, F_OK) == 0)
		return add_path(set, path, NW_NETNS_NAMED, 0, spec, err, errlen);
	snprintf(path, sizeof(path), NETNS_DOCKER_DIR "/%s", spec);
	if (access(path, F_OK) == 0)
		return add_path(set, path, NW_NETNS_DOCKER, 0, spec, err, errlen);
	snprintf(err, errlen,
		 "no namespace named '%s' (looked in " NETNS_RUN_DIR " and " NETNS_DOCKER_DIR
		 "; see `ip netns list`, or give a path, pid:N or --container ID)",
		 spec);
	return -ENOENT;
}

int nw_netns_set_add_container(struct nw_netns_set *set, const char *query, char *err, size_t errlen)
{
	char path[64];
	long i;

	nw_containers_scan("/", &containers);
	i = nw_containers_find(&containers, query, strchr(query, '/') != NULL, err, errlen);
	if (i < 0)
		return (int)i;
	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)containers.v[i].pid);
	return add_path(set, path, NW_NETNS_CONTAINER, containers.v[i].pid, NULL, err, errlen);
}

/* --- discovery -------------------------------------------------------------- */

static void scan_dir(struct nw_netns_set *out, const char *dir, enum nw_netns_kind kind)
{
	char path[PATH_MAX], name[NW_NETNS_NAME_MAX];
	struct dirent *de;
	uint64_t inode;
	DIR *d = opendir(dir);
	int fd;

	if (!d)
		return;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		/* A file just created by `ip netns add` is not mounted yet: not nsfs, skipped until it is. */
		fd = nw_netns_open(path, &inode);
		if (fd < 0)
			continue;
		close(fd);
		if (!container_name(inode, name, sizeof(name)))
			nw_strlcpy(name, de->d_name, sizeof(name));
		set_add(out, inode, kind, 0, name, path);
	}
	closedir(d);
}

/* Calls fn for every process's namespace inode; stops when fn returns true. */
static bool for_each_proc_ns(bool (*fn)(pid_t pid, uint64_t inode, void *arg), void *arg)
{
	char path[64];
	struct dirent *de;
	struct stat st;
	DIR *d = opendir("/proc");
	bool stop = false;

	if (!d)
		return false;
	while (!stop && (de = readdir(d))) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "/proc/%.20s/ns/net", de->d_name);
		if (stat(path, &st) < 0)
			continue; /* exited, or a kernel thread */
		stop = fn((pid_t)atoi(de->d_name), (uint64_t)st.st_ino, arg);
	}
	closedir(d);
	return stop;
}

static bool scan_proc_one(pid_t pid, uint64_t inode, void *arg)
{
	struct nw_netns_set *out = arg;
	char path[64], name[NW_NETNS_NAME_MAX];

	if (nw_netns_set_find(out, inode) >= 0)
		return false;
	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)pid);
	best_name(inode, pid, NULL, name, sizeof(name));
	set_add(out, inode, NW_NETNS_PID, pid, name, path);
	return false;
}

int nw_netns_scan(struct nw_netns_set *out)
{
	char err[256];

	out->n = 0;
	nw_containers_scan("/", &containers);
	/* Ours first; the initial namespace is then found through any process in it (PID 1 may be unreadable). */
	nw_netns_set_add_self(out, err, sizeof(err));
	scan_dir(out, NETNS_RUN_DIR, NW_NETNS_NAMED);
	scan_dir(out, NETNS_DOCKER_DIR, NW_NETNS_DOCKER);
	for_each_proc_ns(scan_proc_one, out);
	return (int)out->n;
}

static bool match_inode(pid_t pid, uint64_t inode, void *arg)
{
	return inode == *(const uint64_t *)arg;
}

static bool dir_has_inode(const char *dir, uint64_t inode)
{
	char name[NW_NETNS_NAME_MAX];

	return find_named(inode, dir, name, sizeof(name));
}

bool nw_netns_alive(const struct nw_netns *ns)
{
	uint64_t inode = ns->inode;

	if (ns->kind == NW_NETNS_SELF)
		return true;
	if (path_inode(ns->path) == inode)
		return true;
	/* The path is gone (ip netns del, the process exited): does anyone else still hold it? */
	return dir_has_inode(NETNS_RUN_DIR, inode) || dir_has_inode(NETNS_DOCKER_DIR, inode) ||
	       for_each_proc_ns(match_inode, &inode);
}

int nw_netns_run_in(int nsfd, int (*fn)(void *arg), void *arg)
{
	static int orig_fd = -1;
	int r;

	if (orig_fd < 0) {
		orig_fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
		if (orig_fd < 0)
			return -errno;
	}
	if (setns(nsfd, CLONE_NEWNET) < 0)
		return -errno;
	r = fn(arg);
	if (setns(orig_fd, CLONE_NEWNET) < 0) {
		/* Every later socket would be created in the wrong namespace: stop here. */
		fprintf(stderr, "netwhy: cannot return to the original network namespace: %s\n", strerror(errno));
		abort();
	}
	return r;
}
