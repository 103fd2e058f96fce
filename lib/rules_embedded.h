/*
** rules_embedded.h — the shipped rule files, compiled into the library by
** lib/embed.c at build time (see lib/meson.build).
*/
#ifndef REGLINT_RULES_EMBEDDED_H
#define REGLINT_RULES_EMBEDDED_H

#include <stddef.h>

typedef struct reglint_embedded_file {
    const char *name;   /* "azure-backup.yaml"; NULL ends the table */
    const char *text;   /* NUL-terminated                           */
    size_t len;
} reglint_embedded_file;

extern const reglint_embedded_file reglint_embedded_rules[];

#endif
