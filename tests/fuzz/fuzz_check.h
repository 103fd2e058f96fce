/*
** fuzz_check.h — what the two rules-engine harnesses share
** (fuzz_rules_load.c: the rule file is the input; fuzz_check_reg.c: the
** .reg file is).  Static functions only: each harness includes it once.
**
**   fz_view      a view over one file, loaded with a scope (NULL: whole),
**                and its OS facts; every diagnostic must be well-formed;
**   fz_check     reglint_check with --profile all, every result checked
**                for what reglint.h promises about it;
**   fz_same      two result sets must give the same verdicts: a check on
**                the view its rules' scope loaded must say what a check on
**                the whole view says (the scope is how `reglint check`
**                reads only what its rules need; a key missing from it is
**                a wrong verdict);
**   fz_fix       the fix for the results: built, written in both
**                encodings, read back without an error, and layered on
**                the input as `check --apply` does: no fixable fail may
**                remain, except those of rules that lost a clash;
**   fz_reports   every report format and the info page: text to
**                /dev/null; the JSON report and JSON info page must parse
**                (json-c, strict, UTF-8 checked); the JUnit report must
**                hold only characters XML 1.0 allows, in UTF-8.
**
** A violated expectation calls abort(), so libFuzzer keeps the input.
*/
#ifndef FUZZ_CHECK_H
#define FUZZ_CHECK_H

#include "reglint.h"

#include <errno.h>
#include <json-c/json.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef FZ_NAME
#error "define FZ_NAME (the harness's name, for messages) first"
#endif

static const char *const fz_all[] = {"all"};
static const reglint_check_options fz_all_opts = {fz_all, 1};

static void fz_fail(const char *what, const char *detail)
{
    fprintf(stderr, FZ_NAME ": %s%s%s\n", what, detail ? ": " : "",
            detail ? detail : "");
    abort();
}

/* /dev/null, opened once: the reports' bytes are not what is checked. */
static FILE *fz_null(void)
{
    static FILE *sink;
    if (!sink && !(sink = fopen("/dev/null", "w")))
        fz_fail("cannot open /dev/null", strerror(errno));
    return sink;
}

/* A memory file holding data; its /proc/self/fd path into path. */
static int fz_memfd(const char *name, const void *data, size_t size,
                    char *path, size_t pathlen)
{
    int fd = memfd_create(name, MFD_CLOEXEC);
    if (fd < 0)
        fz_fail("memfd_create", strerror(errno));
    for (size_t done = 0; done < size;) {
        ssize_t n = write(fd, (const char *)data + done, size - done);
        if (n <= 0)
            fz_fail("write to the memfd", strerror(errno));
        done += (size_t)n;
    }
    snprintf(path, pathlen, "/proc/self/fd/%d", fd);
    return fd;
}

static void fz_diags(const reglint_diags *d)
{
    for (size_t i = 0; i < reglint_diags_count(d); i++) {
        const reglint_diag *g = reglint_diags_at(d, i);
        if (!g || !g->code || !*g->code || !g->message || !g->file)
            fz_fail("diagnostic without file, code or message", NULL);
        if (g->severity != REGLINT_WARNING && g->severity != REGLINT_ERROR)
            fz_fail("diagnostic with an unknown severity", g->code);
        reglint_diag_print(g, fz_null());
    }
}

/* A view over the file at path, loaded through scope (NULL: whole), with
** its OS facts in *os. */
static reglint_view *fz_view(const char *path, const reglint_scope *scope,
                             reglint_os *os)
{
    reglint_view *v = reglint_view_new(NULL);
    reglint_diags *d = reglint_diags_new();
    if (!v || !d)
        abort();
    uint32_t id = reglint_view_add(v, path, NULL, d);
    if (!id && reglint_diags_count_severity(d, REGLINT_ERROR) == 0)
        fz_fail("reglint_view_add failed without an error diagnostic",
                reglint_last_error());
    if (reglint_view_load(v, scope, d) != 0 && errno != ENOMEM)
        fz_fail("reglint_view_load failed", reglint_last_error());
    fz_diags(d);
    reglint_diags_free(d);
    memset(os, 0xa5, sizeof *os); /* reglint_os_read must set everything */
    if (reglint_os_read(v, os) != 0)
        fz_fail("reglint_os_read failed", NULL);
    return v;
}

/* reglint_check with --profile all, and what reglint.h says of a result. */
static reglint_results *fz_check(const reglint_rules *rs,
                                 const reglint_view *v, const reglint_os *os)
{
    errno = 0;
    reglint_results *r = reglint_check(rs, v, os, &fz_all_opts);
    if (!r) {
        if (errno == ENOMEM)
            return NULL;
        fz_fail("reglint_check failed", reglint_last_error());
    }
    size_t n = reglint_results_count(r);
    if (n < reglint_rules_count(rs))
        fz_fail("--profile all gave fewer results than there are rules",
                NULL);
    for (size_t i = 0; i < n; i++) {
        const reglint_result *x = reglint_results_at(r, i);
        if (!x || !x->rule || !x->rule->id || !x->profile)
            fz_fail("a result without its rule or profile", NULL);
        if (x->result != REGLINT_PASS && x->result != REGLINT_FAIL &&
            x->result != REGLINT_UNKNOWN && x->result != REGLINT_NA)
            fz_fail("a result with an unknown verdict", x->rule->id);
        if (x->severity < REGLINT_LEVEL_INFO ||
            x->severity > REGLINT_LEVEL_ERROR)
            fz_fail("a result with an unknown severity", x->rule->id);
        if (x->found_value && !x->found_key)
            fz_fail("a value found without its key", x->rule->id);
        if (x->origin.source) {
            const reglint_key *k = x->found_key;
            char *desc = reglint_view_describe_origin(v, k, x->origin);
            if (!desc && errno != ENOMEM && errno != EINVAL)
                fz_fail("reglint_view_describe_origin failed", x->rule->id);
            free(desc);
        }
        (void)reglint_verdict_name(x->result);
        (void)reglint_level_name(x->severity);
    }
    if (reglint_results_at(r, n) != NULL)
        fz_fail("reglint_results_at past the end is not NULL", NULL);
    return r;
}

static int fz_streq(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* The scoped view must give what the whole view gives. */
static void fz_same(const reglint_results *whole, const reglint_results *sc)
{
    if (!whole || !sc)
        return; /* ENOMEM */
    size_t n = reglint_results_count(whole);
    if (reglint_results_count(sc) != n) {
        fprintf(stderr, FZ_NAME ": %zu results on the whole view, %zu on "
                "the scoped one\n", n, reglint_results_count(sc));
        fz_fail("the rules' scope changes the results", NULL);
    }
    for (size_t i = 0; i < n; i++) {
        const reglint_result *a = reglint_results_at(whole, i);
        const reglint_result *b = reglint_results_at(sc, i);
        if (a->rule != b->rule || a->result != b->result ||
            a->severity != b->severity || !fz_streq(a->target, b->target) ||
            !fz_streq(a->actual, b->actual)) {
            fprintf(stderr, FZ_NAME ": rule %s target %s: whole view %s "
                    "(%s; %s), scoped view %s (%s; %s)\n", a->rule->id,
                    a->target ? a->target : "-",
                    reglint_verdict_name(a->result), a->actual, a->reason,
                    reglint_verdict_name(b->result), b->actual, b->reason);
            fz_fail("the rules' scope changes the results", a->rule->id);
        }
    }
}

/* A JSON document must parse, strictly, as UTF-8 (RFC 8259). */
static void fz_json_ok(const char *buf, size_t len, const char *what)
{
    json_tokener *tok = json_tokener_new_ex(JSON_TOKENER_DEFAULT_DEPTH);
    if (!tok)
        abort();
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT |
                                    JSON_TOKENER_VALIDATE_UTF8);
    json_object *o = json_tokener_parse_ex(tok, buf, (int)len);
    enum json_tokener_error e = json_tokener_get_error(tok);
    if (!o || e != json_tokener_success ||
        json_tokener_get_parse_end(tok) + 1 < len || /* trailing newline */
        !json_object_is_type(o, json_type_object)) {
        fwrite(buf, 1, len < 4096 ? len : 4096, stderr);
        fputc('\n', stderr);
        fz_fail("output is not one JSON object", what);
    }
    json_object_put(o);
    json_tokener_free(tok);
}

/* XML 1.0 text: well-formed UTF-8 of characters XML can carry (tab, LF,
** CR, U+0020-U+D7FF, U+E000-U+FFFD, U+10000-U+10FFFF).  Only the
** characters are checked here; xmllint checks the structure in the CLI
** tests. */
static void fz_xml_chars_ok(const char *buf, size_t len, const char *what)
{
    const unsigned char *p = (const unsigned char *)buf;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n;
        unsigned char c = p[i];
        if (c < 0x80) {
            cp = c;
            n = 1;
        } else if (c >= 0xc2 && c <= 0xdf) {
            cp = c & 0x1f;
            n = 2;
        } else if (c >= 0xe0 && c <= 0xef) {
            cp = c & 0x0f;
            n = 3;
        } else if (c >= 0xf0 && c <= 0xf4) {
            cp = c & 0x07;
            n = 4;
        } else {
            n = 0;
            cp = 0;
        }
        if (n == 0 || i + n > len)
            goto bad;
        for (size_t k = 1; k < n; k++) {
            if ((p[i + k] & 0xc0) != 0x80)
                goto bad;
            cp = cp << 6 | (p[i + k] & 0x3f);
        }
        if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
            cp > 0x10ffff || (cp < 0x20 && cp != 0x9 && cp != 0xa &&
                              cp != 0xd) ||
            (cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfffe || cp == 0xffff)
            goto bad;
        i += n;
        continue;
    bad:
        fprintf(stderr, FZ_NAME ": byte %zu of the output: ", i);
        fwrite(buf + (i > 64 ? i - 64 : 0), 1,
               (i > 64 ? 64 : i) + (len - i < 16 ? len - i : 16), stderr);
        fputc('\n', stderr);
        fz_fail("output is not XML 1.0 characters in UTF-8", what);
    }
}

/* Write a report into memory: *len bytes at the returned buffer, to
** free(). */
static char *fz_report_mem(const reglint_results *r, const reglint_view *v,
                           const reglint_os *os,
                           const reglint_report_options *ro, size_t *len)
{
    char *buf = NULL;
    FILE *mem = open_memstream(&buf, len);
    if (!mem)
        abort();
    if (reglint_report_write(mem, r, v, os, ro) < 0)
        fz_fail("reglint_report_write", reglint_last_error());
    if (fclose(mem) != 0)
        abort();
    return buf;
}

static void fz_reports(const reglint_results *r, const reglint_view *v,
                       const reglint_os *os, const reglint_rules *rs)
{
    reglint_report_options ro = {
        .format = REGLINT_FORMAT_TEXT, .color = 0, .profiles = fz_all,
        .nprofiles = 1, .fail_on = REGLINT_LEVEL_ERROR};
    if (r) {
        if (reglint_report_write(fz_null(), r, v, os, &ro) < 0)
            fz_fail("reglint_report_write text", reglint_last_error());
        ro.color = 1;
        ro.fail_on = REGLINT_LEVEL_INFO;
        if (reglint_report_write(fz_null(), r, v, os, &ro) < 0)
            fz_fail("reglint_report_write text", reglint_last_error());
        ro.color = 0;
        ro.format = REGLINT_FORMAT_JUNIT;
        size_t len = 0;
        char *buf = fz_report_mem(r, v, os, &ro, &len);
        fz_xml_chars_ok(buf, len, "reglint_report_write junit");
        free(buf);
        ro.format = REGLINT_FORMAT_JSON;
        buf = fz_report_mem(r, v, os, &ro, &len);
        fz_json_ok(buf, len, "reglint_report_write json");
        free(buf);
    }
    if (reglint_info_write(fz_null(), v, os, rs, REGLINT_FORMAT_TEXT) < 0)
        fz_fail("reglint_info_write text", reglint_last_error());
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem)
        abort();
    if (reglint_info_write(mem, v, os, rs, REGLINT_FORMAT_JSON) < 0)
        fz_fail("reglint_info_write json", reglint_last_error());
    if (fclose(mem) != 0)
        abort();
    fz_json_ok(buf, len, "reglint_info_write json");
    free(buf);
}

/* The fix for r (a check of the file at path through scope): what
** `reglint fix -o` builds, writes and then verifies.  proven: the rules
** are the shipped packs, whose fixes must fix what they flag (a fuzzed
** rule file's fix lines need not). */
static void fz_fix(const reglint_rules *rs, const reglint_results *r,
                   const reglint_view *v, const reglint_os *os,
                   const char *path, const reglint_scope *scope, int proven)
{
    if (!r)
        return;
    reglint_fix *f = proven ? reglint_fix_build_checked(rs, &fz_all_opts, r,
                                                        v, os)
                            : reglint_fix_build(r, v, os);
    if (!f) {
        if (errno == ENOMEM)
            return;
        fz_fail("reglint_fix_build failed", reglint_last_error());
    }
    reglint_fix_write_options wo = {REGLINT_ENC_UTF16LE, NULL, 0};
    /* A name a .reg file cannot hold is a step by hand, never a line of
    ** the fix: writing it cannot fail. */
    if (reglint_fix_write(f, &wo, fz_null()) < 0)
        fz_fail("reglint_fix_write utf16", reglint_last_error());
    wo.encoding = REGLINT_ENC_UTF8;
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem)
        abort();
    int wr = reglint_fix_write(f, &wo, mem);
    if (fclose(mem) != 0)
        abort();
    if (wr < 0)
        fz_fail("reglint_fix_write utf8", reglint_last_error());
    char fixpath[64];
    int fd = fz_memfd("fuzz-fix", buf, len, fixpath, sizeof fixpath);
    free(buf);
    reglint_view *after = reglint_view_new(NULL);
    reglint_diags *d = reglint_diags_new();
    if (!after || !d)
        abort();
    reglint_view_add(after, path, NULL, d);
    size_t before = reglint_diags_count(d);
    if (!reglint_view_add_change(after, fixpath, d))
        fz_fail("the fix is not a change file", reglint_last_error());
    if (reglint_view_load(after, scope, d) != 0) {
        if (errno == ENOMEM)
            goto out;
        fz_fail("reglint_view_load with the fix", reglint_last_error());
    }
    /* The fix reads back as regedit's own syntax: nothing to say. */
    for (size_t i = before; i < reglint_diags_count(d); i++) {
        const reglint_diag *g = reglint_diags_at(d, i);
        if (strcmp(g->file, fixpath) == 0)
            fz_fail("the fix does not read back cleanly", g->message);
    }
    reglint_os aos;
    reglint_os_read(after, &aos);
    reglint_results *ra = reglint_check(rs, after, &aos, &fz_all_opts);
    for (size_t i = 0; proven && ra && i < reglint_results_count(ra); i++) {
        const reglint_result *x = reglint_results_at(ra, i);
        if (reglint_result_fixable(x) &&
            !reglint_fix_conflicted(f, x->rule->id))
            fz_fail("a fixable fail remains with the fix applied",
                    x->rule->id);
    }
    reglint_results_free(ra);
out:
    reglint_diags_free(d);
    reglint_view_free(after);
    close(fd);
    reglint_fix_free(f);
}

#endif /* FUZZ_CHECK_H */
