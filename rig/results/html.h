/* html.h - the HTML page of a stored run (relayrig report RUN). */
#ifndef RR_RESULTS_HTML_H
#define RR_RESULTS_HTML_H

#include "result.h"
#include "sbuf.h"
#include "store.h"

void results_html(const struct rr_run *run, const struct store_meta *m, long long id,
		  struct sbuf *out);

#endif
