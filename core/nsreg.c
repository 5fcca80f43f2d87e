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

int nw_nsreg_set(uint64_t inode, const char *name)
{
	bool found;
	size_t i;

	if (!inode || !name)
		return -EINVAL;
	i = reg_find(inode, &found);
	if (!found) {
		if (reg_count == reg_cap) {
			reg_cap = reg_cap ? reg_cap * 2 : 16;
			reg = nw_xrealloc(reg, reg_cap * sizeof(*reg));
		}
		memmove(&reg[i + 1], &reg[i], (reg_count - i) * sizeof(*reg));
		reg[i].inode = inode;
		reg_count++;
	}
	nw_strlcpy(reg[i].name, name, sizeof(reg[i].name));
	return 0;
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
	free(reg);
	reg = NULL;
	reg_count = reg_cap = 0;
}
