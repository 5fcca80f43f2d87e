/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Option parsing and capability arithmetic, including bad input. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "cli/caps.h"
#include "cli/options.h"

#define ARGV(...) ((char *const *)(const char *[]){ "netwhy", __VA_ARGS__, NULL })
#define ARGC(...) ((int)(sizeof((const char *[]){ "netwhy", __VA_ARGS__ }) / sizeof(char *)))
#define PARSE(o, env, err, ...) nw_opts_parse(o, ARGC(__VA_ARGS__), ARGV(__VA_ARGS__), env, err, sizeof(err))

static void test_defaults(void **state)
{
	struct nw_opts o;
	char err[NW_OPT_ERRLEN];
	const char *argv[] = { "netwhy", NULL };

	assert_int_equal(nw_opts_parse(&o, 1, (char *const *)argv, NULL, err, sizeof(err)), 0);
	assert_int_equal(o.cmd, NW_CMD_LIVE);
	assert_int_equal(o.snaplen, 262144);
	assert_int_equal(o.mem_cap_mib, 256);
	assert_null(o.filter);
	assert_false(o.no_color);
	nw_opts_free(&o);
}

static void test_tcpdump_letters_and_filter(void **state)
{
	struct nw_opts o;
	char err[NW_OPT_ERRLEN];

	assert_int_equal(PARSE(&o, NULL, err, "-n", "-i", "br0", "-i", "veth0", "-c", "10", "-s", "96",
			       "-w", "out.pcapng", "arp", "or", "icmp"), 0);
	assert_int_equal(o.n_ifaces, 2);
	assert_string_equal(o.ifaces[0], "br0");
	assert_string_equal(o.ifaces[1], "veth0");
	assert_int_equal(o.count, 10);
	assert_int_equal(o.snaplen, 96);
	assert_string_equal(o.write_file, "out.pcapng");
	assert_string_equal(o.filter, "arp or icmp");
	assert_true(o.no_resolve);
	nw_opts_free(&o);
}

static void test_options_after_filter_words(void **state)
{
	struct nw_opts o;
	char err[NW_OPT_ERRLEN];

	/* GNU permutation: an option after the filter still counts. */
	assert_int_equal(PARSE(&o, NULL, err, "icmp", "--json", "--duration", "2.5"), 0);
	assert_true(o.json);
	assert_true(o.duration > 2.49 && o.duration < 2.51);
	assert_string_equal(o.filter, "icmp");
	nw_opts_free(&o);
	/* After "--" everything is filter, even a leading dash. */
	assert_int_equal(PARSE(&o, NULL, err, "--json", "--", "-x"), 0);
	assert_string_equal(o.filter, "-x");
	nw_opts_free(&o);
}

static void test_long_options(void **state)
{
	struct nw_opts o;
	char err[NW_OPT_ERRLEN];

	assert_int_equal(PARSE(&o, "", err, "--netns", "all", "--netns=nwlab-htb-ctr", "--container",
			       "abc123", "--theme", "mono", "--no-bpf", "--no-capture", "--mem-cap", "64",
			       "--interface=eth0", "--count=3", "-vv"), 0);
	assert_int_equal(o.n_netns, 2);
	assert_string_equal(o.netns[1], "nwlab-htb-ctr");
	assert_int_equal(o.n_containers, 1);
	assert_string_equal(o.theme, "mono");
	assert_true(o.no_bpf);
	assert_true(o.no_capture);
	assert_int_equal(o.mem_cap_mib, 64);
	assert_int_equal(o.count, 3);
	assert_int_equal(o.verbose, 2);
	assert_false(o.no_color); /* NO_COLOR set but empty does not count */
	nw_opts_free(&o);
}

/* A pod is NAMESPACE/NAME and goes with the containers; a container name has no '/'. */
static void test_pod(void **state)
{
	struct nw_opts o;
	char err[NW_OPT_ERRLEN];

	assert_int_equal(PARSE(&o, "", err, "--container", "web1", "--pod", "shop/cart-7d9f"), 0);
	assert_int_equal(o.n_containers, 2);
	assert_string_equal(o.containers[1], "shop/cart-7d9f");
	nw_opts_free(&o);
	assert_int_not_equal(PARSE(&o, "", err, "--pod", "cart"), 0);
	assert_non_null(strstr(err, "NAMESPACE/NAME"));
	nw_opts_free(&o);
	assert_int_not_equal(PARSE(&o, "", err, "--container", "shop/cart"), 0);
	assert_non_null(strstr(err, "--pod"));
	nw_opts_free(&o);
}

static void test_no_color_env(void **state)
{
	struct nw_opts o;
	char err[NW_OPT_ERRLEN];

	assert_int_equal(PARSE(&o, "1", err, "--json"), 0);
	assert_true(o.no_color);
	nw_opts_free(&o);
	assert_int_equal(PARSE(&o, NULL, err, "--no-color"), 0);
	assert_true(o.no_color);
	nw_opts_free(&o);
}

static void test_commands(void **state)
{
	struct nw_opts o;
	char err[NW_OPT_ERRLEN];

	assert_int_equal(PARSE(&o, NULL, err, "--help"), 0);
	assert_int_equal(o.cmd, NW_CMD_HELP);
	assert_int_equal(PARSE(&o, NULL, err, "-V"), 0);
	assert_int_equal(o.cmd, NW_CMD_VERSION);
	assert_int_equal(PARSE(&o, NULL, err, "-D"), 0);
	assert_int_equal(o.cmd, NW_CMD_LIST_IFACES);
	assert_int_equal(PARSE(&o, NULL, err, "lab", "up", "htb-arp-drop", "--duration", "3"), 0);
	assert_int_equal(o.cmd, NW_CMD_LAB);
	assert_int_equal(o.sub_argc, 5);
	assert_string_equal(o.sub_argv[0], "lab");
	assert_string_equal(o.sub_argv[3], "--duration");
	assert_int_equal(PARSE(&o, NULL, err, "explain", "--duration", "5", "--report", "r.md", "-r", "x.pcapng"), 0);
	assert_int_equal(o.cmd, NW_CMD_EXPLAIN);
	assert_string_equal(o.report_file, "r.md");
	assert_string_equal(o.read_file, "x.pcapng");
	nw_opts_free(&o);
}

static void expect_error(int argc, char *const argv[], const char *needle)
{
	struct nw_opts o;
	char err[NW_OPT_ERRLEN];

	assert_int_equal(nw_opts_parse(&o, argc, argv, NULL, err, sizeof(err)), -EINVAL);
	if (!strstr(err, needle))
		fail_msg("error '%s' does not mention '%s'", err, needle);
	assert_null(o.filter);
}

#define EXPECT_ERROR(needle, ...) expect_error(ARGC(__VA_ARGS__), ARGV(__VA_ARGS__), needle)

static void test_bad_input(void **state)
{
	EXPECT_ERROR("unknown option --bogus", "--bogus");
	EXPECT_ERROR("unknown option -x", "-x");
	EXPECT_ERROR("-c needs a positive whole number", "-c", "0");
	EXPECT_ERROR("-c needs a positive whole number", "-c", "ten");
	EXPECT_ERROR("-c needs a positive whole number", "-c", "-5");
	EXPECT_ERROR("-c needs a positive whole number", "-c", "5x");
	EXPECT_ERROR("-c needs a positive whole number", "-c", "99999999999999999999999");
	EXPECT_ERROR("-s needs a snapshot length", "-s", "262145");
	EXPECT_ERROR("-B needs a buffer size", "-B", "0");
	EXPECT_ERROR("--duration needs a number of seconds above 0", "--duration", "0");
	EXPECT_ERROR("--duration needs a number of seconds above 0", "--duration", "nan");
	EXPECT_ERROR("--duration needs a number of seconds above 0", "--duration", "inf");
	EXPECT_ERROR("--duration needs a number of seconds above 0", "--duration", "1e300");
	EXPECT_ERROR("--mem-cap needs a size", "--mem-cap", "8");
	EXPECT_ERROR("option -i needs a value", "-i");
	EXPECT_ERROR("option --netns needs a value", "--netns");
	EXPECT_ERROR("--netns needs a non-empty value", "--netns", "");
	EXPECT_ERROR("-r needs a file name", "-r", "");
	EXPECT_ERROR("--report belongs to 'netwhy explain'", "--report", "x.md");
	EXPECT_ERROR("cannot be combined", "-r", "a.pcap", "-i", "eth0");
	EXPECT_ERROR("same file", "-r", "a.pcap", "-w", "a.pcap");
	EXPECT_ERROR("unknown option --json=1", "--json=1");
}

static void test_too_many_interfaces(void **state)
{
	const char *argv[2 + 2 * (NW_OPT_MAX_LIST + 1)];
	int i, argc = 1;

	argv[0] = "netwhy";
	for (i = 0; i <= NW_OPT_MAX_LIST; i++) {
		argv[argc++] = "-i";
		argv[argc++] = "eth0";
	}
	argv[argc] = NULL;
	expect_error(argc, (char *const *)argv, "too many -i");
}

static void test_caps(void **state)
{
	uint64_t m;
	char buf[128];

	assert_true(nw_caps_parse_hex("\t000001ffffffffff\n", &m));
	assert_int_equal(m, 0x000001ffffffffffULL);
	assert_false(nw_caps_parse_hex("\tzz\n", &m));
	assert_false(nw_caps_parse_hex("", &m));
	assert_false(nw_caps_parse_hex("00000000000000000", &m)); /* 17 digits */

	assert_int_equal(nw_caps_missing(0x000001ffffffffffULL, NW_NEED_CAPTURE | NW_NEED_BPF | NW_NEED_NETNS,
					 buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	assert_int_equal(nw_caps_missing(0, NW_NEED_CAPTURE | NW_NEED_BPF, buf, sizeof(buf)), 3);
	assert_string_equal(buf, "CAP_NET_RAW, CAP_BPF, CAP_PERFMON");
	/* CAP_SYS_ADMIN (bit 21) stands in for CAP_BPF and CAP_PERFMON. */
	assert_int_equal(nw_caps_missing(1ULL << 21, NW_NEED_BPF, buf, sizeof(buf)), 0);
	assert_int_equal(nw_caps_missing(1ULL << 13, NW_NEED_CAPTURE | NW_NEED_NETNS, buf, sizeof(buf)), 2);
	assert_string_equal(buf, "CAP_SYS_ADMIN, CAP_SYS_PTRACE");
	/* A short buffer truncates the text but still counts. */
	assert_int_equal(nw_caps_missing(0, NW_NEED_CAPTURE | NW_NEED_BPF, buf, 8), 3);
	assert_true(strlen(buf) < 8);
}

/* What a running netwhy keeps: each need brings its own capabilities, nothing else. */
static void test_caps_runtime(void **state)
{
	char buf[160];

	assert_int_equal(nw_caps_runtime_set(0), 0);
	assert_int_equal(nw_caps_runtime_set(NW_NEED_CAPTURE), 1ULL << 13);
	assert_int_equal(nw_caps_runtime_set(NW_NEED_FILES), 1ULL << 1);
	assert_int_equal(nw_caps_runtime_set(NW_NEED_BPF), 1ULL << 39);
	assert_int_equal(nw_caps_runtime_set(NW_NEED_NETNS), 1ULL << 21 | 1ULL << 19 | 1ULL << 12);
	assert_int_equal(nw_caps_runtime_set(NW_NEED_CAPTURE | NW_NEED_SYMBOLS), 1ULL << 13 | 1ULL << 34);
	nw_caps_names(nw_caps_runtime_set(NW_NEED_CAPTURE | NW_NEED_SYMBOLS | NW_NEED_FILES), buf, sizeof(buf));
	assert_string_equal(buf, "CAP_NET_RAW, CAP_SYSLOG, CAP_DAC_OVERRIDE");
	nw_caps_names(0, buf, sizeof(buf));
	assert_string_equal(buf, "none");
	/* A capability outside the table is named by number, not left out. */
	nw_caps_names(1ULL << 7 | 1ULL << 13, buf, sizeof(buf));
	assert_string_equal(buf, "CAP_NET_RAW, cap 7");
	nw_caps_names(nw_caps_runtime_set(NW_NEED_NETNS), buf, 10);
	assert_true(strlen(buf) < 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_tcpdump_letters_and_filter),
		cmocka_unit_test(test_options_after_filter_words),
		cmocka_unit_test(test_long_options),
		cmocka_unit_test(test_pod),
		cmocka_unit_test(test_no_color_env),
		cmocka_unit_test(test_commands),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_too_many_interfaces),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_caps_runtime),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
