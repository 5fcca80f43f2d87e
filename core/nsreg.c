// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Namespace names by inode: a sorted array (hosts have dozens to a few
 * thousand namespaces) with binary search, since every JSON line asks.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/nsreg.h"
#include "core/util.h"

#define NW_NSREG_NAME_MAX 64

struct nsreg_ent {
	uint64_t inode;
	char name[NW_NSREG_NAME_MAX];
	struct nw_nsreg_container *ctr; /* owned; NULL when none */
};

static struct nsreg_ent *reg;
static size_t reg_count, reg_cap;

static size_t reg_find(uint64_t inode, bool *found)
{
	size_t lo = 0, hi = reg_count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (reg[mid].inode < inode)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < reg_count && reg[lo].inode == inode;
	return lo;
}

static struct nsreg_ent *reg_get(uint64_t inode)
{
	bool found;
	size_t i = reg_find(inode, &found);

	if (!found) {
		if (reg_count == reg_cap) {
			reg_cap = reg_cap ? reg_cap * 2 : 16;
			reg = nw_xrealloc(reg, reg_cap * sizeof(*reg));
		}
		memmove(&reg[i + 1], &reg[i], (reg_count - i) * sizeof(*reg));
		memset(&reg[i], 0, sizeof(reg[i]));
		reg[i].inode = inode;
		reg_count++;
	}
	return &reg[i];
}

int nw_nsreg_set(uint64_t inode, const char *name)
{
	if (!inode || !name)
		return -EINVAL;
	nw_strlcpy(reg_get(inode)->name, name, NW_NSREG_NAME_MAX);
	return 0;
}

int nw_nsreg_set_container(uint64_t inode, const struct nw_nsreg_container *c)
{
	struct nsreg_ent *e;

	if (!inode)
		return -EINVAL;
	e = reg_get(inode);
	if (!c) {
		free(e->ctr);
		e->ctr = NULL;
		return 0;
	}
	if (!e->ctr)
		e->ctr = nw_xmalloc(sizeof(*e->ctr));
	*e->ctr = *c;
	return 0;
}

const struct nw_nsreg_container *nw_nsreg_container(uint64_t inode)
{
	bool found;
	size_t i = reg_find(inode, &found);

	return found ? reg[i].ctr : NULL;
}

const char *nw_nsreg_name(uint64_t inode)
{
	bool found;
	size_t i = reg_find(inode, &found);

	return found ? reg[i].name : "";
}

size_t nw_nsreg_count(void)
{
	return reg_count;
}

void nw_nsreg_clear(void)
{
	for (size_t i = 0; i < reg_count; i++)
		free(reg[i].ctr);
	free(reg);
	reg = NULL;
	reg_count = reg_cap = 0;
}
