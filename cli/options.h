/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Command-line options: tcpdump's letters where they overlap (-i -n -c -s -r
 * -w -D -B), GNU long options, a trailing pcap filter.  Parsing is pure (no
 * I/O besides the error text it returns) so it is unit-tested on bad input.
 */
#ifndef NW_CLI_OPTIONS_H
#define NW_CLI_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NW_OPT_MAX_LIST 32

enum nw_cmd {
	NW_CMD_LIVE,         /* the default: watch */
	NW_CMD_HELP,
	NW_CMD_VERSION,
	NW_CMD_LIST_IFACES,  /* -D */
	NW_CMD_LAB,          /* netwhy lab ... (argv handed to the lab) */
	NW_CMD_EXPLAIN,      /* netwhy explain ... */
	NW_CMD_COUNT
};

struct nw_opts {
	enum nw_cmd cmd;
	const char *ifaces[NW_OPT_MAX_LIST];   /* -i, repeatable */
	size_t n_ifaces;
	const char *netns[NW_OPT_MAX_LIST];    /* --netns, repeatable */
	size_t n_netns;
	const char *containers[NW_OPT_MAX_LIST]; /* --container, repeatable */
	size_t n_containers;
	const char *read_file;    /* -r */
	const char *write_file;   /* -w */
	const char *theme;        /* --theme */
	const char *report_file;  /* --report (explain) */
	char *filter;             /* trailing pcap filter, joined with spaces; owned */
	uint64_t count;           /* -c, 0 = unlimited */
	uint32_t snaplen;         /* -s, 0 = default */
	uint32_t buffer_kib;      /* -B, 0 = default */
	double duration;          /* --duration SEC, 0 = until stopped */
	uint64_t mem_cap_mib;     /* --mem-cap MIB */
	bool json;                /* --json */
	bool no_resolve;          /* -n (netwhy never resolves names; accepted for tcpdump habits) */
	bool no_color;            /* --no-color or NO_COLOR */
	bool no_bpf;              /* --no-bpf */
	bool no_capture;          /* --no-capture */
	int verbose;              /* -v, repeatable */
	int sub_argc;             /* lab/explain: arguments after the subcommand */
	char **sub_argv;
};

#define NW_OPT_ERRLEN 256

/*
 * Parses argv into opts.  Returns 0, or -EINVAL with a message in err
 * ("option -c needs a positive number, got 'x'").  env_no_color is the value
 * of NO_COLOR (NULL when unset).  argv is not modified.
 */
int nw_opts_parse(struct nw_opts *opts, int argc, char *const argv[], const char *env_no_color,
		  char *err, size_t errlen);
void nw_opts_free(struct nw_opts *opts);

/* The --help text. */
const char *nw_opts_usage(void);

#endif
