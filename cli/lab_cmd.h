/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `netwhy lab ...`: the failure lab.  The scenarios are shell scripts
 * (lab/netwhy-lab.sh and lab/scenarios/NAME.sh); this finds them and the
 * workload programs, checks the scenario name and the privilege, and execs
 * bash on the lab script.
 *
 * Exit status (documented in the man page): 0 done, 1 the operation failed,
 * 2 usage error (unknown verb or scenario: the list is printed), 4 not root
 * for up/run/down.
 */
#ifndef NW_CLI_LAB_CMD_H
#define NW_CLI_LAB_CMD_H

/*
 * argv[0] is "lab"; argv[1] the verb (list, describe, up, run, status, down),
 * argv[2] the scenario name, the rest passed on (run --duration SEC).
 * Returns an exit status when it cannot exec the script; otherwise it does
 * not return (the script's exit status becomes netwhy's).
 */
int nw_lab_cmd(int argc, char **argv);

#endif
