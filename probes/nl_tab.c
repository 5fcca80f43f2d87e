// SPDX-License-Identifier: GPL-2.0-or-later
/* Keyed store of last-reported events (see probes/nl_tab.h). */
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "probes/nl_tab.h"

void nl_tab_init(struct nl_tab *t)
{
	memset(t, 0, sizeof(*t));
	t->nb = 64;
	t->b = nw_xcalloc(t->nb, sizeof(*t->b));
	t->seed = nw_hash_seed();
}

void nl_tab_free(struct nl_tab *t)
{
	struct nl_tab_entry *e, *next;

	for (size_t i = 0; i < t->nb; i++)
		for (e = t->b ? t->b[i] : NULL; e; e = next) {
			next = e->next;
			free(e);
		}
	free(t->b);
	memset(t, 0, sizeof(*t));
}

static size_t hash(const struct nl_tab *t, const uint8_t *key)
{
	return (size_t)nw_hash_bytes(key, NL_TAB_KEY, t->seed);
}

static void grow(struct nl_tab *t)
{
	size_t nb = t->nb * 2;
	struct nl_tab_entry **b = nw_xcalloc(nb, sizeof(*b)), *e, *next;

	for (size_t i = 0; i < t->nb; i++)
		for (e = t->b[i]; e; e = next) {
			next = e->next;
			e->next = b[hash(t, e->key) & (nb - 1)];
			b[hash(t, e->key) & (nb - 1)] = e;
		}
	free(t->b);
	t->b = b;
	t->nb = nb;
}

struct nl_tab_entry *nl_tab_get(struct nl_tab *t, const void *key, size_t klen, bool create, bool *created)
{
	uint8_t k[NL_TAB_KEY] = { 0 };
	struct nl_tab_entry *e;
	size_t h;

	memcpy(k, key, klen < NL_TAB_KEY ? klen : NL_TAB_KEY);
	if (created)
		*created = false;
	for (e = t->b[hash(t, k) & (t->nb - 1)]; e; e = e->next)
		if (!memcmp(e->key, k, NL_TAB_KEY))
			return e;
	if (!create)
		return NULL;
	if (t->n >= t->nb)
		grow(t);
	e = nw_xcalloc(1, sizeof(*e));
	memcpy(e->key, k, NL_TAB_KEY);
	h = hash(t, k) & (t->nb - 1);
	e->next = t->b[h];
	t->b[h] = e;
	t->n++;
	if (created)
		*created = true;
	return e;
}

void nl_tab_del(struct nl_tab *t, struct nl_tab_entry *e)
{
	struct nl_tab_entry **p = &t->b[hash(t, e->key) & (t->nb - 1)];

	for (; *p; p = &(*p)->next)
		if (*p == e) {
			*p = e->next;
			t->n--;
			free(e);
			return;
		}
}

void nl_tab_sweep(struct nl_tab *t, void (*fn)(struct nl_tab_entry *e, void *arg), void *arg)
{
	struct nl_tab_entry **p, *e;

	for (size_t i = 0; i < t->nb; i++)
		for (p = &t->b[i]; (e = *p);) {
			if (e->gen == t->gen) {
				p = &e->next;
				continue;
			}
			if (fn)
				fn(e, arg);
			*p = e->next;
			t->n--;
			free(e);
		}
}
