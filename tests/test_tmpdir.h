/*
** test_tmpdir.h — what the view and rules suites share: a scratch
** directory per test (Check fixture), paths in it, .reg files written
** there, and hives built from .reg text with the library's importer.
** For Check suites; include after reglint.h and test_regf.h.
*/
#ifndef TEST_TMPDIR_H
#define TEST_TMPDIR_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char tmpdir[64];
static int counter;

/* A fresh directory /tmp/SUITE-XXXXXX for one test. */
static inline void tmpdir_make(const char *suite)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/%s-XXXXXX", suite);
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static inline void tmpdir_remove(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    ck_assert_int_eq(system(cmd), 0);
}

/* A path in the temp dir (static buffers, 32 in rotation). */
static inline const char *tpath(const char *name)
{
    static char bufs[32][256];
    static int i;
    char *b = bufs[i++ % 32];
    snprintf(b, 256, "%s/%s", tmpdir, name);
    return b;
}

/* A UTF-8 .reg file with the version 5 header and body. */
static inline const char *write_reg(const char *body)
{
    char name[32];
    snprintf(name, sizeof name, "in%d.reg", counter++);
    const char *p = tpath(name);
    char *text = NULL;
    ck_assert_int_ge(asprintf(&text, "Windows Registry Editor Version 5.00"
                                     "\n\n%s", body), 0);
    write_file(p, text, strlen(text));
    free(text);
    return p;
}

/* Import the .reg file reg into a new hive at out, its root standing for
** prefix; the import must give no error. */
static inline void import_hive(const char *out, const char *prefix,
                               const char *reg)
{
    reglint_import_options o = {prefix, 0};
    reglint_diags *d = reglint_diags_new();
    int rc = reglint_hive_import(NULL, out, &reg, 1, &o, d);
    for (size_t i = 0; i < reglint_diags_count(d); i++)
        reglint_diag_print(reglint_diags_at(d, i), stderr);
    ck_assert_msg(rc == 0, "import failed: %s", reglint_last_error());
    ck_assert_uint_eq(reglint_diags_count_severity(d, REGLINT_ERROR), 0);
    reglint_diags_free(d);
}

/* The same from .reg text. */
static inline void build_hive(const char *out, const char *prefix,
                              const char *body)
{
    import_hive(out, prefix, write_reg(body));
}

#endif
