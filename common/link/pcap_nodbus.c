/* pcap_nodbus.c: libpcap, linked statically, without its D-Bus capture
 * source.
 *
 * Debian's libpcap is built with D-Bus capture (pcap-dbus.o, for
 * capturing "dbus-system" and "dbus-session" messages), which makes the
 * shared library load libdbus-1 and, through it, libsystemd, libgcrypt,
 * liblzma, libzstd, liblz4, libgpg-error and libcap: about 0.9 ms of
 * every run on the development VM, most of what ping(8) takes for a
 * whole probe.  pkt never captures D-Bus.  When the Makefile links
 * libpcap.a (PCAP_STATIC=yes, the default where it is installed), this
 * object comes first and gives libpcap the two entry points of its D-Bus
 * module with the meaning libpcap has when it is configured with
 * --disable-dbus: no such device is ours (dbus_create says so through
 * *is_ours), and there are none to list.  The linker then never pulls
 * pcap-dbus.o, nor D-Bus.  Not part of libpktcommon.a: it must be linked
 * before libpcap.a to take the place of pcap-dbus.o. */
#include <stddef.h>

struct pcap;
struct pcap_if_list;

struct pcap	*dbus_create(const char *, char *, int *);
int		 dbus_findalldevs(struct pcap_if_list *, char *);

struct pcap *
dbus_create(const char *device, char *ebuf, int *is_ours)
{
	(void)device;
	(void)ebuf;
	*is_ours = 0;
	return NULL;
}

int
dbus_findalldevs(struct pcap_if_list *devlistp, char *err_str)
{
	(void)devlistp;
	(void)err_str;
	return 0;
}
