// SPDX-License-Identifier: GPL-2.0-or-later
/* Kernel addresses -> symbols from /proc/kallsyms; see kallsyms.h. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/util.h"
#include "probes/kallsyms.h"

#define NW_KSYMS_CACHE 256

struct nw_ksym {
	uint64_t addr;
	uint32_t name; /* offset into names */
};

struct nw_ksyms_cache_slot {
	uint64_t addr; /* 0 = empty */
	char text[64];
	bool found;
};

struct nw_ksyms {
	char *path;
	bool loaded;
	struct nw_ksym *syms;
	size_t count;
	char *names;
	size_t names_len, names_cap;
	struct nw_ksyms_cache_slot cache[NW_KSYMS_CACHE];
};

struct nw_ksyms *nw_ksyms_new(const char *path)
{
	struct nw_ksyms *ks = nw_xcalloc(1, sizeof(*ks));

	ks->path = nw_xstrdup(path ? path : "/proc/kallsyms");
	return ks;
}

static void ksyms_clear(struct nw_ksyms *ks)
{
	free(ks->syms);
	free(ks->names);
	ks->syms = NULL;
	ks->names = NULL;
	ks->count = ks->names_len = ks->names_cap = 0;
	memset(ks->cache, 0, sizeof(ks->cache));
}

void nw_ksyms_free(struct nw_ksyms *ks)
{
	if (!ks)
		return;
	ksyms_clear(ks);
	free(ks->path);
	free(ks);
}

size_t nw_ksyms_count(const struct nw_ksyms *ks)
{
	return ks ? ks->count : 0;
}

static int cmp_ksym(const void *a, const void *b)
{
	const struct nw_ksym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static uint32_t add_name(struct nw_ksyms *ks, const char *name, size_t len)
{
	uint32_t off = (uint32_t)ks->names_len;

	if (ks->names_len + len + 1 > ks->names_cap) {
		ks->names_cap = ks->names_cap ? ks->names_cap * 2 : 1 << 20;
		while (ks->names_len + len + 1 > ks->names_cap)
			ks->names_cap *= 2;
		ks->names = nw_xrealloc(ks->names, ks->names_cap);
	}
	memcpy(ks->names + ks->names_len, name, len);
	ks->names[ks->names_len + len] = '\0';
	ks->names_len += len + 1;
	return off;
}

/* One line: "ffffffff81000000 T _stext" or "... t name\t[module]". */
static void parse_line(struct nw_ksyms *ks, const char *line, size_t len, size_t *cap)
{
	char buf[256], *end, *name, *mod;
	uint64_t addr;
	char type;

	if (len >= sizeof(buf))
		return;
	memcpy(buf, line, len);
	buf[len] = '\0';
	addr = strtoull(buf, &end, 16);
	if (end == buf || *end != ' ' || !addr)
		return;
	type = end[1];
	if (type != 't' && type != 'T' && type != 'w' && type != 'W')
		return; /* drops happen in code: keep text symbols only */
	if (end[2] != ' ')
		return;
	name = end + 3;
	mod = strchr(name, '\t');
	if (mod)
		*mod = ' '; /* "name [module]": resolve splits at the space */
	if (ks->count >= NW_KSYMS_MAX)
		return;
	if (ks->count == *cap) {
		*cap = *cap ? *cap * 2 : 65536;
		ks->syms = nw_xrealloc(ks->syms, *cap * sizeof(*ks->syms));
	}
	ks->syms[ks->count].addr = addr;
	ks->syms[ks->count].name = add_name(ks, name, strlen(name));
	ks->count++;
}

int nw_ksyms_load_text(struct nw_ksyms *ks, const char *text, size_t len)
{
	size_t cap = 0, i = 0;

	ksyms_clear(ks);
	ks->loaded = true;
	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t l = nl ? (size_t)(nl - (text + i)) : len - i;

		parse_line(ks, text + i, l, &cap);
		i += l + 1;
	}
	if (ks->count)
		qsort(ks->syms, ks->count, sizeof(*ks->syms), cmp_ksym);
	return (int)ks->count;
}

static void ksyms_load(struct nw_ksyms *ks)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	ks->loaded = true;
	f = fopen(ks->path, "re");
	if (!f) {
		nw_warn("kallsyms: cannot read %s (%s): drop locations stay addresses", ks->path,
			strerror(errno));
		return;
	}
	FILE *mem = open_memstream(&text, &len);
	char chunk[65536];
	size_t n;

	if (!mem) {
		fclose(f);
		return;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		fwrite(chunk, 1, n, mem);
	fclose(f);
	fclose(mem);
	nw_ksyms_load_text(ks, text, len);
	free(text);
	if (!ks->count)
		nw_warn("kallsyms: %s lists no addresses (kptr_restrict?): run as root with "
			"kernel.kptr_restrict=0 to name drop locations", ks->path);
}

bool nw_ksyms_resolve(struct nw_ksyms *ks, uint64_t addr, char *buf, size_t size)
{
	struct nw_ksyms_cache_slot *slot;
	size_t lo = 0, hi;

	if (!ks || !addr || !size)
		return false;
	slot = &ks->cache[(addr >> 2) % NW_KSYMS_CACHE];
	if (slot->addr == addr) {
		nw_strlcpy(buf, slot->text, size);
		return slot->found;
	}
	if (!ks->loaded)
		ksyms_load(ks);
	hi = ks->count;
	/* The last symbol at or below addr. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ks->syms[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	slot->addr = addr;
	if (lo == 0) {
		slot->found = false;
		snprintf(slot->text, sizeof(slot->text), "0x%" PRIx64, addr);
	} else {
		const struct nw_ksym *s = &ks->syms[lo - 1];
		const char *name = ks->names + s->name;
		const char *tab = strchr(name, ' ');
		int nlen = tab ? (int)(tab - name) : (int)strlen(name);
		uint64_t off = addr - s->addr;

		slot->found = true;
		if (off)
			snprintf(slot->text, sizeof(slot->text), "%.*s+0x%" PRIx64 "%s%s", nlen, name,
				 off, tab ? " " : "", tab ? tab + 1 : "");
		else
			snprintf(slot->text, sizeof(slot->text), "%.*s%s%s", nlen, name,
				 tab ? " " : "", tab ? tab + 1 : "");
	}
	nw_strlcpy(buf, slot->text, size);
	return slot->found;
}
