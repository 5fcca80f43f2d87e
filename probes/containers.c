// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Containers from the runtimes' state files, parsed with json-c: users name
 * containers and pods, never namespace inodes, and the state files are the
 * only source that needs no daemon (a hung dockerd, a node without crictl).
 * Formats: Docker daemon/container/store.go (config.v2.json), runc
 * libcontainer/container_linux.go (state.json; the OCI annotations are its
 * config.labels "key=value"), the OCI runtime spec (config.json
 * annotations), containers/storage (containers.json).
 */
#include <ctype.h>
#include <stdarg.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "core/util.h"
#include "probes/containers.h"

#define STATE_MAX (4 << 20) /* config.v2.json of a big container is ~100 KiB */

static char *read_text(const char *path)
{
	struct stat st;
	char *buf = NULL;
	ssize_t n = -1;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) == 0 && st.st_size <= STATE_MAX) {
		buf = nw_xmalloc((size_t)st.st_size + 1);
		n = read(fd, buf, (size_t)st.st_size);
	}
	close(fd);
	if (n < 0) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	return buf;
}

/* obj.k1.k2... (NULL-terminated keys), or NULL. */
static struct json_object *jget(struct json_object *obj, ...)
{
	va_list ap;
	const char *k;

	va_start(ap, obj);
	while (obj && (k = va_arg(ap, const char *)))
		if (!json_object_is_type(obj, json_type_object) ||
		    !json_object_object_get_ex(obj, k, &obj))
			obj = NULL;
	va_end(ap);
	return obj;
}

static void jcopy(struct json_object *v, char *dst, size_t len)
{
	if (v && json_object_is_type(v, json_type_string))
		nw_strlcpy(dst, json_object_get_string(v), len);
}

static pid_t jpid(struct json_object *v)
{
	int64_t p = v && json_object_is_type(v, json_type_int) ? json_object_get_int64(v) : 0;

	return p > 0 && p <= INT_MAX ? (pid_t)p : 0;
}

/* The CRI annotations (containerd's pkg/cri/annotations) that name the pod and the container. */
static void apply_annotation(struct nw_container *c, const char *key, const char *val)
{
	if (!strcmp(key, "io.kubernetes.cri.sandbox-namespace"))
		nw_strlcpy(c->pod_ns, val, sizeof(c->pod_ns));
	else if (!strcmp(key, "io.kubernetes.cri.sandbox-name"))
		nw_strlcpy(c->pod_name, val, sizeof(c->pod_name));
	else if (!strcmp(key, "io.kubernetes.cri.container-name"))
		nw_strlcpy(c->name, val, sizeof(c->name));
	else if (!strcmp(key, "io.kubernetes.cri.image-name"))
		nw_strlcpy(c->image, val, sizeof(c->image));
}

static struct json_object *parse(const char *json)
{
	struct json_object *root = json_tokener_parse(json);

	if (root && !json_object_is_type(root, json_type_object) &&
	    !json_object_is_type(root, json_type_array)) {
		json_object_put(root);
		return NULL;
	}
	return root;
}

int nw_container_parse_docker(const char *json, struct nw_container *c)
{
	struct json_object *root = parse(json), *running;
	const char *name = c->name;

	if (!root)
		return -EINVAL;
	jcopy(jget(root, "ID", NULL), c->id, sizeof(c->id));
	jcopy(jget(root, "Name", NULL), c->name, sizeof(c->name));
	if (c->name[0] == '/')
		memmove(c->name, name + 1, strlen(name));
	jcopy(jget(root, "Config", "Image", NULL), c->image, sizeof(c->image));
	jcopy(jget(root, "Config", "Labels", "com.docker.compose.project", NULL), c->project,
	      sizeof(c->project));
	jcopy(jget(root, "NetworkSettings", "SandboxKey", NULL), c->sandbox, sizeof(c->sandbox));
	running = jget(root, "State", "Running", NULL);
	c->pid = running && json_object_get_boolean(running)
		     ? jpid(jget(root, "State", "Pid", NULL))
		     : 0;
	nw_strlcpy(c->runtime, "docker", sizeof(c->runtime));
	json_object_put(root);
	return 0;
}

int nw_container_parse_runc(const char *json, struct nw_container *c)
{
	struct json_object *root = parse(json), *labels, *start;
	char kv[512], *eq;
	size_t i, n;

	if (!root)
		return -EINVAL;
	jcopy(jget(root, "id", NULL), c->id, sizeof(c->id));
	c->pid = jpid(jget(root, "init_process_pid", NULL));
	start = jget(root, "init_process_start", NULL);
	c->start = start && json_object_is_type(start, json_type_int)
		       ? (uint64_t)json_object_get_int64(start)
		       : 0;
	labels = jget(root, "config", "labels", NULL);
	n = labels && json_object_is_type(labels, json_type_array)
		? json_object_array_length(labels)
		: 0;
	for (i = 0; i < n; i++) {
		jcopy(json_object_array_get_idx(labels, i), kv, sizeof(kv));
		eq = strchr(kv, '=');
		if (eq) {
			*eq = '\0';
			apply_annotation(c, kv, eq + 1);
		}
	}
	json_object_put(root);
	return 0;
}

int nw_container_parse_oci(const char *json, struct nw_container *c)
{
	struct json_object *root = parse(json), *ann;

	if (!root)
		return -EINVAL;
	ann = jget(root, "annotations", NULL);
	if (ann && json_object_is_type(ann, json_type_object)) {
		json_object_object_foreach(ann, key, val)
		{
			if (json_object_is_type(val, json_type_string))
				apply_annotation(c, key, json_object_get_string(val));
		}
	}
	json_object_put(root);
	return 0;
}

static struct nw_container *find_id(struct nw_containers *l, const char *id)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].id, id))
			return &l->v[i];
	return NULL;
}

int nw_container_parse_podman(const char *json, struct nw_containers *l)
{
	struct json_object *root = parse(json), *e, *names;
	struct nw_container *c;
	char id[72];
	size_t i, n;

	if (!root || !json_object_is_type(root, json_type_array)) {
		json_object_put(root);
		return -EINVAL;
	}
	n = json_object_array_length(root);
	for (i = 0; i < n; i++) {
		e = json_object_array_get_idx(root, i);
		id[0] = '\0';
		jcopy(jget(e, "id", NULL), id, sizeof(id));
		names = jget(e, "names", NULL);
		c = id[0] ? find_id(l, id) : NULL;
		if (!c || !names || !json_object_is_type(names, json_type_array) ||
		    !json_object_array_length(names))
			continue;
		jcopy(json_object_array_get_idx(names, 0), c->name, sizeof(c->name));
		nw_strlcpy(c->runtime, "podman", sizeof(c->runtime));
	}
	json_object_put(root);
	return 0;
}

static struct nw_container *list_add(struct nw_containers *l)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = nw_xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	memset(&l->v[l->n], 0, sizeof(l->v[0]));
	return &l->v[l->n++];
}

/* The path component before the last one (the container id in every layout). */
static void dir_id(const char *path, char *id, size_t len)
{
	const char *end = strrchr(path, '/'), *start = end;

	while (start && start > path && start[-1] != '/')
		start--;
	snprintf(id, len, "%.*s", end ? (int)(end - start) : 0, end ? start : "");
}

/* Field 22 of /proc/PID/stat, the start time in clock ticks (what runc records); 0 when unreadable.
 */
static uint64_t proc_start(pid_t pid)
{
	char path[64], buf[1024], *p;
	unsigned long long start = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return 0;
	/* comm may hold spaces and ')': the fields start after the last ')'. */
	if (fgets(buf, sizeof(buf), f) && (p = strrchr(buf, ')')))
		sscanf(p + 1,
		       " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d "
		       "%*d %llu",
		       &start);
	fclose(f);
	return start;
}

/*
 * The pid in a dead container's state file may be anyone's now: the inode
 * is taken only from a live process, whose start time matches when the
 * runtime recorded one.
 */
static void resolve_netns(const char *root, struct nw_container *c)
{
	char path[64];
	struct stat st;

	if (strcmp(root, "/") || c->pid <= 0)
		return;
	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)c->pid);
	if (stat(path, &st) == 0 && (!c->start || proc_start(c->pid) == c->start))
		c->netns = (uint64_t)st.st_ino;
	else
		c->pid = 0;
}

enum layout { L_DOCKER, L_TASK, L_RUNC };

/* Runtime state files under root; the id is the component before the file. */
static const struct {
	const char *pattern, *runtime;
	enum layout layout;
} layouts[] = {
    {"var/lib/docker/containers/*/config.v2.json", "docker", L_DOCKER},
    {"run/containerd/io.containerd.runtime.v2.task/*/*/init.pid", "containerd", L_TASK},
    {"run/containerd/io.containerd.runtime.v1.linux/*/*/init.pid", "containerd", L_TASK},
    {"run/docker/containerd/daemon/io.containerd.runtime.v2.task/*/*/init.pid", "docker", L_TASK},
    {"run/docker/containerd/daemon/io.containerd.runtime.v1.linux/*/*/init.pid", "docker", L_TASK},
    {"run/containerd/runc/*/*/state.json", "containerd", L_RUNC},
    {"run/docker/runtime-runc/*/*/state.json", "docker", L_RUNC},
    {"run/runc/*/state.json", "runc", L_RUNC},
};

static void scan_file(const char *root, const char *path, unsigned i, struct nw_containers *l)
{
	char id[72], cfg[PATH_MAX], *text, *cfgtext;
	struct nw_container *c;

	dir_id(path, id, sizeof(id));
	if (!id[0] || find_id(l, id) || !(text = read_text(path)))
		return;
	c = list_add(l);
	nw_strlcpy(c->id, id, sizeof(c->id));
	nw_strlcpy(c->runtime, layouts[i].runtime, sizeof(c->runtime));
	if (layouts[i].layout == L_DOCKER) {
		nw_container_parse_docker(text, c);
	} else if (layouts[i].layout == L_RUNC) {
		nw_container_parse_runc(text, c);
	} else {
		long p = strtol(text, NULL, 10);

		c->pid = p > 0 && p <= INT_MAX ? (pid_t)p : 0;
		snprintf(cfg, sizeof(cfg), "%.*s/config.json", (int)(strrchr(path, '/') - path),
			 path);
		if ((cfgtext = read_text(cfg))) {
			nw_container_parse_oci(cfgtext, c);
			free(cfgtext);
		}
	}
	free(text);
	nw_strlcpy(c->id, id,
		   sizeof(c->id)); /* the directory is the truth; a file's "id" may lie */
	if (!c->name[0])
		nw_strlcpy(c->name, id, sizeof(c->name));
	resolve_netns(root, c);
}

static void scan_podman(const char *root, struct nw_containers *l)
{
	static const char *const files[] = {
	    "run/containers/storage/overlay-containers/containers.json",
	    "var/lib/containers/storage/overlay-containers/containers.json"};
	char path[PATH_MAX], *text;

	for (size_t i = 0; i < NW_ARRAY_SIZE(files); i++) {
		snprintf(path, sizeof(path), "%s/%s", root, files[i]);
		if ((text = read_text(path))) {
			nw_container_parse_podman(text, l);
			free(text);
		}
	}
}

void nw_containers_scan(const char *root, struct nw_containers *l)
{
	char pattern[PATH_MAX];
	glob_t g;

	l->n = 0;
	for (unsigned i = 0; i < NW_ARRAY_SIZE(layouts); i++) {
		snprintf(pattern, sizeof(pattern), "%s/%s", root, layouts[i].pattern);
		if (glob(pattern, 0, NULL, &g) != 0)
			continue;
		for (size_t j = 0; j < g.gl_pathc; j++)
			scan_file(root, g.gl_pathv[j], i, l);
		globfree(&g);
	}
	scan_podman(root, l);
}

void nw_containers_free(struct nw_containers *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static bool matches(const struct nw_container *c, const char *q, bool pod, int pass)
{
	char full[200];

	if (pod) {
		snprintf(full, sizeof(full), "%s/%s", c->pod_ns, c->pod_name);
		return c->pod_name[0] && !strcmp(full, q);
	}
	if (pass == 0)
		return !strcmp(c->name, q) || !strcmp(c->id, q);
	return !strncmp(c->id, q, strlen(q)) || !strncmp(c->name, q, strlen(q));
}

static bool valid_query(const char *q, bool pod)
{
	if (!*q || strlen(q) > 200 || (pod && !strchr(q, '/')))
		return false;
	for (; *q; q++)
		if (!isalnum((unsigned char)*q) && !strchr(pod ? "-_./" : "-_.", *q))
			return false;
	return true;
}

/* Lists the candidates; a pod's containers share its namespace, so they are one candidate. */
static long pick(const struct nw_containers *l, const char *q, bool pod, int pass, char *err,
		 size_t errlen)
{
	long found = -1, running = -1;
	size_t n = 0, off;

	for (size_t i = 0; i < l->n; i++) {
		if (!matches(&l->v[i], q, pod, pass))
			continue;
		if (found < 0)
			found = (long)i;
		if (running < 0 && l->v[i].pid > 0)
			running = (long)i;
		n++;
	}
	if (n <= 1 || pod)
		return running >= 0 ? running : found;
	off = (size_t)snprintf(err, errlen, "'%s' is ambiguous: it matches", q);
	for (size_t i = 0; i < l->n && off < errlen; i++)
		if (matches(&l->v[i], q, pod, pass))
			off += (size_t)snprintf(err + off, errlen - off, " %s:%s (%.12s)",
						l->v[i].runtime, l->v[i].name, l->v[i].id);
	if (off < errlen)
		snprintf(err + off, errlen - off, "; give more of the name or id");
	return -EEXIST;
}

long nw_containers_find(const struct nw_containers *l, const char *q, bool pod, char *err,
			size_t errlen)
{
	long i = -ENOENT;

	if (!valid_query(q, pod)) {
		snprintf(
		    err, errlen,
		    pod ? "'%s': a pod is NAMESPACE/NAME"
			: "'%s': a container is a name or id: letters, digits, '-', '_' or '.'",
		    q);
		return -EINVAL;
	}
	for (int pass = 0; pass < (pod ? 1 : 2) && i == -ENOENT; pass++) {
		i = pick(l, q, pod, pass, err, errlen);
		if (i == -1)
			i = -ENOENT;
	}
	if (i == -ENOENT)
		snprintf(err, errlen,
			 "no %s '%s' in the runtimes' state files (var/lib/docker/containers, "
			 "run/containerd, run/docker/runtime-runc, run/runc, containers/storage); "
			 "is it running "
			 "on this host? (`docker ps`, `crictl pods`, `runc list`)",
			 pod ? "pod" : "container", q);
	else if (i >= 0 && l->v[i].pid <= 0) {
		snprintf(err, errlen, "'%s': %s container %s is not running (no init process)", q,
			 l->v[i].runtime, l->v[i].name);
		i = -ESRCH;
	}
	return i;
}

long nw_containers_in_netns(const struct nw_containers *l, uint64_t inode)
{
	long found = -1;

	for (size_t i = 0; inode && i < l->n; i++) {
		if (l->v[i].netns != inode || l->v[i].pid <= 0)
			continue;
		if (l->v[i].pod_name[0])
			return (long)i;
		if (found < 0)
			found = (long)i;
	}
	return found;
}

void nw_container_ns_name(const struct nw_container *c, char *buf, size_t len)
{
	if (c->pod_name[0])
		snprintf(buf, len, "pod:%s/%s", c->pod_ns, c->pod_name);
	else
		snprintf(buf, len, "%s:%s", c->runtime, c->name);
}

/*
 * Docker and podman are asked for the pid by name, so a hint survives a
 * restart; a long name would not fit the rules' 96-byte option buffers,
 * and then the pid itself is given.
 */
#define PID_BY_NAME_MAX 32

static void pid_expr(const struct nw_container *c, char *buf, size_t len)
{
	if ((!strcmp(c->runtime, "docker") || !strcmp(c->runtime, "podman")) &&
	    strlen(c->name) <= PID_BY_NAME_MAX)
		snprintf(buf, len, "$(%s inspect -f '{{.State.Pid}}' %s)", c->runtime, c->name);
	else
		snprintf(buf, len, "%d", (int)c->pid);
}

/*
 * nsenter runs the host's ip/tc/sysctl in the container's namespace: images
 * rarely ship iproute2, so `docker exec web1 ip ...` would often fail.
 */
void nw_container_enter(const struct nw_container *c, char *buf, size_t len)
{
	char pid[160];

	pid_expr(c, pid, sizeof(pid));
	snprintf(buf, len, "nsenter -n -t %s ", pid);
}

/* iproute2 opens "/run/netns/" NAME (lib/namespace.c netns_switch): a relative NAME reaches /proc.
 */
void nw_container_nsopt(const struct nw_container *c, char *buf, size_t len)
{
	char pid[160];

	pid_expr(c, pid, sizeof(pid));
	snprintf(buf, len, "-n ../../proc/%s/ns/net ", pid);
}
