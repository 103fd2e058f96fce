/*
** check_rules_cases.c — the shipped rule packs, case by case: each case is
** a small registry (.reg text, and/or a testdata image), an OS, and the
** results the rules must give (docs: ../shared/docs/rule-packs.md).
**
** The cases live in tests/rules/NAME.case ($SRCDIR/tests/rules; RULES_CASES
** overrides the directory).  RULES_CASE=SUBSTRING runs only the cases whose
** name (FILE:NAME) contains it.
**
** Case file format (line oriented; blanks around words are ignored):
**
**   # comment                       anywhere outside a reg: block
**   case NAME                       starts a case; a file holds any number.
**                                   Lines before the first `case` are file
**                                   defaults (os:, profile:, image:, reg:)
**                                   that every case of the file starts with.
**   os: SPEC                        after reading the OS facts from the
**                                   sources, apply reglint_os_override(SPEC)
**                                   (2012r2, server:17763/x86, 6.1.7601,
**                                   ...).  `os: unknown` forgets every fact
**                                   (build, role, arch unknown) instead.
**                                   Several os: lines apply in order; a
**                                   case's own os: lines replace the file's.
**   profile: P                      a profile to select (repeatable; a case's
**                                   own profile: lines replace the file's).
**                                   Default: all.  `profile: default` selects
**                                   nothing (the library's default profile).
**   image: NAME                     testdata/images/NAME: its SYSTEM.reg and
**                                   SOFTWARE.reg first (after a source of the
**                                   two lines [HKEY_LOCAL_MACHINE\SYSTEM] and
**                                   [HKEY_LOCAL_MACHINE\SOFTWARE], so that the
**                                   text covers what the hives cover, as a
**                                   whole-hive export does).  The case then also
**                                   runs on the built hives ($TESTHIVES/
**                                   NAME-SYSTEM, NAME-SOFTWARE) with the same
**                                   reg: blocks on top, and both runs must
**                                   give the same results (rule, result,
**                                   severity per target) and meet every
**                                   expectation.
**   reg:                            .reg text up to a line `end` (alone on
**   Windows Registry Editor ...     the line).  The header line may be left
**   [HKEY_LOCAL_MACHINE\...]        out (it is added).  Each block is one
**   "Enabled"=dword:00000001        source, layered in order after the
**   end                             image.  A case's own reg: blocks come
**                                   after the file's.
**   expect RULE RESULT [SEVERITY] [@ TARGET] [~ REASON] [fix~ TEXT]
**          [remedy~ TEXT] [no-fix] [no-remedy]
**                                   RESULT: pass | fail | unknown | n/a, or
**                                   `none` (the rule gives no result: not
**                                   selected).  SEVERITY: error | warning |
**                                   info (checked as given).  @ TARGET: only
**                                   the results whose target, key or
**                                   key\value contains TARGET
**                                   (case-insensitively; "quote" it to keep
**                                   blanks at its ends; @=TARGET: the target
**                                   is TARGET); there must be at least one.
**                                   Without @, every result of the rule must
**                                   match.  ~ REASON: each matching result's
**                                   reason contains it.  fix~ TEXT and
**                                   remedy~ TEXT: its fix (one of its lines,
**                                   say) or its remedy contains TEXT;
**                                   no-fix, no-remedy: it has none.  Each
**                                   TEXT runs to the next marker (@, ~,
**                                   fix~, remedy~, no-fix, no-remedy after a
**                                   blank) or the end of the line.
**   expect-count RULE N [RESULT]    the rule gives exactly N results (of
**                                   that RESULT, if given).
**
** Every case must expect something; .reg sources must read without error
** diagnostics.
*/
#include <check.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "reglint.h"

/* ---- the model of a case file ---------------------------------------- */

typedef struct expect_line {
    unsigned line;
    char *rule;
    char *result;    /* "pass", "fail", "unknown", "n/a", "none"         */
    char *severity;  /* NULL: not checked                                */
    char *target;    /* NULL: every result                               */
    bool exact;      /* @= : the target equals it                        */
    char *reason;    /* NULL: not checked                                */
    char *fix;       /* fix~: the fix contains it; NULL: not checked     */
    char *remedy;    /* remedy~: the remedy contains it                  */
    bool no_fix;     /* no-fix: the result has no fix                    */
    bool no_remedy;  /* no-remedy: it has no remedy                      */
    long count;      /* expect-count: N; -1 otherwise                    */
} expect_line;

typedef struct reg_block {
    unsigned line;
    char *text;
} reg_block;

typedef struct tcase_def {
    char *file;      /* base name                                        */
    char *name;
    unsigned line;
    char *image;
    char **os;
    size_t nos;
    char **profiles;
    size_t nprofiles;
    reg_block *regs;
    size_t nregs;
    expect_line *expects;
    size_t nexpects;
} tcase_def;

static tcase_def *cases;
static size_t ncases, cases_cap;
static char parse_errors[8192];

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        perror("realloc");
        exit(3);
    }
    return q;
}

static char *xstrdup(const char *s)
{
    char *d = strdup(s);
    if (!d) {
        perror("strdup");
        exit(3);
    }
    return d;
}

#define PUSH(arr, n, item)                                          \
    do {                                                            \
        (arr) = xrealloc((arr), ((n) + 1) * sizeof *(arr));         \
        (arr)[(n)++] = (item);                                      \
    } while (0)

static void perr(const char *file, unsigned line, const char *fmt, ...)
{
    size_t len = strlen(parse_errors);
    if (len > sizeof parse_errors - 256)
        return;
    snprintf(parse_errors + len, sizeof parse_errors - len, "%s:%u: ",
             file, line);
    len = strlen(parse_errors);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(parse_errors + len, sizeof parse_errors - len, fmt, ap);
    va_end(ap);
    strncat(parse_errors, "\n", sizeof parse_errors - strlen(parse_errors) - 1);
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
                 s[n - 1] == '\n'))
        s[--n] = '\0';
    return s;
}

/* Next blank-separated word of *p, or NULL. */
static char *word(char **p)
{
    char *s = *p;
    while (*s == ' ' || *s == '\t')
        s++;
    if (!*s)
        return NULL;
    char *w = s;
    while (*s && *s != ' ' && *s != '\t')
        s++;
    if (*s)
        *s++ = '\0';
    *p = s;
    return w;
}

/* The markers of an expect line after the result, longest first. */
static const char *const markers[] = {"remedy~", "no-remedy", "no-fix",
                                      "fix~", "@", "~", NULL};

/* The length of the marker that starts at s, or 0.  no-fix and
** no-remedy are whole words; the others may run into their text. */
static size_t marker_at(const char *s)
{
    for (size_t i = 0; markers[i]; i++) {
        size_t n = strlen(markers[i]);
        if (strncmp(s, markers[i], n) != 0)
            continue;
        if (n > 1 && markers[i][n - 1] != '~' && s[n] && s[n] != ' ' &&
            s[n] != '\t')
            continue;
        return n;
    }
    return 0;
}

/* A marker argument: "@ text" / "~ text" up to the next marker; "quoted". */
static char *marker_arg(char **p, const char *file, unsigned line)
{
    char *s = *p;
    while (*s == ' ' || *s == '\t')
        s++;
    char *out;
    if (*s == '"') {
        char *end = strchr(s + 1, '"');
        if (!end) {
            perr(file, line, "unterminated quote");
            *p = s + strlen(s);
            return NULL;
        }
        *end = '\0';
        out = s + 1;
        *p = end + 1;
    } else {
        char *end = s;
        while (*end && !((end == s || end[-1] == ' ') && marker_at(end)))
            end++;
        char c = *end;
        *end = '\0';
        out = trim(s);
        *end = c;
        out = xstrdup(out);
        *p = end;
        return out;
    }
    return xstrdup(out);
}

static bool is_result(const char *s)
{
    return !strcmp(s, "pass") || !strcmp(s, "fail") || !strcmp(s, "unknown") ||
           !strcmp(s, "n/a") || !strcmp(s, "none");
}

static bool is_severity(const char *s)
{
    return !strcmp(s, "error") || !strcmp(s, "warning") || !strcmp(s, "info");
}

static void parse_expect(tcase_def *c, char *rest, const char *file,
                         unsigned line, bool count)
{
    expect_line e = {.line = line, .count = -1};
    char *w = word(&rest);
    if (!w) {
        perr(file, line, "expect: no rule id");
        return;
    }
    e.rule = xstrdup(w);
    if (count) {
        char *n = word(&rest);
        char *end = NULL;
        if (!n || (e.count = strtol(n, &end, 10), *end) || e.count < 0) {
            perr(file, line, "expect-count: N is not a number");
            return;
        }
        char *r = word(&rest);
        if (r) {
            if (!is_result(r)) {
                perr(file, line, "expect-count: '%s' is not a result", r);
                return;
            }
            e.result = xstrdup(r);
        }
        PUSH(c->expects, c->nexpects, e);
        return;
    }
    w = word(&rest);
    if (!w || !is_result(w)) {
        perr(file, line, "expect %s: '%s' is not pass, fail, unknown, n/a or "
             "none", e.rule, w ? w : "");
        return;
    }
    e.result = xstrdup(w);
    for (;;) {
        while (*rest == ' ' || *rest == '\t')
            rest++;
        if (!*rest)
            break;
        if (!strncmp(rest, "fix~", 4)) {
            rest += 4;
            e.fix = marker_arg(&rest, file, line);
        } else if (!strncmp(rest, "remedy~", 7)) {
            rest += 7;
            e.remedy = marker_arg(&rest, file, line);
        } else if (marker_at(rest) == 6 && !strncmp(rest, "no-fix", 6)) {
            rest += 6;
            e.no_fix = true;
        } else if (marker_at(rest) == 9 && !strncmp(rest, "no-remedy", 9)) {
            rest += 9;
            e.no_remedy = true;
        } else if (*rest == '@') {
            rest++;
            if (*rest == '=') {
                e.exact = true;
                rest++;
            }
            e.target = marker_arg(&rest, file, line);
        } else if (*rest == '~') {
            rest++;
            e.reason = marker_arg(&rest, file, line);
        } else {
            w = word(&rest);
            if (!is_severity(w)) {
                perr(file, line, "expect %s: '%s' is not a severity, @ TARGET "
                     "or ~ REASON", e.rule, w);
                return;
            }
            e.severity = xstrdup(w);
        }
    }
    PUSH(c->expects, c->nexpects, e);
}

static void copy_defaults(tcase_def *c, const tcase_def *d)
{
    c->image = d->image ? xstrdup(d->image) : NULL;
    for (size_t i = 0; i < d->nos; i++)
        PUSH(c->os, c->nos, xstrdup(d->os[i]));
    for (size_t i = 0; i < d->nprofiles; i++)
        PUSH(c->profiles, c->nprofiles, xstrdup(d->profiles[i]));
    for (size_t i = 0; i < d->nregs; i++) {
        reg_block b = {d->regs[i].line, xstrdup(d->regs[i].text)};
        PUSH(c->regs, c->nregs, b);
    }
}

/* The file-level defaults are copied into each case; their own copies
** go when the file is read. */
static void free_defaults(tcase_def *d)
{
    free(d->image);
    for (size_t i = 0; i < d->nos; i++)
        free(d->os[i]);
    free(d->os);
    for (size_t i = 0; i < d->nprofiles; i++)
        free(d->profiles[i]);
    free(d->profiles);
    for (size_t i = 0; i < d->nregs; i++)
        free(d->regs[i].text);
    free(d->regs);
}

static void parse_file(const char *dir, const char *base)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, base);
    FILE *f = fopen(path, "r");
    if (!f) {
        perr(base, 0, "cannot open: %s", strerror(errno));
        return;
    }
    tcase_def defaults = {0};
    tcase_def *c = &defaults;
    bool own_os = false, own_profiles = false;
    char *buf = NULL;
    size_t cap = 0;
    unsigned lineno = 0;
    while (getline(&buf, &cap, f) > 0) {
        lineno++;
        char *l = trim(buf);
        if (!*l || *l == '#')
            continue;
        if (!strncmp(l, "case ", 5) || !strcmp(l, "case")) {
            if (ncases == cases_cap) {
                cases_cap = cases_cap ? 2 * cases_cap : 64;
                cases = xrealloc(cases, cases_cap * sizeof *cases);
            }
            c = &cases[ncases++];
            memset(c, 0, sizeof *c);
            c->file = xstrdup(base);
            c->name = xstrdup(trim(l + 4));
            c->line = lineno;
            copy_defaults(c, &defaults);
            own_os = own_profiles = false;
            continue;
        }
        char *colon = strchr(l, ':');
        if (!strncmp(l, "expect-count ", 13)) {
            if (c == &defaults)
                perr(base, lineno, "expect-count before the first case");
            else
                parse_expect(c, l + 13, base, lineno, true);
        } else if (!strncmp(l, "expect ", 7)) {
            if (c == &defaults)
                perr(base, lineno, "expect before the first case");
            else
                parse_expect(c, l + 7, base, lineno, false);
        } else if (colon && !strncmp(l, "os:", 3)) {
            if (c != &defaults && !own_os) {
                for (size_t i = 0; i < c->nos; i++)
                    free(c->os[i]);
                c->nos = 0;
                own_os = true;
            }
            PUSH(c->os, c->nos, xstrdup(trim(l + 3)));
        } else if (colon && !strncmp(l, "profile:", 8)) {
            if (c != &defaults && !own_profiles) {
                for (size_t i = 0; i < c->nprofiles; i++)
                    free(c->profiles[i]);
                c->nprofiles = 0;
                own_profiles = true;
            }
            PUSH(c->profiles, c->nprofiles, xstrdup(trim(l + 8)));
        } else if (colon && !strncmp(l, "image:", 6)) {
            free(c->image);
            c->image = xstrdup(trim(l + 6));
        } else if (!strcmp(l, "reg:")) {
            reg_block b = {lineno, NULL};
            size_t len = 0, tcap = 256;
            b.text = xrealloc(NULL, tcap);
            b.text[0] = '\0';
            bool ended = false;
            while (getline(&buf, &cap, f) > 0) {
                lineno++;
                char *t = buf;
                size_t tl = strlen(t);
                while (tl && (t[tl - 1] == '\n' || t[tl - 1] == '\r'))
                    t[--tl] = '\0';
                char *copy = xstrdup(t);
                bool end = !strcmp(trim(copy), "end");
                free(copy);
                if (end) {
                    ended = true;
                    break;
                }
                /* Leading indentation is kept: regedit ignores it, and the
                ** seed blocks are indented. */
                if (len + tl + 3 > tcap) {
                    tcap = 2 * (len + tl + 3);
                    b.text = xrealloc(b.text, tcap);
                }
                memcpy(b.text + len, t, tl);
                len += tl;
                b.text[len++] = '\r';
                b.text[len++] = '\n';
                b.text[len] = '\0';
            }
            if (!ended)
                perr(base, b.line, "reg: block without `end`");
            PUSH(c->regs, c->nregs, b);
        } else {
            perr(base, lineno, "unknown line: %s", l);
        }
    }
    free(buf);
    fclose(f);
    free_defaults(&defaults);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *cases_dir(void)
{
    static char dir[4096];
    const char *env = getenv("RULES_CASES");
    if (env && *env)
        return env;
    const char *src = getenv("SRCDIR");
    snprintf(dir, sizeof dir, "%s/tests/rules", src && *src ? src : ".");
    return dir;
}

static void load_cases(void)
{
    const char *dir = cases_dir();
    DIR *d = opendir(dir);
    if (!d) {
        perr(dir, 0, "cannot open the case directory: %s", strerror(errno));
        return;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l > 5 && !strcmp(e->d_name + l - 5, ".case"))
            PUSH(names, n, xstrdup(e->d_name));
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n; i++) {
        parse_file(dir, names[i]);
        free(names[i]);
    }
    free(names);
    for (size_t i = 0; i < ncases; i++)
        if (!cases[i].nexpects)
            perr(cases[i].file, cases[i].line, "case %s expects nothing",
                 cases[i].name);
    /* Case names are unique per file. */
    for (size_t i = 0; i < ncases; i++)
        for (size_t j = i + 1; j < ncases; j++)
            if (!strcmp(cases[i].file, cases[j].file) &&
                !strcmp(cases[i].name, cases[j].name))
                perr(cases[j].file, cases[j].line, "case name %s repeats "
                     "line %u", cases[j].name, cases[i].line);
}

/* ---- running a case --------------------------------------------------- */

static char tmpdir[] = "/tmp/check-rules-XXXXXX";

/* Remove the temp dir (flat: only the sources written) and reset its name. */
static void remove_tmpdir(void)
{
    DIR *d = opendir(tmpdir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            char p[600];
            snprintf(p, sizeof p, "%s/%s", tmpdir, e->d_name);
            unlink(p);
        }
        closedir(d);
        rmdir(tmpdir);
    }
    strcpy(tmpdir, "/tmp/check-rules-XXXXXX");
}

typedef struct msgbuf {
    char *s;
    size_t len, cap;
    unsigned problems;
} msgbuf;

static void say(msgbuf *m, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *t = NULL;
    int n = vasprintf(&t, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if (m->len + (size_t)n + 2 > m->cap) {
        m->cap = 2 * (m->len + (size_t)n + 2);
        m->s = xrealloc(m->s, m->cap);
    }
    memcpy(m->s + m->len, t, (size_t)n);
    m->len += (size_t)n;
    m->s[m->len] = '\0';
    free(t);
}

static bool contains_ci(const char *hay, const char *needle)
{
    if (!hay)
        return false;
    size_t n = strlen(needle);
    if (!n)
        return true;
    for (const char *h = hay; *h; h++)
        if (!strncasecmp(h, needle, n))
            return true;
    return false;
}

static bool target_matches(const reglint_result *r, const char *t)
{
    if (contains_ci(r->target, t) || contains_ci(r->key, t) ||
        contains_ci(r->value, t))
        return true;
    if (r->key && r->value) {
        char *kv = NULL;
        if (asprintf(&kv, "%s\\%s", r->key, r->value) < 0)
            return false;
        bool m = contains_ci(kv, t);
        free(kv);
        return m;
    }
    return false;
}

static const char *sev_name(const reglint_result *r)
{
    return reglint_level_name(r->severity);
}

static void describe(msgbuf *m, const reglint_result *r)
{
    say(m, "        got %s %s%s%s", r->rule->id,
        reglint_verdict_name(r->result),
        r->result == REGLINT_FAIL ? " " : "",
        r->result == REGLINT_FAIL ? sev_name(r) : "");
    if (r->target)
        say(m, " @ %s", r->target);
    else if (r->key)
        say(m, " [%s%s%s]", r->key, r->value ? "\\" : "",
            r->value ? r->value : "");
    if (r->actual)
        say(m, " actual=%s", r->actual);
    say(m, " -- %s\n", r->reason ? r->reason : "(no reason)");
    if (r->fix)
        say(m, "          fix: %s\n", r->fix);
    if (r->remedy)
        say(m, "          remedy: %s\n", r->remedy);
}

static const char *write_source(const char *text, unsigned i)
{
    /* The view may keep the path: one buffer per source number. */
    static char paths[128][512];
    char *path = paths[i % 128];
    snprintf(path, sizeof paths[0], "%s/src%u.reg", tmpdir, i);
    FILE *f = fopen(path, "wb");
    ck_assert_msg(f != NULL, "cannot write %s", path);
    const char *p = text;
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
        p++;
    if (strncmp(p, "Windows Registry Editor", 23) && strncmp(p, "REGEDIT4", 8))
        fputs("Windows Registry Editor Version 5.00\r\n\r\n", f);
    fputs(text, f);
    fclose(f);
    return path;
}

/* One run of a case: the image as .reg text (hives == false) or as hives,
** then the reg: blocks.  Results in *out (caller frees with the view). */
static reglint_results *run_once(const tcase_def *c, const reglint_rules *rs,
                                 bool hives, reglint_view **vout,
                                 msgbuf *m, const char *label)
{
    reglint_view *v = reglint_view_new(NULL);
    reglint_diags *d = reglint_diags_new();
    ck_assert_ptr_nonnull(v);
    if (c->image && !hives) {
        /* The image's .reg files name only the keys they hold; a regedit
        ** export of a whole hive starts with its root key, and so covers
        ** all of it, as the hive does.  Say so with a source of two lines. */
        reglint_view_add(v, write_source("[HKEY_LOCAL_MACHINE\\SYSTEM]\r\n\r\n"
                                         "[HKEY_LOCAL_MACHINE\\SOFTWARE]\r\n",
                                         99), NULL, d);
    }
    if (c->image) {
        for (int h = 0; h < 2; h++) {
            const char *hive = h ? "SOFTWARE" : "SYSTEM";
            char p[4096];
            if (hives) {
                const char *th = getenv("TESTHIVES");
                snprintf(p, sizeof p, "%s/%s-%s", th ? th : ".", c->image,
                         hive);
            } else {
                const char *src = getenv("SRCDIR");
                snprintf(p, sizeof p, "%s/testdata/images/%s/%s.reg",
                         src ? src : ".", c->image, hive);
            }
            if (!reglint_view_add(v, p, NULL, d)) {
                m->problems++;
                say(m, "    [%s] cannot add %s\n", label, p);
            }
        }
    }
    for (size_t i = 0; i < c->nregs; i++)
        reglint_view_add(v, write_source(c->regs[i].text, (unsigned)i), NULL,
                         d);
    ck_assert_int_eq(reglint_view_load(v, NULL, d), 0);
    if (reglint_diags_count_severity(d, REGLINT_ERROR)) {
        m->problems++;
        say(m, "    [%s] the sources have errors:\n", label);
        for (size_t i = 0; i < reglint_diags_count(d); i++) {
            const reglint_diag *g = reglint_diags_at(d, i);
            if (g->severity == REGLINT_ERROR)
                say(m, "        %s:%llu: %s [%s]\n", g->file,
                    (unsigned long long)g->line, g->message, g->code);
        }
    }
    reglint_diags_free(d);

    reglint_os os;
    memset(&os, 0, sizeof os);
    reglint_os_read(v, &os);
    for (size_t i = 0; i < c->nos; i++) {
        if (!strcmp(c->os[i], "unknown")) {
            memset(&os, 0, sizeof os);
        } else if (reglint_os_override(&os, c->os[i]) != 0) {
            m->problems++;
            say(m, "    bad os: %s (%s)\n", c->os[i], reglint_last_error());
        }
    }

    reglint_check_options opts = {0};
    const char *all[] = {"all"};
    if (c->nprofiles == 0) {
        opts.profiles = all;
        opts.nprofiles = 1;
    } else if (!(c->nprofiles == 1 && !strcmp(c->profiles[0], "default"))) {
        opts.profiles = (const char *const *)c->profiles;
        opts.nprofiles = c->nprofiles;
    }
    reglint_results *res = reglint_check(rs, v, &os, &opts);
    if (!res) {
        m->problems++;
        say(m, "    [%s] reglint_check failed: %s\n", label,
            reglint_last_error());
    }
    *vout = v;
    return res;
}

static void check_expectations(const tcase_def *c, const reglint_results *res,
                               msgbuf *m, const char *label)
{
    size_t n = reglint_results_count(res);
    for (size_t k = 0; k < c->nexpects; k++) {
        const expect_line *e = &c->expects[k];
        size_t total = 0, matched = 0, bad = 0;
        msgbuf why = {0};
        for (size_t i = 0; i < n; i++) {
            const reglint_result *r = reglint_results_at(res, i);
            if (strcasecmp(r->rule->id, e->rule))
                continue;
            total++;
            if (e->count >= 0) {
                if (!e->result ||
                    !strcmp(reglint_verdict_name(r->result), e->result))
                    matched++;
                continue;
            }
            if (e->target && (e->exact ? !r->target ||
                                              strcasecmp(r->target, e->target)
                                           : !target_matches(r, e->target)))
                continue;
            matched++;
            bool ok = !strcmp(e->result, "none") ? false
                      : !strcmp(reglint_verdict_name(r->result), e->result);
            if (ok && e->severity && strcmp(sev_name(r), e->severity))
                ok = false;
            if (ok && e->reason && !contains_ci(r->reason, e->reason))
                ok = false;
            if (ok && ((e->fix && !contains_ci(r->fix, e->fix)) ||
                       (e->no_fix && r->fix)))
                ok = false;
            if (ok && ((e->remedy && !contains_ci(r->remedy, e->remedy)) ||
                       (e->no_remedy && r->remedy)))
                ok = false;
            if (!ok) {
                bad++;
                describe(&why, r);
            }
        }
        bool fail = false;
        if (e->count >= 0) {
            fail = (long)matched != e->count;
            if (fail) {
                for (size_t i = 0; i < n; i++) {
                    const reglint_result *r = reglint_results_at(res, i);
                    if (!strcasecmp(r->rule->id, e->rule))
                        describe(&why, r);
                }
            }
        } else if (!strcmp(e->result, "none")) {
            fail = total != 0;
        } else {
            fail = bad || !matched;
        }
        if (fail) {
            m->problems++;
            if (e->count >= 0)
                say(m, "    [%s] %s:%u: expect-count %s %ld%s%s: got %zu\n",
                    label, c->file, e->line, e->rule, e->count,
                    e->result ? " " : "", e->result ? e->result : "",
                    matched);
            else
                say(m, "    [%s] %s:%u: expect %s %s%s%s%s%s%s%s%s%s%s%s%s%s: %s\n",
                    label, c->file, e->line, e->rule, e->result,
                    e->severity ? " " : "", e->severity ? e->severity : "",
                    e->target ? (e->exact ? " @=" : " @ ") : "",
                    e->target ? e->target : "",
                    e->reason ? " ~ " : "", e->reason ? e->reason : "",
                    e->fix ? " fix~ " : "", e->fix ? e->fix : "",
                    e->remedy ? " remedy~ " : "", e->remedy ? e->remedy : "",
                    e->no_fix ? " no-fix" : "",
                    e->no_remedy ? " no-remedy" : "",
                    !total ? "the rule gave no result"
                    : !matched ? "no result has that target" : "");
            if (why.s)
                say(m, "%s", why.s);
        }
        free(why.s);
    }
}

/* The results of the .reg run and the hive run must agree. */
static void compare_runs(const reglint_results *a, const reglint_results *b,
                         msgbuf *m)
{
    size_t na = reglint_results_count(a), nb = reglint_results_count(b);
    bool same = na == nb;
    for (size_t i = 0; same && i < na; i++) {
        const reglint_result *x = reglint_results_at(a, i);
        const reglint_result *y = reglint_results_at(b, i);
        if (strcmp(x->rule->id, y->rule->id) || x->result != y->result ||
            (x->result == REGLINT_FAIL && x->severity != y->severity))
            same = false;
    }
    if (same)
        return;
    m->problems++;
    say(m, "    the .reg image and the hive image give different results:\n");
    size_t n = na > nb ? na : nb;
    for (size_t i = 0; i < n; i++) {
        const reglint_result *x = i < na ? reglint_results_at(a, i) : NULL;
        const reglint_result *y = i < nb ? reglint_results_at(b, i) : NULL;
        if (x && y && !strcmp(x->rule->id, y->rule->id) &&
            x->result == y->result && x->severity == y->severity)
            continue;
        say(m, "      #%zu .reg: %s %s %s | hive: %s %s %s\n", i,
            x ? x->rule->id : "-", x ? reglint_verdict_name(x->result) : "",
            x && x->result == REGLINT_FAIL ? sev_name(x) : "",
            y ? y->rule->id : "-", y ? reglint_verdict_name(y->result) : "",
            y && y->result == REGLINT_FAIL ? sev_name(y) : "");
    }
}

/* The shipped packs, loaded once in main() before the tests fork (a load
** that fails is loaded again, and reported, by the first test). */
static reglint_rules *shared_rules;

static reglint_rules *load_builtin_quietly(void)
{
    reglint_rules *rs = reglint_rules_new();
    reglint_diags *d = reglint_diags_new();
    if (rs && d && (reglint_rules_load_builtin(rs, d) != 0 ||
                    reglint_diags_count(d))) {
        reglint_rules_free(rs);
        rs = NULL;
    }
    reglint_diags_free(d);
    return rs;
}

static reglint_rules *builtin_rules(void)
{
    if (shared_rules)
        return shared_rules;
    reglint_rules *rs = reglint_rules_new();
    reglint_diags *d = reglint_diags_new();
    int rc = reglint_rules_load_builtin(rs, d);
    if (rc != 0 || reglint_diags_count(d)) {
        for (size_t i = 0; i < reglint_diags_count(d); i++)
            reglint_diag_print(reglint_diags_at(d, i), stderr);
    }
    ck_assert_int_eq(rc, 0);
    ck_assert_uint_eq(reglint_diags_count(d), 0);
    reglint_diags_free(d);
    shared_rules = rs;
    return rs;
}

START_TEST(test_case_files_parse)
{
    ck_assert_msg(!parse_errors[0], "case files:\n%s", parse_errors);
    ck_assert_msg(ncases > 0, "no cases in %s", cases_dir());
}
END_TEST

/* Every rule the case files name exists in the shipped packs. */
START_TEST(test_cases_name_real_rules)
{
    reglint_rules *rs = builtin_rules();
    msgbuf m = {0};
    for (size_t i = 0; i < ncases; i++)
        for (size_t k = 0; k < cases[i].nexpects; k++)
            if (!reglint_rules_find(rs, cases[i].expects[k].rule)) {
                m.problems++;
                say(&m, "%s:%u: no rule %s\n", cases[i].file,
                    cases[i].expects[k].line, cases[i].expects[k].rule);
            }
    ck_assert_msg(!m.problems, "%s", m.s);
    free(m.s);
}
END_TEST

START_TEST(test_case)
{
    if ((size_t)_i >= ncases)
        return;
    const tcase_def *c = &cases[_i];
    char full[512];
    snprintf(full, sizeof full, "%s:%s", c->file, c->name);
    const char *filter = getenv("RULES_CASE");
    if (filter && *filter && !strstr(full, filter))
        return;

    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    reglint_rules *rs = builtin_rules();
    msgbuf m = {0};
    reglint_view *v1 = NULL, *v2 = NULL;
    reglint_results *r1 = run_once(c, rs, false, &v1, &m, ".reg");
    if (r1)
        check_expectations(c, r1, &m, c->image ? ".reg" : "case");
    reglint_results *r2 = NULL;
    if (c->image) {
        r2 = run_once(c, rs, true, &v2, &m, "hive");
        if (r2)
            check_expectations(c, r2, &m, "hive");
        if (r1 && r2)
            compare_runs(r1, r2, &m);
    }
    if (getenv("RULES_CASE_DUMP") && r1) {
        msgbuf all = {0};
        for (size_t i = 0; i < reglint_results_count(r1); i++)
            describe(&all, reglint_results_at(r1, i));
        fprintf(stderr, "%s (line %u):\n%s", full, c->line,
                all.s ? all.s : "");
        free(all.s);
    }
    reglint_results_free(r1);
    reglint_results_free(r2);
    reglint_view_free(v1);
    reglint_view_free(v2);
    remove_tmpdir();
    ck_assert_msg(!m.problems, "case %s (line %u): %u problem(s)\n%s", full,
                  c->line, m.problems, m.s ? m.s : "");
    free(m.s);
}
END_TEST

/* Every shipped fix fixes: on an empty, covered machine of several
** releases, with only the rule's own fix applied, the rule passes (or does
** not apply there). */
START_TEST(test_fixes_fix)
{
    static const char *const releases[] = {"2008r2/x64", "2012r2/x64",
                                           "2019/x64", "7/x86"};
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    reglint_rules *rs = builtin_rules();
    msgbuf m = {0};
    size_t nfix = 0;
    for (size_t i = 0; i < reglint_rules_count(rs); i++) {
        const reglint_rule_info *ri = reglint_rules_at(rs, i);
        if (!ri->fix)
            continue;
        nfix++;
        for (size_t k = 0; k < sizeof releases / sizeof *releases; k++) {
            reglint_view *v = reglint_view_new(NULL);
            reglint_diags *d = reglint_diags_new();
            reglint_view_add(v, write_source("[HKEY_LOCAL_MACHINE\\SYSTEM]\r\n"
                                             "\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE]"
                                             "\r\n", 0), NULL, d);
            reglint_view_add(v, write_source(ri->fix, 1), NULL, d);
            ck_assert_int_eq(reglint_view_load(v, NULL, d), 0);
            if (reglint_diags_count_severity(d, REGLINT_ERROR)) {
                m.problems++;
                say(&m, "%s: its fix does not read as .reg\n", ri->id);
            }
            reglint_os os;
            memset(&os, 0, sizeof os);
            reglint_os_read(v, &os);
            ck_assert_int_eq(reglint_os_override(&os, releases[k]), 0);
            const char *all[] = {"all"};
            reglint_check_options opts = {all, 1};
            reglint_results *res = reglint_check(rs, v, &os, &opts);
            ck_assert_ptr_nonnull(res);
            for (size_t j = 0; j < reglint_results_count(res); j++) {
                const reglint_result *r = reglint_results_at(res, j);
                if (r->rule != ri || r->result == REGLINT_PASS ||
                    r->result == REGLINT_NA)
                    continue;
                m.problems++;
                say(&m, "%s on %s after its fix:\n", ri->id, releases[k]);
                describe(&m, r);
            }
            reglint_results_free(res);
            reglint_view_free(v);
            reglint_diags_free(d);
        }
    }
    remove_tmpdir();
    ck_assert_msg(nfix > 0, "no rule has a fix");
    ck_assert_msg(!m.problems, "%u problem(s):\n%s", m.problems,
                  m.s ? m.s : "");
    free(m.s);
}
END_TEST

static Suite *cases_suite(void)
{
    Suite *s = suite_create("rules-cases");
    TCase *tc = tcase_create("cases");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_case_files_parse);
    tcase_add_test(tc, test_cases_name_real_rules);
    tcase_add_test(tc, test_fixes_fix);
    tcase_add_loop_test(tc, test_case, 0, ncases ? (int)ncases : 1);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    load_cases();
    shared_rules = load_builtin_quietly();
    SRunner *sr = srunner_create(cases_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    reglint_rules_free(shared_rules);
    return failed ? 1 : 0;
}
