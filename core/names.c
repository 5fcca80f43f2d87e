// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Runtime name tables.  A table is a sorted array of (value, name); lookups
 * are binary searches, so naming a value on the per-event path costs no
 * allocation.  Loaders read what the running system offers (tracefs formats,
 * libc); a value nobody named prints as "prefix#N", never as a guess.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/neighbour.h>

#include "core/log.h"
#include "core/names.h"
#include "core/util.h"

struct nw_name_ent {
	int64_t value;
	char *name;
};

struct nw_names {
	struct nw_name_ent *ents;
	size_t count, cap;
	char prefix[24];
	char strip[40]; /* loader-given prefix removed from names as they are set */
};

struct nw_names *nw_names_new(const char *prefix)
{
	struct nw_names *names = nw_xcalloc(1, sizeof(*names));

	nw_strlcpy(names->prefix, prefix ? prefix : "", sizeof(names->prefix));
	return names;
}

void nw_names_free(struct nw_names *names)
{
	if (!names)
		return;
	for (size_t i = 0; i < names->count; i++)
		free(names->ents[i].name);
	free(names->ents);
	free(names);
}

void nw_names_set_strip_prefix(struct nw_names *names, const char *strip)
{
	nw_strlcpy(names->strip, strip ? strip : "", sizeof(names->strip));
}

/* Index of value, or of where it would be inserted (*found false). */
static size_t find_idx(const struct nw_names *names, int64_t value, bool *found)
{
	size_t lo = 0, hi = names->count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (names->ents[mid].value < value)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < names->count && names->ents[lo].value == value;
	return lo;
}

int nw_names_set(struct nw_names *names, int64_t value, const char *name)
{
	size_t slen = strlen(names->strip);
	bool found;
	size_t i;

	if (!name || !*name)
		return -EINVAL;
	if (slen && strncmp(name, names->strip, slen) == 0 && name[slen])
		name += slen;
	i = find_idx(names, value, &found);
	if (found) {
		free(names->ents[i].name);
		names->ents[i].name = nw_xstrdup(name);
		return 0;
	}
	if (names->count == names->cap) {
		names->cap = names->cap ? names->cap * 2 : 16;
		names->ents = nw_xrealloc(names->ents, names->cap * sizeof(*names->ents));
	}
	memmove(&names->ents[i + 1], &names->ents[i], (names->count - i) * sizeof(*names->ents));
	names->ents[i].value = value;
	names->ents[i].name = nw_xstrdup(name);
	names->count++;
	return 0;
}

size_t nw_names_count(const struct nw_names *names)
{
	return names->count;
}

const char *nw_names_at(const struct nw_names *names, size_t i, int64_t *value)
{
	if (!names || i >= names->count)
		return NULL;
	*value = names->ents[i].value;
	return names->ents[i].name;
}

void nw_names_clear(struct nw_names *names)
{
	for (size_t i = 0; i < names->count; i++)
		free(names->ents[i].name);
	names->count = 0;
}

const char *nw_names_find(const struct nw_names *names, int64_t value)
{
	bool found;
	size_t i = find_idx(names, value, &found);

	return found ? names->ents[i].name : NULL;
}

const char *nw_names_get(const struct nw_names *names, int64_t value, char *buf, size_t size)
{
	const char *name = nw_names_find(names, value);

	if (name)
		return name;
	snprintf(buf, size, "%s#%" PRId64, names->prefix, value);
	return buf;
}

bool nw_names_lookup(const struct nw_names *names, const char *name, int64_t *value)
{
	/* Exact spelling first; then case-insensitive, since people type "reachable". */
	for (size_t i = 0; i < names->count; i++) {
		if (strcmp(names->ents[i].name, name) == 0) {
			*value = names->ents[i].value;
			return true;
		}
	}
	for (size_t i = 0; i < names->count; i++) {
		if (strcasecmp(names->ents[i].name, name) == 0) {
			*value = names->ents[i].value;
			return true;
		}
	}
	return false;
}

const char *nw_names_get_flags(const struct nw_names *names, uint64_t value, char *buf, size_t size)
{
	uint64_t rest = value;
	size_t o = 0;

	if (!size)
		return buf;
	buf[0] = '\0';
	if (value == 0) {
		const char *zero = nw_names_find(names, 0);

		nw_strlcpy(buf, zero ? zero : "0x0", size);
		return buf;
	}
	/* Entries are sorted by value, so lower bits come first, as the kernel prints them. */
	for (size_t i = 0; i < names->count && rest; i++) {
		uint64_t bits = (uint64_t)names->ents[i].value;
		int n;

		if (names->ents[i].value <= 0 || (value & bits) != bits || (rest & bits) == 0)
			continue;
		n = snprintf(buf + o, size - o, "%s%s", o ? "|" : "", names->ents[i].name);
		if (n < 0 || (size_t)n >= size - o) {
			buf[o] = '\0'; /* whole names only */
			return buf;
		}
		o += (size_t)n;
		rest &= ~bits;
	}
	if (rest)
		snprintf(buf + o, size - o, "%s0x%" PRIx64, o ? "|" : "", rest);
	return buf;
}

/* --- tracefs "print fmt:" parsing ------------------------------------------- */

struct pf_cursor {
	const char *p, *end;
	bool bad;
};

static void pf_skip_ws(struct pf_cursor *c)
{
	while (c->p < c->end && isspace((unsigned char)*c->p))
		c->p++;
}

static bool pf_eat(struct pf_cursor *c, const char *tok)
{
	size_t n = strlen(tok);

	pf_skip_ws(c);
	if ((size_t)(c->end - c->p) >= n && memcmp(c->p, tok, n) == 0) {
		c->p += n;
		return true;
	}
	return false;
}

static int64_t pf_expr(struct pf_cursor *c);

static int64_t pf_primary(struct pf_cursor *c)
{
	int64_t v = 0;
	char *endp;
	char tmp[32];
	size_t n = 0;

	pf_skip_ws(c);
	if (pf_eat(c, "(")) {
		v = pf_expr(c);
		if (!pf_eat(c, ")"))
			c->bad = true;
		return v;
	}
	if (pf_eat(c, "-"))
		return -pf_primary(c);
	if (pf_eat(c, "~"))
		return ~pf_primary(c);
	while (c->p + n < c->end && n < sizeof(tmp) - 1 && isalnum((unsigned char)c->p[n]))
		n++;
	if (n == 0 || !isdigit((unsigned char)c->p[0])) {
		c->bad = true;
		return 0;
	}
	memcpy(tmp, c->p, n);
	tmp[n] = '\0';
	errno = 0;
	v = (int64_t)strtoull(tmp, &endp, 0);
	/* Allow C integer suffixes (1UL, 0x10ULL). */
	while (*endp == 'u' || *endp == 'U' || *endp == 'l' || *endp == 'L')
		endp++;
	if (errno || *endp)
		c->bad = true;
	c->p += n;
	return v;
}

static int64_t pf_shift(struct pf_cursor *c)
{
	int64_t v = pf_primary(c);

	while (!c->bad) {
		if (pf_eat(c, "<<")) {
			int64_t s = pf_primary(c);

			if (s < 0 || s > 62)
				c->bad = true;
			else
				v = (int64_t)((uint64_t)v << s);
		} else if (pf_eat(c, ">>")) {
			int64_t s = pf_primary(c);

			if (s < 0 || s > 62)
				c->bad = true;
			else
				v >>= s;
		} else {
			break;
		}
	}
	return v;
}

static int64_t pf_expr(struct pf_cursor *c)
{
	int64_t v = pf_shift(c);

	while (!c->bad) {
		/* '|' but not '||' */
		pf_skip_ws(c);
		if (c->p < c->end && *c->p == '|' && (c->p + 1 >= c->end || c->p[1] != '|')) {
			c->p++;
			v |= pf_shift(c);
		} else {
			break;
		}
	}
	return v;
}

/* Parses a C string literal into out; returns false when malformed. */
static bool pf_string(struct pf_cursor *c, char *out, size_t size)
{
	size_t o = 0;

	pf_skip_ws(c);
	if (c->p >= c->end || *c->p != '"')
		return false;
	c->p++;
	while (c->p < c->end && *c->p != '"') {
		char ch = *c->p++;

		if (ch == '\\') {
			if (c->p >= c->end)
				return false;
			ch = *c->p++;
			if (ch == 'n')
				ch = '\n';
			else if (ch == 't')
				ch = '\t';
		}
		if (ch == '\n' || (unsigned char)ch < 0x20)
			return false; /* a literal does not span lines */
		if (o + 1 < size)
			out[o++] = ch;
	}
	if (c->p >= c->end)
		return false;
	c->p++;
	out[o] = '\0';
	return true;
}

/* Skips one top-level argument (balanced parens, strings); stops before ',' or ')'. */
static bool pf_skip_arg(struct pf_cursor *c, const char **start, const char **stop)
{
	int depth = 0;

	pf_skip_ws(c);
	*start = c->p;
	while (c->p < c->end) {
		char ch = *c->p;

		if (ch == '"') {
			char dummy[256];

			if (!pf_string(c, dummy, sizeof(dummy)))
				return false;
			continue;
		}
		if (ch == '\n')
			return false;
		if (depth == 0 && (ch == ',' || ch == ')')) {
			*stop = c->p;
			return true;
		}
		if (ch == '(' || ch == '{' || ch == '[')
			depth++;
		else if (ch == ')' || ch == '}' || ch == ']')
			depth--;
		c->p++;
	}
	return false;
}

static bool is_ident(char ch)
{
	return isalnum((unsigned char)ch) || ch == '_';
}

/* Does the expression [s, e) mention field as a whole token? */
static bool arg_mentions(const char *s, const char *e, const char *field)
{
	size_t n = strlen(field);

	if (!n)
		return false;
	for (const char *p = s; p + n <= e; p++) {
		if (memcmp(p, field, n) != 0)
			continue;
		if (p > s && (is_ident(p[-1]) || p[-1] == '>' || p[-1] == '.'))
			continue;
		if (p + n < e && is_ident(p[n]))
			continue;
		return true;
	}
	return false;
}

struct pf_pair {
	int64_t value;
	char name[128];
};

/*
 * Parses "{ V, "N" }, ... )" into pairs.  Returns the count, or -EINVAL.
 * *pairs is grown with realloc; the caller frees it.
 */
static int pf_pairs(struct pf_cursor *c, struct pf_pair **pairs)
{
	size_t n = 0, cap = 0;

	for (;;) {
		struct pf_pair pr;

		if (pf_eat(c, ")"))
			return (int)n;
		if (!pf_eat(c, ","))
			return -EINVAL;
		if (!pf_eat(c, "{"))
			return -EINVAL;
		pr.value = pf_expr(c);
		if (c->bad || !pf_eat(c, ","))
			return -EINVAL;
		if (!pf_string(c, pr.name, sizeof(pr.name)) || !pr.name[0])
			return -EINVAL;
		if (!pf_eat(c, "}"))
			return -EINVAL;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			*pairs = nw_xrealloc(*pairs, cap * sizeof(**pairs));
		}
		(*pairs)[n++] = pr;
		if (n > 65536)
			return -EINVAL;
	}
}

/*
 * Finds `macro(` whose first argument mentions `field` in the print fmt line
 * and loads its pairs.  Flags macros have a delimiter string as the second
 * argument.  Nothing is loaded unless the whole list parses.
 */
static int load_print_macro(struct nw_names *names, const char *text, const char *field, const char *macro,
			    bool has_delim)
{
	const char *line = strstr(text, "print fmt:");
	const char *end, *p;
	size_t mlen = strlen(macro);

	if (!line)
		return -EINVAL;
	end = strchr(line, '\n');
	if (!end)
		end = line + strlen(line);
	for (p = line; (p = strstr(p, macro)) && p < end; p += mlen) {
		struct pf_cursor c = { .p = p + mlen, .end = end };
		struct pf_pair *pairs = NULL;
		const char *as, *ae;
		int n;

		if (p > line && is_ident(p[-1]))
			continue;
		if (!pf_eat(&c, "("))
			continue;
		if (!pf_skip_arg(&c, &as, &ae))
			return -EINVAL;
		if (!arg_mentions(as, ae, field))
			continue;
		if (has_delim) {
			char delim[64];

			if (!pf_eat(&c, ",") || !pf_string(&c, delim, sizeof(delim)))
				return -EINVAL;
		}
		n = pf_pairs(&c, &pairs);
		if (n > 0) {
			for (int i = 0; i < n; i++)
				nw_names_set(names, pairs[i].value, pairs[i].name);
		}
		free(pairs);
		if (n == 0)
			return -EINVAL; /* a macro with no pairs is not a table */
		return n;
	}
	return -ENOENT;
}

int nw_names_load_print_symbolic(struct nw_names *names, const char *format_text, const char *field)
{
	return load_print_macro(names, format_text, field, "__print_symbolic", false);
}

int nw_names_load_print_flags(struct nw_names *names, const char *format_text, const char *field)
{
	return load_print_macro(names, format_text, field, "__print_flags", true);
}

/*
 * Where tracefs is: $NW_TRACEFS when set (an unusual mount point, or a test's
 * fake tree), else the standard mount and the old debugfs path.
 */
static size_t tracefs_roots(const char *roots[2])
{
	const char *env = getenv("NW_TRACEFS");

	if (env && *env) {
		roots[0] = env;
		return 1;
	}
	roots[0] = "/sys/kernel/tracing";
	roots[1] = "/sys/kernel/debug/tracing";
	return 2;
}

/* Reads the whole format file into a malloc'd string; returns 0 or -errno. */
static int read_format(const char *group, const char *event, char **out)
{
	const char *roots[2];
	size_t nroots = tracefs_roots(roots);
	int err = -ENOENT;

	for (size_t r = 0; r < nroots; r++) {
		char path[256];
		size_t len = 0, cap = 8192;
		char *buf;
		int fd;

		snprintf(path, sizeof(path), "%s/events/%s/%s/format", roots[r], group, event);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			if (errno != ENOENT || err == -ENOENT)
				err = -errno;
			continue;
		}
		buf = nw_xmalloc(cap);
		for (;;) {
			ssize_t n;

			if (len + 1 == cap) {
				cap *= 2;
				buf = nw_xrealloc(buf, cap);
			}
			n = read(fd, buf + len, cap - 1 - len);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0) {
				err = -errno;
				close(fd);
				free(buf);
				return err;
			}
			if (n == 0)
				break;
			len += (size_t)n;
		}
		close(fd);
		buf[len] = '\0';
		*out = buf;
		return 0;
	}
	return err;
}

int nw_names_load_tracefs(struct nw_names *names, const char *group, const char *event, const char *field)
{
	char *text = NULL;
	int ret = read_format(group, event, &text);

	if (ret < 0)
		return ret;
	ret = nw_names_load_print_symbolic(names, text, field);
	if (ret == -ENOENT)
		ret = nw_names_load_print_flags(names, text, field);
	free(text);
	return ret;
}

/* --- process-wide tables ------------------------------------------------------ */

static struct nw_names *system_tables[NW_NAMES_TABLE_COUNT];
static void (*lazy_loaders[NW_NAMES_TABLE_COUNT])(struct nw_names *names);

struct nw_names *nw_names_table(enum nw_names_table which)
{
	static const char *const prefixes[NW_NAMES_TABLE_COUNT] = {
		[NW_NAMES_DROP_REASON] = "reason",
		[NW_NAMES_ERRNO] = "errno",
		[NW_NAMES_NUD] = "nud",
		[NW_NAMES_SYSCALL] = "syscall",
	};

	if ((unsigned)which >= NW_NAMES_TABLE_COUNT)
		return NULL;
	/* Created on first use so numeric fallback works before (or without) init. */
	if (!system_tables[which])
		system_tables[which] = nw_names_new(prefixes[which]);
	if (lazy_loaders[which]) {
		void (*load)(struct nw_names *) = lazy_loaders[which];

		lazy_loaders[which] = NULL; /* once, even if the loader asks for its own table */
		load(system_tables[which]);
	}
	return system_tables[which];
}

void nw_names_set_lazy(enum nw_names_table which, void (*load)(struct nw_names *names))
{
	if ((unsigned)which < NW_NAMES_TABLE_COUNT)
		lazy_loaders[which] = load;
}

void nw_names_table_replace(enum nw_names_table which, const struct nw_names *from)
{
	struct nw_names *t;
	const char *name;
	int64_t value;

	if ((unsigned)which >= NW_NAMES_TABLE_COUNT)
		return;
	lazy_loaders[which] = NULL;
	t = nw_names_table(which);
	nw_names_clear(t);
	for (size_t i = 0; (name = nw_names_at(from, i, &value)); i++)
		nw_names_set(t, value, name);
}

static void upcase(char *s)
{
	for (; *s; s++)
		*s = (char)toupper((unsigned char)*s);
}

static void load_errno(struct nw_names *t)
{
#ifdef HAVE_STRERRORNAME_NP
	/* Linux errnos stay below 4096 (MAX_ERRNO); libc names the ones it knows. */
	for (int e = 1; e < 4096; e++) {
		const char *name = strerrorname_np(e);

		if (name)
			nw_names_set(t, e, name);
	}
#else
	(void)t;
	nw_info("errno names: libc has no strerrorname_np (glibc >= 2.32); errnos print as numbers");
#endif
}

/*
 * Neighbour states.  The kernel's only runtime table is the print fmt of the
 * neigh:* tracepoints (__print_symbolic of nud_state with the single bits,
 * lowercase).  Without tracefs we fall back to the NUD_* constants of the UAPI
 * header <linux/neighbour.h>: they are stable ABI (netlink carries them), so
 * naming them from the header cannot go stale the way an internal enum can.
 */
static void load_nud(struct nw_names *t)
{
	static const struct {
		int64_t value;
		const char *name;
	} uapi[] = {
		{ NUD_INCOMPLETE, "INCOMPLETE" }, { NUD_REACHABLE, "REACHABLE" }, { NUD_STALE, "STALE" },
		{ NUD_DELAY, "DELAY" },		  { NUD_PROBE, "PROBE" },	  { NUD_FAILED, "FAILED" },
		{ NUD_NOARP, "NOARP" },		  { NUD_PERMANENT, "PERMANENT" },
	};
	struct nw_names *tmp = nw_names_new("nud");
	int n = nw_names_load_tracefs(tmp, "neigh", "neigh_update", "REC->nud_state");

	if (n > 0) {
		for (size_t i = 0; i < tmp->count; i++) {
			upcase(tmp->ents[i].name); /* ip(8) and the UAPI spell them in capitals */
			nw_names_set(t, tmp->ents[i].value, tmp->ents[i].name);
		}
	} else {
		nw_info("neighbour state names: tracefs neigh/neigh_update format unavailable (%s); using the UAPI NUD_* constants",
			strerror(-n));
		for (size_t i = 0; i < NW_ARRAY_SIZE(uapi); i++)
			nw_names_set(t, uapi[i].value, uapi[i].name);
	}
	/* NUD_NONE (0) is never printed by the tracepoint; it is UAPI too. */
	nw_names_set(t, NUD_NONE, "NONE");
	nw_names_free(tmp);
}

/*
 * Syscall numbers.  tracefs does not help: events/syscalls/sys_enter_X/id is
 * a trace event id and the format only declares a __syscall_nr field, never
 * its value.  The SYS_* constants of <sys/syscall.h> are the UAPI syscall
 * numbers of the build architecture (stable ABI), and we only need the
 * socket-related ones that netwhy reports errors for.
 */
static void load_syscalls(struct nw_names *t)
{
	static const struct {
		long nr;
		const char *name;
	} calls[] = {
#ifdef SYS_socket
		{ SYS_socket, "socket" },
#endif
#ifdef SYS_connect
		{ SYS_connect, "connect" },
#endif
#ifdef SYS_accept
		{ SYS_accept, "accept" },
#endif
#ifdef SYS_accept4
		{ SYS_accept4, "accept4" },
#endif
#ifdef SYS_bind
		{ SYS_bind, "bind" },
#endif
#ifdef SYS_listen
		{ SYS_listen, "listen" },
#endif
#ifdef SYS_sendto
		{ SYS_sendto, "sendto" },
#endif
#ifdef SYS_sendmsg
		{ SYS_sendmsg, "sendmsg" },
#endif
#ifdef SYS_sendmmsg
		{ SYS_sendmmsg, "sendmmsg" },
#endif
#ifdef SYS_recvfrom
		{ SYS_recvfrom, "recvfrom" },
#endif
#ifdef SYS_recvmsg
		{ SYS_recvmsg, "recvmsg" },
#endif
#ifdef SYS_recvmmsg
		{ SYS_recvmmsg, "recvmmsg" },
#endif
#ifdef SYS_read
		{ SYS_read, "read" },
#endif
#ifdef SYS_write
		{ SYS_write, "write" },
#endif
#ifdef SYS_setsockopt
		{ SYS_setsockopt, "setsockopt" },
#endif
#ifdef SYS_getsockopt
		{ SYS_getsockopt, "getsockopt" },
#endif
#ifdef SYS_shutdown
		{ SYS_shutdown, "shutdown" },
#endif
	};

	for (size_t i = 0; i < NW_ARRAY_SIZE(calls); i++)
		nw_names_set(t, calls[i].nr, calls[i].name);
}

static void (*drop_reason_fallback)(void);

void nw_names_set_drop_reason_fallback(void (*load)(void))
{
	drop_reason_fallback = load;
}

/*
 * tracefs's format of skb:kfree_skb lists the reasons (readable by root, a
 * small text file); when it cannot, the fallback (the kernel's BTF, which
 * cli/main.c sets: world-readable, 5 MB to parse) names them.
 */
static void load_drop_reasons(struct nw_names *drop)
{
	int n = nw_names_load_tracefs(drop, "skb", "kfree_skb", "REC->reason");

	if (nw_names_count(drop) == 0 && drop_reason_fallback)
		drop_reason_fallback();
	/* Silent when another loader (BTF, probes/btf_names.c) named them already. */
	if (n < 0 && nw_names_count(drop) == 0)
		nw_warn("drop reason names: cannot read tracefs skb/kfree_skb format (%s); reasons print as numbers. Fix: mount -t tracefs nodev /sys/kernel/tracing",
			strerror(-n));
}

void nw_names_init_system(void)
{
	/* Drop reasons when first needed: many runs never see a drop. */
	nw_names_set_lazy(NW_NAMES_DROP_REASON, load_drop_reasons);
	load_errno(nw_names_table(NW_NAMES_ERRNO));
	load_nud(nw_names_table(NW_NAMES_NUD));
	load_syscalls(nw_names_table(NW_NAMES_SYSCALL));
	nw_debug("names: %zu errnos, %zu neighbour states, %zu syscalls (drop reasons when first needed)",
		 nw_names_count(nw_names_table(NW_NAMES_ERRNO)),
		 nw_names_count(nw_names_table(NW_NAMES_NUD)), nw_names_count(nw_names_table(NW_NAMES_SYSCALL)));
}

void nw_names_fini_system(void)
{
	for (size_t i = 0; i < NW_NAMES_TABLE_COUNT; i++) {
		nw_names_free(system_tables[i]);
		system_tables[i] = NULL;
		lazy_loaders[i] = NULL;
	}
	drop_reason_fallback = NULL;
}

const char *nw_errno_name(int err, char *buf, size_t size)
{
	const char *name;

	if (err < 0)
		err = err == INT32_MIN ? INT32_MAX : -err;
	name = nw_names_find(nw_names_table(NW_NAMES_ERRNO), err);
#ifdef HAVE_STRERRORNAME_NP
	if (!name)
		name = strerrorname_np(err); /* works before nw_names_init_system() too */
#endif
	if (name)
		return name;
	snprintf(buf, size, "errno#%d", err);
	return buf;
}
