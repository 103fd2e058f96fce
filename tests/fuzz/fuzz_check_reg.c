/*
** fuzz_check_reg.c — libFuzzer harness for `reglint check` and `reglint
** info` on a .reg file: the view (view.c, source_reg.c), the OS facts
** (os_facts.c), the built-in packs run by the evaluator (rules_eval.c,
** rules_builtin.c, schannel.c) and the reports (report*.c).
**
** The input is a .reg file (UTF-8 or UTF-16, any header).  It is written
** into an anonymous memory file (memfd_create) and the view opens
** /proc/self/fd/N, so nothing touches the disk.  For each input:
**   1. a view loaded through the scope of the built-in packs' rules for
**      --profile all (what `reglint check` does), its OS facts, and
**      reglint_check with --profile all;
**   2. the same on a view of the whole file: the verdicts must be the same
**      (fuzz_check.h: the scope must hold every key a rule reads);
**   3. the fix for the results, layered on the file as `check --apply`
**      does: no fixable fail may remain (fuzz_check.h);
**   4. the results written as text (with and without colour), JUnit and
**      JSON, and the info page (the effective protocol matrix) as text and
**      JSON (fuzz_check.h): the JSON documents must parse as strict UTF-8
**      JSON, the JUnit XML must hold only characters XML 1.0 allows.
** The built-in packs are loaded once.  An input that starts with "regf"
** would be read as a hive, which fuzz_hive_read covers: it is skipped.
** A violated expectation calls abort(), so libFuzzer keeps the input.
**
** Build: CC=clang meson setup build-fuzz -Dfuzzing=true
** Run:   build-fuzz/tests/fuzz/fuzz_check_reg -dict=tests/fuzz/reg.dict
**            CORPUS (a copy of tests/fuzz/seeds-check)
*/
#define FZ_NAME "fuzz_check_reg"
#include "fuzz_check.h"

/* Big inputs only slow the fuzzer down; the reader's size limits are
** fuzz_reg_read's and the unit tests' business. */
#define FUZZ_MAX_INPUT (1u << 20)

static reglint_rules *rules;
static reglint_scope *check_scope;

static void init(void)
{
    reglint_diags *d = reglint_diags_new();
    rules = reglint_rules_new();
    check_scope = reglint_scope_new();
    if (!d || !rules || !check_scope)
        abort();
    if (reglint_rules_load_builtin(rules, d) != 0 || reglint_diags_count(d))
        fz_fail("the built-in packs do not load", reglint_last_error());
    reglint_diags_free(d);
    if (reglint_rules_scope(rules, &fz_all_opts, check_scope) != 0)
        fz_fail("reglint_rules_scope failed", reglint_last_error());
}

/* The scope includes what reglint_os_read reads: the same facts, from
** the same places. */
static int same_os(const reglint_os *a, const reglint_os *b)
{
    if (a->major != b->major || a->minor != b->minor ||
        a->build != b->build || a->ubr != b->ubr ||
        a->service_pack != b->service_pack || a->role != b->role ||
        a->arch != b->arch || strcmp(a->edition, b->edition) != 0 ||
        strcmp(a->product_name, b->product_name) != 0 ||
        strcmp(a->display_version, b->display_version) != 0)
        return 0;
    for (int f = 0; f < REGLINT_FACT_COUNT; f++)
        if (a->fact[f].known != b->fact[f].known ||
            (a->fact[f].known &&
             strcmp(a->fact[f].where, b->fact[f].where) != 0))
            return 0;
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT || (size >= 4 && memcmp(data, "regf", 4) == 0))
        return -1; /* not added to the corpus */
    if (!rules)
        init();

    char path[64];
    int fd = fz_memfd("fuzz-check", data, size, path, sizeof path);

    reglint_os os, whole_os;
    reglint_view *v = fz_view(path, check_scope, &os);
    reglint_view *whole = fz_view(path, NULL, &whole_os);
    if (!same_os(&os, &whole_os))
        fz_fail("the OS facts differ between the scoped and the whole view",
                NULL);
    reglint_results *r = fz_check(rules, v, &os);
    reglint_results *rw = fz_check(rules, whole, &whole_os);
    fz_same(rw, r);
    fz_reports(r, v, &os, rules);
    fz_fix(rules, r, v, &os, path, check_scope, 1);

    reglint_results_free(rw);
    reglint_results_free(r);
    reglint_view_free(whole);
    reglint_view_free(v);
    close(fd);
    return 0;
}
