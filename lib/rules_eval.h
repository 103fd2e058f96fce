/*
** rules_eval.h — what the evaluator (rules_eval.c), the built-in checks
** (rules_builtin.c) and the Schannel state (schannel.c) share, and nothing
** else does.  Not installed.
**
** Results are built as `outcome`s whose strings live in the result set's
** arena, so a sub-test's outcome can be kept or dropped without copying,
** and whatever a check says survives until reglint_results_free().
*/
#ifndef REGLINT_RULES_EVAL_H
#define REGLINT_RULES_EVAL_H

#include "rules_model.h"

#define KEY_SCHANNEL                                                     \
    "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\"          \
    "SecurityProviders\\SCHANNEL"
#define KEY_PROTOCOLS KEY_SCHANNEL "\\Protocols"

/* How deep all-of / any-of may nest before the evaluator refuses; the
** loader allows less, this only keeps the C stack bounded whatever a
** hand-built model says. */
#define EVAL_MAX_NEST 32

/* One verdict on one target, before it becomes a reglint_result.  Every
** string is in the result set's arena (or a static literal). */
typedef struct outcome {
    reglint_verdict verdict;
    int severity;                  /* reglint_level; 0: the rule's        */
    const char *target;
    const char *key;
    const char *value;
    const reglint_key *found_key;
    const reglint_value *found_value;
    reglint_origin origin;
    const char *actual, *expected, *os_default, *reason;
    const char *fix;               /* NULL: the rule's                    */
    const char *remedy;            /* for a fail without a fix; NULL: the
                                      rule's                              */
} outcome;

typedef struct eval_ctx {
    const reglint_rules *rs;
    const reglint_view *v;
    const reglint_os *os;
    struct reglint_results *res;
    const rule *r;                 /* the rule being run                  */
    const char *profile;           /* in the arena                        */
    bool oom;                      /* an allocation failed: give up       */
    /* value-types: what the first such rule found, shared by every other
    ** (they all read the same values), so that N of them cost one walk
    ** over every value the rules read, not N walks (malloc'd). */
    outcome *types_memo;
    size_t ntypes_memo, types_memo_cap;
    bool types_done;
} eval_ctx;

/* rules_eval.c: helpers for building outcomes.  Each returns NULL (and
** sets c->oom) only when memory runs out. */
char *ev_printf(eval_ctx *c, const char *fmt, ...) RL_PRINTF(2, 3);
char *ev_strdup(eval_ctx *c, const char *s);
/* reglint_key_path() of k, in the arena. */
const char *ev_key_path(eval_ctx *c, const reglint_key *k);
/* "REG_DWORD 0x00000001 (1)", "REG_SZ \"1\"", "REG_BINARY 01 02 (2 bytes)". */
const char *ev_value_text(eval_ctx *c, const reglint_value *v);
/* "Enabled", or "(Default)" for the default value. */
const char *ev_value_label(const char *name);
/* The reason's tail when nothing covers path: what to export or give. */
const char *ev_export_hint(eval_ctx *c, const char *path);
/* Does a source cover path?  Globbed components are cut off first. */
bool ev_covered(const eval_ctx *c, const char *path);
/* Append a result for the current rule. */
void ev_emit(eval_ctx *c, const outcome *o);

/* A REG_DWORD as Windows reads it: type 4 and exactly 4 bytes. */
bool ev_dword(const reglint_value *v, uint32_t *out);
/* Is v of the type a rule expects, as Windows reads it: the same type
** number, and for REG_DWORD (and big-endian) 4 bytes, REG_QWORD 8? */
bool ev_type_ok(const reglint_value *v, uint32_t want);
/* A path for people: HKEY_LOCAL_MACHINE shortened to HKLM. */
const char *ev_short_path(eval_ctx *c, const char *path);

/* Call fn for every key path matches (components may glob), in the
** order the keys are stored.  fn returning -1 stops with -1. */
typedef int (*ev_key_fn)(const reglint_key *k, void *ctx);
int ev_glob_keys(const reglint_view *v, const char *path, ev_key_fn fn,
                 void *ctx);

/* rules_builtin.c */
/* Run a built-in test for c->r; emits one result per target, or one pass. */
void builtin_run(eval_ctx *c, const rule_test *t);
/* Add the keys a built-in reads to s.  -1 with errno on failure. */
int builtin_scope(const reglint_rules *rs, const rule_test *t,
                  reglint_scope *s);
/* The key path the builtin is about, for an n/a or unknown result. */
const char *builtin_key(const rule_test *t);

#endif
