/* closer.h: packet sockets and capture handles released after exit.
 *
 * Releasing a packet socket (a sender, a resolver, a libpcap capture)
 * waits for RCU grace periods in the kernel (packet_release() calls
 * synchronize_net(), a capture with a ring more than once): 8 to 30 ms
 * each here.  Closing them at exit does not help: the kernel releases
 * them in the exit path, before the parent's wait() returns.  So at exit
 * pkt_close_deferred() forks a child that holds one more reference to
 * each socket, and waits for nothing but the tool's own exit: the tool
 * drops its references (cheap, they are not the last) and exits at once,
 * and the child, woken by the end of a pipe only the tool held, makes the
 * last release, grace periods included, while the user already has the
 * prompt back.  The child keeps no other descriptor: a pipe or a terminal
 * the tool wrote to is not held open by it.  Without fork, the sockets
 * are closed here, in turn. */
#ifndef PKT_CLOSER_H
#define PKT_CLOSER_H

/* At exit: fd released by the child, then fn(arg) closes the tool's own
 * reference (close(fd), pcap_close(), which also unmaps a ring that
 * would otherwise hold the socket until the tool's own exit). */
void	pkt_defer(int fd, void (*fn)(void *), void *arg);
/* The same for a plain socket: close(fd); nothing for fd < 0. */
void	pkt_defer_fd(int fd);
/* Registered with atexit() on the first pkt_defer(). */
void	pkt_close_deferred(void);

#endif
