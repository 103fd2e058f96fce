/*
** corpus_hive.c — every regf hive of the shared corpus, through the
** reglint command, as a user would run it.
**
** Usage: corpus_hive CORPUS_DIR WORK_DIR, with REGLINT the reglint binary.
**
** CORPUS_DIR/MANIFEST.tsv (tab-separated, a header row naming the columns)
** lists the files.  For every row whose `kind` starts with "regf hive" the
** hive is unpacked with xz into a scratch directory under WORK_DIR (the
** build directory; never the source tree), under its own name without
** .xz, with the .LOG/.LOG1/.LOG2 files the manifest lists beside it
** (reglint names the logs it finds beside a dirty hive).  Then:
**   - `reglint info --format json HIVE` must end within 60 s, by itself,
**     with exit status 0 or 2, and print one JSON document describing the
**     hive as sources[0];
**   - exit 2 only with an error diagnostic that names the file, in the
**     documented form "FILE: offset N: error: MESSAGE [CODE]" (the offset
**     is required for hive-* and not-hive errors);
**   - MALFORMED in the notes, BAD-HEADER-CHECKSUM or TRUNCATED in the
**     state: a diagnostic must say so (hive-checksum, hive-truncated,
**     hive-unsafe, hive-corrupt, hive-cell): a damaged hive is never read
**     in silence;
**   - state DIRTY: sources[0].dirty is true, and a hive-dirty warning names
**     the file and every log unpacked beside it (which sources[0].logs
**     lists too); a clean hive: dirty is false and no hive-dirty warning;
**   - hive_type SYSTEM, SOFTWARE, SAM, SECURITY, NTUSER, BCD, UsrClass or
**     Amcache: sources[0].hive_type says the same;
**   - hive_type SYSTEM (real SYSTEM hives): the control set is known, the
**     role (client/server) is known, the architecture is the one in the
**     windows_version column, and `reglint get HIVE 'HKLM\SYSTEM\
**     CurrentControlSet\Control\SecurityProviders\SCHANNEL' EventLogging`
**     prints what the tool_validation column says hivexget printed;
**   - `reglint dump --format jsonl HIVE` (the whole hive, not only what
**     info reads) ends within 60 s with exit status 0 or 2.
** Prints "ok N - ..." or "not ok N - ..." per check (with the command's
** stderr after a failure), then "N passed, M failed".  Exit 0, 1 if any
** check failed, 77 (skip) if the manifest is absent, 99 on a setup error.
*/
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SKIP 77
#define HARD_ERROR 99
#define RUN_TIMEOUT 60 /* seconds, for each reglint run */

/* ---- results ---- */

static unsigned npassed, nfailed, ncheck;

static void result(bool pass, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void result(bool pass, const char *fmt, ...)
{
    va_list ap;
    printf("%s %u - ", pass ? "ok" : "not ok", ++ncheck);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    if (pass)
        npassed++;
    else
        nfailed++;
}

/* "# " + each line of the file (at most max lines), after a failure. */
static void show_file(const char *label, const char *path, int max)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    char line[1024];
    int n = 0;
    printf("#   %s:\n", label);
    while (n < max && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        printf("#     %s\n", line);
        n++;
    }
    fclose(f);
}

/* ---- running commands ---- */

typedef struct run_result {
    int status;    /* exit status, when exited */
    bool exited;   /* ended by itself with an exit status */
    int signal;    /* killed by this signal (0: none) */
    bool timed_out;
} run_result;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Run argv with stdout and stderr to the given files (NULL: /dev/null),
** killing it after timeout seconds. */
static run_result run(char *const argv[], const char *out, const char *err,
                      int timeout)
{
    run_result r = {0};
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        exit(HARD_ERROR);
    }
    if (pid == 0) {
        int o = open(out ? out : "/dev/null",
                     O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        int e = open(err ? err : "/dev/null",
                     O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        int in = open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (o < 0 || e < 0 || in < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0 ||
            dup2(in, 0) < 0)
            _exit(126);
        execvp(argv[0], argv);
        fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    double deadline = now_s() + timeout;
    int st = 0;
    for (;;) {
        pid_t w = waitpid(pid, &st, WNOHANG);
        if (w == pid)
            break;
        if (w < 0 && errno != EINTR) {
            perror("waitpid");
            exit(HARD_ERROR);
        }
        if (now_s() > deadline) {
            kill(pid, SIGKILL);
            waitpid(pid, &st, 0);
            r.timed_out = true;
            return r;
        }
        struct timespec ts = {0, 5 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    if (WIFEXITED(st)) {
        r.exited = true;
        r.status = WEXITSTATUS(st);
    } else if (WIFSIGNALED(st)) {
        r.signal = WTERMSIG(st);
    }
    return r;
}

static const char *describe(const run_result *r, char *buf, size_t len)
{
    if (r->timed_out)
        snprintf(buf, len, "still running after %d s (killed)", RUN_TIMEOUT);
    else if (r->signal)
        snprintf(buf, len, "killed by signal %d (%s)", r->signal,
                 strsignal(r->signal));
    else
        snprintf(buf, len, "exit status %d", r->status);
    return buf;
}

/* ---- files ---- */

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 8192, n = 0;
    char *buf = malloc(cap + 1);
    while (buf) {
        if (n == cap) {
            char *nb = realloc(buf, cap * 2 + 1);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        if (!got)
            break;
        n += got;
    }
    fclose(f);
    if (buf)
        buf[n] = '\0';
    return buf;
}

static int mkdirs(const char *path)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0755) < 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return mkdir(buf, 0755) < 0 && errno != EEXIST ? -1 : 0;
}

/* Unpack CORPUS/rel (an .xz file) to dst; false (with a message) if xz
** fails. */
static bool unpack(const char *corpus, const char *rel, const char *dst)
{
    char src[4096], err[4200];
    snprintf(src, sizeof src, "%s/%s", corpus, rel);
    snprintf(err, sizeof err, "%s.xz-stderr", dst);
    char *argv[] = {"xz", "-dc", "--", src, NULL};
    run_result r = run(argv, dst, err, 300);
    unlink(err);
    if (!r.exited || r.status != 0) {
        char why[128];
        printf("# xz -dc %s: %s\n", src, describe(&r, why, sizeof why));
        return false;
    }
    return true;
}

/* ---- the manifest ---- */

enum { C_PATH, C_KIND, C_TYPE, C_STATE, C_WINVER, C_VALID, C_NOTES, NCOLS };
static const char *const col_names[NCOLS] = {
    "path", "kind", "hive_type", "state", "windows_version",
    "tool_validation", "notes"};

typedef struct row {
    char *f[NCOLS];
} row;

static row *rows;
static size_t nrows;

static void chomp(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = '\0';
}

/* Read the manifest; false if it cannot be opened (skip). */
static bool read_manifest(const char *path)
{
    FILE *m = fopen(path, "r");
    if (!m)
        return false;
    char *line = NULL;
    size_t cap = 0;
    int col[NCOLS];
    for (int i = 0; i < NCOLS; i++)
        col[i] = -1;
    if (getline(&line, &cap, m) < 0) {
        fclose(m);
        free(line);
        return false;
    }
    chomp(line);
    int idx = 0;
    for (char *p = line, *t;; p = t + 1, idx++) {
        t = strchr(p, '\t');
        if (t)
            *t = '\0';
        for (int i = 0; i < NCOLS; i++)
            if (strcmp(p, col_names[i]) == 0)
                col[i] = idx;
        if (!t)
            break;
    }
    if (col[C_PATH] < 0 || col[C_KIND] < 0) {
        printf("# %s: no path or kind column\n", path);
        exit(HARD_ERROR);
    }
    while (getline(&line, &cap, m) >= 0) {
        chomp(line);
        if (!*line)
            continue;
        row r;
        for (int i = 0; i < NCOLS; i++)
            r.f[i] = NULL;
        idx = 0;
        for (char *p = line, *t;; p = t + 1, idx++) {
            t = strchr(p, '\t');
            if (t)
                *t = '\0';
            for (int i = 0; i < NCOLS; i++)
                if (col[i] == idx)
                    r.f[i] = strdup(p);
            if (!t)
                break;
        }
        for (int i = 0; i < NCOLS; i++)
            if (!r.f[i])
                r.f[i] = strdup("");
        row *nr = realloc(rows, (nrows + 1) * sizeof *nr);
        if (!nr) {
            printf("# out of memory\n");
            exit(HARD_ERROR);
        }
        rows = nr;
        rows[nrows++] = r;
    }
    free(line);
    fclose(m);
    return true;
}

/* "dir/NAME.xz" without ".xz". */
static char *strip_xz(const char *rel)
{
    size_t n = strlen(rel);
    if (n > 3 && strcmp(rel + n - 3, ".xz") == 0)
        n -= 3;
    return strndup(rel, n);
}

/* Is `cand` (no .xz) the hive's name plus .LOG, .LOG1 or .LOG2, in any
** case, as Windows names the logs? */
static bool is_log_of(const char *hive, const char *cand)
{
    size_t hl = strlen(hive), cl = strlen(cand);
    if (cl <= hl || strncasecmp(cand, hive, hl) != 0)
        return false;
    const char *suf = cand + hl;
    return strcasecmp(suf, ".LOG") == 0 || strcasecmp(suf, ".LOG1") == 0 ||
           strcasecmp(suf, ".LOG2") == 0;
}

/* ---- diagnostics on stderr ---- */

typedef struct diag {
    bool error;      /* else warning */
    bool has_offset;
    char code[64];
    const char *line; /* the whole line (points into the stderr text) */
} diag;

/* Parse "FILE[: offset N]: error|warning: MESSAGE [CODE]" lines naming
** file; other lines are ignored.  Lines are NUL-terminated in place. */
static size_t parse_diags(char *text, const char *file, diag *out,
                          size_t max)
{
    size_t n = 0, fl = strlen(file);
    for (char *p = text; p && *p && n < max;) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        char *line = p;
        p = nl ? nl + 1 : NULL;
        if (strncmp(line, file, fl) != 0 || strncmp(line + fl, ": ", 2))
            continue;
        char *q = line + fl + 2;
        diag d = {0};
        d.line = line;
        if (strncmp(q, "offset ", 7) == 0 && isdigit((unsigned char)q[7])) {
            q += 7;
            while (isdigit((unsigned char)*q))
                q++;
            if (strncmp(q, ": ", 2) != 0)
                continue;
            q += 2;
            d.has_offset = true;
        }
        if (strncmp(q, "error: ", 7) == 0)
            d.error = true;
        else if (strncmp(q, "warning: ", 9) != 0)
            continue;
        size_t ll = strlen(line);
        char *open = strrchr(line, '[');
        if (!open || ll < 3 || line[ll - 1] != ']' || open[-1] != ' ')
            continue;
        size_t cl = (size_t)(line + ll - 1 - (open + 1));
        if (cl == 0 || cl >= sizeof d.code)
            continue;
        memcpy(d.code, open + 1, cl);
        d.code[cl] = '\0';
        out[n++] = d;
    }
    return n;
}

static const diag *find_code(const diag *d, size_t n, const char *const *codes)
{
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; codes[k]; k++)
            if (strcmp(d[i].code, codes[k]) == 0)
                return &d[i];
    return NULL;
}

/* ---- JSON ---- */

static json_object *jget(json_object *o, const char *key)
{
    json_object *v = NULL;
    if (o && json_object_is_type(o, json_type_object) &&
        json_object_object_get_ex(o, key, &v))
        return v;
    return NULL;
}

static const char *jstr(json_object *o, const char *key)
{
    json_object *v = jget(o, key);
    return v && json_object_is_type(v, json_type_string)
               ? json_object_get_string(v)
               : NULL;
}

/* ---- one hive ---- */

static const char *const known_types[] = {
    "SYSTEM", "SOFTWARE", "SAM", "SECURITY", "NTUSER", "BCD", "UsrClass",
    "Amcache", NULL};

/* The architecture a windows_version column names ("... x64 (...").*/
static const char *manifest_arch(const char *winver)
{
    static const char *const archs[] = {"x86", "x64", "arm64", NULL};
    for (size_t i = 0; archs[i]; i++) {
        size_t al = strlen(archs[i]);
        for (const char *p = strstr(winver, archs[i]); p;
             p = strstr(p + 1, archs[i]))
            if ((p == winver || p[-1] == ' ') &&
                (p[al] == ' ' || p[al] == '\0' || p[al] == '(' ||
                 p[al] == ','))
                return archs[i];
    }
    return NULL;
}

/* What tool_validation says `hivexget ... SCHANNEL\EventLogging` did:
** true with rc and the printed value, false if it does not say. */
static bool hivexget_said(const char *valid, int *rc, char *val, size_t len)
{
    static const char marker[] = "hivexget SCHANNEL\\EventLogging rc=";
    const char *p = strstr(valid, marker);
    if (!p)
        return false;
    p += sizeof marker - 1;
    char *end;
    long r = strtol(p, &end, 10);
    if (end == p)
        return false;
    *rc = (int)r;
    while (*end == ' ')
        end++;
    size_t n = strcspn(end, ";");
    while (n && end[n - 1] == ' ')
        n--;
    snprintf(val, len, "%.*s", (int)n, end);
    return true;
}

typedef struct hive_case {
    const char *rel;      /* as in the manifest, without .xz */
    const row *r;
    char path[4096];      /* the unpacked hive */
    char logs[4][4096];   /* unpacked logs beside it */
    size_t nlogs;
} hive_case;

static void check_hive(const char *reglint, const char *work, hive_case *hc)
{
    const row *r = hc->r;
    const char *rel = hc->rel;
    const char *state = r->f[C_STATE], *notes = r->f[C_NOTES];
    const char *mtype = r->f[C_TYPE];
    char out[4200], err[4200], why[256];
    snprintf(out, sizeof out, "%s/info.json", work);
    snprintf(err, sizeof err, "%s/info.stderr", work);

    char *info_argv[] = {(char *)reglint, "info", "--format", "json",
                         hc->path, NULL};
    run_result rr = run(info_argv, out, err, RUN_TIMEOUT);
    bool ran = rr.exited && (rr.status == 0 || rr.status == 2);
    result(ran, "%s: reglint info ends by itself with exit status 0 or 2 "
           "(%s)", rel, describe(&rr, why, sizeof why));
    if (!ran) {
        show_file("stderr", err, 30);
        return;
    }

    char *errtext = slurp(err);
    if (!errtext)
        errtext = strdup("");
    diag diags[256];
    size_t nd = parse_diags(errtext, hc->path, diags, 256);

    /* Exit 2: an error that names the file, with an offset for a hive
    ** error. */
    if (rr.status == 2) {
        const diag *e = NULL;
        for (size_t i = 0; i < nd && !e; i++)
            if (diags[i].error)
                e = &diags[i];
        bool hive_err = e && (strncmp(e->code, "hive-", 5) == 0 ||
                              strcmp(e->code, "not-hive") == 0);
        result(e && (!hive_err || e->has_offset),
               "%s: exit status 2 comes with an error diagnostic naming the "
               "file%s (%s)", rel, hive_err ? " and an offset" : "",
               e ? e->code : "none");
        if (!e || (hive_err && !e->has_offset))
            show_file("stderr", err, 30);
    }

    json_object *doc = json_object_from_file(out);
    json_object *srcs = jget(doc, "sources");
    json_object *src = srcs && json_object_is_type(srcs, json_type_array) &&
                               json_object_array_length(srcs) == 1
                           ? json_object_array_get_idx(srcs, 0)
                           : NULL;
    const char *jpath = jstr(src, "path");
    result(src && jpath && strcmp(jpath, hc->path) == 0,
           "%s: the JSON document describes the hive as sources[0]", rel);
    if (!src) {
        show_file("stdout", out, 20);
        show_file("stderr", err, 20);
        json_object_put(doc);
        free(errtext);
        return;
    }
    const char *jtype = jstr(src, "hive_type");
    const char *jstate = jstr(src, "state");

    /* Damage is never read in silence. */
    static const char *const checksum_codes[] = {"hive-checksum", NULL};
    static const char *const truncated_codes[] = {"hive-truncated",
                                                  "hive-corrupt", NULL};
    static const char *const damage_codes[] = {
        "hive-unsafe", "hive-corrupt", "hive-cell", "hive-truncated",
        "hive-checksum", NULL};
    if (strstr(state, "BAD-HEADER-CHECKSUM")) {
        const diag *g = find_code(diags, nd, checksum_codes);
        result(g, "%s: a bad header checksum is reported (hive-checksum)",
               rel);
        if (!g)
            show_file("stderr", err, 20);
    }
    if (strstr(state, "TRUNCATED")) {
        const diag *g = find_code(diags, nd, truncated_codes);
        result(g, "%s: a truncated hive is reported (hive-truncated or "
               "hive-corrupt)", rel);
        if (!g)
            show_file("stderr", err, 20);
    }
    if (strstr(notes, "MALFORMED")) {
        const diag *g = find_code(diags, nd, damage_codes);
        result(g, "%s: a malformed hive is reported (%s)", rel,
               g ? g->code : "no damage diagnostic");
        if (!g)
            show_file("stderr", err, 20);
    }

    /* Dirty or clean. */
    json_object *jdirty = jget(src, "dirty");
    bool is_dirty = jdirty && json_object_is_type(jdirty, json_type_boolean) &&
                    json_object_get_boolean(jdirty);
    bool is_clean = jdirty && json_object_is_type(jdirty, json_type_boolean) &&
                    !json_object_get_boolean(jdirty);
    static const char *const dirty_codes[] = {"hive-dirty", NULL};
    const diag *dd = find_code(diags, nd, dirty_codes);
    if (strstr(state, "DIRTY")) {
        result(is_dirty && jstate && strcmp(jstate, "dirty") == 0,
               "%s: a dirty hive is reported dirty (dirty: %s, state: %s)",
               rel, jdirty ? json_object_to_json_string(jdirty) : "absent",
               jstate ? jstate : "absent");
        bool named = dd && !dd->error;
        for (size_t i = 0; named && i < hc->nlogs; i++)
            named = strstr(dd->line, hc->logs[i]) != NULL;
        result(named, "%s: a hive-dirty warning names the %zu log%s beside "
               "it", rel, hc->nlogs, hc->nlogs == 1 ? "" : "s");
        if (!named)
            show_file("stderr", err, 20);
        json_object *jlogs = jget(src, "logs");
        size_t nj = jlogs && json_object_is_type(jlogs, json_type_array)
                        ? json_object_array_length(jlogs)
                        : (size_t)-1;
        bool listed = nj == hc->nlogs;
        for (size_t i = 0; listed && i < hc->nlogs; i++) {
            bool found = false;
            for (size_t k = 0; k < nj && !found; k++) {
                const char *s = json_object_get_string(
                    json_object_array_get_idx(jlogs, k));
                found = s && strcmp(s, hc->logs[i]) == 0;
            }
            listed = found;
        }
        result(listed, "%s: sources[0].logs lists exactly the %zu log%s "
               "beside it", rel, hc->nlogs, hc->nlogs == 1 ? "" : "s");
        if (!listed && jlogs)
            printf("#   logs: %s\n", json_object_to_json_string(jlogs));
    } else {
        result(is_clean && !dd, "%s: a clean hive is reported clean "
               "(dirty: %s, hive-dirty warning: %s)", rel,
               jdirty ? json_object_to_json_string(jdirty) : "absent",
               dd ? "yes" : "no");
    }

    /* The hive's type. */
    bool typed = false;
    for (size_t i = 0; known_types[i]; i++)
        if (strcmp(mtype, known_types[i]) == 0)
            typed = true;
    if (typed) {
        result(jtype && strcmp(jtype, mtype) == 0,
               "%s: recognised as a %s hive (hive_type: %s)", rel, mtype,
               jtype ? jtype : "absent");
        if (!jtype || strcmp(jtype, mtype) != 0)
            show_file("stderr", err, 10);
    }

    /* Real SYSTEM hives: what the OS facts and Schannel rest on. */
    if (strcmp(mtype, "SYSTEM") == 0) {
        json_object *cs = jget(src, "control_set");
        json_object *top_cs = jget(doc, "control_set");
        result(cs && json_object_is_type(cs, json_type_int) &&
                   json_object_get_int(cs) > 0 && top_cs &&
                   json_object_get_int(top_cs) == json_object_get_int(cs),
               "%s: the control set CurrentControlSet links to is known "
               "(%s)", rel, cs ? json_object_to_json_string(cs) : "null");
        json_object *os = jget(doc, "os");
        const char *role = jstr(jget(os, "role"), "value");
        result(role && (strcmp(role, "client") == 0 ||
                        strcmp(role, "server") == 0 ||
                        strcmp(role, "domain-controller") == 0),
               "%s: the role is known (%s)", rel, role ? role : "null");
        const char *want_arch = manifest_arch(r->f[C_WINVER]);
        const char *arch = jstr(jget(os, "arch"), "value");
        if (want_arch)
            result(arch && strcmp(arch, want_arch) == 0,
                   "%s: the architecture is %s, as on that Windows (%s)",
                   rel, want_arch, arch ? arch : "null");

        int hrc;
        char hval[128];
        if (hivexget_said(r->f[C_VALID], &hrc, hval, sizeof hval)) {
            char gout[4200], gerr[4200];
            snprintf(gout, sizeof gout, "%s/get.stdout", work);
            snprintf(gerr, sizeof gerr, "%s/get.stderr", work);
            char *get_argv[] = {
                (char *)reglint, "get", hc->path,
                "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders"
                "\\SCHANNEL",
                "EventLogging", NULL};
            run_result gr = run(get_argv, gout, gerr, RUN_TIMEOUT);
            char *got = slurp(gout);
            char want[160];
            snprintf(want, sizeof want, "%s\n", hval);
            bool same = hrc == 0 ? gr.exited && gr.status == 0 && got &&
                                       strcmp(got, want) == 0
                                 : gr.exited && gr.status == 1;
            char *nl = got ? strchr(got, '\n') : NULL;
            if (nl)
                *nl = '\0';
            result(same, "%s: reglint get ...\\CurrentControlSet\\...\\"
                   "SCHANNEL EventLogging prints what hivexget printed "
                   "(hivexget: rc=%d %s; reglint: %s, \"%s\")", rel, hrc,
                   hval, describe(&gr, why, sizeof why), got ? got : "");
            if (!same)
                show_file("stderr", gerr, 10);
            free(got);
        }
    }
    json_object_put(doc);
    free(errtext);

    /* The whole hive, not only the keys info reads. */
    char *dump_argv[] = {(char *)reglint, "dump", "--format", "jsonl",
                         hc->path, NULL};
    rr = run(dump_argv, NULL, err, RUN_TIMEOUT);
    ran = rr.exited && (rr.status == 0 || rr.status == 2);
    result(ran, "%s: reglint dump --format jsonl (the whole hive) ends by "
           "itself with exit status 0 or 2 (%s)", rel,
           describe(&rr, why, sizeof why));
    if (!ran)
        show_file("stderr", err, 20);

    /* And as a .reg file: a name .reg cannot hold is the input's problem
    ** (exit 2, with a message), never an internal error. */
    char *reg_argv[] = {(char *)reglint, "dump", "--encoding", "utf8",
                        hc->path, NULL};
    rr = run(reg_argv, NULL, err, RUN_TIMEOUT);
    ran = rr.exited && (rr.status == 0 || rr.status == 2);
    result(ran, "%s: reglint dump (as .reg) ends by itself with exit status "
           "0 or 2 (%s)", rel, describe(&rr, why, sizeof why));
    if (!ran)
        show_file("stderr", err, 20);
}

/* Remove the scratch tree (depth-first; only what this program made). */
static void remove_tree(const char *path)
{
    char *argv[] = {"rm", "-rf", "--", (char *)path, NULL};
    run(argv, NULL, NULL, 300);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s CORPUS_DIR WORK_DIR\n", argv[0]);
        return HARD_ERROR;
    }
    const char *corpus = argv[1], *workdir = argv[2];
    const char *reglint = getenv("REGLINT");
    char mpath[4096];
    snprintf(mpath, sizeof mpath, "%s/MANIFEST.tsv", corpus);
    if (!read_manifest(mpath)) {
        printf("skip: %s: %s\n", mpath, strerror(errno));
        return SKIP;
    }
    if (!reglint || access(reglint, X_OK) != 0) {
        printf("# REGLINT (the reglint binary) is not set or not executable\n");
        return HARD_ERROR;
    }
    char xz_ver[] = "--version";
    char *xz_argv[] = {"xz", xz_ver, NULL};
    run_result xr = run(xz_argv, NULL, NULL, 60);
    if (!xr.exited || xr.status != 0) {
        printf("# xz is needed to unpack the corpus (apt-get install "
               "xz-utils)\n");
        return HARD_ERROR;
    }
    char tmpl[4096];
    snprintf(tmpl, sizeof tmpl, "%s/corpus-hive.XXXXXX", workdir);
    if (mkdirs(workdir) < 0 || !mkdtemp(tmpl)) {
        printf("# cannot make a scratch directory in %s: %s\n", workdir,
               strerror(errno));
        return HARD_ERROR;
    }
    /* Keep the scratch path free of "." and ".." parts: reglint names the
    ** logs it finds as DIR/NAME, compared here as strings. */
    char *scratch = realpath(tmpl, NULL);
    if (!scratch) {
        printf("# %s: %s\n", tmpl, strerror(errno));
        return HARD_ERROR;
    }

    size_t nhives = 0;
    for (size_t i = 0; i < nrows; i++) {
        const row *r = &rows[i];
        if (strncmp(r->f[C_KIND], "regf hive", 9) != 0)
            continue;
        nhives++;
        hive_case hc;
        memset(&hc, 0, sizeof hc);
        char *rel = strip_xz(r->f[C_PATH]);
        hc.rel = rel;
        hc.r = r;
        char work[2048], dir[4096];
        if (snprintf(work, sizeof work, "%s/%zu", scratch, i) >=
                (int)sizeof work ||
            snprintf(hc.path, sizeof hc.path, "%s/%s", work, rel) >=
                (int)sizeof hc.path) {
            printf("# %s: path too long\n", rel);
            return HARD_ERROR;
        }
        snprintf(dir, sizeof dir, "%s", hc.path);
        *strrchr(dir, '/') = '\0';
        if (mkdirs(dir) < 0) {
            result(false, "%s: cannot make %s: %s", rel, dir,
                   strerror(errno));
            free(rel);
            continue;
        }
        bool ok = unpack(corpus, r->f[C_PATH], hc.path);
        for (size_t k = 0; ok && k < nrows; k++) {
            char *cand = strip_xz(rows[k].f[C_PATH]);
            if (k != i && is_log_of(rel, cand) && hc.nlogs < 4) {
                if (snprintf(hc.logs[hc.nlogs], sizeof hc.logs[0], "%s/%s",
                             work, cand) >= (int)sizeof hc.logs[0]) {
                    printf("# %s: path too long\n", cand);
                    return HARD_ERROR;
                }
                ok = unpack(corpus, rows[k].f[C_PATH], hc.logs[hc.nlogs]);
                hc.nlogs++;
            }
            free(cand);
        }
        if (!ok)
            result(false, "%s: unpacking it (and its logs) with xz", rel);
        else
            check_hive(reglint, work, &hc);
        remove_tree(work);
        free(rel);
    }
    remove_tree(scratch);
    free(scratch);
    printf("%u passed, %u failed\n", npassed, nfailed);
    if (nhives == 0) {
        printf("skip: no regf hive rows in %s\n", mpath);
        return SKIP;
    }
    return nfailed ? 1 : 0;
}
