/*
** util_error.c — the per-thread "last error" message behind
** reglint_last_error().  Every failing call in the library goes through
** reglint__fail(), so errno and the message always agree.
*/
#include "internal.h"

#include <errno.h>
#include <stdio.h>

static _Thread_local char last_error[512];

const char *reglint_last_error(void) { return last_error; }

static void record(int err, const char *fmt, va_list ap)
{
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    errno = err;
}

int reglint__fail(int err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    record(err, fmt, ap);
    va_end(ap);
    return -1;
}

void *reglint__fail_null(int err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    record(err, fmt, ap);
    va_end(ap);
    return NULL;
}

const char *reglint_version(void) { return REGLINT_VERSION_STRING; }
