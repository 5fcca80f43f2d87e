/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * netwhy's entry point: the only place that knows every module.  It parses
 * the options, checks privileges, wires the sources to the bus and the bus to
 * the consumers, runs the loop, and tears everything down in reverse order.
 */
#include <errno.h>
#include <pcap/pcap.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/signalfd.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "capture/l2check.h"
#include "cli/caps.h"
#include "cli/jout.h"
#include "cli/lab_cmd.h"
#include "cli/main.h"
#include "cli/options.h"
#include "core/bus.h"
#include "core/diag/correlate.h"
#include "core/diag/explain.h"
#include "core/json.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/names.h"
#include "core/diag/report.h"
#include "core/util.h"
#include "probes/btf_names.h"
#include "themes/theme.h"
#include "tui/tui.h"

struct nw_app {
	struct nw_opts opts;
	struct nw_loop *loop;
	struct nw_bus *bus;
	int sig_fd;
	int exit_code;
	struct nw_tui *tui;
	struct nw_models *models;
	struct nw_jbuf out;
	struct nw_jout *jout;	/* --json: stdout, never blocking the loop */
	uint64_t jout_reported; /* lost lines a json:stdout source event has told */
	uint64_t packets;
	uint64_t explained;
	uint64_t started;
};

/* Explanations are settled this long after their last evidence before they are printed. */
#define EXPLAIN_SETTLE_NS 2000000000ull
#define MODELS_PERIOD_NS 200000000ull

static void on_signal(struct nw_loop *loop, int fd, unsigned events, void *arg)
{
	struct nw_app *app = arg;
	struct signalfd_siginfo si;

	if (read(fd, &si, sizeof(si)) == (ssize_t)sizeof(si))
		nw_info("stopping on signal %u", si.ssi_signo);
	app->exit_code = 0;
	nw_loop_stop(loop);
}

static bool on_duration(struct nw_loop *loop, void *arg)
{
	nw_loop_stop(loop);
	return false;
}

/* Stops the run when the JSON reader is gone. */
static void json_check(struct nw_app *app)
{
	struct nw_jout_stats st;

	nw_jout_stats(app->jout, &st);
	if (st.err && !nw_loop_stopped(app->loop)) {
		/* stdout gone (a closed pipe): nobody reads us any more. */
		app->exit_code = st.err == -EPIPE ? 0 : 1;
		nw_loop_stop(app->loop);
	}
}

static void json_line(struct nw_app *app, const char *data, size_t len)
{
	nw_jout_put(app->jout, data, len);
	json_check(app);
}

/* -c ends a headless run (--json, or -w with no terminal) after its last packet. */
static void count_packets(const struct nw_event *ev, void *arg)
{
	struct nw_app *app = arg;

	if (ev->type == NW_EV_PACKET && app->opts.count && ++app->packets >= app->opts.count)
		nw_loop_stop(app->loop);
}

static void json_out(const struct nw_event *ev, void *arg)
{
	struct nw_app *app = arg;

	if (ev->type == NW_EV_EXPLANATION)
		return; /* print_explanation writes it whole */
	nw_jbuf_reset(&app->out);
	nw_json_event(&app->out, ev);
	json_line(app, app->out.data, app->out.len);
	count_packets(ev, app);
}

/*
 * Lines the slow reader made us drop are told in the stream itself, as the
 * health of a source named json:stdout, once there is room for the report.
 */
static void json_report_loss(struct nw_app *app)
{
	struct nw_jout_stats st;
	struct nw_event ev;

	nw_jout_stats(app->jout, &st);
	if (st.lost == app->jout_reported || st.room < 4096)
		return;
	app->jout_reported = st.lost;
	nw_event_init(&ev, NW_EV_SOURCE, NW_ORIGIN_PROC);
	nw_strlcpy(ev.u.source.name, "json:stdout", sizeof(ev.u.source.name));
	ev.u.source.state = NW_SOURCE_DEGRADED;
	ev.u.source.delivered = st.written;
	ev.u.source.lost = st.lost;
	snprintf(ev.u.source.detail, sizeof(ev.u.source.detail),
		 "the JSON reader is slower than the events: %llu lines dropped, "
		 "its %zu MiB queue full; read faster or narrow the filter",
		 (unsigned long long)st.lost, st.limit >> 20);
	nw_bus_submit(app->bus, &ev);
}

/*
 * The end of the run waits for the reader (a second signal stops waiting),
 * then tells the final count in the stream and on stderr.
 */
static void json_finish(struct nw_app *app)
{
	struct nw_jout_stats st;

	nw_jout_drain(app->jout);
	json_report_loss(app);
	nw_jout_drain(app->jout);
	nw_jout_stats(app->jout, &st);
	if (st.lost)
		fprintf(stderr,
			"netwhy: %llu JSON lines were dropped: the reader was slower than the events "
			"(source json:stdout counts them)\n",
			(unsigned long long)st.lost);
}

/*
 * An explanation goes on the bus as an event (recordings keep it, it gets an
 * id); the JSON printer skips that short form, printed here in full with
 * the same id.
 */
static void print_explanation(const struct nw_explanation *x, void *arg)
{
	struct nw_app *app = arg;
	struct nw_event ev;

	nw_explanation_to_event(x, &ev);
	nw_bus_submit(app->bus, &ev);
	nw_jbuf_reset(&app->out);
	if (app->opts.json) {
		nw_explanation_json(x, ev.id, &app->out);
	} else {
		nw_explanation_text(x, &app->out);
		nw_jbuf_raw(&app->out, "\n", 1);
	}
	if (app->jout) {
		json_line(app, app->out.data, app->out.len);
	} else {
		fwrite(app->out.data, 1, app->out.len, stdout);
		fflush(stdout);
	}
	app->explained++;
}

/* Findings become bus events; headless runs print what is explained. */
static bool on_models_tick(struct nw_loop *loop, void *arg)
{
	struct nw_app *app = arg;

	nw_models_flush(app->models);
	/* A JSON Lines reader (tail -f, jq) sees each event within one tick, without a write per event. */
	if (app->jout) {
		json_report_loss(app);
		nw_jout_flush(app->jout);
		json_check(app);
	}
	if (app->opts.json || app->opts.cmd == NW_CMD_EXPLAIN) {
		nw_explain_pending(app->models, nw_now_mono(), EXPLAIN_SETTLE_NS, false, print_explanation, app);
		/* `netwhy explain` without --duration stops at the first explained symptom. */
		if (app->opts.cmd == NW_CMD_EXPLAIN && app->opts.duration <= 0 && !app->opts.read_file &&
		    app->explained)
			nw_loop_stop(loop);
	}
	return true;
}

/* The report file is created like the recording: no symlink followed. */
static int write_report(struct nw_app *app)
{
	struct utsname u;
	char kernel[256], version[64];
	struct nw_report_info info = { .version = version, .kernel = kernel, .command = "netwhy explain" };
	char scope[256];
	FILE *f;
	int fd, rc;

	if (uname(&u) == 0)
		snprintf(kernel, sizeof(kernel), "%s %s %s", u.sysname, u.release, u.version);
	else
		snprintf(kernel, sizeof(kernel), "unknown");
	snprintf(version, sizeof(version), "netwhy %s", PACKAGE_VERSION);
	nw_sources_scope_text(&app->opts, scope, sizeof(scope));
	info.scope = scope;
	info.duration_ns = nw_now_mono() - app->started;
	fd = open(app->opts.report_file, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0) {
		fprintf(stderr, "netwhy: cannot write the report %s: %s\n", app->opts.report_file, strerror(errno));
		return -errno;
	}
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		return -ENOMEM;
	}
	rc = nw_report_write(f, app->models, &info);
	if (fclose(f) != 0 && !rc)
		rc = -errno;
	if (rc)
		fprintf(stderr, "netwhy: writing the report %s failed: %s\n", app->opts.report_file, strerror(-rc));
	return rc;
}

static int list_interfaces(void)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	pcap_if_t *devs, *d;
	int i = 1;

	if (pcap_findalldevs(&devs, errbuf) < 0) {
		fprintf(stderr, "netwhy: cannot list interfaces: %s\n", errbuf);
		return NW_EXIT_RUNTIME;
	}
	for (d = devs; d; d = d->next, i++) {
		printf("%d.%s", i, d->name);
		if (d->description)
			printf(" (%s)", d->description);
		printf(" [%s%s%s]\n", (d->flags & PCAP_IF_UP) ? "Up" : "Down",
		       (d->flags & PCAP_IF_RUNNING) ? ", Running" : "",
		       (d->flags & PCAP_IF_LOOPBACK) ? ", Loopback" : "");
	}
	pcap_freealldevs(devs);
	return NW_EXIT_OK;
}

/*
 * Live observation needs privileges.  With none of them this is almost
 * certainly a missing sudo: say which capabilities and how to grant them.
 * With some, the sources that lack theirs report it and the rest runs.
 */
static int check_privileges(const struct nw_opts *opts)
{
	unsigned needs = 0;
	char missing[160];
	uint64_t have = nw_caps_effective();

	if (!opts->no_capture)
		needs |= NW_NEED_CAPTURE;
	if (!opts->no_bpf)
		needs |= NW_NEED_BPF;
	if (opts->n_netns || opts->n_containers)
		needs |= NW_NEED_NETNS;
	if (!needs)
		return 0;
	if (nw_caps_missing(have, needs, missing, sizeof(missing)) == 0)
		return 0;
	if (needs & NW_NEED_NETNS) {
		char ns_missing[64];

		if (nw_caps_missing(have, NW_NEED_NETNS, ns_missing, sizeof(ns_missing))) {
			fprintf(stderr,
				"netwhy: entering other network namespaces needs %s: run as root "
				"(sudo netwhy ...), or leave out --netns/--container\n",
				ns_missing);
			return -EPERM;
		}
	}
	{
		char cap_missing[64], bpf_missing[64];
		int nc = (needs & NW_NEED_CAPTURE) ?
				 nw_caps_missing(have, NW_NEED_CAPTURE, cap_missing, sizeof(cap_missing)) : 0;
		int nb = (needs & NW_NEED_BPF) ?
				 nw_caps_missing(have, NW_NEED_BPF, bpf_missing, sizeof(bpf_missing)) : 0;
		bool can_capture = !(needs & NW_NEED_CAPTURE) || nc == 0;
		bool can_bpf = !(needs & NW_NEED_BPF) || nb == 0;

		if (!can_capture && !can_bpf) {
			fprintf(stderr,
				"netwhy: needs %s to watch this host: run as root (sudo netwhy), or grant them "
				"with 'setcap cap_net_raw,cap_net_admin,cap_bpf,cap_perfmon,cap_syslog+ep %s'; "
				"replaying a recording (-r FILE) needs no privilege\n",
				missing, "$(command -v netwhy)");
			return -EPERM;
		}
		if (!can_capture)
			nw_warn("packet capture off: needs %s (run as root, or use --no-capture)", cap_missing);
		if (!can_bpf)
			nw_warn("kernel probes off: needs %s (run as root, or use --no-bpf)", bpf_missing);
	}
	return 0;
}

/*
 * The kernel's BTF is world-readable where tracefs is not: a replay without
 * root still names drop reasons.  core/names.c calls this, lazily, only when
 * tracefs could not name them.
 */
static void drop_reasons_from_btf(void)
{
	nw_btf_names_load_drop_reasons(NULL);
}

static bool kernel_older_than(int major, int minor)
{
	struct utsname u;
	int ma = 0, mi = 0;

	if (uname(&u) < 0 || sscanf(u.release, "%d.%d", &ma, &mi) != 2)
		return true; /* unknown: assume the older, more demanding kernel */
	return ma < major || (ma == major && mi < minor);
}

/*
 * Everything is open: keep only the capabilities the running sources still
 * use (cli/caps.c says which and why) and drop the rest for good.
 */
static void drop_privileges(const struct nw_app *app)
{
	const struct nw_opts *o = &app->opts;
	bool live = !o->read_file;
	unsigned needs = 0;
	uint64_t kept;
	char err[160], names[160];

	if (live && !o->no_capture)
		needs |= NW_NEED_CAPTURE;
	if (live && !o->no_bpf) {
		needs |= NW_NEED_SYMBOLS;
		if (kernel_older_than(6, 5))
			needs |= NW_NEED_BPF;
	}
	if (live && (o->n_netns || o->n_containers))
		needs |= NW_NEED_NETNS;
	if (app->tui || o->report_file)
		needs |= NW_NEED_FILES;
	if (nw_caps_drop_to(nw_caps_runtime_set(needs), &kept, err, sizeof(err)) < 0) {
		nw_warn("could not drop the capabilities netwhy no longer needs (%s): it keeps them", err);
		return;
	}
	nw_caps_names(kept, names, sizeof(names));
	nw_info("capabilities after start-up: %s (every other one dropped, no_new_privs set)", names);
}

static int app_setup_loop(struct nw_app *app)
{
	sigset_t mask;
	int rc;

	app->loop = nw_loop_new();
	/*
	 * One memory budget (--mem-cap): half for the stored events, a quarter for
	 * packet bytes (cli/sources.c), the rest for the models and the screen.
	 */
	app->bus = nw_bus_new((size_t)app->opts.mem_cap_mib * 1024 * 1024 / 2 / sizeof(struct nw_event));
	if (!app->loop || !app->bus)
		return -ENOMEM;

	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0)
		return -errno;
	app->sig_fd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	if (app->sig_fd < 0)
		return -errno;
	rc = nw_loop_add_fd(app->loop, app->sig_fd, NW_LOOP_IN, on_signal, app);
	if (rc)
		return rc;
	if (app->opts.duration > 0) {
		int64_t id = nw_loop_add_timer(app->loop, (uint64_t)(app->opts.duration * 1e9), 0,
					       on_duration, app);
		if (id < 0)
			return (int)id;
	}
	return 0;
}

static void app_teardown(struct nw_app *app)
{
	nw_jout_free(app->jout);
	app->jout = NULL;
	nw_models_free(app->models);
	app->models = NULL;
	nw_jbuf_free(&app->out);
	if (app->sig_fd >= 0)
		close(app->sig_fd);
	nw_bus_free(app->bus);
	nw_loop_free(app->loop);
}

static int run_live(struct nw_app *app)
{
	int rc;

	if (!app->opts.read_file && check_privileges(&app->opts) < 0)
		return NW_EXIT_PRIVILEGE;

	rc = app_setup_loop(app);
	if (rc) {
		fprintf(stderr, "netwhy: cannot set up the event loop: %s\n", strerror(-rc));
		return NW_EXIT_RUNTIME;
	}
	nw_jbuf_init(&app->out);
	app->started = nw_now_mono();
	app->models = nw_models_new(app->bus, NULL);
	if (!app->models || nw_loop_add_timer(app->loop, MODELS_PERIOD_NS, MODELS_PERIOD_NS, on_models_tick, app) < 0) {
		fprintf(stderr, "netwhy: cannot set up the models\n");
		app_teardown(app);
		return NW_EXIT_RUNTIME;
	}
	if (app->opts.cmd == NW_CMD_EXPLAIN) {
		/* Headless: only explanations are printed (text, or JSON Lines with --json). */
	} else if (app->opts.write_file && !app->opts.json &&
		   !(isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))) {
		/* tcpdump -w in a script or a pipe: record, no screen; the count is said at exit. */
		nw_bus_subscribe(app->bus, count_packets, app);
	} else if (app->opts.json) {
		/*
		 * The output queue takes a sixteenth of the memory budget (the
		 * screen's share, unused here).  SIGPIPE is ignored: a reader that
		 * goes away ends the run with EPIPE and the usual teardown.
		 */
		signal(SIGPIPE, SIG_IGN);
		app->jout = nw_jout_open(app->loop, STDOUT_FILENO, (size_t)app->opts.mem_cap_mib * 1024 * 1024 / 16,
					 app->sig_fd, app->opts.read_file != NULL);
		nw_bus_subscribe(app->bus, json_out, app);
	} else {
		/* The screen subscribes before the sources start, so it sees their first dumps. */
		char scope[256];
		struct nw_tui_opts to = {
			.theme = app->opts.theme,
			.no_color = app->opts.no_color,
			.replay = app->opts.read_file != NULL,
			.scope = scope,
			.packet_bytes = nw_sources_packet_bytes,
			.models = app->models,
			/* Live captures take a new filter from the prompt; a replay's file is read already. */
			.set_capture_filter = app->opts.read_file ? NULL : nw_sources_set_filter,
			.capture_filter = app->opts.filter,
			.l2_flag_name = nw_l2_flag_name,
		};

		nw_sources_scope_text(&app->opts, scope, sizeof(scope));
		app->tui = nw_tui_new(app->loop, app->bus, &to);
		if (!app->tui) {
			/*
			 * nw_tui_new() logged why, with echo on: it is on stderr already.  No
			 * terminal, or one that cannot draw (TERM=dumb), is a usage problem
			 * whose way out the message names (--json, -w, a terminal type).
			 */
			app_teardown(app);
			return NW_EXIT_USAGE;
		}
	}

	rc = nw_sources_open(app->loop, app->bus, &app->opts);
	if (rc) {
		nw_tui_free(app->tui);
		app_teardown(app);
		return rc;
	}
	drop_privileges(app);
	rc = nw_loop_run(app->loop);
	/* The terminal comes back before the sources' last words are logged. */
	nw_tui_free(app->tui);
	app->tui = NULL;
	nw_sources_close();
	if (!app->exit_code)
		app->exit_code = nw_sources_exit_code();
	if (app->opts.json || app->opts.cmd == NW_CMD_EXPLAIN) {
		/* What the end of the run settled: print it all. */
		nw_models_flush(app->models);
		nw_explain_pending(app->models, nw_now_mono(), 0, true, print_explanation, app);
	}
	if (app->opts.report_file && write_report(app) < 0 && !app->exit_code)
		app->exit_code = NW_EXIT_RUNTIME;
	if (app->opts.cmd == NW_CMD_EXPLAIN && !app->explained && !app->opts.json)
		printf("netwhy explain: no symptom seen%s\n",
		       app->opts.read_file ? " in the recording" : " while watching");
	if (app->jout)
		json_finish(app);
	fflush(stdout);
	app_teardown(app);
	if (rc) {
		fprintf(stderr, "netwhy: event loop failed: %s\n", strerror(-rc));
		return NW_EXIT_RUNTIME;
	}
	return app->exit_code;
}

int main(int argc, char **argv)
{
	struct nw_app app = { .sig_fd = -1 };
	char err[NW_OPT_ERRLEN];
	int rc;

	if (nw_opts_parse(&app.opts, argc, argv, getenv("NO_COLOR"), err, sizeof(err)) < 0) {
		fprintf(stderr, "netwhy: %s\nTry 'netwhy --help' for more information.\n", err);
		return NW_EXIT_USAGE;
	}
	switch (app.opts.cmd) {
	case NW_CMD_HELP:
		fputs(nw_opts_usage(), stdout);
		rc = NW_EXIT_OK;
		break;
	case NW_CMD_VERSION:
		printf("netwhy %s\n", PACKAGE_VERSION);
		rc = NW_EXIT_OK;
		break;
	case NW_CMD_LIST_IFACES:
		rc = list_interfaces();
		break;
	case NW_CMD_LAB:
		rc = nw_lab_cmd(app.opts.sub_argc, app.opts.sub_argv);
		break;
	case NW_CMD_EXPLAIN:
	case NW_CMD_LIVE:
	default:
		/* A theme that does not exist is a bad value in every mode, also where nothing is drawn. */
		if (app.opts.theme) {
			struct nw_theme *t = nw_theme_find(app.opts.theme, err, sizeof(err));

			if (!t) {
				fprintf(stderr, "netwhy: --theme: %s\n", err);
				rc = NW_EXIT_USAGE;
				break;
			}
			nw_theme_free(t);
		}
		nw_log_init(1024);
		nw_log_set_echo(true, app.opts.verbose ? NW_LOG_DEBUG : NW_LOG_WARN);
		nw_names_init_system();
		nw_names_set_drop_reason_fallback(drop_reasons_from_btf);
		app.exit_code = NW_EXIT_OK;
		rc = run_live(&app);
		nw_names_fini_system();
		nw_log_fini();
		break;
	}
	nw_opts_free(&app.opts);
	return rc;
}
