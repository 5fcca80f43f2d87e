// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The BPF source's feature probing, loading and attaching (see
 * bpf_source_int.h for the lifecycle): which programs the running kernel
 * can run (BTF and tracefs, before anything loads: bpf_program__set_autoload
 * leaves out what it lacks, with a fallback where there is one), then load.
 *
 * The shared maps (ring buffer, counters, namespace filter) are created
 * first and handed to every object with bpf_map__reuse_fd(), so each object
 * loads (or fails) on its own while all of them write the same ring.
 *
 * First every wanted probe is loaded from one object (probes.bpf.c, the four
 * probes' programs together; one_start()), because libbpf parses the
 * kernel's BTF once per object.  Only when that fails (a program refused,
 * no privilege) are the per-probe objects loaded one after the other, which
 * is where a refused program is found and left out probe by probe.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "core/log.h"
#include "core/util.h"
#include "probes/bpf_source_int.h"
#include "probes/btf_names.h"

#include "probes/probes.skel.h"

/* --- states and what to tell a person ------------------------------------------ */

void nw_bpf_slot_set(struct probe_slot *ps, enum nw_source_state state, const char *fmt, ...)
{
	va_list ap;

	ps->state = state;
	va_start(ap, fmt);
	vsnprintf(ps->detail, sizeof(ps->detail), fmt, ap);
	va_end(ap);
}

const char *nw_bpf_load_fix(int err)
{
	switch (err) {
	case EPERM:
	case EACCES:
		return "needs CAP_BPF and CAP_PERFMON: run as root";
	case ENOMEM:
		return "the kernel refused the memory (cgroup memory limit?)";
	case ENOENT:
	case ESRCH:
		return "the kernel lacks a tracepoint or type it needs";
	case EINVAL:
		return "the verifier or the kernel refused it (see the log)";
	default:
		return "see the log";
	}
}

/* --- feature probing: what the running kernel has ------------------------------ */

static bool tracefs_has(const char *group, const char *event)
{
	static const char *const roots[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };
	char path[256];

	for (size_t i = 0; i < NW_ARRAY_SIZE(roots); i++) {
		snprintf(path, sizeof(path), "%s/events/%s/%s", roots[i], group, event);
		if (access(path, F_OK) == 0)
			return true;
	}
	return false;
}

/* "tp_btf/kfree_skb", "tp/skb/kfree_skb": the program's section name. */
static const char *spec_section(const struct prog_spec *sp, char *buf, size_t size)
{
	if (sp->btf)
		snprintf(buf, size, "tp_btf/%s", sp->event);
	else
		snprintf(buf, size, "tp/%s/%s", sp->group, sp->event);
	return buf;
}

static bool in_list(const char *const *list, const char *s)
{
	for (; list && *list; list++)
		if (!strcmp(*list, s))
			return true;
	return false;
}

static bool pretended_missing(const struct nw_bpf_source *src, const struct prog_spec *sp)
{
	char section[96];

	return in_list(src->opts.pretend_missing, spec_section(sp, section, sizeof(section)));
}

static bool spec_available(const struct nw_bpf_source *src, const struct prog_spec *sp)
{
	if (pretended_missing(src, sp))
		return false;
	if (sp->btf)
		return nw_btf_has_tp(src->btf, sp->event);
	return tracefs_has(sp->group, sp->event);
}

/* Available, and so is the program it needs: a fallback is then not wanted. */
static bool spec_usable(const struct nw_bpf_source *src, const struct prog_spec *sp)
{
	const struct prog_spec *other = sp->needs ? nw_bpf_spec_by_prog(sp->needs, NULL) : NULL;

	if (!spec_available(src, sp))
		return false;
	return !sp->needs || (other && spec_available(src, other));
}

/* --- load and attach -------------------------------------------------------------- */

void nw_bpf_slot_destroy(struct probe_slot *ps)
{
	for (int i = 0; i < ps->n_links; i++)
		bpf_link__destroy(ps->links[i]);
	ps->n_links = 0;
	if (ps->skel && ps->destroy)
		ps->destroy(ps->skel);
	ps->skel = NULL;
	ps->obj = NULL;
}

static void list_add(char *list, size_t size, const struct prog_spec *sp)
{
	size_t len = strlen(list);
	char item[96];

	/* The socket calls' exit tracepoints come and go together: said once. */
	if (!strcmp(sp->group, "syscalls"))
		snprintf(item, sizeof(item), "syscalls:sys_exit_<socket calls>");
	else
		snprintf(item, sizeof(item), "%s:%s", sp->group, sp->event);
	if (strstr(list, item))
		return;
	snprintf(list + len, size - len, "%s%s", len ? " " : "", item);
}

/*
 * Whether one of our fallback programs stands in for `name`: for it, or for
 * a program of the same tracepoint group (raw sys_exit stands in for every
 * syscalls:sys_exit_<call>), if the object has that fallback.
 */
static bool fallback_covers(const struct nw_bpf_source *src, struct bpf_object *obj,
			    const char *name)
{
	const struct prog_spec *me = nw_bpf_spec_by_prog(name, NULL);

	NW_BPF_FOR_EACH_SPEC(sp, p) {
		const struct prog_spec *main = sp->instead_of ? nw_bpf_spec_by_prog(sp->instead_of, NULL) : NULL;

		if (main && (main == me || (me && !strcmp(main->group, me->group))) &&
		    spec_available(src, sp) && bpf_object__find_program_by_name(obj, sp->prog))
			return true;
	}
	return false;
}

/*
 * Decides per program whether to load it.  Returns the number left to load;
 * why[] says what the kernel lacks and what is unused for want of it.
 */
static int slot_autoload(struct nw_bpf_source *src, struct probe_slot *ps, char *why, size_t why_size)
{
	char missing[120] = "", unused[120] = "";
	struct bpf_program *prog;
	int n = 0;

	bpf_object__for_each_program(prog, ps->obj) {
		const char *name = bpf_program__name(prog);
		enum nw_bpf_probe probe;
		const struct prog_spec *sp = nw_bpf_spec_by_prog(name, &probe);
		bool on = sp && spec_available(src, sp);

		if (sp && probe != ps->id)
			continue; /* another probe's, in the one object */

		if (on && sp->instead_of) {
			const struct prog_spec *main = nw_bpf_spec_by_prog(sp->instead_of, NULL);

			/* the preferred program covers it, if this object has it */
			if (main && spec_usable(src, main) &&
			    bpf_object__find_program_by_name(ps->obj, sp->instead_of))
				on = false;
		} else if (!on && sp && !sp->instead_of && !fallback_covers(src, ps->obj, name)) {
			list_add(missing, sizeof(missing), sp);
		}
		if (on && sp->needs && bpf_object__find_program_by_name(ps->obj, sp->needs)) {
			const struct prog_spec *other = nw_bpf_spec_by_prog(sp->needs, NULL);

			if (!other || !spec_available(src, other)) {
				on = false;
				list_add(unused, sizeof(unused), sp);
			}
		}
		bpf_program__set_autoload(prog, on);
		n += on;
	}
	why[0] = '\0';
	if (missing[0])
		snprintf(why, why_size, "the kernel lacks %s%s%s", missing,
			 unused[0] ? "; unused without it: " : "", unused);
	return n;
}

static int reuse_shared_maps(struct nw_bpf_source *src, struct bpf_object *obj)
{
	static const char *const names[] = { "nw_events", "nw_counters", "nw_netns_allow" };
	const int fds[] = { src->events_fd, src->counters_fd, src->netns_fd };

	for (size_t i = 0; i < NW_ARRAY_SIZE(names); i++) {
		struct bpf_map *m = bpf_object__find_map_by_name(obj, names[i]);
		int err;

		if (!m)
			return -ENOENT;
		err = bpf_map__reuse_fd(m, fds[i]);
		if (err)
			return err;
	}
	return 0;
}

/* Test hook (opts.pretend_refused): as if the verifier refused one of the programs to load. */
static bool pretend_refused(const struct nw_bpf_source *src, const struct probe_slot *ps)
{
	struct bpf_program *prog;

	if (!src->opts.pretend_refused)
		return false;
	bpf_object__for_each_program(prog, ps->obj)
		if (bpf_program__autoload(prog) &&
		    in_list(src->opts.pretend_refused, bpf_program__section_name(prog)))
			return true;
	return false;
}

static bool name_in(const char *list, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = list; (p = strstr(p, name)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

static void word_add(char *list, size_t size, const char *word)
{
	size_t len = strlen(list);

	snprintf(list + len, size - len, "%s%s", len ? " " : "", word);
}

/* name is left out: load its fallback instead when the kernel has one. Returns 1 if so. */
static int enable_fallback(const struct nw_bpf_source *src, struct probe_slot *ps, const char *name,
			   const char *skip)
{
	NW_BPF_FOR_EACH_SPEC(fb, p) {
		struct bpf_program *prog;

		if (!fb->instead_of || strcmp(fb->instead_of, name) || name_in(skip, fb->prog) ||
		    !spec_available(src, fb))
			continue;
		prog = bpf_object__find_program_by_name(ps->obj, fb->prog);
		if (prog && !bpf_program__autoload(prog)) {
			bpf_program__set_autoload(prog, true);
			return 1;
		}
	}
	return 0;
}

/*
 * Opens the skeleton, picks the programs the kernel has, minus those named
 * in skip (and, with only, just those named there), shares the maps and
 * loads.  tried gets the names it asked the kernel to load.  Returns 0
 * (loaded, ps->obj set), 1 (nothing to load) or -errno (ps cleaned up).
 */
static int slot_load(struct nw_bpf_source *src, struct probe_slot *ps, const char *skip,
		     const char *only, char *why, size_t why_size, char *tried, size_t tried_size)
{
	struct bpf_program *prog;
	int err, want;

	err = nw_bpf_probes[ps->id].open(src, ps);
	if (err)
		return err;
	want = slot_autoload(src, ps, why, why_size);
	tried[0] = '\0';
	bpf_object__for_each_program(prog, ps->obj) {
		const char *name = bpf_program__name(prog);

		if (!bpf_program__autoload(prog))
			continue;
		if (name_in(skip, name) || (only && !name_in(only, name))) {
			bpf_program__set_autoload(prog, false);
			want--;
			if (name_in(skip, name))
				want += enable_fallback(src, ps, name, skip);
			continue;
		}
		word_add(tried, tried_size, name);
	}
	/* Fallbacks switched on above come after their program in the object. */
	bpf_object__for_each_program(prog, ps->obj)
		if (bpf_program__autoload(prog) && !name_in(tried, bpf_program__name(prog)))
			word_add(tried, tried_size, bpf_program__name(prog));
	if (want <= 0) {
		nw_bpf_slot_destroy(ps);
		return 1;
	}
	err = reuse_shared_maps(src, ps->obj);
	if (!err && pretend_refused(src, ps))
		err = -EINVAL;
	if (!err)
		err = bpf_object__load(ps->obj);
	if (err) {
		nw_bpf_slot_destroy(ps);
		return err < 0 ? err : -EINVAL;
	}
	return 0;
}

/*
 * One object failed to load: find which of its programs the kernel refuses
 * by loading each alone (with the program it needs), and load the rest.
 * Returns 0 with refused[] naming the sections left out, or -errno.
 */
static int slot_load_without_refused(struct nw_bpf_source *src, struct probe_slot *ps,
				     const char *tried, char *why, size_t why_size,
				     char *refused, size_t refused_size)
{
	char skip[256] = "", only[128], scratch[256], name[64];
	const char *p = tried;
	int err;

	refused[0] = '\0';
	while (sscanf(p, "%63s", name) == 1) {
		const struct prog_spec *sp = nw_bpf_spec_by_prog(name, NULL);

		p = strstr(p, name) + strlen(name);
		snprintf(only, sizeof(only), "%s %s", name, sp && sp->needs ? sp->needs : "");
		err = slot_load(src, ps, "", only, why, why_size, scratch, sizeof(scratch));
		if (err == 0) {
			nw_bpf_slot_destroy(ps);
			continue;
		}
		word_add(skip, sizeof(skip), name);
		if (sp) {
			char section[96];

			word_add(refused, refused_size, spec_section(sp, section, sizeof(section)));
		}
	}
	if (!skip[0])
		return -EINVAL; /* each loads alone, not together: nothing to leave out */
	err = slot_load(src, ps, skip, NULL, why, why_size, scratch, sizeof(scratch));
	return err == 1 ? -ENOENT : err;
}

static void slot_attach(struct probe_slot *ps, const char *missing, const char *refused);

static void slot_start(struct nw_bpf_source *src, struct probe_slot *ps)
{
	char missing[200], tried[256], refused[160] = "";
	int err;

	err = slot_load(src, ps, "", NULL, missing, sizeof(missing), tried, sizeof(tried));
	if (err == 1) {
		nw_bpf_slot_set(ps, NW_SOURCE_OFF, "%s", missing[0] ? missing : "the kernel lacks its tracepoints");
		return;
	}
	if (err < 0 && err != -EPERM && err != -EACCES && tried[0]) {
		int first = err;

		nw_warn("%s: load failed (%s); trying its programs one by one",
			nw_bpf_probe_name(ps->id), strerror(-err));
		err = slot_load_without_refused(src, ps, tried, missing, sizeof(missing), refused,
						sizeof(refused));
		if (err)
			err = first;
	}
	if (err < 0) {
		nw_bpf_slot_set(ps, NW_SOURCE_OFF, "load failed (%s): %s", strerror(-err), nw_bpf_load_fix(-err));
		nw_warn("%s: %s", nw_bpf_probe_name(ps->id), ps->detail);
		return;
	}
	slot_attach(ps, missing, refused);
}

/* Attaches the probe's loaded programs and sets its state from what ran. */
static void slot_attach(struct probe_slot *ps, const char *missing, const char *refused)
{
	struct bpf_program *prog;
	int err = 0, failed = 0;
	char failed_names[120] = "";

	bpf_object__for_each_program(prog, ps->obj) {
		struct bpf_link *link;

		if (!bpf_program__autoload(prog) || nw_bpf_prog_of_other(prog, ps->id))
			continue;
		link = bpf_program__attach(prog);
		err = libbpf_get_error(link);
		if (err || ps->n_links >= NW_BPF_MAX_LINKS) {
			size_t len = strlen(failed_names);

			if (!err)
				bpf_link__destroy(link);
			snprintf(failed_names + len, sizeof(failed_names) - len, "%s%s", len ? " " : "",
				 bpf_program__section_name(prog));
			failed++;
			continue;
		}
		ps->links[ps->n_links++] = link;
	}
	if (!ps->n_links) {
		nw_bpf_slot_set(ps, NW_SOURCE_OFF, "attach failed for %s: %s", failed_names, nw_bpf_load_fix(-err));
		nw_bpf_slot_destroy(ps);
	} else if (failed) {
		nw_bpf_slot_set(ps, NW_SOURCE_DEGRADED, "not attached: %s", failed_names);
	} else if (refused[0]) {
		nw_bpf_slot_set(ps, NW_SOURCE_DEGRADED, "the kernel refused %s (see the log)%s%s", refused,
			 missing[0] ? "; " : "", missing);
	} else if (missing[0]) {
		nw_bpf_slot_set(ps, NW_SOURCE_DEGRADED, "%s", missing);
	} else {
		nw_bpf_slot_set(ps, NW_SOURCE_RUNNING, "%s", "");
	}
	if (ps->state != NW_SOURCE_RUNNING)
		nw_warn("%s: %s", nw_bpf_probe_name(ps->id), ps->detail);
}

/*
 * Loads every wanted probe from the one object (probes.bpf.c): one parse of
 * the kernel's BTF instead of one per probe.  Returns 0 when it loaded (each
 * probe then attached and has its state), or -errno: then nothing is kept
 * and the per-probe objects are used, which also find refused programs.
 */
static int one_start(struct nw_bpf_source *src)
{
	char why[NW_BPF_PROBE_COUNT][200];
	int want[NW_BPF_PROBE_COUNT] = { 0 }, total = 0, err;
	struct bpf_program *prog;
	struct nw_probes *s;

	if (src->opts.pretend_refused && src->opts.pretend_refused[0])
		return -EINVAL; /* a test of the refusal path: the per-probe objects have it */
	s = nw_bpf_one_open(src);
	if (!s)
		return -errno;
	/* Programs of probes not asked for stay unloaded. */
	bpf_object__for_each_program(prog, s->obj) {
		enum nw_bpf_probe probe;

		if (!nw_bpf_spec_by_prog(bpf_program__name(prog), &probe) || !src->probes[probe].wanted)
			bpf_program__set_autoload(prog, false);
	}
	for (int i = 0; i < NW_BPF_PROBE_COUNT; i++) {
		struct probe_slot *ps = &src->probes[i];

		why[i][0] = '\0';
		if (!ps->wanted)
			continue;
		ps->obj = s->obj;
		want[i] = slot_autoload(src, ps, why[i], sizeof(why[i]));
		total += want[i];
	}
	err = total ? 0 : -ENOENT;
	if (!err)
		err = reuse_shared_maps(src, s->obj);
	if (!err)
		err = bpf_object__load(s->obj);
	if (err) {
		for (int i = 0; i < NW_BPF_PROBE_COUNT; i++)
			src->probes[i].obj = NULL;
		nw_probes__destroy(s);
		src->drop_epoch = NULL;
		return err < 0 ? err : -EINVAL;
	}
	src->one = s;
	for (int i = 0; i < NW_BPF_PROBE_COUNT; i++) {
		struct probe_slot *ps = &src->probes[i];

		if (!ps->wanted)
			continue;
		if (!want[i]) {
			ps->obj = NULL;
			nw_bpf_slot_set(ps, NW_SOURCE_OFF, "%s",
				 why[i][0] ? why[i] : "the kernel lacks its tracepoints");
			nw_warn("%s: %s", nw_bpf_probe_name(ps->id), ps->detail);
			continue;
		}
		slot_attach(ps, why[i], "");
	}
	return 0;
}

/* --- shared maps ------------------------------------------------------------------ */

#define NW_BPF_NETNS_MAX 4096 /* nw_netns_allow's max_entries */

int nw_bpf_create_shared_maps(struct nw_bpf_source *src)
{
	src->events_fd = bpf_map_create(BPF_MAP_TYPE_RINGBUF, "nw_events", 0, 0,
					src->opts.ring_bytes, NULL);
	if (src->events_fd < 0)
		return -errno;
	src->counters_fd = bpf_map_create(BPF_MAP_TYPE_PERCPU_ARRAY, "nw_counters", sizeof(uint32_t),
					  sizeof(uint64_t), NW_COUNTERS_MAX, NULL);
	if (src->counters_fd < 0)
		return -errno;
	src->netns_fd = bpf_map_create(BPF_MAP_TYPE_HASH, "nw_netns_allow", sizeof(uint32_t),
				       sizeof(uint8_t), NW_BPF_NETNS_MAX, NULL);
	if (src->netns_fd < 0)
		return -errno;
	return 0;
}

void nw_bpf_load_all(struct nw_bpf_source *src)
{
	int err = one_start(src);

	if (!err)
		return;
	if (err != -ENOENT)
		nw_info("bpf: the probes' common object did not load (%s): loading them one by one",
			strerror(-err));
	for (int i = 0; i < NW_BPF_PROBE_COUNT; i++)
		if (src->probes[i].wanted)
			slot_start(src, &src->probes[i]);
}
