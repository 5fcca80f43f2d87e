// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Socket errors: failed socket system calls (each socket call's own
 * syscalls:sys_exit_<call> tracepoint, else raw_syscalls:sys_exit with a
 * syscall-number filter) with the socket's identity read from the fd table,
 * and asynchronous errors from sock:inet_sk_error_report (the EHOSTUNREACH a
 * FAILED neighbour reports to queued packets' sockets).
 *
 * sys_exit runs on every system call of the host, so its common path is a
 * few loads: where the syscall number can be read from the saved user
 * registers at exit (x86, arm64: NW_SYS_EXIT_ONLY) there is no enter
 * program at all, and a failure reads what the call was asked (fd, address)
 * from those registers, which still hold the arguments.  Elsewhere a
 * sys_enter program keeps them in per-task storage for the exit.
 */
#include "probes/nw_bpf.h"

#ifndef NW_BPF_ONE_OBJECT /* probes.bpf.c has its own */
char LICENSE[] SEC("license") = "GPL";
#endif

#define NW_SYS_TABLE 512
#define NW_SYS_WATCH 0x01       /* report failures of this syscall */
#define NW_SYS_SOCK_ONLY 0x02   /* ... only when the fd is a socket (read, write) */
#define NW_SYS_CONNECT 0x04     /* EINPROGRESS is the start of a non-blocking connect */
#define NW_SYS_ADDR2 0x08       /* argument 2 is a struct sockaddr * (connect, bind) */
#define NW_SYS_ADDR5 0x10       /* argument 5 is one (sendto) */
#define NW_SYS_MSGNAME 0x20     /* argument 2 is a struct user_msghdr * (sendmsg) */
#define NW_SYS_LOCAL 0x40       /* that address is the local one (bind) */
#define NW_SYS_SOERROR 0x80     /* getsockopt: SO_ERROR's value is the error (non-blocking connect) */
#define NW_SOL_SOCKET 1
#define NW_SO_ERROR 4
#define NW_S_IFMT 00170000
#define NW_S_IFSOCK 0140000
#define NW_EAGAIN 11
#define NW_EINPROGRESS 115

#if defined(__TARGET_ARCH_x86) || defined(__TARGET_ARCH_arm64)
#define NW_SYS_EXIT_ONLY 1
#endif

/* Syscall numbers of this architecture, filled by user space from <sys/syscall.h>. */
const volatile __u8 cfg_sys_flags[NW_SYS_TABLE] = {};
const volatile bool cfg_report_eagain = false; /* EAGAIN on non-blocking sockets is routine */

/*
 * What the syscall asked for, kept from enter to exit: the fd, and the
 * address it named (a failed connect() leaves the socket without its
 * destination, so this is where "to whom" survives).
 */
#define NW_SA_NONE 0
#define NW_SA_REMOTE 1
#define NW_SA_LOCAL 2

struct sys_args {
	__s32 nr;
	__s32 fd;
	__u8 sa_kind;
	__u8 inflight; /* set at enter, cleared at exit */
	__u8 pad[2];
	__u8 sa[28]; /* sockaddr_in or sockaddr_in6 as the caller passed it */
	__u64 soerror_ptr; /* getsockopt(SOL_SOCKET, SO_ERROR): where the value goes */
};

/*
 * Per-task storage rather than a hash keyed by tid: read() and write() are
 * watched (for sockets), so this runs around most syscalls on the machine,
 * and a task-storage lookup is a pointer walk where a hash update is not.
 * Entries go away with their task.
 */
#ifndef NW_SYS_EXIT_ONLY
struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct sys_args);
} nw_sys_inflight SEC(".maps");
#endif

/*
 * Who started a non-blocking connect on a socket: the asynchronous error
 * that ends it (inet_sk_error_report) comes from softirq, where the current
 * task is nobody in particular.
 */
struct sk_owner {
	__u32 pid, tid;
	__s32 fd;
	__u32 pad;
	char comm[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 8192);
	__type(key, __u64); /* struct sock * */
	__type(value, struct sk_owner);
} nw_sk_owner SEC(".maps");

static __always_inline __u8 sys_flags(long nr)
{
	if (nr < 0 || nr >= NW_SYS_TABLE)
		return 0;
	return cfg_sys_flags[nr];
}

static __always_inline void sock_identity(struct nw_rec_sock *r, struct sock *sk)
{
	__u16 family = BPF_CORE_READ(sk, __sk_common.skc_family);

	r->family = family;
	r->protocol = nw_sk_protocol(sk);
	r->where.netns_ino = nw_sk_netns(sk);
	r->sk_cookie = BPF_CORE_READ(sk, __sk_common.skc_cookie.counter);
	if (family == NW_AF_INET) {
		__be32 l = BPF_CORE_READ(sk, __sk_common.skc_rcv_saddr);
		__be32 d = BPF_CORE_READ(sk, __sk_common.skc_daddr);

		__builtin_memcpy(r->laddr, &l, 4);
		__builtin_memcpy(r->raddr, &d, 4);
	} else if (family == NW_AF_INET6) {
		BPF_CORE_READ_INTO(&r->laddr, sk, __sk_common.skc_v6_rcv_saddr.in6_u.u6_addr8);
		BPF_CORE_READ_INTO(&r->raddr, sk, __sk_common.skc_v6_daddr.in6_u.u6_addr8);
	}
	if (family == NW_AF_INET || family == NW_AF_INET6) {
		r->lport = BPF_CORE_READ(sk, __sk_common.skc_num);
		r->rport = nw_bswap16(BPF_CORE_READ(sk, __sk_common.skc_dport));
	} else if (family == NW_AF_NETLINK) {
		struct netlink_sock *nlk = (struct netlink_sock *)sk; /* sk is its first member */
		unsigned long *groups = BPF_CORE_READ(nlk, groups);
		unsigned long g0 = 0;

		r->nl_portid = BPF_CORE_READ(nlk, portid);
		r->nl_dst_portid = BPF_CORE_READ(nlk, dst_portid);
		r->nl_dst_group = BPF_CORE_READ(nlk, dst_group);
		if (groups && BPF_CORE_READ(nlk, ngroups))
			bpf_probe_read_kernel(&g0, sizeof(g0), groups);
		r->nl_groups = (__u32)g0; /* the first 32 groups, as bind() sets them */
	}
}

/* task->files->fdt->fd[fd], when it is a socket: its struct sock. */
static __always_inline struct sock *fd_to_sock(int fd, __u8 *sk_type)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
	struct file **fds, *file = NULL;
	struct socket *sock;
	umode_t mode;

	if (!fdt || fd < 0 || (unsigned int)fd >= BPF_CORE_READ(fdt, max_fds))
		return NULL;
	fds = BPF_CORE_READ(fdt, fd);
	if (!fds || bpf_probe_read_kernel(&file, sizeof(file), &fds[fd]) || !file)
		return NULL;
	mode = BPF_CORE_READ(file, f_inode, i_mode);
	if ((mode & NW_S_IFMT) != NW_S_IFSOCK)
		return NULL;
	sock = BPF_CORE_READ(file, private_data);
	if (!sock)
		return NULL;
	*sk_type = BPF_CORE_READ(sock, type);
	return BPF_CORE_READ(sock, sk);
}

static __always_inline void read_sockaddr(struct sys_args *a, struct pt_regs *regs, __u8 fl)
{
	const void *uaddr = NULL;

	if (fl & NW_SYS_ADDR2) {
		uaddr = (const void *)PT_REGS_PARM2_CORE_SYSCALL(regs);
	} else if (fl & NW_SYS_ADDR5) {
		uaddr = (const void *)PT_REGS_PARM5_CORE_SYSCALL(regs);
	} else if (fl & NW_SYS_MSGNAME) {
		const struct user_msghdr *m = (const void *)PT_REGS_PARM2_CORE_SYSCALL(regs);

		if (!m || bpf_probe_read_user(&uaddr, sizeof(uaddr), &m->msg_name))
			uaddr = NULL;
	}
	if (!uaddr)
		return;
	/* A sockaddr_in ending at a page's end cannot be read as 28 bytes. */
	if (bpf_probe_read_user(a->sa, 28, uaddr) && bpf_probe_read_user(a->sa, 16, uaddr))
		return;
	a->sa_kind = (fl & NW_SYS_LOCAL) ? NW_SA_LOCAL : NW_SA_REMOTE;
}

/*
 * The syscall's request from its saved user registers (unchanged at exit:
 * the return value goes elsewhere; arm64 keeps the first argument in
 * orig_x0): the fd, the address it named, getsockopt(SO_ERROR)'s buffer.
 */
static __always_inline void read_request(struct sys_args *a, long nr, struct pt_regs *regs, __u8 fl)
{
	a->nr = nr;
	a->fd = (int)PT_REGS_PARM1_CORE_SYSCALL(regs);
	a->sa_kind = NW_SA_NONE;
	a->soerror_ptr = 0;
	if (fl & (NW_SYS_ADDR2 | NW_SYS_ADDR5 | NW_SYS_MSGNAME))
		read_sockaddr(a, regs, fl);
	if ((fl & NW_SYS_SOERROR) && PT_REGS_PARM2_CORE_SYSCALL(regs) == NW_SOL_SOCKET &&
	    PT_REGS_PARM3_CORE_SYSCALL(regs) == NW_SO_ERROR)
		a->soerror_ptr = PT_REGS_PARM4_CORE_SYSCALL(regs);
}

/* Where the socket has no address (yet, or any more), the caller's request tells. */
static __always_inline void fill_from_sockaddr(struct nw_rec_sock *r, const struct sys_args *a)
{
	__u16 fam = (__u16)a->sa[0] | (__u16)a->sa[1] << 8; /* sa_family, host order */
	__u16 port = (__u16)a->sa[2] << 8 | a->sa[3];
	bool local = a->sa_kind == NW_SA_LOCAL;

	if (a->sa_kind == NW_SA_NONE || (fam != NW_AF_INET && fam != NW_AF_INET6))
		return;
	if (r->family && r->family != fam)
		return;
	if (local ? r->lport : r->rport)
		return;
	r->family = fam;
	if (local)
		r->lport = port;
	else
		r->rport = port;
	if (fam == NW_AF_INET)
		__builtin_memcpy(local ? r->laddr : r->raddr, &a->sa[4], 4);
	else
		__builtin_memcpy(local ? r->laddr : r->raddr, &a->sa[8], 16);
}

static __always_inline void remember_owner(int fd, __u64 pid_tgid)
{
	struct sk_owner o = {};
	__u8 sk_type;
	struct sock *sk = fd_to_sock(fd, &sk_type);
	__u64 key = (__u64)sk;

	if (!sk)
		return;
	o.pid = pid_tgid >> 32;
	o.tid = (__u32)pid_tgid;
	o.fd = fd;
	bpf_get_current_comm(o.comm, sizeof(o.comm));
	bpf_map_update_elem(&nw_sk_owner, &key, &o, BPF_ANY);
}

/* The syscall ended with ret; a is what it was asked (fd, address). */
static __always_inline int sys_report(long ret, struct sys_args a)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)pid_tgid;
	struct nw_rec_sock *r;
	struct sock *sk;
	__u8 sk_type = 0, fl;
	int err;

	if (ret == 0 && a.soerror_ptr) {
		/* The call worked; the error it hands over is the news. */
		err = 0;
		if (bpf_probe_read_user(&err, sizeof(err), (const void *)a.soerror_ptr) || err <= 0)
			return 0;
	} else if (ret >= 0 || ret < -4095) {
		return 0;
	} else {
		err = -ret;
	}
	fl = sys_flags(a.nr);
	if (err == NW_EINPROGRESS && (fl & NW_SYS_CONNECT)) {
		remember_owner(a.fd, pid_tgid);
		return 0;
	}
	if (err == NW_EAGAIN && !cfg_report_eagain)
		return 0;
	sk = fd_to_sock(a.fd, &sk_type);
	if (!sk && (fl & NW_SYS_SOCK_ONLY))
		return 0;
	if (!nw_netns_allowed(sk ? nw_sk_netns(sk) : 0))
		return 0;

	r = nw_reserve(NW_PROG_SOCK, NW_REC_SOCK, sizeof(*r));
	if (!r)
		return 0;
	__builtin_memset((char *)r + sizeof(r->hdr), 0, sizeof(*r) - sizeof(r->hdr));
	r->origin = NW_RSOCK_SYSCALL;
	r->pid = pid_tgid >> 32;
	r->tid = tid;
	r->fd = a.fd;
	r->nr = a.nr;
	r->err = err;
	r->sk_type = sk_type;
	bpf_get_current_comm(r->comm, sizeof(r->comm));
	if (sk)
		sock_identity(r, sk);
	fill_from_sockaddr(r, &a);
	nw_submit(r);
	return 0;
}

#ifdef NW_SYS_EXIT_ONLY
/* Where the syscall number stays in the saved user registers. */
struct pt_regs___nw_arm64 {
	int syscallno;
} __attribute__((preserve_access_index));

static __always_inline long exit_syscall_nr(struct pt_regs *regs)
{
#if defined(__TARGET_ARCH_x86)
	return (long)regs->orig_ax; /* a BTF pointer: a plain load */
#else
	return BPF_CORE_READ((struct pt_regs___nw_arm64 *)regs, syscallno);
#endif
}

SEC("tp_btf/sys_exit")
int BPF_PROG(nw_sys_exit, struct pt_regs *regs, long ret)
{
	struct sys_args a = {};
	long nr = exit_syscall_nr(regs);
	__u8 fl = sys_flags(nr);

	/* Every system call of the host: most end here. */
	if (!(fl & NW_SYS_WATCH) || (ret >= 0 && !(fl & NW_SYS_SOERROR)))
		return 0;
	if ((__u32)(bpf_get_current_pid_tgid() >> 32) == cfg_self_tgid)
		return 0;
	read_request(&a, nr, regs, fl);
	return sys_report(ret, a);
}

/*
 * The socket calls' own exit tracepoints (syscalls:sys_exit_<call>), each
 * attached where tracefs has it: only socket calls pay for this probe, so a
 * host doing millions of read()/write() calls on files pays nothing.
 * read()/write() on sockets are not watched this way (their errors that
 * matter, ECONNRESET, ETIMEDOUT, EHOSTUNREACH, also come from
 * inet_sk_error_report).  nw_sys_exit above is the fallback where these
 * tracepoints are missing (a kernel without CONFIG_FTRACE_SYSCALLS).  The
 * arguments come from the task's saved user registers, as there.
 */
static __always_inline int sock_call_exit(long nr, long ret)
{
	struct pt_regs *regs;
	struct sys_args a = {};
	__u8 fl = sys_flags(nr);

	if (!(fl & NW_SYS_WATCH) || (ret >= 0 && !(fl & NW_SYS_SOERROR)))
		return 0;
	if ((__u32)(bpf_get_current_pid_tgid() >> 32) == cfg_self_tgid)
		return 0;
	regs = (struct pt_regs *)bpf_task_pt_regs(bpf_get_current_task_btf());
	if (!regs)
		return 0;
	read_request(&a, nr, regs, fl);
	return sys_report(ret, a);
}

#define NW_SOCK_CALL(call)                                                   \
	SEC("tp/syscalls/sys_exit_" #call)                                   \
	int nw_sx_##call(struct syscall_trace_exit *ctx)                     \
	{                                                                    \
		return sock_call_exit(ctx->nr, ctx->ret);                    \
	}

NW_SOCK_CALL(connect)
NW_SOCK_CALL(accept)
NW_SOCK_CALL(accept4)
NW_SOCK_CALL(bind)
NW_SOCK_CALL(listen)
NW_SOCK_CALL(sendto)
NW_SOCK_CALL(sendmsg)
NW_SOCK_CALL(sendmmsg)
NW_SOCK_CALL(recvfrom)
NW_SOCK_CALL(recvmsg)
NW_SOCK_CALL(recvmmsg)
NW_SOCK_CALL(setsockopt)
NW_SOCK_CALL(getsockopt)
#else
SEC("tp_btf/sys_enter")
int BPF_PROG(nw_sys_enter, struct pt_regs *regs, long id)
{
	__u8 fl = sys_flags(id);
	struct sys_args *a;

	if (!(fl & NW_SYS_WATCH))
		return 0;
	if ((__u32)(bpf_get_current_pid_tgid() >> 32) == cfg_self_tgid)
		return 0;
	a = bpf_task_storage_get(&nw_sys_inflight, bpf_get_current_task_btf(), 0,
				 BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!a)
		return 0;
	read_request(a, id, regs, fl);
	a->inflight = 1;
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(nw_sys_exit, struct pt_regs *regs, long ret)
{
	struct sys_args *ap, a;

	ap = bpf_task_storage_get(&nw_sys_inflight, bpf_get_current_task_btf(), 0, 0);
	if (!ap || !ap->inflight)
		return 0;
	ap->inflight = 0;
	a = *ap;
	return sys_report(ret, a);
}
#endif

SEC("tp_btf/inet_sk_error_report")
int BPF_PROG(nw_inet_sk_error_report, const struct sock *sk)
{
	struct nw_rec_sock *r;
	struct sk_owner *owner;
	__u64 key = (__u64)sk;
	int err;

	if (!nw_netns_allowed(nw_sk_netns(sk)))
		return 0;
	err = BPF_CORE_READ(sk, sk_err);
	if (!err) /* an error queued for MSG_ERRQUEUE: the soft error names it */
		err = BPF_CORE_READ(sk, sk_err_soft);
	if (!err)
		return 0; /* tcp_disconnect() reports with no error: a wake-up, not news */
	r = nw_reserve(NW_PROG_SOCK_ASYNC, NW_REC_SOCK, sizeof(*r));
	if (!r)
		return 0;
	__builtin_memset((char *)r + sizeof(r->hdr), 0, sizeof(*r) - sizeof(r->hdr));
	r->origin = NW_RSOCK_ASYNC;
	r->fd = -1;
	r->nr = -1;
	/*
	 * Often runs in softirq (a neighbour's timer): the current task is
	 * whoever was interrupted, so pid and comm come only from the
	 * non-blocking connect that started this socket, if we saw it.
	 */
	r->err = err;
	owner = bpf_map_lookup_elem(&nw_sk_owner, &key);
	if (owner) {
		r->pid = owner->pid;
		r->tid = owner->tid;
		r->fd = owner->fd;
		__builtin_memcpy(r->comm, owner->comm, sizeof(r->comm));
	}
	r->sk_type = BPF_CORE_READ_BITFIELD_PROBED(sk, sk_type); /* u16 since 5.6, a bitfield before */
	sock_identity(r, (struct sock *)sk);
	nw_submit(r);
	return 0;
}
