// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * netwhy lab: locate the lab scripts and workloads, validate, exec bash.
 *
 * Where things are looked up, first match wins:
 *   scripts:   $NW_LAB_DIR, NW_SRCDIR/lab (running from the build tree),
 *              NW_PKGDATADIR/lab (installed)
 *   workloads: $NW_LAB_BIN, NW_BUILDDIR/lab/workloads, NW_PKGLIBEXECDIR
 * The build-tree paths are used only when this netwhy runs from the build
 * tree (/proc/self/exe is under NW_BUILDDIR), so an installed netwhy runs
 * the installed scripts even where the source tree still exists.
 */
#include "cli/lab_cmd.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define LAB_EXIT_FAIL 1
#define LAB_EXIT_USAGE 2
#define LAB_EXIT_NOT_ROOT 4

static bool lab_is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool lab_is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static bool lab_in_build_tree(void)
{
	char exe[PATH_MAX], builddir[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	size_t len;

	/* /proc/self/exe is resolved: compare with the resolved build directory. */
	if (n <= 0 || !realpath(NW_BUILDDIR, builddir))
		return false;
	exe[n] = '\0';
	len = strlen(builddir);
	return !strncmp(exe, builddir, len) && exe[len] == '/';
}

/* The lab directory: holds netwhy-lab.sh.  Returns 0 or -ENOENT. */
static int lab_find_dir(char *buf, size_t size, bool in_build_tree)
{
	const char *env = getenv("NW_LAB_DIR");

	if (env && *env) {
		snprintf(buf, size, "%s", env);
		return 0;
	}
	if (in_build_tree && lab_is_file(NW_SRCDIR "/lab/netwhy-lab.sh")) {
		snprintf(buf, size, "%s", NW_SRCDIR "/lab");
		return 0;
	}
	if (lab_is_file(NW_PKGDATADIR "/lab/netwhy-lab.sh")) {
		snprintf(buf, size, "%s", NW_PKGDATADIR "/lab");
		return 0;
	}
	return -ENOENT;
}

static void lab_find_bin(char *buf, size_t size, bool in_build_tree)
{
	const char *env = getenv("NW_LAB_BIN");

	if (env && *env)
		snprintf(buf, size, "%s", env);
	else if (in_build_tree && lab_is_dir(NW_BUILDDIR "/lab/workloads"))
		snprintf(buf, size, "%s", NW_BUILDDIR "/lab/workloads");
	else
		snprintf(buf, size, "%s", NW_PKGLIBEXECDIR);
}

static bool lab_valid_name(const char *name)
{
	const char *p;

	if (!*name || strlen(name) > 64)
		return false;
	for (p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return false;
	return true;
}

static int lab_cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Prints the scenario names (lab/scenarios/NAME.sh), sorted, to stderr. */
static void lab_print_names(const char *dir)
{
	char path[PATH_MAX + 16], *names[128];
	struct dirent *de;
	size_t n = 0, i;
	DIR *d;

	snprintf(path, sizeof(path), "%s/scenarios", dir);
	d = opendir(path);
	if (!d) {
		fprintf(stderr, "cannot list %s: %s\n", path, strerror(errno));
		return;
	}
	while ((de = readdir(d)) && n < sizeof(names) / sizeof(names[0])) {
		size_t len = strlen(de->d_name);

		if (len > 3 && !strcmp(de->d_name + len - 3, ".sh")) {
			names[n] = strndup(de->d_name, len - 3);
			if (names[n])
				n++;
		}
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), lab_cmp_names);
	fprintf(stderr, "the scenarios are:\n");
	for (i = 0; i < n; i++) {
		fprintf(stderr, "  %s\n", names[i]);
		free(names[i]);
	}
}

static bool lab_verb_needs_root(const char *verb)
{
	return !strcmp(verb, "up") || !strcmp(verb, "run") || !strcmp(verb, "down");
}

static bool lab_verb_takes_name(const char *verb)
{
	return lab_verb_needs_root(verb) || !strcmp(verb, "status") || !strcmp(verb, "describe");
}

int nw_lab_cmd(int argc, char **argv)
{
	static char lab_arg0[] = "bash";
	char dir[PATH_MAX], bin[PATH_MAX], script[PATH_MAX + 32], scenario[PATH_MAX + 96];
	const char *verb = argc > 1 ? argv[1] : NULL;
	bool in_build_tree = lab_in_build_tree();
	char **args;
	int i, n = 0;

	if (lab_find_dir(dir, sizeof(dir), in_build_tree)) {
		fprintf(stderr, "netwhy lab: the lab scripts are not in %s/lab: reinstall netwhy, "
				"or set NW_LAB_DIR to the directory holding netwhy-lab.sh\n",
			NW_PKGDATADIR);
		return LAB_EXIT_FAIL;
	}
	snprintf(script, sizeof(script), "%s/netwhy-lab.sh", dir);
	if (!lab_is_file(script)) {
		fprintf(stderr, "netwhy lab: %s not found (NW_LAB_DIR=%s): set NW_LAB_DIR to the "
				"directory holding netwhy-lab.sh\n",
			script, dir);
		return LAB_EXIT_FAIL;
	}
	lab_find_bin(bin, sizeof(bin), in_build_tree);

	if (verb && lab_verb_takes_name(verb)) {
		if (argc < 3) {
			fprintf(stderr, "netwhy lab %s: which scenario? ", verb);
			lab_print_names(dir);
			return LAB_EXIT_USAGE;
		}
		snprintf(scenario, sizeof(scenario), "%s/scenarios/%s.sh", dir, argv[2]);
		if (!lab_valid_name(argv[2]) || !lab_is_file(scenario)) {
			fprintf(stderr, "netwhy lab: unknown scenario '%s'; ", argv[2]);
			lab_print_names(dir);
			return LAB_EXIT_USAGE;
		}
		if (lab_verb_needs_root(verb) && geteuid() != 0) {
			fprintf(stderr, "netwhy lab %s: needs root (CAP_NET_ADMIN, CAP_SYS_ADMIN for "
					"namespaces): run as root\n",
				verb);
			return LAB_EXIT_NOT_ROOT;
		}
	}

	if (setenv("NW_LAB_DIR", dir, 1) || setenv("NW_LAB_BIN", bin, 1)) {
		perror("netwhy lab: setenv");
		return LAB_EXIT_FAIL;
	}
	args = calloc((size_t)argc + 3, sizeof(*args));
	if (!args) {
		fprintf(stderr, "netwhy lab: out of memory\n");
		return LAB_EXIT_FAIL;
	}
	args[n++] = lab_arg0;
	args[n++] = script;
	for (i = 1; i < argc; i++)
		args[n++] = argv[i];
	args[n] = NULL;
	fflush(NULL);
	execv("/bin/bash", args);
	fprintf(stderr, "netwhy lab: cannot run /bin/bash %s: %s (install bash)\n", script,
		strerror(errno));
	free(args);
	return LAB_EXIT_FAIL;
}
