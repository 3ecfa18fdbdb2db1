/* pic_cmd.c - `relayrig pic`: power a unit, read every tab over USB, and
 * write its Product Information Card (Configuration Guide chapter 4) as
 * HTML with print CSS, or as PDF through headless Chromium. */
#define _XOPEN_SOURCE 700
#define LOG_PREFIX "pic: "
#include "pic_cmd.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "ctx.h"
#include "err.h"
#include "guard.h"
#include "log.h"
#include "report.h"
#include "run.h"
#include "unitread.h"

static const char usage[] =
	"usage: relayrig pic [--rig sim|FILE] [--sim PATH] [--serial S] [-o FILE]\n"
	"Powers the unit, reads every tab over USB and writes its Product Information\n"
	"Card (Configuration Guide chapter 4) filled in: HTML with print CSS on\n"
	"standard output or to FILE; FILE ending in .pdf is printed to PDF by\n"
	"headless Chromium (Debian package chromium).\n";

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

/* Print html_path to pdf_path with headless Chromium. 0 or -1. */
static int print_pdf(const char *html_path, const char *pdf_path)
{
	char udd[] = "/tmp/relayrig-chromium-XXXXXX", arg_udd[64], arg_pdf[4400], url[4400];
	int st = -1;
	pid_t pid;

	if (!mkdtemp(udd)) {
		rr_error("cannot make a Chromium profile folder: %s", strerror(errno));
		return -1;
	}
	snprintf(arg_udd, sizeof(arg_udd), "--user-data-dir=%s", udd);
	snprintf(arg_pdf, sizeof(arg_pdf), "--print-to-pdf=%s", pdf_path);
	snprintf(url, sizeof(url), "file://%s", html_path);
	pid = fork();
	if (pid == 0) {
		char *const argv[] = { "chromium", "--headless", "--no-sandbox", "--disable-gpu",
				       "--no-first-run", "--disable-background-networking",
				       "--disable-component-update", "--disable-sync",
				       "--no-pdf-header-footer", arg_udd, arg_pdf, url, NULL };
		int devnull = open("/dev/null", O_WRONLY);
		if (devnull >= 0) {
			dup2(devnull, 1);
			dup2(devnull, 2);
		}
		execvp(argv[0], argv);
		_exit(127);
	}
	if (pid > 0)
		waitpid(pid, &st, 0);
	nftw(udd, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	if (pid < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0 || access(pdf_path, R_OK)) {
		rr_error("Chromium could not print %s%s", pdf_path,
			 WIFEXITED(st) && WEXITSTATUS(st) == 127
				 ? ": chromium is not installed (apt-get install chromium), or "
				   "write HTML with -o FILE.html"
				 : "");
		return -1;
	}
	return 0;
}

int cmd_pic(int argc, char **argv)
{
	const char *out = NULL;
	const char *pass[16];
	int np = 0, status = 2;
	struct rr_opts o;
	static struct rr_ctx c;
	struct rr_run run;
	struct timeval tv;
	char err[1024];
	char *tabs = NULL;

	pass[np++] = "relayrig";
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(usage, stdout);
			return 0;
		}
		if (!strcmp(argv[i], "-o") && i + 1 < argc) {
			out = argv[++i];
		} else if ((!strcmp(argv[i], "--rig") || !strcmp(argv[i], "--sim") ||
			    !strcmp(argv[i], "--serial")) &&
			   i + 1 < argc && np < 14) {
			pass[np++] = argv[i];
			pass[np++] = argv[++i];
		} else if (!strncmp(argv[i], "--rig=", 6) || !strncmp(argv[i], "--sim=", 6) ||
			   !strncmp(argv[i], "--serial=", 9)) {
			if (np < 15)
				pass[np++] = argv[i];
		} else {
			fprintf(stderr, "relayrig pic: unexpected argument '%s'\n%s", argv[i], usage);
			return 2;
		}
	}
	pass[np] = NULL;
	if (cli_parse(np, (char **)pass, &o, err, sizeof(err)) < 0) {
		fprintf(stderr, "relayrig pic: %s\n", err);
		cli_free(&o);
		return 2;
	}
	rr_loglevel = RR_LOG_WARN;
	if (out && report_check_path(out, err, sizeof(err)) < 0) {
		rr_error("-o: %s", err);
		cli_free(&o);
		return 2;
	}
	memset(&c, 0, sizeof(c));
	memset(&run, 0, sizeof(run));
	c.opts = &o;
	gettimeofday(&tv, NULL);
	run.t_start = (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
	if (run_pick_driver(&c, &o, err, sizeof(err)) < 0) {
		rr_error("%s", err);
		goto done;
	}
	if (run_check_sim(err, sizeof(err)) < 0) {
		rr_error("%s", err);
		goto done;
	}
	guard_install_signals();
	guard_arm(o.timeout);
	if (unit_read_tabs(&c, &tabs, err, sizeof(err)) < 0) {
		rr_error("cannot read the unit: %s", err);
		ctx_end_session(&c);
		goto done;
	}
	ctx_end_session(&c);
	gettimeofday(&tv, NULL);
	run.t_end = (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
	run.unit_tabs = tabs;
	run.serial = rr_strdup(o.serial ? o.serial : c.serial[0] ? c.serial
								 : NULL);
	run.firmware = rr_strdup(c.fw[0] ? c.fw : NULL);
	struct sbuf b;
	sb_init(&b);
	report_pic_html(&run, &b, true);
	size_t n = out ? strlen(out) : 0;
	if (!out) {
		status = fwrite(b.s, 1, b.len, stdout) == b.len && fflush(stdout) == 0 ? 0 : 2;
		if (status)
			rr_error("cannot write standard output: %s", strerror(errno));
	} else if (n > 4 && !strcasecmp(out + n - 4, ".pdf")) {
		char html[4200], cwd[2048] = "";
		if (out[0] != '/' && !getcwd(cwd, sizeof(cwd)))
			cwd[0] = '\0';
		snprintf(html, sizeof(html), "%s%s%s.tmp.html", cwd, cwd[0] ? "/" : "", out);
		if (report_save(html, &b) < 0)
			rr_error("cannot write %s: %s", html, strerror(errno));
		else
			status = print_pdf(html, out) < 0 ? 2 : 0;
		unlink(html);
	} else if (report_save(out, &b) < 0) {
		rr_error("cannot write %s: %s", out, strerror(errno));
	} else {
		status = 0;
	}
	sb_free(&b);
done:
	rr_run_free(&run);
	cli_free(&o);
	return status;
}
