/* closer.h: packet sockets and capture handles closed in the background.
 *
 * Closing a packet socket (a sender, a resolver, a libpcap capture) waits
 * for RCU grace periods in the kernel (packet_release() calls
 * synchronize_net(), a capture with a ring more than once): 8 to 30 ms
 * each here, one after another when they are closed in turn, as they are
 * at exit.  Closes that run at the same time share their grace periods.
 * pkt_defer() starts a close in a thread of its own at once, so that it
 * runs while the tool goes on (prints its answers, closes the rest);
 * pkt_close_deferred() waits for them all.  It is registered with
 * atexit() on the first pkt_defer(), so every exit path waits. */
#ifndef PKT_CLOSER_H
#define PKT_CLOSER_H

/* fn(arg) in the background (or here, if no thread can start). */
void	pkt_defer(void (*fn)(void *), void *arg);
/* close(fd) in the background; nothing for fd < 0. */
void	pkt_defer_fd(int fd);
void	pkt_close_deferred(void);

#endif
