/*
** rules_load.c — rule files (YAML, format version 1, documented in
** reglint-rules(5)) compiled into the form of rules_model.h, and the small
** queries on a rule set: count, find, profiles, severity names.
**
** A rule file is checked as strictly as a compiler checks code: a typo in
** a key, a severity or a path must never silently turn a rule off, so
** every unknown key and every malformed value is an error with its line
** and column.  A file with any error adds nothing: it is compiled into
** scratch memory, and only a clean file's memory joins the rule set.
**
** Rule files may come from anywhere (--rules), so nothing in them is
** trusted: the file size, the YAML nesting depth, the number of nodes, the
** length of strings, the nesting of tests and the size of numbers are all
** bounded, and YAML aliases are refused (expanding them is how a small
** file becomes a huge tree).
**
** libyaml is used through its event API: the events are built into a
** small tree of our own that keeps every node's marks, so that errors
** point at the offending node and `text` can be cut from the source.
*/
#include "rules_model.h"
#include "rules_embedded.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#define MAX_FILE_SIZE (16u << 20)  /* bytes of one rule file              */
#define MAX_YAML_DEPTH 64          /* nested YAML collections             */
#define MAX_NODES 200000u          /* YAML nodes in one file              */
#define MAX_TEST_DEPTH 16          /* all-of / any-of nesting             */
#define MAX_STRING (64u << 10)     /* bytes of any one string             */
#define MAX_LINE 1024u             /* bytes of a one-line string (title)  */
#define MAX_ID 64u                 /* bytes of a rule id or profile name  */
#define MAX_ERRORS 50u             /* diagnostics per file before giving up */

/* ------------------------------------------------------------------ */
/* Severity names                                                       */
/* ------------------------------------------------------------------ */

const char *reglint_level_name(reglint_level l)
{
    switch (l) {
    case REGLINT_LEVEL_INFO: return "info";
    case REGLINT_LEVEL_WARNING: return "warning";
    case REGLINT_LEVEL_ERROR: return "error";
    default: return "unknown";
    }
}

int reglint_level_parse(const char *name)
{
    if (!name)
        return -1;
    if (strcmp(name, "info") == 0)
        return REGLINT_LEVEL_INFO;
    if (strcmp(name, "warning") == 0)
        return REGLINT_LEVEL_WARNING;
    if (strcmp(name, "error") == 0)
        return REGLINT_LEVEL_ERROR;
    return -1;
}

bool build_set_has(const build_set *bs, unsigned b)
{
    if (!bs || bs->n == 0)
        return true;
    for (size_t i = 0; i < bs->n; i++)
        if (b >= bs->r[i].lo && b <= bs->r[i].hi)
            return true;
    return false;
}

/* ------------------------------------------------------------------ */
/* The YAML tree                                                        */
/* ------------------------------------------------------------------ */

typedef enum ykind { Y_SCALAR, Y_SEQ, Y_MAP } ykind;

/* One YAML node with where it was written.  A mapping's children are its
** keys and values in turn. */
typedef struct ynode {
    ykind kind;
    bool plain;             /* a plain (unquoted) scalar                  */
    bool flow;              /* a [..] or {..} collection                  */
    size_t line0, col0;     /* start mark, 0-based as libyaml gives it    */
    size_t eline0, ecol0;   /* end mark (for a block collection: the end
                               of its last child)                         */
    const char *s;          /* scalars: the text, NUL-terminated          */
    size_t len;
    struct ynode *first, *last, *next;
    size_t n;               /* children                                   */
} ynode;

static bool is_null(const ynode *n)
{
    return n->kind == Y_SCALAR && n->plain &&
           (n->len == 0 || strcmp(n->s, "~") == 0 ||
            strcmp(n->s, "null") == 0);
}

static const char *kind_name(const ynode *n)
{
    switch (n->kind) {
    case Y_SEQ: return "a list";
    case Y_MAP: return "a mapping";
    default: return is_null(n) ? "empty" : "a scalar";
    }
}

/* A set of strings (open addressing), for the duplicate checks and tag
** lookups that must stay linear: one file may hold 200000 names, and a
** scan of the earlier ones for each took minutes (a rule listing 190000
** profiles, 65000 refs against 65000 reference tags). */
typedef struct strset_item {
    const char *s;            /* NULL: an empty slot                      */
    size_t n;
    const void *val;
} strset_item;

typedef struct strset {
    strset_item *slot;
    size_t cap;               /* a power of two, at least twice the items */
} strset;

static int strset_init(strset *t, size_t items)
{
    t->cap = 16;
    while (t->cap < 2 * items)
        t->cap *= 2;
    t->slot = calloc(t->cap, sizeof *t->slot);
    return t->slot ? 0 : -1;
}

static void strset_free(strset *t)
{
    free(t->slot);
    t->slot = NULL;
    t->cap = 0;
}

/* The slot of s[0..n): where it is (->s set), or the empty one for it. */
static strset_item *strset_find(const strset *t, const char *s, size_t n)
{
    size_t h = 5381;
    for (size_t i = 0; i < n; i++)
        h = h * 33 + (unsigned char)s[i];
    size_t i = h & (t->cap - 1);
    while (t->slot[i].s &&
           (t->slot[i].n != n || memcmp(t->slot[i].s, s, n) != 0))
        i = (i + 1) & (t->cap - 1);
    return &t->slot[i];
}

/* ------------------------------------------------------------------ */
/* The loader's state                                                   */
/* ------------------------------------------------------------------ */

typedef struct loader {
    reglint_rules *rs;
    reglint_diags *diags;     /* where problems go (may be NULL)           */
    const char *file;         /* the name in diagnostics and in rules      */
    const char *text;         /* the source, BOM removed                   */
    size_t len;
    arena tree;               /* the YAML tree                             */
    size_t nnodes;
    arena *out;               /* where the compiled model goes             */
    size_t errors;
    bool stop;                /* too many errors: say nothing more         */
    bool nomem;
    const char *rule_id;      /* the rule being compiled, for messages     */
    /* What the file holds, compiled. */
    rule *rules;              /* malloc'd                                  */
    size_t nrules, caprules;
    bool has_defaults;
    const char *protocols[MAX_PROTOCOLS];
    size_t nprotocols;
    default_row *rows;
    size_t nrows;
    const char *defaults_ref;
    /* A cursor for turning line:column marks into byte offsets. */
    size_t cur_line, cur_off;
    /* Every rule id loaded so far (the set's and this file's), hashed
    ** without regard to case, so that duplicates cost no quadratic scan. */
    const char **ids;
    size_t nids, idcap;
    const ynode *references;  /* the file's tag: document mapping, or NULL */
    strset ref_tags;          /* its tags -> their key nodes (first of each) */
} loader;

static void report(loader *L, size_t line0, size_t col0, const char *code,
                   const char *fmt, va_list ap)
{
    L->errors++;
    if (!L->diags || L->stop)
        return;
    char msg[1024];
    int w = 0;
    if (L->rule_id)
        w = snprintf(msg, sizeof msg, "rule %s: ", L->rule_id);
    if (w < 0)
        w = 0;
    vsnprintf(msg + w, sizeof msg - (size_t)w, fmt, ap);
    if (L->errors > MAX_ERRORS) {
        snprintf(msg, sizeof msg, "too many errors; the rest of the file "
                                  "was not checked");
        L->stop = true;
    }
    if (reglint_diags_add(L->diags, REGLINT_ERROR, L->file, line0 + 1,
                          col0 + 1, -1, code, msg) < 0)
        L->nomem = true;
}

/* An error at node n; returns -1 so that callers can `return err(...)`. */
static int err(loader *L, const ynode *n, const char *fmt, ...)
    RL_PRINTF(3, 4);
static int err(loader *L, const ynode *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(L, n->line0, n->col0, "rule-invalid", fmt, ap);
    va_end(ap);
    return -1;
}

static int err_mark(loader *L, size_t line0, size_t col0, const char *code,
                    const char *fmt, ...) RL_PRINTF(5, 6);
static int err_mark(loader *L, size_t line0, size_t col0, const char *code,
                    const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(L, line0, col0, code, fmt, ap);
    va_end(ap);
    return -1;
}

static void *out_alloc(loader *L, size_t n)
{
    void *p = arena_alloc(L->out, n);
    if (!p)
        L->nomem = true;
    else
        memset(p, 0, n);
    return p;
}

static const char *out_str(loader *L, const char *s, size_t n)
{
    char *p = arena_strndup(L->out, s, n);
    if (!p)
        L->nomem = true;
    return p;
}

/* ------------------------------------------------------------------ */
/* Reading YAML events into the tree                                    */
/* ------------------------------------------------------------------ */

static ynode *tree_node(loader *L, ykind k, const yaml_mark_t *start,
                        const yaml_mark_t *end)
{
    if (++L->nnodes > MAX_NODES) {
        err_mark(L, start->line, start->column, "rule-invalid",
                 "more than %u YAML nodes in one file", MAX_NODES);
        return NULL;
    }
    ynode *n = arena_alloc(&L->tree, sizeof *n);
    if (!n) {
        L->nomem = true;
        return NULL;
    }
    memset(n, 0, sizeof *n);
    n->kind = k;
    n->line0 = start->line;
    n->col0 = start->column;
    n->eline0 = end->line;
    n->ecol0 = end->column;
    return n;
}

static void tree_add(ynode *parent, ynode *child)
{
    if (parent->last)
        parent->last->next = child;
    else
        parent->first = child;
    parent->last = child;
    parent->n++;
}

static const ynode *map_get(const ynode *map, const char *key);
static void mark_of_offset(const loader *L, size_t off, yaml_mark_t *m);

/* The id of the rule open at stack[2] (the top mapping, its rules list, a
** rule), or NULL. */
static const ynode *syntax_rule_id(ynode *const *stack)
{
    if (stack[0]->kind != Y_MAP || stack[1]->kind != Y_SEQ ||
        stack[2]->kind != Y_MAP || map_get(stack[0], "rules") != stack[1])
        return NULL;
    const ynode *id = map_get(stack[2], "id");
    return id && id->kind == Y_SCALAR && id->len && id->len <= MAX_ID ? id
                                                                      : NULL;
}

/* Parse the whole text into a tree.  NULL after an error (reported) or
** for an empty document (*empty set). */
static ynode *read_tree(loader *L, bool *empty)
{
    yaml_parser_t p;
    *empty = false;
    if (!yaml_parser_initialize(&p)) {
        L->nomem = true;
        return NULL;
    }
    yaml_parser_set_input_string(&p, (const unsigned char *)L->text, L->len);
    yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
    ynode *stack[MAX_YAML_DEPTH];
    size_t depth = 0;
    ynode *root = NULL;
    int docs = 0;
    bool ok = true, done = false;
    while (ok && !done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            if (p.error == YAML_MEMORY_ERROR) {
                L->nomem = true;
            } else {
                /* Name the rule the error is in when its id was read. */
                const ynode *id = depth >= 3 ? syntax_rule_id(stack) : NULL;
                L->rule_id = id ? id->s : NULL;
                yaml_mark_t m = p.problem_mark;
                /* The reader (bad UTF-8) gives a byte offset, no mark. */
                if (p.error == YAML_READER_ERROR)
                    mark_of_offset(L, p.problem_offset, &m);
                const char *prob = p.problem ? p.problem : "syntax error";
                if (p.context)
                    err_mark(L, m.line, m.column, "rule-syntax",
                             "YAML: %s %s", prob, p.context);
                else
                    err_mark(L, m.line, m.column, "rule-syntax",
                             "YAML: %s", prob);
                L->rule_id = NULL;
            }
            ok = false;
            break;
        }
        ynode *n = NULL;
        switch (ev.type) {
        case YAML_STREAM_END_EVENT:
            done = true;
            break;
        case YAML_DOCUMENT_START_EVENT:
            if (++docs > 1) {
                err_mark(L, ev.start_mark.line, ev.start_mark.column,
                         "rule-invalid",
                         "a rule file holds one YAML document; this is a "
                         "second one");
                ok = false;
            }
            break;
        case YAML_ALIAS_EVENT:
            err_mark(L, ev.start_mark.line, ev.start_mark.column,
                     "rule-invalid",
                     "YAML aliases (*%s) are not allowed in rule files",
                     (const char *)ev.data.alias.anchor);
            ok = false;
            break;
        case YAML_SCALAR_EVENT:
            if (ev.data.scalar.length > MAX_STRING) {
                err_mark(L, ev.start_mark.line, ev.start_mark.column,
                         "rule-invalid", "a string longer than %u bytes",
                         MAX_STRING);
                ok = false;
                break;
            }
            if (memchr(ev.data.scalar.value, 0, ev.data.scalar.length)) {
                err_mark(L, ev.start_mark.line, ev.start_mark.column,
                         "rule-invalid", "a NUL character in a string");
                ok = false;
                break;
            }
            if (!(n = tree_node(L, Y_SCALAR, &ev.start_mark, &ev.end_mark))) {
                ok = false;
                break;
            }
            n->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
            n->len = ev.data.scalar.length;
            n->s = arena_strndup(&L->tree,
                                 (const char *)ev.data.scalar.value, n->len);
            if (!n->s) {
                L->nomem = true;
                ok = false;
            }
            break;
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
            if (depth == MAX_YAML_DEPTH) {
                err_mark(L, ev.start_mark.line, ev.start_mark.column,
                         "rule-invalid", "YAML nested deeper than %d levels",
                         MAX_YAML_DEPTH);
                ok = false;
                break;
            }
            n = tree_node(L,
                          ev.type == YAML_SEQUENCE_START_EVENT ? Y_SEQ : Y_MAP,
                          &ev.start_mark, &ev.end_mark);
            if (!n) {
                ok = false;
                break;
            }
            n->flow = ev.type == YAML_SEQUENCE_START_EVENT
                          ? ev.data.sequence_start.style ==
                                YAML_FLOW_SEQUENCE_STYLE
                          : ev.data.mapping_start.style ==
                                YAML_FLOW_MAPPING_STYLE;
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT: {
            ynode *c = stack[--depth];
            /* A block collection ends where its last child does; its end
            ** event sits at the next token, after any comments between. */
            if (c->flow || !c->last) {
                c->eline0 = ev.end_mark.line;
                c->ecol0 = ev.end_mark.column;
            } else {
                c->eline0 = c->last->eline0;
                c->ecol0 = c->last->ecol0;
            }
            break;
        }
        default:
            break;
        }
        if (n) {
            if (depth)
                tree_add(stack[depth - 1], n);
            else if (!root)
                root = n;
            if (n->kind != Y_SCALAR)
                stack[depth++] = n;
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
    if (!ok)
        return NULL;
    if (!root)
        *empty = true;
    return root;
}

/* ------------------------------------------------------------------ */
/* Marks to byte offsets, for the text of a rule                        */
/* ------------------------------------------------------------------ */

/* Length of the line break at t[i], or 0.  These are libyaml's breaks. */
static size_t line_break(const unsigned char *t, size_t n, size_t i)
{
    if (t[i] == '\r')
        return i + 1 < n && t[i + 1] == '\n' ? 2 : 1;
    if (t[i] == '\n')
        return 1;
    if (t[i] == 0xC2 && i + 1 < n && t[i + 1] == 0x85)
        return 2;
    if (t[i] == 0xE2 && i + 2 < n && t[i + 1] == 0x80 &&
        (t[i + 2] == 0xA8 || t[i + 2] == 0xA9))
        return 3;
    return 0;
}

/* The byte offset of 0-based line:column (column in characters).  Calls
** come mostly in increasing order, so a cursor keeps this linear. */
static size_t offset_at(loader *L, size_t line0, size_t col0)
{
    const unsigned char *t = (const unsigned char *)L->text;
    size_t n = L->len;
    if (line0 < L->cur_line) {
        L->cur_line = 0;
        L->cur_off = 0;
    }
    size_t i = L->cur_off, line = L->cur_line;
    while (line < line0 && i < n) {
        size_t b = line_break(t, n, i);
        if (b) {
            i += b;
            line++;
        } else {
            i++;
        }
    }
    L->cur_line = line;
    L->cur_off = i;
    for (size_t c = 0; c < col0 && i < n; c++) {
        uint32_t cp;
        size_t w = utf8_decode((const char *)t + i, n - i, &cp);
        i += w ? w : 1;
    }
    return i;
}

/* The 0-based line and column of byte offset off. */
static void mark_of_offset(const loader *L, size_t off, yaml_mark_t *m)
{
    const unsigned char *t = (const unsigned char *)L->text;
    size_t i = 0;
    m->line = m->column = 0;
    if (off > L->len)
        off = L->len;
    while (i < off) {
        size_t b = line_break(t, L->len, i);
        if (b) {
            i += b;
            m->line++;
            m->column = 0;
            continue;
        }
        uint32_t cp;
        size_t w = utf8_decode((const char *)t + i, L->len - i, &cp);
        i += w ? w : 1;
        m->column++;
    }
    m->index = off;
}

/* The source text of node nd as written: its first line indented as it
** stands in the file, then every line shifted left by the indentation all
** share, trailing blanks cut. */
static const char *node_text(loader *L, const ynode *nd)
{
    size_t a = offset_at(L, nd->line0, nd->col0);
    size_t b = offset_at(L, nd->eline0, nd->ecol0);
    if (b < a)
        b = a;
    while (b > a && (L->text[b - 1] == ' ' || L->text[b - 1] == '\t' ||
                     L->text[b - 1] == '\n' || L->text[b - 1] == '\r'))
        b--;
    bytebuf raw = {0};
    for (size_t i = 0; i < nd->col0; i++)
        if (bytebuf_putc(&raw, ' ') < 0)
            goto nomem;
    if (bytebuf_append(&raw, L->text + a, b - a) < 0)
        goto nomem;
    /* The smallest indentation of a line with something on it. */
    size_t strip = SIZE_MAX, i = 0;
    while (i < raw.len) {
        size_t ind = 0;
        while (i + ind < raw.len && raw.data[i + ind] == ' ')
            ind++;
        size_t e = i + ind;
        while (e < raw.len && raw.data[e] != '\n')
            e++;
        bool blank = true;
        for (size_t k = i + ind; k < e; k++)
            if (raw.data[k] != '\r' && raw.data[k] != '\t')
                blank = false;
        if (!blank && ind < strip)
            strip = ind;
        i = e + 1;
    }
    if (strip == SIZE_MAX)
        strip = 0;
    bytebuf out = {0};
    i = 0;
    while (i < raw.len) {
        size_t e = i;
        while (e < raw.len && raw.data[e] != '\n')
            e++;
        size_t s = i;
        for (size_t k = 0; k < strip && s < e && raw.data[s] == ' '; k++)
            s++;
        size_t le = e;
        if (le > s && raw.data[le - 1] == '\r')
            le--;
        if (bytebuf_append(&out, raw.data + s, le - s) < 0 ||
            (e < raw.len && bytebuf_putc(&out, '\n') < 0)) {
            bytebuf_free(&out);
            goto nomem;
        }
        i = e + 1;
    }
    bytebuf_free(&raw);
    const char *r = out_str(L, out.data ? (const char *)out.data : "",
                            out.len);
    bytebuf_free(&out);
    return r;
nomem:
    bytebuf_free(&raw);
    L->nomem = true;
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Checked accessors                                                    */
/* ------------------------------------------------------------------ */

/* A mapping's value for key, or NULL. */
static const ynode *map_get(const ynode *map, const char *key)
{
    for (const ynode *k = map->first; k && k->next; k = k->next->next)
        if (k->kind == Y_SCALAR && strcmp(k->s, key) == 0)
            return k->next;
    return NULL;
}

static const ynode *map_key(const ynode *map, const char *key)
{
    for (const ynode *k = map->first; k && k->next; k = k->next->next)
        if (k->kind == Y_SCALAR && strcmp(k->s, key) == 0)
            return k;
    return NULL;
}

/* "a, b or c" into buf. */
static const char *join_names(const char *const *names, char *buf,
                              size_t len)
{
    size_t w = 0;
    buf[0] = '\0';
    for (size_t i = 0; names[i]; i++) {
        const char *sep = i == 0 ? "" : names[i + 1] ? ", " : " or ";
        int r = snprintf(buf + w, len - w, "%s%s", sep, names[i]);
        if (r < 0 || (size_t)r >= len - w)
            break;
        w += (size_t)r;
    }
    return buf;
}

/* n must be a mapping whose keys are plain names from allowed (a
** NULL-terminated list), each at most once. */
static int check_map(loader *L, const ynode *n, const char *what,
                     const char *const *allowed)
{
    if (n->kind != Y_MAP)
        return err(L, n, "%s must be a mapping, not %s", what, kind_name(n));
    for (const ynode *k = n->first; k; k = k->next->next) {
        if (k->kind != Y_SCALAR)
            return err(L, k, "a key in %s must be a name, not %s", what,
                       kind_name(k));
        size_t i;
        for (i = 0; allowed[i]; i++)
            if (strcmp(k->s, allowed[i]) == 0)
                break;
        if (!allowed[i]) {
            char buf[512];
            return err(L, k, "unknown key '%s' in %s (expected %s)", k->s,
                       what, join_names(allowed, buf, sizeof buf));
        }
        for (const ynode *j = n->first; j != k; j = j->next->next)
            if (j->kind == Y_SCALAR && strcmp(j->s, k->s) == 0)
                return err(L, k, "duplicate key '%s' in %s", k->s, what);
    }
    return 0;
}

/* A non-empty scalar string.  oneline: no line breaks.  max: bytes. */
static int get_str(loader *L, const ynode *n, const char *field, size_t max,
                   bool oneline, const char **out)
{
    if (n->kind != Y_SCALAR)
        return err(L, n, "'%s' must be a string, not %s", field,
                   kind_name(n));
    if (is_null(n) || n->len == 0)
        return err(L, n, "'%s' is empty", field);
    if (n->len > max)
        return err(L, n, "'%s' is longer than %zu bytes", field, max);
    if (oneline && strpbrk(n->s, "\r\n"))
        return err(L, n, "'%s' must be one line", field);
    *out = out_str(L, n->s, n->len);
    return *out ? 0 : -1;
}

/* Numbers: decimal or 0x hex, up to 64 bits. */
static bool parse_u64(const char *s, uint64_t *out)
{
    uint64_t v = 0;
    if (!*s)
        return false;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        s += 2;
        if (!*s)
            return false;
        for (; *s; s++) {
            int d;
            if (*s >= '0' && *s <= '9')
                d = *s - '0';
            else if (*s >= 'a' && *s <= 'f')
                d = *s - 'a' + 10;
            else if (*s >= 'A' && *s <= 'F')
                d = *s - 'A' + 10;
            else
                return false;
            if (v >> 60)
                return false;
            v = v << 4 | (uint64_t)d;
        }
    } else {
        for (; *s; s++) {
            if (*s < '0' || *s > '9')
                return false;
            uint64_t d = (uint64_t)(*s - '0');
            if (v > (UINT64_MAX - d) / 10)
                return false;
            v = v * 10 + d;
        }
    }
    *out = v;
    return true;
}

/* A number no larger than max. */
static int get_num(loader *L, const ynode *n, const char *field, uint64_t max,
                   uint64_t *out)
{
    if (n->kind != Y_SCALAR || is_null(n))
        return err(L, n, "'%s' must be a number, not %s", field,
                   kind_name(n));
    if (!parse_u64(n->s, out))
        return err(L, n,
                   "bad number '%.64s' for '%s' (decimal or 0x hex, up to "
                   "64 bits)", n->s, field);
    if (*out > max)
        return err(L, n, "number %.64s for '%s' is out of range (at most "
                         "%llu%s)", n->s, field, (unsigned long long)max,
                   max == UINT32_MAX ? ": a REG_DWORD holds 32 bits" : "");
    return 0;
}

/* One of names (NULL-terminated); *out = its index. */
static int get_enum(loader *L, const ynode *n, const char *field,
                    const char *const *names, int *out)
{
    if (n->kind == Y_SCALAR && !is_null(n))
        for (int i = 0; names[i]; i++)
            if (strcmp(n->s, names[i]) == 0) {
                *out = i;
                return 0;
            }
    char buf[256];
    if (n->kind != Y_SCALAR || is_null(n))
        return err(L, n, "'%s' must be one of %s, not %s", field,
                   join_names(names, buf, sizeof buf), kind_name(n));
    return err(L, n, "unknown %s '%.64s' (expected %s)", field, n->s,
               join_names(names, buf, sizeof buf));
}

static const char *const level_names[] = {"error", "warning", "info", NULL};
static const int level_values[] = {REGLINT_LEVEL_ERROR, REGLINT_LEVEL_WARNING,
                                   REGLINT_LEVEL_INFO};

static int get_level(loader *L, const ynode *n, int *out)
{
    int i;
    if (get_enum(L, n, "severity", level_names, &i) < 0)
        return -1;
    *out = level_values[i];
    return 0;
}

/* The items of a list (a lone scalar counts as a list of one when
** scalar_ok).  Non-empty.  *items gets a node array in tree memory. */
static int get_list(loader *L, const ynode *n, const char *field,
                    bool scalar_ok, const ynode ***items, size_t *count)
{
    if (n->kind == Y_SCALAR && scalar_ok && !is_null(n)) {
        const ynode **a = arena_alloc(&L->tree, sizeof *a);
        if (!a) {
            L->nomem = true;
            return -1;
        }
        a[0] = n;
        *items = a;
        *count = 1;
        return 0;
    }
    if (n->kind != Y_SEQ)
        return err(L, n, "'%s' must be a list, not %s", field, kind_name(n));
    if (n->n == 0)
        return err(L, n, "'%s' is an empty list", field);
    const ynode **a = arena_alloc(&L->tree, n->n * sizeof *a);
    if (!a) {
        L->nomem = true;
        return -1;
    }
    size_t i = 0;
    for (const ynode *c = n->first; c; c = c->next)
        a[i++] = c;
    *items = a;
    *count = n->n;
    return 0;
}

/* A list of one-line strings. */
static int get_strlist(loader *L, const ynode *n, const char *field,
                       size_t max, const char *const **out, size_t *count)
{
    const ynode **items;
    if (get_list(L, n, field, true, &items, count) < 0)
        return -1;
    const char **a = out_alloc(L, *count * sizeof *a);
    if (!a)
        return -1;
    for (size_t i = 0; i < *count; i++)
        if (get_str(L, items[i], field, max, true, &a[i]) < 0)
            return -1;
    *out = a;
    return 0;
}

static int get_numlist(loader *L, const ynode *n, const char *field,
                       uint64_t max, const uint64_t **out, size_t *count)
{
    const ynode **items;
    if (get_list(L, n, field, false, &items, count) < 0)
        return -1;
    uint64_t *a = out_alloc(L, *count * sizeof *a);
    if (!a)
        return -1;
    for (size_t i = 0; i < *count; i++)
        if (get_num(L, items[i], field, max, &a[i]) < 0)
            return -1;
    *out = a;
    return 0;
}

/* A ref that starts with a tag of the file's `references` ("AB: Configuring
** SChannel protocols", "tls-facts 1.1", "KB3140245") gets the document
** the tag names after it, so that every finding names document and
** section without each rule spelling the document out. */
static int expand_refs(loader *L, reglint_rule_info *ri)
{
    if (!L->references || L->references->kind != Y_MAP || !ri->nrefs)
        return 0;
    const char **a = out_alloc(L, ri->nrefs * sizeof *a);
    if (!a)
        return -1;
    for (size_t i = 0; i < ri->nrefs; i++) {
        const char *r = ri->refs[i];
        size_t t = 0;
        while (r[t] && r[t] != ':' && r[t] != ' ')
            t++;
        a[i] = r;
        /* The first entry of the tag, through the index compile() made. */
        const strset_item *it =
            L->ref_tags.slot ? strset_find(&L->ref_tags, r, t) : NULL;
        const ynode *k = it && it->s ? it->val : NULL;
        if (k && k->next->kind == Y_SCALAR) {
            size_t rl = strlen(r), dl = k->next->len;
            char *s = out_alloc(L, rl + dl + 6);
            if (!s)
                return -1;
            memcpy(s, r, rl);
            memcpy(s + rl, " \xe2\x80\x94 ", 5); /* an em dash */
            memcpy(s + rl + 5, k->next->s, dl);
            s[rl + 5 + dl] = '\0';
            a[i] = s;
        }
    }
    ri->refs = a;
    return 0;
}

/* Where a key path may hold globs. */
enum glob_mode { GLOB_NONE, GLOB_LAST, GLOB_ANY };

/* A key path, normalised. */
static int get_path(loader *L, const ynode *n, const char *field,
                    enum glob_mode glob, const char **out)
{
    const char *s;
    if (get_str(L, n, field, MAX_LINE * 16, true, &s) < 0)
        return -1;
    char *norm = reglint_path_normalize(n->s);
    if (!norm) {
        if (errno == ENOMEM) {
            L->nomem = true;
            return -1;
        }
        return err(L, n,
                   "not a key path: '%.128s' (a key path starts with a root "
                   "such as HKLM or HKEY_LOCAL_MACHINE)", n->s);
    }
    const char *last = strrchr(norm, '\\');
    for (const char *c = strchr(norm, '\\'); c; c = strchr(c + 1, '\\')) {
        size_t cl = strcspn(c + 1, "\\");
        if (utf8_count(c + 1, cl) > REGLINT_MAX_KEY_NAME) {
            free(norm);
            return err(L, n, "'%s': a key name longer than %d characters",
                       field, REGLINT_MAX_KEY_NAME);
        }
    }
    if (glob == GLOB_NONE && strpbrk(norm, "*?")) {
        free(norm);
        return err(L, n, "'%s': a glob (* or ?) is not allowed here: "
                         "'%.128s'", field, n->s);
    }
    if (glob == GLOB_LAST && last) {
        const char *g = strpbrk(norm, "*?");
        if (g && g < last) {
            free(norm);
            return err(L, n, "'%s': a glob (* or ?) may stand only in the "
                             "last component: '%.128s'", field, n->s);
        }
    }
    *out = out_str(L, norm, strlen(norm));
    free(norm);
    return *out ? 0 : -1;
}

/* ------------------------------------------------------------------ */
/* Conditions                                                           */
/* ------------------------------------------------------------------ */

static int parse_builds(loader *L, const ynode *n, build_set *bs)
{
    if (n->kind != Y_SCALAR || is_null(n))
        return err(L, n, "'builds' must be a string such as \"6002-6003\", "
                         "\">= 9600\" or \"7601, 9200\", not %s",
                   kind_name(n));
    /* Each item is a range; there are at most as many items as commas. */
    size_t cap = 1;
    for (const char *p = n->s; *p; p++)
        cap += *p == ',';
    build_range *r = out_alloc(L, cap * sizeof *r);
    if (!r)
        return -1;
    size_t cnt = 0;
    const char *p = n->s;
    for (;;) {
        while (*p == ' ' || *p == '\t')
            p++;
        char op[3] = "";
        if (*p == '>' || *p == '<') {
            op[0] = *p++;
            if (*p == '=')
                op[1] = *p++;
            while (*p == ' ' || *p == '\t')
                p++;
        }
        unsigned long long a, b;
        char *end;
        if (*p < '0' || *p > '9')
            goto bad;
        errno = 0;
        a = strtoull(p, &end, 10);
        if (errno || a > UINT32_MAX)
            goto bad;
        p = end;
        while (*p == ' ' || *p == '\t')
            p++;
        b = a;
        if (!op[0] && *p == '-') {
            p++;
            while (*p == ' ' || *p == '\t')
                p++;
            if (*p < '0' || *p > '9')
                goto bad;
            errno = 0;
            b = strtoull(p, &end, 10);
            if (errno || b > UINT32_MAX)
                goto bad;
            p = end;
            while (*p == ' ' || *p == '\t')
                p++;
            if (b < a)
                return err(L, n, "bad builds set '%.64s': the range %llu-%llu "
                                 "is empty", n->s, a, b);
        }
        if (*p != ',' && *p != '\0')
            goto bad;
        build_range br = {(unsigned)a, (unsigned)b};
        if (strcmp(op, ">") == 0) {
            if (a == UINT32_MAX)
                goto bad;
            br.lo = (unsigned)a + 1;
            br.hi = UINT32_MAX;
        } else if (strcmp(op, ">=") == 0) {
            br.hi = UINT32_MAX;
        } else if (strcmp(op, "<") == 0) {
            if (a == 0)
                goto bad;
            br.lo = 0;
            br.hi = (unsigned)a - 1;
        } else if (strcmp(op, "<=") == 0) {
            br.lo = 0;
        }
        r[cnt++] = br;
        if (*p == '\0')
            break;
        p++;
    }
    bs->r = r;
    bs->n = cnt;
    return 0;
bad:
    return err(L, n, "bad builds set '%.64s' (comma-separated items: N, N-M, "
                     ">=N, >N, <=N, <N)", n->s);
}

static const char *const cond_keys[] = {"builds", "role", "arch", NULL};
static const char *const role_names[] = {"client", "server", NULL};
static const char *const arch_names[] = {"64-bit", "32-bit", NULL};

static int parse_cond(loader *L, const ynode *n, const char *what, cond *c)
{
    if (check_map(L, n, what, cond_keys) < 0)
        return -1;
    memset(c, 0, sizeof *c);
    const ynode *v;
    int i;
    if ((v = map_get(n, "builds")) && parse_builds(L, v, &c->builds) < 0)
        return -1;
    if ((v = map_get(n, "role"))) {
        if (get_enum(L, v, "role", role_names, &i) < 0)
            return -1;
        c->role = i == 0 ? ROLE_CLIENT : ROLE_SERVER;
    }
    if ((v = map_get(n, "arch"))) {
        if (get_enum(L, v, "arch", arch_names, &i) < 0)
            return -1;
        c->bits = i == 0 ? BITS_64 : BITS_32;
    }
    return 0;
}

/* A mapping (all parts) or a list of mappings (any). */
static int parse_conds(loader *L, const ynode *n, const char *what,
                       conds *out)
{
    if (n->kind == Y_SEQ) {
        if (n->n == 0)
            return err(L, n, "'%s' is an empty list (it would never hold)",
                       what);
        cond *c = out_alloc(L, n->n * sizeof *c);
        if (!c)
            return -1;
        size_t i = 0;
        for (const ynode *m = n->first; m; m = m->next)
            if (parse_cond(L, m, what, &c[i++]) < 0)
                return -1;
        out->c = c;
        out->n = n->n;
        return 0;
    }
    cond *c = out_alloc(L, sizeof *c);
    if (!c || parse_cond(L, n, what, c) < 0)
        return -1;
    out->c = c;
    out->n = 1;
    return 0;
}

/* "builds 7601, 9200; 64-bit", alternatives joined by " or ". */
static const char *conds_summary(loader *L, const ynode *n)
{
    bytebuf b = {0};
    const ynode *first = n->kind == Y_SEQ ? n->first : n;
    bool ok = true;
    for (const ynode *m = first; m && ok; m = n->kind == Y_SEQ ? m->next : NULL) {
        if (m != first)
            ok = bytebuf_append(&b, " or ", 4) == 0;
        bool any = false;
        for (size_t k = 0; cond_keys[k] && ok; k++) {
            const ynode *v = map_get(m, cond_keys[k]);
            if (!v)
                continue;
            if (any)
                ok = ok && bytebuf_append(&b, "; ", 2) == 0;
            if (k == 0) {
                ok = ok && bytebuf_append(&b, "builds ", 7) == 0;
                /* The set as written, its blanks tidied. */
                bool sp = false;
                for (const char *p = v->s; *p && ok; p++) {
                    if (*p == ' ' || *p == '\t') {
                        sp = true;
                        continue;
                    }
                    if (sp && p != v->s && b.len &&
                        b.data[b.len - 1] == ',')
                        ok = bytebuf_putc(&b, ' ') == 0;
                    sp = false;
                    ok = ok && bytebuf_putc(&b, (uint8_t)*p) == 0;
                    if (*p == ',' && !(p[1] == ' ' || p[1] == '\t'))
                        ok = ok && bytebuf_putc(&b, ' ') == 0;
                }
            } else {
                ok = ok && bytebuf_append(&b, v->s, v->len) == 0;
            }
            any = true;
        }
        if (!any && ok)
            ok = bytebuf_append(&b, "all", 3) == 0;
    }
    const char *s = ok ? out_str(L, (const char *)b.data, b.len) : NULL;
    if (!ok)
        L->nomem = true;
    bytebuf_free(&b);
    return s;
}

/* ------------------------------------------------------------------ */
/* Tests                                                                */
/* ------------------------------------------------------------------ */

static bool type_is_number(uint32_t t)
{
    return t == REGLINT_REG_DWORD || t == REGLINT_REG_DWORD_BIG_ENDIAN ||
           t == REGLINT_REG_QWORD;
}

static bool type_is_string(uint32_t t)
{
    return t == REGLINT_REG_SZ || t == REGLINT_REG_EXPAND_SZ ||
           t == REGLINT_REG_MULTI_SZ;
}

static int parse_type(loader *L, const ynode *n, uint32_t *out)
{
    if (n->kind == Y_SCALAR && !is_null(n)) {
        char buf[REGLINT_TYPE_NAME_MAX];
        for (uint32_t t = 0; t <= REGLINT_REG_QWORD; t++)
            if (strcmp(n->s, reglint_type_name(t, buf)) == 0) {
                *out = t;
                return 0;
            }
    }
    return err(L, n, "unknown type '%.64s' (expected REG_DWORD, REG_QWORD, "
                     "REG_SZ, REG_EXPAND_SZ, REG_MULTI_SZ, REG_BINARY, ...)",
               n->kind == Y_SCALAR ? n->s : kind_name(n));
}

static const char *const expect_keys[] = {
    "equals", "one-of", "nonzero", "bits-set", "bits-clear", "min",
    "tokens-exclude", NULL};

static int parse_expect(loader *L, const ynode *n, uint32_t type,
                        expectation *ex)
{
    if (n->kind != Y_MAP)
        return err(L, n, "'expect' must be a mapping such as {equals: 1}, "
                         "not %s", kind_name(n));
    for (const ynode *k = n->first; k; k = k->next->next) {
        size_t i;
        for (i = 0; expect_keys[i]; i++)
            if (k->kind == Y_SCALAR && strcmp(k->s, expect_keys[i]) == 0)
                break;
        if (!expect_keys[i]) {
            char buf[256];
            return err(L, k, "unknown expectation '%.64s' (expected %s)",
                       k->kind == Y_SCALAR ? k->s : "?",
                       join_names(expect_keys, buf, sizeof buf));
        }
    }
    if (check_map(L, n, "'expect'", expect_keys) < 0)
        return -1;
    if (n->n == 0)
        return err(L, n, "'expect' is empty (give one expectation, or leave "
                         "it out to check only the type)");
    const ynode *bs = map_get(n, "bits-set"), *bc = map_get(n, "bits-clear");
    size_t nkeys = n->n / 2;
    if (nkeys > 1 && !(nkeys == 2 && bs && bc))
        return err(L, n->first->next->next,
                   "'expect' holds one expectation (only bits-set and "
                   "bits-clear may combine)");
    const ynode *key = n->first, *v = key->next;
    uint64_t max = type == REGLINT_REG_QWORD ? UINT64_MAX : UINT32_MAX;
    char tb[REGLINT_TYPE_NAME_MAX];
    const char *tname = reglint_type_name(type, tb);
    memset(ex, 0, sizeof *ex);
    if (strcmp(key->s, "equals") == 0) {
        ex->kind = EX_EQUALS;
        if (type_is_number(type))
            return get_num(L, v, "equals", max, &ex->num);
        if (type == REGLINT_REG_SZ || type == REGLINT_REG_EXPAND_SZ) {
            if (v->kind != Y_SCALAR || (v->plain && v->len == 0))
                return err(L, v, "'equals' must be a string for %s", tname);
            ex->str = out_str(L, v->s, v->len);
            return ex->str ? 0 : -1;
        }
        return err(L, key, "'equals' needs a number or string type, not %s",
                   tname);
    }
    if (strcmp(key->s, "tokens-exclude") == 0) {
        if (!type_is_string(type))
            return err(L, key, "'tokens-exclude' needs a string type "
                               "(REG_SZ, REG_EXPAND_SZ, REG_MULTI_SZ), not %s",
                       tname);
        ex->kind = EX_TOKENS_EXCLUDE;
        return get_strlist(L, v, "tokens-exclude", MAX_LINE, &ex->tokens,
                           &ex->ntokens);
    }
    if (!type_is_number(type))
        return err(L, key, "'%s' needs a number type (REG_DWORD, REG_QWORD, "
                           "REG_DWORD_BIG_ENDIAN), not %s", key->s, tname);
    if (strcmp(key->s, "one-of") == 0) {
        ex->kind = EX_ONE_OF;
        return get_numlist(L, v, "one-of", max, &ex->nums, &ex->nnums);
    }
    if (strcmp(key->s, "nonzero") == 0) {
        ex->kind = EX_NONZERO;
        if (v->kind != Y_SCALAR || strcmp(v->s, "true") != 0)
            return err(L, v, "'nonzero' takes only 'true'");
        return 0;
    }
    if (strcmp(key->s, "min") == 0) {
        ex->kind = EX_MIN;
        return get_num(L, v, "min", max, &ex->num);
    }
    ex->kind = EX_BITS;
    if (bs && get_num(L, bs, "bits-set", max, &ex->set_bits) < 0)
        return -1;
    if (bc && get_num(L, bc, "bits-clear", max, &ex->clear_bits) < 0)
        return -1;
    if (ex->set_bits & ex->clear_bits)
        return err(L, bc, "bits-set and bits-clear share bits (0x%llx)",
                   (unsigned long long)(ex->set_bits & ex->clear_bits));
    return 0;
}

static const char *const result_names[] = {"pass", "fail", "unknown", "n/a",
                                           "default", NULL};
static const reglint_verdict result_values[] = {REGLINT_PASS, REGLINT_FAIL,
                                                REGLINT_UNKNOWN, REGLINT_NA};

static const char *const absent_case_keys[] = {"when", "result", "severity",
                                               "reason", "default", NULL};

static int parse_reason(loader *L, const ynode *n, const char **out)
{
    return get_str(L, n, "reason", MAX_LINE, true, out);
}

static int parse_absent(loader *L, const ynode *n, const rule_test *t,
                        absent_rule *ab)
{
    uint64_t max = t->type == REGLINT_REG_QWORD ? UINT64_MAX : UINT32_MAX;
    int r;
    if (n->kind == Y_SCALAR) {
        if (get_enum(L, n, "absent result", result_names, &r) < 0)
            return -1;
        if (r == 4)
            return err(L, n, "'absent: default' needs the default value: "
                             "write it as a case, "
                             "[{result: default, default: N}]");
        ab->c = out_alloc(L, sizeof *ab->c);
        if (!ab->c)
            return -1;
        ab->n = 1;
        ab->c[0].result = result_values[r];
        ab->c[0].loc = (src_loc){L->file, (unsigned)n->line0 + 1,
                                 (unsigned)n->col0 + 1};
        return 0;
    }
    const ynode **items;
    size_t cnt;
    if (get_list(L, n, "absent", false, &items, &cnt) < 0)
        return -1;
    ab->c = out_alloc(L, cnt * sizeof *ab->c);
    if (!ab->c)
        return -1;
    ab->n = cnt;
    for (size_t i = 0; i < cnt; i++) {
        const ynode *m = items[i], *v;
        absent_case *c = &ab->c[i];
        if (check_map(L, m, "an 'absent' case", absent_case_keys) < 0)
            return -1;
        c->loc = (src_loc){L->file, (unsigned)m->line0 + 1,
                           (unsigned)m->col0 + 1};
        if ((v = map_get(m, "when")) && parse_conds(L, v, "when", &c->when) < 0)
            return -1;
        if (!(v = map_get(m, "result")))
            return err(L, m, "an 'absent' case needs a 'result' (pass, fail, "
                             "unknown, n/a or default)");
        if (get_enum(L, v, "result", result_names, &r) < 0)
            return -1;
        const ynode *def = map_get(m, "default");
        if (r == 4) {
            c->use_default = true;
            c->result = REGLINT_PASS;
            if (!def)
                return err(L, v, "'result: default' needs 'default: N', the "
                                 "value Windows assumes");
            if (t->expect.kind == EX_NONE)
                return err(L, v, "'result: default' needs an 'expect' to test "
                                 "the default against");
            if (!type_is_number(t->type))
                return err(L, v, "'result: default' needs a number type");
            if (get_num(L, def, "default", max, &c->default_num) < 0)
                return -1;
        } else {
            c->result = result_values[r];
            if (def)
                return err(L, map_key(m, "default"),
                           "'default' goes only with 'result: default'");
        }
        if ((v = map_get(m, "severity"))) {
            if (c->result != REGLINT_FAIL && !c->use_default)
                return err(L, map_key(m, "severity"),
                           "'severity' goes only with a failing result");
            if (get_level(L, v, &c->severity) < 0)
                return -1;
        }
        if ((v = map_get(m, "reason")) && parse_reason(L, v, &c->reason) < 0)
            return -1;
    }
    return 0;
}

static const char *const state_names[] = {"unknown", "on", "on-request",
                                          "off", "unsupported", NULL};

static int parse_states(loader *L, const ynode *n, unsigned *mask)
{
    const ynode **items;
    size_t cnt;
    if (get_list(L, n, "states", true, &items, &cnt) < 0)
        return -1;
    *mask = 0;
    for (size_t i = 0; i < cnt; i++) {
        int s;
        if (get_enum(L, items[i], "state", state_names, &s) < 0)
            return -1;
        *mask |= STATE_BIT(s);
    }
    return 0;
}

/* The protocols Windows reads (tls-facts.md §1.1), for checking a
** protocol test when no default table is loaded yet. */
static const char *const known_protocols[] = {
    "PCT 1.0", "SSL 2.0", "SSL 3.0", "TLS 1.0", "TLS 1.1",
    "TLS 1.2", "TLS 1.3", "DTLS 1.0", "DTLS 1.2", NULL};

static int parse_protocol_name(loader *L, const ynode *n, const char **out)
{
    const char *const *names = known_protocols;
    size_t count = SIZE_MAX;
    if (L->has_defaults) {
        names = L->protocols;
        count = L->nprotocols;
    } else if (L->rs->nprotocols) {
        names = L->rs->protocols;
        count = L->rs->nprotocols;
    }
    if (n->kind == Y_SCALAR && !is_null(n))
        for (size_t i = 0; i < count && names[i]; i++)
            if (reglint_name_compare(n->s, names[i]) == 0) {
                *out = out_str(L, names[i], strlen(names[i]));
                return *out ? 0 : -1;
            }
    bytebuf b = {0};
    for (size_t i = 0; i < count && names[i]; i++)
        if ((i && bytebuf_append(&b, ", ", 2) < 0) ||
            bytebuf_append(&b, names[i], strlen(names[i])) < 0)
            break;
    bytebuf_putc(&b, 0);
    int r = err(L, n, "unknown protocol '%.64s' (expected one of the default "
                      "table's: %s)",
                n->kind == Y_SCALAR ? n->s : kind_name(n),
                b.data ? (const char *)b.data : "");
    bytebuf_free(&b);
    return r;
}

static const char *const implicit_keys[] = {"states", "result", "severity",
                                            "reason", NULL};
static const char *const explicit_names[] = {"enabled", "disabled", NULL};

static int parse_protocol(loader *L, const ynode *n, rule_test *t)
{
    const ynode *v;
    int i;
    if (!(v = map_get(n, "protocol")) || parse_protocol_name(L, v, &t->protocol) < 0)
        return -1;
    if (!(v = map_get(n, "role")))
        return err(L, n, "a protocol test needs 'role' (client or server)");
    if (get_enum(L, v, "role", role_names, &i) < 0)
        return -1;
    t->role = i == 0 ? "Client" : "Server";
    const ynode *st = map_get(n, "states"), *ex = map_get(n, "explicit"),
                *im = map_get(n, "implicit");
    if (st && ex)
        return err(L, map_key(n, "explicit"),
                   "a protocol test takes 'states' or 'explicit', not both");
    if (!st && !ex)
        return err(L, n, "a protocol test needs 'states' (the effective states "
                         "that pass) or 'explicit' (enabled or disabled)");
    if (im && !ex)
        return err(L, map_key(n, "implicit"),
                   "'implicit' goes only with 'explicit'");
    if (st)
        return parse_states(L, st, &t->states);
    if (get_enum(L, ex, "explicit", explicit_names, &i) < 0)
        return -1;
    t->explicit_state = i + 1;
    if (!im)
        return 0;
    const ynode **items;
    size_t cnt;
    if (get_list(L, im, "implicit", false, &items, &cnt) < 0)
        return -1;
    t->implicit = out_alloc(L, cnt * sizeof *t->implicit);
    if (!t->implicit)
        return -1;
    t->nimplicit = cnt;
    for (size_t k = 0; k < cnt; k++) {
        const ynode *m = items[k];
        implicit_case *c = &t->implicit[k];
        int r;
        if (check_map(L, m, "an 'implicit' case", implicit_keys) < 0)
            return -1;
        if (!(v = map_get(m, "states")))
            return err(L, m, "an 'implicit' case needs 'states'");
        if (parse_states(L, v, &c->states) < 0)
            return -1;
        if (!(v = map_get(m, "result")))
            return err(L, m, "an 'implicit' case needs a 'result' (pass, fail, "
                             "unknown or n/a)");
        if (get_enum(L, v, "result", result_names, &r) < 0)
            return -1;
        if (r == 4)
            return err(L, v, "'result: default' is only for 'absent' cases");
        c->result = result_values[r];
        if ((v = map_get(m, "severity"))) {
            if (c->result != REGLINT_FAIL)
                return err(L, map_key(m, "severity"),
                           "'severity' goes only with 'result: fail'");
            if (get_level(L, v, &c->severity) < 0)
                return -1;
        }
        if ((v = map_get(m, "reason")) && parse_reason(L, v, &c->reason) < 0)
            return -1;
    }
    return 0;
}

static int parse_value_test(loader *L, const ynode *n, rule_test *t)
{
    const ynode *k = map_get(n, "key"), *ks = map_get(n, "keys"), *v;
    if (k && ks)
        return err(L, map_key(n, "keys"),
                   "a value test takes 'key' or 'keys', not both");
    if (k) {
        const char **a = out_alloc(L, sizeof *a);
        if (!a || get_path(L, k, "key", GLOB_NONE, &a[0]) < 0)
            return -1;
        t->keys = a;
        t->nkeys = 1;
    } else {
        const ynode **items;
        if (get_list(L, ks, "keys", false, &items, &t->nkeys) < 0)
            return -1;
        const char **a = out_alloc(L, t->nkeys * sizeof *a);
        if (!a)
            return -1;
        for (size_t i = 0; i < t->nkeys; i++)
            if (get_path(L, items[i], "keys", GLOB_NONE, &a[i]) < 0)
                return -1;
        t->keys = a;
    }
    if (!(v = map_get(n, "value")))
        return err(L, n, "a value test needs 'value' (the value's name; \"\" "
                         "or \"@\" for the default value)");
    if (v->kind != Y_SCALAR || (v->plain && v->len == 0))
        return err(L, v, "'value' must be a name (\"\" or \"@\" for the "
                         "default value), not %s", kind_name(v));
    if (utf8_count(v->s, v->len) > REGLINT_MAX_VALUE_NAME)
        return err(L, v, "'value' is longer than a value name can be");
    t->value = strcmp(v->s, "@") == 0 ? out_str(L, "", 0)
                                       : out_str(L, v->s, v->len);
    if (!t->value)
        return -1;
    t->type = REGLINT_REG_DWORD;
    if ((v = map_get(n, "type")) && parse_type(L, v, &t->type) < 0)
        return -1;
    if ((v = map_get(n, "expect")) && parse_expect(L, v, t->type, &t->expect) < 0)
        return -1;
    if ((v = map_get(n, "absent")) && parse_absent(L, v, t, &t->absent) < 0)
        return -1;
    if ((v = map_get(n, "key-absent"))) {
        int r;
        if (get_enum(L, v, "key-absent result", result_names, &r) < 0)
            return -1;
        if (r == 4)
            return err(L, v, "'key-absent: default' is not a result here "
                             "(pass, fail, unknown or n/a)");
        t->has_key_absent = true;
        t->key_absent = result_values[r];
    }
    if ((v = map_get(n, "key-absent-reason"))) {
        if (!t->has_key_absent)
            return err(L, map_key(n, "key-absent-reason"),
                       "'key-absent-reason' goes only with 'key-absent'");
        if (get_str(L, v, "key-absent-reason", MAX_LINE, true,
                    &t->key_absent_reason) < 0)
            return -1;
    }
    return 0;
}

static int parse_key_list(loader *L, const ynode *n, const char *field,
                          enum glob_mode glob, const char *const **out,
                          size_t *count)
{
    const ynode **items;
    if (get_list(L, n, field, true, &items, count) < 0)
        return -1;
    const char **a = out_alloc(L, *count * sizeof *a);
    if (!a)
        return -1;
    for (size_t i = 0; i < *count; i++)
        if (get_path(L, items[i], field, glob, &a[i]) < 0)
            return -1;
    *out = a;
    return 0;
}

/* ---- builtins ---- */

static const char *const builtin_names[] = {
    "value-types", "key-names", "value-range", "contradictions",
    "control-set-drift", "sql-server-builds", "key-paths", "view-twins",
    NULL};

/* The keys each builtin takes besides builtin and applies. */
static const char *const *const builtin_keys[] = {
    (const char *const[]){"builtin", "applies", NULL},
    (const char *const[]){"builtin", "applies", "watch", NULL},
    (const char *const[]){"builtin", "applies", "values", "allowed",
                          "exceptions", NULL},
    (const char *const[]){"builtin", "applies", "keys", NULL},
    (const char *const[]){"builtin", "applies", "subtree", NULL},
    (const char *const[]){"builtin", "applies", "instances", "pass-from",
                          "branches", "flagged", NULL},
    (const char *const[]){"builtin", "applies", "places", "read", NULL},
    (const char *const[]){"builtin", "applies", "pairs", NULL},
};

static const char *const watch_keys[] = {"key", "subkeys", "values",
                                         "near-subkeys", "near-values", NULL};
static const char *const range_keys[] = {"key", "names", NULL};
static const char *const exception_keys[] = {"value", "equals", "severity",
                                             "reason", NULL};
static const char *const branch_keys[] = {"name", "from", "to", "min", NULL};
static const char *const place_keys[] = {"names", "at", "look", "except",
                                         NULL};
static const char *const read_keys[] = {"key", "depth", NULL};
static const char *const pair_keys[] = {"native", "wow", "names", NULL};

/* "12.0.4439.1": one to four decimal parts; missing parts are 0. */
static int get_version(loader *L, const ynode *n, const char *field,
                       sql_version *out)
{
    memset(out, 0, sizeof *out);
    if (n->kind != Y_SCALAR || is_null(n))
        return err(L, n, "'%s' must be a version such as \"12.0.4439.1\", "
                         "not %s", field, kind_name(n));
    const char *p = n->s;
    for (int i = 0;; i++) {
        if (i == 4 || *p < '0' || *p > '9')
            goto bad;
        unsigned long v = 0;
        for (; *p >= '0' && *p <= '9'; p++) {
            v = v * 10 + (unsigned long)(*p - '0');
            if (v > 999999999ul)
                goto bad;
        }
        out->part[i] = (unsigned)v;
        if (*p == '\0')
            return 0;
        if (*p++ != '.')
            goto bad;
    }
bad:
    return err(L, n, "bad version '%.64s' for '%s' (up to four numbers "
                     "separated by dots, e.g. \"12.0.4439.1\")", n->s, field);
}

static int version_cmp(const sql_version *a, const sql_version *b)
{
    for (int i = 0; i < 4; i++)
        if (a->part[i] != b->part[i])
            return a->part[i] < b->part[i] ? -1 : 1;
    return 0;
}

/* One entry of such a list: only the keys it may have, and the ones it
** must. */
static int map_entry(loader *L, const ynode *m, const char *what,
                     const char *const *keys, const char *const *need,
                     size_t nneed)
{
    if (check_map(L, m, what, keys) < 0)
        return -1;
    for (size_t k = 0; k < nneed; k++)
        if (!map_get(m, need[k]))
            return err(L, m, "%s needs '%s'", what, need[k]);
    return 0;
}

/* The list of maps under field: *items and *cnt as get_list() gives
** them, and *out an array of cnt elements of size sz in the output, for
** the caller to fill from each map.  -1 on error. */
static int map_list(loader *L, const ynode *n, const char *field, size_t sz,
                    void **out, const ynode ***items, size_t *cnt)
{
    if (get_list(L, n, field, false, items, cnt) < 0)
        return -1;
    *out = out_alloc(L, *cnt * sz);
    return *out ? 0 : -1;
}

static int parse_watch(loader *L, const ynode *n, builtin_params *bp)
{
    const ynode **items;
    size_t cnt;
    if (map_list(L, n, "watch", sizeof *bp->watch, (void **)&bp->watch,
                 &items, &cnt) < 0)
        return -1;
    bp->nwatch = cnt;
    for (size_t i = 0; i < cnt; i++) {
        const ynode *m = items[i], *v;
        name_watch *w = &bp->watch[i];
        if (check_map(L, m, "a 'watch' entry", watch_keys) < 0)
            return -1;
        if (!(v = map_get(m, "key")))
            return err(L, m, "a 'watch' entry needs 'key'");
        if (get_path(L, v, "key", GLOB_ANY, &w->key) < 0)
            return -1;
        if ((v = map_get(m, "subkeys")) &&
            get_strlist(L, v, "subkeys", REGLINT_MAX_KEY_NAME * 4,
                        &w->subkeys, &w->nsubkeys) < 0)
            return -1;
        if ((v = map_get(m, "values")) &&
            get_strlist(L, v, "values", MAX_LINE, &w->values,
                        &w->nvalues) < 0)
            return -1;
        if ((v = map_get(m, "near-subkeys")) &&
            get_strlist(L, v, "near-subkeys", REGLINT_MAX_KEY_NAME * 4,
                        &w->near_subkeys, &w->nnear_subkeys) < 0)
            return -1;
        if ((v = map_get(m, "near-values")) &&
            get_strlist(L, v, "near-values", MAX_LINE, &w->near_values,
                        &w->nnear_values) < 0)
            return -1;
        if (!w->nsubkeys && !w->nvalues && !w->nnear_subkeys &&
            !w->nnear_values)
            return err(L, m, "a 'watch' entry needs at least one of subkeys, "
                             "values, near-subkeys, near-values");
    }
    return 0;
}

static int parse_range_values(loader *L, const ynode *n, builtin_params *bp)
{
    const ynode **items;
    size_t cnt;
    if (map_list(L, n, "values", sizeof *bp->range, (void **)&bp->range,
                 &items, &cnt) < 0)
        return -1;
    bp->nrange = cnt;
    for (size_t i = 0; i < cnt; i++) {
        const ynode *m = items[i], *v;
        range_watch *w = &bp->range[i];
        if (check_map(L, m, "a 'values' entry", range_keys) < 0)
            return -1;
        if (!(v = map_get(m, "key")))
            return err(L, m, "a 'values' entry needs 'key'");
        if (get_path(L, v, "key", GLOB_ANY, &w->key) < 0)
            return -1;
        if (!(v = map_get(m, "names")))
            return err(L, m, "a 'values' entry needs 'names'");
        if (get_strlist(L, v, "names", MAX_LINE, &w->names, &w->nnames) < 0)
            return -1;
    }
    return 0;
}

static int parse_exceptions(loader *L, const ynode *n, builtin_params *bp)
{
    const ynode **items;
    size_t cnt;
    if (map_list(L, n, "exceptions", sizeof *bp->exceptions,
                 (void **)&bp->exceptions,
                 &items, &cnt) < 0)
        return -1;
    bp->nexceptions = cnt;
    for (size_t i = 0; i < cnt; i++) {
        const ynode *m = items[i], *v;
        range_exception *e = &bp->exceptions[i];
        if (check_map(L, m, "an 'exceptions' entry", exception_keys) < 0)
            return -1;
        if (!(v = map_get(m, "value")))
            return err(L, m, "an 'exceptions' entry needs 'value'");
        if (get_str(L, v, "value", MAX_LINE, true, &e->value) < 0)
            return -1;
        if (!(v = map_get(m, "equals")))
            return err(L, m, "an 'exceptions' entry needs 'equals'");
        if (get_num(L, v, "equals", UINT32_MAX, &e->equals) < 0)
            return -1;
        if ((v = map_get(m, "severity")) && get_level(L, v, &e->severity) < 0)
            return -1;
        if ((v = map_get(m, "reason")) && parse_reason(L, v, &e->reason) < 0)
            return -1;
    }
    return 0;
}

static int parse_sql(loader *L, const ynode *n, builtin_params *bp)
{
    const ynode *v;
    if (!(v = map_get(n, "instances")))
        return err(L, n, "'sql-server-builds' needs 'instances' (the Microsoft "
                         "SQL Server keys to look under)");
    if (parse_key_list(L, v, "instances", GLOB_NONE, &bp->instance_roots,
                       &bp->nroots) < 0)
        return -1;
    if (!(v = map_get(n, "pass-from")))
        return err(L, n, "'sql-server-builds' needs 'pass-from' (the first "
                         "version that always passes, e.g. \"13.0\")");
    if (get_version(L, v, "pass-from", &bp->pass_from) < 0)
        return -1;
    if ((v = map_get(n, "branches"))) {
        const ynode **items;
        size_t cnt;
        if (get_list(L, v, "branches", false, &items, &cnt) < 0)
            return -1;
        bp->branches = out_alloc(L, cnt * sizeof *bp->branches);
        if (!bp->branches)
            return -1;
        bp->nbranches = cnt;
        for (size_t i = 0; i < cnt; i++) {
            const ynode *m = items[i], *f;
            sql_branch *b = &bp->branches[i];
            if (check_map(L, m, "a 'branches' entry", branch_keys) < 0)
                return -1;
            static const char *const need[] = {"name", "from", "to", "min"};
            for (size_t k = 0; k < 4; k++)
                if (!map_get(m, need[k]))
                    return err(L, m, "a 'branches' entry needs '%s'",
                               need[k]);
            if (get_str(L, map_get(m, "name"), "name", MAX_LINE, true,
                        &b->name) < 0 ||
                get_version(L, map_get(m, "from"), "from", &b->from) < 0 ||
                get_version(L, (f = map_get(m, "to")), "to", &b->to) < 0)
                return -1;
            if (version_cmp(&b->from, &b->to) >= 0)
                return err(L, f, "branch '%s': 'to' must be above 'from'",
                           b->name);
            f = map_get(m, "min");
            if (f->kind == Y_SCALAR && strcmp(f->s, "none") == 0) {
                b->has_min = false;
            } else {
                b->has_min = true;
                if (get_version(L, f, "min", &b->min) < 0)
                    return -1;
            }
        }
    }
    if ((v = map_get(n, "flagged"))) {
        const ynode **items;
        if (get_list(L, v, "flagged", true, &items, &bp->nflagged) < 0)
            return -1;
        sql_version *a = out_alloc(L, bp->nflagged * sizeof *a);
        if (!a)
            return -1;
        for (size_t i = 0; i < bp->nflagged; i++)
            if (get_version(L, items[i], "flagged", &a[i]) < 0)
                return -1;
        bp->flagged = a;
    }
    return 0;
}

/* Key names (a list, or one): each a single component without globs,
** since the check compares them whole, as Windows compares names. */
static int get_names(loader *L, const ynode *n, const char *field,
                     const char *const **out, size_t *count)
{
    const ynode **items;
    if (get_list(L, n, field, true, &items, count) < 0)
        return -1;
    const char **a = out_alloc(L, *count * sizeof *a);
    if (!a)
        return -1;
    for (size_t i = 0; i < *count; i++) {
        if (get_str(L, items[i], field, REGLINT_MAX_KEY_NAME * 4, true,
                    &a[i]) < 0)
            return -1;
        if (strpbrk(a[i], "\\*?"))
            return err(L, items[i], "'%s': a key name, without backslashes "
                                    "or globs: '%.64s'", field, a[i]);
        if (utf8_count(a[i], strlen(a[i])) > REGLINT_MAX_KEY_NAME)
            return err(L, items[i], "'%s': a key name longer than %d "
                                    "characters", field, REGLINT_MAX_KEY_NAME);
    }
    *out = a;
    return 0;
}

static int parse_places(loader *L, const ynode *n, builtin_params *bp)
{
    const ynode **items;
    size_t cnt;
    if (map_list(L, n, "places", sizeof *bp->places, (void **)&bp->places,
                 &items, &cnt) < 0)
        return -1;
    bp->nplaces = cnt;
    for (size_t i = 0; i < cnt; i++) {
        const ynode *m = items[i], *v;
        key_place *pl = &bp->places[i];
        static const char *const need[] = {"names", "at", "look"};
        if (map_entry(L, m, "a 'places' entry", place_keys, need, 3) < 0)
            return -1;
        if (get_names(L, map_get(m, "names"), "names", &pl->names,
                      &pl->nnames) < 0 ||
            parse_key_list(L, map_get(m, "at"), "at", GLOB_ANY, &pl->at,
                           &pl->nat) < 0 ||
            parse_key_list(L, map_get(m, "look"), "look", GLOB_ANY,
                           &pl->look, &pl->nlook) < 0)
            return -1;
        if ((v = map_get(m, "except")) &&
            parse_key_list(L, v, "except", GLOB_ANY, &pl->except,
                           &pl->nexcept) < 0)
            return -1;
    }
    return 0;
}

/* The levels of a scope item: a number up to the model's depth, or
** `subtree`. */
static int parse_reads(loader *L, const ynode *n, builtin_params *bp)
{
    const ynode **items;
    size_t cnt;
    if (map_list(L, n, "read", sizeof *bp->reads, (void **)&bp->reads,
                 &items, &cnt) < 0)
        return -1;
    bp->nreads = cnt;
    for (size_t i = 0; i < cnt; i++) {
        const ynode *m = items[i], *v;
        scope_read *rd = &bp->reads[i];
        if (check_map(L, m, "a 'read' entry", read_keys) < 0)
            return -1;
        if (!(v = map_get(m, "key")))
            return err(L, m, "a 'read' entry needs 'key'");
        if (get_path(L, v, "key", GLOB_ANY, &rd->key) < 0)
            return -1;
        if (!(v = map_get(m, "depth")))
            return err(L, m, "a 'read' entry needs 'depth' (a number of "
                             "levels, or subtree)");
        if (v->kind == Y_SCALAR && strcmp(v->s, "subtree") == 0) {
            rd->depth = REGLINT_SCOPE_SUBTREE;
        } else {
            uint64_t d;
            if (get_num(L, v, "depth", REGLINT_MAX_DEPTH, &d) < 0)
                return -1;
            rd->depth = (int)d;
        }
    }
    return 0;
}

static int parse_pairs(loader *L, const ynode *n, builtin_params *bp)
{
    const ynode **items;
    size_t cnt;
    if (map_list(L, n, "pairs", sizeof *bp->twins, (void **)&bp->twins,
                 &items, &cnt) < 0)
        return -1;
    bp->ntwins = cnt;
    for (size_t i = 0; i < cnt; i++) {
        const ynode *m = items[i], *v;
        view_twin *tw = &bp->twins[i];
        static const char *const need[] = {"native", "wow", "names"};
        if (map_entry(L, m, "a 'pairs' entry", pair_keys, need, 3) < 0)
            return -1;
        if (get_path(L, map_get(m, "native"), "native", GLOB_NONE,
                     &tw->native) < 0 ||
            get_path(L, (v = map_get(m, "wow")), "wow", GLOB_NONE,
                     &tw->wow) < 0)
            return -1;
        if (reglint_name_compare(tw->native, tw->wow) == 0)
            return err(L, v, "'wow' is the same key as 'native'");
        if (get_strlist(L, map_get(m, "names"), "names", MAX_LINE,
                        &tw->names, &tw->nnames) < 0)
            return -1;
    }
    return 0;
}

static int parse_builtin(loader *L, const ynode *n, rule_test *t)
{
    int b;
    const ynode *v;
    if (get_enum(L, map_get(n, "builtin"), "builtin", builtin_names, &b) < 0)
        return -1;
    t->builtin = (builtin_kind)(b + 1);
    char what[64];
    snprintf(what, sizeof what, "builtin '%s'", builtin_names[b]);
    if (check_map(L, n, what, builtin_keys[b]) < 0)
        return -1;
    builtin_params *bp = &t->params;
    switch (t->builtin) {
    case B_VALUE_TYPES:
        return 0;
    case B_KEY_NAMES:
        if (!(v = map_get(n, "watch")))
            return err(L, n, "'key-names' needs 'watch'");
        return parse_watch(L, v, bp);
    case B_VALUE_RANGE:
        if (!(v = map_get(n, "values")))
            return err(L, n, "'value-range' needs 'values'");
        if (parse_range_values(L, v, bp) < 0)
            return -1;
        if (!(v = map_get(n, "allowed")))
            return err(L, n, "'value-range' needs 'allowed'");
        if (get_numlist(L, v, "allowed", UINT32_MAX, &bp->allowed,
                        &bp->nallowed) < 0)
            return -1;
        if ((v = map_get(n, "exceptions")) && parse_exceptions(L, v, bp) < 0)
            return -1;
        return 0;
    case B_CONTRADICTIONS: {
        if (!(v = map_get(n, "keys")))
            return err(L, n, "'contradictions' needs 'keys' (the role keys)");
        const char *const *keys;
        size_t cnt;
        if (parse_key_list(L, v, "keys", GLOB_ANY, &keys, &cnt) < 0)
            return -1;
        bp->range = out_alloc(L, cnt * sizeof *bp->range);
        if (!bp->range)
            return -1;
        for (size_t i = 0; i < cnt; i++)
            bp->range[i].key = keys[i];
        bp->nrange = cnt;
        return 0;
    }
    case B_CONTROL_SET_DRIFT: {
        if (!(v = map_get(n, "subtree")))
            return err(L, n, "'control-set-drift' needs 'subtree' (a path "
                             "below ControlSetNNN)");
        const char *s;
        if (get_str(L, v, "subtree", MAX_LINE, true, &s) < 0)
            return -1;
        /* Single backslashes, none at either end: the form the model's
        ** other paths have, minus the root. */
        bytebuf sb = {0};
        bool ok = true;
        for (const char *p = s; *p && ok; p++) {
            if (*p == '\\' && (sb.len == 0 || sb.data[sb.len - 1] == '\\'))
                continue;
            ok = bytebuf_putc(&sb, (uint8_t)*p) == 0;
        }
        while (ok && sb.len && sb.data[sb.len - 1] == '\\')
            sb.len--;
        if (!ok) {
            bytebuf_free(&sb);
            L->nomem = true;
            return -1;
        }
        if (sb.len == 0) {
            bytebuf_free(&sb);
            return err(L, v, "'subtree' is empty");
        }
        const char *txt = (const char *)sb.data;
        size_t first = 0;
        while (first < sb.len && txt[first] != '\\')
            first++;
        if (reglint_root_canonical(txt, first)) {
            bytebuf_free(&sb);
            return err(L, v, "'subtree' is a path below ControlSetNNN (e.g. "
                             "Control\\SecurityProviders\\SCHANNEL), not a "
                             "full key path");
        }
        bp->subtree = out_str(L, txt, sb.len);
        bytebuf_free(&sb);
        return bp->subtree ? 0 : -1;
    }
    case B_SQL_SERVER_BUILDS:
        return parse_sql(L, n, bp);
    case B_KEY_PATHS:
        if (!(v = map_get(n, "places")))
            return err(L, n, "'key-paths' needs 'places' (key names and "
                             "where Windows reads them)");
        if (parse_places(L, v, bp) < 0)
            return -1;
        if ((v = map_get(n, "read")) && parse_reads(L, v, bp) < 0)
            return -1;
        return 0;
    case B_VIEW_TWINS:
        if (!(v = map_get(n, "pairs")))
            return err(L, n, "'view-twins' needs 'pairs' (a key, its "
                             "WOW6432Node twin and the value names)");
        return parse_pairs(L, v, bp);
    }
    return -1;
}

/* ---- any test ---- */

enum { TF_SUB = 1, TF_VALUE_ONLY = 2 };

static const char *const shape_names[] = {
    "key", "keys", "key-exists", "key-absent", "protocol", "all-of",
    "any-of", "builtin", NULL};

static const char *const value_keys[] = {
    "key", "keys", "value", "type", "expect", "absent", "key-absent",
    "key-absent-reason", "applies", NULL};
static const char *const exists_keys[] = {"key-exists", "applies", NULL};
static const char *const absent_keys[] = {"key-absent", "applies", NULL};
static const char *const protocol_keys[] = {"protocol", "role", "states",
                                            "explicit", "implicit",
                                            "applies", NULL};
static const char *const allof_keys[] = {"all-of", "applies", NULL};
static const char *const anyof_keys[] = {"any-of", "applies", NULL};

static int parse_test(loader *L, const ynode *n, rule_test *t, int depth,
                      int flags)
{
    memset(t, 0, sizeof *t);
    if (n->kind != Y_MAP)
        return err(L, n, "a test must be a mapping, not %s", kind_name(n));
    if (depth > MAX_TEST_DEPTH)
        return err(L, n, "tests nested deeper than %d levels",
                   MAX_TEST_DEPTH);
    t->loc = (src_loc){L->file, (unsigned)n->line0 + 1,
                       (unsigned)n->col0 + 1};
    /* The shape is decided by which key is there; key-absent is a field of
    ** a value test and a shape of its own without key/keys. */
    const ynode *shape = map_key(n, "builtin");
    bool has_key = map_get(n, "key") != NULL;
    bool value = !shape && (has_key || map_get(n, "keys"));
    /* A builtin's parameters may share names with test shapes (keys,
    ** values): with `builtin` there, they are its parameters. */
    for (const ynode *k = shape ? NULL : n->first; k; k = k->next->next) {
        if (k->kind != Y_SCALAR)
            return err(L, k, "a key in a test must be a name, not %s",
                       kind_name(k));
        bool is_shape = false;
        for (size_t i = 0; shape_names[i]; i++)
            if (strcmp(k->s, shape_names[i]) == 0)
                is_shape = true;
        if (value && strcmp(k->s, "key-absent") == 0)
            is_shape = false;
        if (value && strcmp(k->s, "keys") == 0 && has_key)
            is_shape = false; /* reported as key with keys below */
        if (!is_shape)
            continue;
        if (shape && !(value && (strcmp(k->s, "key") == 0 ||
                                 strcmp(k->s, "keys") == 0) &&
                       (strcmp(shape->s, "key") == 0 ||
                        strcmp(shape->s, "keys") == 0)))
            return err(L, k, "a test has one shape: '%s' cannot go with '%s'",
                       k->s, shape->s);
        if (!shape)
            shape = k;
    }
    if (!shape) {
        const ynode *bad = NULL;
        for (const ynode *k = n->first; k && !bad; k = k->next->next)
            if (k->kind == Y_SCALAR && strcmp(k->s, "applies") != 0)
                bad = k;
        char buf[256];
        join_names(shape_names, buf, sizeof buf);
        if (!bad)
            return err(L, n, "a test needs one of %s", buf);
        /* A value test's field without its key: say what is missing. */
        for (size_t i = 2; value_keys[i]; i++)
            if (strcmp(bad->s, value_keys[i]) == 0)
                return err(L, n, "a value test needs 'key' or 'keys' (the "
                                 "key that holds '%s')",
                           map_get(n, "value") &&
                                   map_get(n, "value")->kind == Y_SCALAR
                               ? map_get(n, "value")->s
                               : "the value");
        return err(L, bad, "unknown test shape '%.64s' (a test has one of "
                           "%s)", bad->s, buf);
    }
    const char *s = shape->s;
    if ((flags & TF_VALUE_ONLY) && !value)
        return err(L, shape, "escalate's 'when' must be a value test (key, "
                             "value, expect), not '%s'", s);
    const char *const *keys;
    if (value) {
        t->kind = T_VALUE;
        keys = value_keys;
    } else if (strcmp(s, "key-exists") == 0) {
        t->kind = T_KEY_EXISTS;
        keys = exists_keys;
    } else if (strcmp(s, "key-absent") == 0) {
        t->kind = T_KEY_ABSENT;
        keys = absent_keys;
    } else if (strcmp(s, "protocol") == 0) {
        t->kind = T_PROTOCOL;
        keys = protocol_keys;
    } else if (strcmp(s, "all-of") == 0) {
        t->kind = T_ALL_OF;
        keys = allof_keys;
    } else if (strcmp(s, "any-of") == 0) {
        t->kind = T_ANY_OF;
        keys = anyof_keys;
    } else {
        t->kind = T_BUILTIN;
        keys = NULL;
    }
    char what[64];
    snprintf(what, sizeof what, "a %s test", value ? "value" : s);
    if (keys && check_map(L, n, what, keys) < 0)
        return -1;
    const ynode *ap = map_get(n, "applies");
    if (ap) {
        if (!(flags & TF_SUB))
            return err(L, map_key(n, "applies"),
                       "'applies' goes on the rule, or on a test inside "
                       "all-of or any-of");
        if (parse_conds(L, ap, "applies", &t->applies) < 0)
            return -1;
    }
    switch (t->kind) {
    case T_VALUE:
        return parse_value_test(L, n, t);
    case T_KEY_EXISTS:
    case T_KEY_ABSENT:
        return parse_key_list(L, map_get(n, s), s, GLOB_LAST, &t->keys,
                              &t->nkeys);
    case T_PROTOCOL:
        return parse_protocol(L, n, t);
    case T_ALL_OF:
    case T_ANY_OF: {
        const ynode **items;
        if (get_list(L, map_get(n, s), s, false, &items, &t->nsub) < 0)
            return -1;
        t->sub = out_alloc(L, t->nsub * sizeof *t->sub);
        if (!t->sub)
            return -1;
        for (size_t i = 0; i < t->nsub; i++)
            if (parse_test(L, items[i], &t->sub[i], depth + 1, TF_SUB) < 0)
                return -1;
        return 0;
    }
    case T_BUILTIN:
        if (flags & TF_SUB)
            return err(L, shape, "a builtin test stands alone, not inside "
                                 "all-of or any-of");
        return parse_builtin(L, n, t);
    }
    return -1;
}

/* ------------------------------------------------------------------ */
/* Rules                                                                */
/* ------------------------------------------------------------------ */

static const char *const rule_keys[] = {
    "id", "title", "description", "severity", "profiles", "applies",
    "test", "escalate", "fix", "remedy", "refs", NULL};
static const char *const escalate_keys[] = {"when", "severity", "reason",
                                            NULL};

static bool good_name(const char *s, size_t n, bool lower)
{
    if (n == 0 || n > MAX_ID)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                     (!lower && c >= 'A' && c <= 'Z');
        if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-')))
            return false;
    }
    return true;
}

/* Ids are ASCII (good_name), so ASCII case folding is Windows' too. */
static size_t id_hash(const char *s)
{
    size_t h = 5381;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        h = h * 33 + (c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    return h;
}

/* The slot of id in the set: where it is, or the empty one to put it. */
static size_t id_slot(const loader *L, const char *id)
{
    size_t i = id_hash(id) & (L->idcap - 1);
    while (L->ids[i] && strcasecmp(L->ids[i], id) != 0)
        i = (i + 1) & (L->idcap - 1);
    return i;
}

static int id_add(loader *L, const char *id)
{
    if (2 * (L->nids + 1) > L->idcap) {
        size_t cap = L->idcap ? L->idcap * 2 : 256;
        const char **old = L->ids;
        size_t oldcap = L->idcap;
        L->ids = calloc(cap, sizeof *L->ids);
        if (!L->ids) {
            L->ids = old;
            L->nomem = true;
            return -1;
        }
        L->idcap = cap;
        for (size_t i = 0; i < oldcap; i++)
            if (old[i])
                L->ids[id_slot(L, old[i])] = old[i];
        free(old);
    }
    size_t i = id_slot(L, id);
    if (!L->ids[i]) {
        L->ids[i] = id;
        L->nids++;
    }
    return 0;
}

static bool id_taken(const loader *L, const char *id)
{
    return L->idcap && L->ids[id_slot(L, id)] != NULL;
}

/* The set starts with the ids already in the rule set. */
static int ids_init(loader *L)
{
    free(L->ids);
    L->ids = NULL;
    L->nids = L->idcap = 0;
    for (size_t i = 0; i < L->rs->n; i++)
        if (id_add(L, L->rs->rules[i].info.id) < 0)
            return -1;
    return 0;
}

static int parse_rule(loader *L, const ynode *n, rule *r)
{
    memset(r, 0, sizeof *r);
    L->rule_id = NULL;
    if (n->kind != Y_MAP)
        return err(L, n, "a rule must be a mapping, not %s", kind_name(n));
    /* The id first, so that every other message can name the rule. */
    const ynode *v = map_get(n, "id");
    if (!v)
        return err(L, n, "a rule needs an 'id'");
    if (v->kind != Y_SCALAR || !good_name(v->s, v->len, false))
        return err(L, v, "bad rule id '%.80s' (letters, digits, '.', '_' "
                         "and '-', starting with a letter or digit, at most "
                         "%u)", v->kind == Y_SCALAR ? v->s : kind_name(v),
                   MAX_ID);
    L->rule_id = v->s;
    if (check_map(L, n, "a rule", rule_keys) < 0)
        return -1;
    reglint_rule_info *ri = &r->info;
    if (id_taken(L, v->s))
        return err(L, v, "duplicate rule id: a rule with this id is already "
                         "loaded");
    if (!(ri->id = out_str(L, v->s, v->len)))
        return -1;
    static const char *const need[] = {"title", "severity", "profiles",
                                       "test", "refs"};
    for (size_t i = 0; i < sizeof need / sizeof *need; i++)
        if (!map_get(n, need[i]))
            return err(L, n, "missing required key '%s'", need[i]);
    if (get_str(L, map_get(n, "title"), "title", MAX_LINE, true,
                &ri->title) < 0)
        return -1;
    if ((v = map_get(n, "description")) &&
        get_str(L, v, "description", MAX_STRING, false, &ri->description) < 0)
        return -1;
    int lv;
    if (get_level(L, map_get(n, "severity"), &lv) < 0)
        return -1;
    ri->severity = (reglint_level)lv;

    const ynode **items;
    size_t cnt;
    v = map_get(n, "profiles");
    if (get_list(L, v, "profiles", true, &items, &cnt) < 0)
        return -1;
    const char **pr = out_alloc(L, cnt * sizeof *pr);
    strset seen; /* linear: a list may hold 200000 names */
    if (!pr)
        return -1;
    if (strset_init(&seen, cnt) < 0) {
        L->nomem = true;
        return -1;
    }
    int bad = 0;
    for (size_t i = 0; i < cnt && !bad; i++) {
        const ynode *p = items[i];
        strset_item *it;
        if (p->kind != Y_SCALAR || !good_name(p->s, p->len, true))
            bad = err(L, p, "bad profile name '%.64s' (lower-case letters, "
                            "digits and '-')",
                      p->kind == Y_SCALAR ? p->s : kind_name(p));
        else if (strcmp(p->s, "all") == 0)
            bad = err(L, p, "'all' is not a profile a rule can join: it "
                            "selects every rule");
        else if ((it = strset_find(&seen, p->s, p->len))->s)
            bad = err(L, p, "profile '%s' is listed twice", p->s);
        else if (!(pr[i] = out_str(L, p->s, p->len)))
            bad = -1;
        else
            *it = (strset_item){pr[i], p->len, NULL};
    }
    strset_free(&seen);
    if (bad)
        return -1;
    ri->profiles = pr;
    ri->nprofiles = cnt;

    if ((v = map_get(n, "applies"))) {
        if (parse_conds(L, v, "applies", &r->applies) < 0)
            return -1;
        ri->applies = conds_summary(L, v);
    } else {
        ri->applies = out_str(L, "all", 3);
    }
    if (!ri->applies)
        return -1;
    if (parse_test(L, map_get(n, "test"), &r->test, 1, 0) < 0)
        return -1;
    if ((v = map_get(n, "escalate"))) {
        escalation *e = out_alloc(L, sizeof *e);
        if (!e || check_map(L, v, "'escalate'", escalate_keys) < 0)
            return -1;
        const ynode *w = map_get(v, "when"), *sv = map_get(v, "severity");
        if (!w)
            return err(L, v, "'escalate' needs 'when' (a value test)");
        if (!sv)
            return err(L, v, "'escalate' needs 'severity'");
        if (parse_test(L, w, &e->when, 1, TF_VALUE_ONLY) < 0 ||
            get_level(L, sv, &e->severity) < 0)
            return -1;
        if ((w = map_get(v, "reason")) && parse_reason(L, w, &e->reason) < 0)
            return -1;
        r->escalate = e;
    }
    if ((v = map_get(n, "fix")) &&
        get_str(L, v, "fix", MAX_STRING, false, &ri->fix) < 0)
        return -1;
    /* A failure shows its fix, or else the remedy: with both, the remedy
    ** would never be seen, which is a mistake in the rule. */
    if ((v = map_get(n, "remedy"))) {
        if (ri->fix)
            return err(L, map_key(n, "remedy"),
                       "a rule has 'fix' (registry lines) or 'remedy' (what "
                       "to do when no registry value fixes it), not both");
        if (get_str(L, v, "remedy", MAX_STRING, false, &ri->remedy) < 0)
            return -1;
    }
    if (get_strlist(L, map_get(n, "refs"), "refs", MAX_LINE, &ri->refs,
                    &ri->nrefs) < 0 ||
        expand_refs(L, ri) < 0)
        return -1;
    if (!(ri->file = out_str(L, L->file, strlen(L->file))))
        return -1;
    ri->line = (unsigned)n->line0 + 1;
    r->loc = (src_loc){ri->file, ri->line, (unsigned)n->col0 + 1};
    if (!(ri->text = node_text(L, n)))
        return -1;
    return 0;
}

/* ------------------------------------------------------------------ */
/* The Schannel default table                                           */
/* ------------------------------------------------------------------ */

static const char *const defaults_keys[] = {"ref", "protocols", "rows", NULL};
static const char *const default_names[] = {"unknown", "enabled", "disabled",
                                            "not-supported", NULL};
static const char *const role_state_keys[] = {"client", "server", NULL};

static int parse_row(loader *L, const ynode *m, default_row *row)
{
    if (m->kind != Y_MAP)
        return err(L, m, "a row must be a mapping, not %s", kind_name(m));
    bool seen[MAX_PROTOCOLS] = {false};
    for (const ynode *k = m->first; k; k = k->next->next) {
        const ynode *v = k->next;
        if (k->kind != Y_SCALAR)
            return err(L, k, "a key in a row must be a name, not %s",
                       kind_name(k));
        for (const ynode *j = m->first; j != k; j = j->next->next)
            if (j->kind == Y_SCALAR && strcmp(j->s, k->s) == 0)
                return err(L, k, "duplicate key '%s' in a row", k->s);
        if (strcmp(k->s, "builds") == 0) {
            if (parse_builds(L, v, &row->builds) < 0)
                return -1;
            continue;
        }
        if (strcmp(k->s, "role") == 0) {
            int i;
            if (get_enum(L, v, "role", role_names, &i) < 0)
                return -1;
            row->role = i == 0 ? ROLE_CLIENT : ROLE_SERVER;
            continue;
        }
        if (strcmp(k->s, "release") == 0) {
            if (get_str(L, v, "release", MAX_LINE, true, &row->release) < 0)
                return -1;
            continue;
        }
        size_t p;
        for (p = 0; p < L->nprotocols; p++)
            if (strcmp(k->s, L->protocols[p]) == 0)
                break;
        if (p == L->nprotocols)
            return err(L, k, "unknown key '%.64s' in a row (expected builds, "
                             "role, release, or a protocol named in "
                             "'protocols')", k->s);
        seen[p] = true;
        int s0, s1;
        if (v->kind == Y_MAP) {
            if (check_map(L, v, "a protocol's defaults", role_state_keys) < 0)
                return -1;
            const ynode *c = map_get(v, "client"), *s = map_get(v, "server");
            if (!c || !s)
                return err(L, v, "'%s' needs both client and server", k->s);
            if (get_enum(L, c, "default", default_names, &s0) < 0 ||
                get_enum(L, s, "default", default_names, &s1) < 0)
                return -1;
        } else {
            if (get_enum(L, v, "default", default_names, &s0) < 0)
                return -1;
            s1 = s0;
        }
        row->state[p][0] = (default_state)s0;
        row->state[p][1] = (default_state)s1;
    }
    if (!map_get(m, "builds"))
        return err(L, m, "a row needs 'builds'");
    for (size_t p = 0; p < L->nprotocols; p++)
        if (!seen[p])
            return err(L, m, "the row says nothing about '%s' (every protocol "
                             "in 'protocols' needs a default: enabled, "
                             "disabled, not-supported or unknown)",
                       L->protocols[p]);
    return 0;
}

static int parse_defaults(loader *L, const ynode *n)
{
    if (check_map(L, n, "'schannel-defaults'", defaults_keys) < 0)
        return -1;
    const ynode *v;
    if ((v = map_get(n, "ref")) &&
        get_str(L, v, "ref", MAX_LINE, true, &L->defaults_ref) < 0)
        return -1;
    if (!(v = map_get(n, "protocols")))
        return err(L, n, "'schannel-defaults' needs 'protocols'");
    const ynode **items;
    size_t cnt;
    if (get_list(L, v, "protocols", false, &items, &cnt) < 0)
        return -1;
    if (cnt > MAX_PROTOCOLS)
        return err(L, items[MAX_PROTOCOLS], "more than %d protocols",
                   MAX_PROTOCOLS);
    for (size_t i = 0; i < cnt; i++) {
        const char *s;
        if (get_str(L, items[i], "protocols", REGLINT_MAX_KEY_NAME, true,
                    &s) < 0)
            return -1;
        if (strchr(s, '\\'))
            return err(L, items[i], "a protocol name is one key name, "
                                    "without backslashes");
        for (size_t j = 0; j < i; j++)
            if (reglint_name_compare(L->protocols[j], s) == 0)
                return err(L, items[i], "protocol '%s' is listed twice", s);
        L->protocols[i] = s;
    }
    L->nprotocols = cnt;
    if (!(v = map_get(n, "rows")))
        return err(L, n, "'schannel-defaults' needs 'rows'");
    if (get_list(L, v, "rows", false, &items, &cnt) < 0)
        return -1;
    L->rows = out_alloc(L, cnt * sizeof *L->rows);
    if (!L->rows)
        return -1;
    for (size_t i = 0; i < cnt; i++)
        if (parse_row(L, items[i], &L->rows[i]) < 0)
            return -1;
    L->nrows = cnt;
    L->has_defaults = true;
    return 0;
}

/* ------------------------------------------------------------------ */
/* A file                                                               */
/* ------------------------------------------------------------------ */

static const char *const top_keys[] = {"reglint-rules", "references",
                                       "schannel-defaults", "rules", NULL};

static int add_rule(loader *L, const rule *r)
{
    if (L->nrules == L->caprules) {
        size_t cap = L->caprules ? L->caprules * 2 : 32;
        rule *p = realloc(L->rules, cap * sizeof *p);
        if (!p) {
            L->nomem = true;
            return -1;
        }
        L->rules = p;
        L->caprules = cap;
    }
    L->rules[L->nrules++] = *r;
    return id_add(L, r->info.id);
}

/* Compile the tree; errors are counted in L->errors. */
static void compile(loader *L, const ynode *root)
{
    L->rule_id = NULL;
    if (root->kind != Y_MAP || !root->first ||
        root->first->kind != Y_SCALAR ||
        strcmp(root->first->s, "reglint-rules") != 0) {
        err(L, root->kind == Y_MAP && root->first ? root->first : root,
            "not a reglint rule file: the first key must be "
            "'reglint-rules: 1'");
        return;
    }
    const ynode *ver = root->first->next;
    if (ver->kind != Y_SCALAR || strcmp(ver->s, "1") != 0) {
        err(L, ver, "unsupported rule-file version '%.32s' (this reglint "
                    "reads version 1)", ver->kind == Y_SCALAR ? ver->s : "?");
        return;
    }
    if (check_map(L, root, "the rule file", top_keys) < 0)
        return;
    const ynode *v;
    if ((v = map_get(root, "references"))) {
        L->references = v;
        if (v->kind != Y_MAP) {
            err(L, v, "'references' must be a mapping of tag: document, not "
                      "%s", kind_name(v));
        } else if (strset_init(&L->ref_tags, v->n / 2) < 0) {
            L->nomem = true;
            return;
        } else {
            for (const ynode *k = v->first; k; k = k->next->next) {
                const char *s;
                if (k->kind != Y_SCALAR || !good_name(k->s, k->len, false)) {
                    err(L, k, "a reference tag is a short name such as AB");
                } else {
                    get_str(L, k->next, "references", MAX_LINE, true, &s);
                    strset_item *it = strset_find(&L->ref_tags, k->s, k->len);
                    if (!it->s) {
                        it->s = k->s;
                        it->n = k->len;
                        it->val = k;
                    }
                }
            }
        }
    }
    if ((v = map_get(root, "schannel-defaults")))
        parse_defaults(L, v);
    if ((v = map_get(root, "rules"))) {
        if (v->kind != Y_SEQ) {
            err(L, v, "'rules' must be a list, not %s", kind_name(v));
            return;
        }
        for (const ynode *m = v->first; m && !L->stop && !L->nomem;
             m = m->next) {
            rule r;
            if (parse_rule(L, m, &r) == 0)
                add_rule(L, &r);
        }
        L->rule_id = NULL;
    }
}

/* known indexes rs->profiles.  The array's capacity is the power of two
** at or above its count: a file may bring many profiles, and growing it
** by one (with a scan of every name for each) was quadratic. */
static int add_profile(reglint_rules *rs, strset *known, const char *p)
{
    if (strcmp(p, "common") == 0)
        return 0;
    size_t n = rs->nprofiles, len = strlen(p);
    strset_item *it = strset_find(known, p, len);
    if (it->s)
        return 0;
    if ((n & (n - 1)) == 0) {
        const char **np = realloc(rs->profiles, (n ? 2 * n : 1) * sizeof *np);
        if (!np)
            return -1;
        rs->profiles = np;
    }
    rs->profiles[rs->nprofiles++] = p;
    *it = (strset_item){p, len, NULL};
    return 0;
}

int reglint_rules_load_buffer(reglint_rules *rs, const char *name,
                              const char *text, size_t len,
                              reglint_diags *diags)
{
    if (!rs || (!text && len))
        return reglint__fail(EINVAL, "no rule set or no text");
    if (!name)
        name = "<rules>";
    if (len > MAX_FILE_SIZE) {
        if (diags)
            reglint_diags_add(diags, REGLINT_ERROR, name, 0, 0, -1,
                              "rule-invalid",
                              "rule file larger than 16 MiB");
        return reglint__fail(EFBIG, "%s: rule file larger than 16 MiB",
                             name);
    }
    loader L;
    memset(&L, 0, sizeof L);
    L.rs = rs;
    L.diags = diags;
    L.file = name;
    L.text = text ? text : "";
    L.len = len;
    /* A UTF-8 BOM is not part of the text: columns count from after it. */
    if (L.len >= 3 && memcmp(L.text, "\xEF\xBB\xBF", 3) == 0) {
        L.text += 3;
        L.len -= 3;
    }
    arena_init(&L.tree);
    arena scratch;
    arena_init(&scratch);

    bool empty;
    const ynode *root = read_tree(&L, &empty);
    if (!root && empty && !L.nomem)
        err_mark(&L, 0, 0, "rule-invalid",
                 "empty rule file (it must start with 'reglint-rules: 1')");
    /* First pass: into scratch memory, with diagnostics. */
    if (root && !L.nomem && ids_init(&L) == 0) {
        L.out = &scratch;
        compile(&L, root);
    }
    int rc = 0;
    if (L.nomem) {
        rc = reglint__fail(ENOMEM, "out of memory");
    } else if (L.errors) {
        rc = reglint__fail(EINVAL, "%s: %zu error%s in the rule file", name,
                           L.errors, L.errors == 1 ? "" : "s");
    } else {
        /* The compiled file joins the set: its memory is adopted, not
        ** compiled again. */
        size_t need = rs->n + L.nrules;
        if (!L.nomem && !L.errors && need > rs->cap) {
            size_t cap = rs->cap ? rs->cap : 64;
            while (cap < need)
                cap *= 2;
            rule *p = realloc(rs->rules, cap * sizeof *p);
            if (p) {
                rs->rules = p;
                rs->cap = cap;
            } else {
                L.nomem = true;
            }
        }
        /* Profiles are registered before anything is visible; on a
        ** failure the count goes back, since the names are in the scratch
        ** memory that is freed then. */
        size_t nprof = rs->nprofiles, newprof = 0;
        for (size_t i = 0; i < L.nrules; i++)
            newprof += L.rules[i].info.nprofiles;
        strset known = {0};
        if (!L.nomem && strset_init(&known, nprof + newprof) < 0)
            L.nomem = true;
        for (size_t i = 0; i < nprof && !L.nomem; i++)
            *strset_find(&known, rs->profiles[i], strlen(rs->profiles[i])) =
                (strset_item){rs->profiles[i], strlen(rs->profiles[i]), NULL};
        for (size_t i = 0; i < L.nrules && !L.nomem; i++)
            for (size_t j = 0; j < L.rules[i].info.nprofiles; j++)
                if (add_profile(rs, &known, L.rules[i].info.profiles[j]) < 0)
                    L.nomem = true;
        strset_free(&known);
        if (L.nomem)
            rs->nprofiles = nprof;
        if (L.nomem || L.errors) {
            rc = reglint__fail(ENOMEM, "out of memory");
        } else {
            arena_adopt(&rs->mem, &scratch);
            if (L.nrules)
                memcpy(rs->rules + rs->n, L.rules,
                       L.nrules * sizeof *L.rules);
            rs->n += L.nrules;
            if (L.has_defaults) {
                memcpy(rs->protocols, L.protocols, sizeof rs->protocols);
                rs->nprotocols = L.nprotocols;
                rs->rows = L.rows;
                rs->nrows = L.nrows;
                rs->defaults_ref = L.defaults_ref;
            }
        }
    }
    if (L.nomem && diags)
        reglint_diags_add(diags, REGLINT_ERROR, name, 0, 0, -1,
                          "rule-invalid", "out of memory");
    free(L.rules);
    free(L.ids);
    strset_free(&L.ref_tags);
    arena_free(&L.tree);
    arena_free(&scratch);
    if (rc < 0 && L.nomem)
        errno = ENOMEM;
    return rc;
}

int reglint_rules_load_file(reglint_rules *rs, const char *path,
                            reglint_diags *diags)
{
    if (!rs || !path)
        return reglint__fail(EINVAL, "no rule set or no path");
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOATIME | O_NOCTTY);
    if (fd < 0 && errno == EPERM)
        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    const char *why = NULL;
    int e = 0;
    struct stat st;
    char *buf = NULL;
    size_t len = 0;
    if (fd < 0) {
        e = errno;
        why = strerror(e);
    } else if (fstat(fd, &st) < 0) {
        e = errno;
        why = strerror(e);
    } else if (S_ISDIR(st.st_mode)) {
        e = EISDIR;
        why = strerror(e);
    } else if (S_ISREG(st.st_mode) && st.st_size > (off_t)MAX_FILE_SIZE) {
        e = EFBIG;
        why = "larger than 16 MiB, the limit for a rule file";
    } else {
        /* Read to the end (pipes and /dev/stdin have no size), capped. */
        size_t cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 65536;
        buf = malloc(cap);
        while (buf) {
            if (len == cap) {
                if (cap > MAX_FILE_SIZE) {
                    e = EFBIG;
                    why = "larger than 16 MiB, the limit for a rule file";
                    break;
                }
                char *nb = realloc(buf, cap * 2);
                if (!nb)
                    break;
                buf = nb;
                cap *= 2;
            }
            ssize_t r = read(fd, buf + len, cap - len);
            if (r < 0 && errno == EINTR)
                continue;
            if (r < 0) {
                e = errno;
                why = strerror(e);
                break;
            }
            if (r == 0)
                break;
            len += (size_t)r;
        }
        if (!buf || (!why && len == SIZE_MAX)) {
            e = ENOMEM;
            why = "out of memory";
        } else if (!why && len > MAX_FILE_SIZE) {
            e = EFBIG;
            why = "larger than 16 MiB, the limit for a rule file";
        }
    }
    if (fd >= 0)
        close(fd);
    if (why) {
        free(buf);
        if (diags)
            reglint_diags_add(diags, REGLINT_ERROR, path, 0, 0, -1,
                              "rule-invalid", why);
        return reglint__fail(e, "%s: %s", path, why);
    }
    int rc = reglint_rules_load_buffer(rs, path, buf, len, diags);
    int saved = errno;
    free(buf);
    errno = saved;
    return rc;
}

int reglint_rules_load_builtin(reglint_rules *rs, reglint_diags *diags)
{
    int rc = 0;
    for (const reglint_embedded_file *f = reglint_embedded_rules; f->name;
         f++) {
        char name[256];
        snprintf(name, sizeof name, "builtin:%s", f->name);
        if (reglint_rules_load_buffer(rs, name, f->text, f->len, diags) < 0)
            rc = -1;
    }
    return rc;
}

/* ------------------------------------------------------------------ */
/* The rule set                                                         */
/* ------------------------------------------------------------------ */

reglint_rules *reglint_rules_new(void)
{
    reglint_rules *rs = calloc(1, sizeof *rs);
    if (!rs)
        return reglint__fail_null(ENOMEM, "out of memory");
    arena_init(&rs->mem);
    return rs;
}

void reglint_rules_free(reglint_rules *rs)
{
    if (!rs)
        return;
    arena_free(&rs->mem);
    free(rs->rules);
    free(rs->profiles);
    free(rs);
}

size_t reglint_rules_count(const reglint_rules *rs)
{
    return rs ? rs->n : 0;
}

const reglint_rule_info *reglint_rules_at(const reglint_rules *rs, size_t i)
{
    return rs && i < rs->n ? &rs->rules[i].info : NULL;
}

const reglint_rule_info *reglint_rules_find(const reglint_rules *rs,
                                            const char *id)
{
    for (size_t i = 0; rs && id && i < rs->n; i++)
        if (strcasecmp(rs->rules[i].info.id, id) == 0)
            return &rs->rules[i].info;
    return NULL;
}

const char *const *reglint_rules_profiles(const reglint_rules *rs, size_t *n)
{
    if (n)
        *n = rs ? rs->nprofiles : 0;
    return rs ? rs->profiles : NULL;
}

int reglint_rules_check_profiles(const reglint_rules *rs,
                                 const reglint_check_options *opts)
{
    if (!rs)
        return reglint__fail(EINVAL, "no rule set");
    for (size_t i = 0; opts && i < opts->nprofiles; i++) {
        const char *p = opts->profiles[i];
        bool known = p && (strcmp(p, "all") == 0 || strcmp(p, "common") == 0);
        for (size_t j = 0; p && !known && j < rs->nprofiles; j++)
            known = strcmp(rs->profiles[j], p) == 0;
        if (known)
            continue;
        char list[512];
        size_t w = 0;
        list[0] = '\0';
        for (size_t j = 0; j < rs->nprofiles && w < sizeof list; j++) {
            int r = snprintf(list + w, sizeof list - w, "%s, ",
                             rs->profiles[j]);
            if (r < 0)
                break;
            w += (size_t)r;
        }
        return reglint__fail(EINVAL, "unknown profile '%s' (known: %scommon, "
                                     "all)", p ? p : "(null)", list);
    }
    return 0;
}
