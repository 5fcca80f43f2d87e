/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Command-line parsing: see options.h. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/options.h"
#include "core/util.h"

enum {
	OPT_JSON = 256,
	OPT_DURATION,
	OPT_NETNS,
	OPT_CONTAINER,
	OPT_POD,
	OPT_THEME,
	OPT_NO_COLOR,
	OPT_NO_BPF,
	OPT_NO_CAPTURE,
	OPT_MEM_CAP,
	OPT_REPORT,
};

/* A leading colon makes getopt tell a missing value apart from an unknown option. */
static const char short_opts[] = ":hVDi:c:s:r:w:B:nv";

static const struct option long_opts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "list-interfaces", no_argument, NULL, 'D' },
	{ "interface", required_argument, NULL, 'i' },
	{ "count", required_argument, NULL, 'c' },
	{ "snapshot-length", required_argument, NULL, 's' },
	{ "read", required_argument, NULL, 'r' },
	{ "write", required_argument, NULL, 'w' },
	{ "buffer-size", required_argument, NULL, 'B' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "duration", required_argument, NULL, OPT_DURATION },
	{ "netns", required_argument, NULL, OPT_NETNS },
	{ "container", required_argument, NULL, OPT_CONTAINER },
	{ "pod", required_argument, NULL, OPT_POD },
	{ "theme", required_argument, NULL, OPT_THEME },
	{ "no-color", no_argument, NULL, OPT_NO_COLOR },
	{ "no-colour", no_argument, NULL, OPT_NO_COLOR },
	{ "no-bpf", no_argument, NULL, OPT_NO_BPF },
	{ "no-capture", no_argument, NULL, OPT_NO_CAPTURE },
	{ "mem-cap", required_argument, NULL, OPT_MEM_CAP },
	{ "report", required_argument, NULL, OPT_REPORT },
	{ NULL, 0, NULL, 0 },
};

static const char usage_text[] =
	"Usage: netwhy [OPTIONS] [PCAP-FILTER]\n"
	"       netwhy explain [OPTIONS] [PCAP-FILTER]\n"
	"       netwhy lab list | describe NAME | up NAME | run NAME [--duration SEC] | status NAME\n"
	"                  | down NAME\n"
	"\n"
	"Shows, side by side and live, the packets on the wire, the neighbour (ARP/NDP)\n"
	"state machine, what the qdiscs did with each packet and the errors of every\n"
	"socket, and explains a drop from the symptom to the layer that caused it.\n"
	"\n"
	"Scope:\n"
	"  -i, --interface IFACE     capture on IFACE (repeatable; 'any' loses MAC addresses)\n"
	"      --netns SPEC          a network namespace: NAME (/run/netns), PATH, pid:N or all\n"
	"                            (repeatable; default: the namespace netwhy runs in)\n"
	"      --container NAME      the network namespace of a container: name, id or prefix\n"
	"      --pod NS/NAME         the network namespace of a Kubernetes pod\n"
	"  PCAP-FILTER               a pcap-filter(7) expression for the packets\n"
	"\n"
	"Capture (tcpdump's letters):\n"
	"  -c, --count N             stop after N packets\n"
	"  -s, --snapshot-length N   bytes kept of each packet (default 262144)\n"
	"  -B, --buffer-size KIB     kernel capture buffer per interface in KiB\n"
	"  -r, --read FILE           replay a pcap or pcapng recording (no root needed)\n"
	"  -w, --write FILE          record packets and kernel events to a pcapng file\n"
	"  -D, --list-interfaces     list the interfaces that can be captured and exit\n"
	"  -n                        accepted for tcpdump habits (netwhy never resolves names)\n"
	"\n"
	"Output:\n"
	"      --json                stream every event as JSON Lines on stdout\n"
	"      --duration SEC        stop after SEC seconds (fractions allowed)\n"
	"      --report FILE         (explain) write a Markdown report to FILE\n"
	"      --theme NAME          colour theme (default, light, mono, high-contrast)\n"
	"      --no-color            no colours (also when NO_COLOR is set)\n"
	"\n"
	"Sources:\n"
	"      --no-bpf              do not load the BPF tracepoint probes\n"
	"      --no-capture          do not capture packets\n"
	"      --mem-cap MIB         memory cap for stored events (default 256)\n"
	"  -v, --verbose             more messages (repeatable)\n"
	"\n"
	"  -h, --help                this text\n"
	"  -V, --version             version\n"
	"\n"
	"Exit status: 0 success, 1 runtime error, 2 bad usage or input,\n"
	"4 missing privilege (the message names the capability).\n";

const char *nw_opts_usage(void)
{
	return usage_text;
}

static int fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* A whole decimal number in [min, max]; no sign, no trailing junk. */
static bool parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (!s || *s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

static bool parse_seconds(const char *s, double *out)
{
	char *end;
	double v;

	if (!s || !*s)
		return false;
	errno = 0;
	v = strtod(s, &end);
	if (errno || *end || !isfinite(v) || v <= 0 || v > 365.0 * 86400)
		return false;
	*out = v;
	return true;
}

static int push_list(const char **list, size_t *n, const char *v, const char *what, char *err,
		     size_t errlen)
{
	if (!*v)
		return fail(err, errlen, "%s needs a non-empty value", what);
	if (*n >= NW_OPT_MAX_LIST)
		return fail(err, errlen, "too many %s options (at most %d)", what, NW_OPT_MAX_LIST);
	list[(*n)++] = v;
	return 0;
}

static int join_filter(struct nw_opts *opts, int argc, char *const argv[], int first)
{
	size_t len = 0;
	int i;

	if (first >= argc)
		return 0;
	for (i = first; i < argc; i++)
		len += strlen(argv[i]) + 1;
	opts->filter = nw_xmalloc(len);
	opts->filter[0] = '\0';
	for (i = first; i < argc; i++) {
		if (i > first)
			strcat(opts->filter, " ");
		strcat(opts->filter, argv[i]);
	}
	return 0;
}

static int parse_one(struct nw_opts *opts, int c, const char *arg, const char *name, char *err,
		     size_t errlen)
{
	uint64_t v;

	switch (c) {
	case 'h':
		opts->cmd = NW_CMD_HELP;
		return 0;
	case 'V':
		opts->cmd = NW_CMD_VERSION;
		return 0;
	case 'D':
		opts->cmd = NW_CMD_LIST_IFACES;
		return 0;
	case 'i':
		return push_list(opts->ifaces, &opts->n_ifaces, arg, "-i", err, errlen);
	case 'c':
		if (!parse_u64(arg, 1, UINT64_MAX, &v))
			return fail(err, errlen, "-c needs a positive whole number of packets, got '%s'", arg);
		opts->count = v;
		return 0;
	case 's':
		if (!parse_u64(arg, 0, 262144, &v))
			return fail(err, errlen, "-s needs a snapshot length from 0 to 262144 bytes, got '%s'", arg);
		opts->snaplen = v ? (uint32_t)v : 262144;
		return 0;
	case 'B':
		if (!parse_u64(arg, 1, 4u * 1024 * 1024, &v))
			return fail(err, errlen, "-B needs a buffer size in KiB from 1 to 4194304, got '%s'", arg);
		opts->buffer_kib = (uint32_t)v;
		return 0;
	case 'r':
		if (!*arg)
			return fail(err, errlen, "-r needs a file name");
		opts->read_file = arg;
		return 0;
	case 'w':
		if (!*arg)
			return fail(err, errlen, "-w needs a file name");
		opts->write_file = arg;
		return 0;
	case 'n':
		opts->no_resolve = true;
		return 0;
	case 'v':
		opts->verbose++;
		return 0;
	case OPT_JSON:
		opts->json = true;
		return 0;
	case OPT_DURATION:
		if (!parse_seconds(arg, &opts->duration))
			return fail(err, errlen,
				    "--duration needs a number of seconds above 0 and at most 31536000 "
				    "(365 days), got '%s'",
				    arg);
		return 0;
	case OPT_NETNS:
		return push_list(opts->netns, &opts->n_netns, arg, "--netns", err, errlen);
	case OPT_CONTAINER:
		if (strchr(arg, '/'))
			return fail(err, errlen, "--container %s: a container name has no '/' (a pod is --pod NS/NAME)",
				    arg);
		return push_list(opts->containers, &opts->n_containers, arg, "--container", err, errlen);
	case OPT_POD:
		/* Pods go with the containers: probes/netns.c tells them apart by the '/'. */
		if (!strchr(arg, '/'))
			return fail(err, errlen, "--pod %s: a pod is NAMESPACE/NAME (kubectl get pods -A)", arg);
		return push_list(opts->containers, &opts->n_containers, arg, "--pod", err, errlen);
	case OPT_THEME:
		if (!*arg)
			return fail(err, errlen, "--theme needs a theme name");
		opts->theme = arg;
		return 0;
	case OPT_NO_COLOR:
		opts->no_color = true;
		return 0;
	case OPT_NO_BPF:
		opts->no_bpf = true;
		return 0;
	case OPT_NO_CAPTURE:
		opts->no_capture = true;
		return 0;
	case OPT_MEM_CAP:
		if (!parse_u64(arg, 16, 1024 * 1024, &v))
			return fail(err, errlen, "--mem-cap needs a size in MiB from 16 to 1048576, got '%s'", arg);
		opts->mem_cap_mib = v;
		return 0;
	case OPT_REPORT:
		if (!*arg)
			return fail(err, errlen, "--report needs a file name");
		opts->report_file = arg;
		return 0;
	default:
		return fail(err, errlen, "unknown option %s", name);
	}
}

/* The name of the option at argv[i] as the user typed it, for messages. */
static const char *typed(char *const argv[], int argc, int i)
{
	return (i > 0 && i < argc) ? argv[i] : "?";
}

int nw_opts_parse(struct nw_opts *opts, int argc, char *const argv[], const char *env_no_color,
		  char *err, size_t errlen)
{
	char **args;
	int first = 1, rc = 0, c, idx;

	memset(opts, 0, sizeof(*opts));
	opts->cmd = NW_CMD_LIVE;
	opts->snaplen = 262144;
	opts->mem_cap_mib = 256;
	opts->no_color = env_no_color && *env_no_color;
	err[0] = '\0';

	if (argc > 1 && strcmp(argv[1], "lab") == 0) {
		opts->cmd = NW_CMD_LAB;
		opts->sub_argc = argc - 1;
		opts->sub_argv = (char **)argv + 1;
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "explain") == 0)
		first = 2;

	/* getopt permutes its argv: work on a copy so the caller's stays intact. */
	args = nw_xcalloc((size_t)argc + 1, sizeof(*args));
	args[0] = argv[0];
	for (c = first; c < argc; c++)
		args[c - first + 1] = argv[c];
	argc = argc - first + 1;

	opterr = 0;
	optind = 0; /* glibc: full re-initialisation, so the parser can run more than once */
	while ((c = getopt_long(argc, args, short_opts, long_opts, &idx)) != -1) {
		if (c == ':') {
			if (optopt > 0 && optopt < 256)
				rc = fail(err, errlen, "option -%c needs a value", optopt);
			else
				rc = fail(err, errlen, "option %s needs a value", typed(args, argc, optind - 1));
			goto out;
		}
		if (c == '?') {
			if (optopt > 0 && optopt < 256)
				rc = fail(err, errlen, "unknown option -%c", optopt);
			else
				rc = fail(err, errlen, "unknown option %s", typed(args, argc, optind - 1));
			goto out;
		}
		rc = parse_one(opts, c, optarg, typed(args, argc, optind - 1), err, errlen);
		if (rc)
			goto out;
	}
	if (first == 2 && (opts->cmd == NW_CMD_LIVE))
		opts->cmd = NW_CMD_EXPLAIN;
	else if (first == 2 && opts->cmd == NW_CMD_LIST_IFACES) {
		rc = fail(err, errlen, "-D cannot be combined with explain");
		goto out;
	}
	if (opts->report_file && first != 2) {
		rc = fail(err, errlen, "--report belongs to 'netwhy explain'");
		goto out;
	}
	if (opts->read_file && (opts->n_ifaces || opts->n_netns || opts->n_containers)) {
		rc = fail(err, errlen, "-r replays a recording: it cannot be combined with -i, --netns, --container or --pod");
		goto out;
	}
	if (opts->read_file && opts->write_file && strcmp(opts->read_file, opts->write_file) == 0) {
		rc = fail(err, errlen, "-r and -w name the same file");
		goto out;
	}
	join_filter(opts, argc, args, optind);
out:
	free(args);
	if (rc)
		nw_opts_free(opts);
	return rc;
}

void nw_opts_free(struct nw_opts *opts)
{
	free(opts->filter);
	opts->filter = NULL;
}
