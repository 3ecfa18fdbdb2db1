/*
 * fake_sp.c - libserialport's enumeration and open/close, replaced at link
 * time for the tests (fake_sp.h). Only the calls ports.c makes exist.
 */
#include "fake_sp.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct sp_port {
	char *name, *desc, *man, *prod, *serial;
	int vid, pid;
};

#define FAKE_SP_MAX 16
static struct sp_port ports[FAKE_SP_MAX];
static int nports, open_errno, list_fails, last_errno;

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static void free_port(struct sp_port *p)
{
	free(p->name);
	free(p->desc);
	free(p->man);
	free(p->prod);
	free(p->serial);
}

void fake_sp_reset(void)
{
	for (int i = 0; i < nports; i++)
		free_port(&ports[i]);
	memset(ports, 0, sizeof(ports));
	nports = open_errno = list_fails = last_errno = 0;
}

void fake_sp_add(const char *name, const char *desc, int vid, int pid, const char *manufacturer,
		 const char *product, const char *serial)
{
	if (nports == FAKE_SP_MAX)
		abort();
	struct sp_port *p = &ports[nports++];
	p->name = strdup(name);
	p->desc = dup_or_null(desc);
	p->vid = vid;
	p->pid = pid;
	p->man = dup_or_null(manufacturer);
	p->prod = dup_or_null(product);
	p->serial = dup_or_null(serial);
}

void fake_sp_open_errno(int e) { open_errno = e; }
void fake_sp_list_fails(int fail) { list_fails = fail; }

static struct sp_port *copy_port(const struct sp_port *p)
{
	struct sp_port *c = calloc(1, sizeof(*c));
	if (!c)
		abort();
	c->name = strdup(p->name);
	c->desc = dup_or_null(p->desc);
	c->man = dup_or_null(p->man);
	c->prod = dup_or_null(p->prod);
	c->serial = dup_or_null(p->serial);
	c->vid = p->vid;
	c->pid = p->pid;
	return c;
}

enum sp_return sp_list_ports(struct sp_port ***list_ptr)
{
	if (list_fails)
		return SP_ERR_FAIL;
	struct sp_port **l = calloc((size_t)nports + 1, sizeof(*l));
	if (!l)
		abort();
	for (int i = 0; i < nports; i++)
		l[i] = copy_port(&ports[i]);
	*list_ptr = l;
	return SP_OK;
}

void sp_free_port(struct sp_port *port)
{
	if (!port)
		return;
	free_port(port);
	free(port);
}

void sp_free_port_list(struct sp_port **list)
{
	for (int i = 0; list && list[i]; i++)
		sp_free_port(list[i]);
	free(list);
}

enum sp_return sp_get_port_by_name(const char *portname, struct sp_port **port_ptr)
{
	for (int i = 0; i < nports; i++) {
		if (strcmp(ports[i].name, portname) == 0) {
			*port_ptr = copy_port(&ports[i]);
			return SP_OK;
		}
	}
	*port_ptr = NULL;
	return SP_ERR_ARG;
}

enum sp_return sp_open(struct sp_port *port, enum sp_mode flags)
{
	(void)port;
	(void)flags;
	if (open_errno) {
		last_errno = open_errno;
		return SP_ERR_FAIL;
	}
	return SP_OK;
}

enum sp_return sp_close(struct sp_port *port)
{
	(void)port;
	return SP_OK;
}

int sp_last_error_code(void) { return last_errno; }

char *sp_get_port_name(const struct sp_port *p) { return p->name; }
char *sp_get_port_description(const struct sp_port *p) { return p->desc; }

enum sp_transport sp_get_port_transport(const struct sp_port *p)
{
	return p->vid < 0 ? SP_TRANSPORT_NATIVE : SP_TRANSPORT_USB;
}

enum sp_return sp_get_port_usb_vid_pid(const struct sp_port *p, int *vid, int *pid)
{
	if (p->vid < 0)
		return SP_ERR_ARG;
	*vid = p->vid;
	*pid = p->pid;
	return SP_OK;
}

char *sp_get_port_usb_manufacturer(const struct sp_port *p) { return p->vid < 0 ? NULL : p->man; }
char *sp_get_port_usb_product(const struct sp_port *p) { return p->vid < 0 ? NULL : p->prod; }
char *sp_get_port_usb_serial(const struct sp_port *p) { return p->vid < 0 ? NULL : p->serial; }
