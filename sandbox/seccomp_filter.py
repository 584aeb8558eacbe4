"""Builds the box's syscall filter: seccomp_filter.py <out.bpf>, run on the host (trusted), never in a box.

bubblewrap loads the compiled program (`--seccomp FD`) into the box's init process (pid 1) and into the
command it starts, so every process of the box runs under it: a filter that only the harness loaded would
leave pid 1 unfiltered, and the student's process could drive it through /proc/1/mem.

Denied with EPERM: what lets one process reach into another (ptrace, process_vm_*, pidfd_getfd, kcmp,
process_madvise), new namespaces and mounts, kernel keyrings, io_uring (it bypasses the filter), bpf, perf,
userfaultfd, module and kexec loading, and the TIOCSTI/TIOCLINUX ioctls (typing into a terminal).
Sockets: only families a namespace isolates or that grading uses (unix, inet, inet6, netlink); every other
(vsock above all: it is not network-namespaced and this guest has /dev/vsock) fails with EAFNOSUPPORT.
clone3 fails with ENOSYS (its flags are in memory, where a filter cannot look), so glibc falls back to clone,
whose namespace flags are denied. Calls of another ABI (int 0x80) kill the process.
"""
import errno
import sys

DENIED = (
    "ptrace", "process_vm_readv", "process_vm_writev", "pidfd_getfd", "kcmp", "process_madvise",
    "keyctl", "add_key", "request_key",
    "unshare", "setns", "mount", "umount2", "pivot_root", "chroot", "fsopen", "fsconfig", "fsmount", "fspick",
    "open_tree", "move_mount", "mount_setattr",
    "io_uring_setup", "io_uring_enter", "io_uring_register", "bpf", "perf_event_open", "userfaultfd",
    "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module",
    "reboot", "swapon", "swapoff", "syslog", "acct", "quotactl", "name_to_handle_at", "open_by_handle_at",
)
# CLONE_NEWUSER, CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWCGROUP
CLONE_NAMESPACE_FLAGS = (0x10000000, 0x00020000, 0x20000000, 0x40000000, 0x04000000, 0x08000000, 0x02000000)
ALLOWED_SOCKET_FAMILIES = (1, 2, 10, 16)  # AF_UNIX, AF_INET, AF_INET6, AF_NETLINK
TIOCSTI, TIOCLINUX = 0x5412, 0x541C


def build(seccomp):
    box = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
    eperm = seccomp.ERRNO(errno.EPERM)
    for name in DENIED:
        try:
            box.add_rule(eperm, name)
        except (ValueError, RuntimeError, OSError):  # a call this libseccomp does not know: nothing to deny
            pass
    for request in (TIOCSTI, TIOCLINUX):
        box.add_rule(eperm, "ioctl", seccomp.Arg(1, seccomp.MASKED_EQ, 0xFFFFFFFF, request))
    for flag in CLONE_NAMESPACE_FLAGS:
        box.add_rule(eperm, "clone", seccomp.Arg(0, seccomp.MASKED_EQ, flag, flag))
    box.add_rule(seccomp.ERRNO(errno.ENOSYS), "clone3")
    unsupported = seccomp.ERRNO(errno.EAFNOSUPPORT)
    for call in ("socket", "socketpair"):
        for family in range(64):
            if family not in ALLOWED_SOCKET_FAMILIES:
                box.add_rule(unsupported, call, seccomp.Arg(0, seccomp.MASKED_EQ, 0xFFFFFFFF, family))
        box.add_rule(unsupported, call, seccomp.Arg(0, seccomp.GE, 64))
    return box


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: seccomp_filter.py <out.bpf>", file=sys.stderr)
        return 2
    try:
        import seccomp
    except ImportError:
        print("python3-seccomp is not installed", file=sys.stderr)
        return 3
    with open(argv[1], "wb") as out:
        build(seccomp).export_bpf(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
