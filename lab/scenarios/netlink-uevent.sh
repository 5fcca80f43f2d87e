# netlink-uevent: a uevent listener (what udev and hotplug daemons
# open) with a tiny receive buffer loses uevents in a burst of devices; recv
# fails with ENOBUFS (errno 105).
#
# The story (a real incident, as first reported): on USB plug/unplug, apps that
# listened for uevents got ENOBUFS.  They had copied setsockopt(SO_RCVBUF,
# 1024) from an online example; the kernel doubles the value and clamps it to
# SOCK_MIN_RCVBUF, ~2 KiB against the ~208 KiB default.
#
# The kernel path: kobject_uevent_net_broadcast sends each device's uevent on
# NETLINK_KOBJECT_UEVENT group 1 to the listeners of the device's own
# namespace (a network device belongs to one); netlink_broadcast_deliver finds
# the buffer full, drops the message (Drops in /proc/net/netlink, protocol 15)
# and sets sk_err = ENOBUFS; the next recv returns it.
#
# In this lab: the netlink-overrun scenario with a uevent listener: namespace
# nwlab-nlu-host; `run` starts nwlab-nlisten --uevent there with SO_RCVBUF
# 1024, reading 200 ms late, then creates and deletes 16 veth pairs in the
# namespace (each device and its queues make add/remove uevents).
#
# What to look at: `ip netns exec nwlab-nlu-host cat /proc/net/netlink`, the
# rows of Eth 15: the listener's Drops > 0.
#
# Fix: remove the setsockopt or size the buffer for the burst; on ENOBUFS,
# re-read the state (udevadm trigger, or a walk of /sys).

# The commands are netlink-overrun's; only the listener and the names change.
# shellcheck source=netlink-overrun.sh
. "$NW_LAB_DIR/scenarios/netlink-overrun.sh"

# shellcheck disable=SC2034 # read by netwhy-lab.sh and netlink-overrun.sh
SUMMARY="uevent listener (NETLINK_KOBJECT_UEVENT) with SO_RCVBUF 1024 overruns in a device burst: ENOBUFS"
NL_NS=nwlab-nlu-host
NAMESPACES=("$NL_NS")
NL_LISTEN=(--uevent)
NL_PROTO=15
NL_WHAT="a uevent listener"

# Run directly: bash lab/scenarios/netlink-uevent.sh VERB [args]
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	exec bash "$(dirname "$0")/../netwhy-lab.sh" "${1:-describe}" netlink-uevent "${@:2}"
fi
